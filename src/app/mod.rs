//! The egui workbench: the only module that knows egui.
//!
//! Shape (DESIGN.md "Patterns"): the [`Session`] holds the corpus, the open article,
//! its history and the workers; the app holds view state ([`view::View`]), the
//! layout cache ([`document::DocLayout`]), preferences ([`prefs::Prefs`]) and
//! dialogs. Panels ([`list`], [`document`], [`inspector`], [`menus`], [`dialogs`])
//! read `&Session` and return [`Command`]s; [`Workbench::apply`] runs them at one
//! point in the frame, every change of the session through `Session::apply`.

pub mod arcs;
pub mod chooser;
pub mod command_table;
pub mod dialogs;
pub mod disk_watch;
pub mod document;
pub mod export_dest;
pub mod inspector;
pub mod list;
pub mod menus;
pub mod palette;
pub mod prefs;
pub mod review;
pub mod view;

pub use crate::session::NEED_SELECTION;

use crate::commands::Paths;
use crate::session::{Action, Outcome, Session, Wake};
use chooser::{ChooseKind, Chosen, FileChooser, RfdChooser, ScriptedChooser};
use command_table::{CmdId, Command};
use eframe::egui;
use prefs::Prefs;
use std::sync::{Arc, OnceLock};
use std::time::Duration;
use view::View;

const PREFS_KEY: &str = "spanbench";

/// Opens the workbench window on `paths` and runs until it is closed.
pub fn run(paths: Paths) -> Result<(), String> {
    run_with(paths, Vec::new())
}

/// Like [`run`], applying `startup` first (review mode, `--compare`).
pub fn run_with(paths: Paths, startup: Vec<Action>) -> Result<(), String> {
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("spanbench")
            .with_app_id("spanbench")
            .with_inner_size([1280.0, 800.0])
            .with_min_inner_size([420.0, 300.0]),
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
            let mut wb = Workbench::new(paths, Box::new(RfdChooser::default()), prefs);
            for a in startup {
                wb.apply(a);
            }
            let _ = wb.ctx.set(cc.egui_ctx.clone());
            Ok(Box::new(wb))
        }),
    )
    .map_err(|e| format!("cannot open the window: {e}"))
}

/// The window's state around the session.
pub struct Workbench {
    pub session: Session,
    pub view: View,
    pub prefs: Prefs,
    pub dialogs: dialogs::Dialogs,
    pub layout: document::DocLayout,
    /// Set by Quit (the window is asked to close).
    pub quit_requested: bool,
    /// Whether the article list and the inspector showed in the last frame.
    pub sides_shown: (bool, bool),
    chooser: Box<dyn FileChooser>,
    /// The egui context, once known: the session's workers wake the window through it.
    ctx: Arc<OnceLock<egui::Context>>,
    pub inspector_cache: inspector::Cache,
    /// When to look whether the open article's file changed on disk.
    pub disk_watch: disk_watch::DiskWatch,
    /// The article's panel on screen in the last frame (the picker goes beside it).
    pub article_rect: egui::Rect,
}

impl Workbench {
    /// The workbench on `paths`. Worker threads wake the window once the egui context
    /// is known (set by `run`, or by the first frame).
    pub fn new(paths: Paths, chooser: Box<dyn FileChooser>, prefs: Prefs) -> Self {
        let ctx: Arc<OnceLock<egui::Context>> = Arc::default();
        let slot = ctx.clone();
        let wake: Wake = Arc::new(move || {
            if let Some(c) = slot.get() {
                c.request_repaint();
            }
        });
        let session = Session::new(paths, wake, prefs.last_article.clone());
        let mut wb = Workbench {
            session,
            view: View::default(),
            prefs,
            dialogs: dialogs::Dialogs::default(),
            layout: document::DocLayout::default(),
            quit_requested: false,
            sides_shown: (true, true),
            chooser,
            ctx,
            inspector_cache: inspector::Cache::default(),
            disk_watch: disk_watch::DiskWatch::default(),
            article_rect: egui::Rect::NOTHING,
        };
        let opened = Outcome {
            opened_corpus: Some(wb.session.paths.clone()),
            opened_article: wb.session.doc.as_ref().map(|d| d.id.clone()),
            ..Outcome::default()
        };
        wb.take_outcome(opened);
        wb
    }

    /// A workbench for tests and scripted runs: a scripted file chooser, no window.
    pub fn headless(paths: Paths, chooser: ScriptedChooser) -> Self {
        Workbench::new(paths, Box::new(chooser), Prefs::default())
    }

    // ---- the one point where commands are applied ----------------------------------

    /// Applies one command (a table command, a session action, a dialog request).
    pub fn apply(&mut self, c: impl Into<Command>) {
        match c.into() {
            Command::Run(id) => self.run(id),
            Command::Act(a) => self.act(a),
            Command::Choose(kind) => self.choose(kind),
            Command::StartExport => self.start_export(),
            Command::OpenCorpus(paths) => self.open_corpus(paths),
        }
    }

