//! The window at small sizes, page keys in the article, and the command table behind
//! menus, shortcuts and the help sheet (issue #13, defects 3 and 8 and the redesign).
#![cfg(feature = "gui")]

mod common;

use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use spanbench::app::Workbench;
use spanbench::app::command_table::{self, CmdId, TABLE};
use spanbench::model::Status;

use common::gui::{Env, env, steps};

fn harness(env: &Env, size: [f32; 2]) -> Harness<'static, Workbench> {
    common::gui::harness_with(env.corpus.clone(), env.ann.clone(), Default::default(), size)
}

const SEED4: &str = "004_002fb6ada771653b";

fn article_width(h: &Harness<'_, Workbench>) -> f32 {
    h.get_by_label("Article text").rect().width()
}

#[test]
fn at_640x420_both_panels_show_and_the_article_stays_readable() {
    let env = env();
    let mut h = harness(&env, [640.0, 420.0]);
    assert!(article_width(&h) >= 280.0, "article {} px wide", article_width(&h));
    let inspector = h.get_by_label("Inspector").rect();
    assert!(
        inspector.right() <= 640.0 && inspector.left() >= 0.0,
        "inspector on screen: {inspector:?}"
    );
    assert_eq!(h.state().sides_shown, (true, true));
    // Nothing of the inspector sticks out of its panel (into the article).
    let panel = h.state().inspector_cache.panel.unwrap();
    for label in ["Inspector", "Filter:", "All LOCATION", "Accept above score"] {
        let r = h.get_by_label(label).rect();
        assert!(
            r.left() >= panel.left() - 0.5,
            "{label} at {r:?} outside the panel {panel:?}"
        );
    }
    // Dragging the inspector's edge far left cannot cover the article.
    let edge = egui::pos2(inspector.left() - 12.0, 250.0);
    h.drag_at(edge);
    h.drop_at(egui::pos2(20.0, 250.0));
    steps(&mut h);
    assert!(article_width(&h) >= 280.0, "after a resize: {} px", article_width(&h));
}

#[test]
fn panels_narrowed_by_a_small_window_widen_again_with_it() {
    let env = env();
    let mut h = harness(&env, [1280.0, 800.0]);
    let wide = h.state().inspector_cache.panel.unwrap().width();
    h.set_size(egui::vec2(640.0, 420.0));
    steps(&mut h);
    assert!(h.state().inspector_cache.panel.unwrap().width() < wide - 50.0);
    h.set_size(egui::vec2(1280.0, 800.0));
    steps(&mut h);
    let again = h.state().inspector_cache.panel.unwrap().width();
    assert!((again - wide).abs() < 1.0, "{again} vs {wide}");
    assert!(article_width(&h) > 600.0);
}

#[test]
fn at_420x300_side_panels_collapse_and_come_back_on_request() {
    let env = env();
    let mut h = harness(&env, [420.0, 300.0]);
    assert!(article_width(&h) >= 360.0, "article {} px wide", article_width(&h));
    assert!(h.query_by_label("Inspector").is_none(), "inspector collapsed");
    assert_eq!(h.state().sides_shown, (false, false));
    h.key_press(Key::F3);
    steps(&mut h);
    let r = h.get_by_label("Inspector").rect();
    assert!(
        r.left() >= 0.0 && r.right() <= 420.0,
        "asked for, it shows on screen: {r:?}"
    );
    assert!(article_width(&h) >= 150.0);
    h.key_press(Key::F3);
    steps(&mut h);
    assert!(h.query_by_label("Inspector").is_none());
}

#[test]
fn page_down_scrolls_inside_the_article_and_ctrl_page_down_changes_article() {
    let env = env();
    let mut h = harness(&env, [1000.0, 600.0]);
    let i = h.state().session.rows.iter().position(|r| r.entry.id == SEED4).unwrap();
    h.state_mut().apply(spanbench::session::Action::OpenArticle(i));
    steps(&mut h);
    assert_eq!(h.state().layout.viewport.top(), 0.0);
    h.key_press(Key::PageDown);
    steps(&mut h);
    let top = h.state().layout.viewport.top();
    assert_eq!(h.state().session.doc.as_ref().unwrap().id, SEED4, "the same article");
    assert!(top > 200.0, "scrolled a page: top {top}");
    assert!(h.state().session.cursor.caret > 0, "the caret went along");
    h.key_press(Key::PageDown);
    steps(&mut h);
    assert!(h.state().layout.viewport.top() > top + 200.0);
    h.key_press(Key::PageUp);
    h.key_press(Key::PageUp);
    steps(&mut h);
    assert_eq!(h.state().layout.viewport.top(), 0.0);
    // Shift+PageDown selects.
    h.key_press_modifiers(Modifiers::SHIFT, Key::PageDown);
    steps(&mut h);
    assert!(h.state().session.selection().is_some());
    h.key_press_modifiers(Modifiers::COMMAND, Key::PageUp);
    steps(&mut h);
    assert_eq!(
        h.state().session.current_index(),
        Some(i - 1),
        "Ctrl+PageUp: previous article"
    );
}

#[test]
fn every_command_is_in_the_table_once_and_redo_has_two_keys() {
    let redo = command_table::info(CmdId::Redo);
    assert_eq!(redo.shortcuts.len(), 2, "Ctrl+Shift+Z and Ctrl+Y");
    assert!(TABLE.iter().all(|c| !c.name.contains("alternative")));
    for id in [
        CmdId::Quit,
        CmdId::StatusDone,
        CmdId::AcceptAllClaim,
        CmdId::AcceptAboveScore,
        CmdId::DarkTheme,
        CmdId::LargerText,
        CmdId::ToggleInspector,
    ] {
        assert_eq!(TABLE.iter().filter(|c| c.id == id).count(), 1, "{id:?}");
    }
}

#[test]
fn the_help_sheet_lists_every_shortcut_of_a_command() {
    let env = env();
    let mut h = harness(&env, [1280.0, 800.0]);
    h.key_press(Key::F1);
    steps(&mut h);
    h.get_by_label("Ctrl+Shift+Z, Ctrl+Y");
    h.get_by_label("Ctrl+Q");
    h.get_by_label("Quit");
}

#[test]
fn status_keys_view_commands_and_quit_run_from_the_table() {
    let env = env();
    let mut h = harness(&env, [1280.0, 800.0]);
    h.key_press_modifiers(Modifiers::ALT, Key::Num4);
    steps(&mut h);
    assert_eq!(h.state().session.doc.as_ref().unwrap().ann.status, Status::Reviewed);
    h.state_mut().run(CmdId::LargerText);
    assert_eq!(h.state().prefs.font_size(), 17.0);
    h.state_mut().run(CmdId::SmallerText);
    h.state_mut().run(CmdId::SmallerText);
    assert_eq!(h.state().prefs.font_size(), 15.0);
    let dark = h.ctx.theme() == egui::Theme::Dark;
    h.state_mut().run(CmdId::DarkTheme);
    assert_ne!(h.ctx.theme() == egui::Theme::Dark, dark);
    h.key_press_modifiers(Modifiers::COMMAND, Key::Q);
    steps(&mut h);
    assert!(h.state().quit_requested);
    // Quit flushed: the status change is on disk.
    let id = h.state().session.doc.as_ref().unwrap().id.clone();
    let disk = spanbench::store::Store::new(&env.ann).read(&id).unwrap().unwrap();
    assert_eq!(disk.status, Status::Reviewed);
}
