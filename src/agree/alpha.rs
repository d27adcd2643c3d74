//! Krippendorff's unitizing alpha (alpha_u) for one binary category: a character is in
//! a unit of the category (a span of one label) or in a gap.
//!
//! References: K. Krippendorff, "On the reliability of unitizing continuous data",
//! Sociological Methodology 25 (1995) 47-76; K. Krippendorff, *Content Analysis: An
//! Introduction to Its Methodology*, 2nd ed. (2004), whose worked example (p. 254, two
//! coders, categories c and k on a continuum of 300) is checked in tests/agree.rs; and
//! "Measuring the reliability of qualitative text analysis data", Quality & Quantity 38
//! (2004) 787-800.
//!
//! # Definitions
//! The continuum is `[0, L)` (here: the characters of an article, or of all articles
//! laid end to end). Each of the `m` coders (analysts) cuts it into *sections*: their
//! units (spans of the label, value 1) and the gaps between them (value 0). Units of one
//! coder must not overlap; [`units`] merges overlapping spans of one analyst into one
//! unit (touching spans stay two units).
//!
//! The distance between a section `g` of one coder and a section `h` of another,
//! with beginnings `b` and ends `e = b + l`:
//! - both units that overlap: `δ² = (b_g - b_h)² + (e_g - e_h)²`;
//! - a unit `g` lying wholly inside a gap `h` (or the other way round): `δ² = l_g²`
//!   (resp. `l_h²`);
//! - anything else (two gaps, sections that do not meet, a unit that only partly
//!   covers a gap): `δ² = 0` (the partial overlap is counted through the unit it meets).
//!
//! Observed disagreement, over ordered pairs of coders `c != c'`:
//!
//! `D_o = Σ_c Σ_c' Σ_g Σ_h δ²(g_c, h_c') / (m (m-1) L²)`
//!
//! Expected disagreement, with `N` the number of units of all coders, the sums over `g`
//! going over every coder's units and over `h` over every coder's gaps:
//!
//! `D_e = (2/L) Σ_g [ (N-1)/3 · (2 l_g³ - 3 l_g² + l_g) + l_g² Σ_{h: l_h >= l_g} (l_h - l_g + 1) ]`
//! `      / ( m L (m L - 1) - Σ_g l_g (l_g - 1) )`
//!
//! (the 2004 form; the 1995 paper's D_e differs slightly, apparently by a sign in the
//! inner sum). `alpha_u = 1 - D_o / D_e`; it is undefined (None)
//! when `D_e` is 0, i.e. when no coder made any unit.
//!
//! Several categories (labels) combine as `1 - Σ D_o / Σ D_e`, the average of the
//! per-category disagreements, as Krippendorff's multi-category alpha_u does.
//!
//! Cost: `D_o` is a merge of two sorted section lists per pair of coders, `D_e` sorts
//! the gaps once and uses suffix sums: O(n log n) in the number of units.

/// A half-open range of characters.
pub type Range = (usize, usize);

/// Observed and expected disagreement of one category on one continuum (or summed
/// over categories).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Disagreement {
    pub observed: f64,
    pub expected: f64,
}

impl Disagreement {
    /// `1 - D_o / D_e`; None when nobody made a unit (`D_e` = 0).
    pub fn alpha(&self) -> Option<f64> {
        if self.expected > 0.0 {
            Some(1.0 - self.observed / self.expected)
        } else {
            None
        }
    }

    /// Adds another category's disagreements (for the all-labels alpha).
    pub fn add(&mut self, o: Disagreement) {
        self.observed += o.observed;
        self.expected += o.expected;
    }
}

/// One coder's units from their spans: sorted, empty ranges dropped, overlapping
/// ranges merged into one unit.
pub fn units(mut spans: Vec<Range>) -> Vec<Range> {
    spans.retain(|r| r.0 < r.1);
    spans.sort_unstable();
    let mut out: Vec<Range> = Vec::with_capacity(spans.len());
    for r in spans {
        match out.last_mut() {
            Some(last) if r.0 < last.1 => last.1 = last.1.max(r.1),
            _ => out.push(r),
        }
    }
    out
}

/// A section of one coder's continuum: `(begin, end, is_unit)`.
type Section = (usize, usize, bool);

