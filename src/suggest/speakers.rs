//! Who made a claim: the speaker of a reporting verb, as a ranked choice with a score
//! and a reason. Byte offsets; every lookup is a binary search over the sorted actors or
//! a scan bounded by a few tokens around the verb.

use super::rules::{Cand, Doc, cand, is_cap};
use super::speech;
use crate::model::Label;

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
    pub fn new(ents: &'a [Cand]) -> Speakers<'a> {
        let mut by_start: Vec<&Cand> = ents.iter().filter(|c| c.label == Label::Actor).collect();
        by_start.sort_by_key(|c| (c.start, c.end));
        let mut by_end = by_start.clone();
        by_end.sort_by_key(|c| (c.end, c.start));
        let people = by_end.iter().copied().filter(|c| c.person).collect();
        let bodies = by_end.iter().copied().filter(|c| !c.person).collect();
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
    /// it / they.
    pub fn antecedent(&self, pron: &str, b: usize) -> Found {
        let person = PRONOUNS_PERSON.contains(&pron);
        let hit = if person {
            self.person_before(b)
        } else {
            self.body_before(b)
        };
        match hit {
            Some(span) => Found::Actor(Who {
                span,
                score: 0.6,
                why: format!("speaker: antecedent of '{}'", pron.to_lowercase()),
            }),
            None => Found::Nothing,
        }
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
        // Inverted: ", said X" / "” said X".
        let prev = vi.checked_sub(1).map(|p| doc.w(p)).unwrap_or("");
        if (vi == 0 || matches!(prev, "," | "”" | "\"" | "'" | "“" | "»" | "’") || toks[vi].nl)
            && let Some(f) = self.inverted(doc, vi, se)
        {
            return f;
        }
        // The subject before the verb.
        let mut k = vi;
        while k > 0 && toks[k - 1].s >= ss && BETWEEN.contains(&doc.w(k - 1)) {
            k -= 1;
        }
        let Some(p) = k.checked_sub(1).filter(|&p| toks[p].s >= ss) else {
            return Found::Nothing;
        };
        let pw = doc.w(p);
        if PRONOUNS_PERSON.contains(&pw) || PRONOUNS_BODY.contains(&pw) {
            return self.antecedent(pw, before.min(toks[p].s));
        }
        if let Some(span) = self.actor_ending_at(toks[p].e) {
            return Found::Actor(Who {
                span,
                score: 0.9,
                why: format!("speaker: subject of '{verb}'"),
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
        // An appositive or title between: "Lavrov, the foreign minister, said".
        if let Some(span) = self.actor_before(vt.s, ss) {
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
        if let Some(span) = self.actor_after(b, hi) {
            return Some(Found::Actor(Who {
                span,
                score: 0.85,
                why: format!("speaker: name after inverted '{verb}'"),
            }));
        }
        let w0 = doc.w(first);
        if PRONOUNS_PERSON.contains(&w0) || PRONOUNS_BODY.contains(&w0) {
            return Some(self.antecedent(w0, toks[vi].s));
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

    fn add_actor(&mut self, span: (usize, usize), verb: &str) {
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
