//! `Error<E>`: what an operation returns when it does not succeed.

use std::fmt;

use crate::decode::DecodeError;

/// Where an error happened: the request and how far it got.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ErrorContext {
    /// HTTP method, e.g. `GET`.
    pub method: &'static str,
    /// The request path with its parameters filled in (no query string).
    pub path: String,
    /// The last response status, if a response arrived.
    pub status: Option<u16>,
    /// How many attempts were made (1 when the first attempt was final).
    pub attempts: u32,
}

impl ErrorContext {
    /// A context for `method path`, before any attempt.
    pub fn new(method: &'static str, path: impl Into<String>) -> Self {
        ErrorContext {
            method,
            path: path.into(),
            status: None,
            attempts: 0,
        }
    }

    /// The same context with a response status (for fakes that build errors by hand).
    pub fn with_status(mut self, status: u16) -> Self {
        self.status = Some(status);
        self
    }

    /// The same context with an attempt count.
    pub fn with_attempts(mut self, attempts: u32) -> Self {
        self.attempts = attempts;
        self
    }
}

/// What went wrong.
///
/// `Debug` shows raw bodies by length only: a body may hold secrets (a proxy password, say)
/// that the typed models would have redacted. `Display` of an unexpected status shows the
/// first 2 KiB of its body, to help debugging.
#[non_exhaustive]
pub enum ErrorKind<E> {
    /// A status the spec documents for this operation, with its decoded body.
    Status(E),
    /// A status the spec does not document, with the raw body.
    UnexpectedStatus {
        /// The response body as text (lossy UTF-8).
        body: String,
    },
    /// The overall time budget ran out (or the last attempt timed out).
    Timeout,
    /// The request could not be sent or the response could not be read.
    Transport(Box<dyn std::error::Error + Send + Sync>),
    /// The response body did not decode into the documented type.
    Decode {
        /// Where and why decoding failed.
        error: DecodeError,
        /// The raw body, as text (lossy UTF-8).
        body: String,
    },
    /// The request could not be built from the arguments (e.g. a body that would not encode).
    InvalidRequest(String),
    /// The response body is larger than the configured limit (`max_body_size`); nothing of
    /// it is kept.
    BodyTooLarge {
        /// The limit in bytes.
        limit: usize,
    },
    /// The implementation of the API trait does not implement this operation (the trait's
    /// default body, for fakes that implement only what they need).
    NotImplemented,
}

impl<E: fmt::Debug> fmt::Debug for ErrorKind<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let body = |body: &String| format!("<{} bytes>", body.len());
        match self {
            ErrorKind::Status(e) => f.debug_tuple("Status").field(e).finish(),
            ErrorKind::UnexpectedStatus { body: b } => f
                .debug_struct("UnexpectedStatus")
                .field("body", &format_args!("{}", body(b)))
                .finish(),
            ErrorKind::Timeout => f.write_str("Timeout"),
            ErrorKind::Transport(e) => f.debug_tuple("Transport").field(e).finish(),
            ErrorKind::Decode { error, body: b } => f
                .debug_struct("Decode")
                .field("error", error)
                .field("body", &format_args!("{}", body(b)))
                .finish(),
            ErrorKind::InvalidRequest(message) => {
                f.debug_tuple("InvalidRequest").field(message).finish()
            }
            ErrorKind::BodyTooLarge { limit } => f
                .debug_struct("BodyTooLarge")
                .field("limit", limit)
                .finish(),
            ErrorKind::NotImplemented => f.write_str("NotImplemented"),
        }
    }
}

/// The error of an operation whose documented error statuses are `E`.
///
/// `Debug` and `Display` never include the API token: it is only ever in the
/// `Authorization` header of the outgoing request.
///
/// It is one pointer wide, so `Result<T, Error<E>>` stays small on the success path.
#[derive(Debug)]
pub struct Error<E> {
    inner: Box<Inner<E>>,
}

#[derive(Debug)]
struct Inner<E> {
    kind: ErrorKind<E>,
    context: ErrorContext,
}

impl<E> Error<E> {
    /// An error of `kind` for the request described by `context`.
    pub fn new(kind: ErrorKind<E>, context: ErrorContext) -> Self {
        Error {
            inner: Box::new(Inner { kind, context }),
        }
    }

    /// What went wrong.
    pub fn kind(&self) -> &ErrorKind<E> {
        &self.inner.kind
    }

    /// What went wrong, owned.
    pub fn into_kind(self) -> ErrorKind<E> {
        self.inner.kind
    }

    /// The request and how far it got.
    pub fn context(&self) -> &ErrorContext {
        &self.inner.context
    }

    /// The documented error, if the response had a documented status.
    pub fn documented(&self) -> Option<&E> {
        match &self.inner.kind {
            ErrorKind::Status(e) => Some(e),
            _ => None,
        }
    }

    /// The last response status, if any response arrived.
    pub fn status(&self) -> Option<u16> {
        self.inner.context.status
    }

    /// How many attempts were made.
    pub fn attempts(&self) -> u32 {
        self.inner.context.attempts
    }

    /// Whether the time budget ran out.
    pub fn is_timeout(&self) -> bool {
        matches!(self.inner.kind, ErrorKind::Timeout)
    }

