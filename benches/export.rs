//! Export of 1,000 articles with 100 spans each (and 30 relations each), generated in a
//! temp folder: jsonl, prodigy and conll, each written to a file through the same
//! `spanbench::export::export` the CLI and the workbench call. Budget: under 2 s.
//!
//! cargo bench --bench export -- --warm-up-time 1 --measurement-time 5 --sample-size 10

use criterion::{Criterion, criterion_group, criterion_main};
use spanbench::corpus::Article;
use spanbench::export::{self, ExportOptions, Format, Selection};
use spanbench::model::{Annotations, Edit, Label, Origin, Relation, Status};
use spanbench::store::Store;
use spanbench::text::TextIndex;
use std::path::{Path, PathBuf};

const ARTICLES: usize = 1000;
const SPANS: usize = 100;

const PARAGRAPH: &str = "“Russia’s forces hit targets near Hama,” Sergei Lavrov said on Tuesday. \
Erdoğan told reporters in Ankara that the strikes must stop. The ministry did not say how many \
missiles were fired, and independent monitors could not confirm the reports from the region.\n\n";

/// (label, needle, nth occurrence inside the paragraph)
const TAGS: [(Label, &str); 7] = [
    (Label::Claim, "Russia’s forces hit targets near Hama"),
    (Label::Actor, "Russia"),
    (Label::Location, "Hama"),
    (Label::Actor, "Sergei Lavrov"),
    (Label::Actor, "Erdoğan"),
    (Label::Location, "Ankara"),
    (Label::Claim, "the strikes must stop"),
];

fn char_of(text: &str, needle: &str) -> usize {
    text[..text.find(needle).unwrap()].chars().count()
}

fn make_corpus(dir: &Path) -> Vec<PathBuf> {
    let seeds = dir.join("corpus");
    let store = Store::new(dir.join("annotations"));
    std::fs::create_dir_all(&seeds).unwrap();
    let paras = SPANS.div_ceil(TAGS.len());
    let para_len = PARAGRAPH.chars().count();
    for n in 0..ARTICLES {
        let id = format!("a{n:05}");
        let text = format!("Article {n} — Крылатые ракеты\n\n{}", PARAGRAPH.repeat(paras));
        let path = seeds.join(format!("{id}.txt"));
        std::fs::write(&path, &text).unwrap();
        let article = Article::from_text(id.clone(), path.clone(), text.clone());
        let t = TextIndex::new(text.clone());
        let mut ann = Annotations::new(id, path.to_string_lossy(), article.sha256.clone());
        ann.status = Status::Done;
        let base = char_of(&text, "“Russia");
        let mut count = 0;
        'outer: for p in 0..paras {
            let off = base + p * para_len;
            let mut ids = Vec::new();
            for (label, needle) in TAGS {
                if count == SPANS {
                    break 'outer;
                }
                let s = off + char_of(PARAGRAPH, needle);
                let span = ann
                    .new_span(&t, label, s, s + needle.chars().count(), Origin::Manual)
                    .unwrap();
                ids.push(span.id);
                ann.apply(Edit::AddSpan(span)).unwrap();
                count += 1;
            }
            if ids.len() == TAGS.len() {
                ann.apply(Edit::Link(Relation::said_by(ids[0], ids[3]))).unwrap();
                ann.apply(Edit::Link(Relation::said_by(ids[6], ids[4]))).unwrap();
            }
        }
        assert_eq!(ann.spans.len(), SPANS);
        store.write_unchecked(&ann).unwrap();
    }
    vec![seeds]
}

fn bench(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let corpus = make_corpus(dir.path());
    let store = Store::new(dir.path().join("annotations"));
    let mut group = c.benchmark_group("export_1000_articles_x_100_spans");
    for format in [Format::Jsonl, Format::Prodigy, Format::Conll] {
        let out = dir.path().join(format!("out.{format}"));
        group.bench_function(format.name(), |b| {
            b.iter(|| {
                let s = export::export(
                    format,
                    Some(&out),
                    &corpus,
                    &store,
                    Selection::default(),
                    &ExportOptions::default(),
                    &mut |_, _| {},
                )
                .unwrap();
                assert_eq!(s.articles, ARTICLES);
                s
            })
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
