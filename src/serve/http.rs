//! Output stage for `foro watch`: the preview's HTTP details — the site
//! path a request names (never outside the site), content types, and
//! answers, files streamed in blocks.

use std::io::{Read, Write};
use std::net::TcpStream;

/// Files are streamed in blocks of this size.
const BLOCK: usize = 64 * 1024;

/// The site path for a request path, or `None` if it could leave the site.
pub fn safe_path(path: &str) -> Option<String> {
    let decoded = percent_encoding::percent_decode_str(path)
        .decode_utf8()
        .ok()?;
    if decoded.contains('\\') || decoded.contains('\0') || !decoded.starts_with('/') {
        return None;
    }
    let rel = &decoded[1..];
    // `//etc/passwd` would be an absolute path once the `/` is dropped.
    if rel.starts_with('/') {
        return None;
    }
    if rel
        .split('/')
        .any(|seg| seg == ".." || seg == "." || seg.starts_with(".."))
    {
        return None;
    }
    // Encoded twice (`%252e%252e`) is refused too.
    if rel.contains('%')
        && percent_encoding::percent_decode_str(rel)
            .decode_utf8()
            .ok()?
            .split('/')
            .any(|s| s == "..")
    {
        return None;
    }
    Some(rel.to_string())
}

pub(super) fn mime(path: &str) -> &'static str {
    match path
        .rsplit('.')
        .next()
        .unwrap_or("")
        .to_ascii_lowercase()
        .as_str()
    {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml",
        "txt" => "text/plain; charset=utf-8",
        "ics" => "text/calendar; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "pdf" => "application/pdf",
        _ => "application/octet-stream",
    }
}

pub(super) fn respond(
    stream: &mut TcpStream,
    status: u16,
    mime: &str,
    body: &[u8],
    head: bool,
) -> std::io::Result<()> {
    let reason = match status {
        200 => "OK",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        500 => "Internal Server Error",
        _ => "Service Unavailable",
    };
    let header = format!(
        "HTTP/1.1 {status} {reason}\r\nContent-Type: {mime}\r\nContent-Length: {}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n",
        body.len()
    );
    stream.write_all(header.as_bytes())?;
    if !head {
        stream.write_all(body)?;
    }
    stream.flush()
}

/// Sends `size` bytes of `file` in blocks: memory stays at one block per
/// connection whatever the file's size. A file that became shorter since
/// it was checked ends the connection early (the client sees it cut).
pub(super) fn stream_file(
    stream: &mut TcpStream,
    mime: &str,
    file: std::fs::File,
    size: u64,
    head: bool,
) -> std::io::Result<()> {
    let header = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: {mime}\r\nContent-Length: {size}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n"
    );
    stream.write_all(header.as_bytes())?;
    if head {
        return stream.flush();
    }
    let mut from = file.take(size);
    let mut block = vec![0u8; BLOCK];
    loop {
        let n = from.read(&mut block)?;
        if n == 0 {
            break;
        }
        stream.write_all(&block[..n])?;
    }
    stream.flush()
}

/// Answers with a zip archive of `entries`, streamed as it is made (the
/// archive's size is known beforehand: [`crate::output::zip_size`]).
pub(super) fn stream_zip(
    stream: &mut TcpStream,
    entries: &[crate::output::OutFile],
    size: u64,
    head: bool,
) -> std::io::Result<()> {
    let header = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: application/zip\r\nContent-Length: {size}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n"
    );
    stream.write_all(header.as_bytes())?;
    if !head {
        let mut w = std::io::BufWriter::with_capacity(BLOCK, &mut *stream);
        crate::output::stream_zip(&mut w, entries)?;
        w.flush()?;
    }
    stream.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_paths_that_leave_the_site() {
        assert_eq!(safe_path("/en/agenda/").as_deref(), Some("en/agenda/"));
        assert_eq!(
            safe_path("/files/presentaci%C3%B3n%201.pdf").as_deref(),
            Some("files/presentación 1.pdf")
        );
        for bad in [
            "/../etc/passwd",
            "/en/../../x",
            "/%2e%2e/x",
            "/%2E%2E%2Fetc",
            "/a\\..\\b",
            "/%252e%252e/x",
            "/.hidden/../x",
        ] {
            assert_eq!(safe_path(bad), None, "{bad}");
        }
    }
}
