//! Offsets. Spans count Unicode scalar values (what Python's `str`, spaCy, doccano,
//! Prodigy and brat call character offsets); Rust strings are UTF-8 bytes. This module
//! is the one place that converts between the two: a [`TextIndex`] is built once per
//! article and answers every conversion in O(1) (char -> byte) or O(log n) (byte -> char).
//!
//! It also knows word boundaries (UAX #29, for snapping a selection to whole words),
//! sentence boundaries that do not split at "Mr." or "U.S.", and paragraphs.

use std::ops::Range;
use unicode_segmentation::UnicodeSegmentation;

/// `text[start..end]` for byte offsets computed elsewhere (the suggestion engine works
/// in bytes): never panics. Offsets past the end are clamped, offsets inside a
/// multi-byte char move back to its first byte, and a reversed range is empty.
#[inline]
pub fn sub(text: &str, start: usize, end: usize) -> &str {
    // The usual case: a valid range, one check.
    match text.get(start..end) {
        Some(s) => s,
        None => sub_clamped(text, start, end),
    }
}

#[cold]
fn sub_clamped(text: &str, start: usize, end: usize) -> &str {
    let end = text.floor_char_boundary(end.min(text.len()));
    let start = text.floor_char_boundary(start.min(end));
    &text[start..end]
}

/// `text[start..]` with [`sub`]'s rules.
#[inline]
pub fn tail(text: &str, start: usize) -> &str {
    sub(text, start, text.len())
}

/// `text[..end]` with [`sub`]'s rules.
#[inline]
pub fn head(text: &str, end: usize) -> &str {
    sub(text, 0, end)
}

/// The largest char boundary at or before byte `b` (clamped to the text).
pub fn floor_boundary(text: &str, b: usize) -> usize {
    text.floor_char_boundary(b.min(text.len()))
}

/// An article's text with its char <-> byte index.
#[derive(Debug, Clone)]
pub struct TextIndex {
    text: String,
    /// `char_to_byte[i]` is the byte offset of char `i`; one extra entry for the end.
    /// Empty when the text is ASCII (then char and byte offsets are equal).
    char_to_byte: Vec<u32>,
    len_chars: usize,
}

impl TextIndex {
    pub fn new(text: impl Into<String>) -> Self {
        let text: String = text.into();
        assert!(
            text.len() < u32::MAX as usize,
            "texts of 4 GiB and more are refused by the loader"
        );
        if text.is_ascii() {
            let len_chars = text.len();
            return TextIndex {
                text,
                char_to_byte: Vec::new(),
                len_chars,
            };
        }
        let mut char_to_byte = Vec::with_capacity(text.len() + 1);
        for (b, _) in text.char_indices() {
            char_to_byte.push(b as u32);
        }
        let len_chars = char_to_byte.len();
        char_to_byte.push(text.len() as u32);
        char_to_byte.shrink_to_fit();
        TextIndex {
            text,
            char_to_byte,
            len_chars,
        }
    }

    pub fn as_str(&self) -> &str {
        &self.text
    }

    pub fn into_string(self) -> String {
        self.text
    }

    /// Length in Unicode scalar values.
    pub fn len_chars(&self) -> usize {
        self.len_chars
    }

    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    pub fn is_ascii(&self) -> bool {
        self.char_to_byte.is_empty()
    }

    /// Byte offset of char offset `c` (clamped to the end of the text).
    pub fn byte(&self, c: usize) -> usize {
        let c = c.min(self.len_chars);
        if self.is_ascii() {
            c
        } else {
            self.char_to_byte[c] as usize
        }
    }

    /// Char offset of byte offset `b`. A byte inside a multi-byte char maps to that
    /// char's start; past the end maps to the length.
    pub fn char_of_byte(&self, b: usize) -> usize {
        if self.is_ascii() {
            return b.min(self.len_chars);
        }
        if b >= self.text.len() {
            return self.len_chars;
        }
        match self.char_to_byte.binary_search(&(b as u32)) {
            Ok(i) => i,
            Err(i) => i - 1,
        }
    }

