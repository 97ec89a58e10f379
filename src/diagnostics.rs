//! All stages: errors and warnings that authors cause, collected per run.
//!
//! Every diagnostic names a file relative to the forum project, a 1-based
//! line and column, what is wrong and, where we know it, what to do.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use crate::yaml::Pos;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Relative to the project folder; empty for run-wide problems.
    pub file: PathBuf,
    pub pos: Option<Pos>,
    pub message: String,
    pub hint: Option<String>,
    /// Reading failed (permissions, a bad drive), not the file's content:
    /// the run exits with the input/output code.
    pub io: bool,
}

impl Diagnostic {
    pub fn error(file: impl Into<PathBuf>, pos: Option<Pos>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            file: file.into(),
            pos,
            message: message.into(),
            hint: None,
            io: false,
        }
    }

    pub fn warning(file: impl Into<PathBuf>, pos: Option<Pos>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(file, pos, message)
        }
    }

    /// Marks a failure to read, not a problem in the file's content.
    #[must_use]
    pub fn io(mut self) -> Self {
        self.io = true;
        self
    }

    #[must_use]
    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// `FILE:LINE:COL` with the project folder in front, as a user types it.
    pub fn location(&self, project: &Path) -> String {
        if self.file.as_os_str().is_empty() {
            return project.display().to_string();
        }
        // The built-in theme's files are not in the project.
        let path = if self.file.starts_with("themes/default") && !project.join(&self.file).exists()
        {
            Path::new("<built-in theme>").join(
                self.file
                    .strip_prefix("themes/default")
                    .unwrap_or(&self.file),
            )
        } else {
            project.join(&self.file)
        };
        match self.pos {
            Some(p) => format!("{}:{}:{}", path.display(), p.line, p.col),
            None => path.display().to_string(),
        }
    }

    /// The rustc-style report: headline, source line with a caret, hint.
    /// Names and lines from files are escaped ([`escape`]) and a long line
    /// is cut around the column.
    pub fn render(&self, project: &Path, source: Option<&str>) -> String {
        let label = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let mut out = format!(
            "{label}: {}: {}\n",
            escape(&self.location(project)),
            escape(&self.message)
        );
        if let (Some(pos), Some(text)) = (self.pos, source) {
            if let Some(line) = text.lines().nth(pos.line.saturating_sub(1)) {
                let number = pos.line.to_string();
                let pad = " ".repeat(number.len());
                let (shown, caret_at) = excerpt(line, pos.col);
                let _ = writeln!(
                    out,
                    "{pad} |\n{number} | {shown}\n{pad} | {}^",
                    " ".repeat(caret_at)
                );
            }
        }
        if let Some(hint) = &self.hint {
            let _ = writeln!(out, "  = hint: {}", escape(hint));
        }
        out
    }
}

/// Characters of a source line shown on each side of the column.
const EXCERPT_SIDE: usize = 60;

/// The part of `line` shown under a diagnostic (cut around the 1-based
/// column `col` when long, escaped, tabs as four spaces) and the caret's
/// offset in it.
fn excerpt(line: &str, col: usize) -> (String, usize) {
    let chars: Vec<char> = line.chars().collect();
    let at = col.saturating_sub(1).min(chars.len());
    let (from, to) = if chars.len() > 2 * EXCERPT_SIDE + 20 {
        (
            at.saturating_sub(EXCERPT_SIDE),
            (at + EXCERPT_SIDE).min(chars.len()),
        )
    } else {
        (0, chars.len())
    };
    let width = |c: char| match c {
        '\t' => 4,
        c if needs_escape(c) => escape(&c.to_string()).chars().count(),
        _ => 1,
    };
    let show = |c: char| match c {
        '\t' => "    ".to_string(),
        c => escape(&c.to_string()),
    };
    let mut shown = String::new();
    let mut caret = 0;
    if from > 0 {
        shown.push('…');
        caret += 1;
    }
    caret += chars[from..at].iter().map(|c| width(*c)).sum::<usize>();
    shown.extend(chars[from..to].iter().map(|c| show(*c)));
    if to < chars.len() {
        shown.push('…');
    }
    (shown, caret)
}

