//! Publish: what to send and what to delete, from the build's files and
//! what the target holds. Pure: no I/O, every rule tested here.
//!
//! The target keeps a manifest of what foro published ([`MANIFEST`]):
//! SHA-256 and size per file. A file is unchanged when the manifest has the
//! build's digest and size and the target's listing has the size. Files the
//! manifest does not vouch for (no manifest yet, or a file an interrupted
//! publish was replacing) are compared by reading them when their size
//! matches. Only files foro published (those in the manifest) are ever
//! deleted; other files on the target are left alone and reported.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// The manifest's name, at the target's root.
pub const MANIFEST: &str = ".foro-publish.json";

/// The suffix of the temporary name a file is written under before it is
/// renamed into place: `dir/.name.foro-tmp`.
pub const TEMP_SUFFIX: &str = ".foro-tmp";

/// A file's digest and size.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    pub sha256: String,
    pub size: u64,
}

/// Path (`/`-separated, relative to the site or target root) → entry.
pub type Files = BTreeMap<String, Entry>;

/// The manifest file's contents.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    /// Always 1; a later format gets another number.
    pub foro_publish: u32,
    pub files: Files,
}

impl Manifest {
    pub fn new(files: Files) -> Manifest {
        Manifest {
            foro_publish: 1,
            files,
        }
    }

    /// The manifest as written: pretty JSON, sorted, one file per line pair.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut s = serde_json::to_vec_pretty(self).unwrap_or_default();
        s.push(b'\n');
        s
    }

    /// Reads a manifest; `None` when it is not one (then the target is
    /// compared as if it had none).
    pub fn parse(bytes: &[u8]) -> Option<Manifest> {
        serde_json::from_slice::<Manifest>(bytes)
            .ok()
            .filter(|m| m.foro_publish == 1)
    }
}

/// The temporary name of `path`.
pub fn temp_name(path: &str) -> String {
    match path.rsplit_once('/') {
        Some((dir, name)) => format!("{dir}/.{name}{TEMP_SUFFIX}"),
        None => format!(".{path}{TEMP_SUFFIX}"),
    }
}

/// Whether `path` is a temporary file an interrupted publish left.
pub fn is_temp(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    name.starts_with('.') && name.ends_with(TEMP_SUFFIX)
}

/// What the target holds.
#[derive(Debug, Default, Clone)]
pub struct Remote {
    /// Its manifest, if it has a valid one.
    pub manifest: Option<Files>,
    /// Every file on it: path → size.
    pub listing: BTreeMap<String, u64>,
    /// Digests of files read because the manifest did not vouch for them.
    pub read: BTreeMap<String, String>,
}

/// The files whose content must be read to compare them: present with the
/// build's size but not vouched for by the manifest.
pub fn to_read(local: &Files, remote: &Remote) -> Vec<String> {
    let empty = Files::new();
    let manifest = remote.manifest.as_ref().unwrap_or(&empty);
    local
        .iter()
        .filter(|(p, e)| {
            remote.listing.get(*p) == Some(&e.size) && !manifest.contains_key(p.as_str())
        })
        .map(|(p, _)| p.clone())
        .collect()
}

/// Why a file is sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Why {
    New,
    Changed,
}

/// The order files go up in: assets first, then pages, then the sitemap
/// (a large site's parts, `sitemap-N.xml`, before their index
/// `sitemap.xml`; the manifest follows), so that nothing links to a file
/// not there yet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Phase {
    Files,
    Pages,
    Sitemap,
}

pub fn phase(path: &str) -> Phase {
    if path == "sitemap.xml" || (path.starts_with("sitemap-") && path.ends_with(".xml")) {
        Phase::Sitemap
    } else if path.ends_with(".html") {
        Phase::Pages
    } else {
        Phase::Files
    }
}

/// What a publish does.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Plan {
    /// In upload order (by phase, then path).
    pub uploads: Vec<(String, Why)>,
    /// Files foro published that the build no longer has.
    pub deletions: Vec<String>,
    /// Temporary files of an interrupted publish, removed first.
    pub leftovers: Vec<String>,
    /// Files on the target that foro did not publish: left alone.
    pub foreign: Vec<String>,
    pub unchanged: usize,
    /// Files compared by reading them (no manifest entry).
    pub compared_by_reading: usize,
}

