//! A generated crate stands alone: generated with the installed command's defaults (the
//! runtime vendored), copied to another folder, it builds there, offline.
//!
//! Ignored by default: it builds the HTTP stack for a crate outside the workspace, minutes on
//! a small machine. CI runs it: `cargo test -p specforge-cli --test cli -- --ignored`.

use std::path::Path;
use std::process::Command;

use crate::{tree, workspace_root, Scratch};

/// Copies every file under `from` into `to`.
fn copy_tree(from: &Path, to: &Path) {
    for (rel, bytes) in tree(from) {
        let path = to.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }
}

#[test]
#[ignore = "builds a crate and its HTTP stack outside the workspace (minutes); CI runs it"]
fn a_generated_crate_builds_after_being_copied_elsewhere() {
    let dir = Scratch::new();
    let spec = workspace_root().join("tests/fixtures/operations/openapi.yaml");
    let output = Command::new(env!("CARGO_BIN_EXE_specforge"))
        .arg("gen")
        .arg("--spec")
        .arg(&spec)
        .args(["--out", "made-here"])
        .current_dir(&dir.0)
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");

    // Somewhere else entirely, at another depth: nothing may point back.
    let moved = dir.path("far/away/ops");
    copy_tree(&dir.path("made-here"), &moved);
    std::fs::remove_dir_all(dir.path("made-here")).unwrap();
    let manifest = std::fs::read_to_string(moved.join("Cargo.toml")).unwrap();
    assert!(
        manifest.contains("specforge-runtime = { path = \"specforge-runtime\"")
            && !manifest.contains("path = \".."),
        "{manifest}"
    );
    // The workspace's lock file, so the build picks the versions already built (it is
    // trimmed to what the crate needs); the target folder is shared for the same reason.
    std::fs::copy(
        workspace_root().join("Cargo.lock"),
        moved.join("Cargo.lock"),
    )
    .unwrap();
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map_or_else(|| workspace_root().join("target"), Into::into);
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    for args in [
        &["build", "--offline"][..],
        &["build", "--offline", "--no-default-features"],
    ] {
        let status = Command::new(&cargo)
            .args(args)
            .current_dir(&moved)
            .env("CARGO_TARGET_DIR", &target)
            .status()
            .unwrap();
        assert!(
            status.success(),
            "`cargo {}` in the copied crate failed",
            args.join(" ")
        );
    }
}
