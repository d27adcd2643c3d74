//! The document view: our own widget. The article is laid out per paragraph (the
//! layout job of a paragraph is kept until the wrap width changes; egui caches the
//! galley by the job's hash), only visible paragraphs are laid out and painted
//! (`ScrollArea::show_viewport` with our own height table), span highlights are
//! painted before the text, and suggestions, selection and caret are overlays, so the
//! jobs never change while the analyst works.

use super::arcs::{self, ArcInput, DrawnArc};
use crate::model::{Label, Span};
use crate::session::{Action, Cursor, Doc, SuggestedSpeaker};
use crate::suggest::Suggestion;
use egui::text::{CCursor, Galley, LayoutJob};
use egui::{Color32, FontId, Id, Pos2, Rect, Sense, Shape, Stroke, StrokeKind, Vec2, pos2, vec2};
use std::ops::Range;
use std::sync::Arc;

pub const DOC_ID: &str = "spanbench_article_text";
const PARA_GAP: f32 = 10.0;
const LINE_GAP: f32 = 2.0;
const MARGIN: f32 = 8.0;

pub fn doc_id() -> Id {
    Id::unique(DOC_ID)
}

pub fn label_color(l: Label) -> Color32 {
    match l {
        Label::Actor => Color32::from_rgb(52, 120, 246),
        Label::Claim => Color32::from_rgb(230, 150, 20),
        Label::Location => Color32::from_rgb(30, 160, 80),
    }
}

/// The visible part of the article in content space (top, height), as of the last frame.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Viewport {
    top: f32,
    height: f32,
}

impl Viewport {
    pub fn top(&self) -> f32 {
        self.top
    }

    pub fn height(&self) -> f32 {
        self.height
    }
}

/// The cached layout of the open article.
#[derive(Default)]
pub struct DocLayout {
    article: String,
    width: f32,
    font_size: f32,
    dark: bool,
    pub paras: Vec<Range<usize>>,
    jobs: Vec<LayoutJob>,
    heights: Vec<f32>,
    /// Space above each unit: a paragraph gap after a blank line, a line gap otherwise.
    gaps: Vec<f32>,
    measured: Vec<bool>,
    tops: Vec<f32>,
    total: f32,
    spans_version: u64,
    /// Indices into `ann.spans` per paragraph, claims first, then locations, actors.
    para_spans: Vec<Vec<u32>>,
    /// Last frame's content origin (screen) and scroll viewport, for caret moves.
    origin: Pos2,
    /// How many times the layout jobs / the per-unit span lists were rebuilt (tests
    /// check that idle frames rebuild nothing).
    pub job_rebuilds: u64,
    pub span_rebuilds: u64,
    /// The last click (time, char), to see double clicks ourselves.
    last_click: Option<(f64, usize)>,
    /// The visible part of the article (content space), as of the last frame.
    pub viewport: Viewport,
    /// A scroll offset to jump to on the next frame (PageUp / PageDown).
    scroll_offset: Option<f32>,
    /// The article's SAID_BY links (rebuilt when the annotations change).
    links: arcs::Links,
    /// The speaker links drawn in the last frame (curves and far tags).
    pub arcs: Vec<DrawnArc>,
}

impl DocLayout {
    pub fn reset(&mut self) {
        let (j, s) = (self.job_rebuilds, self.span_rebuilds);
        *self = DocLayout {
            job_rebuilds: j,
            span_rebuilds: s,
            ..DocLayout::default()
        };
    }

