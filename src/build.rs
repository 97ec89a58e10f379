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
use crate::output::{Content, OutFile, Stager};
use crate::render::site::Site;
use crate::render::usb::Usb;
use crate::render::{Context, MdCache, Output, Prepared};
use crate::templates::Templates;
use crate::theme::Theme;

mod stages;
use stages::Stages;

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
    /// Show a progress bar while writing large outputs (on a terminal).
    pub progress: bool,
    /// The handout and report PDFs (`--no-pdf`, `--paper`).
    pub pdf: crate::render::pdf::PdfOptions,
}

/// Outputs smaller than this are written without a progress bar.
const PROGRESS_FROM: u64 = 50 * 1024 * 1024;

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
    /// The participation report's figures, when the forum has participation.yaml.
    pub participation: Option<crate::render::participation::Figures>,
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

/// Everything rendered, not yet swapped in: each product's files (the pages
/// of a streamed build only as records of what is in its staging folder).
pub struct Rendered {
    pub products: Vec<(&'static str, Vec<OutFile>)>,
    /// The staging folders the pages were streamed into ([`render_into`]),
    /// in the order of `products`; empty when everything is in memory.
    stagers: Vec<Stager>,
    pub forum: Forum,
    pub warnings: Diagnostics,
    pub sources: Sources,
}

/// What `watch` keeps between rebuilds: parsed speaker files and rendered
/// Markdown, re-used where their sources did not change.
#[derive(Default)]
pub struct Caches {
    pub load: content::LoadCache,
    pub markdown: MdCache,
}

/// A loaded, checked forum with its theme and rendered Markdown: all that
/// the outputs need, owned, so that `watch` can keep the last good one.
pub struct Snapshot {
    pub project: PathBuf,
    pub forum: Forum,
    pub i18n: Arc<I18n>,
    pub templates: Templates,
    pub prepared: Prepared,
    pub warnings: Diagnostics,
    pub sources: Sources,
}

impl Snapshot {
    /// The render context over this snapshot.
    pub fn context(&self) -> Context<'_> {
        Context {
            forum: &self.forum,
            project: &self.project,
            i18n: &self.i18n,
            templates: &self.templates,
            prepared: &self.prepared,
        }
    }
}

/// Loads and checks the project and renders its Markdown, re-using `cache`
/// (kept by `watch` between rebuilds) for texts that did not change.
pub fn prepare(project: &Path, cache: Option<&mut Caches>) -> Result<Snapshot, BuildError> {
    let (load_cache, md_cache) = match cache {
        Some(c) => (Some(&c.load), Some(&mut c.markdown)),
        None => (None, None),
    };
    let mut clock = Stages::start();
    let loaded = content::load_cached(project, load_cache);
    clock.lap("load");
    let mut diags = loaded.diagnostics;
    let sources = loaded.sources;
    let fail = |diagnostics: Diagnostics, sources: Sources| BuildError::Content {
        diagnostics: diagnostics.sorted(),
        sources,
    };
    let Some(forum) = loaded.forum else {
        return Err(fail(diags, sources));
    };
    if diags.has_errors() {
        // Report the Markdown's errors (broken links) in the same run.
        diags.extend(Prepared::check_partial(&forum, project));
        return Err(fail(diags, sources));
    }
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
    clock.lap("theme");
    let (prepared, md_diags) = Prepared::build_cached(&forum, highlighter, md_cache, &i18n);
    clock.lap("markdown");
    diags.extend(md_diags);
    let (Some(templates), false) = (templates, diags.has_errors()) else {
        return Err(fail(diags, sources));
    };
    Ok(Snapshot {
        project: project.to_path_buf(),
        forum,
        i18n,
        templates,
        prepared,
        warnings: diags,
        sources,
    })
}

/// Loads, checks and renders the project without writing anything (and
/// without the PDFs).
pub fn render(project: &Path, products: Products) -> Result<Rendered, BuildError> {
    let no_pdf = crate::render::pdf::PdfOptions {
        enabled: false,
        paper: None,
    };
    render_with(project, products, no_pdf)
}

