//! The eight findings of issue 12, as the generated types behave: each test decodes JSON
//! into the types generated for `fixtures/keywords/openapi.yaml` (its golden output,
//! compiled here as modules) and validates it, expecting what JSON Schema says.
//!
//! Before the issue each of them failed: keywords on untyped schemas and named scalars were
//! dropped, `1.0` was no integer, `not`, `contains`, `prefixItems` and the rest were ignored,
//! `oneOf` took the first alternative that decoded, top-level `const` was lost, formats
//! beyond five went unchecked, and patterns followed `regex-lite` rather than ECMA-262.

#[path = "../fixtures/keywords/expected/models.rs"]
#[rustfmt::skip]
#[allow(dead_code)]
mod models;
#[path = "../fixtures/keywords/expected/validate.rs"]
#[rustfmt::skip]
mod validate;

use serde::de::DeserializeOwned;
use specforge_runtime::decode::from_str;
use specforge_runtime::Validate;

/// Decodes `json` as `T` and validates it: `Ok` when clean, else what is wrong, as
/// `decode: ...` or every violation, one per line.
fn check<T: DeserializeOwned + Validate>(json: &str) -> Result<(), String> {
    let value: T = from_str(json).map_err(|e| format!("decode: {e}"))?;
    value.validate().map_err(|v| v.to_string())
}

/// Asserts that `json` is invalid as `T` with a problem containing `expected`.
#[track_caller]
fn refused<T: DeserializeOwned + Validate>(json: &str, expected: &str) {
    match check::<T>(json) {
        Ok(()) => panic!("{json} was accepted; expected {expected:?}"),
        Err(problem) => assert!(
            problem.contains(expected),
            "{json}: {problem:?} does not say {expected:?}"
        ),
    }
}

/// Asserts that `json` decodes as `T` and validates clean.
#[track_caller]
fn accepted<T: DeserializeOwned + Validate>(json: &str) {
    if let Err(problem) = check::<T>(json) {
        panic!("{json} was refused: {problem}");
    }
}

