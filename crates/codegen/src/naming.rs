//! Wire names to Rust names: the only place that decides them.
//!
//! heck does the case conversion; this module adds what heck does not: characters that
//! cannot be in an identifier, leading digits, keywords, and names that collide after
//! conversion (`fooBar`, `foo_bar` and `FooBar` all become `foo_bar`), which get distinct,
//! deterministic suffixes in the order given.

use std::collections::BTreeSet;

use heck::{ToSnakeCase, ToUpperCamelCase};

/// Keywords of Rust 2015-2024 (strict and reserved), which need `r#` or a suffix.
const KEYWORDS: &[&str] = &[
    "as", "break", "const", "continue", "crate", "else", "enum", "extern", "false", "fn", "for",
    "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub", "ref", "return",
    "self", "Self", "static", "struct", "super", "trait", "true", "type", "unsafe", "use", "where",
    "while", "async", "await", "dyn", "abstract", "become", "box", "do", "final", "macro",
    "override", "priv", "typeof", "unsized", "virtual", "yield", "try", "gen",
];

/// Keywords that cannot be raw identifiers.
const NOT_RAW: &[&str] = &["self", "Self", "super", "crate", "_"];

/// Splits `raw` into words heck can case, spelling non-ASCII letters as `uXXXX` so every
/// name is ASCII (no confusable-identifier lints in the output).
fn words(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    for c in raw.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if c.is_alphanumeric() {
            out.push_str(&format!(" u{:04x} ", c as u32));
        } else {
            out.push(' ');
        }
    }
    out
}

/// An UpperCamelCase type or variant name for `raw`; `fallback` when nothing is left.
pub fn type_name(raw: &str, fallback: &str) -> String {
    let mut name = words(raw).to_upper_camel_case();
    if name.is_empty() {
        name = fallback.to_owned();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert(0, 'N');
    }
    // `Self` is the one keyword UpperCamelCase can produce; `Self_` would trip
    // `non_camel_case_types`.
    if KEYWORDS.contains(&name.as_str()) {
        name.push_str("Type");
    }
    name
}

/// A snake_case field, parameter or method name for `raw`; `fallback` when nothing is left.
/// Keywords come back as raw identifiers (`r#type`), or with a `_` suffix where Rust allows
/// no raw form (`self_`).
pub fn field_name(raw: &str, fallback: &str) -> String {
    let mut name = words(raw).to_snake_case();
    if name.is_empty() {
        name = fallback.to_owned();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert(0, 'n');
    }
    if NOT_RAW.contains(&name.as_str()) {
        name.push('_');
    } else if KEYWORDS.contains(&name.as_str()) {
        name.insert_str(0, "r#");
    }
    name
}

/// The name without a raw-identifier prefix, for building other names from it.
pub fn unraw(name: &str) -> &str {
    name.strip_prefix("r#").unwrap_or(name)
}

/// Makes `names` unique in order: a repeat gets `2`, `3`, ... (`_2` for snake_case), skipping
/// any name in `taken` or already given.
pub fn uniquify(names: &mut [String], taken: &BTreeSet<String>, snake: bool) {
    let mut used: BTreeSet<String> = taken.clone();
    for name in names.iter_mut() {
        if used.insert(name.clone()) {
            continue;
        }
        // `self_` + `_2` would be `self__2`, which `non_snake_case` flags.
        let base = unraw(name).trim_end_matches('_').to_owned();
        let mut n = 2;
        loop {
            let candidate = if snake {
                format!("{base}_{n}")
            } else {
                format!("{base}{n}")
            };
            if used.insert(candidate.clone()) {
                *name = candidate;
                break;
            }
            n += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cases_and_escapes() {
        assert_eq!(field_name("isEnabled", "field"), "is_enabled");
        assert_eq!(
            field_name("ACTORS_PUBLIC_ALL", "field"),
            "actors_public_all"
        );
        assert_eq!(field_name("@type", "field"), "r#type");
        assert_eq!(field_name("self", "field"), "self_");
        assert_eq!(field_name("123abc", "field"), "n123abc");
        assert_eq!(field_name("property name*", "field"), "property_name");
        assert_eq!(field_name("***", "field"), "field");
        assert_eq!(field_name("název", "field"), "n_u00e1_zev");
        assert_eq!(type_name("user-private info", "T"), "UserPrivateInfo");
        assert_eq!(
            type_name("3d-secure-auth-failed", "T"),
            "N3dSecureAuthFailed"
        );
        assert_eq!(type_name("Self", "T"), "SelfType");
        assert_eq!(type_name("", "Empty"), "Empty");
    }

    #[test]
    fn collisions_get_ordered_suffixes() {
        let mut names: Vec<String> = ["fooBar", "foo_bar", "FooBar"]
            .iter()
            .map(|n| field_name(n, "f"))
            .collect();
        uniquify(&mut names, &BTreeSet::new(), true);
        assert_eq!(names, ["foo_bar", "foo_bar_2", "foo_bar_3"]);
        let mut types = vec!["Plan".to_owned(), "Plan".to_owned()];
        uniquify(&mut types, &BTreeSet::from(["Plan".to_owned()]), false);
        assert_eq!(types, ["Plan2", "Plan3"]);
    }
}
