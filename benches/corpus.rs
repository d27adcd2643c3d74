//! Scale: listing a folder of 10,000 articles (about 60 MB) and opening one of them
//! (read, index, load its annotations), which is what the workbench does before its
//! first frame and on every article switch; and the workbench's first frame on them.

use criterion::{Criterion, criterion_group, criterion_main};
use spanbench::corpus;
use spanbench::model::{Edit, Label, Origin};
use spanbench::store::Store;
use spanbench::text::TextIndex;
use std::path::PathBuf;

const ARTICLES: usize = 10_000;

fn make_corpus() -> (tempfile::TempDir, PathBuf, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let corpus_dir = dir.path().join("corpus");
    let ann_dir = dir.path().join("annotations");
    std::fs::create_dir_all(&corpus_dir).unwrap();
    let seeds = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("seeds");
    let mut texts: Vec<String> = std::fs::read_dir(&seeds)
        .unwrap()
        .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
        .collect();
    texts.sort();
    // About 6 kB an article: 60 MB in all.
    let body: Vec<String> = texts.iter().map(|t| t.repeat(6000 / t.len() + 1)).collect();
    for i in 0..ARTICLES {
        let sub = corpus_dir.join(format!("batch{:02}", i / 1000));
        if i % 1000 == 0 {
            std::fs::create_dir_all(&sub).unwrap();
        }
        std::fs::write(
            sub.join(format!("article{i:05}.txt")),
            format!("Article {i}\n\n{}", body[i % body.len()]),
        )
        .unwrap();
    }
    // The article we switch to has a full annotations file.
    let (entries, _) = corpus::discover(std::slice::from_ref(&corpus_dir));
    let a = entries[ARTICLES / 2].read().unwrap();
    let t = TextIndex::new(a.text.clone());
    let store = Store::new(&ann_dir);
    let mut ann = store.open(&a, &t).unwrap().annotations;
    for (i, w) in t.words_in(0, t.len_chars()).into_iter().enumerate().take(300) {
        let label = [Label::Actor, Label::Location, Label::Claim][i % 3];
        if let Ok(s) = ann.new_span(&t, label, w.start, w.end, Origin::Manual) {
            ann.apply(Edit::AddSpan(s)).unwrap();
        }
    }
    store.save(&ann).unwrap();
    (dir, corpus_dir, ann_dir)
}

fn bench(c: &mut Criterion) {
    let (_dir, corpus_dir, ann_dir) = make_corpus();
    let mut g = c.benchmark_group("corpus_10k");
    g.sample_size(20);
    g.bench_function("discover_10000_articles", |b| {
        b.iter(|| {
            let (entries, errors) = corpus::discover(std::slice::from_ref(&corpus_dir));
            assert_eq!(entries.len(), ARTICLES);
            assert!(errors.is_empty());
            entries
        })
    });
    let (entries, _) = corpus::discover(std::slice::from_ref(&corpus_dir));
    let store = Store::new(&ann_dir);
    g.bench_function("open_one_article_with_300_spans", |b| {
        b.iter(|| {
            let a = entries[ARTICLES / 2].read().unwrap();
            let t = TextIndex::new(a.text.clone());
            let o = store.open(&a, &t).unwrap();
            assert_eq!(o.annotations.spans.len(), 300);
            o
        })
    });
    // The workbench on the 10,000 articles: construction (lists file names and sizes,
    // starts the background reader) plus its first frame.
    let paths = spanbench::commands::Paths {
        corpus: vec![corpus_dir.clone()],
        annotations: ann_dir.clone(),
    };
    let input = egui::RawInput {
        screen_rect: Some(egui::Rect::from_min_size(egui::Pos2::ZERO, egui::vec2(1280.0, 800.0))),
        ..Default::default()
    };
    g.bench_function("workbench_first_frame_10000_articles", |b| {
        b.iter(|| {
            let mut wb = spanbench::app::Workbench::headless(paths.clone(), Default::default());
            let ctx = egui::Context::default();
            let mut out = ctx.run_ui(input.clone(), |ui| wb.ui(ui));
            out.textures_delta.clear();
            let prims = ctx.tessellate(out.shapes, out.pixels_per_point);
            assert_eq!(wb.session.rows.len(), ARTICLES);
            prims.len()
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
