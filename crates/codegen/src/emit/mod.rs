//! Stage 4, `emit`: the checked IR becomes token streams, one per generated module.
//!
//! Emitters never fail: everything they could trip over was checked in [`crate::check`].
//! Paths are fully qualified (`::std::option::Option`, `::serde::Serialize`) so that a schema
//! named `Option`, `Result`, `String` or `Box` cannot shadow them.

pub mod client;
pub mod examples;
pub mod models;
pub mod validate;

use proc_macro2::{Ident, Span, TokenStream};
use quote::{format_ident, quote};

use crate::ir::*;

/// An identifier token for a Rust name produced by [`crate::naming`] (maybe `r#`-prefixed).
pub fn ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => format_ident!("{}", name),
    }
}

/// `#[doc = "..."]` attributes for `text`, made safe for rustdoc: code fences with no
/// language are marked `text` so rustdoc neither tests nor highlights them as Rust.
pub fn doc_attrs(text: Option<&str>, examples: &[String]) -> TokenStream {
    let mut body = text.map(sanitize_doc).unwrap_or_default();
    if !examples.is_empty() {
        if !body.is_empty() {
            body.push_str("\n\n");
        }
        let label = if examples.len() == 1 {
            "Example"
        } else {
            "Examples"
        };
        body.push_str(label);
        body.push(':');
        for example in examples.iter().take(3) {
            let shown = if example.len() > 200 {
                format!("{}…", truncate(example, 200))
            } else {
                example.clone()
            };
            body.push_str(&format!(" `{}`", shown.replace('`', "'")));
        }
    }
    lines_to_doc(&body)
}

/// Text made safe for a doc comment: rustc refuses a bare carriage return and (by default)
/// the bidirectional-override characters in comments, so those become a newline and nothing.
pub fn doc_safe(text: &str) -> String {
    text.replace("\r\n", "\n")
        .chars()
        .filter_map(|c| match c {
            '\r' => Some('\n'),
            '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' => None,
            c if c.is_control() && c != '\n' && c != '\t' => Some(' '),
            c => Some(c),
        })
        .collect()
}

