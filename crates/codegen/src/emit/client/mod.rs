//! Emits the `client` module: the API's trait (one async method per operation), each
//! operation's parameter, success and error types, and the HTTP `Client` implementing it.

use proc_macro2::{Ident, TokenStream};
use quote::quote;

mod errors;
mod glue;
mod pages;
mod types;

use super::docs::{lines_to_doc, one_line};

use super::{deprecated_attr, gate_items, ident, shape_type, Ctx, ModuleState, Prelude};
use crate::ir::*;
use errors::SharedErrors;
use glue::glue;
use types::{headers_struct, params_struct, response_enum, success_headers, success_type};

/// Names a method's parameters must not take: the method's other arguments (`params`,
/// `body`) and the locals its HTTP glue declares (`request`, `response`), plus the runtime
/// function its default body calls.
pub const RESERVED_ARGUMENTS: [&str; 5] =
    ["body", "params", "request", "response", "not_implemented"];

/// The argument that carries the content type of a body sent as a wildcard media type
/// (`*/*`); reserved too in the operations that have one.
pub const CONTENT_TYPE_ARGUMENT: &str = "content_type";

/// Method names an operation must not take: `Client`'s own methods (`client.config()` would
/// call the inherent method, never the operation) and the methods of traits `Client`
/// implements or derives (with the API trait in scope, `client.clone()` would be ambiguous).
pub const RESERVED_METHODS: [&str; 11] = [
    "builder",
    "from_env",
    "config",
    "with_options",
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
    let state = ModuleState::default();
    let ctx = state.ctx(api, &models, &prelude);
    let trait_name = ident(&api.trait_name);
    let mut types = Vec::new();
    let mut methods = Vec::new();
    let mut impls = Vec::new();
    // Where each operation's items start in the three lists, for `gate_operations`.
    let mut starts = Vec::new();
    let shared = SharedErrors::new(ctx, api);
    for (i, op) in api.operations.iter().enumerate() {
        starts.push([&types, &methods, &impls].map(Vec::len));
        let op_types = OpTypes::new(op);
        if op.deprecated {
            // Deprecated operations are still implemented.
            ctx.allow("deprecated");
        }
        types.push(shared.error_type(ctx, i, op, &op_types));
        if let Some(params) = params_struct(ctx, op, &op_types) {
            types.push(params);
        }
        if let Some(response) = response_enum(ctx, op, &op_types) {
            types.push(response);
        }
        for r in op.responses.iter().filter(|r| !r.headers.is_empty()) {
            types.push(headers_struct(ctx, op, r));
        }
        let success = success_type(ctx, op, &op_types);
        let success_headers = success_headers(op);
        let result = &op_types.result;
        let error = &op_types.error;
        let result_doc = format!(" What [`{}::{}`] returns.", api.trait_name, op.rust_name);
        types.push(quote! {
            #[doc = #result_doc]
            pub type #result = ApiResult<#success, #error>;
        });
        let full = quote! { ApiResult<Full<#success, #success_headers>, #error> };

        let name = ident(&op.rust_name);
        let response_name = ident(&op.names.response_method);
        let sig = Signature::new(ctx, op, &op_types);
        let arg_names = arg_names(op);
        let doc = op_doc(ctx, op);
        let response_doc = format!(
            " Like [`{}::{}`], with the whole response: the status, the typed headers the spec declares, every raw header, and the body.",
            api.trait_name, op.rust_name
        );
        let deprecated = deprecated_attr(op.deprecated);
        // Default bodies, so a fake (or any partial implementation) writes only the methods
        // it needs, and adding an operation to the spec breaks no implementor: the plain
        // method is the whole response's body, the whole response is "not implemented".
        let (method, path) = (op.method.as_str(), &op.path);
        let rt = ctx.rt();
        let plain_sig = sig.method(&name, &quote! { #result });
        let response_sig = sig.method(&response_name, &full);
        methods.push(quote! {
            #doc
            #deprecated
            #plain_sig {
                #rt::http::body_of(self.#response_name(#(#arg_names),*))
            }

            #[doc = #response_doc]
            #deprecated
            #response_sig {
                not_implemented(#method, #path)
            }
        });
        methods.push(pages::stream_method(ctx, op, &op_types, &sig.with_a));
        let body = glue(ctx, op, &op_types, None);
        impls.push(quote! {
            #response_sig {
                #body
            }
        });
        for c in alternatives(op) {
            let method_name = ident(&c.method);
            let ty = match &c.kind {
                BodyKind::Json(shape) | BodyKind::Form(shape) | BodyKind::Multipart(shape) => {
                    shape_type(ctx, shape)
                }
                BodyKind::JsonLines(item) => {
                    let item = shape_type(ctx, item);
                    quote! { #rt::http::JsonLines<#item> }
                }
                BodyKind::Text => quote! { String },
                BodyKind::Bytes => quote! { #rt::http::ByteStream },
            };
            let full = quote! { ApiResult<Full<#ty, #success_headers>, #error> };
            let how = match &c.kind {
                BodyKind::JsonLines(_) => "a stream of items, read as they arrive",
                BodyKind::Bytes => "a stream of bytes, read as they arrive",
                BodyKind::Text => "text",
                BodyKind::Json(_) | BodyKind::Form(_) | BodyKind::Multipart(_) => "JSON",
            };
            let alt_doc = format!(
                " Like [`{}::{}`], asking for `{}` ({how}); the whole response.",
                api.trait_name, op.names.response_method, c.media_type
            );
            let alt_sig = sig.method(&method_name, &full);
            methods.push(quote! {
                #[doc = #alt_doc]
                #deprecated
                #alt_sig {
                    not_implemented(#method, #path)
                }
            });
            let body = glue(ctx, op, &op_types, Some(c));
            impls.push(quote! {
                #alt_sig {
                    #body
                }
            });
        }
        // The other media types the request body accepts: the same call, sending the body
        // as that media type says; the whole response.
        let accepted = op.body.iter().flat_map(|b| &b.alternatives);
        for c in accepted {
            let variant = request_variant(op, c);
            let method_name = ident(&c.method);
            let variant_sig = Signature::new(ctx, &variant, &op_types);
            let how = if is_wildcard(&c.media_type) {
                "with the content type given".to_owned()
            } else {
                format!("as `{}`", c.media_type)
            };
            let alt_doc = format!(
                " Like [`{}::{}`], sending the body {how}; the whole response.",
                api.trait_name, op.names.response_method
            );
            let alt_sig = variant_sig.method(&method_name, &full);
            methods.push(quote! {
                #[doc = #alt_doc]
                #deprecated
                #alt_sig {
                    not_implemented(#method, #path)
                }
            });
            let body = glue(ctx, &variant, &op_types, None);
            impls.push(quote! {
                #alt_sig {
                    #body
                }
            });
        }
    }
    gate_operations(api, &starts, [&mut types, &mut methods, &mut impls]);
    let shared_errors = shared.items;
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
    if !api.operations.is_empty() {
        // A whole response's type is spelled out in each signature
        // (`BoxFuture<'_, ApiResult<Full<BTreeMap<String, i32>, ()>, E>>`), which clippy's
        // `type_complexity` counts as too complex once the body type nests a little.
        ctx.allow("clippy::type_complexity");
    }
    let models_import = state.models_import();
    let header = state.header();
    // What the methods use; a spec with no operations (OpenAPI 3.1 allows webhooks and
    // components alone) has none, and an unused import would be a warning.
    let method_imports = (!api.operations.is_empty())
        .then(|| quote! { use #rt::http::{not_implemented, Method, Request}; });
    // The trait allows `unused_variables`: its default bodies do not read their arguments.
    quote! {
        //! The client trait, its per-operation types, and the HTTP client implementing it.
        #header
        #method_imports
        pub use #rt::http::{ApiResult, BoxFuture, BuildError, CallOptions, Config, Error, ErrorContext, ErrorKind, Full, RetryPolicy};
        #models_import

        #(#shared_errors)*

        #(#types)*

        #[doc = #api_doc]
        ///
        /// This trait is the seam between your code and the API: [`Client`] implements it over
        /// HTTP, and your tests can implement it with a fake. Its methods return boxed
        /// futures ([`BoxFuture`]), so it can be held as a trait object (`Box<dyn ...>`,
        /// `Arc<dyn ...>`, `&dyn ...`) and an implementation writes
        /// `Box::pin(async move { ... })`. Every method has a default body: a plain method
        /// returns the body of its whole-response method (`..._response`), which fails with
        /// [`ErrorKind::NotImplemented`] until implemented, so a fake writes only the methods
        /// it needs.
        #[allow(unused_variables)]
        pub trait #trait_name: Send + Sync {
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

            /// A view of this client whose calls use `options` (a timeout, retries or extra
            /// headers for some calls) over the same connections; cheap to make.
            pub fn with_options(&self, options: CallOptions) -> Self {
                Client { http: self.http.with_options(options) }
            }
        }

        impl #trait_name for Client {
            #(#impls)*
        }
    }
}

/// With tag features, puts on each operation's items in `lists` (types, trait methods,
/// impls, ...; those of operation `i` start at `starts[i]`) the `#[cfg]` of its features.
fn gate_operations(api: &Api, starts: &[[usize; 3]], lists: [&mut Vec<TokenStream>; 3]) {
    if api.features.is_empty() {
        return;
    }
    for (k, list) in lists.into_iter().enumerate() {
        for (i, op) in api.operations.iter().enumerate() {
            let end = starts.get(i + 1).map_or(list.len(), |next| next[k]);
            for item in &mut list[starts[i][k]..end] {
                *item = gate_items(&op.features, std::mem::take(item));
            }
        }
    }
}

/// An operation method's receiver and arguments, for the trait and its implementation.
struct Signature {
    /// The arguments without lifetimes.
    plain: Vec<TokenStream>,
    /// The arguments with lifetime `'a` on every reference (as the stream method takes them).
    with_a: Vec<TokenStream>,
    /// Whether any argument borrows (`with_a` differs from `plain`).
    borrows: bool,
}

impl Signature {
    fn new(ctx: Ctx<'_>, op: &Operation, types: &OpTypes) -> Self {
        let plain = args(ctx, op, types, &TokenStream::new());
        let with_a = args(ctx, op, types, &quote! { 'a });
        let borrows = plain
            .iter()
            .zip(&with_a)
            .any(|(p, a)| p.to_string() != a.to_string());
        Signature {
            plain,
            with_a,
            borrows,
        }
    }

    /// `fn name<'a>(&'a self, ...) -> BoxFuture<'a, out>`, or with `&self` and `'_` when
    /// no argument borrows (a lifetime there would be one clippy calls needless).
    fn method(&self, name: &Ident, out: &TokenStream) -> TokenStream {
        if self.borrows {
            let args = &self.with_a;
            quote! { fn #name<'a>(&'a self, #(#args),*) -> BoxFuture<'a, #out> }
        } else {
            let args = &self.plain;
            quote! { fn #name(&self, #(#args),*) -> BoxFuture<'_, #out> }
        }
    }
}

/// The other media types of the operation's success body, when it has exactly one success
/// (with several, the caller's type could not follow the status).
fn alternatives(op: &Operation) -> &[Content] {
    let mut ok = op.responses.iter().filter(|r| r.is_success());
    match (ok.next(), ok.next()) {
        (Some(one), None) => one.body.as_ref().map_or(&[], |b| &b.alternatives),
        _ => &[],
    }
}

/// The operation as sent with the request body's other media type `c`.
fn request_variant(op: &Operation, c: &Content) -> Operation {
    let mut variant = op.clone();
    if let Some(body) = &mut variant.body {
        body.media_type = c.media_type.clone();
        body.kind = c.kind.clone();
        body.alternatives = Vec::new();
    }
    variant.rust_name = c.method.clone();
    variant
}

/// A media type the caller completes (`*/*`, `image/*`): the body goes with the content type
/// the caller gives.
pub fn is_wildcard(media: &str) -> bool {
    media
        .split(';')
        .next()
        .unwrap_or(media)
        .trim()
        .ends_with("/*")
}

/// The names of an operation's own types.
pub(super) struct OpTypes {
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

pub(super) fn has_query_or_headers(op: &Operation) -> bool {
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
    if let Some(body) = &op.body {
        if is_wildcard(&body.media_type) {
            names.push(ident(CONTENT_TYPE_ARGUMENT));
        }
        names.push(ident("body"));
    }
    names
}

/// The method's arguments: path parameters, then `params` (query and headers), then `body`;
/// references carry lifetime `lt` (empty, or `'a` for the boxed-future trait).
fn args(ctx: Ctx<'_>, op: &Operation, types: &OpTypes, lt: &TokenStream) -> Vec<TokenStream> {
    let mut args = Vec::new();
    for p in op
        .params
        .iter()
        .filter(|p| p.location == ParamLocation::Path)
    {
        let arg = ident(&p.rust_name);
        let ty = arg_type(ctx, &p.shape, lt);
        args.push(quote! { #arg: #ty });
    }
    if has_query_or_headers(op) {
        let params = &types.params;
        args.push(quote! { params: & #lt #params });
    }
    if let Some(body) = &op.body {
        let ty = match &body.kind {
            BodyKind::Form(shape) | BodyKind::Multipart(shape) => {
                let ty = shape_type(ctx, shape);
                quote! { & #lt #ty }
            }
            BodyKind::Json(shape) => match (&shape.ty, shape.nullable) {
                // A slice, not `&Vec`: callers can pass arrays and sub-slices too.
                (Ty::Array(item), false) => {
                    let item = shape_type(ctx, item);
                    quote! { & #lt [#item] }
                }
                // `&str`, not `&String` (clippy's `ptr_arg`), for a JSON string body.
                (Ty::String(StringFormat::Plain), false) => quote! { & #lt str },
                _ => {
                    let ty = shape_type(ctx, shape);
                    quote! { & #lt #ty }
                }
            },
            BodyKind::Text => quote! { & #lt str },
            BodyKind::Bytes | BodyKind::JsonLines(_) => quote! { & #lt [u8] },
        };
        if is_wildcard(&body.media_type) {
            let content_type = ident(CONTENT_TYPE_ARGUMENT);
            args.push(quote! { #content_type: & #lt str });
        }
        args.push(if body.required {
            quote! { body: #ty }
        } else {
            quote! { body: Option<#ty> }
        });
    }
    args
}

/// Path arguments: `&str` for strings, copies for numbers and booleans, a slice for lists,
/// `&T` otherwise.
fn arg_type(ctx: Ctx<'_>, shape: &Shape, lt: &TokenStream) -> TokenStream {
    match (&shape.ty, shape.nullable) {
        (Ty::String(StringFormat::Plain), false) => quote! { & #lt str },
        // A slice, not `&Vec` (clippy's `ptr_arg`): callers can pass arrays too.
        (Ty::Array(item), false) => {
            let item = shape_type(ctx, item);
            quote! { & #lt [#item] }
        }
        (Ty::Integer(_) | Ty::Number(_) | Ty::Bool, false) => shape_type(ctx, shape),
        _ => {
            let ty = shape_type(ctx, shape);
            quote! { & #lt #ty }
        }
    }
}
