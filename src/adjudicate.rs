//! Adjudication (`spanbench adjudicate DIR DIR... -o OUT`): what every analyst agrees on
//! is accepted, everything else goes to a review queue. Nothing that only some analysts
//! made is accepted.
//!
//! For each article that every folder has, `OUT/<article>.ron` gets:
//! - every span (label, start, end) that all analysts made, with origin
//!   `Agreed([their names])`;
//! - every SAID_BY relation that all analysts made (both its ends are then agreed spans);
//! - status `Done` when nothing about the article is queued, `InProgress` otherwise.
//!
//! `OUT/adjudication.json` names the analysts and their folders.
//! `OUT/review.jsonl` gets one line per disagreement:
//! `{"article", "kind", "start", "end", "versions": [{"analyst", "spans": [...]}]}`
//! with every analyst's version (an empty list for an analyst who made nothing there).
//! The kinds:
//! - `"label"`: the same range with different labels ("two labels for one span");
//! - `"boundaries"`: overlapping spans of one label with different ranges ("two
//!   boundaries for one name");
//! - `"partial"`: a span only some analysts made;
//! - `"speaker"`: a claim all made, linked to different speakers;
//! - `"article"`: an article only some folders have (none of its spans is accepted).
//!
//! Non-agreed spans are grouped: two are in one item when they share a range or have the
//! same label and overlap. Files are written with the store's atomic writer.

use crate::agree::load::{self, Team};
use crate::model::{Annotations, Label, Origin, Relation, RelationKind, Span, Status};
use crate::store::{Store, write_atomic};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The file in OUT naming the analysts' folders (`{"analysts": [{"name", "dir"}]}`).
pub const SOURCES_FILE: &str = "adjudication.json";

/// (label, start, end): a span as analysts are compared on it.
type Key = (Label, usize, usize);

/// One span in an analyst's version of a disagreement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VersionSpan {
    pub label: String,
    pub start: usize,
    pub end: usize,
    pub text: String,
    /// For a claim: the texts and ranges of its speakers.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub speakers: Vec<Speaker>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Speaker {
    pub start: usize,
    pub end: usize,
    pub text: String,
}

/// One analyst's version of a disagreement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Version {
    pub analyst: String,
    pub spans: Vec<VersionSpan>,
}

/// One disagreement to review.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewItem {
    pub article: String,
    pub kind: String,
    pub start: usize,
    pub end: usize,
    pub versions: Vec<Version>,
}

/// What adjudication produces: the agreed files and the queue.
#[derive(Debug, Clone, Default)]
pub struct Outcome {
    pub files: Vec<Annotations>,
    pub queue: Vec<ReviewItem>,
}

fn key(s: &Span) -> Key {
    (s.label, s.start, s.end)
}

fn version_span(ann: &Annotations, s: &Span) -> VersionSpan {
    let mut speakers: Vec<Speaker> = ann
        .speakers_of(s.id)
        .filter_map(|id| ann.span(id))
        .map(|sp| Speaker {
            start: sp.start,
            end: sp.end,
            text: sp.text.clone(),
        })
        .collect();
    speakers.sort_by_key(|sp| (sp.start, sp.end));
    VersionSpan {
        label: s.label.upper().to_string(),
        start: s.start,
        end: s.end,
        text: s.text.clone(),
        speakers,
    }
}

/// The SAID_BY relations of a file, by the keys of their ends.
fn relation_keys(ann: &Annotations) -> BTreeSet<(Key, Key)> {
    ann.relations
        .iter()
        .filter(|r| r.kind == RelationKind::SaidBy)
        .filter_map(|r| Some((key(ann.span(r.claim)?), key(ann.span(r.speaker)?))))
        .collect()
}

/// Whether two non-agreed spans belong in one review item.
fn related(a: &Key, b: &Key) -> bool {
    (a.1 == b.1 && a.2 == b.2) || (a.0 == b.0 && a.1 < b.2 && b.1 < a.2)
}

