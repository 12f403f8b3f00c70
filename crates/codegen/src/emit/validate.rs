//! Emits the `validate` module: a `Validate` impl per type, checking every constraint the
//! schema states and recursing only into values that can hold a violation.

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use super::{gate_items, ident, Ctx, ModuleState, Prelude};
use crate::ir::*;

mod dynamic;
mod views;

struct Emitter<'a> {
    ctx: Ctx<'a>,
    /// `static` regex cells, one per distinct `pattern`, each with the tag features of the
    /// types that use it (any of them compiles it).
    statics: Vec<(TokenStream, BTreeSet<String>)>,
    /// The static emitted for each distinct pattern text (its index in `statics`).
    patterns: BTreeMap<String, usize>,
    /// Whether any impl calls `check::*` (so the module imports it).
    uses_check: bool,
    /// Whether any impl is written out here (not by a runtime macro), so the module
    /// imports `Path`, `Validate` and `Violations`.
    names_traits: bool,
    /// The tag features of the type being emitted.
    features: &'a [String],
}

/// The `validate` module body.
pub fn emit_validate(api: &Api) -> TokenStream {
    let models = quote! { models:: };
    let prelude = Prelude::new(["Path", "Validate", "Violations"]);
    let state = ModuleState::default();
    let mut e = Emitter {
        ctx: state.ctx(api, &models, &prelude),
        statics: Vec::new(),
        patterns: BTreeMap::new(),
        uses_check: false,
        names_traits: false,
        features: &[],
    };
    let mut order: Vec<&TypeDef> = api.types.iter().collect();
    order.sort_by(|a, b| a.rust_name.cmp(&b.rust_name));
    let mut impls: Vec<TokenStream> = Vec::new();
    // The types whose every value is valid, by the tag features that compile them.
    let mut trivial: BTreeMap<&[String], Vec<TokenStream>> = BTreeMap::new();
    for t in order {
        let features = &t.facts.features;
        e.features = features;
        // A view of the value for checks that read it as JSON, and the type's schema
        // checked against any view for subschemas that name it.
        if t.facts.view {
            impls.push(gate_items(features, e.emit_instance(t)));
            e.names_traits = true;
        }
        if t.facts.json_schema {
            impls.push(gate_items(features, e.emit_json_schema(t)));
            e.names_traits = true;
        }
        if matches!(t.kind, TypeKind::Alias(_)) && !t.facts.newtype {
            continue;
        }
        if t.deprecated {
            // Deprecated schemas are still validated.
            e.ctx.allow("deprecated");
        }
        e.ctx.models_used.set(true);
        if t.facts.can_fail {
            impls.push(gate_items(features, e.emit_impl(t)));
        } else {
            let name = ident(&t.rust_name);
            trivial
                .entry(features)
                .or_default()
                .push(quote! { models::#name });
        }
    }
    let trait_import = if !e.names_traits {
        TokenStream::new()
    } else {
        let rt = e.ctx.rt();
        quote! { use #rt::{Path, Validate, Violations}; }
    };
    for (features, trivial) in trivial {
        let rt = e.ctx.rt();
        impls.push(gate_items(
            features,
            quote! { #rt::always_valid!(#(#trivial),*); },
        ));
    }
    let statics = e.statics.iter().map(|(cell, features)| {
        let features: Vec<String> = features.iter().cloned().collect();
        gate_items(&features, cell.clone())
    });
    let check_import = if e.uses_check {
        let rt = e.ctx.rt();
        quote! { use #rt::validate::check; }
    } else {
        TokenStream::new()
    };
    let models_import = state.models_import();
    let header = state.header();
    quote! {
        //! `Validate` impls: every constraint each schema states, reported with its path.
        #header
        #check_import
        #models_import
        #trait_import

        #(#statics)*
        #(#impls)*
    }
}

/// A typed JSON literal as the runtime's `Json` value.
fn json_tokens(rt: &TokenStream, value: &Literal) -> TokenStream {
    match value {
        Literal::Null => quote! { #rt::validate::Json::Null },
        Literal::Bool(b) => quote! { #rt::validate::Json::Bool(#b) },
        Literal::Int(i) => {
            let i = proc_macro2::Literal::i64_unsuffixed(*i);
            quote! { #rt::validate::Json::Int(#i) }
        }
        Literal::UInt(u) => {
            let u = proc_macro2::Literal::u64_unsuffixed(*u);
            quote! { #rt::validate::Json::UInt(#u) }
        }
        Literal::Float(f) => {
            let f = proc_macro2::Literal::f64_unsuffixed(*f);
            quote! { #rt::validate::Json::Float(#f) }
        }
        Literal::Str(s) => quote! { #rt::validate::Json::Str(#s) },
        Literal::Array(items) => {
            let items = items.iter().map(|i| json_tokens(rt, i));
            quote! { #rt::validate::Json::Array(&[#(#items),*]) }
        }
        Literal::Object(entries) => {
            let entries = entries.iter().map(|(k, v)| {
                let v = json_tokens(rt, v);
                quote! { (#k, #v) }
            });
            quote! { #rt::validate::Json::Object(&[#(#entries),*]) }
        }
    }
}

/// A numeric bound keyword.
#[derive(Debug, Clone, Copy)]
enum Bound {
    Minimum,
    Maximum,
    ExclusiveMinimum,
    ExclusiveMaximum,
    MultipleOf,
}

impl Bound {
    /// The runtime's `check::` function for an f64 comparison.
    fn function(self) -> &'static str {
        match self {
            Bound::Minimum => "minimum",
            Bound::Maximum => "maximum",
            Bound::ExclusiveMinimum => "exclusive_minimum",
            Bound::ExclusiveMaximum => "exclusive_maximum",
            Bound::MultipleOf => "multiple_of",
        }
    }
}

/// The exact check of an integer `value` (an `&i32`/`&i64` expression) against an integral
/// bound, inline, with the runtime's messages. A bound beyond the type's range is decided
/// here: a check no value can fail is left out, one every value fails is unconditional.
fn int_bound_check(
    kind: IntKind,
    bound: Bound,
    exact: i128,
    value: &TokenStream,
    at: &TokenStream,
) -> TokenStream {
    let (min, max) = match kind {
        IntKind::I32 => (i128::from(i32::MIN), i128::from(i32::MAX)),
        IntKind::I64 => (i128::from(i64::MIN), i128::from(i64::MAX)),
    };
    let literal = |n: i128| match kind {
        IntKind::I32 => proc_macro2::Literal::i32_suffixed(n as i32),
        IntKind::I64 => proc_macro2::Literal::i64_suffixed(n as i64),
    };
    let (message, never, always, op) = match bound {
        Bound::Minimum => (
            format!("must be >= {exact}"),
            exact <= min,
            exact > max,
            quote! { < },
        ),
        Bound::Maximum => (
            format!("must be <= {exact}"),
            exact >= max,
            exact < min,
            quote! { > },
        ),
        // At the type's extreme only the extreme itself fails (`<=`/`>=` there would be an
        // absurd comparison to clippy).
        Bound::ExclusiveMinimum if exact == min => {
            (format!("must be > {exact}"), false, false, quote! { == })
        }
        Bound::ExclusiveMaximum if exact == max => {
            (format!("must be < {exact}"), false, false, quote! { == })
        }
        Bound::ExclusiveMinimum => (
            format!("must be > {exact}"),
            exact < min,
            exact > max,
            quote! { <= },
        ),
        Bound::ExclusiveMaximum => (
            format!("must be < {exact}"),
            exact > max,
            exact < min,
            quote! { >= },
        ),
        Bound::MultipleOf => {
            let message = format!("must be a multiple of {exact}");
            if exact == 1 {
                return TokenStream::new();
            }
            if exact > max {
                // Only 0 is a multiple of a divisor beyond the type's range.
                return quote! { if *#value != 0 { out.push(#at, #message); } };
            }
            let divisor = literal(exact);
            return quote! { if *#value % #divisor != 0 { out.push(#at, #message); } };
        }
    };
    if never {
        return TokenStream::new();
    }
    if always {
        // The value is still bound by the caller's `if let`; no value can pass.
        return quote! { let _ = #value; out.push(#at, #message); };
    }
    let bound = literal(exact);
    quote! { if *#value #op #bound { out.push(#at, #message); } }
}

/// What a value outside a closed enum's list is told: the allowed values (the first 20).
fn closed_enum_message(e: &Enum) -> String {
    let listed = e
        .variants
        .iter()
        .map(|v| crate::diag::quote(&v.wire_name))
        .take(20)
        .collect::<Vec<_>>()
        .join(", ");
    let more = if e.variants.len() > 20 {
        format!(" and {} more", e.variants.len() - 20)
    } else {
        String::new()
    };
    format!("is not one of the allowed values ({listed}{more})")
}

impl Emitter<'_> {
    fn emit_impl(&mut self, t: &TypeDef) -> TokenStream {
        match &t.kind {
            // The usual enum, one line.
            TypeKind::Enum(e) if t.checks.is_empty() => {
                let name = ident(&t.rust_name);
                let models = self.ctx.models;
                let unknown = ident(&e.unknown_name);
                let message = closed_enum_message(e);
                let rt = self.ctx.rt();
                quote! { #rt::closed_enum!(#models #name, #unknown, #message); }
            }
            _ => self.emit_impl_written(t),
        }
    }

    /// An impl written out in full.
    fn emit_impl_written(&mut self, t: &TypeDef) -> TokenStream {
        self.names_traits = true;
        let name = ident(&t.rust_name);
        let models = self.ctx.models;
        let body = match &t.kind {
            TypeKind::Struct(s) => self.struct_body(s),
            TypeKind::Enum(e) => {
                let unknown = ident(&e.unknown_name);
                let message = closed_enum_message(e);
                quote! {
                    if let Self::#unknown(value) = self {
                        out.push(at, ::std::format_args!("`{}` {}", value, #message));
                    }
                }
            }
            TypeKind::Union(u) => {
                let arms: Vec<TokenStream> = u
                    .variants
                    .iter()
                    .map(|v| {
                        let variant = ident(&v.rust_name);
                        if self.is_pure_delegation(&v.shape) {
                            return quote! { Self::#variant(value) => Validate::validate_at(value, at, out), };
                        }
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
                        .flat_map(|v| v.tag_values.iter().map(|t| crate::diag::quote(t)))
                        .collect::<Vec<_>>()
                        .join(", ");
                    let message = format!(
                        "has a `{}` that is none of the known alternatives ({known})",
                        crate::diag::quote(tag)
                    );
                    quote! { Self::#other(_) => out.push(at, #message), }
                });
                quote! {
                    match self {
                        #(#arms)*
                        #other
                    }
                }
            }
            TypeKind::Alias(shape) => {
                let check = self.shape_check(shape, quote! { value }, quote! { at });
                if check.is_empty() {
                    check
                } else {
                    quote! {
                        let value = &self.0;
                        #check
                    }
                }
            }
        };
        // The keywords of the type's schema its kind does not capture, on its JSON view.
        let own = self.view_checks(&t.checks, &Ty::Any, quote! { self }, quote! { at });
        if body.is_empty() && own.is_empty() {
            // Every check the schema states holds for any value of the type.
            return quote! {
                impl Validate for #models #name {
                    fn validate_at(&self, _at: &Path<'_>, _out: &mut Violations) {}
                }
            };
        }
        quote! {
            impl Validate for #models #name {
                fn validate_at(&self, at: &Path<'_>, out: &mut Violations) {
                    #body
                    #own
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
            if f.deprecated {
                // Deprecated properties are still validated.
                self.ctx.allow("deprecated");
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
            let checked = if f.required || !f.shape.nullable {
                f.shape.clone()
            } else {
                // Option<Option<T>>: absent or null needs no check.
                f.shape.non_null()
            };
            let check = self.shape_check(&checked, quote! { value }, quote! { at });
            if check.is_empty() {
                // Keywords that do not apply to the type (`maxLength` on an integer, say)
                // leave nothing to check; an empty block would bind unused variables.
                continue;
            }
            out.push(if f.required {
                quote! {{ let value = &self.#field; let at = #path; #check }}
            } else if f.shape.nullable {
                quote! { if let Some(Some(value)) = &self.#field { let at = #path; #check } }
            } else {
                quote! { if let Some(value) = &self.#field { let at = #path; #check } }
            });
        }
        let extra_field = ident(super::models::EXTRA_FIELD);
        if let Extra::Typed(shape) = &s.extra {
            if self.is_pure_delegation(shape) {
                out.push(quote! { Validate::validate_at(&self.#extra_field, at, out); });
            } else if self.validates_shape(shape) {
                let check = self.shape_check(shape, quote! { value }, quote! { at });
                out.push(quote! {
                    for (key, value) in &self.#extra_field {
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
                _ => quote! { self.#extra_field.len() },
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

    /// Whether checking `shape` is exactly calling its type's `validate_at` (the runtime's
    /// impls for `Option`, `Vec` and `BTreeMap` check each value present at its path).
    fn is_pure_delegation(&self, shape: &Shape) -> bool {
        if !shape.checks.is_empty() {
            return false;
        }
        match &shape.ty {
            Ty::String(format) => format.validates(),
            Ty::Array(item) | Ty::Map(item) => self.is_pure_delegation(item),
            Ty::Named { id, .. } => {
                let t = &self.ctx.api.types[id.0];
                (!matches!(t.kind, TypeKind::Alias(_)) || t.facts.newtype) && t.facts.can_fail
            }
            _ => false,
        }
    }

    /// The static for `pattern`: one per distinct pattern, shared by every site that uses it.
    fn pattern_static(&mut self, pattern: &str) -> Ident {
        let index = match self.patterns.get(pattern) {
            Some(index) => *index,
            None => {
                let index = self.statics.len();
                let cell = format_ident!("PATTERN_{index}");
                let rt = self.ctx.rt();
                self.statics.push((
                    quote! {
                        static #cell: #rt::validate::Pattern = #rt::validate::Pattern::new(#pattern);
                    },
                    BTreeSet::new(),
                ));
                self.patterns.insert(pattern.to_owned(), index);
                index
            }
        };
        // Compiled when any type using it is.
        self.statics[index].1.extend(self.features.iter().cloned());
        format_ident!("PATTERN_{index}")
    }

    fn validates_shape(&self, shape: &Shape) -> bool {
        self.ctx.api.shape_can_fail(shape)
    }

    /// Checks for `value` (an expression of type `&T` for the shape's type, `Option` included
    /// when nullable) located at `at` (an expression of type `&Path`).
    fn shape_check(&mut self, shape: &Shape, value: TokenStream, at: TokenStream) -> TokenStream {
        if shape.nullable {
            let check = self.shape_check(&shape.non_null(), quote! { value }, at);
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
                    let cell = self.pattern_static(pattern);
                    out.push(quote! { #cell.check(#text, #at, out); });
                }
                if let Some(format) = c.format {
                    self.uses_check = true;
                    let format = dynamic::format_tokens(&self.ctx.rt(), format);
                    out.push(quote! { check::format(#text, #format, #at, out); });
                }
            }
        }
        if matches!(shape.ty, Ty::Integer(_) | Ty::Number(_)) {
            for (bound, bound_kind) in [
                (c.minimum, Bound::Minimum),
                (c.maximum, Bound::Maximum),
                (c.exclusive_minimum, Bound::ExclusiveMinimum),
                (c.exclusive_maximum, Bound::ExclusiveMaximum),
                (c.multiple_of, Bound::MultipleOf),
            ] {
                let Some(bound) = bound else {
                    continue;
                };
                // An integer value with an integral bound is compared exactly, as integers:
                // `maximum: 9007199254740993` must not become `9007199254740992f64`.
                if let (Ty::Integer(kind), Some(exact)) = (&shape.ty, bound.as_integer()) {
                    out.push(int_bound_check(*kind, bound_kind, exact, &value, &at));
                    continue;
                }
                let number = match shape.ty {
                    Ty::Number(NumberKind::F64) => quote! { *#value },
                    Ty::Integer(IntKind::I64) => {
                        // A fractional bound on an integer: compared as f64, the JSON number
                        // type.
                        self.ctx.allow("clippy::cast_precision_loss");
                        quote! { *#value as f64 }
                    }
                    _ => quote! { f64::from(*#value) },
                };
                let bound = bound.as_f64();
                let func = format_ident!("{}", bound_kind.function());
                self.uses_check = true;
                out.push(quote! { check::#func(#number, #bound, #at, out); });
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
                match &shape.ty {
                    // JSON values compare as JSON (`1` equals `1.0`), not as Rust values.
                    Ty::Array(item) if item.ty == Ty::Any => {
                        let rt = self.ctx.rt();
                        out.push(
                            quote! { #rt::validate::dynamic::unique_items(#value, #at, out); },
                        );
                    }
                    _ => {
                        self.uses_check = true;
                        out.push(quote! { check::unique_items(#value, #at, out); });
                    }
                }
            }
        }
        let on_view = matches!(shape.ty, Ty::Any | Ty::Named { .. });
        if let Some(expected) = c.const_value.as_ref().filter(|_| !on_view) {
            self.uses_check = true;
            let expected = json_tokens(&self.ctx.rt(), expected);
            out.push(quote! { check::const_value(#value, &#expected, #at, out); });
        }
        if !c.allowed.is_empty() && !on_view {
            self.uses_check = true;
            let rt = self.ctx.rt();
            let allowed = c.allowed.iter().map(|a| json_tokens(&rt, a));
            out.push(quote! { check::one_of(#value, &[#(#allowed),*], #at, out); });
        }
        // What only the value's JSON view can check (everything, on an untyped value).
        out.push(self.view_checks(c, &shape.ty, value.clone(), at.clone()));
        match &shape.ty {
            Ty::String(format) if format.validates() => {
                out.push(quote! { Validate::validate_at(#value, #at, out); });
            }
            Ty::Array(item) | Ty::Map(item) if self.is_pure_delegation(item) => {
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
                let t = &self.ctx.api.types[id.0];
                match &t.kind {
                    // Type aliases have no impl of their own: check their shape in place
                    // (alias cycles were refused, so this ends).
                    TypeKind::Alias(alias) if !t.facts.newtype => {
                        let check = self.shape_check(alias, value.clone(), at.clone());
                        out.push(check);
                    }
                    _ if t.facts.can_fail => {
                        out.push(quote! { Validate::validate_at(#value, #at, out); });
                    }
                    _ => {}
                }
            }
            _ => {}
        }
        quote! { #(#out)* }
    }
}
