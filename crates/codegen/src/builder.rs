//! `Builder`: the generator for a `build.rs`, the prost-build way.
//!
//! ```no_run
//! // build.rs
//! fn main() -> Result<(), specforge_codegen::BuildError> {
//!     specforge_codegen::Builder::new()
//!         .spec("api/openapi.yaml")
//!         .overlay("api/paging.overlay.yaml")
//!         .generate()?; // writes $OUT_DIR/api.rs
//!     Ok(())
//! }
//! ```
//!
//! ```ignore
//! // src/lib.rs
//! pub mod api {
//!     include!(concat!(env!("OUT_DIR"), "/api.rs"));
//! }
//! ```
//!
//! The file holds the generated modules inline (`pub mod client { .. }`, `pub mod models
//! { .. }`, `mod validate { .. }`) and re-exports the client's main items, so `api::Client`
//! and `api::models::Pet` work. The crate needs `specforge-runtime` (with its `http` feature
//! for the client), `serde` (with `derive`) and `serde_json` as dependencies.
//!
//! Cargo is told to rerun the script when any file the generator read changes (every spec
//! fragment reached through `$ref`, and every overlay), warnings become `cargo:warning=`
//! lines, and errors `cargo::error=` lines (the build fails, naming each one).

use std::fmt;
use std::path::{Path, PathBuf};

use crate::{generate_with, Diagnostics, Options, Settings, Severity};

/// Generates an API's modules into one file for `include!`, from a `build.rs`.
#[derive(Debug, Clone)]
pub struct Builder {
    spec: Option<PathBuf>,
    overlays: Vec<PathBuf>,
    name: String,
    client: bool,
    settings: Settings,
    cargo_directives: bool,
}

impl Default for Builder {
    fn default() -> Self {
        Builder::new()
    }
}

/// What [`Builder::generate_to`] wrote.
#[derive(Debug, Clone)]
pub struct Built {
    /// The file written (or already up to date): `<out_dir>/<name>.rs`.
    pub path: PathBuf,
    /// Every file the generator read: the spec's fragments, then the overlays.
    pub read: Vec<PathBuf>,
    /// The client trait's name (`PetstoreApi`).
    pub trait_name: String,
    /// Warnings (generation went on).
    pub warnings: Diagnostics,
}

/// Why [`Builder::generate_to`] failed.
pub enum BuildError {
    /// [`Builder::spec`] was not called.
    NoSpec,
    /// `OUT_DIR` is not set: [`Builder::generate`] runs only in a build script.
    NoOutDir,
    /// The spec has problems (each names its file, line:column and JSON pointer).
    Spec(Diagnostics),
    /// A file could not be written.
    Io(PathBuf, std::io::Error),
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BuildError::NoSpec => write!(f, "no spec: call `Builder::spec(path)` first"),
            BuildError::NoOutDir => write!(
                f,
                "OUT_DIR is not set: `Builder::generate` runs in a build script; elsewhere call `generate_to(folder)`"
            ),
            BuildError::Spec(diags) => write!(f, "{diags}"),
            BuildError::Io(path, e) => write!(f, "cannot write {}: {e}", path.display()),
        }
    }
}

// The text, not a structure dump: `fn main() -> Result<(), BuildError>` prints an error
// returned from a build script with `Debug`, and it should read like the diagnostics.
impl fmt::Debug for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl std::error::Error for BuildError {}

impl Builder {
    /// A builder with no spec yet, writing `api.rs` with the client.
    pub fn new() -> Self {
        Builder {
            spec: None,
            overlays: Vec::new(),
            name: "api".to_owned(),
            client: true,
            settings: Settings::default(),
            cargo_directives: true,
        }
    }

    /// The root file of the spec (relative paths are from the crate's folder, where cargo
    /// runs build scripts).
    pub fn spec(mut self, path: impl Into<PathBuf>) -> Self {
        self.spec = Some(path.into());
        self
    }

    /// An OpenAPI Overlay 1.0 document applied to the spec; overlays apply in the order
    /// they are added.
    pub fn overlay(mut self, path: impl Into<PathBuf>) -> Self {
        self.overlays.push(path.into());
        self
    }

