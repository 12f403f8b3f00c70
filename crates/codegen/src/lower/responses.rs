//! Lowering request bodies and responses: the media type each is carried as, its shape and
//! examples, and responses by status.

use serde_json::{Map, Value};

use super::{example_text, flag, text, Lowerer};
use crate::diag::{did_you_mean, quote};
use crate::ir::*;
use crate::load::NodeRef;
use crate::naming;

/// Whose `content` map is lowered: it decides which media types are read and which other
/// media types become methods of their own.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum ContentOf {
    /// A request body: forms too, and every other media type a method of its own.
    Request,
    /// A success response: every other media type a method of its own.
    Success,
    /// An error response: decoded from its main media type only.
    Error,
}

impl Lowerer<'_> {
    pub(super) fn lower_request_body(&mut self, node: &NodeRef, stem: &str) -> Option<Body> {
        let node = self.deref(node)?;
        let body = self.value(&node)?.as_object()?;
        let required = flag(body, "required");
        let mut out =
            self.lower_content(&node, body, &format!("{stem}Body"), ContentOf::Request)?;
        out.required = required;
        Some(out)
    }

    /// The body a `content` map describes: JSON when offered, else text, else bytes; for a
    /// request or a success, every other media type too (each read by its kind).
    pub(super) fn lower_content(
        &mut self,
        node: &NodeRef,
        object: &Map<String, Value>,
        context: &str,
        of: ContentOf,
    ) -> Option<Body> {
        let content = object.get("content")?.as_object()?;
        let content_node = node.child("content");
        // Requests may also be forms; responses are never read as one.
        let form = |m: &String| of == ContentOf::Request && (is_form(m) || is_multipart(m));
        let pick = content
            .keys()
            .find(|m| is_json(m))
            .or_else(|| content.keys().find(|m| form(m)))
            .or_else(|| content.keys().find(|m| m.starts_with("text/")))
            .or_else(|| content.keys().next())?;
        let media_node = content_node.child(pick);
        let media = self.value(&media_node).and_then(Value::as_object);
        let schema_shape = |this: &mut Self| match media.and_then(|m| m.get("schema")) {
            Some(_) => this.lower_shape(&media_node.child("schema"), context),
            None => Shape::default(),
        };
        let kind = if is_json(pick) {
            BodyKind::Json(Box::new(schema_shape(self)))
        } else if form(pick) && is_form(pick) {
            BodyKind::Form(Box::new(schema_shape(self)))
        } else if form(pick) {
            BodyKind::Multipart(Box::new(schema_shape(self)))
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
            let examples_node = media_node.child("examples");
            for key in named.keys() {
                let Some(example_node) = self.deref(&examples_node.child(key)) else {
                    continue;
                };
                if let Some(value) = self.value(&example_node).and_then(|e| e.get("value")) {
                    body_examples.push(value.to_string());
                }
            }
        }
        let mut others = Vec::new();
        if of == ContentOf::Success {
            // JSON Lines carries the JSON body's items, one per line.
            let item = match &kind {
                BodyKind::Json(shape) => match &shape.ty {
                    Ty::Array(item) => (**item).clone(),
                    _ => Shape::default(),
                },
                _ => Shape::default(),
            };
            for media in content.keys().filter(|m| *m != pick) {
                let alternative = if is_json(media) {
                    BodyKind::Json(Box::new(self.media_shape(&content_node, media, context)))
                } else if is_json_lines(media) {
                    BodyKind::JsonLines(Box::new(item.clone()))
                } else if is_text(media) {
                    BodyKind::Text
                } else {
                    BodyKind::Bytes
                };
                others.push(Content {
                    media_type: media.clone(),
                    kind: alternative,
                    method: String::new(),
                    selector: None,
                });
            }
        } else if of == ContentOf::Request {
            // A request body offered in several media types (a record stored as JSON or
            // as any bytes): the caller picks one by method.
            for media in content.keys().filter(|m| *m != pick) {
                let alternative = if is_json(media) {
                    BodyKind::Json(Box::new(self.media_shape(&content_node, media, context)))
                } else if is_form(media) {
                    BodyKind::Form(Box::new(self.media_shape(&content_node, media, context)))
                } else if is_multipart(media) {
                    BodyKind::Multipart(Box::new(self.media_shape(&content_node, media, context)))
                } else if is_text(media) {
                    BodyKind::Text
                } else {
                    BodyKind::Bytes
                };
                others.push(Content {
                    media_type: media.clone(),
                    kind: alternative,
                    method: String::new(),
                    selector: None,
                });
            }
        }
        Some(Body {
            media_type: pick.clone(),
            kind,
            required: true,
            examples: body_examples,
            alternatives: others,
            selector: None,
        })
    }

    /// The shape of one media type's `schema` in a `content` map (any value when it has none).
    fn media_shape(&mut self, content_node: &NodeRef, media: &str, context: &str) -> Shape {
        let schema = content_node.child(media).child("schema");
        match self.value(&schema) {
            Some(_) => self.lower_shape(&schema, &naming::nested(context, media, "Body")),
            None => Shape::default(),
        }
    }

    /// A response's `headers` map (itself maybe a `$ref`, as Apify keeps shared ones), each
    /// header described by `schema` or by `content` (`{text/plain: {schema}}`).
    /// `Content-Type` is left out, as OpenAPI says.
    fn lower_headers(&mut self, node: &NodeRef, context: &str) -> Vec<Header> {
        let Some(map_node) = self.deref(node) else {
            return Vec::new();
        };
        let Some(map) = self.value(&map_node).and_then(Value::as_object) else {
            self.error(
                &map_node,
                "`headers` must be a mapping of header names to headers",
            );
            return Vec::new();
        };
        let mut headers = Vec::new();
        for name in map.keys() {
            if name.eq_ignore_ascii_case("content-type") {
                continue;
            }
            let Some(header_node) = self.deref(&map_node.child(name)) else {
                continue;
            };
            let Some(header) = self.value(&header_node).and_then(Value::as_object) else {
                self.error(&header_node, format!("header `{name}` must be a mapping"));
                continue;
            };
            let field_context = naming::nested(context, name, "Header");
            let schema_node = if header.contains_key("schema") {
                Some(header_node.child("schema"))
            } else {
                header
                    .get("content")
                    .and_then(Value::as_object)
                    .and_then(|content| content.keys().next())
                    .map(|media| header_node.child("content").child(media).child("schema"))
                    .filter(|schema| self.value(schema).is_some())
            };
            let shape = match schema_node {
                Some(schema) => self.lower_shape(&schema, &field_context),
                None => {
                    let mut d = self.spec.warning_at(
                        &header_node,
                        format!("header `{name}` has no `schema` (nor `content` with one); it is read as a string"),
                    );
                    if let Some(near) = did_you_mean("schema", header.keys().map(String::as_str)) {
                        d = d.with_help(format!("`{near}` looks like a misspelled `schema`"));
                    }
                    self.diags.push(d);
                    Shape {
                        ty: Ty::String(StringFormat::Plain),
                        ..Shape::default()
                    }
                }
            };
            headers.push(Header {
                rust_name: naming::field_name(name, "header"),
                wire_name: name.clone(),
                required: flag(header, "required"),
                shape,
                doc: text(header.get("description")),
                deprecated: flag(header, "deprecated"),
            });
        }
        headers
    }

    pub(super) fn lower_responses(
        &mut self,
        node: &NodeRef,
        op: &Map<String, Value>,
        stem: &str,
    ) -> Vec<Response> {
        let responses_node = node.child("responses");
        let Some(Value::Object(map)) = op.get("responses") else {
            self.warn(
                node,
                "the operation has no `responses`; any 2xx is taken as success with no body",
            );
            return Vec::new();
        };
        let mut out = Vec::new();
        // Extensions (`x-...`) may sit beside the statuses.
        for status in map.keys().filter(|k| !k.starts_with("x-")) {
            let status_node = responses_node.child(status);
            let Some(matcher) = parse_status(status) else {
                self.error(
                    &status_node,
                    format!(
                        "`{}` is not a status code, a range like `4XX`, or `default`",
                        quote(status)
                    ),
                );
                continue;
            };
            if out.iter().any(|r: &Response| r.status == matcher) {
                self.error(
                    &status_node,
                    format!(
                        "status `{}` is listed twice (another key means the same status)",
                        quote(status)
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
            let name = naming::status_name(matcher);
            let context = format!("{stem}{name}");
            let body = self.lower_content(
                &resp_node,
                resp,
                &context,
                // A success's other media types are methods of their own; an error is
                // decoded from its main one.
                if matcher.is_success() {
                    ContentOf::Success
                } else {
                    ContentOf::Error
                },
            );
            let headers = match resp.get("headers") {
                Some(_) => self.lower_headers(&resp_node.child("headers"), &context),
                None => Vec::new(),
            };
            out.push(Response {
                status: matcher,
                rust_name: name,
                doc: text(resp.get("description")),
                body,
                headers,
                headers_name: String::new(),
            });
        }
        out.sort_by_key(|r| r.status);
        out
    }
}

/// The media type without parameters, lower-case.
fn essence(media: &str) -> String {
    media
        .split(';')
        .next()
        .unwrap_or(media)
        .trim()
        .to_ascii_lowercase()
}

/// JSON: `application/json` and every `+json` type.
fn is_json(media: &str) -> bool {
    let m = essence(media);
    m == "application/json" || m.ends_with("+json")
}

/// `application/x-www-form-urlencoded`.
fn is_form(media: &str) -> bool {
    essence(media) == "application/x-www-form-urlencoded"
}

/// `multipart/form-data`.
fn is_multipart(media: &str) -> bool {
    essence(media) == "multipart/form-data"
}

/// JSON Lines, by any of its names.
fn is_json_lines(media: &str) -> bool {
    matches!(
        essence(media).as_str(),
        "application/jsonl"
            | "application/x-jsonl"
            | "application/jsonlines"
            | "application/x-jsonlines"
            | "application/ndjson"
            | "application/x-ndjson"
    )
}

/// Text: `text/*`, XML and YAML.
fn is_text(media: &str) -> bool {
    let m = essence(media);
    m.starts_with("text/")
        || m == "application/xml"
        || m.ends_with("+xml")
        || m == "application/yaml"
        || m == "application/x-yaml"
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
