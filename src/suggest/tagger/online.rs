//! Learning from the analyst: an article's decisions (its ACTOR / LOCATION spans,
//! accepted or hand-made, and its rejections) become a change to the model's weights,
//! a few perceptron passes over the sentences the analyst decided, starting from the
//! shipped weights. The corpus model is the shipped weights plus every article's change
//! (integer sums, so the order of learning does not matter): the same RON files give
//! the same suggestions.

use super::data::{Example, gold_tags};
use super::features::prepare;
use super::tags::{B_ACT, I_ACT, I_LOC, NT, O, tags_of};
use super::train::{Target, passes};
use crate::model::{Annotations, Label, Rejected, Status};
use crate::suggest::gazetteer::Gazetteer;
use crate::suggest::rules::{Cand, Doc};
use crate::text::TextIndex;

/// Passes over an article's decided sentences (chosen on the learning curve: 3 passes
/// of one unit gave 0.86 / 0.89 / 0.88 micro F1 after 1 / 2 / 4 articles, 4 of two
/// units 0.88 / 0.90 / 0.90).
pub const PASSES: usize = 4;
/// Each update in weight units (the shipped weights are averages times `SCALE`).
pub const STEP: i32 = 2 * super::SCALE as i32;

/// The weight change one article's decisions make (sorted by index; empty when it
/// decided nothing or the model already agrees with every decision).
pub fn delta(
    base: &[i32],
    gaz: &Gazetteer,
    doc: &Doc,
    ti: &TextIndex,
    ents: &[Cand],
    sentences: &[(usize, usize)],
    ann: &Annotations,
) -> Vec<(u32, i32)> {
    let spans: Vec<(Label, usize, usize)> = ann
        .spans
        .iter()
        .filter(|s| s.label != Label::Claim)
        .map(|s| (s.label, s.start, s.end))
        .collect();
    let rejected: Vec<(usize, usize)> = ann
        .rejected
        .iter()
        .filter(|r| r.label != Label::Claim)
        .map(|r| (r.start, r.end))
        .collect();
    if spans.is_empty() && rejected.is_empty() {
        return Vec::new();
    }
    let p = prepare(doc, gaz, ents, sentences);
    let (gold, _) = gold_tags(doc, ti, &spans);
    let all = matches!(ann.status, Status::Done | Status::Reviewed);
    let mut marks: Vec<(usize, usize)> = spans
        .iter()
        .map(|s| (s.1, s.2))
        .chain(rejected.iter().copied())
        .collect();
    marks.sort_unstable();
    let touched = |&(a, b): &(usize, usize)| {
        let (cs, ce) = (ti.char_of_byte(doc.toks[a].s), ti.char_of_byte(doc.toks[b - 1].e));
        let k = marks.partition_point(|m| m.0 < cs);
        marks.get(k).is_some_and(|m| m.0 < ce) || (k > 0 && marks[k - 1].1 > cs)
    };
    // Decided sentences: all of a finished article; else those holding a decision, and
    // of those the last one (in reading order, where the analyst is at work) teaches
    // its decisions alone: a name there not yet tagged is not taught as "no name".
    let mut decided: Vec<(usize, usize, Target)> = p
        .sents
        .iter()
        .filter(|s| all || touched(s))
        .map(|&(a, b)| (a, b, Target::Gold))
        .collect();
    if !all && let Some(last) = decided.last_mut() {
        last.2 = Target::Allowed(allowed_sets(doc, ti, &gold, last.0, last.1, &ann.rejected));
    }
    let ex = Example {
        id: ann.article.clone(),
        p,
        gold,
    };
    passes(base, &ex, &decided, PASSES, STEP)
}

/// Every tag allowed.
const ANY: u8 = (1 << NT) - 1;

/// The tag sets of a sentence (tokens `a..b`) where only the decisions bind: a tagged
/// token keeps its tag, the token after a span does not continue it, and no name of a
/// rejected label starts where a rejected span starts (unless a span the analyst kept
/// starts there); every other token may take any tag.
pub fn allowed_sets(doc: &Doc, ti: &TextIndex, gold: &[u8], a: usize, b: usize, rejected: &[Rejected]) -> Vec<u8> {
    let mut sets: Vec<u8> = (a..b)
        .map(|k| match gold[k] {
            O if k > a && gold[k - 1] != O => ANY & !(1 << inside_of(gold[k - 1])),
            O => ANY,
            t => 1 << t,
        })
        .collect();
    for r in rejected.iter().filter(|r| r.end <= ti.len_chars() && r.start < r.end) {
        let Some((begin, _)) = tags_of(r.label) else { continue };
        let bs = ti.byte(r.start);
        let k = doc.tok_at(bs);
        if (a..b).contains(&k) && doc.toks[k].s == bs && gold[k] == O {
            sets[k - a] &= !(1 << begin);
        }
    }
    sets
}

/// The I tag that continues a B or I tag.
fn inside_of(t: u8) -> u8 {
    match t {
        B_ACT | I_ACT => I_ACT,
        _ => I_LOC,
    }
}

#[cfg(test)]
mod tests {
    use super::super::tags::{B_LOC, I_ACT};
    use super::*;

    #[test]
    fn the_sets_bind_decisions_only() {
        let text = "Tarek Osmani met Halim Ruzdi in Velmora.";
        let ti = TextIndex::new(text);
        let doc = Doc::new(text);
        let (gold, _) = gold_tags(&doc, &ti, &[(Label::Actor, 0, 12)]);
        // "Velmora" rejected as LOCATION, "Halim" rejected as ACTOR (chars 17..22).
        let rejected = [
            Rejected {
                label: Label::Location,
                start: 32,
                end: 39,
            },
            Rejected {
                label: Label::Actor,
                start: 17,
                end: 22,
            },
        ];
        let sets = allowed_sets(&doc, &ti, &gold, 0, doc.toks.len(), &rejected);
        let word = |w: &str| doc.tok_at(text.find(w).unwrap());
        assert_eq!(sets[word("Tarek")], 1 << B_ACT);
        assert_eq!(sets[word("Osmani")], 1 << I_ACT);
        assert_eq!(
            sets[word("met")],
            ANY & !(1 << I_ACT),
            "the span ends at its last token"
        );
        assert_eq!(sets[word("Halim")], ANY & !(1 << B_ACT));
        assert_eq!(sets[word("Ruzdi")], ANY, "undecided");
        assert_eq!(sets[word("Velmora")], ANY & !(1 << B_LOC));
    }
}
