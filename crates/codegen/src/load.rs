//! Stage 1, `load`: the root file and every fragment it reaches through `$ref`, parsed into
//! JSON values, with every `$ref` checked.
//!
//! What is refused here, with a diagnostic each: unreadable, empty, non-UTF-8 or malformed
//! files; YAML tags, non-finite numbers and non-scalar keys; remote (`http(s)://`) and
//! absolute refs and refs that leave the root's folder, however spelled (percent-encoded, or
//! through a symlinked file or folder), FIFOs, devices and files over the size cap (all in
//! [`crate::files`]); missing files and missing pointers (with a "did you mean"); `$ref`
//! chains that loop without reaching a schema. A file reached by different relative paths
//! (or through a symlink that stays inside) is loaded once, so it is one node (and one type).

use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::diag::{did_you_mean, quote, Diagnostic, Diagnostics};
use crate::files::{percent_decode, ref_file, split_ref, Refusal, RootDir};
use crate::locate;
use crate::pointer::Pointer;

/// Index of a loaded file in [`Spec::files`]; the root is `FileId(0)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FileId(pub usize);

/// A node in the loaded spec: a file and a JSON pointer into it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct NodeRef {
    /// The file.
    pub file: FileId,
    /// RFC 6901 pointer into the file's value.
    pub pointer: Pointer,
}

impl NodeRef {
    /// The whole root file.
    pub fn root() -> Self {
        NodeRef {
            file: FileId(0),
            pointer: Pointer::root(),
        }
    }

    /// Member `key` of this node.
    pub fn child(&self, key: &str) -> Self {
        NodeRef {
            file: self.file,
            pointer: self.pointer.child(key),
        }
    }

    /// Item `index` of this node.
    pub fn index(&self, index: usize) -> Self {
        NodeRef {
            file: self.file,
            pointer: self.pointer.index(index),
        }
    }
}

/// One parsed spec file.
#[derive(Debug, Clone)]
pub struct Document {
    /// Path relative to the root file's folder, `/`-separated and normalised.
    pub rel_path: String,
    /// The file's source text (for line:col lookups).
    pub text: String,
    /// The parsed content, YAML merge keys applied.
    pub value: Value,
}

/// The loaded spec: every reachable file, parsed.
#[derive(Debug, Clone)]
pub struct Spec {
    /// The folder of the root file: no `$ref` may leave it.
    pub root_dir: PathBuf,
    /// Every loaded file; `files[0]` is the root.
    pub files: Vec<Document>,
    by_path: BTreeMap<String, FileId>,
    /// Where the chain of `$ref`s starting at each `$ref` object ends, worked out once for
    /// all of them (linear in the number of refs, however long the chains).
    ref_ends: BTreeMap<NodeRef, ChainEnd>,
}

/// Where a chain of `$ref`s to `$ref`s ends.
#[derive(Debug, Clone, PartialEq, Eq)]
enum ChainEnd {
    /// At a node that is not a `$ref`.
    Node(NodeRef),
    /// It comes back to a `$ref` already on the chain.
    Loop,
    /// At a `$ref` that names nothing (reported where that `$ref` is).
    Broken,
}

/// Keys whose values are data, not spec structure: `$ref` inside them is not a reference.
const DATA_KEYS: &[&str] = &["example", "default", "const", "enum", "x-examples"];

impl Spec {
    /// The file with this id.
    pub fn doc(&self, file: FileId) -> &Document {
        &self.files[file.0]
    }

    /// The value at `node`, if the pointer resolves.
    pub fn get(&self, node: &NodeRef) -> Option<&Value> {
        self.doc(node.file).value.pointer(node.pointer.as_str())
    }

    /// The value at `node`, mutably (for overlays).
    pub fn get_mut(&mut self, node: &NodeRef) -> Option<&mut Value> {
        self.files
            .get_mut(node.file.0)?
            .value
            .pointer_mut(node.pointer.as_str())
    }

    /// A diagnostic at `node`, with its line and column when they can be found.
    pub fn error_at(&self, node: &NodeRef, message: impl Into<String>) -> Diagnostic {
        self.locate(Diagnostic::error(
            &self.doc(node.file).rel_path,
            &node.pointer,
            message,
        ))
    }

