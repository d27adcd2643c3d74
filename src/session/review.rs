//! Review mode: the disagreements `spanbench adjudicate` queued in `OUT/review.jsonl`,
//! resolved one by one in the workbench. No egui here.
//!
//! Resolving an item (take analyst k's version, all versions, none, or keep the
//! article as edited by hand) is one edit of the article in OUT through
//! [`Session::edit`], so it lands on the article's undo history like any other edit;
//! a resolution that changes nothing pushes an empty step, so Ctrl+Z still brings the
//! item back. Spans taken get origin `Adjudicated(analysts who made exactly that span)`.
//! When the last open item of an article is resolved the article becomes `Reviewed`.
//!
//! On disk: `OUT/review.jsonl` keeps the open items (a resolved item leaves it), and
//! `OUT/reviewed.jsonl` the resolved ones with how and by whom. Both are rewritten after
//! the article's RON file is on disk, so a decision is never recorded as made before it
//! is saved.

use super::Session;
use crate::adjudicate::{ReviewItem, VersionSpan};
use crate::model::{Edit, Label, Origin, Relation, Status};
use crate::store::write_atomic;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// The open queue.
pub const QUEUE_FILE: &str = "review.jsonl";
/// The resolved items.
pub const DONE_FILE: &str = "reviewed.jsonl";

/// What the reviewer asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReviewAction {
    /// Take the version of analyst `k` (0-based, in the queue's order).
    Take(usize),
    /// Take every analyst's version (the union).
    All,
    /// Take nobody's version.
    Nothing,
    /// Resolve the item with the article as it is now (edited by hand).
    KeepEdited,
    Next,
    Prev,
    /// Go to item `i`.
    Goto(usize),
}

/// How an item was resolved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Resolution {
    Took(String),
    All,
    Nothing,
    Edited,
}

impl Resolution {
    pub fn describe(&self) -> String {
        match self {
            Resolution::Took(a) => format!("took {a}'s version"),
            Resolution::All => "took every version".into(),
            Resolution::Nothing => "took no version".into(),
            Resolution::Edited => "edited by hand".into(),
        }
    }
}

/// One line of `reviewed.jsonl`.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct DoneLine {
    resolution: Resolution,
    by: String,
    item: ReviewItem,
}

/// A resolution on the undo history: undoing the article's step `undo_len` brings the
/// item back.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Step {
    item: usize,
    article: String,
    /// The article's undo stack length right after the resolution.
    undo_len: usize,
    resolution: Resolution,
}

/// The review queue and where the reviewer is in it.
#[derive(Debug, Clone)]
pub struct Review {
    /// The adjudication's output folder (also the session's annotations folder).
    pub dir: PathBuf,
    /// Every item, open and resolved, sorted by article and place.
    pub items: Vec<ReviewItem>,
    /// How each item was resolved (`None`: still open).
    pub resolved: Vec<Option<Resolution>>,
    /// The item shown.
    pub current: usize,
    /// The analysts, in the order of every item's versions.
    pub analysts: Vec<String>,
    /// Who resolves (recorded in `reviewed.jsonl`).
    pub reviewer: String,
    journal: Vec<Step>,
    redo: Vec<Step>,
    /// Each item as its `review.jsonl` line (serialized once: a resolution only joins).
    lines: Vec<String>,
}

fn parse_jsonl<T: serde::de::DeserializeOwned>(path: &Path) -> Result<Vec<T>, String> {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(format!("{}: cannot read: {e}", path.display())),
    };
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let v = serde_json::from_str(line).map_err(|e| format!("{}:{}:{}: {e}", path.display(), n + 1, e.column()))?;
        out.push(v);
    }
    Ok(out)
}

fn item_key(i: &ReviewItem) -> (String, usize, usize, String) {
    (i.article.clone(), i.start, i.end, i.kind.clone())
}

