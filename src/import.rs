//! `spanbench import`: pre-annotations or another team's work into the RON store.
//!
//! The whole input is read, matched to articles and checked before anything is
//! written: a bad line is reported with its line number and then nothing is written
//! (unless the caller asks to skip bad lines).
//!
//! The RON files are read, merged and written under the annotations folder's writers'
//! lock ([`crate::lock`]), so a concurrent import or save is never lost; and they are
//! written all or nothing ([`Store::save_all`]: every temporary file first, then the
//! renames). `--map` ([`LabelMap`]) brings other teams' types onto ours.

use crate::corpus::{self, Article, Entry};
use crate::export::labels::{self, Ignored, LabelMap};
use crate::export::{DocRecord, Format, brat, doccano, jsonl, prodigy};
use crate::model::{Annotations, Edit, Origin, Relation, SpanId};
use crate::store::{Store, StoreError};
use crate::text::TextIndex;
use serde_json::Value;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// Records with where each came from: (file when there are several, line, record).
pub type Located = Vec<(Option<PathBuf>, usize, DocRecord)>;

/// A problem with one input line (1-based), or with the input as a whole (line 0).
/// `file` names the file when the input is more than one (a brat folder); otherwise
/// the problem is in the file the caller gave.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct LineError {
    pub file: Option<PathBuf>,
    pub line: usize,
    pub message: String,
}

impl LineError {
    pub fn new(line: usize, message: impl Into<String>) -> LineError {
        LineError {
            file: None,
            line,
            message: message.into(),
        }
    }

    /// `path:line: message` (`path: message` for line 0), with `input` standing for the
    /// file when the error names none.
    pub fn display_in(&self, input: &Path) -> String {
        let path = self.file.as_deref().unwrap_or(input);
        if self.line == 0 {
            format!("{}: {}", path.display(), self.message)
        } else {
            format!("{}:{}: {}", path.display(), self.line, self.message)
        }
    }
}

/// What an import did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportReport {
    pub records: usize,
    pub spans_added: usize,
    pub spans_already_there: usize,
    pub relations_added: usize,
    pub files_written: Vec<PathBuf>,
    /// Lines skipped (only with `skip_bad`).
    pub skipped: Vec<LineError>,
    /// Lines that were imported but look wrong (spans that cut words in two).
    pub warnings: Vec<LineError>,
    /// What a label map passed over, one line per kind: `3 spans of type "Person"`.
    pub ignored: Vec<String>,
    /// Set when writing stopped after some files were written (they are in
    /// `files_written`; the rest were not).
    pub incomplete: Option<String>,
}

/// The largest import input read (a JSONL file or a `.ann`).
pub const MAX_INPUT_BYTES: u64 = 1024 * 1024 * 1024;

#[derive(Debug, Clone, Default)]
pub struct ImportOptions {
    /// The input format; detected per line when `None`.
    pub format: Option<Format>,
    /// Import the good lines and report the bad ones, instead of writing nothing.
    pub skip_bad: bool,
}

/// Parses one JSON line in the given (or detected) format.
pub fn parse_line(line: &str, format: Option<Format>) -> Result<DocRecord, String> {
    parse_line_mapped(line, format, &LabelMap::default(), &mut Ignored::new())
}

/// [`parse_line`] with a label map (see [`crate::export::labels`]).
pub fn parse_line_mapped(
    line: &str,
    format: Option<Format>,
    map: &LabelMap,
    ignored: &mut Ignored,
) -> Result<DocRecord, String> {
    let mut v: Value = serde_json::from_str(line).map_err(|e| format!("not JSON: {e}"))?;
    if !v.is_object() {
        return Err("expected a JSON object".into());
    }
    let format = match format {
        Some(f) => f,
        None if doccano::detect(&v) => Format::Doccano,
        None if prodigy::detect(&v) => Format::Prodigy,
        None => Format::Jsonl,
    };
    let mut mine = Ignored::new();
    let dropped = labels::apply_to_value(map, format, &mut v, &mut mine);
    let mut rec = match format {
        Format::Jsonl => jsonl::from_value(&v),
        Format::Doccano => doccano::from_value(&v),
        Format::Prodigy => prodigy::from_value(&v),
        other => Err(format!("{other} is not a line format")),
    }?;
    labels::drop_spans(&mut rec, &dropped, &mut mine);
    for (k, n) in mine {
        *ignored.entry(k).or_default() += n;
    }
    Ok(rec)
}

/// Reads a JSONL file into records, with the line number of each.
pub fn read_jsonl(path: &Path, format: Option<Format>) -> (Vec<(usize, DocRecord)>, Vec<LineError>) {
    read_jsonl_mapped(path, format, &LabelMap::default(), &mut Ignored::new())
}

