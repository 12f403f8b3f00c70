//! Property-based fuzzing of the whole generator on hostile input: arbitrary bytes, and
//! random edits of real fixture specs (cut, duplicated and injected YAML syntax, refs,
//! anchors, merge keys). Generation must end in output or diagnostics, never a panic.
//!
//! Bounded for CI: `PROPTEST_CASES` (default 256 per property) sets how many inputs each
//! property tries.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use proptest::prelude::*;
use specforge_codegen::Options;

static NEXT: AtomicUsize = AtomicUsize::new(0);

/// A fresh scratch copy of fixture `name` (or an empty folder), for one case.
fn scratch(name: Option<&str>) -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "specforge-fuzz-{}-{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    if let Some(name) = name {
        copy_dir(
            &Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("../fixtures")
                .join(name),
            &dir,
        );
    }
    dir
}

fn copy_dir(from: &Path, to: &Path) {
    for entry in std::fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let target = to.join(path.file_name().unwrap());
        if path.is_dir() {
            if path.file_name().is_some_and(|n| n == "expected") {
                continue;
            }
            std::fs::create_dir_all(&target).unwrap();
            copy_dir(&path, &target);
        } else {
            std::fs::copy(&path, &target).unwrap();
        }
    }
}

/// Runs the whole pipeline; any outcome but a panic is fine, and a failure must say why.
fn generate(root: &Path) {
    let options = Options::new("fuzz");
    if let Err(diags) = specforge_codegen::generate(root, &options) {
        assert!(
            diags.has_errors(),
            "a failed generation must carry an error"
        );
        assert!(!diags.to_string().is_empty());
    }
}

const FIXTURES: &[&str] = &[
    "refs-across-files",
    "operations",
    "unions",
    "nullable-forms",
    "enums-and-maps",
    "recursive",
    "names",
    "constraints",
];

/// Fragments that are meaningful to a YAML parser or to the spec loader.
const TOKENS: &[&str] = &[
    "\n",
    "  ",
    "- ",
    ": ",
    "{",
    "}",
    "[",
    "]",
    ",",
    "\"",
    "'",
    "#",
    "&a ",
    "*a",
    "<<: *a",
    "!!str ",
    "~",
    "null",
    "true",
    "1e400",
    "-0",
    "$ref: ",
    "$ref: ./",
    "$ref: '#/'",
    "$ref: ../../x.yaml",
    "$ref: https://e.com/x",
    "#/components/schemas/",
    "type: ",
    "object",
    "array",
    "string",
    "integer",
    "items: ",
    "properties: ",
    "required: ",
    "allOf: ",
    "oneOf: ",
    "anyOf: ",
    "enum: ",
    "const: ",
    "additionalProperties: ",
    "discriminator: ",
    "mapping: ",
    "nullable: true",
    "format: ",
    "pattern: '('",
    "minLength: -1",
    "multipleOf: 0",
    "operationId: ",
    "parameters: ",
    "in: path",
    "{id}",
    "responses: ",
    "default",
    "4XX",
    "999",
    "content: ",
    "application/json",
    "text/plain",
    "schema: ",
    "\u{0}",
    "\u{feff}",
    "é",
];

#[derive(Debug, Clone)]
enum Edit {
    Delete { at: usize, len: usize },
    Insert { at: usize, token: usize },
    Duplicate { at: usize, len: usize },
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        (any::<usize>(), 0usize..40).prop_map(|(at, len)| Edit::Delete { at, len }),
        (any::<usize>(), 0..TOKENS.len()).prop_map(|(at, token)| Edit::Insert { at, token }),
        (any::<usize>(), 0usize..200).prop_map(|(at, len)| Edit::Duplicate { at, len }),
    ]
}

fn apply(text: &str, edits: &[Edit]) -> String {
    let mut bytes = text.as_bytes().to_vec();
    for e in edits {
        let n = bytes.len().max(1);
        match e {
            Edit::Delete { at, len } => {
                let at = at % n;
                let end = (at + len).min(bytes.len());
                bytes.drain(at.min(bytes.len())..end);
            }
            Edit::Insert { at, token } => {
                let at = (at % n).min(bytes.len());
                bytes.splice(at..at, TOKENS[*token].bytes());
            }
            Edit::Duplicate { at, len } => {
                let at = (at % n).min(bytes.len());
                let end = (at + len).min(bytes.len());
                let copy = bytes[at..end].to_vec();
                bytes.splice(at..at, copy);
            }
        }
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

proptest! {
    #![proptest_config(ProptestConfig { failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2048), json in any::<bool>()) {
        let dir = scratch(None);
        let root = dir.join(if json { "openapi.json" } else { "openapi.yaml" });
        std::fs::write(&root, &bytes).unwrap();
        generate(&root);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn edited_fixtures_never_panic(fixture in 0..FIXTURES.len(), edits in proptest::collection::vec(edit(), 1..3), file_choice in any::<usize>()) {
        let dir = scratch(Some(FIXTURES[fixture]));
        // Edit one of the fixture's YAML files: the root or a fragment.
        let mut files = Vec::new();
        collect_yaml(&dir, &mut files);
        files.sort();
        let target = &files[file_choice % files.len()];
        let text = std::fs::read_to_string(target).unwrap();
        std::fs::write(target, apply(&text, &edits)).unwrap();
        generate(&dir.join("openapi.yaml"));
        std::fs::remove_dir_all(&dir).unwrap();
    }
}

fn collect_yaml(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            collect_yaml(&path, out);
        } else if path.extension().is_some_and(|e| e == "yaml") {
            out.push(path);
        }
    }
}
