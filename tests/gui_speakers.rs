//! Issue 11 point 4 in the window (egui_kittest on the real app): the current suggested
//! claim shows its speaker before it is accepted (arc + inspector), accepted links are
//! drawn as arcs in focus only (all with View > All speaker arcs), a far speaker gets a
//! tag instead of a long arc, bulk accept lists its links and links only the ticked
//! ones in one undo step, the picker sits beside the claim and lists suggested actors,
//! and clicking a dashed actor while picking accepts and links it in one step.
#![cfg(feature = "gui")]

mod common;

use common::gui::{Env, env_with, harness_on, steps};
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use spanbench::app::Workbench;
use spanbench::app::arcs::{ArcKind, DrawnArc};
use spanbench::app::chooser::ScriptedChooser;
use spanbench::app::command_table::CmdId;
use spanbench::app::dialogs::bulk::pair_label;
use spanbench::commands::Paths;
use spanbench::model::{Label, Relation};
use spanbench::session::Action;
use spanbench::suggest::Suggestion;
use std::sync::Arc;

const P1: &str = "Lavrov said the talks had failed. \u{201c}We will not go back,\u{201d} said Craig Holman of Public \
                  Citizen. Kerry told reporters that the ceasefire would hold.";
const FILL: &str = "The delegations met again in the afternoon and nothing new was decided about the schedule. ";
const LAST: &str = "\u{201c}The talks are over,\u{201d} the minister added.";

fn text() -> String {
    let para = FILL.repeat(6);
    format!("{P1}\n\n{para}\n\n{para}\n\n{para}\n\n{LAST}\n")
}

/// Char offset of `needle` in `t`.
fn at(t: &str, needle: &str) -> (usize, usize) {
    let b = t.find(needle).unwrap_or_else(|| panic!("{needle:?}"));
    let s = t[..b].chars().count();
    (s, s + needle.chars().count())
}

fn sugg(label: Label, r: (usize, usize), score: f32, why: &str, speaker: Option<(usize, usize)>) -> Suggestion {
    Suggestion {
        label,
        start: r.0,
        end: r.1,
        score,
        why: why.into(),
        source: "test",
        speaker,
    }
}

/// The scripted engine: actors Lavrov, Craig Holman (an inverted "said X"), Kerry;
/// claims with those speakers, and one at the end said by Lavrov far away.
fn suggestions(t: &str) -> Vec<Suggestion> {
    let lavrov = at(t, "Lavrov");
    let holman = at(t, "Craig Holman");
    let kerry = at(t, "Kerry");
    let mut v = vec![
        sugg(Label::Actor, lavrov, 0.9, "gazetteer: people", None),
        sugg(
            Label::Claim,
            at(t, "the talks had failed"),
            0.8,
            "reporting verb 'said'; speaker: subject of 'said' (0.80)",
            Some(lavrov),
        ),
        sugg(
            Label::Claim,
            at(t, "We will not go back"),
            0.85,
            "direct quote; speaker: name after inverted 'said' (new ACTOR) (0.72)",
            Some(holman),
        ),
        sugg(
            Label::Actor,
            holman,
            0.72,
            "speaker: name after inverted 'said' (new ACTOR)",
            None,
        ),
        sugg(Label::Actor, kerry, 0.9, "gazetteer: people", None),
        sugg(
            Label::Claim,
            at(t, "the ceasefire would hold"),
            0.8,
            "reporting verb 'told' (that-clause); speaker: subject of 'told' (0.80)",
            Some(kerry),
        ),
        sugg(
            Label::Claim,
            at(t, "The talks are over"),
            0.85,
            "direct quote; speaker: antecedent of 'the minister' (0.40)",
            Some(lavrov),
        ),
    ];
    v.sort_by_key(|s| (s.start, s.end, s.label));
    v
}

fn setup_sized(size: [f32; 2]) -> (Env, Harness<'static, Workbench>) {
    let t = text();
    let env = env_with(&[("a.txt", &t)]);
    let paths = Paths {
        corpus: vec![env.corpus.clone()],
        annotations: env.ann.clone(),
    };
    let mut wb = Workbench::headless(paths, ScriptedChooser::default());
    wb.session.wait_for_corpus();
    wb.session
        .use_suggester(Arc::new(|_, text, _| suggestions(text.as_str())));
    assert!(wb.session.wait_for_suggestions());
    let h = harness_on(wb, size);
    (env, h)
}

fn setup() -> (Env, Harness<'static, Workbench>) {
    setup_sized([1280.0, 800.0])
}

fn text_of(h: &Harness<'_, Workbench>) -> String {
    h.state().session.doc.as_ref().unwrap().text.as_str().to_string()
}

