//! `pattern`: ECMA-262 regular expressions, compiled once per pattern on first use.
//!
//! A pattern that [`super::ecma`] can translate runs on `regex-lite`, which matches without
//! allocating once its first match on a thread has set up its cache; any other valid
//! pattern (look-around, back-references, Unicode property classes) runs on `regress`, an
//! ECMA-262 engine that allocates its backtracking stack on every search.

use std::sync::OnceLock;

use super::{ecma, Path, Violations};

/// A `pattern` keyword, compiled on first use and shared by every check of that site.
#[derive(Debug)]
pub struct Pattern {
    source: &'static str,
    compiled: OnceLock<Engine>,
}

/// How a pattern runs.
#[derive(Debug)]
enum Engine {
    /// Translated into `regex-lite` syntax with the same meaning.
    Lite(regex_lite::Regex),
    /// Left to the ECMA-262 engine.
    Ecma(regress::Regex),
    /// Not a valid pattern (the generator refuses such patterns, so generated code never
    /// has one): every value is reported rather than passed.
    Broken(String),
}

impl Pattern {
    /// A pattern that compiles on first use.
    pub const fn new(source: &'static str) -> Self {
        Pattern {
            source,
            compiled: OnceLock::new(),
        }
    }

    /// The pattern as written in the schema.
    pub fn source(&self) -> &'static str {
        self.source
    }

    fn engine(&self) -> &Engine {
        self.compiled.get_or_init(|| compile(self.source))
    }

    /// Whether the pattern matches `text` anywhere (`Err` with why, when it cannot run).
    pub fn is_match(&self, text: &str) -> Result<bool, &str> {
        match self.engine() {
            Engine::Lite(regex) => Ok(regex.is_match(text)),
            Engine::Ecma(regex) => Ok(regex.find(text).is_some()),
            Engine::Broken(why) => Err(why),
        }
    }

    /// Records a violation unless `value` matches (anywhere, as JSON Schema says).
    pub fn check(&self, value: &str, at: &Path<'_>, out: &mut Violations) {
        match self.is_match(value) {
            Ok(true) => {}
            Ok(false) => out.push(
                at,
                format_args!("does not match the pattern `{}`", self.source),
            ),
            Err(why) => out.push(
                at,
                format_args!(
                    "cannot be checked: the pattern `{}` does not compile ({why})",
                    self.source
                ),
            ),
        }
    }

    /// Whether the pattern runs allocation-free (on the translated engine).
    pub fn is_translated(&self) -> bool {
        matches!(self.engine(), Engine::Lite(_))
    }
}

/// Why `source` is not an ECMA-262 regular expression, if it is not: what the generator
/// checks before it writes a pattern into generated code.
pub fn pattern_error(source: &str) -> Option<String> {
    match compile(source) {
        Engine::Broken(why) => Some(why),
        _ => None,
    }
}

fn compile(source: &str) -> Engine {
    match ecma::translate(source) {
        Ok(Some(translated)) => match regex_lite::Regex::new(&translated) {
            Ok(regex) => Engine::Lite(regex),
            // Beyond regex-lite's limits (a huge repetition): the ECMA-262 engine takes it.
            Err(_) => ecma_engine(source).unwrap_or_else(Engine::Broken),
        },
        Ok(None) => ecma_engine(source).unwrap_or_else(Engine::Broken),
        Err(why) => ecma_engine(source).unwrap_or_else(|_| Engine::Broken(why.to_owned())),
    }
}

/// `regress` with Unicode semantics, or (for the identity escapes that the `u` flag
/// refuses, such as `\-` outside a class) without.
fn ecma_engine(source: &str) -> Result<Engine, String> {
    regress::Regex::with_flags(source, "u")
        .or_else(|_| regress::Regex::new(source))
        .map(Engine::Ecma)
        .map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ecma_semantics() {
        static SPACE: Pattern = Pattern::new(r"^\s$");
        assert_eq!(SPACE.is_match("\u{2003}"), Ok(true));
        assert!(SPACE.is_translated());
        static LETTER: Pattern = Pattern::new(r"^\p{Letter}+$");
        assert_eq!(LETTER.is_match("héllo"), Ok(true));
        assert_eq!(LETTER.is_match("h3"), Ok(false));
        static CONTROL: Pattern = Pattern::new(r"^\cC$");
        assert_eq!(CONTROL.is_match("\u{3}"), Ok(true));
        static DOT: Pattern = Pattern::new(r"^.$");
        assert_eq!(DOT.is_match("\n"), Ok(false));
        assert_eq!(DOT.is_match("🐲"), Ok(true));
        static LOOK: Pattern = Pattern::new(r"^(?!x)\w+$");
        assert_eq!(LOOK.is_match("abc"), Ok(true));
        assert_eq!(LOOK.is_match("xbc"), Ok(false));
        assert!(pattern_error("^(abc]").is_some());
        assert!(pattern_error(r"^[a-z\-]+$").is_none());
    }
}
