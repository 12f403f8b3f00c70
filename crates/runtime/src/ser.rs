//! Writing floats as JSON producers write them, for the generated models' serde impls
//! ([`crate::field`], [`crate::newtype!`]).

use std::collections::BTreeMap;

use serde::ser::{SerializeMap, SerializeSeq};
use serde::Serializer;

/// A JSON number held as a Rust float, written back the way JSON producers write it: a
/// whole value within +/-2^53 as an integer (`49`, not `49.0`), so that a decode -> encode
/// round trip of an API response is exact.
pub trait JsNumber {
    /// Serializes `self` with whole values as integers.
    fn serialize_js<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error>;
}

/// Largest integer every `f64` between -2^53 and 2^53 represents exactly.
const EXACT: f64 = 9_007_199_254_740_992.0;

impl JsNumber for f64 {
    fn serialize_js<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if self.fract() == 0.0 && self.abs() <= EXACT && !(*self == 0.0 && self.is_sign_negative())
        {
            serializer.serialize_i64(*self as i64)
        } else {
            serializer.serialize_f64(*self)
        }
    }
}

impl JsNumber for f32 {
    fn serialize_js<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        f64::from(*self).serialize_js(serializer)
    }
}

/// A float (or a shape of floats) serialized as [`JsNumber`] says.
#[derive(Debug, Clone, Copy)]
pub struct Js<'a, T: ?Sized>(pub &'a T);

impl<T: JsNumber + ?Sized> serde::Serialize for Js<'_, T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize_js(serializer)
    }
}

impl<T: JsNumber> JsNumber for Option<T> {
    fn serialize_js<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Some(value) => value.serialize_js(serializer),
            None => serializer.serialize_none(),
        }
    }
}

impl<T: JsNumber> JsNumber for Vec<T> {
    fn serialize_js<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut seq = serializer.serialize_seq(Some(self.len()))?;
        for item in self {
            seq.serialize_element(&Js(item))?;
        }
        seq.end()
    }
}

impl<T: JsNumber> JsNumber for BTreeMap<String, T> {
    fn serialize_js<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.len()))?;
        for (key, value) in self {
            map.serialize_entry(key, &Js(value))?;
        }
        map.end()
    }
}

/// `serialize_with` target for any shape of floats (`f64`, `Option<f64>`, `Vec<f64>`, ...).
pub fn js_number<T: JsNumber, S: Serializer>(value: &T, serializer: S) -> Result<S::Ok, S::Error> {
    value.serialize_js(serializer)
}

#[cfg(test)]
mod tests {
    #[derive(serde::Serialize)]
    struct Holder {
        #[serde(serialize_with = "super::js_number")]
        a: f64,
        #[serde(serialize_with = "super::js_number")]
        b: Option<Vec<f64>>,
    }

    #[test]
    fn whole_floats_are_written_as_integers() {
        let h = Holder {
            a: 49.0,
            b: Some(vec![0.5, 1e300, -3.0, -0.0]),
        };
        assert_eq!(
            serde_json::to_string(&h).unwrap(),
            r#"{"a":49,"b":[0.5,1e+300,-3,-0.0]}"#
        );
    }
}
