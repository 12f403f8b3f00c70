//! `Instance`: a borrowed JSON view of any value, so that a JSON Schema keyword can be checked
//! against whatever Rust type holds the value (a `serde_json::Value`, a `String`, a generated
//! struct) without converting or copying it.
//!
//! Keywords that take subschemas (`not`, `contains`, `if`, `propertyNames`, ...) and keywords
//! on untyped schemas are checked by generated code through this view; JSON equality
//! (`uniqueItems`, `const` and `enum` on such values) is defined on it too.

use std::collections::BTreeMap;

use super::{Json, Path, Violations};

/// The JSON type of a value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool,
    /// A number.
    Number,
    /// A string.
    String,
    /// An array.
    Array,
    /// An object.
    Object,
}

/// A JSON Schema `type` name: the JSON types plus `integer` (a number with no fraction).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JsonType {
    /// `null`.
    Null,
    /// `boolean`.
    Boolean,
    /// `object`.
    Object,
    /// `array`.
    Array,
    /// `number`.
    Number,
    /// `string`.
    String,
    /// `integer`: any number whose value is whole (`1`, `1.0` and `1e2` alike).
    Integer,
}

impl JsonType {
    /// The name JSON Schema gives it.
    pub fn name(self) -> &'static str {
        match self {
            JsonType::Null => "null",
            JsonType::Boolean => "boolean",
            JsonType::Object => "an object",
            JsonType::Array => "an array",
            JsonType::Number => "a number",
            JsonType::String => "a string",
            JsonType::Integer => "an integer",
        }
    }

    /// Whether `value` is of this type.
    pub fn matches(self, value: &dyn Instance) -> bool {
        match (self, value.kind()) {
            (JsonType::Null, Kind::Null)
            | (JsonType::Boolean, Kind::Bool)
            | (JsonType::Object, Kind::Object)
            | (JsonType::Array, Kind::Array)
            | (JsonType::Number, Kind::Number)
            | (JsonType::String, Kind::String) => true,
            (JsonType::Integer, Kind::Number) => value.as_num().is_some_and(Num::is_integer),
            _ => false,
        }
    }
}

/// A JSON number as a view holds it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Num {
    /// A whole number that fits `i64`.
    Int(i64),
    /// A whole number above `i64::MAX`.
    UInt(u64),
    /// Any other number.
    Float(f64),
}

impl Num {
    /// The nearest `f64`.
    pub fn as_f64(self) -> f64 {
        match self {
            Num::Int(i) => i as f64,
            Num::UInt(u) => u as f64,
            Num::Float(x) => x,
        }
    }

    /// Whether the value is whole (JSON Schema's `integer`).
    pub fn is_integer(self) -> bool {
        match self {
            Num::Float(x) => x.is_finite() && x.fract() == 0.0,
            _ => true,
        }
    }

    /// The value as `i128`, when it is whole and fits.
    fn as_i128(self) -> Option<i128> {
        // Every whole float in this range converts to i128 exactly.
        const LIMIT: f64 = 170_141_183_460_469_231_731_687_303_715_884_105_728.0;
        match self {
            Num::Int(i) => Some(i.into()),
            Num::UInt(u) => Some(u.into()),
            Num::Float(x) if x.fract() == 0.0 && (-LIMIT..LIMIT).contains(&x) => Some(x as i128),
            Num::Float(_) => None,
        }
    }

    /// Equal by value, exactly (`1` equals `1.0`).
    pub fn equals(self, other: Num) -> bool {
        match (self.as_i128(), other.as_i128()) {
            (Some(a), Some(b)) => a == b,
            (None, None) => self.as_f64() == other.as_f64(),
            _ => false,
        }
    }
}

/// A JSON value seen through a borrowed view. Every method has a default for the kinds it
/// is not about, so an implementation gives only what its kind has.
pub trait Instance {
    /// The JSON type.
    fn kind(&self) -> Kind;

    /// A boolean's value.
    fn as_bool(&self) -> Option<bool> {
        None
    }

    /// A number's value.
    fn as_num(&self) -> Option<Num> {
        None
    }

    /// A string's text.
    fn as_str(&self) -> Option<&str> {
        None
    }

    /// An array's item count or an object's property count (0 for anything else).
    fn count(&self) -> usize {
        0
    }

    /// An array's item at `index`.
    fn item(&self, index: usize) -> Option<&dyn Instance> {
        let _ = index;
        None
    }

