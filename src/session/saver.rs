//! The saver: writes annotations on a worker thread, so a frame never waits on the
//! disk. Jobs for the same article coalesce (only the newest is written). The app
//! sends a job on every change, so a decision is on disk well within a second;
//! `flush` waits until everything sent is written.
//!
//! Every write is [`Store::save_if_unchanged`] against the stamp of the file as the
//! session last saw it ([`Saver::track`] when it opens or reloads an article, then the
//! stamp of each write): a file that changed on disk meanwhile is never written over.
//! The first refused save is reported as [`WriteResult::Changed`]; later saves of that
//! article are [`WriteResult::Held`] (not tried) until the session reloads the file
//! and tracks its new stamp (see `session::sync`).

use crate::model::Annotations;
use crate::store::{FileStamp, Store, StoreError};
use std::collections::{HashMap, HashSet};
use std::sync::mpsc::{Receiver, Sender, channel};
use std::time::Duration;

use super::Wake;

enum Job {
    Save(Store, Annotations, u64),
    /// From now on, save this article against this stamp (`None`: there was no file).
    Track(String, Option<FileStamp>),
}

/// What became of one write.
#[derive(Debug, Clone)]
pub enum WriteResult {
    /// Written: the stamp of the bytes now on disk, and what they hold.
    Saved(FileStamp, Box<Annotations>),
    /// Refused, nothing written: the file changed on disk since it was read.
    Changed(String),
    /// Not tried: an earlier save of this article was refused as changed on disk and
    /// the file has not been reloaded since.
    Held,
    /// The write failed (full disk, read-only folder, broken file, lock...).
    Failed(String),
}

/// The result of one write.
#[derive(Debug, Clone)]
pub struct Written {
    pub article: String,
    pub generation: u64,
    pub result: WriteResult,
}

/// What the status bar shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SaveState {
    Saved,
    Saving,
    Error(String),
}

pub struct Saver {
    tx: Option<Sender<Job>>,
    rx: Receiver<Written>,
    next_gen: u64,
    /// Per article: the newest generation sent and not yet confirmed.
    pending: HashMap<String, u64>,
    pub last_error: Option<String>,
    /// Saved and Changed results the session has not taken yet ([`Saver::take_events`]).
    events: Vec<Written>,
    handle: Option<std::thread::JoinHandle<()>>,
}

/// Whether the save at `i` of `batch` is superseded by a later save of the same
/// article with no new stamp tracked in between.
fn superseded(batch: &[Job], i: usize) -> bool {
    let Job::Save(_, ann, _) = &batch[i] else { return false };
    for j in &batch[i + 1..] {
        match j {
            Job::Track(id, _) if *id == ann.article => return false,
            Job::Save(_, a, _) if a.article == ann.article => return true,
            _ => {}
        }
    }
    false
}

/// The worker: writes in order, each against the stamp of what it last saw.
fn work(jobs: Receiver<Job>, done: Sender<Written>, wake: Wake) {
    let mut stamps: HashMap<String, Option<FileStamp>> = HashMap::new();
    let mut held: HashSet<String> = HashSet::new();
    while let Ok(first) = jobs.recv() {
        let mut batch: Vec<Job> = vec![first];
        while let Ok(more) = jobs.try_recv() {
            batch.push(more);
        }
        for i in 0..batch.len() {
            if superseded(&batch, i) {
                continue;
            }
            let (store, ann, g) = match &batch[i] {
                Job::Track(id, stamp) => {
                    stamps.insert(id.clone(), stamp.clone());
                    held.remove(id);
                    continue;
                }
                Job::Save(store, ann, g) => (store, ann, *g),
            };
            let id = ann.article.clone();
            let result = if held.contains(&id) {
                WriteResult::Held
            } else {
                // Never seen: saved only where there is no file.
                let expected = stamps.get(&id).cloned().flatten();
                match store.save_if_unchanged(ann, expected.as_ref()) {
                    Ok(stamp) => {
                        stamps.insert(id.clone(), Some(stamp.clone()));
                        WriteResult::Saved(stamp, Box::new(ann.clone()))
                    }
                    Err(e @ StoreError::ChangedOnDisk { .. }) => {
                        held.insert(id.clone());
                        WriteResult::Changed(e.to_string())
                    }
                    Err(e) => WriteResult::Failed(e.to_string()),
                }
            };
            let w = Written {
                article: id,
                generation: g,
                result,
            };
            if done.send(w).is_err() {
                return;
            }
            wake();
        }
    }
}

impl Saver {
    pub fn new(wake: Wake) -> Saver {
        let (tx, jobs) = channel::<Job>();
        let (done, rx) = channel::<Written>();
        let handle = std::thread::Builder::new()
            .name("spanbench-saver".into())
            .spawn(move || work(jobs, done, wake))
            .expect("spawn the saver thread");
        Saver {
            tx: Some(tx),
            rx,
            next_gen: 1,
            pending: HashMap::new(),
            last_error: None,
            events: Vec::new(),
            handle: Some(handle),
        }
    }

    /// Queues a write of `ann` to `store`.
    pub fn save(&mut self, store: &Store, ann: &Annotations) {
        let g = self.next_gen;
        self.next_gen += 1;
        self.pending.insert(ann.article.clone(), g);
        if let Some(tx) = &self.tx {
            let _ = tx.send(Job::Save(store.clone(), ann.clone(), g));
        }
    }

