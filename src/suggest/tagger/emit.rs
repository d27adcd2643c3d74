//! Emission scores straight from an article's facts, without its feature lists. The
//! word templates (the word, its forms and word lists, and the words at -2..+2 around a
//! token) depend on one word alone, so their rows are summed once per word type of the
//! article, and a token adds five such sums instead of looking up fourteen rows. The
//! scores are exactly those of `perceptron::emissions` over `prepare` (integer sums;
//! a test compares every token).

use super::features::{Facts, T};
use super::hash::bucket;
use super::packed::Table;
use super::tags::NT;

/// A word type's sums: its own word templates, and the templates that see it as the
/// word before a token (`m1`), after it (`p1`), two before (`m2`) and two after (`p2`).
#[derive(Debug, Clone, Copy, Default)]
struct TypeRows {
    own: [i32; NT],
    m1: [i32; NT],
    p1: [i32; NT],
    m2: [i32; NT],
    p2: [i32; NT],
}

#[inline(always)]
fn add(acc: &mut [i32; NT], r: &[i32; NT]) {
    for t in 0..NT {
        acc[t] = acc[t].wrapping_add(r[t]);
    }
}

/// One article's emission scores under one weight table.
pub struct Emitter<'a, W: Table + ?Sized> {
    w: &'a W,
    fx: &'a Facts,
    rows: Vec<TypeRows>,
}

impl<'a, W: Table + ?Sized> Emitter<'a, W> {
    pub fn new(w: &'a W, fx: &'a Facts) -> Emitter<'a, W> {
        let sum = |acc: &mut [i32; NT], tpl: T, v: u64| {
            if let Some(r) = w.row(bucket(tpl as u64, v)) {
                add(acc, &r);
            }
        };
        let rows = fx
            .types
            .iter()
            .map(|&(f, lex)| {
                let mut r = TypeRows::default();
                for (tpl, v) in [
                    (T::Bias, 0),
                    (T::Word, f.word),
                    (T::Lower, f.lower),
                    (T::Pre3, f.pre3),
                    (T::Suf2, f.suf2),
                    (T::Suf3, f.suf3),
                    (T::Shape, f.shape),
                    (T::Lex, lex as u64),
                ] {
                    sum(&mut r.own, tpl, v);
                }
                sum(&mut r.m1, T::LowerM1, f.lower);
                sum(&mut r.m1, T::LexM1, lex as u64);
                sum(&mut r.p1, T::LowerP1, f.lower);
                sum(&mut r.p1, T::LexP1, lex as u64);
                sum(&mut r.m2, T::LowerM2, f.lower);
                sum(&mut r.p2, T::LowerP2, f.lower);
                r
            })
            .collect();
        Emitter { w, fx, rows }
    }

    /// Emission scores of tokens `a..b` into `em` (`(b - a) * NT`), as
    /// `perceptron::emissions`.
    pub fn sentence(&self, a: usize, b: usize, em: &mut Vec<i32>) {
        let (fx, w, rows) = (self.fx, self.w, &self.rows);
        let n = fx.len();
        let ty = |k: isize| -> &TypeRows {
            let id = if k < 0 || k as usize >= n { 0 } else { fx.ty[k as usize] as usize };
            &rows[id]
        };
        em.clear();
        em.resize((b - a) * NT, 0);
        for (out, i) in em.chunks_exact_mut(NT).zip(a..b) {
            let ii = i as isize;
            let mut acc = ty(ii).own;
            add(&mut acc, &ty(ii - 1).m1);
            add(&mut acc, &ty(ii + 1).p1);
            add(&mut acc, &ty(ii - 2).m2);
            add(&mut acc, &ty(ii + 2).p2);
            fx.features::<true>(i, |tpl, v| {
                if let Some(r) = w.row(bucket(tpl as u64, v)) {
                    add(&mut acc, &r);
                }
            });
            out.copy_from_slice(&acc);
        }
    }
}