#[test]
fn untyped_schemas_check_each_keyword_on_its_own_instance_type() {
    accepted::<models::Short>(r#""ab""#);
    refused::<models::Short>(r#""foo""#, "(root): must be at most 2 characters long");
    accepted::<models::Short>("100");
    accepted::<models::Short>("[1, 2, 3]");
    accepted::<models::Positive>(r#""zero""#);
    refused::<models::Positive>("0", "must be >= 1");
    accepted::<models::Address>("7");
    refused::<models::Address>(r#""300.1.1.1""#, "not a valid IPv4 address");
    refused::<models::Something>("{}", "must have at least 1 properties");
    accepted::<models::Something>(r#""not an object""#);
}

#[test]
fn named_scalars_validate_themselves() {
    accepted::<models::Username>(r#""bob_1""#);
    refused::<models::Username>(r#""Bob""#, "does not match the pattern");
    refused::<models::Username>(r#""bo""#, "must be at least 3 characters long");
    // `$ref` with a keyword beside it (OpenAPI 3.1): both apply.
    accepted::<models::Nickname>(r#""bob""#);
    refused::<models::Nickname>(r#""bobbie""#, "must be at most 5 characters long");
    refused::<models::Nickname>(r#""B""#, "must be at least 3 characters long");
    // The newtype is the value everywhere: a field of that type validates it too.
    refused::<models::Everything>(r#"{"username": "x"}"#, "/username: must be at least 3");
    let name = models::Username::from("bob_1".to_owned());
    assert_eq!(name.as_str(), "bob_1");
}

#[test]
fn integers_are_whole_numbers_in_any_spelling() {
    let one: models::Count = from_str("1.0").unwrap();
    assert_eq!(*one, 1);
    let hundred: models::Count = from_str("1e2").unwrap();
    assert_eq!(*hundred, 100);
    refused::<models::Count>("-1", "must be >= 0");
    refused::<models::Count>("1.5", "decode: (root): invalid type: floating point `1.5`");
    // Beyond 64 bits: refused, naming the limit.
    refused::<models::Count>("1.2e52", "beyond the range of i64");
    refused::<models::Everything>(r#"{"count": 1e300}"#, "/count: invalid type");
}

#[test]
fn keywords_that_were_ignored_are_enforced() {
    // contains, maxContains, uniqueItems.
    accepted::<models::Tags>(r#"["pinned", "new"]"#);
    refused::<models::Tags>(r#"["new"]"#, "must contain at least 1 item(s)");
    refused::<models::Tags>(r#"["pinned", "x", "pinned"]"#, "duplicates an earlier item");
    refused::<models::Tags>(r#"["pinned", "pinned"]"#, "must contain at most 1");
    // prefixItems and items: false.
    accepted::<models::Pair>(r#"["a", 1]"#);
    refused::<models::Pair>(r#"["a", "b"]"#, "/1: must be an integer");
    refused::<models::Pair>(r#"["a", 1, 2]"#, "/2: is not allowed here");
    // patternProperties with additionalProperties: false, propertyNames.
    accepted::<models::Labels>(r#"{"x-team": "core"}"#);
    refused::<models::Labels>(r#"{"x-team": 1}"#, "/x-team: must be a string");
    refused::<models::Labels>(r#"{"team": "core"}"#, "/team: is not allowed here");
    refused::<models::Labels>(r#"{"x-a-very-long-name": "v"}"#, "must be at most 10");
    // dependentRequired, dependentSchemas.
    accepted::<models::Payment>("{}");
    refused::<models::Payment>(r#"{"card": "1"}"#, "/billing: is required when `card`");
    refused::<models::Payment>(r#"{"billing": "ab"}"#, "/billing: must be at least 3");
    // if/then/else, minProperties, maxProperties.
    accepted::<models::Shipping>(r#"{"country": "GB", "postcode": "SW1A 1AA"}"#);
    refused::<models::Shipping>(r#"{"country": "US", "postcode": "SW1"}"#, "^[0-9]{5}$");
    refused::<models::Shipping>(r#"{"country": "GB", "postcode": "12a"}"#, "^[A-Z0-9 ]+$");
    refused::<models::Shipping>("{}", "must have at least 1 properties");
    // not, the schema false, a keyword value written as a decimal.
    accepted::<models::Present>("0");
    refused::<models::Present>("null", "must not match the schema in `not`");
    refused::<models::Nothing>("1", "is not allowed here (the schema is `false`)");
    refused::<models::Code>(r#""abc""#, "must be at most 2 characters long");
}

#[test]
fn one_of_means_exactly_one_and_names_each_alternative() {
    accepted::<models::Choice>("1");
    accepted::<models::Choice>("2.5");
    // 3 is an integer and at least 2.
    refused::<models::Choice>(
        "3",
        "matches 2 alternatives of Choice (Integer, Value), but oneOf allows exactly one",
    );
    // 1.5 is no integer and below 2: the one alternative it decodes as reports.
    refused::<models::Choice>("1.5", "must be >= 2");
    accepted::<models::Either>("3");
    refused::<models::Either>(r#""abc""#, "must be at most 2 characters long");
    refused::<models::Either>("true", "matches none of the alternatives of Either");
}

#[test]
fn const_and_enum_hold_at_the_top_level() {
    accepted::<models::Version>(r#""v1""#);
    refused::<models::Version>(r#""v2""#, r#"must be "v1""#);
    accepted::<Option<models::Level>>("null");
    accepted::<Option<models::Level>>("2");
    refused::<Option<models::Level>>("3", "is not one of the allowed values");
    accepted::<models::Origin>("[0.0]");
    refused::<models::Origin>("[false]", "must be [0]");
    refused::<models::Distinct>("[[0], [0.0]]", "/1: duplicates an earlier item");
    accepted::<models::Distinct>(r#"[0, "0", false]"#);
}

#[test]
fn formats_are_checked_by_their_grammars() {
    refused::<models::Host>(r#""-bad.example""#, "not a valid host name");
    refused::<models::Ip6>(r#""1::2::3""#, "not a valid IPv6 address");
    refused::<models::At>(r#""25:00:00Z""#, "not a valid RFC 3339 time");
    refused::<models::Span>(r#""P1D2H""#, "not a valid ISO 8601 duration");
    refused::<models::Link>(r#""\\\\WINDOWS\\fileshare""#, "not a valid URI reference");
    refused::<models::Mail>(r#""joe.bloggs@[127.0.0.300]""#, "not a valid email address");
    accepted::<models::Mail>(r#""joe.bloggs@[IPv6:::1]""#);
    refused::<models::Pointer>(r#""a/b""#, "not a valid JSON pointer");
    refused::<models::Expression>(r#""^(abc]""#, "not a valid ECMA-262 regular expression");
    refused::<models::Page>(r#""/relative""#, "not a valid absolute IRI");
}

#[test]
fn patterns_follow_ecma_262() {
    // `\s` includes non-ASCII spaces; `\p{Letter}` and `\cX` work.
    accepted::<models::Blank>(r#""\u2003""#);
    refused::<models::Blank>(r#""x""#, "does not match the pattern");
    accepted::<models::Letters>(r#""héllo""#);
    refused::<models::Letters>(r#""h3""#, "does not match the pattern");
    accepted::<models::Control>(r#""\u0003""#);
    refused::<models::Control>(r#""C""#, "does not match the pattern");
}

#[test]
fn the_new_checks_allocate_nothing_for_valid_values() {
    // Every schema of the fixture but `Letters`, whose `\p{Letter}` runs on regress.
    let text = r#"{
        "short": "ab", "positive": 3, "address": "10.0.0.1", "username": "bob_1",
        "count": 1.0, "tags": ["pinned", "new"], "pair": ["a", 1],
        "labels": {"x-team": "core"}, "payment": {"card": "1", "billing": "Main St"},
        "shipping": {"country": "US", "postcode": "12345"}, "something": {"a": 1},
        "present": 0, "code": "ab", "nickname": "bob", "choice": 2.5, "either": "ab",
        "version": "v1", "level": 2, "origin": [0.0], "distinct": [0, "0"],
        "host": "api.example.com", "ip6": "::1", "at": "23:59:60Z", "span": "PT36H",
        "link": "../a?b#c", "mail": "joe.bloggs@[IPv6:::1]", "pointer": "/a~1b",
        "expression": "^a+$", "page": "http://ƒøø.ßår/π", "blank": " \u2003",
        "control": "\u0003"
    }"#;
    let value: models::Everything = from_str(text).unwrap();
    // The first run compiles each pattern once.
    value.validate().unwrap();
    let (count, result) = crate::alloc::allocations_in(|| value.validate());
    result.unwrap();
    assert_eq!(count, 0, "validating a valid value allocated");
}
