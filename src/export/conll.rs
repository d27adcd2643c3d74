//! CoNLL-2003 layout with IOB2 tags:
//!
//! ```text
//! -DOCSTART- -X- -X- O
//!
//! Sergei -X- _ B-ACTOR
//! Lavrov -X- _ I-ACTOR
//! said -X- _ O
//!
//! ```
//!
//! One article a document, one token a line (`TOKEN -X- _ TAG`), a blank line between
//! sentences ([`TextIndex::sentences`], never inside a span). A token column cannot
//! hold two tags, so of nested or overlapping spans only one is kept, by spaCy's
//! `filter_spans` rule (the longest wins, then the earliest); every other one is listed
//! in [`ExportSummary::lost_spans`] with its reason. `labels` picks the labels that go in
//! the column (all when empty); spans of other labels are left out on purpose and not
//! counted as lost. Tokens come from [`super::tokens`], cut at the kept spans' edges.

use super::tokens::{Token, token_range, tokenize};
use super::{DocRecord, ExportSummary, LostSpan, RecordSpan};
use crate::model::Label;
use crate::text::TextIndex;
use std::io::Write;

/// The document separator line.
pub const DOCSTART: &str = "-DOCSTART- -X- -X- O";

/// Picks the spans a tag column can hold: spaCy's `filter_spans` (longest first, then
/// earliest; a span overlapping a kept one is dropped). Returns (kept indices in text
/// order, dropped indices with the reason).
pub fn select(spans: &[RecordSpan], labels: &[Label]) -> (Vec<usize>, Vec<(usize, String)>) {
    let mut order: Vec<usize> = (0..spans.len())
        .filter(|&i| labels.is_empty() || labels.contains(&spans[i].label))
        .collect();
    order.sort_by_key(|&i| {
        (
            std::cmp::Reverse(spans[i].end - spans[i].start),
            spans[i].start,
            spans[i].label,
        )
    });
    let mut kept: Vec<usize> = Vec::new();
    let mut dropped = Vec::new();
    for i in order {
        let s = &spans[i];
        match kept.iter().find(|&&k| spans[k].start < s.end && s.start < spans[k].end) {
            None => kept.push(i),
            Some(&k) => {
                let o = &spans[k];
                let how = if o.start == s.start && o.end == s.end {
                    "same range as"
                } else if o.start <= s.start && s.end <= o.end {
                    "nested in"
                } else {
                    "overlaps"
                };
                dropped.push((
                    i,
                    format!("{how} {} {}..{} (a CoNLL token has one tag)", o.label, o.start, o.end),
                ));
            }
        }
    }
    kept.sort_by_key(|&i| (spans[i].start, spans[i].end));
    dropped.sort_by_key(|(i, _)| (spans[*i].start, spans[*i].end, spans[*i].label));
    (kept, dropped)
}