    /// Rebuilds what changed: jobs and heights on a new article or width; the
    /// per-paragraph span lists when the annotations changed.
    pub fn ensure(&mut self, ctx: &egui::Context, doc: &Doc, width: f32, font_size: f32, color: Color32) {
        let dark = ctx.theme() == egui::Theme::Dark;
        let new_article = self.article != doc.id || self.jobs.len() != doc.paragraphs.len();
        if new_article || (self.width - width).abs() > 0.5 || self.font_size != font_size || self.dark != dark {
            self.job_rebuilds += 1;
            self.article = doc.id.clone();
            self.width = width;
            self.font_size = font_size;
            self.dark = dark;
            self.paras = doc.paragraphs.clone();
            let font = FontId::proportional(font_size);
            self.jobs = self
                .paras
                .iter()
                .map(|p| {
                    let s = doc.text.slice(p.start, p.end);
                    // '\r' would show as a missing glyph; it keeps its char slot as a space.
                    let s = if s.contains('\r') {
                        s.replace('\r', " ")
                    } else {
                        s.to_string()
                    };
                    LayoutJob::simple(s, font.clone(), color, width)
                })
                .collect();
            let row_h = ctx.fonts_mut(|f| f.row_height(&font));
            let char_w = font_size * 0.5;
            let per_row = (width / char_w).max(8.0);
            let chars: usize = self.paras.iter().map(|p| p.len()).sum();
            let exact = chars < 200_000;
            self.heights = self
                .paras
                .iter()
                .enumerate()
                .map(|(i, p)| {
                    if exact {
                        ctx.fonts_mut(|f| f.layout_job(self.jobs[i].clone())).size().y
                    } else {
                        let lines = doc.text.slice(p.start, p.end).matches('\n').count() as f32;
                        ((p.len() as f32 / per_row).ceil() + lines).max(1.0) * row_h
                    }
                })
                .collect();
            self.measured = vec![exact; self.paras.len()];
            self.gaps = (0..self.paras.len())
                .map(|i| {
                    if i == 0 {
                        0.0
                    } else if doc
                        .text
                        .slice(self.paras[i - 1].end, self.paras[i].start)
                        .matches('\n')
                        .count()
                        >= 2
                    {
                        PARA_GAP
                    } else {
                        LINE_GAP
                    }
                })
                .collect();
            self.recompute_tops();
            self.spans_version = u64::MAX;
        }
        if self.spans_version != doc.version {
            self.span_rebuilds += 1;
            self.spans_version = doc.version;
            self.para_spans = vec![Vec::new(); self.paras.len()];
            let mut order: Vec<u32> = (0..doc.ann.spans.len() as u32).collect();
            let rank = |l: Label| match l {
                Label::Claim => 0,
                Label::Location => 1,
                Label::Actor => 2,
            };
            order.sort_by_key(|&i| rank(doc.ann.spans[i as usize].label));
            for i in order {
                let s = &doc.ann.spans[i as usize];
                let mut p = self.paras.partition_point(|r| r.end <= s.start);
                while p < self.paras.len() && self.paras[p].start < s.end {
                    self.para_spans[p].push(i);
                    p += 1;
                }
            }
        }
    }

    fn recompute_tops(&mut self) {
        self.tops.clear();
        let mut y = MARGIN;
        for (h, g) in self.heights.iter().zip(&self.gaps) {
            y += g;
            self.tops.push(y);
            y += h;
        }
        self.total = y + MARGIN;
    }

    fn galley(&self, ctx: &egui::Context, i: usize) -> Arc<Galley> {
        ctx.fonts_mut(|f| f.layout_job(self.jobs[i].clone()))
    }

    /// The galley of unit `i` (egui's cache makes this a lookup once laid out).
    pub(super) fn galley_of(&self, ctx: &egui::Context, i: usize) -> Arc<Galley> {
        self.galley(ctx, i)
    }

    /// The left and right screen x of the article's text column, as of the last frame.
    pub(super) fn text_x_range(&self) -> (f32, f32) {
        (self.origin.x + MARGIN, self.origin.x + MARGIN + self.width)
    }

    /// Where unit `i` is drawn on screen, as of the last frame.
    pub(super) fn unit_origin(&self, i: usize) -> Pos2 {
        self.origin + vec2(MARGIN, self.tops.get(i).copied().unwrap_or(0.0))
    }

