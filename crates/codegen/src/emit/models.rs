//! Emits the `models` module: one Rust type per schema.

use proc_macro2::TokenStream;
use quote::quote;

use super::{doc_attrs, ident, shape_type, Ctx};
use crate::ir::*;

/// The `models` module body.
pub fn emit_models(api: &Api) -> TokenStream {
    let prefix = TokenStream::new();
    let ctx = Ctx {
        api,
        models: &prefix,
    };
    let mut order: Vec<&TypeDef> = api.types.iter().collect();
    order.sort_by(|a, b| a.rust_name.cmp(&b.rust_name));
    let items = order.into_iter().map(|t| emit_type(ctx, t));
    quote! {
        //! Data types: one per schema in the spec.
        #![allow(
            // Descriptions are Markdown written for web renderers, not for rustdoc.
            clippy::doc_lazy_continuation,
            clippy::doc_overindented_list_items,
            rustdoc::bare_urls,
            rustdoc::broken_intra_doc_links,
            rustdoc::invalid_html_tags,
            rustdoc::invalid_rust_codeblocks,
            // Deprecated schemas and properties are marked `#[deprecated]` for consumers;
            // the derives in this module must still be able to name them.
            deprecated,
            // Some schemas have many properties; the derived `new`-less structs are fine.
            clippy::large_enum_variant,
        )]
        #(#items)*
    }
}

