//! Emits the `models` module: one Rust type per schema.

use proc_macro2::TokenStream;
use quote::quote;

use super::{doc_attrs, ident, module_header, shape_type, Ctx, Prelude};
use crate::ir::*;

/// The `models` module body.
pub fn emit_models(api: &Api) -> TokenStream {
    let prefix = TokenStream::new();
    let names: Vec<&str> = api.types.iter().map(|t| t.rust_name.as_str()).collect();
    let prelude = Prelude::new(names.iter().copied());
    let ctx = Ctx {
        api,
        models: &prefix,
        prelude: &prelude,
    };
    // serde's derive names, short unless a schema is called `Serialize` or `Deserialize`.
    let derive_shadowed = names.contains(&"Serialize") || names.contains(&"Deserialize");
    let serde_derives = if derive_shadowed {
        quote! { ::serde::Serialize, ::serde::Deserialize }
    } else {
        quote! { Serialize, Deserialize }
    };
    let needs_derive = api.types.iter().any(|t| match &t.kind {
        TypeKind::Struct(_) => true,
        TypeKind::Union(u) => u.tag.is_none(),
        _ => false,
    });
    let serde_import = if needs_derive && !derive_shadowed {
        quote! { use ::serde::{Deserialize, Serialize}; }
    } else {
        TokenStream::new()
    };
    let kinds: Vec<&TypeKind> = api.types.iter().map(|t| &t.kind).collect();
    let text = text_form_types(&kinds);
    let mut order: Vec<(usize, &TypeDef)> = api.types.iter().enumerate().collect();
    order.sort_by(|a, b| a.1.rust_name.cmp(&b.1.rust_name));
    let items = order
        .into_iter()
        .map(|(i, t)| emit_type(ctx, &serde_derives, t, text[i]));
    let header = module_header(
        true,
        quote! {
            // Deprecated schemas and properties are marked `#[deprecated]` for consumers;
            // the derives in this module must still be able to name them.
            deprecated,
            // Unions hold their alternatives inline, as the schema describes them.
            clippy::large_enum_variant,
        },
    );
    quote! {
        //! Data types: one per schema in the spec.
        //!
        //! Objects keep the properties their schema does not name in `additional_properties`,
        //! so a decode -> encode round trip loses nothing.
        #header
        #serde_import
        #(#items)*
    }
}

