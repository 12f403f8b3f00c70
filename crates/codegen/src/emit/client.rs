//! Emits the `client` module: the API's trait (one async method per operation), each
//! operation's parameter, success and error types, and the HTTP `Client` implementing it.

use std::cell::{Cell, RefCell};

use proc_macro2::{Ident, Literal, TokenStream};
use quote::{format_ident, quote};

use super::docs::{lines_to_doc, one_line};
use super::{deprecated_attr, ident, module_header, shape_type, Allows, Ctx, Prelude};
use crate::ir::*;

/// Names a method's parameters must not take: the method's other arguments (`params`,
/// `body`) and the locals its HTTP glue declares (`request`, `response`), plus the runtime
/// function its default body calls.
pub const RESERVED_ARGUMENTS: [&str; 5] =
    ["body", "params", "request", "response", "not_implemented"];

/// Method names an operation must not take: `Client`'s own methods (`client.config()` would
/// call the inherent method, never the operation) and the methods of traits `Client`
/// implements or derives (with the API trait in scope, `client.clone()` would be ambiguous).
pub const RESERVED_METHODS: [&str; 10] = [
    "builder",
    "from_env",
    "config",
    "clone",
    "clone_from",
    "fmt",
    "from",
    "into",
    "try_from",
    "try_into",
];

/// Type-name stems an operation must not take: with the suffixes of its own types they
/// would be `BuildError` and `ApiResult`, runtime names this module imports.
pub const RESERVED_STEMS: [&str; 2] = ["Build", "Api"];

