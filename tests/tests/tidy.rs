//! ARCHITECTURE.md's codemap names every module, and only modules that exist.
//!
//! The rule, kept simple so that a failure is easy to act on:
//!
//! - The codemap is the `## Codemap` section of ARCHITECTURE.md (up to the next `## `
//!   heading); its names are its `code spans`, outside fenced code blocks.
//! - A span ending in `/` names a folder and sets where later file names are looked up: a
//!   folder from the repository root (`crates/runtime/src/`) starts a new paragraph scope; a
//!   folder inside the current scope (`http/`, `benches/`) is a sub-scope until the next
//!   folder span.
//! - A span naming a `.rs` file (a `::item` suffix and one `{a,b}` list are allowed:
//!   `lib.rs::render_api`, `src/{client,models}.rs`; a glob such as `expected/*.rs` names
//!   nothing) names that file relative to the sub-scope, to the scope, or to the repository
//!   root: every one of those that exists. It must name at least one existing file, and a
//!   folder span must name an existing folder.
//! - Every `.rs` file under `crates/*/src/`, `xtask/src/`, `tests/tests/` (the modules of the
//!   one test binary) and `xtask/tests/` must be named that way.
//!
//! So a new module `crates/runtime/src/foo.rs` is covered by `foo.rs` in the paragraph that
//! starts with `crates/runtime/src/`, or by its full path anywhere in the codemap.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

const DOC: &str = "ARCHITECTURE.md";

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ is inside the repository")
        .to_owned()
}

/// A code span of the codemap and the line of ARCHITECTURE.md it starts on.
struct Span {
    text: String,
    line: usize,
}

/// The code spans of the `## Codemap` section of `doc`.
fn codemap_spans(doc: &str) -> Vec<Span> {
    let start = doc
        .lines()
        .position(|l| l.trim_end() == "## Codemap")
        .unwrap_or_else(|| panic!("{DOC} has no `## Codemap` section"));
    let mut spans = Vec::new();
    let mut fenced = false;
    let mut open: Option<Span> = None;
    for (index, line) in doc.lines().enumerate().skip(start + 1) {
        if line.starts_with("## ") {
            break;
        }
        if line.trim_start().starts_with("```") {
            fenced = !fenced;
            continue;
        }
        if fenced {
            continue;
        }
        for c in line.chars() {
            match (c, open.take()) {
                ('`', Some(span)) => spans.push(span),
                ('`', None) => {
                    open = Some(Span {
                        text: String::new(),
                        line: index + 1,
                    })
                }
                (c, Some(mut span)) => {
                    span.text.push(c);
                    open = Some(span);
                }
                (_, None) => {}
            }
        }
        // A span may go on past the end of a line, which then reads as a space.
        if let Some(span) = &mut open {
            span.text.push(' ');
        }
    }
    spans
}

/// `a/{b,c}.rs` as `a/b.rs` and `a/c.rs`; anything else as itself.
fn expand(text: &str) -> Vec<String> {
    match (text.find('{'), text.find('}')) {
        (Some(open), Some(close)) if open < close => text[open + 1..close]
            .split(',')
            .map(|alt| format!("{}{}{}", &text[..open], alt.trim(), &text[close + 1..]))
            .collect(),
        _ => vec![text.to_owned()],
    }
}

/// The file part of a span that names a Rust file (`lib.rs::render_api` -> `lib.rs`).
fn rust_file(span: &str) -> Option<&str> {
    let file = span.split("::").next().unwrap_or(span);
    let plain = !file.contains(|c: char| c.is_whitespace() || c == '*');
    (file.ends_with(".rs") && plain).then_some(file)
}

/// `path` from the repository root with `/` separators.
fn rel(root: &Path, path: &Path) -> String {
    let parts: Vec<_> = path
        .strip_prefix(root)
        .unwrap_or(path)
        .iter()
        .map(|p| p.to_string_lossy())
        .collect();
    parts.join("/")
}

