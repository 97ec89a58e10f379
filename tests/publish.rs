//! `foro publish`: against a `file://` folder, and against a real OpenSSH
//! server (`/usr/sbin/sshd`) that each test starts on 127.0.0.1 with its own
//! host key and an authorised test key (ignored: needs openssh-server).
//!
//! Both run the same scenarios; the server's folder is on this machine, so
//! every test reads the published bytes and modification times directly.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, SystemTime};

use crate::support::{Project, Run, copy_dir, foro_with_env, list_files};

const MANIFEST: &str = ".foro-publish.json";

/// Where a test publishes to.
enum Dest {
    Folder(tempfile::TempDir),
    Sftp(Sshd),
}

impl Dest {
    fn folder() -> Dest {
        Dest::Folder(tempfile::tempdir().unwrap())
    }

    /// The folder the target writes into, as seen on this machine.
    fn dir(&self) -> PathBuf {
        match self {
            Dest::Folder(t) => t.path().join("www"),
            Dest::Sftp(s) => s.dir.path().join("www"),
        }
    }

    fn url(&self) -> String {
        match self {
            Dest::Folder(_) => format!("file://{}", self.dir().display()),
            Dest::Sftp(s) => format!(
                "sftp://{}@127.0.0.1:{}{}",
                s.user,
                s.port,
                self.dir().display()
            ),
        }
    }

    /// `foro publish forum --out out --to URL` plus `extra`, with `env`.
    fn publish(&self, p: &Project, extra: &[&str], env: &[(&str, &str)]) -> Run {
        let url = self.url();
        let mut args = vec!["publish", "forum", "--out", "out", "--to", url.as_str()];
        let (identity, known);
        if let Dest::Sftp(s) = self {
            identity = s.dir.path().join("client").display().to_string();
            known = s.known_hosts().display().to_string();
            args.extend([
                "--identity",
                identity.as_str(),
                "--known-hosts",
                known.as_str(),
            ]);
        }
        args.extend(extra);
        run_env(p.root(), &args, env)
    }

    /// Every published file (the manifest aside): path → bytes.
    fn files(&self) -> BTreeMap<String, Vec<u8>> {
        read_tree(&self.dir())
    }

    fn mtimes(&self) -> BTreeMap<String, SystemTime> {
        list_files(&self.dir())
            .into_iter()
            .map(|f| {
                let m = std::fs::metadata(self.dir().join(&f))
                    .unwrap()
                    .modified()
                    .unwrap();
                (f, m)
            })
            .collect()
    }
}

fn run_env(cwd: &Path, args: &[&str], env: &[(&str, &str)]) -> Run {
    let owned: Vec<(&str, PathBuf)> = env.iter().map(|(k, v)| (*k, PathBuf::from(v))).collect();
    let refs: Vec<(&str, &Path)> = owned.iter().map(|(k, v)| (*k, v.as_path())).collect();
    foro_with_env(cwd, args, &refs)
}

fn read_tree(root: &Path) -> BTreeMap<String, Vec<u8>> {
    list_files(root)
        .into_iter()
        .filter(|f| f != MANIFEST)
        .map(|f| {
            let b = std::fs::read(root.join(&f)).unwrap();
            (f, b)
        })
        .collect()
}

fn project() -> Project {
    let p = Project::from_fixture("publish/base");
    p.build().assert_code(0);
    p
}

/// The `upload: PATH (...)` lines of a `--verbose` or `--dry-run` run.
fn listed(run: &Run, verb: &str) -> Vec<String> {
    run.stdout
        .lines()
        .filter_map(|l| l.strip_prefix(verb))
        .map(|l| l.split(" (").next().unwrap().to_string())
        .collect()
}

fn assert_equals_build(p: &Project, dest: &Dest) {
    let build = read_tree(&p.site().root);
    let published = dest.files();
    assert_eq!(
        build.keys().collect::<Vec<_>>(),
        published.keys().collect::<Vec<_>>(),
        "the same files"
    );
    for (path, bytes) in &build {
        assert!(published[path] == *bytes, "{path} differs from the build");
    }
}

// ---- the scenarios, for either kind of target ----

