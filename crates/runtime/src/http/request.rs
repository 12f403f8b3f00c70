//! `Request` (what generated code fills in) and `Response` (what it matches on).

use bytes::Bytes;
use serde::de::DeserializeOwned;
use serde::Serialize;

use super::error::{Error, ErrorContext, ErrorKind};

/// A value that can go in a path segment, a query string or a header.
pub trait ParamValue {
    /// The value as text (before percent-encoding).
    fn to_param(&self) -> String;
}

macro_rules! display_param {
    ($($t:ty),*) => {$(
        impl ParamValue for $t {
            fn to_param(&self) -> String {
                self.to_string()
            }
        }
    )*};
}

display_param!(str, String, bool, i8, i16, i32, i64, u8, u16, u32, u64, f32, f64);
display_param!(
    crate::DateTime,
    crate::Date,
    crate::Email,
    crate::Uri,
    crate::Uuid
);

impl<T: ParamValue + ?Sized> ParamValue for &T {
    fn to_param(&self) -> String {
        (**self).to_param()
    }
}

impl ParamValue for crate::Secret<String> {
    fn to_param(&self) -> String {
        self.expose().clone()
    }
}

impl ParamValue for serde_json::Value {
    fn to_param(&self) -> String {
        match self {
            serde_json::Value::String(s) => s.clone(),
            other => other.to_string(),
        }
    }
}

/// One HTTP request, as the generated glue describes it.
#[derive(Debug, Clone)]
pub struct Request {
    pub(crate) method: &'static str,
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
    /// A request with no path yet.
    pub fn new(method: &'static str) -> Self {
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
    /// which resource is addressed).
    pub fn path_param(&mut self, value: &dyn ParamValue) -> &mut Self {
        push_segment(&mut self.path, &value.to_param());
        self
    }

    /// Adds `name=value` to the query string.
    pub fn query(&mut self, name: &'static str, value: &dyn ParamValue) -> &mut Self {
        self.query.push((name, value.to_param()));
        self
    }

    /// Adds `name=value` once per item (`style: form, explode: true`, the OpenAPI default).
    pub fn query_each<T: ParamValue>(&mut self, name: &'static str, values: &[T]) -> &mut Self {
        for value in values {
            self.query.push((name, value.to_param()));
        }
        self
    }

    /// Sets a header.
    pub fn header(&mut self, name: &'static str, value: &dyn ParamValue) -> &mut Self {
        self.headers.push((name, value.to_param()));
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
    pub fn method(&self) -> &'static str {
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

/// At most 2 KiB of a body, for error messages.
pub(crate) fn preview(body: &str) -> &str {
    let mut end = body.len().min(2048);
    while !body.is_char_boundary(end) {
        end -= 1;
    }
    &body[..end]
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
