//! Speakers in the session: what a suggested claim's speaker is (tagged, suggested,
//! not an actor yet) and why, the choices the speaker picker offers for a claim
//! (tagged actors and suggested actors near it), and linking a suggested actor,
//! which accepts it and links it in one undo step.

use super::Session;
use crate::model::{Edit, Label, Relation, SpanId};

/// Suggested actors this close to a claim (in characters) are offered by the picker.
pub const NEAR_CHOICE: usize = 600;

/// What a speaker range is in the article now.
#[derive(Debug, Clone, PartialEq)]
pub enum SpeakerState {
    /// An ACTOR span.
    Tagged(SpanId),
    /// An open ACTOR suggestion (index into the list) with its score.
    Suggested { index: usize, score: f32 },
    /// Neither: linked once it is tagged as ACTOR.
    Untagged,
}

/// A suggested claim's speaker, for the inspector and the document's link.
#[derive(Debug, Clone, PartialEq)]
pub struct SuggestedSpeaker {
    pub start: usize,
    pub end: usize,
    pub text: String,
    pub state: SpeakerState,
    /// Why the engine chose it ("name after inverted 'said' (0.80)"), from the claim's reason.
    pub reason: Option<String>,
}

impl SuggestedSpeaker {
    /// "speaker: Craig Holman (suggested ACTOR, 0.72, name after inverted 'said' (0.80))".
    pub fn describe(&self) -> String {
        let state = match &self.state {
            SpeakerState::Tagged(_) => "ACTOR".to_string(),
            SpeakerState::Suggested { score, .. } => format!("suggested ACTOR, {score:.2}"),
            SpeakerState::Untagged => "not an ACTOR yet: linked once tagged".to_string(),
        };
        match &self.reason {
            Some(r) => format!("speaker: {} ({state}, {r})", self.text),
            None => format!("speaker: {} ({state})", self.text),
        }
    }
}

/// One speaker the picker offers for a claim.
#[derive(Debug, Clone, PartialEq)]
pub struct SpeakerChoice {
    pub start: usize,
    pub end: usize,
    pub text: String,
    /// `Tagged(id)` or `Suggested { index, score }` (never `Untagged`).
    pub state: SpeakerState,
    /// Characters between the claim and this actor.
    pub distance: usize,
    /// The engine's speaker for this claim.
    pub proposed: bool,
}

/// The speaker part of a claim's reason: "reporting verb 'said'; speaker: subject of
/// 'said' (0.80)" gives "subject of 'said' (0.80)".
fn speaker_reason(why: &str) -> Option<String> {
    let (_, r) = why.split_once("speaker: ")?;
    Some(r.trim().to_string()).filter(|r| !r.is_empty())
}

impl Session {
    /// The open suggestion `label [s, e)`, if any (the list is sorted by start).
    pub fn open_suggestion_at(&self, label: Label, s: usize, e: usize) -> Option<usize> {
        let from = self.suggestions.partition_point(|x| x.start < s);
        (from..self.suggestions.len())
            .take_while(|&k| self.suggestions[k].start == s)
            .find(|&k| {
                let x = &self.suggestions[k];
                x.label == label && x.end == e && self.suggestion_open(k)
            })
    }

    /// What ACTOR range `[s, e)` is now: a span, an open suggestion, or neither.
    pub fn speaker_state(&self, s: usize, e: usize) -> SpeakerState {
        let Some(doc) = &self.doc else {
            return SpeakerState::Untagged;
        };
        if let Some(a) = doc.ann.find(Label::Actor, s, e) {
            return SpeakerState::Tagged(a.id);
        }
        match self.open_suggestion_at(Label::Actor, s, e) {
            Some(k) => SpeakerState::Suggested {
                index: k,
                score: self.suggestions[k].score,
            },
            None => SpeakerState::Untagged,
        }
    }

    /// The speaker suggestion `k` (a claim) comes with, if it has one.
    pub fn suggested_speaker(&self, k: usize) -> Option<SuggestedSpeaker> {
        let doc = self.doc.as_ref()?;
        let s = self.suggestions.get(k).filter(|s| s.label == Label::Claim)?;
        let (a, b) = s.speaker.filter(|&(a, b)| a < b && b <= doc.text.len_chars())?;
        Some(SuggestedSpeaker {
            start: a,
            end: b,
            text: doc.text.slice(a, b).to_string(),
            state: self.speaker_state(a, b),
            reason: speaker_reason(&s.why),
        })
    }

