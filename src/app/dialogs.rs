//! Windows: help (guidelines + shortcut sheet), export, typed path, speaker picker.

use super::Workbench;
use super::chooser::ChooseKind;
use super::commands::{self, CmdId, Command};
use super::palette::label_text;
use crate::export::{self, ExportOptions, ExportSummary, Format, Selection};
use crate::model::{Label, Relation, Status};
use crate::store::Store;
use crate::text::{head, tail};
use eframe::egui;
use std::path::PathBuf;
use std::sync::mpsc::{Receiver, channel};

pub const GUIDELINES: &str = include_str!("../../assets/GUIDELINES.md");

/// The guidelines as the analyst reads them in Help: without the sentence addressed to
/// developers ("Show them in the app ... auto-tagger.").
pub fn analyst_guidelines() -> String {
    let src = GUIDELINES;
    let Some(a) = src.find("Show them in the app") else {
        return src.to_string();
    };
    let rest = tail(src, a);
    let end = [rest.find(". "), rest.find(".\n")]
        .into_iter()
        .flatten()
        .min()
        .map_or(src.len(), |e| a + e + 1);
    let mut out = head(src, a).trim_end_matches([' ', '\n']).to_string();
    out.push_str(tail(src, end));
    out
}

#[derive(Default)]
pub struct Dialogs {
    pub help_open: bool,
    pub export: ExportDialog,
    /// Typing a path: what for, and the text so far.
    pub path_entry: Option<(ChooseKind, String)>,
    /// The text field of a dialog just opened takes the keyboard on its first frame.
    pub focus_field: bool,
}

impl Dialogs {
    pub fn open_path_entry(&mut self, kind: ChooseKind) {
        match kind {
            ChooseKind::ExportFile | ChooseKind::ExportFolder => {
                self.open_export();
                self.export.note = Some("No file dialog could be shown: type the destination path.".into());
            }
            _ => {
                self.path_entry = Some((kind, String::new()));
                self.focus_field = true;
            }
        }
    }

    /// Esc closes the topmost dialog (typed path, then export, then help); true when
    /// one closed (the key is then used up).
    pub fn close_on_escape(&mut self, ctx: &egui::Context) -> bool {
        if !(self.path_entry.is_some() || self.export.open || self.help_open)
            || !ctx.input_mut(|i| i.consume_key(egui::Modifiers::NONE, egui::Key::Escape))
        {
            return false;
        }
        if self.path_entry.take().is_none() {
            if self.export.open {
                self.export.open = false;
            } else {
                self.help_open = false;
            }
        }
        true
    }

    pub fn open_export(&mut self) {
        if !self.export.open {
            self.export.open = true;
            self.focus_field = true;
        }
    }
}

enum ExportMsg {
    Progress(usize, usize),
    Done(Result<ExportSummary, String>),
}

/// The export dialog: format, destination, status filter, progress, summary.
pub struct ExportDialog {
    pub open: bool,
    pub format: Format,
    pub statuses: [bool; 4],
    /// CoNLL: which labels go in the tag column (in `Label::ALL` order).
    pub labels: [bool; 3],
    /// doccano: the relation shape (entities + relations).
    pub relations: bool,
    pub dest: String,
    /// The format `dest` was written for (the name follows a format change).
    dest_format: Format,
    pub note: Option<String>,
    pub progress: Option<(usize, usize)>,
    pub result: Option<Result<ExportSummary, String>>,
    rx: Option<Receiver<ExportMsg>>,
}

impl Default for ExportDialog {
    fn default() -> Self {
        ExportDialog {
            open: false,
            format: Format::Jsonl,
            // Every status, like the `export` command.
            statuses: [true; 4],
            // CoNLL holds one tag per token: keep the entities, not the claims around them.
            labels: [true, false, true],
            relations: true,
            dest: String::new(),
            dest_format: Format::Jsonl,
            note: None,
            progress: None,
            result: None,
            rx: None,
        }
    }
}

impl ExportDialog {
    pub fn running(&self) -> bool {
        self.rx.is_some()
    }

