//! The workbench driven through egui_kittest (no GPU, no display): real app state on
//! a temp copy of seeds/ with a temp annotations folder.
#![cfg(feature = "gui")]

mod common;

use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use spanbench::app::Workbench;
use spanbench::app::command_table::{Command, TABLE};
use spanbench::model::{Label, Origin, Relation};
use spanbench::session::Action;
use spanbench::store::Store;

use common::gui::{Env, env, harness, steps};

const SEED0: &str = "000_ee3d024688d38bd3";

fn key(h: &mut Harness<'_, Workbench>, k: Key) {
    h.key_press(k);
    steps(h);
}

/// Ctrl+key: article navigation (PageUp / PageDown alone scroll the article).
fn ctrl_key(h: &mut Harness<'_, Workbench>, k: Key) {
    h.key_press_modifiers(Modifiers::COMMAND, k);
    steps(h);
}

fn on_disk(env: &Env, id: &str) -> spanbench::model::Annotations {
    Store::new(&env.ann).read(id).unwrap().expect("a RON file")
}

fn char_of(h: &Harness<'_, Workbench>, needle: &str) -> usize {
    let t = &h.state().session.doc.as_ref().unwrap().text;
    t.char_of_byte(t.as_str().find(needle).unwrap())
}

/// Selects [s, e) through the app's own command path (used where the keyboard and
/// mouse paths are covered by other tests).
fn select(h: &mut Harness<'_, Workbench>, s: usize, e: usize) {
    h.state_mut().apply(Action::Select {
        anchor: s,
        caret: e,
        exact: false,
    });
    steps(h);
}

#[test]
fn no_two_commands_share_a_shortcut() {
    let mut seen = std::collections::HashSet::new();
    for c in TABLE {
        for s in c.shortcuts {
            let m = s.modifiers;
            assert!(
                seen.insert((m.alt, m.shift, m.ctrl || m.command, s.logical_key)),
                "{} shares its shortcut",
                c.name
            );
        }
    }
    let mut names = std::collections::HashSet::new();
    assert!(TABLE.iter().all(|c| names.insert(c.name)), "command names are unique");
}

#[test]
fn keyboard_select_first_word_and_tag_actor_is_on_disk() {
    let env = env();
    let mut h = harness(&env);
    assert_eq!(h.state().session.doc.as_ref().unwrap().id, SEED0);
    assert_eq!(h.state().session.cursor.caret, 0);
    h.get_by_label("Article text");
    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::ArrowRight);
    steps(&mut h);
    assert_eq!(
        h.state()
            .session
            .cursor
            .selection(&h.state().session.doc.as_ref().unwrap().text),
        Some((0, 6))
    );
    key(&mut h, Key::A);
    h.state_mut().session.flush();
    let ann = on_disk(&env, SEED0);
    assert_eq!(ann.spans.len(), 1);
    let s = &ann.spans[0];
    assert_eq!(
        (s.label, s.start, s.end, s.text.as_str()),
        (Label::Actor, 0, 6, "Rocket")
    );
    assert_eq!(s.origin, Origin::Manual);
    // Shift+Right (char by char) also snaps to the whole word.
    key(&mut h, Key::Escape);
    h.state_mut().apply(Action::SetCaret(7));
    h.key_press_modifiers(Modifiers::SHIFT, Key::ArrowRight);
    steps(&mut h);
    assert_eq!(
        h.state()
            .session
            .cursor
            .selection(&h.state().session.doc.as_ref().unwrap().text),
        Some((7, 13))
    );
}

