//! Whole-graph facts about checks: which aliases become newtypes (they state constraints of
//! their own, so a value of them must validate itself), which types are looked at through
//! their JSON view (`Instance`), and which types' schemas are checked against JSON views
//! (`JsonSchema`, for subschemas that name them).

use crate::ir::*;

/// Calls `f` on `shape` and every shape inside it that checks see: array items and map
/// values (not through named types) and, when `subschemas`, every subschema of its checks.
fn walk(shape: &Shape, subschemas: bool, f: &mut dyn FnMut(&Shape)) {
    f(shape);
    match &shape.ty {
        Ty::Array(inner) | Ty::Map(inner) => walk(inner, subschemas, f),
        _ => {}
    }
    if subschemas {
        if let Some(applied) = &shape.checks.applied {
            applied.visit(&mut |sub| walk(sub, true, f));
        }
    }
}

/// The named types a value of `ty` can hold, directly or in arrays and maps.
fn named_in(ty: &Ty, out: &mut Vec<TypeId>) {
    match ty {
        Ty::Named { id, .. } => out.push(*id),
        Ty::Array(inner) | Ty::Map(inner) => named_in(&inner.ty, out),
        _ => {}
    }
}

/// Whether a shape states a constraint of its own (not one of a named type it holds).
fn states_checks(shape: &Shape) -> bool {
    let mut found = false;
    walk(shape, false, &mut |s| found |= !s.checks.is_empty());
    found
}

/// Aliases whose own shape states constraints become newtypes.
pub(super) fn set_newtypes(api: &mut Api) {
    for t in &mut api.types {
        t.facts.newtype = matches!(&t.kind, TypeKind::Alias(shape) if states_checks(shape));
    }
}

/// Closes `marked` over what each marked type holds (`holds(api, i, out)` lists it).
fn close(api: &Api, marked: &mut [bool], holds: &dyn Fn(&Api, usize, &mut Vec<TypeId>)) {
    let mut work: Vec<usize> = (0..marked.len()).filter(|i| marked[*i]).collect();
    while let Some(i) = work.pop() {
        let mut next = Vec::new();
        holds(api, i, &mut next);
        for id in next {
            if !marked[id.0] {
                marked[id.0] = true;
                work.push(id.0);
            }
        }
    }
}

/// The types whose values a check looks at through their JSON view: those with type-level
/// checks, and every named type inside a value whose checks go through its view; then
/// everything such a value holds (a struct's view shows its fields).
pub(super) fn set_views(api: &mut Api) {
    let mut marked = vec![false; api.types.len()];
    for (i, t) in api.types.iter().enumerate() {
        if !t.checks.is_empty() {
            marked[i] = true;
        }
        let mut roots = Vec::new();
        visit_kind(&t.kind, &mut |shape| {
            walk(shape, false, &mut |s| {
                if s.checks.on_view(&s.ty) {
                    named_in(&s.ty, &mut roots);
                }
            });
        });
        for id in roots {
            marked[id.0] = true;
        }
    }
    close(api, &mut marked, &|api, i, out| {
        visit_kind(&api.types[i].kind, &mut |shape| named_in(&shape.ty, out));
    });
    for (t, yes) in api.types.iter_mut().zip(marked) {
        t.facts.view = yes;
    }
}

/// The types a subschema names (checked against JSON views through `JsonSchema`), and
/// every type their schemas name in turn.
pub(super) fn set_json_schemas(api: &mut Api) {
    let mut marked = vec![false; api.types.len()];
    let subschema_types = |checks: &Checks, out: &mut Vec<TypeId>| {
        if let Some(applied) = &checks.applied {
            applied.visit(&mut |sub| walk(sub, true, &mut |s| named_in(&s.ty, out)));
        }
    };
    for t in &api.types {
        let mut roots = Vec::new();
        subschema_types(&t.checks, &mut roots);
        visit_kind(&t.kind, &mut |shape| {
            walk(shape, false, &mut |s| {
                subschema_types(&s.checks, &mut roots)
            });
        });
        for id in roots {
            marked[id.0] = true;
        }
    }
    close(api, &mut marked, &|api, i, out| {
        let t = &api.types[i];
        subschema_types(&t.checks, out);
        visit_kind(&t.kind, &mut |shape| {
            walk(shape, true, &mut |s| named_in(&s.ty, out));
        });
    });
    for (t, yes) in api.types.iter_mut().zip(marked) {
        t.facts.json_schema = yes;
    }
}
