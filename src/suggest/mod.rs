//! The suggestion engine: suggesters each return [`Suggestion`]s; the [`Engine`]
//! merges them, drops what is already annotated or rejected, and ranks them
//! deterministically.
//!
//! This is the interface the workbench and the command line use. Each suggester is a
//! file of its own: `gazetteer_hits.rs` (gazetteer look-up), `names.rs` (capitalised
//! names beyond the gazetteers), `context.rs` (ACTOR or LOCATION from the words
//! around), `consistency.rs` (surnames, acronyms, one name one label per article),
//! `memory.rs` (what the analyst taught), `claims.rs` (claims and speakers). Word lists
//! are data in `assets/lexicon/`. `rules.rs` holds what they share and resolves
//! overlaps; this module merges, ranks and explains.

pub mod claims;
mod cli;
mod consistency;
mod context;
pub mod gazetteer;
mod gazetteer_hits;
mod headlines;
pub mod invariants;
pub mod lexicon;
mod memory;
mod names;
mod quotes;
pub mod rules;
mod speakers;
pub mod speech;
mod what_called;
pub use cli::{cli_suggest, suggest_record};

use crate::model::{Annotations, Label};
use crate::text::TextIndex;
use gazetteer::Gazetteer;
use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, OnceLock};

/// One suggested span.
#[derive(Debug, Clone, PartialEq)]
pub struct Suggestion {
    pub label: Label,
    /// Char offsets, half-open.
    pub start: usize,
    pub end: usize,
    /// Higher is more certain; in 0..=1.
    pub score: f32,
    /// Why, in words: "gazetteer: cities", "seen 3x as ACTOR here".
    pub why: String,
    /// The suggester that made it ("memory", "gazetteer", "context", "claims", ...).
    pub source: &'static str,
    /// For a CLAIM: the char range of its suggested speaker (an ACTOR), if any.
    pub speaker: Option<(usize, usize)>,
}

/// The suggestion engine with its corpus memory.
#[derive(Debug, Clone)]
pub struct Engine {
    gaz: Arc<Gazetteer>,
    /// Per article: the surface strings it taught (label, text), and rejections.
    memory: HashMap<String, ArticleMemory>,
}

impl Default for Engine {
    fn default() -> Engine {
        Engine::new()
    }
}

#[derive(Debug, Default, Clone)]
struct ArticleMemory {
    accepted: Vec<(Label, String)>,
    rejected: Vec<(Label, String)>,
}

static GAZ: OnceLock<Arc<Gazetteer>> = OnceLock::new();

impl Engine {
    /// Builds the engine (gazetteers included; built once per process and shared).
    pub fn new() -> Engine {
        Engine {
            gaz: GAZ.get_or_init(|| Arc::new(Gazetteer::embedded())).clone(),
            memory: HashMap::new(),
        }
    }

    /// Builds the gazetteer automaton afresh (for measuring engine start).
    pub fn new_uncached() -> Engine {
        Engine {
            gaz: Arc::new(Gazetteer::embedded()),
            memory: HashMap::new(),
        }
    }

    /// Learns (or re-learns) what one article teaches: every span's surface string,
    /// every rejection. Calling it again for the same article replaces its lesson.
    pub fn learn(&mut self, text: &TextIndex, ann: &Annotations) {
        let m = ArticleMemory {
            accepted: ann
                .spans
                .iter()
                .filter(|s| s.label != Label::Claim)
                .map(|s| (s.label, s.text.clone()))
                .collect(),
            rejected: ann
                .rejected
                .iter()
                .filter(|r| r.end <= text.len_chars() && r.label != Label::Claim)
                .map(|r| (r.label, text.slice(r.start, r.end).to_string()))
                .collect(),
        };
        self.memory.insert(ann.article.clone(), m);
    }

    /// Forgets an article's lesson.
    pub fn forget(&mut self, article: &str) {
        self.memory.remove(article);
    }

