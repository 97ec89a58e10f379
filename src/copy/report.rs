//! Output stage, `foro copy`: the line printed for each drive.
//!
//! ```text
//! /media/a ok 214 files 182 MB in 41 s
//! /media/b FAILED: 2 files differ
//!   changed: en/index.html
//! /media/c FAILED: cannot write files/x.pdf: No space left on device (os error 28)
//! /media/d refused: it holds 2 other entries (notes.txt, photos/); nothing was written (--wipe removes them)
//! ```

use std::fmt::Write as _;
use std::time::Duration;

use super::outcome::Outcome;

/// A size in decimal units as drives are sold: `182 MB`, `3.4 MB`, `4.3 GB`.
pub fn size(bytes: u64) -> String {
    #[allow(clippy::cast_precision_loss, reason = "a size shown to 2 digits")]
    let b = bytes as f64;
    let (value, unit) = match bytes {
        0..1_000 => return format!("{bytes} B"),
        1_000..1_000_000 => (b / 1e3, "kB"),
        1_000_000..1_000_000_000 => (b / 1e6, "MB"),
        _ => (b / 1e9, "GB"),
    };
    if value < 10.0 {
        format!("{value:.1} {unit}")
    } else {
        format!("{value:.0} {unit}")
    }
}

/// A duration: `41 s`, `0.4 s`, `12 min 5 s`.
pub fn duration(d: Duration) -> String {
    let s = d.as_secs();
    if s >= 60 {
        format!("{} min {} s", s / 60, s % 60)
    } else if s >= 10 {
        format!("{s} s")
    } else {
        format!("{:.1} s", d.as_secs_f64())
    }
}

/// Names joined by commas, the first eight, then how many more.
pub fn list<'a>(names: impl Iterator<Item = &'a str>) -> String {
    let names: Vec<&str> = names.collect();
    let mut out = names.iter().take(8).copied().collect::<Vec<_>>().join(", ");
    if names.len() > 8 {
        let _ = write!(out, " and {} more", names.len() - 8);
    }
    out
}

/// The report of one drive: one line, then for a drive that differs one
/// indented line per file (`  changed: en/index.html`). No newline at the end.
pub fn line(drive: &str, outcome: &Outcome) -> String {
    let drive = crate::diagnostics::escape(drive);
    match outcome {
        Outcome::Verified {
            files,
            bytes,
            elapsed,
        } => format!(
            "{drive} ok {files} files {} in {}",
            size(*bytes),
            duration(*elapsed)
        ),
        Outcome::Differs(v) => {
            let n = v.differing() + v.unreadable.len();
            let mut out = format!(
                "{drive} FAILED: {n} file{} differ{}",
                if n == 1 { "" } else { "s" },
                if n == 1 { "s" } else { "" }
            );
            for (what, files) in [
                ("missing", &v.missing),
                ("changed", &v.changed),
                ("extra", &v.extra),
            ] {
                for f in files {
                    let _ = write!(out, "\n  {what}: {}", crate::diagnostics::escape(f));
                }
            }
            for (f, why) in &v.unreadable {
                let _ = write!(
                    out,
                    "\n  unreadable: {}: {why}",
                    crate::diagnostics::escape(f)
                );
            }
            out
        }
        Outcome::Refused { reason, .. } => format!("{drive} refused: {reason}"),
        Outcome::Failed(why) => format!("{drive} FAILED: {why}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::manifest::Verification;

    #[test]
    fn sizes_and_durations_read_as_on_a_drive_label() {
        assert_eq!(size(512), "512 B");
        assert_eq!(size(3_400_000), "3.4 MB");
        assert_eq!(size(182_345_678), "182 MB");
        assert_eq!(duration(Duration::from_millis(41_200)), "41 s");
        assert_eq!(duration(Duration::from_millis(400)), "0.4 s");
        assert_eq!(duration(Duration::from_secs(725)), "12 min 5 s");
    }

    #[test]
    fn lines_name_the_drive_and_the_files_escaped() {
        let ok = Outcome::Verified {
            files: 214,
            bytes: 182_000_000,
            elapsed: Duration::from_secs(41),
        };
        assert_eq!(
            line("/media/a", &ok),
            "/media/a ok 214 files 182 MB in 41 s"
        );
        let differs = Outcome::Differs(Verification {
            changed: vec!["en/index.html".into(), "a\nb".into()],
            ..Verification::default()
        });
        assert_eq!(
            line("/media/b", &differs),
            "/media/b FAILED: 2 files differ\n  changed: en/index.html\n  changed: a\\u{a}b"
        );
    }
}
