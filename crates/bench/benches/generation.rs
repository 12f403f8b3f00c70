//! Generation speed: our whole pipeline and each stage on the Apify specs and nexus.json,
//! progenitor on nexus.json in the same run, the parsing floor, and scaling with spec size.
//!
//! `cargo bench -p specforge-bench --bench generation`

use std::path::Path;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use specforge_bench as b;
use specforge_codegen::{analyze, load, lower, Options};

fn options() -> Options {
    Options::new("bench")
}

/// Load, lower (+check), emit and render separately, and the whole pipeline.
fn stages(c: &mut Criterion, name: &str, root: &Path) {
    let mut group = c.benchmark_group(format!("pipeline/{name}"));
    group
        .sample_size(20)
        .measurement_time(Duration::from_secs(4));
    group.bench_function("load", |bench| bench.iter(|| load::load(root).unwrap()));
    let spec = load::load(root).unwrap();
    group.bench_function("lower+analyze", |bench| {
        bench.iter(|| {
            let (mut api, _) = lower::lower(&spec).unwrap();
            analyze::analyze(&mut api).unwrap();
            api
        })
    });
    let (mut api, _) = lower::lower(&spec).unwrap();
    analyze::analyze(&mut api).unwrap();
    group.bench_function("emit", |bench| {
        bench.iter(|| specforge_codegen::emit_api(&api))
    });
    let modules = specforge_codegen::emit_api(&api);
    group.bench_function("render", |bench| {
        bench.iter_batched(
            || modules.clone(),
            |m| specforge_codegen::render_modules(m, &options()).unwrap(),
            criterion::BatchSize::LargeInput,
        )
    });
    group.bench_function("total", |bench| {
        bench.iter(|| specforge_codegen::generate(root, &options()).unwrap())
    });
    group.finish();
}

fn pipeline(c: &mut Criterion) {
    stages(c, "apify-small", &b::apify_small());
    if let Some(full) = b::apify_full() {
        stages(c, "apify-full", &full);
    }
    if let Some(nexus) = b::nexus() {
        stages(c, "nexus", &nexus);
    }
}

/// Ours and progenitor's end to end on nexus.json, and the floor: parsing it into a `Value`.
fn head_to_head(c: &mut Criterion) {
    let Some(nexus) = b::nexus() else {
        eprintln!("nexus.json not found: head-to-head skipped");
        return;
    };
    let text = std::fs::read_to_string(&nexus).unwrap();
    let mut group = c.benchmark_group("head_to_head/nexus");
    group
        .sample_size(20)
        .measurement_time(Duration::from_secs(6));
    group.bench_function("specforge", |bench| {
        bench.iter(|| specforge_codegen::generate(&nexus, &options()).unwrap())
    });
    group.bench_function("progenitor", |bench| {
        bench.iter(|| b::progenitor_generate(&text).unwrap())
    });
    let spec: openapiv3::OpenAPI = serde_json::from_str(&text).unwrap();
    group.bench_function("progenitor_generate_tokens", |bench| {
        bench.iter(|| b::progenitor_tokens(&spec).unwrap())
    });
    let tokens = b::progenitor_tokens(&spec).unwrap();
    group.bench_function("progenitor_prettyplease", |bench| {
        bench.iter_batched(
            || tokens.clone(),
            |t| b::progenitor_render(t).unwrap(),
            criterion::BatchSize::LargeInput,
        )
    });
    group.bench_function("floor_serde_json_value", |bench| {
        bench.iter(|| serde_json::from_str::<serde_json::Value>(&text).unwrap())
    });
    group.finish();
}

/// Whole-pipeline time for synthetic specs of 100, 1,000 and 10,000 schemas and operations.
fn scaling(c: &mut Criterion) {
    let mut group = c.benchmark_group("scaling");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(8));
    let dir = std::env::temp_dir().join(format!("specforge-bench-{}", std::process::id()));
    for n in [100usize, 1_000, 10_000] {
        let root = b::write_spec(&dir.join(n.to_string()), &b::synthetic_spec(n)).unwrap();
        group.throughput(Throughput::Elements(n as u64));
        group.bench_with_input(BenchmarkId::from_parameter(n), &root, |bench, root| {
            bench.iter(|| specforge_codegen::generate(root, &options()).unwrap())
        });
    }
    group.finish();
    let _ = std::fs::remove_dir_all(&dir);
}

criterion_group!(benches, pipeline, head_to_head, scaling);
criterion_main!(benches);
