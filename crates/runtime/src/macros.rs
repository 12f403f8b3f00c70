//! Macros the generated code calls for boilerplate that is the same for every type of a kind,
//! keeping generated files short (and quick to compile) without hiding what a type is: the
//! type definitions themselves stay in the generated source.

/// Implements the wire behaviour of a string enum with a catch-all variant:
/// `as_str`, `is_known`, `From<&str>`, `Display`, serde (unknown values are kept, known ones
/// decode without allocating), `ParamValue` and `FromText`.
///
/// `string_enum!(Type, CatchAll, [Variant => "wire", ...])`
#[macro_export]
macro_rules! string_enum {
    ($name:ident, $unknown:ident, [$($variant:ident => $wire:literal),* $(,)?]) => {
        impl $name {
            /// The value as it appears on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    $(Self::$variant => $wire,)*
                    Self::$unknown(value) => value,
                }
            }

            /// Whether the value is one the schema lists.
            pub fn is_known(&self) -> bool {
                !matches!(self, Self::$unknown(_))
            }
        }

        impl ::std::convert::From<&str> for $name {
            fn from(value: &str) -> Self {
                match value {
                    $($wire => Self::$variant,)*
                    other => Self::$unknown(::std::string::ToString::to_string(other)),
                }
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl $crate::__serde::Serialize for $name {
            fn serialize<S: $crate::__serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> $crate::__serde::Deserialize<'de> for $name {
            fn deserialize<D: $crate::__serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                $crate::de::str_enum(deserializer, |value: &str| <Self as ::std::convert::From<&str>>::from(value))
            }
        }

        impl $crate::ParamValue for $name {
            fn each_param(&self, f: &mut dyn ::std::ops::FnMut(::std::string::String)) {
                f(::std::string::ToString::to_string(self.as_str()))
            }
        }

        impl $crate::FromText for $name {
            fn from_text(text: &str) -> ::std::result::Result<Self, ::std::string::String> {
                ::std::result::Result::Ok(<Self as ::std::convert::From<&str>>::from(text))
            }
        }
    };
}

/// Like [`string_enum!`] for integer enums: `as_i64`, `is_known`, `From<i64>`, `Display`,
/// serde, `ParamValue` and `FromText`.
///
/// `int_enum!(Type, CatchAll, [Variant => 1, ...])`
#[macro_export]
macro_rules! int_enum {
    ($name:ident, $unknown:ident, [$($variant:ident => $wire:literal),* $(,)?]) => {
        impl $name {
            /// The value as it appears on the wire.
            pub fn as_i64(&self) -> i64 {
                match self {
                    $(Self::$variant => $wire,)*
                    Self::$unknown(value) => *value,
                }
            }

            /// Whether the value is one the schema lists.
            pub fn is_known(&self) -> bool {
                !matches!(self, Self::$unknown(_))
            }
        }

        impl ::std::convert::From<i64> for $name {
            fn from(value: i64) -> Self {
                match value {
                    $($wire => Self::$variant,)*
                    other => Self::$unknown(other),
                }
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                ::std::fmt::Display::fmt(&self.as_i64(), f)
            }
        }

        impl $crate::__serde::Serialize for $name {
            fn serialize<S: $crate::__serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_i64(self.as_i64())
            }
        }

        impl<'de> $crate::__serde::Deserialize<'de> for $name {
            fn deserialize<D: $crate::__serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                <i64 as $crate::__serde::Deserialize>::deserialize(deserializer).map(Self::from)
            }
        }

        impl $crate::ParamValue for $name {
            fn each_param(&self, f: &mut dyn ::std::ops::FnMut(::std::string::String)) {
                f(::std::string::ToString::to_string(&self.as_i64()))
            }
        }

        impl $crate::FromText for $name {
            fn from_text(text: &str) -> ::std::result::Result<Self, ::std::string::String> {
                <i64 as $crate::FromText>::from_text(text).map(Self::from)
            }
        }
    };
}

