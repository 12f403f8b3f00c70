//! Stage 3, `analyze`: every fact that needs the whole graph, worked out once and written
//! into the IR, then the invariants emitters rely on, verified.
//!
//! Facts: which references are `Box`ed (Tarjan SCCs over direct containment), per type its
//! text form, whether it can fail validation, what it can derive and where its alias chain
//! ends, whether an alias is a newtype, which types are seen through their JSON view or
//! checked against views ([`TypeFacts`], the last three in `analyze/checks.rs`); final
//! Rust names (types, operations, their own types, parameters and fields, kept clear of
//! the names each emitter declares itself, which the emitters own:
//! [`crate::emit::client::RESERVED_ARGUMENTS`], [`crate::emit::client::RESERVED_METHODS`],
//! [`crate::emit::client::RESERVED_STEMS`], [`crate::emit::models::EXTRA_FIELD`]); every
//! rename a collision forces is a warning naming both sides. Parameters whose type has no
//! text form fall back to JSON text, with a warning.
//!
//! A failed invariant here is a bug in `lower`, not in the user's spec, so it is reported as
//! an internal error diagnostic rather than a panic. Diagnostics carry the origin of the item
//! they are about; [`crate::lower_spec`] adds line and column from the source map.

mod checks;
pub mod features;

use std::collections::BTreeSet;

use crate::diag::{quote, Diagnostic, Diagnostics};
use crate::emit::{client, models};
use crate::ir::*;
use crate::naming;

/// Analyzes `api` in place. Warnings are returned; errors replace them.
pub fn analyze(api: &mut Api) -> Result<Diagnostics, Diagnostics> {
    let mut diags = Diagnostics::default();
    name_types(api, &mut diags);
    name_operations(api, &mut diags);
    for t in &mut api.types {
        if let TypeKind::Struct(s) = &mut t.kind {
            name_fields(s, &t.origin, &t.rust_name, &mut diags);
        }
    }
    check_ids(api, &mut diags);
    if diags.has_errors() {
        return Err(diags);
    }
    check_alias_cycles(api, &mut diags);
    if diags.has_errors() {
        return Err(diags);
    }
    mark_boxes(api);
    set_targets(api);
    resolve_pagination(api, &mut diags);
    set_text_forms(api);
    fit_params(api, &mut diags);
    set_can_fail(api);
    checks::set_newtypes(api);
    checks::set_views(api);
    checks::set_json_schemas(api);
    set_derives(api);
    check_names(api, &mut diags);
    if diags.has_errors() {
        Err(diags)
    } else {
        Ok(diags)
    }
}

// ----- names ---------------------------------------------------------------------------

/// Makes `names` unique like [`naming::uniquify`] and returns each rename a collision forced:
/// (index, the name it wanted, the index of the entry that kept that name, or `None` when
/// the name is reserved).
fn uniquify_renames(
    names: &mut [String],
    taken: &BTreeSet<String>,
    snake: bool,
) -> Vec<(usize, String, Option<usize>)> {
    let wanted: Vec<String> = names.to_vec();
    naming::uniquify(names, taken, snake);
    let mut keeper = std::collections::BTreeMap::new();
    for (i, name) in names.iter().enumerate() {
        if *name == wanted[i] {
            keeper.insert(name.clone(), i);
        }
    }
    (0..names.len())
        .filter(|i| names[*i] != wanted[*i])
        .map(|i| (i, wanted[i].clone(), keeper.get(&wanted[i]).copied()))
        .collect()
}

fn warn_at(origin: &Origin, message: String) -> Diagnostic {
    Diagnostic::warning(&origin.file, &origin.pointer, message)
}

/// Gives every type a unique Rust name, deterministically: by wanted name, then origin.
fn name_types(api: &mut Api, diags: &mut Diagnostics) {
    let mut order: Vec<usize> = (0..api.types.len()).collect();
    order.sort_by(|a, b| {
        let (a, b) = (&api.types[*a], &api.types[*b]);
        (&a.rust_name, &a.origin).cmp(&(&b.rust_name, &b.origin))
    });
    let mut names: Vec<String> = order
        .iter()
        .map(|i| api.types[*i].rust_name.clone())
        .collect();
    let renames = uniquify_renames(&mut names, &BTreeSet::new(), false);
    for (at, wanted, keeper) in renames {
        let keeper = keeper.map(|k| &api.types[order[k]].origin);
        let renamed = &api.types[order[at]].origin;
        let other = keeper.map_or_else(String::new, |o| format!(" (at {}#{})", o.file, o.pointer));
        diags.push(warn_at(
            renamed,
            format!(
                "the type for this schema would be `{}`, like another schema's{other}; it is named `{}`",
                quote(&wanted),
                quote(&names[at])
            ),
        ));
    }
    for (i, name) in order.into_iter().zip(names) {
        api.types[i].rust_name = name;
    }
}

