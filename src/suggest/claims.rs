//! The claims layer: direct quotes and reported speech, each with its speaker, on one
//! article in byte offsets (see GUIDELINES.md for what a claim covers).

use super::lexicon::{word_count, words_at_least};
use super::rules::{Cand, Doc, cand, is_cap, with_lower};
use super::speakers::{Found, Speakers};
use super::speech;
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

/// A claim's range without the dateline before it, quote marks, trailing punctuation
/// or a leading "that".
pub(super) fn trim(text: &str, s: usize, e: usize) -> (usize, usize) {
    trim_claim(text, s, e)
}

fn trim_claim(text: &str, mut s: usize, mut e: usize) -> (usize, usize) {
    // A dateline before the content: "BEIRUT (Reuters) - ...".
    let lead = sub(text, s, e.min(s + 80));
    // (Each dash has a '-' or the first byte of '—' and '–': most leads have neither.)
    let any_dash = lead.bytes().any(|b| b == b'-' || b == 0xE2);
    for dash in [" - ", " — ", " – "].iter().filter(|_| any_dash) {
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

/// Words before a noun, not a verb: "the claims", "his warning".
const DETERMINERS: &[&str] = &[
    "the", "a", "an", "his", "her", "its", "their", "this", "these", "those", "our", "my", "your", "such",
];
/// A reporting verb at token `x`, not inside a hyphenated word ("so-called").
fn speech_verb_at(doc: &Doc, x: usize) -> bool {
    let t = doc.toks[x];
    let w = doc.w(x);
    // "despite earlier reports", "media claims": a noun, not a verb.
    let noun = w.ends_with('s') && w != "says" && x > 0 && speech::noun_marker(doc.w(x - 1));
    t.word && speech::verb(w).is_some() && !(x > 0 && !t.sp && doc.w(x - 1) == "-") && !noun
}

/// Prepositions that start no reported clause.
const PREPOSITIONS: &[&str] = &[
    "from", "in", "on", "at", "to", "by", "for", "with", "about", "after", "before", "during", "into", "over", "since",
];
/// The hearer after "told": "told reporters", "told a news conference".
const HEARERS: &[&str] = &[
    "reporters",
    "journalists",
    "the",
    "a",
    "an",
    "news",
    "conference",
    "agency",
    "newspaper",
    "broadcaster",
    "television",
    "lawmakers",
    "parliament",
    "me",
    "him",
    "her",
    "them",
    "us",
];

/// Where the content of the reporting verb at token `vi` starts, by its frame, and the
/// frame's name; `None` when no frame but the bare clause fits.
fn frame_start(doc: &Doc, vi: usize, se: usize, f: speech::Frames) -> Option<(usize, &'static str)> {
    let toks = &doc.toks;
    let k = vi + 1;
    let next = |x: usize| (x < toks.len() && toks[x].s < se).then(|| doc.w(x));
    let nw = next(k)?;
    if nw == "that" && (f.that || f.clause) {
        return Some((k + 1, "that-clause"));
    }
    if nw == "on" && f.on {
        return Some((k + 1, "on + object"));
    }
    if nw == "for" && f.for_np {
        return Some((k + 1, "for + noun phrase"));
    }
    if nw == "to" && f.to {
        return Some((k, "to-infinitive"));
    }
    if matches!(nw, "if" | "whether") && f.if_ {
        return Some((k, "indirect question"));
    }
    // Within a short stretch of words (no punctuation): "that" after adverbials
    // ("said during a briefing Monday in Geneva that"), or the object frame's marker.
    let lim = (k + 10).min(toks.len());
    let mut finite = false;
    #[allow(clippy::needless_range_loop)] // `x` indexes tokens and is the answer
    for x in k..lim {
        let Some(w) = next(x) else { break };
        if !toks[x].word && !matches!(w, "-" | "’" | "'") {
            break;
        }
        if w == "that" && (f.that || f.clause) && !finite {
            return Some((x + 1, "that-clause"));
        }
        if f.objto && w == "to" && x > k {
            return Some((k, "object + to-infinitive"));
        }
        if f.of && w == "of" && x > k {
            return Some((k, "object + of"));
        }
        if f.as_ && w == "as" && x > k {
            return Some((k, "object + as"));
        }
        // "asked the minister whether ...": the question after the hearer.
        if f.if_ && matches!(w, "if" | "whether") && x > k {
            return Some((x, "indirect question"));
        }
        finite |= matches!(
            w,
            "had" | "has" | "have" | "was" | "were" | "is" | "are" | "would" | "will" | "could" | "can"
        ) || (x > k && w.ends_with("ed"));
    }
    None
}

/// Whether the tokens from `x` open a new main clause: a subject (a determiner or
/// pronoun and at most two more words, or a capitalised word) and a finite verb right
/// after it (", the man ended up ...", ", U.S. forces bombed ..."). No "and" / "or" in
/// the subject ("..., China and Iran opposed it" is a list inside the content).
fn new_main_clause(doc: &Doc, x: usize, se: usize) -> bool {
    let toks = &doc.toks;
    let word = |y: usize| (y < toks.len() && toks[y].s < se && toks[y].word).then(|| doc.w(y));
    let Some(first) = word(x) else { return false };
    let opener = matches!(
        first,
        "the" | "a" | "an" | "his" | "her" | "their" | "its" | "he" | "she" | "they" | "we" | "i" | "it"
    ) || is_cap(first);
    if !opener {
        return false;
    }
    for y in x + 1..x + 4 {
        let Some(w) = word(y) else { return false };
        if matches!(w, "and" | "or" | "of") {
            return false;
        }
        let finite = matches!(
            w,
            "was" | "were" | "is" | "are" | "has" | "have" | "had" | "would" | "will" | "could" | "did" | "does"
        ) || (w.len() > 4 && w.ends_with("ed") && w.chars().all(|c| c.is_ascii_lowercase()));
        if finite {
            // ", the Associated Press reported": a trailing attribution, left to its rule.
            return speech::verb(w).is_none();
        }
    }
    false
}

/// A participle that opens a clause of the narrator after a comma (", showing off
/// captured equipment", ", killing 12"), not one inside the content (", including").
fn participle_clause(w: &str) -> bool {
    w.len() > 5
        && w.ends_with("ing")
        && w.chars().all(|c| c.is_ascii_lowercase())
        && !matches!(w, "including" | "during" | "regarding" | "concerning")
}

/// How many tokens after a quote its verb is looked for when a name follows the quote.
const QUOTE_VERB_REACH_AFTER_NAME: usize = 18;
/// How many tokens before a quote that continues its sentence its verb is looked for.
const QUOTE_VERB_REACH_EMBEDDED: usize = 15;

/// Whether a narrator phrase ([`speech::narrator_phrase`]) starts at token `x`: its
/// words, up to six, within the sentence ending at byte `se` (on the stack).
fn narrator_at(doc: &Doc, x: usize, se: usize, after_comma: bool) -> bool {
    let toks = &doc.toks;
    let mut words = [""; 6];
    let mut n = 0;
    let end = (x + 6).min(toks.len());
    let mut y = x;
    while y < end && toks[y].s < se && toks[y].word {
        words[n] = doc.w(y);
        n += 1;
        y += 1;
    }
    speech::narrator_phrase(&words[..n], after_comma)
}

/// Claims (quotes and reported speech) with their speakers, given the article's
/// entities (for speakers) and its sentences (byte ranges).
pub fn claims(doc: &Doc, ents: &[Cand], sentences: &[(usize, usize)]) -> Vec<Cand> {
    let text = doc.text;
    let toks = &doc.toks;
    let mut out: Vec<Cand> = Vec::new();

    // Quote segments: (content start, content end, open byte, close byte end).
    let quotes = super::quotes::find(doc);
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
    let mut sp = Speakers::new(text, ents);
    let pronoun = |w: &str| matches!(w, "he" | "she" | "He" | "She" | "they" | "They" | "it" | "It");

    // Direct quotes.
    let mut prev_quote: Option<((usize, usize), usize)> = None;
    for &(qs, qe, o, ce) in &quotes {
        let (s, e) = trim_claim(text, qs, qe);
        if s >= e {
            continue;
        }
        let n = word_count(sub(text, s, e));
        let (ss, se) = sent_of(ce.saturating_sub(1));
        let after = sub(text, ce.min(text.len()), se.max(ce).min(text.len()));
        let at_end = after
            .trim_start_matches(['.', ',', '”', '"', '\'', '»', '“'])
            .trim()
            .is_empty()
            || sub(text, qe, ce).contains('.') && after.trim().is_empty();
        // The attribution verb: within a few tokens after the quote, else before it.
        let ka = doc.tok_at(ce);
        // A name right after the quote may carry an apposition before its verb:
        // "...," Widney Brown, the group's director of programs, said.
        let name_after = toks
            .get(ka)
            .is_some_and(|t| sp.actor_after(t.s, se).is_some_and(|a| a.0 == t.s));
        let reach = if name_after { QUOTE_VERB_REACH_AFTER_NAME } else { 6 };
        let va = (ka..(ka + reach).min(toks.len()))
            .take_while(|&x| toks[x].s < se && !toks[x].nl)
            .find(|&x| speech_verb_at(doc, x));
        let kb = doc.tok_at(o);
        // A quote that goes on the sentence in lower case ("said on Thursday “that we
        // are not planning ...”") has its verb further back.
        let embedded = sub(text, qs, qe).chars().next().is_some_and(char::is_lowercase);
        let back = if embedded { QUOTE_VERB_REACH_EMBEDDED } else { 5 };
        let vb = (kb.saturating_sub(back)..kb)
            .rev()
            .take_while(|&x| toks[x].s >= ss.min(o))
            .find(|&x| speech_verb_at(doc, x));
        let before = sub(text, ss.min(o), o);
        let colon = before.trim_end().ends_with(':');
        let intro = colon || vb.is_some();
        let quote_starts_sentence = before.trim().is_empty();
        let near_verb = va.is_some_and(|x| x <= ka + 3) || vb.is_some_and(|x| x + 3 >= kb) || colon;
        // Programme titles and scare quotes: short, or Title Case, with no speech verb near.
        let title_case = sub(text, s, e)
            .split_whitespace()
            .filter(|x| x.chars().count() > 3)
            .all(|x| x.chars().next().is_some_and(|c| c.is_uppercase()));
        let keep = if n < 4 {
            near_verb && !(title_case && n > 1 && !colon)
        } else {
            (va.is_some() || intro || quote_starts_sentence || at_end) && !(title_case && n <= 6 && !near_verb)
        };
        if !keep {
            continue;
        }
        let found = match (va, vb) {
            (Some(v), _) => {
                let (vs, ve) = sent_of(toks[v].s);
                sp.of_verb(doc, v, vs, ve, o)
            }
            (None, Some(v)) => {
                let (vs, ve) = sent_of(toks[v].s);
                sp.of_verb(doc, v, vs, ve, o)
            }
            _ => Found::Nothing,
        };
        let mut c = cand(Label::Claim, s, e, 0.75, "direct quote", "claims");
        match found {
            Found::Actor(w) => {
                c.speaker = Some(w.span);
                c.why = format!("direct quote; {} ({:.2})", w.why, w.score);
            }
            Found::Unnamed(why) => c.why = format!("direct quote; {why}"),
            Found::Nothing => {
                if let Some((span, _)) = prev_quote.filter(|(_, end)| o.saturating_sub(*end) < 600) {
                    // The nearest mention of the same person ("Steve Warren" ... "Warren").
                    let last = |r: (usize, usize)| sub(text, r.0, r.1).rsplit(' ').next().unwrap_or("");
                    let span = sp
                        .person_before(o)
                        .filter(|&p| p.0 > span.0 && last(p) == last(span))
                        .unwrap_or(span);
                    c.speaker = Some(span);
                    c.why = "direct quote; speaker: as the quote before (0.50)".into();
                } else if let Some(span) = sp.person_before(o) {
                    c.speaker = Some(span);
                    c.why = "direct quote; speaker: nearest earlier person (0.30)".into();
                }
            }
        }
        prev_quote = c.speaker.map(|x| (x, ce));
        if c.speaker.is_none() {
            prev_quote = None;
        }
        out.push(c);
    }
    block_quotes(doc, &mut sp, &quotes, &mut out);

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
            let w = doc.w(ti);
            let candidate = t.word && (speech::verb(w).is_some() || w == "according" || w == "According");
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
                let inner_verb = sub(text, ss, t.s).split_whitespace().any(|x| {
                    speech::verb(x.trim_matches(|c: char| !c.is_alphanumeric())).is_some_and(|v| v.frames.clause)
                });
                if comma_before && inner_verb {
                    ti += 2;
                    continue;
                }
                if comma_before {
                    let (cs, ce) = trim_claim(text, ss, t.s);
                    if ce > cs && words_at_least(sub(text, cs, ce), 3) && !in_quote(cs) {
                        let mut c = cand(Label::Claim, cs, ce, 0.7, "reported: 'according to'", "claims");
                        c.speaker = sp.actor_after(after_to, se);
                        if c.speaker.is_some() {
                            c.why = "reported: 'according to'; speaker: agent of 'according to' (0.85)".into();
                        }
                        out.push(c);
                    }
                } else if let Some(cpos) = sub(text, after_to, se).find(',') {
                    let (cs, ce) = trim_claim(text, after_to + cpos + 1, se);
                    if ce > cs && words_at_least(sub(text, cs, ce), 3) {
                        let mut c = cand(Label::Claim, cs, ce, 0.65, "reported: 'according to'", "claims");
                        c.speaker = sp.actor_after(after_to, after_to + cpos);
                        if c.speaker.is_some() {
                            c.why = "reported: 'according to'; speaker: agent of 'according to' (0.85)".into();
                        }
                        out.push(c);
                    }
                }
                ti += 2;
                continue;
            }
            let Some(verb) = speech::verb(w) else {
                ti += 1;
                continue;
            };
            let f = verb.frames;
            // Right after a closing quote ("..." he said, referring to ...): the quote is the claim.
            let back = sub(text, ss, t.s);
            if let Some(q) = back.rfind(['”', '"', '»', '“'])
                && word_count(tail(back, q)) <= 5
            {
                ti += 1;
                continue;
            }
            let next_tok = toks.get(ti + 1).copied();
            let next_w = if next_tok.is_some() { doc.w(ti + 1) } else { "" };
            let prev_w = ti.checked_sub(1).map(|p| doc.w(p)).unwrap_or("");
            // A passive ("was reported") is no speech act of the subject; a progressive
            // ("are claiming that") is.
            let passive =
                matches!(prev_w, "is" | "was" | "be" | "been" | "are" | "were" | "being") && !w.ends_with("ing");
            if passive
                || with_lower(prev_w, |l| DETERMINERS.contains(&l))
                || (w.ends_with('s') && w != "says" && speech::noun_marker(prev_w))
            {
                ti += 1;
                continue;
            }
            // The frame: where the content starts (None: not a speech use here).
            let frame_start = frame_start(doc, ti, se, f);
            // A bare clause does not start with a preposition ("reported from Moscow").
            if frame_start.is_none() && (!f.clause || PREPOSITIONS.contains(&next_w)) {
                ti += 1;
                continue;
            }
            let found = sp.of_verb(doc, ti, ss, se, ss);
            let speaker = match &found {
                Found::Actor(x) => Some(x.span),
                _ => None,
            };
            // The speaker's part of the reason, formatted only for a claim that is kept.
            let sp_why = || match &found {
                Found::Actor(x) => format!("; {} ({:.2})", x.why, x.score),
                Found::Unnamed(why) => format!("; {why}"),
                Found::Nothing => String::new(),
            };
            // Parenthetical or trailing attribution: ", she said, ..." / "..., X said."
            let comma_before = sub(text, ss, t.s).rfind(',').map(|p| ss + p);
            let rest_after = sub(text, t.e, se);
            let rest_short = !words_at_least(rest_after, 6);
            let lead_short = sub(text, ss, se)
                .find(',')
                .is_some_and(|c| word_count(sub(text, ss, ss + c)) <= 3);
            if next_w == "," && lead_short && comma_before.is_some_and(|p| word_count(sub(text, p, t.s)) <= 4) {
                let (cs, ce) = trim_claim(text, next_tok.map(|x| x.e).unwrap_or(t.e), se);
                if ce > cs && words_at_least(sub(text, cs, ce), 3) && !in_quote(cs) {
                    let mut c = cand(
                        Label::Claim,
                        cs,
                        ce,
                        0.6,
                        format!("reporting verb '{w}'{}", sp_why()),
                        "claims",
                    );
                    c.speaker = speaker;
                    out.push(c);
                    ti = doc.tok_at(ce);
                    continue;
                }
            }
            let inverted = prev_w == "," && is_cap(next_w);
            // "X, the chair, said:" introduces what follows; it trails no content.
            if (rest_short || next_w == "," || inverted)
                && next_w != ":"
                && let Some(p) = comma_before
                && word_count(sub(text, p, t.s)) <= 5
                && !rest_after.contains(" that ")
            {
                let (cs, ce) = trim_claim(text, ss, p);
                if ce > cs && words_at_least(sub(text, cs, ce), 3) && !in_quote(cs) && !in_quote(ce.saturating_sub(1)) {
                    let mut c = cand(
                        Label::Claim,
                        cs,
                        ce,
                        0.6,
                        format!("reporting verb '{w}' after the content{}", sp_why()),
                        "claims",
                    );
                    c.speaker = speaker;
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
            if let Some(fs) = frame_start {
                k = fs.0;
            } else if w == "told" || w == "tells" {
                // Skip the hearer: "told reporters", "told Reuters", "told a news conference".
                let lim = (k + 8).min(toks.len());
                while k < lim && toks[k].word && (is_cap(doc.w(k)) || HEARERS.contains(&doc.w(k))) {
                    k += 1;
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
            // Inside a subordinate clause that opens the sentence (or follows a comma
            // before the verb: "However, when asked ..."), the content ends at the
            // clause's comma.
            let first = doc.tok_at(ss);
            let clause_start = (first..ti).rev().find(|&x| doc.w(x) == ",").map_or(first, |x| x + 1);
            let subordinate = clause_start < ti && speech::subordinator(doc.w(clause_start));
            while m < toks.len() && toks[m].s < se {
                if toks[m].word && narrator_at(doc, m, se, false) {
                    ce0 = toks[m].s;
                    break;
                }
                if doc.w(m) == ","
                    && (subordinate
                        || narrator_at(doc, m + 1, se, true)
                        || !speech::subordinator(doc.w(k))
                            && words_at_least(sub(text, cs0, toks[m].s), 3)
                            && new_main_clause(doc, m + 1, se))
                {
                    ce0 = toks[m].s;
                    break;
                }
                if doc.w(m) == "and" && m + 1 < toks.len() && speech::verb(doc.w(m + 1)).is_some() {
                    ce0 = toks[m].s;
                    break;
                }
                // A semicolon, a parenthetical dash, or a colon before a quote ends the content.
                let colon_quote = doc.w(m) == ":"
                    && toks
                        .get(m + 1)
                        .is_some_and(|_| matches!(doc.w(m + 1), "“" | "\"" | "«" | "„"));
                if doc.w(m) == ";" || matches!(doc.w(m), "—" | "–") && toks[m].sp || colon_quote {
                    ce0 = toks[m].s;
                    break;
                }
                if doc.w(m) == "," && m + 1 < toks.len() {
                    let nx = doc.w(m + 1);
                    let nx2 = if m + 2 < toks.len() { doc.w(m + 2) } else { "" };
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
                    ) || speech::verb(nx2).is_some() && (is_cap(nx) || pronoun(nx))
                        || participle_clause(nx)
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
            let why = match frame_start {
                Some((_, fr)) => format!("reporting verb '{w}' ({fr}){}", sp_why()),
                None => format!("reporting verb '{w}'{}", sp_why()),
            };
            let mut c = cand(Label::Claim, cs, ce, 0.65, why, "claims");
            c.speaker = speaker;
            out.push(c);
            ti = doc.tok_at(ce);
        }
    }
    noun_reports(doc, &mut sp, sentences, &mut out);
    super::headlines::headlines(doc, &mut sp, &mut out);
    for &(ss, se) in sentences {
        super::what_called::what_called(doc, &sp, ss, se, &mut out);
    }
    // No claim inside a claim: drop claims nested in a longer one.
    out.sort_by(|a, b| {
        (b.end - b.start)
            .cmp(&(a.end - a.start))
            .then(a.start.cmp(&b.start))
            .then(a.speaker.is_none().cmp(&b.speaker.is_none()))
    });
    // The kept claims are disjoint: only the one starting last before `c.end` can overlap.
    let mut kept: std::collections::BTreeMap<usize, Cand> = std::collections::BTreeMap::new();
    for c in out {
        if kept.range(..c.end).next_back().is_some_and(|(_, k)| c.start < k.end) {
            continue;
        }
        kept.insert(c.start, c);
    }
    let mut all: Vec<Cand> = kept.into_values().collect();
    all.extend(sp.new_actors);
    all
}

/// Paragraphs after an introducing line ("Stoltenberg said:") without quote marks: one
/// claim per paragraph, the first always, the next ones while they speak in the first
/// person and carry no attribution of their own.
fn block_quotes(doc: &Doc, sp: &mut Speakers, quotes: &[super::quotes::Quote], out: &mut Vec<Cand>) {
    let text = doc.text;
    let toks = &doc.toks;
    // Paragraph starts: tokens after a line break.
    let starts: Vec<usize> = (0..toks.len()).filter(|&i| toks[i].nl).collect();
    let mut p = 1;
    while p < starts.len() {
        let i = starts[p];
        let prev = i - 1;
        if doc.w(prev) != ":" {
            p += 1;
            continue;
        }
        // The introducing line: a reporting verb among its last tokens.
        let line_start = starts[p - 1];
        let v = (line_start.max(prev.saturating_sub(6))..prev)
            .rev()
            .find(|&x| toks[x].word && speech::verb(doc.w(x)).is_some());
        let Some(v) = v else {
            p += 1;
            continue;
        };
        let found = sp.of_verb(doc, v, toks[line_start].s, toks[prev].e, toks[line_start].s);
        let mut q = p;
        while q < starts.len() {
            let a = starts[q];
            let b = starts.get(q + 1).copied().unwrap_or(toks.len());
            let (s, e) = (toks[a].s, toks[b - 1].e);
            let k = quotes.partition_point(|x| x.2 < s);
            let quoted = quotes.get(k).is_some_and(|x| x.2 < e);
            let words: Vec<&str> = (a..b).filter(|&x| toks[x].word).map(|x| doc.w(x)).collect();
            let first_person = words
                .iter()
                .any(|w| matches!(*w, "I" | "we" | "We" | "our" | "Our" | "us" | "my" | "My"));
            let attributed = words.iter().any(|w| matches!(*w, "said" | "says" | "told"));
            // A statement goes on in the present or future ("It's unacceptable", "This
            // will not stand"); a narrator's paragraph tells the past.
            let present = words.iter().any(|w| {
                matches!(
                    *w,
                    "is" | "are" | "will" | "must" | "can" | "cannot" | "should" | "do" | "does" | "don" | "doesn"
                )
            }) && !words.iter().any(|w| matches!(*w, "was" | "were" | "had"));
            let ok =
                !quoted && words.len() >= 4 && !attributed && (q == p || (first_person || present) && words.len() >= 6);
            if !ok {
                break;
            }
            let (cs, ce) = trim_claim(text, s, e);
            if ce > cs {
                let mut c = cand(Label::Claim, cs, ce, 0.65, "block quote", "claims");
                match &found {
                    Found::Actor(w) => {
                        c.speaker = Some(w.span);
                        c.why = format!("block quote; {} ({:.2})", w.why, w.score);
                    }
                    Found::Unnamed(why) => c.why = format!("block quote; {why}"),
                    Found::Nothing => {}
                }
                out.push(c);
            }
            q += 1;
            if doc.w(b - 1) == ":" {
                break;
            }
        }
        p = q.max(p + 1);
    }
}

/// Noun-phrase reports: "his warning that ...", "the claim that ...", "Moscow's
/// insistence that ...": the clause after "that", to the end of the sentence or clause.
fn noun_reports(doc: &Doc, sp: &mut Speakers, sentences: &[(usize, usize)], out: &mut Vec<Cand>) {
    let text = doc.text;
    let toks = &doc.toks;
    for &(ss, se) in sentences {
        let mut i = doc.tok_at(ss);
        while i + 2 < toks.len() && toks[i + 2].s < se {
            let w = doc.w(i);
            if !(toks[i].word && speech::report_noun(w) && doc.w(i + 1) == "that") || i == 0 {
                i += 1;
                continue;
            }
            // A relative clause, not the content: "the reports that I have read, ...".
            let relative = matches!(doc.w(i + 2), "I" | "we" | "you" | "they" | "he" | "she")
                && (i + 3..(i + 7).min(toks.len()))
                    .take_while(|&x| toks[x].s < se)
                    .any(|x| doc.w(x) == ",");
            if relative {
                i += 2;
                continue;
            }
            let det = doc.w(i - 1);
            let cs0 = toks[i + 2].s;
            let ce0 = (i + 2..toks.len())
                .take_while(|&x| toks[x].s < se)
                .find(|&x| matches!(doc.w(x), ";" | "—" | "–") || doc.w(x) == "," && doc.w(x + 1).starts_with("but"))
                .map(|x| toks[x].s)
                .unwrap_or(se);
            let (cs, ce) = trim_claim(text, cs0, ce0);
            if ce <= cs || !words_at_least(sub(text, cs, ce), 3) {
                i += 2;
                continue;
            }
            let found = match det {
                "his" | "her" | "His" | "Her" => {
                    sp.antecedent(doc, if det.starts_with('h') { "he" } else { "He" }, toks[i - 1].s)
                }
                "its" | "their" | "Its" | "Their" => sp.antecedent(doc, "it", toks[i - 1].s),
                "s" if i >= 2 => sp
                    .actor_before(toks[i - 2].s, ss)
                    .filter(|a| a.1 == toks[i - 2].s)
                    .map(|span| {
                        Found::Actor(super::speakers::Who {
                            span,
                            score: 0.8,
                            why: "speaker: the owner of the report".into(),
                        })
                    })
                    .unwrap_or(Found::Nothing),
                _ => Found::Nothing,
            };
            let mut c = cand(Label::Claim, cs, ce, 0.55, format!("report noun '{w} that'"), "claims");
            if let Found::Actor(x) = found {
                c.speaker = Some(x.span);
                c.why = format!("report noun '{w} that'; {} ({:.2})", x.why, x.score);
            }
            out.push(c);
            i = doc.tok_at(ce);
        }
    }
}
