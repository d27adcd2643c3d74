//! Issue 12, point 1: writers that lock. Real `spanbench import` processes write into
//! one annotations folder at once; every span any of them reported written must be on
//! disk at the end, and a writer that cannot get the lock says which folder is busy.

mod common;

use common::*;
use spanbench::corpus;
use spanbench::store::Store;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};

/// Char offsets of every run of letters and digits of `text`.
fn words(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = None;
    let mut n = 0;
    for (i, c) in text.chars().enumerate() {
        match (c.is_alphanumeric(), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push((s, i));
                start = None;
            }
            _ => {}
        }
        n = i + 1;
    }
    if let Some(s) = start {
        out.push((s, n));
    }
    out
}

/// (article id, text) of the workspace's corpus.
fn articles(corpus: &Path) -> Vec<(String, String)> {
    corpus::load(&[corpus.to_path_buf()])
        .articles
        .into_iter()
        .map(|a| (a.id, a.text))
        .collect()
}

type SpanKey = (String, usize, usize);

/// Picks spans from an article's words.
type Pick<'a> = &'a dyn Fn(&[(usize, usize)]) -> Vec<(usize, usize)>;

/// Writes a JSONL file giving each article the ACTOR spans `pick(article index, words)`.
fn jsonl(path: &Path, arts: &[(String, String)], pick: Pick) -> Vec<SpanKey> {
    let mut lines = String::new();
    let mut keys = Vec::new();
    for (id, text) in arts {
        let spans: Vec<(usize, usize)> = pick(&words(text));
        let json: Vec<serde_json::Value> = spans
            .iter()
            .map(|&(s, e)| serde_json::json!({"start": s, "end": e, "label": "ACTOR"}))
            .collect();
        lines.push_str(&serde_json::json!({"doc": id, "spans": json}).to_string());
        lines.push('\n');
        keys.extend(spans.iter().map(|&(s, e)| (id.clone(), s, e)));
    }
    std::fs::write(path, lines).unwrap();
    keys
}

fn import_cmd(ws: &Workspace, file: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_spanbench"));
    c.arg("import")
        .arg(file)
        .arg("--corpus")
        .arg(ws.corpus())
        .arg("--annotations")
        .arg(ws.annotations());
    c
}

/// Every ACTOR span on disk, by (article, start, end).
fn on_disk(annotations: &Path) -> BTreeSet<SpanKey> {
    let store = Store::new(annotations);
    let mut out = BTreeSet::new();
    for id in store.ids() {
        let ann = store.read(&id).unwrap().unwrap();
        out.extend(ann.spans.iter().map(|s| (id.clone(), s.start, s.end)));
    }
    out
}

#[test]
fn two_concurrent_imports_into_one_folder_lose_nothing() {
    const RUNS: usize = 12;
    for run in 0..RUNS {
        let ws = Workspace::new();
        let arts = articles(&ws.corpus());
        let a = jsonl(&ws.path().join("a.jsonl"), &arts, &|w| {
            w.iter().copied().step_by(2).collect()
        });
        let b = jsonl(&ws.path().join("b.jsonl"), &arts, &|w| {
            w.iter().copied().skip(1).step_by(2).collect()
        });
        let ca = import_cmd(&ws, &ws.path().join("a.jsonl")).spawn_output();
        let cb = import_cmd(&ws, &ws.path().join("b.jsonl")).spawn_output();
        let (oa, ob) = (ca.wait(), cb.wait());
        assert!(oa.status.success(), "run {run}: {}", stderr(&oa));
        assert!(ob.status.success(), "run {run}: {}", stderr(&ob));
        let disk = on_disk(&ws.annotations());
        let lost_a = a.iter().filter(|k| !disk.contains(*k)).count();
        let lost_b = b.iter().filter(|k| !disk.contains(*k)).count();
        assert_eq!(
            (lost_a, lost_b),
            (0, 0),
            "run {run}: spans lost (of {} and {})",
            a.len(),
            b.len()
        );
        let o = ws.run(&["check"]);
        assert!(o.status.success(), "run {run}: {}{}", stdout(&o), stderr(&o));
    }
}

/// A child whose output is collected on another thread, so two run at once.
struct Running(std::thread::JoinHandle<Output>);

trait SpawnOutput {
    fn spawn_output(&mut self) -> Running;
}

