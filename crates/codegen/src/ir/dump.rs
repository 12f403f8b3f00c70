//! The IR as compact text: one line per item, indented by nesting, for IR snapshots
//! (`tests/fixtures/*/expected.ir`) and `cargo xtask gen --dump-ir`. Types are listed by
//! Rust name and referred to by it; only facts that hold are shown.

use std::fmt::Write;

use super::*;

/// Renders `api` as text.
pub fn dump(api: &Api) -> String {
    let mut out = String::new();
    let _ = write!(
        out,
        "api {:?} version {:?} trait {} token {}",
        api.title, api.version, api.trait_name, api.token_env
    );
    if api.bearer_auth {
        out.push_str(" bearer");
    }
    out.push('\n');
    for server in &api.servers {
        let _ = writeln!(out, "server {server}");
    }
    for feature in &api.features {
        let _ = writeln!(out, "feature {} = {:?}", feature.name, feature.kind);
    }
    let mut types: Vec<&TypeDef> = api.types.iter().collect();
    types.sort_by(|a, b| a.rust_name.cmp(&b.rust_name));
    for t in types {
        dump_type(api, t, &mut out);
    }
    for op in &api.operations {
        dump_operation(api, op, &mut out);
    }
    out
}

fn origin(o: &Origin) -> String {
    format!("{}#{}", o.file, o.pointer)
}

fn dump_type(api: &Api, t: &TypeDef, out: &mut String) {
    let _ = write!(out, "\ntype {} @ {}", t.rust_name, origin(&t.origin));
    if t.deprecated {
        out.push_str(" deprecated");
    }
    if t.nullable {
        out.push_str(" nullable");
    }
    out.push('\n');
    let f = &t.facts;
    let facts: Vec<&str> = [
        (f.text_form, "text"),
        (f.can_fail, "can-fail"),
        (f.eq, "eq"),
        (f.hash, "hash"),
        (f.default, "default"),
        (f.newtype, "newtype"),
        (f.view, "view"),
        (f.json_schema, "json-schema"),
    ]
    .iter()
    .filter(|(yes, _)| *yes)
    .map(|(_, name)| *name)
    .collect();
    let _ = write!(out, "  facts: {}", facts.join(" "));
    if f.target.0 != usize::MAX && api.types.get(f.target.0).is_some_and(|x| x != t) {
        let _ = write!(out, "; alias of {}", api.types[f.target.0].rust_name);
    }
    if !f.features.is_empty() {
        let _ = write!(out, "; features {}", f.features.join(" "));
    }
    out.push('\n');
    if let Some(doc) = &t.doc {
        let _ = writeln!(out, "  doc: {}", short(doc));
    }
    if !t.examples.is_empty() {
        let _ = writeln!(out, "  examples: {}", t.examples.len());
    }
    if !t.checks.is_empty() {
        let _ = writeln!(out, "  checks: [{}]", checks_text(api, &t.checks));
    }
    match &t.kind {
        TypeKind::Struct(s) => {
            let extra = match &s.extra {
                Extra::Keep => "keep".to_owned(),
                Extra::Typed(shape) => format!("typed {}", shape_text(api, shape)),
                Extra::Deny => "deny".to_owned(),
            };
            let _ = write!(out, "  struct, other properties: {extra}");
            if let Some(min) = s.min_properties {
                let _ = write!(out, ", minProperties {min}");
            }
            if let Some(max) = s.max_properties {
                let _ = write!(out, ", maxProperties {max}");
            }
            out.push('\n');
            for field in &s.fields {
                let _ = write!(
                    out,
                    "    {} {:?} {}: {}",
                    field.rust_name,
                    field.wire_name,
                    if field.required {
                        "required"
                    } else {
                        "optional"
                    },
                    shape_text(api, &field.shape)
                );
                for (yes, flag) in [
                    (field.deprecated, "deprecated"),
                    (field.read_only, "read-only"),
                    (field.write_only, "write-only"),
                ] {
                    if yes {
                        let _ = write!(out, " {flag}");
                    }
                }
                if let Some(default) = &field.default {
                    let _ = write!(out, " default {default}");
                }
                out.push('\n');
            }
        }
        TypeKind::Enum(e) => {
            let repr = match e.repr {
                EnumRepr::String => "string",
                EnumRepr::Integer => "integer",
            };
            let open = if e.open { " open" } else { "" };
            let _ = writeln!(
                out,
                "  enum {repr}{open}, unknown values in {}",
                e.unknown_name
            );
            for v in &e.variants {
                let _ = writeln!(out, "    {} = {}", v.rust_name, v.value);
            }
        }
        TypeKind::Union(u) => {
            match &u.tag {
                Some(tag) => {
                    let _ = writeln!(
                        out,
                        "  union tagged by {tag:?}, unknown in {}",
                        u.other_name
                    );
                }
                None if u.exclusive => out.push_str("  union, untagged, oneOf\n"),
                None => out.push_str("  union, untagged, anyOf\n"),
            }
            for v in &u.variants {
                let _ = write!(out, "    {}: {}", v.rust_name, shape_text(api, &v.shape));
                if !v.tag_values.is_empty() {
                    let _ = write!(out, " when {:?}", v.tag_values);
                }
                out.push('\n');
            }
        }
        TypeKind::Alias(shape) => {
            let _ = writeln!(out, "  alias {}", shape_text(api, shape));
        }
    }
}

