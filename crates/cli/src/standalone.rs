//! A standalone crate's own files: `Cargo.toml`, `src/lib.rs`, and how it gets
//! `specforge-runtime` ([`Runtime`]): by default a copy of the runtime's sources inside the
//! crate (`specforge-runtime/`), so the crate builds wherever it is copied.
//!
//! Every file here depends only on the spec, the flags and this program's build: never on
//! where the command ran (a path dependency is written relative to the crate).

use std::fmt;
use std::path::{Component, Path, PathBuf};
use std::str::FromStr;

use crate::gen::{GenError, GENERATED_MARKER};

/// The runtime's sources, embedded when this crate is built (`build.rs`): `(path inside
/// the runtime crate, text)`, sorted by path.
mod embedded {
    include!(concat!(env!("OUT_DIR"), "/runtime_sources.rs"));
}

/// The folder of the vendored runtime inside a standalone crate.
pub const VENDORED_DIR: &str = "specforge-runtime";

/// The version of the embedded runtime (this workspace's `specforge-runtime`).
pub const RUNTIME_VERSION: &str = embedded::RUNTIME_VERSION;

/// How a standalone crate depends on `specforge-runtime` (`--runtime`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Runtime {
    /// `vendored` (the default): the runtime's sources copied into `<out>/specforge-runtime/`,
    /// a path dependency inside the crate, listed in its manifest like every generated file.
    #[default]
    Vendored,
    /// `path=P`: the runtime crate in folder `P` (relative to where the command runs),
    /// written relative to the output crate.
    Path(PathBuf),
    /// `git=URL` or `git=URL#REV`: the runtime from a git repository holding it.
    Git {
        /// The repository.
        url: String,
        /// A commit, tag or branch (`rev = ...`); `None`: the default branch.
        rev: Option<String>,
    },
    /// `version=V`: the runtime from a registry, version requirement `V`.
    Version(String),
}

impl FromStr for Runtime {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, String> {
        const FORMS: &str = "`vendored`, `path=FOLDER`, `git=URL`, `git=URL#REV` or `version=REQ`";
        let (kind, value) = match text.split_once('=') {
            Some((kind, value)) => (kind, Some(value)),
            None => (text, None),
        };
        let toml_safe = |what: &str, value: &str| {
            if value.is_empty() {
                Err(format!("`--runtime {kind}=` needs a {what}"))
            } else if value
                .chars()
                .any(|c| c.is_control() || c == '"' || c == '\\')
            {
                Err(format!(
                    "the {what} in `--runtime {text}` has a quote, backslash or control character"
                ))
            } else {
                Ok(value.to_owned())
            }
        };
        match (kind, value) {
            ("vendored", None) => Ok(Runtime::Vendored),
            ("path", Some(path)) if !path.is_empty() => Ok(Runtime::Path(PathBuf::from(path))),
            ("path", Some(_)) => Err("`--runtime path=` needs a folder".to_owned()),
            ("git", Some(spec)) => {
                let (url, rev) = match spec.split_once('#') {
                    Some((url, rev)) => (url, Some(toml_safe("revision", rev)?)),
                    None => (spec, None),
                };
                let url = toml_safe("URL", url)?;
                if url.contains(char::is_whitespace) {
                    return Err(format!("the URL in `--runtime {text}` has a space"));
                }
                Ok(Runtime::Git { url, rev })
            }
            ("version", Some(req)) => {
                let req = toml_safe("version requirement", req)?;
                let allowed = |c: char| c.is_ascii_alphanumeric() || " .,^~=<>*+-".contains(c);
                if !req.chars().all(allowed) {
                    return Err(format!("`{req}` is not a version requirement"));
                }
                Ok(Runtime::Version(req))
            }
            _ => Err(format!("`--runtime {text}`: expected {FORMS}")),
        }
    }
}

