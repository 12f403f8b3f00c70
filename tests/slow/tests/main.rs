//! The tests CI runs and `cargo test` leaves out (this package is not one of the workspace's
//! `default-members`), in one binary:
//!
//! - `ui::`: the compile-fail cases of the generated crate (`ui/fail/`), which trybuild
//!   builds in a target folder of its own, compiling every dependency again;
//! - `fuzz_loader::` and `fuzz_confinement::`: property-based fuzzing of the generator,
//!   bounded by `PROPTEST_CASES` (CI runs 2,000 cases of each loader property);
//! - `decode_paths::`: every value of the Apify payloads broken in turn, and the decode
//!   failure's pointer checked against where the value is.
//!
//! `cargo test -p specforge-slow-tests` runs them all; pick by module path, e.g.
//! `-- fuzz_loader::`.

mod decode_paths;
mod fuzz_confinement;
mod fuzz_loader;
mod ui;

/// Whether the snapshot tests (the trybuild compile-fail cases of `ui`) are switched off by
/// `SPECFORGE_SKIP_SNAPSHOTS`; prints why when they are. The minimum-version CI job sets it:
/// an older rustc words its errors differently from the pinned toolchain the `.stderr`
/// snapshots were taken with.
fn skip_snapshots(test: &str) -> bool {
    let skip =
        std::env::var_os("SPECFORGE_SKIP_SNAPSHOTS").is_some_and(|v| !v.is_empty() && v != "0");
    if skip {
        println!("{test}: skipped because SPECFORGE_SKIP_SNAPSHOTS is set");
    }
    skip
}
