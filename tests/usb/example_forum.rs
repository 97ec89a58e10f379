//! The example forum (`content/`) built into a temporary folder, and what
//! the tests expect of it, read from its files and the theme's i18n files
//! rather than written into the tests.

use std::path::{Path, PathBuf};

use serde_yaml::Value;
use tempfile::TempDir;

use crate::support::{Site, foro};

/// The crate's root, the working folder of every run.
pub fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// A build of `content/` into `<tmp>/out`.
pub struct Built {
    pub tmp: TempDir,
}

impl Built {
    /// `foro build content --out <tmp>/out <extra>`, which must succeed.
    pub fn new(extra: &[&str]) -> Built {
        let tmp = tempfile::tempdir().expect("a temporary folder");
        let out = tmp.path().join("out");
        let out = out.to_str().expect("a UTF-8 temporary path");
        let mut args = vec!["build", "content", "--out", out];
        args.extend_from_slice(extra);
        foro(repo(), &args).assert_code(0);
        Built { tmp }
    }

    pub fn out(&self) -> PathBuf {
        self.tmp.path().join("out")
    }

    /// `out/usb`.
    pub fn usb(&self) -> Site {
        Site {
            root: self.out().join("usb"),
        }
    }
}

fn yaml(path: &Path) -> Value {
    let text =
        std::fs::read_to_string(path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()));
    serde_yaml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The front matter of a Markdown file, or `Null` if it has none.
fn front_matter(path: &Path) -> Value {
    let text =
        std::fs::read_to_string(path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()));
    let Some(rest) = text.strip_prefix("---\n") else {
        return Value::Null;
    };
    let end = rest
        .find("\n---")
        .unwrap_or_else(|| panic!("{}: unclosed front matter", path.display()));
    serde_yaml::from_str(&rest[..end]).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The forum's settings the tests need, from `content/forum.yaml`.
pub struct Forum {
    pub base_url: String,
    /// The first one is the default language.
    pub languages: Vec<String>,
    yaml: Value,
}

impl Forum {
    pub fn load() -> Forum {
        let forum = yaml(&repo().join("content/forum.yaml"));
        let base_url = forum["base_url"]
            .as_str()
            .expect("forum.yaml: base_url")
            .to_string();
        let languages = forum["languages"]
            .as_sequence()
            .expect("forum.yaml: languages")
            .iter()
            .map(|l| l.as_str().expect("a language code").to_string())
            .collect();
        Forum {
            base_url,
            languages,
            yaml: forum,
        }
    }

    /// A localized value (a string, or a map of language → string) in `lang`,
    /// falling back along the forum's languages.
    pub fn localized(&self, v: &Value, lang: &str) -> String {
        if let Some(s) = v.as_str() {
            return s.to_string();
        }
        std::iter::once(lang)
            .chain(self.languages.iter().map(String::as_str))
            .find_map(|l| v[l].as_str())
            .unwrap_or_else(|| panic!("no text in {lang} in {v:?}"))
            .to_string()
    }

    /// The forum's title in `lang`.
    pub fn title(&self, lang: &str) -> String {
        self.localized(&self.yaml["title"], lang)
    }

    /// The web address of the home page in `lang`, where the QR code points.
    pub fn home_url(&self, lang: &str) -> String {
        format!("{}{lang}/", self.base_url)
    }

    /// The file of a document in `lang`: `<slug>.<lang>.md`, or for the
    /// default language also `<slug>.md`; falls back to the default language.
    fn doc_file(dir: &Path, slug: &str, lang: &str) -> PathBuf {
        let translated = dir.join(format!("{slug}.{lang}.md"));
        if translated.is_file() {
            return translated;
        }
        dir.join(format!("{slug}.md"))
    }

    /// The titles of the documents in the handout of `lang`, in order: the
    /// report documents, then the pages marked `handout: true`, each by
    /// weight then slug (as docs/content-format.md says).
    pub fn handout_documents(lang: &str) -> Vec<String> {
        let mut out = Vec::new();
        for (dir, default) in [("report", true), ("pages", false)] {
            let dir = repo().join("content").join(dir);
            let mut docs = Vec::new();
            for entry in
                std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            {
                let name = entry.unwrap().file_name().to_string_lossy().into_owned();
                let Some(stem) = name.strip_suffix(".md") else {
                    continue;
                };
                // `<slug>.md` is the default language's version, which holds the settings.
                if stem.contains('.') {
                    continue;
                }
                let main = front_matter(&dir.join(&name));
                if !main["handout"].as_bool().unwrap_or(default) {
                    continue;
                }
                let weight = main["weight"].as_i64().unwrap_or(0);
                let title = front_matter(&Self::doc_file(&dir, stem, lang))["title"]
                    .as_str()
                    .expect("a document title")
                    .to_string();
                docs.push((weight, stem.to_string(), title));
            }
            docs.sort();
            out.extend(docs.into_iter().map(|(_, _, title)| title));
        }
        out
    }

    /// Every speaker's name, from `content/speakers/<id>.md`.
    pub fn speaker_names() -> Vec<String> {
        let dir = repo().join("content/speakers");
        let mut names: Vec<String> = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .map(|e| e.unwrap().path())
            .filter(|p| {
                p.extension().is_some_and(|x| x == "md")
                    && !p.file_stem().unwrap().to_string_lossy().contains('.')
            })
            .map(|p| {
                front_matter(&p)["name"]
                    .as_str()
                    .expect("a speaker name")
                    .to_string()
            })
            .collect();
        names.sort();
        names
    }
}

/// A string of the theme's translations (`themes/default/i18n/<lang>.yaml`).
pub fn i18n(lang: &str, key: &str) -> String {
    let path = repo().join(format!("themes/default/i18n/{lang}.yaml"));
    yaml(&path)[key]
        .as_str()
        .unwrap_or_else(|| panic!("{}: no `{key}`", path.display()))
        .to_string()
}

/// The speaker's file name and name, for the search tests.
pub fn speaker_name(id: &str) -> String {
    let path = repo().join(format!("content/speakers/{id}.md"));
    front_matter(&path)["name"]
        .as_str()
        .expect("a speaker name")
        .to_string()
}
