//! Output stage for `foro watch`: a small HTTP server for the preview.
//!
//! Serves the last good build from memory on 127.0.0.1, renders pages when
//! they are asked for, injects the live-reload script into HTML, and pushes
//! "reload" and "error" events over server-sent events. It never serves a
//! file that is not part of the site: paths are looked up in the site's map,
//! and any `..`, backslash or encoded variant is refused. A project file is
//! served only while it is still the file the last good build checked
//! (opened again without following links, same file, size and time), and
//! streamed in blocks; connections are served by a fixed number of threads
//! ([`conn`]), each with read and write deadlines.

use std::collections::HashMap;
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender, channel};
use std::sync::{Arc, Mutex, RwLock};
use std::time::Duration;

use crate::build::Snapshot;
use crate::render::Output as _;
use crate::render::site::{Site, extras, targets};
use crate::render::together::page;
use crate::render::{Content, OutFile};
use crate::urls::Target;

/// The path of the live-reload script and events.
const LIVE_JS: &str = "/__foro/live.js";
const EVENTS: &str = "/__foro/events";
const STATUS: &str = "/__foro/status";

mod conn;
mod http;

pub use http::safe_path;
use http::{mime, respond, stream_file};

pub use conn::request_line;

/// How long a client may take to send anything more, and to take each
/// block of an answer.
const READ_DEADLINE: Duration = Duration::from_secs(5);
const WRITE_DEADLINE: Duration = Duration::from_secs(30);

/// What the preview answers for a site path: bytes made by the build, or a
/// project file to stream through the check the build made.
#[derive(Clone)]
pub enum Body {
    Bytes(Arc<Vec<u8>>),
    File(crate::safe_path::SourceFile),
    /// An archive of these files, streamed as it is made.
    Zip(Arc<Vec<OutFile>>, u64),
}

/// What the preview serves: the last good build and the current error.
pub struct Preview {
    site: RwLock<Option<Arc<SiteState>>>,
    error: RwLock<Option<String>>,
    listeners: Mutex<Vec<Sender<String>>>,
    version: Mutex<u64>,
}

/// One good build, its pages rendered on demand.
pub struct SiteState {
    snapshot: Snapshot,
    /// In the order the full build renders them (the sitemap follows it).
    targets: Vec<Target>,
    pages: HashMap<String, Target>,
    rendered: Mutex<HashMap<String, Arc<Vec<u8>>>>,
    others: Mutex<Option<Arc<HashMap<String, OutFile>>>>,
}

impl SiteState {
    pub fn new(snapshot: Snapshot) -> SiteState {
        let ctx = snapshot.context();
        let targets = targets(&ctx);
        let pages = targets.iter().map(|t| (t.path(), t.clone())).collect();
        SiteState {
            snapshot,
            targets,
            pages,
            rendered: Mutex::new(HashMap::new()),
            others: Mutex::new(None),
        }
    }

