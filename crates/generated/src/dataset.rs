//! A dataset's items: read lazily as the caller's type, or exported as CSV or JSON Lines to a
//! writer without holding the dataset in memory.
//!
//! [`items`] pages through `GET /v2/datasets/{datasetId}/items` (each page fetched when the
//! previous one is used up, stopping on the `X-Apify-Pagination-Total` header, so a short
//! page in the middle, as `clean` gives, does not end it) and decodes each item as `T`.
//! [`export`] and [`export_async`] copy one streamed response, chunk by chunk, to an
//! `std::io::Write` or a tokio `AsyncWrite`.
//!
//! ```no_run
//! # async fn demo(client: &apify_api::Client) -> Result<(), Box<dyn std::error::Error>> {
//! use apify_api::client::DatasetItemsGetParams;
//! use apify_api::dataset::{self, ExportFormat};
//!
//! #[derive(serde::Deserialize)]
//! struct Page {
//!     url: String,
//!     title: Option<String>,
//! }
//!
//! let params = DatasetItemsGetParams { clean: Some(true), ..Default::default() };
//! let mut pages = dataset::items::<Page, _>(client, "my-dataset", &params);
//! while let Some(page) = pages.next().await {
//!     let page = page?;
//!     println!("{} {:?}", page.url, page.title);
//! }
//!
//! let mut file = std::fs::File::create("items.csv")?;
//! let mut progress = |p: &dataset::ExportProgress| eprint!("\r{} bytes", p.bytes);
//! dataset::export(client, "my-dataset", ExportFormat::Csv, &params, &mut file, Some(&mut progress))
//!     .await?;
//! # Ok(())
//! # }
//! ```

use std::fmt;
use std::marker::PhantomData;
use std::pin::Pin;
use std::task::{Context, Poll};

use futures_core::Stream;
use serde::de::DeserializeOwned;
use specforge_runtime::http::{ByteStream, Pages};
use specforge_runtime::DecodeError;
use tokio::io::{AsyncWrite, AsyncWriteExt};

use crate::client::{DatasetItemsGetError, DatasetItemsGetParams};
use crate::{ApifyApi, Error, StreamError};

/// The items of a dataset as `T`, page after page (see [`items`]).
pub struct Items<'a, T> {
    pages: Pages<'a, specforge_runtime::Object, DatasetItemsGetError>,
    /// The index (from the first item asked for) of the next item.
    index: u64,
    _item: PhantomData<fn() -> T>,
}

impl<T> fmt::Debug for Items<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Items")
            .field("pages", &self.pages)
            .field("index", &self.index)
            .finish()
    }
}

/// Why an item could not be read.
#[derive(Debug)]
pub enum ItemError {
    /// Fetching a page failed; the stream ends after this error.
    Api(Error<DatasetItemsGetError>),
    /// The item did not decode as the caller's type; the stream goes on after it.
    Decode {
        /// Its position among the items read (0 for the first).
        index: u64,
        /// Where in the item and why.
        error: DecodeError,
    },
}

impl fmt::Display for ItemError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ItemError::Api(e) => write!(f, "fetching dataset items failed: {e}"),
            ItemError::Decode { index, error } => write!(f, "item {index}: {error}"),
        }
    }
}

impl std::error::Error for ItemError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ItemError::Api(e) => Some(e),
            ItemError::Decode { error, .. } => Some(error),
        }
    }
}

/// Every item of the dataset `dataset_id` from `params.offset` on, decoded as `T`, fetching
/// pages (of `params.limit` items, or the API's default) as they are needed. `params` says
/// everything else (`clean`, `fields`, `desc`, ...); its `format` is ignored (JSON is asked).
pub fn items<'a, T, A>(
    api: &'a A,
    dataset_id: &'a str,
    params: &'a DatasetItemsGetParams,
) -> Items<'a, T>
where
    T: DeserializeOwned,
    A: ApifyApi + Sync + ?Sized,
{
    Items {
        pages: api.dataset_items_get_stream(dataset_id, params),
        index: 0,
        _item: PhantomData,
    }
}

impl<T: DeserializeOwned> Items<'_, T> {
    /// The next item, `None` after the last.
    pub async fn next(&mut self) -> Option<Result<T, ItemError>> {
        std::future::poll_fn(|cx| self.poll_item(cx)).await
    }

    /// Reads every remaining item (an error ends the reading).
    pub async fn collect(mut self) -> Result<Vec<T>, ItemError> {
        let mut out = Vec::new();
        while let Some(item) = self.next().await {
            out.push(item?);
        }
        Ok(out)
    }

    /// How many pages have been fetched so far.
    pub fn pages(&self) -> u64 {
        self.pages.pages()
    }

    fn poll_item(&mut self, cx: &mut Context<'_>) -> Poll<Option<Result<T, ItemError>>> {
        match Pin::new(&mut self.pages).poll_next(cx) {
            Poll::Pending => Poll::Pending,
            Poll::Ready(None) => Poll::Ready(None),
            Poll::Ready(Some(Err(e))) => Poll::Ready(Some(Err(ItemError::Api(e)))),
            Poll::Ready(Some(Ok(object))) => {
                let index = self.index;
                self.index += 1;
                let item = specforge_runtime::decode::from_value(serde_json::Value::Object(object))
                    .map_err(|error| ItemError::Decode { index, error });
                Poll::Ready(Some(item))
            }
        }
    }
}

