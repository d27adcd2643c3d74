//! Round trips: import(export(x)) == x for jsonl, prodigy, doccano (relation shape) and
//! brat on all five seeds annotated with nested and overlapping spans and relations;
//! the ron bundle holds every article's annotations as they are.

mod export_support;
use export_support::*;
use spanbench::export::{ExportOptions, Format, bundle};
use spanbench::model::{Label, Origin};

fn round_trip(format: Format, options: &ExportOptions, keeps_status: bool) {
    let ws = Ws::annotated();
    let out = ws.path().join(format!("out.{format}"));
    let summary = ws.export(format, &out, options);
    assert!(summary.lost.is_empty(), "{format} lost {:?}", summary.lost);
    assert!(summary.problems.is_empty(), "{:?}", summary.problems);
    assert_eq!(summary.articles, 5);
    let originals: Vec<_> = ws
        .articles()
        .iter()
        .map(|a| ws.store().read(&a.id).unwrap().unwrap())
        .collect();
    let total_spans: usize = originals.iter().map(|a| a.spans.len()).sum();
    let total_rels: usize = originals.iter().map(|a| a.relations.len()).sum();
    assert_eq!(summary.spans, total_spans);
    assert_eq!(summary.relations, total_rels);
    assert!(total_rels >= 10, "the fixture must have relations ({total_rels})");

    let (store2, report) = ws.import_fresh(&out, format);
    let report = report.unwrap_or_else(|e| panic!("{format}: {e:?}"));
    assert_eq!(report.records, 5);
    assert_eq!(report.spans_added, total_spans);
    assert_eq!(report.relations_added, total_rels);
    for x in &originals {
        let back = store2.read(&x.article).unwrap().expect("written");
        assert_eq!(content(&back), content(x), "{format}: {}", x.article);
        if keeps_status {
            assert_eq!(back.status, x.status, "{format}: {}", x.article);
        }
        assert!(back.spans.iter().all(|s| s.origin == Origin::Imported));
        // Overlapping spans survived: some span is nested in a claim, some pair share a range.
        let claims: Vec<_> = back.spans.iter().filter(|s| s.label == Label::Claim).collect();
        assert!(
            back.spans
                .iter()
                .any(|s| s.label != Label::Claim && claims.iter().any(|c| c.start <= s.start && s.end <= c.end)),
            "{format}: {} has no nesting",
            x.article
        );
    }
    // Importing the same export again changes nothing (every span is already there).
    let again = spanbench::import::import_any(
        &out,
        &ws.corpus(),
        &store2,
        &spanbench::import::ImportOptions {
            format: Some(format),
            skip_bad: false,
        },
    )
    .unwrap();
    assert_eq!((again.spans_added, again.relations_added), (0, 0));
    assert_eq!(again.spans_already_there, total_spans);
}

#[test]
fn jsonl_round_trips() {
    round_trip(Format::Jsonl, &ExportOptions::default(), true);
}

#[test]
fn prodigy_round_trips() {
    round_trip(Format::Prodigy, &ExportOptions::default(), true);
}

#[test]
fn doccano_with_relations_round_trips() {
    round_trip(
        Format::Doccano,
        &ExportOptions {
            relations: true,
            ..Default::default()
        },
        true,
    );
}

#[test]
fn brat_round_trips() {
    round_trip(Format::Brat, &ExportOptions::default(), false);
}

#[test]
fn doccano_span_shape_round_trips_spans_and_reports_the_relations_it_drops() {
    let ws = Ws::annotated();
    let out = ws.path().join("d.jsonl");
    let s = ws.export(Format::Doccano, &out, &ExportOptions::default());
    assert_eq!(s.relations, 0);
    assert_eq!(s.lost.len(), 1);
    assert!(
        s.lost[0].contains("SAID_BY relations") && s.lost[0].contains("--relations"),
        "{:?}",
        s.lost
    );
    let (store2, r) = ws.import_fresh(&out, Format::Doccano);
    r.unwrap();
    for a in ws.articles() {
        let x = ws.store().read(&a.id).unwrap().unwrap();
        let back = store2.read(&a.id).unwrap().unwrap();
        assert_eq!(content(&back).spans, content(&x).spans);
        assert!(back.relations.is_empty());
    }
}

#[test]
fn ron_bundle_holds_every_article_as_stored() {
    let ws = Ws::annotated();
    let out = ws.path().join("all.ron");
    let s = ws.export(Format::Ron, &out, &ExportOptions::default());
    assert!(s.lost.is_empty());
    let src = std::fs::read_to_string(&out).unwrap();
    let list = bundle::read(&src, &out).unwrap();
    assert_eq!(list.len(), 5);
    for ann in list {
        assert_eq!(ws.store().read(&ann.article).unwrap().unwrap(), ann);
    }
}

#[test]
fn the_fixture_has_the_hard_cases() {
    // Guards the fixture itself: curly quotes at claim edges, Erdoğan, Cyrillic, a claim
    // over a line break, and a cross-edge overlap in every article with quotes.
    let ws = Ws::annotated();
    let store = ws.store();
    let mut multi_line = 0;
    for a in ws.articles() {
        let ann = store.read(&a.id).unwrap().unwrap();
        multi_line += ann.spans.iter().filter(|s| s.text.contains('\n')).count();
        if a.id == S001 {
            assert!(ann.spans.iter().any(|s| s.text == "Erdoğan" && s.label == Label::Actor));
        }
        if a.id == S004 {
            assert!(ann.spans.iter().any(|s| s.text == "ИГИЛ"));
            assert!(
                ann.spans
                    .iter()
                    .any(|s| s.text.starts_with("Крылатые") && s.label == Label::Claim)
            );
        }
    }
    assert!(multi_line >= 5, "{multi_line}");
}
