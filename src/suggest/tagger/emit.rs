//! Emission scores straight from an article's facts, without its feature lists. The
//! word templates (the word, its forms and word lists, and the words at -2..+2 around a
//! token) depend on one word alone, so their rows are summed once per word type of the
//! article, and a token adds five such sums instead of looking up fourteen rows. The
//! scores are exactly those of `perceptron::emissions` over `prepare` (integer sums;
//! a test compares every token).

use super::features::{Facts, T};
use super::hash::{Forms, bucket};
use rustc_hash::FxHashMap;
use super::packed::{Acc, Table};
use super::tags::NT;

/// A word type's sums: its own word templates, and the templates that see it as the
/// word before a token (`m1`), after it (`p1`), two before (`m2`) and two after (`p2`).
#[derive(Debug, Clone, Copy, Default)]
struct TypeRows {
    own: Acc,
    m1: Acc,
    p1: Acc,
    m2: Acc,
    p2: Acc,
}

#[inline(always)]
fn add(acc: &mut Acc, r: &Acc) {
    for t in 0..8 {
        acc[t] = acc[t].wrapping_add(r[t]);
    }
}

/// Word types' sums under the frozen weights with this id, by the word's hash (a memo
/// of a pure function of the weights and the word: it changes no result). Bounded.
const ROWS_MAX: usize = 1 << 18;

thread_local! {
    static ROWS: std::cell::RefCell<(u64, FxHashMap<u64, TypeRows>)> = std::cell::RefCell::new((0, FxHashMap::default()));
}

/// One article's emission scores under one weight table.
pub struct Emitter<'a, W: Table + ?Sized> {
    w: &'a W,
    fx: &'a Facts,
    rows: Vec<TypeRows>,
}

impl<'a, W: Table + ?Sized> Emitter<'a, W> {
    pub fn new(w: &'a W, fx: &'a Facts) -> Emitter<'a, W> {
        let sum = |acc: &mut Acc, tpl: T, v: u64| w.add_row(bucket(tpl as u64, v), acc);
        let of = |f: Forms, lex: u16| {
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
        };
        let Some(id) = w.frozen_id() else {
            let rows = fx.types.iter().map(|&(f, lex)| of(f, lex)).collect();
            return Emitter { w, fx, rows };
        };
        // Frozen weights: the sums of words met in earlier articles are known.
        let rows = ROWS.with_borrow_mut(|(for_id, known)| {
            if *for_id != id || known.len() > ROWS_MAX {
                known.clear();
                *for_id = id;
            }
            let mut rows = Vec::with_capacity(fx.types.len());
            rows.push(of(fx.types[0].0, fx.types[0].1));
            for &(f, lex) in &fx.types[1..] {
                rows.push(*known.entry(f.word).or_insert_with(|| of(f, lex)));
            }
            rows
        });
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
            fx.features::<true>(i, |tpl, v| w.add_row(bucket(tpl as u64, v), &mut acc));
            out.copy_from_slice(&acc[..NT]);
        }
    }
}