    /// The speakers the picker offers for `claim`: the engine's own choice first (when
    /// the claim still waits for it), then tagged actors and open actor suggestions
    /// within [`NEAR_CHOICE`] characters, nearest first, then those inside the claim,
    /// then the other tagged actors.
    pub fn speaker_choices(&self, claim: SpanId) -> Vec<SpeakerChoice> {
        let Some(doc) = &self.doc else { return Vec::new() };
        let Some(c) = doc.ann.span(claim) else {
            return Vec::new();
        };
        let cr = (c.start, c.end);
        let proposed = self.pending_speakers.get(&claim).copied();
        let mut out: Vec<SpeakerChoice> = doc
            .ann
            .spans
            .iter()
            .filter(|s| s.label == Label::Actor)
            .map(|s| SpeakerChoice {
                start: s.start,
                end: s.end,
                text: s.text.clone(),
                state: SpeakerState::Tagged(s.id),
                distance: super::bulk::gap(cr, (s.start, s.end)),
                proposed: proposed == Some((s.start, s.end)),
            })
            .collect();
        let lo = cr.0.saturating_sub(NEAR_CHOICE);
        let from = self.suggestions.partition_point(|x| x.end < lo);
        for k in from..self.suggestions.len() {
            let x = &self.suggestions[k];
            if x.start > cr.1 + NEAR_CHOICE {
                break;
            }
            let distance = super::bulk::gap(cr, (x.start, x.end));
            let mine = proposed == Some((x.start, x.end));
            if x.label != Label::Actor || !self.suggestion_open(k) || (distance > NEAR_CHOICE && !mine) {
                continue;
            }
            out.push(SpeakerChoice {
                start: x.start,
                end: x.end,
                text: doc.text.slice(x.start, x.end).to_string(),
                state: SpeakerState::Suggested {
                    index: k,
                    score: x.score,
                },
                distance,
                proposed: mine,
            });
        }
        // Actors inside the claim come last: the speaker is rarely part of the content.
        let inside = |x: &SpeakerChoice| cr.0 <= x.start && x.end <= cr.1;
        out.sort_by_key(|x| (!x.proposed, inside(x), x.distance > NEAR_CHOICE, x.distance, x.start));
        out
    }

    /// Accepts the actor suggestion `k` and links it as the speaker of `claim`, in one
    /// undo step (claims waiting for that actor are linked in the same step).
    pub(super) fn link_suggested_speaker(&mut self, claim: SpanId, k: usize) {
        let ok_claim = self
            .doc
            .as_ref()
            .and_then(|d| d.ann.span(claim))
            .is_some_and(|s| s.label == Label::Claim);
        let actor = self.suggestions.get(k).filter(|s| s.label == Label::Actor).cloned();
        let (true, Some(actor), true) = (ok_claim, actor, self.suggestion_open(k)) else {
            self.say("A speaker must be an ACTOR span");
            return;
        };
        let Some(a) = self.accepting(&[&actor]) else {
            self.say("This suggestion no longer fits the text");
            return;
        };
        let Edit::Batch(mut edits) = a.edit else { return };
        let Some(id) = edits.iter().find_map(|e| match e {
            Edit::AddSpan(s) if s.label == Label::Actor => Some(s.id),
            _ => None,
        }) else {
            return;
        };
        edits.retain(|e| !matches!(e, Edit::Link(r) if r.claim == claim));
        edits.push(Edit::Link(Relation::said_by(claim, id)));
        if self.edit(Edit::Batch(edits)) {
            self.pending_speakers.remove(&claim);
            self.cursor.picking_speaker = None;
            self.cursor.selected_span = Some(claim);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_speaker_part_of_a_reason() {
        assert_eq!(
            speaker_reason("reporting verb 'said'; speaker: name after inverted 'said' (0.80)").as_deref(),
            Some("name after inverted 'said' (0.80)")
        );
        assert_eq!(speaker_reason("direct quote"), None);
    }

    #[test]
    fn describe_names_the_state_and_the_reason() {
        let s = SuggestedSpeaker {
            start: 0,
            end: 12,
            text: "Craig Holman".into(),
            state: SpeakerState::Suggested { index: 3, score: 0.72 },
            reason: Some("name after inverted 'said' (0.80)".into()),
        };
        assert_eq!(
            s.describe(),
            "speaker: Craig Holman (suggested ACTOR, 0.72, name after inverted 'said' (0.80))"
        );
    }
}
