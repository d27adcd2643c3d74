//! The foundation's acceptance: offsets on the seeds, the RON store, re-anchoring,
//! failing writes, import/export, bad articles.

mod common;

use common::*;
use serde_json::Value;
use spanbench::corpus::{self, Article};
use spanbench::model::{Annotations, Edit, Label, Origin, Rejected, Relation, Status};
use spanbench::store::{Store, StoreError, from_ron, to_ron};
use spanbench::text::TextIndex;
use std::path::{Path, PathBuf};

const S000: &str = "000_ee3d024688d38bd3";
const S001: &str = "001_b6f5c5d10f3b6fad";
const S004: &str = "004_002fb6ada771653b";

fn article(corpus: &Path, id: &str) -> Article {
    corpus::Entry {
        id: id.into(),
        path: corpus.join(format!("{id}.txt")),
        size: 0,
    }
    .read()
    .unwrap()
}

/// Opens, applies `f`, saves; returns the saved annotations.
fn annotate(store: &Store, a: &Article, f: impl FnOnce(&mut Annotations, &TextIndex)) -> Annotations {
    let text = TextIndex::new(a.text.clone());
    let mut ann = store.open(a, &text).unwrap().annotations;
    f(&mut ann, &text);
    store.save(&ann).unwrap();
    ann
}

fn add(ann: &mut Annotations, text: &TextIndex, label: Label, start: usize, end: usize) -> u32 {
    let s = ann.new_span(text, label, start, end, Origin::Manual).unwrap();
    let id = s.id;
    ann.apply(Edit::AddSpan(s)).unwrap();
    id
}

/// Words right after a curly quote, an em dash, Turkish and Cyrillic text.
fn tricky_targets() -> Vec<(&'static str, &'static str, &'static str)> {
    vec![
        (S000, "“Let", "Let"),
        (S004, "— a longtime", "a longtime"),
        (S001, "Erdoğan", "Erdoğan"),
        (S004, "Крылатые ракеты", "Крылатые ракеты"),
    ]
}

