//! Calibrated rule scores: where no model runs (`--policy rules`, an article over
//! `MODEL_MAX_BYTES`, an engine without a model), the ACTOR and LOCATION names of the
//! rule layers carry hand-set scores ("gazetteer: cities" 0.9, "name before 'said'"
//! 0.55). This maps each one, per suggester (`Cand::source`), through an isotonic step
//! function from its raw score to the chance that it is right, fitted in
//! `spanbench train` on the rules' suggestions for the GUM training articles. A source
//! with fewer than [`MIN_EXAMPLES`] fitted examples (or none: "memory", which the
//! training articles never see) takes the pooled table of all sources together. CLAIM
//! scores are left as they are: the training data has no claims.
//!
//! The table is data: `assets/model/rules_calibration.tsv`, one
//! `source<TAB>raw<TAB>probability` step a line, the pooled table under source `*`.

use super::rules::Cand;
use super::tagger::calibrate::Calibration;
use crate::model::Label;
use std::sync::{Arc, OnceLock};

/// The shipped table (written by `spanbench train`).
pub const RULES_CALIBRATION: &str = include_str!("../../assets/model/rules_calibration.tsv");

/// A source needs this many fitted examples for a table of its own.
pub const MIN_EXAMPLES: usize = 30;

/// The source name of the pooled table in the file.
pub const POOLED: &str = "*";

/// Raw scores are keyed in steps of 1/10,000.
const KEY_SCALE: f32 = 10_000.0;

fn key(raw: f32) -> i64 {
    (raw * KEY_SCALE).round() as i64
}

/// Per-source isotonic tables and the pooled one. Empty: scores stay as they are.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct RulesCalibration {
    /// (source, table), sorted by source.
    by_source: Vec<(String, Calibration)>,
    pooled: Calibration,
}

static SHIPPED: OnceLock<Arc<RulesCalibration>> = OnceLock::new();

impl RulesCalibration {
    /// The shipped table (parsed once per process).
    pub fn shipped() -> Arc<RulesCalibration> {
        SHIPPED
            .get_or_init(|| Arc::new(RulesCalibration::from_tsv(RULES_CALIBRATION)))
            .clone()
    }

