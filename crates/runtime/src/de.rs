//! Decoding helpers the generated models call: reading a struct from a JSON object by
//! property name ([`FromMap`], used by [`crate::object!`]), string enums without
//! allocating, tagged and untagged unions, and whole numbers written as floats.

use std::marker::PhantomData;

use serde::de::{DeserializeSeed, MapAccess, Visitor};
use serde::{Deserialize, Deserializer};

/// A struct the generated code reads from a JSON object without serde's derive
/// ([`crate::object!`] implements it): known properties by name, the others kept or refused.
pub trait FromMap<'de>: Sized {
    /// The type's name, for "expected struct `NAME`" messages.
    const NAME: &'static str;

    /// Reads the struct from the entries of `map`.
    fn from_map<A: MapAccess<'de>>(map: A) -> Result<Self, A::Error>;
}

/// The one visitor every [`FromMap`] struct shares.
struct MapVisitor<T>(PhantomData<T>);

impl<'de, T: FromMap<'de>> Visitor<'de> for MapVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "struct {}", T::NAME)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
        T::from_map(map)
    }
}

/// `Deserialize::deserialize` of a [`FromMap`] struct: a JSON object, nothing else.
pub fn from_map<'de, T: FromMap<'de>, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<T, D::Error> {
    deserializer.deserialize_map(MapVisitor(PhantomData))
}

/// A property name as read: borrowed from the input when it allows, one of the struct's
/// own names when the input lends it only briefly, owned otherwise. Known names never
/// allocate.
#[derive(Debug)]
pub enum Key<'de> {
    /// One of the names the struct knows.
    Known(&'static str),
    /// Borrowed from the input.
    Borrowed(&'de str),
    /// Copied out of the input.
    Owned(String),
}

impl Key<'_> {
    /// The name.
    pub fn as_str(&self) -> &str {
        match self {
            Key::Known(key) => key,
            Key::Borrowed(key) => key,
            Key::Owned(key) => key,
        }
    }

    /// The name, owned (for the map of unknown properties).
    pub fn into_string(self) -> String {
        match self {
            Key::Known(key) => key.to_owned(),
            Key::Borrowed(key) => key.to_owned(),
            Key::Owned(key) => key,
        }
    }
}

/// Reads a property name, looking it up among the struct's `known` names only when the
/// input cannot lend it, or always when the struct is closed (`additionalProperties:
/// false`): an unknown name is then refused while it is read, so the decode error's path
/// names it, as with serde's derive.
#[derive(Debug, Clone, Copy)]
pub struct KeySeed {
    known: &'static [&'static str],
    closed: bool,
}

impl KeySeed {
    /// For a struct that keeps unknown properties.
    pub const fn open(known: &'static [&'static str]) -> Self {
        KeySeed {
            known,
            closed: false,
        }
    }

    /// For a struct that refuses unknown properties.
    pub const fn closed(known: &'static [&'static str]) -> Self {
        KeySeed {
            known,
            closed: true,
        }
    }

    fn find(&self, key: &str) -> Option<&'static str> {
        self.known.iter().find(|known| **known == key).copied()
    }

    fn refuse<E: serde::de::Error>(&self, key: &str) -> Result<(), E> {
        if self.closed && self.find(key).is_none() {
            return Err(E::unknown_field(key, self.known));
        }
        Ok(())
    }
}

impl<'de> DeserializeSeed<'de> for KeySeed {
    type Value = Key<'de>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Key<'de>, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for KeySeed {
    type Value = Key<'de>;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a property name")
    }

    fn visit_borrowed_str<E: serde::de::Error>(self, v: &'de str) -> Result<Key<'de>, E> {
        self.refuse(v)?;
        Ok(Key::Borrowed(v))
    }

    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Key<'de>, E> {
        match self.find(v) {
            Some(known) => Ok(Key::Known(known)),
            None => {
                self.refuse(v)?;
                Ok(Key::Owned(v.to_owned()))
            }
        }
    }

    fn visit_string<E: serde::de::Error>(self, v: String) -> Result<Key<'de>, E> {
        self.refuse(&v)?;
        Ok(Key::Owned(v))
    }
}

/// Reads the value of a known property into its slot; a property given twice is an error,
/// as with serde's derive.
pub fn field<'de, A, T>(
    map: &mut A,
    slot: &mut Option<T>,
    wire: &'static str,
) -> Result<(), A::Error>
where
    A: MapAccess<'de>,
    T: Deserialize<'de>,
{
    if slot.is_some() {
        return Err(serde::de::Error::duplicate_field(wire));
    }
    *slot = Some(map.next_value()?);
    Ok(())
}

