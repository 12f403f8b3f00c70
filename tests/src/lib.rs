//! Workspace-level tests live in `tests/tests/`, one test binary whose root is
//! `tests/tests/main.rs`.
