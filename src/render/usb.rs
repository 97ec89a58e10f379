//! Render stage: the USB bundle, opened by double-clicking `index.html`.
//!
//! The site's pages with every link relative and ending in a file, the
//! search index as a script, `README.txt` and `LEEME.txt`, and
//! `MANIFEST.sha256` over every other file (added by the output steps this
//! output asks for, [`Step::Manifest`]). Names and sizes are checked against
//! what FAT32 and exFAT drives hold ([`Step::FatNames`]) before anything is
//! written.

use super::site::{self, shared_files};
use super::{Context, Output, render_pages};
use crate::diagnostics::Diagnostic;
use crate::output::OutFile;
use crate::steps::Step;
use crate::urls::{LinkStyle, Target};

pub struct Usb;

impl Output for Usb {
    fn folder(&self) -> &'static str {
        "usb"
    }

    fn link_style(&self) -> LinkStyle {
        LinkStyle::File
    }

    fn render(&self, ctx: &Context) -> Result<Vec<OutFile>, Vec<Diagnostic>> {
        let style = self.link_style();
        let targets: Vec<Target> = site::targets(ctx)
            .into_iter()
            .filter(|t| *t != Target::NotFound)
            .collect();
        let mut files = render_pages(&targets, |t| site::page(ctx, t, &style))?;
        files.extend(super::search::files(ctx, &style));
        files.extend(shared_files(ctx));
        files.extend(super::schedule::files(ctx));
        files.push(text_file("README.txt", &readme(ctx, "en")));
        files.push(text_file("LEEME.txt", &readme(ctx, "es")));
        Ok(files)
    }

    fn steps(&self) -> &'static [Step] {
        &[Step::FatNames, Step::Manifest]
    }
}

fn text_file(path: &str, text: &str) -> OutFile {
    OutFile::bytes(path, text.as_bytes())
}

/// README.txt (English) or LEEME.txt (Spanish): what the drive holds and how to open it.
fn readme(ctx: &Context, lang: &str) -> String {
    let f = ctx.forum;
    let order = &f.config.languages;
    let c = &f.config;
    let title = c.title.get(lang, order).text;
    let dates = ctx.i18n.date_range(lang, c.start, c.end);
    let venue = format!(
        "{}, {}, {}",
        c.venue.name.get(lang, order).text,
        c.venue.city.get(lang, order).text,
        c.venue.country.get(lang, order).text
    );
    let langs: Vec<String> = order.iter().map(|l| format!("{l}/")).collect();
    let handouts: Vec<String> = order
        .iter()
        .map(|l| format!("{l}/handout/index.html"))
        .collect();
    let text = if lang == "es" {
        format!(
            "{title}\n{dates} · {venue}\n\n\
             Esta memoria USB contiene los materiales del foro.\n\n\
             CÓMO ABRIRLA\n\
             Haga doble clic en el archivo index.html. Se abrirá en su navegador\n\
             (Edge, Chrome, Firefox o Safari) y funciona sin conexión a internet,\n\
             en Windows, macOS y Linux.\n\n\
             CONTENIDO\n\
             - index.html: página de inicio; elija el idioma.\n\
             - {}: el sitio del foro en cada idioma (programa, expositores,\n  presentaciones, documentos e informe).\n\
             - {}: la versión para imprimir.\n\
             - files/: las presentaciones; images/: fotografías y logotipos.\n\
             - MANIFEST.sha256: la suma de verificación de cada archivo.\n\n\
             Para comprobar que la copia está completa: `foro verify <carpeta>`,\n\
             o `sha256sum -c MANIFEST.sha256` dentro de la memoria.\n\n\
             Sitio web del foro: {}\n",
            langs.join(", "),
            handouts.join(", "),
            c.base_url
        )
    } else {
        format!(
            "{title}\n{dates} · {venue}\n\n\
             This USB drive holds the forum's materials.\n\n\
             HOW TO OPEN IT\n\
             Double-click the file index.html. It opens in your web browser\n\
             (Edge, Chrome, Firefox or Safari) and works without an internet\n\
             connection, on Windows, macOS and Linux.\n\n\
             WHAT IS ON IT\n\
             - index.html: the start page; choose your language.\n\
             - {}: the forum's site in each language (agenda, speakers,\n  presentations, documents and report).\n\
             - {}: the printable handout.\n\
             - files/: the presentations; images/: photos and logos.\n\
             - MANIFEST.sha256: a checksum of every file.\n\n\
             To check that a copy is complete: `foro verify <folder>`,\n\
             or `sha256sum -c MANIFEST.sha256` inside the drive.\n\n\
             The forum's web site: {}\n",
            langs.join(", "),
            handouts.join(", "),
            c.base_url
        )
    };
    // Windows' Notepad reads CRLF everywhere.
    text.replace('\n', "\r\n")
}
