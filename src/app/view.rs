//! View state of the window: never saved with the annotations, never read by the
//! session.

/// "Accept above score" starts here: suggestions score 0.6-0.9, so only the surest go.
pub const DEFAULT_MIN_SCORE: f32 = 0.9;

#[derive(Debug, Clone)]
pub struct View {
    /// Scroll so this char is visible (consumed by the document view).
    pub scroll_to: Option<usize>,
    /// The inspector's filter text.
    pub filter: String,
    /// The inspector's "accept above score" threshold.
    pub min_score: f32,
}

impl Default for View {
    fn default() -> Self {
        View {
            scroll_to: None,
            filter: String::new(),
            min_score: DEFAULT_MIN_SCORE,
        }
    }
}
