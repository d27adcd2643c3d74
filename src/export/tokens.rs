//! The deterministic tokeniser the token-based formats (Prodigy, CoNLL) share.
//!
//! Rules, in order:
//! 1. whitespace separates tokens and belongs to none;
//! 2. a run of letters and digits (with combining marks) is one token;
//! 3. every other character (punctuation, symbols, quotes, dashes) is a token of its own;
//! 4. a token is split at every given cut (the span edges), so each span starts at a
//!    token's start and ends at a token's end and no span is ever lost.
//!
//! Offsets are Unicode scalar values, like everywhere else.

use crate::text::TextIndex;

/// A token: `[start, end)` in chars, and whether whitespace follows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    pub start: usize,
    pub end: usize,
    pub ws: bool,
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '\u{300}'..='\u{36f}' | '\u{200c}' | '\u{200d}')
}

/// Tokenises `text`, splitting tokens at every offset in `cuts` (any order).
pub fn tokenize(text: &TextIndex, cuts: &[usize]) -> Vec<Token> {
    let mut cuts: Vec<usize> = cuts.to_vec();
    cuts.sort_unstable();
    cuts.dedup();
    let mut out: Vec<Token> = Vec::with_capacity(text.len_chars() / 4 + 1);
    let mut cut_i = 0;
    let mut push = |start: usize, end: usize, out: &mut Vec<Token>| {
        while cut_i < cuts.len() && cuts[cut_i] <= start {
            cut_i += 1;
        }
        let mut s = start;
        while cut_i < cuts.len() && cuts[cut_i] < end {
            out.push(Token {
                start: s,
                end: cuts[cut_i],
                ws: false,
            });
            s = cuts[cut_i];
            cut_i += 1;
        }
        out.push(Token {
            start: s,
            end,
            ws: false,
        });
    };
    let mut word_start: Option<usize> = None;
    let mut i = 0usize;
    for c in text.as_str().chars() {
        if is_word_char(c) {
            if word_start.is_none() {
                word_start = Some(i);
            }
        } else {
            if let Some(ws) = word_start.take() {
                push(ws, i, &mut out);
            }
            if c.is_whitespace() {
                if let Some(last) = out.last_mut()
                    && last.end == i
                {
                    last.ws = true;
                }
            } else {
                push(i, i + 1, &mut out);
            }
        }
        i += 1;
    }
    if let Some(ws) = word_start {
        push(ws, i, &mut out);
    }
    out
}

/// spaCy's convention on top of [`tokenize`]: a token's `ws` means exactly one `' '`
/// follows it, and any other whitespace (line breaks, runs of spaces, leading
/// whitespace) is a token of its own, so the tokens and their `ws` rebuild the text
/// exactly (`Doc(words, spaces).text == text`), as Prodigy and spaCy expect.
pub fn tokenize_with_space(text: &TextIndex, cuts: &[usize]) -> Vec<Token> {
    let words = tokenize(text, cuts);
    let mut out: Vec<Token> = Vec::with_capacity(words.len() + words.len() / 8 + 2);
    let mut pos = 0usize;
    let gap = |out: &mut Vec<Token>, from: usize, to: usize| {
        let mut from = from;
        if from < to
            && text.char_at(from) == Some(' ')
            && let Some(last) = out.last_mut()
            && last.end == from
            && !last.ws
        {
            last.ws = true;
            from += 1;
        }
        if from < to {
            out.push(Token {
                start: from,
                end: to,
                ws: false,
            });
        }
    };
    for w in words {
        gap(&mut out, pos, w.start);
        out.push(Token { ws: false, ..w });
        pos = w.end;
    }
    gap(&mut out, pos, text.len_chars());
    out
}

/// The index of the token starting at `start` and of the token ending at `end`, if
/// both are token boundaries.
pub fn token_range(tokens: &[Token], start: usize, end: usize) -> Option<(usize, usize)> {
    let ts = tokens.binary_search_by_key(&start, |t| t.start).ok()?;
    let te = tokens.binary_search_by_key(&end, |t| t.end).ok()?;
    (ts <= te).then_some((ts, te))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(t: &TextIndex, toks: &[Token]) -> Vec<String> {
        toks.iter().map(|k| t.slice(k.start, k.end).to_string()).collect()
    }

    #[test]
    fn splits_words_punctuation_and_cuts() {
        let t = TextIndex::new("“Erdoğan’s ISIS-held #СИРИЯ”  ok.");
        let toks = tokenize(&t, &[]);
        assert_eq!(
            texts(&t, &toks),
            [
                "“",
                "Erdoğan",
                "’",
                "s",
                "ISIS",
                "-",
                "held",
                "#",
                "СИРИЯ",
                "”",
                "ok",
                "."
            ]
        );
        assert!(toks[3].ws && !toks[2].ws && toks[9].ws);
        // Cuts split inside a word; the split part has no whitespace after it.
        let toks = tokenize(&t, &[4, 13, 13]);
        assert_eq!(texts(&t, &toks)[1..3], ["Erd", "oğan"]);
        assert!(!toks[1].ws);
        assert_eq!(token_range(&toks, 1, 4), Some((1, 1)));
        assert_eq!(token_range(&toks, 2, 4), None);
    }

    #[test]
    fn space_tokens_rebuild_the_text() {
        let t = TextIndex::new("  “Erdoğan”  said\n\nКремль. ok \n");
        let toks = tokenize_with_space(&t, &[6]);
        let mut rebuilt = String::new();
        for k in &toks {
            rebuilt.push_str(t.slice(k.start, k.end));
            if k.ws {
                rebuilt.push(' ');
            }
        }
        assert_eq!(rebuilt, t.as_str());
        assert_eq!(
            texts(&t, &toks),
            [
                "  ",
                "“",
                "Erd",
                "oğan",
                "”",
                " ",
                "said",
                "\n\n",
                "Кремль",
                ".",
                "ok",
                "\n"
            ]
        );
        assert!(toks[4].ws && !toks[6].ws && toks[9].ws && toks[10].ws);
    }
}
