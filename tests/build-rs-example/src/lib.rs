//! A crate whose API client is generated at build time: `build.rs` runs
//! `specforge_codegen::Builder` on a spec, and this file includes what it wrote.
//!
//! `api::models` holds the types, `api::RefsDemoApi` is the API as a trait (one async method
//! per operation) and `api::Client` its HTTP implementation.

/// The Refs Demo API, generated from `tests/fixtures/refs-across-files` by `build.rs`.
pub mod api {
    include!(concat!(env!("OUT_DIR"), "/api.rs"));
}

/// Code of the crate's own that uses the generated API through its trait, so that it works
/// with the HTTP client and with a fake alike.
pub async fn owner_of(api: &impl api::RefsDemoApi, thing: &str) -> String {
    match api.thing_get(thing).await {
        Ok(thing) => match thing.owner.and_then(|owner| owner.name) {
            Some(name) => name,
            None => "nobody".to_owned(),
        },
        Err(e) => format!("error: {e}"),
    }
}