impl Plan {
    pub fn is_empty(&self) -> bool {
        self.uploads.is_empty() && self.deletions.is_empty() && self.leftovers.is_empty()
    }
}

/// Compares the build with the target.
pub fn plan(local: &Files, remote: &Remote) -> Plan {
    let empty = Files::new();
    let manifest = remote.manifest.as_ref().unwrap_or(&empty);
    let mut p = Plan::default();
    for (path, e) in local {
        let Some(size) = remote.listing.get(path) else {
            p.uploads.push((path.clone(), Why::New));
            continue;
        };
        let same = if let Some(m) = manifest.get(path) {
            m == e && *size == e.size
        } else {
            p.compared_by_reading += usize::from(remote.read.contains_key(path));
            *size == e.size && remote.read.get(path) == Some(&e.sha256)
        };
        if same {
            p.unchanged += 1;
        } else {
            p.uploads.push((path.clone(), Why::Changed));
        }
    }
    p.uploads
        .sort_by(|(a, _), (b, _)| (phase(a), a).cmp(&(phase(b), b)));
    for path in remote.listing.keys() {
        if local.contains_key(path) || path == MANIFEST {
            continue;
        }
        if is_temp(path) {
            p.leftovers.push(path.clone());
        } else if manifest.contains_key(path) {
            p.deletions.push(path.clone());
        } else {
            p.foreign.push(path.clone());
        }
    }
    p
}

/// The manifest to write before the first upload: the old one without the
/// files about to be replaced, so that a publish interrupted half way never
/// leaves the manifest vouching for a file whose bytes changed.
pub fn manifest_before(old: &Files, plan: &Plan) -> Files {
    let mut m = old.clone();
    for (path, _) in &plan.uploads {
        m.remove(path);
    }
    m
}

/// The manifest to write after the uploads: the build, plus the files still
/// to delete (so an interrupted publish deletes them next time).
pub fn manifest_after_uploads(local: &Files, old: &Files, plan: &Plan) -> Files {
    let mut m = local.clone();
    for path in &plan.deletions {
        if let Some(e) = old.get(path) {
            m.insert(path.clone(), e.clone());
        }
    }
    m
}

/// The folders that may have become empty after `deleted` went: each one's
/// ancestors, deepest first.
pub fn emptied_dirs(deleted: &[String]) -> Vec<String> {
    let mut dirs: Vec<String> = Vec::new();
    for path in deleted {
        let mut p = path.as_str();
        while let Some((dir, _)) = p.rsplit_once('/') {
            dirs.push(dir.to_string());
            p = dir;
        }
    }
    dirs.sort_by(|a, b| {
        b.matches('/')
            .count()
            .cmp(&a.matches('/').count())
            .then(a.cmp(b))
    });
    dirs.dedup();
    dirs
}

