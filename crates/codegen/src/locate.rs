//! Finds the line and column of a JSON pointer in a spec file's source text.
//!
//! serde_yaml does not keep node positions, so this walks the text instead. It understands
//! block-style YAML (nested `key:` mappings and `- ` sequences, which is how specs are
//! written) and, for JSON or flow style, falls back to finding the quoted keys in order.
//! When it cannot be sure it returns `None`, and the diagnostic carries the pointer alone.

use crate::pointer::Pointer;

/// 1-based (line, column) of the node at `pointer` in `text`, if it can be found.
pub fn line_col(text: &str, pointer: &Pointer) -> Option<(usize, usize)> {
    let segments: Vec<String> = pointer.segments().map(|s| s.into_owned()).collect();
    if segments.is_empty() {
        return Some((1, 1));
    }
    let trimmed = text.trim_start();
    if trimmed.starts_with('{') || trimmed.starts_with('[') {
        return json_like(text, &segments);
    }
    block_yaml(text, &segments)
}

struct Line<'a> {
    number: usize,
    indent: usize,
    content: &'a str,
}

fn block_yaml(text: &str, segments: &[String]) -> Option<(usize, usize)> {
    // A `- key: v` line is split into a bare `-` and a `key: v` two columns deeper on the
    // same line, so that sequence items and mappings are searched the same way.
    let mut lines: Vec<Line<'_>> = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let mut content = raw.trim_start();
        if content.is_empty() || content.starts_with('#') || content == "---" {
            continue;
        }
        let mut indent = raw.len() - content.len();
        while let Some(rest) = content
            .strip_prefix('-')
            .filter(|r| r.is_empty() || r.starts_with(' '))
        {
            lines.push(Line {
                number: i + 1,
                indent,
                content: "-",
            });
            let item = rest.trim_start();
            if item.is_empty() {
                break;
            }
            indent += content.len() - item.len();
            content = item;
        }
        if content != "-" {
            lines.push(Line {
                number: i + 1,
                indent,
                content,
            });
        }
    }
    // The block being searched: lines[start..end], all deeper than the parent.
    let (mut start, mut end) = (0, lines.len());
    let mut found = (1, 1);
    for segment in segments {
        // The indentation of the block's direct children is that of its first line.
        let child_indent = lines.get(start..end)?.first()?.indent;
        let mut hit = None;
        let mut seq_index = 0usize;
        for (i, line) in lines.iter().enumerate().take(end).skip(start) {
            if line.indent != child_indent {
                continue;
            }
            if line.content == "-" {
                if segment.parse::<usize>().ok() == Some(seq_index) {
                    hit = Some(i);
                    break;
                }
                seq_index += 1;
            } else if key_of(line.content) == Some(segment.as_str()) {
                hit = Some(i);
                break;
            }
        }
        let i = hit?;
        let indent = lines[i].indent;
        found = (lines[i].number, indent + 1);
        let mut j = i + 1;
        while j < end && lines[j].indent > indent {
            j += 1;
        }
        start = i + 1;
        end = j;
    }
    Some(found)
}

/// The key of a `key: value` or `key:` line, unquoted.
fn key_of(content: &str) -> Option<&str> {
    let (key, _) = if let Some(rest) = content.strip_prefix('"') {
        let close = rest.find('"')?;
        return rest[close + 1..]
            .trim_start()
            .starts_with(':')
            .then_some(&rest[..close]);
    } else if let Some(rest) = content.strip_prefix('\'') {
        let close = rest.find('\'')?;
        return rest[close + 1..]
            .trim_start()
            .starts_with(':')
            .then_some(&rest[..close]);
    } else {
        let colon = content
            .find(": ")
            .or_else(|| content.strip_suffix(':').map(str::len))?;
        (content[..colon].trim_end(), ())
    };
    Some(key)
}

fn json_like(text: &str, segments: &[String]) -> Option<(usize, usize)> {
    let mut offset = 0;
    for segment in segments {
        if segment.parse::<usize>().is_ok() {
            continue;
        }
        let needle = format!("\"{segment}\"");
        offset += text[offset..].find(&needle)?;
    }
    let line = text[..offset].matches('\n').count() + 1;
    let column = offset - text[..offset].rfind('\n').map_or(0, |i| i + 1) + 1;
    Some((line, column))
}

#[cfg(test)]
mod tests {
    use super::*;

    const YAML: &str = "openapi: 3.1.0\npaths:\n  /a:\n    get:\n      responses:\n        \"200\":\n          description: ok\n  /b:\n    get:\n      tags:\n        - x\n        - y\n";

    #[test]
    fn finds_nested_keys_and_items() {
        assert_eq!(
            line_col(YAML, &Pointer::from_escaped("/paths/~1a/get/responses/200")),
            Some((6, 9))
        );
        assert_eq!(
            line_col(YAML, &Pointer::from_escaped("/paths/~1b/get")),
            Some((9, 5))
        );
        assert_eq!(
            line_col(YAML, &Pointer::from_escaped("/paths/~1b/get/tags/1")),
            Some((12, 9))
        );
        assert_eq!(line_col(YAML, &Pointer::from_escaped("/paths/~1c")), None);
    }

    #[test]
    fn finds_json_keys_in_order() {
        let json = "{\n  \"paths\": {\n    \"/a\": {\"get\": {}}\n  }\n}";
        assert_eq!(
            line_col(json, &Pointer::from_escaped("/paths/~1a/get")),
            Some((3, 12))
        );
    }
}
