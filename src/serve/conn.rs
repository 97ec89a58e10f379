//! Output stage for `foro watch`: the preview's connections.
//!
//! One thread waits on every open connection at once until its request
//! has fully arrived (`poll` on Linux), so a connection held open costs a
//! file descriptor, not a thread; a complete request goes to one of
//! [`WORKERS`] threads. At most [`MAX_PENDING`] connections wait for their
//! request (the oldest is dropped for a new one), each at most
//! [`REQUEST_DEADLINE`].

use std::io::Read;
use std::net::{TcpListener, TcpStream};
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Threads answering complete requests.
pub const WORKERS: usize = 64;
/// Connections waiting for their request to arrive.
pub const MAX_PENDING: usize = 4096;
/// How long a client may take to send its request line and headers.
pub const REQUEST_DEADLINE: Duration = Duration::from_secs(5);
/// The most bytes of request line and headers read.
const MAX_REQUEST: usize = 16 * 1024;
/// Complete requests waiting for a worker.
const QUEUE: usize = 256;

/// Answers one request: the connection and the request line.
pub type Handler = dyn Fn(TcpStream, &str) + Send + Sync;

/// Serves requests until the process ends.
pub fn run(listener: &TcpListener, handler: &Arc<Handler>) {
    let (tx, rx) = sync_channel::<(TcpStream, String)>(QUEUE);
    let rx = Arc::new(Mutex::new(rx));
    for _ in 0..WORKERS {
        let rx = Arc::clone(&rx);
        let handler = Arc::clone(handler);
        let _ = std::thread::Builder::new()
            .name("foro-preview".into())
            .spawn(move || work(&rx, &*handler));
    }
    gather(listener, &tx);
}

fn work(rx: &Mutex<Receiver<(TcpStream, String)>>, handler: &Handler) {
    loop {
        let job = match rx.lock() {
            Ok(rx) => rx.recv(),
            Err(_) => return,
        };
        match job {
            Ok((stream, line)) => handler(stream, &line),
            Err(_) => return,
        }
    }
}

/// A connection whose request has not fully arrived.
struct Pending {
    stream: TcpStream,
    bytes: Vec<u8>,
    since: Instant,
}

enum Progress {
    /// The request line of a complete request.
    Done(String),
    More,
    /// Closed, too long or unreadable: dropped.
    Gone,
}

impl Pending {
    fn new(stream: TcpStream) -> Pending {
        Pending {
            stream,
            bytes: Vec::new(),
            since: Instant::now(),
        }
    }

    /// Reads what has arrived (the stream does not block).
    fn read(&mut self) -> Progress {
        let mut block = [0u8; 4096];
        loop {
            match self.stream.read(&mut block) {
                Ok(0) => return Progress::Gone,
                Ok(n) => {
                    self.bytes.extend_from_slice(&block[..n]);
                    if let Some(line) = request_line(&self.bytes) {
                        return Progress::Done(line);
                    }
                    if self.bytes.len() > MAX_REQUEST {
                        return Progress::Gone;
                    }
                }
                Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => return Progress::More,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(_) => return Progress::Gone,
            }
        }
    }
}

/// The request line of `bytes` once the headers have ended.
pub fn request_line(bytes: &[u8]) -> Option<String> {
    let end = bytes
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .or_else(|| bytes.windows(2).position(|w| w == b"\n\n"))?;
    let head = String::from_utf8_lossy(&bytes[..end]);
    Some(head.lines().next().unwrap_or("").to_string())
}

/// Hands each connection to the workers once its request has arrived.
fn hand_over(mut p: Pending, tx: &SyncSender<(TcpStream, String)>) -> Option<Pending> {
    match p.read() {
        Progress::Done(line) => {
            if p.stream.set_nonblocking(false).is_ok() {
                let _ = tx.send((p.stream, line));
            }
            None
        }
        Progress::More => Some(p),
        Progress::Gone => None,
    }
}

#[cfg(target_os = "linux")]
fn gather(listener: &TcpListener, tx: &SyncSender<(TcpStream, String)>) {
    use rustix::event::{PollFd, PollFlags, Timespec, poll};
    if listener.set_nonblocking(true).is_err() {
        return gather_blocking(listener, tx);
    }
    let mut pending: Vec<Pending> = Vec::new();
    let tick = Timespec {
        tv_sec: 1,
        tv_nsec: 0,
    };
    loop {
        let (accept, ready) = {
            let mut fds = Vec::with_capacity(pending.len() + 1);
            fds.push(PollFd::new(listener, PollFlags::IN));
            fds.extend(
                pending
                    .iter()
                    .map(|p| PollFd::new(&p.stream, PollFlags::IN)),
            );
            if poll(&mut fds, Some(&tick)).is_err() {
                continue;
            }
            let ready: Vec<bool> = fds[1..].iter().map(|f| !f.revents().is_empty()).collect();
            (!fds[0].revents().is_empty(), ready)
        };
        pending = pending
            .into_iter()
            .zip(ready)
            .filter_map(|(p, ready)| if ready { hand_over(p, tx) } else { Some(p) })
            .filter(|p| p.since.elapsed() < REQUEST_DEADLINE)
            .collect();
        if accept {
            loop {
                match listener.accept() {
                    Ok((stream, _)) => {
                        if stream.set_nonblocking(true).is_err() {
                            continue;
                        }
                        if pending.len() >= MAX_PENDING {
                            pending.remove(0);
                        }
                        // A request sent with the connection is taken at once.
                        if let Some(p) = hand_over(Pending::new(stream), tx) {
                            pending.push(p);
                        }
                    }
                    Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                    Err(_) => break,
                }
            }
        }
    }
}

#[cfg(not(target_os = "linux"))]
fn gather(listener: &TcpListener, tx: &SyncSender<(TcpStream, String)>) {
    gather_blocking(listener, tx);
}

/// Without `poll`: each connection's request is read by a short-lived
/// thread with a read deadline, at most [`WORKERS`] at once.
fn gather_blocking(listener: &TcpListener, tx: &SyncSender<(TcpStream, String)>) {
    let readers = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    for stream in listener.incoming().flatten() {
        if readers.load(std::sync::atomic::Ordering::Acquire) >= WORKERS {
            continue;
        }
        readers.fetch_add(1, std::sync::atomic::Ordering::AcqRel);
        let (tx, readers) = (tx.clone(), Arc::clone(&readers));
        let _ = std::thread::Builder::new().spawn(move || {
            if stream.set_read_timeout(Some(REQUEST_DEADLINE)).is_ok() {
                let mut p = Pending::new(stream);
                let mut block = [0u8; 4096];
                while let Ok(n) = p.stream.read(&mut block) {
                    if n == 0 || p.since.elapsed() > REQUEST_DEADLINE {
                        break;
                    }
                    p.bytes.extend_from_slice(&block[..n]);
                    if let Some(line) = request_line(&p.bytes) {
                        let _ = tx.send((p.stream, line));
                        break;
                    }
                    if p.bytes.len() > MAX_REQUEST {
                        break;
                    }
                }
            }
            readers.fetch_sub(1, std::sync::atomic::Ordering::AcqRel);
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_request_is_complete_when_its_headers_end() {
        assert_eq!(request_line(b"GET / HTTP/1.1\r\nHost: x\r\n"), None);
        assert_eq!(
            request_line(b"GET /a HTTP/1.1\r\nHost: x\r\n\r\n").as_deref(),
            Some("GET /a HTTP/1.1")
        );
        assert_eq!(request_line(b"GET /b\n\n").as_deref(), Some("GET /b"));
    }
}
