//! The menu bar, the toolbar (with the legend) and the status bar. All of them take
//! their names, tooltips and shortcuts from the command table.

use super::Workbench;
use super::commands::{self, CmdId, Command};
use super::document::label_color;
use super::saver::SaveState;
use crate::model::{Label, Status};
use eframe::egui;

/// A menu entry for a command: its name, its shortcut text, its tooltip.
fn menu_item(ui: &mut egui::Ui, id: CmdId, out: &mut Vec<Command>) {
    let info = commands::info(id);
    let text = commands::shortcut_text(ui.ctx(), id);
    let resp = ui
        .add(egui::Button::new(info.name).shortcut_text(text))
        .on_hover_text(info.tooltip);
    if resp.clicked() {
        out.push(Command::Run(id));
        ui.close();
    }
}

/// A toolbar button for a command.
fn tool_button(ui: &mut egui::Ui, id: CmdId, enabled: bool, out: &mut Vec<Command>) {
    let info = commands::info(id);
    let sc = commands::shortcut_text(ui.ctx(), id);
    let tip = if sc.is_empty() {
        info.tooltip.to_string()
    } else {
        format!("{} ({sc})", info.tooltip)
    };
    if ui
        .add_enabled(enabled, egui::Button::new(info.name))
        .on_hover_text(tip)
        .clicked()
    {
        out.push(Command::Run(id));
    }
}

pub fn menu_bar(ui: &mut egui::Ui, wb: &mut Workbench) -> Vec<Command> {
    let mut out = Vec::new();
    egui::Panel::top("menu_bar").show(ui, |ui| {
        egui::MenuBar::new().ui(ui, |ui| {
            ui.menu_button("File", |ui| {
                menu_item(ui, CmdId::OpenFiles, &mut out);
                menu_item(ui, CmdId::OpenFolder, &mut out);
                menu_item(ui, CmdId::AnnotationsFolder, &mut out);
                menu_item(ui, CmdId::TypePath, &mut out);
                ui.menu_button("Recent corpora", |ui| {
                    if wb.prefs.recent.is_empty() {
                        ui.label("(none yet)");
                    }
                    for r in wb.prefs.recent.clone() {
                        let name = r.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join(", ");
                        if ui.button(name).clicked() {
                            out.push(Command::OpenRecent(r));
                            ui.close();
                        }
                    }
                });
                ui.separator();
                menu_item(ui, CmdId::Export, &mut out);
                menu_item(ui, CmdId::SaveNow, &mut out);
                ui.separator();
                if ui.button("Quit").clicked() {
                    ui.ctx().send_viewport_cmd(egui::ViewportCommand::Close);
                }
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
                    if ui.button(format!("Mark {}", s.name())).clicked() {
                        out.push(Command::SetStatus(s));
                        ui.close();
                    }
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
                    if ui.button(format!("Accept all {l}")).clicked() {
                        out.push(Command::AcceptAll {
                            label: Some(l),
                            min_score: 0.0,
                        });
                        ui.close();
                    }
                }
            });
            ui.menu_button("View", |ui| {
                let size = wb.prefs.font_size.unwrap_or(16.0);
                if ui.button("Larger text").clicked() {
                    wb.prefs.font_size = Some((size + 1.0).min(32.0));
                }
                if ui.button("Smaller text").clicked() {
                    wb.prefs.font_size = Some((size - 1.0).max(10.0));
                }
                let mut dark = ui.visuals().dark_mode;
                if ui.checkbox(&mut dark, "Dark theme").changed() {
                    ui.ctx()
                        .set_theme(if dark { egui::Theme::Dark } else { egui::Theme::Light });
                }
            });
            ui.menu_button("Help", |ui| {
                menu_item(ui, CmdId::Help, &mut out);
            });
        });
    });
    out
}

pub fn toolbar(ui: &mut egui::Ui, wb: &mut Workbench) -> Vec<Command> {
    let mut out = Vec::new();
    let editable = wb.doc.as_ref().is_some_and(|d| d.read_only.is_none());
    egui::Panel::top("toolbar").show(ui, |ui| {
        ui.horizontal_wrapped(|ui| {
            for (id, l) in [
                (CmdId::TagActor, Label::Actor),
                (CmdId::TagClaim, Label::Claim),
                (CmdId::TagLocation, Label::Location),
            ] {
                let info = commands::info(id);
                let sc = commands::shortcut_text(ui.ctx(), id);
                let b = egui::Button::new(
                    egui::RichText::new(info.name)
                        .color(super::palette::label_text(l, ui.visuals().dark_mode))
                        .strong(),
                );
                if ui
                    .add_enabled(editable, b)
                    .on_hover_text(format!("{} ({sc})", info.tooltip))
                    .clicked()
                {
                    out.push(Command::Run(id));
                }
            }
            let has_span = wb.view.selected_span.is_some();
            tool_button(ui, CmdId::DeleteSpan, editable && has_span, &mut out);
            tool_button(ui, CmdId::PickSpeaker, editable && has_span, &mut out);
            ui.separator();
            let (can_undo, can_redo) = wb
                .doc
                .as_ref()
                .and_then(|d| wb.histories.get(&d.id))
                .map(|h| (!h.undo.is_empty(), !h.redo.is_empty()))
                .unwrap_or((false, false));
            tool_button(ui, CmdId::Undo, editable && can_undo, &mut out);
            tool_button(ui, CmdId::Redo, editable && can_redo, &mut out);
            ui.separator();
            if let Some(doc) = &wb.doc {
                let cur = doc.ann.status;
                ui.label("Status:");
                for s in Status::ALL {
                    if ui
                        .add_enabled(editable, egui::Button::selectable(cur == s, s.name()))
                        .on_hover_text(format!("Mark this article {}", s.name()))
                        .clicked()
                        && cur != s
                    {
                        out.push(Command::SetStatus(s));
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

pub fn status_bar(ui: &mut egui::Ui, wb: &mut Workbench) -> Vec<Command> {
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
                let caret = wb.view.caret;
                match wb.view.selection(&doc.text) {
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
    Vec::new()
}