impl Review {
    /// Loads `dir/review.jsonl` (and `dir/reviewed.jsonl` when there). A resolved item
    /// that is in the open queue again (adjudicate was run again) counts as open.
    pub fn load(dir: &Path) -> Result<Review, String> {
        let queue_path = dir.join(QUEUE_FILE);
        if !queue_path.is_file() && !dir.join(DONE_FILE).is_file() {
            return Err(format!(
                "{}: no review queue here (run `spanbench adjudicate DIR DIR... -o {}` first)",
                queue_path.display(),
                dir.display()
            ));
        }
        let open: Vec<ReviewItem> = parse_jsonl(&queue_path)?;
        let done: Vec<DoneLine> = parse_jsonl(&dir.join(DONE_FILE))?;
        let open_keys: BTreeSet<_> = open.iter().map(item_key).collect();
        let mut all: Vec<(ReviewItem, Option<Resolution>)> = done
            .into_iter()
            .filter(|d| !open_keys.contains(&item_key(&d.item)))
            .map(|d| (d.item, Some(d.resolution)))
            .collect();
        all.extend(open.into_iter().map(|i| (i, None)));
        all.sort_by(|a, b| (&a.0.article, a.0.start, a.0.end).cmp(&(&b.0.article, b.0.start, b.0.end)));
        let analysts = all
            .first()
            .map(|(i, _)| i.versions.iter().map(|v| v.analyst.clone()).collect())
            .unwrap_or_default();
        let (items, resolved): (Vec<_>, Vec<_>) = all.into_iter().unzip();
        let lines = items
            .iter()
            .map(|i| serde_json::to_string(i).map_err(|e| e.to_string()))
            .collect::<Result<Vec<_>, _>>()?;
        let reviewer = std::env::var("USER")
            .or_else(|_| std::env::var("USERNAME"))
            .unwrap_or_else(|_| "reviewer".into());
        let mut r = Review {
            dir: dir.to_path_buf(),
            items,
            resolved,
            current: 0,
            analysts,
            reviewer,
            journal: Vec::new(),
            redo: Vec::new(),
            lines,
        };
        r.current = r.next_open(0).unwrap_or(0);
        Ok(r)
    }

    pub fn total(&self) -> usize {
        self.items.len()
    }

    pub fn resolved_count(&self) -> usize {
        self.resolved.iter().filter(|r| r.is_some()).count()
    }

    /// "12 of 40 resolved".
    pub fn progress_text(&self) -> String {
        format!("{} of {} resolved", self.resolved_count(), self.total())
    }

    pub fn current_item(&self) -> Option<&ReviewItem> {
        self.items.get(self.current)
    }

    /// The first open item at or after `from` (wrapping around).
    fn next_open(&self, from: usize) -> Option<usize> {
        let n = self.items.len();
        (0..n).map(|k| (from + k) % n).find(|&i| self.resolved[i].is_none())
    }

    /// Whether article `id` still has open items.
    pub fn article_open(&self, id: &str) -> bool {
        self.items
            .iter()
            .zip(&self.resolved)
            .any(|(i, r)| r.is_none() && i.article == id)
    }

    /// Writes the open queue and the resolved items.
    fn write(&self) -> Result<(), String> {
        let mut open = String::new();
        let mut done = String::new();
        let by = serde_json::to_string(&self.reviewer).map_err(|e| e.to_string())?;
        for (line, r) in self.lines.iter().zip(&self.resolved) {
            match r {
                None => open.push_str(line),
                Some(r) => {
                    // The shape of DoneLine, from the item's line as it is.
                    let how = serde_json::to_string(r).map_err(|e| e.to_string())?;
                    done.push_str(&format!("{{\"resolution\":{how},\"by\":{by},\"item\":{line}}}"));
                }
            }
            if r.is_none() {
                open.push('\n');
            } else {
                done.push('\n');
            }
        }
        let q = self.dir.join(QUEUE_FILE);
        write_atomic(&q, open.as_bytes()).map_err(|e| format!("{}: cannot write: {e}", q.display()))?;
        let d = self.dir.join(DONE_FILE);
        write_atomic(&d, done.as_bytes()).map_err(|e| format!("{}: cannot write: {e}", d.display()))
    }
}

type Key = (Label, usize, usize);

