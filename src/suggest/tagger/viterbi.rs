//! Constrained Viterbi decoding over one sentence, with max-marginals: for every token
//! and tag the score of the best path through it, so each token's margin (how much
//! worse the best path that tags it otherwise is) comes from two linear passes.

use super::tags::{NT, START, allowed};

/// A forbidden transition. Sums stay far from overflow: a path through one forbidden
/// transition scores about NEG, through two about 2 NEG (> i64::MIN), and the
/// maxima always have a path with none (B and O may follow any tag), while emission
/// sums are i32-sized per token; so plain additions give what saturating ones would.
const NEG: i64 = i64::MIN / 4;

/// The tags that may precede each tag (in index order), and follow it.
const PREDECESSORS: [&[usize]; NT] = [&[0, 1, 2, 3, 4], &[0, 1, 2, 3, 4], &[1, 2], &[0, 1, 2, 3, 4], &[3, 4]];
const SUCCESSORS: [&[usize]; NT] = [&[0, 1, 3], &[0, 1, 2, 3], &[0, 1, 2, 3], &[0, 1, 3, 4], &[0, 1, 3, 4]];

/// Reusable buffers for [`Decoder::decode`] (one per article, not one per sentence).
#[derive(Debug, Default)]
pub struct Decoder {
    alpha: Vec<i64>,
    back: Vec<u8>,
    beta: Vec<i64>,
}

/// The best tag sequence and, per token, its margin (>= 0) over the best path that
/// tags that token otherwise. `em` holds `n * NT` emission scores, `trans` the
/// `(NT + 1) * NT` transition scores (row `START` at the sentence start).
pub fn decode(em: &[i32], trans: &[i32], tags: &mut Vec<u8>, margins: &mut Vec<i64>) {
    Decoder::default().decode(em, trans, tags, margins);
}

impl Decoder {
    /// As [`decode`], with this decoder's buffers.
    pub fn decode(&mut self, em: &[i32], trans: &[i32], tags: &mut Vec<u8>, margins: &mut Vec<i64>) {
        let n = em.len() / NT;
        tags.clear();
        margins.clear();
        if n == 0 {
            return;
        }
        // Transition scores with the forbidden ones at NEG, looked up without branches.
        let mut tr = [[NEG; NT]; NT + 1];
        for (p, row) in tr.iter_mut().enumerate() {
            for (c, x) in row.iter_mut().enumerate() {
                if allowed(p, c as u8) {
                    *x = trans[p * NT + c] as i64;
                }
            }
        }
        let em = |i: usize, c: usize| em[i * NT + c] as i64;
        let (alpha, back, beta) = (&mut self.alpha, &mut self.back, &mut self.beta);
        alpha.clear();
        alpha.resize(n * NT, NEG);
        back.clear();
        back.resize(n * NT, 0);
        for c in 0..NT {
            alpha[c] = tr[START][c] + em(0, c);
        }
        for i in 1..n {
            let prev: [i64; NT] = alpha[(i - 1) * NT..i * NT].try_into().unwrap_or([NEG; NT]);
            for c in 0..NT {
                // Only the tags that may precede c: a forbidden one scores about NEG
                // and never wins (B and O may follow anything), so skipping it changes
                // neither the best score nor the first best predecessor.
                let (mut best, mut arg) = (NEG, 0u8);
                for &p in PREDECESSORS[c] {
                    let s = prev[p] + tr[p][c];
                    if s > best {
                        best = s;
                        arg = p as u8;
                    }
                }
                alpha[i * NT + c] = best + em(i, c);
                back[i * NT + c] = arg;
            }
        }
        // Backward: the best score of the rest of the sentence after tag c at token i.
        beta.clear();
        beta.resize(n * NT, 0);
        for i in (0..n - 1).rev() {
            let mut next = [0i64; NT];
            for (x, v) in next.iter_mut().enumerate() {
                *v = em(i + 1, x) + beta[(i + 1) * NT + x];
            }
            for c in 0..NT {
                let mut best = NEG;
                for &x in SUCCESSORS[c] {
                    best = best.max(tr[c][x] + next[x]);
                }
                beta[i * NT + c] = best;
            }
        }
        let last = best_last(alpha, n);
        trace(back, n, last, tags);
        for i in 0..n {
            let chosen = tags[i] as usize;
            let mm = |c: usize| alpha[i * NT + c] + beta[i * NT + c];
            let best = mm(chosen);
            let other = (0..NT).filter(|&c| c != chosen).map(mm).max().unwrap_or(NEG);
            margins.push((best - other).max(0));
        }
    }
}