/// `#[doc]` attributes for already-sanitized Markdown.
pub fn lines_to_doc(body: &str) -> TokenStream {
    if body.is_empty() {
        return TokenStream::new();
    }
    let body = doc_safe(body);
    let lines = body.lines().map(|line| {
        if line.is_empty() {
            String::new()
        } else {
            format!(" {line}")
        }
    });
    quote! { #( #[doc = #lines] )* }
}

fn truncate(text: &str, max: usize) -> &str {
    let mut end = max.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// Marks bare code fences as `text`, so descriptions never turn into doctests.
pub fn sanitize_doc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_fence = false;
    for line in text.trim().lines() {
        let trimmed = line.trim_start();
        if let Some(rest) = trimmed.strip_prefix("```") {
            if !in_fence && rest.trim().is_empty() {
                out.push_str(&line[..line.len() - trimmed.len()]);
                out.push_str("```text");
            } else if !in_fence && !rest.trim().eq_ignore_ascii_case("text") {
                // A language other than Rust: keep the hint, never compile it.
                out.push_str(&line[..line.len() - trimmed.len()]);
                out.push_str("```text");
            } else {
                out.push_str(line);
            }
            in_fence = !in_fence;
        } else {
            out.push_str(line.trim_end());
        }
        out.push('\n');
    }
    out.trim_end().to_owned()
}

/// How the module being emitted names prelude items: short (`Option`) unless a generated
/// type of that module shadows the name, then fully qualified (`::std::option::Option`).
#[derive(Debug, Clone)]
pub struct Prelude {
    /// `Option`.
    pub option: TokenStream,
    /// `String`.
    pub string: TokenStream,
    /// `Vec`.
    pub vec: TokenStream,
    /// `Box`.
    pub boxed: TokenStream,
}

impl Prelude {
    /// Names for a module that defines the types in `shadowing`.
    pub fn new<'a>(shadowing: impl IntoIterator<Item = &'a str>) -> Self {
        let shadowing: std::collections::BTreeSet<&str> = shadowing.into_iter().collect();
        let pick = |short: &str, long: TokenStream| {
            if shadowing.contains(short) {
                long
            } else {
                let short = format_ident!("{}", short);
                quote! { #short }
            }
        };
        Prelude {
            option: pick("Option", quote! { ::std::option::Option }),
            string: pick("String", quote! { ::std::string::String }),
            vec: pick("Vec", quote! { ::std::vec::Vec }),
            boxed: pick("Box", quote! { ::std::boxed::Box }),
        }
    }
}

/// What every generated module starts with: its lint allows (`allows`, plus the rustdoc
/// lints that Markdown descriptions trip when the module carries them), then the runtime
/// imported as `rt` (lower-case, so no schema's type name can shadow it).
pub fn module_header(markdown_docs: bool, allows: TokenStream) -> TokenStream {
    let docs = if markdown_docs {
        // Descriptions are Markdown written for web renderers, not for rustdoc.
        quote! {
            clippy::doc_lazy_continuation,
            clippy::doc_overindented_list_items,
            rustdoc::bare_urls,
            rustdoc::broken_intra_doc_links,
            rustdoc::invalid_html_tags,
            rustdoc::invalid_rust_codeblocks,
        }
    } else {
        TokenStream::new()
    };
    let allow = if docs.is_empty() && allows.is_empty() {
        TokenStream::new()
    } else {
        quote! { #![allow(#docs #allows)] }
    };
    quote! {
        #allow
        // Not every spec needs the runtime in every module.
        #[allow(unused_imports)]
        use ::specforge_runtime as rt;
    }
}

/// How to name other generated modules' items from the module being emitted.
#[derive(Debug, Clone, Copy)]
pub struct Ctx<'a> {
    /// The API.
    pub api: &'a Api,
    /// Path prefix for model types (empty inside `models`, `models::` elsewhere).
    pub models: &'a TokenStream,
    /// Prelude names for this module.
    pub prelude: &'a Prelude,
}

/// The Rust type of `shape`, `Option` included when it is nullable.
pub fn shape_type(ctx: Ctx<'_>, shape: &Shape) -> TokenStream {
    let inner = ty_tokens(ctx, &shape.ty);
    if shape.nullable {
        let option = &ctx.prelude.option;
        quote! { #option<#inner> }
    } else {
        inner
    }
}

/// The Rust type of `ty`.
pub fn ty_tokens(ctx: Ctx<'_>, ty: &Ty) -> TokenStream {
    let p = ctx.prelude;
    match ty {
        Ty::Any => quote! { ::serde_json::Value },
        Ty::AnyObject => quote! { rt::Object },
        Ty::Bool => quote! { bool },
        Ty::Integer(IntKind::I32) => quote! { i32 },
        Ty::Integer(IntKind::I64) => quote! { i64 },
        Ty::Number(NumberKind::F32) => quote! { f32 },
        Ty::Number(NumberKind::F64) => quote! { f64 },
        Ty::String(format) => string_type(p, *format),
        Ty::Array(item) => {
            let item = shape_type(ctx, item);
            let vec = &p.vec;
            quote! { #vec<#item> }
        }
        Ty::Map(value) => {
            let value = shape_type(ctx, value);
            let string = &p.string;
            quote! { ::std::collections::BTreeMap<#string, #value> }
        }
        Ty::Named { id, boxed } => {
            let name = ident(&ctx.api.types[id.0].rust_name);
            let models = ctx.models;
            if *boxed {
                let boxed = &p.boxed;
                quote! { #boxed<#models #name> }
            } else {
                quote! { #models #name }
            }
        }
    }
}

fn string_type(p: &Prelude, format: StringFormat) -> TokenStream {
    match format {
        StringFormat::Plain | StringFormat::Binary => p.string.clone(),
        StringFormat::DateTime => quote! { rt::DateTime },
        StringFormat::Date => quote! { rt::Date },
        StringFormat::Email => quote! { rt::Email },
        StringFormat::Uri => quote! { rt::Uri },
        StringFormat::Uuid => quote! { rt::Uuid },
        StringFormat::Password => {
            let string = &p.string;
            quote! { rt::Secret<#string> }
        }
    }
}
