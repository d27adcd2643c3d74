//! Claims in headlines and short title lines, which carry no final period and often
//! no verb: "US Military Official: Russian Airstrikes Benefiting IS" (a source, a colon,
//! the content) and "Rebels Claim Defeat of Pro-Assad Offensive" / "Putin says talks
//! must go on" (a present-tense reporting verb in the line). Byte offsets; one pass over
//! the line starts.

use super::rules::{Cand, Doc, cand, is_cap, with_lower};
use super::speakers::{Found, Speakers};
use super::speech;
use crate::model::Label;
use crate::text::sub;
use rustc_hash::FxHashSet as HashSet;
use std::sync::OnceLock;

/// The longest line (in words) read as a headline.
const MAX_WORDS: usize = 20;
/// The longest source before a headline's colon, in words.
const MAX_SOURCE_WORDS: usize = 5;

fn labels() -> &'static HashSet<&'static str> {
    static L: OnceLock<HashSet<&'static str>> = OnceLock::new();
    L.get_or_init(|| {
        super::lexicon::parse(include_str!("../../assets/claims/headline_labels.txt"))
            .flat_map(str::split_whitespace)
            .collect()
    })
}

/// Whether `w` labels a line rather than naming a source ("UPDATE", "Photo").
pub fn is_label(w: &str) -> bool {
    w.len() <= 16 && with_lower(w, |l| labels().contains(l))
}

/// The headline claims of the article, appended to `out`.
pub fn headlines(doc: &Doc, sp: &mut Speakers, out: &mut Vec<Cand>) {
    let toks = &doc.toks;
    let starts: Vec<usize> = (0..toks.len()).filter(|&i| toks[i].nl).collect();
    for (n, &a) in starts.iter().enumerate() {
        let b = starts.get(n + 1).copied().unwrap_or(toks.len());
        if b <= a || b - a > 3 * MAX_WORDS {
            continue;
        }
        let (ls, le) = (toks[a].s, toks[b - 1].e);
        let line = sub(doc.text, ls, le);
        let words = (a..b).filter(|&x| toks[x].word).count();
        if !(3..=MAX_WORDS).contains(&words)
            || line.ends_with(['.', ',', ';', ':'])
            || !line.chars().next().is_some_and(char::is_uppercase)
        {
            continue;
        }
        if let Some(c) = source_colon(doc, sp, a, b).or_else(|| reporting_verb(doc, sp, a, b)) {
            out.push(c);
        }
    }
}

/// "Source: content" with a capitalised source of at most five words.
fn source_colon(doc: &Doc, sp: &Speakers, a: usize, b: usize) -> Option<Cand> {
    let toks = &doc.toks;
    let ci = (a..b).find(|&x| doc.w(x) == ":")?;
    let source: Vec<usize> = (a..ci).filter(|&x| toks[x].word).collect();
    let ok = !source.is_empty()
        && source.len() <= MAX_SOURCE_WORDS
        && source.iter().all(|&x| is_cap(doc.w(x)))
        && !source
            .iter()
            .any(|&x| is_label(doc.w(x)) || doc.w(x).chars().all(|c| c.is_ascii_digit()));
    if !ok || (ci + 1..b).filter(|&x| toks[x].word).count() < 3 {
        return None;
    }
    let (s, e) = super::claims::trim(doc.text, toks[ci].e, toks[b - 1].e);
    if e <= s {
        return None;
    }
    let mut c = cand(Label::Claim, s, e, 0.55, "headline with a source", "claims");
    if let Some(span) = sp.actor_after(toks[a].s, toks[ci].s) {
        c.speaker = Some(span);
        c.why = "headline with a source; speaker: the source before the colon (0.60)".into();
    }
    Some(c)
}

/// "Rebels Claim Defeat of ...", "Putin says talks must go on": a present-tense
/// reporting verb after the first word, with at least three words after it.
fn reporting_verb(doc: &Doc, sp: &mut Speakers, a: usize, b: usize) -> Option<Cand> {
    let toks = &doc.toks;
    let vi = (a + 1..b).find(|&x| {
        let w = doc.w(x);
        toks[x].word && (speech::verb(w).is_some_and(|_| w.ends_with('s')) || speech::lemma(w).is_some())
    })?;
    if (vi + 1..b).filter(|&x| toks[x].word).count() < 3 {
        return None;
    }
    let (s, e) = super::claims::trim(doc.text, toks[vi].e, toks[b - 1].e);
    if e <= s {
        return None;
    }
    let verb = doc.w(vi);
    let mut c = cand(
        Label::Claim,
        s,
        e,
        0.55,
        format!("headline: reporting verb '{verb}'"),
        "claims",
    );
    match sp.of_verb(doc, vi, toks[a].s, toks[b - 1].e, toks[a].s) {
        Found::Actor(w) => {
            c.speaker = Some(w.span);
            c.why = format!("headline: reporting verb '{verb}'; {} ({:.2})", w.why, w.score);
        }
        Found::Unnamed(why) => c.why = format!("headline: reporting verb '{verb}'; {why}"),
        Found::Nothing => {
            // A Title Case headline hides names from the entity rules: the words before
            // the verb, titles dropped, are the speaker when they read as a person's name.
            if let Some(span) = headline_name(doc, a, vi) {
                sp.add_actor(span, verb);
                c.speaker = Some(span);
                c.why = format!("headline: reporting verb '{verb}'; speaker: the name before it (new ACTOR) (0.60)");
            }
        }
    }
    Some(c)
}

/// The person's name before a headline's verb: the words from the line start, titles
/// dropped ("Foreign Minister Kemal Arslan Says" -> "Kemal Arslan").
fn headline_name(doc: &Doc, a: usize, vi: usize) -> Option<(usize, usize)> {
    let toks = &doc.toks;
    let mut s = a;
    while s < vi && (speech::title_word(doc.w(s)) || super::lexicon::TITLES.contains(doc.w(s))) {
        s += 1;
    }
    if s >= vi || !(s..vi).all(|x| toks[x].word || matches!(doc.w(x), "-" | ".")) {
        return None;
    }
    let span = (toks[s].s, toks[vi - 1].e);
    super::speakers::person_shaped(sub(doc.text, span.0, span.1)).then_some(span)
}
