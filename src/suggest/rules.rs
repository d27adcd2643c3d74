//! The rule layers on one article, in byte offsets: gazetteer hits, names beyond the
//! gazetteers, context (actor or location). Claims are in `claims.rs`.

use super::gazetteer::{Cat, Gazetteer, is_particle};
use super::lexicon::*;
use crate::model::Label;
use crate::text::{head, sub, tail};

/// A candidate in byte offsets.
#[derive(Debug, Clone, PartialEq)]
pub struct Cand {
    pub label: Label,
    pub start: usize,
    pub end: usize,
    pub score: f32,
    pub why: String,
    pub source: &'static str,
    /// Speaker byte range, for claims.
    pub speaker: Option<(usize, usize)>,
    /// A person (for pronoun resolution and surnames).
    pub person: bool,
}

pub(super) fn cand(
    label: Label,
    start: usize,
    end: usize,
    score: f32,
    why: impl Into<String>,
    source: &'static str,
) -> Cand {
    Cand {
        label,
        start,
        end,
        score,
        why: why.into(),
        source,
        speaker: None,
        person: false,
    }
}

/// A word: a run of letters and digits (with acronym dots "U.S." and inner
/// apostrophes "d'Ivoire"), or one punctuation char.
#[derive(Debug, Clone, Copy)]
pub struct Tok {
    pub s: usize,
    pub e: usize,
    pub word: bool,
    /// Whitespace right before it.
    pub sp: bool,
    /// A line break right before it (or the text start).
    pub nl: bool,
}

pub fn tokenize(text: &str) -> Vec<Tok> {
    let b = text.as_bytes();
    let mut out = Vec::with_capacity(text.len() / 5);
    let mut i = 0;
    let mut sp = false;
    let mut nl = true;
    while i < b.len() {
        let c = b[i];
        if c == b' ' || c == b'\t' || c == b'\r' {
            sp = true;
            i += 1;
            continue;
        }
        if c == b'\n' {
            sp = true;
            nl = true;
            i += 1;
            continue;
        }
        let ch = tail(text, i).chars().next().unwrap_or(' ');
        if ch.is_whitespace() {
            sp = true;
            i += ch.len_utf8();
            continue;
        }
        if ch.is_alphanumeric() {
            let s = i;
            let mut j = i + ch.len_utf8();
            while let Some(n) = tail(text, j).chars().next() {
                if n.is_alphanumeric() {
                    j += n.len_utf8();
                    continue;
                }
                // Acronym dots: U.S. / U.N.
                if n == '.' {
                    let word = sub(text, s, j);
                    let last_is_single = word.rsplit('.').next().is_some_and(|p| p.chars().count() == 1);
                    let after = tail(text, j + 1).chars().next();
                    if last_is_single && word.chars().next().is_some_and(char::is_uppercase) {
                        if after.is_some_and(|a| a.is_uppercase()) && tail(text, j + 1).chars().nth(1) == Some('.') {
                            j += 1;
                            continue;
                        }
                        if word.contains('.') {
                            j += 1; // the final dot of "U.S."
                        }
                    }
                    break;
                }
                // Inner apostrophe, not a possessive: "Kata'ib", "d'Ivoire".
                if n == '\'' || n == '’' {
                    let rest = tail(text, j + n.len_utf8());
                    let mut it = rest.chars();
                    let a = it.next();
                    let a2 = it.next();
                    let possessive = a == Some('s') && !a2.is_some_and(char::is_alphanumeric);
                    if !possessive && a.is_some_and(char::is_alphabetic) {
                        j += n.len_utf8();
                        continue;
                    }
                }
                break;
            }
            out.push(Tok {
                s,
                e: j,
                word: true,
                sp,
                nl,
            });
            i = j;
        } else {
            out.push(Tok {
                s: i,
                e: i + ch.len_utf8(),
                word: false,
                sp,
                nl,
            });
            i += ch.len_utf8();
        }
        sp = false;
        nl = false;
    }
    out
}

pub(super) fn is_cap(w: &str) -> bool {
    w.chars().next().is_some_and(|c| c.is_uppercase())
}

/// The article being tagged: text, tokens, and helpers around them.
pub struct Doc<'a> {
    pub text: &'a str,
    pub toks: Vec<Tok>,
}