/// Unique method names (clear of `Client`'s own methods) and type stems (clear of the runtime
/// names the client module imports), each operation's own type names, and its parameters'
/// names (clear of the method's other arguments and the glue's locals).
fn name_operations(api: &mut Api, diags: &mut Diagnostics) {
    let ops = &mut api.operations;
    let mut names: Vec<String> = ops.iter().map(|o| o.rust_name.clone()).collect();
    let reserved = BTreeSet::from(client::RESERVED_METHODS.map(str::to_owned));
    let method_renames = uniquify_renames(&mut names, &reserved, true);
    let mut stems: Vec<String> = ops.iter().map(|o| o.type_stem.clone()).collect();
    let reserved = client::RESERVED_STEMS.map(str::to_owned);
    let stem_renames = uniquify_renames(&mut stems, &BTreeSet::from(reserved), false);
    for (at, wanted, keeper) in &method_renames {
        let op = &ops[*at];
        let why = match keeper.map(|k| &ops[k]) {
            Some(other) if other.operation_id == op.operation_id => format!(
                "operationId `{}` is used twice (also at {}#{}); operationIds should be unique",
                quote(&op.operation_id),
                other.origin.file,
                other.origin.pointer
            ),
            Some(other) => format!(
                "operationId `{}` would give the method `{}`, like operationId `{}` (at {}#{})",
                quote(&op.operation_id),
                quote(wanted),
                quote(&other.operation_id),
                other.origin.file,
                other.origin.pointer
            ),
            None => format!(
                "operationId `{}` would give the method `{}`, which `Client` already has",
                quote(&op.operation_id),
                quote(wanted)
            ),
        };
        diags.push(warn_at(
            &op.origin,
            format!(
                "{why}; this operation's method is `{}` and its types start with `{}`",
                names[*at], stems[*at]
            ),
        ));
    }
    for (at, wanted, keeper) in &stem_renames {
        if method_renames.iter().any(|(m, _, _)| m == at) {
            continue;
        }
        let op = &ops[*at];
        let like = keeper.map_or_else(
            || "names the client module already uses".to_owned(),
            |k| format!("those of operationId `{}`", quote(&ops[k].operation_id)),
        );
        diags.push(warn_at(
            &op.origin,
            format!(
                "the types of operationId `{}` would start with `{}`, like {like}; they start with `{}`",
                quote(&op.operation_id),
                quote(wanted),
                stems[*at]
            ),
        ));
    }
    // The whole-response methods, clear of every plain method name.
    let mut taken: BTreeSet<String> = names.iter().cloned().collect();
    let response_methods: Vec<String> = names
        .iter()
        .map(|name| {
            let mut one = [format!("{}_response", naming::unraw(name))];
            naming::uniquify(&mut one, &taken, true);
            taken.insert(one[0].clone());
            std::mem::take(&mut one[0])
        })
        .collect();
    // The stream of a paginated operation.
    for (op, name) in ops.iter_mut().zip(&names) {
        if let Some(pagination) = &mut op.pagination {
            let mut one = [format!("{}_stream", naming::unraw(name))];
            naming::uniquify(&mut one, &taken, true);
            taken.insert(one[0].clone());
            pagination.method = std::mem::take(&mut one[0]);
        }
    }
    // One method per alternative media type of a success body, clear of all the others.
    for (op, name) in ops.iter_mut().zip(&names) {
        for r in op.responses.iter_mut().filter(|r| r.is_success()) {
            if let Some(body) = &mut r.body {
                // A media type offered twice is text plus its byte stream
                // (`x-specforge-stream`): the stream's method ends in `_bytes`.
                let mut offered: Vec<String> = body
                    .alternatives
                    .iter()
                    .map(|c| c.media_type.clone())
                    .collect();
                offered.push(body.media_type.clone());
                for c in &mut body.alternatives {
                    let mut suffix = media_method_suffix(&c.media_type);
                    let twice = offered.iter().filter(|m| **m == c.media_type).count() > 1;
                    if twice && c.kind == BodyKind::Bytes {
                        suffix.push_str("_bytes");
                    }
                    let mut one = [format!("{}_{suffix}", naming::unraw(name))];
                    naming::uniquify(&mut one, &taken, true);
                    taken.insert(one[0].clone());
                    c.method = std::mem::take(&mut one[0]);
                }
            }
        }
    }
    // One method per other media type a request body accepts.
    for (op, name) in ops.iter_mut().zip(&names) {
        if let Some(body) = &mut op.body {
            for c in &mut body.alternatives {
                let suffix = media_method_suffix(&c.media_type);
                let mut one = [format!("{}_{suffix}", naming::unraw(name))];
                naming::uniquify(&mut one, &taken, true);
                taken.insert(one[0].clone());
                c.method = std::mem::take(&mut one[0]);
            }
        }
    }
    let reserved = BTreeSet::from(client::RESERVED_ARGUMENTS.map(str::to_owned));
    for (((op, name), stem), response_method) in
        ops.iter_mut().zip(names).zip(stems).zip(response_methods)
    {
        op.rust_name = name;
        op.names = OpNames {
            response_method,
            error: format!("{stem}Error"),
            params: format!("{stem}Params"),
            response: format!("{stem}Response"),
            result: format!("{stem}Result"),
        };
        op.type_stem = stem;
        let mut params: Vec<String> = op.params.iter().map(|p| p.rust_name.clone()).collect();
        let wildcard = op.body.iter().any(|b| {
            std::iter::once(b.media_type.as_str())
                .chain(b.alternatives.iter().map(|c| c.media_type.as_str()))
                .any(client::is_wildcard)
        });
        let mut reserved = reserved.clone();
        if wildcard {
            reserved.insert(client::CONTENT_TYPE_ARGUMENT.to_owned());
        }
        for (at, wanted, keeper) in uniquify_renames(&mut params, &reserved, true) {
            let like = keeper.map_or_else(
                || "a name the method itself uses (for an argument or a local)".to_owned(),
                |k| format!("as would parameter `{}`", quote(&op.params[k].wire_name)),
            );
            diags.push(warn_at(
                &op.origin,
                format!(
                    "parameter `{}` would be the argument `{}`, {like}; it is `{}`",
                    quote(&op.params[at].wire_name),
                    naming::unraw(&wanted),
                    naming::unraw(&params[at])
                ),
            ));
        }
        for (p, name) in op.params.iter_mut().zip(params) {
            p.rust_name = name;
        }
        for r in op.responses.iter_mut().filter(|r| !r.headers.is_empty()) {
            r.headers_name = format!("{}{}Headers", op.type_stem, r.rust_name);
            let mut names: Vec<String> = r.headers.iter().map(|h| h.rust_name.clone()).collect();
            naming::uniquify(&mut names, &BTreeSet::new(), true);
            for (h, name) in r.headers.iter_mut().zip(names) {
                h.rust_name = name;
            }
        }
    }
}

