//! `FromText`: reading a value from its text form (a response header, say), the inverse of
//! [`crate::ParamValue`]. Implemented for scalars, format types and the generated enums
//! (by their macros) and text-form unions.

/// A value that can be read from text.
pub trait FromText: Sized {
    /// Reads the value; the error says why `text` is not one, in a few words.
    fn from_text(text: &str) -> Result<Self, String>;
}

impl FromText for String {
    fn from_text(text: &str) -> Result<Self, String> {
        Ok(text.to_owned())
    }
}

macro_rules! parsed {
    ($($t:ty => $what:literal),* $(,)?) => {$(
        impl FromText for $t {
            fn from_text(text: &str) -> Result<Self, String> {
                text.trim().parse().map_err(|_| format!("`{}` is not {}", crate::text::prefix(text), $what))
            }
        }
    )*};
}

parsed!(
    bool => "`true` or `false`",
    i32 => "a 32-bit integer",
    i64 => "an integer",
    u32 => "a 32-bit unsigned integer",
    u64 => "an unsigned integer",
    f32 => "a number",
    f64 => "a number",
);

macro_rules! wrapped {
    ($($t:ty),*) => {$(
        impl FromText for $t {
            fn from_text(text: &str) -> Result<Self, String> {
                Ok(<$t>::from(text.to_owned()))
            }
        }
    )*};
}

wrapped!(
    crate::DateTime,
    crate::Date,
    crate::Email,
    crate::Uri,
    crate::Uuid
);

impl FromText for crate::Secret<String> {
    fn from_text(text: &str) -> Result<Self, String> {
        Ok(crate::Secret::new(text.to_owned()))
    }
}

/// JSON text when it parses as JSON, else the text as a JSON string.
impl FromText for serde_json::Value {
    fn from_text(text: &str) -> Result<Self, String> {
        Ok(serde_json::from_str(text).unwrap_or_else(|_| serde_json::Value::from(text)))
    }
}

impl<T: FromText> FromText for Box<T> {
    fn from_text(text: &str) -> Result<Self, String> {
        T::from_text(text).map(Box::new)
    }
}

impl<T: FromText> FromText for Option<T> {
    fn from_text(text: &str) -> Result<Self, String> {
        T::from_text(text).map(Some)
    }
}

/// At most 64 characters of `text`, for messages about it.
pub(crate) fn prefix(text: &str) -> std::borrow::Cow<'_, str> {
    match text.char_indices().nth(64) {
        Some((end, _)) => format!("{}…", &text[..end]).into(),
        None => text.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_scalars_and_says_why_not() {
        assert_eq!(i64::from_text(" 42 "), Ok(42));
        assert_eq!(bool::from_text("true"), Ok(true));
        assert_eq!(String::from_text("x"), Ok("x".to_owned()));
        assert_eq!(
            i64::from_text("forty"),
            Err("`forty` is not an integer".to_owned())
        );
        let long = "9".repeat(100);
        assert!(u32::from_text(&long).unwrap_err().contains('…'));
    }
}
