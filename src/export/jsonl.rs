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

/// One span of a suggestions line: what [`to_line_scored`] writes for a span with its
/// "text", "score" and "why".
#[derive(Debug, Clone, Copy)]
pub struct ScoredSpan<'a> {
    pub start: usize,
    pub end: usize,
    pub label: Label,
    pub text: &'a str,
    pub score: f32,
    pub why: &'a str,
}

/// Appends one JSONL line of suggestions (without the newline) to `out`: the same bytes
/// as [`to_line_scored`] on the record with these spans (each with its text) and
/// relations, and no "status", written without serde's machinery or an allocation.
pub fn write_scored_line<'a>(
    out: &mut Vec<u8>,
    doc: &str,
    text: &str,
    spans: impl IntoIterator<Item = ScoredSpan<'a>>,
    relations: &[RecordRelation],
) {
    out.reserve(text.len() + 64);
    out.extend_from_slice(b"{\"doc\":");
    push_json_str(out, doc);
    out.extend_from_slice(b",\"text\":");
    push_json_str(out, text);
    out.extend_from_slice(b",\"spans\":");
    push_json_array(out, spans, |out, s| {
        out.extend_from_slice(b"{\"start\":");
        push_json_u64(out, s.start as u64);
        out.extend_from_slice(b",\"end\":");
        push_json_u64(out, s.end as u64);
        out.extend_from_slice(b",\"label\":\"");
        out.extend_from_slice(s.label.upper().as_bytes());
        out.extend_from_slice(b"\",\"text\":");
        push_json_str(out, s.text);
        out.extend_from_slice(b",\"score\":");
        push_json_f32(out, s.score);
        out.extend_from_slice(b",\"why\":");
        push_json_str(out, s.why);
        out.push(b'}');
    });
    out.extend_from_slice(b",\"relations\":");
    push_json_array(out, relations, |out, r| {
        out.extend_from_slice(b"{\"label\":\"SAID_BY\",\"claim\":");
        push_json_u64(out, r.claim as u64);
        out.extend_from_slice(b",\"speaker\":");
        push_json_u64(out, r.speaker as u64);
        out.push(b'}');
    });
    out.push(b'}');
}

/// A JSON array: `item` writes each element; commas between them.
fn push_json_array<T>(out: &mut Vec<u8>, items: impl IntoIterator<Item = T>, mut item: impl FnMut(&mut Vec<u8>, T)) {
    out.push(b'[');
    for (i, x) in items.into_iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        item(out, x);
    }
    out.push(b']');
}

/// An integer as serde_json writes it (with the `itoa` crate serde_json uses).
fn push_json_u64(out: &mut Vec<u8>, v: u64) {
    out.extend_from_slice(itoa::Buffer::new().format(v).as_bytes());
}

/// An f32 as serde_json writes it: its own float formatting, `null` when not finite.
fn push_json_f32(out: &mut Vec<u8>, v: f32) {
    use serde_json::ser::Formatter;
    let mut f = serde_json::ser::CompactFormatter;
    // Writing into a Vec cannot fail.
    let _ = if v.is_finite() {
        f.write_f32(out, v)
    } else {
        f.write_null(out)
    };
}

/// Which bytes a JSON string escapes, and how (serde_json's table): `u` for `\u00XX`.
static ESCAPE: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut i = 0;
    while i < 0x20 {
        t[i] = b'u';
        i += 1;
    }
    t[0x08] = b'b';
    t[0x09] = b't';
    t[0x0A] = b'n';
    t[0x0C] = b'f';
    t[0x0D] = b'r';
    t[b'"' as usize] = b'"';
    t[b'\\' as usize] = b'\\';
    t
};

/// Whether any of the 8 bytes of `x` is a control char, `"` or `\` (exact: no false
/// positives, the usual has-zero / has-less-than bit tricks).
#[inline]
fn word_needs_escape(x: u64) -> bool {
    use crate::text::bytes_equal;
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let less_than_space = x.wrapping_sub(ONES * 0x20) & !x & HIGH;
    (less_than_space | bytes_equal(x, b'"') | bytes_equal(x, b'\\')) != 0
}

