//! Emits the examples check: a program that decodes every `example`/`examples` value of the
//! spec with its generated type, validates it and serializes it back, reporting each failure.
//! `cargo xtask examples` builds and runs it.

use proc_macro2::TokenStream;
use quote::quote;

use super::{shape_type, ModuleState, Prelude};
use crate::ir::*;

/// One example to check: where it is, its Rust type, its JSON text.
struct Example {
    label: String,
    ty: TokenStream,
    json: String,
}

/// The body of `src/bin/check_examples/main.rs` for a crate named `krate` (its lib name).
pub fn emit_examples_check(api: &Api, krate: &str) -> TokenStream {
    let krate = super::ident(krate);
    let models = quote! { #krate::models:: };
    let prelude = Prelude::new([]);
    let state = ModuleState::default();
    let ctx = state.ctx(api, &models, &prelude);
    let mut examples = Vec::new();
    let mut order: Vec<&TypeDef> = api.types.iter().collect();
    order.sort_by(|a, b| a.rust_name.cmp(&b.rust_name));
    for t in order {
        let name = super::ident(&t.rust_name);
        // A type whose schema also allows `null` is an `Option` wherever it is used.
        let ty = if t.nullable {
            quote! { ::std::option::Option<#models #name> }
        } else {
            quote! { #models #name }
        };
        for (i, json) in t.examples.iter().enumerate() {
            examples.push(Example {
                label: format!(
                    "{}#{} (type {}, example {})",
                    t.origin.file,
                    t.origin.pointer,
                    t.rust_name,
                    i + 1
                ),
                ty: ty.clone(),
                json: json.clone(),
            });
        }
        if let TypeKind::Struct(s) = &t.kind {
            for f in &s.fields {
                let ty = shape_type(ctx, &f.shape);
                for (i, json) in f.examples.iter().enumerate() {
                    examples.push(Example {
                        label: format!(
                            "{}#{}/properties/{} ({}.{}, example {})",
                            t.origin.file,
                            t.origin.pointer,
                            f.wire_name,
                            t.rust_name,
                            f.rust_name,
                            i + 1
                        ),
                        ty: ty.clone(),
                        json: json.clone(),
                    });
                }
            }
        }
    }
    for op in &api.operations {
        let bodies = op
            .body
            .iter()
            .map(|b| ("request body".to_owned(), b))
            .chain(op.responses.iter().filter_map(|r| {
                let status = match r.status {
                    StatusMatch::Code(c) => c.to_string(),
                    StatusMatch::Range(h) => format!("{h}XX"),
                    StatusMatch::Default => "default".to_owned(),
                };
                r.body.as_ref().map(|b| (format!("{status} response"), b))
            }));
        for (what, body) in bodies {
            let BodyKind::Json(shape) = &body.kind else {
                continue;
            };
            let ty = shape_type(ctx, shape);
            for (i, json) in body.examples.iter().enumerate() {
                examples.push(Example {
                    label: format!(
                        "{} {} {what} ({}, example {})",
                        op.method,
                        op.path,
                        op.rust_name,
                        i + 1
                    ),
                    ty: ty.clone(),
                    json: json.clone(),
                });
            }
        }
    }
    let count = examples.len();
    let checks = examples.iter().map(|e| {
        let Example { label, ty, json } = e;
        quote! { report.check::<#ty>(#label, #json); }
    });
    let header = state.header();
    quote! {
        //! Checks every example of the spec against its generated type: decode, validate,
        //! serialize back to equal JSON. Exits non-zero when any fails.
        #header
        mod report;

        fn main() -> ::std::process::ExitCode {
            let mut report = report::Report::new(#count);
            #(#checks)*
            report.finish()
        }
    }
}
