//! The learned tagger: an averaged structured perceptron over tokens with BIO tags for
//! ACTOR and LOCATION, constrained Viterbi decoding, hashed features (the rule
//! engine's own labels among them), calibrated scores, and online updates per article.
//!
//! One idea a file: `hash.rs` (feature hashing), `features.rs` (what the model sees),
//! `tags.rs` (the tag set), `viterbi.rs` (decoding and margins), `perceptron.rs`
//! (weights, updates, the exact average), `packed.rs` (the weights as the decoder reads
//! them), `emit.rs` (emission sums straight from an article's facts, grouped and
//! memoised), `io.rs` (the weights file), `calibrate.rs`
//! (margin -> probability), `data.rs` (training data), `train.rs` (`spanbench train`),
//! `online.rs` (learning from an analyst's decisions), `evaluate.rs` (the tables of
//! assets/model/README.md).

pub mod calibrate;
pub mod cli;
pub mod data;
pub mod emit;
pub mod evaluate;
pub mod features;
pub mod hash;
pub mod io;
pub mod online;
pub mod packed;
pub mod perceptron;
pub mod tags;
pub mod train;
pub mod viterbi;

use super::rules::{Cand, Doc};
use calibrate::Calibration;
use features::{Facts, Prepared};
use packed::{Packed, Table};
use std::sync::{Arc, OnceLock};
use tags::{NT, O};

/// The shipped weights and calibration table (written by `spanbench train`).
pub const WEIGHTS: &[u8] = include_bytes!("../../../assets/model/weights.bin");
pub const CALIBRATION: &str = include_str!("../../../assets/model/calibration.tsv");

/// Weights are the perceptron's averaged weights times this.
pub const SCALE: u32 = 64;

/// A trained model: weights (emissions then transitions) and its calibration.
#[derive(Debug, Clone)]
pub struct Model {
    pub w: Arc<Vec<i32>>,
    /// The same weights, packed for decoding.
    pub packed: Arc<Packed>,
    pub calib: Calibration,
}

static SHIPPED: OnceLock<Option<Arc<Model>>> = OnceLock::new();

impl Model {
    /// The shipped model (parsed once per process); `None` when the shipped file is
    /// empty or unreadable (the engine then runs on its rules alone).
    pub fn shipped() -> Option<Arc<Model>> {
        SHIPPED
            .get_or_init(|| Model::from_parts(WEIGHTS, CALIBRATION).ok().map(Arc::new))
            .clone()
    }

    /// Parses a weights file and a calibration table.
    pub fn from_parts(weights: &[u8], calibration: &str) -> Result<Model, String> {
        let (w, _scale) = io::read(weights)?;
        Ok(Model {
            calib: Calibration::from_tsv(calibration),
            ..Model::from_weights(w)
        })
    }

    /// A model with these weights and no calibration.
    pub fn from_weights(w: Vec<i32>) -> Model {
        Model {
            packed: Arc::new(Packed::new(&w)),
            w: Arc::new(w),
            calib: Calibration::default(),
        }
    }
}

/// A span the model found: token range, label, margin.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Found {
    pub label: crate::model::Label,
    pub a: usize,
    pub b: usize,
    pub margin: i64,
}

/// Decodes every sentence of a prepared article with weights `w`; spans start and end
/// on word tokens (never on whitespace or punctuation).
pub fn decode<W: Table + ?Sized>(w: &W, doc: &Doc, p: &Prepared) -> Vec<Found> {
    decode_with(w.trans(), doc, &p.sents, |a, b, em| {
        perceptron::emissions(w, p, a, b, em)
    })
}

/// As [`decode`], with the emission scores of tokens `a..b` from `emit`.
fn decode_with(
    trans: &[i32],
    doc: &Doc,
    sents: &[(usize, usize)],
    mut emit: impl FnMut(usize, usize, &mut Vec<i32>),
) -> Vec<Found> {
    let mut out = Vec::new();
    let (mut em, mut t, mut m) = (Vec::new(), Vec::new(), Vec::new());
    let mut decoder = viterbi::Decoder::default();
    for &(a, b) in sents {
        emit(a, b, &mut em);
        decoder.decode(&em, trans, &mut t, &mut m);
        for (label, x, y) in tags::spans(&t) {
            let (sa, sb) = (a + x, a + y);
            if !doc.toks[sa].word || !doc.toks[sb - 1].word {
                continue;
            }
            let mut margin = m[x..y].iter().copied().min().unwrap_or(0);
            if y < m.len() {
                margin = margin.min(m[y]);
            }
            out.push(Found {
                label,
                a: sa,
                b: sb,
                margin,
            });
        }
    }
    out
}

/// Tags one sentence (tokens `a..b`): the tag sequence.
pub fn tag_sentence<W: Table + ?Sized>(w: &W, p: &Prepared, a: usize, b: usize, em: &mut Vec<i32>, tags: &mut Vec<u8>) {
    let mut m = Vec::new();
    perceptron::emissions(w, p, a, b, em);
    viterbi::decode(em, perceptron::transitions(w), tags, &mut m);
}

/// The model's spans in an article as engine candidates (byte offsets), with calibrated
/// scores and the strongest cue at the span's first token in `why`. Reads the article's
/// facts directly (`emit.rs`): the same spans as decoding its `prepare`d features.
pub fn candidates<W: Table + ?Sized>(w: &W, calib: &Calibration, doc: &Doc, fx: &Facts) -> Vec<Cand> {
    let emitter = emit::Emitter::new(w, fx);
    let found = decode_with(w.trans(), doc, &fx.sents, |a, b, em| emitter.sentence(a, b, em));
    let (mut feats, mut tpls) = (Vec::new(), Vec::new());
    found
        .into_iter()
        .map(|f| {
            let tag = tags::tags_of(f.label).map(|t| t.0).unwrap_or(O) as usize;
            feats.clear();
            tpls.clear();
            fx.features(f.a, |tpl, v| {
                feats.push(hash::bucket(tpl as u64, v));
                tpls.push(tpl as u8);
            });
            let why = format!(
                "model (averaged perceptron), margin {}: mostly {}",
                f.margin,
                features::template_name(strongest(w, &feats, &tpls, tag))
            );
            let mut c = super::rules::cand(
                f.label,
                doc.toks[f.a].s,
                doc.toks[f.b - 1].e,
                calib.prob(f.margin),
                why,
                "model",
            );
            c.person = false;
            c
        })
        .collect()
}

/// The template whose feature (`feats[k]`, from template `tpls[k]`) most favours `tag`
/// over O; the first such on ties.
fn strongest<W: Table + ?Sized>(w: &W, feats: &[u32], tpls: &[u8], tag: usize) -> u8 {
    let mut best = (i64::MIN, 0u8);
    for (&f, &tpl) in feats.iter().zip(tpls) {
        let r = w.row(f).unwrap_or([0; NT]);
        let v = r[tag] as i64 - r[O as usize] as i64;
        if v > best.0 {
            best = (v, tpl);
        }
    }
    best.1
}