#[test]
fn drag_after_curly_quotes_tag_claim_relabel_delete_undo_redo() {
    let env = env();
    let mut h = harness(&env);
    let s = char_of(&h, "new dynamics");
    let e = s + "new dynamics".chars().count();
    h.state_mut().view.scroll_to = Some(s);
    steps(&mut h);
    let ctx = h.ctx.clone();
    let p0 = h.state().layout.screen_pos(&ctx, s + 1).unwrap();
    let p1 = h.state().layout.screen_pos(&ctx, e - 1).unwrap();
    h.hover_at(p0);
    h.step();
    h.drag_at(p0);
    h.step();
    h.hover_at(p0 + egui::vec2(10.0, 0.0));
    h.step();
    h.hover_at(p1);
    h.step();
    h.drop_at(p1);
    steps(&mut h);
    key(&mut h, Key::C);
    let wb = h.state();
    let doc = wb.session.doc.as_ref().unwrap();
    assert_eq!(doc.ann.spans.len(), 1);
    let span = doc.ann.spans[0].clone();
    assert_eq!((span.label, span.start, span.end), (Label::Claim, s, e));
    assert_eq!(span.text, doc.text.slice(s, e));
    assert_eq!(span.text, "new dynamics");
    assert!(doc.text.slice(s - 1, s) == "\u{201c}");
    h.state_mut().session.flush();
    assert_eq!(on_disk(&env, SEED0).spans[0].text, "new dynamics");

    // Relabel (L on the selected span), undo, redo.
    key(&mut h, Key::L);
    assert_eq!(
        h.state().session.doc.as_ref().unwrap().ann.spans[0].label,
        Label::Location
    );
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    steps(&mut h);
    assert_eq!(h.state().session.doc.as_ref().unwrap().ann.spans[0].label, Label::Claim);
    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
    steps(&mut h);
    assert_eq!(
        h.state().session.doc.as_ref().unwrap().ann.spans[0].label,
        Label::Location
    );
    h.state_mut().session.flush();
    assert_eq!(on_disk(&env, SEED0).spans[0].label, Label::Location);

    // Delete, undo (Ctrl+Z), redo (Ctrl+Y).
    h.state_mut().apply(Action::SelectSpan(span.id));
    key(&mut h, Key::Delete);
    assert!(h.state().session.doc.as_ref().unwrap().ann.spans.is_empty());
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    steps(&mut h);
    assert_eq!(h.state().session.doc.as_ref().unwrap().ann.spans.len(), 1);
    h.key_press_modifiers(Modifiers::COMMAND, Key::Y);
    steps(&mut h);
    assert!(h.state().session.doc.as_ref().unwrap().ann.spans.is_empty());
    h.state_mut().session.flush();
    assert!(on_disk(&env, SEED0).spans.is_empty());
}

#[test]
fn toolbar_buttons_tag_and_clicking_a_span_selects_it() {
    let env = env();
    let mut h = harness(&env);
    select(&mut h, 0, 6);
    h.get_by_role_and_label(egui::Role::Button, "Location").click();
    steps(&mut h);
    let id = h.state().session.doc.as_ref().unwrap().ann.spans[0].id;
    assert_eq!(
        h.state().session.doc.as_ref().unwrap().ann.spans[0].label,
        Label::Location
    );
    key(&mut h, Key::Escape);
    assert_eq!(h.state().session.cursor.selected_span, None);
    let ctx = h.ctx.clone();
    let p = h.state().layout.screen_pos(&ctx, 2).unwrap();
    h.hover_at(p);
    h.step();
    h.drag_at(p);
    h.step();
    h.drop_at(p);
    steps(&mut h);
    assert_eq!(h.state().session.cursor.selected_span, Some(id));
}

