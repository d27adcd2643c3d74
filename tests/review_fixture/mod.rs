//! Two analysts' folders on a two-article corpus, adjudicated into `out/`, for the
//! review tests (session and window).
#![allow(dead_code)]

use spanbench::model::{Annotations, Label, Origin};
use spanbench::store::Store;
use spanbench::text::TextIndex;
use std::path::PathBuf;

pub const A: &str = "Lavrov said the talks failed in Damascus.\n";
pub const B: &str = "Kerry spoke in Geneva.\n";

pub struct Fixture {
    pub _dir: tempfile::TempDir,
    pub corpus: PathBuf,
    pub ann: PathBuf,
    pub bob: PathBuf,
    pub out: PathBuf,
}

pub fn file(id: &str, text: &str, spans: &[(Label, usize, usize)]) -> Annotations {
    let t = TextIndex::new(text);
    let sha = spanbench::text::sha256_hex(text);
    let mut a = Annotations::new(id, format!("{id}.txt"), sha);
    for &(l, s, e) in spans {
        let sp = a.new_span(&t, l, s, e, Origin::Manual).unwrap();
        a.apply(spanbench::model::Edit::AddSpan(sp)).unwrap();
    }
    a
}

/// Queue (sorted): a 12..28 CLAIM only ann made; a 32..40 LOCATION (ann) vs ACTOR
/// (bob); b 0..5 ACTOR only ann made. Agreed: ACTOR "Lavrov" 0..6.
pub fn fixture() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    std::fs::create_dir_all(&corpus).unwrap();
    std::fs::write(corpus.join("a.txt"), A).unwrap();
    std::fs::write(corpus.join("b.txt"), B).unwrap();
    let ann = dir.path().join("ann");
    let bob = dir.path().join("bob");
    let sa = Store::new(&ann);
    sa.save(&file(
        "a",
        A,
        &[(Label::Actor, 0, 6), (Label::Claim, 12, 28), (Label::Location, 32, 40)],
    ))
    .unwrap();
    sa.save(&file("b", B, &[(Label::Actor, 0, 5)])).unwrap();
    let sb = Store::new(&bob);
    sb.save(&file("a", A, &[(Label::Actor, 0, 6), (Label::Actor, 32, 40)]))
        .unwrap();
    sb.save(&file("b", B, &[])).unwrap();
    let out = dir.path().join("out");
    let code = spanbench::adjudicate::cli_adjudicate(&[ann.clone(), bob.clone()], std::slice::from_ref(&corpus), &out);
    assert_eq!(code, 0);
    Fixture {
        _dir: dir,
        corpus,
        ann,
        bob,
        out,
    }
}

impl Fixture {
    /// The file of `id` in the review folder, as on disk.
    pub fn saved(&self, id: &str) -> Annotations {
        Store::new(&self.out).read(id).unwrap().unwrap()
    }

    /// (label, start, end, origin) of the saved spans of `id`.
    pub fn spans(&self, id: &str) -> Vec<(Label, usize, usize, Origin)> {
        self.saved(id)
            .spans
            .iter()
            .map(|s| (s.label, s.start, s.end, s.origin.clone()))
            .collect()
    }

    /// Lines of a queue file in the review folder.
    pub fn lines(&self, name: &str) -> usize {
        std::fs::read_to_string(self.out.join(name))
            .unwrap_or_default()
            .lines()
            .filter(|l| !l.trim().is_empty())
            .count()
    }
}

pub fn agreed() -> Origin {
    Origin::Agreed(vec!["ann".into(), "bob".into()])
}

pub fn adj(who: &[&str]) -> Origin {
    Origin::Adjudicated(who.iter().map(|s| s.to_string()).collect())
}
