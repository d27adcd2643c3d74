//! The background worker: builds the suggestion engine off the UI thread, walks the
//! corpus once (titles, statuses and counts for the article list; every article's
//! annotations taught to the engine), then answers suggestion requests.

use crate::corpus::Entry;
use crate::model::{Annotations, Status};
use crate::store::Store;
use crate::suggest::{Engine, Suggestion};
use crate::text::TextIndex;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Arc;
use std::sync::mpsc::{Receiver, Sender, channel};

use super::Wake;
use std::time::{Duration, Instant};

/// What the corpus walk learned about one article (for the list).
#[derive(Debug, Clone, Default)]
pub struct RowInfo {
    pub title: String,
    pub status: Status,
    pub counts: [usize; 3],
    /// The article cannot be read.
    pub error: Option<String>,
    /// Its RON file is broken (the article opens read-only).
    pub ron_error: Option<String>,
}

enum ToEngine {
    Learn(Arc<TextIndex>, Annotations),
    Suggest(u64, Arc<TextIndex>, Annotations),
}

/// What answers a suggestion request: the engine itself unless a test (or a scripted
/// run) puts another suggester in its place.
pub type SuggestFn = Arc<dyn Fn(&Engine, &TextIndex, &Annotations) -> Vec<Suggestion> + Send + Sync>;

/// The text of a caught panic.
fn panic_text(p: &(dyn std::any::Any + Send)) -> String {
    p.downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| p.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".into())
}

pub enum FromEngine {
    Row(usize, RowInfo),
    Ready {
        learned: usize,
        took: Duration,
    },
    Suggestions {
        generation: u64,
        article: String,
        list: Vec<Suggestion>,
    },
    /// Suggesting (or learning) one article panicked; the engine goes on serving the
    /// others.
    Failed {
        generation: u64,
        article: String,
        error: String,
    },
}

pub struct EngineWorker {
    tx: Sender<ToEngine>,
    rx: Receiver<FromEngine>,
    next_gen: u64,
    /// The generation of the newest request.
    pub wanted: u64,
    pub ready: bool,
    pub status: String,
}

impl EngineWorker {
    pub fn start(entries: Vec<Entry>, store: Store, wake: Wake, suggester: Option<SuggestFn>) -> EngineWorker {
        let (tx, jobs) = channel::<ToEngine>();
        let (out, rx) = channel::<FromEngine>();
        let total = entries.len();
        std::thread::Builder::new()
            .name("spanbench-engine".into())
            .spawn(move || {
                let t0 = Instant::now();
                let mut engine = Engine::new();
                let mut learned = 0;
                for (i, e) in entries.iter().enumerate() {
                    let mut info = RowInfo::default();
                    match e.read() {
                        Err(err) => {
                            info.error = Some(err.to_string());
                            info.title = e.id.clone();
                        }
                        Ok(article) => {
                            info.title = crate::corpus::title_of(&article.text).to_string();
                            let text = TextIndex::new(article.text.clone());
                            match store.open(&article, &text) {
                                Ok(opened) => {
                                    info.status = opened.annotations.status;
                                    info.counts = opened.annotations.counts();
                                    let lesson =
                                        catch_unwind(AssertUnwindSafe(|| engine.learn(&text, &opened.annotations)));
                                    match lesson {
                                        Ok(()) => learned += annotated(&opened.annotations) as usize,
                                        Err(p) => {
                                            info.ron_error = Some(format!("learning failed: {}", panic_text(&*p)))
                                        }
                                    }
                                }
                                Err(err) => info.ron_error = Some(err.to_string()),
                            }
                        }
                    }
                    if out.send(FromEngine::Row(i, info)).is_err() {
                        return;
                    }
                    if i % 64 == 0 {
                        wake();
                    }
                }
                let _ = out.send(FromEngine::Ready {
                    learned,
                    took: t0.elapsed(),
                });
                wake();
                while let Ok(first) = jobs.recv() {
                    let mut batch = vec![first];
                    while let Ok(more) = jobs.try_recv() {
                        batch.push(more);
                    }
                    let mut last = None;
                    for job in batch {
                        match job {
                            ToEngine::Learn(text, ann) => {
                                // A lesson that panics is dropped; the engine keeps what it knew.
                                let _ = catch_unwind(AssertUnwindSafe(|| engine.learn(&text, &ann)));
                            }
                            ToEngine::Suggest(g, text, ann) => last = Some((g, text, ann)),
                        }
                    }
                    if let Some((g, text, ann)) = last {
                        let answer = catch_unwind(AssertUnwindSafe(|| match &suggester {
                            Some(f) => f(&engine, &text, &ann),
                            None => engine.suggest(&text, &ann),
                        }));
                        let article = ann.article.clone();
                        let msg = match answer {
                            Ok(list) => FromEngine::Suggestions {
                                generation: g,
                                article,
                                list,
                            },
                            Err(p) => FromEngine::Failed {
                                generation: g,
                                article,
                                error: panic_text(&*p),
                            },
                        };
                        if out.send(msg).is_err() {
                            return;
                        }
                        wake();
                    }
                }
            })
            .expect("spawn the engine thread");
        EngineWorker {
            tx,
            rx,
            next_gen: 1,
            wanted: 0,
            ready: false,
            status: format!("Reading {total} articles..."),
        }
    }

    pub fn learn(&self, text: &Arc<TextIndex>, ann: &Annotations) {
        let _ = self.tx.send(ToEngine::Learn(text.clone(), ann.clone()));
    }

    /// Asks for the suggestions of `ann`; returns the request's generation.
    pub fn request(&mut self, text: &Arc<TextIndex>, ann: &Annotations) -> u64 {
        let g = self.next_gen;
        self.next_gen += 1;
        self.wanted = g;
        let _ = self.tx.send(ToEngine::Suggest(g, text.clone(), ann.clone()));
        g
    }

    pub fn try_recv(&self) -> Option<FromEngine> {
        self.rx.try_recv().ok()
    }

    pub fn recv_timeout(&self, d: Duration) -> Option<FromEngine> {
        self.rx.recv_timeout(d).ok()
    }
}

/// Whether an article counts as annotated for "learned from N": at least one span or
/// decision (a relation or a rejected suggestion).
fn annotated(a: &crate::model::Annotations) -> bool {
    !a.spans.is_empty() || !a.relations.is_empty() || !a.rejected.is_empty()
}