/// [`read_jsonl`] with a label map.
pub fn read_jsonl_mapped(
    path: &Path,
    format: Option<Format>,
    map: &LabelMap,
    ignored: &mut Ignored,
) -> (Vec<(usize, DocRecord)>, Vec<LineError>) {
    let bytes = match crate::fsio::read_input_capped(path, MAX_INPUT_BYTES) {
        Ok(b) => b,
        Err(e) => {
            return (Vec::new(), vec![LineError::new(0, format!("cannot read: {e}"))]);
        }
    };
    let bytes = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(&bytes);
    let mut records = Vec::new();
    let mut errors = Vec::new();
    for (i, raw) in bytes.split(|&b| b == b'\n').enumerate() {
        let line_no = i + 1;
        let Ok(line) = std::str::from_utf8(raw) else {
            errors.push(LineError::new(line_no, "not UTF-8"));
            continue;
        };
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        match parse_line_mapped(line, format, map, ignored) {
            Ok(r) => records.push((line_no, r)),
            Err(message) => errors.push(LineError::new(line_no, message)),
        }
    }
    (records, errors)
}

/// Finds articles by id, or by identical text (texts are read only when a record
/// names no known id).
pub struct ArticleFinder {
    entries: Vec<Entry>,
    by_id: HashMap<String, usize>,
    by_text: Option<HashMap<String, usize>>,
    cache: HashMap<usize, Article>,
}

impl ArticleFinder {
    pub fn new(corpus: &[PathBuf]) -> (ArticleFinder, Vec<corpus::LoadError>) {
        Self::new_in(corpus, None)
    }

    /// [`ArticleFinder::new`] with ids given knowing the annotations folder (see
    /// [`corpus::discover_in`]).
    pub fn new_in(corpus: &[PathBuf], annotations: Option<&Path>) -> (ArticleFinder, Vec<corpus::LoadError>) {
        let (entries, errors) = corpus::discover_in(corpus, annotations);
        let by_id = entries.iter().enumerate().map(|(i, e)| (e.id.clone(), i)).collect();
        (
            ArticleFinder {
                entries,
                by_id,
                by_text: None,
                cache: HashMap::new(),
            },
            errors,
        )
    }

    fn article(&mut self, i: usize) -> Result<&Article, String> {
        if !self.cache.contains_key(&i) {
            let a = self.entries[i].read().map_err(|e| e.to_string())?;
            self.cache.insert(i, a);
        }
        Ok(&self.cache[&i])
    }

    /// The article a record belongs to.
    pub fn find(&mut self, rec: &DocRecord) -> Result<Article, String> {
        if let Some(id) = &rec.doc
            && let Some(&i) = self.by_id.get(id)
        {
            return self.article(i).cloned();
        }
        let Some(text) = &rec.text else {
            return Err(match &rec.doc {
                Some(id) => format!("no article {id:?} in the corpus, and the line has no \"text\" to match"),
                None => "the line names no article (\"doc\") and has no \"text\" to match".into(),
            });
        };
        if self.by_text.is_none() {
            let mut m = HashMap::new();
            for i in 0..self.entries.len() {
                if let Ok(a) = self.article(i) {
                    m.entry(a.sha256.clone()).or_insert(i);
                }
            }
            self.by_text = Some(m);
        }
        let sha = crate::text::sha256_hex(text);
        match self.by_text.as_ref().and_then(|m| m.get(&sha)).copied() {
            Some(i) => self.article(i).cloned(),
            None => Err(match &rec.doc {
                Some(id) => format!("no article {id:?} in the corpus, and no article has this text"),
                None => "no article in the corpus has this text".into(),
            }),
        }
    }
}

/// Merges records into the store's annotations with origin `Imported`. Checks
/// everything first; writes only when there are no errors (or `skip_bad`).
pub fn merge_records(
    records: Vec<(usize, DocRecord)>,
    errors: Vec<LineError>,
    finder: &mut ArticleFinder,
    store: &Store,
    skip_bad: bool,
) -> Result<ImportReport, Vec<LineError>> {
    let records = records.into_iter().map(|(l, r)| (None, l, r)).collect();
    merge_located(records, errors, finder, store, skip_bad)
}

