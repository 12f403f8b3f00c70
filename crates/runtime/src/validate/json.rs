//! `Json`, a JSON literal that generated code can write in `static` position, and the
//! allocation-free comparison of any `Serialize` value with one (for `const` and `enum`).
//!
//! The comparison is a `serde::Serializer` that walks the value as serde_json would write
//! it and checks each piece against the literal as it goes: nothing is buffered, so a value
//! that matches costs no allocation.

use std::fmt::{self, Write as _};

use serde::ser::{self, Serialize};

/// A JSON value written as Rust constants, e.g. `Json::Str("FREE")` or
/// `Json::Array(&[Json::Int(1), Json::Int(2)])`.
///
/// `Display` writes compact JSON text, as `serde_json::to_string` would.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Json {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A whole number that fits `i64`.
    Int(i64),
    /// A whole number above `i64::MAX`.
    UInt(u64),
    /// Any other number.
    Float(f64),
    /// A string.
    Str(&'static str),
    /// An array, in order.
    Array(&'static [Json]),
    /// An object; the order of its properties does not matter when comparing.
    Object(&'static [(&'static str, Json)]),
}

impl fmt::Display for Json {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Json::Null => f.write_str("null"),
            Json::Bool(b) => write!(f, "{b}"),
            Json::Int(i) => write!(f, "{i}"),
            Json::UInt(u) => write!(f, "{u}"),
            // serde_json writes floats with ryu (`1.0`, `1e300`) and non-finite ones as null.
            Json::Float(x) => match serde_json::Number::from_f64(*x) {
                Some(number) => write!(f, "{number}"),
                None => f.write_str("null"),
            },
            Json::Str(s) => write_string(f, s),
            Json::Array(items) => {
                f.write_char('[')?;
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        f.write_char(',')?;
                    }
                    write!(f, "{item}")?;
                }
                f.write_char(']')
            }
            Json::Object(entries) => {
                f.write_char('{')?;
                for (i, (key, value)) in entries.iter().enumerate() {
                    if i > 0 {
                        f.write_char(',')?;
                    }
                    write_string(f, key)?;
                    write!(f, ":{value}")?;
                }
                f.write_char('}')
            }
        }
    }
}

/// Writes `s` as a JSON string, escaped as serde_json escapes it.
fn write_string(f: &mut fmt::Formatter<'_>, s: &str) -> fmt::Result {
    f.write_char('"')?;
    let mut start = 0;
    for (i, c) in s.char_indices() {
        let escape = match c {
            '"' => "\\\"",
            '\\' => "\\\\",
            '\u{8}' => "\\b",
            '\u{c}' => "\\f",
            '\n' => "\\n",
            '\r' => "\\r",
            '\t' => "\\t",
            c if c < ' ' => "",
            _ => continue,
        };
        f.write_str(&s[start..i])?;
        if escape.is_empty() {
            write!(f, "\\u{:04x}", c as u32)?;
        } else {
            f.write_str(escape)?;
        }
        start = i + c.len_utf8();
    }
    f.write_str(&s[start..])?;
    f.write_char('"')
}

/// Serializes the literal as the JSON it stands for.
impl Serialize for Json {
    fn serialize<S: ser::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use ser::{SerializeMap, SerializeSeq};
        match self {
            Json::Null => serializer.serialize_unit(),
            Json::Bool(b) => serializer.serialize_bool(*b),
            Json::Int(i) => serializer.serialize_i64(*i),
            Json::UInt(u) => serializer.serialize_u64(*u),
            Json::Float(x) => serializer.serialize_f64(*x),
            Json::Str(s) => serializer.serialize_str(s),
            Json::Array(items) => {
                let mut seq = serializer.serialize_seq(Some(items.len()))?;
                for item in *items {
                    seq.serialize_element(item)?;
                }
                seq.end()
            }
            Json::Object(entries) => {
                let mut map = serializer.serialize_map(Some(entries.len()))?;
                for (key, value) in *entries {
                    map.serialize_entry(key, value)?;
                }
                map.end()
            }
        }
    }
}

/// Whether `value`, serialized to JSON, equals `expected`: numbers by value (`1` equals
/// `1.0`), object properties as sets, arrays in order. Allocates nothing.
pub fn equals<T: Serialize + ?Sized>(value: &T, expected: &Json) -> bool {
    value.serialize(Compare { expected }).is_ok()
}

