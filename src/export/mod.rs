//! Exports to the formats people train and review with, one file per format, and the
//! readers `spanbench import` uses for the same formats.
//!
//! Every format counts offsets in Unicode scalar values, like [`crate::model`].

pub mod doccano;
pub mod jsonl;
pub mod prodigy;

use crate::corpus::{self, Article, Entry};
use crate::model::{Annotations, Label, Status};
use crate::store::{Store, StoreError};
use crate::text::TextIndex;
use std::fmt;
use std::path::PathBuf;

/// The export formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// Our JSONL shape (DESIGN.md), loadable by spaCy with `doc.char_span`.
    Jsonl,
    Prodigy,
    Doccano,
    Conll,
    Brat,
    Ron,
}

impl Format {
    pub const ALL: [Format; 6] = [
        Format::Jsonl,
        Format::Prodigy,
        Format::Doccano,
        Format::Conll,
        Format::Brat,
        Format::Ron,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Format::Jsonl => "jsonl",
            Format::Prodigy => "prodigy",
            Format::Doccano => "doccano",
            Format::Conll => "conll",
            Format::Brat => "brat",
            Format::Ron => "ron",
        }
    }

    pub fn parse(s: &str) -> Option<Format> {
        Format::ALL
            .into_iter()
            .find(|f| f.name().eq_ignore_ascii_case(s.trim()))
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// One article's annotations in the flat shape every format converts from and to:
/// spans with char offsets and relations between span indices.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DocRecord {
    /// The article id, when the source names one.
    pub doc: Option<String>,
    /// The article text, when the source carries it.
    pub text: Option<String>,
    pub status: Option<Status>,
    pub spans: Vec<RecordSpan>,
    pub relations: Vec<RecordRelation>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordSpan {
    pub start: usize,
    pub end: usize,
    pub label: Label,
    /// The covered text, when the source carries it (checked against the article).
    pub text: Option<String>,
}

/// A SAID_BY relation between two spans of the same record, by index into `spans`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct RecordRelation {
    pub claim: usize,
    pub speaker: usize,
}

impl DocRecord {
    /// The record of an article's annotations (spans in canonical order).
    pub fn from_annotations(ann: &Annotations, text: &str) -> DocRecord {
        let spans: Vec<RecordSpan> = ann
            .spans
            .iter()
            .map(|s| RecordSpan {
                start: s.start,
                end: s.end,
                label: s.label,
                text: Some(s.text.clone()),
            })
            .collect();
        let index = |id| ann.spans.iter().position(|s| s.id == id);
        let relations = ann
            .relations
            .iter()
            .filter_map(|r| {
                Some(RecordRelation {
                    claim: index(r.claim)?,
                    speaker: index(r.speaker)?,
                })
            })
            .collect();
        DocRecord {
            doc: Some(ann.article.clone()),
            text: Some(text.to_string()),
            status: Some(ann.status),
            spans,
            relations,
        }
    }
}

/// Which articles an export takes.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    /// Only these statuses; all when empty.
    pub statuses: Vec<Status>,
}

/// Why an export could not run or skipped an article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExportError {
    Store(StoreError),
    Load(corpus::LoadError),
    Io { path: PathBuf, message: String },
    Unsupported(String),
}

impl fmt::Display for ExportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ExportError::Store(e) => e.fmt(f),
            ExportError::Load(e) => e.fmt(f),
            ExportError::Io { path, message } => write!(f, "{}: {message}", path.display()),
            ExportError::Unsupported(m) => f.write_str(m),
        }
    }
}

impl std::error::Error for ExportError {}

/// An annotated article ready to export.
#[derive(Debug, Clone)]
pub struct Annotated {
    pub article: Article,
    pub annotations: Annotations,
}

/// Walks the corpus and yields, one at a time, every article that has an annotations
/// file and passes the selection; problems (unreadable article, broken RON) are
/// collected in `problems` and the walk goes on.
pub struct AnnotatedIter<'a> {
    entries: std::vec::IntoIter<Entry>,
    store: &'a Store,
    selection: Selection,
    pub problems: Vec<ExportError>,
    have: std::collections::HashSet<String>,
}