    /// The site file at `path`, rendering it if needed. `Err` holds a
    /// rendering error to show.
    pub fn body(&self, path: &str) -> Option<Result<Body, String>> {
        if let Some(bytes) = self.rendered.lock().ok()?.get(path) {
            return Some(Ok(Body::Bytes(Arc::clone(bytes))));
        }
        let ctx = self.snapshot.context();
        if let Some(target) = self.pages.get(path) {
            let result = page(&ctx, target, &Site::web().link_style())
                .map(|f| match f.content {
                    Content::Bytes(b) => Arc::new(b),
                    // `page` makes bytes; the rest is for the build's writer.
                    Content::Copy(_) | Content::Zip(_) | Content::Staged { .. } => {
                        Arc::new(Vec::new())
                    }
                })
                .map_err(|d| d.render(&self.snapshot.project, None));
            if let Ok(bytes) = &result {
                self.rendered
                    .lock()
                    .ok()?
                    .insert(path.to_string(), Arc::clone(bytes));
            }
            return Some(result.map(Body::Bytes));
        }
        // The PDFs of `foro watch --pdf`, laid out with the build.
        if let Some(pdf) = ctx.prepared.pdf_links.iter().find(|l| l.path == path) {
            return Some(Ok(Body::Bytes(Arc::new(pdf.bytes.to_vec()))));
        }
        let map = {
            let mut others = self.others.lock().ok()?;
            Arc::clone(others.get_or_insert_with(|| {
                Arc::new(
                    // In memory (no staging folder), nothing can fail to be written.
                    extras(&ctx, &Site::web().link_style(), &self.targets, None)
                        .unwrap_or_default()
                        .into_iter()
                        .map(|f| (f.path.clone(), f))
                        .collect(),
                )
            }))
        };
        let file = map.get(path)?;
        Some(Ok(match &file.content {
            Content::Bytes(b) => Body::Bytes(Arc::new(b.clone())),
            Content::Copy(src) => Body::File(src.clone()),
            Content::Zip(entries) => Body::Zip(Arc::new(entries.clone()), file.size()),
            // The preview renders into memory; nothing of it is staged.
            Content::Staged { .. } => return None,
        }))
    }

    /// The bytes of the site file at `path` (a project file read through
    /// its check). `Err` holds an error to show.
    pub fn file(&self, path: &str) -> Option<Result<Arc<Vec<u8>>, String>> {
        self.body(path).map(|r| {
            r.and_then(|body| match body {
                Body::Bytes(b) => Ok(b),
                Body::File(src) => {
                    let mut bytes = Vec::new();
                    src.open()
                        .and_then(|mut f| f.read_to_end(&mut bytes))
                        .map(|_| Arc::new(bytes))
                        .map_err(|e| e.to_string())
                }
                Body::Zip(entries, _) => {
                    let mut bytes = Vec::new();
                    crate::output::stream_zip(&mut bytes, &entries)
                        .map(|()| Arc::new(bytes))
                        .map_err(|e| format!("cannot make {path}: {e}"))
                }
            })
        })
    }
}

impl Preview {
    /// A preview with no good build yet.
    pub fn new() -> Arc<Preview> {
        Arc::new(Preview {
            site: RwLock::new(None),
            error: RwLock::new(None),
            listeners: Mutex::new(Vec::new()),
            version: Mutex::new(1),
        })
    }

    /// A good rebuild: serve it and tell open pages to reload.
    pub fn replace(&self, state: SiteState) {
        if let Ok(mut s) = self.site.write() {
            *s = Some(Arc::new(state));
        }
        if let Ok(mut e) = self.error.write() {
            *e = None;
        }
        if let Ok(mut v) = self.version.lock() {
            *v += 1;
        }
        self.broadcast("event: reload\ndata: {}\n\n");
    }

    /// A broken edit: keep serving the last good build, show the error.
    pub fn fail(&self, message: String) {
        let data = serde_json::json!({ "message": message }).to_string();
        if let Ok(mut e) = self.error.write() {
            *e = Some(message);
        }
        self.broadcast(&format!("event: error\ndata: {data}\n\n"));
    }

    fn broadcast(&self, event: &str) {
        if let Ok(mut l) = self.listeners.lock() {
            l.retain(|tx| tx.send(event.to_string()).is_ok());
        }
    }

    /// The bytes the preview serves at the site path `path` (before the
    /// live-reload script is injected); `None` if there is no such file.
    pub fn file(&self, path: &str) -> Option<Result<Vec<u8>, String>> {
        self.current()?.file(path).map(|r| r.map(|b| b.to_vec()))
    }

    fn current(&self) -> Option<Arc<SiteState>> {
        self.site
            .read()
            .ok()
            .and_then(|s| s.as_ref().map(Arc::clone))
    }

    fn status(&self) -> String {
        let error = self.error.read().ok().and_then(|e| e.clone());
        let version = self.version.lock().map_or(0, |v| *v);
        serde_json::json!({ "version": version, "error": error }).to_string()
    }
}

