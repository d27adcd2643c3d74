//! doccano's JSONL: `{"text", "label": [[start, end, "LABEL"], ...]}`, and its relation
//! shape `{"text", "entities": [{"id", "label", "start_offset", "end_offset"}],
//! "relations": [{"id", "from_id", "to_id", "type"}]}`.

use super::jsonl::doc_id;
use super::{DocRecord, RecordRelation, RecordSpan};
use crate::model::Label;
use serde_json::Value;

/// Whether a line looks like doccano's (either shape).
pub fn detect(v: &Value) -> bool {
    v.get("label").is_some_and(Value::is_array) || v.get("entities").is_some_and(Value::is_array)
}

pub fn from_value(v: &Value) -> Result<DocRecord, String> {
    let mut rec = DocRecord {
        doc: doc_id(v),
        text: v.get("text").and_then(Value::as_str).map(str::to_string),
        ..Default::default()
    };
    if let Some(labels) = v.get("label").and_then(Value::as_array) {
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
                rec.relations.push(RecordRelation {
                    claim: from,
                    speaker: to,
                });
            }
        }
    }
    Ok(rec)
}
