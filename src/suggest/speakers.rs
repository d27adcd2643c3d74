//! Who made a claim: the speaker of a reporting verb, as a ranked choice with a score
//! and a reason. Byte offsets; every lookup is a binary search over the sorted actors or
//! a scan bounded by a few tokens around the verb.

use super::rules::{Cand, Doc, cand, is_cap};
use super::speech;
use crate::model::Label;
use crate::text::sub;

/// A speaker choice: the ACTOR's byte range, how sure, and why.
#[derive(Debug, Clone, PartialEq)]
pub struct Who {
    pub span: (usize, usize),
    pub score: f32,
    pub why: String,
}

/// The outcome of looking for the speaker of one verb.
#[derive(Debug, Clone, PartialEq)]
pub enum Found {
    /// A speaker among the actors (or a new one, see `Speakers::new_actors`).
    Actor(Who),
    /// The source has no name ("officials said"): no link, on purpose.
    Unnamed(String),
    /// Nothing found near the verb.
    Nothing,
}

/// The article's actors, sorted for lookups, and the names found after inverted verbs.
pub struct Speakers<'a> {
    by_start: Vec<&'a Cand>,
    by_end: Vec<&'a Cand>,
    people: Vec<&'a Cand>,
    bodies: Vec<&'a Cand>,
    /// ACTORs the claims layer found that the entities did not have.
    pub new_actors: Vec<Cand>,
}

const PRONOUNS_PERSON: &[&str] = &["he", "she", "He", "She"];
const PRONOUNS_BODY: &[&str] = &["it", "they", "It", "They"];
/// Words between a subject and its verb: "Lavrov also said", "Moscow has said".
const BETWEEN: &[&str] = &[
    "also",
    "has",
    "have",
    "had",
    "will",
    "would",
    "reportedly",
    "later",
    "earlier",
    "again",
    "then",
    "previously",
    "recently",
    "repeatedly",
    "publicly",
    "once",
    "meanwhile",
    "separately",
    "further",
    "quickly",
    "flatly",
    "firmly",
    "strongly",
];
/// Capitalised words that do not begin a name after an inverted verb.
const NOT_NAME_START: &[&str] = &[
    "The",
    "A",
    "An",
    "On",
    "In",
    "At",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
    "I",
    "We",
    "He",
    "She",
    "It",
    "They",
    "This",
    "That",
];

