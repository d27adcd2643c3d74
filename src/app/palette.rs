//! Colours chosen for contrast (WCAG 2): body text at least 4.5:1 on the panel and on
//! every span fill, label-coloured text at least 4.5:1 on the panel, in both themes.

use super::document::label_color;
use crate::model::Label;
use eframe::egui::{self, Color32};

/// Body text on the light panel (#F8F8F8).
pub const LIGHT_TEXT: Color32 = Color32::from_rgb(30, 30, 30);
/// Body text on the dark panel (#1B1B1B).
pub const DARK_TEXT: Color32 = Color32::from_rgb(235, 235, 235);
/// How strongly the document view paints span fills (claims, entities, suggestions).
pub const FILL_ALPHAS: [f32; 3] = [0.33, 0.38, 0.12];

/// Sets the body text colour of both themes (once; cheap to call every frame).
pub fn ensure(ctx: &egui::Context) {
    for (theme, c) in [(egui::Theme::Light, LIGHT_TEXT), (egui::Theme::Dark, DARK_TEXT)] {
        if ctx.style_of(theme).visuals.widgets.noninteractive.fg_stroke.color != c {
            ctx.style_mut_of(theme, |s| s.visuals.widgets.noninteractive.fg_stroke.color = c);
        }
    }
}

/// A label's colour for text (names, headers, buttons): darker on light, lighter on dark.
pub fn label_text(l: Label, dark: bool) -> Color32 {
    match (l, dark) {
        (Label::Actor, false) => Color32::from_rgb(20, 80, 190),
        (Label::Claim, false) => Color32::from_rgb(150, 80, 0),
        (Label::Location, false) => Color32::from_rgb(10, 110, 50),
        (Label::Actor, true) => Color32::from_rgb(120, 170, 255),
        (Label::Claim, true) => Color32::from_rgb(240, 170, 60),
        (Label::Location, true) => Color32::from_rgb(80, 200, 120),
    }
}

/// The colour a span fill of `l` at `alpha` shows over `bg` (opaque).
pub fn fill_over(l: Label, alpha: f32, bg: Color32) -> Color32 {
    let c = label_color(l);
    let mix = |f: u8, b: u8| (f as f32 * alpha + b as f32 * (1.0 - alpha)).round() as u8;
    Color32::from_rgb(mix(c.r(), bg.r()), mix(c.g(), bg.g()), mix(c.b(), bg.b()))
}

/// WCAG 2 relative luminance of an opaque colour.
pub fn luminance(c: Color32) -> f32 {
    let lin = |v: u8| {
        let v = v as f32 / 255.0;
        if v <= 0.03928 {
            v / 12.92
        } else {
            ((v + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * lin(c.r()) + 0.7152 * lin(c.g()) + 0.0722 * lin(c.b())
}

/// WCAG 2 contrast ratio (1..=21).
pub fn contrast(a: Color32, b: Color32) -> f32 {
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grey_on_near_white_is_the_reported_3_2() {
        let r = contrast(Color32::from_gray(0x8C), Color32::from_gray(0xF8));
        assert!((r - 3.2).abs() < 0.1, "{r}");
    }
}