    /// (accepted, rejected) counts per (label, surface) over the corpus.
    fn memory_counts(&self) -> memory::Counts<'_> {
        let mut counts = memory::Counts::new();
        for m in self.memory.values() {
            for (l, s) in &m.accepted {
                counts.entry((*l, s.as_str())).or_default().0 += 1;
            }
            for (l, s) in &m.rejected {
                counts.entry((*l, s.as_str())).or_default().1 += 1;
            }
        }
        counts
    }

    /// Suggestions without memory: the rule layers only.
    pub fn suggest_cold(&self, text: &TextIndex) -> Vec<Suggestion> {
        let (ents, claims) = self.layers(text);
        let mut out: Vec<Suggestion> = ents.into_iter().chain(claims).map(|c| to_suggestion(text, c)).collect();
        out.sort_by_key(|a| (a.start, a.end, a.label));
        out
    }

    fn layers(&self, ti: &TextIndex) -> (Vec<rules::Cand>, Vec<rules::Cand>) {
        let doc = rules::Doc::new(ti.as_str());
        let ents = rules::entities(&doc, &self.gaz);
        let sentences = byte_sentences(ti);
        let found = claims::claims(&doc, &ents, &sentences);
        // Names the claims layer found after inverted verbs join the entities where no
        // entity covers them (ents stays sorted and disjoint).
        let (new_actors, claims): (Vec<_>, Vec<_>) = found.into_iter().partition(|c| c.label != Label::Claim);
        let mut last_end = 0;
        let keep: Vec<rules::Cand> = new_actors
            .into_iter()
            .filter(|a| {
                let k = ents.partition_point(|e| e.start < a.start);
                let clash_prev = k > 0 && ents[k - 1].end > a.start;
                let clash_next = ents.get(k).is_some_and(|e| e.start < a.end);
                let ok = !clash_prev && !clash_next && a.start >= last_end;
                if ok {
                    last_end = a.end;
                }
                ok
            })
            .collect();
        // One merge, linear (both sorted by start; the kept ones clash with no entity).
        let mut ents = ents;
        if !keep.is_empty() {
            ents.extend(keep);
            ents.sort_by_key(|e| (e.start, e.end));
        }
        let mut claims = claims;
        repoint_speakers(&mut claims, &ents);
        (ents, claims)
    }

    /// Suggestions for one article, without what it already has or rejected, sorted by
    /// (start, end, label).
    pub fn suggest(&self, text: &TextIndex, ann: &Annotations) -> Vec<Suggestion> {
        let src = text.as_str();
        let (mut ents, claims) = self.layers(text);
        let counts = self.memory_counts();
        // Memory: every taught surface string, found at word boundaries.
        let mut claims = claims;
        if !counts.is_empty() {
            ents = memory::apply(&self.gaz, src, ents, &counts);
            repoint_speakers(&mut claims, &ents);
        }
        let have = memory::Present::new(ann);
        let mut out: Vec<Suggestion> = Vec::new();
        for c in ents.into_iter().chain(claims) {
            let s = to_suggestion(text, c);
            if have.has(s.label, s.start, s.end) || have.clashes(&s) {
                continue;
            }
            out.push(s);
        }
        out.sort_by_key(|a| (a.start, a.end, a.label));
        out.dedup_by_key(|a| (a.start, a.end, a.label));
        out
    }
}

