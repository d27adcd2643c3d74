//! The annotation session, without a window: the open corpus, the current article's
//! annotations and undo history, its suggestions, the claims waiting for a speaker,
//! and the workers (suggestion engine, saver, export) that wake the window through a
//! callback. Every change goes through [`Session::apply`], so undo, autosave and tests
//! see one path. Nothing here knows egui; `app` draws a `&Session` and sends
//! [`Action`]s.

pub mod bulk;
pub mod compare;
pub mod doc;
mod edit;
pub mod engine;
pub mod export_job;
pub mod review;
pub mod saver;
pub mod speakers;
mod status;
mod suggestions;
mod sync;

pub use bulk::{BulkPlan, PlannedLink};
pub use doc::{Cursor, Doc, History, Row, layout_units};
pub use speakers::{SpeakerChoice, SpeakerState, SuggestedSpeaker};
pub use status::{NEED_SELECTION, NO_SUGGESTIONS, PICK_SPEAKER, READ_ONLY};
pub use suggestions::least_sure_first;

use crate::commands::Paths;
use crate::corpus;
use crate::model::{Annotations, Label, Relation, SpanId, Status};
use crate::store::Store;
use crate::suggest::Suggestion;
use crate::text::TextIndex;
use engine::{EngineWorker, FromEngine, SuggestFn};
use saver::{SaveState, Saver};
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Wakes whoever shows the session (the window) when a worker has news.
pub type Wake = Arc<dyn Fn() + Send + Sync>;

/// The annotations folder a corpus gets unless the analyst chose one: `annotations/`
/// inside the corpus folder (for loose files, beside the first of them), so two
/// corpora never share RON files by accident.
pub fn default_annotations(corpus: &[PathBuf]) -> PathBuf {
    let Some(first) = corpus.first() else {
        return PathBuf::from("annotations");
    };
    let base = if first.is_dir() {
        first.clone()
    } else {
        first.parent().map(|p| p.to_path_buf()).unwrap_or_default()
    };
    base.join("annotations")
}

/// A wake callback that does nothing (tests poll instead).
pub fn no_wake() -> Wake {
    Arc::new(|| {})
}

/// Everything an analyst can change. [`Session::apply`] is the one place it happens.
#[derive(Debug, Clone)]
pub enum Action {
    /// Open files and folders as the corpus, with its annotations folder (see
    /// [`default_annotations`]).
    OpenCorpus(Paths),
    /// Read and write the RON files in this folder from now on.
    SetAnnotationsDir(PathBuf),
    OpenArticle(usize),
    NextArticle,
    PrevArticle,
    /// Move the caret / selection (anchor, caret, exact characters).
    Select {
        anchor: usize,
        caret: usize,
        exact: bool,
    },
    /// Put the caret here, dropping the selection.
    SetCaret(usize),
    /// Move the caret to `to`; with `extend` the selection grows from where it was.
    MoveCaret {
        to: usize,
        extend: bool,
        exact: bool,
    },
    /// Select a span (or, while picking a speaker, link it).
    SelectSpan(SpanId),
    /// Drop the selection, the selected span, the speaker picker, the current suggestion.
    ClearSelection,
    /// A / C / L: relabel the selected span, or tag the selection.
    Tag(Label),
    /// Remove the selected span.
    DeleteSelected,
    DeleteSpan(SpanId),
    /// Start picking the speaker of the selected claim.
    PickSpeaker,
    CancelSpeaker,
    /// Accept the ACTOR suggestion (index) and link it as this claim's speaker, in one
    /// undo step (the picker's suggested actors, a click on a dashed actor).
    LinkSuggestedSpeaker {
        claim: SpanId,
        suggestion: usize,
    },
    Link(Relation),
    Unlink(Relation),
    SetStatus(Status),
    /// Mark the article done and open the next one not done.
    MarkDoneAndNext,
    Undo,
    Redo,
    NextSuggestion,
    PrevSuggestion,
    FocusSuggestion(usize),
    /// Accept / reject the current suggestion.
    AcceptCurrent,
    RejectCurrent,
    AcceptSuggestion(usize),
    RejectSuggestion(usize),
    /// Accept every open suggestion with this label (all labels when `None`) and at
    /// least this score, as one undo step. When that step links speakers it waits in
    /// [`Session::bulk`] (see `bulk`) for `ConfirmBulk` or `CancelBulk`.
    AcceptAll {
        label: Option<Label>,
        min_score: f32,
    },
    /// Tick or untick one speaker link of the waiting bulk accept.
    KeepBulkLink {
        index: usize,
        keep: bool,
    },
    /// Apply the waiting bulk accept with its ticked links, as one undo step.
    ConfirmBulk,
    CancelBulk,
    /// Write pending changes now.
    SaveNow,
    /// Look whether the open article's file changed on disk (cheap; the window sends
    /// it about once a second and on focus) and merge a change (see `sync`).
    CheckDisk,
    /// Show a message in the status bar.
    Say(String),
    /// Review the adjudication queue in this folder (see [`review`]).
    OpenReview(PathBuf),
    Review(review::ReviewAction),
    /// Show per-article agreement between these analysts' folders in the list.
    Compare(Vec<PathBuf>),
}

