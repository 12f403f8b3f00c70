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
        }
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

    /// Sets a JSON body.
    pub fn json_body<T: Serialize + ?Sized>(
        &mut self,
        media_type: &str,
        body: &T,
    ) -> Result<&mut Self, String> {
        let bytes = serde_json::to_vec(body)
            .map_err(|e| format!("the request body would not encode as JSON: {e}"))?;
        self.body = Some((media_type.to_owned(), bytes));
        Ok(self)
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

#[cfg(test)]
mod tests {
    use super::*;

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