fn ann(h: &Harness<'_, Workbench>) -> spanbench::model::Annotations {
    h.state().session.doc.as_ref().unwrap().ann.clone()
}

/// The index of the open suggestion `label` at `r`.
fn index(h: &Harness<'_, Workbench>, label: Label, r: (usize, usize)) -> usize {
    h.state()
        .session
        .open_suggestion_at(label, r.0, r.1)
        .expect("open suggestion")
}

/// Accepts the open suggestion `label` over the text `needle`.
fn accept(h: &mut Harness<'_, Workbench>, label: Label, needle: &str) {
    let k = index(h, label, at(&text_of(h), needle));
    act(h, Action::AcceptSuggestion(k));
}

fn act(h: &mut Harness<'_, Workbench>, a: Action) {
    h.state_mut().apply(a);
    fresh(h);
}

/// Frames after an edit, with the engine's answer to it taken in.
fn fresh(h: &mut Harness<'_, Workbench>) {
    steps(h);
    assert!(h.state_mut().session.wait_for_suggestions());
    steps(h);
}

fn undo_depth(h: &Harness<'_, Workbench>) -> usize {
    let s = &h.state().session;
    let id = &s.doc.as_ref().unwrap().id;
    s.histories.get(id).map_or(0, |x| x.undo.len())
}

#[test]
fn the_current_suggested_claim_shows_its_speaker_before_it_is_accepted() {
    let (_env, mut h) = setup();
    let t = text_of(&h);
    let claim = at(&t, "We will not go back");
    let holman = at(&t, "Craig Holman");
    let k = index(&h, Label::Claim, claim);
    act(&mut h, Action::FocusSuggestion(k));
    // Named in the inspector, with its state, score and reason.
    h.get_by_label("speaker: Craig Holman (suggested ACTOR, 0.72, name after inverted 'said' (new ACTOR) (0.72))");
    // Linked in the text: a dashed arc from the claim to the suggested speaker.
    assert_eq!(
        h.state().layout.arcs,
        vec![DrawnArc {
            claim,
            speaker: holman,
            kind: ArcKind::Suggested,
            far: false
        }]
    );
    assert!(ann(&h).spans.is_empty(), "nothing is accepted by looking");
    // A speaker already tagged is named as an ACTOR.
    accept(&mut h, Label::Actor, "Lavrov");
    let k = index(&h, Label::Claim, at(&t, "the talks had failed"));
    act(&mut h, Action::FocusSuggestion(k));
    h.get_by_label("speaker: Lavrov (ACTOR, subject of 'said' (0.80))");
}

#[test]
fn arcs_join_accepted_claims_and_speakers_in_focus_and_a_far_speaker_gets_a_tag() {
    let (_env, mut h) = setup();
    let t = text_of(&h);
    // Accept everything, every link ticked (the far one too).
    act(
        &mut h,
        Action::AcceptAll {
            label: None,
            min_score: 0.0,
        },
    );
    let n = h.state().session.bulk.as_ref().expect("the check window").links.len();
    for i in 0..n {
        h.state_mut().apply(Action::KeepBulkLink { index: i, keep: true });
    }
    act(&mut h, Action::ConfirmBulk);
    let a = ann(&h);
    assert_eq!(a.relations.len(), 4, "{:?}", a.relations);
    let id = |l: Label, r: (usize, usize)| a.find(l, r.0, r.1).unwrap().id;
    // Nothing selected, caret outside any claim, pointer away: no arcs in a dense paragraph.
    act(&mut h, Action::SetCaret(0));
    assert!(h.state().layout.arcs.is_empty(), "{:?}", h.state().layout.arcs);
    // The selected claim: its arc only.
    let failed = at(&t, "the talks had failed");
    act(&mut h, Action::SelectSpan(id(Label::Claim, failed)));
    assert_eq!(
        h.state().layout.arcs,
        vec![DrawnArc {
            claim: failed,
            speaker: at(&t, "Lavrov"),
            kind: ArcKind::Linked,
            far: false
        }]
    );
    // Hovering another claim adds its arc.
    let ctx = h.ctx.clone();
    let hold = at(&t, "the ceasefire would hold");
    let p = h.state().layout.screen_pos(&ctx, hold.0 + 3).unwrap();
    h.hover_at(p);
    steps(&mut h);
    let claims: Vec<(usize, usize)> = h.state().layout.arcs.iter().map(|a| a.claim).collect();
    assert_eq!(claims, vec![failed, hold]);
    h.hover_at(egui::pos2(5.0, 790.0));
    steps(&mut h);
    // View > All speaker arcs: every link in view.
    h.state_mut().run(CmdId::AllArcs);
    steps(&mut h);
    let all = &h.state().layout.arcs;
    assert_eq!(all.len(), 4, "{all:?}");
    assert_eq!(all.iter().filter(|a| a.far).count(), 1, "{all:?}");
    h.state_mut().run(CmdId::AllArcs);
    // The far claim: a tag, not a page-long arc; clicking it goes to the speaker.
    let over = at(&t, "The talks are over");
    act(&mut h, Action::SelectSpan(id(Label::Claim, over)));
    assert_eq!(
        h.state().layout.arcs,
        vec![DrawnArc {
            claim: over,
            speaker: at(&t, "Lavrov"),
            kind: ArcKind::Linked,
            far: true
        }]
    );
    h.get_by_label("SAID_BY above: Lavrov").click();
    steps(&mut h);
    assert_eq!(
        h.state().session.cursor.selected_span,
        Some(id(Label::Actor, at(&t, "Lavrov")))
    );
}

