//! `gen --tag-features` on `tests/fixtures/tag-features`: the feature table of the written
//! `Cargo.toml`, the features of each operation and type, and (ignored by default, run by
//! CI: it builds the generated crate a dozen times) that the crate is warning-free and
//! clippy-clean with every feature, with no tag feature, and with each tag feature alone,
//! with and without `http`.

use std::path::{Path, PathBuf};
use std::process::Command;

use specforge_codegen::ir::Api;
use xtask::{run_gen_with, workspace_root, GenArgs, GenFlags, Mode};

/// Generates the fixture with tag features into `target/<folder>`.
fn generate(folder: &str) -> (PathBuf, Api) {
    let out = workspace_root().join("target").join(folder);
    let args = GenArgs {
        spec: workspace_root().join("tests/fixtures/tag-features/openapi.yaml"),
        out: out.clone(),
        standalone: Some(Some(folder.to_owned())),
        mode: Mode::Write,
        command: "the tag_features test".to_owned(),
        dump_ir: false,
        overlays: Vec::new(),
    };
    let flags = GenFlags {
        tag_features: true,
        ..xtask::workspace_flags()
    };
    let summary = run_gen_with(&args, &flags).unwrap_or_else(|e| panic!("{e}"));
    (out, summary.api.expect("gen returns the API"))
}

fn features_of<'a>(api: &'a Api, type_name: &str) -> &'a [String] {
    &api.types
        .iter()
        .find(|t| t.rust_name == type_name)
        .unwrap_or_else(|| panic!("no type {type_name}"))
        .facts
        .features
}

#[test]
fn features_follow_tags_and_what_operations_reach() {
    let (out, api) = generate("tag-features-table");
    let manifest = std::fs::read_to_string(out.join("Cargo.toml")).unwrap();
    // One feature per tag, kebab-case, clear of the manifest's own `http` and `tls`; the untagged
    // operation's and the webhook-only types' features; all of them on by default.
    assert!(
        manifest.contains(
            "default = [\n    \"http\",\n    \"tls\",\n    \"http-2\",\n    \"other-types\",\n    \
             \"pet-store-admin\",\n    \"pets\",\n    \"untagged\",\n]\n"
        ),
        "{manifest}"
    );
    for line in [
        "# Operations tagged `http` and the types they use.\nhttp-2 = []\n",
        "# Operations tagged `Pet Store/Admin` and the types they use.\npet-store-admin = []\n",
        "pets = []\n",
        "untagged = []\n",
        "other-types = []\n",
    ] {
        assert!(manifest.contains(line), "{line:?} in\n{manifest}");
    }

    let ops: Vec<(&str, Vec<&str>)> = api
        .operations
        .iter()
        .map(|op| {
            (
                op.rust_name.as_str(),
                op.features.iter().map(String::as_str).collect(),
            )
        })
        .collect();
    assert_eq!(
        ops,
        [
            ("audit_log", vec!["pet-store-admin"]),
            // Tagged twice with `Pets` in the spec: one feature each.
            ("create_pet", vec!["pet-store-admin", "pets"]),
            ("get_pet", vec!["pets"]),
            ("health", vec!["untagged"]),
            ("list_pets", vec!["pets"]),
            ("status", vec!["http-2"]),
        ]
    );
    // Reached by one tag's operations only.
    assert_eq!(features_of(&api, "PetPage"), ["pets"]);
    assert_eq!(features_of(&api, "AuditEntry"), ["pet-store-admin"]);
    assert_eq!(features_of(&api, "Status"), ["http-2"]);
    // A request body of an operation with two tags, and an error body of two tags.
    assert_eq!(features_of(&api, "NewPet"), ["pet-store-admin", "pets"]);
    assert_eq!(features_of(&api, "Problem"), ["pet-store-admin", "pets"]);
    // Through fields and union alternatives, and from the webhook's payload too.
    for name in ["Pet", "PetId", "Owner", "Person", "Company"] {
        assert_eq!(
            features_of(&api, name),
            ["other-types", "pet-store-admin", "pets"],
            "{name}"
        );
    }
    // Only through a subschema (`not: {$ref: Kind}` in AuditEntry) and a parameter.
    assert_eq!(
        features_of(&api, "Kind"),
        ["other-types", "pet-store-admin", "pets"]
    );
    // No operation reaches them.
    for name in ["Adoption", "Name", "Unused"] {
        assert_eq!(features_of(&api, name), ["other-types"], "{name}");
    }

    // Each operation's items carry its gate; a pattern shared by types of several tags is
    // compiled when any of them is.
    let client = std::fs::read_to_string(out.join("src/client.rs")).unwrap();
    assert!(
        client.contains(
            "#[cfg(any(feature = \"pet-store-admin\", feature = \"pets\"))]\n\
             #[derive(Debug, Clone, PartialEq)]\npub enum CreatePetError"
        ),
        "{client}"
    );
    let validate = std::fs::read_to_string(out.join("src/validate.rs")).unwrap();
    assert!(
        validate.contains(
            "#[cfg(any(feature = \"other-types\", feature = \"pet-store-admin\", feature = \"pets\"))]\nstatic PATTERN_0"
        ),
        "{validate}"
    );
}