    /// Starts the export on a worker thread.
    pub fn start(&mut self, corpus: Vec<PathBuf>, store: Store, repaint: Option<egui::Context>) {
        let dest = PathBuf::from(self.dest.trim());
        if self.dest.trim().is_empty() {
            self.note = Some("Choose where to write the export first.".into());
            return;
        }
        let statuses: Vec<Status> = Status::ALL
            .into_iter()
            .zip(self.statuses)
            .filter(|(_, on)| *on)
            .map(|(s, _)| s)
            .collect();
        let format = self.format;
        let options = ExportOptions {
            labels: Label::ALL
                .into_iter()
                .zip(self.labels)
                .filter(|(_, on)| *on)
                .map(|(l, _)| l)
                .collect(),
            relations: self.relations,
        };
        let (tx, rx) = channel();
        self.rx = Some(rx);
        self.result = None;
        self.progress = Some((0, 0));
        self.note = None;
        std::thread::spawn(move || {
            let ptx = tx.clone();
            let ctx2 = repaint.clone();
            let mut progress = move |n: usize, t: usize| {
                let _ = ptx.send(ExportMsg::Progress(n, t));
                if let Some(c) = &ctx2 {
                    c.request_repaint();
                }
            };
            let r = export::export(
                format,
                Some(&dest),
                &corpus,
                &store,
                Selection { statuses },
                &options,
                &mut progress,
            )
            .map_err(|e| e.to_string());
            let _ = tx.send(ExportMsg::Done(r));
            if let Some(c) = &repaint {
                c.request_repaint();
            }
        });
    }

    pub fn poll(&mut self) {
        let Some(rx) = &self.rx else { return };
        while let Ok(m) = rx.try_recv() {
            match m {
                ExportMsg::Progress(n, t) => self.progress = Some((n, t)),
                ExportMsg::Done(r) => {
                    self.result = Some(r);
                    self.rx = None;
                    return;
                }
            }
        }
    }

    /// Waits (tests) until the running export is done.
    pub fn wait(&mut self) {
        while let Some(rx) = &self.rx {
            match rx.recv_timeout(std::time::Duration::from_secs(30)) {
                Ok(ExportMsg::Progress(n, t)) => self.progress = Some((n, t)),
                Ok(ExportMsg::Done(r)) => {
                    self.result = Some(r);
                    self.rx = None;
                }
                Err(_) => {
                    self.result = Some(Err("the export did not finish within 30 s".into()));
                    self.rx = None;
                }
            }
        }
    }
}

fn render_markdown(ui: &mut egui::Ui, src: &str) {
    for line in src.lines() {
        let t = line.trim_end();
        if let Some(h) = t.strip_prefix("# ") {
            ui.heading(h);
        } else if let Some(h) = t.strip_prefix("## ") {
            ui.add_space(6.0);
            ui.label(egui::RichText::new(h).strong().size(17.0));
        } else if let Some(h) = t.strip_prefix("### ") {
            ui.label(egui::RichText::new(h).strong());
        } else if t.trim().is_empty() {
            ui.add_space(4.0);
        } else if let Some(b) = t.trim_start().strip_prefix("- ") {
            let indent = (t.len() - t.trim_start().len()) as f32 * 4.0;
            ui.horizontal_wrapped(|ui| {
                ui.add_space(indent + 6.0);
                ui.label(format!("\u{2022} {}", b.replace("**", "").replace('`', "")));
            });
        } else {
            ui.label(t.replace("**", "").replace('`', ""));
        }
    }
}

