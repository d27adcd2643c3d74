//! Suggestions in the session: the list for the open article, the current one,
//! stepping through the open ones, accepting one (through
//! [`crate::suggest::accept_edit`]; bulk accept is in `bulk.rs`) and rejecting. A claim whose
//! speaker is not tagged yet waits in `pending_speakers` and is linked when that
//! actor is tagged or accepted.

use super::{NO_SUGGESTIONS, Session};
use crate::model::{Edit, Label, Rejected, SpanId};
use crate::suggest::{Suggestion, accept_edit};

/// One accepting step: the edit, how many spans it adds, the claims left waiting for
/// their speaker.
pub(super) struct Accepting {
    pub(super) edit: Edit,
    pub(super) spans: usize,
    pub(super) pending: Vec<(SpanId, (usize, usize))>,
}

impl Session {
    /// A fresh list from the engine: the current suggestion stays where it was.
    pub(super) fn take_suggestions(&mut self, list: Vec<Suggestion>) {
        self.suggestions = list;
        self.cursor.current_suggestion = self.current_key.and_then(|(s, e, l)| {
            self.suggestions
                .iter()
                .position(|x| (x.start, x.end, x.label) == (s, e, l))
                .or_else(|| self.suggestions.iter().position(|x| x.start >= s))
        });
        if let Some(k) = self.cursor.current_suggestion
            && !self.suggestion_open(k)
        {
            self.cursor.current_suggestion = self.next_open_suggestion(k, 1);
        }
    }

    /// Tab / Shift+Tab: the next open suggestion after the current one (or the caret).
    pub(super) fn step_suggestion(&mut self, dir: i64) {
        let from = match self.cursor.current_suggestion {
            Some(k) => k as i64,
            None => {
                let c = self.cursor.caret;
                let at = self.suggestions.partition_point(|s| s.start < c) as i64;
                if dir > 0 { at - 1 } else { at }
            }
        };
        match self.next_open_suggestion_from(from, dir) {
            Some(k) => self.focus_suggestion(k),
            None => self.say(NO_SUGGESTIONS),
        }
    }

    fn next_open_suggestion(&self, k: usize, dir: i64) -> Option<usize> {
        self.next_open_suggestion_from(k as i64 - dir, dir)
    }

    /// The next open suggestion after index `from` in direction `dir`, wrapping.
    fn next_open_suggestion_from(&self, from: i64, dir: i64) -> Option<usize> {
        let n = self.suggestions.len() as i64;
        if n == 0 {
            return None;
        }
        (1..=n)
            .map(|step| (from + dir * step).rem_euclid(n) as usize)
            .find(|&k| self.suggestion_open(k))
    }

    pub(super) fn focus_suggestion(&mut self, k: usize) {
        let Some(s) = self.suggestions.get(k) else { return };
        let start = s.start;
        self.current_key = Some((s.start, s.end, s.label));
        self.cursor.current_suggestion = Some(k);
        self.cursor.caret = start;
        self.cursor.anchor = None;
        self.cursor.selected_span = None;
        self.scroll_to(start);
    }

    fn advance_after(&mut self, k: usize) {
        match self.next_open_suggestion(k + 1, 1).filter(|&j| j > k) {
            Some(j) => self.focus_suggestion(j),
            None => {
                self.cursor.current_suggestion = None;
                self.current_key = None;
            }
        }
    }

    /// The edit that accepts `picked`, with the links of claims already waiting for
    /// an actor it adds, and the claims whose speaker is still missing.
    pub(super) fn accepting(&self, picked: &[&Suggestion]) -> Option<Accepting> {
        let doc = self.doc.as_ref()?;
        let Edit::Batch(mut edits) = accept_edit(&doc.ann, &doc.text, picked)? else {
            return None;
        };
        let added: Vec<(SpanId, Label, usize, usize)> = edits
            .iter()
            .filter_map(|e| match e {
                Edit::AddSpan(s) => Some((s.id, s.label, s.start, s.end)),
                _ => None,
            })
            .collect();
        let linked: Vec<SpanId> = edits
            .iter()
            .filter_map(|e| match e {
                Edit::Link(r) => Some(r.claim),
                _ => None,
            })
            .collect();
        let mut pending = Vec::new();
        for &(id, label, s, e) in &added {
            match label {
                Label::Actor => edits.extend(self.pending_links_for(s, e, id)),
                Label::Claim if !linked.contains(&id) => {
                    let speaker = picked
                        .iter()
                        .find(|x| (x.label, x.start, x.end) == (label, s, e))
                        .and_then(|x| x.speaker);
                    if let Some(r) = speaker {
                        pending.push((id, r));
                    }
                }
                _ => {}
            }
        }
        Some(Accepting {
            edit: Edit::Batch(edits),
            spans: added.len(),
            pending,
        })
    }

    pub(super) fn accept(&mut self, k: usize) {
        if !self.suggestion_open(k) {
            return;
        }
        let s = self.suggestions[k].clone();
        let Some(a) = self.accepting(&[&s]) else {
            self.say("This suggestion no longer fits the text");
            return;
        };
        if self.edit(a.edit) {
            self.pending_speakers.extend(a.pending);
            self.advance_after(k);
        }
    }

    pub(super) fn reject(&mut self, k: usize) {
        if !self.suggestion_open(k) {
            return;
        }
        let s = &self.suggestions[k];
        let r = Rejected {
            label: s.label,
            start: s.start,
            end: s.end,
        };
        if self.edit(Edit::Reject(r)) {
            self.advance_after(k);
        }
    }
}

/// Orders suggestion indices least sure first: the score nearest 0.5 first (where a
/// decision teaches the model most), ties in text order. For the inspector's "least sure
/// first" list (active learning).
pub fn least_sure_first(list: &[Suggestion], open: &mut [usize]) {
    let doubt = |k: usize| (list[k].score - 0.5).abs();
    open.sort_by(|&a, &b| {
        doubt(a)
            .total_cmp(&doubt(b))
            .then((list[a].start, list[a].end).cmp(&(list[b].start, list[b].end)))
    });
}

#[cfg(test)]
mod order_tests {
    use super::least_sure_first;
    use crate::model::Label;
    use crate::suggest::Suggestion;

    fn s(start: usize, score: f32) -> Suggestion {
        Suggestion {
            label: Label::Actor,
            start,
            end: start + 3,
            score,
            why: String::new(),
            source: "test",
            speaker: None,
        }
    }

    #[test]
    fn the_score_nearest_one_half_comes_first_ties_in_text_order() {
        let list = [s(0, 0.95), s(10, 0.55), s(20, 0.2), s(30, 0.45), s(40, 0.7)];
        let mut open = vec![0, 1, 2, 3, 4];
        least_sure_first(&list, &mut open);
        assert_eq!(open, [1, 3, 4, 2, 0]);
    }
}
