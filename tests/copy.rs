//! `foro copy`: the example forum's USB bundle onto folders and small tmpfs
//! mounts standing in for drives. What happens between writing and reading
//! back (a byte changed, a drive pulled out) is done from the library's
//! `Observer` hooks, at a known point of the copy, never after a sleep.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Mutex;

use foro::copy::{CopyOptions, Observer, Outcome, Severity, report};

use crate::support::{Run, foro, list_files};
use crate::usb::example_forum::{Built, repo};

/// The example forum built once per test, with empty drive folders beside.
struct Setup {
    built: Built,
}

impl Setup {
    fn new() -> Setup {
        Setup {
            built: Built::new(&["--target", "usb"]),
        }
    }

    /// A new empty folder `<tmp>/<name>`.
    fn drive(&self, name: &str) -> PathBuf {
        let d = self.built.tmp.path().join(name);
        std::fs::create_dir(&d).unwrap();
        d
    }

    /// `foro copy <drives> --out <tmp>/out <extra>` from the repository.
    fn copy(&self, drives: &[&Path], extra: &[&str]) -> Run {
        let out = self.built.out();
        let mut args = vec!["copy"];
        args.extend(drives.iter().map(|d| d.to_str().unwrap()));
        args.extend(["--out", out.to_str().unwrap()]);
        args.extend_from_slice(extra);
        foro(repo(), &args)
    }

    fn options(&self, drives: &[&Path]) -> CopyOptions {
        CopyOptions {
            project: repo().join("content"),
            out: self.built.out(),
            drives: drives.iter().map(|d| d.to_path_buf()).collect(),
            wipe: false,
        }
    }

    /// Panics unless `drive` holds exactly the bundle's files, byte for byte.
    fn assert_holds_the_bundle(&self, drive: &Path) {
        let usb = self.built.usb();
        let files = usb.files();
        assert_eq!(list_files(drive), files, "{}", drive.display());
        for f in &files {
            assert!(
                std::fs::read(drive.join(f)).unwrap() == usb.bytes(f),
                "{f} differs on {}",
                drive.display()
            );
        }
    }
}

/// The line of `stdout` that reports `drive`.
fn line_of<'a>(stdout: &'a str, drive: &Path) -> &'a str {
    let prefix = format!("{} ", drive.display());
    stdout
        .lines()
        .find(|l| l.starts_with(&prefix))
        .unwrap_or_else(|| panic!("no line for {}:\n{stdout}", drive.display()))
}

#[test]
fn two_drives_in_parallel_both_verify() {
    let s = Setup::new();
    let (a, b) = (s.drive("a"), s.drive("b"));
    let run = s.copy(&[&a, &b], &[]);
    run.assert_code(0);
    let files = s.built.usb().files().len();
    for d in [&a, &b] {
        let line = line_of(&run.stdout, d);
        assert!(
            line.contains(&format!(" ok {files} files ")),
            "{line}\n{}",
            run.stdout
        );
        s.assert_holds_the_bundle(d);
    }
    assert!(
        run.stdout.contains("2 drives: 2 verified, 0 failed"),
        "{}",
        run.stdout
    );
}

/// A tmpfs of `size` mounted on `dir`, unmounted when dropped.
struct Tmpfs(PathBuf);

impl Tmpfs {
    /// `None`, with the reason printed, where this user cannot mount one.
    fn mount(dir: &Path, size: &str) -> Option<Tmpfs> {
        let out = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(dir)
            .output();
        match out {
            Ok(o) if o.status.success() => Some(Tmpfs(dir.to_path_buf())),
            Ok(o) => {
                eprintln!(
                    "skipped: cannot mount a tmpfs (needs root; CI runs as root): {}",
                    String::from_utf8_lossy(&o.stderr).trim()
                );
                None
            }
            Err(e) => {
                eprintln!("skipped: cannot run mount: {e}");
                None
            }
        }
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.0).status();
    }
}

