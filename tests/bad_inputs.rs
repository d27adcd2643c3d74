//! A table of bad inputs: each gets a clear message naming the file, never a panic,
//! and nothing on disk changes that should not. Also: ids and RON fields can never
//! make spanbench write outside the annotations folder.

mod common;

use common::*;
use spanbench::corpus;
use spanbench::model::{Annotations, Edit, Label, Origin};
use spanbench::store::{Store, StoreError};
use spanbench::text::TextIndex;
use std::path::{Path, PathBuf};

const S000: &str = "000_ee3d024688d38bd3";

/// Loads one file as an article and returns the error text.
fn article_error(name: &str, bytes: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join(name);
    std::fs::write(&p, bytes).unwrap();
    let l = corpus::load(&[dir.path().to_path_buf()]);
    assert!(l.articles.is_empty());
    assert_eq!(l.errors.len(), 1);
    let msg = l.errors[0].to_string();
    assert!(msg.contains(name), "{msg}");
    msg
}

#[test]
fn bad_articles_are_named_with_a_reason() {
    assert!(article_error("latin1.txt", b"caf\xe9\n").contains("not UTF-8"));
    let mut utf16 = vec![0xFF, 0xFE];
    for u in "Moscow".encode_utf16() {
        utf16.extend_from_slice(&u.to_le_bytes());
    }
    assert!(article_error("utf16.txt", &utf16).contains("UTF-16"));
    assert!(article_error("empty.txt", b"").contains("empty"));
    assert!(article_error("blank.txt", b"  \n\n ").contains("whitespace"));
    assert!(article_error("binary.txt", &[0x89, b'P', b'N', b'G', 0, 0, 1]).contains("binary"));
}

#[test]
fn a_60_mb_article_is_refused_without_reading_it() {
    let dir = tempfile::tempdir().unwrap();
    let big = dir.path().join("big.txt");
    let f = std::fs::File::create(&big).unwrap();
    f.set_len(60 * 1024 * 1024).unwrap(); // sparse: instant
    std::fs::write(dir.path().join("ok.txt"), "Ankara said no.").unwrap();
    let l = corpus::load(&[dir.path().to_path_buf()]);
    assert_eq!(l.articles.len(), 1);
    let msg = l.errors[0].to_string();
    assert!(msg.contains("big.txt") && msg.contains("too large"), "{msg}");
}

/// A workspace with `src` as the RON file of seed 000; returns (workspace, ron path).
fn with_ron(src: &[u8]) -> (Workspace, PathBuf) {
    let ws = Workspace::new();
    let path = ws.annotations().join(format!("{S000}.ron"));
    std::fs::write(&path, src).unwrap();
    (ws, path)
}

fn seed000(ws: &Workspace) -> corpus::Article {
    corpus::Entry {
        id: S000.into(),
        path: ws.corpus().join(format!("{S000}.txt")),
        size: 0,
    }
    .read()
    .unwrap()
}

