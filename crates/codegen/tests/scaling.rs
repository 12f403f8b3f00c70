//! Cost that grows with the spec (issue 11, "Cost"): a long plain `$ref` chain is not a
//! loop, and generation stays linear in property count and chain length.
//!
//! The timings are benchmarks to run by hand, not timed tests:
//! `cargo test --release -p specforge-codegen --test scaling -- --ignored --nocapture`.

use std::fmt::Write;
use std::path::PathBuf;
use std::time::Instant;

use specforge_codegen::Options;

/// A scratch folder with `openapi.yaml` holding `text`.
fn write_spec(name: &str, text: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("specforge-scaling-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let root = dir.join("openapi.yaml");
    std::fs::write(&root, text).unwrap();
    root
}

const HEAD: &str = "openapi: 3.1.0\ninfo: {title: Scale, version: '1'}\npaths:\n  /a:\n    get:\n      operationId: getA\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {$ref: '#/components/schemas/S0'}\ncomponents:\n  schemas:\n";

/// A spec whose one response is `S0`, which `$ref`s `S1`, ... up to `S{length}`, an object.
fn chain_spec(length: usize) -> String {
    let mut text = HEAD.to_owned();
    for i in 0..length {
        writeln!(
            text,
            "    S{i}: {{$ref: '#/components/schemas/S{}'}}",
            i + 1
        )
        .unwrap();
    }
    writeln!(
        text,
        "    S{length}: {{type: object, properties: {{a: {{type: string}}}}}}"
    )
    .unwrap();
    text
}

/// A spec whose one response is `S0`, an object with `count` properties.
fn properties_spec(count: usize) -> String {
    let mut text = HEAD.to_owned();
    text.push_str("    S0:\n      type: object\n      required: [p0]\n      properties:\n");
    for i in 0..count {
        writeln!(text, "        p{i}: {{type: integer, minimum: 0}}").unwrap();
    }
    text
}

fn generate(root: &std::path::Path) -> specforge_codegen::Generated {
    let options = Options::new("scaling");
    match specforge_codegen::generate(root, &options) {
        Ok(generated) => generated,
        Err(diags) => panic!("{diags}"),
    }
}

#[test]
fn a_long_ref_chain_is_not_a_loop() {
    let root = write_spec("chain", &chain_spec(10_000));
    let generated = generate(&root);
    assert!(generated.warnings.0.is_empty(), "{}", generated.warnings);
    let models = &generated
        .files
        .iter()
        .find(|f| f.path == "models.rs")
        .unwrap()
        .contents;
    assert!(models.contains("pub struct S10000"), "{models}");
    std::fs::remove_dir_all(root.parent().unwrap()).unwrap();
}

#[test]
fn a_real_loop_is_still_one() {
    let text = HEAD.to_owned()
        + "    S0: {$ref: '#/components/schemas/S1'}\n    S1: {$ref: '#/components/schemas/S2'}\n    S2: {$ref: '#/components/schemas/S1'}\n";
    let root = write_spec("loop", &text);
    let options = Options::new("scaling");
    let diags = specforge_codegen::generate(&root, &options).unwrap_err();
    assert_eq!(diags.0.len(), 4, "{diags}");
    assert!(
        diags.to_string().contains("loops back on itself"),
        "{diags}"
    );
    std::fs::remove_dir_all(root.parent().unwrap()).unwrap();
}

/// Prints the time to generate each size, best of three.
fn time(label: &str, text: &str) -> f64 {
    let root = write_spec(label, text);
    let mut best = f64::MAX;
    for _ in 0..3 {
        let start = Instant::now();
        generate(&root);
        best = best.min(start.elapsed().as_secs_f64());
    }
    println!("{label:>28}: {:8.3} s", best);
    std::fs::remove_dir_all(root.parent().unwrap()).unwrap();
    best
}

/// Prints the time of each stage for one spec (to find a stage that is not linear).
fn stages(label: &str, text: &str) {
    use specforge_codegen::{analyze, emit_api, load, lower, render_modules, vocabulary};
    let root = write_spec(label, text);
    let clock = Instant::now();
    let spec = load::load(&root).unwrap();
    let loaded = clock.elapsed().as_secs_f64();
    vocabulary::check_vocabulary(&spec).unwrap();
    let checked = clock.elapsed().as_secs_f64();
    let (mut api, _) = lower::lower(&spec).unwrap();
    let lowered = clock.elapsed().as_secs_f64();
    analyze::analyze(&mut api).unwrap();
    let analyzed = clock.elapsed().as_secs_f64();
    let modules = emit_api(&api);
    let emitted = clock.elapsed().as_secs_f64();
    let options = Options::new("scaling");
    render_modules(modules, &options).unwrap();
    let rendered = clock.elapsed().as_secs_f64();
    println!(
        "{label:>28}: load {loaded:.3}, vocabulary {:.3}, lower {:.3}, analyze {:.3}, emit {:.3}, render {:.3} s",
        checked - loaded,
        lowered - checked,
        analyzed - lowered,
        emitted - analyzed,
        rendered - emitted
    );
    std::fs::remove_dir_all(root.parent().unwrap()).unwrap();
}

#[test]
#[ignore = "a benchmark to run by hand (see the module docs)"]
fn scaling_by_hand() {
    stages("10,000 properties", &properties_spec(10_000));
    stages("100,000 properties", &properties_spec(100_000));
    let small = time("10,000 properties", &properties_spec(10_000));
    let big = time("100,000 properties", &properties_spec(100_000));
    println!(
        "{:>28}: {:8.1}x (linear: 10x)",
        "properties ratio",
        big / small
    );
    let short = time("ref chain of 1,000", &chain_spec(1_000));
    let long = time("ref chain of 10,000", &chain_spec(10_000));
    println!("{:>28}: {:8.1}x (linear: 10x)", "chain ratio", long / short);
}
