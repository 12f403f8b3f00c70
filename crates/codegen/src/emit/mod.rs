//! Stage 4, `emit`: the checked IR becomes token streams, one per generated module.
//!
//! Emitters only print: every fact they need is in the IR ([`crate::analyze`] worked it out
//! and checked the invariants), so they never fail, re-parse spec text or search their own
//! output. Prelude names are short unless a generated type shadows them ([`Prelude`]); the
//! runtime is imported as `rt`, lower-case, so no schema's type name can shadow it.

pub mod client;
pub mod docs;
pub mod examples;
pub mod models;
pub mod validate;

use proc_macro2::{Ident, Span, TokenStream};
use std::cell::{Cell, RefCell};

use quote::{format_ident, quote};

use crate::ir::*;

/// An identifier token for a Rust name produced by [`crate::naming`] (maybe `r#`-prefixed).
pub fn ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => format_ident!("{}", name),
    }
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

/// The lint allows a generated module needs, collected while it is emitted: each is added
/// where the emitter writes the construct that needs it, with the reason beside it there.
#[derive(Debug, Default)]
pub struct Allows {
    lints: std::collections::BTreeSet<&'static str>,
}

impl Allows {
    /// Records that the module needs `#![allow(lint)]`.
    pub fn add(&mut self, lint: &'static str) {
        self.lints.insert(lint);
    }

    /// Records the rustdoc and clippy doc lints `doc`'s Markdown trips ([`DocText::lints`]).
    pub fn add_doc(&mut self, doc: &docs::DocText) {
        self.lints.extend(doc.lints.iter().copied());
    }
}