/// Binds `addr`, or the next free port above it when `next_free` (up to 100 tries).
pub fn bind(addr: SocketAddr, next_free: bool) -> std::io::Result<TcpListener> {
    let mut addr = addr;
    let mut last = None;
    for _ in 0..100 {
        match TcpListener::bind(addr) {
            Ok(l) => return Ok(l),
            Err(e)
                if next_free && addr.port() != 0 && e.kind() == std::io::ErrorKind::AddrInUse =>
            {
                last = Some(e);
                addr.set_port(addr.port().wrapping_add(1));
            }
            Err(e) => return Err(e),
        }
    }
    Err(last.unwrap_or_else(|| std::io::Error::other("no free port")))
}

/// Serves requests until the process ends (see [`conn`]: held-open
/// connections cost no thread; [`conn::WORKERS`] threads answer).
pub fn run(listener: &TcpListener, preview: &Arc<Preview>) {
    let preview = Arc::clone(preview);
    let handler: Arc<conn::Handler> = Arc::new(move |stream, line: &str| {
        let _ = handle(stream, line, &preview);
    });
    conn::run(listener, &handler);
}

fn handle(
    mut stream: TcpStream,
    request_line: &str,
    preview: &Arc<Preview>,
) -> std::io::Result<()> {
    stream.set_read_timeout(Some(READ_DEADLINE))?;
    stream.set_write_timeout(Some(WRITE_DEADLINE))?;
    let mut parts = request_line.split_whitespace();
    let method = parts.next().unwrap_or("");
    let target = parts.next().unwrap_or("/");
    if method != "GET" && method != "HEAD" {
        return respond(
            &mut stream,
            405,
            "text/plain; charset=utf-8",
            b"method not allowed\n",
            method == "HEAD",
        );
    }
    let head = method == "HEAD";
    let path = target.split(['?', '#']).next().unwrap_or("/");
    match path {
        LIVE_JS => {
            return respond(
                &mut stream,
                200,
                "text/javascript; charset=utf-8",
                LIVE_SCRIPT.as_bytes(),
                head,
            );
        }
        STATUS => {
            return respond(
                &mut stream,
                200,
                "application/json",
                preview.status().as_bytes(),
                head,
            );
        }
        EVENTS => return events_thread(stream, preview),
        _ => {}
    }
    let Some(rel) = safe_path(path) else {
        return respond(
            &mut stream,
            403,
            "text/plain; charset=utf-8",
            b"forbidden\n",
            head,
        );
    };
    let Some(site) = preview.current() else {
        let message = preview
            .error
            .read()
            .ok()
            .and_then(|e| e.clone())
            .unwrap_or_else(|| "building…".into());
        return respond(
            &mut stream,
            503,
            "text/html; charset=utf-8",
            error_page(&message).as_bytes(),
            head,
        );
    };
    let rel = if rel.is_empty() || rel.ends_with('/') {
        format!("{rel}index.html")
    } else {
        rel
    };
    match site.body(&rel) {
        Some(Ok(Body::Bytes(bytes))) => {
            let mime = mime(&rel);
            if mime.starts_with("text/html") {
                respond(&mut stream, 200, mime, &inject(&bytes), head)
            } else {
                respond(&mut stream, 200, mime, &bytes, head)
            }
        }
        Some(Ok(Body::Zip(entries, length))) => {
            http::stream_zip(&mut stream, &entries, length, head)
        }
        Some(Ok(Body::File(src))) => match src.open() {
            Ok(file) => stream_file(&mut stream, mime(&rel), file, src.size(), head),
            Err(e) => respond(
                &mut stream,
                500,
                "text/html; charset=utf-8",
                error_page(&format!(
                    "{e}\n(the preview serves only the files of the last good build)"
                ))
                .as_bytes(),
                head,
            ),
        },
        Some(Err(message)) => {
            let body = error_page(&message);
            respond(
                &mut stream,
                500,
                "text/html; charset=utf-8",
                body.as_bytes(),
                head,
            )
        }
        None => {
            // A folder asked for without its final slash.
            if site.body(&format!("{rel}/index.html")).is_some() {
                let location = format!("{path}/");
                let header = format!(
                    "HTTP/1.1 301 Moved Permanently\r\nLocation: {location}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                );
                return stream.write_all(header.as_bytes());
            }
            let body = site
                .file("404.html")
                .and_then(Result::ok)
                .map_or_else(|| b"not found\n".to_vec(), |b| inject(&b));
            respond(&mut stream, 404, "text/html; charset=utf-8", &body, head)
        }
    }
}

/// Event streams open at once; more are refused (each holds a thread).
const MAX_EVENT_STREAMS: usize = 32;
static EVENT_STREAMS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

/// An event stream lasts as long as its page: it gets its own thread, not
/// a worker's, and at most [`MAX_EVENT_STREAMS`] are open.
fn events_thread(mut stream: TcpStream, preview: &Arc<Preview>) -> std::io::Result<()> {
    use std::sync::atomic::Ordering;
    if EVENT_STREAMS.fetch_add(1, Ordering::AcqRel) >= MAX_EVENT_STREAMS {
        EVENT_STREAMS.fetch_sub(1, Ordering::AcqRel);
        return respond(
            &mut stream,
            503,
            "text/plain; charset=utf-8",
            b"busy\n",
            false,
        );
    }
    let preview = Arc::clone(preview);
    let spawned = std::thread::Builder::new()
        .name("foro-events".into())
        .spawn(move || {
            let _ = events(stream, &preview);
            EVENT_STREAMS.fetch_sub(1, Ordering::AcqRel);
        });
    if spawned.is_err() {
        EVENT_STREAMS.fetch_sub(1, Ordering::AcqRel);
    }
    Ok(())
}

fn events(mut stream: TcpStream, preview: &Preview) -> std::io::Result<()> {
    let (tx, rx): (Sender<String>, Receiver<String>) = channel();
    if let Ok(mut l) = preview.listeners.lock() {
        l.push(tx);
    }
    stream.write_all(b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nConnection: keep-alive\r\n\r\n")?;
    if let Some(message) = preview.error.read().ok().and_then(|e| e.clone()) {
        let data = serde_json::json!({ "message": message }).to_string();
        stream.write_all(format!("event: error\ndata: {data}\n\n").as_bytes())?;
    }
    stream.flush()?;
    loop {
        match rx.recv_timeout(Duration::from_secs(15)) {
            Ok(event) => stream.write_all(event.as_bytes())?,
            // A comment keeps the connection open and finds closed ones.
            Err(RecvTimeoutError::Timeout) => stream.write_all(b": ping\n\n")?,
            Err(RecvTimeoutError::Disconnected) => return Ok(()),
        }
        stream.flush()?;
    }
}

/// Adds the live-reload script to an HTML page (preview only).
fn inject(html: &[u8]) -> Vec<u8> {
    let tag = format!("<script src=\"{LIVE_JS}\"></script>");
    let text = String::from_utf8_lossy(html);
    match text.rfind("</body>") {
        Some(i) => format!("{}{tag}{}", &text[..i], &text[i..]).into_bytes(),
        None => format!("{text}{tag}").into_bytes(),
    }
}

fn error_page(message: &str) -> String {
    format!(
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>foro: error</title></head><body><pre role=\"alert\">{}</pre><script src=\"{LIVE_JS}\"></script></body></html>",
        crate::html::escape(message)
    )
}

/// Reloads on a good rebuild (keeping the scroll position) and shows an
/// error overlay on a broken one.
const LIVE_SCRIPT: &str = include_str!("serve/live.js");

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_live_script_goes_before_the_end_of_the_body() {
        let out = String::from_utf8(inject(b"<html><body><p>x</p></body></html>")).unwrap();
        assert!(out.ends_with("<script src=\"/__foro/live.js\"></script></body></html>"));
    }
}
