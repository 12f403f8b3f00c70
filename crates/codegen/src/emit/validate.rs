//! Emits the `validate` module: a `Validate` impl per type, checking every constraint the
//! schema states and recursing only into values that can hold a violation.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::{ident, module_header, Ctx, Prelude};
use crate::ir::*;

/// Which types can report a violation (a fixpoint over the type graph).
pub fn validating_types(api: &Api) -> Vec<bool> {
    let mut validates = vec![false; api.types.len()];
    loop {
        let mut changed = false;
        for (i, t) in api.types.iter().enumerate() {
            if validates[i] {
                continue;
            }
            let v = match &t.kind {
                TypeKind::Enum(e) => !e.open,
                TypeKind::Struct(s) => {
                    s.min_properties.is_some()
                        || s.max_properties.is_some()
                        || s.fields
                            .iter()
                            .any(|f| shape_validates(&validates, &f.shape))
                        || matches!(&s.extra, Extra::Typed(shape) if shape_validates(&validates, shape))
                }
                // A tagged union can hold an unknown alternative, which is reported.
                TypeKind::Union(u) => {
                    u.tag.is_some()
                        || u.variants
                            .iter()
                            .any(|v| shape_validates(&validates, &v.shape))
                }
                TypeKind::Alias(shape) => shape_validates(&validates, shape),
            };
            if v {
                validates[i] = true;
                changed = true;
            }
        }
        if !changed {
            return validates;
        }
    }
}

fn shape_validates(validates: &[bool], shape: &Shape) -> bool {
    if !shape.checks.is_empty() {
        return true;
    }
    match &shape.ty {
        Ty::String(f) => !matches!(
            f,
            StringFormat::Plain | StringFormat::Password | StringFormat::Binary
        ),
        Ty::Array(inner) | Ty::Map(inner) => shape_validates(validates, inner),
        Ty::Named { id, .. } => validates[id.0],
        _ => false,
    }
}

struct Emitter<'a> {
    ctx: Ctx<'a>,
    validates: Vec<bool>,
    /// `static` regex cells, one per `pattern` site.
    statics: Vec<TokenStream>,
    /// Aliases being expanded, so an alias cycle cannot recurse forever.
    aliases: Vec<usize>,
    /// Whether any impl calls `check::*` (so the module imports it).
    uses_check: bool,
    /// The static emitted for each distinct pattern text.
    patterns: std::collections::BTreeMap<String, proc_macro2::Ident>,
}

