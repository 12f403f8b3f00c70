//! The command line of `gen` and `examples`, one parser for both programs that offer them:
//! the `specforge` binary and `cargo xtask` (which adds this repository's defaults through a
//! [`Program`]).

use std::path::{Component, Path, PathBuf};
use std::process::ExitCode;

use clap::Args;

use crate::examples::{run_examples, ExamplesJob};
use crate::gen::{run_gen_with, GenArgs, GenFlags, Mode, Summary};
use crate::output;
use crate::standalone::Runtime;

/// `gen`: generate an API crate from an OpenAPI spec.
#[derive(Debug, Clone, Args)]
#[command(after_help = "\
Examples:
  specforge gen --spec api/openapi.yaml --out petstore
  specforge gen --spec openapi.json --out github --name github-api --overlay paging.yaml
  specforge gen --spec api/openapi.yaml --out petstore --check
  specforge gen --spec api/openapi.yaml --dump-ir

`--out` must be empty, missing, or a folder `gen` made before (it lists the files it wrote in
`.specforge-manifest` and deletes only those); a workspace root or member is always refused.")]
pub struct GenCmd {
    /// The spec's root file: OpenAPI 3.0 or 3.1, YAML or JSON, split or not
    #[arg(long, value_name = "FILE")]
    pub spec: Option<PathBuf>,
    /// The folder of the generated crate
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// The crate's name [default: from the spec's title, e.g. github-api]
    #[arg(long, value_name = "CRATE", value_parser = crate_name)]
    pub name: Option<String>,
    /// Apply an OpenAPI Overlay 1.0 document (repeatable, applied in order)
    #[arg(long = "overlay", value_name = "FILE")]
    pub overlays: Vec<PathBuf>,
    /// How the crate gets specforge-runtime: vendored (a copy inside it,
    /// so it builds wherever it is copied), path=DIR, git=URL[#REV] or
    /// version=REQ [default: vendored]
    #[arg(long, value_name = "HOW")]
    pub runtime: Option<Runtime>,
    /// Change nothing; fail listing stale, missing or stray files
    #[arg(long)]
    pub check: bool,
    /// Print the analyzed IR instead of writing code
    #[arg(long)]
    pub dump_ir: bool,
    /// Name every file created or changed
    #[arg(short, long)]
    pub verbose: bool,
    /// Generate into a non-empty folder gen did not make (its files are
    /// overwritten only by generated files of the same name, never deleted)
    #[arg(long)]
    pub force: bool,
    /// The largest spec file read, in bytes [default: 64 MiB]
    #[arg(long, value_name = "BYTES")]
    pub max_file_size: Option<u64>,
    /// Only the schemas the paths reach [default: every component,
    /// webhook and callback, so all are checked]
    #[arg(long)]
    pub only_referenced: bool,
    /// A Cargo feature per tag (standalone crates): an operation is
    /// compiled only with one of its tags' features, a type only with an
    /// operation that uses it; all on by default
    #[arg(long)]
    pub tag_features: bool,
}

/// `examples`: check every example in a spec against its generated type.
#[derive(Debug, Clone, Args)]
pub struct ExamplesCmd {
    /// The spec's root file
    #[arg(long, value_name = "FILE")]
    pub spec: Option<PathBuf>,
    /// The folder of the generated check crate
    /// [default: target/specforge-examples/<name>]
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// How the crate gets specforge-runtime (as for gen)
    #[arg(long, value_name = "HOW")]
    pub runtime: Option<Runtime>,
    /// Exit with success even when examples fail (still reported)
    #[arg(long)]
    pub allow_failures: bool,
}

/// What a program adds to the shared commands: its name and its defaults.
#[derive(Debug, Clone)]
pub struct Program {
    /// How users run it, for `@generated` headers and messages (`specforge`, `cargo xtask`).
    pub name: String,
    /// What `gen` does without `--spec` and `--out` (`None`: they are required).
    pub default_gen: Option<DefaultGen>,
    /// The spec `examples` checks without `--spec` (`None`: it is required), and its label.
    pub default_examples_spec: Option<(PathBuf, String)>,
    /// Where `examples` puts its work folders without `--out`.
    pub examples_dir: PathBuf,
    /// `CARGO_TARGET_DIR` for what `examples` builds (`None`: cargo's default).
    pub target_dir: Option<PathBuf>,
    /// The runtime without `--runtime`.
    pub runtime: Runtime,
    /// The caller's workspace, which `gen` must not write over (beside the one enclosing
    /// the output folder).
    pub workspace: Option<PathBuf>,
}

