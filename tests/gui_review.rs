//! Review mode in the window through egui_kittest: opened from the File menu's
//! command (scripted folder chooser), keys 1 / 2 / B / 0 / Ctrl+Z, each checked on disk;
//! progress text, legend, help sheet; per-article agreement in the list.
#![cfg(feature = "gui")]

mod common;

#[path = "review_fixture/mod.rs"]
mod fixture;

use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use fixture::{adj, agreed, fixture};
use spanbench::app::Workbench;
use spanbench::app::chooser::ScriptedChooser;
use spanbench::app::command_table::CmdId;
use spanbench::model::{Label, Status};
use spanbench::session::Action;
use spanbench::session::review::QUEUE_FILE;
use std::path::PathBuf;

fn harness(corpus: PathBuf, ann: PathBuf, chooser: ScriptedChooser) -> Harness<'static, Workbench> {
    common::gui::harness_with(corpus, ann, chooser, [1280.0, 800.0])
}

fn press(h: &mut Harness<'static, Workbench>, k: Key) {
    h.key_press(k);
    h.run_steps(2);
}

#[test]
fn review_from_the_file_menu_take_a_take_b_both_none_undo_saved_on_disk() {
    let f = fixture();
    // Opened on the analysts' corpus with ann's folder; File > Review adjudication...
    let chooser = ScriptedChooser::new([Some(vec![f.out.clone()])]);
    let mut h = harness(f.corpus.clone(), f.ann.clone(), chooser);
    h.state_mut().apply(CmdId::ReviewAdjudication);
    h.run_steps(3);
    assert_eq!(
        h.state().session.paths.annotations,
        f.out,
        "the review folder is written"
    );
    h.get_by_label("0 of 3 resolved");
    // The legend: one button per analyst with their number.
    h.get_by_label("1 ann");
    h.get_by_label("2 bob");
    h.get_by_label_contains("Disagreement 1 of 3: partial in a at 12..28");

    // 1: ann's CLAIM.
    press(&mut h, Key::Num1);
    assert_eq!(
        f.spans("a"),
        vec![(Label::Actor, 0, 6, agreed()), (Label::Claim, 12, 28, adj(&["ann"]))]
    );
    h.get_by_label("1 of 3 resolved");
    assert_eq!(f.lines(QUEUE_FILE), 2);

    // 2: bob's ACTOR for "Damascus" (ann said LOCATION).
    h.get_by_label_contains("label in a at 32..40");
    press(&mut h, Key::Num2);
    let a = f.saved("a");
    assert!(a.find(Label::Actor, 32, 40).is_some_and(|s| s.origin == adj(&["bob"])));
    assert!(a.find(Label::Location, 32, 40).is_none());
    assert_eq!(a.status, Status::Reviewed);
    h.get_by_label("2 of 3 resolved");

    // Back to it, Ctrl+Z: the ACTOR is gone from the file and the item is open again.
    press(&mut h, Key::P);
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run_steps(2);
    let a = f.saved("a");
    assert!(a.find(Label::Actor, 32, 40).is_none());
    assert_ne!(a.status, Status::Reviewed);
    h.get_by_label("1 of 3 resolved");
    assert_eq!(f.lines(QUEUE_FILE), 2);

    // B: both versions.
    press(&mut h, Key::B);
    let a = f.saved("a");
    assert!(a.find(Label::Actor, 32, 40).is_some_and(|s| s.origin == adj(&["bob"])));
    assert!(
        a.find(Label::Location, 32, 40)
            .is_some_and(|s| s.origin == adj(&["ann"]))
    );
    h.get_by_label("2 of 3 resolved");

    // 0: nobody's version of ann's "Kerry" in b.
    h.get_by_label_contains("partial in b at 0..5");
    press(&mut h, Key::Num0);
    assert!(f.spans("b").is_empty());
    assert_eq!(f.saved("b").status, Status::Reviewed);
    h.get_by_label("3 of 3 resolved");
    assert_eq!(f.lines(QUEUE_FILE), 0);
    // And undo of that.
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run_steps(2);
    h.get_by_label("2 of 3 resolved");
    assert_eq!(f.lines(QUEUE_FILE), 1);
    assert_ne!(f.saved("b").status, Status::Reviewed);
}

