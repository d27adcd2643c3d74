//! Issue #12 point 1, in the session (no egui): the open article's RON file changed
//! by another writer while the analyst works. The change is merged with the unsaved
//! edits on top as one undoable step, never overwritten, never "Saved" when it was not;
//! a file that no longer parses makes the article read-only and is left as it is.

use spanbench::commands::Paths;
use spanbench::corpus::{self, Article};
use spanbench::model::{Annotations, Edit, Label, Origin, Relation};
use spanbench::session::saver::SaveState;
use spanbench::session::{Action, Session, no_wake};
use spanbench::store::Store;
use spanbench::text::TextIndex;
use std::path::PathBuf;
use std::time::Duration;

const A: &str = "Lavrov said the talks failed in Damascus.\n\nHe added more.\n";
const LAVROV: (usize, usize) = (0, 6);
const TALKS: (usize, usize) = (12, 28);
const DAMASCUS: (usize, usize) = (32, 40);

struct Env {
    _dir: tempfile::TempDir,
    corpus: PathBuf,
    ann: PathBuf,
}

fn env() -> Env {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    std::fs::create_dir_all(&corpus).unwrap();
    std::fs::write(corpus.join("a.txt"), A).unwrap();
    std::fs::write(corpus.join("b.txt"), "Kerry spoke in Geneva.\n").unwrap();
    let ann = dir.path().join("annotations");
    Env { _dir: dir, corpus, ann }
}

fn session(env: &Env) -> Session {
    let s = session_any(env);
    assert_eq!(s.doc.as_ref().unwrap().id, "a");
    s
}

fn session_any(env: &Env) -> Session {
    let paths = Paths {
        corpus: vec![env.corpus.clone()],
        annotations: env.ann.clone(),
    };
    let mut s = Session::new(paths, no_wake(), None);
    s.wait_for_corpus();
    s
}

fn tag(s: &mut Session, label: Label, (a, b): (usize, usize)) {
    s.apply(Action::Select {
        anchor: a,
        caret: b,
        exact: true,
    });
    s.apply(Action::Tag(label));
}

/// Another writer (an import, a second workbench): opens a.ron, changes it, saves.
fn outside(env: &Env, change: impl FnOnce(&mut Annotations, &TextIndex)) {
    let store = Store::new(&env.ann);
    let article = Article::from_text("a", env.corpus.join("a.txt"), A);
    let text = TextIndex::new(A);
    let mut ann = store.open(&article, &text).unwrap().annotations;
    change(&mut ann, &text);
    store.save(&ann).unwrap();
}

fn add(label: Label, (a, b): (usize, usize)) -> impl FnOnce(&mut Annotations, &TextIndex) {
    move |ann, text| {
        let sp = ann.new_span(text, label, a, b, Origin::Imported).unwrap();
        ann.apply(Edit::AddSpan(sp)).unwrap();
    }
}

fn texts(ann: &Annotations) -> Vec<String> {
    let mut v: Vec<String> = ann.spans.iter().map(|s| format!("{} {}", s.label, s.text)).collect();
    v.sort();
    v
}

fn on_disk(env: &Env) -> Vec<String> {
    texts(&Store::new(&env.ann).read("a").unwrap().unwrap())
}

fn in_view(s: &Session) -> Vec<String> {
    texts(&s.doc.as_ref().unwrap().ann)
}

fn ron(env: &Env) -> PathBuf {
    env.ann.join("a.ron")
}

