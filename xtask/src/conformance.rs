//! `cargo xtask conformance`: the official JSON Schema Test Suite as the yardstick of the
//! generated validation.
//!
//! The suite ships inside the `jsonschema` source distribution on PyPI (under `json/tests/`).
//! A pinned version is fetched with `pip download` into `target/conformance/` (never
//! committed), its SHA-256 checked against [`SUITE_SHA256`], and the draft 2020-12 (OpenAPI
//! 3.1) and draft 4 (OpenAPI 3.0) folders extracted with `tar`. Without a reachable registry
//! the run is skipped with a message.
//!
//! Every test group becomes a component schema of one OpenAPI document per draft (with an
//! operation returning it, so it is generated); one standalone crate is generated per draft,
//! plus a program that decodes each test's data into the group's type and validates it (the
//! crate must also be clippy-clean, as every generated crate must). A
//! test agrees when "decodes and validates clean" equals its `valid`. The run prints
//! `N of M agree`, lists every disagreement with what happened, and writes the same to
//! `target/conformance/report.txt`. Files and groups that an OpenAPI document cannot express
//! (or that need what specforge deliberately does not do, such as reading remote `$ref`s)
//! are skipped and listed with the reason.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

use quote::quote;
use serde_json::{json, Map, Value};
use sha2::{Digest, Sha256};
use specforge_codegen::emit::{shape_type, Allows, Ctx, Prelude};
use specforge_codegen::ir::{Api, BodyKind};
use specforge_codegen::Severity;

use crate::{run_gen_with, workspace_root, GenArgs, GenError, Mode};

/// The `jsonschema` release whose source distribution carries the suite.
pub const SUITE_VERSION: &str = "4.26.0";
/// SHA-256 of `jsonschema-4.26.0.tar.gz` as published on PyPI.
pub const SUITE_SHA256: &str = "0c26707e2efad8aa1bfc5b7ce170f3fccc2e4918ff85989ba9ffa9facb2be326";

/// Why a struct refuses what JSON Schema accepts.
const NOT_AN_OBJECT: &str = "a schema with `properties` (or `additionalProperties: false`) \
    but no `type` is generated as a struct, since that is what OpenAPI authors mean by it; \
    a value that is not an object cannot be held by a struct, so it does not decode, where \
    JSON Schema would ignore the object keywords";
/// Why a `Vec` refuses what JSON Schema accepts.
const NOT_AN_ARRAY: &str = "a schema with `items` but no `type` is generated as a `Vec`; \
    a value that is not an array cannot be held by one, so it does not decode, where JSON \
    Schema would ignore `items`";
/// Why format checks are not annotations.
const FORMAT_ASSERTS: &str = "specforge checks `format` (JSON Schema's format-assertion \
    vocabulary, which the suite's optional/format tests assume and OpenAPI users expect of \
    `format: email`); draft 2020-12 makes `format` an annotation by default";

/// The disagreements that are known and documented (README, "What the generator
/// understands"): the file, the group (`*` for any) and a part of the test's description,
/// and why. Any other disagreement fails the run, as does an entry that no longer matches
/// one (so the list and the README shrink as the generator improves).
const KNOWN: &[(&str, &str, &str, &str)] = &[
    (
        "draft2020-12/format.json",
        "*",
        "is only an annotation by default",
        FORMAT_ASSERTS,
    ),
    (
        "draft2020-12/additionalProperties.json",
        "additionalProperties being false does not allow other properties",
        "ignores",
        NOT_AN_OBJECT,
    ),
    (
        "draft2020-12/properties.json",
        "*",
        "ignores",
        NOT_AN_OBJECT,
    ),
    (
        "draft2020-12/required.json",
        "required validation",
        "ignores",
        NOT_AN_OBJECT,
    ),
    (
        "draft2020-12/ref.json",
        "root pointer ref",
        "match",
        NOT_AN_OBJECT,
    ),
    (
        "draft2020-12/items.json",
        "a schema given for items",
        "",
        NOT_AN_ARRAY,
    ),
    ("draft4/properties.json", "*", "ignores", NOT_AN_OBJECT),
    (
        "draft4/required.json",
        "required validation",
        "ignores",
        NOT_AN_OBJECT,
    ),
    (
        "draft4/ref.json",
        "root pointer ref",
        "match",
        NOT_AN_OBJECT,
    ),
    (
        "draft4/items.json",
        "a schema given for items",
        "",
        NOT_AN_ARRAY,
    ),
];

