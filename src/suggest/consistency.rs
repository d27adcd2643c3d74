//! The document-consistency suggester: what one mention of a name teaches about its
//! other mentions in the same article: a person's surname after the full name, an
//! acronym defined in parentheses, a name found with confidence once.
//!
//! Every pass is linear in the article: one walk over the tokens with hash look-ups.

use super::gazetteer::is_particle;
use super::rules::{Cand, Doc, cand, is_cap};
use crate::model::Label;
use crate::text::{sub, tail};
use rustc_hash::{FxHashMap, FxHashSet};

/// Lowest score of a name that teaches its other mentions.
const TEACHER_SCORE: f32 = 0.6;

/// Longest name, in tokens, that teaches its other mentions.
const MAX_TEACHER_TOKENS: usize = 16;

/// Whether `w` is written as an acronym: 2 to 8 capitals or digits, starting with a
/// capital ("AA", "GNA", "UNAMA", "M23").
fn is_acronym(w: &str) -> bool {
    let n = w.chars().count();
    (2..=8).contains(&n)
        && w.chars().all(|c| c.is_uppercase() || c.is_ascii_digit())
        && w.chars().next().is_some_and(char::is_uppercase)
}

/// Whether the capitals of `long` spell `acr` ("Government of National Accord" -> GNA).
fn initials_match(long: &str, acr: &str) -> bool {
    let caps: String = long
        .split([' ', '-'])
        .filter_map(|w| w.chars().next())
        .filter(|c| c.is_uppercase())
        .collect();
    let letters: String = acr.chars().filter(|c| c.is_alphabetic()).collect();
    !letters.is_empty() && caps == letters
}

/// The first token of the capitalised words ending at token `last` whose initials
/// spell `acr` (at most 12 tokens back), if any.
fn spelled_before(doc: &Doc, last: usize, acr: &str) -> Option<usize> {
    let toks = &doc.toks;
    let before = toks[last].e;
    let mut k = last;
    for _ in 0..12 {
        let w = doc.w(k);
        if !(toks[k].word && (is_cap(w) || is_particle(w)) || w == "-") {
            return None;
        }
        if toks[k].word && is_cap(w) && initials_match(sub(doc.text, toks[k].s, before), acr) {
            return Some(k);
        }
        k = k.checked_sub(1)?;
    }
    None
}

/// Acronyms defined in parentheses after a name ("Arakan Army (AA)"): the acronym there
/// and at every later use gets the long form's label. `ents` are the resolved entities.
pub fn acronyms(doc: &Doc, ents: &[Cand], out: &mut Vec<Cand>) {
    let text = doc.text;
    let toks = &doc.toks;
    let n = toks.len();
    let by_end: FxHashMap<usize, usize> = ents.iter().enumerate().map(|(i, c)| (c.end, i)).collect();
    // acronym -> (label, long form, first byte where it applies)
    let mut defs: FxHashMap<&str, (Label, String, usize)> = FxHashMap::default();
    for i in 1..n.saturating_sub(2) {
        if doc.w(i) != "(" || doc.w(i + 2) != ")" || !toks[i + 1].word || !is_acronym(doc.w(i + 1)) {
            continue;
        }
        let acr = doc.w(i + 1);
        if defs.contains_key(acr) {
            continue;
        }
        let before = toks[i - 1].e;
        let found = by_end
            .get(&before)
            .map(|&k| &ents[k])
            .filter(|c| c.label != Label::Claim);
        let spelled = spelled_before(doc, i - 1, acr);
        let (label, long) = match (found, spelled) {
            // An entity that starts later than the words the acronym spells is cut
            // ("of National Accord" for "Government of National Accord (GNA)").
            (c, Some(st)) if c.is_none_or(|c| toks[st].s < c.start) => {
                let label = c.map_or(Label::Actor, |c| c.label);
                out.push(cand(
                    label,
                    toks[st].s,
                    before,
                    0.7,
                    format!("defined as '{acr}'"),
                    "consistency",
                ));
                (label, sub(text, toks[st].s, before).to_string())
            }
            (Some(c), _) => (c.label, sub(text, c.start, c.end).to_string()),
            (None, _) => continue,
        };
        defs.insert(acr, (label, long, toks[i + 1].s));
    }
    if defs.is_empty() {
        return;
    }
    for (k, t) in toks.iter().enumerate().filter(|(_, t)| t.word) {
        let w = doc.w(k);
        if let Some((label, long, from)) = defs.get(w)
            && t.s >= *from
        {
            out.push(cand(
                *label,
                t.s,
                t.e,
                0.8,
                format!("acronym of '{long}'"),
                "consistency",
            ));
        }
    }
}

