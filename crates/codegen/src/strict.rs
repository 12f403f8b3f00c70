//! Strict parsing for [`crate::load`], where the parsers are lenient: a JSON object with a
//! key twice is refused (serde_json keeps the last; YAML refuses it, and both kinds of file
//! must mean the same), and YAML tags serde_yaml drops without a word (`!!python/object`,
//! `!!binary`, `!<verbatim>`) are found in the text so they can be refused too.

use std::fmt;

use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};

use crate::diag::quote;

/// Parses JSON text into a value (key order kept), refusing an object that has a key twice.
pub fn parse_json(text: &str) -> Result<Value, serde_json::Error> {
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let value = StrictValue.deserialize(&mut deserializer)?;
    deserializer.end()?;
    Ok(value)
}

/// A `DeserializeSeed` building a [`Value`] that fails on a repeated key.
struct StrictValue;

impl<'de> DeserializeSeed<'de> for StrictValue {
    type Value = Value;

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for StrictValue {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::from(v))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::from(v))
    }

    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(serde_json::Number::from_f64(v).map_or(Value::Null, Value::Number))
    }

    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }

    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_some<D: de::Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        StrictValue.deserialize(d)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element_seed(StrictValue)? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut out = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            if out.contains_key(&key) {
                return Err(de::Error::custom(format!(
                    "duplicate key `{}` (a key may appear once in an object; YAML refuses it too)",
                    quote(&key)
                )));
            }
            let value = map.next_value_seed(StrictValue)?;
            out.insert(key, value);
        }
        Ok(Value::Object(out))
    }
}

/// The YAML tags that mean what JSON already says (serde_yaml honours them): every other tag
/// is refused.
const CORE_TAGS: &[&str] = &[
    "!!str", "!!int", "!!float", "!!bool", "!!null", "!!seq", "!!map",
];

/// Tags in YAML text that serde_yaml would drop silently: `!!` tags outside the core schema
/// and verbatim `!<...>` tags, each with its 1-based line and column. Local tags (`!x`)
/// reach the loader as tagged values and are refused there.
///
/// A tag is a node property, so it can only start a node: at the start of a line's content,
/// after `- `, `? `, `: `, or (in flow style) after `[`, `{` and `,`. Quoted scalars, comments
/// and block scalars (`|`, `>`) are skipped. A line of a multi-line plain scalar that starts
/// with `!!` is taken as a tag: rare, and refused loudly rather than misread quietly.
pub fn dropped_yaml_tags(text: &str) -> Vec<(String, usize, usize)> {
    let mut out = Vec::new();
    // The indentation of the line that opened a block scalar, while inside one.
    let mut block: Option<usize> = None;
    // Inside a double- or single-quoted scalar spanning lines.
    let mut quoted: Option<u8> = None;
    let mut flow_depth = 0usize;
    for (line_index, line) in text.lines().enumerate() {
        let bytes = line.as_bytes();
        let indent = bytes.iter().take_while(|b| **b == b' ').count();
        if let Some(opened) = block {
            if line.trim().is_empty() || indent > opened {
                continue;
            }
            block = None;
        }
        let mut i = indent;
        let mut node_start = quoted.is_none();
        while i < bytes.len() {
            let b = bytes[i];
            if let Some(q) = quoted {
                if q == b'"' && b == b'\\' {
                    i += 2;
                    continue;
                }
                if b == q {
                    if q == b'\'' && bytes.get(i + 1) == Some(&b'\'') {
                        i += 2;
                        continue;
                    }
                    quoted = None;
                }
                i += 1;
                continue;
            }
            let next_is_space = bytes.get(i + 1).is_none_or(|n| *n == b' ' || *n == b'\t');
            match b {
                b' ' | b'\t' => {}
                b'#' if i == 0 || bytes[i - 1] == b' ' || bytes[i - 1] == b'\t' => break,
                b'"' | b'\'' if node_start => {
                    quoted = Some(b);
                    node_start = false;
                }
                b'!' if node_start => {
                    let end = if bytes.get(i + 1) == Some(&b'<') {
                        // A verbatim tag runs to its `>`.
                        bytes[i..]
                            .iter()
                            .position(|c| *c == b'>')
                            .map(|n| i + n + 1)
                    } else {
                        None
                    };
                    let end = end.unwrap_or_else(|| {
                        bytes[i..]
                            .iter()
                            .position(|c| {
                                matches!(c, b' ' | b'\t' | b',' | b'[' | b']' | b'{' | b'}')
                            })
                            .map_or(bytes.len(), |n| i + n)
                    });
                    let tag = &line[i..end];
                    let verbatim = tag.starts_with("!<");
                    let dropped = tag.starts_with("!!") && !CORE_TAGS.contains(&tag);
                    if verbatim || dropped {
                        out.push((tag.to_owned(), line_index + 1, i + 1));
                    }
                    // Properties precede the node: the node itself starts after them.
                    i = end;
                    continue;
                }
                b'&' if node_start => {
                    // An anchor, also a property.
                    while i < bytes.len() && bytes[i] != b' ' {
                        i += 1;
                    }
                    continue;
                }
                b'|' | b'>' if node_start && flow_depth == 0 => {
                    block = Some(indent);
                    break;
                }
                b'-' | b'?' | b':' if next_is_space => node_start = true,
                b'[' | b'{' if node_start || flow_depth > 0 => {
                    flow_depth += 1;
                    node_start = true;
                }
                b']' | b'}' if flow_depth > 0 => {
                    flow_depth -= 1;
                    node_start = false;
                }
                b',' if flow_depth > 0 => node_start = true,
                _ => node_start = false,
            }
            i += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_duplicate_keys_are_refused_with_their_place() {
        let e = parse_json("{\n  \"a\": 1,\n  \"b\": {\"x\": 1, \"x\": 2}\n}").unwrap_err();
        assert!(e.to_string().contains("duplicate key `x`"), "{e}");
        assert_eq!(e.line(), 3);
        let v = parse_json("{\"b\": 1, \"a\": [1, 2.5, null, true]}").unwrap();
        assert_eq!(v.to_string(), "{\"b\":1,\"a\":[1,2.5,null,true]}");
    }

    #[test]
    fn finds_the_tags_serde_yaml_drops() {
        let text = "a: !!python/object:os.system \"echo\"\nb: !!str 12\nc:\n  - !!binary aGk=\n  - \"!!not a tag\"\nd: |\n  !!not a tag either\ne: it is! not !!a tag # !!nor this\nf: [1, !!set x]\ng: !<tag:yaml.org,2002:str> x\nh: &x !!omap y\n";
        let tags: Vec<(String, usize, usize)> = dropped_yaml_tags(text);
        let names: Vec<&str> = tags.iter().map(|t| t.0.as_str()).collect();
        assert_eq!(
            names,
            [
                "!!python/object:os.system",
                "!!binary",
                "!!set",
                "!<tag:yaml.org,2002:str>",
                "!!omap"
            ]
        );
        assert_eq!((tags[0].1, tags[0].2), (1, 4));
        assert_eq!((tags[1].1, tags[1].2), (4, 5));
    }
}
