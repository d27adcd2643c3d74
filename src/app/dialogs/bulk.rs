//! The bulk-accept check: before "All CLAIM" (or "Accept above score") links any
//! speaker, this window lists every link it will make, claim excerpt, said by speaker with
//! the distance between them, each with its own tick. Far speakers start unticked
//! (see `session::bulk::FAR_SPEAKER`). Enter accepts, Esc cancels.

use super::super::palette::label_text;
use crate::model::Label;
use crate::session::{Action, Session};
use eframe::egui;

fn excerpt(s: &str, n: usize) -> String {
    let one: String = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if one.chars().count() <= n {
        one
    } else {
        let mut t: String = one.chars().take(n).collect();
        t.push('\u{2026}');
        t
    }
}

/// The text of one pair's tick box (tests find it by this label).
pub fn pair_label(claim: &str, speaker: &str) -> String {
    format!("\u{201c}{}\u{201d} said by {}", excerpt(claim, 48), speaker)
}

pub fn show(ctx: &egui::Context, wb: &Session, out: &mut Vec<super::Command>) {
    let Some(plan) = &wb.bulk else { return };
    let n = plan.picked.len();
    let what = match plan.label {
        Some(l) => format!("every open {l} suggestion"),
        None => format!("every open suggestion scoring {:.2} or more", plan.min_score),
    };
    egui::Window::new("Check the speaker links")
        .collapsible(false)
        .resizable(true)
        .default_width(560.0)
        .anchor(egui::Align2::CENTER_TOP, [0.0, 60.0])
        .show(ctx, |ui| {
            ui.label(format!(
                "Accepting {what} ({}) links these speakers. Untick any you do not want linked; \
                 nothing else is linked. Speakers more than {} characters from their claim start unticked.",
                crate::commands::count(n, "suggestion"),
                crate::session::bulk::FAR_SPEAKER
            ));
            ui.separator();
            let dark = ui.visuals().dark_mode;
            let row_h = ui.spacing().interact_size.y;
            egui::ScrollArea::vertical()
                .max_height(380.0)
                .show_rows(ui, row_h, plan.links.len(), |ui, rows| {
                    for (i, l) in plan.links.iter().enumerate().skip(rows.start).take(rows.len()) {
                        ui.horizontal(|ui| {
                            ui.set_height(row_h);
                            let mut keep = l.keep;
                            let text = egui::RichText::new(pair_label(&l.claim_text, &l.speaker_text))
                                .color(label_text(Label::Actor, dark));
                            if ui.checkbox(&mut keep, text).changed() {
                                out.push(Action::KeepBulkLink { index: i, keep }.into());
                            }
                            let far = l.distance > crate::session::bulk::FAR_SPEAKER;
                            let d = format!("{} chars away", l.distance);
                            if far {
                                ui.colored_label(ui.visuals().warn_fg_color, format!("far: {d}"));
                            } else {
                                ui.small(d);
                            }
                            if !l.now {
                                ui.small("(linked when tagged as ACTOR)");
                            }
                        });
                    }
                });
            ui.separator();
            ui.horizontal(|ui| {
                let k = plan.kept();
                let go = format!(
                    "Accept {} and link {}",
                    crate::commands::count(n, "suggestion"),
                    crate::commands::count(k, "speaker")
                );
                if ui.button(go).on_hover_text("One undo step (Enter)").clicked() {
                    out.push(Action::ConfirmBulk.into());
                }
                if ui.button("Cancel").on_hover_text("Accept nothing (Esc)").clicked() {
                    out.push(Action::CancelBulk.into());
                }
            });
        });
}