/// [`merge_records`] for records from several files: each with (file, line).
pub fn merge_located(
    records: Located,
    mut errors: Vec<LineError>,
    finder: &mut ArticleFinder,
    store: &Store,
    skip_bad: bool,
) -> Result<ImportReport, Vec<LineError>> {
    struct Pending {
        ann: Annotations,
        changed: bool,
    }
    let mut report = ImportReport::default();
    // Read, merge and write under the folder's lock: what another writer saved before
    // we got it is read here and kept.
    let _lock = match store.lock() {
        Ok(l) => l,
        Err(e) => return Err(vec![LineError::new(0, e.to_string())]),
    };
    let mut pending: HashMap<String, (Pending, TextIndex)> = HashMap::new();
    for (file, line, rec) in records {
        let at = |message: String| LineError {
            file: file.clone(),
            line,
            message,
        };
        let article = match finder.find(&rec) {
            Ok(a) => a,
            Err(message) => {
                errors.push(at(message));
                continue;
            }
        };
        if !pending.contains_key(&article.id) {
            let text = TextIndex::new(article.text.clone());
            match store.open(&article, &text) {
                Ok(o) => {
                    pending.insert(
                        article.id.clone(),
                        (
                            Pending {
                                ann: o.annotations,
                                changed: o.reanchored.is_some(),
                            },
                            text,
                        ),
                    );
                }
                Err(e) => {
                    errors.push(at(e.to_string()));
                    continue;
                }
            }
        }
        let (p, text) = pending.get_mut(&article.id).expect("inserted above");
        match merge_record(&mut p.ann, text, &rec) {
            Ok((added, there, rels)) => {
                report.records += 1;
                report.spans_added += added;
                report.spans_already_there += there;
                report.relations_added += rels;
                p.changed |= added + rels > 0 || rec.status.is_some_and(|s| s != p.ann.status);
                if let Some(s) = rec.status {
                    p.ann.status = s;
                }
                report.warnings.extend(word_cuts(text, &rec).into_iter().map(at));
            }
            Err(message) => errors.push(at(message)),
        }
    }
    errors.sort_by(|a, b| (&a.file, a.line).cmp(&(&b.file, b.line)));
    if !errors.is_empty() && !skip_bad {
        return Err(errors);
    }
    report.skipped = errors;
    let mut ids: Vec<&String> = pending.keys().filter(|id| pending[*id].0.changed).collect();
    ids.sort();
    let anns: Vec<&Annotations> = ids.iter().map(|id| &pending[*id].0.ann).collect();
    match store.save_all(&anns) {
        Ok(written) => report.files_written = written,
        Err(StoreError::Partial { written, error }) if !written.is_empty() => {
            report.files_written = written;
            report.incomplete = Some(error.to_string());
        }
        Err(StoreError::Partial { error, .. }) => {
            return Err(vec![LineError::new(0, format!("{error} (nothing was written)"))]);
        }
        Err(e) => return Err(vec![LineError::new(0, format!("{e} (nothing was written)"))]),
    }
    Ok(report)
}

/// Spans given by offsets alone (no text to check them against) that start or end in
/// the middle of a word: what byte or UTF-16 offsets look like ("n and Ru" for
/// "Erdoğan and Russia"). One message per span.
pub fn word_cuts(text: &TextIndex, rec: &DocRecord) -> Vec<String> {
    let len = text.len_chars();
    let at = |i: usize| text.slice(i, i + 1).chars().next().is_some_and(char::is_alphanumeric);
    let mut out = Vec::new();
    for (i, s) in rec.spans.iter().enumerate() {
        if s.text.is_some() || s.start >= s.end || s.end > len {
            continue;
        }
        let cut_start = s.start > 0 && at(s.start - 1) && at(s.start);
        let cut_end = s.end < len && at(s.end - 1) && at(s.end);
        if cut_start || cut_end {
            let from = s.start.saturating_sub(10);
            let to = (s.end + 10).min(len);
            out.push(format!(
                "spans[{i}] {} {}..{} {:?} cuts a word in the middle (in {:?}): if the offsets count \
                 bytes or UTF-16 units rather than characters, the span is in the wrong place",
                s.label,
                s.start,
                s.end,
                text.slice(s.start, s.end),
                text.slice(from, to)
            ));
        }
    }
    out
}

