//! The inspector (right): the article's spans grouped by label (each jumps to and
//! selects its place, each can be deleted), claims with their speakers, a filter box,
//! and the open suggestions with their reasons. One flat, virtualised list, rebuilt
//! only when the annotations, the suggestions or the filter change.

use super::command_table::{self as commands, CmdId, Command};
use super::palette::label_text;
use super::view::View;
use crate::model::{Label, Relation, SpanId};
use crate::session::{Action, Session};
use eframe::egui;

#[derive(Debug, Clone)]
enum Row {
    Header(Label, usize),
    Span(usize),
    Speaker { claim: SpanId, speaker: SpanId },
    NoSpeaker(SpanId),
    SuggHeader(usize),
    Sugg(usize),
}

#[derive(Default)]
pub struct Cache {
    key: (u64, String, String, bool, usize, usize),
    rows: Vec<Row>,
    /// The panel's rect in the last frame (tests check nothing sticks out of it).
    pub panel: Option<egui::Rect>,
}

fn short(s: &str, n: usize) -> String {
    let one: String = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if one.chars().count() <= n {
        one
    } else {
        let mut t: String = one.chars().take(n).collect();
        t.push('\u{2026}');
        t
    }
}

fn build(wb: &Session, view: &View) -> Vec<Row> {
    let Some(doc) = &wb.doc else { return Vec::new() };
    let f = view.filter.to_lowercase();
    let matches = |t: &str| f.is_empty() || t.to_lowercase().contains(&f);
    let mut rows = Vec::new();
    for l in Label::ALL {
        let idx: Vec<usize> = doc
            .ann
            .spans
            .iter()
            .enumerate()
            .filter(|(_, s)| s.label == l && matches(&s.text))
            .map(|(i, _)| i)
            .collect();
        rows.push(Row::Header(l, idx.len()));
        for i in idx {
            rows.push(Row::Span(i));
            if l == Label::Claim {
                let id = doc.ann.spans[i].id;
                let sp: Vec<SpanId> = doc.ann.speakers_of(id).collect();
                if sp.is_empty() {
                    rows.push(Row::NoSpeaker(id));
                }
                for s in sp {
                    rows.push(Row::Speaker { claim: id, speaker: s });
                }
            }
        }
    }
    let mut open: Vec<usize> = (0..wb.suggestions.len())
        .filter(|&k| wb.suggestion_open(k))
        .filter(|&k| {
            let s = &wb.suggestions[k];
            matches(doc.text.slice(s.start, s.end))
        })
        .collect();
    if view.least_sure_first {
        crate::session::least_sure_first(&wb.suggestions, &mut open);
    }
    rows.push(Row::SuggHeader(open.len()));
    rows.extend(open.into_iter().map(Row::Sugg));
    rows
}

