//! The session's data: the articles of the corpus ([`Row`]), the open article
//! ([`Doc`]), its undo history ([`History`]) and the analyst's place in it ([`Cursor`]).

use super::engine::RowInfo;
use crate::corpus::Entry;
use crate::model::{Annotations, Edit, SpanId, Status};
use crate::text::TextIndex;
use std::ops::Range;
use std::path::PathBuf;
use std::sync::Arc;

/// One article in the list: discovered at once, filled in by the corpus walk.
#[derive(Debug, Clone)]
pub struct Row {
    pub entry: Entry,
    pub info: Option<RowInfo>,
}

impl Row {
    pub fn title(&self) -> &str {
        match &self.info {
            Some(i) if !i.title.is_empty() => &i.title,
            _ => &self.entry.id,
        }
    }

    pub fn is_done(&self) -> bool {
        self.info
            .as_ref()
            .is_some_and(|i| matches!(i.status, Status::Done | Status::Reviewed))
    }
}

/// The open article: its text and annotations (the model).
pub struct Doc {
    pub index: usize,
    pub id: String,
    pub path: PathBuf,
    pub text: Arc<TextIndex>,
    pub ann: Annotations,
    /// Set when the RON file is broken: the article is shown but never written.
    pub read_only: Option<String>,
    /// Something the analyst should know (re-anchored spans).
    pub notice: Option<String>,
    /// The units the document view lays out (see [`layout_units`]).
    pub paragraphs: Vec<Range<usize>>,
    /// Changed on every change of `ann` and on every (re)opening: unique in the
    /// process (see [`next_version`]), so views caching by (article, version) never
    /// mistake a reopened article for the one they cached.
    pub version: u64,
}

/// A fresh value for [`Doc::version`].
pub fn next_version() -> u64 {
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
    NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
}

/// Undo and redo stacks of one article: inverse edits.
#[derive(Debug, Default, Clone)]
pub struct History {
    pub undo: Vec<Edit>,
    pub redo: Vec<Edit>,
}

/// Where the analyst is in the open article: caret, selection, the selected span, the
/// claim whose speaker is being picked and the current suggestion. Actions read it
/// (A tags the selection, Enter accepts the current suggestion).
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Cursor {
    pub caret: usize,
    /// The other end of the selection, when there is one.
    pub anchor: Option<usize>,
    /// Keep exact characters (Alt) instead of snapping to words.
    pub exact: bool,
    pub selected_span: Option<SpanId>,
    /// Picking the speaker of this claim.
    pub picking_speaker: Option<SpanId>,
    /// Index into the suggestion list.
    pub current_suggestion: Option<usize>,
}

impl Cursor {
    /// The selected char range (snapped to whole words unless exact), if not empty.
    pub fn selection(&self, text: &TextIndex) -> Option<(usize, usize)> {
        let a = self.anchor?;
        if a == self.caret {
            return None;
        }
        let (s, e) = (a.min(self.caret), a.max(self.caret));
        let (s, e) = if self.exact { (s, e) } else { text.snap_to_words(s, e) };
        (s < e).then_some((s, e))
    }
}

/// The units the document view lays out: the lines of each paragraph (trimmed), so a
/// long article without blank lines never becomes one giant galley.
pub fn layout_units(text: &TextIndex) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    for p in text.paragraphs() {
        let mut pos = p.start;
        for line in text.slice(p.start, p.end).split('\n') {
            let n = line.chars().count();
            let (a, b) = text.trim(pos, pos + n);
            if a < b {
                out.push(a..b);
            }
            pos += n + 1;
        }
    }
    out
}
