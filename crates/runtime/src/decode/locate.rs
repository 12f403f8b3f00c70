//! Where in a JSON text a decode failure is: serde_json reports a line and column, this
//! names the JSON pointer of the value there.

use crate::pointer::push_escaped;

/// The byte offset of serde_json's position `line` (1-based) and `column` (the bytes of
/// that line read so far).
pub(super) fn offset_of(text: &[u8], line: usize, column: usize) -> usize {
    let start = if line <= 1 {
        0
    } else {
        text.iter()
            .enumerate()
            .filter(|(_, byte)| **byte == b'\n')
            .nth(line - 2)
            .map_or(text.len(), |(at, _)| at + 1)
    };
    (start + column).min(text.len())
}

/// An object or array the scan is inside, with the entry it is at.
enum Open {
    /// An object, at the property of this key (`None` before its first key).
    Object(Option<String>),
    /// An array, at this index.
    Array(usize),
}

/// What the scan expects next.
#[derive(Clone, Copy)]
enum Due {
    Value,
    ValueOrEnd,
    Key,
    KeyOrEnd,
    Colon,
    CommaOrEnd,
}

/// The JSON pointer of the value of `text` that a decode failure at byte `at` is about.
///
/// serde_json stops just past a value it read and refused (a scalar of the wrong type, an
/// object missing a property, a union none of whose alternatives fit), or on the opening
/// bracket of an object or array it refused without reading it. So the value named is the
/// innermost one that starts at `at` (an object or array), ends at `at`, or surrounds it,
/// where a scalar never starts at `at` (it is read before it is refused: a position just
/// inside an opening bracket is the bracket's value). A position on an object's key, or on
/// the colon after it, names that property. Past the end of the text, or where the text is
/// not JSON (a syntax error), the innermost open object or array is named.
pub(super) fn pointer_at(text: &[u8], at: usize) -> String {
    let mut open: Vec<Open> = Vec::new();
    let mut due = Due::Value;
    let mut i = 0;
    loop {
        while i < text.len() && matches!(text[i], b' ' | b'\t' | b'\n' | b'\r') {
            i += 1;
        }
        if i > at || i >= text.len() {
            return container(&open);
        }
        match due {
            Due::Value => {
                match text[i] {
                    b'{' | b'[' if i == at => return pointer(&open),
                    b'{' => {
                        open.push(Open::Object(None));
                        due = Due::KeyOrEnd;
                        i += 1;
                        continue;
                    }
                    b'[' => {
                        open.push(Open::Array(0));
                        due = Due::ValueOrEnd;
                        i += 1;
                        continue;
                    }
                    _ if i == at => return container(&open),
                    b'"' => i = string_end(text, i),
                    byte if byte.is_ascii_alphanumeric() || byte == b'-' => {
                        while i < text.len()
                            && (text[i].is_ascii_alphanumeric() || b"+-.".contains(&text[i]))
                        {
                            i += 1;
                        }
                    }
                    _ => return container(&open),
                }
                if at <= i {
                    return pointer(&open);
                }
                due = Due::CommaOrEnd;
            }
            Due::ValueOrEnd | Due::KeyOrEnd | Due::CommaOrEnd
                if matches!(
                    (text[i], open.last()),
                    (b']', Some(Open::Array(_))) | (b'}', Some(Open::Object(_)))
                ) =>
            {
                open.pop();
                i += 1;
                if at <= i {
                    return pointer(&open);
                }
                due = Due::CommaOrEnd;
            }
            Due::ValueOrEnd => due = Due::Value,
            Due::KeyOrEnd => due = Due::Key,
            Due::Key => {
                if text[i] != b'"' {
                    return container(&open);
                }
                let end = string_end(text, i);
                if let Some(Open::Object(key)) = open.last_mut() {
                    *key = Some(key_text(&text[i..end]));
                }
                if at <= end {
                    return pointer(&open);
                }
                i = end;
                due = Due::Colon;
            }
            Due::Colon => {
                if i == at {
                    return pointer(&open);
                }
                if text[i] != b':' {
                    return container(&open);
                }
                i += 1;
                due = Due::Value;
            }
            Due::CommaOrEnd => match (text[i], open.last_mut()) {
                (b',', Some(Open::Array(index))) => {
                    *index += 1;
                    i += 1;
                    due = Due::Value;
                }
                (b',', Some(Open::Object(_))) => {
                    i += 1;
                    due = Due::Key;
                }
                _ => return container(&open),
            },
        }
    }
}

