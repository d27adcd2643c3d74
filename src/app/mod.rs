//! The egui workbench. The only module that knows egui.
//!
//! Shape (DESIGN.md "Patterns"): the annotations of the open article are the model
//! ([`state::Doc`]); caret, selection, scroll and the cached layout are view state.
//! Panels ([`list`], [`document`], [`inspector`], [`menus`], [`dialogs`]) read the
//! state and return [`Command`]s; [`Workbench::apply`] is the one place that turns
//! them into model [`Edit`]s through `Annotations::apply`, keeps the inverse on the
//! article's undo stack, and hands the result to the [`saver::Saver`] and the
//! suggestion engine.

pub mod chooser;
pub mod commands;
pub mod dialogs;
pub mod document;
pub mod engine;
pub mod export_dest;
pub mod inspector;
pub mod list;
pub mod menus;
pub mod palette;
pub mod saver;
pub mod state;
pub mod status;

use crate::commands::Paths;
use crate::corpus;
use crate::model::{Annotations, Edit, Label, Origin, Rejected, Relation, SpanId, Status};
use crate::store::Store;
use crate::suggest::Suggestion;
use crate::text::TextIndex;
use chooser::{ChooseKind, Chosen, FileChooser, RfdChooser, ScriptedChooser};
use commands::{CmdId, Command};
use eframe::egui;
use engine::{EngineWorker, FromEngine, SuggestFn};
use saver::{SaveState, Saver};
use state::{Doc, History, Prefs, Row, View};
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

/// The edits that accept one suggestion, and the speaker range still to link.
type AcceptEdits = (Vec<Edit>, Option<(usize, usize)>);

const PREFS_KEY: &str = "spanbench";

/// The hint when A / C / L are pressed with only a caret.
pub const NEED_SELECTION: &str = "Select text first (Shift+arrows or drag), then A / C / L";

/// Opens the workbench window on `paths` and runs until it is closed.
pub fn run(paths: Paths) -> Result<(), String> {
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("spanbench")
            .with_app_id("spanbench")
            .with_inner_size([1280.0, 800.0])
            .with_min_inner_size([640.0, 400.0]),
        ..Default::default()
    };
    eframe::run_native(
        "spanbench",
        options,
        Box::new(move |cc| {
            let prefs: Prefs = cc
                .storage
                .and_then(|s| eframe::get_value(s, PREFS_KEY))
                .unwrap_or_default();
            Ok(Box::new(Workbench::new(
                paths,
                Box::new(RfdChooser::default()),
                Some(cc.egui_ctx.clone()),
                prefs,
            )))
        }),
    )
    .map_err(|e| format!("cannot open the window: {e}"))
}

/// The workbench state.
pub struct Workbench {
    pub paths: Paths,
    pub store: Store,
    pub rows: Vec<Row>,
    pub load_errors: Vec<corpus::LoadError>,
    pub doc: Option<Doc>,
    pub view: View,
    pub suggestions: Vec<Suggestion>,
    pub histories: HashMap<String, History>,
    pub prefs: Prefs,
    /// A short message for the status bar (the last refusal or hint).
    pub message: Option<String>,
    pub dialogs: dialogs::Dialogs,
    pub layout: document::DocLayout,
    saver: Saver,
    engine: Option<EngineWorker>,
    /// Replaces the engine's own suggestions (tests inject failing suggesters here).
    suggester: Option<SuggestFn>,
    chooser: Box<dyn FileChooser>,
    ctx: Option<egui::Context>,
    /// Claims accepted from a suggestion whose speaker was not an ACTOR yet: the
    /// speaker's range, linked when that actor is tagged.
    pending_speakers: HashMap<SpanId, (usize, usize)>,
    /// The current suggestion as (start, end, label), kept across list refreshes.
    current_key: Option<(usize, usize, Label)>,
    inspector_cache: inspector::Cache,
    corpus_ready: bool,
    have_generation: u64,
}

