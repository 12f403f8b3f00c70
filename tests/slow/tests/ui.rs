//! Compile-fail checks of the generated `apify_api` crate, written as a consumer would:
//! `ui/fail/*.rs` must fail to compile with exactly the error in the matching `.stderr` file.
//!
//! Each case is a crate of its own, which trybuild builds in a target folder of its own, so
//! the first run compiles every dependency a second time (minutes on a 2-core machine).
//! `cargo test` therefore leaves it out (this package is not a default member) and CI runs
//! it: `cargo test -p specforge-slow-tests -- ui::`. The programs that must compile and run
//! (`tests/ui/pass/`) are modules of `specforge-tests`' `compiled` test binary, built with
//! everything else.
//!
//! The snapshots quote rustc, so they hold for the toolchain pinned in
//! `rust-toolchain.toml`. Refresh them with `TRYBUILD=overwrite cargo test -p
//! specforge-slow-tests -- ui::`, then read every diff.

#[test]
fn ui() {
    if crate::skip_snapshots("ui::ui") {
        return;
    }
    trybuild::TestCases::new().compile_fail("ui/fail/*.rs");
}