#[test]
fn offsets_on_seeds_round_trip_through_ron_and_jsonl() {
    let ws = Workspace::new();
    let store = Store::new(ws.annotations());
    let mut expected: Vec<(String, usize, usize, String)> = Vec::new();
    for (id, context, word) in tricky_targets() {
        let a = article(&ws.corpus(), id);
        let start = char_find(&a.text, context, 0) + context.chars().count() - word.chars().count();
        let end = start + word.chars().count();
        assert_eq!(py_slice(&a.text, start, end), word);
        // Byte and char offsets differ here: the test would catch a byte-offset bug.
        assert_ne!(
            a.text.find(word).unwrap(),
            start,
            "{word}: pick a word after non-ASCII text"
        );
        let saved = annotate(&store, &a, |ann, t| {
            add(ann, t, Label::Actor, start, end);
        });
        let s = saved.spans.iter().find(|s| s.start == start).unwrap();
        assert_eq!(s.text, word);
        expected.push((id.to_string(), start, end, word.to_string()));
    }
    // RON: read back from disk.
    for (id, start, end, word) in &expected {
        let ann = store.read(id).unwrap().unwrap();
        let a = article(&ws.corpus(), id);
        let s = ann.spans.iter().find(|s| s.start == *start && s.end == *end).unwrap();
        assert_eq!(&s.text, word);
        assert_eq!(py_slice(&a.text, s.start, s.end), *word);
    }
    // JSONL: export, check offsets against the Python-style slice.
    let out = ws.path().join("out.jsonl");
    let o = ws.run(&["export", "--format", "jsonl", "-o", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let exported = std::fs::read_to_string(&out).unwrap();
    for (id, start, end, word) in &expected {
        let line: Value = exported
            .lines()
            .map(|l| serde_json::from_str::<Value>(l).unwrap())
            .find(|v| v["doc"] == id.as_str())
            .unwrap();
        let text = line["text"].as_str().unwrap();
        let span = line["spans"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["start"] == *start as u64)
            .unwrap();
        assert_eq!(span["end"], *end as u64);
        assert_eq!(span["text"], word.as_str());
        assert_eq!(py_slice(text, *start, *end), *word);
    }
    // And back in: import into a fresh annotations folder gives the same spans.
    let fresh = ws.path().join("fresh");
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_spanbench"))
        .args(["import", out.to_str().unwrap(), "--corpus"])
        .arg(ws.corpus())
        .arg("--annotations")
        .arg(&fresh)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let store2 = Store::new(&fresh);
    for (id, start, end, word) in &expected {
        let ann = store2.read(id).unwrap().unwrap();
        let s = ann.spans.iter().find(|s| s.start == *start).unwrap();
        assert_eq!(
            (s.end, s.text.as_str(), &s.origin),
            (*end, word.as_str(), &Origin::Imported)
        );
    }
}

#[test]
fn ron_round_trips_byte_for_byte() {
    let ws = Workspace::new();
    let store = Store::new(ws.annotations());
    let a = article(&ws.corpus(), S004);
    let claim_ctx = "the missiles \"successfully struck all specified ISIS targets ... with fixed precision.\"";
    annotate(&store, &a, |ann, t| {
        let c0 = char_find(&a.text, claim_ctx, 0) + 14;
        let claim = add(ann, t, Label::Claim, c0, c0 + 69);
        let kc = char_find(&a.text, "Крылатые", 0);
        add(ann, t, Label::Claim, kc, kc + 40);
        let isis = char_find(&a.text, "ISIS targets ...", 0);
        add(ann, t, Label::Actor, isis, isis + 4);
        let nato = char_find(&a.text, "NATO", 0);
        let speaker = add(ann, t, Label::Actor, nato, nato + 4);
        ann.apply(Edit::Link(Relation::said_by(claim, speaker))).unwrap();
        ann.apply(Edit::Reject(Rejected {
            label: Label::Location,
            start: 0,
            end: 5,
        }))
        .unwrap();
        ann.apply(Edit::SetStatus(Status::InProgress)).unwrap();
    });
    let path = store.path_for(S004).unwrap();
    let first = std::fs::read(&path).unwrap();
    let parsed = store.read(S004).unwrap().unwrap();
    store.save(&parsed).unwrap();
    let second = std::fs::read(&path).unwrap();
    assert_eq!(first, second, "write, read, write must give the same bytes");
    let src = String::from_utf8(first).unwrap();
    assert_eq!(to_ron(&from_ron(&src, &path).unwrap()), src);
    assert!(!src.contains('\r'));
    assert!(src.contains("status: InProgress"));
    assert!(src.contains("relations: ["));
    // Spans are sorted by (start, end, label): diffs stay small.
    let starts: Vec<usize> = parsed.spans.iter().map(|s| s.start).collect();
    let mut sorted = starts.clone();
    sorted.sort();
    assert_eq!(starts, sorted);
}

#[test]
fn corrupt_ron_is_reported_with_line_and_col_and_left_alone() {
    let ws = Workspace::new();
    let path = ws.annotations().join(format!("{S000}.ron"));
    let corrupt = format!(
        "(\n    format: 1,\n    article: \"{S000}\",\n    spans: [\n        (id: 1, label: Actr, start: 0, end: 6, text: \"Rocket\"),\n    ],\n)\n"
    );
    std::fs::write(&path, &corrupt).unwrap();
    let o = ws.run(&["check"]);
    assert_eq!(o.status.code(), Some(1), "{}{}", stdout(&o), stderr(&o));
    let out = stdout(&o);
    let want = format!("{}:5:", path.display());
    assert!(out.contains(&want), "expected {want} in:\n{out}");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), corrupt);

    // The store refuses to write over it, and says why.
    let store = Store::new(ws.annotations());
    let err = store.read(S000).unwrap_err();
    assert!(matches!(err, StoreError::Parse { line: 5, .. }), "{err}");
    let a = article(&ws.corpus(), S000);
    let fresh = Annotations::new(S000, "x", a.sha256.clone());
    let e = store.save(&fresh).unwrap_err().to_string();
    assert!(e.contains("not overwritten"), "{e}");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), corrupt);

    // An import that touches that article also leaves it alone.
    let jsonl = ws.actor_jsonl(S000, 0, 6);
    let o = ws.run(&["import", jsonl.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains(&want), "{}", stderr(&o));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), corrupt);
}

