//! Keyword checks on any value seen through [`Instance`], with JSON Schema's instance-type
//! semantics: each keyword applies only to the JSON type it is about (`maxLength` to
//! strings, `minimum` to numbers, `required` to objects) and passes anything else.
//!
//! Generated code calls these for untyped schemas and for the subschemas of applicators;
//! typed values use the plain checks in [`super::check`]. Like those, each records a
//! violation with a plain message and allocates nothing when the value is fine.

use super::instance::{equal, Instance, JsonType, Kind, Num};
use super::{check, Format, Json, Path, Pattern, Violations};

/// `type`: the value must be of one of `allowed`.
pub fn types(value: &dyn Instance, allowed: &[JsonType], at: &Path<'_>, out: &mut Violations) {
    if !allowed.iter().any(|t| t.matches(value)) {
        out.push(at, format_args!("must be {}", TypeList(allowed)));
    }
}

/// `a string or an integer`.
struct TypeList<'a>(&'a [JsonType]);

impl std::fmt::Display for TypeList<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for (i, t) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str(if i + 1 == self.0.len() { " or " } else { ", " })?;
            }
            f.write_str(t.name())?;
        }
        Ok(())
    }
}

/// `minLength`, on strings.
pub fn min_length(value: &dyn Instance, min: usize, at: &Path<'_>, out: &mut Violations) {
    if let Some(text) = value.as_str() {
        check::min_length(text, min, at, out);
    }
}

/// `maxLength`, on strings.
pub fn max_length(value: &dyn Instance, max: usize, at: &Path<'_>, out: &mut Violations) {
    if let Some(text) = value.as_str() {
        check::max_length(text, max, at, out);
    }
}

/// `pattern`, on strings.
pub fn pattern(value: &dyn Instance, pattern: &Pattern, at: &Path<'_>, out: &mut Violations) {
    if let Some(text) = value.as_str() {
        pattern.check(text, at, out);
    }
}

/// `format`, on strings.
pub fn format(value: &dyn Instance, format: Format, at: &Path<'_>, out: &mut Violations) {
    if let Some(text) = value.as_str() {
        check::format(text, format, at, out);
    }
}

fn number(value: &dyn Instance) -> Option<f64> {
    value.as_num().map(Num::as_f64)
}

/// `minimum`, on numbers.
pub fn minimum(value: &dyn Instance, min: f64, at: &Path<'_>, out: &mut Violations) {
    if let Some(n) = number(value) {
        check::minimum(n, min, at, out);
    }
}

/// `maximum`, on numbers.
pub fn maximum(value: &dyn Instance, max: f64, at: &Path<'_>, out: &mut Violations) {
    if let Some(n) = number(value) {
        check::maximum(n, max, at, out);
    }
}

/// `exclusiveMinimum`, on numbers.
pub fn exclusive_minimum(value: &dyn Instance, min: f64, at: &Path<'_>, out: &mut Violations) {
    if let Some(n) = number(value) {
        check::exclusive_minimum(n, min, at, out);
    }
}

/// `exclusiveMaximum`, on numbers.
pub fn exclusive_maximum(value: &dyn Instance, max: f64, at: &Path<'_>, out: &mut Violations) {
    if let Some(n) = number(value) {
        check::exclusive_maximum(n, max, at, out);
    }
}

/// `multipleOf`, on numbers: exact for whole numbers and a whole divisor.
pub fn multiple_of(value: &dyn Instance, divisor: f64, at: &Path<'_>, out: &mut Violations) {
    let Some(n) = value.as_num() else {
        return;
    };
    let whole = |n: Num| match n {
        Num::Int(i) => Some(i128::from(i)),
        Num::UInt(u) => Some(i128::from(u)),
        Num::Float(_) => None,
    };
    let exact_divisor =
        (divisor.fract() == 0.0 && divisor.abs() < 9.0e15).then_some(divisor as i128);
    match (whole(n), exact_divisor) {
        (Some(i), Some(d)) if d != 0 => {
            if i % d != 0 {
                out.push(at, format_args!("must be a multiple of {divisor}"));
            }
        }
        _ => check::multiple_of(n.as_f64(), divisor, at, out),
    }
}

/// `minItems`, on arrays.
pub fn min_items(value: &dyn Instance, min: usize, at: &Path<'_>, out: &mut Violations) {
    if value.kind() == Kind::Array {
        check::min_items(value.count(), min, at, out);
    }
}