/// Unique field names, clear of the field the models emitter adds for unknown properties.
fn name_fields(s: &mut Struct, origin: &Origin, type_name: &str, diags: &mut Diagnostics) {
    let mut names: Vec<String> = s.fields.iter().map(|f| f.rust_name.clone()).collect();
    let reserved = match s.extra {
        Extra::Deny => BTreeSet::new(),
        _ => BTreeSet::from([models::EXTRA_FIELD.to_owned()]),
    };
    for (at, wanted, keeper) in uniquify_renames(&mut names, &reserved, true) {
        let like = keeper.map_or_else(
            || "the name of the field that keeps unknown properties".to_owned(),
            |k| format!("as would property `{}`", quote(&s.fields[k].wire_name)),
        );
        diags.push(warn_at(
            origin,
            format!(
                "property `{}` of `{type_name}` would be the field `{}`, {like}; it is `{}`",
                quote(&s.fields[at].wire_name),
                naming::unraw(&wanted),
                naming::unraw(&names[at])
            ),
        ));
    }
    for (f, n) in s.fields.iter_mut().zip(names) {
        f.rust_name = n;
    }
}

// ----- pagination ----------------------------------------------------------------------

/// Resolves each declared pagination against the operation's success body: the JSONPaths
/// become field steps through the body's types. A declaration that does not fit the body
/// is a warning, and the operation gets no stream.
fn resolve_pagination(api: &mut Api, diags: &mut Diagnostics) {
    for i in 0..api.operations.len() {
        let Some(declared) = api.operations[i].pagination.clone() else {
            continue;
        };
        let op = &api.operations[i];
        let mut ok = op.responses.iter().filter(|r| r.is_success());
        let body = match (ok.next(), ok.next()) {
            (Some(one), None) => one.body.as_ref().and_then(|b| match &b.kind {
                BodyKind::Json(shape) => Some((**shape).clone()),
                _ => None,
            }),
            _ => None,
        };
        let resolved = body
            .ok_or_else(|| {
                "the operation has no single JSON success body to page through".to_owned()
            })
            .and_then(|body| resolve_page_facts(api, &body, declared));
        match resolved {
            Ok(pagination) => api.operations[i].pagination = Some(pagination),
            Err(why) => {
                let op = &api.operations[i];
                diags.push(Diagnostic::warning(
                    &op.origin.file,
                    op.origin.pointer.child("x-specforge-pagination"),
                    format!("pagination cannot be used: {why}; the operation gets no stream"),
                ));
                api.operations[i].pagination = None;
            }
        }
    }
}

