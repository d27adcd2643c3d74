//! `spanbench train`: cross-validated calibration, the final weights, the rules'
//! calibration (`rules_calib.rs`, fitted on the public training articles), and (with
//! `--report`) the evaluation tables. Every step is deterministic: files in sorted
//! order, folds by position, the training order from `--seed`.

use super::calibrate::Calibration;
use super::data::{self, GoldDoc};
use super::evaluate::{self as ev, Prepped};
use super::train::{Options, train};
use super::{SCALE, io};
use crate::eval::Counts;
use crate::suggest::Policy;
use std::path::{Path, PathBuf};

/// What to train on and where to write.
#[derive(Debug, Clone)]
pub struct TrainArgs {
    /// The seeds' gold (JSONL without texts) and the folder of their texts.
    pub seeds_gold: PathBuf,
    pub seeds_dir: PathBuf,
    /// Folders of public gold JSONL (records with texts). Files whose name holds "dev"
    /// are the held-out dev set: never trained on, only scored.
    pub from: Vec<PathBuf>,
    /// Where weights.bin, calibration.tsv and rules_calibration.tsv go.
    pub out: PathBuf,
    pub opt: Options,
    /// Also write the evaluation tables (markdown) here.
    pub report: Option<PathBuf>,
    /// Train on at most this many public articles (tests; 0 = all).
    pub limit: usize,
}

/// Everything a training run produces.
pub struct Trained {
    pub weights: Vec<u8>,
    pub calibration: String,
    /// The rules' per-source calibration (rules_calibration.tsv).
    pub rules_calibration: String,
    pub report: String,
}

/// Seeds, public training articles, public dev articles.
type Sets = (Vec<GoldDoc>, Vec<GoldDoc>, Vec<GoldDoc>);

fn load_all(args: &TrainArgs) -> Result<Sets, String> {
    let seeds = data::load(&args.seeds_gold, Some(&args.seeds_dir))?;
    let (mut train, mut dev) = (Vec::new(), Vec::new());
    for dir in &args.from {
        let files = if dir.is_file() {
            vec![dir.clone()]
        } else {
            data::jsonl_files(dir)
        };
        for f in files {
            let docs = data::load(&f, None)?;
            let name = f
                .file_name()
                .map(|n| n.to_string_lossy().to_lowercase())
                .unwrap_or_default();
            if name.contains("dev") {
                dev.extend(docs)
            } else {
                train.extend(docs)
            }
        }
    }
    if args.limit > 0 {
        train.truncate(args.limit);
        dev.truncate(args.limit);
    }
    Ok((seeds, train, dev))
}

fn examples<'a>(v: impl IntoIterator<Item = &'a Prepped>) -> Vec<super::data::Example> {
    v.into_iter().map(|p| p.ex.clone()).collect()
}