/// A name found with confidence by the names suggester (a person, an organisation, a
/// place by its context) teaches its other mentions in the article, where nothing else
/// was found. Gazetteer places are left to their context: a country can be an actor in
/// one sentence and a place in the next.
pub fn propagate(doc: &Doc, ents: &[Cand], out: &mut Vec<Cand>) {
    let text = doc.text;
    let toks = &doc.toks;
    // surface -> (label, score); the longest teacher in tokens bounds the look-ups.
    let mut teach: FxHashMap<&str, (Label, f32)> = FxHashMap::default();
    let mut max_toks = 0;
    for c in ents {
        // Names and the names of results lines ("Norvik 2 Talland 1" teaches "Talland
        // won" in the report above it).
        if !matches!(c.source, "names" | "layout") || c.score < TEACHER_SCORE || c.label == Label::Claim {
            continue;
        }
        let len = doc.tok_at(c.end) - doc.tok_at(c.start);
        if len == 0 || len > MAX_TEACHER_TOKENS {
            continue;
        }
        max_toks = max_toks.max(len);
        let e = teach.entry(sub(text, c.start, c.end)).or_insert((c.label, c.score));
        if c.score > e.1 {
            *e = (c.label, c.score);
        }
    }
    if teach.is_empty() {
        return;
    }
    // The byte lengths of the teachers: a stretch of another length is no look-up.
    let max_len = teach.keys().map(|t| t.len()).max().unwrap_or(0);
    let mut has_len = vec![false; max_len + 1];
    // And their first bytes: a stretch that starts with another byte is no look-up.
    let mut first = [false; 256];
    for t in teach.keys() {
        has_len[t.len()] = true;
        match t.as_bytes().first() {
            Some(&b) => first[b as usize] = true,
            None => first = [true; 256],
        }
    }
    // `ents` are resolved: sorted by start and not overlapping.
    let covered = |s: usize, e: usize| {
        let k = ents.partition_point(|c| c.start < e);
        k > 0 && ents[k - 1].end > s
    };
    let n = toks.len();
    for k in 0..n {
        let t = toks[k];
        if !t.word || !first[text.as_bytes()[t.s] as usize] || !is_cap(doc.w(k)) {
            continue;
        }
        // Longest first; at most `max_toks` hash look-ups per capitalised word.
        for last in (k..n.min(k + max_toks)).rev() {
            let e = toks[last].e;
            if !has_len.get(e - t.s).is_some_and(|&h| h) {
                continue;
            }
            let Some(&(label, _)) = teach.get(sub(text, t.s, e)) else {
                continue;
            };
            if tail(text, e).chars().next().is_some_and(char::is_alphanumeric) || covered(t.s, e) {
                break;
            }
            let surface = sub(text, t.s, e);
            out.push(cand(
                label,
                t.s,
                e,
                0.6,
                format!("same name as '{surface}' elsewhere"),
                "consistency",
            ));
            break;
        }
    }
}

