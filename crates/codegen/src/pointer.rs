//! [`Pointer`]: an RFC 6901 JSON pointer into a spec file, built one segment at a time.
//! Escaping is the runtime's (`specforge_runtime::pointer`), so the generator and the
//! generated code spell pointers the same way.

use std::borrow::Cow;
use std::fmt;

use specforge_runtime::pointer::{push_escaped, segments, unescape};

/// A JSON pointer, kept in its escaped text form (`/paths/~1v2~1users/get`).
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Pointer(String);

impl Pointer {
    /// The whole document (`""`).
    pub fn root() -> Self {
        Pointer(String::new())
    }

    /// A pointer from text that is already escaped (a `$ref` fragment, say).
    pub fn from_escaped(text: impl Into<String>) -> Self {
        Pointer(text.into())
    }

    /// The pointer to member `key` of the value this points to.
    pub fn child(&self, key: &str) -> Self {
        let mut out = self.clone();
        out.push(key);
        out
    }

    /// The pointer to item `index` of the list this points to.
    pub fn index(&self, index: usize) -> Self {
        Pointer(format!("{}/{index}", self.0))
    }

    /// Appends member `key`.
    pub fn push(&mut self, key: &str) {
        self.0.push('/');
        push_escaped(&mut self.0, key);
    }

    /// Removes the last segment pushed, given the length to go back to.
    pub fn truncate(&mut self, len: usize) {
        self.0.truncate(len);
    }

    /// The escaped text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The length of the escaped text (to [`truncate`](Self::truncate) back to).
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether this points to the whole document.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The unescaped segments.
    pub fn segments(&self) -> impl Iterator<Item = Cow<'_, str>> {
        segments(&self.0)
    }

    /// The last segment, unescaped (`None` for the root).
    pub fn last(&self) -> Option<Cow<'_, str>> {
        self.0.rfind('/').map(|i| unescape(&self.0[i + 1..]))
    }
}

impl fmt::Display for Pointer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<&Pointer> for String {
    fn from(pointer: &Pointer) -> Self {
        pointer.0.clone()
    }
}

impl From<Pointer> for String {
    fn from(pointer: Pointer) -> Self {
        pointer.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builds_and_reads_segments() {
        let p = Pointer::root().child("paths").child("/v2/users").index(0);
        assert_eq!(p.as_str(), "/paths/~1v2~1users/0");
        assert_eq!(p.last().as_deref(), Some("0"));
        let segments: Vec<_> = p.segments().collect();
        assert_eq!(segments, ["paths", "/v2/users", "0"]);
        assert_eq!(Pointer::root().last(), None);
    }
}
