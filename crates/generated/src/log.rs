//! A run's or build's log followed as it is written.
//!
//! [`follow_run_log`] asks for `GET /v2/actor-runs/{runId}/log?stream=1`, which the API
//! keeps open while the run writes, and returns the body as it arrives: as chunks
//! ([`LogStream::next`]) or as lines ([`LogStream::lines`]). The stream ends when the run
//! finishes. A followed log lasts as long as the run, so give the client a call timeout to
//! match (`client.with_options(CallOptions::new().timeout(..))`; the default is 360 s).
//!
//! ```no_run
//! # async fn demo(client: &apify_api::Client) -> Result<(), Box<dyn std::error::Error>> {
//! use std::time::Duration;
//! use apify_api::client::CallOptions;
//! use apify_api::log;
//!
//! let patient = client.with_options(CallOptions::new().timeout(Duration::from_secs(3600)));
//! let mut lines = log::follow_run_log(&patient, "my-run-id").await?.lines();
//! while let Some(line) = lines.next().await {
//!     println!("{}", line?);
//! }
//! # Ok(())
//! # }
//! ```

use std::pin::Pin;
use std::task::{Context, Poll};

use bytes::{Bytes, BytesMut};
use futures_core::Stream;
use specforge_runtime::http::ByteStream;

use crate::client::{
    ActorBuildLogGetError, ActorBuildLogGetParams, ActorRunLogGetError, ActorRunLogGetParams,
};
use crate::{ApifyApi, Error, StreamError};

/// A log as it arrives, in chunks as the server sends them.
#[derive(Debug)]
pub struct LogStream {
    body: ByteStream,
}

/// Follows the log of the run `run_id` (`stream=1`), from its beginning.
pub async fn follow_run_log<A>(
    api: &A,
    run_id: &str,
) -> Result<LogStream, Error<ActorRunLogGetError>>
where
    A: ApifyApi + ?Sized,
{
    let params = ActorRunLogGetParams {
        stream: Some(true),
        ..Default::default()
    };
    let full = api.actor_run_log_get_text_bytes(run_id, &params).await?;
    Ok(LogStream { body: full.body })
}

/// Follows the log of the build `build_id` (`stream=1`), from its beginning.
pub async fn follow_build_log<A>(
    api: &A,
    build_id: &str,
) -> Result<LogStream, Error<ActorBuildLogGetError>>
where
    A: ApifyApi + ?Sized,
{
    let params = ActorBuildLogGetParams {
        stream: Some(true),
        ..Default::default()
    };
    let full = api
        .actor_build_log_get_text_bytes(build_id, &params)
        .await?;
    Ok(LogStream { body: full.body })
}

impl LogStream {
    /// A log from a body already asked for (any `_text_bytes` log method's).
    pub fn from_body(body: ByteStream) -> Self {
        LogStream { body }
    }

    /// The next chunk, as the server sent it; `None` when the log ends.
    pub async fn next(&mut self) -> Option<Result<Bytes, StreamError>> {
        self.body.next().await
    }

    /// Bytes received so far.
    pub fn received(&self) -> u64 {
        self.body.received()
    }

    /// The log line by line.
    pub fn lines(self) -> LogLines {
        LogLines {
            body: self.body,
            pending: BytesMut::new(),
            finished: false,
        }
    }
}

impl futures_core::Stream for LogStream {
    type Item = Result<Bytes, StreamError>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        Pin::new(&mut self.get_mut().body).poll_next(cx)
    }
}

/// A log line by line, each line yielded once its end arrives (the last one also without
/// an end). Lines lose their `\n` or `\r\n`; bytes that are not UTF-8 become U+FFFD.
#[derive(Debug)]
pub struct LogLines {
    body: ByteStream,
    /// Received bytes not yet split into lines.
    pending: BytesMut,
    finished: bool,
}

impl LogLines {
    /// The next line, `None` when the log ends.
    pub async fn next(&mut self) -> Option<Result<String, StreamError>> {
        std::future::poll_fn(|cx| self.poll_line(cx)).await
    }

    fn poll_line(&mut self, cx: &mut Context<'_>) -> Poll<Option<Result<String, StreamError>>> {
        loop {
            if let Some(end) = self.pending.iter().position(|b| *b == b'\n') {
                let line = self.pending.split_to(end + 1);
                return Poll::Ready(Some(Ok(text(&line[..end]))));
            }
            if self.finished {
                if self.pending.is_empty() {
                    return Poll::Ready(None);
                }
                let line = self.pending.split();
                return Poll::Ready(Some(Ok(text(&line))));
            }
            match Pin::new(&mut self.body).poll_next(cx) {
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

impl futures_core::Stream for LogLines {
    type Item = Result<String, StreamError>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.get_mut().poll_line(cx)
    }
}

/// A line without its `\r`, as text.
fn text(line: &[u8]) -> String {
    let line = line.strip_suffix(b"\r").unwrap_or(line);
    String::from_utf8_lossy(line).into_owned()
}
