//! The export dialog: format, destination, status filter, progress, summary. The
//! export itself runs in the session's worker ([`crate::session::export_job`]).

use super::super::chooser::ChooseKind;
use super::super::command_table::Command;
use crate::export::{ExportOptions, ExportSummary, Format, Selection};
use crate::model::{Label, Status};
use crate::session::export_job::{ExportEvent, ExportJob};
use eframe::egui;
use std::path::PathBuf;

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
    job: Option<ExportJob>,
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
            job: None,
        }
    }
}

impl ExportDialog {
    pub fn running(&self) -> bool {
        self.job.is_some()
    }

    /// What the form asks for: format, destination, articles, options; `None` (with a
    /// note) when no destination is given.
    pub fn request(&mut self) -> Option<(Format, PathBuf, Selection, ExportOptions)> {
        if self.dest.trim().is_empty() {
            self.note = Some("Choose where to write the export first.".into());
            return None;
        }
        let statuses: Vec<Status> = Status::ALL
            .into_iter()
            .zip(self.statuses)
            .filter(|(_, on)| *on)
            .map(|(s, _)| s)
            .collect();
        let options = ExportOptions {
            labels: Label::ALL
                .into_iter()
                .zip(self.labels)
                .filter(|(_, on)| *on)
                .map(|(l, _)| l)
                .collect(),
            relations: self.relations,
        };
        Some((
            self.format,
            PathBuf::from(self.dest.trim()),
            Selection { statuses },
            options,
        ))
    }

    /// Follows a started export.
    pub fn begin(&mut self, job: ExportJob) {
        self.job = Some(job);
        self.result = None;
        self.progress = Some((0, 0));
        self.note = None;
    }

    fn take(&mut self, e: ExportEvent) {
        match e {
            ExportEvent::Progress(n, t) => self.progress = Some((n, t)),
            ExportEvent::Done(r) => {
                self.result = Some(r);
                self.job = None;
            }
        }
    }

    pub fn poll(&mut self) {
        let events = self.job.as_ref().map(|j| j.poll()).unwrap_or_default();
        for e in events {
            self.take(e);
        }
    }

    /// Waits (tests) until the running export is done.
    pub fn wait(&mut self) {
        while let Some(j) = &self.job {
            let e = j.wait_next();
            self.take(e);
        }
    }
}

/// Shows the export window while it is open.
pub fn show(ctx: &egui::Context, d: &mut ExportDialog, focus_field: &mut bool) -> Vec<Command> {
    let mut out = Vec::new();
    {
        let mut open = true;
        let mut start = false;
        let mut choose = None;
        egui::Window::new("Export")
            .open(&mut open)
            .collapsible(false)
            .show(ctx, |ui| {
                if d.format != d.dest_format {
                    d.dest = super::super::export_dest::retarget(&d.dest, d.dest_format, d.format);
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
                        use crate::commands::count;
                        ui.label(format!(
                            "Exported {}, {}, {}.",
                            count(s.articles, "article"),
                            count(s.spans, "span"),
                            count(s.relations, "relation")
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
            out.push(Command::Choose(k));
        }
        if start {
            out.push(Command::StartExport);
        }
        d.open = open;
    }

    out
}
