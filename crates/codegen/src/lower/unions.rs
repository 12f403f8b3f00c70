//! Unions (`oneOf` / `anyOf` of two or more non-null schemas): their alternatives, and the
//! property that tells them apart when there is one (a `discriminator`, or a property every
//! alternative fixes with `const`).

use std::collections::BTreeSet;

use serde_json::{Map, Value};

use super::{is_null_schema, text, Lowerer};
use crate::diag::quote;
use crate::ir::*;
use crate::load::{ref_of, NodeRef};
use crate::naming;

impl Lowerer<'_> {
    /// A union of the members of `key` (`oneOf` or `anyOf`, see `types::union_key`).
    pub(super) fn lower_union(
        &mut self,
        node: &NodeRef,
        object: &Map<String, Value>,
        name: &str,
        key: &'static str,
    ) -> TypeKind {
        let members = object
            .get(key)
            .and_then(Value::as_array)
            .map(Vec::as_slice)
            .unwrap_or_default();
        let list = node.child(key);
        let members: Vec<NodeRef> = members
            .iter()
            .enumerate()
            .filter(|(_, m)| !is_null_schema(m))
            .map(|(i, _)| list.index(i))
            .collect();
        let targets: Vec<Option<NodeRef>> =
            members.iter().map(|m| self.spec.deref(m).ok()).collect();
        // The tag is worked out first, so inline alternatives can be named after their tag
        // value (`Shape::Circle`) rather than their position.
        let mut variants: Vec<UnionVariant> = members
            .iter()
            .map(|_| UnionVariant {
                rust_name: String::new(),
                tag_values: Vec::new(),
                shape: Shape::default(),
            })
            .collect();
        let tag = self.union_tag(node, object, &targets, &mut variants);
        for (i, member) in members.iter().enumerate() {
            let is_ref = self.value(member).and_then(ref_of).is_some();
            let context = match variants[i].tag_values.first() {
                Some(value) if !is_ref => naming::nested(name, value, "Variant"),
                _ => format!("{name}Variant{}", i + 1),
            };
            let shape = self.lower_shape(member, &context);
            variants[i].rust_name = match (&shape.ty, variants[i].tag_values.first()) {
                (_, Some(value)) if !is_ref => naming::type_name(value, "Variant"),
                (Ty::Named { id, .. }, _) => self.types[id.0].def.rust_name.clone(),
                (other, _) => naming::variant_name_for(other),
            };
            variants[i].shape = shape;
        }
        let mut names: Vec<String> = variants.iter().map(|v| v.rust_name.clone()).collect();
        let wanted = names.clone();
        let other_name = naming::with_catch_all(&mut names, "Other", tag.is_some());
        let wires: Vec<String> = (1..=names.len()).map(|i| format!("#{i}")).collect();
        let wires: Vec<&str> = wires.iter().map(String::as_str).collect();
        self.warn_variant_renames(&list, "alternative", &wires, &wanted, &names, &other_name);
        for (v, n) in variants.iter_mut().zip(names) {
            v.rust_name = n;
        }
        TypeKind::Union(Union {
            variants,
            tag,
            other_name,
            exclusive: key == "oneOf",
        })
    }

    /// The property that tells a union's alternatives apart, filling in each variant's tag
    /// values: the `discriminator` (its `mapping`, whose values may be relative file paths,
    /// or else the schema names), or a property every alternative fixes with `const`.
    pub(super) fn union_tag(
        &mut self,
        node: &NodeRef,
        object: &Map<String, Value>,
        targets: &[Option<NodeRef>],
        variants: &mut [UnionVariant],
    ) -> Option<String> {
        let discriminator = object.get("discriminator").and_then(Value::as_object);
        let property = match discriminator.and_then(|d| text(d.get("propertyName"))) {
            Some(property) => property,
            None => self.common_const_property(targets)?,
        };
        if let Some(mapping) = discriminator
            .and_then(|d| d.get("mapping"))
            .and_then(Value::as_object)
        {
            let mapping_node = node.child("discriminator").child("mapping");
            let mut dangling = false;
            for (value, target) in mapping {
                let Some(reference) = target.as_str() else {
                    continue;
                };
                // A bare name means a schema under components/schemas of the root file.
                let resolved = if reference.contains('/')
                    || reference.contains('#')
                    || reference.ends_with(".yaml")
                    || reference.ends_with(".json")
                {
                    self.spec
                        .resolve(node.file, reference)
                        .ok()
                        .and_then(|n| self.spec.deref(&n).ok())
                } else {
                    let n = NodeRef::root()
                        .child("components")
                        .child("schemas")
                        .child(reference);
                    self.spec.deref(&n).ok()
                };
                match resolved.and_then(|r| targets.iter().position(|t| t.as_ref() == Some(&r))) {
                    Some(i) => variants[i].tag_values.push(value.clone()),
                    None => {
                        // A documented fallback: the tag cannot be trusted, so the union is
                        // decoded without it.
                        self.warn(&mapping_node.child(value), format!("discriminator mapping `{}: {}` names a schema that is not one of the alternatives; the union is decoded by trying each alternative in turn", quote(value), quote(reference)));
                        dangling = true;
                    }
                }
            }
            if dangling {
                for v in variants.iter_mut() {
                    v.tag_values.clear();
                }
                return None;
            }
        }
        for (i, target) in targets.iter().enumerate() {
            if !variants[i].tag_values.is_empty() {
                continue;
            }
            let Some(target) = target else {
                continue;
            };
            if let Some(value) = self.const_of(target, &property, 0) {
                variants[i].tag_values.push(value);
            } else if discriminator.is_some() {
                // The discriminator's default value is the schema's name.
                if let Some(last) = target.pointer.last().filter(|s| !s.is_empty()) {
                    variants[i].tag_values.push(last.into_owned());
                } else {
                    let file = &self.spec.doc(target.file).rel_path;
                    let stem = file.rsplit('/').next().unwrap_or(file);
                    variants[i]
                        .tag_values
                        .push(stem.split('.').next().unwrap_or(stem).to_owned());
                }
            }
        }
        let mut seen = BTreeSet::new();
        let distinct = variants
            .iter()
            .flat_map(|v| v.tag_values.iter())
            .all(|t| seen.insert(t.clone()));
        if variants.iter().all(|v| !v.tag_values.is_empty()) && distinct {
            Some(property)
        } else {
            if discriminator.is_some() {
                self.warn(node, format!("the discriminator `{}` does not tell every alternative apart; the union is decoded by trying each alternative in turn", quote(&property)));
            }
            for v in variants.iter_mut() {
                v.tag_values.clear();
            }
            None
        }
    }

    /// A property that every alternative fixes to a distinct `const` (or one-value `enum`).
    pub(super) fn common_const_property(&self, targets: &[Option<NodeRef>]) -> Option<String> {
        let first = targets.first()?.as_ref()?;
        let candidates = self.property_names(first, 0);
        candidates.into_iter().find(|p| {
            let values: Vec<Option<String>> = targets
                .iter()
                .map(|t| t.as_ref().and_then(|t| self.const_of(t, p, 0)))
                .collect();
            let mut seen = BTreeSet::new();
            values
                .iter()
                .all(|v| v.as_ref().is_some_and(|v| seen.insert(v.clone())))
        })
    }

    pub(super) fn property_names(&self, node: &NodeRef, depth: usize) -> Vec<String> {
        let mut out = Vec::new();
        let Some(object) = self.value(node).and_then(Value::as_object) else {
            return out;
        };
        if depth > 16 {
            return out;
        }
        if let Some(Value::Object(props)) = object.get("properties") {
            out.extend(props.keys().cloned());
        }
        if let Some(Value::Array(members)) = object.get("allOf") {
            for i in 0..members.len() {
                if let Ok(member) = self.spec.deref(&node.child("allOf").index(i)) {
                    out.extend(self.property_names(&member, depth + 1));
                }
            }
        }
        out
    }

    /// The fixed value of `property` in the object schema at `node` (through `allOf`).
    pub(super) fn const_of(&self, node: &NodeRef, property: &str, depth: usize) -> Option<String> {
        if depth > 16 {
            return None;
        }
        let object = self.value(node)?.as_object()?;
        let prop_node = node.child("properties").child(property);
        if let Some(prop) = self
            .spec
            .deref(&prop_node)
            .ok()
            .and_then(|n| self.value(&n))
            .and_then(Value::as_object)
        {
            let fixed = prop.get("const").or_else(|| {
                prop.get("enum")
                    .and_then(Value::as_array)
                    .filter(|v| v.len() == 1)
                    .map(|v| &v[0])
            });
            if let Some(Value::String(value)) = fixed {
                return Some(value.clone());
            }
        }
        let members = object.get("allOf")?.as_array()?;
        (0..members.len()).find_map(|i| {
            let member = self.spec.deref(&node.child("allOf").index(i)).ok()?;
            self.const_of(&member, property, depth + 1)
        })
    }
}