impl<T: DeserializeOwned> futures_core::Stream for Items<'_, T> {
    type Item = Result<T, ItemError>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.get_mut().poll_item(cx)
    }
}

/// What an export writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ExportFormat {
    /// `text/csv` (`format=csv`), a header row then a row per item.
    Csv,
    /// `application/jsonl` (`format=jsonl`), one JSON item per line, as the API sends it.
    JsonLines,
}

/// How far an export is, given to the progress callback after every chunk written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ExportProgress {
    /// Bytes written so far.
    pub bytes: u64,
    /// Chunks written so far.
    pub chunks: u64,
    /// The number of items the response holds (`X-Apify-Pagination-Total`), when the API
    /// says.
    pub total_items: Option<u64>,
}

/// Why an export stopped.
#[derive(Debug)]
pub enum ExportError {
    /// The API refused the request.
    Api(Error<DatasetItemsGetError>),
    /// The response broke off or timed out while it was read.
    Read(StreamError),
    /// The writer failed.
    Write(std::io::Error),
}

impl fmt::Display for ExportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ExportError::Api(e) => write!(f, "exporting the dataset failed: {e}"),
            ExportError::Read(e) => write!(f, "reading the export failed: {e}"),
            ExportError::Write(e) => write!(f, "writing the export failed: {e}"),
        }
    }
}

impl std::error::Error for ExportError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ExportError::Api(e) => Some(e),
            ExportError::Read(e) => Some(e),
            ExportError::Write(e) => Some(e),
        }
    }
}

/// The progress callback of an export.
pub type OnProgress<'p> = &'p mut (dyn FnMut(&ExportProgress) + Send);

/// Writes the items of the dataset `dataset_id` as `format` to `writer`, one chunk at a
/// time as it arrives (one request: memory stays at about one chunk), calling `progress`
/// after each chunk. `params` says which items and how (`clean`, `fields`, `offset`,
/// `limit`, `bom`, `delimiter`, ...); its `format` is replaced by `format`. Returns the
/// final progress. The writer is not flushed; `writer` blocks the task while it writes,
/// as writing to a file does (use [`export_async`] for a tokio writer).
pub async fn export<A, W>(
    api: &A,
    dataset_id: &str,
    format: ExportFormat,
    params: &DatasetItemsGetParams,
    writer: &mut W,
    mut progress: Option<OnProgress<'_>>,
) -> Result<ExportProgress, ExportError>
where
    A: ApifyApi + ?Sized,
    W: std::io::Write + ?Sized,
{
    let (mut body, mut done) = open(api, dataset_id, format, params).await?;
    while let Some(chunk) = body.next().await {
        let chunk = chunk.map_err(ExportError::Read)?;
        writer.write_all(&chunk).map_err(ExportError::Write)?;
        advance(&mut done, chunk.len(), &mut progress);
    }
    Ok(done)
}

/// Like [`export`], to a tokio `AsyncWrite` (flushed at the end).
pub async fn export_async<A, W>(
    api: &A,
    dataset_id: &str,
    format: ExportFormat,
    params: &DatasetItemsGetParams,
    writer: &mut W,
    mut progress: Option<OnProgress<'_>>,
) -> Result<ExportProgress, ExportError>
where
    A: ApifyApi + ?Sized,
    W: AsyncWrite + Unpin + ?Sized,
{
    let (mut body, mut done) = open(api, dataset_id, format, params).await?;
    while let Some(chunk) = body.next().await {
        let chunk = chunk.map_err(ExportError::Read)?;
        writer.write_all(&chunk).await.map_err(ExportError::Write)?;
        advance(&mut done, chunk.len(), &mut progress);
    }
    writer.flush().await.map_err(ExportError::Write)?;
    Ok(done)
}

/// Asks for the export; the body is not read yet.
async fn open<A>(
    api: &A,
    dataset_id: &str,
    format: ExportFormat,
    params: &DatasetItemsGetParams,
) -> Result<(ByteStream, ExportProgress), ExportError>
where
    A: ApifyApi + ?Sized,
{
    let full = match format {
        ExportFormat::Csv => api.dataset_items_get_csv_bytes(dataset_id, params).await,
        ExportFormat::JsonLines => api.dataset_items_get_jsonl_bytes(dataset_id, params).await,
    }
    .map_err(ExportError::Api)?;
    let total_items = full
        .raw_header("X-Apify-Pagination-Total")
        .and_then(|total| total.trim().parse().ok());
    let progress = ExportProgress {
        total_items,
        ..ExportProgress::default()
    };
    Ok((full.body, progress))
}

fn advance(done: &mut ExportProgress, len: usize, progress: &mut Option<OnProgress<'_>>) {
    done.bytes += len as u64;
    done.chunks += 1;
    if let Some(progress) = progress {
        progress(done);
    }
}
