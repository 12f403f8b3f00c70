//! The HTTP side of a generated client: building requests, sending them with retries, and
//! the error type every operation returns.
//!
//! Generated code builds a [`Request`] per call, hands it to [`HttpClient::execute`], and
//! matches the [`Response`] status against the statuses the spec documents.

mod error;
mod request;
mod retry;
mod transport;

pub use crate::param::ParamValue;
pub use error::{Error, ErrorContext, ErrorKind};
pub use request::{Method, Request, Response};
pub use retry::RetryPolicy;
pub use transport::{BuildError, ClientBuilder, Config, HttpClient};

/// What every operation returns: its success value, or an [`Error`] whose documented
/// statuses are `E`.
pub type ApiResult<T, E> = Result<T, Error<E>>;

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
