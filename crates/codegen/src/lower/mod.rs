//! Stage 2, `lower`: the loaded spec becomes an [`ir::Api`].
//!
//! Every schema node is identified by the node its `$ref`s lead to, so a schema reached by
//! several refs (or several relative paths to one file) is one type. Objects, enums and
//! unions always become named types; a `$ref` to anything else becomes an alias, so every
//! schema the spec names has a Rust name. Named types found through `$ref` are queued and
//! lowered in a loop ([`types`]), so long chains of refs do not recurse; inline schemas
//! recurse as deep as the spec nests them (the generator's threads have a big stack).
//!
//! One file per concern: [`operations`] (paths, operations, parameters), [`responses`]
//! (request bodies and responses), [`types`] (named types, the queue, classification),
//! [`shapes`] (a schema's shape), [`keywords`] (its checks, and subschemas lowered for
//! checking only), [`objects`] (structs and `allOf`), [`enums`], [`unions`], and
//! [`components`] (named schemas no path reaches, webhooks, callbacks), [`extensions`]
//! (specforge's operation extensions: format parameter, pagination). Lowering records
//! what the spec says; whole-graph facts and final names
//! are [`crate::analyze`]'s.

mod components;
mod enums;
mod extensions;
mod keywords;
mod objects;
mod operations;
mod responses;
mod shapes;
mod types;
mod unions;

use std::collections::{BTreeMap, VecDeque};

use serde_json::{Map, Value};

use crate::diag::Diagnostics;
use crate::ir::*;
use crate::load::{ref_of, FileId, NodeRef, Spec};
use crate::naming;

/// Lowers `spec`. Warnings are returned alongside the API; errors replace it.
pub fn lower(spec: &Spec) -> Result<(Api, Diagnostics), Diagnostics> {
    lower_with(spec, &crate::Settings::default())
}

/// Lowers `spec` as `settings` say (every component, or only those the paths reach).
pub fn lower_with(
    spec: &Spec,
    settings: &crate::Settings,
) -> Result<(Api, Diagnostics), Diagnostics> {
    let mut lowerer = Lowerer {
        all_components: !settings.only_referenced,
        spec,
        diags: Diagnostics::default(),
        types: Vec::new(),
        by_node: BTreeMap::new(),
        queue: VecDeque::new(),
        merging: Vec::new(),
        openapi31: spec
            .get(&NodeRef::root())
            .and_then(|root| root.get("openapi"))
            .and_then(Value::as_str)
            .is_some_and(|version| version.starts_with("3.1")),
    };
    let api = lowerer.lower_api();
    let mut diags = lowerer.diags;
    diags.sort();
    if diags.has_errors() {
        Err(diags)
    } else {
        Ok((api, diags))
    }
}

struct Pending {
    def: TypeDef,
    node: NodeRef,
    /// Set once the type's body has been lowered (it may be queued more than once).
    lowered: bool,
}

struct Lowerer<'a> {
    spec: &'a Spec,
    /// Lower every named schema, webhook and callback, not only what the paths reach.
    all_components: bool,
    diags: Diagnostics,
    types: Vec<Pending>,
    by_node: BTreeMap<NodeRef, TypeId>,
    queue: VecDeque<TypeId>,
    /// The allOf path being merged (see `objects`).
    merging: Vec<NodeRef>,
    /// OpenAPI 3.1 (JSON Schema 2020-12): keywords beside a `$ref` apply too.
    openapi31: bool,
}

fn text(value: Option<&Value>) -> Option<String> {
    value
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
}

fn flag(object: &Map<String, Value>, key: &str) -> bool {
    object.get(key).and_then(Value::as_bool).unwrap_or(false)
}

/// A count keyword (`maxLength`, ...): an integral decimal such as `2.0` counts.
fn uint(object: &Map<String, Value>, key: &str) -> Option<u64> {
    object.get(key).and_then(crate::vocabulary::count)
}

fn examples(spec: &Spec, file: FileId, object: &Map<String, Value>) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(example) = object.get("example") {
        out.push(example_text(spec, file, example));
    }
    if let Some(Value::Array(items)) = object.get("examples") {
        out.extend(items.iter().map(Value::to_string));
    }
    out
}

/// Whether a `title` reads like a type name (`UserPrivateInfo`, `user-info`) rather than a
/// sentence.
fn identifier_like(title: &str) -> bool {
    !title.contains(char::is_whitespace)
        && title.len() <= 64
        && title.chars().next().is_some_and(char::is_alphabetic)
}

/// An `example` value as JSON text. A lone `{$ref: ...}` is followed, as the tools that
/// render specs (Redocly, Swagger UI) do: the author meant the referenced value.
fn example_text(spec: &Spec, file: FileId, example: &Value) -> String {
    if let Some(reference) =
        ref_of(example).filter(|_| example.as_object().is_some_and(|o| o.len() == 1))
    {
        if let Some(value) = spec
            .resolve(file, reference)
            .ok()
            .and_then(|n| spec.get(&n))
        {
            return value.to_string();
        }
    }
    example.to_string()
}

/// The non-null entries of `type` (a string or, in 3.1, an array), and whether `null` is one.
fn types_of(object: &Map<String, Value>) -> (Vec<&str>, bool) {
    match object.get("type") {
        Some(Value::String(t)) if t == "null" => (Vec::new(), true),
        Some(Value::String(t)) => (vec![t.as_str()], false),
        Some(Value::Array(items)) => {
            let names: Vec<&str> = items.iter().filter_map(Value::as_str).collect();
            let nullable = names.contains(&"null");
            (
                names.into_iter().filter(|t| *t != "null").collect(),
                nullable,
            )
        }
        _ => (Vec::new(), false),
    }
}

