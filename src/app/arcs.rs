//! SAID_BY arcs in the article, as brat and INCEpTION draw them: a thin curve over the
//! text from the claim to its speaker, labelled SAID_BY, with an arrowhead at the
//! speaker. Suggested links (the current suggested claim and its speaker) are dashed.
//!
//! Clutter policy: by default only the links in focus are drawn: the selected span's
//! (a claim's speaker, or an actor's claims), the claim or actor under the pointer, the
//! claim holding the caret, and the current suggestion's speaker. View > "All speaker
//! arcs" draws every link that touches the visible part of the article instead. A
//! speaker more than [`FAR_PX`] away (or off screen) gets a small clickable tag at the
//! claim ("SAID_BY above: Lavrov") that jumps to it, never a page-long curve. Per frame
//! this costs a lookup of the links of a few spans (the index is rebuilt only when
//! the annotations change) and two row-rect computations per drawn link.

use super::document::{DocLayout, label_color, range_rects_in};
use crate::model::{Label, SpanId};
use crate::session::{Action, Cursor, Doc, SpeakerState, SuggestedSpeaker};
use egui::epaint::CubicBezierShape;
use egui::{Align2, Color32, FontId, Rect, Shape, Stroke, pos2, vec2};

/// A speaker further than this (vertically, in points) gets a tag instead of a curve.
pub const FAR_PX: f32 = 150.0;
/// Above this many links in view, "all arcs" falls back to the links in focus.
const MAX_ALL: usize = 60;

/// One SAID_BY link of the article, by span index and range.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Link {
    claim: (usize, usize),
    claim_id: SpanId,
    speaker: (usize, usize),
    speaker_id: SpanId,
}

/// The article's links, rebuilt when its annotations change.
#[derive(Debug, Default)]
pub struct Links {
    version: u64,
    /// Sorted by the claim's start.
    links: Vec<Link>,
}

impl Links {
    pub fn ensure(&mut self, doc: &Doc) {
        if self.version == doc.version {
            return;
        }
        self.version = doc.version;
        let by_id: std::collections::HashMap<SpanId, (usize, usize, Label)> = doc
            .ann
            .spans
            .iter()
            .map(|s| (s.id, (s.start, s.end, s.label)))
            .collect();
        self.links = doc
            .ann
            .relations
            .iter()
            .filter_map(|r| {
                let c = by_id.get(&r.claim)?;
                let s = by_id.get(&r.speaker)?;
                Some(Link {
                    claim: (c.0, c.1),
                    claim_id: r.claim,
                    speaker: (s.0, s.1),
                    speaker_id: r.speaker,
                })
            })
            .collect();
        self.links.sort_by_key(|l| (l.claim, l.speaker));
    }
}

/// How a drawn link looks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArcKind {
    /// A SAID_BY relation of the annotations.
    Linked,
    /// The current suggested claim's speaker (not accepted yet).
    Suggested,
}

/// What the last frame drew for one link (tests read `DocLayout::arcs`).
#[derive(Debug, Clone, PartialEq)]
pub struct DrawnArc {
    pub claim: (usize, usize),
    pub speaker: (usize, usize),
    pub kind: ArcKind,
    /// Drawn as a tag at the claim (the speaker is far or off screen), not a curve.
    pub far: bool,
}

/// What the arcs need besides the layout.
pub struct ArcInput<'a> {
    pub doc: &'a Doc,
    pub cursor: &'a Cursor,
    /// The char under the pointer.
    pub hover: Option<usize>,
    /// The current suggestion's claim range and its speaker.
    pub current: Option<((usize, usize), &'a SuggestedSpeaker)>,
    pub all: bool,
    /// The visible chars (first visible unit's start .. last one's end).
    pub visible: (usize, usize),
}

fn contains(r: (usize, usize), c: usize) -> bool {
    r.0 <= c && c < r.1
}

/// The links to draw this frame (see the module's clutter policy).
fn wanted(links: &Links, inp: &ArcInput<'_>) -> Vec<Link> {
    let all = &links.links;
    let mut out: Vec<Link> = Vec::new();
    let mut push = |l: &Link| {
        if !out.contains(l) {
            out.push(*l);
        }
    };
    if inp.all {
        let (vs, ve) = inp.visible;
        let touches = |r: (usize, usize)| r.0 < ve && r.1 > vs;
        let seen: Vec<&Link> = all.iter().filter(|l| touches(l.claim) || touches(l.speaker)).collect();
        if seen.len() <= MAX_ALL {
            seen.into_iter().for_each(&mut push);
            return out;
        }
    }
    let sel = inp.cursor.selected_span;
    for l in all {
        let focus = sel == Some(l.claim_id)
            || sel == Some(l.speaker_id)
            || inp
                .hover
                .is_some_and(|c| contains(l.claim, c) || contains(l.speaker, c))
            || (sel.is_none() && contains(l.claim, inp.cursor.caret));
        if focus {
            push(l);
        }
    }
    out
}

