//! `agree` over 1,000 generated articles x 3 analysts (about 100 spans and 28 relations
//! per article each; the analysts differ by dropped, shifted and relabelled spans),
//! loading the folders and the corpus from disk as the command does. Budget: under 2 s.
//!
//! cargo bench --bench agree -- --warm-up-time 1 --measurement-time 10 --sample-size 10

use criterion::{Criterion, criterion_group, criterion_main};
use spanbench::agree::{self, load};
use spanbench::corpus::Article;
use spanbench::model::{Annotations, Edit, Label, Origin, Relation, Status};
use spanbench::store::Store;
use spanbench::text::TextIndex;
use std::path::{Path, PathBuf};

const ARTICLES: usize = 1000;
const ANALYSTS: usize = 3;

const PARAGRAPH: &str = "“Russia’s forces hit targets near Hama,” Sergei Lavrov said on Tuesday. \
Erdoğan told reporters in Ankara that the strikes must stop. The ministry did not say how many \
missiles were fired, and independent monitors could not confirm the reports from the region.\n\n";

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

/// Writes the corpus and the analysts' folders; returns (analyst folders, corpus).
fn make_team(dir: &Path) -> (Vec<PathBuf>, PathBuf) {
    let corpus = dir.join("corpus");
    std::fs::create_dir_all(&corpus).unwrap();
    let dirs: Vec<PathBuf> = (0..ANALYSTS).map(|a| dir.join(format!("analyst{a}"))).collect();
    let paras = 15;
    let para_len = PARAGRAPH.chars().count();
    for n in 0..ARTICLES {
        let id = format!("a{n:05}");
        let text = format!("Article {n} — Крылатые ракеты\n\n{}", PARAGRAPH.repeat(paras));
        let path = corpus.join(format!("{id}.txt"));
        std::fs::write(&path, &text).unwrap();
        let article = Article::from_text(id.clone(), path.clone(), text.clone());
        let t = TextIndex::new(text.clone());
        let base = char_of(&text, "“Russia");
        for (a, d) in dirs.iter().enumerate() {
            let mut ann = Annotations::new(id.clone(), path.to_string_lossy(), article.sha256.clone());
            ann.status = Status::Done;
            for p in 0..paras {
                let off = base + p * para_len;
                let mut ids = Vec::new();
                for (k, (label, needle)) in TAGS.iter().enumerate() {
                    let seed = n * 31 + p * 7 + k;
                    // Each analyst drops, shifts or relabels a different few.
                    if (seed + a) % 11 == 0 {
                        ids.push(None);
                        continue;
                    }
                    let s = off + char_of(PARAGRAPH, needle);
                    let mut e = s + needle.chars().count();
                    if *label == Label::Claim && (seed + 2 * a) % 5 == 0 {
                        e -= 5;
                    }
                    let label = if *label == Label::Location && (seed + a) % 7 == 0 {
                        Label::Actor
                    } else {
                        *label
                    };
                    match ann.new_span(&t, label, s, e, Origin::Manual) {
                        Ok(span) => {
                            ids.push(Some(span.id));
                            ann.apply(Edit::AddSpan(span)).unwrap();
                        }
                        Err(_) => ids.push(None),
                    }
                }
                for (c, sp) in [(0, 3), (6, 4)] {
                    if let (Some(c), Some(sp)) = (ids[c], ids[sp]) {
                        let _ = ann.apply(Edit::Link(Relation::said_by(c, sp)));
                    }
                }
            }
            Store::new(d).write_unchecked(&ann).unwrap();
        }
    }
    (dirs, corpus)
}

fn bench(c: &mut Criterion) {
    let tmp = tempfile::tempdir().unwrap();
    let (dirs, corpus) = make_team(tmp.path());
    let corpus = vec![corpus];
    let mut g = c.benchmark_group("agree");
    g.sample_size(10);
    g.bench_function("1000 articles x 3 analysts", |b| {
        b.iter(|| {
            let team = load::load_team(&dirs, &corpus).unwrap();
            assert_eq!(team.common.len(), ARTICLES);
            agree::agree(&team)
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
