//! CLI stage: how outcomes reach the terminal — exit codes and the printer
//! of diagnostics, failures and the build summary.

use std::io::{IsTerminal, Write};
use std::path::Path;
use std::process::ExitCode;

use crate::build::{BuildError, BuildOptions, BuildReport};
use crate::content::Sources;
use crate::diagnostics::{Diagnostics, Severity};

/// The exit codes of every command: 0 success, 1 problems found (content
/// errors, a failed `check` or `verify`), 2 usage, 3 input/output. The
/// only place that maps an outcome to a code.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Exit {
    Problems = 1,
    Usage = 2,
    Io = 3,
}

impl Exit {
    pub fn code(self) -> ExitCode {
        ExitCode::from(self as u8)
    }

    /// Prints `error: <message>` and returns the code.
    pub fn error(self, message: &dyn std::fmt::Display) -> ExitCode {
        eprintln!(
            "error: {}",
            crate::diagnostics::escape(&message.to_string())
        );
        self.code()
    }
}

pub(crate) struct Printer {
    pub quiet: bool,
    pub verbose: bool,
}

impl Printer {
    pub fn diagnostics(&self, project: &Path, diags: &Diagnostics, sources: &Sources) {
        let color = std::io::stderr().is_terminal()
            && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
        let mut err = std::io::stderr().lock();
        for d in &diags.items {
            if self.quiet && d.severity == Severity::Warning {
                continue;
            }
            let text = d.render(project, sources.get(&d.file).as_deref());
            let _ = write!(
                err,
                "{}",
                if color {
                    crate::diagnostics::colorize(&text)
                } else {
                    text
                }
            );
        }
    }

    pub fn failure(&self, project: &Path, e: BuildError) -> ExitCode {
        match e {
            BuildError::Content {
                diagnostics,
                sources,
            } => {
                self.diagnostics(project, &diagnostics, &sources);
                let n = diagnostics.errors().count();
                eprintln!(
                    "error: {n} error{} found; nothing was written",
                    if n == 1 { "" } else { "s" }
                );
                if diagnostics.errors().any(|d| d.io) {
                    Exit::Io.code()
                } else {
                    Exit::Problems.code()
                }
            }
            BuildError::Usage(m) => Exit::Usage.error(&m),
            BuildError::Io(m) => Exit::Io.error(&m),
        }
    }

    pub fn report(&self, opts: &BuildOptions, r: &BuildReport) {
        self.diagnostics(&opts.project, &r.warnings, &r.sources);
        if self.quiet {
            return;
        }
        let mut out = std::io::stdout().lock();
        let mut by_lang: std::collections::BTreeMap<&str, Vec<&crate::i18n::Fallback>> =
            std::collections::BTreeMap::new();
        for f in &r.fallbacks {
            by_lang.entry(&f.lang).or_default().push(f);
        }
        for (lang, items) in &by_lang {
            let _ = writeln!(
                out,
                "translation: {lang}: {} item(s) shown in another language",
                items.len()
            );
            if self.verbose || items.len() <= 10 {
                for f in items {
                    let _ = writeln!(out, "  {}: {} (shown in {})", f.file, f.what, f.shown);
                }
            }
        }
        let pages: Vec<String> = r.pages.iter().map(|(l, n)| format!("{l} {n}")).collect();
        let written: Vec<String> = r.written.iter().map(|p| p.display().to_string()).collect();
        if let Some(p) = &r.participation {
            let _ = writeln!(out, "{p}");
        }
        let _ = writeln!(
            out,
            "built {} pages ({}), {} files copied, in {} ms → {}",
            r.pages.values().sum::<usize>(),
            pages.join(", "),
            r.files_copied,
            r.elapsed.as_millis(),
            written.join(", ")
        );
        if std::io::stdout().is_terminal() && !r.warnings.items.is_empty() {
            let _ = writeln!(out, "{} warning(s)", r.warnings.warnings().count());
        }
    }
}
