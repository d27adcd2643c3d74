//! The Help window: the shortcut sheet (from the command table) and the analyst's
//! guidelines.

use super::super::command_table::{self as commands, CARET_KEYS};
use crate::text::{head, tail};
use eframe::egui;

pub const GUIDELINES: &str = include_str!("../../../assets/GUIDELINES.md");

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

/// Shows the Help window while `open`.
pub fn show(ctx: &egui::Context, open: &mut bool) {
    {
        egui::Window::new("Help")
            .open(open)
            .default_size([620.0, 560.0])
            .vscroll(true)
            .show(ctx, |ui| {
                ui.heading("Keyboard shortcuts");
                egui::Grid::new("shortcut_sheet").striped(true).show(ui, |ui| {
                    for c in commands::TABLE {
                        let sc = commands::all_shortcuts_text(ctx, c.id);
                        let sc = if sc.is_empty() { "menu".to_string() } else { sc };
                        ui.monospace(sc);
                        ui.label(c.name);
                        ui.label(egui::RichText::new(c.tooltip).weak());
                        ui.end_row();
                    }
                    for (k, what) in CARET_KEYS {
                        ui.monospace(*k);
                        ui.label(*what);
                        ui.label("");
                        ui.end_row();
                    }
                });
                ui.separator();
                render_markdown(ui, &analyst_guidelines());
            });
    }
}