/// A name from outside (a file name, a path, a line of a file) as it may
/// be shown on a terminal: control characters, which could move the cursor,
/// clear the screen or fake a line, are shown as `\u{1b}` style escapes.
pub fn escape(text: &str) -> String {
    if !text.chars().any(needs_escape) {
        return text.to_string();
    }
    text.chars()
        .fold(String::with_capacity(text.len() + 8), |mut s, c| {
            if needs_escape(c) {
                let _ = write!(s, "\\u{{{:x}}}", u32::from(c));
            } else {
                s.push(c);
            }
            s
        })
}

/// A path as [`escape`] shows it (invalid UTF-8 as U+FFFD).
pub fn escape_path(p: &std::path::Path) -> String {
    escape(&p.to_string_lossy())
}

fn needs_escape(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// Adds terminal colours to a rendered diagnostic: the label, the caret, the hint.
pub fn colorize(text: &str) -> String {
    const RED: &str = "\x1b[1;31m";
    const YELLOW: &str = "\x1b[1;33m";
    const BLUE: &str = "\x1b[1;34m";
    const CYAN: &str = "\x1b[36m";
    const RESET: &str = "\x1b[0m";
    text.lines()
        .map(|line| {
            if let Some(rest) = line.strip_prefix("error:") {
                format!("{RED}error{RESET}:{rest}")
            } else if let Some(rest) = line.strip_prefix("warning:") {
                format!("{YELLOW}warning{RESET}:{rest}")
            } else if let Some(rest) = line.strip_prefix("  = hint:") {
                format!("  {CYAN}= hint{RESET}:{rest}")
            } else if let Some((gutter, rest)) = line
                .split_once(" | ")
                .or_else(|| line.strip_suffix(" |").map(|g| (g, "")))
            {
                let rest = if rest.trim_start().starts_with('^') && rest.trim() == "^" {
                    format!("{RED}{rest}{RESET}")
                } else {
                    rest.to_string()
                };
                format!("{BLUE}{gutter} |{RESET} {rest}")
            } else {
                line.to_string()
            }
        })
        .map(|l| l + "\n")
        .collect()
}

/// The diagnostics of one run, in the order found.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    pub items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn push(&mut self, d: Diagnostic) {
        self.items.push(d);
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|d| d.severity == Severity::Error)
    }

    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter().filter(|d| d.severity == Severity::Error)
    }

    pub fn warnings(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items
            .iter()
            .filter(|d| d.severity == Severity::Warning)
    }

    #[must_use]
    /// Sorted by file and position, duplicates removed (the same error
    /// found by the site and the USB bundle is shown once), so output is
    /// stable. The same template error met rendering many pages is shown
    /// once, naming the first page and how many others.
    pub fn sorted(mut self) -> Self {
        let key = |d: &Diagnostic| {
            (
                d.severity,
                d.file.clone(),
                d.pos.map(|p| (p.line, p.col)),
                repeated_part(&d.message).to_string(),
            )
        };
        self.items.sort_by_cached_key(key);
        self.items.dedup();
        let mut merged: Vec<(Diagnostic, Vec<String>)> = Vec::new();
        for d in self.items {
            match merged.last_mut() {
                Some((last, pages))
                    if d.message.starts_with("template error:") && key(last) == key(&d) =>
                {
                    let page = |m: &str| {
                        m.rsplit_once(" (rendering ")
                            .map(|(_, p)| p.trim_end_matches(')').to_string())
                    };
                    if let Some(p) = page(&d.message) {
                        if page(&last.message).as_ref() != Some(&p) && !pages.contains(&p) {
                            pages.push(p);
                        }
                    }
                }
                _ => merged.push((d, Vec::new())),
            }
        }
        self.items = merged
            .into_iter()
            .map(|(mut d, pages)| {
                if pages.len() > 3 {
                    let _ = write!(d.message, " (and {} more pages)", pages.len());
                } else if !pages.is_empty() {
                    let _ = write!(d.message, " (also {})", pages.join(", "));
                }
                d
            })
            .collect();
        self
    }
}

