//! What the rule suggesters share: candidates in byte offsets, tokens, the article
//! ([`Doc`]), and [`entities`], which runs the name suggesters in order and keeps the
//! best of overlapping candidates. The suggesters each live in a file of their own:
//! `gazetteer_hits.rs` (gazetteer look-up), `names.rs` (capitalised names beyond the
//! gazetteers), `context.rs` (ACTOR or LOCATION for a gazetteer hit),
//! `consistency.rs` (one name, one label across the article). Claims are in
//! `claims.rs`, memory in `memory.rs`.

use super::gazetteer::{Cat, Gazetteer, Hit};
use super::{consistency, context, gazetteer_hits, layout, lexicon, names};
use crate::model::Label;
use crate::text::{sub, tail};
use std::cell::{Cell, OnceCell};

/// A candidate in byte offsets.
#[derive(Debug, Clone, PartialEq)]
pub struct Cand {
    pub label: Label,
    pub start: usize,
    pub end: usize,
    pub score: f32,
    pub why: String,
    pub source: &'static str,
    /// Speaker byte range, for claims.
    pub speaker: Option<(usize, usize)>,
    /// A person (for pronoun resolution and surnames).
    pub person: bool,
}

pub(super) fn cand(
    label: Label,
    start: usize,
    end: usize,
    score: f32,
    why: impl Into<String>,
    source: &'static str,
) -> Cand {
    Cand {
        label,
        start,
        end,
        score,
        why: why.into(),
        source,
        speaker: None,
        person: false,
    }
}

/// A word: a run of letters and digits (with acronym dots "U.S." and inner
/// apostrophes "d'Ivoire"), or one punctuation char.
#[derive(Debug, Clone, Copy)]
pub struct Tok {
    pub s: usize,
    pub e: usize,
    pub word: bool,
    /// Whitespace right before it.
    pub sp: bool,
    /// A line break right before it (or the text start).
    pub nl: bool,
}

pub fn tokenize(text: &str) -> Vec<Tok> {
    let b = text.as_bytes();
    let mut out = Vec::with_capacity(text.len() / 5);
    let mut i = 0;
    let mut sp = false;
    let mut nl = true;
    while i < b.len() {
        let c = b[i];
        if c == b' ' || c == b'\t' || c == b'\r' {
            sp = true;
            i += 1;
            continue;
        }
        if c == b'\n' {
            sp = true;
            nl = true;
            i += 1;
            continue;
        }
        let ch = next_char(text, i).unwrap_or(' ');
        if ch.is_whitespace() {
            sp = true;
            i += ch.len_utf8();
            continue;
        }
        if ch.is_alphanumeric() {
            let s = i;
            let mut j = i + ch.len_utf8();
            loop {
                // ASCII letters and digits a byte at a time (as the test below would take them).
                while b.get(j).is_some_and(u8::is_ascii_alphanumeric) {
                    j += 1;
                }
                let Some(n) = next_char(text, j) else { break };
                if n.is_alphanumeric() {
                    j += n.len_utf8();
                    continue;
                }
                // Acronym dots: U.S. / U.N.
                if n == '.' {
                    let word = sub(text, s, j);
                    let last_is_single = word.rsplit('.').next().is_some_and(|p| p.chars().count() == 1);
                    let after = next_char(text, j + 1);
                    if last_is_single && word.chars().next().is_some_and(char::is_uppercase) {
                        if after.is_some_and(|a| a.is_uppercase()) && tail(text, j + 1).chars().nth(1) == Some('.') {
                            j += 1;
                            continue;
                        }
                        if word.contains('.') {
                            j += 1; // the final dot of "U.S."
                        }
                    }
                    break;
                }
                // Inner apostrophe, not a possessive: "Kata'ib", "d'Ivoire".
                if n == '\'' || n == '’' {
                    let rest = tail(text, j + n.len_utf8());
                    let mut it = rest.chars();
                    let a = it.next();
                    let a2 = it.next();
                    let possessive = a == Some('s') && !a2.is_some_and(char::is_alphanumeric);
                    if !possessive && a.is_some_and(char::is_alphabetic) {
                        j += n.len_utf8();
                        continue;
                    }
                }
                break;
            }
            out.push(Tok {
                s,
                e: j,
                word: true,
                sp,
                nl,
            });
            i = j;
        } else {
            out.push(Tok {
                s: i,
                e: i + ch.len_utf8(),
                word: false,
                sp,
                nl,
            });
            i += ch.len_utf8();
        }
        sp = false;
        nl = false;
    }
    out
}

/// The char at byte `i` (a char boundary), if any: ASCII without decoding.
#[inline]
fn next_char(text: &str, i: usize) -> Option<char> {
    match text.as_bytes().get(i) {
        Some(&b) if b.is_ascii() => Some(b as char),
        Some(_) => tail(text, i).chars().next(),
        None => None,
    }
}

