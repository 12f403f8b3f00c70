//! specforge-codegen: OpenAPI fragment YAML in, a typed, validated Rust API crate out.
//!
//! The pipeline has one module per stage: [`load`] -> [`vocabulary`] -> [`lower`] ->
//! [`analyze`] -> [`emit`] -> [`render`], over the plain-data IR in [`ir`]; names are made in [`naming`], JSON pointers
//! are [`pointer::Pointer`]s, and problems are reported as [`diag::Diagnostic`]s naming the
//! file, line:column ([`locate`]) and JSON pointer. This crate reads
//! only the spec files it is given: no network, clock or environment, so the same input
//! gives byte-identical output. [`Builder`] runs the pipeline from a `build.rs` (the one
//! place that writes a file: its output, into `OUT_DIR`).

pub mod analyze;
pub mod builder;
pub mod diag;
pub mod emit;
pub mod files;
pub mod ir;
pub mod load;
pub mod locate;
pub mod lower;
pub mod naming;
pub mod overlay;
pub mod pointer;
pub mod render;
pub mod strict;
pub mod vocabulary;

use std::path::{Path, PathBuf};

pub use analyze::features::{cargo_features, CargoFeature};
pub use builder::{BuildError, Builder, Built};
pub use diag::{Diagnostic, Diagnostics, Severity};

/// What to generate.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The command that regenerates the output, for the `@generated` header, e.g.
    /// ``cargo xtask gen` from schemas/apify/openapi.yaml`.
    pub command: String,
    /// OpenAPI Overlay documents applied to the spec after loading, in order.
    pub overlays: Vec<PathBuf>,
    /// A Cargo feature per tag: each operation's items are compiled only when one of its
    /// tags' features is on, each type only when an operation reaching it is
    /// ([`analyze::features`]); the crate's `Cargo.toml` lists them ([`cargo_features`]).
    pub tag_features: bool,
}

impl Options {
    /// Options with the `@generated` header's command and no overlays.
    pub fn new(command: impl Into<String>) -> Self {
        Options {
            command: command.into(),
            overlays: Vec::new(),
            tag_features: false,
        }
    }
}

/// How the spec is read and what is generated from it, beyond [`Options`] (kept apart so
/// that code building an `Options` need not change when a setting is added).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    /// The largest spec file read, in bytes; a bigger one is refused with a diagnostic
    /// before it is read. Default [`Settings::DEFAULT_MAX_FILE_SIZE`].
    pub max_file_size: u64,
    /// Generate only the schemas the paths reach, not every one under `components/schemas`
    /// nor those of webhooks and callbacks. Default `false`: everything is generated and
    /// checked, so a mistake in an unused schema is still reported.
    pub only_referenced: bool,
}

impl Settings {
    /// 64 MiB: far beyond any real spec file, small enough to refuse a runaway one early.
    pub const DEFAULT_MAX_FILE_SIZE: u64 = 64 << 20;

    /// These settings, generating only what the paths reach (or everything).
    pub fn with_only_referenced(mut self, only: bool) -> Self {
        self.only_referenced = only;
        self
    }

    /// These settings with another file size cap.
    pub fn with_max_file_size(mut self, bytes: u64) -> Self {
        self.max_file_size = bytes;
        self
    }
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            max_file_size: Self::DEFAULT_MAX_FILE_SIZE,
            only_referenced: false,
        }
    }
}

/// One generated file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct File {
    /// Path relative to the crate's `src/` folder, e.g. `models.rs`.
    pub path: String,
    /// The whole file text.
    pub contents: String,
}

/// The result of a successful generation.
#[derive(Debug, Clone)]
pub struct Generated {
    /// The files, sorted by path.
    pub files: Vec<File>,
    /// The lowered API (for `--dump-ir` and statistics).
    pub api: ir::Api,
    /// Warnings (generation went on).
    pub warnings: Diagnostics,
    /// Spec files (`.yaml`, `.yml`, `.json`) under the root file's folder that no `$ref`
    /// reaches, relative to it and sorted: likely a forgotten `$ref` or a stale file.
    pub unreached: Vec<String>,
    /// Every file read: the spec's files as found (the root first, then each reached
    /// through `$ref`, under the root file's folder as given), then the overlays.
    pub read: Vec<PathBuf>,
}