#[test]
fn a_drive_too_small_fails_before_anything_is_written_and_the_other_goes_on() {
    let s = Setup::new();
    let (small, big) = (s.drive("small"), s.drive("big"));
    let Some(_mounted) = Tmpfs::mount(&small, "256k") else {
        return;
    };
    let run = s.copy(&[&small, &big], &[]);
    run.assert_code(3);
    let line = line_of(&run.stdout, &small);
    assert!(
        line.contains("refused:") && line.contains("free") && line.contains("nothing was written"),
        "{line}"
    );
    assert!(list_files(&small).is_empty(), "{:?}", list_files(&small));
    s.assert_holds_the_bundle(&big);
}

#[test]
fn two_tmpfs_drives_verify() {
    let s = Setup::new();
    let (a, b) = (s.drive("a"), s.drive("b"));
    let Some(_ma) = Tmpfs::mount(&a, "8m") else {
        return;
    };
    let Some(_mb) = Tmpfs::mount(&b, "8m") else {
        return;
    };
    let run = s.copy(&[&a, &b], &[]);
    run.assert_code(0);
    assert!(
        !run.stderr.contains("not a mounted drive"),
        "a tmpfs is a mount point:\n{}",
        run.stderr
    );
    s.assert_holds_the_bundle(&a);
    s.assert_holds_the_bundle(&b);
}

/// A test hook: told the drive's index and folder.
type Hook<'a> = Box<dyn Fn(usize, &Path) + Sync + 'a>;

/// Test hooks: changes made at a point of the copy of one drive.
struct Hooks<'a> {
    drives: Vec<&'a Path>,
    /// Run once, after the first file of a drive is written.
    after_first_file: Hook<'a>,
    /// Run when every file of a drive is written, before the read-back.
    before_read_back: Hook<'a>,
    fired: Mutex<Vec<usize>>,
}

impl Observer for Hooks<'_> {
    fn written(&self, drive: usize, _file: &str) {
        let mut fired = self.fired.lock().unwrap();
        if !fired.contains(&drive) {
            fired.push(drive);
            drop(fired);
            (self.after_first_file)(drive, self.drives[drive]);
        }
    }

    fn before_read_back(&self, drive: usize) {
        (self.before_read_back)(drive, self.drives[drive]);
    }
}

fn hooks<'a>(
    drives: &[&'a Path],
    after_first_file: impl Fn(usize, &Path) + Sync + 'a,
    before_read_back: impl Fn(usize, &Path) + Sync + 'a,
) -> Hooks<'a> {
    Hooks {
        drives: drives.to_vec(),
        after_first_file: Box::new(after_first_file),
        before_read_back: Box::new(before_read_back),
        fired: Mutex::new(Vec::new()),
    }
}

#[test]
fn a_file_changed_on_a_drive_after_copying_is_caught_by_the_read_back() {
    let s = Setup::new();
    let (a, b) = (s.drive("a"), s.drive("b"));
    let changed = "es/index.html";
    let hooked = hooks(
        &[&a, &b],
        |_, _| {},
        |i, drive| {
            if i == 0 {
                // One byte, same size: the read-back must hash.
                let mut bytes = std::fs::read(drive.join(changed)).unwrap();
                let k = bytes.len() / 2;
                bytes[k] = if bytes[k] == b'x' { b'y' } else { b'x' };
                std::fs::write(drive.join(changed), bytes).unwrap();
            }
        },
    );
    let outcomes = foro::copy::copy(&s.options(&[&a, &b]), &hooked).unwrap();
    match &outcomes[0] {
        Outcome::Differs(found) => {
            assert_eq!(found.changed, [changed]);
            assert!(
                found.missing.is_empty() && found.extra.is_empty(),
                "{found:?}"
            );
        }
        other => panic!("drive a: {other:?}"),
    }
    assert_eq!(outcomes[0].severity(), Severity::Differs);
    let line = report::line("/media/a", &outcomes[0]);
    assert_eq!(
        line,
        format!("/media/a FAILED: 1 file differs\n  changed: {changed}")
    );
    assert!(
        matches!(outcomes[1], Outcome::Verified { .. }),
        "drive b: {:?}",
        outcomes[1]
    );
    s.assert_holds_the_bundle(&b);
}

