//! Key-value store records as JSON, text or bytes, and a store's keys as a stream.
//!
//! A record is any value with a content type. [`get_json`], [`get_text`] and [`get_bytes`]
//! read one (`GET /v2/key-value-stores/{storeId}/records/{recordKey}`, the body streamed and
//! then decoded; a missing record is `Ok(None)`); [`put_json`], [`put_text`] and
//! [`put_bytes`] write one (`PUT`, with the matching `Content-Type`); [`keys`] pages through
//! a store's keys (`exclusiveStartKey` / `nextExclusiveStartKey`, as declared in
//! `schemas/apify/overlays`).
//!
//! ```no_run
//! # async fn demo(client: &apify_api::Client) -> Result<(), Box<dyn std::error::Error>> {
//! use apify_api::client::KeyValueStoreKeysGetParams;
//! use apify_api::key_value;
//!
//! #[derive(serde::Deserialize, Debug)]
//! struct State {
//!     processed: u64,
//! }
//!
//! key_value::put_json(client, "my-store", "STATE", &serde_json::json!({"processed": 10})).await?;
//! let state: Option<State> = key_value::get_json(client, "my-store", "STATE").await?;
//! let readme = key_value::get_text(client, "my-store", "README").await?;
//! println!("{state:?} {}", readme.unwrap_or_default().len());
//!
//! let params = KeyValueStoreKeysGetParams { prefix: Some("run-".into()), ..Default::default() };
//! let mut keys = key_value::keys(client, "my-store", &params);
//! while let Some(key) = keys.next().await {
//!     let key = key?;
//!     println!("{} ({} bytes)", key.key, key.size);
//! }
//! # Ok(())
//! # }
//! ```

use std::fmt;

use serde::de::DeserializeOwned;
use serde::Serialize;
use specforge_runtime::http::Pages;
use specforge_runtime::DecodeError;

use crate::client::{
    KeyValueStoreKeysGetError, KeyValueStoreKeysGetParams, KeyValueStoreRecordGetError,
    KeyValueStoreRecordGetParams, KeyValueStoreRecordPutError, KeyValueStoreRecordPutParams,
};
use crate::models::KeyValueStoreKey;
use crate::{ApifyApi, Error, StreamError};

/// A record's value as stored: its bytes and the content type it was stored with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    /// The `Content-Type` the record was stored with, if the API sent one.
    pub content_type: Option<String>,
    /// The value.
    pub bytes: Vec<u8>,
}

/// Why a record could not be read or written.
#[derive(Debug)]
pub enum RecordError {
    /// The API refused to read the record (a missing record is `Ok(None)`, not this).
    Get(Error<KeyValueStoreRecordGetError>),
    /// The record's body broke off or timed out while it was read.
    Read(StreamError),
    /// The record is not JSON of the type asked for.
    Decode(DecodeError),
    /// The record is not UTF-8 text.
    NotText(std::string::FromUtf8Error),
    /// The value to write did not encode as JSON.
    Encode(serde_json::Error),
    /// The API refused to write the record.
    Put(Error<KeyValueStoreRecordPutError>),
}

impl fmt::Display for RecordError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RecordError::Get(e) => write!(f, "reading the record failed: {e}"),
            RecordError::Read(e) => write!(f, "reading the record's value failed: {e}"),
            RecordError::Decode(e) => write!(f, "the record is not the JSON asked for: {e}"),
            RecordError::NotText(e) => write!(f, "the record is not UTF-8 text: {e}"),
            RecordError::Encode(e) => write!(f, "the value did not encode as JSON: {e}"),
            RecordError::Put(e) => write!(f, "writing the record failed: {e}"),
        }
    }
}

impl std::error::Error for RecordError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            RecordError::Get(e) => Some(e),
            RecordError::Read(e) => Some(e),
            RecordError::Decode(e) => Some(e),
            RecordError::NotText(e) => Some(e),
            RecordError::Encode(e) => Some(e),
            RecordError::Put(e) => Some(e),
        }
    }
}

