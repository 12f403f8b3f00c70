//! Shared pieces of the benchmarks: where the specs are, progenitor's pipeline for the head
//! to head, and the synthetic spec generator for the scaling runs.

use std::path::{Path, PathBuf};

/// The workspace root.
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// `schemas/apify/openapi.yaml`.
pub fn apify_small() -> PathBuf {
    workspace_root().join("schemas/apify/openapi.yaml")
}

/// The whole real Apify spec, when `../shared` is there.
pub fn apify_full() -> Option<PathBuf> {
    let path = workspace_root().join("../shared/apify-openapi/openapi.yaml");
    path.exists().then_some(path)
}

/// Oxide's nexus.json (OpenAPI 3.0.3, 193 operations), when `../shared` is there.
pub fn nexus() -> Option<PathBuf> {
    let path = workspace_root().join("../shared/bench/nexus.json");
    path.exists().then_some(path)
}

/// progenitor's whole pipeline on a JSON spec's text, as its users run it: parse into
/// `openapiv3::OpenAPI`, `generate_tokens`, then prettyplease. Returns the source text.
pub fn progenitor_generate(json: &str) -> Result<String, String> {
    let spec: openapiv3::OpenAPI = serde_json::from_str(json).map_err(|e| e.to_string())?;
    let tokens = progenitor_tokens(&spec)?;
    progenitor_render(tokens)
}

/// progenitor's `generate_tokens` alone.
pub fn progenitor_tokens(
    spec: &openapiv3::OpenAPI,
) -> Result<proc_macro2_tokens::TokenStream, String> {
    let mut generator = progenitor::Generator::default();
    generator.generate_tokens(spec).map_err(|e| e.to_string())
}

/// progenitor's prettyplease pass alone.
pub fn progenitor_render(tokens: proc_macro2_tokens::TokenStream) -> Result<String, String> {
    let file: syn::File = syn::parse2(tokens).map_err(|e| e.to_string())?;
    Ok(prettyplease::unparse(&file))
}

/// Re-export of the token type progenitor returns.
pub mod proc_macro2_tokens {
    pub use proc_macro2::TokenStream;
}

/// A synthetic OpenAPI 3.1 spec (JSON text) with `n` object schemas and `n` operations: each
/// schema has a handful of typed, constrained properties and refers to the next one, each
/// operation has a path parameter, a query parameter and a JSON response.
pub fn synthetic_spec(n: usize) -> String {
    use serde_json::{json, Map, Value};
    let mut schemas = Map::new();
    for i in 0..n {
        let mut properties = Map::new();
        properties.insert("id".into(), json!({"type": "string", "format": "uuid"}));
        properties.insert(
            "name".into(),
            json!({"type": "string", "minLength": 1, "maxLength": 64}),
        );
        properties.insert("count".into(), json!({"type": "integer", "minimum": 0}));
        properties.insert(
            "createdAt".into(),
            json!({"type": "string", "format": "date-time"}),
        );
        properties.insert(
            "tags".into(),
            json!({"type": "array", "items": {"type": "string"}}),
        );
        properties.insert(
            "state".into(),
            json!({"type": "string", "enum": ["on", "off", "unknown"]}),
        );
        if i + 1 < n {
            properties.insert(
                "next".into(),
                json!({"$ref": format!("#/components/schemas/Thing{}", i + 1)}),
            );
        }
        schemas.insert(
            format!("Thing{i}"),
            json!({"type": "object", "required": ["id", "name"], "description": format!("Thing number {i}."), "properties": Value::Object(properties)}),
        );
    }
    let mut paths = Map::new();
    for i in 0..n {
        paths.insert(
            format!("/things{i}/{{thingId}}"),
            json!({"get": {
                "operationId": format!("thing{i}_get"),
                "parameters": [
                    {"name": "thingId", "in": "path", "required": true, "schema": {"type": "string"}},
                    {"name": "verbose", "in": "query", "schema": {"type": "boolean"}}
                ],
                "responses": {
                    "200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": format!("#/components/schemas/Thing{i}")}}}},
                    "404": {"description": "missing", "content": {"application/json": {"schema": {"type": "object", "properties": {"message": {"type": "string"}}}}}}
                }
            }}),
        );
    }
    json!({
        "openapi": "3.1.0",
        "info": {"title": "Synthetic", "version": "1"},
        "servers": [{"url": "https://synthetic.example.com"}],
        "paths": Value::Object(paths),
        "components": {"schemas": Value::Object(schemas)}
    })
    .to_string()
}

/// Writes `text` as `dir/openapi.json` and returns its path.
pub fn write_spec(dir: &Path, text: &str) -> std::io::Result<PathBuf> {
    std::fs::create_dir_all(dir)?;
    let path = dir.join("openapi.json");
    std::fs::write(&path, text)?;
    Ok(path)
}