/// Adds one record's spans and relations to `ann` (checked against `text`). On error
/// `ann` is unchanged.
/// Returns (spans added, spans already present, relations added).
pub fn merge_record(ann: &mut Annotations, text: &TextIndex, rec: &DocRecord) -> Result<(usize, usize, usize), String> {
    if let Some(t) = &rec.text
        && t != text.as_str()
    {
        return Err(format!(
            "the line's \"text\" differs from article {:?} (re-export it from the current corpus)",
            ann.article
        ));
    }
    let len = text.len_chars();
    let mut work = ann.clone();
    let mut ids: Vec<SpanId> = Vec::with_capacity(rec.spans.len());
    let (mut added, mut there) = (0, 0);
    for (i, s) in rec.spans.iter().enumerate() {
        if s.start >= s.end || s.end > len {
            return Err(format!(
                "spans[{i}] {} {}..{}: offsets out of range (the article has {len} characters)",
                s.label, s.start, s.end
            ));
        }
        let covered = text.slice(s.start, s.end);
        if let Some(t) = &s.text
            && t != covered
        {
            return Err(format!(
                "spans[{i}] {} {}..{}: its text {:?} differs from the article's {:?} (offsets must count Unicode characters, not bytes or UTF-16 units)",
                s.label, s.start, s.end, t, covered
            ));
        }
        let (ts, te) = text.trim(s.start, s.end);
        if let Some(existing) = work.find(s.label, ts, te) {
            ids.push(existing.id);
            there += 1;
            continue;
        }
        let span = work
            .new_span(text, s.label, s.start, s.end, Origin::Imported)
            .map_err(|e| format!("spans[{i}]: {e}"))?;
        ids.push(span.id);
        work.apply(Edit::AddSpan(span))
            .map_err(|e| format!("spans[{i}]: {e}"))?;
        added += 1;
    }
    let mut rels = 0;
    for (i, r) in rec.relations.iter().enumerate() {
        let (Some(&c), Some(&s)) = (ids.get(r.claim), ids.get(r.speaker)) else {
            return Err(format!("relations[{i}]: span index out of range"));
        };
        let rel = Relation::said_by(c, s);
        if work.relations.contains(&rel) {
            continue;
        }
        work.apply(Edit::Link(rel))
            .map_err(|e| format!("relations[{i}]: {e}"))?;
        rels += 1;
    }
    *ann = work;
    Ok((added, there, rels))
}

/// Imports a JSONL file (ours, Prodigy's or doccano's) into the store.
pub fn import_jsonl(
    path: &Path,
    corpus: &[PathBuf],
    store: &Store,
    opts: &ImportOptions,
) -> Result<ImportReport, Vec<LineError>> {
    import_jsonl_mapped(path, corpus, store, opts, &LabelMap::default())
}

fn import_jsonl_mapped(
    path: &Path,
    corpus: &[PathBuf],
    store: &Store,
    opts: &ImportOptions,
    map: &LabelMap,
) -> Result<ImportReport, Vec<LineError>> {
    let mut ignored = Ignored::new();
    let (records, errors) = read_jsonl_mapped(path, opts.format, map, &mut ignored);
    if records.is_empty() && errors.is_empty() && ignored.is_empty() {
        return Err(vec![LineError::new(0, "no records (the file is empty)")]);
    }
    let (mut finder, _load_errors) = ArticleFinder::new_in(corpus, Some(&store.dir));
    let mut r = merge_records(records, errors, &mut finder, store, opts.skip_bad)?;
    r.ignored = labels::describe(&ignored);
    Ok(r)
}

/// The `.ann` / `.txt` pairs of a brat input: a folder (every `.ann` in it, sorted), an
/// `.ann` file, or a `.txt` file (its `.ann` next to it).
fn brat_pairs(path: &Path) -> Result<Vec<(PathBuf, PathBuf)>, LineError> {
    let err = |message: String| LineError {
        file: Some(path.to_path_buf()),
        line: 0,
        message,
    };
    let mut anns: Vec<PathBuf> = Vec::new();
    if path.is_dir() {
        let rd = std::fs::read_dir(path).map_err(|e| err(format!("cannot read the folder: {e}")))?;
        for e in rd.flatten() {
            let p = e.path();
            if p.extension().is_some_and(|x| x == "ann") {
                anns.push(p);
            }
        }
        anns.sort();
        if anns.is_empty() {
            return Err(err("no .ann files in this folder".into()));
        }
    } else if path.extension().is_some_and(|x| x == "ann" || x == "txt") {
        anns.push(path.with_extension("ann"));
    } else {
        return Err(err("a brat input is a folder, an .ann file or its .txt file".into()));
    }
    Ok(anns
        .into_iter()
        .map(|a| {
            let t = a.with_extension("txt");
            (a, t)
        })
        .collect())
}

/// Reads brat standoff (see [`brat`]) into records: one per `.ann` file, named by the
/// file's stem and carrying its `.txt`, so it is matched to the article by id or, when
/// renamed, by text. Problems name their file and line.
pub fn read_brat(path: &Path) -> (Located, Vec<LineError>) {
    read_brat_mapped(path, &LabelMap::default(), &mut Ignored::new())
}

