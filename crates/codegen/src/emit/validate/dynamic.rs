//! Checks on a value's JSON view (the runtime's `Instance`): every keyword of an untyped
//! value or a subschema, with JSON Schema's instance-type semantics, and the keywords of a
//! typed value that only its view can check.
//!
//! Generated code here reads a view `v: &dyn Instance` at `at: &Path` and records into
//! `out`; a subschema that must be tried without reporting (`not`, `if`, the alternatives
//! of `oneOf`, `contains`) runs in a closure whose `out` is a probe.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::{ident, json_tokens, Emitter};
use crate::ir::*;

/// `rt::validate::Format::DateTime` for a format.
pub(super) fn format_tokens(rt: &TokenStream, format: Format) -> TokenStream {
    let name = format_ident!("{}", format!("{format:?}"));
    quote! { #rt::validate::Format::#name }
}

/// `rt::validate::JsonType::Integer` for a type name.
fn type_tokens(rt: &TokenStream, t: JsonType) -> TokenStream {
    let name = format_ident!("{}", format!("{t:?}"));
    quote! { #rt::validate::JsonType::#name }
}

/// The runtime format a string format type checks in `validate()`.
fn typed_format(format: StringFormat) -> Option<Format> {
    match format {
        StringFormat::DateTime => Some(Format::DateTime),
        StringFormat::Date => Some(Format::Date),
        StringFormat::Email => Some(Format::Email),
        StringFormat::Uri => Some(Format::Uri),
        StringFormat::Uuid => Some(Format::Uuid),
        StringFormat::Plain | StringFormat::Password | StringFormat::Binary => None,
    }
}

impl Emitter<'_> {
    /// The checks of `checks` that go through the JSON view of `value` (an expression of
    /// type `&T` for Rust type `ty`) at `at`: all of them on an untyped value or a named
    /// type, otherwise only those a view alone can check.
    pub(super) fn view_checks(
        &mut self,
        checks: &Checks,
        ty: &Ty,
        value: TokenStream,
        at: TokenStream,
    ) -> TokenStream {
        if !checks.on_view(ty) {
            return TokenStream::new();
        }
        let all = matches!(ty, Ty::Any | Ty::Named { .. });
        let body = self.dyn_checks(checks, all);
        if body.is_empty() {
            return body;
        }
        let rt = self.ctx.rt();
        quote! {{
            let v: &dyn #rt::validate::Instance = #value;
            let at: &Path<'_> = #at;
            #body
        }}
    }

    /// Everything `shape` says about the view `v`: its type, its checks and what it holds.
    pub(super) fn dyn_shape(&mut self, shape: &Shape) -> TokenStream {
        let rt = self.ctx.rt();
        let mut parts = Vec::new();
        let require = |t: JsonType| {
            let t = type_tokens(&rt, t);
            quote! { #rt::validate::dynamic::types(v, &[#t], at, out); }
        };
        match &shape.ty {
            Ty::Any => {}
            Ty::AnyObject => parts.push(require(JsonType::Object)),
            Ty::Bool => parts.push(require(JsonType::Boolean)),
            Ty::Integer(_) => parts.push(require(JsonType::Integer)),
            Ty::Number(_) => parts.push(require(JsonType::Number)),
            Ty::String(format) => {
                parts.push(require(JsonType::String));
                if let Some(format) = typed_format(*format) {
                    let format = format_tokens(&rt, format);
                    parts.push(quote! { #rt::validate::dynamic::format(v, #format, at, out); });
                }
            }
            Ty::Array(item) => {
                parts.push(require(JsonType::Array));
                let check = self.dyn_shape(item);
                if !check.is_empty() {
                    parts.push(quote! {
                        for index in 0..v.count() {
                            if let ::std::option::Option::Some(v) = v.item(index) {
                                let at = &at.index(index);
                                #check
                            }
                        }
                    });
                }
            }
            Ty::Map(value) => {
                parts.push(require(JsonType::Object));
                let check = self.dyn_shape(value);
                if !check.is_empty() {
                    parts.push(quote! {
                        v.each_property(&mut |key, v| {
                            let at = &at.key(key);
                            #check
                        });
                    });
                }
            }
            Ty::Named { id, .. } => {
                let t = &self.ctx.api.types[id.0];
                match &t.kind {
                    // A type alias is no type of its own: its shape, in place.
                    TypeKind::Alias(alias) if !t.facts.newtype => parts.push(self.dyn_shape(alias)),
                    _ => {
                        let name = ident(&t.rust_name);
                        let models = self.ctx.models;
                        self.ctx.models_used.set(true);
                        parts.push(quote! {
                            <#models #name as #rt::validate::JsonSchema>::check_json(v, at, out);
                        });
                    }
                }
            }
        }
        parts.push(self.dyn_checks(&shape.checks, true));
        let body = quote! { #(#parts)* };
        if shape.nullable && !body.is_empty() {
            quote! {
                if v.kind() != #rt::validate::Kind::Null {
                    #body
                }
            }
        } else {
            body
        }
    }

    /// The keywords of `checks` on the view `v`: when `all`, the scalar ones too (each on
    /// the JSON type it is about), else only those a Rust type cannot check.
    pub(super) fn dyn_checks(&mut self, c: &Checks, all: bool) -> TokenStream {
        let rt = self.ctx.rt();
        let d = quote! { #rt::validate::dynamic };
        let mut out = Vec::new();
        if !c.types.is_empty() {
            let types = c.types.iter().map(|t| type_tokens(&rt, *t));
            out.push(quote! { #d::types(v, &[#(#types),*], at, out); });
        }
        if c.never {
            out.push(quote! { #d::never(v, at, out); });
        }
        if all {
            if let Some(n) = c.min_length {
                let n = n as usize;
                out.push(quote! { #d::min_length(v, #n, at, out); });
            }
            if let Some(n) = c.max_length {
                let n = n as usize;
                out.push(quote! { #d::max_length(v, #n, at, out); });
            }
            if let Some(pattern) = &c.pattern {
                let cell = self.pattern_static(pattern);
                out.push(quote! { #d::pattern(v, &#cell, at, out); });
            }
            if let Some(format) = c.format {
                let format = format_tokens(&rt, format);
                out.push(quote! { #d::format(v, #format, at, out); });
            }
            for (bound, func) in [
                (c.minimum, "minimum"),
                (c.maximum, "maximum"),
                (c.exclusive_minimum, "exclusive_minimum"),
                (c.exclusive_maximum, "exclusive_maximum"),
                (c.multiple_of, "multiple_of"),
            ] {
                if let Some(bound) = bound {
                    let bound = bound.as_f64();
                    let func = format_ident!("{}", func);
                    out.push(quote! { #d::#func(v, #bound, at, out); });
                }
            }
            if let Some(n) = c.min_items {
                let n = n as usize;
                out.push(quote! { #d::min_items(v, #n, at, out); });
            }
            if let Some(n) = c.max_items {
                let n = n as usize;
                out.push(quote! { #d::max_items(v, #n, at, out); });
            }
            if c.unique_items {
                out.push(quote! { #d::unique_items(v, at, out); });
            }
            if let Some(expected) = &c.const_value {
                let expected = json_tokens(&rt, expected);
                out.push(quote! { #d::const_value(v, &#expected, at, out); });
            }
            if !c.allowed.is_empty() {
                let allowed = c.allowed.iter().map(|a| json_tokens(&rt, a));
                out.push(quote! { #d::one_of_values(v, &[#(#allowed),*], at, out); });
            }
        }
        if let Some(applied) = &c.applied {
            out.push(self.dyn_applied(applied));
        }
        quote! { #(#out)* }
    }

    /// `check` run as a probe: whether the view passes it (`true` for no check at all).
    fn passes(&mut self, check: TokenStream) -> TokenStream {
        if check.is_empty() {
            return quote! { true };
        }
        let rt = self.ctx.rt();
        quote! { #rt::validate::dynamic::passes(|out| { #check }) }
    }

    /// The keywords that hold subschemas or are about objects and arrays, on the view `v`.
    fn dyn_applied(&mut self, a: &Applied) -> TokenStream {
        let rt = self.ctx.rt();
        let d = quote! { #rt::validate::dynamic };
        let mut out = Vec::new();
        // Objects.
        if let Some(n) = a.min_properties {
            let n = n as usize;
            out.push(quote! { #d::min_properties(v, #n, at, out); });
        }
        if let Some(n) = a.max_properties {
            let n = n as usize;
            out.push(quote! { #d::max_properties(v, #n, at, out); });
        }
        if !a.required.is_empty() {
            let names = &a.required;
            out.push(quote! { #d::required(v, &[#(#names),*], at, out); });
        }
        if !a.dependent_required.is_empty() {
            let pairs = a.dependent_required.iter().map(|(name, needed)| {
                quote! { (#name, &[#(#needed),*]) }
            });
            out.push(quote! { #d::dependent_required(v, &[#(#pairs),*], at, out); });
        }
        for (name, shape) in &a.properties {
            let check = self.dyn_shape(shape);
            if !check.is_empty() {
                out.push(quote! {
                    if let ::std::option::Option::Some(v) = v.property(#name) {
                        let at = &at.key(#name);
                        #check
                    }
                });
            }
        }
        out.push(self.each_property_checks(a));
        for (name, shape) in &a.dependent_schemas {
            let check = self.dyn_shape(shape);
            if !check.is_empty() {
                out.push(quote! {
                    if v.property(#name).is_some() {
                        #check
                    }
                });
            }
        }
        // Arrays.
        for (index, shape) in a.prefix_items.iter().enumerate() {
            let check = self.dyn_shape(shape);
            if !check.is_empty() {
                out.push(quote! {
                    if let ::std::option::Option::Some(v) = v.item(#index) {
                        let at = &at.index(#index);
                        #check
                    }
                });
            }
        }
        if let Some(items) = &a.items {
            let check = self.dyn_shape(items);
            let start = a.prefix_items.len();
            if !check.is_empty() {
                out.push(quote! {
                    for index in #start..v.count() {
                        if let ::std::option::Option::Some(v) = v.item(index) {
                            let at = &at.index(index);
                            #check
                        }
                    }
                });
            }
        }
        if let Some(contains) = &a.contains {
            let check = self.dyn_shape(contains);
            let matching = if check.is_empty() {
                quote! { v.count() }
            } else {
                let passes = self.passes(check);
                quote! {
                    (0..v.count())
                        .filter(|index| v.item(*index).is_some_and(|v| #passes))
                        .count()
                }
            };
            let min = a.min_contains.unwrap_or(1) as usize;
            let max = match a.max_contains {
                Some(max) => {
                    let max = max as usize;
                    quote! { ::std::option::Option::Some(#max) }
                }
                None => quote! { ::std::option::Option::None },
            };
            out.push(quote! {
                if v.kind() == #rt::validate::Kind::Array {
                    let matching = #matching;
                    #d::contains(matching, #min, #max, at, out);
                }
            });
        }
        // Applicators.
        for member in &a.all_of {
            out.push(self.dyn_shape(member));
        }
        for (members, exclusive) in [(&a.any_of, false), (&a.one_of, true)] {
            if members.is_empty() {
                continue;
            }
            let checks: Vec<TokenStream> = members.iter().map(|m| self.dyn_shape(m)).collect();
            let passes: Vec<TokenStream> = checks.iter().map(|c| self.passes(c.clone())).collect();
            // Each alternative's first violation, rendered only when none passed.
            let explain: Vec<TokenStream> = checks
                .iter()
                .enumerate()
                .filter(|(_, check)| !check.is_empty())
                .map(|(i, check)| quote! { #i => #d::first_violation(|out| { #check }), })
                .collect();
            let explain = if explain.is_empty() {
                quote! { |_| ::std::string::String::new() }
            } else {
                quote! {
                    |index| match index {
                        #(#explain)*
                        _ => ::std::string::String::new(),
                    }
                }
            };
            out.push(quote! {
                let passed = [#(#passes),*];
                #d::alternatives(v, &passed, #exclusive, #explain, at, out);
            });
        }
        if let Some(not) = &a.not {
            let check = self.dyn_shape(not);
            let passes = self.passes(check);
            out.push(quote! { #d::not(v, #passes, at, out); });
        }
        if let Some(c) = &a.if_then_else {
            let condition = self.dyn_shape(&c.condition);
            let passes = self.passes(condition);
            let then = c
                .then
                .as_ref()
                .map(|s| self.dyn_shape(s))
                .unwrap_or_default();
            let otherwise = c
                .otherwise
                .as_ref()
                .map(|s| self.dyn_shape(s))
                .unwrap_or_default();
            out.push(match (then.is_empty(), otherwise.is_empty()) {
                (true, true) => TokenStream::new(),
                (false, true) => quote! { if #passes { #then } },
                (true, false) => quote! { if !#passes { #otherwise } },
                (false, false) => quote! {
                    if #passes {
                        #then
                    } else {
                        #otherwise
                    }
                },
            });
        }
        quote! { #(#out)* }
    }

    /// `patternProperties`, `additionalProperties` and `propertyNames`: one pass over the
    /// object's properties.
    fn each_property_checks(&mut self, a: &Applied) -> TokenStream {
        let rt = self.ctx.rt();
        let mut body = Vec::new();
        if let Some(names) = &a.property_names {
            let check = self.dyn_shape(names);
            if !check.is_empty() {
                body.push(quote! {{
                    let v: &dyn #rt::validate::Instance = &key;
                    #check
                }});
            }
        }
        let additional = match &a.additional_properties {
            Some(shape) => self.dyn_shape(shape),
            None => TokenStream::new(),
        };
        let mut uses_value = false;
        let mut matched = Vec::new();
        for (i, (pattern, shape)) in a.pattern_properties.iter().enumerate() {
            let check = self.dyn_shape(shape);
            if check.is_empty() && additional.is_empty() {
                continue;
            }
            let cell = self.pattern_static(pattern);
            let flag = format_ident!("in_pattern_{}", i);
            body.push(
                quote! { let #flag = #cell.is_match(key) == ::std::result::Result::Ok(true); },
            );
            if !check.is_empty() {
                uses_value = true;
                body.push(quote! { if #flag { let v = value; #check } });
            }
            matched.push(flag);
        }
        if !additional.is_empty() {
            uses_value = true;
            let known: Vec<&str> = a
                .properties
                .iter()
                .map(|(name, _)| name.as_str())
                .chain(a.known_properties.iter().map(String::as_str))
                .collect();
            let mut named = Vec::new();
            if !known.is_empty() {
                named.push(quote! { ::std::matches!(key, #(#known)|*) });
            }
            named.extend(matched.iter().map(|flag| quote! { #flag }));
            body.push(match named.as_slice() {
                [] => quote! {{
                    let v = value;
                    #additional
                }},
                [one] => quote! {
                    if !#one {
                        let v = value;
                        #additional
                    }
                },
                _ => quote! {
                    if !(#(#named)||*) {
                        let v = value;
                        #additional
                    }
                },
            });
        }
        if body.is_empty() {
            return TokenStream::new();
        }
        let value = if uses_value {
            quote! { value }
        } else {
            quote! { _ }
        };
        quote! {
            v.each_property(&mut |key, #value| {
                let at = &at.key(key);
                #(#body)*
            });
        }
    }
}