impl fmt::Display for Runtime {
    /// The flag's value, paths shown as `...` (for the `@generated` header, which must not
    /// depend on where the command ran).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Runtime::Vendored => write!(f, "vendored"),
            Runtime::Path(_) => write!(f, "path=..."),
            Runtime::Git { url, rev: None } => write!(f, "git={url}"),
            Runtime::Git {
                url,
                rev: Some(rev),
            } => write!(f, "git={url}#{rev}"),
            Runtime::Version(req) => write!(f, "version={req}"),
        }
    }
}

/// The files of a standalone crate beside its `src/` modules, as `(path relative to the
/// crate, text)`: `Cargo.toml`, `src/lib.rs` and, for [`Runtime::Vendored`], the runtime.
pub fn crate_files(
    name: &str,
    api: &specforge_codegen::ir::Api,
    command: &str,
    runtime: &Runtime,
    out: &Path,
) -> Result<Vec<(String, String)>, GenError> {
    let mut files = vec![
        (
            "Cargo.toml".to_owned(),
            manifest(name, command, &dependency(runtime, out)?, api),
        ),
        ("src/lib.rs".to_owned(), lib_rs(api, command)),
    ];
    if *runtime == Runtime::Vendored {
        files.extend(vendored_runtime(command));
    }
    Ok(files)
}

/// The `specforge-runtime = { ... }` table of the crate's `Cargo.toml`.
fn dependency(runtime: &Runtime, out: &Path) -> Result<String, GenError> {
    let source = match runtime {
        Runtime::Vendored => format!("path = \"{VENDORED_DIR}\""),
        Runtime::Path(folder) => {
            let manifest = folder.join("Cargo.toml");
            let text = std::fs::read_to_string(&manifest).map_err(|e| GenError::Refused {
                path: folder.clone(),
                reason: format!(
                    "`--runtime path=` names a folder without a readable Cargo.toml ({e})"
                ),
            })?;
            if !text
                .lines()
                .any(|l| l.trim() == "name = \"specforge-runtime\"")
            {
                return Err(GenError::Refused {
                    path: folder.clone(),
                    reason: "`--runtime path=` names a crate that is not `specforge-runtime`"
                        .to_owned(),
                });
            }
            let folder =
                crate::output::absolute(folder).map_err(|e| GenError::Io(folder.clone(), e))?;
            let out = crate::output::absolute(out).map_err(|e| GenError::Io(out.to_owned(), e))?;
            let path = relative(&out, &folder).to_string_lossy().replace('\\', "/");
            format!("path = \"{path}\"")
        }
        Runtime::Git { url, rev: None } => format!("git = \"{url}\""),
        Runtime::Git {
            url,
            rev: Some(rev),
        } => format!("git = \"{url}\", rev = \"{rev}\""),
        Runtime::Version(req) => format!("version = \"{req}\""),
    };
    Ok(format!(
        "specforge-runtime = {{ {source}, default-features = false }}"
    ))
}

/// `to` relative to `from` (both absolute).
fn relative(from: &Path, to: &Path) -> PathBuf {
    let from: Vec<Component> = from.components().collect();
    let to: Vec<Component> = to.components().collect();
    let common = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
    let mut out = PathBuf::new();
    for _ in common..from.len() {
        out.push("..");
    }
    for part in &to[common..] {
        out.push(part.as_os_str());
    }
    out
}

/// `Cargo.toml` of a standalone generated crate.
fn manifest(
    name: &str,
    command: &str,
    runtime_dependency: &str,
    api: &specforge_codegen::ir::Api,
) -> String {
    // Tag features (`--tag-features`): each on by default, so a plain build compiles the
    // whole API.
    let tags = specforge_codegen::cargo_features(api);
    let default = if tags.is_empty() {
        "\"http\", \"tls\"".to_owned()
    } else {
        let listed: String = tags
            .iter()
            .map(|f| format!("\n    \"{}\",", f.name))
            .collect();
        format!("\n    \"http\",\n    \"tls\",{listed}\n")
    };
    let tags: String = tags
        .iter()
        .map(|f| format!("# {}\n{} = []\n", f.doc, f.name))
        .collect();
    format!(
        r#"# @generated by {command}. Do not edit.
[package]
name = "{name}"
version = "0.1.0"
edition = "2021"
publish = false

[lib]
# Descriptions from the spec are Markdown for humans, not Rust examples.
doctest = false
# No unit tests inside: `cargo test` need not compile the crate a second time as a harness.
test = false

[features]
default = [{default}]
# The `client` module and its HTTP stack; without it, models and validation only.
http = ["specforge-runtime/http"]
# HTTPS (rustls; HTTP/2 where the server offers it). Without it, plain `http://` only.
tls = ["http", "specforge-runtime/tls"]
{tags}
[dependencies]
{runtime_dependency}
serde = {{ version = "1", features = ["derive"] }}
serde_json = "1"

# A crate of its own, even when generated inside another workspace's folder.
[workspace]
"#
    )
}

