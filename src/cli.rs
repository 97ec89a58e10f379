//! The command line: parses arguments, runs a command, prints its report.
//!
//! Exit codes: 0 success, 1 errors in the forum's files, 2 usage errors,
//! 3 reading or writing failed.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use crate::build::{self, BuildError, BuildOptions, BuildReport, Products};
use crate::content::Sources;
use crate::diagnostics::{Diagnostics, Severity};

#[derive(Parser, Debug)]
#[command(
    name = "foro",
    version,
    about = "Publishes a forum: a bilingual web site from Markdown and YAML",
    after_help = "Examples:\n  foro build                 build ./content into ./output\n  foro verify /media/USB     check a copied USB bundle\n  foro build my-forum --out public --target web\n  foro check my-forum        validate without writing\n\nExit codes: 0 ok, 1 errors in the forum's files, 2 usage errors, 3 reading or writing failed."
)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
    /// Print only errors.
    #[arg(long, short, global = true)]
    quiet: bool,
    /// Print more: every fallback of the translation report.
    #[arg(long, short, global = true)]
    verbose: bool,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Build the forum's web site into the output folder.
    #[command(
        after_help = "Examples:\n  foro build\n  foro build content --out output --target web\n\nThe web site is written to OUT/site. On any error nothing in OUT changes."
    )]
    Build {
        /// The forum project folder (holds forum.yaml).
        #[arg(default_value = "content")]
        project: PathBuf,
        /// Where to write the products.
        #[arg(long, default_value = "output")]
        out: PathBuf,
        /// Which products to build.
        #[arg(long, value_enum, default_value_t = TargetArg::All)]
        target: TargetArg,
        /// Also write OUT/forum-usb.zip of the USB bundle (same input, same bytes).
        #[arg(long)]
        zip: bool,
        /// Do not write the handout and report PDFs.
        #[arg(long)]
        no_pdf: bool,
        /// The PDFs' paper size, over `paper` in forum.yaml.
        #[arg(long, value_enum)]
        paper: Option<PaperArg>,
    },
    /// Preview the web site while editing: build, serve on 127.0.0.1, rebuild on every change.
    #[command(
        after_help = "Examples:\n  foro watch\n  foro watch my-forum --port 8080\n  foro watch --poll            (network shares, WSL, USB sticks)\n\nOpen pages reload after each good rebuild; a broken edit shows its error in the\nterminal and over the page, and the last good build stays served. Ctrl-C stops."
    )]
    Watch {
        /// The forum project folder (holds forum.yaml).
        #[arg(default_value = "content")]
        project: PathBuf,
        /// The port; the next free one is used if it is taken (0: any free port).
        #[arg(long, default_value_t = 1111)]
        port: u16,
        /// The address to listen on; only 127.0.0.1 unless you say otherwise.
        #[arg(long, default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
        /// Poll for changes instead of using the system's file events.
        #[arg(long)]
        poll: bool,
    },
    /// Check a copied USB bundle (e.g. a mounted drive) against its MANIFEST.sha256.
    #[command(
        after_help = "Examples:\n  foro verify output/usb\n  foro verify /media/USB-FORO\n\nReports missing, changed and extra files; exit 1 on any difference."
    )]
    Verify {
        /// The bundle's folder (holds MANIFEST.sha256).
        dir: PathBuf,
    },
    /// Check the forum's files as `build` does, without writing anything.
    #[command(after_help = "Examples:\n  foro check\n  foro check my-forum")]
    Check {
        /// The forum project folder (holds forum.yaml).
        #[arg(default_value = "content")]
        project: PathBuf,
        /// Fail on warnings too (untranslated texts, agenda oddities, images without alt text).
        #[arg(long)]
        strict: bool,
        /// Also check external links over HTTP (reports, never fails, on network errors).
        #[arg(long)]
        external: bool,
    },
    /// Create a small bilingual starter forum that builds as it is.
    #[command(
        after_help = "Examples:\n  foro new my-forum\n  foro new my-forum --languages es,en\n\nThe folder must be new or empty. Then: foro watch my-forum"
    )]
    New {
        /// The folder to create.
        dir: PathBuf,
        /// The forum's languages, default first.
        #[arg(long, default_value = "en,es", value_delimiter = ',')]
        languages: Vec<String>,
    },
}

/// `--paper`.
#[derive(ValueEnum, Clone, Copy, Debug)]
enum PaperArg {
    A4,
    Letter,
}

#[derive(ValueEnum, Clone, Copy, Debug)]
enum TargetArg {
    Web,
    Usb,
    All,
}

impl From<TargetArg> for Products {
    fn from(t: TargetArg) -> Self {
        match t {
            TargetArg::Web => Products::Web,
            TargetArg::Usb => Products::Usb,
            TargetArg::All => Products::All,
        }
    }
}

/// The exit codes of every command: 0 success, 1 problems found (content
/// errors, a failed `check` or `verify`), 2 usage, 3 input/output. The
/// only place that maps an outcome to a code.
#[derive(Debug, Clone, Copy)]
enum Exit {
    Problems = 1,
    Usage = 2,
    Io = 3,
}

impl Exit {
    fn code(self) -> ExitCode {
        ExitCode::from(self as u8)
    }

    /// Prints `error: <message>` and returns the code.
    fn error(self, message: &dyn std::fmt::Display) -> ExitCode {
        eprintln!("error: {message}");
        self.code()
    }
}