    /// Screen rects of the char range `[s, e)`, row by row, as of the last frame (for
    /// placing windows beside a span). Lays out only the units the range covers.
    pub fn range_screen_rects(&self, ctx: &egui::Context, s: usize, e: usize) -> Vec<Rect> {
        let mut out = Vec::new();
        let mut i = self.paras.partition_point(|r| r.end <= s);
        while i < self.paras.len() && self.paras[i].start < e {
            let p = &self.paras[i];
            let g = self.galley(ctx, i);
            let (a, b) = (s.max(p.start) - p.start, e.min(p.end) - p.start);
            out.extend(range_rects(&g, a, b, self.unit_origin(i)));
            i += 1;
        }
        out
    }

    /// The paragraph holding char `c` (or the nearest one after it).
    fn para_of(&self, c: usize) -> usize {
        self.paras
            .partition_point(|r| r.end < c)
            .min(self.paras.len().saturating_sub(1))
    }

    /// The content-space rect (origin at the top-left of the content) of the caret at char `c`.
    pub fn caret_rect(&self, ctx: &egui::Context, c: usize) -> Option<Rect> {
        if self.paras.is_empty() {
            return None;
        }
        let i = self.para_of(c);
        let p = &self.paras[i];
        let local = c.clamp(p.start, p.end) - p.start;
        let g = self.galley(ctx, i);
        Some(
            g.pos_from_cursor(CCursor::new(local))
                .translate(vec2(MARGIN, self.tops[i])),
        )
    }

    /// Where char `c` is on screen (the middle of its caret line), as of the last frame.
    pub fn screen_pos(&self, ctx: &egui::Context, c: usize) -> Option<Pos2> {
        self.caret_rect(ctx, c).map(|r| r.center() + self.origin.to_vec2())
    }

    /// The char nearest to a content-space point.
    pub fn char_at(&self, ctx: &egui::Context, pos: Pos2) -> usize {
        if self.paras.is_empty() {
            return 0;
        }
        let mut i = self.tops.partition_point(|&t| t <= pos.y).saturating_sub(1);
        let bottom = self.tops[i] + self.heights[i];
        if pos.y > bottom && i + 1 < self.paras.len() && pos.y - bottom > (self.tops[i + 1] - pos.y) {
            i += 1;
        }
        let g = self.galley(ctx, i);
        let local = g.cursor_from_pos(vec2(pos.x - MARGIN, pos.y - self.tops[i])).index.0;
        (self.paras[i].start + local).min(self.paras[i].end)
    }

    /// The char one row above (`dir` < 0) or below the caret, at the same x.
    pub fn vertical_move(&self, ctx: &egui::Context, c: usize, dir: i32) -> usize {
        let Some(r) = self.caret_rect(ctx, c) else { return c };
        let y = if dir < 0 { r.top() - 4.0 } else { r.bottom() + 4.0 };
        let y = if dir < 0 {
            // Skip the gap between paragraphs.
            let i = self.para_of(c);
            if y < self.tops[i] && i > 0 {
                self.tops[i - 1] + self.heights[i - 1] - 2.0
            } else {
                y
            }
        } else {
            let i = self.para_of(c);
            if y > self.tops[i] + self.heights[i] && i + 1 < self.paras.len() {
                self.tops[i + 1] + 2.0
            } else {
                y
            }
        };
        self.char_at(ctx, pos2(r.left(), y))
    }

    /// PageDown (`dir` > 0) / PageUp: the article scrolls by a page (less a margin)
    /// and the caret moves as far, keeping its place on screen.
    pub fn page_move(&mut self, ctx: &egui::Context, c: usize, dir: i32) -> usize {
        let Some(r) = self.caret_rect(ctx, c) else { return c };
        let page = (self.viewport.height() - 60.0).max(20.0) * dir.signum() as f32;
        let max_top = (self.total - self.viewport.height()).max(0.0);
        self.scroll_offset = Some((self.viewport.top() + page).clamp(0.0, max_top));
        let y = (r.center().y + page).clamp(0.0, self.total.max(0.0));
        if dir > 0 && r.center().y + page > self.total {
            return self.paras.last().map_or(c, |p| p.end);
        }
        if dir < 0 && r.center().y + page < 0.0 {
            return 0;
        }
        self.char_at(ctx, pos2(r.left(), y))
    }

