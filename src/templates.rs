//! Render stage: the theme's tera templates, compiled once per build.
//!
//! One compiled set per language, so that the template function `t(key)`
//! knows the page's language. Every error names the template, its line and
//! column, the page and the language.

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;
use std::sync::Arc;

use serde::Serialize;
use tera::{Context, Kwargs, State, Tera, TeraResult};

use crate::diagnostics::Diagnostic;
use crate::i18n::I18n;
use crate::model::Lang;
use crate::theme::Theme;
use crate::yaml::Pos;

pub struct Templates {
    by_lang: HashMap<Lang, Tera>,
    /// Template name → where it came from, for messages.
    origins: HashMap<String, PathBuf>,
    /// The theme's static files, written under `assets/`.
    pub statics: BTreeMap<String, Vec<u8>>,
    /// Every context rendered, by template name (the template-context
    /// documentation test reads them).
    #[cfg(test)]
    pub recorded: std::sync::Mutex<BTreeMap<String, Vec<serde_json::Value>>>,
}

impl Templates {
    /// Compiles the theme's templates for every language.
    pub fn new(
        theme: &Theme,
        i18n: &Arc<I18n>,
        languages: &[Lang],
    ) -> Result<Templates, Vec<Diagnostic>> {
        let origins: HashMap<String, PathBuf> = theme
            .templates
            .iter()
            .map(|(n, f)| (n.clone(), f.origin.clone()))
            .collect();
        let mut base = Tera::new();
        base.autoescape_on([".html", ".xml"]);
        // Templates are checked for known functions when added; each
        // language's set replaces this `t` with its own.
        base.register_function("t", |kwargs: Kwargs, _: &State| -> TeraResult<String> {
            kwargs.must_get::<String>("key")
        });
        let sources: Vec<(String, String)> = theme
            .templates
            .iter()
            .map(|(n, f)| (n.clone(), f.text()))
            .collect();
        if let Err(e) =
            base.add_raw_templates(sources.iter().map(|(n, s)| (n.as_str(), s.as_str())))
        {
            return Err(vec![diagnostic(&e, &origins, None)]);
        }
        let mut by_lang = HashMap::new();
        for lang in languages {
            let mut tera = base.clone();
            let strings = Arc::clone(i18n);
            let l = lang.clone();
            tera.register_function("t", move |kwargs: Kwargs, _: &State| -> TeraResult<String> {
                let key: &str = kwargs.must_get("key")?;
                match strings.get(&l, key) {
                    Some(s) => Ok(s.to_string()),
                    None => Err(tera::Error::message(format!("unknown UI string `{key}`: add it to the theme's i18n/<lang>.yaml files"))),
                }
            });
            by_lang.insert(lang.clone(), tera);
        }
        Ok(Templates {
            by_lang,
            origins,
            statics: theme
                .statics
                .iter()
                .map(|(n, f)| (n.clone(), f.bytes.clone()))
                .collect(),
            #[cfg(test)]
            recorded: std::sync::Mutex::default(),
        })
    }

    /// Renders `name` for a page in `lang` with a typed context.
    pub fn render<T: Serialize>(
        &self,
        name: &str,
        lang: &str,
        data: &T,
    ) -> Result<String, Diagnostic> {
        self.render_noted(name, lang, data, None)
    }

    /// Like [`Templates::render`], with the HTML of the note saying that
    /// parts of the page are in another language (`fallback_text_note`).
    pub fn render_noted<T: Serialize>(
        &self,
        name: &str,
        lang: &str,
        data: &T,
        note: Option<&str>,
    ) -> Result<String, Diagnostic> {
        self.render_context(name, lang, &self.context(name, lang, data, note)?)
    }

    /// The context [`Templates::render_noted`] renders `name` with, to
    /// render it several times with a field changed (a long list given a
    /// part at a time).
    pub fn context<T: Serialize>(
        &self,
        name: &str,
        lang: &str,
        data: &T,
        note: Option<&str>,
    ) -> Result<Context, Diagnostic> {
        #[cfg(test)]
        if let (Ok(mut r), Ok(v)) = (self.recorded.lock(), serde_json::to_value(data)) {
            r.entry(name.to_string()).or_default().push(v);
        }
        let mut context = Context::from_serialize(data)
            .map_err(|e| diagnostic(&e, &self.origins, Some((name, lang))))?;
        context.insert("fallback_text_note", &note);
        Ok(context)
    }

    /// Renders `name` for a page in `lang` with a context made by
    /// [`Templates::context`].
    pub fn render_context(
        &self,
        name: &str,
        lang: &str,
        context: &Context,
    ) -> Result<String, Diagnostic> {
        let tera = self
            .by_lang
            .get(lang)
            .or_else(|| self.by_lang.values().next())
            .ok_or_else(|| Diagnostic::error("", None, "no templates were compiled"))?;
        tera.render(name, context)
            .map_err(|e| diagnostic(&e, &self.origins, Some((name, lang))))
    }
}

/// A tera error as a diagnostic at the template's line and column.
fn diagnostic(
    e: &tera::Error,
    origins: &HashMap<String, PathBuf>,
    page: Option<(&str, &str)>,
) -> Diagnostic {
    let during = page
        .map(|(name, lang)| format!(" (rendering {name} in `{lang}`)"))
        .unwrap_or_default();
    match e.kind() {
        tera::ErrorKind::SyntaxError(r) | tera::ErrorKind::RenderingError(r) => {
            let file = origins
                .get(r.filename())
                .cloned()
                .unwrap_or_else(|| PathBuf::from(r.filename()));
            let span = r.span();
            Diagnostic::error(
                file,
                Some(Pos {
                    line: span.start_line,
                    col: span.start_col + 1,
                }),
                format!("template error: {}{during}", r.message()),
            )
            .hint("fix the template; the theme's templates are documented in docs/themes.md")
        }
        _ => {
            let mut message = e.to_string();
            let mut source = std::error::Error::source(e);
            while let Some(s) = source {
                message.push_str(": ");
                message.push_str(&s.to_string());
                source = s.source();
            }
            // An error of no one page (an include loop) names its template.
            let named = message
                .split('\'')
                .skip(1)
                .step_by(2)
                .find_map(|name| origins.get(name).cloned());
            let file = page
                .and_then(|(n, _)| origins.get(n).cloned())
                .or(named)
                .unwrap_or_default();
            Diagnostic::error(file, None, format!("template error: {message}{during}"))
        }
    }
}
