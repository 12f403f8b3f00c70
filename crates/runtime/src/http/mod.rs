//! The HTTP side of a generated client: building requests, sending them with retries, and
//! the error type every operation returns.
//!
//! Generated code builds a [`Request`] per call, hands it to [`HttpClient::execute`], and
//! matches the [`Response`] status against the statuses the spec documents.

mod error;
mod options;
mod pages;
mod request;
mod response;
mod retry;
mod stream;
mod transport;

pub use crate::param::ParamValue;
pub use error::{describe_status, status_body, status_only, Error, ErrorContext, ErrorKind};
pub use options::CallOptions;
pub use pages::{link_next, FetchPage, Page, PageFact, PageInput, Pages};
pub use request::{Method, Request};
pub use response::{
    header, required_header, FromHeaders, Full, HeaderMap, Response, ERROR_BODY_LIMIT,
};
pub use retry::RetryPolicy;
pub use stream::{ByteStream, JsonLines, Streaming};
pub use transport::{BuildError, ClientBuilder, Config, HttpClient};

/// What every operation returns: its success value, or an [`Error`] whose documented
/// statuses are `E`.
pub type ApiResult<T, E> = Result<T, Error<E>>;

/// A boxed future, for the `dyn`-compatible companion of a generated API trait.
pub type BoxFuture<'a, T> = std::pin::Pin<Box<dyn std::future::Future<Output = T> + Send + 'a>>;

/// The future a trait method's default body returns: an [`ErrorKind::NotImplemented`] error.
pub fn not_implemented<T, E>(
    method: &'static str,
    path: &'static str,
) -> std::future::Ready<ApiResult<T, E>> {
    std::future::ready(Err(Error::new(
        ErrorKind::NotImplemented,
        ErrorContext::new(method, path),
    )))
}
