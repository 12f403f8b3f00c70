//! Doc comments: spec Markdown made fit for rustdoc, and `#[doc]` attributes.
//!
//! Descriptions are Markdown written for web renderers. What rustdoc or clippy would trip
//! over is escaped where that keeps the rendering ([`spec_markdown`]): bare URLs become
//! autolinks, `[text]` that is no link is escaped (rustdoc would take it for an intra-doc
//! link), list continuation lines are indented under their item, lazy quote continuation
//! lines get their `>`, code fences are marked
//! `text`. What cannot be escaped without changing the text (inline HTML, indented code
//! blocks) is reported as the lint its module must allow.

use proc_macro2::TokenStream;
use quote::quote;

/// Spec Markdown, ready for a doc comment, and the lints what is left of it trips.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DocText {
    /// The Markdown.
    pub text: String,
    /// Lints the module holding it must allow (`rustdoc::invalid_html_tags`, ...).
    pub lints: Vec<&'static str>,
}

/// Makes spec Markdown fit for rustdoc (see the module docs).
pub fn spec_markdown(text: &str) -> DocText {
    let mut out = String::with_capacity(text.len());
    let mut lints = Vec::new();
    let mut in_fence = false;
    // The content column of the list item whose paragraph the previous line belongs to.
    let mut list_column: Option<usize> = None;
    let mut previous_blank = true;
    // Whether the previous line belongs to a block quote (`> ...`).
    let mut in_quote = false;
    for line in text.trim().lines() {
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        if let Some(rest) = trimmed.strip_prefix("```") {
            // A fence with no language, or one other than Rust, is never compiled.
            out.push_str(&line[..indent]);
            if !in_fence && !rest.trim().eq_ignore_ascii_case("text") {
                out.push_str("```text");
            } else {
                out.push_str(line.trim_start());
            }
            in_fence = !in_fence;
            out.push('\n');
            list_column = None;
            in_quote = false;
            previous_blank = false;
            continue;
        }
        if in_fence {
            out.push_str(line.trim_end());
            out.push('\n');
            continue;
        }
        if trimmed.is_empty() {
            out.push('\n');
            list_column = None;
            previous_blank = true;
            in_quote = false;
            continue;
        }
        // A line right after a quote line continues the quote (CommonMark's lazy
        // continuation); it gets its own `>`, which renders the same and is what clippy's
        // `doc_lazy_continuation` asks for.
        // A list item or a heading starts a block of its own instead.
        if indent <= 3 && trimmed.starts_with('>') {
            in_quote = true;
        } else if in_quote && list_item_column(trimmed).is_none() && !trimmed.starts_with('#') {
            let escaped = escape_inline(trimmed.trim_end(), &mut lints);
            out.push_str("> ");
            out.push_str(&escaped);
            out.push('\n');
            previous_blank = false;
            continue;
        }
        let item = list_item_column(trimmed).map(|c| indent + c);
        let line = match (item, list_column) {
            // A paragraph line that continues a list item goes under the item's content:
            // CommonMark renders it the same, and clippy's doc lints are satisfied.
            (None, Some(column)) => format!("{}{}", " ".repeat(column), trimmed),
            _ => {
                if item.is_none() && previous_blank && (indent >= 4 || line.starts_with('\t')) {
                    // An indented code block: rustdoc reads it as Rust.
                    push_lint(&mut lints, "rustdoc::invalid_rust_codeblocks");
                }
                line.to_owned()
            }
        };
        if item.is_some() {
            list_column = item;
        }
        let escaped = escape_inline(line.trim_end(), &mut lints);
        out.push_str(&escaped);
        out.push('\n');
        previous_blank = false;
    }
    DocText {
        text: out.trim_end().to_owned(),
        lints,
    }
}

fn push_lint(lints: &mut Vec<&'static str>, lint: &'static str) {
    if !lints.contains(&lint) {
        lints.push(lint);
    }
}

/// The column (from the marker's start) where a list item's content starts, if `trimmed`
/// starts a list item (`- x`, `* x`, `+ x`, `1. x`, `1) x`).
fn list_item_column(trimmed: &str) -> Option<usize> {
    let bytes = trimmed.as_bytes();
    let marker = match bytes.first()? {
        b'-' | b'*' | b'+' => 1,
        b'0'..=b'9' => {
            let digits = bytes.iter().take_while(|b| b.is_ascii_digit()).count();
            match bytes.get(digits) {
                Some(b'.' | b')') if digits <= 9 => digits + 1,
                _ => return None,
            }
        }
        _ => return None,
    };
    let spaces = bytes[marker..].iter().take_while(|b| **b == b' ').count();
    (1..=4)
        .contains(&spaces)
        .then_some(marker + spaces)
        .filter(|_| bytes.len() > marker + spaces)
}

/// Escapes one line outside code spans: bare URLs become `<url>` autolinks, `[text]` that
/// no `(`, `[` or `:` follows becomes `\[text\]`; inline HTML is reported.
fn escape_inline(line: &str, lints: &mut Vec<&'static str>) -> String {
    let mut out = String::with_capacity(line.len() + 8);
    // Backtick runs open and close code spans of the same length.
    let mut rest = line;
    while !rest.is_empty() {
        match rest.find('`') {
            None => {
                escape_text(rest, &mut out, lints);
                break;
            }
            Some(open) => {
                escape_text(&rest[..open], &mut out, lints);
                let run = rest[open..].bytes().take_while(|b| *b == b'`').count();
                let fence = &rest[open..open + run];
                let after = &rest[open + run..];
                match after.find(fence) {
                    Some(close) => {
                        let end = open + run + close + run;
                        out.push_str(&rest[open..end]);
                        rest = &rest[end..];
                    }
                    None => {
                        out.push_str(&rest[open..]);
                        break;
                    }
                }
            }
        }
    }
    out
}