/// The value differs from the literal (or would not serialize).
#[derive(Debug)]
struct Mismatch;

impl fmt::Display for Mismatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("the value differs from the expected JSON")
    }
}

impl std::error::Error for Mismatch {}

impl ser::Error for Mismatch {
    fn custom<T: fmt::Display>(_message: T) -> Self {
        Mismatch
    }
}

fn check(equal: bool) -> Result<(), Mismatch> {
    if equal {
        Ok(())
    } else {
        Err(Mismatch)
    }
}

/// A JSON number as serde hands it over.
#[derive(Clone, Copy)]
enum Number {
    Int(i128),
    Float(f64),
}

impl Number {
    fn of(json: &Json) -> Option<Number> {
        match *json {
            Json::Int(i) => Some(Number::Int(i.into())),
            Json::UInt(u) => Some(Number::Int(u.into())),
            Json::Float(x) => Some(Number::Float(x)),
            _ => None,
        }
    }

    /// Equal by value, exactly: a float equals an integer only when it is that whole number.
    fn equals(self, other: Number) -> bool {
        match (self, other) {
            (Number::Int(a), Number::Int(b)) => a == b,
            (Number::Float(a), Number::Float(b)) => a == b,
            (Number::Int(i), Number::Float(x)) | (Number::Float(x), Number::Int(i)) => {
                // Every whole float in this range converts to i128 exactly.
                const LIMIT: f64 = 170_141_183_460_469_231_731_687_303_715_884_105_728.0;
                x.fract() == 0.0 && (-LIMIT..LIMIT).contains(&x) && x as i128 == i
            }
        }
    }
}

/// Compares what is serialized into it with `expected`.
struct Compare<'a> {
    expected: &'a Json,
}

impl<'a> Compare<'a> {
    fn number(self, number: Number) -> Result<(), Mismatch> {
        // serde_json writes a non-finite float as `null`.
        if let Number::Float(x) = number {
            if !x.is_finite() {
                return check(matches!(self.expected, Json::Null));
            }
        }
        check(Number::of(self.expected).is_some_and(|expected| expected.equals(number)))
    }

    fn string(self, value: &str) -> Result<(), Mismatch> {
        check(matches!(self.expected, Json::Str(s) if *s == value))
    }

