//! Writes progenitor's client for a JSON spec as a crate, for `cargo xtask bench-compile`:
//! `progenitor_gen <spec.json> <out dir> <crate name>`.

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [spec, out, name] = args.as_slice() else {
        eprintln!("usage: progenitor_gen <spec.json> <out dir> <crate name>");
        return ExitCode::from(2);
    };
    let text = match std::fs::read_to_string(spec) {
        Ok(text) => text,
        Err(e) => {
            eprintln!("{spec}: {e}");
            return ExitCode::FAILURE;
        }
    };
    let source = match specforge_bench::progenitor_generate(&text) {
        Ok(source) => source,
        Err(e) => {
            eprintln!("progenitor failed: {e}");
            return ExitCode::FAILURE;
        }
    };
    let manifest = format!(
        r#"[package]
name = "{name}"
version = "0.1.0"
edition = "2021"
publish = false

[dependencies]
progenitor-client = "0.15"
reqwest = {{ version = "0.13", default-features = false, features = ["json", "stream", "query", "form"] }}
serde = {{ version = "1", features = ["derive"] }}
serde_json = "1"
serde_urlencoded = "0.7"
chrono = {{ version = "0.4", default-features = false, features = ["serde", "std"] }}
uuid = {{ version = "1", features = ["serde", "v4"] }}
futures = "0.3"
bytes = "1"
regress = "0.10"
base64 = "0.22"
rand = "0.9"

[workspace]
"#
    );
    let src = std::path::Path::new(out).join("src");
    let written = std::fs::create_dir_all(&src)
        .and_then(|()| std::fs::write(std::path::Path::new(out).join("Cargo.toml"), manifest))
        .and_then(|()| std::fs::write(src.join("lib.rs"), source));
    match written {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{out}: {e}");
            ExitCode::FAILURE
        }
    }
}