impl<'a> Doc<'a> {
    pub fn new(text: &'a str) -> Doc<'a> {
        let toks = tokenize(text);
        Doc { text, toks }
    }
    pub(super) fn w(&self, i: usize) -> &'a str {
        let t = self.toks[i];
        sub(self.text, t.s, t.e)
    }
    /// Index of the first token at or after byte `b`.
    pub(super) fn tok_at(&self, b: usize) -> usize {
        self.toks.partition_point(|t| t.s < b)
    }
    pub(super) fn is_possessive_at(&self, i: usize) -> bool {
        // "’" "s" with no space: a possessive.
        i + 1 < self.toks.len()
            && !self.toks[i].word
            && matches!(self.w(i), "’" | "'")
            && !self.toks[i].sp
            && self.w(i + 1) == "s"
            && !self.toks[i + 1].sp
    }
}

/// Entities (ACTOR / LOCATION) of one article.
pub fn entities(doc: &Doc, gaz: &Gazetteer) -> Vec<Cand> {
    let text = doc.text;
    let toks = &doc.toks;
    let n = toks.len();
    let mut out: Vec<Cand> = Vec::new();

    // 1. Gazetteer hits at capitalised word starts (and "al-X" starts).
    let mut hits: Vec<(usize, usize, Cat, usize)> = Vec::new(); // (start, end, cat, first tok)
    let mut i = 0;
    while i < n {
        let t = toks[i];
        if !t.word {
            i += 1;
            continue;
        }
        let w = doc.w(i);
        let al = is_particle(w)
            && i + 2 < n
            && doc.w(i + 1) == "-"
            && !toks[i + 1].sp
            && is_cap(doc.w(i + 2))
            && !toks[i + 2].sp;
        if (is_cap(w) || al)
            && let Some(h) = gaz.match_at(text, t.s)
        {
            hits.push((h.start, h.end, h.cat, i));
            i = doc.tok_at(h.end);
            continue;
        }
        i += 1;
    }

    // 2. Capitalised sequences: titles + names, organisations, places. Headlines in
    // title case ("Us-Backed Army Launches Offensive") get none.
    let headline = title_case_lines(doc);
    let mut persons: Vec<(usize, usize)> = Vec::new();
    let mut i = 0;
    while i < n {
        if !toks[i].word
            || !is_cap(doc.w(i))
            || headline
                .binary_search_by(|r| {
                    if r.1 <= toks[i].s {
                        std::cmp::Ordering::Less
                    } else if r.0 > toks[i].s {
                        std::cmp::Ordering::Greater
                    } else {
                        std::cmp::Ordering::Equal
                    }
                })
                .is_ok()
        {
            i += 1;
            continue;
        }
        // Collect a sequence of capitalised words glued by spaces or hyphens, with
        // particles inside.
        let mut j = i;
        let mut words: Vec<usize> = vec![i];
        loop {
            let k = j + 1;
            if k >= n {
                break;
            }
            if toks[k].word && toks[k].sp && !toks[k].nl {
                let w = doc.w(k);
                if is_cap(w) {
                    words.push(k);
                    j = k;
                    continue;
                }
                if (matches!(
                    w,
                    "of" | "for"
                        | "de"
                        | "da"
                        | "di"
                        | "van"
                        | "von"
                        | "bin"
                        | "ibn"
                        | "al"
                        | "el"
                        | "la"
                        | "du"
                        | "der"
                ) || (w == "the" && doc.w(j) == "of")
                    || (is_particle(w) && k + 1 < n && doc.w(k + 1) == "-" && !toks[k + 1].sp))
                    && k + 1 < n
                {
                    // "the" only after "of" ("Islamic State of Iraq and the Levant" is a gazetteer entry).
                    let nk = k + 1;
                    let glued_al = doc.w(nk) == "-" && nk + 1 < n && !toks[nk].sp;
                    if (toks[nk].word && toks[nk].sp && is_cap(doc.w(nk))) || glued_al {
                        words.push(k);
                        j = k;
                        continue;
                    }
                }
                break;
            }
            // Possessive inside a name: "Tigray People's Liberation Front", "Kurdistan
            // Workers' Party" (not after a known place: "Russia's Defense Ministry" is
            // built by the context layer).
            if !toks[k].word && matches!(doc.w(k), "'" | "’") && !toks[k].sp && gaz.match_at(text, toks[j].s).is_none()
            {
                let (skip, nxt) = if k + 1 < n && doc.w(k + 1) == "s" && !toks[k + 1].sp {
                    (k + 1, k + 2)
                } else {
                    (k, k + 1)
                };
                let plural_ok = skip > k || doc.w(j).ends_with('s');
                if plural_ok && nxt < n && toks[nxt].word && toks[nxt].sp && is_cap(doc.w(nxt)) {
                    words.push(nxt);
                    j = nxt;
                    continue;
                }
            }
            // Hyphen glue: "al-Assad", "Damascus-Aleppo", "Ki-moon".
            if !toks[k].word && doc.w(k) == "-" && !toks[k].sp && k + 1 < n && toks[k + 1].word && !toks[k + 1].sp {
                let w = doc.w(k + 1);
                if is_cap(w) || is_particle(w) || (j > i && is_particle(doc.w(j))) || w.len() > 2 {
                    if inn(ACTOR_SUFFIXES, w)
                        || inn(PLACE_SUFFIXES, w)
                        || !is_cap(w) && !is_particle(w) && !is_particle(doc.w(j))
                    {
                        break;
                    }
                    words.push(k + 1);
                    j = k + 1;
                    continue;
                }
            }
            break;
        }
        // Drop leading non-names ("The", "On").
        let mut first = 0;
        while first < words.len() && inn(NOT_NAMES, doc.w(words[first])) {
            first += 1;
        }
        let seq: Vec<usize> = words[first..].to_vec();
        // Trailing particles out.
        let mut seq = seq;
        while seq.last().is_some_and(|&k| !is_cap(doc.w(k))) {
            seq.pop();
        }
        if !seq.is_empty() {
            analyse_sequence(doc, gaz, &seq, &mut out, &mut persons);
        }
        i = j + 1;
    }

    // 3. Context for gazetteer hits.
    let mut gi = 0;
    while gi < hits.len() {
        // A coordinated group: "Hama, Homs, Latakia and Idlib", "the EU, Russia and the US".
        let mut gj = gi;
        while gj + 1 < hits.len() {
            let between = sub(text, hits[gj].1, hits[gj + 1].0);
            let bt = between.trim();
            if matches!(
                bt,
                "," | "and" | ", and" | "or" | "and the" | ", the" | ", and the" | "or the"
            ) {
                gj += 1;
            } else {
                break;
            }
        }
        let first_tok = hits[gi].3;
        let last_end = hits[gj].1;
        for (s, e, cat, ti) in hits[gi..=gj].iter().copied() {
            let (s2, e2) = if gi == gj { (s, e) } else { (hits[gi].0, last_end) };
            let _ = s2;
            if let Some(c) = classify(doc, gaz, s, e, cat, ti, first_tok, e2) {
                out.push(c);
            }
        }
        gi = gj + 1;
    }

    // 4. Surnames of people named in full: "Lavrov said", "Warren".
    let mut surnames: Vec<(String, String)> = Vec::new();
    for &(s, e) in &persons {
        let full = sub(text, s, e);
        let parts: Vec<&str> = full.split(' ').collect();
        if parts.len() >= 2 {
            let last = parts[parts.len() - 1];
            let pen = parts[parts.len() - 2];
            if is_particle(pen) {
                surnames.push((format!("{pen} {last}"), full.to_string()));
            }
            if last.chars().count() >= 3 {
                surnames.push((last.to_string(), full.to_string()));
            }
        }
    }
    if !surnames.is_empty() {
        // Indexed by (byte length, ASCII-lowercased surname): per capitalised word one
        // lookup per distinct length, however many people the article names.
        // A person named in full many times is one entry, not one per mention.
        let mut seen = std::collections::HashSet::new();
        surnames.retain(|p| seen.insert(p.clone()));
        let mut index: std::collections::HashMap<(usize, String), Vec<usize>> = std::collections::HashMap::new();
        for (i, (sur, _)) in surnames.iter().enumerate() {
            index.entry((sur.len(), sur.to_ascii_lowercase())).or_default().push(i);
        }
        let mut lengths: Vec<usize> = index.keys().map(|k| k.0).collect();
        lengths.sort_unstable();
        lengths.dedup();
        for (k, tk) in toks.iter().enumerate() {
            if !tk.word || !is_cap(doc.w(k)) {
                continue;
            }
            let s = tk.s;
            for &len in &lengths {
                let e = s + len;
                if e > text.len() || !text.is_char_boundary(e) {
                    continue;
                }
                let here = sub(text, s, e);
                let Some(found) = index.get(&(len, here.to_ascii_lowercase())) else {
                    continue;
                };
                if tail(text, e).chars().next().is_some_and(char::is_alphanumeric) {
                    continue;
                }
                for &i in found {
                    let (sur, full) = &surnames[i];
                    if here == sur || is_cap(here) {
                        let mut c = cand(Label::Actor, s, e, 0.75, format!("same person as {full}"), "names");
                        c.person = true;
                        out.push(c);
                    }
                }
            }
        }
    }
    resolve(out)
}