fn escape_text(text: &str, out: &mut String, lints: &mut Vec<&'static str>) {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < text.len() {
        let rest = &text[i..];
        if rest.starts_with("http://") || rest.starts_with("https://") {
            let before = text[..i].chars().next_back();
            let end = rest
                .find(|c: char| c.is_whitespace() || "<>\"'`)]\\".contains(c))
                .unwrap_or(rest.len());
            let url = rest[..end].trim_end_matches(['.', ',', ';', ':', '!', '?']);
            if matches!(before, Some('<' | '(' | '[' | '"' | '\'' | '=')) || url.len() < 9 {
                out.push_str(url);
            } else {
                out.push('<');
                out.push_str(url);
                out.push('>');
            }
            i += url.len().max(1);
            continue;
        }
        match bytes[i] {
            b'[' => {
                if let Some(close) = rest.find(']') {
                    let next = rest[close + 1..].chars().next();
                    let is_link = matches!(next, Some('(' | '[' | ':'));
                    let inner = &rest[1..close];
                    if !is_link && !inner.contains('[') {
                        out.push_str("\\[");
                        escape_text(inner, out, lints);
                        out.push_str("\\]");
                        i += close + 1;
                        continue;
                    }
                }
                out.push('[');
            }
            b'<' => {
                let autolink =
                    rest[1..].starts_with("http://") || rest[1..].starts_with("https://");
                if !autolink
                    && rest[1..]
                        .chars()
                        .next()
                        .is_some_and(|c| c.is_ascii_alphabetic() || c == '/')
                {
                    push_lint(lints, "rustdoc::invalid_html_tags");
                }
                out.push('<');
            }
            _ => {
                let c = rest.chars().next().unwrap_or(' ');
                out.push(c);
                i += c.len_utf8();
                continue;
            }
        }
        i += 1;
    }
}

/// `#[doc = "..."]` attributes for `body` (already fit for rustdoc) followed by up to three
/// examples, each in a code span.
pub fn doc_attrs(mut body: String, examples: &[String]) -> TokenStream {
    if !examples.is_empty() {
        if !body.is_empty() {
            body.push_str("\n\n");
        }
        let label = if examples.len() == 1 {
            "Example"
        } else {
            "Examples"
        };
        body.push_str(label);
        body.push(':');
        for example in examples.iter().take(3) {
            let shown = if example.len() > 200 {
                format!("{}…", truncate(example, 200))
            } else {
                example.clone()
            };
            body.push_str(&format!(" `{}`", shown.replace('`', "'")));
        }
    }
    lines_to_doc(&body)
}

/// Text made safe for a doc comment: rustc refuses a bare carriage return and (by default)
/// the bidirectional-override characters in comments, so those become a newline and nothing.
pub fn doc_safe(text: &str) -> String {
    text.replace("\r\n", "\n")
        .chars()
        .filter_map(|c| match c {
            '\r' => Some('\n'),
            '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' => None,
            c if c.is_control() && c != '\n' && c != '\t' => Some(' '),
            c => Some(c),
        })
        .collect()
}

/// `#[doc]` attributes for Markdown that is already fit for rustdoc.
pub fn lines_to_doc(body: &str) -> TokenStream {
    if body.is_empty() {
        return TokenStream::new();
    }
    let body = doc_safe(body);
    let lines = body.lines().map(|line| {
        if line.is_empty() {
            String::new()
        } else {
            format!(" {line}")
        }
    });
    quote! { #( #[doc = #lines] )* }
}

/// One line of plain text for a `#[doc]` attribute the generator writes itself: made safe,
/// on one line.
pub fn one_line(text: &str) -> String {
    doc_safe(text).replace('\n', " ")
}

fn truncate(text: &str, max: usize) -> &str {
    let mut end = max.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_what_rustdoc_would_trip_over() {
        let doc = spec_markdown(
            "See https://apify.com/docs. [DEPRECATED] use [this](https://x.io) or `[a]` \
             and <https://ok.io>.",
        );
        assert_eq!(
            doc.text,
            "See <https://apify.com/docs>. \\[DEPRECATED\\] use [this](https://x.io) or `[a]` \
             and <https://ok.io>."
        );
        assert!(doc.lints.is_empty(), "{:?}", doc.lints);
    }

    #[test]
    fn marks_quote_continuations() {
        let doc = spec_markdown("> Unofficial\nReturns 430\n\nAfter.");
        assert_eq!(doc.text, "> Unofficial\n> Returns 430\n\nAfter.");
        // A blank line ends the quote: what follows is a paragraph of its own.
        let doc = spec_markdown("> a\n> b\n\nc\nd");
        assert_eq!(doc.text, "> a\n> b\n\nc\nd");
        // A list item, a heading or a fence is not a continuation: it starts its own block.
        let doc = spec_markdown("> a\n- item\n\n> b\n# Head\n\n> c\n```\nx\n```\nd");
        assert_eq!(
            doc.text,
            "> a\n- item\n\n> b\n# Head\n\n> c\n```text\nx\n```\nd"
        );
    }

    #[test]
    fn indents_list_continuations_and_marks_fences() {
        let doc = spec_markdown("- one\ncontinued\n   over\n\n```\nlet x;\n```");
        assert_eq!(
            doc.text,
            "- one\n  continued\n  over\n\n```text\nlet x;\n```"
        );
        let doc = spec_markdown("a<br>b\n\n    code");
        assert_eq!(
            doc.lints,
            [
                "rustdoc::invalid_html_tags",
                "rustdoc::invalid_rust_codeblocks"
            ]
        );
    }
}
