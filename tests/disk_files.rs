//! Issue 12, points 2-4 and 6-11: files that stay theirs, inputs that cannot reach
//! out, outputs that land only where they should, and a missing folder that is an
//! error. Each test runs the real binary.

mod common;

use common::*;
use spanbench::corpus;
use spanbench::model::Label;
use spanbench::store::Store;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::Duration;

const S000: &str = "000_ee3d024688d38bd3";
const S001: &str = "001_b6f5c5d10f3b6fad";
const S002: &str = "002_bb8b3b49fe888184";
const S003: &str = "003_e4be7d7363fc82e5";

/// Runs `cmd`, killing it after `secs` (a hang is a failure, not a stuck test).
fn run_within(mut cmd: Command, secs: u64) -> Output {
    let child = cmd.stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    let pid = child.id();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || tx.send(child.wait_with_output().unwrap()));
    match rx.recv_timeout(Duration::from_secs(secs)) {
        Ok(o) => o,
        Err(_) => {
            let _ = Command::new("kill").arg("-9").arg(pid.to_string()).status();
            panic!("still running after {secs} s (hung)");
        }
    }
}

fn bin(ws: &Workspace, args: &[&str]) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_spanbench"));
    c.args(args)
        .arg("--corpus")
        .arg(ws.corpus())
        .arg("--annotations")
        .arg(ws.annotations())
        .current_dir(ws.path());
    c
}

fn mkfifo(p: &Path) {
    assert!(Command::new("mkfifo").arg(p).status().unwrap().success());
}

fn write_jsonl(path: &Path, lines: &[serde_json::Value]) -> PathBuf {
    let s: String = lines.iter().map(|l| format!("{l}\n")).collect();
    std::fs::write(path, s).unwrap();
    path.to_path_buf()
}

