//! The string formats JSON Schema defines, checked by their RFC grammars without allocating:
//! `date-time`, `date`, `time`, `duration` (RFC 3339), `email` (RFC 5321, address literals
//! included), `hostname` (RFC 1123), `ipv4`, `ipv6` (RFC 2673, RFC 4291), `uri`,
//! `uri-reference` (RFC 3986), `iri`, `iri-reference` (RFC 3987), `uuid` (RFC 4122),
//! `json-pointer` (RFC 6901), `relative-json-pointer` and `regex` (ECMA-262 syntax).

/// A `format` the generated code checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// `date-time`.
    DateTime,
    /// `date`.
    Date,
    /// `time`.
    Time,
    /// `duration`.
    Duration,
    /// `email`.
    Email,
    /// `hostname`.
    Hostname,
    /// `ipv4`.
    Ipv4,
    /// `ipv6`.
    Ipv6,
    /// `uri`.
    Uri,
    /// `uri-reference`.
    UriReference,
    /// `iri`.
    Iri,
    /// `iri-reference`.
    IriReference,
    /// `uuid`.
    Uuid,
    /// `json-pointer`.
    JsonPointer,
    /// `relative-json-pointer`.
    RelativeJsonPointer,
    /// `regex`.
    Regex,
}

impl Format {
    /// The format for a `format` keyword's value, when it is one this module checks.
    pub fn from_name(name: &str) -> Option<Format> {
        Some(match name {
            "date-time" => Format::DateTime,
            "date" => Format::Date,
            "time" => Format::Time,
            "duration" => Format::Duration,
            "email" => Format::Email,
            "hostname" => Format::Hostname,
            "ipv4" => Format::Ipv4,
            "ipv6" => Format::Ipv6,
            "uri" | "url" => Format::Uri,
            "uri-reference" => Format::UriReference,
            "iri" => Format::Iri,
            "iri-reference" => Format::IriReference,
            "uuid" => Format::Uuid,
            "json-pointer" => Format::JsonPointer,
            "relative-json-pointer" => Format::RelativeJsonPointer,
            "regex" => Format::Regex,
            _ => return None,
        })
    }

    /// The keyword value, e.g. `date-time`.
    pub fn name(self) -> &'static str {
        match self {
            Format::DateTime => "date-time",
            Format::Date => "date",
            Format::Time => "time",
            Format::Duration => "duration",
            Format::Email => "email",
            Format::Hostname => "hostname",
            Format::Ipv4 => "ipv4",
            Format::Ipv6 => "ipv6",
            Format::Uri => "uri",
            Format::UriReference => "uri-reference",
            Format::Iri => "iri",
            Format::IriReference => "iri-reference",
            Format::Uuid => "uuid",
            Format::JsonPointer => "json-pointer",
            Format::RelativeJsonPointer => "relative-json-pointer",
            Format::Regex => "regex",
        }
    }

    /// What a violation says, e.g. `not a valid RFC 3339 date-time`.
    pub fn message(self) -> &'static str {
        match self {
            Format::DateTime => "not a valid RFC 3339 date-time",
            Format::Date => "not a valid RFC 3339 full-date (YYYY-MM-DD)",
            Format::Time => "not a valid RFC 3339 time (HH:MM:SS with an offset)",
            Format::Duration => "not a valid ISO 8601 duration",
            Format::Email => "not a valid email address",
            Format::Hostname => "not a valid host name",
            Format::Ipv4 => "not a valid IPv4 address",
            Format::Ipv6 => "not a valid IPv6 address",
            Format::Uri => "not a valid absolute URI",
            Format::UriReference => "not a valid URI reference",
            Format::Iri => "not a valid absolute IRI",
            Format::IriReference => "not a valid IRI reference",
            Format::Uuid => "not a valid UUID",
            Format::JsonPointer => "not a valid JSON pointer",
            Format::RelativeJsonPointer => "not a valid relative JSON pointer",
            Format::Regex => "not a valid ECMA-262 regular expression",
        }
    }

    /// Whether `text` is well formed for this format.
    pub fn is_valid(self, text: &str) -> bool {
        match self {
            Format::DateTime => is_date_time(text),
            Format::Date => parse_date(text).is_some(),
            Format::Time => is_time(text),
            Format::Duration => is_duration(text),
            Format::Email => is_email(text),
            Format::Hostname => is_hostname(text),
            Format::Ipv4 => is_ipv4(text),
            Format::Ipv6 => is_ipv6(text),
            Format::Uri => is_uri(text, Uri::ABSOLUTE),
            Format::UriReference => is_uri(text, Uri::REFERENCE),
            Format::Iri => is_uri(text, Uri::ABSOLUTE_IRI),
            Format::IriReference => is_uri(text, Uri::IRI_REFERENCE),
            Format::Uuid => is_uuid(text),
            Format::JsonPointer => is_json_pointer(text),
            Format::RelativeJsonPointer => is_relative_json_pointer(text),
            Format::Regex => super::ecma::is_valid(text),
        }
    }
}