#[test]
fn link_claim_to_speaker_undo_redo_and_switch_articles() {
    let env = env();
    let mut h = harness(&env);
    let quote = "We still don\u{2019}t 100 percent share the same view";
    let cs = char_of(&h, quote);
    let ce = cs + quote.chars().count();
    let ls = char_of(&h, "Lavrov said");
    select(&mut h, ls, ls + 6);
    key(&mut h, Key::A);
    select(&mut h, cs, ce);
    key(&mut h, Key::C);
    let (claim, actor) = {
        let ann = &h.state().session.doc.as_ref().unwrap().ann;
        (
            ann.find(Label::Claim, cs, ce).unwrap().id,
            ann.find(Label::Actor, ls, ls + 6).unwrap().id,
        )
    };
    assert_eq!(h.state().session.cursor.selected_span, Some(claim));
    key(&mut h, Key::S);
    assert_eq!(h.state().session.cursor.picking_speaker, Some(claim));
    h.get_by_role_and_label(egui::Role::Button, "Lavrov").click();
    steps(&mut h);
    let rel = Relation::said_by(claim, actor);
    assert_eq!(h.state().session.doc.as_ref().unwrap().ann.relations, vec![rel]);
    assert_eq!(h.state().session.cursor.picking_speaker, None);
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    steps(&mut h);
    assert!(h.state().session.doc.as_ref().unwrap().ann.relations.is_empty());
    h.key_press_modifiers(Modifiers::COMMAND, Key::Y);
    steps(&mut h);
    assert_eq!(h.state().session.doc.as_ref().unwrap().ann.relations, vec![rel]);

    // Switching articles saves first; coming back finds the work.
    ctrl_key(&mut h, Key::PageDown);
    assert_eq!(h.state().session.current_index(), Some(1));
    let disk = on_disk(&env, SEED0);
    assert_eq!(disk.relations, vec![rel]);
    assert_eq!(disk.spans.len(), 2);
    ctrl_key(&mut h, Key::PageUp);
    assert_eq!(h.state().session.current_index(), Some(0));
    assert_eq!(h.state().session.doc.as_ref().unwrap().ann.relations, vec![rel]);
    // The article list shows the counts.
    assert_eq!(h.state().session.rows[0].info.as_ref().unwrap().counts, [1, 1, 0]);

    // Ctrl+Enter marks done and opens the next article not done.
    h.key_press_modifiers(Modifiers::COMMAND, Key::Enter);
    steps(&mut h);
    assert_eq!(h.state().session.current_index(), Some(1));
    assert_eq!(on_disk(&env, SEED0).status, spanbench::model::Status::Done);
}

#[test]
fn corrupt_ron_opens_read_only_and_is_never_written() {
    let env = env();
    std::fs::create_dir_all(&env.ann).unwrap();
    let path = env.ann.join(format!("{SEED0}.ron"));
    let broken = b"(\n    format: 1,\n    article: \"000\",\n    spans: [ (id: oops) ],\n";
    std::fs::write(&path, broken).unwrap();
    let mut h = harness(&env);
    let ro = h
        .state()
        .session
        .doc
        .as_ref()
        .unwrap()
        .read_only
        .clone()
        .expect("read-only");
    assert!(ro.contains(&format!("{SEED0}.ron:")), "{ro}");
    let loc = ro.split(".ron:").nth(1).unwrap();
    let mut parts = loc.split(':');
    assert!(parts.next().unwrap().parse::<usize>().is_ok(), "{ro}");
    assert!(parts.next().unwrap().parse::<usize>().is_ok(), "{ro}");
    h.get_by_label_contains("Read-only");
    select(&mut h, 0, 6);
    key(&mut h, Key::A);
    h.key_press_modifiers(Modifiers::COMMAND, Key::Enter);
    steps(&mut h);
    h.state_mut().session.flush();
    assert!(h.state().session.doc.as_ref().unwrap().ann.spans.is_empty());
    ctrl_key(&mut h, Key::PageDown);
    ctrl_key(&mut h, Key::PageUp);
    h.state_mut().session.flush();
    assert_eq!(std::fs::read(&path).unwrap(), broken);
}

fn suggestions_for(h: &mut Harness<'_, Workbench>) {
    assert!(h.state_mut().session.wait_for_suggestions());
    steps(h);
}

