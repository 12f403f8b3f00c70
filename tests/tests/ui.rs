//! Compile-time checks of the generated `apify_api` crate, written as a consumer would.
//!
//! `ui/pass/*.rs` must compile and run without panicking; `ui/fail/*.rs` must fail to
//! compile with exactly the error in the matching `.stderr` file. Refresh those with
//! `TRYBUILD=overwrite cargo test -p specforge-tests --test ui`, then read every diff.

#[test]
fn ui() {
    let t = trybuild::TestCases::new();
    t.pass("ui/pass/*.rs");
    t.compile_fail("ui/fail/*.rs");
}