/// The index of the [`KNOWN`] entry a disagreement matches.
fn known(file: &str, group: &str, test: &str) -> Option<usize> {
    KNOWN
        .iter()
        .position(|(f, g, t, _)| *f == file && (*g == "*" || *g == group) && test.contains(t))
}

/// Draft 2020-12 keyword files that are not run, and why.
const SKIPPED_2020: &[(&str, &str)] = &[
    (
        "anchor.json",
        "`$anchor` and `$id`: specforge resolves `$ref` by file and JSON pointer only",
    ),
    (
        "defs.json",
        "validates schemas against the remote metaschema",
    ),
    (
        "dynamicRef.json",
        "`$dynamicRef` and `$dynamicAnchor`: not supported",
    ),
    (
        "refRemote.json",
        "remote `$ref`s: specforge never reads the network",
    ),
    (
        "unevaluatedItems.json",
        "the unevaluated vocabulary (`unevaluatedItems`) is not supported",
    ),
    (
        "unevaluatedProperties.json",
        "the unevaluated vocabulary (`unevaluatedProperties`) is not supported",
    ),
    (
        "vocabulary.json",
        "`$vocabulary` of custom metaschemas: not supported",
    ),
];

/// The `optional/format` files that are run: the formats specforge checks.
const FORMATS_2020: &[&str] = &[
    "date-time.json",
    "date.json",
    "duration.json",
    "ecmascript-regex.json",
    "email.json",
    "hostname.json",
    "ipv4.json",
    "ipv6.json",
    "iri.json",
    "iri-reference.json",
    "json-pointer.json",
    "regex.json",
    "relative-json-pointer.json",
    "time.json",
    "unknown.json",
    "uri.json",
    "uri-reference.json",
    "uuid.json",
];

/// Draft 4 keyword files that are not run, and why.
const SKIPPED_4: &[(&str, &str)] = &[
    (
        "additionalItems.json",
        "tuple `items` and `additionalItems` are not in OpenAPI 3.0",
    ),
    (
        "definitions.json",
        "validates schemas against the remote metaschema",
    ),
    ("dependencies.json", "`dependencies` is not in OpenAPI 3.0"),
    (
        "patternProperties.json",
        "`patternProperties` is not in OpenAPI 3.0",
    ),
    (
        "refRemote.json",
        "remote `$ref`s: specforge never reads the network",
    ),
];

/// The keywords of an OpenAPI 3.0 Schema Object (plus `definitions`, a plain container
/// that `$ref`s point into).
const OPENAPI_30_KEYWORDS: &[&str] = &[
    "title",
    "multipleOf",
    "maximum",
    "exclusiveMaximum",
    "minimum",
    "exclusiveMinimum",
    "maxLength",
    "minLength",
    "pattern",
    "maxItems",
    "minItems",
    "uniqueItems",
    "maxProperties",
    "minProperties",
    "required",
    "enum",
    "type",
    "allOf",
    "oneOf",
    "anyOf",
    "not",
    "items",
    "properties",
    "additionalProperties",
    "description",
    "format",
    "default",
    "nullable",
    "readOnly",
    "writeOnly",
    "example",
    "deprecated",
    "$ref",
    "definitions",
];

/// One test group of the suite: a schema and the data to try against it.
#[derive(Debug, Clone)]
struct Group {
    /// The file, relative to `json/tests/` (`draft2020-12/minLength.json`).
    file: String,
    /// The group's `description`.
    description: String,
    schema: Value,
    tests: Vec<Test>,
}

/// Something not run (a file or a group) and why.
type Skipped = (String, String);

/// One test: data and whether the group's schema accepts it.
#[derive(Debug, Clone)]
struct Test {
    description: String,
    data: Value,
    valid: bool,
}

/// One OpenAPI dialect and the suite folder that matches it.
#[derive(Debug, Clone, Copy)]
struct Dialect {
    /// The suite's folder (`draft2020-12`).
    draft: &'static str,
    /// The `openapi` version of the generated document.
    openapi: &'static str,
    /// Short name, for folders and crate names.
    name: &'static str,
}

const DIALECTS: [Dialect; 2] = [
    Dialect {
        draft: "draft2020-12",
        openapi: "3.1.0",
        name: "openapi-3-1",
    },
    Dialect {
        draft: "draft4",
        openapi: "3.0.3",
        name: "openapi-3-0",
    },
];