/// What an action did that the view needs to know.
#[derive(Debug, Clone, Default)]
pub struct Outcome {
    /// Scroll so this char is visible.
    pub scroll_to: Option<usize>,
    /// A corpus was opened, or its annotations folder changed (the app remembers the
    /// pair in the recent list).
    pub opened_corpus: Option<Paths>,
    /// An article was opened (its id).
    pub opened_article: Option<String>,
    /// The annotations of the open article changed.
    pub edited: bool,
}

impl Outcome {
    /// Folds `o` into `self` (later scroll targets win).
    pub fn merge(&mut self, o: Outcome) {
        self.scroll_to = o.scroll_to.or(self.scroll_to);
        self.opened_corpus = o.opened_corpus.or(self.opened_corpus.take());
        self.opened_article = o.opened_article.or(self.opened_article.take());
        self.edited |= o.edited;
    }
}

/// The session.
pub struct Session {
    pub paths: Paths,
    pub store: Store,
    pub rows: Vec<Row>,
    pub load_errors: Vec<corpus::LoadError>,
    pub doc: Option<Doc>,
    pub cursor: Cursor,
    pub suggestions: Vec<Suggestion>,
    pub histories: HashMap<String, History>,
    /// A short message for the status bar (the last refusal or hint).
    pub message: Option<String>,
    /// The article to open first when a corpus opens (the last one worked on).
    pub prefer_article: Option<String>,
    /// Review mode: the adjudication queue being resolved.
    pub review: Option<review::Review>,
    /// Per-article agreement between analysts' folders (`--compare`, review mode).
    pub agreement: Option<compare::Agreement>,
    /// A bulk accept waiting for the analyst to check its speaker links.
    pub bulk: Option<BulkPlan>,
    agreement_job: Option<compare::AgreementJob>,
    saver: Saver,
    engine: Option<EngineWorker>,
    /// Replaces the engine's own suggestions (tests inject failing suggesters here).
    suggester: Option<SuggestFn>,
    wake: Wake,
    /// Claims accepted from a suggestion whose speaker was not an ACTOR yet: the
    /// speaker's range, linked when that actor is tagged.
    pending_speakers: HashMap<SpanId, (usize, usize)>,
    /// The current suggestion as (start, end, label), kept across list refreshes.
    current_key: Option<(usize, usize, Label)>,
    corpus_ready: bool,
    have_generation: u64,
    /// What the actions of the current `apply` did.
    out: Outcome,
    /// The open article's file on disk (stamp, last saved state, a change to merge).
    sync: sync::DiskSync,
}

impl Session {
    /// A session on `paths`, opening the corpus (and `prefer_article` in it, when
    /// there). `wake` is called from worker threads when they have news.
    pub fn new(paths: Paths, wake: Wake, prefer_article: Option<String>) -> Session {
        let mut s = Session {
            store: Store::new(paths.annotations.clone()),
            paths: paths.clone(),
            rows: Vec::new(),
            load_errors: Vec::new(),
            doc: None,
            cursor: Cursor::default(),
            suggestions: Vec::new(),
            histories: HashMap::new(),
            message: None,
            prefer_article,
            review: None,
            agreement: None,
            bulk: None,
            agreement_job: None,
            saver: Saver::new(wake.clone()),
            engine: None,
            suggester: None,
            wake,
            pending_speakers: HashMap::new(),
            current_key: None,
            corpus_ready: false,
            have_generation: 0,
            out: Outcome::default(),
            sync: sync::DiskSync::default(),
        };
        s.open_corpus(paths.corpus);
        s
    }

