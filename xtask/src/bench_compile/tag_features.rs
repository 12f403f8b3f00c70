//! What a tag feature saves a consumer of a big API: GitHub's REST spec generated with
//! `--tag-features`, `cargo check` of the whole crate (once: it takes many minutes) against
//! the same crate with one tag's feature alone and `http` (the median of several runs, one
//! before the whole crate's and the others after), in one run. The spec is the one CI fetches
//! (`.ci/run`: npm `@octokit/openapi` 23.0.2, checksummed, into `target/ci/github`, never
//! committed); without it the measurement is skipped with a message.

use std::path::Path;
use std::time::{Duration, Instant};

use super::{cargo, count_lines, run};
use crate::{run_gen_with, workspace_root, GenArgs, GenFlags, Mode};

/// Where CI unpacks GitHub's spec, relative to the workspace root.
pub const GITHUB_SPEC: &str = "target/ci/github/package/generated/api.github.com.json";
/// The tag measured alone.
pub const TAG: &str = "issues";

/// One build measured: wall time and the CPU time of cargo and the compilers it ran.
#[derive(Debug, Clone, Copy, Default)]
pub struct Timing {
    /// Median wall time.
    pub wall: Duration,
    /// Median CPU time (user + system) of the child processes, where the platform tells it
    /// (Linux); steadier than wall time on a shared machine.
    pub cpu: Option<Duration>,
}

/// The result: the crate's lines, the whole crate's check and one tag's.
#[derive(Debug, Clone, Copy)]
pub struct TagMeasurement {
    /// Lines of Rust under `src/`.
    pub lines: usize,
    /// `cargo check` with the default features (every tag and `http`), once.
    pub full: Timing,
    /// `cargo check --no-default-features --features http,<TAG>`, the median.
    pub tag: Timing,
}

/// CPU time (user + system) of the children this process has waited for, from
/// `/proc/self/stat` (fields `cutime` and `cstime`, in clock ticks of 1/100 s).
fn children_cpu() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the command name, which is in parentheses and may hold spaces.
    let rest = &stat[stat.rfind(')')? + 2..];
    let fields: Vec<&str> = rest.split_whitespace().collect();
    // `cutime` and `cstime` are fields 16 and 17 of the whole line, 14 and 15 here.
    let ticks: u64 = fields.get(13)?.parse::<u64>().ok()? + fields.get(14)?.parse::<u64>().ok()?;
    Some(Duration::from_millis(ticks * 10))
}

/// One `cargo check` of `dir` with `args` after touching `src/lib.rs`, so only the crate
/// itself is compiled: (wall, CPU).
fn check_once(
    dir: &Path,
    target: &Path,
    args: &[&str],
) -> Result<(Duration, Option<Duration>), String> {
    let lib = dir.join("src/lib.rs");
    let text = std::fs::read_to_string(&lib).map_err(|e| e.to_string())?;
    std::fs::write(&lib, text).map_err(|e| e.to_string())?;
    // A fresh mtime is what makes cargo rebuild the crate.
    std::thread::sleep(Duration::from_millis(20));
    let cpu_before = children_cpu();
    let start = Instant::now();
    run(cargo()
        .args(["check", "--quiet"])
        .args(args)
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", target)
        // What a clean build pays, every run: no incremental state from the run before
        // (which would also take gigabytes for this crate).
        .env("CARGO_INCREMENTAL", "0"))?;
    let wall = start.elapsed();
    let cpu = match (cpu_before, children_cpu()) {
        (Some(before), Some(after)) => Some(after.saturating_sub(before)),
        _ => None,
    };
    Ok((wall, cpu))
}

fn median(mut values: Vec<Duration>) -> Duration {
    values.sort();
    values.get(values.len() / 2).copied().unwrap_or_default()
}

/// Generates GitHub's crate with tag features into `out` and measures one check of the
/// whole crate and `runs` of one tag; `None` (after saying why) when the spec is absent.
pub fn measure(out: &Path, target: &Path, runs: usize) -> Result<Option<TagMeasurement>, String> {
    let spec = workspace_root().join(GITHUB_SPEC);
    if !spec.exists() {
        println!(
            "GitHub per-tag measurement skipped: {} is absent (`.ci/run` fetches it with npm)",
            spec.display()
        );
        return Ok(None);
    }
    let dir = out.join("specforge-github-tags");
    let args = GenArgs {
        spec,
        out: dir.clone(),
        standalone: Some(Some("specforge-github-tags".to_owned())),
        mode: Mode::Write,
        command: "`cargo xtask bench-compile`".into(),
        dump_ir: false,
        overlays: Vec::new(),
    };
    let flags = GenFlags {
        tag_features: true,
        ..crate::workspace_flags()
    };
    let summary = run_gen_with(&args, &flags).map_err(|e| e.to_string())?;
    let has_tag = summary
        .api
        .as_ref()
        .is_some_and(|api| api.features.iter().any(|f| f.name == TAG));
    if !has_tag {
        return Err(format!("GitHub's spec has no `{TAG}` tag feature"));
    }
    let tag_features = format!("http,{TAG}");
    let full_args: [&str; 0] = [];
    let tag_args = ["--no-default-features", "--features", tag_features.as_str()];
    // Dependencies (the same for every tag) outside the timings.
    check_once(&dir, target, &tag_args)?;
    // The whole crate takes many minutes (and gigabytes) to check: once, between the runs
    // of one tag.
    let (mut full, mut tag) = (Vec::new(), Vec::new());
    tag.push(check_once(&dir, target, &tag_args)?);
    full.push(check_once(&dir, target, &full_args)?);
    for _ in 1..runs {
        tag.push(check_once(&dir, target, &tag_args)?);
    }
    let timing = |times: Vec<(Duration, Option<Duration>)>| Timing {
        wall: median(times.iter().map(|t| t.0).collect()),
        cpu: times
            .iter()
            .map(|t| t.1)
            .collect::<Option<Vec<_>>>()
            .map(median),
    };
    Ok(Some(TagMeasurement {
        lines: count_lines(&dir.join("src")),
        full: timing(full),
        tag: timing(tag),
    }))
}

/// Prints the measurement and the ratio (target: one tag <= 0.25 of the whole).
pub fn print(m: &TagMeasurement) {
    let secs =
        |d: Option<Duration>| d.map_or("-".to_owned(), |d| format!("{:.1} s", d.as_secs_f64()));
    println!(
        "GitHub's REST spec with --tag-features ({} lines): cargo check",
        m.lines
    );
    println!(
        "  {:<36} {:>10} wall {:>10} CPU",
        "every feature (default)",
        format!("{:.1} s", m.full.wall.as_secs_f64()),
        secs(m.full.cpu)
    );
    println!(
        "  {:<36} {:>10} wall {:>10} CPU",
        format!("`{TAG}` alone (+ http)"),
        format!("{:.1} s", m.tag.wall.as_secs_f64()),
        secs(m.tag.cpu)
    );
    let cpu = match (m.tag.cpu, m.full.cpu) {
        (Some(tag), Some(full)) if !full.is_zero() => {
            format!(", CPU {:.2}", tag.as_secs_f64() / full.as_secs_f64())
        }
        _ => String::new(),
    };
    println!(
        "ratio `{TAG}` alone / every feature: wall {:.2}{cpu} (target <= 0.25)",
        m.tag.wall.as_secs_f64() / m.full.wall.as_secs_f64()
    );
}
