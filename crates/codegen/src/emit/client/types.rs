//! The per-operation types of the client module: the error enum of documented statuses,
//! the struct of query and header parameters, the enum of several successes.

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::{has_query_or_headers, OpTypes};
use crate::emit::docs::lines_to_doc;
use crate::emit::{ident, shape_type, Ctx};
use crate::ir::*;

pub(super) fn params_struct(ctx: Ctx<'_>, op: &Operation, types: &OpTypes) -> Option<TokenStream> {
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

pub(super) fn body_type(ctx: Ctx<'_>, body: Option<&Body>) -> Option<TokenStream> {
    body.map(|b| match &b.kind {
        BodyKind::Json(shape) | BodyKind::Form(shape) | BodyKind::Multipart(shape) => {
            shape_type(ctx, shape)
        }
        BodyKind::Text => quote! { String },
        BodyKind::Bytes | BodyKind::JsonLines(_) => quote! { Vec<u8> },
    })
}

pub(super) fn successes(op: &Operation) -> Vec<&Response> {
    op.responses.iter().filter(|r| r.is_success()).collect()
}

pub(super) fn success_type(ctx: Ctx<'_>, op: &Operation, types: &OpTypes) -> TokenStream {
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
pub(super) fn response_enum(ctx: Ctx<'_>, op: &Operation, types: &OpTypes) -> Option<TokenStream> {
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

pub(super) fn status_doc(ctx: Ctx<'_>, r: &Response) -> String {
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

pub(super) fn error_enum(ctx: Ctx<'_>, op: &Operation, name: &Ident, doc: &str) -> TokenStream {
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
    quote! {
        #[doc = #doc]
        #[derive(Debug, Clone, PartialEq)]
        pub enum #name {
            #(#variants)*
        }
    }
}

/// `Display` for an operation's error enum: the status and, for a JSON body, its `type`
/// and `message` (top level or under `error`, as most APIs write them), on one line.
pub(super) fn error_display(ctx: Ctx<'_>, op: &Operation, name: &Ident) -> TokenStream {
    let rt = ctx.rt();
    let arms: Vec<TokenStream> = op
        .responses
        .iter()
        .filter(|r| !r.is_success())
        .map(|r| {
            let variant = ident(&r.rust_name);
            let json = matches!(r.body.as_ref().map(|b| &b.kind), Some(BodyKind::Json(_)));
            let text = matches!(r.body.as_ref().map(|b| &b.kind), Some(BodyKind::Text));
            let (label, code) = match r.status {
                StatusMatch::Code(code) => {
                    let phrase = crate::naming::status_phrase(code).unwrap_or_default();
                    let code = proc_macro2::Literal::u16_unsuffixed(code);
                    (phrase.to_owned(), quote! { #code })
                }
                _ => (String::new(), quote! { *status }),
            };
            let pattern = match (r.status, r.body.is_some()) {
                (StatusMatch::Code(_), true) if json || text => quote! { Self::#variant(body) },
                (StatusMatch::Code(_), true) => quote! { Self::#variant(_) },
                (StatusMatch::Code(_), false) => quote! { Self::#variant },
                (_, true) if json || text => quote! { Self::#variant(status, body) },
                (_, true) => quote! { Self::#variant(status, _) },
                (_, false) => quote! { Self::#variant(status) },
            };
            // One line per arm: the body (when it is JSON or text) is described too.
            if json || text {
                quote! { #pattern => #rt::http::status_body(f, #code, #label, body), }
            } else {
                quote! { #pattern => #rt::http::status_only(f, #code, #label), }
            }
        })
        .collect();
    // An operation that documents no error status has an empty enum: nothing to write.
    let (f, body) = if arms.is_empty() {
        (quote! { _ }, quote! { match *self {} })
    } else {
        (quote! { f }, quote! { match self { #(#arms)* } })
    };
    quote! {
        impl ::std::fmt::Display for #name {
            fn fmt(&self, #f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                #body
            }
        }
    }
}

/// The struct of a response's typed headers, read from the raw ones.
pub(super) fn headers_struct(ctx: Ctx<'_>, op: &Operation, r: &Response) -> TokenStream {
    let name = ident(&r.headers_name);
    let rt = ctx.rt();
    let fields = r.headers.iter().map(|h| {
        let field = ident(&h.rust_name);
        let ty = shape_type(ctx, &h.shape.non_null());
        let mut text = h
            .doc
            .as_deref()
            .map(|d| ctx.markdown(d))
            .unwrap_or_default();
        if !text.is_empty() {
            text.push_str("\n\n");
        }
        text.push_str(&format!("Header `{}`.", h.wire_name));
        let doc = lines_to_doc(&text);
        if h.deprecated {
            // Deprecated headers are still read.
            ctx.allow("deprecated");
        }
        let deprecated = crate::emit::deprecated_attr(h.deprecated);
        if h.required {
            quote! { #doc #deprecated pub #field: #ty, }
        } else {
            quote! { #doc #deprecated pub #field: Option<#ty>, }
        }
    });
    let reads = r.headers.iter().map(|h| {
        let field = ident(&h.rust_name);
        let wire = &h.wire_name;
        if h.required {
            quote! { #field: #rt::http::required_header(headers, #wire)?, }
        } else {
            quote! { #field: #rt::http::header(headers, #wire)?, }
        }
    });
    let default = r
        .headers
        .iter()
        .all(|h| !h.required)
        .then(|| quote! { Default, });
    let status = match r.status {
        StatusMatch::Code(code) => format!("`{code}`"),
        StatusMatch::Range(h) => format!("`{h}XX`"),
        StatusMatch::Default => "other".to_owned(),
    };
    let doc = format!(
        " The headers of a {status} response of [`{}::{}`].",
        ctx.api.trait_name, op.rust_name
    );
    quote! {
        #[doc = #doc]
        #[derive(Debug, Clone, #default PartialEq)]
        pub struct #name {
            #(#fields)*
        }

        impl #rt::http::FromHeaders for #name {
            fn from_headers(headers: &#rt::http::HeaderMap) -> ::std::result::Result<Self, #rt::DecodeError> {
                ::std::result::Result::Ok(Self {
                    #(#reads)*
                })
            }
        }
    }
}

/// The typed headers of the operation's success: the struct of its one 2xx response that
/// declares headers, else `()` (several successes: their raw headers are in [`Full`]).
pub(super) fn success_headers(op: &Operation) -> TokenStream {
    match successes(op).as_slice() {
        [one] if !one.headers.is_empty() => {
            let name = ident(&one.headers_name);
            quote! { #name }
        }
        _ => quote! { () },
    }
}
