//! Golden fixtures, driven by a glob: every `fixtures/<case>/openapi.{yaml,json}` is run
//! through the generator.
//!
//! - A good spec's output must equal `fixtures/<case>/expected/*.rs`, and those files must
//!   compile warning-free (checked with trybuild, as a consumer crate would build them).
//! - A bad spec's rendered diagnostics must equal `fixtures/<case>/expected.diagnostics`.
//!
//! `SPECFORGE_BLESS=1 cargo test -p specforge-tests --test golden` accepts new output.

use std::path::{Path, PathBuf};

use specforge_codegen::Options;

fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures")
}

fn cases() -> Vec<(String, PathBuf)> {
    let mut cases = Vec::new();
    for entry in std::fs::read_dir(fixtures_dir()).expect("tests/fixtures exists") {
        let dir = entry.expect("readable fixtures dir").path();
        if !dir.is_dir() {
            continue;
        }
        let root = ["openapi.yaml", "openapi.json"]
            .iter()
            .map(|f| dir.join(f))
            .find(|p| p.exists());
        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
        let root =
            root.unwrap_or_else(|| panic!("fixture `{name}` has no openapi.yaml or openapi.json"));
        cases.push((name, root));
    }
    cases.sort();
    assert!(
        cases.len() >= 10,
        "expected the fixture suite, found {} cases",
        cases.len()
    );
    cases
}

fn bless() -> bool {
    std::env::var_os("SPECFORGE_BLESS").is_some()
}

/// Compares `actual` with the file at `path` (or writes it when blessing); returns a
/// description of the mismatch.
fn compare(path: &Path, actual: &str) -> Option<String> {
    if bless() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, actual).unwrap();
        return None;
    }
    match std::fs::read_to_string(path) {
        Ok(expected) if expected == actual => None,
        Ok(expected) => {
            let line = expected
                .lines()
                .zip(actual.lines())
                .position(|(a, b)| a != b)
                .map_or_else(
                    || expected.lines().count().min(actual.lines().count()) + 1,
                    |i| i + 1,
                );
            Some(format!(
                "{} differs from the generator's output (first difference at line {line}):\n  expected: {:?}\n  actual:   {:?}",
                path.display(),
                expected.lines().nth(line - 1).unwrap_or("<end of file>"),
                actual.lines().nth(line - 1).unwrap_or("<end of file>"),
            ))
        }
        Err(_) => Some(format!("{} is missing", path.display())),
    }
}

/// Renders diagnostics with the fixture's folder stripped from any path, so expectations do
/// not depend on where the checkout lives.
fn render_diagnostics(diags: &specforge_codegen::Diagnostics, dir: &Path) -> String {
    let text = format!("{diags}\n");
    text.replace(&format!("{}/", dir.display()), "")
}

#[test]
fn golden_fixtures() {
    let mut failures = Vec::new();
    let mut compile = Vec::new();
    for (name, root) in cases() {
        let dir = root.parent().unwrap().to_owned();
        let options = Options {
            command: format!("the golden test from tests/fixtures/{name}"),
        };
        let diagnostics_path = dir.join("expected.diagnostics");
        match specforge_codegen::generate(&root, &options) {
            Ok(generated) => {
                if diagnostics_path.exists() && !bless() {
                    failures.push(format!(
                        "{name}: expected diagnostics, but generation succeeded"
                    ));
                    continue;
                }
                for file in &generated.files {
                    failures.extend(compare(
                        &dir.join("expected").join(&file.path),
                        &file.contents,
                    ));
                }
                let warnings = render_diagnostics(&generated.warnings, &dir);
                let warnings_path = dir.join("expected.warnings");
                if !generated.warnings.0.is_empty() || warnings_path.exists() {
                    failures.extend(compare(&warnings_path, &warnings));
                }
                // A fixture may pin its lowered IR too: a lowering change then shows as a short
                // diff of plain data rather than pages of Rust (STYLE.md point 3).
                let ir_path = dir.join("expected.ir");
                if ir_path.exists() {
                    failures.extend(compare(&ir_path, &format!("{:#?}\n", generated.api)));
                }
                compile.push((name, dir));
            }
            Err(diags) => {
                if dir.join("expected").exists() && !bless() {
                    failures.push(format!(
                        "{name}: expected output, but generation failed:\n{diags}"
                    ));
                    continue;
                }
                assert!(
                    diags.has_errors(),
                    "{name}: a failed generation must report an error"
                );
                failures.extend(compare(
                    &diagnostics_path,
                    &render_diagnostics(&diags, &dir),
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} golden mismatch(es); rerun with SPECFORGE_BLESS=1 to accept:\n\n{}",
        failures.len(),
        failures.join("\n\n")
    );
    compile_goldens(&compile);
}

/// Every golden must compile warning-free as the modules of a crate.
fn compile_goldens(cases: &[(String, PathBuf)]) {
    let wrappers = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/golden-compile");
    std::fs::create_dir_all(&wrappers).unwrap();
    let t = trybuild::TestCases::new();
    for (name, dir) in cases {
        let expected = dir.join("expected");
        let wrapper = wrappers.join(format!("{}.rs", name.replace('-', "_")));
        let text = format!(
            "//! Compiles the golden output of fixture `{name}`.\n\
             #![deny(warnings)]\n\
             // A binary crate: items the generated library exports are unused here.\n\
             #![allow(dead_code)]\n\
             #[path = {client:?}]\n#[rustfmt::skip]\npub mod client;\n\
             #[path = {models:?}]\n#[rustfmt::skip]\npub mod models;\n\
             #[path = {validate:?}]\n#[rustfmt::skip]\nmod validate;\n\
             fn main() {{}}\n",
            client = expected.join("client.rs"),
            models = expected.join("models.rs"),
            validate = expected.join("validate.rs"),
        );
        if std::fs::read_to_string(&wrapper).ok().as_deref() != Some(text.as_str()) {
            std::fs::write(&wrapper, text).unwrap();
        }
        t.pass(&wrapper);
    }
}

#[test]
fn generation_is_deterministic() {
    for (name, root) in cases() {
        let options = Options {
            command: "determinism".into(),
        };
        let first = specforge_codegen::generate(&root, &options).map(|g| g.files);
        for _ in 0..3 {
            let again = specforge_codegen::generate(&root, &options).map(|g| g.files);
            match (&first, &again) {
                (Ok(a), Ok(b)) => assert_eq!(a, b, "{name}: output differs between runs"),
                (Err(a), Err(b)) => assert_eq!(a, b, "{name}: diagnostics differ between runs"),
                _ => panic!("{name}: success differs between runs"),
            }
        }
    }
}
