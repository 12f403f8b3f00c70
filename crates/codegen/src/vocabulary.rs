//! Stage 1b, `vocabulary`: every key of every Schema, Parameter, Request Body, Response,
//! Header, Media Type, Operation and Path Item object the spec holds is checked against the
//! OpenAPI vocabulary of its version (3.0 or 3.1), before lowering reads any of them.
//!
//! The policy (README "What the generator says about a spec"):
//!
//! - An unknown key (not in the object's vocabulary, not an `x-` extension) is a warning,
//!   with a "did you mean" when a known key is near (`requierd` -> `required`): it is ignored,
//!   and a typo would otherwise silently change the output.
//! - A known key with a value of the wrong shape is an error (`properties` as a list or left
//!   empty by a dedented block, `minLength: -1`), as is an object of another kind where a
//!   schema belongs (a Response `$ref`'d as a schema). An integral decimal (`maxLength: 2.0`)
//!   is an integer.
//! - A schema keyword the generated code does not enforce (`unevaluatedProperties`,
//!   `unevaluatedItems`, `$dynamicRef`) is named in one warning per schema, until it is
//!   enforced; so is a keyword of the
//!   other OpenAPI version, which is honoured anyway where the generator knows it.
//! - An unknown `format` is a warning (the value is typed by its `type` alone).
//!
//! The walk follows the spec's structure and its `$ref`s with a work list (no recursion, so
//! deep specs cannot overflow the stack), visiting each node once per role.

use std::collections::BTreeSet;

use serde_json::{Map, Value};

use crate::diag::{did_you_mean, quote, Diagnostics};
use crate::load::{ref_of, NodeRef, Spec};

/// What an object is, which decides its vocabulary.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Role {
    PathItem,
    Operation,
    Parameter,
    RequestBody,
    Responses,
    Response,
    Header,
    MediaType,
    Schema,
    /// A map from names to objects of one role (`components/schemas`, `headers`, ...).
    Map(&'static Role),
}

/// The shape a keyword's value must have.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Expect {
    Any,
    Str,
    Bool,
    Object,
    List,
    /// A list of strings.
    Strings,
    /// A non-negative integer (an integral decimal such as `2.0` counts).
    Count,
    Number,
    /// A schema: a mapping or a boolean.
    Schema,
    /// `type`: a string or (3.1) a list of strings.
    Type,
    /// 3.0's boolean or 3.1's number.
    BoolOrNumber,
    /// `additionalProperties`: a boolean or a schema.
    BoolOrSchema,
}

const PATH_ITEM: &[(&str, Expect)] = &[
    ("$ref", Expect::Str),
    ("summary", Expect::Str),
    ("description", Expect::Str),
    ("get", Expect::Object),
    ("put", Expect::Object),
    ("post", Expect::Object),
    ("delete", Expect::Object),
    ("options", Expect::Object),
    ("head", Expect::Object),
    ("patch", Expect::Object),
    ("trace", Expect::Object),
    ("servers", Expect::List),
    ("parameters", Expect::List),
];

const OPERATION: &[(&str, Expect)] = &[
    ("tags", Expect::Strings),
    ("summary", Expect::Str),
    ("description", Expect::Str),
    ("externalDocs", Expect::Object),
    ("operationId", Expect::Str),
    ("parameters", Expect::List),
    ("requestBody", Expect::Object),
    ("responses", Expect::Object),
    ("callbacks", Expect::Object),
    ("deprecated", Expect::Bool),
    ("security", Expect::List),
    ("servers", Expect::List),
];

const PARAMETER: &[(&str, Expect)] = &[
    ("name", Expect::Str),
    ("in", Expect::Str),
    ("description", Expect::Str),
    ("required", Expect::Bool),
    ("deprecated", Expect::Bool),
    ("allowEmptyValue", Expect::Bool),
    ("style", Expect::Str),
    ("explode", Expect::Bool),
    ("allowReserved", Expect::Bool),
    // Lowering reads `schema` and says what is wrong with it.
    ("schema", Expect::Any),
    ("example", Expect::Any),
    ("examples", Expect::Object),
    ("content", Expect::Object),
];