/// The sections (units and non-empty gaps) covering `[0, len)`. `us` comes from [`units`].
fn sections(len: usize, us: &[Range]) -> Vec<Section> {
    let mut out = Vec::with_capacity(2 * us.len() + 1);
    let mut at = 0;
    for &(b, e) in us {
        if b > at {
            out.push((at, b, false));
        }
        out.push((b, e, true));
        at = e;
    }
    if at < len {
        out.push((at, len, false));
    }
    out
}

/// `δ²` between two sections of different coders (see the module docs).
fn delta2(g: Section, h: Section) -> f64 {
    let sq = |x: usize, y: usize| {
        let d = x.abs_diff(y) as f64;
        d * d
    };
    match (g.2, h.2) {
        (true, true) if g.0 < h.1 && h.0 < g.1 => sq(g.0, h.0) + sq(g.1, h.1),
        (true, false) if h.0 <= g.0 && g.1 <= h.1 => sq(g.1, g.0),
        (false, true) if g.0 <= h.0 && h.1 <= g.1 => sq(h.1, h.0),
        _ => 0.0,
    }
}

/// The sum of `δ²` over every pair of sections of two coders. Sections of one coder
/// partition the continuum, so the pairs that meet are found by one merge; pairs that
/// do not meet have `δ² = 0`.
fn pair_sum(a: &[Section], b: &[Section]) -> f64 {
    let (mut i, mut j, mut sum) = (0, 0, 0.0);
    while i < a.len() && j < b.len() {
        sum += delta2(a[i], b[j]);
        match a[i].1.cmp(&b[j].1) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                i += 1;
                j += 1;
            }
        }
    }
    sum
}

/// alpha_u's disagreements for one category on the continuum `[0, len)`, given each
/// coder's units (from [`units`]). Units reaching past `len` stretch the continuum.
/// Fewer than two coders, or an empty continuum, give zero disagreement.
pub fn disagreement(len: usize, coders: &[Vec<Range>]) -> Disagreement {
    let len = coders.iter().flat_map(|c| c.last().map(|r| r.1)).fold(len, usize::max);
    let m = coders.len();
    if m < 2 || len == 0 {
        return Disagreement::default();
    }
    let secs: Vec<Vec<Section>> = coders.iter().map(|c| sections(len, c)).collect();
    let l = len as f64;
    let mf = m as f64;

    let mut observed = 0.0;
    for i in 0..m {
        for j in i + 1..m {
            observed += 2.0 * pair_sum(&secs[i], &secs[j]);
        }
    }
    observed /= mf * (mf - 1.0) * l * l;

    let unit_lens: Vec<f64> = coders.iter().flatten().map(|r| (r.1 - r.0) as f64).collect();
    let mut gaps: Vec<usize> = secs.iter().flatten().filter(|s| !s.2).map(|s| s.1 - s.0).collect();
    gaps.sort_unstable();
    // suffix[k] = Σ gaps[k..]
    let mut suffix = vec![0.0; gaps.len() + 1];
    for k in (0..gaps.len()).rev() {
        suffix[k] = suffix[k + 1] + gaps[k] as f64;
    }
    let n = unit_lens.len() as f64;
    let mut num = 0.0;
    let mut squares = 0.0;
    for &u in &unit_lens {
        let k = gaps.partition_point(|&g| (g as f64) < u);
        let count = (gaps.len() - k) as f64;
        // Σ_{h: l_h >= l_g} (l_h - l_g + 1)
        let fits = suffix[k] - count * (u - 1.0);
        num += (n - 1.0) / 3.0 * (2.0 * u * u * u - 3.0 * u * u + u) + u * u * fits;
        squares += u * (u - 1.0);
    }
    num *= 2.0 / l;
    let den = mf * l * (mf * l - 1.0) - squares;
    let expected = if den > 0.0 { num / den } else { 0.0 };
    Disagreement { observed, expected }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn units_merge_overlaps_but_not_touching() {
        assert_eq!(
            units(vec![(5, 9), (0, 3), (3, 4), (7, 12), (6, 6)]),
            vec![(0, 3), (3, 4), (5, 12)]
        );
    }

    #[test]
    fn identical_coders_agree_fully() {
        let c = vec![(2, 5), (10, 14)];
        let d = disagreement(20, &[c.clone(), c.clone(), c]);
        assert_eq!(d.observed, 0.0);
        assert_eq!(d.alpha(), Some(1.0));
    }

    #[test]
    fn nobody_coding_is_undefined() {
        assert_eq!(disagreement(20, &[vec![], vec![]]).alpha(), None);
    }
}
