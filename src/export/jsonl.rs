//! Our JSONL shape (DESIGN.md), one article a line:
//! `{"doc": ID, "text": TEXT, "status": "done", "spans": [{"start", "end", "label", "text"}],
//! "relations": [{"label": "SAID_BY", "claim": I, "speaker": J}]}`
//! where `claim` and `speaker` index into `spans`. spaCy loads every span with
//! `doc.char_span(start, end, label)` because offsets are Unicode scalar values.

use super::{DocRecord, RecordRelation, RecordSpan};
use crate::model::{Label, Status};
use serde::Serialize;
use serde_json::Value;

#[derive(Serialize)]
struct OutSpan<'a> {
    start: usize,
    end: usize,
    label: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    text: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    score: Option<f32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    why: Option<&'a str>,
}

#[derive(Serialize)]
struct OutRelation {
    label: &'static str,
    claim: usize,
    speaker: usize,
}

#[derive(Serialize)]
struct OutDoc<'a> {
    doc: &'a str,
    text: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    status: Option<&'static str>,
    spans: Vec<OutSpan<'a>>,
    relations: Vec<OutRelation>,
}

/// One JSONL line (without the newline).
pub fn to_line(rec: &DocRecord) -> String {
    serde_json::to_string(&out_doc(rec, &[])).expect("records always serialize")
}

/// One JSONL line of suggestions: each span also carries its "score" and "why"
/// (`scored[i]` for `rec.spans[i]`).
pub fn to_line_scored(rec: &DocRecord, scored: &[(f32, &str)]) -> String {
    serde_json::to_string(&out_doc(rec, scored)).expect("records always serialize")
}

/// Writes one JSONL line (with its newline).
pub fn write(w: &mut dyn std::io::Write, rec: &DocRecord) -> std::io::Result<()> {
    serde_json::to_writer(&mut *w, &out_doc(rec, &[])).map_err(std::io::Error::other)?;
    w.write_all(b"\n")
}

fn out_doc<'a>(rec: &'a DocRecord, scored: &[(f32, &'a str)]) -> OutDoc<'a> {
    OutDoc {
        doc: rec.doc.as_deref().unwrap_or(""),
        text: rec.text.as_deref().unwrap_or(""),
        status: rec.status.map(status_name),
        spans: rec
            .spans
            .iter()
            .enumerate()
            .map(|(i, s)| OutSpan {
                start: s.start,
                end: s.end,
                label: s.label.upper(),
                text: s.text.as_deref(),
                score: scored.get(i).map(|x| x.0),
                why: scored.get(i).map(|x| x.1),
            })
            .collect(),
        relations: rec
            .relations
            .iter()
            .map(|r| OutRelation {
                label: "SAID_BY",
                claim: r.claim,
                speaker: r.speaker,
            })
            .collect(),
    }
}

pub fn status_name(s: Status) -> &'static str {
    match s {
        Status::New => "new",
        Status::InProgress => "in_progress",
        Status::Done => "done",
        Status::Reviewed => "reviewed",
    }
}

/// Reads a line in our shape (also the span part of Prodigy's shape).
pub fn from_value(v: &Value) -> Result<DocRecord, String> {
    let obj = v.as_object().ok_or("expected a JSON object")?;
    let mut rec = DocRecord {
        doc: doc_id(v),
        text: obj.get("text").and_then(Value::as_str).map(str::to_string),
        status: obj.get("status").and_then(Value::as_str).and_then(Status::parse),
        ..Default::default()
    };
    if let Some(spans) = obj.get("spans") {
        let spans = spans.as_array().ok_or("\"spans\" is not a list")?;
        for (i, s) in spans.iter().enumerate() {
            rec.spans
                .push(span_from_value(s).map_err(|e| format!("spans[{i}]: {e}"))?);
        }
    }
    if let Some(rels) = obj.get("relations").and_then(Value::as_array) {
        for (i, r) in rels.iter().enumerate() {
            let claim = r.get("claim").and_then(Value::as_u64);
            let speaker = r.get("speaker").and_then(Value::as_u64);
            match (claim, speaker) {
                (Some(c), Some(s)) => {
                    let (c, s) = (c as usize, s as usize);
                    if c >= rec.spans.len() || s >= rec.spans.len() {
                        return Err(format!("relations[{i}]: span index out of range"));
                    }
                    rec.relations.push(RecordRelation { claim: c, speaker: s });
                }
                _ => return Err(format!("relations[{i}]: needs \"claim\" and \"speaker\" span indices")),
            }
        }
    }
    Ok(rec)
}

/// `{"start", "end", "label", "text"?}`.
pub fn span_from_value(s: &Value) -> Result<RecordSpan, String> {
    let start = s.get("start").and_then(Value::as_u64).ok_or("no integer \"start\"")? as usize;
    let end = s.get("end").and_then(Value::as_u64).ok_or("no integer \"end\"")? as usize;
    let label = s.get("label").and_then(Value::as_str).ok_or("no \"label\"")?;
    let label = Label::parse(label).ok_or_else(|| format!("unknown label {label:?} (ACTOR, CLAIM or LOCATION)"))?;
    Ok(RecordSpan {
        start,
        end,
        label,
        text: s.get("text").and_then(Value::as_str).map(str::to_string),
    })
}

/// The article id of a line: "doc", else "meta": {"doc" | "id"}, else a string "id".
pub fn doc_id(v: &Value) -> Option<String> {
    let s = |x: Option<&Value>| x.and_then(Value::as_str).map(str::to_string);
    s(v.get("doc"))
        .or_else(|| s(v.get("meta").and_then(|m| m.get("doc"))))
        .or_else(|| s(v.get("meta").and_then(|m| m.get("id"))))
        .or_else(|| s(v.get("id")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_round_trips() {
        let rec = DocRecord {
            doc: Some("d".into()),
            text: Some("“Erdoğan” said".into()),
            status: Some(Status::Done),
            spans: vec![
                RecordSpan {
                    start: 1,
                    end: 8,
                    label: Label::Actor,
                    text: Some("Erdoğan".into()),
                },
                RecordSpan {
                    start: 0,
                    end: 9,
                    label: Label::Claim,
                    text: Some("“Erdoğan”".into()),
                },
            ],
            relations: vec![RecordRelation { claim: 1, speaker: 0 }],
        };
        let line = to_line(&rec);
        let back = from_value(&serde_json::from_str(&line).unwrap()).unwrap();
        assert_eq!(back, rec);
    }
}
