//! Keeping the open article in step with its file on disk (issue #12 point 1).
//!
//! The session remembers what the open article's RON file held when it was last read
//! or written by us (`base`) and its [`FileStamp`]. The saver writes only over that
//! file ([`crate::store::Store::save_if_unchanged`]). When it refuses (an import, a
//! `git pull` or an editor changed the file), or when [`Action::CheckDisk`] finds the
//! file changed (size and modification time first; the hash only when they moved),
//! the session takes the folder's lock, reads the file as it is now, puts the
//! analyst's unsaved edits (`base` -> the open annotations) on top with
//! [`crate::model::rebase`] as ONE undoable step (undo gives the file as it is on disk),
//! saves that, and the status bar says what happened. Earlier undo steps of the
//! article are dropped: they name spans of the version replaced.
//!
//! A file that no longer loads is never written over: the article goes read-only with
//! a banner naming `file:line:col`, the analyst's version stays on screen, and once
//! the file loads again it is merged the same way.
//!
//! [`Action::CheckDisk`]: super::Action::CheckDisk

use super::Session;
use super::saver::{SaveState, WriteResult};
use crate::corpus::Article;
use crate::model::{Annotations, Edit};
use crate::store::FileStamp;
use std::time::Duration;

/// How long a check waits for another writer before trying again later.
const TICK_WAIT: Duration = Duration::from_millis(200);

/// What the session knows of the open article's file.
#[derive(Debug, Default)]
pub struct DiskSync {
    /// Whether the open article is watched (not when it was read-only from the start:
    /// its file is then left alone).
    watching: bool,
    /// The annotations as on disk when last read or written by us (for a new
    /// article, the empty annotations it opened with).
    base: Option<Annotations>,
    /// The stamp of that file (`None`: there was none).
    stamp: Option<FileStamp>,
    /// A change on disk waits to be merged (the saver's refusal, or a check's finding).
    conflict: Option<String>,
    /// The file on disk does not load: the article is read-only until it does.
    broken: Option<String>,
    /// The copy of the analyst's version written while its file could not take it.
    copy: Option<std::path::PathBuf>,
    /// While broken: the size and time of what is on disk (a folder or FIFO has no
    /// stamp), so a check looks again only when that moves.
    seen: Option<(u64, Option<std::time::SystemTime>)>,
}

impl DiskSync {
    /// Starts watching a freshly opened article: `base` as read, with its stamp.
    pub(super) fn opened(&mut self, base: Annotations, stamp: Option<FileStamp>) {
        *self = DiskSync {
            watching: true,
            base: Some(base),
            stamp,
            conflict: None,
            broken: None,
            copy: None,
            seen: None,
        };
    }

    /// Stops watching (no article open, or one left read-only from the start).
    pub(super) fn off(&mut self) {
        *self = DiskSync::default();
    }

    /// While a change on disk is not merged, what the status bar says instead of "Saved".
    pub(super) fn save_state(&self) -> Option<SaveState> {
        if let Some(b) = &self.broken {
            return Some(SaveState::Error(b.clone()));
        }
        self.conflict.as_ref().map(|c| SaveState::Error(c.clone()))
    }
}

/// `annotations/<id>.ron`: the folder's name and the file's.
fn short_name(s: &Session, id: &str) -> String {
    let dir = s
        .store
        .dir
        .file_name()
        .map(|d| d.to_string_lossy().to_string())
        .unwrap_or_default();
    if dir.is_empty() {
        format!("{id}.ron")
    } else {
        format!("{dir}/{id}.ron")
    }
}

