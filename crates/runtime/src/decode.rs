//! JSON decoding that names the JSON pointer of whatever failed.
//!
//! Text is decoded with plain serde_json, once. When that fails, serde_json's error says
//! where in the text it stopped, and [`locate`] reads the text up to there to name the value
//! it stopped in. The path costs a scan of the text, on failure only, and nothing in the
//! code compiled for each type: a path-tracking deserializer (serde_path_to_error) compiles a
//! second decoder for every type a crate decodes.
//!
//! An already-parsed value (what a union decodes its alternatives from) has no text, so
//! [`from_value_ref`] tracks the path with serde_path_to_error. Below a tagged or untagged
//! union (`de::tagged`, `de::untagged`) the union decodes its inner value on its own, so the
//! failure's inner path arrives here out of band: the union records it in a thread-local
//! slot together with the exact message of the error it returns, and the decode entry points
//! take it from there (never from the message text).

mod locate;

use std::cell::RefCell;

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
/// looked at again: with whole numbers written as floats (`1.0`, `1e2`) read as the integers
/// JSON Schema says they are ([`crate::de::whole_floats_as_integers`]), and, if it still
/// fails, to say where the first failure was.
pub fn from_slice<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, DecodeError> {
    clear_inner();
    let error = match serde_json::from_slice(bytes) {
        Ok(value) => return Ok(value),
        Err(error) => error,
    };
    // The first failure's union record, kept aside while the retry makes its own.
    let recorded = INNER.with(|slot| slot.borrow_mut().take());
    if let Ok(mut tree) = serde_json::from_slice::<serde_json::Value>(bytes) {
        if crate::de::whole_floats_as_integers(&mut tree) {
            // Through text again rather than `T::deserialize(&tree)`: one decoder per type.
            if let Ok(value) = serde_json::to_vec(&tree)
                .map_err(drop)
                .and_then(|text| serde_json::from_slice(&text).map_err(drop))
            {
                return Ok(value);
            }
        }
    }
    INNER.with(|slot| *slot.borrow_mut() = recorded);
    Err(located(bytes, &error))
}

/// The failure `error` of decoding `text`, with the path of the value it stopped in.
fn located(text: &[u8], error: &serde_json::Error) -> DecodeError {
    let (line, column) = (error.line(), error.column());
    let mut message = error.to_string();
    let mut path = String::new();
    if line > 0 {
        // serde_json appends " at line L column C" to its messages when it knows the
        // position (it exposes the numbers too); we report those apart, so the exact suffix
        // is cut.
        let suffix = format!(" at line {line} column {column}");
        if message.ends_with(&suffix) {
            message.truncate(message.len() - suffix.len());
        }
        path = locate::pointer_at(text, locate::offset_of(text, line, column));
    }
    finish(path, message, line, column)
}

/// Decodes `text` as JSON into `T`, naming the path of the first value that failed.
pub fn from_str<T: DeserializeOwned>(text: &str) -> Result<T, DecodeError> {
    from_slice(text.as_bytes())
}

/// Decodes an already-parsed JSON value into `T`, naming the failing path (whole numbers
/// written as floats are integers, as in [`from_slice`]).
pub fn from_value<T: DeserializeOwned>(value: serde_json::Value) -> Result<T, DecodeError> {
    from_value_ref(&value)
}

/// Decodes a borrowed JSON value into `T` without copying it, naming the failing path
/// (whole numbers written as floats are integers, as in [`from_slice`]).
pub fn from_value_ref<T: DeserializeOwned>(value: &serde_json::Value) -> Result<T, DecodeError> {
    clear_inner();
    let error = match serde_path_to_error::deserialize(value) {
        Ok(decoded) => return Ok(decoded),
        Err(e) => e,
    };
    // Copied only when there is something to rewrite: unions try alternatives that fail.
    let mut tree = if crate::de::has_whole_floats(value) {
        value.clone()
    } else {
        serde_json::Value::Null
    };
    if crate::de::whole_floats_as_integers(&mut tree) {
        clear_inner();
        if let Ok(decoded) = T::deserialize(&tree) {
            return Ok(decoded);
        }
    }
    let path = pointer_of(error.path());
    let inner = error.into_inner();
    Err(finish(path, inner.to_string(), 0, 0))
}

/// Completes the path of a failure: a failure inside a union gets the inner path its union
/// recorded, and a missing property is pointed at.
fn finish(mut path: String, message: String, line: usize, column: usize) -> DecodeError {
    if let Some(inner) = take_inner(&message) {
        path.push_str(&inner);
    }
    // serde reports a missing property at the object that lacks it; point at the property.
    // serde offers no typed form of this error (`de::Error::missing_field` builds the same
    // custom message, and serde_json keeps only the text), so its standard message is read.
    if let Some(name) = message
        .strip_prefix("missing field `")
        .and_then(|rest| rest.strip_suffix('`'))
    {
        path.push('/');
        push_escaped(&mut path, name);
    }
    // A whole number too big for the integer type: serde says only "floating point".
    let message = match message
        .strip_prefix("invalid type: floating point `")
        .and_then(|rest| rest.split_once("`, expected "))
    {
        Some((number, expected))
            if number.parse::<f64>().is_ok_and(|x| x.fract() == 0.0)
                && ["i64", "i32", "u64", "u32"].contains(&expected) =>
        {
            format!("{message} (a whole number beyond the range of {expected}, the integer type the schema's format gives)")
        }
        _ => message,
    };
    DecodeError {
        path,
        message,
        line,
        column,
    }
}