/// What running one test gave.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Outcome {
    /// Decoded and validated clean.
    Clean,
    /// Did not decode: the decode error.
    Undecodable(String),
    /// Decoded with violations: the first one.
    Invalid(String),
    /// The group's type was not generated: the generator's error.
    NotGenerated(String),
    /// The check panicked.
    Panicked,
}

impl std::fmt::Display for Outcome {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Outcome::Clean => f.write_str("decoded and validated clean"),
            Outcome::Undecodable(e) => write!(f, "did not decode: {e}"),
            Outcome::Invalid(v) => write!(f, "validation failed: {v}"),
            Outcome::NotGenerated(e) => write!(f, "not generated: {e}"),
            Outcome::Panicked => f.write_str("the check panicked"),
        }
    }
}

/// Why the run could not finish.
#[derive(Debug)]
pub enum ConformanceError {
    /// The suite could not be fetched (no registry): the run is skipped, not failed.
    Unavailable(String),
    /// Anything else.
    Failed(String),
}

impl From<GenError> for ConformanceError {
    fn from(e: GenError) -> Self {
        ConformanceError::Failed(e.to_string())
    }
}

/// Runs the conformance check; returns whether it passed (every disagreement is a known
/// one, and every known one still happens). `filter` keeps only the files whose path
/// contains it (and then known entries that match nothing are not stale).
pub fn run_conformance(filter: Option<&str>) -> Result<bool, ConformanceError> {
    let root = workspace_root();
    let dir = root.join("target/conformance");
    let tests_dir = fetch_suite(&dir)?;
    let mut report = String::new();
    let mut skipped = Vec::new();
    let mut results: Vec<(Group, Vec<Outcome>)> = Vec::new();
    for dialect in DIALECTS {
        let (groups, mut skips) = select_groups(&tests_dir, dialect, filter)?;
        skipped.append(&mut skips);
        if groups.is_empty() {
            continue;
        }
        let outcomes = run_dialect(&dir, dialect, &groups)?;
        results.extend(groups.into_iter().zip(outcomes));
    }

    let (mut agree, mut total) = (0, 0);
    let mut per_file: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    let (mut exceptions, mut unknown) = (String::new(), 0);
    let mut used = vec![false; KNOWN.len()];
    for (group, outcomes) in &results {
        for (test, outcome) in group.tests.iter().zip(outcomes) {
            let ok = (*outcome == Outcome::Clean) == test.valid;
            total += 1;
            let entry = per_file.entry(&group.file).or_default();
            entry.1 += 1;
            if ok {
                agree += 1;
                entry.0 += 1;
                continue;
            }
            let expected = if test.valid { "valid" } else { "invalid" };
            let why = match known(&group.file, &group.description, &test.description) {
                Some(i) => {
                    used[i] = true;
                    KNOWN[i].3.to_owned()
                }
                None => {
                    unknown += 1;
                    "UNKNOWN: not a documented disagreement".to_owned()
                }
            };
            let _ = writeln!(
                exceptions,
                "- {} | {} | {}: expected {expected}, {outcome}\n    why: {why}\n    schema: {}\n    data: {}",
                group.file,
                group.description,
                test.description,
                short(&group.schema.to_string(), 300),
                short(&test.data.to_string(), 200),
            );
        }
    }
    let _ = writeln!(
        report,
        "JSON Schema Test Suite (jsonschema {SUITE_VERSION} sdist), per file:"
    );
    for (file, (yes, all)) in &per_file {
        let _ = writeln!(report, "  {file}: {yes} of {all}");
    }
    let _ = writeln!(report, "\nskipped (not run):");
    for (what, why) in &skipped {
        let _ = writeln!(report, "  {what}: {why}");
    }
    let _ = writeln!(report, "\ndisagreements:\n{exceptions}");
    let stale: Vec<String> = KNOWN
        .iter()
        .zip(&used)
        .filter(|(_, used)| !**used)
        .map(|((file, group, test, _), _)| format!("{file} | {group} | {test}"))
        .collect();
    if filter.is_none() {
        for entry in &stale {
            let _ = writeln!(report, "STALE known disagreement (it agrees now; remove it from KNOWN in xtask/src/conformance.rs and from the README): {entry}");
        }
    }
    let _ = writeln!(
        report,
        "conformance: {agree} of {total} agree ({unknown} disagreements not documented)"
    );
    std::fs::write(dir.join("report.txt"), &report)
        .map_err(|e| ConformanceError::Failed(format!("{}: {e}", dir.display())))?;
    print!("{report}");
    println!("(report written to target/conformance/report.txt)");
    Ok(unknown == 0 && (filter.is_some() || stale.is_empty()))
}

