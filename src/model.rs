//! Labels, spans, relations and the per-article [`Annotations`]: pure data and the
//! operations that keep its invariants.
//!
//! Invariants of an [`Annotations`] against its article text:
//! - every span has `start < end <= text length` in Unicode scalar values,
//! - no span starts or ends on whitespace,
//! - `span.text` equals the covered text,
//! - span ids are unique and non-zero,
//! - relations go from an existing Claim to an existing Actor,
//! - spans are kept sorted by (start, end, label, id).
//!
//! Every change goes through [`Annotations::apply`] with an [`Edit`]; it returns the
//! inverse edit, which is how undo, autosave and tests share one path.

mod rebase;
pub use rebase::rebase;

use crate::text::TextIndex;
use serde::{Deserialize, Serialize};
use std::fmt;

/// The RON file format version this build writes and reads.
pub const FORMAT_VERSION: u32 = 1;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Label {
    Actor,
    Claim,
    Location,
}

impl Label {
    pub const ALL: [Label; 3] = [Label::Actor, Label::Claim, Label::Location];

    /// The name used in JSONL and every export format: ACTOR, CLAIM, LOCATION.
    pub fn upper(self) -> &'static str {
        match self {
            Label::Actor => "ACTOR",
            Label::Claim => "CLAIM",
            Label::Location => "LOCATION",
        }
    }

    /// Parses a label name from an external file, case-insensitively
    /// ("ACTOR", "actor", "Actor", "LOC", "LOCATION").
    pub fn parse(name: &str) -> Option<Label> {
        match name.trim().to_ascii_uppercase().as_str() {
            "ACTOR" => Some(Label::Actor),
            "CLAIM" => Some(Label::Claim),
            "LOCATION" | "LOC" => Some(Label::Location),
            _ => None,
        }
    }
}

impl fmt::Display for Label {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.upper())
    }
}

/// Where a span came from.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
pub enum Origin {
    /// Tagged by hand in the workbench.
    #[default]
    Manual,
    /// An accepted suggestion; the string names the suggester.
    Suggested(String),
    /// Brought in by `spanbench import`.
    Imported,
    /// Made the same way by every analyst named here (`spanbench adjudicate`).
    Agreed(Vec<String>),
    /// Chosen in review (`spanbench review`) from the versions of the analysts named
    /// here (every analyst who made exactly this span).
    Adjudicated(Vec<String>),
}

pub type SpanId = u32;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Span {
    pub id: SpanId,
    pub label: Label,
    pub start: usize,
    pub end: usize,
    pub text: String,
    #[serde(default)]
    pub origin: Origin,
}

impl Span {
    pub fn len(&self) -> usize {
        self.end.saturating_sub(self.start)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn range(&self) -> std::ops::Range<usize> {
        self.start..self.end
    }

    fn sort_key(&self) -> (usize, usize, Label, SpanId) {
        (self.start, self.end, self.label, self.id)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum RelationKind {
    /// A claim (`claim`) is said by an actor (`speaker`).
    SaidBy,
}

impl RelationKind {
    pub fn upper(self) -> &'static str {
        match self {
            RelationKind::SaidBy => "SAID_BY",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Relation {
    pub kind: RelationKind,
    pub claim: SpanId,
    pub speaker: SpanId,
}

impl Relation {
    pub fn said_by(claim: SpanId, speaker: SpanId) -> Relation {
        Relation {
            kind: RelationKind::SaidBy,
            claim,
            speaker,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, Default)]
pub enum Status {
    #[default]
    New,
    InProgress,
    Done,
    Reviewed,
}

impl Status {
    pub const ALL: [Status; 4] = [Status::New, Status::InProgress, Status::Done, Status::Reviewed];

    pub fn name(self) -> &'static str {
        match self {
            Status::New => "new",
            Status::InProgress => "in progress",
            Status::Done => "done",
            Status::Reviewed => "reviewed",
        }
    }

    /// Parses "new", "in-progress"/"inprogress"/"in_progress", "done", "reviewed".
    pub fn parse(s: &str) -> Option<Status> {
        let k: String = s
            .trim()
            .chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect();
        match k.as_str() {
            "new" => Some(Status::New),
            "inprogress" => Some(Status::InProgress),
            "done" => Some(Status::Done),
            "reviewed" => Some(Status::Reviewed),
            _ => None,
        }
    }
}

/// A suggestion the analyst rejected in this article: never suggested here again.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rejected {
    pub label: Label,
    pub start: usize,
    pub end: usize,
}

/// Everything known about one article: the content of `annotations/<article>.ron`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Annotations {
    pub format: u32,
    pub article: String,
    #[serde(default)]
    pub source: String,
    #[serde(default)]
    pub text_sha256: String,
    #[serde(default)]
    pub status: Status,
    #[serde(default)]
    pub spans: Vec<Span>,
    #[serde(default)]
    pub relations: Vec<Relation>,
    #[serde(default)]
    pub rejected: Vec<Rejected>,
    /// Spans that could not be re-anchored after the article text changed. They are
    /// kept (with their old offsets and text) so no work is ever silently dropped.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub orphans: Vec<Span>,
}

/// Why an edit was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ModelError {
    OutOfRange { start: usize, end: usize, len: usize },
    Empty { start: usize, end: usize },
    Duplicate { label: Label, start: usize, end: usize },
    DuplicateId(SpanId),
    NoSuchSpan(SpanId),
    NotAClaim(SpanId),
    NotAnActor(SpanId),
    TextMismatch { id: SpanId },
}

impl fmt::Display for ModelError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ModelError::OutOfRange { start, end, len } => {
                write!(f, "span {start}..{end} is outside the text (length {len})")
            }
            ModelError::Empty { start, end } => {
                write!(f, "span {start}..{end} covers no text but whitespace")
            }
            ModelError::Duplicate { label, start, end } => {
                write!(f, "a {label} span {start}..{end} already exists")
            }
            ModelError::DuplicateId(id) => write!(f, "span id {id} is used twice"),
            ModelError::NoSuchSpan(id) => write!(f, "no span with id {id}"),
            ModelError::NotAClaim(id) => write!(f, "span {id} is not a CLAIM"),
            ModelError::NotAnActor(id) => write!(f, "span {id} is not an ACTOR"),
            ModelError::TextMismatch { id } => {
                write!(f, "span {id}: its text does not match the article")
            }
        }
    }
}

