//! brat standoff: a folder with `<id>.txt` (the article text exactly as spanbench reads
//! it) and `<id>.ann`:
//!
//! ```text
//! T1<TAB>ACTOR 10 23<TAB>Sergei Lavrov
//! T2<TAB>CLAIM 30 61;62 80<TAB>first line of the claim second line
//! R1<TAB>SaidBy Arg1:T2 Arg2:T1
//! ```
//!
//! Offsets are characters (Unicode scalar values, what brat's Python counts). brat draws
//! a span on one line only, so a span whose text runs over a line break is written as
//! discontinuous fragments, one per line (trimmed), and its text is the fragments
//! joined by a space, as brat itself writes them. Reading such a span back gives the
//! range from the first fragment's start to the last one's end. `annotation.conf` and
//! `visual.conf` make brat open the folder as it is (overlaps of any kind allowed).

use super::labels::{Ignored, LabelMap};
use super::{DocRecord, ExportError, ExportSummary, RecordRelation, RecordSpan};
use crate::text::TextIndex;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// The relation type in `.ann` and `annotation.conf`.
pub const RELATION: &str = "SaidBy";

pub const ANNOTATION_CONF: &str = "\
# spanbench: who (ACTOR) said what (CLAIM) about where (LOCATION)
[entities]
ACTOR
CLAIM
LOCATION

[relations]
SaidBy\tArg1:CLAIM, Arg2:ACTOR
<OVERLAP>\tArg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>

[events]

[attributes]
";

pub const VISUAL_CONF: &str = "\
[labels]
ACTOR | Actor | A
CLAIM | Claim | C
LOCATION | Location | L
SaidBy | said by

[drawing]
ACTOR\tbgColor:#8fb8ff
CLAIM\tbgColor:#ffe08a
LOCATION\tbgColor:#9be39b
SaidBy\tcolor:#3a5da8, dashArray:3-3
";

/// The fragments brat needs for `[start, end)`: one per line, each trimmed of
/// whitespace, empty ones skipped.
pub fn fragments(text: &TextIndex, start: usize, end: usize) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut line_start = start;
    for (i, c) in (start..).zip(text.slice(start, end).chars()) {
        if c == '\n' || c == '\r' || c == '\u{2028}' || c == '\u{2029}' || c == '\u{85}' {
            let (s, e) = text.trim(line_start, i);
            if s < e {
                out.push((s, e));
            }
            line_start = i + 1;
        }
    }
    let (s, e) = text.trim(line_start, end);
    if s < e {
        out.push((s, e));
    }
    out
}

/// The `.ann` text of a record.
pub fn ann_text(rec: &DocRecord, text: &TextIndex) -> String {
    let mut out = String::with_capacity(rec.spans.len() * 64);
    for (i, s) in rec.spans.iter().enumerate() {
        let frags = fragments(text, s.start, s.end);
        let offsets: Vec<String> = frags.iter().map(|(a, b)| format!("{a} {b}")).collect();
        let covered: Vec<&str> = frags.iter().map(|&(a, b)| text.slice(a, b)).collect();
        let _ = writeln!(
            out,
            "T{}\t{} {}\t{}",
            i + 1,
            s.label.upper(),
            offsets.join(";"),
            covered.join(" ")
        );
    }
    for (i, r) in rec.relations.iter().enumerate() {
        let _ = writeln!(
            out,
            "R{}\t{RELATION} Arg1:T{} Arg2:T{}",
            i + 1,
            r.claim + 1,
            r.speaker + 1
        );
    }
    out
}

/// Writes an export folder, one article at a time.
pub struct FolderWriter {
    dir: PathBuf,
}

impl FolderWriter {
    pub fn create(dir: &Path) -> Result<FolderWriter, ExportError> {
        if dir.is_file() {
            return Err(ExportError::Io {
                path: dir.to_path_buf(),
                message: "is a file; brat export writes a folder".into(),
            });
        }
        std::fs::create_dir_all(dir).map_err(|e| ExportError::Io {
            path: dir.to_path_buf(),
            message: format!("cannot create the folder: {e}"),
        })?;
        Ok(FolderWriter { dir: dir.to_path_buf() })
    }

    fn put(&self, name: &str, bytes: &[u8]) -> Result<(), ExportError> {
        let path = self.dir.join(name);
        crate::store::write_atomic(&path, bytes).map_err(|e| ExportError::Io {
            path,
            message: format!("cannot write: {e}"),
        })
    }

    /// Writes `<id>.txt` and `<id>.ann` (each atomically).
    pub fn write(&mut self, id: &str, rec: &DocRecord) -> Result<(), ExportError> {
        let text = TextIndex::new(rec.text.clone().unwrap_or_default());
        // spanbench drops one byte order mark when it reads a text: an article that
        // itself starts with U+FEFF (its file had two) gets one more, so that reading
        // the export back gives the article's text, and the offsets, unchanged.
        let mut bytes = Vec::with_capacity(text.as_str().len() + 3);
        if text.as_str().starts_with('\u{feff}') {
            bytes.extend_from_slice("\u{feff}".as_bytes());
        }
        bytes.extend_from_slice(text.as_str().as_bytes());
        self.put(&format!("{id}.txt"), &bytes)?;
        self.put(&format!("{id}.ann"), ann_text(rec, &text).as_bytes())
    }

