//! The RON store: `annotations/<article id>.ron`, one file per article.
//!
//! - Files are pretty, with "\n" line endings and spans one per line in canonical
//!   order, so they diff and merge cleanly in git; write, read, write is byte-stable.
//! - Writes are atomic: a temp file in the same folder, fsync, rename, fsync of the
//!   folder. A crash leaves the old file or the new one, never a mix.
//! - A file that fails to parse is reported as `path:line:col: message` and the store
//!   never writes over it ([`Store::save`] refuses while the file on disk does not parse).
//! - Every write holds the folder's writers' lock ([`crate::lock`]), so two writers never
//!   interleave a read-modify-write. [`Store::save_if_unchanged`] also refuses to
//!   replace a file that changed on disk since it was read ([`FileStamp`]).
//! - A file whose `article:` field names another article than its file name, and a
//!   `.ron` that is a folder, FIFO or device, is refused (never followed, never read
//!   without end: reads are capped at [`MAX_RON_BYTES`]).
//! - When the article text changed since the file was written (`text_sha256`), spans
//!   are re-anchored to the nearest occurrence of their text; the ones that cannot be
//!   placed are kept in `orphans` and reported.

use crate::corpus::{Article, is_safe_id};
use crate::model::{Annotations, FORMAT_VERSION, Label, Span};
use crate::text::TextIndex;
use serde::Deserialize;
use std::collections::{HashMap, HashSet};
use std::fmt;
use std::io::Write;
use std::path::{Path, PathBuf};

mod stamp;
pub use stamp::FileStamp;

/// No annotations file is larger than this (a span is about 100 bytes).
pub const MAX_RON_BYTES: u64 = 64 * 1024 * 1024;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StoreError {
    /// The file is not valid RON for an annotations file.
    Parse {
        path: PathBuf,
        line: usize,
        col: usize,
        message: String,
    },
    /// The file was written by a newer spanbench.
    FutureFormat { path: PathBuf, found: u32 },
    /// The file parses but breaks the model's invariants against its article.
    Invalid { path: PathBuf, problems: Vec<String> },
    /// Reading or writing failed.
    Io { path: PathBuf, message: String },
    /// An article id that would name a file outside the annotations folder.
    UnsafeId(String),
    /// The file's `article:` field names another article than its file name.
    Misnamed { path: PathBuf, found: String },
    /// Another writer holds the folder's lock (or it could not be taken).
    Locked(crate::lock::LockError),
    /// The file on disk is not the one that was read (see [`FileStamp`]): someone
    /// changed, created or removed it since. Nothing was written.
    ChangedOnDisk {
        path: PathBuf,
        expected: Option<FileStamp>,
        found: Option<FileStamp>,
    },
    /// Some files of a multi-file save were written, then one failed.
    Partial {
        written: Vec<PathBuf>,
        error: Box<StoreError>,
    },
}

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StoreError::Parse {
                path,
                line,
                col,
                message,
            } => write!(f, "{}:{line}:{col}: {message}", path.display()),
            StoreError::FutureFormat { path, found } => write!(
                f,
                "{}: written in format {found}, but this spanbench reads format {FORMAT_VERSION} at most; \
                 update spanbench (the file is left as it is)",
                path.display()
            ),
            StoreError::Invalid { path, problems } => {
                write!(f, "{}: ", path.display())?;
                for (i, p) in problems.iter().enumerate() {
                    if i > 0 {
                        write!(f, "; ")?;
                    }
                    write!(f, "{p}")?;
                }
                Ok(())
            }
            StoreError::Io { path, message } => write!(f, "{}: {message}", path.display()),
            StoreError::UnsafeId(id) => write!(
                f,
                "article id {id:?} cannot name a file in the annotations folder (only letters, digits and -_.~)"
            ),
            StoreError::Misnamed { path, found } => write!(
                f,
                "{}:1:1: the file says article {found:?}, but its name says {:?}; it is refused and left as \
                 it is (fix its `article:` field or its name)",
                path.display(),
                path.file_stem().map(|s| s.to_string_lossy()).unwrap_or_default()
            ),
            StoreError::Locked(e) => e.fmt(f),
            StoreError::ChangedOnDisk { path, expected, found } => {
                let what = match (expected, found) {
                    (None, Some(_)) => "was created on disk since the article was opened",
                    (Some(_), None) => "was removed from disk since the article was opened",
                    _ => "changed on disk since it was read (an import, a git pull or an editor)",
                };
                write!(
                    f,
                    "{}: {what}; not saved, so that change is not lost: reload it and merge",
                    path.display()
                )
            }
            StoreError::Partial { written, error } => {
                write!(f, "{error}; ")?;
                if written.is_empty() {
                    write!(f, "nothing was written")
                } else {
                    let names: Vec<String> = written.iter().map(|p| p.display().to_string()).collect();
                    write!(f, "written before it failed: {}", names.join(", "))
                }
            }
        }
    }
}