    /// `{variant: ...}`, as serde_json writes a newtype, tuple or struct variant: the
    /// literal must be an object with that one property; returns its value.
    fn variant(self, variant: &str) -> Result<&'a Json, Mismatch> {
        match self.expected {
            Json::Object([(key, value)]) if *key == variant => Ok(value),
            _ => Err(Mismatch),
        }
    }

    fn array(expected: &'a Json) -> Result<CompareSeq<'a>, Mismatch> {
        match expected {
            Json::Array(items) => Ok(CompareSeq { items, next: 0 }),
            _ => Err(Mismatch),
        }
    }

    fn object(expected: &'a Json) -> Result<CompareMap<'a>, Mismatch> {
        match expected {
            Json::Object(entries) => Ok(CompareMap {
                entries,
                seen: 0,
                count: 0,
                pending: None,
            }),
            _ => Err(Mismatch),
        }
    }
}

impl<'a> ser::Serializer for Compare<'a> {
    type Ok = ();
    type Error = Mismatch;
    type SerializeSeq = CompareSeq<'a>;
    type SerializeTuple = CompareSeq<'a>;
    type SerializeTupleStruct = CompareSeq<'a>;
    type SerializeTupleVariant = CompareSeq<'a>;
    type SerializeMap = CompareMap<'a>;
    type SerializeStruct = CompareMap<'a>;
    type SerializeStructVariant = CompareMap<'a>;

    fn serialize_bool(self, v: bool) -> Result<(), Mismatch> {
        check(*self.expected == Json::Bool(v))
    }

    fn serialize_i8(self, v: i8) -> Result<(), Mismatch> {
        self.number(Number::Int(v.into()))
    }

    fn serialize_i16(self, v: i16) -> Result<(), Mismatch> {
        self.number(Number::Int(v.into()))
    }

    fn serialize_i32(self, v: i32) -> Result<(), Mismatch> {
        self.number(Number::Int(v.into()))
    }

    fn serialize_i64(self, v: i64) -> Result<(), Mismatch> {
        self.number(Number::Int(v.into()))
    }

    fn serialize_i128(self, v: i128) -> Result<(), Mismatch> {
        self.number(Number::Int(v))
    }

    fn serialize_u8(self, v: u8) -> Result<(), Mismatch> {
        self.number(Number::Int(v.into()))
    }

    fn serialize_u16(self, v: u16) -> Result<(), Mismatch> {
        self.number(Number::Int(v.into()))
    }

    fn serialize_u32(self, v: u32) -> Result<(), Mismatch> {
        self.number(Number::Int(v.into()))
    }

    fn serialize_u64(self, v: u64) -> Result<(), Mismatch> {
        self.number(Number::Int(v.into()))
    }

    fn serialize_u128(self, v: u128) -> Result<(), Mismatch> {
        // A u128 above i128::MAX is above every literal.
        i128::try_from(v).map_or(Err(Mismatch), |v| self.number(Number::Int(v)))
    }

    fn serialize_f32(self, v: f32) -> Result<(), Mismatch> {
        self.number(Number::Float(v.into()))
    }

    fn serialize_f64(self, v: f64) -> Result<(), Mismatch> {
        self.number(Number::Float(v))
    }

    fn serialize_char(self, v: char) -> Result<(), Mismatch> {
        self.string(v.encode_utf8(&mut [0; 4]))
    }

    fn serialize_str(self, v: &str) -> Result<(), Mismatch> {
        self.string(v)
    }

    fn serialize_bytes(self, v: &[u8]) -> Result<(), Mismatch> {
        // serde_json writes bytes as an array of numbers.
        let mut seq = Compare::array(self.expected)?;
        for byte in v {
            ser::SerializeSeq::serialize_element(&mut seq, byte)?;
        }
        ser::SerializeSeq::end(seq)
    }

    fn serialize_none(self) -> Result<(), Mismatch> {
        check(matches!(self.expected, Json::Null))
    }

    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), Mismatch> {
        value.serialize(self)
    }

    fn serialize_unit(self) -> Result<(), Mismatch> {
        check(matches!(self.expected, Json::Null))
    }

    fn serialize_unit_struct(self, _name: &'static str) -> Result<(), Mismatch> {
        check(matches!(self.expected, Json::Null))
    }

    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<(), Mismatch> {
        self.string(variant)
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<(), Mismatch> {
        value.serialize(self)
    }

    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<(), Mismatch> {
        let expected = self.variant(variant)?;
        value.serialize(Compare { expected })
    }

    fn serialize_seq(self, _len: Option<usize>) -> Result<CompareSeq<'a>, Mismatch> {
        Compare::array(self.expected)
    }

    fn serialize_tuple(self, _len: usize) -> Result<CompareSeq<'a>, Mismatch> {
        Compare::array(self.expected)
    }

    fn serialize_tuple_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<CompareSeq<'a>, Mismatch> {
        Compare::array(self.expected)
    }

    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<CompareSeq<'a>, Mismatch> {
        Compare::array(self.variant(variant)?)
    }

    fn serialize_map(self, _len: Option<usize>) -> Result<CompareMap<'a>, Mismatch> {
        Compare::object(self.expected)
    }

    fn serialize_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<CompareMap<'a>, Mismatch> {
        Compare::object(self.expected)
    }

    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<CompareMap<'a>, Mismatch> {
        Compare::object(self.variant(variant)?)
    }

    fn collect_str<T: fmt::Display + ?Sized>(self, value: &T) -> Result<(), Mismatch> {
        // The default would build a `String`; the text is matched as it is written instead.
        let Json::Str(expected) = self.expected else {
            return Err(Mismatch);
        };
        let mut rest = StrRest(expected);
        write!(rest, "{value}").map_err(|_| Mismatch)?;
        check(rest.0.is_empty())
    }
}

/// What is left of an expected string while text is written against it.
struct StrRest<'a>(&'a str);

impl fmt::Write for StrRest<'_> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        match self.0.strip_prefix(s) {
            Some(rest) => {
                self.0 = rest;
                Ok(())
            }
            None => Err(fmt::Error),
        }
    }
}

/// Compares array elements, in order.
struct CompareSeq<'a> {
    items: &'a [Json],
    next: usize,
}

impl CompareSeq<'_> {
    fn element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Mismatch> {
        let expected = self.items.get(self.next).ok_or(Mismatch)?;
        self.next += 1;
        value.serialize(Compare { expected })
    }

    fn finish(self) -> Result<(), Mismatch> {
        check(self.next == self.items.len())
    }
}

