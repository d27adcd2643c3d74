//! Commands as data: one table gives every command its name, tooltip and shortcut.
//! Menus, the toolbar, keyboard handling and the help sheet all read [`TABLE`].

use crate::model::{Label, Relation, SpanId, Status};
use egui::{Key, KeyboardShortcut, Modifiers};

/// The commands a user can invoke by name (menu, toolbar button or shortcut).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CmdId {
    TagActor,
    TagClaim,
    TagLocation,
    DeleteSpan,
    PickSpeaker,
    Undo,
    Redo,
    RedoAlt,
    NextArticle,
    PrevArticle,
    MarkDone,
    NextSuggestion,
    PrevSuggestion,
    AcceptSuggestion,
    RejectSuggestion,
    ClearSelection,
    OpenFiles,
    OpenFolder,
    AnnotationsFolder,
    TypePath,
    Export,
    SaveNow,
    Help,
}

/// One row of the command table.
#[derive(Debug, Clone, Copy)]
pub struct CommandInfo {
    pub id: CmdId,
    pub name: &'static str,
    pub tooltip: &'static str,
    pub shortcut: Option<KeyboardShortcut>,
}

const fn sc(modifiers: Modifiers, key: Key) -> Option<KeyboardShortcut> {
    Some(KeyboardShortcut::new(modifiers, key))
}

const CTRL_SHIFT: Modifiers = Modifiers {
    alt: false,
    ctrl: false,
    shift: true,
    mac_cmd: false,
    command: true,
};

/// Every command, in help-sheet order.
pub const TABLE: &[CommandInfo] = &[
    CommandInfo {
        id: CmdId::TagActor,
        name: "Actor",
        tooltip: "Tag the selection as ACTOR (or relabel the selected span)",
        shortcut: sc(Modifiers::NONE, Key::A),
    },
    CommandInfo {
        id: CmdId::TagClaim,
        name: "Claim",
        tooltip: "Tag the selection as CLAIM (or relabel the selected span)",
        shortcut: sc(Modifiers::NONE, Key::C),
    },
    CommandInfo {
        id: CmdId::TagLocation,
        name: "Location",
        tooltip: "Tag the selection as LOCATION (or relabel the selected span)",
        shortcut: sc(Modifiers::NONE, Key::L),
    },
    CommandInfo {
        id: CmdId::DeleteSpan,
        name: "Delete span",
        tooltip: "Remove the selected span",
        shortcut: sc(Modifiers::NONE, Key::Delete),
    },
    CommandInfo {
        id: CmdId::PickSpeaker,
        name: "Speaker...",
        tooltip: "Link the selected claim to its speaker: then click an actor or pick one from the list",
        shortcut: sc(Modifiers::NONE, Key::S),
    },
    CommandInfo {
        id: CmdId::Redo,
        name: "Redo",
        tooltip: "Redo the last undone edit of this article",
        shortcut: sc(CTRL_SHIFT, Key::Z),
    },
    CommandInfo {
        id: CmdId::Undo,
        name: "Undo",
        tooltip: "Undo the last edit of this article",
        shortcut: sc(Modifiers::COMMAND, Key::Z),
    },
    CommandInfo {
        id: CmdId::RedoAlt,
        name: "Redo (alternative)",
        tooltip: "Redo the last undone edit of this article",
        shortcut: sc(Modifiers::COMMAND, Key::Y),
    },
    CommandInfo {
        id: CmdId::NextArticle,
        name: "Next article",
        tooltip: "Save and open the next article",
        shortcut: sc(Modifiers::NONE, Key::PageDown),
    },
    CommandInfo {
        id: CmdId::PrevArticle,
        name: "Previous article",
        tooltip: "Save and open the previous article",
        shortcut: sc(Modifiers::NONE, Key::PageUp),
    },
    CommandInfo {
        id: CmdId::MarkDone,
        name: "Mark done",
        tooltip: "Mark this article done and open the next one not done",
        shortcut: sc(Modifiers::COMMAND, Key::Enter),
    },
    CommandInfo {
        id: CmdId::PrevSuggestion,
        name: "Previous suggestion",
        tooltip: "Go to the previous suggestion",
        shortcut: sc(Modifiers::SHIFT, Key::Tab),
    },
    CommandInfo {
        id: CmdId::NextSuggestion,
        name: "Next suggestion",
        tooltip: "Go to the next suggestion",
        shortcut: sc(Modifiers::NONE, Key::Tab),
    },
    CommandInfo {
        id: CmdId::AcceptSuggestion,
        name: "Accept suggestion",
        tooltip: "Accept the current suggestion",
        shortcut: sc(Modifiers::NONE, Key::Enter),
    },
    CommandInfo {
        id: CmdId::RejectSuggestion,
        name: "Reject suggestion",
        tooltip: "Reject the current suggestion (never suggested here again)",
        shortcut: sc(Modifiers::NONE, Key::X),
    },
    CommandInfo {
        id: CmdId::ClearSelection,
        name: "Clear selection",
        tooltip: "Clear the selection, the selected span and the speaker picker",
        shortcut: sc(Modifiers::NONE, Key::Escape),
    },
    CommandInfo {
        id: CmdId::OpenFiles,
        name: "Open file(s)...",
        tooltip: "Open one or more .txt articles",
        shortcut: sc(Modifiers::COMMAND, Key::O),
    },
    CommandInfo {
        id: CmdId::OpenFolder,
        name: "Open folder...",
        tooltip: "Open a folder of .txt articles",
        shortcut: sc(CTRL_SHIFT, Key::O),
    },
    CommandInfo {
        id: CmdId::AnnotationsFolder,
        name: "Annotations folder...",
        tooltip: "Choose where the RON files are read and written",
        shortcut: None,
    },
    CommandInfo {
        id: CmdId::TypePath,
        name: "Type a path...",
        tooltip: "Open files or a folder by typing the path (when no file dialog can be shown)",
        shortcut: None,
    },
    CommandInfo {
        id: CmdId::Export,
        name: "Export...",
        tooltip: "Export the annotated articles to a training format",
        shortcut: sc(Modifiers::COMMAND, Key::E),
    },
    CommandInfo {
        id: CmdId::SaveNow,
        name: "Save now",
        tooltip: "Write pending changes now (changes are saved by themselves within a second)",
        shortcut: sc(Modifiers::COMMAND, Key::S),
    },
    CommandInfo {
        id: CmdId::Help,
        name: "Help",
        tooltip: "The annotation guidelines and this shortcut sheet",
        shortcut: sc(Modifiers::NONE, Key::F1),
    },
];

