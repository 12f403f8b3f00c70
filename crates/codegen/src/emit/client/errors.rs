//! Error enums shared by operations that document the same error statuses alike: one enum
//! (with its `Display` and its reading of a response, `StatusError`) per distinct set, and
//! each operation's error type an alias of it.
//! An API whose operations fail the same ways (most do: the same 4XX/5XX bodies) then has a
//! handful of error enums instead of one per operation.

use std::collections::{BTreeSet, HashMap};

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::glue::error_decode;
use super::types::{error_display, error_enum};
use super::OpTypes;
use crate::emit::{gate_items, ident, Ctx};
use crate::ir::*;

/// How each operation gets its error type.
pub(super) struct SharedErrors {
    /// For operation `i`, the shared enum its error type aliases (`None`: its own enum).
    alias_of: Vec<Option<Ident>>,
    /// The shared enums with their `Display` and `StatusError` impls, gated like the
    /// operations using them.
    pub items: Vec<TokenStream>,
}

impl SharedErrors {
    pub fn new(ctx: Ctx<'_>, api: &Api) -> Self {
        // Operations grouped by their error enum as it would be emitted (variants, their
        // docs and bodies, and `Display`), in the order groups first appear.
        let placeholder = ident("Placeholder");
        let mut groups: Vec<Vec<usize>> = Vec::new();
        let mut index: HashMap<String, usize> = HashMap::new();
        for (i, op) in api.operations.iter().enumerate() {
            let key = format!(
                "{}{}{}",
                error_enum(ctx, op, &placeholder, ""),
                error_display(ctx, op, &placeholder),
                error_decode(ctx, op, &placeholder)
            );
            let g = *index.entry(key).or_insert_with(|| {
                groups.push(Vec::new());
                groups.len() - 1
            });
            groups[g].push(i);
        }
        let mut taken: BTreeSet<String> = api
            .operations
            .iter()
            .flat_map(|op| {
                let n = &op.names;
                let headers = op.responses.iter().map(|r| r.headers_name.clone());
                [
                    n.error.clone(),
                    n.params.clone(),
                    n.response.clone(),
                    n.result.clone(),
                ]
                .into_iter()
                .chain(headers)
            })
            .collect();
        // Names the module imports or defines besides the operations' own.
        for name in [
            "ApiResult",
            "BoxFuture",
            "BuildError",
            "CallOptions",
            "Client",
            "ClientBuilder",
            "Config",
            "Error",
            "ErrorContext",
            "ErrorKind",
            "Full",
            "Method",
            "Request",
            "RetryPolicy",
        ] {
            taken.insert(name.to_owned());
        }
        let mut alias_of = vec![None; api.operations.len()];
        let mut items = Vec::new();
        for ops in groups.iter().filter(|ops| ops.len() > 1) {
            let first = &api.operations[ops[0]];
            let statuses = first
                .responses
                .iter()
                .filter(|r| !r.is_success())
                .map(|r| r.status);
            let name = unique(shared_name(statuses), &taken);
            taken.insert(name.clone());
            let name = ident(&name);
            let doc = shared_doc(ctx, api, ops);
            let mut features: Vec<String> = ops
                .iter()
                .flat_map(|&i| api.operations[i].features.iter().cloned())
                .collect();
            features.sort();
            features.dedup();
            let enum_ = error_enum(ctx, first, &name, &doc);
            let display = error_display(ctx, first, &name);
            let decode = error_decode(ctx, first, &name);
            items.push(gate_items(&features, quote! { #enum_ #display #decode }));
            for &i in ops {
                alias_of[i] = Some(name.clone());
            }
        }
        SharedErrors { alias_of, items }
    }

    /// The operation's error type: its own enum, or an alias of the shared one.
    pub fn error_type(
        &self,
        ctx: Ctx<'_>,
        i: usize,
        op: &Operation,
        types: &OpTypes,
    ) -> TokenStream {
        let name = &types.error;
        match &self.alias_of[i] {
            None => {
                let doc = format!(
                    " The error statuses [`{}::{}`] documents, each with its body.",
                    ctx.api.trait_name, op.rust_name
                );
                let enum_ = error_enum(ctx, op, name, &doc);
                let display = error_display(ctx, op, name);
                let decode = error_decode(ctx, op, name);
                quote! { #enum_ #display #decode }
            }
            Some(shared) => {
                let doc = format!(
                    " The error statuses [`{}::{}`] documents, each with its body: those of [`{shared}`], which other operations document alike.",
                    ctx.api.trait_name, op.rust_name
                );
                quote! {
                    #[doc = #doc]
                    pub type #name = #shared;
                }
            }
        }
    }
}

/// `Error` and the statuses, in the order the operation lists them: `Error400_401_404`,
/// `Error4XX5XX`, `Error404Default`; `NoDocumentedError` for none. An underscore only
/// between two digits, so the name is one rustc's case lint accepts.
fn shared_name(statuses: impl IntoIterator<Item = StatusMatch>) -> String {
    let mut name = String::from("Error");
    let parts = statuses.into_iter().map(|status| match status {
        StatusMatch::Code(code) => code.to_string(),
        StatusMatch::Range(h) => format!("{h}XX"),
        StatusMatch::Default => "Default".to_owned(),
    });
    let mut any = false;
    for part in parts {
        let last_digit = name.ends_with(|c: char| c.is_ascii_digit());
        if last_digit && part.starts_with(|c: char| c.is_ascii_digit()) {
            name.push('_');
        }
        name.push_str(&part);
        any = true;
    }
    if any {
        name
    } else {
        "NoDocumentedError".to_owned()
    }
}

/// `name`, or `name` with `V2`, `V3`, ... when another item of the module has it.
fn unique(name: String, taken: &BTreeSet<String>) -> String {
    if !taken.contains(&name) {
        return name;
    }
    (2..)
        .map(|n| format!("{name}V{n}"))
        .find(|candidate| !taken.contains(candidate))
        .unwrap_or(name)
}

fn shared_doc(ctx: Ctx<'_>, api: &Api, ops: &[usize]) -> String {
    let named: Vec<String> = ops
        .iter()
        .take(3)
        .map(|&i| {
            format!(
                "[`{}::{}`]",
                ctx.api.trait_name, api.operations[i].rust_name
            )
        })
        .collect();
    let rest = match ops.len().saturating_sub(3) {
        0 => String::new(),
        1 => " and 1 more".to_owned(),
        n => format!(" and {n} more"),
    };
    format!(
        " The error statuses, each with its body, that {} operations document alike: {}{rest}.",
        ops.len(),
        named.join(", ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shared_names_list_the_statuses_in_camel_case() {
        use StatusMatch::*;
        assert_eq!(
            shared_name([Code(400), Code(401), Code(404)]),
            "Error400_401_404"
        );
        assert_eq!(shared_name([Range(4), Range(5)]), "Error4XX5XX");
        assert_eq!(shared_name([Code(404), Default]), "Error404Default");
        assert_eq!(shared_name([Range(4), Code(500)]), "Error4XX500");
        assert_eq!(shared_name([]), "NoDocumentedError");
    }

    #[test]
    fn a_taken_name_gets_a_version_suffix() {
        let taken: BTreeSet<String> = ["Error404".to_owned(), "Error404V2".to_owned()].into();
        assert_eq!(unique("Error404".to_owned(), &taken), "Error404V3");
        assert_eq!(unique("Error405".to_owned(), &taken), "Error405");
    }
}
