//! Request queues: adding many requests in batches, and taking the head with a lock.
//!
//! The API adds at most [`BATCH_LIMIT`] requests per call
//! (`POST /v2/request-queues/{queueId}/requests/batch`) and answers with the requests it
//! processed and those it could not (rate limits, internal failures), to be sent again.
//! [`add_requests`] splits any number of requests into batches and sends each batch's
//! unprocessed requests again, with exponential backoff, as the API documentation asks.
//! [`lock_head`] takes the first requests of the queue and locks them for a while, so that
//! other clients do not take them too.
//!
//! ```no_run
//! # async fn demo(client: &apify_api::Client) -> Result<(), Box<dyn std::error::Error>> {
//! use apify_api::client::{RequestQueueHeadLockPostParams, RequestQueueRequestsBatchPostParams};
//! use apify_api::models::{RequestBase, RequestWithoutId};
//! use apify_api::request_queue::{self, BatchOptions};
//!
//! let requests: Vec<RequestWithoutId> = (0..60)
//!     .map(|i| {
//!         let url = format!("https://example.com/page/{i}");
//!         RequestWithoutId(RequestBase {
//!             unique_key: Some(url.clone()),
//!             url: Some(url),
//!             ..Default::default()
//!         })
//!     })
//!     .collect();
//! let params = RequestQueueRequestsBatchPostParams::default();
//! let added =
//!     request_queue::add_requests(client, "my-queue", &requests, &params, &BatchOptions::new())
//!         .await?;
//! println!("{} added, {} left unprocessed", added.processed.len(), added.unprocessed.len());
//!
//! let lock = RequestQueueHeadLockPostParams { lock_secs: 60.0, ..Default::default() };
//! let head = request_queue::lock_head(client, "my-queue", &lock).await?;
//! for request in &head.items {
//!     println!("locked {}", request.url);
//! }
//! # Ok(())
//! # }
//! ```

use std::fmt;
use std::time::Duration;

use crate::client::{
    RequestQueueHeadLockPostError, RequestQueueHeadLockPostParams,
    RequestQueueRequestsBatchPostError, RequestQueueRequestsBatchPostParams,
};
use crate::models::{AddedRequest, LockedRequestQueueHead, RequestDraft, RequestWithoutId};
use crate::{ApifyApi, Error};

/// The most requests the API adds in one batch call.
pub const BATCH_LIMIT: usize = 25;

/// How batches are sent and retried.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BatchOptions {
    /// Requests per call, at most [`BATCH_LIMIT`] (a larger value is capped, 0 counts as 1).
    pub batch_size: usize,
    /// Calls per batch in all: the first, then one per retry of what is still unprocessed.
    pub max_attempts: u32,
    /// The wait before the first retry; each next retry waits twice as long.
    pub min_delay: Duration,
}

impl Default for BatchOptions {
    fn default() -> Self {
        BatchOptions {
            batch_size: BATCH_LIMIT,
            max_attempts: 5,
            min_delay: Duration::from_millis(500),
        }
    }
}

impl BatchOptions {
    /// Batches of [`BATCH_LIMIT`], 5 attempts each, retries from 500 ms.
    pub fn new() -> Self {
        BatchOptions::default()
    }

    /// Calls per batch in all.
    pub fn max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts;
        self
    }

    /// The wait before the first retry.
    pub fn min_delay(mut self, delay: Duration) -> Self {
        self.min_delay = delay;
        self
    }
}

/// What adding requests did.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct AddedRequests {
    /// Every request the API processed (added, or found already present), in the order the
    /// API reported them.
    pub processed: Vec<AddedRequest>,
    /// The requests still unprocessed after every attempt.
    pub unprocessed: Vec<RequestDraft>,
}

/// A batch call failed; the batches before it were added.
#[derive(Debug)]
pub struct AddRequestsError {
    /// The failed call's error.
    pub error: Error<RequestQueueRequestsBatchPostError>,
    /// What the earlier calls did.
    pub added: AddedRequests,
}

impl fmt::Display for AddRequestsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "adding requests failed after {} were processed: {}",
            self.added.processed.len(),
            self.error
        )
    }
}

impl std::error::Error for AddRequestsError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.error)
    }
}

/// Adds `requests` to the queue `queue_id` in batches of at most [`BATCH_LIMIT`], in order,
/// one batch at a time; `params` goes with every call (`clientKey`, `forefront`). A batch's
/// unprocessed requests are sent again (the original requests, found by `uniqueKey`, else
/// by URL) after a backoff, until none is left or `options.max_attempts` calls were made;
/// what is still unprocessed then is in [`AddedRequests::unprocessed`].
pub async fn add_requests<A>(
    api: &A,
    queue_id: &str,
    requests: &[RequestWithoutId],
    params: &RequestQueueRequestsBatchPostParams,
    options: &BatchOptions,
) -> Result<AddedRequests, AddRequestsError>
where
    A: ApifyApi + ?Sized,
{
    let size = options.batch_size.clamp(1, BATCH_LIMIT);
    let mut added = AddedRequests::default();
    for batch in requests.chunks(size) {
        let mut pending: Vec<RequestWithoutId> = batch.to_vec();
        let mut attempt = 1;
        loop {
            let result = match api
                .request_queue_requests_batch_post(queue_id, params, &pending)
                .await
            {
                Ok(response) => response.data,
                Err(error) => return Err(AddRequestsError { error, added }),
            };
            added.processed.extend(result.processed_requests);
            let unprocessed = result.unprocessed_requests;
            if unprocessed.is_empty() {
                break;
            }
            if attempt >= options.max_attempts {
                added.unprocessed.extend(unprocessed);
                break;
            }
            let factor = 1u32 << (attempt - 1).min(16);
            tokio::time::sleep(options.min_delay.saturating_mul(factor)).await;
            attempt += 1;
            pending = unprocessed
                .iter()
                .map(|draft| original(batch, draft))
                .collect();
        }
    }
    Ok(added)
}

/// The request of `batch` that `draft` reports unprocessed; a request made from the
/// draft if none matches (the API echoed something it was not sent).
fn original(batch: &[RequestWithoutId], draft: &RequestDraft) -> RequestWithoutId {
    batch
        .iter()
        .find(|r| r.0.unique_key.as_deref() == Some(draft.unique_key.as_str()))
        .or_else(|| {
            batch
                .iter()
                .find(|r| r.0.url.as_deref() == Some(draft.url.as_str()))
        })
        .cloned()
        .unwrap_or_else(|| {
            RequestWithoutId(crate::models::RequestBase {
                unique_key: Some(draft.unique_key.clone()),
                url: Some(draft.url.clone()),
                method: draft.method.clone(),
                ..Default::default()
            })
        })
}

/// Takes the first requests of the queue `queue_id` and locks them for `params.lock_secs`
/// seconds (`POST /v2/request-queues/{queueId}/head/lock`; `params.limit` says how many,
/// `params.client_key` who holds the lock). Locked requests are not given to other clients
/// until the lock expires or is deleted.
pub async fn lock_head<A>(
    api: &A,
    queue_id: &str,
    params: &RequestQueueHeadLockPostParams,
) -> Result<LockedRequestQueueHead, Error<RequestQueueHeadLockPostError>>
where
    A: ApifyApi + ?Sized,
{
    Ok(api
        .request_queue_head_lock_post(queue_id, params)
        .await?
        .data)
}