/// [`read_brat`] with a label map. A file with bad lines still gives the record of
/// its good lines (imported only with `--skip-bad`, where exactly the bad lines are
/// skipped).
pub fn read_brat_mapped(path: &Path, map: &LabelMap, ignored: &mut Ignored) -> (Located, Vec<LineError>) {
    let pairs = match brat_pairs(path) {
        Ok(p) => p,
        Err(e) => return (Vec::new(), vec![e]),
    };
    let mut records = Vec::new();
    let mut errors = Vec::new();
    for (ann_path, txt_path) in pairs {
        let whole = |message: String| LineError {
            file: Some(ann_path.clone()),
            line: 0,
            message,
        };
        let ann_src = match crate::fsio::read_capped(&ann_path, MAX_INPUT_BYTES) {
            Ok(b) => match String::from_utf8(b) {
                Ok(s) => s,
                Err(_) => {
                    errors.push(whole("not UTF-8".into()));
                    continue;
                }
            },
            Err(e) => {
                errors.push(whole(format!("cannot read: {e}")));
                continue;
            }
        };
        let text = match crate::fsio::read_capped(&txt_path, crate::corpus::DEFAULT_MAX_BYTES) {
            Ok(b) => match corpus::decode_text(&b) {
                Ok(t) => t,
                Err(reason) => {
                    errors.push(whole(format!("its text {}: {reason}", txt_path.display())));
                    continue;
                }
            },
            Err(e) => {
                errors.push(whole(format!("its text {} cannot be read: {e}", txt_path.display())));
                continue;
            }
        };
        let index = TextIndex::new(text);
        let ann_src = ann_src.strip_prefix('\u{feff}').unwrap_or(&ann_src);
        let (mut rec, errs) = brat::parse_ann_mapped(ann_src, &index, map, ignored);
        errors.extend(errs.into_iter().map(|(line, message)| LineError {
            file: Some(ann_path.clone()),
            line,
            message,
        }));
        rec.doc = ann_path.file_stem().map(|s| s.to_string_lossy().to_string());
        rec.text = Some(index.into_string());
        records.push((Some(ann_path.clone()), 0, rec));
    }
    (records, errors)
}

/// Imports brat standoff (a folder, or one `.ann` with its `.txt`) into the store; all
/// or nothing, like [`import_jsonl`].
pub fn import_brat(
    path: &Path,
    corpus: &[PathBuf],
    store: &Store,
    opts: &ImportOptions,
) -> Result<ImportReport, Vec<LineError>> {
    import_brat_mapped(path, corpus, store, opts, &LabelMap::default())
}

fn import_brat_mapped(
    path: &Path,
    corpus: &[PathBuf],
    store: &Store,
    opts: &ImportOptions,
    map: &LabelMap,
) -> Result<ImportReport, Vec<LineError>> {
    let mut ignored = Ignored::new();
    let (records, errors) = read_brat_mapped(path, map, &mut ignored);
    let (mut finder, _load_errors) = ArticleFinder::new_in(corpus, Some(&store.dir));
    let mut r = merge_located(records, errors, &mut finder, store, opts.skip_bad)?;
    r.ignored = labels::describe(&ignored);
    Ok(r)
}

/// Whether `path` looks like brat input (a folder, or an `.ann` file).
pub fn looks_like_brat(path: &Path) -> bool {
    path.is_dir() || path.extension().is_some_and(|x| x == "ann")
}

/// Imports any supported input: brat when asked or when `path` looks like it (a
/// folder or an `.ann` file), else JSONL in our, Prodigy's or doccano's shape.
pub fn import_any(
    path: &Path,
    corpus: &[PathBuf],
    store: &Store,
    opts: &ImportOptions,
) -> Result<ImportReport, Vec<LineError>> {
    import_with_map(path, corpus, store, opts, &LabelMap::default())
}

/// [`import_any`] with a label map (`--map Source=ACTOR,Content=CLAIM`).
pub fn import_with_map(
    path: &Path,
    corpus: &[PathBuf],
    store: &Store,
    opts: &ImportOptions,
    map: &LabelMap,
) -> Result<ImportReport, Vec<LineError>> {
    match opts.format {
        Some(Format::Conll) | Some(Format::Ron) => {
            Err(vec![LineError::new(0, "import reads jsonl, prodigy, doccano and brat")])
        }
        Some(Format::Brat) => import_brat_mapped(path, corpus, store, opts, map),
        None if looks_like_brat(path) => import_brat_mapped(path, corpus, store, opts, map),
        _ => import_jsonl_mapped(path, corpus, store, opts, map),
    }
}
