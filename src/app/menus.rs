//! The menu bar, the toolbar (with the legend) and the status bar. All of them take
//! their names, tooltips and shortcuts from the command table.

use super::command_table::{self as commands, CmdId, Command};
use super::document::label_color;
use super::prefs::Prefs;
use crate::model::{Label, Status};
use crate::session::Session;
use crate::session::saver::SaveState;
use eframe::egui;

/// A menu entry for a command: its name, its shortcut text, its tooltip.
fn menu_item(ui: &mut egui::Ui, id: CmdId, out: &mut Vec<Command>) {
    menu_item_named(ui, id, commands::info(id).name, out);
}

/// A menu entry for a command under another name ("Mark done" in the Article menu).
fn menu_item_named(ui: &mut egui::Ui, id: CmdId, name: &str, out: &mut Vec<Command>) {
    let info = commands::info(id);
    let text = commands::shortcut_text(ui.ctx(), id);
    let resp = ui
        .add(egui::Button::new(name).shortcut_text(text))
        .on_hover_text(info.tooltip);
    if resp.clicked() {
        out.push(Command::Run(id));
        ui.close();
    }
}

/// A toolbar button for a command.
fn tool_button(ui: &mut egui::Ui, id: CmdId, enabled: bool, out: &mut Vec<Command>) {
    let info = commands::info(id);
    let tip = commands::tooltip(ui.ctx(), id);
    if ui
        .add_enabled(enabled, egui::Button::new(info.name))
        .on_hover_text(tip)
        .clicked()
    {
        out.push(Command::Run(id));
    }
}

pub fn menu_bar(ui: &mut egui::Ui, prefs: &Prefs) -> Vec<Command> {
    let mut out = Vec::new();
    egui::Panel::top("menu_bar").show(ui, |ui| {
        egui::MenuBar::new().ui(ui, |ui| {
            ui.menu_button("File", |ui| {
                menu_item(ui, CmdId::OpenFiles, &mut out);
                menu_item(ui, CmdId::OpenFolder, &mut out);
                menu_item(ui, CmdId::AnnotationsFolder, &mut out);
                menu_item(ui, CmdId::TypePath, &mut out);
                menu_item(ui, CmdId::ReviewAdjudication, &mut out);
                ui.menu_button("Recent corpora", |ui| {
                    if prefs.corpora.is_empty() {
                        ui.label("(none yet)");
                    }
                    for r in &prefs.corpora {
                        let name = r
                            .corpus
                            .iter()
                            .map(|p| p.display().to_string())
                            .collect::<Vec<_>>()
                            .join(", ");
                        if ui
                            .button(name)
                            .on_hover_text(format!("Annotations in {}", r.annotations.display()))
                            .clicked()
                        {
                            out.push(Command::OpenCorpus(r.corpus.clone()));
                            ui.close();
                        }
                    }
                });
                ui.separator();
                menu_item(ui, CmdId::Export, &mut out);
                menu_item(ui, CmdId::SaveNow, &mut out);
                ui.separator();
                menu_item(ui, CmdId::Quit, &mut out);
            });
            ui.menu_button("Edit", |ui| {
                for id in [
                    CmdId::Undo,
                    CmdId::Redo,
                    CmdId::TagActor,
                    CmdId::TagClaim,
                    CmdId::TagLocation,
                    CmdId::DeleteSpan,
                    CmdId::PickSpeaker,
                    CmdId::ClearSelection,
                ] {
                    menu_item(ui, id, &mut out);
                }
            });
            ui.menu_button("Article", |ui| {
                menu_item(ui, CmdId::NextArticle, &mut out);
                menu_item(ui, CmdId::PrevArticle, &mut out);
                menu_item(ui, CmdId::MarkDone, &mut out);
                ui.separator();
                for s in Status::ALL {
                    menu_item_named(ui, commands::status_command(s), &format!("Mark {}", s.name()), &mut out);
                }
            });
            ui.menu_button("Suggestions", |ui| {
                for id in [
                    CmdId::NextSuggestion,
                    CmdId::PrevSuggestion,
                    CmdId::AcceptSuggestion,
                    CmdId::RejectSuggestion,
                ] {
                    menu_item(ui, id, &mut out);
                }
                ui.separator();
                for l in Label::ALL {
                    menu_item_named(
                        ui,
                        commands::accept_all_command(l),
                        &format!("Accept all {l}"),
                        &mut out,
                    );
                }
                menu_item(ui, CmdId::AcceptAboveScore, &mut out);
            });
            ui.menu_button("View", |ui| {
                menu_item(ui, CmdId::ToggleList, &mut out);
                menu_item(ui, CmdId::ToggleInspector, &mut out);
                ui.separator();
                menu_item(ui, CmdId::LargerText, &mut out);
                menu_item(ui, CmdId::SmallerText, &mut out);
                let info = commands::info(CmdId::AllArcs);
                if ui
                    .add(egui::Button::selectable(prefs.all_arcs, info.name))
                    .on_hover_text(info.tooltip)
                    .clicked()
                {
                    out.push(Command::Run(CmdId::AllArcs));
                    ui.close();
                }
                let dark = ui.visuals().dark_mode;
                let info = commands::info(CmdId::DarkTheme);
                if ui
                    .add(egui::Button::selectable(dark, info.name))
                    .on_hover_text(info.tooltip)
                    .clicked()
                {
                    out.push(Command::Run(CmdId::DarkTheme));
                    ui.close();
                }
            });
            ui.menu_button("Help", |ui| {
                menu_item(ui, CmdId::Help, &mut out);
            });
        });
    });
    out
}

