//! Content stage: `recording:` of a session (agenda.yaml) or a
//! presentation (presentations.yaml): a video file under `files/` with
//! `WebVTT` captions per language and a poster image, or an external URL.
//!
//! Checked in two passes, as other file references are: the YAML's shape
//! while the file's positions are at hand ([`check`]), then the files
//! themselves ([`check_files`]): they exist, stay in the project, and the
//! captions are valid `WebVTT` (errors at their own line and column).

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;

use super::{FileCheck, Reader};
use crate::diagnostics::Diagnostic;
use crate::model::{Caption, Localized, Recording};
use crate::yaml::{Pos, Seg};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawRecording {
    file: Option<String>,
    url: Option<String>,
    #[serde(default)]
    captions: BTreeMap<String, String>,
    poster: Option<String>,
}

/// A file a recording refers to, checked once the YAML file is done.
pub(super) struct Pending {
    pos: Pos,
    path: String,
    dir: &'static str,
    /// For captions: the video they belong to.
    captions_of: Option<String>,
}

fn ext_is(path: &str, exts: &[&str]) -> bool {
    path.rsplit_once('.')
        .is_some_and(|(_, e)| exts.iter().any(|x| e.eq_ignore_ascii_case(x)))
}

/// Checks the shape of a `recording:` at `at`; the files it names go to
/// `pending`.
pub(super) fn check(
    c: &mut FileCheck,
    at: &[Seg],
    raw: RawRecording,
    langs: &[String],
    pending: &mut Vec<Pending>,
) -> Option<Recording> {
    let key = |k: &'static str| {
        let mut p = at.to_vec();
        p.push(Seg::Key(k));
        p
    };
    match (raw.file, raw.url) {
        (Some(_), Some(_)) | (None, None) => {
            c.error(
                at,
                "a recording is either a `file` or a `url`",
                "give `file: files/<name>.mp4` (or .webm) for a video of the forum, or `url:` for one elsewhere",
            );
            None
        }
        (None, Some(url)) => {
            c.url(&key("url"), &url);
            if !raw.captions.is_empty() || raw.poster.is_some() {
                c.error(
                    &key("url"),
                    "`captions` and `poster` go with a recording `file`",
                    "remove them: an external video is a link, its site shows its own captions",
                );
            }
            Some(Recording::Url(url))
        }
        (Some(file), None) => {
            let mut ok = true;
            if Recording::video_mime(&file).is_none() {
                c.error(
                    &key("file"),
                    format!("`{file}` is not an MP4 or WebM video"),
                    "browsers play `.mp4` (H.264) and `.webm` (VP8/VP9/AV1) files; convert the video to one of them",
                );
                ok = false;
            }
            pending.push(Pending {
                pos: c.positions.value(&key("file")),
                path: file.clone(),
                dir: "files",
                captions_of: None,
            });
            let map = Localized::Map(
                raw.captions
                    .iter()
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .collect(),
            );
            c.localized(&key("captions"), &map);
            for (lang, path) in &raw.captions {
                let mut p = key("captions");
                p.push(Seg::Key(lang));
                if ext_is(path, &["vtt"]) {
                    pending.push(Pending {
                        pos: c.positions.value(&p),
                        path: path.clone(),
                        dir: "files",
                        captions_of: Some(file.clone()),
                    });
                } else {
                    c.error(
                        &p,
                        format!("`{path}` is not a WebVTT file (`.vtt`)"),
                        "browsers show captions from WebVTT files; save the captions as `.vtt`",
                    );
                    ok = false;
                }
            }
            if let Some(poster) = &raw.poster {
                if ext_is(poster, &["jpg", "jpeg", "png", "webp", "gif", "svg"]) {
                    pending.push(Pending {
                        pos: c.positions.value(&key("poster")),
                        path: poster.clone(),
                        dir: "images",
                        captions_of: None,
                    });
                } else {
                    c.error(
                        &key("poster"),
                        format!("`{poster}` is not an image"),
                        "use a JPEG, PNG, WebP, GIF or SVG image under images/",
                    );
                }
            }
            let mut captions: Vec<Caption> = raw
                .captions
                .into_iter()
                .map(|(lang, file)| Caption {
                    lang,
                    file: super::assets::normalize(&file),
                })
                .collect();
            captions.sort_by_key(|c| langs.iter().position(|l| *l == c.lang));
            ok.then(|| Recording::File {
                file: super::assets::normalize(&file),
                captions,
                poster: raw.poster.map(|p| super::assets::normalize(&p)),
            })
        }
    }
}

/// Checks the files of the recordings of `file`: they exist under their
/// folder, and captions are valid `WebVTT` whose cues end within the
/// video, where its duration is known.
pub(super) fn check_files(r: &mut Reader, file: &Path, pending: Vec<Pending>) {
    let mut durations: std::collections::HashMap<String, Option<u64>> =
        std::collections::HashMap::new();
    for p in pending {
        if !super::assets::check_ref(r, file, p.pos, &p.path, p.dir) {
            continue;
        }
        let rel = super::assets::normalize(&p.path);
        let Some(video) = p.captions_of else {
            if p.dir == "files" {
                let d = super::media::duration_ms(&r.root.join(&rel));
                durations.insert(rel, d);
            }
            continue;
        };
        let rel = Path::new(&rel);
        let Some(text) = r.read(rel) else { continue };
        let at = |line, col| Some(Pos { line, col });
        match super::webvtt::parse(&text) {
            Err(errors) => {
                for e in errors {
                    r.diags
                        .push(Diagnostic::error(rel, at(e.line, e.col), e.message).hint(e.hint));
                }
            }
            Ok(cues) => {
                let video = super::assets::normalize(&video);
                let Some(Some(duration)) = durations.get(&video).copied() else {
                    continue;
                };
                for cue in cues.iter().filter(|c| c.end_ms > duration) {
                    let stamp = super::webvtt::stamp;
                    r.diags.push(
                        Diagnostic::error(
                            rel,
                            at(cue.line, 1),
                            format!(
                                "the cue ends at {}, after the end of the video ({}, {})",
                                stamp(cue.end_ms),
                                stamp(duration),
                                video
                            ),
                        )
                        .hint("check that these captions belong to this video, and fix the cue's times"),
                    );
                }
            }
        }
    }
}