    /// Fits on `(source, raw score, right)` examples: a table for every source with at
    /// least [`MIN_EXAMPLES`] of them, and the pooled table over all. Ties in the raw
    /// score are pooled (the rules' scores are a handful of values). Deterministic for
    /// the same examples in any order.
    pub fn fit(examples: &[(&str, f32, bool)]) -> RulesCalibration {
        let mut sources: Vec<&str> = examples.iter().map(|e| e.0).collect();
        sources.sort_unstable();
        sources.dedup();
        let pairs = |src: Option<&str>| -> Vec<(i64, bool)> {
            examples
                .iter()
                .filter(|e| src.is_none_or(|s| e.0 == s))
                .map(|e| (key(e.1), e.2))
                .collect()
        };
        let by_source = sources
            .into_iter()
            .filter_map(|s| {
                let p = pairs(Some(s));
                (p.len() >= MIN_EXAMPLES).then(|| (s.to_string(), Calibration::fit_ties_pooled(&p)))
            })
            .collect();
        RulesCalibration {
            by_source,
            pooled: Calibration::fit_ties_pooled(&pairs(None)),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.by_source.is_empty() && self.pooled.is_empty()
    }

    /// The sources with a table of their own.
    pub fn sources(&self) -> impl Iterator<Item = &str> {
        self.by_source.iter().map(|s| s.0.as_str())
    }

    /// The calibrated score of a raw score from this source: its own table, else the
    /// pooled one, else the raw score itself (no table at all).
    pub fn prob(&self, source: &str, raw: f32) -> f32 {
        let own = self
            .by_source
            .binary_search_by(|s| s.0.as_str().cmp(source))
            .ok()
            .map(|i| &self.by_source[i].1);
        match own.or((!self.pooled.is_empty()).then_some(&self.pooled)) {
            Some(c) => c.prob(key(raw)),
            None => raw,
        }
    }

    /// Calibrates the ACTOR and LOCATION scores of rule candidates in place.
    pub fn apply(&self, cands: &mut [Cand]) {
        if self.is_empty() {
            return;
        }
        for c in cands.iter_mut().filter(|c| c.label != Label::Claim) {
            c.score = self.prob(c.source, c.score);
        }
    }

    /// The table as text (the file format): per-source steps, then the pooled ones.
    pub fn to_tsv(&self) -> String {
        let mut s = String::from(
            "# source\traw score\tprobability: isotonic per rule source, for the rules-only setting; \
             source * is the pooled table (sources with fewer than 30 examples); \
             fitted on the GUM news training articles; written by `spanbench train`\n",
        );
        let rows = self
            .by_source
            .iter()
            .map(|(n, c)| (n.as_str(), c))
            .chain(std::iter::once((POOLED, &self.pooled)));
        for (name, c) in rows {
            for &(k, p) in c.steps() {
                s.push_str(&format!("{name}\t{:.4}\t{p:.4}\n", k as f64 / KEY_SCALE as f64));
            }
        }
        s
    }

    /// Reads the file format; bad lines are skipped (an empty table changes nothing).
    pub fn from_tsv(src: &str) -> RulesCalibration {
        let mut rows: Vec<(&str, i64, f32)> = src
            .lines()
            .filter(|l| !l.starts_with('#'))
            .filter_map(|l| {
                let mut f = l.split('\t');
                let name = f.next()?.trim();
                let raw: f32 = f.next()?.trim().parse().ok()?;
                let p: f32 = f.next()?.trim().parse().ok()?;
                (!name.is_empty()).then_some((name, key(raw), p))
            })
            .collect();
        rows.sort_by(|a, b| a.0.cmp(b.0).then(a.1.cmp(&b.1)));
        let mut out = RulesCalibration::default();
        for chunk in rows.chunk_by(|a, b| a.0 == b.0) {
            let c = Calibration::from_steps(chunk.iter().map(|r| (r.1, r.2)).collect());
            if chunk[0].0 == POOLED {
                out.pooled = c;
            } else {
                out.by_source.push((chunk[0].0.to_string(), c));
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `n` examples of a source at a raw score, `right` of them right.
    fn ex(out: &mut Vec<(&'static str, f32, bool)>, src: &'static str, raw: f32, n: usize, right: usize) {
        out.extend((0..n).map(|i| (src, raw, i < right)));
    }

    #[test]
    fn each_source_gets_its_own_table_and_a_small_one_the_pooled_table() {
        let mut v = Vec::new();
        // "gazetteer": 0.9 is right 80% of the time, 0.7 half of the time.
        ex(&mut v, "gazetteer", 0.9, 40, 32);
        ex(&mut v, "gazetteer", 0.7, 20, 10);
        // "names": 0.9 right only a quarter of the time.
        ex(&mut v, "names", 0.9, 40, 10);
        // "context": too few for a table.
        ex(&mut v, "context", 0.9, 29, 29);
        let c = RulesCalibration::fit(&v);
        assert_eq!(c.sources().collect::<Vec<_>>(), ["gazetteer", "names"]);
        let near = |a: f32, b: f64| (a as f64 - b).abs() < 1e-4;
        assert!(near(c.prob("gazetteer", 0.9), 32.5 / 41.0), "{c:?}");
        assert!(near(c.prob("gazetteer", 0.7), 10.5 / 21.0));
        assert!(near(c.prob("names", 0.9), 10.5 / 41.0));
        // The same raw score from a small or unknown source: the pooled rate at 0.9.
        let pooled = (32.0 + 10.0 + 29.0 + 0.5) / (40.0 + 40.0 + 29.0 + 1.0);
        assert!(near(c.prob("context", 0.9), pooled));
        assert!(near(c.prob("memory", 0.9), pooled));
        // Monotone: a raw score below every step takes the lowest step.
        assert!(c.prob("gazetteer", 0.1) <= c.prob("gazetteer", 0.7));
    }

    #[test]
    fn fits_in_any_order_round_trip_and_an_empty_table_keeps_scores() {
        let mut v = Vec::new();
        ex(&mut v, "names", 0.55, 30, 12);
        ex(&mut v, "names", 0.75, 30, 24);
        ex(&mut v, "claims", 0.6, 5, 1);
        let c = RulesCalibration::fit(&v);
        v.reverse();
        assert_eq!(RulesCalibration::fit(&v), c);
        let back = RulesCalibration::from_tsv(&c.to_tsv());
        assert_eq!(back.to_tsv(), c.to_tsv());
        // The file keeps four decimals.
        for raw in [0.1, 0.55, 0.6, 0.75, 0.99] {
            assert!((back.prob("names", raw) - c.prob("names", raw)).abs() <= 5e-5);
            assert!((back.prob("claims", raw) - c.prob("claims", raw)).abs() <= 5e-5);
        }
        let none = RulesCalibration::default();
        assert!(none.is_empty());
        assert_eq!(none.prob("names", 0.55), 0.55);
        assert!(RulesCalibration::from_tsv("# only a comment\nbad line\n").is_empty());
    }

    #[test]
    fn apply_leaves_claims_alone() {
        let mut v = Vec::new();
        ex(&mut v, "claims", 0.65, 40, 4);
        let c = RulesCalibration::fit(&v);
        let mut cands = vec![
            super::super::rules::cand(Label::Claim, 0, 4, 0.65, "q", "claims"),
            super::super::rules::cand(Label::Actor, 5, 9, 0.65, "a", "claims"),
        ];
        c.apply(&mut cands);
        assert_eq!(cands[0].score, 0.65);
        assert!((cands[1].score - 4.5 / 41.0).abs() < 1e-4);
    }

    #[test]
    fn the_shipped_table_parses() {
        let c = RulesCalibration::shipped();
        assert!(!c.is_empty(), "assets/model/rules_calibration.tsv has steps");
        assert_eq!(RulesCalibration::from_tsv(&c.to_tsv()), *c);
    }
}
