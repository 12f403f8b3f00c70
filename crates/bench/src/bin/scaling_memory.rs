//! Peak heap and wall time of the whole pipeline on synthetic specs of 100, 1,000 and 10,000
//! schemas and operations: `cargo run --release -p specforge-bench --bin scaling_memory`.
//! (Criterion measures time precisely in `benches/generation.rs`; this adds memory.)

// A peak-tracking global allocator needs `unsafe impl GlobalAlloc`; it only forwards to
// `System`.
#![allow(unsafe_code)]

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

struct Peak;

static CURRENT: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

// SAFETY: forwards every call to the system allocator; the bookkeeping is two atomics.
unsafe impl GlobalAlloc for Peak {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let now = CURRENT.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
        PEAK.fetch_max(now, Ordering::Relaxed);
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        CURRENT.fetch_sub(layout.size(), Ordering::Relaxed);
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static GLOBAL: Peak = Peak;

fn main() {
    let dir = std::env::temp_dir().join(format!("specforge-scaling-{}", std::process::id()));
    let options = specforge_codegen::Options::new("scaling");
    println!(
        "{:>7} {:>10} {:>12} {:>14}",
        "n", "ms", "peak MiB", "output lines"
    );
    let mut previous: Option<(f64, f64)> = None;
    for n in [100usize, 1_000, 10_000] {
        let root = specforge_bench::write_spec(
            &dir.join(n.to_string()),
            &specforge_bench::synthetic_spec(n),
        )
        .expect("temp dir is writable");
        let base = CURRENT.load(Ordering::Relaxed);
        PEAK.store(base, Ordering::Relaxed);
        let start = Instant::now();
        let spec = specforge_codegen::load::load(&root).expect("synthetic spec loads");
        let t_load = start.elapsed();
        let (mut api, _) = specforge_codegen::lower::lower(&spec).expect("synthetic spec lowers");
        specforge_codegen::analyze::analyze(&mut api).expect("synthetic spec analyzes");
        let t_lower = start.elapsed();
        let modules = specforge_codegen::emit_api(&api);
        let t_emit = start.elapsed();
        let files = specforge_codegen::render_modules(modules, &options).expect("renders");
        let ms = start.elapsed().as_secs_f64() * 1000.0;
        let stages = format!(
            "load {:.0} ms, lower {:.0} ms, emit {:.0} ms, render {:.0} ms",
            t_load.as_secs_f64() * 1000.0,
            (t_lower - t_load).as_secs_f64() * 1000.0,
            (t_emit - t_lower).as_secs_f64() * 1000.0,
            ms - t_emit.as_secs_f64() * 1000.0
        );
        let generated = specforge_codegen::Generated {
            files,
            api,
            warnings: specforge_codegen::Diagnostics::default(),
            unreached: Vec::new(),
            read: Vec::new(),
        };
        let peak = (PEAK.load(Ordering::Relaxed) - base) as f64 / (1024.0 * 1024.0);
        let lines: usize = generated
            .files
            .iter()
            .map(|f| f.contents.lines().count())
            .sum();
        drop(generated);
        print!("{n:>7} {ms:>10.1} {peak:>12.1} {lines:>14}");
        if let Some((prev_ms, prev_peak)) = previous {
            print!(
                "   x{:.1} time, x{:.1} memory vs n/10",
                ms / prev_ms,
                peak / prev_peak
            );
        }
        println!("   ({stages})");
        previous = Some((ms, peak));
    }
    let _ = std::fs::remove_dir_all(&dir);
}