impl<'a> Speakers<'a> {
    pub fn new(text: &str, ents: &'a [Cand]) -> Speakers<'a> {
        let mut by_start: Vec<&Cand> = ents.iter().filter(|c| c.label == Label::Actor).collect();
        by_start.sort_by_key(|c| (c.start, c.end));
        let mut by_end = by_start.clone();
        by_end.sort_by_key(|c| (c.end, c.start));
        // People: flagged by the entity rules, shaped like a personal name, or the last
        // word of such a name elsewhere in the article ("Lavrov" after "Sergey Lavrov").
        // A body the gazetteers know ("Islamic State", "Roman Catholic Church") is no
        // person whatever its shape; the Phoenix dictionaries hold people too.
        let known_body =
            |c: &Cand| c.source == "gazetteer" && c.why.starts_with("gazetteer:") && !c.why.contains("Phoenix");
        let full: Vec<bool> = by_end
            .iter()
            .map(|c| c.person || !known_body(c) && person_shaped(sub(text, c.start, c.end)))
            .collect();
        let surnames: std::collections::HashSet<&str> = by_end
            .iter()
            .zip(&full)
            .filter(|(_, f)| **f)
            .filter_map(|(c, _)| sub(text, c.start, c.end).rsplit(' ').next())
            .collect();
        let is_person: Vec<bool> = by_end
            .iter()
            .zip(&full)
            .map(|(c, f)| *f || surnames.contains(sub(text, c.start, c.end)))
            .collect();
        let people = by_end
            .iter()
            .zip(&is_person)
            .filter(|(_, p)| **p)
            .map(|(c, _)| *c)
            .collect();
        let bodies = by_end
            .iter()
            .zip(&is_person)
            .filter(|(_, p)| !**p)
            .map(|(c, _)| *c)
            .collect();
        Speakers {
            by_start,
            by_end,
            people,
            bodies,
            new_actors: Vec::new(),
        }
    }

    /// The last actor that ends by `b` and starts at `lo` or later.
    pub fn actor_before(&self, b: usize, lo: usize) -> Option<(usize, usize)> {
        let k = self.by_end.partition_point(|c| c.end <= b);
        self.by_end[..k]
            .iter()
            .rev()
            .take_while(|c| c.end > lo)
            .find(|c| c.start >= lo)
            .map(|c| (c.start, c.end))
    }

    /// The actor that ends exactly at `b`.
    fn actor_ending_at(&self, b: usize) -> Option<(usize, usize)> {
        let k = self.by_end.partition_point(|c| c.end < b);
        self.by_end.get(k).filter(|c| c.end == b).map(|c| (c.start, c.end))
    }

    /// The first actor that starts at `b` or later and ends by `hi`.
    pub fn actor_after(&self, b: usize, hi: usize) -> Option<(usize, usize)> {
        let k = self.by_start.partition_point(|c| c.start < b);
        self.by_start[k..]
            .iter()
            .take_while(|c| c.start < hi)
            .find(|c| c.end <= hi)
            .map(|c| (c.start, c.end))
    }

    /// The last person ending by `b`.
    pub fn person_before(&self, b: usize) -> Option<(usize, usize)> {
        let k = self.people.partition_point(|c| c.end <= b);
        let p = k.checked_sub(1).map(|i| (self.people[i].start, self.people[i].end));
        let k2 = self.new_actors.partition_point(|c| c.end <= b);
        let n = k2
            .checked_sub(1)
            .map(|i| (self.new_actors[i].start, self.new_actors[i].end));
        match (p, n) {
            (Some(p), Some(n)) => Some(if n.1 > p.1 { n } else { p }),
            (p, n) => p.or(n),
        }
    }

    /// The last body (an actor not a person) ending by `b`.
    fn body_before(&self, b: usize) -> Option<(usize, usize)> {
        let k = self.bodies.partition_point(|c| c.end <= b);
        k.checked_sub(1).map(|i| (self.bodies[i].start, self.bodies[i].end))
    }

    /// The antecedent of a pronoun before byte `b`: a person for he / she, a body for
    /// it / they. The nearest earlier one in subject position (it starts its clause and a
    /// verb or an apposition follows: "Lavrov said ...", "Jens Stoltenberg, NATO's chief,
    /// ...") wins over a nearer object ("... responded to Ash Carter's remarks"); the
    /// nearest mention when none of the last few is a subject.
    pub fn antecedent(&self, doc: &Doc, pron: &str, b: usize) -> Found {
        let person = PRONOUNS_PERSON.contains(&pron);
        let list = if person { &self.people } else { &self.bodies };
        let k = list.partition_point(|c| c.end <= b);
        let subject = list[..k]
            .iter()
            .rev()
            .take(ANTECEDENT_LOOKBACK)
            .take_while(|c| b - c.end <= ANTECEDENT_BYTES)
            .find(|c| in_subject_position(doc, c));
        let pron = pron.to_lowercase();
        if let Some(c) = subject {
            return Found::Actor(Who {
                span: (c.start, c.end),
                score: 0.65,
                why: format!("speaker: antecedent of '{pron}' (the last subject)"),
            });
        }
        let hit = if person {
            self.person_before(b)
        } else {
            self.body_before(b)
        };
        match hit {
            Some(span) => Found::Actor(Who {
                span,
                score: 0.45,
                why: format!("speaker: antecedent of '{pron}'"),
            }),
            None => Found::Nothing,
        }
    }

    /// The body an anaphoric "the <head>" refers to: the nearest earlier body (not a
    /// person) whose name has the head as a word ("Russia's Defense Ministry" for
    /// "ministry"), or any organisation for heads marked so in assets/claims/bodies.txt.
    fn body_named_before(&self, doc: &Doc, head: &str, b: usize) -> Option<&'a Cand> {
        let any = speech::body_head(head)?;
        let k = self.bodies.partition_point(|c| c.end <= b);
        self.bodies[..k]
            .iter()
            .rev()
            .take_while(|c| b - c.end <= ANAPHOR_BYTES)
            .find(|c| {
                let name = sub(doc.text, c.start, c.end);
                name.split([' ', '-']).any(|w| w.eq_ignore_ascii_case(head)) || (any && organisation_shaped(name))
            })
            .copied()
    }

