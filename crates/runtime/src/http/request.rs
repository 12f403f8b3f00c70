//! `Request`: what the generated glue fills in for one call.

use std::time::Duration;

use crate::param::ParamValue;
use serde::Serialize;

/// An HTTP method, as the generated glue names it: typed, so sending a request never parses
/// method text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Method {
    /// `GET`.
    Get,
    /// `PUT`.
    Put,
    /// `POST`.
    Post,
    /// `DELETE`.
    Delete,
    /// `OPTIONS`.
    Options,
    /// `HEAD`.
    Head,
    /// `PATCH`.
    Patch,
    /// `TRACE`.
    Trace,
}

impl Method {
    /// The method as it appears on the wire, e.g. `GET`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Put => "PUT",
            Method::Post => "POST",
            Method::Delete => "DELETE",
            Method::Options => "OPTIONS",
            Method::Head => "HEAD",
            Method::Patch => "PATCH",
            Method::Trace => "TRACE",
        }
    }

    /// The same method for reqwest (a constant per variant, nothing parsed).
    pub(crate) fn to_reqwest(self) -> reqwest::Method {
        match self {
            Method::Get => reqwest::Method::GET,
            Method::Put => reqwest::Method::PUT,
            Method::Post => reqwest::Method::POST,
            Method::Delete => reqwest::Method::DELETE,
            Method::Options => reqwest::Method::OPTIONS,
            Method::Head => reqwest::Method::HEAD,
            Method::Patch => reqwest::Method::PATCH,
            Method::Trace => reqwest::Method::TRACE,
        }
    }
}

