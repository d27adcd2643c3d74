//! The saver: writes annotations with `Store::save` on a worker thread, so a frame
//! never waits on the disk. Jobs for the same article coalesce (only the newest is
//! written). The app sends a job on every change, so a decision is on disk well
//! within a second; `flush` waits until everything sent is written.

use crate::model::Annotations;
use crate::store::Store;
use std::collections::HashMap;
use std::sync::mpsc::{Receiver, Sender, channel};
use std::time::Duration;

use super::Wake;

enum Job {
    Save(Store, Annotations, u64),
}

/// The result of one write.
#[derive(Debug, Clone)]
pub struct Written {
    pub article: String,
    pub generation: u64,
    pub result: Result<(), String>,
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
    handle: Option<std::thread::JoinHandle<()>>,
}

impl Saver {
    pub fn new(wake: Wake) -> Saver {
        let (tx, jobs) = channel::<Job>();
        let (done, rx) = channel::<Written>();
        let handle = std::thread::Builder::new()
            .name("spanbench-saver".into())
            .spawn(move || {
                while let Ok(first) = jobs.recv() {
                    // Coalesce: keep only the newest job per article.
                    let mut batch: Vec<Job> = vec![first];
                    while let Ok(more) = jobs.try_recv() {
                        batch.push(more);
                    }
                    let mut newest: HashMap<String, (Store, Annotations, u64)> = HashMap::new();
                    let mut order = Vec::new();
                    for Job::Save(store, ann, g) in batch {
                        if !newest.contains_key(&ann.article) {
                            order.push(ann.article.clone());
                        }
                        newest.insert(ann.article.clone(), (store, ann, g));
                    }
                    for id in order {
                        let (store, ann, g) = newest.remove(&id).unwrap();
                        let result = store.save(&ann).map(|_| ()).map_err(|e| e.to_string());
                        if done
                            .send(Written {
                                article: id,
                                generation: g,
                                result,
                            })
                            .is_err()
                        {
                            return;
                        }
                        wake();
                    }
                }
            })
            .expect("spawn the saver thread");
        Saver {
            tx: Some(tx),
            rx,
            next_gen: 1,
            pending: HashMap::new(),
            last_error: None,
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

    fn take(&mut self, w: Written) {
        if self.pending.get(&w.article) == Some(&w.generation) {
            self.pending.remove(&w.article);
        }
        match w.result {
            Ok(()) => {
                if self.pending.is_empty() {
                    self.last_error = None;
                }
            }
            Err(e) => self.last_error = Some(e),
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
