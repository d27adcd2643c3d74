//! File choosing behind a small trait: native dialogs (rfd) on a worker thread in the
//! app, a scripted chooser in tests, so no frame ever blocks on a dialog.

use std::collections::VecDeque;
use std::path::PathBuf;
use std::sync::mpsc::{Receiver, channel};

/// What the user is choosing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChooseKind {
    /// One or more .txt articles to open.
    Files,
    /// A folder of articles to open.
    Folder,
    /// The annotations folder.
    Annotations,
    /// Where to write an export (a file).
    ExportFile,
    /// Where to write an export (a folder, for brat).
    ExportFolder,
    /// The output folder of an adjudication, to review.
    Review,
}

/// The answer to a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Chosen {
    Paths(ChooseKind, Vec<PathBuf>),
    Cancelled(ChooseKind),
    /// No native dialog could be shown; the app offers a typed path instead.
    Unavailable(ChooseKind),
}

pub trait FileChooser {
    /// Starts choosing; the answer comes later from [`FileChooser::poll`].
    fn request(&mut self, kind: ChooseKind, repaint: &egui::Context);
    /// The answer, once there is one.
    fn poll(&mut self) -> Option<Chosen>;
    /// Whether a request is still open.
    fn busy(&self) -> bool;
}

/// Native dialogs through rfd, each on its own thread.
#[derive(Default)]
pub struct RfdChooser {
    rx: Option<Receiver<Chosen>>,
}

/// Whether rfd has any way to show a dialog here (an xdg portal on the session bus,
/// or zenity); without one it returns `None`, the same as a cancel.
fn dialogs_available() -> bool {
    if cfg!(not(target_os = "linux")) {
        return true;
    }
    let zenity = std::env::var_os("PATH")
        .map(|p| std::env::split_paths(&p).any(|d| d.join("zenity").is_file()))
        .unwrap_or(false);
    zenity || std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_some()
}

impl FileChooser for RfdChooser {
    fn request(&mut self, kind: ChooseKind, repaint: &egui::Context) {
        if self.busy() {
            return;
        }
        let (tx, rx) = channel();
        self.rx = Some(rx);
        let ctx = repaint.clone();
        let spawned = std::thread::Builder::new()
            .name("spanbench-dialog".into())
            .spawn(move || {
                let answer = if !dialogs_available() {
                    Chosen::Unavailable(kind)
                } else {
                    let d = rfd::FileDialog::new();
                    let picked: Option<Vec<PathBuf>> = match kind {
                        ChooseKind::Files => d
                            .add_filter("Text articles", &["txt"])
                            .set_title("Open articles")
                            .pick_files(),
                        ChooseKind::Folder => d.set_title("Open a folder of articles").pick_folder().map(|p| vec![p]),
                        ChooseKind::Annotations => d.set_title("Annotations folder").pick_folder().map(|p| vec![p]),
                        ChooseKind::ExportFile => d.set_title("Export to").save_file().map(|p| vec![p]),
                        ChooseKind::ExportFolder => d.set_title("Export to folder").pick_folder().map(|p| vec![p]),
                        ChooseKind::Review => d
                            .set_title("Review adjudication (the folder adjudicate wrote)")
                            .pick_folder()
                            .map(|p| vec![p]),
                    };
                    match picked {
                        Some(p) if !p.is_empty() => Chosen::Paths(kind, p),
                        _ => Chosen::Cancelled(kind),
                    }
                };
                let _ = tx.send(answer);
                ctx.request_repaint();
            });
        if spawned.is_err() {
            self.rx = None;
        }
    }

    fn poll(&mut self) -> Option<Chosen> {
        let got = self.rx.as_ref()?.try_recv();
        match got {
            Ok(c) => {
                self.rx = None;
                Some(c)
            }
            Err(std::sync::mpsc::TryRecvError::Empty) => None,
            Err(std::sync::mpsc::TryRecvError::Disconnected) => {
                self.rx = None;
                None
            }
        }
    }

    fn busy(&self) -> bool {
        self.rx.is_some()
    }
}

/// Answers requests from a script, in order (for tests and scripted runs).
#[derive(Default)]
pub struct ScriptedChooser {
    pub answers: VecDeque<Option<Vec<PathBuf>>>,
    pub asked: Vec<ChooseKind>,
    ready: Option<Chosen>,
}

impl ScriptedChooser {
    pub fn new(answers: impl IntoIterator<Item = Option<Vec<PathBuf>>>) -> Self {
        ScriptedChooser {
            answers: answers.into_iter().collect(),
            asked: Vec::new(),
            ready: None,
        }
    }
}

impl FileChooser for ScriptedChooser {
    fn request(&mut self, kind: ChooseKind, _repaint: &egui::Context) {
        self.asked.push(kind);
        self.ready = Some(match self.answers.pop_front() {
            Some(Some(p)) => Chosen::Paths(kind, p),
            Some(None) => Chosen::Cancelled(kind),
            None => Chosen::Unavailable(kind),
        });
    }

    fn poll(&mut self) -> Option<Chosen> {
        self.ready.take()
    }

    fn busy(&self) -> bool {
        self.ready.is_some()
    }
}
