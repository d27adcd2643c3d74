//! "in what X called Y": the naming is X's claim ("in what Foreign Minister Sergei
//! Lavrov called an act of terror meant to intimidate ..."), for verbs with the `what`
//! frame in assets/claims/verbs.tsv (call, describe, term, dub). Byte offsets; each
//! "what" looks a few tokens ahead only.

use super::rules::{Cand, Doc, cand};
use super::speakers::Speakers;
use super::speech;
use crate::model::Label;

/// How many tokens after "what" its verb is looked for.
const REACH: usize = 8;

/// The claims of "what X called Y" in the sentence `ss..se`, appended to `out`.
pub fn what_called(doc: &Doc, sp: &Speakers, ss: usize, se: usize, out: &mut Vec<Cand>) {
    let toks = &doc.toks;
    let mut i = doc.tok_at(ss);
    while i < toks.len() && toks[i].s < se {
        if !matches!(doc.w(i), "what" | "What") {
            i += 1;
            continue;
        }
        let verb = (i + 2..(i + REACH).min(toks.len()))
            .take_while(|&x| toks[x].s < se && (toks[x].word || matches!(doc.w(x), "." | "-" | "’" | "'")))
            .find(|&x| speech::verb(doc.w(x)).is_some_and(|v| v.frames.what));
        let Some(v) = verb else {
            i += 1;
            continue;
        };
        // The subject right before the verb ("what Lavrov called", "what he described as").
        let subject = sp
            .actor_before(toks[v].s, toks[i].e)
            .filter(|&(_, b)| b == toks[v - 1].e);
        let mut c0 = v + 1;
        if toks.get(c0).is_some_and(|_| doc.w(c0) == "as") {
            c0 += 1;
        }
        // The naming runs to the end of its clause.
        let end = (c0..toks.len())
            .take_while(|&x| toks[x].s < se)
            .find(|&x| matches!(doc.w(x), "," | ";" | ":" | "(" | "—" | "–") || (x > c0 && toks[x].nl))
            .map(|x| toks[x].s)
            .unwrap_or(se);
        let Some(start) = toks.get(c0).map(|t| t.s).filter(|&s| s < end) else {
            i = v + 1;
            continue;
        };
        let (s, e) = super::claims::trim(doc.text, start, end);
        if e > s
            && (c0..toks.len())
                .take_while(|&x| toks[x].s < e)
                .filter(|&x| toks[x].word)
                .count()
                >= 2
        {
            let w = doc.w(v);
            let mut c = cand(Label::Claim, s, e, 0.6, format!("what X {w} Y"), "claims");
            if let Some(span) = subject {
                c.speaker = Some(span);
                c.why = format!("what X {w} Y; speaker: subject of '{w}' (0.80)");
            }
            out.push(c);
        }
        i = v + 1;
    }
}
