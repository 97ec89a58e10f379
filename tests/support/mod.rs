//! The builder helper: fixture → temporary copy → `foro build` → the files
//! of `out/site`, read as text or parsed with `scraper`.
//!
//! Every test gets its own temporary folder laid out as
//!
//! ```text
//! <tmp>/forum/      the copy of the fixture (the forum project)
//! <tmp>/out/site/   what `foro build forum --out out` writes
//! ```
//!
//! and runs `foro` with `<tmp>` as its working folder, so diagnostics read
//! `error: forum/agenda.yaml:9:25: ...` whatever the temporary path is.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;

use scraper::{ElementRef, Html, Selector};
use tempfile::TempDir;

/// The folder name of the forum project inside a test's temporary folder.
pub const PROJECT: &str = "forum";

/// `tests/fixtures/<rel>`.
pub fn fixture(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(rel)
}

/// Copies `from` into `to` recursively (files and folders only).
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap_or_else(|e| panic!("creating {}: {e}", to.display()));
    let entries =
        std::fs::read_dir(from).unwrap_or_else(|e| panic!("reading {}: {e}", from.display()));
    for entry in entries {
        let entry = entry.unwrap();
        let dest = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &dest);
        } else {
            std::fs::copy(entry.path(), &dest)
                .unwrap_or_else(|e| panic!("copying {}: {e}", entry.path().display()));
        }
    }
}

/// Every file under `root`, as sorted `/`-separated relative paths.
pub fn list_files(root: &Path) -> Vec<String> {
    fn walk(dir: &Path, prefix: &str, out: &mut Vec<String>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for entry in entries {
            let entry = entry.unwrap();
            let name = entry.file_name().to_string_lossy().into_owned();
            let rel = if prefix.is_empty() {
                name
            } else {
                format!("{prefix}/{name}")
            };
            if entry.file_type().unwrap().is_dir() {
                walk(&entry.path(), &rel, out);
            } else {
                out.push(rel);
            }
        }
    }
    let mut out = Vec::new();
    walk(root, "", &mut out);
    out.sort();
    out
}

/// What one run of `foro` did.
#[derive(Debug)]
pub struct Run {
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// Panics with the run's output unless it exited with `code`.
    pub fn assert_code(&self, code: i32) -> &Self {
        assert_eq!(
            self.code,
            Some(code),
            "expected exit code {code}\n--- stdout\n{}--- stderr\n{}",
            self.stdout,
            self.stderr
        );
        self
    }

    /// The `error: FILE...: message` lines, without the closing summary
    /// (`error: 2 errors found; nothing was written`).
    pub fn error_lines(&self) -> Vec<&str> {
        self.stderr
            .lines()
            .filter(|l| l.starts_with("error: ") && !l.ends_with("nothing was written"))
            .collect()
    }

    pub fn warning_lines(&self) -> Vec<&str> {
        self.stderr
            .lines()
            .filter(|l| l.starts_with("warning: "))
            .collect()
    }
}

/// Runs the `foro` binary in `cwd`.
pub fn foro(cwd: &Path, args: &[&str]) -> Run {
    foro_with_env(cwd, args, &[])
}

