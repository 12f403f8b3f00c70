//! Stage 1b, `overlay`: OpenAPI Overlay 1.0 documents applied to the loaded spec, so users
//! can add extensions (pagination, long-poll waits, open enums) to a spec they do not own.
//!
//! An overlay is `{overlay: 1.0.x, info: {title, version}, actions: [{target, update |
//! remove}]}`. Each action's `target` is a JSONPath (RFC 9535) selecting nodes; `update` is
//! merged into each (objects recursively, key by key; arrays get the update's items, or the
//! update itself, appended; anything else is replaced) and `remove: true` deletes them. Actions apply in
//! order. A target that selects nothing is a warning.
//!
//! Specs kept in many files are targeted as if they were one document: a path walks through
//! `$ref`s, so `$.paths['/v2/acts'].get` reaches the operation even when the path item is a
//! `$ref` to another file (the referenced node is what is updated; `remove` deletes the
//! reference itself). The JSONPath subset covers what overlays use: `$`, `.name`,
//! `['name']`, `[0]`, `[-1]`, `*`, `..name` / `..*`, selector lists `['a','b']` and filters
//! `[?(@.key == 'value')]` (`==`, `!=`, or a bare `@.key` existence test).

use std::collections::BTreeSet;
use std::path::Path;

use serde_json::Value;

use crate::diag::{Diagnostic, Diagnostics};
use crate::load::{self, NodeRef, Spec};
use crate::locate;
use crate::pointer::Pointer;

/// A parsed overlay document.
#[derive(Debug, Clone)]
pub struct Overlay {
    /// How diagnostics name the file (its path as given).
    pub name: String,
    text: String,
    actions: Vec<Action>,
}

#[derive(Debug, Clone)]
struct Action {
    /// Index in `actions`, for diagnostics.
    index: usize,
    target_text: String,
    target: JsonPath,
    update: Option<Value>,
    remove: bool,
}

/// Reads and checks the overlay at `path`.
pub fn load_overlay(path: &Path) -> Result<Overlay, Diagnostics> {
    let name = path.display().to_string();
    let mut diags = Diagnostics::default();
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) => {
            diags.push(Diagnostic::error(
                &name,
                "",
                format!("cannot read the overlay: {e}"),
            ));
            return Err(diags);
        }
    };
    let Some(value) = load::parse_text(&name, &text, &mut diags) else {
        return Err(diags);
    };
    let mut overlay = Overlay {
        name,
        text,
        actions: Vec::new(),
    };
    let at = |pointer: Pointer, message: String| {
        let d = Diagnostic::error(&overlay.name, &pointer, message);
        match locate::line_col(&overlay.text, &pointer) {
            Some((line, column)) => d.at(line, column),
            None => d,
        }
    };
    let root = Pointer::root();
    match value.get("overlay").and_then(Value::as_str) {
        Some(v) if v.starts_with("1.") => {}
        Some(v) => diags.push(at(
            root.child("overlay"),
            format!("overlay version `{v}` is not supported; this generator reads 1.x"),
        )),
        None => diags.push(at(
            root.clone(),
            "an overlay starts with `overlay: 1.0.0`; is this an overlay document?".into(),
        )),
    }
    let mut actions = Vec::new();
    match value.get("actions") {
        Some(Value::Array(items)) => {
            for (index, item) in items.iter().enumerate() {
                let here = root.child("actions").index(index);
                let Some(object) = item.as_object() else {
                    diags.push(at(here, "an action must be a mapping".into()));
                    continue;
                };
                let Some(target_text) = object.get("target").and_then(Value::as_str) else {
                    diags.push(at(here, "an action needs a `target` (a JSONPath)".into()));
                    continue;
                };
                let target = match JsonPath::parse(target_text) {
                    Ok(path) => path,
                    Err(why) => {
                        diags.push(at(
                            here.child("target"),
                            format!(
                                "`{target_text}` is not a JSONPath this generator reads: {why}"
                            ),
                        ));
                        continue;
                    }
                };
                let remove = object
                    .get("remove")
                    .and_then(Value::as_bool)
                    .unwrap_or(false);
                let update = object.get("update").cloned();
                if !remove && update.is_none() {
                    diags.push(at(
                        here,
                        "an action needs `update` (a value to merge) or `remove: true`".into(),
                    ));
                    continue;
                }
                actions.push(Action {
                    index,
                    target_text: target_text.to_owned(),
                    target,
                    update,
                    remove,
                });
            }
        }
        _ => diags.push(at(root, "an overlay needs `actions`, a list".into())),
    }
    overlay.actions = actions;
    if diags.has_errors() {
        Err(diags)
    } else {
        Ok(overlay)
    }
}