pub(super) fn is_cap(w: &str) -> bool {
    w.chars().next().is_some_and(|c| c.is_uppercase())
}

/// `f` of `w` lower-cased (as `str::to_lowercase`), without allocating for a short
/// ASCII word.
pub(super) fn with_lower<R>(w: &str, f: impl FnOnce(&str) -> R) -> R {
    const MAX: usize = 32;
    if w.len() <= MAX && w.is_ascii() {
        if !w.bytes().any(|b| b.is_ascii_uppercase()) {
            return f(w);
        }
        let mut buf = [0u8; MAX];
        let b = &mut buf[..w.len()];
        b.copy_from_slice(w.as_bytes());
        b.make_ascii_lowercase();
        if let Ok(l) = std::str::from_utf8(b) {
            return f(l);
        }
    }
    f(&w.to_lowercase())
}

/// The article being tagged: text, tokens, and helpers around them.
pub struct Doc<'a> {
    pub text: &'a str,
    pub toks: Vec<Tok>,
    /// Per token: its text (see [`Doc::w`]), sliced once.
    words: Vec<&'a str>,
    /// Per token: the gazetteer match at its start, once looked up (see [`Doc::gaz_at`]).
    gaz_memo: Vec<Cell<u16>>,
    /// The article's gazetteer hits, once found (see [`gazetteer_hits::hits`]): the rules
    /// and the tagger both ask.
    hits_memo: OnceCell<Vec<gazetteer_hits::Hit>>,
    /// Per token: what its word is, once asked (see [`Doc::inn`]): [`lexicon::flags`] in
    /// the low 32 bits, and the `LEX_*` bits.
    lex_memo: Vec<Cell<u64>>,
}

/// `lex_memo` bits: the list flags are known; the gazetteer's common words and
/// nationality adjectives are looked up (the word lower-cased), and the answers.
const LEX_KNOWN: u64 = 1 << 32;
const LEX_GAZ_KNOWN: u64 = 1 << 33;
const LEX_COMMON: u64 = 1 << 34;
const LEX_DEMONYM: u64 = 1 << 35;

/// `gaz_memo` codes: not looked up yet, no match; else [`GAZ_HIT`] + length * 16 + category.
const GAZ_UNKNOWN: u16 = 0;
const GAZ_NONE: u16 = 1;
const GAZ_HIT: u16 = 2;

impl<'a> Doc<'a> {
    pub fn new(text: &'a str) -> Doc<'a> {
        let toks = tokenize(text);
        let gaz_memo = vec![Cell::new(GAZ_UNKNOWN); toks.len()];
        let lex_memo = vec![Cell::new(0); toks.len()];
        let words = toks.iter().map(|t| sub(text, t.s, t.e)).collect();
        Doc {
            text,
            toks,
            words,
            gaz_memo,
            hits_memo: OnceCell::new(),
            lex_memo,
        }
    }

    /// Whether the word of token `i` is in `list` ([`lexicon::List::contains`]): the
    /// lists are looked up once per token, all at once.
    pub(super) fn inn(&self, i: usize, list: &lexicon::List) -> bool {
        let m = &self.lex_memo[i];
        let mut v = m.get();
        if v & LEX_KNOWN == 0 {
            v |= LEX_KNOWN | u64::from(lexicon::flags(self.w(i)));
            m.set(v);
        }
        v & u64::from(list.mask()) != 0
    }

    /// The token's (common word, nationality adjective) of the gazetteer, its word
    /// lower-cased, looked up once per token. A `Doc` is used with one gazetteer.
    fn gaz_words(&self, gaz: &Gazetteer, i: usize) -> u64 {
        let m = &self.lex_memo[i];
        let mut v = m.get();
        if v & LEX_GAZ_KNOWN == 0 {
            v |= LEX_GAZ_KNOWN;
            with_lower(self.w(i), |l| {
                if gaz.common.contains(l) {
                    v |= LEX_COMMON;
                }
                if gaz.demonyms.contains_key(l) {
                    v |= LEX_DEMONYM;
                }
            });
            m.set(v);
        }
        v
    }

    /// Whether the word of token `i`, lower-cased, is a common word of the gazetteer.
    pub(super) fn is_common(&self, gaz: &Gazetteer, i: usize) -> bool {
        self.gaz_words(gaz, i) & LEX_COMMON != 0
    }

    /// Whether the word of token `i`, lower-cased, is a nationality adjective.
    pub(super) fn is_demonym(&self, gaz: &Gazetteer, i: usize) -> bool {
        self.gaz_words(gaz, i) & LEX_DEMONYM != 0
    }

    /// Where the gazetteer hits are kept once found.
    pub(super) fn hits_memo(&self) -> &OnceCell<Vec<gazetteer_hits::Hit>> {
        &self.hits_memo
    }

    /// The gazetteer match at the start of token `i` ([`Gazetteer::match_at`]), looked
    /// up once per token however many suggesters ask. A `Doc` is used with one gazetteer.
    pub(super) fn gaz_at(&self, gaz: &Gazetteer, i: usize) -> Option<Hit> {
        let s = self.toks[i].s;
        let code = self.gaz_memo[i].get();
        if code == GAZ_NONE {
            return None;
        }
        if code >= GAZ_HIT {
            let c = code - GAZ_HIT;
            return Some(Hit {
                start: s,
                end: s + (c >> 4) as usize,
                cat: Cat::from_index((c & 15) as u8),
            });
        }
        let h = gaz.match_at(self.text, s);
        self.gaz_memo[i].set(match h {
            // Surfaces are at most MAX_PATTERN (64) bytes: the length fits in 12 bits.
            Some(h) => GAZ_HIT + (((h.end - h.start) as u16) << 4) + h.cat.index() as u16,
            None => GAZ_NONE,
        });
        h
    }
    /// The text of token `i`.
    #[inline]
    pub(super) fn w(&self, i: usize) -> &'a str {
        self.words[i]
    }
    /// Index of the first token at or after byte `b`.
    pub(super) fn tok_at(&self, b: usize) -> usize {
        self.toks.partition_point(|t| t.s < b)
    }
    pub(super) fn is_possessive_at(&self, i: usize) -> bool {
        // "’" "s" with no space: a possessive.
        i + 1 < self.toks.len()
            && !self.toks[i].word
            && matches!(self.w(i), "’" | "'")
            && !self.toks[i].sp
            && self.w(i + 1) == "s"
            && !self.toks[i + 1].sp
    }
}