/// Byte ranges of lines written in title case (most longer words capitalised).
fn title_case_lines(doc: &Doc) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    let (mut cap, mut all) = (0usize, 0usize);
    let mut line_start = 0;
    for (i, t) in doc.toks.iter().enumerate() {
        if t.nl && i > 0 {
            let last = doc.w(i - 1);
            if all >= 4 && cap * 10 >= all * 8 && !matches!(last, "." | "”" | "\"" | "’") {
                out.push((line_start, doc.toks[i - 1].e));
            }
            cap = 0;
            all = 0;
            line_start = t.s;
            start = i;
        }
        if t.word && t.e - t.s > 3 {
            all += 1;
            if is_cap(doc.w(i)) {
                cap += 1;
            }
        }
    }
    let _ = start;
    let last = doc.toks.last().map(|t| sub(doc.text, t.s, t.e)).unwrap_or("");
    if all >= 4 && cap * 10 >= all * 8 && !matches!(last, "." | "”" | "\"" | "’") {
        out.push((line_start, doc.toks.last().map(|t| t.e).unwrap_or(0)));
    }
    out
}

/// A capitalised sequence: title + person, organisation, place, or a person's name.
fn analyse_sequence(doc: &Doc, gaz: &Gazetteer, seq: &[usize], out: &mut Vec<Cand>, persons: &mut Vec<(usize, usize)>) {
    let text = doc.text;
    let toks = &doc.toks;
    let w = |k: usize| doc.w(k);
    // The last title word in the sequence splits it: "[NATO] Secretary General [Jens Stoltenberg]".
    let title_at = seq.iter().rposition(|&k| {
        let x = w(k);
        inn(TITLES, x) || (k == seq[0] && x.len() > 3 && inn(LOWER_TITLES, x.to_lowercase().as_str()))
    });
    if let Some(ti) = title_at {
        let mut name: &[usize] = &seq[ti + 1..];
        // "Secretary of State John Kerry": the organ after "of" belongs to the title.
        if name.len() >= 3 && w(name[0]) == "of" {
            name = &name[2..];
        }
        let name: Vec<usize> = name.iter().copied().filter(|&k| toks[k].word).collect();
        if !name.is_empty() && name.len() <= 5 {
            let s = toks[name[0]].s;
            let e = toks[*name.last().unwrap_or(&name[0])].e;
            // A name, not an organ: "Secretary of State" has no person after it.
            let whole = sub(text, s, e);
            let is_gaz_place = gaz.match_at(text, s).is_some_and(|h| h.end == e && !h.cat.is_actor());
            if !is_gaz_place && !inn(NOT_NAMES, whole) && !inn(ORG_HEADS, w(name[name.len() - 1])) {
                let mut c = cand(
                    Label::Actor,
                    s,
                    e,
                    0.8,
                    format!("name after title '{}'", w(seq[ti])),
                    "names",
                );
                c.person = true;
                out.push(c);
                persons.push((s, e));
            }
        }
        return;
    }
    // Leading gazetteer names are theirs: "envoy for [Syria] Staffan de Mistura".
    if seq.len() >= 3 && !seq.iter().any(|&k| inn(ORG_HEADS, w(k))) {
        let h = gaz.match_at(text, toks[seq[0]].s);
        if let Some(h) = h
            && (h.cat.is_place() || h.cat.is_actor())
        {
            let rest: Vec<usize> = seq.iter().copied().filter(|&k| toks[k].s >= h.end).collect();
            if rest.len() >= 2 && rest.len() < seq.len() && is_cap(w(rest[0])) {
                return analyse_sequence(doc, gaz, &rest, out, persons);
            }
        }
    }
    let s = toks[seq[0]].s;
    let e = toks[seq[seq.len() - 1]].e;
    let last = w(seq[seq.len() - 1]);
    let has_org = seq.iter().any(|&k| inn(ORG_HEADS, w(k)));
    let two = seq.len() >= 2;
    let before = seq[0].checked_sub(1);
    if !has_org
        && (2..=4).contains(&seq.len())
        && before.is_some_and(|p| toks[p].word && inn(LOWER_TITLES, w(p)) && toks[seq[0]].sp)
        && seq.iter().all(|&k| !inn(NOT_NAMES, w(k)) && !w(k).contains('.'))
        && gaz.match_at(text, s).is_none_or(|h| h.end < e)
    {
        let mut c = cand(
            Label::Actor,
            s,
            e,
            0.75,
            format!("name after '{}'", w(before.unwrap_or(0))),
            "names",
        );
        c.person = true;
        out.push(c);
        persons.push((s, e));
        return;
    }
    if two && inn(PLACE_HEADS, last) {
        out.push(cand(
            Label::Location,
            s,
            e,
            0.75,
            format!("capitalised place name ending in '{last}'"),
            "names",
        ));
        return;
    }
    if two && has_org {
        // Possessive before: "Russia's Defense Ministry" is built in `classify`.
        out.push(cand(Label::Actor, s, e, 0.75, "capitalised organisation name", "names"));
        return;
    }
    let prev = seq[0].checked_sub(1);
    let last_tok = seq[seq.len() - 1];
    let next_word = if last_tok + 1 < toks.len() && toks[last_tok + 1].word && toks[last_tok + 1].sp {
        w(last_tok + 1)
    } else {
        ""
    };
    let next_word2 = if last_tok + 2 < toks.len() && toks[last_tok + 2].word {
        w(last_tok + 2)
    } else {
        ""
    };
    let prev_w = prev.filter(|&p| toks[p].word).map(w).unwrap_or("");
    let prev_w2 = prev
        .and_then(|p| p.checked_sub(1))
        .filter(|&p| toks[p].word)
        .map(w)
        .unwrap_or("");
    let unknown = seq.iter().all(|&k| {
        let x = w(k);
        is_particle(x) || (!inn(NOT_NAMES, x) && !gaz.common.contains(x.to_lowercase().as_str()))
    }) && gaz.match_at(text, s).is_none_or(|h| h.end < e);
    if unknown && !gaz.demonyms.contains_key(&w(seq[0]).to_lowercase()) {
        let locative = matches!(
            prev_w,
            "in" | "near" | "at" | "into" | "toward" | "towards" | "outside" | "around"
        ) && seq.len() >= 2;
        if inn(PLACE_NOUNS_AFTER, next_word) || prev_w == "of" && inn(PLACE_NOUNS_OF, prev_w2) || locative {
            out.push(cand(
                Label::Location,
                s,
                e,
                0.6,
                "unknown name in a place context",
                "names",
            ));
            return;
        }
        if inn(GROUP_NOUNS_AFTER, next_word)
            || inn(GROUP_NOUNS_AFTER, next_word2)
                && next_word.len() > 3
                && next_word.chars().all(|c| c.is_lowercase())
                && !matches!(
                    next_word,
                    "with"
                        | "from"
                        | "that"
                        | "this"
                        | "into"
                        | "have"
                        | "were"
                        | "said"
                        | "over"
                        | "than"
                        | "their"
                        | "which"
                        | "when"
                        | "where"
                        | "after"
                        | "about"
                )
        {
            out.push(cand(
                Label::Actor,
                s,
                e,
                0.6,
                format!("name before '{next_word}'"),
                "names",
            ));
            return;
        }
    }
    let after_lower_title = prev.is_some_and(|p| toks[p].word && inn(LOWER_TITLES, w(p)) && toks[seq[0]].sp);
    // A person's name: two to four capitalised words, none a common word or a gazetteer name.
    let words_ok = seq.iter().all(|&k| {
        let x = w(k);
        !inn(NOT_NAMES, x)
            && !inn(ORG_HEADS, x)
            && !inn(PLACE_HEADS, x)
            && !inn(TITLES, x)
            && !x.contains('.')
            && (is_particle(x) || !gaz.common.contains(x.to_lowercase().as_str()))
            && !gaz.demonyms.contains_key(&x.to_lowercase())
    });
    let any_gaz = seq.iter().any(|&k| {
        gaz.match_at(text, toks[k].s)
            .is_some_and(|h| h.cat.is_place() || h.cat.is_actor())
    });
    let n_words = seq.iter().filter(|&&k| toks[k].word).count();
    if words_ok && (after_lower_title && n_words <= 4 || (2..=4).contains(&n_words) && !any_gaz) {
        let why = if after_lower_title {
            format!("name after '{}'", w(prev.unwrap_or(0)))
        } else {
            "capitalised name".to_string()
        };
        let mut c = cand(
            Label::Actor,
            s,
            e,
            if after_lower_title { 0.75 } else { 0.55 },
            why,
            "names",
        );
        c.person = true;
        out.push(c);
        persons.push((s, e));
    }
}

