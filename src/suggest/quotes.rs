//! Direct quotes in every typography, found in one pass over the tokens: “...”, "...",
//! ‘...’, ''...'' and ``...'' (newswire), „...“ and „...”, «...», ‹...›. A quote left open
//! runs to the end of its paragraph (a block quote of several paragraphs opens each one
//! again). Byte offsets.

use super::rules::Doc;

/// A quote segment: content start, content end, opening mark start, closing mark end.
pub type Quote = (usize, usize, usize, usize);

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Kind {
    Curly,
    Low,
    Guillemet,
    GuillemetSingle,
    Straight,
    Single,
    Tex,
    DoubleApos,
}

/// Every quote segment of the article, sorted and disjoint.
pub fn find(doc: &Doc) -> Vec<Quote> {
    let toks = &doc.toks;
    let mut out = Vec::new();
    // (kind, content start, opening mark start)
    let mut open: Option<(Kind, usize, usize)> = None;
    let mut i = 0;
    while i < toks.len() {
        let t = toks[i];
        if t.nl
            && let Some((_, o, m)) = open.take()
        {
            let pe = toks[..i].last().map(|x| x.e).unwrap_or(o).max(o);
            out.push((o, pe, m, pe));
        }
        if t.word {
            i += 1;
            continue;
        }
        let w = doc.w(i);
        // The next token, when it touches this one.
        let glued = toks.get(i + 1).filter(|n| !n.sp).map(|_| doc.w(i + 1));
        let next_is_word = toks.get(i + 1).is_some_and(|n| !n.sp && n.word);
        let prev_glued = i > 0 && !t.sp;
        let mut width = 1;
        match open {
            None => {
                let kind = match w {
                    "“" => Some(Kind::Curly),
                    "„" => Some(Kind::Low),
                    "«" => Some(Kind::Guillemet),
                    "‹" => Some(Kind::GuillemetSingle),
                    "\"" => Some(Kind::Straight),
                    "‘" if next_is_word || glued.is_some_and(|g| g != " ") => Some(Kind::Single),
                    "`" if glued == Some("`") => {
                        width = 2;
                        Some(Kind::Tex)
                    }
                    "'" if glued == Some("'") && !prev_glued_word(doc, i) => {
                        width = 2;
                        Some(Kind::DoubleApos)
                    }
                    _ => None,
                };
                if let Some(k) = kind {
                    let end = toks[i + width - 1].e;
                    open = Some((k, end, t.s));
                }
            }
            Some((kind, o, m)) => {
                let close = match (kind, w) {
                    (Kind::Curly, "”") => true,
                    (Kind::Low, "“" | "”") => true,
                    (Kind::Guillemet, "»") => true,
                    (Kind::GuillemetSingle, "›") => true,
                    (Kind::Straight, "\"") => true,
                    (Kind::Single, "’") => prev_glued && !doc.is_possessive_at(i) && !next_is_word,
                    (Kind::Tex | Kind::DoubleApos, "'") if glued == Some("'") => {
                        width = 2;
                        true
                    }
                    _ => false,
                };
                if close {
                    out.push((o, t.s, m, toks[i + width - 1].e));
                    open = None;
                }
            }
        }
        i += width;
    }
    if let Some((_, o, m)) = open {
        let pe = toks.last().map(|x| x.e).unwrap_or(o).max(o);
        out.push((o, pe, m, pe));
    }
    out
}

/// `''` right after a word ("the rebels''") is not an opening mark.
fn prev_glued_word(doc: &Doc, i: usize) -> bool {
    i > 0 && !doc.toks[i].sp && doc.toks[i - 1].word
}

#[cfg(test)]
mod tests {
    use super::*;

    fn quoted(text: &str) -> Vec<String> {
        let doc = Doc::new(text);
        find(&doc)
            .into_iter()
            .map(|(s, e, _, _)| crate::text::sub(text, s, e).to_string())
            .collect()
    }

    #[test]
    fn every_typography() {
        assert_eq!(quoted("He said “we will stay here” today."), ["we will stay here"]);
        assert_eq!(quoted("He said \"we will stay here\" today."), ["we will stay here"]);
        assert_eq!(quoted("He said ‘we will stay here’ today."), ["we will stay here"]);
        assert_eq!(quoted("He said ''we will stay here'' today."), ["we will stay here"]);
        assert_eq!(quoted("He said ``we will stay here'' today."), ["we will stay here"]);
        assert_eq!(quoted("Er sagte „wir bleiben hier“ heute."), ["wir bleiben hier"]);
        assert_eq!(quoted("Il a dit « nous restons ici » hier."), [" nous restons ici "]);
    }

    #[test]
    fn apostrophes_are_not_quotes() {
        assert!(quoted("The rebels’ base and Russia’s jets don’t move.").is_empty());
    }

    #[test]
    fn an_open_quote_ends_with_its_paragraph() {
        assert_eq!(
            quoted("“First paragraph of it\n\n“Second one.”"),
            ["First paragraph of it", "Second one."]
        );
    }
}
