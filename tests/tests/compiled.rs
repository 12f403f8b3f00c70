//! Generated code compiled as this workspace compiles everything else: in its own target
//! folder, against the dependencies `cargo test` has already built.
//!
//! - Every fixture's golden output (`fixtures/<case>/expected/*.rs`) is a module here, as
//!   the generated crate's `lib.rs` would declare it, and must compile without a warning.
//! - Every consumer program in `ui/pass/` is a module here, and a test runs its `main`.
//!
//! `tests/build.rs` lists both folders (`$OUT_DIR/compiled_cases.rs`), so a new fixture or
//! program is picked up on the next `cargo test`. This is a binary of its own, not a module
//! of `all`: golden output that does not compile fails this build alone, and
//! `SPECFORGE_BLESS=1 cargo test -p specforge-tests --test all golden::` can still write the
//! fixed output. The compile-fail cases (`tests/slow/ui/fail/`) need a crate each, which
//! trybuild builds in a target folder of its own (`specforge-slow-tests`, run by CI).
#![deny(warnings)]
// Golden output is a library's modules, and nothing here uses most of what they export.
#![allow(dead_code)]

include!(concat!(env!("OUT_DIR"), "/compiled_cases.rs"));
