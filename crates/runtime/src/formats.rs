//! String formats as types that keep their exact wire text.
//!
//! A response is never rejected for a malformed `date-time` or `email`: the text is kept (so
//! a deserialize -> serialize round trip is exact, including `.000` fractions and offsets),
//! and `validate()` reports the violation with its path. Typed access is one call away
//! (`DateTime::to_offset_date_time`, `Uri::to_url`).

use serde::{Deserialize, Serialize};

use crate::validate::{Format, Path, Validate, Violations};

macro_rules! string_format {
    ($(#[$doc:meta])* $name:ident, $format:literal, $message:literal, $check:path) => {
        $(#[$doc])*
        #[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(String);

        impl $name {
            #[doc = concat!("The OpenAPI `format` this type stands for: `", $format, "`.")]
            pub const FORMAT: &'static str = $format;

            /// Wraps wire text as is; `validate()` tells whether it is well formed.
            pub fn new(text: impl Into<String>) -> Self {
                $name(text.into())
            }

            /// Wraps `text` only if it is well formed.
            pub fn parse(text: impl Into<String>) -> Result<Self, FormatError> {
                let text = text.into();
                if $check(&text) {
                    Ok($name(text))
                } else {
                    Err(FormatError { format: $format, text })
                }
            }

            /// The exact wire text.
            pub fn as_str(&self) -> &str {
                &self.0
            }

            /// The wire text, owned.
            pub fn into_string(self) -> String {
                self.0
            }

            /// Whether the text is well formed for this format.
            pub fn is_valid(&self) -> bool {
                $check(&self.0)
            }
        }

        impl std::fmt::Debug for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                std::fmt::Debug::fmt(&self.0, f)
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl From<String> for $name {
            fn from(text: String) -> Self {
                $name(text)
            }
        }

        impl From<&str> for $name {
            fn from(text: &str) -> Self {
                $name(text.to_owned())
            }
        }

        impl PartialEq<str> for $name {
            fn eq(&self, other: &str) -> bool {
                self.0 == other
            }
        }

        impl PartialEq<&str> for $name {
            fn eq(&self, other: &&str) -> bool {
                self.0 == *other
            }
        }

        impl Validate for $name {
            fn validate_at(&self, at: &Path<'_>, out: &mut Violations) {
                if !$check(&self.0) {
                    out.push(at, $message);
                }
            }
        }
    };
}

string_format!(
    /// An RFC 3339 timestamp (`format: date-time`), e.g. `2022-11-29T14:48:29.381Z`.
    DateTime, "date-time", "not a valid RFC 3339 date-time", is_date_time
);
string_format!(
    /// A calendar date (`format: date`), e.g. `2022-11-29`.
    Date, "date", "not a valid RFC 3339 full-date (YYYY-MM-DD)", is_date
);
string_format!(
    /// An email address (`format: email`).
    Email, "email", "not a valid email address", is_email
);
string_format!(
    /// An absolute URI (`format: uri`), e.g. `https://apify.com/img/a.png`.
    Uri, "uri", "not a valid absolute URI", is_uri
);
string_format!(
    /// A UUID in its hyphenated text form (`format: uuid`).
    Uuid, "uuid", "not a valid UUID", is_uuid
);

impl DateTime {
    /// The timestamp as a `time::OffsetDateTime`, keeping its offset.
    pub fn to_offset_date_time(&self) -> Result<time::OffsetDateTime, FormatError> {
        time::OffsetDateTime::parse(&self.0, &time::format_description::well_known::Rfc3339)
            .map_err(|_| FormatError {
                format: Self::FORMAT,
                text: self.0.clone(),
            })
    }
}

impl Date {
    /// The date as a `time::Date`.
    pub fn to_date(&self) -> Result<time::Date, FormatError> {
        parse_date(&self.0).ok_or_else(|| FormatError {
            format: Self::FORMAT,
            text: self.0.clone(),
        })
    }
}

#[cfg(feature = "http")]
impl Uri {
    /// The URI parsed as a `reqwest::Url` (with the `http` feature, which brings reqwest).
    pub fn to_url(&self) -> Result<reqwest::Url, FormatError> {
        reqwest::Url::parse(&self.0).map_err(|_| FormatError {
            format: Self::FORMAT,
            text: self.0.clone(),
        })
    }
}

/// Text that is not well formed for the format it was meant to have.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormatError {
    /// The OpenAPI format name, e.g. `date-time`.
    pub format: &'static str,
    /// The offending text.
    pub text: String,
}

impl std::fmt::Display for FormatError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:?} is not a valid {}", self.text, self.format)
    }
}

