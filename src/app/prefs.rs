//! Preferences kept by eframe between runs (never annotations).

use serde::{Deserialize, Serialize};
use std::path::PathBuf;

/// The default font size of the article.
pub const DEFAULT_FONT_SIZE: f32 = 16.0;

/// A corpus opened before, with the annotations folder it was worked on with.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RecentCorpus {
    pub corpus: Vec<PathBuf>,
    pub annotations: PathBuf,
}

#[derive(Debug, Default, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct Prefs {
    /// Newest first, at most 8.
    pub corpora: Vec<RecentCorpus>,
    pub last_article: Option<String>,
    pub font_size: Option<f32>,
    /// View > All speaker arcs (otherwise only the arcs in focus are drawn).
    pub all_arcs: bool,
}

impl Prefs {
    /// Puts `corpus` first in the recent list, with its annotations folder.
    pub fn remember(&mut self, corpus: &[PathBuf], annotations: &std::path::Path) {
        self.corpora.retain(|r| r.corpus != corpus);
        self.corpora.insert(
            0,
            RecentCorpus {
                corpus: corpus.to_vec(),
                annotations: annotations.to_path_buf(),
            },
        );
        self.corpora.truncate(8);
    }

    /// The annotations folder `corpus` was last worked on with (paths compared as
    /// the file system resolves them, so `seeds` and `/home/me/seeds` are one corpus).
    pub fn annotations_for(&self, corpus: &[PathBuf]) -> Option<PathBuf> {
        let canon = |c: &[PathBuf]| -> Vec<PathBuf> {
            c.iter()
                .map(|p| std::fs::canonicalize(p).unwrap_or_else(|_| p.clone()))
                .collect()
        };
        let want = canon(corpus);
        self.corpora
            .iter()
            .find(|r| r.corpus == corpus || canon(&r.corpus) == want)
            .map(|r| r.annotations.clone())
    }

    pub fn font_size(&self) -> f32 {
        self.font_size.unwrap_or(DEFAULT_FONT_SIZE)
    }

    /// One step larger (`+1`) or smaller (`-1`), within 10..=32.
    pub fn step_font(&mut self, dir: f32) {
        self.font_size = Some((self.font_size() + dir).clamp(10.0, 32.0));
    }
}
