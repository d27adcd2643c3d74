//! Helpers shared by the export tests: a temp copy of the seeds annotated
//! programmatically with overlapping spans and relations.
#![allow(dead_code)]

#[path = "../common/mod.rs"]
mod common;

use spanbench::corpus::{self, Article};
use spanbench::export::{self, ExportOptions, ExportSummary, Format, Selection};
use spanbench::import::{self, ImportOptions, ImportReport, LineError};
use spanbench::model::{Annotations, Edit, Label, Origin, Relation, Status};
use spanbench::store::Store;
use spanbench::text::TextIndex;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

pub const S001: &str = "001_b6f5c5d10f3b6fad";
pub const S004: &str = "004_002fb6ada771653b";

/// A temp folder with `seeds/` (a copy) and `annotations/`.
pub struct Ws {
    pub dir: tempfile::TempDir,
}

impl Ws {
    /// Seeds copied, nothing annotated.
    pub fn empty() -> Ws {
        Ws {
            dir: common::seeded_tempdir(),
        }
    }

    /// Seeds copied and every one annotated by [`annotate`].
    pub fn annotated() -> Ws {
        let ws = Ws::empty();
        let store = ws.store();
        for (i, a) in ws.articles().iter().enumerate() {
            let mut ann = annotate(a);
            ann.status = [
                Status::Done,
                Status::Reviewed,
                Status::InProgress,
                Status::Done,
                Status::New,
            ][i % 5];
            store.save(&ann).unwrap();
        }
        ws
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn corpus(&self) -> Vec<PathBuf> {
        vec![self.path().join("seeds")]
    }

    pub fn store(&self) -> Store {
        Store::new(self.path().join("annotations"))
    }

    pub fn articles(&self) -> Vec<Article> {
        let loaded = corpus::load(&self.corpus());
        assert!(loaded.errors.is_empty());
        loaded.articles
    }

    pub fn export(&self, format: Format, out: &Path, options: &ExportOptions) -> ExportSummary {
        let mut calls = Vec::new();
        let s = export::export(
            format,
            Some(out),
            &self.corpus(),
            &self.store(),
            Selection::default(),
            options,
            &mut |done, total| calls.push((done, total)),
        )
        .unwrap();
        // Once per article, then once at the end; always of the corpus size.
        assert_eq!(calls, vec![(1, 5), (2, 5), (3, 5), (4, 5), (5, 5), (5, 5)]);
        s
    }

    /// Imports `file` into a fresh annotations folder next to this one.
    pub fn import_fresh(&self, file: &Path, format: Format) -> (Store, Result<ImportReport, Vec<LineError>>) {
        let dir = tempfile::tempdir_in(self.path()).unwrap().keep();
        let store = Store::new(dir);
        let r = import::import_any(
            file,
            &self.corpus(),
            &store,
            &ImportOptions {
                format: Some(format),
                skip_bad: false,
            },
        );
        (store, r)
    }
}

/// Char offset of the `nth` occurrence of `needle`, counted independently of spanbench.
pub fn char_find(text: &str, needle: &str, nth: usize) -> Option<usize> {
    let (b, _) = text.match_indices(needle).nth(nth)?;
    Some(text[..b].chars().count())
}

/// Python's `text[start:end]`.
pub fn py_slice(text: &str, start: usize, end: usize) -> String {
    text.chars().skip(start).take(end - start).collect()
}

fn add(ann: &mut Annotations, t: &TextIndex, label: Label, s: usize, e: usize) -> Option<u32> {
    let span = ann.new_span(t, label, s, e, Origin::Manual).ok()?;
    let id = span.id;
    ann.apply(Edit::AddSpan(span)).ok()?;
    Some(id)
}

/// Annotates an article deterministically with what makes exports hard:
/// - CLAIMs over the inside of every “…” quote (curly quotes at both edges),
/// - a CLAIM running over a line break (two lines of the same paragraph or two paragraphs),
/// - ACTORs / LOCATIONs on capitalised words, inside claims as well (nesting),
/// - every fifth word tagged both ACTOR and LOCATION (same range, two labels),
/// - a LOCATION that crosses a claim's edge (overlap, not nesting),
/// - "Erdoğan" (seed 001) and the Cyrillic tweet line of seed 004,
/// - each claim SAID_BY the nearest ACTOR before it (outside it).
pub fn annotate(a: &Article) -> Annotations {
    let t = TextIndex::new(a.text.clone());
    let mut ann = Annotations::new(a.id.clone(), a.path.to_string_lossy(), a.sha256.clone());
    let text = a.text.as_str();
    // Quotes.
    let mut claims: Vec<(usize, usize)> = Vec::new();
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        if chars[i] == '“'
            && let Some(j) = chars[i + 1..].iter().position(|&c| c == '”')
        {
            let (s, e) = (i + 1, i + 1 + j);
            if t.trim(s, e).0 < t.trim(s, e).1 {
                claims.push(t.trim(s, e));
            }
            i += j + 2;
            continue;
        }
        i += 1;
    }
    // A claim over a line break: the last two words of the first line that has a
    // following non-empty line, and the first two words of that next line.
    let lines: Vec<(usize, usize)> = {
        let mut v = Vec::new();
        let mut pos = 0;
        for l in text.split('\n') {
            let n = l.chars().count();
            v.push((pos, pos + n));
            pos += n + 1;
        }
        v
    };
    for w in lines.windows(3) {
        let (a0, a1) = w[0];
        let (b0, b1) = if t.slice(w[1].0, w[1].1).trim().is_empty() {
            w[2]
        } else {
            w[1]
        };
        let wa = t.words_in(a0, a1);
        let wb = t.words_in(b0, b1);
        if wa.len() >= 3 && wb.len() >= 3 {
            claims.push((wa[wa.len() - 2].start, wb[1].end));
            break;
        }
    }
    for (s, e) in &claims {
        add(&mut ann, &t, Label::Claim, *s, *e);
    }
    // Capitalised words.
    let words: Vec<std::ops::Range<usize>> = t
        .words_in(0, t.len_chars())
        .into_iter()
        .filter(|w| w.end - w.start >= 3 && t.char_at(w.start).is_some_and(char::is_uppercase))
        .collect();
    for (k, w) in words.iter().enumerate().take(60) {
        let label = if k % 2 == 0 { Label::Actor } else { Label::Location };
        add(&mut ann, &t, label, w.start, w.end);
        if k % 5 == 0 {
            let other = if label == Label::Actor {
                Label::Location
            } else {
                Label::Actor
            };
            add(&mut ann, &t, other, w.start, w.end);
        }
    }
    // A location crossing the first claim's start: the word before it through the
    // claim's first word.
    if let Some(&(cs, _)) = claims.first() {
        let before = t.words_in(0, cs).into_iter().rev().find(|w| w.end <= cs);
        let first = t.word_at(cs);
        if let (Some(b), Some(f)) = (before, first) {
            add(&mut ann, &t, Label::Location, b.start, f.end);
        }
    }
    // The non-ASCII cases named in the issue.
    let mut n = 0;
    while let Some(c) = char_find(text, "Erdoğan", n) {
        add(&mut ann, &t, Label::Actor, c, c + 7);
        n += 1;
    }
    if let Some(c) = char_find(text, "#СИРИЯ Крылатые", 0) {
        add(&mut ann, &t, Label::Location, c + 1, c + 6);
        let s = char_find(text, "Крылатые ракеты", 0).unwrap();
        let e = char_find(text, "с заданной точностью", 0).unwrap() + "с заданной точностью".chars().count();
        add(&mut ann, &t, Label::Claim, s, e);
        let g = char_find(text, "ИГИЛ", 0).unwrap();
        add(&mut ann, &t, Label::Actor, g, g + 4);
    }
    // Relations: each claim said by the nearest actor ending before it.
    let claim_ids: Vec<(u32, usize)> = ann
        .spans
        .iter()
        .filter(|s| s.label == Label::Claim)
        .map(|s| (s.id, s.start))
        .collect();
    for (cid, cs) in claim_ids {
        let speaker = ann
            .spans
            .iter()
            .filter(|s| s.label == Label::Actor && s.end < cs)
            .max_by_key(|s| (s.end, s.start))
            .map(|s| s.id);
        if let Some(sp) = speaker {
            ann.apply(Edit::Link(Relation::said_by(cid, sp))).unwrap();
        }
    }
    assert!(ann.validate(&t).is_empty());
    ann
}

/// What an import must give back: spans as (label, start, end, text) and relations
/// as (claim range, speaker range).
pub type SpanKey = (Label, usize, usize, String);

#[derive(Debug, PartialEq, Eq)]
pub struct Content {
    pub spans: BTreeSet<SpanKey>,
    pub relations: BTreeSet<((usize, usize), (usize, usize))>,
}

pub fn content(ann: &Annotations) -> Content {
    let key = |id| {
        let s = ann.span(id).unwrap();
        (s.start, s.end)
    };
    Content {
        spans: ann
            .spans
            .iter()
            .map(|s| (s.label, s.start, s.end, s.text.clone()))
            .collect(),
        relations: ann.relations.iter().map(|r| (key(r.claim), key(r.speaker))).collect(),
    }
}