    /// The generated file's name without `.rs` (default `api`): one name per spec when a
    /// build script generates several.
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.name = name.into();
        self
    }

    /// Whether to generate the `client` module (default `true`). Without it the file is the
    /// models and their validation only, and the crate needs no HTTP stack
    /// (`specforge-runtime` without its `http` feature).
    pub fn client(mut self, client: bool) -> Self {
        self.client = client;
        self
    }

    /// Generate only the schemas the paths reach (default: every component, webhook and
    /// callback, so all are checked).
    pub fn only_referenced(mut self, only: bool) -> Self {
        self.settings = self.settings.with_only_referenced(only);
        self
    }

    /// The largest spec file read, in bytes (default 64 MiB).
    pub fn max_file_size(mut self, bytes: u64) -> Self {
        self.settings = self.settings.with_max_file_size(bytes);
        self
    }

    /// Whether to print `cargo:` directives (default `true`; turn off outside a build
    /// script).
    pub fn cargo_directives(mut self, on: bool) -> Self {
        self.cargo_directives = on;
        self
    }

    /// Generates into `$OUT_DIR` (see [`Builder::generate_to`]).
    pub fn generate(&self) -> Result<Built, BuildError> {
        let out = std::env::var_os("OUT_DIR").ok_or(BuildError::NoOutDir)?;
        self.generate_to(out)
    }

    /// Generates `<out_dir>/<name>.rs` (written only when its content changes, so an
    /// unchanged spec recompiles nothing), printing `cargo:rerun-if-changed` for every file
    /// read, `cargo:warning=` for every warning and `cargo::error=` for every error.
    pub fn generate_to(&self, out_dir: impl AsRef<Path>) -> Result<Built, BuildError> {
        let spec = self.spec.as_ref().ok_or(BuildError::NoSpec)?;
        let file = spec
            .file_name()
            .map_or_else(|| "openapi.yaml".into(), |f| f.to_string_lossy());
        let options = Options {
            command: format!("`specforge_codegen::Builder` from {file}"),
            overlays: self.overlays.clone(),
            // Feature gates need features the consuming crate declares: `gen --tag-features`.
            tag_features: false,
        };
        // The overlays and the root file are watched even when loading fails, so that
        // fixing them reruns the script.
        self.directive(|| format!("cargo:rerun-if-changed={}", spec.display()));
        for overlay in &self.overlays {
            self.directive(|| format!("cargo:rerun-if-changed={}", overlay.display()));
        }
        let generated = match generate_with(spec, &options, &self.settings) {
            Ok(generated) => generated,
            Err(diags) => {
                for d in &diags.0 {
                    let kind = match d.severity {
                        Severity::Error => "cargo::error=",
                        Severity::Warning => "cargo:warning=",
                    };
                    for line in d.to_string().lines() {
                        self.directive(|| format!("{kind}{line}"));
                    }
                }
                return Err(BuildError::Spec(diags));
            }
        };
        // The rest of what was read (the root file and the overlays are named already).
        for path in &generated.read {
            if path != spec && !self.overlays.contains(path) {
                self.directive(|| format!("cargo:rerun-if-changed={}", path.display()));
            }
        }
        for d in generated.warnings.warnings() {
            for line in d.to_string().lines() {
                self.directive(|| format!("cargo:warning={line}"));
            }
        }
        let text = include_file(&generated, &options.command, self.client);
        let path = out_dir.as_ref().join(format!("{}.rs", self.name));
        if std::fs::read_to_string(&path).ok().as_deref() != Some(text.as_str()) {
            std::fs::create_dir_all(out_dir.as_ref())
                .and_then(|()| std::fs::write(&path, &text))
                .map_err(|e| BuildError::Io(path.clone(), e))?;
        }
        Ok(Built {
            path,
            read: generated.read,
            trait_name: generated.api.trait_name,
            warnings: generated.warnings,
        })
    }

    fn directive(&self, line: impl FnOnce() -> String) {
        if self.cargo_directives {
            println!("{}", line());
        }
    }
}

