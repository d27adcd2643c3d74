//! The learned model's budgets: loading the shipped weights and calibration (inside the
//! 300 ms engine start), the engine with the model against the rules alone on the
//! seeds' text (the model's own cost per MB), and one online decision (under 50 ms).
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use spanbench::model::{Annotations, Edit, Label, Origin};
use spanbench::suggest::tagger::{CALIBRATION, Model, WEIGHTS};
use spanbench::suggest::{Engine, Policy};
use spanbench::text::TextIndex;
use std::hint::black_box;

fn seed_texts() -> Vec<String> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
    let mut paths: Vec<_> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
    paths.sort();
    paths.iter().map(|p| std::fs::read_to_string(p).unwrap()).collect()
}

fn bench(c: &mut Criterion) {
    let mut g = c.benchmark_group("tagger");
    g.sample_size(20);
    g.bench_function("load_weights", |b| {
        b.iter(|| black_box(Model::from_parts(black_box(WEIGHTS), CALIBRATION).unwrap()))
    });
    g.bench_function("engine_start_with_model", |b| {
        b.iter(|| black_box(Engine::new_uncached()))
    });
    g.finish();

    // ~2 MB of the seeds' text, article by article.
    let seeds = seed_texts();
    let mut texts = Vec::new();
    let mut total = 0usize;
    while total < 2_000_000 {
        for t in &seeds {
            total += t.len();
            texts.push(TextIndex::new(t.as_str()));
        }
    }
    let ann = Annotations::new("bench", "bench.txt", "");
    let mut g = c.benchmark_group("tagger_throughput");
    g.sample_size(10);
    g.throughput(Throughput::Bytes(total as u64));
    for pol in [Policy::Rules, spanbench::suggest::DEFAULT_POLICY] {
        let mut e = Engine::new();
        e.set_policy(pol);
        g.bench_function(
            format!("suggest_2MB_seeds_{}", pol.name().replace([' ', ','], "_")),
            |b| b.iter(|| texts.iter().map(|t| e.suggest(black_box(t), &ann).len()).sum::<usize>()),
        );
    }
    g.finish();

    // One decision: the largest seed article with one more span, learned afresh.
    let big = seeds.iter().max_by_key(|t| t.len()).unwrap();
    let ti = TextIndex::new(big.as_str());
    let e0 = Engine::new();
    let mut ann = Annotations::new("big", "big.txt", "");
    for s in e0
        .suggest(&ti, &ann)
        .into_iter()
        .filter(|s| s.label != Label::Claim)
        .take(40)
    {
        if let Ok(span) = ann.new_span(&ti, s.label, s.start, s.end, Origin::Manual) {
            let _ = ann.apply(Edit::AddSpan(span));
        }
    }
    let mut g = c.benchmark_group("tagger_online");
    g.sample_size(10);
    g.bench_function("learn_one_decision_largest_seed", |b| {
        let mut e = Engine::new();
        b.iter(|| e.learn(black_box(&ti), &ann))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
