//! Analyst defects from issue #13, each driven through egui_kittest on a temp copy of
//! seeds/ (the harness pattern of tests/gui_workbench.rs).
#![cfg(feature = "gui")]

mod common;

use egui::Key;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use spanbench::app::command_table::CmdId;
use spanbench::app::{NEED_SELECTION, Workbench};
use spanbench::model::Label;
use spanbench::session::Action;

use common::gui::{env, harness, steps};

/// Types `s` the way a keyboard does: a key press per letter plus the text event.
fn type_text(h: &mut Harness<'_, Workbench>, s: &str) {
    for ch in s.chars() {
        if let Some(k) = Key::from_name(&ch.to_ascii_uppercase().to_string()) {
            h.key_press(k);
        }
        h.event(egui::Event::Text(ch.to_string()));
        h.step();
    }
    steps(h);
}

fn spans(h: &Harness<'_, Workbench>) -> usize {
    h.state().session.doc.as_ref().unwrap().ann.spans.len()
}

#[test]
fn letters_with_only_a_caret_tag_nothing_and_hint() {
    let env = env();
    let mut h = harness(&env);
    h.state_mut().apply(Action::SetCaret(3));
    steps(&mut h);
    for k in [Key::A, Key::C, Key::L] {
        h.key_press(k);
        steps(&mut h);
    }
    assert_eq!(spans(&h), 0, "a bare caret tags nothing");
    assert_eq!(h.state().session.message.as_deref(), Some(NEED_SELECTION));
}

#[test]
fn typed_path_field_takes_the_letters() {
    let env = env();
    let mut h = harness(&env);
    h.state_mut().run(CmdId::TypePath);
    h.step();
    type_text(&mut h, "Najib");
    assert_eq!(spans(&h), 0, "no letter reached the article");
    let typed = h.state().dialogs.path_entry.as_ref().map(|(_, t)| t.clone());
    assert_eq!(typed.as_deref(), Some("Najib"));
}

#[test]
fn export_to_field_takes_the_letters() {
    let env = env();
    let mut h = harness(&env);
    h.state_mut().run(CmdId::Export);
    h.step();
    type_text(&mut h, "cal");
    assert_eq!(spans(&h), 0, "no letter reached the article");
    assert_eq!(h.state().dialogs.export.dest, "cal");
}

const SEED0: &str = "000_ee3d024688d38bd3";

fn select(h: &mut Harness<'_, Workbench>, s: usize, e: usize) {
    h.state_mut().apply(Action::Select {
        anchor: s,
        caret: e,
        exact: false,
    });
    steps(h);
}

#[test]
fn read_only_status_goes_with_the_article_and_never_says_saved() {
    let env = env();
    std::fs::create_dir_all(&env.ann).unwrap();
    std::fs::write(
        env.ann.join(format!("{SEED0}.ron")),
        b"(\n    format: 1,\n    spans: [ (id: oops) ],\n",
    )
    .unwrap();
    let mut h = harness(&env);
    assert!(h.state().session.doc.as_ref().unwrap().read_only.is_some());
    assert!(
        h.query_by_label("Saved").is_none(),
        "no green Saved on a read-only article"
    );
    select(&mut h, 0, 6);
    h.key_press(Key::A);
    steps(&mut h);
    assert!(
        h.state()
            .session
            .message
            .as_deref()
            .unwrap()
            .starts_with("This article is read-only")
    );
    h.state_mut().apply(Action::OpenArticle(1));
    steps(&mut h);
    assert!(h.state().session.doc.as_ref().unwrap().read_only.is_none());
    assert_eq!(
        h.state().session.message,
        None,
        "the read-only message left with its article"
    );
    h.get_by_label("Saved");
}

#[test]
fn no_open_suggestions_message_goes_when_suggestions_arrive() {
    let env = env();
    let mut h = harness(&env);
    h.state_mut().session.message = Some("No open suggestions in this article".into());
    assert!(h.state_mut().session.wait_for_suggestions());
    steps(&mut h);
    assert!(!h.state().session.open_suggestions().is_empty());
    assert_eq!(h.state().session.message, None);
}

