//! The suggestion engine: suggesters each return [`Suggestion`]s; the [`Engine`]
//! merges them, drops what is already annotated or rejected, and ranks them
//! deterministically.
//!
//! This is the interface the workbench and the command line use. Each suggester is a
//! file of its own: `gazetteer_hits.rs` (gazetteer look-up), `names.rs` (capitalised
//! names beyond the gazetteers), `context.rs` (ACTOR or LOCATION from the words
//! around), `consistency.rs` (surnames, acronyms, one name one label per article),
//! `memory.rs` (what the analyst taught), `claims.rs` (claims and speakers),
//! `rules_calib.rs` (the rules' scores calibrated where no model runs). Word lists
//! are data in `assets/lexicon/`. `rules.rs` holds what they share and resolves
//! overlaps; `tagger/` is the learned model (an averaged perceptron that sees the rules'
//! labels among its features, and learns online from the analysts' decisions); this
//! module merges, ranks and explains.

pub mod claims;
mod cli;
mod consistency;
mod context;
pub mod gazetteer;
mod gazetteer_build;
mod gazetteer_hits;
mod headlines;
pub mod invariants;
mod layout;
pub mod lexicon;
mod memory;
mod merge;
mod names;
mod quotes;
pub mod rules;
pub mod rules_calib;
mod speakers;
pub mod speech;
pub mod tagger;
mod what_called;
pub use cli::{cli_suggest, suggest_record};

use crate::model::{Annotations, Label};
use crate::text::TextIndex;
use gazetteer::Gazetteer;
use std::collections::{BTreeMap, HashMap, HashSet};
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

/// How the model's names and the rules' names are merged.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Policy {
    /// The rules alone (no model).
    Rules,
    /// The model alone.
    Model,
    /// The model's spans, and the rules' where no model span overlaps them.
    ModelFirst,
    /// The rules' spans, and the model's where no rule span overlaps them.
    RulesFirst,
    /// The model's spans, with the rules' boundaries where a rule name holds them.
    ModelRuleBounds,
}

impl Policy {
    pub const ALL: [Policy; 5] = [
        Policy::Rules,
        Policy::Model,
        Policy::ModelFirst,
        Policy::RulesFirst,
        Policy::ModelRuleBounds,
    ];
    pub fn name(self) -> &'static str {
        match self {
            Policy::Rules => "rules only",
            Policy::Model => "model only",
            Policy::ModelFirst => "model, rules fill gaps",
            Policy::RulesFirst => "rules, model fills gaps",
            Policy::ModelRuleBounds => "model, rules' longer names",
        }
    }

    /// The short name the command line takes (`--policy`).
    pub fn key(self) -> &'static str {
        match self {
            Policy::Rules => "rules",
            Policy::Model => "model",
            Policy::ModelFirst => "model-first",
            Policy::RulesFirst => "rules-first",
            Policy::ModelRuleBounds => "longer-names",
        }
    }

    /// The policy of a short name (see [`Policy::key`]).
    pub fn from_key(k: &str) -> Result<Policy, String> {
        Policy::ALL.into_iter().find(|p| p.key() == k).ok_or_else(|| {
            let keys: Vec<&str> = Policy::ALL.iter().map(|p| p.key()).collect();
            format!("unknown policy {k:?}; one of: {}", keys.join(", "))
        })
    }
}

/// Articles longer than this get the rules alone: the tagger holds every token's
/// features at once (about 150 bytes a token), which an 8 MB article must not pay.
pub const MODEL_MAX_BYTES: usize = 1 << 20;

/// The merge policy the engine uses (chosen by evaluation: assets/model/README.md).
pub const DEFAULT_POLICY: Policy = Policy::ModelRuleBounds;

