//! The `Validate` trait, the JSON-pointer `Path` it reports at, and the checks generated
//! `Validate` impls call for each constraint a schema states.
//!
//! Validating a valid value allocates nothing: a `Path` is a chain of stack frames that is
//! turned into a JSON pointer string only when a violation is recorded.

use std::collections::BTreeMap;
use std::fmt;

pub mod dynamic;
mod ecma;
pub mod format;
pub mod instance;
mod json;
mod pattern;

pub use format::Format;
pub use instance::{equal, Instance, JsonSchema, JsonType, Kind, Num};
pub use json::Json;
pub use pattern::{pattern_error, Pattern};

/// One step of a [`Path`]: an object property (by wire name) or an array index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Segment<'a> {
    /// An object property, named as on the wire.
    Key(&'a str),
    /// An array element.
    Index(usize),
}

/// Where in a value a check runs, as a linked list of segments living on the stack.
#[derive(Debug, Clone, Copy)]
pub struct Path<'a> {
    parent: Option<&'a Path<'a>>,
    segment: Option<Segment<'a>>,
}

impl Path<'static> {
    /// The whole value (JSON pointer `""`).
    pub const ROOT: Path<'static> = Path {
        parent: None,
        segment: None,
    };
}

impl<'a> Path<'a> {
    /// The path of property `key` (its wire name) below this one.
    pub fn key<'b>(&'b self, key: &'b str) -> Path<'b> {
        Path {
            parent: Some(self),
            segment: Some(Segment::Key(key)),
        }
    }

    /// The path of array element `index` below this one.
    pub fn index(&self, index: usize) -> Path<'_> {
        Path {
            parent: Some(self),
            segment: Some(Segment::Index(index)),
        }
    }

    /// Renders the path as an RFC 6901 JSON pointer, e.g. `/data/profile/pictureUrl`.
    pub fn to_pointer(&self) -> String {
        let mut segments = Vec::new();
        let mut node = Some(self);
        while let Some(path) = node {
            if let Some(segment) = path.segment {
                segments.push(segment);
            }
            node = path.parent;
        }
        let mut out = String::new();
        for segment in segments.iter().rev() {
            out.push('/');
            match segment {
                Segment::Key(key) => push_escaped(&mut out, key),
                Segment::Index(index) => out.push_str(&index.to_string()),
            }
        }
        out
    }
}

pub use crate::pointer::push_escaped;

/// One broken constraint: where (JSON pointer) and what, in plain words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    /// JSON pointer to the offending value (`""` is the whole value).
    pub path: String,
    /// What is wrong, e.g. `not a valid email address`.
    pub message: String,
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            write!(f, "(root): {}", self.message)
        } else {
            write!(f, "{}: {}", self.path, self.message)
        }
    }
}

/// Every violation found in a value, in document order.
///
/// A probe ([`Violations::probe`]) only counts: applicators that ask whether a value *would*
/// validate (`not`, `if`, the alternatives of `oneOf`) use one, so a value that passes them
/// costs no allocation even where a subschema must fail.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Violations {
    list: Vec<Violation>,
    /// Set for a probe: violations are counted, not recorded.
    probe: bool,
    /// Violations counted by a probe.
    counted: usize,
}

impl Violations {
    /// A probe: counts violations without recording (or rendering) them.
    pub fn probe() -> Self {
        Violations {
            probe: true,
            ..Violations::default()
        }
    }

    /// Records a violation at `at`. The message is rendered only when it is recorded, so a
    /// probe never allocates for it.
    pub fn push(&mut self, at: &Path<'_>, message: impl fmt::Display) {
        if self.probe {
            self.counted += 1;
        } else {
            self.list.push(Violation {
                path: at.to_pointer(),
                message: message.to_string(),
            });
        }
    }

    /// Whether no violation was recorded (or counted).
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// How many violations were recorded (or counted).
    pub fn len(&self) -> usize {
        if self.probe {
            self.counted
        } else {
            self.list.len()
        }
    }

    /// The violations, in the order they were found (none for a probe).
    pub fn iter(&self) -> std::slice::Iter<'_, Violation> {
        self.list.iter()
    }

    /// `Ok(())` when empty, else `Err(self)`.
    pub fn into_result(self) -> Result<(), Violations> {
        if self.is_empty() {
            Ok(())
        } else {
            Err(self)
        }
    }
}