/// The two ASCII digits at `at` as a number.
fn two_digits(bytes: &[u8], at: usize) -> Option<u32> {
    match (bytes.get(at), bytes.get(at + 1)) {
        (Some(a), Some(b)) if a.is_ascii_digit() && b.is_ascii_digit() => {
            Some(u32::from(a - b'0') * 10 + u32::from(b - b'0'))
        }
        _ => None,
    }
}

/// An RFC 3339 `full-date` as (year, month, day), checked against the calendar.
pub(crate) fn parse_date(text: &str) -> Option<(u32, u32, u32)> {
    let b = text.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let year = two_digits(b, 0)? * 100 + two_digits(b, 2)?;
    let (month, day) = (two_digits(b, 5)?, two_digits(b, 8)?);
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return None,
    };
    (1..=days).contains(&day).then_some((year, month, day))
}

/// An RFC 3339 `full-time`: `HH:MM:SS[.fraction]` and `Z` or `±HH:MM`; a leap second only
/// where it falls on 23:59 UTC.
fn is_time(text: &str) -> bool {
    let b = text.as_bytes();
    if b.len() < 9 || b[2] != b':' || b[5] != b':' {
        return false;
    }
    let (Some(hour), Some(minute), Some(second)) =
        (two_digits(b, 0), two_digits(b, 3), two_digits(b, 6))
    else {
        return false;
    };
    if hour > 23 || minute > 59 || second > 60 {
        return false;
    }
    let mut i = 8;
    if b.get(i) == Some(&b'.') {
        let digits = b[i + 1..].iter().take_while(|c| c.is_ascii_digit()).count();
        if digits == 0 {
            return false;
        }
        i += 1 + digits;
    }
    let offset_minutes: i64 = match &b[i..] {
        [b'Z' | b'z'] => 0,
        [sign @ (b'+' | b'-'), _, _, b':', _, _] => {
            let (Some(h), Some(m)) = (two_digits(b, i + 1), two_digits(b, i + 4)) else {
                return false;
            };
            if h > 23 || m > 59 {
                return false;
            }
            let minutes = i64::from(h * 60 + m);
            if *sign == b'-' {
                -minutes
            } else {
                minutes
            }
        }
        _ => return false,
    };
    if second == 60 {
        let utc = (i64::from(hour * 60 + minute) - offset_minutes).rem_euclid(24 * 60);
        return utc == 23 * 60 + 59;
    }
    true
}

/// An RFC 3339 `date-time`: a full-date, `T` (either case), a full-time.
fn is_date_time(text: &str) -> bool {
    text.len() > 11
        && text.is_char_boundary(10)
        && matches!(text.as_bytes()[10], b'T' | b't')
        && parse_date(&text[..10]).is_some()
        && is_time(&text[11..])
}

