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
/// reported and skipped. See [`discover_in`] for how ids are given.
pub fn discover(paths: &[PathBuf]) -> (Vec<Entry>, Vec<LoadError>) {
    discover_in(paths, None)
}

/// [`discover`], knowing the annotations folder. A file's id is its name made safe
/// ("a b.txt" -> `a_b`). When several files would have the same id, it stays with the
/// article that already has it: the one the annotations file `<id>.ron` was made
/// from (its `source` names it; the path is compared, never opened), else the file
/// named exactly so ("a_b.txt"), else the first found. The others get
/// `<id>~<8 hex>`, the hex from their path under the folder given, so they keep
/// their ids from run to run whatever else appears.
pub fn discover_in(paths: &[PathBuf], annotations: Option<&Path>) -> (Vec<Entry>, Vec<LoadError>) {
    let mut files: Vec<(PathBuf, u64)> = Vec::new();
    let mut roots: Vec<usize> = Vec::new();
    let mut errors = Vec::new();
    for (r, p) in paths.iter().enumerate() {
        match std::fs::metadata(p) {
            Ok(m) if m.is_dir() => walk(p, &mut files, &mut errors),
            Ok(m) => files.push((p.clone(), m.len())),
            Err(e) => errors.push(LoadError {
                path: p.clone(),
                reason: io_reason(&e),
            }),
        }
        roots.resize(files.len(), r);
    }
    let stems: Vec<String> = files
        .iter()
        .map(|(p, _)| {
            p.file_stem()
                .map(|s| s.to_string_lossy().to_string())
                .unwrap_or_default()
        })
        .collect();
    let bases: Vec<String> = stems.iter().map(|s| safe_id(s)).collect();
    let mut groups: std::collections::HashMap<&str, Vec<usize>> = std::collections::HashMap::new();
    for (i, b) in bases.iter().enumerate() {
        groups.entry(b.as_str()).or_default().push(i);
    }
    let mut ids: Vec<Option<String>> = vec![None; files.len()];
    let mut used: HashSet<String> = HashSet::new();
    for (base, members) in &groups {
        let owner = if members.len() == 1 {
            members[0]
        } else {
            let source = annotations.and_then(|dir| {
                crate::store::Store::new(dir)
                    .read(base)
                    .ok()
                    .flatten()
                    .map(|a| PathBuf::from(a.source))
            });
            let by_source = source.and_then(|src| {
                members.iter().copied().find(|&i| files[i].0 == src).or_else(|| {
                    members
                        .iter()
                        .copied()
                        .find(|&i| src.file_name().is_some() && files[i].0.file_name() == src.file_name())
                })
            });
            let exact = members.iter().copied().find(|&i| stems[i] == bases[i]);
            by_source.or(exact).unwrap_or(members[0])
        };
        ids[owner] = Some(base.to_string());
        used.insert(base.to_string());
    }
    for i in 0..files.len() {
        if ids[i].is_some() {
            continue;
        }
        let root = &paths[roots[i]];
        let rel = files[i].0.strip_prefix(root).unwrap_or(&files[i].0);
        let hash = sha256_hex(&rel.to_string_lossy());
        let base = truncate_id(&bases[i], 111, 231);
        let mut id = format!("{base}~{}", crate::text::head(&hash, 8));
        let mut n = 1;
        while used.contains(&id) {
            n += 1;
            id = format!("{base}~{}~{n}", crate::text::head(&hash, 8));
        }
        used.insert(id.clone());
        ids[i] = Some(id);
    }
    let entries = files
        .into_iter()
        .zip(ids)
        .map(|((path, size), id)| Entry {
            id: id.expect("every file has an id"),
            path,
            size,
        })
        .collect();
    (entries, errors)
}

/// At most `chars` characters and `bytes` bytes of `id` (so `<id>.ron` stays a
/// file name every file system takes).
fn truncate_id(id: &str, chars: usize, bytes: usize) -> String {
    let mut out = String::new();
    for c in id.chars().take(chars) {
        if out.len() + c.len_utf8() > bytes {
            break;
        }
        out.push(c);
    }
    out
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
    if id.chars().count() > 120 || id.len() > 240 {
        id = truncate_id(&id, 120, 240);
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
    // Refuses a FIFO or device without blocking, and never reads past the limit.
    let bytes = crate::fsio::read_capped(path, max_bytes).map_err(|e| match e.kind() {
        std::io::ErrorKind::FileTooLarge => err(format!("too large: the limit is {max_bytes} bytes")),
        std::io::ErrorKind::InvalidInput => err(e.to_string()),
        _ => err(io_reason(&e)),
    })?;
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