/// The rect of `[s, e)` nearest its partner: its first row (`last` false) or last row,
/// in screen space.
fn edge_rect(layout: &DocLayout, ctx: &egui::Context, r: (usize, usize), last: bool) -> Option<Rect> {
    let paras = &layout.paras;
    if paras.is_empty() || r.0 >= r.1 {
        return None;
    }
    let i = if last {
        paras.partition_point(|p| p.start < r.1).checked_sub(1)?
    } else {
        paras.partition_point(|p| p.end <= r.0)
    };
    let p = paras.get(i)?.clone();
    if r.0 >= p.end || r.1 <= p.start {
        return None;
    }
    let g = layout.galley_of(ctx, i);
    let (a, b) = (r.0.max(p.start) - p.start, r.1.min(p.end) - p.start);
    let rects = range_rects_in(&g, a, b, layout.unit_origin(i));
    if last {
        rects.last().copied()
    } else {
        rects.first().copied()
    }
}

/// Paints the arcs over the text and the far-speaker tags; returns what the tags ask.
pub fn paint(ui: &mut egui::Ui, layout: &mut DocLayout, links: &Links, inp: &ArcInput<'_>) -> Vec<Action> {
    let ctx = ui.ctx().clone();
    let mut cmds = Vec::new();
    let mut drawn = Vec::new();
    let dark = ui.visuals().dark_mode;
    let viewport = ui.clip_rect();
    let mut jobs: Vec<(Link, ArcKind, Option<&SuggestedSpeaker>)> = wanted(links, inp)
        .into_iter()
        .map(|l| (l, ArcKind::Linked, None))
        .collect();
    if let Some((claim, sp)) = inp.current {
        let l = Link {
            claim,
            claim_id: 0,
            speaker: (sp.start, sp.end),
            speaker_id: match sp.state {
                SpeakerState::Tagged(id) => id,
                _ => 0,
            },
        };
        jobs.push((l, ArcKind::Suggested, Some(sp)));
    }
    let painter = ui.painter().clone();
    let mut shapes = Vec::new();
    let mut levels: Vec<(f32, f32, f32)> = Vec::new();
    let mut labels: Vec<Rect> = Vec::new();
    for (l, kind, sugg) in jobs {
        let before = l.speaker.0 < l.claim.0;
        let (Some(cr), Some(sr)) = (
            edge_rect(layout, &ctx, l.claim, !before),
            edge_rect(layout, &ctx, l.speaker, before),
        ) else {
            continue;
        };
        let base = match kind {
            ArcKind::Linked => {
                if dark {
                    Color32::from_rgb(200, 160, 255)
                } else {
                    Color32::from_rgb(110, 40, 170)
                }
            }
            ArcKind::Suggested => label_color(Label::Claim),
        };
        // A suggested speaker that is not an ACTOR span yet: a dashed box joins it.
        if kind == ArcKind::Suggested && !matches!(sugg.map(|s| &s.state), Some(SpeakerState::Tagged(_))) {
            let r = sr.expand(1.0);
            let c = label_color(Label::Actor);
            shapes.push(Shape::rect_filled(r, 2.0, c.gamma_multiply(0.18)));
            let pts = [
                r.left_top(),
                r.right_top(),
                r.right_bottom(),
                r.left_bottom(),
                r.left_top(),
            ];
            shapes.extend(Shape::dashed_line(&pts, Stroke::new(2.0, c), 4.0, 3.0));
        }
        let on_screen = viewport.intersects(sr) && viewport.intersects(cr);
        let far = (sr.center().y - cr.center().y).abs() > FAR_PX || !on_screen;
        if far {
            // A tag at the claim's edge pointing at the speaker.
            let name = ctx_text(inp.doc, l.speaker);
            let side = if before { "above" } else { "below" };
            let what = if kind == ArcKind::Suggested {
                "suggested speaker"
            } else {
                "SAID_BY"
            };
            let chars = crate::session::bulk::gap(l.claim, l.speaker);
            let text = format!("{what} {side}: {name}");
            let font = FontId::proportional(11.0);
            let g = painter.layout_no_wrap(text.clone(), font, base);
            let at = if before {
                cr.left_top() - vec2(0.0, 2.0)
            } else {
                cr.right_bottom() + vec2(4.0, 2.0)
            };
            // Inside the text's width: a tag never widens the article.
            let size = g.size() + vec2(8.0, 4.0);
            let (left, right) = layout.text_x_range();
            let at = pos2(at.x.min(right - size.x).max(left), at.y);
            let rect = if before {
                Align2::LEFT_BOTTOM.anchor_size(at, size)
            } else {
                Align2::LEFT_TOP.anchor_size(at, size)
            };
            let id = egui::Id::unique(("said_by_tag", l.claim, l.speaker));
            let resp = ui.interact(rect, id, egui::Sense::click());
            resp.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, &text));
            let hovered = resp.hovered();
            let fill = ui
                .visuals()
                .extreme_bg_color
                .gamma_multiply(if hovered { 1.0 } else { 0.9 });
            shapes.push(Shape::rect_filled(rect, 3.0, fill));
            shapes.push(Shape::rect_stroke(
                rect,
                3.0,
                Stroke::new(if hovered { 1.5 } else { 1.0 }, base.gamma_multiply(0.7)),
                egui::StrokeKind::Inside,
            ));
            shapes.push(Shape::galley(rect.min + vec2(4.0, 2.0), g, base));
            let resp = resp.on_hover_text(format!(
                "{} chars away: click to go to the speaker",
                fmt_thousands(chars)
            ));
            if resp.clicked() {
                match (kind, sugg.map(|s| &s.state)) {
                    (ArcKind::Linked, _) => cmds.push(Action::SelectSpan(l.speaker_id)),
                    (_, Some(SpeakerState::Tagged(id))) => cmds.push(Action::SelectSpan(*id)),
                    (_, Some(SpeakerState::Suggested { index, .. })) => cmds.push(Action::FocusSuggestion(*index)),
                    _ => cmds.push(Action::SetCaret(l.speaker.0)),
                }
            }
        } else {
            let p0 = pos2(sr.center().x, sr.top());
            let x = if before {
                cr.left() + 6.0
            } else {
                (cr.right() - 6.0).max(cr.left())
            };
            let x = x.clamp(cr.left(), cr.right().max(cr.left()));
            let p3 = pos2(x, cr.top());
            let (lo, hi) = (p0.x.min(p3.x), p0.x.max(p3.x));
            let mut h = (10.0 + (hi - lo) * 0.06).clamp(10.0, 26.0);
            // Arcs over the same stretch stack like brat's levels, so none hides another.
            let top0 = p0.y.min(p3.y);
            while levels
                .iter()
                .any(|&(a, b, t)| a < hi && lo < b && (t - (top0 - h)).abs() < 7.0)
            {
                h += 8.0;
            }
            levels.push((lo, hi, top0 - h));
            let top = top0 - h;
            let p1 = pos2(p0.x + (p3.x - p0.x) * 0.15, top);
            let p2 = pos2(p3.x - (p3.x - p0.x) * 0.15, top);
            let stroke = Stroke::new(1.3, base.gamma_multiply(0.85));
            let curve = CubicBezierShape::from_points_stroke([p0, p1, p2, p3], false, Color32::TRANSPARENT, stroke);
            match kind {
                ArcKind::Linked => shapes.push(Shape::CubicBezier(curve)),
                ArcKind::Suggested => {
                    let pts = curve.flatten(Some(0.5));
                    shapes.extend(Shape::dashed_line(&pts, Stroke::new(1.6, base), 4.0, 3.0));
                }
            }
            // Arrowhead at the speaker.
            let tip = p0;
            let dir = (p1 - p0).normalized();
            let side = vec2(-dir.y, dir.x) * 3.5;
            let back = tip + dir * 7.0;
            shapes.push(Shape::convex_polygon(
                vec![tip, back + side, back - side],
                base,
                Stroke::NONE,
            ));
            // The label at the top of the curve.
            let mid = pos2((p0.x + p3.x) * 0.5, top + (top0 - top) * 0.25);
            let label = if kind == ArcKind::Suggested {
                "SAID_BY?"
            } else {
                "SAID_BY"
            };
            let g = painter.layout_no_wrap(label.to_string(), FontId::proportional(9.5), base);
            let r = Align2::CENTER_CENTER.anchor_size(mid, g.size() + vec2(4.0, 0.0));
            // One label where several arcs meet (the others would hide it), none on an
            // arc too short to carry it.
            if hi - lo > r.width() + 24.0 && !labels.iter().any(|o: &Rect| o.intersects(r)) {
                labels.push(r);
                let fill = ui.visuals().extreme_bg_color.gamma_multiply(0.85);
                shapes.push(Shape::rect_filled(r, 2.0, fill));
                shapes.push(Shape::galley(r.min + vec2(2.0, 0.0), g, base));
            }
        }
        drawn.push(DrawnArc {
            claim: l.claim,
            speaker: l.speaker,
            kind,
            far,
        });
    }
    painter.extend(shapes);
    layout.arcs = drawn;
    cmds
}

/// The speaker's text, shortened for a tag.
fn ctx_text(doc: &Doc, r: (usize, usize)) -> String {
    let t = doc.text.slice(r.0, r.1.min(doc.text.len_chars()));
    if t.chars().count() > 28 {
        let mut s: String = t.chars().take(27).collect();
        s.push('\u{2026}');
        s
    } else {
        t.to_string()
    }
}

/// 1900 -> "1,900".
fn fmt_thousands(n: usize) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, ch) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::fmt_thousands;

    #[test]
    fn thousands() {
        assert_eq!(fmt_thousands(5), "5");
        assert_eq!(fmt_thousands(1900), "1,900");
        assert_eq!(fmt_thousands(1234567), "1,234,567");
    }
}
