//! doccano's JSONL: `{"text", "label": [[start, end, "LABEL"], ...]}`, and its relation
//! shape `{"text", "entities": [{"id", "label", "start_offset", "end_offset"}],
//! "relations": [{"id", "from_id", "to_id", "type"}]}`.

use super::jsonl::doc_id;
use super::{DocRecord, RecordRelation, RecordSpan};
use crate::model::Label;
use serde::Serialize;
use serde_json::Value;

/// Entity and relation ids, unique across one export file (as doccano's own export).
#[derive(Debug, Default)]
pub struct Ids {
    entity: u64,
    relation: u64,
}

#[derive(Serialize)]
struct OutLabels<'a> {
    doc: &'a str,
    text: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    status: Option<&'static str>,
    label: Vec<(usize, usize, &'static str)>,
}

#[derive(Serialize)]
struct OutEntity {
    id: u64,
    label: &'static str,
    start_offset: usize,
    end_offset: usize,
}

#[derive(Serialize)]
struct OutRelation {
    id: u64,
    from_id: u64,
    to_id: u64,
    #[serde(rename = "type")]
    kind: &'static str,
}

#[derive(Serialize)]
struct OutEntities<'a> {
    doc: &'a str,
    text: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    status: Option<&'static str>,
    entities: Vec<OutEntity>,
    relations: Vec<OutRelation>,
}

/// Writes one line in the span shape (relations are not in it).
pub fn write(w: &mut dyn std::io::Write, rec: &DocRecord) -> std::io::Result<()> {
    let out = OutLabels {
        doc: rec.doc.as_deref().unwrap_or(""),
        text: rec.text.as_deref().unwrap_or(""),
        status: rec.status.map(super::jsonl::status_name),
        label: rec.spans.iter().map(|s| (s.start, s.end, s.label.upper())).collect(),
    };
    serde_json::to_writer(&mut *w, &out).map_err(std::io::Error::other)?;
    w.write_all(b"\n")
}

/// Writes one line in the relation shape: a relation goes from the claim to its
/// speaker, with type SAID_BY.
pub fn write_relations(w: &mut dyn std::io::Write, rec: &DocRecord, ids: &mut Ids) -> std::io::Result<()> {
    let first = ids.entity + 1;
    let entities: Vec<OutEntity> = rec
        .spans
        .iter()
        .enumerate()
        .map(|(i, s)| OutEntity {
            id: first + i as u64,
            label: s.label.upper(),
            start_offset: s.start,
            end_offset: s.end,
        })
        .collect();
    ids.entity += rec.spans.len() as u64;
    let relations = rec
        .relations
        .iter()
        .map(|r| {
            ids.relation += 1;
            OutRelation {
                id: ids.relation,
                from_id: first + r.claim as u64,
                to_id: first + r.speaker as u64,
                kind: "SAID_BY",
            }
        })
        .collect();
    let out = OutEntities {
        doc: rec.doc.as_deref().unwrap_or(""),
        text: rec.text.as_deref().unwrap_or(""),
        status: rec.status.map(super::jsonl::status_name),
        entities,
        relations,
    };
    serde_json::to_writer(&mut *w, &out).map_err(std::io::Error::other)?;
    w.write_all(b"\n")
}

/// Whether a line looks like doccano's (either shape).
pub fn detect(v: &Value) -> bool {
    v.get("label").is_some_and(Value::is_array)
        || v.get("labels").is_some_and(Value::is_array)
        || v.get("entities").is_some_and(Value::is_array)
}

