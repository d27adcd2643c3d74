//! The review panel (review mode, under the toolbar): progress, the current
//! disagreement with every analyst's version in their own colour (the legend), and
//! buttons for the review commands. The versions are also drawn in the text as
//! coloured bars, one lane per analyst ([`marks`]).

use super::command_table::{self as commands, CmdId, Command};
use super::document::Mark;
use super::palette::label_text;
use crate::model::Label;
use crate::session::Session;
use eframe::egui;
use egui::Color32;

/// One colour per analyst (none of them a label colour).
const ANALYST_COLORS: [Color32; 9] = [
    Color32::from_rgb(214, 39, 140),
    Color32::from_rgb(0, 160, 170),
    Color32::from_rgb(140, 86, 40),
    Color32::from_rgb(130, 70, 200),
    Color32::from_rgb(200, 60, 40),
    Color32::from_rgb(90, 120, 20),
    Color32::from_rgb(100, 100, 100),
    Color32::from_rgb(220, 120, 170),
    Color32::from_rgb(20, 80, 140),
];

pub fn analyst_color(k: usize) -> Color32 {
    ANALYST_COLORS[k % ANALYST_COLORS.len()]
}

/// Every analyst's version of the current disagreement, when its article is open.
pub fn marks(s: &Session) -> Vec<Mark> {
    let (Some(r), Some(doc)) = (&s.review, &s.doc) else {
        return Vec::new();
    };
    let Some(item) = r.current_item().filter(|i| i.article == doc.id) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (k, v) in item.versions.iter().enumerate() {
        for sp in &v.spans {
            out.push(Mark {
                start: sp.start,
                end: sp.end,
                lane: k,
                color: analyst_color(k),
            });
            for who in &sp.speakers {
                out.push(Mark {
                    start: who.start,
                    end: who.end,
                    lane: k,
                    color: analyst_color(k).gamma_multiply(0.6),
                });
            }
        }
    }
    out
}

fn button(ui: &mut egui::Ui, id: CmdId, name: &str, enabled: bool, out: &mut Vec<Command>) {
    let tip = commands::tooltip(ui.ctx(), id);
    if ui
        .add_enabled(enabled, egui::Button::new(name))
        .on_hover_text(tip)
        .clicked()
    {
        out.push(Command::Run(id));
    }
}

/// The review panel; nothing outside review mode.
pub fn show(ui: &mut egui::Ui, s: &Session) -> Vec<Command> {
    let mut out = Vec::new();
    let Some(r) = &s.review else { return out };
    egui::Panel::top("review_panel").show(ui, |ui| {
        ui.horizontal_wrapped(|ui| {
            ui.strong("Review");
            ui.label(r.progress_text());
            let total = r.total();
            let frac = if total == 0 {
                1.0
            } else {
                r.resolved_count() as f32 / total as f32
            };
            ui.add(egui::ProgressBar::new(frac).desired_width(120.0));
            ui.separator();
            button(ui, CmdId::ReviewPrev, "Previous", total > 0, &mut out);
            button(ui, CmdId::ReviewNext, "Next", total > 0, &mut out);
            if let Some(item) = r.current_item() {
                ui.separator();
                let state = match r.resolved.get(r.current).and_then(|x| x.as_ref()) {
                    Some(how) => format!(" (resolved: {})", how.describe()),
                    None => String::new(),
                };
                ui.label(format!(
                    "Disagreement {} of {}: {} in {} at {}..{}{state}",
                    r.current + 1,
                    total,
                    item.kind,
                    item.article,
                    item.start,
                    item.end
                ));
            }
        });
        let Some(item) = r.current_item() else {
            ui.label("The review queue is empty.");
            return;
        };
        let open = r.resolved.get(r.current).is_some_and(|x| x.is_none());
        let dark = ui.visuals().dark_mode;
        for (k, v) in item.versions.iter().enumerate() {
            ui.horizontal_wrapped(|ui| {
                let (rect, _) = ui.allocate_exact_size(egui::vec2(14.0, 14.0), egui::Sense::hover());
                ui.painter().rect_filled(rect, 3.0, analyst_color(k));
                if k < 9 {
                    let id = CmdId::ReviewTake(k as u8 + 1);
                    button(ui, id, &format!("{} {}", k + 1, v.analyst), open, &mut out);
                } else {
                    ui.label(&v.analyst);
                }
                if v.spans.is_empty() {
                    ui.weak("(nothing here)");
                }
                for sp in &v.spans {
                    let color = Label::parse(&sp.label).map(|l| label_text(l, dark));
                    let mut t = egui::RichText::new(format!(
                        "{} \u{201c}{}\u{201d} {}..{}",
                        sp.label,
                        sp.text.chars().take(80).collect::<String>(),
                        sp.start,
                        sp.end
                    ));
                    if let Some(c) = color {
                        t = t.color(c);
                    }
                    ui.label(t);
                    for who in &sp.speakers {
                        ui.weak(format!("said by \u{201c}{}\u{201d}", who.text));
                    }
                }
            });
        }
        ui.horizontal(|ui| {
            button(ui, CmdId::ReviewAll, "Take all (B)", open, &mut out);
            button(ui, CmdId::ReviewNone, "Take none (0)", open, &mut out);
            button(ui, CmdId::ReviewKeepEdited, "Keep as edited (E)", open, &mut out);
            ui.weak("or edit by hand with A / C / L, Delete, S, then E");
        });
    });
    out
}