fn vkey(s: &VersionSpan) -> Option<Key> {
    Some((Label::parse(&s.label)?, s.start, s.end))
}

impl Session {
    /// Starts reviewing the queue in `dir`: its RON files become the annotations
    /// folder, the first open item is shown.
    pub(super) fn open_review(&mut self, dir: PathBuf) {
        match Review::load(&dir) {
            Ok(r) => {
                if self.paths.annotations != dir {
                    self.set_annotations_dir(dir.clone());
                }
                let empty = r.items.is_empty();
                self.review = Some(r);
                if let Some(dirs) = super::compare::adjudication_dirs(&dir) {
                    self.start_agreement(dirs);
                }
                if empty {
                    self.say("The review queue is empty: nothing to review.");
                } else {
                    let cur = self.review.as_ref().map_or(0, |r| r.current);
                    self.review_goto(cur);
                }
            }
            Err(e) => self.say(format!("Cannot review: {e}")),
        }
    }

    pub(super) fn review_action(&mut self, a: ReviewAction) {
        let Some(r) = &self.review else {
            self.say("Not reviewing: File > Review adjudication... first");
            return;
        };
        let n = r.items.len();
        if n == 0 {
            self.say("The review queue is empty: nothing to review.");
            return;
        }
        let cur = r.current.min(n - 1);
        match a {
            ReviewAction::Next => self.review_goto((cur + 1) % n),
            ReviewAction::Prev => self.review_goto((cur + n - 1) % n),
            ReviewAction::Goto(i) => self.review_goto(i.min(n - 1)),
            ReviewAction::Take(k) => match r.analysts.get(k) {
                Some(name) => {
                    let name = name.clone();
                    self.resolve(Resolution::Took(name))
                }
                None => self.say(format!(
                    "There is no analyst {} (this queue has {})",
                    k + 1,
                    r.analysts.len()
                )),
            },
            ReviewAction::All => self.resolve(Resolution::All),
            ReviewAction::Nothing => self.resolve(Resolution::Nothing),
            ReviewAction::KeepEdited => self.resolve(Resolution::Edited),
        }
    }

    /// Shows item `i`: opens its article and scrolls to it.
    fn review_goto(&mut self, i: usize) {
        let Some(r) = self.review.as_mut() else { return };
        let Some(item) = r.items.get(i) else { return };
        r.current = i;
        let (article, start) = (item.article.clone(), item.start);
        let open_now = self.doc.as_ref().is_some_and(|d| d.id == article);
        if !open_now {
            match self.rows.iter().position(|row| row.entry.id == article) {
                Some(row) => self.open_article(row),
                None => {
                    self.say(format!(
                        "Article {article} is not in the corpus ({}): give its folder with --corpus",
                        self.paths
                            .corpus
                            .iter()
                            .map(|p| p.display().to_string())
                            .collect::<Vec<_>>()
                            .join(", ")
                    ));
                    return;
                }
            }
        }
        self.cursor.anchor = None;
        self.cursor.selected_span = None;
        self.cursor.caret = start;
        self.scroll_to(start);
    }

    fn undo_len(&self) -> usize {
        self.doc
            .as_ref()
            .and_then(|d| self.histories.get(&d.id))
            .map_or(0, |h| h.undo.len())
    }