/// Runs the `foro` binary in `cwd` with extra environment variables.
pub fn foro_with_env(cwd: &Path, args: &[&str], env: &[(&str, &Path)]) -> Run {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_foro"));
    cmd.args(args).current_dir(cwd).env_remove("NO_COLOR");
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().expect("running the foro binary");
    Run {
        code: out.status.code(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// A forum project copied from a fixture into a fresh temporary folder.
pub struct Project {
    tmp: TempDir,
}

impl Project {
    /// Copies `tests/fixtures/<rel>` to `<tmp>/forum`.
    pub fn from_fixture(rel: &str) -> Project {
        let tmp = tempfile::tempdir().expect("creating a temporary folder");
        let src = fixture(rel);
        assert!(src.is_dir(), "no fixture {}", src.display());
        copy_dir(&src, &tmp.path().join(PROJECT));
        Project { tmp }
    }

    /// The temporary folder (the working folder of every run).
    pub fn root(&self) -> &Path {
        self.tmp.path()
    }

    /// The forum project folder.
    pub fn dir(&self) -> PathBuf {
        self.root().join(PROJECT)
    }

    /// Writes a file of the project, creating its folders.
    pub fn write(&self, rel: &str, contents: impl AsRef<[u8]>) {
        let path = self.dir().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, contents).unwrap();
    }

    /// Runs `foro` with `args` in the temporary folder.
    pub fn foro(&self, args: &[&str]) -> Run {
        foro(self.root(), args)
    }

    /// `foro build forum --out <out> --target web`: the web site only,
    /// which is what most tests read (the USB bundle doubles the time).
    pub fn build_into(&self, out: &str) -> Run {
        self.foro(&["build", PROJECT, "--out", out, "--target", "web"])
    }

    /// `foro build forum --out out --target web`.
    pub fn build(&self) -> Run {
        self.build_into("out")
    }

    /// `out/site` (whether or not it was built).
    pub fn site(&self) -> Site {
        self.site_in("out")
    }

    /// `<out>/site`.
    pub fn site_in(&self, out: &str) -> Site {
        Site {
            root: self.root().join(out).join("site"),
        }
    }
}

/// Copies a fixture, builds it, and panics unless the build succeeded.
pub fn built(rel: &str) -> (Project, Site) {
    let project = Project::from_fixture(rel);
    project.build().assert_code(0);
    let site = project.site();
    (project, site)
}

/// The web site written by a build.
pub struct Site {
    pub root: PathBuf,
}

impl Site {
    pub fn path(&self, rel: &str) -> PathBuf {
        self.root.join(rel)
    }

    pub fn exists(&self, rel: &str) -> bool {
        self.path(rel).is_file()
    }

    pub fn bytes(&self, rel: &str) -> Vec<u8> {
        std::fs::read(self.path(rel)).unwrap_or_else(|e| panic!("reading site/{rel}: {e}"))
    }

    pub fn read(&self, rel: &str) -> String {
        String::from_utf8(self.bytes(rel)).unwrap_or_else(|e| panic!("site/{rel}: {e}"))
    }

    /// The HTML page written at `rel` (`en/agenda/index.html`).
    pub fn page(&self, rel: &str) -> Page {
        Page {
            path: rel.to_string(),
            html: Html::parse_document(&self.read(rel)),
        }
    }

    /// Every file of the site.
    pub fn files(&self) -> Vec<String> {
        list_files(&self.root)
    }

    /// Every `.html` file of the site.
    pub fn html_files(&self) -> Vec<String> {
        self.files()
            .into_iter()
            .filter(|f| f.ends_with(".html"))
            .collect()
    }

    /// Every HTML page of one language (`en/...`), without the redirects
    /// of the presentations' short links (`en/p/<id>/`).
    pub fn lang_pages(&self, lang: &str) -> Vec<String> {
        let prefix = format!("{lang}/");
        self.html_files()
            .into_iter()
            .filter(|f| f.starts_with(&prefix))
            .filter(|f| !foro::render::short_links::is_short_link(f))
            .collect()
    }
}

/// One parsed HTML page of the site.
pub struct Page {
    /// Relative to the site root.
    pub path: String,
    pub html: Html,
}

/// Parses a CSS selector, panicking on a typo in a test.
pub fn sel(css: &str) -> Selector {
    Selector::parse(css).unwrap_or_else(|e| panic!("bad selector {css:?}: {e:?}"))
}

/// The text of an element, with white space collapsed.
pub fn text_of(el: ElementRef) -> String {
    el.text()
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

impl Page {
    pub fn select(&self, css: &str) -> Vec<ElementRef<'_>> {
        self.html.select(&sel(css)).collect()
    }

    /// The one element matching `css`; panics if there are none or several.
    pub fn one(&self, css: &str) -> ElementRef<'_> {
        let found = self.select(css);
        assert_eq!(
            found.len(),
            1,
            "{}: expected exactly one `{css}`, found {}",
            self.path,
            found.len()
        );
        found[0]
    }

    /// The texts of every element matching `css`.
    pub fn texts(&self, css: &str) -> Vec<String> {
        self.select(css).into_iter().map(text_of).collect()
    }

    /// The text of the one element matching `css`.
    pub fn text(&self, css: &str) -> String {
        text_of(self.one(css))
    }

    /// The value of `attr` on every element matching `css` that has it.
    pub fn attrs(&self, css: &str, attr: &str) -> Vec<String> {
        self.select(css)
            .into_iter()
            .filter_map(|e| e.value().attr(attr).map(str::to_string))
            .collect()
    }

    /// The value of `attr` on the one element matching `css`.
    pub fn attr(&self, css: &str, attr: &str) -> String {
        self.one(css)
            .value()
            .attr(attr)
            .unwrap_or_else(|| panic!("{}: `{css}` has no `{attr}`", self.path))
            .to_string()
    }

    /// The `href` of the link whose text is `label`, resolved to a site path
    /// (`en/speakers/ana/index.html#bio`).
    pub fn link_target(&self, css: &str, label: &str) -> String {
        let links: Vec<_> = self
            .select(css)
            .into_iter()
            .filter(|a| text_of(*a) == label)
            .collect();
        assert_eq!(
            links.len(),
            1,
            "{}: expected one `{css}` link labelled {label:?}, found {}",
            self.path,
            links.len()
        );
        let href = links[0].value().attr("href").unwrap();
        let (path, fragment) = href.split_once('#').unwrap_or((href, ""));
        let target = resolve(&self.path, path)
            .unwrap_or_else(|| panic!("{}: {href} does not resolve", self.path));
        if fragment.is_empty() {
            target
        } else {
            format!("{target}#{fragment}")
        }
    }

    /// Every id on the page, with how often it occurs.
    pub fn ids(&self) -> BTreeMap<String, usize> {
        let mut ids = BTreeMap::new();
        for el in self.select("[id]") {
            *ids.entry(el.value().attr("id").unwrap().to_string())
                .or_insert(0) += 1;
        }
        ids
    }

    /// The ids and `<a name>` anchors a fragment can point at.
    pub fn anchors(&self) -> BTreeSet<String> {
        let mut out: BTreeSet<String> = self.ids().into_keys().collect();
        out.extend(self.attrs("a[name]", "name"));
        out
    }
}

/// Decodes `%XX` escapes (as UTF-8); other characters are kept.
pub fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            if let Some(b) = s
                .get(i + 1..i + 3)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
            {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|e| panic!("{s:?} decodes to invalid UTF-8: {e}"))
}