    /// A warning at `node`, with its line and column when they can be found.
    pub fn warning_at(&self, node: &NodeRef, message: impl Into<String>) -> Diagnostic {
        self.locate(Diagnostic::warning(
            &self.doc(node.file).rel_path,
            &node.pointer,
            message,
        ))
    }

    /// Adds the line and column to a diagnostic about a node of a loaded file (the source
    /// map every stage's diagnostics go through).
    pub fn locate(&self, d: Diagnostic) -> Diagnostic {
        if d.location.is_some() {
            return d;
        }
        let Some(id) = self.by_path.get(&d.file) else {
            return d;
        };
        let pointer = Pointer::from_escaped(d.pointer.as_str());
        match locate::line_col(&self.files[id.0].text, &pointer) {
            Some((line, column)) => d.at(line, column),
            None => d,
        }
    }

    /// Resolves the `$ref` string `reference` written in `from`'s file to the node it names.
    /// Loading already checked every reference, so failure here means a `$ref` the loader did
    /// not see (it is reported, not panicked on).
    pub fn resolve(&self, from: FileId, reference: &str) -> Result<NodeRef, String> {
        let (file_part, fragment) = split_ref(reference);
        let file = if file_part.is_empty() {
            from
        } else {
            let rel = ref_file(&self.doc(from).rel_path, file_part)
                .map_err(|e| format!("`$ref: {}` {e}", quote(reference)))?;
            *self.by_path.get(&rel).ok_or_else(|| {
                format!(
                    "`$ref: {}` names a file that was not loaded",
                    quote(reference)
                )
            })?
        };
        let pointer =
            Pointer::from_escaped(percent_decode(fragment).unwrap_or_else(|_| fragment.to_owned()));
        Ok(NodeRef { file, pointer })
    }

    /// Follows `$ref`s from `node` until a node that is not a reference, returning it.
    pub fn deref(&self, node: &NodeRef) -> Result<NodeRef, String> {
        match self.ref_ends.get(node) {
            Some(ChainEnd::Node(end)) => return Ok(end.clone()),
            Some(ChainEnd::Loop) => return Err(LOOP.into()),
            Some(ChainEnd::Broken) | None => {}
        }
        // A `$ref` the loader did not collect (or one that names nothing): walked here.
        let mut current = node.clone();
        let mut visited = BTreeSet::new();
        loop {
            let value = self.get(&current).ok_or_else(|| {
                format!(
                    "nothing at `{}#{}`",
                    self.doc(current.file).rel_path,
                    current.pointer
                )
            })?;
            match ref_of(value) {
                Some(_) if !visited.insert(current.clone()) => return Err(LOOP.into()),
                Some(reference) => current = self.resolve(current.file, reference)?,
                None => return Ok(current),
            }
        }
    }

    /// The spec files (`.yaml`, `.yml`, `.json`) under the root folder that were not loaded
    /// (nothing reaches them), relative to it, sorted. Hidden folders and symlinks are not
    /// followed, and the walk stops after [`UNREACHED_WALK_LIMIT`] entries.
    pub fn unreached_files(&self) -> Vec<String> {
        let dir = if self.root_dir.as_os_str().is_empty() {
            Path::new(".")
        } else {
            self.root_dir.as_path()
        };
        let loaded: BTreeSet<PathBuf> = self
            .by_path
            .keys()
            .filter_map(|rel| dir.join(rel).canonicalize().ok())
            .collect();
        let mut out = Vec::new();
        let mut work = vec![(dir.to_path_buf(), String::new())];
        let mut seen = 0usize;
        while let Some((folder, prefix)) = work.pop() {
            let Ok(entries) = std::fs::read_dir(&folder) else {
                continue;
            };
            for entry in entries.filter_map(Result::ok) {
                seen += 1;
                if seen > UNREACHED_WALK_LIMIT {
                    out.sort();
                    return out;
                }
                let name = entry.file_name().to_string_lossy().into_owned();
                let Ok(kind) = entry.file_type() else {
                    continue;
                };
                let rel = format!("{prefix}{name}");
                if kind.is_dir() && !name.starts_with('.') {
                    work.push((entry.path(), format!("{rel}/")));
                } else if kind.is_file()
                    && [".yaml", ".yml", ".json"].iter().any(|e| name.ends_with(e))
                    && entry
                        .path()
                        .canonicalize()
                        .is_ok_and(|real| !loaded.contains(&real))
                {
                    out.push(rel);
                }
            }
        }
        out.sort();
        out
    }