#[test]
fn review_keys_are_in_the_help_sheet_and_agreement_sorts_the_list() {
    let f = fixture();
    let mut h = harness(f.corpus.clone(), f.out.clone(), ScriptedChooser::default());
    h.state_mut().apply(Action::OpenReview(f.out.clone()));
    h.run_steps(2);
    press(&mut h, Key::F1);
    for name in ["Take 1", "Take all", "Take none", "Keep as edited", "Next disagreement"] {
        h.get_by_label(name);
    }
    press(&mut h, Key::F1);
    assert!(h.state_mut().session.wait_for_agreement());
    h.run_steps(2);
    // Per-article agreement from the adjudication's folders: a is the weaker (by alpha).
    h.get_by_label("Weakest agreement first");
    let texts: Vec<String> = h
        .query_all_by_label_contains("\u{3b1} ")
        .map(|n| n.value().unwrap_or_default())
        .collect();
    assert_eq!(texts.len(), 2, "{texts:?}");
    let alpha_a = h
        .state()
        .session
        .agreement
        .as_ref()
        .unwrap()
        .get("a")
        .unwrap()
        .alpha
        .unwrap();
    assert_eq!(
        texts[0],
        format!("\u{3b1} {alpha_a:.2}"),
        "the weakest article is listed first"
    );
}

#[test]
fn switching_the_annotations_folder_on_the_same_article_never_shows_stale_inspector_rows() {
    // Seen while opening a review: the inspector cached article a's rows by
    // (id, version) and the reopened a (fewer spans) had the same version: index out
    // of bounds. Versions are unique now.
    let f = fixture();
    let mut h = harness(f.corpus.clone(), f.ann.clone(), ScriptedChooser::default());
    assert_eq!(h.state().session.doc.as_ref().unwrap().ann.spans.len(), 3);
    for dir in [f.bob.clone(), f.out.clone(), f.ann.clone(), f.out.clone()] {
        h.state_mut().apply(Action::SetAnnotationsDir(dir));
        h.run_steps(2);
    }
    assert_eq!(h.state().session.doc.as_ref().unwrap().ann.spans.len(), 1);
    h.get_by_label_contains("Lavrov  0..6");
}

#[test]
fn compare_shows_agreement_per_article_and_the_sort_can_be_turned_off() {
    let f = fixture();
    // Article "0" comes first in the corpus and both analysts agree on it fully.
    let zero = "Paris is calm.\n";
    std::fs::write(f.corpus.join("0.txt"), zero).unwrap();
    for dir in [&f.ann, &f.bob] {
        spanbench::store::Store::new(dir)
            .save(&fixture::file("0", zero, &[(Label::Location, 0, 5)]))
            .unwrap();
    }
    let mut h = harness(f.corpus.clone(), f.ann.clone(), ScriptedChooser::default());
    assert_eq!(h.state().session.rows[0].entry.id, "0");
    h.state_mut().apply(Action::Compare(vec![f.ann.clone(), f.bob.clone()]));
    assert!(h.state_mut().session.wait_for_agreement());
    h.run_steps(2);
    let ag = h.state().session.agreement.clone().unwrap();
    let text = |id: &str| spanbench::app::list::agreement_text(ag.get(id).unwrap());
    let shown = |h: &Harness<'static, Workbench>| -> Vec<String> {
        h.query_all_by_label_contains("\u{3b1} ")
            .map(|n| n.value().unwrap_or_default())
            .collect()
    };
    // Weakest first: a (alpha lower) before b, the fully agreed 0 last.
    assert_eq!(ag.get("0").unwrap().alpha, Some(1.0));
    assert!(ag.get("a").unwrap().key() < ag.get("b").unwrap().key());
    assert_eq!(shown(&h), vec![text("a"), text("b"), text("0")]);
    h.get_by_label("Weakest agreement first").click();
    h.run_steps(2);
    assert!(!h.state().view.sort_weakest);
    assert_eq!(shown(&h), vec![text("0"), text("a"), text("b")], "corpus order");
}