/// Applies `overlay` to `spec` in place; returns its warnings (targets that select nothing).
pub fn apply(spec: &mut Spec, overlay: &Overlay) -> Diagnostics {
    let mut diags = Diagnostics::default();
    for action in &overlay.actions {
        let selected = select(spec, &action.target);
        if selected.is_empty() {
            let pointer = Pointer::root().child("actions").index(action.index);
            let mut d = Diagnostic::warning(
                &overlay.name,
                pointer.child("target"),
                format!(
                    "target `{}` selects nothing in the spec",
                    action.target_text
                ),
            );
            if let Some((line, column)) = locate::line_col(&overlay.text, &pointer.child("target"))
            {
                d = d.at(line, column);
            }
            diags.push(d);
            continue;
        }
        if action.remove {
            // Deepest first, and list items from the end, so earlier removals do not move
            // later targets.
            let mut places: Vec<NodeRef> = selected.into_iter().map(|s| s.place).collect();
            places.sort();
            places.dedup();
            for place in places.into_iter().rev() {
                remove_node(spec, &place);
            }
        } else if let Some(update) = &action.update {
            let mut seen = BTreeSet::new();
            for s in selected {
                if seen.insert(s.node.clone()) {
                    if let Some(target) = spec.get_mut(&s.node) {
                        merge(target, update);
                    }
                }
            }
        }
    }
    diags
}

/// Merges `update` into `target` as Overlay 1.0 says.
fn merge(target: &mut Value, update: &Value) {
    match (target, update) {
        (Value::Object(target), Value::Object(update)) => {
            for (key, value) in update {
                match target.get_mut(key) {
                    Some(existing)
                        if (existing.is_object() && value.is_object())
                            || (existing.is_array() && value.is_array()) =>
                    {
                        merge(existing, value)
                    }
                    _ => {
                        target.insert(key.clone(), value.clone());
                    }
                }
            }
        }
        (Value::Array(items), Value::Array(more)) => items.extend(more.iter().cloned()),
        (Value::Array(items), value) => items.push(value.clone()),
        (target, value) => *target = value.clone(),
    }
}

fn remove_node(spec: &mut Spec, place: &NodeRef) {
    let Some(key) = place.pointer.last().map(|k| k.into_owned()) else {
        return;
    };
    let parent_text = &place.pointer.as_str()[..place.pointer.as_str().rfind('/').unwrap_or(0)];
    let parent = NodeRef {
        file: place.file,
        pointer: Pointer::from_escaped(parent_text),
    };
    match spec.get_mut(&parent) {
        Some(Value::Object(map)) => {
            map.shift_remove(&key);
        }
        Some(Value::Array(items)) => {
            if let Ok(i) = key.parse::<usize>() {
                if i < items.len() {
                    items.remove(i);
                }
            }
        }
        _ => {}
    }
}

// ----- JSONPath ------------------------------------------------------------------------

/// A parsed JSONPath (the subset in the module docs).
#[derive(Debug, Clone, PartialEq)]
pub struct JsonPath(Vec<Segment>);

#[derive(Debug, Clone, PartialEq)]
enum Segment {
    /// `.x`, `[...]`: the selectors applied to each node's children.
    Child(Vec<Selector>),
    /// `..x`, `..[...]`: the selectors applied to each node and all its descendants.
    Descendant(Vec<Selector>),
}

#[derive(Debug, Clone, PartialEq)]
enum Selector {
    Name(String),
    Index(i64),
    Wildcard,
    /// `?@.a.b == literal` (`None`: existence test); `true` for `==`.
    Filter(Vec<String>, Option<(bool, Value)>),
}