    /// The actor that ends exactly at byte `b`, with its kind.
    fn cand_ending_at(&self, b: usize) -> Option<&'a Cand> {
        let k = self.by_end.partition_point(|c| c.end < b);
        self.by_end.get(k).copied().filter(|c| c.end == b)
    }

    /// The subject before an apposition or a relative clause that ends right before the
    /// verb: "Steve Warren, a spokesman for the coalition, told", "John McCain — the
    /// chair of the committee — told", "Alexei Pushkov, the head of the committee who
    /// earlier said". `p` is the token before the verb (a separator or "who"). The
    /// earliest actor that starts its clause and ends before a separator wins, a person
    /// over a body ("Abu Mohamed al-Jolani, the head of ..., Al-Nusra Front, urged").
    fn apposition_subject(&self, doc: &Doc, p: usize, ss: usize) -> Option<&'a Cand> {
        let toks = &doc.toks;
        let pw = doc.w(p);
        let relative = matches!(pw, "who" | "which");
        if !(is_sep(pw) || relative) {
            return None;
        }
        let mut best: Option<&'a Cand> = None;
        for x in (p.saturating_sub(APPOSITION_TOKENS)..=p).rev() {
            if x == 0 || toks[x].s < ss {
                break;
            }
            if !(is_sep(doc.w(x)) || x == p) {
                continue;
            }
            let Some(c) = self.cand_ending_at(toks[x - 1].e).filter(|c| c.start >= ss) else {
                continue;
            };
            if !starts_clause(doc, doc.tok_at(c.start), ss) {
                continue;
            }
            best = match best {
                Some(b) if b.person && !c.person => Some(b),
                _ => Some(c),
            };
        }
        best
    }

    /// The speaker of the reporting verb at token `vi` in the sentence starting at byte
    /// `ss` and ending at `se`; `before` bounds the antecedent search for pronouns (the
    /// start of the claim or quote when it comes first).
    pub fn of_verb(&mut self, doc: &Doc, vi: usize, ss: usize, se: usize, before: usize) -> Found {
        let toks = &doc.toks;
        let Some(vt) = toks.get(vi).copied() else {
            return Found::Nothing;
        };
        let verb = doc.w(vi);
        // The subject before an apposition: "X, the minister, said" (not inverted).
        let mut k = vi;
        while k > 0 && toks[k - 1].s >= ss && BETWEEN.contains(&doc.w(k - 1)) {
            k -= 1;
        }
        if let Some(c) = k
            .checked_sub(1)
            .filter(|&p| toks[p].s >= ss)
            .and_then(|p| self.apposition_subject(doc, p, ss))
        {
            return Found::Actor(Who {
                span: (c.start, c.end),
                score: 0.8,
                why: format!("speaker: subject of '{verb}' before the apposition"),
            });
        }
        // Inverted: ", said X" / "” said X".
        let prev = vi.checked_sub(1).map(|p| doc.w(p)).unwrap_or("");
        if (vi == 0 || matches!(prev, "," | "”" | "\"" | "'" | "“" | "»" | "’") || toks[vi].nl)
            && let Some(f) = self.inverted(doc, vi, se)
        {
            return f;
        }
        // The subject before the verb.
        let Some(p) = k.checked_sub(1).filter(|&p| toks[p].s >= ss) else {
            return Found::Nothing;
        };
        let pw = doc.w(p);
        if PRONOUNS_PERSON.contains(&pw) || PRONOUNS_BODY.contains(&pw) {
            return self.antecedent(doc, pw, before.min(toks[p].s));
        }
        // Coordinated verbs share the subject: "X described ... and added that".
        if pw == "and"
            && let Some(v0) = (p.saturating_sub(COORDINATION_TOKENS)..p)
                .rev()
                .take_while(|&x| toks[x].s >= ss)
                .find(|&x| toks[x].word && speech::verb(doc.w(x)).is_some())
        {
            return match self.of_verb(doc, v0, ss, se, before) {
                Found::Actor(w) => Found::Actor(Who {
                    why: format!("{} (shared by '{verb}')", w.why),
                    ..w
                }),
                other => other,
            };
        }
        if let Some(span) = self.actor_ending_at(toks[p].e) {
            return Found::Actor(Who {
                span,
                score: 0.9,
                why: format!("speaker: subject of '{verb}'"),
            });
        }
        // "The ministry said": the body of that name the article named last.
        let definite = p > 0 && matches!(doc.w(p - 1), "The" | "the") && toks[p - 1].s >= ss;
        if definite && let Some(c) = self.body_named_before(doc, pw, toks[p - 1].s) {
            return Found::Actor(Who {
                span: (c.start, c.end),
                score: 0.6,
                why: format!("speaker: 'the {pw}' refers back to the body named before"),
            });
        }
        if speech::generic_source(pw) {
            // A name inside the source's own noun phrase: "White House officials".
            let lo = toks[p.saturating_sub(5)].s.max(ss);
            let np_start = (p.saturating_sub(5)..p)
                .rev()
                .take_while(|&x| {
                    toks[x].s >= lo
                        && (toks[x].word || matches!(doc.w(x), "’" | "'" | "-" | "."))
                        && speech::verb(doc.w(x)).is_none()
                })
                .last()
                .map(|x| toks[x].s)
                .unwrap_or(toks[p].s);
            if let Some(span) = self.actor_before(toks[p].s, np_start) {
                return Found::Actor(Who {
                    span,
                    score: 0.7,
                    why: format!("speaker: the body of '{pw}' in the subject"),
                });
            }
            return Found::Unnamed(format!("no speaker: unnamed source '{pw}'"));
        }
        // An appositive or title between: "Lavrov, the foreign minister, said". Not a
        // name inside a hyphenated modifier ("the U.S.-led coalition ... said").
        if let Some(span) = self.actor_before(vt.s, ss).filter(|&(_, b)| {
            toks.get(doc.tok_at(b))
                .is_none_or(|t| t.sp || doc.w(doc.tok_at(b)) != "-")
        }) {
            return Found::Actor(Who {
                span,
                score: 0.5,
                why: format!("speaker: actor before '{verb}' in the sentence"),
            });
        }
        Found::Nothing
    }

    /// "..., said X" / "” said X": the actor right after the verb, else a capitalised
    /// name there (kept as a new ACTOR); an unnamed source there gives no speaker.
    fn inverted(&mut self, doc: &Doc, vi: usize, se: usize) -> Option<Found> {
        let toks = &doc.toks;
        let verb = doc.w(vi);
        let first = vi + 1;
        let lim = (first + 8).min(toks.len());
        // The attribution runs to the next punctuation.
        let stop = (first..lim)
            .find(|&x| !toks[x].word && !matches!(doc.w(x), "-" | "." | "’" | "'"))
            .unwrap_or(lim);
        let hi = toks.get(stop).map(|t| t.s).unwrap_or(se).min(se);
        let b = toks.get(first)?.s;
        if b >= hi {
            return None;
        }
        if let Some(span) = self
            .actor_after(b, hi)
            .filter(|&(a, _)| (first..doc.tok_at(a)).all(|x| attribution_gap_word(doc.w(x))))
        {
            return Some(Found::Actor(Who {
                span,
                score: 0.85,
                why: format!("speaker: name after inverted '{verb}'"),
            }));
        }
        let w0 = doc.w(first);
        if PRONOUNS_PERSON.contains(&w0) || PRONOUNS_BODY.contains(&w0) {
            return Some(self.antecedent(doc, w0, toks[vi].s));
        }
        // Skip lower-case titles and articles ("said State Department spokesman John
        // Kirby" has its name after capitalised words too): take the last run of at least
        // two capitalised words before the stop.
        let mut run: Option<(usize, usize)> = None;
        let mut x = first;
        while x < stop {
            if toks[x].word && is_cap(doc.w(x)) && !NOT_NAME_START.contains(&doc.w(x)) {
                let s = x;
                while x < stop && toks[x].word && is_cap(doc.w(x)) {
                    x += 1;
                }
                if x - s >= 2 && x - s <= 4 {
                    run = Some((s, x));
                    break;
                }
            } else {
                x += 1;
            }
        }
        if let Some((s, e)) = run {
            let span = (toks[s].s, toks[e - 1].e);
            // Titles before the name: "Foreign Minister Sergei Lavrov" keeps the last two.
            let span = if e - s > 2 && (s..e - 2).any(|y| speech::title_word(doc.w(y))) {
                (toks[e - 2].s, toks[e - 1].e)
            } else {
                span
            };
            self.add_actor(span, verb);
            return Some(Found::Actor(Who {
                span,
                score: 0.7,
                why: format!("speaker: name after inverted '{verb}' (new ACTOR)"),
            }));
        }
        let generic = (first..stop).find(|&y| speech::generic_source(doc.w(y)));
        generic.map(|y| Found::Unnamed(format!("no speaker: unnamed source '{}'", doc.w(y))))
    }

    pub(super) fn add_actor(&mut self, span: (usize, usize), verb: &str) {
        let k = self.new_actors.partition_point(|c| c.start < span.0);
        if self.new_actors.get(k).is_some_and(|c| c.start == span.0) {
            return;
        }
        let mut c = cand(
            Label::Actor,
            span.0,
            span.1,
            0.6,
            format!("name after inverted '{verb}'"),
            "claims",
        );
        c.person = true;
        self.new_actors.insert(k, c);
    }
}