/// The best tag sequence among those that give token `k` only the tags of bit set
/// `allowed[k]` (bit `t` for tag `t`): the target of an update from a partly decided
/// sentence. A forbidden tag's state is never entered, so no score stacks up penalties;
/// when no legal path fits the sets (callers build sets that always leave one), the
/// unconstrained best path is returned instead.
pub fn decode_allowed(em: &[i32], trans: &[i32], allowed_tags: &[u8], tags: &mut Vec<u8>) {
    let n = em.len() / NT;
    tags.clear();
    if n == 0 {
        return;
    }
    let ok = |i: usize, c: usize| allowed_tags.get(i).is_none_or(|m| m & (1 << c) != 0);
    let mut alpha = vec![NEG; n * NT];
    let mut back = vec![0u8; n * NT];
    for c in 0..NT {
        if ok(0, c) && allowed(START, c as u8) {
            alpha[c] = trans[START * NT + c] as i64 + em[c] as i64;
        }
    }
    for i in 1..n {
        for c in (0..NT).filter(|&c| ok(i, c)) {
            let (mut best, mut arg) = (NEG, 0u8);
            for &p in PREDECESSORS[c] {
                let prev = alpha[(i - 1) * NT + p];
                if prev == NEG {
                    continue;
                }
                let s = prev + trans[p * NT + c] as i64;
                if s > best {
                    best = s;
                    arg = p as u8;
                }
            }
            if best > NEG {
                alpha[i * NT + c] = best + em[i * NT + c] as i64;
                back[i * NT + c] = arg;
            }
        }
    }
    let last = best_last(&alpha, n);
    if alpha[(n - 1) * NT + last] == NEG {
        let mut margins = Vec::new();
        return decode(em, trans, tags, &mut margins);
    }
    trace(&back, n, last, tags);
}

/// The best last tag of `n` tokens' forward scores (lowest index on ties: deterministic).
fn best_last(alpha: &[i64], n: usize) -> usize {
    let row = &alpha[(n - 1) * NT..n * NT];
    let mut last = 0usize;
    for c in 1..NT {
        if row[c] > row[last] {
            last = c;
        }
    }
    last
}

/// The tag sequence ending in `last`, by the back-pointers.
fn trace(back: &[u8], n: usize, last: usize, tags: &mut Vec<u8>) {
    tags.resize(n, 0);
    tags[n - 1] = last as u8;
    for i in (1..n).rev() {
        tags[i - 1] = back[i * NT + tags[i] as usize];
    }
}

#[cfg(test)]
mod tests {
    use super::super::tags::*;
    use super::*;

    #[test]
    fn the_neighbour_lists_are_the_allowed_transitions() {
        for (p, successors) in SUCCESSORS.iter().enumerate() {
            for (c, predecessors) in PREDECESSORS.iter().enumerate() {
                let ok = allowed(p, c as u8);
                assert_eq!(predecessors.contains(&p), ok, "{p} -> {c}");
                assert_eq!(successors.contains(&c), ok, "{p} -> {c}");
            }
        }
    }

    #[test]
    fn an_inside_tag_never_follows_outside() {
        // Token 1 wants I-ACTOR strongly, token 0 wants O: the decoder must choose a
        // legal path (B-ACTOR I-ACTOR, or no I at all).
        let mut em = vec![0i32; 2 * NT];
        em[O as usize] = 5;
        em[NT + I_ACT as usize] = 100;
        let trans = vec![0i32; (NT + 1) * NT];
        let (mut t, mut m) = (Vec::new(), Vec::new());
        decode(&em, &trans, &mut t, &mut m);
        assert_eq!(t, vec![B_ACT, I_ACT]);
        assert_eq!(m.len(), 2);
    }

    #[test]
    fn margins_measure_the_runner_up() {
        let mut em = vec![0i32; NT];
        em[B_LOC as usize] = 7;
        em[B_ACT as usize] = 3;
        let trans = vec![0i32; (NT + 1) * NT];
        let (mut t, mut m) = (Vec::new(), Vec::new());
        decode(&em, &trans, &mut t, &mut m);
        assert_eq!(t, vec![B_LOC]);
        assert_eq!(m, vec![4]);
    }

    #[test]
    fn allowed_sets_bind_the_path_and_all_tags_change_nothing() {
        // Token 0 wants B-LOC, token 1 O; forcing token 0 to B-ACT keeps the rest free,
        // and I-ACT may then follow it where the emissions ask for it.
        let mut em = vec![0i32; 3 * NT];
        em[B_LOC as usize] = 9;
        em[NT + I_ACT as usize] = 4;
        em[NT + O as usize] = 5;
        em[2 * NT + B_LOC as usize] = 2;
        let mut trans = vec![0i32; (NT + 1) * NT];
        trans[B_ACT as usize * NT + I_ACT as usize] = 3;
        let (mut free, mut m, mut got) = (Vec::new(), Vec::new(), Vec::new());
        decode(&em, &trans, &mut free, &mut m);
        decode_allowed(&em, &trans, &[0b11111; 3], &mut got);
        assert_eq!(got, free);
        decode_allowed(&em, &trans, &[1 << B_ACT, 0b11111, !(1u8 << B_LOC) & 0b11111], &mut got);
        assert_eq!(got, vec![B_ACT, I_ACT, O]);
        // No legal path (I-ACT first): the unconstrained path.
        decode_allowed(&em, &trans, &[1 << I_ACT, 0b11111, 0b11111], &mut got);
        assert_eq!(got, free);
    }
}