    /// The edits that make the item's place in the article what `how` asks for.
    fn resolution_edits(&self, item: &ReviewItem, how: &Resolution) -> Result<Vec<Edit>, String> {
        let doc = self.doc.as_ref().ok_or("no article open")?;
        let chosen: Vec<&VersionSpan> = match how {
            Resolution::Took(name) => item
                .versions
                .iter()
                .filter(|v| &v.analyst == name)
                .flat_map(|v| &v.spans)
                .collect(),
            Resolution::All => item.versions.iter().flat_map(|v| &v.spans).collect(),
            Resolution::Nothing => Vec::new(),
            Resolution::Edited => return Ok(Vec::new()),
        };
        let mut edits = Vec::new();
        let ann = &doc.ann;
        if item.kind == "speaker" {
            // The claim is agreed (in the file); only its speakers differ.
            let Some(claim) = item
                .versions
                .iter()
                .flat_map(|v| &v.spans)
                .find_map(|s| vkey(s).and_then(|(l, a, b)| ann.find(l, a, b)))
            else {
                return Err(format!(
                    "the claim at {}..{} is not in the file any more",
                    item.start, item.end
                ));
            };
            let want: BTreeSet<(usize, usize)> = chosen
                .iter()
                .flat_map(|s| s.speakers.iter().map(|p| (p.start, p.end)))
                .collect();
            for sp in ann.speakers_of(claim.id).collect::<Vec<_>>() {
                if let Some(a) = ann.span(sp)
                    && !want.contains(&(a.start, a.end))
                {
                    edits.push(Edit::Unlink(Relation::said_by(claim.id, sp)));
                }
            }
            for (s, e) in want {
                match ann.find(Label::Actor, s, e) {
                    Some(a) => edits.push(Edit::Link(Relation::said_by(claim.id, a.id))),
                    None => return Err(format!("the speaker at {s}..{e} is not tagged as ACTOR in the file")),
                }
            }
            return Ok(edits);
        }
        let all: BTreeSet<Key> = item.versions.iter().flat_map(|v| &v.spans).filter_map(vkey).collect();
        let want: BTreeSet<Key> = chosen.iter().filter_map(|s| vkey(s)).collect();
        for s in &ann.spans {
            let k = (s.label, s.start, s.end);
            if all.contains(&k) && !want.contains(&k) {
                edits.push(Edit::RemoveSpan(s.id));
            }
        }
        let len = doc.text.len_chars();
        let mut next = ann.next_id();
        let mut placed: Vec<(Key, u32)> = Vec::new();
        for &(label, start, end) in &want {
            if let Some(s) = ann.find(label, start, end) {
                placed.push(((label, start, end), s.id));
                continue;
            }
            if start >= end || end > len {
                return Err(format!("{label} {start}..{end} is outside the article (length {len})"));
            }
            let text = doc.text.slice(start, end).to_string();
            let who: Vec<String> = item
                .versions
                .iter()
                .filter(|v| v.spans.iter().any(|s| vkey(s) == Some((label, start, end))))
                .map(|v| v.analyst.clone())
                .collect();
            edits.push(Edit::AddSpan(crate::model::Span {
                id: next,
                label,
                start,
                end,
                text,
                origin: Origin::Adjudicated(who),
            }));
            placed.push(((label, start, end), next));
            next += 1;
        }
        // Speakers of the claims taken, when their actor is in the file or taken too.
        for s in &chosen {
            let Some(k) = vkey(s) else { continue };
            if k.0 != Label::Claim {
                continue;
            }
            let Some(&(_, cid)) = placed.iter().find(|(pk, _)| *pk == k) else {
                continue;
            };
            for sp in &s.speakers {
                let actor = placed
                    .iter()
                    .find(|(pk, _)| *pk == (Label::Actor, sp.start, sp.end))
                    .map(|(_, id)| *id)
                    .or_else(|| ann.find(Label::Actor, sp.start, sp.end).map(|a| a.id));
                if let Some(aid) = actor {
                    let rel = Edit::Link(Relation::said_by(cid, aid));
                    if !edits.contains(&rel) {
                        edits.push(rel);
                    }
                }
            }
        }
        Ok(edits)
    }

