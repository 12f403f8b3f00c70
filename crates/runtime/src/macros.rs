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

/// The conveniences of a newtype over a schema's value (a named scalar, array or map whose
/// schema states constraints, so that it validates itself): `Deref` and `DerefMut` to the
/// value, `From` the value, and `into_inner`.
///
/// `newtype!(Type, Inner)`
#[macro_export]
macro_rules! newtype {
    ($name:ident, $inner:ty) => {
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
