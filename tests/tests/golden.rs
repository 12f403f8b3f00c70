//! Golden fixtures, driven by a glob: every `fixtures/<case>/openapi.{yaml,json}` is run
//! through the generator, each case as its own test, `golden::case::<case>` (dashes become
//! underscores).
//!
//! - A good spec's output must equal `fixtures/<case>/expected/*.rs` (no more, no fewer
//!   files), its warnings `expected.warnings` (absent when there are none), and its lowered
//!   IR `expected.ir` when the case keeps one.
//! - A bad spec's rendered diagnostics must equal `fixtures/<case>/expected.diagnostics`.
//! - Every `expected/` must compile without a warning: the `compiled` test binary of this
//!   crate (`tests/compiled.rs`) holds each as modules.
//!
//! A mismatch prints a unified diff of the file. `SPECFORGE_BLESS=1` (or `UPDATE_EXPECT=1`)
//! writes the generator's output as the new expectation and deletes the ones that no longer
//! apply, e.g. `SPECFORGE_BLESS=1 cargo test -p specforge-tests --test all golden::`; read
//! `git diff tests/fixtures` afterwards.
//!
//! How a folder becomes a test: `tests/build.rs` lists `fixtures/*/` and writes
//! `$OUT_DIR/golden_cases.rs`, one `#[test]` per folder, included below. A harness such as
//! `libtest-mimic` or `datatest-stable` would need `harness = false`, which would take the
//! whole binary, and so every other module's `#[test]`s, away from libtest. Cargo reruns the
//! build script when anything under `fixtures/` changes, so a new folder is a new test on the
//! next `cargo test` (at the price of relinking this binary after a bless).

use std::path::{Path, PathBuf};

use specforge_codegen::{Generated, Options};

mod diff;

/// One `#[test]` per fixture folder, each calling [`check_case`].
mod case {
    include!(concat!(env!("OUT_DIR"), "/golden_cases.rs"));
}

fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures")
}

/// The root spec of fixture `name`.
fn case_root(name: &str) -> PathBuf {
    let dir = fixtures_dir().join(name);
    ["openapi.yaml", "openapi.json"]
        .iter()
        .map(|f| dir.join(f))
        .find(|p| p.exists())
        .unwrap_or_else(|| panic!("fixture `{name}` has no openapi.yaml or openapi.json"))
}

/// Every fixture folder, sorted, with its root spec.
fn cases() -> Vec<(String, PathBuf)> {
    let mut cases = Vec::new();
    for entry in std::fs::read_dir(fixtures_dir()).expect("tests/fixtures exists") {
        let dir = entry.expect("readable fixtures dir").path();
        if dir.is_dir() {
            let name = dir.file_name().unwrap().to_string_lossy().into_owned();
            let root = case_root(&name);
            cases.push((name, root));
        }
    }
    cases.sort();
    assert!(
        cases.len() >= 10,
        "expected the fixture suite, found {} cases",
        cases.len()
    );
    cases
}

/// Whether to write expectations instead of comparing: `SPECFORGE_BLESS`, or
/// `UPDATE_EXPECT` as rust-analyzer's expect-test spells it, set to anything but `0`.
fn bless() -> bool {
    ["SPECFORGE_BLESS", "UPDATE_EXPECT"]
        .iter()
        .any(|var| std::env::var_os(var).is_some_and(|v| !v.is_empty() && v != "0"))
}

fn options(name: &str) -> Options {
    Options::new(format!("the golden test from tests/fixtures/{name}"))
}

/// The text an `expected.ir` snapshot holds. Kept apart so the IR's format is chosen in one
/// line.
fn ir_snapshot(generated: &Generated) -> String {
    specforge_codegen::ir::dump::dump(&generated.api)
}

/// Renders diagnostics with the fixture's folder stripped from any path, so expectations do
/// not depend on where the checkout lives.
fn render_diagnostics(diags: &specforge_codegen::Diagnostics, dir: &Path) -> String {
    let text = format!("{diags}\n");
    text.replace(&format!("{}/", dir.display()), "")
}

/// The expectations of one case, checked or (when blessing) rewritten; collects every
/// mismatch so one run shows them all.
struct Expectations {
    dir: PathBuf,
    bless: bool,
    failures: Vec<String>,
}