#[test]
fn check_reports_out_of_range_offsets_and_bad_relations() {
    let ws = Workspace::new();
    let a = article(&ws.corpus(), S000);
    let path = ws.annotations().join(format!("{S000}.ron"));
    let src = format!(
        "(\n    format: 1,\n    article: \"{S000}\",\n    source: \"\",\n    text_sha256: \"{}\",\n    status: New,\n    spans: [\n        (id: 1, label: Actor, start: 0, end: 6, text: \"Rocket\", origin: Manual),\n        (id: 2, label: Actor, start: 99990, end: 99999, text: \"nowhere\", origin: Manual),\n    ],\n    relations: [(kind: SaidBy, claim: 1, speaker: 7)],\n    rejected: [],\n)\n",
        a.sha256
    );
    std::fs::write(&path, &src).unwrap();
    let o = ws.run(&["check"]);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    assert!(out.contains("offsets out of range"), "{out}");
    assert!(out.contains("not CLAIM") && out.contains("no span with id 7"), "{out}");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), src);
    // A clean store checks clean.
    std::fs::remove_file(&path).unwrap();
    let store = Store::new(ws.annotations());
    annotate(&store, &a, |ann, t| {
        add(ann, t, Label::Actor, 0, 6);
    });
    let o = ws.run(&["check"]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
}

#[test]
fn editing_an_article_reanchors_every_span() {
    let ws = Workspace::new();
    let store = Store::new(ws.annotations());
    let a = article(&ws.corpus(), S000);
    // Repeated strings ("Syria", "Russia") make the nearest occurrence matter.
    let mut wanted = Vec::new();
    for (word, label) in [
        ("Syria", Label::Location),
        ("Russia", Label::Actor),
        ("De Mistura", Label::Actor),
        ("Damascus", Label::Location),
    ] {
        for (b, _) in a.text.match_indices(word) {
            let s = a.text[..b].chars().count();
            wanted.push((label, s, s + word.chars().count()));
        }
    }
    let claim = char_find(&a.text, "Let us remember", 0);
    wanted.push((Label::Claim, claim, claim + 102));
    let before = annotate(&store, &a, |ann, t| {
        for &(l, s, e) in &wanted {
            add(ann, t, l, s, e);
        }
    });
    assert!(before.spans.len() > 20);

    // Insert a paragraph at the top, itself full of the same names.
    let insert = "Syria and Russia: De Mistura says “Damascus talks” — updated.\n\n";
    let new_text = format!("{insert}{}", a.text);
    std::fs::write(&a.path, &new_text).unwrap();
    let a2 = article(&ws.corpus(), S000);
    let t2 = TextIndex::new(a2.text.clone());
    let opened = store.open(&a2, &t2).unwrap();
    let report = opened.reanchored.expect("the text changed");
    assert!(report.orphaned.is_empty(), "{:?}", report.orphaned);
    assert_eq!(report.moved, before.spans.len());
    let shift = insert.chars().count();
    let after = &opened.annotations;
    for old in &before.spans {
        let new = after.span(old.id).unwrap();
        assert_eq!((new.start, new.end), (old.start + shift, old.end + shift), "{:?}", old);
        assert_eq!(py_slice(&a2.text, new.start, new.end), old.text);
    }
    // Saving writes the new hash; the next open needs no re-anchoring.
    store.save(after).unwrap();
    assert!(store.open(&a2, &t2).unwrap().reanchored.is_none());

    // A span whose text is gone is kept as an orphan and reported, never dropped.
    let gone = a2.text.replace("Damascus", "the capital");
    std::fs::write(&a2.path, &gone).unwrap();
    let a3 = article(&ws.corpus(), S000);
    let t3 = TextIndex::new(a3.text.clone());
    let opened = store.open(&a3, &t3).unwrap();
    let rep = opened.reanchored.unwrap();
    assert!(!rep.orphaned.is_empty());
    assert!(rep.orphaned.iter().all(|s| s.text == "Damascus"));
    store.save(&opened.annotations).unwrap();
    let back = store.read(S000).unwrap().unwrap();
    assert_eq!(back.orphans.len(), rep.orphaned.len());
    assert_eq!(back.spans.len() + back.orphans.len(), before.spans.len());
    let o = ws.run(&["check"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).contains("orphan"), "{}", stdout(&o));
}

