//! The suggestion engine on any text: never a panic, every suggestion well formed, and
//! memory linear in the article's length (issue "Suggestions on any text").

use proptest::prelude::*;
use spanbench::model::Annotations;
use spanbench::suggest::{Engine, invariants};
use spanbench::text::TextIndex;
use std::path::{Path, PathBuf};
use std::process::Command;

const ERDOGAN: &str = "Turkish President Tayyip Erdoğan said the Russian air strikes on Syria had to stop and \
                       that Foreign Minister Mevlüt Çavuşoğlu would raise them in Moscow.";

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_spanbench"))
}

fn seeds() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("seeds")
}

fn suggest_checked(text: &str) -> Vec<spanbench::suggest::Suggestion> {
    let t = TextIndex::new(text);
    let sugg = Engine::new().suggest(&t, &Annotations::new("t", "t.txt", ""));
    if let Err(e) = invariants::check(&t, &sugg) {
        panic!("{e}\nin {text:?}");
    }
    sugg
}

#[test]
fn the_erdogan_line_gets_its_claim_and_names() {
    let sugg = suggest_checked(ERDOGAN);
    let t = TextIndex::new(ERDOGAN);
    let texts: Vec<(String, &str)> = sugg
        .iter()
        .map(|s| (s.label.to_string(), t.slice(s.start, s.end)))
        .collect();
    assert!(
        texts
            .iter()
            .any(|(l, s)| l == "CLAIM" && s.starts_with("the Russian air strikes")),
        "{texts:?}"
    );
    assert!(texts.iter().any(|(_, s)| *s == "Moscow"), "{texts:?}");
}

#[test]
fn the_erdogan_line_through_the_command_exits_0() {
    let d = tempfile::tempdir().unwrap();
    std::fs::write(d.path().join("erdogan.txt"), ERDOGAN).unwrap();
    let out = bin().arg("suggest").arg(d.path()).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let line = String::from_utf8(out.stdout).unwrap();
    let v: serde_json::Value = serde_json::from_str(line.trim()).unwrap();
    assert!(!v["spans"].as_array().unwrap().is_empty());
}

/// Inserts `q` before every 7th char.
fn every_7th(text: &str, quotes: &[char]) -> String {
    let mut out = String::with_capacity(text.len() * 2);
    for (i, c) in text.chars().enumerate() {
        if i % 7 == 0 {
            out.push(quotes[(i / 7) % quotes.len()]);
        }
        out.push(c);
    }
    out
}

#[test]
fn seeds_with_a_curly_quote_at_every_7th_char_suggest_and_exit_0() {
    let d = tempfile::tempdir().unwrap();
    let mut n = 0;
    for e in std::fs::read_dir(seeds()).unwrap() {
        let p = e.unwrap().path();
        let text = std::fs::read_to_string(&p).unwrap();
        let mangled = every_7th(&text, &['“', '”', '’', '‘', '—', 'ğ']);
        suggest_checked(&mangled);
        std::fs::write(d.path().join(p.file_name().unwrap()), mangled).unwrap();
        n += 1;
    }
    let out = bin().arg("suggest").arg(d.path()).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(String::from_utf8(out.stdout).unwrap().lines().count(), n);
}

#[test]
fn texts_without_sentence_ends_or_newlines_suggest() {
    let seed = std::fs::read_to_string(seeds().join("002_bb8b3b49fe888184.txt")).unwrap();
    let flat = seed.repeat(4).replace(['.', '\n', '!', '?'], " ");
    suggest_checked(&flat);
    suggest_checked(&"“".repeat(5000));
    suggest_checked(&"Erdoğan said ".repeat(2000));
}