/// Runs the command line and returns the exit code.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                Exit::Usage.code()
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    let printer = Printer {
        quiet: cli.quiet,
        verbose: cli.verbose,
    };
    match cli.command {
        Command::Build {
            project,
            out,
            target,
            zip,
            no_pdf,
            paper,
        } => {
            let opts = BuildOptions {
                project,
                out,
                products: target.into(),
                zip,
                pdf: crate::render::pdf::PdfOptions {
                    enabled: !no_pdf && crate::render::pdf::PdfOptions::default().enabled,
                    paper: paper.map(|p| match p {
                        PaperArg::A4 => crate::model::Paper::A4,
                        PaperArg::Letter => crate::model::Paper::Letter,
                    }),
                },
                progress: !printer.quiet && std::io::stderr().is_terminal(),
            };
            match build::build(&opts) {
                Ok(report) => {
                    printer.report(&opts, &report);
                    ExitCode::SUCCESS
                }
                Err(e) => printer.failure(&opts.project, e),
            }
        }
        Command::Verify { dir } => verify(&dir, &printer),
        Command::Watch {
            project,
            port,
            bind,
            poll,
        } => {
            let opts = crate::watch::WatchOptions {
                project,
                bind,
                port,
                poll,
            };
            match crate::watch::run(&opts) {
                Ok(()) => ExitCode::SUCCESS,
                Err(m) => Exit::Usage.error(&m),
            }
        }
        Command::Check {
            project,
            strict,
            external,
        } => check(&project, strict, external, &printer),
        Command::New { dir, languages } => match crate::starter::create(&dir, &languages) {
            Ok(files) => {
                if !printer.quiet {
                    println!(
                        "created {} with {} files; try: foro watch {}",
                        dir.display(),
                        files,
                        dir.display()
                    );
                }
                ExitCode::SUCCESS
            }
            Err(crate::starter::NewError::Usage(m)) => Exit::Usage.error(&m),
            Err(crate::starter::NewError::Io(m)) => Exit::Io.error(&m),
        },
    }
}

fn check(project: &Path, strict: bool, external: bool, printer: &Printer) -> ExitCode {
    let report = match crate::check::check(project) {
        Ok(r) => r,
        Err(e) => return printer.failure(project, e),
    };
    let mut diags = report.diagnostics;
    if external {
        let ext = crate::links::check_external(&report.external);
        for (url, why) in &ext.unreachable {
            eprintln!("note: could not check {url}: {why}");
        }
        if !printer.quiet {
            eprintln!(
                "external links: {} checked, {} broken, {} not reachable",
                ext.checked,
                ext.broken.len(),
                ext.unreachable.len()
            );
        }
        diags.extend(ext.broken);
    }
    printer.diagnostics(project, &diags, &report.sources);
    let errors = diags.errors().count();
    let warnings = diags.warnings().count();
    if !printer.quiet {
        for lang in report.languages.iter().skip(1) {
            let missing = report
                .translation
                .fallbacks
                .iter()
                .filter(|f| &f.lang == lang)
                .count();
            eprintln!(
                "translation: {lang}: {:.0}% ({missing} of {} texts shown in another language)",
                report.translation.coverage(lang),
                report.translation.items
            );
        }
        eprintln!(
            "checked {} pages and {} internal links: {errors} error(s), {warnings} warning(s)",
            report.pages, report.links
        );
    }
    if errors > 0 || (strict && warnings > 0) {
        if strict && errors == 0 {
            eprintln!("error: --strict: warnings count as errors");
        }
        Exit::Problems.code()
    } else {
        ExitCode::SUCCESS
    }
}

fn verify(dir: &Path, printer: &Printer) -> ExitCode {
    let bar = (std::io::stderr().is_terminal() && !printer.quiet).then(|| {
        let bar = indicatif::ProgressBar::new(0);
        bar.set_style(
            indicatif::ProgressStyle::with_template(
                "{bar:40} {bytes}/{total_bytes} {bytes_per_sec}",
            )
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        bar
    });
    let progress = |done: u64, total: u64| {
        if let Some(b) = &bar {
            b.set_length(total);
            b.set_position(done);
        }
    };
    let result = crate::manifest::verify(dir, &progress);
    if let Some(b) = &bar {
        b.finish_and_clear();
    }
    match result {
        Err(m) => Exit::Io.error(&m),
        Ok(v) => {
            let mut out = std::io::stdout().lock();
            for p in &v.missing {
                let _ = writeln!(out, "missing: {p}");
            }
            for p in &v.changed {
                let _ = writeln!(out, "changed: {p}");
            }
            for p in &v.extra {
                let _ = writeln!(out, "extra: {p}");
            }
            if v.is_ok() {
                if !printer.quiet {
                    let _ = writeln!(
                        out,
                        "ok: {} files, {} bytes match {}",
                        v.checked,
                        v.bytes,
                        crate::manifest::FILE
                    );
                }
                ExitCode::SUCCESS
            } else {
                let _ = writeln!(
                    out,
                    "{} missing, {} changed, {} extra",
                    v.missing.len(),
                    v.changed.len(),
                    v.extra.len()
                );
                Exit::Problems.code()
            }
        }
    }
}

struct Printer {
    quiet: bool,
    verbose: bool,
}

impl Printer {
    fn diagnostics(&self, project: &Path, diags: &Diagnostics, sources: &Sources) {
        let color = std::io::stderr().is_terminal()
            && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
        let mut err = std::io::stderr().lock();
        for d in &diags.items {
            if self.quiet && d.severity == Severity::Warning {
                continue;
            }
            let text = d.render(project, sources.get(&d.file));
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

    fn failure(&self, project: &Path, e: BuildError) -> ExitCode {
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
                Exit::Problems.code()
            }
            BuildError::Usage(m) => Exit::Usage.error(&m),
            BuildError::Io(m) => Exit::Io.error(&m),
        }
    }

    fn report(&self, opts: &BuildOptions, r: &BuildReport) {
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