fn first_publish_equals_the_build(dest: &Dest) {
    let p = project();
    let run = dest.publish(&p, &[], &[]);
    run.assert_code(0);
    let n = read_tree(&p.site().root).len();
    assert!(
        run.stdout
            .contains(&format!("uploaded {n}, deleted 0, unchanged 0 (")),
        "{}",
        run.stdout
    );
    assert_equals_build(&p, dest);
    assert!(dest.dir().join(MANIFEST).is_file());
    // Publishing again sends nothing and touches nothing.
    let before = dest.mtimes();
    let again = dest.publish(&p, &[], &[]);
    again.assert_code(0);
    assert!(
        again
            .stdout
            .contains(&format!("uploaded 0, deleted 0, unchanged {n} (")),
        "{}",
        again.stdout
    );
    assert_eq!(dest.mtimes(), before);
}

fn an_edited_biography_sends_only_changed_files(dest: &Dest) {
    let p = project();
    dest.publish(&p, &[], &[]).assert_code(0);
    let old_build = read_tree(&p.site().root);
    // Age every published file, so that a file touched again shows.
    let old = SystemTime::UNIX_EPOCH + Duration::from_secs(978_307_200); // 2001-01-01
    for f in list_files(&dest.dir()) {
        std::fs::File::options()
            .write(true)
            .open(dest.dir().join(&f))
            .unwrap()
            .set_modified(old)
            .unwrap();
    }
    p.write("speakers/ana.md", "---\nname: \"Ana\"\nphoto: images/ana.svg\ngender: female\n---\nAna's biography, corrected.\n");
    p.build().assert_code(0);
    let new_build = read_tree(&p.site().root);
    let changed: Vec<String> = new_build
        .iter()
        .filter(|(f, b)| old_build.get(*f) != Some(*b))
        .map(|(f, _)| f.clone())
        .collect();
    assert!(
        !changed.is_empty() && changed.len() < new_build.len() / 2,
        "{changed:?}"
    );
    let run = dest.publish(&p, &["--verbose"], &[]);
    run.assert_code(0);
    let mut sent = listed(&run, "upload: ");
    sent.sort();
    assert_eq!(
        sent, changed,
        "exactly the files whose bytes changed are sent"
    );
    assert_equals_build(&p, dest);
    for (f, t) in dest.mtimes() {
        if f == MANIFEST {
            continue;
        }
        assert_eq!(t == old, !changed.contains(&f), "{f}: modified time");
    }
}

fn a_removed_page_is_deleted(dest: &Dest) {
    let p = project();
    dest.publish(&p, &[], &[]).assert_code(0);
    assert!(dest.dir().join("en/pages/venue/index.html").is_file());
    std::fs::remove_file(p.dir().join("pages/venue.md")).unwrap();
    std::fs::remove_file(p.dir().join("pages/venue.es.md")).unwrap();
    p.build().assert_code(0);
    let run = dest.publish(&p, &[], &[]);
    run.assert_code(0);
    assert!(run.stdout.contains("deleted 2,"), "{}", run.stdout);
    assert!(
        !dest.dir().join("en/pages/venue").exists(),
        "the emptied folder goes too"
    );
    assert_equals_build(&p, dest);
}

fn an_interrupted_publish_leaves_pages_whole(dest: &Dest) {
    let p = project();
    // Cut during the first publish, after three files.
    let run = dest.publish(&p, &[], &[("FORO_PUBLISH_FAIL_AFTER", "3")]);
    run.assert_code(3);
    let build = read_tree(&p.site().root);
    let left = list_files(&dest.dir());
    let temps: Vec<&String> = left.iter().filter(|f| f.ends_with(".foro-tmp")).collect();
    assert_eq!(temps.len(), 1, "one half-written temporary file: {left:?}");
    for (f, bytes) in dest.files() {
        if !f.ends_with(".foro-tmp") {
            assert!(build[&f] == bytes, "{f} is served whole");
        }
    }
    assert_eq!(
        dest.files().len(),
        4,
        "three files in place and the temporary one"
    );
    // Cut again after the first file, on a publish that replaces pages.
    dest.publish(&p, &[], &[]).assert_code(0);
    let old_build = build;
    p.write(
        "speakers/ana.md",
        "---\nname: \"Ana\"\nphoto: images/ana.svg\n---\nA new biography.\n",
    );
    p.build().assert_code(0);
    let new_build = read_tree(&p.site().root);
    dest.publish(&p, &[], &[("FORO_PUBLISH_FAIL_AFTER", "1")])
        .assert_code(3);
    for (f, bytes) in dest.files() {
        if !f.ends_with(".foro-tmp") {
            assert!(
                old_build.get(&f) == Some(&bytes) || new_build.get(&f) == Some(&bytes),
                "{f} is whole: the old version or the new one"
            );
        }
    }
    let run = dest.publish(&p, &[], &[]);
    run.assert_code(0);
    assert_equals_build(&p, dest);
    assert!(
        !list_files(&dest.dir())
            .iter()
            .any(|f| f.ends_with(".foro-tmp"))
    );
}

