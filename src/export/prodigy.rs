//! Prodigy's task shape, one task per article:
//! `{"text", "meta": {"doc", "status"}, "tokens": [{"text", "start", "end", "id", "ws"}],
//! "spans": [{"start", "end", "text", "token_start", "token_end", "label"}],
//! "relations": [{"head", "child", "head_span", "child_span", "label": "SAID_BY"}],
//! "answer": "accept"}`.
//!
//! Tokens come from [`super::tokens`], split at every span edge so every span covers
//! whole tokens (`token_end` is inclusive, as in Prodigy); as in spaCy, `ws` means one
//! space follows and other whitespace is a token of its own, so the tokens rebuild the
//! text exactly and `Doc(words, spaces)` has the same char offsets as the task. A relation goes from the claim
//! (head) to its speaker (child); `head` / `child` are the index of the last token of
//! each span, and `head_span` / `child_span` repeat the spans.

use super::tokens::{Token, token_range, tokenize_with_space};
use super::{DocRecord, RecordRelation, RecordSpan};
use crate::model::Label;
use crate::text::TextIndex;
use serde::Serialize;
use serde_json::Value;

/// Whether a line looks like a Prodigy task (it has tokens, or spans with token indices).
pub fn detect(v: &Value) -> bool {
    v.get("tokens").is_some_and(Value::is_array)
        || v.get("spans")
            .and_then(Value::as_array)
            .and_then(|s| s.first())
            .is_some_and(|s| s.get("token_start").is_some())
}

#[derive(Serialize)]
struct OutToken<'a> {
    text: &'a str,
    start: usize,
    end: usize,
    id: usize,
    ws: bool,
}

#[derive(Serialize)]
struct OutSpan<'a> {
    start: usize,
    end: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    text: Option<&'a str>,
    token_start: usize,
    token_end: usize,
    label: &'static str,
}

#[derive(Serialize)]
struct OutRelation<'a> {
    head: usize,
    child: usize,
    head_span: OutSpan<'a>,
    child_span: OutSpan<'a>,
    label: &'static str,
}

#[derive(Serialize)]
struct Meta<'a> {
    doc: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    status: Option<&'static str>,
}

#[derive(Serialize)]
struct Task<'a> {
    text: &'a str,
    meta: Meta<'a>,
    tokens: Vec<OutToken<'a>>,
    spans: Vec<OutSpan<'a>>,
    relations: Vec<OutRelation<'a>>,
    answer: &'static str,
}

/// The tokens of a record's text, split at every span edge, with spaCy's whitespace
/// convention (see [`tokenize_with_space`]).
pub fn tokens_for(text: &TextIndex, rec: &DocRecord) -> Vec<Token> {
    let cuts: Vec<usize> = rec.spans.iter().flat_map(|s| [s.start, s.end]).collect();
    tokenize_with_space(text, &cuts)
}

/// Writes one task line (with its newline).
pub fn write(w: &mut dyn std::io::Write, rec: &DocRecord) -> std::io::Result<()> {
    let text = TextIndex::new(rec.text.clone().unwrap_or_default());
    let tokens = tokens_for(&text, rec);
    let mut spans = Vec::with_capacity(rec.spans.len());
    for s in &rec.spans {
        let (ts, te) = token_range(&tokens, s.start, s.end).ok_or_else(|| {
            std::io::Error::other(format!(
                "{}: span {} {}..{} is not on token boundaries (a bug: tokens are cut at span edges)",
                rec.doc.as_deref().unwrap_or("?"),
                s.label,
                s.start,
                s.end
            ))
        })?;
        spans.push((ts, te));
    }
    let span_out = |i: usize, with_text: bool| {
        let s = &rec.spans[i];
        OutSpan {
            start: s.start,
            end: s.end,
            text: if with_text {
                Some(text.slice(s.start, s.end))
            } else {
                None
            },
            token_start: spans[i].0,
            token_end: spans[i].1,
            label: s.label.upper(),
        }
    };
    let task = Task {
        text: text.as_str(),
        meta: Meta {
            doc: rec.doc.as_deref().unwrap_or(""),
            status: rec.status.map(super::jsonl::status_name),
        },
        tokens: tokens
            .iter()
            .enumerate()
            .map(|(id, t)| OutToken {
                text: text.slice(t.start, t.end),
                start: t.start,
                end: t.end,
                id,
                ws: t.ws,
            })
            .collect(),
        spans: (0..rec.spans.len()).map(|i| span_out(i, true)).collect(),
        relations: rec
            .relations
            .iter()
            .map(|r| OutRelation {
                head: spans[r.claim].1,
                child: spans[r.speaker].1,
                head_span: span_out(r.claim, false),
                child_span: span_out(r.speaker, false),
                label: "SAID_BY",
            })
            .collect(),
        answer: "accept",
    };
    serde_json::to_writer(&mut *w, &task).map_err(std::io::Error::other)?;
    w.write_all(b"\n")
}

