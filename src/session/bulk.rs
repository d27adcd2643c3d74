//! Bulk accept ("All CLAIM", "Accept above score") with its speaker links shown first.
//!
//! Accepting many claims at once used to link speakers the analyst never saw (one of
//! them 1,900 characters away). Now [`Session::accept_all`] first makes a
//! [`BulkPlan`]: the suggestions it will accept and every SAID_BY link that step can
//! make (claim excerpt -> speaker, with the distance between them). When there is no
//! link to make, the step is applied at once, as before; otherwise the plan waits
//! for the analyst, who can untick any pair (speakers further than [`FAR_SPEAKER`]
//! characters start unticked) and confirms or cancels. Confirming applies ONE edit
//! (`Edit::Batch`) through [`Session::edit`], and links only the ticked pairs of the
//! plan: a link the step would make that the plan does not show is dropped.

use super::Session;
use super::suggestions::Accepting;
use crate::model::{Edit, Label, SpanId};
use crate::suggest::Suggestion;
use std::collections::HashMap;

/// A speaker further than this many characters from its claim starts unticked: a
/// quote's speaker is almost always in the same or the previous paragraph, and the
/// far links are where the suggester is most often wrong.
pub const FAR_SPEAKER: usize = 500;

/// One SAID_BY link a bulk accept would make.
#[derive(Debug, Clone, PartialEq)]
pub struct PlannedLink {
    /// The claim's char range and its text (whole; the window shortens it).
    pub claim: (usize, usize),
    pub claim_text: String,
    /// The speaker's char range and text.
    pub speaker: (usize, usize),
    pub speaker_text: String,
    /// Characters between claim and speaker (0 when they touch or overlap).
    pub distance: usize,
    /// The speaker is an ACTOR (already, or accepted in this step): linked now. When
    /// false it is not tagged yet, and the link is made when it is.
    pub now: bool,
    /// Whether to make this link (the analyst's tick).
    pub keep: bool,
}

/// What a bulk accept will do, waiting for the analyst's confirmation.
#[derive(Debug, Clone, PartialEq)]
pub struct BulkPlan {
    pub label: Option<Label>,
    pub min_score: f32,
    /// The suggestions to accept (copies: the list may refresh meanwhile).
    pub picked: Vec<Suggestion>,
    pub links: Vec<PlannedLink>,
}

impl BulkPlan {
    /// How many links are ticked.
    pub fn kept(&self) -> usize {
        self.links.iter().filter(|l| l.keep).count()
    }

    fn keeps(&self, claim: (usize, usize), speaker: (usize, usize)) -> bool {
        self.links
            .iter()
            .any(|l| l.keep && l.claim == claim && l.speaker == speaker)
    }
}

/// Characters between two ranges (0 when they touch or overlap).
pub fn gap(a: (usize, usize), b: (usize, usize)) -> usize {
    b.0.saturating_sub(a.1).max(a.0.saturating_sub(b.1))
}

impl Session {
    /// Accepts every open suggestion with `label` (any when `None`) scoring at least
    /// `min_score`, as one undo step; when that step links speakers, the plan waits
    /// in [`Session::bulk`] for [`super::Action::ConfirmBulk`].
    pub(super) fn accept_all(&mut self, label: Option<Label>, min_score: f32) {
        let picked: Vec<Suggestion> = (0..self.suggestions.len())
            .filter(|&k| self.suggestion_open(k))
            .map(|k| self.suggestions[k].clone())
            .filter(|s| label.is_none_or(|l| s.label == l) && s.score >= min_score)
            .collect();
        let refs: Vec<&Suggestion> = picked.iter().collect();
        let Some(a) = self.accepting(&refs).filter(|a| a.spans > 0) else {
            self.say("No open suggestions match");
            return;
        };
        let links = self.planned_links(&a);
        let plan = BulkPlan {
            label,
            min_score,
            picked,
            links,
        };
        if plan.links.is_empty() {
            self.apply_plan(plan);
        } else {
            self.say(format!(
                "Check the {} before accepting: Enter accepts, Esc cancels",
                crate::commands::count(plan.links.len(), "speaker link")
            ));
            self.bulk = Some(plan);
        }
    }

