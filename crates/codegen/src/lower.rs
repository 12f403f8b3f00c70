//! Stage 2, `lower`: the loaded spec becomes an [`ir::Api`].
//!
//! Every schema node is identified by the node its `$ref`s lead to, so a schema reached by
//! several refs (or several relative paths to one file) is one type. Objects, enums and
//! unions always become named types; a `$ref` to anything else becomes an alias, so every
//! schema the spec names has a Rust name. Named types found through `$ref` are queued and
//! lowered in a loop rather than by recursion, so long chains of refs cannot exhaust the stack.

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use serde_json::{Map, Value};

use crate::diag::Diagnostics;
use crate::ir::*;
use crate::load::{ref_of, specforge_escape, FileId, NodeRef, Spec};
use crate::naming;

/// HTTP methods a path item may hold, in the order they are read.
const METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Lowers `spec`. Warnings are returned alongside the API; errors replace it.
pub fn lower(spec: &Spec) -> Result<(Api, Diagnostics), Diagnostics> {
    let mut lowerer = Lowerer {
        spec,
        diags: Diagnostics::default(),
        types: Vec::new(),
        by_node: BTreeMap::new(),
        queue: VecDeque::new(),
        merging: Vec::new(),
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
    diags: Diagnostics,
    types: Vec<Pending>,
    by_node: BTreeMap<NodeRef, TypeId>,
    queue: VecDeque<TypeId>,
    /// The allOf path being merged (see `collect_properties`).
    merging: Vec<NodeRef>,
}

/// What a schema node becomes.
enum Class {
    Struct,
    Enum(EnumRepr),
    Union,
    Other,
}

fn child(node: &NodeRef, key: &str) -> NodeRef {
    let mut pointer = node.pointer.clone();
    pointer.push('/');
    specforge_escape(&mut pointer, key);
    NodeRef {
        file: node.file,
        pointer,
    }
}

fn index(node: &NodeRef, i: usize) -> NodeRef {
    NodeRef {
        file: node.file,
        pointer: format!("{}/{i}", node.pointer),
    }
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

fn uint(object: &Map<String, Value>, key: &str) -> Option<u64> {
    object.get(key).and_then(Value::as_u64)
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

/// Whether a schema only annotates (description, title, examples, flags) and says nothing
/// about the value's type.
fn is_annotation_only(value: &Value) -> bool {
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
    ];
    value.as_object().is_some_and(|o| {
        o.keys()
            .all(|k| ANNOTATIONS.contains(&k.as_str()) || k.starts_with("x-"))
    })
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

    fn lower_api(&mut self) -> Api {
        let root = NodeRef {
            file: FileId(0),
            pointer: String::new(),
        };
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

        let mut trait_name = naming::type_name(&title, "Api");
        if !trait_name.ends_with("Api") {
            trait_name.push_str("Api");
        }
        let stem = trait_name
            .strip_suffix("Api")
            .filter(|s| !s.is_empty())
            .unwrap_or("API");
        let token_env = format!(
            "{}_TOKEN",
            heck::ToShoutySnakeCase::to_shouty_snake_case(stem)
        );

        let bearer_auth = self.has_bearer(&root);
        let mut operations = self.lower_paths(&root);
        self.drain_queue();
        self.fit_params(&mut operations);
        self.name_operations(&mut operations);
        let types = self.finish_types();
        Api {
            title,
            version,
            trait_name,
            token_env,
            servers,
            bearer_auth,
            types,
            operations,
        }
    }

    fn has_bearer(&mut self, root: &NodeRef) -> bool {
        let schemes = child(&child(root, "components"), "securitySchemes");
        let Some(Value::Object(map)) = self.value(&schemes) else {
            return false;
        };
        let mut bearer = false;
        for key in map.keys() {
            let Some(node) = self.deref(&child(&schemes, key)) else {
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

    fn lower_paths(&mut self, root: &NodeRef) -> Vec<Operation> {
        let paths = child(root, "paths");
        let Some(value) = self.value(&paths) else {
            self.error(
                root,
                "the spec has no `paths`; there is nothing to generate a client for",
            );
            return Vec::new();
        };
        let Some(map) = value.as_object() else {
            self.error(
                &paths,
                "`paths` must be a mapping from path templates to path items",
            );
            return Vec::new();
        };
        let mut operations = Vec::new();
        for path in map.keys() {
            let item_node = child(&paths, path);
            if !path.starts_with('/') {
                self.error(&item_node, format!("path `{path}` must start with `/`"));
                continue;
            }
            if let Err(why) = check_template(path) {
                self.error(&item_node, format!("path template `{path}` {why}"));
                continue;
            }
            let Some(item_node) = self.deref(&item_node) else {
                continue;
            };
            let Some(item) = self.value(&item_node).and_then(Value::as_object) else {
                self.error(
                    &item_node,
                    "a path item must be a mapping of HTTP methods to operations",
                );
                continue;
            };
            let shared = self.params_of(&item_node, item);
            for method in METHODS {
                if !item.contains_key(*method) {
                    continue;
                }
                let Some(op_node) = self.deref(&child(&item_node, method)) else {
                    continue;
                };
                if let Some(op) = self.lower_operation(path, method, &op_node, &shared) {
                    operations.push(op);
                }
            }
        }
        operations
    }

    /// The `parameters` of a path item or operation, each dereferenced.
    fn params_of(&mut self, node: &NodeRef, object: &Map<String, Value>) -> Vec<NodeRef> {
        let list = child(node, "parameters");
        match object.get("parameters") {
            None => Vec::new(),
            Some(Value::Array(items)) => (0..items.len())
                .filter_map(|i| self.deref(&index(&list, i)))
                .collect(),
            Some(_) => {
                self.error(&list, "`parameters` must be a list");
                Vec::new()
            }
        }
    }

    fn lower_operation(
        &mut self,
        path: &str,
        method: &str,
        node: &NodeRef,
        shared: &[NodeRef],
    ) -> Option<Operation> {
        let Some(op) = self.value(node).and_then(Value::as_object) else {
            self.error(node, "an operation must be a mapping");
            return None;
        };
        let operation_id = match text(op.get("operationId")) {
            Some(id) => id,
            None => {
                let id = format!("{method}_{}", path.replace(['{', '}'], ""));
                let id = naming::field_name(&id, "operation");
                self.warn(node, format!("the operation has no `operationId`; it is named `{id}` (add an operationId to choose the name)"));
                id
            }
        };
        let method_name = naming::field_name(&operation_id, "operation");
        let type_stem = naming::type_name(&operation_id, "Operation");

        // Operation parameters override path-item ones with the same name and location.
        let own = self.params_of(node, op);
        let mut by_key: Vec<((String, String), NodeRef)> = Vec::new();
        for param_node in shared.iter().chain(own.iter()) {
            let Some(param) = self.value(param_node).and_then(Value::as_object) else {
                self.error(param_node, "a parameter must be a mapping");
                continue;
            };
            let key = (
                text(param.get("name")).unwrap_or_default(),
                text(param.get("in")).unwrap_or_default(),
            );
            match by_key.iter_mut().find(|(k, _)| *k == key) {
                Some(slot) => slot.1 = param_node.clone(),
                None => by_key.push((key, param_node.clone())),
            }
        }
        let mut params = Vec::new();
        for (_, param_node) in &by_key {
            if let Some(param) = self.lower_param(param_node, &type_stem) {
                params.push(param);
            }
        }
        // Path parameters in template order, then the others in spec order.
        let template_order: Vec<String> = path
            .split('{')
            .skip(1)
            .filter_map(|s| s.split_once('}').map(|(name, _)| name.to_owned()))
            .collect();
        for name in &template_order {
            if !params
                .iter()
                .any(|p| p.location == ParamLocation::Path && &p.wire_name == name)
            {
                self.error(node, format!("the path template has `{{{name}}}` but the operation declares no path parameter `{name}`"));
            }
        }
        for p in params.iter().filter(|p| p.location == ParamLocation::Path) {
            if !template_order.contains(&p.wire_name) {
                let message = format!(
                    "path parameter `{}` does not appear in the path template `{path}`",
                    p.wire_name
                );
                self.error(node, message);
            }
        }
        params.sort_by_key(|p| match p.location {
            ParamLocation::Path => (
                0,
                template_order
                    .iter()
                    .position(|n| *n == p.wire_name)
                    .unwrap_or(0),
            ),
            ParamLocation::Query => (1, 0),
            ParamLocation::Header => (2, 0),
        });
        let mut names: Vec<String> = params.iter().map(|p| p.rust_name.clone()).collect();
        // Names the method's arguments and its body's locals would otherwise clash with.
        let reserved =
            ["body", "params", "request", "response", "not_implemented"].map(str::to_owned);
        naming::uniquify(&mut names, &BTreeSet::from(reserved), true);
        for (p, name) in params.iter_mut().zip(names) {
            p.rust_name = name;
        }

        let body = match op.get("requestBody") {
            Some(_) => self.lower_request_body(&child(node, "requestBody"), &type_stem),
            None => None,
        };
        let responses = self.lower_responses(node, op, &type_stem);

        Some(Operation {
            operation_id,
            rust_name: method_name,
            type_stem,
            method: method.to_ascii_uppercase(),
            path: path.to_owned(),
            origin: self.origin(node),
            summary: text(op.get("summary")),
            doc: text(op.get("description")),
            deprecated: flag(op, "deprecated"),
            params,
            body,
            responses,
        })
    }

    fn origin(&self, node: &NodeRef) -> Origin {
        Origin {
            file: self.spec.doc(node.file).rel_path.clone(),
            pointer: node.pointer.clone(),
        }
    }

    fn lower_param(&mut self, node: &NodeRef, stem: &str) -> Option<Param> {
        let param = self.value(node)?.as_object()?;
        let Some(name) = text(param.get("name")) else {
            self.error(node, "a parameter needs a `name`");
            return None;
        };
        let location = match param.get("in").and_then(Value::as_str) {
            Some("path") => ParamLocation::Path,
            Some("query") => ParamLocation::Query,
            Some("header") => ParamLocation::Header,
            Some("cookie") => {
                self.warn(node, format!("cookie parameter `{name}` is not supported; the generated client never sends it"));
                return None;
            }
            other => {
                self.error(
                    node,
                    format!(
                        "parameter `{name}` has `in: {}`; expected path, query, header or cookie",
                        other.unwrap_or("(missing)")
                    ),
                );
                return None;
            }
        };
        let context = format!("{stem}{}", naming::type_name(&name, "Param"));
        let shape = if param.contains_key("schema") {
            self.lower_shape(&child(node, "schema"), &context)
        } else {
            self.warn(
                node,
                format!("parameter `{name}` has no `schema`; it is sent as a string"),
            );
            Shape {
                ty: Ty::String(StringFormat::Plain),
                ..Shape::default()
            }
        };
        Some(Param {
            rust_name: naming::field_name(&name, "param"),
            wire_name: name,
            location,
            required: location == ParamLocation::Path || flag(param, "required"),
            shape,
            doc: text(param.get("description")),
        })
    }

    fn lower_request_body(&mut self, node: &NodeRef, stem: &str) -> Option<Body> {
        let node = self.deref(node)?;
        let body = self.value(&node)?.as_object()?;
        let required = flag(body, "required");
        let mut out = self.lower_content(&node, body, &format!("{stem}Body"))?;
        out.required = required;
        Some(out)
    }

    /// The body a `content` map describes: JSON when offered, else text, else bytes.
    fn lower_content(
        &mut self,
        node: &NodeRef,
        object: &Map<String, Value>,
        context: &str,
    ) -> Option<Body> {
        let content = object.get("content")?.as_object()?;
        let content_node = child(node, "content");
        let is_json = |m: &str| {
            let m = m.split(';').next().unwrap_or(m).trim().to_ascii_lowercase();
            m == "application/json" || m.ends_with("+json")
        };
        let pick = content
            .keys()
            .find(|m| is_json(m))
            .or_else(|| content.keys().find(|m| m.starts_with("text/")))
            .or_else(|| content.keys().next())?;
        let media_node = child(&content_node, pick);
        let media = self.value(&media_node).and_then(Value::as_object);
        let kind = if is_json(pick) {
            let shape = match media.and_then(|m| m.get("schema")) {
                Some(_) => self.lower_shape(&child(&media_node, "schema"), context),
                None => Shape::default(),
            };
            BodyKind::Json(Box::new(shape))
        } else if pick.starts_with("text/") {
            BodyKind::Text
        } else {
            BodyKind::Bytes
        };
        // `example`, and `examples` (a map of Example objects, each maybe a `$ref`).
        let mut body_examples = Vec::new();
        if let Some(example) = media.and_then(|m| m.get("example")) {
            body_examples.push(example_text(self.spec, media_node.file, example));
        }
        if let Some(Value::Object(named)) = media.and_then(|m| m.get("examples")) {
            let examples_node = child(&media_node, "examples");
            for key in named.keys() {
                let Some(example_node) = self.deref(&child(&examples_node, key)) else {
                    continue;
                };
                if let Some(value) = self.value(&example_node).and_then(|e| e.get("value")) {
                    body_examples.push(value.to_string());
                }
            }
        }
        Some(Body {
            media_type: pick.clone(),
            kind,
            required: true,
            examples: body_examples,
        })
    }

    fn lower_responses(
        &mut self,
        node: &NodeRef,
        op: &Map<String, Value>,
        stem: &str,
    ) -> Vec<Response> {
        let responses_node = child(node, "responses");
        let Some(Value::Object(map)) = op.get("responses") else {
            self.warn(
                node,
                "the operation has no `responses`; any 2xx is taken as success with no body",
            );
            return Vec::new();
        };
        let mut out = Vec::new();
        for (status, _) in map {
            let status_node = child(&responses_node, status);
            let Some(matcher) = parse_status(status) else {
                self.error(
                    &status_node,
                    format!("`{status}` is not a status code, a range like `4XX`, or `default`"),
                );
                continue;
            };
            if out.iter().any(|r: &Response| r.status == matcher) {
                self.error(
                    &status_node,
                    format!(
                        "status `{status}` is listed twice (another key means the same status)"
                    ),
                );
                continue;
            }
            let Some(resp_node) = self.deref(&status_node) else {
                continue;
            };
            let Some(resp) = self.value(&resp_node).and_then(Value::as_object) else {
                self.error(&resp_node, "a response must be a mapping");
                continue;
            };
            let name = status_name(matcher);
            let context = format!("{stem}{name}");
            let body = self.lower_content(&resp_node, resp, &context);
            out.push(Response {
                status: matcher,
                rust_name: name,
                doc: text(resp.get("description")),
                body,
            });
        }
        out.sort_by_key(|r| r.status);
        out
    }

    /// Parameters go on the wire as text: a parameter whose type has no text form (an object,
    /// a map, a tagged union) is sent as its JSON text instead, with a warning.
    fn fit_params(&mut self, operations: &mut [Operation]) {
        let kinds: Vec<&TypeKind> = self.types.iter().map(|p| &p.def.kind).collect();
        let text = text_form_types(&kinds);
        let mut misfits = Vec::new();
        for op in operations.iter_mut() {
            for p in &mut op.params {
                // The parameter itself may be optional or nullable (`Option` skips it).
                let outer = Shape {
                    nullable: false,
                    ..p.shape.clone()
                };
                let fits = match &outer.ty {
                    Ty::Array(item) => shape_has_text_form(item, &text),
                    _ => shape_has_text_form(&outer, &text),
                };
                if !fits {
                    misfits.push((op.origin.clone(), p.wire_name.clone()));
                    p.shape = Shape {
                        nullable: p.shape.nullable,
                        ..Shape::default()
                    };
                }
            }
        }
        for (origin, name) in misfits {
            let node = NodeRef {
                file: self.file_id(&origin.file),
                pointer: origin.pointer,
            };
            self.warn(&node, format!("parameter `{name}` has a structured type with no text form; it is taken as any JSON value and sent as JSON text"));
        }
    }

    fn name_operations(&mut self, operations: &mut [Operation]) {
        operations.sort_by(|a, b| {
            (&a.rust_name, &a.path, &a.method).cmp(&(&b.rust_name, &b.path, &b.method))
        });
        let mut seen: BTreeMap<String, Origin> = BTreeMap::new();
        for op in operations.iter() {
            if let Some(first) = seen.get(&op.operation_id) {
                let node = NodeRef {
                    file: self.file_id(&op.origin.file),
                    pointer: op.origin.pointer.clone(),
                };
                let message = format!(
                    "operationId `{}` is used twice (also at {}#{}); operationIds must be unique",
                    op.operation_id, first.file, first.pointer
                );
                self.error(&node, message);
            } else {
                seen.insert(op.operation_id.clone(), op.origin.clone());
            }
        }
        let mut names: Vec<String> = operations.iter().map(|o| o.rust_name.clone()).collect();
        naming::uniquify(&mut names, &BTreeSet::new(), true);
        let mut stems: Vec<String> = operations.iter().map(|o| o.type_stem.clone()).collect();
        // `BuildError` and `ApiResult` are runtime names the client module imports.
        let reserved = BTreeSet::from(["Build".to_owned(), "Api".to_owned()]);
        naming::uniquify(&mut stems, &reserved, false);
        for ((op, name), stem) in operations.iter_mut().zip(names).zip(stems) {
            op.rust_name = name;
            op.type_stem = stem;
        }
    }

    fn file_id(&self, rel: &str) -> FileId {
        FileId(
            self.spec
                .files
                .iter()
                .position(|d| d.rel_path == rel)
                .unwrap_or(0),
        )
    }

    // ----- schemas -------------------------------------------------------------------

    /// The shape of the schema at `node`; inline objects, enums and unions become types
    /// named after `context` (or their `title`).
    fn lower_shape(&mut self, node: &NodeRef, context: &str) -> Shape {
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

    /// The shape for a `$ref` target: a named type (an alias when the target is a primitive),
    /// keeping nullability on the reference when the target is `T | null`.
    fn shape_of_target(&mut self, target: &NodeRef) -> Shape {
        let id = self.named_type(target);
        // An alias carries its own `Option`; a struct, enum or union is made optional at
        // each place that refers to it.
        let nullable = self
            .value(target)
            .and_then(Value::as_object)
            .is_some_and(|o| {
                !matches!(self.classify(target, o), Class::Other)
                    && (types_of(o).1
                        || flag(o, "nullable")
                        || self.union_has_null(o)
                        || o.get("enum")
                            .and_then(Value::as_array)
                            .is_some_and(|v| v.iter().any(Value::is_null)))
            });
        Shape {
            ty: Ty::Named { id, boxed: false },
            nullable,
            checks: Checks::default(),
        }
    }

    fn union_has_null(&self, object: &Map<String, Value>) -> bool {
        ["oneOf", "anyOf"].iter().any(|k| {
            object
                .get(*k)
                .and_then(Value::as_array)
                .is_some_and(|items| items.iter().any(is_null_schema))
        })
    }

    /// The type for a schema the spec names (a `$ref` target), created on first sight and
    /// queued for lowering.
    fn named_type(&mut self, target: &NodeRef) -> TypeId {
        if let Some(id) = self.by_node.get(target) {
            return *id;
        }
        let object = self.value(target).and_then(Value::as_object);
        // The definition's key (`#/components/schemas/Name`, `file.yaml#/Name`) names it;
        // a whole-file schema is named by an identifier-like `title`, else the file stem.
        // Prose titles ("A name unique within the parent collection") never name a type.
        let key = target
            .pointer
            .rsplit('/')
            .next()
            .filter(|s| !s.is_empty() && s.parse::<usize>().is_err())
            .map(|last| last.replace("~1", "/").replace("~0", "~"));
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
        let id = self.reserve(target, rust_name, object);
        self.queue.push_back(id);
        id
    }

    fn reserve(
        &mut self,
        node: &NodeRef,
        rust_name: String,
        object: Option<&Map<String, Value>>,
    ) -> TypeId {
        let id = TypeId(self.types.len());
        let empty = Map::new();
        let object = object.unwrap_or(&empty);
        self.types.push(Pending {
            def: TypeDef {
                rust_name,
                origin: self.origin(node),
                doc: text(object.get("description")),
                examples: examples(self.spec, node.file, object),
                deprecated: flag(object, "deprecated"),
                kind: TypeKind::Alias(Shape::default()),
            },
            node: node.clone(),
            lowered: false,
        });
        self.by_node.insert(node.clone(), id);
        id
    }

    fn drain_queue(&mut self) {
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
            let kind = match value.as_object() {
                Some(object) => match self.classify(&node, object) {
                    Class::Struct => TypeKind::Struct(self.lower_struct(&node, object, &name)),
                    Class::Enum(repr) => TypeKind::Enum(self.lower_enum(&node, object, repr)),
                    Class::Union => self.lower_union(&node, object, &name),
                    Class::Other => TypeKind::Alias(self.lower_inline(&node, object, &name)),
                },
                None => TypeKind::Alias(self.lower_shape(&node, &name)),
            };
            self.types[id.0].def.kind = kind;
        }
    }

    fn classify(&self, node: &NodeRef, object: &Map<String, Value>) -> Class {
        let (types, _) = types_of(object);
        let non_null_members = |key: &str| {
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
        if non_null_members("oneOf") > 1 || non_null_members("anyOf") > 1 {
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
    fn all_of_has_object(&self, node: &NodeRef, depth: usize) -> bool {
        let Some(members) = self
            .value(node)
            .and_then(|v| v.get("allOf"))
            .and_then(Value::as_array)
        else {
            return false;
        };
        depth < 16
            && (0..members.len()).any(|i| {
                let Ok(member) = self.spec.deref(&index(&child(node, "allOf"), i)) else {
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

    /// An inline schema (not reached through `$ref`).
    fn lower_inline(
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
                    let mut shape = self.lower_shape(&index(&child(node, key), i), context);
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
                        &child(node, "type"),
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
                .map(Value::to_string)
                .collect();
        }
        Shape {
            ty,
            nullable,
            checks,
        }
    }

    /// A schema with no `type`: inferred from the keywords present.
    fn untyped(&mut self, node: &NodeRef, object: &Map<String, Value>, context: &str) -> Ty {
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

    fn lower_array(&mut self, node: &NodeRef, object: &Map<String, Value>, context: &str) -> Ty {
        let item = match object.get("items") {
            Some(Value::Array(_)) => {
                self.warn(
                    node,
                    "tuple-style `items` (a list) is typed as an array of any JSON values",
                );
                Shape::default()
            }
            Some(_) => self.lower_shape(&child(node, "items"), &format!("{context}Item")),
            None => Shape::default(),
        };
        Ty::Array(Box::new(item))
    }

    /// An object with no properties: a map (typed by `additionalProperties`) or any object.
    fn lower_object_shape(
        &mut self,
        node: &NodeRef,
        object: &Map<String, Value>,
        context: &str,
    ) -> Ty {
        match object.get("additionalProperties") {
            Some(Value::Object(_)) => {
                let value = self.lower_shape(
                    &child(node, "additionalProperties"),
                    &format!("{context}Value"),
                );
                Ty::Map(Box::new(value))
            }
            _ => Ty::AnyObject,
        }
    }

    fn string_format(&mut self, node: &NodeRef, object: &Map<String, Value>) -> StringFormat {
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

    fn lower_checks(&mut self, node: &NodeRef, object: &Map<String, Value>) -> Checks {
        let number = |key: &str| object.get(key).and_then(Value::as_f64);
        let mut checks = Checks {
            min_length: uint(object, "minLength"),
            max_length: uint(object, "maxLength"),
            pattern: text(object.get("pattern")),
            minimum: number("minimum"),
            maximum: number("maximum"),
            exclusive_minimum: None,
            exclusive_maximum: None,
            multiple_of: number("multipleOf").filter(|m| *m > 0.0),
            min_items: uint(object, "minItems"),
            max_items: uint(object, "maxItems"),
            unique_items: flag(object, "uniqueItems"),
            const_value: object.get("const").map(Value::to_string),
            allowed: Vec::new(),
        };
        // 3.1: numeric bounds; 3.0: booleans that make `minimum`/`maximum` exclusive.
        match object.get("exclusiveMinimum") {
            Some(Value::Bool(true)) => checks.exclusive_minimum = checks.minimum.take(),
            Some(Value::Number(n)) => checks.exclusive_minimum = n.as_f64(),
            _ => {}
        }
        match object.get("exclusiveMaximum") {
            Some(Value::Bool(true)) => checks.exclusive_maximum = checks.maximum.take(),
            Some(Value::Number(n)) => checks.exclusive_maximum = n.as_f64(),
            _ => {}
        }
        if let Some(pattern) = &checks.pattern {
            // Checked now so that a pattern never fails to compile in the generated crate.
            if let Err(e) = regex_lite::Regex::new(pattern) {
                // A documented fallback: the value is still typed; only this check is skipped.
                self.warn(
                    &child(node, "pattern"),
                    format!("`pattern` cannot be checked by the generated code ({e}); values are not validated against it"),
                );
                checks.pattern = None;
            }
        }
        if object.contains_key("multipleOf") && checks.multiple_of.is_none() {
            self.error(
                &child(node, "multipleOf"),
                "`multipleOf` must be a number greater than 0",
            );
        }
        checks
    }

    fn lower_struct(&mut self, node: &NodeRef, object: &Map<String, Value>, name: &str) -> Struct {
        // allOf members are merged: their properties and required lists, then our own.
        let mut props: Vec<(String, NodeRef)> = Vec::new();
        let mut required: BTreeSet<String> = BTreeSet::new();
        let mut extra = Extra::Keep;
        let mut visiting = BTreeSet::new();
        self.collect_properties(
            node,
            object,
            &mut props,
            &mut required,
            &mut extra,
            name,
            &mut visiting,
        );

        let mut fields = Vec::new();
        for (wire, prop_node) in props {
            let context = format!("{name}{}", naming::type_name(&wire, "Field"));
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
                rust_name: naming::field_name(&wire, "field"),
                required: required.contains(&wire),
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
        let mut names: Vec<String> = fields.iter().map(|f| f.rust_name.clone()).collect();
        let reserved = match extra {
            Extra::Deny => BTreeSet::new(),
            _ => BTreeSet::from(["additional_properties".to_owned()]),
        };
        naming::uniquify(&mut names, &reserved, true);
        for (f, n) in fields.iter_mut().zip(names) {
            f.rust_name = n;
        }
        Struct {
            fields,
            extra,
            min_properties: uint(object, "minProperties"),
            max_properties: uint(object, "maxProperties"),
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn collect_properties(
        &mut self,
        node: &NodeRef,
        object: &Map<String, Value>,
        props: &mut Vec<(String, NodeRef)>,
        required: &mut BTreeSet<String>,
        extra: &mut Extra,
        name: &str,
        visiting: &mut BTreeSet<NodeRef>,
    ) {
        // `visiting` holds the nodes on the current allOf path; `merged` every node already
        // merged into this object, so a schema shared by several allOf paths is merged once
        // (without it, nested allOf fan-out costs exponential time).
        if self.merging.contains(node) {
            self.error(
                node,
                "`allOf` includes itself; the merged object would be infinite",
            );
            return;
        }
        if !visiting.insert(node.clone()) {
            return;
        }
        self.merging.push(node.clone());
        if let Some(Value::Array(members)) = object.get("allOf") {
            for i in 0..members.len() {
                let member = index(&child(node, "allOf"), i);
                let Some(target) = self.deref(&member) else {
                    continue;
                };
                match self.value(&target) {
                    Some(Value::Object(m)) if is_null_schema(&Value::Object(m.clone())) => {}
                    Some(Value::Object(m)) => {
                        self.collect_properties(&target, m, props, required, extra, name, visiting)
                    }
                    _ => self.error(&member, "an `allOf` member must be a schema object"),
                }
            }
        }
        if let Some(Value::Object(own)) = object.get("properties") {
            let base = child(node, "properties");
            for key in own.keys() {
                let prop_node = child(&base, key);
                match props.iter_mut().find(|(k, _)| k == key) {
                    // A later allOf member (or the object itself) refines the property.
                    Some(slot) => slot.1 = prop_node,
                    None => props.push((key.clone(), prop_node)),
                }
            }
        }
        if let Some(Value::Array(names)) = object.get("required") {
            required.extend(names.iter().filter_map(Value::as_str).map(str::to_owned));
        }
        match object.get("additionalProperties") {
            Some(Value::Bool(false)) => *extra = Extra::Deny,
            Some(Value::Object(_)) => {
                let shape = self.lower_shape(
                    &child(node, "additionalProperties"),
                    &format!("{name}Value"),
                );
                *extra = Extra::Typed(Box::new(shape));
            }
            _ => {}
        }
        self.merging.pop();
    }

    fn lower_enum(&mut self, node: &NodeRef, object: &Map<String, Value>, repr: EnumRepr) -> Enum {
        let values = object
            .get("enum")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        let mut variants = Vec::new();
        let mut seen = BTreeSet::new();
        for v in values.iter().filter(|v| !v.is_null()) {
            let wire = match v {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            if !seen.insert(wire.clone()) {
                self.warn(
                    &child(node, "enum"),
                    format!("enum value `{wire}` is listed twice"),
                );
                continue;
            }
            let rust_name = match repr {
                EnumRepr::String => naming::type_name(&wire, "Empty"),
                EnumRepr::Integer => format!("V{}", wire.replace('-', "Minus")),
            };
            variants.push(Variant {
                wire_name: wire,
                rust_name,
            });
        }
        let mut names: Vec<String> = variants.iter().map(|v| v.rust_name.clone()).collect();
        let mut unknown = vec!["Unknown".to_owned()];
        // The catch-all keeps its name unless a value claims it first.
        if names.contains(&unknown[0]) {
            naming::uniquify(&mut unknown, &names.iter().cloned().collect(), false);
        }
        naming::uniquify(&mut names, &BTreeSet::from([unknown[0].clone()]), false);
        for (v, n) in variants.iter_mut().zip(names) {
            v.rust_name = n;
        }
        Enum {
            variants,
            open: flag(object, "x-open-enum") || flag(object, "x-extensible-enum"),
            unknown_name: unknown.remove(0),
            repr,
        }
    }

    fn lower_union(&mut self, node: &NodeRef, object: &Map<String, Value>, name: &str) -> TypeKind {
        let key = if object.get("oneOf").is_some_and(Value::is_array) {
            "oneOf"
        } else {
            "anyOf"
        };
        let members = object
            .get(key)
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        let list = child(node, key);
        let members: Vec<NodeRef> = members
            .iter()
            .enumerate()
            .filter(|(_, m)| !is_null_schema(m))
            .map(|(i, _)| index(&list, i))
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
                Some(value) if !is_ref => format!("{name}{}", naming::type_name(value, "Variant")),
                _ => format!("{name}Variant{}", i + 1),
            };
            let shape = self.lower_shape(member, &context);
            variants[i].rust_name = match (&shape.ty, variants[i].tag_values.first()) {
                (_, Some(value)) if !is_ref => naming::type_name(value, "Variant"),
                (Ty::Named { id, .. }, _) => self.types[id.0].def.rust_name.clone(),
                (other, _) => variant_name_for(other),
            };
            variants[i].shape = shape;
        }
        let mut names: Vec<String> = variants.iter().map(|v| v.rust_name.clone()).collect();
        let mut other = vec!["Other".to_owned()];
        if tag.is_some() && names.contains(&other[0]) {
            naming::uniquify(&mut other, &names.iter().cloned().collect(), false);
        }
        naming::uniquify(&mut names, &BTreeSet::from([other[0].clone()]), false);
        for (v, n) in variants.iter_mut().zip(names) {
            v.rust_name = n;
        }
        TypeKind::Union(Union {
            variants,
            tag,
            other_name: other.remove(0),
        })
    }

    /// The property that tells a union's alternatives apart, filling in each variant's tag
    /// values: the `discriminator` (its `mapping`, whose values may be relative file paths,
    /// or else the schema names), or a property every alternative fixes with `const`.
    fn union_tag(
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
            let mapping_node = child(&child(node, "discriminator"), "mapping");
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
                    let n = NodeRef {
                        file: FileId(0),
                        pointer: format!("/components/schemas/{reference}"),
                    };
                    self.spec.deref(&n).ok()
                };
                match resolved.and_then(|r| targets.iter().position(|t| t.as_ref() == Some(&r))) {
                    Some(i) => variants[i].tag_values.push(value.clone()),
                    None => self.error(&child(&mapping_node, value), format!("discriminator mapping `{value}: {reference}` names a schema that is not one of the alternatives")),
                }
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
                if let Some(last) = target.pointer.rsplit('/').next().filter(|s| !s.is_empty()) {
                    variants[i].tag_values.push(last.to_owned());
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
                self.warn(node, format!("the discriminator `{property}` does not tell every alternative apart; the union is decoded by trying each alternative in turn"));
            }
            for v in variants.iter_mut() {
                v.tag_values.clear();
            }
            None
        }
    }

    /// A property that every alternative fixes to a distinct `const` (or one-value `enum`).
    fn common_const_property(&self, targets: &[Option<NodeRef>]) -> Option<String> {
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

    fn property_names(&self, node: &NodeRef, depth: usize) -> Vec<String> {
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
                if let Ok(member) = self.spec.deref(&index(&child(node, "allOf"), i)) {
                    out.extend(self.property_names(&member, depth + 1));
                }
            }
        }
        out
    }

    /// The fixed value of `property` in the object schema at `node` (through `allOf`).
    fn const_of(&self, node: &NodeRef, property: &str, depth: usize) -> Option<String> {
        if depth > 16 {
            return None;
        }
        let object = self.value(node)?.as_object()?;
        let prop_node = child(&child(node, "properties"), property);
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
            let member = self.spec.deref(&index(&child(node, "allOf"), i)).ok()?;
            self.const_of(&member, property, depth + 1)
        })
    }

    /// Gives every type a unique Rust name (deterministically: by wanted name, then origin).
    fn finish_types(&mut self) -> Vec<TypeDef> {
        let mut order: Vec<usize> = (0..self.types.len()).collect();
        order.sort_by(|a, b| {
            let (a, b) = (&self.types[*a].def, &self.types[*b].def);
            (&a.rust_name, &a.origin).cmp(&(&b.rust_name, &b.origin))
        });
        let mut names: Vec<String> = order
            .iter()
            .map(|i| self.types[*i].def.rust_name.clone())
            .collect();
        naming::uniquify(&mut names, &BTreeSet::new(), false);
        for (i, name) in order.into_iter().zip(names) {
            self.types[i].def.rust_name = name;
        }
        self.types.drain(..).map(|p| p.def).collect()
    }
}

fn variant_name_for(ty: &Ty) -> String {
    match ty {
        Ty::Any => "Value",
        Ty::AnyObject => "Object",
        Ty::Bool => "Bool",
        Ty::Integer(_) => "Integer",
        Ty::Number(_) => "Number",
        Ty::String(_) => "String",
        Ty::Array(_) => "Array",
        Ty::Map(_) => "Map",
        Ty::Named { .. } => "Named",
    }
    .to_owned()
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

/// Braces in a path template must pair up around non-empty names, without nesting.
fn check_template(path: &str) -> Result<(), &'static str> {
    let mut open = false;
    let mut name_len = 0;
    for c in path.chars() {
        match (c, open) {
            ('{', true) => return Err("has a `{` inside a `{...}` parameter"),
            ('{', false) => {
                open = true;
                name_len = 0;
            }
            ('}', false) => return Err("has a `}` without a matching `{`"),
            ('}', true) if name_len == 0 => return Err("has an empty `{}` parameter"),
            ('}', true) => open = false,
            (_, true) => name_len += 1,
            (_, false) => {}
        }
    }
    if open {
        Err("has a `{` that is never closed")
    } else {
        Ok(())
    }
}

fn parse_status(status: &str) -> Option<StatusMatch> {
    if status == "default" {
        return Some(StatusMatch::Default);
    }
    // Exactly three characters: digits, or a digit and `XX` (either case); `+404` or `0404`
    // would otherwise parse to a code another key already has.
    let bytes = status.as_bytes();
    if bytes.len() != 3 || !(b'1'..=b'5').contains(&bytes[0]) {
        return None;
    }
    let hundreds = u16::from(bytes[0] - b'0');
    if bytes[1..].eq_ignore_ascii_case(b"XX") {
        return Some(StatusMatch::Range(hundreds));
    }
    (bytes[1].is_ascii_digit() && bytes[2].is_ascii_digit()).then(|| {
        StatusMatch::Code(
            hundreds * 100 + u16::from(bytes[1] - b'0') * 10 + u16::from(bytes[2] - b'0'),
        )
    })
}

/// The variant name for a status: its reason phrase, or `Status{code}`.
fn status_name(status: StatusMatch) -> String {
    let code = match status {
        StatusMatch::Default => return "Default".to_owned(),
        StatusMatch::Range(h) => return format!("Status{h}XX"),
        StatusMatch::Code(code) => code,
    };
    let phrase = match code {
        200 => "Ok",
        201 => "Created",
        202 => "Accepted",
        203 => "NonAuthoritativeInformation",
        204 => "NoContent",
        206 => "PartialContent",
        301 => "MovedPermanently",
        302 => "Found",
        303 => "SeeOther",
        304 => "NotModified",
        307 => "TemporaryRedirect",
        308 => "PermanentRedirect",
        400 => "BadRequest",
        401 => "Unauthorized",
        402 => "PaymentRequired",
        403 => "Forbidden",
        404 => "NotFound",
        405 => "MethodNotAllowed",
        406 => "NotAcceptable",
        408 => "RequestTimeout",
        409 => "Conflict",
        410 => "Gone",
        411 => "LengthRequired",
        412 => "PreconditionFailed",
        413 => "PayloadTooLarge",
        414 => "UriTooLong",
        415 => "UnsupportedMediaType",
        416 => "RangeNotSatisfiable",
        422 => "UnprocessableEntity",
        423 => "Locked",
        428 => "PreconditionRequired",
        429 => "TooManyRequests",
        500 => "InternalServerError",
        501 => "NotImplemented",
        502 => "BadGateway",
        503 => "ServiceUnavailable",
        504 => "GatewayTimeout",
        _ => return format!("Status{code}"),
    };
    phrase.to_owned()
}