    /// Works out where the chain from each of `starts` (`$ref` objects) ends. Each `$ref`
    /// is followed once: a chain that reaches a `$ref` whose end is known stops there.
    fn find_chain_ends(&mut self, starts: impl Iterator<Item = NodeRef>) {
        let mut ends: BTreeMap<NodeRef, ChainEnd> = BTreeMap::new();
        for start in starts {
            let mut path = Vec::new();
            let mut on_path = BTreeSet::new();
            let mut current = start;
            let end = loop {
                if let Some(known) = ends.get(&current) {
                    break known.clone();
                }
                let Some(value) = self.get(&current) else {
                    break ChainEnd::Broken;
                };
                let Some(reference) = ref_of(value) else {
                    break ChainEnd::Node(current);
                };
                if !on_path.insert(current.clone()) {
                    break ChainEnd::Loop;
                }
                path.push(current.clone());
                match self.resolve(current.file, reference) {
                    Ok(next) => current = next,
                    Err(_) => break ChainEnd::Broken,
                }
            };
            for node in path {
                ends.insert(node, end.clone());
            }
        }
        self.ref_ends = ends;
    }
}

/// How many folder entries [`Spec::unreached_files`] looks at, at most.
const UNREACHED_WALK_LIMIT: usize = 100_000;

/// Why a chain of `$ref`s has no end.
const LOOP: &str = "this `$ref` starts a chain of `$ref`s that loops back on itself";

/// The target of a `{"$ref": "..."}` object, if `value` is one.
pub fn ref_of(value: &Value) -> Option<&str> {
    value.as_object()?.get("$ref")?.as_str()
}

/// Loads the spec whose root file is `root` with default [`crate::Settings`].
pub fn load(root: &Path) -> Result<Spec, Diagnostics> {
    load_with(root, &crate::Settings::default())
}

/// Loads the spec whose root file is `root`.
pub fn load_with(root: &Path, settings: &crate::Settings) -> Result<Spec, Diagnostics> {
    let mut diags = Diagnostics::default();
    let root_name = root
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| root.display().to_string());
    let root_dir = RootDir::of(root);
    let mut spec = Spec {
        root_dir: root_dir.dir.clone(),
        files: Vec::new(),
        by_path: BTreeMap::new(),
        ref_ends: BTreeMap::new(),
    };

    // Each queued file with the first `$ref` that reached it (for "cannot read" reports).
    let mut queue: VecDeque<(String, Option<Referrer>)> =
        VecDeque::from([(root_name.clone(), None)]);
    let mut seen = BTreeSet::from([root_name]);
    // The file loaded from each real path: two spellings of one file (through a symlink
    // inside the root folder) are one file.
    let mut by_real: BTreeMap<PathBuf, FileId> = BTreeMap::new();
    // (file, pointer of the `$ref` object, reference text) for the second pass.
    let mut refs: Vec<(FileId, Pointer, String)> = Vec::new();
    while let Some((rel, referrer)) = queue.pop_front() {
        let read = match &referrer {
            None => root_dir.read_root(root, settings.max_file_size),
            Some(_) => root_dir.read(&rel, settings.max_file_size),
        };
        let bytes = match read {
            Ok((real, _)) if by_real.contains_key(&real) => {
                spec.by_path.insert(rel, by_real[&real]);
                continue;
            }
            Ok((real, bytes)) => {
                by_real.insert(real, FileId(spec.files.len()));
                bytes
            }
            Err(refusal) => {
                diags.push(read_error(&root_dir.dir, &rel, referrer.as_ref(), &refusal));
                continue;
            }
        };
        let Some(doc) = parse_document(&rel, bytes, &mut diags) else {
            continue;
        };
        let id = FileId(spec.files.len());
        let mut found = Vec::new();
        collect_refs(&doc.value, &mut Pointer::root(), &mut found);
        for (pointer, reference) in found {
            let (file_part, _) = split_ref(&reference);
            if file_part.is_empty() {
                refs.push((id, pointer, reference));
                continue;
            }
            match ref_file(&rel, file_part) {
                Ok(target) => {
                    if seen.insert(target.clone()) {
                        let at = pointer.child("$ref");
                        let line_col = locate::line_col(&doc.text, &at);
                        let referrer = Referrer {
                            file: rel.clone(),
                            pointer: at,
                            line_col,
                            reference: reference.clone(),
                        };
                        queue.push_back((target, Some(referrer)));
                    }
                    refs.push((id, pointer, reference));
                }
                Err(message) => {
                    let at = pointer.child("$ref");
                    let d = Diagnostic::error(
                        &rel,
                        &at,
                        format!("`$ref: {}` {message}", quote(&reference)),
                    );
                    diags.push(match locate::line_col(&doc.text, &at) {
                        Some((l, c)) => d.at(l, c),
                        None => d,
                    });
                }
            }
        }
        spec.by_path.insert(rel, id);
        spec.files.push(doc);
    }

    if spec.files.is_empty() {
        return Err(diags);
    }
    check_root(&spec, &mut diags);
    spec.find_chain_ends(refs.iter().map(|(file, pointer, _)| NodeRef {
        file: *file,
        pointer: pointer.clone(),
    }));
    for (file, pointer, reference) in &refs {
        check_ref(&spec, *file, pointer, reference, &mut diags);
    }
    diags.sort();
    if diags.has_errors() {
        Err(diags)
    } else {
        Ok(spec)
    }
}