fn emit_type(ctx: Ctx<'_>, t: &TypeDef) -> TokenStream {
    let doc = doc_attrs(t.doc.as_deref(), &t.examples);
    let deprecated = if t.deprecated {
        quote! { #[deprecated] }
    } else {
        TokenStream::new()
    };
    let name = ident(&t.rust_name);
    match &t.kind {
        TypeKind::Struct(s) => emit_struct(ctx, &doc, &deprecated, &name, s),
        TypeKind::Enum(e) => emit_enum(&doc, &deprecated, &name, e),
        TypeKind::Union(u) => emit_union(ctx, &doc, &deprecated, &name, u),
        TypeKind::Alias(shape) => {
            let ty = shape_type(ctx, shape);
            quote! { #doc #deprecated pub type #name = #ty; }
        }
    }
}

fn emit_struct(
    ctx: Ctx<'_>,
    doc: &TokenStream,
    deprecated: &TokenStream,
    name: &proc_macro2::Ident,
    s: &Struct,
) -> TokenStream {
    let fields = s.fields.iter().map(|f| {
        let field = ident(&f.rust_name);
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
            .clone()
            .map(|d| super::sanitize_doc(&d))
            .unwrap_or_default();
        for note in notes {
            if !text.is_empty() {
                text.push_str("\n\n");
            }
            text.push_str(&note);
        }
        let doc = doc_attrs(
            if text.is_empty() { None } else { Some(&text) },
            &f.examples,
        );
        let deprecated = if f.deprecated {
            quote! { #[deprecated] }
        } else {
            TokenStream::new()
        };
        let inner = shape_type(ctx, &f.shape);
        let rename = (crate::naming::unraw(&f.rust_name) != f.wire_name).then(|| {
            let wire = &f.wire_name;
            quote! { rename = #wire, }
        });
        let (ty, serde) = match (f.required, f.shape.nullable) {
            (true, false) => (inner, quote! {}),
            (true, true) => (
                inner,
                quote! { deserialize_with = "::specforge_runtime::de::required_nullable", },
            ),
            (false, false) => (
                quote! { ::std::option::Option<#inner> },
                quote! { default, skip_serializing_if = "::std::option::Option::is_none", },
            ),
            (false, true) => (
                quote! { ::std::option::Option<#inner> },
                quote! {
                    default,
                    deserialize_with = "::specforge_runtime::de::double_option",
                    skip_serializing_if = "::std::option::Option::is_none",
                },
            ),
        };
        // Floats are written back as JSON producers write them (`49`, not `49.0`).
        let serde = if is_number_shape(&f.shape) {
            quote! { #serde serialize_with = "::specforge_runtime::ser::js_number", }
        } else {
            serde
        };
        let serde_attr = if rename.is_some() || !serde.is_empty() {
            quote! { #[serde(#rename #serde)] }
        } else {
            TokenStream::new()
        };
        quote! {
            #doc
            #deprecated
            #serde_attr
            pub #field: #ty,
        }
    });
    let (extra, deny) = match &s.extra {
        Extra::Keep => (
            quote! {
                /// Properties the schema does not name, kept so a round trip loses nothing.
                #[serde(flatten)]
                pub additional_properties: ::serde_json::Map<::std::string::String, ::serde_json::Value>,
            },
            TokenStream::new(),
        ),
        Extra::Typed(shape) => {
            let ty = shape_type(ctx, shape);
            (
                quote! {
                    /// Further properties, typed by the schema's `additionalProperties`.
                    #[serde(flatten)]
                    pub additional_properties: ::std::collections::BTreeMap<::std::string::String, #ty>,
                },
                TokenStream::new(),
            )
        }
        Extra::Deny => (TokenStream::new(), quote! { #[serde(deny_unknown_fields)] }),
    };
    quote! {
        #doc
        #deprecated
        #[derive(Debug, Clone, PartialEq, ::serde::Serialize, ::serde::Deserialize)]
        #deny
        pub struct #name {
            #(#fields)*
            #extra
        }
    }
}

/// Whether values of `shape` implement the runtime's `ParamValue` (have a text form).
fn param_scalar(api: &Api, shape: &Shape, depth: usize) -> bool {
    if shape.nullable {
        return false;
    }
    match &shape.ty {
        Ty::Bool | Ty::Integer(_) | Ty::Number(_) | Ty::String(_) | Ty::Any => true,
        Ty::Named { id, .. } if depth < 8 => match &api.types[id.0].kind {
            TypeKind::Enum(_) => true,
            TypeKind::Alias(inner) => param_scalar(api, inner, depth + 1),
            TypeKind::Union(u) => {
                u.tag.is_none()
                    && u.variants
                        .iter()
                        .all(|v| param_scalar(api, &v.shape, depth + 1))
            }
            TypeKind::Struct(_) => false,
        },
        _ => false,
    }
}

/// Whether a shape holds only floats (possibly in arrays, maps and `Option`s).
fn is_number_shape(shape: &Shape) -> bool {
    match &shape.ty {
        Ty::Number(_) => true,
        Ty::Array(inner) | Ty::Map(inner) => is_number_shape(inner),
        _ => false,
    }
}

fn emit_enum(
    doc: &TokenStream,
    deprecated: &TokenStream,
    name: &proc_macro2::Ident,
    e: &Enum,
) -> TokenStream {
    let unknown = ident(&e.unknown_name);
    let variants: Vec<_> = e.variants.iter().map(|v| ident(&v.rust_name)).collect();
    match e.repr {
        EnumRepr::String => {
            let wires: Vec<&str> = e.variants.iter().map(|v| v.wire_name.as_str()).collect();
            let docs = wires.iter().map(|w| format!(" `{}`", w.replace('`', "'")));
            quote! {
                #doc
                #deprecated
                #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
                pub enum #name {
                    #( #[doc = #docs] #variants, )*
                    /// A value this version of the crate does not know, kept as received.
                    #unknown(::std::string::String),
                }

                impl #name {
                    /// The value as it appears on the wire.
                    pub fn as_str(&self) -> &str {
                        match self {
                            #( Self::#variants => #wires, )*
                            Self::#unknown(value) => value,
                        }
                    }

                    /// Whether the value is one the schema lists.
                    pub fn is_known(&self) -> bool {
                        !matches!(self, Self::#unknown(_))
                    }
                }

                impl ::std::convert::From<&str> for #name {
                    fn from(value: &str) -> Self {
                        match value {
                            #( #wires => Self::#variants, )*
                            other => Self::#unknown(::std::string::ToString::to_string(other)),
                        }
                    }
                }

                impl ::std::fmt::Display for #name {
                    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                        f.write_str(self.as_str())
                    }
                }

                impl ::serde::Serialize for #name {
                    fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                        serializer.serialize_str(self.as_str())
                    }
                }

                impl<'de> ::serde::Deserialize<'de> for #name {
                    fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                        ::specforge_runtime::de::str_enum(deserializer, |value: &str| <Self as ::std::convert::From<&str>>::from(value))
                    }
                }

                impl ::specforge_runtime::http::ParamValue for #name {
                    fn to_param(&self) -> ::std::string::String {
                        ::std::string::ToString::to_string(self.as_str())
                    }
                }
            }
        }
        EnumRepr::Integer => {
            let values: Vec<i64> = e
                .variants
                .iter()
                .map(|v| v.wire_name.parse().unwrap_or_default())
                .collect();
            let docs = values.iter().map(|v| format!(" `{v}`"));
            quote! {
                #doc
                #deprecated
                #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
                pub enum #name {
                    #( #[doc = #docs] #variants, )*
                    /// A value this version of the crate does not know, kept as received.
                    #unknown(i64),
                }

                impl #name {
                    /// The value as it appears on the wire.
                    pub fn as_i64(&self) -> i64 {
                        match self {
                            #( Self::#variants => #values, )*
                            Self::#unknown(value) => *value,
                        }
                    }

                    /// Whether the value is one the schema lists.
                    pub fn is_known(&self) -> bool {
                        !matches!(self, Self::#unknown(_))
                    }
                }

                impl ::std::convert::From<i64> for #name {
                    fn from(value: i64) -> Self {
                        match value {
                            #( #values => Self::#variants, )*
                            other => Self::#unknown(other),
                        }
                    }
                }

                impl ::std::fmt::Display for #name {
                    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                        ::std::fmt::Display::fmt(&self.as_i64(), f)
                    }
                }

                impl ::serde::Serialize for #name {
                    fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                        serializer.serialize_i64(self.as_i64())
                    }
                }

                impl<'de> ::serde::Deserialize<'de> for #name {
                    fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                        <i64 as ::serde::Deserialize>::deserialize(deserializer).map(Self::from)
                    }
                }

                impl ::specforge_runtime::http::ParamValue for #name {
                    fn to_param(&self) -> ::std::string::String {
                        ::std::string::ToString::to_string(&self.as_i64())
                    }
                }
            }
        }
    }
}

