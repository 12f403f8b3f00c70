//! String formats as types that keep their exact wire text.
//!
//! A response is never rejected for a malformed `date-time` or `email`: the text is kept (so
//! a deserialize -> serialize round trip is exact, including `.000` fractions and offsets),
//! and `validate()` reports the violation with its path. Typed access is one call away
//! (`DateTime::to_offset_date_time`, `Uri::to_url`).

use serde::{Deserialize, Serialize};

use crate::validate::{Path, Validate, Violations};

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
    // `time`'s RFC 3339 parser accepts only what the RFC's ABNF allows, including leap
    // seconds and any offset; lowercase `t`/`z` are allowed by the RFC too.
    time::OffsetDateTime::parse(text, &time::format_description::well_known::Rfc3339).is_ok()
}

fn parse_date(text: &str) -> Option<time::Date> {
    let bytes = text.as_bytes();
    if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
        return None;
    }
    let digits = |range: std::ops::Range<usize>| -> Option<u32> {
        let part = &text[range];
        part.bytes()
            .all(|b| b.is_ascii_digit())
            .then(|| part.parse().ok())
            .flatten()
    };
    let year = i32::try_from(digits(0..4)?).ok()?;
    let month = time::Month::try_from(u8::try_from(digits(5..7)?).ok()?).ok()?;
    let day = u8::try_from(digits(8..10)?).ok()?;
    time::Date::from_calendar_date(year, month, day).ok()
}

fn is_date(text: &str) -> bool {
    parse_date(text).is_some()
}

/// An email address as RFC 5321 allows in practice (what JSON Schema's `email` means):
/// `local@domain`, the local part a dot-atom or a quoted string of at most 64 bytes, the
/// domain dot-separated labels of letters, digits and inner hyphens (or an `[address]`
/// literal), 254 bytes at most in all. Checked without allocating.
fn is_email(text: &str) -> bool {
    let Some(at) = text.rfind('@') else {
        return false;
    };
    let (local, domain) = (&text[..at], &text[at + 1..]);
    if text.len() > 254 || local.is_empty() || local.len() > 64 || domain.is_empty() {
        return false;
    }
    let local_ok = if let Some(quoted) = local.strip_prefix('"').and_then(|l| l.strip_suffix('"')) {
        let mut escaped = false;
        quoted.bytes().all(|b| {
            let ok = escaped || (b != b'"' && (b == b' ' || b.is_ascii_graphic()));
            escaped = !escaped && b == b'\\';
            ok
        }) && !escaped
    } else {
        let atext = |b: u8| b.is_ascii_alphanumeric() || b"!#$%&'*+-/=?^_`{|}~".contains(&b);
        local
            .split('.')
            .all(|atom| !atom.is_empty() && atom.bytes().all(atext))
    };
    let domain_ok =
        if let Some(literal) = domain.strip_prefix('[').and_then(|d| d.strip_suffix(']')) {
            !literal.is_empty()
                && literal.bytes().all(|b| {
                    b.is_ascii_hexdigit() || b".:".contains(&b) || b.is_ascii_alphanumeric()
                })
        } else {
            domain.len() <= 253
                && domain.split('.').all(|label| {
                    !label.is_empty()
                        && label.len() <= 63
                        && label
                            .bytes()
                            .all(|b| b.is_ascii_alphanumeric() || b == b'-')
                        && !label.starts_with('-')
                        && !label.ends_with('-')
                })
        };
    local_ok && domain_ok
}

/// An absolute URI by RFC 3986's grammar: `scheme ":" rest`, where the scheme is a letter
/// then letters, digits, `+`, `-` or `.`, and the rest uses only the characters the RFC
/// allows, with well-formed `%XX` escapes. A syntax check, fast enough to run on every value;
/// `Uri::to_url` parses fully.
fn is_uri(text: &str) -> bool {
    let bytes = text.as_bytes();
    let Some(colon) = bytes.iter().position(|b| *b == b':') else {
        return false;
    };
    let (scheme, rest) = (&bytes[..colon], &bytes[colon + 1..]);
    let scheme_ok = scheme.first().is_some_and(u8::is_ascii_alphabetic)
        && scheme
            .iter()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.'));
    if !scheme_ok {
        return false;
    }
    let mut i = 0;
    while i < rest.len() {
        match rest[i] {
            b'%' => {
                if !rest.get(i + 1).is_some_and(u8::is_ascii_hexdigit)
                    || !rest.get(i + 2).is_some_and(u8::is_ascii_hexdigit)
                {
                    return false;
                }
                i += 3;
            }
            b if b.is_ascii_alphanumeric() => i += 1,
            b'-' | b'.' | b'_' | b'~' | b'!' | b'$' | b'&' | b'\'' | b'(' | b')' | b'*' | b'+'
            | b',' | b';' | b'=' | b':' | b'@' | b'/' | b'?' | b'#' | b'[' | b']' => i += 1,
            _ => return false,
        }
    }
    true
}

fn is_uuid(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.len() == 36
        && bytes.iter().enumerate().all(|(i, b)| match i {
            8 | 13 | 18 | 23 => *b == b'-',
            _ => b.is_ascii_hexdigit(),
        })
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