impl std::error::Error for ModelError {}

/// One change to an [`Annotations`]. Applying it returns its inverse.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Edit {
    /// Insert this exact span (id included). Use [`Annotations::new_span`] to make one.
    AddSpan(Span),
    RemoveSpan(SpanId),
    Relabel {
        id: SpanId,
        label: Label,
    },
    Link(Relation),
    Unlink(Relation),
    Reject(Rejected),
    Unreject(Rejected),
    SetStatus(Status),
    /// Several edits as one step (applied in order, undone in reverse).
    Batch(Vec<Edit>),
}

impl Annotations {
    pub fn new(article: impl Into<String>, source: impl Into<String>, text_sha256: impl Into<String>) -> Self {
        Annotations {
            format: FORMAT_VERSION,
            article: article.into(),
            source: source.into(),
            text_sha256: text_sha256.into(),
            status: Status::New,
            spans: Vec::new(),
            relations: Vec::new(),
            rejected: Vec::new(),
            orphans: Vec::new(),
        }
    }

    pub fn span(&self, id: SpanId) -> Option<&Span> {
        self.spans.iter().find(|s| s.id == id)
    }

    /// The first free id: one more than the largest in use (orphans included), or,
    /// when that is `u32::MAX` already, the smallest id not in use.
    pub fn next_id(&self) -> SpanId {
        let all = || self.spans.iter().chain(self.orphans.iter()).map(|s| s.id);
        if let Some(id) = all().max().unwrap_or(0).checked_add(1) {
            return id;
        }
        let used: std::collections::HashSet<SpanId> = all().collect();
        (1..=SpanId::MAX)
            .find(|id| !used.contains(id))
            .expect("an article holds fewer than 4294967295 spans")
    }

    /// A span or an orphan by id.
    fn any_span(&self, id: SpanId) -> Option<&Span> {
        self.span(id).or_else(|| self.orphans.iter().find(|s| s.id == id))
    }

    pub fn find(&self, label: Label, start: usize, end: usize) -> Option<&Span> {
        self.spans
            .iter()
            .find(|s| s.label == label && s.start == start && s.end == end)
    }

    pub fn is_rejected(&self, label: Label, start: usize, end: usize) -> bool {
        self.rejected.contains(&Rejected { label, start, end })
    }

    /// Counts of spans per label, in [`Label::ALL`] order.
    pub fn counts(&self) -> [usize; 3] {
        let mut c = [0; 3];
        for s in &self.spans {
            c[s.label as usize] += 1;
        }
        c
    }

