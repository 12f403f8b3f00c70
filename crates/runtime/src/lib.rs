//! Hand-written support that every generated API crate calls: validation with JSON-pointer
//! paths, format-typed strings that keep their wire text, secrets that never print, decoding
//! with the failing path, and the HTTP transport with retries.
//!
//! Nothing in here knows about a particular API: what differs per API is emitted by
//! `specforge-codegen` into the generated crate.
//!
//! The `http` feature (on by default) adds the `http` module: the transport, its retries
//! and the operation error type, with reqwest and tokio behind them. Without it the crate is
//! what generated `models` and `validate` modules need, and nothing that does I/O.

pub mod de;
pub mod decode;
pub mod field;
pub mod formats;
#[cfg(feature = "http")]
pub mod http;
mod macros;
pub mod param;
pub mod pointer;
pub mod secret;
pub mod ser;
pub mod text;
pub mod validate;

pub use decode::DecodeError;
pub use formats::{Date, DateTime, Email, FormatError, Uri, Uuid};
#[cfg(feature = "http")]
pub use http::{Error, ErrorContext, ErrorKind};
pub use param::ParamValue;
pub use secret::Secret;
pub use text::FromText;
pub use validate::{Path, Validate, Violation, Violations};

/// Any JSON object: the type of `additional_properties` (properties a schema does not name).
pub type Object = serde_json::Map<String, serde_json::Value>;

/// serde, for the macros the generated code calls.
#[doc(hidden)]
pub use serde as __serde;