/// Where a struct keeps the properties its schema does not name: any JSON
/// ([`crate::Object`]) or values of one type (`BTreeMap<String, T>`, from
/// `additionalProperties: {schema}`).
pub trait Extra<'de>: Default {
    /// The type of each kept value.
    type Value: Deserialize<'de>;

    /// Keeps one property.
    fn keep(&mut self, key: String, value: Self::Value);
}

impl<'de> Extra<'de> for crate::Object {
    type Value = serde_json::Value;

    fn keep(&mut self, key: String, value: serde_json::Value) {
        self.insert(key, value);
    }
}

impl<'de, T: Deserialize<'de>> Extra<'de> for std::collections::BTreeMap<String, T> {
    type Value = T;

    fn keep(&mut self, key: String, value: T) {
        self.insert(key, value);
    }
}

/// Reads the value of a property the struct does not name into `extra`.
pub fn extra<'de, A, M>(map: &mut A, extra: &mut M, key: Key<'de>) -> Result<(), A::Error>
where
    A: MapAccess<'de>,
    M: Extra<'de>,
{
    let value = map.next_value()?;
    extra.keep(key.into_string(), value);
    Ok(())
}

/// The error for a property a closed struct (`additionalProperties: false`) does not name,
/// worded as serde's derive words it. [`KeySeed::closed`] refuses such a name as it reads
/// it (so the error's path names the property); this is for a decoder that hands over a
/// name without it.
pub fn unknown_field<E: serde::de::Error>(key: &Key<'_>, known: &'static [&'static str]) -> E {
    E::unknown_field(key.as_str(), known)
}

/// Rewrites every number in `value` that is whole but written as a float (`1.0`, `1e2`) as
/// the integer it is, when it fits `i64` or `u64`; returns whether anything changed.
///
/// JSON Schema counts such numbers as integers, serde does not; the decode entry points
/// ([`crate::decode`]) call this only after a plain decode failed, so well-formed input
/// never pays for it.
pub fn whole_floats_as_integers(value: &mut serde_json::Value) -> bool {
    use serde_json::Value;
    match value {
        Value::Number(n) if n.is_f64() => {
            let x = n.as_f64().unwrap_or(f64::NAN);
            // Every whole float below 2^63 in magnitude converts to i64 exactly (and below
            // 2^64 to u64).
            let whole = if x.fract() != 0.0 || !x.is_finite() {
                None
            } else if (-9.223_372_036_854_776e18..9.223_372_036_854_776e18).contains(&x) {
                Some(serde_json::Number::from(x as i64))
            } else if (0.0..1.844_674_407_370_955_2e19).contains(&x) {
                Some(serde_json::Number::from(x as u64))
            } else {
                None
            };
            match whole {
                Some(whole) => {
                    *n = whole;
                    true
                }
                None => false,
            }
        }
        Value::Array(items) => items.iter_mut().fold(false, |changed, item| {
            whole_floats_as_integers(item) | changed
        }),
        Value::Object(map) => map.values_mut().fold(false, |changed, item| {
            whole_floats_as_integers(item) | changed
        }),
        _ => false,
    }
}

/// Whether [`whole_floats_as_integers`] would change anything in `value`.
pub fn has_whole_floats(value: &serde_json::Value) -> bool {
    use serde_json::Value;
    match value {
        Value::Number(n) => n.as_f64().is_some_and(|x| {
            n.is_f64() && x.fract() == 0.0 && x.abs() < 1.844_674_407_370_955_2e19
        }),
        Value::Array(items) => items.iter().any(has_whole_floats),
        Value::Object(map) => map.values().any(has_whole_floats),
        _ => false,
    }
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
    whole_value(deserializer, |value| {
        let Some(found) = value
            .get(tag)
            .and_then(serde_json::Value::as_str)
            .map(str::to_owned)
        else {
            return Err(Refusal::Message(format!(
                "missing or non-string discriminator property `{tag}`"
            )));
        };
        // The inner path goes to the decode entry point beside the error, not inside its text.
        pick(&found, value).map_err(|e| Refusal::Inner {
            pointer: e.path,
            message: format!("{} (as `{tag}: {found}`)", e.message),
        })
    })
}

/// Why a union refused its value.
enum Refusal {
    /// A failure of the union itself, at the union's value.
    Message(String),
    /// A failure inside the value, at `pointer` below it (see [`crate::decode`]).
    Inner { pointer: String, message: String },
}

/// Reads a whole JSON value and hands it to `decide` from inside the deserializer's visitor.
///
/// A union must see its whole value before it can tell what it is, so it reads it first. Had
/// it refused the value after `Deserialize::deserialize` returned, serde_json would give the
/// error the position of wherever the enclosing object or array ended; refused from inside
/// the visitor, the error is placed at the end of the union's own value, which is how
/// [`crate::decode`] names the union's path from the position alone.
fn whole_value<'de, T, D>(
    deserializer: D,
    decide: impl FnOnce(serde_json::Value) -> Result<T, Refusal>,
) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
{
    use serde::de::value::{MapAccessDeserializer, SeqAccessDeserializer};
    use serde::de::{Error, SeqAccess};
    use serde_json::Value;

    struct Whole<F>(F);

    impl<F> Whole<F> {
        fn decide<T, E: Error>(self, value: Value) -> Result<T, E>
        where
            F: FnOnce(Value) -> Result<T, Refusal>,
        {
            (self.0)(value).map_err(|refusal| match refusal {
                Refusal::Message(message) => E::custom(message),
                Refusal::Inner { pointer, message } => {
                    crate::decode::inner_failure(pointer, message)
                }
            })
        }
    }

    impl<'de, T, F: FnOnce(Value) -> Result<T, Refusal>> Visitor<'de> for Whole<F> {
        type Value = T;

        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("any JSON value")
        }

        fn visit_bool<E: Error>(self, v: bool) -> Result<T, E> {
            self.decide(Value::Bool(v))
        }

        fn visit_i64<E: Error>(self, v: i64) -> Result<T, E> {
            self.decide(Value::from(v))
        }

        fn visit_u64<E: Error>(self, v: u64) -> Result<T, E> {
            self.decide(Value::from(v))
        }

        fn visit_f64<E: Error>(self, v: f64) -> Result<T, E> {
            // As serde_json's own `Value` reads it: a number JSON cannot hold is null.
            self.decide(serde_json::Number::from_f64(v).map_or(Value::Null, Value::Number))
        }

        fn visit_str<E: Error>(self, v: &str) -> Result<T, E> {
            self.decide(Value::String(v.to_owned()))
        }

        fn visit_string<E: Error>(self, v: String) -> Result<T, E> {
            self.decide(Value::String(v))
        }

        fn visit_unit<E: Error>(self) -> Result<T, E> {
            self.decide(Value::Null)
        }

        fn visit_none<E: Error>(self) -> Result<T, E> {
            self.decide(Value::Null)
        }

        fn visit_some<D2: Deserializer<'de>>(self, inner: D2) -> Result<T, D2::Error> {
            let value = Value::deserialize(inner)?;
            self.decide(value)
        }

        fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<T, A::Error> {
            let value = Value::deserialize(SeqAccessDeserializer::new(seq))?;
            self.decide(value)
        }

        fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
            let value = Value::deserialize(MapAccessDeserializer::new(map))?;
            self.decide(value)
        }
    }

    deserializer.deserialize_any(Whole(decide))
}