    /// Applies one action: the one place the session changes.
    pub fn apply(&mut self, action: Action) -> Outcome {
        self.out = Outcome::default();
        match action {
            Action::OpenCorpus(p) => {
                if p.annotations != self.paths.annotations {
                    self.flush();
                    self.store = Store::new(p.annotations.clone());
                    self.paths.annotations = p.annotations;
                }
                self.open_corpus(p.corpus)
            }
            Action::SetAnnotationsDir(d) => self.set_annotations_dir(d),
            Action::OpenArticle(i) => self.open_article(i),
            Action::NextArticle => {
                if let Some(i) = self.current_index()
                    && i + 1 < self.rows.len()
                {
                    self.open_article(i + 1);
                }
            }
            Action::PrevArticle => {
                if let Some(i) = self.current_index()
                    && i > 0
                {
                    self.open_article(i - 1);
                }
            }
            Action::Select { anchor, caret, exact } => {
                self.cursor.anchor = Some(anchor);
                self.cursor.caret = caret;
                self.cursor.exact = exact;
                self.cursor.selected_span = None;
            }
            Action::SetCaret(c) => {
                self.cursor.caret = c;
                self.cursor.anchor = None;
                self.cursor.selected_span = None;
            }
            Action::MoveCaret { to, extend, exact } => self.move_caret(to, extend, exact),
            Action::SelectSpan(id) => self.select_span(id),
            Action::ClearSelection => {
                self.cursor.anchor = None;
                self.cursor.selected_span = None;
                self.cursor.picking_speaker = None;
                self.cursor.current_suggestion = None;
                self.current_key = None;
                self.cancel_bulk();
            }
            Action::Tag(l) => self.tag(l),
            Action::DeleteSelected => match self.cursor.selected_span {
                Some(id) => {
                    self.edit(crate::model::Edit::RemoveSpan(id));
                }
                None => self.say("Select a span first (click it, or pick it in the inspector)"),
            },
            Action::DeleteSpan(id) => {
                self.edit(crate::model::Edit::RemoveSpan(id));
            }
            Action::PickSpeaker => self.pick_speaker(),
            Action::CancelSpeaker => self.cursor.picking_speaker = None,
            Action::LinkSuggestedSpeaker { claim, suggestion } => self.link_suggested_speaker(claim, suggestion),
            Action::Link(r) => {
                self.edit(crate::model::Edit::Link(r));
                self.cursor.picking_speaker = None;
            }
            Action::Unlink(r) => {
                self.edit(crate::model::Edit::Unlink(r));
            }
            Action::SetStatus(s) => {
                self.edit(crate::model::Edit::SetStatus(s));
            }
            Action::MarkDoneAndNext => self.mark_done_and_next(),
            Action::Undo => self.undo_step(false),
            Action::Redo => self.undo_step(true),
            Action::NextSuggestion => self.step_suggestion(1),
            Action::PrevSuggestion => self.step_suggestion(-1),
            Action::FocusSuggestion(k) => self.focus_suggestion(k),
            Action::AcceptCurrent => match self.cursor.current_suggestion {
                Some(k) => self.accept(k),
                None => self.say("Tab to a suggestion first"),
            },
            Action::RejectCurrent => match self.cursor.current_suggestion {
                Some(k) => self.reject(k),
                None => self.say("Tab to a suggestion first"),
            },
            Action::AcceptSuggestion(k) => self.accept(k),
            Action::RejectSuggestion(k) => self.reject(k),
            Action::AcceptAll { label, min_score } => self.accept_all(label, min_score),
            Action::KeepBulkLink { index, keep } => self.keep_bulk_link(index, keep),
            Action::ConfirmBulk => self.confirm_bulk(),
            Action::CancelBulk => self.cancel_bulk(),
            Action::SaveNow => self.flush(),
            Action::CheckDisk => self.check_disk(),
            Action::Say(m) => self.message = Some(m),
            Action::OpenReview(dir) => self.open_review(dir),
            Action::Review(a) => self.review_action(a),
            Action::Compare(dirs) => self.start_agreement(dirs),
        }
        std::mem::take(&mut self.out)
    }

    fn say(&mut self, m: impl Into<String>) {
        self.message = Some(m.into());
    }

    fn scroll_to(&mut self, c: usize) {
        self.out.scroll_to = Some(c);
    }

    // ---- queries -----------------------------------------------------------------

    pub fn save_state(&self) -> SaveState {
        self.sync.save_state().unwrap_or_else(|| self.saver.state())
    }