impl std::error::Error for StoreError {}

impl StoreError {
    pub fn path(&self) -> Option<&Path> {
        match self {
            StoreError::Parse { path, .. }
            | StoreError::FutureFormat { path, .. }
            | StoreError::Invalid { path, .. }
            | StoreError::Io { path, .. }
            | StoreError::Misnamed { path, .. }
            | StoreError::ChangedOnDisk { path, .. } => Some(path),
            StoreError::Partial { error, .. } => error.path(),
            StoreError::UnsafeId(_) | StoreError::Locked(_) => None,
        }
    }
}

/// What re-anchoring did to an annotations file whose article text changed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Reanchored {
    /// Spans whose offsets moved to a new occurrence of their text.
    pub moved: usize,
    /// Spans that could not be placed; now in `Annotations::orphans`.
    pub orphaned: Vec<Span>,
    /// Rejections whose text no longer matches (dropped: they only suppress suggestions).
    pub dropped_rejections: usize,
}

/// An article's annotations as opened from the store.
#[derive(Debug, Clone)]
pub struct Opened {
    pub annotations: Annotations,
    /// Whether a file existed (a new article starts with empty annotations).
    pub existed: bool,
    /// Set when the text had changed and spans were re-anchored.
    pub reanchored: Option<Reanchored>,
    /// The file as it was read (`None` when there was none): give it back to
    /// [`Store::save_if_unchanged`] to save without overwriting an outside change.
    pub stamp: Option<FileStamp>,
}

/// The annotations folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Store {
    pub dir: PathBuf,
}

impl Store {
    pub fn new(dir: impl Into<PathBuf>) -> Store {
        Store { dir: dir.into() }
    }

    /// `<dir>/<id>.ron`; refuses ids that could name a file elsewhere.
    pub fn path_for(&self, id: &str) -> Result<PathBuf, StoreError> {
        if !is_safe_id(id) {
            return Err(StoreError::UnsafeId(id.to_string()));
        }
        Ok(self.dir.join(format!("{id}.ron")))
    }

    /// The article ids that have a `.ron` entry here, sorted (a `.ron` that is not a
    /// regular file is listed too: reading it says what it is).
    pub fn ids(&self) -> Vec<String> {
        let mut ids: Vec<String> = match std::fs::read_dir(&self.dir) {
            Ok(rd) => rd
                .flatten()
                .filter_map(|e| {
                    let p = e.path();
                    if p.extension().is_some_and(|x| x == "ron") {
                        p.file_stem().map(|s| s.to_string_lossy().to_string())
                    } else {
                        None
                    }
                })
                .filter(|id| is_safe_id(id))
                .collect(),
            Err(_) => Vec::new(),
        };
        ids.sort();
        ids
    }

    /// Reads and parses `<id>.ron` as it is on disk; `Ok(None)` when there is none.
    pub fn read(&self, id: &str) -> Result<Option<Annotations>, StoreError> {
        Ok(self.read_stamped(id)?.map(|(a, _)| a))
    }

    /// [`Store::read`] with the [`FileStamp`] of the bytes it parsed.
    pub fn read_stamped(&self, id: &str) -> Result<Option<(Annotations, FileStamp)>, StoreError> {
        let path = self.path_for(id)?;
        let Some((src, stamp)) = self.read_bytes(&path)? else {
            return Ok(None);
        };
        let src = String::from_utf8(src).map_err(|e| {
            let at = e.utf8_error().valid_up_to();
            let bytes = e.as_bytes();
            let line = bytes[..at].iter().filter(|&&b| b == b'\n').count() + 1;
            let col = at
                - bytes[..at]
                    .iter()
                    .rposition(|&b| b == b'\n')
                    .map(|i| i + 1)
                    .unwrap_or(0)
                + 1;
            StoreError::Parse {
                path: path.clone(),
                line,
                col,
                message: "not UTF-8".into(),
            }
        })?;
        let ann = from_ron(&src, &path)?;
        if ann.article != id {
            return Err(StoreError::Misnamed {
                path,
                found: ann.article,
            });
        }
        Ok(Some((ann, stamp)))
    }

