//! The body of each `Client` method: build the request, send it, match the status.

use proc_macro2::{Ident, Literal, TokenStream};
use quote::{format_ident, quote};

use super::types::successes;
use super::OpTypes;
use crate::emit::{ident, Ctx};
use crate::ir::*;

/// The body of the `Client` method: build the request, send it, match the status. With
/// `alternative`, the method asks for that media type (sending its `Accept` and format
/// value) and reads a success as it says: buffered (JSON, text) or streamed (JSON Lines,
/// bytes).
///
/// A method without `alternative` has no future of its own: it builds the request and
/// hands it to the runtime's `HttpClient::call` with a function that reads the response.
/// An `async` block per operation was most of a generated crate's compile time.
pub(super) fn glue(
    ctx: Ctx<'_>,
    op: &Operation,
    types: &OpTypes,
    alternative: Option<&Content>,
) -> TokenStream {
    // The template's leading text starts the request (`Request::at`); the rest is built.
    let variant = format_ident!("{}", method_variant(op.method));
    let (start, parts) = match op.path_parts.split_first() {
        Some((PathPart::Literal(literal), rest)) => {
            (quote! { Request::at(Method::#variant, #literal) }, rest)
        }
        _ => (
            quote! { Request::new(Method::#variant) },
            op.path_parts.as_slice(),
        ),
    };
    let mut build = Vec::new();
    for part in parts {
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
    // A long poll: the server holds the request as long as the parameter asks, so no
    // attempt may time out sooner.
    for p in op.params.iter() {
        let Some(unit) = p.wait else {
            continue;
        };
        let field = ident(&p.rust_name);
        let value = match p.location {
            ParamLocation::Path => quote! { &#field },
            _ => quote! { &params.#field },
        };
        let millis: u64 = match unit {
            WaitUnit::Seconds => 1000,
            WaitUnit::Milliseconds => 1,
        };
        build.push(quote! { request.server_wait(#value, #millis); });
    }
    if let Some(body) = &op.body {
        let media = if super::is_wildcard(&body.media_type) {
            let content_type = ident(super::CONTENT_TYPE_ARGUMENT);
            quote! { #content_type }
        } else {
            let media = &body.media_type;
            quote! { #media }
        };
        // A body that would not encode is kept by the request, and the call fails with it as
        // an `InvalidRequest` error without sending anything.
        let set = match &body.kind {
            BodyKind::Json(_) => quote! { request.json_body(#media, body); },
            BodyKind::Form(_) => quote! { request.form_body(body); },
            BodyKind::Multipart(shape) => {
                let files = binary_fields(ctx.api, shape);
                quote! { request.multipart_body(body, &[#(#files),*]); }
            }
            BodyKind::Text => quote! { request.raw_body(#media, body.as_bytes()); },
            BodyKind::Bytes | BodyKind::JsonLines(_) => quote! { request.raw_body(#media, body); },
        };
        build.push(if body.required {
            set
        } else {
            quote! { if let Some(body) = body { #set } }
        });
    }

    let ok = successes(op);
    // The successes (exact codes first, then ranges); any other status is the error enum's
    // to read (`StatusError`, emitted once per enum by `error_decode`).
    let mut arms: Vec<TokenStream> = ordered(op)
        .into_iter()
        .filter(|r| r.is_success())
        .map(|r| {
            let pat = status_pattern(r.status);
            let value = success_value(r, &ok, types);
            quote! { #pat => #value, }
        })
        .collect();
    if ok.is_empty() {
        arms.push(quote! { 200..=299 => response.into_full(()), });
    }
    arms.push(quote! { _ => response.fail(), });
    ctx.rt();
    let primary = ok.first().and_then(|r| r.body.as_ref());
    let selector = match alternative {
        Some(c) => c.selector.as_ref(),
        None => primary.and_then(|b| b.selector.as_ref()),
    };
    if let Some((name, value)) = selector {
        build.push(quote! { request.set_query(#name, #value); });
    }
    let Some(c) = alternative else {
        // One success read whole (most operations): a runtime call instead of a `match`.
        let request = if build.is_empty() {
            quote! { let request = #start; }
        } else {
            quote! { let mut request = #start; }
        };
        if let Some(read) = one_success(&ok) {
            return quote! {
                #request
                #(#build)*
                self.http.call(request, |response| response.#read)
            };
        }
        // Named first: as the call's last argument, the closure would be formatted a
        // level deeper than its match needs.
        let rt = ctx.rt();
        return quote! {
            #request
            #(#build)*
            let read = |response: #rt::http::Response| match response.status() {
                #(#arms)*
            };
            self.http.call(request, read)
        };
    };
    let media = &c.media_type;
    let read = match &c.kind {
        BodyKind::Json(_) | BodyKind::Form(_) | BodyKind::Multipart(_) => {
            quote! { response.into_full_json().await }
        }
        BodyKind::Text => quote! { response.into_full_text().await },
        BodyKind::JsonLines(_) => quote! { response.into_full_json_lines() },
        BodyKind::Bytes => quote! { response.into_full_bytes() },
    };
    // `lower` gives alternatives only to an operation's success bodies; `client/mod.rs`
    // emits these methods only when there is one success.
    let success = ok
        .first()
        .map_or_else(|| quote! { 200..=299 }, |r| status_pattern(r.status));
    quote! {
        ::std::boxed::Box::pin(async move {
            let mut request = #start;
            #(#build)*
            request.accept(#media);
            let response = self.http.execute_streaming(request).await?;
            if matches!(response.status(), #success) {
                return #read;
            }
            response.read().await?.fail()
        })
    }
}

/// For an operation whose successes are one code or range with a JSON, text or no body
/// (or none at all, which is any 2xx without a body): the `Response` method that reads it,
/// or leaves any other status to the error enum.
fn one_success(ok: &[&Response]) -> Option<TokenStream> {
    let (status, kind) = match ok {
        [] => return Some(quote! { empty_full_on(200..=299) }),
        [r] if r.status != StatusMatch::Default => {
            (status_pattern(r.status), r.body.as_ref().map(|b| &b.kind))
        }
        _ => return None,
    };
    match kind {
        Some(BodyKind::Json(_)) => Some(quote! { json_full_on(#status) }),
        Some(BodyKind::Text) => Some(quote! { text_full_on(#status) }),
        None => Some(quote! { empty_full_on(#status) }),
        Some(_) => None,
    }
}

/// The operation's responses: exact codes first, then ranges, then `default`.
fn ordered(op: &Operation) -> Vec<&Response> {
    let mut ordered: Vec<&Response> = op.responses.iter().collect();
    ordered.sort_by_key(|r| match r.status {
        StatusMatch::Code(_) => 0,
        StatusMatch::Range(_) => 1,
        StatusMatch::Default => 2,
    });
    ordered
}

/// The match pattern of `status`.
fn status_pattern(status: StatusMatch) -> TokenStream {
    match status {
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
    }
}

/// Reads a response body of this kind (`?` on failure).
fn decode_body(body: Option<&Body>) -> TokenStream {
    match body.map(|b| &b.kind) {
        // Forms are request bodies only: `lower` never gives a response one.
        Some(BodyKind::Json(_) | BodyKind::Form(_) | BodyKind::Multipart(_)) => {
            quote! { response.json()? }
        }
        Some(BodyKind::Text) => quote! { response.text()? },
        Some(BodyKind::Bytes | BodyKind::JsonLines(_)) => quote! { response.bytes().to_vec() },
        None => quote! { () },
    }
}

/// `StatusError` for an error enum: the documented error statuses of `op` (codes, then
/// ranges, then `default`), each read with its body; any other status is unexpected.
pub(super) fn error_decode(ctx: Ctx<'_>, op: &Operation, name: &Ident) -> TokenStream {
    let rt = ctx.rt();
    let this = Ident::new("Self", proc_macro2::Span::call_site());
    let errors: Vec<&Response> = ordered(op)
        .into_iter()
        .filter(|r| !r.is_success())
        .collect();
    let body = match errors.as_slice() {
        [] => quote! { Err(response.unexpected()) },
        // Only `default`: a one-arm match would be one clippy flags.
        [only] if only.status == StatusMatch::Default => error_value(only, &this),
        _ => {
            let arms = errors.iter().map(|r| {
                let pat = status_pattern(r.status);
                let value = error_value(r, &this);
                quote! { #pat => #value, }
            });
            // `ordered` puts `default` (a `_` arm) last; without it, any other status is
            // unexpected.
            let fallback = match errors.last() {
                Some(r) if r.status == StatusMatch::Default => TokenStream::new(),
                _ => quote! { _ => Err(response.unexpected()), },
            };
            quote! { match response.status() { #(#arms)* #fallback } }
        }
    };
    quote! {
        impl #rt::http::StatusError for #name {
            fn from_response<R>(response: &#rt::http::Response) -> ::std::result::Result<R, #rt::http::Error<Self>> {
                #body
            }
        }
    }
}

/// What the arm of success `r` evaluates to: the whole response, its body read (`ok` are
/// the operation's successes; with several, the body is wrapped in its response enum).
fn success_value(r: &Response, ok: &[&Response], types: &OpTypes) -> TokenStream {
    let kind = r.body.as_ref().map(|b| &b.kind);
    if ok.len() == 1 && matches!(kind, Some(BodyKind::Json(_))) {
        return quote! { response.json_full() };
    }
    if ok.len() == 1 && matches!(kind, Some(BodyKind::Text)) {
        return quote! { response.text_full() };
    }
    let variant = ident(&r.rust_name);
    let value = decode_body(r.body.as_ref());
    let wrapped = match (ok.len() > 1, r.body.is_some()) {
        (true, true) => {
            let name = &types.response;
            quote! { #name::#variant(#value) }
        }
        (true, false) => {
            let name = &types.response;
            quote! { #name::#variant }
        }
        (false, true) => value,
        (false, false) => quote! { () },
    };
    if r.body.is_some() {
        quote! { { let body = #wrapped; response.into_full(body) } }
    } else {
        quote! { response.into_full(#wrapped) }
    }
}

/// What the arm of error response `r` evaluates to: variant `r` of enum `error`, with the
/// status for a range or `default`, and the body read.
fn error_value(r: &Response, error: &Ident) -> TokenStream {
    let variant = ident(&r.rust_name);
    let json = matches!(r.body.as_ref().map(|b| &b.kind), Some(BodyKind::Json(_)));
    match (r.status, r.body.is_some(), json) {
        (StatusMatch::Code(_), true, true) => quote! { response.error(#error::#variant) },
        (StatusMatch::Code(_), false, _) => quote! { Err(response.documented(#error::#variant)) },
        (StatusMatch::Code(_), true, false) => {
            let value = decode_body(r.body.as_ref());
            quote! { Err(response.documented(#error::#variant(#value))) }
        }
        (_, true, true) => quote! { response.error_with_status(#error::#variant) },
        (_, false, _) => quote! { Err(response.documented(#error::#variant(response.status()))) },
        (_, true, false) => {
            let value = decode_body(r.body.as_ref());
            quote! { Err(response.documented(#error::#variant(response.status(), #value))) }
        }
    }
}

/// The runtime's `Method` variant for `method`.
pub(super) fn method_variant(method: Method) -> &'static str {
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

/// The wire names of the `format: binary` properties of a multipart body's object: they go
/// as file parts.
fn binary_fields(api: &Api, shape: &Shape) -> Vec<String> {
    let Ty::Named { id, .. } = &shape.ty else {
        return Vec::new();
    };
    match &api.types[api.types[id.0].facts.target.0].kind {
        TypeKind::Struct(s) => s
            .fields
            .iter()
            .filter(|f| {
                let binary = |t: &Ty| matches!(t, Ty::String(StringFormat::Binary));
                binary(&f.shape.ty) || matches!(&f.shape.ty, Ty::Array(item) if binary(&item.ty))
            })
            .map(|f| f.wire_name.clone())
            .collect(),
        _ => Vec::new(),
    }
}
