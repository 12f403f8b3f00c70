//! Maintainer commands behind `cargo xtask`: this repository's defaults for the shared `gen`
//! and `examples` commands (the `specforge` library, `crates/cli`), and the commands that
//! only make sense here: `conformance`, `fidelity` and `bench-compile`.

pub mod bench_compile;
pub mod conformance;
pub mod fidelity;

use std::path::{Path, PathBuf};

pub use specforge::{
    ensure_file_contents, run_gen, run_gen_with, GenArgs, GenError, GenFlags, Mode, Outcome,
    Runtime, Summary,
};

/// The spec the checked-in crate is generated from, relative to the workspace root.
pub const DEFAULT_SPEC: &str = "schemas/apify/openapi.yaml";
/// The checked-in generated crate, relative to the workspace root.
pub const DEFAULT_OUT: &str = "crates/generated";

/// The workspace root (the parent of this crate's folder).
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."))
}

/// The overlays applied to [`DEFAULT_SPEC`]: see [`overlays_beside`].
pub fn default_overlays(root: &Path) -> Vec<PathBuf> {
    overlays_beside(&root.join(DEFAULT_SPEC))
}

/// Every `*.yaml` file in the `overlays` folder beside `spec` (one file per resource
/// group), sorted by name so the order, and so the output, never depends on the file
/// system; none when there is no such folder.
pub fn overlays_beside(spec: &Path) -> Vec<PathBuf> {
    let dir = spec.parent().unwrap_or(Path::new(".")).join("overlays");
    let mut found: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|entry| entry.path())
                .filter(|path| path.extension().is_some_and(|ext| ext == "yaml"))
                .collect()
        })
        .unwrap_or_default();
    found.sort();
    found
}

/// This workspace's runtime as a path dependency: crates generated inside the repository
/// (examples checks, conformance, bench-compile) share one build of it.
pub fn workspace_runtime() -> Runtime {
    Runtime::Path(workspace_root().join("crates/runtime"))
}

/// [`GenFlags`] for crates generated inside the repository: the workspace's runtime, the
/// workspace protected.
pub fn workspace_flags() -> GenFlags {
    GenFlags {
        runtime: workspace_runtime(),
        workspace: Some(workspace_root()),
        ..GenFlags::default()
    }
}

/// `cargo xtask` as a [`specforge::cli::Program`]: `gen` without `--spec` regenerates
/// `crates/generated`, `examples` without `--spec` checks `schemas/apify`, and what they
/// build uses the workspace's runtime and target folder.
pub fn program() -> specforge::cli::Program {
    let root = workspace_root();
    specforge::cli::Program {
        name: "cargo xtask".to_owned(),
        default_gen: Some(specforge::cli::DefaultGen {
            spec: root.join(DEFAULT_SPEC),
            out: root.join(DEFAULT_OUT),
            overlays: default_overlays(&root),
            command: format!("`cargo xtask gen` from {DEFAULT_SPEC}"),
        }),
        default_examples_spec: Some((root.join(DEFAULT_SPEC), DEFAULT_SPEC.to_owned())),
        examples_dir: root.join("target/examples"),
        target_dir: Some(root.join("target")),
        runtime: workspace_runtime(),
        workspace: Some(root),
    }
}
