//! Emission scores straight from an article's facts, without its feature lists
//! (`prepare`), grouped so that most of a token's templates cost no look-up:
//! - the word templates (the word, its forms and word lists, the words at -2..+2)
//!   depend on one word alone: summed once per word type;
//! - the templates with few values (position, dateline, run length, the article's
//!   case and name counts) are read from small tables;
//! - a token with no rule label and no gazetteer class at it or either neighbour (most
//!   tokens) has the same rule and gazetteer features as every other such token: one
//!   constant sum.
//!
//! The scores are exactly `perceptron::emissions` over `prepare` (integer sums, in any
//! order); a test compares every token. The sums are memoised per thread for a frozen
//! weight table (`Table::frozen_id`), a pure function of the weights: no result depends
//! on the memo.

use super::features::{Facts, T};
use super::hash::{Forms, bucket, mix};
use super::packed::{Acc, Table};
use super::tags::NT;

/// A word type's sums: its own word templates, and the templates that see it as the
/// word before a token (`m1`; `m1_r0` adds `RuleLowerM1` for a token with no rule
/// label), after it (`p1`), two before (`m2`) and two after (`p2`).
#[derive(Debug, Clone, Copy, Default)]
struct TypeRows {
    own: Acc,
    m1: Acc,
    m1_r0: Acc,
    p1: Acc,
    m2: Acc,
    p2: Acc,
}

/// The templates with few values, as tables by value, and the quiet token's constant.
#[derive(Debug, Clone)]
struct Small {
    position: [Acc; 16],
    dateline: [Acc; 16],
    run_len: [Acc; 48],
    doc_case: [Acc; 32],
    doc_ent: [Acc; 32],
    /// Gaz, GazM1, GazP1, Rule, RuleSource, RuleM1, RuleP1, RuleGaz, all at 0.
    quiet: Acc,
}

#[inline(always)]
fn add(acc: &mut Acc, r: &Acc) {
    for t in 0..8 {
        acc[t] = acc[t].wrapping_add(r[t]);
    }
}

#[inline(always)]
fn look<W: Table + ?Sized>(w: &W, acc: &mut Acc, tpl: T, v: u64) {
    w.add_row(bucket(tpl as u64, v), acc);
}

fn type_rows<W: Table + ?Sized>(w: &W, f: Forms, lex: u16) -> TypeRows {
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
        look(w, &mut r.own, tpl, v);
    }
    look(w, &mut r.m1, T::LowerM1, f.lower);
    look(w, &mut r.m1, T::LexM1, lex as u64);
    r.m1_r0 = r.m1;
    look(w, &mut r.m1_r0, T::RuleLowerM1, mix(0, f.lower));
    look(w, &mut r.p1, T::LowerP1, f.lower);
    look(w, &mut r.p1, T::LexP1, lex as u64);
    look(w, &mut r.m2, T::LowerM2, f.lower);
    look(w, &mut r.p2, T::LowerP2, f.lower);
    r
}

fn small<W: Table + ?Sized>(w: &W) -> Small {
    fn table<W: Table + ?Sized, const K: usize>(w: &W, tpl: T) -> [Acc; K] {
        std::array::from_fn(|v| {
            let mut a = Acc::default();
            look(w, &mut a, tpl, v as u64);
            a
        })
    }
    let mut quiet = Acc::default();
    for tpl in [T::Gaz, T::Rule] {
        look(w, &mut quiet, tpl, 0);
    }
    for tpl in [T::GazM1, T::GazP1, T::RuleSource, T::RuleM1, T::RuleP1, T::RuleGaz] {
        look(w, &mut quiet, tpl, mix(0, 0));
    }
    Small {
        position: table(w, T::Position),
        dateline: table(w, T::Dateline),
        run_len: table(w, T::RunLen),
        doc_case: table(w, T::DocCase),
        doc_ent: table(w, T::DocEnt),
        quiet,
    }
}

/// The sums under the frozen weights `weights`: word types by their id in the
/// vocabulary `vocabulary` (bounded as it is), and the small tables.
#[derive(Default)]
struct Memo {
    weights: u64,
    vocabulary: u64,
    rows: Vec<Option<TypeRows>>,
    small: Option<Small>,
}

thread_local! {
    static MEMO: std::cell::RefCell<Memo> = std::cell::RefCell::new(Memo::default());
}

/// One article's emission scores under one weight table.
pub struct Emitter<'a, W: Table + ?Sized> {
    w: &'a W,
    fx: &'a Facts,
    rows: Vec<TypeRows>,
    small: Small,
}