fn short(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_owned()
    } else {
        let cut: String = text.chars().take(max).collect();
        format!("{cut}...")
    }
}

/// Fetches and unpacks the pinned suite into `dir`, returning its `json/tests` folder.
fn fetch_suite(dir: &Path) -> Result<PathBuf, ConformanceError> {
    let sdist = dir.join(format!("jsonschema-{SUITE_VERSION}.tar.gz"));
    let unpacked = dir.join(format!("jsonschema-{SUITE_VERSION}"));
    let tests = unpacked.join("json/tests");
    let failed =
        |what: &str, e: &dyn std::fmt::Display| ConformanceError::Failed(format!("{what}: {e}"));
    std::fs::create_dir_all(dir).map_err(|e| failed(&dir.display().to_string(), &e))?;
    if !sdist.exists() {
        let requirement = format!("jsonschema=={SUITE_VERSION}");
        let output = Command::new("python3")
            .args(["-m", "pip", "download", &requirement, "--no-deps"])
            .args(["--no-binary", "jsonschema", "--quiet", "-d"])
            .arg(dir)
            .output();
        let why = match output {
            Ok(out) if out.status.success() && sdist.exists() => None,
            Ok(out) => Some(String::from_utf8_lossy(&out.stderr).trim().to_owned()),
            Err(e) => Some(format!("cannot run `python3 -m pip`: {e}")),
        };
        if let Some(why) = why {
            let last = why.lines().last().unwrap_or("no output").to_owned();
            return Err(ConformanceError::Unavailable(format!(
                "`pip download {requirement}` failed (is PyPI reachable?): {last}"
            )));
        }
    }
    let bytes = std::fs::read(&sdist).map_err(|e| failed(&sdist.display().to_string(), &e))?;
    let digest = Sha256::digest(&bytes);
    let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    if hex != SUITE_SHA256 {
        // A corrupt or substituted download is never used; the next run fetches again.
        let _ = std::fs::remove_file(&sdist);
        return Err(ConformanceError::Failed(format!(
            "{} has SHA-256 {hex}, expected {SUITE_SHA256}; it was deleted",
            sdist.display()
        )));
    }
    if !tests.is_dir() {
        let prefix = format!("jsonschema-{SUITE_VERSION}/json/tests");
        let status = Command::new("tar")
            .arg("-xzf")
            .arg(&sdist)
            .arg("-C")
            .arg(dir)
            .arg(format!("{prefix}/draft2020-12"))
            .arg(format!("{prefix}/draft4"))
            .status()
            .map_err(|e| failed("cannot run `tar`", &e))?;
        if !status.success() || !tests.is_dir() {
            return Err(ConformanceError::Failed(format!(
                "`tar` could not unpack {}",
                sdist.display()
            )));
        }
    }
    Ok(tests)
}

