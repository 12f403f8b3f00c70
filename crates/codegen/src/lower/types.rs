//! Named types: created on first sight of the schema they stand for, queued, and lowered
//! one at a time by what the schema is (struct, enum, union or alias).

use serde_json::{Map, Value};

use super::keywords::Handled;
use super::{examples, flag, identifier_like, is_null_schema, text, types_of, Lowerer, Pending};
use crate::ir::*;
use crate::load::{ref_of, NodeRef};
use crate::naming;

/// The keyword whose members are a union's alternatives: `oneOf` or `anyOf` with two or
/// more non-null members of which at least one says what a value is (a type, properties,
/// items, a `$ref`). Members that only constrain (`oneOf: [{required: [a]}, {required:
/// [b]}]`) are a check on the value, not alternatives of its type.
pub(super) fn union_key(object: &Map<String, Value>) -> Option<&'static str> {
    ["oneOf", "anyOf"].into_iter().find(|key| {
        object
            .get(*key)
            .and_then(Value::as_array)
            .is_some_and(|items| {
                let members: Vec<&Value> = items.iter().filter(|v| !is_null_schema(v)).collect();
                members.len() > 1 && members.iter().any(|m| is_substantive(m, 0))
            })
    })
}

/// Whether a schema says what a value is, rather than only constraining it.
fn is_substantive(schema: &Value, depth: usize) -> bool {
    const SAYS_WHAT: &[&str] = &[
        "$ref",
        "type",
        "properties",
        "items",
        "prefixItems",
        "additionalProperties",
    ];
    let Some(object) = schema.as_object() else {
        return false;
    };
    object.keys().any(|k| SAYS_WHAT.contains(&k.as_str()))
        || (depth < 8
            && ["allOf", "oneOf", "anyOf"].iter().any(|key| {
                object
                    .get(*key)
                    .and_then(Value::as_array)
                    .is_some_and(|items| items.iter().any(|m| is_substantive(m, depth + 1)))
            }))
}

/// What a schema node becomes.
pub(super) enum Class {
    Struct,
    Enum(EnumRepr),
    Union,
    Other,
}