/// The analyst's changes in a rebased edit, in words: how many, and of what kinds.
fn describe(edit: &Edit) -> (usize, String) {
    let Edit::Batch(list) = edit else {
        return (1, String::new());
    };
    let mut kinds: Vec<(&str, usize)> = Vec::new();
    let mut bump = |k: &'static str| match kinds.iter_mut().find(|(n, _)| *n == k) {
        Some((_, c)) => *c += 1,
        None => kinds.push((k, 1)),
    };
    for e in list {
        bump(match e {
            Edit::AddSpan(_) => "span(s) added",
            Edit::RemoveSpan(_) => "span(s) removed",
            Edit::Relabel { .. } => "relabelled",
            Edit::Link(_) => "link(s) added",
            Edit::Unlink(_) => "link(s) removed",
            Edit::Reject(_) | Edit::Unreject(_) => "rejection(s)",
            Edit::SetStatus(_) => "status",
            Edit::Batch(_) => "other",
        });
    }
    let n = list.iter().filter(|e| !matches!(e, Edit::SetStatus(_))).count();
    let n = if n == 0 { list.len() } else { n };
    let words: Vec<String> = kinds
        .iter()
        .map(|(k, c)| {
            if *k == "status" {
                k.to_string()
            } else {
                format!("{c} {k}")
            }
        })
        .collect();
    (n, words.join(", "))
}

impl Session {
    /// While the open article's file cannot take the analyst's unsaved edits (it is
    /// broken on disk, or another writer holds the folder), keeps a copy of their
    /// version beside it, `<id>.ron.unsaved` (not a `.ron`: no command reads it), so
    /// closing the window or opening another article loses nothing. Says where.
    pub(super) fn keep_unsaved_copy(&mut self) -> Option<String> {
        let doc = self.doc.as_ref()?;
        if !self.sync.watching || self.sync.base.as_ref() == Some(&doc.ann) {
            return None;
        }
        let path = self.store.path_for(&doc.id).ok()?.with_extension("ron.unsaved");
        let shown = format!("{}.unsaved", short_name(self, &doc.id));
        match crate::fsio::write_atomic(&path, crate::store::to_ron(&doc.ann).as_bytes()) {
            Ok(()) => {
                self.sync.copy = Some(path);
                Some(format!("a copy of your version is in {shown}"))
            }
            Err(e) => Some(format!("no copy of your version could be written to {shown}: {e}")),
        }
    }

    /// The saver's news: a write gives the new base; a refusal starts a merge.
    /// Merges at once only on a fresh refusal, or when flushing (`wait` longer than a
    /// tick); a merge that waits for another writer is retried by the next check.
    pub(super) fn take_saves(&mut self, wait: Duration) {
        let mut fresh = false;
        for w in self.saver.take_events() {
            let open = self.doc.as_ref().is_some_and(|d| d.id == w.article);
            if !open || !self.sync.watching {
                continue;
            }
            match w.result {
                WriteResult::Saved(stamp, ann) => {
                    self.sync.base = Some(*ann);
                    self.sync.stamp = Some(stamp);
                }
                WriteResult::Changed(why) => {
                    self.sync.conflict = Some(why);
                    fresh = true;
                }
                WriteResult::Held | WriteResult::Failed(_) => {}
            }
        }
        if self.sync.conflict.is_some() && (fresh || wait > TICK_WAIT) {
            self.merge_from_disk(wait);
        }
    }

    /// Whether the open article's file changed on disk since we read or wrote it:
    /// cheap (size and modification time; the hash only when they moved). A change is
    /// merged at once.
    pub(super) fn check_disk(&mut self) {
        self.saver.poll();
        let waiting = self.sync.conflict.is_some();
        self.take_saves(TICK_WAIT);
        if waiting && self.sync.conflict.is_some() {
            // A merge that waited for another writer: try again.
            self.merge_from_disk(TICK_WAIT);
            return;
        }
        let Some(doc) = &self.doc else { return };
        if !self.sync.watching || self.sync.conflict.is_some() || self.saver.is_pending(&doc.id) {
            return;
        }
        let id = doc.id.clone();
        let Ok(path) = self.store.path_for(&id) else { return };
        let known = self.sync.stamp.as_ref();
        let meta = std::fs::metadata(&path);
        if self.sync.broken.is_some()
            && let Ok(m) = &meta
            && self.sync.seen == Some((m.len(), m.modified().ok()))
        {
            return;
        }
        let broken = self.sync.broken.is_some();
        match (meta, known) {
            (Err(e), None) if e.kind() == std::io::ErrorKind::NotFound && !broken => return,
            (Ok(m), Some(s))
                if m.is_file() && s.modified.is_some() && m.len() == s.size && m.modified().ok() == s.modified =>
            {
                return;
            }
            _ => {}
        }
        match (self.store.stamp(&id), known) {
            (Ok(Some(now)), Some(s)) if now.same_content(s) => {
                // Touched, not changed: remember the new time so the next check is cheap.
                self.sync.stamp = Some(now);
                return;
            }
            (Ok(None), None) if !broken => return,
            _ => {}
        }
        let name = short_name(self, &id);
        self.sync.conflict = Some(format!("{name} changed on disk; reloading it"));
        self.merge_from_disk(TICK_WAIT);
    }

