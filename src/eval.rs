//! Precision, recall and F1 per label, as GUIDELINES.md scores suggestions.

use std::path::Path;

/// `spanbench eval --gold GOLD PRED`: exit code.
pub fn cli_eval(gold: &Path, pred: &Path, corpus: &[std::path::PathBuf]) -> i32 {
    let _ = (gold, pred, corpus);
    eprintln!("spanbench eval is not built yet");
    2
}