/// Surnames of people named in full: "Lavrov said", "Warren".
pub fn surnames(doc: &Doc, persons: &[(usize, usize)], out: &mut Vec<Cand>) {
    let text = doc.text;
    let toks = &doc.toks;
    let mut surnames: Vec<(String, String)> = Vec::new();
    for &(s, e) in persons {
        let full = sub(text, s, e);
        let parts: Vec<&str> = full.split(' ').collect();
        if parts.len() >= 2 {
            let last = parts[parts.len() - 1];
            let pen = parts[parts.len() - 2];
            if is_particle(pen) {
                surnames.push((format!("{pen} {last}"), full.to_string()));
            }
            if last.chars().count() >= 3 {
                surnames.push((last.to_string(), full.to_string()));
            }
        }
    }
    if surnames.is_empty() {
        return;
    }
    // Indexed by the ASCII-lowercased surname: per capitalised word one look-up per
    // distinct length that ends at a word end, however many people the article names.
    // A person named in full many times is one entry, not one per mention.
    let mut seen = FxHashSet::default();
    surnames.retain(|p| seen.insert(p.clone()));
    let mut index: FxHashMap<Vec<u8>, Vec<usize>> = FxHashMap::default();
    for (i, (sur, _)) in surnames.iter().enumerate() {
        index.entry(sur.as_bytes().to_ascii_lowercase()).or_default().push(i);
    }
    let mut lengths: Vec<usize> = index.keys().map(Vec::len).collect();
    lengths.sort_unstable();
    lengths.dedup();
    // The surnames' first bytes (lower-cased): a word that starts with none is no surname
    // (an empty surname, which any word would start, turns the test off).
    let mut first = [false; 256];
    for key in index.keys() {
        match key.first() {
            Some(&b) => first[b as usize] = true,
            None => first = [true; 256],
        }
    }
    let bytes = text.as_bytes();
    let mut lower: Vec<u8> = Vec::new();
    for (k, tk) in toks.iter().enumerate() {
        if !tk.word || !first[bytes[tk.s].to_ascii_lowercase() as usize] || !is_cap(doc.w(k)) {
            continue;
        }
        let s = tk.s;
        for &len in &lengths {
            let e = s + len;
            if e > text.len() {
                break;
            }
            // A word end first (cheap), then the look-up.
            if !text.is_char_boundary(e) || tail(text, e).chars().next().is_some_and(char::is_alphanumeric) {
                continue;
            }
            lower.clear();
            lower.extend(bytes[s..e].iter().map(u8::to_ascii_lowercase));
            let Some(found) = index.get(lower.as_slice()) else {
                continue;
            };
            let here = sub(text, s, e);
            for &i in found {
                let (sur, full) = &surnames[i];
                if here == sur || is_cap(here) {
                    let mut c = cand(Label::Actor, s, e, 0.75, format!("same person as {full}"), "names");
                    c.person = true;
                    out.push(c);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{initials_match, is_acronym};
    use crate::model::Label;
    use crate::suggest::rules::tagged;

    #[test]
    fn a_surname_after_the_full_name_is_the_same_person() {
        let t = "Foreign Minister Halvard Brekke arrived. Later Brekke spoke to reporters.";
        let v = tagged(t);
        assert_eq!(
            v.iter().filter(|(l, s)| *l == Label::Actor && s == "Brekke").count(),
            1,
            "{v:?}"
        );
    }

    fn count(v: &[(Label, String)], label: Label, surface: &str) -> usize {
        v.iter().filter(|(l, s)| *l == label && s == surface).count()
    }

    #[test]
    fn an_acronym_defined_after_an_organisation_is_tagged_at_every_later_use() {
        let t = "Fighting involved the Coastal Liberation Front (CLF) on Monday. The CLF said it \
                 withdrew, and CLF units left.";
        let v = tagged(t);
        assert_eq!(count(&v, Label::Actor, "CLF"), 3, "{v:?}");
    }

    #[test]
    fn an_acronym_whose_initials_spell_the_words_before_defines_them() {
        let t = "He met the Council of Northern Elders (CNE) in March. Later the CNE voted.";
        let v = tagged(t);
        assert_eq!(count(&v, Label::Actor, "CNE"), 2, "{v:?}");
        assert!(
            v.iter()
                .any(|(l, s)| *l == Label::Actor && s.ends_with("Northern Elders")),
            "{v:?}"
        );
    }

    #[test]
    fn a_parenthesised_acronym_with_no_matching_name_is_not_propagated() {
        let t = "prices rose sharply (GDP) and then GDP fell.";
        let v = tagged(t);
        assert_eq!(count(&v, Label::Actor, "GDP"), 0, "{v:?}");
    }

    #[test]
    fn acronym_shapes_and_initials() {
        assert!(!is_acronym("Aa"));
        assert!(is_acronym("M23"));
        assert!(initials_match("Government of National Accord", "GNA"));
        assert!(!initials_match("Government of National Accord", "GN"));
    }

    #[test]
    fn a_name_found_with_confidence_teaches_its_bare_mentions() {
        // "Korvelo" is a place by "the town of"; the later bare mention follows.
        let t = "Shelling hit the town of Korvelo overnight. Residents fled Korvelo by bus.";
        let v = tagged(t);
        assert_eq!(count(&v, Label::Location, "Korvelo"), 2, "{v:?}");
    }

    #[test]
    fn an_acronym_extends_a_name_cut_at_its_start() {
        let t = "Troops of the Government of Southern Union (GSU) advanced. The GSU said so.";
        let v = tagged(t);
        assert!(
            v.iter()
                .any(|(l, s)| *l == Label::Actor && s == "Government of Southern Union"),
            "{v:?}"
        );
        assert_eq!(count(&v, Label::Actor, "GSU"), 2, "{v:?}");
    }

    #[test]
    fn a_name_of_a_results_line_teaches_its_other_mentions() {
        let t = "Late goal lifts Talvikki.\nTalvikki won at home on Sunday.\nNorvik 1 Talvikki 2\n";
        let v = tagged(t);
        assert_eq!(count(&v, Label::Actor, "Talvikki"), 3, "{v:?}");
    }
}
