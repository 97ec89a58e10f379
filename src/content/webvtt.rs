//! Content stage: `WebVTT` caption files, checked when the forum is loaded.
//!
//! What a browser needs to show the captions (W3C `WebVTT`, "file syntax"):
//! the `WEBVTT` header, cues separated by blank lines, each with a timing
//! line `[hh:]mm:ss.ttt --> [hh:]mm:ss.ttt [settings]` whose end is after
//! its start, cues in the order of their start times. `NOTE`, `STYLE` and
//! `REGION` blocks are skipped. Errors carry the line and column.

/// One cue: its times in milliseconds and its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cue {
    /// The line of its timing line.
    pub line: usize,
    pub id: Option<String>,
    pub start_ms: u64,
    pub end_ms: u64,
    pub text: String,
}

/// What is wrong, where (1-based line and column).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VttError {
    pub line: usize,
    pub col: usize,
    pub message: String,
    pub hint: &'static str,
}

const TIMING_HINT: &str = "write the cue's times as `00:00:01.000 --> 00:00:04.000` (hours optional, milliseconds three digits)";

/// The cues of a `WebVTT` file (line ends `\n`; a byte-order mark already
/// removed), or every error found.
pub fn parse(text: &str) -> Result<Vec<Cue>, Vec<VttError>> {
    let lines: Vec<&str> = text.split('\n').collect();
    let mut errors = Vec::new();
    let header_ok = lines.first().is_some_and(|l| {
        l.strip_prefix("WEBVTT")
            .is_some_and(|rest| rest.is_empty() || rest.starts_with([' ', '\t']))
    });
    if !header_ok {
        return Err(vec![VttError {
            line: 1,
            col: 1,
            message: "a WebVTT file starts with the line `WEBVTT`".into(),
            hint: "put `WEBVTT` alone on the first line, then a blank line, then the cues",
        }]);
    }
    // Blocks: runs of non-blank lines after the header block.
    let mut i = lines
        .iter()
        .position(|l| l.trim().is_empty())
        .unwrap_or(lines.len());
    let mut cues = Vec::new();
    let mut last_start = 0;
    while i < lines.len() {
        if lines[i].trim().is_empty() {
            i += 1;
            continue;
        }
        let first = i;
        while i < lines.len() && !lines[i].trim().is_empty() {
            i += 1;
        }
        let block = &lines[first..i];
        let keyword = |k: &str| {
            block[0]
                .strip_prefix(k)
                .is_some_and(|r| r.is_empty() || r.starts_with([' ', '\t']))
        };
        if keyword("NOTE") || keyword("STYLE") || keyword("REGION") {
            continue;
        }
        let (id, t) = if block[0].contains("-->") {
            (None, 0)
        } else if block.len() > 1 && block[1].contains("-->") {
            (Some(block[0].to_string()), 1)
        } else {
            errors.push(VttError {
                line: first + 1,
                col: 1,
                message: "this block has no cue timing line".into(),
                hint: TIMING_HINT,
            });
            continue;
        };
        let line_no = first + t + 1;
        match timing(block[t]) {
            Ok((start, end)) => {
                if end <= start {
                    let col = block[t].find("-->").map_or(1, |c| c + 1);
                    errors.push(VttError {
                        line: line_no,
                        col,
                        message: format!(
                            "the cue ends ({}) before or when it starts ({})",
                            stamp(end),
                            stamp(start)
                        ),
                        hint: "the end time must be later than the start time",
                    });
                } else if start < last_start {
                    errors.push(VttError {
                        line: line_no,
                        col: 1,
                        message: format!(
                            "the cue starts ({}) before the cue above it ({})",
                            stamp(start),
                            stamp(last_start)
                        ),
                        hint: "order the cues by their start times",
                    });
                } else {
                    last_start = start;
                    cues.push(Cue {
                        line: line_no,
                        id,
                        start_ms: start,
                        end_ms: end,
                        text: block[t + 1..].join("\n"),
                    });
                }
            }
            Err((col, message)) => errors.push(VttError {
                line: line_no,
                col,
                message,
                hint: TIMING_HINT,
            }),
        }
    }
    if errors.is_empty() {
        Ok(cues)
    } else {
        Err(errors)
    }
}