    /// Reads the open article's file as it is now and puts the unsaved edits on top
    /// (see the module's notes). Holds the folder's lock from the read to the write;
    /// when another writer holds it longer than `wait`, tries again on the next check.
    fn merge_from_disk(&mut self, wait: Duration) {
        let Some(doc) = &self.doc else { return };
        let id = doc.id.clone();
        let name = short_name(self, &id);
        let _ = std::fs::create_dir_all(&self.store.dir);
        let _lock = match crate::lock::lock_with_timeout(&self.store.dir, wait) {
            Ok(l) => l,
            Err(e) => {
                self.sync.conflict = Some(format!(
                    "{name} changed on disk; not saved, waiting for the other writer to finish ({e})"
                ));
                return;
            }
        };
        let article = Article {
            id: id.clone(),
            path: doc.path.clone(),
            text: doc.text.as_str().to_string(),
            sha256: doc.ann.text_sha256.clone(),
        };
        let opened = self.store.open(&article, &doc.text);
        let opened = match opened {
            Ok(o) => o,
            Err(e) => {
                // Never written over; the analyst's version stays in memory and on screen.
                let stamp = self.store.stamp(&id).ok().flatten();
                let copy = self.keep_unsaved_copy().map(|c| format!(" ({c})")).unwrap_or_default();
                let banner = format!(
                    "{e}\n{name} changed on disk and no longer loads: it is not overwritten. Your unsaved \
                     edits are kept here{copy} and put on top once the file loads again (fix it, or restore \
                     it with git)."
                );
                let doc = self.doc.as_mut().expect("open");
                doc.read_only = Some(banner);
                self.sync.seen = self
                    .store
                    .path_for(&id)
                    .ok()
                    .and_then(|p| std::fs::metadata(p).ok())
                    .map(|m| (m.len(), m.modified().ok()));
                self.sync.stamp = stamp;
                self.sync.conflict = None;
                self.sync.broken = Some(format!("{name} is broken on disk ({e}); nothing written"));
                self.message = Some(format!(
                    "{name} changed on disk and no longer loads ({e}): not overwritten, the article is read-only"
                ));
                return;
            }
        };
        let theirs = opened.annotations;
        let base = self.sync.base.clone().unwrap_or_else(|| theirs.clone());
        let doc = self.doc.as_mut().expect("open");
        let (edit, skipped) = crate::model::rebase(&base, &doc.ann, &theirs);
        let mut merged = theirs.clone();
        let undo = match merged.apply(edit.clone()) {
            Ok(u) => Some(u),
            Err(e) => {
                // Not expected (rebase only gives edits that apply): keep the file as it is.
                merged = theirs.clone();
                self.message = Some(format!("{name}: your unsaved edits could not be put on top: {e}"));
                None
            }
        };
        let any = undo.as_ref().is_some_and(|u| *u != Edit::Batch(Vec::new()));
        let (n, what) = describe(&edit);
        // Write the merge while the lock is held, so nobody writes in between.
        let written = if any || opened.reanchored.is_some() {
            Some(self.store.save_if_unchanged(&merged, opened.stamp.as_ref()))
        } else {
            None
        };
        let id_for_hist = doc.id.clone();
        doc.ann = merged.clone();
        doc.read_only = None;
        let h = self.histories.entry(id_for_hist).or_default();
        h.undo.clear();
        h.redo.clear();
        if any && let Some(u) = undo {
            h.undo.push(u);
        }
        self.sync.conflict = None;
        self.sync.broken = None;
        self.sync.seen = None;
        if let Some(copy) = self.sync.copy.take()
            && !matches!(written, Some(Err(_)))
        {
            // Merged and written: the copy has served.
            let _ = std::fs::remove_file(copy);
        }
        match &written {
            Some(Ok(stamp)) => {
                self.sync.base = Some(merged.clone());
                self.sync.stamp = Some(stamp.clone());
            }
            None => {
                self.sync.base = Some(merged.clone());
                self.sync.stamp = opened.stamp.clone();
            }
            Some(Err(_)) => {
                // The saver tries again and shows why it fails.
                self.sync.base = Some(theirs);
                self.sync.stamp = opened.stamp.clone();
            }
        }
        self.saver.track(&id, self.sync.stamp.clone());
        if matches!(written, Some(Err(_))) {
            self.saver.save(&self.store, &merged);
        }
        let what_happened = if opened.existed {
            "changed on disk"
        } else {
            "was removed from disk"
        };
        let mut m = format!("{name} {what_happened} (another writer): reloaded");
        if any {
            m.push_str(&format!(
                ", your {} kept on top ({what}; Undo takes them off)",
                crate::commands::count(n, "unsaved edit")
            ));
        } else {
            m.push_str(" (you had no unsaved edits)");
        }
        if !skipped.is_empty() {
            m.push_str(&format!(
                "; {} no longer applied: {}",
                skipped.len(),
                skipped.join("; ")
            ));
        }
        if let Some(Err(e)) = &written {
            m.push_str(&format!("; not saved yet: {e}"));
        }
        self.after_reload();
        self.message = Some(m);
    }

