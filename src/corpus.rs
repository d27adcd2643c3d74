//! Articles: finding `.txt` files in files and folders, giving each a unique, safe id,
//! and reading them with clear errors for bad input.
//!
//! Listing ([`discover`]) only reads directory entries and sizes, so a folder of
//! 10,000 articles lists at once; texts are read when an article is opened
//! ([`Entry::read`]) or by [`load`] when every text is wanted.

use crate::text::sha256_hex;
use std::collections::HashSet;
use std::fmt;
use std::path::{Path, PathBuf};

/// Files larger than this are refused unless a caller raises the limit.
pub const DEFAULT_MAX_BYTES: u64 = 50 * 1024 * 1024;

/// An article file found on disk, not read yet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub id: String,
    pub path: PathBuf,
    pub size: u64,
}

/// A loaded article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Article {
    pub id: String,
    pub path: PathBuf,
    pub text: String,
    pub sha256: String,
}

impl Article {
    /// An article from text in memory (tests, imports).
    pub fn from_text(id: impl Into<String>, path: impl Into<PathBuf>, text: impl Into<String>) -> Article {
        let text = text.into();
        Article {
            id: id.into(),
            path: path.into(),
            sha256: sha256_hex(&text),
            text,
        }
    }

    /// The first non-empty line, trimmed: the article's title.
    pub fn title(&self) -> &str {
        title_of(&self.text)
    }
}

/// The first non-empty line of a text, trimmed.
pub fn title_of(text: &str) -> &str {
    text.lines().map(str::trim).find(|l| !l.is_empty()).unwrap_or("")
}

/// Why a file could not be used as an article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadError {
    pub path: PathBuf,
    pub reason: String,
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path.display(), self.reason)
    }
}

impl std::error::Error for LoadError {}

/// Articles that loaded and files that did not.
#[derive(Debug, Default)]
pub struct Loaded {
    pub articles: Vec<Article>,
    pub errors: Vec<LoadError>,
}

/// Lists the `.txt` files under `paths` (files as given, folders recursively, each
/// folder sorted by name), with unique ids. Unreadable folders and missing paths are
/// reported and skipped.
pub fn discover(paths: &[PathBuf]) -> (Vec<Entry>, Vec<LoadError>) {
    let mut files: Vec<(PathBuf, u64)> = Vec::new();
    let mut errors = Vec::new();
    for p in paths {
        match std::fs::metadata(p) {
            Ok(m) if m.is_dir() => walk(p, &mut files, &mut errors),
            Ok(m) => files.push((p.clone(), m.len())),
            Err(e) => errors.push(LoadError {
                path: p.clone(),
                reason: io_reason(&e),
            }),
        }
    }
    let mut used: HashSet<String> = HashSet::new();
    let mut entries = Vec::with_capacity(files.len());
    for (path, size) in files {
        let base = safe_id(&path.file_stem().map(|s| s.to_string_lossy()).unwrap_or_default());
        let mut id = base.clone();
        let mut n = 1;
        while used.contains(&id) {
            n += 1;
            id = format!("{base}~{n}");
        }
        used.insert(id.clone());
        entries.push(Entry { id, path, size });
    }
    (entries, errors)
}

fn walk(dir: &Path, files: &mut Vec<(PathBuf, u64)>, errors: &mut Vec<LoadError>) {
    let rd = match std::fs::read_dir(dir) {
        Ok(rd) => rd,
        Err(e) => {
            errors.push(LoadError {
                path: dir.to_path_buf(),
                reason: io_reason(&e),
            });
            return;
        }
    };
    let mut items: Vec<(PathBuf, std::fs::Metadata)> = Vec::new();
    for ent in rd.flatten() {
        let path = ent.path();
        // Follow symlinks to files, not to folders (no cycles).
        let meta = match ent.file_type() {
            Ok(ft) if ft.is_symlink() => match std::fs::metadata(&path) {
                Ok(m) if m.is_file() => m,
                _ => continue,
            },
            Ok(_) => match ent.metadata() {
                Ok(m) => m,
                Err(_) => continue,
            },
            Err(_) => continue,
        };
        items.push((path, meta));
    }
    items.sort_by(|a, b| a.0.cmp(&b.0));
    for (path, meta) in items {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_default();
        if name.starts_with('.') {
            continue;
        }
        if meta.is_dir() {
            walk(&path, files, errors);
        } else if path.extension().is_some_and(|e| e.eq_ignore_ascii_case("txt")) {
            files.push((path, meta.len()));
        }
    }
}