/// `mm:ss.ttt` or `hh:mm:ss.ttt` in milliseconds.
fn timestamp(s: &str) -> Option<u64> {
    let (clock, ms) = s.split_once('.')?;
    if ms.len() != 3 || !ms.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let parts: Vec<&str> = clock.split(':').collect();
    let (h, m, sec) = match parts.as_slice() {
        [m, s] => ("0", *m, *s),
        [h, m, s] if h.len() >= 2 => (*h, *m, *s),
        _ => return None,
    };
    let num = |p: &str, two: bool| {
        (!two || p.len() == 2)
            .then_some(p)
            .filter(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))?
            .parse::<u64>()
            .ok()
    };
    let (h, m, sec, ms) = (
        num(h, false)?,
        num(m, true)?,
        num(sec, true)?,
        num(ms, false)?,
    );
    (m < 60 && sec < 60).then_some(((h * 60 + m) * 60 + sec) * 1000 + ms)
}

/// The start and end of a timing line; on error, the column and message.
fn timing(line: &str) -> Result<(u64, u64), (usize, String)> {
    let arrow = line.find("-->").unwrap_or(0);
    let start_text = line[..arrow].trim_end_matches([' ', '\t']);
    let start = timestamp(start_text)
        .ok_or_else(|| (1, format!("`{start_text}` is not a cue start time")))?;
    let after = &line[arrow + 3..];
    let lead = after.len() - after.trim_start_matches([' ', '\t']).len();
    if lead == 0 || start_text.len() == arrow {
        return Err((
            arrow + 1,
            "`-->` needs a space or tab on each side".to_string(),
        ));
    }
    let end_text = after[lead..].split([' ', '\t']).next().unwrap_or_default();
    let end = timestamp(end_text).ok_or_else(|| {
        (
            arrow + 3 + lead + 1,
            format!("`{end_text}` is not a cue end time"),
        )
    })?;
    Ok((start, end))
}

/// Milliseconds as `hh:mm:ss.ttt`.
pub fn stamp(ms: u64) -> String {
    format!(
        "{:02}:{:02}:{:02}.{:03}",
        ms / 3_600_000,
        ms / 60_000 % 60,
        ms / 1000 % 60,
        ms % 1000
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cues_with_and_without_ids_hours_and_settings() {
        let text = "WEBVTT - sample\n\nNOTE made by hand\n\n1\n00:00.000 --> 00:01.500\nHello\nworld\n\n01:00:02.000 --> 01:00:03.250 line:0 align:start\nHola\n";
        let cues = parse(text).unwrap();
        assert_eq!(cues.len(), 2);
        assert_eq!(cues[0].id.as_deref(), Some("1"));
        assert_eq!((cues[0].start_ms, cues[0].end_ms), (0, 1500));
        assert_eq!(cues[0].text, "Hello\nworld");
        assert_eq!(cues[1].start_ms, 3_602_000);
        assert_eq!(cues[1].end_ms, 3_603_250);
    }

    #[test]
    fn errors_name_line_and_column() {
        let err = |t: &str| parse(t).unwrap_err();
        assert_eq!(err("WEBVTTX\n")[0].line, 1);
        assert_eq!(
            err("")[0].message,
            "a WebVTT file starts with the line `WEBVTT`"
        );
        let e = err("WEBVTT\n\n00:02.000 --> 00:01.000\nx\n");
        assert_eq!((e[0].line, e[0].col), (3, 11));
        assert!(e[0].message.contains("before or when it starts"), "{e:?}");
        let e =
            err("WEBVTT\n\n00:01.000 --> 00:1.000\nx\n\n00:00.000-->00:01.000\ny\n\njust text\n");
        assert_eq!(
            e.iter().map(|e| (e.line, e.col)).collect::<Vec<_>>(),
            [(3, 15), (6, 10), (9, 1)],
            "{e:?}"
        );
        assert_eq!(e[0].message, "`00:1.000` is not a cue end time");
        let e = err("WEBVTT\n\n00:05.000 --> 00:06.000\nx\n\n00:01.000 --> 00:02.000\ny\n");
        assert_eq!(e[0].line, 6);
        assert!(e[0].message.contains("before the cue above"));
        let e = err("WEBVTT\n\n00:61.000 --> 01:02.000\nx\n");
        assert_eq!((e[0].line, e[0].col), (3, 1));
    }
}