    /// Re-types an error that carries no documented status (used before a response is
    /// matched against an operation's statuses).
    pub fn map_status<F>(self, f: impl FnOnce(E) -> F) -> Error<F> {
        let Inner { kind, context } = *self.inner;
        let kind = match kind {
            ErrorKind::Status(e) => ErrorKind::Status(f(e)),
            ErrorKind::UnexpectedStatus { body } => ErrorKind::UnexpectedStatus { body },
            ErrorKind::Timeout => ErrorKind::Timeout,
            ErrorKind::Transport(e) => ErrorKind::Transport(e),
            ErrorKind::Decode { error, body } => ErrorKind::Decode { error, body },
            ErrorKind::InvalidRequest(message) => ErrorKind::InvalidRequest(message),
            ErrorKind::BodyTooLarge { limit } => ErrorKind::BodyTooLarge { limit },
            ErrorKind::NotImplemented => ErrorKind::NotImplemented,
        };
        Error::new(kind, context)
    }
}

impl Error<std::convert::Infallible> {
    /// The error of a call that failed before its response was matched against the
    /// operation's statuses (so with no documented status), as that operation's error.
    pub(crate) fn widen<E>(self) -> Error<E> {
        self.map_status(|never| match never {})
    }
}

/// `Display` is one plain line: the request, the status and attempts, then what went wrong
/// (a documented error by its status, `type` and `message`; a transport error with every
/// cause, so "connection refused" or a DNS failure shows).
impl<E: fmt::Display> fmt::Display for Error<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let c = &self.inner.context;
        write!(f, "{} {}", c.method, c.path)?;
        if let Some(status) = c.status {
            write!(f, " (status {status}")?;
        } else {
            write!(f, " (no response")?;
        }
        write!(
            f,
            ", {} attempt{}): ",
            c.attempts,
            if c.attempts == 1 { "" } else { "s" }
        )?;
        match &self.inner.kind {
            ErrorKind::Status(e) => write!(f, "{e}"),
            ErrorKind::UnexpectedStatus { body } => {
                write!(f, "undocumented status; body: {}", preview(body))
            }
            ErrorKind::Timeout => write!(f, "timed out"),
            ErrorKind::Transport(e) => {
                write!(f, "transport error: {e}")?;
                let mut cause = std::error::Error::source(&**e);
                while let Some(c) = cause {
                    write!(f, ": {c}")?;
                    cause = c.source();
                }
                Ok(())
            }
            ErrorKind::Decode { error, .. } => write!(f, "response body did not decode: {error}"),
            ErrorKind::InvalidRequest(message) => write!(f, "invalid request: {message}"),
            ErrorKind::BodyTooLarge { limit } => write!(
                f,
                "the response body is larger than the {limit}-byte limit (raise `max_body_size` to accept it)"
            ),
            ErrorKind::NotImplemented => write!(
                f,
                "this implementation of the API trait does not implement the operation"
            ),
        }
    }
}

/// [`describe_status`] of a status with a body (the arm generated `Display` impls write).
pub fn status_body<T: serde::Serialize + ?Sized>(
    f: &mut fmt::Formatter<'_>,
    status: u16,
    label: &str,
    body: &T,
) -> fmt::Result {
    describe_status(f, status, label, Some(body))
}

/// [`describe_status`] of a status without a body worth describing.
pub fn status_only(f: &mut fmt::Formatter<'_>, status: u16, label: &str) -> fmt::Result {
    describe_status(f, status, label, None::<&()>)
}

/// Writes a documented error status in one line: `401 Unauthorized: invalid-token: The
/// token is not valid.` The `type` and `message` are looked for at the top of a JSON body
/// and under its `error` (as most APIs write errors); a text body shows its first 200
/// characters. Generated error enums call it from their `Display`.
pub fn describe_status<T: serde::Serialize + ?Sized>(
    f: &mut fmt::Formatter<'_>,
    status: u16,
    label: &str,
    body: Option<&T>,
) -> fmt::Result {
    write!(f, "{status}")?;
    if !label.is_empty() {
        write!(f, " {label}")?;
    }
    let Some(value) = body.and_then(|b| serde_json::to_value(b).ok()) else {
        return Ok(());
    };
    let text = |v: Option<&serde_json::Value>| v.and_then(|v| v.as_str()).map(str::to_owned);
    let (kind, message) = match &value {
        serde_json::Value::String(s) => (None, Some(s.clone())),
        serde_json::Value::Object(map) => {
            let inner = map.get("error");
            let kind = text(map.get("type")).or_else(|| text(inner.and_then(|e| e.get("type"))));
            let message = text(map.get("message"))
                .or_else(|| text(inner.and_then(|e| e.get("message"))))
                .or_else(|| text(inner));
            (kind, message)
        }
        _ => (None, None),
    };
    if let Some(kind) = kind {
        write!(f, ": {}", crate::text::prefix(&kind))?;
    }
    if let Some(message) = message {
        let mut end = message.len();
        if let Some((cut, _)) = message.char_indices().nth(200) {
            end = cut;
        }
        write!(f, ": {}", message[..end].trim())?;
        if end < message.len() {
            f.write_str("…")?;
        }
    }
    Ok(())
}

/// At most 2 KiB of a body, for error messages (cut at a character boundary).
fn preview(body: &str) -> &str {
    let mut end = body.len().min(2048);
    while !body.is_char_boundary(end) {
        end -= 1;
    }
    &body[..end]
}

impl<E: fmt::Debug + fmt::Display> std::error::Error for Error<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &self.inner.kind {
            ErrorKind::Transport(e) => Some(&**e),
            ErrorKind::Decode { error, .. } => Some(error),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn preview_cuts_at_a_character_boundary() {
        assert_eq!(preview("short"), "short");
        // 2047 ASCII bytes then a 2-byte character straddling the 2 KiB mark.
        let body = format!("{}é", "a".repeat(2047));
        assert_eq!(preview(&body).len(), 2047);
    }
}
