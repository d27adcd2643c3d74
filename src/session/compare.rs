//! Per-article agreement for the article list: two (or more) analysts' folders
//! compared with `agree`'s per-article figures, so the weakest articles can be
//! reviewed first. No egui here.
//!
//! The figures are computed on a worker thread ([`AgreementJob`]): reading two
//! folders of a thousand files must not freeze the window.

use super::{Session, Wake};
use crate::agree;
use crate::agree::load::load_team;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, channel};
use std::time::Duration;

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

/// The analysts' folders an adjudication in `out` came from (named in its
/// `adjudication.json`), when they are still there.
pub fn adjudication_dirs(out: &Path) -> Option<Vec<PathBuf>> {
    let text = std::fs::read_to_string(out.join(crate::adjudicate::SOURCES_FILE)).ok()?;
    let v: serde_json::Value = serde_json::from_str(&text).ok()?;
    let dirs: Vec<PathBuf> = v["analysts"]
        .as_array()?
        .iter()
        .filter_map(|a| a["dir"].as_str().map(PathBuf::from))
        .collect();
    (dirs.len() >= 2 && dirs.iter().all(|d| d.is_dir())).then_some(dirs)
}

/// The agreement of the analysts an adjudication in `out` came from (see
/// [`adjudication_dirs`]), computed here and now.
pub fn from_adjudication(out: &Path, corpus: &[PathBuf]) -> Option<Agreement> {
    Agreement::compute(&adjudication_dirs(out)?, corpus).ok()
}

/// Agreement computed on a worker thread.
pub struct AgreementJob {
    rx: Receiver<Result<Agreement, String>>,
}

impl AgreementJob {
    pub fn start(dirs: Vec<PathBuf>, corpus: Vec<PathBuf>, wake: Wake) -> AgreementJob {
        let (tx, rx) = channel();
        let spawned = std::thread::Builder::new()
            .name("spanbench-agreement".into())
            .spawn(move || {
                let _ = tx.send(Agreement::compute(&dirs, &corpus));
                wake();
            });
        if let Err(e) = spawned {
            let (tx, rx2) = channel();
            let _ = tx.send(Err(format!("cannot start a thread: {e}")));
            return AgreementJob { rx: rx2 };
        }
        AgreementJob { rx }
    }
}

impl Session {
    /// Starts comparing `dirs` (the list shows the figures when they arrive).
    pub(super) fn start_agreement(&mut self, dirs: Vec<PathBuf>) {
        self.agreement_job = Some(AgreementJob::start(dirs, self.paths.corpus.clone(), self.wake.clone()));
    }

    /// Takes the figures once computed (called from `poll`); `wait` blocks up to 30 s.
    pub(super) fn poll_agreement(&mut self, wait: bool) {
        let Some(job) = &self.agreement_job else { return };
        let got = if wait {
            job.rx.recv_timeout(Duration::from_secs(30)).ok()
        } else {
            job.rx.try_recv().ok()
        };
        match got {
            Some(Ok(a)) => self.agreement = Some(a),
            Some(Err(e)) => self.say(format!("Cannot compare: {e}")),
            None => return,
        }
        self.agreement_job = None;
    }

    /// Waits until the agreement asked for is computed (tests); false when none came.
    pub fn wait_for_agreement(&mut self) -> bool {
        self.poll_agreement(true);
        self.agreement.is_some()
    }
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
