//! View state of the window: never saved with the annotations, never read by the
//! session.

/// "Accept above score" starts here: suggestions score 0.6-0.9, so only the surest go.
pub const DEFAULT_MIN_SCORE: f32 = 0.9;

/// The article never gets narrower than this while a side panel shows by itself
/// (about 40 characters of body text).
pub const MIN_ARTICLE: f32 = 320.0;
/// Default and smallest widths of the side panels.
pub const LIST_WIDTH: f32 = 260.0;
pub const LIST_MIN: f32 = 140.0;
pub const INSPECTOR_WIDTH: f32 = 320.0;
pub const INSPECTOR_MIN: f32 = 160.0;

/// Whether a side panel shows: by room (auto), or as the analyst said.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Side {
    #[default]
    Auto,
    Shown,
    Hidden,
}

impl Side {
    /// The state after the toggle command, given whether it shows now.
    pub fn toggled(self, showing: bool) -> Side {
        if showing { Side::Hidden } else { Side::Shown }
    }
}

/// The widest each side panel may be in a window `total` wide (`None`: hidden). On
/// auto both show while the article keeps [`MIN_ARTICLE`], shared 45 / 55; a panel
/// the analyst asked for shows in any window, at most half of it.
pub fn side_widths(total: f32, list: Side, inspector: Side) -> (Option<f32>, Option<f32>) {
    let room = (total - MIN_ARTICLE).max(0.0);
    let both = room >= LIST_MIN + INSPECTOR_MIN;
    let list_w = match list {
        Side::Hidden => None,
        Side::Shown if !both => Some(LIST_WIDTH.min(total * 0.5)),
        Side::Shown | Side::Auto => both.then(|| LIST_WIDTH.min(room * 0.45)),
    };
    let left = (total - MIN_ARTICLE - list_w.unwrap_or(0.0)).max(0.0);
    let fits = left >= INSPECTOR_MIN;
    let insp_w = match inspector {
        Side::Hidden => None,
        Side::Shown if !fits => Some(INSPECTOR_WIDTH.min(total * 0.5)),
        Side::Shown | Side::Auto => fits.then(|| INSPECTOR_WIDTH.min(left)),
    };
    (list_w, insp_w)
}

#[derive(Debug, Clone)]
pub struct View {
    /// Scroll so this char is visible (consumed by the document view).
    pub scroll_to: Option<usize>,
    /// The inspector's filter text.
    pub filter: String,
    /// The inspector's "accept above score" threshold.
    pub min_score: f32,
    /// The article list (left) and the inspector (right).
    pub list: Side,
    pub inspector: Side,
    /// The article list: weakest agreement first (when folders are compared).
    pub sort_weakest: bool,
    /// The inspector's suggestions: least sure first (score nearest 0.5) instead of in
    /// text order, so the analyst teaches the model where it is least sure.
    pub least_sure_first: bool,
}

impl Default for View {
    fn default() -> Self {
        View {
            scroll_to: None,
            filter: String::new(),
            min_score: DEFAULT_MIN_SCORE,
            list: Side::Auto,
            inspector: Side::Auto,
            sort_weakest: true,
            least_sure_first: false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn side_panels_leave_the_article_readable() {
        for total in [420.0, 500.0, 640.0, 800.0, 1280.0, 1400.0] {
            let (l, i) = side_widths(total, Side::Auto, Side::Auto);
            let article = total - l.unwrap_or(0.0) - i.unwrap_or(0.0);
            assert!(article >= MIN_ARTICLE - 0.1, "{total}: article {article}");
        }
        assert_eq!(
            side_widths(1400.0, Side::Auto, Side::Auto),
            (Some(LIST_WIDTH), Some(INSPECTOR_WIDTH))
        );
        let (l, i) = side_widths(640.0, Side::Auto, Side::Auto);
        assert!(l.is_some() && i.is_some(), "both fit at 640");
        assert_eq!(side_widths(420.0, Side::Auto, Side::Auto), (None, None));
        // Asked for, a panel shows in any window, at most half of it.
        assert_eq!(side_widths(420.0, Side::Auto, Side::Shown), (None, Some(210.0)));
        assert_eq!(side_widths(1400.0, Side::Hidden, Side::Auto).0, None);
    }
}
