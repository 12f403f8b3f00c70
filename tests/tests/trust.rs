//! Issue 11, "Reading outside the spec": `$ref`s stay inside the spec's root folder however
//! they are spelled (percent-encoded, through symlinked files or folders), only regular files
//! are read (a FIFO or a device is refused without blocking), and only up to a size cap.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use specforge_codegen::{Diagnostics, Options, Settings};

static NEXT: AtomicUsize = AtomicUsize::new(0);

/// Text of the file outside the spec folder: it must never show up in output or messages.
const SECRET: &str = "TOP-SECRET-CONTENT";

/// `<scratch>/spec/` (the spec's root folder) beside `<scratch>/outside/secret.yaml`, removed
/// when dropped.
struct Tree(PathBuf);

impl Tree {
    fn new() -> Self {
        let dir = std::env::temp_dir().join(format!(
            "specforge-trust-{}-{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("spec")).unwrap();
        std::fs::create_dir_all(dir.join("outside")).unwrap();
        let secret = format!("type: object\ndescription: {SECRET}\nproperties:\n  a: {{type: string, description: {SECRET}}}\n");
        std::fs::write(dir.join("outside/secret.yaml"), &secret).unwrap();
        std::fs::write(dir.join("outside/secret.json"), &secret).unwrap();
        Tree(dir)
    }

    fn spec(&self) -> PathBuf {
        self.0.join("spec")
    }

    /// Writes the root file, whose one response body schema is `$ref: <reference>`.
    fn root_referring_to(&self, reference: &str) -> PathBuf {
        let root = self.spec().join("openapi.yaml");
        std::fs::write(
            &root,
            format!(
                "openapi: 3.1.0\ninfo: {{title: T, version: '1'}}\npaths:\n  /a:\n    get:\n      operationId: getA\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema:\n                $ref: {reference:?}\n"
            ),
        )
        .unwrap();
        root
    }
}

impl Drop for Tree {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Generates on a thread, failing (not hanging) if it takes more than a minute.
fn generate(root: &Path, settings: Settings) -> Result<String, Diagnostics> {
    let root = root.to_owned();
    let (send, receive) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let options = Options::new("trust");
        let result = specforge_codegen::generate_with(&root, &options, &settings).map(|g| {
            g.files
                .iter()
                .map(|f| f.contents.as_str())
                .collect::<String>()
        });
        let _ = send.send(result);
    });
    receive
        .recv_timeout(Duration::from_secs(60))
        .expect("generation finished (a FIFO or device must not block it)")
}

/// Asserts generation fails with one error at the `$ref` that names `reason`, and that the
/// secret is nowhere.
fn refused(root: &Path, reason: &str) -> String {
    match generate(root, Settings::default()) {
        Ok(output) => panic!("expected a refusal, got output:\n{output}"),
        Err(diags) => {
            let text = diags.to_string();
            assert!(text.contains(reason), "{text}");
            assert!(text.contains("$ref"), "{text}");
            assert!(!text.contains(SECRET), "{text}");
            text
        }
    }
}

#[test]
fn percent_encoded_absolute_refs_are_refused() {
    let tree = Tree::new();
    let secret = tree.0.join("outside/secret.json");
    let encoded = secret.display().to_string().replace('/', "%2F");
    let root = tree.root_referring_to(&encoded);
    let text = refused(&root, "is an absolute path");
    assert!(text.contains("once percent-decoded"), "{text}");
    assert!(text.contains("openapi.yaml:13:"), "names the line: {text}");
}

#[test]
fn percent_encoded_climbing_refs_are_refused() {
    for reference in [
        "..%2Foutside%2Fsecret.yaml",
        "..%2F..%2Fspec%2F..%2Foutside%2Fsecret.yaml",
        "%2e%2e/outside/secret.yaml",
        "%2E%2E%2Foutside/secret.yaml",
    ] {
        let tree = Tree::new();
        let root = tree.root_referring_to(reference);
        refused(&root, "leaves the spec's root folder");
    }
}

#[cfg(unix)]
#[test]
fn a_symlinked_file_pointing_outside_is_refused() {
    let tree = Tree::new();
    std::os::unix::fs::symlink(
        tree.0.join("outside/secret.yaml"),
        tree.spec().join("link.yaml"),
    )
    .unwrap();
    let root = tree.root_referring_to("./link.yaml");
    refused(&root, "outside the spec's root folder");
}

#[cfg(unix)]
#[test]
fn a_symlinked_folder_pointing_outside_is_refused() {
    let tree = Tree::new();
    std::os::unix::fs::symlink(tree.0.join("outside"), tree.spec().join("shared")).unwrap();
    let root = tree.root_referring_to("shared/secret.yaml");
    refused(&root, "outside the spec's root folder");
}

#[cfg(unix)]
#[test]
fn a_symlink_that_stays_inside_is_followed_and_is_one_file() {
    let tree = Tree::new();
    std::fs::create_dir_all(tree.spec().join("schemas")).unwrap();
    std::fs::write(
        tree.spec().join("schemas/Thing.yaml"),
        "type: object\nproperties:\n  a: {type: string}\n",
    )
    .unwrap();
    std::os::unix::fs::symlink(tree.spec().join("schemas"), tree.spec().join("alias")).unwrap();
    let root = tree.root_referring_to("alias/Thing.yaml");
    let output = generate(&root, Settings::default()).unwrap();
    assert!(output.contains("pub struct Thing"), "{output}");
}

#[cfg(unix)]
#[test]
fn a_fifo_is_refused_without_blocking() {
    let tree = Tree::new();
    let fifo = tree.spec().join("pipe.yaml");
    match std::process::Command::new("mkfifo").arg(&fifo).status() {
        Ok(status) if status.success() => {}
        _ => {
            eprintln!("skipped: `mkfifo` is not available");
            return;
        }
    }
    let root = tree.root_referring_to("pipe.yaml");
    refused(&root, "a FIFO (named pipe), not a regular file");
}

#[cfg(unix)]
#[test]
fn a_device_is_refused() {
    let tree = Tree::new();
    // Through a symlink (refused as outside) and as the root file itself (not regular).
    std::os::unix::fs::symlink("/dev/zero", tree.spec().join("zero.yaml")).unwrap();
    let root = tree.root_referring_to("zero.yaml");
    refused(&root, "outside the spec's root folder");
    let diags = generate(Path::new("/dev/zero"), Settings::default()).unwrap_err();
    assert!(
        diags.to_string().contains("a device, not a regular file"),
        "{diags}"
    );
}

#[test]
fn a_file_over_the_size_cap_is_refused_before_it_is_read() {
    let tree = Tree::new();
    let big = format!(
        "type: object\ndescription: \"{}\"\nproperties:\n  a: {{type: string}}\n",
        "x".repeat(4096)
    );
    std::fs::write(tree.spec().join("Big.yaml"), big).unwrap();
    let root = tree.root_referring_to("Big.yaml");
    let small = Settings::default().with_max_file_size(1024);
    let diags = generate(&root, small).unwrap_err().to_string();
    assert!(
        diags.contains("`$ref: Big.yaml` names `Big.yaml`, which cannot be read: it is 4")
            && diags.contains("over the limit of 1024 bytes")
            && diags.contains("--max-file-size"),
        "{diags}"
    );
    // The default cap (64 MiB) reads it.
    generate(&root, Settings::default()).unwrap();
    assert_eq!(Settings::default().max_file_size, 64 << 20);
}

#[test]
fn diagnostics_quote_only_a_short_prefix_of_long_values() {
    let tree = Tree::new();
    let long = "q".repeat(100_000);
    // JSON: YAML refuses keys this long. A `$ref` to a missing schema (a loader error), and
    // a bad path, status and type (lowering errors).
    let write = |name: &str, spec: serde_json::Value| {
        let root = tree.spec().join(name);
        std::fs::write(&root, spec.to_string()).unwrap();
        root
    };
    let ok = serde_json::json!({"200": {"description": "ok"}});
    let dangling = write(
        "dangling.json",
        serde_json::json!({
            "openapi": "3.1.0",
            "info": {"title": "T", "version": "1"},
            "paths": {"/a": {"get": {"operationId": "getA", "responses": {
                "200": {"description": "ok", "content": {"application/json": {
                    "schema": {"$ref": format!("#/components/schemas/{long}")}
                }}}
            }}}}
        }),
    );
    let root = write(
        "openapi.json",
        serde_json::json!({
            "openapi": "3.1.0",
            "info": {"title": "T", "version": "1"},
            "paths": {
                long.clone(): {"get": {"responses": ok}},
                "/a": {"get": {"operationId": "getA", "responses": {long.clone(): {"description": "x"}}}},
                "/b": {"get": {"operationId": "getB", "responses": {"200": {
                    "description": "ok",
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/B"}}}
                }}}}
            },
            "components": {"schemas": {"B": {"type": long.clone()}}}
        }),
    );
    let one = generate(&dangling, Settings::default()).unwrap_err();
    assert_eq!(one.0.len(), 1, "{one}");
    let diags = generate(&root, Settings::default()).unwrap_err();
    assert_eq!(diags.0.len(), 3, "{diags}");
    for d in one.0.iter().chain(&diags.0) {
        let text = d.to_string();
        assert!(
            text.len() < 1000,
            "{} characters: {}",
            text.len(),
            &text[..300]
        );
        assert!(text.contains("characters in all"), "{text}");
    }
}

#[test]
fn unreferenced_components_are_checked_unless_only_referenced_is_asked() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/bad-unreferenced-component/openapi.yaml");
    let diags = generate(&root, Settings::default()).unwrap_err();
    assert!(
        diags.to_string().contains("unknown schema type `strnig`"),
        "{diags}"
    );
    let output = generate(&root, Settings::default().with_only_referenced(true)).unwrap();
    assert!(!output.contains("Unused"), "{output}");
}

#[test]
fn fragment_files_nothing_reaches_are_listed() {
    let tree = Tree::new();
    std::fs::write(
        tree.spec().join("Thing.yaml"),
        "type: object\nproperties:\n  a: {type: string}\n",
    )
    .unwrap();
    std::fs::write(tree.spec().join("Stale.yaml"), "type: string\n").unwrap();
    std::fs::write(tree.spec().join("notes.txt"), "not a spec file\n").unwrap();
    std::fs::create_dir_all(tree.spec().join("old")).unwrap();
    std::fs::write(tree.spec().join("old/Gone.json"), "{}").unwrap();
    let root = tree.root_referring_to("Thing.yaml");
    let options = Options::new("trust");
    let generated = specforge_codegen::generate(&root, &options).unwrap();
    assert_eq!(generated.unreached, ["Stale.yaml", "old/Gone.json"]);
}
