//! The workbench survives a suggester that panics: the failure is named in the status
//! bar with its article, and the other articles still get suggestions.
#![cfg(feature = "gui")]

mod common;

use egui::{Key, Modifiers};
use egui_kittest::kittest::Queryable;
use spanbench::app::Workbench;
use spanbench::app::chooser::ScriptedChooser;
use spanbench::commands::Paths;
use std::sync::Arc;

const SEED0: &str = "000_ee3d024688d38bd3";

#[test]
fn a_panicking_suggester_is_named_and_other_articles_still_get_suggestions() {
    let env = common::gui::env();
    let paths = Paths {
        corpus: vec![env.corpus.clone()],
        annotations: env.ann.clone(),
    };
    let mut wb = Workbench::headless(paths, ScriptedChooser::default());
    // The injected suggester fails on the first seed only, as the engine did on
    // articles with curly quotes; every other article gets the real suggestions.
    wb.session.use_suggester(Arc::new(|engine, text, ann| {
        if ann.article == SEED0 {
            panic!("injected failure");
        }
        engine.suggest(text, ann)
    }));
    wb.session.wait_for_corpus();
    assert!(wb.session.wait_for_suggestions());
    assert_eq!(wb.session.doc.as_ref().unwrap().id, SEED0);
    assert!(wb.session.suggestions.is_empty());
    let mut h = common::gui::harness_on(wb, [1280.0, 800.0]);
    // The status bar names the article and the error.
    h.get_by_label_contains(&format!("Suggestions failed on {SEED0}: injected failure"));

    // The next article still gets suggestions from the same worker.
    h.key_press_modifiers(Modifiers::COMMAND, Key::PageDown);
    h.run_steps(3);
    assert!(h.state_mut().session.wait_for_suggestions());
    h.run_steps(3);
    assert_ne!(h.state().session.doc.as_ref().unwrap().id, SEED0);
    assert!(
        !h.state().session.suggestions.is_empty(),
        "other articles still get suggestions"
    );
    assert!(h.query_by_label_contains("Suggestions failed on").is_none());
}
