//! Generates the Refs Demo API's client from its spec (split over five files) into
//! `$OUT_DIR/api.rs`, which `src/lib.rs` includes. Cargo reruns this script when any of the
//! five files changes; spec warnings show as cargo warnings, and errors fail the build.

fn main() -> Result<(), specforge_codegen::BuildError> {
    specforge_codegen::Builder::new()
        .spec("../fixtures/refs-across-files/openapi.yaml")
        .generate()?;
    Ok(())
}