fn check_root(spec: &Spec, diags: &mut Diagnostics) {
    let root = NodeRef::root();
    let value = &spec.files[0].value;
    let Some(object) = value.as_object() else {
        diags.push(spec.error_at(&root, "the root file is not a mapping; an OpenAPI document starts with `openapi:`, `info:` and `paths:`"));
        return;
    };
    if let Some(swagger) = object.get("swagger") {
        diags.push(
            spec.error_at(
                &root.child("swagger"),
                format!(
                    "this is a Swagger {} document; only OpenAPI 3.0 and 3.1 are supported",
                    quote(&scalar_text(swagger))
                ),
            )
            .with_help("convert it to OpenAPI 3 first (e.g. with swagger2openapi)"),
        );
        return;
    }
    match object.get("openapi").and_then(Value::as_str) {
        Some(v) if v.starts_with("3.0") || v.starts_with("3.1") => {}
        Some(v) => diags.push(spec.error_at(
            &root.child("openapi"),
            format!(
                "OpenAPI version `{}` is not supported; this generator reads 3.0.x and 3.1.x",
                quote(v)
            ),
        )),
        None => diags.push(spec.error_at(
            &root,
            "the root file has no `openapi:` version; is this an OpenAPI 3 document?",
        )),
    }
}

fn check_ref(
    spec: &Spec,
    file: FileId,
    pointer: &Pointer,
    reference: &str,
    diags: &mut Diagnostics,
) {
    let at = NodeRef {
        file,
        pointer: pointer.child("$ref"),
    };
    let target = match spec.resolve(file, reference) {
        Ok(target) => target,
        // The loader already reported why the file is missing.
        Err(_) => return,
    };
    let Some(_) = spec.get(&target) else {
        let mut d = spec.error_at(
            &at,
            format!(
                "`$ref: {}` points to `#{}`, which does not exist in `{}`",
                quote(reference),
                quote(target.pointer.as_str()),
                spec.doc(target.file).rel_path
            ),
        );
        if let Some(hint) = near_pointer(&spec.doc(target.file).value, &target.pointer) {
            d = d.with_help(format!("did you mean `#{hint}`?"));
        }
        diags.push(d);
        return;
    };
    // A chain of refs that comes back to itself never reaches a schema.
    let start = NodeRef {
        file,
        pointer: pointer.clone(),
    };
    if spec.ref_ends.get(&start) == Some(&ChainEnd::Loop) {
        diags.push(spec.error_at(&at, format!("`$ref: {}` starts a chain of `$ref`s that loops back on itself without reaching a schema", quote(reference))));
    }
}