/// The record `key` of the store `store_id` as stored (`None` if there is no such record:
/// the API answered 404).
pub async fn get_bytes<A>(api: &A, store_id: &str, key: &str) -> Result<Option<Record>, RecordError>
where
    A: ApifyApi + ?Sized,
{
    let params = KeyValueStoreRecordGetParams::default();
    let full = match api
        .key_value_store_record_get_bytes(store_id, key, &params)
        .await
    {
        Ok(full) => full,
        Err(e)
            if matches!(
                e.documented(),
                Some(KeyValueStoreRecordGetError::NotFound(_))
            ) =>
        {
            return Ok(None)
        }
        Err(e) => return Err(RecordError::Get(e)),
    };
    let content_type = full.raw_header("content-type").map(str::to_owned);
    let bytes = full.body.collect().await.map_err(RecordError::Read)?;
    Ok(Some(Record {
        content_type,
        bytes,
    }))
}

/// The record `key` decoded from JSON as `T` (`None` if there is no such record). The
/// record's content type is not checked: a value that decodes is accepted.
pub async fn get_json<T, A>(api: &A, store_id: &str, key: &str) -> Result<Option<T>, RecordError>
where
    T: DeserializeOwned,
    A: ApifyApi + ?Sized,
{
    match get_bytes(api, store_id, key).await? {
        None => Ok(None),
        Some(record) => specforge_runtime::decode::from_slice(&record.bytes)
            .map(Some)
            .map_err(RecordError::Decode),
    }
}

/// The record `key` as UTF-8 text (`None` if there is no such record).
pub async fn get_text<A>(api: &A, store_id: &str, key: &str) -> Result<Option<String>, RecordError>
where
    A: ApifyApi + ?Sized,
{
    match get_bytes(api, store_id, key).await? {
        None => Ok(None),
        Some(record) => String::from_utf8(record.bytes)
            .map(Some)
            .map_err(RecordError::NotText),
    }
}

/// The content type [`put_json`] sends.
pub const JSON: &str = "application/json; charset=utf-8";

/// The content type [`put_text`] sends.
pub const TEXT: &str = "text/plain; charset=utf-8";

/// Writes `bytes` as the record `key` of the store `store_id`, stored with `content_type`
/// (which the record is read back with), replacing any value there.
pub async fn put_bytes<A>(
    api: &A,
    store_id: &str,
    key: &str,
    content_type: &str,
    bytes: &[u8],
) -> Result<(), RecordError>
where
    A: ApifyApi + ?Sized,
{
    let params = KeyValueStoreRecordPutParams::default();
    api.key_value_store_record_put_bytes(store_id, key, &params, content_type, bytes)
        .await
        .map(drop)
        .map_err(RecordError::Put)
}

/// Writes `value` as JSON (any JSON: an object, a list, a string, ...) as the record `key`,
/// stored as `application/json`.
pub async fn put_json<T, A>(
    api: &A,
    store_id: &str,
    key: &str,
    value: &T,
) -> Result<(), RecordError>
where
    T: Serialize + ?Sized,
    A: ApifyApi + ?Sized,
{
    let bytes = serde_json::to_vec(value).map_err(RecordError::Encode)?;
    put_bytes(api, store_id, key, JSON, &bytes).await
}

/// Writes `text` as the record `key`, stored as `text/plain; charset=utf-8`.
pub async fn put_text<A>(api: &A, store_id: &str, key: &str, text: &str) -> Result<(), RecordError>
where
    A: ApifyApi + ?Sized,
{
    put_bytes(api, store_id, key, TEXT, text.as_bytes()).await
}

/// Every key of the store `store_id` (from `params.exclusive_start_key` on, filtered by
/// `params.prefix` and `params.collection`), page after page; pages are fetched as they
/// are needed, and the stream ends when the API says the list is not truncated.
pub fn keys<'a, A>(
    api: &'a A,
    store_id: &'a str,
    params: &'a KeyValueStoreKeysGetParams,
) -> Pages<'a, KeyValueStoreKey, KeyValueStoreKeysGetError>
where
    A: ApifyApi + Sync + ?Sized,
{
    api.key_value_store_keys_get_stream(store_id, params)
}
