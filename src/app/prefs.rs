//! Preferences kept by eframe between runs (never annotations).

use serde::{Deserialize, Serialize};
use std::path::PathBuf;

/// The default font size of the article.
pub const DEFAULT_FONT_SIZE: f32 = 16.0;

#[derive(Debug, Default, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct Prefs {
    pub recent: Vec<Vec<PathBuf>>,
    pub last_article: Option<String>,
    pub font_size: Option<f32>,
}

impl Prefs {
    pub fn remember(&mut self, corpus: &[PathBuf]) {
        let c: Vec<PathBuf> = corpus.to_vec();
        self.recent.retain(|r| r != &c);
        self.recent.insert(0, c);
        self.recent.truncate(8);
    }

    pub fn font_size(&self) -> f32 {
        self.font_size.unwrap_or(DEFAULT_FONT_SIZE)
    }

    /// One step larger (`+1`) or smaller (`-1`), within 10..=32.
    pub fn step_font(&mut self, dir: f32) {
        self.font_size = Some((self.font_size() + dir).clamp(10.0, 32.0));
    }
}