    /// Start (`end` false) or end of the visual row holding the caret.
    pub fn row_edge(&self, ctx: &egui::Context, c: usize, end: bool) -> usize {
        let Some(r) = self.caret_rect(ctx, c) else { return c };
        let x = if end { self.width + MARGIN + 100.0 } else { 0.0 };
        self.char_at(ctx, pos2(x, r.center().y))
    }
}

/// Screen rects of local char range `[s, e)` in a galley placed at `o`, row by row.
pub(super) fn range_rects_in(g: &Galley, s: usize, e: usize, o: Pos2) -> Vec<Rect> {
    range_rects(g, s, e, o)
}

fn range_rects(g: &Galley, s: usize, e: usize, o: Pos2) -> Vec<Rect> {
    let mut out = Vec::new();
    let mut idx = 0usize;
    for row in &g.rows {
        let n = row.row.glyphs.len();
        let rs = idx;
        let re = idx + n;
        idx += row.char_count_including_newline().0;
        if e <= rs {
            break;
        }
        if s >= re && !(s == re && n == 0) {
            continue;
        }
        let a = s.max(rs) - rs;
        let b = e.min(re) - rs;
        if b <= a {
            continue;
        }
        let x0 = row.row.x_offset(egui::text::CharIndex(a));
        let x1 = row.row.x_offset(egui::text::CharIndex(b));
        let r = row.rect();
        out.push(Rect::from_min_max(
            pos2(o.x + row.pos.x + x0, o.y + r.min.y),
            pos2(o.x + row.pos.x + x1, o.y + r.max.y),
        ));
    }
    out
}

fn dashed_rect(shapes: &mut Vec<Shape>, r: Rect, stroke: Stroke) {
    let pts = [
        r.left_top(),
        r.right_top(),
        r.right_bottom(),
        r.left_bottom(),
        r.left_top(),
    ];
    shapes.extend(Shape::dashed_line(&pts, stroke, 4.0, 3.0));
}

/// What the document view needs from the app.
pub struct DocInput<'a> {
    pub doc: &'a Doc,
    pub cursor: &'a Cursor,
    pub scroll_to: Option<usize>,
    pub suggestions: &'a [Suggestion],
    pub font_size: f32,
    /// Review mode: each analyst's version of the current disagreement.
    pub marks: &'a [Mark],
    /// The current suggestion's speaker, when it is a claim with one.
    pub current_speaker: Option<&'a SuggestedSpeaker>,
    /// Draw every speaker arc in view (View menu), not only those in focus.
    pub all_arcs: bool,
}

/// A char range drawn as a coloured bar under the text, one lane per analyst.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Mark {
    pub start: usize,
    pub end: usize,
    pub lane: usize,
    pub color: Color32,
}

fn span_at(doc: &Doc, c: usize, prefer_boxes: bool) -> Option<&Span> {
    let mut best: Option<&Span> = None;
    for s in doc.ann.spans.iter().take_while(|s| s.start <= c) {
        if s.end > c {
            let better = match best {
                None => true,
                Some(b) => {
                    if prefer_boxes && (b.label == Label::Claim) != (s.label == Label::Claim) {
                        s.label != Label::Claim
                    } else {
                        s.len() < b.len()
                    }
                }
            };
            if better {
                best = Some(s);
            }
        }
    }
    best
}