/// What the codemap names: existing files, the folders that start a paragraph, and problems.
#[derive(Default)]
struct Codemap {
    files: BTreeSet<String>,
    scopes: Vec<String>,
    errors: Vec<String>,
}

fn read_codemap(root: &Path, doc: &str) -> Codemap {
    let mut map = Codemap::default();
    let mut scope: Option<PathBuf> = None;
    let mut sub: Option<PathBuf> = None;
    for span in codemap_spans(doc) {
        let text = span.text.trim();
        if let Some(folder) = text.strip_suffix('/') {
            if folder.is_empty() || folder.contains(char::is_whitespace) {
                continue;
            }
            let nested = [&sub, &scope]
                .into_iter()
                .flatten()
                .map(|base| base.join(folder))
                .find(|dir| dir.is_dir());
            if root.join(folder).is_dir() {
                scope = Some(root.join(folder));
                sub = None;
                map.scopes.push(format!("{folder}/"));
            } else if nested.is_some() {
                sub = nested;
            } else {
                map.errors.push(format!(
                    "{DOC}:{}: the codemap names the folder `{text}`, which does not exist \
                     (looked in {})",
                    span.line,
                    looked_in(root, &sub, &scope, "")
                ));
            }
            continue;
        }
        let Some(file) = rust_file(text) else {
            continue;
        };
        for name in expand(file) {
            let found: Vec<String> = [&sub, &scope, &Some(root.to_owned())]
                .into_iter()
                .flatten()
                .map(|base| base.join(&name))
                .filter(|path| path.is_file())
                .map(|path| rel(root, &path))
                .collect();
            if found.is_empty() {
                map.errors.push(format!(
                    "{DOC}:{}: the codemap names `{name}`, which is not a file (looked for {})",
                    span.line,
                    looked_in(root, &sub, &scope, &name)
                ));
            }
            map.files.extend(found);
        }
    }
    map
}

/// The places a name was looked up in, for messages.
fn looked_in(root: &Path, sub: &Option<PathBuf>, scope: &Option<PathBuf>, name: &str) -> String {
    let mut places: Vec<String> = [sub, scope]
        .into_iter()
        .flatten()
        .map(|base| format!("`{}`", rel(root, &base.join(name))))
        .collect();
    places.push(format!("`{}`", if name.is_empty() { "./" } else { name }));
    places.join(", ")
}

/// Every `.rs` file under `dir`, recursively.
fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The files the codemap must name.
fn modules(root: &Path) -> Vec<String> {
    let mut dirs = vec![
        root.join("xtask/src"),
        root.join("xtask/tests"),
        root.join("tests/tests"),
    ];
    for entry in std::fs::read_dir(root.join("crates")).expect("crates/ exists") {
        dirs.push(entry.unwrap().path().join("src"));
    }
    let mut files = Vec::new();
    for dir in dirs {
        rust_files(&dir, &mut files);
    }
    let mut files: Vec<String> = files.iter().map(|f| rel(root, f)).collect();
    files.sort();
    files
}

#[test]
fn codemap_names_every_module_and_only_existing_ones() {
    let root = repo_root();
    let doc = std::fs::read_to_string(root.join(DOC)).expect("ARCHITECTURE.md exists");
    let map = read_codemap(&root, &doc);
    let mut errors = map.errors.clone();
    for file in modules(&root) {
        if map.files.contains(&file) {
            continue;
        }
        // Suggest the paragraph of the deepest folder that contains the file.
        let hint = map
            .scopes
            .iter()
            .filter(|scope| file.starts_with(scope.as_str()))
            .max_by_key(|scope| scope.len())
            .map_or_else(
                || format!("name `{file}` anywhere in the codemap"),
                |scope| {
                    format!(
                        "name `{}` in the paragraph that starts with `{scope}`, or `{file}` anywhere in the codemap",
                        &file[scope.len()..]
                    )
                },
            );
        errors.push(format!("{DOC}: the codemap does not name `{file}`: {hint}"));
    }
    assert!(
        errors.is_empty(),
        "{DOC}'s codemap is out of date ({} problem(s)); the rule is at the top of tests/tests/tidy.rs:\n{}",
        errors.len(),
        errors.join("\n")
    );
}

