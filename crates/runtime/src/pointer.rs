//! RFC 6901 JSON pointers: escaping and unescaping one segment. The only implementation in
//! the project: the generator (for spec locations) and the runtime (for violation and decode
//! paths) both call it.

use std::borrow::Cow;

/// Appends `key` escaped per RFC 6901 (`~` -> `~0`, `/` -> `~1`).
pub fn push_escaped(out: &mut String, key: &str) {
    for c in key.chars() {
        match c {
            '~' => out.push_str("~0"),
            '/' => out.push_str("~1"),
            c => out.push(c),
        }
    }
}

/// One pointer segment with its escapes undone (`~1` -> `/`, `~0` -> `~`).
pub fn unescape(segment: &str) -> Cow<'_, str> {
    if segment.contains('~') {
        Cow::Owned(segment.replace("~1", "/").replace("~0", "~"))
    } else {
        Cow::Borrowed(segment)
    }
}

/// The unescaped segments of `pointer` (`""` has none; `"/a~1b/0"` has `a/b` and `0`).
pub fn segments(pointer: &str) -> impl Iterator<Item = Cow<'_, str>> {
    pointer
        .strip_prefix('/')
        .into_iter()
        .flat_map(|rest| rest.split('/'))
        .map(unescape)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_round_trip() {
        let mut out = String::from("/");
        push_escaped(&mut out, "a/b~c");
        assert_eq!(out, "/a~1b~0c");
        let back: Vec<_> = segments(&out).collect();
        assert_eq!(back, ["a/b~c"]);
        assert_eq!(segments("").count(), 0);
        assert_eq!(segments("/").collect::<Vec<_>>(), [""]);
    }
}