impl<'a, W: Table + ?Sized> Emitter<'a, W> {
    pub fn new(w: &'a W, fx: &'a Facts) -> Emitter<'a, W> {
        let Some(id) = w.frozen_id() else {
            let rows = fx.types.iter().map(|&(f, lex)| type_rows(w, f, lex)).collect();
            return Emitter {
                w,
                fx,
                rows,
                small: small(w),
            };
        };
        let (rows, small) = MEMO.with_borrow_mut(|m| {
            if m.weights != id || m.vocabulary != fx.vocabulary || m.small.is_none() {
                *m = Memo {
                    weights: id,
                    vocabulary: fx.vocabulary,
                    rows: Vec::new(),
                    small: Some(small(w)),
                };
            }
            let mut rows = Vec::with_capacity(fx.types.len());
            rows.push(type_rows(w, fx.types[0].0, fx.types[0].1));
            for (&(f, lex), &gid) in fx.types.iter().zip(&fx.gids).skip(1) {
                let g = gid as usize;
                if m.rows.len() <= g {
                    m.rows.resize(g + 1, None);
                }
                rows.push(*m.rows[g].get_or_insert_with(|| type_rows(w, f, lex)));
            }
            (rows, m.small.clone().unwrap_or_else(|| small(w)))
        });
        Emitter { w, fx, rows, small }
    }

    /// Emission scores of tokens `a..b` into `em` (`(b - a) * NT`), as
    /// `perceptron::emissions`.
    pub fn sentence(&self, a: usize, b: usize, em: &mut Vec<i32>) {
        let (fx, w, rows, sm) = (self.fx, self.w, &self.rows, &self.small);
        let n = fx.len();
        let ty = |k: isize| -> &TypeRows {
            let id = if k < 0 || k as usize >= n {
                0
            } else {
                fx.ty[k as usize] as usize
            };
            &rows[id]
        };
        // A small table's row, or the look-up when a value is beyond it.
        let tab = |acc: &mut Acc, table: &[Acc], tpl: T, v: u64| match table.get(v as usize) {
            Some(r) => add(acc, r),
            None => look(w, acc, tpl, v),
        };
        em.clear();
        em.resize((b - a) * NT, 0);
        for (out, i) in em.chunks_exact_mut(NT).zip(a..b) {
            let ii = i as isize;
            let t = &fx.tk[i];
            let (m1, p1) = (fx.at(ii - 1), fx.at(ii + 1));
            let mut acc = ty(ii).own;
            add(&mut acc, if t.rule == 0 { &ty(ii - 1).m1_r0 } else { &ty(ii - 1).m1 });
            add(&mut acc, &ty(ii + 1).p1);
            add(&mut acc, &ty(ii - 2).m2);
            add(&mut acc, &ty(ii + 2).p2);
            look(w, &mut acc, T::ShapeM1, mix(m1.f.shape, t.f.shape));
            look(w, &mut acc, T::ShapeP1, mix(t.f.shape, p1.f.shape));
            look(w, &mut acc, T::BigramM1, mix(m1.f.lower, t.f.lower));
            look(w, &mut acc, T::BigramP1, mix(t.f.lower, p1.f.lower));
            let pos = t.pos();
            tab(&mut acc, &sm.position, T::Position, pos);
            if t.dateline {
                tab(&mut acc, &sm.dateline, T::Dateline, pos);
            }
            // Quiet (a token with no rule label has no rule source either: both are
            // set together, from the same entity).
            if (t.rule | m1.rule | p1.rule | t.gaz | m1.gaz | p1.gaz) == 0 {
                add(&mut acc, &sm.quiet);
            } else {
                let (g, r) = (t.gaz as u64, t.rule as u64);
                look(w, &mut acc, T::Gaz, g);
                look(w, &mut acc, T::GazM1, mix(m1.gaz as u64, g));
                look(w, &mut acc, T::GazP1, mix(g, p1.gaz as u64));
                look(w, &mut acc, T::Rule, r);
                look(w, &mut acc, T::RuleSource, mix(r, t.rule_src));
                look(w, &mut acc, T::RuleM1, mix(m1.rule as u64, r));
                look(w, &mut acc, T::RuleP1, mix(r, p1.rule as u64));
                look(w, &mut acc, T::RuleGaz, mix(r, g));
            }
            if t.rule != 0 {
                look(w, &mut acc, T::RuleLowerM1, mix(t.rule as u64, m1.f.lower));
            }
            if t.poss_after {
                look(w, &mut acc, T::Possessive, t.cap as u64);
            }
            if t.cap {
                let [after, before, before_word, run_len] = fx.run_values(i);
                for (tpl, v) in [after, before, before_word] {
                    look(w, &mut acc, tpl, v);
                }
                tab(&mut acc, &sm.run_len, run_len.0, run_len.1);
            }
            if t.word {
                tab(&mut acc, &sm.doc_case, T::DocCase, fx.doc.case(t));
                tab(&mut acc, &sm.doc_ent, T::DocEnt, fx.doc.ent(t));
                if let Some(v) = fx.acronym(t) {
                    look(w, &mut acc, T::Acronym, v);
                }
            }
            out.copy_from_slice(&acc[..NT]);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::features::{Facts, prepare};
    use super::super::packed::Packed;
    use super::super::perceptron::{LEN, emissions};
    use super::*;
    use crate::suggest::{Engine, rules::Doc};
    use crate::text::TextIndex;

    /// Seeds, GUM news and text made to hit the rarer templates (acronyms, datelines,
    /// possessives, hyphenated and non-ASCII names).
    fn texts() -> Vec<String> {
        let root = env!("CARGO_MANIFEST_DIR");
        let mut out: Vec<String> = std::fs::read_dir(format!("{root}/seeds"))
            .map(|d| d.filter_map(|e| std::fs::read_to_string(e.ok()?.path()).ok()).collect())
            .unwrap_or_default();
        let gum = std::fs::read_to_string(format!("{root}/assets/train/gum-news-dev.jsonl")).unwrap_or_default();
        for line in gum.lines() {
            if let Ok(v) = serde_json::from_str::<serde_json::Value>(line)
                && let Some(t) = v["text"].as_str()
            {
                out.push(t.to_string());
            }
        }
        assert!(out.len() >= 8, "seeds and GUM dev texts");
        out.push(
            "DAMASCUS, Syria — The Free Syrian Army (FSA) said on Monday that Recep Tayyip \
             Erdoğan’s envoy met al-Nusra in İstanbul. «Мы готовы», said Sergei Lavrov’s aide, \
             and the U.N. envoy Staffan de Mistura agreed.\n\nMOSCOW (Reuters) - Russia’s \
             Foreign Ministry denied it."
                .to_string(),
        );
        out
    }

    fn check<W: Table + ?Sized>(w: &W, engine: &Engine, text: &str) {
        let ti = TextIndex::new(text.to_string());
        let doc = Doc::new(ti.as_str());
        let (ents, _, sentences) = engine.rule_layers(&doc, &ti);
        let p = prepare(&doc, &engine.gaz, &ents, &sentences);
        let fx = Facts::new(&doc, &engine.gaz, &ents, &sentences);
        let e = Emitter::new(w, &fx);
        let (mut slow, mut fast) = (Vec::new(), Vec::new());
        assert_eq!(p.sents, fx.sents);
        for &(a, b) in &p.sents {
            emissions(w, &p, a, b, &mut slow);
            e.sentence(a, b, &mut fast);
            assert_eq!(
                slow,
                fast,
                "tokens {a}..{b} of {:?}",
                text.chars().take(60).collect::<String>()
            );
        }
    }

    /// Weights with every row non-zero, so that no missed or doubled template hides
    /// behind a zero row.
    fn random(limit: i32) -> Vec<i32> {
        let mut x = 0x2545_f491_4f6c_dd1du64;
        (0..LEN)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                (x % (2 * limit as u64 + 1)) as i32 - limit
            })
            .map(|v| if v == 0 { 1 } else { v })
            .collect()
    }

    #[test]
    fn the_fast_emissions_are_the_feature_sums() {
        let engine = Engine::with_model(None);
        let texts = texts();
        let dense = random(1_000);
        let narrow = Packed::new(&dense);
        assert!(narrow.is_narrow());
        let wide = Packed::new(&random(100_000));
        assert!(!wide.is_narrow());
        for t in &texts {
            check(dense.as_slice(), &engine, t);
            check(&narrow, &engine, t);
            check(&wide, &engine, t);
            // Again: now from the memo of the sums.
            check(&narrow, &engine, t);
        }
        // A fresh vocabulary (new word ids): the memo of sums starts again.
        for t in texts.iter().rev() {
            super::super::features::reset_vocabulary();
            check(&narrow, &engine, t);
            check(&narrow, &engine, t);
        }
        if let Some(m) = super::super::Model::shipped() {
            for t in &texts {
                check(m.packed.as_ref(), &engine, t);
            }
        }
    }
}
