//! An export running on a worker thread: progress and the summary come back over a
//! channel, and the session's wake callback tells the window to look.

use super::Wake;
use crate::export::{self, ExportOptions, ExportSummary, Format, Selection};
use crate::store::Store;
use std::path::PathBuf;
use std::sync::mpsc::{Receiver, channel};
use std::time::Duration;

/// What to export, and where.
#[derive(Debug, Clone)]
pub struct ExportRequest {
    pub format: Format,
    pub dest: PathBuf,
    pub corpus: Vec<PathBuf>,
    pub store: Store,
    pub selection: Selection,
    pub options: ExportOptions,
}

/// What an export job reports.
#[derive(Debug, Clone)]
pub enum ExportEvent {
    /// Articles done so far, of how many.
    Progress(usize, usize),
    Done(Result<ExportSummary, String>),
}

/// A running export.
pub struct ExportJob {
    rx: Receiver<ExportEvent>,
}

impl ExportJob {
    /// Starts `req` on its own thread.
    pub fn start(req: ExportRequest, wake: Wake) -> ExportJob {
        let (tx, rx) = channel();
        std::thread::Builder::new()
            .name("spanbench-export".into())
            .spawn(move || {
                let ptx = tx.clone();
                let w = wake.clone();
                let mut progress = move |n: usize, t: usize| {
                    let _ = ptx.send(ExportEvent::Progress(n, t));
                    w();
                };
                let r = export::export(
                    req.format,
                    Some(&req.dest),
                    &req.corpus,
                    &req.store,
                    req.selection,
                    &req.options,
                    &mut progress,
                )
                .map_err(|e| e.to_string());
                let _ = tx.send(ExportEvent::Done(r));
                wake();
            })
            .expect("spawn the export thread");
        ExportJob { rx }
    }

    /// What arrived since the last call.
    pub fn poll(&self) -> Vec<ExportEvent> {
        self.rx.try_iter().collect()
    }

    /// Waits (up to 30 s) for the next event; `Done(Err)` when nothing comes.
    pub fn wait_next(&self) -> ExportEvent {
        self.rx
            .recv_timeout(Duration::from_secs(30))
            .unwrap_or_else(|_| ExportEvent::Done(Err("the export did not finish within 30 s".into())))
    }
}
