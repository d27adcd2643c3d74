//! Exports to the formats people train and review with, one file per format, and the
//! readers `spanbench import` uses for the same formats.
//!
//! Every format counts offsets in Unicode scalar values, like [`crate::model`].
//!
//! | format | shape | what it cannot hold (reported in [`ExportSummary::lost`]) |
//! |---|---|---|
//! | [`jsonl`] | ours: `{"doc","text","status","spans","relations"}` | nothing |
//! | [`prodigy`] | a task per article: tokens, spans with token_start/token_end, relations | nothing |
//! | [`doccano`] | `{"text","label"}`, or with `--relations` `{"text","entities","relations"}` | relations, in the first shape |
//! | [`conll`] | CoNLL-2003, IOB2, one token a line | nested / overlapping spans (each listed in [`ExportSummary::lost_spans`]), relations |
//! | [`brat`] | a folder: `<id>.txt`, `<id>.ann`, `annotation.conf`, `visual.conf` | the status |
//! | [`bundle`] (`ron`) | one RON list of every article's annotations file | nothing |
//!
//! Orphaned spans (their text left the article) are only in the RON files and the
//! bundle; the other formats report them as lost. `import` reads jsonl, prodigy,
//! doccano (both shapes) and brat back; see [`crate::import`].

pub mod brat;
pub mod bundle;
pub mod conll;
pub mod doccano;
pub mod jsonl;
pub mod labels;
pub mod prodigy;
pub mod tokens;

use crate::corpus::{self, Article, Entry};
use crate::model::{Annotations, Label, Status};
use crate::store::{Store, StoreError};
use crate::text::TextIndex;
use std::fmt;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

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

    /// The usual file extension of the output (brat writes a folder: `None`).
    pub fn extension(self) -> Option<&'static str> {
        match self {
            Format::Jsonl | Format::Prodigy | Format::Doccano => Some("jsonl"),
            Format::Conll => Some("conll"),
            Format::Brat => None,
            Format::Ron => Some("ron"),
        }
    }

    /// Whether the output is a folder (pick a folder in the export dialog).
    pub fn writes_folder(self) -> bool {
        self == Format::Brat
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

/// Whether an external relation type names our SAID_BY ("SAID_BY", "SaidBy", "said-by").
pub fn is_said_by(kind: &str) -> bool {
    let norm: String = kind
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_uppercase)
        .collect();
    norm == "SAIDBY"
}

impl RecordRelation {
    /// The relation between spans `a` and `b` of `spans`, drawn either way: a relation
    /// drawn from the speaker (ACTOR) to the claim (CLAIM) is turned around.
    pub fn between(spans: &[RecordSpan], a: usize, b: usize) -> RecordRelation {
        if spans[a].label == Label::Actor && spans[b].label == Label::Claim {
            RecordRelation { claim: b, speaker: a }
        } else {
            RecordRelation { claim: a, speaker: b }
        }
    }
}

impl DocRecord {
    /// Adds a relation unless the record already has it.
    pub fn add_relation(&mut self, r: RecordRelation) {
        if !self.relations.contains(&r) {
            self.relations.push(r);
        }
    }

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
        let (entries, errors) = corpus::discover_in(corpus, Some(&store.dir));
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
    /// Things the target format could not express, in words (one line each; every
    /// entry of `lost_spans` has its line here too).
    pub lost: Vec<String>,
    /// The spans the target format could not hold (CoNLL: nested and overlapping spans),
    /// one by one.
    pub lost_spans: Vec<LostSpan>,
    /// Articles skipped with their reasons (broken RON, unreadable text).
    pub problems: Vec<String>,
    pub written: Vec<PathBuf>,
}

/// A span that the target format could not hold, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LostSpan {
    pub doc: String,
    pub label: Label,
    pub start: usize,
    pub end: usize,
    pub text: String,
    pub reason: String,
}

impl fmt::Display for LostSpan {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: {} {}..{} {:?}: {}",
            self.doc, self.label, self.start, self.end, self.text, self.reason
        )
    }
}