/// The existing pointer closest to `pointer`: its deepest resolvable parent plus the child key
/// nearest to the missing one.
fn near_pointer(root: &Value, pointer: &Pointer) -> Option<Pointer> {
    let mut node = root;
    let mut prefix = Pointer::root();
    for key in pointer.segments() {
        match node
            .get(key.as_ref())
            .or_else(|| key.parse::<usize>().ok().and_then(|i| node.get(i)))
        {
            Some(child) => {
                prefix.push(&key);
                node = child;
            }
            None => {
                let keys = node.as_object()?.keys().map(String::as_str);
                let near = did_you_mean(&key, keys)?;
                return Some(prefix.child(near));
            }
        }
    }
    None
}

fn scalar_text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// Every `$ref` string in `value`, with the pointer of the object holding it.
/// Maps whose keys are names (of properties, schemas, statuses, ...), not keywords: a key
/// such as `default` or `example` in them names an entry that may hold refs.
const NAME_MAPS: &[&str] = &[
    "properties",
    "patternProperties",
    "examples",
    "schemas",
    "responses",
    "parameters",
    "paths",
    "callbacks",
    "headers",
    "content",
    "securitySchemes",
    "requestBodies",
    "links",
    "definitions",
    "$defs",
    "dependentSchemas",
    "encoding",
];

fn collect_refs(value: &Value, pointer: &mut Pointer, out: &mut Vec<(Pointer, String)>) {
    collect_refs_in(value, pointer, false, out);
}

/// `names`: the keys of `value` are names rather than keywords.
fn collect_refs_in(
    value: &Value,
    pointer: &mut Pointer,
    names: bool,
    out: &mut Vec<(Pointer, String)>,
) {
    match value {
        Value::Object(map) => {
            // A name map may itself be a reference (`headers: {$ref: ...}`, as Apify keeps
            // shared header sets): no header or property is called `$ref`.
            if let Some(Value::String(reference)) = map.get("$ref") {
                out.push((pointer.clone(), reference.clone()));
                if names {
                    return;
                }
            }
            for (key, child) in map {
                // An `example` that is a lone `$ref` is followed (as spec renderers do).
                if !names && key == "example" {
                    if let Some(reference) =
                        ref_of(child).filter(|_| child.as_object().is_some_and(|o| o.len() == 1))
                    {
                        out.push((pointer.child("example"), reference.to_owned()));
                    }
                    continue;
                }
                if !names && (DATA_KEYS.contains(&key.as_str()) || key.starts_with("x-")) {
                    continue;
                }
                // Schema-level `examples` (3.1) is an array of values, not Example objects.
                if !names && key == "examples" && child.is_array() {
                    continue;
                }
                let child_names = !names && NAME_MAPS.contains(&key.as_str()) && child.is_object();
                let len = pointer.len();
                pointer.push(key);
                collect_refs_in(child, pointer, child_names, out);
                pointer.truncate(len);
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                collect_refs_in(child, &mut pointer.index(i), false, out);
            }
        }
        _ => {}
    }
}

/// Where a `$ref` to a file was written.
struct Referrer {
    file: String,
    pointer: Pointer,
    line_col: Option<(usize, usize)>,
    reference: String,
}

/// The diagnostic for a file that was not read: at the `$ref` that reached it, naming it.
fn read_error(
    root_dir: &Path,
    rel: &str,
    referrer: Option<&Referrer>,
    refusal: &Refusal,
) -> Diagnostic {
    let mut d = match referrer {
        Some(r) => {
            let d = Diagnostic::error(
                &r.file,
                &r.pointer,
                format!(
                    "`$ref: {}` names `{}`, which cannot be read: {refusal}",
                    quote(&r.reference),
                    quote(rel)
                ),
            );
            match r.line_col {
                Some((line, column)) => d.at(line, column),
                None => d,
            }
        }
        None => Diagnostic::error(rel, "", format!("cannot read the file: {refusal}")),
    };
    if *refusal == Refusal::NotFound {
        if let Some(near) = near_file(&root_dir.join(rel)) {
            // Spelled as the reference would spell it: same folder part, nearer name.
            let spelled = match referrer.map(|r| split_ref(&r.reference).0) {
                Some(file) => match file.rfind('/') {
                    Some(slash) => format!("{}{near}", &file[..=slash]),
                    None => near,
                },
                None => near,
            };
            d = d.with_help(format!("did you mean `{spelled}`?"));
        }
    }
    d
}

