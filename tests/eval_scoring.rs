//! `spanbench eval` scoring: exact match for ACTOR / LOCATION, IoU >= 0.5 one-to-one
//! for CLAIM, per label and micro-averaged.

use spanbench::eval::{evaluate, score_doc};
use spanbench::export::{DocRecord, RecordSpan};
use spanbench::model::Label;

fn sp(start: usize, end: usize, label: Label) -> RecordSpan {
    RecordSpan {
        start,
        end,
        label,
        text: None,
    }
}

#[test]
fn exact_match_for_entities_and_iou_for_claims() {
    let gold = vec![
        sp(0, 5, Label::Actor),
        sp(10, 15, Label::Location),
        sp(20, 60, Label::Claim),
    ];
    let pred = vec![
        sp(0, 5, Label::Actor),
        sp(10, 16, Label::Location), // off by one: wrong
        sp(25, 60, Label::Claim),    // IoU 35/40
        sp(20, 40, Label::Claim),    // a second one on the same gold: false positive
    ];
    let c = score_doc(&gold, &pred);
    assert_eq!(
        (c[&Label::Actor].tp, c[&Label::Actor].fp, c[&Label::Actor].fn_),
        (1, 0, 0)
    );
    assert_eq!(
        (c[&Label::Location].tp, c[&Label::Location].fp, c[&Label::Location].fn_),
        (0, 1, 1)
    );
    assert_eq!(
        (c[&Label::Claim].tp, c[&Label::Claim].fp, c[&Label::Claim].fn_),
        (1, 1, 0)
    );
}

#[test]
fn claims_below_half_iou_do_not_count_and_micro_adds_up() {
    let gold = vec![DocRecord {
        doc: Some("a".into()),
        spans: vec![sp(0, 100, Label::Claim), sp(0, 4, Label::Actor)],
        ..Default::default()
    }];
    let pred = vec![DocRecord {
        doc: Some("a".into()),
        spans: vec![sp(0, 49, Label::Claim), sp(0, 4, Label::Actor)],
        ..Default::default()
    }];
    let r = evaluate(&gold, &pred);
    assert_eq!(r.get(Label::Claim).tp, 0);
    assert_eq!(r.micro().tp, 1);
    assert_eq!(r.micro().fp, 1);
    assert_eq!(r.micro().fn_, 1);
    assert!((r.micro().f1() - 0.5).abs() < 1e-9);
    assert!(r.table().contains("micro"));
}

#[test]
fn a_document_without_prediction_counts_as_misses() {
    let gold = vec![DocRecord {
        doc: Some("x".into()),
        spans: vec![sp(0, 4, Label::Actor)],
        ..Default::default()
    }];
    let r = evaluate(&gold, &[]);
    assert_eq!(r.missing, vec!["x".to_string()]);
    assert_eq!(r.get(Label::Actor).fn_, 1);
}
