//! Constraint keywords: the scalar ones (`minLength`, `minimum`, `const`, `format`, ...) into
//! [`Checks`], and those about objects and arrays or holding subschemas (`not`, `contains`,
//! `patternProperties`, `if`, ...) into [`Applied`], skipping what the value's Rust type
//! already says. Subschemas are lowered for checking only ([`Lowerer::lower_subschema`]):
//! an inline one is [`Ty::Any`] with its checks, a `$ref` is the named type (with, in
//! OpenAPI 3.1, the keywords beside the `$ref`).

use serde_json::{Map, Value};

use super::{flag, kind_of, uint, Lowerer};
use crate::ir::*;
use crate::load::{ref_of, NodeRef};

/// What the value's Rust type (or the type's kind) already enforces, so [`Applied`] leaves
/// it out.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Handled {
    /// `properties`, `required`, `minProperties` and `maxProperties` (a struct's fields).
    pub properties: bool,
    /// `additionalProperties` (a struct's extra field, a map's value type).
    pub additional: bool,
    /// `items` (an array's item type).
    pub items: bool,
    /// `allOf` (merged into a struct, or the member a shape was taken from).
    pub all_of: bool,
    /// `oneOf` or `anyOf`: the alternatives of a union (or the one member a shape is).
    pub union: Option<&'static str>,
}

/// The JSON Schema `type` names in `type` (a string or a list), nulls included.
pub(super) fn json_types(object: &Map<String, Value>) -> Vec<JsonType> {
    let names: Vec<&str> = match object.get("type") {
        Some(Value::String(t)) => vec![t.as_str()],
        Some(Value::Array(items)) => items.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    };
    names
        .into_iter()
        .filter_map(|name| {
            Some(match name {
                "null" => JsonType::Null,
                "boolean" => JsonType::Boolean,
                "object" => JsonType::Object,
                "array" => JsonType::Array,
                "number" => JsonType::Number,
                "string" => JsonType::String,
                "integer" => JsonType::Integer,
                _ => return None,
            })
        })
        .collect()
}