pub fn toolbar(ui: &mut egui::Ui, session: &Session) -> Vec<Command> {
    let mut out = Vec::new();
    let editable = session.editable();
    egui::Panel::top("toolbar").show(ui, |ui| {
        ui.horizontal_wrapped(|ui| {
            for (id, l) in [
                (CmdId::TagActor, Label::Actor),
                (CmdId::TagClaim, Label::Claim),
                (CmdId::TagLocation, Label::Location),
            ] {
                let info = commands::info(id);
                let b = egui::Button::new(
                    egui::RichText::new(info.name)
                        .color(super::palette::label_text(l, ui.visuals().dark_mode))
                        .strong(),
                );
                if ui
                    .add_enabled(editable, b)
                    .on_hover_text(commands::tooltip(ui.ctx(), id))
                    .clicked()
                {
                    out.push(Command::Run(id));
                }
            }
            let has_span = session.cursor.selected_span.is_some();
            tool_button(ui, CmdId::DeleteSpan, editable && has_span, &mut out);
            tool_button(ui, CmdId::PickSpeaker, editable && has_span, &mut out);
            ui.separator();
            let (can_undo, can_redo) = session.can_undo_redo();
            tool_button(ui, CmdId::Undo, editable && can_undo, &mut out);
            tool_button(ui, CmdId::Redo, editable && can_redo, &mut out);
            ui.separator();
            if let Some(doc) = &session.doc {
                let cur = doc.ann.status;
                ui.label("Status:");
                for s in Status::ALL {
                    if ui
                        .add_enabled(editable, egui::Button::selectable(cur == s, s.name()))
                        .on_hover_text(commands::tooltip(ui.ctx(), commands::status_command(s)))
                        .clicked()
                        && cur != s
                    {
                        out.push(Command::Run(commands::status_command(s)));
                    }
                }
                tool_button(ui, CmdId::MarkDone, editable, &mut out);
            }
            ui.separator();
            for l in Label::ALL {
                let (r, _) = ui.allocate_exact_size(egui::vec2(12.0, 12.0), egui::Sense::hover());
                ui.painter().rect_filled(r, 2.0, label_color(l));
                ui.label(l.upper());
            }
            ui.label(egui::RichText::new("- - suggested").weak());
        });
    });
    out
}

pub fn status_bar(ui: &mut egui::Ui, wb: &Session) {
    egui::Panel::bottom("status_bar").show(ui, |ui| {
        ui.horizontal(|ui| {
            let read_only = wb.doc.as_ref().is_some_and(|d| d.read_only.is_some());
            match wb.save_state() {
                SaveState::Saved if read_only => {
                    ui.colored_label(egui::Color32::from_rgb(220, 60, 60), "Not saved (read-only)");
                }
                SaveState::Saved => {
                    ui.colored_label(egui::Color32::from_rgb(60, 170, 80), "Saved");
                }
                SaveState::Saving => {
                    ui.label("Saving...");
                }
                SaveState::Error(e) => {
                    ui.colored_label(egui::Color32::from_rgb(220, 60, 60), format!("Not saved: {e}"));
                }
            }
            ui.separator();
            if let Some(doc) = &wb.doc {
                let caret = wb.cursor.caret;
                match wb.cursor.selection(&doc.text) {
                    Some((s, e)) => ui.label(format!("Selection {s}..{e} ({} chars)", e - s)),
                    None => ui.label(format!("Caret {caret}")),
                };
                ui.separator();
                if doc.read_only.is_some() {
                    ui.colored_label(egui::Color32::from_rgb(220, 60, 60), "read-only");
                    ui.separator();
                }
            }
            ui.label(wb.engine_status().to_string());
            if let Some(m) = &wb.message {
                ui.separator();
                ui.colored_label(egui::Color32::from_rgb(210, 150, 30), m);
            }
        });
    });
}
