//! `foro new`: a small starter forum that builds as it is and explains the
//! format in its comments. English and Spanish texts are written for those
//! languages; any other language gets the English text to translate.

use std::fmt::Write as _;
use std::path::Path;

#[derive(Debug)]
pub enum NewError {
    /// The folder is not empty, or the languages are not valid (exit 2).
    Usage(String),
    /// Writing failed (exit 3).
    Io(String),
}

/// A text of the starter project in `lang` (English for other languages).
fn text(lang: &str, key: &str) -> &'static str {
    let es = lang == "es";
    match key {
        "title" if es => "Foro de ejemplo sobre mipymes y clústeres",
        "title" => "Example forum on SMEs and clusters",
        "short" if es => "Foro de ejemplo",
        "short" => "Example forum",
        "tagline" if es => "Un proyecto inicial de foro: edite estos archivos",
        "tagline" => "A starter forum project: edit these files",
        "venue" if es => "Centro de convenciones",
        "venue" => "Convention centre",
        "day" if es => "Día 1",
        "day" => "Day 1",
        "opening" if es => "Ceremonia de apertura",
        "opening" => "Opening ceremony",
        "panel" if es => "Panel: clústeres y cadenas de valor",
        "panel" => "Panel: clusters and value chains",
        "panel_desc" if es => {
            "Dos experiencias de promoción de clústeres, seguidas de preguntas del público."
        }
        "panel_desc" => {
            "Two experiences of cluster promotion, followed by questions from the audience."
        }
        "break" if es => "Pausa para el café",
        "break" => "Coffee break",
        "hall" if es => "Auditorio principal",
        "hall" => "Main hall",
        "position1" if es => "Directora de Desarrollo Productivo",
        "position1" => "Director of Productive Development",
        "org1" if es => "Ministerio de ejemplo",
        "org1" => "Example Ministry",
        "bio1" if es => {
            "Ana Ejemplo dirige los programas de desarrollo productivo del ministerio. Esta reseña es un ejemplo: reemplácela por la del expositor."
        }
        "bio1" => {
            "Ana Ejemplo leads the ministry's productive development programmes. This biography is an example: replace it with the speaker's own."
        }
        "position2" if es => "Investigador",
        "position2" => "Researcher",
        "org2" if es => "Universidad de ejemplo",
        "org2" => "Example University",
        "bio2" if es => {
            "Bruno Muestra investiga los encadenamientos productivos de las pequeñas empresas. Vea el [programa](../agenda.yaml)."
        }
        "bio2" => {
            "Bruno Muestra studies how small firms join value chains. See the [agenda](../agenda.yaml)."
        }
        "about_title" if es => "Acerca del foro",
        "about_title" => "About the forum",
        "about" if es => {
            "Este foro reúne a responsables de políticas, empresas y universidades.\n\nEscriba aquí el resumen del foro. Los enlaces a otros archivos del proyecto, como [Ana Ejemplo](../speakers/ana-ejemplo.md), llevan a su página en el mismo idioma.\n"
        }
        "about" => {
            "This forum brings together policy makers, firms and universities.\n\nWrite the forum's summary here. Links to other files of the project, such as [Ana Ejemplo](../speakers/ana-ejemplo.md), lead to their page in the same language.\n"
        }
        "report_title" if es => "Conclusiones (borrador)",
        "report_title" => "Conclusions (draft)",
        "report" if es => {
            "## Conclusiones\n\nResuma aquí las conclusiones del foro.[^1]\n\n## Recomendaciones\n\n1. Una primera recomendación.\n\n[^1]: Las notas al pie se numeran solas.\n"
        }
        "report" => {
            "## Conclusions\n\nSum up the forum's conclusions here.[^1]\n\n## Recommendations\n\n1. A first recommendation.\n\n[^1]: Footnotes are numbered for you.\n"
        }
        _ => "",
    }
}

/// A localized YAML value: `{en: "...", es: "..."}`.
fn localized(langs: &[String], key: &str) -> String {
    let parts: Vec<String> = langs
        .iter()
        .map(|l| {
            format!(
                "{l}: {}",
                serde_json::to_string(text(l, key)).unwrap_or_default()
            )
        })
        .collect();
    format!("{{{}}}", parts.join(", "))
}