/// Loads the spec rooted at `root`, applies `overlays`, lowers and analyzes it, with default
/// [`Settings`].
pub fn lower_spec(
    root: &Path,
    overlays: &[PathBuf],
) -> Result<(ir::Api, Diagnostics), Diagnostics> {
    lower_spec_with(root, overlays, &Settings::default())
}

/// Loads the spec rooted at `root`, applies `overlays` in order, lowers and analyzes it.
/// Every diagnostic, whichever stage found it, goes through the loaded spec (the source
/// map) for its line and column.
pub fn lower_spec_with(
    root: &Path,
    overlays: &[PathBuf],
    settings: &Settings,
) -> Result<(ir::Api, Diagnostics), Diagnostics> {
    with_big_stack(|| load_and_lower(root, overlays, settings).map(|(_, api, diags)| (api, diags)))
}

/// Loads, applies overlays, lowers and analyzes; the loaded spec comes back too.
fn load_and_lower(
    root: &Path,
    overlays: &[PathBuf],
    settings: &Settings,
) -> Result<(load::Spec, ir::Api, Diagnostics), Diagnostics> {
    let mut spec = load::load_with(root, settings)?;
    let mut overlay_warnings = Diagnostics::default();
    for path in overlays {
        let overlay = overlay::load_overlay(path)?;
        overlay_warnings
            .0
            .extend(overlay::apply(&mut spec, &overlay).0);
    }
    match lower_loaded(&spec, settings) {
        Ok((api, mut diags)) => {
            diags.0.extend(overlay_warnings.0);
            diags.sort();
            Ok((spec, api, diags))
        }
        Err(mut errors) => {
            errors.0.extend(overlay_warnings.0);
            errors.sort();
            Err(errors)
        }
    }
}

/// Checks the vocabulary of, lowers and analyzes a loaded spec.
fn lower_loaded(
    spec: &load::Spec,
    settings: &Settings,
) -> Result<(ir::Api, Diagnostics), Diagnostics> {
    {
        let vocabulary = vocabulary::check_vocabulary(spec);
        let (mut api, mut diags) = match (vocabulary, lower::lower_with(spec, settings)) {
            (Ok(warnings), Ok((api, mut diags))) => {
                diags.0.extend(warnings.0);
                (api, diags)
            }
            // Lowering's errors too, so one run reports everything it can.
            (Err(mut errors), Err(more)) | (Ok(mut errors), Err(more)) => {
                errors.0.extend(more.0);
                errors.sort();
                return Err(errors);
            }
            (Err(mut errors), Ok((_, warnings))) => {
                errors.0.extend(warnings.0);
                errors.sort();
                return Err(errors);
            }
        };
        let analyzed = analyze::analyze(&mut api);
        let ok = analyzed.is_ok();
        diags.0.extend(analyzed.unwrap_or_else(|e| e).0);
        diags.0 = diags.0.into_iter().map(|d| spec.locate(d)).collect();
        diags.sort();
        if ok {
            Ok((api, diags))
        } else {
            Err(diags)
        }
    }
}

/// Stack for the generator's threads. Lowering, emitting and rendering recurse as deep as
/// the spec nests (inline schemas, `allOf` chains, aliases of aliases) and syn/prettyplease
/// recurse over the result; a deep but valid spec must get its output, not a stack overflow.
/// The memory is reserved, not used, unless the spec needs it.
const STACK_SIZE: usize = 256 << 20;

/// Runs `f` on a thread with [`STACK_SIZE`] of stack.
fn with_big_stack<T: Send>(
    f: impl FnOnce() -> Result<T, Diagnostics> + Send,
) -> Result<T, Diagnostics> {
    std::thread::scope(|scope| {
        match std::thread::Builder::new()
            .stack_size(STACK_SIZE)
            .spawn_scoped(scope, f)
        {
            Ok(handle) => handle
                .join()
                .unwrap_or_else(|_| Err(internal("a generator thread panicked"))),
            Err(e) => Err(internal(&format!("cannot start a generator thread: {e}"))),
        }
    })
}

fn internal(message: &str) -> Diagnostics {
    Diagnostics(vec![Diagnostic::internal(None, message)])
}

