//! Windows: help (guidelines + shortcut sheet), export, typed path, speaker picker
//! (`speaker`), the bulk-accept check (`bulk`).
//! Each reads the session and returns commands.

pub mod bulk;
pub mod export;
pub mod help;
pub mod speaker;

pub use export::ExportDialog;
pub use help::{GUIDELINES, analyst_guidelines};

use super::chooser::ChooseKind;
use super::command_table::Command;
use crate::session::{Action, Session};
use eframe::egui;
use std::path::PathBuf;

#[derive(Default)]
pub struct Dialogs {
    pub help_open: bool,
    pub export: ExportDialog,
    /// Typing a path: what for, and the text so far.
    pub path_entry: Option<(ChooseKind, String)>,
    /// The text field of a dialog just opened takes the keyboard on its first frame.
    pub focus_field: bool,
    /// The speaker picker's rect in the last frame (None when it is closed).
    pub picker: Option<egui::Rect>,
}

/// Where the claim whose speaker is being picked is, so the picker goes beside it.
pub struct PickerPlace<'a> {
    /// The claim's rects on screen (row by row).
    pub claim_rects: &'a [egui::Rect],
    /// The article's panel on screen.
    pub article: egui::Rect,
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

pub fn show(ctx: &egui::Context, wb: &Session, dialogs: &mut Dialogs, picker: PickerPlace<'_>) -> Vec<Command> {
    let mut out = Vec::new();
    if dialogs.help_open {
        help::show(ctx, &mut dialogs.help_open);
    }
    // Typed path.
    if let Some((kind, mut text)) = dialogs.path_entry.take() {
        let mut keep = true;
        let mut go = false;
        egui::Window::new("Type a path").collapsible(false).show(ctx, |ui| {
            ui.label(match kind {
                ChooseKind::Annotations => "The annotations folder:",
                ChooseKind::Review => "The adjudication's output folder (with review.jsonl):",
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
            if std::mem::take(&mut dialogs.focus_field) {
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
                out.push(Action::Say("Type a path first".into()).into());
                dialogs.path_entry = Some((kind, text));
            } else if !missing.is_empty() {
                out.push(Action::Say(format!("No such file or folder: {}", missing.join(", "))).into());
                dialogs.path_entry = Some((kind, text));
            } else if kind == ChooseKind::Review {
                out.push(Action::OpenReview(paths[0].clone()).into());
            } else if kind == ChooseKind::Annotations {
                out.push(Action::SetAnnotationsDir(paths[0].clone()).into());
            } else {
                out.push(Command::OpenCorpus(paths));
            }
        } else if keep {
            dialogs.path_entry = Some((kind, text));
        }
    }

    if dialogs.export.open {
        out.extend(export::show(ctx, &mut dialogs.export, &mut dialogs.focus_field));
    }

    bulk::show(ctx, wb, &mut out);
    dialogs.picker = speaker::show(ctx, wb, picker.claim_rects, picker.article, dialogs.picker, &mut out);
    out
}
