//! specforge's command layer, shared by the `specforge` binary and `cargo xtask`: the `gen`
//! and `examples` command lines ([`cli`]), generation into a crate folder ([`gen`]) under the
//! output rules ([`output`]), a standalone crate's own files and its runtime ([`standalone`]),
//! and the examples check ([`examples`]).
//!
//! The generator itself is `specforge-codegen`, which a `build.rs` uses directly
//! (`specforge_codegen::Builder`) without compiling any of this.

pub mod cli;
pub mod examples;
// Written into the examples check crate by `run_examples`; compiled here only to be tested
// (and linted) with the rest of this crate.
#[cfg(test)]
mod examples_report;
pub mod gen;
pub mod output;
pub mod standalone;

pub use gen::{
    ensure_file_contents, run_gen, run_gen_with, GenArgs, GenError, GenFlags, Mode, Outcome,
    Summary, GENERATED_MARKER,
};
pub use standalone::Runtime;
