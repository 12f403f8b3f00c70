//! `Response` (what the generated glue matches on), `Full` (the whole response a caller can
//! ask for: status, typed and raw headers, body) and reading typed headers.

use bytes::Bytes;
use serde::de::DeserializeOwned;

use super::error::{Error, ErrorContext, ErrorKind};
use crate::decode::DecodeError;
use crate::text::FromText;

/// The raw headers of a response (names are case-insensitive).
pub type HeaderMap = reqwest::header::HeaderMap;

/// How much of a body an error keeps (for `Display` and inspection): 64 KiB. Longer bodies
/// are cut, at a character boundary, with a note of how long they were.
pub const ERROR_BODY_LIMIT: usize = 64 * 1024;

/// A response, after retries, for the generated glue to match on.
#[derive(Debug)]
pub struct Response {
    pub(crate) status: u16,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Bytes,
    pub(crate) context: ErrorContext,
}

/// A whole response: its status, the headers the spec declares (typed, `H`), every header
/// as received (rate-limit headers the spec does not declare, say) and the decoded body.
#[derive(Debug, Clone)]
pub struct Full<T, H = ()> {
    /// The status code.
    pub status: u16,
    /// The headers the spec declares for this response, typed.
    pub headers: H,
    /// Every header as received.
    pub raw_headers: HeaderMap,
    /// The body.
    pub body: T,
}

impl<T, H> Full<T, H> {
    /// The same response with its body changed by `f`.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Full<U, H> {
        Full {
            status: self.status,
            headers: self.headers,
            raw_headers: self.raw_headers,
            body: f(self.body),
        }
    }

    /// A raw header as text, if present and ASCII.
    pub fn raw_header(&self, name: &str) -> Option<&str> {
        self.raw_headers.get(name).and_then(|v| v.to_str().ok())
    }
}

/// Typed response headers, read from the raw ones (generated per response that declares
/// headers; `()` for none).
pub trait FromHeaders: Sized {
    /// Reads the typed headers; a header that is missing (when required) or does not read
    /// as its type is an error naming it.
    fn from_headers(headers: &HeaderMap) -> Result<Self, DecodeError>;
}

impl FromHeaders for () {
    fn from_headers(_: &HeaderMap) -> Result<Self, DecodeError> {
        Ok(())
    }
}

fn header_error(name: &str, message: impl std::fmt::Display) -> DecodeError {
    DecodeError {
        path: String::new(),
        message: format!("header `{name}`: {message}"),
        line: 0,
        column: 0,
    }
}

/// Header `name` read as `T`, if present.
pub fn header<T: FromText>(headers: &HeaderMap, name: &str) -> Result<Option<T>, DecodeError> {
    match headers.get(name) {
        None => Ok(None),
        Some(value) => {
            let text = value
                .to_str()
                .map_err(|_| header_error(name, "the value is not ASCII text"))?;
            T::from_text(text)
                .map(Some)
                .map_err(|why| header_error(name, why))
        }
    }
}

/// Header `name` read as `T`; missing is an error.
pub fn required_header<T: FromText>(headers: &HeaderMap, name: &str) -> Result<T, DecodeError> {
    header(headers, name)?.ok_or_else(|| header_error(name, "missing"))
}

/// `body` as text for an error: lossy UTF-8, at most [`ERROR_BODY_LIMIT`] bytes of it.
pub(crate) fn kept_body(body: &[u8]) -> String {
    if body.len() <= ERROR_BODY_LIMIT {
        return String::from_utf8_lossy(body).into_owned();
    }
    let mut text = String::from_utf8_lossy(&body[..ERROR_BODY_LIMIT]).into_owned();
    // A character cut in two shows as U+FFFD at the end; drop it.
    if text.ends_with('\u{FFFD}') {
        text.pop();
    }
    text.push_str(&format!("… ({} bytes in all)", body.len()));
    text
}

impl Response {
    /// The status code.
    pub fn status(&self) -> u16 {
        self.status
    }

