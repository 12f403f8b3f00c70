//! Emits the `models` module: one Rust type per schema.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::docs::one_line;
use super::{deprecated_attr, gate_items, ident, shape_type, Ctx, ModuleState, Prelude};
use crate::ir::*;

/// The field that keeps the properties a schema does not name ([`Extra::Keep`] and
/// [`Extra::Typed`]); field names are made unique around it.
pub const EXTRA_FIELD: &str = "additional_properties";

/// The `models` module body.
pub fn emit_models(api: &Api) -> TokenStream {
    let prefix = TokenStream::new();
    let names: Vec<&str> = api.types.iter().map(|t| t.rust_name.as_str()).collect();
    let prelude = Prelude::new(names.iter().copied());
    let state = ModuleState::default();
    let ctx = state.ctx(api, &prefix, &prelude);
    let mut order: Vec<&TypeDef> = api.types.iter().collect();
    order.sort_by(|a, b| a.rust_name.cmp(&b.rust_name));
    let items: Vec<TokenStream> = order
        .into_iter()
        .map(|t| gate_items(&t.facts.features, emit_type(ctx, t)))
        .collect();
    let header = state.header();
    quote! {
        //! Data types: one per schema in the spec.
        //!
        //! Objects keep the properties their schema does not name in `additional_properties`,
        //! so a decode -> encode round trip loses nothing.
        #header
        #(#items)*
    }
}

/// How many `Option`, `Vec` and map layers `shape`'s Rust type has.
fn layers(shape: &Shape) -> usize {
    let own = usize::from(shape.nullable);
    match &shape.ty {
        Ty::Array(inner) | Ty::Map(inner) => own + 1 + layers(inner),
        _ => own,
    }
}

