//! What [`crate::object!`] does with each field of a struct, by the field's kind: `de` turns
//! the slot the decoder filled (`None` when the property was absent) into the field, `ser`
//! writes the field as a map entry. One module per kind, so the macro names each by its token:
//!
//! - `req`: a required property (`T`; `Option<T>` when it is nullable, `null` being `None`);
//!   absent is an error;
//! - `opt`: an optional property (`Option<T>`): absent or `null` is `None`, and `None` is
//!   left out when writing;
//! - `opt_null`: an optional, nullable property (`Option<Option<T>>`): absent is `None`,
//!   `null` is `Some(None)` and is written back as `null`;
//! - `req_num`, `opt_num`, `opt_null_num`: the same for floats, written back as JSON
//!   producers write them ([`crate::ser::js_number`]).
//!
//! Helpers are shared by every struct (one instance per field type), so each struct's own
//! code is a line per field.

use serde::ser::SerializeMap;
use serde::Serialize;

use crate::ser::{Js, JsNumber};

/// A required property.
pub mod req {
    use super::*;

    /// The field, or the error serde's derive gives for a missing property.
    #[inline]
    pub fn de<T, E: serde::de::Error>(slot: Option<T>, wire: &'static str) -> Result<T, E> {
        match slot {
            Some(value) => Ok(value),
            None => Err(E::missing_field(wire)),
        }
    }

    /// Writes the field.
    #[inline]
    pub fn ser<M: SerializeMap, T: Serialize + ?Sized>(
        map: &mut M,
        wire: &'static str,
        value: &T,
    ) -> Result<(), M::Error> {
        map.serialize_entry(wire, value)
    }
}

/// An optional property.
pub mod opt {
    use super::*;

    /// The field: absent and `null` are both `None`.
    #[inline]
    pub fn de<T, E>(slot: Option<Option<T>>, _wire: &'static str) -> Result<Option<T>, E> {
        Ok(slot.flatten())
    }

    /// Writes the field when it is present.
    #[inline]
    pub fn ser<M: SerializeMap, T: Serialize>(
        map: &mut M,
        wire: &'static str,
        value: &Option<T>,
    ) -> Result<(), M::Error> {
        match value {
            Some(value) => map.serialize_entry(wire, value),
            None => Ok(()),
        }
    }
}

/// An optional, nullable property.
pub mod opt_null {
    pub use super::opt::ser;

    /// The field: absent is `None`, `null` is `Some(None)`.
    #[inline]
    pub fn de<T, E>(slot: Option<Option<T>>, _wire: &'static str) -> Result<Option<Option<T>>, E> {
        Ok(slot)
    }
}

/// A required property holding floats.
pub mod req_num {
    pub use super::req::de;
    use super::*;

    /// Writes the field, whole values as integers.
    #[inline]
    pub fn ser<M: SerializeMap, T: JsNumber>(
        map: &mut M,
        wire: &'static str,
        value: &T,
    ) -> Result<(), M::Error> {
        map.serialize_entry(wire, &Js(value))
    }
}

/// An optional property holding floats.
pub mod opt_num {
    pub use super::opt::de;
    use super::*;

    /// Writes the field when it is present, whole values as integers.
    #[inline]
    pub fn ser<M: SerializeMap, T: JsNumber>(
        map: &mut M,
        wire: &'static str,
        value: &Option<T>,
    ) -> Result<(), M::Error> {
        match value {
            Some(value) => map.serialize_entry(wire, &Js(value)),
            None => Ok(()),
        }
    }
}

/// An optional, nullable property holding floats.
pub mod opt_null_num {
    pub use super::opt_null::de;
    pub use super::opt_num::ser;
}

