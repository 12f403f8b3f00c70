//! `specforge`: generate a typed, validated Rust API crate from an OpenAPI spec.

use std::process::ExitCode;

use clap::{Parser, Subcommand};
use specforge::cli::{run_examples_command, run_gen_command, ExamplesCmd, GenCmd, Program};

/// Generate a typed, validated Rust API crate (models, validation, an async client) from an
/// OpenAPI 3.0 or 3.1 spec, split into many files or not.
#[derive(Debug, Parser)]
#[command(name = "specforge", version)]
#[command(after_help = "\
Start with:
  specforge gen --spec path/to/openapi.yaml --out my-api
  cd my-api && cargo build

From a build.rs instead, use specforge_codegen::Builder.")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Generate a crate from a spec (or check that one is up to date)
    Gen(GenCmd),
    /// Check every example in a spec against its generated type: decode, validate, round trip
    Examples(ExamplesCmd),
}

fn main() -> ExitCode {
    let program = Program::specforge();
    match Cli::parse().command {
        Command::Gen(cmd) => run_gen_command(&cmd, &program),
        Command::Examples(cmd) => run_examples_command(&cmd, &program),
    }
}