/// Entities (ACTOR / LOCATION) of one article.
pub fn entities(doc: &Doc, gaz: &Gazetteer) -> Vec<Cand> {
    let mut out: Vec<Cand> = Vec::new();
    let hits = gazetteer_hits::hits_ref(doc, gaz);
    let persons = names::names(doc, gaz, &mut out);
    // Before the context layer: its datelines of gazetteer places are the same spans,
    // and the first of equal candidates is kept.
    layout::datelines(doc, &mut out);
    layout::results_lines(doc, gaz, &mut out);
    context::classify_hits(doc, gaz, hits, &mut out);
    consistency::surnames(doc, &persons, &mut out);
    let mut ents = resolve(out);
    let mut more = Vec::new();
    consistency::acronyms(doc, &ents, &mut more);
    consistency::propagate(doc, &ents, &mut more);
    if more.is_empty() {
        return ents;
    }
    ents.append(&mut more);
    resolve(ents)
}

/// Keeps the best of overlapping entities: longer first, then higher score, then earlier.
fn resolve(v: Vec<Cand>) -> Vec<Cand> {
    // Sorted as keys (the candidates stay in place), the keys themselves rather than
    // indices into `v`: longer, higher score ([`f32::total_cmp`] as an integer), earlier,
    // label; the index keeps equal keys in their order, as a stable sort would.
    use std::cmp::Reverse;
    let mut order: Vec<_> = (0..v.len())
        .map(|i| {
            let c = &v[i];
            (
                Reverse(c.end - c.start),
                Reverse(total_key(c.score)),
                c.start,
                c.label,
                i,
            )
        })
        .collect();
    order.sort_unstable();
    // The bytes taken so far, a bit each (an article's length in bits, not in bools).
    let max_end = v.iter().map(|c| c.end).max().unwrap_or(0);
    let mut taken = Taken(vec![0u64; max_end.div_ceil(64)]);
    let mut kept: Vec<usize> = Vec::new();
    for &(_, _, _, _, i) in &order {
        let c = &v[i];
        if taken.any(c.start, c.end) {
            continue;
        }
        taken.set(c.start, c.end);
        kept.push(i);
    }
    kept.sort_unstable_by_key(|&i| (v[i].start, v[i].end, v[i].label, i));
    let mut slots: Vec<Option<Cand>> = v.into_iter().map(Some).collect();
    kept.into_iter().filter_map(|i| slots[i].take()).collect()
}

/// A set of bytes, a bit each, for [`resolve`].
struct Taken(Vec<u64>);

impl Taken {
    /// The bits of word `w` that are in `s..e`.
    #[inline]
    fn mask(w: usize, s: usize, e: usize) -> u64 {
        let lo = s.max(w * 64) - w * 64;
        let hi = e.min(w * 64 + 64) - w * 64;
        if hi <= lo {
            return 0;
        }
        let m = if hi == 64 { !0u64 } else { (1u64 << hi) - 1 };
        m & !((1u64 << lo) - 1)
    }