/// Keys the document view handles itself (listed in the help sheet, not commands).
pub const CARET_KEYS: &[(&str, &str)] = &[
    ("Arrow keys", "move the caret (Ctrl: by word)"),
    ("Shift+arrows", "extend the selection (it snaps to whole words)"),
    ("Home / End", "start / end of the line"),
    ("Drag", "select (Alt held: exact characters, no snapping)"),
    ("Double-click", "select a word"),
    (
        "Click a span",
        "select it (then A / C / L relabel, Delete removes, S links a speaker)",
    ),
];

pub fn info(id: CmdId) -> &'static CommandInfo {
    TABLE
        .iter()
        .find(|c| c.id == id)
        .expect("every command is in the table")
}

/// The shortcut text shown in menus and the help sheet ("Ctrl+Shift+Z").
pub fn shortcut_text(ctx: &egui::Context, id: CmdId) -> String {
    info(id).shortcut.map(|s| ctx.format_shortcut(&s)).unwrap_or_default()
}

/// The commands whose shortcut was pressed this frame, consumed from the input. The
/// most specific shortcuts are matched first (egui ignores extra Shift/Alt), so that
/// Ctrl+Shift+Z is Redo and not Undo. Single keys without Ctrl are skipped while a
/// text field has focus.
pub fn pressed(ctx: &egui::Context, text_focused: bool) -> Vec<CmdId> {
    let mut rows: Vec<&CommandInfo> = TABLE.iter().filter(|c| c.shortcut.is_some()).collect();
    rows.sort_by_key(|c| {
        let m = c.shortcut.unwrap().modifiers;
        std::cmp::Reverse(m.shift as u8 + m.alt as u8 + (m.command || m.ctrl) as u8)
    });
    let mut out = Vec::new();
    ctx.input_mut(|i| {
        for c in rows {
            let s = c.shortcut.unwrap();
            if text_focused && !(s.modifiers.command || s.modifiers.ctrl) && !matches!(s.logical_key, Key::F1) {
                continue;
            }
            while i.consume_shortcut(&s) {
                out.push(c.id);
            }
        }
    });
    out
}

/// A change the panels ask for; the app applies them at one point in the frame.
#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    Run(CmdId),
    Tag(Label),
    OpenArticle(usize),
    SelectSpan(SpanId),
    DeleteSpanId(SpanId),
    Link(Relation),
    Unlink(Relation),
    SetStatus(Status),
    /// Move the caret / selection (anchor, caret, exact characters).
    Select {
        anchor: usize,
        caret: usize,
        exact: bool,
    },
    SetCaret(usize),
    FocusSuggestion(usize),
    AcceptSuggestion(usize),
    RejectSuggestion(usize),
    /// Accept every suggestion with this label (all labels when `None`) and at least
    /// this score, as one undo step.
    AcceptAll {
        label: Option<Label>,
        min_score: f32,
    },
    OpenRecent(Vec<std::path::PathBuf>),
    CancelSpeaker,
}
