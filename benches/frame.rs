//! A full headless frame of the workbench: egui `Context::run_ui` (layout, paint) and
//! tessellation, on real app state.
//! - seed 004 (the largest seed) with 300 spans,
//! - a 1 MB article (the seeds repeated) with 10,000 spans,
//! - scrolling through the 1 MB article (a new place every frame).
use criterion::{Criterion, criterion_group, criterion_main};
use spanbench::app::Workbench;
use spanbench::app::chooser::ScriptedChooser;
use spanbench::commands::Paths;
use spanbench::corpus;
use spanbench::model::{Edit, Label, Origin};
use spanbench::store::Store;
use spanbench::text::TextIndex;
use std::path::{Path, PathBuf};

fn seeds() -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    v.sort();
    v
}

/// A corpus of one article with `n` spans (every word-ish third word, rotating labels,
/// one claim per sentence-ish stretch) saved in its RON file.
fn setup(dir: &Path, text: &str, n: usize) -> Paths {
    let corpus_dir = dir.join("corpus");
    let ann_dir = dir.join("ann");
    std::fs::create_dir_all(&corpus_dir).unwrap();
    let file = corpus_dir.join("article.txt");
    std::fs::write(&file, text).unwrap();
    let (entries, _) = corpus::discover(std::slice::from_ref(&corpus_dir));
    let article = entries[0].read().unwrap();
    let idx = TextIndex::new(article.text.clone());
    let store = Store::new(&ann_dir);
    let mut ann = store.open(&article, &idx).unwrap().annotations;
    let words = idx.words_in(0, idx.len_chars());
    let step = (words.len() / n).max(1);
    let mut made = 0;
    let mut i = 0;
    while made < n && i + 6 < words.len() {
        let w = &words[i];
        let (label, start, end) = match made % 3 {
            0 => (Label::Actor, w.start, w.end),
            1 => (Label::Location, w.start, w.end),
            _ => (Label::Claim, w.start, words[i + 5].end),
        };
        if let Ok(s) = ann.new_span(&idx, label, start, end, Origin::Manual)
            && ann.apply(Edit::AddSpan(s)).is_ok()
        {
            made += 1;
        }
        i += step;
    }
    store.save(&ann).unwrap();
    Paths {
        corpus: vec![corpus_dir],
        annotations: ann_dir,
    }
}

fn input() -> egui::RawInput {
    egui::RawInput {
        screen_rect: Some(egui::Rect::from_min_size(egui::Pos2::ZERO, egui::vec2(1280.0, 800.0))),
        ..Default::default()
    }
}

fn frame(ctx: &egui::Context, wb: &mut Workbench) -> usize {
    let out = ctx.run_ui(input(), |ui| wb.ui(ui));
    let prims = ctx.tessellate(out.shapes, out.pixels_per_point);
    prims.len()
}

fn warm(ctx: &egui::Context, wb: &mut Workbench) {
    wb.session.wait_for_corpus();
    for _ in 0..3 {
        frame(ctx, wb);
    }
    wb.session.wait_for_suggestions();
    for _ in 0..3 {
        frame(ctx, wb);
    }
}

fn bench(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();

    let seed4 = std::fs::read_to_string(&seeds()[4]).unwrap();
    let paths = setup(&dir.path().join("s4"), &seed4, 300);
    let mut wb = Workbench::headless(paths, ScriptedChooser::default());
    let ctx = egui::Context::default();
    warm(&ctx, &mut wb);
    assert_eq!(wb.session.doc.as_ref().unwrap().ann.spans.len(), 300);
    c.bench_function("frame_seed004_300_spans", |b| b.iter(|| frame(&ctx, &mut wb)));
    drop(wb);

    let mut big = String::new();
    let all: Vec<String> = seeds().iter().map(|p| std::fs::read_to_string(p).unwrap()).collect();
    while big.len() < 1_000_000 {
        for s in &all {
            big.push_str(s);
            big.push_str("\n\n");
        }
    }
    let paths = setup(&dir.path().join("big"), &big, 10_000);
    let mut wb = Workbench::headless(paths, ScriptedChooser::default());
    let ctx = egui::Context::default();
    warm(&ctx, &mut wb);
    assert_eq!(wb.session.doc.as_ref().unwrap().ann.spans.len(), 10_000);
    c.bench_function("frame_1mb_10k_spans", |b| b.iter(|| frame(&ctx, &mut wb)));

    let len = wb.session.doc.as_ref().unwrap().text.len_chars();
    let mut at = 0usize;
    c.bench_function("frame_1mb_scrolling", |b| {
        b.iter(|| {
            at = (at + 7_919) % len;
            wb.view.scroll_to = Some(at);
            frame(&ctx, &mut wb)
        })
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