impl SpawnOutput for Command {
    fn spawn_output(&mut self) -> Running {
        let child = self
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        Running(std::thread::spawn(move || child.wait_with_output().unwrap()))
    }
}

impl Running {
    fn wait(self) -> Output {
        self.0.join().unwrap()
    }
}

#[test]
fn a_held_lock_makes_a_writer_wait_then_name_the_folder() {
    let ws = Workspace::new();
    let file = ws.actor_jsonl("000_ee3d024688d38bd3", 0, 6);
    let held = spanbench::lock::lock(&ws.annotations()).unwrap();
    let t = Instant::now();
    let o = import_cmd(&ws, &file)
        .env(spanbench::lock::TIMEOUT_ENV, "400")
        .output()
        .unwrap();
    let waited = t.elapsed();
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(err.contains("another spanbench is writing"), "{err}");
    assert!(
        err.contains("waiting for another spanbench"),
        "a waiting writer says so: {err}"
    );
    assert!(err.contains(&ws.annotations().display().to_string()), "{err}");
    assert!(waited >= Duration::from_millis(400), "it waited {waited:?}");
    assert!(Store::new(ws.annotations()).ids().is_empty(), "nothing written");
    // Released, the same import goes through; and a writer that waits less than the
    // holder keeps it gets it when the holder lets go in time.
    let child = import_cmd(&ws, &file)
        .env(spanbench::lock::TIMEOUT_ENV, "20000")
        .spawn_output();
    std::thread::sleep(Duration::from_millis(300));
    drop(held);
    let o = child.wait();
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(on_disk(&ws.annotations()).len(), 1);
}

#[test]
fn the_store_save_takes_the_lock_too() {
    let ws = Workspace::new();
    let store = Store::new(ws.annotations());
    let a = spanbench::corpus::Article::from_text("x", "x.txt", "Moscow said no.");
    let ann = spanbench::model::Annotations::new("x", "x.txt", a.sha256.clone());
    let dir: PathBuf = ws.annotations();
    // Held by another thread (its own open of the lock file) for 500 ms: the save
    // waits for it, then writes.
    let (tx, rx) = std::sync::mpsc::channel();
    let holder = std::thread::spawn(move || {
        let _l = spanbench::lock::lock(&dir).unwrap();
        tx.send(Instant::now()).unwrap();
        std::thread::sleep(Duration::from_millis(500));
    });
    let since = rx.recv().unwrap();
    store.save(&ann).unwrap();
    assert!(since.elapsed() >= Duration::from_millis(450), "the save did not wait");
    holder.join().unwrap();
    assert!(store.read("x").unwrap().is_some());
}

/// A real workbench session in this process (`session::Session`, its saver thread,
/// its disk checks): opens the articles in turn and tags LOCATION spans, as an analyst
/// would, while the imports write the same files. Returns the spans it tagged and
/// (edits, merges after an outside change it reported).
fn session_writer(ws: &Workspace, deadline: Instant) -> (Vec<SpanKey>, usize, usize) {
    use spanbench::model::Label;
    use spanbench::session::saver::SaveState;
    use spanbench::session::{Action, Session, no_wake};
    let paths = spanbench::commands::Paths {
        corpus: vec![ws.corpus()],
        annotations: ws.annotations(),
    };
    let mut s = Session::new(paths, no_wake(), None);
    s.wait_for_corpus();
    let n = s.rows.len();
    assert!(n > 0);
    let (mut tagged, mut edits, mut merges) = (Vec::new(), 0, 0);
    let mut merged = |s: &mut Session| {
        if s.message.as_deref().is_some_and(|m| m.contains("changed on disk")) {
            merges += 1;
            s.apply(Action::Say(String::new()));
        }
    };
    let mut i = 0;
    while Instant::now() < deadline {
        // Opening the next article writes (and if need be merges) the open one first.
        s.apply(Action::OpenArticle(i % n));
        merged(&mut s);
        for round in 0..3 {
            let doc = s.doc.as_ref().unwrap();
            assert!(doc.read_only.is_none(), "{:?}", doc.read_only);
            let w = words(doc.text.as_str());
            let (a, b) = w[(i * 7 + round * 3) % w.len()];
            s.apply(Action::Select {
                anchor: a,
                caret: b,
                exact: true,
            });
            s.apply(Action::Tag(Label::Location));
            let doc = s.doc.as_ref().unwrap();
            if doc.ann.find(Label::Location, a, b).is_some() {
                tagged.push((doc.id.clone(), a, b));
                edits += 1;
            }
            std::thread::sleep(Duration::from_millis(20));
            s.poll();
            merged(&mut s);
            s.apply(Action::CheckDisk);
            merged(&mut s);
        }
        i += 1;
    }
    s.flush();
    merged(&mut s);
    assert_eq!(s.save_state(), SaveState::Saved, "{:?}", s.message);
    (tagged, edits, merges)
}

