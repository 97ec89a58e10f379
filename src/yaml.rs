//! Content stage: the one place that parses YAML.
//!
//! `serde_yaml` turns text into typed values; it has no spans, so a second,
//! event-level pass (`yaml-rust2`) records where every key and value starts.
//! Swapping `serde_yaml` for a maintained fork (`serde_norway`,
//! `serde_yaml_ng`) touches this file only.

use serde::de::DeserializeOwned;

use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::Marker;

/// A 1-based line and column in a source file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Pos {
    pub line: usize,
    pub col: usize,
}

/// A YAML syntax or type error at a position.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlError {
    pub pos: Pos,
    pub message: String,
}

/// Deserializes `text` into `T`.
///
/// The error's position is that of the parser, relative to `text`.
pub fn from_str<T: DeserializeOwned>(text: &str) -> Result<T, YamlError> {
    // An empty document is an empty mapping, not a type error.
    let text = if text.trim().is_empty() { "{}" } else { text };
    check_depth(text)?;
    serde_yaml::from_str(text).map_err(|e| {
        let message = e.to_string();
        let mut pos = e.location().map_or(Pos { line: 1, col: 1 }, |l| Pos {
            line: l.line(),
            col: l.column(),
        });
        // At the end of the file (an unclosed quote or bracket), the place
        // where the construct opened, which the message names, is more useful.
        if pos.line > text.lines().count() {
            if let Some(opened) = position_in_message(&message) {
                pos = opened;
            }
        }
        // A text that is not YAML at all is a syntax error; one that is
        // YAML but not of the expected shape, a type error.
        let syntax = serde_yaml::from_str::<serde::de::IgnoredAny>(text).is_err();
        YamlError {
            pos,
            message: if syntax {
                format!("YAML syntax error: {}", clean_message(&message))
            } else {
                clean_message(&message)
            },
        }
    })
}

/// The first "line L column C" of a parser message.
fn position_in_message(message: &str) -> Option<Pos> {
    let rest = &message[message.rfind(" line ")? + 6..];
    let mut words = rest.split([' ', ',']);
    let line = words.next()?.parse().ok()?;
    if words.next()? != "column" {
        return None;
    }
    let col = words
        .next()?
        .trim_end_matches(|c: char| !c.is_ascii_digit())
        .parse()
        .ok()?;
    Some(Pos { line, col })
}

/// How deeply lists and mappings may nest. Content needs a handful of
/// levels; `serde_yaml` itself stops at 128, but only after libyaml has
/// scanned the whole text, which takes time quadratic in the nesting of
/// `[`/`{` collections (200 KB of `[` kept a build busy for minutes).
pub const MAX_DEPTH: usize = 64;

/// Refuses a document nested deeper than [`MAX_DEPTH`], at the collection
/// that goes too deep. Reads events only up to there; aliases are events,
/// never expanded. Syntax errors are left to `serde_yaml`, whose messages
/// are the ones shown; should this parser stop on one early, the brackets
/// are counted instead.
fn check_depth(text: &str) -> Result<(), YamlError> {
    let too_deep = |pos: Pos| YamlError {
        pos,
        message: format!("the YAML is nested more than {MAX_DEPTH} levels deep"),
    };
    let mut parser = Parser::new_from_str(text);
    let mut depth = 0usize;
    loop {
        match parser.next_token() {
            Ok((Event::StreamEnd, _)) => return Ok(()),
            Ok((Event::SequenceStart(..) | Event::MappingStart(..), mark)) => {
                depth += 1;
                if depth > MAX_DEPTH {
                    return Err(too_deep(Pos {
                        line: mark.line(),
                        col: mark.col() + 1,
                    }));
                }
            }
            Ok((Event::SequenceEnd | Event::MappingEnd, _)) => depth = depth.saturating_sub(1),
            Ok(_) => {}
            Err(_) => break,
        }
    }
    // Flow brackets outside quotes and comments, the only nesting libyaml
    // is slow on; a plain-scalar `[` counts too, which errs on the safe side.
    let (mut depth, mut line, mut col) = (0usize, 1, 0);
    let (mut quote, mut comment, mut prev) = (None, false, '\n');
    for c in text.chars() {
        col += 1;
        match (c, quote) {
            ('\n', _) => {
                (line, col, comment) = (line + 1, 0, false);
            }
            _ if comment => {}
            ('\'' | '"', None) => quote = Some(c),
            (c, Some(q)) if c == q && !(q == '"' && prev == '\\') => quote = None,
            ('#', None) if prev.is_whitespace() => comment = true,
            ('[' | '{', None) => {
                depth += 1;
                if depth > MAX_DEPTH {
                    return Err(too_deep(Pos { line, col }));
                }
            }
            (']' | '}', None) => depth = depth.saturating_sub(1),
            _ => {}
        }
        prev = if prev == '\\' && c == '\\' { ' ' } else { c };
    }
    Ok(())
}

