//! JSON decoding that names the JSON pointer of whatever failed.

use serde::de::DeserializeOwned;

use crate::validate::push_escaped;

/// A body that did not decode into its type: where, what, and the raw text it came from.
#[derive(Clone, PartialEq, Eq)]
pub struct DecodeError {
    /// JSON pointer of the value that failed (`""` for the whole body).
    pub path: String,
    /// What serde said, e.g. ``invalid type: integer `5`, expected a string``.
    pub message: String,
    /// 1-based line in the body where decoding stopped (0 when unknown).
    pub line: usize,
    /// 1-based column in the body where decoding stopped (0 when unknown).
    pub column: usize,
}

impl std::fmt::Debug for DecodeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "DecodeError({self})")
    }
}

impl std::fmt::Display for DecodeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let path = if self.path.is_empty() {
            "(root)"
        } else {
            &self.path
        };
        write!(f, "{path}: {}", self.message)?;
        if self.line > 0 {
            write!(f, " (line {}, column {})", self.line, self.column)?;
        }
        Ok(())
    }
}

impl std::error::Error for DecodeError {}

/// Decodes `bytes` as JSON into `T`, naming the path of the first value that failed.
///
/// Valid input is decoded at plain serde_json speed; only when that fails is the input
/// decoded again with path tracking, to say where.
pub fn from_slice<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, DecodeError> {
    match serde_json::from_slice(bytes) {
        Ok(value) => Ok(value),
        Err(_) => from_slice_tracked(bytes),
    }
}

/// [`from_slice`] with path tracking from the start.
fn from_slice_tracked<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, DecodeError> {
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let value = serde_path_to_error::deserialize(&mut de).map_err(convert)?;
    de.end().map_err(|e| DecodeError {
        path: String::new(),
        message: e.to_string(),
        line: e.line(),
        column: e.column(),
    })?;
    Ok(value)
}

/// Decodes `text` as JSON into `T`, naming the path of the first value that failed.
pub fn from_str<T: DeserializeOwned>(text: &str) -> Result<T, DecodeError> {
    from_slice(text.as_bytes())
}

/// Decodes an already-parsed JSON value into `T`, naming the failing path.
pub fn from_value<T: DeserializeOwned>(value: serde_json::Value) -> Result<T, DecodeError> {
    // Tracking from the start: the value is consumed by the first attempt.
    serde_path_to_error::deserialize(value).map_err(|e| {
        let path = pointer_of(e.path());
        let inner = e.into_inner();
        finish(path, inner.to_string(), 0, 0)
    })
}

/// Decodes a borrowed JSON value into `T` without copying it, naming the failing path.
pub fn from_value_ref<T: DeserializeOwned>(value: &serde_json::Value) -> Result<T, DecodeError> {
    serde_path_to_error::deserialize(value).map_err(|e| {
        let path = pointer_of(e.path());
        let inner = e.into_inner();
        finish(path, inner.to_string(), 0, 0)
    })
}

fn convert(e: serde_path_to_error::Error<serde_json::Error>) -> DecodeError {
    let path = pointer_of(e.path());
    let inner = e.into_inner();
    let (line, column) = (inner.line(), inner.column());
    // serde_json appends " at line L column C" to its messages; we report those apart.
    let mut message = inner.to_string();
    if let Some(cut) = message.rfind(" at line ") {
        message.truncate(cut);
    }
    finish(path, message, line, column)
}

/// serde reports a missing property at the object that lacks it; point at the property.
/// An error from inside a tagged union (`at /inner: ...`, see `de::tagged`) gets its inner
/// path appended.
fn finish(mut path: String, mut message: String, line: usize, column: usize) -> DecodeError {
    if let Some(rest) = message.strip_prefix("at /") {
        if let Some((inner, text)) = rest.split_once(": ") {
            path.push('/');
            path.push_str(inner);
            message = text.to_owned();
        }
    }
    if let Some(name) = message
        .strip_prefix("missing field `")
        .and_then(|rest| rest.strip_suffix('`'))
    {
        path.push('/');
        push_escaped(&mut path, name);
    }
    DecodeError {
        path,
        message,
        line,
        column,
    }
}

fn pointer_of(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut out = String::new();
    for segment in path.iter() {
        match segment {
            Segment::Seq { index } => {
                out.push('/');
                out.push_str(&index.to_string());
            }
            Segment::Map { key } => {
                out.push('/');
                push_escaped(&mut out, key);
            }
            Segment::Enum { .. } | Segment::Unknown => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Outer {
        data: Inner,
    }

    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Inner {
        name: String,
        items: Vec<u32>,
    }

    #[test]
    fn names_wrong_type_and_missing_field() {
        let e = from_str::<Outer>(r#"{"data":{"name":"x","items":[1,"two"]}}"#).unwrap_err();
        assert_eq!(e.path, "/data/items/1");
        let e = from_str::<Outer>(r#"{"data":{"items":[]}}"#).unwrap_err();
        assert_eq!(e.path, "/data/name");
        assert!(e
            .to_string()
            .starts_with("/data/name: missing field `name`"));
        let e = from_str::<Outer>(r#"{"data":{"name":"x","items":[1"#).unwrap_err();
        assert!(e.message.contains("EOF"), "{e}");
    }
}