const REQUEST_BODY: &[(&str, Expect)] = &[
    ("description", Expect::Str),
    ("content", Expect::Object),
    ("required", Expect::Bool),
];

const RESPONSE: &[(&str, Expect)] = &[
    ("description", Expect::Str),
    ("headers", Expect::Object),
    ("content", Expect::Object),
    ("links", Expect::Object),
];

const MEDIA_TYPE: &[(&str, Expect)] = &[
    ("schema", Expect::Any),
    ("example", Expect::Any),
    ("examples", Expect::Object),
    ("encoding", Expect::Object),
];

/// Schema keywords of both versions.
const SCHEMA: &[(&str, Expect)] = &[
    ("$ref", Expect::Str),
    ("type", Expect::Type),
    ("format", Expect::Str),
    ("title", Expect::Str),
    ("description", Expect::Str),
    ("default", Expect::Any),
    ("example", Expect::Any),
    ("enum", Expect::List),
    ("readOnly", Expect::Bool),
    ("writeOnly", Expect::Bool),
    ("deprecated", Expect::Bool),
    ("properties", Expect::Object),
    ("required", Expect::Strings),
    ("additionalProperties", Expect::BoolOrSchema),
    ("items", Expect::Any),
    ("allOf", Expect::List),
    ("oneOf", Expect::List),
    ("anyOf", Expect::List),
    ("not", Expect::Schema),
    ("discriminator", Expect::Object),
    ("minimum", Expect::Number),
    ("maximum", Expect::Number),
    ("exclusiveMinimum", Expect::BoolOrNumber),
    ("exclusiveMaximum", Expect::BoolOrNumber),
    ("multipleOf", Expect::Number),
    ("minLength", Expect::Count),
    ("maxLength", Expect::Count),
    ("pattern", Expect::Str),
    ("minItems", Expect::Count),
    ("maxItems", Expect::Count),
    ("uniqueItems", Expect::Bool),
    ("minProperties", Expect::Count),
    ("maxProperties", Expect::Count),
    ("xml", Expect::Object),
    ("externalDocs", Expect::Object),
];

/// Schema keywords of OpenAPI 3.0 only.
const SCHEMA_30: &[(&str, Expect)] = &[("nullable", Expect::Bool)];

/// Schema keywords of OpenAPI 3.1 only (JSON Schema 2020-12).
const SCHEMA_31: &[(&str, Expect)] = &[
    ("const", Expect::Any),
    ("examples", Expect::List),
    ("$schema", Expect::Str),
    ("$id", Expect::Str),
    ("$anchor", Expect::Str),
    ("$dynamicAnchor", Expect::Str),
    ("$dynamicRef", Expect::Str),
    ("$comment", Expect::Str),
    ("$defs", Expect::Object),
    ("$vocabulary", Expect::Object),
    ("contentEncoding", Expect::Str),
    ("contentMediaType", Expect::Str),
    ("contentSchema", Expect::Schema),
    ("prefixItems", Expect::List),
    ("contains", Expect::Schema),
    ("minContains", Expect::Count),
    ("maxContains", Expect::Count),
    ("patternProperties", Expect::Object),
    ("propertyNames", Expect::Schema),
    ("dependentRequired", Expect::Object),
    ("dependentSchemas", Expect::Object),
    ("if", Expect::Schema),
    ("then", Expect::Schema),
    ("else", Expect::Schema),
    ("unevaluatedItems", Expect::Schema),
    ("unevaluatedProperties", Expect::Schema),
];

/// Keywords the generator honours although they belong to the other OpenAPI version.
const HONOURED_ACROSS_VERSIONS: &[&str] = &["nullable", "const", "examples"];

/// Schema keywords the generated code does not enforce (yet): named in a warning.
pub const NOT_ENFORCED: &[&str] = &["unevaluatedItems", "unevaluatedProperties", "$dynamicRef"];

