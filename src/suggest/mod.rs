//! The suggestion engine: suggesters each return [`Suggestion`]s; the [`Engine`]
//! merges them, drops what is already annotated or rejected, and ranks them
//! deterministically.
//!
//! This is the interface the workbench and the command line use. The layers
//! (gazetteers, names, context, claims) are built in the suggestions issue; what is
//! here now is the memory layer in its simplest form.

use crate::model::{Annotations, Label};
use crate::text::TextIndex;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// One suggested span.
#[derive(Debug, Clone, PartialEq)]
pub struct Suggestion {
    pub label: Label,
    /// Char offsets, half-open.
    pub start: usize,
    pub end: usize,
    /// Higher is more certain; in 0..=1.
    pub score: f32,
    /// Why, in words: "gazetteer: cities", "seen 3x as ACTOR here".
    pub why: String,
    /// The suggester that made it ("memory", "gazetteer", "context", "claims", ...).
    pub source: &'static str,
    /// For a CLAIM: the char range of its suggested speaker (an ACTOR), if any.
    pub speaker: Option<(usize, usize)>,
}

/// The suggestion engine with its corpus memory.
#[derive(Debug, Default, Clone)]
pub struct Engine {
    /// Per article: the surface strings it taught (label, text) -> count, and rejections.
    memory: HashMap<String, ArticleMemory>,
}

#[derive(Debug, Default, Clone)]
struct ArticleMemory {
    accepted: Vec<(Label, String)>,
    rejected: Vec<(Label, String)>,
}

impl Engine {
    /// Builds the engine (gazetteers included).
    pub fn new() -> Engine {
        Engine::default()
    }

    /// Learns (or re-learns) what one article teaches: every span's surface string,
    /// every rejection. Calling it again for the same article replaces its lesson.
    pub fn learn(&mut self, text: &TextIndex, ann: &Annotations) {
        let m = ArticleMemory {
            accepted: ann.spans.iter().map(|s| (s.label, s.text.clone())).collect(),
            rejected: ann
                .rejected
                .iter()
                .filter(|r| r.end <= text.len_chars())
                .map(|r| (r.label, text.slice(r.start, r.end).to_string()))
                .collect(),
        };
        self.memory.insert(ann.article.clone(), m);
    }

    /// Suggestions for one article, without what it already has or rejected, sorted by
    /// (start, end, label).
    pub fn suggest(&self, text: &TextIndex, ann: &Annotations) -> Vec<Suggestion> {
        let mut counts: HashMap<(Label, &str), usize> = HashMap::new();
        for m in self.memory.values() {
            for (l, s) in &m.accepted {
                *counts.entry((*l, s.as_str())).or_default() += 1;
            }
        }
        for m in self.memory.values() {
            for (l, s) in &m.rejected {
                if let Some(n) = counts.get_mut(&(*l, s.as_str())) {
                    *n = n.saturating_sub(1);
                }
            }
        }
        counts.retain(|_, n| *n > 0);
        let mut out = Vec::new();
        let mut keys: Vec<_> = counts.into_iter().collect();
        keys.sort();
        for ((label, surface), n) in keys {
            if surface.is_empty() {
                continue;
            }
            for (b, _) in text.as_str().match_indices(surface) {
                let start = text.char_of_byte(b);
                let end = start + surface.chars().count();
                let before_ok = start == 0 || !text.char_at(start - 1).is_some_and(char::is_alphanumeric);
                let after_ok = !text.char_at(end).is_some_and(char::is_alphanumeric);
                if !before_ok
                    || !after_ok
                    || ann.find(label, start, end).is_some()
                    || ann.is_rejected(label, start, end)
                {
                    continue;
                }
                out.push(Suggestion {
                    label,
                    start,
                    end,
                    score: 0.5,
                    why: format!("seen {n}x as {label} in this corpus"),
                    source: "memory",
                    speaker: None,
                });
            }
        }
        out.sort_by_key(|a| (a.start, a.end, a.label));
        out
    }
}

/// `spanbench suggest PATH... [-o FILE]`: exit code.
pub fn cli_suggest(inputs: &[PathBuf], output: Option<&Path>, annotations: Option<&Path>) -> i32 {
    let _ = (inputs, output, annotations);
    eprintln!("spanbench suggest is not built yet");
    2
}

/// `spanbench gazetteers --from DATA`: rebuilds assets/gazetteers from the raw data.
pub fn cli_build_gazetteers(data: &Path, out: &Path) -> i32 {
    let _ = (data, out);
    eprintln!("building gazetteers is not built yet");
    2
}