pub fn show(ctx: &egui::Context, wb: &mut Workbench) -> Vec<Command> {
    let mut out = Vec::new();
    // Help.
    if wb.dialogs.help_open {
        let mut open = true;
        egui::Window::new("Help")
            .open(&mut open)
            .default_size([620.0, 560.0])
            .vscroll(true)
            .show(ctx, |ui| {
                ui.heading("Keyboard shortcuts");
                egui::Grid::new("shortcut_sheet").striped(true).show(ui, |ui| {
                    for c in commands::TABLE {
                        let sc = c
                            .shortcut
                            .map(|s| ctx.format_shortcut(&s))
                            .unwrap_or_else(|| "menu".into());
                        ui.monospace(sc);
                        ui.label(c.name);
                        ui.label(egui::RichText::new(c.tooltip).weak());
                        ui.end_row();
                    }
                    for (k, what) in commands::CARET_KEYS {
                        ui.monospace(*k);
                        ui.label(*what);
                        ui.label("");
                        ui.end_row();
                    }
                });
                ui.separator();
                render_markdown(ui, &analyst_guidelines());
            });
        wb.dialogs.help_open = open;
    }

    // Typed path.
    if let Some((kind, mut text)) = wb.dialogs.path_entry.take() {
        let mut keep = true;
        let mut go = false;
        egui::Window::new("Type a path").collapsible(false).show(ctx, |ui| {
            ui.label(match kind {
                ChooseKind::Annotations => "The annotations folder:",
                _ => "Articles to open (a .txt file or a folder; several separated by ';'):",
            });
            let r = ui
                .horizontal(|ui| {
                    let l = ui.label("Path:");
                    ui.add(
                        egui::TextEdit::singleline(&mut text)
                            .desired_width(420.0)
                            .hint_text("/path/to/articles"),
                    )
                    .labelled_by(l.id)
                })
                .inner;
            if std::mem::take(&mut wb.dialogs.focus_field) {
                r.request_focus();
            }
            if r.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter)) {
                go = true;
            }
            ui.horizontal(|ui| {
                if ui.button("Open").clicked() {
                    go = true;
                }
                if ui.button("Cancel").clicked() {
                    keep = false;
                }
            });
        });
        if go {
            let paths: Vec<PathBuf> = text
                .split(';')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(PathBuf::from)
                .collect();
            let missing: Vec<String> = paths
                .iter()
                .filter(|p| !p.exists() && kind != ChooseKind::Annotations)
                .map(|p| p.display().to_string())
                .collect();
            if paths.is_empty() {
                wb.message = Some("Type a path first".into());
                wb.dialogs.path_entry = Some((kind, text));
            } else if !missing.is_empty() {
                wb.message = Some(format!("No such file or folder: {}", missing.join(", ")));
                wb.dialogs.path_entry = Some((kind, text));
            } else if kind == ChooseKind::Annotations {
                wb.set_annotations_dir(paths[0].clone());
            } else {
                out.push(Command::OpenRecent(paths));
            }
        } else if keep {
            wb.dialogs.path_entry = Some((kind, text));
        }
    }

    // Export.
    if wb.dialogs.export.open {
        let mut open = true;
        let mut start = false;
        let mut choose = None;
        egui::Window::new("Export")
            .open(&mut open)
            .collapsible(false)
            .show(ctx, |ui| {
                let focus_field = &mut wb.dialogs.focus_field;
                let d = &mut wb.dialogs.export;
                if d.format != d.dest_format {
                    d.dest = super::export_dest::retarget(&d.dest, d.dest_format, d.format);
                    d.dest_format = d.format;
                }
                let running = d.running();
                ui.add_enabled_ui(!running, |ui| {
                    egui::Grid::new("export_grid").num_columns(2).show(ui, |ui| {
                        ui.label("Format:");
                        egui::ComboBox::from_id_salt("export_format")
                            .selected_text(d.format.name())
                            .show_ui(ui, |ui| {
                                for f in Format::ALL {
                                    ui.selectable_value(&mut d.format, f, f.name());
                                }
                            });
                        ui.end_row();
                        ui.label("Articles:");
                        ui.horizontal(|ui| {
                            for (i, s) in Status::ALL.into_iter().enumerate() {
                                ui.checkbox(&mut d.statuses[i], s.name());
                            }
                        });
                        ui.end_row();
                        if d.format == Format::Conll {
                            ui.label("Labels:");
                            ui.horizontal(|ui| {
                                for (i, l) in Label::ALL.into_iter().enumerate() {
                                    ui.checkbox(&mut d.labels[i], l.upper());
                                }
                            });
                            ui.end_row();
                        }
                        if d.format == Format::Doccano {
                            ui.label("Relations:");
                            ui.checkbox(&mut d.relations, "entities + relations shape");
                            ui.end_row();
                        }
                        let to = ui.label("To:");
                        ui.horizontal(|ui| {
                            let r = ui
                                .add(
                                    egui::TextEdit::singleline(&mut d.dest)
                                        .desired_width(300.0)
                                        .hint_text(if d.format == Format::Brat { "a folder" } else { "a file" }),
                                )
                                .labelled_by(to.id);
                            if std::mem::take(focus_field) {
                                r.request_focus();
                            }
                            if ui.button("Choose...").on_hover_text("Choose the destination").clicked() {
                                choose = Some(if d.format == Format::Brat {
                                    ChooseKind::ExportFolder
                                } else {
                                    ChooseKind::ExportFile
                                });
                            }
                        });
                        ui.end_row();
                    });
                    if !d.statuses.iter().any(|x| *x) {
                        ui.label(egui::RichText::new("No status ticked: every annotated article is exported.").weak());
                    }
                    if ui.button("Export now").on_hover_text("Write the export").clicked() {
                        start = true;
                    }
                });
                if let Some(n) = &d.note {
                    ui.colored_label(egui::Color32::from_rgb(210, 150, 30), n);
                }
                if let Some((n, t)) = d.progress
                    && (running || d.result.is_none())
                {
                    let frac = if t == 0 { 0.0 } else { n as f32 / t as f32 };
                    ui.add(egui::ProgressBar::new(frac).text(format!("{n} / {t} articles")));
                }
                match &d.result {
                    Some(Ok(s)) => {
                        ui.separator();
                        ui.label(format!(
                            "Exported {} article(s), {} span(s), {} relation(s).",
                            s.articles, s.spans, s.relations
                        ));
                        for w in &s.written {
                            ui.label(format!("Wrote {}", w.display()));
                        }
                        if !s.lost.is_empty() {
                            ui.colored_label(egui::Color32::from_rgb(210, 150, 30), "The format could not hold:");
                            egui::ScrollArea::vertical()
                                .id_salt("export_lost")
                                .max_height(200.0)
                                .show(ui, |ui| {
                                    for l in &s.lost {
                                        ui.label(format!("\u{2022} {l}"));
                                    }
                                });
                        }
                        if !s.problems.is_empty() {
                            ui.colored_label(egui::Color32::from_rgb(220, 60, 60), "Skipped:");
                            egui::ScrollArea::vertical()
                                .id_salt("export_problems")
                                .max_height(120.0)
                                .show(ui, |ui| {
                                    for p in &s.problems {
                                        ui.label(format!("\u{2022} {p}"));
                                    }
                                });
                        }
                    }
                    Some(Err(e)) => {
                        ui.colored_label(egui::Color32::from_rgb(220, 60, 60), format!("Export failed: {e}"));
                    }
                    None => {}
                }
            });
        if let Some(k) = choose {
            wb.choose_for_export(k);
        }
        if start {
            wb.flush();
            let corpus = wb.paths.corpus.clone();
            let store = wb.store.clone();
            let ctx = Some(ctx.clone());
            wb.dialogs.export.start(corpus, store, ctx);
        }
        wb.dialogs.export.open = open;
    }

    // Speaker picker.
    if let (Some(claim), Some(doc)) = (wb.view.picking_speaker, &wb.doc) {
        let claim_text = doc.ann.span(claim).map(|s| s.text.clone()).unwrap_or_default();
        egui::Window::new("Pick the speaker")
            .collapsible(false)
            .default_pos([500.0, 120.0])
            .show(ctx, |ui| {
                ui.label(format!(
                    "Who said \u{201c}{}\u{201d}? Click an ACTOR in the text, or:",
                    claim_text.chars().take(60).collect::<String>()
                ));
                egui::ScrollArea::vertical().max_height(260.0).show(ui, |ui| {
                    let mut any = false;
                    for s in doc.ann.spans.iter().filter(|s| s.label == Label::Actor) {
                        any = true;
                        let b = egui::Button::new(
                            egui::RichText::new(&s.text).color(label_text(Label::Actor, ui.visuals().dark_mode)),
                        );
                        if ui
                            .add(b)
                            .on_hover_text(format!("chars {}..{}", s.start, s.end))
                            .clicked()
                        {
                            out.push(Command::Link(Relation::said_by(claim, s.id)));
                        }
                    }
                    if !any {
                        ui.label("This article has no ACTOR spans yet: tag the speaker first (A).");
                    }
                });
                if ui.button("Cancel").clicked() {
                    out.push(Command::CancelSpeaker);
                }
            });
    }
    let _ = CmdId::Help;
    out
}