/// Formats known to OpenAPI (its format registry) and JSON Schema, plus `url`. Only some get
/// a type of their own; the others are typed by `type` alone, without a warning.
pub const KNOWN_FORMATS: &[&str] = &[
    "base64url",
    "binary",
    "byte",
    "char",
    "commonmark",
    "date",
    "date-time",
    "decimal",
    "decimal128",
    "double",
    "duration",
    "email",
    "float",
    "hostname",
    "html",
    "http-date",
    "idn-email",
    "idn-hostname",
    "int8",
    "int16",
    "int32",
    "int64",
    "ipv4",
    "ipv6",
    "iri",
    "iri-reference",
    "json-pointer",
    "media-range",
    "password",
    "regex",
    "relative-json-pointer",
    "sf-binary",
    "sf-boolean",
    "sf-decimal",
    "sf-integer",
    "sf-string",
    "sf-token",
    "time",
    "uint8",
    "uint16",
    "uint32",
    "uint64",
    "uri",
    "uri-reference",
    "uri-template",
    "url",
    "uuid",
];

/// Checks the vocabulary of `spec`. Warnings go into the result; errors make it `Err`.
pub fn check_vocabulary(spec: &Spec) -> Result<Diagnostics, Diagnostics> {
    let root = NodeRef::root();
    let version_31 = spec
        .get(&root)
        .and_then(|r| r.get("openapi"))
        .and_then(Value::as_str)
        .is_none_or(|v| !v.starts_with("3.0"));
    let mut walk = Walk {
        spec,
        version_31,
        diags: Diagnostics::default(),
        seen: BTreeSet::new(),
        work: Vec::new(),
    };
    walk.start(&root);
    while let Some((node, role)) = walk.work.pop() {
        walk.visit(node, role);
    }
    let mut diags = walk.diags;
    diags.sort();
    if diags.has_errors() {
        Err(diags)
    } else {
        Ok(diags)
    }
}

struct Walk<'a> {
    spec: &'a Spec,
    version_31: bool,
    diags: Diagnostics,
    seen: BTreeSet<(NodeRef, Role)>,
    work: Vec<(NodeRef, Role)>,
}

const PATH_ITEMS: Role = Role::PathItem;
const SCHEMAS: Role = Role::Schema;
const RESPONSES: Role = Role::Response;
const PARAMETERS: Role = Role::Parameter;
const REQUEST_BODIES: Role = Role::RequestBody;
const HEADERS: Role = Role::Header;
const MEDIA_TYPES: Role = Role::MediaType;

