//! Training: epochs of the averaged perceptron over every sentence, in an order fixed by
//! the seed (SplitMix64, written out here so the order never changes with a crate
//! version), and `spanbench train`.

use super::data::Example;
use super::perceptron::{Averaged, diff};
use super::{SCALE, tag_sentence};

/// How to train.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    pub epochs: usize,
    pub seed: u64,
    /// Perceptrons trained, each on its own order (seeds `seed`, `seed + 1`, ...), and
    /// averaged: one perceptron's weights swing with the order it saw (its F1 moves by a
    /// point or two from one seed to the next), their mean much less.
    pub runs: usize,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            epochs: 12,
            seed: 1,
            runs: 5,
        }
    }
}

/// SplitMix64: a tiny, fixed pseudo-random sequence.
pub struct SplitMix(u64);

impl SplitMix {
    pub fn new(seed: u64) -> SplitMix {
        SplitMix(seed)
    }
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// A Fisher-Yates shuffle.
    pub fn shuffle<T>(&mut self, v: &mut [T]) {
        for i in (1..v.len()).rev() {
            let j = (self.next_u64() % (i as u64 + 1)) as usize;
            v.swap(i, j);
        }
    }
}

/// Trains on `examples`: the mean of `opt.runs` averaged perceptrons (one per seed from
/// `opt.seed` on), times [`SCALE`], rounded half away from zero in exact integers.
pub fn train(examples: &[Example], opt: &Options) -> Vec<i32> {
    let runs = opt.runs.max(1);
    let mut sum: Vec<i64> = Vec::new();
    for r in 0..runs {
        let w = train_one(examples, opt.epochs, opt.seed.wrapping_add(r as u64));
        if sum.is_empty() {
            sum = w.iter().map(|&x| x as i64).collect();
        } else {
            sum.iter_mut().zip(&w).for_each(|(s, &x)| *s += x as i64);
        }
    }
    let n = runs as i64;
    sum.into_iter()
        .map(|s| {
            let q = (s.abs() + n / 2) / n;
            (if s < 0 { -q } else { q }) as i32
        })
        .collect()
}

/// One averaged perceptron on the order of `seed`; its weights times [`SCALE`].
fn train_one(examples: &[Example], epochs: usize, seed: u64) -> Vec<i32> {
    let mut sents: Vec<(usize, usize, usize)> = Vec::new();
    for (k, ex) in examples.iter().enumerate() {
        for &(a, b) in &ex.p.sents {
            sents.push((k, a, b));
        }
    }
    let mut rng = SplitMix::new(seed);
    let mut avg = Averaged::new();
    let (mut em, mut pred) = (Vec::new(), Vec::new());
    for _ in 0..epochs {
        rng.shuffle(&mut sents);
        for &(k, a, b) in &sents {
            let ex = &examples[k];
            tag_sentence(avg.w.as_slice(), &ex.p, a, b, &mut em, &mut pred);
            let gold = &ex.gold[a..b];
            if pred != gold {
                avg.update(&ex.p, a, gold, &pred);
            }
            avg.c += 1;
        }
    }
    avg.average(SCALE as i64)
}

/// What a decided sentence teaches.
#[derive(Debug, Clone, PartialEq)]
pub enum Target {
    /// Its gold tags (every token decided: untagged is O).
    Gold,
    /// Only its decisions: token `k` of the sentence may take the tags of bit set
    /// `allowed[k]`; the target is the model's own best path within the sets (the
    /// perceptron for partial labels), so undecided tokens teach nothing.
    Allowed(Vec<u8>),
}

/// Perceptron passes over some sentences of one article on a copy of `base`, each
/// update `step` units, averaged over the steps (as in training: the last iterate of a
/// few passes over one article is noisy): the changed weights as sorted (index, change)
/// pairs, in exact integer arithmetic.
pub fn passes(base: &[i32], ex: &Example, sents: &[(usize, usize, Target)], n: usize, step: i32) -> Vec<(u32, i32)> {
    let mut w = base.to_vec();
    // index -> (change now, sum of change x step it happened at)
    let mut acc: rustc_hash::FxHashMap<u32, (i64, i64)> = rustc_hash::FxHashMap::default();
    let (mut em, mut pred, mut target) = (Vec::new(), Vec::new(), Vec::new());
    let mut c: i64 = 1;
    for _ in 0..n {
        let mut changed = false;
        for (a, b, t) in sents {
            let (a, b) = (*a, *b);
            tag_sentence(w.as_slice(), &ex.p, a, b, &mut em, &mut pred);
            let gold = match t {
                Target::Gold => &ex.gold[a..b],
                Target::Allowed(sets) => {
                    super::viterbi::decode_allowed(
                        &em,
                        super::perceptron::transitions(w.as_slice()),
                        sets,
                        &mut target,
                    );
                    &target[..]
                }
            };
            if pred != gold {
                changed = true;
                diff(&ex.p, a, gold, &pred, |i, d| {
                    w[i] = w[i].wrapping_add(d * step);
                    let e = acc.entry(i as u32).or_default();
                    e.0 += (d * step) as i64;
                    e.1 += c * (d * step) as i64;
                });
            }
            c += 1;
        }
        if !changed {
            break;
        }
    }
    let mut out: Vec<(u32, i32)> = acc
        .into_iter()
        .filter_map(|(i, (d, u))| {
            // The average change: d - u / c, rounded half away from zero.
            let num = d as i128 * c as i128 - u as i128;
            let q = (num.abs() + c as i128 / 2) / c as i128;
            let v = if num < 0 { -q } else { q } as i32;
            (v != 0).then_some((i, v))
        })
        .collect();
    out.sort_unstable();
    out
}