/// Like [`render`], with the PDFs `pdf` asks for in both products.
pub fn render_with(
    project: &Path,
    products: Products,
    pdf: crate::render::pdf::PdfOptions,
) -> Result<Rendered, BuildError> {
    render_into(project, products, pdf, None)
}

/// Like [`render_with`]; with `out`, each product's pages are written to
/// its staging folder beside `out/<folder>` as they are rendered, so no
/// page is held in memory ([`write`] then completes and swaps them in). On
/// an error every staging folder is removed and `out` is as it was.
pub fn render_into(
    project: &Path,
    products: Products,
    pdf: crate::render::pdf::PdfOptions,
    out: Option<&Path>,
) -> Result<Rendered, BuildError> {
    let mut clock = Stages::start();
    let mut snap = prepare(project, None)?;
    clock.lap("prepare");
    let mut diags = snap.warnings.clone();
    let pdfs = if pdf.enabled {
        let (fonts, font_diags) = content::project_fonts(project);
        diags.extend(font_diags);
        let (pdfs, pdf_diags) = crate::render::pdf::render(&snap.context(), pdf, &fonts);
        diags.extend(pdf_diags);
        snap.prepared.pdf_links = pdfs.links();
        clock.lap("pdf");
        pdfs
    } else {
        crate::render::pdf::Pdfs::default()
    };
    let ctx = snap.context();
    let mut outputs: Vec<Box<dyn Output>> = Vec::new();
    if products != Products::Usb {
        outputs.push(Box::new(Site::web()));
    }
    if products != Products::Web {
        outputs.push(Box::new(Usb));
    }
    let mut products_out = Vec::new();
    let mut stagers = Vec::new();
    // A failed build leaves no trace: not even an `out` folder it made.
    let made_out = out.filter(|o| std::fs::symlink_metadata(o).is_err());
    let discard = |stagers: Vec<Stager>| {
        stagers.into_iter().for_each(Stager::discard);
        if let Some(o) = made_out {
            let _ = std::fs::remove_dir(o);
        }
    };
    for o in &outputs {
        let Some(out) = out else { break };
        let hash = o.steps().contains(&crate::steps::Step::Manifest);
        match Stager::new(out, o.folder(), hash) {
            Ok(s) => stagers.push(s),
            Err(e) => {
                discard(stagers);
                return Err(BuildError::Io(format!(
                    "writing {}: {e}",
                    out.join(o.folder()).display()
                )));
            }
        }
    }
    // The outputs at once: a page is rendered once for all of them.
    let all: Vec<&dyn crate::render::Output> = outputs.iter().map(AsRef::as_ref).collect();
    let places: Vec<Option<&Stager>> = match out {
        Some(_) => stagers.iter().map(Some).collect(),
        None => vec![None; outputs.len()],
    };
    let rendered = crate::render::together::render_all(&ctx, &all, &places);
    for (o, files) in outputs.iter().zip(rendered) {
        match files
            .map(|mut files| {
                files.extend(pdfs.out_files());
                files
            })
            .and_then(|files| crate::steps::finish(o.steps(), files))
        {
            Ok(files) => products_out.push((o.folder(), files)),
            Err(errors) => diags.extend(errors),
        }
    }
    clock.lap("render");
    if diags.has_errors() {
        discard(stagers);
        return Err(BuildError::Content {
            diagnostics: diags.sorted(),
            sources: snap.sources,
        });
    }
    Ok(Rendered {
        products: products_out,
        stagers,
        forum: snap.forum,
        warnings: diags.sorted(),
        sources: snap.sources,
    })
}

/// The name of the USB bundle's zip file in the output folder.
pub const ZIP: &str = "forum-usb.zip";

/// Builds the products into `out`; on any error nothing in `out` changes.
pub fn build(opts: &BuildOptions) -> Result<BuildReport, BuildError> {
    let started = Instant::now();
    check_options(opts)?;
    let rendered = render_into(&opts.project, opts.products, opts.pdf, Some(&opts.out))?;
    let mut clock = Stages::start();
    let report = write(opts, rendered, started);
    clock.lap("write");
    report
}