/// Groups keys into connected components of [`related`] (keys sorted by start, so a
/// sweep keeps the comparisons near).
fn components(keys: &[Key]) -> Vec<Vec<Key>> {
    let mut parent: Vec<usize> = (0..keys.len()).collect();
    fn root(p: &mut [usize], mut i: usize) -> usize {
        while p[i] != i {
            p[i] = p[p[i]];
            i = p[i];
        }
        i
    }
    let mut order: Vec<usize> = (0..keys.len()).collect();
    order.sort_by_key(|&i| (keys[i].1, keys[i].2));
    for (n, &i) in order.iter().enumerate() {
        for &j in &order[n + 1..] {
            if keys[j].1 >= keys[i].2 {
                break;
            }
            if related(&keys[i], &keys[j]) {
                let (a, b) = (root(&mut parent, i), root(&mut parent, j));
                parent[a] = b;
            }
        }
    }
    let mut groups: BTreeMap<usize, Vec<Key>> = BTreeMap::new();
    for (i, k) in keys.iter().enumerate() {
        let r = root(&mut parent, i);
        groups.entry(r).or_default().push(*k);
    }
    let mut out: Vec<Vec<Key>> = groups.into_values().collect();
    for g in &mut out {
        g.sort_by_key(|k| (k.1, k.2, k.0));
    }
    out.sort_by_key(|g| (g[0].1, g[0].2, g[0].0));
    out
}

fn kind_of(group: &[Key]) -> &'static str {
    let ranges: BTreeSet<(usize, usize)> = group.iter().map(|k| (k.1, k.2)).collect();
    if ranges.len() < group.len() {
        "label"
    } else if ranges.len() > 1 {
        "boundaries"
    } else {
        "partial"
    }
}

/// Adjudicates one article that every analyst has.
fn article(team: &Team, id: &str, queue: &mut Vec<ReviewItem>) -> Annotations {
    let names: Vec<String> = team.analysts.iter().map(|a| a.name.clone()).collect();
    let docs: Vec<&Annotations> = team.analysts.iter().map(|a| &a.docs[id]).collect();
    let first = docs[0];
    let mut out = Annotations::new(id, first.source.clone(), first.text_sha256.clone());
    let sets: Vec<BTreeSet<Key>> = docs.iter().map(|d| d.spans.iter().map(key).collect()).collect();
    let agreed: BTreeSet<Key> = sets[0]
        .iter()
        .filter(|k| sets.iter().all(|s| s.contains(k)))
        .copied()
        .collect();
    let mut ids: BTreeMap<Key, u32> = BTreeMap::new();
    for s in first.spans.iter().filter(|s| agreed.contains(&key(s))) {
        let id = out.spans.len() as u32 + 1;
        ids.insert(key(s), id);
        out.spans.push(Span {
            id,
            origin: Origin::Agreed(names.clone()),
            ..s.clone()
        });
    }
    let rels: Vec<BTreeSet<(Key, Key)>> = docs.iter().map(|d| relation_keys(d)).collect();
    for (c, sp) in rels[0].iter().filter(|r| rels.iter().all(|s| s.contains(r))) {
        if let (Some(&ci), Some(&si)) = (ids.get(c), ids.get(sp)) {
            out.relations.push(Relation::said_by(ci, si));
        }
    }
    let before = queue.len();
    // Spans not everyone made, grouped.
    let others: BTreeSet<Key> = sets.iter().flatten().filter(|k| !agreed.contains(k)).copied().collect();
    let others: Vec<Key> = others.into_iter().collect();
    for group in components(&others) {
        let members: BTreeSet<Key> = group.iter().copied().collect();
        queue.push(ReviewItem {
            article: id.to_string(),
            kind: kind_of(&group).to_string(),
            start: group.iter().map(|k| k.1).min().unwrap_or(0),
            end: group.iter().map(|k| k.2).max().unwrap_or(0),
            versions: team
                .analysts
                .iter()
                .zip(&docs)
                .map(|(a, d)| Version {
                    analyst: a.name.clone(),
                    spans: d
                        .spans
                        .iter()
                        .filter(|s| members.contains(&key(s)))
                        .map(|s| version_span(d, s))
                        .collect(),
                })
                .collect(),
        });
    }
    // Agreed claims with different speakers.
    for c in agreed.iter().filter(|k| k.0 == Label::Claim) {
        let speakers: Vec<BTreeSet<Key>> = rels
            .iter()
            .map(|r| r.iter().filter(|(cl, _)| cl == c).map(|(_, s)| *s).collect())
            .collect();
        if speakers.iter().all(|s| *s == speakers[0]) {
            continue;
        }
        queue.push(ReviewItem {
            article: id.to_string(),
            kind: "speaker".into(),
            start: c.1,
            end: c.2,
            versions: team
                .analysts
                .iter()
                .zip(&docs)
                .map(|(a, d)| Version {
                    analyst: a.name.clone(),
                    spans: d.find(c.0, c.1, c.2).map(|s| version_span(d, s)).into_iter().collect(),
                })
                .collect(),
        });
    }
    out.status = if queue.len() == before {
        Status::Done
    } else {
        Status::InProgress
    };
    out.normalize();
    out
}