    /// The bytes of a file here and their stamp; `None` when there is no file.
    fn read_bytes(&self, path: &Path) -> Result<Option<(Vec<u8>, FileStamp)>, StoreError> {
        match crate::fsio::read_capped_meta(path, MAX_RON_BYTES) {
            Ok((b, meta)) => {
                let stamp = FileStamp::of(&b, Some(&meta));
                Ok(Some((b, stamp)))
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(io_err(path, "cannot read", &e)),
        }
    }

    /// Opens an article's annotations: reads the file (or starts empty), re-anchors
    /// spans when the text changed, and validates the result against the text.
    pub fn open(&self, article: &Article, text: &TextIndex) -> Result<Opened, StoreError> {
        let path = self.path_for(&article.id)?;
        let Some((mut ann, stamp)) = self.read_stamped(&article.id)? else {
            return Ok(Opened {
                annotations: Annotations::new(
                    article.id.clone(),
                    article.path.to_string_lossy(),
                    article.sha256.clone(),
                ),
                existed: false,
                reanchored: None,
                stamp: None,
            });
        };
        let mut reanchored = None;
        if ann.text_sha256 != article.sha256 {
            reanchored = Some(reanchor(&mut ann, text));
            ann.text_sha256 = article.sha256.clone();
        }
        let problems = ann.validate(text);
        if !problems.is_empty() {
            return Err(StoreError::Invalid { path, problems });
        }
        Ok(Opened {
            annotations: ann,
            existed: true,
            reanchored,
            stamp: Some(stamp),
        })
    }

    /// Takes the folder's writers' lock (creating the folder when missing); hold the
    /// guard across a read-modify-write. Re-entrant within a thread.
    pub fn lock(&self) -> Result<crate::lock::FolderLock, StoreError> {
        std::fs::create_dir_all(&self.dir).map_err(|e| io_err(&self.dir, "cannot create the folder", &e))?;
        crate::lock::lock(&self.dir).map_err(StoreError::Locked)
    }

    /// Writes the annotations atomically to `<article>.ron`, under the folder's lock.
    /// Refuses to replace a file that does not parse, names another article, or is
    /// not a regular file (the analyst must look at it first).
    pub fn save(&self, ann: &Annotations) -> Result<PathBuf, StoreError> {
        let path = self.path_for(&ann.article)?;
        let _lock = self.lock()?;
        self.check_replaceable(&ann.article)?;
        self.write_unchecked(ann)?;
        Ok(path)
    }

    /// Refuses when `<id>.ron` exists and is not a good annotations file of `id`.
    fn check_replaceable(&self, id: &str) -> Result<(), StoreError> {
        let path = self.path_for(id)?;
        if std::fs::symlink_metadata(&path).is_err() {
            return Ok(());
        }
        match self.read(id) {
            Ok(_) => Ok(()),
            Err(e) => Err(StoreError::Io {
                path,
                message: format!("not overwritten, because the file on disk is broken: {e}"),
            }),
        }
    }

    /// Saves several files all or nothing, under the folder's lock: every file is
    /// written to its temporary file and synced first, and only then are they renamed
    /// into place. A failure before the renames (a full disk) writes nothing; a rename
    /// that fails after others succeeded is a [`StoreError::Partial`] naming what was
    /// written.
    pub fn save_all(&self, anns: &[&Annotations]) -> Result<Vec<PathBuf>, StoreError> {
        let partial = |written: Vec<PathBuf>, error: StoreError| StoreError::Partial {
            written,
            error: Box::new(error),
        };
        let _lock = self.lock().map_err(|e| partial(Vec::new(), e))?;
        let mut files = Vec::with_capacity(anns.len());
        for ann in anns {
            let path = self.path_for(&ann.article).map_err(|e| partial(Vec::new(), e))?;
            self.check_replaceable(&ann.article)
                .map_err(|e| partial(Vec::new(), e))?;
            let staged = AtomicFile::create(&path)
                .and_then(|mut f| {
                    f.write_all(to_ron(ann).as_bytes())?;
                    f.stage()
                })
                .map_err(|e| partial(Vec::new(), io_err(&path, "cannot write", &e)))?;
            files.push(staged);
        }
        let mut written = Vec::with_capacity(files.len());
        for f in files {
            let path = f.target().to_path_buf();
            if let Err(e) = f.commit() {
                crate::fsio::sync_folder(&self.dir);
                return Err(partial(written, io_err(&path, "cannot write", &e)));
            }
            written.push(path);
        }
        crate::fsio::sync_folder(&self.dir);
        Ok(written)
    }

    /// Writes without looking at the file on disk first (the caller knows it is ours),
    /// under the folder's lock.
    pub fn write_unchecked(&self, ann: &Annotations) -> Result<(), StoreError> {
        let path = self.path_for(&ann.article)?;
        let _lock = self.lock()?;
        write_atomic(&path, to_ron(ann).as_bytes()).map_err(|e| io_err(&path, "cannot write", &e))
    }
}

fn io_err(path: &Path, what: &str, e: &std::io::Error) -> StoreError {
    let reason = match e.kind() {
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        std::io::ErrorKind::NotFound => "no such file or folder".to_string(),
        _ => e.to_string(),
    };
    StoreError::Io {
        path: path.to_path_buf(),
        message: format!("{what}: {reason}"),
    }
}

pub use crate::fsio::{AtomicFile, write_atomic};

/// The canonical RON text of an annotations file.
pub fn to_ron(ann: &Annotations) -> String {
    let mut ann = ann.clone();
    ann.normalize();
    let cfg = ron::ser::PrettyConfig::new()
        .new_line("\n")
        .indentor("    ")
        .depth_limit(2)
        .struct_names(false);
    let mut s = ron::ser::to_string_pretty(&ann, cfg).expect("annotations always serialize");
    s.push('\n');
    s
}

#[derive(Deserialize)]
struct FormatProbe {
    format: u32,
}

/// Parses an annotations file; `path` is only used in errors.
pub fn from_ron(src: &str, path: &Path) -> Result<Annotations, StoreError> {
    let parse_err = |e: ron::error::SpannedError| StoreError::Parse {
        path: path.to_path_buf(),
        line: e.span.start.line,
        col: e.span.start.col,
        message: e.code.to_string(),
    };
    // A byte order mark from an editor is not part of the record.
    let src = src.strip_prefix('\u{feff}').unwrap_or(src);
    if src.trim().is_empty() {
        return Err(StoreError::Parse {
            path: path.to_path_buf(),
            line: 1,
            col: 1,
            message: "empty file (expected an annotations record)".into(),
        });
    }
    // Look at the version first: a newer file may not parse as this version's shape.
    if let Ok(probe) = ron::from_str::<FormatProbe>(src)
        && probe.format > FORMAT_VERSION
    {
        return Err(StoreError::FutureFormat {
            path: path.to_path_buf(),
            found: probe.format,
        });
    }
    let ann: Annotations = ron::from_str(src).map_err(parse_err)?;
    if ann.format == 0 {
        return Err(StoreError::Parse {
            path: path.to_path_buf(),
            line: 1,
            col: 1,
            message: "format 0 is not a spanbench format".into(),
        });
    }
    Ok(ann)
}

/// Re-anchors spans after the article text changed: each span moves to the occurrence
/// of its text nearest to where the edit moved its neighbourhood. Spans whose text
/// occurs exactly once are placed first and give the local shift; the others go to the
/// occurrence nearest their old offset plus the shift of the closest placed span.
/// Spans whose text is gone are kept in `orphans` (orphans from earlier runs get
/// another chance). Relations are kept, also those to orphans.
pub fn reanchor(ann: &mut Annotations, text: &TextIndex) -> Reanchored {
    let mut report = Reanchored::default();
    let mut spans = std::mem::take(&mut ann.spans);
    spans.append(&mut ann.orphans);
    spans.sort_by_key(|s| (s.start, s.end, s.id));
    let mut occurrences: HashMap<String, Vec<usize>> = HashMap::new();
    for s in &spans {
        occurrences.entry(s.text.clone()).or_insert_with(|| {
            if s.text.is_empty() {
                return Vec::new();
            }
            text.as_str()
                .match_indices(s.text.as_str())
                .map(|(b, _)| text.char_of_byte(b))
                .collect()
        });
    }
    // Shifts known from spans whose text is unique: (old start, new start - old start).
    let anchors: Vec<(usize, isize)> = spans
        .iter()
        .filter_map(|s| match occurrences[s.text.as_str()].as_slice() {
            [only] => Some((s.start, *only as isize - s.start as isize)),
            _ => None,
        })
        .collect();
    let shift_near = |old: usize| -> isize {
        let i = anchors.partition_point(|a| a.0 <= old);
        let before = i.checked_sub(1).map(|j| anchors[j]);
        let after = anchors.get(i).copied();
        match (before, after) {
            (Some(b), Some(a)) => {
                if old - b.0 <= a.0 - old {
                    b.1
                } else {
                    a.1
                }
            }
            (Some(x), None) | (None, Some(x)) => x.1,
            (None, None) => 0,
        }
    };
    let mut taken: HashSet<(Label, usize)> = HashSet::new();
    let mut placed = Vec::with_capacity(spans.len());
    for mut s in spans {
        let n = s.text.chars().count();
        let expected = (s.start as isize + shift_near(s.start)).max(0) as usize;
        let best = occurrences[s.text.as_str()]
            .iter()
            .copied()
            .filter(|st| !taken.contains(&(s.label, *st)))
            .min_by_key(|&st| (st.abs_diff(expected), st));
        match best {
            Some(st) => {
                if st != s.start || s.end != st + n {
                    report.moved += 1;
                }
                s.start = st;
                s.end = st + n;
                taken.insert((s.label, st));
                placed.push(s);
            }
            None => {
                report.orphaned.push(s.clone());
                ann.orphans.push(s);
            }
        }
    }
    ann.spans = placed;
    // Relations stay, to orphans too: restore the text and the claim comes back with
    // its speaker. Only relations to no span at all are dropped.
    let known: HashSet<u32> = ann.spans.iter().chain(ann.orphans.iter()).map(|s| s.id).collect();
    ann.relations
        .retain(|r| known.contains(&r.claim) && known.contains(&r.speaker));
    let before = ann.rejected.len();
    ann.rejected.retain(|r| r.end <= text.len_chars() && r.start < r.end);
    report.dropped_rejections = before - ann.rejected.len();
    ann.normalize();
    report
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Edit, Label, Origin, Relation};

