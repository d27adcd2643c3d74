//! Active learning in the window (egui_kittest on the real app): the inspector's "Least
//! sure first" box lists the suggestions by uncertainty, the score nearest 0.5 first,
//! so the analyst decides first where a decision teaches the model most.
#![cfg(feature = "gui")]

mod common;

use common::gui::{env_with, harness_on, steps};
use egui_kittest::kittest::Queryable;
use spanbench::app::Workbench;
use spanbench::app::chooser::ScriptedChooser;
use spanbench::commands::Paths;
use spanbench::model::Label;
use spanbench::suggest::Suggestion;
use std::sync::Arc;

const TEXT: &str = "Marta Kowalczyk met Hassan Nouri and Ingrid Dahl in Kherson on Monday.\n";

fn sugg(needle: &str, label: Label, score: f32) -> Suggestion {
    let b = TEXT.find(needle).expect("needle in text");
    let start = TEXT.char_indices().take_while(|(i, _)| *i < b).count();
    Suggestion {
        label,
        start,
        end: start + needle.chars().count(),
        score,
        why: format!("why {needle}"),
        source: "test",
        speaker: None,
    }
}

fn suggestions() -> Vec<Suggestion> {
    vec![
        sugg("Marta Kowalczyk", Label::Actor, 0.95),
        sugg("Hassan Nouri", Label::Actor, 0.52),
        sugg("Ingrid Dahl", Label::Actor, 0.8),
        sugg("Kherson", Label::Location, 0.6),
    ]
}

/// The inspector rows' top edges, by the suggestion's reason.
fn tops(h: &egui_kittest::Harness<'_, Workbench>) -> Vec<(f32, &'static str)> {
    let mut v: Vec<(f32, &'static str)> = ["Marta Kowalczyk", "Hassan Nouri", "Ingrid Dahl", "Kherson"]
        .into_iter()
        .map(|n| (h.get_by_label_contains(&format!("why {n}")).rect().top(), n))
        .collect();
    v.sort_by(|a, b| a.0.total_cmp(&b.0));
    v
}

#[test]
fn least_sure_first_orders_the_inspector_by_uncertainty() {
    let env = env_with(&[("a.txt", TEXT)]);
    let paths = Paths {
        corpus: vec![env.corpus.clone()],
        annotations: env.ann.clone(),
    };
    let mut wb = Workbench::headless(paths, ScriptedChooser::default());
    wb.session.wait_for_corpus();
    wb.session.use_suggester(Arc::new(|_, _, _| suggestions()));
    assert!(wb.session.wait_for_suggestions());
    let mut h = harness_on(wb, [1280.0, 800.0]);
    steps(&mut h);
    let names = |v: Vec<(f32, &'static str)>| v.into_iter().map(|x| x.1).collect::<Vec<_>>();
    assert_eq!(
        names(tops(&h)),
        ["Marta Kowalczyk", "Hassan Nouri", "Ingrid Dahl", "Kherson"],
        "text order by default"
    );
    h.get_by_label("Least sure first").click();
    steps(&mut h);
    assert_eq!(
        names(tops(&h)),
        ["Hassan Nouri", "Kherson", "Ingrid Dahl", "Marta Kowalczyk"],
        "score nearest 0.5 first"
    );
    // Nothing was accepted or changed by reordering.
    assert!(h.state().session.doc.as_ref().unwrap().ann.spans.is_empty());
}