impl Workbench {
    /// The workbench on `paths`. `repaint` (the egui context) lets worker threads wake
    /// the window; tests pass `None` and step the harness.
    pub fn new(paths: Paths, chooser: Box<dyn FileChooser>, repaint: Option<egui::Context>, prefs: Prefs) -> Self {
        let mut wb = Workbench {
            store: Store::new(paths.annotations.clone()),
            paths: paths.clone(),
            rows: Vec::new(),
            load_errors: Vec::new(),
            doc: None,
            view: View {
                min_score: state::DEFAULT_MIN_SCORE,
                ..View::default()
            },
            suggestions: Vec::new(),
            histories: HashMap::new(),
            prefs,
            message: None,
            dialogs: dialogs::Dialogs::default(),
            layout: document::DocLayout::default(),
            saver: Saver::new(repaint.clone()),
            engine: None,
            suggester: None,
            chooser,
            ctx: repaint,
            pending_speakers: HashMap::new(),
            current_key: None,
            inspector_cache: inspector::Cache::default(),
            corpus_ready: false,
            have_generation: 0,
        };
        wb.open_corpus(paths.corpus);
        wb
    }

    /// A workbench for tests and scripted runs: a scripted file chooser, no window.
    pub fn headless(paths: Paths, chooser: ScriptedChooser) -> Self {
        Workbench::new(paths, Box::new(chooser), None, Prefs::default())
    }

    // ---- queries -----------------------------------------------------------------

    pub fn save_state(&self) -> SaveState {
        self.saver.state()
    }

    pub fn current_index(&self) -> Option<usize> {
        self.doc.as_ref().map(|d| d.index)
    }

