//! The pipeline, left to right: load → prepare → render → write.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::content::{self, Sources};
use crate::diagnostics::Diagnostics;
use crate::highlight::Highlighter;
use crate::i18n::{self, Fallback, I18n};
use crate::model::Forum;
use crate::output;
use crate::render::site::Site;
use crate::render::usb::Usb;
use crate::render::{Context, OutFile, Output, Prepared};
use crate::templates::Templates;
use crate::theme::Theme;
use crate::urls::LinkStyle;

/// Which products `build` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Products {
    Web,
    Usb,
    All,
}

#[derive(Debug, Clone)]
pub struct BuildOptions {
    pub project: PathBuf,
    pub out: PathBuf,
    pub products: Products,
    /// Also write `out/forum-usb.zip` of the USB bundle.
    pub zip: bool,
}

/// What a successful build did.
#[derive(Debug)]
pub struct BuildReport {
    /// Pages per language.
    pub pages: BTreeMap<String, usize>,
    pub files_copied: usize,
    pub written: Vec<PathBuf>,
    pub elapsed: Duration,
    pub warnings: Diagnostics,
    pub fallbacks: Vec<Fallback>,
    pub sources: Sources,
}

#[derive(Debug)]
pub enum BuildError {
    /// Problems in the forum's files (exit 1).
    Content {
        diagnostics: Diagnostics,
        sources: Sources,
    },
    /// A command line that cannot be carried out (exit 2).
    Usage(String),
    /// Reading or writing failed (exit 3).
    Io(String),
}

/// Everything rendered, not yet written.
pub struct Rendered {
    pub products: Vec<(&'static str, Vec<OutFile>)>,
    pub forum: Forum,
    pub warnings: Diagnostics,
    pub sources: Sources,
}

/// Loads, checks and renders the project without writing anything.
pub fn render(project: &Path, products: Products) -> Result<Rendered, BuildError> {
    let loaded = content::load(project);
    let mut diags = loaded.diagnostics;
    let sources = loaded.sources;
    let fail = |diagnostics: Diagnostics, sources: Sources| BuildError::Content {
        diagnostics: diagnostics.sorted(),
        sources,
    };
    let Some(forum) = loaded.forum else {
        return Err(fail(diags, sources));
    };
    let theme = match Theme::load(project, forum.config.theme.as_deref()) {
        Ok(t) => t,
        Err(errors) => {
            diags.extend(errors);
            return Err(fail(diags, sources));
        }
    };
    let (i18n, i18n_diags) = I18n::load(&theme, &forum.config.languages);
    diags.extend(i18n_diags);
    let i18n = Arc::new(i18n);
    let templates = match Templates::new(&theme, &i18n, &forum.config.languages) {
        Ok(t) => Some(t),
        Err(errors) => {
            diags.extend(errors);
            None
        }
    };
    let highlighter = Highlighter::default();
    let (prepared, md_diags) = Prepared::build(&forum, &highlighter);
    diags.extend(md_diags);
    let (Some(templates), false) = (templates, diags.has_errors()) else {
        return Err(fail(diags, sources));
    };
    let ctx = Context {
        forum: &forum,
        project,
        i18n: &i18n,
        templates: &templates,
        prepared: &prepared,
    };
    let mut outputs: Vec<Box<dyn Output>> = Vec::new();
    if products != Products::Usb {
        outputs.push(Box::new(Site {
            style: LinkStyle::Folder,
        }));
    }
    if products != Products::Web {
        outputs.push(Box::new(Usb));
    }
    let mut products_out = Vec::new();
    for o in &outputs {
        match o.render(&ctx) {
            Ok(files) => products_out.push((o.folder(), files)),
            Err(errors) => errors.into_iter().for_each(|e| diags.push(e)),
        }
    }
    if diags.has_errors() {
        return Err(fail(diags, sources));
    }
    Ok(Rendered {
        products: products_out,
        forum,
        warnings: diags.sorted(),
        sources,
    })
}

/// The name of the USB bundle's zip file in the output folder.
pub const ZIP: &str = "forum-usb.zip";

/// Builds the products into `out`; on any error nothing in `out` changes.
pub fn build(opts: &BuildOptions) -> Result<BuildReport, BuildError> {
    let started = Instant::now();
    output::check_out_dir(&opts.project, &opts.out).map_err(BuildError::Usage)?;
    if opts.zip && opts.products == Products::Web {
        return Err(BuildError::Usage(
            "--zip packs the USB bundle; use it with --target usb or all".into(),
        ));
    }
    let rendered = render(&opts.project, opts.products)?;
    let mut staged = Vec::new();
    let mut written = Vec::new();
    for (folder, files) in &rendered.products {
        let s = output::stage(&opts.out, folder, files).map_err(|e| {
            BuildError::Io(format!("writing {}: {e}", opts.out.join(folder).display()))
        })?;
        staged.push(s);
        written.push(opts.out.join(folder));
    }
    output::commit(staged).map_err(|e| {
        BuildError::Io(format!(
            "replacing the previous output in {}: {e}",
            opts.out.display()
        ))
    })?;
    if opts.zip {
        let usb = rendered.products.iter().find(|(folder, _)| *folder == "usb");
        if let Some((_, files)) = usb {
            let path = opts.out.join(ZIP);
            output::write_zip(&path, files)
                .map_err(|e| BuildError::Io(format!("writing {}: {e}", path.display())))?;
            written.push(path);
        }
    }
    let site = rendered
        .products
        .first()
        .map(|(_, f)| f.as_slice())
        .unwrap_or_default();
    let mut pages = BTreeMap::new();
    for lang in &rendered.forum.config.languages {
        let prefix = format!("{lang}/");
        let n = site
            .iter()
            .filter(|f| f.path.starts_with(&prefix) && f.path.ends_with(".html"))
            .count();
        pages.insert(lang.clone(), n);
    }
    let files_copied = site
        .iter()
        .filter(|f| matches!(f.content, crate::render::Content::Copy(_)))
        .count();
    Ok(BuildReport {
        pages,
        files_copied,
        written,
        elapsed: started.elapsed(),
        fallbacks: i18n::fallbacks(&rendered.forum),
        warnings: rendered.warnings,
        sources: rendered.sources,
    })
}
