//! The memory layer: what the analysts taught in this corpus (accepted and rejected
//! surface strings), found again in an article, and the filter that drops suggestions
//! the article already has. Both run in time linear in the article's length: one
//! Aho-Corasick pass finds every taught string, and every lookup is hashed or a binary
//! search over sorted, disjoint ranges.

use super::gazetteer::{self, Cat, Gazetteer};
use super::rules::Cand;
use super::{Suggestion, iou};
use crate::model::{Annotations, Label};
use crate::text::{head, sub, tail};
use aho_corasick::AhoCorasick;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::OnceLock;

/// (accepted, rejected) counts per (label, surface string).
pub type Counts<'a> = BTreeMap<(Label, &'a str), (usize, usize)>;

/// National capitals (GeoNames, `spanbench gazetteers`): their names also stand for
/// governments ("Moscow said"), so memory never fixes their label.
const CAPITALS: &str = include_str!("../../assets/gazetteers/geonames_capitals.txt");

fn is_capital(name: &str) -> bool {
    static SET: OnceLock<HashSet<&'static str>> = OnceLock::new();
    SET.get_or_init(|| super::lexicon::parse(CAPITALS).collect())
        .contains(name)
}

/// Applies the corpus memory to one article's entities (byte offsets, disjoint, as
/// `rules::entities` returns them, or after the model's merge): confirms or relabels the
/// spans found, adds the taught strings missed (a learned name wins over a shorter span
/// it covers, not over an equal or longer one), and lowers the score of rejected
/// strings. `own` holds the (label, surface) pairs tagged in this very article: a town
/// tagged with one label there keeps it everywhere in the article.
pub fn apply(gaz: &Gazetteer, src: &str, ents: Vec<Cand>, counts: &Counts, own: &HashSet<(Label, &str)>) -> Vec<Cand> {
    let mut ents = ents;
    // Surfaces to look for, each with its (label, accepted, rejected) in label order.
    let mut surfaces: Vec<&str> = Vec::new();
    let mut per_surface: Vec<Vec<(Label, usize, usize)>> = Vec::new();
    let mut ids: HashMap<&str, usize> = HashMap::new();
    for (&(label, surface), &(acc, rej)) in counts {
        if surface.is_empty() || acc == 0 {
            continue;
        }
        let id = *ids.entry(surface).or_insert_with(|| {
            surfaces.push(surface);
            per_surface.push(Vec::new());
            surfaces.len() - 1
        });
        per_surface[id].push((label, acc, rej));
    }
    let mut mem: Vec<Cand> = Vec::new();
    if !surfaces.is_empty()
        && let Ok(ac) = AhoCorasick::new(&surfaces)
    {
        let at: HashMap<(usize, usize), usize> = ents.iter().enumerate().map(|(i, c)| ((c.start, c.end), i)).collect();
        for m in ac.find_overlapping_iter(src) {
            let (b, e) = (m.start(), m.end());
            let before_ok = !head(src, b).chars().next_back().is_some_and(char::is_alphanumeric);
            let after_ok = !tail(src, e).chars().next().is_some_and(char::is_alphanumeric);
            if !before_ok || !after_ok {
                continue;
            }
            // A place name's label is the context's to decide, not memory's.
            let hit = gaz.match_at(src, b).filter(|h| h.end == e);
            let place = hit.is_some_and(|h| h.cat.is_place() || h.cat == gazetteer::Cat::DemonymAdj);
            let town = hit.is_some_and(|h| matches!(h.cat, Cat::City | Cat::Admin1 | Cat::Region))
                && !is_capital(sub(src, b, e));
            let labels = &per_surface[m.pattern().as_usize()];
            for &(label, acc, rej) in labels {
                let rule = at.get(&(b, e)).copied();
                if place {
                    let Some(c) = rule.map(|i| &mut ents[i]) else { continue };
                    if c.label == label {
                        c.score = (c.score + 0.05 * acc as f32).min(0.99);
                        c.why = format!("{}; seen {acc}x as {label} in this corpus", c.why);
                    } else if town
                        && labels.len() == 1
                        && acc > rej
                        && own.contains(&(label, surfaces[m.pattern().as_usize()]))
                    {
                        // A town, region or province (not a country or a capital, whose
                        // names also stand for governments) the analyst tagged with one
                        // label in this article, and never otherwise in the corpus:
                        // one label per place across the article.
                        c.label = label;
                        c.score = (0.5 + 0.1 * acc as f32 - 0.2 * rej as f32).clamp(0.05, 0.95);
                        c.why = format!("seen {acc}x as {label} in this corpus (in this article too), never otherwise");
                        c.source = "memory";
                    }
                    continue;
                }
                let score = (0.5 + 0.1 * acc as f32 - 0.2 * rej as f32).clamp(0.05, 0.95);
                let mut why = format!("seen {acc}x as {label} in this corpus");
                if rej > 0 {
                    why.push_str(&format!(", rejected {rej}x"));
                }
                // Where a rule already found this very span, memory confirms it or, for
                // another label (places were decided above), the analysts' label wins.
                if let Some(i) = rule {
                    let c = &mut ents[i];
                    if c.label == label {
                        c.score = (c.score + 0.1 * acc as f32 - 0.2 * rej as f32).clamp(0.05, 0.99);
                        c.why = format!("{}; {why}", c.why);
                    } else if acc > rej && c.source != "memory" {
                        c.label = label;
                        c.score = score;
                        c.why = why;
                        c.source = "memory";
                    }
                    continue;
                }
                mem.push(Cand {
                    label,
                    start: b,
                    end: e,
                    score,
                    why,
                    source: "memory",
                    speaker: None,
                    person: false,
                });
            }
        }
    }
    // Learned strings against the rule spans, longest first. The set stays disjoint, so
    // the spans a new one overlaps are the ones just before its end.
    mem.sort_by(|a, b| {
        (b.end - b.start)
            .cmp(&(a.end - a.start))
            .then(a.start.cmp(&b.start))
            .then(a.label.cmp(&b.label))
    });
    let mut set: BTreeMap<usize, Cand> = BTreeMap::new();
    for c in ents {
        set.insert(c.start, c);
    }
    for m in mem {
        let overlapping: Vec<usize> = set
            .range(..m.end)
            .rev()
            .take_while(|(_, c)| c.end > m.start)
            .map(|(&s, _)| s)
            .collect();
        if overlapping.iter().any(|s| set[s].end - set[s].start >= m.end - m.start) {
            continue;
        }
        for s in overlapping {
            set.remove(&s);
        }
        set.insert(m.start, m);
    }
    let mut ents: Vec<Cand> = set.into_values().collect();
    // Rejected strings lose score everywhere.
    for c in ents.iter_mut() {
        if let Some(&(_, rej)) = counts.get(&(c.label, sub(src, c.start, c.end)))
            && rej > 0
            && c.source != "memory"
        {
            c.score = (c.score - 0.2 * rej as f32).max(0.05);
            c.why = format!("{}; rejected {rej}x in this corpus", c.why);
        }
    }
    ents
}