/// The groups of `dialect` to run, and what is skipped (with why).
fn select_groups(
    tests: &Path,
    dialect: Dialect,
    filter: Option<&str>,
) -> Result<(Vec<Group>, Vec<Skipped>), ConformanceError> {
    let folder = tests.join(dialect.draft);
    let mut files: Vec<(String, PathBuf)> = Vec::new();
    let mut skipped = Vec::new();
    let skipped_files = if dialect.draft == "draft4" {
        SKIPPED_4
    } else {
        SKIPPED_2020
    };
    for name in sorted_json_files(&folder)? {
        let rel = format!("{}/{name}", dialect.draft);
        match skipped_files.iter().find(|(file, _)| *file == name) {
            Some((_, why)) => skipped.push((rel, (*why).to_owned())),
            None => files.push((rel, folder.join(&name))),
        }
    }
    if dialect.draft != "draft4" {
        let formats = folder.join("optional/format");
        for name in sorted_json_files(&formats)? {
            let rel = format!("{}/optional/format/{name}", dialect.draft);
            if FORMATS_2020.contains(&name.as_str()) {
                files.push((rel, formats.join(&name)));
            } else {
                skipped.push((rel, "a format specforge does not check".to_owned()));
            }
        }
    }
    skipped.push((
        format!("{}/optional/ (but the formats above)", dialect.draft),
        "optional behaviour the specification does not require".to_owned(),
    ));
    let mut groups = Vec::new();
    for (rel, path) in files {
        if filter.is_some_and(|f| !rel.contains(f)) {
            continue;
        }
        let text = std::fs::read_to_string(&path)
            .map_err(|e| ConformanceError::Failed(format!("{}: {e}", path.display())))?;
        let parsed: Value = serde_json::from_str(&text)
            .map_err(|e| ConformanceError::Failed(format!("{}: {e}", path.display())))?;
        for group in parsed.as_array().into_iter().flatten() {
            let description = group["description"].as_str().unwrap_or("?").to_owned();
            let schema = group["schema"].clone();
            let tests: Vec<Test> = group["tests"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|t| Test {
                    description: t["description"].as_str().unwrap_or("?").to_owned(),
                    data: t["data"].clone(),
                    valid: t["valid"].as_bool().unwrap_or(false),
                })
                .collect();
            let why_not = if dialect.draft == "draft4" {
                not_in_openapi_30(&schema)
            } else {
                not_expressible_2020(&schema)
            };
            match why_not {
                Some(why) => skipped.push((
                    format!("{rel} | {description} ({} tests)", tests.len()),
                    why,
                )),
                None => groups.push(Group {
                    file: rel.clone(),
                    description,
                    schema,
                    tests,
                }),
            }
        }
    }
    Ok((groups, skipped))
}

fn sorted_json_files(folder: &Path) -> Result<Vec<String>, ConformanceError> {
    let entries = std::fs::read_dir(folder)
        .map_err(|e| ConformanceError::Failed(format!("{}: {e}", folder.display())))?;
    let mut names: Vec<String> = entries
        .filter_map(|e| e.ok())
        .filter(|e| e.path().is_file())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".json"))
        .collect();
    names.sort();
    Ok(names)
}

/// Why a draft 2020-12 schema cannot be run as an OpenAPI 3.1 component, if it cannot.
fn not_expressible_2020(schema: &Value) -> Option<String> {
    let mut why = None;
    walk_schema(schema, &mut |key, value| {
        let reason = match key {
            "$id" | "$anchor" => {
                Some("`$id`/`$anchor`: specforge resolves `$ref` by file and JSON pointer only")
            }
            "$dynamicRef" | "$dynamicAnchor" => Some("`$dynamicRef`: not supported"),
            "$schema" if value.as_str() != Some("https://json-schema.org/draft/2020-12/schema") => {
                Some("`$schema` of another draft (cross-draft)")
            }
            "$ref" if !value.as_str().is_some_and(|r| r.starts_with('#')) => {
                Some("a remote `$ref`: specforge never reads the network")
            }
            "unevaluatedProperties" | "unevaluatedItems" => {
                Some("the unevaluated vocabulary is not supported")
            }
            _ => None,
        };
        if why.is_none() {
            why = reason.map(str::to_owned);
        }
    });
    why
}

/// Why a draft 4 schema is outside what an OpenAPI 3.0 Schema Object says, if it is.
fn not_in_openapi_30(schema: &Value) -> Option<String> {
    if !schema.is_object() {
        return Some("a boolean schema: not in OpenAPI 3.0".to_owned());
    }
    let mut why = None;
    walk_schema(schema, &mut |key, value| {
        let reason = if !OPENAPI_30_KEYWORDS.contains(&key) {
            Some(format!("`{key}` is not an OpenAPI 3.0 keyword"))
        } else if key == "type" && !value.is_string() {
            Some("a list of types is not OpenAPI 3.0".to_owned())
        } else if key == "items" && !value.is_object() {
            Some("tuple `items` is not OpenAPI 3.0".to_owned())
        } else if key == "$ref" && !value.as_str().is_some_and(|r| r.starts_with('#')) {
            Some("a remote `$ref`: specforge never reads the network".to_owned())
        } else {
            None
        };
        if why.is_none() {
            why = reason;
        }
    });
    why
}

