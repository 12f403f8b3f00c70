//! ECMA-262 regular expressions, as JSON Schema's `pattern` and `format: regex` mean them:
//! a syntax check, and a translation into `regex-lite` syntax with the same meaning for the
//! patterns that need no backtracking-only construct.
//!
//! `regex-lite` matches without allocating once warmed up; `regress` (an ECMA-262 engine)
//! allocates its backtracking stack on every search. So a pattern is translated where that
//! keeps its meaning exactly (ECMA's `.`, `\s`, `\d`, `\w` and escapes spelled out for
//! `regex-lite`), and only patterns with look-around, back-references, Unicode property
//! classes or empty classes are left to `regress`. Both read the pattern with Unicode
//! semantics (code points, as the `u` flag says), which JSON Schema asks for; identity
//! escapes are read leniently, as Annex B allows.

use std::fmt::Write;

/// ECMA-262's `WhiteSpace` and `LineTerminator` characters, as the body of a class.
const SPACE: &str = r"\t\n\x{0B}\x{0C}\r \x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}";

/// Whether `pattern` is a well-formed ECMA-262 regular expression with the `u` flag, as
/// JSON Schema reads it (so without Annex B's leniency: `\a` or a lone `{` is an error).
/// Allocates nothing.
pub(crate) fn is_valid(pattern: &str) -> bool {
    let mut parser = Parser::new(pattern, Discard);
    parser.strict = true;
    parser.pattern().is_ok()
}

/// The `regex-lite` pattern with the same meaning as ECMA-262 `pattern`: `Ok(Some(_))`;
/// `Ok(None)` when the pattern is valid but needs an ECMA-262 engine; `Err(_)` when it is
/// not a valid pattern (with why).
pub(crate) fn translate(pattern: &str) -> Result<Option<String>, &'static str> {
    let mut parser = Parser::new(pattern, String::with_capacity(pattern.len() + 16));
    parser.pattern()?;
    Ok(parser.translatable.then_some(parser.out))
}

/// A writer that keeps nothing, for the syntax check.
struct Discard;

impl Write for Discard {
    fn write_str(&mut self, _: &str) -> std::fmt::Result {
        Ok(())
    }
}

/// One character of a class: a single code point, or a set (`\d`, `\s`, ...).
#[derive(Clone, Copy, PartialEq, Eq)]
enum ClassAtom {
    Char(char),
    Set,
}

struct Parser<'a, W: Write> {
    text: &'a str,
    at: usize,
    out: W,
    /// Cleared when the pattern uses something `regex-lite` cannot say.
    translatable: bool,
    /// The `u` flag's syntax: no Annex B leniency.
    strict: bool,
}

type Parsed<T = ()> = Result<T, &'static str>;

impl<'a, W: Write> Parser<'a, W> {
    fn new(text: &'a str, out: W) -> Self {
        Parser {
            text,
            at: 0,
            out,
            translatable: true,
            strict: false,
        }
    }

    fn peek(&self) -> Option<char> {
        self.text[self.at..].chars().next()
    }

    fn peek_at(&self, n: usize) -> Option<char> {
        self.text[self.at..].chars().nth(n)
    }

    fn next(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.at += c.len_utf8();
        Some(c)
    }

    fn eat(&mut self, c: char) -> bool {
        if self.peek() == Some(c) {
            self.at += c.len_utf8();
            true
        } else {
            false
        }
    }

    fn eat_str(&mut self, s: &str) -> bool {
        if self.text[self.at..].starts_with(s) {
            self.at += s.len();
            true
        } else {
            false
        }
    }

    fn emit(&mut self, s: &str) {
        let _ = self.out.write_str(s);
    }

    /// A code point as `regex-lite` reads it literally, outside (`class` false) or inside
    /// a class.
    fn emit_char(&mut self, c: char, _class: bool) {
        let meta = matches!(
            c,
            '\\' | '.'
                | '+'
                | '*'
                | '?'
                | '('
                | ')'
                | '|'
                | '['
                | ']'
                | '{'
                | '}'
                | '^'
                | '$'
                | '#'
                | '&'
                | '-'
                | '~'
        );
        let _ = if meta {
            write!(self.out, "\\{c}")
        } else if c.is_control() || c.is_whitespace() {
            write!(self.out, "\\x{{{:X}}}", c as u32)
        } else {
            self.out.write_char(c)
        };
    }

    fn pattern(&mut self) -> Parsed {
        self.disjunction()?;
        if self.at < self.text.len() {
            // Only an unmatched `)` stops a disjunction early.
            return Err("an unmatched `)`");
        }
        Ok(())
    }