/// An ISO 8601 duration as RFC 3339 (appendix A) spells it: `P` then years, months, days in
/// that order (each optional, but a unit needs the one before it only as RFC 3339's grammar
/// says), a `T` part with hours, minutes, seconds, or weeks alone.
fn is_duration(text: &str) -> bool {
    let Some(rest) = text.strip_prefix('P') else {
        return false;
    };
    let (date, time) = match rest.split_once('T') {
        Some((date, time)) => (date, Some(time)),
        None => (rest, None),
    };
    // Each part is number-unit pairs whose units follow a fixed order.
    let units_in = |part: &str, order: &[u8]| -> Option<usize> {
        let b = part.as_bytes();
        let (mut i, mut next, mut count) = (0, 0, 0);
        while i < b.len() {
            let digits = b[i..].iter().take_while(|c| c.is_ascii_digit()).count();
            if digits == 0 {
                return None;
            }
            i += digits;
            let unit = *b.get(i)?;
            let at = order[next..].iter().position(|u| *u == unit)? + next;
            next = at + 1;
            count += 1;
            i += 1;
        }
        Some(count)
    };
    if date.contains('W') {
        return time.is_none() && date.len() > 1 && units_in(date, b"W") == Some(1);
    }
    let Some(date_units) = units_in(date, b"YMD") else {
        return false;
    };
    match time {
        Some(time) => matches!(units_in(time, b"HMS"), Some(n) if n > 0),
        None => date_units > 0,
    }
}

/// An RFC 5321 mailbox: a dot-string or quoted-string local part (at most 64 bytes), `@`,
/// and a domain (host name labels) or an address literal (`[IPv4]`, `[IPv6:...]`, or a
/// standardized tag), 254 bytes at most in all. One pass over the bytes, no allocation.
fn is_email(text: &str) -> bool {
    let Some(at) = text.rfind('@') else {
        return false;
    };
    let (local, domain) = (&text.as_bytes()[..at], &text[at + 1..]);
    if text.len() > 254 || local.is_empty() || local.len() > 64 || domain.is_empty() {
        return false;
    }
    let local_ok = match local {
        [b'"', quoted @ .., b'"'] => {
            // qtextSMTP is %d32-33 / %d35-91 / %d93-126; quoted-pairSMTP is `\` and %d32-126.
            let mut escaped = false;
            quoted.iter().all(|&b| {
                let ok = (32..=126).contains(&b) && (escaped || b != b'"');
                escaped = !escaped && b == b'\\';
                ok
            }) && !escaped
        }
        // A dot-string: atoms of atext joined by single dots.
        _ => {
            let atext = |b: u8| b.is_ascii_alphanumeric() || b"!#$%&'*+-/=?^_`{|}~".contains(&b);
            local[0] != b'.'
                && local[local.len() - 1] != b'.'
                && local
                    .iter()
                    .zip(local.iter().skip(1).chain([&b'x']))
                    .all(|(&b, &next)| atext(b) || (b == b'.' && next != b'.'))
        }
    };
    let domain_ok = match domain.strip_prefix('[').and_then(|d| d.strip_suffix(']')) {
        Some(literal) => {
            if let Some(v6) = literal.strip_prefix("IPv6:") {
                is_ipv6(v6)
            } else if literal.bytes().next().is_some_and(|b| b.is_ascii_digit()) {
                is_ipv4(literal)
            } else {
                // General-address-literal: Standardized-tag ":" 1*dcontent.
                literal.split_once(':').is_some_and(|(tag, content)| {
                    is_label(tag.as_bytes())
                        && !content.is_empty()
                        && content
                            .bytes()
                            .all(|b| (33..=90).contains(&b) || (94..=126).contains(&b))
                })
            }
        }
        None => is_hostname(domain),
    };
    local_ok && domain_ok
}

/// One RFC 1123 label: 1 to 63 letters, digits and inner hyphens.
fn is_label(label: &[u8]) -> bool {
    match label {
        [first, .., last] | [first @ last] => {
            label.len() <= 63
                && *first != b'-'
                && *last != b'-'
                && label
                    .iter()
                    .all(|b| b.is_ascii_alphanumeric() || *b == b'-')
        }
        [] => false,
    }
}

/// An RFC 1123 host name: dot-separated labels, 253 bytes at most.
fn is_hostname(text: &str) -> bool {
    let b = text.as_bytes();
    if b.is_empty() || b.len() > 253 {
        return false;
    }
    let mut start = 0;
    for end in 0..=b.len() {
        if end == b.len() || b[end] == b'.' {
            if !is_label(&b[start..end]) {
                return false;
            }
            start = end + 1;
        }
    }
    true
}

