//! Diagnostics: every problem found in a spec, naming the file, the JSON pointer and, where
//! it can be known, the line and column, with a sentence a maintainer can act on.

use std::fmt;

/// How bad a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// Generation goes on; the output may be less precise than the spec intends.
    Warning,
    /// Generation stops after the current stage.
    Error,
}

/// One problem in a spec.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// The spec file, relative to the root file's folder (or as given, for the root itself).
    pub file: String,
    /// JSON pointer inside the file (`""` for the whole file).
    pub pointer: String,
    /// 1-based line and column, where known.
    pub location: Option<(usize, usize)>,
    /// What is wrong, as a sentence.
    pub message: String,
    /// What to do about it, e.g. a "did you mean" suggestion.
    pub help: Option<String>,
}

impl Diagnostic {
    /// An error at `file#pointer`.
    pub fn error(
        file: impl Into<String>,
        pointer: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            severity: Severity::Error,
            file: file.into(),
            pointer: pointer.into(),
            location: None,
            message: message.into(),
            help: None,
        }
    }

    /// A warning at `file#pointer`.
    pub fn warning(
        file: impl Into<String>,
        pointer: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(file, pointer, message)
        }
    }

    /// A bug in the generator, not in the spec, noticed at `origin` (or at no place of the
    /// spec: `None`). Every stage words these the same way.
    pub fn internal<'a>(
        origin: impl Into<Option<&'a crate::ir::Origin>>,
        message: impl std::fmt::Display,
    ) -> Self {
        let message = format!("internal error (please report): {message}");
        match origin.into() {
            Some(origin) => Diagnostic::error(&origin.file, &origin.pointer, message),
            None => Diagnostic::error("(generator)", "", message),
        }
    }

    /// Adds a hint.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Adds a line and column.
    pub fn at(mut self, line: usize, column: usize) -> Self {
        self.location = Some((line, column));
        self
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let severity = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{severity}: {}", self.file)?;
        if let Some((line, column)) = self.location {
            write!(f, ":{line}:{column}")?;
        }
        if !self.pointer.is_empty() {
            write!(f, "#{}", shown_pointer(&self.pointer))?;
        }
        write!(f, ": {}", self.message)?;
        if let Some(help) = &self.help {
            write!(f, "\n  help: {help}")?;
        }
        Ok(())
    }
}

/// Diagnostics collected by a stage, in a stable order.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    /// Records a diagnostic.
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.0.push(diagnostic);
    }

    /// Whether any error (not just warnings) was recorded.
    pub fn has_errors(&self) -> bool {
        self.0.iter().any(|d| d.severity == Severity::Error)
    }

    /// Sorts by file, pointer and message and drops exact repeats.
    pub fn sort(&mut self) {
        self.0.sort_by(|a, b| {
            (&a.file, &a.pointer, &a.message, a.severity)
                .cmp(&(&b.file, &b.pointer, &b.message, b.severity))
        });
        self.0.dedup();
    }

    /// The warnings only.
    pub fn warnings(&self) -> impl Iterator<Item = &Diagnostic> {
        self.0.iter().filter(|d| d.severity == Severity::Warning)
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for d in &self.0 {
            writeln!(f, "{d}")?;
        }
        let errors = self
            .0
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count();
        let warnings = self.0.len() - errors;
        write!(f, "{errors} error(s), {warnings} warning(s)")
    }
}

impl std::error::Error for Diagnostics {}

/// The most characters of spec text (a value, a key, a `$ref`) a message quotes.
pub const QUOTE_MAX: usize = 80;

/// `text` as a message quotes it: whole when short, else its first [`QUOTE_MAX`] characters
/// and how long it is, so a huge value never makes a huge message.
pub fn quote(text: &str) -> std::borrow::Cow<'_, str> {
    match text.char_indices().nth(QUOTE_MAX) {
        None => std::borrow::Cow::Borrowed(text),
        Some((cut, _)) => std::borrow::Cow::Owned(format!(
            "{}… ({} characters in all)",
            &text[..cut],
            text.chars().count()
        )),
    }
}

/// A pointer as a message shows it: segments longer than [`QUOTE_MAX`] characters are cut
/// short (marked `…`), so a huge key in the spec never makes a huge message.
fn shown_pointer(pointer: &str) -> std::borrow::Cow<'_, str> {
    if pointer.len() <= QUOTE_MAX {
        return std::borrow::Cow::Borrowed(pointer);
    }
    let segments: Vec<String> = pointer
        .split('/')
        .map(|segment| match segment.char_indices().nth(QUOTE_MAX) {
            Some((cut, _)) => format!("{}…", &segment[..cut]),
            None => segment.to_owned(),
        })
        .collect();
    std::borrow::Cow::Owned(segments.join("/"))
}

/// The candidate closest to `wanted` by edit distance, if it is close enough to be a likely
/// typo (at most a third of the longer name's length).
pub fn did_you_mean<'a>(
    wanted: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let mut best: Option<(usize, &str)> = None;
    for candidate in candidates {
        let distance = edit_distance(wanted, candidate);
        let limit = wanted.chars().count().max(candidate.chars().count()) / 3;
        if distance <= limit.max(1) && best.is_none_or(|(d, c)| (distance, candidate) < (d, c)) {
            best = Some((distance, candidate));
        }
    }
    best.map(|(_, c)| c)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut current = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            current.push(
                (previous[j] + cost)
                    .min(previous[j + 1] + 1)
                    .min(current[j] + 1),
            );
        }
        previous = current;
    }
    previous[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_near_names_only() {
        let names = ["Plan.yaml", "Profile.yaml", "Proxy.yaml"];
        assert_eq!(did_you_mean("Plam.yaml", names), Some("Plan.yaml"));
        assert_eq!(did_you_mean("Widget.yaml", names), None);
    }

    #[test]
    fn quotes_only_a_short_prefix() {
        assert_eq!(quote("short"), "short");
        let long = "é".repeat(1000);
        let quoted = quote(&long);
        assert!(quoted.starts_with(&"é".repeat(QUOTE_MAX)));
        assert!(quoted.ends_with("… (1000 characters in all)"), "{quoted}");
    }

    #[test]
    fn renders_file_location_and_pointer() {
        let d = Diagnostic::error("paths/a.yaml", "/get/responses", "bad")
            .at(3, 5)
            .with_help("fix it");
        assert_eq!(
            d.to_string(),
            "error: paths/a.yaml:3:5#/get/responses: bad\n  help: fix it"
        );
    }
}
