//! Content stage: the duration of a video file, from its header, so that
//! captions can be checked against it: WebM/Matroska (the `Duration` of the
//! segment's `Info`) and MP4 (the movie header `mvhd`). `None` when the
//! file does not say (a `.webm` recorded live has no duration) or is not
//! understood; then captions are checked without it. Reads headers only,
//! never the whole video.

use std::io::{Read, Seek, SeekFrom};
use std::path::Path;

/// The duration of the video at `path` in milliseconds, where known.
pub fn duration_ms(path: &Path) -> Option<u64> {
    let mut f = std::fs::File::open(path).ok()?;
    let mut magic = [0u8; 8];
    f.read_exact(&mut magic).ok()?;
    f.seek(SeekFrom::Start(0)).ok()?;
    if magic[..4] == [0x1A, 0x45, 0xDF, 0xA3] {
        let mut head = Vec::new();
        f.take(1 << 20).read_to_end(&mut head).ok()?;
        webm(&head)
    } else if &magic[4..8] == b"ftyp" {
        mp4(&mut f)
    } else {
        None
    }
}

/// An EBML variable-length integer at `b[i..]`: (value, length). With
/// `keep_marker` the length bit stays (element ids); a size of all ones is
/// "unknown" (`u64::MAX`).
fn vint(b: &[u8], i: usize, keep_marker: bool) -> Option<(u64, usize)> {
    let first = *b.get(i)?;
    let len = first.leading_zeros() as usize + 1;
    if len > 8 {
        return None;
    }
    let mask = u8::try_from(0xFFu16 >> len).unwrap_or(0);
    let mut v = u64::from(if keep_marker { first } else { first & mask });
    for k in 1..len {
        v = (v << 8) | u64::from(*b.get(i + k)?);
    }
    let all_ones = !keep_marker && v == (1u64 << (7 * len)) - 1;
    Some((if all_ones { u64::MAX } else { v }, len))
}

/// The `Duration` of a `.webm` file's first `Info`, scaled by its `TimecodeScale`.
fn webm(b: &[u8]) -> Option<u64> {
    const SEGMENT: u64 = 0x1853_8067;
    const INFO: u64 = 0x1549_A966;
    const CLUSTER: u64 = 0x1F43_B675;
    let mut i = 0;
    let mut end = b.len();
    while i < end {
        let (id, l) = vint(b, i, true)?;
        let (size, s) = vint(b, i + l, false)?;
        let body = i + l + s;
        let body_end = if size == u64::MAX {
            b.len()
        } else {
            body.saturating_add(usize::try_from(size).ok()?)
        };
        match id {
            SEGMENT => {
                i = body;
                end = body_end.min(b.len());
            }
            INFO => return info(b.get(body..body_end.min(b.len()))?),
            CLUSTER => return None,
            _ => i = body_end,
        }
    }
    None
}

fn info(b: &[u8]) -> Option<u64> {
    let mut scale = 1_000_000u64; // nanoseconds per tick
    let mut ticks = None;
    let mut i = 0;
    while i < b.len() {
        let (id, l) = vint(b, i, true)?;
        let (size, s) = vint(b, i + l, false)?;
        let start = i + l + s;
        let body = b.get(start..start.checked_add(usize::try_from(size).ok()?)?)?;
        match id {
            0x2A_D7B1 => scale = body.iter().fold(0u64, |v, x| (v << 8) | u64::from(*x)),
            0x4489 => {
                ticks = match body.len() {
                    4 => Some(f64::from(f32::from_be_bytes(body.try_into().ok()?))),
                    8 => Some(f64::from_be_bytes(body.try_into().ok()?)),
                    _ => None,
                };
            }
            _ => {}
        }
        i += l + s + body.len();
    }
    let ms = ticks? * f64::from(u32::try_from(scale).ok()?) / 1e6;
    // A duration beyond a u64 of milliseconds is not a video's.
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    (ms.is_finite() && ms >= 0.0).then(|| ms.round() as u64)
}