/// Adjudicates a loaded team (nothing is written).
pub fn adjudicate(team: &Team) -> Outcome {
    let mut outcome = Outcome::default();
    for id in &team.common {
        let ann = article(team, id, &mut outcome.queue);
        outcome.files.push(ann);
    }
    for (id, _) in &team.partial {
        let versions: Vec<Version> = team
            .analysts
            .iter()
            .map(|a| Version {
                analyst: a.name.clone(),
                spans: a
                    .docs
                    .get(id)
                    .map(|d| d.spans.iter().map(|s| version_span(d, s)).collect())
                    .unwrap_or_default(),
            })
            .collect();
        let end = versions
            .iter()
            .flat_map(|v| v.spans.iter().map(|s| s.end))
            .max()
            .unwrap_or(0);
        outcome.queue.push(ReviewItem {
            article: id.clone(),
            kind: "article".into(),
            start: 0,
            end,
            versions,
        });
    }
    outcome
        .queue
        .sort_by(|a, b| (&a.article, a.start, a.end).cmp(&(&b.article, b.start, b.end)));
    outcome
}

/// The review queue as JSONL text.
pub fn queue_jsonl(queue: &[ReviewItem]) -> String {
    let mut s = String::new();
    for item in queue {
        s.push_str(&serde_json::to_string(item).expect("review items serialize"));
        s.push('\n');
    }
    s
}

fn same_folder(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(x), Ok(y)) => x == y,
        _ => a == b,
    }
}

/// `spanbench adjudicate DIR DIR... -o OUT`: exit code.
pub fn cli_adjudicate(dirs: &[PathBuf], corpus: &[PathBuf], out: &Path) -> i32 {
    if dirs.iter().any(|d| same_folder(d, out)) {
        eprintln!("{}: the output folder is one of the analysts' folders", out.display());
        return 2;
    }
    let team = match load::load_team(dirs, corpus) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("{e}");
            return 2;
        }
    };
    for p in &team.problems {
        eprintln!("skipped: {p}");
    }
    if let Err(e) = crate::fsio::refuse_protected(out, corpus) {
        eprintln!("{}: {e}", out.display());
        return 2;
    }
    let reviewed = out.join(crate::session::review::DONE_FILE);
    if std::fs::metadata(&reviewed).is_ok_and(|m| m.len() > 0) {
        eprintln!(
            "{}: this folder holds review decisions; adjudicating into it again would replace them. \
             Choose another -o, or move the folder away first",
            reviewed.display()
        );
        return 2;
    }
    let outcome = adjudicate(&team);
    let store = Store::new(out);
    // The output is an annotations folder: written under its writers' lock.
    let _lock = match store.lock() {
        Ok(l) => l,
        Err(e) => {
            eprintln!("{e}");
            return 1;
        }
    };
    for ann in &outcome.files {
        if let Err(e) = store.save(ann) {
            eprintln!("{e}");
            return 1;
        }
    }
    let review = out.join("review.jsonl");
    if let Err(e) =
        std::fs::create_dir_all(out).and_then(|_| write_atomic(&review, queue_jsonl(&outcome.queue).as_bytes()))
    {
        eprintln!("{}: cannot write: {e}", review.display());
        return 1;
    }
    // Where the analysts' folders are, for the review's per-article agreement.
    let sources = serde_json::json!({
        "analysts": team.analysts.iter().map(|a| serde_json::json!({
            "name": a.name,
            "dir": a.dir.canonicalize().unwrap_or_else(|_| a.dir.clone()),
        })).collect::<Vec<_>>(),
    });
    let sources_path = out.join(SOURCES_FILE);
    if let Err(e) = write_atomic(&sources_path, format!("{sources}\n").as_bytes()) {
        eprintln!("{}: cannot write: {e}", sources_path.display());
        return 1;
    }
    let written: BTreeSet<&str> = outcome.files.iter().map(|a| a.article.as_str()).collect();
    for id in store.ids() {
        if !written.contains(id.as_str()) {
            eprintln!(
                "note: {}/{id}.ron is not from this adjudication (left as it is)",
                out.display()
            );
        }
    }
    let spans: usize = outcome.files.iter().map(|a| a.spans.len()).sum();
    eprintln!(
        "{} articles adjudicated: {} agreed spans written to {}; {} disagreements to review in {}",
        outcome.files.len(),
        spans,
        out.display(),
        outcome.queue.len(),
        review.display()
    );
    if team.problems.is_empty() { 0 } else { 1 }
}