#[test]
fn pick_speaker_hint_goes_once_linked_or_cancelled() {
    let env = env();
    let mut h = harness(&env);
    select(&mut h, 0, 6);
    h.key_press(Key::A);
    steps(&mut h);
    select(&mut h, 7, 20);
    h.key_press(Key::C);
    steps(&mut h);
    let doc = h.state().session.doc.as_ref().unwrap();
    let actor = doc.ann.spans.iter().find(|s| s.label == Label::Actor).unwrap().id;
    let claim = doc.ann.spans.iter().find(|s| s.label == Label::Claim).unwrap().id;
    h.state_mut().apply(Action::SelectSpan(claim));
    h.key_press(Key::S);
    steps(&mut h);
    assert!(
        h.state()
            .session
            .message
            .as_deref()
            .unwrap()
            .starts_with("Click the speaker")
    );
    h.key_press(Key::Escape);
    steps(&mut h);
    assert_eq!(h.state().session.message, None, "cancelled: the hint is gone");
    h.state_mut().apply(Action::SelectSpan(claim));
    h.key_press(Key::S);
    steps(&mut h);
    h.state_mut().apply(Action::SelectSpan(actor));
    steps(&mut h);
    assert_eq!(h.state().session.message, None, "linked: the hint is gone");
}

#[test]
fn accept_above_score_default_takes_only_the_surest_and_shows_the_count() {
    let env = env();
    let mut h = harness(&env);
    assert!(h.state_mut().session.wait_for_suggestions());
    steps(&mut h);
    let min = h.state().view.min_score;
    let open: Vec<f32> = h.state().session.open_suggestions().iter().map(|s| s.score).collect();
    let n = open.iter().filter(|s| **s >= min).count();
    assert!(open.len() > 1, "the seed article has suggestions");
    assert!(
        n < open.len(),
        "the default {min} does not take all {} suggestions",
        open.len()
    );
    h.get_by_label(&format!("{n} would be accepted"));
    h.state_mut().apply(Action::AcceptAll {
        label: None,
        min_score: min,
    });
    if h.state().session.bulk.is_some() {
        h.state_mut().apply(Action::ConfirmBulk);
    }
    steps(&mut h);
    assert_eq!(h.state().session.open_suggestions().len(), open.len() - n);
}

#[test]
fn export_dialog_defaults_and_the_name_follows_the_format() {
    use spanbench::export::Format;
    let env = env();
    let mut h = harness(&env);
    h.state_mut().run(CmdId::Export);
    steps(&mut h);
    let d = &h.state().dialogs.export;
    assert_eq!(d.statuses, [true; 4], "every status, like the export command");
    assert_eq!(d.labels, [true, false, true], "CoNLL keeps ACTOR + LOCATION by default");
    let dest = env.ann.join("out.jsonl").to_string_lossy().to_string();
    h.state_mut().dialogs.export.dest = dest.clone();
    steps(&mut h);
    h.state_mut().dialogs.export.format = Format::Conll;
    steps(&mut h);
    assert_eq!(
        h.state().dialogs.export.dest,
        env.ann.join("out.conll").to_string_lossy()
    );
    h.state_mut().dialogs.export.format = Format::Brat;
    steps(&mut h);
    assert_eq!(h.state().dialogs.export.dest, env.ann.to_string_lossy());
}

#[test]
fn escape_closes_help_and_dialogs() {
    let env = env();
    let mut h = harness(&env);
    for open in [CmdId::Help, CmdId::Export, CmdId::TypePath] {
        h.state_mut().run(open);
        steps(&mut h);
        h.key_press(Key::Escape);
        steps(&mut h);
        let d = &h.state().dialogs;
        assert!(
            !d.help_open && !d.export.open && d.path_entry.is_none(),
            "{open:?} closed by Esc"
        );
    }
}

