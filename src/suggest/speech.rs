//! Speech-act word lists for the claims layer, from assets/claims/ (see its README):
//! reporting verbs with their frames, report nouns, unnamed-source nouns. Parsed once.

use super::rules::with_lower;
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::sync::OnceLock;

/// The complement frames a reporting verb takes (assets/claims/verbs.tsv).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Frames {
    pub clause: bool,
    pub that: bool,
    pub to: bool,
    pub objto: bool,
    pub on: bool,
    pub for_np: bool,
    pub of: bool,
    pub as_: bool,
    pub quote: bool,
    /// "what X called Y": Y is the claim.
    pub what: bool,
    /// An indirect question: "if" / "whether" and its clause.
    pub if_: bool,
}

impl Frames {
    /// A frame whose content is an object complement ("urged [X to Y]").
    pub fn object(&self) -> bool {
        self.objto || self.on || self.for_np || self.of || self.as_
    }
}

/// A reporting verb form: its lemma and frames.
#[derive(Debug, Clone, Copy)]
pub struct Verb {
    pub lemma: &'static str,
    pub frames: Frames,
}

struct Lists {
    verbs: HashMap<&'static str, Verb>,
    /// Bits at [`verb_slot`] of every verb form: an ASCII word whose slot is clear is no
    /// form, in any case, without a look-up.
    verb_slots: Box<[u64; VERB_SLOTS / 64]>,
    nouns: HashSet<&'static str>,
    generic: HashSet<&'static str>,
    titles: HashSet<&'static str>,
    /// Definite heads that refer back to a named body, and whether any body fits (`*`).
    bodies: HashMap<&'static str, bool>,
    noun_markers: HashSet<&'static str>,
    subordinators: HashSet<&'static str>,
    /// Narrator phrases (words) and whether they end a content without a comma (`*`).
    narrator: Vec<(bool, Vec<&'static str>)>,
    /// The first words of the narrator phrases, once each (`None` if a phrase is empty:
    /// it starts anywhere).
    narrator_first: Option<Vec<&'static str>>,
}

fn data_lines(src: &'static str) -> impl Iterator<Item = &'static str> {
    src.lines()
        .map(str::trim_end)
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
}

fn parse_frames(s: &str) -> Frames {
    let mut f = Frames::default();
    for x in s.split(',').map(str::trim) {
        match x {
            "clause" => f.clause = true,
            "that" => f.that = true,
            "to" => f.to = true,
            "objto" => f.objto = true,
            "on" => f.on = true,
            "for" => f.for_np = true,
            "of" => f.of = true,
            "as" => f.as_ = true,
            "quote" => f.quote = true,
            "what" => f.what = true,
            "if" => f.if_ = true,
            _ => {}
        }
    }
    f
}

/// Slots of the verb filter: length, first and last byte (ASCII-lower-cased), 5 bits each.
const VERB_SLOTS: usize = 1 << 15;

fn verb_slot(b: &[u8]) -> usize {
    let (Some(f), Some(l)) = (b.first(), b.last()) else {
        return 0;
    };
    (b.len() & 31) | (usize::from(f.to_ascii_lowercase() & 31) << 5) | (usize::from(l.to_ascii_lowercase() & 31) << 10)
}

fn lists() -> &'static Lists {
    static L: OnceLock<Lists> = OnceLock::new();
    L.get_or_init(|| {
        let mut verbs = HashMap::default();
        for line in data_lines(include_str!("../../assets/claims/verbs.tsv")) {
            let mut cols = line.split('\t');
            let (Some(lemma), Some(forms), Some(frames)) = (cols.next(), cols.next(), cols.next()) else {
                continue;
            };
            let frames = parse_frames(frames);
            for f in forms.split_whitespace() {
                verbs.entry(f).or_insert(Verb { lemma, frames });
            }
        }
        let narrator: Vec<(bool, Vec<&'static str>)> =
            data_lines(include_str!("../../assets/claims/narrator_frames.txt"))
                .map(|l| match l.strip_prefix("* ") {
                    Some(r) => (true, r.split_whitespace().collect()),
                    None => (false, l.split_whitespace().collect()),
                })
                .collect();
        let mut firsts: Vec<&'static str> = Vec::new();
        for (_, p) in &narrator {
            if let Some(&f) = p.first()
                && !firsts.contains(&f)
            {
                firsts.push(f);
            }
        }
        let narrator_first = narrator.iter().all(|(_, p)| !p.is_empty()).then_some(firsts);
        let mut verb_slots = Box::new([0u64; VERB_SLOTS / 64]);
        for f in verbs.keys() {
            let k = verb_slot(f.as_bytes());
            verb_slots[k / 64] |= 1 << (k % 64);
        }
        let words =
            |src: &'static str| -> HashSet<&'static str> { data_lines(src).flat_map(str::split_whitespace).collect() };
        Lists {
            verbs,
            verb_slots,
            nouns: words(include_str!("../../assets/claims/nouns.tsv")),
            generic: words(include_str!("../../assets/claims/generic.tsv")),
            titles: words(include_str!("../../assets/claims/titles.txt")),
            bodies: data_lines(include_str!("../../assets/claims/bodies.txt"))
                .filter_map(|l| {
                    let mut w = l.split_whitespace();
                    Some((w.next()?, w.next() == Some("*")))
                })
                .collect(),
            noun_markers: words(include_str!("../../assets/claims/noun_markers.txt")),
            subordinators: words(include_str!("../../assets/claims/subordinators.txt")),
            narrator,
            narrator_first,
        }
    })
}

/// The reporting verb this word form is, if any (lower-cased words only; a capitalised
/// sentence start is looked up in lower case).
pub fn verb(w: &str) -> Option<Verb> {
    if w.len() > 16 {
        return None;
    }
    let l = lists();
    // An ASCII word and its lower case have one slot, the slot of the form they would be.
    if w.is_ascii() && !w.is_empty() {
        let k = verb_slot(w.as_bytes());
        if l.verb_slots[k / 64] & (1 << (k % 64)) == 0 {
            return None;
        }
    }
    if let Some(v) = l.verbs.get(w) {
        return Some(*v);
    }
    // ASCII without capitals is its own lower case: no second look-up, no allocation.
    if w.is_ascii() && !w.bytes().any(|b| b.is_ascii_uppercase()) {
        return None;
    }
    with_lower(w, |lw| l.verbs.get(lw).copied())
}

/// The reporting verb whose lemma this word is ("claim", "Warn"), listed as a form or not:
/// for headlines in the present tense ("Rebels Claim Defeat").
pub fn lemma(w: &str) -> Option<Verb> {
    if w.len() > 16 {
        return None;
    }
    let l = lists();
    with_lower(w, |lower| {
        // The form, lower case + ending, on the stack.
        let mut buf = [0u8; 40];
        ["s", "es"]
            .iter()
            .find_map(|end| {
                let n = lower.len() + end.len();
                if n > buf.len() {
                    return l.verbs.get(format!("{lower}{end}").as_str());
                }
                buf[..lower.len()].copy_from_slice(lower.as_bytes());
                buf[lower.len()..n].copy_from_slice(end.as_bytes());
                l.verbs.get(std::str::from_utf8(&buf[..n]).ok()?)
            })
            .filter(|v| v.lemma == lower)
            .copied()
    })
}

/// A noun that reports speech before a "that"-clause ("warning", "claim").
pub fn report_noun(w: &str) -> bool {
    w.len() <= 16 && lists().nouns.contains(w)
}

/// The head of an unnamed source ("officials", "a spokesman", "the ministry").
pub fn generic_source(w: &str) -> bool {
    w.len() <= 16 && with_lower(w, |l| lists().generic.contains(l))
}

/// For a definite head that refers back to a named body ("the ministry"): `Some(any)`,
/// where `any` says whether any organisation fits ("the organization").
pub fn body_head(w: &str) -> Option<bool> {
    if w.len() > 16 {
        return None;
    }
    with_lower(w, |l| lists().bodies.get(l).copied())
}

/// A word before a reporting verb's form that makes it a noun ("earlier reports",
/// "media claims").
pub fn noun_marker(w: &str) -> bool {
    w.len() <= 16 && with_lower(w, |l| lists().noun_markers.contains(l))
}

/// A word that opens a subordinate clause at a sentence start ("While", "Although").
pub fn subordinator(w: &str) -> bool {
    w.len() <= 10 && with_lower(w, |l| lists().subordinators.contains(l))
}

/// Whether the words from here on (lower case compared, ASCII) start a narrator phrase
/// that ends a content: after a comma (`after_comma`), or one of the phrases that end it
/// anywhere.
pub fn narrator_phrase(words: &[&str], after_comma: bool) -> bool {
    let l = lists();
    // Every phrase has a first word: the first of `words` must start one.
    if let Some(firsts) = &l.narrator_first {
        let Some(first) = words.first() else { return false };
        if !firsts.iter().any(|f| f.eq_ignore_ascii_case(first)) {
            return false;
        }
    }
    l.narrator.iter().any(|(anywhere, p)| {
        (after_comma || *anywhere)
            && p.len() <= words.len()
            && p.iter().zip(words).all(|(a, b)| a.eq_ignore_ascii_case(b))
    })
}

/// A title word before a name ("Minister", "Gen.").
pub fn title_word(w: &str) -> bool {
    w.len() <= 16 && lists().titles.contains(w)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verbs_load_with_frames() {
        let said = verb("said").expect("said is a reporting verb");
        assert!(said.frames.clause && said.frames.that);
        assert_eq!(verb("accused").map(|v| v.frames.of), Some(true));
        assert_eq!(verb("vowed").map(|v| v.frames.to), Some(true));
        assert_eq!(verb("described").map(|v| v.frames.as_), Some(true));
        assert_eq!(verb("called").map(|v| v.frames.on && v.frames.for_np), Some(true));
        assert_eq!(verb("urged").map(|v| v.frames.objto), Some(true));
        assert_eq!(verb("Said").map(|v| v.lemma), Some("say"));
        assert!(verb("table").is_none());
        assert_eq!(lemma("Claim").map(|v| v.lemma), Some("claim"));
        assert_eq!(lemma("WARN").map(|v| v.lemma), Some("warn"));
        assert!(lemma("claims").is_none() && lemma("table").is_none());
        assert!(report_noun("warning") && !report_noun("table"));
        assert!(generic_source("Officials") && !generic_source("Lavrov"));
    }

    #[test]
    fn the_verb_filter_keeps_every_form_in_any_case() {
        for (f, v) in &lists().verbs {
            assert_eq!(verb(f).map(|x| x.lemma), Some(v.lemma), "{f}");
            if f.is_ascii() {
                let up = f.to_ascii_uppercase();
                assert_eq!(verb(&up).map(|x| x.lemma), Some(v.lemma), "{up}");
            }
        }
    }
}