fn a_dry_run_writes_nothing(dest: &Dest) {
    let p = project();
    let run = dest.publish(&p, &["--dry-run"], &[]);
    run.assert_code(0);
    assert_eq!(
        listed(&run, "would upload: ").len(),
        read_tree(&p.site().root).len()
    );
    assert!(run.stdout.contains("nothing was changed"), "{}", run.stdout);
    assert!(!dest.dir().exists(), "nothing written, not even the folder");
    std::fs::create_dir_all(dest.dir()).unwrap();
    dest.publish(&p, &["--dry-run"], &[]).assert_code(0);
    assert!(list_files(&dest.dir()).is_empty(), "nothing written");
    dest.publish(&p, &[], &[]).assert_code(0);
    std::fs::remove_file(p.dir().join("pages/venue.md")).unwrap();
    std::fs::remove_file(p.dir().join("pages/venue.es.md")).unwrap();
    p.build().assert_code(0);
    let before: Vec<_> = dest.mtimes().into_iter().collect();
    let files_before = dest.files();
    let run = dest.publish(&p, &["--dry-run"], &[]);
    run.assert_code(0);
    assert_eq!(
        listed(&run, "would delete: "),
        ["en/pages/venue/index.html", "es/pages/venue/index.html"]
    );
    assert_eq!(dest.mtimes().into_iter().collect::<Vec<_>>(), before);
    assert_eq!(dest.files(), files_before);
}

fn max_deletes_holds(dest: &Dest) {
    let p = project();
    dest.publish(&p, &[], &[]).assert_code(0);
    std::fs::remove_file(p.dir().join("pages/venue.md")).unwrap();
    std::fs::remove_file(p.dir().join("pages/venue.es.md")).unwrap();
    p.build().assert_code(0);
    let before = dest.files();
    let run = dest.publish(&p, &["--max-deletes", "1"], &[]);
    run.assert_code(1);
    assert!(
        run.stderr
            .contains("would delete 2 files, more than the limit of 1"),
        "{}",
        run.stderr
    );
    assert_eq!(dest.files(), before, "nothing changed");
    let dry = dest.publish(&p, &["--max-deletes", "1", "--dry-run"], &[]);
    dry.assert_code(0);
    assert!(
        dry.stderr.contains("a real publish would be refused"),
        "{}",
        dry.stderr
    );
    assert_eq!(listed(&dry, "would delete: ").len(), 2);
    dest.publish(&p, &["--max-deletes", "2"], &[])
        .assert_code(0);
    assert_equals_build(&p, dest);
}

// ---- file:// ----

#[test]
fn folder_first_publish_equals_the_build() {
    first_publish_equals_the_build(&Dest::folder());
}

#[test]
fn folder_an_edited_biography_sends_only_changed_files() {
    an_edited_biography_sends_only_changed_files(&Dest::folder());
}

#[test]
fn folder_a_removed_page_is_deleted() {
    a_removed_page_is_deleted(&Dest::folder());
}

#[test]
fn folder_an_interrupted_publish_leaves_pages_whole() {
    an_interrupted_publish_leaves_pages_whole(&Dest::folder());
}

#[test]
fn folder_a_dry_run_writes_nothing() {
    a_dry_run_writes_nothing(&Dest::folder());
}

#[test]
fn folder_max_deletes_holds() {
    max_deletes_holds(&Dest::folder());
}

#[test]
fn named_targets_come_from_forum_yaml() {
    let p = project();
    let dest = Dest::folder();
    let yaml = std::fs::read_to_string(p.dir().join("forum.yaml")).unwrap();
    p.write(
        "forum.yaml",
        format!(
            "{yaml}publish:\n  apec:\n    url: \"{}\"\n    max_deletes: 0\n",
            dest.url()
        ),
    );
    let run = p.foro(&["publish", "forum", "--out", "out", "--to", "apec"]);
    run.assert_code(0);
    assert_equals_build(&p, &dest);
    // `max_deletes: 0` from forum.yaml holds; --max-deletes overrides it.
    std::fs::remove_file(p.dir().join("pages/venue.md")).unwrap();
    std::fs::remove_file(p.dir().join("pages/venue.es.md")).unwrap();
    p.build().assert_code(0);
    p.foro(&["publish", "forum", "--out", "out", "--to", "apec"])
        .assert_code(1);
    p.foro(&[
        "publish",
        "forum",
        "--out",
        "out",
        "--to",
        "apec",
        "--max-deletes",
        "5",
    ])
    .assert_code(0);
    let run = p.foro(&["publish", "forum", "--out", "out", "--to", "ministry"]);
    run.assert_code(2);
    assert!(
        run.stderr.contains("the targets are: apec"),
        "{}",
        run.stderr
    );
}