/// The one file for `include!`: each generated module inline (a file's inner attributes
/// and `//!` docs are allowed at the top of an inline module, not at the top of an
/// `include!`), then the re-exports a standalone crate's `lib.rs` has.
fn include_file(generated: &crate::Generated, command: &str, client: bool) -> String {
    let mut out = format!(
        "// @generated by {command}. Do not edit.\n\
         // Include it with `include!(concat!(env!(\"OUT_DIR\"), \"/<name>.rs\"))` inside a module.\n"
    );
    for file in &generated.files {
        let name = file.path.trim_end_matches(".rs");
        let visibility = match name {
            "client" if !client => continue,
            "validate" => "",
            _ => "pub ",
        };
        out.push_str(&format!(
            "\n{visibility}mod {name} {{\n{}}}\n",
            file.contents
        ));
    }
    if client {
        out.push_str(&format!(
            "\npub use client::{{BuildError, Client, ClientBuilder, Error, ErrorContext, ErrorKind, {}}};\n",
            generated.api.trait_name
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture(name: &str) -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../tests/fixtures")
            .join(name)
            .join("openapi.yaml")
    }

    fn scratch(name: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("specforge-builder-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        dir
    }

    #[test]
    fn writes_one_includable_file_and_names_every_file_read() {
        let out = scratch("refs");
        let builder = Builder::new()
            .spec(fixture("refs-across-files"))
            .cargo_directives(false);
        let built = builder.generate_to(&out).unwrap();
        assert_eq!(built.path, out.join("api.rs"));
        assert_eq!(built.trait_name, "RefsDemoApi");
        let mut read: Vec<String> = built
            .read
            .iter()
            .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
            .collect();
        assert_eq!(read[0], "openapi.yaml");
        read.sort();
        assert_eq!(
            read,
            [
                "Shared.yaml",
                "Thing.yaml",
                "list.yaml",
                "openapi.yaml",
                "operations.yaml",
                "thing.yaml"
            ]
        );
        let text = std::fs::read_to_string(&built.path).unwrap();
        assert!(text.starts_with(
            "// @generated by `specforge_codegen::Builder` from openapi.yaml. Do not edit."
        ));
        for item in [
            "\npub mod client {\n",
            "\npub mod models {\n",
            "\nmod validate {\n",
        ] {
            assert!(text.contains(item), "{item}");
        }
        assert!(text.contains("pub use client::{BuildError, Client, ClientBuilder, Error, ErrorContext, ErrorKind, RefsDemoApi};"));
        // The file parses as items: what `include!` needs.
        syn::parse_file(&text).unwrap();

        // Unchanged output is not rewritten (so nothing recompiles).
        let before = std::fs::metadata(&built.path).unwrap().modified().unwrap();
        std::thread::sleep(std::time::Duration::from_millis(20));
        builder.generate_to(&out).unwrap();
        assert_eq!(
            std::fs::metadata(&built.path).unwrap().modified().unwrap(),
            before
        );

        // Models only.
        let models = builder
            .clone()
            .client(false)
            .name("models_only")
            .generate_to(&out)
            .unwrap();
        let text = std::fs::read_to_string(models.path).unwrap();
        assert!(!text.contains("mod client") && !text.contains("pub use client"));
        std::fs::remove_dir_all(&out).unwrap();
    }

    #[test]
    fn errors_are_diagnostics_and_nothing_is_written() {
        let out = scratch("bad");
        let err = Builder::new()
            .spec(fixture("bad-missing-file"))
            .cargo_directives(false)
            .generate_to(&out)
            .unwrap_err();
        let BuildError::Spec(diags) = &err else {
            panic!("expected diagnostics, got {err}");
        };
        assert!(diags.has_errors());
        // `Debug` reads like `Display`: a build script returning the error prints it.
        assert_eq!(format!("{err:?}"), err.to_string());
        assert!(err.to_string().contains("openapi.yaml"), "{err}");
        assert!(!out.exists());

        let err = Builder::new().generate_to(&out).unwrap_err();
        assert!(matches!(err, BuildError::NoSpec), "{err}");
    }
}