/// Whether a keyword only annotates (description, title, examples, flags, extensions) and
/// says nothing a value is checked against.
fn is_annotation_key(key: &str) -> bool {
    const ANNOTATIONS: &[&str] = &[
        "description",
        "title",
        "example",
        "examples",
        "deprecated",
        "readOnly",
        "writeOnly",
        "default",
        "nullable",
        "externalDocs",
        "discriminator",
        "xml",
        "$schema",
        "$comment",
        "$id",
        "$defs",
        "definitions",
        "contentMediaType",
        "contentEncoding",
        "contentSchema",
    ];
    ANNOTATIONS.contains(&key) || key.starts_with("x-")
}

/// Whether a schema only annotates (description, title, examples, flags) and says nothing
/// about the value's type.
fn is_annotation_only(value: &Value) -> bool {
    value
        .as_object()
        .is_some_and(|o| o.keys().all(|k| is_annotation_key(k)))
}

/// Whether a schema is exactly `{type: "null"}` (or `{enum: [null]}` / `{const: null}`).
fn is_null_schema(value: &Value) -> bool {
    let Some(object) = value.as_object() else {
        return false;
    };
    let (types, nullable) = types_of(object);
    (nullable && types.is_empty())
        || object
            .get("enum")
            .and_then(Value::as_array)
            .is_some_and(|v| v.len() == 1 && v[0].is_null())
        || object.get("const").is_some_and(Value::is_null)
}

fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "a mapping",
    }
}

impl<'a> Lowerer<'a> {
    fn value(&self, node: &NodeRef) -> Option<&'a Value> {
        self.spec.get(node)
    }

    fn error(&mut self, node: &NodeRef, message: impl Into<String>) {
        let d = self.spec.error_at(node, message);
        self.diags.push(d);
    }

    fn warn(&mut self, node: &NodeRef, message: impl Into<String>) {
        let d = self.spec.warning_at(node, message);
        self.diags.push(d);
    }

    /// Follows `$ref`s from `node`, reporting (once) if that fails.
    fn deref(&mut self, node: &NodeRef) -> Option<NodeRef> {
        match self.spec.deref(node) {
            Ok(target) => Some(target),
            Err(message) => {
                self.error(node, message);
                None
            }
        }
    }

    /// Follows `$ref`s from `node` like [`Self::deref`], but in OpenAPI 3.1 stops at a
    /// schema that is a `$ref` with keywords beside it: that schema is a type of its own
    /// (its target, checked further), not another name for its target.
    fn deref_schema(&mut self, node: &NodeRef) -> Option<NodeRef> {
        if !self.openapi31 {
            return self.deref(node);
        }
        let mut current = node.clone();
        for _ in 0..64 {
            let value = self.value(&current)?;
            let Some(reference) = ref_of(value) else {
                return Some(current);
            };
            let beside = value
                .as_object()
                .is_some_and(|o| o.keys().any(|k| k != "$ref" && !is_annotation_key(k)));
            if current != *node && beside {
                return Some(current);
            }
            match self.spec.resolve(current.file, reference) {
                Ok(next) => current = next,
                Err(message) => {
                    self.error(&current, message);
                    return None;
                }
            }
        }
        // A loop: the loader has reported it.
        self.deref(node)
    }

    fn origin(&self, node: &NodeRef) -> Origin {
        Origin {
            file: self.spec.doc(node.file).rel_path.clone(),
            pointer: node.pointer.clone(),
        }
    }

    fn lower_api(&mut self) -> Api {
        let root = NodeRef::root();
        let doc = self.value(&root).and_then(Value::as_object);
        let info = doc.and_then(|d| d.get("info")).and_then(Value::as_object);
        let title = info
            .and_then(|i| text(i.get("title")))
            .unwrap_or_else(|| "API".to_owned());
        let version = info
            .and_then(|i| text(i.get("version")))
            .unwrap_or_default();
        let servers = doc
            .and_then(|d| d.get("servers"))
            .and_then(Value::as_array)
            .map(|servers| servers.iter().filter_map(|s| text(s.get("url"))).collect())
            .unwrap_or_default();
        let (trait_name, token_env) = naming::api_names(&title);
        let bearer_auth = self.has_bearer(&root);
        let operations = self.lower_paths(&root);
        if self.all_components {
            self.lower_unreferenced(&root);
        }
        self.drain_queue();
        let types = self.types.drain(..).map(|p| p.def).collect();
        Api {
            title,
            version,
            trait_name,
            token_env,
            servers,
            bearer_auth,
            types,
            operations,
            features: Vec::new(),
        }
    }

    fn has_bearer(&mut self, root: &NodeRef) -> bool {
        let schemes = root.child("components").child("securitySchemes");
        let Some(Value::Object(map)) = self.value(&schemes) else {
            return false;
        };
        let mut bearer = false;
        for key in map.keys() {
            let Some(node) = self.deref(&schemes.child(key)) else {
                continue;
            };
            let scheme = self.value(&node).and_then(Value::as_object);
            let kind = scheme.and_then(|s| s.get("type")).and_then(Value::as_str);
            let name = scheme.and_then(|s| s.get("scheme")).and_then(Value::as_str);
            if kind == Some("http") && name.is_some_and(|n| n.eq_ignore_ascii_case("bearer")) {
                bearer = true;
            }
        }
        bearer
    }
}