    /// An object's property named `key` (as on the wire).
    fn property(&self, key: &str) -> Option<&dyn Instance> {
        let _ = key;
        None
    }

    /// Calls `f` with each property of an object, in order.
    fn each_property(&self, f: &mut dyn FnMut(&str, &dyn Instance)) {
        let _ = f;
    }
}

/// A generated type's schema, checked against any JSON value seen through [`Instance`]:
/// what a subschema that names the type (`not: {$ref: ...}`, `contains: {$ref: ...}`)
/// checks.
pub trait JsonSchema {
    /// Checks `value`, at `at`, against the type's schema, recording every violation.
    fn check_json(value: &dyn Instance, at: &Path<'_>, out: &mut Violations);
}

/// Whether two values are equal as JSON: numbers by value (`1` equals `1.0`), strings and
/// arrays exactly, objects as sets of properties. Allocates nothing.
pub fn equal(a: &dyn Instance, b: &dyn Instance) -> bool {
    match (a.kind(), b.kind()) {
        (Kind::Null, Kind::Null) => true,
        (Kind::Bool, Kind::Bool) => a.as_bool() == b.as_bool(),
        (Kind::Number, Kind::Number) => match (a.as_num(), b.as_num()) {
            (Some(x), Some(y)) => x.equals(y),
            _ => false,
        },
        (Kind::String, Kind::String) => a.as_str() == b.as_str(),
        (Kind::Array, Kind::Array) => {
            a.count() == b.count()
                && (0..a.count()).all(|i| match (a.item(i), b.item(i)) {
                    (Some(x), Some(y)) => equal(x, y),
                    _ => false,
                })
        }
        (Kind::Object, Kind::Object) => {
            let mut same = a.count() == b.count();
            if same {
                a.each_property(&mut |key, value| {
                    same = same && b.property(key).is_some_and(|other| equal(value, other));
                });
            }
            same
        }
        _ => false,
    }
}

impl Instance for serde_json::Value {
    fn kind(&self) -> Kind {
        match self {
            serde_json::Value::Null => Kind::Null,
            serde_json::Value::Bool(_) => Kind::Bool,
            serde_json::Value::Number(_) => Kind::Number,
            serde_json::Value::String(_) => Kind::String,
            serde_json::Value::Array(_) => Kind::Array,
            serde_json::Value::Object(_) => Kind::Object,
        }
    }

    fn as_bool(&self) -> Option<bool> {
        self.as_bool()
    }

    fn as_num(&self) -> Option<Num> {
        let n = self.as_number()?;
        Some(if let Some(i) = n.as_i64() {
            Num::Int(i)
        } else if let Some(u) = n.as_u64() {
            Num::UInt(u)
        } else {
            Num::Float(n.as_f64()?)
        })
    }

    fn as_str(&self) -> Option<&str> {
        self.as_str()
    }

    fn count(&self) -> usize {
        match self {
            serde_json::Value::Array(items) => items.len(),
            serde_json::Value::Object(map) => map.len(),
            _ => 0,
        }
    }

    fn item(&self, index: usize) -> Option<&dyn Instance> {
        self.as_array()?.get(index).map(|v| v as &dyn Instance)
    }

    fn property(&self, key: &str) -> Option<&dyn Instance> {
        self.as_object()?.get(key).map(|v| v as &dyn Instance)
    }

    fn each_property(&self, f: &mut dyn FnMut(&str, &dyn Instance)) {
        if let serde_json::Value::Object(map) = self {
            map.each_property(f);
        }
    }
}

impl Instance for serde_json::Map<String, serde_json::Value> {
    fn kind(&self) -> Kind {
        Kind::Object
    }

    fn count(&self) -> usize {
        self.len()
    }

    fn property(&self, key: &str) -> Option<&dyn Instance> {
        self.get(key).map(|v| v as &dyn Instance)
    }

    fn each_property(&self, f: &mut dyn FnMut(&str, &dyn Instance)) {
        for (key, value) in self {
            f(key, value);
        }
    }
}

impl Instance for String {
    fn kind(&self) -> Kind {
        Kind::String
    }

    fn as_str(&self) -> Option<&str> {
        Some(self)
    }
}

/// A property name, as `propertyNames` sees it.
impl Instance for &str {
    fn kind(&self) -> Kind {
        Kind::String
    }

    fn as_str(&self) -> Option<&str> {
        Some(self)
    }
}

impl Instance for bool {
    fn kind(&self) -> Kind {
        Kind::Bool
    }