/// A dotted-quad IPv4 address: four decimal octets, no leading zeros.
fn is_ipv4(text: &str) -> bool {
    let mut parts = 0;
    for part in text.split('.') {
        parts += 1;
        let ok = !part.is_empty()
            && part.len() <= 3
            && part.bytes().all(|b| b.is_ascii_digit())
            && (part == "0" || !part.starts_with('0'))
            && part.parse::<u16>().is_ok_and(|n| n <= 255);
        if !ok || parts > 4 {
            return false;
        }
    }
    parts == 4
}

/// An RFC 4291 IPv6 address: eight groups of 1 to 4 hex digits, one `::` standing for one
/// or more zero groups, the last two groups optionally a dotted-quad IPv4 address.
fn is_ipv6(text: &str) -> bool {
    let (head, tail, compressed) = match text.find("::") {
        Some(i) => (&text[..i], &text[i + 2..], true),
        None => (text, "", false),
    };
    if tail.contains("::") {
        return false;
    }
    // Counts the groups of one side, allowing an IPv4 tail only at the very end.
    let groups = |side: &str, last: bool| -> Option<usize> {
        if side.is_empty() {
            return Some(0);
        }
        let pieces: Vec<&str> = Vec::new();
        drop(pieces);
        let mut count = 0;
        let mut rest = side;
        loop {
            let (piece, more) = match rest.find(':') {
                Some(i) => (&rest[..i], Some(&rest[i + 1..])),
                None => (rest, None),
            };
            if more.is_none() && last && piece.contains('.') {
                return is_ipv4(piece).then_some(count + 2);
            }
            if piece.is_empty() || piece.len() > 4 || !piece.bytes().all(|b| b.is_ascii_hexdigit())
            {
                return None;
            }
            count += 1;
            match more {
                Some(more) => rest = more,
                None => return Some(count),
            }
        }
    };
    if compressed {
        let (Some(a), Some(b)) = (groups(head, false), groups(tail, true)) else {
            return false;
        };
        a + b <= 7
    } else {
        groups(head, true) == Some(8)
    }
}

/// What a URI or IRI check accepts.
#[derive(Clone, Copy)]
struct Uri {
    /// A relative reference is allowed too (`-reference` formats).
    relative: bool,
    /// Non-ASCII characters are allowed where RFC 3987 allows them (IRIs).
    iri: bool,
}

impl Uri {
    const ABSOLUTE: Uri = Uri {
        relative: false,
        iri: false,
    };
    const REFERENCE: Uri = Uri {
        relative: true,
        iri: false,
    };
    const ABSOLUTE_IRI: Uri = Uri {
        relative: false,
        iri: true,
    };
    const IRI_REFERENCE: Uri = Uri {
        relative: true,
        iri: true,
    };
}

/// Where in a URI a character may appear unescaped: bits of [`URI_CHARS`].
const HOST: u8 = 1;
/// A user name (`userinfo`): host characters and `:`.
const USER: u8 = 2;
/// A path: `pchar` (user characters and `@`) and `/`.
const PATH: u8 = 4;
/// A query or fragment: path characters and `?`.
const QUERY: u8 = 8;

/// For each ASCII byte, the parts of a URI it may appear in unescaped (RFC 3986: unreserved
/// characters and sub-delimiters everywhere, `:` from the user name on, `@` and `/` in paths,
/// `?` in queries and fragments).
const URI_CHARS: [u8; 128] = {
    let mut table = [0u8; 128];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        let everywhere = c.is_ascii_alphanumeric()
            || matches!(
                c,
                b'-' | b'.'
                    | b'_'
                    | b'~'
                    | b'!'
                    | b'$'
                    | b'&'
                    | b'\''
                    | b'('
                    | b')'
                    | b'*'
                    | b'+'
                    | b','
                    | b';'
                    | b'='
            );
        table[b] = if everywhere {
            HOST | USER | PATH | QUERY
        } else {
            match c {
                b':' => USER | PATH | QUERY,
                b'@' | b'/' => PATH | QUERY,
                b'?' => QUERY,
                _ => 0,
            }
        };
        b += 1;
    }
    table
};

