//! The suggestion engine on any text: arbitrary UTF-8, and seed text mutated with
//! multi-byte letters, quotes of every kind, dashes, long lines and no newlines. It never
//! panics, and every suggestion keeps the invariants of `suggest::invariants::check`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use spanbench::model::Annotations;
use spanbench::suggest::{Engine, invariants};
use spanbench::text::TextIndex;

const SEED: &str = include_str!("../../../seeds/002_bb8b3b49fe888184.txt");
const INSERTS: &[&str] = &[
    "“", "”", "‘", "’", "\"", "'", "«", "»", "„", "‚", "‹", "›", "''", "``", "—", "–", "-", "ğ", "ı", "İ", "ş",
    "Ç", "ö", "Д", "ж", "Я", "é", "ß", "\u{200b}", "\u{feff}", "\u{301}", "🙂", "中", "\n", "\n\n", " ", ".", ",",
    ":", "said", " said ", "according to ", "Erdoğan", "Mr.", "U.S.", "(", ")", "al-", "’s",
];

fn text_of(data: &[u8]) -> String {
    let Some((&mode, rest)) = data.split_first() else {
        return String::new();
    };
    if mode % 4 == 0 {
        return String::from_utf8_lossy(rest).into_owned();
    }
    // Seed text with insertions at positions the input chooses.
    let mut text: Vec<char> = SEED.chars().collect();
    for pair in rest.chunks(3) {
        let [a, b, c] = [pair[0], *pair.get(1).unwrap_or(&0), *pair.get(2).unwrap_or(&0)];
        let at = (u16::from_le_bytes([a, b]) as usize * text.len()) / 65536;
        let ins: Vec<char> = INSERTS[c as usize % INSERTS.len()].chars().collect();
        text.splice(at..at, ins);
    }
    let mut s: String = text.into_iter().collect();
    if mode % 4 == 2 {
        s = s.replace('\n', " "); // one long line
    }
    if mode % 4 == 3 {
        s = s.repeat(3).replace(['.', '\n'], " "); // no sentence ends at all
    }
    s
}

fuzz_target!(|data: &[u8]| {
    let text = TextIndex::new(text_of(data));
    let engine = Engine::new();
    let ann = Annotations::new("fuzz", "fuzz.txt", "");
    let sugg = engine.suggest(&text, &ann);
    if let Err(e) = invariants::check(&text, &sugg) {
        panic!("{e}");
    }
    // Learning from what it suggested, then suggesting again (the memory layer).
    let mut taught = ann.clone();
    if let Some(edit) = spanbench::suggest::accept_edit(&ann, &text, &sugg.iter().take(8).collect::<Vec<_>>()) {
        let _ = taught.apply(edit);
    }
    let mut engine = engine;
    engine.learn(&text, &taught);
    let again = engine.suggest(&text, &Annotations::new("other", "o.txt", ""));
    if let Err(e) = invariants::check(&text, &again) {
        panic!("after learning: {e}");
    }
});