    /// Whether any byte of `s..e` is taken (none of an empty range).
    fn any(&self, s: usize, e: usize) -> bool {
        s < e && (s / 64..e.div_ceil(64)).any(|w| self.0[w] & Self::mask(w, s, e) != 0)
    }

    fn set(&mut self, s: usize, e: usize) {
        if s < e {
            for w in s / 64..e.div_ceil(64) {
                self.0[w] |= Self::mask(w, s, e);
            }
        }
    }
}

/// `x` as an integer in the order of [`f32::total_cmp`] (its own definition).
fn total_key(x: f32) -> i32 {
    let b = x.to_bits() as i32;
    b ^ ((((b >> 31) as u32) >> 1) as i32)
}

/// Test helper: the entities of `text` as (label, surface) pairs, left to right.
#[cfg(test)]
pub(super) fn tagged(text: &str) -> Vec<(Label, String)> {
    use std::sync::OnceLock;
    static GAZ: OnceLock<Gazetteer> = OnceLock::new();
    let gaz = GAZ.get_or_init(Gazetteer::embedded);
    let doc = Doc::new(text);
    entities(&doc, gaz)
        .into_iter()
        .map(|c| (c.label, sub(text, c.start, c.end).to_string()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_keep_acronym_dots_and_inner_apostrophes() {
        let text = "The U.S. envoy met Kata'ib leaders.";
        let doc = Doc::new(text);
        let words: Vec<&str> = (0..doc.toks.len())
            .filter(|&i| doc.toks[i].word)
            .map(|i| doc.w(i))
            .collect();
        assert_eq!(words, ["The", "U.S.", "envoy", "met", "Kata'ib", "leaders"]);
    }

    #[test]
    fn score_keys_sort_as_total_cmp() {
        let xs = [
            -1.0f32,
            -0.0,
            0.0,
            0.3,
            0.55,
            0.6,
            0.75,
            0.8,
            1.0,
            f32::NAN,
            -f32::NAN,
            f32::INFINITY,
        ];
        for a in xs {
            for b in xs {
                assert_eq!(total_key(a).cmp(&total_key(b)), a.total_cmp(&b), "{a} {b}");
            }
        }
    }

    #[test]
    fn taken_bytes_are_the_bools_they_stand_for() {
        let n = 300;
        let mut bools = vec![false; n];
        let mut bits = Taken(vec![0; n.div_ceil(64)]);
        let mut x = 12345u64;
        for round in 0..2000 {
            if round % 50 == 0 {
                bools.iter_mut().for_each(|t| *t = false);
                bits.0.iter_mut().for_each(|w| *w = 0);
            }
            x = x.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            let s = (x >> 33) as usize % n;
            let e = (s + (x >> 20) as usize % 150).min(n);
            assert_eq!(bits.any(s, e), bools[s..e].iter().any(|&t| t), "{s}..{e}");
            if x & 3 == 0 {
                bits.set(s, e);
                bools[s..e].iter_mut().for_each(|t| *t = true);
            }
        }
    }

    #[test]
    fn possessive_is_seen() {
        let doc = Doc::new("Peru's army");
        assert!(doc.is_possessive_at(1));
    }

    #[test]
    fn resolve_keeps_the_longer_of_overlapping() {
        let v = vec![
            cand(Label::Location, 0, 5, 0.9, "a", "t"),
            cand(Label::Actor, 0, 12, 0.5, "b", "t"),
            cand(Label::Location, 14, 18, 0.5, "c", "t"),
        ];
        let r = resolve(v);
        assert_eq!(r.len(), 2);
        assert_eq!((r[0].start, r[0].end), (0, 12));
    }

    #[test]
    fn the_memoised_gazetteer_look_up_is_the_look_up() {
        let gaz = Gazetteer::embedded();
        let seed = include_str!("../../seeds/004_002fb6ada771653b.txt");
        let text = format!("{seed}\nNew York City, Erdoğan’s İstanbul, al-Nusra Front, U.S.-led, The Hague.");
        let doc = Doc::new(&text);
        let mut found = 0;
        for _pass in 0..2 {
            for (i, t) in doc.toks.iter().enumerate() {
                let h = doc.gaz_at(&gaz, i);
                assert_eq!(h, gaz.match_at(&text, t.s), "token {i} {:?}", doc.w(i));
                found += usize::from(h.is_some());
            }
        }
        assert!(found > 20, "{found}");
    }

    #[test]
    fn entities_on_empty_and_odd_text_do_not_panic() {
        for t in ["", " ", "'", "-", "A", "’s", "Mr.", "(AA)", "al-", "X State"] {
            let _ = tagged(t);
        }
    }
}
