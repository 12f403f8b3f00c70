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
    // The inner path goes to the decode entry point beside the error, not inside its text.
    pick(&found, value).map_err(|e| {
        crate::decode::inner_failure(e.path, format!("{} (as `{tag}: {found}`)", e.message))
    })
}

/// One alternative of an untagged union of objects, as the generated code describes it.
#[derive(Debug)]
pub struct Alternative<T> {
    /// The alternative's name, for error messages.
    pub name: &'static str,
    /// The property names it knows, or `None` when it is not an object.
    pub known: Option<&'static [&'static str]>,
    /// The properties it requires.
    pub required: &'static [&'static str],
    /// Decodes the value as this alternative.
    pub decode: fn(&serde_json::Value) -> Result<T, crate::DecodeError>,
}

/// Deserializes an untagged union of objects by fit rather than by order: alternatives are
/// ranked by how many required properties the value lacks, then by how many of its
/// properties they do not know, and decoded best first; the first that decodes wins. With
/// objects that keep unknown properties, serde's "first that decodes" would let the spec's
/// order decide. Ranking reads only the value's keys, so each level decodes once when the
/// value fits an alternative exactly (no exponential retrying on recursive unions); when the
/// best fit is exact and still fails, its error is the answer, with its path.
pub fn untagged<'de, T, D>(
    deserializer: D,
    name: &str,
    alternatives: &[Alternative<T>],
) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
{
    use serde::de::Error;
    let value = serde_json::Value::deserialize(deserializer)?;
    let keys = value.as_object();
    let mut ranked: Vec<(usize, usize, &Alternative<T>)> = alternatives
        .iter()
        .map(|a| match (a.known, keys) {
            (Some(known), Some(map)) => {
                let missing = a.required.iter().filter(|r| !map.contains_key(**r)).count();
                let unknown = map.keys().filter(|k| !known.contains(&k.as_str())).count();
                (missing, unknown, a)
            }
            (Some(_), None) => (usize::MAX, usize::MAX, a),
            (None, Some(map)) => (0, map.len().max(1), a),
            (None, None) => (0, 0, a),
        })
        .collect();
    // Stable: ties keep the spec's order.
    ranked.sort_by_key(|(missing, unknown, _)| (*missing, *unknown));
    let mut furthest: Option<(&str, crate::DecodeError)> = None;
    for (i, (missing, unknown, alternative)) in ranked.iter().enumerate() {
        match (alternative.decode)(&value) {
            Ok(decoded) => return Ok(decoded),
            Err(e) => {
                let exact = i == 0 && *missing == 0 && *unknown == 0;
                if exact
                    || furthest
                        .as_ref()
                        .is_none_or(|(_, f)| e.path.len() > f.path.len())
                {
                    furthest = Some((alternative.name, e));
                }
                if exact {
                    break;
                }
            }
        }
    }
    match furthest {
        Some((alternative, e)) => Err(crate::decode::inner_failure(
            e.path,
            format!(
                "{} (matches none of the alternatives of {name}; closest: {alternative})",
                e.message
            ),
        )),
        None => Err(D::Error::custom(format_args!("{name} has no alternatives"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    static DECODES: AtomicUsize = AtomicUsize::new(0);

    /// A recursive union of two objects, as generated code declares one.
    #[derive(Debug)]
    #[allow(dead_code)]
    enum Node {
        A(Box<A>),
        B(Box<B>),
    }

    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct A {
        x: i64,
        child: Option<Node>,
        #[serde(flatten)]
        extra: crate::Object,
    }

    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct B {
        y: i64,
        child: Option<Node>,
        #[serde(flatten)]
        extra: crate::Object,
    }

    impl<'de> Deserialize<'de> for Node {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            untagged(
                deserializer,
                "Node",
                &[
                    Alternative {
                        name: "A",
                        known: Some(&["x", "child"]),
                        required: &["x"],
                        decode: |v| {
                            DECODES.fetch_add(1, Ordering::Relaxed);
                            crate::decode::from_value_ref::<A>(v).map(|a| Node::A(Box::new(a)))
                        },
                    },
                    Alternative {
                        name: "B",
                        known: Some(&["y", "child"]),
                        required: &["y"],
                        decode: |v| {
                            DECODES.fetch_add(1, Ordering::Relaxed);
                            crate::decode::from_value_ref::<B>(v).map(|b| Node::B(Box::new(b)))
                        },
                    },
                ],
            )
        }
    }

    fn nested(depth: usize, leaf: serde_json::Value) -> serde_json::Value {
        let mut value = leaf;
        for i in 0..depth {
            value = if i % 2 == 0 {
                serde_json::json!({"y": 1, "child": value})
            } else {
                serde_json::json!({"x": 1, "child": value})
            };
        }
        value
    }

    #[test]
    fn recursive_unions_decode_each_level_once() {
        let depth = 30;
        DECODES.store(0, Ordering::Relaxed);
        let value = nested(depth, serde_json::json!({"x": 0}));
        let node: Node = crate::decode::from_value(value).unwrap();
        assert!(matches!(node, Node::A(_)), "the outermost level has `x`");
        // Every level fits one alternative exactly, so each is decoded once (trying both at
        // every level would be 2^30 decodes).
        assert_eq!(DECODES.load(Ordering::Relaxed), depth + 1);

        // A bad leaf fails fast too, naming the innermost path.
        DECODES.store(0, Ordering::Relaxed);
        let error =
            crate::decode::from_value::<Node>(nested(depth, serde_json::json!({"x": "no"})))
                .unwrap_err();
        assert!(
            DECODES.load(Ordering::Relaxed) <= 2 * (depth + 1),
            "{}",
            DECODES.load(Ordering::Relaxed)
        );
        assert_eq!(
            error.path,
            format!("{}/x", "/child".repeat(depth)),
            "{error}"
        );
    }
}
