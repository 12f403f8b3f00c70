//! `Request` (what generated code fills in) and `Response` (what it matches on).

use bytes::Bytes;
use serde::de::DeserializeOwned;
use serde::Serialize;

use super::error::{Error, ErrorContext, ErrorKind};
use crate::param::ParamValue;

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

    /// The method.
    pub fn method(&self) -> Method {
        self.method
    }

    /// The path built so far.
    pub fn path_str(&self) -> &str {
        &self.path
    }
}

/// A response, after retries, for the generated glue to match on.
#[derive(Debug)]
pub struct Response {
    pub(crate) status: u16,
    pub(crate) content_type: Option<String>,
    pub(crate) body: Bytes,
    pub(crate) context: ErrorContext,
}

impl Response {
    /// The status code.
    pub fn status(&self) -> u16 {
        self.status
    }

    /// The `Content-Type` header, if any.
    pub fn content_type(&self) -> Option<&str> {
        self.content_type.as_deref()
    }

    /// The raw body.
    pub fn bytes(&self) -> &[u8] {
        &self.body
    }

    /// The request, status and attempts, for errors.
    pub fn context(&self) -> &ErrorContext {
        &self.context
    }

    fn lossy(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// Decodes the body as JSON into `T`; a failure names the JSON path and keeps the text.
    pub fn json<T: DeserializeOwned, E>(&self) -> Result<T, Error<E>> {
        crate::decode::from_slice(&self.body).map_err(|error| {
            Error::new(
                ErrorKind::Decode {
                    error,
                    body: self.lossy(),
                },
                self.context.clone(),
            )
        })
    }

    /// The body as UTF-8 text.
    pub fn text<E>(&self) -> Result<String, Error<E>> {
        String::from_utf8(self.body.to_vec()).map_err(|e| {
            Error::new(
                ErrorKind::Decode {
                    error: crate::DecodeError {
                        path: String::new(),
                        message: format!("the body is not UTF-8 text: {e}"),
                        line: 0,
                        column: 0,
                    },
                    body: self.lossy(),
                },
                self.context.clone(),
            )
        })
    }

    /// The body as bytes.
    pub fn into_bytes<E>(self) -> Result<Vec<u8>, Error<E>> {
        Ok(self.body.to_vec())
    }

    /// A documented error status whose JSON body decodes as `T`, wrapped by `variant`.
    pub fn error<T: DeserializeOwned, E, R>(
        &self,
        variant: impl FnOnce(T) -> E,
    ) -> Result<R, Error<E>> {
        let body = self.json::<T, E>()?;
        Err(self.documented(variant(body)))
    }

    /// Like [`Response::error`] for a status range or `default`: `variant` also gets the status.
    pub fn error_with_status<T: DeserializeOwned, E, R>(
        &self,
        variant: impl FnOnce(u16, T) -> E,
    ) -> Result<R, Error<E>> {
        let body = self.json::<T, E>()?;
        Err(self.documented(variant(self.status, body)))
    }

    /// A documented error status with its decoded body.
    pub fn documented<E>(&self, error: E) -> Error<E> {
        Error::new(ErrorKind::Status(error), self.context.clone())
    }

    /// A status the operation does not document.
    pub fn unexpected<E>(&self) -> Error<E> {
        Error::new(
            ErrorKind::UnexpectedStatus { body: self.lossy() },
            self.context.clone(),
        )
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