    /// Writes `annotation.conf` and `visual.conf`.
    pub fn finish(self, summary: &mut ExportSummary) -> Result<(), ExportError> {
        self.put("annotation.conf", ANNOTATION_CONF.as_bytes())?;
        self.put("visual.conf", VISUAL_CONF.as_bytes())?;
        summary.written.push(self.dir);
        Ok(())
    }
}

/// Reads an `.ann` file against its text. Returns the record (spans and relations;
/// `doc` and `text` left to the caller) or the problems, each with its 1-based line.
/// Notes (`#`), attributes (`A`, `M`), normalisations (`N`) and equivalences (`*`) are
/// not annotations spanbench holds and are passed over; events (`E`) are refused.
pub fn parse_ann(src: &str, text: &TextIndex) -> Result<DocRecord, Vec<(usize, String)>> {
    let (rec, errors) = parse_ann_mapped(src, text, &LabelMap::default(), &mut Ignored::new());
    if errors.is_empty() { Ok(rec) } else { Err(errors) }
}

/// [`parse_ann`] with a label map, keeping the good lines: returns the record of every
/// line that reads and the problems of the others. With a non-empty `map`, T lines of
/// types it does not map (and that are not ours), events, attributes, notes and other
/// lines spanbench does not hold, relations of other types and relations to ignored
/// spans are passed over and counted in `ignored` instead of being problems.
pub fn parse_ann_mapped(
    src: &str,
    text: &TextIndex,
    map: &LabelMap,
    ignored: &mut Ignored,
) -> (DocRecord, Vec<(usize, String)>) {
    let lenient = !map.is_empty();
    let mut note = |what: &str| *ignored.entry(what.to_string()).or_default() += 1;
    let mut skipped_ids: std::collections::HashSet<String> = std::collections::HashSet::new();
    let mut rec = DocRecord::default();
    let mut errors: Vec<(usize, String)> = Vec::new();
    let mut by_id: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    let mut rels: Vec<(usize, String, String, String)> = Vec::new();
    let len = text.len_chars();
    for (n, raw) in src.lines().enumerate() {
        let line_no = n + 1;
        let line = raw.trim_end_matches('\r');
        if line.trim().is_empty() {
            continue;
        }
        let mut parts = line.splitn(3, '\t');
        let id = parts.next().unwrap_or("").trim();
        let middle = parts.next();
        let tail = parts.next();
        match id.chars().next() {
            Some('T') => {
                let (Some(middle), Some(covered)) = (middle, tail) else {
                    errors.push((line_no, "a T line needs: ID<TAB>TYPE START END<TAB>TEXT".into()));
                    continue;
                };
                if lenient {
                    let kind = middle.split(' ').next().unwrap_or("");
                    if map.span_label(kind).is_none() {
                        note(&format!("T lines of type {kind:?}"));
                        skipped_ids.insert(id.to_string());
                        continue;
                    }
                }
                match text_bound(middle, covered, text, len, map) {
                    Ok(span) => {
                        if by_id.contains_key(id) {
                            errors.push((line_no, format!("{id} is defined twice")));
                            continue;
                        }
                        let at = match rec
                            .spans
                            .iter()
                            .position(|s| s.start == span.start && s.end == span.end && s.label == span.label)
                        {
                            Some(at) => at,
                            None => {
                                rec.spans.push(span);
                                rec.spans.len() - 1
                            }
                        };
                        by_id.insert(id.to_string(), at);
                    }
                    Err(e) => errors.push((line_no, format!("{id}: {e}"))),
                }
            }
            Some('R') => {
                let Some(middle) = middle else {
                    errors.push((line_no, "an R line needs: ID<TAB>TYPE Arg1:T.. Arg2:T..".into()));
                    continue;
                };
                let mut words = middle.split_whitespace();
                let kind = words.next().unwrap_or("").to_string();
                let (mut a1, mut a2) = (None, None);
                for w in words {
                    match w.split_once(':') {
                        Some(("Arg1", t)) => a1 = Some(t.to_string()),
                        Some(("Arg2", t)) => a2 = Some(t.to_string()),
                        _ => {}
                    }
                }
                match (a1, a2) {
                    (Some(a1), Some(a2)) => rels.push((line_no, kind, a1, a2)),
                    _ => errors.push((line_no, "an R line needs Arg1:T.. and Arg2:T..".into())),
                }
            }
            Some(c @ ('#' | 'A' | 'M' | 'N' | '*')) => {
                if lenient {
                    note(&format!("{c} lines"));
                }
            }
            Some('E') if lenient => note("E lines (events)"),
            Some('E') => errors.push((line_no, "events are not something spanbench holds".into())),
            _ => errors.push((line_no, format!("not a brat annotation line: {line:?}"))),
        }
    }
    for (line_no, kind, a1, a2) in rels {
        if lenient && !map.is_said_by(&kind) {
            note(&format!("R lines of type {kind:?}"));
            continue;
        }
        if lenient && (skipped_ids.contains(&a1) || skipped_ids.contains(&a2)) {
            note("R lines to an ignored T line");
            continue;
        }
        if !map.is_said_by(&kind) {
            errors.push((line_no, format!("unknown relation type {kind:?} (only {RELATION})")));
            continue;
        }
        let (Some(&x), Some(&y)) = (by_id.get(&a1), by_id.get(&a2)) else {
            errors.push((line_no, format!("{a1} or {a2} is not a T line of this file")));
            continue;
        };
        let r = RecordRelation::between(&rec.spans, x, y);
        rec.add_relation(r);
    }
    errors.sort_by_key(|e| e.0);
    (rec, errors)
}