#[test]
fn an_outside_change_meets_an_unsaved_edit_both_are_kept_and_one_undo_takes_the_edit_off() {
    let env = env();
    let mut s = session(&env);
    tag(&mut s, Label::Actor, LAVROV);
    s.flush();
    outside(&env, add(Label::Location, DAMASCUS));
    // The analyst's next edit meets the changed file: the saver refuses, the session merges.
    tag(&mut s, Label::Claim, TALKS);
    s.flush();
    let all = vec!["ACTOR Lavrov", "CLAIM the talks failed", "LOCATION Damascus"];
    assert_eq!(on_disk(&env), all, "both writers' spans are on disk");
    assert_eq!(in_view(&s), all, "and in the session");
    assert_eq!(s.save_state(), SaveState::Saved);
    let m = s.message.clone().unwrap();
    assert!(
        m.contains("annotations/a.ron changed on disk") && m.contains("your 1 unsaved edit kept on top"),
        "{m}"
    );
    assert_eq!(s.can_undo_redo(), (true, false), "one undo step: the merge");
    s.apply(Action::Undo);
    s.flush();
    let theirs = vec!["ACTOR Lavrov", "LOCATION Damascus"];
    assert_eq!(in_view(&s), theirs, "undo gives the file as the other writer left it");
    assert_eq!(on_disk(&env), theirs);
    assert_eq!(s.can_undo_redo(), (false, true));
    s.apply(Action::Redo);
    s.flush();
    assert_eq!(on_disk(&env), all);
    // Saving goes on normally after the merge.
    s.apply(Action::SetCaret(0));
    tag(&mut s, Label::Location, (44, 46));
    s.flush();
    assert_eq!(on_disk(&env).len(), 4);
}

#[test]
fn a_check_notices_a_change_with_no_save_pending_and_a_touch_is_not_one() {
    let env = env();
    let mut s = session(&env);
    tag(&mut s, Label::Actor, LAVROV);
    s.flush();
    s.apply(Action::Say("before".into()));
    s.apply(Action::CheckDisk);
    assert_eq!(s.message.as_deref(), Some("before"), "nothing changed: nothing said");
    // A touch (new time, same bytes) is not a change.
    let f = std::fs::File::options().write(true).open(ron(&env)).unwrap();
    f.set_modified(std::time::SystemTime::UNIX_EPOCH).unwrap();
    drop(f);
    s.apply(Action::CheckDisk);
    assert_eq!(s.message.as_deref(), Some("before"));
    assert_eq!(s.can_undo_redo(), (true, false), "history kept");

    outside(&env, add(Label::Location, DAMASCUS));
    let bytes = std::fs::read(ron(&env)).unwrap();
    s.apply(Action::CheckDisk);
    assert_eq!(in_view(&s), vec!["ACTOR Lavrov", "LOCATION Damascus"]);
    let m = s.message.clone().unwrap();
    assert!(
        m.contains("a.ron changed on disk") && m.contains("no unsaved edits"),
        "{m}"
    );
    s.flush();
    assert_eq!(
        std::fs::read(ron(&env)).unwrap(),
        bytes,
        "nothing to merge: not rewritten"
    );
    assert_eq!(s.save_state(), SaveState::Saved);
    // The next edit saves over the file as it is now.
    tag(&mut s, Label::Claim, TALKS);
    s.flush();
    assert_eq!(on_disk(&env).len(), 3);
}

#[test]
fn a_file_broken_under_the_session_is_never_overwritten_and_merges_once_fixed() {
    let env = env();
    let mut s = session(&env);
    tag(&mut s, Label::Actor, LAVROV);
    s.flush();
    let good = std::fs::read_to_string(ron(&env)).unwrap();
    let broken = good.replacen("spans:", "spans: ((((", 1);
    std::fs::write(ron(&env), &broken).unwrap();
    // An unsaved edit meets the broken file.
    tag(&mut s, Label::Claim, TALKS);
    s.flush();
    assert_eq!(
        std::fs::read_to_string(ron(&env)).unwrap(),
        broken,
        "never written over"
    );
    let doc = s.doc.as_ref().unwrap();
    let banner = doc.read_only.clone().expect("read-only");
    assert!(banner.contains("a.ron:"), "{banner}");
    let line_col = banner.split("a.ron:").nth(1).unwrap();
    let mut parts = line_col.split(':');
    assert!(parts.next().unwrap().parse::<usize>().is_ok(), "line in {banner}");
    assert!(parts.next().unwrap().parse::<usize>().is_ok(), "col in {banner}");
    assert_eq!(in_view(&s).len(), 2, "the analyst's edit stays on screen");
    assert!(matches!(s.save_state(), SaveState::Error(_)), "never 'Saved'");
    assert!(!s.editable());
    // Closing now loses nothing: a copy of the analyst's version is beside the file.
    let copy = env.ann.join("a.ron.unsaved");
    assert!(banner.contains("annotations/a.ron.unsaved"), "{banner}");
    let kept = spanbench::store::from_ron(&std::fs::read_to_string(&copy).unwrap(), &copy).unwrap();
    assert_eq!(texts(&kept), vec!["ACTOR Lavrov", "CLAIM the talks failed"]);
    assert_eq!(Store::new(&env.ann).ids(), vec!["a"], "the copy is no annotations file");
    // Checks leave it alone while it stays broken.
    s.apply(Action::CheckDisk);
    s.flush();
    assert_eq!(std::fs::read_to_string(ron(&env)).unwrap(), broken);
    // Fixed by hand, with a span of its own: merged, the edit on top.
    std::fs::write(ron(&env), &good).unwrap();
    outside(&env, add(Label::Location, DAMASCUS));
    s.apply(Action::CheckDisk);
    s.flush();
    assert!(s.editable(), "{:?}", s.doc.as_ref().unwrap().read_only);
    let all = vec!["ACTOR Lavrov", "CLAIM the talks failed", "LOCATION Damascus"];
    assert_eq!(in_view(&s), all);
    assert_eq!(on_disk(&env), all);
    assert_eq!(s.save_state(), SaveState::Saved);
    assert!(!copy.exists(), "merged: the copy has served");
}