/// Writes one article as a CoNLL document; what it cannot hold goes to `summary`.
pub fn write(w: &mut dyn Write, rec: &DocRecord, labels: &[Label], summary: &mut ExportSummary) -> std::io::Result<()> {
    let text = TextIndex::new(rec.text.clone().unwrap_or_default());
    let doc = rec.doc.as_deref().unwrap_or("");
    let (kept, dropped) = select(&rec.spans, labels);
    let mut lost: Vec<(usize, String)> = dropped;
    let cuts: Vec<usize> = kept
        .iter()
        .flat_map(|&i| [rec.spans[i].start, rec.spans[i].end])
        .collect();
    let tokens = tokenize(&text, &cuts);
    let mut tags: Vec<Option<(bool, Label)>> = vec![None; tokens.len()];
    for &i in &kept {
        let s = &rec.spans[i];
        match token_range(&tokens, s.start, s.end) {
            Some((ts, te)) => {
                tags[ts] = Some((true, s.label));
                for t in tags.iter_mut().take(te + 1).skip(ts + 1) {
                    *t = Some((false, s.label));
                }
                summary.spans += 1;
            }
            None => lost.push((i, "not on token boundaries".into())),
        }
    }
    for (i, reason) in lost {
        let s = &rec.spans[i];
        let l = LostSpan {
            doc: doc.to_string(),
            label: s.label,
            start: s.start,
            end: s.end,
            text: text.slice(s.start, s.end).to_string(),
            reason,
        };
        summary.lost.push(l.to_string());
        summary.lost_spans.push(l);
    }
    writeln!(w, "{DOCSTART}")?;
    writeln!(w)?;
    let starts: Vec<usize> = text.sentences().into_iter().map(|r| r.start).collect();
    let mut next = 0usize;
    let mut line = String::new();
    for (i, tok) in tokens.iter().enumerate() {
        let mut new_sentence = false;
        while next < starts.len() && starts[next] <= tok.start {
            next += 1;
            new_sentence = true;
        }
        if i > 0 && new_sentence && !matches!(tags[i], Some((false, _))) {
            w.write_all(b"\n")?;
        }
        line.clear();
        line.push_str(text.slice(tok.start, tok.end));
        line.push_str(" -X- _ ");
        match tags[i] {
            None => line.push('O'),
            Some((begin, label)) => {
                line.push_str(if begin { "B-" } else { "I-" });
                line.push_str(label.upper());
            }
        }
        line.push('\n');
        w.write_all(line.as_bytes())?;
    }
    if !tokens.is_empty() {
        w.write_all(b"\n")?;
    }
    Ok(())
}

/// One document read back: its (token, tag) lines, sentence breaks dropped.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ConllDoc {
    pub tokens: Vec<(String, String)>,
    /// The number of sentences.
    pub sentences: usize,
}

/// Reads a CoNLL file (first column the token, last column the tag) into documents.
pub fn parse(src: &str) -> Result<Vec<ConllDoc>, String> {
    let mut docs: Vec<ConllDoc> = Vec::new();
    let mut in_sentence = false;
    for (n, line) in src.lines().enumerate() {
        let cols: Vec<&str> = line.split_whitespace().collect();
        if cols.is_empty() {
            in_sentence = false;
            continue;
        }
        if cols[0] == "-DOCSTART-" {
            docs.push(ConllDoc::default());
            in_sentence = false;
            continue;
        }
        if cols.len() < 2 {
            return Err(format!("line {}: expected a token and a tag", n + 1));
        }
        if docs.is_empty() {
            docs.push(ConllDoc::default());
        }
        let doc = docs.last_mut().expect("pushed above");
        if !in_sentence {
            doc.sentences += 1;
            in_sentence = true;
        }
        doc.tokens.push((cols[0].to_string(), cols[cols.len() - 1].to_string()));
    }
    Ok(docs)
}