/// The `client` module body.
pub fn emit_client(api: &Api) -> TokenStream {
    let models = quote! { models:: };
    // Nothing defined in this module is called `Option`, `String`, `Vec` or `Box`: operation
    // types end in `Error`, `Params`, `Response` or `Result`.
    let prelude = Prelude::new([]);
    let (rt_used, models_used) = (Cell::new(false), Cell::new(false));
    let allows = RefCell::new(Allows::default());
    let ctx = Ctx {
        api,
        models: &models,
        prelude: &prelude,
        rt_used: &rt_used,
        models_used: &models_used,
        allows: &allows,
    };
    let trait_name = ident(&api.trait_name);
    let mut types = Vec::new();
    let mut methods = Vec::new();
    let mut impls = Vec::new();
    for op in &api.operations {
        let op_types = OpTypes::new(op);
        if op.deprecated {
            // Deprecated operations are still implemented.
            ctx.allow("deprecated");
        }
        types.push(error_enum(ctx, op, &op_types));
        if let Some(params) = params_struct(ctx, op, &op_types) {
            types.push(params);
        }
        if let Some(response) = response_enum(ctx, op, &op_types) {
            types.push(response);
        }
        let success = success_type(ctx, op, &op_types);
        let result = &op_types.result;
        let error = &op_types.error;
        let result_doc = format!(" What [`{}::{}`] returns.", api.trait_name, op.rust_name);
        types.push(quote! {
            #[doc = #result_doc]
            pub type #result = ApiResult<#success, #error>;
        });

        let name = ident(&op.rust_name);
        let args = args(ctx, op, &op_types);
        let arg_names = arg_names(op);
        let doc = op_doc(ctx, op);
        let deprecated = deprecated_attr(op.deprecated);
        // A default body, so a fake (or any partial implementation) writes only the methods
        // it needs, and adding an operation to the spec breaks no implementor.
        let unused = match arg_names.as_slice() {
            [] => TokenStream::new(),
            [one] => quote! { let _ = #one; },
            many => quote! { let _ = (#(#many),*); },
        };
        let (method, path) = (op.method.as_str(), &op.path);
        methods.push(quote! {
            #doc
            #deprecated
            fn #name(&self, #(#args),*) -> impl Future<Output = #result> + Send {
                #unused
                not_implemented(#method, #path)
            }
        });
        let body = glue(ctx, op, &op_types);
        impls.push(quote! {
            async fn #name(&self, #(#args),*) -> #result {
                #body
            }
        });
    }
    let api_doc = one_line(&format!(
        " The operations of {}, one method each.",
        api.title
    ));
    let default_base = api.servers.first().cloned().unwrap_or_default();
    let token_env = &api.token_env;
    let auth_note = if api.bearer_auth {
        " Requests carry `Authorization: Bearer <token>` when a token is configured."
    } else {
        " The spec declares no bearer authentication; a configured token is still sent."
    };
    let base_doc = one_line(&format!(" The spec's first server, `{default_base}`."));
    let env_doc = format!(
        " The environment variable [`Client::from_env`] reads the token from: `{token_env}`."
    );
    let rt = ctx.rt();
    let models_import = if models_used.get() {
        quote! { use super::models; }
    } else {
        TokenStream::new()
    };
    let header = module_header(&allows.borrow(), rt_used.get());
    quote! {
        //! The client trait, its per-operation types, and the HTTP client implementing it.
        #header
        use ::std::future::Future;
        use #rt::http::{not_implemented, Method, Request};
        pub use #rt::http::{ApiResult, BuildError, Config, Error, ErrorContext, ErrorKind, RetryPolicy};
        #models_import

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
            http: #rt::http::HttpClient,
        }

        /// Configures a [`Client`]; see [`Client::builder`].
        pub type ClientBuilder = #rt::http::ClientBuilder<Client>;

        impl From<#rt::http::HttpClient> for Client {
            fn from(http: #rt::http::HttpClient) -> Self {
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
                    .user_agent(concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION")))
            }

            /// A client with the token from the environment variable [`Client::TOKEN_ENV`].
            pub fn from_env() -> Result<Self, BuildError> {
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

/// The names of an operation's own types.
struct OpTypes {
    error: Ident,
    params: Ident,
    response: Ident,
    result: Ident,
}

impl OpTypes {
    fn new(op: &Operation) -> Self {
        OpTypes {
            error: ident(&op.names.error),
            params: ident(&op.names.params),
            response: ident(&op.names.response),
            result: ident(&op.names.result),
        }
    }
}

fn op_doc(ctx: Ctx<'_>, op: &Operation) -> TokenStream {
    let mut text = String::new();
    if let Some(summary) = &op.summary {
        text.push_str(&ctx.markdown(summary));
    }
    if let Some(doc) = &op.doc {
        if !text.is_empty() {
            text.push_str("\n\n");
        }
        text.push_str(&ctx.markdown(doc));
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

fn has_query_or_headers(op: &Operation) -> bool {
    op.params.iter().any(|p| p.location != ParamLocation::Path)
}

fn arg_names(op: &Operation) -> Vec<Ident> {
    let mut names: Vec<Ident> = op
        .params
        .iter()
        .filter(|p| p.location == ParamLocation::Path)
        .map(|p| ident(&p.rust_name))
        .collect();
    if has_query_or_headers(op) {
        names.push(ident("params"));
    }
    if op.body.is_some() {
        names.push(ident("body"));
    }
    names
}

/// The method's arguments: path parameters, then `params` (query and headers), then `body`.
fn args(ctx: Ctx<'_>, op: &Operation, types: &OpTypes) -> Vec<TokenStream> {
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
    if has_query_or_headers(op) {
        let params = &types.params;
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
            quote! { body: Option<#ty> }
        });
    }
    args
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

fn params_struct(ctx: Ctx<'_>, op: &Operation, types: &OpTypes) -> Option<TokenStream> {
    if !has_query_or_headers(op) {
        return None;
    }
    let name = &types.params;
    let others = || {
        op.params
            .iter()
            .filter(|p| p.location != ParamLocation::Path)
    };
    let all_optional = others().all(|p| !p.required);
    let fields = others().map(|p| {
        let field = ident(&p.rust_name);
        let ty = shape_type(ctx, &p.shape);
        let ty = if p.required {
            ty
        } else {
            quote! { Option<#ty> }
        };
        let where_ = match p.location {
            ParamLocation::Query => "query parameter",
            _ => "header",
        };
        let mut text = p
            .doc
            .as_deref()
            .map(|d| ctx.markdown(d))
            .unwrap_or_default();
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
    Some(quote! {
        #[doc = #doc]
        #[derive(Debug, Clone, PartialEq, #derive_default)]
        pub struct #name {
            #(#fields)*
        }
    })
}

fn body_type(ctx: Ctx<'_>, body: Option<&Body>) -> Option<TokenStream> {
    body.map(|b| match &b.kind {
        BodyKind::Json(shape) => shape_type(ctx, shape),
        BodyKind::Text => quote! { String },
        BodyKind::Bytes => quote! { Vec<u8> },
    })
}

fn successes(op: &Operation) -> Vec<&Response> {
    op.responses.iter().filter(|r| r.is_success()).collect()
}

fn success_type(ctx: Ctx<'_>, op: &Operation, types: &OpTypes) -> TokenStream {
    match successes(op).as_slice() {
        [] => quote! { () },
        [one] => body_type(ctx, one.body.as_ref()).unwrap_or_else(|| quote! { () }),
        _ => {
            let name = &types.response;
            quote! { #name }
        }
    }
}

/// The success enum, for operations with several 2xx responses.
fn response_enum(ctx: Ctx<'_>, op: &Operation, types: &OpTypes) -> Option<TokenStream> {
    let ok = successes(op);
    if ok.len() < 2 {
        return None;
    }
    let name = &types.response;
    let variants = ok.iter().map(|r| {
        let variant = ident(&r.rust_name);
        let doc = lines_to_doc(&status_doc(ctx, r));
        match body_type(ctx, r.body.as_ref()) {
            Some(ty) => quote! { #doc #variant(#ty), },
            None => quote! { #doc #variant, },
        }
    });
    let doc = format!(
        " The successful responses of [`{}::{}`].",
        ctx.api.trait_name, op.rust_name
    );
    Some(quote! {
        #[doc = #doc]
        #[derive(Debug, Clone, PartialEq)]
        pub enum #name {
            #(#variants)*
        }
    })
}

fn status_doc(ctx: Ctx<'_>, r: &Response) -> String {
    // Error variants for ranges and `default` carry the status before the body.
    let carries = if r.is_success() {
        ""
    } else {
        " (the status, then the body)"
    };
    let status = match r.status {
        StatusMatch::Code(code) => format!("`{code}`"),
        StatusMatch::Range(h) => format!("`{h}XX`{carries}"),
        StatusMatch::Default => format!("Any other status{carries}"),
    };
    match &r.doc {
        Some(doc) => format!("{status}: {}", ctx.markdown(doc)),
        None => status,
    }
}

fn error_enum(ctx: Ctx<'_>, op: &Operation, types: &OpTypes) -> TokenStream {
    let name = &types.error;
    let variants = op.responses.iter().filter(|r| !r.is_success()).map(|r| {
        let variant = ident(&r.rust_name);
        let doc = lines_to_doc(&status_doc(ctx, r));
        let body = body_type(ctx, r.body.as_ref());
        match (r.status, body) {
            (StatusMatch::Code(_), Some(ty)) => quote! { #doc #variant(#ty), },
            (StatusMatch::Code(_), None) => quote! { #doc #variant, },
            // Ranges and `default`: the status, then the body.
            (_, Some(ty)) => quote! { #doc #variant(u16, #ty), },
            (_, None) => quote! { #doc #variant(u16), },
        }
    });
    let doc = format!(
        " The error statuses [`{}::{}`] documents, each with its body.",
        ctx.api.trait_name, op.rust_name
    );
    quote! {
        #[doc = #doc]
        #[derive(Debug, Clone, PartialEq)]
        pub enum #name {
            #(#variants)*
        }
    }
}

/// The body of the `Client` method: build the request, send it, match the status.
fn glue(ctx: Ctx<'_>, op: &Operation, types: &OpTypes) -> TokenStream {
    let method = op.method.as_str();
    let mut build = Vec::new();
    for part in &op.path_parts {
        build.push(match part {
            PathPart::Literal(literal) => quote! { request.path(#literal); },
            PathPart::Param(i) => {
                let arg = ident(&op.params[*i].rust_name);
                quote! { request.path_param(&#arg); }
            }
        });
    }
    // `ParamValue` skips absent `Option`s and repeats list items, so every parameter is one
    // call whatever its shape.
    for p in op
        .params
        .iter()
        .filter(|p| p.location != ParamLocation::Path)
    {
        let field = ident(&p.rust_name);
        let wire = &p.wire_name;
        build.push(match p.location {
            ParamLocation::Query => quote! { request.query(#wire, &params.#field); },
            _ => quote! { request.header(#wire, &params.#field); },
        });
    }
    if let Some(body) = &op.body {
        let media = &body.media_type;
        let set = match &body.kind {
            BodyKind::Json(_) => quote! {
                if let Err(message) = request.json_body(#media, body) {
                    return Err(Error::new(ErrorKind::InvalidRequest(message), ErrorContext::new(#method, request.path_str())));
                }
            },
            BodyKind::Text => quote! { request.raw_body(#media, body.as_bytes()); },
            BodyKind::Bytes => quote! { request.raw_body(#media, body); },
        };
        build.push(if body.required {
            set
        } else {
            quote! { if let Some(body) = body { #set } }
        });
    }

    let error = &types.error;
    let ok = successes(op);
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
            let code = Literal::u16_unsuffixed(code);
            quote! { #code }
        }
        StatusMatch::Range(h) => {
            let (lo, hi) = (
                Literal::u16_unsuffixed(h * 100),
                Literal::u16_unsuffixed(h * 100 + 99),
            );
            quote! { #lo..=#hi }
        }
        StatusMatch::Default => quote! { _ },
    };
    // Exact codes first, then ranges, then the fallback.
    let mut ordered: Vec<&Response> = op.responses.iter().collect();
    ordered.sort_by_key(|r| match r.status {
        StatusMatch::Code(_) => 0,
        StatusMatch::Range(_) => 1,
        StatusMatch::Default => 2,
    });
    let mut arms = Vec::new();
    for r in ordered.iter().filter(|r| r.status != StatusMatch::Default) {
        arms.push(arm(r, &pattern, &decode, error, &ok, types));
    }
    if ok.is_empty() {
        arms.push(quote! { 200..=299 => Ok(()), });
    }
    match ordered.iter().find(|r| r.status == StatusMatch::Default) {
        Some(default) => arms.push(arm(default, &pattern, &decode, error, &ok, types)),
        None => arms.push(quote! { _ => Err(response.unexpected()), }),
    }
    let variant = format_ident!("{}", method_variant(op.method));
    let _ = ctx;
    quote! {
        let mut request = Request::new(Method::#variant);
        #(#build)*
        let response = self.http.execute(request).await?;
        match response.status() {
            #(#arms)*
        }
    }
}

fn arm(
    r: &Response,
    pattern: &dyn Fn(StatusMatch) -> TokenStream,
    decode: &dyn Fn(Option<&Body>) -> TokenStream,
    error: &Ident,
    ok: &[&Response],
    types: &OpTypes,
) -> TokenStream {
    let pat = pattern(r.status);
    let variant = ident(&r.rust_name);
    if r.is_success() {
        let value = decode(r.body.as_ref());
        let wrapped = if ok.len() > 1 {
            let name = &types.response;
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
        return quote! { #pat => Ok(#wrapped), };
    }
    let json = matches!(r.body.as_ref().map(|b| &b.kind), Some(BodyKind::Json(_)));
    match (r.status, r.body.is_some(), json) {
        (StatusMatch::Code(_), true, true) => quote! { #pat => response.error(#error::#variant), },
        (StatusMatch::Code(_), false, _) => {
            quote! { #pat => Err(response.documented(#error::#variant)), }
        }
        (StatusMatch::Code(_), true, false) => {
            let value = decode(r.body.as_ref());
            quote! { #pat => Err(response.documented(#error::#variant(#value))), }
        }
        (_, true, true) => quote! { #pat => response.error_with_status(#error::#variant), },
        (_, false, _) => {
            quote! { #pat => Err(response.documented(#error::#variant(response.status()))), }
        }
        (_, true, false) => {
            let value = decode(r.body.as_ref());
            quote! { #pat => Err(response.documented(#error::#variant(response.status(), #value))), }
        }
    }
}

/// The runtime's `Method` variant for `method`.
fn method_variant(method: Method) -> &'static str {
    match method {
        Method::Get => "Get",
        Method::Put => "Put",
        Method::Post => "Post",
        Method::Delete => "Delete",
        Method::Options => "Options",
        Method::Head => "Head",
        Method::Patch => "Patch",
        Method::Trace => "Trace",
    }
}