fn resolve_page_facts(api: &Api, body: &Shape, mut p: Pagination) -> Result<Pagination, String> {
    let (steps, list) = field_path(api, body, &p.declared.results)?;
    let item = match &list.ty {
        Ty::Array(item) => (**item).clone(),
        _ => return Err(format!("`{}` is not a list", p.declared.results)),
    };
    let value = |text: &Option<String>| -> Result<Option<PageValue>, String> {
        match text {
            None => Ok(None),
            Some(t) => match t.strip_prefix("header:") {
                Some(name) => Ok(Some(PageValue::Header(name.trim().to_owned()))),
                None => field_path(api, body, t).map(|(steps, _)| Some(PageValue::Body(steps))),
            },
        }
    };
    p.results = steps;
    p.item = item;
    p.total = value(&p.declared.total)?;
    p.has_more = value(&p.declared.has_more)?;
    p.next_cursor = value(&p.declared.next_cursor)?;
    p.next_url = match p.kind {
        PageKind::Link => Some(PageValue::LinkNext),
        _ => value(&p.declared.next_url)?,
    };
    if p.kind == PageKind::Cursor && p.next_cursor.is_none() {
        return Err("cursor pagination needs `outputs.nextCursor`".into());
    }
    if p.kind == PageKind::NextUrl && p.next_url.is_none() {
        return Err("next-URL pagination needs `outputs.nextUrl`".into());
    }
    Ok(p)
}

/// The field steps a `$.a.b` path takes through `shape`'s structs, and the shape it ends at.
fn field_path(api: &Api, shape: &Shape, path: &str) -> Result<(Vec<FieldStep>, Shape), String> {
    let rest = path
        .trim()
        .strip_prefix('$')
        .ok_or_else(|| format!("`{path}` is not a JSONPath (`$.field.field`)"))?;
    let mut steps = Vec::new();
    let mut at = shape.clone();
    for key in rest.split('.').filter(|k| !k.is_empty()) {
        let Ty::Named { id, .. } = &at.ty else {
            return Err(format!(
                "`{path}`: `{key}` is inside a value that is not an object"
            ));
        };
        let target = api.types[id.0].facts.target;
        let TypeKind::Struct(s) = &api.types[target.0].kind else {
            return Err(format!(
                "`{path}`: `{key}` is inside a value that is not an object with properties"
            ));
        };
        let Some(field) = s.fields.iter().find(|f| f.wire_name == key) else {
            return Err(format!("`{path}`: the object has no property `{key}`"));
        };
        steps.push(FieldStep {
            rust_name: field.rust_name.clone(),
            optional: !field.required,
            nullable: field.shape.nullable,
        });
        at = field.shape.non_null();
    }
    Ok((steps, at))
}