/// The pointer of the entry each open container is at: the value being read.
fn pointer(open: &[Open]) -> String {
    let mut out = String::new();
    for entry in open {
        match entry {
            Open::Object(Some(key)) => {
                out.push('/');
                push_escaped(&mut out, key);
            }
            Open::Array(index) => {
                out.push('/');
                out.push_str(&index.to_string());
            }
            Open::Object(None) => {}
        }
    }
    out
}

/// The pointer of the innermost open object or array itself.
fn container(open: &[Open]) -> String {
    pointer(&open[..open.len().saturating_sub(1)])
}

/// Just past the string that starts (with its `"`) at `i`; the text's end if it never closes.
fn string_end(text: &[u8], mut i: usize) -> usize {
    i += 1;
    while i < text.len() {
        match text[i] {
            b'\\' => i += 2,
            b'"' => return i + 1,
            _ => i += 1,
        }
    }
    text.len()
}

/// An object key as written (`"..."`, quotes included), with its escapes undone.
fn key_text(quoted: &[u8]) -> String {
    if quoted.contains(&b'\\') {
        if let Ok(key) = serde_json::from_slice::<String>(quoted) {
            return key;
        }
    }
    let inner = quoted.strip_prefix(b"\"").unwrap_or(quoted);
    let inner = inner.strip_suffix(b"\"").unwrap_or(inner);
    String::from_utf8_lossy(inner).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_the_value_a_position_is_about() {
        let text = br#"{"a":[1,"two",{"b~/":null}],"c":{},"d":[]}"#;
        let at = |offset: usize| pointer_at(text, offset);
        // Just past a scalar: that scalar.
        assert_eq!(at(7), "/a/0");
        assert_eq!(at(13), "/a/1");
        assert_eq!(at(25), "/a/2/b~0~1");
        // On an opening bracket: that object or array.
        assert_eq!(at(5), "/a");
        assert_eq!(at(14), "/a/2");
        // Just past an object: that object.
        assert_eq!(at(26), "/a/2");
        assert_eq!(at(34), "/c");
        // Just inside an opening bracket (serde_json read it, then refused the array).
        assert_eq!(at(6), "/a");
        assert_eq!(at(40), "/d");
        // On a key, or on its colon: that property.
        assert_eq!(at(29), "/c");
        assert_eq!(at(31), "/c");
        // Past the whole value, or on nothing: the root.
        assert_eq!(at(text.len()), "");
        assert_eq!(at(0), "");
    }

    #[test]
    fn handles_space_escapes_and_broken_text() {
        let text = "{\n  \"k\\\"ey\" : [ 10 , \"x\\\"\" ]\n}";
        let pos = |needle: &str| text.find(needle).unwrap();
        assert_eq!(pointer_at(text.as_bytes(), pos("10") + 2), "/k\"ey/0");
        assert_eq!(pointer_at(text.as_bytes(), pos(" ]")), "/k\"ey/1");
        assert_eq!(pointer_at(text.as_bytes(), pos("[")), "/k\"ey");
        // Text that ends early: the innermost open container.
        assert_eq!(pointer_at(br#"{"a":[1,"#, 99), "/a");
        assert_eq!(pointer_at(br#"{"a":[1,"#, 8), "/a");
        // Not JSON at all.
        assert_eq!(pointer_at(br#"{"a":#}"#, 5), "");
        assert_eq!(pointer_at(br#"{"a""#, 4), "/a");
        assert_eq!(pointer_at(br#"{"a"#, 3), "/a");
        assert_eq!(pointer_at(b"\"", 1), "");
        assert_eq!(key_text(b"\""), "");
        assert_eq!(key_text(b"\"ab"), "ab");
    }

    #[test]
    fn offsets_count_lines_and_columns() {
        let text = b"ab\ncd\n\nef";
        assert_eq!(offset_of(text, 1, 2), 2);
        assert_eq!(offset_of(text, 2, 1), 4);
        assert_eq!(offset_of(text, 4, 2), 9);
        assert_eq!(offset_of(text, 9, 9), text.len());
    }
}