#[test]
fn output_is_deterministic_and_needs_a_standalone_crate() {
    let spec = workspace_root().join("tests/fixtures/tag-features/openapi.yaml");
    let options = specforge_codegen::Options {
        tag_features: true,
        ..specforge_codegen::Options::new("determinism")
    };
    let first = specforge_codegen::generate(&spec, &options).unwrap().files;
    for _ in 0..3 {
        assert_eq!(
            specforge_codegen::generate(&spec, &options).unwrap().files,
            first
        );
    }

    // The checked-in crate's Cargo.toml is hand-written: it could not list the features.
    let args = GenArgs {
        spec,
        out: workspace_root().join("target/tag-features-refused"),
        standalone: None,
        mode: Mode::Check,
        command: "the tag_features test".to_owned(),
        dump_ir: false,
        overlays: Vec::new(),
    };
    let flags = GenFlags {
        tag_features: true,
        ..xtask::workspace_flags()
    };
    match run_gen_with(&args, &flags) {
        Err(e @ xtask::GenError::Refused { .. }) => {
            assert!(
                e.to_string()
                    .contains("tag features need a standalone crate"),
                "{e}"
            )
        }
        other => panic!("expected a refusal, got {other:?}"),
    }
}

/// `cargo clippy -- -D warnings` of the crate in `dir` with `features` (cargo arguments).
fn clippy(dir: &Path, features: &[&str]) -> Result<(), String> {
    let output = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .args(["clippy", "--quiet"])
        .args(features)
        .args(["--", "-D", "warnings"])
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", workspace_root().join("target"))
        .output()
        .map_err(|e| e.to_string())?;
    if output.status.success() {
        Ok(())
    } else {
        Err(format!(
            "`cargo clippy {}` failed:\n{}",
            features.join(" "),
            String::from_utf8_lossy(&output.stderr)
        ))
    }
}

#[test]
#[ignore = "builds the generated crate 12 times; CI runs it: \
            cargo test -p xtask --test xtask -- --ignored tag_features::"]
fn every_single_feature_builds_clean() {
    let (out, api) = generate("tag-features-build");
    let mut runs: Vec<Vec<String>> = vec![
        Vec::new(),
        vec![
            "--no-default-features".into(),
            "--features".into(),
            "http".into(),
        ],
        vec!["--no-default-features".into()],
    ];
    for feature in &api.features {
        for with in [format!("http,{}", feature.name), feature.name.clone()] {
            runs.push(vec![
                "--no-default-features".into(),
                "--features".into(),
                with,
            ]);
        }
    }
    assert_eq!(runs.len(), 3 + 2 * 5);
    let failures: Vec<String> = runs
        .iter()
        .filter_map(|run| {
            let run: Vec<&str> = run.iter().map(String::as_str).collect();
            clippy(&out, &run).err()
        })
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
