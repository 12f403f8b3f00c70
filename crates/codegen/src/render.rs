//! Stage 5, `render`: token streams become formatted source files with the `@generated`
//! header naming the command that regenerates them.

use proc_macro2::TokenStream;

/// Formats `tokens` as a file, line 1 being `header`.
///
/// A token stream that does not parse is a bug in an emitter; it is returned as an error
/// naming the module (with the parser's message) rather than panicking.
pub fn render_file(module: &str, header: &str, tokens: TokenStream) -> Result<String, String> {
    let file: syn::File = syn::parse2(tokens)
        .map_err(|e| format!("the emitted `{module}` module does not parse: {e}"))?;
    let body = prettyplease::unparse(&file);
    Ok(format!("{header}\n\n{body}"))
}