#[test]
fn an_edit_that_no_longer_applies_is_named() {
    let env = env();
    let mut s = session(&env);
    tag(&mut s, Label::Actor, LAVROV);
    tag(&mut s, Label::Claim, TALKS);
    s.flush();
    // The analyst links the claim to Lavrov; meanwhile the other writer removes Lavrov.
    let ann = &s.doc.as_ref().unwrap().ann;
    let (lav, claim) = (ann.spans[0].id, ann.spans[1].id);
    outside(&env, move |a, _| {
        a.apply(Edit::RemoveSpan(lav)).unwrap();
    });
    s.apply(Action::Link(Relation::said_by(claim, lav)));
    s.flush();
    let m = s.message.clone().unwrap();
    assert!(m.contains("1 no longer applied") && m.contains("SAID_BY"), "{m}");
    assert_eq!(on_disk(&env), vec!["CLAIM the talks failed"]);
    assert_eq!(in_view(&s), vec!["CLAIM the talks failed"]);
}

#[test]
fn a_merge_waits_for_another_writer_and_never_says_saved_meanwhile() {
    let env = env();
    let mut s = session(&env);
    tag(&mut s, Label::Actor, LAVROV);
    s.flush();
    outside(&env, add(Label::Location, DAMASCUS));
    let (tx, rx) = std::sync::mpsc::channel();
    let dir = env.ann.clone();
    let holder = std::thread::spawn(move || {
        let _held = Store::new(dir).lock().unwrap();
        tx.send(()).unwrap();
        std::thread::sleep(Duration::from_millis(1500));
    });
    rx.recv().unwrap();
    s.apply(Action::CheckDisk);
    match s.save_state() {
        SaveState::Error(e) => assert!(e.contains("a.ron changed on disk"), "{e}"),
        other => panic!("while the other writer holds the folder: {other:?}"),
    }
    assert_eq!(in_view(&s), vec!["ACTOR Lavrov"], "not merged yet");
    holder.join().unwrap();
    s.apply(Action::CheckDisk);
    assert_eq!(in_view(&s), vec!["ACTOR Lavrov", "LOCATION Damascus"]);
    assert_eq!(s.save_state(), SaveState::Saved);
}