    fn disjunction(&mut self) -> Parsed {
        loop {
            while let Some(c) = self.peek() {
                if c == '|' || c == ')' {
                    break;
                }
                self.term()?;
            }
            if self.eat('|') {
                self.emit("|");
            } else {
                return Ok(());
            }
        }
    }

    fn term(&mut self) -> Parsed {
        let Some(c) = self.next() else {
            return Ok(());
        };
        let quantifiable = match c {
            '^' | '$' => {
                self.emit(if c == '^' { "^" } else { "$" });
                false
            }
            '\\' if matches!(self.peek(), Some('b' | 'B')) => {
                let b = self.next() == Some('b');
                self.emit(if b { r"\b" } else { r"\B" });
                false
            }
            '\\' => {
                self.atom_escape()?;
                true
            }
            '(' => self.group()?,
            '[' => {
                self.class()?;
                true
            }
            '*' | '+' | '?' => return Err("a quantifier with nothing to repeat"),
            '{' => {
                self.at -= 1;
                if self.braces(false)?.is_some() {
                    return Err("a quantifier with nothing to repeat");
                }
                if self.strict {
                    return Err("a lone `{`");
                }
                self.at += 1;
                self.emit_char('{', false);
                true
            }
            '}' | ']' if self.strict => return Err("a lone `}` or `]`"),
            '.' => {
                self.emit(r"[^\n\r\x{2028}\x{2029}]");
                true
            }
            c => {
                self.emit_char(c, false);
                true
            }
        };
        let quantified = self.quantifier()?;
        if quantified && !quantifiable {
            return Err("a quantifier after an assertion");
        }
        Ok(())
    }

    /// `{n}`, `{n,}` or `{n,m}` at the cursor: consumed (and written, when `emit`) and
    /// `Some`, or `None` with the cursor unmoved when the braces are not a quantifier (then,
    /// as Annex B says, `{` is a literal). Bounds out of order are an error.
    fn braces(&mut self, emit: bool) -> Parsed<Option<()>> {
        let rest = &self.text[self.at..];
        let Some(close) = rest.find('}').filter(|_| rest.starts_with('{')) else {
            return Ok(None);
        };
        let inner = &rest[1..close];
        let (min, max) = match inner.split_once(',') {
            Some((min, max)) => (min, Some(max)),
            None => (inner, None),
        };
        let number = |s: &str| -> Option<u64> {
            if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            Some(s.parse::<u64>().unwrap_or(u64::MAX))
        };
        let Some(min) = number(min) else {
            return Ok(None);
        };
        let max = match max {
            Some("") => None,
            Some(max) => match number(max) {
                Some(max) => Some(max),
                None => return Ok(None),
            },
            None => Some(min),
        };
        if max.is_some_and(|max| max < min) {
            return Err("quantifier bounds out of order");
        }
        self.at += close + 1;
        if emit {
            let _ = match max {
                Some(max) if max == min => write!(self.out, "{{{min}}}"),
                Some(max) => write!(self.out, "{{{min},{max}}}"),
                None => write!(self.out, "{{{min},}}"),
            };
        }
        Ok(Some(()))
    }

    /// An optional quantifier (and its lazy `?`); returns whether there was one.
    fn quantifier(&mut self) -> Parsed<bool> {
        match self.peek() {
            Some(c @ ('*' | '+' | '?')) => {
                self.next();
                self.emit_char_raw(c);
            }
            Some('{') => {
                if self.braces(true)?.is_none() {
                    return Ok(false);
                }
            }
            _ => return Ok(false),
        }
        if self.eat('?') {
            self.emit("?");
        }
        Ok(true)
    }

    fn emit_char_raw(&mut self, c: char) {
        let _ = self.out.write_char(c);
    }

    /// A group after its `(`; returns whether a quantifier may follow.
    fn group(&mut self) -> Parsed<bool> {
        let mut quantifiable = true;
        if self.eat_str("?:") {
        } else if self.eat_str("?=") || self.eat_str("?!") {
            self.translatable = false;
        } else if self.eat_str("?<=") || self.eat_str("?<!") {
            self.translatable = false;
            quantifiable = false;
        } else if self.eat_str("?<") {
            let name_len = self.text[self.at..]
                .find('>')
                .ok_or("an unterminated group name")?;
            let name = &self.text[self.at..self.at + name_len];
            let ok = name
                .chars()
                .next()
                .is_some_and(|c| c.is_alphabetic() || c == '_' || c == '$')
                && name
                    .chars()
                    .all(|c| c.is_alphanumeric() || c == '_' || c == '$');
            if !ok {
                return Err("an invalid group name");
            }
            self.at += name_len + 1;
        } else if self.peek() == Some('?') {
            return Err("an invalid group");
        }
        // Every group is written as non-capturing: a match does not need captures.
        self.emit("(?:");
        self.disjunction()?;
        if !self.eat(')') {
            return Err("an unclosed group");
        }
        self.emit(")");
        Ok(quantifiable)
    }