/// What can be refused before anything is read or written: the output
/// folder and the options.
pub fn check_options(opts: &BuildOptions) -> Result<(), BuildError> {
    output::check_out_dir(&opts.project, &opts.out).map_err(BuildError::Usage)?;
    if opts.zip && opts.products == Products::Web {
        return Err(BuildError::Usage(
            "--zip packs the USB bundle; use it with --target usb or all".into(),
        ));
    }
    let mut places = match opts.products {
        Products::Web => vec!["site"],
        Products::Usb => vec!["usb"],
        Products::All => vec!["site", "usb"],
    };
    if opts.zip {
        places.push(ZIP);
    }
    for place in places {
        output::check_place(&opts.out, place, place != ZIP).map_err(BuildError::Usage)?;
    }
    Ok(())
}

/// Writes what [`render`] made into `out`: every product (the zip
/// included) to staging first, then swapped in; on any error nothing in
/// `out` changes and no staging is left behind.
pub fn write(
    opts: &BuildOptions,
    mut rendered: Rendered,
    started: Instant,
) -> Result<BuildReport, BuildError> {
    let mut staged = Vec::new();
    let stagers = std::mem::take(&mut rendered.stagers);
    match stage_all(opts, &rendered, stagers, &mut staged) {
        Ok(written) => {
            output::commit(staged).map_err(|e| {
                BuildError::Io(format!(
                    "replacing the previous output in {}: {e}",
                    opts.out.display()
                ))
            })?;
            Ok(report(rendered, written, started))
        }
        Err(e) => {
            output::discard(staged);
            Err(e)
        }
    }
}

/// Stages every product; the paths they will have once swapped in.
fn stage_all(
    opts: &BuildOptions,
    rendered: &Rendered,
    stagers: Vec<Stager>,
    staged: &mut Vec<output::Staged>,
) -> Result<Vec<PathBuf>, BuildError> {
    let mut written = Vec::new();
    let mut stagers = stagers.into_iter();
    for (folder, files) in &rendered.products {
        let product = match stagers.next() {
            Some(s) => s,
            None => Stager::new(&opts.out, folder, false).map_err(|e| {
                stagers.by_ref().for_each(Stager::discard);
                BuildError::Io(format!("writing {}: {e}", opts.out.join(folder).display()))
            })?,
        };
        let total: u64 = files.iter().map(OutFile::size).sum();
        let bar = (opts.progress && total >= PROGRESS_FROM).then(|| {
            let bar = indicatif::ProgressBar::new(total);
            bar.set_style(
                indicatif::ProgressStyle::with_template(
                    "writing {msg} {bar:40} {bytes}/{total_bytes} {bytes_per_sec}",
                )
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
            );
            bar.set_message(folder.to_string());
            bar
        });
        let tick = |n: u64| {
            if let Some(b) = &bar {
                b.inc(n);
            }
        };
        let staged_one = product.finish(files, &tick);
        if let Some(b) = &bar {
            b.finish_and_clear();
        }
        let s = staged_one.map_err(|e| {
            // The products not yet finished go too.
            stagers.by_ref().for_each(Stager::discard);
            BuildError::Io(format!("writing {}: {e}", opts.out.join(folder).display()))
        })?;
        staged.push(s);
        written.push(opts.out.join(folder));
    }
    if opts.zip {
        let usb = rendered
            .products
            .iter()
            .find(|(folder, _)| *folder == "usb");
        if let Some((_, files)) = usb {
            let path = opts.out.join(ZIP);
            let s = output::stage_zip(&opts.out, ZIP, files)
                .map_err(|e| BuildError::Io(format!("writing {}: {e}", path.display())))?;
            staged.push(s);
            written.push(path);
        }
    }
    Ok(written)
}

/// What a written build reports.
fn report(rendered: Rendered, written: Vec<PathBuf>, started: Instant) -> BuildReport {
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
            .filter(|f| !crate::render::short_links::is_short_link(&f.path))
            .count();
        pages.insert(lang.to_string(), n);
    }
    let files_copied = site
        .iter()
        .filter(|f| matches!(f.content, Content::Copy(_)))
        .count();
    BuildReport {
        pages,
        files_copied,
        written,
        elapsed: started.elapsed(),
        fallbacks: i18n::fallbacks(&rendered.forum),
        participation: crate::render::participation::Figures::new(&rendered.forum),
        warnings: rendered.warnings,
        sources: rendered.sources,
    }
}
