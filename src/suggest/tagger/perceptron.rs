//! The averaged structured perceptron: integer weights in one flat array (feature
//! bucket x tag, then the transition table), emission scores, the update on a
//! mis-tagged sentence, and the average (computed exactly in integers, so a training
//! run gives the same bits on every machine).

use super::features::Prepared;
use super::hash::BUCKETS;
use super::packed::Table;
use super::tags::{NT, START};

/// Length of the emission part of a weight vector.
pub const EMIT: usize = BUCKETS * NT;
/// Length of a whole weight vector: emissions, then `(NT + 1) x NT` transitions.
pub const LEN: usize = EMIT + (NT + 1) * NT;

/// Emission scores of tokens `a..b` into `em` (`(b - a) * NT`).
pub fn emissions<W: Table + ?Sized>(w: &W, p: &Prepared, a: usize, b: usize, em: &mut Vec<i32>) {
    em.clear();
    em.resize((b - a) * NT, 0);
    for (row, i) in em.chunks_exact_mut(NT).zip(a..b) {
        let mut acc = [0i32; NT];
        for &f in p.token(i) {
            if let Some(ws) = w.row(f) {
                for t in 0..NT {
                    acc[t] = acc[t].wrapping_add(ws[t]);
                }
            }
        }
        row.copy_from_slice(&acc);
    }
}

/// The transition table of a weight table.
pub fn transitions<W: Table + ?Sized>(w: &W) -> &[i32] {
    w.trans()
}

/// One perceptron update towards `gold` and away from `pred` (tokens `a..`): calls
/// `touch(index, +1 or -1)` for every weight that changes. Only the tokens (and
/// transitions) where the two paths differ move.
pub fn diff(p: &Prepared, a: usize, gold: &[u8], pred: &[u8], mut touch: impl FnMut(usize, i32)) {
    let mut prev_g = START;
    let mut prev_p = START;
    for k in 0..gold.len().min(pred.len()) {
        let (g, q) = (gold[k] as usize, pred[k] as usize);
        if g != q {
            for &f in p.token(a + k) {
                touch(f as usize * NT + g, 1);
                touch(f as usize * NT + q, -1);
            }
        }
        if g != q || prev_g != prev_p {
            touch(EMIT + prev_g * NT + g, 1);
            touch(EMIT + prev_p * NT + q, -1);
        }
        prev_g = g;
        prev_p = q;
    }
}

/// Raw weights and the sums an exact average needs (Daumé's trick: the average is
/// `w - u / c`, with `u` the sum of every update times the step it happened at).
pub struct Averaged {
    pub w: Vec<i32>,
    u: Vec<i64>,
    /// Updates are counted from 1.
    pub c: i64,
}

impl Default for Averaged {
    fn default() -> Self {
        Averaged::new()
    }
}

impl Averaged {
    pub fn new() -> Averaged {
        Averaged {
            w: vec![0; LEN],
            u: vec![0; LEN],
            c: 1,
        }
    }

    /// One perceptron update: towards `gold`, away from `pred` (tokens `a..`).
    pub fn update(&mut self, p: &Prepared, a: usize, gold: &[u8], pred: &[u8]) {
        let c = self.c;
        let (w, u) = (&mut self.w, &mut self.u);
        diff(p, a, gold, pred, |i, d| {
            w[i] += d;
            u[i] += c * d as i64;
        });
    }

    /// The averaged weights times `scale`, rounded to the nearest integer (half away
    /// from zero), in exact integer arithmetic.
    pub fn average(&self, scale: i64) -> Vec<i32> {
        let c = self.c as i128;
        self.w
            .iter()
            .zip(&self.u)
            .map(|(&w, &u)| {
                let num = (w as i128 * c - u as i128) * scale as i128;
                let q = (num.abs() + c / 2) / c;
                (if num < 0 { -q } else { q }).clamp(i32::MIN as i128, i32::MAX as i128) as i32
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn average_of_no_updates_is_zero_and_exact() {
        let a = Averaged::new();
        assert!(a.average(100).iter().all(|&x| x == 0));
        let mut a = Averaged::new();
        a.w[3] = 2;
        a.u[3] = 1; // updated once at step 1 by +2... then average over c
        a.c = 2;
        // (2 * 2 - 1) * 10 / 2 = 15
        assert_eq!(a.average(10)[3], 15);
    }
}
