//! The PDF step alone (the handout and report PDFs of both languages, laid
//! out by Typst): on the example forum in `content/`, and on 2×1,000
//! speakers from the shared corpus generator (`../shared/bench/gen_corpus.py
//! --n 1000`, or `FORO_BENCH_PDF_CORPUS` set to a forum project). Each
//! group also times the whole web build (no PDF) of the same project, the
//! peer the PDF step is compared with. The corpus's handouts are far over
//! the size at which `foro build` skips a PDF (about 600 pages): here they
//! are laid out all the same.

#![allow(
    clippy::semicolon_if_nothing_returned,
    reason = "criterion's closures return what they compute, so it is not optimised away"
)]

use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};
use foro::build::{self, Products};
use foro::render::pdf::{self, PdfOptions};

#[path = "common/corpus.rs"]
mod common;

fn corpus() -> (Option<tempfile::TempDir>, std::path::PathBuf) {
    common::corpus("FORO_BENCH_PDF_CORPUS", 1000)
}

fn bench_project(c: &mut Criterion, name: &str, project: &Path) {
    let snapshot = build::prepare(project, None).unwrap_or_else(|_| panic!("{name} builds"));
    let ctx = snapshot.context();
    let mut group = c.benchmark_group(name);
    group.sample_size(10);
    group.bench_function("pdf step (all PDFs, both languages)", |b| {
        b.iter(|| {
            let (pdfs, warnings) = pdf::render_up_to(&ctx, PdfOptions::default(), &[], usize::MAX);
            assert!(warnings.iter().all(|w| !w.message.contains("not written")));
            pdfs.files.len()
        })
    });
    group.bench_function("whole build (web, no PDF)", |b| {
        b.iter(|| build::render(project, Products::Web).map(|r| r.products.len()))
    });
    group.finish();
}

fn pdfs(c: &mut Criterion) {
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
    bench_project(c, "pdf: example forum", &example);
    let (_keep, project) = corpus();
    bench_project(c, "pdf: 2x1000 speakers", &project);
}

criterion_group!(benches, pdfs);
criterion_main!(benches);
