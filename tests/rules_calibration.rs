//! The rules' calibration (src/suggest/rules_calib.rs) makes the rules-only scores mean
//! more: on two held-out GUM dev articles (tests/data/gum-news-dev-2.jsonl, the first
//! two records of assets/train/gum-news-dev.jsonl, never trained on) the expected
//! calibration error of the final ACTOR / LOCATION suggestions under `--policy rules`
//! is lower with the shipped table than with the raw scores; the default policy is
//! untouched by it.

use spanbench::model::Annotations;
use spanbench::suggest::rules_calib::RulesCalibration;
use spanbench::suggest::tagger::{data, evaluate as ev};
use spanbench::suggest::{Engine, Policy};
use spanbench::text::TextIndex;
use std::path::PathBuf;
use std::sync::Arc;

fn fixture() -> Vec<ev::Prepped> {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data/gum-news-dev-2.jsonl");
    ev::prepare_docs(data::load(&p, None).expect("fixture loads"))
}

#[test]
fn rules_policy_ece_is_lower_after_calibration_on_held_out_articles() {
    let docs = fixture();
    let docs: Vec<&ev::Prepped> = docs.iter().collect();
    assert_eq!(docs.len(), 2);
    let raw = ev::rules_engine(Arc::new(RulesCalibration::default()));
    let calibrated = ev::rules_engine(RulesCalibration::shipped());
    let n = ev::final_scored(&raw, &docs).len();
    assert!(n >= 20, "enough suggestions to bin: {n}");
    // The same suggestions, other scores.
    let spans = |e: &Engine| -> Vec<(usize, usize)> {
        docs.iter()
            .flat_map(|d| e.suggest(&d.ti, &Annotations::new("x", "", "")))
            .map(|s| (s.start, s.end))
            .collect()
    };
    assert_eq!(spans(&raw), spans(&calibrated));
    let (before, after) = (ev::final_ece(&raw, &docs), ev::final_ece(&calibrated, &docs));
    assert!(after < before, "ECE before {before:.3}, after {after:.3}");
}

#[test]
fn the_default_policy_ignores_the_rules_calibration() {
    let docs = fixture();
    let mut with = Engine::new();
    let mut without = Engine::new();
    without.set_rules_calibration(Arc::new(RulesCalibration::default()));
    for d in &docs {
        let ann = Annotations::new("x", "", "");
        assert_eq!(with.suggest(&d.ti, &ann), without.suggest(&d.ti, &ann));
    }
    // Under the rules policy the same engine does change the scores.
    with.set_policy(Policy::Rules);
    without.set_policy(Policy::Rules);
    let t = TextIndex::new(docs[0].ti.as_str().to_string());
    let ann = Annotations::new("x", "", "");
    assert_ne!(with.suggest(&t, &ann), without.suggest(&t, &ann));
}

#[test]
fn an_article_too_large_for_the_model_gets_the_calibrated_rules() {
    let docs = fixture();
    let one = docs[0].ti.as_str();
    let reps = spanbench::suggest::MODEL_MAX_BYTES / one.len() + 1;
    let big = TextIndex::new(vec![one; reps].join("\n\n"));
    assert!(big.as_str().len() > spanbench::suggest::MODEL_MAX_BYTES);
    let ann = Annotations::new("big", "", "");
    let default = Engine::new().suggest(&big, &ann);
    let rules = ev::rules_engine(RulesCalibration::shipped()).suggest(&big, &ann);
    let raw = ev::rules_engine(Arc::new(RulesCalibration::default())).suggest(&big, &ann);
    assert_eq!(default, rules, "over MODEL_MAX_BYTES the default policy is the rules");
    assert_ne!(default, raw, "and their scores are calibrated");
}