/// A union's inner failure, on its way from the union's deserializer to the decode entry
/// point that returns it.
struct InnerFailure {
    /// JSON pointer of the failure, relative to the union's value.
    pointer: String,
    /// The exact message of the serde error the union returned for it.
    message: String,
}

thread_local! {
    /// The latest union failure on this thread that no entry point has taken yet.
    static INNER: RefCell<Option<InnerFailure>> = const { RefCell::new(None) };
}

/// The error a union's deserializer returns for a failure at `pointer` (relative to the
/// union's value) saying `message`: a custom serde error with exactly that message, whose
/// path the decode entry point completes with `pointer`.
pub(crate) fn inner_failure<E: serde::de::Error>(pointer: String, message: String) -> E {
    let error = E::custom(&message);
    INNER.with(|slot| *slot.borrow_mut() = Some(InnerFailure { pointer, message }));
    error
}

/// Forgets a recorded failure (one whose error a deserializer caught and recovered from).
fn clear_inner() {
    // `take` first so the old strings are dropped outside the borrow.
    drop(INNER.with(|slot| slot.borrow_mut().take()));
}

/// The inner pointer recorded for the error whose message is `message`, if that error is
/// the one recorded: a stale entry never attaches to an unrelated error.
fn take_inner(message: &str) -> Option<String> {
    INNER
        .with(|slot| slot.borrow_mut().take())
        .filter(|failure| failure.message == message)
        .map(|failure| failure.pointer)
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

    /// A tagged union, as generated code declares one.
    #[derive(Debug)]
    #[allow(dead_code)]
    enum Shape {
        Circle(Circle),
        Other(serde_json::Value),
    }

    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Circle {
        radius: u32,
        center: Vec<u32>,
    }

    impl<'de> serde::Deserialize<'de> for Shape {
        fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            crate::de::tagged(deserializer, "kind", |tag, value| match tag {
                "circle" => from_value(value).map(Shape::Circle),
                _ => Ok(Shape::Other(value)),
            })
        }
    }

    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Drawing {
        shapes: Vec<Shape>,
    }

    #[test]
    fn failures_inside_a_tagged_union_name_the_full_path() {
        let text =
            r#"{"shapes":[{"kind":"square"},{"kind":"circle","radius":1,"center":[1,"x"]}]}"#;
        let from_text = from_str::<Drawing>(text).unwrap_err();
        assert_eq!(from_text.path, "/shapes/1/center/1", "{from_text}");
        assert!(
            from_text.message.ends_with("(as `kind: circle`)"),
            "{from_text}"
        );
        assert!(from_text.line > 0, "{from_text:?}");
        let value: serde_json::Value = serde_json::from_str(text).unwrap();
        let from_tree = from_value::<Drawing>(value.clone()).unwrap_err();
        assert_eq!(from_tree.path, "/shapes/1/center/1", "{from_tree}");
        assert_eq!(from_tree.message, from_text.message);
        let from_ref = from_value_ref::<Drawing>(&value).unwrap_err();
        assert_eq!(from_ref.path, "/shapes/1/center/1", "{from_ref}");

        // A missing property inside the union is pointed at too.
        let e = from_str::<Drawing>(r#"{"shapes":[{"kind":"circle","center":[]}]}"#).unwrap_err();
        assert_eq!(e.path, "/shapes/0/radius", "{e}");
    }

    #[test]
    fn a_stale_union_failure_never_attaches_to_another_error() {
        // A union failure that a deserializer caught: its record stays behind.
        let caught: Result<Shape, _> = from_str(r#"{"kind":"circle","radius":"r","center":[]}"#);
        assert!(caught.is_err());
        let _ = inner_failure::<serde_json::Error>("/stale".to_owned(), "elsewhere".to_owned());
        // An unrelated failure does not pick it up.
        let e = from_str::<Inner>(r#"{"name":"x","items":["no"]}"#).unwrap_err();
        assert_eq!(e.path, "/items/0", "{e}");
        // Nor does an unrelated failure with a message that happens to look like a path.
        let _ = inner_failure::<serde_json::Error>("/stale".to_owned(), "elsewhere".to_owned());
        let e = from_str::<Vec<Inner>>(r#"[{"name":"x"}]"#).unwrap_err();
        assert_eq!(e.path, "/0/items", "{e}");
        // A message that reads like a path is only a message.
        let e = from_str::<Vec<PathLike>>("[1]").unwrap_err();
        assert_eq!(
            (e.path.as_str(), e.message.as_str()),
            ("/0", "at /inner: boom")
        );
    }

    /// Fails with a message that starts like a JSON pointer.
    #[derive(Debug)]
    struct PathLike;

    impl<'de> serde::Deserialize<'de> for PathLike {
        fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            struct Refuse;
            impl serde::de::Visitor<'_> for Refuse {
                type Value = PathLike;
                fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                    f.write_str("anything")
                }
                fn visit_u64<E: serde::de::Error>(self, _: u64) -> Result<PathLike, E> {
                    Err(E::custom("at /inner: boom"))
                }
            }
            deserializer.deserialize_any(Refuse)
        }
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