fn emit_union(
    ctx: Ctx<'_>,
    doc: &TokenStream,
    deprecated: &TokenStream,
    name: &proc_macro2::Ident,
    u: &Union,
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
            let text = format!(" `{tag}` is {values}.");
            quote! { #[doc = #text] }
        };
        quote! { #doc #variant(#ty), }
    });
    let Some(tag) = &u.tag else {
        // A union of values with a text form can be a parameter.
        let param = if u
            .variants
            .iter()
            .all(|v| param_scalar(ctx.api, &v.shape, 0))
        {
            let arms = u.variants.iter().map(|v| {
                let variant = ident(&v.rust_name);
                quote! { Self::#variant(value) => ::specforge_runtime::http::ParamValue::to_param(value), }
            });
            quote! {
                impl ::specforge_runtime::http::ParamValue for #name {
                    fn to_param(&self) -> ::std::string::String {
                        match self {
                            #(#arms)*
                        }
                    }
                }
            }
        } else {
            TokenStream::new()
        };
        return quote! {
            #doc
            #deprecated
            #[derive(Debug, Clone, PartialEq, ::serde::Serialize, ::serde::Deserialize)]
            #[serde(untagged)]
            pub enum #name {
                #(#variants)*
            }
            #param
        };
    };
    let other = ident(&u.other_name);
    let arms = u.variants.iter().map(|v| {
        let variant = ident(&v.rust_name);
        let values = &v.tag_values;
        quote! { #(#values)|* => ::specforge_runtime::decode::from_value(value).map(Self::#variant), }
    });
    let other_doc = format!(" An alternative this version does not know (its `{tag}` is none of the above), kept as received.");
    quote! {
        #doc
        #deprecated
        #[derive(Debug, Clone, PartialEq, ::serde::Serialize)]
        #[serde(untagged)]
        pub enum #name {
            #(#variants)*
            #[doc = #other_doc]
            #other(::serde_json::Value),
        }

        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                ::specforge_runtime::de::tagged(deserializer, #tag, |tag, value| match tag {
                    #(#arms)*
                    _ => ::std::result::Result::Ok(Self::#other(value)),
                })
            }
        }
    }
}