/// Whether every character of `text` may appear unescaped in the URI part `part` (a bit of
/// [`URI_CHARS`]), or is a well-formed `%XX` escape (or, for an IRI, a non-ASCII character).
fn uri_chars(text: &[u8], part: u8, iri: bool) -> bool {
    let mut i = 0;
    while i < text.len() {
        if text[i] == b'%' {
            if !is_escape(text, i) {
                return false;
            }
            i += 3;
        } else if allowed(text[i], part, iri) {
            i += 1;
        } else {
            return false;
        }
    }
    true
}

/// Whether `c` may appear unescaped in the URI part `part`.
fn allowed(c: u8, part: u8, iri: bool) -> bool {
    match URI_CHARS.get(usize::from(c)) {
        Some(parts) => parts & part != 0,
        None => iri,
    }
}

/// Whether `text[i..]` starts with a `%XX` escape.
fn is_escape(text: &[u8], i: usize) -> bool {
    text.get(i + 1).is_some_and(u8::is_ascii_hexdigit)
        && text.get(i + 2).is_some_and(u8::is_ascii_hexdigit)
}

/// An RFC 3986 URI (or RFC 3987 IRI), absolute or (where `kind` allows) a relative
/// reference: `scheme ":"`, `"//" authority`, a path, `"?" query`, `"#" fragment`, each with
/// the characters RFC 3986 allows there. One pass over the bytes, no allocation.
fn is_uri(text: &str, kind: Uri) -> bool {
    let b = text.as_bytes();
    // A scheme is a letter, then letters, digits, `+`, `-`, `.`, up to a `:`.
    let scheme_len = b
        .iter()
        .position(|c| !(c.is_ascii_alphanumeric() || matches!(c, b'+' | b'-' | b'.')))
        .unwrap_or(b.len());
    let mut i = 0;
    if scheme_len > 0 && b.get(scheme_len) == Some(&b':') && b[0].is_ascii_alphabetic() {
        i = scheme_len + 1;
    } else if !kind.relative {
        return false;
    }
    if i == 0 {
        // Without a scheme, the first path segment has no `:` (RFC 3986 `path-noscheme`).
        let segment = b
            .iter()
            .take_while(|c| !matches!(c, b'/' | b'?' | b'#'))
            .any(|c| *c == b':');
        if segment {
            return false;
        }
    }
    if b[i..].starts_with(b"//") {
        let start = i + 2;
        let end = b[start..]
            .iter()
            .position(|c| matches!(c, b'/' | b'?' | b'#'))
            .map_or(b.len(), |n| start + n);
        if !is_authority(&b[start..end], kind.iri) {
            return false;
        }
        i = end;
    }
    // The path, then the query, then the fragment.
    let mut part = PATH;
    let mut fragment = false;
    while i < b.len() {
        let c = b[i];
        // Most characters: allowed where they are.
        if URI_CHARS
            .get(usize::from(c))
            .is_some_and(|parts| parts & part != 0)
        {
            i += 1;
            continue;
        }
        match c {
            b'%' if is_escape(b, i) => i += 2,
            b'?' if part == PATH => part = QUERY,
            b'#' if !fragment => {
                part = QUERY;
                fragment = true;
            }
            c if c >= 0x80 && kind.iri => {}
            _ => return false,
        }
        i += 1;
    }
    true
}

/// An RFC 3986 authority: `[userinfo@]host[:port]`, the host a reg-name, an IPv4 address
/// or a bracketed IPv6 address.
fn is_authority(authority: &[u8], iri: bool) -> bool {
    let (userinfo, hostport) = match authority.iter().rposition(|c| *c == b'@') {
        Some(at) => (&authority[..at], &authority[at + 1..]),
        None => (&authority[..0], authority),
    };
    if !uri_chars(userinfo, USER, iri) {
        return false;
    }
    let (host_ok, port) = if let Some(literal) = hostport.strip_prefix(b"[") {
        let Some(close) = literal.iter().position(|c| *c == b']') else {
            return false;
        };
        let ok = std::str::from_utf8(&literal[..close]).is_ok_and(is_ipv6);
        match &literal[close + 1..] {
            [] => (ok, &literal[..0]),
            [b':', port @ ..] => (ok, port),
            _ => return false,
        }
    } else {
        match hostport.iter().rposition(|c| *c == b':') {
            Some(colon) => (
                uri_chars(&hostport[..colon], HOST, iri),
                &hostport[colon + 1..],
            ),
            None => (uri_chars(hostport, HOST, iri), &hostport[..0]),
        }
    };
    host_ok && port.iter().all(u8::is_ascii_digit)
}