/// Drops `serde_yaml`'s " at line L column C" (we print positions ourselves)
/// and rephrases its most common messages for organisers.
fn clean_message(message: &str) -> String {
    let mut out = String::new();
    let mut rest = message;
    while let Some(i) = rest.find(" at line ") {
        out.push_str(&rest[..i]);
        let tail = &rest[i + " at line ".len()..];
        let mut words = tail.splitn(4, ' ');
        let (line, column, col) = (words.next(), words.next(), words.next());
        let is_position = line.is_some_and(|l| l.chars().all(|c| c.is_ascii_digit()))
            && column == Some("column")
            && col.is_some_and(|c| c.trim_end_matches(',').chars().all(|c| c.is_ascii_digit()));
        if is_position {
            let skip = line.map_or(0, str::len)
                + " column ".len()
                + col.map_or(0, |c| c.trim_end_matches(',').len());
            rest = &tail[skip..];
        } else {
            out.push_str(" at line ");
            rest = tail;
        }
    }
    out.push_str(rest);
    out.trim_end_matches(':').trim().to_string()
}

/// One step of a path into a YAML document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Seg<'a> {
    Key(&'a str),
    Index(usize),
}

/// Where each node of one YAML document starts.
#[derive(Debug, Default, Clone)]
pub struct Positions {
    root: Option<Node>,
}

#[derive(Debug, Clone)]
struct Node {
    pos: Pos,
    kind: Kind,
}

#[derive(Debug, Clone)]
enum Kind {
    Scalar,
    Seq(Vec<Node>),
    Map(Vec<(String, Pos, Node)>),
}

impl Positions {
    /// Records the positions of `text`; `line_offset` is added to every line
    /// (for front matter that starts below a `---` line).
    pub fn of(text: &str, line_offset: usize) -> Self {
        let mut builder = Builder {
            stack: Vec::new(),
            root: None,
            line_offset,
        };
        let mut parser = Parser::new_from_str(text);
        // A syntax error is reported by `from_str`; positions stay partial.
        let _ = parser.load(&mut builder, false);
        Positions { root: builder.root }
    }

    /// The position of the value at `path`, or of its nearest existing parent.
    pub fn value(&self, path: &[Seg]) -> Pos {
        self.walk(path).0
    }

    /// The position of the key that ends `path` (its value's if it is an index).
    pub fn key(&self, path: &[Seg]) -> Pos {
        self.walk(path).1
    }

    fn walk(&self, path: &[Seg]) -> (Pos, Pos) {
        let Some(mut node) = self.root.as_ref() else {
            return (Pos { line: 1, col: 1 }, Pos { line: 1, col: 1 });
        };
        let mut key_pos = node.pos;
        for seg in path {
            let next = match (seg, &node.kind) {
                (Seg::Key(k), Kind::Map(entries)) => entries
                    .iter()
                    .find(|(name, _, _)| name == k)
                    .map(|(_, kp, n)| (*kp, n)),
                (Seg::Index(i), Kind::Seq(items)) => items.get(*i).map(|n| (n.pos, n)),
                _ => None,
            };
            match next {
                Some((kp, n)) => {
                    key_pos = kp;
                    node = n;
                }
                None => break,
            }
        }
        (node.pos, key_pos)
    }
}

struct Builder {
    stack: Vec<Frame>,
    root: Option<Node>,
    line_offset: usize,
}

enum Frame {
    Seq(Pos, Vec<Node>),
    /// Entries so far and, between a key and its value, the pending key.
    Map(Pos, Vec<(String, Pos, Node)>, Option<(String, Pos)>),
}

impl Builder {
    fn pos(&self, mark: Marker) -> Pos {
        Pos {
            line: mark.line() + self.line_offset,
            col: mark.col() + 1,
        }
    }

    fn push_node(&mut self, node: Node, scalar_text: Option<String>) {
        match self.stack.last_mut() {
            None => self.root = Some(node),
            Some(Frame::Seq(_, items)) => items.push(node),
            Some(Frame::Map(_, entries, pending)) => match pending.take() {
                Some((key, key_pos)) => entries.push((key, key_pos, node)),
                None => *pending = Some((scalar_text.unwrap_or_default(), node.pos)),
            },
        }
    }
}