impl ser::SerializeSeq for CompareSeq<'_> {
    type Ok = ();
    type Error = Mismatch;

    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Mismatch> {
        self.element(value)
    }

    fn end(self) -> Result<(), Mismatch> {
        self.finish()
    }
}

impl ser::SerializeTuple for CompareSeq<'_> {
    type Ok = ();
    type Error = Mismatch;

    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Mismatch> {
        self.element(value)
    }

    fn end(self) -> Result<(), Mismatch> {
        self.finish()
    }
}

impl ser::SerializeTupleStruct for CompareSeq<'_> {
    type Ok = ();
    type Error = Mismatch;

    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Mismatch> {
        self.element(value)
    }

    fn end(self) -> Result<(), Mismatch> {
        self.finish()
    }
}

impl ser::SerializeTupleVariant for CompareSeq<'_> {
    type Ok = ();
    type Error = Mismatch;

    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Mismatch> {
        self.element(value)
    }

    fn end(self) -> Result<(), Mismatch> {
        self.finish()
    }
}

/// Compares object properties, in any order: each must be one of the literal's, none twice,
/// and every one of the literal's must come.
struct CompareMap<'a> {
    entries: &'a [(&'static str, Json)],
    /// Which of the first 128 entries have been matched.
    seen: u128,
    /// How many entries have been matched.
    count: usize,
    /// The entry the last key matched, waiting for its value.
    pending: Option<usize>,
}

impl CompareMap<'_> {
    fn key(&mut self, key: &str) -> Result<(), Mismatch> {
        let index = KeyMatch {
            entries: self.entries,
        }
        .find(key)?;
        self.matched(index)
    }

    fn matched(&mut self, index: usize) -> Result<(), Mismatch> {
        if index < 128 {
            if self.seen & (1 << index) != 0 {
                return Err(Mismatch);
            }
            self.seen |= 1 << index;
        }
        self.count += 1;
        self.pending = Some(index);
        Ok(())
    }

    fn value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Mismatch> {
        let index = self.pending.take().ok_or(Mismatch)?;
        value.serialize(Compare {
            expected: &self.entries[index].1,
        })
    }

    fn finish(self) -> Result<(), Mismatch> {
        check(self.pending.is_none() && self.count == self.entries.len())
    }
}

impl ser::SerializeMap for CompareMap<'_> {
    type Ok = ();
    type Error = Mismatch;

    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), Mismatch> {
        let index = key.serialize(KeyMatch {
            entries: self.entries,
        })?;
        self.matched(index)
    }

    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Mismatch> {
        self.value(value)
    }

    fn end(self) -> Result<(), Mismatch> {
        self.finish()
    }
}

impl ser::SerializeStruct for CompareMap<'_> {
    type Ok = ();
    type Error = Mismatch;

    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), Mismatch> {
        self.key(key)?;
        self.value(value)
    }

    fn end(self) -> Result<(), Mismatch> {
        self.finish()
    }
}

impl ser::SerializeStructVariant for CompareMap<'_> {
    type Ok = ();
    type Error = Mismatch;

    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), Mismatch> {
        self.key(key)?;
        self.value(value)
    }

    fn end(self) -> Result<(), Mismatch> {
        self.finish()
    }
}

/// Finds the entry a map key names. A key is written as serde_json writes it: a string as
/// is, a number, `bool` or `char` as its text (formatted into a stack buffer).
struct KeyMatch<'a> {
    entries: &'a [(&'static str, Json)],
}

impl KeyMatch<'_> {
    fn find(&self, key: &str) -> Result<usize, Mismatch> {
        self.entries
            .iter()
            .position(|(name, _)| *name == key)
            .ok_or(Mismatch)
    }

    fn display(self, value: impl fmt::Display) -> Result<usize, Mismatch> {
        // The longest text written here is an `i128` (40 bytes).
        let mut buffer = StackText {
            bytes: [0; 48],
            len: 0,
        };
        write!(buffer, "{value}").map_err(|_| Mismatch)?;
        let text = std::str::from_utf8(&buffer.bytes[..buffer.len]).map_err(|_| Mismatch)?;
        self.find(text)
    }
}

/// A short text written into a fixed buffer.
struct StackText {
    bytes: [u8; 48],
    len: usize,
}

impl fmt::Write for StackText {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        let end = self.len + s.len();
        let slot = self.bytes.get_mut(self.len..end).ok_or(fmt::Error)?;
        slot.copy_from_slice(s.as_bytes());
        self.len = end;
        Ok(())
    }
}