impl JsonPath {
    /// Parses `text`.
    pub fn parse(text: &str) -> Result<JsonPath, String> {
        let mut p = Parser {
            chars: text.char_indices().peekable(),
            text,
        };
        p.expect('$')?;
        let mut segments = Vec::new();
        while let Some((_, c)) = p.chars.peek().copied() {
            match c {
                '.' => {
                    p.chars.next();
                    let descendant = p.eat('.');
                    let selectors = if p.peek_is('[') {
                        p.bracket()?
                    } else if p.eat('*') {
                        vec![Selector::Wildcard]
                    } else {
                        vec![Selector::Name(p.shorthand_name()?)]
                    };
                    segments.push(if descendant {
                        Segment::Descendant(selectors)
                    } else {
                        Segment::Child(selectors)
                    });
                }
                '[' => segments.push(Segment::Child(p.bracket()?)),
                ' ' => {
                    p.chars.next();
                }
                other => return Err(format!("unexpected `{other}`")),
            }
        }
        Ok(JsonPath(segments))
    }
}

struct Parser<'a> {
    chars: std::iter::Peekable<std::str::CharIndices<'a>>,
    text: &'a str,
}

impl Parser<'_> {
    fn eat(&mut self, c: char) -> bool {
        if self.peek_is(c) {
            self.chars.next();
            true
        } else {
            false
        }
    }

    fn peek_is(&mut self, c: char) -> bool {
        self.chars.peek().is_some_and(|(_, x)| *x == c)
    }

    fn skip_spaces(&mut self) {
        while self.eat(' ') {}
    }

    fn expect(&mut self, c: char) -> Result<(), String> {
        self.skip_spaces();
        if self.eat(c) {
            Ok(())
        } else {
            Err(match self.chars.peek() {
                Some((_, x)) => format!("expected `{c}`, found `{x}`"),
                None => format!("expected `{c}` at the end"),
            })
        }
    }

    fn shorthand_name(&mut self) -> Result<String, String> {
        let mut name = String::new();
        while let Some((_, c)) = self.chars.peek().copied() {
            if c.is_alphanumeric() || c == '_' || c == '-' || !c.is_ascii() {
                name.push(c);
                self.chars.next();
            } else {
                break;
            }
        }
        if name.is_empty() {
            Err("expected a name after `.`".into())
        } else {
            Ok(name)
        }
    }

    fn quoted(&mut self) -> Result<String, String> {
        let quote = match self.chars.next() {
            Some((_, q @ ('\'' | '"'))) => q,
            _ => return Err("expected a quoted name".into()),
        };
        let mut out = String::new();
        loop {
            match self.chars.next() {
                Some((_, '\\')) => match self.chars.next() {
                    Some((_, c)) => out.push(c),
                    None => return Err("unterminated escape".into()),
                },
                Some((_, c)) if c == quote => return Ok(out),
                Some((_, c)) => out.push(c),
                None => return Err("unterminated quoted name".into()),
            }
        }
    }

    fn bracket(&mut self) -> Result<Vec<Selector>, String> {
        self.expect('[')?;
        let mut selectors = Vec::new();
        loop {
            self.skip_spaces();
            let selector = match self.chars.peek().map(|(_, c)| *c) {
                Some('\'' | '"') => Selector::Name(self.quoted()?),
                Some('*') => {
                    self.chars.next();
                    Selector::Wildcard
                }
                Some('?') => {
                    self.chars.next();
                    self.filter()?
                }
                Some(c) if c == '-' || c.is_ascii_digit() => {
                    let mut digits = String::new();
                    while let Some((_, c)) = self.chars.peek().copied() {
                        if c == '-' || c.is_ascii_digit() {
                            digits.push(c);
                            self.chars.next();
                        } else {
                            break;
                        }
                    }
                    Selector::Index(
                        digits
                            .parse()
                            .map_err(|_| format!("bad index `{digits}`"))?,
                    )
                }
                Some(c) => return Err(format!("unexpected `{c}` in `[...]`")),
                None => return Err("unterminated `[`".into()),
            };
            selectors.push(selector);
            self.skip_spaces();
            if self.eat(',') {
                continue;
            }
            self.expect(']')?;
            return Ok(selectors);
        }
    }

    /// `@.a.b`, `@['a']`, optionally `== literal` / `!= literal`, maybe in parentheses.
    fn filter(&mut self) -> Result<Selector, String> {
        self.skip_spaces();
        let parens = self.eat('(');
        self.expect('@')?;
        let mut path = Vec::new();
        loop {
            if self.eat('.') {
                path.push(self.shorthand_name()?);
            } else if self.peek_is('[') {
                self.chars.next();
                self.skip_spaces();
                path.push(self.quoted()?);
                self.expect(']')?;
            } else {
                break;
            }
        }
        self.skip_spaces();
        let comparison = if self.eat('=') {
            self.expect('=')?;
            Some(true)
        } else if self.eat('!') {
            self.expect('=')?;
            Some(false)
        } else {
            None
        };
        let test = match comparison {
            Some(equal) => {
                self.skip_spaces();
                Some((equal, self.literal()?))
            }
            None => None,
        };
        if parens {
            self.expect(')')?;
        }
        Ok(Selector::Filter(path, test))
    }

    fn literal(&mut self) -> Result<Value, String> {
        if matches!(self.chars.peek(), Some((_, '\'' | '"'))) {
            return self.quoted().map(Value::String);
        }
        let start = self.chars.peek().map_or(self.text.len(), |(i, _)| *i);
        let mut end = start;
        while let Some((i, c)) = self.chars.peek().copied() {
            if c.is_alphanumeric() || c == '.' || c == '-' || c == '+' {
                end = i + c.len_utf8();
                self.chars.next();
            } else {
                break;
            }
        }
        serde_json::from_str(&self.text[start..end])
            .map_err(|_| format!("`{}` is not a literal", &self.text[start..end]))
    }
}