    /// Resolves the current item as `how`: one undoable step, saved, the queue rewritten.
    fn resolve(&mut self, how: Resolution) {
        let Some(r) = &self.review else { return };
        let i = r.current;
        let Some(item) = r.items.get(i).cloned() else { return };
        if let Some(done) = &r.resolved[i] {
            self.say(format!(
                "Already resolved ({}): Ctrl+Z undoes it, N goes to the next open one",
                done.describe()
            ));
            return;
        }
        if self.doc.as_ref().is_none_or(|d| d.id != item.article) {
            self.review_goto(i);
            if self.doc.as_ref().is_none_or(|d| d.id != item.article) {
                return;
            }
        }
        if !self.editable() {
            self.say("This article is read-only: its file in the review folder is broken (see the banner)");
            return;
        }
        let mut edits = match self.resolution_edits(&item, &how) {
            Ok(e) => e,
            Err(e) => {
                self.say(format!("Not resolved: {e}"));
                return;
            }
        };
        let last_of_article = self.review.as_ref().is_some_and(|r| {
            r.items
                .iter()
                .enumerate()
                .all(|(j, it)| j == i || it.article != item.article || r.resolved[j].is_some())
        });
        if last_of_article {
            edits.push(Edit::SetStatus(Status::Reviewed));
        }
        let before = self.undo_len();
        if !self.edit(Edit::Batch(edits)) {
            return;
        }
        if self.undo_len() == before
            && let Some(d) = &self.doc
        {
            // Nothing changed: an empty step keeps the resolution undoable.
            let h = self.histories.entry(d.id.clone()).or_default();
            h.undo.push(Edit::Batch(Vec::new()));
            h.redo.clear();
        }
        let step = Step {
            item: i,
            article: item.article.clone(),
            undo_len: self.undo_len(),
            resolution: how.clone(),
        };
        let r = self.review.as_mut().expect("reviewing");
        r.resolved[i] = Some(how);
        r.journal.push(step);
        r.redo.clear();
        self.review_written();
        let next = self.review.as_ref().and_then(|r| r.next_open(i));
        match next {
            Some(j) => self.review_goto(j),
            None => self.say("Every disagreement is resolved."),
        }
    }

    /// After a change of the queue: the article's file first, then the queue files.
    fn review_written(&mut self) {
        self.flush();
        if let Some(e) = self.saver.last_error.clone() {
            self.say(format!("Not saved, the queue is left as it was: {e}"));
            return;
        }
        if let Some(Err(e)) = self.review.as_ref().map(|r| r.write()) {
            self.say(e);
        }
    }

    /// Undo / redo in the article's history; in review mode, a resolution undone
    /// brings its item back to the queue (and redo resolves it again).
    pub(super) fn undo_step(&mut self, redo: bool) {
        // A resolution moves on to the next item, often in another article: when the
        // open article has nothing to undo (redo), the last resolution is undone
        // (redone) in its own article.
        let (can_undo, can_redo) = self.can_undo_redo();
        let here = self.doc.as_ref().map(|d| d.id.clone());
        if let Some(r) = &self.review {
            let last = if redo { r.redo.last() } else { r.journal.last() };
            if let Some(step) = last
                && Some(&step.article) != here.as_ref()
                && !(if redo { can_redo } else { can_undo })
            {
                let item = step.item;
                self.review_goto(item);
            }
        }
        let before = self.undo_len();
        self.undo(redo);
        let after = self.undo_len();
        let Some(id) = self.doc.as_ref().map(|d| d.id.clone()) else {
            return;
        };
        let Some(r) = self.review.as_mut() else { return };
        let mut changed = None;
        if !redo && after + 1 == before {
            if let Some(j) = r.journal.iter().rposition(|s| s.article == id)
                && r.journal[j].undo_len == before
            {
                let s = r.journal.remove(j);
                r.resolved[s.item] = None;
                changed = Some(s.item);
                r.redo.push(s);
            }
        } else if redo
            && before + 1 == after
            && let Some(j) = r.redo.iter().rposition(|s| s.article == id)
            && r.redo[j].undo_len == after
        {
            let s = r.redo.remove(j);
            r.resolved[s.item] = Some(s.resolution.clone());
            changed = Some(s.item);
            r.journal.push(s);
        }
        if let Some(item) = changed {
            self.review_written();
            self.review_goto(item);
        }
    }

