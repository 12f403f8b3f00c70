//! Responses read as they arrive: [`Streaming`] (a final response whose body is not read
//! yet), [`ByteStream`] (its body in chunks) and [`JsonLines`] (its body as typed items,
//! one per line). Memory stays at about one chunk plus one line, whatever the body's size.
//!
//! Both streams implement `futures_core::Stream`, and have an inherent `next()` so a
//! `while let Some(item) = stream.next().await` loop needs no extra crate.

use std::future::Future;
use std::marker::PhantomData;
use std::pin::Pin;
use std::task::{Context, Poll};

use bytes::{Bytes, BytesMut};
use serde::de::DeserializeOwned;

use super::error::{Error, ErrorContext, ErrorKind};
use super::response::{kept_body, FromHeaders, Full, HeaderMap, Response};
use crate::decode::DecodeError;

/// The error of a stream's items: a transport failure, a timeout, or an item that did not
/// decode. It documents no status (the status was a success when the stream began).
pub type StreamError = Error<std::convert::Infallible>;

/// A final response whose body has not been read.
#[derive(Debug)]
pub struct Streaming {
    status: u16,
    headers: HeaderMap,
    body: Body,
    context: ErrorContext,
    max_body: usize,
}

#[derive(Debug)]
enum Body {
    Unread(reqwest::Response),
    Read(Bytes),
}

impl Streaming {
    pub(crate) fn new(
        mut response: reqwest::Response,
        context: ErrorContext,
        max_body: usize,
    ) -> Self {
        Streaming {
            status: response.status().as_u16(),
            headers: std::mem::take(response.headers_mut()),
            body: Body::Unread(response),
            context,
            max_body,
        }
    }

    pub(crate) fn from_read(response: Response) -> Self {
        Streaming {
            status: response.status,
            headers: response.headers,
            body: Body::Read(response.body),
            context: response.context,
            max_body: usize::MAX,
        }
    }

    /// The status code.
    pub fn status(&self) -> u16 {
        self.status
    }

    /// Every header as received.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// Reads the whole body (up to the body limit), for matching like any response.
    pub async fn read<E>(self) -> Result<Response, Error<E>> {
        let body = match self.body {
            Body::Read(bytes) => bytes,
            Body::Unread(mut response) => {
                match super::transport::read_body(&mut response, self.max_body).await {
                    Ok(Some(bytes)) => bytes,
                    Ok(None) => {
                        return Err(Error::new(
                            ErrorKind::BodyTooLarge {
                                limit: self.max_body,
                            },
                            self.context,
                        ))
                    }
                    Err(e) => return Err(transport_error(e, &self.context)),
                }
            }
        };
        Ok(Response {
            status: self.status,
            headers: self.headers,
            body,
            context: self.context,
        })
    }

    /// The whole response, its body decoded as JSON.
    pub async fn into_full_json<T: DeserializeOwned, H: FromHeaders, E>(
        self,
    ) -> Result<Full<T, H>, Error<E>> {
        let response = self.read::<E>().await?;
        let body = response.json::<T, E>()?;
        response.into_full(body)
    }

    /// The whole response, its body as UTF-8 text.
    pub async fn into_full_text<H: FromHeaders, E>(self) -> Result<Full<String, H>, Error<E>> {
        let response = self.read::<E>().await?;
        let body = response.text::<E>()?;
        response.into_full(body)
    }

    /// The whole response, its body a stream of chunks.
    pub fn into_full_bytes<H: FromHeaders, E>(self) -> Result<Full<ByteStream, H>, Error<E>> {
        let headers = typed_headers::<H, E>(&self.headers, &self.context)?;
        Ok(Full {
            status: self.status,
            headers,
            raw_headers: self.headers,
            body: ByteStream::new(self.body, self.context),
        })
    }

    /// The whole response, its body a stream of items, one JSON value per line.
    pub fn into_full_json_lines<T: DeserializeOwned, H: FromHeaders, E>(
        self,
    ) -> Result<Full<JsonLines<T>, H>, Error<E>> {
        self.into_full_bytes::<H, E>()
            .map(|full| full.map(JsonLines::new))
    }
}

fn typed_headers<H: FromHeaders, E>(
    headers: &HeaderMap,
    context: &ErrorContext,
) -> Result<H, Error<E>> {
    H::from_headers(headers).map_err(|error| {
        Error::new(
            ErrorKind::Decode {
                error,
                body: String::new(),
            },
            context.clone(),
        )
    })
}

fn transport_error<E>(e: reqwest::Error, context: &ErrorContext) -> Error<E> {
    if e.is_timeout() {
        Error::new(ErrorKind::Timeout, context.clone())
    } else {
        Error::new(
            ErrorKind::Transport(Box::new(e.without_url())),
            context.clone(),
        )
    }
}

type ChunkFuture =
    Pin<Box<dyn Future<Output = (reqwest::Response, reqwest::Result<Option<Bytes>>)> + Send>>;

enum State {
    Idle(reqwest::Response),
    Reading(ChunkFuture),
    Buffered(Bytes),
    Done,
}

/// A response body in chunks, as they arrive.
pub struct ByteStream {
    state: State,
    context: ErrorContext,
    /// Bytes received so far.
    received: u64,
}

impl std::fmt::Debug for ByteStream {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ByteStream")
            .field("received", &self.received)
            .finish_non_exhaustive()
    }
}