// Point 2
#[test]
fn a_ron_file_whose_article_field_names_another_article_is_refused_and_nothing_is_written() {
    let ws = Workspace::new();
    let o = ws.run(&["import", ws.actor_jsonl(S002, 0, 6).to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let store = Store::new(ws.annotations());
    let p2 = store.path_for(S002).unwrap();
    let p3 = store.path_for(S003).unwrap();
    std::fs::copy(&p2, &p3).unwrap();
    let (b2, b3) = (std::fs::read(&p2).unwrap(), std::fs::read(&p3).unwrap());
    let o = ws.run(&["import", ws.actor_jsonl(S003, 0, 4).to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains(&p3.display().to_string()) && err.contains("the file says article"),
        "{err}"
    );
    assert!(err.contains("nothing was imported"), "{err}");
    assert_eq!(std::fs::read(&p2).unwrap(), b2, "002.ron untouched");
    assert_eq!(std::fs::read(&p3).unwrap(), b3, "003.ron untouched");
    let o = ws.run(&["check"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).contains("the file says article"), "{}", stdout(&o));
}

// Point 3
#[test]
fn an_orphaned_claim_keeps_its_said_by_and_gets_it_back_when_its_text_returns() {
    let dir = tempfile::tempdir().unwrap();
    let corpus_dir = dir.path().join("c");
    let ann_dir = dir.path().join("a");
    std::fs::create_dir_all(&corpus_dir).unwrap();
    std::fs::create_dir_all(&ann_dir).unwrap();
    let original = "Lavrov said the talks had failed. Moscow waits.\n";
    let article = corpus_dir.join("t.txt");
    std::fs::write(&article, original).unwrap();
    let claim = (char_find(original, "the talks had failed", 0), 0);
    let claim = (claim.0, claim.0 + "the talks had failed".chars().count());
    let actor = (0, 6);
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_spanbench"))
            .args(args)
            .arg("--corpus")
            .arg(&corpus_dir)
            .arg("--annotations")
            .arg(&ann_dir)
            .output()
            .unwrap()
    };
    let line = serde_json::json!({"doc": "t", "spans": [
        {"start": claim.0, "end": claim.1, "label": "CLAIM"},
        {"start": actor.0, "end": actor.1, "label": "ACTOR"}],
        "relations": [{"claim": 0, "speaker": 1}]});
    let f = write_jsonl(&dir.path().join("1.jsonl"), &[line]);
    assert!(run(&["import", f.to_str().unwrap()]).status.success());
    // The claim's text leaves the article; a write happens meanwhile (an import).
    std::fs::write(&article, "Lavrov said nothing. Moscow waits.\n").unwrap();
    let m = char_find("Lavrov said nothing. Moscow waits.\n", "Moscow", 0);
    let line = serde_json::json!({"doc": "t", "spans": [{"start": m, "end": m + 6, "label": "LOCATION"}]});
    let f = write_jsonl(&dir.path().join("2.jsonl"), &[line]);
    let o = run(&["import", f.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let ron = std::fs::read_to_string(ann_dir.join("t.ron")).unwrap();
    assert!(ron.contains("orphans"), "{ron}");
    assert!(
        ron.contains("SaidBy"),
        "the relation is kept while its claim is an orphan: {ron}"
    );
    // The text comes back: so do the claim and its speaker.
    std::fs::write(&article, original).unwrap();
    let o = run(&["check"]);
    assert!(o.status.success(), "{}{}", stdout(&o), stderr(&o));
    let a = corpus::load(std::slice::from_ref(&article)).articles.remove(0);
    let text = spanbench::text::TextIndex::new(a.text.clone());
    let opened = Store::new(&ann_dir).open(&a, &text).unwrap();
    let ann = opened.annotations;
    assert!(ann.orphans.is_empty());
    let c = ann
        .spans
        .iter()
        .find(|s| s.label == Label::Claim)
        .expect("the claim is back");
    let s = ann.spans.iter().find(|s| s.label == Label::Actor).unwrap();
    assert_eq!(
        ann.speakers_of(c.id).collect::<Vec<_>>(),
        vec![s.id],
        "with its SAID_BY"
    );
}

// Point 4
#[test]
fn an_annotated_article_keeps_its_id_when_a_similarly_named_file_appears() {
    let dir = tempfile::tempdir().unwrap();
    let c = dir.path().join("c");
    std::fs::create_dir_all(&c).unwrap();
    std::fs::write(c.join("a_b.txt"), "Ankara said yes.\n").unwrap();
    let (before, _) = corpus::discover(std::slice::from_ref(&c));
    assert_eq!(before[0].id, "a_b");
    std::fs::write(c.join("a b.txt"), "Moscow said no.\n").unwrap();
    std::fs::write(c.join("a+b.txt"), "Kyiv said maybe.\n").unwrap();
    let (after, _) = corpus::discover(std::slice::from_ref(&c));
    let id_of = |name: &str| after.iter().find(|e| e.path.ends_with(name)).unwrap().id.clone();
    assert_eq!(id_of("a_b.txt"), "a_b", "the existing article keeps its id");
    let (x, y) = (id_of("a b.txt"), id_of("a+b.txt"));
    assert!(x.starts_with("a_b~") && x.len() == "a_b~".len() + 8, "{x}");
    assert!(y.starts_with("a_b~") && x != y, "{y}");
    // Run to run, the newcomers keep theirs too.
    let (again, _) = corpus::discover(std::slice::from_ref(&c));
    assert_eq!(again, after);
}

// Point 4, the other way round: the annotated article is the one whose name had to be
// made safe ("x y.txt" -> x_y), and then "x_y.txt" appears.
#[test]
fn an_annotated_article_named_with_a_space_keeps_its_id_when_the_exact_name_appears() {
    let dir = tempfile::tempdir().unwrap();
    let (c, a) = (dir.path().join("c"), dir.path().join("a"));
    std::fs::create_dir_all(&c).unwrap();
    std::fs::write(c.join("x y.txt"), "Ankara said yes.\n").unwrap();
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_spanbench"))
            .args(args)
            .arg("--corpus")
            .arg(&c)
            .arg("--annotations")
            .arg(&a)
            .output()
            .unwrap()
    };
    let line = serde_json::json!({"doc": "x_y", "spans": [{"start": 0, "end": 6, "label": "LOCATION"}]});
    let f = write_jsonl(&dir.path().join("1.jsonl"), &[line]);
    assert!(run(&["import", f.to_str().unwrap()]).status.success());
    std::fs::write(c.join("x_y.txt"), "Moscow said no, and then some more.\n").unwrap();
    let o = run(&["check"]);
    assert!(
        o.status.success(),
        "the annotations stay with their article: {}",
        stdout(&o)
    );
    let (entries, _) = corpus::discover_in(std::slice::from_ref(&c), Some(&a));
    let id_of = |name: &str| entries.iter().find(|e| e.path.ends_with(name)).unwrap().id.clone();
    assert_eq!(id_of("x y.txt"), "x_y");
    assert!(id_of("x_y.txt").starts_with("x_y~"));
    let ann = Store::new(&a).read("x_y").unwrap().unwrap();
    assert_eq!(ann.spans[0].text, "Ankara");
}

// Point 6
#[test]
fn an_article_with_a_254_byte_name_can_be_saved() {
    let ws = Workspace::new();
    let name = format!("{}.txt", "я".repeat(125));
    assert_eq!(name.len(), 254);
    std::fs::write(ws.corpus().join(&name), "Лавров заявил, что переговоры сорвались.\n").unwrap();
    let (entries, _) = corpus::discover(&[ws.corpus()]);
    let id = entries.iter().find(|e| e.path.ends_with(&name)).unwrap().id.clone();
    let o = ws.run(&["import", ws.actor_jsonl(&id, 0, 6).to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(Store::new(ws.annotations()).read(&id).unwrap().unwrap().spans.len(), 1);
}

// Point 7
#[cfg(unix)]
#[test]
fn suggest_never_opens_a_path_named_by_a_ron_files_source() {
    let ws = Workspace::new();
    let fifo = ws.path().join("trap");
    mkfifo(&fifo);
    let ron = format!(
        "(format: 1, article: \"elsewhere\", source: {:?}, text_sha256: \"\", status: New, spans: [], \
         relations: [], rejected: [(label: Actor, start: 0, end: 3)])\n",
        fifo.display().to_string()
    );
    std::fs::write(ws.annotations().join("elsewhere.ron"), ron).unwrap();
    let mut c = Command::new(env!("CARGO_BIN_EXE_spanbench"));
    c.arg("suggest")
        .arg(ws.corpus())
        .arg("--annotations")
        .arg(ws.annotations());
    let o = run_within(c, 60);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(stdout(&o).lines().count(), 5, "one line per seed");
}

// Point 8
#[cfg(unix)]
#[test]
fn special_files_named_x_ron_get_a_clear_error_and_never_hang() {
    let ws = Workspace::new();
    let store = Store::new(ws.annotations());
    mkfifo(&store.path_for(S000).unwrap());
    std::os::unix::fs::symlink("/dev/zero", store.path_for(S001).unwrap()).unwrap();
    std::fs::create_dir(store.path_for(S002).unwrap()).unwrap();
    for (id, what) in [(S000, "FIFO"), (S001, "character device"), (S002, "folder")] {
        let o = run_within(bin(&ws, &["import", ws.actor_jsonl(id, 0, 4).to_str().unwrap()]), 20);
        assert_eq!(o.status.code(), Some(1), "{id}: {}", stderr(&o));
        let err = stderr(&o);
        assert!(err.contains(&format!("{id}.ron")) && err.contains(what), "{err}");
    }
    let o = run_within(bin(&ws, &["check"]), 20);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    for (id, what) in [(S000, "FIFO"), (S001, "character device"), (S002, "folder")] {
        assert!(out.contains(&format!("{id}.ron")) && out.contains(what), "{id}: {out}");
    }
    // A FIFO among the articles is refused too, not read.
    mkfifo(&ws.corpus().join("pipe.txt"));
    let loaded = corpus::load(&[ws.corpus()]);
    assert!(
        loaded.errors.iter().any(|e| e.to_string().contains("FIFO")),
        "{:?}",
        loaded.errors
    );
}

fn annotated_workspace() -> Workspace {
    let ws = Workspace::new();
    let o = ws.run(&["import", ws.actor_jsonl(S000, 0, 6).to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    ws
}

// Point 9
#[cfg(unix)]
#[test]
fn o_writes_through_devices_pipes_and_symlinks_and_never_into_the_annotations_or_corpus() {
    use std::os::unix::fs::FileTypeExt;
    let ws = annotated_workspace();
    // A symlink: its target gets the export, the link stays a link.
    let target = ws.path().join("real.jsonl");
    let link = ws.path().join("link.jsonl");
    std::fs::write(&target, "old\n").unwrap();
    std::os::unix::fs::symlink(&target, &link).unwrap();
    let o = ws.run(&["export", "--format", "jsonl", "-o", link.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(std::fs::symlink_metadata(&link).unwrap().file_type().is_symlink());
    assert!(std::fs::read_to_string(&target).unwrap().contains(S000));
    // A link to /dev/null: written into, /dev/null and the link stay what they are.
    let null_link = ws.path().join("null");
    std::os::unix::fs::symlink("/dev/null", &null_link).unwrap();
    let o = ws.run(&["export", "--format", "jsonl", "-o", null_link.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(std::fs::symlink_metadata(&null_link).unwrap().file_type().is_symlink());
    assert!(std::fs::metadata("/dev/null").unwrap().file_type().is_char_device());
    // /dev/stdout prints.
    let o = ws.run(&["export", "--format", "jsonl", "-o", "/dev/stdout"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains(S000), "{}", stdout(&o));
    // A FIFO gets the bytes and stays a FIFO.
    let fifo = ws.path().join("out.fifo");
    mkfifo(&fifo);
    let f2 = fifo.clone();
    let reader = std::thread::spawn(move || std::fs::read_to_string(&f2).unwrap());
    let o = run_within(
        bin(&ws, &["export", "--format", "jsonl", "-o", fifo.to_str().unwrap()]),
        20,
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(reader.join().unwrap().contains(S000));
    assert!(std::fs::metadata(&fifo).unwrap().file_type().is_fifo());
    // Never into the annotations or the corpus folder, for any command with -o.
    let before_ann: Vec<_> = std::fs::read_dir(ws.annotations()).unwrap().collect();
    for out in [
        ws.annotations().join(format!("{S001}.ron")),
        ws.annotations().join("x.jsonl"),
        ws.corpus().join("x.jsonl"),
        ws.corpus().join(format!("{S001}.txt")),
    ] {
        let o = ws.run(&["export", "--format", "jsonl", "-o", out.to_str().unwrap()]);
        assert_eq!(o.status.code(), Some(1), "{}: {}", out.display(), stderr(&o));
        assert!(stderr(&o).contains("does not write outputs there"), "{}", stderr(&o));
        let o = ws.run(&["export", "--format", "brat", "-o", out.to_str().unwrap()]);
        assert_eq!(o.status.code(), Some(1), "brat {}: {}", out.display(), stderr(&o));
    }
    let mut c = Command::new(env!("CARGO_BIN_EXE_spanbench"));
    c.arg("suggest")
        .arg(ws.corpus())
        .arg("-o")
        .arg(ws.corpus().join("s.jsonl"));
    let o = c.output().unwrap();
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(!ws.corpus().join("s.jsonl").exists());
    assert_eq!(std::fs::read_dir(ws.annotations()).unwrap().count(), before_ann.len());
    let seed_text = std::fs::read(seeds().join(format!("{S001}.txt"))).unwrap();
    assert_eq!(
        std::fs::read(ws.corpus().join(format!("{S001}.txt"))).unwrap(),
        seed_text
    );
}

// Point 10
#[cfg(unix)]
#[test]
fn new_files_follow_the_umask_and_rewritten_files_keep_mode_and_group() {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    let ws = Workspace::new();
    let import_umask = |umask: &str, file: &Path| {
        let script = format!("umask {umask}; exec \"$0\" \"$@\"");
        Command::new("sh")
            .arg("-c")
            .arg(script)
            .arg(env!("CARGO_BIN_EXE_spanbench"))
            .arg("import")
            .arg(file)
            .arg("--corpus")
            .arg(ws.corpus())
            .arg("--annotations")
            .arg(ws.annotations())
            .output()
            .unwrap()
    };
    let o = import_umask("002", &ws.actor_jsonl(S000, 0, 6));
    assert!(o.status.success(), "{}", stderr(&o));
    let path = Store::new(ws.annotations()).path_for(S000).unwrap();
    assert_eq!(
        std::fs::metadata(&path).unwrap().mode() & 0o777,
        0o664,
        "new file: 0666 & !umask"
    );
    // A teammate's file on a shared folder: 0660 and a shared group.
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o660)).unwrap();
    let gid = if is_root() {
        Some(12345)
    } else {
        let out = Command::new("id").arg("-G").output().unwrap();
        let own = std::fs::metadata(&path).unwrap().gid();
        String::from_utf8_lossy(&out.stdout)
            .split_whitespace()
            .filter_map(|g| g.parse::<u32>().ok())
            .find(|&g| g != own)
    };
    if let Some(g) = gid {
        std::os::unix::fs::chown(&path, None, Some(g)).unwrap();
    }
    let before = std::fs::metadata(&path).unwrap();
    let o = import_umask("077", &ws.actor_jsonl(S000, 7, 13));
    assert!(o.status.success(), "{}", stderr(&o));
    let after = std::fs::metadata(&path).unwrap();
    assert_ne!(before.ino(), after.ino(), "rewritten (atomically)");
    assert_eq!(after.mode() & 0o7777, 0o660, "mode kept");
    assert_eq!(after.gid(), before.gid(), "group kept");
    assert_eq!(after.uid(), before.uid(), "owner kept");
    assert_eq!(Store::new(ws.annotations()).read(S000).unwrap().unwrap().spans.len(), 2);
}

// Point 11
#[test]
fn check_and_export_with_a_missing_annotations_folder_fail_with_exit_2() {
    let ws = Workspace::new();
    let missing = ws.path().join("anotations");
    for args in [
        vec!["check"],
        vec!["export", "--format", "jsonl"],
        vec!["export", "--format", "brat", "-o", "out"],
    ] {
        let o = Command::new(env!("CARGO_BIN_EXE_spanbench"))
            .args(&args)
            .arg("--corpus")
            .arg(ws.corpus())
            .arg("--annotations")
            .arg(&missing)
            .current_dir(ws.path())
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
        let err = stderr(&o);
        assert!(
            err.contains("anotations") && err.contains("no such annotations folder"),
            "{err}"
        );
        assert!(!err.contains("no problems"), "{err}");
    }
    assert!(!missing.exists(), "not created");
    // suggest --annotations with a mistyped folder too.
    let o = Command::new(env!("CARGO_BIN_EXE_spanbench"))
        .arg("suggest")
        .arg(ws.corpus())
        .arg("--annotations")
        .arg(&missing)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
}

// Point 9: adjudicate's output folder may not be inside the corpus either.
#[test]
fn adjudicate_refuses_an_output_folder_inside_the_corpus() {
    let ws = Workspace::new();
    let mut dirs = Vec::new();
    for name in ["ana", "ben"] {
        let dir = ws.path().join(name);
        let o = Command::new(env!("CARGO_BIN_EXE_spanbench"))
            .arg("import")
            .arg(ws.actor_jsonl(S000, 0, 6))
            .arg("--corpus")
            .arg(ws.corpus())
            .arg("--annotations")
            .arg(&dir)
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", stderr(&o));
        dirs.push(dir);
    }
    let out = ws.corpus().join("gold");
    let o = Command::new(env!("CARGO_BIN_EXE_spanbench"))
        .arg("adjudicate")
        .args(&dirs)
        .arg("-o")
        .arg(&out)
        .arg("--corpus")
        .arg(ws.corpus())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("does not write outputs there"), "{}", stderr(&o));
    assert!(!out.exists());
    // Outside the corpus it writes, under the output folder's lock.
    let out = ws.path().join("gold");
    let o = Command::new(env!("CARGO_BIN_EXE_spanbench"))
        .arg("adjudicate")
        .args(&dirs)
        .arg("-o")
        .arg(&out)
        .arg("--corpus")
        .arg(ws.corpus())
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(out.join(format!("{S000}.ron")).exists() && out.join(spanbench::lock::LOCK_FILE).exists());
}