    /// Byte range of char range `[start, end)`.
    pub fn byte_range(&self, start: usize, end: usize) -> Range<usize> {
        self.byte(start)..self.byte(end)
    }

    /// The text of char range `[start, end)` (clamped to the text).
    pub fn slice(&self, start: usize, end: usize) -> &str {
        let end = end.min(self.len_chars);
        let start = start.min(end);
        &self.text[self.byte_range(start, end)]
    }

    /// The char at char offset `c`.
    pub fn char_at(&self, c: usize) -> Option<char> {
        if c >= self.len_chars {
            return None;
        }
        self.text[self.byte(c)..].chars().next()
    }

    /// Shrinks `[start, end)` so it neither starts nor ends on whitespace.
    pub fn trim(&self, start: usize, end: usize) -> (usize, usize) {
        let end = end.min(self.len_chars);
        let start = start.min(end);
        let s = self.slice(start, end);
        let lead = s.chars().take_while(|c| c.is_whitespace()).count();
        if lead == end - start {
            return (start + lead, start + lead);
        }
        let trail = s.chars().rev().take_while(|c| c.is_whitespace()).count();
        (start + lead, end - trail)
    }

    /// Char ranges of the word-like segments (UAX #29 words that hold a letter or digit)
    /// that intersect `[start, end)`.
    pub fn words_in(&self, start: usize, end: usize) -> Vec<Range<usize>> {
        let (lo, hi) = self.paragraph_bounds(start, end);
        let base_b = self.byte(lo);
        let mut out = Vec::new();
        for (b, w) in self.slice(lo, hi).split_word_bound_indices() {
            if !w.chars().any(char::is_alphanumeric) {
                continue;
            }
            let s = self.char_of_byte(base_b + b);
            let e = self.char_of_byte(base_b + b + w.len());
            // A possessive is its own piece: "Russia’s" snaps to "Russia" (GUIDELINES:
            // "[Syria]'s army command"), and a selection over it still takes it whole.
            let pieces = match possessive_split(w) {
                Some(n) => [s..e - n, e - n..e],
                None => [s..e, e..e],
            };
            for piece in pieces {
                if !piece.is_empty() && piece.end > start && piece.start < end.max(start + 1) {
                    out.push(piece);
                }
            }
        }
        out
    }

    /// The word-like segment that contains char `c`, if any.
    pub fn word_at(&self, c: usize) -> Option<Range<usize>> {
        self.words_in(c, c + 1).into_iter().find(|w| w.contains(&c))
    }

    /// Grows `[start, end)` to whole words: a start inside a word moves to the word's
    /// start, an end inside a word moves to its end. Whitespace at the edges is trimmed.
    /// A range touching no word is only trimmed.
    pub fn snap_to_words(&self, start: usize, end: usize) -> (usize, usize) {
        let (start, end) = if start <= end { (start, end) } else { (end, start) };
        let (s, e) = self.trim(start, end);
        if s >= e {
            return match self.word_at(start) {
                Some(w) => (w.start, w.end),
                None => (s, e),
            };
        }
        let mut ns = s;
        let mut ne = e;
        if let Some(w) = self.word_at(s) {
            ns = w.start;
        }
        if let Some(w) = self.word_at(e - 1) {
            ne = w.end;
        }
        (ns, ne)
    }

    /// Char ranges of the paragraphs: runs of non-blank lines, trimmed.
    pub fn paragraphs(&self) -> Vec<Range<usize>> {
        self.paragraph_bytes()
            .into_iter()
            .map(|r| self.char_of_byte(r.start)..self.char_of_byte(r.end))
            .collect()
    }