    /// The `Content-Type` header, if any.
    pub fn content_type(&self) -> Option<&str> {
        self.headers
            .get(reqwest::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
    }

    /// Every header as received.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The raw body.
    pub fn bytes(&self) -> &[u8] {
        &self.body
    }

    /// The request, status and attempts, for errors.
    pub fn context(&self) -> &ErrorContext {
        &self.context
    }

    fn kept(&self) -> String {
        kept_body(&self.body)
    }

    /// Decodes the body as JSON into `T`; a failure names the JSON path and keeps the text.
    pub fn json<T: DeserializeOwned, E>(&self) -> Result<T, Error<E>> {
        crate::decode::from_slice(&self.body).map_err(|error| {
            Error::new(
                ErrorKind::Decode {
                    error,
                    body: self.kept(),
                },
                self.context.clone(),
            )
        })
    }

    /// The body as UTF-8 text.
    pub fn text<E>(&self) -> Result<String, Error<E>> {
        std::str::from_utf8(&self.body)
            .map(str::to_owned)
            .map_err(|e| {
                Error::new(
                    ErrorKind::Decode {
                        error: DecodeError {
                            path: String::new(),
                            message: format!("the body is not UTF-8 text: {e}"),
                            line: 0,
                            column: 0,
                        },
                        body: self.kept(),
                    },
                    self.context.clone(),
                )
            })
    }

    /// The body as bytes.
    pub fn into_bytes<E>(self) -> Result<Vec<u8>, Error<E>> {
        Ok(self.body.to_vec())
    }

    /// The whole response with `body` (already decoded) and the typed headers `H`.
    pub fn into_full<T, H: FromHeaders, E>(self, body: T) -> Result<Full<T, H>, Error<E>> {
        let headers = H::from_headers(&self.headers).map_err(|error| {
            Error::new(
                ErrorKind::Decode {
                    error,
                    body: String::new(),
                },
                self.context.clone(),
            )
        })?;
        Ok(Full {
            status: self.status,
            headers,
            raw_headers: self.headers,
            body,
        })
    }

    /// The whole response with its JSON body decoded as `T`.
    pub fn json_full<T: DeserializeOwned, H: FromHeaders, E>(self) -> Result<Full<T, H>, Error<E>> {
        let body = self.json()?;
        self.into_full(body)
    }

    /// The whole response with its body as text.
    pub fn text_full<H: FromHeaders, E>(self) -> Result<Full<String, H>, Error<E>> {
        let body = self.text()?;
        self.into_full(body)
    }

    /// For an operation with one success: the whole response with its JSON body decoded
    /// as `T` when the status is `success` (a code, or a range such as `200..=299`), the
    /// operation's documented error (or an unexpected status) otherwise.
    pub fn json_full_on<T: DeserializeOwned, H: FromHeaders, E: StatusError>(
        self,
        success: impl SuccessStatus,
    ) -> Result<Full<T, H>, Error<E>> {
        if success.matches(self.status) {
            self.json_full()
        } else {
            self.fail()
        }
    }

    /// Like [`Response::json_full_on`], with the body as text.
    pub fn text_full_on<H: FromHeaders, E: StatusError>(
        self,
        success: impl SuccessStatus,
    ) -> Result<Full<String, H>, Error<E>> {
        if success.matches(self.status) {
            self.text_full()
        } else {
            self.fail()
        }
    }

    /// Like [`Response::json_full_on`], for a success without a body.
    pub fn empty_full_on<H: FromHeaders, E: StatusError>(
        self,
        success: impl SuccessStatus,
    ) -> Result<Full<(), H>, Error<E>> {
        if success.matches(self.status) {
            self.into_full(())
        } else {
            self.fail()
        }
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
            ErrorKind::UnexpectedStatus { body: self.kept() },
            self.context.clone(),
        )
    }

    /// The error a status that is not a success is: a documented one with its body, as the
    /// operation's error enum `E` reads it, or [`ErrorKind::UnexpectedStatus`].
    pub fn fail<R, E: StatusError>(&self) -> Result<R, Error<E>> {
        E::from_response(self)
    }
}

