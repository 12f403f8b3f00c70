//! `cargo xtask fidelity`: does our `schemas/apify` say what the real Apify spec says?
//!
//! Both specs are loaded and lowered by the generator itself, so the comparison sees what
//! the generated code sees. For every operation of the real spec ours must have one on the
//! same path and method, with the same operationId (method names follow it), the same
//! parameters (name and place), the same documented statuses, the same media types, and the
//! same property names in the success body, followed to any depth (`data.items[].id`).
//! Ours may not have operations the real spec lacks. Descriptions, examples, constraints
//! and type names are free to differ: those are written in our own words.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use specforge_codegen::ir::{Api, BodyKind, Operation, ParamLocation, Shape, Ty, TypeId, TypeKind};

/// What the check compares for one operation.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct OpFacts {
    /// `operationId`.
    pub operation_id: String,
    /// `query:offset`, `path:datasetId`, `header:X-...`.
    pub params: BTreeSet<String>,
    /// `200`, `4XX`, `default`.
    pub statuses: BTreeSet<String>,
    /// Request body media types.
    pub request_media: BTreeSet<String>,
    /// Success response media types.
    pub response_media: BTreeSet<String>,
    /// Property paths of the JSON success bodies (`data.items[].id`).
    pub success_properties: BTreeSet<String>,
}

/// The outcome of a comparison.
#[derive(Debug, Default)]
pub struct Report {
    /// Operations of the real spec.
    pub real_count: usize,
    /// Those ours has with every fact equal.
    pub matched: usize,
    /// `METHOD path` of real operations ours lacks.
    pub missing: Vec<String>,
    /// `METHOD path` of operations ours has and the real spec does not.
    pub invented: Vec<String>,
    /// `METHOD path` and what differs.
    pub mismatches: Vec<(String, Vec<String>)>,
}

impl Report {
    /// Whether ours is faithful.
    pub fn is_faithful(&self) -> bool {
        self.missing.is_empty() && self.invented.is_empty() && self.mismatches.is_empty()
    }

    /// Every difference, one per line, then a summary line.
    pub fn render(&self) -> String {
        let mut out = String::new();
        for key in &self.missing {
            let _ = writeln!(out, "missing   {key}");
        }
        for key in &self.invented {
            let _ = writeln!(out, "invented  {key}: not in the real spec");
        }
        for (key, diffs) in &self.mismatches {
            let _ = writeln!(out, "differs   {key}");
            for diff in diffs {
                let _ = writeln!(out, "            {diff}");
            }
        }
        let _ = writeln!(
            out,
            "fidelity: {} of {} operations match; {} missing, {} differ, {} invented",
            self.matched,
            self.real_count,
            self.missing.len(),
            self.mismatches.len(),
            self.invented.len()
        );
        out
    }
}

/// Loads and lowers both specs (overlays applied to ours) and compares them.
pub fn check(real: &Path, ours: &Path, overlays: &[PathBuf]) -> Result<Report, String> {
    let lower = |root: &Path, overlays: &[PathBuf]| {
        specforge_codegen::lower_spec(root, overlays)
            .map(|(api, _warnings)| api)
            .map_err(|diags| format!("{} does not load:\n{diags}", root.display()))
    };
    let real_api = lower(real, &[])?;
    let our_api = lower(ours, overlays)?;
    Ok(compare(&real_api, &our_api))
}

/// Compares two lowered specs operation by operation.
pub fn compare(real: &Api, ours: &Api) -> Report {
    let real_ops = facts(real);
    let our_ops = facts(ours);
    let mut report = Report {
        real_count: real_ops.len(),
        ..Report::default()
    };
    for (key, theirs) in &real_ops {
        let Some(mine) = our_ops.get(key) else {
            report
                .missing
                .push(format!("{key} ({})", theirs.operation_id));
            continue;
        };
        let diffs = differences(theirs, mine);
        if diffs.is_empty() {
            report.matched += 1;
        } else {
            report.mismatches.push((key.clone(), diffs));
        }
    }
    for (key, mine) in &our_ops {
        if !real_ops.contains_key(key) {
            report
                .invented
                .push(format!("{key} ({})", mine.operation_id));
        }
    }
    report
}

