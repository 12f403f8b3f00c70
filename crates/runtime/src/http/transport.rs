//! `HttpClient`: sends a [`Request`] with the bearer token, per-attempt timeouts and retries.

use std::convert::Infallible;
use std::future::Future;
use std::marker::PhantomData;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use reqwest::header::{
    HeaderMap, HeaderName, HeaderValue, ACCEPT, AUTHORIZATION, CONTENT_TYPE, RETRY_AFTER,
    USER_AGENT,
};

use super::deadline;
use super::error::{Error, ErrorContext, ErrorKind};
use super::options::CallOptions;
use super::request::Request;
use super::response::Response;
use super::retry::{parse_retry_after, RetryPolicy};
use super::stream::Streaming;
use super::{ApiResult, BoxFuture};
use crate::Secret;

/// Everything a client is configured with. `Debug` shows the token as `Secret(***)`.
#[derive(Debug, Clone)]
pub struct Config {
    /// Scheme, host and optional path prefix that operation paths are appended to.
    pub base_url: String,
    /// The bearer token sent as `Authorization: Bearer <token>`.
    pub token: Option<Secret<String>>,
    /// The `User-Agent` header.
    pub user_agent: String,
    /// The budget for a whole call, retries and waits included. Default 360 s, as Apify's
    /// clients use: long enough for slow endpoints and several retries.
    pub timeout: Duration,
    /// The timeout of the first attempt; each retry doubles it, up to what is left of
    /// `timeout`. Default 30 s: a stalled connection is abandoned quickly and retried.
    pub attempt_timeout: Duration,
    /// When and how long to wait between attempts.
    pub retry: RetryPolicy,
    /// The largest response body accepted, in bytes; a larger one is a
    /// [`ErrorKind::BodyTooLarge`] error and nothing of it is kept. Default 256 MiB.
    pub max_body_size: usize,
}

/// The default [`Config::max_body_size`]: 256 MiB.
pub const DEFAULT_MAX_BODY_SIZE: usize = 256 << 20;

/// Extra time an attempt gets beyond a server-side wait the call asks for: the server
/// answers after the wait, and the answer has to travel.
const SERVER_WAIT_MARGIN: Duration = Duration::from_secs(15);

/// Why a client could not be built.
#[derive(Debug)]
#[non_exhaustive]
pub enum BuildError {
    /// The base URL is not an absolute `http(s)` URL.
    InvalidBaseUrl(String),
    /// `from_env` found no token in the named variable.
    MissingToken {
        /// The environment variable that was read.
        var: String,
    },
    /// The token cannot be sent in a header (it has control characters or non-ASCII).
    InvalidToken,
    /// The user agent cannot be sent in a header.
    InvalidUserAgent(String),
    /// reqwest could not build its client.
    Http(reqwest::Error),
    /// The base URL is `https`, and this build has no TLS (the runtime's `tls` feature,
    /// which generated crates turn on by default, is off).
    HttpsWithoutTls(String),
}

impl std::fmt::Display for BuildError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            BuildError::InvalidBaseUrl(url) => {
                write!(f, "base URL `{url}` is not an absolute http(s) URL")
            }
            BuildError::MissingToken { var } => {
                write!(f, "no API token: set the {var} environment variable")
            }
            BuildError::InvalidToken => write!(
                f,
                "the API token contains characters that cannot be sent in an HTTP header"
            ),
            BuildError::InvalidUserAgent(agent) => {
                write!(f, "user agent {agent:?} cannot be sent in an HTTP header")
            }
            BuildError::Http(e) => write!(f, "cannot build the HTTP client: {e}"),
            BuildError::HttpsWithoutTls(url) => write!(
                f,
                "base URL `{url}` is https, but this build has no TLS: turn on the `tls` \
                 feature of the generated crate (on by default) or of specforge-runtime"
            ),
        }
    }
}

impl std::error::Error for BuildError {}

/// Builds a client of type `C` (the generated `Client`, or [`HttpClient`] itself).
#[derive(Debug)]
pub struct ClientBuilder<C = HttpClient> {
    config: Config,
    http: Option<reqwest::Client>,
    error: Option<BuildError>,
    _client: PhantomData<fn() -> C>,
}

