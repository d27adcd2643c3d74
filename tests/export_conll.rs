//! CoNLL-2003: round-trips the spans it can express and reports exactly the ones it
//! cannot (nested, overlapping, same range), checked against an independent
//! implementation of spaCy's `filter_spans` rule; `--labels` picks the column's labels.

mod export_support;
use export_support::*;
use spanbench::export::{ExportOptions, Format, conll};
use spanbench::model::Label;
use spanbench::text::TextIndex;
use std::collections::BTreeSet;

type Key = (Label, usize, usize);

/// spaCy's `filter_spans`: longest first, then earliest; drop what overlaps a kept span.
/// (Ties between two labels on the same range go to the label that sorts first.)
fn filter_spans(spans: &[Key]) -> (BTreeSet<Key>, BTreeSet<Key>) {
    let mut sorted = spans.to_vec();
    sorted.sort_by(|a, b| (b.2 - b.1, a.1, a.0).cmp(&(a.2 - a.1, b.1, b.0)));
    let mut kept: Vec<Key> = Vec::new();
    let mut dropped = BTreeSet::new();
    for s in sorted {
        if kept.iter().any(|k| k.1 < s.2 && s.1 < k.2) {
            dropped.insert(s);
        } else {
            kept.push(s);
        }
    }
    (kept.into_iter().collect(), dropped)
}

fn check(labels: Vec<Label>) {
    let ws = Ws::annotated();
    let out = ws.path().join("out.conll");
    let summary = ws.export(
        Format::Conll,
        &out,
        &ExportOptions {
            labels: labels.clone(),
            ..Default::default()
        },
    );
    let src = std::fs::read_to_string(&out).unwrap();
    assert!(src.starts_with("-DOCSTART- -X- -X- O\n\n"));
    for line in src.lines().filter(|l| !l.is_empty()) {
        let cols: Vec<&str> = line.split(' ').collect();
        assert_eq!(cols.len(), 4, "{line:?}");
        assert!(cols[3] == "O" || cols[3].starts_with("B-") || cols[3].starts_with("I-"));
        if cols[0] != "-DOCSTART-" {
            assert_eq!(&cols[1..3], ["-X-", "_"]);
        }
    }
    // No sentence starts inside a span (IOB2: a sentence never opens with I-).
    for block in src.split("\n\n") {
        if let Some(first) = block.lines().next() {
            assert!(!first.contains(" I-"), "a sentence opens inside a span: {first}");
        }
    }
    let docs = conll::parse(&src).unwrap();
    let articles = ws.articles();
    assert_eq!(docs.len(), articles.len());
    let mut total_kept = 0;
    let mut total_lost: BTreeSet<(String, Key)> = BTreeSet::new();
    let mut expected_lost: BTreeSet<(String, Key)> = BTreeSet::new();
    let mut rels = 0;
    for (doc, a) in docs.iter().zip(&articles) {
        assert!(doc.sentences > 3, "{}: {} sentences", a.id, doc.sentences);
        let ann = ws.store().read(&a.id).unwrap().unwrap();
        rels += ann.relations.len();
        let candidates: Vec<Key> = ann
            .spans
            .iter()
            .filter(|s| labels.is_empty() || labels.contains(&s.label))
            .map(|s| (s.label, s.start, s.end))
            .collect();
        let (kept, dropped) = filter_spans(&candidates);
        let back: BTreeSet<Key> = conll::spans_in_text(doc, &TextIndex::new(a.text.clone()))
            .unwrap()
            .into_iter()
            .map(|s| (s.label, s.start, s.end))
            .collect();
        // Every span it can express comes back exactly.
        assert_eq!(back, kept, "{}", a.id);
        total_kept += kept.len();
        if labels.is_empty() && ann.spans.iter().any(|s| s.label == Label::Claim) {
            // Actors and locations nested in claims cannot be in the same column.
            assert!(!dropped.is_empty(), "{}", a.id);
        }
        expected_lost.extend(dropped.into_iter().map(|k| (a.id.clone(), k)));
    }
    for l in &summary.lost_spans {
        assert!(
            total_lost.insert((l.doc.clone(), (l.label, l.start, l.end))),
            "reported twice: {l}"
        );
        assert!(
            l.reason.starts_with("nested in") || l.reason.starts_with("overlaps") || l.reason.starts_with("same range"),
            "{l}"
        );
    }
    // Exactly the ones it cannot express are reported, each once, with a line in `lost`.
    assert_eq!(total_lost, expected_lost);
    assert!(!expected_lost.is_empty());
    assert_eq!(summary.spans, total_kept);
    assert_eq!(summary.lost.len(), summary.lost_spans.len() + 1);
    assert!(
        summary
            .lost
            .last()
            .unwrap()
            .contains(&format!("{rels} SAID_BY relations"))
    );
}

#[test]
fn conll_all_labels_keeps_the_expressible_and_reports_the_rest() {
    check(Vec::new());
}

#[test]
fn conll_labels_pick_the_column() {
    check(vec![Label::Actor, Label::Location]);
    // And only those labels appear.
    let ws = Ws::annotated();
    let out = ws.path().join("a.conll");
    ws.export(
        Format::Conll,
        &out,
        &ExportOptions {
            labels: vec![Label::Claim],
            ..Default::default()
        },
    );
    let src = std::fs::read_to_string(&out).unwrap();
    assert!(src.contains("B-CLAIM") && !src.contains("ACTOR") && !src.contains("LOCATION"));
}

#[test]
fn conll_cli_prints_each_lost_span() {
    let ws = Ws::annotated();
    let out = ws.path().join("cli.conll");
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_spanbench"))
        .args(["export", "--format", "conll", "--labels", "actor,location", "-o"])
        .arg(&out)
        .arg("--corpus")
        .arg(ws.path().join("seeds"))
        .arg("--annotations")
        .arg(ws.path().join("annotations"))
        .output()
        .unwrap();
    assert!(o.status.success());
    let err = String::from_utf8_lossy(&o.stderr);
    let lib = ws.export(
        Format::Conll,
        &ws.path().join("lib.conll"),
        &ExportOptions {
            labels: vec![Label::Actor, Label::Location],
            ..Default::default()
        },
    );
    let printed = err.lines().filter(|l| l.starts_with("not in conll: ")).count();
    assert_eq!(printed, lib.lost.len());
    assert!(err.contains("same range as ACTOR"), "{err}");
    assert_eq!(
        std::fs::read(&out).unwrap(),
        std::fs::read(ws.path().join("lib.conll")).unwrap()
    );
}