/// `src/lib.rs` of a standalone generated crate.
fn lib_rs(api: &specforge_codegen::ir::Api, command: &str) -> String {
    format!(
        r#"{GENERATED_MARKER}{command}. Do not edit.
//! {title}: typed models, validation and an HTTP client, generated by specforge.
//!
//! The `http` feature (on by default) brings the `client` module; without it the crate is
//! the models and their validation only.{features}

#[cfg(feature = "http")]
#[rustfmt::skip]
pub mod client;
#[rustfmt::skip]
pub mod models;
#[rustfmt::skip]
mod validate;

#[cfg(feature = "http")]
pub use client::{{BuildError, Client, ClientBuilder, Error, ErrorContext, ErrorKind, {trait_name}}};
pub use specforge_runtime::{{
    Date, DateTime, DecodeError, Email, FormatError, Secret, Uri, Uuid, Validate, Violation, Violations,
}};
pub use specforge_runtime::decode::{{from_slice, from_str, from_value}};
"#,
        title = specforge_codegen::emit::docs::one_line(&api.title),
        features = if api.features.is_empty() {
            ""
        } else {
            "\n//!\n//! Each tag of the spec is a feature too (all on by default; see `Cargo.toml`): an\n\
             //! operation is compiled when one of its tags' features is on, a type when an\n\
             //! operation that uses it is. `default-features = false, features = [\"http\",\n\
             //! \"<tag>\"]` compiles one tag's operations and nothing else."
        },
        trait_name = api.trait_name,
    )
}

/// `Cargo.toml` of the vendored runtime: `crates/runtime/Cargo.toml` with the workspace's
/// inherited values spelled out (a test checks that the two list the same dependencies and
/// features). No `[workspace]`: inside the generated crate's folder it is a member of the
/// generated crate's workspace.
const VENDORED_MANIFEST: &str = r#"[package]
name = "specforge-runtime"
version = "{version}"
description = "Hand-written support the generated API crates call: validation, decoding, HTTP transport, retries, secrets. A copy vendored by specforge."
edition = "2021"
rust-version = "1.88"
license = "MIT OR Apache-2.0"
publish = false

[features]
default = ["http"]
# The HTTP transport (`specforge_runtime::http`): reqwest, tokio and bytes. Without it the
# runtime is models, validation and decoding only.
http = ["dep:reqwest", "dep:tokio", "dep:bytes", "dep:futures-core"]
# HTTPS: rustls with the webpki roots, and HTTP/2 where the server offers it (by ALPN, so
# only over TLS). Generated crates turn it on by default; without it a client refuses an
# `https` base URL when it is built.
tls = ["http", "reqwest/rustls-tls", "reqwest/http2"]

[dependencies]
serde = { version = "1", features = ["derive"] }
serde_json = "1"
serde_path_to_error = "0.1"
time = { version = "0.3", default-features = false, features = ["std", "parsing"] }
regex-lite = "0.1"
regress = { version = "0.12", default-features = false, features = ["std"] }
reqwest = { version = "0.12", default-features = false, features = ["json"], optional = true }
tokio = { version = "1", features = ["time"], optional = true }
bytes = { version = "1", optional = true }
futures-core = { version = "0.3", default-features = false, optional = true }
"#;