fn dump_operation(api: &Api, op: &Operation, out: &mut String) {
    let _ = write!(
        out,
        "\nop {} = {} {} @ {}",
        op.rust_name,
        op.method,
        op.path,
        origin(&op.origin)
    );
    if op.deprecated {
        out.push_str(" deprecated");
    }
    out.push('\n');
    if !op.tags.is_empty() {
        let _ = writeln!(out, "  tags {:?}", op.tags);
    }
    if !op.features.is_empty() {
        let _ = writeln!(out, "  features {}", op.features.join(" "));
    }
    let n = &op.names;
    let _ = writeln!(
        out,
        "  operationId {:?}; types {} {} {} {}",
        op.operation_id, n.error, n.params, n.response, n.result
    );
    let parts: Vec<String> = op
        .path_parts
        .iter()
        .map(|p| match p {
            PathPart::Literal(text) => format!("{text:?}"),
            PathPart::Param(i) => format!("{{{}}}", op.params[*i].rust_name),
        })
        .collect();
    let _ = writeln!(out, "  path {}", parts.join(" "));
    for p in &op.params {
        let place = match p.location {
            ParamLocation::Path => "path",
            ParamLocation::Query => "query",
            ParamLocation::Header => "header",
        };
        let _ = writeln!(
            out,
            "  param {} {:?} in {place} {}: {}",
            p.rust_name,
            p.wire_name,
            if p.required { "required" } else { "optional" },
            shape_text(api, &p.shape)
        );
    }
    if let Some(p) = &op.pagination {
        let _ = write!(
            out,
            "  pagination {:?} via {} from param {}, items at {:?}",
            p.kind, p.method, op.params[p.input].rust_name, p.declared.results
        );
        for (name, fact) in [
            ("total", &p.total),
            ("hasMore", &p.has_more),
            ("nextCursor", &p.next_cursor),
            ("nextUrl", &p.next_url),
        ] {
            match fact {
                Some(PageValue::Header(h)) => {
                    let _ = write!(out, ", {name} from header {h}");
                }
                Some(PageValue::LinkNext) => {
                    let _ = write!(out, ", {name} from the Link header");
                }
                Some(PageValue::Body(steps)) => {
                    let path: Vec<&str> = steps.iter().map(|s| s.rust_name.as_str()).collect();
                    let _ = write!(out, ", {name} at body.{}", path.join("."));
                }
                None => {}
            }
        }
        out.push('\n');
    }
    if let Some(body) = &op.body {
        let _ = writeln!(
            out,
            "  body {}{}: {}",
            body.media_type,
            if body.required { " required" } else { "" },
            body_text(api, body)
        );
    }
    for r in &op.responses {
        let status = match r.status {
            StatusMatch::Code(code) => code.to_string(),
            StatusMatch::Range(h) => format!("{h}XX"),
            StatusMatch::Default => "default".to_owned(),
        };
        let _ = write!(out, "  response {status} {}", r.rust_name);
        if let Some(body) = &r.body {
            let _ = write!(out, " {}: {}", body.media_type, body_text(api, body));
        }
        out.push('\n');
        if !r.headers.is_empty() {
            let _ = writeln!(out, "    headers {}", r.headers_name);
        }
        for h in &r.headers {
            let _ = writeln!(
                out,
                "      {} {:?} {}: {}",
                h.rust_name,
                h.wire_name,
                if h.required { "required" } else { "optional" },
                shape_text(api, &h.shape)
            );
        }
    }
}

