//! The model's spans are always inside the text, on whole tokens: never starting or
//! ending on whitespace, never empty, sorted and disjoint (as the claims layer needs),
//! on any input; and the engine with the model keeps an F1 floor on the seeds (in
//! training: a regression guard) and on the held-out GUM news dev set.

use proptest::prelude::*;
use spanbench::eval::{evaluate, read_records};
use spanbench::export::{DocRecord, RecordSpan};
use spanbench::model::{Annotations, Label};
use spanbench::suggest::{Engine, Policy};
use spanbench::text::TextIndex;
use std::path::PathBuf;

fn check(e: &Engine, text: &str) {
    let ti = TextIndex::new(text);
    let ann = Annotations::new("x", "x.txt", "");
    let out = e.suggest(&ti, &ann);
    let mut last_end = 0;
    for s in out.iter().filter(|s| s.label != Label::Claim) {
        assert!(s.start < s.end && s.end <= ti.len_chars(), "{s:?} out of range");
        assert!(
            !ti.char_at(s.start).unwrap().is_whitespace(),
            "{s:?} starts on whitespace"
        );
        assert!(
            !ti.char_at(s.end - 1).unwrap().is_whitespace(),
            "{s:?} ends on whitespace"
        );
        assert!(s.start >= last_end, "names overlap: {s:?}");
        assert!((0.0..=1.0).contains(&s.score));
        last_end = s.end;
    }
}

fn model_only() -> Engine {
    let mut e = Engine::new();
    e.set_policy(Policy::Model);
    e
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]
    #[test]
    fn spans_stay_on_tokens(text in "([A-Z][a-zé]{0,6}|[a-z]{1,5}|U\\.S\\.|’s|'s|[ \\n\\t]{1,3}|[.,;:()“”—-]|Ğ|😀|Москва){0,60}") {
        check(&Engine::new(), &text);
        check(&model_only(), &text);
    }
}

#[test]
fn odd_inputs_do_not_panic() {
    for t in [
        "",
        " ",
        "\n\n",
        "A",
        "’s",
        "(AA)",
        "U.S.-led",
        "Mr. Kim Jong-un said",
        "\u{feff}Syria —",
    ] {
        check(&Engine::new(), t);
        check(&model_only(), t);
    }
}

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn f1s(gold: &[DocRecord], texts: &[String]) -> (f64, f64) {
    let e = Engine::new();
    let pred: Vec<DocRecord> = gold
        .iter()
        .zip(texts)
        .map(|(g, t)| {
            let ti = TextIndex::new(t.clone());
            let ann = Annotations::new("x", "x.txt", "");
            DocRecord {
                doc: g.doc.clone(),
                spans: e
                    .suggest(&ti, &ann)
                    .into_iter()
                    .map(|s| RecordSpan {
                        start: s.start,
                        end: s.end,
                        label: s.label,
                        text: None,
                    })
                    .collect(),
                ..Default::default()
            }
        })
        .collect();
    let r = evaluate(gold, &pred);
    println!("{}", r.table());
    (r.get(Label::Actor).f1(), r.get(Label::Location).f1())
}

#[test]
fn f1_floor_on_the_seeds_and_the_held_out_dev_set() {
    let gold = read_records(&repo().join("tests/data/seeds-gold.jsonl")).unwrap();
    let texts: Vec<String> = gold
        .iter()
        .map(|g| std::fs::read_to_string(repo().join(format!("seeds/{}.txt", g.doc.as_deref().unwrap()))).unwrap())
        .collect();
    let (a, l) = f1s(&gold, &texts);
    assert!(a >= 0.95 && l >= 0.95, "seeds ACTOR {a:.3} LOCATION {l:.3}");
    let dev = read_records(&repo().join("assets/train/gum-news-dev.jsonl")).unwrap();
    let texts: Vec<String> = dev.iter().map(|g| g.text.clone().unwrap()).collect();
    let (a, l) = f1s(&dev, &texts);
    // Shipped: 0.608 / 0.614. Floors a little under them: retraining on another sentence
    // order alone moves GUM dev LOCATION F1 by up to 0.03 (assets/model/README.md).
    assert!(a >= 0.59 && l >= 0.59, "GUM dev ACTOR {a:.3} LOCATION {l:.3}");
}