/// A string as serde_json writes it: quoted, `"` `\` and control chars escaped, the
/// rest (U+2028, emoji, any non-ASCII) as is. Runs without escapes are copied whole.
pub fn push_json_str(out: &mut Vec<u8>, s: &str) {
    let bytes = s.as_bytes();
    out.reserve(bytes.len() + 2);
    out.push(b'"');
    let mut run = 0; // start of the bytes not copied yet
    let mut i = 0;
    while i < bytes.len() {
        if let Some(chunk) = bytes.get(i..i + 8) {
            let x = u64::from_le_bytes(chunk.try_into().unwrap_or([0; 8]));
            if !word_needs_escape(x) {
                i += 8;
                continue;
            }
        }
        let end = (i + 8).min(bytes.len());
        while i < end {
            let b = bytes[i];
            let e = ESCAPE[b as usize];
            if e != 0 {
                out.extend_from_slice(&bytes[run..i]);
                if e == b'u' {
                    const HEX: &[u8; 16] = b"0123456789abcdef";
                    out.extend_from_slice(&[b'\\', b'u', b'0', b'0', HEX[(b >> 4) as usize], HEX[(b & 0xF) as usize]]);
                } else {
                    out.extend_from_slice(&[b'\\', e]);
                }
                run = i + 1;
            }
            i += 1;
        }
    }
    out.extend_from_slice(&bytes[run..]);
    out.push(b'"');
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

    /// The hand-written suggestions writer gives serde_json's bytes.
    fn both(doc: &str, text: &str, spans: &[(usize, usize, Label, &str, f32, &str)], rels: &[RecordRelation]) {
        let rec = DocRecord {
            doc: Some(doc.into()),
            text: Some(text.into()),
            status: None,
            spans: spans
                .iter()
                .map(|s| RecordSpan {
                    start: s.0,
                    end: s.1,
                    label: s.2,
                    text: Some(s.3.into()),
                })
                .collect(),
            relations: rels.to_vec(),
        };
        let scored: Vec<(f32, &str)> = spans.iter().map(|s| (s.4, s.5)).collect();
        let want = to_line_scored(&rec, &scored);
        let mut got = Vec::new();
        let it = spans.iter().map(|s| ScoredSpan {
            start: s.0,
            end: s.1,
            label: s.2,
            text: s.3,
            score: s.4,
            why: s.5,
        });
        write_scored_line(&mut got, doc, text, it, rels);
        assert_eq!(String::from_utf8(got).unwrap(), want);
    }

    const TRICKY: &[&str] = &[
        "",
        "plain",
        "\"quoted\" and \\back\\slashes\\",
        "tab\tnew\nline\rcr\u{8}bs\u{c}ff\u{0}nul\u{1f}us\u{7f}del\u{1}",
        "line\u{2028}sep\u{2029}para",
        "emoji 😀👍🏽 and 🇹🇷",
        "Erdoğan İstanbul ışık Şişli — «Крылатые ракеты» ёЁ",
        "\"\"\"\"\"\"\"\"\"",
        "12345678\"12345678\\1234567\n",
        "/ slash </script> \u{ff} \u{ffff} \u{10ffff}",
    ];

    #[test]
    fn scored_writer_matches_serde_json() {
        let scores = [
            0.1f32,
            1e-7,
            0.99999,
            0.0,
            -0.0,
            1.0,
            0.87,
            0.5,
            123.456,
            f32::NAN,
            f32::INFINITY,
            3.4e38,
            1e-45,
        ];
        for (k, t) in TRICKY.iter().enumerate() {
            let n = t.chars().count();
            let spans: Vec<_> = TRICKY
                .iter()
                .zip(scores.iter().cycle().skip(k))
                .enumerate()
                .map(|(i, (w, &sc))| (i, n + i, Label::Actor, *t, sc, *w))
                .collect();
            both(t, t, &spans, &[]);
            both(t, t, &[], &[]);
            both(
                "id",
                t,
                &spans[..2],
                &[
                    RecordRelation { claim: 1, speaker: 0 },
                    RecordRelation {
                        claim: 0,
                        speaker: usize::MAX,
                    },
                ],
            );
        }
        for sc in scores {
            both("s", "t", &[(0, usize::MAX, Label::Claim, "x", sc, "why")], &[]);
        }
    }

    #[test]
    fn string_escape_matches_serde_json_at_every_position() {
        // Every ASCII byte and some multi-byte chars at every offset of a 17-byte string,
        // so each SWAR word boundary sees each of them.
        let mut specials: Vec<char> = (0u8..0x80).map(char::from).collect();
        specials.extend(['é', '\u{2028}', '😀', 'ğ', 'Ж']);
        for c in specials {
            for at in 0..17 {
                for len in [at + 1, 17, 24] {
                    let s: String = (0..len).map(|i| if i == at { c } else { 'a' }).collect();
                    let mut got = Vec::new();
                    push_json_str(&mut got, &s);
                    assert_eq!(
                        String::from_utf8(got).unwrap(),
                        serde_json::to_string(&s).unwrap(),
                        "{s:?}"
                    );
                }
            }
        }
    }
}
