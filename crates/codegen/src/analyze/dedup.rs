//! Structurally identical inline schemas become one type.
//!
//! Specs published with every `$ref` inlined (GitHub's dereferenced spec has the same user
//! object in hundreds of places) would otherwise give one type per copy. Two types are
//! identical when they say the same thing after lowering: the same kind, fields (wire
//! names, required, shapes, flags, defaults, and their descriptions and examples, which
//! the type carries), variants, nullability, deprecation and checks, and references to
//! identical types. What is not compared is what the place a schema sits in says about it:
//! the schema's own description, title and examples (an inline schema's description is
//! usually its property's, which that property's field keeps), and the names lowering
//! derived from the place (an untagged union's variants, named after their types).
//!
//! - A type the spec names (a `$ref` target: a component, a file; [`TypeDef::named`]) stays
//!   a type of its own, even when another named type is identical.
//! - An inline schema identical to a named one and documented alike (a copy the spec's
//!   publisher inlined) becomes the named type; the first by origin if several are.
//! - The other inline schemas identical to each other become one type, named after the most
//!   common of their names, then the shortest, then the first by name and origin; it keeps
//!   that one's examples, and the description if they all share it.
//!
//! Field descriptions are compared because a struct shows them to every user of the type:
//! Apify's run gives the same `{default: string}` shape to its datasets, key-value stores
//! and request queues, each property described for what it holds, and one type would tell
//! two of them they hold datasets. An enum's values carry no descriptions, so the many
//! GitHub permission levels (`read`, `write`), each described for its own permission, are
//! one type.
//!
//! Types are visited children first (Tarjan's components), each reduced once to a canonical
//! form whose references are classes of identical types, and that form hashed: linear in
//! the size of the IR, and the classes do not depend on the order of the spec. Types on a
//! cycle of references are left as they are.

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::hash::{DefaultHasher, Hasher};

use crate::ir::*;
use crate::naming;

/// What is compared of a type: [`canonical`] leaves out what the place it sits in says.
#[derive(Debug, PartialEq)]
struct Canonical {
    deprecated: bool,
    nullable: bool,
    kind: TypeKind,
    checks: Checks,
}

/// Merges every inline type into an identical type (see the module doc); every reference
/// follows.
pub(super) fn merge_identical_types(api: &mut Api) {
    let n = api.types.len();
    let edges: Vec<Vec<TypeId>> = api
        .types
        .iter()
        .map(|t| {
            let mut ids = Vec::new();
            t.visit_ids(&mut |id| ids.push(id));
            ids
        })
        .collect();
    let component = super::tarjan(&edges);
    let mut size = vec![0usize; n];
    for c in &component {
        size[*c] += 1;
    }
    let cyclic = |i: usize| size[component[i]] > 1 || edges[i].iter().any(|id| id.0 == i);
    // Tarjan numbers a component after every component it reaches: children first.
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by_key(|i| (component[*i], *i));

    // Classes of identical types, named or not: a type's class follows from its canonical
    // form, whose references are to its children's classes.
    let mut class_of = vec![usize::MAX; n];
    let mut members: Vec<Vec<usize>> = Vec::new();
    let mut table: HashMap<u64, Vec<(usize, Canonical)>> = HashMap::new();
    for i in order {
        let class = if cyclic(i) {
            None
        } else {
            let form = canonical(&api.types[i], &class_of);
            let bucket = table.entry(hash_of(&form)).or_default();
            match bucket.iter().find(|(_, f)| *f == form) {
                Some(&(c, _)) => Some(c),
                None => {
                    bucket.push((members.len(), form));
                    None
                }
            }
        };
        class_of[i] = class.unwrap_or_else(|| {
            members.push(Vec::new());
            members.len() - 1
        });
        members[class_of[i]].push(i);
    }

    // What each type becomes: a named type itself; an inline one the first named type of
    // its class (by origin) that it documents alike, else the chosen one of the rest.
    let mut target: Vec<usize> = (0..n).collect();
    let mut undocumented = Vec::new();
    for class in &mut members {
        class.sort_by(|a, b| api.types[*a].origin.cmp(&api.types[*b].origin));
        let (named, inline): (Vec<usize>, Vec<usize>) =
            class.iter().partition(|i| api.types[**i].named);
        let mut rest = Vec::new();
        for i in inline {
            match named
                .iter()
                .find(|n| documented_alike(&api.types[i], &api.types[**n]))
            {
                Some(n) => target[i] = *n,
                None => rest.push(i),
            }
        }
        let chosen = choose(api, &rest);
        if rest
            .iter()
            .any(|i| api.types[*i].doc != api.types[chosen].doc)
        {
            undocumented.push(chosen);
        }
        for i in rest {
            target[i] = chosen;
        }
    }
    // A description that only some of the merged schemas have would mislead the others.
    for i in undocumented {
        api.types[i].doc = None;
    }

    let mut new_index = vec![usize::MAX; n];
    let mut kept = 0;
    for (i, slot) in new_index.iter_mut().enumerate() {
        if target[i] == i {
            *slot = kept;
            kept += 1;
        }
    }
    if kept == n {
        return;
    }
    let map: Vec<TypeId> = (0..n).map(|i| TypeId(new_index[target[i]])).collect();
    let types = std::mem::take(&mut api.types);
    api.types = types
        .into_iter()
        .enumerate()
        .filter(|(i, _)| target[*i] == *i)
        .map(|(_, mut t)| {
            t.visit_ids_mut(&mut |id| *id = map[id.0]);
            t
        })
        .collect();
    for op in &mut api.operations {
        op.visit_shapes_mut(&mut |shape| shape.visit_ids_mut(&mut |id| *id = map[id.0]));
    }
    rename_untagged_variants(api);
}