#[test]
fn the_rule_reads_scopes_sub_scopes_and_lists() {
    let root = repo_root();
    let doc = "# x\n\n## Codemap\n\n`crates/runtime/src/` — `validate.rs`, `http/` (`mod.rs`),\n\
               `lib.rs::x`. `xtask/` — `src/{lib,main}.rs`, `nope.rs`, `gone/`.\n\n## Next\n`ir.rs`\n";
    let map = read_codemap(&root, doc);
    let files: Vec<_> = map.files.iter().map(String::as_str).collect();
    assert_eq!(
        files,
        [
            "crates/runtime/src/http/mod.rs",
            "crates/runtime/src/lib.rs",
            "crates/runtime/src/validate.rs",
            "xtask/src/lib.rs",
            "xtask/src/main.rs",
        ]
    );
    assert_eq!(map.errors.len(), 2, "{:#?}", map.errors);
    assert!(map.errors[0].contains("ARCHITECTURE.md:6: the codemap names `nope.rs`"));
    assert!(map.errors[1].contains("the folder `gone/`"));
}

/// The lock file picks `idna_adapter` 1.1 (unicode-rs), not 1.2 (ICU4X): `idna` (under
/// `url`, under reqwest) leaves the choice to the top-level `Cargo.lock`, and ICU4X was about
/// 15 s of a first `cargo test`'s CPU (`--timings`), unicode-rs 3 s. A `cargo update` moves
/// it back to 1.2; `cargo update -p idna_adapter --precise 1.1.0` restores it.
#[test]
fn the_lock_file_keeps_idna_on_unicode_rs() {
    let lock = std::fs::read_to_string(repo_root().join("Cargo.lock")).unwrap();
    let version = lock
        .split("[[package]]")
        .find(|p| p.contains("\nname = \"idna_adapter\"\n"))
        .and_then(|p| p.lines().find_map(|l| l.strip_prefix("version = \"")))
        .map(|v| v.trim_end_matches('"').to_owned());
    let version = version.expect("Cargo.lock lists idna_adapter");
    assert!(
        version.starts_with("1.1."),
        "Cargo.lock has idna_adapter {version}: run `cargo update -p idna_adapter --precise 1.1.0`"
    );
    assert!(
        !lock.contains("\nname = \"icu_properties\"\n"),
        "ICU4X is back in Cargo.lock"
    );
}

/// Every test file is compiled. With `autotests = false`, a file in `tests/tests/` (or
/// another folder of one test binary below) that its binary's root does not declare as a
/// module is never built nor run: `trust.rs` and `fuzz_confinement.rs` were left out that way for several stops.
#[test]
fn every_test_file_is_a_module_of_its_binary() {
    let binaries: [(&str, &[&str]); 4] = [
        ("tests/tests", &["main.rs", "compiled.rs"]),
        ("tests/slow/tests", &["main.rs"]),
        ("xtask/tests", &["main.rs"]),
        ("crates/cli/tests", &["main.rs"]),
    ];
    for (folder, roots) in binaries {
        let dir = repo_root().join(folder);
        let declared: String = roots
            .iter()
            .map(|root| std::fs::read_to_string(dir.join(root)).unwrap())
            .collect();
        let mut files = Vec::new();
        for entry in std::fs::read_dir(&dir).unwrap() {
            let name = entry.unwrap().file_name().to_string_lossy().into_owned();
            if name.ends_with(".rs") && !roots.contains(&name.as_str()) {
                files.push(name);
            }
        }
        assert!(!files.is_empty(), "no test files in {folder}");
        for name in files {
            let module = name.trim_end_matches(".rs");
            assert!(
                declared.contains(&format!("\nmod {module};\n")),
                "{folder}/{name} is not a module of {roots:?}, so it is never compiled"
            );
        }
    }
}