/// `TYPE START END[;START END...]` and the covered text of a T line.
fn text_bound(middle: &str, covered: &str, text: &TextIndex, len: usize, map: &LabelMap) -> Result<RecordSpan, String> {
    let (kind, offsets) = middle.split_once(' ').ok_or("expected TYPE START END after the id")?;
    let label = map
        .span_label(kind)
        .ok_or_else(|| format!("unknown type {kind:?} (ACTOR, CLAIM or LOCATION)"))?;
    let mut frags: Vec<(usize, usize)> = Vec::new();
    for f in offsets.split(';') {
        let mut it = f.split_whitespace();
        let (Some(a), Some(b), None) = (it.next(), it.next(), it.next()) else {
            return Err(format!("bad offsets {offsets:?}"));
        };
        let (Ok(a), Ok(b)) = (a.parse::<usize>(), b.parse::<usize>()) else {
            return Err(format!("bad offsets {offsets:?}"));
        };
        if a >= b || b > len {
            return Err(format!("offsets {a} {b} out of range (the text has {len} characters)"));
        }
        frags.push((a, b));
    }
    frags.sort_unstable();
    let joined: Vec<&str> = frags.iter().map(|&(a, b)| text.slice(a, b)).collect();
    let joined = joined.join(" ");
    if joined != covered {
        return Err(format!(
            "its text {covered:?} differs from the article's {joined:?} (offsets must count characters, not bytes)"
        ));
    }
    for w in frags.windows(2) {
        if w[1].0 < w[0].1 {
            return Err("fragments overlap".into());
        }
        if !text.slice(w[0].1, w[1].0).chars().all(char::is_whitespace) {
            return Err(
                "a discontinuous span that skips text cannot be held (only line breaks may part its fragments)".into(),
            );
        }
    }
    let (start, end) = (frags[0].0, frags[frags.len() - 1].1);
    Ok(RecordSpan {
        start,
        end,
        label,
        text: Some(text.slice(start, end).to_string()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Label;

    #[test]
    fn multi_line_spans_become_fragments_and_come_back() {
        let text = "“Крылатые ракеты\r\n  поразили цели”\nErdoğan said";
        let t = TextIndex::new(text);
        let rec = DocRecord {
            spans: vec![
                RecordSpan {
                    start: 1,
                    end: 33,
                    label: Label::Claim,
                    text: None,
                },
                RecordSpan {
                    start: 35,
                    end: 42,
                    label: Label::Actor,
                    text: None,
                },
            ],
            relations: vec![RecordRelation { claim: 0, speaker: 1 }],
            ..Default::default()
        };
        assert_eq!(t.slice(35, 42), "Erdoğan");
        let ann = ann_text(&rec, &t);
        assert_eq!(
            ann,
            "T1\tCLAIM 1 16;20 33\tКрылатые ракеты поразили цели\nT2\tACTOR 35 42\tErdoğan\nR1\tSaidBy Arg1:T1 Arg2:T2\n"
        );
        let back = parse_ann(&ann, &t).unwrap();
        assert_eq!(back.relations, rec.relations);
        let got: Vec<(usize, usize, Label)> = back.spans.iter().map(|s| (s.start, s.end, s.label)).collect();
        assert_eq!(got, vec![(1, 33, Label::Claim), (35, 42, Label::Actor)]);
    }

    #[test]
    fn bad_lines_are_reported_with_their_numbers() {
        let t = TextIndex::new("Erdoğan said");
        let ann = "T1\tACTOR 0 8\tErdoğan\nT2\tPERSON 0 7\tErdoğan\nE1\tX:T1\nR1\tSaidBy Arg1:T9 Arg2:T1\n#1\tAnnotatorNotes T1\tok\n";
        let errs = parse_ann(ann, &t).unwrap_err();
        let lines: Vec<usize> = errs.iter().map(|e| e.0).collect();
        assert_eq!(lines, vec![1, 2, 3, 4]);
        assert!(errs[0].1.contains("differs"), "{}", errs[0].1);
    }
}