/// Runs the whole pipeline on the spec rooted at `root` with default [`Settings`].
pub fn generate(root: &Path, options: &Options) -> Result<Generated, Diagnostics> {
    generate_with(root, options, &Settings::default())
}

/// Runs the whole pipeline on the spec rooted at `root`.
pub fn generate_with(
    root: &Path,
    options: &Options,
    settings: &Settings,
) -> Result<Generated, Diagnostics> {
    with_big_stack(|| {
        let (spec, mut api, warnings) = load_and_lower(root, &options.overlays, settings)?;
        if options.tag_features {
            analyze::features::assign_features(&mut api);
        }
        let files = render_api(&api, options)?;
        let read = spec
            .files
            .iter()
            .map(|doc| spec.root_dir.join(&doc.rel_path))
            .chain(options.overlays.iter().cloned())
            .collect();
        Ok(Generated {
            files,
            api,
            warnings,
            read,
            // Overlays kept beside the spec are read, just not through a `$ref`.
            unreached: spec
                .unreached_files()
                .into_iter()
                .filter(|rel| {
                    let file = spec.root_dir.join(rel).canonicalize().ok();
                    !options
                        .overlays
                        .iter()
                        .any(|o| o.canonicalize().ok() == file)
                })
                .collect(),
        })
    })
}

/// A module emitter.
type Emitter = fn(&ir::Api) -> proc_macro2::TokenStream;

/// The generated modules and their emitters, largest first.
const EMITTERS: [(&str, Emitter); 3] = [
    ("client", emit::client::emit_client),
    ("models", emit::models::emit_models),
    ("validate", emit::validate::emit_validate),
];

/// Emits the token stream of each generated module of an already-lowered API.
pub fn emit_api(api: &ir::Api) -> Vec<(&'static str, proc_macro2::TokenStream)> {
    EMITTERS
        .iter()
        .map(|(name, emit)| (*name, emit(api)))
        .collect()
}

/// Emits and renders the modules of an already-lowered API.
///
/// Modules are independent, so with more than one core each is emitted and rendered on a
/// thread of its own (the client module alone on one, the others on another, for two cores);
/// the files come back in the same order either way, so output does not depend on it.
pub fn render_api(api: &ir::Api, options: &Options) -> Result<Vec<File>, Diagnostics> {
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(EMITTERS.len());
    if workers < 2 {
        return render_modules(emit_api(api), options);
    }
    // Module i goes to worker min(i, workers - 1): the largest module gets a worker alone.
    let mut parts: Vec<Result<Vec<File>, Diagnostics>> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers)
            .map(|w| {
                std::thread::Builder::new()
                    .stack_size(STACK_SIZE)
                    .spawn_scoped(scope, move || {
                        let mine: Vec<_> = EMITTERS
                            .iter()
                            .enumerate()
                            .filter(|(i, _)| (*i).min(workers - 1) == w)
                            .map(|(_, (name, emit))| (*name, emit(api)))
                            .collect();
                        render_modules(mine, options)
                    })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| match h {
                Ok(handle) => handle
                    .join()
                    .unwrap_or_else(|_| Err(internal("an emitter thread panicked"))),
                Err(e) => Err(internal(&format!("cannot start an emitter thread: {e}"))),
            })
            .collect()
    });
    let mut files = Vec::new();
    let mut diags = Diagnostics::default();
    for part in parts.drain(..) {
        match part {
            Ok(mut f) => files.append(&mut f),
            Err(d) => diags.0.extend(d.0),
        }
    }
    if diags.has_errors() {
        Err(diags)
    } else {
        Ok(files)
    }
}

/// Renders emitted modules into files with the `@generated` header.
pub fn render_modules(
    modules: Vec<(&'static str, proc_macro2::TokenStream)>,
    options: &Options,
) -> Result<Vec<File>, Diagnostics> {
    let header = format!("// @generated by {}. Do not edit.", options.command);
    let mut files = Vec::new();
    let mut diags = Diagnostics::default();
    for (name, tokens) in modules {
        match render::render_file(name, &header, tokens) {
            Ok(contents) => files.push(File {
                path: format!("{name}.rs"),
                contents,
            }),
            Err(message) => diags.push(Diagnostic::internal(None, message)),
        }
    }
    if diags.has_errors() {
        Err(diags)
    } else {
        Ok(files)
    }
}