#[test]
fn forum_yaml_refuses_passwords() {
    let p = Project::from_fixture("publish/base");
    let yaml = std::fs::read_to_string(p.dir().join("forum.yaml")).unwrap();
    p.write(
        "forum.yaml",
        format!(
            "{yaml}publish:\n  ministry:\n    url: \"sftp://foro@web.example.gob.pe/var/www/foro\"\n    password: \"hunter2\"\n  apec:\n    url: \"sftp://foro:hunter2@web.example.org/www\"\n"
        ),
    );
    let run = p.foro(&["check", "forum"]);
    run.assert_code(1);
    let errors = run.error_lines();
    assert_eq!(errors.len(), 2, "{}", run.stderr);
    assert!(
        errors[0].starts_with("error: forum/forum.yaml:12:15: "),
        "{}",
        errors[0]
    );
    assert!(
        errors[0].contains("must hold no password or key"),
        "{}",
        errors[0]
    );
    assert!(
        errors[1].starts_with("error: forum/forum.yaml:14:10: "),
        "{}",
        errors[1]
    );
    assert!(errors[1].contains("holds a password"), "{}", errors[1]);
}

#[test]
fn without_a_build_nothing_is_published() {
    let p = Project::from_fixture("publish/base");
    let dest = Dest::folder();
    let run = dest.publish(&p, &[], &[]);
    run.assert_code(2);
    assert!(run.stderr.contains("no built site"), "{}", run.stderr);
    assert!(!dest.dir().exists());
    // --build builds first; a failed build publishes nothing.
    p.write("agenda.yaml", "days: [");
    dest.publish(&p, &["--build"], &[]).assert_code(1);
    assert!(!dest.dir().exists());
}

#[test]
fn a_target_changed_by_hand_is_compared_by_reading() {
    let p = project();
    let dest = Dest::folder();
    // What a manual upload left: the site, a stray file, no manifest.
    copy_dir(&p.site().root, &dest.dir());
    std::fs::write(dest.dir().join("index.html"), b"edited on the server").unwrap();
    std::fs::write(dest.dir().join("old-notes.txt"), b"theirs").unwrap();
    let run = dest.publish(&p, &["--verbose"], &[]);
    run.assert_code(0);
    assert!(
        run.stderr.contains("has no .foro-publish.json"),
        "{}",
        run.stderr
    );
    assert_eq!(listed(&run, "upload: "), ["index.html"]);
    assert!(
        run.stderr
            .contains("1 files on the target were not published by foro"),
        "{}",
        run.stderr
    );
    assert!(dest.dir().join("old-notes.txt").is_file(), "left alone");
}

// ---- sftp:// against a real OpenSSH server ----

/// An OpenSSH server started for one test: its own host key, one authorised
/// client key, listening on a free port of 127.0.0.1; stopped when dropped.
struct Sshd {
    dir: tempfile::TempDir,
    port: u16,
    user: String,
    child: Child,
}

fn keygen(path: &Path) {
    keygen_type(path, "ed25519");
}

fn keygen_type(path: &Path, kind: &str) {
    let ok = Command::new("ssh-keygen")
        .args(["-q", "-t", kind, "-N", "", "-C", "foro-test", "-f"])
        .arg(path)
        .status()
        .expect("running ssh-keygen")
        .success();
    assert!(ok, "ssh-keygen failed");
}

impl Sshd {
    fn start() -> Sshd {
        Sshd::start_with(false)
    }

