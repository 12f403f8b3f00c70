//! The one integration-test binary of xtask (`cargo test -p xtask --test xtask`): each file
//! is a module here instead of a binary of its own, which saves a link of the generator and
//! every dependency per file (`autotests = false` in `xtask/Cargo.toml`). Pick tests by
//! module path, e.g. `-- tag_features::`.

mod fidelity;
mod gen_check;
mod tag_features;
