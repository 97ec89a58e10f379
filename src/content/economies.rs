//! Content stage: economy names of speakers and participants resolved
//! against the table of economies and forum.yaml's `economies:`.

use std::path::{Path, PathBuf};

use super::Reader;
use crate::diagnostics::{Diagnostic, suggest};
use crate::model::{Forum, Localized, economies};
use crate::yaml::{Positions, Seg};

/// Gives every `economy:` its names in each language; a name foro does not
/// know is a warning with a did-you-mean, and is shown as written.
pub(super) fn resolve(r: &mut Reader, forum: &mut Forum) {
    let own = forum.config.economies.clone();
    for s in &mut forum.speakers {
        let Some(Localized::One(name)) = &s.economy else {
            continue;
        };
        let file = PathBuf::from(format!("speakers/{}.md", s.id));
        if let Some(names) = economies::resolve(name, &own) {
            s.economy = Some(names);
        } else {
            let pos = r.sources.get(&file).and_then(|text| {
                let fm = super::split_front_matter(&text).ok()?;
                Some(Positions::of(fm.yaml, fm.yaml_line - 1).value(&[Seg::Key("economy")]))
            });
            r.diags.push(unknown(&file, pos, name));
        }
    }
    if let Some(p) = &mut forum.participation {
        let file = Path::new("participation.yaml");
        let positions = r
            .sources
            .get(file)
            .map(|t| Positions::of(&t, 0))
            .unwrap_or_default();
        for (i, e) in p.participants.iter_mut().enumerate() {
            match economies::resolve(&e.economy, &own) {
                Some(names) => e.name = Some(names),
                None => {
                    if !e.economy.trim().is_empty() {
                        let pos = positions.value(&[
                            Seg::Key("participants"),
                            Seg::Index(i),
                            Seg::Key("economy"),
                        ]);
                        r.diags.push(unknown(file, Some(pos), &e.economy));
                    }
                }
            }
        }
    }
}

fn unknown(file: &Path, pos: Option<crate::yaml::Pos>, name: &str) -> Diagnostic {
    Diagnostic::warning(
        file,
        pos,
        format!("`{name}` is not an economy foro knows; it is shown as written in every language"),
    )
    .hint(suggest(
        name,
        economies::names(),
        "write the APEC name or an ISO 3166 code (PE, PER), or add the name with its translations to `economies:` in forum.yaml",
    ))
}