fn is_uuid(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.len() == 36
        && bytes.iter().enumerate().all(|(i, b)| match i {
            8 | 13 | 18 | 23 => *b == b'-',
            _ => b.is_ascii_hexdigit(),
        })
}

/// An RFC 6901 JSON pointer: empty, or `/`-prefixed segments where `~` is followed by `0`
/// or `1`.
fn is_json_pointer(text: &str) -> bool {
    if text.is_empty() {
        return true;
    }
    if !text.starts_with('/') {
        return false;
    }
    let b = text.as_bytes();
    b.iter()
        .enumerate()
        .all(|(i, c)| *c != b'~' || matches!(b.get(i + 1), Some(b'0' | b'1')))
}

/// A relative JSON pointer: a non-negative integer without leading zeros, then `#` or a
/// JSON pointer.
fn is_relative_json_pointer(text: &str) -> bool {
    let digits = text.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 || (digits > 1 && text.starts_with('0')) {
        return false;
    }
    let rest = &text[digits..];
    rest == "#" || is_json_pointer(rest)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_and_leap_seconds() {
        assert!(is_time("23:59:60Z"));
        assert!(is_time("23:29:60+23:30"));
        assert!(is_time("00:29:60-23:30"));
        assert!(!is_time("23:59:60+01:00"));
        assert!(!is_time("12:00:00"));
        assert!(!is_time("1২:00:00Z"));
        assert!(is_date_time("1998-12-31T15:59:60.123-08:00"));
        assert!(!is_date_time("1963-06-19T08:30:06.28123+01:00Z"));
    }

    #[test]
    fn durations() {
        for ok in [
            "P4DT12H30M5S",
            "P4Y",
            "PT0S",
            "P1M",
            "PT36H",
            "P2W",
            "P1Y2M3D",
        ] {
            assert!(is_duration(ok), "{ok}");
        }
        for bad in [
            "PT1D", "P", "P1YT", "PT", "P2D1Y", "P1D2H", "P2S", "P1Y2W", "P1",
        ] {
            assert!(!is_duration(bad), "{bad}");
        }
    }

    #[test]
    fn addresses() {
        assert!(is_email("joe.bloggs@[127.0.0.1]"));
        assert!(is_email("joe.bloggs@[IPv6:::1]"));
        assert!(!is_email("joe.bloggs@[127.0.0.300]"));
        assert!(!is_email("joe.bloggs@invalid=domain.com"));
        assert!(is_ipv6("1:2::192.168.0.1"));
        assert!(is_ipv6("::"));
        assert!(!is_ipv6("1:2:3:4:5:6:7"));
        assert!(!is_ipv6("1::2:192.168.256.1"));
        assert!(!is_ipv6("100:100:100:100:100:100:100:255.255.255.255"));
        assert!(!is_ipv4("087.10.0.1"));
    }

    #[test]
    fn uris() {
        assert!(is_uri(
            "http://-.~_!$&'()*+,;=:%40:80%2f::::::@example.com",
            Uri::ABSOLUTE
        ));
        assert!(is_uri(
            "ldap://[2001:db8::7]/c=GB?objectClass?one",
            Uri::ABSOLUTE
        ));
        assert!(!is_uri("\\\\WINDOWS\\fileshare", Uri::REFERENCE));
        assert!(!is_uri(
            "http://2001:0db8:85a3:0000:0000:8a2e:0370:7334",
            Uri::ABSOLUTE_IRI
        ));
        assert!(is_uri("âππ", Uri::IRI_REFERENCE));
        assert!(!is_uri("âππ", Uri::ABSOLUTE_IRI));
        assert!(!is_uri("bar,baz:foo", Uri::ABSOLUTE));
    }
}
