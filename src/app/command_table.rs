//! Commands as data: one table gives every command a user can invoke its name, tooltip
//! and shortcuts (several per command). Menus, the toolbar, tooltips, keyboard
//! handling and the help sheet all read [`TABLE`]; [`Command`] is what panels return.

use super::chooser::ChooseKind;
use crate::model::{Label, Status};
use crate::session::Action;
use crate::session::review::ReviewAction;
use egui::{Key, KeyboardShortcut, Modifiers};

/// Everything a user can do by name (menu, toolbar button or shortcut).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CmdId {
    TagActor,
    TagClaim,
    TagLocation,
    DeleteSpan,
    PickSpeaker,
    Undo,
    Redo,
    ClearSelection,
    NextArticle,
    PrevArticle,
    MarkDone,
    StatusNew,
    StatusInProgress,
    StatusDone,
    StatusReviewed,
    NextSuggestion,
    PrevSuggestion,
    AcceptSuggestion,
    RejectSuggestion,
    AcceptAllActor,
    AcceptAllClaim,
    AcceptAllLocation,
    AcceptAboveScore,
    OpenFiles,
    OpenFolder,
    AnnotationsFolder,
    TypePath,
    Export,
    SaveNow,
    Quit,
    ToggleList,
    ToggleInspector,
    LargerText,
    SmallerText,
    DarkTheme,
    AllArcs,
    Help,
    ReviewAdjudication,
    /// Review: take the version of analyst n (1..9).
    ReviewTake(u8),
    ReviewAll,
    ReviewNone,
    ReviewKeepEdited,
    ReviewNext,
    ReviewPrev,
}

/// One row of the command table.
#[derive(Debug, Clone, Copy)]
pub struct CommandInfo {
    pub id: CmdId,
    pub name: &'static str,
    pub tooltip: &'static str,
    /// Every key that runs it (the first is shown in menus).
    pub shortcuts: &'static [KeyboardShortcut],
}

const fn sc(modifiers: Modifiers, key: Key) -> KeyboardShortcut {
    KeyboardShortcut::new(modifiers, key)
}

const CTRL_SHIFT: Modifiers = Modifiers {
    alt: false,
    ctrl: false,
    shift: true,
    mac_cmd: false,
    command: true,
};

const fn row(
    id: CmdId,
    name: &'static str,
    tooltip: &'static str,
    shortcuts: &'static [KeyboardShortcut],
) -> CommandInfo {
    CommandInfo {
        id,
        name,
        tooltip,
        shortcuts,
    }
}

use CmdId as C;
use Modifiers as M;

