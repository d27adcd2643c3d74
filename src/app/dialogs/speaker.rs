//! The speaker picker: a small window beside the claim (never on it) listing the
//! tagged actors and the suggested actors near the claim, nearest first. A tagged
//! actor is linked; a suggested one is accepted and linked in one undo step.

use super::super::palette::label_text;
use crate::model::{Label, Relation};
use crate::session::{Action, Session, SpeakerState};
use eframe::egui;
use egui::{Pos2, Rect, pos2, vec2};

/// At most this many choices are listed (nearest first); the others are clicked in the text.
const MAX_CHOICES: usize = 40;

/// The picker's content width: it fits over the inspector (320 wide) beside the article.
const PICKER_WIDTH: f32 = 270.0;

/// Where the picker goes: `claim` are the claim's rects on screen, `article` the
/// article's panel, `screen` the window, `size` the picker's size (last frame's).
/// Beside the claim first (right of the article, over the inspector, at the claim's
/// height; or at the window's right edge if that misses the claim), else below the
/// claim, else above it, else where there is most room;
/// returns the top-left corner and the height left for the list.
pub fn place(claim: &[Rect], article: Rect, screen: Rect, size: egui::Vec2) -> (Pos2, f32) {
    let seen: Vec<Rect> = claim.iter().copied().filter(|r| r.intersects(article)).collect();
    let Some(bbox) = seen.iter().copied().reduce(|a, b| a.union(b)) else {
        return (pos2(article.right() - size.x - 8.0, article.top() + 8.0), size.y);
    };
    let gap = 8.0;
    let clamp_y = |y: f32| {
        y.clamp(
            screen.top() + 4.0,
            (screen.bottom() - size.y - 4.0).max(screen.top() + 4.0),
        )
    };
    if article.right() + gap + size.x <= screen.right() {
        return (pos2(article.right() + gap, clamp_y(bbox.top())), size.y);
    }
    // At the window's right edge, at the claim's height, when that misses the claim.
    let edge = pos2(screen.right() - size.x - 4.0, clamp_y(bbox.top()));
    if !seen.iter().any(|r| r.intersects(Rect::from_min_size(edge, size))) {
        return (edge, size.y);
    }
    let x = bbox
        .left()
        .clamp(screen.left() + 4.0, (screen.right() - size.x - 4.0).max(screen.left()));
    let below = screen.bottom() - (bbox.bottom() + gap);
    let above = bbox.top() - gap - screen.top();
    if below >= size.y {
        return (pos2(x, bbox.bottom() + gap), size.y);
    }
    if above >= size.y {
        return (pos2(x, bbox.top() - gap - size.y), size.y);
    }
    if below >= above {
        (pos2(x, bbox.bottom() + gap), below.max(60.0))
    } else {
        let h = above.max(60.0);
        (pos2(x, bbox.top() - gap - h), h)
    }
}

/// Shows the picker while a claim's speaker is being picked; `claim_rects` are where
/// the claim is on screen, `article` the article panel. Returns the window's rect.
pub fn show(
    ctx: &egui::Context,
    wb: &Session,
    claim_rects: &[Rect],
    article: Rect,
    last: Option<Rect>,
    out: &mut Vec<super::Command>,
) -> Option<Rect> {
    let (Some(claim), Some(doc)) = (wb.cursor.picking_speaker, &wb.doc) else {
        return None;
    };
    let claim_text = doc.ann.span(claim).map(|s| s.text.clone()).unwrap_or_default();
    let size = last.map(|r| r.size()).unwrap_or(vec2(PICKER_WIDTH + 16.0, 300.0));
    let (pos, room) = place(claim_rects, article, ctx.content_rect(), size);
    let choices = wb.speaker_choices(claim);
    let resp = egui::Window::new("Pick the speaker")
        .collapsible(false)
        .resizable(false)
        .movable(false)
        .min_width(PICKER_WIDTH)
        .max_width(PICKER_WIDTH)
        .current_pos(pos)
        .show(ctx, |ui| {
            ui.add(
                egui::Label::new(format!(
                    "Who said \u{201c}{}\u{201d}? Click an ACTOR in the text (a dashed one is accepted too), or:",
                    claim_text.chars().take(60).collect::<String>()
                ))
                .wrap(),
            );
            let list_h = (room - 110.0).clamp(40.0, 260.0);
            egui::ScrollArea::vertical().max_height(list_h).show(ui, |ui| {
                if choices.is_empty() {
                    ui.label("No ACTOR spans or suggestions near this claim: tag the speaker first (A).");
                }
                let dark = ui.visuals().dark_mode;
                for c in choices.iter().take(MAX_CHOICES) {
                    let (text, note) = match c.state {
                        SpeakerState::Suggested { score, .. } => (
                            egui::RichText::new(format!("{} (suggested)", c.text)).italics(),
                            format!("{score:.2}, {} chars away", c.distance),
                        ),
                        _ => (egui::RichText::new(&c.text), format!("{} chars away", c.distance)),
                    };
                    let text = text.color(label_text(Label::Actor, dark));
                    let note = if c.proposed {
                        format!("{note}; the suggested speaker")
                    } else {
                        note
                    };
                    ui.horizontal_wrapped(|ui| {
                        let b = ui
                            .add(egui::Button::new(text))
                            .on_hover_text(format!("chars {}..{}: link as the speaker", c.start, c.end));
                        ui.small(note);
                        if b.clicked() {
                            out.push(
                                match c.state {
                                    SpeakerState::Tagged(id) => Action::Link(Relation::said_by(claim, id)),
                                    SpeakerState::Suggested { index, .. } => Action::LinkSuggestedSpeaker {
                                        claim,
                                        suggestion: index,
                                    },
                                    SpeakerState::Untagged => Action::CancelSpeaker,
                                }
                                .into(),
                            );
                        }
                    });
                }
                if choices.len() > MAX_CHOICES {
                    ui.small(format!(
                        "{} more further away: click them in the text",
                        choices.len() - MAX_CHOICES
                    ));
                }
            });
            if ui.button("Cancel").clicked() {
                out.push(Action::CancelSpeaker.into());
            }
        });
    resp.map(|r| r.response.rect)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(x0: f32, y0: f32, x1: f32, y1: f32) -> Rect {
        Rect::from_min_max(pos2(x0, y0), pos2(x1, y1))
    }

    #[test]
    fn the_picker_never_covers_the_claim() {
        let screen = r(0.0, 0.0, 1280.0, 800.0);
        let size = vec2(300.0, 250.0);
        let claim = [r(300.0, 300.0, 900.0, 320.0), r(280.0, 320.0, 600.0, 340.0)];
        // With room right of the article: beside it, at the claim's height.
        let article = r(260.0, 30.0, 940.0, 780.0);
        let (p, _) = place(&claim, article, screen, size);
        let w = Rect::from_min_size(p, size);
        assert!(claim.iter().all(|c| !c.intersects(w)), "{w:?}");
        assert!((p.y - 300.0).abs() < 1.0 && p.x > 940.0);
        // Full-width article: below the claim, or above when the claim is low.
        let article = r(0.0, 30.0, 1280.0, 780.0);
        for claim in [claim, [r(300.0, 600.0, 900.0, 620.0), r(280.0, 620.0, 600.0, 640.0)]] {
            let (p, h) = place(&claim, article, screen, size);
            let w = Rect::from_min_size(p, vec2(size.x, h));
            assert!(claim.iter().all(|c| !c.intersects(w)), "{w:?}");
        }
    }
}
