//! Asks the session about once a second, and whenever the window gets the focus back
//! (the analyst may have run an import or a `git pull` meanwhile), whether the open
//! article's file changed on disk (`Action::CheckDisk`: cheap, metadata first).

use eframe::egui;
use std::time::{Duration, Instant};

/// How often the open article's file is looked at.
pub const EVERY: Duration = Duration::from_secs(1);

#[derive(Debug, Default)]
pub struct DiskWatch {
    last: Option<Instant>,
    focused: bool,
}

impl DiskWatch {
    /// Whether to check this frame; keeps a frame coming at least every [`EVERY`].
    pub fn due(&mut self, ctx: &egui::Context) -> bool {
        let focused = ctx.input(|i| i.focused);
        let gained = focused && !self.focused;
        self.focused = focused;
        let now = Instant::now();
        let due = gained || self.last.is_none_or(|t| now.duration_since(t) >= EVERY);
        if due {
            self.last = Some(now);
        }
        ctx.request_repaint_after(EVERY);
        due
    }

    /// As if it had just checked: the next periodic check is [`EVERY`] from now
    /// (tests that need the saver, not the check, to meet a change).
    pub fn defer(&mut self) {
        self.last = Some(Instant::now());
    }
}