pub fn from_value(v: &Value) -> Result<DocRecord, String> {
    let mut rec = DocRecord {
        doc: doc_id(v),
        text: v.get("text").and_then(Value::as_str).map(str::to_string),
        status: v
            .get("status")
            .and_then(Value::as_str)
            .and_then(crate::model::Status::parse),
        ..Default::default()
    };
    // "labels" is what older doccano versions wrote.
    if let Some(labels) = v
        .get("label")
        .and_then(Value::as_array)
        .or_else(|| v.get("labels").and_then(Value::as_array))
    {
        for (i, l) in labels.iter().enumerate() {
            let a = l
                .as_array()
                .ok_or_else(|| format!("label[{i}]: expected [start, end, \"LABEL\"]"))?;
            let (Some(s), Some(e), Some(name)) = (
                a.first().and_then(Value::as_u64),
                a.get(1).and_then(Value::as_u64),
                a.get(2).and_then(Value::as_str),
            ) else {
                return Err(format!("label[{i}]: expected [start, end, \"LABEL\"]"));
            };
            let label = Label::parse(name).ok_or_else(|| format!("label[{i}]: unknown label {name:?}"))?;
            rec.spans.push(RecordSpan {
                start: s as usize,
                end: e as usize,
                label,
                text: None,
            });
        }
    } else if let Some(ents) = v.get("entities").and_then(Value::as_array) {
        let mut ids = Vec::new();
        for (i, e) in ents.iter().enumerate() {
            let (Some(s), Some(end), Some(name)) = (
                e.get("start_offset").and_then(Value::as_u64),
                e.get("end_offset").and_then(Value::as_u64),
                e.get("label").and_then(Value::as_str),
            ) else {
                return Err(format!("entities[{i}]: needs start_offset, end_offset and label"));
            };
            let label = Label::parse(name).ok_or_else(|| format!("entities[{i}]: unknown label {name:?}"))?;
            ids.push(e.get("id").and_then(Value::as_i64));
            rec.spans.push(RecordSpan {
                start: s as usize,
                end: end as usize,
                label,
                text: None,
            });
        }
        if let Some(rels) = v.get("relations").and_then(Value::as_array) {
            for (i, r) in rels.iter().enumerate() {
                let find = |key: &str| {
                    let id = r.get(key).and_then(Value::as_i64)?;
                    ids.iter().position(|x| *x == Some(id))
                };
                let (Some(from), Some(to)) = (find("from_id"), find("to_id")) else {
                    return Err(format!("relations[{i}]: from_id / to_id name no entity"));
                };
                let kind = r.get("type").and_then(Value::as_str).unwrap_or("SAID_BY");
                if !super::is_said_by(kind) {
                    return Err(format!("relations[{i}]: unknown relation type {kind:?} (only SAID_BY)"));
                }
                let rel = RecordRelation::between(&rec.spans, from, to);
                rec.add_relation(rel);
            }
        }
    }
    Ok(rec)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relation_shape_reads_back_and_turns_reversed_relations_around() {
        let v: Value = serde_json::from_str(
            r#"{"id": 7, "text": "“Да” — Кремль", "entities": [
                {"id": 10, "label": "CLAIM", "start_offset": 1, "end_offset": 3},
                {"id": 11, "label": "ACTOR", "start_offset": 7, "end_offset": 13}],
               "relations": [{"id": 1, "from_id": 11, "to_id": 10, "type": "said_by"}]}"#,
        )
        .unwrap();
        assert!(detect(&v));
        let rec = from_value(&v).unwrap();
        assert_eq!(rec.relations, vec![RecordRelation { claim: 0, speaker: 1 }]);
        assert_eq!((rec.spans[1].start, rec.spans[1].end), (7, 13));
        let bad: Value = serde_json::from_str(
            r#"{"text": "ab", "entities": [{"id": 1, "label": "ACTOR", "start_offset": 0, "end_offset": 1}],
               "relations": [{"id": 1, "from_id": 1, "to_id": 1, "type": "LIVES_IN"}]}"#,
        )
        .unwrap();
        assert!(from_value(&bad).unwrap_err().contains("LIVES_IN"));
    }

    #[test]
    fn older_labels_key_is_read() {
        let v: Value = serde_json::from_str(r#"{"text": "Erdoğan", "labels": [[0, 7, "ACTOR"]]}"#).unwrap();
        assert!(detect(&v));
        assert_eq!(from_value(&v).unwrap().spans.len(), 1);
    }
}