    /// `\d`, `\s`, `\w` and their negations outside a class.
    fn set_escape(&mut self, c: char) {
        let body = match c.to_ascii_lowercase() {
            'd' => "0-9",
            'w' => "0-9A-Za-z_",
            _ => SPACE,
        };
        let negated = c.is_ascii_uppercase();
        let _ = write!(self.out, "[{}{body}]", if negated { "^" } else { "" });
    }

    /// An escape after `\` outside a class.
    fn atom_escape(&mut self) -> Parsed {
        match self.peek().ok_or("a trailing `\\`")? {
            c @ ('d' | 'D' | 'w' | 'W' | 's' | 'S') => {
                self.next();
                self.set_escape(c);
            }
            '1'..='9' => {
                // A back-reference.
                while self.peek().is_some_and(|c| c.is_ascii_digit()) {
                    self.next();
                }
                self.translatable = false;
            }
            'k' if self.peek_at(1) == Some('<') => {
                self.next();
                let len = self.text[self.at..]
                    .find('>')
                    .ok_or("an unterminated `\\k<name>`")?;
                self.at += len + 1;
                self.translatable = false;
            }
            _ => match self.character_escape()? {
                ClassAtom::Char(c) => self.emit_char(c, false),
                ClassAtom::Set => {}
            },
        }
        Ok(())
    }

