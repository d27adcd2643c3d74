//! `spanbench train` is reproducible: a run on a fixed subset with a fixed seed, twice,
//! gives the same bytes, and another seed other bytes; the shipped weights, calibration
//! and rules' calibration are what the full command in assets/model/README.md writes (a full train
//! with its five calibration folds takes about 20 s CPU in a debug build).

use spanbench::suggest::rules_calib::{RULES_CALIBRATION, RulesCalibration};
use spanbench::suggest::tagger::cli::{TrainArgs, run};
use spanbench::suggest::tagger::train::Options;
use spanbench::suggest::tagger::{CALIBRATION, Model, WEIGHTS};
use std::path::PathBuf;

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn args(limit: usize, epochs: usize, seed: u64, runs: usize) -> TrainArgs {
    TrainArgs {
        seeds_gold: repo().join("tests/data/seeds-gold.jsonl"),
        seeds_dir: repo().join("seeds"),
        from: vec![
            repo().join("assets/train/gum-news-train.jsonl"),
            repo().join("assets/train/gum-news-dev.jsonl"),
        ],
        out: std::env::temp_dir(),
        opt: Options { epochs, seed, runs },
        report: None,
        limit,
    }
}

#[test]
fn training_twice_on_a_subset_gives_the_same_bytes() {
    let a = run(&args(3, 2, 7, 2)).expect("trains");
    let b = run(&args(3, 2, 7, 2)).expect("trains");
    assert!(a.weights.len() > 1000, "weights were learned");
    assert_eq!(a.weights, b.weights, "weights differ between two identical runs");
    assert_eq!(a.calibration, b.calibration);
    assert_eq!(a.rules_calibration, b.rules_calibration);
    assert!(!RulesCalibration::from_tsv(&a.rules_calibration).is_empty());
    // Another seed gives another order, so other weights: the seed is used.
    let c = run(&args(3, 2, 8, 2)).expect("trains");
    assert_ne!(a.weights, c.weights);
    // What it writes loads.
    assert!(Model::from_parts(&a.weights, &a.calibration).is_ok());
}

#[test]
fn shipped_weights_are_what_the_full_train_writes() {
    let d = Options::default();
    let t = run(&args(0, d.epochs, d.seed, d.runs)).expect("trains");
    assert!(t.weights == WEIGHTS, "assets/model/weights.bin differs from a retrain");
    assert_eq!(t.calibration, CALIBRATION);
    assert_eq!(
        t.rules_calibration, RULES_CALIBRATION,
        "assets/model/rules_calibration.tsv differs from a retrain"
    );
}

#[test]
fn the_rules_calibration_never_sees_the_dev_set() {
    // The same training articles with and without the dev file: the same table.
    let with_dev = run(&args(3, 1, 7, 1)).expect("trains");
    let mut a = args(3, 1, 7, 1);
    a.from.truncate(1);
    let without = run(&a).expect("trains");
    assert_eq!(with_dev.rules_calibration, without.rules_calibration);
}

#[test]
fn the_shipped_model_loads_and_is_calibrated() {
    let m = Model::shipped().expect("assets/model/weights.bin parses");
    assert!(m.w.iter().filter(|&&x| x != 0).count() > 10_000);
    assert!(!m.calib.is_empty(), "assets/model/calibration.tsv has steps");
    assert!(WEIGHTS.len() < 3 << 20, "weights file under 3 MB");
}
