//! The document-consistency suggester: what one mention of a name teaches about its
//! other mentions in the same article (a person's surname after the full name).

use super::gazetteer::is_particle;
use super::rules::{Cand, Doc, cand, is_cap};
use crate::model::Label;
use crate::text::{sub, tail};

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
    if !surnames.is_empty() {
        // Indexed by (byte length, ASCII-lowercased surname): per capitalised word one
        // lookup per distinct length, however many people the article names.
        // A person named in full many times is one entry, not one per mention.
        let mut seen = std::collections::HashSet::new();
        surnames.retain(|p| seen.insert(p.clone()));
        let mut index: std::collections::HashMap<(usize, String), Vec<usize>> = std::collections::HashMap::new();
        for (i, (sur, _)) in surnames.iter().enumerate() {
            index.entry((sur.len(), sur.to_ascii_lowercase())).or_default().push(i);
        }
        let mut lengths: Vec<usize> = index.keys().map(|k| k.0).collect();
        lengths.sort_unstable();
        lengths.dedup();
        for (k, tk) in toks.iter().enumerate() {
            if !tk.word || !is_cap(doc.w(k)) {
                continue;
            }
            let s = tk.s;
            for &len in &lengths {
                let e = s + len;
                if e > text.len() || !text.is_char_boundary(e) {
                    continue;
                }
                let here = sub(text, s, e);
                let Some(found) = index.get(&(len, here.to_ascii_lowercase())) else {
                    continue;
                };
                if tail(text, e).chars().next().is_some_and(char::is_alphanumeric) {
                    continue;
                }
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
}

#[cfg(test)]
mod tests {
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
}
