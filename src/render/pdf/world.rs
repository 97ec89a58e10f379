//! Render stage: the Typst world a PDF is laid out in. Its only source is
//! the markup foro generates; its only files are the images foro hands it;
//! its fonts are the ones shipped in the binary (never the machine's); its
//! `today` is fixed. Same input, same bytes.

use std::collections::HashMap;
use std::sync::OnceLock;

use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt};

/// Fonts shipped in the binary: typst-assets' (Latin, Greek, Cyrillic,
/// Vietnamese), Droid Sans Fallback (Chinese, Japanese) and Nanum Square
/// (Korean Hangul), see fonts/README.md.
static CJK: &[u8] = include_bytes!("../../../fonts/DroidSansFallbackFull.ttf");
static HANGUL: &[u8] = include_bytes!("../../../fonts/NanumSquareR.ttf");

struct Shared {
    library: LazyHash<Library>,
    fonts: Vec<Font>,
}

fn shared() -> &'static Shared {
    static SHARED: OnceLock<Shared> = OnceLock::new();
    SHARED.get_or_init(|| {
        let fonts = typst_assets::fonts()
            .chain([CJK, HANGUL])
            .flat_map(|data| Font::iter(Bytes::new(data)))
            .collect();
        Shared {
            library: LazyHash::new(Library::default()),
            fonts,
        }
    })
}

/// The fonts every PDF can use, shipped and the project's own.
pub fn fonts(extra: &[Font]) -> Vec<Font> {
    shared().fonts.iter().chain(extra).cloned().collect()
}

/// Reads font files (a project's `fonts/`); files that hold no font are
/// skipped.
pub fn load_fonts(files: &[std::sync::Arc<[u8]>]) -> Vec<Font> {
    files
        .iter()
        .flat_map(|b| Font::iter(Bytes::new(b.to_vec())))
        .collect()
}

pub struct World {
    main: Source,
    book: LazyHash<FontBook>,
    fonts: Vec<Font>,
    files: HashMap<FileId, Bytes>,
}

fn id(path: &str) -> FileId {
    RootedPath::new(
        VirtualRoot::Project,
        VirtualPath::new(path).unwrap_or_else(|_| VirtualPath::new("/invalid").unwrap()),
    )
    .intern()
}

impl World {
    /// A world whose main file is `source`, with `files` (path → bytes) and
    /// `fonts`.
    pub fn new(source: String, files: Vec<(String, Vec<u8>)>, fonts: Vec<Font>) -> World {
        let book = FontBook::from_fonts(&fonts);
        World {
            main: Source::new(id("/main.typ"), source),
            book: LazyHash::new(book),
            fonts,
            files: files
                .into_iter()
                .map(|(p, b)| (id(&p), Bytes::new(b)))
                .collect(),
        }
    }

    pub fn source_text(&self) -> &str {
        self.main.text()
    }
}

impl typst::World for World {
    fn library(&self) -> &LazyHash<Library> {
        &shared().library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &self.book
    }

    fn main(&self) -> FileId {
        self.main.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main.id() {
            Ok(self.main.clone())
        } else {
            Err(FileError::NotSource)
        }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        self.files
            .get(&id)
            .cloned()
            .ok_or_else(|| FileError::NotFound(id.get().vpath().get_with_slash().into()))
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.fonts.get(index).cloned()
    }

    fn today(&self, _offset: Option<typst::foundations::Duration>) -> Option<Datetime> {
        // Fixed, so that the same input gives the same bytes.
        Datetime::from_ymd(2000, 1, 1)
    }
}
