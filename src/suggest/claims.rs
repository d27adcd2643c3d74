//! The claims layer: direct quotes and reported speech, each with its speaker, on one
//! article in byte offsets (see GUIDELINES.md for what a claim covers).

use super::lexicon::*;
use super::rules::{Cand, Doc, cand, is_cap};
use crate::model::Label;
use crate::text::{head, sub, tail};

const SKIP_AFTER_VERB: &[&str] = &[
    "on",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
    "today",
    "yesterday",
    "tonight",
    "earlier",
    "later",
    "late",
    "last",
    "week",
    "night",
    "this",
    "also",
    "again",
    "repeatedly",
    "previously",
    "recently",
    "separately",
    "publicly",
    "privately",
    "then",
    "now",
];

fn trim_claim(text: &str, mut s: usize, mut e: usize) -> (usize, usize) {
    // A dateline before the content: "BEIRUT (Reuters) - ...".
    let lead = sub(text, s, e.min(s + 80));
    for dash in [" - ", " — ", " – "] {
        if let Some(p) = lead.find(dash) {
            let pre = head(lead, p);
            if pre.chars().any(char::is_uppercase)
                && pre
                    .split_whitespace()
                    .all(|w| !w.chars().next().is_some_and(char::is_lowercase))
            {
                s += p + dash.len();
                break;
            }
        }
    }
    loop {
        let seg = sub(text, s, e);
        let t =
            seg.trim_start_matches(|c: char| c.is_whitespace() || matches!(c, '"' | '“' | '‘' | ':' | ',' | '—' | '–'));
        s = e - t.len();
        let t2 = sub(text, s, e).trim_end_matches(|c: char| {
            c.is_whitespace() || matches!(c, '"' | '”' | '’' | '.' | ',' | ';' | ':' | '!' | '?' | '—' | '–')
        });
        e = s + t2.len();
        if let Some(r) = sub(text, s, e).strip_prefix("that ") {
            s = e - r.len();
            continue;
        }
        break;
    }
    (s, e)
}

fn word_count(s: &str) -> usize {
    s.split_whitespace().count()
}