    /// Every link the accepting step can make, with ranges, texts and distances.
    fn planned_links(&self, a: &Accepting) -> Vec<PlannedLink> {
        let Some(doc) = &self.doc else { return Vec::new() };
        let Edit::Batch(edits) = &a.edit else { return Vec::new() };
        let mut spans: HashMap<SpanId, (usize, usize, String)> = doc
            .ann
            .spans
            .iter()
            .map(|s| (s.id, (s.start, s.end, s.text.clone())))
            .collect();
        for e in edits {
            if let Edit::AddSpan(s) = e {
                spans.insert(s.id, (s.start, s.end, s.text.clone()));
            }
        }
        let link = |claim: (usize, usize, String), speaker: (usize, usize, String), now: bool| {
            let distance = gap((claim.0, claim.1), (speaker.0, speaker.1));
            PlannedLink {
                claim: (claim.0, claim.1),
                claim_text: claim.2,
                speaker: (speaker.0, speaker.1),
                speaker_text: speaker.2,
                distance,
                now,
                keep: distance <= FAR_SPEAKER,
            }
        };
        let mut out = Vec::new();
        for e in edits {
            if let Edit::Link(r) = e
                && let (Some(c), Some(s)) = (spans.get(&r.claim), spans.get(&r.speaker))
            {
                out.push(link(c.clone(), s.clone(), true));
            }
        }
        for (claim, (s, e)) in &a.pending {
            if let Some(c) = spans.get(claim) {
                let text = doc.text.slice(*s, *e).to_string();
                out.push(link(c.clone(), (*s, *e, text), false));
            }
        }
        out.sort_by_key(|l| (l.claim, l.speaker));
        out
    }

    /// Ticks or unticks link `i` of the waiting plan.
    pub(super) fn keep_bulk_link(&mut self, i: usize, keep: bool) {
        if let Some(l) = self.bulk.as_mut().and_then(|p| p.links.get_mut(i)) {
            l.keep = keep;
        }
    }

    /// Applies the waiting plan (its ticked links only).
    pub(super) fn confirm_bulk(&mut self) {
        match self.bulk.take() {
            Some(plan) => self.apply_plan(plan),
            None => self.say("No bulk accept is waiting"),
        }
    }

    pub(super) fn cancel_bulk(&mut self) {
        if self.bulk.take().is_some() {
            self.say("Bulk accept cancelled: nothing changed");
        }
    }

    /// One edit: the plan's suggestions and the links it shows ticked, nothing else.
    fn apply_plan(&mut self, plan: BulkPlan) {
        let refs: Vec<&Suggestion> = plan.picked.iter().collect();
        let Some(a) = self.accepting(&refs).filter(|a| a.spans > 0) else {
            self.say("No open suggestions match");
            return;
        };
        let Some(doc) = &self.doc else { return };
        let Edit::Batch(edits) = a.edit else { return };
        let mut ranges: HashMap<SpanId, (usize, usize)> =
            doc.ann.spans.iter().map(|s| (s.id, (s.start, s.end))).collect();
        for e in &edits {
            if let Edit::AddSpan(s) = e {
                ranges.insert(s.id, (s.start, s.end));
            }
        }
        let mut linked = 0;
        let edits: Vec<Edit> = edits
            .into_iter()
            .filter(|e| match e {
                Edit::Link(r) => {
                    let keep = matches!((ranges.get(&r.claim), ranges.get(&r.speaker)),
                        (Some(c), Some(s)) if plan.keeps(*c, *s));
                    linked += keep as usize;
                    keep
                }
                _ => true,
            })
            .collect();
        let pending: Vec<(SpanId, (usize, usize))> = a
            .pending
            .into_iter()
            .filter(|(c, r)| ranges.get(c).is_some_and(|c| plan.keeps(*c, *r)))
            .collect();
        let waiting = pending.len();
        let n = a.spans;
        if self.edit(Edit::Batch(edits)) {
            self.pending_speakers.extend(pending);
            let mut m = format!(
                "Accepted {} as one step (Ctrl+Z undoes them all)",
                crate::commands::count(n, "suggestion")
            );
            if linked > 0 || !plan.links.is_empty() {
                m.push_str(&format!("; {} linked", crate::commands::count(linked, "speaker")));
            }
            if waiting > 0 {
                m.push_str(&format!(", {waiting} when tagged as ACTOR"));
            }
            self.say(m);
            self.cursor.current_suggestion = None;
            self.current_key = None;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::gap;

    #[test]
    fn gap_between_ranges() {
        assert_eq!(gap((0, 5), (10, 12)), 5);
        assert_eq!(gap((10, 12), (0, 5)), 5);
        assert_eq!(gap((0, 5), (3, 8)), 0);
        assert_eq!(gap((0, 5), (5, 8)), 0);
    }
}