/// Implements serde for a struct generated from an object schema, without serde's derive
/// (whose `flatten`, for the unknown properties, buffers every property and costs most of a
/// generated crate's compile time): properties are read by name into the fields, the others
/// kept in `additional_properties` (`keep`, the struct has that field: [`crate::Object`] or
/// a `BTreeMap<String, T>`) or refused (`deny`, for `additionalProperties: false`), each
/// field as its kind says ([`crate::field`]: `req`, `opt`, `opt_null`, `req_num`, `opt_num`,
/// `opt_null_num`). Decoding accepts a JSON object only; a property given twice, a missing
/// required one and an unknown one under `deny` are the errors serde's derive gives, so
/// decode failures name the same JSON pointers. Writing puts the fields in order, absent
/// optional ones left out, then the kept properties.
///
/// `object!(Type { field: "wire" kind, ... } keep)`
#[macro_export]
macro_rules! object {
    ($name:ident { $($field:ident : $wire:literal $kind:ident),* $(,)? } $mode:ident) => {
        impl<'de> $crate::de::FromMap<'de> for $name {
            const NAME: &'static str = ::std::stringify!($name);

            // Its locals take the fields' names, which the spec chose (`foo` is a property
            // like any other).
            #[allow(clippy::disallowed_names)]
            fn from_map<A: $crate::__serde::de::MapAccess<'de>>(
                mut map: A,
            ) -> ::std::result::Result<Self, A::Error> {
                const FIELDS: &[&str] = &[$($wire),*];
                $(let mut $field = ::std::option::Option::None;)*
                $crate::object!(@let_extra $mode extra);
                while let ::std::option::Option::Some(key) =
                    $crate::__serde::de::MapAccess::next_key_seed(&mut map, $crate::object!(@seed $mode FIELDS))?
                {
                    match key.as_str() {
                        $($wire => $crate::de::field(&mut map, &mut $field, $wire)?,)*
                        _ => $crate::object!(@unknown $mode map extra key FIELDS),
                    }
                }
                ::std::result::Result::Ok($crate::object!(@build $mode extra {
                    $($field: $crate::field::$kind::de::<_, A::Error>($field, $wire)?,)*
                }))
            }
        }

        impl<'de> $crate::__serde::Deserialize<'de> for $name {
            fn deserialize<D: $crate::__serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                $crate::de::from_map(deserializer)
            }
        }

        impl $crate::__serde::Serialize for $name {
            fn serialize<S: $crate::__serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                let mut map = $crate::__serde::Serializer::serialize_map(
                    serializer,
                    ::std::option::Option::None,
                )?;
                $($crate::field::$kind::ser(&mut map, $wire, &self.$field)?;)*
                $crate::object!(@ser_extra $mode map self);
                $crate::__serde::ser::SerializeMap::end(map)
            }
        }
    };
    (@seed keep $fields:ident) => {
        $crate::de::KeySeed::open($fields)
    };
    (@seed deny $fields:ident) => {
        $crate::de::KeySeed::closed($fields)
    };
    (@let_extra keep $extra:ident) => {
        let mut $extra = ::std::default::Default::default();
    };
    (@let_extra deny $extra:ident) => {};
    (@unknown keep $map:ident $extra:ident $key:ident $fields:ident) => {
        $crate::de::extra(&mut $map, &mut $extra, $key)?
    };
    (@unknown deny $map:ident $extra:ident $key:ident $fields:ident) => {
        return ::std::result::Result::Err($crate::de::unknown_field(&$key, $fields))
    };
    (@build keep $extra:ident { $($body:tt)* }) => {
        Self { $($body)* additional_properties: $extra }
    };
    (@build deny $extra:ident { $($body:tt)* }) => {
        Self { $($body)* }
    };
    (@ser_extra keep $map:ident $this:ident) => {
        $crate::field::extra(&mut $map, &$this.additional_properties)?
    };
    (@ser_extra deny $map:ident $this:ident) => {};
}