/// Claims (quotes and reported speech) with their speakers, given the article's
/// entities (for speakers) and its sentences (byte ranges).
pub fn claims(doc: &Doc, ents: &[Cand], sentences: &[(usize, usize)]) -> Vec<Cand> {
    let text = doc.text;
    let toks = &doc.toks;
    let mut out: Vec<Cand> = Vec::new();

    // Quote segments: (content start, content end, open byte, close byte end).
    let mut quotes: Vec<(usize, usize, usize, usize)> = Vec::new();
    {
        let mut open: Option<usize> = None;
        let mut straight = false;
        for (i, t) in toks.iter().enumerate() {
            let w = sub(text, t.s, t.e);
            if t.nl
                && let Some(o) = open.take()
            {
                // A quote runs to the end of its paragraph.
                let pe = toks[..i].last().map(|x| x.e).unwrap_or(o);
                quotes.push((o, pe, o, pe));
            }
            if t.word {
                continue;
            }
            match w {
                "“" if open.is_none() => {
                    open = Some(t.e);
                    straight = false;
                }
                "”" if open.is_some() && !straight => {
                    let o = open.take().unwrap_or(t.s);
                    quotes.push((o, t.s, o, t.e));
                }
                "\"" => {
                    if let Some(o) = open {
                        if straight {
                            quotes.push((o, t.s, o, t.e));
                            open = None;
                        }
                    } else {
                        open = Some(t.e);
                        straight = true;
                    }
                }
                _ => {}
            }
        }
        if let Some(o) = open {
            let pe = toks.last().map(|x| x.e).unwrap_or(o);
            quotes.push((o, pe, o, pe));
        }
    }
    let sent_of = |b: usize| -> (usize, usize) {
        let k = sentences.partition_point(|s| s.1 <= b);
        sentences.get(k).copied().unwrap_or((b, b))
    };
    // Every lookup below is a binary search or a scan bounded by the neighbourhood:
    // per claim nothing walks the whole article (linear time in its length).
    let in_quote = |b: usize| {
        let k = quotes.partition_point(|q| q.0 <= b);
        k > 0 && b < quotes[k - 1].1
    };
    let mut by_start: Vec<&Cand> = ents.iter().filter(|c| c.label == Label::Actor).collect();
    by_start.sort_by_key(|c| (c.start, c.end));
    let mut by_end = by_start.clone();
    by_end.sort_by_key(|c| (c.end, c.start));
    let mut people: Vec<&Cand> = by_end.iter().copied().filter(|c| c.person).collect();
    people.sort_by_key(|c| (c.end, c.start));
    // The last actor that ends by `b` and starts at `lo` or later.
    let actor_before = |b: usize, lo: usize| -> Option<(usize, usize)> {
        let k = by_end.partition_point(|c| c.end <= b);
        by_end[..k]
            .iter()
            .rev()
            .take_while(|c| c.end > lo)
            .find(|c| c.start >= lo)
            .map(|c| (c.start, c.end))
    };
    // The last person that ends by `b`.
    let person_before = |b: usize| -> Option<(usize, usize)> {
        let k = people.partition_point(|c| c.end <= b);
        k.checked_sub(1).map(|i| (people[i].start, people[i].end))
    };
    // The first actor that starts at `b` or later and ends by `hi`.
    let actor_after = |b: usize, hi: usize| -> Option<(usize, usize)> {
        let k = by_start.partition_point(|c| c.start < b);
        by_start[k..]
            .iter()
            .take_while(|c| c.start < hi)
            .find(|c| c.end <= hi)
            .map(|c| (c.start, c.end))
    };
    let pronoun = |w: &str| matches!(w, "he" | "she" | "He" | "She" | "they" | "They" | "it" | "It");

    // Direct quotes.
    for &(qs, qe, _o, ce) in &quotes {
        let (s, e) = trim_claim(text, qs, qe);
        if s >= e {
            continue;
        }
        let n = word_count(sub(text, s, e));
        let (ss, se) = sent_of(ce.saturating_sub(1));
        let after = sub(text, ce.min(text.len()), se.max(ce).min(text.len()));
        let at_end = after.trim_start_matches(['.', ',', '”', '"']).trim().is_empty()
            || sub(text, qe, ce).contains('.') && after.trim().is_empty();
        let has_verb_after = after
            .split_whitespace()
            .take(6)
            .any(|x| inn(REPORTING, x.trim_matches(|c: char| !c.is_alphanumeric())));
        let before = sub(text, ss.min(qs), qs);
        let intro = before.trim_end().ends_with(':')
            || before
                .split_whitespace()
                .rev()
                .take(4)
                .any(|x| inn(REPORTING, x.trim_matches(|c: char| !c.is_alphanumeric())));
        let quote_starts_sentence = before.trim().is_empty();
        if !(n >= 4 && (has_verb_after || intro || quote_starts_sentence || at_end)
            || (1..4).contains(&n) && at_end && !quote_starts_sentence)
        {
            continue;
        }
        // Speaker: named right after ("”, said X" / "” X said"), else the last person.
        let mut speaker = None;
        if has_verb_after {
            let lim = (ce + 120).min(se.max(ce));
            let pron_after = after
                .split_whitespace()
                .take(3)
                .any(|x| pronoun(x.trim_matches(|c: char| !c.is_alphanumeric())));
            if !pron_after {
                speaker = actor_after(ce, lim);
            }
        }
        if speaker.is_none() && intro {
            speaker = actor_before(qs, ss);
        }
        if speaker.is_none() {
            speaker = person_before(qs);
        }
        let mut c = cand(Label::Claim, s, e, 0.75, "direct quote", "claims");
        c.speaker = speaker;
        out.push(c);
    }

    // Reported speech. The direct quotes' claims are sorted and disjoint; a reported
    // claim lies inside its sentence, so only this sentence's claims can cover a token.
    let direct: Vec<(usize, usize)> = out.iter().map(|c| (c.start, c.end)).collect();
    let in_direct = |s: usize, e: usize| {
        let k = direct.partition_point(|d| d.0 <= s);
        k > 0 && e <= direct[k - 1].1
    };
    for &(ss, se) in sentences {
        let sentence_first = out.len();
        let mut ti = doc.tok_at(ss);
        while ti < toks.len() && toks[ti].s < se {
            let t = toks[ti];
            let w = sub(text, t.s, t.e);
            let candidate = t.word && (inn(REPORTING, w) || w == "according" || w == "According");
            if !candidate
                || in_quote(t.s)
                || in_direct(t.s, t.e)
                || out[sentence_first..]
                    .iter()
                    .any(|c| c.label == Label::Claim && c.start <= t.s && t.e <= c.end)
            {
                ti += 1;
                continue;
            }
            // "according to X": the claim is the clause before (or after) it.
            if (w == "according" || w == "According") && ti + 1 < toks.len() && doc.w(ti + 1) == "to" {
                let after_to = toks[ti + 1].e;
                let comma_before = sub(text, ss, t.s).trim_end().ends_with(',');
                // Nested attribution ("X said ..., according to Y"): the inner verb has it.
                let inner_verb = sub(text, ss, t.s)
                    .split_whitespace()
                    .any(|x| inn(CORE_REPORTING, x.trim_matches(|c: char| !c.is_alphanumeric())));
                if comma_before && inner_verb {
                    ti += 2;
                    continue;
                }
                if comma_before {
                    let (cs, ce) = trim_claim(text, ss, t.s);
                    if ce > cs && word_count(sub(text, cs, ce)) >= 3 && !in_quote(cs) {
                        let mut c = cand(Label::Claim, cs, ce, 0.7, "reported: 'according to'", "claims");
                        c.speaker = actor_after(after_to, se);
                        out.push(c);
                    }
                } else if let Some(cpos) = sub(text, after_to, se).find(',') {
                    let (cs, ce) = trim_claim(text, after_to + cpos + 1, se);
                    if ce > cs && word_count(sub(text, cs, ce)) >= 3 {
                        let mut c = cand(Label::Claim, cs, ce, 0.65, "reported: 'according to'", "claims");
                        c.speaker = actor_after(after_to, after_to + cpos);
                        out.push(c);
                    }
                }
                ti += 2;
                continue;
            }
            if !inn(REPORTING, w) {
                ti += 1;
                continue;
            }
            // Right after a closing quote ("..." he said, referring to ...): the quote is the claim.
            let back = sub(text, ss, t.s);
            if let Some(q) = back.rfind(['”', '"'])
                && word_count(tail(back, q)) <= 5
            {
                ti += 1;
                continue;
            }
            let next_tok = toks.get(ti + 1).copied();
            let next_w = next_tok.map(|x| sub(text, x.s, x.e)).unwrap_or("");
            // "called" needs "on" / "for"; "described" needs "as".
            if (w == "called" || w == "calls") && !matches!(next_w, "on" | "for") {
                ti += 1;
                continue;
            }
            if !inn(CORE_REPORTING, w) && !inn(OBJECT_VERBS, w) && next_w != "that" {
                ti += 1;
                continue;
            }
            let prev_w = ti.checked_sub(1).map(|p| doc.w(p)).unwrap_or("");
            if matches!(prev_w, "is" | "was" | "be" | "been" | "are" | "were" | "being") {
                ti += 1;
                continue;
            }
            // Speaker before the verb (subject), pronouns resolved to the last person.
            let speaker = if pronoun(prev_w) {
                person_before(t.s)
            } else {
                actor_before(t.s, ss).or_else(|| person_before(t.s))
            };
            // Parenthetical or trailing attribution: ", she said, ..." / "..., X said."
            let comma_before = sub(text, ss, t.s).rfind(',').map(|p| ss + p);
            let rest_after = sub(text, t.e, se);
            let rest_words = word_count(rest_after);
            let lead_short = sub(text, ss, se)
                .find(',')
                .is_some_and(|c| word_count(sub(text, ss, ss + c)) <= 3);
            if next_w == "," && lead_short && comma_before.is_some_and(|p| word_count(sub(text, p, t.s)) <= 4) {
                let (cs, ce) = trim_claim(text, next_tok.map(|x| x.e).unwrap_or(t.e), se);
                if ce > cs && word_count(sub(text, cs, ce)) >= 3 && !in_quote(cs) {
                    let mut c = cand(Label::Claim, cs, ce, 0.6, format!("reporting verb '{w}'"), "claims");
                    c.speaker = speaker;
                    out.push(c);
                    ti = doc.tok_at(ce);
                    continue;
                }
            }
            if (rest_words <= 5 || next_w == ",")
                && let Some(p) = comma_before
                && word_count(sub(text, p, t.s)) <= 5
                && !rest_after.contains(" that ")
            {
                let (cs, ce) = trim_claim(text, ss, p);
                if ce > cs && word_count(sub(text, cs, ce)) >= 3 && !in_quote(cs) && !in_quote(ce.saturating_sub(1)) {
                    let sp = actor_after(p, se).or(speaker);
                    let mut c = cand(
                        Label::Claim,
                        cs,
                        ce,
                        0.6,
                        format!("reporting verb '{w}' after the content"),
                        "claims",
                    );
                    c.speaker = sp;
                    out.push(c);
                }
                ti += 1;
                continue;
            }
            if matches!(next_w, ":" | "“" | "\"" | "," | ".") || next_tok.is_none() {
                ti += 1;
                continue;
            }
            // Where the content starts.
            let mut k = ti + 1;
            if matches!(w, "called" | "calls") {
                k += 1; // "on" / "for"
            } else if w == "told" || w == "tells" {
                // Skip the hearer: "told reporters", "told Reuters", "told a news conference".
                let lim = (k + 8).min(toks.len());
                if let Some(th) = (k..lim).find(|&x| doc.w(x) == "that") {
                    k = th + 1;
                } else {
                    while k < lim
                        && toks[k].word
                        && (is_cap(doc.w(k))
                            || matches!(
                                doc.w(k),
                                "reporters"
                                    | "journalists"
                                    | "the"
                                    | "a"
                                    | "an"
                                    | "news"
                                    | "conference"
                                    | "agency"
                                    | "newspaper"
                                    | "broadcaster"
                                    | "television"
                                    | "lawmakers"
                                    | "parliament"
                            ))
                    {
                        k += 1;
                    }
                }
            } else {
                // "said during a briefing Monday in Geneva that ...": the content starts after "that".
                let lim = (k + 9).min(toks.len());
                let th = (k..lim).find(|&x| doc.w(x) == "that");
                let finite = (k..th.unwrap_or(k)).any(|x| {
                    matches!(
                        doc.w(x),
                        "had"
                            | "has"
                            | "have"
                            | "was"
                            | "were"
                            | "is"
                            | "are"
                            | "would"
                            | "will"
                            | "could"
                            | "can"
                            | ","
                    ) || doc.w(x).ends_with("ed")
                });
                if let Some(th) = th
                    && !finite
                {
                    k = th + 1;
                }
            }
            while k < toks.len() && toks[k].s < se && SKIP_AFTER_VERB.contains(&doc.w(k)) {
                k += 1;
            }
            if k >= toks.len() || toks[k].s >= se {
                ti += 1;
                continue;
            }
            let cs0 = toks[k].s;
            // Where it ends: the sentence end, or a clause that leaves the speech.
            let mut ce0 = se;
            let mut m = k + 1;
            while m < toks.len() && toks[m].s < se {
                if doc.w(m) == "and" && m + 1 < toks.len() && inn(CORE_REPORTING, doc.w(m + 1)) {
                    ce0 = toks[m].s;
                    break;
                }
                if doc.w(m) == "," && m + 1 < toks.len() {
                    let nx = doc.w(m + 1);
                    let nx2 = toks.get(m + 2).map(|x| sub(text, x.s, x.e)).unwrap_or("");
                    if matches!(
                        nx,
                        "while"
                            | "although"
                            | "though"
                            | "whereas"
                            | "adding"
                            | "according"
                            | "citing"
                            | "who"
                            | "which"
                    ) || inn(REPORTING, nx2) && (is_cap(nx) || pronoun(nx))
                    {
                        ce0 = toks[m].s;
                        break;
                    }
                }
                m += 1;
            }
            let (cs, ce) = trim_claim(text, cs0, ce0);
            let n = if ce > cs { word_count(sub(text, cs, ce)) } else { 0 };
            if n < 3 {
                ti += 1;
                continue;
            }
            let why = if inn(OBJECT_VERBS, w) {
                format!("complement of '{w}'")
            } else {
                format!("reporting verb '{w}'")
            };
            let mut c = cand(Label::Claim, cs, ce, 0.65, why, "claims");
            c.speaker = speaker;
            out.push(c);
            ti = doc.tok_at(ce);
        }
    }
    // No claim inside a claim: drop claims nested in a longer one.
    out.sort_by(|a, b| (b.end - b.start).cmp(&(a.end - a.start)).then(a.start.cmp(&b.start)));
    // The kept claims are disjoint: only the one starting last before `c.end` can overlap.
    let mut kept: std::collections::BTreeMap<usize, Cand> = std::collections::BTreeMap::new();
    for c in out {
        if kept.range(..c.end).next_back().is_some_and(|(_, k)| c.start < k.end) {
            continue;
        }
        kept.insert(c.start, c);
    }
    kept.into_values().collect()
}