    /// A character escape after `\`, inside or outside a class: the character it stands for
    /// (or `Set` for a Unicode property class, which is not translated).
    fn character_escape(&mut self) -> Parsed<ClassAtom> {
        let c = self.next().ok_or("a trailing `\\`")?;
        Ok(ClassAtom::Char(match c {
            't' => '\t',
            'n' => '\n',
            'r' => '\r',
            'f' => '\u{c}',
            'v' => '\u{b}',
            '0' if !self.peek().is_some_and(|c| c.is_ascii_digit()) => '\0',
            '0'..='9' => {
                // A legacy octal escape (Annex B).
                if self.strict {
                    return Err("a legacy octal escape");
                }
                while self.peek().is_some_and(|c| c.is_ascii_digit()) {
                    self.next();
                }
                self.translatable = false;
                return Ok(ClassAtom::Set);
            }
            'c' => match self.peek() {
                Some(l) if l.is_ascii_alphabetic() => {
                    self.next();
                    char::from(l as u8 % 32)
                }
                // Annex B: `\c` not followed by a letter is a backslash and a `c`.
                _ if self.strict => return Err("`\\c` without a letter"),
                _ => {
                    self.translatable = false;
                    return Ok(ClassAtom::Set);
                }
            },
            'x' => match self.hex(2) {
                Some(code) => char::from_u32(code).ok_or("an invalid `\\x` escape")?,
                None if self.strict => return Err("an incomplete `\\x` escape"),
                None => 'x',
            },
            'u' => self.unicode_escape()?,
            'p' | 'P' if self.peek() == Some('{') => {
                let len = self.text[self.at..]
                    .find('}')
                    .ok_or("an unterminated `\\p{...}`")?;
                let name = &self.text[self.at + 1..self.at + len];
                if name.is_empty()
                    || !name
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '=')
                {
                    return Err("an invalid Unicode property");
                }
                self.at += len + 1;
                self.translatable = false;
                return Ok(ClassAtom::Set);
            }
            // An identity escape: the character itself (with the `u` flag, only a syntax
            // character, `/`, or `-` in a class).
            other if self.strict && !"^$\\.*+?()[]{}|/-".contains(other) => {
                return Err("an identity escape of a character that is not syntax")
            }
            other => other,
        }))
    }

    /// `n` hex digits at the cursor, consumed, or `None` with the cursor unmoved.
    fn hex(&mut self, n: usize) -> Option<u32> {
        let digits = self.text.get(self.at..self.at + n)?;
        if !digits.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        self.at += n;
        u32::from_str_radix(digits, 16).ok()
    }

    /// What follows `\u`: `{hex}`, four hex digits (a surrogate pair joined into one code
    /// point), or, as Annex B says, a plain `u`.
    fn unicode_escape(&mut self) -> Parsed<char> {
        if self.peek() == Some('{') {
            let len = self.text[self.at..]
                .find('}')
                .ok_or("an unterminated `\\u{...}`")?;
            let digits = &self.text[self.at + 1..self.at + len];
            let code = u32::from_str_radix(digits, 16).map_err(|_| "an invalid `\\u{...}`")?;
            self.at += len + 1;
            return char::from_u32(code).ok_or("an invalid `\\u{...}`");
        }
        let Some(code) = self.hex(4) else {
            if self.strict {
                return Err("an incomplete `\\u` escape");
            }
            return Ok('u');
        };
        if (0xD800..0xDC00).contains(&code) && self.eat_str("\\u") {
            if let Some(low) = self.hex(4).filter(|l| (0xDC00..0xE000).contains(l)) {
                let joined = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00);
                return char::from_u32(joined).ok_or("an invalid surrogate pair");
            }
            self.at -= 2;
        }
        match char::from_u32(code) {
            Some(c) => Ok(c),
            None => {
                // A lone surrogate never matches UTF-8 text; left to the ECMA-262 engine.
                self.translatable = false;
                Ok('\u{FFFD}')
            }
        }
    }

    /// One atom of a class after `[`.
    fn class_atom(&mut self) -> Parsed<ClassAtom> {
        match self.next().ok_or("an unclosed character class")? {
            '\\' => match self.peek().ok_or("a trailing `\\`")? {
                c @ ('d' | 'w' | 's') => {
                    self.next();
                    let body = match c {
                        'd' => "0-9",
                        'w' => "0-9A-Za-z_",
                        _ => SPACE,
                    };
                    self.emit(body);
                    Ok(ClassAtom::Set)
                }
                'D' | 'W' | 'S' => {
                    self.next();
                    self.translatable = false;
                    Ok(ClassAtom::Set)
                }
                'b' => {
                    self.next();
                    Ok(ClassAtom::Char('\u{8}'))
                }
                '-' => {
                    self.next();
                    Ok(ClassAtom::Char('-'))
                }
                _ => self.character_escape(),
            },
            c => Ok(ClassAtom::Char(c)),
        }
    }

    /// A class after its `[`.
    fn class(&mut self) -> Parsed {
        let negated = self.eat('^');
        if self.eat(']') {
            // `[]` matches nothing and `[^]` anything: valid, not translated.
            self.translatable = false;
            return Ok(());
        }
        self.emit(if negated { "[^" } else { "[" });
        loop {
            if self.eat(']') {
                self.emit("]");
                return Ok(());
            }
            let first = self.class_atom()?;
            if self.peek() == Some('-') && self.peek_at(1).is_some_and(|c| c != ']') {
                self.next();
                let second = self.class_atom()?;
                match (first, second) {
                    (ClassAtom::Char(a), ClassAtom::Char(b)) => {
                        if a > b {
                            return Err("a class range out of order");
                        }
                        self.emit_char(a, true);
                        self.emit("-");
                        self.emit_char(b, true);
                    }
                    // Annex B: a range with a set at either end is the set, `-` and the other.
                    _ => self.translatable = false,
                }
            } else if let ClassAtom::Char(c) = first {
                self.emit_char(c, true);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn syntax() {
        assert!(is_valid(r"([abc])+\s+$"));
        assert!(is_valid(r"^\d{1,2}$"));
        assert!(is_valid(r"(?<=a)b(?!c)\1\p{Letter}"));
        assert!(!is_valid(r"^(abc]"));
        assert!(!is_valid(r"a**"));
        assert!(!is_valid(r"*a"));
        assert!(!is_valid(r"[z-a]"));
        assert!(!is_valid(r"a)"));
        assert!(!is_valid("\\"));
        assert!(!is_valid(r"\a"));
        assert!(!is_valid(r"a{"));
        assert!(translate(r"a{").unwrap().is_some());
    }

    #[test]
    fn translation() {
        assert_eq!(translate(r"^\d+$").unwrap().unwrap(), "^[0-9]+$");
        assert_eq!(
            translate(r"a.b").unwrap().unwrap(),
            r"a[^\n\r\x{2028}\x{2029}]b"
        );
        assert_eq!(translate(r"\cC\/").unwrap().unwrap(), r"\x{3}/");
        assert_eq!(translate(r"(?<n>x){2,}?").unwrap().unwrap(), "(?:x){2,}?");
        assert_eq!(translate(r"[\w-]").unwrap().unwrap(), r"[0-9A-Za-z_\-]");
        assert_eq!(translate(r"\p{Letter}").unwrap(), None);
        assert_eq!(translate(r"(a)\1").unwrap(), None);
        assert_eq!(translate(r"\uD83D\uDC32").unwrap().unwrap(), "🐲");
    }
}
