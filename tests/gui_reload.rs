//! Issue #12 point 1 in the window (egui_kittest): the RON file of the open article is
//! changed under the running workbench while the analyst has an unsaved edit. The app
//! notices, both spans end up on disk and in the view, one Undo takes the merge step
//! off, the status bar names the change; a file made unparseable is never overwritten.
#![cfg(feature = "gui")]

mod common;

use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use spanbench::app::Workbench;
use spanbench::corpus::Article;
use spanbench::model::{Edit, Label, Origin};
use spanbench::session::Action;
use spanbench::session::saver::SaveState;
use spanbench::store::Store;
use spanbench::text::TextIndex;
use std::time::{Duration, Instant};

use common::gui::{Env, harness};

const A: &str = "Lavrov said the talks failed in Damascus.\n\nHe added more.\n";

fn env() -> Env {
    common::gui::env_with(&[("a.txt", A)])
}

/// Selects `[a, b)` and presses the label's key, as the analyst does.
fn tag(h: &mut Harness<'_, Workbench>, key: Key, a: usize, b: usize) {
    h.state_mut().apply(Action::Select {
        anchor: a,
        caret: b,
        exact: true,
    });
    h.run_steps(2);
    h.key_press(key);
    h.run_steps(2);
}

/// Runs frames (as the window does, about once a second checking the disk) until
/// `done` or 10 s.
fn frames_until(h: &mut Harness<'_, Workbench>, what: &str, done: impl Fn(&Workbench) -> bool) {
    let deadline = Instant::now() + Duration::from_secs(10);
    while !done(h.state()) {
        assert!(Instant::now() < deadline, "the app never noticed: {what}");
        std::thread::sleep(Duration::from_millis(50));
        h.run_steps(1);
    }
    h.run_steps(2);
}

/// A second writer of the folder (an import, another workbench) adds a span.
fn second_writer_adds(env: &Env, label: Label, a: usize, b: usize) {
    let store = Store::new(&env.ann);
    let article = Article::from_text("a", env.corpus.join("a.txt"), A);
    let text = TextIndex::new(A);
    let mut ann = store.open(&article, &text).unwrap().annotations;
    let sp = ann.new_span(&text, label, a, b, Origin::Imported).unwrap();
    ann.apply(Edit::AddSpan(sp)).unwrap();
    store.save(&ann).unwrap();
}

fn on_disk(env: &Env) -> Vec<String> {
    let ann = Store::new(&env.ann).read("a").unwrap().unwrap();
    let mut v: Vec<String> = ann.spans.iter().map(|s| s.text.clone()).collect();
    v.sort();
    v
}

fn in_view(h: &Harness<'_, Workbench>, text: &str, start: usize, end: usize) -> bool {
    h.query_by_label(&format!("{text}  {start}..{end}")).is_some()
}

fn saved(wb: &Workbench) -> bool {
    wb.session.save_state() == SaveState::Saved
}

#[test]
fn a_span_added_by_another_writer_and_the_unsaved_edit_both_stay_and_undo_takes_the_merge_off() {
    let env = env();
    let mut h = harness(&env);
    tag(&mut h, Key::A, 0, 6);
    frames_until(&mut h, "the first save", |wb| saved(wb) && wb.session.doc.is_some());
    h.state_mut().session.flush();
    assert_eq!(on_disk(&env), vec!["Lavrov"]);

    // Under the running app, another writer adds Damascus (the next periodic check
    // is a second away)...
    h.state_mut().disk_watch.defer();
    second_writer_adds(&env, Label::Location, 32, 40);
    // ...and the analyst tags a claim before the app looked.
    tag(&mut h, Key::C, 12, 28);
    frames_until(&mut h, "the merge", |wb| {
        wb.session
            .message
            .as_deref()
            .is_some_and(|m| m.contains("changed on disk"))
            && saved(wb)
    });
    h.state_mut().session.flush();
    assert_eq!(on_disk(&env), vec!["Damascus", "Lavrov", "the talks failed"]);
    assert!(in_view(&h, "Damascus", 32, 40), "the other writer's span is shown");
    assert!(in_view(&h, "the talks failed", 12, 28), "the analyst's edit is shown");
    let m = h.state().session.message.clone().unwrap();
    assert!(
        m.contains("annotations/a.ron changed on disk (another writer)") && m.contains("1 unsaved edit kept on top"),
        "{m}"
    );
    assert!(h.query_by_label(&m).is_some(), "the status bar says it: {m}");

    // One Undo takes the merge step off: the file as the other writer left it.
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run_steps(2);
    h.state_mut().session.flush();
    h.run_steps(2);
    assert_eq!(on_disk(&env), vec!["Damascus", "Lavrov"]);
    assert!(in_view(&h, "Damascus", 32, 40));
    assert!(!in_view(&h, "the talks failed", 12, 28));
    assert!(in_view(&h, "Lavrov", 0, 6));
}

#[test]
fn the_app_notices_a_change_by_itself_about_once_a_second() {
    let env = env();
    let mut h = harness(&env);
    tag(&mut h, Key::A, 0, 6);
    h.state_mut().session.flush();
    h.run_steps(2);
    second_writer_adds(&env, Label::Location, 32, 40);
    // No edit: the periodic check alone finds it.
    frames_until(&mut h, "the periodic check", |wb| {
        wb.session.doc.as_ref().is_some_and(|d| d.ann.spans.len() == 2)
    });
    assert!(in_view(&h, "Damascus", 32, 40));
    let m = h.state().session.message.clone().unwrap();
    assert!(
        m.contains("a.ron changed on disk") && m.contains("no unsaved edits"),
        "{m}"
    );
}

#[test]
fn a_file_made_unparseable_under_the_app_is_not_overwritten() {
    let env = env();
    let mut h = harness(&env);
    tag(&mut h, Key::A, 0, 6);
    h.state_mut().session.flush();
    h.run_steps(2);
    let path = env.ann.join("a.ron");
    let broken = std::fs::read_to_string(&path)
        .unwrap()
        .replacen("spans:", "spans: ]]", 1);
    std::fs::write(&path, &broken).unwrap();
    tag(&mut h, Key::C, 12, 28);
    frames_until(&mut h, "the broken file", |wb| {
        wb.session.doc.as_ref().is_some_and(|d| d.read_only.is_some())
    });
    // Give the saver every chance to write, then look.
    h.state_mut().session.flush();
    for _ in 0..3 {
        std::thread::sleep(Duration::from_millis(400));
        h.run_steps(1);
    }
    assert_eq!(std::fs::read_to_string(&path).unwrap(), broken, "never written over");
    let banner = h.state().session.doc.as_ref().unwrap().read_only.clone().unwrap();
    assert!(
        banner.contains("a.ron:") && banner.contains("no longer loads"),
        "{banner}"
    );
    assert!(
        h.query_by_label_contains("Read-only: spanbench will not write")
            .is_some(),
        "the banner shows"
    );
    assert!(
        matches!(h.state().session.save_state(), SaveState::Error(_)),
        "never 'Saved'"
    );
    assert!(h.query_by_label("Saved").is_none());
    assert!(
        in_view(&h, "the talks failed", 12, 28),
        "the analyst's edit stays on screen"
    );
}