/// Runs `check`, opens the article through the store, tries to save over the file:
/// returns (check output, open error). Asserts check fails, the save is refused or
/// the file is otherwise untouched.
fn bad_ron(src: &[u8]) -> (String, StoreError) {
    let (ws, path) = with_ron(src);
    let o = ws.run(&["check"]);
    assert_eq!(o.status.code(), Some(1), "check must fail:\n{}", stdout(&o));
    let out = stdout(&o);
    assert!(out.contains(&path.display().to_string()), "{out}");
    let store = Store::new(ws.annotations());
    let a = seed000(&ws);
    let t = TextIndex::new(a.text.clone());
    let err = store.open(&a, &t).unwrap_err();
    assert_eq!(err.path(), Some(path.as_path()));
    // An import into that article is refused and writes nothing.
    let jsonl = ws.actor_jsonl(S000, 0, 6);
    let o = ws.run(&["import", jsonl.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(std::fs::read(&path).unwrap(), src, "the file must be left as it was");
    (out, err)
}

fn header(sha: &str) -> String {
    format!(
        "(\n    format: 1,\n    article: \"{S000}\",\n    source: \"\",\n    text_sha256: \"{sha}\",\n    status: New,\n"
    )
}

fn sha000() -> String {
    spanbench::text::sha256_hex(&std::fs::read_to_string(seeds().join(format!("{S000}.txt"))).unwrap())
}

#[test]
fn a_zero_byte_ron_file() {
    let (out, err) = bad_ron(b"");
    assert!(out.contains(":1:1: empty file"), "{out}");
    assert!(matches!(err, StoreError::Parse { .. }));
}

#[test]
fn a_binary_ron_file() {
    let (out, _) = bad_ron(b"(\n  format: 1,\n\xff\xfe\x00garbage");
    assert!(out.contains(":3:1: not UTF-8"), "{out}");
}

#[test]
fn out_of_range_offsets() {
    let src = format!(
        "{}    spans: [\n        (id: 1, label: Actor, start: 50000, end: 50010, text: \"x\", origin: Manual),\n    ],\n)\n",
        header(&sha000())
    );
    let (out, err) = bad_ron(src.as_bytes());
    assert!(out.contains("offsets out of range"), "{out}");
    assert!(matches!(err, StoreError::Invalid { .. }));
}

#[test]
fn an_unknown_label() {
    let src = format!(
        "{}    spans: [\n        (id: 1, label: Person, start: 0, end: 6, text: \"Rocket\", origin: Manual),\n    ],\n)\n",
        header(&sha000())
    );
    let (out, _) = bad_ron(src.as_bytes());
    assert!(out.contains(".ron:8:"), "{out}");
    assert!(out.contains("Person"), "{out}");
}

#[test]
fn duplicate_ids() {
    let src = format!(
        "{}    spans: [\n        (id: 1, label: Actor, start: 0, end: 6, text: \"Rocket\", origin: Manual),\n        (id: 1, label: Claim, start: 0, end: 13, text: \"Rocket attack\", origin: Manual),\n    ],\n)\n",
        header(&sha000())
    );
    let (out, _) = bad_ron(src.as_bytes());
    assert!(out.contains("span id 1 is used twice"), "{out}");
}

#[test]
fn a_relation_to_a_missing_span() {
    let src = format!(
        "{}    spans: [\n        (id: 1, label: Claim, start: 0, end: 13, text: \"Rocket attack\", origin: Manual),\n    ],\n    relations: [(kind: SaidBy, claim: 1, speaker: 9)],\n)\n",
        header(&sha000())
    );
    let (out, _) = bad_ron(src.as_bytes());
    assert!(out.contains("no span with id 9"), "{out}");
}

#[test]
fn a_format_from_the_future() {
    let src = format!("(\n    format: 7,\n    article: \"{S000}\",\n    layers: {{\"new\": [1, 2]}},\n)\n");
    let (out, err) = bad_ron(src.as_bytes());
    assert!(out.contains("format 7") && out.contains("update spanbench"), "{out}");
    assert!(matches!(err, StoreError::FutureFormat { found: 7, .. }));
}

#[test]
fn a_deeply_nested_ron_file() {
    let mut src = format!("(format: 1, article: \"{S000}\", spans: ");
    src.push_str(&"[".repeat(200_000));
    let (out, _) = bad_ron(src.as_bytes());
    assert!(out.contains(".ron:1:"), "{out}");
}

#[test]
fn an_unknown_field_is_refused_not_dropped() {
    let src = format!("{}    spans: [],\n    notes: \"mine\",\n)\n", header(&sha000()));
    let (out, _) = bad_ron(src.as_bytes());
    assert!(out.contains(".ron:8:") && out.contains("notes"), "{out}");
}

/// Saves a small file, then a big one into a folder that cannot take it.
fn fill_and_save(dir: &Path) -> (PathBuf, Vec<u8>, StoreError) {
    let store = Store::new(dir);
    let text = TextIndex::new("Moscow said the talks would go on. ".repeat(2000));
    let mut ann = Annotations::new("full", "full.txt", spanbench::text::sha256_hex(text.as_str()));
    let s = ann.new_span(&text, Label::Actor, 0, 6, Origin::Manual).unwrap();
    ann.apply(Edit::AddSpan(s)).unwrap();
    let path = store.save(&ann).unwrap();
    let old = std::fs::read(&path).unwrap();
    for i in 1..2000 {
        let st = i * 35;
        let s = ann.new_span(&text, Label::Claim, st, st + 34, Origin::Manual).unwrap();
        ann.apply(Edit::AddSpan(s)).unwrap();
    }
    let err = store.save(&ann).unwrap_err();
    (path, old, err)
}

#[cfg(unix)]
#[test]
fn a_full_annotations_folder() {
    if !is_root() {
        eprintln!("mounting a tiny tmpfs needs root; the read-only folder test covers failing writes");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let mnt = dir.path().join("tiny");
    std::fs::create_dir(&mnt).unwrap();
    let ok = std::process::Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=16k", "tmpfs"])
        .arg(&mnt)
        .status()
        .map(|s| s.success())
        .unwrap_or(false);
    if !ok {
        eprintln!("cannot mount a tmpfs here; skipping the full-disk case");
        return;
    }
    let result = std::panic::catch_unwind(|| fill_and_save(&mnt));
    let leftovers: Vec<_> = std::fs::read_dir(&mnt)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .filter(|n| n != spanbench::lock::LOCK_FILE)
        .collect();
    let (path, old, err) = match result {
        Ok(r) => r,
        Err(p) => {
            let _ = std::process::Command::new("umount").arg(&mnt).status();
            std::panic::resume_unwind(p);
        }
    };
    let now = std::fs::read(&path).unwrap();
    let _ = std::process::Command::new("umount").arg(&mnt).status();
    let msg = err.to_string();
    assert!(msg.contains("full.ron") && msg.contains("No space left"), "{msg}");
    assert_eq!(now, old, "the old file must survive a full disk");
    assert_eq!(leftovers.len(), 1, "temp file left behind: {leftovers:?}");
}

#[test]
fn ids_never_name_a_file_outside_the_annotations_folder() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::new(dir.path().join("annotations"));
    for id in ["../evil", "/etc/passwd", "a/b", "..", ".", "", "c:\\x", "x\0y"] {
        assert!(
            matches!(store.path_for(id), Err(StoreError::UnsafeId(_))),
            "{id:?} must be refused"
        );
    }
    // A RON whose article field points elsewhere cannot be saved there.
    let mut ann = Annotations::new("../../outside", "x.txt", "0");
    ann.status = spanbench::model::Status::Done;
    let e = store.save(&ann).unwrap_err();
    assert!(e.to_string().contains("../../outside"), "{e}");
    assert!(!dir.path().join("outside.ron").exists());
    assert!(!dir.path().parent().unwrap().join("outside.ron").exists());
    // Odd file names become safe ids.
    let c = dir.path().join("corpus");
    std::fs::create_dir(&c).unwrap();
    std::fs::write(c.join("..weird name?.txt"), "Text one").unwrap();
    std::fs::write(c.join("Erdoğan: ünal.txt"), "Text two").unwrap();
    // Hidden files are skipped in folders, but can be opened by name.
    let (entries, _) = corpus::discover(&[c.join("..weird name?.txt"), c]);
    let ids: Vec<&str> = entries.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(ids, vec!["_.weird_name_", "Erdoğan__ünal"]);
    for id in ids {
        assert_eq!(store.path_for(id).unwrap().parent(), Some(store.dir.as_path()));
    }
}

#[test]
fn an_import_naming_a_path_as_its_doc_writes_nothing() {
    let ws = Workspace::new();
    let jsonl = ws.path().join("evil.jsonl");
    std::fs::write(
        &jsonl,
        "{\"doc\": \"../../evil\", \"spans\": [{\"start\": 0, \"end\": 1, \"label\": \"ACTOR\"}]}\n",
    )
    .unwrap();
    let o = ws.run(&["import", jsonl.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("evil.jsonl:1:"), "{}", stderr(&o));
    assert!(Store::new(ws.annotations()).ids().is_empty());
    assert!(!ws.path().join("evil.ron").exists());
}

#[cfg(unix)]
#[test]
fn saving_replaces_a_symlink_not_its_target() {
    let ws = Workspace::new();
    let outside = ws.path().join("outside.ron");
    std::fs::write(&outside, "precious").unwrap();
    let link = ws.annotations().join(format!("{S000}.ron"));
    std::os::unix::fs::symlink(&outside, &link).unwrap();
    let store = Store::new(ws.annotations());
    let a = seed000(&ws);
    let ann = Annotations::new(S000, "x", a.sha256.clone());
    // The link's target does not parse: the save is refused, and nothing changes.
    assert!(store.save(&ann).is_err());
    assert_eq!(std::fs::read_to_string(&outside).unwrap(), "precious");
    // With a target that parses, the save writes the link's own path, not the target.
    std::fs::write(&outside, spanbench::store::to_ron(&ann)).unwrap();
    let before = std::fs::read(&outside).unwrap();
    let mut ann2 = ann.clone();
    ann2.status = spanbench::model::Status::Done;
    store.save(&ann2).unwrap();
    assert_eq!(std::fs::read(&outside).unwrap(), before);
    assert!(!std::fs::symlink_metadata(&link).unwrap().file_type().is_symlink());
}
