//! Property-based fuzzing of the loader's confinement: random `$ref` spellings (percent-
//! encoded, climbing, absolute, through symlinked files and folders, at FIFOs and devices)
//! from a spec whose folder sits beside a secret file. Every case must end, without a panic,
//! in output or diagnostics, and neither may hold the secret: nothing outside the spec's root
//! folder is read.
//!
//! Bounded for CI: `PROPTEST_CASES` (default 64 here) sets how many refs are tried.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::Duration;

use proptest::prelude::*;
use specforge_codegen::Options;

/// Text only the files outside the spec folder hold.
const SECRET: &str = "FUZZ-SECRET-CONTENT";

/// One shared tree, built once: `spec/` (the root folder, with an inside fragment, symlinks
/// in and out, a FIFO and a link to a device) beside `outside/secret.yaml`.
fn tree() -> &'static Path {
    static TREE: OnceLock<PathBuf> = OnceLock::new();
    TREE.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("specforge-fuzz-confine-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let spec = dir.join("spec");
        std::fs::create_dir_all(spec.join("sub")).unwrap();
        std::fs::create_dir_all(dir.join("outside")).unwrap();
        let secret = format!("type: object\ndescription: {SECRET}\nproperties:\n  a: {{type: string, description: {SECRET}}}\n");
        std::fs::write(dir.join("outside/secret.yaml"), &secret).unwrap();
        std::fs::write(
            spec.join("sub/inside.yaml"),
            "type: object\nproperties:\n  b: {type: string}\n",
        )
        .unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::symlink;
            symlink(dir.join("outside/secret.yaml"), spec.join("link.yaml")).unwrap();
            symlink(dir.join("outside"), spec.join("linkdir")).unwrap();
            symlink(spec.join("sub"), spec.join("inlink")).unwrap();
            symlink("/dev/zero", spec.join("zero.yaml")).unwrap();
            symlink("/dev/null", spec.join("null.yaml")).unwrap();
            let _ = std::process::Command::new("mkfifo")
                .arg(spec.join("fifo.yaml"))
                .status();
        }
        dir
    })
}

/// Path pieces a `$ref` might be spelled with.
const PIECES: &[&str] = &[
    "..",
    ".",
    "/",
    "%2F",
    "%2f",
    "%2e%2e",
    "%2E%2E",
    "%2e",
    "%5C",
    "\\",
    "%00",
    "%25",
    "%",
    "sub",
    "inside.yaml",
    "outside",
    "secret.yaml",
    "spec",
    "link.yaml",
    "linkdir",
    "inlink",
    "zero.yaml",
    "null.yaml",
    "fifo.yaml",
    "%7Bx%7D",
    "tmp",
    "file:",
    "//",
    "#/a",
];

fn reference() -> impl Strategy<Value = String> {
    proptest::collection::vec(0..PIECES.len(), 1..8)
        .prop_map(|pieces| pieces.into_iter().map(|i| PIECES[i]).collect::<String>())
}

/// Generates with the root's schema `$ref` set to `reference`, on a thread so that a
/// blocking read fails the case instead of hanging the suite.
fn generate(reference: &str, case: u64) -> Result<String, String> {
    let root = tree().join("spec").join(format!("openapi-{case}.yaml"));
    std::fs::write(
        &root,
        format!(
            "openapi: 3.1.0\ninfo: {{title: T, version: '1'}}\npaths:\n  /a:\n    get:\n      operationId: getA\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema:\n                $ref: {reference:?}\n"
        ),
    )
    .unwrap();
    let (send, receive) = std::sync::mpsc::channel();
    let thread_root = root.clone();
    std::thread::spawn(move || {
        let options = Options::new("fuzz");
        let result = match specforge_codegen::generate(&thread_root, &options) {
            Ok(generated) => Ok(generated
                .files
                .iter()
                .map(|f| f.contents.as_str())
                .collect::<String>()),
            Err(diags) => {
                assert!(
                    diags.has_errors(),
                    "a failed generation must carry an error"
                );
                Err(diags.to_string())
            }
        };
        let _ = send.send(result);
    });
    let result = receive
        .recv_timeout(Duration::from_secs(60))
        .unwrap_or_else(|_| panic!("generation with `$ref: {reference}` did not finish"));
    let _ = std::fs::remove_file(&root);
    result
}

static CASE: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

proptest! {
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(64),
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn refs_never_read_outside_the_spec_folder(reference in reference()) {
        let case = CASE.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let text = match generate(&reference, case) {
            Ok(output) => output,
            Err(diagnostics) => diagnostics,
        };
        prop_assert!(!text.contains(SECRET), "`$ref: {}` read outside the spec folder:\n{}", reference, text);
    }
}

#[test]
fn known_escapes_are_refused() {
    for reference in [
        "..%2Foutside%2Fsecret.yaml",
        "%2e%2e/outside/secret.yaml",
        "link.yaml",
        "linkdir/secret.yaml",
        "zero.yaml",
        "inlink/../../outside/secret.yaml",
    ] {
        let diagnostics = generate(reference, 1_000_000).expect_err(reference);
        assert!(!diagnostics.contains(SECRET), "{diagnostics}");
    }
    // Inside, through a symlink that stays inside, is fine.
    generate("inlink/inside.yaml", 1_000_001).unwrap();
}
