//! Suggestion engine budgets: throughput on ~20 MB of generated news-like text (at least
//! 20 MB/s on one core) and engine start with the gazetteers built (under 300 ms).
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use spanbench::model::Annotations;
use spanbench::suggest::Engine;
use spanbench::text::TextIndex;
use std::hint::black_box;

const PEOPLE: &[&str] = &[
    "Anna Kovac",
    "Omar Haddad",
    "Li Wei",
    "Pieter van Dam",
    "Maria Lopez",
    "Yusuf Demir",
];
const TITLES: &[&str] = &["Foreign Minister", "President", "spokesman", "General", "envoy"];
const PLACES: &[&str] = &[
    "Kharkiv", "Aleppo", "Khartoum", "Gaza", "Mosul", "Tripoli", "Kabul", "Donetsk",
];
const COUNTRIES: &[&str] = &[
    "Russia", "Ukraine", "Syria", "Sudan", "Turkey", "Iran", "Israel", "Yemen",
];
const BODIES: &[&str] = &[
    "NATO",
    "the United Nations",
    "the European Union",
    "Hamas",
    "the Houthis",
    "Reuters",
];

/// A deterministic news-like article of about 4 kB (curly quotes, datelines, names).
fn article(seed: usize) -> String {
    let p = |k: usize, l: &[&str]| l[(seed * 7 + k * 13) % l.len()].to_string();
    let mut s = format!("{} — ", p(0, PLACES).to_uppercase());
    for k in 0..12 {
        s.push_str(&format!(
            "{} {} {} said on Tuesday that {} forces had shelled the outskirts of {} overnight. ",
            p(k, COUNTRIES),
            p(k, TITLES),
            p(k, PEOPLE),
            p(k + 1, COUNTRIES),
            p(k + 2, PLACES),
        ));
        s.push_str(&format!(
            "“We will not accept this escalation,” {} told reporters in {}, according to {}. ",
            p(k + 3, PEOPLE),
            p(k + 4, PLACES),
            p(k, BODIES),
        ));
        s.push_str(&format!(
            "{}'s Defense Ministry insisted the strikes hit only military targets near {}.\n\n",
            p(k + 5, COUNTRIES),
            p(k + 6, PLACES),
        ));
    }
    s
}

fn bench(c: &mut Criterion) {
    let mut texts = Vec::new();
    let mut total = 0usize;
    let mut i = 0;
    while total < 20 * 1024 * 1024 {
        let a = article(i);
        total += a.len();
        texts.push(TextIndex::new(a));
        i += 1;
    }
    let engine = Engine::new();
    let ann = Annotations::new("bench", "bench.txt", "");
    let mut g = c.benchmark_group("suggest");
    g.sample_size(10);
    g.throughput(Throughput::Bytes(total as u64));
    g.bench_function("suggest_20MB_news", |b| {
        b.iter(|| {
            let mut n = 0;
            for t in &texts {
                n += engine.suggest(black_box(t), &ann).len();
            }
            n
        })
    });
    g.finish();
    let mut g = c.benchmark_group("engine");
    g.sample_size(10);
    g.bench_function("engine_start_gazetteers", |b| {
        b.iter(|| black_box(Engine::new_uncached()))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