/// Resolves a relative link (without its fragment) on the page at `from`
/// to a file path relative to the site root: percent-decoded, `..` applied,
/// a link ending in `/` meaning its `index.html`. `None` if it climbs out of
/// the site.
pub fn resolve(from: &str, href: &str) -> Option<String> {
    let mut parts: Vec<String> = from.split('/').map(str::to_string).collect();
    parts.pop(); // the page's own file name
    if href.is_empty() {
        return Some(from.to_string());
    }
    let decoded = percent_decode(href);
    let segments: Vec<&str> = decoded.split('/').collect();
    for seg in &segments {
        match *seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s.to_string()),
        }
    }
    let mut path = parts.join("/");
    // `../agenda/`, `./`, `..`: a folder, served as its index.html.
    if matches!(segments.last(), Some(&("" | "." | ".."))) {
        if !path.is_empty() {
            path.push('/');
        }
        path.push_str("index.html");
    }
    Some(path)
}

/// Whether `url` starts with a scheme (`https:`, `mailto:`, `data:`).
pub fn has_scheme(url: &str) -> bool {
    url.split_once(':').is_some_and(|(scheme, _)| {
        !scheme.is_empty()
            && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
    })
}

/// A link found on a page of the site.
#[derive(Debug, Clone)]
pub struct Link {
    /// The page it is on.
    pub from: String,
    /// The element and attribute it came from, for messages.
    pub what: String,
    pub href: String,
    /// The site file it points to, when it is internal.
    pub target: Option<String>,
    /// The decoded fragment, if any.
    pub fragment: Option<String>,
}