/// Every command, in help-sheet order.
pub const TABLE: &[CommandInfo] = &[
    row(
        C::TagActor,
        "Actor",
        "Tag the selection as ACTOR (or relabel the selected span)",
        &[sc(M::NONE, Key::A)],
    ),
    row(
        C::TagClaim,
        "Claim",
        "Tag the selection as CLAIM (or relabel the selected span)",
        &[sc(M::NONE, Key::C)],
    ),
    row(
        C::TagLocation,
        "Location",
        "Tag the selection as LOCATION (or relabel the selected span)",
        &[sc(M::NONE, Key::L)],
    ),
    row(
        C::DeleteSpan,
        "Delete span",
        "Remove the selected span",
        &[sc(M::NONE, Key::Delete), sc(M::NONE, Key::Backspace)],
    ),
    row(
        C::PickSpeaker,
        "Speaker...",
        "Link the selected claim to its speaker: then click an actor or pick one from the list",
        &[sc(M::NONE, Key::S)],
    ),
    row(
        C::Undo,
        "Undo",
        "Undo the last edit of this article",
        &[sc(M::COMMAND, Key::Z)],
    ),
    row(
        C::Redo,
        "Redo",
        "Redo the last undone edit of this article",
        &[sc(CTRL_SHIFT, Key::Z), sc(M::COMMAND, Key::Y)],
    ),
    row(
        C::ClearSelection,
        "Clear selection",
        "Clear the selection, the selected span and the speaker picker",
        &[sc(M::NONE, Key::Escape)],
    ),
    row(
        C::NextArticle,
        "Next article",
        "Save and open the next article",
        &[sc(M::COMMAND, Key::PageDown), sc(M::ALT, Key::PageDown)],
    ),
    row(
        C::PrevArticle,
        "Previous article",
        "Save and open the previous article",
        &[sc(M::COMMAND, Key::PageUp), sc(M::ALT, Key::PageUp)],
    ),
    row(
        C::MarkDone,
        "Done, next",
        "Mark this article done and open the next one not done",
        &[sc(M::COMMAND, Key::Enter)],
    ),
    row(C::StatusNew, "New", "Mark this article new", &[sc(M::ALT, Key::Num1)]),
    row(
        C::StatusInProgress,
        "In progress",
        "Mark this article in progress",
        &[sc(M::ALT, Key::Num2)],
    ),
    row(
        C::StatusDone,
        "Done",
        "Mark this article done (and stay on it)",
        &[sc(M::ALT, Key::Num3)],
    ),
    row(
        C::StatusReviewed,
        "Reviewed",
        "Mark this article reviewed",
        &[sc(M::ALT, Key::Num4)],
    ),
    row(
        C::PrevSuggestion,
        "Previous suggestion",
        "Go to the previous suggestion",
        &[sc(M::SHIFT, Key::Tab)],
    ),
    row(
        C::NextSuggestion,
        "Next suggestion",
        "Go to the next suggestion",
        &[sc(M::NONE, Key::Tab)],
    ),
    row(
        C::AcceptSuggestion,
        "Accept suggestion",
        "Accept the current suggestion",
        &[sc(M::NONE, Key::Enter)],
    ),
    row(
        C::RejectSuggestion,
        "Reject suggestion",
        "Reject the current suggestion (never suggested here again)",
        &[sc(M::NONE, Key::X)],
    ),
    row(
        C::AcceptAllActor,
        "All ACTOR",
        "Accept every open ACTOR suggestion as one undo step",
        &[],
    ),
    row(
        C::AcceptAllClaim,
        "All CLAIM",
        "Accept every open CLAIM suggestion as one undo step",
        &[],
    ),
    row(
        C::AcceptAllLocation,
        "All LOCATION",
        "Accept every open LOCATION suggestion as one undo step",
        &[],
    ),
    row(
        C::AcceptAboveScore,
        "Accept above score",
        "Accept every open suggestion at or above the inspector's score, as one undo step",
        &[sc(CTRL_SHIFT, Key::Enter)],
    ),
    row(
        C::OpenFiles,
        "Open file(s)...",
        "Open one or more .txt articles",
        &[sc(M::COMMAND, Key::O)],
    ),
    row(
        C::OpenFolder,
        "Open folder...",
        "Open a folder of .txt articles",
        &[sc(CTRL_SHIFT, Key::O)],
    ),
    row(
        C::AnnotationsFolder,
        "Annotations folder...",
        "Choose where the RON files are read and written",
        &[],
    ),
    row(
        C::TypePath,
        "Type a path...",
        "Open files or a folder by typing the path (when no file dialog can be shown)",
        &[],
    ),
    row(
        C::Export,
        "Export...",
        "Export the annotated articles to a training format",
        &[sc(M::COMMAND, Key::E)],
    ),
    row(
        C::SaveNow,
        "Save now",
        "Write pending changes now (changes are saved by themselves within a second)",
        &[sc(M::COMMAND, Key::S)],
    ),
    row(
        C::Quit,
        "Quit",
        "Save everything and close the window",
        &[sc(M::COMMAND, Key::Q)],
    ),
    row(
        C::ToggleList,
        "Article list",
        "Show or hide the article list (it hides by itself when the window is too narrow)",
        &[sc(M::NONE, Key::F2)],
    ),
    row(
        C::ToggleInspector,
        "Inspector",
        "Show or hide the inspector (it hides by itself when the window is too narrow)",
        &[sc(M::NONE, Key::F3)],
    ),
    row(C::LargerText, "Larger text", "Show the article in a larger font", &[]),
    row(
        C::SmallerText,
        "Smaller text",
        "Show the article in a smaller font",
        &[],
    ),
    row(
        C::DarkTheme,
        "Dark theme",
        "Switch between the light and the dark theme",
        &[],
    ),
    row(
        C::AllArcs,
        "All speaker arcs",
        "Draw every SAID_BY arc in view; otherwise only those of the selected, hovered or caret claim",
        &[],
    ),
    row(
        C::Help,
        "Help",
        "The annotation guidelines and this shortcut sheet",
        &[sc(M::NONE, Key::F1)],
    ),
    row(
        C::ReviewAdjudication,
        "Review adjudication...",
        "Review the disagreements `spanbench adjudicate` queued: choose its output folder",
        &[],
    ),
    take(1, "Review: take the version of analyst 1 (see the legend)"),
    take(2, "Review: take the version of analyst 2"),
    take(3, "Review: take the version of analyst 3"),
    take(4, "Review: take the version of analyst 4"),
    take(5, "Review: take the version of analyst 5"),
    take(6, "Review: take the version of analyst 6"),
    take(7, "Review: take the version of analyst 7"),
    take(8, "Review: take the version of analyst 8"),
    take(9, "Review: take the version of analyst 9"),
    row(
        C::ReviewAll,
        "Take all",
        "Review: take every analyst's version (both)",
        &[sc(M::NONE, Key::B)],
    ),
    row(
        C::ReviewNone,
        "Take none",
        "Review: take nobody's version",
        &[sc(M::NONE, Key::Num0)],
    ),
    row(
        C::ReviewKeepEdited,
        "Keep as edited",
        "Review: resolve with the article as you edited it by hand (A / C / L, Delete, S)",
        &[sc(M::NONE, Key::E)],
    ),
    row(
        C::ReviewNext,
        "Next disagreement",
        "Review: go to the next disagreement",
        &[sc(M::NONE, Key::N)],
    ),
    row(
        C::ReviewPrev,
        "Previous disagreement",
        "Review: go to the previous disagreement",
        &[sc(M::SHIFT, Key::N), sc(M::NONE, Key::P)],
    ),
];