    /// The open article's annotations were replaced: the view, the list, the engine.
    fn after_reload(&mut self) {
        let Some(doc) = self.doc.as_mut() else { return };
        doc.version = super::doc::next_version();
        if let Some(e) = &self.engine {
            e.learn(&doc.text, &doc.ann);
        }
        if let Some(info) = self.rows.get_mut(doc.index).and_then(|r| r.info.as_mut()) {
            info.counts = doc.ann.counts();
            info.status = doc.ann.status;
        }
        if let Some(id) = self.cursor.selected_span
            && doc.ann.span(id).is_none()
        {
            self.cursor.selected_span = None;
        }
        self.cursor.picking_speaker = None;
        self.out.edited = true;
        self.request_suggestions();
    }
}

impl Session {
    /// The open article's file did not load when it was opened: watch it, so that once
    /// it is fixed on disk it is loaded (the article stays read-only until then).
    pub(super) fn watch_broken(&mut self) {
        let Some(doc) = &self.doc else { return };
        let name = short_name(self, &doc.id);
        let path = self.store.path_for(&doc.id).ok();
        self.sync = DiskSync {
            watching: true,
            base: Some(doc.ann.clone()),
            stamp: self.store.stamp(&doc.id).ok().flatten(),
            conflict: None,
            broken: Some(format!("{name} does not load; nothing written (see the banner)")),
            copy: None,
            seen: path
                .and_then(|p| std::fs::metadata(p).ok())
                .map(|m| (m.len(), m.modified().ok())),
        };
    }

    /// After a flush: a change on disk that could not be merged (another writer held
    /// the folder all along) leaves a copy of the analyst's version, named in the status.
    pub(super) fn unmerged_on_flush(&mut self) {
        if self.sync.conflict.is_some()
            && let Some(c) = self.keep_unsaved_copy()
        {
            self.message = Some(format!(
                "Not saved: the file changed on disk and could not be merged yet; {c}"
            ));
        }
    }
}