impl<'a> AnnotatedIter<'a> {
    pub fn new(corpus: &[PathBuf], store: &'a Store, selection: Selection) -> Self {
        let (entries, errors) = corpus::discover(corpus);
        AnnotatedIter {
            entries: entries.into_iter(),
            store,
            selection,
            problems: errors.into_iter().map(ExportError::Load).collect(),
            have: store.ids().into_iter().collect(),
        }
    }

    /// How many articles are left to look at (an upper bound on what it yields).
    pub fn remaining(&self) -> usize {
        self.entries.len()
    }
}

impl Iterator for AnnotatedIter<'_> {
    type Item = Annotated;

    fn next(&mut self) -> Option<Annotated> {
        for entry in self.entries.by_ref() {
            if !self.have.contains(&entry.id) {
                continue;
            }
            let article = match entry.read() {
                Ok(a) => a,
                Err(e) => {
                    self.problems.push(ExportError::Load(e));
                    continue;
                }
            };
            let text = TextIndex::new(article.text.clone());
            match self.store.open(&article, &text) {
                Ok(opened) => {
                    let ann = opened.annotations;
                    if !self.selection.statuses.is_empty() && !self.selection.statuses.contains(&ann.status) {
                        continue;
                    }
                    return Some(Annotated {
                        article,
                        annotations: ann,
                    });
                }
                Err(e) => self.problems.push(ExportError::Store(e)),
            }
        }
        None
    }
}

/// Label names used in every format.
pub fn label_name(l: Label) -> &'static str {
    l.upper()
}

/// Format-specific switches.
#[derive(Debug, Clone, Default)]
pub struct ExportOptions {
    /// CoNLL: which labels go in the tag column (all when empty).
    pub labels: Vec<Label>,
    /// doccano: write the relation shape (entities + relations).
    pub relations: bool,
}

/// What an export wrote and what the format could not hold.
#[derive(Debug, Clone, Default)]
pub struct ExportSummary {
    pub articles: usize,
    pub spans: usize,
    pub relations: usize,
    /// Things the target format could not express, in words.
    pub lost: Vec<String>,
    /// Articles skipped with their reasons (broken RON, unreadable text).
    pub problems: Vec<String>,
    pub written: Vec<PathBuf>,
}

/// Exports the selected annotated articles of `corpus` in `format` to `out` (a file,
/// or a folder for brat; standard output when `None` and the format is one file).
/// `progress` is called with (articles looked at, articles in the corpus).
pub fn export(
    format: Format,
    out: Option<&std::path::Path>,
    corpus: &[PathBuf],
    store: &Store,
    selection: Selection,
    options: &ExportOptions,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<ExportSummary, ExportError> {
    let _ = options;
    let mut iter = AnnotatedIter::new(corpus, store, selection);
    let total = iter.remaining();
    let mut summary = ExportSummary::default();
    let mut buf = String::new();
    match format {
        Format::Jsonl => {
            while let Some(item) = iter.next() {
                let rec = DocRecord::from_annotations(&item.annotations, &item.article.text);
                summary.articles += 1;
                summary.spans += rec.spans.len();
                summary.relations += rec.relations.len();
                buf.push_str(&jsonl::to_line(&rec));
                buf.push('\n');
                progress(total - iter.remaining(), total);
            }
        }
        other => {
            return Err(ExportError::Unsupported(format!(
                "export to {other} is not built yet (see the open export issue)"
            )));
        }
    }
    summary.problems = iter.problems.iter().map(|p| p.to_string()).collect();
    write_output(out, buf.as_bytes(), &mut summary)?;
    Ok(summary)
}

/// Writes one output file atomically, or to standard output when `out` is `None`.
pub fn write_output(
    out: Option<&std::path::Path>,
    bytes: &[u8],
    summary: &mut ExportSummary,
) -> Result<(), ExportError> {
    match out {
        Some(path) => {
            crate::store::write_atomic(path, bytes).map_err(|e| ExportError::Io {
                path: path.to_path_buf(),
                message: format!("cannot write: {e}"),
            })?;
            summary.written.push(path.to_path_buf());
        }
        None => {
            use std::io::Write;
            let mut so = std::io::stdout().lock();
            so.write_all(bytes).map_err(|e| ExportError::Io {
                path: PathBuf::from("<stdout>"),
                message: e.to_string(),
            })?;
        }
    }
    Ok(())
}