    fn as_bool(&self) -> Option<bool> {
        Some(*self)
    }
}

macro_rules! number_instance {
    ($($t:ty => $variant:ident as $wide:ty),* $(,)?) => {$(
        impl Instance for $t {
            fn kind(&self) -> Kind {
                Kind::Number
            }

            fn as_num(&self) -> Option<Num> {
                Some(Num::$variant(<$wide>::from(*self)))
            }
        }
    )*};
}

number_instance!(i32 => Int as i64, i64 => Int as i64, u64 => UInt as u64, f32 => Float as f64, f64 => Float as f64);

impl<T: Instance> Instance for Vec<T> {
    fn kind(&self) -> Kind {
        Kind::Array
    }

    fn count(&self) -> usize {
        self.len()
    }

    fn item(&self, index: usize) -> Option<&dyn Instance> {
        self.get(index).map(|v| v as &dyn Instance)
    }
}

impl<T: Instance> Instance for BTreeMap<String, T> {
    fn kind(&self) -> Kind {
        Kind::Object
    }

    fn count(&self) -> usize {
        self.len()
    }

    fn property(&self, key: &str) -> Option<&dyn Instance> {
        self.get(key).map(|v| v as &dyn Instance)
    }

    fn each_property(&self, f: &mut dyn FnMut(&str, &dyn Instance)) {
        for (key, value) in self {
            f(key, value);
        }
    }
}

/// `None` is `null`.
impl<T: Instance> Instance for Option<T> {
    fn kind(&self) -> Kind {
        self.as_ref().map_or(Kind::Null, Instance::kind)
    }

    fn as_bool(&self) -> Option<bool> {
        self.as_ref()?.as_bool()
    }

    fn as_num(&self) -> Option<Num> {
        self.as_ref()?.as_num()
    }

    fn as_str(&self) -> Option<&str> {
        self.as_ref()?.as_str()
    }

    fn count(&self) -> usize {
        self.as_ref().map_or(0, Instance::count)
    }

    fn item(&self, index: usize) -> Option<&dyn Instance> {
        self.as_ref()?.item(index)
    }

    fn property(&self, key: &str) -> Option<&dyn Instance> {
        self.as_ref()?.property(key)
    }

    fn each_property(&self, f: &mut dyn FnMut(&str, &dyn Instance)) {
        if let Some(value) = self {
            value.each_property(f);
        }
    }
}

/// Implements [`Instance`] for a type by handing every call to the view `$via` gives of
/// `$this` (a newtype's inner value, a union's alternative). Generated code calls it.
///
/// `delegate_instance!(Type, |this| &this.0)`
#[macro_export]
macro_rules! delegate_instance {
    ($t:ty, |$this:ident| $via:expr) => {
        impl $crate::validate::Instance for $t {
            fn kind(&self) -> $crate::validate::Kind {
                let $this = self;
                $crate::validate::Instance::kind($via)
            }
            fn as_bool(&self) -> ::std::option::Option<bool> {
                let $this = self;
                $crate::validate::Instance::as_bool($via)
            }
            fn as_num(&self) -> ::std::option::Option<$crate::validate::Num> {
                let $this = self;
                $crate::validate::Instance::as_num($via)
            }
            fn as_str(&self) -> ::std::option::Option<&str> {
                let $this = self;
                $crate::validate::Instance::as_str($via)
            }
            fn count(&self) -> usize {
                let $this = self;
                $crate::validate::Instance::count($via)
            }
            fn item(&self, index: usize) -> ::std::option::Option<&dyn $crate::validate::Instance> {
                let $this = self;
                $crate::validate::Instance::item($via, index)
            }
            fn property(
                &self,
                key: &str,
            ) -> ::std::option::Option<&dyn $crate::validate::Instance> {
                let $this = self;
                $crate::validate::Instance::property($via, key)
            }
            fn each_property(
                &self,
                f: &mut dyn ::std::ops::FnMut(&str, &dyn $crate::validate::Instance),
            ) {
                let $this = self;
                $crate::validate::Instance::each_property($via, f)
            }
        }
    };
}

macro_rules! text_instance {
    ($($t:ty),* $(,)?) => {$(
        impl Instance for $t {
            fn kind(&self) -> Kind {
                Kind::String
            }

            fn as_str(&self) -> Option<&str> {
                Some(<$t>::as_str(self))
            }
        }
    )*};
}

text_instance!(
    crate::DateTime,
    crate::Date,
    crate::Email,
    crate::Uri,
    crate::Uuid
);

impl Instance for crate::Secret<String> {
    fn kind(&self) -> Kind {
        Kind::String
    }