/// One node a path selected: `node` is where its value is (after following `$ref`s),
/// `place` where it is written (the `$ref` itself, when it is one).
struct Selected {
    node: NodeRef,
    place: NodeRef,
}

fn select(spec: &Spec, path: &JsonPath) -> Vec<Selected> {
    let root = NodeRef::root();
    let mut current = vec![Selected {
        node: root.clone(),
        place: root,
    }];
    for segment in &path.0 {
        let mut next = Vec::new();
        for s in &current {
            match segment {
                Segment::Child(selectors) => {
                    for selector in selectors {
                        children(spec, &s.node, selector, &mut next);
                    }
                }
                Segment::Descendant(selectors) => {
                    let mut visited = BTreeSet::new();
                    let mut stack = vec![s.node.clone()];
                    while let Some(node) = stack.pop() {
                        if !visited.insert(node.clone()) {
                            continue;
                        }
                        for selector in selectors {
                            children(spec, &node, selector, &mut next);
                        }
                        let mut all = Vec::new();
                        children(spec, &node, &Selector::Wildcard, &mut all);
                        stack.extend(all.into_iter().rev().map(|c| c.node));
                    }
                }
            }
        }
        current = next;
    }
    current
}

/// The children of `node` a selector picks, each followed through `$ref`s.
fn children(spec: &Spec, node: &NodeRef, selector: &Selector, out: &mut Vec<Selected>) {
    let push = |out: &mut Vec<Selected>, place: NodeRef| {
        if let Ok(node) = spec.deref(&place) {
            out.push(Selected { node, place });
        }
    };
    match (spec.get(node), selector) {
        (Some(Value::Object(map)), Selector::Name(name)) if map.contains_key(name) => {
            push(out, node.child(name));
        }
        (Some(Value::Array(items)), Selector::Index(i)) => {
            let len = items.len() as i64;
            let i = if *i < 0 { len + i } else { *i };
            if (0..len).contains(&i) {
                push(out, node.index(i as usize));
            }
        }
        (Some(Value::Object(map)), Selector::Wildcard | Selector::Filter(..)) => {
            for key in map.keys() {
                if filter_holds(spec, &node.child(key), selector) {
                    push(out, node.child(key));
                }
            }
        }
        (Some(Value::Array(items)), Selector::Wildcard | Selector::Filter(..)) => {
            for i in 0..items.len() {
                if filter_holds(spec, &node.index(i), selector) {
                    push(out, node.index(i));
                }
            }
        }
        _ => {}
    }
}