/// Parses a file's bytes (YAML, or JSON for `.json`), reporting why it cannot be a spec file.
fn parse_document(rel: &str, bytes: Vec<u8>, diags: &mut Diagnostics) -> Option<Document> {
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => {
            diags.push(Diagnostic::error(
                rel,
                "",
                format!(
                    "the file is not UTF-8 text (invalid byte at offset {}); is it a binary file?",
                    e.utf8_error().valid_up_to()
                ),
            ));
            return None;
        }
    };
    let value = parse_text(rel, &text, diags)?;
    Some(Document {
        rel_path: rel.to_owned(),
        text,
        value,
    })
}

/// Parses a spec (or overlay) file's text as JSON (by its `.json` name) or YAML, merge keys
/// applied; `name` is how diagnostics name the file.
pub(crate) fn parse_text(name: &str, text: &str, diags: &mut Diagnostics) -> Option<Value> {
    if text.trim().is_empty() {
        diags.push(Diagnostic::error(
            name,
            "",
            "the file is empty; a spec fragment must hold a mapping",
        ));
        return None;
    }
    if name.ends_with(".json") {
        match crate::strict::parse_json(text) {
            Ok(value) => Some(value),
            Err(e) => {
                diags.push(
                    Diagnostic::error(
                        name,
                        "",
                        format!("malformed JSON: {}", strip_location(&e.to_string())),
                    )
                    .at(e.line(), e.column()),
                );
                None
            }
        }
    } else {
        parse_yaml(name, text, diags)
    }
}

fn near_file(path: &Path) -> Option<String> {
    let dir = path.parent()?;
    let wanted = path.file_name()?.to_string_lossy().into_owned();
    let names: Vec<String> = std::fs::read_dir(dir)
        .ok()?
        .filter_map(|e| e.ok().map(|e| e.file_name().to_string_lossy().into_owned()))
        .collect();
    did_you_mean(&wanted, names.iter().map(String::as_str)).map(str::to_owned)
}

fn parse_yaml(rel: &str, text: &str, diags: &mut Diagnostics) -> Option<Value> {
    // Tags serde_yaml would drop without a word: refused, as every other tag is.
    let dropped = crate::strict::dropped_yaml_tags(text);
    for (tag, line, column) in &dropped {
        diags.push(
            Diagnostic::error(
                rel,
                "",
                format!(
                    "YAML tag `{}` is not supported in a spec (only `!!str`, `!!int`, `!!float`, `!!bool`, `!!null`, `!!seq` and `!!map`, which JSON can say too)",
                    quote(tag)
                ),
            )
            .at(*line, *column),
        );
    }
    if !dropped.is_empty() {
        return None;
    }
    let mut yaml: serde_yaml::Value = match serde_yaml::from_str(text) {
        Ok(value) => value,
        Err(e) => {
            let mut d = Diagnostic::error(
                rel,
                "",
                format!("malformed YAML: {}", strip_location(&e.to_string())),
            );
            if let Some(location) = e.location() {
                d = d.at(location.line(), location.column());
            }
            diags.push(d);
            return None;
        }
    };
    if let Err(message) = apply_merges(&mut yaml) {
        diags.push(Diagnostic::error(
            rel,
            "",
            format!("cannot apply a YAML `<<` merge key: {message}"),
        ));
        return None;
    }
    let mut errors = Vec::new();
    let value = yaml_to_json(yaml, &mut Pointer::root(), &mut errors);
    for (pointer, message) in errors {
        let d = Diagnostic::error(rel, &pointer, message);
        diags.push(match locate::line_col(text, &pointer) {
            Some((l, c)) => d.at(l, c),
            None => d,
        });
    }
    Some(value)
}