/// The paths, relative to a standalone crate, of the vendored runtime's files (the first is
/// its `Cargo.toml`).
pub fn vendored_paths() -> Vec<String> {
    std::iter::once(format!("{VENDORED_DIR}/Cargo.toml"))
        .chain(
            embedded::RUNTIME_SOURCES
                .iter()
                .map(|(path, _)| format!("{VENDORED_DIR}/{path}")),
        )
        .collect()
}

/// The vendored runtime's files, each marked `@generated` (so that a later run may update
/// or delete it), under [`VENDORED_DIR`].
fn vendored_runtime(command: &str) -> Vec<(String, String)> {
    let mut files = vec![(
        format!("{VENDORED_DIR}/Cargo.toml"),
        format!(
            "# @generated by {command}: a copy of specforge-runtime {RUNTIME_VERSION}. Do not edit.\n{}",
            VENDORED_MANIFEST.replace("{version}", RUNTIME_VERSION)
        ),
    )];
    for (path, text) in embedded::RUNTIME_SOURCES {
        files.push((
            format!("{VENDORED_DIR}/{path}"),
            format!(
                "{GENERATED_MARKER}{command}: a copy of specforge-runtime {RUNTIME_VERSION}'s {path}. Do not edit.\n{text}"
            ),
        ));
    }
    files
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runtime_flags_parse_and_refuse_what_cargo_toml_cannot_hold() {
        assert_eq!("vendored".parse(), Ok(Runtime::Vendored));
        assert_eq!(
            "path=../rt".parse(),
            Ok(Runtime::Path(PathBuf::from("../rt")))
        );
        assert_eq!(
            "git=https://example.com/specforge.git#v0.1.0".parse(),
            Ok(Runtime::Git {
                url: "https://example.com/specforge.git".to_owned(),
                rev: Some("v0.1.0".to_owned())
            })
        );
        assert_eq!(
            "version=0.1".parse(),
            Ok(Runtime::Version("0.1".to_owned()))
        );
        for bad in [
            "",
            "vendored=x",
            "path=",
            "git=",
            "git=a\"b",
            "git=https://x y",
            "version=1\"\n[evil]",
            "version=",
            "registry=x",
        ] {
            let error = bad.parse::<Runtime>().unwrap_err();
            assert!(
                error.contains("--runtime") || error.contains("not a version"),
                "{bad}: {error}"
            );
        }
    }

    /// The vendored `Cargo.toml` declares what `crates/runtime/Cargo.toml` declares: the
    /// same dependency names and the same features.
    #[test]
    fn the_vendored_manifest_matches_the_runtime_crate() {
        let ours = std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../runtime/Cargo.toml"),
        )
        .unwrap();
        let section = |text: &str, name: &str| -> Vec<String> {
            let mut out: Vec<String> = text
                .lines()
                .skip_while(|l| l.trim() != name)
                .skip(1)
                .take_while(|l| !l.starts_with('['))
                .filter(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
                .map(|l| {
                    l.split('=')
                        .next()
                        .unwrap()
                        .trim()
                        .replace(".workspace", "")
                })
                .collect();
            out.sort();
            out
        };
        for name in ["[dependencies]", "[features]"] {
            assert_eq!(
                section(VENDORED_MANIFEST, name),
                section(&ours, name),
                "{name} of the vendored manifest (src/standalone.rs) and crates/runtime/Cargo.toml differ"
            );
        }
        let features = |text: &str| {
            text.lines()
                .find(|l| l.starts_with("http = "))
                .map(str::to_owned)
        };
        assert_eq!(features(VENDORED_MANIFEST), features(&ours));
    }

    #[test]
    fn every_runtime_source_is_vendored_with_a_marker() {
        let files = vendored_runtime("`test`");
        assert!(files
            .iter()
            .any(|(p, _)| p == "specforge-runtime/src/lib.rs"));
        assert!(files
            .iter()
            .any(|(p, _)| p == "specforge-runtime/src/http/transport.rs"));
        for (path, text) in &files {
            assert!(
                text.starts_with("// @generated by ") || text.starts_with("# @generated by "),
                "{path}"
            );
        }
    }
}
