//! Output stage, `foro copy` as the command line shows it: one progress
//! bar per drive on a terminal, one line per drive when it ends.

use std::io::IsTerminal;

use indicatif::{MultiProgress, ProgressBar, ProgressStyle};

use super::{CopyError, CopyOptions, Observer, Outcome, Severity, checks, device, report};

struct Shown {
    names: Vec<String>,
    bars: Option<(MultiProgress, Vec<ProgressBar>)>,
    quiet: bool,
}

impl Shown {
    fn say(&self, text: &str) {
        match &self.bars {
            Some((multi, _)) => multi.suspend(|| println!("{text}")),
            None => println!("{text}"),
        }
    }

    fn bar(&self, drive: usize) -> Option<&ProgressBar> {
        self.bars.as_ref().and_then(|(_, bars)| bars.get(drive))
    }
}

impl Observer for Shown {
    fn wiping(&self, drive: usize, entries: &[checks::Entry]) {
        let names: Vec<&str> = entries.iter().map(|e| e.shown.as_str()).collect();
        self.say(&format!(
            "{}: --wipe removes {} entr{} at its root: {}",
            self.names[drive],
            names.len(),
            if names.len() == 1 { "y" } else { "ies" },
            names.join(", ")
        ));
    }

    fn writing(&self, drive: usize, total: u64) {
        if let Some(b) = self.bar(drive) {
            b.set_length(total);
            b.set_position(0);
            b.set_message("writing");
        }
    }

    fn flushing(&self, drive: usize, total: u64) {
        if let Some(b) = self.bar(drive) {
            b.set_length(total);
            b.set_position(0);
            b.set_message("flushing");
        }
    }

    fn reading(&self, drive: usize, total: u64) {
        if let Some(b) = self.bar(drive) {
            b.set_length(total);
            b.set_position(0);
            b.set_message("reading back");
        }
    }

    fn progress(&self, drive: usize, done: u64) {
        if let Some(b) = self.bar(drive) {
            b.set_position(done);
        }
    }

    fn finished(&self, drive: usize, outcome: &Outcome) {
        if let Some(b) = self.bar(drive) {
            b.finish_and_clear();
        }
        if !(self.quiet && outcome.severity() == Severity::Ok) {
            self.say(&report::line(&self.names[drive], outcome));
        }
    }
}

/// Runs `foro copy`: the checks, the copies, the report. `label` is the
/// `--label` asked for.
pub fn run(opts: &CopyOptions, label: Option<&str>, quiet: bool) -> Result<Severity, CopyError> {
    if let Some(label) = label {
        device::check_label(label).map_err(CopyError::Usage)?;
        eprintln!("note: --label: {}", device::LABEL_UNSUPPORTED);
    }
    checks::drives(&opts.drives, &opts.project, &opts.out).map_err(CopyError::Usage)?;
    let names: Vec<String> = opts
        .drives
        .iter()
        .map(|d| crate::diagnostics::escape_path(d))
        .collect();
    for (d, name) in opts.drives.iter().zip(&names) {
        if device::is_mount_point(d) == Some(false) && !quiet {
            eprintln!(
                "note: {name} is not a mounted drive: the copy goes to the disk that holds it"
            );
        }
    }
    let bars = (std::io::stderr().is_terminal() && !quiet).then(|| {
        let multi = MultiProgress::new();
        let width = names.iter().map(|n| n.chars().count()).max().unwrap_or(0);
        let style = ProgressStyle::with_template(&format!(
            "{{prefix:{width}}} {{bar:30}} {{decimal_bytes:>8}}/{{decimal_total_bytes:8}} {{decimal_bytes_per_sec:>10}} {{msg}}"
        ))
        .unwrap_or_else(|_| ProgressStyle::default_bar());
        let bars = names
            .iter()
            .map(|n| {
                let b = multi.add(ProgressBar::new(0).with_style(style.clone()));
                b.set_prefix(n.clone());
                b.set_message("checking");
                b
            })
            .collect();
        (multi, bars)
    });
    let shown = Shown { names, bars, quiet };
    let outcomes = super::copy(opts, &shown);
    if let (Err(_), Some((multi, _))) = (&outcomes, &shown.bars) {
        let _ = multi.clear();
    }
    let outcomes = outcomes?;
    let worst = outcomes
        .iter()
        .map(Outcome::severity)
        .max()
        .unwrap_or(Severity::Ok);
    if outcomes.len() > 1 && !quiet {
        let ok = outcomes
            .iter()
            .filter(|o| o.severity() == Severity::Ok)
            .count();
        println!(
            "{} drives: {ok} verified, {} failed",
            outcomes.len(),
            outcomes.len() - ok
        );
    }
    Ok(worst)
}