/// Shows the article; returns the commands the pointer asked for.
pub fn show(ui: &mut egui::Ui, layout: &mut DocLayout, input: DocInput<'_>) -> Vec<Action> {
    let DocInput {
        doc,
        cursor,
        scroll_to,
        suggestions,
        font_size,
        marks,
        current_speaker,
        all_arcs,
    } = input;
    let mut cmds = Vec::new();
    let ctx = ui.ctx().clone();
    let text_color = ui.visuals().text_color();
    let width = (ui.available_width() - 2.0 * MARGIN - 16.0).max(120.0);
    layout.ensure(&ctx, doc, width, font_size, text_color);
    let scroll_target = scroll_to.and_then(|c| layout.caret_rect(&ctx, c));

    let mut area = egui::ScrollArea::vertical()
        .id_salt("doc_scroll")
        .auto_shrink([false, false]);
    if let Some(r) = scroll_target {
        // Centre the target if it is off screen (handled below with scroll_to_rect).
        let _ = r;
    }
    area = area.animated(false);
    if let Some(off) = layout.scroll_offset.take() {
        area = area.vertical_scroll_offset(off);
    }
    area.show_viewport(ui, |ui, viewport| {
        layout.viewport = Viewport {
            top: viewport.top(),
            height: viewport.height(),
        };
        let origin = ui.max_rect().min;
        layout.origin = origin;
        let full = Rect::from_min_size(origin, vec2(width + 2.0 * MARGIN, layout.total));
        ui.set_min_size(full.size());
        let resp = ui.interact(full, doc_id(), Sense::click_and_drag());
        resp.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Document, true, "Article text"));
        if let Some(r) = scroll_target {
            ui.scroll_to_rect(r.translate(origin.to_vec2()).expand(40.0), None);
        }

        // Which paragraphs are visible.
        let first = layout.tops.partition_point(|&t| t < viewport.top()).saturating_sub(1);
        let mut visible = Vec::new();
        let mut i = first;
        while i < layout.paras.len() && layout.tops[i] <= viewport.bottom() {
            visible.push(i);
            i += 1;
        }
        let mut height_changed = false;
        let mut shapes: Vec<Shape> = Vec::new();
        let sel = cursor.selection(&doc.text);
        let selected = cursor.selected_span;
        let speakers: Vec<u32> = selected.map(|c| doc.ann.speakers_of(c).collect()).unwrap_or_default();
        let painter = ui.painter().clone();
        for &i in &visible {
            let g = layout.galley(&ctx, i);
            if !layout.measured[i] {
                layout.measured[i] = true;
                if (layout.heights[i] - g.size().y).abs() > 0.5 {
                    layout.heights[i] = g.size().y;
                    height_changed = true;
                }
            }
            let p = layout.paras[i].clone();
            let o = origin + vec2(MARGIN, layout.tops[i]);
            let local = |s: usize, e: usize| (s.max(p.start) - p.start, e.min(p.end) - p.start);
            for &si in &layout.para_spans[i] {
                let s = &doc.ann.spans[si as usize];
                let (a, b) = local(s.start, s.end);
                let c = label_color(s.label);
                let is_sel = selected == Some(s.id);
                let is_speaker = speakers.contains(&s.id);
                for r in range_rects(&g, a, b, o) {
                    match s.label {
                        Label::Claim => {
                            shapes.push(Shape::rect_filled(r, 0.0, c.gamma_multiply(super::palette::FILL_ALPHAS[0])));
                            shapes.push(Shape::line_segment(
                                [r.left_bottom(), r.right_bottom()],
                                Stroke::new(2.0, c),
                            ));
                            if is_sel {
                                shapes.push(Shape::rect_stroke(r, 0.0, Stroke::new(2.0, c), StrokeKind::Outside));
                            }
                        }
                        _ => {
                            let r = r.shrink2(vec2(0.0, 1.5)).expand2(vec2(1.0, 0.0));
                            shapes.push(Shape::rect_filled(r, 3.0, c.gamma_multiply(super::palette::FILL_ALPHAS[1])));
                            let w = if is_sel || is_speaker { 2.5 } else { 1.0 };
                            shapes.push(Shape::rect_stroke(r, 3.0, Stroke::new(w, c), StrokeKind::Inside));
                        }
                    }
                }
            }
            // Suggestions of this paragraph: faint dashed outlines.
            let from = suggestions.partition_point(|s| s.end <= p.start);
            for (k, s) in suggestions.iter().enumerate().skip(from) {
                if s.start >= p.end {
                    break;
                }
                if doc.ann.find(s.label, s.start, s.end).is_some() || doc.ann.is_rejected(s.label, s.start, s.end) {
                    continue;
                }
                let (a, b) = local(s.start, s.end);
                let current = cursor.current_suggestion == Some(k);
                let c = label_color(s.label);
                for r in range_rects(&g, a, b, o) {
                    let r = r.shrink2(vec2(0.0, 1.0));
                    if current {
                        shapes.push(Shape::rect_filled(r, 0.0, c.gamma_multiply(super::palette::FILL_ALPHAS[2])));
                        dashed_rect(&mut shapes, r, Stroke::new(2.0, c));
                    } else {
                        // Faint: a dashed underline and dashed ends, no fill (spans are filled).
                        let st = Stroke::new(1.2, c.gamma_multiply(0.7));
                        shapes.extend(Shape::dashed_line(&[r.left_bottom(), r.right_bottom()], st, 4.0, 3.0));
                        shapes.push(Shape::line_segment([r.left_top(), r.left_bottom()], st));
                        shapes.push(Shape::line_segment([r.right_top(), r.right_bottom()], st));
                    }
                }
            }
            for m in marks.iter().filter(|m| m.start < p.end && m.end > p.start) {
                let (a, b) = local(m.start, m.end);
                for r in range_rects(&g, a, b, o) {
                    let y = r.bottom() + 1.0 + m.lane as f32 * 3.5;
                    let bar = Rect::from_min_max(pos2(r.left(), y), pos2(r.right(), y + 2.5));
                    shapes.push(Shape::rect_filled(bar, 0.0, m.color));
                    shapes.push(Shape::rect_stroke(r, 2.0, Stroke::new(1.0, m.color), StrokeKind::Outside));
                }
            }
            if let Some((ss, se)) = sel
                && ss < p.end
                && se > p.start
            {
                let (a, b) = local(ss, se);
                for r in range_rects(&g, a, b, o) {
                    shapes.push(Shape::rect_filled(
                        r,
                        0.0,
                        Color32::from_rgba_unmultiplied(90, 140, 255, 90),
                    ));
                }
            }
            painter.extend(std::mem::take(&mut shapes));
            painter.galley(o, g.clone(), text_color);
            if cursor.caret >= p.start && cursor.caret <= p.end && layout.para_of(cursor.caret) == i {
                let r = g
                    .pos_from_cursor(CCursor::new(cursor.caret - p.start))
                    .translate(o.to_vec2());
                painter.line_segment(
                    [r.left_top(), r.left_bottom()],
                    Stroke::new(2.0, ui.visuals().strong_text_color()),
                );
            }
        }
        if height_changed {
            layout.recompute_tops();
            ctx.request_repaint();
        }

        // Speaker arcs over the text.
        let hover = resp
            .hover_pos()
            .filter(|_| !resp.dragged())
            .map(|p| layout.char_at(&ctx, (p - origin).to_pos2()));
        let shown = match (visible.first(), visible.last()) {
            (Some(&a), Some(&b)) => (layout.paras[a].start, layout.paras[b].end),
            _ => (0, 0),
        };
        let current = cursor
            .current_suggestion
            .and_then(|k| suggestions.get(k))
            .filter(|s| s.label == Label::Claim)
            .zip(current_speaker)
            .map(|(s, sp)| ((s.start, s.end), sp));
        let mut links = std::mem::take(&mut layout.links);
        links.ensure(doc);
        let arc_input = ArcInput {
            doc,
            cursor,
            hover,
            current,
            all: all_arcs,
            visible: shown,
        };
        cmds.extend(arcs::paint(ui, layout, &links, &arc_input));
        layout.links = links;

        // Pointer.
        let to_content = |p: Pos2| (p - origin).to_pos2();
        let alt = ui.input(|i| i.modifiers.alt);
        let now = ui.input(|i| i.time);
        let click_char = if resp.clicked() {
            resp.interact_pointer_pos().map(|p| layout.char_at(&ctx, to_content(p)))
        } else {
            None
        };
        let double = resp.double_clicked()
            || matches!((layout.last_click, click_char), (Some((t, a)), Some(b)) if now - t < 0.55 && a.abs_diff(b) <= 1);
        if let Some(c) = click_char {
            layout.last_click = if double { None } else { Some((now, c)) };
        }
        if double {
            if let Some(pos) = resp.interact_pointer_pos() {
                let c = layout.char_at(&ctx, to_content(pos));
                if let Some(w) = doc.text.word_at(c) {
                    cmds.push(Action::Select {
                        anchor: w.start,
                        caret: w.end,
                        exact: true,
                    });
                }
            }
        } else if resp.clicked() {
            if let Some(pos) = resp.interact_pointer_pos() {
                let c = layout.char_at(&ctx, to_content(pos));
                let picking = cursor.picking_speaker;
                let hit = if picking.is_some() {
                    doc.ann
                        .spans
                        .iter()
                        .find(|s| s.label == Label::Actor && s.start <= c && c < s.end)
                } else {
                    span_at(doc, c, true)
                };
                // While picking a speaker, a suggested (dashed) actor is accepted and linked.
                let suggested_actor = || {
                    suggestions.iter().position(|s| {
                        s.label == Label::Actor
                            && s.start <= c
                            && c < s.end
                            && doc.ann.find(s.label, s.start, s.end).is_none()
                            && !doc.ann.is_rejected(s.label, s.start, s.end)
                    })
                };
                match (hit, picking) {
                    (Some(s), _) => cmds.push(Action::SelectSpan(s.id)),
                    (None, Some(claim)) => match suggested_actor() {
                        Some(k) => cmds.push(Action::LinkSuggestedSpeaker { claim, suggestion: k }),
                        None => cmds.push(Action::Say(format!(
                            "{}: an ACTOR, or a suggested (dashed) one; Esc cancels",
                            crate::session::PICK_SPEAKER
                        ))),
                    },
                    (None, None) => cmds.push(Action::SetCaret(c)),
                }
            }
        } else if resp.dragged() {
            let press = ui.input(|i| i.pointer.press_origin());
            if let (Some(a), Some(b)) = (press, resp.interact_pointer_pos()) {
                let anchor = layout.char_at(&ctx, to_content(a));
                let caret = layout.char_at(&ctx, to_content(b));
                cmds.push(Action::Select {
                    anchor,
                    caret,
                    exact: alt,
                });
            }
        }
        if let Some(pos) = resp.hover_pos()
            && !resp.dragged()
        {
            let c = layout.char_at(&ctx, to_content(pos));
            let over: Vec<&Span> = doc
                .ann
                .spans
                .iter()
                .take_while(|s| s.start <= c)
                .filter(|s| s.end > c)
                .collect();
            let sugg: Vec<&Suggestion> = suggestions
                .iter()
                .filter(|s| s.start <= c && c < s.end)
                .filter(|s| {
                    doc.ann.find(s.label, s.start, s.end).is_none() && !doc.ann.is_rejected(s.label, s.start, s.end)
                })
                .collect();
            if !over.is_empty() || !sugg.is_empty() {
                resp.clone().on_hover_ui_at_pointer(|ui| {
                    for s in over {
                        let origin = match &s.origin {
                            crate::model::Origin::Manual => "tagged by hand".to_string(),
                            crate::model::Origin::Suggested(src) => format!("accepted suggestion ({src})"),
                            crate::model::Origin::Imported => "imported".to_string(),
                            crate::model::Origin::Agreed(by) => format!("agreed by {}", by.join(", ")),
                            crate::model::Origin::Adjudicated(from) => {
                                format!("adjudicated: the version of {}", from.join(", "))
                            }
                        };
                        ui.colored_label(super::palette::label_text(s.label, ui.visuals().dark_mode), format!("{} \u{201c}{}\u{201d}", s.label, s.text));
                        ui.small(format!("{origin}, chars {}..{}", s.start, s.end));
                    }
                    for s in sugg {
                        ui.colored_label(
                            super::palette::label_text(s.label, ui.visuals().dark_mode),
                            format!(
                                "suggested {} \u{201c}{}\u{201d}",
                                s.label,
                                doc.text.slice(s.start, s.end)
                            ),
                        );
                        ui.small(format!("{} (score {:.2}); Enter accepts, X rejects", s.why, s.score));
                    }
                });
            }
        }
        let _ = Vec2::ZERO;
    });
    cmds
}