/// ACTOR, LOCATION or nothing for one gazetteer hit, by its context.
#[allow(clippy::too_many_arguments)]
fn classify(
    doc: &Doc,
    gaz: &Gazetteer,
    s: usize,
    e: usize,
    cat: Cat,
    ti: usize,
    group_first: usize,
    group_end: usize,
) -> Option<Cand> {
    let text = doc.text;
    let toks = &doc.toks;
    let name = cat.name();
    let actor = |why: String, sc: f32| Some(cand(Label::Actor, s, e, sc, why, "context"));
    let loc = |why: String, sc: f32| Some(cand(Label::Location, s, e, sc, why, "context"));
    match cat {
        Cat::Platform | Cat::DemonymAdj => return None,
        Cat::Water => return loc(format!("gazetteer: {name}"), 0.85),
        Cat::DemonymPl => {
            let p = ti.checked_sub(1).map(|p| doc.w(p)).unwrap_or("");
            if matches!(
                p,
                "targeting" | "killing" | "killed" | "wounding" | "against" | "of" | "kill" | "target"
            ) {
                return None;
            }
            return Some(cand(
                Label::Actor,
                s,
                e,
                0.55,
                format!("gazetteer: {name}"),
                "gazetteer",
            ));
        }
        c if c.is_actor() => {
            return Some(cand(
                Label::Actor,
                s,
                e,
                0.85,
                format!("gazetteer: {name}"),
                "gazetteer",
            ));
        }
        _ => {}
    }
    // Places: countries, regions, divisions, cities.
    let after_tok = doc.tok_at(e);
    let prev_i = group_first.checked_sub(1);
    let prev = prev_i.map(|p| doc.w(p)).unwrap_or("");
    let prev2 = prev_i.and_then(|p| p.checked_sub(1)).map(|p| doc.w(p)).unwrap_or("");
    // Hyphen: "U.S.-led" / "Britain-based" / "pro-Assad".
    if tail(text, e).starts_with('-') {
        let k = after_tok + 1;
        if k < toks.len() {
            let suf = doc.w(k);
            if inn(ACTOR_SUFFIXES, suf) {
                return actor(format!("'{}-{suf}'", sub(text, s, e)), 0.8);
            }
            if inn(PLACE_SUFFIXES, suf) {
                return loc(format!("'{}-{suf}'", sub(text, s, e)), 0.8);
            }
        }
    }
    if s > 0 && head(text, s).ends_with('-') {
        let before = head(text, s - 1)
            .rsplit(|c: char| !c.is_alphanumeric())
            .next()
            .unwrap_or("");
        if matches!(before.to_lowercase().as_str(), "pro" | "anti") {
            return actor(format!("'{before}-'"), 0.75);
        }
    }
    // Dateline: "DAMASCUS —" at a paragraph start, in capitals.
    if toks[ti].nl && sub(text, s, e).chars().all(|c| !c.is_lowercase()) {
        let rest = tail(text, e).trim_start_matches([' ', ',']);
        if rest.starts_with(['—', '–', '-', '(']) || tail(text, e).starts_with(',') {
            return loc("dateline".into(), 0.9);
        }
    }
    // Possessive: "Turkey's airspace" (place) / "Syria's army command" (actor).
    if after_tok < toks.len() && doc.is_possessive_at(after_tok) {
        let k = after_tok + 2;
        let next = if k < toks.len() { doc.w(k) } else { "" };
        if inn(POSSESSED_PLACES, next) {
            return loc(format!("possessive of a place: '{next}'"), 0.7);
        }
        if is_cap(next) {
            // "Russia's Defense Ministry" (one actor), "Russia's Embassy" (a place), "Turkey's President".
            let mut j = k;
            while j + 1 < toks.len() && toks[j + 1].word && toks[j + 1].sp && is_cap(doc.w(j + 1)) {
                j += 1;
            }
            let head = doc.w(j);
            if inn(PLACE_HEADS, head) {
                return Some(cand(
                    Label::Location,
                    s,
                    toks[j].e,
                    0.75,
                    format!("possessive + '{head}'"),
                    "context",
                ));
            }
            if inn(ORG_HEADS, head) || matches!(head, "Ministry" | "Forces" | "Army") {
                return Some(cand(
                    Label::Actor,
                    s,
                    toks[j].e,
                    0.8,
                    format!("possessive + '{head}'"),
                    "context",
                ));
            }
            if inn(TITLES, head) || inn(TITLES, next) {
                return actor(format!("country in a title: '{next}'"), 0.75);
            }
        }
        return actor(format!("possessive: '{next}'"), 0.7);
    }
    let next_i = doc.tok_at(group_end);
    let next = if next_i < toks.len() { doc.w(next_i) } else { "" };
    let next_is_word = next_i < toks.len() && toks[next_i].word && toks[next_i].sp;
    if next_is_word && inn(MODIFIED_NOUNS, next) && gaz_is_country_like(cat) {
        return None;
    }
    if prev == "for"
        && matches!(
            prev2,
            "bound" | "headed" | "heading" | "destined" | "left" | "leaving" | "route"
        )
    {
        return loc(format!("'{prev2} for'"), 0.75);
    }
    if prev == "the" && matches!(prev2, "by" | "with" | "against") {
        return actor(format!("after '{prev2} the'"), 0.7);
    }
    if inn(LOC_PREPS, prev)
        || (inn(LOC_PREPS, prev2)
            && matches!(
                prev,
                "the" | "northern" | "southern" | "eastern" | "western" | "central"
            ))
    {
        return loc(format!("after '{prev}' (gazetteer: {name})"), 0.8);
    }
    if next_is_word
        && (inn(AGENT_VERBS, next)
            || (next.ends_with("ed") && next.len() > 4 && next.chars().all(|c| c.is_lowercase())))
    {
        return actor(format!("acts: '{} {next}'", sub(text, s, e)), 0.8);
    }
    if matches!(prev, "for" | "on" | "urged" | "called") && next == "to" {
        return actor(format!("'{prev} ... to'"), 0.7);
    }
    if inn(ACTOR_PREPS, prev) {
        return actor(format!("after '{prev}'"), 0.65);
    }
    if next_is_word && next.chars().next().is_some_and(|c| c.is_lowercase()) {
        if inn(PLACE_TOPICS, next) {
            return loc(format!("place + '{next}'"), 0.7);
        }
        if matches!(
            next,
            "and"
                | "or"
                | "as"
                | "but"
                | "because"
                | "since"
                | "when"
                | "while"
                | "after"
                | "before"
                | "on"
                | "in"
                | "at"
                | "for"
                | "with"
                | "to"
        ) {
            return loc(format!("gazetteer: {name}"), 0.6);
        }
        // A modifier: "U.S. officials", "Russia jets".
        return None;
    }
    let _ = gaz;
    loc(format!("gazetteer: {name}"), 0.6)
}

fn gaz_is_country_like(cat: Cat) -> bool {
    matches!(cat, Cat::Country | Cat::City | Cat::Admin1)
}

/// Keeps the best of overlapping entities: longer first, then higher score, then earlier.
fn resolve(mut v: Vec<Cand>) -> Vec<Cand> {
    v.sort_by(|a, b| {
        (b.end - b.start)
            .cmp(&(a.end - a.start))
            .then(b.score.total_cmp(&a.score))
            .then(a.start.cmp(&b.start))
            .then(a.label.cmp(&b.label))
    });
    let max_end = v.iter().map(|c| c.end).max().unwrap_or(0);
    let mut taken = vec![false; max_end];
    let mut kept: Vec<Cand> = Vec::new();
    for c in v {
        if taken[c.start..c.end].iter().any(|&t| t) {
            continue;
        }
        taken[c.start..c.end].iter_mut().for_each(|t| *t = true);
        kept.push(c);
    }
    kept.sort_by_key(|c| (c.start, c.end, c.label));
    kept
}