/// `2047` → `2,047`.
pub fn thousands(n: usize) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn e(d: &str, size: u64) -> Entry {
        Entry {
            sha256: d.repeat(64 / d.len()),
            size,
        }
    }

    fn files(list: &[(&str, &str, u64)]) -> Files {
        list.iter()
            .map(|(p, d, s)| ((*p).to_string(), e(d, *s)))
            .collect()
    }

    fn listing(f: &Files) -> BTreeMap<String, u64> {
        f.iter().map(|(p, e)| (p.clone(), e.size)).collect()
    }

    #[test]
    fn first_publish_sends_everything_in_order() {
        let local = files(&[
            ("sitemap.xml", "a", 1),
            ("sitemap-2.xml", "f", 6),
            ("en/index.html", "b", 2),
            ("images/logo.png", "c", 3),
            ("sitemap-1.xml", "g", 7),
            ("index.html", "d", 4),
            ("robots.txt", "e", 5),
        ]);
        let p = plan(&local, &Remote::default());
        let order: Vec<&str> = p.uploads.iter().map(|(p, _)| p.as_str()).collect();
        assert_eq!(
            order,
            [
                "images/logo.png",
                "robots.txt",
                "en/index.html",
                "index.html",
                "sitemap-1.xml",
                "sitemap-2.xml",
                "sitemap.xml"
            ]
        );
        assert!(p.uploads.iter().all(|(_, w)| *w == Why::New));
        assert_eq!(p.unchanged, 0);
    }

    #[test]
    fn with_a_manifest_only_changed_files_go_and_only_ours_are_deleted() {
        let old = files(&[
            ("a.html", "1", 1),
            ("b.html", "2", 2),
            ("gone.html", "3", 3),
        ]);
        let local = files(&[("a.html", "1", 1), ("b.html", "9", 2), ("new.css", "4", 4)]);
        let mut list = listing(&old);
        list.insert("theirs.txt".into(), 7);
        list.insert(MANIFEST.into(), 100);
        list.insert("en/.index.html.foro-tmp".into(), 5);
        let remote = Remote {
            manifest: Some(old.clone()),
            listing: list,
            read: BTreeMap::new(),
        };
        assert!(to_read(&local, &remote).is_empty());
        let p = plan(&local, &remote);
        assert_eq!(
            p.uploads,
            [
                ("new.css".to_string(), Why::New),
                ("b.html".to_string(), Why::Changed)
            ]
        );
        assert_eq!(p.deletions, ["gone.html"]);
        assert_eq!(p.foreign, ["theirs.txt"]);
        assert_eq!(p.leftovers, ["en/.index.html.foro-tmp"]);
        assert_eq!(p.unchanged, 1);
        let after = manifest_after_uploads(&local, &old, &p);
        assert!(after.contains_key("gone.html") && after.contains_key("new.css"));
        let before = manifest_before(&old, &p);
        assert!(!before.contains_key("b.html") && before.contains_key("a.html"));
    }

    #[test]
    fn a_file_missing_or_resized_on_the_target_is_sent_again() {
        let local = files(&[("a.html", "1", 1), ("b.html", "2", 2)]);
        let mut list = listing(&local);
        list.remove("a.html");
        list.insert("b.html".into(), 0);
        let p = plan(
            &local,
            &Remote {
                manifest: Some(local.clone()),
                listing: list,
                read: BTreeMap::new(),
            },
        );
        assert_eq!(p.uploads.len(), 2);
    }

    #[test]
    fn without_a_manifest_same_sized_files_are_read_and_nothing_is_deleted() {
        let local = files(&[("a.html", "1", 1), ("b.html", "2", 2), ("c.html", "3", 3)]);
        let mut list = listing(&local);
        list.insert("c.html".into(), 30);
        list.insert("old.html".into(), 4);
        let mut remote = Remote {
            manifest: None,
            listing: list,
            read: BTreeMap::new(),
        };
        assert_eq!(to_read(&local, &remote), ["a.html", "b.html"]);
        remote.read.insert("a.html".into(), e("1", 1).sha256);
        remote.read.insert("b.html".into(), e("7", 2).sha256);
        let p = plan(&local, &remote);
        assert_eq!(
            p.uploads,
            [
                ("b.html".to_string(), Why::Changed),
                ("c.html".to_string(), Why::Changed)
            ]
        );
        assert_eq!(p.unchanged, 1);
        assert_eq!(p.compared_by_reading, 2);
        assert!(p.deletions.is_empty());
        assert_eq!(p.foreign, ["old.html"]);
    }

    #[test]
    fn manifest_round_trips_and_rejects_other_json() {
        let m = Manifest::new(files(&[("a b/ñ.html", "f", 12)]));
        assert_eq!(Manifest::parse(&m.to_bytes()), Some(m));
        assert_eq!(
            Manifest::parse(b"{\"foro_publish\": 2, \"files\": {}}"),
            None
        );
        assert_eq!(Manifest::parse(b"not json"), None);
    }

    #[test]
    fn temp_names_and_helpers() {
        assert_eq!(temp_name("en/index.html"), "en/.index.html.foro-tmp");
        assert_eq!(temp_name("sitemap.xml"), ".sitemap.xml.foro-tmp");
        assert!(is_temp(&temp_name("a/b/c.pdf")));
        assert!(!is_temp("a/b/c.pdf"));
        assert_eq!(
            emptied_dirs(&["en/a/b/index.html".into(), "en/c.html".into()]),
            ["en/a/b", "en/a", "en"]
        );
        assert_eq!(thousands(2047), "2,047");
        assert_eq!(thousands(1_234_567), "1,234,567");
        assert_eq!(thousands(999), "999");
    }
}