/// What every generated module starts with: the lint allows its content needs, then the
/// runtime imported as `rt` (lower-case, so no schema's type name can shadow it) when the
/// module uses it.
pub fn module_header(allows: &Allows, uses_rt: bool) -> TokenStream {
    let allow = if allows.lints.is_empty() {
        TokenStream::new()
    } else {
        let lints = allows.lints.iter().map(|lint| {
            let path: syn::Path =
                syn::parse_str(lint).unwrap_or_else(|_| syn::parse_quote!(warnings));
            path
        });
        quote! { #![allow(#(#lints),*)] }
    };
    let rt = if uses_rt {
        quote! { use ::specforge_runtime as rt; }
    } else {
        TokenStream::new()
    };
    quote! {
        #allow
        #rt
    }
}

/// `#[cfg(...)]` for an item compiled when any of `features` is on (tag features, set by
/// [`crate::analyze::features`]); nothing when there are none.
pub fn cfg_attr(features: &[String]) -> TokenStream {
    match features {
        [] => TokenStream::new(),
        [one] => quote! { #[cfg(feature = #one)] },
        many => quote! { #[cfg(any(#(feature = #many),*))] },
    }
}

/// `items` (of a module, a trait or an impl, as the emitters write them) each compiled only
/// when any of `features` is on: `#[cfg(...)]` goes after each item's doc attributes, before
/// its others. An item ends at a `;` or a `{...}` outside any bracket (a `{...}` followed by
/// `;`, as in `const X: T = T {...};`, ends at the `;`); emitters write no item where a
/// brace block appears elsewhere at the top level.
pub fn gate_items(features: &[String], items: TokenStream) -> TokenStream {
    use proc_macro2::{Delimiter, TokenTree};
    if features.is_empty() || items.is_empty() {
        return items;
    }
    let cfg = cfg_attr(features);
    let mut out = TokenStream::new();
    let mut tokens = items.into_iter().peekable();
    let is_semi = |t: &TokenTree| matches!(t, TokenTree::Punct(p) if p.as_char() == ';');
    let is_doc = |t: &TokenTree| {
        matches!(t, TokenTree::Group(g) if g.delimiter() == Delimiter::Bracket
            && g.stream().into_iter().next().is_some_and(|first| first.to_string() == "doc"))
    };
    let mut at_start = true;
    while let Some(t) = tokens.next() {
        if at_start {
            // `#` followed by `[doc ...]`: a doc attribute, which stays before the `cfg`.
            let hash = matches!(&t, TokenTree::Punct(p) if p.as_char() == '#');
            if hash && tokens.peek().is_some_and(is_doc) {
                out.extend(std::iter::once(t));
                out.extend(tokens.next());
                continue;
            }
            out.extend(cfg.clone());
        }
        let semi = is_semi(&t);
        let brace = matches!(&t, TokenTree::Group(g) if g.delimiter() == Delimiter::Brace);
        out.extend(std::iter::once(t));
        if brace && tokens.peek().is_some_and(is_semi) {
            out.extend(tokens.next());
        }
        at_start = semi || brace;
    }
    out
}

/// `#[deprecated]` when `deprecated`.
pub fn deprecated_attr(deprecated: bool) -> TokenStream {
    if deprecated {
        quote! { #[deprecated] }
    } else {
        TokenStream::new()
    }
}

/// What a module's emission collects as it goes: whether it names the runtime or the models
/// (so it imports them) and the lint allows its content needs.
#[derive(Debug, Default)]
pub struct ModuleState {
    rt_used: Cell<bool>,
    models_used: Cell<bool>,
    allows: RefCell<Allows>,
}

impl ModuleState {
    /// The context emitters of this module pass around.
    pub fn ctx<'a>(
        &'a self,
        api: &'a Api,
        models: &'a TokenStream,
        prelude: &'a Prelude,
    ) -> Ctx<'a> {
        if !api.features.is_empty() {
            // With tag features a build can leave out every item that uses an import (with
            // no feature on, a module is its imports alone).
            self.allows.borrow_mut().add("unused_imports");
        }
        Ctx {
            api,
            models,
            prelude,
            rt_used: &self.rt_used,
            models_used: &self.models_used,
            allows: &self.allows,
        }
    }

    /// The module's header: its lint allows and, when used, the runtime import.
    pub fn header(&self) -> TokenStream {
        module_header(&self.allows.borrow(), self.rt_used.get())
    }

    /// `use super::models;` when the module names a model type.
    pub fn models_import(&self) -> TokenStream {
        if self.models_used.get() {
            quote! { use super::models; }
        } else {
            TokenStream::new()
        }
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
    /// Set when the module names the runtime (`rt::...`), so it imports it.
    pub rt_used: &'a Cell<bool>,
    /// Set when the module names a model type, so it imports `models`.
    pub models_used: &'a Cell<bool>,
    /// The lint allows the module needs, added as it is emitted.
    pub allows: &'a RefCell<Allows>,
}

impl Ctx<'_> {
    /// `rt`, the runtime's name in generated modules; the module then imports it.
    pub fn rt(&self) -> TokenStream {
        self.rt_used.set(true);
        quote! { rt }
    }

    /// Records that the module needs `#![allow(lint)]`.
    pub fn allow(&self, lint: &'static str) {
        self.allows.borrow_mut().add(lint);
    }

    /// Spec Markdown made fit for rustdoc ([`docs::spec_markdown`]), recording the allows
    /// what is left of it needs.
    pub fn markdown(&self, text: &str) -> String {
        let doc = docs::spec_markdown(text);
        self.allows.borrow_mut().add_doc(&doc);
        doc.text
    }

    /// `#[doc]` attributes for spec Markdown `text` followed by up to three examples.
    pub fn doc_attrs(&self, text: Option<&str>, examples: &[String]) -> TokenStream {
        let body = text.map(|t| self.markdown(t)).unwrap_or_default();
        docs::doc_attrs(body, examples)
    }
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
        Ty::AnyObject => {
            let rt = ctx.rt();
            quote! { #rt::Object }
        }
        Ty::Bool => quote! { bool },
        Ty::Integer(IntKind::I32) => quote! { i32 },
        Ty::Integer(IntKind::I64) => quote! { i64 },
        Ty::Number(NumberKind::F32) => quote! { f32 },
        Ty::Number(NumberKind::F64) => quote! { f64 },
        Ty::String(format) => string_type(ctx, *format),
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
            let t = &ctx.api.types[id.0];
            if t.deprecated {
                // Deprecated schemas are still named wherever the spec uses them.
                ctx.allow("deprecated");
            }
            let name = ident(&t.rust_name);
            let models = ctx.models;
            ctx.models_used.set(true);
            if *boxed {
                let boxed = &p.boxed;
                quote! { #boxed<#models #name> }
            } else {
                quote! { #models #name }
            }
        }
    }
}

fn string_type(ctx: Ctx<'_>, format: StringFormat) -> TokenStream {
    let string = &ctx.prelude.string;
    let rt = match format {
        StringFormat::Plain | StringFormat::Binary => return string.clone(),
        _ => ctx.rt(),
    };
    match format {
        StringFormat::DateTime => quote! { #rt::DateTime },
        StringFormat::Date => quote! { #rt::Date },
        StringFormat::Email => quote! { #rt::Email },
        StringFormat::Uri => quote! { #rt::Uri },
        StringFormat::Uuid => quote! { #rt::Uuid },
        _ => quote! { #rt::Secret<#string> },
    }
}
