//! The JSON view of generated types (`impl Instance`, for checks that read a typed value as
//! JSON) and their schemas checked against any view (`impl JsonSchema`, for subschemas that
//! name them), each emitted only for the types [`crate::analyze`] marked.

use proc_macro2::TokenStream;
use quote::quote;

use super::{ident, Emitter};
use crate::emit::models::EXTRA_FIELD;
use crate::ir::*;

impl Emitter<'_> {
    /// `impl Instance` for a type whose values checks read as JSON.
    pub(super) fn emit_instance(&mut self, t: &TypeDef) -> TokenStream {
        if t.deprecated {
            // Deprecated schemas are still seen by checks.
            self.ctx.allow("deprecated");
        }
        let rt = self.ctx.rt();
        let models = self.ctx.models;
        self.ctx.models_used.set(true);
        let name = ident(&t.rust_name);
        let view = quote! { #rt::validate::Instance };
        let option = quote! { ::std::option::Option };
        match &t.kind {
            TypeKind::Struct(s) => {
                let extra = ident(EXTRA_FIELD);
                let has_extra = !matches!(s.extra, Extra::Deny);
                let mut arms = Vec::new();
                let mut each = Vec::new();
                let mut counts = Vec::new();
                for f in &s.fields {
                    if f.deprecated {
                        // Deprecated properties are still seen by checks.
                        self.ctx.allow("deprecated");
                    }
                    let field = ident(&f.rust_name);
                    let wire = &f.wire_name;
                    if f.required {
                        arms.push(quote! { #wire => #option::Some(&self.#field as &dyn #view), });
                        each.push(quote! { f(#wire, &self.#field); });
                        counts.push(quote! { 1 });
                    } else {
                        arms.push(quote! {
                            #wire => self.#field.as_ref().map(|value| value as &dyn #view),
                        });
                        each.push(quote! {
                            if let #option::Some(value) = &self.#field {
                                f(#wire, value);
                            }
                        });
                        counts.push(quote! { usize::from(self.#field.is_some()) });
                    }
                }
                let (rest, each_extra) = if has_extra {
                    counts.push(quote! { self.#extra.len() });
                    (
                        quote! { self.#extra.get(key).map(|value| value as &dyn #view) },
                        quote! {
                            for (key, value) in &self.#extra {
                                f(key, value);
                            }
                        },
                    )
                } else {
                    (quote! { #option::None }, TokenStream::new())
                };
                let count = if counts.is_empty() {
                    quote! { 0 }
                } else {
                    quote! { #(#counts)+* }
                };
                let property = if arms.is_empty() {
                    let key = if has_extra {
                        quote! { key }
                    } else {
                        quote! { _key }
                    };
                    quote! {
                        fn property(&self, #key: &str) -> #option<&dyn #view> {
                            #rest
                        }
                    }
                } else {
                    quote! {
                        fn property(&self, key: &str) -> #option<&dyn #view> {
                            match key {
                                #(#arms)*
                                _ => #rest,
                            }
                        }
                    }
                };
                let f = if s.fields.is_empty() && !has_extra {
                    quote! { _f }
                } else {
                    quote! { f }
                };
                quote! {
                    impl #view for #models #name {
                        fn kind(&self) -> #rt::validate::Kind {
                            #rt::validate::Kind::Object
                        }
                        fn count(&self) -> usize {
                            #count
                        }
                        #property
                        fn each_property(&self, #f: &mut dyn ::std::ops::FnMut(&str, &dyn #view)) {
                            #(#each)*
                            #each_extra
                        }
                    }
                }
            }
            TypeKind::Enum(e) => {
                let body = match e.repr {
                    EnumRepr::String => quote! {
                        fn kind(&self) -> #rt::validate::Kind {
                            #rt::validate::Kind::String
                        }
                        fn as_str(&self) -> #option<&str> {
                            #option::Some(#models #name::as_str(self))
                        }
                    },
                    EnumRepr::Integer => quote! {
                        fn kind(&self) -> #rt::validate::Kind {
                            #rt::validate::Kind::Number
                        }
                        fn as_num(&self) -> #option<#rt::validate::Num> {
                            #option::Some(#rt::validate::Num::Int(self.as_i64()))
                        }
                    },
                };
                quote! { impl #view for #models #name { #body } }
            }
            TypeKind::Union(u) => {
                let mut arms: Vec<TokenStream> = u
                    .variants
                    .iter()
                    .map(|v| {
                        let variant = ident(&v.rust_name);
                        quote! { #models #name::#variant(value) => value as &dyn #view, }
                    })
                    .collect();
                if u.tag.is_some() {
                    let other = ident(&u.other_name);
                    arms.push(quote! { #models #name::#other(value) => value as &dyn #view, });
                }
                quote! {
                    #rt::delegate_instance!(#models #name, |this| match this { #(#arms)* });
                }
            }
            TypeKind::Alias(_) if t.facts.newtype => {
                quote! { #rt::delegate_instance!(#models #name, |this| &this.0); }
            }
            // A type alias is its target's type, which has its own view.
            TypeKind::Alias(_) => TokenStream::new(),
        }
    }

    /// `impl JsonSchema` for a type a subschema names: its schema, checked on a view.
    pub(super) fn emit_json_schema(&mut self, t: &TypeDef) -> TokenStream {
        if matches!(t.kind, TypeKind::Alias(_)) && !t.facts.newtype {
            // A type alias is checked in place where a subschema names it.
            return TokenStream::new();
        }
        if t.deprecated {
            // Deprecated schemas are still checked.
            self.ctx.allow("deprecated");
        }
        let rt = self.ctx.rt();
        let d = quote! { #rt::validate::dynamic };
        let models = self.ctx.models;
        self.ctx.models_used.set(true);
        let name = ident(&t.rust_name);
        let body = match &t.kind {
            TypeKind::Struct(s) => {
                let mut parts = vec![quote! {
                    if v.kind() != #rt::validate::Kind::Object {
                        #d::types(v, &[#rt::validate::JsonType::Object], at, out);
                        return;
                    }
                }];
                let mut known = Vec::new();
                for f in &s.fields {
                    let wire = &f.wire_name;
                    known.push(wire.clone());
                    let check = self.dyn_shape(&f.shape);
                    parts.push(match (check.is_empty(), f.required) {
                        (true, false) => continue,
                        (true, true) => quote! {
                            if v.property(#wire).is_none() {
                                #d::missing(&at.key(#wire), out);
                            }
                        },
                        (false, false) => quote! {
                            if let ::std::option::Option::Some(v) = v.property(#wire) {
                                let at = &at.key(#wire);
                                #check
                            }
                        },
                        (false, true) => quote! {
                            match v.property(#wire) {
                                ::std::option::Option::Some(v) => {
                                    let at = &at.key(#wire);
                                    #check
                                }
                                ::std::option::Option::None => #d::missing(&at.key(#wire), out),
                            }
                        },
                    });
                }
                // Runs `body` for each property the struct does not name.
                let unknown = |body: TokenStream, value: TokenStream| {
                    if known.is_empty() {
                        quote! { v.each_property(&mut |key, #value| { #body }); }
                    } else {
                        quote! {
                            v.each_property(&mut |key, #value| {
                                if !::std::matches!(key, #(#known)|*) {
                                    #body
                                }
                            });
                        }
                    }
                };
                match &s.extra {
                    Extra::Deny => parts.push(unknown(
                        quote! { #d::not_allowed(&at.key(key), out); },
                        quote! { _ },
                    )),
                    Extra::Typed(shape) => {
                        let check = self.dyn_shape(shape);
                        if !check.is_empty() {
                            parts.push(unknown(
                                quote! {
                                    let at = &at.key(key);
                                    #check
                                },
                                quote! { v },
                            ));
                        }
                    }
                    Extra::Keep => {}
                }
                if let Some(n) = s.min_properties {
                    let n = n as usize;
                    parts.push(quote! { #d::min_properties(v, #n, at, out); });
                }
                if let Some(n) = s.max_properties {
                    let n = n as usize;
                    parts.push(quote! { #d::max_properties(v, #n, at, out); });
                }
                quote! { #(#parts)* }
            }
            TypeKind::Enum(e) => {
                let (json_type, values): (TokenStream, Vec<TokenStream>) = match e.repr {
                    EnumRepr::String => (
                        quote! { String },
                        e.variants
                            .iter()
                            .map(|v| {
                                let wire = &v.wire_name;
                                quote! { #rt::validate::Json::Str(#wire) }
                            })
                            .collect(),
                    ),
                    EnumRepr::Integer => (
                        quote! { Integer },
                        e.variants
                            .iter()
                            .map(|v| super::json_tokens(&rt, &v.value))
                            .collect(),
                    ),
                };
                let closed = (!e.open).then(|| {
                    quote! {
                        else {
                            #d::one_of_values(v, &[#(#values),*], at, out);
                        }
                    }
                });
                quote! {
                    if !#rt::validate::JsonType::#json_type.matches(v) {
                        #d::types(v, &[#rt::validate::JsonType::#json_type], at, out);
                    } #closed
                }
            }
            TypeKind::Union(u) => match &u.tag {
                Some(tag) => {
                    let known = u
                        .variants
                        .iter()
                        .flat_map(|v| v.tag_values.iter().cloned())
                        .collect::<Vec<_>>()
                        .join(", ");
                    let message =
                        format!("has a `{tag}` that is none of the known alternatives ({known})");
                    let missing = format!("has no `{tag}` (a string) to tell its alternative");
                    let arms: Vec<TokenStream> = u
                        .variants
                        .iter()
                        .map(|variant| {
                            let values = &variant.tag_values;
                            let check = self.dyn_shape(&variant.shape);
                            quote! { ::std::option::Option::Some(#(#values)|*) => { #check } }
                        })
                        .collect();
                    quote! {
                        match v.property(#tag).and_then(|tag| tag.as_str()) {
                            #(#arms)*
                            ::std::option::Option::Some(_) => out.push(at, #message),
                            ::std::option::Option::None => out.push(at, #missing),
                        }
                    }
                }
                None => {
                    let shapes: Vec<Shape> = u.variants.iter().map(|v| v.shape.clone()).collect();
                    let applied = Applied {
                        one_of: if u.exclusive {
                            shapes.clone()
                        } else {
                            Vec::new()
                        },
                        any_of: if u.exclusive { Vec::new() } else { shapes },
                        ..Applied::default()
                    };
                    let checks = Checks {
                        applied: Some(Box::new(applied)),
                        ..Checks::default()
                    };
                    self.dyn_checks(&checks, true)
                }
            },
            TypeKind::Alias(shape) => self.dyn_shape(shape),
        };
        let own = self.dyn_checks(&t.checks, true);
        quote! {
            impl #rt::validate::JsonSchema for #models #name {
                fn check_json(v: &dyn #rt::validate::Instance, at: &Path<'_>, out: &mut Violations) {
                    #body
                    #own
                }
            }
        }
    }
}