/// What an article already holds, indexed for the suggestion filter: its spans by
/// (label, start, end), its rejections, and its claims and names as sorted ranges.
pub struct Present {
    exact: HashSet<(Label, usize, usize)>,
    claims: Ranges,
    names: Ranges,
}

impl Present {
    pub fn new(ann: &Annotations) -> Present {
        let mut exact: HashSet<(Label, usize, usize)> = ann.spans.iter().map(|s| (s.label, s.start, s.end)).collect();
        exact.extend(ann.rejected.iter().map(|r| (r.label, r.start, r.end)));
        let claims = Ranges::new(
            ann.spans
                .iter()
                .filter(|s| s.label == Label::Claim)
                .map(|s| (s.start, s.end)),
        );
        let names = Ranges::new(
            ann.spans
                .iter()
                .filter(|s| s.label != Label::Claim)
                .map(|s| (s.start, s.end)),
        );
        Present { exact, claims, names }
    }

    /// The span is there already, or was rejected.
    pub fn has(&self, label: Label, start: usize, end: usize) -> bool {
        self.exact.contains(&(label, start, end))
    }

    /// What an analyst tagged there wins over a suggestion overlapping it: a claim
    /// clashes with a claim at IoU >= 0.5, a name with any overlapping name.
    pub fn clashes(&self, s: &Suggestion) -> bool {
        if s.label == Label::Claim {
            self.claims
                .overlapping(s.start, s.end)
                .any(|(a, b)| iou(a, b, s.start, s.end) >= 0.5)
        } else {
            self.names.overlapping(s.start, s.end).next().is_some()
        }
    }
}

/// Char ranges sorted by start, with the running maximum of their ends, so the ones
/// overlapping a query are found by a binary search and a walk back over neighbours.
struct Ranges {
    ranges: Vec<(usize, usize)>,
    max_end: Vec<usize>,
}

impl Ranges {
    fn new(it: impl Iterator<Item = (usize, usize)>) -> Ranges {
        let mut ranges: Vec<(usize, usize)> = it.collect();
        ranges.sort_unstable();
        let mut m = 0;
        let max_end = ranges
            .iter()
            .map(|r| {
                m = m.max(r.1);
                m
            })
            .collect();
        Ranges { ranges, max_end }
    }

    fn overlapping(&self, start: usize, end: usize) -> impl Iterator<Item = (usize, usize)> + '_ {
        let k = self.ranges.partition_point(|r| r.0 < end);
        (0..k)
            .rev()
            .take_while(move |&i| self.max_end[i] > start)
            .map(|i| self.ranges[i])
            .filter(move |r| r.1 > start)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_find_every_overlap_and_only_those() {
        let r = Ranges::new([(0, 10), (2, 3), (5, 6), (12, 20)].into_iter());
        let mut got: Vec<_> = r.overlapping(4, 13).collect();
        got.sort();
        assert_eq!(got, vec![(0, 10), (5, 6), (12, 20)]);
        assert_eq!(r.overlapping(10, 12).count(), 0);
        assert_eq!(r.overlapping(20, 30).count(), 0);
    }
}