    fn act(&mut self, a: Action) {
        let o = self.session.apply(a);
        self.take_outcome(o);
    }

    /// What the view does after a session action: scroll, remember, re-lay out.
    fn take_outcome(&mut self, o: Outcome) {
        if let Some(c) = o.scroll_to {
            self.view.scroll_to = Some(c);
        }
        if let Some(p) = o.opened_corpus {
            self.prefs.remember(&p.corpus, &p.annotations);
        }
        if let Some(id) = o.opened_article {
            self.prefs.last_article = Some(id);
            self.layout.reset();
        }
    }

    /// Runs a command of the table.
    pub fn run(&mut self, id: CmdId) {
        if let Some(a) = command_table::action(id, self.view.min_score) {
            return self.act(a);
        }
        match id {
            CmdId::OpenFiles => self.choose(ChooseKind::Files),
            CmdId::OpenFolder => self.choose(ChooseKind::Folder),
            CmdId::AnnotationsFolder => self.choose(ChooseKind::Annotations),
            CmdId::ReviewAdjudication => self.choose(ChooseKind::Review),
            CmdId::TypePath => self.dialogs.open_path_entry(ChooseKind::Folder),
            CmdId::Export => self.dialogs.open_export(),
            CmdId::Help => self.dialogs.help_open = !self.dialogs.help_open,
            CmdId::ToggleList => self.view.list = self.view.list.toggled(self.sides_shown.0),
            CmdId::ToggleInspector => self.view.inspector = self.view.inspector.toggled(self.sides_shown.1),
            CmdId::LargerText => self.prefs.step_font(1.0),
            CmdId::SmallerText => self.prefs.step_font(-1.0),
            CmdId::AllArcs => self.prefs.all_arcs = !self.prefs.all_arcs,
            CmdId::DarkTheme => {
                if let Some(ctx) = self.ctx.get() {
                    let dark = ctx.theme() == egui::Theme::Dark;
                    ctx.set_theme(if dark { egui::Theme::Light } else { egui::Theme::Dark });
                }
            }
            CmdId::Quit => {
                self.session.flush();
                self.quit_requested = true;
                if let Some(ctx) = self.ctx.get() {
                    ctx.send_viewport_cmd(egui::ViewportCommand::Close);
                }
            }
            _ => {}
        }
    }

    fn choose(&mut self, kind: ChooseKind) {
        let ctx = self.ctx.get().cloned().unwrap_or_default();
        self.chooser.request(kind, &ctx);
    }

    /// What the file chooser's answer asks for.
    fn chosen(&mut self, chosen: Chosen) -> Vec<Command> {
        match chosen {
            Chosen::Paths(kind, paths) => match kind {
                ChooseKind::Files | ChooseKind::Folder => vec![Command::OpenCorpus(paths)],
                ChooseKind::Annotations => paths
                    .into_iter()
                    .next()
                    .map(|p| Action::SetAnnotationsDir(p).into())
                    .into_iter()
                    .collect(),
                ChooseKind::Review => paths
                    .into_iter()
                    .next()
                    .map(|p| Action::OpenReview(p).into())
                    .into_iter()
                    .collect(),
                ChooseKind::ExportFile | ChooseKind::ExportFolder => {
                    if let Some(p) = paths.into_iter().next() {
                        self.dialogs.export.dest = p.to_string_lossy().to_string();
                    }
                    Vec::new()
                }
            },
            Chosen::Cancelled(_) => Vec::new(),
            Chosen::Unavailable(kind) => {
                self.dialogs.open_path_entry(kind);
                vec![
                    Action::Say(
                        "No file dialog could be shown here (no desktop portal or zenity): type the path instead."
                            .into(),
                    )
                    .into(),
                ]
            }
        }
    }

    /// Opens a corpus with the annotations folder remembered for it, or its own default.
    pub fn open_corpus(&mut self, corpus: Vec<std::path::PathBuf>) {
        let annotations = self
            .prefs
            .annotations_for(&corpus)
            .unwrap_or_else(|| crate::session::default_annotations(&corpus));
        self.act(Action::OpenCorpus(Paths { corpus, annotations }));
    }

    fn start_export(&mut self) {
        let d = &mut self.dialogs.export;
        let Some((format, dest, selection, options)) = d.request() else {
            return;
        };
        let job = self.session.start_export(format, dest, selection, options);
        self.dialogs.export.begin(job);
    }

    /// Collects what the workers finished since the last frame; the file chooser's
    /// answer comes back as commands.
    pub fn poll(&mut self) -> Vec<Command> {
        self.session.poll();
        self.dialogs.export.poll();
        match self.chooser.poll() {
            Some(chosen) => self.chosen(chosen),
            None => Vec::new(),
        }
    }

    // ---- keyboard ---------------------------------------------------------------------

