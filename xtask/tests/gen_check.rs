//! `cargo xtask gen --check` as a test: the checked-in crate must be what the generator
//! makes from `schemas/apify` now, with no stale, missing or stray files. Also checks the
//! write path itself on a scratch folder (the safety rules are `output_safety.rs`'s).

use std::path::PathBuf;

use xtask::{
    default_overlays, run_gen, workspace_root, GenArgs, GenError, Mode, DEFAULT_OUT, DEFAULT_SPEC,
};

fn args(out: PathBuf, mode: Mode) -> GenArgs {
    GenArgs {
        spec: workspace_root().join(DEFAULT_SPEC),
        out,
        standalone: None,
        mode,
        command: format!("`cargo xtask gen` from {DEFAULT_SPEC}"),
        dump_ir: false,
        overlays: default_overlays(&workspace_root()),
    }
}

/// A small fixture spec instead of `schemas/apify`: the write path is the same, and the
/// four generations below take a fraction of the time in a debug build.
fn fixture_args(out: PathBuf, mode: Mode) -> GenArgs {
    let spec = "tests/fixtures/operations/openapi.yaml";
    GenArgs {
        spec: workspace_root().join(spec),
        command: format!("`cargo xtask gen` from {spec}"),
        overlays: Vec::new(),
        ..args(out, mode)
    }
}

#[test]
fn checked_in_generated_crate_is_fresh() {
    match run_gen(&args(workspace_root().join(DEFAULT_OUT), Mode::Check)) {
        Ok(summary) => assert!(summary.unchanged >= 3, "{summary:?}"),
        Err(e) => panic!("{e}"),
    }
}

#[test]
fn write_mode_writes_once_then_nothing() {
    let scratch = std::env::temp_dir().join(format!("specforge-gen-test-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&scratch);

    // Check mode reports the drift and changes nothing.
    match run_gen(&fixture_args(scratch.clone(), Mode::Check)) {
        Err(GenError::Stale(summary)) => {
            // The three modules and the manifest.
            assert_eq!(summary.written.len(), 4);
            let message = GenError::Stale(summary).to_string();
            assert!(
                message.contains("missing:") && message.contains("without `--check`"),
                "{message}"
            );
        }
        other => panic!("expected drift, got {other:?}"),
    }
    assert!(!scratch.exists());

    let first = run_gen(&fixture_args(scratch.clone(), Mode::Write)).unwrap();
    assert_eq!((first.written.len(), first.created.len()), (4, 4));

    let second = run_gen(&fixture_args(scratch.clone(), Mode::Write)).unwrap();
    assert_eq!(
        (second.written.len(), second.unchanged, second.stray.len()),
        (0, 4, 0)
    );
    run_gen(&fixture_args(scratch.clone(), Mode::Check)).unwrap();
    std::fs::remove_dir_all(&scratch).unwrap();
}