#[test]
fn a_drive_pulled_out_or_replaced_mid_copy_fails_alone() {
    let s = Setup::new();
    let (a, b, c) = (s.drive("a"), s.drive("b"), s.drive("c"));
    let hooked = hooks(
        &[&a, &b, &c],
        |i, drive| match i {
            // Pulled out: the folder is gone.
            0 => std::fs::remove_dir_all(drive).unwrap(),
            // Unmounted: an empty folder where the drive was.
            1 => {
                std::fs::remove_dir_all(drive).unwrap();
                std::fs::create_dir(drive).unwrap();
            }
            _ => {}
        },
        |_, _| {},
    );
    let outcomes = foro::copy::copy(&s.options(&[&a, &b, &c]), &hooked).unwrap();
    for (i, drive) in [&a, &b].into_iter().enumerate() {
        assert!(
            matches!(outcomes[i], Outcome::Failed(_)),
            "drive {i}: {:?}",
            outcomes[i]
        );
        assert_eq!(outcomes[i].severity(), Severity::Io);
        assert!(
            list_files(drive).is_empty(),
            "nothing is written where the drive was: {:?}",
            list_files(drive)
        );
    }
    assert!(!a.exists(), "the pulled-out drive's folder was recreated");
    let why = report::line("/media/b", &outcomes[1]);
    assert!(
        why.contains("FAILED: the drive was removed or replaced"),
        "{why}"
    );
    assert!(
        matches!(outcomes[2], Outcome::Verified { .. }),
        "drive c: {:?}",
        outcomes[2]
    );
    s.assert_holds_the_bundle(&c);
}

#[test]
fn a_drive_with_other_files_is_refused_without_wipe_and_wiped_with_it() {
    let s = Setup::new();
    let a = s.drive("a");
    std::fs::write(a.join("notes.txt"), "mine").unwrap();
    std::fs::create_dir_all(a.join("photos/2016")).unwrap();
    std::fs::write(a.join("photos/2016/lima.jpg"), "jpeg").unwrap();
    std::fs::create_dir(a.join("lost+found")).unwrap();
    let beside = s.built.tmp.path().join("beside.txt");
    std::fs::write(&beside, "not on the drive").unwrap();

    let refused = s.copy(&[&a], &[]);
    refused.assert_code(2);
    let line = line_of(&refused.stdout, &a);
    assert!(
        line.contains("refused: it holds 2 other entries (notes.txt, photos/)")
            && line.contains("--wipe"),
        "{line}"
    );
    assert_eq!(
        list_files(&a),
        ["notes.txt", "photos/2016/lima.jpg"],
        "nothing written or removed without --wipe"
    );

    let wiped = s.copy(&[&a], &["--wipe"]);
    wiped.assert_code(0);
    assert!(
        wiped.stdout.contains(&format!(
            "{}: --wipe removes 2 entries at its root: notes.txt, photos/",
            a.display()
        )),
        "{}",
        wiped.stdout
    );
    s.assert_holds_the_bundle(&a);
    assert!(
        a.join("lost+found").is_dir(),
        "lost+found is the file system's"
    );
    assert!(beside.is_file(), "--wipe removed a file beside the drive");
}

#[test]
fn the_project_the_output_a_system_folder_or_a_missing_drive_is_refused_before_any_copy() {
    let s = Setup::new();
    let a = s.drive("a");
    let out = s.built.out();
    let content = repo().join("content");
    for (bad, why) in [
        (Path::new("/usr"), "it is a system folder"),
        (Path::new("/"), "it is the root folder"),
        (out.as_path(), "it is the output folder"),
        (&out.join("usb"), "it is inside the output folder"),
        (content.as_path(), "it is the forum project"),
    ] {
        let run = s.copy(&[&a, bad], &[]);
        run.assert_code(2);
        assert!(
            run.stderr.contains(why),
            "{}: {}",
            bad.display(),
            run.stderr
        );
        assert!(
            list_files(&a).is_empty(),
            "{} refused, yet a was written",
            bad.display()
        );
    }
    let missing = s.built.tmp.path().join("not-mounted");
    let run = s.copy(&[&a, &missing], &[]);
    run.assert_code(2);
    assert!(
        run.stderr.contains("is the drive mounted?"),
        "{}",
        run.stderr
    );
    assert!(list_files(&a).is_empty());
}

