//! Calibrated scores: isotonic regression (pool adjacent violators) from a span's
//! margin to the chance that it is right, fitted on held-out predictions. The table is
//! data: `assets/model/calibration.tsv`, one `margin<TAB>probability` step a line.

/// Pool adjacent violators: merges the last block into the one before it while that
/// one's rate is not lower, keeping the first margin.
fn merge_violators(blocks: &mut Vec<(i64, f64, f64)>) {
    while blocks.len() >= 2 {
        let k = blocks.len();
        let (a, b) = (blocks[k - 2], blocks[k - 1]);
        if a.1 / a.2 >= b.1 / b.2 {
            blocks.pop();
            blocks[k - 2] = (a.0, a.1 + b.1, a.2 + b.2);
        } else {
            break;
        }
    }
}

/// A monotone step function from margin to probability.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Calibration {
    /// (lowest margin of the step, probability), margins increasing.
    steps: Vec<(i64, f32)>,
}

impl Calibration {
    /// Fits on `(margin, correct)` pairs. Ties in margin are pooled first; the result
    /// is non-decreasing in the margin. Deterministic for the same pairs in any order.
    pub fn fit(pairs: &[(i64, bool)]) -> Calibration {
        let mut v: Vec<(i64, bool)> = pairs.to_vec();
        v.sort_unstable();
        // Blocks: (first margin, sum correct, count).
        let mut blocks: Vec<(i64, f64, f64)> = Vec::new();
        for (m, ok) in v {
            match blocks.last_mut() {
                Some(b) if b.0 == m => {
                    b.1 += ok as u8 as f64;
                    b.2 += 1.0;
                }
                _ => blocks.push((m, ok as u8 as f64, 1.0)),
            }
            merge_violators(&mut blocks);
        }
        Calibration::smoothed(blocks)
    }

    /// As [`Calibration::fit`], with every margin's pairs pooled into one block before
    /// any violator is merged, so that a margin gets one probability from all its pairs.
    /// (`fit` keys the tie check on a block's first margin: once a block has absorbed
    /// its predecessor, later pairs of the same margin start a new block, and the last
    /// of them decide that margin's step alone; the shipped `calibration.tsv` is fitted
    /// that way and kept so.) Scores with many ties, such as the rules' hand-set ones,
    /// need this one.
    pub fn fit_ties_pooled(pairs: &[(i64, bool)]) -> Calibration {
        let mut v: Vec<(i64, bool)> = pairs.to_vec();
        v.sort_unstable();
        // One group a margin: (margin, sum correct, count).
        let mut groups: Vec<(i64, f64, f64)> = Vec::new();
        for (m, ok) in v {
            match groups.last_mut() {
                Some(g) if g.0 == m => {
                    g.1 += ok as u8 as f64;
                    g.2 += 1.0;
                }
                _ => groups.push((m, ok as u8 as f64, 1.0)),
            }
        }
        let mut blocks: Vec<(i64, f64, f64)> = Vec::new();
        for g in groups {
            blocks.push(g);
            merge_violators(&mut blocks);
        }
        Calibration::smoothed(blocks)
    }

    /// The steps of pooled blocks (first margin, sum correct, count), smoothed a little
    /// towards 0.5 so a small block never says 0 or 1 (the running maximum keeps it
    /// monotone after the smoothing).
    fn smoothed(blocks: Vec<(i64, f64, f64)>) -> Calibration {
        let mut top = 0.0f32;
        let steps = blocks
            .into_iter()
            .map(|(m, s, n)| {
                top = top.max(((s + 0.5) / (n + 1.0)) as f32);
                (m, top)
            })
            .collect();
        Calibration { steps }
    }

    /// A table of (lowest margin of the step, probability) steps, sorted here.
    pub fn from_steps(mut steps: Vec<(i64, f32)>) -> Calibration {
        steps.sort_by_key(|s| s.0);
        Calibration { steps }
    }

    /// The steps: (lowest margin of the step, probability), margins increasing.
    pub fn steps(&self) -> &[(i64, f32)] {
        &self.steps
    }