fn files(langs: &[String]) -> Vec<(String, String)> {
    let l = |key: &str| localized(langs, key);
    let default = &langs[0];
    let mut out = Vec::new();
    out.push((
        "forum.yaml".to_string(),
        format!(
            "# forum.yaml: the event itself. Full reference: docs/content-format.md of foro.\n\
             # A text can be one string for every language, or a map per language.\n\
             title: {}\n\
             short_title: {}\n\
             tagline: {}\n\n\
             # The forum's languages; the first one is the default language.\n\
             languages: [{}]\n\n\
             dates: {{start: 2030-05-14, end: 2030-05-14}}\n\
             # Every time in agenda.yaml is a local time in this zone.\n\
             timezone: \"America/Lima\"\n\n\
             venue:\n  name: {}\n  address: \"Av. Ejemplo 123\"\n  city: \"Lima\"\n  country: \"Peru\"\n\n\
             # Where the web site will be published (a path after the domain is fine).\n\
             base_url: \"https://www.example.org/forum/\"\n\n\
             organizers:\n  - name: {}\n    url: \"https://www.example.org\"\n",
            l("title"),
            l("short"),
            l("tagline"),
            langs.join(", "),
            l("venue"),
            l("org1"),
        ),
    ));
    out.push((
        "agenda.yaml".to_string(),
        format!(
            "# agenda.yaml: days and sessions. Times are \"HH:MM\", 24 h.\n\
             # kind: ceremony | keynote | talk | panel | workshop | break | networking | other\n\
             days:\n  - date: 2030-05-14\n    title: {}\n    sessions:\n\
             \x20     - id: opening\n        start: \"09:00\"\n        end: \"09:30\"\n        kind: ceremony\n        title: {}\n        room: {}\n        speakers: [ana-ejemplo]\n\
             \x20     - id: coffee\n        start: \"09:30\"\n        end: \"10:00\"\n        kind: break\n        title: {}\n\
             \x20     - id: panel-clusters\n        start: \"10:00\"\n        end: \"11:30\"\n        kind: panel\n        title: {}\n        room: {}\n        speakers: [bruno-muestra]\n        moderators: [ana-ejemplo]\n        description: {}\n",
            l("day"),
            l("opening"),
            l("hall"),
            l("break"),
            l("panel"),
            l("hall"),
            l("panel_desc"),
        ),
    ));
    for (id, name, n) in [
        ("ana-ejemplo", "Ana Ejemplo", "1"),
        ("bruno-muestra", "Bruno Muestra", "2"),
    ] {
        out.push((
            format!("speakers/{id}.md"),
            format!(
                "---\n# One speaker: front matter, then the biography in the default language ({default}).\n\
                 name: \"{name}\"\n\
                 position: {}\n\
                 organization: {}\n\
                 economy: \"Peru\"\n\
                 ---\n{}\n",
                l(&format!("position{n}")),
                l(&format!("org{n}")),
                text(default, &format!("bio{n}")),
            ),
        ));
        for lang in &langs[1..] {
            out.push((
                format!("speakers/{id}.{lang}.md"),
                format!("{}\n", text(lang, &format!("bio{n}"))),
            ));
        }
    }
    for (dir, slug, title, body, extra) in [
        (
            "pages",
            "about",
            "about_title",
            "about",
            "weight: 10\nmenu: true\nhandout: true\n",
        ),
        (
            "report",
            "conclusions",
            "report_title",
            "report",
            "weight: 10\n",
        ),
    ] {
        for (i, lang) in langs.iter().enumerate() {
            let name = if i == 0 {
                format!("{dir}/{slug}.md")
            } else {
                format!("{dir}/{slug}.{lang}.md")
            };
            let mut doc = format!(
                "---\ntitle: {}\n",
                serde_json::to_string(text(lang, title)).unwrap_or_default()
            );
            if i == 0 {
                doc.push_str(extra);
            }
            let _ = write!(doc, "---\n{}", text(lang, body));
            out.push((name, doc));
        }
    }
    out
}

/// Writes a starter forum into `dir` (new or empty); returns the number of files.
pub fn create(dir: &Path, languages: &[String]) -> Result<usize, NewError> {
    let langs: Vec<String> = languages
        .iter()
        .map(|l| l.trim().to_string())
        .filter(|l| !l.is_empty())
        .collect();
    if langs.is_empty() {
        return Err(NewError::Usage(
            "--languages needs at least one language, e.g. `en,es`".into(),
        ));
    }
    for (i, l) in langs.iter().enumerate() {
        if !(2..=3).contains(&l.len()) || !l.chars().all(|c| c.is_ascii_lowercase()) {
            return Err(NewError::Usage(format!(
                "`{l}` is not a language code; use two-letter codes such as `en`, `es`"
            )));
        }
        if langs[..i].contains(l) {
            return Err(NewError::Usage(format!(
                "`{l}` is listed twice in --languages"
            )));
        }
    }
    if dir.exists() {
        let empty = std::fs::read_dir(dir)
            .map_err(|e| NewError::Io(format!("cannot read {}: {e}", dir.display())))?
            .next()
            .is_none();
        if !empty {
            return Err(NewError::Usage(format!(
                "{} is not empty; foro new writes only into a new or empty folder",
                dir.display()
            )));
        }
    }
    let all = files(&langs);
    for (rel, text) in &all {
        let path = dir.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| NewError::Io(format!("cannot create {}: {e}", parent.display())))?;
        }
        std::fs::write(&path, text)
            .map_err(|e| NewError::Io(format!("cannot write {}: {e}", path.display())))?;
    }
    for sub in ["files", "images"] {
        std::fs::create_dir_all(dir.join(sub))
            .map_err(|e| NewError::Io(format!("cannot create {sub}/: {e}")))?;
    }
    Ok(all.len())
}