/// Runs the whole training: folds, calibration, final weights, report.
pub fn run(args: &TrainArgs) -> Result<Trained, String> {
    let (seeds, public, dev) = load_all(args)?;
    let seeds = ev::prepare_docs(seeds);
    let public = ev::prepare_docs(public);
    let dev = ev::prepare_docs(dev);
    // The rules' calibration: their final suggestions on the public training articles
    // alone (never the dev set, never the seeds: the seeds are the CV test folds).
    let rules_calib = ev::fit_rules_calibration(&public.iter().collect::<Vec<_>>());
    let k = seeds.len().max(2);
    let mut report = String::new();
    // Folds: seed i and every k-th public article out; out-of-fold margins calibrate.
    let mut pairs = Vec::new();
    let mut cv: Vec<(Counts, Counts)> = vec![Default::default(); Policy::ALL.len()];
    let mut fold_weights = Vec::new();
    for f in 0..k {
        let tr = seeds
            .iter()
            .enumerate()
            .filter(|(i, _)| *i != f)
            .chain(public.iter().enumerate().filter(|(i, _)| i % k != f))
            .map(|(_, p)| p);
        let w = train(&examples(tr), &args.opt);
        for p in seeds.iter().skip(f).take(1).chain(public.iter().skip(f).step_by(k)) {
            pairs.extend(ev::margins(&w, p));
        }
        fold_weights.push(w);
    }
    let calib = Calibration::fit(&pairs);
    if args.report.is_some() {
        for (f, w) in fold_weights.iter().enumerate() {
            let Some(test) = seeds.get(f) else { continue };
            for (j, &pol) in Policy::ALL.iter().enumerate() {
                let e = ev::engine_for(w.clone(), &calib, pol);
                let (a, l) = ev::score(&e, &[test]);
                cv[j].0.add(a);
                cv[j].1.add(l);
            }
        }
        report.push_str("## Cross-validation on the seeds (train on four + public data, test on the fifth)\n\n");
        report.push_str(ev::HEADER);
        for (j, pol) in Policy::ALL.iter().enumerate() {
            report.push_str(&ev::row(pol.name(), cv[j].0, cv[j].1));
        }
    }
    drop(fold_weights);
    let all = examples(seeds.iter().chain(public.iter()));
    let w = train(&all, &args.opt);
    if args.report.is_some() {
        if !dev.is_empty() {
            let devs: Vec<&Prepped> = dev.iter().collect();
            report.push_str(&format!(
                "\n## Held-out public dev ({} articles, never trained on; shipped model)\n\n",
                dev.len()
            ));
            report.push_str(ev::HEADER);
            for pol in Policy::ALL {
                let (a, l) = ev::score(&ev::engine_for(w.clone(), &calib, pol), &devs);
                report.push_str(&ev::row(pol.name(), a, l));
            }
            report.push_str("\n## Reliability of the model's calibrated scores on the public dev set\n\n");
            report.push_str(&ev::reliability_on(&w, &calib, &devs));
            report.push_str(
                "\n## Reliability of the final suggestions on the public dev set (ACTOR and LOCATION; ten bins; ECE = count-weighted mean |accuracy - mean score|)\n\n",
            );
            let default = ev::engine_for(w.clone(), &calib, crate::suggest::DEFAULT_POLICY);
            report.push_str(&ev::final_reliability(&rules_calib, &default, &devs));
        }
        report.push_str("\n## Reliability on the out-of-fold predictions the calibration was fitted on\n\n");
        let scored: Vec<(f32, bool)> = pairs.iter().map(|&(m, ok)| (calib.prob(m), ok)).collect();
        report.push_str(&super::calibrate::reliability(&scored));
        report.push_str("\n## Learning curve (online), base model trained on the public data only\n\n");
        let base = (!public.is_empty()).then(|| (train(&examples(public.iter()), &args.opt), calib.clone()));
        report.push_str(&ev::learning_curve(base.clone(), &seeds));
        report.push_str("\n## The second half of each seed after learning its first half (same base model)\n\n");
        report.push_str(&ev::second_half(base, &seeds));
    }
    Ok(Trained {
        weights: io::write(&w, SCALE),
        calibration: calib.to_tsv(),
        rules_calibration: rules_calib.to_tsv(),
        report,
    })
}

/// `spanbench train`: exit code.
pub fn cli_train(args: &TrainArgs) -> i32 {
    let t0 = std::time::Instant::now();
    let t = match run(args) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("{e}");
            return 1;
        }
    };
    let write = |p: &Path, b: &[u8]| std::fs::create_dir_all(&args.out).and_then(|_| std::fs::write(p, b));
    for (name, bytes) in [
        ("weights.bin", t.weights.as_slice()),
        ("calibration.tsv", t.calibration.as_bytes()),
        ("rules_calibration.tsv", t.rules_calibration.as_bytes()),
    ] {
        let p = args.out.join(name);
        if let Err(e) = write(&p, bytes) {
            eprintln!("{}: {e}", p.display());
            return 1;
        }
        eprintln!("wrote {} ({} bytes)", p.display(), bytes.len());
    }
    if let Some(r) = &args.report {
        if let Err(e) = std::fs::write(r, &t.report) {
            eprintln!("{}: {e}", r.display());
            return 1;
        }
        print!("{}", t.report);
    }
    eprintln!("trained in {:.1} s", t0.elapsed().as_secs_f64());
    0
}