/// `maxItems`, on arrays.
pub fn max_items(value: &dyn Instance, max: usize, at: &Path<'_>, out: &mut Violations) {
    if value.kind() == Kind::Array {
        check::max_items(value.count(), max, at, out);
    }
}

/// `uniqueItems: true`, on arrays, items compared as JSON (`1` equals `1.0`).
pub fn unique_items(value: &dyn Instance, at: &Path<'_>, out: &mut Violations) {
    if value.kind() != Kind::Array {
        return;
    }
    for i in 1..value.count() {
        let Some(item) = value.item(i) else {
            continue;
        };
        let duplicate = (0..i).any(|j| value.item(j).is_some_and(|earlier| equal(earlier, item)));
        if duplicate {
            out.push(&at.index(i), "duplicates an earlier item (uniqueItems)");
        }
    }
}

/// `minProperties`, on objects.
pub fn min_properties(value: &dyn Instance, min: usize, at: &Path<'_>, out: &mut Violations) {
    if value.kind() == Kind::Object {
        check::min_properties(value.count(), min, at, out);
    }
}

/// `maxProperties`, on objects.
pub fn max_properties(value: &dyn Instance, max: usize, at: &Path<'_>, out: &mut Violations) {
    if value.kind() == Kind::Object {
        check::max_properties(value.count(), max, at, out);
    }
}

/// `required`, on objects: each missing property is reported at its own path.
pub fn required(value: &dyn Instance, names: &[&str], at: &Path<'_>, out: &mut Violations) {
    if value.kind() != Kind::Object {
        return;
    }
    for name in names {
        if value.property(name).is_none() {
            out.push(&at.key(name), "is required");
        }
    }
}

/// `dependentRequired`, on objects: when the first property is present, so must be each of
/// the others.
pub fn dependent_required(
    value: &dyn Instance,
    dependencies: &[(&str, &[&str])],
    at: &Path<'_>,
    out: &mut Violations,
) {
    if value.kind() != Kind::Object {
        return;
    }
    for (present, needed) in dependencies {
        if value.property(present).is_none() {
            continue;
        }
        for name in *needed {
            if value.property(name).is_none() {
                out.push(
                    &at.key(name),
                    format_args!("is required when `{present}` is present"),
                );
            }
        }
    }
}

/// `const`: the value must equal `expected` as JSON.
pub fn const_value(value: &dyn Instance, expected: &Json, at: &Path<'_>, out: &mut Violations) {
    if !equal(value, expected) {
        out.push(at, format_args!("must be {expected}"));
    }
}

/// `enum`: the value must equal one of `allowed` as JSON.
pub fn one_of_values(value: &dyn Instance, allowed: &[Json], at: &Path<'_>, out: &mut Violations) {
    if !allowed.iter().any(|expected| equal(value, expected)) {
        out.push(
            at,
            format_args!("must be one of {}", check::JsonList(allowed)),
        );
    }
}

/// The schema `false`: no value is allowed.
pub fn never(value: &dyn Instance, at: &Path<'_>, out: &mut Violations) {
    let _ = value;
    out.push(at, "is not allowed here (the schema is `false`)");
}

/// `contains` with `minContains` (1 when absent) and `maxContains`, given how many items
/// of an array match the `contains` schema.
pub fn contains(
    matching: usize,
    min: usize,
    max: Option<usize>,
    at: &Path<'_>,
    out: &mut Violations,
) {
    if matching < min {
        out.push(
            at,
            format_args!(
                "must contain at least {min} item(s) matching `contains` (found {matching})"
            ),
        );
    }
    if let Some(max) = max.filter(|max| matching > *max) {
        out.push(
            at,
            format_args!(
                "must contain at most {max} item(s) matching `contains` (found {matching})"
            ),
        );
    }
}

/// `not`: the value must fail the subschema (`passed` says whether it passed).
pub fn not(value: &dyn Instance, passed: bool, at: &Path<'_>, out: &mut Violations) {
    let _ = value;
    if passed {
        out.push(at, "must not match the schema in `not`");
    }
}

/// A property of an object that `additionalProperties: false` refuses.
pub fn not_allowed(at: &Path<'_>, out: &mut Violations) {
    out.push(at, "is not allowed (additionalProperties is false)");
}

/// A property that a struct requires is missing.
pub fn missing(at: &Path<'_>, out: &mut Violations) {
    out.push(at, "is required");
}

/// Whether `value` validates against a subschema: `check` run with a probe, which counts
/// violations without recording them, so asking costs no allocation.
pub fn passes(check: impl FnOnce(&mut Violations)) -> bool {
    let mut probe = Violations::probe();
    check(&mut probe);
    probe.is_empty()
}

