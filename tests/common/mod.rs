//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

#[cfg(feature = "gui")]
pub mod gui;

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn seeds() -> PathBuf {
    repo().join("seeds")
}

/// The seed texts, in file-name order.
pub fn seed_texts() -> Vec<String> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(seeds()).unwrap().map(|e| e.unwrap().path()).collect();
    paths.sort();
    paths.iter().map(|p| std::fs::read_to_string(p).unwrap()).collect()
}

/// A fresh temp folder holding a copy of the seeds in `seeds/` and an empty `annotations/`.
pub fn seeded_tempdir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("seeds")).unwrap();
    std::fs::create_dir(dir.path().join("annotations")).unwrap();
    for e in std::fs::read_dir(seeds()).unwrap() {
        let p = e.unwrap().path();
        std::fs::copy(&p, dir.path().join("seeds").join(p.file_name().unwrap())).unwrap();
    }
    dir
}

/// A temp folder with a copy of the seeds in `seeds/` and an empty `annotations/`.
pub struct Workspace {
    pub dir: tempfile::TempDir,
}

impl Workspace {
    pub fn new() -> Workspace {
        Workspace { dir: seeded_tempdir() }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn corpus(&self) -> PathBuf {
        self.path().join("seeds")
    }

    pub fn annotations(&self) -> PathBuf {
        self.path().join("annotations")
    }

    /// Writes `in.jsonl` here: one line giving article `doc` an ACTOR span `start..end`.
    pub fn actor_jsonl(&self, doc: &str, start: usize, end: usize) -> PathBuf {
        let path = self.path().join("in.jsonl");
        let line = serde_json::json!({"doc": doc, "spans": [{"start": start, "end": end, "label": "ACTOR"}]});
        std::fs::write(&path, format!("{line}\n")).unwrap();
        path
    }

    /// Runs the spanbench binary with `--corpus` and `--annotations` of this workspace.
    pub fn run(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_spanbench"))
            .args(args)
            .arg("--corpus")
            .arg(self.corpus())
            .arg("--annotations")
            .arg(self.annotations())
            .current_dir(self.path())
            .output()
            .unwrap()
    }
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).to_string()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).to_string()
}

/// Python-style `text[start:end]` on Unicode scalar values, computed independently of
/// spanbench's own index.
pub fn py_slice(text: &str, start: usize, end: usize) -> String {
    text.chars().skip(start).take(end - start).collect()
}

/// The char offset of the `nth` occurrence (0-based) of `needle` in `text`.
pub fn char_find(text: &str, needle: &str, nth: usize) -> usize {
    let (b, _) = text
        .match_indices(needle)
        .nth(nth)
        .unwrap_or_else(|| panic!("{needle:?} not found"));
    text[..b].chars().count()
}

/// Whether the tests run as root (who ignores file permissions).
pub fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
        .unwrap_or(false)
}