/// Calls `f` with every keyword of every (sub)schema of `schema`.
fn walk_schema(schema: &Value, f: &mut dyn FnMut(&str, &Value)) {
    let Some(object) = schema.as_object() else {
        return;
    };
    for (key, value) in object {
        f(key, value);
        match key.as_str() {
            // Maps of name to schema.
            "properties" | "patternProperties" | "$defs" | "definitions" | "dependentSchemas" => {
                for sub in value.as_object().into_iter().flat_map(Map::values) {
                    walk_schema(sub, f);
                }
            }
            // Lists of schemas.
            "allOf" | "anyOf" | "oneOf" | "prefixItems" => {
                for sub in value.as_array().into_iter().flatten() {
                    walk_schema(sub, f);
                }
            }
            "items" if value.is_array() => {
                for sub in value.as_array().into_iter().flatten() {
                    walk_schema(sub, f);
                }
            }
            // One schema.
            "items"
            | "additionalProperties"
            | "additionalItems"
            | "not"
            | "if"
            | "then"
            | "else"
            | "contains"
            | "propertyNames"
            | "unevaluatedItems"
            | "unevaluatedProperties" => walk_schema(value, f),
            _ => {}
        }
    }
}

/// The component name of group `index`.
fn component(index: usize) -> String {
    format!("T{index}")
}

/// `schema` with every local `$ref` (`#...`) made to point inside component `name`; only
/// schema positions are rewritten (an `enum` or `const` value that looks like a `$ref` is
/// data).
fn relocate_refs(schema: &Value, name: &str) -> Value {
    let Some(object) = schema.as_object() else {
        return schema.clone();
    };
    let mut out = Map::new();
    for (key, value) in object {
        let value = match (key.as_str(), value) {
            ("$ref", Value::String(r)) if r.starts_with('#') => {
                Value::String(format!("#/components/schemas/{name}{}", &r[1..]))
            }
            // Maps of name to schema.
            (
                "properties" | "patternProperties" | "$defs" | "definitions" | "dependentSchemas",
                Value::Object(map),
            ) => Value::Object(
                map.iter()
                    .map(|(k, v)| (k.clone(), relocate_refs(v, name)))
                    .collect(),
            ),
            // Lists of schemas.
            ("allOf" | "anyOf" | "oneOf" | "prefixItems" | "items", Value::Array(items)) => {
                Value::Array(items.iter().map(|v| relocate_refs(v, name)).collect())
            }
            // One schema.
            (
                "items"
                | "additionalProperties"
                | "additionalItems"
                | "not"
                | "if"
                | "then"
                | "else"
                | "contains"
                | "propertyNames"
                | "unevaluatedItems"
                | "unevaluatedProperties",
                _,
            ) => relocate_refs(value, name),
            _ => value.clone(),
        };
        out.insert(key.clone(), value);
    }
    Value::Object(out)
}

/// The OpenAPI document holding `groups` (those whose index is in `keep`).
fn spec_for(dialect: Dialect, groups: &[Group], keep: &[bool]) -> Value {
    let mut paths = Map::new();
    let mut schemas = Map::new();
    for (i, group) in groups.iter().enumerate().filter(|(i, _)| keep[*i]) {
        let name = component(i);
        schemas.insert(name.clone(), relocate_refs(&group.schema, &name));
        let reference = format!("#/components/schemas/{name}");
        paths.insert(
            format!("/t{i}"),
            json!({"get": {
                "operationId": format!("t{i}"),
                "responses": {"200": {
                    "description": "the group's schema",
                    "content": {"application/json": {"schema": {"$ref": reference}}},
                }},
            }}),
        );
    }
    json!({
        "openapi": dialect.openapi,
        "info": {"title": "Conformance", "version": "1"},
        "paths": paths,
        "components": {"schemas": schemas},
    })
}