/// Exports the selected annotated articles of `corpus` in `format` to `out` (a file,
/// or a folder for brat; standard output when `None` and the format is one file).
/// `progress` is called with (articles looked at, articles in the corpus).
///
/// One-file formats stream: each article is written as soon as it is read, through a
/// buffered temp file next to `out` that is renamed over `out` at the end (so `out` is
/// either the old file or the complete new one). brat writes one `.txt` and one `.ann`
/// per article into the folder `out`, each atomically, then its two `.conf` files.
pub fn export(
    format: Format,
    out: Option<&Path>,
    corpus: &[PathBuf],
    store: &Store,
    selection: Selection,
    options: &ExportOptions,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<ExportSummary, ExportError> {
    // An output never goes into the annotations or the corpus folder.
    let mut protected: Vec<PathBuf> = corpus.to_vec();
    protected.push(store.dir.clone());
    let mut iter = AnnotatedIter::new(corpus, store, selection);
    let total = iter.remaining();
    let mut summary = ExportSummary::default();
    if format == Format::Brat {
        let Some(dir) = out else {
            return Err(ExportError::Unsupported(
                "brat export writes a folder: name it with -o DIR".into(),
            ));
        };
        crate::fsio::refuse_protected(dir, &protected).map_err(|e| ExportError::Io {
            path: dir.to_path_buf(),
            message: e.to_string(),
        })?;
        let mut folder = brat::FolderWriter::create(dir)?;
        while let Some(item) = iter.next() {
            let rec = DocRecord::from_annotations(&item.annotations, &item.article.text);
            note_orphans(&item, &mut summary);
            folder.write(&item.article.id, &rec)?;
            summary.articles += 1;
            summary.spans += rec.spans.len();
            summary.relations += rec.relations.len();
            progress(total - iter.remaining(), total);
        }
        folder.finish(&mut summary)?;
    } else {
        let mut sink = Sink::open(out, &protected)?;
        let mut doccano_ids = doccano::Ids::default();
        let mut relations_dropped = 0usize;
        if format == Format::Ron {
            sink.write(bundle::HEADER.as_bytes())?;
        }
        while let Some(item) = iter.next() {
            let rec = DocRecord::from_annotations(&item.annotations, &item.article.text);
            summary.articles += 1;
            let w = &mut sink.w;
            let res = match format {
                Format::Jsonl => {
                    note_orphans(&item, &mut summary);
                    summary.spans += rec.spans.len();
                    summary.relations += rec.relations.len();
                    jsonl::write(w, &rec)
                }
                Format::Prodigy => {
                    note_orphans(&item, &mut summary);
                    summary.spans += rec.spans.len();
                    summary.relations += rec.relations.len();
                    prodigy::write(w, &rec)
                }
                Format::Doccano => {
                    note_orphans(&item, &mut summary);
                    summary.spans += rec.spans.len();
                    if options.relations {
                        summary.relations += rec.relations.len();
                        doccano::write_relations(w, &rec, &mut doccano_ids)
                    } else {
                        relations_dropped += rec.relations.len();
                        doccano::write(w, &rec)
                    }
                }
                Format::Conll => {
                    note_orphans(&item, &mut summary);
                    relations_dropped += rec.relations.len();
                    conll::write(w, &rec, &options.labels, &mut summary)
                }
                Format::Ron => {
                    summary.spans += item.annotations.spans.len();
                    summary.relations += item.annotations.relations.len();
                    bundle::write(w, &item.annotations)
                }
                Format::Brat => unreachable!("handled above"),
            };
            res.map_err(|e| sink.error(&e))?;
            progress(total - iter.remaining(), total);
        }
        if format == Format::Ron {
            sink.write(bundle::FOOTER.as_bytes())?;
        }
        if relations_dropped > 0 {
            let why = match format {
                Format::Doccano => "doccano's span shape has no relations; export with --relations to keep them",
                _ => "CoNLL has no relations",
            };
            summary
                .lost
                .push(format!("{relations_dropped} SAID_BY relations ({why})"));
        }
        sink.finish(&mut summary)?;
    }
    progress(total, total);
    summary.problems = iter.problems.iter().map(|p| p.to_string()).collect();
    Ok(summary)
}

/// Orphaned spans (their text left the article) only live in the RON files.
fn note_orphans(item: &Annotated, summary: &mut ExportSummary) {
    let n = item.annotations.orphans.len();
    if n > 0 {
        summary.lost.push(format!(
            "{}: {n} orphaned spans (their text is no longer in the article; see `spanbench check`)",
            item.article.id
        ));
    }
}

/// Where a one-file export goes: a buffered temp file renamed over the output at the
/// end, or standard output.
struct Sink {
    w: BufWriter<Target>,
    path: Option<PathBuf>,
}

enum Target {
    File(crate::fsio::OutputFile),
    Stdout(std::io::Stdout),
}

impl Write for Target {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match self {
            Target::File(f) => f.write(buf),
            Target::Stdout(s) => s.write(buf),
        }
    }

    fn flush(&mut self) -> std::io::Result<()> {
        match self {
            Target::File(f) => f.flush(),
            Target::Stdout(s) => s.flush(),
        }
    }
}

impl Sink {
    /// Standard output, or the file `out` (see [`crate::fsio::OutputFile`]: devices and
    /// pipes are written into, symlinks followed, nothing inside `protected`).
    fn open(out: Option<&Path>, protected: &[PathBuf]) -> Result<Sink, ExportError> {
        let target = match out {
            None => Target::Stdout(std::io::stdout()),
            Some(path) => {
                if path.is_dir() {
                    return Err(ExportError::Io {
                        path: path.to_path_buf(),
                        message: "is a folder; give a file name".into(),
                    });
                }
                let f = crate::fsio::OutputFile::create(path, protected).map_err(|e| ExportError::Io {
                    path: path.to_path_buf(),
                    message: format!("cannot write: {e}"),
                })?;
                Target::File(f)
            }
        };
        Ok(Sink {
            w: BufWriter::with_capacity(1 << 16, target),
            path: out.map(Path::to_path_buf),
        })
    }

    fn error(&self, e: &std::io::Error) -> ExportError {
        ExportError::Io {
            path: self.path.clone().unwrap_or_else(|| PathBuf::from("<stdout>")),
            message: format!("cannot write: {e}"),
        }
    }

    fn write(&mut self, bytes: &[u8]) -> Result<(), ExportError> {
        self.w.write_all(bytes).map_err(|e| self.error(&e))
    }

    fn finish(self, summary: &mut ExportSummary) -> Result<(), ExportError> {
        let path = self.path.clone();
        let err = |e: std::io::Error| ExportError::Io {
            path: path.clone().unwrap_or_else(|| PathBuf::from("<stdout>")),
            message: format!("cannot write: {e}"),
        };
        let target = self.w.into_inner().map_err(|e| err(e.into_error()))?;
        match target {
            Target::Stdout(mut s) => s.flush().map_err(err)?,
            Target::File(tmp) => {
                let path = path.clone().expect("a file target has a path");
                tmp.commit().map_err(err)?;
                summary.written.push(path);
            }
        }
        Ok(())
    }
}

/// Writes one output file atomically, or to standard output when `out` is `None`.
pub fn write_output(out: Option<&Path>, bytes: &[u8], summary: &mut ExportSummary) -> Result<(), ExportError> {
    let mut sink = Sink::open(out, &[])?;
    sink.write(bytes)?;
    sink.finish(summary)
}
