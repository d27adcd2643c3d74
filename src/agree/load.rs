//! Loading a team: each analyst's annotations folder (one RON file per article, read
//! through the store), matched to the corpus so spans are re-anchored and validated
//! against the article text as `spanbench check` does.
//!
//! Articles present in only some folders are not compared: they are listed in
//! [`Team::partial`] (agree reports them, adjudicate queues them for review). A file
//! that does not load is reported in [`Team::problems`] and counts as absent.

use crate::corpus::{self, Article};
use crate::model::Annotations;
use crate::store::Store;
use crate::text::TextIndex;
use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;

/// One analyst: a name (the folder's name) and their annotations by article id.
#[derive(Debug, Clone)]
pub struct Analyst {
    pub name: String,
    pub dir: PathBuf,
    pub docs: BTreeMap<String, Annotations>,
}

/// Every analyst's work, ready to compare.
#[derive(Debug, Clone, Default)]
pub struct Team {
    pub analysts: Vec<Analyst>,
    /// Articles every analyst has, sorted.
    pub common: Vec<String>,
    /// Articles only some analysts have: (article, the analysts who have it).
    pub partial: Vec<(String, Vec<String>)>,
    /// The article's length in chars, from its text in the corpus; for an article not
    /// in the corpus, the largest span end any analyst has in it.
    pub lengths: HashMap<String, usize>,
    /// Common articles whose text was not found in the corpus.
    pub without_text: Vec<String>,
    /// Articles not in the corpus whose analysts' files name different texts
    /// (`text_sha256`): their offsets may not be comparable.
    pub mismatched: Vec<String>,
    /// Files that could not be read or do not fit their article, one line each.
    pub problems: Vec<String>,
}

/// Names for the folders: their last component, or the whole path when two folders
/// share a last component.
fn names(dirs: &[PathBuf]) -> Vec<String> {
    let short: Vec<String> = dirs
        .iter()
        .map(|d| {
            d.file_name()
                .map(|n| n.to_string_lossy().to_string())
                .unwrap_or_else(|| d.display().to_string())
        })
        .collect();
    short
        .iter()
        .zip(dirs)
        .map(|(s, d)| {
            if short.iter().filter(|x| *x == s).count() > 1 {
                d.display().to_string()
            } else {
                s.clone()
            }
        })
        .collect()
}

/// Loads the analysts' folders. Errs when a folder is missing or there are fewer than two.
pub fn load_team(dirs: &[PathBuf], corpus_paths: &[PathBuf]) -> Result<Team, String> {
    if dirs.len() < 2 {
        return Err("agreement needs at least two annotation folders".into());
    }
    for d in dirs {
        if !d.is_dir() {
            return Err(format!("{}: not a folder", d.display()));
        }
    }
    let (entries, _) = corpus::discover(corpus_paths);
    let by_id: HashMap<&str, &corpus::Entry> = entries.iter().map(|e| (e.id.as_str(), e)).collect();
    let mut team = Team::default();
    let mut texts: HashMap<String, Option<(Article, TextIndex)>> = HashMap::new();
    for (dir, name) in dirs.iter().zip(names(dirs)) {
        let store = Store::new(dir);
        let mut docs = BTreeMap::new();
        for id in store.ids() {
            let text = texts.entry(id.clone()).or_insert_with(|| {
                let a = by_id.get(id.as_str())?.read().ok()?;
                let t = TextIndex::new(a.text.clone());
                Some((a, t))
            });
            let loaded = match text {
                Some((article, t)) => store.open(article, t).map(|o| Some(o.annotations)),
                None => store.read(&id),
            };
            match loaded {
                Ok(Some(ann)) if ann.article == id => {
                    docs.insert(id, ann);
                }
                Ok(Some(ann)) => team.problems.push(format!(
                    "{}: the file says article {:?}, but its name says {id:?}",
                    dir.join(format!("{id}.ron")).display(),
                    ann.article
                )),
                Ok(None) => {}
                Err(e) => team.problems.push(e.to_string()),
            }
        }
        team.analysts.push(Analyst {
            name,
            dir: dir.clone(),
            docs,
        });
    }
    let mut all: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for a in &team.analysts {
        for id in a.docs.keys() {
            all.entry(id.as_str()).or_default().push(a.name.clone());
        }
    }
    let m = team.analysts.len();
    let mut common = Vec::new();
    let mut partial = Vec::new();
    for (id, who) in all {
        if who.len() == m {
            common.push(id.to_string());
        } else {
            partial.push((id.to_string(), who));
        }
    }
    for id in &common {
        let len = match texts.get(id) {
            Some(Some((_, t))) => t.len_chars(),
            _ => {
                team.without_text.push(id.clone());
                let hashes: std::collections::BTreeSet<&str> =
                    team.analysts.iter().map(|a| a.docs[id].text_sha256.as_str()).collect();
                if hashes.len() > 1 {
                    team.mismatched.push(id.clone());
                }
                team.analysts
                    .iter()
                    .flat_map(|a| a.docs[id].spans.iter().map(|s| s.end))
                    .max()
                    .unwrap_or(0)
            }
        };
        team.lengths.insert(id.clone(), len);
    }
    team.common = common;
    team.partial = partial;
    Ok(team)
}