    /// [`Self::paragraphs`] in byte offsets.
    pub fn paragraph_bytes(&self) -> Vec<Range<usize>> {
        let mut out = Vec::new();
        let mut para_start: Option<usize> = None;
        let mut para_end = 0;
        let mut pos = 0usize; // byte offset of the current line's start
        for line in self.text.split_inclusive('\n') {
            let content = line.trim_end_matches(['\n', '\r']);
            let body = content.trim_end();
            let rest = body.trim_start();
            if rest.is_empty() {
                if let Some(s) = para_start.take() {
                    out.push(s..para_end);
                }
            } else {
                if para_start.is_none() {
                    para_start = Some(pos + (body.len() - rest.len()));
                }
                para_end = pos + body.len();
            }
            pos += line.len();
        }
        if let Some(s) = para_start {
            out.push(s..para_end);
        }
        out
    }

    /// The paragraph (or, for ranges that cross paragraphs, the span of paragraphs)
    /// around `[start, end)`, as the lines that contain it. Used to bound word scans.
    fn paragraph_bounds(&self, start: usize, end: usize) -> (usize, usize) {
        let bs = self.byte(start);
        let be = self.byte(end.max(start));
        let lo = self.text[..bs].rfind('\n').map(|i| i + 1).unwrap_or(0);
        let hi = self.text[be..].find('\n').map(|i| be + i).unwrap_or(self.text.len());
        (self.char_of_byte(lo), self.char_of_byte(hi))
    }

    /// Char ranges of the sentences, trimmed. Paragraph breaks always end a sentence;
    /// inside a paragraph a sentence ends at . ! ? (and closing quotes or brackets)
    /// followed by whitespace and an upper-case letter, digit or opening quote, unless
    /// the period ends an abbreviation or initial ("Mr.", "Gen.", "U.S.", "J.").
    pub fn sentences(&self) -> Vec<Range<usize>> {
        let mut out = self.sentence_bytes();
        if !self.is_ascii() {
            for r in &mut out {
                *r = self.char_of_byte(r.start)..self.char_of_byte(r.end);
            }
        }
        out
    }

    /// [`Self::sentences`] in byte offsets: one pass over the bytes, which stops only
    /// at the terminators (. ! ? …).
    pub fn sentence_bytes(&self) -> Vec<Range<usize>> {
        let mut out = Vec::new();
        for p in self.paragraph_bytes() {
            let para = &self.text[p.clone()];
            let b = para.as_bytes();
            let char_at = |at: usize| para[at..].chars().next();
            let mut s = 0usize;
            let mut i = 0usize;
            while i < b.len() {
                // Only a char's first byte can be one of these; "…" is E2 80 A6.
                let n = match b[i] {
                    b'.' | b'!' | b'?' => 1,
                    0xE2 if b[i..].starts_with("…".as_bytes()) => 3,
                    _ => {
                        // Eight bytes at a time while none can be a terminator.
                        i += match b.get(i..i + 8).and_then(|w| w.try_into().ok()) {
                            Some(w) if !may_terminate(u64::from_le_bytes(w)) => 8,
                            _ => 1,
                        };
                        continue;
                    }
                };
                let mut j = i + n;
                while let Some(c) = char_at(j)
                    && matches!(c, '.' | '!' | '?' | '"' | '\'' | '”' | '’' | ')' | ']' | '»')
                {
                    j += c.len_utf8();
                }
                let mut k = j;
                while let Some(c) = char_at(k)
                    && c.is_whitespace()
                {
                    k += c.len_utf8();
                }
                let next_ok = k > j
                    && char_at(k).is_some_and(|c| {
                        c.is_uppercase()
                            || c.is_numeric()
                            || matches!(c, '"' | '“' | '‘' | '\'' | '(' | '«' | '•' | '-' | '—')
                    });
                if next_ok && !(b[i] == b'.' && is_abbreviation(&para[s..i])) {
                    out.push(p.start + s..p.start + j);
                    s = k;
                    i = k;
                    continue;
                }
                i = j;
            }
            if s < b.len() {
                out.push(p.start + s..p.end);
            }
        }
        out
    }
}

