//! A schema's shape: its Rust type by structure (scalars, formats, arrays, maps, named types
//! for inline objects, enums and unions), whether it is nullable, and the checks it states.

use serde_json::{Map, Value};

use super::types::Class;
use super::{
    flag, identifier_like, is_annotation_only, is_null_schema, kind_of, text, types_of, uint,
    Lowerer,
};
use crate::ir::*;
use crate::load::{ref_of, NodeRef};
use crate::naming;

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
            Value::Bool(false) => {
                self.warn(
                    node,
                    "schema `false` (no value allowed) is typed as any JSON value",
                );
                return Shape::default();
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
            let Some(target) = self.deref(node) else {
                return Shape::default();
            };
            let mut shape = self.shape_of_target(&target);
            // 3.0 specs often put `nullable: true` beside a `$ref`.
            shape.nullable |= flag(object, "nullable");
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
                        let id = self.reserve(node, name, Some(object));
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

        // A single non-null member of oneOf/anyOf/allOf is that member.
        for key in ["allOf", "oneOf", "anyOf"] {
            if let Some(items) = object.get(key).and_then(Value::as_array) {
                // The member that says what the value is: not `null`, and for allOf not a
                // member that only annotates (`{description: ...}`).
                let substantive =
                    |v: &Value| !is_null_schema(v) && (key != "allOf" || !is_annotation_only(v));
                let pick = items
                    .iter()
                    .position(substantive)
                    .or_else(|| items.iter().position(|v| !is_null_schema(v)));
                if let Some(i) = pick {
                    let mut shape = self.lower_shape(&node.child(key).index(i), context);
                    shape.nullable |= nullable;
                    return shape;
                }
            }
        }

        let mut checks = self.lower_checks(node, object);
        let ty = match types.as_slice() {
            [] => self.untyped(node, object, context),
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
                "array" => self.lower_array(node, object, context),
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
                        format!("unknown schema type `{other}`"),
                    );
                    if let Some(hint) = hint {
                        d = d.with_help(format!("did you mean `{hint}`?"));
                    }
                    self.diags.push(d);
                    Ty::Any
                }
            },
            // Several types (`[string, integer]`): any JSON value.
            _ => Ty::Any,
        };
        if let Some(values) = object.get("enum").and_then(Value::as_array) {
            checks.allowed = values
                .iter()
                .filter(|v| !v.is_null())
                .map(Literal::from_json)
                .collect();
        }
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

    pub(super) fn lower_array(
        &mut self,
        node: &NodeRef,
        object: &Map<String, Value>,
        context: &str,
    ) -> Ty {
        let item = match object.get("items") {
            Some(Value::Array(_)) => {
                self.warn(
                    node,
                    "tuple-style `items` (a list) is typed as an array of any JSON values",
                );
                Shape::default()
            }
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

    pub(super) fn lower_checks(&mut self, node: &NodeRef, object: &Map<String, Value>) -> Checks {
        let number = |key: &str| match object.get(key) {
            Some(Value::Number(n)) => Some(Number::from_json(n)),
            _ => None,
        };
        let mut checks = Checks {
            min_length: uint(object, "minLength"),
            max_length: uint(object, "maxLength"),
            pattern: text(object.get("pattern")),
            minimum: number("minimum"),
            maximum: number("maximum"),
            exclusive_minimum: None,
            exclusive_maximum: None,
            multiple_of: number("multipleOf").filter(|m| m.is_positive()),
            min_items: uint(object, "minItems"),
            max_items: uint(object, "maxItems"),
            unique_items: flag(object, "uniqueItems"),
            const_value: object.get("const").map(Literal::from_json),
            allowed: Vec::new(),
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
            // Checked now so that a pattern never fails to compile in the generated crate.
            if let Some(e) = specforge_runtime::validate::pattern_error(pattern) {
                // A documented fallback: the value is still typed; only this check is skipped.
                self.warn(
                    &node.child("pattern"),
                    format!("`pattern` is not an ECMA-262 regular expression ({e}); values are not validated against it"),
                );
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
}
