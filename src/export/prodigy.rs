//! Prodigy's task shape: `{"text", "tokens": [...], "spans": [{"start", "end", "label",
//! "token_start", "token_end"}], "relations": [...]}`.

use super::DocRecord;
use serde_json::Value;

/// Whether a line looks like a Prodigy task (it has tokens, or spans with token indices).
pub fn detect(v: &Value) -> bool {
    v.get("tokens").is_some_and(Value::is_array)
        || v.get("spans")
            .and_then(Value::as_array)
            .and_then(|s| s.first())
            .is_some_and(|s| s.get("token_start").is_some())
}

pub fn from_value(v: &Value) -> Result<DocRecord, String> {
    let mut rec = super::jsonl::from_value(&strip_relations(v))?;
    if rec.doc.is_none() {
        rec.doc = v
            .get("meta")
            .and_then(|m| m.get("doc"))
            .and_then(Value::as_str)
            .map(str::to_string);
    }
    Ok(rec)
}

/// Prodigy's relations use token indices and span objects, not our span indices;
/// the span part is read by our reader.
fn strip_relations(v: &Value) -> Value {
    let mut v = v.clone();
    if let Some(o) = v.as_object_mut() {
        o.remove("relations");
    }
    v
}