#[test]
fn bulk_accept_shows_every_link_first_and_links_only_the_ticked_ones_in_one_step() {
    let (_env, mut h) = setup();
    let t = text_of(&h);
    accept(&mut h, Label::Actor, "Lavrov");
    accept(&mut h, Label::Actor, "Kerry");
    let before = ann(&h);
    let depth = undo_depth(&h);
    h.state_mut().run(CmdId::AcceptAllClaim);
    steps(&mut h);
    // Nothing changed yet: the window lists claim -> speaker, distances, far ones unticked.
    assert_eq!(ann(&h), before);
    h.get_by_label("Check the speaker links");
    let failed = pair_label("the talks had failed", "Lavrov");
    let hold = pair_label("the ceasefire would hold", "Kerry");
    let back = pair_label("We will not go back", "Craig Holman");
    let over = pair_label("The talks are over", "Lavrov");
    for l in [&failed, &hold, &back, &over] {
        h.get_by_label(l);
    }
    let plan = h.state().session.bulk.clone().unwrap();
    let far = plan
        .links
        .iter()
        .find(|l| l.claim_text == "The talks are over")
        .unwrap();
    assert!(!far.keep && far.distance > 500, "{far:?}");
    h.get_by_label_contains(&format!("far: {} chars away", far.distance));
    h.get_by_label_contains("(linked when tagged as ACTOR)");
    // Untick Kerry's, then accept with the button.
    h.get_by_label(&hold).click();
    steps(&mut h);
    h.get_by_label("Accept 4 suggestions and link 2 speakers").click();
    fresh(&mut h);
    assert!(h.state().session.bulk.is_none());
    let a = ann(&h);
    assert_eq!(a.counts(), [2, 4, 0]);
    let id = |l: Label, r: (usize, usize)| a.find(l, r.0, r.1).unwrap().id;
    let lavrov = id(Label::Actor, at(&t, "Lavrov"));
    assert_eq!(
        a.relations,
        vec![Relation::said_by(
            id(Label::Claim, at(&t, "the talks had failed")),
            lavrov
        )],
        "only the ticked link that could be made now"
    );
    // The claims waiting for a speaker say so in the inspector, without widening it.
    h.get_by_label("waiting for Craig Holman (linked once tagged ACTOR)");
    let panel = h.state().inspector_cache.panel.unwrap();
    assert!(h.state().article_rect.right() <= panel.left() + 1.0, "{panel:?}");
    assert!(panel.right() <= 1280.5, "{panel:?}");
    // Holman's link waits for the actor (shown and ticked); Kerry's and the far one never come.
    let back_id = id(Label::Claim, at(&t, "We will not go back"));
    assert!(h.state().session.pending_speakers().contains_key(&back_id));
    assert_eq!(h.state().session.pending_speakers().len(), 1);
    assert_eq!(undo_depth(&h), depth + 1, "one undo step");
    // Ctrl+Z takes the whole bulk accept back.
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    fresh(&mut h);
    assert_eq!(ann(&h).spans, before.spans);
    assert!(ann(&h).relations.is_empty());
    // Esc cancels the check window without a change.
    h.state_mut().run(CmdId::AcceptAllClaim);
    steps(&mut h);
    assert!(h.state().session.bulk.is_some());
    h.key_press(Key::Escape);
    steps(&mut h);
    assert!(h.state().session.bulk.is_none());
    assert_eq!(ann(&h).spans, before.spans);
    // Enter accepts it (with its default ticks: the far one stays unlinked).
    h.state_mut().run(CmdId::AcceptAllClaim);
    steps(&mut h);
    h.key_press(Key::Enter);
    fresh(&mut h);
    assert_eq!(ann(&h).relations.len(), 2, "Lavrov's near claim and Kerry's");
}