/// `Serialize` for a union: each alternative written as it is, with nothing around it (the
/// tag, if any, is a property of the alternative's own value).
///
/// `union_serialize!(Type, [Variant, ...])`
#[macro_export]
macro_rules! union_serialize {
    ($name:ident, [$($variant:ident),* $(,)?]) => {
        impl $crate::__serde::Serialize for $name {
            fn serialize<S: $crate::__serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                match self {
                    $(Self::$variant(value) => $crate::__serde::Serialize::serialize(value, serializer),)*
                }
            }
        }
    };
}

/// `Validate` impls that report nothing, for types whose schemas state no constraint.
///
/// `always_valid!(models::A, models::B, ...)`
#[macro_export]
macro_rules! always_valid {
    ($($ty:path),* $(,)?) => {$(
        impl $crate::Validate for $ty {
            #[inline]
            fn validate_at(&self, _at: &$crate::Path<'_>, _out: &mut $crate::Violations) {}
        }
    )*};
}

/// The `Validate` impl of an enum whose schema lists closed values: a value outside the
/// list (kept in the catch-all variant) is a violation, `message` saying which are allowed.
///
/// `closed_enum!(models::Type, CatchAll, "is not one of the allowed values (a, b)")`
#[macro_export]
macro_rules! closed_enum {
    ($ty:path, $unknown:ident, $message:literal) => {
        impl $crate::Validate for $ty {
            fn validate_at(&self, at: &$crate::Path<'_>, out: &mut $crate::Violations) {
                if let Self::$unknown(value) = self {
                    out.push(at, ::std::format_args!("`{}` {}", value, $message));
                }
            }
        }
    };
}

/// The conveniences of a newtype over a schema's value (a named scalar, array or map whose
/// schema states constraints, so that it validates itself): `Deref` and `DerefMut` to the
/// value, `From` the value, `into_inner`, and serde as the value itself (floats written back
/// as JSON producers write them when `num` follows).
///
/// `newtype!(Type, Inner)` or `newtype!(Type, Inner, num)`
#[macro_export]
macro_rules! newtype {
    ($name:ident, $inner:ty $(, $num:ident)?) => {
        impl $name {
            /// The value, unwrapped.
            pub fn into_inner(self) -> $inner {
                self.0
            }
        }

        impl ::std::ops::Deref for $name {
            type Target = $inner;
            fn deref(&self) -> &$inner {
                &self.0
            }
        }

        impl ::std::ops::DerefMut for $name {
            fn deref_mut(&mut self) -> &mut $inner {
                &mut self.0
            }
        }

        impl ::std::convert::From<$inner> for $name {
            fn from(value: $inner) -> Self {
                $name(value)
            }
        }

        impl $crate::__serde::Serialize for $name {
            fn serialize<S: $crate::__serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                $crate::newtype!(@ser self serializer $($num)?)
            }
        }

        impl<'de> $crate::__serde::Deserialize<'de> for $name {
            fn deserialize<D: $crate::__serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                <$inner as $crate::__serde::Deserialize<'de>>::deserialize(deserializer).map(Self)
            }
        }
    };
    (@ser $this:ident $serializer:ident) => {
        $crate::__serde::Serialize::serialize(&$this.0, $serializer)
    };
    (@ser $this:ident $serializer:ident num) => {
        $crate::ser::js_number(&$this.0, $serializer)
    };
}

/// `ParamValue` and `FromText` for a newtype whose value has a text form (so it can be a
/// parameter or a response header).
///
/// `newtype_text!(Type, Inner)`
#[macro_export]
macro_rules! newtype_text {
    ($name:ident, $inner:ty) => {
        impl $crate::ParamValue for $name {
            fn each_param(&self, f: &mut dyn ::std::ops::FnMut(::std::string::String)) {
                $crate::ParamValue::each_param(&self.0, f)
            }
        }

        impl $crate::FromText for $name {
            fn from_text(text: &str) -> ::std::result::Result<Self, ::std::string::String> {
                <$inner as $crate::FromText>::from_text(text).map($name)
            }
        }
    };
}
