//! The gazetteer suggester: gazetteer names at capitalised word starts (and "al-X"
//! starts), each with its category; `context.rs` decides their label.

use super::gazetteer::{Cat, Gazetteer, is_particle};
use super::rules::{Doc, is_cap};

/// One gazetteer match: byte range, category, index of its first token.
pub type Hit = (usize, usize, Cat, usize);

/// Every gazetteer match in the article, left to right, not overlapping.
pub fn hits(doc: &Doc, gaz: &Gazetteer) -> Vec<Hit> {
    hits_ref(doc, gaz).to_vec()
}

/// [`hits`], found once per article (a `Doc` is used with one gazetteer).
pub fn hits_ref<'d>(doc: &'d Doc, gaz: &Gazetteer) -> &'d [Hit] {
    doc.hits_memo().get_or_init(|| find(doc, gaz))
}

fn find(doc: &Doc, gaz: &Gazetteer) -> Vec<Hit> {
    let toks = &doc.toks;
    let n = toks.len();
    let mut hits: Vec<Hit> = Vec::new();
    let mut i = 0;
    while i < n {
        let t = toks[i];
        if !t.word {
            i += 1;
            continue;
        }
        let w = doc.w(i);
        // (The cheap tests first: most words are no particle before a hyphen.)
        let al = || {
            i + 2 < n
                && doc.w(i + 1) == "-"
                && !toks[i + 1].sp
                && !toks[i + 2].sp
                && is_cap(doc.w(i + 2))
                && is_particle(w)
        };
        if (is_cap(w) || al())
            && let Some(h) = doc.gaz_at(gaz, i)
        {
            // A leading "The" stays outside a body's name ("The Daily Courier" -> "Daily Courier").
            if h.cat.is_actor() && w == "The" && i + 1 < n && toks[i + 1].e <= h.end {
                hits.push((toks[i + 1].s, h.end, h.cat, i + 1));
            } else {
                hits.push((h.start, h.end, h.cat, i));
            }
            i = doc.tok_at(h.end);
            continue;
        }
        i += 1;
    }
    hits
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::suggest::gazetteer::Gazetteer;

    fn found(text: &str) -> Vec<String> {
        let gaz = Gazetteer::embedded();
        let doc = Doc::new(text);
        hits(&doc, &gaz)
            .iter()
            .map(|h| crate::text::sub(text, h.0, h.1).to_string())
            .collect()
    }

    #[test]
    fn finds_capitalised_gazetteer_names_only() {
        let f = found("Delegates from France met in Nairobi; the france word is lower case.");
        assert!(f.contains(&"France".to_string()), "{f:?}");
        assert!(f.contains(&"Nairobi".to_string()), "{f:?}");
        assert_eq!(f.iter().filter(|w| w.as_str() == "France").count(), 1);
    }

    #[test]
    fn hits_do_not_overlap() {
        let gaz = Gazetteer::embedded();
        let text = "The United Nations Security Council met in New York and Buenos Aires.";
        let doc = Doc::new(text);
        let h = hits(&doc, &gaz);
        for w in h.windows(2) {
            assert!(w[0].1 <= w[1].0, "{h:?}");
        }
    }

    #[test]
    fn a_leading_the_stays_outside_a_body() {
        let f = found("Yesterday The New York Times reported it.");
        assert!(f.contains(&"New York Times".to_string()), "{f:?}");
    }
}
