//! Interrupted builds: `foro build` killed (SIGKILL) at any moment leaves
//! the previous output complete, and the next build removes what the killed
//! one left behind.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use super::manifest;
use super::paths::assert_no_leftovers;
use crate::support::{PROJECT, copy_dir};

/// The two versions of the example forum the builds alternate between: the
/// second changes a page, so that each complete build changes the output.
fn set_version(project: &Path, version: usize) {
    let page = project.join("pages/summary.md");
    let text = std::fs::read_to_string(&page).unwrap();
    let text = text.trim_end_matches("\nA sentence of version two.\n");
    let text = if version == 1 {
        format!("{text}\nA sentence of version two.\n")
    } else {
        text.to_string()
    };
    std::fs::write(&page, text).unwrap();
}

fn build(root: &Path) -> std::process::Child {
    Command::new(env!("CARGO_BIN_EXE_foro"))
        .args(["build", PROJECT, "--out", "out", "--target", "all"])
        .current_dir(root)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap()
}

#[cfg(unix)]
#[test]
fn a_killed_build_leaves_the_previous_output_complete() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    let project = root.join(PROJECT);
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("content"),
        &project,
    );
    let out = root.join("out");

    // The complete output of each version, and how long a build takes
    // (the shorter of the two: on a loaded machine the first is slow, and
    // delays past the end of the build kill nothing).
    let mut complete = Vec::new();
    let mut took = Duration::MAX;
    for version in [0, 1] {
        set_version(&project, version);
        let started = Instant::now();
        assert!(build(root).wait().unwrap().success());
        took = took.min(started.elapsed());
        complete.push([manifest(&out.join("site")), manifest(&out.join("usb"))]);
    }
    assert!(
        complete[0] != complete[1],
        "the two versions build the same output"
    );

    // Kill builds at delays spread over a whole build, finer near its end
    // where the output is swapped in.
    let total = took.as_millis().max(300);
    let mut delays: Vec<u128> = (0..14).map(|i| i * total / 14).collect();
    delays.extend((0..12).map(|i| total * 3 / 4 + i * total / 36));
    delays.extend([total + 50, total + 200]);
    let mut current = 1;
    let (mut killed, mut finished, mut leftovers) = (0, 0, 0);
    for (i, delay) in delays.iter().enumerate() {
        let next = 1 - current;
        set_version(&project, next);
        let mut child = build(root);
        std::thread::sleep(Duration::from_millis(u64::try_from(*delay).unwrap()));
        if child.try_wait().unwrap().is_none() {
            killed += 1;
        } else {
            finished += 1;
        }
        let _ = child.kill(); // SIGKILL
        child.wait().unwrap();
        leftovers += std::fs::read_dir(&out)
            .unwrap()
            .filter(|e| {
                e.as_ref()
                    .unwrap()
                    .file_name()
                    .to_string_lossy()
                    .starts_with(".foro-")
            })
            .count();
        for (k, folder) in ["site", "usb"].into_iter().enumerate() {
            let now = manifest(&out.join(folder));
            let which = complete.iter().position(|c| c[k] == now);
            assert!(
                which.is_some(),
                "kill {i} after {delay} ms: out/{folder} is neither complete output: {}",
                differences(&complete[current][k], &now)
            );
            if k == 0 {
                current = which.unwrap();
            }
        }
    }
    eprintln!(
        "{} builds of about {total} ms: {killed} killed, {finished} finished, {leftovers} leftover folders seen",
        delays.len()
    );
    assert!(killed > 10, "only {killed} builds were killed");

    // What a killed build left behind is removed by the next build.
    std::fs::create_dir_all(out.join(".foro-staging-site-999999/en")).unwrap();
    std::fs::create_dir_all(out.join(".foro-old-usb-999999")).unwrap();
    assert!(build(root).wait().unwrap().success());
    assert_no_leftovers(&out);
}

/// What differs between two manifests, for the failure message.
fn differences(expected: &[(String, Vec<u8>)], found: &[(String, Vec<u8>)]) -> String {
    let names = |m: &[(String, Vec<u8>)]| m.iter().map(|(n, _)| n.clone()).collect::<Vec<_>>();
    let (e, f) = (names(expected), names(found));
    let missing: Vec<_> = e.iter().filter(|n| !f.contains(n)).collect();
    let extra: Vec<_> = f.iter().filter(|n| !e.contains(n)).collect();
    let changed: Vec<_> = expected
        .iter()
        .filter(|(n, b)| found.iter().any(|(m, c)| m == n && c != b))
        .map(|(n, _)| n)
        .collect();
    format!("missing {missing:?}, extra {extra:?}, changed {changed:?}")
}
