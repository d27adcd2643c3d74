//! Status-bar messages that outlive their cause are dropped on every poll.

use super::Session;

/// The hint when A / C / L are pressed with only a caret.
pub const NEED_SELECTION: &str = "Select text first (Shift+arrows or drag), then A / C / L";
/// The start of the message shown while picking a speaker.
pub const PICK_SPEAKER: &str = "Click the speaker";
/// The start of the refusal on a read-only article.
pub const READ_ONLY: &str = "This article is read-only";
/// The start of the message when no suggestion is left.
pub const NO_SUGGESTIONS: &str = "No open suggestions in this article";

impl Session {
    /// Clears the status message when what caused it is gone: the speaker is linked
    /// (or picking was cancelled), the article is writable, suggestions are open, a
    /// selection exists.
    pub(super) fn clear_stale_status(&mut self) {
        let Some(m) = self.message.as_deref() else { return };
        let stale = if m.starts_with(PICK_SPEAKER) {
            self.cursor.picking_speaker.is_none()
        } else if m.starts_with(READ_ONLY) {
            self.doc.as_ref().is_none_or(|d| d.read_only.is_none())
        } else if m.starts_with(NO_SUGGESTIONS) {
            !self.open_suggestions().is_empty()
        } else if m == NEED_SELECTION {
            self.selection().is_some()
        } else {
            false
        };
        if stale {
            self.message = None;
        }
    }
}