// ----- invariants ----------------------------------------------------------------------

/// Every `TypeId` resolves and every path part names a path parameter.
fn check_ids(api: &Api, diags: &mut Diagnostics) {
    let count = api.types.len();
    for t in &api.types {
        let mut ids = Vec::new();
        visit_kind(&t.kind, &mut |shape| collect_ids(shape, &mut ids));
        if let Some(bad) = ids.iter().find(|id| id.0 >= count) {
            diags.push(Diagnostic::internal(
                &t.origin,
                format!("type `{}` refers to a missing type #{}", t.rust_name, bad.0),
            ));
        }
    }
    for op in &api.operations {
        let mut ids = Vec::new();
        for_each_op_shape(op, &mut |shape| collect_ids(shape, &mut ids));
        if let Some(bad) = ids.iter().find(|id| id.0 >= count) {
            diags.push(Diagnostic::internal(
                &op.origin,
                format!(
                    "operation `{}` refers to a missing type #{}",
                    op.rust_name, bad.0
                ),
            ));
        }
        for part in &op.path_parts {
            if let PathPart::Param(i) = part {
                if op
                    .params
                    .get(*i)
                    .is_none_or(|p| p.location != ParamLocation::Path)
                {
                    diags.push(Diagnostic::internal(
                        &op.origin,
                        format!(
                            "the path of `{}` names parameter #{i}, which is not a path parameter",
                            op.rust_name
                        ),
                    ));
                }
            }
        }
    }
}