/// Applies YAML `<<` merge keys everywhere, including merges nested in merge lists
/// (`<<: [*a, <<: *b]`, which Apify's spec uses and serde_yaml's own `apply_merge` leaves
/// half done). Keys already present win; earlier merge sources win over later ones.
fn apply_merges(value: &mut serde_yaml::Value) -> Result<(), String> {
    use serde_yaml::Value as Y;
    match value {
        Y::Mapping(mapping) => {
            // Each round may bring in a nested `<<`; a spec needing more is pathological.
            for _ in 0..64 {
                let Some(merge) = mapping.remove("<<") else {
                    break;
                };
                let sources = match merge {
                    Y::Mapping(m) => vec![m],
                    Y::Sequence(items) => {
                        let mut sources = Vec::new();
                        for item in items {
                            match item {
                                Y::Mapping(m) => sources.push(m),
                                _ => return Err("a `<<` list may only hold mappings".into()),
                            }
                        }
                        sources
                    }
                    _ => return Err("`<<` must be given a mapping or a list of mappings".into()),
                };
                for source in sources {
                    for (k, v) in source {
                        if !mapping.contains_key(&k) {
                            mapping.insert(k, v);
                        }
                    }
                }
            }
            if mapping.contains_key("<<") {
                return Err("`<<` merges nest too deeply".into());
            }
            for (_, child) in mapping.iter_mut() {
                apply_merges(child)?;
            }
            Ok(())
        }
        Y::Sequence(items) => items.iter_mut().try_for_each(apply_merges),
        Y::Tagged(tagged) => apply_merges(&mut tagged.value),
        _ => Ok(()),
    }
}

fn strip_location(message: &str) -> &str {
    match message.find(" at line ") {
        Some(cut) => &message[..cut],
        None => message,
    }
}

fn yaml_to_json(
    yaml: serde_yaml::Value,
    pointer: &mut Pointer,
    errors: &mut Vec<(Pointer, String)>,
) -> Value {
    use serde_yaml::Value as Y;
    match yaml {
        Y::Null => Value::Null,
        Y::Bool(b) => Value::Bool(b),
        Y::Number(n) => {
            if let Some(i) = n.as_i64() {
                Value::from(i)
            } else if let Some(u) = n.as_u64() {
                Value::from(u)
            } else {
                match n.as_f64().and_then(serde_json::Number::from_f64) {
                    Some(f) => Value::Number(f),
                    None => {
                        errors.push((
                            pointer.clone(),
                            format!("the number `{n}` has no JSON equivalent (infinite or NaN)"),
                        ));
                        Value::Null
                    }
                }
            }
        }
        Y::String(s) => Value::String(s),
        Y::Sequence(items) => Value::Array(
            items
                .into_iter()
                .enumerate()
                .map(|(i, item)| yaml_to_json(item, &mut pointer.index(i), errors))
                .collect(),
        ),
        Y::Mapping(map) => {
            let mut out = serde_json::Map::new();
            for (key, value) in map {
                let key = match key {
                    Y::String(s) => s,
                    Y::Number(n) => n.to_string(),
                    Y::Bool(b) => b.to_string(),
                    Y::Null => "null".to_owned(),
                    other => {
                        errors.push((
                            pointer.clone(),
                            format!(
                                "a mapping key must be a scalar, found {}",
                                yaml_kind(&other)
                            ),
                        ));
                        continue;
                    }
                };
                let len = pointer.len();
                pointer.push(&key);
                let v = yaml_to_json(value, pointer, errors);
                pointer.truncate(len);
                out.insert(key, v);
            }
            Value::Object(out)
        }
        Y::Tagged(tagged) => {
            errors.push((
                pointer.clone(),
                format!(
                    "YAML tag `{}` is not supported in a spec",
                    quote(&tagged.tag.to_string())
                ),
            ));
            Value::Null
        }
    }
}

fn yaml_kind(value: &serde_yaml::Value) -> &'static str {
    match value {
        serde_yaml::Value::Sequence(_) => "a sequence",
        serde_yaml::Value::Mapping(_) => "a mapping",
        serde_yaml::Value::Tagged(_) => "a tagged value",
        _ => "a scalar",
    }
}