/// Whether one of the 8 bytes of `x` is `.`, `!`, `?` or 0xE2 (the first byte of "…"):
/// exact, the usual has-zero-byte bit trick on `x` XOR each of them.
#[inline]
fn may_terminate(x: u64) -> bool {
    (bytes_equal(x, b'.') | bytes_equal(x, b'!') | bytes_equal(x, b'?') | bytes_equal(x, 0xE2)) != 0
}

/// SWAR over the 8 bytes of `x`: non-zero exactly when one of them is `b` (the
/// has-zero-byte trick; a borrow can only mark bytes above a true match, so "any" is
/// exact).
#[inline]
pub(crate) fn bytes_equal(x: u64, b: u8) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let v = x ^ (ONES * b as u64);
    v.wrapping_sub(ONES) & !v & HIGH
}

/// The length in chars of a possessive ending ("’s", "'s") of a longer word, if any.
fn possessive_split(word: &str) -> Option<usize> {
    let mut rev = word.chars().rev();
    let (last, apos) = (rev.next()?, rev.next()?);
    if matches!(last, 's' | 'S') && matches!(apos, '\'' | '’') && rev.next().is_some_and(char::is_alphanumeric) {
        Some(2)
    } else {
        None
    }
}

/// Abbreviations after which a period does not end a sentence.
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "sr", "jr", "st", "gen", "lt", "col", "maj", "capt", "sgt", "cpl", "pvt", "adm",
    "cmdr", "gov", "sen", "rep", "rev", "hon", "pres", "amb", "no", "vs", "etc", "inc", "ltd", "co", "corp", "jan",
    "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "mt", "ft",
];

/// Whether the word ending just before a period (the text `before` ends right before
/// it) is an abbreviation: a known one, a single letter (an initial), or a dotted
/// acronym such as "U.S" or "U.N".
fn is_abbreviation(before: &str) -> bool {
    let from = before
        .char_indices()
        .rev()
        .find(|&(_, c)| c.is_whitespace() || matches!(c, '(' | '"' | '“' | '‘'))
        .map_or(0, |(p, c)| p + c.len_utf8());
    let word = &before[from..];
    let mut chars = word.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    if chars.next().is_none() && first.is_alphabetic() && first.is_uppercase() {
        return true; // an initial: "J."
    }
    if word.contains('.') && word.split('.').all(|p| !p.is_empty() && p.chars().nth(2).is_none()) {
        return true; // "U.S", "U.N", "a.m"
    }
    // Lower-casing never shortens a word: a long one is no abbreviation.
    if word.chars().nth(ABBREVIATION_MAX_CHARS).is_some() {
        return false;
    }
    if word.is_ascii() {
        return ABBREVIATIONS.iter().any(|a| a.eq_ignore_ascii_case(word));
    }
    ABBREVIATIONS.contains(&word.to_lowercase().as_str())
}

/// More chars than any entry of [`ABBREVIATIONS`] (checked by a test).
const ABBREVIATION_MAX_CHARS: usize = 8;