/// Pieces that the rules look at: names, titles, verbs, quotes of every kind, dashes,
/// Turkish and Cyrillic letters, whitespace.
fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(vec![
            "Erdoğan",
            "Çavuşoğlu",
            "İstanbul",
            "Moscow",
            "Syria",
            "Russia’s",
            "Lavrov",
            "President",
            "Foreign",
            "Minister",
            "said",
            "told",
            "reporters",
            "according",
            "to",
            "that",
            "the",
            "he",
            "she",
            "they",
            "Mr.",
            "U.S.",
            "al-Assad",
            "Москва",
            "Путин",
            "заявил",
            "“",
            "”",
            "‘",
            "’",
            "\"",
            "'",
            "«",
            "»",
            "„",
            "''",
            "``",
            "—",
            "–",
            "-",
            ",",
            ".",
            ":",
            "(",
            ")",
            "\n",
            "\n\n",
            " ",
            "\t",
            "\u{a0}",
            "\u{200b}",
        ])
        .prop_map(str::to_string),
        "[A-Za-zğüşöçıİĞÜŞÖÇДжЯ]{1,8}",
        any::<char>().prop_map(|c| c.to_string()),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn every_suggestion_is_well_formed_on_any_text(pieces in prop::collection::vec(piece(), 0..120), sep in prop::sample::select(vec![" ", "", "\n"])) {
        let text = pieces.join(sep);
        let t = TextIndex::new(text.as_str());
        let sugg = Engine::new().suggest(&t, &Annotations::new("t", "t.txt", ""));
        prop_assert!(invariants::check(&t, &sugg).is_ok(), "{:?} in {:?}", invariants::check(&t, &sugg), text);
    }

    #[test]
    fn arbitrary_strings_never_panic(text in any::<String>()) {
        let t = TextIndex::new(text.as_str());
        let sugg = Engine::new().suggest(&t, &Annotations::new("t", "t.txt", ""));
        prop_assert!(invariants::check(&t, &sugg).is_ok(), "{:?}", invariants::check(&t, &sugg));
    }
}

/// The peak memory `suggest --stats` reports, in MB.
fn peak_mb(dir: &Path) -> f64 {
    let out = bin().args(["suggest", "--stats"]).arg(dir).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let err = String::from_utf8(out.stderr).unwrap();
    let tail = err.rsplit("peak memory ").next().unwrap();
    tail.split_whitespace()
        .next()
        .unwrap()
        .parse()
        .unwrap_or_else(|_| panic!("{err}"))
}

#[test]
#[cfg(target_os = "linux")]
fn an_8_mb_article_suggests_in_under_300_mb() {
    let seed: String = std::fs::read_dir(seeds())
        .unwrap()
        .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap() + "\n\n")
        .collect();
    let n = 8 * 1024 * 1024;
    let mut text = seed.repeat(n / seed.len() + 1);
    let cut = text.floor_char_boundary(n);
    text.truncate(cut);
    let d = tempfile::tempdir().unwrap();
    std::fs::write(d.path().join("big.txt"), &text).unwrap();
    let mb = peak_mb(d.path());
    assert!(mb < 300.0, "peak memory {mb} MB for an 8 MB article");
}

/// What the fuzz target does after its first check: accept the first suggestions, learn
/// from them, suggest again on another article.
fn learn_then_suggest_checked(text: &str) {
    let t = TextIndex::new(text);
    let ann = Annotations::new("t", "t.txt", "");
    let mut engine = Engine::new();
    let sugg = engine.suggest(&t, &ann);
    let mut taught = ann.clone();
    if let Some(edit) = spanbench::suggest::accept_edit(&ann, &t, &sugg.iter().take(8).collect::<Vec<_>>()) {
        taught.apply(edit).unwrap();
    }
    engine.learn(&t, &taught);
    let again = engine.suggest(&t, &Annotations::new("other", "o.txt", ""));
    if let Err(e) = invariants::check(&t, &again) {
        panic!("after learning: {e}\nin {text:?}");
    }
}

#[test]
fn fuzz_crash_a_learned_actor_replaces_a_claims_speaker() {
    // tests/fuzz/corpus/engine_suggest/regression-speaker-after-learning (first byte: mode).
    let data = include_bytes!("fuzz/corpus/engine_suggest/regression-speaker-after-learning");
    learn_then_suggest_checked(&String::from_utf8_lossy(&data[1..]));
}

#[test]
fn learning_from_the_seeds_keeps_every_suggestion_well_formed() {
    for e in std::fs::read_dir(seeds()).unwrap() {
        learn_then_suggest_checked(&std::fs::read_to_string(e.unwrap().path()).unwrap());
    }
}
