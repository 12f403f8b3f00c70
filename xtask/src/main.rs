//! `cargo xtask`: see `cargo xtask help`.

use std::path::{Component, Path, PathBuf};
use std::process::ExitCode;

use xtask::{
    default_overlays, run_gen_with, workspace_root, GenArgs, GenFlags, Mode, DEFAULT_OUT,
    DEFAULT_SPEC,
};

const HELP: &str = "\
cargo xtask gen                 regenerate crates/generated from schemas/apify/openapi.yaml
cargo xtask gen --check         fail if crates/generated is stale (changes nothing)
cargo xtask gen --spec P --out D [--name N] [--overlay O]...
                                generate a standalone crate for spec P into folder D,
                                after applying OpenAPI Overlay documents O in order
                                (D must be empty or made by `gen`: see its manifest,
                                D/.specforge-manifest; `--force` to use another folder)
    gen options:  --verbose     name every file created, changed or deleted
                  --force       generate into a non-empty folder `gen` did not make
                  --max-file-size BYTES
                                the largest spec file read (default 64 MiB)
                  --only-referenced
                                only the schemas the paths reach (default: every
                                component, webhook and callback, so all are checked)
cargo xtask gen --dump-ir [--spec P]
                                print the lowered IR instead of writing code
cargo xtask examples [--spec P] [--allow-failures]
                                check every example in the spec (default schemas/apify)
                                against its generated type: decode, validate, round trip
cargo xtask conformance [--filter F]
                                the official JSON Schema Test Suite (pinned, fetched with pip
                                into target/conformance) against the generated validation;
                                F keeps only the suite files whose path contains it
cargo xtask fidelity [--real P] [--spec S]
                                compare schemas/apify (or S, with its overlays folder) with the
                                real Apify spec P (default ../shared/apify-openapi/openapi.yaml):
                                every operation on the same path and method, with the same
                                operationId, parameters, statuses, media types and success-body
                                property names, and none invented
cargo xtask bench-compile       lines, `cargo check` and debug `cargo build` time of generated
                                crates (nexus.json, full Apify spec) against progenitor's, in
                                one run";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("gen") => gen(&args[1..]),
        Some("examples") => examples(&args[1..]),
        Some("conformance") => conformance(&args[1..]),
        Some("fidelity") => fidelity(&args[1..]),
        Some("bench-compile") => match xtask::bench_compile::bench_compile(5) {
            Ok(_) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("error: {e}");
                ExitCode::FAILURE
            }
        },
        Some("help" | "--help" | "-h") | None => {
            println!("{HELP}");
            ExitCode::SUCCESS
        }
        Some(other) => {
            eprintln!("unknown command `{other}`\n\n{HELP}");
            ExitCode::from(2)
        }
    }
}