    pub fn current_index(&self) -> Option<usize> {
        self.doc.as_ref().map(|d| d.index)
    }

    pub fn engine_status(&self) -> &str {
        self.engine.as_ref().map(|e| e.status.as_str()).unwrap_or("")
    }

    /// Whether the open article has something to undo / redo.
    pub fn can_undo_redo(&self) -> (bool, bool) {
        self.doc
            .as_ref()
            .and_then(|d| self.histories.get(&d.id))
            .map(|h| (!h.undo.is_empty(), !h.redo.is_empty()))
            .unwrap_or((false, false))
    }

    /// Whether the open article can be edited (it is open and its RON file loads).
    pub fn editable(&self) -> bool {
        self.doc.as_ref().is_some_and(|d| d.read_only.is_none())
    }

    /// The selected char range of the open article.
    pub fn selection(&self) -> Option<(usize, usize)> {
        self.doc.as_ref().and_then(|d| self.cursor.selection(&d.text))
    }

    /// Whether suggestion `k` is still open (not annotated, not rejected).
    pub fn suggestion_open(&self, k: usize) -> bool {
        match (&self.doc, self.suggestions.get(k)) {
            (Some(d), Some(s)) => {
                d.ann.find(s.label, s.start, s.end).is_none() && !d.ann.is_rejected(s.label, s.start, s.end)
            }
            _ => false,
        }
    }

    pub fn open_suggestions(&self) -> Vec<&Suggestion> {
        (0..self.suggestions.len())
            .filter(|&k| self.suggestion_open(k))
            .map(|k| &self.suggestions[k])
            .collect()
    }

    /// The claims waiting for their speaker to be tagged, with the speaker's range.
    pub fn pending_speakers(&self) -> &HashMap<SpanId, (usize, usize)> {
        &self.pending_speakers
    }

    // ---- waiting (tests, closing) ---------------------------------------------------

    /// Waits until every change sent to the saver is on disk (a change on disk met on
    /// the way is merged first).
    pub fn flush(&mut self) {
        for _ in 0..2 {
            self.saver.flush();
            self.take_saves(crate::lock::timeout());
        }
        self.unmerged_on_flush();
    }

    /// Waits (up to 120 s: tests on a loaded machine) until the corpus walk is done.
    pub fn wait_for_corpus(&mut self) {
        let deadline = Instant::now() + Duration::from_secs(120);
        while !self.corpus_ready && Instant::now() < deadline {
            let Some(msg) = self
                .engine
                .as_ref()
                .and_then(|e| e.recv_timeout(Duration::from_millis(50)))
            else {
                continue;
            };
            self.take_engine(msg);
        }
    }

    /// Waits (up to 120 s) until the suggestions of the newest request have arrived.
    pub fn wait_for_suggestions(&mut self) -> bool {
        let deadline = Instant::now() + Duration::from_secs(120);
        loop {
            let Some(e) = self.engine.as_ref() else { return false };
            let wanted = e.wanted;
            if self.have_generation >= wanted && self.corpus_ready {
                return true;
            }
            if Instant::now() > deadline {
                return false;
            }
            if let Some(msg) = e.recv_timeout(Duration::from_millis(50)) {
                self.take_engine(msg);
            }
        }
    }

    /// Starts an export of this corpus from this annotations folder (pending changes
    /// are written first).
    pub fn start_export(
        &mut self,
        format: crate::export::Format,
        dest: PathBuf,
        selection: crate::export::Selection,
        options: crate::export::ExportOptions,
    ) -> export_job::ExportJob {
        self.flush();
        let req = export_job::ExportRequest {
            format,
            dest,
            corpus: self.paths.corpus.clone(),
            store: self.store.clone(),
            selection,
            options,
        };
        export_job::ExportJob::start(req, self.wake.clone())
    }

    // ---- the corpus and articles ------------------------------------------------------

    /// Opens a corpus (files and folders): lists it at once, walks it in the background.
    fn open_corpus(&mut self, paths: Vec<PathBuf>) {
        self.flush();
        let (entries, errors) = corpus::discover_in(&paths, Some(&self.paths.annotations));
        self.paths.corpus = paths.clone();
        self.rows = entries.iter().cloned().map(|entry| Row { entry, info: None }).collect();
        self.load_errors = errors;
        self.doc = None;
        self.sync.off();
        self.suggestions.clear();
        self.histories.clear();
        self.start_engine();
        self.out.opened_corpus = Some(self.paths.clone());
        let first = self
            .prefer_article
            .as_ref()
            .and_then(|id| self.rows.iter().position(|r| &r.entry.id == id))
            .unwrap_or(0);
        if !self.rows.is_empty() {
            self.open_article(first);
        }
        if self.rows.is_empty() && self.load_errors.is_empty() {
            self.say("No .txt articles here: File > Open file(s)... or Open folder...");
        }
    }

