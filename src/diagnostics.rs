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
}

impl Diagnostic {
    pub fn error(file: impl Into<PathBuf>, pos: Option<Pos>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            file: file.into(),
            pos,
            message: message.into(),
            hint: None,
        }
    }

    pub fn warning(file: impl Into<PathBuf>, pos: Option<Pos>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(file, pos, message)
        }
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
    pub fn render(&self, project: &Path, source: Option<&str>) -> String {
        let label = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let mut out = format!("{label}: {}: {}\n", self.location(project), self.message);
        if let (Some(pos), Some(text)) = (self.pos, source) {
            if let Some(line) = text.lines().nth(pos.line.saturating_sub(1)) {
                let number = pos.line.to_string();
                let pad = " ".repeat(number.len());
                let caret_at: usize = line
                    .chars()
                    .take(pos.col.saturating_sub(1))
                    .map(|c| if c == '\t' { 4 } else { 1 })
                    .sum();
                let shown = line.replace('\t', "    ");
                let _ = writeln!(
                    out,
                    "{pad} |\n{number} | {shown}\n{pad} | {}^",
                    " ".repeat(caret_at)
                );
            }
        }
        if let Some(hint) = &self.hint {
            let _ = writeln!(out, "  = hint: {hint}");
        }
        out
    }
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
    /// Sorted by file and position, duplicates removed, so output is stable.
    pub fn sorted(mut self) -> Self {
        self.items.sort_by(|a, b| {
            (a.severity, &a.file, a.pos.map(|p| (p.line, p.col))).cmp(&(
                b.severity,
                &b.file,
                b.pos.map(|p| (p.line, p.col)),
            ))
        });
        self.items.dedup();
        self
    }
}

impl Extend<Diagnostic> for Diagnostics {
    fn extend<I: IntoIterator<Item = Diagnostic>>(&mut self, iter: I) {
        self.items.extend(iter);
    }
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
    fn closest_finds_near_misses_only() {
        let ids = ["camila-rojas", "min-jun-park"];
        assert_eq!(closest("camila-roja", ids), Some("camila-rojas"));
        assert_eq!(closest("zzz", ids), None);
    }
}