#[test]
fn suggestions_accept_reject_accept_all_and_one_undo() {
    let env = env();
    let mut h = harness(&env);
    // Teach "Syria" as a LOCATION once: the other "Syria"s are suggested.
    let s = char_of(&h, "Syria");
    select(&mut h, s, s + 5);
    key(&mut h, Key::L);
    suggestions_for(&mut h);
    let open: Vec<(usize, usize)> = h
        .state()
        .session
        .open_suggestions()
        .iter()
        .filter(|x| x.label == Label::Location)
        .map(|x| (x.start, x.end))
        .collect();
    assert!(open.len() >= 4, "{open:?}");

    // Tab to the first, Enter accepts it (origin Suggested).
    key(&mut h, Key::Tab);
    let k = h.state().session.cursor.current_suggestion.unwrap();
    let cur = h.state().session.suggestions[k].clone();
    let first = (cur.start, cur.end);
    key(&mut h, Key::Enter);
    {
        let ann = &h.state().session.doc.as_ref().unwrap().ann;
        let sp = ann.find(cur.label, first.0, first.1).expect("accepted");
        assert_eq!(sp.origin, Origin::Suggested(cur.source.into()));
    }
    // The next one is current; X rejects it.
    let k = h.state().session.cursor.current_suggestion.unwrap();
    let rej_label = h.state().session.suggestions[k].label;
    let rejected = (
        h.state().session.suggestions[k].start,
        h.state().session.suggestions[k].end,
    );
    assert_ne!(rejected, first);
    key(&mut h, Key::X);
    assert!(
        h.state()
            .session
            .doc
            .as_ref()
            .unwrap()
            .ann
            .is_rejected(rej_label, rejected.0, rejected.1)
    );
    suggestions_for(&mut h);
    // Reload the article: the rejection is in the RON file and does not come back.
    ctrl_key(&mut h, Key::PageDown);
    ctrl_key(&mut h, Key::PageUp);
    suggestions_for(&mut h);
    assert!(
        on_disk(&env, SEED0)
            .rejected
            .iter()
            .any(|r| (r.label, r.start, r.end) == (rej_label, rejected.0, rejected.1))
    );
    assert!(
        !h.state()
            .session
            .open_suggestions()
            .iter()
            .any(|x| (x.label, x.start, x.end) == (rej_label, rejected.0, rejected.1))
    );

    // Accept all LOCATION: one step; Ctrl+Z undoes all of it.
    let before = h.state().session.doc.as_ref().unwrap().ann.spans.len();
    let n = h
        .state()
        .session
        .open_suggestions()
        .iter()
        .filter(|x| x.label == Label::Location)
        .count();
    assert!(n >= 2);
    h.get_by_role_and_label(egui::Role::Button, "All LOCATION").click();
    steps(&mut h);
    assert_eq!(h.state().session.doc.as_ref().unwrap().ann.spans.len(), before + n);
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    steps(&mut h);
    assert_eq!(h.state().session.doc.as_ref().unwrap().ann.spans.len(), before);
}

#[test]
fn accepting_in_one_article_updates_another_articles_suggestions() {
    let env = env();
    let mut h = harness(&env);
    // A surface no cold layer suggests: only the memory of this corpus can.
    let taught = |h: &mut Harness<'_, Workbench>| {
        suggestions_for(h);
        let doc_text = h.state().session.doc.as_ref().unwrap().text.clone();
        h.state()
            .session
            .open_suggestions()
            .iter()
            .any(|x| x.label == Label::Actor && doc_text.slice(x.start, x.end) == "opposition")
    };
    ctrl_key(&mut h, Key::PageDown);
    assert!(!taught(&mut h), "not suggested before it is taught");
    ctrl_key(&mut h, Key::PageUp);
    let s = char_of(&h, "opposition");
    select(&mut h, s, s + 10);
    key(&mut h, Key::A);
    suggestions_for(&mut h);
    ctrl_key(&mut h, Key::PageDown);
    assert!(taught(&mut h), "accepting in one article suggests it in the others");
}

fn fake(label: Label, start: usize, end: usize, speaker: Option<(usize, usize)>) -> spanbench::suggest::Suggestion {
    spanbench::suggest::Suggestion {
        label,
        start,
        end,
        score: 0.9,
        why: "test".into(),
        source: "claims",
        speaker,
    }
}