impl ser::Serializer for KeyMatch<'_> {
    type Ok = usize;
    type Error = Mismatch;
    type SerializeSeq = ser::Impossible<usize, Mismatch>;
    type SerializeTuple = ser::Impossible<usize, Mismatch>;
    type SerializeTupleStruct = ser::Impossible<usize, Mismatch>;
    type SerializeTupleVariant = ser::Impossible<usize, Mismatch>;
    type SerializeMap = ser::Impossible<usize, Mismatch>;
    type SerializeStruct = ser::Impossible<usize, Mismatch>;
    type SerializeStructVariant = ser::Impossible<usize, Mismatch>;

    fn serialize_bool(self, v: bool) -> Result<usize, Mismatch> {
        self.display(v)
    }

    fn serialize_i8(self, v: i8) -> Result<usize, Mismatch> {
        self.display(v)
    }

    fn serialize_i16(self, v: i16) -> Result<usize, Mismatch> {
        self.display(v)
    }

    fn serialize_i32(self, v: i32) -> Result<usize, Mismatch> {
        self.display(v)
    }

    fn serialize_i64(self, v: i64) -> Result<usize, Mismatch> {
        self.display(v)
    }

    fn serialize_i128(self, v: i128) -> Result<usize, Mismatch> {
        self.display(v)
    }

    fn serialize_u8(self, v: u8) -> Result<usize, Mismatch> {
        self.display(v)
    }

    fn serialize_u16(self, v: u16) -> Result<usize, Mismatch> {
        self.display(v)
    }

    fn serialize_u32(self, v: u32) -> Result<usize, Mismatch> {
        self.display(v)
    }

    fn serialize_u64(self, v: u64) -> Result<usize, Mismatch> {
        self.display(v)
    }

    fn serialize_u128(self, v: u128) -> Result<usize, Mismatch> {
        self.display(v)
    }

    fn serialize_f32(self, _v: f32) -> Result<usize, Mismatch> {
        Err(Mismatch)
    }

    fn serialize_f64(self, _v: f64) -> Result<usize, Mismatch> {
        Err(Mismatch)
    }

    fn serialize_char(self, v: char) -> Result<usize, Mismatch> {
        self.display(v)
    }

    fn serialize_str(self, v: &str) -> Result<usize, Mismatch> {
        self.find(v)
    }

    fn serialize_bytes(self, _v: &[u8]) -> Result<usize, Mismatch> {
        Err(Mismatch)
    }

    fn serialize_none(self) -> Result<usize, Mismatch> {
        Err(Mismatch)
    }

    fn serialize_some<T: Serialize + ?Sized>(self, _value: &T) -> Result<usize, Mismatch> {
        Err(Mismatch)
    }

    fn serialize_unit(self) -> Result<usize, Mismatch> {
        Err(Mismatch)
    }

    fn serialize_unit_struct(self, _name: &'static str) -> Result<usize, Mismatch> {
        Err(Mismatch)
    }

    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<usize, Mismatch> {
        self.find(variant)
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<usize, Mismatch> {
        value.serialize(self)
    }

    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _value: &T,
    ) -> Result<usize, Mismatch> {
        Err(Mismatch)
    }

    fn serialize_seq(self, _len: Option<usize>) -> Result<Self::SerializeSeq, Mismatch> {
        Err(Mismatch)
    }

    fn serialize_tuple(self, _len: usize) -> Result<Self::SerializeTuple, Mismatch> {
        Err(Mismatch)
    }

    fn serialize_tuple_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleStruct, Mismatch> {
        Err(Mismatch)
    }

    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleVariant, Mismatch> {
        Err(Mismatch)
    }

    fn serialize_map(self, _len: Option<usize>) -> Result<Self::SerializeMap, Mismatch> {
        Err(Mismatch)
    }

    fn serialize_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeStruct, Mismatch> {
        Err(Mismatch)
    }

    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeStructVariant, Mismatch> {
        Err(Mismatch)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    #[test]
    fn numbers_compare_by_value_across_kinds() {
        assert!(equals(&1u8, &Json::Int(1)));
        assert!(equals(&1i64, &Json::Float(1.0)));
        assert!(equals(&1.0f64, &Json::Int(1)));
        assert!(equals(&-3.0f32, &Json::Int(-3)));
        assert!(equals(&1.5f32, &Json::Float(1.5)));
        assert!(equals(&u64::MAX, &Json::UInt(u64::MAX)));
        assert!(equals(&7u64, &Json::UInt(7)));
        assert!(equals(&(1u128 << 100), &Json::Float(2f64.powi(100))));
        assert!(!equals(&1.5f64, &Json::Int(1)));
        assert!(!equals(&2i32, &Json::Int(1)));
        // Exact, not through f64: 2^53 + 1 is not the float 2^53.
        assert!(!equals(&((1i64 << 53) + 1), &Json::Float(2f64.powi(53))));
        assert!(!equals(&u64::MAX, &Json::Float(u64::MAX as f64)));
        assert!(!equals(&1, &Json::Str("1")));
        assert!(!equals(&true, &Json::Int(1)));
        // serde_json writes NaN as null.
        assert!(equals(&f64::NAN, &Json::Null));
        assert!(equals(&serde_json::json!(2.0), &Json::Int(2)));
        assert!(equals(&serde_json::json!(-2), &Json::Float(-2.0)));
    }

    #[test]
    fn arrays_in_order_objects_as_sets() {
        const NESTED: Json = Json::Array(&[
            Json::Array(&[Json::Int(1), Json::Int(2)]),
            Json::Object(&[("a", Json::Null), ("b", Json::Array(&[Json::Bool(true)]))]),
        ]);
        let value = serde_json::json!([[1, 2.0], {"b": [true], "a": null}]);
        assert!(equals(&value, &NESTED));
        assert!(!equals(
            &serde_json::json!([[2, 1], {"b": [true], "a": null}]),
            &NESTED
        ));
        assert!(!equals(&serde_json::json!([[1, 2], {"a": null}]), &NESTED));
        assert!(!equals(
            &serde_json::json!([[1, 2], {"a": null, "b": [true], "c": 1}]),
            &NESTED
        ));
        assert!(!equals(
            &serde_json::json!([[1, 2, 3], {"a": null, "b": [true]}]),
            &NESTED
        ));
        assert!(!equals(&serde_json::json!([[1]]), &NESTED));

        #[derive(serde::Serialize)]
        struct Point {
            x: Option<i32>,
            #[serde(skip_serializing_if = "Option::is_none")]
            label: Option<String>,
            tags: Vec<&'static str>,
        }
        const POINT: Json =
            Json::Object(&[("tags", Json::Array(&[Json::Str("t")])), ("x", Json::Null)]);
        let point = Point {
            x: None,
            label: None,
            tags: vec!["t"],
        };
        assert!(equals(&point, &POINT));
        let labelled = Point {
            label: Some("l".into()),
            ..point
        };
        assert!(!equals(&labelled, &POINT));

        // Map keys that are not strings are compared as serde_json writes them.
        let numbered: BTreeMap<u32, bool> = [(1, true), (20, false)].into();
        assert!(equals(
            &numbered,
            &Json::Object(&[("20", Json::Bool(false)), ("1", Json::Bool(true))])
        ));
        // A key longer than any stack buffer is compared in place.
        let long = "k".repeat(300);
        let keyed: BTreeMap<&str, i32> = [(long.as_str(), 1)].into();
        assert!(!equals(&keyed, &Json::Object(&[("k", Json::Int(1))])));
    }

    #[test]
    fn strings_with_escapes_compare_and_print_as_json() {
        const TEXT: &str = "a\"b\\c\n\t\u{1}\u{7f}é/";
        assert!(equals(TEXT, &Json::Str(TEXT)));
        assert!(equals(&'é', &Json::Str("é")));
        assert!(!equals("a", &Json::Str("ab")));
        assert_eq!(
            Json::Str(TEXT).to_string(),
            serde_json::to_string(TEXT).unwrap()
        );
        // Text written through `collect_str` is matched piece by piece.
        struct Shown;
        impl serde::Serialize for Shown {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.collect_str(&format_args!("{}-{}", "ab", 12))
            }
        }
        assert!(equals(&Shown, &Json::Str("ab-12")));
        assert!(!equals(&Shown, &Json::Str("ab-1")));
        assert!(!equals(&Shown, &Json::Str("ab-123")));
    }

    #[test]
    fn display_is_compact_json() {
        const ALL: Json = Json::Object(&[
            ("n", Json::Null),
            ("b", Json::Bool(false)),
            ("i", Json::Int(-5)),
            ("u", Json::UInt(u64::MAX)),
            ("f", Json::Float(1.0)),
            ("g", Json::Float(0.1)),
            ("h", Json::Float(1e300)),
            ("s", Json::Str("x\"y")),
            ("a\n", Json::Array(&[Json::Int(1), Json::Array(&[])])),
            ("o", Json::Object(&[])),
        ]);
        let text = ALL.to_string();
        assert_eq!(
            text,
            r#"{"n":null,"b":false,"i":-5,"u":18446744073709551615,"f":1.0,"g":0.1,"h":1e+300,"s":"x\"y","a\n":[1,[]],"o":{}}"#
        );
        // It is the JSON the literal serializes to, and that JSON equals the literal.
        let parsed: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(parsed, serde_json::to_value(ALL).unwrap());
        assert!(equals(&parsed, &ALL));
    }
}