fn gen(args: &[String]) -> ExitCode {
    let mut check = false;
    let mut dump_ir = false;
    let mut spec: Option<String> = None;
    let mut out: Option<String> = None;
    let mut name: Option<String> = None;
    let mut overlays: Vec<PathBuf> = Vec::new();
    let mut verbose = false;
    let mut flags = GenFlags::default();
    let mut iter = args.iter();
    while let Some(arg) = iter.next() {
        let mut value = |flag: &str| match iter.next() {
            Some(v) => Ok(v.clone()),
            None => Err(format!("`{flag}` needs a value")),
        };
        let result = match arg.as_str() {
            "--check" => {
                check = true;
                Ok(())
            }
            "--dump-ir" => {
                dump_ir = true;
                Ok(())
            }
            "--verbose" | "-v" => {
                verbose = true;
                Ok(())
            }
            "--force" => {
                flags.force = true;
                Ok(())
            }
            "--only-referenced" => {
                flags.only_referenced = true;
                Ok(())
            }
            "--max-file-size" => value("--max-file-size").and_then(|v| {
                v.parse::<u64>()
                    .map(|n| flags.max_file_size = Some(n))
                    .map_err(|_| format!("`--max-file-size` takes a number of bytes, not `{v}`"))
            }),
            "--spec" => value("--spec").map(|v| spec = Some(v)),
            "--out" => value("--out").map(|v| out = Some(v)),
            "--name" => value("--name").map(|v| name = Some(v)),
            "--overlay" => value("--overlay").map(|v| overlays.push(PathBuf::from(v))),
            other => Err(format!("unknown option `{other}`")),
        };
        if let Err(message) = result {
            eprintln!("error: {message}\n\n{HELP}");
            return ExitCode::from(2);
        }
    }
    let root = workspace_root();
    let gen_args = match (&spec, &out) {
        (None, None) => GenArgs {
            spec: root.join(DEFAULT_SPEC),
            out: root.join(DEFAULT_OUT),
            standalone: None,
            mode: if check { Mode::Check } else { Mode::Write },
            command: format!("`cargo xtask gen` from {DEFAULT_SPEC}"),
            dump_ir,
            overlays: default_overlays(&root),
        },
        (Some(spec), Some(out)) => {
            let command = standalone_command(Path::new(spec), Path::new(out), name.as_deref());
            GenArgs {
                command,
                spec: PathBuf::from(spec),
                out: PathBuf::from(out),
                standalone: Some(name),
                mode: if check { Mode::Check } else { Mode::Write },
                dump_ir,
                overlays,
            }
        }
        (Some(spec), None) if dump_ir => GenArgs {
            spec: PathBuf::from(spec),
            out: PathBuf::new(),
            standalone: None,
            mode: Mode::Check,
            command: String::new(),
            dump_ir,
            overlays,
        },
        _ => {
            eprintln!("error: `--spec` and `--out` go together\n\n{HELP}");
            return ExitCode::from(2);
        }
    };
    match run_gen_with(&gen_args, &flags) {
        Ok(summary) => {
            for warning in summary.warnings.warnings() {
                eprintln!("{warning}");
            }
            if !dump_ir {
                print_files(&summary, verbose);
                let verb = if check { "up to date" } else { "generated" };
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
/// crate when it lies inside it, else by its file name, and the crate is "this crate".
fn standalone_command(spec: &Path, out: &Path, name: Option<&str>) -> String {
    let spec_abs = xtask::output::absolute(spec).unwrap_or_else(|_| spec.to_owned());
    let out_abs = xtask::output::absolute(out).unwrap_or_else(|_| out.to_owned());
    let inside = spec_abs
        .strip_prefix(&out_abs)
        .ok()
        .filter(|rel| rel.components().all(|c| matches!(c, Component::Normal(_))))
        .map(|rel| {
            let parts: Vec<_> = rel.iter().map(|p| p.to_string_lossy()).collect();
            format!("<this crate>/{}", parts.join("/"))
        });
    let spec_label = inside.unwrap_or_else(|| {
        let file = spec
            .file_name()
            .map_or_else(|| "openapi.yaml".into(), |f| f.to_string_lossy());
        format!(".../{file}")
    });
    let name = name.map(|n| format!(" --name {n}")).unwrap_or_default();
    format!("`cargo xtask gen --spec {spec_label} --out <this crate>{name}`")
}

/// Names the files `gen` created and changed (with `--verbose`) and, always, those it
/// deleted or kept although no longer generated.
fn print_files(summary: &xtask::Summary, verbose: bool) {
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

fn fidelity(args: &[String]) -> ExitCode {
    let root = workspace_root();
    let mut real = root.join("../shared/apify-openapi/openapi.yaml");
    let mut ours = root.join(DEFAULT_SPEC);
    let mut iter = args.iter();
    while let Some(arg) = iter.next() {
        let slot = match arg.as_str() {
            "--real" => &mut real,
            "--spec" => &mut ours,
            other => {
                eprintln!("error: unknown option `{other}`\n\n{HELP}");
                return ExitCode::from(2);
            }
        };
        match iter.next() {
            Some(value) => *slot = PathBuf::from(value),
            None => {
                eprintln!("error: `{arg}` needs a value\n\n{HELP}");
                return ExitCode::from(2);
            }
        }
    }
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

fn examples(args: &[String]) -> ExitCode {
    let mut spec = None;
    let mut allow_failures = false;
    let mut iter = args.iter();
    while let Some(arg) = iter.next() {
        match arg.as_str() {
            "--spec" => spec = iter.next().cloned(),
            "--allow-failures" => allow_failures = true,
            other => {
                eprintln!("error: unknown option `{other}`\n\n{HELP}");
                return ExitCode::from(2);
            }
        }
    }
    let root = workspace_root();
    let (spec_path, label) = match &spec {
        Some(spec) => (PathBuf::from(spec), spec.clone()),
        None => (root.join(DEFAULT_SPEC), DEFAULT_SPEC.to_owned()),
    };
    // One folder per spec, named after its path.
    let folder: String = label
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    let name = format!("examples-{}", folder.trim_matches('-'));
    let out = root.join("target/examples").join(&name);
    let command = format!("`cargo xtask examples --spec {label}`");
    match xtask::run_examples(&spec_path, &out, &name, &command) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) if allow_failures => {
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

fn conformance(args: &[String]) -> ExitCode {
    let mut filter = None;
    let mut iter = args.iter();
    while let Some(arg) = iter.next() {
        match arg.as_str() {
            "--filter" => filter = iter.next().cloned(),
            other => {
                eprintln!("error: unknown option `{other}`\n\n{HELP}");
                return ExitCode::from(2);
            }
        }
    }
    match xtask::conformance::run_conformance(filter.as_deref()) {
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
