//! Render stage: the theme's files — templates, static assets, UI strings.
//!
//! The built-in theme (`themes/default/`) is compiled into the binary. A
//! forum's own `themes/<name>/` overrides it file by file.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use include_dir::{Dir, include_dir};

use crate::diagnostics::Diagnostic;
use crate::safe_path::Kind;

static BUILTIN: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/themes/default");

/// One file of the theme, with where it came from for messages.
#[derive(Debug, Clone)]
pub struct ThemeFile {
    /// Shown in messages: `themes/default/templates/base.html` (built-in) or
    /// the project-relative path of an override.
    pub origin: PathBuf,
    pub bytes: Vec<u8>,
}

impl ThemeFile {
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.bytes).into_owned()
    }
}

#[derive(Debug, Clone, Default)]
pub struct Theme {
    /// `base.html` → file.
    pub templates: BTreeMap<String, ThemeFile>,
    /// `style.css` → file, written under `assets/`.
    pub statics: BTreeMap<String, ThemeFile>,
    /// `en` → `i18n/en.yaml`.
    pub i18n: BTreeMap<String, ThemeFile>,
    /// The folder of the project's theme, if any (watched by `watch`).
    pub folder: Option<PathBuf>,
}

impl Theme {
    /// The built-in theme, overridden by `project/themes/<name>/` if named.
    pub fn load(project: &Path, name: Option<&str>) -> Result<Theme, Vec<Diagnostic>> {
        let mut theme = Theme::default();
        add_builtin(&BUILTIN, &mut theme);
        let Some(name) = name else { return Ok(theme) };
        let rel = Path::new("themes").join(name);
        theme.folder = Some(project.join(&rel));
        let listed = match crate::safe_path::walk(project, &rel) {
            Ok(Some(listed)) => listed,
            Ok(None) => {
                return Err(vec![Diagnostic::error(
                    &rel,
                    None,
                    "cannot read the theme: the folder does not exist",
                )]);
            }
            Err(d) => return Err(vec![d]),
        };
        let mut errors = Vec::new();
        for found in listed {
            let found = match found {
                Ok(f) => f,
                Err(e) => {
                    errors.push(Diagnostic::error(
                        &rel,
                        None,
                        format!("cannot read the theme: {e}"),
                    ));
                    continue;
                }
            };
            let (inner, file_rel) = (&found.inner, found.rel.clone());
            if found.kind == Kind::Symlink {
                errors.push(
                    Diagnostic::error(&file_rel, None, "symbolic links are not read in themes")
                        .hint("copy the file into the theme"),
                );
                continue;
            }
            if found.kind != Kind::File || found.name.starts_with('.') {
                continue;
            }
            match crate::safe_path::read_checked(project, &file_rel) {
                Ok(bytes) => {
                    let slash = inner
                        .iter()
                        .map(|s| s.to_string_lossy())
                        .collect::<Vec<_>>()
                        .join("/");
                    place(
                        &mut theme,
                        &slash,
                        ThemeFile {
                            origin: file_rel,
                            bytes,
                        },
                    );
                }
                Err(refused) => errors.push(refused.diagnostic(&file_rel)),
            }
        }
        for (name, file) in &theme.statics {
            if generated(name) {
                errors.push(
                    Diagnostic::error(
                        &file.origin,
                        None,
                        format!(
                            "`static/{name}` has the name of a file foro writes itself \
                             (assets/{name}); it would replace it"
                        ),
                    )
                    .hint("rename the file and refer to it by its new name"),
                );
            }
        }
        if errors.is_empty() {
            Ok(theme)
        } else {
            Err(errors)
        }
    }
}

/// Whether foro writes `assets/<name>` itself (code highlighting, the
/// search script of each language): no theme file may take the name.
fn generated(name: &str) -> bool {
    name == "highlight.css" || (name.starts_with("search-") && name.ends_with(".js"))
}

fn add_builtin(dir: &Dir<'static>, theme: &mut Theme) {
    for file in dir.files() {
        let path = file.path().to_string_lossy().replace('\\', "/");
        let origin = Path::new("themes/default").join(&path);
        place(
            theme,
            &path,
            ThemeFile {
                origin,
                bytes: file.contents().to_vec(),
            },
        );
    }
    for sub in dir.dirs() {
        add_builtin(sub, theme);
    }
}

fn place(theme: &mut Theme, path: &str, file: ThemeFile) {
    if let Some(name) = path.strip_prefix("templates/") {
        theme.templates.insert(name.to_string(), file);
    } else if let Some(name) = path.strip_prefix("static/") {
        theme.statics.insert(name.to_string(), file);
    } else if let Some(name) = path
        .strip_prefix("i18n/")
        .and_then(|n| n.strip_suffix(".yaml"))
    {
        theme.i18n.insert(name.to_string(), file);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_builtin_theme_is_compiled_in() {
        let t = Theme::load(Path::new("/nonexistent"), None).unwrap();
        assert!(t.templates.contains_key("base.html"));
        assert!(t.statics.contains_key("style.css"));
        assert!(t.i18n.contains_key("en") && t.i18n.contains_key("es"));
    }
}
