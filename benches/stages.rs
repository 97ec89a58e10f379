//! The build's stages, timed separately: load, Markdown, render, write.
//!
//! `cargo bench` generates a 2×200-page forum with the shared corpus
//! generator (`../shared/bench/gen_corpus.py`, or `FORO_BENCH_CORPUS` set to
//! a forum project) and times each stage on it. For whole-build comparisons
//! with Hugo and Zola, see `bench/compare.sh`.

#![allow(
    clippy::semicolon_if_nothing_returned,
    reason = "criterion's closures return what they compute, so it is not optimised away"
)]

use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};
use foro::build::{self, Products};
use foro::highlight::Highlighter;
use foro::render::Prepared;
use foro::render::site::Site;
use foro::render::together;
use foro::urls::LinkStyle;

#[path = "common/corpus.rs"]
mod common;

fn corpus() -> (Option<tempfile::TempDir>, std::path::PathBuf) {
    common::corpus("FORO_BENCH_CORPUS", 200)
}

fn stages(c: &mut Criterion) {
    let (_keep, project) = corpus();
    let mut group = c.benchmark_group("stages (2x200 pages)");
    group.sample_size(10);
    group.bench_function("load", |b| b.iter(|| foro::content::load(&project)));
    let snapshot = build::prepare(&project, None).unwrap_or_else(|_| panic!("the corpus builds"));
    group.bench_function("markdown", |b| {
        b.iter(|| Prepared::build(&snapshot.forum, Highlighter::default(), &snapshot.i18n))
    });
    let ctx = snapshot.context();
    let site = Site {
        style: LinkStyle::Folder,
    };
    group.bench_function("render", |b| {
        b.iter(|| together::render(&site, &ctx, None).map(|f| f.len()))
    });
    let files = together::render(&site, &ctx, None).unwrap_or_default();
    // On tmpfs where there is one: the disk would add seconds of noise.
    let shm = Path::new("/dev/shm");
    let out = if shm.is_dir() {
        tempfile::tempdir_in(shm)
    } else {
        tempfile::tempdir()
    }
    .expect("a temporary folder");
    group.bench_function("write", |b| {
        b.iter(|| {
            foro::output::commit(vec![
                foro::output::stage(out.path(), "site", &files).expect("staged"),
            ])
        })
    });
    group.bench_function("whole build (web)", |b| {
        b.iter(|| build::render(&project, Products::Web).map(|r| r.products.len()))
    });
    group.finish();
}

criterion_group!(benches, stages);
criterion_main!(benches);
