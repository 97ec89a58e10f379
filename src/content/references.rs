//! Content stage: references between files (agenda → speakers, presentations).

use std::path::Path;

use super::Reader;
use crate::diagnostics::{Diagnostic, suggest};
use crate::model::Forum;
use crate::yaml::{Positions, Seg};

pub(super) fn check(r: &mut Reader, forum: &Forum) {
    let speakers: std::collections::BTreeSet<&str> =
        forum.speakers.iter().map(|s| s.id.as_str()).collect();
    let presentations: std::collections::BTreeSet<&str> =
        forum.presentations.iter().map(|p| p.id.as_str()).collect();
    // A reference to an item whose own file failed to load is not reported
    // again: that file's error says what to fix.
    let speaker_file_exists = |id: &str| r.root.join("speakers").join(format!("{id}.md")).is_file();
    let presentations_broken = r
        .diags
        .errors()
        .any(|d| d.file == Path::new(super::presentations::FILE));

    let agenda = Path::new(super::agenda::FILE);
    let positions = r
        .sources
        .get(agenda)
        .map(|t| Positions::of(&t, 0))
        .unwrap_or_default();
    let mut found = Vec::new();
    for (_, s) in forum.sessions() {
        let (d, si) = r.sources.sessions.get(&s.id).copied().unwrap_or((0, 0));
        for (key, list, known, what) in [
            ("speakers", &s.speakers, &speakers, "speaker"),
            ("moderators", &s.moderators, &speakers, "speaker"),
            (
                "presentations",
                &s.presentations,
                &presentations,
                "presentation",
            ),
        ] {
            for (i, id) in list.iter().enumerate() {
                let failed_to_load = if what == "speaker" {
                    speaker_file_exists(id)
                } else {
                    presentations_broken
                };
                if !known.contains(&id.as_str()) && !failed_to_load {
                    let pos = positions.value(&[
                        Seg::Key("days"),
                        Seg::Index(d),
                        Seg::Key("sessions"),
                        Seg::Index(si),
                        Seg::Key(key),
                        Seg::Index(i),
                    ]);
                    let fix = if what == "speaker" {
                        format!("add speakers/{id}.md, or correct the id")
                    } else {
                        format!("add `{id}` to presentations.yaml, or correct the id")
                    };
                    found.push(
                        Diagnostic::error(
                            agenda,
                            Some(pos),
                            format!("unknown {what} `{id}` in session `{}`", s.id),
                        )
                        .hint(suggest(id, known.iter().copied(), &fix)),
                    );
                }
            }
        }
    }

    let file = Path::new(super::presentations::FILE);
    let positions = r
        .sources
        .get(file)
        .map(|t| Positions::of(&t, 0))
        .unwrap_or_default();
    for (i, p) in forum.presentations.iter().enumerate() {
        for (j, id) in p.speakers.iter().enumerate() {
            if !speakers.contains(&id.as_str()) && !speaker_file_exists(id) {
                let pos = positions.value(&[Seg::Index(i), Seg::Key("speakers"), Seg::Index(j)]);
                found.push(
                    Diagnostic::error(
                        file,
                        Some(pos),
                        format!("unknown speaker `{id}` in presentation `{}`", p.id),
                    )
                    .hint(suggest(
                        id,
                        speakers.iter().copied(),
                        &format!("add speakers/{id}.md, or correct the id"),
                    )),
                );
            }
        }
    }
    for d in found {
        r.diags.push(d);
    }
}
