//! Lowering specforge's operation extensions: `x-specforge-format-param` (which query
//! parameter selects a response's media type), `x-specforge-stream` (text media types also
//! read as a stream of bytes) and `x-specforge-pagination` (how an operation pages),
//! written in the spec or added by an overlay.

use serde_json::{Map, Value};

use super::{text, Lowerer};
use crate::ir::*;
use crate::load::NodeRef;

impl Lowerer<'_> {
    /// `x-specforge-format-param: {name, values: {media type: value}}`: the query parameter
    /// that selects which media type a response comes in, so each method sends the value
    /// for the type it returns.
    pub(super) fn lower_format_param(
        &mut self,
        node: &NodeRef,
        op: &Map<String, Value>,
        params: &[Param],
        responses: &mut [Response],
    ) {
        let at = node.child("x-specforge-format-param");
        let declared = op
            .get("x-specforge-format-param")
            .and_then(Value::as_object);
        let name = declared.and_then(|d| text(d.get("name")));
        let values = declared
            .and_then(|d| d.get("values"))
            .and_then(Value::as_object);
        let (Some(name), Some(values)) = (name, values) else {
            self.warn(&at, "`x-specforge-format-param` needs `name` (a query parameter) and `values` (media type to value); it is ignored");
            return;
        };
        if !params
            .iter()
            .any(|p| p.wire_name == name && p.location == ParamLocation::Query)
        {
            self.warn(&at, format!("`x-specforge-format-param` names `{name}`, which is not a query parameter of the operation; it is ignored"));
            return;
        }
        let value_of = |media: &str| {
            values
                .get(media)
                .and_then(Value::as_str)
                .map(|v| (name.clone(), v.to_owned()))
        };
        for body in responses
            .iter_mut()
            .filter(|r| r.is_success())
            .filter_map(|r| r.body.as_mut())
        {
            body.selector = value_of(&body.media_type);
            for c in &mut body.alternatives {
                c.selector = value_of(&c.media_type);
            }
        }
    }

    /// `x-specforge-stream: [media type, ...]`: text (or JSON Lines) media types of the
    /// success body that also get a method reading them as a stream of bytes, for bodies too
    /// big to hold (a dataset as CSV) or that arrive over time (a log followed as it is
    /// written), or to be passed on as sent. The text (or typed) method stays; the stream
    /// is one more alternative of the same media type, which `analyze` names
    /// `<op>_<suffix>_bytes`. Runs before `x-specforge-format-param`, so the stream sends
    /// the same format value as the text method.
    pub(super) fn lower_stream_media(
        &mut self,
        node: &NodeRef,
        op: &Map<String, Value>,
        responses: &mut [Response],
    ) {
        let at = node.child("x-specforge-stream");
        let Some(list) = op.get("x-specforge-stream").and_then(Value::as_array) else {
            self.warn(
                &at,
                "`x-specforge-stream` is a list of media types (`[text/csv]`); it is ignored",
            );
            return;
        };
        for (i, media) in list.iter().enumerate() {
            let Some(media) = media.as_str() else {
                self.warn(
                    &at.index(i),
                    "`x-specforge-stream` lists media types as strings; this entry is ignored",
                );
                continue;
            };
            let (mut offered, mut text) = (false, false);
            for body in responses
                .iter_mut()
                .filter(|r| r.is_success())
                .filter_map(|r| r.body.as_mut())
            {
                let kinds: Vec<&BodyKind> = std::iter::once((&body.media_type, &body.kind))
                    .chain(body.alternatives.iter().map(|c| (&c.media_type, &c.kind)))
                    .filter(|(m, _)| m.as_str() == media)
                    .map(|(_, kind)| kind)
                    .collect();
                offered |= !kinds.is_empty();
                let readable = kinds
                    .iter()
                    .any(|k| matches!(k, BodyKind::Text | BodyKind::JsonLines(_)));
                if readable {
                    text = true;
                    if !kinds.contains(&&BodyKind::Bytes) {
                        body.alternatives.push(Content {
                            media_type: media.to_owned(),
                            kind: BodyKind::Bytes,
                            method: String::new(),
                            selector: None,
                        });
                    }
                }
            }
            if !offered {
                self.warn(&at.index(i), format!("`x-specforge-stream` names `{media}`, which no success response of the operation offers; it is ignored"));
            } else if !text {
                self.warn(&at.index(i), format!("`x-specforge-stream` names `{media}`, which is not read as text or JSON Lines (JSON is decoded whole, other types already stream); it is ignored"));
            }
        }
    }

    /// `x-specforge-pagination` (modelled on `x-speakeasy-pagination`): `type: offsetLimit`
    /// or `cursor`; `inputs: [{name, in: parameters, type: offset|cursor}]`; `outputs:
    /// {results, total, hasMore, nextCursor}`, each a JSONPath into the body (`$.data.items`)
    /// or `header:Name`. Resolved against the body's type by `analyze`.
    pub(super) fn lower_pagination(
        &mut self,
        node: &NodeRef,
        params: &[Param],
    ) -> Option<Pagination> {
        let declared = self.value(node).and_then(Value::as_object)?;
        let kind = match declared.get("type").and_then(Value::as_str) {
            Some("offsetLimit") => PageKind::OffsetLimit,
            Some("cursor") => PageKind::Cursor,
            Some("link") => PageKind::Link,
            Some("url" | "nextUrl") => PageKind::NextUrl,
            other => {
                self.warn(
                    &node.child("type"),
                    format!("pagination `type` {} is not one this generator pages by (`offsetLimit`, `cursor`, `link`, `url`); the operation gets no stream", other.map_or("(missing)".to_owned(), |o| format!("`{o}`"))),
                );
                return None;
            }
        };
        let wanted = match kind {
            PageKind::OffsetLimit => "offset",
            PageKind::Cursor => "cursor",
            // The next URL carries every parameter; no input is needed.
            PageKind::Link | PageKind::NextUrl => "",
        };
        let input = declared
            .get("inputs")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter(|i| i.get("type").and_then(Value::as_str) == Some(wanted))
            .find_map(|i| i.get("name").and_then(Value::as_str));
        let position = input.and_then(|name| {
            params
                .iter()
                .position(|p| p.wire_name == name && p.location == ParamLocation::Query)
        });
        // The next URL's query is read back into the operation's query parameters, so it
        // needs one it can carry (a list is not read back).
        let carried = || {
            params.iter().position(|p| {
                p.location == ParamLocation::Query && !matches!(p.shape.ty, Ty::Array(_))
            })
        };
        let position = match (kind, position) {
            (PageKind::Link | PageKind::NextUrl, _) => match position.or_else(carried) {
                Some(position) => position,
                None => {
                    self.warn(
                        node,
                        "pagination by next URL reads the URL's query back into the operation's query parameters, and this operation has none that is not a list; the operation gets no stream",
                    );
                    return None;
                }
            },
            (_, Some(position)) => position,
            (_, None) => {
                self.warn(
                &node.child("inputs"),
                format!("pagination needs an input of type `{wanted}` naming a query parameter of the operation; the operation gets no stream"),
            );
                return None;
            }
        };
        let outputs = declared.get("outputs").and_then(Value::as_object);
        let output = |key: &str| outputs.and_then(|o| text(o.get(key)));
        let Some(results) = output("results") else {
            self.warn(
                node,
                "pagination needs `outputs.results`, the JSONPath of the items; the operation gets no stream",
            );
            return None;
        };
        Some(Pagination {
            kind,
            input: position,
            results: Vec::new(),
            item: Shape::default(),
            total: None,
            has_more: None,
            next_cursor: None,
            next_url: None,
            method: String::new(),
            declared: PaginationText {
                results,
                total: output("total"),
                has_more: output("hasMore"),
                next_cursor: output("nextCursor"),
                next_url: output("nextUrl"),
            },
        })
    }
}