/// The one of `candidates` (inline types, sorted by origin) the others become: the one with
/// the most common name, then the shortest, then the first by name and origin.
fn choose(api: &Api, candidates: &[usize]) -> usize {
    let mut count: BTreeMap<&str, usize> = BTreeMap::new();
    for i in candidates {
        *count.entry(api.types[*i].rust_name.as_str()).or_default() += 1;
    }
    let rank = |i: &usize| {
        let t = &api.types[*i];
        let name = t.rust_name.as_str();
        (std::cmp::Reverse(count[name]), name.len(), name, &t.origin)
    };
    candidates
        .iter()
        .min_by(|a, b| rank(a).cmp(&rank(b)))
        .copied()
        .unwrap_or(usize::MAX)
}

/// Whether two identical types are documented alike (their fields' descriptions are part of
/// what makes them identical), which tells a copy of a named schema from another schema of
/// the same shape.
fn documented_alike(a: &TypeDef, b: &TypeDef) -> bool {
    a.doc == b.doc && a.examples == b.examples
}

/// The canonical form of `t`: references are to classes of identical types, and what the
/// place it sits in says is left out (see the module doc). The pattern names every field,
/// so a field added to `TypeDef` must be placed on one side or the other.
fn canonical(t: &TypeDef, class_of: &[usize]) -> Canonical {
    let TypeDef {
        rust_name: _,
        origin: _,
        named: _,
        doc: _,
        examples: _,
        deprecated,
        kind,
        checks,
        nullable,
        facts: _,
    } = t;
    let mut form = Canonical {
        deprecated: *deprecated,
        nullable: *nullable,
        kind: kind.clone(),
        checks: checks.clone(),
    };
    match &mut form.kind {
        TypeKind::Union(u) if u.tag.is_none() => {
            // Named after their types (see `rename_untagged_variants`).
            u.other_name.clear();
            for v in &mut u.variants {
                let UnionVariant {
                    rust_name,
                    tag_values: _,
                    shape: _,
                } = v;
                rust_name.clear();
            }
        }
        TypeKind::Struct(_) | TypeKind::Union(_) | TypeKind::Enum(_) | TypeKind::Alias(_) => {}
    }
    let mut to_class = |id: &mut TypeId| *id = TypeId(class_of[id.0]);
    visit_kind_mut(&mut form.kind, &mut |shape| {
        shape.visit_ids_mut(&mut to_class)
    });
    form.checks.visit_ids_mut(&mut to_class);
    form
}

/// The variants of an untagged union are named after their shapes, a named type's by its
/// name, as lowering names them; named again once the types they hold may have merged.
fn rename_untagged_variants(api: &mut Api) {
    for i in 0..api.types.len() {
        let TypeKind::Union(u) = &api.types[i].kind else {
            continue;
        };
        if u.tag.is_some() {
            continue;
        }
        let mut names: Vec<String> = u
            .variants
            .iter()
            .map(|v| match &v.shape.ty {
                Ty::Named { id, .. } => api.types[id.0].rust_name.clone(),
                other => naming::variant_name_for(other),
            })
            .collect();
        let other_name = naming::with_catch_all(&mut names, "Other", false);
        if let TypeKind::Union(u) = &mut api.types[i].kind {
            for (v, name) in u.variants.iter_mut().zip(names) {
                v.rust_name = name;
            }
            u.other_name = other_name;
        }
    }
}

/// The hash of a value's `Debug` text, written straight into the hasher.
fn hash_of(value: &impl fmt::Debug) -> u64 {
    struct Write<'a>(&'a mut DefaultHasher);
    impl fmt::Write for Write<'_> {
        fn write_str(&mut self, s: &str) -> fmt::Result {
            self.0.write(s.as_bytes());
            Ok(())
        }
    }
    let mut hasher = DefaultHasher::new();
    let _ = fmt::write(&mut Write(&mut hasher), format_args!("{value:?}"));
    hasher.finish()
}