    fn as_str(&self) -> Option<&str> {
        Some(self.expose())
    }
}

impl<T: Instance + ?Sized> Instance for Box<T> {
    fn kind(&self) -> Kind {
        (**self).kind()
    }

    fn as_bool(&self) -> Option<bool> {
        (**self).as_bool()
    }

    fn as_num(&self) -> Option<Num> {
        (**self).as_num()
    }

    fn as_str(&self) -> Option<&str> {
        (**self).as_str()
    }

    fn count(&self) -> usize {
        (**self).count()
    }

    fn item(&self, index: usize) -> Option<&dyn Instance> {
        (**self).item(index)
    }

    fn property(&self, key: &str) -> Option<&dyn Instance> {
        (**self).property(key)
    }

    fn each_property(&self, f: &mut dyn FnMut(&str, &dyn Instance)) {
        (**self).each_property(f)
    }
}

/// A literal from the schema (`const`, `enum`), so values compare with it through
/// [`equal`].
impl Instance for Json {
    fn kind(&self) -> Kind {
        match self {
            Json::Null => Kind::Null,
            Json::Bool(_) => Kind::Bool,
            Json::Int(_) | Json::UInt(_) | Json::Float(_) => Kind::Number,
            Json::Str(_) => Kind::String,
            Json::Array(_) => Kind::Array,
            Json::Object(_) => Kind::Object,
        }
    }

    fn as_bool(&self) -> Option<bool> {
        match self {
            Json::Bool(b) => Some(*b),
            _ => None,
        }
    }

    fn as_num(&self) -> Option<Num> {
        match self {
            Json::Int(i) => Some(Num::Int(*i)),
            Json::UInt(u) => Some(Num::UInt(*u)),
            Json::Float(x) => Some(Num::Float(*x)),
            _ => None,
        }
    }

    fn as_str(&self) -> Option<&str> {
        match self {
            Json::Str(s) => Some(s),
            _ => None,
        }
    }

    fn count(&self) -> usize {
        match self {
            Json::Array(items) => items.len(),
            Json::Object(entries) => entries.len(),
            _ => 0,
        }
    }

    fn item(&self, index: usize) -> Option<&dyn Instance> {
        match self {
            Json::Array(items) => items.get(index).map(|v| v as &dyn Instance),
            _ => None,
        }
    }

    fn property(&self, key: &str) -> Option<&dyn Instance> {
        match self {
            Json::Object(entries) => entries
                .iter()
                .find(|(k, _)| *k == key)
                .map(|(_, v)| v as &dyn Instance),
            _ => None,
        }
    }

    fn each_property(&self, f: &mut dyn FnMut(&str, &dyn Instance)) {
        if let Json::Object(entries) = self {
            for (key, value) in *entries {
                f(key, value);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equality_is_by_json_value() {
        let a: serde_json::Value = serde_json::from_str(r#"[0, {"a": 1.0, "b": [true]}]"#).unwrap();
        let b: serde_json::Value = serde_json::from_str(r#"[0.0, {"b": [true], "a": 1}]"#).unwrap();
        assert!(equal(&a, &b));
        let c: serde_json::Value =
            serde_json::from_str(r#"[0, {"a": 1.0, "b": [false]}]"#).unwrap();
        assert!(!equal(&a, &c));
        assert!(!equal(&serde_json::json!(0), &serde_json::json!(false)));
        assert!(!equal(&serde_json::json!(1), &serde_json::json!(true)));
        assert!(equal(
            &Json::Array(&[Json::Int(0)]),
            &serde_json::json!([0.0])
        ));
        assert!(equal(&vec![1i64, 2], &serde_json::json!([1.0, 2])));
    }

    #[test]
    fn integers_are_whole_numbers() {
        assert!(JsonType::Integer.matches(&serde_json::json!(1.0)));
        assert!(JsonType::Integer.matches(&serde_json::json!(1e2)));
        assert!(!JsonType::Integer.matches(&serde_json::json!(1.5)));
        assert!(JsonType::Number.matches(&serde_json::json!(1)));
        assert!(!JsonType::String.matches(&Option::<String>::None));
    }
}