    /// From now on, saves of `article` go against `stamp` (the file as just read;
    /// `None`: there is none), and saves held after a change on disk are tried again.
    pub fn track(&mut self, article: &str, stamp: Option<FileStamp>) {
        if let Some(tx) = &self.tx {
            let _ = tx.send(Job::Track(article.to_string(), stamp));
        }
    }

    /// Whether a save of `article` is queued or being written.
    pub fn is_pending(&self, article: &str) -> bool {
        self.pending.contains_key(article)
    }

    /// The Saved and Changed results since the last call, in the order written.
    pub fn take_events(&mut self) -> Vec<Written> {
        std::mem::take(&mut self.events)
    }

    fn take(&mut self, w: Written) {
        if self.pending.get(&w.article) == Some(&w.generation) {
            self.pending.remove(&w.article);
        }
        match &w.result {
            WriteResult::Saved(..) => {
                if self.pending.is_empty() {
                    self.last_error = None;
                }
            }
            WriteResult::Failed(e) => self.last_error = Some(e.clone()),
            WriteResult::Changed(_) | WriteResult::Held => {}
        }
        if matches!(w.result, WriteResult::Saved(..) | WriteResult::Changed(_)) {
            self.events.push(w);
        }
    }

    /// Collects finished writes (call once a frame).
    pub fn poll(&mut self) {
        while let Ok(w) = self.rx.try_recv() {
            self.take(w);
        }
    }

    /// Waits (up to 10 s) until every queued write is done.
    pub fn flush(&mut self) {
        self.poll();
        let deadline = std::time::Instant::now() + Duration::from_secs(10);
        while !self.pending.is_empty() {
            let left = deadline.saturating_duration_since(std::time::Instant::now());
            if left.is_zero() {
                self.last_error = Some("saving takes longer than 10 s; the disk may be stuck".into());
                return;
            }
            match self.rx.recv_timeout(left) {
                Ok(w) => self.take(w),
                Err(_) => return,
            }
        }
    }

    pub fn state(&self) -> SaveState {
        if let Some(e) = &self.last_error {
            SaveState::Error(e.clone())
        } else if !self.pending.is_empty() {
            SaveState::Saving
        } else {
            SaveState::Saved
        }
    }
}

impl Drop for Saver {
    fn drop(&mut self) {
        self.flush();
        self.tx.take();
        if let Some(h) = self.handle.take() {
            let _ = h.join();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Status;
    use std::sync::Arc;

    fn ann(id: &str, status: Status) -> Annotations {
        let mut a = Annotations::new(id, format!("{id}.txt"), "x");
        a.status = status;
        a
    }

    #[test]
    fn a_save_is_skipped_only_for_a_later_save_of_its_article_with_no_new_stamp_between() {
        let st = Store::new("unused");
        let batch = vec![
            Job::Save(st.clone(), ann("a", Status::New), 1),
            Job::Save(st.clone(), ann("b", Status::New), 2),
            Job::Track("a".into(), None),
            Job::Save(st.clone(), ann("a", Status::New), 3),
            Job::Save(st.clone(), ann("a", Status::Done), 4),
        ];
        assert!(!superseded(&batch, 0), "a new stamp comes between");
        assert!(!superseded(&batch, 1));
        assert!(superseded(&batch, 3));
        assert!(!superseded(&batch, 4));
    }

    #[test]
    fn a_refused_save_holds_the_next_ones_until_the_article_is_tracked_again() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::new(dir.path().join("annotations"));
        let mut saver = Saver::new(Arc::new(|| {}));
        saver.track("a", None);
        saver.save(&store, &ann("a", Status::InProgress));
        saver.flush();
        let ev = saver.take_events();
        assert!(
            matches!(
                ev.as_slice(),
                [Written {
                    result: WriteResult::Saved(..),
                    ..
                }]
            ),
            "{ev:?}"
        );
        // Another writer changes the file.
        store.save(&ann("a", Status::Reviewed)).unwrap();
        let theirs = std::fs::read(store.path_for("a").unwrap()).unwrap();
        saver.save(&store, &ann("a", Status::Done));
        saver.flush();
        let ev = saver.take_events();
        assert!(
            matches!(
                ev.as_slice(),
                [Written {
                    result: WriteResult::Changed(_),
                    ..
                }]
            ),
            "{ev:?}"
        );
        saver.save(&store, &ann("a", Status::Done));
        saver.flush();
        assert!(saver.take_events().is_empty(), "held, not tried");
        assert_eq!(
            std::fs::read(store.path_for("a").unwrap()).unwrap(),
            theirs,
            "never written over"
        );
        assert_eq!(
            saver.state(),
            SaveState::Saved,
            "the session, not the saver, says it is not saved"
        );
        // Tracked again (after a merge): saves go through.
        saver.track("a", store.stamp("a").unwrap());
        saver.save(&store, &ann("a", Status::Done));
        saver.flush();
        assert!(matches!(
            saver.take_events().as_slice(),
            [Written {
                result: WriteResult::Saved(..),
                ..
            }]
        ));
        assert_eq!(store.read("a").unwrap().unwrap().status, Status::Done);
    }
}