fn emit_type(ctx: Ctx<'_>, derives: &TokenStream, t: &TypeDef, has_text_form: bool) -> TokenStream {
    let doc = doc_attrs(t.doc.as_deref(), &t.examples);
    let deprecated = if t.deprecated {
        quote! { #[deprecated] }
    } else {
        TokenStream::new()
    };
    let name = ident(&t.rust_name);
    let head = quote! { #doc #deprecated };
    match &t.kind {
        TypeKind::Struct(s) => emit_struct(ctx, derives, &head, &name, s),
        TypeKind::Enum(e) => emit_enum(ctx, &head, &name, e),
        TypeKind::Union(u) => emit_union(ctx, derives, &head, &name, u, has_text_form),
        TypeKind::Alias(shape) => {
            let ty = shape_type(ctx, shape);
            quote! { #head pub type #name = #ty; }
        }
    }
}

/// serde's `rename_all = "camelCase"` spelling of a snake_case field name.
fn serde_camel(field: &str) -> String {
    let mut out = String::with_capacity(field.len());
    let mut upper = false;
    for c in field.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.push(c.to_ascii_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

fn field_doc(f: &Field) -> TokenStream {
    let mut notes = Vec::new();
    if f.read_only {
        notes.push("Read-only: sent by the server, ignored in requests.".to_owned());
    }
    if f.write_only {
        notes.push("Write-only: sent in requests, never returned.".to_owned());
    }
    if let Some(default) = &f.default {
        notes.push(format!("Default: `{}`.", default.replace('`', "'")));
    }
    let mut text = f
        .doc
        .as_deref()
        .map(super::sanitize_doc)
        .unwrap_or_default();
    for note in notes {
        if !text.is_empty() {
            text.push_str("\n\n");
        }
        text.push_str(&note);
    }
    doc_attrs(
        if text.is_empty() { None } else { Some(&text) },
        &f.examples,
    )
}

fn emit_struct(
    ctx: Ctx<'_>,
    derives: &TokenStream,
    head: &TokenStream,
    name: &proc_macro2::Ident,
    s: &Struct,
) -> TokenStream {
    let option = &ctx.prelude.option;
    // `rename_all = "camelCase"` when it saves more per-field renames than it costs.
    let wire_of = |f: &Field, camel: bool| {
        let rust = crate::naming::unraw(&f.rust_name);
        if camel {
            serde_camel(rust)
        } else {
            rust.to_owned()
        }
    };
    let camel_hits = s
        .fields
        .iter()
        .filter(|f| wire_of(f, true) == f.wire_name)
        .count();
    let plain_hits = s
        .fields
        .iter()
        .filter(|f| wire_of(f, false) == f.wire_name)
        .count();
    let camel = camel_hits > plain_hits;
    let is_none = format!("{option}::is_none").replace(' ', "");
    let fields = s.fields.iter().map(|f| {
        let field = ident(&f.rust_name);
        let doc = field_doc(f);
        let deprecated = if f.deprecated {
            quote! { #[deprecated] }
        } else {
            TokenStream::new()
        };
        let inner = shape_type(ctx, &f.shape);
        let mut serde = Vec::new();
        if wire_of(f, camel) != f.wire_name {
            let wire = &f.wire_name;
            serde.push(quote! { rename = #wire });
        }
        let ty = match (f.required, f.shape.nullable) {
            (true, false) => inner,
            (true, true) => {
                serde.push(quote! { deserialize_with = "rt::de::required_nullable" });
                inner
            }
            (false, false) => {
                serde.push(quote! { default, skip_serializing_if = #is_none });
                quote! { #option<#inner> }
            }
            (false, true) => {
                serde.push(quote! { default, deserialize_with = "rt::de::double_option", skip_serializing_if = #is_none });
                quote! { #option<#inner> }
            }
        };
        // Floats are written back as JSON producers write them (`49`, not `49.0`).
        if is_number_shape(&f.shape) {
            serde.push(quote! { serialize_with = "rt::ser::js_number" });
        }
        let serde_attr = if serde.is_empty() {
            TokenStream::new()
        } else {
            quote! { #[serde(#(#serde),*)] }
        };
        quote! {
            #doc
            #deprecated
            #serde_attr
            pub #field: #ty,
        }
    });
    let mut attrs = Vec::new();
    if camel {
        attrs.push(quote! { rename_all = "camelCase" });
    }
    let extra = match &s.extra {
        Extra::Keep => quote! {
            #[serde(flatten)]
            pub additional_properties: rt::Object,
        },
        Extra::Typed(shape) => {
            let ty = shape_type(ctx, shape);
            let string = &ctx.prelude.string;
            quote! {
                #[serde(flatten)]
                pub additional_properties: ::std::collections::BTreeMap<#string, #ty>,
            }
        }
        Extra::Deny => {
            attrs.push(quote! { deny_unknown_fields });
            TokenStream::new()
        }
    };
    let struct_serde = if attrs.is_empty() {
        TokenStream::new()
    } else {
        quote! { #[serde(#(#attrs),*)] }
    };
    quote! {
        #head
        #[derive(Debug, Clone, PartialEq, #derives)]
        #struct_serde
        pub struct #name {
            #(#fields)*
            #extra
        }
    }
}

/// The struct a shape names (through aliases), if any.
fn struct_fields<'a>(api: &'a Api, shape: &Shape) -> Option<&'a Struct> {
    let mut ty = &shape.ty;
    for _ in 0..8 {
        match ty {
            Ty::Named { id, .. } => match &api.types[id.0].kind {
                TypeKind::Struct(s) => return Some(s),
                TypeKind::Alias(inner) => ty = &inner.ty,
                _ => return None,
            },
            _ => return None,
        }
    }
    None
}

/// Whether a shape holds only floats (possibly in arrays, maps and `Option`s).
fn is_number_shape(shape: &Shape) -> bool {
    match &shape.ty {
        Ty::Number(_) => true,
        Ty::Array(inner) | Ty::Map(inner) => is_number_shape(inner),
        _ => false,
    }
}

fn emit_enum(ctx: Ctx<'_>, head: &TokenStream, name: &proc_macro2::Ident, e: &Enum) -> TokenStream {
    let unknown = ident(&e.unknown_name);
    let variants: Vec<_> = e.variants.iter().map(|v| ident(&v.rust_name)).collect();
    let docs = e.variants.iter().map(|v| {
        super::doc_safe(&format!(" `{}`", v.wire_name.replace('`', "'"))).replace('\n', " ")
    });
    let (held, derive_copy, mapping) = match e.repr {
        EnumRepr::String => {
            let string = &ctx.prelude.string;
            let wires = e.variants.iter().map(|v| v.wire_name.as_str());
            (
                quote! { #string },
                TokenStream::new(),
                quote! { rt::string_enum!(#name, #unknown, [#(#variants => #wires),*]); },
            )
        }
        EnumRepr::Integer => {
            let values = e.variants.iter().map(|v| {
                proc_macro2::Literal::i64_unsuffixed(v.wire_name.parse().unwrap_or_default())
            });
            (
                quote! { i64 },
                quote! { Copy, },
                quote! { rt::int_enum!(#name, #unknown, [#(#variants => #values),*]); },
            )
        }
    };
    quote! {
        #head
        #[derive(Debug, Clone, #derive_copy PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum #name {
            #( #[doc = #docs] #variants, )*
            /// A value this version of the crate does not know, kept as received.
            #unknown(#held),
        }
        #mapping
    }
}

fn emit_union(
    ctx: Ctx<'_>,
    derives: &TokenStream,
    head: &TokenStream,
    name: &proc_macro2::Ident,
    u: &Union,
    has_text_form: bool,
) -> TokenStream {
    let variants = u.variants.iter().map(|v| {
        let variant = ident(&v.rust_name);
        let ty = shape_type(ctx, &v.shape);
        let doc = if v.tag_values.is_empty() {
            TokenStream::new()
        } else {
            let tag = u.tag.as_deref().unwrap_or_default();
            let values = v
                .tag_values
                .iter()
                .map(|t| format!("`{}`", t.replace('`', "'")))
                .collect::<Vec<_>>()
                .join(" or ");
            let text = super::doc_safe(&format!(" `{tag}` is {values}.")).replace('\n', " ");
            quote! { #[doc = #text] }
        };
        quote! { #doc #variant(#ty), }
    });
    let Some(tag) = &u.tag else {
        // A union of values with a text form can be a parameter.
        let param = if has_text_form {
            let arms = u.variants.iter().map(|v| {
                let variant = ident(&v.rust_name);
                quote! { Self::#variant(value) => rt::ParamValue::each_param(value, f), }
            });
            let string = &ctx.prelude.string;
            quote! {
                impl rt::ParamValue for #name {
                    fn each_param(&self, f: &mut dyn FnMut(#string)) {
                        match self {
                            #(#arms)*
                        }
                    }
                }
            }
        } else {
            TokenStream::new()
        };
        // Objects keep unknown properties, so serde's "first that decodes" would let the
        // spec's order decide between them; the runtime picks the best fit instead.
        let structs = u
            .variants
            .iter()
            .filter(|v| struct_fields(ctx.api, &v.shape).is_some())
            .count();
        if structs < 2 {
            return quote! {
                #head
                #[derive(Debug, Clone, PartialEq, #derives)]
                #[serde(untagged)]
                pub enum #name {
                    #(#variants)*
                }
                #param
            };
        }
        let alternatives = u.variants.iter().map(|v| {
            let variant = ident(&v.rust_name);
            let label = &v.rust_name;
            let ty = shape_type(ctx, &v.shape);
            let (known, required) = match struct_fields(ctx.api, &v.shape) {
                Some(s) => {
                    let known = s.fields.iter().map(|f| f.wire_name.as_str());
                    let required = s
                        .fields
                        .iter()
                        .filter(|f| f.required)
                        .map(|f| f.wire_name.as_str());
                    (
                        quote! { Some(&[#(#known),*]) },
                        quote! { &[#(#required),*] },
                    )
                }
                None => (quote! { None }, quote! { &[] }),
            };
            quote! {
                rt::de::Alternative {
                    name: #label,
                    known: #known,
                    required: #required,
                    decode: |value| rt::decode::from_value_ref::<#ty>(value).map(Self::#variant),
                },
            }
        });
        let wire_name = name.to_string();
        let serialize = if derives.to_string().contains("::") {
            quote! { ::serde::Serialize }
        } else {
            quote! { Serialize }
        };
        return quote! {
            #head
            #[derive(Debug, Clone, PartialEq, #serialize)]
            #[serde(untagged)]
            pub enum #name {
                #(#variants)*
            }

            impl<'de> ::serde::Deserialize<'de> for #name {
                fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                    rt::de::untagged(deserializer, #wire_name, &[#(#alternatives)*])
                }
            }
            #param
        };
    };
    let other = ident(&u.other_name);
    let arms = u.variants.iter().map(|v| {
        let variant = ident(&v.rust_name);
        let values = &v.tag_values;
        quote! { #(#values)|* => rt::decode::from_value(value).map(Self::#variant), }
    });
    let other_doc = super::doc_safe(&format!(" An alternative this version does not know (its `{tag}` is none of the above), kept as received.")).replace('\n', " ");
    quote! {
        #head
        #[derive(Debug, Clone, PartialEq, ::serde::Serialize)]
        #[serde(untagged)]
        pub enum #name {
            #(#variants)*
            #[doc = #other_doc]
            #other(::serde_json::Value),
        }

        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                rt::de::tagged(deserializer, #tag, |tag, value| match tag {
                    #(#arms)*
                    _ => ::std::result::Result::Ok(Self::#other(value)),
                })
            }
        }
    }
}
