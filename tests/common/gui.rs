//! The kittest setup every GUI test shares: a temp corpus (a copy of the seeds, or
//! given texts) with a temp annotations folder, and a harness driving the real
//! `Workbench::ui` with a scripted file chooser.

use egui_kittest::Harness;
use spanbench::app::Workbench;
use spanbench::app::chooser::ScriptedChooser;
use spanbench::commands::Paths;
use std::path::PathBuf;

/// A temp folder with the corpus in `corpus` and the (not yet made) `annotations`.
pub struct Env {
    pub _dir: tempfile::TempDir,
    pub corpus: PathBuf,
    pub ann: PathBuf,
}

/// A copy of the seeds in `<tmp>/seeds`, annotations in `<tmp>/annotations`.
pub fn env() -> Env {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("seeds");
    copy_seeds(&corpus);
    let ann = dir.path().join("annotations");
    Env { _dir: dir, corpus, ann }
}

/// A corpus of these files (name, text) in `<tmp>/corpus`.
pub fn env_with(files: &[(&str, &str)]) -> Env {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    std::fs::create_dir_all(&corpus).unwrap();
    for (name, text) in files {
        std::fs::write(corpus.join(name), text).unwrap();
    }
    let ann = dir.path().join("annotations");
    Env { _dir: dir, corpus, ann }
}

/// Copies the seed articles into `to` (made if missing).
pub fn copy_seeds(to: &std::path::Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(super::seeds()).unwrap() {
        let p = e.unwrap().path();
        std::fs::copy(&p, to.join(p.file_name().unwrap())).unwrap();
    }
}

/// The workbench on `env` in a 1280 x 800 window, corpus walked, three frames run.
pub fn harness(env: &Env) -> Harness<'static, Workbench> {
    harness_with(
        env.corpus.clone(),
        env.ann.clone(),
        ScriptedChooser::default(),
        [1280.0, 800.0],
    )
}

/// The workbench on `corpus` / `ann` with this chooser and window size.
pub fn harness_with(
    corpus: PathBuf,
    ann: PathBuf,
    chooser: ScriptedChooser,
    size: [f32; 2],
) -> Harness<'static, Workbench> {
    let paths = Paths {
        corpus: vec![corpus],
        annotations: ann,
    };
    let mut wb = Workbench::headless(paths, chooser);
    wb.session.wait_for_corpus();
    harness_on(wb, size)
}

/// A harness around a workbench made by the test (three frames run).
pub fn harness_on(wb: Workbench, size: [f32; 2]) -> Harness<'static, Workbench> {
    let mut h = Harness::builder()
        .with_size(size)
        .build_ui_state(|ui, wb: &mut Workbench| wb.ui(ui), wb);
    steps(&mut h);
    h
}

/// Three frames: enough for a command to show.
pub fn steps(h: &mut Harness<'_, Workbench>) {
    h.run_steps(3);
}
