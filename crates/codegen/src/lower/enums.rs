//! Enums: the listed string or integer values of a schema, each a variant, plus a catch-all
//! that keeps values this version of the API does not list.

use std::collections::BTreeSet;

use serde_json::{Map, Value};

use super::{flag, Lowerer};
use crate::diag::quote;
use crate::ir::*;
use crate::load::NodeRef;
use crate::naming;

impl Lowerer<'_> {
    pub(super) fn lower_enum(
        &mut self,
        node: &NodeRef,
        object: &Map<String, Value>,
        repr: EnumRepr,
    ) -> Enum {
        let values = object
            .get("enum")
            .and_then(Value::as_array)
            .map(Vec::as_slice)
            .unwrap_or_default();
        let mut variants = Vec::new();
        let mut seen = BTreeSet::new();
        for v in values.iter().filter(|v| !v.is_null()) {
            // `classify` chose the repr: every value is a string, or every value an i64.
            let (value, rust_name) = match (repr, v) {
                (EnumRepr::String, Value::String(s)) => {
                    (Literal::Str(s.clone()), naming::type_name(s, "Empty"))
                }
                (EnumRepr::Integer, Value::Number(n)) if n.is_i64() => {
                    let n = n.as_i64().unwrap_or_default();
                    (Literal::Int(n), naming::int_variant_name(n))
                }
                _ => continue,
            };
            let wire = match v {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            if !seen.insert(wire.clone()) {
                self.warn(
                    &node.child("enum"),
                    format!("enum value `{}` is listed twice", quote(&wire)),
                );
                continue;
            }
            variants.push(Variant {
                value,
                wire_name: wire,
                rust_name,
            });
        }
        let mut names: Vec<String> = variants.iter().map(|v| v.rust_name.clone()).collect();
        let unknown_name = naming::with_catch_all(&mut names, "Unknown", true);
        let wires: Vec<&str> = variants.iter().map(|v| v.wire_name.as_str()).collect();
        self.warn_variant_renames(
            &node.child("enum"),
            "enum value",
            &wires,
            &variants
                .iter()
                .map(|v| v.rust_name.clone())
                .collect::<Vec<_>>(),
            &names,
            &unknown_name,
        );
        for (v, n) in variants.iter_mut().zip(names) {
            v.rust_name = n;
        }
        Enum {
            variants,
            open: flag(object, "x-open-enum") || flag(object, "x-extensible-enum"),
            unknown_name,
            repr,
        }
    }

    /// Warns about each variant a collision renamed, naming both sides: `wanted` are the
    /// names before, `given` after, `catch_all` the catch-all variant's name.
    pub(super) fn warn_variant_renames(
        &mut self,
        node: &NodeRef,
        what: &str,
        wires: &[&str],
        wanted: &[String],
        given: &[String],
        catch_all: &str,
    ) {
        for i in (0..given.len()).filter(|i| given[*i] != wanted[*i]) {
            let like = match (0..given.len()).find(|j| given[*j] == wanted[i]) {
                Some(j) => format!("as would {what} `{}`", quote(wires[j])),
                None if wanted[i] == catch_all || wanted[i].starts_with(catch_all) => {
                    "the name of the variant that keeps unknown values".to_owned()
                }
                None => "a name already taken".to_owned(),
            };
            let message = format!(
                "{what} `{}` would be the variant `{}`, {like}; it is `{}`",
                quote(wires[i]),
                wanted[i],
                given[i]
            );
            self.warn(node, message);
        }
    }
}