impl Lowerer<'_> {
    /// The scalar constraint keywords of a schema (lengths, `pattern`, bounds, item counts,
    /// `uniqueItems`, `const`).
    pub(super) fn lower_checks(&mut self, node: &NodeRef, object: &Map<String, Value>) -> Checks {
        let number = |key: &str| match object.get(key) {
            Some(Value::Number(n)) => Some(Number::from_json(n)),
            _ => None,
        };
        let mut checks = Checks {
            min_length: uint(object, "minLength"),
            max_length: uint(object, "maxLength"),
            // As written: leading and trailing spaces are part of the expression.
            pattern: object
                .get("pattern")
                .and_then(Value::as_str)
                .map(str::to_owned),
            minimum: number("minimum"),
            maximum: number("maximum"),
            multiple_of: number("multipleOf").filter(|m| m.is_positive()),
            min_items: uint(object, "minItems"),
            max_items: uint(object, "maxItems"),
            unique_items: flag(object, "uniqueItems"),
            const_value: object.get("const").map(Literal::from_json),
            ..Checks::default()
        };
        // 3.1: numeric bounds; 3.0: booleans that make `minimum`/`maximum` exclusive.
        match object.get("exclusiveMinimum") {
            Some(Value::Bool(true)) => checks.exclusive_minimum = checks.minimum.take(),
            Some(Value::Number(n)) => checks.exclusive_minimum = Some(Number::from_json(n)),
            _ => {}
        }
        match object.get("exclusiveMaximum") {
            Some(Value::Bool(true)) => checks.exclusive_maximum = checks.maximum.take(),
            Some(Value::Number(n)) => checks.exclusive_maximum = Some(Number::from_json(n)),
            _ => {}
        }
        if let Some(pattern) = &checks.pattern {
            if !self.pattern_ok(&node.child("pattern"), pattern) {
                checks.pattern = None;
            }
        }
        if object.contains_key("multipleOf") && checks.multiple_of.is_none() {
            self.error(
                &node.child("multipleOf"),
                "`multipleOf` must be a number greater than 0",
            );
        }
        checks
    }

    /// Whether `pattern` is an ECMA-262 regular expression; warns when it is not, so that
    /// a pattern never fails to compile in the generated crate (a documented fallback: the
    /// value is still typed; only this check is skipped).
    fn pattern_ok(&mut self, at: &NodeRef, pattern: &str) -> bool {
        match specforge_runtime::validate::pattern_error(pattern) {
            None => true,
            Some(e) => {
                self.warn(
                    at,
                    format!("`pattern` is not an ECMA-262 regular expression ({e}); values are not validated against it"),
                );
                false
            }
        }
    }

    /// A subschema, lowered for checking only: the schema `true` is any value, `false` none,
    /// an inline schema is [`Ty::Any`] with every keyword it states, a `$ref` is the named
    /// type it points to (plus, in OpenAPI 3.1, the keywords beside it).
    pub(super) fn lower_subschema(&mut self, node: &NodeRef) -> Shape {
        let Some(value) = self.value(node) else {
            self.error(node, "nothing at this pointer");
            return Shape::default();
        };
        let object = match value {
            Value::Bool(true) => return Shape::default(),
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
            let id = self.named_type(&target);
            let checks = if self.openapi31 {
                self.subschema_checks(node, object)
            } else {
                Checks::default()
            };
            return Shape {
                ty: Ty::Named { id, boxed: false },
                nullable: flag(object, "nullable"),
                checks,
            };
        }
        Shape {
            checks: self.subschema_checks(node, object),
            ..Shape::default()
        }
    }

    /// Every keyword of a subschema, none of them left to a Rust type.
    pub(super) fn subschema_checks(
        &mut self,
        node: &NodeRef,
        object: &Map<String, Value>,
    ) -> Checks {
        let mut checks = self.lower_checks(node, object);
        checks.types = json_types(object);
        if flag(object, "nullable") && !checks.types.is_empty() {
            checks.types.push(JsonType::Null);
        }
        checks.format = object
            .get("format")
            .and_then(Value::as_str)
            .and_then(Format::from_name);
        if let Some(values) = object.get("enum").and_then(Value::as_array) {
            checks.allowed = values.iter().map(Literal::from_json).collect();
            if checks.allowed.is_empty() {
                checks.never = true;
            }
        }
        checks.applied = self.lower_applied(node, object, Handled::default());
        checks
    }

    /// The keywords of a named type's schema that its kind does not capture: the scalar
    /// ones, `format`, and [`Applied`] but for what `handled` says.
    pub(super) fn kind_checks(
        &mut self,
        node: &NodeRef,
        object: &Map<String, Value>,
        handled: Handled,
    ) -> Checks {
        let mut checks = self.lower_checks(node, object);
        checks.format = object
            .get("format")
            .and_then(Value::as_str)
            .and_then(Format::from_name);
        checks.applied = self.lower_applied(node, object, handled);
        checks
    }

    /// The subschemas under `key` when it is a list.
    fn subschema_list(
        &mut self,
        node: &NodeRef,
        object: &Map<String, Value>,
        key: &str,
    ) -> Vec<Shape> {
        let count = object
            .get(key)
            .and_then(Value::as_array)
            .map_or(0, Vec::len);
        (0..count)
            .map(|i| self.lower_subschema(&node.child(key).index(i)))
            .collect()
    }

    /// The subschemas under `key` when it maps names to schemas, in spec order.
    fn subschema_map(
        &mut self,
        node: &NodeRef,
        object: &Map<String, Value>,
        key: &str,
    ) -> Vec<(String, Shape)> {
        let names: Vec<String> = object
            .get(key)
            .and_then(Value::as_object)
            .map(|map| map.keys().cloned().collect())
            .unwrap_or_default();
        names
            .into_iter()
            .map(|name| {
                let shape = self.lower_subschema(&node.child(key).child(&name));
                (name, shape)
            })
            .collect()
    }

    /// The subschema under `key`, when there is one.
    fn subschema_at(
        &mut self,
        node: &NodeRef,
        object: &Map<String, Value>,
        key: &str,
    ) -> Option<Box<Shape>> {
        object
            .contains_key(key)
            .then(|| Box::new(self.lower_subschema(&node.child(key))))
    }

    /// The keywords about objects and arrays and those holding subschemas, but what
    /// `handled` says the Rust type already enforces; `None` when there are none.
    pub(super) fn lower_applied(
        &mut self,
        node: &NodeRef,
        object: &Map<String, Value>,
        handled: Handled,
    ) -> Option<Box<Applied>> {
        let mut a = Applied::default();
        if !handled.properties {
            a.min_properties = uint(object, "minProperties");
            a.max_properties = uint(object, "maxProperties");
            a.required = object
                .get("required")
                .and_then(Value::as_array)
                .map(|names| {
                    names
                        .iter()
                        .filter_map(Value::as_str)
                        .map(str::to_owned)
                        .collect()
                })
                .unwrap_or_default();
            a.properties = self.subschema_map(node, object, "properties");
        }
        let patterns: Vec<String> = object
            .get("patternProperties")
            .and_then(Value::as_object)
            .map(|map| map.keys().cloned().collect())
            .unwrap_or_default();
        for pattern in patterns {
            let at = node.child("patternProperties").child(&pattern);
            if self.pattern_ok(&at, &pattern) {
                let shape = self.lower_subschema(&at);
                a.pattern_properties.push((pattern, shape));
            }
        }
        let additional_open = matches!(
            object.get("additionalProperties"),
            None | Some(Value::Bool(true))
        );
        if (!handled.additional || object.contains_key("patternProperties")) && !additional_open {
            a.additional_properties = self.subschema_at(node, object, "additionalProperties");
        }
        a.property_names = self.subschema_at(node, object, "propertyNames");
        if let Some(Value::Object(map)) = object.get("dependentRequired") {
            a.dependent_required = map
                .iter()
                .map(|(name, needed)| {
                    let needed = needed.as_array().map(Vec::as_slice).unwrap_or_default();
                    (
                        name.clone(),
                        needed
                            .iter()
                            .filter_map(Value::as_str)
                            .map(str::to_owned)
                            .collect(),
                    )
                })
                .collect();
        }
        a.dependent_schemas = self.subschema_map(node, object, "dependentSchemas");
        // Draft 4's `dependencies`: a list of names or a schema per property.
        if let Some(Value::Object(map)) = object.get("dependencies") {
            for (name, dependency) in map {
                match dependency {
                    Value::Array(needed) => a.dependent_required.push((
                        name.clone(),
                        needed
                            .iter()
                            .filter_map(Value::as_str)
                            .map(str::to_owned)
                            .collect(),
                    )),
                    _ => {
                        let shape = self.lower_subschema(&node.child("dependencies").child(name));
                        a.dependent_schemas.push((name.clone(), shape));
                    }
                }
            }
        }
        // `prefixItems` (or tuple-style `items` with `additionalItems`, before 2020-12).
        if let Some(Value::Array(_)) = object.get("items") {
            a.prefix_items = self.subschema_list(node, object, "items");
            a.items = self.subschema_at(node, object, "additionalItems");
        } else {
            a.prefix_items = self.subschema_list(node, object, "prefixItems");
            if !handled.items || !a.prefix_items.is_empty() {
                a.items = self.subschema_at(node, object, "items");
            }
        }
        a.items = a.items.filter(|items| **items != Shape::default());
        a.contains = self.subschema_at(node, object, "contains");
        if a.contains.is_some() {
            a.min_contains = uint(object, "minContains");
            a.max_contains = uint(object, "maxContains");
        }
        if !handled.all_of {
            a.all_of = self.subschema_list(node, object, "allOf");
            a.all_of.retain(|member| *member != Shape::default());
        }
        if handled.union != Some("anyOf") {
            a.any_of = self.subschema_list(node, object, "anyOf");
        }
        if handled.union != Some("oneOf") {
            a.one_of = self.subschema_list(node, object, "oneOf");
        }
        a.not = self.subschema_at(node, object, "not");
        if object.contains_key("if") {
            let condition = self.lower_subschema(&node.child("if"));
            let then = self.subschema_at(node, object, "then").map(|s| *s);
            let otherwise = self.subschema_at(node, object, "else").map(|s| *s);
            if then.is_some() || otherwise.is_some() {
                a.if_then_else = Some(Box::new(Conditional {
                    condition,
                    then,
                    otherwise,
                }));
            }
        }
        (a != Applied::default()).then(|| Box::new(a))
    }
}
