//! The command line: parses arguments, runs a command, prints its report.
//!
//! Exit codes: 0 success, 1 errors in the forum's files, 2 usage errors,
//! 3 reading or writing failed.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use crate::build::{self, BuildError, BuildOptions, Products};

mod printer;

use printer::{Exit, Printer};

#[derive(Parser, Debug)]
#[command(
    name = "foro",
    version,
    about = "Publishes a forum: a bilingual web site from Markdown and YAML",
    after_help = "Examples:\n  foro build                 build ./content into ./output\n  foro copy /media/a /media/b  put the USB bundle on two drives, read back and verified\n  foro verify /media/USB     check a copied USB bundle\n  foro build my-forum --out public --target web\n  foro check my-forum        validate without writing\n\nExit codes: 0 ok, 1 errors in the forum's files, 2 usage errors, 3 reading or writing failed."
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
        after_help = "Examples:\n  foro watch\n  foro watch my-forum --port 8080\n  foro watch --poll            (network shares, WSL, USB sticks)\n  foro watch --pdf             (also the handout and report PDFs)\n\nOpen pages reload after each good rebuild; a broken edit shows its error in the\nterminal and over the page, and the last good build stays served. Ctrl-C stops."
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
        /// Also lay out the handout and report PDFs on each rebuild (slower).
        #[arg(long)]
        pdf: bool,
    },
    /// Copy the USB bundle to several drives at once, each read back from the device and verified.
    #[command(
        override_usage = "foro copy [PROJECT] DRIVE... [--out DIR] [--wipe] [--label NAME]",
        after_help = "Examples:\n  foro copy /media/$USER/A /media/$USER/B /media/$USER/C\n  foro copy my-forum /media/$USER/A --out public\n  foro copy /media/$USER/A --wipe      (removes what is on the drive, after listing it)\n\nCopies the contents of OUT/usb to the root of each DRIVE (a mounted folder), all\ndrives at once; each file is flushed to the device, then every file is read back\nfrom the drive (not from the computer's cache) and compared with MANIFEST.sha256.\nA drive is refused before anything is written when it holds other files (unless\n--wipe), has too little room or a file system that cannot hold the largest file,\nor is the project, the output or a system folder. The first argument is the\nproject when it holds forum.yaml (default: content).\n\nExit codes: 0 every drive verified, 1 a drive differs, 2 usage (a refused drive),\n3 a drive failed (removed, full); the worst drive's code wins, the others go on."
    )]
    Copy {
        /// [PROJECT] then the drives: mounted folders, e.g. /media/$USER/USB.
        #[arg(required = true, value_name = "DRIVE")]
        paths: Vec<PathBuf>,
        /// The output folder that holds the bundle (OUT/usb).
        #[arg(long, default_value = "output")]
        out: PathBuf,
        /// Remove what is at each drive's root (listed first) before copying.
        #[arg(long)]
        wipe: bool,
        /// Set the drives' volume label (where foro can; else it says so).
        #[arg(long, value_name = "NAME")]
        label: Option<String>,
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
    /// Upload the built web site to a server (SFTP) or a folder: changed files only.
    #[command(
        after_help = "Examples:\n  foro publish --to ministry                  (a target named under `publish:` in forum.yaml)\n  foro publish --to sftp://foro@web.example.gob.pe/var/www/foro --build\n  foro publish --to file:///mnt/apec-share/foro --dry-run\n\nEach file is written under a temporary name and renamed into place: files, then pages,\nthen sitemap.xml and the manifest (.foro-publish.json), deletions last. Host keys are\nchecked against ~/.ssh/known_hosts (or --known-hosts); sign-in uses --identity or ssh-agent.\nExit codes: 0 ok, 1 refused or the target differs after upload, 2 usage, 3 connection or I/O."
    )]
    Publish(crate::publish::command::PublishArgs),
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
        Command::Copy {
            paths,
            out,
            wipe,
            label,
        } => copy(paths, out, wipe, label.as_deref(), &printer),
        Command::Publish(args) => {
            if args.build {
                let opts = BuildOptions {
                    project: args.project.clone(),
                    out: args.out.clone(),
                    products: Products::Web,
                    zip: false,
                    progress: !printer.quiet && std::io::stderr().is_terminal(),
                    pdf: crate::render::pdf::PdfOptions::default(),
                };
                match build::build(&opts) {
                    Ok(report) => printer.report(&opts, &report),
                    Err(e) => return printer.failure(&opts.project, e),
                }
            }
            match crate::publish::command::run(&args, printer.quiet, printer.verbose) {
                Ok(code) => ExitCode::from(code),
                Err((diagnostics, sources)) => printer.failure(
                    &args.project,
                    BuildError::Content {
                        diagnostics,
                        sources,
                    },
                ),
            }
        }
        Command::Watch {
            project,
            port,
            bind,
            poll,
            pdf,
        } => {
            let opts = crate::watch::WatchOptions {
                project,
                bind,
                port,
                poll,
                pdf,
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

fn copy(
    paths: Vec<PathBuf>,
    out: PathBuf,
    wipe: bool,
    label: Option<&str>,
    printer: &Printer,
) -> ExitCode {
    use crate::copy::{CopyError, CopyOptions, Severity};
    let opts = CopyOptions::from_paths(paths, out, wipe);
    match crate::copy::terminal::run(&opts, label, printer.quiet) {
        Ok(Severity::Ok) => ExitCode::SUCCESS,
        Ok(Severity::Differs) => Exit::Problems.code(),
        Ok(Severity::Usage) => Exit::Usage.code(),
        Ok(Severity::Io) => Exit::Io.code(),
        Err(CopyError::Usage(m)) => Exit::Usage.error(&m),
        Err(CopyError::Io(m)) => Exit::Io.error(&m),
        Err(CopyError::Source(v)) => {
            print_differences(&v);
            Exit::Problems.error(&format!(
                "{} differs from its {}: build it again (foro build); nothing was copied",
                crate::diagnostics::escape_path(&opts.out.join("usb")),
                crate::manifest::FILE
            ))
        }
    }
}

/// The files of a folder that differ from its manifest, one per line.
fn print_differences(v: &crate::manifest::Verification) {
    let mut out = std::io::stdout().lock();
    for (what, files) in [
        ("missing", &v.missing),
        ("changed", &v.changed),
        ("extra", &v.extra),
    ] {
        for p in files {
            let _ = writeln!(out, "{what}: {}", crate::diagnostics::escape(p));
        }
    }
    for (p, why) in &v.unreadable {
        let _ = writeln!(out, "unreadable: {}: {why}", crate::diagnostics::escape(p));
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
            print_differences(&v);
            let mut out = std::io::stdout().lock();
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
                let _ = write!(
                    out,
                    "{} missing, {} changed, {} extra",
                    v.missing.len(),
                    v.changed.len(),
                    v.extra.len()
                );
                if !v.unreadable.is_empty() {
                    let _ = write!(out, ", {} unreadable", v.unreadable.len());
                }
                let _ = writeln!(out);
                Exit::Problems.code()
            }
        }
    }
}