/// Reads a task. A task answered "reject" or "ignore" (as in `prodigy db-out`) holds
/// no annotations to take: it comes back with no spans and no relations.
pub fn from_value(v: &Value) -> Result<DocRecord, String> {
    let mut rec = super::jsonl::from_value(&strip_relations(v))?;
    if matches!(v.get("answer").and_then(Value::as_str), Some("reject" | "ignore")) {
        rec.spans.clear();
        rec.status = None;
        return Ok(rec);
    }
    if rec.doc.is_none() {
        rec.doc = v
            .get("meta")
            .and_then(|m| m.get("doc"))
            .and_then(Value::as_str)
            .map(str::to_string);
    }
    if rec.status.is_none() {
        rec.status = v
            .get("meta")
            .and_then(|m| m.get("status"))
            .and_then(Value::as_str)
            .and_then(crate::model::Status::parse);
    }
    if let Some(rels) = v.get("relations") {
        let rels = rels.as_array().ok_or("\"relations\" is not a list")?;
        let token_ends: Vec<Option<u64>> = v
            .get("spans")
            .and_then(Value::as_array)
            .map(|a| a.iter().map(|s| s.get("token_end").and_then(Value::as_u64)).collect())
            .unwrap_or_default();
        for (i, r) in rels.iter().enumerate() {
            let rel = relation_from_value(r, &rec.spans, &token_ends).map_err(|e| format!("relations[{i}]: {e}"))?;
            rec.add_relation(rel);
        }
    }
    Ok(rec)
}

/// A Prodigy relation: found by its `head_span` / `child_span` (start, end, label), or
/// else by the `head` / `child` token index (the last token of a span). A relation drawn
/// from the speaker to the claim is turned around.
fn relation_from_value(r: &Value, spans: &[RecordSpan], token_ends: &[Option<u64>]) -> Result<RecordRelation, String> {
    let label = r.get("label").and_then(Value::as_str).unwrap_or("SAID_BY");
    if !super::is_said_by(label) {
        return Err(format!("unknown relation label {label:?} (only SAID_BY)"));
    }
    let find = |key: &str, tok_key: &str, want: Label| -> Result<usize, String> {
        if let Some(sp) = r.get(key).filter(|x| x.is_object()) {
            let s = sp.get("start").and_then(Value::as_u64);
            let e = sp.get("end").and_then(Value::as_u64);
            let l = sp.get("label").and_then(Value::as_str).and_then(Label::parse);
            let (Some(s), Some(e)) = (s, e) else {
                return Err(format!("\"{key}\" needs \"start\" and \"end\""));
            };
            return spans
                .iter()
                .position(|x| x.start as u64 == s && x.end as u64 == e && l.is_none_or(|l| l == x.label))
                .ok_or_else(|| format!("\"{key}\" {s}..{e} is not one of the task's spans"));
        }
        let t = r
            .get(tok_key)
            .and_then(Value::as_u64)
            .ok_or_else(|| format!("needs \"{key}\" or a token index \"{tok_key}\""))?;
        let at: Vec<usize> = (0..spans.len())
            .filter(|&i| token_ends.get(i).copied().flatten() == Some(t))
            .collect();
        at.iter()
            .copied()
            .find(|&i| spans[i].label == want)
            .or_else(|| at.first().copied())
            .ok_or_else(|| format!("no span ends at token {t} (\"{tok_key}\")"))
    };
    let head = find("head_span", "head", Label::Claim)?;
    let child = find("child_span", "child", Label::Actor)?;
    Ok(RecordRelation::between(spans, head, child))
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
