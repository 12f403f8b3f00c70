//! Stage 3, `check`: the invariants emitters rely on, verified once, and the facts derived
//! from the whole graph (which references must be boxed, which types can report violations).
//!
//! A failed invariant here is a bug in `lower`, not in the user's spec, so it is reported as
//! an internal error diagnostic rather than a panic.

use std::collections::BTreeSet;

use crate::diag::{Diagnostic, Diagnostics};
use crate::ir::*;

/// Checks `api` and marks the references that must be boxed to keep types finite.
pub fn check(api: &mut Api) -> Result<(), Diagnostics> {
    let mut diags = Diagnostics::default();
    let count = api.types.len();
    let mut names = BTreeSet::new();
    for t in &api.types {
        if !names.insert(t.rust_name.as_str()) {
            diags.push(internal(
                &t.origin,
                format!("two types are named `{}`", t.rust_name),
            ));
        }
        let mut ids = Vec::new();
        visit_kind(&t.kind, &mut |shape| collect_ids(shape, &mut ids));
        if let Some(bad) = ids.iter().find(|id| id.0 >= count) {
            diags.push(internal(
                &t.origin,
                format!("type `{}` refers to a missing type #{}", t.rust_name, bad.0),
            ));
        }
        if let TypeKind::Struct(s) = &t.kind {
            let mut fields = BTreeSet::new();
            for f in &s.fields {
                if !fields.insert(f.rust_name.as_str()) {
                    diags.push(internal(
                        &t.origin,
                        format!(
                            "two fields of `{}` are named `{}`",
                            t.rust_name, f.rust_name
                        ),
                    ));
                }
            }
        }
    }
    let mut methods = BTreeSet::new();
    for op in &api.operations {
        if !methods.insert(op.rust_name.as_str()) {
            diags.push(internal(
                &op.origin,
                format!("two operations are named `{}`", op.rust_name),
            ));
        }
    }
    if diags.has_errors() {
        return Err(diags);
    }
    check_alias_cycles(api, &mut diags);
    if diags.has_errors() {
        return Err(diags);
    }
    mark_boxes(api);
    Ok(())
}

/// A type alias that contains itself (`Tree = Vec<Tree>`, or `A = B`, `B = Option<A>`) has
/// no finite expansion in Rust, whatever is boxed. Such a schema must go through an object.
fn check_alias_cycles(api: &Api, diags: &mut Diagnostics) {
    let n = api.types.len();
    let is_alias = |i: usize| matches!(api.types[i].kind, TypeKind::Alias(_));
    let mut edges: Vec<Vec<TypeId>> = vec![Vec::new(); n];
    for (i, t) in api.types.iter().enumerate() {
        if let TypeKind::Alias(shape) = &t.kind {
            let mut ids = Vec::new();
            collect_ids(shape, &mut ids);
            edges[i] = ids.into_iter().filter(|id| is_alias(id.0)).collect();
        }
    }
    let component = tarjan(&edges);
    for i in (0..n).filter(|i| is_alias(*i)) {
        let cyclic = edges[i].iter().any(|t| component[t.0] == component[i]);
        if cyclic {
            let t = &api.types[i];
            diags.push(
                Diagnostic::error(&t.origin.file, &t.origin.pointer, format!("schema `{}` contains itself without going through an object, so it has no Rust type", t.rust_name))
                    .with_help("wrap the recursion in an object schema (e.g. `{type: object, properties: {items: ...}}`)"),
            );
        }
    }
}

fn internal(origin: &Origin, message: String) -> Diagnostic {
    Diagnostic::error(
        &origin.file,
        &origin.pointer,
        format!("internal error (please report): {message}"),
    )
}

