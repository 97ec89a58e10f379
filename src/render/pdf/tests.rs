use super::*;

fn pdf_of(source: &str) -> Vec<u8> {
    let doc = source::Doc {
        source: source.to_string(),
        files: Vec::new(),
        texts: Vec::new(),
    };
    compile(doc, &world::fonts(&[]), "test.pdf").unwrap()
}

#[test]
fn the_world_lays_out_a_pdf_with_the_same_bytes_each_time() {
    let src = "#set text(font: (\"Libertinus Serif\", \"Droid Sans Fallback\"))\n= Title\n\nNguyễn 李明华 Иванова #footnote[Note]";
    let a = pdf_of(src);
    assert!(a.starts_with(b"%PDF-"));
    assert_eq!(a, pdf_of(src));
}

#[test]
fn a_typst_error_is_reported_not_panicked() {
    let doc = source::Doc {
        source: "#unknown-function()".into(),
        files: Vec::new(),
        texts: Vec::new(),
    };
    let err = compile(doc, &world::fonts(&[]), "x.pdf").unwrap_err();
    assert!(err.contains("unknown"), "{err}");
}

#[test]
fn shipped_fonts_cover_vietnamese_chinese_japanese_and_cyrillic() {
    let fonts = world::fonts(&[]);
    let texts = vec![
        (
            "Nguyễn Thị Minh Khai 李明华 佐藤 花子 Ирина".to_string(),
            "speakers/a.md".to_string(),
        ),
        ("Scribe 𓀀".to_string(), "speakers/b.md".to_string()),
    ];
    let warnings = source::coverage(&fonts, &texts);
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert_eq!(warnings[0].file, std::path::PathBuf::from("speakers/b.md"));
    assert!(warnings[0].message.contains("U+13000"));
}