/// Writes the properties a struct keeps beyond its own (`additional_properties`), after
/// its fields.
#[inline]
pub fn extra<'a, M, V>(
    map: &mut M,
    entries: impl IntoIterator<Item = (&'a String, &'a V)>,
) -> Result<(), M::Error>
where
    M: SerializeMap,
    V: Serialize + 'a,
{
    for (key, value) in entries {
        map.serialize_entry(key, value)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use crate::decode::{from_str, from_value};

    /// An open object, as generated code declares one.
    #[derive(Debug, Clone, PartialEq)]
    struct Open {
        id: String,
        note: Option<String>,
        size: Option<i64>,
        gone: Option<Option<String>>,
        ratio: f64,
        scores: Option<Vec<f64>>,
        inner: Option<Closed>,
        additional_properties: crate::Object,
    }
    crate::object!(Open {
        id: "id" req,
        note: "note" req,
        size: "size" opt,
        gone: "gone" opt_null,
        ratio: "ratio" req_num,
        scores: "scores" opt_num,
        inner: "inner" opt,
    } keep);

    /// A closed object (`additionalProperties: false`).
    #[derive(Debug, Clone, PartialEq)]
    struct Closed {
        a: i64,
        r#type: Option<String>,
    }
    crate::object!(Closed { a: "a" req, r#type: "type" opt } deny);

    /// Unknown properties of one type (`additionalProperties: {type: integer}`).
    #[derive(Debug, Clone, PartialEq)]
    struct Typed {
        name: String,
        additional_properties: BTreeMap<String, i64>,
    }
    crate::object!(Typed { name: "name" req } keep);

    /// No properties of its own.
    #[derive(Debug, Clone, PartialEq)]
    struct Empty {
        additional_properties: crate::Object,
    }
    crate::object!(Empty {} keep);

    #[test]
    fn round_trips_unknown_properties_after_the_fields() {
        let text = r#"{"x":[1,{"y":null}],"id":"i","note":null,"gone":null,"ratio":49.0,"scores":[0.5,2.0],"z":"last"}"#;
        let open: Open = from_str(text).unwrap();
        assert_eq!(open.note, None);
        assert_eq!(open.size, None);
        assert_eq!(open.gone, Some(None));
        assert_eq!(open.additional_properties.len(), 2);
        assert_eq!(
            serde_json::to_string(&open).unwrap(),
            r#"{"id":"i","note":null,"gone":null,"ratio":49,"scores":[0.5,2],"x":[1,{"y":null}],"z":"last"}"#
        );
        // Absent and null stay apart; an optional `null` reads as absent.
        let open: Open = from_str(r#"{"id":"i","note":"n","size":null,"ratio":0.25}"#).unwrap();
        assert_eq!((open.size, &open.gone), (None, &None));
        assert_eq!(
            serde_json::to_string(&open).unwrap(),
            r#"{"id":"i","note":"n","ratio":0.25}"#
        );
        let empty: Empty = from_str(r#"{"a":1}"#).unwrap();
        assert_eq!(serde_json::to_string(&empty).unwrap(), r#"{"a":1}"#);
    }

    #[test]
    fn decode_failures_name_their_pointer() {
        let e = from_str::<Open>(r#"{"note":null,"ratio":1}"#).unwrap_err();
        assert_eq!(
            (e.path.as_str(), e.message.as_str()),
            ("/id", "missing field `id`")
        );
        // A required nullable property must still be present.
        let e = from_str::<Open>(r#"{"id":"i","ratio":1}"#).unwrap_err();
        assert_eq!(e.path, "/note", "{e}");
        let e =
            from_str::<Open>(r#"{"id":"i","note":null,"ratio":1,"inner":{"a":"x"}}"#).unwrap_err();
        assert_eq!(e.path, "/inner/a", "{e}");
        let e = from_str::<Open>(r#"{"id":"i","id":"j","note":null,"ratio":1}"#).unwrap_err();
        assert!(e.message.starts_with("duplicate field `id`"), "{e}");
        let e = from_str::<Closed>(r#"{"a":1,"b":2}"#).unwrap_err();
        assert_eq!(e.path, "/b", "{e}");
        assert_eq!(e.message, "unknown field `b`, expected `a` or `type`");
        let e = from_str::<Typed>(r#"{"name":"n","count":"many"}"#).unwrap_err();
        assert_eq!(e.path, "/count", "{e}");
        let e = from_str::<Vec<Closed>>(r#"[{"a":1},[1]]"#).unwrap_err();
        assert_eq!(e.path, "/1", "{e}");
        assert!(
            e.message
                .starts_with("invalid type: sequence, expected struct Closed"),
            "{e}"
        );
    }

    #[test]
    fn reads_from_every_kind_of_input() {
        let text = r#"{"a":1,"type":"t"}"#;
        let expected = Closed {
            a: 1,
            r#type: Some("t".into()),
        };
        // Borrowed keys (slice), keys lent briefly (reader), owned keys (value).
        assert_eq!(from_str::<Closed>(text).unwrap(), expected);
        assert_eq!(
            serde_json::from_reader::<_, Closed>(text.as_bytes()).unwrap(),
            expected
        );
        let value: serde_json::Value = serde_json::from_str(text).unwrap();
        assert_eq!(from_value::<Closed>(value.clone()).unwrap(), expected);
        assert_eq!(
            <Closed as serde::Deserialize>::deserialize(&value).unwrap(),
            expected
        );
        let typed: Typed =
            serde_json::from_reader(r#"{"name":"n","b":2,"a":1}"#.as_bytes()).unwrap();
        assert_eq!(
            serde_json::to_string(&typed).unwrap(),
            r#"{"name":"n","a":1,"b":2}"#
        );
    }
}