/// How many earlier actors and bytes a pronoun's antecedent is looked for in subject
/// position before the nearest mention is taken.
const ANTECEDENT_LOOKBACK: usize = 8;
const ANTECEDENT_BYTES: usize = 2500;
/// How far back (bytes) "the ministry" looks for the ministry it refers to.
const ANAPHOR_BYTES: usize = 4000;
/// How far back (tokens) an apposition's subject and a coordinated verb are looked for.
const APPOSITION_TOKENS: usize = 40;
const COORDINATION_TOKENS: usize = 25;

/// A separator that opens or closes an apposition.
fn is_sep(w: &str) -> bool {
    matches!(w, "," | "—" | "–")
}

/// A short capitalised abbreviation before a period inside a name ("Lt.", "U.S.", "F.").
fn abbreviation(w: &str) -> bool {
    (w.len() <= 3 && is_cap(w)) || speech::title_word(w)
}

/// Whether the name starting at token `k` starts its clause: only capitalised words and
/// titles ("U.S. Senator", "Lt. Gen.") stand between it and the sentence start, a line
/// start, or a separator (", Lavrov said").
pub(super) fn starts_clause(doc: &Doc, k: usize, ss: usize) -> bool {
    let toks = &doc.toks;
    let mut j = k.min(toks.len());
    for _ in 0..8 {
        if j == 0 || toks.get(j).is_some_and(|t| t.nl) || toks[j - 1].s < ss {
            return true;
        }
        let w = doc.w(j - 1);
        match w {
            "," | "—" | "–" | ":" | ";" | "(" | "•" | "*" | "“" | "\"" | "!" | "?" => return true,
            "." if j >= 2 && abbreviation(doc.w(j - 2)) => j -= 1,
            "." => return true,
            _ if toks[j - 1].word && (is_cap(w) || speech::title_word(w)) => j -= 1,
            _ => return false,
        }
    }
    false
}