fn filter_holds(spec: &Spec, child: &NodeRef, selector: &Selector) -> bool {
    let Selector::Filter(path, test) = selector else {
        return true;
    };
    let mut at = match spec.deref(child) {
        Ok(node) => node,
        Err(_) => return false,
    };
    for key in path {
        match spec.get(&at) {
            Some(Value::Object(map)) if map.contains_key(key) => match spec.deref(&at.child(key)) {
                Ok(node) => at = node,
                Err(_) => return false,
            },
            _ => return false,
        }
    }
    let Some(value) = spec.get(&at) else {
        return false;
    };
    match test {
        None => true,
        Some((equal, literal)) => (value == literal) == *equal,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_subset() {
        let p = JsonPath::parse("$.paths['/v2/acts'].get").unwrap();
        assert_eq!(
            p.0,
            [
                Segment::Child(vec![Selector::Name("paths".into())]),
                Segment::Child(vec![Selector::Name("/v2/acts".into())]),
                Segment::Child(vec![Selector::Name("get".into())]),
            ]
        );
        let p = JsonPath::parse("$.paths.*.*[?(@.operationId == 'listPets')]").unwrap();
        assert_eq!(p.0.len(), 4);
        assert!(JsonPath::parse("$..parameters[0, -1]").is_ok());
        assert!(JsonPath::parse("paths").is_err());
        assert!(JsonPath::parse("$.paths[").is_err());
    }

    #[test]
    fn merges_as_overlay_says() {
        let mut target = serde_json::json!({"a": {"b": 1, "c": [1]}, "d": 2});
        merge(
            &mut target,
            &serde_json::json!({"a": {"b": 3, "e": 4}, "d": [5]}),
        );
        assert_eq!(
            target,
            serde_json::json!({"a": {"b": 3, "c": [1], "e": 4}, "d": [5]})
        );
        let mut list = serde_json::json!([1]);
        merge(&mut list, &serde_json::json!({"x": 1}));
        assert_eq!(list, serde_json::json!([1, {"x": 1}]));
    }

    #[test]
    fn applies_through_refs_across_files() {
        let dir = std::env::temp_dir().join(format!("specforge-overlay-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("paths")).unwrap();
        std::fs::write(
            dir.join("openapi.yaml"),
            "openapi: 3.1.0\ninfo: {title: T, version: '1'}\npaths:\n  /a:\n    $ref: paths/a.yaml\n",
        )
        .unwrap();
        std::fs::write(
            dir.join("paths/a.yaml"),
            "get:\n  operationId: a_get\n  tags: [x]\n  responses: {'204': {description: ok}}\n",
        )
        .unwrap();
        std::fs::write(
            dir.join("overlay.yaml"),
            "overlay: 1.0.0\ninfo: {title: o, version: '1'}\nactions:\n  \
             - target: \"$.paths['/a'].get\"\n    update: {x-added: true, tags: [y]}\n  \
             - target: \"$.paths.*[?(@.operationId == 'a_get')]\"\n    update: {summary: S}\n  \
             - target: $.nothing\n    remove: true\n",
        )
        .unwrap();
        let mut spec = load::load(&dir.join("openapi.yaml")).unwrap();
        let overlay = load_overlay(&dir.join("overlay.yaml")).unwrap();
        let warnings = apply(&mut spec, &overlay);
        let op = &spec.files[1].value["get"];
        assert_eq!(op["x-added"], serde_json::json!(true));
        assert_eq!(op["tags"], serde_json::json!(["x", "y"]));
        assert_eq!(op["summary"], serde_json::json!("S"));
        assert_eq!(warnings.0.len(), 1, "{warnings}");
        assert!(warnings.0[0].message.contains("selects nothing"));
        let _ = std::fs::remove_dir_all(&dir);
    }
}
