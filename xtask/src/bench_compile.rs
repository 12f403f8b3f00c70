//! `cargo xtask bench-compile`: what the generated code costs its users to build. Generates
//! our crate for nexus.json and for the whole Apify spec, and progenitor's crate for
//! nexus.json, then for each counts lines and times `cargo check` and a debug `cargo build`
//! of the crate alone with its dependencies prebuilt (median of several runs), and for ours
//! also `cargo check --no-default-features` (models and validation, no client), which says
//! how the time splits. Every compile is a whole one (`CARGO_INCREMENTAL=0`, as cargo builds
//! a dependency): an incremental re-check of an unchanged crate reuses most of the work and
//! would measure the cache, not the code. The runs alternate between the crates (run 1 of
//! each crate, then run 2 of each, ...), all in the same process, so the ratios hold on a
//! noisy machine.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use crate::{run_gen_with, workspace_root, GenArgs, Mode};

pub mod tag_features;

/// One measured crate.
#[derive(Debug, Clone)]
pub struct Measured {
    /// What it is.
    pub label: String,
    /// Lines of Rust under `src/`.
    pub lines: usize,
    /// Median `cargo check` time of the crate itself.
    pub check: Duration,
    /// Median `cargo check --no-default-features` time (models and validation only), for
    /// our crates.
    pub check_models: Option<Duration>,
    /// Median debug `cargo build` time of the crate itself.
    pub build: Duration,
}

fn cargo() -> Command {
    Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
}

fn run(cmd: &mut Command) -> Result<(), String> {
    let status = cmd.status().map_err(|e| format!("{cmd:?}: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("{cmd:?} failed with {status}"))
    }
}

fn count_lines(src: &Path) -> usize {
    let mut total = 0;
    if let Ok(entries) = std::fs::read_dir(src) {
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                total += count_lines(&path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                total += std::fs::read_to_string(&path)
                    .map(|t| t.lines().count())
                    .unwrap_or(0);
            }
        }
    }
    total
}

/// `cargo <subcommand> [args]` (`check` or `build`, debug profile, not incremental) of the
/// crate in `dir`.
fn cargo_in(dir: &Path, target: &Path, subcommand: &str, args: &[&str]) -> Command {
    let mut cmd = cargo();
    cmd.args([subcommand, "--quiet"])
        .args(args)
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", target)
        .env("CARGO_INCREMENTAL", "0");
    cmd
}

