//! Serde helpers the generated models name in `#[serde(deserialize_with = ...)]`.
//!
//! They keep the three states of an OpenAPI property apart: absent, present and `null`,
//! present with a value.

use serde::{Deserialize, Deserializer};

/// For a property that is optional *and* nullable, typed `Option<Option<T>>`:
/// absent is `None` (via `#[serde(default)]`), `null` is `Some(None)`, a value is
/// `Some(Some(v))`. Serializing `Some(None)` writes `null` back, so round trips are exact.
pub fn double_option<'de, T, D>(deserializer: D) -> Result<Option<Option<T>>, D::Error>
where
    T: Deserialize<'de>,
    D: Deserializer<'de>,
{
    Option::<T>::deserialize(deserializer).map(Some)
}

/// For a property that is required *and* nullable, typed `Option<T>`: naming a
/// `deserialize_with` function makes serde report a missing property as an error instead of
/// quietly treating it as `null`.
pub fn required_nullable<'de, T, D>(deserializer: D) -> Result<Option<T>, D::Error>
where
    T: Deserialize<'de>,
    D: Deserializer<'de>,
{
    Option::<T>::deserialize(deserializer)
}

/// Deserializes a string-valued enum through `from`, borrowing the text when the input
/// allows, so known values never allocate.
pub fn str_enum<'de, T, D>(deserializer: D, from: fn(&str) -> T) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
{
    struct Visitor<T>(fn(&str) -> T);
    impl<T> serde::de::Visitor<'_> for Visitor<T> {
        type Value = T;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("a string")
        }
        fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<T, E> {
            Ok((self.0)(v))
        }
    }
    deserializer.deserialize_str(Visitor(from))
}

/// Deserializes a union told apart by the string property `tag`: the value is read once,
/// then `pick` decodes it as the alternative its tag names (or keeps it, for a tag this
/// version does not know). A missing tag is an error naming the property; a failure inside
/// the chosen alternative names its path relative to the union.
pub fn tagged<'de, T, D>(
    deserializer: D,
    tag: &str,
    pick: impl FnOnce(&str, serde_json::Value) -> Result<T, crate::DecodeError>,
) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
{
    use serde::de::Error;
    let value = serde_json::Value::deserialize(deserializer)?;
    let Some(found) = value
        .get(tag)
        .and_then(serde_json::Value::as_str)
        .map(str::to_owned)
    else {
        return Err(D::Error::custom(format_args!(
            "missing or non-string discriminator property `{tag}`"
        )));
    };
    // `decode` moves an inner path written as `at /inner: ` onto the error's own path.
    pick(&found, value).map_err(|e| {
        if e.path.is_empty() {
            D::Error::custom(format_args!("{} (as `{tag}: {found}`)", e.message))
        } else {
            D::Error::custom(format_args!(
                "at {}: {} (as `{tag}: {found}`)",
                e.path, e.message
            ))
        }
    })
}

/// One alternative of an untagged union: decodes the value as that alternative, returning it
/// with the number of properties it did not recognise (kept in `additional_properties`).
pub type Alternative<T> = fn(&serde_json::Value) -> Result<(T, usize), crate::DecodeError>;

/// Deserializes an untagged union of objects by trying every alternative and keeping the one
/// that decodes with the fewest unrecognised properties (ties go to the earlier one). With
/// objects that keep unknown properties, "the first that decodes" would depend on the order
/// the spec lists them in; this picks the one the value actually fits. When none decodes, the
/// error is the one from the alternative that got furthest (deepest path), with that path.
pub fn untagged<'de, T, D>(
    deserializer: D,
    name: &str,
    alternatives: &[(&str, Alternative<T>)],
) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
{
    use serde::de::Error;
    let value = serde_json::Value::deserialize(deserializer)?;
    let mut best: Option<(T, usize)> = None;
    let mut furthest: Option<(&str, crate::DecodeError)> = None;
    for (alternative, decode) in alternatives {
        match decode(&value) {
            Ok((decoded, unknown)) => {
                if best.as_ref().is_none_or(|(_, fewest)| unknown < *fewest) {
                    best = Some((decoded, unknown));
                }
                if unknown == 0 {
                    break;
                }
            }
            Err(e) => {
                if furthest
                    .as_ref()
                    .is_none_or(|(_, f)| e.path.len() > f.path.len())
                {
                    furthest = Some((alternative, e));
                }
            }
        }
    }
    match (best, furthest) {
        (Some((decoded, _)), _) => Ok(decoded),
        (None, Some((alternative, e))) if !e.path.is_empty() => {
            Err(D::Error::custom(format_args!(
                "at {}: {} (matches none of the alternatives of {name}; closest: {alternative})",
                e.path, e.message
            )))
        }
        (None, Some((alternative, e))) => Err(D::Error::custom(format_args!(
            "{} (matches none of the alternatives of {name}; closest: {alternative})",
            e.message
        ))),
        (None, None) => Err(D::Error::custom(format_args!("{name} has no alternatives"))),
    }
}
