//! `spanbench eval` scores SAID_BY links: speaker accuracy over matched claims (exact
//! span, and "the same person": another gold mention of the same name) and relation
//! precision / recall / F1. Also checks the hand-made links of tests/data/seeds-gold.jsonl.

use serde_json::json;
use spanbench::eval::{evaluate, read_records};
use spanbench::model::Label;
use std::path::PathBuf;
use std::process::Command;

fn write_jsonl(path: &std::path::Path, lines: &[serde_json::Value]) {
    let s: String = lines.iter().map(|l| format!("{l}\n")).collect();
    std::fs::write(path, s).unwrap();
}

fn actor(start: usize, end: usize, text: &str) -> serde_json::Value {
    json!({"start": start, "end": end, "label": "ACTOR", "text": text})
}

fn claim(start: usize, end: usize) -> serde_json::Value {
    json!({"start": start, "end": end, "label": "CLAIM"})
}

fn said_by(c: usize, s: usize) -> serde_json::Value {
    json!({"label": "SAID_BY", "claim": c, "speaker": s})
}

/// Gold: article "a" with claims said by Lavrov (mention 0), Kirby, nobody
/// ("officials said") and Lavrov again (mention 5); article "b" with one claim.
/// Prediction for "a" only: one speaker right, one wrong person, one speaker where gold
/// has none, one another mention of Lavrov (the same person, not the gold span).
#[test]
fn eval_prints_speaker_accuracy_and_relation_f1_with_known_numbers() {
    let dir = tempfile::tempdir().unwrap();
    let gold = dir.path().join("gold.jsonl");
    let pred = dir.path().join("pred.jsonl");
    write_jsonl(
        &gold,
        &[
            json!({"doc": "a", "spans": [
                actor(0, 6, "Lavrov"), claim(12, 28), actor(30, 35, "Kirby"), claim(42, 49),
                claim(51, 70), actor(72, 78, "Lavrov"), claim(84, 100)
            ], "relations": [said_by(1, 0), said_by(3, 2), said_by(6, 5)]}),
            json!({"doc": "b", "spans": [actor(0, 4, "Abdi"), claim(10, 30)],
                   "relations": [said_by(1, 0)]}),
        ],
    );
    write_jsonl(
        &pred,
        &[json!({"doc": "a", "spans": [
            actor(0, 6, "Lavrov"), claim(13, 28), claim(42, 49), actor(30, 35, "Kirby"),
            claim(51, 70), claim(84, 100)
        ], "relations": [said_by(1, 0), said_by(2, 0), said_by(4, 3), said_by(5, 0)]})],
    );

    // The library: 3 matched claims with a gold speaker; 1 exact, 2 the same person.
    let r = evaluate(&read_records(&gold).unwrap(), &read_records(&pred).unwrap());
    assert_eq!(r.get(Label::Claim).tp, 4);
    let l = r.links;
    assert_eq!((l.with_speaker, l.speaker_exact, l.speaker_same), (3, 1, 2));
    assert_eq!((l.without_speaker, l.speaker_spurious), (1, 1));
    // 4 predicted relations, 4 gold (one in the unpredicted article), 1 right.
    assert_eq!((l.relations.tp, l.relations.fp, l.relations.fn_), (1, 3, 3));
    assert_eq!(
        (l.relations_same.tp, l.relations_same.fp, l.relations_same.fn_),
        (2, 2, 2)
    );

    // The command line prints them under the span table.
    let o = Command::new(env!("CARGO_BIN_EXE_spanbench"))
        .args(["eval", "--gold"])
        .arg(&gold)
        .arg(&pred)
        .output()
        .unwrap();
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let row = |name: &str| -> Vec<String> {
        out.lines()
            .find(|l| l.split_whitespace().next() == Some(name))
            .unwrap_or_else(|| panic!("no {name} row in\n{out}"))
            .split_whitespace()
            .map(str::to_string)
            .collect()
    };
    assert_eq!(row("SAID_BY"), ["SAID_BY", "1", "3", "3", "0.250", "0.250", "0.250"]);
    assert_eq!(row("SAID_BY~"), ["SAID_BY~", "2", "2", "2", "0.500", "0.500", "0.500"]);
    assert!(
        out.contains("speaker accuracy 0.333 (1 of 3 matched claims with a gold speaker); same person 0.667 (2 of 3)"),
        "{out}"
    );
    assert!(out.contains("speaker linked where gold has none: 1 of 1"), "{out}");
    assert!(String::from_utf8_lossy(&o.stderr).contains("no prediction for gold document b"));
}

#[test]
fn eval_warns_about_relations_that_are_not_claim_to_actor() {
    let dir = tempfile::tempdir().unwrap();
    let gold = dir.path().join("gold.jsonl");
    write_jsonl(
        &gold,
        &[
            json!({"doc": "a", "spans": [actor(0, 6, "Lavrov"), actor(10, 15, "Kirby"), claim(20, 40)],
                 "relations": [said_by(0, 1), said_by(2, 0)]}),
        ],
    );
    let o = Command::new(env!("CARGO_BIN_EXE_spanbench"))
        .args(["eval", "--gold"])
        .arg(&gold)
        .arg(&gold)
        .output()
        .unwrap();
    assert!(o.status.success());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("1 relations not between a CLAIM and an ACTOR"), "{err}");
    assert!(String::from_utf8_lossy(&o.stdout).contains("speaker accuracy 1.000 (1 of 1"));
}

fn seeds_gold() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data/seeds-gold.jsonl")
}

/// The hand-made SAID_BY links of the seeds gold: every one from a CLAIM to an ACTOR of
/// the same article, at most one speaker a claim, the span texts those of the article.
#[test]
fn seeds_gold_links_are_well_formed_and_score_perfectly_against_themselves() {
    let gold = read_records(&seeds_gold()).expect("seeds gold parses");
    assert_eq!(gold.len(), 5);
    let (mut spans, mut claims, mut rels) = (0, 0, 0);
    for g in &gold {
        let id = g.doc.as_deref().unwrap();
        let text =
            std::fs::read_to_string(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(format!("seeds/{id}.txt"))).unwrap();
        for s in &g.spans {
            let t: String = text.chars().skip(s.start).take(s.end - s.start).collect();
            assert_eq!(Some(&t), s.text.as_ref(), "{id} {}..{}", s.start, s.end);
        }
        let mut linked = std::collections::BTreeSet::new();
        for r in &g.relations {
            assert_eq!(
                g.spans[r.claim].label,
                Label::Claim,
                "{id}: relation from span {}",
                r.claim
            );
            assert_eq!(
                g.spans[r.speaker].label,
                Label::Actor,
                "{id}: relation to span {}",
                r.speaker
            );
            assert!(linked.insert(r.claim), "{id}: claim {} has two speakers", r.claim);
        }
        spans += g.spans.len();
        claims += g.spans.iter().filter(|s| s.label == Label::Claim).count();
        rels += g.relations.len();
    }
    assert_eq!((spans, claims, rels), (923, 191, 158));
    let r = evaluate(&gold, &gold);
    assert_eq!(r.links.with_speaker, 158);
    assert_eq!(r.links.speaker_accuracy(), 1.0);
    assert_eq!(r.links.relations.f1(), 1.0);
    assert_eq!(r.links.speaker_spurious, 0);
}
