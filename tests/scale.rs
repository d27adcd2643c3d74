//! Scale: `export` streams over 100 MB of annotated text with flat memory (its peak
//! resident size stays far below the size of the corpus).

mod common;

use common::*;
use spanbench::model::{Annotations, Edit, Label, Origin};
use spanbench::text::{TextIndex, sha256_hex};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

/// Peak resident set size of a running child, sampled from /proc until it exits.
fn run_and_peak_rss_kb(cmd: &mut Command) -> (std::process::ExitStatus, u64) {
    let mut child = cmd.stdout(Stdio::null()).stderr(Stdio::piped()).spawn().unwrap();
    let status_path = format!("/proc/{}/status", child.id());
    let mut peak = 0;
    loop {
        if let Ok(s) = std::fs::read_to_string(&status_path)
            && let Some(l) = s.lines().find(|l| l.starts_with("VmHWM:"))
        {
            let kb: u64 = l.split_whitespace().nth(1).unwrap().parse().unwrap();
            peak = peak.max(kb);
        }
        if let Some(st) = child.try_wait().unwrap() {
            return (st, peak);
        }
        std::thread::sleep(Duration::from_millis(5));
    }
}

fn make_corpus(dir: &Path, target_bytes: usize) -> usize {
    let corpus = dir.join("corpus");
    let ann = dir.join("annotations");
    std::fs::create_dir_all(&corpus).unwrap();
    std::fs::create_dir_all(&ann).unwrap();
    let mut seeds: Vec<String> = std::fs::read_dir(seeds())
        .unwrap()
        .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
        .collect();
    seeds.sort();
    let (mut bytes, mut n) = (0, 0);
    while bytes < target_bytes {
        let text = format!("Article {n}\n\n{}", seeds[n % seeds.len()]);
        let id = format!("a{n:06}");
        std::fs::write(corpus.join(format!("{id}.txt")), &text).unwrap();
        let t = TextIndex::new(text.clone());
        let mut a = Annotations::new(id.clone(), "", sha256_hex(&text));
        for (i, w) in t.words_in(0, t.len_chars()).into_iter().step_by(40).enumerate() {
            let s = a.new_span(
                &t,
                [Label::Actor, Label::Location][i % 2],
                w.start,
                w.end,
                Origin::Manual,
            );
            a.apply(Edit::AddSpan(s.unwrap())).unwrap();
        }
        std::fs::write(ann.join(format!("{id}.ron")), spanbench::store::to_ron(&a)).unwrap();
        bytes += text.len();
        n += 1;
    }
    n
}

#[cfg(target_os = "linux")]
#[test]
fn export_streams_100_mb_with_flat_memory() {
    let dir = tempfile::tempdir().unwrap();
    let n = make_corpus(dir.path(), 100 * 1024 * 1024);
    let out = dir.path().join("out.jsonl");
    let (status, peak_kb) = run_and_peak_rss_kb(
        Command::new(env!("CARGO_BIN_EXE_spanbench"))
            .args(["export", "--format", "jsonl", "-o"])
            .arg(&out)
            .arg("--corpus")
            .arg(dir.path().join("corpus"))
            .arg("--annotations")
            .arg(dir.path().join("annotations")),
    );
    assert!(status.success());
    let written = std::fs::metadata(&out).unwrap().len();
    assert!(written > 100 * 1024 * 1024, "{written} bytes");
    let lines = std::io::BufRead::lines(std::io::BufReader::new(std::fs::File::open(&out).unwrap())).count();
    assert_eq!(lines, n);
    eprintln!(
        "export of {n} articles ({written} bytes out): peak RSS {} MB",
        peak_kb / 1024
    );
    assert!(
        peak_kb < 64 * 1024,
        "peak RSS {} MB: export does not stream",
        peak_kb / 1024
    );
}
