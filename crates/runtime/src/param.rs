//! `ParamValue`: how a value is written into a path segment, a query string or a header.
//!
//! It is plain std (no HTTP client), so the generated models can implement it for their
//! enums and unions without pulling in the transport; the client's `Request` consumes it.

/// A value that can go in a path segment, a query string or a header.
///
/// A value gives zero or more texts: an absent `Option` none, a list one per item (sent as
/// `name=a&name=b`, OpenAPI's default `form`/`explode` style), anything else one.
pub trait ParamValue {
    /// Calls `f` with each text form of the value (before percent-encoding).
    fn each_param(&self, f: &mut dyn FnMut(String));
}

macro_rules! display_param {
    ($($t:ty),*) => {$(
        impl ParamValue for $t {
            fn each_param(&self, f: &mut dyn FnMut(String)) {
                f(self.to_string())
            }
        }
    )*};
}

display_param!(str, String, bool, i8, i16, i32, i64, u8, u16, u32, u64, f32, f64);
display_param!(
    crate::DateTime,
    crate::Date,
    crate::Email,
    crate::Uri,
    crate::Uuid
);

impl<T: ParamValue + ?Sized> ParamValue for &T {
    fn each_param(&self, f: &mut dyn FnMut(String)) {
        (**self).each_param(f)
    }
}

impl<T: ParamValue> ParamValue for Option<T> {
    fn each_param(&self, f: &mut dyn FnMut(String)) {
        if let Some(value) = self {
            value.each_param(f);
        }
    }
}

impl<T: ParamValue> ParamValue for [T] {
    fn each_param(&self, f: &mut dyn FnMut(String)) {
        for value in self {
            value.each_param(f);
        }
    }
}

impl<T: ParamValue> ParamValue for Vec<T> {
    fn each_param(&self, f: &mut dyn FnMut(String)) {
        self.as_slice().each_param(f)
    }
}

impl<T: ParamValue> ParamValue for Box<T> {
    fn each_param(&self, f: &mut dyn FnMut(String)) {
        (**self).each_param(f)
    }
}

impl ParamValue for crate::Secret<String> {
    fn each_param(&self, f: &mut dyn FnMut(String)) {
        f(self.expose().clone())
    }
}

impl ParamValue for serde_json::Value {
    fn each_param(&self, f: &mut dyn FnMut(String)) {
        match self {
            serde_json::Value::Null => {}
            serde_json::Value::String(s) => f(s.clone()),
            other => f(other.to_string()),
        }
    }
}