/// A counting global allocator for this crate's unit tests, to show that comparing a
/// matching value allocates nothing.
#[cfg(test)]
#[allow(unsafe_code)]
mod allocations {
    use std::alloc::{GlobalAlloc, Layout, System};
    use std::cell::Cell;
    use std::collections::BTreeMap;
    use std::sync::atomic::{AtomicUsize, Ordering};

    use super::Json;
    use crate::validate::{check, Path, Violations};

    struct Counting;

    static ALLOCATIONS: AtomicUsize = AtomicUsize::new(0);

    thread_local! {
        static MEASURING: Cell<bool> = const { Cell::new(false) };
    }

    // SAFETY: every call is forwarded to the system allocator unchanged; the counter only
    // reads a thread-local flag and bumps an atomic, neither of which allocates.
    unsafe impl GlobalAlloc for Counting {
        unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
            if MEASURING.with(Cell::get) {
                ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
            }
            unsafe { System.alloc(layout) }
        }

        unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
            unsafe { System.dealloc(ptr, layout) }
        }

        unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
            if MEASURING.with(Cell::get) {
                ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
            }
            unsafe { System.realloc(ptr, layout, new_size) }
        }
    }

    #[global_allocator]
    static GLOBAL: Counting = Counting;

    /// Allocations made on this thread while `f` runs.
    fn allocations_in<R>(f: impl FnOnce() -> R) -> (usize, R) {
        ALLOCATIONS.store(0, Ordering::Relaxed);
        MEASURING.with(|m| m.set(true));
        let result = f();
        MEASURING.with(|m| m.set(false));
        (ALLOCATIONS.load(Ordering::Relaxed), result)
    }

    #[derive(serde::Serialize)]
    struct Plan {
        kind: &'static str,
        price: f64,
        limits: BTreeMap<u32, Vec<String>>,
        extra: serde_json::Value,
    }

    const PLAN: Json = Json::Object(&[
        ("price", Json::Int(5)),
        ("kind", Json::Str("FREE")),
        (
            "limits",
            Json::Object(&[("10", Json::Array(&[Json::Str("a\"b")]))]),
        ),
        ("extra", Json::Object(&[("x", Json::Array(&[Json::Null]))])),
    ]);

    #[test]
    fn checking_a_matching_value_allocates_nothing() {
        let plan = Plan {
            kind: "FREE",
            price: 5.0,
            limits: [(10, vec!["a\"b".to_owned()])].into(),
            extra: serde_json::json!({"x": [null]}),
        };
        let mut out = Violations::default();
        let (count, ()) = allocations_in(|| {
            check::const_value(&plan, &PLAN, &Path::ROOT, &mut out);
            check::one_of(
                &plan.price,
                &[Json::Int(1), Json::Float(5.0)],
                &Path::ROOT,
                &mut out,
            );
            check::one_of(
                "FREE",
                &[Json::Null, Json::Str("FREE")],
                &Path::ROOT,
                &mut out,
            );
        });
        assert!(out.is_empty(), "{out}");
        assert_eq!(count, 0, "checking matching values allocated {count} times");

        // The counter works: a violation allocates its message.
        let (count, ()) = allocations_in(|| {
            check::one_of(&3, &[Json::Int(1), Json::Int(2)], &Path::ROOT, &mut out);
        });
        assert!(count > 0);
        check::const_value(
            "PAID",
            &Json::Str("FREE"),
            &Path::ROOT.key("kind"),
            &mut out,
        );
        assert_eq!(
            out.to_string(),
            "(root): must be one of 1, 2\n/kind: must be \"FREE\""
        );
    }
}
