//! The article list (left): title, status and span counts per article, corpus
//! progress. Rows are virtualised (`show_rows`) so a folder of 10,000 articles stays
//! fast; titles and counts arrive from the background corpus walk.

use super::command_table::Command;
use super::palette::label_text;
use crate::model::{Label, Status};
use crate::session::{Action, Session};
use eframe::egui;

fn status_color(s: Status) -> egui::Color32 {
    match s {
        Status::New => egui::Color32::GRAY,
        Status::InProgress => egui::Color32::from_rgb(230, 170, 40),
        Status::Done => egui::Color32::from_rgb(60, 170, 80),
        Status::Reviewed => egui::Color32::from_rgb(80, 130, 230),
    }
}

/// Shows the list at most `max_width` wide (the article keeps the rest).
/// The colour of an agreement figure: red below 0.667 (Krippendorff's lowest bar for
/// tentative conclusions), amber below 0.8, green above.
fn agreement_color(x: f64) -> egui::Color32 {
    if x < 0.667 {
        egui::Color32::from_rgb(220, 60, 60)
    } else if x < 0.8 {
        egui::Color32::from_rgb(230, 170, 40)
    } else {
        egui::Color32::from_rgb(60, 170, 80)
    }
}

/// The agreement text of a row ("α 0.42", "F1 0.50", "α -").
pub fn agreement_text(a: &crate::session::compare::ArticleAgreement) -> String {
    match (a.alpha, a.f1) {
        (Some(x), _) => format!("\u{3b1} {x:.2}"),
        (None, Some(f)) => format!("F1 {f:.2}"),
        (None, None) => "\u{3b1} -".into(),
    }
}

/// Shows the list at most `max_width` wide (the article keeps the rest). With an
/// agreement, each row shows it and `sort_weakest` orders the weakest first.
pub fn show(ui: &mut egui::Ui, wb: &Session, max_width: f32, sort_weakest: &mut bool) -> Vec<Command> {
    let mut out = Vec::new();
    // A narrow window gets its own panel state (see the inspector).
    let id = if max_width >= super::view::LIST_WIDTH {
        "articles"
    } else {
        "articles_narrow"
    };
    egui::Panel::left(id)
        .resizable(true)
        .default_size(super::view::LIST_WIDTH.min(max_width))
        .size_range(super::view::LIST_MIN.min(max_width)..=max_width)
        .show(ui, |ui| {
            let total = wb.rows.len();
            let done = wb.rows.iter().filter(|r| r.is_done()).count();
            ui.heading("Articles");
            let frac = if total == 0 { 0.0 } else { done as f32 / total as f32 };
            ui.add(egui::ProgressBar::new(frac).text(format!("{done} / {total} done")));
            let order: Vec<usize> = match &wb.agreement {
                Some(a) => {
                    ui.small(format!("Agreement of {}", a.analysts.join(", ")))
                        .on_hover_text("Unitizing alpha over every label, per article (spanbench agree)");
                    ui.checkbox(sort_weakest, "Weakest agreement first");
                    if *sort_weakest {
                        let ids: Vec<&str> = wb.rows.iter().map(|r| r.entry.id.as_str()).collect();
                        a.weakest_first(&ids)
                    } else {
                        (0..total).collect()
                    }
                }
                None => (0..total).collect(),
            };
            ui.separator();
            let current = wb.current_index();
            let row_h = ui.text_style_height(&egui::TextStyle::Body) * 2.0 + 6.0;
            egui::ScrollArea::vertical()
                .id_salt("article_list")
                .auto_shrink([false, false])
                .max_height(ui.available_height() - 4.0 - 40.0 * (!wb.load_errors.is_empty()) as u8 as f32)
                .show_rows(ui, row_h, total, |ui, range| {
                    for i in range.map(|k| order[k]) {
                        let row = &wb.rows[i];
                        let title = row.title().to_string();
                        let info = row.info.clone();
                        let selected = current == Some(i);
                        let w = ui.available_width();
                        let (rect, resp) = ui.allocate_exact_size(egui::vec2(w, row_h - 2.0), egui::Sense::click());
                        resp.widget_info(|| egui::WidgetInfo::selected(egui::Role::Button, true, selected, &title));
                        let vis = ui.style().interact_selectable(&resp, selected);
                        if selected || resp.hovered() {
                            ui.painter().rect_filled(rect, 3.0, vis.weak_bg_fill);
                        }
                        let mut child =
                            ui.new_child(egui::UiBuilder::new().max_rect(rect.shrink2(egui::vec2(4.0, 2.0))));
                        let broken = info.as_ref().is_some_and(|i| i.error.is_some());
                        let title_text = if broken {
                            egui::RichText::new(&title).color(egui::Color32::from_rgb(220, 60, 60))
                        } else {
                            egui::RichText::new(&title).strong()
                        };
                        child.add(egui::Label::new(title_text).truncate().selectable(false));
                        child.horizontal(|ui| match &info {
                            None => {
                                ui.small("...");
                            }
                            Some(i) if i.error.is_some() => {
                                ui.small(
                                    egui::RichText::new("cannot be read").color(egui::Color32::from_rgb(220, 60, 60)),
                                );
                            }
                            Some(i) => {
                                ui.small(egui::RichText::new(i.status.name()).color(status_color(i.status)));
                                for l in Label::ALL {
                                    ui.small(
                                        egui::RichText::new(format!(
                                            "{} {}",
                                            l.upper().get(..1).unwrap_or_default(),
                                            i.counts[l as usize]
                                        ))
                                        .color(label_text(l, ui.visuals().dark_mode)),
                                    );
                                }
                                if let Some(a) = wb.agreement.as_ref().and_then(|a| a.get(&row.entry.id)) {
                                    ui.small(egui::RichText::new(agreement_text(a)).color(agreement_color(a.key())));
                                }
                                if i.ron_error.is_some() {
                                    ui.small(
                                        egui::RichText::new("RON broken").color(egui::Color32::from_rgb(220, 60, 60)),
                                    );
                                }
                            }
                        });
                        let resp = match &info {
                            Some(i) if i.error.is_some() => resp.on_hover_text(i.error.clone().unwrap_or_default()),
                            Some(i) if i.ron_error.is_some() => {
                                resp.on_hover_text(i.ron_error.clone().unwrap_or_default())
                            }
                            _ => resp.on_hover_text(row.entry.path.display().to_string()),
                        };
                        if resp.clicked() {
                            if broken {
                                if let Some(e) = info.and_then(|i| i.error) {
                                    out.push(Action::Say(e).into());
                                }
                            } else if !selected {
                                out.push(Action::OpenArticle(i).into());
                            }
                        }
                    }
                });
            if !wb.load_errors.is_empty() {
                ui.separator();
                egui::ScrollArea::vertical()
                    .id_salt("load_errors")
                    .max_height(40.0)
                    .show(ui, |ui| {
                        for e in &wb.load_errors {
                            ui.colored_label(egui::Color32::from_rgb(220, 60, 60), e.to_string());
                        }
                    });
            }
        });
    out
}