    /// A new edit of the open article: resolutions undone there can no longer be redone.
    pub(super) fn review_new_edit(&mut self) {
        let Some(id) = self.doc.as_ref().map(|d| d.id.clone()) else {
            return;
        };
        if let Some(r) = self.review.as_mut() {
            r.redo.retain(|s| s.article != id);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::adjudicate::{Speaker, Version};

    fn vs(label: &str, start: usize, end: usize, text: &str) -> VersionSpan {
        VersionSpan {
            label: label.into(),
            start,
            end,
            text: text.into(),
            speakers: Vec::new(),
        }
    }

    fn item(article: &str, start: usize, versions: Vec<(&str, Vec<VersionSpan>)>) -> ReviewItem {
        ReviewItem {
            article: article.into(),
            kind: "partial".into(),
            start,
            end: start + 5,
            versions: versions
                .into_iter()
                .map(|(a, spans)| Version {
                    analyst: a.into(),
                    spans,
                })
                .collect(),
        }
    }

    #[test]
    fn loads_open_and_resolved_items_and_counts_progress() {
        let dir = tempfile::tempdir().unwrap();
        let open = vec![item(
            "b",
            0,
            vec![("ann", vec![vs("ACTOR", 0, 5, "Kerry")]), ("bob", vec![])],
        )];
        std::fs::write(dir.path().join(QUEUE_FILE), crate::adjudicate::queue_jsonl(&open)).unwrap();
        let done = DoneLine {
            resolution: Resolution::Took("bob".into()),
            by: "eve".into(),
            item: item(
                "a",
                3,
                vec![("ann", vec![]), ("bob", vec![vs("ACTOR", 3, 8, "Moscow")])],
            ),
        };
        std::fs::write(
            dir.path().join(DONE_FILE),
            format!("{}\n", serde_json::to_string(&done).unwrap()),
        )
        .unwrap();
        let r = Review::load(dir.path()).unwrap();
        assert_eq!(r.total(), 2);
        assert_eq!(r.progress_text(), "1 of 2 resolved");
        assert_eq!(r.analysts, vec!["ann", "bob"]);
        // Sorted by article: "a" (resolved) first; the current one is the open one.
        assert_eq!(r.items[0].article, "a");
        assert_eq!(r.current, 1);
        assert!(r.article_open("b") && !r.article_open("a"));
    }

    #[test]
    fn an_item_queued_again_counts_as_open() {
        let dir = tempfile::tempdir().unwrap();
        let it = item("a", 0, vec![("ann", vec![vs("ACTOR", 0, 5, "Kerry")]), ("bob", vec![])]);
        std::fs::write(
            dir.path().join(QUEUE_FILE),
            crate::adjudicate::queue_jsonl(std::slice::from_ref(&it)),
        )
        .unwrap();
        let done = DoneLine {
            resolution: Resolution::Nothing,
            by: "eve".into(),
            item: it,
        };
        std::fs::write(dir.path().join(DONE_FILE), serde_json::to_string(&done).unwrap()).unwrap();
        let r = Review::load(dir.path()).unwrap();
        assert_eq!(r.progress_text(), "0 of 1 resolved");
    }

    #[test]
    fn a_broken_queue_line_is_named_by_file_line_and_column() {
        let dir = tempfile::tempdir().unwrap();
        let good = crate::adjudicate::queue_jsonl(&[item("a", 0, vec![("ann", vec![]), ("bob", vec![])])]);
        std::fs::write(dir.path().join(QUEUE_FILE), format!("{good}{{\"article\": 3}}\n")).unwrap();
        let e = Review::load(dir.path()).unwrap_err();
        assert!(e.contains("review.jsonl:2:"), "{e}");
        let empty = tempfile::tempdir().unwrap();
        assert!(Review::load(empty.path()).unwrap_err().contains("adjudicate"));
    }

    #[test]
    fn resolutions_serialize_with_speakers() {
        let mut s = vs("CLAIM", 0, 9, "it failed");
        s.speakers.push(Speaker {
            start: 10,
            end: 16,
            text: "Lavrov".into(),
        });
        let line = DoneLine {
            resolution: Resolution::All,
            by: "eve".into(),
            item: item("a", 0, vec![("ann", vec![s]), ("bob", vec![])]),
        };
        let text = serde_json::to_string(&line).unwrap();
        let back: DoneLine = serde_json::from_str(&text).unwrap();
        assert_eq!(back.item, line.item);
        assert_eq!(back.resolution, Resolution::All);
    }
}
