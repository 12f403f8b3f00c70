//! The one integration-test binary of `specforge-tests` (`cargo test -p specforge-tests
//! --test all`): every test module is linked here once instead of as a binary of its own,
//! which saves a link of every dependency per module (`autotests = false` in
//! `tests/Cargo.toml`). Pick tests by module path, e.g. `-- golden::case::unions`. The
//! trybuild compile-fail cases and the fuzzing are in `tests/slow` (`specforge-slow-tests`),
//! which CI runs and `cargo test` leaves out.

mod alloc;
mod apify_helpers;
mod apify_payloads;
mod client_http;
mod endpoints;
mod golden;
mod keywords;
mod operations;
mod payloads;
mod support;
mod tidy;
mod trust;