    pub fn engine_status(&self) -> &str {
        self.engine.as_ref().map(|e| e.status.as_str()).unwrap_or("")
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

    // ---- waiting (tests, closing) ---------------------------------------------------

    /// Waits until every change sent to the saver is on disk.
    pub fn flush(&mut self) {
        self.saver.flush();
    }

    /// Waits (up to 20 s) until the corpus walk is done.
    pub fn wait_for_corpus(&mut self) {
        let deadline = std::time::Instant::now() + Duration::from_secs(20);
        while !self.corpus_ready && std::time::Instant::now() < deadline {
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

    /// Waits (up to 20 s) until the suggestions of the newest request have arrived.
    pub fn wait_for_suggestions(&mut self) -> bool {
        let deadline = std::time::Instant::now() + Duration::from_secs(20);
        loop {
            let Some(e) = self.engine.as_ref() else { return false };
            let wanted = e.wanted;
            if self.have_generation >= wanted && self.corpus_ready {
                return true;
            }
            if std::time::Instant::now() > deadline {
                return false;
            }
            if let Some(msg) = e.recv_timeout(Duration::from_millis(50)) {
                self.take_engine(msg);
            }
        }
    }

    // ---- the corpus and articles ------------------------------------------------------

    /// Opens a corpus (files and folders): lists it at once, walks it in the background.
    pub fn open_corpus(&mut self, paths: Vec<PathBuf>) {
        self.leave_article();
        let (entries, errors) = corpus::discover(&paths);
        self.paths.corpus = paths.clone();
        self.rows = entries.iter().cloned().map(|entry| Row { entry, info: None }).collect();
        self.load_errors = errors;
        self.doc = None;
        self.suggestions.clear();
        self.histories.clear();
        self.start_engine();
        self.prefs.remember(&paths);
        let first = self
            .prefs
            .last_article
            .as_ref()
            .and_then(|id| self.rows.iter().position(|r| &r.entry.id == id))
            .unwrap_or(0);
        if !self.rows.is_empty() {
            self.open_article(first);
        }
        if self.rows.is_empty() && self.load_errors.is_empty() {
            self.message = Some("No .txt articles here: File > Open file(s)... or Open folder...".into());
        }
    }

    fn start_engine(&mut self) {
        self.corpus_ready = false;
        self.have_generation = 0;
        let entries: Vec<corpus::Entry> = self.rows.iter().map(|r| r.entry.clone()).collect();
        self.engine = Some(EngineWorker::start(
            entries,
            self.store.clone(),
            self.ctx.clone(),
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
    pub fn set_annotations_dir(&mut self, dir: PathBuf) {
        self.leave_article();
        self.store = Store::new(dir.clone());
        self.paths.annotations = dir;
        self.histories.clear();
        for r in &mut self.rows {
            r.info = None;
        }
        self.start_engine();
        let at = self.current_index().unwrap_or(0);
        self.doc = None;
        if !self.rows.is_empty() {
            self.open_article(at.min(self.rows.len() - 1));
        }
    }

    /// Saves what is pending for the open article and waits for it.
    fn leave_article(&mut self) {
        self.saver.flush();
    }

    /// Opens article `i` (saving the open one first).
    pub fn open_article(&mut self, i: usize) {
        if i >= self.rows.len() {
            return;
        }
        self.leave_article();
        let entry = self.rows[i].entry.clone();
        let article = match entry.read() {
            Ok(a) => a,
            Err(e) => {
                self.message = Some(format!("Cannot open: {e}"));
                return;
            }
        };
        let text = Arc::new(TextIndex::new(article.text.clone()));
        let (ann, read_only, notice) = match self.store.open(&article, &text) {
            Ok(opened) => {
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
                Some(e.to_string()),
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
            version: 1,
        });
        self.view.reset();
        self.view.scroll_to = Some(0);
        self.suggestions.clear();
        self.pending_speakers.clear();
        self.current_key = None;
        self.layout.reset();
        self.prefs.last_article = Some(article.id);
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

    fn request_suggestions(&mut self) {
        let (Some(doc), Some(e)) = (&self.doc, self.engine.as_mut()) else {
            return;
        };
        e.request(&doc.text, &doc.ann);
    }

    // ---- background results -------------------------------------------------------

    fn take_engine(&mut self, msg: FromEngine) {
        match msg {
            FromEngine::Row(i, info) => {
                if let Some(e) = self.engine.as_mut()
                    && !e.ready
                {
                    e.status = format!("Reading articles: {} / {}", i + 1, self.rows.len());
                }
                if let Some(r) = self.rows.get_mut(i) {
                    // The open article's row is kept current by the app itself.
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
                        "Suggestions ready (learned from {learned} annotated article(s) in {:.1} s)",
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
                    self.suggestions = list;
                    self.have_generation = generation;
                    self.view.current_suggestion = self.current_key.and_then(|(s, e, l)| {
                        self.suggestions
                            .iter()
                            .position(|x| (x.start, x.end, x.label) == (s, e, l))
                            .or_else(|| self.suggestions.iter().position(|x| x.start >= s))
                    });
                    if let Some(k) = self.view.current_suggestion
                        && !self.suggestion_open(k)
                    {
                        self.view.current_suggestion = self.next_open_suggestion(k, 1);
                    }
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
                    self.view.current_suggestion = None;
                    self.have_generation = generation;
                }
            }
        }
    }

    /// Collects what the workers finished since the last frame.
    pub fn poll(&mut self) {
        self.saver.poll();
        while let Some(msg) = self.engine.as_ref().and_then(|e| e.try_recv()) {
            self.take_engine(msg);
        }
        if let Some(chosen) = self.chooser.poll() {
            self.take_chosen(chosen);
        }
        self.dialogs.export.poll();
    }

    fn take_chosen(&mut self, chosen: Chosen) {
        match chosen {
            Chosen::Paths(kind, paths) => match kind {
                ChooseKind::Files | ChooseKind::Folder => self.open_corpus(paths),
                ChooseKind::Annotations => {
                    if let Some(p) = paths.into_iter().next() {
                        self.set_annotations_dir(p);
                    }
                }
                ChooseKind::ExportFile | ChooseKind::ExportFolder => {
                    if let Some(p) = paths.into_iter().next() {
                        self.dialogs.export.dest = p.to_string_lossy().to_string();
                    }
                }
            },
            Chosen::Cancelled(_) => {}
            Chosen::Unavailable(kind) => {
                self.message = Some(
                    "No file dialog could be shown here (no desktop portal or zenity): type the path instead.".into(),
                );
                self.dialogs.open_path_entry(kind);
            }
        }
    }

    /// Asks the file chooser for an export destination.
    pub fn choose_for_export(&mut self, kind: ChooseKind) {
        self.choose(kind);
    }

    fn choose(&mut self, kind: ChooseKind) {
        let ctx = self.ctx.clone().unwrap_or_default();
        self.chooser.request(kind, &ctx);
    }

    // ---- applying commands (the one place the model changes) ---------------------------

    /// Applies one edit to the open article: undo stack, save, re-learn, suggestions.
    pub fn edit(&mut self, e: Edit) -> bool {
        let Some(doc) = self.doc.as_mut() else { return false };
        if doc.read_only.is_some() {
            self.message =
                Some("This article is read-only because its annotations file is broken (see the banner).".into());
            return false;
        }
        let e = if doc.ann.status == Status::New && !matches!(e, Edit::SetStatus(_)) {
            Edit::Batch(vec![e, Edit::SetStatus(Status::InProgress)])
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
        doc.version += 1;
        self.saver.save(&self.store, &doc.ann);
        if let Some(e) = &self.engine {
            e.learn(&doc.text, &doc.ann);
        }
        if let Some(info) = self.rows.get_mut(doc.index).and_then(|r| r.info.as_mut()) {
            info.counts = doc.ann.counts();
            info.status = doc.ann.status;
        }
        if let Some(id) = self.view.selected_span
            && doc.ann.span(id).is_none()
        {
            self.view.selected_span = None;
        }
        self.message = None;
        self.request_suggestions();
    }

    fn undo(&mut self, redo: bool) {
        let Some(doc) = self.doc.as_mut() else { return };
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

    pub fn apply(&mut self, cmd: Command) {
        match cmd {
            Command::Run(id) => self.run(id),
            Command::Tag(l) => self.tag(l),
            Command::OpenArticle(i) => self.open_article(i),
            Command::SelectSpan(id) => self.select_span(id),
            Command::DeleteSpanId(id) => {
                self.edit(Edit::RemoveSpan(id));
            }
            Command::Link(r) => {
                self.edit(Edit::Link(r));
                self.view.picking_speaker = None;
            }
            Command::Unlink(r) => {
                self.edit(Edit::Unlink(r));
            }
            Command::SetStatus(s) => {
                self.edit(Edit::SetStatus(s));
            }
            Command::Select { anchor, caret, exact } => {
                self.view.anchor = Some(anchor);
                self.view.caret = caret;
                self.view.exact = exact;
                self.view.selected_span = None;
            }
            Command::SetCaret(c) => {
                self.view.caret = c;
                self.view.anchor = None;
                self.view.selected_span = None;
            }
            Command::FocusSuggestion(k) => self.focus_suggestion(k),
            Command::AcceptSuggestion(k) => self.accept(k),
            Command::RejectSuggestion(k) => self.reject(k),
            Command::AcceptAll { label, min_score } => self.accept_all(label, min_score),
            Command::OpenRecent(p) => self.open_corpus(p),
            Command::CancelSpeaker => self.view.picking_speaker = None,
        }
    }

    pub fn run(&mut self, id: CmdId) {
        match id {
            CmdId::TagActor => self.tag(Label::Actor),
            CmdId::TagClaim => self.tag(Label::Claim),
            CmdId::TagLocation => self.tag(Label::Location),
            CmdId::DeleteSpan => match self.view.selected_span {
                Some(id) => {
                    self.edit(Edit::RemoveSpan(id));
                }
                None => self.message = Some("Select a span first (click it, or pick it in the inspector)".into()),
            },
            CmdId::PickSpeaker => {
                let claim = self.view.selected_span.filter(|id| {
                    self.doc
                        .as_ref()
                        .and_then(|d| d.ann.span(*id))
                        .is_some_and(|s| s.label == Label::Claim)
                });
                match claim {
                    Some(c) => {
                        self.view.picking_speaker = Some(c);
                        self.message =
                            Some("Click the speaker (an ACTOR) or choose one from the list; Esc cancels".into());
                    }
                    None => self.message = Some("Select a CLAIM first, then press S to pick its speaker".into()),
                }
            }
            CmdId::Undo => self.undo(false),
            CmdId::Redo | CmdId::RedoAlt => self.undo(true),
            CmdId::NextArticle => {
                if let Some(i) = self.current_index()
                    && i + 1 < self.rows.len()
                {
                    self.open_article(i + 1);
                }
            }
            CmdId::PrevArticle => {
                if let Some(i) = self.current_index()
                    && i > 0
                {
                    self.open_article(i - 1);
                }
            }
            CmdId::MarkDone => {
                if self.edit(Edit::SetStatus(Status::Done)) {
                    let cur = self.current_index().unwrap_or(0);
                    let n = self.rows.len();
                    let next = (1..n).map(|k| (cur + k) % n).find(|&j| {
                        !self.rows[j].is_done() && self.rows[j].info.as_ref().is_none_or(|i| i.error.is_none())
                    });
                    match next {
                        Some(j) => self.open_article(j),
                        None => self.message = Some("Every article is done.".into()),
                    }
                }
            }
            CmdId::NextSuggestion | CmdId::PrevSuggestion => {
                let dir = if id == CmdId::NextSuggestion { 1 } else { -1 };
                let from = match self.view.current_suggestion {
                    Some(k) => k as i64,
                    None => {
                        let c = self.view.caret;
                        if dir > 0 {
                            self.suggestions.partition_point(|s| s.start < c) as i64 - 1
                        } else {
                            self.suggestions.partition_point(|s| s.start < c) as i64
                        }
                    }
                };
                match self.next_open_suggestion_from(from, dir) {
                    Some(k) => self.focus_suggestion(k),
                    None => self.message = Some("No open suggestions in this article".into()),
                }
            }
            CmdId::AcceptSuggestion => match self.view.current_suggestion {
                Some(k) => self.accept(k),
                None => self.message = Some("Tab to a suggestion first".into()),
            },
            CmdId::RejectSuggestion => match self.view.current_suggestion {
                Some(k) => self.reject(k),
                None => self.message = Some("Tab to a suggestion first".into()),
            },
            CmdId::ClearSelection => {
                self.view.anchor = None;
                self.view.selected_span = None;
                self.view.picking_speaker = None;
                self.view.current_suggestion = None;
                self.current_key = None;
            }
            CmdId::OpenFiles => self.choose(ChooseKind::Files),
            CmdId::OpenFolder => self.choose(ChooseKind::Folder),
            CmdId::AnnotationsFolder => self.choose(ChooseKind::Annotations),
            CmdId::TypePath => self.dialogs.open_path_entry(ChooseKind::Folder),
            CmdId::Export => self.dialogs.open_export(),
            CmdId::SaveNow => self.saver.flush(),
            CmdId::Help => self.dialogs.help_open = !self.dialogs.help_open,
        }
    }

    fn select_span(&mut self, id: SpanId) {
        let Some(doc) = &self.doc else { return };
        let Some(span) = doc.ann.span(id) else { return };
        if let Some(claim) = self.view.picking_speaker {
            if span.label == Label::Actor {
                self.edit(Edit::Link(Relation::said_by(claim, id)));
                self.view.picking_speaker = None;
                self.view.selected_span = Some(claim);
            } else {
                self.message = Some("A speaker must be an ACTOR span".into());
            }
            return;
        }
        self.view.selected_span = Some(id);
        self.view.anchor = None;
        self.view.caret = span.start;
        self.view.scroll_to = Some(span.start);
    }

    /// A / C / L: relabel the selected span, or tag the selection (a bare caret does nothing).
    fn tag(&mut self, label: Label) {
        let Some(doc) = &self.doc else { return };
        if let Some(id) = self.view.selected_span
            && doc.ann.span(id).is_some()
        {
            self.edit(Edit::Relabel { id, label });
            return;
        }
        let Some((s, e)) = self.view.selection(&doc.text) else {
            self.message = Some(NEED_SELECTION.into());
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
                    self.view.selected_span = Some(id);
                    self.view.anchor = None;
                    self.view.caret = end;
                }
            }
            Err(err) => self.message = Some(format!("Not tagged: {err}")),
        }
    }

    /// Links for claims (accepted from suggestions) waiting for an actor at `[s, e)`.
    fn pending_links_for(&self, s: usize, e: usize, actor: SpanId) -> Vec<Edit> {
        let Some(doc) = &self.doc else { return Vec::new() };
        let mut claims: Vec<SpanId> = self
            .pending_speakers
            .iter()
            .filter(|(c, r)| **r == (s, e) && doc.ann.span(**c).is_some_and(|x| x.label == Label::Claim))
            .map(|(c, _)| *c)
            .collect();
        claims.sort();
        claims
            .into_iter()
            .map(|c| Edit::Link(Relation::said_by(c, actor)))
            .collect()
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

    fn focus_suggestion(&mut self, k: usize) {
        let Some(s) = self.suggestions.get(k) else { return };
        self.view.current_suggestion = Some(k);
        self.current_key = Some((s.start, s.end, s.label));
        self.view.caret = s.start;
        self.view.anchor = None;
        self.view.selected_span = None;
        self.view.scroll_to = Some(s.start);
    }

    fn advance_after(&mut self, k: usize) {
        match self.next_open_suggestion(k + 1, 1).filter(|&j| j > k) {
            Some(j) => self.focus_suggestion(j),
            None => {
                self.view.current_suggestion = None;
                self.current_key = None;
            }
        }
    }

    /// The edits that accept suggestion `s` with span id `id` (plus its speaker link).
    fn accept_edits(
        &self,
        s: &Suggestion,
        id: SpanId,
        extra_actors: &HashMap<(usize, usize), SpanId>,
    ) -> Option<AcceptEdits> {
        let doc = self.doc.as_ref()?;
        let mut span = doc
            .ann
            .new_span(
                &doc.text,
                s.label,
                s.start,
                s.end,
                Origin::Suggested(s.source.to_string()),
            )
            .ok()?;
        span.id = id;
        let mut edits = vec![Edit::AddSpan(span.clone())];
        let mut pending = None;
        if s.label == Label::Claim
            && let Some((ps, pe)) = s.speaker
        {
            let actor = doc
                .ann
                .find(Label::Actor, ps, pe)
                .map(|a| a.id)
                .or(extra_actors.get(&(ps, pe)).copied());
            match actor {
                Some(a) => edits.push(Edit::Link(Relation::said_by(id, a))),
                None => pending = Some((ps, pe)),
            }
        }
        if s.label == Label::Actor {
            edits.extend(self.pending_links_for(span.start, span.end, id));
        }
        Some((edits, pending))
    }

    fn accept(&mut self, k: usize) {
        if !self.suggestion_open(k) {
            return;
        }
        let s = self.suggestions[k].clone();
        let Some(id) = self.doc.as_ref().map(|d| d.ann.next_id()) else {
            return;
        };
        let Some((mut edits, pending)) = self.accept_edits(&s, id, &HashMap::new()) else {
            self.message = Some("This suggestion no longer fits the text".into());
            return;
        };
        let e = if edits.len() == 1 {
            edits.pop().unwrap()
        } else {
            Edit::Batch(edits)
        };
        if self.edit(e) {
            if let Some(r) = pending {
                self.pending_speakers.insert(id, r);
            }
            self.advance_after(k);
        }
    }

    fn reject(&mut self, k: usize) {
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

    /// Accepts every open suggestion with `label` (any when `None`) scoring at least
    /// `min_score`, as one undo step.
    fn accept_all(&mut self, label: Option<Label>, min_score: f32) {
        let Some(base) = self.doc.as_ref().map(|d| d.ann.next_id()) else {
            return;
        };
        let picked: Vec<Suggestion> = (0..self.suggestions.len())
            .filter(|&k| self.suggestion_open(k))
            .map(|k| self.suggestions[k].clone())
            .filter(|s| label.is_none_or(|l| s.label == l) && s.score >= min_score)
            .collect();
        // Actors first, so claims in the same batch can link to them.
        let mut order: Vec<&Suggestion> = picked.iter().filter(|s| s.label == Label::Actor).collect();
        order.extend(picked.iter().filter(|s| s.label != Label::Actor));
        let mut edits = Vec::new();
        let mut actors: HashMap<(usize, usize), SpanId> = HashMap::new();
        let mut seen = std::collections::HashSet::new();
        let mut pendings = Vec::new();
        let mut id = base;
        for s in order {
            let Some((e, pending)) = self.accept_edits(s, id, &actors) else {
                continue;
            };
            let Edit::AddSpan(span) = &e[0] else { continue };
            if !seen.insert((span.label, span.start, span.end)) {
                continue;
            }
            if span.label == Label::Actor {
                actors.insert((span.start, span.end), id);
            }
            if let Some(r) = pending {
                pendings.push((id, r));
            }
            edits.extend(e);
            id += 1;
        }
        if edits.is_empty() {
            self.message = Some("No open suggestions match".into());
            return;
        }
        let n = id - base;
        if self.edit(Edit::Batch(edits)) {
            self.pending_speakers.extend(pendings);
            self.message = Some(format!(
                "Accepted {n} suggestion(s) as one step (Ctrl+Z undoes them all)"
            ));
            self.view.current_suggestion = None;
            self.current_key = None;
        }
    }

    // ---- keyboard ---------------------------------------------------------------------

    /// Caret keys (arrows, Home/End, with Shift to extend and Ctrl to jump words).
    fn caret_keys(&mut self, ctx: &egui::Context) {
        let Some(doc) = &self.doc else { return };
        let mut moves = Vec::new();
        ctx.input_mut(|i| {
            i.events.retain(|e| match e {
                egui::Event::Key {
                    key,
                    pressed,
                    modifiers,
                    ..
                } if matches!(
                    key,
                    egui::Key::ArrowLeft
                        | egui::Key::ArrowRight
                        | egui::Key::ArrowUp
                        | egui::Key::ArrowDown
                        | egui::Key::Home
                        | egui::Key::End
                ) =>
                {
                    if *pressed {
                        moves.push((*key, *modifiers));
                    }
                    false
                }
                _ => true,
            })
        });
        if moves.is_empty() {
            return;
        }
        let text = doc.text.clone();
        let len = text.len_chars();
        for (key, m) in moves {
            let c = self.view.caret.min(len);
            let word = m.ctrl || m.command;
            let is_word = |k: usize| text.char_at(k).is_some_and(char::is_alphanumeric);
            let next = match key {
                egui::Key::ArrowLeft if word => {
                    let mut k = c;
                    while k > 0 && !is_word(k - 1) {
                        k -= 1;
                    }
                    while k > 0 && is_word(k - 1) {
                        k -= 1;
                    }
                    k
                }
                egui::Key::ArrowRight if word => {
                    let mut k = c;
                    while k < len && !is_word(k) {
                        k += 1;
                    }
                    while k < len && is_word(k) {
                        k += 1;
                    }
                    k
                }
                egui::Key::ArrowLeft => c.saturating_sub(1),
                egui::Key::ArrowRight => (c + 1).min(len),
                egui::Key::ArrowUp => self.layout.vertical_move(ctx, c, -1),
                egui::Key::ArrowDown => self.layout.vertical_move(ctx, c, 1),
                egui::Key::Home if word => 0,
                egui::Key::End if word => len,
                egui::Key::Home => self.layout.row_edge(ctx, c, false),
                egui::Key::End => self.layout.row_edge(ctx, c, true),
                _ => c,
            };
            if m.shift {
                if self.view.anchor.is_none() {
                    self.view.anchor = Some(c);
                    self.view.exact = m.alt;
                }
            } else {
                self.view.anchor = None;
            }
            self.view.selected_span = None;
            self.view.caret = next;
            self.view.scroll_to = Some(next);
        }
    }

    // ---- the frame ----------------------------------------------------------------------

    pub fn ui(&mut self, ui: &mut egui::Ui) {
        let ctx = ui.ctx().clone();
        if self.ctx.is_none() {
            self.ctx = Some(ctx.clone());
        }
        self.poll();
        self.clear_stale_status();
        palette::ensure(&ctx);

        // Keyboard first: Esc closes a dialog; the document keeps focus unless a text field has it.
        self.dialogs.close_on_escape(&ctx);
        let text_focused = ctx.text_edit_focused();
        if !text_focused {
            let id = document::doc_id();
            ctx.memory_mut(|m| {
                m.request_focus(id);
                m.set_focus_lock_filter(
                    id,
                    egui::EventFilter {
                        tab: true,
                        horizontal_arrows: true,
                        vertical_arrows: true,
                        ..Default::default()
                    },
                );
            });
            self.caret_keys(&ctx);
        }
        for id in commands::pressed(&ctx, text_focused) {
            self.run(id);
        }

        let mut cmds = Vec::new();
        cmds.extend(menus::menu_bar(ui, self));
        cmds.extend(menus::toolbar(ui, self));
        cmds.extend(menus::status_bar(ui, self));
        cmds.extend(list::show(ui, self));
        cmds.extend(inspector::show(ui, self));
        egui::CentralPanel::default().show(ui, |ui| {
            if let Some(doc) = &self.doc {
                if let Some(err) = &doc.read_only {
                    egui::Frame::new()
                        .fill(egui::Color32::from_rgb(120, 20, 20))
                        .inner_margin(6.0)
                        .show(ui, |ui| {
                            ui.colored_label(
                                egui::Color32::WHITE,
                                format!(
                                    "Read-only: the annotations file does not load, so spanbench will not write it.\n{err}"
                                ),
                            );
                        });
                }
                if let Some(n) = &doc.notice {
                    ui.colored_label(egui::Color32::from_rgb(200, 140, 0), n);
                }
                let out = document::show(
                    ui,
                    &mut self.layout,
                    document::DocInput {
                        doc,
                        view: &self.view,
                        suggestions: &self.suggestions,
                        font_size: self.prefs.font_size.unwrap_or(16.0),
                    },
                );
                cmds.extend(out);
            } else {
                ui.centered_and_justified(|ui| {
                    ui.label("No article open. File > Open file(s)... or Open folder...");
                });
            }
        });
        self.view.scroll_to = None;
        cmds.extend(dialogs::show(&ctx, self));
        let any = !cmds.is_empty();
        for c in cmds {
            self.apply(c);
        }
        if any {
            ctx.request_repaint();
        }
        if matches!(self.saver.state(), SaveState::Saving) {
            ctx.request_repaint_after(Duration::from_millis(100));
        }
    }

    /// Before the window closes: every change on disk.
    pub fn on_close(&mut self) {
        self.saver.flush();
    }
}

/// The units the document view lays out: the lines of each paragraph (trimmed), so a
/// long article without blank lines never becomes one giant galley.
pub fn layout_units(text: &TextIndex) -> Vec<std::ops::Range<usize>> {
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

impl eframe::App for Workbench {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        Workbench::ui(self, ui);
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, PREFS_KEY, &self.prefs);
    }

    fn on_exit(&mut self, _gl: Option<&eframe::glow::Context>) {
        self.on_close();
    }
}
