//! Per-article agreement for the article list: two (or more) analysts' folders
//! compared with `agree`'s per-article figures, so the weakest articles can be
//! reviewed first. No egui here.

use crate::agree;
use crate::agree::load::load_team;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// One article's agreement.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct ArticleAgreement {
    /// Unitizing alpha over every label (`None`: undefined, no spans at all).
    pub alpha: Option<f64>,
    /// Pairwise span F1 over every label.
    pub f1: Option<f64>,
}

impl ArticleAgreement {
    /// What the list sorts on: alpha, else F1; an undefined figure (nobody tagged
    /// anything) sorts as full agreement.
    pub fn key(&self) -> f64 {
        self.alpha.or(self.f1).unwrap_or(1.0)
    }
}

/// Agreement between analysts' folders, per article.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Agreement {
    pub analysts: Vec<String>,
    pub dirs: Vec<PathBuf>,
    pub by_article: HashMap<String, ArticleAgreement>,
}

impl Agreement {
    /// Compares the folders (on the corpus, to re-anchor and measure the articles).
    pub fn compute(dirs: &[PathBuf], corpus: &[PathBuf]) -> Result<Agreement, String> {
        let team = load_team(dirs, corpus)?;
        let report = agree::agree(&team);
        Ok(Agreement {
            analysts: report.analysts.clone(),
            dirs: dirs.to_vec(),
            by_article: report
                .articles
                .iter()
                .map(|a| {
                    (
                        a.article.clone(),
                        ArticleAgreement {
                            alpha: a.overall.alpha,
                            f1: a.overall.f1,
                        },
                    )
                })
                .collect(),
        })
    }

    pub fn get(&self, article: &str) -> Option<&ArticleAgreement> {
        self.by_article.get(article)
    }

    /// Row indices ordered weakest agreement first; articles not compared go last, in
    /// their own order.
    pub fn weakest_first(&self, ids: &[&str]) -> Vec<usize> {
        let mut order: Vec<usize> = (0..ids.len()).collect();
        order.sort_by(|&a, &b| {
            let ka = self.get(ids[a]).map(|x| x.key());
            let kb = self.get(ids[b]).map(|x| x.key());
            match (ka, kb) {
                (Some(x), Some(y)) => x.total_cmp(&y).then(a.cmp(&b)),
                (Some(_), None) => std::cmp::Ordering::Less,
                (None, Some(_)) => std::cmp::Ordering::Greater,
                (None, None) => a.cmp(&b),
            }
        });
        order
    }
}

/// The agreement of the analysts an adjudication in `out` came from (named in its
/// `adjudication.json`), when their folders are still there.
pub fn from_adjudication(out: &Path, corpus: &[PathBuf]) -> Option<Agreement> {
    let text = std::fs::read_to_string(out.join(crate::adjudicate::SOURCES_FILE)).ok()?;
    let v: serde_json::Value = serde_json::from_str(&text).ok()?;
    let dirs: Vec<PathBuf> = v["analysts"]
        .as_array()?
        .iter()
        .filter_map(|a| a["dir"].as_str().map(PathBuf::from))
        .collect();
    Agreement::compute(&dirs, corpus).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weakest_first_puts_low_agreement_first_and_uncompared_last() {
        let mut a = Agreement::default();
        let put = |a: &mut Agreement, id: &str, alpha: Option<f64>, f1: Option<f64>| {
            a.by_article.insert(id.into(), ArticleAgreement { alpha, f1 });
        };
        put(&mut a, "x", Some(0.9), Some(1.0));
        put(&mut a, "y", Some(-0.2), Some(0.0));
        put(&mut a, "z", None, None);
        put(&mut a, "w", None, Some(0.5));
        let ids = ["x", "lone", "y", "z", "w"];
        let order: Vec<&str> = a.weakest_first(&ids).into_iter().map(|i| ids[i]).collect();
        assert_eq!(order, vec!["y", "w", "x", "z", "lone"]);
    }
}
