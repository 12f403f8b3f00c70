//! Compile-time checks of the generated `apify_api` crate, written as a consumer would.
//!
//! `ui/pass/*.rs` must compile and run without panicking; `ui/fail/*.rs` must fail to
//! compile with exactly the error in the matching `.stderr` file. Those snapshots quote
//! rustc, so they hold for the toolchain pinned in `rust-toolchain.toml`. Refresh them with
//! `TRYBUILD=overwrite cargo test -p specforge-tests --test all ui::`, then read every diff.

#[test]
fn ui() {
    if crate::skip_snapshots("ui::ui") {
        return;
    }
    let t = trybuild::TestCases::new();
    t.pass("ui/pass/*.rs");
    t.compile_fail("ui/fail/*.rs");
}