/// Every LOCATION span on disk, by (article, start, end).
fn locations_on_disk(annotations: &Path) -> BTreeSet<SpanKey> {
    let store = Store::new(annotations);
    let mut out = BTreeSet::new();
    for id in store.ids() {
        let ann = store.read(&id).unwrap().unwrap();
        out.extend(
            ann.spans
                .iter()
                .filter(|s| s.label == spanbench::model::Label::Location)
                .map(|s| (id.clone(), s.start, s.end)),
        );
    }
    out
}

/// 4 writer processes import into one folder, again and again, for
/// `SPANBENCH_STRESS_SECS` (15 s by default; 60 for the manual run), while a
/// workbench session ([`session_writer`]) saves its edits into the same files.
#[test]
fn stress_four_writers_on_one_folder() {
    const WRITERS: usize = 4;
    const PER_ROUND: usize = 4;
    let secs: u64 = std::env::var("SPANBENCH_STRESS_SECS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(15);
    let ws = std::sync::Arc::new(Workspace::new());
    let arts = std::sync::Arc::new(articles(&ws.corpus()));
    let deadline = Instant::now() + Duration::from_secs(secs);
    let mut handles = Vec::new();
    for k in 0..WRITERS {
        let (ws, arts) = (ws.clone(), arts.clone());
        handles.push(std::thread::spawn(move || {
            let mut reported: Vec<SpanKey> = Vec::new();
            let (mut round, mut ok, mut failed) = (0usize, 0usize, 0usize);
            while Instant::now() < deadline {
                let file = ws.path().join(format!("w{k}.jsonl"));
                let keys = jsonl(&file, &arts, &|w| {
                    let mine: Vec<(usize, usize)> = w.iter().copied().skip(k).step_by(WRITERS).collect();
                    let from = (round * PER_ROUND) % mine.len().max(1);
                    mine.iter().copied().skip(from).take(PER_ROUND).collect()
                });
                let o = import_cmd(&ws, &file).output().unwrap();
                if o.status.success() {
                    ok += 1;
                    reported.extend(keys);
                } else {
                    failed += 1;
                    eprintln!("writer {k}: {}", stderr(&o));
                }
                round += 1;
            }
            (reported, ok, failed)
        }));
    }
    let session = {
        let ws = ws.clone();
        std::thread::spawn(move || session_writer(&ws, deadline))
    };
    let mut reported = BTreeSet::new();
    let (mut ok, mut failed) = (0, 0);
    for h in handles {
        let (r, o, f) = h.join().unwrap();
        reported.extend(r);
        ok += o;
        failed += f;
    }
    let (session_saved, saves, merges) = session.join().unwrap();
    let disk = on_disk(&ws.annotations());
    let lost: Vec<&SpanKey> = reported.iter().filter(|k| !disk.contains(*k)).collect();
    let locations = locations_on_disk(&ws.annotations());
    let session_lost: Vec<&SpanKey> = session_saved.iter().filter(|k| !locations.contains(*k)).collect();
    eprintln!(
        "stress: {ok} imports written, {failed} failed, {} spans reported, {} on disk, {} lost; \
         session: {saves} edits, {merges} merges after an outside change, {} lost",
        reported.len(),
        disk.len(),
        lost.len(),
        session_lost.len()
    );
    assert!(saves >= 10, "the session made {saves} edits");
    assert!(session_lost.is_empty(), "session lost: {session_lost:?}");
    assert!(ok >= WRITERS * 2, "too few imports ran: {ok}");
    assert_eq!(failed, 0, "no writer may give up within the lock's timeout");
    assert!(lost.is_empty(), "lost: {:?}", &lost[..lost.len().min(10)]);
    let o = ws.run(&["check"]);
    assert!(o.status.success(), "{}{}", stdout(&o), stderr(&o));
}