impl Walk<'_> {
    fn push(&mut self, node: NodeRef, role: Role) {
        if self.spec.get(&node).is_some() && self.seen.insert((node.clone(), role)) {
            self.work.push((node, role));
        }
    }

    fn warn(&mut self, node: &NodeRef, message: String, help: Option<String>) {
        let mut d = self.spec.warning_at(node, message);
        if let Some(help) = help {
            d = d.with_help(help);
        }
        self.diags.push(d);
    }

    fn error(&mut self, node: &NodeRef, message: String) {
        let d = self.spec.error_at(node, message);
        self.diags.push(d);
    }

    fn start(&mut self, root: &NodeRef) {
        let paths = root.child("paths");
        if let Some(Value::Object(map)) = self.spec.get(&paths) {
            // Extensions (`x-...`) are allowed directly under `paths`.
            for key in map.keys().filter(|k| !k.starts_with("x-")) {
                self.push(paths.child(key), Role::PathItem);
            }
        }
        self.push(root.child("webhooks"), Role::Map(&PATH_ITEMS));
        let components = root.child("components");
        for (section, role) in [
            ("schemas", &SCHEMAS),
            ("responses", &RESPONSES),
            ("parameters", &PARAMETERS),
            ("requestBodies", &REQUEST_BODIES),
            ("headers", &HEADERS),
            ("pathItems", &PATH_ITEMS),
        ] {
            self.push(components.child(section), Role::Map(role));
        }
    }

    /// Checks one node in `role` and queues what it holds.
    fn visit(&mut self, node: NodeRef, role: Role) {
        let Some(value) = self.spec.get(&node) else {
            return;
        };
        if let Role::Map(inner) = role {
            if let Value::Object(map) = value {
                for key in map.keys().filter(|k| !k.starts_with("x-")) {
                    self.push(node.child(key), *inner);
                }
            }
            return;
        }
        let Value::Object(object) = value else {
            // Booleans are schemas; other shapes are reported by lowering, which knows what
            // it expected there.
            return;
        };
        if ref_of(value).is_some() {
            if let Ok(target) = self.spec.deref(&node) {
                let other = match (role, self.spec.get(&target)) {
                    (Role::Schema, Some(Value::Object(o))) => other_object_kind(o),
                    _ => None,
                };
                match other {
                    Some(kind) => self.error(
                        &node.child("$ref"),
                        format!("this `$ref` is where a schema belongs, but it points to {kind}; {WHAT_A_SCHEMA_IS}"),
                    ),
                    None => self.push(target, role),
                }
            }
            // Only a schema may say more beside its `$ref` (3.1); other `$ref` objects are
            // references and nothing else.
            if role != Role::Schema {
                return;
            }
        }
        match role {
            Role::PathItem => {
                self.check_keys(&node, object, PATH_ITEM, &[], "a Path Item");
                for (key, _) in crate::ir::Method::ALL {
                    self.push(node.child(key), Role::Operation);
                }
                self.push_list(&node, object, "parameters", Role::Parameter);
            }
            Role::Operation => {
                self.check_keys(&node, object, OPERATION, &[], "an Operation");
                self.push_list(&node, object, "parameters", Role::Parameter);
                self.push(node.child("requestBody"), Role::RequestBody);
                self.push(node.child("responses"), Role::Responses);
                if let Some(Value::Object(callbacks)) = object.get("callbacks") {
                    for name in callbacks.keys() {
                        let callback = node.child("callbacks").child(name);
                        let callback = self.spec.deref(&callback).unwrap_or(callback);
                        self.push(callback, Role::Map(&PATH_ITEMS));
                    }
                }
            }
            Role::Parameter | Role::Header => {
                let (table, what) = if role == Role::Parameter {
                    (PARAMETER, "a Parameter")
                } else {
                    (&PARAMETER[2..], "a Header")
                };
                self.check_keys(&node, object, table, &[], what);
                self.push(node.child("schema"), Role::Schema);
                self.push(node.child("content"), Role::Map(&MEDIA_TYPES));
            }
            Role::RequestBody => {
                self.check_keys(&node, object, REQUEST_BODY, &[], "a Request Body");
                self.push(node.child("content"), Role::Map(&MEDIA_TYPES));
            }
            Role::Responses => {
                // Status codes, ranges and `default` (checked by lowering), and extensions.
                for key in object.keys().filter(|k| !k.starts_with("x-")) {
                    self.push(node.child(key), Role::Response);
                }
            }
            Role::Response => {
                self.check_keys(&node, object, RESPONSE, &[], "a Response");
                self.push(node.child("headers"), Role::Map(&HEADERS));
                self.push(node.child("content"), Role::Map(&MEDIA_TYPES));
            }
            Role::MediaType => {
                self.check_keys(&node, object, MEDIA_TYPE, &[], "a Media Type");
                self.push(node.child("schema"), Role::Schema);
            }
            Role::Schema => self.visit_schema(&node, object),
            Role::Map(_) => {}
        }
    }

    fn push_list(&mut self, node: &NodeRef, object: &Map<String, Value>, key: &str, role: Role) {
        if let Some(Value::Array(items)) = object.get(key) {
            for i in 0..items.len() {
                self.push(node.child(key).index(i), role);
            }
        }
    }

    fn visit_schema(&mut self, node: &NodeRef, object: &Map<String, Value>) {
        if let Some(kind) = other_object_kind(object) {
            self.error(
                node,
                format!(
                    "this is where a schema belongs, but it looks like {kind}; {WHAT_A_SCHEMA_IS}"
                ),
            );
            return;
        }
        let (own, other) = if self.version_31 {
            (SCHEMA_31, SCHEMA_30)
        } else {
            (SCHEMA_30, SCHEMA_31)
        };
        self.check_keys(node, object, SCHEMA, own, "a Schema");
        let version = if self.version_31 { "3.1" } else { "3.0" };
        let mut not_enforced = Vec::new();
        for key in object.keys() {
            if let Some((_, expect)) = other.iter().find(|(k, _)| k == key) {
                let at = node.child(key);
                self.check_shape(&at, key, *expect, &object[key]);
                let honoured = if HONOURED_ACROSS_VERSIONS.contains(&key.as_str()) {
                    "it is honoured anyway"
                } else {
                    "it is read as the other version means it"
                };
                if !NOT_ENFORCED.contains(&key.as_str()) {
                    self.warn(&at, format!("`{key}` is not an OpenAPI {version} schema keyword (it is one in the other version); {honoured}"), None);
                }
            }
            if NOT_ENFORCED.contains(&key.as_str()) {
                not_enforced.push(format!("`{key}`"));
            }
        }
        if !not_enforced.is_empty() {
            let (list, verb) = match not_enforced.as_slice() {
                [one] => (one.clone(), "is"),
                [init @ .., last] => (format!("{} and {last}", init.join(", ")), "are"),
                [] => unreachable!("not empty"),
            };
            self.warn(
                node,
                format!("{list} {verb} not enforced by the generated code: `validate()` does not check {}", if verb == "is" { "it" } else { "them" }),
                None,
            );
        }
        if let Some(Value::String(format)) = object.get("format") {
            if !KNOWN_FORMATS.contains(&format.as_str()) {
                let help = did_you_mean(format, KNOWN_FORMATS.iter().copied())
                    .map(|near| format!("did you mean `{near}`?"));
                self.warn(
                    &node.child("format"),
                    format!(
                        "unknown format `{}`; the value is typed and checked by its `type` alone",
                        quote(format)
                    ),
                    help,
                );
            }
        }
        // The schemas this one holds.
        for key in [
            "properties",
            "patternProperties",
            "$defs",
            "dependentSchemas",
        ] {
            self.push(node.child(key), Role::Map(&SCHEMAS));
        }
        for key in ["allOf", "oneOf", "anyOf", "prefixItems"] {
            self.push_list(node, object, key, Role::Schema);
        }
        for key in [
            "items",
            "additionalProperties",
            "not",
            "contains",
            "propertyNames",
            "if",
            "then",
            "else",
            "unevaluatedItems",
            "unevaluatedProperties",
            "contentSchema",
        ] {
            if object.get(key).is_some_and(Value::is_object) {
                self.push(node.child(key), Role::Schema);
            }
        }
        if let Some(Value::Array(_)) = object.get("items") {
            self.push_list(node, object, "items", Role::Schema);
        }
    }

    /// Warns about unknown keys of `object` (with a "did you mean") and reports known keys
    /// whose value has the wrong shape.
    fn check_keys(
        &mut self,
        node: &NodeRef,
        object: &Map<String, Value>,
        table: &[(&str, Expect)],
        more: &[(&str, Expect)],
        what: &str,
    ) {
        let known = || table.iter().chain(more).map(|(k, _)| *k);
        for (key, value) in object {
            let at = node.child(key);
            if let Some((_, expect)) = table.iter().chain(more).find(|(k, _)| k == key) {
                self.check_shape(&at, key, *expect, value);
                continue;
            }
            if key.starts_with("x-") || (what == "a Schema" && is_other_version_key(key)) {
                continue;
            }
            let all_known = known().chain(SCHEMA_30.iter().chain(SCHEMA_31).map(|(k, _)| *k));
            let candidates: Vec<&str> = if what == "a Schema" {
                all_known.collect()
            } else {
                known().collect()
            };
            let help = did_you_mean(key, candidates.iter().copied())
                .map(|near| format!("did you mean `{near}`?"));
            self.warn(
                &at,
                format!(
                    "`{}` is not a keyword of {what}; it is ignored (extensions start with `x-`)",
                    quote(key)
                ),
                help,
            );
        }
    }

    fn check_shape(&mut self, at: &NodeRef, key: &str, expect: Expect, value: &Value) {
        let ok = match expect {
            Expect::Any => true,
            Expect::Str => value.is_string(),
            Expect::Bool => value.is_boolean(),
            Expect::Object => value.is_object(),
            Expect::List => value.is_array(),
            Expect::Strings => value
                .as_array()
                .is_some_and(|items| items.iter().all(Value::is_string)),
            Expect::Count => count(value).is_some(),
            Expect::Number => value.is_number(),
            Expect::Schema | Expect::BoolOrSchema => value.is_object() || value.is_boolean(),
            Expect::Type => {
                value.is_string()
                    || (self.version_31
                        && value
                            .as_array()
                            .is_some_and(|items| items.iter().all(Value::is_string)))
            }
            Expect::BoolOrNumber => value.is_boolean() || value.is_number(),
        };
        if ok {
            return;
        }
        let wanted = match expect {
            Expect::Any => "anything",
            Expect::Str => "a string",
            Expect::Bool => "`true` or `false`",
            Expect::Object if key == "properties" => "a mapping of property names to schemas",
            Expect::Object => "a mapping",
            Expect::List => "a list",
            Expect::Strings => "a list of strings",
            Expect::Count => "a whole number, 0 or more",
            Expect::Number => "a number",
            Expect::Schema => "a schema (a mapping or a boolean)",
            Expect::Type if self.version_31 => "a type name or a list of type names",
            Expect::Type => "a type name",
            Expect::BoolOrNumber => "a boolean (3.0) or a number (3.1)",
            Expect::BoolOrSchema => "a boolean or a schema",
        };
        let found = match value {
            Value::Null => "nothing (null)".to_owned(),
            Value::Bool(b) => format!("`{b}`"),
            Value::Number(n) => format!("`{n}`"),
            Value::String(s) => format!("the string `{}`", quote(s)),
            Value::Array(_) => "a list".to_owned(),
            Value::Object(_) => "a mapping".to_owned(),
        };
        let mut d = self
            .spec
            .error_at(at, format!("`{key}` must be {wanted}, found {found}"));
        if value.is_null() && matches!(expect, Expect::Object | Expect::List | Expect::Schema) {
            d = d.with_help("is the block meant to be under it indented one level too little?");
        }
        self.diags.push(d);
    }
}

