//! Publish: carries out a plan on a target, in the order that keeps every
//! served page whole: temporary files of an interrupted run removed, files,
//! pages, the sitemap, the manifest, then deletions; then checks that the
//! target equals the build.

use std::collections::BTreeMap;
use std::path::Path;
use std::time::{Duration, Instant};

use super::options::{Options, PublishError};
use super::plan::{self, Files, MANIFEST, Manifest, Plan, Remote};
use super::target::{Target, Upload};

/// What a publish did (or, with `--dry-run`, would do).
#[derive(Debug)]
pub struct Report {
    pub plan: Plan,
    /// The target had a valid manifest.
    pub had_manifest: bool,
    pub uploaded: usize,
    pub deleted: usize,
    pub bytes: u64,
    pub compare: Duration,
    pub upload: Duration,
    /// Re-reading the target afterwards.
    pub check: Duration,
    pub dry_run: bool,
}

/// The test hook: `FORO_PUBLISH_FAIL_AFTER=N` stops after N files are in
/// place, leaving the next one half written under its temporary name, as a
/// cut connection or Ctrl-C would.
fn fail_after() -> Option<usize> {
    std::env::var("FORO_PUBLISH_FAIL_AFTER")
        .ok()
        .and_then(|v| v.parse().ok())
}

/// Publishes `local` (the files of `site`) to `target`.
pub fn publish(
    opts: &Options,
    site: &Path,
    local: &Files,
    target: &mut dyn Target,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<Report, PublishError> {
    let started = Instant::now();
    let listing = target.list()?;
    let manifest = if listing.contains_key(MANIFEST) {
        target
            .read(MANIFEST)?
            .and_then(|b| Manifest::parse(&b))
            .map(|m| m.files)
    } else {
        None
    };
    let mut remote = Remote {
        manifest,
        listing,
        read: BTreeMap::new(),
    };
    let to_read = plan::to_read(local, &remote);
    if !to_read.is_empty() {
        remote.read = target.hash(&to_read)?;
    }
    let plan = plan::plan(local, &remote);
    let compare = started.elapsed();
    let had_manifest = remote.manifest.is_some();
    let mut report = Report {
        had_manifest,
        uploaded: 0,
        deleted: 0,
        bytes: 0,
        compare,
        upload: Duration::ZERO,
        check: Duration::ZERO,
        dry_run: opts.dry_run,
        plan,
    };
    if report.plan.deletions.len() > opts.max_deletes && !opts.dry_run {
        return Err(PublishError::Refused(format!(
            "this publish would delete {} files, more than the limit of {}; nothing was changed\n\
             hint: check that --out holds the whole build and that the target is the right one; \
             to go ahead, raise the limit with --max-deletes {} (or `max_deletes:` in forum.yaml)",
            report.plan.deletions.len(),
            opts.max_deletes,
            report.plan.deletions.len()
        )));
    }
    let old = remote.manifest.clone().unwrap_or_default();
    let final_manifest = Manifest::new(local.clone());
    let manifest_current = remote.manifest.as_ref() == Some(local);
    if opts.dry_run || (report.plan.is_empty() && manifest_current) {
        return Ok(report);
    }

    let started = Instant::now();
    let plan = &report.plan;
    let before = plan::manifest_before(&old, plan);
    if had_manifest && before != old {
        target.write(MANIFEST, &Manifest::new(before).to_bytes())?;
    }
    target.remove(&plan.leftovers)?;
    let mut uploads: Vec<Upload> = plan
        .uploads
        .iter()
        .map(|(p, _)| Upload {
            path: p.clone(),
            src: p.split('/').fold(site.to_path_buf(), |a, s| a.join(s)),
            cut_short: false,
        })
        .collect();
    if let Some(n) = fail_after() {
        if n < uploads.len() {
            uploads.truncate(n + 1);
            uploads[n].cut_short = true;
        }
    }
    let total = uploads.len();
    let mut done = 0usize;
    let mut bytes = 0u64;
    // One batch per phase: a page goes up only once every file is in place.
    let mut start = 0;
    while start < uploads.len() {
        let ph = plan::phase(&uploads[start].path);
        // (The test hook's cut-short file goes alone, after the others.)
        let end = if uploads[start].cut_short {
            start + 1
        } else {
            uploads[start..]
                .iter()
                .position(|u| plan::phase(&u.path) != ph || u.cut_short)
                .map_or(uploads.len(), |i| start + i)
        };
        target.upload(&uploads[start..end], &mut |_, size| {
            done += 1;
            bytes += size;
            progress(done, total);
        })?;
        start = end;
    }
    report.uploaded = done;
    report.bytes = bytes;
    let after = plan::manifest_after_uploads(local, &old, plan);
    target.write(MANIFEST, &Manifest::new(after).to_bytes())?;
    if !plan.deletions.is_empty() {
        target.remove(&plan.deletions)?;
        report.deleted = plan.deletions.len();
        target.remove_empty_dirs(&plan::emptied_dirs(&plan.deletions));
        target.write(MANIFEST, &final_manifest.to_bytes())?;
    }
    report.upload = started.elapsed();
    let started = Instant::now();
    verify(target, local, plan)?;
    report.check = started.elapsed();
    Ok(report)
}

/// Re-reads the target: every file of the build present with its size,
/// the files just sent with their digest, the manifest equal to the build,
/// no temporary file left.
fn verify(target: &mut dyn Target, local: &Files, plan: &Plan) -> Result<(), PublishError> {
    let listing = target.list()?;
    let mut diffs = Vec::new();
    for (path, e) in local {
        match listing.get(path) {
            None => diffs.push(format!("missing: {}", path.escape_debug())),
            Some(size) if *size != e.size => {
                diffs.push(format!(
                    "size differs: {} ({size} bytes, {} in the build)",
                    path.escape_debug(),
                    e.size
                ));
            }
            Some(_) => {}
        }
    }
    let sent: Vec<String> = plan
        .uploads
        .iter()
        .map(|(p, _)| p.clone())
        .filter(|p| listing.contains_key(p))
        .collect();
    for (path, digest) in target.hash(&sent)? {
        if local.get(&path).is_some_and(|e| e.sha256 != digest) {
            diffs.push(format!("content differs: {}", path.escape_debug()));
        }
    }
    for path in listing.keys().filter(|p| plan::is_temp(p)) {
        diffs.push(format!("temporary file left: {}", path.escape_debug()));
    }
    for path in &plan.deletions {
        if listing.contains_key(path) {
            diffs.push(format!("not deleted: {}", path.escape_debug()));
        }
    }
    let manifest = target.read(MANIFEST)?.and_then(|b| Manifest::parse(&b));
    if manifest.as_ref().map(|m| &m.files) != Some(local) {
        diffs.push(format!("{MANIFEST} does not list the build"));
    }
    if diffs.is_empty() {
        Ok(())
    } else {
        Err(PublishError::Differs(diffs))
    }
}