/// The `validate` module body.
pub fn emit_validate(api: &Api) -> TokenStream {
    let models = quote! { models:: };
    let prelude = Prelude::new(["Path", "Validate", "Violations"]);
    let mut e = Emitter {
        ctx: Ctx {
            api,
            models: &models,
            prelude: &prelude,
        },
        validates: validating_types(api),
        statics: Vec::new(),
        aliases: Vec::new(),
        patterns: std::collections::BTreeMap::new(),
        uses_check: false,
    };
    let mut order: Vec<(usize, &TypeDef)> = api.types.iter().enumerate().collect();
    order.sort_by(|a, b| a.1.rust_name.cmp(&b.1.rust_name));
    let mut impls: Vec<TokenStream> = Vec::new();
    let mut trivial = Vec::new();
    for (i, t) in order {
        if matches!(t.kind, TypeKind::Alias(_)) {
            continue;
        }
        if e.validates[i] {
            impls.push(e.emit_impl(i, t));
        } else {
            let name = ident(&t.rust_name);
            trivial.push(quote! { models::#name });
        }
    }
    let trait_import = if impls.is_empty() {
        TokenStream::new()
    } else {
        quote! { use rt::{Path, Validate, Violations}; }
    };
    if !trivial.is_empty() {
        impls.push(quote! { rt::always_valid!(#(#trivial),*); });
    }
    let statics = &e.statics;
    let uses_check = e.uses_check;
    let header = module_header(
        false,
        quote! {
            // Deprecated properties are still validated.
            deprecated,
            // Integer bounds are compared as f64, the JSON number type; values beyond 2^53
            // lose precision exactly as they would in any JSON implementation.
            clippy::cast_precision_loss,
        },
    );
    let check_import = if uses_check {
        quote! { use rt::validate::check; }
    } else {
        TokenStream::new()
    };
    quote! {
        //! `Validate` impls: every constraint each schema states, reported with its path.
        #header
        #check_import
        // Not every spec's operations (or checks) name a model.
        #[allow(unused_imports)]
        use super::models;
        #trait_import

        #(#statics)*
        #(#impls)*
    }
}

impl Emitter<'_> {
    fn emit_impl(&mut self, i: usize, t: &TypeDef) -> TokenStream {
        let name = ident(&t.rust_name);
        let models = self.ctx.models;
        debug_assert!(
            self.validates[i],
            "types that cannot fail go to `always_valid!`"
        );
        let body = match &t.kind {
            TypeKind::Struct(s) => self.struct_body(s),
            TypeKind::Enum(e) => {
                let unknown = ident(&e.unknown_name);
                let listed = e
                    .variants
                    .iter()
                    .map(|v| v.wire_name.as_str())
                    .take(20)
                    .collect::<Vec<_>>()
                    .join(", ");
                let more = if e.variants.len() > 20 {
                    format!(" and {} more", e.variants.len() - 20)
                } else {
                    String::new()
                };
                let message = format!("is not one of the allowed values ({listed}{more})");
                quote! {
                    if let Self::#unknown(value) = self {
                        out.push(at, ::std::format!("`{}` {}", value, #message));
                    }
                }
            }
            TypeKind::Union(u) => {
                let arms: Vec<TokenStream> = u
                    .variants
                    .iter()
                    .map(|v| {
                        let variant = ident(&v.rust_name);
                        let check = self.shape_check(&v.shape, quote! { value }, quote! { at });
                        if check.is_empty() {
                            quote! { Self::#variant(_) => {} }
                        } else {
                            quote! { Self::#variant(value) => { #check } }
                        }
                    })
                    .collect();
                let other = u.tag.as_ref().map(|tag| {
                    let other = ident(&u.other_name);
                    let known = u
                        .variants
                        .iter()
                        .flat_map(|v| v.tag_values.iter().cloned())
                        .collect::<Vec<_>>()
                        .join(", ");
                    let message =
                        format!("has a `{tag}` that is none of the known alternatives ({known})");
                    quote! { Self::#other(_) => out.push(at, #message), }
                });
                quote! {
                    match self {
                        #(#arms)*
                        #other
                    }
                }
            }
            TypeKind::Alias(_) => TokenStream::new(),
        };
        quote! {
            impl Validate for #models #name {
                fn validate_at(&self, at: &Path<'_>, out: &mut Violations) {
                    #body
                }
            }
        }
    }

    fn struct_body(&mut self, s: &Struct) -> TokenStream {
        let mut out = Vec::new();
        for f in &s.fields {
            if !self.validates_shape(&f.shape) {
                continue;
            }
            let field = ident(&f.rust_name);
            let wire = &f.wire_name;
            let path = quote! { &at.key(#wire) };
            // A field whose only check is its type's own `validate_at` is one line: `Option`
            // (and `Option<Option<_>>`) delegate to the value when present.
            if self.is_pure_delegation(&f.shape) {
                out.push(quote! { Validate::validate_at(&self.#field, #path, out); });
                continue;
            }
            out.push(if f.required {
                let check = self.shape_check(&f.shape, quote! { value }, quote! { at });
                quote! {{ let value = &self.#field; let at = #path; #check }}
            } else if f.shape.nullable {
                // Option<Option<T>>: absent or null needs no check.
                let inner = Shape {
                    nullable: false,
                    ..f.shape.clone()
                };
                let check = self.shape_check(&inner, quote! { value }, quote! { at });
                quote! { if let Some(Some(value)) = &self.#field { let at = #path; #check } }
            } else {
                let check = self.shape_check(&f.shape, quote! { value }, quote! { at });
                quote! { if let Some(value) = &self.#field { let at = #path; #check } }
            });
        }
        if let Extra::Typed(shape) = &s.extra {
            if self.validates_shape(shape) {
                let check = self.shape_check(shape, quote! { value }, quote! { at });
                out.push(quote! {
                    for (key, value) in &self.additional_properties {
                        let at = &at.key(key);
                        #check
                    }
                });
            }
        }
        if s.min_properties.is_some() || s.max_properties.is_some() {
            let counts = s.fields.iter().map(|f| {
                let field = ident(&f.rust_name);
                if f.required {
                    quote! { 1usize }
                } else {
                    quote! { usize::from(self.#field.is_some()) }
                }
            });
            let extra = match s.extra {
                Extra::Deny => quote! { 0usize },
                _ => quote! { self.additional_properties.len() },
            };
            let mut checks = Vec::new();
            if let Some(min) = s.min_properties {
                let min = min as usize;
                self.uses_check = true;
                checks.push(quote! { check::min_properties(count, #min, at, out); });
            }
            if let Some(max) = s.max_properties {
                let max = max as usize;
                self.uses_check = true;
                checks.push(quote! { check::max_properties(count, #max, at, out); });
            }
            out.push(quote! {
                let count = #extra #( + #counts )*;
                #(#checks)*
            });
        }
        quote! { #(#out)* }
    }

    /// Whether checking `shape` is exactly calling its type's `validate_at`.
    fn is_pure_delegation(&self, shape: &Shape) -> bool {
        if !shape.checks.is_empty() {
            return false;
        }
        match &shape.ty {
            Ty::String(f) => !matches!(
                f,
                StringFormat::Plain | StringFormat::Password | StringFormat::Binary
            ),
            Ty::Named { id, .. } => {
                !matches!(self.ctx.api.types[id.0].kind, TypeKind::Alias(_)) && self.validates[id.0]
            }
            _ => false,
        }
    }

    fn validates_shape(&self, shape: &Shape) -> bool {
        shape_validates(&self.validates, shape)
    }

    /// Checks for `value` (an expression of type `&T` for the shape's type, `Option` included
    /// when nullable) located at `at` (an expression of type `&Path`).
    fn shape_check(&mut self, shape: &Shape, value: TokenStream, at: TokenStream) -> TokenStream {
        if shape.nullable {
            let inner = Shape {
                nullable: false,
                ..shape.clone()
            };
            let check = self.shape_check(&inner, quote! { value }, at);
            if check.is_empty() {
                return check;
            }
            return quote! { if let Some(value) = #value { #check } };
        }
        let mut out = Vec::new();
        let c = &shape.checks;
        let is_string = matches!(shape.ty, Ty::String(_));
        if is_string || c.min_length.is_some() || c.max_length.is_some() || c.pattern.is_some() {
            let text = match &shape.ty {
                Ty::String(StringFormat::Plain | StringFormat::Binary) => {
                    quote! { #value.as_str() }
                }
                Ty::String(StringFormat::Password) => quote! { #value.expose().as_str() },
                Ty::String(_) => quote! { #value.as_str() },
                _ => TokenStream::new(),
            };
            if !text.is_empty() {
                if let Some(min) = c.min_length {
                    let min = min as usize;
                    self.uses_check = true;
                    out.push(quote! { check::min_length(#text, #min, #at, out); });
                }
                if let Some(max) = c.max_length {
                    let max = max as usize;
                    self.uses_check = true;
                    out.push(quote! { check::max_length(#text, #max, #at, out); });
                }
                if let Some(pattern) = &c.pattern {
                    // One static per distinct pattern, shared by every site that uses it.
                    let cell = match self.patterns.get(pattern) {
                        Some(cell) => cell.clone(),
                        None => {
                            let cell = format_ident!("PATTERN_{}", self.statics.len());
                            self.statics.push(quote! {
                                static #cell: rt::validate::Pattern = rt::validate::Pattern::new(#pattern);
                            });
                            self.patterns.insert(pattern.clone(), cell.clone());
                            cell
                        }
                    };
                    out.push(quote! { #cell.check(#text, #at, out); });
                }
            }
        }
        if matches!(shape.ty, Ty::Integer(_) | Ty::Number(_)) {
            let number = match shape.ty {
                Ty::Number(NumberKind::F64) => quote! { *#value },
                Ty::Integer(IntKind::I64) => quote! { *#value as f64 },
                _ => quote! { f64::from(*#value) },
            };
            for (bound, func) in [
                (c.minimum, "minimum"),
                (c.maximum, "maximum"),
                (c.exclusive_minimum, "exclusive_minimum"),
                (c.exclusive_maximum, "exclusive_maximum"),
                (c.multiple_of, "multiple_of"),
            ] {
                if let Some(bound) = bound {
                    let func = format_ident!("{}", func);
                    self.uses_check = true;
                    out.push(quote! { check::#func(#number, #bound, #at, out); });
                }
            }
        }
        if let Ty::Array(_) = &shape.ty {
            if let Some(min) = c.min_items {
                let min = min as usize;
                self.uses_check = true;
                out.push(quote! { check::min_items(#value.len(), #min, #at, out); });
            }
            if let Some(max) = c.max_items {
                let max = max as usize;
                self.uses_check = true;
                out.push(quote! { check::max_items(#value.len(), #max, #at, out); });
            }
            if c.unique_items {
                self.uses_check = true;
                out.push(quote! { check::unique_items(#value, #at, out); });
            }
        }
        if let Some(json) = &c.const_value {
            self.uses_check = true;
            let json = json_literal(json);
            out.push(quote! { check::const_value(#value, &#json, #at, out); });
        }
        if !c.allowed.is_empty() {
            let allowed = c.allowed.iter().map(|json| json_literal(json));
            self.uses_check = true;
            out.push(quote! { check::one_of(#value, &[#(#allowed),*], #at, out); });
        }
        match &shape.ty {
            Ty::String(f)
                if !matches!(
                    f,
                    StringFormat::Plain | StringFormat::Password | StringFormat::Binary
                ) =>
            {
                out.push(quote! { Validate::validate_at(#value, #at, out); });
            }
            Ty::Array(item) if self.validates_shape(item) => {
                let check = self.shape_check(item, quote! { value }, quote! { at });
                out.push(quote! {
                    for (index, value) in #value.iter().enumerate() {
                        let at = &#at.index(index);
                        #check
                    }
                });
            }
            Ty::Map(item) if self.validates_shape(item) => {
                let check = self.shape_check(item, quote! { value }, quote! { at });
                out.push(quote! {
                    for (key, value) in #value {
                        let at = &#at.key(key);
                        #check
                    }
                });
            }
            Ty::Named { id, .. } => {
                if let TypeKind::Alias(alias) = &self.ctx.api.types[id.0].kind {
                    // Aliases have no impl of their own: check their shape in place.
                    if !self.aliases.contains(&id.0) {
                        self.aliases.push(id.0);
                        let alias = alias.clone();
                        let check = self.shape_check(&alias, value.clone(), at.clone());
                        self.aliases.pop();
                        out.push(check);
                    }
                } else if self.validates[id.0] {
                    out.push(quote! { Validate::validate_at(#value, #at, out); });
                }
            }
            _ => {}
        }
        quote! { #(#out)* }
    }
}

/// The runtime's typed literal (`rt::validate::Json`) for JSON text from the IR. serde_json
/// wrote that text from a value nested inside a spec the loader accepted (so within its
/// recursion limit), so it parses back; were it ever not to, the check would demand `null`
/// and report valid values, never pass invalid ones silently.
fn json_literal(text: &str) -> TokenStream {
    let value = serde_json::from_str(text).unwrap_or(serde_json::Value::Null);
    json_tokens(&value)
}

fn json_tokens(value: &serde_json::Value) -> TokenStream {
    use proc_macro2::{Literal, Span};
    use serde_json::Value;
    let json = quote! { rt::validate::Json };
    let signed = |negative: bool, literal: TokenStream| {
        if negative {
            quote! { -#literal }
        } else {
            literal
        }
    };
    match value {
        Value::Null => quote! { #json::Null },
        Value::Bool(b) => quote! { #json::Bool(#b) },
        Value::Number(n) => {
            if let Some(i) = n.as_i64() {
                let literal = Literal::u64_unsuffixed(i.unsigned_abs());
                let literal = signed(i < 0, quote! { #literal });
                quote! { #json::Int(#literal) }
            } else if let Some(u) = n.as_u64() {
                let literal = Literal::u64_unsuffixed(u);
                quote! { #json::UInt(#literal) }
            } else {
                let f = n.as_f64().unwrap_or(0.0);
                // `Debug` is the shortest text that reads back exactly, e.g. `0.1`, `1e300`.
                let literal = syn::LitFloat::new(&format!("{:?}", f.abs()), Span::call_site());
                let literal = signed(f < 0.0, quote! { #literal });
                quote! { #json::Float(#literal) }
            }
        }
        Value::String(s) => quote! { #json::Str(#s) },
        Value::Array(items) => {
            let items = items.iter().map(json_tokens);
            quote! { #json::Array(&[#(#items),*]) }
        }
        Value::Object(entries) => {
            let entries = entries.iter().map(|(key, value)| {
                let value = json_tokens(value);
                quote! { (#key, #value) }
            });
            quote! { #json::Object(&[#(#entries),*]) }
        }
    }
}
