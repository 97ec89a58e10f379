//! `foro watch`: build, serve the preview, rebuild on every change.
//!
//! A change re-reads the project and re-renders only the Markdown texts
//! that changed; pages are rendered when the browser asks for them, so an
//! edit costs the load, the changed texts and the page being looked at.
//! A broken edit keeps the last good build served and shows the error.

use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc::{RecvTimeoutError, Sender, channel};
use std::time::{Duration, Instant};

use notify::{Event, EventKind, RecursiveMode, Watcher as _};

use crate::build::{self, BuildError};
use crate::serve::{self, Preview, SiteState};

#[derive(Debug, Clone)]
pub struct WatchOptions {
    pub project: PathBuf,
    pub bind: IpAddr,
    pub port: u16,
    /// Poll the file system instead of native events (network shares, WSL, USB sticks).
    pub poll: bool,
    /// Lay out the handout and report PDFs on each rebuild (`--pdf`).
    pub pdf: bool,
}

/// How long an editor's burst of writes is gathered into one rebuild.
const DEBOUNCE: Duration = Duration::from_millis(15);

enum Msg {
    Changed(Vec<PathBuf>),
    WatchError(String),
    Stop,
}

/// What a rebuild reports to the terminal.
pub enum Outcome {
    Built { millis: u128, warnings: usize },
    Failed(String),
}

/// The watch session's state between rebuilds.
pub struct Session {
    pub project: PathBuf,
    cache: build::Caches,
    pub preview: Arc<Preview>,
    /// Whether each rebuild lays out the PDFs.
    pdf: bool,
}

impl Session {
    pub fn new(project: &Path) -> Session {
        Session {
            project: project.to_path_buf(),
            cache: build::Caches::default(),
            preview: Preview::new(),
            pdf: false,
        }
    }

    /// A session whose rebuilds also lay out the handout and report PDFs
    /// (`foro watch --pdf`): the preview serves them beside their pages.
    #[must_use]
    pub fn with_pdf(mut self, pdf: bool) -> Session {
        self.pdf = pdf;
        self
    }

    /// The PDFs of `snapshot`, linked from its pages; their warnings and
    /// errors join the snapshot's.
    fn add_pdfs(&self, snapshot: &mut build::Snapshot) {
        let (fonts, font_diags) = crate::content::project_fonts(&self.project);
        snapshot.warnings.extend(font_diags);
        let opts = crate::render::pdf::PdfOptions::default();
        let (pdfs, diags) = crate::render::pdf::render(&snapshot.context(), opts, &fonts);
        snapshot.warnings.extend(diags);
        snapshot.prepared.pdf_links = pdfs.links();
    }

    /// Rebuilds; on success the preview serves the new build, on failure it
    /// keeps the last good one and shows the error.
    pub fn rebuild(&mut self) -> Outcome {
        let started = Instant::now();
        match build::prepare(&self.project, Some(&mut self.cache)) {
            Ok(mut snapshot) => {
                if self.pdf {
                    self.add_pdfs(&mut snapshot);
                }
                let warnings = snapshot.warnings.warnings().count();
                let text = render_all(&self.project, &snapshot.warnings, &snapshot.sources);
                if snapshot.warnings.has_errors() {
                    // A PDF that cannot be laid out.
                    self.preview.fail(text.clone());
                    return Outcome::Failed(text);
                }
                if !text.is_empty() {
                    eprint!("{text}");
                }
                self.preview.replace(SiteState::new(snapshot));
                Outcome::Built {
                    millis: started.elapsed().as_millis(),
                    warnings,
                }
            }
            Err(BuildError::Content {
                diagnostics,
                sources,
            }) => {
                let text = render_all(&self.project, &diagnostics, &sources);
                self.preview.fail(text.clone());
                Outcome::Failed(text)
            }
            Err(BuildError::Usage(m) | BuildError::Io(m)) => {
                self.preview.fail(m.clone());
                Outcome::Failed(format!("error: {m}\n"))
            }
        }
    }
}

fn render_all(
    project: &Path,
    diags: &crate::diagnostics::Diagnostics,
    sources: &crate::content::Sources,
) -> String {
    diags
        .items
        .iter()
        .map(|d| d.render(project, sources.get(&d.file).as_deref()))
        .collect()
}

/// Whether a changed path can affect the site (editor droppings and hidden
/// files cannot).
pub fn relevant(project: &Path, path: &Path) -> bool {
    let rel = path.strip_prefix(project).unwrap_or(path);
    let Some(name) = rel.file_name().map(|n| n.to_string_lossy().to_string()) else {
        return true;
    };
    let hidden = rel.iter().any(|c| c.to_string_lossy().starts_with('.'));
    let temp = name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
        || name == "4913"
        || (name.starts_with('#') && name.ends_with('#'));
    !(hidden || temp)
}