#[cfg(unix)]
#[test]
fn write_into_read_only_folder_fails_clearly_and_keeps_the_old_file() {
    use std::os::unix::fs::PermissionsExt;
    let ws = Workspace::new();
    let store = Store::new(ws.annotations());
    let a = article(&ws.corpus(), S000);
    annotate(&store, &a, |ann, t| {
        add(ann, t, Label::Actor, 0, 6);
    });
    let path = store.path_for(S000).unwrap();
    let old = std::fs::read(&path).unwrap();
    let jsonl = ws.actor_jsonl(S000, 7, 13);
    for p in [ws.path(), &ws.corpus()] {
        std::fs::set_permissions(p, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    std::fs::set_permissions(&jsonl, std::fs::Permissions::from_mode(0o644)).unwrap();
    std::fs::set_permissions(ws.annotations(), std::fs::Permissions::from_mode(0o555)).unwrap();
    // root ignores permissions: run the write as an unprivileged user.
    let mut cmd = if is_root() {
        let mut c = std::process::Command::new("setpriv");
        c.args(["--reuid=65534", "--regid=65534", "--clear-groups"]);
        c.arg(env!("CARGO_BIN_EXE_spanbench"));
        c
    } else {
        std::process::Command::new(env!("CARGO_BIN_EXE_spanbench"))
    };
    let o = cmd
        .args(["import", jsonl.to_str().unwrap(), "--corpus"])
        .arg(ws.corpus())
        .arg("--annotations")
        .arg(ws.annotations())
        .output()
        .unwrap();
    std::fs::set_permissions(ws.annotations(), std::fs::Permissions::from_mode(0o755)).unwrap();
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains(&path.display().to_string()) && err.contains("permission denied"),
        "{err}"
    );
    assert_eq!(std::fs::read(&path).unwrap(), old);
    let leftovers: Vec<PathBuf> = std::fs::read_dir(ws.annotations())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p != &path)
        .filter(|p| !p.ends_with(spanbench::lock::LOCK_FILE))
        .collect();
    assert!(leftovers.is_empty(), "temp files left: {leftovers:?}");
}

/// Spans on all five seeds: words, overlapping claims with actors inside, relations.
/// (doc, start, end, label, text)
type SpanRow = (String, usize, usize, String, String);

fn gold_jsonl(corpus: &Path) -> (String, Vec<SpanRow>) {
    let (entries, errors) = corpus::discover(&[corpus.to_path_buf()]);
    assert!(errors.is_empty());
    assert_eq!(entries.len(), 5);
    let mut lines = String::new();
    let mut all = Vec::new();
    for entry in entries {
        let a = entry.read().unwrap();
        let t = TextIndex::new(a.text.clone());
        let mut spans = Vec::new();
        // Every sentence's first word as ACTOR, every third sentence as CLAIM.
        for (i, s) in t.sentences().into_iter().enumerate().take(40) {
            if let Some(w) = t.words_in(s.start, s.end).first() {
                spans.push((w.start, w.end, "ACTOR"));
            }
            if i % 3 == 0 {
                spans.push((s.start, s.end, "CLAIM"));
            }
        }
        let json_spans: Vec<Value> = spans
            .iter()
            .map(|&(s, e, l)| serde_json::json!({"start": s, "end": e, "label": l, "text": t.slice(s, e)}))
            .collect();
        let relations: Vec<Value> = (0..spans.len())
            .filter(|&i| spans[i].2 == "CLAIM" && i > 0 && spans[i - 1].2 == "ACTOR")
            .map(|i| serde_json::json!({"label": "SAID_BY", "claim": i, "speaker": i - 1}))
            .collect();
        for &(s, e, l) in &spans {
            all.push((entry.id.clone(), s, e, l.to_string(), t.slice(s, e).to_string()));
        }
        let line = serde_json::json!({"doc": a.id, "text": a.text, "spans": json_spans, "relations": relations});
        lines.push_str(&line.to_string());
        lines.push('\n');
    }
    all.sort();
    (lines, all)
}