#[test]
fn the_session_gives_the_ids_the_command_line_gives() {
    let env = env();
    // "a b.txt" was annotated as a_b; then "a_b.txt" appears beside it.
    let spaced = env.corpus.join("a b.txt");
    std::fs::write(&spaced, "Kerry spoke.\n").unwrap();
    std::fs::write(env.corpus.join("a_b.txt"), "Another text.\n").unwrap();
    let art = Article::from_text("a_b", &spaced, "Kerry spoke.\n");
    Store::new(&env.ann)
        .save(&Annotations::new("a_b", spaced.to_string_lossy(), art.sha256.clone()))
        .unwrap();
    let s = session_any(&env);
    let (cli, _) = corpus::discover_in(std::slice::from_ref(&env.corpus), Some(&env.ann));
    let mine: Vec<(String, PathBuf)> = s
        .rows
        .iter()
        .map(|r| (r.entry.id.clone(), r.entry.path.clone()))
        .collect();
    let theirs: Vec<(String, PathBuf)> = cli.iter().map(|e| (e.id.clone(), e.path.clone())).collect();
    assert_eq!(mine, theirs);
    let ab = s.rows.iter().find(|r| r.entry.id == "a_b").unwrap();
    assert_eq!(ab.entry.path, spaced, "the annotated file keeps its id");
}

#[test]
fn a_file_removed_under_the_session_is_said_so_and_the_unsaved_edit_is_written_back() {
    let env = env();
    let mut s = session(&env);
    tag(&mut s, Label::Actor, LAVROV);
    s.flush();
    std::fs::remove_file(ron(&env)).unwrap();
    tag(&mut s, Label::Claim, TALKS);
    s.flush();
    let m = s.message.clone().unwrap();
    assert!(
        m.contains("a.ron was removed from disk") && m.contains("1 unsaved edit"),
        "{m}"
    );
    assert_eq!(
        on_disk(&env),
        vec!["CLAIM the talks failed"],
        "the removal is respected, the edit kept"
    );
    assert_eq!(in_view(&s), vec!["CLAIM the talks failed"]);
    assert_eq!(s.save_state(), SaveState::Saved);
}

#[test]
fn a_ron_replaced_by_a_folder_is_left_alone_and_looked_at_again_only_when_it_moves() {
    let env = env();
    let mut s = session(&env);
    tag(&mut s, Label::Actor, LAVROV);
    s.flush();
    std::fs::remove_file(ron(&env)).unwrap();
    std::fs::create_dir(ron(&env)).unwrap();
    tag(&mut s, Label::Claim, TALKS);
    s.flush();
    let banner = s.doc.as_ref().unwrap().read_only.clone().expect("read-only");
    assert!(banner.contains("a.ron"), "{banner}");
    assert!(ron(&env).is_dir(), "left as it is");
    let copy = env.ann.join("a.ron.unsaved");
    let written = std::fs::metadata(&copy).unwrap().modified().unwrap();
    std::thread::sleep(Duration::from_millis(30));
    s.apply(Action::Say("quiet".into()));
    s.apply(Action::CheckDisk);
    assert_eq!(s.message.as_deref(), Some("quiet"), "nothing moved: nothing done");
    assert_eq!(std::fs::metadata(&copy).unwrap().modified().unwrap(), written);
    assert!(matches!(s.save_state(), SaveState::Error(_)));
    // The folder goes away: the article loads again (empty on disk), the edit on top.
    std::fs::remove_dir(ron(&env)).unwrap();
    s.apply(Action::CheckDisk);
    s.flush();
    assert!(s.editable());
    assert_eq!(on_disk(&env), vec!["CLAIM the talks failed"]);
    assert!(!copy.exists());
}

#[test]
fn an_article_opened_broken_loads_once_its_file_is_fixed() {
    let env = env();
    // A good file with one span, then broken before the workbench opens it.
    outside(&env, add(Label::Location, DAMASCUS));
    let good = std::fs::read_to_string(ron(&env)).unwrap();
    std::fs::write(ron(&env), good.replacen("spans:", "spans: ]]", 1)).unwrap();
    let mut s = session(&env);
    assert!(!s.editable(), "opened read-only");
    s.apply(Action::CheckDisk);
    assert!(!s.editable(), "still broken");
    std::fs::write(ron(&env), &good).unwrap();
    s.apply(Action::CheckDisk);
    assert!(s.editable(), "{:?}", s.doc.as_ref().unwrap().read_only);
    assert_eq!(in_view(&s), vec!["LOCATION Damascus"]);
    tag(&mut s, Label::Actor, LAVROV);
    s.flush();
    assert_eq!(on_disk(&env), vec!["ACTOR Lavrov", "LOCATION Damascus"]);
    assert_eq!(s.save_state(), SaveState::Saved);
}
