//! Label maps for `spanbench import --map Source=ACTOR,Content=CLAIM`: other teams'
//! entity and relation types onto ours. With a map, spans of types it does not name
//! (and that are not ours) are ignored and counted, as are relations of other types
//! and relations to an ignored span; without one, an unknown type is an error.

use super::{DocRecord, Format, RecordRelation};
use crate::model::Label;
use serde_json::Value;
use std::collections::{BTreeMap, HashSet};

/// What an external type becomes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    Span(Label),
    SaidBy,
}

/// External type names (compared case-insensitively) to ours.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LabelMap {
    entries: Vec<(String, Target)>,
}

/// What an import passed over, in words ("T lines of type \"Person\"") with counts.
pub type Ignored = BTreeMap<String, usize>;

impl LabelMap {
    /// `Source=ACTOR,Content=CLAIM,Says=SAID_BY`.
    pub fn parse(s: &str) -> Result<LabelMap, String> {
        let mut entries = Vec::new();
        for part in s.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let (from, to) = part
                .split_once('=')
                .ok_or_else(|| format!("{part:?}: a map entry is THEIR_TYPE=OUR_LABEL"))?;
            let (from, to) = (from.trim(), to.trim());
            if from.is_empty() {
                return Err(format!("{part:?}: the type to map is empty"));
            }
            let target = if super::is_said_by(to) {
                Target::SaidBy
            } else {
                Target::Span(
                    Label::parse(to)
                        .ok_or_else(|| format!("{part:?}: {to:?} is not ACTOR, CLAIM, LOCATION or SAID_BY"))?,
                )
            };
            if entries
                .iter()
                .any(|(f, _): &(String, Target)| f.eq_ignore_ascii_case(from))
            {
                return Err(format!("{from:?} is mapped twice"));
            }
            entries.push((from.to_string(), target));
        }
        if entries.is_empty() {
            return Err("an empty map (give THEIR_TYPE=OUR_LABEL,...)".into());
        }
        Ok(LabelMap { entries })
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    fn get(&self, name: &str) -> Option<Target> {
        let name = name.trim();
        self.entries
            .iter()
            .find(|(f, _)| f.eq_ignore_ascii_case(name))
            .map(|(_, t)| *t)
    }

    /// The label of an entity type: mapped, else ours by name; `None` when neither.
    pub fn span_label(&self, name: &str) -> Option<Label> {
        match self.get(name) {
            Some(Target::Span(l)) => Some(l),
            Some(Target::SaidBy) => None,
            None => Label::parse(name),
        }
    }

    /// Whether a relation type is (or is mapped to) SAID_BY.
    pub fn is_said_by(&self, name: &str) -> bool {
        match self.get(name) {
            Some(t) => t == Target::SaidBy,
            None => super::is_said_by(name),
        }
    }
}

fn note(ignored: &mut Ignored, what: String) {
    *ignored.entry(what).or_default() += 1;
}

/// Rewrites one JSON line's labels by the map before it is parsed: mapped types
/// become ours; spans of other types are marked (returned by position, and given a
/// placeholder label so the line parses) to be dropped by [`drop_spans`]; relations
/// of other types are removed. Counts go to `ignored`.
pub fn apply_to_value(map: &LabelMap, format: Format, v: &mut Value, ignored: &mut Ignored) -> Vec<usize> {
    let mut dropped = Vec::new();
    if map.is_empty() {
        return dropped;
    }
    let mut relabel = |i: usize, slot: &mut Value, dropped: &mut Vec<usize>| {
        let Some(name) = slot.as_str().map(str::to_string) else {
            return;
        };
        match map.span_label(&name) {
            Some(l) => *slot = Value::String(l.upper().into()),
            None => {
                note(ignored, format!("spans of type {name:?}"));
                dropped.push(i);
                *slot = Value::String(Label::Location.upper().into());
            }
        }
    };
    match format {
        Format::Doccano => {
            for key in ["label", "labels"] {
                if let Some(a) = v.get_mut(key).and_then(Value::as_array_mut) {
                    for (i, l) in a.iter_mut().enumerate() {
                        if let Some(slot) = l.as_array_mut().and_then(|x| x.get_mut(2)) {
                            relabel(i, slot, &mut dropped);
                        }
                    }
                }
            }
            if let Some(a) = v.get_mut("entities").and_then(Value::as_array_mut) {
                for (i, e) in a.iter_mut().enumerate() {
                    if let Some(slot) = e.get_mut("label") {
                        relabel(i, slot, &mut dropped);
                    }
                }
            }
        }
        _ => {
            if let Some(a) = v.get_mut("spans").and_then(Value::as_array_mut) {
                for (i, s) in a.iter_mut().enumerate() {
                    if let Some(slot) = s.get_mut("label") {
                        relabel(i, slot, &mut dropped);
                    }
                }
            }
        }
    }
    let key = if format == Format::Doccano { "type" } else { "label" };
    if let Some(rels) = v.get_mut("relations").and_then(Value::as_array_mut) {
        rels.retain_mut(|r| {
            let Some(kind) = r.get(key).and_then(Value::as_str).map(str::to_string) else {
                return true;
            };
            if map.is_said_by(&kind) {
                if let Some(slot) = r.get_mut(key) {
                    *slot = Value::String("SAID_BY".into());
                }
                true
            } else {
                note(ignored, format!("relations of type {kind:?}"));
                false
            }
        });
    }
    dropped
}

