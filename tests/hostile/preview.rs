//! The preview under load, on 127.0.0.1: connections held open cost no
//! thread, large downloads are streamed (memory stays at a block per
//! connection), and a normal request is still answered meanwhile.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;

use std::time::Duration;

use super::base;

/// Threads the preview may have: its workers, event streams and a few of
/// its own (documented in README.md, Preview while editing).
const MAX_THREADS: u64 = 64 + 32 + 8;
/// Peak resident memory of the preview serving ten downloads of a large
/// file at once (documented in README.md, Preview while editing).
const MAX_RSS_KIB: u64 = 150 * 1024;

use crate::support::watch as start;

/// A field of /proc/PID/status, in its unit (kB for memory).
fn status(pid: u32, field: &str) -> u64 {
    let text = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    text.lines()
        .find_map(|l| l.strip_prefix(field))
        .and_then(|v| {
            v.trim_start_matches(':')
                .split_whitespace()
                .next()?
                .parse()
                .ok()
        })
        .unwrap()
}

/// GET `path`: (status, bytes of the body).
fn get(addr: &str, path: &str) -> (u16, u64) {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut reader = BufReader::new(s);
    let mut line = String::new();
    reader.read_line(&mut line).unwrap();
    let code = line.split_whitespace().nth(1).unwrap().parse().unwrap();
    loop {
        line.clear();
        reader.read_line(&mut line).unwrap();
        if line == "\r\n" {
            break;
        }
    }
    let mut block = vec![0u8; 1 << 16];
    let mut n = 0u64;
    loop {
        let got = reader.read(&mut block).unwrap();
        if got == 0 {
            return (code, n);
        }
        n += got as u64;
    }
}

/// Held-open connections and ten concurrent downloads of a large file.
/// `FORO_LOAD_MB` (default 200) sets the file's size, `FORO_LOAD_HELD`
/// (default 2000) the connections held open; run it with `--nocapture` to
/// see the figures.
#[cfg(target_os = "linux")]
#[test]
#[ignore = "load test: 2,000 connections and 2 GB through 127.0.0.1 (run by .ci/run)"]
fn the_preview_under_held_connections_and_large_downloads() {
    let env = |k: &str, d: u64| {
        std::env::var(k)
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(d)
    };
    let (mb, held) = (env("FORO_LOAD_MB", 200), env("FORO_LOAD_HELD", 2000));
    let p = base();
    let big = std::fs::File::create(p.dir().join("files/big.bin")).unwrap();
    big.set_len(mb * 1024 * 1024).unwrap();
    drop(big);
    let w = start(&p.dir());
    let pid = w.child.id();
    assert_eq!(get(&w.addr, "/en/").0, 200);

    let mut open = Vec::new();
    for i in 0..held {
        let mut s = TcpStream::connect(&w.addr).unwrap();
        if i % 2 == 0 {
            s.write_all(b"GET / HTTP/1.1\r\n").unwrap();
        }
        open.push(s);
    }
    let (code, _) = get(&w.addr, "/en/");
    assert_eq!(code, 200, "a normal request under {held} held connections");
    let threads_held = status(pid, "Threads");

    let downloads: Vec<_> = (0..10)
        .map(|_| {
            let addr = w.addr.clone();
            std::thread::spawn(move || get(&addr, "/files/big.bin"))
        })
        .collect();
    let (code, _) = get(&w.addr, "/en/");
    assert_eq!(code, 200, "a normal request during the downloads");
    for d in downloads {
        assert_eq!(d.join().unwrap(), (200, mb * 1024 * 1024));
    }
    let peak = status(pid, "VmHWM");
    let threads = status(pid, "Threads");
    eprintln!(
        "preview: {threads_held} threads under {held} held connections; \
         peak RSS {} MiB after 10 concurrent downloads of {mb} MB",
        peak / 1024
    );
    drop(open);
    assert!(threads_held <= MAX_THREADS, "{threads_held} threads");
    assert!(threads <= MAX_THREADS, "{threads} threads");
    assert!(peak <= MAX_RSS_KIB, "peak RSS {peak} kB");
}
