//! Suggestion engine budgets: throughput on ~20 MB of generated news-like text and on
//! the seeds' own text, engine start with the gazetteers built (under 300 ms), and a
//! size series (one article of 0.5, 1, 2, 4 and 8 MB of seed text) whose time per MB
//! must stay flat: linear in the article's length. Measured in CPU time of the
//! benchmarking thread (the machine is shared, so wall clock is noise): "MB/s CPU" is
//! throughput per core.
use criterion::measurement::{Measurement, ValueFormatter};
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

fn seed_texts() -> Vec<String> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
    let mut paths: Vec<_> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
    paths.sort();
    paths.iter().map(|p| std::fs::read_to_string(p).unwrap()).collect()
}

/// CPU time of the benchmarking thread (the machine is shared: wall clock is noise).
struct CpuTime;

/// This thread's CPU time so far, in nanoseconds.
fn thread_cpu_ns() -> f64 {
    let mut t = libc::timespec { tv_sec: 0, tv_nsec: 0 };
    // SAFETY: clock_gettime only writes the timespec it is given.
    unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut t) };
    t.tv_sec as f64 * 1e9 + t.tv_nsec as f64
}

impl Measurement for CpuTime {
    type Intermediate = f64;
    type Value = f64;
    fn start(&self) -> f64 {
        thread_cpu_ns()
    }
    fn end(&self, start: f64) -> f64 {
        thread_cpu_ns() - start
    }
    fn add(&self, a: &f64, b: &f64) -> f64 {
        a + b
    }
    fn zero(&self) -> f64 {
        0.0
    }
    fn to_f64(&self, v: &f64) -> f64 {
        *v
    }
    fn formatter(&self) -> &dyn ValueFormatter {
        &CpuFormatter
    }
}

struct CpuFormatter;

impl ValueFormatter for CpuFormatter {
    fn scale_values(&self, ns: f64, values: &mut [f64]) -> &'static str {
        let (f, unit) = if ns < 1e3 {
            (1.0, "ns CPU")
        } else if ns < 1e6 {
            (1e-3, "µs CPU")
        } else if ns < 1e9 {
            (1e-6, "ms CPU")
        } else {
            (1e-9, "s CPU")
        };
        values.iter_mut().for_each(|v| *v *= f);
        unit
    }
    fn scale_throughputs(&self, _typical: f64, t: &Throughput, values: &mut [f64]) -> &'static str {
        let (n, unit) = match *t {
            Throughput::Bytes(b) | Throughput::BytesDecimal(b) => (b as f64 / 1e6, "MB/s CPU"),
            Throughput::Bits(b) => (b as f64 / 1e6, "Mb/s CPU"),
            Throughput::Elements(e) | Throughput::ElementsAndBytes { elements: e, .. } => (e as f64, "elem/s CPU"),
        };
        values.iter_mut().for_each(|v| *v = n * 1e9 / *v);
        unit
    }
    fn scale_for_machines(&self, _values: &mut [f64]) -> &'static str {
        "ns"
    }
}

fn bench(c: &mut Criterion<CpuTime>) {
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
    // The seeds' own text, article by article, repeated to ~20 MB.
    let seeds = seed_texts();
    let mut texts = Vec::new();
    let mut total = 0usize;
    while total < 20 * 1000 * 1000 {
        for t in &seeds {
            total += t.len();
            texts.push(TextIndex::new(t.as_str()));
        }
    }
    let mut g = c.benchmark_group("suggest");
    g.sample_size(10);
    g.throughput(Throughput::Bytes(total as u64));
    g.bench_function("suggest_20MB_seed_articles", |b| {
        b.iter(|| {
            texts
                .iter()
                .map(|t| engine.suggest(black_box(t), &ann).len())
                .sum::<usize>()
        })
    });
    g.finish();
    drop(texts);
    // One article of growing size.
    let joined: String = seeds.iter().map(|t| format!("{t}\n\n")).collect();
    let mut g = c.benchmark_group("suggest_size");
    g.sample_size(10);
    for mb in [0.5f64, 1.0, 2.0, 4.0, 8.0] {
        let n = (mb * 1e6) as usize;
        let mut text = joined.repeat(n / joined.len() + 1);
        text.truncate(text.floor_char_boundary(n));
        let t = TextIndex::new(text);
        g.throughput(Throughput::Bytes(n as u64));
        g.bench_function(format!("one_article_{mb}MB"), |b| {
            b.iter(|| engine.suggest(black_box(&t), &ann).len())
        });
    }
    g.finish();
    let mut g = c.benchmark_group("engine");
    g.sample_size(10);
    g.bench_function("engine_start_gazetteers", |b| {
        b.iter(|| black_box(Engine::new_uncached()))
    });
    g.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().with_measurement(CpuTime);
    targets = bench
}
criterion_main!(benches);