#[test]
fn accepting_a_claim_links_its_suggested_speaker() {
    let env = env();
    let mut h = harness(&env);
    let quote = "We still don\u{2019}t 100 percent share the same view";
    let cs = char_of(&h, quote);
    let ce = cs + quote.chars().count();
    let ls = char_of(&h, "Lavrov said");
    let speaker = Some((ls, ls + 6));
    assert!(h.state_mut().session.wait_for_suggestions());
    // The claim first: its speaker is not an ACTOR yet, so it waits for one.
    h.state_mut().session.suggestions = vec![
        fake(Label::Claim, cs, ce, speaker),
        fake(Label::Actor, ls, ls + 6, None),
    ];
    h.state_mut().apply(Action::AcceptSuggestion(0));
    {
        let ann = &h.state().session.doc.as_ref().unwrap().ann;
        assert_eq!(
            ann.find(Label::Claim, cs, ce).unwrap().origin,
            Origin::Suggested("claims".into())
        );
        assert!(ann.relations.is_empty());
    }
    h.state_mut().apply(Action::AcceptSuggestion(1));
    let ann = h.state().session.doc.as_ref().unwrap().ann.clone();
    let claim = ann.find(Label::Claim, cs, ce).unwrap().id;
    let actor = ann.find(Label::Actor, ls, ls + 6).unwrap().id;
    assert_eq!(ann.relations, vec![Relation::said_by(claim, actor)]);
    // Undo both steps, then accept all: one step with the link inside.
    h.state_mut()
        .apply(Command::Run(spanbench::app::command_table::CmdId::Undo));
    h.state_mut()
        .apply(Command::Run(spanbench::app::command_table::CmdId::Undo));
    assert!(h.state().session.doc.as_ref().unwrap().ann.spans.is_empty());
    h.state_mut().session.suggestions = vec![
        fake(Label::Claim, cs, ce, speaker),
        fake(Label::Actor, ls, ls + 6, None),
    ];
    h.state_mut().apply(Action::AcceptAll {
        label: None,
        min_score: 0.5,
    });
    // The link is listed first (see tests/gui_speakers.rs); confirmed, it is one step.
    assert_eq!(h.state().session.bulk.as_ref().unwrap().links.len(), 1);
    h.state_mut().apply(Action::ConfirmBulk);
    let ann = h.state().session.doc.as_ref().unwrap().ann.clone();
    assert_eq!(ann.spans.len(), 2);
    assert_eq!(ann.relations.len(), 1);
    h.state_mut()
        .apply(Command::Run(spanbench::app::command_table::CmdId::Undo));
    assert!(h.state().session.doc.as_ref().unwrap().ann.spans.is_empty());
}

#[test]
fn double_click_selects_a_word_arrows_move_the_caret_alt_keeps_exact_characters() {
    let env = env();
    let mut h = harness(&env);
    let ctx = h.ctx.clone();
    let p = h.state().layout.screen_pos(&ctx, 9).unwrap(); // inside "attack"
    h.hover_at(p);
    h.step();
    // Two clicks, one harness step apart (within the double-click delay).
    for _ in 0..2 {
        for pressed in [true, false] {
            h.event(egui::Event::PointerButton {
                pos: p,
                button: egui::PointerButton::Primary,
                pressed,
                modifiers: Modifiers::NONE,
            });
        }
        h.step();
    }
    steps(&mut h);
    assert_eq!(
        h.state()
            .session
            .cursor
            .selection(&h.state().session.doc.as_ref().unwrap().text),
        Some((7, 13))
    );
    key(&mut h, Key::Escape);
    h.state_mut().apply(Action::SetCaret(0));
    key(&mut h, Key::ArrowRight);
    assert_eq!(h.state().session.cursor.caret, 1);
    h.key_press_modifiers(Modifiers::COMMAND, Key::ArrowRight);
    steps(&mut h);
    assert_eq!(h.state().session.cursor.caret, 6);
    key(&mut h, Key::End);
    assert_eq!(
        h.state().session.cursor.caret,
        "Rocket attack hits Russian embassy in Syria".len()
    );
    key(&mut h, Key::ArrowDown);
    let c = h.state().session.cursor.caret;
    let text = h.state().session.doc.as_ref().unwrap().text.clone();
    assert!(
        text.slice(0, c).contains("\n\nInsurgents"),
        "caret {c} moved to the next paragraph"
    );
    // Alt+Shift keeps exact characters (no snapping).
    h.state_mut().apply(Action::SetCaret(1));
    h.key_press_modifiers(Modifiers::SHIFT | Modifiers::ALT, Key::ArrowRight);
    steps(&mut h);
    assert_eq!(h.state().session.cursor.selection(&text), Some((1, 2)));
}

#[test]
fn idle_frames_rebuild_no_layout_and_edits_rebuild_only_span_lists() {
    let env = env();
    let mut h = harness(&env);
    steps(&mut h);
    let (j, s) = (h.state().layout.job_rebuilds, h.state().layout.span_rebuilds);
    steps(&mut h);
    h.hover_at(egui::pos2(600.0, 300.0));
    steps(&mut h);
    assert_eq!((h.state().layout.job_rebuilds, h.state().layout.span_rebuilds), (j, s));
    select(&mut h, 0, 6);
    key(&mut h, Key::A);
    assert_eq!(h.state().layout.job_rebuilds, j);
    assert_eq!(h.state().layout.span_rebuilds, s + 1);
}