#[test]
fn current_suggestion_reason_is_shown_whole() {
    let env = env();
    let mut h = harness(&env);
    assert!(h.state_mut().session.wait_for_suggestions());
    steps(&mut h);
    let (k, why, score) = {
        let wb = h.state();
        let k = (0..wb.session.suggestions.len())
            .max_by_key(|&k| wb.session.suggestions[k].why.len())
            .unwrap();
        (
            k,
            wb.session.suggestions[k].why.clone(),
            wb.session.suggestions[k].score,
        )
    };
    h.state_mut().apply(Action::FocusSuggestion(k));
    steps(&mut h);
    h.get_by_label(&format!("Why: {why} (score {score:.2})"));
}

#[test]
fn learned_counts_only_annotated_articles() {
    let env = env();
    let h = harness(&env);
    let status = h.state().session.engine_status().to_string();
    assert!(status.contains("learned from 0 annotated"), "{status}");
}

#[test]
fn help_shows_the_analyst_guidelines_only() {
    let text = spanbench::app::dialogs::analyst_guidelines();
    assert!(!text.contains("Show them in the app"), "{}", &text[..300]);
    assert!(text.contains("the suggestion engine is measured against.\n\n## Offsets"));
    let env = env();
    let mut h = harness(&env);
    h.state_mut().run(CmdId::Help);
    steps(&mut h);
    h.get_by_label("Annotation guidelines: actors, claims, locations");
    assert!(h.query_by_label_contains("Show them in the app").is_none());
}

#[test]
fn contrast_of_body_text_and_labels_meets_wcag_aa() {
    use egui::Color32;
    use spanbench::app::palette::{FILL_ALPHAS, contrast, fill_over, label_text};
    let env = env();
    let h = harness(&env);
    for (theme, dark) in [(egui::Theme::Light, false), (egui::Theme::Dark, true)] {
        let v = h.ctx.style_of(theme).visuals.clone();
        let (text, panel) = (v.text_color(), v.panel_fill);
        let r = contrast(text, panel);
        assert!(r >= 4.5, "{theme:?}: body text {text:?} on {panel:?} is {r:.2}:1");
        for l in Label::ALL {
            // Claims fill at [0], entities at [1], suggestions of any label at [2].
            let span_alpha = if l == Label::Claim {
                FILL_ALPHAS[0]
            } else {
                FILL_ALPHAS[1]
            };
            for a in [span_alpha, FILL_ALPHAS[2]] {
                let fill: Color32 = fill_over(l, a, panel);
                let r = contrast(text, fill);
                assert!(r >= 4.5, "{theme:?}: text on the {l} fill ({a}) is {r:.2}:1");
                // Nested in a claim: both fills stack.
                let nested = fill_over(l, a, fill_over(Label::Claim, FILL_ALPHAS[0], panel));
                let r = contrast(text, nested);
                assert!(r >= 4.5, "{theme:?}: text on {l} ({a}) inside a claim is {r:.2}:1");
            }
            let r = contrast(label_text(l, dark), panel);
            assert!(r >= 4.5, "{theme:?}: {l} label text is {r:.2}:1");
            let r = contrast(label_text(l, dark), v.window_fill);
            assert!(r >= 4.5, "{theme:?}: {l} label text on windows is {r:.2}:1");
        }
    }
}

#[test]
fn export_lost_list_scrolls_inside_the_window() {
    let env = env();
    let mut h = harness(&env);
    h.state_mut().run(CmdId::Export);
    steps(&mut h);
    let lost: Vec<String> = (0..200).map(|i| format!("lost span number {i}")).collect();
    h.state_mut().dialogs.export.result = Some(Ok(spanbench::export::ExportSummary {
        lost,
        problems: vec!["one skipped article".into()],
        ..Default::default()
    }));
    steps(&mut h);
    let first = h.get_by_label("\u{2022} lost span number 0").rect();
    assert!(first.max.y < 800.0, "the list starts on screen");
    // What follows the list stays in the window: the list scrolls at a bounded height.
    let after = h.get_by_label("\u{2022} one skipped article").rect();
    assert!(after.max.y < 800.0, "{after:?}");
    assert!(after.min.y - first.min.y < 260.0, "{first:?} .. {after:?}");
}
