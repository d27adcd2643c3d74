//! The export destination follows the format: `out.jsonl` becomes `out.conll` when
//! CoNLL is picked, a file becomes its folder for brat, and back.

use crate::export::Format;
use std::path::Path;

/// `dest` (typed for `old`) rewritten for `new`. An empty destination stays empty.
pub fn retarget(dest: &str, old: Format, new: Format) -> String {
    let d = dest.trim();
    if d.is_empty() || old == new {
        return dest.to_string();
    }
    let p = Path::new(d);
    match (old.extension(), new.extension()) {
        // A file becomes its folder.
        (Some(_), None) => p
            .parent()
            .map(|x| x.to_string_lossy().to_string())
            .filter(|x| !x.is_empty())
            .unwrap_or_else(|| ".".into()),
        // A folder gets a file named after the format.
        (None, Some(ext)) => p.join(format!("{}.{ext}", new.name())).to_string_lossy().to_string(),
        (Some(_), Some(ext)) => {
            let stem = p
                .file_stem()
                .map(|s| s.to_string_lossy().to_string())
                .unwrap_or_default();
            let stem = if stem == old.name() {
                new.name().to_string()
            } else {
                stem
            };
            p.with_file_name(format!("{stem}.{ext}")).to_string_lossy().to_string()
        }
        (None, None) => dest.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_follow_the_format() {
        assert_eq!(retarget("/o/out.jsonl", Format::Jsonl, Format::Conll), "/o/out.conll");
        assert_eq!(retarget("/o/prodigy.jsonl", Format::Prodigy, Format::Ron), "/o/ron.ron");
        assert_eq!(retarget("/o/out.jsonl", Format::Jsonl, Format::Brat), "/o");
        assert_eq!(retarget("/o", Format::Brat, Format::Conll), "/o/conll.conll");
        assert_eq!(retarget("", Format::Jsonl, Format::Conll), "");
    }
}
