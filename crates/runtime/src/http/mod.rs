//! The HTTP side of a generated client: building requests, sending them with retries, and
//! the error type every operation returns.
//!
//! Generated code builds a [`Request`] per call, hands it to [`HttpClient::execute`], and
//! matches the [`Response`] status against the statuses the spec documents.

mod deadline;
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
    header, required_header, FromHeaders, Full, HeaderMap, Response, StatusError, SuccessStatus,
    ERROR_BODY_LIMIT,
};
pub use retry::RetryPolicy;
pub use stream::{ByteStream, JsonLines, Streaming};
pub use transport::{BuildError, ClientBuilder, Config, HttpClient};

/// What every operation returns: its success value, or an [`Error`] whose documented
/// statuses are `E`.
pub type ApiResult<T, E> = Result<T, Error<E>>;

/// The future every method of a generated API trait returns: boxed, so the trait is
/// `dyn`-compatible (`Box<dyn MyApi>`, `Arc<dyn MyApi>`) and an implementation writes
/// `Box::pin(async move { ... })`.
pub type BoxFuture<'a, T> = std::pin::Pin<Box<dyn std::future::Future<Output = T> + Send + 'a>>;

/// What a trait method's default body returns: an [`ErrorKind::NotImplemented`] error.
pub fn not_implemented<T: Send + 'static, E: Send + 'static>(
    method: &'static str,
    path: &'static str,
) -> BoxFuture<'static, ApiResult<T, E>> {
    Box::pin(std::future::ready(Err(Error::new(
        ErrorKind::NotImplemented,
        ErrorContext::new(method, path),
    ))))
}

/// The body of a whole response, once it arrives: a plain method's default body, on its
/// whole-response method (one function for every operation, so the generated crate has no
/// future of its own for it).
pub fn body_of<'a, T: Send + 'a, H: Send + 'a, E: Send + 'a>(
    full: BoxFuture<'a, ApiResult<Full<T, H>, E>>,
) -> BoxFuture<'a, ApiResult<T, E>> {
    Box::pin(BodyOf(full))
}

/// [`body_of`]'s future: a poll that maps the inner one's output. Written by hand rather
/// than as an `async` block, whose state machine moves the (often large) body through two
/// more temporaries on its way out.
struct BodyOf<'a, T, H, E>(BoxFuture<'a, ApiResult<Full<T, H>, E>>);

impl<T, H, E> std::future::Future for BodyOf<'_, T, H, E> {
    type Output = ApiResult<T, E>;

    fn poll(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Self::Output> {
        match self.0.as_mut().poll(cx) {
            std::task::Poll::Ready(Ok(full)) => std::task::Poll::Ready(Ok(full.body)),
            std::task::Poll::Ready(Err(error)) => std::task::Poll::Ready(Err(error)),
            std::task::Poll::Pending => std::task::Poll::Pending,
        }
    }
}