    fn start_engine(&mut self) {
        self.corpus_ready = false;
        self.have_generation = 0;
        let entries: Vec<corpus::Entry> = self.rows.iter().map(|r| r.entry.clone()).collect();
        self.engine = Some(EngineWorker::start(
            entries,
            self.store.clone(),
            self.wake.clone(),
            self.suggester.clone(),
        ));
    }

    /// Answers suggestion requests with `f` instead of the engine (restarts the worker
    /// and asks again for the open article).
    pub fn use_suggester(&mut self, f: SuggestFn) {
        self.suggester = Some(f);
        self.start_engine();
        self.request_suggestions();
    }

    /// Uses `dir` for the RON files from now on.
    fn set_annotations_dir(&mut self, dir: PathBuf) {
        self.flush();
        self.store = Store::new(dir.clone());
        self.paths.annotations = dir;
        self.histories.clear();
        // Ids follow the annotations folder too (as on the command line).
        let open_id = self.doc.as_ref().map(|d| d.id.clone());
        let (entries, errors) = corpus::discover_in(&self.paths.corpus, Some(&self.paths.annotations));
        self.rows = entries.into_iter().map(|entry| Row { entry, info: None }).collect();
        self.load_errors = errors;
        self.start_engine();
        self.out.opened_corpus = Some(self.paths.clone());
        let at = open_id
            .and_then(|id| self.rows.iter().position(|r| r.entry.id == id))
            .or(self.current_index())
            .unwrap_or(0);
        self.doc = None;
        self.sync.off();
        if !self.rows.is_empty() {
            self.open_article(at.min(self.rows.len() - 1));
        }
    }

    /// Opens article `i` (saving the open one first).
    fn open_article(&mut self, i: usize) {
        if i >= self.rows.len() {
            return;
        }
        self.flush();
        let entry = self.rows[i].entry.clone();
        let article = match entry.read() {
            Ok(a) => a,
            Err(e) => {
                self.say(format!("Cannot open: {e}"));
                return;
            }
        };
        let text = Arc::new(TextIndex::new(article.text.clone()));
        let mut broken = false;
        let opened = match self.foreign_file(&article) {
            Some(conflict) => Err(conflict),
            None => self.store.open(&article, &text).map_err(|e| {
                broken = true;
                e.to_string()
            }),
        };
        let mut watch = None;
        let (ann, read_only, notice) = match opened {
            Ok(opened) => {
                watch = Some((opened.annotations.clone(), opened.stamp.clone()));
                let notice = opened.reanchored.map(|r| {
                    format!(
                        "The article text changed since its annotations were saved: {} span(s) moved to their text, \
                         {} could not be placed (kept in the file as orphans).",
                        r.moved,
                        r.orphaned.len()
                    )
                });
                (opened.annotations, None, notice)
            }
            Err(e) => (
                Annotations::new(
                    article.id.clone(),
                    article.path.to_string_lossy(),
                    article.sha256.clone(),
                ),
                Some(e),
                None,
            ),
        };
        let paragraphs = layout_units(&text);
        self.doc = Some(Doc {
            index: i,
            id: article.id.clone(),
            path: article.path.clone(),
            text,
            ann,
            read_only,
            notice,
            paragraphs,
            version: doc::next_version(),
        });
        match watch {
            Some((base, stamp)) => {
                self.saver.track(&article.id, stamp.clone());
                self.sync.opened(base, stamp);
            }
            None if broken => self.watch_broken(),
            None => self.sync.off(),
        }
        self.cursor = Cursor::default();
        self.bulk = None;
        self.scroll_to(0);
        self.suggestions.clear();
        self.pending_speakers.clear();
        self.current_key = None;
        self.prefer_article = Some(article.id.clone());
        self.out.opened_article = Some(article.id);
        self.request_suggestions();
        if let Some(d) = &self.doc {
            let info = self.rows[i].info.get_or_insert_with(Default::default);
            info.counts = d.ann.counts();
            info.status = d.ann.status;
            if info.title.is_empty() {
                info.title = corpus::title_of(d.text.as_str()).to_string();
            }
        }
    }