/// The first violation `check` records, for messages about subschemas that failed.
pub fn first_violation(check: impl FnOnce(&mut Violations)) -> String {
    let mut out = Violations::default();
    check(&mut out);
    out.iter()
        .next()
        .map_or_else(|| "no violation".to_owned(), ToString::to_string)
}

/// `oneOf` (`exclusive`) or `anyOf` over subschemas whose outcomes `passed` lists: reports
/// when none passed (with each one's first violation, from `explain`) or, for `oneOf`,
/// when several did.
pub fn alternatives(
    value: &dyn Instance,
    passed: &[bool],
    exclusive: bool,
    explain: impl Fn(usize) -> String,
    at: &Path<'_>,
    out: &mut Violations,
) {
    let _ = value;
    let count = passed.iter().filter(|p| **p).count();
    if count == 0 {
        out.push(
            at,
            NoneMatched {
                count: passed.len(),
                explain: &explain,
            },
        );
    } else if exclusive && count > 1 {
        out.push(at, SeveralMatched(passed));
    }
}

/// "matches none of the N alternatives (1: ...; 2: ...)", rendered only when recorded.
struct NoneMatched<'a> {
    count: usize,
    explain: &'a dyn Fn(usize) -> String,
}

impl std::fmt::Display for NoneMatched<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "matches none of the {} alternatives (", self.count)?;
        for i in 0..self.count {
            if i > 0 {
                f.write_str("; ")?;
            }
            write!(f, "{}: {}", i + 1, (self.explain)(i))?;
        }
        f.write_str(")")
    }
}

/// "matches alternatives 1 and 3, but oneOf allows exactly one".
struct SeveralMatched<'a>(&'a [bool]);

impl std::fmt::Display for SeveralMatched<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("matches alternatives ")?;
        let matched: Vec<usize> = (0..self.0.len()).filter(|i| self.0[*i]).collect();
        for (n, i) in matched.iter().enumerate() {
            if n > 0 {
                f.write_str(if n + 1 == matched.len() {
                    " and "
                } else {
                    ", "
                })?;
            }
            write!(f, "{}", i + 1)?;
        }
        f.write_str(", but oneOf allows exactly one")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn run(check: impl FnOnce(&mut Violations)) -> String {
        let mut out = Violations::default();
        check(&mut out);
        out.to_string()
    }

    #[test]
    fn keywords_apply_to_their_own_type() {
        let at = Path::ROOT;
        assert_eq!(
            run(|out| max_length(&json!("foo"), 2, &at, out)),
            "(root): must be at most 2 characters long"
        );
        assert_eq!(run(|out| max_length(&json!(100), 2, &at, out)), "");
        assert_eq!(run(|out| minimum(&json!("x"), 1.0, &at, out)), "");
        assert_eq!(
            run(|out| required(&json!({"a": 1}), &["a", "b"], &at, out)),
            "/b: is required"
        );
        assert_eq!(run(|out| required(&json!([]), &["a"], &at, out)), "");
        assert_eq!(
            run(|out| types(
                &json!(1.5),
                &[JsonType::Integer, JsonType::String],
                &at,
                out
            )),
            "(root): must be an integer or a string"
        );
        assert_eq!(
            run(|out| unique_items(&json!([[0], [0.0]]), &at, out)),
            "/1: duplicates an earlier item (uniqueItems)"
        );
        assert_eq!(
            run(|out| multiple_of(&json!(10), 3.0, &at, out)),
            "(root): must be a multiple of 3"
        );
    }

    #[test]
    fn alternatives_report_each_branch() {
        let at = Path::ROOT;
        let explain = |i: usize| format!("reason {i}");
        assert_eq!(
            run(|out| alternatives(&json!(1), &[false, false], true, explain, &at, out)),
            "(root): matches none of the 2 alternatives (1: reason 0; 2: reason 1)"
        );
        assert_eq!(
            run(|out| alternatives(&json!(1), &[true, false, true], true, explain, &at, out)),
            "(root): matches alternatives 1 and 3, but oneOf allows exactly one"
        );
        assert_eq!(
            run(|out| alternatives(&json!(1), &[true, true], false, explain, &at, out)),
            ""
        );
        assert!(passes(|out| minimum(&json!(3), 2.0, &at, out)));
        assert!(!passes(|out| minimum(&json!(1), 2.0, &at, out)));
    }
}