/// SHA-256 of a text, lower-case hex.
pub fn sha256_hex(text: &str) -> String {
    use sha2::{Digest, Sha256};
    let digest = Sha256::digest(text.as_bytes());
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(64);
    for b in digest {
        s.push(char::from(HEX[usize::from(b >> 4)]));
        s.push(char::from(HEX[usize::from(b & 0xF)]));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_on_non_ascii() {
        let t = TextIndex::new("“Erdoğan” — Крылатые ракеты 😀 end");
        assert_eq!(t.len_chars(), t.as_str().chars().count());
        assert_eq!(t.slice(1, 8), "Erdoğan");
        assert_eq!(t.slice(12, 20), "Крылатые");
        assert_eq!(t.char_at(28), Some('😀'));
        assert_eq!(t.slice(30, 33), "end");
        for c in 0..=t.len_chars() {
            assert_eq!(t.char_of_byte(t.byte(c)), c);
        }
        // A byte inside a multi-byte char maps to that char.
        assert_eq!(t.char_of_byte(1), 0);
    }

    #[test]
    fn ascii_fast_path() {
        let t = TextIndex::new("plain text");
        assert!(t.is_ascii());
        assert_eq!(t.slice(6, 10), "text");
        assert_eq!(t.char_of_byte(100), 10);
    }

    #[test]
    fn trim_and_snap() {
        let t = TextIndex::new("Russia’s Foreign Ministry said: “no”");
        assert_eq!(t.trim(8, 17), (9, 16));
        // Snap a mid-word selection out to whole words.
        assert_eq!(t.snap_to_words(2, 11), (0, 16));
        assert_eq!(t.slice(0, 16), "Russia’s Foreign");
        // Clicking between words selects nothing but whitespace-trimmed range.
        let (s, e) = t.snap_to_words(33, 34);
        assert_eq!(t.slice(s, e), "no");
        // The possessive is a piece of its own.
        assert_eq!(t.word_at(4), Some(0..6));
        assert_eq!(t.word_at(7), Some(6..8));
        assert_eq!(t.snap_to_words(1, 3), (0, 6));
        assert_eq!(t.snap_to_words(1, 7), (0, 8));
    }

    #[test]
    fn sentences_do_not_split_at_abbreviations() {
        let t = TextIndex::new(
            "Mr. Smith met U.S. officials in Washington. Lt. Gen. Ali Ayoub said “yes.” Then J. Doe left!\n\nNew paragraph here",
        );
        let s: Vec<&str> = t.sentences().into_iter().map(|r| t.slice(r.start, r.end)).collect();
        assert_eq!(
            s,
            vec![
                "Mr. Smith met U.S. officials in Washington.",
                "Lt. Gen. Ali Ayoub said “yes.”",
                "Then J. Doe left!",
                "New paragraph here"
            ]
        );
    }

    #[test]
    fn paragraphs_are_trimmed_blocks() {
        let t = TextIndex::new("Title\r\n\r\n  • bullet one\nline two  \n\n\nLast");
        let p: Vec<&str> = t.paragraphs().into_iter().map(|r| t.slice(r.start, r.end)).collect();
        assert_eq!(p, vec!["Title", "• bullet one\nline two", "Last"]);
    }

    #[test]
    fn abbreviations_are_short() {
        assert!(
            ABBREVIATIONS
                .iter()
                .all(|a| a.chars().count() <= ABBREVIATION_MAX_CHARS)
        );
        assert!(is_abbreviation("(Gen"));
        assert!(is_abbreviation(" J"));
        assert!(is_abbreviation("the U.S"));
        assert!(!is_abbreviation("the end"));
        assert!(!is_abbreviation(""));
    }

    #[test]
    fn sha_is_stable() {
        assert_eq!(
            sha256_hex("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    /// The char-by-char sentence splitter `sentences` replaced (bd5f2c4), kept as the
    /// reference the byte version must agree with.
    fn reference_sentences(t: &TextIndex) -> Vec<Range<usize>> {
        fn is_abbr(before: &[char]) -> bool {
            let from = before
                .iter()
                .rposition(|c| c.is_whitespace() || matches!(c, '(' | '"' | '“' | '‘'))
                .map_or(0, |p| p + 1);
            let word = &before[from..];
            if word.is_empty() {
                return false;
            }
            if let [c] = word
                && c.is_alphabetic()
                && c.is_uppercase()
            {
                return true;
            }
            if word.contains(&'.') && word.split(|c| *c == '.').all(|p| p.len() <= 2 && !p.is_empty()) {
                return true;
            }
            if word.len() > ABBREVIATION_MAX_CHARS {
                return false;
            }
            let word: String = word.iter().collect();
            ABBREVIATIONS.contains(&word.to_lowercase().as_str())
        }
        let mut paras = Vec::new();
        let mut para_start: Option<usize> = None;
        let mut para_end = 0;
        let mut pos = 0usize;
        for line in t.as_str().split_inclusive('\n') {
            let n = line.chars().count();
            let content = line.trim_end_matches(['\n', '\r']);
            if content.trim().is_empty() {
                if let Some(s) = para_start.take() {
                    paras.push(s..para_end);
                }
            } else {
                let lead = content.chars().take_while(|c| c.is_whitespace()).count();
                if para_start.is_none() {
                    para_start = Some(pos + lead);
                }
                para_end = pos + content.trim_end().chars().count();
            }
            pos += n;
        }
        if let Some(s) = para_start {
            paras.push(s..para_end);
        }
        assert_eq!(t.paragraphs(), paras);
        let mut out = Vec::new();
        for p in paras {
            let chars: Vec<char> = t.slice(p.start, p.end).chars().collect();
            let (mut s, mut i) = (0usize, 0usize);
            while i < chars.len() {
                let c = chars[i];
                if matches!(c, '.' | '!' | '?' | '…') {
                    let mut j = i + 1;
                    while j < chars.len()
                        && matches!(chars[j], '.' | '!' | '?' | '"' | '\'' | '”' | '’' | ')' | ']' | '»')
                    {
                        j += 1;
                    }
                    let mut k = j;
                    while k < chars.len() && chars[k].is_whitespace() {
                        k += 1;
                    }
                    let next_ok = k < chars.len()
                        && k > j
                        && (chars[k].is_uppercase()
                            || chars[k].is_numeric()
                            || matches!(chars[k], '"' | '“' | '‘' | '\'' | '(' | '«' | '•' | '-' | '—'));
                    if next_ok && !(c == '.' && is_abbr(&chars[s..i])) {
                        out.push(p.start + s..p.start + j);
                        s = k;
                        i = k;
                        continue;
                    }
                    i = j.max(i + 1);
                    continue;
                }
                i += 1;
            }
            if s < chars.len() {
                out.push(p.start + s..p.end);
            }
        }
        out
    }

    #[test]
    fn sentences_agree_with_the_char_by_char_reference() {
        let alphabet: Vec<&str> = vec![
            "a",
            "b",
            "Mr",
            "u",
            "S",
            "U",
            "J",
            "gen",
            "Gen",
            "\u{212a}",
            "İ",
            "Ж",
            "é",
            "ğ",
            ".",
            ".",
            ".",
            "!",
            "?",
            "…",
            "\"",
            "'",
            "”",
            "’",
            ")",
            "]",
            "»",
            "“",
            "‘",
            "(",
            "«",
            "•",
            "-",
            "—",
            " ",
            " ",
            " ",
            "\n",
            "\n",
            "\r\n",
            "\t",
            "\u{a0}",
            "\u{2009}",
            "\u{3000}",
            "7",
            "٣",
            "😀",
            "Ⅻ",
            "ǅ",
            "etc",
            "No",
            "sept",
            "abcdefghij",
        ];
        let mut seed = 0x9E37_79B9_7F4A_7C15u64;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        let mut texts: Vec<String> = vec![
            "Mr. Smith met U.S. officials in Washington. Lt. Gen. Ali Ayoub said “yes.” Then J. Doe left!".into(),
            "  \n\n".into(),
            "A. B. C.".into(),
            "Ends with a period. ".into(),
        ];
        for _ in 0..3000 {
            let n = (next() % 60) as usize;
            texts.push(
                (0..n)
                    .map(|_| alphabet[(next() % alphabet.len() as u64) as usize])
                    .collect(),
            );
        }
        for text in texts {
            let t = TextIndex::new(text.clone());
            let want = reference_sentences(&t);
            assert_eq!(t.sentences(), want, "{text:?}");
            let bytes: Vec<Range<usize>> = want.iter().map(|r| t.byte_range(r.start, r.end)).collect();
            assert_eq!(t.sentence_bytes(), bytes, "{text:?}");
        }
    }
}
