//! `cargo xtask fidelity` reports every kind of difference it promises to, and nothing when
//! two specs say the same facts in different words.

use std::fs;
use std::path::{Path, PathBuf};

use xtask::fidelity::check;

/// One operation; `extra` is spliced into the operation, `props` into the success body.
fn spec(dir: &Path, name: &str, op_id: &str, extra: &str, props: &str) -> PathBuf {
    let text = format!(
        r#"openapi: 3.1.0
info: {{title: T, version: "1", description: {name}}}
paths:
  /v2/things/{{thingId}}:
    get:
      operationId: {op_id}
      description: Written by {name}, in its own words.
      parameters:
        - {{name: thingId, in: path, required: true, schema: {{type: string}}}}
        - {{name: limit, in: query, schema: {{type: integer}}}}
{extra}      responses:
        "200":
          description: The thing, says {name}.
          content:
            application/json:
              schema:
                type: object
                properties:
                  data:
                    type: object
                    properties:
                      id: {{type: string}}
                      items: {{type: array, items: {{type: object, properties: {{url: {{type: string}}}}}}}}
{props}        "404": {{description: Gone.}}
"#
    );
    let path = dir.join(format!("{name}.yaml"));
    fs::write(&path, text).unwrap();
    path
}

fn dir(name: &str) -> PathBuf {
    let dir =
        std::env::temp_dir().join(format!("specforge-fidelity-{}-{name}", std::process::id()));
    fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn same_facts_in_other_words_match() {
    let d = dir("same");
    let real = spec(&d, "real", "thing_get", "", "");
    let ours = spec(&d, "ours", "thing_get", "", "");
    let report = check(&real, &ours, &[]).unwrap();
    assert!(report.is_faithful(), "{}", report.render());
    assert_eq!((report.matched, report.real_count), (1, 1));
    assert!(report
        .render()
        .ends_with("1 of 1 operations match; 0 missing, 0 differ, 0 invented\n"));
}

#[test]
fn every_kind_of_difference_is_named() {
    let d = dir("differ");
    let real = spec(&d, "real", "thing_get", "", "");
    // Another operationId, a parameter the real one lacks, a nested property it lacks.
    let ours = spec(
        &d,
        "ours",
        "thingGet",
        "        - {name: desc, in: query, schema: {type: boolean}}\n",
        "                      extra: {type: string}\n",
    );
    let report = check(&real, &ours, &[]).unwrap();
    assert!(!report.is_faithful());
    let text = report.render();
    assert!(
        text.contains("operationId: real `thing_get`, ours `thingGet`"),
        "{text}"
    );
    assert!(
        text.contains("parameters only ours has: query:desc"),
        "{text}"
    );
    assert!(
        text.contains("success-body properties only ours has: data.extra"),
        "{text}"
    );
    assert!(
        text.ends_with("0 of 1 operations match; 0 missing, 1 differ, 0 invented\n"),
        "{text}"
    );
}

#[test]
fn nested_array_properties_and_statuses_are_compared() {
    let d = dir("nested");
    let real = spec(&d, "real", "thing_get", "", "");
    let text = fs::read_to_string(&real)
        .unwrap()
        .replace("url: {type: string}", "href: {type: string}")
        .replace(
            "\"404\": {description: Gone.}",
            "\"410\": {description: Gone.}",
        );
    let ours = d.join("ours.yaml");
    fs::write(&ours, text).unwrap();
    let report = check(&real, &ours, &[]).unwrap();
    let text = report.render();
    assert!(
        text.contains("success-body properties ours lacks: data.items[].url"),
        "{text}"
    );
    assert!(
        text.contains("success-body properties only ours has: data.items[].href"),
        "{text}"
    );
    assert!(text.contains("statuses ours lacks: 404"), "{text}");
    assert!(text.contains("statuses only ours has: 410"), "{text}");
}

#[test]
fn missing_and_invented_operations_are_listed() {
    let d = dir("paths");
    let real = spec(&d, "real", "thing_get", "", "");
    let text = fs::read_to_string(&real)
        .unwrap()
        .replace("/v2/things/{thingId}", "/v2/acts/{thingId}");
    let ours = d.join("ours.yaml");
    fs::write(&ours, text).unwrap();
    let report = check(&real, &ours, &[]).unwrap();
    let text = report.render();
    assert!(
        text.contains("missing   GET /v2/things/{thingId} (thing_get)"),
        "{text}"
    );
    assert!(
        text.contains("invented  GET /v2/acts/{thingId} (thing_get)"),
        "{text}"
    );
}

#[test]
fn a_spec_that_does_not_load_is_an_error_naming_it() {
    let d = dir("bad");
    let real = spec(&d, "real", "thing_get", "", "");
    let ours = d.join("ours.yaml");
    fs::write(&ours, "openapi: 3.1.0\npaths: [").unwrap();
    let error = check(&real, &ours, &[]).unwrap_err();
    assert!(error.contains("ours.yaml does not load"), "{error}");
}