    /// The speakers linked to a claim.
    pub fn speakers_of(&self, claim: SpanId) -> impl Iterator<Item = SpanId> + '_ {
        self.relations
            .iter()
            .filter(move |r| r.claim == claim)
            .map(|r| r.speaker)
    }

    /// Makes a new span over `[start, end)` of `text`, trimmed of whitespace at both
    /// edges, with a fresh id. Refuses out-of-range, empty and duplicate spans.
    pub fn new_span(
        &self,
        text: &TextIndex,
        label: Label,
        start: usize,
        end: usize,
        origin: Origin,
    ) -> Result<Span, ModelError> {
        let len = text.len_chars();
        if start > end || end > len {
            return Err(ModelError::OutOfRange { start, end, len });
        }
        let (s, e) = text.trim(start, end);
        if s >= e {
            return Err(ModelError::Empty { start, end });
        }
        if self.find(label, s, e).is_some() {
            return Err(ModelError::Duplicate {
                label,
                start: s,
                end: e,
            });
        }
        Ok(Span {
            id: self.next_id(),
            label,
            start: s,
            end: e,
            text: text.slice(s, e).to_string(),
            origin,
        })
    }

    /// Applies one edit and returns the edit that undoes it. On error nothing changed.
    pub fn apply(&mut self, edit: Edit) -> Result<Edit, ModelError> {
        match edit {
            Edit::AddSpan(span) => {
                if span.start >= span.end {
                    return Err(ModelError::Empty {
                        start: span.start,
                        end: span.end,
                    });
                }
                if span.id == 0 || self.span(span.id).is_some() {
                    return Err(ModelError::DuplicateId(span.id));
                }
                if self.find(span.label, span.start, span.end).is_some() {
                    return Err(ModelError::Duplicate {
                        label: span.label,
                        start: span.start,
                        end: span.end,
                    });
                }
                let id = span.id;
                let at = self.spans.partition_point(|s| s.sort_key() < span.sort_key());
                self.spans.insert(at, span);
                Ok(Edit::RemoveSpan(id))
            }
            Edit::RemoveSpan(id) => {
                let at = self
                    .spans
                    .iter()
                    .position(|s| s.id == id)
                    .ok_or(ModelError::NoSuchSpan(id))?;
                let span = self.spans.remove(at);
                let mut undo = vec![Edit::AddSpan(span)];
                self.relations.retain(|r| {
                    let touches = r.claim == id || r.speaker == id;
                    if touches {
                        undo.push(Edit::Link(*r));
                    }
                    !touches
                });
                Ok(batch_or_single(undo))
            }
            Edit::Relabel { id, label } => {
                let at = self
                    .spans
                    .iter()
                    .position(|s| s.id == id)
                    .ok_or(ModelError::NoSuchSpan(id))?;
                let old = self.spans[at].label;
                if old == label {
                    return Ok(Edit::Batch(Vec::new()));
                }
                let (s, e) = (self.spans[at].start, self.spans[at].end);
                if self.find(label, s, e).is_some() {
                    return Err(ModelError::Duplicate {
                        label,
                        start: s,
                        end: e,
                    });
                }
                let mut span = self.spans.remove(at);
                span.label = label;
                let pos = self.spans.partition_point(|x| x.sort_key() < span.sort_key());
                self.spans.insert(pos, span);
                let mut undo = vec![Edit::Relabel { id, label: old }];
                // A relation only holds between a claim and an actor.
                self.relations.retain(|r| {
                    let broken = (r.claim == id && label != Label::Claim) || (r.speaker == id && label != Label::Actor);
                    if broken {
                        undo.push(Edit::Link(*r));
                    }
                    !broken
                });
                Ok(batch_or_single(undo))
            }
            Edit::Link(rel) => {
                match self.span(rel.claim) {
                    None => return Err(ModelError::NoSuchSpan(rel.claim)),
                    Some(s) if s.label != Label::Claim => return Err(ModelError::NotAClaim(rel.claim)),
                    _ => {}
                }
                match self.span(rel.speaker) {
                    None => return Err(ModelError::NoSuchSpan(rel.speaker)),
                    Some(s) if s.label != Label::Actor => {
                        return Err(ModelError::NotAnActor(rel.speaker));
                    }
                    _ => {}
                }
                if self.relations.contains(&rel) {
                    return Ok(Edit::Batch(Vec::new()));
                }
                let at = self.relations.partition_point(|r| *r < rel);
                self.relations.insert(at, rel);
                Ok(Edit::Unlink(rel))
            }
            Edit::Unlink(rel) => match self.relations.iter().position(|r| *r == rel) {
                Some(at) => {
                    self.relations.remove(at);
                    Ok(Edit::Link(rel))
                }
                None => Ok(Edit::Batch(Vec::new())),
            },
            Edit::Reject(rej) => {
                if self.rejected.contains(&rej) {
                    return Ok(Edit::Batch(Vec::new()));
                }
                let at = self.rejected.partition_point(|r| *r < rej);
                self.rejected.insert(at, rej);
                Ok(Edit::Unreject(rej))
            }
            Edit::Unreject(rej) => match self.rejected.iter().position(|r| *r == rej) {
                Some(at) => {
                    self.rejected.remove(at);
                    Ok(Edit::Reject(rej))
                }
                None => Ok(Edit::Batch(Vec::new())),
            },
            Edit::SetStatus(status) => {
                let old = std::mem::replace(&mut self.status, status);
                Ok(Edit::SetStatus(old))
            }
            Edit::Batch(edits) => {
                let mut undo = Vec::with_capacity(edits.len());
                for e in edits {
                    match self.apply(e) {
                        Ok(inv) => undo.push(inv),
                        Err(err) => {
                            // Roll back what this batch already did, so an error changes nothing.
                            for inv in undo.into_iter().rev() {
                                let _ = self.apply(inv);
                            }
                            return Err(err);
                        }
                    }
                }
                undo.reverse();
                Ok(Edit::Batch(undo))
            }
        }
    }

    /// Sorts spans, relations and rejections into their canonical order (what the
    /// store writes, so files diff cleanly).
    pub fn normalize(&mut self) {
        self.spans.sort_by_key(|s| s.sort_key());
        self.relations.sort();
        self.relations.dedup();
        self.rejected.sort();
        self.rejected.dedup();
        self.orphans.sort_by_key(|s| s.sort_key());
    }

    /// Every way this file breaks the invariants against `text`; empty when valid.
    pub fn validate(&self, text: &TextIndex) -> Vec<String> {
        let mut problems = Vec::new();
        let len = text.len_chars();
        let mut ids = std::collections::HashSet::new();
        for s in self.spans.iter().chain(self.orphans.iter()) {
            if s.id == 0 {
                problems.push(format!("span \"{}\": id 0 is not allowed", s.text));
            }
            if !ids.insert(s.id) {
                problems.push(format!("span id {} is used twice", s.id));
            }
        }
        for s in &self.spans {
            if s.start >= s.end || s.end > len {
                problems.push(format!(
                    "span {} ({} {}..{} \"{}\"): offsets out of range (text has {} chars)",
                    s.id, s.label, s.start, s.end, s.text, len
                ));
                continue;
            }
            let covered = text.slice(s.start, s.end);
            if covered != s.text {
                problems.push(format!(
                    "span {} ({} {}..{}): text \"{}\" does not match the article, which has \"{}\" there",
                    s.id, s.label, s.start, s.end, s.text, covered
                ));
            } else if covered.starts_with(char::is_whitespace) || covered.ends_with(char::is_whitespace) {
                problems.push(format!(
                    "span {} ({} {}..{}): starts or ends on whitespace",
                    s.id, s.label, s.start, s.end
                ));
            }
        }
        let mut seen = std::collections::HashSet::new();
        for s in &self.spans {
            if !seen.insert((s.label, s.start, s.end)) {
                problems.push(format!(
                    "span {} ({} {}..{}): the same span twice",
                    s.id, s.label, s.start, s.end
                ));
            }
        }
        // A relation may wait on an orphan (its text left the article): it comes back
        // with the span when the text does.
        for r in &self.relations {
            match self.any_span(r.claim) {
                None => problems.push(format!(
                    "relation {} {} -> {}: no span with id {}",
                    r.kind.upper(),
                    r.claim,
                    r.speaker,
                    r.claim
                )),
                Some(s) if s.label != Label::Claim => problems.push(format!(
                    "relation {} {} -> {}: span {} is {}, not CLAIM",
                    r.kind.upper(),
                    r.claim,
                    r.speaker,
                    r.claim,
                    s.label
                )),
                _ => {}
            }
            match self.any_span(r.speaker) {
                None => problems.push(format!(
                    "relation {} {} -> {}: no span with id {}",
                    r.kind.upper(),
                    r.claim,
                    r.speaker,
                    r.speaker
                )),
                Some(s) if s.label != Label::Actor => problems.push(format!(
                    "relation {} {} -> {}: span {} is {}, not ACTOR",
                    r.kind.upper(),
                    r.claim,
                    r.speaker,
                    r.speaker,
                    s.label
                )),
                _ => {}
            }
        }
        for r in &self.rejected {
            if r.start >= r.end || r.end > len {
                problems.push(format!(
                    "rejected {} {}..{}: offsets out of range (text has {} chars)",
                    r.label, r.start, r.end, len
                ));
            }
        }
        problems
    }
}