impl Extend<Diagnostic> for Diagnostics {
    fn extend<I: IntoIterator<Item = Diagnostic>>(&mut self, iter: I) {
        self.items.extend(iter);
    }
}

/// A template error's message without what changes from page to page (the
/// variables available, the page being rendered).
fn repeated_part(message: &str) -> &str {
    let end = [" Available variables", " (rendering "]
        .iter()
        .filter_map(|m| message.find(m))
        .min()
        .unwrap_or(message.len());
    &message[..end]
}

/// The closest candidate to `word`, for "did you mean" hints.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (edit_distance(word, c), c))
        .filter(|(d, c)| *d <= (word.len().max(c.len()) / 3).max(2))
        .min()
        .map(|(_, c)| c)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(ca != *cb))
                .min(prev[j + 1] + 1)
                .min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

/// A "did you mean" hint, or the fallback text.
pub fn suggest<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
    otherwise: &str,
) -> String {
    match closest(word, candidates) {
        Some(c) => format!("did you mean `{c}`?"),
        None => otherwise.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn caret_points_at_the_column() {
        let d =
            Diagnostic::error("agenda.yaml", Some(Pos { line: 2, col: 5 }), "bad").hint("fix it");
        let text = d.render(Path::new("content"), Some("a: 1\nb: [x]\n"));
        assert!(
            text.starts_with("error: content/agenda.yaml:2:5: bad\n"),
            "{text}"
        );
        assert!(text.contains("2 | b: [x]\n  |     ^\n"), "{text}");
        assert!(text.ends_with("  = hint: fix it\n"), "{text}");
    }

    #[test]
    fn names_and_lines_from_files_are_escaped() {
        assert_eq!(escape("a\u{1b}]0;x\u{7}\nok"), "a\\u{1b}]0;x\\u{7}\\u{a}ok");
        assert_eq!(escape("files/Día 1.pdf"), "files/Día 1.pdf");
        assert_eq!(escape_path(Path::new("E:\\")), "E:\\");
        let d = Diagnostic::error(
            "files/\u{1b}[2J.pdf",
            Some(Pos { line: 1, col: 3 }),
            "bad \r\n`x`",
        );
        let text = d.render(Path::new("p"), Some("a\u{1b}b: 1\n"));
        assert!(!text.contains('\u{1b}') && !text.contains('\r'), "{text}");
        assert!(text.contains("1 | a\\u{1b}b: 1\n  |        ^"), "{text}");
    }

    #[test]
    fn long_lines_are_cut_around_the_column() {
        let line = format!("{}X{}", "a".repeat(100_000), "b".repeat(100_000));
        let d = Diagnostic::error(
            "f.yaml",
            Some(Pos {
                line: 1,
                col: 100_001,
            }),
            "bad",
        );
        let text = d.render(Path::new("p"), Some(&line));
        assert!(text.len() < 400, "{}", text.len());
        let lines: Vec<&str> = text.lines().collect();
        let shown = lines[2].strip_prefix("1 | ").unwrap();
        let caret = lines[3].strip_prefix("  | ").unwrap().chars().count() - 1;
        assert_eq!(shown.chars().nth(caret), Some('X'), "{text}");
    }

    #[test]
    fn closest_finds_near_misses_only() {
        let ids = ["camila-rojas", "min-jun-park"];
        assert_eq!(closest("camila-roja", ids), Some("camila-rojas"));
        assert_eq!(closest("zzz", ids), None);
    }
}