    /// When the RON file under this article's id belongs to another article (another
    /// source file and another text: two corpora sharing one annotations folder), the
    /// reason it must not be merged into this one.
    fn foreign_file(&self, article: &corpus::Article) -> Option<String> {
        let existing = self.store.read(&article.id).ok()??;
        if existing.text_sha256 == article.sha256 || existing.source.is_empty() {
            return None;
        }
        let canon = |p: &std::path::Path| std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf());
        let theirs = canon(std::path::Path::new(&existing.source));
        if theirs == canon(&article.path) {
            return None;
        }
        let file = self
            .store
            .path_for(&article.id)
            .map(|p| p.display().to_string())
            .unwrap_or_else(|_| article.id.clone());
        Some(format!(
            "{file} holds the annotations of another article ({}, with a different text); this one is not \
             merged into it. Give this corpus its own annotations folder (File > Annotations folder...).",
            existing.source
        ))
    }

    fn mark_done_and_next(&mut self) {
        if self.edit(crate::model::Edit::SetStatus(Status::Done)) {
            let cur = self.current_index().unwrap_or(0);
            let n = self.rows.len();
            let next = (1..n)
                .map(|k| (cur + k) % n)
                .find(|&j| !self.rows[j].is_done() && self.rows[j].info.as_ref().is_none_or(|i| i.error.is_none()));
            match next {
                Some(j) => self.open_article(j),
                None => self.say("Every article is done."),
            }
        }
    }

    fn request_suggestions(&mut self) {
        let (Some(doc), Some(e)) = (&self.doc, self.engine.as_mut()) else {
            return;
        };
        e.request(&doc.text, &doc.ann);
    }

    // ---- background results -------------------------------------------------------

    /// Collects what the workers finished since the last call (once a frame), and
    /// drops status messages whose cause is gone.
    pub fn poll(&mut self) {
        self.saver.poll();
        self.take_saves(std::time::Duration::from_millis(200));
        self.poll_agreement(false);
        while let Some(msg) = self.engine.as_ref().and_then(|e| e.try_recv()) {
            self.take_engine(msg);
        }
        self.clear_stale_status();
    }

    fn take_engine(&mut self, msg: FromEngine) {
        match msg {
            FromEngine::Row(i, info) => {
                if let Some(e) = self.engine.as_mut()
                    && !e.ready
                {
                    e.status = format!("Reading articles: {} / {}", i + 1, self.rows.len());
                }
                if let Some(r) = self.rows.get_mut(i) {
                    // The open article's row is kept current by the session itself.
                    let is_open = self.doc.as_ref().is_some_and(|d| d.index == i);
                    if is_open && let Some(cur) = r.info.as_mut() {
                        cur.ron_error = info.ron_error;
                        cur.error = info.error;
                    } else {
                        r.info = Some(info);
                    }
                }
            }
            FromEngine::Ready { learned, took } => {
                self.corpus_ready = true;
                if let Some(e) = self.engine.as_mut() {
                    e.ready = true;
                    e.status = format!(
                        "Suggestions ready (learned from {} in {:.1} s)",
                        crate::commands::count(learned, "annotated article"),
                        took.as_secs_f32()
                    );
                }
            }
            FromEngine::Suggestions {
                generation,
                article,
                list,
            } => {
                let wanted = self.engine.as_ref().map(|e| e.wanted).unwrap_or(0);
                if generation == wanted && self.doc.as_ref().is_some_and(|d| d.id == article) {
                    self.take_suggestions(list);
                    self.have_generation = generation;
                    if let Some(e) = self.engine.as_mut()
                        && e.status.starts_with("Suggestions failed")
                    {
                        e.status = "Suggestions ready".into();
                    }
                }
            }
            FromEngine::Failed {
                generation,
                article,
                error,
            } => {
                let wanted = self.engine.as_ref().map(|e| e.wanted).unwrap_or(0);
                if let Some(e) = self.engine.as_mut() {
                    e.status = format!("Suggestions failed on {article}: {error} (other articles still get them)");
                }
                if generation == wanted && self.doc.as_ref().is_some_and(|d| d.id == article) {
                    self.suggestions.clear();
                    self.cursor.current_suggestion = None;
                    self.have_generation = generation;
                }
            }
        }
    }

    /// Before the window closes: every change on disk.
    pub fn on_close(&mut self) {
        self.flush();
    }
}