/// Shows the inspector at most `max_width` wide (the article keeps the rest).
pub fn show(ui: &mut egui::Ui, wb: &Session, view: &mut View, cache: &mut Cache, max_width: f32) -> Vec<Command> {
    let mut out = Vec::new();
    // A narrow window gets its own panel state, so the width it forced is not kept
    // once the window is wide again.
    let id = if max_width >= super::view::INSPECTOR_WIDTH {
        "inspector"
    } else {
        "inspector_narrow"
    };
    let panel = egui::Panel::right(id)
        .resizable(true)
        .default_size(super::view::INSPECTOR_WIDTH.min(max_width))
        .size_range(super::view::INSPECTOR_MIN.min(max_width)..=max_width)
        .show(ui, |ui| {
            ui.heading("Inspector");
            ui.horizontal(|ui| {
                ui.label("Filter:");
                ui.add(
                    egui::TextEdit::singleline(&mut view.filter)
                        .hint_text("text of spans and suggestions")
                        .desired_width(f32::INFINITY),
                )
                .on_hover_text("Show only spans and suggestions whose text contains this");
            });
            ui.horizontal_wrapped(|ui| {
                ui.label("Accept all:");
                for l in Label::ALL {
                    let id = commands::accept_all_command(l);
                    if ui
                        .button(commands::info(id).name)
                        .on_hover_text(commands::tooltip(ui.ctx(), id))
                        .clicked()
                    {
                        out.push(Command::Run(id));
                    }
                }
            });
            ui.horizontal_wrapped(|ui| {
                // The slider shrinks with the panel, so nothing is pushed out of it.
                ui.spacing_mut().slider_width = (ui.available_width() - 110.0).clamp(40.0, 160.0);
                ui.add(egui::Slider::new(&mut view.min_score, 0.0..=1.0).text("score"));
                let n = wb
                    .open_suggestions()
                    .iter()
                    .filter(|s| s.score >= view.min_score)
                    .count();
                ui.label(format!("{n} would be accepted"));
                let id = CmdId::AcceptAboveScore;
                if ui
                    .button(commands::info(id).name)
                    .on_hover_text(commands::tooltip(ui.ctx(), id))
                    .clicked()
                {
                    out.push(Command::Run(id));
                }
            });
            ui.checkbox(&mut view.least_sure_first, "Least sure first")
                .on_hover_text("List suggestions by uncertainty (score nearest 0.5 first): each decision there teaches the model most");
            ui.separator();
            let Some(doc) = &wb.doc else { return };
            let key = (
                doc.version,
                doc.id.clone(),
                view.filter.clone(),
                view.least_sure_first,
                wb.suggestions.len(),
                wb.suggestions.as_ptr() as usize,
            );
            if cache.key != key {
                cache.rows = build(wb, view);
                cache.key = key;
            }
            let doc = wb.doc.as_ref().unwrap();
            // The list cuts long reasons: the current suggestion's reason is shown whole.
            if let Some(s) = wb.cursor.current_suggestion.and_then(|k| wb.suggestions.get(k)) {
                ui.add(egui::Label::new(format!("Why: {} (score {:.2})", s.why, s.score)).wrap());
                if s.label == Label::Claim {
                    let k = wb.cursor.current_suggestion.unwrap_or_default();
                    let text = match wb.suggested_speaker(k) {
                        Some(sp) => sp.describe(),
                        None => "speaker: none (no named source)".to_string(),
                    };
                    ui.add(
                        egui::Label::new(
                            egui::RichText::new(text).color(label_text(Label::Actor, ui.visuals().dark_mode)),
                        )
                        .wrap(),
                    );
                }
                ui.separator();
            }
            let rows = &cache.rows;
            let row_h = ui.spacing().interact_size.y + ui.spacing().item_spacing.y;
            let editable = doc.read_only.is_none();
            egui::ScrollArea::vertical()
                .id_salt("inspector_rows")
                .auto_shrink([false, false])
                .show_rows(ui, row_h - ui.spacing().item_spacing.y, rows.len(), |ui, range| {
                    for r in &rows[range] {
                        ui.horizontal(|ui| {
                            ui.set_height(ui.spacing().interact_size.y);
                            match r {
                                Row::Header(l, n) => {
                                    ui.label(
                                        egui::RichText::new(format!("{} ({n})", l.upper()))
                                            .strong()
                                            .color(label_text(*l, ui.visuals().dark_mode)),
                                    );
                                }
                                Row::Span(i) => {
                                    let s = &doc.ann.spans[*i];
                                    if editable
                                        && ui
                                            .small_button("Delete")
                                            .on_hover_text(format!("Remove this {} span", s.label))
                                            .clicked()
                                    {
                                        out.push(Action::DeleteSpan(s.id).into());
                                    }
                                    let sel = wb.cursor.selected_span == Some(s.id);
                                    let text = format!("{}  {}..{}", short(&s.text, 40), s.start, s.end);
                                    if ui
                                        .add(egui::Button::selectable(sel, text).truncate())
                                        .on_hover_text(format!(
                                            "{} \u{201c}{}\u{201d}: click to select it",
                                            s.label, s.text
                                        ))
                                        .clicked()
                                    {
                                        out.push(Action::SelectSpan(s.id).into());
                                    }
                                }
                                Row::Speaker { claim, speaker } => {
                                    ui.add_space(24.0);
                                    let name = doc.ann.span(*speaker).map(|s| s.text.clone()).unwrap_or_default();
                                    ui.label(
                                        egui::RichText::new(format!("said by {name}"))
                                            .color(label_text(Label::Actor, ui.visuals().dark_mode)),
                                    );
                                    if editable
                                        && ui
                                            .small_button("Unlink")
                                            .on_hover_text("Remove this speaker link")
                                            .clicked()
                                    {
                                        out.push(Action::Unlink(Relation::said_by(*claim, *speaker)).into());
                                    }
                                }
                                Row::NoSpeaker(claim) => {
                                    ui.add_space(24.0);
                                    if editable
                                        && ui
                                            .small_button("Pick speaker")
                                            .on_hover_text("Select this claim and pick its speaker (S)")
                                            .clicked()
                                    {
                                        out.push(Action::SelectSpan(*claim).into());
                                        out.push(Command::Run(CmdId::PickSpeaker));
                                    }
                                    // Truncated: a long name never widens the panel.
                                    let text = match wb.pending_speakers().get(claim) {
                                        Some(&(a, b)) => format!(
                                            "waiting for {} (linked once tagged ACTOR)",
                                            short(doc.text.slice(a, b), 24)
                                        ),
                                        None => "no speaker".to_string(),
                                    };
                                    ui.add(egui::Label::new(egui::RichText::new(text).weak()).truncate());
                                }
                                Row::SuggHeader(n) => {
                                    ui.label(egui::RichText::new(format!("SUGGESTIONS ({n})")).strong());
                                }
                                Row::Sugg(k) => {
                                    let s = &wb.suggestions[*k];
                                    if editable
                                        && ui
                                            .small_button("Accept")
                                            .on_hover_text(commands::tooltip(ui.ctx(), CmdId::AcceptSuggestion))
                                            .clicked()
                                    {
                                        out.push(Action::AcceptSuggestion(*k).into());
                                    }
                                    if editable
                                        && ui
                                            .small_button("Reject")
                                            .on_hover_text(commands::tooltip(ui.ctx(), CmdId::RejectSuggestion))
                                            .clicked()
                                    {
                                        out.push(Action::RejectSuggestion(*k).into());
                                    }
                                    let cur = wb.cursor.current_suggestion == Some(*k);
                                    let text = egui::RichText::new(format!(
                                        "{} {}: {}",
                                        s.label.upper().get(..3).unwrap_or_default(),
                                        short(doc.text.slice(s.start, s.end), 24),
                                        s.why
                                    ))
                                    .color(label_text(s.label, ui.visuals().dark_mode));
                                    if ui
                                        .add(egui::Button::selectable(cur, text).truncate())
                                        .on_hover_text(format!("{} (score {:.2}, {})", s.why, s.score, s.source))
                                        .clicked()
                                    {
                                        out.push(Action::FocusSuggestion(*k).into());
                                    }
                                }
                            }
                        });
                    }
                });
        });
    cache.panel = Some(panel.response.rect);
    out
}