impl<C: From<HttpClient>> ClientBuilder<C> {
    /// A builder with the documented defaults and `base_url` (usually the spec's first server).
    pub fn new(base_url: impl Into<String>) -> Self {
        ClientBuilder {
            config: Config {
                base_url: base_url.into(),
                token: None,
                user_agent: concat!("specforge-runtime/", env!("CARGO_PKG_VERSION")).to_owned(),
                timeout: Duration::from_secs(360),
                attempt_timeout: Duration::from_secs(30),
                retry: RetryPolicy::default(),
                max_body_size: DEFAULT_MAX_BODY_SIZE,
            },
            http: None,
            error: None,
            _client: PhantomData,
        }
    }

    /// Sends requests to `url` instead (e.g. a local test server).
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.config.base_url = url.into();
        self
    }

    /// The API token, sent as `Authorization: Bearer <token>` and nowhere else.
    pub fn token(mut self, token: impl Into<String>) -> Self {
        self.config.token = Some(Secret::new(token.into()));
        self
    }

    /// The token from environment variable `var`; `build()` fails if it is unset or empty.
    pub fn token_from_env(mut self, var: &str) -> Self {
        match std::env::var(var) {
            Ok(token) if !token.trim().is_empty() => {
                self.config.token = Some(Secret::new(token.trim().to_owned()))
            }
            _ => {
                self.error = Some(BuildError::MissingToken {
                    var: var.to_owned(),
                })
            }
        }
        self
    }

    /// The `User-Agent` header.
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.config.user_agent = user_agent.into();
        self
    }

    /// The budget for a whole call, retries included.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.config.timeout = timeout;
        self
    }

    /// The first attempt's timeout (doubling per retry, capped by the overall budget).
    pub fn attempt_timeout(mut self, timeout: Duration) -> Self {
        self.config.attempt_timeout = timeout;
        self
    }

    /// Retries after the first attempt; 0 disables retrying.
    pub fn max_retries(mut self, retries: u32) -> Self {
        self.config.retry.max_retries = retries;
        self
    }

    /// The wait before the first retry (later ones double).
    pub fn min_retry_delay(mut self, delay: Duration) -> Self {
        self.config.retry.min_delay = delay;
        self
    }

    /// The longest single wait between attempts.
    pub fn max_retry_delay(mut self, delay: Duration) -> Self {
        self.config.retry.max_delay = delay;
        self
    }

    /// The largest response body accepted, in bytes (default 256 MiB).
    pub fn max_body_size(mut self, bytes: usize) -> Self {
        self.config.max_body_size = bytes;
        self
    }

    /// Uses a caller-configured `reqwest::Client` (proxies, TLS roots, connection pools).
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http = Some(client);
        self
    }

    /// Builds the client.
    pub fn build(self) -> Result<C, BuildError> {
        if let Some(error) = self.error {
            return Err(error);
        }
        let base = self.config.base_url.trim_end_matches('/').to_owned();
        match reqwest::Url::parse(&base) {
            // A client brought along (`http_client`) has whatever TLS its maker gave it.
            Ok(url) if url.scheme() == "https" && !cfg!(feature = "tls") && self.http.is_none() => {
                return Err(BuildError::HttpsWithoutTls(self.config.base_url))
            }
            Ok(url) if matches!(url.scheme(), "http" | "https") && url.query().is_none() => {}
            _ => return Err(BuildError::InvalidBaseUrl(self.config.base_url)),
        }
        // The headers every request sends, made once: a call copies them (one allocation)
        // instead of building its own.
        let mut headers = HeaderMap::new();
        let user_agent = HeaderValue::from_str(&self.config.user_agent)
            .map_err(|_| BuildError::InvalidUserAgent(self.config.user_agent.clone()))?;
        headers.insert(USER_AGENT, user_agent);
        headers.insert(ACCEPT, HeaderValue::from_static(DEFAULT_ACCEPT));
        if let Some(token) = &self.config.token {
            let mut value = HeaderValue::from_str(&format!("Bearer {}", token.expose()))
                .map_err(|_| BuildError::InvalidToken)?;
            value.set_sensitive(true);
            headers.insert(AUTHORIZATION, value);
        }
        let http = match self.http {
            Some(http) => http,
            None => reqwest::Client::builder()
                .build()
                .map_err(BuildError::Http)?,
        };
        let mut config = self.config;
        config.base_url = base;
        Ok(C::from(HttpClient {
            inner: Arc::new(Inner {
                http,
                config,
                headers,
            }),
            options: Arc::new(CallOptions::default()),
        }))
    }
}

