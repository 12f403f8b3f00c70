//! Emits the `client` module: the API's trait (one async method per operation), each
//! operation's parameter, success and error types, and the HTTP `Client` implementing it.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::{doc_attrs, ident, lines_to_doc, sanitize_doc, shape_type, Ctx};
use crate::ir::*;

/// The `client` module body.
pub fn emit_client(api: &Api) -> TokenStream {
    let models = quote! { super::models:: };
    let ctx = Ctx {
        api,
        models: &models,
    };
    let trait_name = ident(&api.trait_name);
    let mut types = Vec::new();
    let mut methods = Vec::new();
    let mut impls = Vec::new();
    for op in &api.operations {
        let sig = signature(ctx, op, &mut types);
        let doc = op_doc(op);
        let deprecated = if op.deprecated {
            quote! { #[deprecated] }
        } else {
            TokenStream::new()
        };
        // A default body, so a fake (or any partial implementation) only writes the methods
        // it needs, and adding an operation to the spec breaks no implementor.
        let mut args = Vec::new();
        for p in op
            .params
            .iter()
            .filter(|p| p.location == ParamLocation::Path)
        {
            args.push(ident(&p.rust_name));
        }
        if op.params.iter().any(|p| p.location != ParamLocation::Path) {
            args.push(ident("params"));
        }
        if op.body.is_some() {
            args.push(ident("body"));
        }
        let unused = match args.as_slice() {
            [] => TokenStream::new(),
            [one] => quote! { let _ = #one; },
            many => quote! { let _ = (#(#many),*); },
        };
        let (method, path) = (&op.method, &op.path);
        methods.push(quote! {
            #doc
            #deprecated
            #sig {
                #unused
                ::std::future::ready(::std::result::Result::Err(Error::new(
                    ErrorKind::NotImplemented,
                    ErrorContext::new(#method, #path),
                )))
            }
        });
        let body = glue(op);
        impls.push(quote! {
            #[allow(clippy::manual_async_fn)]
            #sig {
                async move { #body }
            }
        });
    }
    let api_doc = format!(" The operations of {}, one method each.", api.title);
    let default_base = api.servers.first().cloned().unwrap_or_default();
    let token_env = &api.token_env;
    let auth_note = if api.bearer_auth {
        " Requests carry `Authorization: Bearer <token>` when a token is configured."
    } else {
        " The spec declares no bearer authentication; a configured token is still sent."
    };
    let base_doc = format!(" The spec's first server, `{default_base}`.");
    let env_doc = format!(
        " The environment variable [`Client::from_env`] reads the token from: `{token_env}`."
    );
    quote! {
        //! The client trait, its per-operation types, and the HTTP client implementing it.
        #![allow(
            // Descriptions are Markdown written for web renderers, not for rustdoc.
            clippy::doc_lazy_continuation,
            clippy::doc_overindented_list_items,
            rustdoc::bare_urls,
            rustdoc::broken_intra_doc_links,
            rustdoc::invalid_html_tags,
            rustdoc::invalid_rust_codeblocks,
            // Deprecated operations and schemas are still implemented.
            deprecated,
        )]

        pub use ::specforge_runtime::http::{BuildError, Config, Error, ErrorContext, ErrorKind, RetryPolicy};

        #(#types)*

        #[doc = #api_doc]
        ///
        /// This trait is the seam between your code and the API: [`Client`] implements it over
        /// HTTP, and your tests can implement it with a fake. Every method has a default body
        /// that fails with [`ErrorKind::NotImplemented`], so a fake writes only the methods
        /// it needs.
        pub trait #trait_name {
            #(#methods)*
        }

        /// The HTTP client for this API, with retries, timeouts and bearer-token auth.
        ///
        #[doc = #auth_note]
        /// `Debug` never shows the token.
        #[derive(Debug, Clone)]
        pub struct Client {
            http: ::specforge_runtime::http::HttpClient,
        }

        /// Configures a [`Client`]; see [`Client::builder`].
        pub type ClientBuilder = ::specforge_runtime::http::ClientBuilder<Client>;

        impl ::std::convert::From<::specforge_runtime::http::HttpClient> for Client {
            fn from(http: ::specforge_runtime::http::HttpClient) -> Self {
                Client { http }
            }
        }

        impl Client {
            #[doc = #base_doc]
            pub const DEFAULT_BASE_URL: &'static str = #default_base;
            #[doc = #env_doc]
            pub const TOKEN_ENV: &'static str = #token_env;

            /// A builder with the defaults: the spec's server, 8 retries from 500 ms, 30 s
            /// first-attempt timeout, 360 s overall.
            pub fn builder() -> ClientBuilder {
                ClientBuilder::new(Self::DEFAULT_BASE_URL)
                    .user_agent(::std::concat!(::std::env!("CARGO_PKG_NAME"), "/", ::std::env!("CARGO_PKG_VERSION")))
            }

            /// A client with the token from the environment variable [`Client::TOKEN_ENV`].
            pub fn from_env() -> ::std::result::Result<Self, BuildError> {
                Self::builder().token_from_env(Self::TOKEN_ENV).build()
            }

            /// The configuration in force (the token shows as `Secret(***)`).
            pub fn config(&self) -> &Config {
                self.http.config()
            }
        }

        impl #trait_name for Client {
            #(#impls)*
        }
    }
}

