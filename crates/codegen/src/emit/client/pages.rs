//! The stream method of a paginated operation: a default trait method built on the
//! operation's whole-response method, so the `Client`, fakes and trait objects all page the
//! same way, and each page is one call (retried like every call).

use proc_macro2::TokenStream;
use quote::quote;

use super::OpTypes;
use crate::emit::{ident, shape_type, Ctx};
use crate::ir::*;

/// The trait method `<op>_stream`, or nothing when the operation declares no pagination.
pub(super) fn stream_method(
    ctx: Ctx<'_>,
    op: &Operation,
    types: &OpTypes,
    args_a: &[TokenStream],
) -> TokenStream {
    let Some(p) = &op.pagination else {
        return TokenStream::new();
    };
    let rt = ctx.rt();
    let name = ident(&p.method);
    let response_method = ident(&op.names.response_method);
    let error = &types.error;
    let item = shape_type(ctx, &p.item);
    let input = &op.params[p.input];
    let field = ident(&input.rust_name);
    let path_args: Vec<_> = op
        .params
        .iter()
        .filter(|p| p.location == ParamLocation::Path)
        .map(|p| ident(&p.rust_name))
        .collect();
    let body_arg = op.body.as_ref().map(|_| quote! { body });
    let call_args = path_args
        .iter()
        .map(|a| quote! { #a })
        .chain(std::iter::once(quote! { &params }))
        .chain(body_arg);
    // The page input goes into the parameter, typed as the parameter is.
    let shape = &input.shape;
    let (start, set) = match p.kind {
        PageKind::OffsetLimit => {
            let value = match &shape.ty {
                Ty::Integer(IntKind::I32) => quote! { input.offset() as i32 },
                Ty::Integer(IntKind::I64) => quote! { input.offset() as i64 },
                Ty::Number(NumberKind::F32) => quote! { input.offset() as f32 },
                Ty::Number(NumberKind::F64) => quote! { input.offset() as f64 },
                _ => quote! { input.offset().to_string() },
            };
            let start = if input.required {
                quote! { #rt::http::PageFact::as_count(&params.#field).unwrap_or(0) }
            } else {
                quote! { params.#field.as_ref().and_then(#rt::http::PageFact::as_count).unwrap_or(0) }
            };
            let set = if input.required {
                quote! { params.#field = #value; }
            } else {
                quote! { params.#field = ::std::option::Option::Some(#value); }
            };
            (quote! { #rt::http::Pages::offset(#start, fetch) }, set)
        }
        PageKind::Cursor => {
            let start = if input.required {
                quote! { #rt::http::PageFact::as_cursor(&params.#field) }
            } else {
                quote! { params.#field.as_ref().and_then(#rt::http::PageFact::as_cursor) }
            };
            // A plain string takes the cursor as it is (`.into()` would be a no-op clippy
            // flags); format types and newtypes convert from it.
            let value = match &shape.ty {
                Ty::String(StringFormat::Plain) => quote! { cursor.to_owned() },
                _ => quote! { cursor.to_owned().into() },
            };
            let set = if input.required {
                quote! { if let ::std::option::Option::Some(cursor) = input.cursor() { params.#field = #value; } }
            } else {
                quote! { if let ::std::option::Option::Some(cursor) = input.cursor() { params.#field = ::std::option::Option::Some(#value); } }
            };
            (quote! { #rt::http::Pages::cursor(#start, fetch) }, set)
        }
        PageKind::Link | PageKind::NextUrl => {
            // The next page's URL carries every parameter: each query parameter it names
            // is read back into the params, typed as the field is.
            // Lowering keeps the stream only when there is at least one such parameter.
            let arms: Vec<_> = op
                .params
                .iter()
                .filter(|p| {
                    p.location == ParamLocation::Query && !matches!(p.shape.ty, Ty::Array(_))
                })
                .map(|p| {
                    let field = ident(&p.rust_name);
                    let wire = &p.wire_name;
                    let assign = if p.required {
                        quote! { params.#field = value; }
                    } else {
                        quote! { params.#field = ::std::option::Option::Some(value); }
                    };
                    let read = quote! {
                        if let ::std::result::Result::Ok(value) = #rt::FromText::from_text(&value) {
                            #assign
                        }
                    };
                    (wire, read)
                })
                .collect();
            // One parameter is an `if` (a one-arm `match` is what clippy's `single_match`
            // flags); more are a `match`.
            let read_back = match arms.as_slice() {
                [(wire, read)] => quote! { if name == #wire { #read } },
                _ => {
                    let arms = arms
                        .iter()
                        .map(|(wire, read)| quote! { #wire => { #read } });
                    quote! {
                        match name.as_str() {
                            #(#arms)*
                            _ => {}
                        }
                    }
                }
            };
            let set = quote! {
                for (name, value) in input.query_pairs() {
                    #read_back
                }
            };
            (quote! { #rt::http::Pages::next_url(fetch) }, set)
        }
    };
    let fact = |value: &Option<PageValue>, how: TokenStream| match value {
        None => quote! { ::std::option::Option::None },
        Some(PageValue::Header(header)) => quote! {
            full.raw_header(#header).and_then(#rt::http::PageFact::#how)
        },
        Some(PageValue::LinkNext) => quote! { #rt::http::link_next(&full.raw_headers) },
        Some(PageValue::Body(steps)) => {
            let walk = borrow_steps(steps);
            quote! { ::std::option::Option::Some(&full.body) #walk .and_then(#rt::http::PageFact::#how) }
        }
    };
    let total = fact(&p.total, quote! { as_count });
    let has_more = fact(&p.has_more, quote! { as_flag });
    let next_cursor = fact(&p.next_cursor, quote! { as_cursor });
    let next_url = fact(&p.next_url, quote! { as_cursor });
    let items = if p.results.is_empty() {
        quote! { full.body }
    } else {
        let walk = move_steps(&p.results);
        quote! { ::std::option::Option::Some(full.body) #walk .unwrap_or_default() }
    };
    let doc = format!(
        " Every item of [`{}::{}`], page after page: a stream that fetches each page when it is needed (through [`{}::{}`], so every page is retried like any call) and stops only on the declared rule. Start from `params` as given (its `{}` is where the stream starts).",
        ctx.api.trait_name, op.rust_name, ctx.api.trait_name, op.names.response_method, input.wire_name
    );
    quote! {
        #[doc = #doc]
        fn #name<'a>(&'a self, #(#args_a),*) -> #rt::http::Pages<'a, #item, #error> {
            let fetch: #rt::http::FetchPage<'a, #item, #error> =
                ::std::boxed::Box::new(move |input: #rt::http::PageInput| {
                    let mut params = params.clone();
                    #set
                    ::std::boxed::Box::pin(async move {
                        let full = self.#response_method(#(#call_args),*).await?;
                        let total = #total;
                        let has_more = #has_more;
                        let next_cursor = #next_cursor;
                        let next_url = #next_url;
                        let items = #items;
                        ::std::result::Result::Ok(#rt::http::Page { items, total, has_more, next_cursor, next_url })
                    })
                });
            #start
        }
    }
}

/// `.map(|v| &v.a).and_then(|v| v.b.as_ref())...`: borrows down `steps` from an
/// `Option<&T>`.
fn borrow_steps(steps: &[FieldStep]) -> TokenStream {
    let walk = steps.iter().map(|s| {
        let field = ident(&s.rust_name);
        match (s.optional, s.nullable) {
            (false, false) => quote! { .map(|v| &v.#field) },
            (true, true) => quote! { .and_then(|v| v.#field.as_ref()).and_then(|v| v.as_ref()) },
            _ => quote! { .and_then(|v| v.#field.as_ref()) },
        }
    });
    quote! { #(#walk)* }
}

/// `.map(|v| v.a).and_then(|v| v.b)...`: moves down `steps` from an `Option<T>`.
fn move_steps(steps: &[FieldStep]) -> TokenStream {
    let walk = steps.iter().map(|s| {
        let field = ident(&s.rust_name);
        match (s.optional, s.nullable) {
            (false, false) => quote! { .map(|v| v.#field) },
            (true, true) => quote! { .and_then(|v| v.#field.flatten()) },
            _ => quote! { .and_then(|v| v.#field) },
        }
    });
    quote! { #(#walk)* }
}