/// Calls `f` on every shape directly inside a type's definition.
pub fn visit_kind(kind: &TypeKind, f: &mut dyn FnMut(&Shape)) {
    match kind {
        TypeKind::Struct(s) => {
            for field in &s.fields {
                f(&field.shape);
            }
            if let Extra::Typed(shape) = &s.extra {
                f(shape);
            }
        }
        TypeKind::Union(u) => {
            for v in &u.variants {
                f(&v.shape);
            }
        }
        TypeKind::Alias(shape) => f(shape),
        TypeKind::Enum(_) => {}
    }
}

fn collect_ids(shape: &Shape, out: &mut Vec<TypeId>) {
    match &shape.ty {
        Ty::Named { id, .. } => out.push(*id),
        Ty::Array(inner) | Ty::Map(inner) => collect_ids(inner, out),
        _ => {}
    }
}

/// The types a shape holds *inline* (not behind a `Vec` or map, which already allocate).
fn direct_ids(shape: &Shape, out: &mut Vec<TypeId>) {
    if let Ty::Named { id, .. } = &shape.ty {
        out.push(*id);
    }
}

fn mark_boxes(api: &mut Api) {
    let n = api.types.len();
    let mut edges: Vec<Vec<TypeId>> = vec![Vec::new(); n];
    for (i, t) in api.types.iter().enumerate() {
        visit_kind(&t.kind, &mut |shape| direct_ids(shape, &mut edges[i]));
    }
    let component = tarjan(&edges);
    for i in 0..n {
        let own = component[i];
        let mark = |shape: &mut Shape| {
            if let Ty::Named { id, boxed } = &mut shape.ty {
                if component[id.0] == own {
                    *boxed = true;
                }
            }
        };
        match &mut api.types[i].kind {
            TypeKind::Struct(s) => {
                for field in &mut s.fields {
                    mark(&mut field.shape);
                }
                if let Extra::Typed(shape) = &mut s.extra {
                    mark(shape);
                }
            }
            TypeKind::Union(u) => {
                for v in &mut u.variants {
                    mark(&mut v.shape);
                }
            }
            TypeKind::Alias(shape) => mark(shape),
            TypeKind::Enum(_) => {}
        }
    }
}

/// Strongly connected components (iterative Tarjan, so deep graphs cannot overflow the
/// stack); returns each node's component number.
fn tarjan(edges: &[Vec<TypeId>]) -> Vec<usize> {
    let n = edges.len();
    let mut index = vec![usize::MAX; n];
    let mut low = vec![0; n];
    let mut on_stack = vec![false; n];
    let mut stack = Vec::new();
    let mut component = vec![usize::MAX; n];
    let mut next_index = 0;
    let mut next_component = 0;
    for start in 0..n {
        if index[start] != usize::MAX {
            continue;
        }
        let mut work: Vec<(usize, usize)> = vec![(start, 0)];
        while let Some((v, edge)) = work.pop() {
            if edge == 0 {
                index[v] = next_index;
                low[v] = next_index;
                next_index += 1;
                stack.push(v);
                on_stack[v] = true;
            }
            if let Some(w) = edges[v].get(edge).map(|t| t.0) {
                work.push((v, edge + 1));
                if index[w] == usize::MAX {
                    work.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(index[w]);
                }
                continue;
            }
            if low[v] == index[v] {
                loop {
                    let w = stack.pop().unwrap_or(v);
                    on_stack[w] = false;
                    component[w] = next_component;
                    if w == v {
                        break;
                    }
                }
                next_component += 1;
            }
            if let Some(&(parent, _)) = work.last() {
                low[parent] = low[parent].min(low[v]);
            }
        }
    }
    component
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tarjan_finds_cycles() {
        // 0 -> 1 -> 2 -> 0, 3 -> 3, 4 alone.
        let edges = vec![
            vec![TypeId(1)],
            vec![TypeId(2)],
            vec![TypeId(0)],
            vec![TypeId(3)],
            vec![],
        ];
        let c = tarjan(&edges);
        assert_eq!(c[0], c[1]);
        assert_eq!(c[1], c[2]);
        assert_ne!(c[0], c[3]);
        assert_ne!(c[3], c[4]);
    }
}