impl Lowerer<'_> {
    /// The shape for a `$ref` target: a named type (an alias when the target is a primitive),
    /// keeping nullability on the reference when the target is `T | null`.
    pub(super) fn shape_of_target(&mut self, target: &NodeRef) -> Shape {
        let id = self.named_type(target);
        let nullable = self.target_nullable(target);
        Shape {
            ty: Ty::Named { id, boxed: false },
            nullable,
            checks: Checks::default(),
        }
    }

    /// Whether a struct, enum or union schema also allows `null`: such a type is made
    /// optional at each place that refers to it (an alias carries its own `Option`).
    pub(super) fn target_nullable(&self, target: &NodeRef) -> bool {
        self.value(target)
            .and_then(Value::as_object)
            .is_some_and(|o| {
                !o.contains_key("$ref")
                    && !matches!(self.classify(target, o), Class::Other)
                    && (types_of(o).1
                        || flag(o, "nullable")
                        || self.union_has_null(o)
                        || o.get("enum")
                            .and_then(Value::as_array)
                            .is_some_and(|v| v.iter().any(Value::is_null)))
            })
    }

    pub(super) fn union_has_null(&self, object: &Map<String, Value>) -> bool {
        ["oneOf", "anyOf"].iter().any(|k| {
            object
                .get(*k)
                .and_then(Value::as_array)
                .is_some_and(|items| items.iter().any(is_null_schema))
        })
    }

    /// The type for a schema the spec names (a `$ref` target), created on first sight and
    /// queued for lowering.
    pub(super) fn named_type(&mut self, target: &NodeRef) -> TypeId {
        if let Some(id) = self.by_node.get(target).copied() {
            // A schema met inline first and then through a `$ref` is named all the same.
            self.types[id.0].def.named = true;
            return id;
        }
        let object = self.value(target).and_then(Value::as_object);
        // The definition's key (`#/components/schemas/Name`, `file.yaml#/Name`) names it;
        // a whole-file schema is named by an identifier-like `title`, else the file stem.
        // Prose titles ("A name unique within the parent collection") never name a type.
        let key = target
            .pointer
            .last()
            .filter(|s| !s.is_empty() && s.parse::<usize>().is_err())
            .map(|last| last.into_owned());
        let name = key
            .or_else(|| {
                object
                    .and_then(|o| text(o.get("title")))
                    .filter(|t| identifier_like(t))
            })
            .unwrap_or_else(|| {
                let file = &self.spec.doc(target.file).rel_path;
                let stem = file.rsplit('/').next().unwrap_or(file);
                stem.split('.').next().unwrap_or(stem).to_owned()
            });
        let rust_name = naming::type_name(&name, "Schema");
        let id = self.reserve(target, rust_name, object, true);
        self.queue.push_back(id);
        id
    }

    pub(super) fn reserve(
        &mut self,
        node: &NodeRef,
        rust_name: String,
        object: Option<&Map<String, Value>>,
        named: bool,
    ) -> TypeId {
        let id = TypeId(self.types.len());
        let empty = Map::new();
        let object = object.unwrap_or(&empty);
        self.types.push(Pending {
            def: TypeDef {
                rust_name,
                origin: self.origin(node),
                named,
                doc: text(object.get("description")),
                examples: examples(self.spec, node.file, object),
                deprecated: flag(object, "deprecated"),
                kind: TypeKind::Alias(Shape::default()),
                checks: Checks::default(),
                nullable: false,
                facts: TypeFacts::default(),
            },
            node: node.clone(),
            lowered: false,
        });
        self.by_node.insert(node.clone(), id);
        id
    }

    pub(super) fn drain_queue(&mut self) {
        while let Some(id) = self.queue.pop_front() {
            if self.types[id.0].lowered {
                continue;
            }
            self.types[id.0].lowered = true;
            let node = self.types[id.0].node.clone();
            let name = self.types[id.0].def.rust_name.clone();
            let Some(value) = self.value(&node) else {
                continue;
            };
            let (kind, checks) = match value.as_object() {
                // A 3.1 `$ref` with keywords beside it (see `deref_schema`).
                Some(_) if ref_of(value).is_some() => (
                    TypeKind::Alias(self.lower_shape(&node, &name)),
                    Checks::default(),
                ),
                Some(object) => match self.classify(&node, object) {
                    Class::Struct => {
                        let (s, checks) = self.lower_struct(&node, object, &name);
                        (TypeKind::Struct(s), checks)
                    }
                    Class::Enum(repr) => {
                        let e = self.lower_enum(&node, object, repr);
                        let checks = self.kind_checks(&node, object, Handled::default());
                        (TypeKind::Enum(e), checks)
                    }
                    Class::Union => {
                        let key = union_key(object).unwrap_or("anyOf");
                        let handled = Handled {
                            union: Some(key),
                            ..Handled::default()
                        };
                        let kind = self.lower_union(&node, object, &name, key);
                        (kind, self.kind_checks(&node, object, handled))
                    }
                    Class::Other => (
                        TypeKind::Alias(self.lower_inline(&node, object, &name)),
                        Checks::default(),
                    ),
                },
                None => (
                    TypeKind::Alias(self.lower_shape(&node, &name)),
                    Checks::default(),
                ),
            };
            self.types[id.0].def.kind = kind;
            self.types[id.0].def.checks = checks;
            self.types[id.0].def.nullable = self.target_nullable(&node);
        }
    }

    pub(super) fn classify(&self, node: &NodeRef, object: &Map<String, Value>) -> Class {
        let (types, _) = types_of(object);
        let non_null_members = |key: &str| {
            // Members of `allOf` that are not `null`.
            object
                .get(key)
                .and_then(Value::as_array)
                .map_or(0, |items| {
                    items.iter().filter(|v| !is_null_schema(v)).count()
                })
        };
        if let Some(values) = object.get("enum").and_then(Value::as_array) {
            let values: Vec<&Value> = values.iter().filter(|v| !v.is_null()).collect();
            if !values.is_empty()
                && values.iter().all(|v| v.is_string())
                && types.iter().all(|t| *t == "string")
            {
                return Class::Enum(EnumRepr::String);
            }
            if !values.is_empty()
                && values.iter().all(|v| v.is_i64())
                && types.iter().all(|t| *t == "integer")
            {
                return Class::Enum(EnumRepr::Integer);
            }
            return Class::Other;
        }
        if union_key(object).is_some() {
            return Class::Union;
        }
        if non_null_members("allOf") > 1 && self.all_of_has_object(node, 0) {
            return Class::Struct;
        }
        let has_properties = object
            .get("properties")
            .and_then(Value::as_object)
            .is_some_and(|p| !p.is_empty());
        if has_properties || object.get("additionalProperties") == Some(&Value::Bool(false)) {
            return Class::Struct;
        }
        // `allOf` with one member that is itself a struct, plus own properties, is handled
        // above; one member alone is that member.
        Class::Other
    }

    /// Whether some `allOf` member of the schema at `node` (following `$ref`s) describes an
    /// object, so that merging the members makes a struct. `allOf: [$ref: Id, {description}]`
    /// on a string schema does not.
    pub(super) fn all_of_has_object(&self, node: &NodeRef, depth: usize) -> bool {
        let Some(members) = self
            .value(node)
            .and_then(|v| v.get("allOf"))
            .and_then(Value::as_array)
        else {
            return false;
        };
        depth < 16
            && (0..members.len()).any(|i| {
                let Ok(member) = self.spec.deref(&node.child("allOf").index(i)) else {
                    return false;
                };
                self.value(&member)
                    .and_then(Value::as_object)
                    .is_some_and(|o| {
                        let (types, _) = types_of(o);
                        types.contains(&"object")
                            || o.contains_key("properties")
                            || o.contains_key("additionalProperties")
                            || self.all_of_has_object(&member, depth + 1)
                    })
            })
    }
}
