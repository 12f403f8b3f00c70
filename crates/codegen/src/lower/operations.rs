//! Lowering paths and operations: path items, their operations and parameters, and path
//! templates split into literal text and parameters.

use serde_json::{Map, Value};

use super::{flag, text, Lowerer};
use crate::diag::quote;
use crate::ir::*;
use crate::load::NodeRef;
use crate::naming;

impl Lowerer<'_> {
    pub(super) fn lower_paths(&mut self, root: &NodeRef) -> Vec<Operation> {
        let paths = root.child("paths");
        let Some(value) = self.value(&paths) else {
            // OpenAPI 3.1 makes `paths` optional when `webhooks` or `components` is there:
            // such a spec gives its types and an API trait without operations.
            let has = |key: &str| self.value(&root.child(key)).is_some();
            if self.openapi31 && (has("webhooks") || has("components")) {
                self.warn(
                    root,
                    "the spec has no `paths`: the crate has its types, and an API trait without operations",
                );
            } else {
                self.error(
                    root,
                    "the spec has no `paths`; there is nothing to generate a client for",
                );
            }
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
        // Extensions (`x-...`) may sit directly under `paths`; they are not paths.
        for path in map.keys().filter(|k| !k.starts_with("x-")) {
            let item_node = paths.child(path);
            if !path.starts_with('/') {
                self.error(
                    &item_node,
                    format!("path `{}` must start with `/`", quote(path)),
                );
                continue;
            }
            // A documented fallback: a query string written into the template (`/search?
            // query={query}`) is taken out of the path; its `key={name}` pairs become query
            // parameters.
            let (template, query) = match path.split_once('?') {
                Some((template, query)) => (template, query_pairs(query)),
                None => (path.as_str(), Vec::new()),
            };
            if template != path {
                self.warn_query_in_template(&item_node, path, template, &query);
            }
            if let Err(why) = check_template(template) {
                self.error(&item_node, format!("path template `{}` {why}", quote(path)));
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
            for (key, method) in Method::ALL {
                if !item.contains_key(key) {
                    continue;
                }
                let Some(op_node) = self.deref(&item_node.child(key)) else {
                    continue;
                };
                if let Some(op) = self.lower_operation(template, method, &op_node, &shared, &query)
                {
                    operations.push(op);
                }
            }
        }
        operations.sort_by(|a, b| {
            (&a.rust_name, &a.path, a.method.as_str()).cmp(&(
                &b.rust_name,
                &b.path,
                b.method.as_str(),
            ))
        });
        operations
    }

    /// The `parameters` of a path item or operation, each dereferenced.
    pub(super) fn params_of(
        &mut self,
        node: &NodeRef,
        object: &Map<String, Value>,
    ) -> Vec<NodeRef> {
        let list = node.child("parameters");
        match object.get("parameters") {
            None => Vec::new(),
            Some(Value::Array(items)) => (0..items.len())
                .filter_map(|i| self.deref(&list.index(i)))
                .collect(),
            Some(_) => {
                self.error(&list, "`parameters` must be a list");
                Vec::new()
            }
        }
    }

    pub(super) fn lower_operation(
        &mut self,
        path: &str,
        method: Method,
        node: &NodeRef,
        shared: &[NodeRef],
        query: &[(String, Option<String>)],
    ) -> Option<Operation> {
        let Some(op) = self.value(node).and_then(Value::as_object) else {
            self.error(node, "an operation must be a mapping");
            return None;
        };
        let operation_id = match text(op.get("operationId")) {
            Some(id) => id,
            None => {
                let id = naming::fallback_operation_id(method.key(), path);
                self.warn(node, format!("the operation has no `operationId`; it is named `{}` (add an operationId to choose the name)", quote(&id)));
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
        move_to_query(&mut params, query);
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
                self.error(node, format!("the path template has `{{{name}}}` but the operation declares no path parameter `{name}`", name = quote(name)));
            }
        }
        for p in params.iter().filter(|p| p.location == ParamLocation::Path) {
            if !template_order.contains(&p.wire_name) {
                let message = format!(
                    "path parameter `{}` does not appear in the path template `{}`",
                    quote(&p.wire_name),
                    quote(path)
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
        let path_parts = split_template(path, &params);

        let body = match op.get("requestBody") {
            Some(_) => self.lower_request_body(&node.child("requestBody"), &type_stem),
            None => None,
        };
        let mut responses = self.lower_responses(node, op, &type_stem);
        if op.contains_key("x-specforge-stream") {
            self.lower_stream_media(node, op, &mut responses);
        }
        if op.contains_key("x-specforge-format-param") {
            self.lower_format_param(node, op, &params, &mut responses);
        }
        let pagination = match op.get("x-specforge-pagination") {
            Some(_) => self.lower_pagination(&node.child("x-specforge-pagination"), &params),
            None => None,
        };
        if self.all_components {
            self.lower_callbacks_of(node);
        }

        Some(Operation {
            operation_id,
            rust_name: method_name,
            type_stem,
            method,
            path: path.to_owned(),
            path_parts,
            names: OpNames::default(),
            origin: self.origin(node),
            summary: text(op.get("summary")),
            doc: text(op.get("description")),
            deprecated: flag(op, "deprecated"),
            params,
            body,
            responses,
            pagination,
            tags: tags_of(op),
            features: Vec::new(),
        })
    }

    pub(super) fn lower_param(&mut self, node: &NodeRef, stem: &str) -> Option<Param> {
        let param = self.value(node)?.as_object()?;
        let Some(name) = text(param.get("name")) else {
            // A documented fallback: without a name it cannot be sent, so it is left out.
            self.warn(
                node,
                "the parameter has no `name`; it is skipped (the generated client never sends it)",
            );
            return None;
        };
        let location = match param.get("in").and_then(Value::as_str) {
            Some("path") => ParamLocation::Path,
            Some("query") => ParamLocation::Query,
            Some("header") => ParamLocation::Header,
            Some("cookie") => {
                self.warn(node, format!("cookie parameter `{}` is not supported; the generated client never sends it", quote(&name)));
                return None;
            }
            other => {
                self.error(
                    node,
                    format!(
                        "parameter `{}` has `in: {}`; expected path, query, header or cookie",
                        quote(&name),
                        quote(other.unwrap_or("(missing)"))
                    ),
                );
                return None;
            }
        };
        let context = format!("{stem}{}", naming::type_name(&name, "Param"));
        let shape = if param.contains_key("schema") {
            self.lower_shape(&node.child("schema"), &context)
        } else {
            self.warn(
                node,
                format!(
                    "parameter `{}` has no `schema`; it is sent as a string",
                    quote(&name)
                ),
            );
            Shape {
                ty: Ty::String(StringFormat::Plain),
                ..Shape::default()
            }
        };
        let wait = match param.get("x-specforge-wait") {
            None | Some(Value::Bool(false)) => None,
            Some(Value::Bool(true)) => Some(WaitUnit::Seconds),
            Some(Value::String(unit)) if unit == "seconds" => Some(WaitUnit::Seconds),
            Some(Value::String(unit)) if unit == "milliseconds" => Some(WaitUnit::Milliseconds),
            Some(other) => {
                self.warn(
                    &node.child("x-specforge-wait"),
                    format!("`x-specforge-wait` is `seconds`, `milliseconds` or `true`, not `{other}`; it is ignored"),
                );
                None
            }
        };
        Some(Param {
            rust_name: naming::field_name(&name, "param"),
            wire_name: name,
            location,
            required: location == ParamLocation::Path || flag(param, "required"),
            shape,
            doc: text(param.get("description")),
            wait,
        })
    }
}

/// The `key={name}` pairs of a query string written into a path template, as (key, name);
/// a fixed `key=value` pair has no name.
fn query_pairs(query: &str) -> Vec<(String, Option<String>)> {
    query
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            let name = value
                .strip_prefix('{')
                .and_then(|v| v.strip_suffix('}'))
                .filter(|n| !n.is_empty() && !n.contains(['{', '}']))
                .map(str::to_owned);
            (key.to_owned(), name)
        })
        .collect()
}

/// Turns the parameters a path template's query string names into query parameters, sent
/// under the pair's key.
fn move_to_query(params: &mut [Param], query: &[(String, Option<String>)]) {
    for (key, name) in query {
        let Some(name) = name else { continue };
        if let Some(p) = params
            .iter_mut()
            .find(|p| &p.wire_name == name && p.location != ParamLocation::Header)
        {
            p.location = ParamLocation::Query;
            p.rust_name = naming::field_name(key, "param");
            p.wire_name = key.clone();
        }
    }
}

impl Lowerer<'_> {
    fn warn_query_in_template(
        &mut self,
        node: &NodeRef,
        path: &str,
        template: &str,
        query: &[(String, Option<String>)],
    ) {
        let moved: Vec<String> = query
            .iter()
            .filter_map(|(key, name)| {
                name.as_ref()
                    .map(|n| format!("`{{{}}}` as `{}`", quote(n), quote(key)))
            })
            .collect();
        let fixed: Vec<String> = query
            .iter()
            .filter(|(_, name)| name.is_none())
            .map(|(key, _)| format!("`{}`", quote(key)))
            .collect();
        let mut message = format!(
            "the path `{}` has a query string; the path is `{}`",
            quote(path),
            quote(template)
        );
        if !moved.is_empty() {
            message.push_str(&format!(", and the query sends {}", moved.join(", ")));
        }
        if !fixed.is_empty() {
            message.push_str(&format!(
                "; the fixed {} {} not sent (declare query parameters instead)",
                fixed.join(", "),
                if fixed.len() == 1 { "is" } else { "are" }
            ));
        }
        self.warn(node, message);
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

/// The template split around its `{name}`s, each name resolved to the index of its path
/// parameter (a name with no parameter was reported; it is left out).
fn split_template(path: &str, params: &[Param]) -> Vec<PathPart> {
    let mut parts = Vec::new();
    let mut rest = path;
    while let Some(open) = rest.find('{') {
        if open > 0 {
            parts.push(PathPart::Literal(rest[..open].to_owned()));
        }
        let Some(close) = rest[open..].find('}') else {
            break;
        };
        let wire = &rest[open + 1..open + close];
        if let Some(i) = params
            .iter()
            .position(|p| p.location == ParamLocation::Path && p.wire_name == wire)
        {
            parts.push(PathPart::Param(i));
        }
        rest = &rest[open + close + 1..];
    }
    if !rest.is_empty() {
        parts.push(PathPart::Literal(rest.to_owned()));
    }
    parts
}

/// An operation's `tags`, in spec order, each once (`vocabulary` reports a `tags` that is
/// not a list of strings; what is not a string is left out here).
fn tags_of(op: &Map<String, Value>) -> Vec<String> {
    let mut tags: Vec<String> = Vec::new();
    for tag in op
        .get("tags")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
    {
        if !tags.iter().any(|t| t == tag) {
            tags.push(tag.to_owned());
        }
    }
    tags
}