/// Runs `foro watch` until Ctrl-C.
pub fn run(opts: &WatchOptions) -> Result<(), String> {
    // Anything named forum.yaml (a link, a pipe) is left to the build,
    // which names what is wrong with it.
    if std::fs::symlink_metadata(opts.project.join("forum.yaml")).is_err() {
        return Err(format!(
            "{} has no forum.yaml; pass the forum project folder",
            opts.project.display()
        ));
    }
    // Watch first, so that no edit made during the first build is missed.
    let (tx, rx) = channel::<Msg>();
    let stop = tx.clone();
    ctrlc::set_handler(move || {
        let _ = stop.send(Msg::Stop);
    })
    .map_err(|e| format!("cannot handle Ctrl-C: {e}"))?;
    let _watcher = start_watcher(opts, tx)?;

    let mut session = Session::new(&opts.project).with_pdf(opts.pdf);
    report(&session.rebuild(), "built");

    let next_free = opts.port != 0;
    let listener = serve::bind(SocketAddr::new(opts.bind, opts.port), next_free)
        .map_err(|e| format!("cannot listen on {}:{}: {e}", opts.bind, opts.port))?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    println!("serving http://{addr}/ (Ctrl-C to stop)");
    let preview = Arc::clone(&session.preview);
    std::thread::spawn(move || serve::run(&listener, &preview));

    loop {
        match rx.recv() {
            Ok(Msg::Changed(paths)) => {
                let paths: Vec<PathBuf> = paths
                    .into_iter()
                    .filter(|p| relevant(&opts.project, p))
                    .collect();
                if paths.is_empty() {
                    continue;
                }
                let shown: Vec<String> = paths
                    .iter()
                    .take(3)
                    .map(|p| {
                        p.strip_prefix(&opts.project)
                            .unwrap_or(p)
                            .display()
                            .to_string()
                    })
                    .collect();
                let outcome = session.rebuild();
                report(&outcome, &format!("rebuilt after {}", shown.join(", ")));
            }
            Ok(Msg::WatchError(e)) => eprintln!("warning: watching files: {e}"),
            Ok(Msg::Stop) | Err(_) => {
                println!("stopped");
                return Ok(());
            }
        }
    }
}

fn report(outcome: &Outcome, what: &str) {
    match outcome {
        Outcome::Built { millis, warnings } => {
            let w = if *warnings > 0 {
                format!(", {warnings} warning(s)")
            } else {
                String::new()
            };
            println!("{what} in {millis} ms{w}");
        }
        Outcome::Failed(text) => {
            eprint!("{text}");
            eprintln!("error: the last good build is still served; fix the error and save again");
        }
    }
}

/// Either kind of watcher; watching stops when it is dropped.
#[allow(dead_code, reason = "held only to keep the watcher alive")]
enum Watcher {
    Native(notify::RecommendedWatcher),
    Poll(notify::PollWatcher),
}

/// Whether an event can change what the site shows (reads cannot: the
/// build's own reads would otherwise trigger rebuilds forever).
fn changes_content(kind: EventKind) -> bool {
    matches!(
        kind,
        EventKind::Create(_) | EventKind::Modify(_) | EventKind::Remove(_) | EventKind::Any
    )
}

/// Watches the project; sends one `Changed` per burst of writes, once
/// `DEBOUNCE` has passed without a new one.
fn start_watcher(opts: &WatchOptions, tx: Sender<Msg>) -> Result<Watcher, String> {
    let (raw_tx, raw_rx) = channel::<notify::Result<Event>>();
    let project = &opts.project;
    let fail = |e: notify::Error| format!("cannot watch {}: {e}", project.display());
    let mut watcher = if opts.poll {
        let config = notify::Config::default()
            .with_poll_interval(Duration::from_millis(250))
            .with_compare_contents(true);
        Watcher::Poll(notify::PollWatcher::new(raw_tx, config).map_err(fail)?)
    } else {
        Watcher::Native(notify::recommended_watcher(raw_tx).map_err(fail)?)
    };
    match &mut watcher {
        Watcher::Native(w) => w.watch(project, RecursiveMode::Recursive).map_err(fail)?,
        Watcher::Poll(w) => w.watch(project, RecursiveMode::Recursive).map_err(fail)?,
    }
    std::thread::spawn(move || {
        let mut pending: Vec<PathBuf> = Vec::new();
        loop {
            let next = if pending.is_empty() {
                raw_rx.recv().map_err(|_| RecvTimeoutError::Disconnected)
            } else {
                raw_rx.recv_timeout(DEBOUNCE)
            };
            match next {
                Ok(Ok(event)) if changes_content(event.kind) => pending.extend(event.paths),
                Ok(Ok(_)) => {}
                Ok(Err(e)) => {
                    if tx.send(Msg::WatchError(e.to_string())).is_err() {
                        return;
                    }
                }
                Err(RecvTimeoutError::Timeout) => {
                    pending.sort();
                    pending.dedup();
                    if tx.send(Msg::Changed(std::mem::take(&mut pending))).is_err() {
                        return;
                    }
                }
                Err(RecvTimeoutError::Disconnected) => return,
            }
        }
    });
    Ok(watcher)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn editor_droppings_do_not_trigger_rebuilds() {
        let p = Path::new("/f");
        assert!(relevant(p, Path::new("/f/speakers/ana.md")));
        for junk in [
            "/f/speakers/.ana.md.swp",
            "/f/speakers/ana.md~",
            "/f/4913",
            "/f/.git/index",
            "/f/pages/#a.md#",
        ] {
            assert!(!relevant(p, Path::new(junk)), "{junk}");
        }
    }
}
