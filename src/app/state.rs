//! The model (one article's annotations) and the view state (caret, selection,
//! scroll target, filters), kept apart.

use super::engine::RowInfo;
use crate::corpus::Entry;
use crate::model::{Annotations, Edit, SpanId};
use crate::text::TextIndex;
use serde::{Deserialize, Serialize};
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
            .is_some_and(|i| matches!(i.status, crate::model::Status::Done | crate::model::Status::Reviewed))
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
    pub paragraphs: Vec<Range<usize>>,
    /// Bumped on every change of `ann`.
    pub version: u64,
}

/// Undo and redo stacks of one article: inverse edits.
#[derive(Debug, Default, Clone)]
pub struct History {
    pub undo: Vec<Edit>,
    pub redo: Vec<Edit>,
}

/// "Accept above score" starts here: suggestions score 0.6-0.9, so only the surest go.
pub const DEFAULT_MIN_SCORE: f32 = 0.9;

/// View state: never saved with the annotations.
#[derive(Debug, Default, Clone)]
pub struct View {
    pub caret: usize,
    /// The other end of the selection, when there is one.
    pub anchor: Option<usize>,
    /// Keep exact characters (Alt) instead of snapping to words.
    pub exact: bool,
    pub selected_span: Option<SpanId>,
    /// Picking the speaker of this claim.
    pub picking_speaker: Option<SpanId>,
    /// Scroll so this char is visible (consumed by the document view).
    pub scroll_to: Option<usize>,
    /// Index into the suggestion list.
    pub current_suggestion: Option<usize>,
    pub filter: String,
    pub min_score: f32,
}

impl View {
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

    pub fn reset(&mut self) {
        let filter = std::mem::take(&mut self.filter);
        let min_score = self.min_score;
        *self = View::default();
        self.filter = filter;
        self.min_score = min_score;
    }
}

/// Preferences kept by eframe between runs (never annotations).
#[derive(Debug, Default, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct Prefs {
    pub recent: Vec<Vec<PathBuf>>,
    pub last_article: Option<String>,
    pub font_size: Option<f32>,
}

impl Prefs {
    pub fn remember(&mut self, corpus: &[PathBuf]) {
        let c: Vec<PathBuf> = corpus.to_vec();
        self.recent.retain(|r| r != &c);
        self.recent.insert(0, c);
        self.recent.truncate(8);
    }
}