impl MarkedEventReceiver for Builder {
    fn on_event(&mut self, ev: Event, mark: Marker) {
        let pos = self.pos(mark);
        match ev {
            Event::Scalar(text, ..) => self.push_node(
                Node {
                    pos,
                    kind: Kind::Scalar,
                },
                Some(text),
            ),
            Event::Alias(_) => self.push_node(
                Node {
                    pos,
                    kind: Kind::Scalar,
                },
                None,
            ),
            Event::SequenceStart(..) => self.stack.push(Frame::Seq(pos, Vec::new())),
            Event::MappingStart(..) => self.stack.push(Frame::Map(pos, Vec::new(), None)),
            Event::SequenceEnd | Event::MappingEnd => {
                let node = match self.stack.pop() {
                    Some(Frame::Seq(pos, items)) => Node {
                        pos,
                        kind: Kind::Seq(items),
                    },
                    Some(Frame::Map(pos, entries, _)) => Node {
                        pos,
                        kind: Kind::Map(entries),
                    },
                    None => return,
                };
                self.push_node(node, None);
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = "title: Forum\ndays:\n  - date: 2017-09-21\n    sessions:\n      - id: opening\n        speakers: [ana, bob]\n";

    #[test]
    fn positions_of_nested_values_and_flow_items() {
        let p = Positions::of(DOC, 0);
        let path = [
            Seg::Key("days"),
            Seg::Index(0),
            Seg::Key("sessions"),
            Seg::Index(0),
            Seg::Key("speakers"),
            Seg::Index(1),
        ];
        assert_eq!(p.value(&path), Pos { line: 6, col: 25 });
        let id = [
            Seg::Key("days"),
            Seg::Index(0),
            Seg::Key("sessions"),
            Seg::Index(0),
            Seg::Key("id"),
        ];
        assert_eq!(p.value(&id), Pos { line: 5, col: 13 });
        assert_eq!(p.key(&id), Pos { line: 5, col: 9 });
    }

    #[test]
    fn missing_path_falls_back_to_nearest_parent() {
        let p = Positions::of(DOC, 3);
        assert_eq!(p.value(&[Seg::Key("days"), Seg::Index(7)]).line, 6);
    }

    #[test]
    fn an_unclosed_quote_points_where_it_opens() {
        let e = from_str::<serde_yaml::Value>("a: 1\nb: \"open\nc: 2\n").unwrap_err();
        assert_eq!(e.pos.line, 2, "{e:?}");
    }

    /// Nine levels of nine aliases: 9^9 strings if expanded.
    fn billion_laughs(key: &str) -> String {
        use std::fmt::Write as _;
        let mut bomb = format!(
            "{key}: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n"
        );
        let names = ["a", "b", "c", "d", "e", "f", "g", "h", "i"];
        for w in names.windows(2) {
            let refs = vec![format!("*{}", w[0]); 9].join(",");
            let _ = writeln!(bomb, "{}: &{} [{refs}]", w[1], w[1]);
        }
        bomb
    }

    #[test]
    fn an_alias_bomb_is_refused_without_expanding_it() {
        let started = std::time::Instant::now();
        // A type that takes anything: serde_yaml's repetition limit stops it.
        let e = from_str::<serde_yaml::Value>(&billion_laughs("a")).unwrap_err();
        assert!(e.message.contains("repetition limit"), "{e:?}");
        // The position pass sees an alias as one event, never its expansion.
        let p = Positions::of(&billion_laughs("a"), 0);
        assert_eq!(p.value(&[Seg::Key("i"), Seg::Index(8)]).line, 9);
        assert!(started.elapsed() < std::time::Duration::from_secs(5));
    }

    #[test]
    fn deep_nesting_is_refused_before_libyaml_scans_it() {
        // Regression: libyaml's scanner is quadratic in the depth of flow
        // collections; 100 000 `[` kept a build busy for minutes.
        let started = std::time::Instant::now();
        for text in [
            format!("days: {}{}", "[".repeat(100_000), "]".repeat(100_000)),
            format!("{}{}", "{a: ".repeat(100_000), "}".repeat(100_000)),
            // Broken YAML: the brackets are counted instead.
            format!("a: b: c\nd: {}", "[".repeat(100_000)),
        ] {
            let e = from_str::<serde_yaml::Value>(&text).unwrap_err();
            assert!(e.message.contains("nested more than 64"), "{e:?}");
        }
        let e = from_str::<serde_yaml::Value>(&format!("x: 1\ny: {}", "[".repeat(70))).unwrap_err();
        assert_eq!(e.pos.line, 2);
        assert!(started.elapsed() < std::time::Duration::from_secs(5));
        // Ordinary nesting, brackets in quotes and comments are fine.
        let ok = "a: {b: [c, {d: [1, 2]}]}\ne: \"[[[[\" # [[[[\nf: Foro [2017]\n";
        assert!(from_str::<serde_yaml::Value>(ok).is_ok());
    }

    #[test]
    fn errors_carry_the_parser_position() {
        #[derive(serde::Deserialize, Debug)]
        #[allow(dead_code, reason = "the field is only deserialized")]
        struct T {
            a: u32,
        }
        let e = from_str::<T>("a: 1\nb: [unclosed\n").unwrap_err();
        assert!(e.pos.line >= 2, "{e:?}");
        let e = from_str::<T>("a: nope\n").unwrap_err();
        assert_eq!(e.pos, Pos { line: 1, col: 4 });
        assert!(!e.message.contains("at line"), "{}", e.message);
    }
}
