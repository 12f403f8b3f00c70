//! Lowering request bodies and responses: the media type each is carried as, its shape and
//! examples, and responses by status.

use serde_json::{Map, Value};

use super::{example_text, flag, text, Lowerer};
use crate::diag::quote;
use crate::ir::*;
use crate::load::NodeRef;
use crate::naming;

impl Lowerer<'_> {
    pub(super) fn lower_request_body(&mut self, node: &NodeRef, stem: &str) -> Option<Body> {
        let node = self.deref(node)?;
        let body = self.value(&node)?.as_object()?;
        let required = flag(body, "required");
        let mut out = self.lower_content(&node, body, &format!("{stem}Body"))?;
        out.required = required;
        Some(out)
    }

    /// The body a `content` map describes: JSON when offered, else text, else bytes.
    pub(super) fn lower_content(
        &mut self,
        node: &NodeRef,
        object: &Map<String, Value>,
        context: &str,
    ) -> Option<Body> {
        let content = object.get("content")?.as_object()?;
        let content_node = node.child("content");
        let is_json = |m: &str| {
            let m = m.split(';').next().unwrap_or(m).trim().to_ascii_lowercase();
            m == "application/json" || m.ends_with("+json")
        };
        let pick = content
            .keys()
            .find(|m| is_json(m))
            .or_else(|| content.keys().find(|m| m.starts_with("text/")))
            .or_else(|| content.keys().next())?;
        let media_node = content_node.child(pick);
        let media = self.value(&media_node).and_then(Value::as_object);
        let kind = if is_json(pick) {
            let shape = match media.and_then(|m| m.get("schema")) {
                Some(_) => self.lower_shape(&media_node.child("schema"), context),
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
        Some(Body {
            media_type: pick.clone(),
            kind,
            required: true,
            examples: body_examples,
        })
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