/// One timed `cargo <subcommand> [args]` of the crate alone: `src/lib.rs` is rewritten
/// first, so cargo rebuilds the crate and nothing else (its dependencies are built already).
fn time_once(
    dir: &Path,
    target: &Path,
    subcommand: &str,
    args: &[&str],
) -> Result<Duration, String> {
    let lib = dir.join("src/lib.rs");
    let text = std::fs::read_to_string(&lib).map_err(|e| e.to_string())?;
    std::fs::write(&lib, text).map_err(|e| e.to_string())?;
    // A fresh mtime is what makes cargo rebuild the crate.
    std::thread::sleep(Duration::from_millis(20));
    let start = Instant::now();
    run(&mut cargo_in(dir, target, subcommand, args))?;
    Ok(start.elapsed())
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

/// Runs the whole measurement and prints a table.
pub fn bench_compile(runs: usize) -> Result<Vec<Measured>, String> {
    if runs == 0 {
        return Err("bench-compile needs at least one run".into());
    }
    let root = workspace_root();
    let out = root.join("target/bench-compile");
    let target = out.join("target");
    let nexus = root.join("../shared/bench/nexus.json");
    let apify = root.join("../shared/apify-openapi/openapi.yaml");
    if !nexus.exists() {
        return Err(format!(
            "{} not found: bench-compile needs ../shared",
            nexus.display()
        ));
    }
    let mut crates: Vec<(String, PathBuf)> = Vec::new();
    let ours = |spec: &Path, dir: &Path, name: &str| -> Result<(), String> {
        let args = GenArgs {
            spec: spec.to_owned(),
            out: dir.to_owned(),
            standalone: Some(Some(name.to_owned())),
            mode: Mode::Write,
            command: "`cargo xtask bench-compile`".into(),
            dump_ir: false,
            overlays: Vec::new(),
        };
        run_gen_with(&args, &crate::workspace_flags())
            .map(|_| ())
            .map_err(|e| e.to_string())
    };
    let dir = out.join("specforge-nexus");
    ours(&nexus, &dir, "specforge-nexus")?;
    crates.push(("specforge, nexus.json".into(), dir));
    let dir = out.join("progenitor-nexus");
    run(cargo()
        .args([
            "run",
            "--quiet",
            "--release",
            "-p",
            "specforge-bench",
            "--bin",
            "progenitor_gen",
            "--",
        ])
        .arg(&nexus)
        .arg(&dir)
        .arg("progenitor-nexus"))?;
    crates.push(("progenitor, nexus.json".into(), dir));
    if apify.exists() {
        let dir = out.join("specforge-apify");
        ours(&apify, &dir, "specforge-apify")?;
        crates.push(("specforge, full Apify spec".into(), dir));
        // The crate we ship, from our own `schemas/apify` with its overlays: it must cost
        // less than twice the crate of Apify's own spec.
        let dir = out.join("specforge-apify-ours");
        let args = GenArgs {
            spec: root.join(crate::DEFAULT_SPEC),
            out: dir.clone(),
            standalone: Some(Some("specforge-apify-ours".to_owned())),
            mode: Mode::Write,
            command: "`cargo xtask bench-compile`".into(),
            dump_ir: false,
            overlays: crate::default_overlays(&root),
        };
        run_gen_with(&args, &crate::workspace_flags()).map_err(|e| e.to_string())?;
        crates.push(("specforge, schemas/apify".into(), dir));
    }
    // What is timed for each crate: (subcommand, arguments, whether only for ours).
    let kinds: [(&str, &[&str], bool); 3] = [
        ("check", &[], false),
        ("check", &["--no-default-features"], true),
        ("build", &[], false),
    ];
    let applies = |label: &str, ours_only: bool| !ours_only || label.starts_with("specforge");
    // Dependencies first, untimed, for every kind.
    for (label, dir) in &crates {
        for (subcommand, args, ours_only) in kinds {
            if applies(label, ours_only) {
                run(&mut cargo_in(dir, &target, subcommand, args))?;
            }
        }
    }
    let mut times = vec![vec![Vec::new(); kinds.len()]; crates.len()];
    for _ in 0..runs {
        for (k, (subcommand, args, ours_only)) in kinds.iter().enumerate() {
            for (i, (label, dir)) in crates.iter().enumerate() {
                if applies(label, *ours_only) {
                    times[i][k].push(time_once(dir, &target, subcommand, args)?);
                }
            }
        }
    }
    let measured: Vec<Measured> = crates
        .into_iter()
        .zip(times)
        .map(|((label, dir), mut times)| Measured {
            label,
            lines: count_lines(&dir.join("src")),
            check: median(std::mem::take(&mut times[0])),
            check_models: (!times[1].is_empty()).then(|| median(std::mem::take(&mut times[1]))),
            build: median(std::mem::take(&mut times[2])),
        })
        .collect();
    println!(
        "{:<28} {:>7} {:>12} {:>20} {:>12}",
        "crate", "lines", "cargo check", "check, models only", "cargo build"
    );
    for m in &measured {
        let models = m
            .check_models
            .map_or_else(|| "-".to_owned(), |t| format!("{:.2} s", t.as_secs_f64()));
        println!(
            "{:<28} {:>7} {:>10.2} s {:>20} {:>10.2} s",
            m.label,
            m.lines,
            m.check.as_secs_f64(),
            models,
            m.build.as_secs_f64()
        );
    }
    if let (Some(ours), Some(theirs)) = (
        measured
            .iter()
            .find(|m| m.label.starts_with("specforge, nexus")),
        measured.iter().find(|m| m.label.starts_with("progenitor")),
    ) {
        println!(
            "ratio ours/progenitor on nexus.json: lines {:.2}, cargo check {:.2}, cargo build {:.2}",
            ours.lines as f64 / theirs.lines as f64,
            ours.check.as_secs_f64() / theirs.check.as_secs_f64(),
            ours.build.as_secs_f64() / theirs.build.as_secs_f64()
        );
    }
    if let (Some(ours), Some(theirs)) = (
        measured
            .iter()
            .find(|m| m.label == "specforge, schemas/apify"),
        measured
            .iter()
            .find(|m| m.label == "specforge, full Apify spec"),
    ) {
        println!(
            "ratio schemas/apify / full Apify spec: lines {:.2}, cargo check {:.2} (target < 2)",
            ours.lines as f64 / theirs.lines as f64,
            ours.check.as_secs_f64() / theirs.check.as_secs_f64()
        );
    }
    // One tag's feature of GitHub's spec against the whole crate (skipped without the spec).
    if let Some(m) = tag_features::measure(&out, &target, runs.min(3))? {
        tag_features::print(&m);
    }
    Ok(measured)
}
