//! `spanbench suggest` and `spanbench eval` end to end through the binary.

use std::process::Command;

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_spanbench"))
}

#[test]
fn suggest_writes_jsonl_with_score_why_and_relations_then_eval_scores_it() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    std::fs::create_dir_all(&corpus).unwrap();
    let text = "GENEVA — Foreign Minister Ines Moreau said the ceasefire in Kherson would hold.\n";
    std::fs::write(corpus.join("a1.txt"), text).unwrap();
    let out = dir.path().join("pred.jsonl");
    let st = bin()
        .args(["suggest"])
        .arg(&corpus)
        .arg("-o")
        .arg(&out)
        .status()
        .unwrap();
    assert!(st.success());
    let line = std::fs::read_to_string(&out).unwrap();
    let v: serde_json::Value = serde_json::from_str(line.trim()).unwrap();
    assert_eq!(v["doc"], "a1");
    let spans = v["spans"].as_array().unwrap();
    let find = |label: &str, t: &str| spans.iter().position(|s| s["label"] == label && s["text"] == t);
    let person = find("ACTOR", "Ines Moreau").expect("person");
    let claim = find("CLAIM", "the ceasefire in Kherson would hold").expect("claim");
    assert!(find("LOCATION", "GENEVA").is_some());
    assert!(spans[claim]["score"].as_f64().unwrap() > 0.0);
    assert!(spans[claim]["why"].as_str().unwrap().contains("said"));
    let rels = v["relations"].as_array().unwrap();
    assert!(rels.iter().any(|r| r["claim"] == claim && r["speaker"] == person));

    // eval: gold with one wrong span -> ACTOR precision 1, LOCATION recall 0.5.
    let gold = dir.path().join("gold.jsonl");
    let g = serde_json::json!({"doc": "a1", "spans": [
        {"start": 26, "end": 37, "label": "ACTOR"},
        {"start": 0, "end": 6, "label": "LOCATION"},
        {"start": 1, "end": 3, "label": "LOCATION"},
        {"start": 43, "end": 79, "label": "CLAIM"}
    ]});
    std::fs::write(&gold, format!("{g}\n")).unwrap();
    let o = bin().args(["eval", "--gold"]).arg(&gold).arg(&out).output().unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let table = String::from_utf8_lossy(&o.stdout);
    let row = |name: &str| {
        table
            .lines()
            .find(|l| l.starts_with(name))
            .unwrap()
            .split_whitespace()
            .map(str::to_string)
            .collect::<Vec<_>>()
    };
    assert_eq!(row("ACTOR")[1], "1");
    assert_eq!(row("CLAIM")[1], "1");
    assert_eq!(row("LOCATION")[5], "0.500", "{table}");
}

#[test]
fn suggest_uses_the_memory_and_rejections_of_the_annotations_folder() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    let ann = dir.path().join("ann");
    std::fs::create_dir_all(&corpus).unwrap();
    std::fs::create_dir_all(&ann).unwrap();
    std::fs::write(corpus.join("b1.txt"), "The Velmar Syndicate moved north.\n").unwrap();
    std::fs::write(corpus.join("b2.txt"), "Later the Velmar Syndicate moved south.\n").unwrap();
    // Teach b1 by hand through the library, as the workbench would save it.
    use spanbench::model::{Annotations, Edit, Label, Origin};
    use spanbench::store::Store;
    use spanbench::text::{TextIndex, sha256_hex};
    let t1 = std::fs::read_to_string(corpus.join("b1.txt")).unwrap();
    let ti = TextIndex::new(t1.clone());
    let mut a = Annotations::new("b1", corpus.join("b1.txt").to_string_lossy(), sha256_hex(&t1));
    let s = a.new_span(&ti, Label::Location, 4, 20, Origin::Manual).unwrap();
    a.apply(Edit::AddSpan(s)).unwrap();
    Store::new(&ann).save(&a).unwrap();
    let out = dir.path().join("p.jsonl");
    let st = bin()
        .arg("--annotations")
        .arg(&ann)
        .arg("suggest")
        .arg(&corpus)
        .arg("-o")
        .arg(&out)
        .status()
        .unwrap();
    assert!(st.success());
    let text = std::fs::read_to_string(&out).unwrap();
    let b2 = text.lines().find(|l| l.contains("\"b2\"")).unwrap();
    let v: serde_json::Value = serde_json::from_str(b2).unwrap();
    let hit = v["spans"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["text"] == "Velmar Syndicate")
        .cloned()
        .expect("memory hit");
    assert_eq!(hit["label"], "LOCATION");
    assert!(hit["why"].as_str().unwrap().contains("seen 1x as LOCATION"));
    // b1 itself: already annotated, so not suggested again.
    let b1 = text.lines().find(|l| l.contains("\"b1\"")).unwrap();
    assert!(!b1.contains("\"start\":4,\"end\":20,\"label\":\"LOCATION\""));
}