fn spans_of(jsonl: &str) -> Vec<SpanRow> {
    let mut out = Vec::new();
    for l in jsonl.lines() {
        let v: Value = serde_json::from_str(l).unwrap();
        for s in v["spans"].as_array().unwrap() {
            out.push((
                v["doc"].as_str().unwrap().to_string(),
                s["start"].as_u64().unwrap() as usize,
                s["end"].as_u64().unwrap() as usize,
                s["label"].as_str().unwrap().to_string(),
                s["text"].as_str().unwrap().to_string(),
            ));
        }
    }
    out.sort();
    out
}

fn relations_of(jsonl: &str) -> Vec<(String, usize, usize)> {
    let mut out = Vec::new();
    for l in jsonl.lines() {
        let v: Value = serde_json::from_str(l).unwrap();
        let spans = v["spans"].as_array().unwrap();
        for r in v["relations"].as_array().unwrap() {
            let c = &spans[r["claim"].as_u64().unwrap() as usize];
            let s = &spans[r["speaker"].as_u64().unwrap() as usize];
            out.push((
                v["doc"].as_str().unwrap().to_string(),
                c["start"].as_u64().unwrap() as usize,
                s["start"].as_u64().unwrap() as usize,
            ));
        }
    }
    out.sort();
    out
}