/// Whether `key` is a schema keyword of either version (the wrong one is handled apart).
fn is_other_version_key(key: &str) -> bool {
    SCHEMA_30.iter().chain(SCHEMA_31).any(|(k, _)| *k == key)
}

/// A count keyword's value: a non-negative integer, or an integral decimal (`2.0`).
pub fn count(value: &Value) -> Option<u64> {
    match value {
        Value::Number(n) => n.as_u64().or_else(|| {
            n.as_f64()
                .filter(|f| *f >= 0.0 && f.fract() == 0.0 && *f < 2f64.powi(63))
                .map(|f| f as u64)
        }),
        _ => None,
    }
}

/// The end of a "this is not a schema" message.
const WHAT_A_SCHEMA_IS: &str =
    "a schema says what a value is (`type`, `properties`, `items`, a `$ref` to a schema, ...)";

/// Schema keywords that only annotate: an object of another kind may have them too.
const ANNOTATIONS: &[&str] = &[
    "description",
    "title",
    "example",
    "examples",
    "deprecated",
    "externalDocs",
    "$comment",
];

/// What a mapping looks like when it is clearly another kind of object than a schema: no
/// key says what a value is, and one defines that other kind.
fn other_object_kind(object: &Map<String, Value>) -> Option<&'static str> {
    let says_what = |k: &String| {
        !ANNOTATIONS.contains(&k.as_str())
            && SCHEMA
                .iter()
                .chain(SCHEMA_30)
                .chain(SCHEMA_31)
                .any(|(s, _)| s == k)
    };
    if object.keys().any(says_what) {
        return None;
    }
    let has = |k: &str| object.contains_key(k);
    Some(if has("content") || has("headers") || has("links") {
        "a Response or Request Body object (it has `content`, `headers` or `links`)"
    } else if has("in") && has("name") {
        "a Parameter object (it has `in` and `name`)"
    } else if has("responses") || has("operationId") {
        "an Operation object (it has `responses` or `operationId`)"
    } else if crate::ir::Method::ALL.iter().any(|(m, _)| has(m)) {
        "a Path Item object (it has an HTTP method)"
    } else {
        return None;
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_accept_integral_decimals_only() {
        assert_eq!(count(&serde_json::json!(2)), Some(2));
        assert_eq!(count(&serde_json::json!(2.0)), Some(2));
        assert_eq!(count(&serde_json::json!(2.5)), None);
        assert_eq!(count(&serde_json::json!(-1)), None);
        assert_eq!(count(&serde_json::json!("2")), None);
    }
}