impl std::fmt::Display for Method {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One HTTP request, as the generated glue describes it.
#[derive(Debug, Clone)]
pub struct Request {
    pub(crate) method: Method,
    pub(crate) path: String,
    pub(crate) query: Vec<(&'static str, String)>,
    pub(crate) headers: Vec<(&'static str, String)>,
    pub(crate) body: Option<(String, Vec<u8>)>,
    /// How long the server may hold the request by the call's own asking (a long poll).
    pub(crate) server_wait: Option<Duration>,
    /// The `Accept` header, when the call asks for one media type.
    pub(crate) accept: Option<&'static str>,
    /// Why a body could not be set: the call fails with it, sending nothing.
    pub(crate) invalid: Option<String>,
}

/// The name/value pairs of a form from an object, in its property order.
fn form_fields<T: Serialize + ?Sized>(body: &T) -> Result<Vec<(String, String)>, String> {
    let value = serde_json::to_value(body)
        .map_err(|e| format!("the request body would not encode: {e}"))?;
    let serde_json::Value::Object(map) = value else {
        return Err("a form body must be an object".to_owned());
    };
    let text = |value: serde_json::Value| match value {
        serde_json::Value::String(s) => Some(s),
        serde_json::Value::Null => None,
        other => Some(other.to_string()),
    };
    let mut fields = Vec::new();
    for (name, value) in map {
        match value {
            serde_json::Value::Array(items) => fields.extend(
                items
                    .into_iter()
                    .filter_map(text)
                    .map(|v| (name.clone(), v)),
            ),
            other => fields.extend(text(other).map(|v| (name.clone(), v))),
        }
    }
    Ok(fields)
}

/// Whether `needle` occurs in `haystack`.
fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// RFC 3986 unreserved characters pass; everything else in a path segment is escaped.
fn push_segment(out: &mut String, text: &str) {
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
}

impl Request {
    /// A `method` request with no path yet.
    pub fn new(method: Method) -> Self {
        Request {
            method,
            path: String::new(),
            query: Vec::new(),
            headers: Vec::new(),
            body: None,
            server_wait: None,
            accept: None,
            invalid: None,
        }
    }

    /// A `method` request whose path starts with `literal` (the template's text up to its
    /// first parameter; the rest is appended with [`Request::path`] and
    /// [`Request::path_param`]).
    pub fn at(method: Method, literal: &str) -> Self {
        let mut request = Request::new(method);
        request.path.push_str(literal);
        request
    }

    /// Appends literal path text from the template.
    pub fn path(&mut self, literal: &str) -> &mut Self {
        self.path.push_str(literal);
        self
    }

    /// Appends a path parameter, percent-encoded as one segment (a `/` in it cannot change
    /// which resource is addressed); list items are joined with `,` (the `simple` style).
    pub fn path_param(&mut self, value: &dyn ParamValue) -> &mut Self {
        let mut first = true;
        let path = &mut self.path;
        value.each_param(&mut |text| {
            if !first {
                path.push(',');
            }
            first = false;
            push_segment(path, &text);
        });
        self
    }

    /// Adds `name=value` to the query string for each text of `value` (none for an absent
    /// `Option`, one per item of a list: `style: form, explode: true`, the OpenAPI default).
    pub fn query(&mut self, name: &'static str, value: &dyn ParamValue) -> &mut Self {
        let query = &mut self.query;
        value.each_param(&mut |text| query.push((name, text)));
        self
    }

    /// Adds a header for each text of `value`.
    pub fn header(&mut self, name: &'static str, value: &dyn ParamValue) -> &mut Self {
        let headers = &mut self.headers;
        value.each_param(&mut |text| headers.push((name, text)));
        self
    }

    /// Sets a JSON body. A body that would not encode is the call's
    /// [`ErrorKind::InvalidRequest`](super::ErrorKind::InvalidRequest) error, and nothing is
    /// sent (see [`Request::invalid`]).
    pub fn json_body<T: Serialize + ?Sized>(&mut self, media_type: &str, body: &T) -> &mut Self {
        let encoded = serde_json::to_vec(body)
            .map(|bytes| (media_type.to_owned(), bytes))
            .map_err(|e| format!("the request body would not encode as JSON: {e}"));
        self.set_body(encoded)
    }

    /// Sets an `application/x-www-form-urlencoded` body from an object: one `name=value` per
    /// property (strings as they are, numbers and booleans as text, list items repeated,
    /// nested objects as JSON text, absent and `null` properties left out).
    /// A body that would not encode fails the call, as with [`Request::json_body`].
    pub fn form_body<T: Serialize + ?Sized>(&mut self, body: &T) -> &mut Self {
        let encoded = form_fields(body).and_then(|fields| {
            // `Url`'s query serializer is the form encoding (`a=1&b=x+y`).
            let mut url = reqwest::Url::parse("http://form.invalid/").map_err(|e| e.to_string())?;
            url.query_pairs_mut().extend_pairs(&fields);
            let encoded = url.query().unwrap_or_default().as_bytes().to_vec();
            Ok(("application/x-www-form-urlencoded".to_owned(), encoded))
        });
        self.set_body(encoded)
    }

    /// Sets a `multipart/form-data` body from an object: one part per property (as
    /// [`Request::form_body`] spells values), the properties named in `files` as file parts
    /// (`application/octet-stream`, with a file name), nested objects as `application/json`.
    /// A body that would not encode fails the call, as with [`Request::json_body`].
    pub fn multipart_body<T: Serialize + ?Sized>(&mut self, body: &T, files: &[&str]) -> &mut Self {
        let encoded = multipart(body, files);
        self.set_body(encoded)
    }

    /// Sets the body, or records why it could not be encoded (the first reason wins).
    fn set_body(&mut self, encoded: Result<(String, Vec<u8>), String>) -> &mut Self {
        match encoded {
            Ok(body) => self.body = Some(body),
            Err(message) => {
                self.invalid.get_or_insert(message);
            }
        }
        self
    }

    /// Why the request will not be sent: a body given to it would not encode. The call
    /// then fails with [`ErrorKind::InvalidRequest`](super::ErrorKind::InvalidRequest) and
    /// this message, naming the request, before anything is sent.
    pub fn invalid(&self) -> Option<&str> {
        self.invalid.as_deref()
    }

    /// Sets a raw body.
    pub fn raw_body(&mut self, media_type: &str, body: impl Into<Vec<u8>>) -> &mut Self {
        self.body = Some((media_type.to_owned(), body.into()));
        self
    }

    /// Asks for one media type (`Accept: text/csv`) instead of JSON.
    pub fn accept(&mut self, media_type: &'static str) -> &mut Self {
        self.accept = Some(media_type);
        self
    }

    /// Sets query parameter `name` to `value`, replacing what the caller gave for it (the
    /// format parameter that must match the media type a method returns).
    pub fn set_query(&mut self, name: &'static str, value: &str) -> &mut Self {
        self.query.retain(|(n, _)| *n != name);
        self.query.push((name, value.to_owned()));
        self
    }

    /// Says the server may hold the request for `value` units of `millis_per_unit` ms (a
    /// long-poll parameter such as `waitForFinish=60`): no attempt then times out sooner, and
    /// the call's overall budget stretches to fit. A value that is absent or not a number
    /// asks for nothing.
    pub fn server_wait(&mut self, value: &dyn ParamValue, millis_per_unit: u64) -> &mut Self {
        let mut asked = None;
        value.each_param(&mut |text| asked = text.trim().parse::<f64>().ok());
        if let Some(units) = asked.filter(|u| u.is_finite() && *u > 0.0) {
            let wait = Duration::try_from_secs_f64(units * millis_per_unit as f64 / 1000.0)
                .unwrap_or(Duration::MAX);
            self.server_wait = Some(self.server_wait.map_or(wait, |w| w.max(wait)));
        }
        self
    }

    /// The method.
    pub fn method(&self) -> Method {
        self.method
    }

    /// The path built so far.
    pub fn path_str(&self) -> &str {
        &self.path
    }
}

/// A `multipart/form-data` body: its content type (with the boundary) and its bytes.
fn multipart<T: Serialize + ?Sized>(body: &T, files: &[&str]) -> Result<(String, Vec<u8>), String> {
    let value = serde_json::to_value(body)
        .map_err(|e| format!("the request body would not encode: {e}"))?;
    let serde_json::Value::Object(map) = value else {
        return Err("a multipart body must be an object".to_owned());
    };
    let mut parts: Vec<(String, Vec<u8>, &str, bool)> = Vec::new();
    for (name, value) in map {
        let file = files.contains(&name.as_str());
        let items = match value {
            serde_json::Value::Array(items) if file => items,
            other => vec![other],
        };
        for item in items {
            let (bytes, media) = match item {
                serde_json::Value::Null => continue,
                serde_json::Value::String(s) if file => {
                    (s.into_bytes(), "application/octet-stream")
                }
                serde_json::Value::String(s) => (s.into_bytes(), "text/plain; charset=utf-8"),
                value @ (serde_json::Value::Object(_) | serde_json::Value::Array(_)) => {
                    (value.to_string().into_bytes(), "application/json")
                }
                other => (other.to_string().into_bytes(), "text/plain; charset=utf-8"),
            };
            parts.push((name.clone(), bytes, media, file));
        }
    }
    // A boundary that no part contains.
    let mut boundary = String::from("specforge-boundary-7d3f");
    while parts
        .iter()
        .any(|(_, bytes, _, _)| contains(bytes, boundary.as_bytes()))
    {
        boundary.push('x');
    }
    let mut out = Vec::new();
    for (name, bytes, media, file) in &parts {
        let name = name.replace('"', "%22");
        out.extend_from_slice(format!("--{boundary}\r\n").as_bytes());
        let disposition = if *file {
            format!("form-data; name=\"{name}\"; filename=\"{name}\"")
        } else {
            format!("form-data; name=\"{name}\"")
        };
        out.extend_from_slice(
            format!("Content-Disposition: {disposition}\r\nContent-Type: {media}\r\n\r\n")
                .as_bytes(),
        );
        out.extend_from_slice(bytes);
        out.extend_from_slice(b"\r\n");
    }
    out.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    Ok((format!("multipart/form-data; boundary={boundary}"), out))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_body_that_would_not_encode_is_kept_as_the_reason_the_call_fails() {
        let mut request = Request::new(Method::Post);
        request.path("/v2/things");
        request.multipart_body(&[1, 2], &[]);
        assert_eq!(
            request.invalid(),
            Some("a multipart body must be an object")
        );
        assert!(request.body.is_none());
        // The first reason wins: a later body that encodes does not clear it.
        request.json_body("application/json", &[1, 2]);
        assert_eq!(
            request.invalid(),
            Some("a multipart body must be an object")
        );
        // A map with a key JSON cannot write is refused by the JSON encoder.
        let mut request = Request::new(Method::Post);
        let map: std::collections::BTreeMap<(u8, u8), u8> = [((1, 2), 3)].into();
        request.json_body("application/json", &map);
        let invalid = request.invalid().unwrap_or_default();
        assert!(invalid.contains("would not encode as JSON"), "{invalid}");
        request.form_body(&"not an object");
        assert!(request.invalid().unwrap_or_default().contains("JSON"));
        let mut request = Request::new(Method::Post);
        request.form_body(&"not an object");
        assert_eq!(request.invalid(), Some("a form body must be an object"));
        let mut request = Request::new(Method::Post);
        request.form_body(&serde_json::json!({"a": 1, "b": "x y"}));
        assert_eq!(request.invalid(), None);
        let (media, bytes) = request.body.clone().unwrap_or_default();
        assert_eq!(media, "application/x-www-form-urlencoded");
        assert_eq!(bytes, b"a=1&b=x+y");
    }

    #[test]
    fn methods_name_themselves_and_map_to_reqwest() {
        let all = [
            Method::Get,
            Method::Put,
            Method::Post,
            Method::Delete,
            Method::Options,
            Method::Head,
            Method::Patch,
            Method::Trace,
        ];
        for method in all {
            assert_eq!(method.to_string(), method.as_str());
            assert_eq!(method.to_reqwest().as_str(), method.as_str());
        }
        let request = Request::new(Method::Post);
        assert_eq!(request.method(), Method::Post);
    }
}
