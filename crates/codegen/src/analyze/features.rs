//! Tag features ([`crate::Options::tag_features`]): one Cargo feature per tag, so that a
//! consumer of a big API compiles only the operations it calls and the types they reach.
//!
//! An operation is compiled when any of its tags' features is on (one with no tag, under
//! [`UNTAGGED`]); a type when any feature of an operation that reaches it is on, reached
//! through anything its items name: fields, typed extra properties, union alternatives,
//! alias targets and the subschemas of its checks (whose `JsonSchema` impls the checks
//! call). A type no operation reaches (a component nothing uses, a webhook's payload) is
//! under [`OTHER_TYPES`], and so is everything it reaches: such types can be many (most of
//! GitHub's webhook payloads), so compiling them always would cost every consumer, and
//! `--only-referenced` leaves them out altogether for those who never want them.
//!
//! Each item's features are a superset of those of every item that names it, so any
//! combination of features compiles: a type is on whenever an item using it is.

use std::collections::{BTreeMap, BTreeSet};

use crate::ir::*;
use crate::naming;

/// The feature of the operations without a tag.
pub const UNTAGGED: &str = "untagged";
/// The feature of the types no operation reaches.
pub const OTHER_TYPES: &str = "other-types";

/// Names a tag's feature never takes: the generated manifest's own features and
/// dependencies (a feature named like a dependency would read as enabling it), and the
/// features above, whether or not this spec needs them, so that adding an untagged
/// operation later renames no tag's feature.
pub const RESERVED: [&str; 8] = [
    "default",
    "http",
    "tls",
    UNTAGGED,
    OTHER_TYPES,
    "serde",
    "serde_json",
    "specforge-runtime",
];

/// One entry of the generated crate's `[features]` table beyond `default`, `http` and `tls`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CargoFeature {
    /// The feature's name.
    pub name: String,
    /// What it compiles, one line for a comment above it.
    pub doc: String,
}

/// The tag features of `api` for its `Cargo.toml`, sorted by name (none when the crate was
/// generated without tag features). Every one enables nothing else: items are gated by
/// `any(...)` of their features, so the table is flat. The manifest lists them all in
/// `default` too, so that a plain build compiles the whole API.
pub fn cargo_features(api: &Api) -> Vec<CargoFeature> {
    api.features
        .iter()
        .map(|f| CargoFeature {
            name: f.name.clone(),
            doc: match &f.kind {
                FeatureKind::Tag(tag) => format!(
                    "Operations tagged `{}` and the types they use.",
                    crate::diag::quote(tag)
                ),
                FeatureKind::Untagged => "Operations without a tag and the types they use.".into(),
                FeatureKind::OtherTypes => {
                    "Types no operation uses (unused components, webhook and callback payloads)."
                        .into()
                }
            },
        })
        .collect()
}