/// `gen` without `--spec` and `--out` in `cargo xtask`: the checked-in crate.
#[derive(Debug, Clone)]
pub struct DefaultGen {
    /// The spec.
    pub spec: PathBuf,
    /// The output folder (its `src/` only: it keeps its hand-written `Cargo.toml` and `lib.rs`).
    pub out: PathBuf,
    /// The overlays applied.
    pub overlays: Vec<PathBuf>,
    /// The `@generated` header's command.
    pub command: String,
}

impl Program {
    /// The installed `specforge` binary: `--spec` and `--out` required, the runtime vendored,
    /// the workspace around the current folder (if any) protected.
    pub fn specforge() -> Program {
        let cwd = std::env::current_dir().ok();
        Program {
            name: "specforge".to_owned(),
            default_gen: None,
            default_examples_spec: None,
            examples_dir: PathBuf::from("target/specforge-examples"),
            target_dir: None,
            runtime: Runtime::Vendored,
            workspace: cwd.as_deref().and_then(output::enclosing_workspace),
        }
    }
}

/// A usage error: printed like clap's own, exit status 2.
fn usage_error(message: &str) -> ExitCode {
    eprintln!("error: {message}\n\nFor more information, try '--help'.");
    ExitCode::from(2)
}

/// Runs `gen` as `program` offers it.
pub fn run_gen_command(cmd: &GenCmd, program: &Program) -> ExitCode {
    let mode = if cmd.check { Mode::Check } else { Mode::Write };
    let standalone_only =
        |flag: &str| format!("`{flag}` is for a standalone crate: it needs `--spec` and `--out`");
    let args = match (&cmd.spec, &cmd.out, &program.default_gen) {
        (None, None, Some(default)) => {
            if !cmd.overlays.is_empty() {
                return usage_error(&format!(
                    "`--overlay` goes with `--spec`; the default spec's overlays are the files in {}",
                    default
                        .spec
                        .parent()
                        .unwrap_or(Path::new("."))
                        .join("overlays")
                        .display()
                ));
            }
            for (given, flag) in [
                (cmd.name.is_some(), "--name"),
                (cmd.runtime.is_some(), "--runtime"),
                (cmd.tag_features, "--tag-features"),
            ] {
                if given {
                    return usage_error(&standalone_only(flag));
                }
            }
            GenArgs {
                spec: default.spec.clone(),
                out: default.out.clone(),
                standalone: None,
                mode,
                command: default.command.clone(),
                dump_ir: cmd.dump_ir,
                overlays: default.overlays.clone(),
            }
        }
        (Some(spec), Some(out), _) => GenArgs {
            command: standalone_command(program, cmd, spec, out),
            spec: spec.clone(),
            out: out.clone(),
            standalone: Some(cmd.name.clone()),
            mode,
            dump_ir: cmd.dump_ir,
            overlays: cmd.overlays.clone(),
        },
        (Some(spec), None, _) if cmd.dump_ir => GenArgs {
            spec: spec.clone(),
            out: PathBuf::new(),
            standalone: None,
            mode: Mode::Check,
            command: String::new(),
            dump_ir: true,
            overlays: cmd.overlays.clone(),
        },
        (Some(_), None, _) => {
            return usage_error("`--spec` needs `--out`, the folder to generate the crate in (or `--dump-ir`, to print the IR)")
        }
        (None, Some(_), _) => return usage_error("`--out` needs `--spec`, the spec's root file"),
        (None, None, None) => {
            return usage_error("`gen` needs `--spec FILE` and `--out DIR` (see `specforge gen --help`)")
        }
    };
    let flags = GenFlags {
        force: cmd.force,
        max_file_size: cmd.max_file_size,
        only_referenced: cmd.only_referenced,
        tag_features: cmd.tag_features,
        runtime: cmd
            .runtime
            .clone()
            .unwrap_or_else(|| program.runtime.clone()),
        workspace: program.workspace.clone(),
    };
    if !args.dump_ir {
        // Paths under the current folder as relative ones: `crates/generated`.
        let cwd = std::env::current_dir().unwrap_or_default();
        let show = |path: &Path| {
            path.strip_prefix(&cwd)
                .unwrap_or(path)
                .display()
                .to_string()
        };
        let verb = if cmd.check { "checking" } else { "generating" };
        eprintln!("{verb} {} from {} ...", show(&args.out), show(&args.spec));
    }
    match run_gen_with(&args, &flags) {
        Ok(summary) => {
            for warning in summary.warnings.warnings() {
                eprintln!("{warning}");
            }
            if !args.dump_ir {
                print_files(&summary, cmd.verbose);
                let verb = if cmd.check { "up to date" } else { "generated" };
                let created = summary.created.len();
                println!(
                    "{verb}: {} types, {} operations; {created} files created, {} changed, {} unchanged, {} deleted; {} ms",
                    summary.types,
                    summary.operations,
                    summary.written.len() - created,
                    summary.unchanged,
                    summary.stray.len(),
                    summary.millis
                );
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{e}");
            ExitCode::FAILURE
        }
    }
}

/// The command a standalone crate's `@generated` header names. It must not depend on where
/// the command ran or how the paths were typed (absolute, `./`, from another folder), so the
/// same spec gives byte-identical output anywhere: the spec is named relative to the output
/// crate when it lies inside it, else by its file name, and the crate is "this crate";
/// overlays are named by file name, a `--runtime` path as `...`.
fn standalone_command(program: &Program, cmd: &GenCmd, spec: &Path, out: &Path) -> String {
    let label = |file: &Path| {
        let file_abs = output::absolute(file).unwrap_or_else(|_| file.to_owned());
        let out_abs = output::absolute(out).unwrap_or_else(|_| out.to_owned());
        let inside = file_abs
            .strip_prefix(&out_abs)
            .ok()
            .filter(|rel| rel.components().all(|c| matches!(c, Component::Normal(_))))
            .map(|rel| {
                let parts: Vec<_> = rel.iter().map(|p| p.to_string_lossy()).collect();
                format!("<this crate>/{}", parts.join("/"))
            });
        inside.unwrap_or_else(|| {
            let name = file
                .file_name()
                .map_or_else(|| "openapi.yaml".into(), |f| f.to_string_lossy());
            format!(".../{name}")
        })
    };
    let mut command = format!(
        "`{} gen --spec {} --out <this crate>",
        program.name,
        label(spec)
    );
    if let Some(name) = &cmd.name {
        command.push_str(&format!(" --name {name}"));
    }
    for overlay in &cmd.overlays {
        command.push_str(&format!(" --overlay {}", label(overlay)));
    }
    if cmd.tag_features {
        command.push_str(" --tag-features");
    }
    if let Some(runtime) = &cmd.runtime {
        if *runtime != Runtime::Vendored {
            command.push_str(&format!(" --runtime {runtime}"));
        }
    }
    command.push('`');
    command
}

/// Names the files `gen` created and changed (with `--verbose`) and, always, those it
/// deleted or kept although no longer generated.
fn print_files(summary: &Summary, verbose: bool) {
    if verbose {
        for path in &summary.written {
            let verb = if summary.created.contains(path) {
                "created"
            } else {
                "changed"
            };
            println!("  {verb}: {}", path.display());
        }
    }
    for path in &summary.stray {
        println!("  deleted: {}", path.display());
    }
    if !summary.unreached.is_empty() {
        // The names with `--verbose`, else the first few.
        let shown = if verbose { summary.unreached.len() } else { 5 };
        let mut names: Vec<&str> = summary
            .unreached
            .iter()
            .take(shown)
            .map(String::as_str)
            .collect();
        if summary.unreached.len() > shown {
            names.push("...");
        }
        println!(
            "  {} spec file(s) in the spec's folder that no `$ref` reaches: {}",
            summary.unreached.len(),
            names.join(", ")
        );
    }
    for path in &summary.kept {
        println!(
            "  kept: {} (listed in the manifest but no longer generated; not deleted because it is no longer a regular file marked `@generated`)",
            path.display()
        );
    }
}

/// Runs `examples` as `program` offers it.
pub fn run_examples_command(cmd: &ExamplesCmd, program: &Program) -> ExitCode {
    let (spec, label) = match (&cmd.spec, &program.default_examples_spec) {
        (Some(spec), _) => (spec.clone(), spec.display().to_string()),
        (None, Some((spec, label))) => (spec.clone(), label.clone()),
        (None, None) => {
            return usage_error("`examples` needs `--spec FILE` (see `specforge examples --help`)")
        }
    };
    // One folder per spec, named after its path.
    let folder: String = label
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    let name = format!("examples-{}", folder.trim_matches('-'));
    let job = ExamplesJob {
        out: cmd
            .out
            .clone()
            .unwrap_or_else(|| program.examples_dir.join(&name)),
        command: format!("`{} examples --spec {label}`", program.name),
        spec,
        name,
        target_dir: program.target_dir.clone(),
        flags: GenFlags {
            runtime: cmd
                .runtime
                .clone()
                .unwrap_or_else(|| program.runtime.clone()),
            workspace: program.workspace.clone(),
            ..GenFlags::default()
        },
    };
    match run_examples(&job) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) if cmd.allow_failures => {
            println!("(failures allowed by --allow-failures)");
            ExitCode::SUCCESS
        }
        Ok(false) => ExitCode::FAILURE,
        Err(e) => {
            eprintln!("{e}");
            ExitCode::FAILURE
        }
    }
}

/// `--name`: a package name cargo accepts, refused here rather than in a `Cargo.toml` cargo
/// cannot read.
fn crate_name(name: &str) -> Result<String, String> {
    specforge_codegen::naming::check_crate_name(name).map(|()| name.to_owned())
}