/// Generates, builds and runs the check crate of one dialect; returns each group's
/// outcomes, test by test.
fn run_dialect(
    dir: &Path,
    dialect: Dialect,
    groups: &[Group],
) -> Result<Vec<Vec<Outcome>>, ConformanceError> {
    let out = dir.join(dialect.name);
    let spec_path = dir.join(format!("{}.json", dialect.name));
    let name = format!("conformance-{}", dialect.name);
    let command = "`cargo xtask conformance`".to_owned();
    let mut keep = vec![true; groups.len()];
    let mut not_generated: BTreeMap<usize, String> = BTreeMap::new();
    // A group the generator refuses is taken out (its tests then report the error) and the
    // rest generated again.
    let api = loop {
        let spec = serde_json::to_string_pretty(&spec_for(dialect, groups, &keep))
            .map_err(|e| ConformanceError::Failed(e.to_string()))?;
        std::fs::write(&spec_path, spec)
            .map_err(|e| ConformanceError::Failed(format!("{}: {e}", spec_path.display())))?;
        let args = GenArgs {
            spec: spec_path.clone(),
            out: out.clone(),
            standalone: Some(Some(name.clone())),
            mode: Mode::Write,
            command: command.clone(),
            dump_ir: false,
            overlays: Vec::new(),
        };
        match run_gen_with(&args, &crate::workspace_flags()) {
            Ok(summary) => match summary.api {
                Some(api) => break api,
                None => return Err(ConformanceError::Failed("no API generated".into())),
            },
            Err(GenError::Spec(diags)) => {
                let mut progress = false;
                for d in diags.0.iter().filter(|d| d.severity == Severity::Error) {
                    let index = group_of_pointer(&d.pointer);
                    if let Some(i) = index.filter(|i| keep[*i]) {
                        keep[i] = false;
                        not_generated.insert(i, d.message.clone());
                        progress = true;
                    }
                }
                if !progress {
                    return Err(ConformanceError::Failed(format!(
                        "the generator refused the {} document:\n{diags}",
                        dialect.name
                    )));
                }
            }
            Err(e) => return Err(e.into()),
        }
    };
    let program = emit_program(&api, &name.replace('-', "_"), groups, &keep);
    let bin = out.join("src/bin/conformance.rs");
    crate::ensure_file_contents(&bin, &program, Mode::Write)?;
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    // The generated crate must be clippy-clean for every schema of the suite, as for any
    // spec (the client module aside: the suite's operations are all alike).
    let lint = Command::new(&cargo)
        .args(["clippy", "--quiet", "--no-default-features", "--lib"])
        .args(["--", "-D", "warnings"])
        .current_dir(&out)
        .env("CARGO_TARGET_DIR", workspace_root().join("target"))
        .output()
        .map_err(|e| ConformanceError::Failed(format!("cannot run cargo: {e}")))?;
    if !lint.status.success() {
        return Err(ConformanceError::Failed(format!(
            "the {} crate is not clippy-clean:\n{}",
            dialect.name,
            String::from_utf8_lossy(&lint.stderr)
        )));
    }
    let output = Command::new(&cargo)
        .args([
            "run",
            "--quiet",
            "--no-default-features",
            "--bin",
            "conformance",
        ])
        .current_dir(&out)
        .env("CARGO_TARGET_DIR", workspace_root().join("target"))
        .output()
        .map_err(|e| ConformanceError::Failed(format!("cannot run cargo: {e}")))?;
    if !output.status.success() {
        return Err(ConformanceError::Failed(format!(
            "the {} check crate did not build or run:\n{}",
            dialect.name,
            String::from_utf8_lossy(&output.stderr)
        )));
    }
    let stdout = String::from_utf8_lossy(&output.stdout);
    let mut lines: BTreeMap<(usize, usize), Outcome> = BTreeMap::new();
    for line in stdout.lines() {
        let mut parts = line.splitn(4, '\t');
        let (Some(g), Some(t), Some(status)) = (parts.next(), parts.next(), parts.next()) else {
            continue;
        };
        let (Ok(g), Ok(t)) = (g.parse::<usize>(), t.parse::<usize>()) else {
            continue;
        };
        let detail = parts.next().unwrap_or_default().to_owned();
        let outcome = match status {
            "clean" => Outcome::Clean,
            "decode" => Outcome::Undecodable(detail),
            "invalid" => Outcome::Invalid(detail),
            _ => Outcome::Panicked,
        };
        lines.insert((g, t), outcome);
    }
    Ok(groups
        .iter()
        .enumerate()
        .map(|(g, group)| {
            (0..group.tests.len())
                .map(|t| match not_generated.get(&g) {
                    Some(e) => Outcome::NotGenerated(e.clone()),
                    None => lines.remove(&(g, t)).unwrap_or(Outcome::Panicked),
                })
                .collect()
        })
        .collect())
}