fn batch_or_single(mut edits: Vec<Edit>) -> Edit {
    if edits.len() == 1 {
        edits.pop().unwrap()
    } else {
        Edit::Batch(edits)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc() -> (TextIndex, Annotations) {
        let t = TextIndex::new("“Erdoğan said” Moscow — Крылатые ракеты.");
        (t, Annotations::new("a", "a.txt", "x"))
    }

    #[test]
    fn new_span_trims_and_takes_covered_text() {
        let (t, a) = doc();
        let s = a.new_span(&t, Label::Actor, 0, 9, Origin::Manual).unwrap();
        assert_eq!((s.start, s.end), (0, 8));
        assert_eq!(s.text, "“Erdoğan");
        let s = a.new_span(&t, Label::Actor, 14, 22, Origin::Manual).unwrap();
        assert_eq!((s.start, s.end, s.text.as_str()), (15, 21, "Moscow"));
        assert!(matches!(
            a.new_span(&t, Label::Actor, 13, 15, Origin::Manual),
            Err(ModelError::Empty { .. }) | Ok(_)
        ));
        assert!(a.new_span(&t, Label::Actor, 0, 999, Origin::Manual).is_err());
        assert!(a.new_span(&t, Label::Actor, 14, 15, Origin::Manual).is_err());
    }

    #[test]
    fn every_edit_undoes_exactly() {
        let (t, mut a) = doc();
        let actor = a.new_span(&t, Label::Actor, 15, 21, Origin::Manual).unwrap();
        a.apply(Edit::AddSpan(actor.clone())).unwrap();
        let claim = a.new_span(&t, Label::Claim, 1, 13, Origin::Manual).unwrap();
        a.apply(Edit::AddSpan(claim.clone())).unwrap();
        let before = a.clone();
        let edits = vec![
            Edit::Link(Relation::said_by(claim.id, actor.id)),
            Edit::Relabel {
                id: actor.id,
                label: Label::Location,
            },
            Edit::RemoveSpan(claim.id),
            Edit::SetStatus(Status::Done),
            Edit::Reject(Rejected {
                label: Label::Actor,
                start: 0,
                end: 3,
            }),
        ];
        let mut undo = Vec::new();
        let mut states = vec![a.clone()];
        for e in edits {
            undo.push(a.apply(e).unwrap());
            states.push(a.clone());
        }
        assert!(a.relations.is_empty());
        for inv in undo.into_iter().rev() {
            states.pop();
            a.apply(inv).unwrap();
            assert_eq!(&a, states.last().unwrap());
        }
        assert_eq!(a, before);
    }

    #[test]
    fn relations_only_from_claim_to_actor() {
        let (t, mut a) = doc();
        let actor = a.new_span(&t, Label::Actor, 15, 21, Origin::Manual).unwrap();
        a.apply(Edit::AddSpan(actor.clone())).unwrap();
        let loc = a.new_span(&t, Label::Location, 15, 21, Origin::Manual).unwrap();
        a.apply(Edit::AddSpan(loc.clone())).unwrap();
        assert_eq!(
            a.apply(Edit::Link(Relation::said_by(actor.id, actor.id))),
            Err(ModelError::NotAClaim(actor.id))
        );
        assert_eq!(
            a.apply(Edit::Link(Relation::said_by(99, actor.id))),
            Err(ModelError::NoSuchSpan(99))
        );
        assert!(a.relations.is_empty());
    }

    #[test]
    fn failed_batch_changes_nothing() {
        let (t, mut a) = doc();
        let s = a.new_span(&t, Label::Actor, 15, 21, Origin::Manual).unwrap();
        let before = a.clone();
        let r = a.apply(Edit::Batch(vec![Edit::AddSpan(s), Edit::RemoveSpan(42)]));
        assert!(r.is_err());
        assert_eq!(a, before);
    }

    #[test]
    fn spans_stay_sorted_and_ids_unique() {
        let (t, mut a) = doc();
        for (l, s, e) in [
            (Label::Claim, 1, 13),
            (Label::Actor, 1, 8),
            (Label::Location, 15, 21),
            (Label::Actor, 15, 21),
        ] {
            let sp = a.new_span(&t, l, s, e, Origin::Manual).unwrap();
            a.apply(Edit::AddSpan(sp)).unwrap();
        }
        let keys: Vec<_> = a.spans.iter().map(|s| (s.start, s.end, s.label)).collect();
        let mut sorted = keys.clone();
        sorted.sort();
        assert_eq!(keys, sorted);
        assert!(a.validate(&t).is_empty());
        let dup = a.spans[0].clone();
        assert_eq!(
            a.apply(Edit::AddSpan(dup.clone())),
            Err(ModelError::DuplicateId(dup.id))
        );
    }
}
