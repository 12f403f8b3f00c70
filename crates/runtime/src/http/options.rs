//! `CallOptions`: a timeout, retries, a body limit or extra headers for some calls, without a
//! second client (`client.with_options(...)` is a cheap view over the same connections).

use std::time::Duration;

/// Settings that override the client's configuration for the calls made through a view
/// (`Client::with_options`). Unset fields keep the client's.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CallOptions {
    /// The budget for a whole call, retries included.
    pub timeout: Option<Duration>,
    /// The first attempt's timeout (doubling per retry).
    pub attempt_timeout: Option<Duration>,
    /// Retries after the first attempt.
    pub max_retries: Option<u32>,
    /// The largest response body accepted, in bytes.
    pub max_body_size: Option<usize>,
    /// Headers added to every request (after the generated ones).
    pub headers: Vec<(String, String)>,
}

impl CallOptions {
    /// No overrides.
    pub fn new() -> Self {
        CallOptions::default()
    }

    /// The budget for a whole call, retries included.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// The first attempt's timeout.
    pub fn attempt_timeout(mut self, timeout: Duration) -> Self {
        self.attempt_timeout = Some(timeout);
        self
    }

    /// Retries after the first attempt; 0 disables retrying.
    pub fn max_retries(mut self, retries: u32) -> Self {
        self.max_retries = Some(retries);
        self
    }

    /// The largest response body accepted, in bytes.
    pub fn max_body_size(mut self, bytes: usize) -> Self {
        self.max_body_size = Some(bytes);
        self
    }

    /// A header added to every request.
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// These options with `more` on top: its set fields win, its headers come after.
    pub(crate) fn merged(&self, more: CallOptions) -> CallOptions {
        let mut headers = self.headers.clone();
        headers.extend(more.headers);
        CallOptions {
            timeout: more.timeout.or(self.timeout),
            attempt_timeout: more.attempt_timeout.or(self.attempt_timeout),
            max_retries: more.max_retries.or(self.max_retries),
            max_body_size: more.max_body_size.or(self.max_body_size),
            headers,
        }
    }
}