    /// With `rsa`, the server also has an RSA host key (`host_rsa`).
    fn start_with(rsa: bool) -> Sshd {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        keygen(&d.join("host"));
        if rsa {
            keygen_type(&d.join("host_rsa"), "rsa");
        }
        keygen(&d.join("client"));
        std::fs::copy(d.join("client.pub"), d.join("authorized_keys")).unwrap();
        let user = String::from_utf8(Command::new("id").arg("-un").output().unwrap().stdout)
            .unwrap()
            .trim()
            .to_string();
        if user == "root" {
            // sshd's privilege separation folder, missing on a fresh container.
            let _ = std::fs::create_dir_all("/run/sshd");
        }
        let mut attempt = 0;
        let (port, child, lines) = loop {
            attempt += 1;
            let port = std::net::TcpListener::bind("127.0.0.1:0")
                .unwrap()
                .local_addr()
                .unwrap()
                .port();
            std::fs::write(
                d.join("sshd_config"),
                format!(
                    "Port {port}\nListenAddress 127.0.0.1\nHostKey {d}/host\n{rsa}PidFile {d}/sshd.pid\n\
                     AuthorizedKeysFile {d}/authorized_keys\nPubkeyAuthentication yes\n\
                     PasswordAuthentication no\nKbdInteractiveAuthentication no\nUsePAM no\n\
                     PermitRootLogin yes\nStrictModes no\nSubsystem sftp internal-sftp\nLogLevel INFO\n",
                    d = d.display(),
                    rsa = if rsa {
                        format!("HostKey {}/host_rsa\n", d.display())
                    } else {
                        String::new()
                    }
                ),
            )
            .unwrap();
            let mut child = Command::new("/usr/sbin/sshd")
                .args(["-D", "-e", "-f"])
                .arg(d.join("sshd_config"))
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .expect("starting /usr/sbin/sshd");
            // Wait for "Server listening on 127.0.0.1 port N." (or its exit).
            let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
            let mut log = String::new();
            while let Some(Ok(line)) = lines.next() {
                log.push_str(&line);
                log.push('\n');
                if line.contains("Server listening on 127.0.0.1") {
                    break;
                }
            }
            if log.contains("Server listening on 127.0.0.1") {
                break (port, child, lines);
            }
            // The free port was taken in between: try another one.
            let _ = child.kill();
            let _ = child.wait();
            assert!(attempt < 4, "sshd did not start:\n{log}");
        };
        // Keep draining its log so that it never blocks on a full pipe.
        std::thread::spawn(move || lines.for_each(drop));
        Sshd {
            dir,
            port,
            user,
            child,
        }
    }

    /// A `known_hosts` file that lists this server's key.
    fn known_hosts(&self) -> PathBuf {
        let path = self.dir.path().join("known_hosts");
        if !path.exists() {
            let key = std::fs::read_to_string(self.dir.path().join("host.pub")).unwrap();
            std::fs::write(&path, format!("[127.0.0.1]:{} {key}", self.port)).unwrap();
        }
        path
    }
}