/// Accepts the "ceasefire" claim, selects it and presses S.
fn pick_for_hold(h: &mut Harness<'static, Workbench>) -> u32 {
    let t = text_of(h);
    accept(h, Label::Claim, "the ceasefire would hold");
    let hold = at(&t, "the ceasefire would hold");
    let claim = ann(h).find(Label::Claim, hold.0, hold.1).unwrap().id;
    act(h, Action::SelectSpan(claim));
    h.key_press(Key::S);
    steps(h);
    assert_eq!(h.state().session.cursor.picking_speaker, Some(claim));
    claim
}

fn picker_clear_of_the_claim(h: &Harness<'_, Workbench>) {
    let t = text_of(h);
    let hold = at(&t, "the ceasefire would hold");
    let ctx = h.ctx.clone();
    let rects = h.state().layout.range_screen_rects(&ctx, hold.0, hold.1);
    assert!(!rects.is_empty());
    let picker = h.state().dialogs.picker.expect("the picker shows");
    for r in rects {
        assert!(!r.intersects(picker), "the picker {picker:?} covers the claim at {r:?}");
    }
    // Its buttons are inside it.
    let b = h.get_by_label("Kerry (suggested)").rect();
    assert!(picker.contains_rect(b), "{b:?} in {picker:?}");
}

#[test]
fn the_picker_sits_beside_the_claim_lists_suggested_actors_and_links_one_in_one_step() {
    let (_env, mut h) = setup();
    let t = text_of(&h);
    accept(&mut h, Label::Actor, "Lavrov");
    let claim = pick_for_hold(&mut h);
    picker_clear_of_the_claim(&h);
    // Tagged and suggested actors near the claim, the engine's choice first.
    let choices = h.state().session.speaker_choices(claim);
    let names: Vec<&str> = choices.iter().map(|c| c.text.as_str()).collect();
    assert_eq!(names[0], "Kerry");
    assert!(
        names.contains(&"Lavrov") && names.contains(&"Craig Holman"),
        "{names:?}"
    );
    h.get_by_label_contains("the suggested speaker");
    h.get_by_label("Craig Holman (suggested)");
    // Clicking the suggested Kerry accepts it and links it: one undo step.
    let depth = undo_depth(&h);
    h.get_by_label("Kerry (suggested)").click();
    fresh(&mut h);
    let a = ann(&h);
    let kerry = a
        .find(Label::Actor, at(&t, "Kerry").0, at(&t, "Kerry").1)
        .expect("Kerry accepted")
        .id;
    assert_eq!(a.relations, vec![Relation::said_by(claim, kerry)]);
    assert_eq!(h.state().session.cursor.picking_speaker, None);
    assert_eq!(undo_depth(&h), depth + 1);
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    fresh(&mut h);
    let a = ann(&h);
    assert!(a.relations.is_empty() && a.find(Label::Actor, at(&t, "Kerry").0, at(&t, "Kerry").1).is_none());
    assert!(a.span(claim).is_some(), "the claim stays");
}

#[test]
fn in_a_narrow_window_the_picker_goes_below_or_above_the_claim() {
    let (_env, mut h) = setup_sized([640.0, 700.0]);
    h.state_mut().run(CmdId::ToggleInspector);
    h.state_mut().run(CmdId::ToggleList);
    steps(&mut h);
    pick_for_hold(&mut h);
    steps(&mut h);
    picker_clear_of_the_claim(&h);
}

#[test]
fn clicking_a_dashed_actor_while_picking_accepts_it_and_links_it_in_one_step() {
    let (_env, mut h) = setup();
    let t = text_of(&h);
    let claim = pick_for_hold(&mut h);
    let depth = undo_depth(&h);
    let holman = at(&t, "Craig Holman");
    let ctx = h.ctx.clone();
    let p = h.state().layout.screen_pos(&ctx, holman.0 + 2).unwrap();
    h.hover_at(p);
    h.step();
    for pressed in [true, false] {
        h.event(egui::Event::PointerButton {
            pos: p,
            button: egui::PointerButton::Primary,
            pressed,
            modifiers: Modifiers::NONE,
        });
    }
    fresh(&mut h);
    let a = ann(&h);
    let actor = a.find(Label::Actor, holman.0, holman.1).expect("Holman accepted").id;
    assert_eq!(a.relations, vec![Relation::said_by(claim, actor)]);
    assert_eq!(undo_depth(&h), depth + 1);
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    fresh(&mut h);
    let a = ann(&h);
    assert!(a.relations.is_empty() && a.find(Label::Actor, holman.0, holman.1).is_none());
}
