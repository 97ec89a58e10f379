use super::*;

fn pdf_of(source: &str) -> Vec<u8> {
    let doc = source::Doc {
        source: source.to_string(),
        files: Vec::new(),
        texts: Vec::new(),
        over: false,
    };
    compile(doc, &world::fonts(&[]), "test.pdf").unwrap().0
}

#[test]
fn the_world_lays_out_a_pdf_with_the_same_bytes_each_time() {
    let src = "#set text(font: (\"Libertinus Serif\", \"Droid Sans Fallback\"))\n= Title\n\nNguyễn 李明华 Иванова #footnote[Note]";
    let a = pdf_of(src);
    assert!(a.starts_with(b"%PDF-"));
    assert_eq!(a, pdf_of(src));
}

#[test]
fn a_titled_document_is_pdf_ua_1_and_one_that_breaks_its_rules_is_still_written_and_says_why() {
    let doc = |source: &str| source::Doc {
        source: source.to_string(),
        files: vec![(
            "/a.svg".into(),
            b"<svg xmlns='http://www.w3.org/2000/svg' width='4' height='4'/>".to_vec(),
        )],
        texts: Vec::new(),
        over: false,
    };
    let fonts = world::fonts(&[]);
    let (ua, why) = compile(
        doc("#set document(title: \"T\")\n#set text(lang: \"es\")\n= T\n\n#image(\"/a.svg\", alt: \"A\")"),
        &fonts,
        "ua.pdf",
    )
    .unwrap();
    assert_eq!(why, None);
    let xmp = String::from_utf8_lossy(&ua);
    assert!(
        xmp.contains("<pdfuaid:part>1</pdfuaid:part>"),
        "no PDF/UA-1 id"
    );
    assert!(xmp.contains("/Lang(es)"));
    // An image without its alternative text breaks PDF/UA-1.
    let (bytes, why) = compile(
        doc("#set document(title: \"T\")\n#image(\"/a.svg\")"),
        &fonts,
        "not-ua.pdf",
    )
    .unwrap();
    assert!(bytes.starts_with(b"%PDF-"));
    assert!(why.is_some_and(|w| w.contains("alt")));
    assert!(!String::from_utf8_lossy(&bytes).contains("pdfuaid:part"));
}

#[test]
fn a_typst_error_is_reported_not_panicked() {
    let doc = source::Doc {
        source: "#unknown-function()".into(),
        files: Vec::new(),
        texts: Vec::new(),
        over: false,
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