/// Every internal link (`href`, `src`, and absolute URLs under `base_url`)
/// on every HTML page of the site. External links are left out.
pub fn internal_links(site: &Site, base_url: &str) -> Vec<Link> {
    let base_path = base_url
        .split_once("://")
        .and_then(|(_, rest)| rest.find('/').map(|i| rest[i..].to_string()))
        .unwrap_or_else(|| "/".into());
    let mut out = Vec::new();
    for from in site.html_files() {
        let page = site.page(&from);
        // (selector, attribute, whether an absolute URL under base_url
        // names a page of the site rather than something else on the host)
        let found = [
            ("a", "href", false),
            ("link", "href", true),
            ("img", "src", false),
            ("script", "src", false),
            ("source", "src", false),
            ("meta[property='og:url']", "content", true),
            ("meta[property='og:image']", "content", true),
        ];
        for (css, attr, absolute_is_ours) in found {
            for url in page.attrs(css, attr) {
                let (path, fragment) = match url.split_once('#') {
                    Some((p, f)) => (p.to_string(), Some(percent_decode(f))),
                    None => (url.clone(), None),
                };
                let target =
                    if let Some(rest) = path.strip_prefix(base_url).filter(|_| absolute_is_ours) {
                        resolve("index.html", rest)
                    } else if has_scheme(&path) {
                        continue;
                    } else if let Some(rest) = path.strip_prefix(&base_path) {
                        resolve("index.html", rest)
                    } else if path.starts_with('/') {
                        None
                    } else {
                        resolve(&from, &path)
                    };
                out.push(Link {
                    from: from.clone(),
                    what: format!("<{css} {attr}>"),
                    href: url,
                    target,
                    fragment,
                });
            }
        }
    }
    out
}

/// The kitchen-sink forum (`tests/fixtures/build/kitchen-sink`), built once
/// per test run and shared by the tests that only read it. Its temporary
/// folder lives under Cargo's `target/tmp` and is left there (statics are
/// never dropped); `cargo clean` removes it.
pub fn kitchen_sink() -> &'static Site {
    static BUILT: std::sync::LazyLock<(TempDir, Site)> = std::sync::LazyLock::new(|| {
        let tmp = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR"))
            .expect("creating a temporary folder in target/tmp");
        copy_dir(&fixture("build/kitchen-sink"), &tmp.path().join(PROJECT));
        foro(
            tmp.path(),
            &["build", PROJECT, "--out", "out", "--target", "web"],
        )
        .assert_code(0);
        let site = Site {
            root: tmp.path().join("out/site"),
        };
        (tmp, site)
    });
    &BUILT.1
}

/// A running `foro watch` on a free port of 127.0.0.1, stopped when dropped.
pub struct Watch {
    pub child: std::process::Child,
    /// `127.0.0.1:PORT`.
    pub addr: String,
}

impl Drop for Watch {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts `foro watch PROJECT --port 0` and waits for its address. The
/// binary is the test build's, or `FORO_BIN` (to measure the release one
/// under the same load).
/// A raw `GET path` (path from the root, with its `/`) to a preview at
/// `addr`: (status, head, body).
pub fn raw_get(addr: &str, path: &str, timeout: std::time::Duration) -> (u16, String, Vec<u8>) {
    use std::io::{Read as _, Write as _};
    let mut s = std::net::TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(timeout)).unwrap();
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).unwrap();
    let end = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or(raw.len());
    let head = String::from_utf8_lossy(&raw[..end]).to_string();
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    (
        status,
        head,
        raw.get(end + 4..).unwrap_or_default().to_vec(),
    )
}

pub fn watch(project: &Path) -> Watch {
    watch_with(project, &[])
}

/// [`watch`] with more arguments (`--pdf`).
pub fn watch_with(project: &Path, args: &[&str]) -> Watch {
    use std::io::BufRead as _;
    let bin = std::env::var_os("FORO_BIN").unwrap_or_else(|| env!("CARGO_BIN_EXE_foro").into());
    let mut child = Command::new(bin)
        .arg("watch")
        .arg(project)
        .args(["--port", "0"])
        .args(args)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let mut lines = std::io::BufReader::new(stdout).lines();
    let addr = loop {
        let line = lines
            .next()
            .expect("foro watch printed no address")
            .unwrap();
        if let Some(rest) = line.strip_prefix("serving http://") {
            break rest.split('/').next().unwrap().to_string();
        }
    };
    // Keep reading so the child never blocks on a full pipe.
    std::thread::spawn(move || for _ in lines {});
    Watch { child, addr }
}