fn body_text(api: &Api, body: &Body) -> String {
    let kind = match &body.kind {
        BodyKind::Json(shape) => format!("json {}", shape_text(api, shape)),
        BodyKind::Text => "text".to_owned(),
        BodyKind::JsonLines(item) => format!("json lines of {}", shape_text(api, item)),
        BodyKind::Form(shape) => format!("form {}", shape_text(api, shape)),
        BodyKind::Multipart(shape) => format!("multipart {}", shape_text(api, shape)),
        BodyKind::Bytes => "bytes".to_owned(),
    };
    let kind = match &body.selector {
        Some((param, value)) => format!("{kind} ({param}={value})"),
        None => kind,
    };
    let kind = body.alternatives.iter().fold(kind, |text, c| {
        let alternative = match &c.kind {
            BodyKind::Json(shape) => format!("json {}", shape_text(api, shape)),
            BodyKind::JsonLines(item) => format!("json lines of {}", shape_text(api, item)),
            BodyKind::Form(shape) => format!("form {}", shape_text(api, shape)),
            BodyKind::Multipart(shape) => format!("multipart {}", shape_text(api, shape)),
            BodyKind::Text => "text".to_owned(),
            BodyKind::Bytes => "bytes".to_owned(),
        };
        format!("{text}; or {} {alternative} via {}", c.media_type, c.method)
    });
    if body.examples.is_empty() {
        kind
    } else {
        format!("{kind} ({} examples)", body.examples.len())
    }
}

/// A shape as a short type expression: `String`, `Email?` (nullable), `[i64]`,
/// `{String: T}`, `Box<Node>`, with its checks after it in brackets.
pub fn shape_text(api: &Api, shape: &Shape) -> String {
    let mut text = match &shape.ty {
        Ty::Any => "any".to_owned(),
        Ty::AnyObject => "object".to_owned(),
        Ty::Bool => "bool".to_owned(),
        Ty::Integer(IntKind::I32) => "i32".to_owned(),
        Ty::Integer(IntKind::I64) => "i64".to_owned(),
        Ty::Number(NumberKind::F32) => "f32".to_owned(),
        Ty::Number(NumberKind::F64) => "f64".to_owned(),
        Ty::String(format) => format!("{format:?}").replace("Plain", "String").to_owned(),
        Ty::Array(item) => format!("[{}]", shape_text(api, item)),
        Ty::Map(value) => format!("{{String: {}}}", shape_text(api, value)),
        Ty::Named { id, boxed } => {
            let name = api
                .types
                .get(id.0)
                .map_or_else(|| format!("#{}", id.0), |t| t.rust_name.clone());
            if *boxed {
                format!("Box<{name}>")
            } else {
                name
            }
        }
    };
    if shape.nullable {
        text.push('?');
    }
    let checks = checks_text(api, &shape.checks);
    if !checks.is_empty() {
        text.push_str(&format!(" [{checks}]"));
    }
    text
}