#[derive(Debug)]
struct Inner {
    http: reqwest::Client,
    config: Config,
    /// `User-Agent`, the default `Accept` and `Authorization` (marked sensitive, so `Debug`
    /// does not show it).
    headers: HeaderMap,
}

/// The transport the generated `Client` wraps. Cheap to clone (two `Arc`s).
#[derive(Debug, Clone)]
pub struct HttpClient {
    inner: Arc<Inner>,
    /// Overrides for the calls made through this view ([`HttpClient::with_options`]).
    options: Arc<CallOptions>,
}

/// The `Accept` header of a call that does not ask for one media type.
const DEFAULT_ACCEPT: &str = "application/json, */*;q=0.5";

/// A header's name and value as sent, or `None` when either cannot be.
fn header_pair(name: &str, value: &str) -> Option<(HeaderName, HeaderValue)> {
    Some((
        HeaderName::from_bytes(name.as_bytes()).ok()?,
        HeaderValue::from_str(value).ok()?,
    ))
}

/// A media type as an `Accept` or `Content-Type` value, or why it cannot be sent.
fn media_header(media: &str) -> Result<HeaderValue, String> {
    HeaderValue::from_str(media).map_err(|_| format!("media type `{media}` cannot be sent"))
}

/// What [`HttpClient::send`] hands back: a response read whole, or one to stream.
enum Sent {
    Read(Response),
    Streaming(Streaming),
}

/// [`HttpClient::call`]'s future: the attempt loop, then (if the loop handed over an unread
/// body) the read of that body, then `read`. Written by hand: an `async` block here would be
/// a state machine per operation in every generated crate.
struct Call<'a, S, T, E> {
    sending: Pin<Box<S>>,
    reading: Option<BoxFuture<'a, Result<Response, Error<Infallible>>>>,
    read: fn(Response) -> ApiResult<T, E>,
}

impl<'a, S, T, E> Future for Call<'a, S, T, E>
where
    S: Future<Output = Result<Sent, Error<Infallible>>>,
{
    type Output = ApiResult<T, E>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        // Every field is `Unpin` (the futures are boxed), so the call is too.
        let this = self.get_mut();
        loop {
            if let Some(reading) = &mut this.reading {
                return match reading.as_mut().poll(cx) {
                    Poll::Ready(Ok(response)) => Poll::Ready((this.read)(response)),
                    Poll::Ready(Err(error)) => Poll::Ready(Err(error.widen())),
                    Poll::Pending => Poll::Pending,
                };
            }
            match this.sending.as_mut().poll(cx) {
                Poll::Ready(Ok(Sent::Read(response))) => return Poll::Ready((this.read)(response)),
                // `send` streams only when asked to; boxed, like the loop, when it does.
                Poll::Ready(Ok(Sent::Streaming(response))) => {
                    this.reading = Some(Box::pin(response.read()));
                }
                Poll::Ready(Err(error)) => return Poll::Ready(Err(error.widen())),
                Poll::Pending => return Poll::Pending,
            }
        }
    }
}

/// What one attempt produced.
enum Attempt {
    /// A final response, body read.
    Response {
        status: u16,
        headers: HeaderMap,
        body: bytes::Bytes,
    },
    /// A final response whose body the caller streams.
    Stream(reqwest::Response),
    /// A status worth retrying (429, 5xx) with time left for it: wait this long first.
    Retry(Duration),
    /// The body is larger than the limit (nothing of it kept).
    TooLarge,
    /// The attempt's own timeout passed before the exchange ended.
    TimedOut,
    /// The request failed, or its body could not be read.
    Failed(reqwest::Error),
}

