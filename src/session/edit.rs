//! Editing the open article: every model change goes through [`Session::edit`], which
//! keeps the inverse on the article's undo stack, saves, teaches the engine and asks
//! for fresh suggestions. Tagging, relabelling, speakers, the caret.

use super::{NEED_SELECTION, READ_ONLY, Session};
use crate::model::{Edit, Label, Origin, Relation, SpanId, Status};

impl Session {
    /// Applies one edit to the open article: undo stack, save, re-learn, suggestions.
    /// False when refused (read-only article, invalid edit: the reason is the message).
    pub(super) fn edit(&mut self, e: Edit) -> bool {
        let Some(doc) = self.doc.as_mut() else { return false };
        if doc.read_only.is_some() {
            self.message = Some(format!(
                "{READ_ONLY} because its annotations file is broken (see the banner)."
            ));
            return false;
        }
        let e = if doc.ann.status == Status::New && !matches!(e, Edit::SetStatus(_)) {
            Edit::Batch(vec![Edit::SetStatus(Status::InProgress), e])
        } else {
            e
        };
        let before_status = doc.ann.status;
        match doc.ann.apply(e) {
            Ok(inv) => {
                if inv == Edit::Batch(Vec::new()) && before_status == doc.ann.status {
                    return true;
                }
                let h = self.histories.entry(doc.id.clone()).or_default();
                h.undo.push(inv);
                h.redo.clear();
                self.changed();
                self.review_new_edit();
                true
            }
            Err(err) => {
                self.message = Some(format!("Not done: {err}"));
                false
            }
        }
    }

    fn changed(&mut self) {
        let Some(doc) = self.doc.as_mut() else { return };
        doc.version = super::doc::next_version();
        self.saver.save(&self.store, &doc.ann);
        if let Some(e) = &self.engine {
            e.learn(&doc.text, &doc.ann);
        }
        if let Some(info) = self.rows.get_mut(doc.index).and_then(|r| r.info.as_mut()) {
            info.counts = doc.ann.counts();
            info.status = doc.ann.status;
        }
        if let Some(id) = self.cursor.selected_span
            && doc.ann.span(id).is_none()
        {
            self.cursor.selected_span = None;
        }
        // A claim undone away stops waiting for its speaker (its id may be reused).
        self.pending_speakers
            .retain(|c, _| doc.ann.span(*c).is_some_and(|s| s.label == Label::Claim));
        self.message = None;
        self.out.edited = true;
        self.request_suggestions();
    }

    pub(super) fn undo(&mut self, redo: bool) {
        let Some(doc) = self.doc.as_mut() else { return };
        if doc.read_only.is_some() {
            return;
        }
        let h = self.histories.entry(doc.id.clone()).or_default();
        let Some(e) = (if redo { h.redo.pop() } else { h.undo.pop() }) else {
            self.message = Some(if redo { "Nothing to redo" } else { "Nothing to undo" }.into());
            return;
        };
        match doc.ann.apply(e.clone()) {
            Ok(inv) => {
                if redo {
                    h.undo.push(inv);
                } else {
                    h.redo.push(inv);
                }
                self.changed();
            }
            Err(err) => {
                self.message = Some(format!("Cannot {}: {err}", if redo { "redo" } else { "undo" }));
            }
        }
    }

    /// Moves the caret; with `extend` the selection keeps (or starts at) its anchor.
    pub(super) fn move_caret(&mut self, to: usize, extend: bool, exact: bool) {
        let len = self.doc.as_ref().map_or(0, |d| d.text.len_chars());
        let from = self.cursor.caret.min(len);
        let to = to.min(len);
        if extend {
            if self.cursor.anchor.is_none() {
                self.cursor.anchor = Some(from);
                self.cursor.exact = exact;
            }
        } else {
            self.cursor.anchor = None;
        }
        self.cursor.selected_span = None;
        self.cursor.caret = to;
        self.scroll_to(to);
    }

    pub(super) fn select_span(&mut self, id: SpanId) {
        let Some(doc) = &self.doc else { return };
        let Some(span) = doc.ann.span(id) else { return };
        let (label, start) = (span.label, span.start);
        if let Some(claim) = self.cursor.picking_speaker {
            if label == Label::Actor {
                if self.edit(Edit::Link(Relation::said_by(claim, id))) {
                    self.pending_speakers.remove(&claim);
                }
                self.cursor.picking_speaker = None;
                self.cursor.selected_span = Some(claim);
            } else {
                self.say("A speaker must be an ACTOR span");
            }
            return;
        }
        self.cursor.selected_span = Some(id);
        self.cursor.anchor = None;
        self.cursor.caret = start;
        self.scroll_to(start);
    }

    pub(super) fn pick_speaker(&mut self) {
        let claim = self.cursor.selected_span.filter(|id| {
            self.doc
                .as_ref()
                .and_then(|d| d.ann.span(*id))
                .is_some_and(|s| s.label == Label::Claim)
        });
        match claim {
            Some(c) => {
                self.cursor.picking_speaker = Some(c);
                self.say("Click the speaker (an ACTOR) or choose one from the list; Esc cancels");
            }
            None => self.say("Select a CLAIM first, then press S to pick its speaker"),
        }
    }

    /// A / C / L: relabel the selected span, or tag the selection (a bare caret only
    /// shows a hint).
    pub(super) fn tag(&mut self, label: Label) {
        let Some(doc) = &self.doc else { return };
        if let Some(id) = self.cursor.selected_span
            && doc.ann.span(id).is_some()
        {
            self.edit(Edit::Relabel { id, label });
            return;
        }
        let Some((s, e)) = self.cursor.selection(&doc.text) else {
            self.say(NEED_SELECTION);
            return;
        };
        match doc.ann.new_span(&doc.text, label, s, e, Origin::Manual) {
            Ok(span) => {
                let id = span.id;
                let end = span.end;
                let mut edits = vec![Edit::AddSpan(span.clone())];
                if label == Label::Actor {
                    edits.extend(self.pending_links_for(span.start, span.end, id));
                }
                let e = if edits.len() == 1 {
                    edits.pop().unwrap()
                } else {
                    Edit::Batch(edits)
                };
                if self.edit(e) {
                    self.cursor.selected_span = Some(id);
                    self.cursor.anchor = None;
                    self.cursor.caret = end;
                }
            }
            Err(err) => self.say(format!("Not tagged: {err}")),
        }
    }

    /// Links for claims (accepted from suggestions) waiting for an actor at `[s, e)`.
    pub(super) fn pending_links_for(&self, s: usize, e: usize, actor: SpanId) -> Vec<Edit> {
        let Some(doc) = &self.doc else { return Vec::new() };
        let mut claims: Vec<SpanId> = self
            .pending_speakers
            .iter()
            .filter(|(c, r)| {
                **r == (s, e)
                    && doc.ann.span(**c).is_some_and(|x| x.label == Label::Claim)
                    && doc.ann.speakers_of(**c).next().is_none()
            })
            .map(|(c, _)| *c)
            .collect();
        claims.sort();
        claims
            .into_iter()
            .map(|c| Edit::Link(Relation::said_by(c, actor)))
            .collect()
    }
}
