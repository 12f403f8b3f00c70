//! The tests CI runs and `cargo test` leaves out, one test binary whose root is
//! `tests/main.rs`: `cargo test -p specforge-slow-tests` (see that file).
