//! The one integration-test binary of `specforge-tests` (`cargo test -p specforge-tests
//! --test all`): every test module is linked here once instead of as a binary of its own,
//! which saves a link of every dependency per module (`autotests = false` in
//! `tests/Cargo.toml`). Pick tests by module path, e.g. `-- golden::case::unions` or
//! `-- fuzz_loader::`.

mod alloc;
mod apify_helpers;
mod apify_payloads;
mod client_http;
mod endpoints;
mod fuzz_loader;
mod golden;
mod keywords;
mod operations;
mod payloads;
mod support;
mod tidy;
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