#[test]
fn import_then_export_gives_the_same_spans_on_all_seeds() {
    let ws = Workspace::new();
    let (input, expected) = gold_jsonl(&ws.corpus());
    let file = ws.path().join("gold.jsonl");
    std::fs::write(&file, &input).unwrap();
    let o = ws.run(&["import", file.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(Store::new(ws.annotations()).ids().len(), 5);
    let o = ws.run(&["export", "--format", "jsonl"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let exported = stdout(&o);
    assert_eq!(spans_of(&exported), expected);
    assert_eq!(relations_of(&exported), relations_of(&input));
    assert!(!relations_of(&input).is_empty());
    // Importing the same file again adds nothing and changes no file.
    let before: Vec<Vec<u8>> = Store::new(ws.annotations())
        .ids()
        .iter()
        .map(|id| std::fs::read(ws.annotations().join(format!("{id}.ron"))).unwrap())
        .collect();
    let o = ws.run(&["import", file.to_str().unwrap()]);
    assert!(o.status.success());
    assert!(stderr(&o).contains("0 spans added"), "{}", stderr(&o));
    let after: Vec<Vec<u8>> = Store::new(ws.annotations())
        .ids()
        .iter()
        .map(|id| std::fs::read(ws.annotations().join(format!("{id}.ron"))).unwrap())
        .collect();
    assert_eq!(before, after);
}

#[test]
fn import_detects_doccano_and_prodigy_and_matches_by_text() {
    let ws = Workspace::new();
    let a = article(&ws.corpus(), S001);
    let e = char_find(&a.text, "Erdoğan", 0);
    let file = ws.path().join("mixed.jsonl");
    let doccano = serde_json::json!({"text": a.text, "label": [[e, e + 7, "ACTOR"]]});
    let prodigy = serde_json::json!({"text": a.text, "meta": {"doc": S001},
        "tokens": [], "spans": [{"start": e, "end": e + 7, "label": "LOCATION", "token_start": 0, "token_end": 0}]});
    std::fs::write(&file, format!("{doccano}\n\n{prodigy}\n")).unwrap();
    let o = ws.run(&["import", file.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let ann = Store::new(ws.annotations()).read(S001).unwrap().unwrap();
    let got: Vec<(Label, &str)> = ann.spans.iter().map(|s| (s.label, s.text.as_str())).collect();
    assert_eq!(got, vec![(Label::Actor, "Erdoğan"), (Label::Location, "Erdoğan")]);
}

#[test]
fn bad_import_lines_are_reported_and_nothing_is_written() {
    let ws = Workspace::new();
    let a = article(&ws.corpus(), S001);
    let e = char_find(&a.text, "Erdoğan", 0);
    let b = a.text.find("Erdoğan").unwrap();
    let good = serde_json::json!({"doc": S001, "spans": [{"start": e, "end": e + 7, "label": "ACTOR"}]});
    // Byte offsets instead of char offsets: caught by the text check.
    let bytes =
        serde_json::json!({"doc": S001, "spans": [{"start": b, "end": b + 8, "label": "ACTOR", "text": "Erdoğan"}]});
    let unknown = serde_json::json!({"doc": "nope", "spans": []});
    let label = serde_json::json!({"doc": S000, "spans": [{"start": 0, "end": 6, "label": "PERSON"}]});
    let file = ws.path().join("bad.jsonl");
    std::fs::write(&file, format!("{good}\n{bytes}\n{unknown}\nnot json\n{label}\n")).unwrap();
    let o = ws.run(&["import", file.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    for n in 2..=5 {
        assert!(
            err.contains(&format!("bad.jsonl:{n}:")),
            "line {n} not reported:\n{err}"
        );
    }
    assert!(!err.contains("bad.jsonl:1:"), "{err}");
    assert!(err.contains("Unicode characters"), "{err}");
    assert!(Store::new(ws.annotations()).ids().is_empty(), "nothing may be written");
    // --skip-bad imports the good line and reports the rest.
    let o = ws.run(&["import", file.to_str().unwrap(), "--skip-bad"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(Store::new(ws.annotations()).ids(), vec![S001.to_string()]);
}

#[test]
fn a_folder_with_bad_files_loads_the_good_articles_and_names_each_bad_one() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("good.txt"), "Moscow said “yes”.\n").unwrap();
    std::fs::write(d.join("latin1.txt"), b"caf\xe9 au lait\n").unwrap();
    std::fs::write(d.join("empty.txt"), b"").unwrap();
    std::fs::write(d.join("binary.txt"), b"\x7fELF\x02\x01\x01\x00\x00\x00").unwrap();
    std::fs::write(d.join("bom.txt"), "\u{feff}Ankara — Erdoğan\r\nsaid\r\n").unwrap();
    std::fs::write(d.join("notes.md"), "not an article").unwrap();
    std::fs::create_dir(d.join("sub")).unwrap();
    std::fs::write(d.join("sub").join("good.txt"), "Another good one").unwrap();
    let loaded = corpus::load(&[d.to_path_buf()]);
    let ids: Vec<&str> = loaded.articles.iter().map(|a| a.id.as_str()).collect();
    // Two files named good.txt: the shallower keeps the id, the other gets a stable
    // one from its path (issue 12, point 4).
    assert_eq!(&ids[..2], &["bom", "good"]);
    assert!(
        ids[2].starts_with("good~") && ids[2].len() == "good~".len() + 8,
        "{ids:?}"
    );
    let bom = &loaded.articles[0];
    assert_eq!(bom.text, "Ankara — Erdoğan\r\nsaid\r\n", "BOM dropped, CRLF kept");
    let errs: Vec<String> = loaded.errors.iter().map(|e| e.to_string()).collect();
    assert_eq!(errs.len(), 3, "{errs:?}");
    assert!(errs.iter().any(|e| e.contains("binary.txt") && e.contains("binary")));
    assert!(errs.iter().any(|e| e.contains("empty.txt") && e.contains("empty")));
    assert!(errs.iter().any(|e| e.contains("latin1.txt") && e.contains("not UTF-8")));
    // Oversized files are refused by the limit.
    let l = corpus::load_with_limit(&[d.join("good.txt")], 5);
    assert!(l.articles.is_empty() && l.errors[0].reason.contains("too large"));
}

#[test]
fn seeds_are_the_bundled_articles_byte_for_byte() {
    // tests/data/seeds.sha256: `sha256sum` of the five articles as shipped (../shared/seeds).
    let sums = std::fs::read_to_string(repo().join("tests/data/seeds.sha256")).unwrap();
    let mut n = 0;
    for line in sums.lines() {
        let (hash, name) = line.split_once("  ").unwrap();
        let ours = std::fs::read(seeds().join(name)).unwrap();
        let text = String::from_utf8(ours).unwrap();
        assert_eq!(
            spanbench::text::sha256_hex(&text),
            hash,
            "{name} differs from the bundled article"
        );
        n += 1;
    }
    assert_eq!(n, 5);
    let here = std::fs::read_dir(seeds())
        .unwrap()
        .filter(|e| e.as_ref().unwrap().path().extension().is_some_and(|x| x == "txt"))
        .count();
    assert_eq!(here, 5, "seeds/ holds exactly the five bundled articles");
}