/// Drops the spans at `dropped` (positions in `rec.spans`) and the relations that
/// touch them (counted in `ignored`), renumbering the rest.
pub fn drop_spans(rec: &mut DocRecord, dropped: &[usize], ignored: &mut Ignored) {
    if dropped.is_empty() {
        return;
    }
    let gone: HashSet<usize> = dropped.iter().copied().collect();
    let mut new_index = Vec::with_capacity(rec.spans.len());
    let mut n = 0;
    for i in 0..rec.spans.len() {
        new_index.push(if gone.contains(&i) {
            None
        } else {
            n += 1;
            Some(n - 1)
        });
    }
    let mut i = 0;
    rec.spans.retain(|_| {
        i += 1;
        !gone.contains(&(i - 1))
    });
    let rels = std::mem::take(&mut rec.relations);
    for r in rels {
        match (
            new_index.get(r.claim).copied().flatten(),
            new_index.get(r.speaker).copied().flatten(),
        ) {
            (Some(claim), Some(speaker)) => rec.relations.push(RecordRelation { claim, speaker }),
            _ => note(ignored, "relations to an ignored span".into()),
        }
    }
}

/// One line per kind of thing ignored: `12 spans of type "Person"`.
pub fn describe(ignored: &Ignored) -> Vec<String> {
    ignored.iter().map(|(what, n)| format!("{n} {what}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_parse_and_refuse_nonsense() {
        let m = LabelMap::parse("Source=ACTOR, Content=claim,Says=SAID_BY").unwrap();
        assert_eq!(m.span_label("source"), Some(Label::Actor));
        assert_eq!(m.span_label("Content"), Some(Label::Claim));
        assert_eq!(m.span_label("LOCATION"), Some(Label::Location), "ours stay ours");
        assert_eq!(m.span_label("Person"), None);
        assert!(m.is_said_by("Says") && m.is_said_by("SaidBy") && !m.is_said_by("Located"));
        assert!(LabelMap::parse("Source").is_err());
        assert!(LabelMap::parse("Source=PERSON").is_err());
        assert!(LabelMap::parse("a=ACTOR,A=CLAIM").is_err());
    }

    #[test]
    fn unmapped_spans_and_their_relations_are_dropped_and_counted() {
        let m = LabelMap::parse("Source=ACTOR,Content=CLAIM").unwrap();
        let mut v: Value = serde_json::from_str(
            r#"{"doc":"d","spans":[{"start":0,"end":1,"label":"Person"},{"start":2,"end":3,"label":"Content"},
            {"start":4,"end":5,"label":"Source"}],"relations":[{"claim":1,"speaker":2},{"claim":1,"speaker":0},
            {"claim":1,"speaker":2,"label":"Knows"}]}"#,
        )
        .unwrap();
        let mut ignored = Ignored::new();
        let dropped = apply_to_value(&m, Format::Jsonl, &mut v, &mut ignored);
        assert_eq!(dropped, vec![0]);
        let mut rec = super::super::jsonl::from_value(&v).unwrap();
        drop_spans(&mut rec, &dropped, &mut ignored);
        let labels: Vec<Label> = rec.spans.iter().map(|s| s.label).collect();
        assert_eq!(labels, vec![Label::Claim, Label::Actor]);
        assert_eq!(rec.relations, vec![RecordRelation { claim: 0, speaker: 1 }]);
        assert_eq!(
            describe(&ignored),
            vec![
                "1 relations of type \"Knows\"",
                "1 relations to an ignored span",
                "1 spans of type \"Person\""
            ]
        );
    }
}
