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
    let seeds = seed_texts();
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

#[cfg(feature = "gui")]
fn rss_kb() -> u64 {
    let s = std::fs::read_to_string("/proc/self/status").unwrap();
    let l = s.lines().find(|l| l.starts_with("VmRSS:")).unwrap();
    l.split_whitespace().nth(1).unwrap().parse().unwrap()
}

/// The workbench on a folder of 10,000 articles (about 60 MB): the list is there at
/// the first frame (from file names and sizes, before any text is read), and once the
/// background reader has walked every article the process stays under 500 MB.
#[cfg(all(target_os = "linux", feature = "gui"))]
#[test]
fn workbench_on_10000_articles_lists_at_once_and_stays_under_500_mb() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    std::fs::create_dir_all(&corpus).unwrap();
    let seeds = seed_texts();
    let body: Vec<String> = seeds.iter().map(|t| t.repeat(6000 / t.len() + 1)).collect();
    let mut total = 0;
    for i in 0..10_000 {
        let text = format!("Article {i}\n\n{}", body[i % body.len()]);
        total += text.len();
        std::fs::write(corpus.join(format!("a{i:05}.txt")), text).unwrap();
    }
    assert!(total > 55_000_000);
    let before = rss_kb();
    let paths = spanbench::commands::Paths {
        corpus: vec![corpus],
        annotations: dir.path().join("annotations"),
    };
    let mut wb = spanbench::app::Workbench::headless(paths, Default::default());
    let ctx = egui::Context::default();
    let input = egui::RawInput {
        screen_rect: Some(egui::Rect::from_min_size(egui::Pos2::ZERO, egui::vec2(1280.0, 800.0))),
        ..Default::default()
    };
    let frame = |wb: &mut spanbench::app::Workbench| {
        let mut out = ctx.run_ui(input.clone(), |ui| wb.ui(ui));
        out.textures_delta.clear();
        ctx.tessellate(out.shapes, out.pixels_per_point).len()
    };
    assert!(frame(&mut wb) > 0);
    assert_eq!(wb.session.rows.len(), 10_000);
    assert_eq!(
        wb.session.current_index(),
        Some(0),
        "the first article is open at the first frame"
    );
    wb.session.wait_for_corpus();
    assert!(
        wb.session.rows.iter().all(|r| r.info.is_some()),
        "the background reader saw every article"
    );
    for _ in 0..3 {
        frame(&mut wb);
    }
    let used_mb = rss_kb().saturating_sub(before) / 1024;
    eprintln!(
        "workbench on 10,000 articles ({} MB of text): +{used_mb} MB resident",
        total / 1_000_000
    );
    assert!(used_mb < 500, "{used_mb} MB");
}

/// `suggest` streams: its peak resident size on 24 MB of articles is within a few MB
/// of its peak on one article (the engine's gazetteers dominate both). Measured in a
/// release build on 100 MB: peak 64 MB (see README).
#[cfg(target_os = "linux")]
#[test]
fn suggest_streams_with_flat_memory() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    std::fs::create_dir_all(&corpus).unwrap();
    let seeds = seed_texts();
    let (mut total, mut n) = (0, 0);
    while total < 24 * 1024 * 1024 {
        let text = format!("Article {n}\n\n{}", seeds[n % seeds.len()].repeat(2));
        total += text.len();
        std::fs::write(corpus.join(format!("a{n:05}.txt")), text).unwrap();
        n += 1;
    }
    let peak = |input: &Path| {
        let out = dir.path().join("out.jsonl");
        let (status, kb) = run_and_peak_rss_kb(
            Command::new(env!("CARGO_BIN_EXE_spanbench"))
                .arg("suggest")
                .arg(input)
                .arg("-o")
                .arg(&out),
        );
        assert!(status.success());
        kb
    };
    let one = peak(&corpus.join("a00004.txt"));
    let all = peak(&corpus);
    let lines = std::fs::read_to_string(dir.path().join("out.jsonl"))
        .unwrap()
        .lines()
        .count();
    assert_eq!(lines, n);
    eprintln!(
        "suggest: peak {} MB on one article, {} MB on {n} articles ({} MB)",
        one / 1024,
        all / 1024,
        total >> 20
    );
    assert!(
        all < one + 16 * 1024,
        "peak grew from {one} kB to {all} kB: suggest does not stream"
    );
}