/// The duration in the `mvhd` box of an MP4's `moov`, walking the top-level
/// boxes by their headers.
fn mp4(f: &mut std::fs::File) -> Option<u64> {
    let len = f.metadata().ok()?.len();
    let mut at = 0u64;
    while at.saturating_add(8) <= len {
        f.seek(SeekFrom::Start(at)).ok()?;
        let mut h = [0u8; 16];
        f.read_exact(&mut h[..8]).ok()?;
        let mut size = u64::from(u32::from_be_bytes(h[..4].try_into().ok()?));
        let mut header = 8;
        if size == 1 {
            f.read_exact(&mut h[8..]).ok()?;
            size = u64::from_be_bytes(h[8..].try_into().ok()?);
            header = 16;
        } else if size == 0 {
            size = len - at;
        }
        if size < header {
            return None;
        }
        if &h[4..8] == b"moov" {
            let mut moov = Vec::new();
            f.take((size - header).min(64 << 20))
                .read_to_end(&mut moov)
                .ok()?;
            return mvhd(&moov);
        }
        at = at.checked_add(size)?;
    }
    None
}

fn mvhd(moov: &[u8]) -> Option<u64> {
    let mut i = 0;
    while i + 8 <= moov.len() {
        let size = usize::try_from(u32::from_be_bytes(moov[i..i + 4].try_into().ok()?)).ok()?;
        if &moov[i + 4..i + 8] == b"mvhd" {
            let b = moov.get(i + 8..i + size)?;
            let be32 = |o: usize| {
                Some(u64::from(u32::from_be_bytes(
                    b.get(o..o + 4)?.try_into().ok()?,
                )))
            };
            let (scale, duration) = if b.first()? == &1 {
                (
                    be32(20)?,
                    u64::from_be_bytes(b.get(24..32)?.try_into().ok()?),
                )
            } else {
                (be32(12)?, be32(16)?)
            };
            return (scale > 0 && duration != u64::MAX && duration != u64::from(u32::MAX))
                .then(|| duration.saturating_mul(1000) / scale);
        }
        if size < 8 {
            return None;
        }
        i += size;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_example_webm_lasts_four_seconds() {
        let path =
            Path::new(env!("CARGO_MANIFEST_DIR")).join("content/files/opening-ceremony.webm");
        assert_eq!(duration_ms(&path), Some(4000));
    }

    #[test]
    fn an_mp4_movie_header_gives_the_duration() {
        // ftyp, then moov with an mvhd of version 0: timescale 600, duration 1500.
        let mut mvhd = vec![0u8; 100];
        mvhd[12..16].copy_from_slice(&600u32.to_be_bytes());
        mvhd[16..20].copy_from_slice(&1500u32.to_be_bytes());
        let mut file = Vec::new();
        file.extend_from_slice(&16u32.to_be_bytes());
        file.extend_from_slice(b"ftypisom\0\0\0\0");
        file.extend_from_slice(&(8 + 8 + 100u32).to_be_bytes());
        file.extend_from_slice(b"moov");
        file.extend_from_slice(&(8 + 100u32).to_be_bytes());
        file.extend_from_slice(b"mvhd");
        file.extend_from_slice(&mvhd);
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("v.mp4");
        std::fs::write(&path, &file).unwrap();
        assert_eq!(duration_ms(&path), Some(2500));
        std::fs::write(&path, b"not a video at all").unwrap();
        assert_eq!(duration_ms(&path), None);
        // Truncated and hostile headers give no duration, never a panic.
        for bytes in [
            vec![0x1A, 0x45, 0xDF, 0xA3, 0x01, 0, 0, 0, 0, 0, 0, 0, 0],
            vec![
                0x1A, 0x45, 0xDF, 0xA3, 0x80, 0x18, 0x53, 0x80, 0x67, 0xFF, 0x15, 0x49, 0xA9, 0x66,
                0xFF, 0x44, 0x89, 0xFF,
            ],
            [&[0xFF, 0xFF, 0xFF, 0xFF][..], b"ftyp", &[0xFF; 8]].concat(),
            [&1u32.to_be_bytes()[..], b"ftyp", &u64::MAX.to_be_bytes()].concat(),
        ] {
            std::fs::write(&path, &bytes).unwrap();
            assert_eq!(duration_ms(&path), None, "{bytes:?}");
        }
    }
}