/// Makes a string safe as an article id and file stem: letters, digits and `-_.~`
/// are kept, anything else becomes `_`; no leading dot; never empty.
pub fn safe_id(stem: &str) -> String {
    let mut id: String = stem
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || matches!(c, '-' | '_' | '.' | '~') {
                c
            } else {
                '_'
            }
        })
        .collect();
    while id.starts_with('.') {
        id.replace_range(0..1, "_");
    }
    if id.is_empty() {
        id.push_str("article");
    }
    if id.chars().count() > 120 {
        id = id.chars().take(120).collect();
    }
    id
}

/// Whether `id` is already safe (what [`safe_id`] would leave unchanged).
pub fn is_safe_id(id: &str) -> bool {
    safe_id(id) == id
}

impl Entry {
    /// Reads the article with the default size limit.
    pub fn read(&self) -> Result<Article, LoadError> {
        self.read_with_limit(DEFAULT_MAX_BYTES)
    }

    pub fn read_with_limit(&self, max_bytes: u64) -> Result<Article, LoadError> {
        let text = read_text(&self.path, max_bytes)?;
        Ok(Article {
            id: self.id.clone(),
            path: self.path.clone(),
            sha256: sha256_hex(&text),
            text,
        })
    }
}

/// Reads one file as article text: UTF-8, a leading BOM dropped, line endings kept.
/// Refuses oversized, empty, binary (NUL bytes) and non-UTF-8 files with a reason.
pub fn read_text(path: &Path, max_bytes: u64) -> Result<String, LoadError> {
    let err = |reason: String| LoadError {
        path: path.to_path_buf(),
        reason,
    };
    let meta = std::fs::metadata(path).map_err(|e| err(io_reason(&e)))?;
    if meta.is_dir() {
        return Err(err("is a folder, not a text file".into()));
    }
    if meta.len() > max_bytes {
        return Err(err(format!(
            "too large: {} bytes (the limit is {} bytes)",
            meta.len(),
            max_bytes
        )));
    }
    let bytes = std::fs::read(path).map_err(|e| err(io_reason(&e)))?;
    if bytes.len() as u64 > max_bytes {
        return Err(err(format!("too large: the limit is {max_bytes} bytes")));
    }
    decode_text(&bytes).map_err(err)
}

/// Decodes article bytes: see [`read_text`].
pub fn decode_text(bytes: &[u8]) -> Result<String, String> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err("UTF-16 text (byte order mark FF FE / FE FF): save it as UTF-8".into());
    }
    let bytes = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes);
    if let Some(pos) = bytes.iter().position(|&b| b == 0) {
        return Err(format!("binary file (a NUL byte at byte {pos})"));
    }
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let at = e.valid_up_to();
        let line = bytes[..at].iter().filter(|&&b| b == b'\n').count() + 1;
        format!("not UTF-8: invalid byte 0x{:02X} at byte {at} (line {line})", bytes[at])
    })?;
    if text.trim().is_empty() {
        return Err(if text.is_empty() {
            "empty file".into()
        } else {
            "holds only whitespace".into()
        });
    }
    Ok(text.to_string())
}

fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or folder".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => e.to_string(),
    }
}

/// Lists and reads every article under `paths`; bad files are reported, the rest load.
pub fn load(paths: &[PathBuf]) -> Loaded {
    load_with_limit(paths, DEFAULT_MAX_BYTES)
}

pub fn load_with_limit(paths: &[PathBuf], max_bytes: u64) -> Loaded {
    let (entries, mut errors) = discover(paths);
    let mut articles = Vec::with_capacity(entries.len());
    for e in entries {
        match e.read_with_limit(max_bytes) {
            Ok(a) => articles.push(a),
            Err(err) => errors.push(err),
        }
    }
    Loaded { articles, errors }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bom_is_dropped_line_endings_kept() {
        assert_eq!(decode_text(b"\xEF\xBB\xBFab\r\ncd").unwrap(), "ab\r\ncd");
    }

    #[test]
    fn bad_bytes_are_named() {
        assert!(decode_text(b"").unwrap_err().contains("empty"));
        assert!(decode_text(b"a\0b").unwrap_err().contains("binary"));
        let e = decode_text(b"ok\nbad \xE9 here").unwrap_err();
        assert!(e.contains("not UTF-8") && e.contains("line 2"), "{e}");
        assert!(decode_text(b"\xFF\xFEa\0").unwrap_err().contains("UTF-16"));
    }

    #[test]
    fn ids_are_safe() {
        assert_eq!(safe_id("../etc/passwd"), "_._etc_passwd");
        assert_eq!(safe_id("/abs/path"), "_abs_path");
        assert_eq!(safe_id(".hidden"), "_hidden");
        assert_eq!(safe_id("Erdoğan 1"), "Erdoğan_1");
        assert_eq!(safe_id(""), "article");
        assert!(is_safe_id("000_ee3d024688d38bd3"));
    }
}