impl IntoIterator for Violations {
    type Item = Violation;
    type IntoIter = std::vec::IntoIter<Violation>;
    fn into_iter(self) -> Self::IntoIter {
        self.list.into_iter()
    }
}

impl<'a> IntoIterator for &'a Violations {
    type Item = &'a Violation;
    type IntoIter = std::slice::Iter<'a, Violation>;
    fn into_iter(self) -> Self::IntoIter {
        self.list.iter()
    }
}

impl fmt::Display for Violations {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, violation) in self.list.iter().enumerate() {
            if i > 0 {
                f.write_str("\n")?;
            }
            write!(f, "{violation}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Violations {}

/// A value that can check the constraints its schema states.
pub trait Validate {
    /// Checks `self`, located at `at`, recording every violation in `out`.
    fn validate_at(&self, at: &Path<'_>, out: &mut Violations);

    /// Checks `self` and returns every violation, each with its JSON pointer path.
    fn validate(&self) -> Result<(), Violations> {
        let mut out = Violations::default();
        self.validate_at(&Path::ROOT, &mut out);
        out.into_result()
    }
}

macro_rules! always_valid {
    ($($t:ty),* $(,)?) => {$(
        impl Validate for $t {
            #[inline]
            fn validate_at(&self, _at: &Path<'_>, _out: &mut Violations) {}
        }
    )*};
}

always_valid!(
    String,
    str,
    bool,
    i8,
    i16,
    i32,
    i64,
    u8,
    u16,
    u32,
    u64,
    f32,
    f64,
    (),
    serde_json::Value,
    serde_json::Map<String, serde_json::Value>,
);

impl<T: Validate + ?Sized> Validate for Box<T> {
    #[inline]
    fn validate_at(&self, at: &Path<'_>, out: &mut Violations) {
        (**self).validate_at(at, out);
    }
}

impl<T: Validate> Validate for Option<T> {
    #[inline]
    fn validate_at(&self, at: &Path<'_>, out: &mut Violations) {
        if let Some(value) = self {
            value.validate_at(at, out);
        }
    }
}

impl<T: Validate> Validate for Vec<T> {
    fn validate_at(&self, at: &Path<'_>, out: &mut Violations) {
        for (i, item) in self.iter().enumerate() {
            item.validate_at(&at.index(i), out);
        }
    }
}

impl<T: Validate> Validate for BTreeMap<String, T> {
    fn validate_at(&self, at: &Path<'_>, out: &mut Violations) {
        for (key, value) in self {
            value.validate_at(&at.key(key), out);
        }
    }
}

/// Checks for the constraint keywords of JSON Schema, called by generated `Validate` impls.
/// Each records a violation with a plain message and never allocates when the value is fine.
pub mod check {
    use super::{json, Format, Json, Path, Violations};

    /// `minLength`, counted in characters (Unicode scalar values), as JSON Schema says.
    pub fn min_length(value: &str, min: usize, at: &Path<'_>, out: &mut Violations) {
        if value.len() < min || value.chars().count() < min {
            out.push(at, format_args!("must be at least {min} characters long"));
        }
    }

    /// `maxLength`, counted in characters.
    pub fn max_length(value: &str, max: usize, at: &Path<'_>, out: &mut Violations) {
        if value.len() > max && value.chars().count() > max {
            out.push(at, format_args!("must be at most {max} characters long"));
        }
    }

    /// `minimum` (inclusive).
    pub fn minimum(value: f64, min: f64, at: &Path<'_>, out: &mut Violations) {
        if value < min {
            out.push(at, format_args!("must be >= {min}"));
        }
    }

    /// `maximum` (inclusive).
    pub fn maximum(value: f64, max: f64, at: &Path<'_>, out: &mut Violations) {
        if value > max {
            out.push(at, format_args!("must be <= {max}"));
        }
    }

    /// `exclusiveMinimum`.
    pub fn exclusive_minimum(value: f64, min: f64, at: &Path<'_>, out: &mut Violations) {
        if value <= min {
            out.push(at, format_args!("must be > {min}"));
        }
    }

    /// `exclusiveMaximum`.
    pub fn exclusive_maximum(value: f64, max: f64, at: &Path<'_>, out: &mut Violations) {
        if value >= max {
            out.push(at, format_args!("must be < {max}"));
        }
    }

    /// `multipleOf`, with a relative tolerance for binary floating point.
    pub fn multiple_of(value: f64, divisor: f64, at: &Path<'_>, out: &mut Violations) {
        let quotient = value / divisor;
        if !quotient.is_finite()
            || (quotient - quotient.round()).abs() > 1e-9 * quotient.abs().max(1.0)
        {
            out.push(at, format_args!("must be a multiple of {divisor}"));
        }
    }

    /// `minItems`.
    pub fn min_items(len: usize, min: usize, at: &Path<'_>, out: &mut Violations) {
        if len < min {
            out.push(at, format_args!("must have at least {min} items"));
        }
    }

    /// `maxItems`.
    pub fn max_items(len: usize, max: usize, at: &Path<'_>, out: &mut Violations) {
        if len > max {
            out.push(at, format_args!("must have at most {max} items"));
        }
    }

    /// `uniqueItems: true`; quadratic, but allocation-free and fine for API-sized arrays.
    pub fn unique_items<T: PartialEq>(items: &[T], at: &Path<'_>, out: &mut Violations) {
        for (i, item) in items.iter().enumerate() {
            if items[..i].contains(item) {
                out.push(&at.index(i), "duplicates an earlier item (uniqueItems)");
            }
        }
    }

    /// `minProperties`.
    pub fn min_properties(len: usize, min: usize, at: &Path<'_>, out: &mut Violations) {
        if len < min {
            out.push(at, format_args!("must have at least {min} properties"));
        }
    }

    /// `maxProperties`.
    pub fn max_properties(len: usize, max: usize, at: &Path<'_>, out: &mut Violations) {
        if len > max {
            out.push(at, format_args!("must have at most {max} properties"));
        }
    }

    /// `const`: the value, as JSON, must equal `expected` (numbers by value, object
    /// properties in any order). Allocates nothing unless it records a violation.
    pub fn const_value<T: serde::Serialize + ?Sized>(
        value: &T,
        expected: &Json,
        at: &Path<'_>,
        out: &mut Violations,
    ) {
        if !json::equals(value, expected) {
            out.push(at, format_args!("must be {expected}"));
        }
    }

    /// A closed `enum` on a non-string value: the value, as JSON, must equal one of
    /// `allowed`. Allocates nothing unless it records a violation.
    pub fn one_of<T: serde::Serialize + ?Sized>(
        value: &T,
        allowed: &[Json],
        at: &Path<'_>,
        out: &mut Violations,
    ) {
        if !allowed.iter().any(|expected| json::equals(value, expected)) {
            out.push(at, format_args!("must be one of {}", JsonList(allowed)));
        }
    }

    /// `format`: the text must be well formed for it.
    pub fn format(value: &str, format: Format, at: &Path<'_>, out: &mut Violations) {
        if !format.is_valid(value) {
            out.push(at, format.message());
        }
    }

    /// JSON texts separated by `, `.
    pub(crate) struct JsonList<'a>(pub(crate) &'a [Json]);

    impl std::fmt::Display for JsonList<'_> {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            for (i, item) in self.0.iter().enumerate() {
                if i > 0 {
                    f.write_str(", ")?;
                }
                write!(f, "{item}")?;
            }
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointer_escapes_and_nests() {
        let root = Path::ROOT;
        let a = root.key("data");
        let b = a.key("a/b~c");
        let c = b.index(3);
        assert_eq!(c.to_pointer(), "/data/a~1b~0c/3");
        assert_eq!(root.to_pointer(), "");
    }

    #[test]
    fn lengths_count_characters_not_bytes() {
        let mut out = Violations::default();
        check::max_length("ééé", 3, &Path::ROOT, &mut out);
        check::min_length("ééé", 3, &Path::ROOT, &mut out);
        assert!(out.is_empty(), "{out}");
        check::max_length("éééé", 3, &Path::ROOT.key("x"), &mut out);
        assert_eq!(out.to_string(), "/x: must be at most 3 characters long");
    }

    #[test]
    fn multiple_of_tolerates_binary_fractions() {
        let mut out = Violations::default();
        check::multiple_of(0.3, 0.1, &Path::ROOT, &mut out);
        assert!(out.is_empty());
        check::multiple_of(0.35, 0.1, &Path::ROOT, &mut out);
        assert_eq!(out.len(), 1);
    }
}