/// One undoable step that accepts these suggestions: their spans (origin
/// `Suggested(source)`) and, for claims, the SAID_BY link to their speaker when the
/// speaker is annotated or accepted in the same step. Suggestions already present or
/// invalid are skipped. `None` when nothing is left to accept.
pub fn accept_edit(ann: &Annotations, text: &TextIndex, sugg: &[&Suggestion]) -> Option<crate::model::Edit> {
    use crate::model::{Edit, Origin, Relation};
    let mut edits = Vec::new();
    let mut next = ann.next_id();
    let mut added: Vec<(crate::model::Span, Option<(usize, usize)>)> = Vec::new();
    for s in sugg {
        if added
            .iter()
            .any(|(x, _)| x.label == s.label && x.start == s.start && x.end == s.end)
        {
            continue;
        }
        let Ok(mut span) = ann.new_span(text, s.label, s.start, s.end, Origin::Suggested(s.source.to_string())) else {
            continue;
        };
        span.id = next;
        next += 1;
        added.push((span, s.speaker));
    }
    for (span, _) in &added {
        edits.push(Edit::AddSpan(span.clone()));
    }
    for (span, speaker) in &added {
        let Some((a, b)) = speaker else { continue };
        let who = ann
            .spans
            .iter()
            .find(|x| x.label == Label::Actor && x.start == *a && x.end == *b)
            .map(|x| x.id)
            .or_else(|| {
                added
                    .iter()
                    .find(|(x, _)| x.label == Label::Actor && x.start == *a && x.end == *b)
                    .map(|(x, _)| x.id)
            });
        if let Some(who) = who {
            edits.push(Edit::Link(Relation::said_by(span.id, who)));
        }
    }
    (!edits.is_empty()).then_some(Edit::Batch(edits))
}

/// After memory changed the entities, a claim's speaker is the ACTOR now at its place:
/// the same span, else the learned ACTOR that covers it; none when it is no longer an
/// actor (a speaker is always one of the ACTOR suggestions). `ents` is disjoint, sorted.
fn repoint_speakers(claims: &mut [rules::Cand], ents: &[rules::Cand]) {
    for c in claims.iter_mut() {
        let Some((a, b)) = c.speaker else { continue };
        let k = ents.partition_point(|e| e.start <= a);
        c.speaker = k
            .checked_sub(1)
            .map(|i| &ents[i])
            .filter(|e| e.label == Label::Actor && e.start <= a && b <= e.end)
            .map(|e| (e.start, e.end));
    }
}

/// Intersection over union of two char ranges.
pub fn iou(a0: usize, a1: usize, b0: usize, b1: usize) -> f32 {
    let inter = a1.min(b1).saturating_sub(a0.max(b0));
    let union = a1.max(b1) - a0.min(b0);
    if union == 0 { 0.0 } else { inter as f32 / union as f32 }
}

/// Sentences longer than this (in bytes) are cut at a space: the claim rules look around
/// within a sentence, and a text without sentence ends must not make that quadratic.
const MAX_SENTENCE_BYTES: usize = 4096;

fn byte_sentences(ti: &TextIndex) -> Vec<(usize, usize)> {
    let src = ti.as_str();
    let mut out = Vec::new();
    for r in ti.sentences() {
        let (mut s, e) = (ti.byte(r.start), ti.byte(r.end));
        while e - s > MAX_SENTENCE_BYTES {
            let window = crate::text::sub(src, s, s + MAX_SENTENCE_BYTES);
            let cut = window
                .rfind(char::is_whitespace)
                .filter(|&p| p > 0)
                .unwrap_or(window.len());
            if cut == 0 {
                break;
            }
            let cut = s + cut;
            out.push((s, cut));
            s = cut;
        }
        out.push((s, e));
    }
    out
}

fn to_suggestion(text: &TextIndex, c: rules::Cand) -> Suggestion {
    Suggestion {
        label: c.label,
        start: text.char_of_byte(c.start),
        end: text.char_of_byte(c.end),
        score: c.score,
        why: c.why,
        source: c.source,
        speaker: c.speaker.map(|(s, e)| (text.char_of_byte(s), text.char_of_byte(e))),
    }
}

/// `spanbench gazetteers --from DATA`: rebuilds assets/gazetteers from the raw data.
pub fn cli_build_gazetteers(data: &Path, out: &Path) -> i32 {
    match gazetteer::build(data, out) {
        Ok(report) => {
            eprint!("{report}");
            eprintln!("wrote {}", out.display());
            0
        }
        Err(e) => {
            eprintln!("{e}");
            1
        }
    }
}