fn emit_type(ctx: Ctx<'_>, t: &TypeDef) -> TokenStream {
    // Lists of lists of lists... (`Option<Vec<Vec<Vec<Vec<String>>>>>`, as recursive or
    // generated specs have) are what clippy's `type_complexity` counts as too complex; the
    // schema says so, and the field keeps it.
    let mut deep = false;
    visit_kind(&t.kind, &mut |shape| deep |= layers(shape) >= 4);
    if deep {
        ctx.allow("clippy::type_complexity");
    }
    let doc = ctx.doc_attrs(t.doc.as_deref(), &t.examples);
    if t.deprecated {
        // Deprecated schemas are marked `#[deprecated]` for consumers; the derives and serde
        // impls in this module must still be able to name them.
        ctx.allow("deprecated");
    }
    let deprecated = deprecated_attr(t.deprecated);
    let name = ident(&t.rust_name);
    let head = quote! { #doc #deprecated };
    match &t.kind {
        TypeKind::Struct(s) => emit_struct(ctx, &head, &name, s, &t.facts),
        TypeKind::Enum(e) => emit_enum(ctx, &head, &name, e),
        TypeKind::Union(u) => emit_union(ctx, &head, &name, u, &t.facts),
        // An alias whose schema states constraints is a newtype, so that a value of it
        // validates itself (a type alias would share the inner type's `validate()`).
        TypeKind::Alias(shape) if t.facts.newtype => {
            let ty = shape_type(ctx, shape);
            let rt = ctx.rt();
            let eq = t.facts.eq.then(|| quote! { Eq, });
            // serde as the value itself; floats are written back as JSON producers write
            // them (`49`, not `49.0`).
            let number = is_number_shape(shape).then(|| quote! { , num });
            let text = t
                .facts
                .text_form
                .then(|| quote! { #rt::newtype_text!(#name, #ty); });
            quote! {
                #head
                #[derive(Debug, Clone, PartialEq, #eq)]
                pub struct #name(pub #ty);
                #rt::newtype!(#name, #ty #number);
                #text
            }
        }
        TypeKind::Alias(shape) => {
            let ty = shape_type(ctx, shape);
            quote! { #head pub type #name = #ty; }
        }
    }
}

fn field_doc(ctx: Ctx<'_>, f: &Field) -> TokenStream {
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
        .map(|doc| ctx.markdown(doc))
        .unwrap_or_default();
    for note in notes {
        if !text.is_empty() {
            text.push_str("\n\n");
        }
        text.push_str(&note);
    }
    super::docs::doc_attrs(text, &f.examples)
}

fn emit_struct(
    ctx: Ctx<'_>,
    head: &TokenStream,
    name: &proc_macro2::Ident,
    s: &Struct,
    facts: &TypeFacts,
) -> TokenStream {
    let option = &ctx.prelude.option;
    let rt = ctx.rt();
    let mut wires = Vec::new();
    let fields: Vec<TokenStream> = s
        .fields
        .iter()
        .map(|f| {
            let field = ident(&f.rust_name);
            let doc = field_doc(ctx, f);
            if f.deprecated {
                // Deprecated properties are marked for consumers; the serde impls still
                // name them.
                ctx.allow("deprecated");
            }
            let deprecated = deprecated_attr(f.deprecated);
            let inner = shape_type(ctx, &f.shape);
            // How `rt::object!` reads and writes the field (`rt::field`): required (`null`
            // allowed when nullable), optional, or optional and nullable (absent and `null`
            // kept apart); floats are written back as JSON producers write them (`49`, not
            // `49.0`).
            let (ty, kind) = match (f.required, f.shape.nullable) {
                (true, _) => (inner, "req"),
                (false, false) => (quote! { #option<#inner> }, "opt"),
                (false, true) => (quote! { #option<#inner> }, "opt_null"),
            };
            let kind = if is_number_shape(&f.shape) {
                format_ident!("{kind}_num")
            } else {
                format_ident!("{kind}")
            };
            let wire = &f.wire_name;
            wires.push(quote! { #field: #wire #kind });
            quote! {
                #doc
                #deprecated
                pub #field: #ty,
            }
        })
        .collect();
    let extra_field = ident(EXTRA_FIELD);
    let (extra, mode) = match &s.extra {
        Extra::Keep => (quote! { pub #extra_field: #rt::Object, }, quote! { keep }),
        Extra::Typed(shape) => {
            let ty = shape_type(ctx, shape);
            let string = &ctx.prelude.string;
            (
                quote! { pub #extra_field: ::std::collections::BTreeMap<#string, #ty>, },
                quote! { keep },
            )
        }
        Extra::Deny => (TokenStream::new(), quote! { deny }),
    };
    let eq = facts.eq.then(|| quote! { Eq, });
    let default = facts.default.then(|| quote! { Default, });
    quote! {
        #head
        #[derive(Debug, Clone, #default PartialEq, #eq)]
        pub struct #name {
            #(#fields)*
            #extra
        }
        #rt::object!(#name { #(#wires),* } #mode);
    }
}

/// The struct a shape names (directly or through aliases), if any.
fn struct_fields<'a>(api: &'a Api, shape: &Shape) -> Option<&'a Struct> {
    match &shape.ty {
        Ty::Named { id, .. } => match &api.types[api.types[id.0].facts.target.0].kind {
            TypeKind::Struct(s) => Some(s),
            _ => None,
        },
        _ => None,
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

fn emit_enum(ctx: Ctx<'_>, head: &TokenStream, name: &proc_macro2::Ident, e: &Enum) -> TokenStream {
    let unknown = ident(&e.unknown_name);
    let variants: Vec<_> = e.variants.iter().map(|v| ident(&v.rust_name)).collect();
    let docs = e
        .variants
        .iter()
        .map(|v| one_line(&format!(" `{}`", v.wire_name.replace('`', "'"))));
    let rt = ctx.rt();
    let (held, derive_copy, mapping) = match e.repr {
        EnumRepr::String => {
            let string = &ctx.prelude.string;
            let wires = e.variants.iter().map(|v| v.wire_name.as_str());
            (
                quote! { #string },
                TokenStream::new(),
                quote! { #rt::string_enum!(#name, #unknown, [#(#variants => #wires),*]); },
            )
        }
        EnumRepr::Integer => {
            let values = e.variants.iter().map(|v| match v.value {
                Literal::Int(n) => proc_macro2::Literal::i64_unsuffixed(n),
                // `lower` types every value of an integer enum as `Int`.
                _ => proc_macro2::Literal::i64_unsuffixed(0),
            });
            (
                quote! { i64 },
                quote! { Copy, },
                quote! { #rt::int_enum!(#name, #unknown, [#(#variants => #values),*]); },
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
    head: &TokenStream,
    name: &proc_macro2::Ident,
    u: &Union,
    facts: &TypeFacts,
) -> TokenStream {
    // Unions hold their alternatives inline, as the schema describes them.
    ctx.allow("clippy::large_enum_variant");
    let eq = facts.eq.then(|| quote! { Eq, });
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
            let text = one_line(&format!(" `{tag}` is {values}."));
            quote! { #[doc = #text] }
        };
        quote! { #doc #variant(#ty), }
    });
    let Some(tag) = &u.tag else {
        // A union of values with a text form can be a parameter.
        let param = if facts.text_form {
            let rt = ctx.rt();
            let arms = u.variants.iter().map(|v| {
                let variant = ident(&v.rust_name);
                quote! { Self::#variant(value) => #rt::ParamValue::each_param(value, f), }
            });
            let string = &ctx.prelude.string;
            let tries = u.variants.iter().map(|v| {
                let variant = ident(&v.rust_name);
                let ty = shape_type(ctx, &v.shape);
                quote! {
                    if let ::std::result::Result::Ok(value) = <#ty as #rt::FromText>::from_text(text) {
                        return ::std::result::Result::Ok(Self::#variant(value));
                    }
                }
            });
            let none = format!("is none of the alternatives of {name}");
            quote! {
                impl #rt::FromText for #name {
                    fn from_text(text: &str) -> ::std::result::Result<Self, #string> {
                        #(#tries)*
                        ::std::result::Result::Err(::std::format!("`{text}` {}", #none))
                    }
                }

                impl #rt::ParamValue for #name {
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
        // Alternatives are matched as JSON Schema says (decodes and validates; exactly one
        // for `oneOf`), in order of fit: objects keep unknown properties, so serde's "first
        // that decodes" would let the spec's order decide between them.
        let rt = ctx.rt();
        let alternatives: Vec<TokenStream> = u.variants.iter().map(|v| {
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
                #rt::de::Alternative {
                    name: #label,
                    known: #known,
                    required: #required,
                    decode: |value| #rt::decode::from_value_ref::<#ty>(value).map(Self::#variant),
                },
            }
        }).collect();
        let wire_name = name.to_string();
        let exclusive = u.exclusive;
        let names = u.variants.iter().map(|v| ident(&v.rust_name));
        return quote! {
            #head
            #[derive(Debug, Clone, PartialEq, #eq)]
            pub enum #name {
                #(#variants)*
            }
            #rt::union_serialize!(#name, [#(#names),*]);

            impl<'de> ::serde::Deserialize<'de> for #name {
                fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                    #rt::de::untagged(deserializer, #wire_name, #exclusive, <Self as #rt::Validate>::validate_at, &[#(#alternatives)*])
                }
            }
            #param
        };
    };
    let rt = ctx.rt();
    let other = ident(&u.other_name);
    let arms = u.variants.iter().map(|v| {
        let variant = ident(&v.rust_name);
        let values = &v.tag_values;
        quote! { #(#values)|* => #rt::decode::from_value(value).map(Self::#variant), }
    });
    let other_doc = one_line(&format!(" An alternative this version does not know (its `{tag}` is none of the above), kept as received."));
    let names = u.variants.iter().map(|v| ident(&v.rust_name));
    quote! {
        #head
        #[derive(Debug, Clone, PartialEq, #eq)]
        pub enum #name {
            #(#variants)*
            #[doc = #other_doc]
            #other(::serde_json::Value),
        }
        #rt::union_serialize!(#name, [#(#names,)* #other]);

        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                #rt::de::tagged(deserializer, #tag, |tag, value| match tag {
                    #(#arms)*
                    _ => ::std::result::Result::Ok(Self::#other(value)),
                })
            }
        }
    }
}