    #[test]
    fn ron_shape_is_one_span_per_line() {
        let t = TextIndex::new("Sergei Lavrov said “hi”.");
        let mut a = Annotations::new("x", "seeds/x.txt", crate::text::sha256_hex(t.as_str()));
        let s = a.new_span(&t, Label::Actor, 0, 13, Origin::Manual).unwrap();
        a.apply(Edit::AddSpan(s)).unwrap();
        let c = a
            .new_span(&t, Label::Claim, 20, 22, Origin::Suggested("claims".into()))
            .unwrap();
        a.apply(Edit::AddSpan(c)).unwrap();
        a.apply(Edit::Link(Relation::said_by(2, 1))).unwrap();
        let r = to_ron(&a);
        assert!(
            r.contains("(id: 1, label: Actor, start: 0, end: 13, text: \"Sergei Lavrov\", origin: Manual),"),
            "{r}"
        );
        assert!(!r.contains('\r'));
        let back = from_ron(&r, Path::new("x.ron")).unwrap();
        assert_eq!(back, a);
        assert_eq!(to_ron(&back), r);
    }

    #[test]
    fn parse_errors_have_line_and_col() {
        let e = from_ron(
            "(\n    format: 1,\n    article: \"x\",\n    spans: [ (id: oops) ],\n)",
            Path::new("a/b.ron"),
        )
        .unwrap_err();
        let msg = e.to_string();
        assert!(msg.starts_with("a/b.ron:4:"), "{msg}");
    }

    #[test]
    fn future_format_is_refused() {
        let e = from_ron(
            "(format: 9, article: \"x\", spans: [], whatever: Foo(1))",
            Path::new("f.ron"),
        )
        .unwrap_err();
        assert!(matches!(e, StoreError::FutureFormat { found: 9, .. }), "{e}");
        assert!(e.to_string().contains("format 9"));
    }

    #[test]
    fn unknown_fields_are_refused_not_dropped() {
        let e = from_ron("(format: 1, article: \"x\", note: \"mine\")", Path::new("f.ron")).unwrap_err();
        assert!(matches!(e, StoreError::Parse { .. }), "{e}");
    }
}