fn op_doc(op: &Operation) -> TokenStream {
    let mut text = String::new();
    if let Some(summary) = &op.summary {
        text.push_str(&sanitize_doc(summary));
    }
    if let Some(doc) = &op.doc {
        if !text.is_empty() {
            text.push_str("\n\n");
        }
        text.push_str(&sanitize_doc(doc));
    }
    if !text.is_empty() {
        text.push_str("\n\n");
    }
    text.push_str(&format!(
        "`{} {}` (operation `{}`)",
        op.method, op.path, op.operation_id
    ));
    lines_to_doc(&text)
}

/// The method signature, emitting the operation's own types into `types`.
fn signature(ctx: Ctx<'_>, op: &Operation, types: &mut Vec<TokenStream>) -> TokenStream {
    let name = ident(&op.rust_name);
    let mut args = Vec::new();
    for p in op
        .params
        .iter()
        .filter(|p| p.location == ParamLocation::Path)
    {
        let arg = ident(&p.rust_name);
        let ty = arg_type(ctx, &p.shape);
        args.push(quote! { #arg: #ty });
    }
    if op.params.iter().any(|p| p.location != ParamLocation::Path) {
        let params = format_ident!("{}Params", op.type_stem);
        types.push(params_struct(ctx, op, &params));
        args.push(quote! { params: &#params });
    }
    if let Some(body) = &op.body {
        let ty = match &body.kind {
            BodyKind::Json(shape) => match (&shape.ty, shape.nullable) {
                // A slice, not `&Vec`: callers can pass arrays and sub-slices too.
                (Ty::Array(item), false) => {
                    let item = shape_type(ctx, item);
                    quote! { &[#item] }
                }
                _ => {
                    let ty = shape_type(ctx, shape);
                    quote! { &#ty }
                }
            },
            BodyKind::Text => quote! { &str },
            BodyKind::Bytes => quote! { &[u8] },
        };
        args.push(if body.required {
            quote! { body: #ty }
        } else {
            quote! { body: ::std::option::Option<#ty> }
        });
    }
    let success = success_type(ctx, op, types);
    let error = error_type(ctx, op, types);
    quote! {
        fn #name(&self, #(#args),*) -> impl ::std::future::Future<Output = ::std::result::Result<#success, Error<#error>>> + ::std::marker::Send
    }
}

/// Path arguments: `&str` for strings, copies for numbers and booleans, `&T` otherwise.
fn arg_type(ctx: Ctx<'_>, shape: &Shape) -> TokenStream {
    match (&shape.ty, shape.nullable) {
        (Ty::String(StringFormat::Plain), false) => quote! { &str },
        (Ty::Integer(_) | Ty::Number(_) | Ty::Bool, false) => shape_type(ctx, shape),
        _ => {
            let ty = shape_type(ctx, shape);
            quote! { &#ty }
        }
    }
}

fn params_struct(ctx: Ctx<'_>, op: &Operation, name: &proc_macro2::Ident) -> TokenStream {
    let all_optional = op
        .params
        .iter()
        .filter(|p| p.location != ParamLocation::Path)
        .all(|p| !p.required);
    let fields = op
        .params
        .iter()
        .filter(|p| p.location != ParamLocation::Path)
        .map(|p| {
            let field = ident(&p.rust_name);
            let ty = shape_type(ctx, &p.shape);
            let ty = if p.required {
                ty
            } else {
                quote! { ::std::option::Option<#ty> }
            };
            let where_ = match p.location {
                ParamLocation::Query => "query parameter",
                _ => "header",
            };
            let mut text = p.doc.as_deref().map(sanitize_doc).unwrap_or_default();
            if !text.is_empty() {
                text.push_str("\n\n");
            }
            text.push_str(&format!("Sent as {where_} `{}`.", p.wire_name));
            let doc = lines_to_doc(&text);
            quote! { #doc pub #field: #ty, }
        });
    let derive_default = if all_optional {
        quote! { Default, }
    } else {
        TokenStream::new()
    };
    let doc = format!(
        " Query and header parameters of [`{}::{}`].",
        ctx.api.trait_name, op.rust_name
    );
    quote! {
        #[doc = #doc]
        #[derive(Debug, Clone, PartialEq, #derive_default)]
        pub struct #name {
            #(#fields)*
        }
    }
}

fn body_type(ctx: Ctx<'_>, body: Option<&Body>) -> Option<TokenStream> {
    body.map(|b| match &b.kind {
        BodyKind::Json(shape) => shape_type(ctx, shape),
        BodyKind::Text => quote! { ::std::string::String },
        BodyKind::Bytes => quote! { ::std::vec::Vec<u8> },
    })
}

fn successes(op: &Operation) -> Vec<&Response> {
    op.responses.iter().filter(|r| r.is_success()).collect()
}

fn success_type(ctx: Ctx<'_>, op: &Operation, types: &mut Vec<TokenStream>) -> TokenStream {
    let ok = successes(op);
    match ok.as_slice() {
        [] => quote! { () },
        [one] => body_type(ctx, one.body.as_ref()).unwrap_or_else(|| quote! { () }),
        many => {
            let name = format_ident!("{}Response", op.type_stem);
            let variants = many.iter().map(|r| {
                let variant = ident(&r.rust_name);
                let doc = doc_attrs(Some(&status_doc(r)), &[]);
                match body_type(ctx, r.body.as_ref()) {
                    Some(ty) => quote! { #doc #variant(#ty), },
                    None => quote! { #doc #variant, },
                }
            });
            let doc = format!(
                " The successful responses of [`{}::{}`].",
                ctx.api.trait_name, op.rust_name
            );
            types.push(quote! {
                #[doc = #doc]
                #[derive(Debug, Clone, PartialEq)]
                pub enum #name {
                    #(#variants)*
                }
            });
            quote! { #name }
        }
    }
}

fn status_doc(r: &Response) -> String {
    let status = match r.status {
        StatusMatch::Code(code) => format!("`{code}`"),
        StatusMatch::Range(h) => format!("`{h}XX`"),
        StatusMatch::Default => "Any other status".to_owned(),
    };
    match &r.doc {
        Some(doc) => format!("{status}: {}", sanitize_doc(doc)),
        None => status,
    }
}

fn error_type(ctx: Ctx<'_>, op: &Operation, types: &mut Vec<TokenStream>) -> TokenStream {
    let name = format_ident!("{}Error", op.type_stem);
    let variants = op.responses.iter().filter(|r| !r.is_success()).map(|r| {
        let variant = ident(&r.rust_name);
        let doc = doc_attrs(Some(&status_doc(r)), &[]);
        let body = body_type(ctx, r.body.as_ref());
        match (r.status, body) {
            (StatusMatch::Code(_), Some(ty)) => quote! { #doc #variant(#ty), },
            (StatusMatch::Code(_), None) => quote! { #doc #variant, },
            (_, Some(ty)) => quote! { #doc #variant { status: u16, body: #ty }, },
            (_, None) => quote! { #doc #variant { status: u16 }, },
        }
    });
    let doc = format!(
        " The error statuses [`{}::{}`] documents, each with its body.",
        ctx.api.trait_name, op.rust_name
    );
    types.push(quote! {
        #[doc = #doc]
        #[derive(Debug, Clone, PartialEq)]
        pub enum #name {
            #(#variants)*
        }
    });
    quote! { #name }
}

/// The body of the `Client` method: build the request, send it, match the status.
fn glue(op: &Operation) -> TokenStream {
    let method = &op.method;
    let mut build = Vec::new();
    // The path template, split around `{param}`s.
    let mut rest = op.path.as_str();
    while let Some(open) = rest.find('{') {
        let literal = &rest[..open];
        if !literal.is_empty() {
            build.push(quote! { request.path(#literal); });
        }
        let Some(close) = rest[open..].find('}') else {
            break;
        };
        let wire = &rest[open + 1..open + close];
        if let Some(p) = op
            .params
            .iter()
            .find(|p| p.location == ParamLocation::Path && p.wire_name == wire)
        {
            let arg = ident(&p.rust_name);
            build.push(quote! { request.path_param(&#arg); });
        }
        rest = &rest[open + close + 1..];
    }
    if !rest.is_empty() {
        build.push(quote! { request.path(#rest); });
    }
    for p in op
        .params
        .iter()
        .filter(|p| p.location != ParamLocation::Path)
    {
        let field = ident(&p.rust_name);
        let wire = &p.wire_name;
        let is_array = matches!(p.shape.ty, Ty::Array(_));
        let add = |value: TokenStream| match (p.location, is_array) {
            (ParamLocation::Query, true) => quote! { request.query_each(#wire, #value); },
            (ParamLocation::Query, false) => quote! { request.query(#wire, #value); },
            (_, true) => quote! {
                for item in #value.iter() {
                    request.header(#wire, item);
                }
            },
            (_, false) => quote! { request.header(#wire, #value); },
        };
        let some = quote! { ::std::option::Option::Some };
        build.push(match (p.required, p.shape.nullable) {
            (true, false) => add(quote! { &params.#field }),
            (true, true) | (false, false) => {
                let inner = add(quote! { value });
                quote! { if let #some(value) = &params.#field { #inner } }
            }
            (false, true) => {
                let inner = add(quote! { value });
                quote! { if let #some(#some(value)) = &params.#field { #inner } }
            }
        });
    }
    if let Some(body) = &op.body {
        let media = &body.media_type;
        let set = match &body.kind {
            BodyKind::Json(_) => quote! {
                if let ::std::result::Result::Err(message) = request.json_body(#media, body) {
                    return ::std::result::Result::Err(Error::new(
                        ErrorKind::InvalidRequest(message),
                        ErrorContext::new(request.method(), request.path_str()),
                    ));
                }
            },
            BodyKind::Text => quote! { request.raw_body(#media, body.as_bytes()); },
            BodyKind::Bytes => quote! { request.raw_body(#media, body); },
        };
        build.push(if body.required {
            set
        } else {
            quote! { if let ::std::option::Option::Some(body) = body { #set } }
        });
    }

    let error_name = format_ident!("{}Error", op.type_stem);
    let ok = successes(op);
    let mut arms = Vec::new();
    let decode = |body: Option<&Body>| -> TokenStream {
        match body.map(|b| &b.kind) {
            Some(BodyKind::Json(_)) => quote! { response.json()? },
            Some(BodyKind::Text) => quote! { response.text()? },
            Some(BodyKind::Bytes) => quote! { response.bytes().to_vec() },
            None => quote! { () },
        }
    };
    let pattern = |status: StatusMatch| match status {
        StatusMatch::Code(code) => {
            let code = proc_macro2::Literal::u16_unsuffixed(code);
            quote! { #code }
        }
        StatusMatch::Range(h) => {
            let (lo, hi) = (
                proc_macro2::Literal::u16_unsuffixed(h * 100),
                proc_macro2::Literal::u16_unsuffixed(h * 100 + 99),
            );
            quote! { #lo..=#hi }
        }
        StatusMatch::Default => quote! { _ },
    };
    let mut has_default = false;
    for r in &op.responses {
        let pat = pattern(r.status);
        has_default |= r.status == StatusMatch::Default;
        if r.is_success() {
            let value = decode(r.body.as_ref());
            let wrapped = if ok.len() > 1 {
                let name = format_ident!("{}Response", op.type_stem);
                let variant = ident(&r.rust_name);
                if r.body.is_some() {
                    quote! { #name::#variant(#value) }
                } else {
                    quote! { #name::#variant }
                }
            } else if r.body.is_some() {
                value
            } else {
                quote! { () }
            };
            arms.push(quote! { #pat => ::std::result::Result::Ok(#wrapped), });
        } else {
            let variant = ident(&r.rust_name);
            let value = decode(r.body.as_ref());
            let built = match (r.status, r.body.is_some()) {
                (StatusMatch::Code(_), true) => quote! { #error_name::#variant(#value) },
                (StatusMatch::Code(_), false) => quote! { #error_name::#variant },
                (_, true) => {
                    quote! { #error_name::#variant { status: response.status(), body: #value } }
                }
                (_, false) => quote! { #error_name::#variant { status: response.status() } },
            };
            arms.push(quote! { #pat => ::std::result::Result::Err(response.documented(#built)), });
        }
    }
    if ok.is_empty() {
        arms.push(quote! { 200..=299 => ::std::result::Result::Ok(()), });
    }
    if !has_default {
        arms.push(quote! { _ => ::std::result::Result::Err(response.unexpected()), });
    }
    // Ranges and `default` must come after exact codes.
    arms.sort_by_key(|arm| {
        let text = arm.to_string();
        if text.starts_with('_') {
            2
        } else if text.contains("..=") {
            1
        } else {
            0
        }
    });
    let mutable = if build.is_empty() {
        TokenStream::new()
    } else {
        quote! { mut }
    };
    quote! {
        let #mutable request = ::specforge_runtime::http::Request::new(#method);
        #(#build)*
        let response = self.http.execute::<#error_name>(request).await?;
        match response.status() {
            #(#arms)*
        }
    }
}