fn differences(theirs: &OpFacts, mine: &OpFacts) -> Vec<String> {
    let mut diffs = Vec::new();
    if theirs.operation_id != mine.operation_id {
        diffs.push(format!(
            "operationId: real `{}`, ours `{}`",
            theirs.operation_id, mine.operation_id
        ));
    }
    let mut sets = |what: &str, a: &BTreeSet<String>, b: &BTreeSet<String>| {
        let lacking: Vec<&str> = a.difference(b).map(String::as_str).collect();
        let extra: Vec<&str> = b.difference(a).map(String::as_str).collect();
        if !lacking.is_empty() {
            diffs.push(format!("{what} ours lacks: {}", lacking.join(", ")));
        }
        if !extra.is_empty() {
            diffs.push(format!("{what} only ours has: {}", extra.join(", ")));
        }
    };
    sets("parameters", &theirs.params, &mine.params);
    sets("statuses", &theirs.statuses, &mine.statuses);
    sets(
        "request media types",
        &theirs.request_media,
        &mine.request_media,
    );
    sets(
        "response media types",
        &theirs.response_media,
        &mine.response_media,
    );
    sets(
        "success-body properties",
        &theirs.success_properties,
        &mine.success_properties,
    );
    diffs
}

/// The facts of every operation, keyed `METHOD path`.
pub fn facts(api: &Api) -> BTreeMap<String, OpFacts> {
    api.operations
        .iter()
        .map(|op| {
            (
                format!("{} {}", op.method.as_str(), op.path),
                operation_facts(api, op),
            )
        })
        .collect()
}

fn operation_facts(api: &Api, op: &Operation) -> OpFacts {
    let mut facts = OpFacts {
        operation_id: op.operation_id.clone(),
        ..OpFacts::default()
    };
    for param in &op.params {
        let place = match param.location {
            ParamLocation::Path => "path",
            ParamLocation::Query => "query",
            ParamLocation::Header => "header",
        };
        facts.params.insert(format!("{place}:{}", param.wire_name));
    }
    if let Some(body) = &op.body {
        facts.request_media.insert(body.media_type.clone());
        for alternative in &body.alternatives {
            facts.request_media.insert(alternative.media_type.clone());
        }
    }
    for response in &op.responses {
        facts.statuses.insert(status_text(response.status));
        if !response.is_success() {
            continue;
        }
        let Some(body) = &response.body else { continue };
        facts.response_media.insert(body.media_type.clone());
        for alternative in &body.alternatives {
            facts.response_media.insert(alternative.media_type.clone());
        }
        if let BodyKind::Json(shape) | BodyKind::JsonLines(shape) = &body.kind {
            let mut stack = Vec::new();
            property_paths(api, shape, "", &mut stack, &mut facts.success_properties);
        }
    }
    facts
}

fn status_text(status: specforge_codegen::ir::StatusMatch) -> String {
    use specforge_codegen::ir::StatusMatch;
    match status {
        StatusMatch::Code(code) => code.to_string(),
        StatusMatch::Range(hundreds) => format!("{hundreds}XX"),
        StatusMatch::Default => "default".to_owned(),
    }
}

/// Every property path under `shape`, prefixed with `prefix`; a type already being walked
/// (a recursive one) is not entered again.
fn property_paths(
    api: &Api,
    shape: &Shape,
    prefix: &str,
    stack: &mut Vec<TypeId>,
    out: &mut BTreeSet<String>,
) {
    match &shape.ty {
        Ty::Array(item) => property_paths(api, item, &format!("{prefix}[]"), stack, out),
        Ty::Map(value) => property_paths(api, value, &format!("{prefix}{{}}"), stack, out),
        Ty::Named { id, .. } => {
            if stack.contains(id) {
                return;
            }
            stack.push(*id);
            match &api.types[id.0].kind {
                TypeKind::Struct(st) => {
                    for field in &st.fields {
                        let path = if prefix.is_empty() {
                            field.wire_name.clone()
                        } else {
                            format!("{prefix}.{}", field.wire_name)
                        };
                        out.insert(path.clone());
                        property_paths(api, &field.shape, &path, stack, out);
                    }
                }
                TypeKind::Union(union) => {
                    for variant in &union.variants {
                        property_paths(api, &variant.shape, prefix, stack, out);
                    }
                }
                TypeKind::Alias(inner) => property_paths(api, inner, prefix, stack, out),
                TypeKind::Enum(_) => {}
            }
            stack.pop();
        }
        _ => {}
    }
}