/// An actor in subject position: it starts its clause and a verb (a lower-case word)
/// or an apposition follows.
fn in_subject_position(doc: &Doc, c: &Cand) -> bool {
    let k = doc.tok_at(c.start);
    let after = doc.tok_at(c.end);
    let next_ok = after < doc.toks.len() && {
        let w = doc.w(after);
        is_sep(w) || (doc.toks[after].word && !is_cap(w) && !matches!(w, "and" | "of" | "or"))
    };
    next_ok && starts_clause(doc, k, 0)
}

/// A word that may stand between an inverted verb and its speaker's name: titles,
/// articles, capitalised words ("said State Department spokesman John Kirby"), not a
/// clause ("urged militants in the Caucasus to counter Moscow").
fn attribution_gap_word(w: &str) -> bool {
    is_cap(w)
        || speech::title_word(w)
        || super::lexicon::LOWER_TITLES.contains(w)
        || matches!(w, "the" | "a" | "an" | "." | "-" | "’" | "'" | "s")
}

/// A personal name by its shape: two to four capitalised words or name particles
/// ("Jens Stoltenberg", "Abu Mohamed al-Jolani", "Otto F. Warmbier"), no acronym, no
/// function word, and no organisation or place head last ("Free Syrian Army").
pub(super) fn person_shaped(name: &str) -> bool {
    use super::lexicon::{ORG_HEADS, PLACE_HEADS, is_particle};
    let words: Vec<&str> = name.split(' ').collect();
    if !(2..=4).contains(&words.len()) {
        return false;
    }
    let last = words[words.len() - 1];
    let acronym = |w: &str| w.chars().filter(|c| c.is_alphabetic()).count() > 1 && !w.chars().any(char::is_lowercase);
    words
        .iter()
        .all(|w| (is_cap(w) || is_particle(w.split('-').next().unwrap_or(w))) && !acronym(w))
        && !ORG_HEADS.contains(last)
        && !PLACE_HEADS.contains(last)
}

/// An organisation's name by its shape: several words with an organisation head or a
/// function word inside ("Physicians for Human Rights"), or an acronym ("PHR").
fn organisation_shaped(name: &str) -> bool {
    let words: Vec<&str> = name.split(' ').collect();
    let last = words[words.len() - 1];
    let acronym = name.chars().count() >= 2 && name.chars().all(|c| c.is_uppercase() || c == '.');
    acronym
        || super::lexicon::ORG_HEADS.contains(last)
        || (words.len() >= 3 && words.iter().any(|w| matches!(*w, "for" | "of" | "and")))
}