/// Rust names are unique where they share a namespace.
fn check_names(api: &Api, diags: &mut Diagnostics) {
    let mut names = BTreeSet::new();
    for t in &api.types {
        if !names.insert(t.rust_name.as_str()) {
            diags.push(Diagnostic::internal(
                &t.origin,
                format!("two types are named `{}`", t.rust_name),
            ));
        }
        if let TypeKind::Struct(s) = &t.kind {
            let mut fields = BTreeSet::new();
            for f in &s.fields {
                if !fields.insert(f.rust_name.as_str()) {
                    diags.push(Diagnostic::internal(
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
    let mut op_types = BTreeSet::new();
    for op in &api.operations {
        let more = op.pagination.iter().map(|p| p.method.as_str()).chain(
            op.responses
                .iter()
                .filter_map(|r| r.body.as_ref())
                .chain(&op.body)
                .flat_map(|b| b.alternatives.iter().map(|c| c.method.as_str())),
        );
        for method in more {
            if !methods.insert(method) {
                diags.push(Diagnostic::internal(
                    &op.origin,
                    format!("two methods are named `{method}`"),
                ));
            }
        }
        if !methods.insert(op.names.response_method.as_str()) {
            diags.push(Diagnostic::internal(
                &op.origin,
                format!("two methods are named `{}`", op.names.response_method),
            ));
        }
    }
    for op in &api.operations {
        if !methods.insert(op.rust_name.as_str()) {
            diags.push(Diagnostic::internal(
                &op.origin,
                format!("two operations are named `{}`", op.rust_name),
            ));
        }
        let n = &op.names;
        let headers = op.responses.iter().filter(|r| !r.headers.is_empty());
        for name in [&n.error, &n.params, &n.response, &n.result]
            .into_iter()
            .chain(headers.map(|r| &r.headers_name))
        {
            if !op_types.insert(name.as_str()) {
                diags.push(Diagnostic::internal(
                    &op.origin,
                    format!("two client types are named `{name}`"),
                ));
            }
        }
    }
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
                Diagnostic::error(&t.origin.file, &t.origin.pointer, format!("schema `{}` contains itself without going through an object, so it has no Rust type", quote(&t.rust_name)))
                    .with_help("wrap the recursion in an object schema (e.g. `{type: object, properties: {items: ...}}`)"),
            );
        }
    }
}

// ----- facts ---------------------------------------------------------------------------

fn collect_ids(shape: &Shape, out: &mut Vec<TypeId>) {
    match &shape.ty {
        Ty::Named { id, .. } => out.push(*id),
        Ty::Array(inner) | Ty::Map(inner) => collect_ids(inner, out),
        _ => {}
    }
}

/// Calls `f` on every shape an operation holds: parameters and bodies.
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
        if let BodyKind::Json(shape) | BodyKind::Form(shape) | BodyKind::Multipart(shape) =
            &body.kind
        {
            f(shape);
        }
        for c in &body.alternatives {
            if let BodyKind::Json(shape)
            | BodyKind::JsonLines(shape)
            | BodyKind::Form(shape)
            | BodyKind::Multipart(shape) = &c.kind
            {
                f(shape);
            }
        }
    }
}

/// Marks the references that must be boxed to keep types finite: those inside a strongly
/// connected component of the "holds inline" graph (a `Vec` or map already allocates).
fn mark_boxes(api: &mut Api) {
    let n = api.types.len();
    let mut edges: Vec<Vec<TypeId>> = vec![Vec::new(); n];
    for (i, t) in api.types.iter().enumerate() {
        visit_kind(&t.kind, &mut |shape| {
            if let Ty::Named { id, .. } = &shape.ty {
                edges[i].push(*id);
            }
        });
    }
    let component = tarjan(&edges);
    for i in 0..n {
        let own = component[i];
        visit_kind_mut(&mut api.types[i].kind, &mut |shape| {
            if let Ty::Named { id, boxed } = &mut shape.ty {
                if component[id.0] == own {
                    *boxed = true;
                }
            }
        });
    }
}

/// Where each alias chain ends: an alias whose shape is a named type stands for that type
/// (alias cycles were refused, so every chain ends).
fn set_targets(api: &mut Api) {
    for i in 0..api.types.len() {
        let mut at = i;
        while let TypeKind::Alias(Shape {
            ty: Ty::Named { id, .. },
            ..
        }) = &api.types[at].kind
        {
            at = id.0;
        }
        api.types[i].facts.target = TypeId(at);
    }
}

/// Runs `step` over every type until nothing changes; `step` says whether type `i`'s fact
/// becomes true given the current ones. Each pass is linear, and a fact only ever turns on.
fn fixpoint(api: &Api, mut step: impl FnMut(&Api, usize, &[bool]) -> bool) -> Vec<bool> {
    let mut facts = vec![false; api.types.len()];
    loop {
        let mut changed = false;
        for i in 0..api.types.len() {
            if !facts[i] && step(api, i, &facts) {
                facts[i] = true;
                changed = true;
            }
        }
        if !changed {
            return facts;
        }
    }
}

/// Whether a value of `shape` (not `null`) has a text form, given the types' text forms.
fn shape_has_text_form(shape: &Shape, text: &[bool]) -> bool {
    !shape.nullable
        && match &shape.ty {
            Ty::Bool | Ty::Integer(_) | Ty::Number(_) | Ty::String(_) | Ty::Any => true,
            Ty::Named { id, .. } => text[id.0],
            _ => false,
        }
}

fn set_text_forms(api: &mut Api) {
    let text = fixpoint(api, |api, i, text| match &api.types[i].kind {
        TypeKind::Enum(_) => true,
        TypeKind::Alias(shape) => shape_has_text_form(shape, text),
        TypeKind::Union(u) => {
            u.tag.is_none()
                && u.variants
                    .iter()
                    .all(|v| shape_has_text_form(&v.shape, text))
        }
        TypeKind::Struct(_) => false,
    });
    for (t, yes) in api.types.iter_mut().zip(text) {
        t.facts.text_form = yes;
    }
}

/// Parameters and headers go on the wire as text: a parameter whose type has no text form
/// (an object, a map, a tagged union) is sent as its JSON text instead, and such a response
/// header is read as a plain string, each with a warning.
fn fit_params(api: &mut Api, diags: &mut Diagnostics) {
    let text: Vec<bool> = api.types.iter().map(|t| t.facts.text_form).collect();
    for op in &mut api.operations {
        for p in &mut op.params {
            // The parameter itself may be optional or nullable (`Option` skips it).
            let outer = p.shape.non_null();
            let fits = match &outer.ty {
                Ty::Array(item) => shape_has_text_form(item, &text),
                _ => shape_has_text_form(&outer, &text),
            };
            if !fits {
                diags.push(Diagnostic::warning(&op.origin.file, &op.origin.pointer, format!("parameter `{}` has a structured type with no text form; it is taken as any JSON value and sent as JSON text", quote(&p.wire_name))));
                p.shape = Shape {
                    nullable: p.shape.nullable,
                    ..Shape::default()
                };
            }
        }
        for r in &mut op.responses {
            for h in &mut r.headers {
                if !shape_has_text_form(&h.shape.non_null(), &text) {
                    diags.push(Diagnostic::warning(&op.origin.file, &op.origin.pointer, format!("response header `{}` has a structured type with no text form; it is read as a string", h.wire_name)));
                    h.shape = Shape {
                        ty: Ty::String(StringFormat::Plain),
                        ..Shape::default()
                    };
                }
            }
        }
    }
}

fn set_can_fail(api: &mut Api) {
    let can_fail = fixpoint(api, |api, i, can_fail| {
        !api.types[i].checks.is_empty()
            || match &api.types[i].kind {
                TypeKind::Enum(e) => !e.open,
                TypeKind::Struct(s) => {
                    s.min_properties.is_some()
                        || s.max_properties.is_some()
                        || s.fields
                            .iter()
                            .any(|f| shape_can_fail(&f.shape, &|id| can_fail[id.0]))
                        || matches!(&s.extra, Extra::Typed(shape) if shape_can_fail(shape, &|id| can_fail[id.0]))
                }
                // A tagged union can hold an unknown alternative, which is reported.
                TypeKind::Union(u) => {
                    u.tag.is_some()
                        || u.variants
                            .iter()
                            .any(|v| shape_can_fail(&v.shape, &|id| can_fail[id.0]))
                }
                TypeKind::Alias(shape) => shape_can_fail(shape, &|id| can_fail[id.0]),
            }
    });
    for (t, yes) in api.types.iter_mut().zip(can_fail) {
        t.facts.can_fail = yes;
    }
}

/// Whether every value a shape holds has the property `leaf` says scalars have, given the
/// types' facts (`not_yet[i]`: type `i` is known to lack it).
fn shape_all(shape: &Shape, not_yet: &[bool], leaf: &dyn Fn(&Ty) -> bool) -> bool {
    match &shape.ty {
        Ty::Array(inner) | Ty::Map(inner) => shape_all(inner, not_yet, leaf),
        Ty::Named { id, .. } => !not_yet[id.0],
        ty => leaf(ty),
    }
}

/// `Eq` and `Hash` hold unless a float is inside (and, for `Hash`, a JSON value); found as
/// the greatest fixpoint (a type lacks them once anything it holds lacks them), so
/// recursive types keep them. `Default` needs a struct whose fields are all optional.
fn set_derives(api: &mut Api) {
    let eq_leaf = |ty: &Ty| !matches!(ty, Ty::Number(_));
    let hash_leaf = |ty: &Ty| !matches!(ty, Ty::Number(_) | Ty::Any | Ty::AnyObject);
    let lacks = |leaf: &dyn Fn(&Ty) -> bool| {
        fixpoint(api, |api, i, lacks| {
            let mut all = true;
            visit_kind(&api.types[i].kind, &mut |shape| {
                all &= shape_all(shape, lacks, leaf);
            });
            let extra_ok = match &api.types[i].kind {
                TypeKind::Struct(s) => !matches!(s.extra, Extra::Keep) || leaf(&Ty::AnyObject),
                TypeKind::Union(u) => u.tag.is_none() || leaf(&Ty::Any),
                _ => true,
            };
            !(all && extra_ok)
        })
    };
    let no_eq = lacks(&eq_leaf);
    let no_hash = lacks(&hash_leaf);
    for (i, t) in api.types.iter_mut().enumerate() {
        t.facts.eq = !no_eq[i];
        t.facts.hash = !no_hash[i];
        t.facts.default =
            matches!(&t.kind, TypeKind::Struct(s) if s.fields.iter().all(|f| !f.required));
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

/// The method suffix of a body's other media type: its usual short name, and for a wildcard
/// what goes over the wire (`*/*` and `image/*` are bytes, `text/*` text).
fn media_method_suffix(media: &str) -> String {
    let essence = media.split(';').next().unwrap_or(media).trim();
    match essence.split_once('/') {
        Some(("text", "*")) => "text".to_owned(),
        Some((_, "*")) => "bytes".to_owned(),
        _ => naming::media_suffix(media),
    }
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