/// Gives every operation and type of an analyzed `api` the features that compile it, and
/// `api` its list of features.
pub fn assign_features(api: &mut Api) {
    let tags: BTreeSet<&str> = api
        .operations
        .iter()
        .flat_map(|op| op.tags.iter().map(String::as_str))
        .collect();
    let tags: Vec<&str> = tags.into_iter().collect();
    let names = naming::feature_names(&tags, &RESERVED.into_iter().collect());
    let by_tag: BTreeMap<&str, &str> = tags
        .iter()
        .copied()
        .zip(names.iter().map(String::as_str))
        .collect();
    let op_features: Vec<Vec<String>> = api
        .operations
        .iter()
        .map(|op| {
            let mut features: Vec<String> = op
                .tags
                .iter()
                .filter_map(|t| by_tag.get(t.as_str()).map(|n| (*n).to_owned()))
                .collect();
            if features.is_empty() {
                features.push(UNTAGGED.to_owned());
            }
            features.sort();
            features.dedup();
            features
        })
        .collect();

    // Which types each type names, and which each operation does.
    let edges: Vec<Vec<usize>> = api
        .types
        .iter()
        .map(|t| {
            let mut ids = Vec::new();
            visit_kind(&t.kind, &mut |shape| named_deep(shape, &mut ids));
            if let Some(applied) = &t.checks.applied {
                applied.visit(&mut |shape| named_deep(shape, &mut ids));
            }
            ids.sort_unstable();
            ids.dedup();
            ids
        })
        .collect();
    let mut sets: Vec<BTreeSet<String>> = vec![BTreeSet::new(); api.types.len()];
    let mut work = Vec::new();
    for (op, features) in api.operations.iter().zip(&op_features) {
        let mut ids = Vec::new();
        for_each_op_shape(op, &mut |shape| named_deep(shape, &mut ids));
        for id in ids {
            if add(&mut sets[id], features) {
                work.push(id);
            }
        }
    }
    propagate(&edges, &mut sets, work);
    let unreached: Vec<usize> = (0..sets.len()).filter(|i| sets[*i].is_empty()).collect();
    for &i in &unreached {
        sets[i].insert(OTHER_TYPES.to_owned());
    }
    propagate(&edges, &mut sets, unreached.clone());

    let mut features: Vec<Feature> = tags
        .iter()
        .map(|tag| Feature {
            name: by_tag[tag].to_owned(),
            kind: FeatureKind::Tag((*tag).to_owned()),
        })
        .collect();
    if op_features.iter().any(|f| f.iter().any(|n| n == UNTAGGED)) {
        features.push(Feature {
            name: UNTAGGED.to_owned(),
            kind: FeatureKind::Untagged,
        });
    }
    if !unreached.is_empty() {
        features.push(Feature {
            name: OTHER_TYPES.to_owned(),
            kind: FeatureKind::OtherTypes,
        });
    }
    features.sort_by(|a, b| a.name.cmp(&b.name));

    for (op, features) in api.operations.iter_mut().zip(op_features) {
        op.features = features;
    }
    for (t, set) in api.types.iter_mut().zip(sets) {
        t.facts.features = set.into_iter().collect();
    }
    api.features = features;
}

/// Adds `features` to `set`; whether that changed it.
fn add(set: &mut BTreeSet<String>, features: &[String]) -> bool {
    let before = set.len();
    set.extend(features.iter().cloned());
    set.len() != before
}

/// Closes `sets` over `edges`: a type has every feature of each type naming it. `work`
/// holds the types whose sets changed.
fn propagate(edges: &[Vec<usize>], sets: &mut [BTreeSet<String>], mut work: Vec<usize>) {
    while let Some(i) = work.pop() {
        for &j in &edges[i] {
            if !sets[i].is_subset(&sets[j]) {
                let more: Vec<String> = sets[i].iter().cloned().collect();
                sets[j].extend(more);
                work.push(j);
            }
        }
    }
}

/// Every named type `shape` holds or its checks name, at any depth (not through the named
/// types themselves).
fn named_deep(shape: &Shape, out: &mut Vec<usize>) {
    match &shape.ty {
        Ty::Named { id, .. } => out.push(id.0),
        Ty::Array(inner) | Ty::Map(inner) => named_deep(inner, out),
        _ => {}
    }
    if let Some(applied) = &shape.checks.applied {
        applied.visit(&mut |sub| named_deep(sub, out));
    }
}

/// Calls `f` on every shape of an operation: parameters, response headers, every body and
/// media type, the items of its pages.
fn for_each_op_shape(op: &Operation, f: &mut dyn FnMut(&Shape)) {
    for p in &op.params {
        f(&p.shape);
    }
    for h in op.responses.iter().flat_map(|r| &r.headers) {
        f(&h.shape);
    }
    let bodies = op
        .body
        .iter()
        .chain(op.responses.iter().filter_map(|r| r.body.as_ref()));
    for body in bodies {
        let kinds = std::iter::once(&body.kind).chain(body.alternatives.iter().map(|c| &c.kind));
        for kind in kinds {
            if let BodyKind::Json(shape)
            | BodyKind::JsonLines(shape)
            | BodyKind::Form(shape)
            | BodyKind::Multipart(shape) = kind
            {
                f(shape);
            }
        }
    }
    if let Some(p) = &op.pagination {
        f(&p.item);
    }
}