impl ByteStream {
    fn new(body: Body, context: ErrorContext) -> Self {
        let state = match body {
            Body::Unread(response) => State::Idle(response),
            Body::Read(bytes) => State::Buffered(bytes),
        };
        ByteStream {
            state,
            context,
            received: 0,
        }
    }

    /// How many bytes have been received so far.
    pub fn received(&self) -> u64 {
        self.received
    }

    /// The next chunk, `None` at the end.
    pub async fn next(&mut self) -> Option<Result<Bytes, StreamError>> {
        std::future::poll_fn(|cx| Pin::new(&mut *self).poll_chunk(cx)).await
    }

    /// Reads the rest of the body into memory.
    pub async fn collect(mut self) -> Result<Vec<u8>, StreamError> {
        let mut out = Vec::new();
        while let Some(chunk) = self.next().await {
            out.extend_from_slice(&chunk?);
        }
        Ok(out)
    }

    fn poll_chunk(&mut self, cx: &mut Context<'_>) -> Poll<Option<Result<Bytes, StreamError>>> {
        loop {
            match std::mem::replace(&mut self.state, State::Done) {
                State::Done => return Poll::Ready(None),
                State::Buffered(bytes) => {
                    self.received += bytes.len() as u64;
                    return Poll::Ready((!bytes.is_empty()).then_some(Ok(bytes)));
                }
                State::Idle(mut response) => {
                    self.state = State::Reading(Box::pin(async move {
                        let chunk = response.chunk().await;
                        (response, chunk)
                    }));
                }
                State::Reading(mut future) => match future.as_mut().poll(cx) {
                    Poll::Pending => {
                        self.state = State::Reading(future);
                        return Poll::Pending;
                    }
                    Poll::Ready((response, Ok(Some(chunk)))) => {
                        self.state = State::Idle(response);
                        self.received += chunk.len() as u64;
                        return Poll::Ready(Some(Ok(chunk)));
                    }
                    Poll::Ready((_, Ok(None))) => return Poll::Ready(None),
                    Poll::Ready((_, Err(e))) => {
                        return Poll::Ready(Some(Err(transport_error(e, &self.context))))
                    }
                },
            }
        }
    }
}

impl futures_core::Stream for ByteStream {
    type Item = Result<Bytes, StreamError>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.get_mut().poll_chunk(cx)
    }
}

/// A response body of JSON Lines, as typed items while they arrive. A line that does not
/// decode is an error naming its line number; the stream goes on after it.
pub struct JsonLines<T> {
    bytes: ByteStream,
    /// Received bytes not yet split into lines.
    pending: BytesMut,
    line: usize,
    finished: bool,
    _item: PhantomData<fn() -> T>,
}

impl<T> std::fmt::Debug for JsonLines<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("JsonLines")
            .field("line", &self.line)
            .field("bytes", &self.bytes)
            .finish_non_exhaustive()
    }
}

impl<T: DeserializeOwned> JsonLines<T> {
    fn new(bytes: ByteStream) -> Self {
        JsonLines {
            bytes,
            pending: BytesMut::new(),
            line: 0,
            finished: false,
            _item: PhantomData,
        }
    }

    /// The next item, `None` at the end.
    pub async fn next(&mut self) -> Option<Result<T, StreamError>> {
        std::future::poll_fn(|cx| self.poll_item(cx)).await
    }

    /// Reads every remaining item.
    pub async fn collect(mut self) -> Result<Vec<T>, StreamError> {
        let mut out = Vec::new();
        while let Some(item) = self.next().await {
            out.push(item?);
        }
        Ok(out)
    }

    fn decode(&mut self, line: &[u8]) -> Option<Result<T, StreamError>> {
        self.line += 1;
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        if line.iter().all(u8::is_ascii_whitespace) {
            return None;
        }
        Some(crate::decode::from_slice(line).map_err(|error| {
            Error::new(
                ErrorKind::Decode {
                    error: DecodeError {
                        message: format!("line {}: {}", self.line, error.message),
                        ..error
                    },
                    body: kept_body(line),
                },
                self.bytes.context.clone(),
            )
        }))
    }

    fn poll_item(&mut self, cx: &mut Context<'_>) -> Poll<Option<Result<T, StreamError>>> {
        loop {
            if let Some(end) = self.pending.iter().position(|b| *b == b'\n') {
                let line = self.pending.split_to(end + 1);
                if let Some(item) = self.decode(&line[..end]) {
                    return Poll::Ready(Some(item));
                }
                continue;
            }
            if self.finished {
                if self.pending.is_empty() {
                    return Poll::Ready(None);
                }
                let rest = self.pending.split();
                match self.decode(&rest) {
                    Some(item) => return Poll::Ready(Some(item)),
                    None => continue,
                }
            }
            match self.bytes.poll_chunk(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(None) => self.finished = true,
                Poll::Ready(Some(Ok(chunk))) => self.pending.extend_from_slice(&chunk),
                Poll::Ready(Some(Err(e))) => {
                    self.finished = true;
                    self.pending.clear();
                    return Poll::Ready(Some(Err(e)));
                }
            }
        }
    }
}

impl<T: DeserializeOwned> futures_core::Stream for JsonLines<T> {
    type Item = Result<T, StreamError>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.get_mut().poll_item(cx)
    }
}
