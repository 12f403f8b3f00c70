//! Objects: a struct's fields from its `properties`, with `allOf` members merged in (their
//! properties, `required` lists and `additionalProperties`, then the object's own).

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value};

use super::keywords::Handled;
use super::{examples, flag, is_annotation_key, is_null_schema, text, uint, Lowerer};

/// The keywords merging captures in a struct: the rest of an `allOf` member is checked.
const MERGED: &[&str] = &[
    "properties",
    "required",
    "additionalProperties",
    "type",
    "allOf",
];
use crate::ir::*;
use crate::load::NodeRef;
use crate::naming;

/// What merging an object and its `allOf` members has collected so far.
struct Merge {
    /// The properties, in the order they were first seen, each with the node that defines
    /// it last (a later member, or the object itself, refines an earlier one).
    props: Vec<(String, NodeRef)>,
    /// Where each property is in `props`, so merging stays linear in the property count.
    position: BTreeMap<String, usize>,
    required: BTreeSet<String>,
    extra: Extra,
    /// Every node merged into this object, so a schema shared by several `allOf` paths is
    /// merged once (without it, nested `allOf` fan-out costs exponential time).
    merged: BTreeSet<NodeRef>,
}

impl Lowerer<'_> {
    /// A struct and the keywords of its schema (and its `allOf` members) that the struct
    /// does not capture.
    pub(super) fn lower_struct(
        &mut self,
        node: &NodeRef,
        object: &Map<String, Value>,
        name: &str,
    ) -> (Struct, Checks) {
        let mut merge = Merge {
            props: Vec::new(),
            position: BTreeMap::new(),
            required: BTreeSet::new(),
            extra: Extra::Keep,
            merged: BTreeSet::new(),
        };
        self.collect_properties(node, object, name, &mut merge);

        let mut fields = Vec::new();
        for (wire, prop_node) in merge.props {
            let context = naming::nested(name, &wire, "Field");
            // Docs, examples and flags are the property's own: a `$ref` target's description
            // belongs on the target's type.
            let prop = self.value(&prop_node).and_then(Value::as_object);
            let doc =
                prop.and_then(|p| text(p.get("description")).or_else(|| text(p.get("title"))));
            let own_flag = |key: &str| prop.is_some_and(|p| flag(p, key));
            let shape = self.lower_shape(&prop_node, &context);
            let field_examples = prop
                .map(|p| examples(self.spec, prop_node.file, p))
                .unwrap_or_default();
            fields.push(Field {
                // Made unique (around the names the models emitter adds) by `analyze`.
                rust_name: naming::field_name(&wire, "field"),
                required: merge.required.contains(&wire),
                shape,
                doc,
                examples: field_examples,
                default: prop.and_then(|p| p.get("default")).map(Value::to_string),
                deprecated: own_flag("deprecated"),
                read_only: own_flag("readOnly"),
                write_only: own_flag("writeOnly"),
                wire_name: wire,
            });
        }
        // Properties a pattern names are not additional: with `patternProperties`, unknown
        // properties are kept and `additionalProperties` is checked by [`Applied`].
        let patterns = object.contains_key("patternProperties");
        let handled = Handled {
            properties: true,
            additional: true,
            all_of: true,
            ..Handled::default()
        };
        let mut checks = self.kind_checks(node, object, handled);
        if patterns {
            merge.extra = Extra::Keep;
            if let Some(applied) = &mut checks.applied {
                if applied.additional_properties.is_some() {
                    applied.known_properties = fields.iter().map(|f| f.wire_name.clone()).collect();
                }
            }
        }
        // What the `allOf` members say beside their properties.
        for member in merge.merged.iter().filter(|m| *m != node) {
            let Some(Value::Object(member_object)) = self.value(member) else {
                continue;
            };
            let rest: Map<String, Value> = member_object
                .iter()
                .filter(|(k, _)| !MERGED.contains(&k.as_str()) && !is_annotation_key(k))
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect();
            if rest.is_empty() {
                continue;
            }
            let member_checks = self.subschema_checks(member, &rest);
            if !member_checks.is_empty() {
                checks.applied_mut().all_of.push(Shape {
                    checks: member_checks,
                    ..Shape::default()
                });
            }
        }
        let s = Struct {
            fields,
            extra: merge.extra,
            min_properties: uint(object, "minProperties"),
            max_properties: uint(object, "maxProperties"),
        };
        (s, checks)
    }

    /// Merges the object at `node` into `merge`: its `allOf` members first, then its own
    /// keywords. `self.merging` is the current `allOf` path, to report an object that
    /// includes itself.
    fn collect_properties(
        &mut self,
        node: &NodeRef,
        object: &Map<String, Value>,
        name: &str,
        merge: &mut Merge,
    ) {
        if self.merging.contains(node) {
            self.error(
                node,
                "`allOf` includes itself; the merged object would be infinite",
            );
            return;
        }
        if !merge.merged.insert(node.clone()) {
            return;
        }
        self.merging.push(node.clone());
        if let Some(Value::Array(members)) = object.get("allOf") {
            for i in 0..members.len() {
                let member = node.child("allOf").index(i);
                let Some(target) = self.deref(&member) else {
                    continue;
                };
                match self.value(&target) {
                    Some(Value::Object(m)) if is_null_schema(&Value::Object(m.clone())) => {}
                    Some(Value::Object(m)) => self.collect_properties(&target, m, name, merge),
                    _ => self.error(&member, "an `allOf` member must be a schema object"),
                }
            }
        }
        if let Some(Value::Object(own)) = object.get("properties") {
            let base = node.child("properties");
            for key in own.keys() {
                let prop_node = base.child(key);
                match merge.position.get(key) {
                    Some(&i) => merge.props[i].1 = prop_node,
                    None => {
                        merge.position.insert(key.clone(), merge.props.len());
                        merge.props.push((key.clone(), prop_node));
                    }
                }
            }
        }
        if let Some(Value::Array(names)) = object.get("required") {
            merge
                .required
                .extend(names.iter().filter_map(Value::as_str).map(str::to_owned));
        }
        match object.get("additionalProperties") {
            Some(Value::Bool(false)) => merge.extra = Extra::Deny,
            Some(Value::Object(_)) => {
                let shape =
                    self.lower_shape(&node.child("additionalProperties"), &format!("{name}Value"));
                merge.extra = Extra::Typed(Box::new(shape));
            }
            _ => {}
        }
        self.merging.pop();
    }
}
