//! Publish: the `foro publish` command: resolves `--to`, reads the build,
//! runs the publish with a progress bar on a terminal, prints its report.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::time::Duration;

use super::options::{Options, PublishError};
use super::plan::{MANIFEST, Why, thousands};
use super::setup::{self, ResolveError};

/// The command line of `foro publish`.
#[derive(clap::Args, Debug)]
pub struct PublishArgs {
    /// The forum project folder (holds forum.yaml, whose `publish:` names targets).
    #[arg(default_value = "content")]
    pub project: PathBuf,
    /// `sftp://USER@HOST[:PORT]/PATH`, `file:///PATH`, or a name under `publish:` in forum.yaml.
    #[arg(long, value_name = "TARGET")]
    pub to: String,
    /// Where the build wrote its products (OUT/site is published).
    #[arg(long, default_value = "output")]
    pub out: PathBuf,
    /// Build the web site first; nothing is published if the build fails.
    #[arg(long)]
    pub build: bool,
    /// List what would be uploaded and deleted; change nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// An OpenSSH private key to sign in with (default: ssh-agent, then `~/.ssh/id_*`).
    #[arg(long, value_name = "FILE")]
    pub identity: Option<PathBuf>,
    /// The `known_hosts` file to check the server's key against (default `~/.ssh/known_hosts`).
    #[arg(long, value_name = "FILE")]
    pub known_hosts: Option<PathBuf>,
    /// Refuse a publish that would delete more files than this (default 100).
    #[arg(long, value_name = "N")]
    pub max_deletes: Option<usize>,
}

/// forum.yaml has errors: the caller prints them (exit 1).
pub type ContentErrors = (crate::diagnostics::Diagnostics, crate::content::Sources);

/// Prints the error; its exit code.
fn fail(e: &PublishError) -> u8 {
    match e {
        PublishError::Usage(m) => {
            eprintln!("error: {m}");
            2
        }
        PublishError::Refused(m) => {
            eprintln!("error: {m}");
            1
        }
        PublishError::Differs(diffs) => {
            eprintln!("error: the target differs from the build after the upload:");
            for d in diffs {
                eprintln!("  {d}");
            }
            1
        }
        PublishError::Io(m) => {
            eprintln!("error: {m}");
            3
        }
    }
}

/// `12 ms`, `1.4 s`.
pub fn duration(d: Duration) -> String {
    if d.as_millis() < 1000 {
        format!("{} ms", d.as_millis())
    } else {
        format!("{:.1} s", d.as_secs_f64())
    }
}

/// Runs `foro publish`; the exit code (0 ok, 1 refused or differs, 2 usage,
/// 3 connection or I/O), or the errors of forum.yaml.
pub fn run(args: &PublishArgs, quiet: bool, verbose: bool) -> Result<u8, ContentErrors> {
    match publish(args, quiet, verbose) {
        Ok(()) => Ok(0),
        Err(Failed::Code(c)) => Ok(c),
        Err(Failed::Content(d, s)) => Err((d, s)),
    }
}

enum Failed {
    Content(crate::diagnostics::Diagnostics, crate::content::Sources),
    Code(u8),
}

fn publish(args: &PublishArgs, quiet: bool, verbose: bool) -> Result<(), Failed> {
    let site = args.out.join("site");
    if args.identity.as_ref().is_some_and(|p| !p.is_file()) {
        let p = args.identity.as_deref().unwrap_or(Path::new(""));
        return Err(Failed::Code(fail(&PublishError::Usage(format!(
            "--identity {}: no such file",
            p.display()
        )))));
    }
    let (url, max_from_yaml) = setup::resolve(&args.to, &args.project).map_err(|e| match e {
        ResolveError::Usage(m) => Failed::Code(fail(&PublishError::Usage(m))),
        ResolveError::Content(d, s) => Failed::Content(d, s),
    })?;
    let local = setup::local_files(&site).map_err(|e| Failed::Code(fail(&e)))?;
    let opts = Options {
        dry_run: args.dry_run,
        max_deletes: args
            .max_deletes
            .or(max_from_yaml)
            .unwrap_or(super::options::MAX_DELETES),
        identity: args.identity.clone(),
        known_hosts: args.known_hosts.clone(),
    };
    let mut target = setup::open(&url, &opts).map_err(|e| Failed::Code(fail(&e)))?;
    let bar = (!quiet && std::io::stderr().is_terminal()).then(|| {
        let bar = indicatif::ProgressBar::new(0);
        bar.set_style(
            indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} files {elapsed}")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        bar
    });
    let result = super::run::publish(&opts, &site, &local, target.as_mut(), &mut |done, total| {
        if let Some(b) = &bar {
            b.set_length(total as u64);
            b.set_position(done as u64);
        }
    });
    if let Some(b) = &bar {
        b.finish_and_clear();
    }
    let report = result.map_err(|e| Failed::Code(fail(&e)))?;
    let plan = &report.plan;
    let mut out = std::io::stdout().lock();
    if !report.had_manifest && !quiet {
        eprintln!(
            "note: the target has no {MANIFEST} (first publish, or the server was changed by hand): \
             compared what is there ({} files of the same size read)",
            thousands(plan.compared_by_reading)
        );
    }
    if !plan.foreign.is_empty() && !quiet {
        eprintln!(
            "note: {} files on the target were not published by foro and were left alone{}",
            thousands(plan.foreign.len()),
            if verbose {
                ":"
            } else {
                " (--verbose lists them)"
            }
        );
        if verbose {
            for p in &plan.foreign {
                eprintln!("  {}", p.escape_debug());
            }
        }
    }
    if report.dry_run || verbose {
        let verb = if report.dry_run { "would " } else { "" };
        for (p, why) in &plan.uploads {
            let why = if *why == Why::New { "new" } else { "changed" };
            let _ = writeln!(out, "{verb}upload: {} ({why})", p.escape_debug());
        }
        for p in &plan.deletions {
            let _ = writeln!(out, "{verb}delete: {}", p.escape_debug());
        }
    }
    if quiet {
        return Ok(());
    }
    if report.dry_run {
        if plan.deletions.len() > opts.max_deletes {
            eprintln!(
                "note: a real publish would be refused: {} deletions, more than the limit of {} (--max-deletes)",
                thousands(plan.deletions.len()),
                opts.max_deletes
            );
        }
        let _ = writeln!(
            out,
            "dry run: would upload {}, delete {}; unchanged {} ({} to compare); nothing was changed on {url}",
            thousands(plan.uploads.len()),
            thousands(plan.deletions.len()),
            thousands(plan.unchanged),
            duration(report.compare)
        );
    } else {
        let _ = writeln!(
            out,
            "uploaded {}, deleted {}, unchanged {} ({} to compare, {} to upload, {} to check) → {url}",
            thousands(report.uploaded),
            thousands(report.deleted),
            thousands(plan.unchanged),
            duration(report.compare),
            duration(report.upload),
            duration(report.check)
        );
    }
    Ok(())
}