    /// The probability for a margin (0.5 when there is no table).
    pub fn prob(&self, margin: i64) -> f32 {
        let k = self.steps.partition_point(|s| s.0 <= margin);
        match k {
            0 => self.steps.first().map(|s| s.1).unwrap_or(0.5),
            k => self.steps[k - 1].1,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.steps.is_empty()
    }

    /// The table as text (the file format).
    pub fn to_tsv(&self) -> String {
        let mut s = String::from("# margin\tprobability (isotonic; written by `spanbench train`)\n");
        for (m, p) in &self.steps {
            s.push_str(&format!("{m}\t{p:.4}\n"));
        }
        s
    }

    /// Reads the file format; bad lines are skipped (an empty table gives 0.5).
    pub fn from_tsv(src: &str) -> Calibration {
        let mut steps: Vec<(i64, f32)> = src
            .lines()
            .filter(|l| !l.starts_with('#'))
            .filter_map(|l| {
                let (m, p) = l.split_once('\t')?;
                Some((m.trim().parse().ok()?, p.trim().parse().ok()?))
            })
            .collect();
        steps.sort_by_key(|s| s.0);
        Calibration { steps }
    }
}

/// A reliability table: for each bin of predicted probability (0.5-0.6 .. 0.9-1.0,
/// and below 0.5), the count and the fraction that was right.
pub fn reliability(scored: &[(f32, bool)]) -> String {
    let mut s = String::from("| score | count | accuracy |\n| --- | --- | --- |\n");
    let bins = [(0.0, 0.5), (0.5, 0.6), (0.6, 0.7), (0.7, 0.8), (0.8, 0.9), (0.9, 1.01)];
    for (lo, hi) in bins {
        let inb: Vec<bool> = scored.iter().filter(|x| x.0 >= lo && x.0 < hi).map(|x| x.1).collect();
        let acc = if inb.is_empty() {
            "-".to_string()
        } else {
            format!("{:.3}", inb.iter().filter(|&&b| b).count() as f64 / inb.len() as f64)
        };
        s.push_str(&format!("| {lo:.1}-{:.1} | {} | {acc} |\n", hi.min(1.0), inb.len()));
    }
    s
}

/// Ten equal bins of score (0.0-0.1 .. 0.9-1.0): per bin the count, the mean score and
/// the fraction that was right; and the expected calibration error, the count-weighted
/// mean of |accuracy - mean score| over the bins (0 when nothing is scored).
pub fn reliability_ece(scored: &[(f32, bool)]) -> (String, f64) {
    let mut bins = [(0usize, 0.0f64, 0usize); 10];
    for &(p, ok) in scored {
        let b = ((p.clamp(0.0, 1.0) * 10.0) as usize).min(9);
        bins[b].0 += 1;
        bins[b].1 += p as f64;
        bins[b].2 += ok as usize;
    }
    let mut s = String::from("| score | count | mean score | accuracy |\n| --- | --- | --- | --- |\n");
    let mut ece = 0.0;
    for (i, &(n, sum, right)) in bins.iter().enumerate() {
        let (lo, hi) = (i as f64 / 10.0, (i + 1) as f64 / 10.0);
        if n == 0 {
            s.push_str(&format!("| {lo:.1}-{hi:.1} | 0 | - | - |\n"));
            continue;
        }
        let (mean, acc) = (sum / n as f64, right as f64 / n as f64);
        ece += n as f64 * (acc - mean).abs();
        s.push_str(&format!("| {lo:.1}-{hi:.1} | {n} | {mean:.3} | {acc:.3} |\n"));
    }
    let ece = if scored.is_empty() {
        0.0
    } else {
        ece / scored.len() as f64
    };
    (s, ece)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn isotonic_is_monotone_and_round_trips() {
        let pairs: Vec<(i64, bool)> = (0..200).map(|i| (i, (i * 7919) % 100 < i / 2)).collect();
        let c = Calibration::fit(&pairs);
        let mut last = 0.0;
        for m in 0..200 {
            let p = c.prob(m);
            assert!(p >= last && (0.0..=1.0).contains(&p));
            last = p;
        }
        assert_eq!(Calibration::from_tsv(&c.to_tsv()).steps.len(), c.steps.len());
        assert_eq!(Calibration::default().prob(5), 0.5);
    }

    #[test]
    fn ties_pooled_gives_a_margin_one_probability_from_all_its_pairs() {
        // One right pair at margin 1, then ten pairs at margin 5, half of them right.
        let mut pairs = vec![(1, true)];
        pairs.extend((0..10).map(|i| (5, i % 2 == 0)));
        let c = Calibration::fit_ties_pooled(&pairs);
        // 1/1 then 5/10 violates: one block of 6/11, smoothed (6.5 / 12).
        assert_eq!(c.steps.len(), 1);
        assert!((c.prob(5) - 6.5 / 12.0).abs() < 1e-6, "{c:?}");
        // `fit` lets the right pairs at margin 5 decide its step alone.
        assert!(Calibration::fit(&pairs).prob(5) > 0.9);
        // Order does not matter.
        let mut rev = pairs.clone();
        rev.reverse();
        assert_eq!(Calibration::fit_ties_pooled(&rev), c);
    }

    #[test]
    fn ece_is_the_gap_between_mean_score_and_accuracy() {
        let good: Vec<(f32, bool)> = (0..10).map(|i| (0.55, i < 5)).collect();
        let (_, e) = reliability_ece(&good);
        assert!((e - 0.05).abs() < 1e-6, "{e}");
        let (t, e) = reliability_ece(&[(0.95, true), (0.95, false)]);
        assert!((e - 0.45).abs() < 1e-6, "{e}");
        assert!(t.contains("| 0.9-1.0 | 2 | 0.950 | 0.500 |"), "{t}");
        assert_eq!(reliability_ece(&[]).1, 0.0);
    }
}