/// The suggestion engine with its corpus memory.
#[derive(Debug, Clone)]
pub struct Engine {
    pub(crate) gaz: Arc<Gazetteer>,
    /// Per article: the surface strings it taught (label, text), and rejections.
    memory: HashMap<String, ArticleMemory>,
    /// The learned model as shipped (or as given), if any.
    model: Option<Arc<tagger::Model>>,
    /// Per article: what its decisions changed in the model's weights, (index, change)
    /// sorted by index. Computed from the shipped weights alone, so the corpus state does
    /// not depend on the order articles are learned in.
    deltas: BTreeMap<String, Arc<Vec<(u32, i32)>>>,
    /// The shipped weights plus every article's change (integer sums: order-free); `None`
    /// while no article changed anything.
    corpus_w: Option<Arc<Vec<i32>>>,
    /// `corpus_w` packed for decoding (rebuilt after every change: a few ms).
    corpus_packed: Option<Arc<tagger::packed::Packed>>,
    policy: Policy,
    /// Calibrates the rules' names where no model runs (the shipped table by default).
    rules_calib: Arc<rules_calib::RulesCalibration>,
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
        Engine::with_model(tagger::Model::shipped())
    }

    /// The engine with this model (or none: the rules alone) instead of the shipped one.
    pub fn with_model(model: Option<Arc<tagger::Model>>) -> Engine {
        Engine {
            gaz: GAZ.get_or_init(|| Arc::new(Gazetteer::embedded())).clone(),
            memory: HashMap::new(),
            model,
            deltas: BTreeMap::new(),
            corpus_w: None,
            corpus_packed: None,
            policy: DEFAULT_POLICY,
            rules_calib: rules_calib::RulesCalibration::shipped(),
        }
    }

    /// Builds the gazetteer automaton and parses the shipped weights and calibration
    /// tables afresh (for measuring engine start).
    pub fn new_uncached() -> Engine {
        let model = tagger::Model::from_parts(tagger::WEIGHTS, tagger::CALIBRATION)
            .ok()
            .map(Arc::new);
        Engine {
            gaz: Arc::new(Gazetteer::embedded()),
            rules_calib: Arc::new(rules_calib::RulesCalibration::from_tsv(rules_calib::RULES_CALIBRATION)),
            ..Engine::with_model(model)
        }
    }

    /// Sets how the model's and the rules' names are merged.
    pub fn set_policy(&mut self, p: Policy) {
        self.policy = p;
    }

    /// Sets the calibration of the rules' names where no model runs (an empty table
    /// keeps their raw scores).
    pub fn set_rules_calibration(&mut self, c: Arc<rules_calib::RulesCalibration>) {
        self.rules_calib = c;
    }

    /// The learned model, if any.
    pub fn model(&self) -> Option<&tagger::Model> {
        self.model.as_deref()
    }

    /// The model's weights for this corpus: shipped plus what the analysts taught.
    fn weights(&self) -> Option<&tagger::packed::Packed> {
        match (&self.corpus_packed, &self.model) {
            (Some(w), _) => Some(w),
            (None, Some(m)) => Some(&m.packed),
            _ => None,
        }
    }

    /// Replaces one article's weight change (the corpus sum stays exact: integers).
    fn set_delta(&mut self, article: &str, delta: Option<Vec<(u32, i32)>>) {
        let Some(m) = &self.model else { return };
        let old = self.deltas.remove(article);
        if old.is_none() && delta.as_ref().is_none_or(|d| d.is_empty()) {
            return;
        }
        let w = Arc::make_mut(self.corpus_w.get_or_insert_with(|| m.w.clone()));
        for &(i, d) in old.iter().flat_map(|o| o.iter()) {
            w[i as usize] = w[i as usize].wrapping_sub(d);
        }
        if let Some(d) = delta.filter(|d| !d.is_empty()) {
            for &(i, x) in &d {
                w[i as usize] = w[i as usize].wrapping_add(x);
            }
            self.deltas.insert(article.to_string(), Arc::new(d));
        }
        if self.deltas.is_empty() {
            self.corpus_w = None;
        }
        self.corpus_packed = self
            .corpus_w
            .as_deref()
            .map(|w| Arc::new(tagger::packed::Packed::new(w)));
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
        let delta = self
            .model
            .as_ref()
            .filter(|_| text.as_str().len() <= MODEL_MAX_BYTES)
            .map(|m| {
                let doc = rules::Doc::new(text.as_str());
                let (ents, _, sentences) = self.rule_layers(&doc, text);
                tagger::online::delta(&m.w, &self.gaz, &doc, text, &ents, &sentences, ann)
            });
        self.set_delta(&ann.article, delta);
    }

    /// Forgets an article's lesson.
    pub fn forget(&mut self, article: &str) {
        self.memory.remove(article);
        self.set_delta(article, None);
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

    /// Suggestions without the string memory: the rule layers and the model.
    pub fn suggest_cold(&self, text: &TextIndex) -> Vec<Suggestion> {
        let (ents, claims) = self.layers(text);
        let mut out: Vec<Suggestion> = ents.into_iter().chain(claims).map(|c| to_suggestion(text, c)).collect();
        out.sort_by_key(|a| (a.start, a.end, a.label));
        out
    }

    /// The names and claims: the rule layers, then the model merged in by the policy.
    fn layers(&self, ti: &TextIndex) -> (Vec<rules::Cand>, Vec<rules::Cand>) {
        let doc = rules::Doc::new(ti.as_str());
        let (ents, mut claims, sentences) = self.rule_layers(&doc, ti);
        let Some(w) = self
            .weights()
            .filter(|_| self.policy != Policy::Rules && ti.as_str().len() <= MODEL_MAX_BYTES)
        else {
            // No model runs: the rules' names, with calibrated scores.
            let mut ents = ents;
            merge::abbrev_periods(ti.as_str(), &mut ents);
            repoint_speakers(&mut claims, &ents);
            self.rules_calib.apply(&mut ents);
            return (ents, claims);
        };
        let calib = self.model.as_ref().map(|m| &m.calib).cloned().unwrap_or_default();
        let facts = tagger::features::Facts::new(&doc, &self.gaz, &ents, &sentences);
        let found = tagger::candidates(w, &calib, &doc, &facts);
        // Datelines and results lines (`layout.rs`) stay where the model has nothing over
        // them: layouts its training articles do not show.
        let datelines: Vec<rules::Cand> = ents.iter().filter(|e| e.source == "layout").cloned().collect();
        let ents = match self.policy {
            // The model's names, and a rule ACTOR the model has nothing over where a claim
            // names it as its speaker: the subject of a reporting verb is an actor.
            Policy::Model => with_speakers(found, speaker_actors(ents, &claims)),
            Policy::RulesFirst => overlay(ents, found),
            Policy::ModelRuleBounds => {
                let found = merge::rule_bounds(ti.as_str(), found, &ents);
                with_speakers(found, speaker_actors(ents, &claims))
            }
            _ => overlay(found, ents),
        };
        let ents = overlay(ents, datelines);
        let ents = merge::split_person_of_place(ti.as_str(), &self.gaz, ents);
        let mut ents = merge::join_initials(ti.as_str(), ents);
        merge::abbrev_periods(ti.as_str(), &mut ents);
        repoint_speakers(&mut claims, &ents);
        (ents, claims)
    }

    /// The rule layers: names (sorted, disjoint), claims, and the sentences (bytes).
    #[allow(clippy::type_complexity)]
    pub(crate) fn rule_layers(
        &self,
        doc: &rules::Doc,
        ti: &TextIndex,
    ) -> (Vec<rules::Cand>, Vec<rules::Cand>, Vec<(usize, usize)>) {
        let ents = merge::split_person_of_place(ti.as_str(), &self.gaz, rules::entities(doc, &self.gaz));
        let sentences = byte_sentences(ti);
        let found = claims::claims(doc, &ents, &sentences);
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
        (ents, claims, sentences)
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
            let own: HashSet<(Label, &str)> = self
                .memory
                .get(&ann.article)
                .map(|m| m.accepted.iter().map(|(l, s)| (*l, s.as_str())).collect())
                .unwrap_or_default();
            ents = memory::apply(&self.gaz, src, ents, &counts, &own);
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
/// the same span, else the ACTOR that covers it or starts with it; none when it is no longer an
/// actor (a speaker is always one of the ACTOR suggestions). `ents` is disjoint, sorted.
fn repoint_speakers(claims: &mut [rules::Cand], ents: &[rules::Cand]) {
    for c in claims.iter_mut() {
        let Some((a, b)) = c.speaker else { continue };
        let k = ents.partition_point(|e| e.start <= a);
        // The ACTOR over it, else one that starts where it starts ("Tono Eitel" of a
        // speaker "Tono Eitel of Germany" that was split).
        c.speaker = k
            .checked_sub(1)
            .map(|i| &ents[i])
            .filter(|e| e.label == Label::Actor && e.start <= a && (b <= e.end || e.start == a))
            .map(|e| (e.start, e.end));
    }
}

/// `primary` (sorted, disjoint) with the spans of `secondary` (sorted, disjoint) that
/// overlap none of it; sorted and disjoint.
/// The ACTORs among `ents` that some claim has for its speaker (sorted as `ents`).
fn speaker_actors(ents: Vec<rules::Cand>, claims: &[rules::Cand]) -> Vec<rules::Cand> {
    let mut spoke: Vec<(usize, usize)> = claims.iter().filter_map(|c| c.speaker).collect();
    spoke.sort_unstable();
    ents.into_iter()
        .filter(|e| e.label == Label::Actor && spoke.binary_search(&(e.start, e.end)).is_ok())
        .collect()
}

/// The model's names with the claims' speakers (rule ACTORs): a speaker goes in where
/// the model has nothing over it or only ACTORs inside it ("Sergeyevna Ivanova" inside
/// "Olga Sergeyevna Ivanova"); where a model span crosses its edge, the model's stays.
/// Both sorted by start and disjoint; linear.
fn with_speakers(found: Vec<rules::Cand>, speakers: Vec<rules::Cand>) -> Vec<rules::Cand> {
    if speakers.is_empty() {
        return found;
    }
    let mut drop = vec![false; found.len()];
    let mut keep = Vec::new();
    for sp in speakers {
        let lo = found.partition_point(|e| e.end <= sp.start);
        let hi = found.partition_point(|e| e.start < sp.end);
        let inside = found[lo..hi]
            .iter()
            .all(|e| e.label == Label::Actor && sp.start <= e.start && e.end <= sp.end);
        if inside {
            drop[lo..hi].iter_mut().for_each(|d| *d = true);
            keep.push(sp);
        }
    }
    let mut out: Vec<rules::Cand> = found
        .into_iter()
        .zip(drop)
        .filter(|(_, d)| !d)
        .map(|(e, _)| e)
        .chain(keep)
        .collect();
    out.sort_by_key(|e| (e.start, e.end));
    out
}

fn overlay(primary: Vec<rules::Cand>, secondary: Vec<rules::Cand>) -> Vec<rules::Cand> {
    let mut out = Vec::with_capacity(primary.len() + secondary.len());
    let mut extra = Vec::new();
    for c in secondary {
        let k = primary.partition_point(|e| e.start < c.start);
        let clash_prev = k > 0 && primary[k - 1].end > c.start;
        let clash_next = primary.get(k).is_some_and(|e| e.start < c.end);
        if !clash_prev && !clash_next {
            extra.push(c);
        }
    }
    out.extend(primary);
    out.extend(extra);
    out.sort_by_key(|e| (e.start, e.end));
    out
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
    for r in ti.sentence_bytes() {
        let (mut s, e) = (r.start, r.end);
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
    match gazetteer_build::build(data, out) {
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
