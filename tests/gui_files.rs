//! File handling in the workbench through egui_kittest: the scripted file chooser,
//! typed paths when no dialog can be shown, unreadable articles, the export dialog.
#![cfg(feature = "gui")]

mod common;

use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use spanbench::app::Workbench;
use spanbench::app::chooser::ScriptedChooser;
use spanbench::model::Status;
use spanbench::session::Action;
use std::path::PathBuf;

use common::gui::copy_seeds;

fn harness(corpus: PathBuf, ann: PathBuf, chooser: ScriptedChooser) -> Harness<'static, Workbench> {
    common::gui::harness_with(corpus, ann, chooser, [1280.0, 800.0])
}

#[test]
fn unreadable_articles_are_listed_with_their_error_and_do_not_open() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("c");
    copy_seeds(&corpus);
    std::fs::write(corpus.join("zz_binary.txt"), [b'a', 0, 0xff, b'b']).unwrap();
    let mut h = harness(corpus, dir.path().join("ann"), ScriptedChooser::default());
    let last = h.state().session.rows.len() - 1;
    let info = h.state().session.rows[last].info.clone().unwrap();
    assert!(info.error.as_deref().unwrap().contains("binary file"), "{info:?}");
    h.get_by_label_contains("cannot be read");
    h.state_mut().apply(Action::OpenArticle(last));
    h.run_steps(2);
    assert_eq!(h.state().session.current_index(), Some(0));
    assert!(h.state().session.message.as_deref().unwrap().contains("zz_binary.txt"));
}

#[test]
fn open_folder_through_the_chooser_and_typed_path_when_no_dialog() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a");
    let b = dir.path().join("b");
    copy_seeds(&a);
    std::fs::create_dir_all(&b).unwrap();
    std::fs::write(b.join("one.txt"), "Moscow said so.\n").unwrap();
    // First request answered with folder b, the second finds no dialog.
    let chooser = ScriptedChooser::new([Some(vec![b.clone()])]);
    let mut h = harness(a.clone(), dir.path().join("ann"), chooser);
    assert_eq!(h.state().session.rows.len(), 5);
    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::O);
    h.run_steps(3);
    assert_eq!(h.state().session.rows.len(), 1);
    assert_eq!(h.state().session.doc.as_ref().unwrap().id, "one");
    assert_eq!(
        h.state().session.paths.annotations,
        b.join("annotations"),
        "a corpus opened in the app gets its own annotations folder"
    );
    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::O);
    h.run_steps(3);
    assert!(h.state().dialogs.path_entry.is_some());
    h.get_by_label_contains("No file dialog");
    h.get_by_role_and_label(egui::Role::TextInput, "Path:").focus();
    h.run_steps(1);
    h.get_by_role_and_label(egui::Role::TextInput, "Path:")
        .type_text(&a.to_string_lossy());
    h.run_steps(2);
    h.get_by_role_and_label(egui::Role::Button, "Open").click();
    h.run_steps(3);
    assert_eq!(h.state().session.rows.len(), 5);
    assert_eq!(
        h.state().session.paths.annotations,
        dir.path().join("ann"),
        "reopened, the corpus comes back with the folder it was worked on with"
    );
    // Both corpora are remembered, each with its folder.
    assert_eq!(h.state().prefs.corpora.len(), 2);
    assert_eq!(h.state().prefs.corpora[1].annotations, b.join("annotations"));
}

#[test]
fn export_dialog_writes_the_file_and_shows_the_summary() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("c");
    copy_seeds(&corpus);
    let out = dir.path().join("out.jsonl");
    let chooser = ScriptedChooser::new([Some(vec![out.clone()])]);
    let mut h = harness(corpus, dir.path().join("ann"), chooser);
    h.state_mut().apply(Action::Select {
        anchor: 0,
        caret: 6,
        exact: false,
    });
    h.key_press(Key::A);
    h.run_steps(3);
    h.state_mut().apply(Action::SetStatus(Status::Done));
    h.key_press_modifiers(Modifiers::COMMAND, Key::E);
    h.run_steps(3);
    h.get_by_role_and_label(egui::Role::Button, "Choose...").click();
    h.run_steps(3);
    assert_eq!(h.state().dialogs.export.dest, out.to_string_lossy());
    h.get_by_role_and_label(egui::Role::Button, "Export now").click();
    h.run_steps(2);
    h.state_mut().dialogs.export.wait();
    h.run_steps(2);
    let summary = h.state().dialogs.export.result.clone().unwrap().unwrap();
    assert_eq!((summary.articles, summary.spans), (1, 1));
    h.get_by_label_contains("Exported 1 article, 1 span");
    let line = std::fs::read_to_string(&out).unwrap();
    assert!(
        line.contains("\"label\":\"ACTOR\"") && line.contains("\"text\":\"Rocket\""),
        "{line}"
    );
}

#[test]
fn export_dialog_picks_conll_labels() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("c");
    copy_seeds(&corpus);
    let out = dir.path().join("out.conll");
    let mut h = harness(corpus, dir.path().join("ann"), ScriptedChooser::default());
    for (anchor, caret, key) in [(0, 6, Key::A), (38, 43, Key::L)] {
        h.state_mut().apply(Action::Select {
            anchor,
            caret,
            exact: false,
        });
        h.key_press(key);
        h.run_steps(3);
    }
    h.state_mut().apply(Action::SetStatus(Status::Done));
    h.key_press_modifiers(Modifiers::COMMAND, Key::E);
    h.run_steps(3);
    h.state_mut().dialogs.export.format = spanbench::export::Format::Conll;
    h.state_mut().dialogs.export.dest = out.to_string_lossy().to_string();
    h.run_steps(3);
    // Untick ACTOR and CLAIM: only LOCATION goes in the tag column.
    h.get_by_role_and_label(egui::Role::CheckBox, "ACTOR").click();
    h.get_by_role_and_label(egui::Role::CheckBox, "CLAIM").click();
    h.run_steps(2);
    h.get_by_role_and_label(egui::Role::Button, "Export now").click();
    h.run_steps(2);
    h.state_mut().dialogs.export.wait();
    h.run_steps(2);
    let conll = std::fs::read_to_string(&out).unwrap();
    assert!(conll.contains("Syria -X- _ B-LOCATION"), "{conll}");
    assert!(!conll.contains("ACTOR"), "{conll}");
    assert!(conll.contains("Rocket -X- _ O"), "{conll}");
}