/// The spans of a document read back, in char offsets of `text`: tokens are found in
/// the text in order (whitespace between them skipped), IOB2 tags become spans.
pub fn spans_in_text(doc: &ConllDoc, text: &TextIndex) -> Result<Vec<RecordSpan>, String> {
    let chars: Vec<char> = text.as_str().chars().collect();
    let mut pos = 0usize;
    let mut offsets: Vec<Token> = Vec::with_capacity(doc.tokens.len());
    for (tok, _) in &doc.tokens {
        let n = tok.chars().count();
        while pos < chars.len() && chars[pos].is_whitespace() {
            pos += 1;
        }
        if pos + n > chars.len() || !chars[pos..pos + n].iter().copied().eq(tok.chars()) {
            return Err(format!("token {tok:?} is not at char {pos} of the text"));
        }
        offsets.push(Token {
            start: pos,
            end: pos + n,
            ws: false,
        });
        pos += n;
    }
    let mut spans: Vec<RecordSpan> = Vec::new();
    let mut open: Option<(usize, usize, Label)> = None;
    let close = |open: &mut Option<(usize, usize, Label)>, spans: &mut Vec<RecordSpan>| {
        if let Some((s, e, label)) = open.take() {
            spans.push(RecordSpan {
                start: s,
                end: e,
                label,
                text: Some(text.slice(s, e).to_string()),
            });
        }
    };
    for (i, (_, tag)) in doc.tokens.iter().enumerate() {
        let t = offsets[i];
        if tag == "O" {
            close(&mut open, &mut spans);
            continue;
        }
        let (bio, name) = tag.split_once('-').ok_or_else(|| format!("bad tag {tag:?}"))?;
        let label = Label::parse(name).ok_or_else(|| format!("unknown label in tag {tag:?}"))?;
        match (bio, &mut open) {
            ("I", Some((_, e, l))) if *l == label => *e = t.end,
            ("B" | "I", _) => {
                close(&mut open, &mut spans);
                open = Some((t.start, t.end, label));
            }
            _ => return Err(format!("bad tag {tag:?}")),
        }
    }
    close(&mut open, &mut spans);
    Ok(spans)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn span(label: Label, start: usize, end: usize) -> RecordSpan {
        RecordSpan {
            start,
            end,
            label,
            text: None,
        }
    }

    #[test]
    fn filter_spans_keeps_longest_then_earliest() {
        let spans = vec![
            span(Label::Claim, 0, 20),
            span(Label::Actor, 2, 5),
            span(Label::Location, 18, 25),
            span(Label::Actor, 30, 35),
            span(Label::Location, 30, 35),
        ];
        let (kept, dropped) = select(&spans, &[]);
        assert_eq!(kept, vec![0, 3]);
        let reasons: Vec<(usize, &str)> = dropped.iter().map(|(i, r)| (*i, r.as_str())).collect();
        assert_eq!(reasons[0].0, 1);
        assert!(reasons[0].1.starts_with("nested in CLAIM 0..20"));
        assert!(reasons[1].1.starts_with("overlaps CLAIM 0..20"));
        assert!(reasons[2].1.starts_with("same range as ACTOR 30..35"));
        // With --labels actor,location the claim is not a candidate, so nothing nests.
        let (kept, dropped) = select(&spans, &[Label::Actor, Label::Location]);
        assert_eq!(kept, vec![1, 2, 3]);
        assert_eq!(dropped.len(), 1);
    }

    #[test]
    fn writes_iob2_and_reads_back() {
        let text = "Erdoğan said “Russia’s jets hit Hama.” Then left.\n\nНовая строка";
        let t = TextIndex::new(text);
        let e = |s: &str| {
            let b = text.find(s).unwrap();
            let c = crate::text::head(text, b).chars().count();
            (c, c + s.chars().count())
        };
        let mk = |l, s: &str| {
            let (a, b) = e(s);
            span(l, a, b)
        };
        let rec = DocRecord {
            doc: Some("d".into()),
            text: Some(text.into()),
            spans: vec![
                mk(Label::Actor, "Erdoğan"),
                mk(Label::Actor, "Russia"),
                mk(Label::Location, "Hama"),
                mk(Label::Location, "Новая"),
            ],
            ..Default::default()
        };
        let mut out = Vec::new();
        let mut sum = ExportSummary::default();
        write(&mut out, &rec, &[], &mut sum).unwrap();
        let s = String::from_utf8(out).unwrap();
        assert!(s.starts_with("-DOCSTART- -X- -X- O\n\nErdoğan -X- _ B-ACTOR\nsaid -X- _ O\n“ -X- _ O\n"));
        assert!(s.contains("Russia -X- _ B-ACTOR\n’ -X- _ O\n"));
        assert!(s.contains(". -X- _ O\n\nНовая -X- _ B-LOCATION\n"));
        let docs = parse(&s).unwrap();
        assert_eq!(docs.len(), 1);
        assert_eq!(docs[0].sentences, 3);
        let back = spans_in_text(&docs[0], &t).unwrap();
        let got: Vec<(Label, usize, usize)> = back.iter().map(|s| (s.label, s.start, s.end)).collect();
        let want: Vec<(Label, usize, usize)> = rec.spans.iter().map(|s| (s.label, s.start, s.end)).collect();
        assert_eq!(got, want);
        assert!(sum.lost.is_empty());
    }
}