impl std::error::Error for FormatError {}

fn is_date_time(text: &str) -> bool {
    Format::DateTime.is_valid(text)
}

fn parse_date(text: &str) -> Option<time::Date> {
    let (year, month, day) = crate::validate::format::parse_date(text)?;
    let month = time::Month::try_from(u8::try_from(month).ok()?).ok()?;
    time::Date::from_calendar_date(i32::try_from(year).ok()?, month, u8::try_from(day).ok()?).ok()
}

fn is_date(text: &str) -> bool {
    Format::Date.is_valid(text)
}

fn is_email(text: &str) -> bool {
    Format::Email.is_valid(text)
}

fn is_uri(text: &str) -> bool {
    Format::Uri.is_valid(text)
}

fn is_uuid(text: &str) -> bool {
    Format::Uuid.is_valid(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_time_keeps_text_and_checks() {
        let d: DateTime = serde_json::from_str("\"2025-01-01T14:00:00.000Z\"").unwrap();
        assert_eq!(
            serde_json::to_string(&d).unwrap(),
            "\"2025-01-01T14:00:00.000Z\""
        );
        assert!(d.is_valid());
        assert_eq!(d.to_offset_date_time().unwrap().year(), 2025);
        assert!(!DateTime::new("2025-13-01T00:00:00Z").is_valid());
        assert!(!DateTime::new("yesterday").is_valid());
        assert!(DateTime::new("2022-11-29T14:48:29+02:00").is_valid());
    }

    #[test]
    fn dates_emails_uris_uuids() {
        assert!(Date::new("2024-02-29").is_valid());
        assert!(!Date::new("2023-02-29").is_valid());
        assert!(Email::new("bob@example.com").is_valid());
        assert!(!Email::new("bob.example.com").is_valid());
        assert!(Email::new("first.last+tag@sub.example.co.uk").is_valid());
        assert!(Email::new("\"john doe\"@example.com").is_valid());
        assert!(Email::new("x@[192.168.0.1]").is_valid());
        assert!(!Email::new("a..b@example.com").is_valid());
        assert!(!Email::new(".a@example.com").is_valid());
        assert!(!Email::new("a@-example.com").is_valid());
        assert!(!Email::new("a@example..com").is_valid());
        assert!(!Email::new("a b@example.com").is_valid());
        assert!(!Email::new("@example.com").is_valid());
        assert!(!Email::new("a@").is_valid());
        assert!(Uri::new("https://apify.com/img/a.png").is_valid());
        assert!(!Uri::new("/relative/path").is_valid());
        assert!(!Uri::new("not a uri").is_valid());
        assert!(!Uri::new("www.example.com").is_valid());
        assert!(!Uri::new("http://a.com/%zz").is_valid());
        assert!(!Uri::new("http://a.com/%4").is_valid());
        assert!(Uri::new("http://a.com/%41?q=1#frag").is_valid());
        assert!(Uri::new("urn:isbn:0451450523").is_valid());
        assert!(!Uri::new("1http://a.com").is_valid());
        assert!(Uuid::new("123e4567-e89b-12d3-a456-426614174000").is_valid());
        assert!(!Uuid::new("123e4567e89b12d3a456426614174000").is_valid());
    }

    #[test]
    fn validate_names_the_path() {
        let mut out = Violations::default();
        Email::new("nope").validate_at(&Path::ROOT.key("data").key("email"), &mut out);
        assert_eq!(out.to_string(), "/data/email: not a valid email address");
    }
}