/// One alternative of an untagged union, as the generated code describes it.
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

/// How one alternative of an untagged union fared.
enum Fit<T> {
    /// It cannot be this alternative (not an object, or a required property is missing).
    Impossible(&'static str),
    /// It did not decode.
    Undecodable(crate::DecodeError),
    /// It decoded but broke a constraint.
    Invalid(T),
}

/// Deserializes an untagged union (`oneOf` / `anyOf` without a discriminator) by matching
/// its alternatives as JSON Schema does: a value matches an alternative when it decodes as
/// it *and* validates against it (`validate`, the union's own check, run as a probe that
/// allocates nothing when the value is fine).
///
/// - `anyOf` (`exclusive` false): the first match in fit order wins.
/// - `oneOf` (`exclusive` true): exactly one alternative may match; a value that matches
///   several is refused, naming them.
/// - When none matches but exactly one decodes, that one is kept: `validate()` then reports
///   its violations. When several decode and none validates, or none decodes, the error
///   names each alternative's first problem (or, when only one was possible, its error
///   with its path).
///
/// Fit order: alternatives are ranked by how many required properties the value lacks,
/// then by how many of its properties they do not know; ties keep the spec's order. An
/// object alternative that lacks a required property, or a non-object value for one, is
/// not decoded at all, so each level of a recursive union decodes once when the value fits
/// one alternative (no exponential retrying).
pub fn untagged<'de, T, D>(
    deserializer: D,
    name: &str,
    exclusive: bool,
    validate: fn(&T, &crate::Path<'_>, &mut crate::Violations),
    alternatives: &[Alternative<T>],
) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
{
    whole_value(deserializer, |value| {
        untagged_value(value, name, exclusive, validate, alternatives)
    })
}

/// [`untagged`] once the value is read.
fn untagged_value<T>(
    value: serde_json::Value,
    name: &str,
    exclusive: bool,
    validate: fn(&T, &crate::Path<'_>, &mut crate::Violations),
    alternatives: &[Alternative<T>],
) -> Result<T, Refusal> {
    let keys = value.as_object();
    let mut ranked: Vec<(usize, usize, usize)> = alternatives
        .iter()
        .enumerate()
        .map(|(i, a)| match (a.known, keys) {
            (Some(known), Some(map)) => {
                let missing = a.required.iter().filter(|r| !map.contains_key(**r)).count();
                let unknown = map.keys().filter(|k| !known.contains(&k.as_str())).count();
                (missing, unknown, i)
            }
            (Some(_), None) => (usize::MAX, usize::MAX, i),
            (None, Some(map)) => (0, map.len().max(1), i),
            (None, None) => (0, 0, i),
        })
        .collect();
    // Stable: ties keep the spec's order.
    ranked.sort_by_key(|(missing, unknown, _)| (*missing, *unknown));
    let passes = |decoded: &T| {
        let mut probe = crate::Violations::probe();
        validate(decoded, &crate::Path::ROOT, &mut probe);
        probe.is_empty()
    };
    let mut matched: Option<T> = None;
    let mut matches: Vec<&str> = Vec::new();
    let mut fits: Vec<(&str, Fit<T>)> = Vec::new();
    for &(missing, _, i) in &ranked {
        let alternative = &alternatives[i];
        if alternative.known.is_some() && (keys.is_none() || missing > 0) {
            let why = if keys.is_none() {
                "not an object"
            } else {
                "a required property is missing"
            };
            fits.push((alternative.name, Fit::Impossible(why)));
            continue;
        }
        match (alternative.decode)(&value) {
            Err(e) => fits.push((alternative.name, Fit::Undecodable(e))),
            Ok(decoded) if passes(&decoded) => {
                matches.push(alternative.name);
                if matched.is_none() {
                    matched = Some(decoded);
                }
                if !exclusive {
                    break;
                }
            }
            Ok(decoded) => fits.push((alternative.name, Fit::Invalid(decoded))),
        }
    }
    if matches.len() > 1 {
        return Err(Refusal::Message(format!(
            "matches {} alternatives of {name} ({}), but oneOf allows exactly one",
            matches.len(),
            matches.join(", ")
        )));
    }
    if let Some(decoded) = matched {
        return Ok(decoded);
    }
    let decoded = fits
        .iter()
        .filter(|(_, fit)| matches!(fit, Fit::Invalid(_)))
        .count();
    if decoded == 1 {
        // The one alternative that decodes is what the value is meant to be: kept, so that
        // `validate()` reports its violations with their paths.
        let kept = fits.into_iter().find_map(|(_, fit)| match fit {
            Fit::Invalid(value) => Some(value),
            _ => None,
        });
        if let Some(value) = kept {
            return Ok(value);
        }
        return Err(Refusal::Message(format!("{name}: internal error")));
    }
    let possible: Vec<&(&str, Fit<T>)> = fits
        .iter()
        .filter(|(_, fit)| !matches!(fit, Fit::Impossible(_)))
        .collect();
    if let [(alternative, Fit::Undecodable(e))] = possible.as_slice() {
        return Err(Refusal::Inner {
            pointer: e.path.clone(),
            message: format!(
                "{} (matches none of the alternatives of {name}; the only possible one is {alternative})",
                e.message
            ),
        });
    }
    let mut reasons = String::new();
    for (alternative, fit) in &fits {
        if !reasons.is_empty() {
            reasons.push_str("; ");
        }
        let why = match fit {
            Fit::Impossible(why) => (*why).to_owned(),
            Fit::Undecodable(e) => e.to_string(),
            Fit::Invalid(value) => {
                let mut out = crate::Violations::default();
                validate(value, &crate::Path::ROOT, &mut out);
                out.iter()
                    .next()
                    .map_or_else(String::new, ToString::to_string)
            }
        };
        reasons.push_str(alternative);
        reasons.push_str(": ");
        reasons.push_str(&why);
    }
    if fits.is_empty() {
        return Err(Refusal::Message(format!("{name} has no alternatives")));
    }
    Err(Refusal::Message(format!(
        "matches none of the alternatives of {name} ({reasons})"
    )))
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
                false,
                |_, _, _| {},
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