/// The group a diagnostic's JSON pointer is inside (`/components/schemas/T12/...` or
/// `/paths/~1t12/...`).
fn group_of_pointer(pointer: &str) -> Option<usize> {
    let rest = pointer
        .strip_prefix("/components/schemas/T")
        .or_else(|| pointer.strip_prefix("/paths/~1t"))?;
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    digits.parse().ok()
}

/// The check program: for each test, one line `group<TAB>test<TAB>status<TAB>detail`.
fn emit_program(api: &Api, krate: &str, groups: &[Group], keep: &[bool]) -> String {
    let krate_ident = specforge_codegen::emit::ident(krate);
    let models = quote! { #krate_ident::models:: };
    let prelude = Prelude::new([]);
    let (rt_used, models_used) = (std::cell::Cell::new(false), std::cell::Cell::new(false));
    let allows = std::cell::RefCell::new(Allows::default());
    let ctx = Ctx {
        api,
        models: &models,
        prelude: &prelude,
        rt_used: &rt_used,
        models_used: &models_used,
        allows: &allows,
    };
    let mut cases = String::new();
    for (g, group) in groups.iter().enumerate().filter(|(g, _)| keep[*g]) {
        let operation = format!("t{g}");
        let shape = api
            .operations
            .iter()
            .find(|op| op.operation_id == operation)
            .and_then(|op| op.responses.first())
            .and_then(|r| r.body.as_ref())
            .and_then(|b| match &b.kind {
                BodyKind::Json(shape) => Some(shape),
                _ => None,
            });
        let Some(shape) = shape else {
            continue;
        };
        let ty = shape_type(ctx, shape).to_string();
        for (t, test) in group.tests.iter().enumerate() {
            let text = test.data.to_string();
            let _ = writeln!(cases, "    ({g}, {t}, check::<{ty}>, {text:?}),");
        }
    }
    format!(
        "// @generated by `cargo xtask conformance`. Do not edit.
//! Decodes each test's data of the JSON Schema Test Suite into its group's generated type
//! and validates it, printing one line per test.

use specforge_runtime::Validate;

/// Decodes `text` as `T` and validates it: `clean`, or what failed first.
fn check<T: serde::de::DeserializeOwned + Validate>(text: &str) -> String {{
    match specforge_runtime::decode::from_str::<T>(text) {{
        Err(e) => format!(\"decode\\t{{}}\", e.to_string().replace(['\\n', '\\t'], \" \")),
        Ok(value) => match value.validate() {{
            Ok(()) => \"clean\".to_owned(),
            Err(v) => {{
                let first = v.iter().next().map(ToString::to_string).unwrap_or_default();
                format!(\"invalid\\t{{}}\", first.replace(['\\n', '\\t'], \" \"))
            }}
        }},
    }}
}}

type Case = (usize, usize, fn(&str) -> String, &'static str);

const CASES: &[Case] = &[
{cases}];

fn main() {{
    std::panic::set_hook(Box::new(|_| {{}}));
    for (group, test, check, text) in CASES {{
        let outcome = std::panic::catch_unwind(|| check(text)).unwrap_or_else(|_| \"panic\".to_owned());
        println!(\"{{group}}\\t{{test}}\\t{{outcome}}\");
    }}
}}
"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refs_are_relocated_into_the_component() {
        let schema = json!({"$defs": {"a": {"type": "integer"}}, "items": {"$ref": "#/$defs/a"}, "not": {"$ref": "#"}});
        assert_eq!(
            relocate_refs(&schema, "T3"),
            json!({"$defs": {"a": {"type": "integer"}}, "items": {"$ref": "#/components/schemas/T3/$defs/a"}, "not": {"$ref": "#/components/schemas/T3"}})
        );
    }

    #[test]
    fn pointers_name_their_group() {
        assert_eq!(group_of_pointer("/components/schemas/T12/items"), Some(12));
        assert_eq!(group_of_pointer("/paths/~1t7/get"), Some(7));
        assert_eq!(group_of_pointer("/info"), None);
    }

    #[test]
    fn openapi_30_keeps_its_own_keywords() {
        assert_eq!(
            not_in_openapi_30(&json!({"type": "integer", "minimum": 1})),
            None
        );
        assert!(not_in_openapi_30(&json!({"patternProperties": {}})).is_some());
        assert!(not_in_openapi_30(&json!({"type": ["integer", "string"]})).is_some());
        assert!(not_in_openapi_30(&json!({"items": {"items": [{}]}})).is_some());
    }
}