impl Expectations {
    /// `path` relative to the case folder, for messages.
    fn rel<'a>(&self, path: &'a Path) -> std::borrow::Cow<'a, str> {
        path.strip_prefix(&self.dir)
            .unwrap_or(path)
            .to_string_lossy()
    }

    /// The file at `path` must hold `actual`.
    fn file(&mut self, path: &Path, actual: &str) {
        if self.bless {
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            if std::fs::read_to_string(path).ok().as_deref() != Some(actual) {
                std::fs::write(path, actual).unwrap();
            }
            return;
        }
        let rel = self.rel(path).into_owned();
        match std::fs::read_to_string(path) {
            Ok(expected) if expected == actual => {}
            Ok(expected) => self.failures.push(format!(
                "{rel} differs from the generator's output (- expected, + actual):\n{}",
                diff::unified(&expected, actual, &rel)
            )),
            Err(_) => self
                .failures
                .push(format!("{rel} is missing (the generator produces it)")),
        }
    }

    /// Nothing may be at `path` (a file or a folder): `why` says what makes it stale.
    fn absent(&mut self, path: &Path, why: &str) {
        if !path.exists() {
            return;
        }
        if self.bless {
            if path.is_dir() {
                std::fs::remove_dir_all(path).unwrap();
            } else {
                std::fs::remove_file(path).unwrap();
            }
        } else {
            let slash = if path.is_dir() { "/" } else { "" };
            let rel = self.rel(path).into_owned();
            self.failures.push(format!("{rel}{slash} is stale: {why}"));
        }
    }
}

/// Every file under `dir` (recursively), as paths relative to `dir` with `/` separators.
fn files_under(dir: &Path) -> Vec<String> {
    fn walk(root: &Path, dir: &Path, out: &mut Vec<String>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for entry in entries {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(root, &path, out);
            } else {
                let rel = path.strip_prefix(root).unwrap();
                let parts: Vec<_> = rel.iter().map(|p| p.to_string_lossy()).collect();
                out.push(parts.join("/"));
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    out.sort();
    out
}

/// Runs fixture `name` and checks (or blesses) every expectation it has; `test` is the name
/// of its test function in `golden::case`.
fn check_case(name: &str, test: &str) {
    let root = case_root(name);
    let dir = root.parent().unwrap().to_owned();
    let mut expect = Expectations {
        dir: dir.clone(),
        bless: bless(),
        failures: Vec::new(),
    };
    let expected_dir = dir.join("expected");
    let warnings_path = dir.join("expected.warnings");
    let ir_path = dir.join("expected.ir");
    let diagnostics_path = dir.join("expected.diagnostics");
    match specforge_codegen::generate(&root, &options(name)) {
        Ok(generated) => {
            expect.absent(&diagnostics_path, "generation succeeds now");
            for file in &generated.files {
                expect.file(&expected_dir.join(&file.path), &file.contents);
            }
            for stray in files_under(&expected_dir) {
                if !generated.files.iter().any(|f| f.path == stray) {
                    expect.absent(
                        &expected_dir.join(&stray),
                        "the generator no longer produces this file",
                    );
                }
            }
            if generated.warnings.0.is_empty() {
                expect.absent(&warnings_path, "generation has no warnings now");
            } else {
                let warnings = render_diagnostics(&generated.warnings, &dir);
                expect.file(&warnings_path, &warnings);
            }
            // A fixture may pin its lowered IR too: a lowering change then shows as a short
            // diff of plain data rather than pages of Rust (STYLE.md point 3).
            if ir_path.exists() {
                expect.file(&ir_path, &ir_snapshot(&generated));
            }
        }
        Err(diags) => {
            assert!(
                diags.has_errors(),
                "{name}: a failed generation must report an error"
            );
            let why = format!("generation fails now:\n{diags}");
            expect.absent(&expected_dir, &why);
            expect.absent(&warnings_path, "generation fails now");
            expect.absent(&ir_path, "generation fails now");
            expect.file(&diagnostics_path, &render_diagnostics(&diags, &dir));
        }
    }
    assert!(
        expect.failures.is_empty(),
        "fixture `{name}`: {} golden mismatch(es); to accept the generator's output run\n  \
         SPECFORGE_BLESS=1 cargo test -p specforge-tests --test all golden::case::{test}\n\n{}",
        expect.failures.len(),
        expect.failures.join("\n\n")
    );
}

/// Each case generated twice, the second time on another thread: each thread seeds its hash
/// maps differently, so output that followed a `HashMap`'s order would differ. (Every golden
/// case also compares with files written by an earlier process.)
#[test]
fn generation_is_deterministic() {
    let generate_all = || {
        cases()
            .into_iter()
            .map(|(name, root)| {
                let options = Options::new("determinism");
                (
                    name,
                    specforge_codegen::generate(&root, &options).map(|g| g.files),
                )
            })
            .collect::<Vec<_>>()
    };
    let first = generate_all();
    let again = std::thread::spawn(generate_all).join().unwrap();
    for ((name, first), (_, again)) in first.iter().zip(&again) {
        match (first, again) {
            (Ok(a), Ok(b)) => assert_eq!(a, b, "{name}: output differs between runs"),
            (Err(a), Err(b)) => assert_eq!(a, b, "{name}: diagnostics differ between runs"),
            _ => panic!("{name}: success differs between runs"),
        }
    }
}
