//! A schema's shape: its Rust type by structure (scalars, formats, arrays, maps, named types
//! for inline objects, enums and unions), whether it is nullable, and the checks it states.

use serde_json::{Map, Value};

use super::keywords::{json_types, Handled};
use super::types::Class;
use super::{
    flag, identifier_like, is_annotation_key, is_annotation_only, is_null_schema, kind_of, text,
    types_of, Lowerer,
};
use crate::diag::quote;
use crate::ir::*;
use crate::load::{ref_of, NodeRef};
use crate::naming;

/// The JSON types a schema allows by its `type`, or by `properties` (an object).
fn stated_types(object: &Map<String, Value>) -> Vec<JsonType> {
    let types = json_types(object);
    if types.is_empty()
        && (object.contains_key("properties") || object.contains_key("additionalProperties"))
    {
        return vec![JsonType::Object];
    }
    types
}

/// Whether an array's item type is its `items` schema (see [`Lowerer::lower_array`]).
fn items_are_typed(object: &Map<String, Value>) -> bool {
    matches!(
        object.get("items"),
        Some(Value::Object(_) | Value::Bool(true))
    ) && !object.contains_key("prefixItems")
}

impl Lowerer<'_> {
    /// The shape of the schema at `node`; inline objects, enums and unions become types
    /// named after `context` (or their `title`).
    pub(super) fn lower_shape(&mut self, node: &NodeRef, context: &str) -> Shape {
        let Some(value) = self.value(node) else {
            self.error(node, "nothing at this pointer");
            return Shape::default();
        };
        let object = match value {
            Value::Bool(true) => return Shape::default(),
            // No value is allowed: any JSON value, which `validate()` refuses.
            Value::Bool(false) => {
                return Shape {
                    checks: Checks {
                        never: true,
                        ..Checks::default()
                    },
                    ..Shape::default()
                }
            }
            Value::Object(object) => object,
            _ => {
                self.error(
                    node,
                    format!(
                        "a schema must be a mapping or a boolean, found {}",
                        kind_of(value)
                    ),
                );
                return Shape::default();
            }
        };
        if ref_of(value).is_some() {
            let Some(target) = self.deref_schema(node) else {
                return Shape::default();
            };
            let mut shape = self.shape_of_target(&target);
            // 3.0 specs often put `nullable: true` beside a `$ref`.
            shape.nullable |= flag(object, "nullable");
            // In 3.1 the keywords beside a `$ref` apply too (in 3.0 they are ignored).
            if self.openapi31 {
                let beside: Map<String, Value> = object
                    .iter()
                    .filter(|(k, _)| *k != "$ref" && !is_annotation_key(k))
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .collect();
                if !beside.is_empty() {
                    shape.checks = self.subschema_checks(node, &beside);
                }
            }
            return shape;
        }
        self.lower_inline(node, object, context)
    }

    /// An inline schema (not reached through `$ref`).
    pub(super) fn lower_inline(
        &mut self,
        node: &NodeRef,
        object: &Map<String, Value>,
        context: &str,
    ) -> Shape {
        let (types, mut nullable) = types_of(object);
        nullable |= flag(object, "nullable");
        nullable |= object
            .get("enum")
            .and_then(Value::as_array)
            .is_some_and(|v| v.iter().any(Value::is_null));
        nullable |= self.union_has_null(object);

        match self.classify(node, object) {
            Class::Struct | Class::Enum(_) | Class::Union => {
                let id = match self.by_node.get(node) {
                    Some(id) => *id,
                    None => {
                        let name = text(object.get("title"))
                            .filter(|t| identifier_like(t))
                            .map_or_else(|| context.to_owned(), |t| naming::type_name(&t, context));
                        let id = self.reserve(node, name, Some(object), false);
                        self.queue.push_back(id);
                        id
                    }
                };
                return Shape {
                    ty: Ty::Named { id, boxed: false },
                    nullable,
                    checks: Checks::default(),
                };
            }
            Class::Other => {}
        }

        // A schema that is one of its members (the one non-null member of oneOf/anyOf, or
        // the member of allOf that says what the value is) has that member's shape; the
        // other members and the schema's own keywords are checks on it.
        for key in ["allOf", "oneOf", "anyOf"] {
            let Some(items) = object.get(key).and_then(Value::as_array) else {
                continue;
            };
            let non_null: Vec<usize> = (0..items.len())
                .filter(|i| !is_null_schema(&items[*i]))
                .collect();
            let pick = if key == "allOf" {
                // Not a member that only annotates (`{description: ...}`).
                non_null
                    .iter()
                    .copied()
                    .find(|i| !is_annotation_only(&items[*i]))
                    .or_else(|| non_null.first().copied())
            } else {
                (non_null.len() == 1).then(|| non_null[0])
            };
            let Some(i) = pick else {
                continue;
            };
            let mut shape = self.lower_shape(&node.child(key).index(i), context);
            shape.nullable |= nullable;
            let mut beside = Vec::new();
            if key == "allOf" {
                for j in non_null.into_iter().filter(|j| *j != i) {
                    beside.push(self.lower_subschema(&node.child(key).index(j)));
                }
            }
            // A `type` the member already has (`type: object` beside `allOf: [$ref]`) says
            // nothing more.
            let member_types = self
                .spec
                .deref(&node.child(key).index(i))
                .ok()
                .and_then(|m| self.value(&m))
                .and_then(Value::as_object)
                .map(stated_types)
                .unwrap_or_default();
            let own_types = json_types(object);
            let implied = !member_types.is_empty()
                && member_types.iter().all(|t| {
                    own_types.contains(t)
                        || (*t == JsonType::Integer && own_types.contains(&JsonType::Number))
                });
            let own: Map<String, Value> = object
                .iter()
                .filter(|(k, _)| *k != key && !is_annotation_key(k))
                .filter(|(k, _)| !(implied && *k == "type"))
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect();
            let own = self.subschema_checks(node, &own);
            if !own.is_empty() {
                beside.push(Shape {
                    checks: own,
                    ..Shape::default()
                });
            }
            beside.retain(|member| *member != Shape::default());
            if !beside.is_empty() {
                shape.checks.applied_mut().all_of.extend(beside);
            }
            return shape;
        }

        let mut checks = self.lower_checks(node, object);
        let mut items_typed = false;
        let ty = match types.as_slice() {
            // No type, or only `null`.
            [] if object.contains_key("type") => Ty::Any,
            [] => {
                let ty = self.untyped(node, object, context);
                items_typed = matches!(ty, Ty::Array(_)) && items_are_typed(object);
                ty
            }
            [single] => match *single {
                "string" => Ty::String(self.string_format(node, object)),
                "integer" => Ty::Integer(match object.get("format").and_then(Value::as_str) {
                    Some("int32") => IntKind::I32,
                    _ => IntKind::I64,
                }),
                "number" => Ty::Number(match object.get("format").and_then(Value::as_str) {
                    Some("float") => NumberKind::F32,
                    _ => NumberKind::F64,
                }),
                "boolean" => Ty::Bool,
                "array" => {
                    items_typed = items_are_typed(object);
                    self.lower_array(node, object, context)
                }
                "object" => self.lower_object_shape(node, object, context),
                other => {
                    let hint = crate::diag::did_you_mean(
                        other,
                        [
                            "string", "integer", "number", "boolean", "array", "object", "null",
                        ],
                    );
                    let mut d = self.spec.error_at(
                        &node.child("type"),
                        format!("unknown schema type `{}`", quote(other)),
                    );
                    if let Some(hint) = hint {
                        d = d.with_help(format!("did you mean `{hint}`?"));
                    }
                    self.diags.push(d);
                    Ty::Any
                }
            },
            // Several types (`[string, integer]`): any JSON value, of one of them.
            _ => Ty::Any,
        };
        if ty == Ty::Any {
            checks.types = json_types(object);
        }
        // A format the value's type does not check itself.
        let typed_format = matches!(ty, Ty::String(f) if f.validates());
        if matches!(ty, Ty::String(_) | Ty::Any) && !typed_format {
            checks.format = object
                .get("format")
                .and_then(Value::as_str)
                .and_then(Format::from_name);
        }
        if let Some(values) = object.get("enum").and_then(Value::as_array) {
            checks.allowed = values
                .iter()
                .filter(|v| !v.is_null())
                .map(Literal::from_json)
                .collect();
            checks.never = values.is_empty();
        }
        let handled = Handled {
            additional: matches!(ty, Ty::Map(_)),
            items: items_typed,
            ..Handled::default()
        };
        checks.applied = self.lower_applied(node, object, handled);
        Shape {
            ty,
            nullable,
            checks,
        }
    }

    /// A schema with no `type`: inferred from the keywords present.
    pub(super) fn untyped(
        &mut self,
        node: &NodeRef,
        object: &Map<String, Value>,
        context: &str,
    ) -> Ty {
        if object.contains_key("items") {
            self.lower_array(node, object, context)
        } else if object.contains_key("additionalProperties") || object.contains_key("properties") {
            self.lower_object_shape(node, object, context)
        } else if let Some(c) = object.get("const") {
            match c {
                Value::String(_) => Ty::String(StringFormat::Plain),
                Value::Bool(_) => Ty::Bool,
                Value::Number(n) if n.is_i64() => Ty::Integer(IntKind::I64),
                Value::Number(_) => Ty::Number(NumberKind::F64),
                _ => Ty::Any,
            }
        } else {
            Ty::Any
        }
    }

    /// An array; its item type is `items` unless `items` is `false`, a list (tuple-style,
    /// before 2020-12) or follows `prefixItems`: then items are any JSON values, checked
    /// by [`Applied`].
    pub(super) fn lower_array(
        &mut self,
        node: &NodeRef,
        object: &Map<String, Value>,
        context: &str,
    ) -> Ty {
        let item = match object.get("items") {
            Some(Value::Array(_) | Value::Bool(false)) => Shape::default(),
            Some(_) if object.contains_key("prefixItems") => Shape::default(),
            Some(_) => self.lower_shape(&node.child("items"), &format!("{context}Item")),
            None => Shape::default(),
        };
        Ty::Array(Box::new(item))
    }

    /// An object with no properties: a map (typed by `additionalProperties`) or any object.
    pub(super) fn lower_object_shape(
        &mut self,
        node: &NodeRef,
        object: &Map<String, Value>,
        context: &str,
    ) -> Ty {
        match object.get("additionalProperties") {
            // Properties a pattern names are not additional: checked by [`Applied`].
            Some(Value::Object(_)) if object.contains_key("patternProperties") => Ty::AnyObject,
            Some(Value::Object(_)) => {
                let value = self.lower_shape(
                    &node.child("additionalProperties"),
                    &format!("{context}Value"),
                );
                Ty::Map(Box::new(value))
            }
            _ => Ty::AnyObject,
        }
    }

    pub(super) fn string_format(
        &mut self,
        node: &NodeRef,
        object: &Map<String, Value>,
    ) -> StringFormat {
        match object.get("format").and_then(Value::as_str) {
            None => StringFormat::Plain,
            Some("date-time") => StringFormat::DateTime,
            Some("date") => StringFormat::Date,
            Some("email") => StringFormat::Email,
            Some("uri" | "url") => StringFormat::Uri,
            Some("uuid") => StringFormat::Uuid,
            Some("password") => StringFormat::Password,
            Some("binary") => StringFormat::Binary,
            // Known formats with no dedicated type, and unknown ones, are plain strings.
            Some(_) => {
                let _ = node;
                StringFormat::Plain
            }
        }
    }
}