/// Checks as `keyword value` items separated by `, ` (empty when there are none).
pub fn checks_text(api: &Api, c: &Checks) -> String {
    let mut checks: Vec<String> = Vec::new();
    let mut add = |name: &str, value: Option<String>| {
        if let Some(value) = value {
            checks.push(format!("{name} {value}"));
        }
    };
    add("minLength", c.min_length.map(|v| v.to_string()));
    add("maxLength", c.max_length.map(|v| v.to_string()));
    add("pattern", c.pattern.as_ref().map(|p| format!("{p:?}")));
    add("minimum", c.minimum.map(|v| v.to_string()));
    add("maximum", c.maximum.map(|v| v.to_string()));
    add(
        "exclusiveMinimum",
        c.exclusive_minimum.map(|v| v.to_string()),
    );
    add(
        "exclusiveMaximum",
        c.exclusive_maximum.map(|v| v.to_string()),
    );
    add("multipleOf", c.multiple_of.map(|v| v.to_string()));
    add("minItems", c.min_items.map(|v| v.to_string()));
    add("maxItems", c.max_items.map(|v| v.to_string()));
    add("uniqueItems", c.unique_items.then(|| "true".to_owned()));
    add("const", c.const_value.as_ref().map(ToString::to_string));
    if !c.allowed.is_empty() {
        let allowed: Vec<String> = c.allowed.iter().map(ToString::to_string).collect();
        checks.push(format!("enum [{}]", allowed.join(", ")));
    }
    if let Some(format) = c.format {
        checks.push(format!("format {}", format.name()));
    }
    if !c.types.is_empty() {
        let names: Vec<String> = c.types.iter().map(|t| format!("{t:?}")).collect();
        checks.push(format!("type [{}]", names.join(", ")));
    }
    if c.never {
        checks.push("false".to_owned());
    }
    if let Some(a) = &c.applied {
        applied_text(api, a, &mut checks);
    }
    checks.join(", ")
}

fn applied_text(api: &Api, a: &Applied, out: &mut Vec<String>) {
    let one = |name: &str, shape: &Shape| format!("{name} {}", shape_text(api, shape));
    let list = |name: &str, shapes: &[Shape]| {
        let items: Vec<String> = shapes.iter().map(|s| shape_text(api, s)).collect();
        format!("{name} ({})", items.join(" | "))
    };
    let map = |name: &str, shapes: &[(String, Shape)]| {
        let items: Vec<String> = shapes
            .iter()
            .map(|(k, s)| format!("{k:?}: {}", shape_text(api, s)))
            .collect();
        format!("{name} {{{}}}", items.join(", "))
    };
    if let Some(n) = a.min_properties {
        out.push(format!("minProperties {n}"));
    }
    if let Some(n) = a.max_properties {
        out.push(format!("maxProperties {n}"));
    }
    if !a.required.is_empty() {
        out.push(format!("required {:?}", a.required));
    }
    if !a.properties.is_empty() {
        out.push(map("properties", &a.properties));
    }
    if !a.pattern_properties.is_empty() {
        out.push(map("patternProperties", &a.pattern_properties));
    }
    if let Some(s) = &a.additional_properties {
        out.push(one("additionalProperties", s));
        if !a.known_properties.is_empty() {
            out.push(format!("beside {:?}", a.known_properties));
        }
    }
    if let Some(s) = &a.property_names {
        out.push(one("propertyNames", s));
    }
    for (name, needed) in &a.dependent_required {
        out.push(format!("dependentRequired {name:?} {needed:?}"));
    }
    if !a.dependent_schemas.is_empty() {
        out.push(map("dependentSchemas", &a.dependent_schemas));
    }
    if !a.prefix_items.is_empty() {
        out.push(list("prefixItems", &a.prefix_items));
    }
    if let Some(s) = &a.items {
        out.push(one("items", s));
    }
    if let Some(s) = &a.contains {
        out.push(one("contains", s));
        if let Some(n) = a.min_contains {
            out.push(format!("minContains {n}"));
        }
        if let Some(n) = a.max_contains {
            out.push(format!("maxContains {n}"));
        }
    }
    if !a.all_of.is_empty() {
        out.push(list("allOf", &a.all_of));
    }
    if !a.any_of.is_empty() {
        out.push(list("anyOf", &a.any_of));
    }
    if !a.one_of.is_empty() {
        out.push(list("oneOf", &a.one_of));
    }
    if let Some(s) = &a.not {
        out.push(one("not", s));
    }
    if let Some(c) = &a.if_then_else {
        out.push(one("if", &c.condition));
        if let Some(s) = &c.then {
            out.push(one("then", s));
        }
        if let Some(s) = &c.otherwise {
            out.push(one("else", s));
        }
    }
}

/// The first line of a doc text, at most 60 characters.
fn short(doc: &str) -> String {
    let line = doc.lines().next().unwrap_or_default();
    let mut end = line.len().min(60);
    while !line.is_char_boundary(end) {
        end -= 1;
    }
    if end < line.len() {
        format!("{:?}…", &line[..end])
    } else {
        format!("{line:?}")
    }
}