#[test]
fn a_bundle_changed_since_the_build_is_not_copied() {
    let s = Setup::new();
    let a = s.drive("a");
    std::fs::write(s.built.out().join("usb/es/index.html"), "edited by hand").unwrap();
    let run = s.copy(&[&a], &[]);
    run.assert_code(1);
    assert!(
        run.stdout.contains("changed: es/index.html"),
        "{}",
        run.stdout
    );
    assert!(run.stderr.contains("nothing was copied"), "{}", run.stderr);
    assert!(list_files(&a).is_empty());
}

#[test]
fn label_is_checked_and_said_to_be_unsupported_rather_than_faked() {
    let s = Setup::new();
    let a = s.drive("a");
    let bad = s.copy(&[&a], &["--label", "MUCH TOO LONG"]);
    bad.assert_code(2);
    assert!(list_files(&a).is_empty());
    let run = s.copy(&[&a], &["--label", "FORO 2016"]);
    run.assert_code(0);
    let notes: Vec<&str> = run
        .stderr
        .lines()
        .filter(|l| l.contains("--label"))
        .collect();
    assert_eq!(notes.len(), 1, "{}", run.stderr);
    assert!(
        notes[0].contains("cannot set volume labels"),
        "{}",
        notes[0]
    );
}

#[test]
fn a_drive_that_fills_up_mid_copy_fails_alone() {
    let s = Setup::new();
    let (full, other) = (s.drive("full"), s.drive("other"));
    let Some(_mounted) = Tmpfs::mount(&full, "4m") else {
        return;
    };
    let hooked = hooks(
        &[&full, &other],
        |i, drive| {
            if i == 0 {
                // Someone else's copy takes the room that was free.
                let mut f = std::fs::File::create(drive.join("filler")).unwrap();
                let block = vec![0u8; 64 * 1024];
                while std::io::Write::write_all(&mut f, &block).is_ok() {}
            }
        },
        |_, _| {},
    );
    let outcomes = foro::copy::copy(&s.options(&[&full, &other]), &hooked).unwrap();
    let why = report::line("/media/full", &outcomes[0]);
    assert_eq!(outcomes[0].severity(), Severity::Io, "{why}");
    assert!(why.contains("FAILED: cannot write"), "{why}");
    assert!(
        matches!(outcomes[1], Outcome::Verified { .. }),
        "drive other: {:?}",
        outcomes[1]
    );
    s.assert_holds_the_bundle(&other);
}

/// The bytes of `path` in the page cache, as `fincore` counts them.
fn cached_bytes(path: &Path) -> u64 {
    let out = Command::new("fincore")
        .args(["--bytes", "--noheadings", "--output", "RES"])
        .arg(path)
        .output()
        .expect("running fincore (util-linux)");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().parse().unwrap()
}

#[test]
#[ignore = "needs fincore (util-linux)"]
fn the_read_back_opens_files_with_their_cached_pages_dropped() {
    // On the target folder's disk, not /tmp, which may be a tmpfs (whose
    // pages are the storage and stay).
    let dir = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap();
    let path = dir.path().join("written.bin");
    let mut f = std::fs::File::create(&path).unwrap();
    std::io::Write::write_all(&mut f, &vec![7u8; 1 << 20]).unwrap();
    f.sync_all().unwrap();
    drop(f);
    assert!(
        cached_bytes(&path) > 0,
        "a file just written is in the page cache"
    );
    let reading = foro::copy::device::open_uncached(&path).unwrap();
    assert_eq!(
        cached_bytes(&path),
        0,
        "the read-back would read the cache, not the drive"
    );
    drop(reading);
}