const fn take(n: u8, tooltip: &'static str) -> CommandInfo {
    const NAMES: [&str; 9] = [
        "Take 1", "Take 2", "Take 3", "Take 4", "Take 5", "Take 6", "Take 7", "Take 8", "Take 9",
    ];
    const KEYS: [[KeyboardShortcut; 1]; 9] = [
        [sc(M::NONE, Key::Num1)],
        [sc(M::NONE, Key::Num2)],
        [sc(M::NONE, Key::Num3)],
        [sc(M::NONE, Key::Num4)],
        [sc(M::NONE, Key::Num5)],
        [sc(M::NONE, Key::Num6)],
        [sc(M::NONE, Key::Num7)],
        [sc(M::NONE, Key::Num8)],
        [sc(M::NONE, Key::Num9)],
    ];
    row(C::ReviewTake(n), NAMES[n as usize - 1], tooltip, &KEYS[n as usize - 1])
}

/// Keys the document view handles itself (listed in the help sheet, not commands).
pub const CARET_KEYS: &[(&str, &str)] = &[
    ("Arrow keys", "move the caret (Ctrl: by word)"),
    ("Shift+arrows", "extend the selection (it snaps to whole words)"),
    ("Home / End", "start / end of the line"),
    (
        "PageUp / PageDown",
        "scroll the article a page (Shift: extend the selection)",
    ),
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

/// The shortcut text shown in menus and tooltips: the first shortcut ("Ctrl+Shift+Z").
pub fn shortcut_text(ctx: &egui::Context, id: CmdId) -> String {
    info(id)
        .shortcuts
        .first()
        .map(|s| ctx.format_shortcut(s))
        .unwrap_or_default()
}

/// Every shortcut of a command, for the help sheet ("Ctrl+Shift+Z, Ctrl+Y").
pub fn all_shortcuts_text(ctx: &egui::Context, id: CmdId) -> String {
    let all: Vec<String> = info(id).shortcuts.iter().map(|s| ctx.format_shortcut(s)).collect();
    all.join(", ")
}

/// The tooltip with the shortcut in brackets.
pub fn tooltip(ctx: &egui::Context, id: CmdId) -> String {
    let sc = shortcut_text(ctx, id);
    if sc.is_empty() {
        info(id).tooltip.to_string()
    } else {
        format!("{} ({sc})", info(id).tooltip)
    }
}

/// The commands whose shortcut was pressed this frame, consumed from the input. The
/// most specific shortcuts are matched first (egui ignores extra Shift/Alt), so that
/// Ctrl+Shift+Z is Redo and not Undo. Keys without Ctrl or Alt are skipped while a
/// text field has focus (they are typing), function keys excepted.
pub fn pressed(ctx: &egui::Context, text_focused: bool) -> Vec<CmdId> {
    let mut keys: Vec<(CmdId, KeyboardShortcut)> = TABLE
        .iter()
        .flat_map(|c| c.shortcuts.iter().map(move |s| (c.id, *s)))
        .collect();
    keys.sort_by_key(|(_, s)| {
        let m = s.modifiers;
        std::cmp::Reverse(m.shift as u8 + m.alt as u8 + (m.command || m.ctrl) as u8)
    });
    let mut out = Vec::new();
    ctx.input_mut(|i| {
        for (id, s) in keys {
            let m = s.modifiers;
            if text_focused && !(m.command || m.ctrl || m.alt) && !matches!(s.logical_key, Key::F1 | Key::F2 | Key::F3)
            {
                continue;
            }
            while i.consume_shortcut(&s) {
                out.push(id);
            }
        }
    });
    out
}

/// What a command does to the session, for those that only change the session.
pub fn action(id: CmdId, min_score: f32) -> Option<Action> {
    Some(match id {
        C::TagActor => Action::Tag(Label::Actor),
        C::TagClaim => Action::Tag(Label::Claim),
        C::TagLocation => Action::Tag(Label::Location),
        C::DeleteSpan => Action::DeleteSelected,
        C::PickSpeaker => Action::PickSpeaker,
        C::Undo => Action::Undo,
        C::Redo => Action::Redo,
        C::ClearSelection => Action::ClearSelection,
        C::NextArticle => Action::NextArticle,
        C::PrevArticle => Action::PrevArticle,
        C::MarkDone => Action::MarkDoneAndNext,
        C::StatusNew => Action::SetStatus(Status::New),
        C::StatusInProgress => Action::SetStatus(Status::InProgress),
        C::StatusDone => Action::SetStatus(Status::Done),
        C::StatusReviewed => Action::SetStatus(Status::Reviewed),
        C::NextSuggestion => Action::NextSuggestion,
        C::PrevSuggestion => Action::PrevSuggestion,
        C::AcceptSuggestion => Action::AcceptCurrent,
        C::RejectSuggestion => Action::RejectCurrent,
        C::AcceptAllActor => accept_all(Label::Actor),
        C::AcceptAllClaim => accept_all(Label::Claim),
        C::AcceptAllLocation => accept_all(Label::Location),
        C::AcceptAboveScore => Action::AcceptAll { label: None, min_score },
        C::SaveNow => Action::SaveNow,
        C::ReviewTake(n) => Action::Review(ReviewAction::Take(n.saturating_sub(1) as usize)),
        C::ReviewAll => Action::Review(ReviewAction::All),
        C::ReviewNone => Action::Review(ReviewAction::Nothing),
        C::ReviewKeepEdited => Action::Review(ReviewAction::KeepEdited),
        C::ReviewNext => Action::Review(ReviewAction::Next),
        C::ReviewPrev => Action::Review(ReviewAction::Prev),
        C::OpenFiles
        | C::OpenFolder
        | C::AnnotationsFolder
        | C::ReviewAdjudication
        | C::TypePath
        | C::Export
        | C::Quit
        | C::ToggleList
        | C::ToggleInspector
        | C::LargerText
        | C::SmallerText
        | C::DarkTheme
        | C::AllArcs
        | C::Help => return None,
    })
}

fn accept_all(label: Label) -> Action {
    Action::AcceptAll {
        label: Some(label),
        min_score: 0.0,
    }
}

/// The command of each status (the toolbar's status buttons and the Article menu).
pub fn status_command(s: Status) -> CmdId {
    match s {
        Status::New => C::StatusNew,
        Status::InProgress => C::StatusInProgress,
        Status::Done => C::StatusDone,
        Status::Reviewed => C::StatusReviewed,
    }
}

/// The "accept all" command of a label.
pub fn accept_all_command(l: Label) -> CmdId {
    match l {
        Label::Actor => C::AcceptAllActor,
        Label::Claim => C::AcceptAllClaim,
        Label::Location => C::AcceptAllLocation,
    }
}

/// A change the panels ask for; the app applies them at one point in the frame.
#[derive(Debug, Clone)]
pub enum Command {
    /// A command of the table.
    Run(CmdId),
    /// A change of the session.
    Act(Action),
    /// Ask the file chooser.
    Choose(ChooseKind),
    /// Start the export the dialog describes.
    StartExport,
    /// Open a corpus with its remembered (or default) annotations folder.
    OpenCorpus(Vec<std::path::PathBuf>),
}

impl From<Action> for Command {
    fn from(a: Action) -> Command {
        Command::Act(a)
    }
}

impl From<CmdId> for Command {
    fn from(id: CmdId) -> Command {
        Command::Run(id)
    }
}
