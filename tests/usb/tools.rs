//! Running the outside tools of the browser and print checks: Node with
//! playwright-core, Chromium, poppler's pdftotext and pdftoppm, zbarimg and
//! sha256sum. Each run has a time limit, so a hung browser fails the test
//! instead of hanging CI.

use std::fmt::Write as _;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The flags every Chromium run uses (a fresh `--user-data-dir` is added
/// per run): no sandbox in containers, no GPU, and nothing that talks to
/// the network on its own.
pub const CHROMIUM_FLAGS: &[&str] = &[
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
];

/// `$CHROMIUM`, else Debian's `/usr/bin/chromium`.
pub fn chromium() -> PathBuf {
    std::env::var_os("CHROMIUM").map_or_else(|| PathBuf::from("/usr/bin/chromium"), PathBuf::from)
}

/// What one run of a tool did.
#[derive(Debug)]
pub struct Ran {
    pub what: String,
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

impl Ran {
    pub fn ok(&self) -> bool {
        self.code == Some(0)
    }

    /// Panics with the run's output unless it exited 0.
    pub fn assert_ok(&self) -> &Self {
        assert!(
            self.ok(),
            "{} exited with {:?}\n--- stdout\n{}\n--- stderr\n{}",
            self.what,
            self.code,
            self.stdout,
            self.stderr
        );
        self
    }
}

fn read_all(mut r: impl Read + Send + 'static) -> std::thread::JoinHandle<String> {
    std::thread::spawn(move || {
        let mut buf = Vec::new();
        let _ = r.read_to_end(&mut buf);
        String::from_utf8_lossy(&buf).into_owned()
    })
}

/// Runs `cmd`, killing it after `limit`. Panics with a hint naming the
/// Debian package when the program is not installed.
pub fn run(cmd: &mut Command, limit: Duration, package: &str) -> Ran {
    let what = format!(
        "{} {}",
        cmd.get_program().to_string_lossy(),
        cmd.get_args()
            .map(|a| a.to_string_lossy())
            .collect::<Vec<_>>()
            .join(" ")
    );
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| {
            panic!("cannot run `{what}`: {e}\nhint: install {package} (.ci/run does)")
        });
    let out = read_all(child.stdout.take().expect("piped stdout"));
    let err = read_all(child.stderr.take().expect("piped stderr"));
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("waiting for a child process") {
            break status;
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!(
                "`{what}` took more than {} s; killed\n--- stderr\n{}",
                limit.as_secs(),
                err.join().unwrap_or_default()
            );
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    Ran {
        what,
        code: status.code(),
        stdout: out.join().unwrap_or_default(),
        stderr: err.join().unwrap_or_default(),
    }
}

/// The `file://` URL of an absolute path, percent-encoding what a URL
/// path cannot hold as it is.
pub fn file_url(path: &Path) -> String {
    let path = path.to_str().expect("a UTF-8 temporary path");
    let mut url = String::from("file://");
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"/-._~".contains(&b) {
            url.push(char::from(b));
        } else {
            let _ = write!(url, "%{b:02X}");
        }
    }
    url
}

/// `tests/browser`, where the Node scripts and their `node_modules` live.
pub fn browser_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser")
}

/// Runs `node tests/browser/<script> <args>` from the crate's root.
pub fn node(script: &str, args: &[&str]) -> Ran {
    let dir = browser_dir();
    assert!(
        dir.join("node_modules/playwright-core").is_dir(),
        "tests/browser/node_modules is missing\nhint: npm ci --prefix tests/browser (.ci/run does)"
    );
    let mut cmd = Command::new("node");
    cmd.arg(dir.join(script))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"));
    run(&mut cmd, Duration::from_secs(300), "Node.js 20 or later")
}

/// Prints `page` (a `file://` URL) to `pdf` with Chromium, without the
/// browser's own header and footer (the handout's CSS sets page numbers).
pub fn print_to_pdf(url: &str, pdf: &Path) {
    let profile = tempfile::tempdir().expect("a profile folder");
    let mut cmd = Command::new(chromium());
    cmd.args(CHROMIUM_FLAGS)
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg("--no-pdf-header-footer")
        .arg(format!("--print-to-pdf={}", pdf.display()))
        .arg(url);
    let ran = run(&mut cmd, Duration::from_secs(120), "chromium");
    ran.assert_ok();
    assert!(
        std::fs::metadata(pdf).is_ok_and(|m| m.len() > 0),
        "Chromium wrote no PDF for {url}\n--- stderr\n{}",
        ran.stderr
    );
}