/// Reads a response body of at most `limit` bytes: `None` when it is larger (refused up
/// front when `Content-Length` says so; otherwise as soon as the limit is passed, keeping
/// nothing).
///
/// Chunk by chunk, for every body: `reqwest::Response::bytes` would do the same with a
/// future of 424 bytes where `chunk`'s is 32, and every attempt's future holds this one.
/// A body that arrives as one chunk (most small ones) is returned as it came, uncopied.
///
/// It borrows the response: a future that took it would hold a second copy of it (136
/// bytes) beside the caller's.
pub(crate) async fn read_body(
    response: &mut reqwest::Response,
    limit: usize,
) -> Result<Option<bytes::Bytes>, reqwest::Error> {
    let declared = response.content_length();
    if declared.is_some_and(|len| len > limit as u64) {
        return Ok(None);
    }
    let Some(first) = response.chunk().await? else {
        return Ok(Some(bytes::Bytes::new()));
    };
    if first.len() > limit {
        return Ok(None);
    }
    let Some(second) = response.chunk().await? else {
        return Ok(Some(first));
    };
    // Room for the declared length up front (capped: a length is a claim, not bytes).
    let expected = declared.map_or(0, |len| len.min(PREALLOCATE_AT_MOST) as usize);
    let mut body = bytes::BytesMut::with_capacity(expected.max(first.len() + second.len()));
    let mut next = Some(second);
    body.extend_from_slice(&first);
    while let Some(chunk) = next {
        if body.len() + chunk.len() > limit {
            return Ok(None);
        }
        body.extend_from_slice(&chunk);
        next = response.chunk().await?;
    }
    Ok(Some(body.freeze()))
}

/// The most [`read_body`] reserves on the word of a `Content-Length` header: 8 MiB.
const PREALLOCATE_AT_MOST: u64 = 8 << 20;

impl HttpClient {
    /// The configuration in force (without this view's [`CallOptions`]).
    pub fn config(&self) -> &Config {
        &self.inner.config
    }

    /// The overrides this view applies to its calls.
    pub fn options(&self) -> &CallOptions {
        &self.options
    }

    /// A view over the same connections and configuration whose calls use `options` on top
    /// of this view's own.
    pub fn with_options(&self, options: CallOptions) -> HttpClient {
        HttpClient {
            inner: Arc::clone(&self.inner),
            options: Arc::new(self.options.merged(options)),
        }
    }

