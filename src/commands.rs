//! The command-line commands (`spanbench check`, `import`, `export`, ...). `main.rs`
//! parses arguments and calls these; each returns the process exit code and prints
//! its own report (results on stdout, problems on stderr).

use crate::corpus;
use crate::export::labels::LabelMap;
use crate::export::{self, ExportOptions, Format, Selection};
use crate::import::{self, ImportOptions};
use crate::model::Status;
use crate::store::{Store, StoreError, from_ron};
use crate::text::TextIndex;
use std::path::{Path, PathBuf};

/// Where articles come from and where annotations go.
#[derive(Debug, Clone)]
pub struct Paths {
    pub corpus: Vec<PathBuf>,
    pub annotations: PathBuf,
}

/// Problems found by `check`, one line each (empty when all is well).
pub fn check_problems(paths: &Paths) -> (usize, Vec<String>) {
    let store = Store::new(&paths.annotations);
    let mut problems = Vec::new();
    let (entries, errors) = corpus::discover_in(&paths.corpus, Some(&paths.annotations));
    for e in &errors {
        problems.push(e.to_string());
    }
    let by_id: std::collections::HashMap<&str, &corpus::Entry> = entries.iter().map(|e| (e.id.as_str(), e)).collect();
    let ids = store.ids();
    // Files whose names cannot be article ids are reported, never touched.
    if let Ok(rd) = std::fs::read_dir(&store.dir) {
        for ent in rd.flatten() {
            let p = ent.path();
            if p.extension().is_some_and(|x| x == "ron")
                && !p.file_stem().is_some_and(|s| corpus::is_safe_id(&s.to_string_lossy()))
            {
                problems.push(format!("{}: the file name is not a valid article id", p.display()));
            }
        }
    }
    for id in &ids {
        let path = store.path_for(id).expect("ids() lists safe ids");
        let ann = match store.read(id) {
            Ok(Some(a)) => a,
            Ok(None) => continue,
            Err(e) => {
                problems.push(e.to_string());
                continue;
            }
        };
        let Some(entry) = by_id.get(id.as_str()) else {
            problems.push(format!(
                "{}: no article {:?} in the corpus ({})",
                path.display(),
                id,
                paths
                    .corpus
                    .iter()
                    .map(|p| p.display().to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
            continue;
        };
        let article = match entry.read() {
            Ok(a) => a,
            Err(e) => {
                problems.push(format!("{}: its article cannot be read: {e}", path.display()));
                continue;
            }
        };
        let text = TextIndex::new(article.text.clone());
        let mut ann = ann;
        if ann.text_sha256 != article.sha256 {
            let report = crate::store::reanchor(&mut ann, &text);
            for s in &report.orphaned {
                problems.push(format!(
                    "{}: the article changed and span {} ({} {:?}) is no longer in it",
                    path.display(),
                    s.id,
                    s.label,
                    s.text
                ));
            }
        } else {
            for s in &ann.orphans {
                problems.push(format!(
                    "{}: span {} ({} {:?}) is an orphan: its text is not in the article",
                    path.display(),
                    s.id,
                    s.label,
                    s.text
                ));
            }
        }
        for p in ann.validate(&text) {
            problems.push(format!("{}: {p}", path.display()));
        }
    }
    (ids.len(), problems)
}

/// The annotations folder must exist and be a folder for `check` and `export`: a
/// mistyped `--annotations` is an error (exit 2), not "0 files checked".
pub fn require_annotations(dir: &Path) -> Result<(), String> {
    match std::fs::metadata(dir) {
        Ok(m) if m.is_dir() => Ok(()),
        Ok(_) => Err(format!("{}: the annotations folder is not a folder", dir.display())),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Err(format!(
            "{}: no such annotations folder (give the folder of <article>.ron files with --annotations)",
            dir.display()
        )),
        Err(e) => Err(format!("{}: the annotations folder cannot be read: {e}", dir.display())),
    }
}

/// `spanbench check`: 0 when clean, 1 on any problem, 2 when there is no folder to check.
pub fn check(paths: &Paths) -> i32 {
    if let Err(e) = require_annotations(&paths.annotations) {
        eprintln!("{e}");
        return 2;
    }
    let (n, problems) = check_problems(paths);
    for p in &problems {
        println!("{p}");
    }
    if problems.is_empty() {
        eprintln!("{n} annotation files checked, no problems");
        0
    } else {
        eprintln!("{n} annotation files checked, {} problems", problems.len());
        1
    }
}

/// `spanbench import FILE`.
pub fn import(paths: &Paths, file: &Path, format: Option<Format>, skip_bad: bool) -> i32 {
    import_mapped(paths, file, format, skip_bad, &LabelMap::default())
}

/// `spanbench import FILE [--map Their=OURS,...]`: 0 when imported, 1 when nothing (or
/// not everything) was, 2 for a wrong request.
pub fn import_mapped(paths: &Paths, file: &Path, format: Option<Format>, skip_bad: bool, map: &LabelMap) -> i32 {
    let store = Store::new(&paths.annotations);
    let opts = ImportOptions { format, skip_bad };
    if matches!(format, Some(Format::Conll) | Some(Format::Ron)) {
        eprintln!("{}: import reads jsonl, prodigy, doccano and brat", file.display());
        return 2;
    }
    let result = import::import_with_map(file, &paths.corpus, &store, &opts, map);
    match result {
        Ok(r) => {
            for e in &r.skipped {
                eprintln!("skipped: {}", e.display_in(file));
            }
            for w in &r.warnings {
                eprintln!("warning: {}", w.display_in(file));
            }
            for i in &r.ignored {
                eprintln!("ignored (not in --map): {i}");
            }
            eprintln!(
                "imported {}: {} added ({} already there), {}; {} written",
                count(r.records, "record"),
                count(r.spans_added, "span"),
                r.spans_already_there,
                count(r.relations_added, "relation"),
                count(r.files_written.len(), "file")
            );
            if let Some(e) = &r.incomplete {
                eprintln!("import stopped: {e}");
                for p in &r.files_written {
                    eprintln!("written: {}", p.display());
                }
                return 1;
            }
            0
        }
        Err(errors) => {
            for e in &errors {
                eprintln!("{}", e.display_in(file));
            }
            eprintln!("nothing was imported ({})", count(errors.len(), "problem"));
            1
        }
    }
}

/// `spanbench export`.
pub fn export(
    paths: &Paths,
    format: Format,
    out: Option<&Path>,
    statuses: Vec<Status>,
    options: &ExportOptions,
) -> i32 {
    if let Err(e) = require_annotations(&paths.annotations) {
        eprintln!("{e}");
        return 2;
    }
    let store = Store::new(&paths.annotations);
    if !options.labels.is_empty() && format != Format::Conll {
        eprintln!("note: --labels only applies to conll; {format} holds every label");
    }
    if options.relations && format != Format::Doccano {
        eprintln!("note: --relations only applies to doccano; {format} holds relations as it is");
    }
    let bar = crate::progress::Progress::new(0, "articles");
    let mut progress = |done: usize, total: usize| bar.set(done as u64, total as u64);
    let result = export::export(
        format,
        out,
        &paths.corpus,
        &store,
        Selection { statuses },
        options,
        &mut progress,
    );
    bar.finish();
    match result {
        Ok(s) => {
            for p in &s.problems {
                eprintln!("skipped: {p}");
            }
            for l in &s.lost {
                eprintln!("not in {format}: {l}");
            }
            eprintln!(
                "exported {} articles, {} spans, {} relations as {format}",
                s.articles, s.spans, s.relations
            );
            if s.problems.is_empty() { 0 } else { 1 }
        }
        Err(e) => {
            eprintln!("{e}");
            1
        }
    }
}

/// Parses a RON file on its own (used by tests and tools).
pub fn parse_ron_file(path: &Path) -> Result<crate::model::Annotations, StoreError> {
    let bytes = crate::fsio::read_capped(path, crate::store::MAX_RON_BYTES).map_err(|e| StoreError::Io {
        path: path.to_path_buf(),
        message: e.to_string(),
    })?;
    let src = String::from_utf8(bytes).map_err(|_| StoreError::Io {
        path: path.to_path_buf(),
        message: "not UTF-8".into(),
    })?;
    from_ron(&src, path)
}

/// "1 record", "2 records", "0 records".
pub fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn counts_are_singular_for_one() {
        assert_eq!(super::count(1, "record"), "1 record");
        assert_eq!(super::count(0, "record"), "0 records");
        assert_eq!(super::count(2, "file"), "2 files");
    }
}