    /// Caret keys (arrows, Home/End, with Shift to extend and Ctrl to jump words;
    /// PageUp / PageDown without Ctrl or Alt scroll a page), turned into caret moves
    /// with the layout's help.
    fn caret_keys(&mut self, ctx: &egui::Context) -> Vec<Command> {
        let mut out = Vec::new();
        let Some(text) = self.session.doc.as_ref().map(|d| d.text.clone()) else {
            return out;
        };
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
                ) || (matches!(key, egui::Key::PageUp | egui::Key::PageDown)
                    && !(modifiers.command || modifiers.ctrl || modifiers.alt)) =>
                {
                    if *pressed {
                        moves.push((*key, *modifiers));
                    }
                    false
                }
                _ => true,
            })
        });
        let len = text.len_chars();
        let mut c = self.session.cursor.caret.min(len);
        for (key, m) in moves {
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
                egui::Key::PageDown => self.layout.page_move(ctx, c, 1),
                egui::Key::PageUp => self.layout.page_move(ctx, c, -1),
                _ => c,
            };
            out.push(
                Action::MoveCaret {
                    to: next,
                    extend: m.shift,
                    exact: m.alt,
                }
                .into(),
            );
            c = next;
        }
        out
    }

    // ---- the frame ----------------------------------------------------------------------

    pub fn ui(&mut self, ui: &mut egui::Ui) {
        let ctx = ui.ctx().clone();
        let _ = self.ctx.set(ctx.clone());
        let mut cmds = self.poll();
        if self.disk_watch.due(&ctx) {
            cmds.push(Command::Act(Action::CheckDisk));
        }
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
            cmds.extend(self.caret_keys(&ctx));
        }
        if self.session.bulk.is_some() {
            // The bulk-accept check is open: Enter confirms it, Esc cancels it.
            ctx.input_mut(|i| {
                if i.consume_key(egui::Modifiers::NONE, egui::Key::Enter) {
                    cmds.push(Action::ConfirmBulk.into());
                }
                if i.consume_key(egui::Modifiers::NONE, egui::Key::Escape) {
                    cmds.push(Action::CancelBulk.into());
                }
            });
        }
        cmds.extend(command_table::pressed(&ctx, text_focused).into_iter().map(Command::Run));

        let s = &self.session;
        cmds.extend(menus::menu_bar(ui, &self.prefs));
        cmds.extend(menus::toolbar(ui, s));
        cmds.extend(review::show(ui, s));
        menus::status_bar(ui, s);
        let (list_w, inspector_w) = view::side_widths(ui.available_width(), self.view.list, self.view.inspector);
        self.sides_shown = (list_w.is_some(), inspector_w.is_some());
        if let Some(w) = list_w {
            cmds.extend(list::show(ui, s, w, &mut self.view.sort_weakest));
        }
        if let Some(w) = inspector_w {
            cmds.extend(inspector::show(ui, s, &mut self.view, &mut self.inspector_cache, w));
        }
        let current_speaker = s.cursor.current_suggestion.and_then(|k| s.suggested_speaker(k));
        let central = egui::CentralPanel::default().show(ui, |ui| {
            if let Some(doc) = &s.doc {
                if let Some(err) = &doc.read_only {
                    egui::Frame::new()
                        .fill(egui::Color32::from_rgb(120, 20, 20))
                        .inner_margin(6.0)
                        .show(ui, |ui| {
                            ui.colored_label(
                                egui::Color32::WHITE,
                                format!("Read-only: spanbench will not write this article's annotations file.\n{err}"),
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
                        cursor: &s.cursor,
                        scroll_to: self.view.scroll_to,
                        suggestions: &s.suggestions,
                        font_size: self.prefs.font_size(),
                        marks: &review::marks(s),
                        current_speaker: current_speaker.as_ref(),
                        all_arcs: self.prefs.all_arcs,
                    },
                );
                cmds.extend(out.into_iter().map(Command::Act));
            } else {
                ui.centered_and_justified(|ui| {
                    ui.label("No article open. File > Open file(s)... or Open folder...");
                });
            }
        });
        self.article_rect = central.response.rect;
        self.view.scroll_to = None;
        let claim_rects = match (s.cursor.picking_speaker, &s.doc) {
            (Some(c), Some(d)) => d
                .ann
                .span(c)
                .map(|c| self.layout.range_screen_rects(&ctx, c.start, c.end))
                .unwrap_or_default(),
            _ => Vec::new(),
        };
        let picker = dialogs::PickerPlace {
            claim_rects: &claim_rects,
            article: self.article_rect,
        };
        cmds.extend(dialogs::show(&ctx, s, &mut self.dialogs, picker));
        let any = !cmds.is_empty();
        for c in cmds {
            self.apply(c);
        }
        if any {
            ctx.request_repaint();
        }
        if matches!(self.session.save_state(), crate::session::saver::SaveState::Saving) {
            ctx.request_repaint_after(Duration::from_millis(100));
        }
    }

    /// Before the window closes: every change on disk.
    pub fn on_close(&mut self) {
        self.session.on_close();
    }
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