    /// Sends `request`, retrying 429, 5xx and network failures with backoff, and returns
    /// the final response (whatever its status) for the caller to match.
    pub fn execute<E>(
        &self,
        request: Request,
    ) -> impl Future<Output = Result<Response, Error<E>>> + use<'_, E> {
        // The attempt loop's state (reqwest's pending request, the body being read) is
        // large: boxed here, before any await, every future wrapping this one holds a
        // pointer instead of a copy.
        let sending = Box::pin(self.send(request, false));
        async move {
            let reading = match sending.await.map_err(Error::widen)? {
                Sent::Read(response) => return Ok(response),
                // `send` streams only when asked to; boxed for the same reason.
                Sent::Streaming(response) => Box::pin(response.read()),
            };
            reading.await
        }
    }

    /// Sends `request` like [`HttpClient::execute`] and hands the final response to `read`,
    /// which matches its status and decodes it: a generated method's whole body.
    ///
    /// No future of the operation's own: the one future here is shared by every operation
    /// (its poll is generic only in the result), and the attempt loop under it is compiled
    /// once, in this crate. An `async` block per operation was the largest part of a
    /// generated crate's compile time (its borrow checking, layout and code).
    pub fn call<'a, T: Send + 'a, E: Send + 'a>(
        &'a self,
        request: Request,
        read: fn(Response) -> ApiResult<T, E>,
    ) -> BoxFuture<'a, ApiResult<T, E>> {
        // The attempt loop's state (reqwest's pending request, the body being read) is
        // large: boxed on its own, so the call's future holds a pointer instead of a copy.
        Box::pin(Call {
            sending: Box::pin(self.send(request, false)),
            reading: None,
            read,
        })
    }

    /// Like [`HttpClient::execute`], but the final response's body is not read: the caller
    /// streams it (a download that need not fit in memory) or reads it. Its last attempt
    /// may take what is left of the call's overall budget, since a stream takes as long
    /// as it takes.
    pub async fn execute_streaming<E>(&self, request: Request) -> Result<Streaming, Error<E>> {
        match self.send(request, true).await.map_err(Error::widen)? {
            Sent::Streaming(response) => Ok(response),
            Sent::Read(response) => Ok(Streaming::from_read(response)),
        }
    }

    // Not an `async fn`: an `async move` block uses `request` where it was captured, where
    // an `async fn` would keep a second copy of each argument in its state (160 bytes more
    // per call's allocation, rust-lang/rust#62958).
    // Not generic: what fails here fails before any status is matched, so the error has no
    // documented status (`Infallible`), and the loop is compiled once, here.
    #[allow(clippy::manual_async_fn)]
    fn send(
        &self,
        mut request: Request,
        stream: bool,
    ) -> impl Future<Output = Result<Sent, Error<Infallible>>> + use<'_> {
        async move {
            let config = &self.inner.config;
            let options = &*self.options;
            let max_retries = options.max_retries.unwrap_or(config.retry.max_retries);
            let max_body = options.max_body_size.unwrap_or(config.max_body_size);
            let first_timeout = options.attempt_timeout.unwrap_or(config.attempt_timeout);
            // A long poll the call asks for: no attempt may end sooner, and the budget stretches.
            let min_attempt = request
                .server_wait
                .map(|w| w.saturating_add(SERVER_WAIT_MARGIN));
            let budget = options
                .timeout
                .unwrap_or(config.timeout)
                .max(min_attempt.unwrap_or_default());
            let start = Instant::now();
            let fail = |kind: ErrorKind<Infallible>, context: &ErrorContext| {
                Err(Error::new(kind, context.clone()))
            };
            // Taken by the first attempt; a retry builds it again (rarer than a copy per call).
            // The path then moves into the error context, and a retry builds its URL from there.
            let mut context = ErrorContext::new(request.method.as_str(), String::new());
            // A body that would not encode: the call fails without sending anything.
            if let Some(message) = request.invalid.take() {
                context.path = std::mem::take(&mut request.path);
                return fail(ErrorKind::InvalidRequest(message), &context);
            }
            let mut url = match self.url(&request.path, &request.query) {
                Ok(url) => Some(url),
                Err(message) => {
                    context.path = std::mem::take(&mut request.path);
                    return fail(ErrorKind::InvalidRequest(message), &context);
                }
            };
            context.path = std::mem::take(&mut request.path);
            let method = request.method.to_reqwest();
            // The client's headers, copied only when this call adds to them.
            let base = &self.inner.headers;
            let mut own: Option<HeaderMap> = None;
            if let Some(media) = request.accept {
                let value = match media_header(media) {
                    Ok(value) => value,
                    Err(message) => return fail(ErrorKind::InvalidRequest(message), &context),
                };
                own.get_or_insert_with(|| base.clone())
                    .insert(ACCEPT, value);
            }
            for (name, value) in &request.headers {
                let Some((name, value)) = header_pair(name, value) else {
                    let message = format!("header `{name}` has a value that cannot be sent");
                    return fail(ErrorKind::InvalidRequest(message), &context);
                };
                own.get_or_insert_with(|| base.clone()).append(name, value);
            }
            for (name, value) in &options.headers {
                let Some((name, value)) = header_pair(name, value) else {
                    let message = format!("extra header `{name}` cannot be sent");
                    return fail(ErrorKind::InvalidRequest(message), &context);
                };
                own.get_or_insert_with(|| base.clone()).insert(name, value);
            }
            if let Some((media_type, _)) = &request.body {
                let value = match media_header(media_type) {
                    Ok(value) => value,
                    Err(message) => return fail(ErrorKind::InvalidRequest(message), &context),
                };
                own.get_or_insert_with(|| base.clone())
                    .insert(CONTENT_TYPE, value);
            }
            let headers = own.as_ref().unwrap_or(base);

            loop {
                let remaining = budget.saturating_sub(start.elapsed());
                if remaining.is_zero() {
                    return fail(ErrorKind::Timeout, &context);
                }
                // Counted only once the attempt is really made; the status is this attempt's.
                context.attempts += 1;
                context.status = None;
                let attempt = context.attempts;
                let growth = 1u32 << (attempt - 1).min(16);
                let attempt_timeout = first_timeout
                    .saturating_mul(growth)
                    .max(min_attempt.unwrap_or_default())
                    .min(remaining);
                let target = match url
                    .take()
                    .map_or_else(|| self.url(&context.path, &request.query), Ok)
                {
                    Ok(target) => target,
                    Err(message) => return fail(ErrorKind::InvalidRequest(message), &context),
                };
                // A `reqwest::Request` filled in directly: a builder would merge the headers
                // into its own empty map one by one, where this takes the copy whole.
                // reqwest starts the request here (a boxed future of its own): what the exchange
                // below holds is that box's pointer, and the 264-byte request is gone before
                // the first await.
                let pending = {
                    let mut outgoing = reqwest::Request::new(method.clone(), target);
                    *outgoing.headers_mut() = headers.clone();
                    if stream {
                        // The body outlives this function: reqwest bounds it by what is left.
                        *outgoing.timeout_mut() = Some(remaining);
                    }
                    if let Some((_, body)) = &request.body {
                        *outgoing.body_mut() = Some(body.clone().into());
                    }
                    self.inner.http.execute(outgoing)
                };
                let retries_left = attempt <= max_retries;
                let mut status_seen = None;
                // One exchange: the request, then (unless it is retried or streamed) its body.
                // Boxed apart from the loop, so both stay small blocks for the allocator
                // (see `the_boxed_attempt_loop_stays_under_a_kibibyte`).
                let outcome = {
                    let mut exchange = Box::pin(async {
                        let mut response = match pending.await {
                            Ok(response) => response,
                            Err(e) => return Attempt::Failed(e),
                        };
                        let status = response.status().as_u16();
                        status_seen = Some(status);
                        // The wait is worked out only for a status worth retrying.
                        let wait = (retries_left && RetryPolicy::retries_status(status))
                            .then(|| {
                                let retry_after = response
                                    .headers()
                                    .get(RETRY_AFTER)
                                    .and_then(|v: &HeaderValue| v.to_str().ok())
                                    .and_then(parse_retry_after);
                                match retry_after {
                                    Some(asked) if status == 429 => {
                                        asked.max(config.retry.min_delay)
                                    }
                                    _ => config.retry.backoff(attempt),
                                }
                            })
                            .filter(|wait| start.elapsed().saturating_add(*wait) < budget);
                        if let Some(wait) = wait {
                            // Retried: its body is never read (dropping it closes the stream).
                            return Attempt::Retry(wait);
                        }
                        if stream {
                            return Attempt::Stream(response);
                        }
                        // Moved out, not copied: the body is read without them.
                        let headers = std::mem::take(response.headers_mut());
                        match read_body(&mut response, max_body).await {
                            Ok(Some(body)) => Attempt::Response {
                                status,
                                headers,
                                body,
                            },
                            Ok(None) => Attempt::TooLarge,
                            Err(e) => Attempt::Failed(e),
                        }
                    });
                    // The attempt's timeout bounds the whole exchange, request and body.
                    if stream {
                        exchange.await
                    } else {
                        deadline::within(attempt_timeout, exchange.as_mut())
                            .await
                            .unwrap_or(Attempt::TimedOut)
                    }
                };
                context.status = status_seen;
                let failed = match outcome {
                    Attempt::Retry(wait) => {
                        tokio::time::sleep(wait).await;
                        continue;
                    }
                    Attempt::Response {
                        status,
                        headers,
                        body,
                    } => {
                        return Ok(Sent::Read(Response {
                            status,
                            headers,
                            body,
                            context,
                        }))
                    }
                    Attempt::Stream(response) => {
                        return Ok(Sent::Streaming(Streaming::new(response, context, max_body)))
                    }
                    Attempt::TooLarge => {
                        return fail(ErrorKind::BodyTooLarge { limit: max_body }, &context)
                    }
                    // The attempt's own timeout: as transient as reqwest's.
                    Attempt::TimedOut => None,
                    Attempt::Failed(e) => Some(e),
                };
                let transient = failed.as_ref().is_none_or(|e| {
                    e.is_timeout() || e.is_connect() || e.is_body() || e.is_request()
                });
                if retries_left && transient {
                    let wait = config.retry.backoff(attempt);
                    if start.elapsed().saturating_add(wait) < budget {
                        tokio::time::sleep(wait).await;
                        continue;
                    }
                }
                return match failed {
                    Some(e) if !e.is_timeout() => {
                        fail(ErrorKind::Transport(Box::new(e.without_url())), &context)
                    }
                    _ => fail(ErrorKind::Timeout, &context),
                };
            }
        }
    }

    fn url(&self, path: &str, query: &[(&'static str, String)]) -> Result<reqwest::Url, String> {
        let base = &self.inner.config.base_url;
        let mut text = String::with_capacity(base.len() + path.len());
        text.push_str(base);
        text.push_str(path);
        let mut url =
            reqwest::Url::parse(&text).map_err(|e| format!("`{text}` is not a valid URL: {e}"))?;
        if !query.is_empty() {
            let mut pairs = url.query_pairs_mut();
            for (name, value) in query {
                pairs.append_pair(name, value);
            }
        }
        Ok(url)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::http::Method;

    /// Without the `tls` feature an `https` base URL is refused when the client is built,
    /// naming the feature, rather than failing each call; with it, it builds.
    #[test]
    fn an_https_base_url_needs_the_tls_feature() {
        let built = ClientBuilder::<HttpClient>::new("https://api.example.com").build();
        if cfg!(feature = "tls") {
            assert!(built.is_ok(), "{built:?}");
        } else {
            let error = built.unwrap_err();
            assert!(matches!(error, BuildError::HttpsWithoutTls(_)), "{error:?}");
            assert!(error.to_string().contains("`tls` feature"), "{error}");
            // A client brought along decides for itself.
            let own = reqwest::Client::new();
            let built = ClientBuilder::<HttpClient>::new("https://api.example.com")
                .http_client(own)
                .build();
            assert!(built.is_ok(), "{built:?}");
        }
        assert!(ClientBuilder::<HttpClient>::new("http://127.0.0.1:1")
            .build()
            .is_ok());
    }

    /// Every operation's future holds `execute`'s: it must stay a pointer or two, not the
    /// attempt loop (2 KB and more), which each box around it would otherwise copy.
    #[test]
    fn the_future_of_execute_is_small() {
        let client: HttpClient = ClientBuilder::new("http://127.0.0.1:1").build().unwrap();
        let future = client.execute::<()>(Request::new(Method::Get));
        let size = std::mem::size_of_val(&future);
        assert!(size <= 64, "execute's future is {size} bytes");
    }

    /// The attempt loop `execute` boxes is allocated on every call: kept under 1 KiB, it is
    /// served from the allocator's per-thread cache (glibc's holds blocks up to 1,032
    /// bytes), where a larger block takes the slow path that also consolidates freed ones.
    #[test]
    fn the_boxed_attempt_loop_stays_under_a_kibibyte() {
        let client: HttpClient = ClientBuilder::new("http://127.0.0.1:1").build().unwrap();
        let future = client.send(Request::new(Method::Get), false);
        let size = std::mem::size_of_val(&future);
        assert!(size <= 1024, "the attempt loop's future is {size} bytes");
    }
}