impl Drop for Sshd {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn sftp() -> Dest {
    Dest::Sftp(Sshd::start())
}

#[test]
#[ignore = "needs openssh-server"]
fn sftp_first_publish_equals_the_build() {
    first_publish_equals_the_build(&sftp());
}

#[test]
#[ignore = "needs openssh-server"]
fn sftp_an_edited_biography_sends_only_changed_files() {
    an_edited_biography_sends_only_changed_files(&sftp());
}

#[test]
#[ignore = "needs openssh-server"]
fn sftp_a_removed_page_is_deleted() {
    a_removed_page_is_deleted(&sftp());
}

#[test]
#[ignore = "needs openssh-server"]
fn sftp_an_interrupted_publish_leaves_pages_whole() {
    an_interrupted_publish_leaves_pages_whole(&sftp());
}

#[test]
#[ignore = "needs openssh-server"]
fn sftp_a_dry_run_writes_nothing() {
    a_dry_run_writes_nothing(&sftp());
}

#[test]
#[ignore = "needs openssh-server"]
fn sftp_max_deletes_holds() {
    max_deletes_holds(&sftp());
}

#[test]
#[ignore = "needs openssh-server"]
fn sftp_an_unknown_host_key_is_refused_with_nothing_written() {
    let dest = sftp();
    let Dest::Sftp(sshd) = &dest else {
        unreachable!()
    };
    let p = project();
    let empty = sshd.dir.path().join("empty_known_hosts");
    std::fs::write(&empty, "").unwrap();
    let url = dest.url();
    let identity = sshd.dir.path().join("client");
    let run = p.foro(&[
        "publish",
        "forum",
        "--out",
        "out",
        "--to",
        &url,
        "--identity",
        identity.to_str().unwrap(),
        "--known-hosts",
        empty.to_str().unwrap(),
    ]);
    run.assert_code(1);
    let fingerprint = String::from_utf8(
        Command::new("ssh-keygen")
            .arg("-lf")
            .arg(sshd.dir.path().join("host.pub"))
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    let fingerprint = fingerprint.split_whitespace().nth(1).unwrap();
    assert!(run.stderr.contains("is not known"), "{}", run.stderr);
    assert!(
        run.stderr.contains(fingerprint),
        "prints {fingerprint}:\n{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains(&format!("[127.0.0.1]:{} ssh-ed25519 ", sshd.port)),
        "{}",
        run.stderr
    );
    assert!(!dest.dir().exists(), "nothing written");
    // A changed key is refused too.
    std::fs::write(
        &empty,
        format!(
            "[127.0.0.1]:{} {}",
            sshd.port,
            std::fs::read_to_string(sshd.dir.path().join("client.pub")).unwrap()
        ),
    )
    .unwrap();
    let run = p.foro(&[
        "publish",
        "forum",
        "--out",
        "out",
        "--to",
        &url,
        "--identity",
        identity.to_str().unwrap(),
        "--known-hosts",
        empty.to_str().unwrap(),
    ]);
    run.assert_code(1);
    assert!(run.stderr.contains("has CHANGED"), "{}", run.stderr);
    assert!(!dest.dir().exists(), "nothing written");
}

#[test]
#[ignore = "needs openssh-server"]
fn sftp_a_server_known_by_its_rsa_key_only_is_accepted() {
    // known_hosts lists only the server's RSA key, although the server also
    // has an Ed25519 one: foro asks for the key type it knows, as ssh does.
    let sshd = Sshd::start_with(true);
    let key = std::fs::read_to_string(sshd.dir.path().join("host_rsa.pub")).unwrap();
    std::fs::write(
        sshd.known_hosts(),
        format!("[127.0.0.1]:{} {key}", sshd.port),
    )
    .unwrap();
    let dest = Dest::Sftp(sshd);
    let p = project();
    dest.publish(&p, &[], &[]).assert_code(0);
    assert_equals_build(&p, &dest);
}

#[test]
#[ignore = "needs openssh-server"]
fn sftp_signs_in_with_ssh_agent() {
    let sshd = Sshd::start();
    let sock = sshd.dir.path().join("agent.sock");
    // ssh-agent returns once its socket listens, printing its process id.
    let out = Command::new("ssh-agent")
        .args(["-s", "-a"])
        .arg(&sock)
        .output()
        .expect("starting ssh-agent");
    let out = String::from_utf8(out.stdout).unwrap();
    let pid = out
        .split(['=', ';'])
        .skip_while(|w| !w.ends_with("SSH_AGENT_PID"))
        .nth(1)
        .expect("ssh-agent prints SSH_AGENT_PID")
        .to_string();
    let added = Command::new("ssh-add")
        .arg(sshd.dir.path().join("client"))
        .env("SSH_AUTH_SOCK", &sock)
        .stderr(Stdio::null())
        .status()
        .unwrap()
        .success();
    assert!(added, "ssh-add failed");
    let known = sshd.known_hosts();
    let home = sshd.dir.path().join("home");
    std::fs::create_dir_all(&home).unwrap();
    let dest = Dest::Sftp(sshd);
    let p = project();
    let url = dest.url();
    let run = run_env(
        p.root(),
        &[
            "publish",
            "forum",
            "--out",
            "out",
            "--to",
            &url,
            "--known-hosts",
            known.to_str().unwrap(),
        ],
        &[
            ("SSH_AUTH_SOCK", sock.to_str().unwrap()),
            ("HOME", home.to_str().unwrap()),
        ],
    );
    let _ = Command::new("kill").arg(&pid).status();
    run.assert_code(0);
    assert_equals_build(&p, &dest);
    // Without the agent and with no key, the sign-in is refused (exit 1).
    let run = run_env(
        p.root(),
        &[
            "publish",
            "forum",
            "--out",
            "out",
            "--to",
            &url,
            "--known-hosts",
            known.to_str().unwrap(),
        ],
        &[
            ("SSH_AUTH_SOCK", "/nonexistent"),
            ("HOME", home.to_str().unwrap()),
        ],
    );
    run.assert_code(1);
    assert!(run.stderr.contains("refused the sign-in"), "{}", run.stderr);
}