/// The statuses of an operation's one success: a code (`201`) or a range (`200..=299`).
pub trait SuccessStatus {
    /// Whether `status` is one of them.
    fn matches(&self, status: u16) -> bool;
}

impl SuccessStatus for u16 {
    fn matches(&self, status: u16) -> bool {
        *self == status
    }
}

impl SuccessStatus for std::ops::RangeInclusive<u16> {
    fn matches(&self, status: u16) -> bool {
        self.contains(&status)
    }
}

/// An operation's error enum (generated): reads a response whose status is not a success.
/// Operations that document the same errors share one enum, and so this reading too.
pub trait StatusError: Sized {
    /// The documented error `response`'s status names, with its body decoded, or
    /// [`ErrorKind::UnexpectedStatus`] for a status the enum does not cover.
    fn from_response<R>(response: &Response) -> Result<R, Error<Self>>;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_typed_headers_case_insensitively() {
        let mut headers = HeaderMap::new();
        headers.insert("x-total", "12".parse().unwrap());
        headers.insert("x-bad", "twelve".parse().unwrap());
        assert_eq!(header::<i64>(&headers, "X-Total"), Ok(Some(12)));
        assert_eq!(header::<i64>(&headers, "X-Missing"), Ok(None));
        let e = header::<i64>(&headers, "X-Bad").unwrap_err();
        assert_eq!(e.message, "header `X-Bad`: `twelve` is not an integer");
        let e = required_header::<String>(&headers, "X-Missing").unwrap_err();
        assert_eq!(e.message, "header `X-Missing`: missing");
    }

    /// The error enum of an operation documenting only `409`.
    #[derive(Debug, PartialEq)]
    struct Conflict;

    impl StatusError for Conflict {
        fn from_response<R>(response: &Response) -> Result<R, Error<Self>> {
            match response.status() {
                409 => Err(response.documented(Conflict)),
                _ => Err(response.unexpected()),
            }
        }
    }

    fn response(status: u16, body: &'static str) -> Response {
        Response {
            status,
            headers: HeaderMap::new(),
            body: Bytes::from_static(body.as_bytes()),
            context: ErrorContext::new("GET", "/x"),
        }
    }

    #[test]
    fn one_success_is_read_and_any_other_status_left_to_the_error_enum() {
        let full: Result<Full<Vec<u8>>, Error<Conflict>> = response(201, "[1,2]").json_full_on(201);
        let full = full.unwrap();
        assert_eq!((full.status, full.body), (201, vec![1, 2]));
        let error = response(200, "[1]")
            .json_full_on::<Vec<u8>, (), Conflict>(201)
            .unwrap_err();
        assert!(matches!(error.kind(), ErrorKind::UnexpectedStatus { .. }));
        let error = response(409, "")
            .empty_full_on::<(), Conflict>(204)
            .unwrap_err();
        assert!(matches!(error.kind(), ErrorKind::Status(Conflict)));
        let text: Result<Full<String>, Error<Conflict>> = response(200, "hi").text_full_on(200);
        let text = text.unwrap();
        assert_eq!(text.body, "hi");
        // A range: any 2xx, nothing else.
        let any: Result<Full<()>, Error<Conflict>> = response(204, "").empty_full_on(200..=299);
        let any = any.unwrap();
        assert_eq!(any.status, 204);
        assert!(response(300, "")
            .empty_full_on::<(), Conflict>(200..=299)
            .is_err());
    }

    #[test]
    fn errors_keep_at_most_the_limit() {
        let body = "é".repeat(ERROR_BODY_LIMIT);
        let kept = kept_body(body.as_bytes());
        assert!(kept.len() < ERROR_BODY_LIMIT + 64, "{}", kept.len());
        assert!(kept.ends_with(&format!("({} bytes in all)", body.len())));
        assert_eq!(kept_body(b"short"), "short");
    }
}
