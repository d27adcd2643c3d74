//! The export / import commands end to end: --status, standard output, atomic output,
//! brat folders and single .ann files, and bad input reported with file and line while
//! nothing is written.

mod export_support;
use export_support::*;
use spanbench::store::Store;
use std::path::Path;
use std::process::{Command, Output};

fn run(ws: &Ws, annotations: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_spanbench"))
        .args(args)
        .arg("--corpus")
        .arg(ws.path().join("seeds"))
        .arg("--annotations")
        .arg(annotations)
        .output()
        .unwrap()
}

fn err(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).to_string()
}

fn ann_dir(ws: &Ws) -> std::path::PathBuf {
    ws.path().join("annotations")
}

#[test]
fn status_filter_and_stdout() {
    let ws = Ws::annotated();
    // Statuses by article: done, reviewed, in progress, done, new.
    let o = run(
        &ws,
        &ann_dir(&ws),
        &["export", "--format", "jsonl", "--status", "done,reviewed"],
    );
    assert!(o.status.success(), "{}", err(&o));
    let docs: Vec<String> = String::from_utf8(o.stdout.clone())
        .unwrap()
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["doc"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    assert_eq!(
        docs,
        ["000_ee3d024688d38bd3", S001, "003_e4be7d7363fc82e5"].map(String::from)
    );
    assert!(err(&o).contains("exported 3 articles"));
    let o = run(
        &ws,
        &ann_dir(&ws),
        &["export", "--format", "prodigy", "--status", "new"],
    );
    assert_eq!(String::from_utf8(o.stdout).unwrap().lines().count(), 1);
}

#[test]
fn output_is_replaced_atomically_and_no_temp_files_stay() {
    let ws = Ws::annotated();
    let out_dir = ws.path().join("out");
    std::fs::create_dir(&out_dir).unwrap();
    let out = out_dir.join("x.jsonl");
    std::fs::write(&out, "old\n").unwrap();
    for f in ["jsonl", "prodigy", "doccano", "conll", "ron"] {
        let o = run(
            &ws,
            &ann_dir(&ws),
            &["export", "--format", f, "-o", out.to_str().unwrap()],
        );
        assert!(o.status.success(), "{f}: {}", err(&o));
        assert_ne!(std::fs::read_to_string(&out).unwrap(), "old\n");
        let names: Vec<_> = std::fs::read_dir(&out_dir)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from("x.jsonl")], "{f}");
    }
    // A folder that does not exist: an error naming it, nothing written.
    let missing = ws.path().join("nope").join("x.jsonl");
    let o = run(
        &ws,
        &ann_dir(&ws),
        &["export", "--format", "jsonl", "-o", missing.to_str().unwrap()],
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(err(&o).contains("nope"), "{}", err(&o));
    assert!(!ws.path().join("nope").exists());
    // brat needs a folder.
    let o = run(&ws, &ann_dir(&ws), &["export", "--format", "brat"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(err(&o).contains("-o DIR"), "{}", err(&o));
}

#[test]
fn brat_folder_and_single_ann_import_through_the_cli() {
    let ws = Ws::annotated();
    let brat = ws.path().join("brat");
    let o = run(
        &ws,
        &ann_dir(&ws),
        &["export", "--format", "brat", "-o", brat.to_str().unwrap()],
    );
    assert!(o.status.success(), "{}", err(&o));
    // The folder: detected without --format.
    let fresh = ws.path().join("fresh");
    let o = run(&ws, &fresh, &["import", brat.to_str().unwrap()]);
    assert!(o.status.success(), "{}", err(&o));
    assert!(err(&o).contains("imported 5 records"), "{}", err(&o));
    for a in ws.articles() {
        let x = ws.store().read(&a.id).unwrap().unwrap();
        let back = Store::new(&fresh).read(&a.id).unwrap().unwrap();
        assert_eq!(content(&back), content(&x));
    }
    // One .ann with its .txt, even renamed: matched by its text.
    let solo = ws.path().join("solo");
    std::fs::create_dir(&solo).unwrap();
    std::fs::copy(brat.join(format!("{S001}.ann")), solo.join("renamed.ann")).unwrap();
    std::fs::copy(brat.join(format!("{S001}.txt")), solo.join("renamed.txt")).unwrap();
    let fresh2 = ws.path().join("fresh2");
    let o = run(&ws, &fresh2, &["import", solo.join("renamed.ann").to_str().unwrap()]);
    assert!(o.status.success(), "{}", err(&o));
    assert_eq!(Store::new(&fresh2).ids(), vec![S001.to_string()]);
}

#[test]
fn bad_brat_lines_name_file_and_line_and_nothing_is_written() {
    let ws = Ws::annotated();
    let brat = ws.path().join("brat");
    let o = run(
        &ws,
        &ann_dir(&ws),
        &["export", "--format", "brat", "-o", brat.to_str().unwrap()],
    );
    assert!(o.status.success());
    let text = std::fs::read_to_string(brat.join(format!("{S001}.txt"))).unwrap();
    let ann_path = brat.join(format!("{S001}.ann"));
    let mut ann = std::fs::read_to_string(&ann_path).unwrap();
    // Byte offsets instead of char offsets for Erdoğan, as a byte-counting tool writes them.
    let b = text.find("Erdoğan").unwrap();
    let n_before = ann.lines().count();
    ann.push_str(&format!(
        "T900\tACTOR {} {}\tErdoğan\nT901\tPERSON 0 3\tx\nR900\tKnows Arg1:T1 Arg2:T2\n",
        b,
        b + 8
    ));
    std::fs::write(&ann_path, ann).unwrap();
    let fresh = ws.path().join("fresh");
    let o = run(&ws, &fresh, &["import", brat.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let e = err(&o);
    let name = ann_path.display().to_string();
    for line in [n_before + 1, n_before + 2, n_before + 3] {
        assert!(e.contains(&format!("{name}:{line}:")), "line {line} missing:\n{e}");
    }
    assert!(e.contains("characters, not bytes"), "{e}");
    assert!(e.contains("nothing was imported"));
    assert!(Store::new(&fresh).ids().is_empty(), "nothing may be written");
    // --skip-bad skips exactly the three bad lines: the other four articles and the
    // good lines of this one come in (issue 12, point 13).
    let o = run(&ws, &fresh, &["import", brat.to_str().unwrap(), "--skip-bad"]);
    assert!(o.status.success(), "{}", err(&o));
    assert_eq!(Store::new(&fresh).ids().len(), 5);
    let skipped = err(&o).lines().filter(|l| l.starts_with("skipped:")).count();
    assert_eq!(skipped, 3, "{}", err(&o));
    let good = Store::new(&fresh).read(S001).unwrap().unwrap();
    assert_eq!(
        good.spans.len(),
        n_before - good.relations.len(),
        "every good T line of {S001}"
    );
}

#[test]
fn bad_prodigy_and_doccano_relations_are_reported_by_line() {
    let ws = Ws::annotated();
    for (format, extra) in [("prodigy", "--relations"), ("doccano", "--relations")] {
        let out = ws.path().join(format!("{format}.jsonl"));
        let mut args = vec!["export", "--format", format, "-o", out.to_str().unwrap()];
        if format == "doccano" {
            args.push(extra);
        }
        let o = run(&ws, &ann_dir(&ws), &args);
        assert!(o.status.success(), "{}", err(&o));
        let src = std::fs::read_to_string(&out).unwrap();
        let mut lines: Vec<serde_json::Value> = src.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
        // Break the first relation of line 2.
        let rel = &mut lines[1]["relations"][0];
        if format == "prodigy" {
            rel["head_span"]["start"] = serde_json::json!(999_999);
        } else {
            rel["type"] = serde_json::json!("LOCATED_IN");
        }
        let body: Vec<String> = lines.iter().map(|v| v.to_string()).collect();
        std::fs::write(&out, body.join("\n") + "\n").unwrap();
        let fresh = ws.path().join(format!("fresh-{format}"));
        let o = run(&ws, &fresh, &["import", out.to_str().unwrap(), "--format", format]);
        assert_eq!(o.status.code(), Some(1), "{format}");
        let e = err(&o);
        assert!(e.contains(&format!("{format}.jsonl:2: relations[0]")), "{e}");
        assert!(Store::new(&fresh).ids().is_empty());
    }
}

#[test]
fn prodigy_rejected_tasks_bring_nothing_in() {
    let ws = Ws::annotated();
    let out = ws.path().join("p.jsonl");
    let o = run(
        &ws,
        &ann_dir(&ws),
        &["export", "--format", "prodigy", "-o", out.to_str().unwrap()],
    );
    assert!(o.status.success());
    let src = std::fs::read_to_string(&out).unwrap();
    let body: Vec<String> = src
        .lines()
        .enumerate()
        .map(|(i, l)| {
            let mut v: serde_json::Value = serde_json::from_str(l).unwrap();
            if i > 0 {
                v["answer"] = serde_json::json!(if i % 2 == 0 { "reject" } else { "ignore" });
            }
            v.to_string()
        })
        .collect();
    std::fs::write(&out, body.join("\n")).unwrap();
    let fresh = ws.path().join("fresh");
    let o = run(&ws, &fresh, &["import", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", err(&o));
    assert_eq!(Store::new(&fresh).ids(), vec!["000_ee3d024688d38bd3".to_string()]);
}

#[test]
fn orphaned_spans_are_reported_as_lost() {
    let ws = Ws::annotated();
    // Change an article so one span's text is gone: re-anchoring cannot place it.
    let path = ws.path().join("seeds").join(format!("{S001}.txt"));
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, text.replace("Erdoğan", "Erdogan")).unwrap();
    let s = spanbench::export::export(
        spanbench::export::Format::Jsonl,
        Some(&ws.path().join("o.jsonl")),
        &ws.corpus(),
        &ws.store(),
        Default::default(),
        &Default::default(),
        &mut |_, _| {},
    )
    .unwrap();
    assert!(
        s.lost
            .iter()
            .any(|l| l.starts_with(S001) && l.contains("orphaned spans")),
        "{:?}",
        s.lost
    );
}
