//! Keeping the analyst's unsaved edits on top of a file that changed on disk: the
//! workbench opened `base`, the analyst made `mine`, and meanwhile `theirs` was
//! written (an import, a `git pull`). [`rebase`] gives the one [`Edit`] that redoes
//! the analyst's changes on `theirs`: apply it to `theirs` and its inverse is a
//! single undo step back to the file as it is on disk.
//!
//! Spans are matched across the three by (label, start, end), not by id (ids are
//! per file). What the analyst removed is removed, what they added is added (with a
//! fresh id), relations, rejections and the status likewise; a change that no longer
//! applies (its span is gone from `theirs`) is skipped and named in the report.

use super::{Annotations, Edit, Label, Relation, SpanId};
use std::collections::{HashMap, HashSet};

type Key = (Label, usize, usize);

fn keys(a: &Annotations) -> HashMap<Key, SpanId> {
    a.spans.iter().map(|s| ((s.label, s.start, s.end), s.id)).collect()
}

fn rel_keys(a: &Annotations) -> HashSet<(Key, Key)> {
    let by_id: HashMap<SpanId, Key> = a.spans.iter().map(|s| (s.id, (s.label, s.start, s.end))).collect();
    a.relations
        .iter()
        .filter_map(|r| Some((*by_id.get(&r.claim)?, *by_id.get(&r.speaker)?)))
        .collect()
}

fn try_apply(work: &mut Annotations, done: &mut Vec<Edit>, skipped: &mut Vec<String>, e: Edit, what: String) {
    match work.apply(e.clone()) {
        Ok(_) => done.push(e),
        Err(err) => skipped.push(format!("{what}: {err}")),
    }
}

/// The edit that replays `base -> mine` onto `theirs`, and what could not be
/// replayed (in words). Applying the edit to `theirs` cannot fail.
pub fn rebase(base: &Annotations, mine: &Annotations, theirs: &Annotations) -> (Edit, Vec<String>) {
    let (kb, km) = (keys(base), keys(mine));
    let mut work = theirs.clone();
    let mut done = Vec::new();
    let mut skipped = Vec::new();
    // Removed by the analyst.
    let mut removed: Vec<&Key> = kb.keys().filter(|k| !km.contains_key(*k)).collect();
    removed.sort();
    for k in removed {
        if let Some(&id) = keys(&work).get(k) {
            try_apply(
                &mut work,
                &mut done,
                &mut skipped,
                Edit::RemoveSpan(id),
                format!("removing {} {}..{}", k.0, k.1, k.2),
            );
        }
    }
    // Added by the analyst.
    let mut added: Vec<&Key> = km.keys().filter(|k| !kb.contains_key(*k)).collect();
    added.sort();
    for k in added {
        if keys(&work).contains_key(k) {
            continue;
        }
        let mut span = mine.span(km[k]).expect("keyed from mine").clone();
        span.id = work.next_id();
        try_apply(
            &mut work,
            &mut done,
            &mut skipped,
            Edit::AddSpan(span),
            format!("adding {} {}..{}", k.0, k.1, k.2),
        );
    }
    // Relations.
    let (rb, rm) = (rel_keys(base), rel_keys(mine));
    let mut rel_edits: Vec<(bool, &(Key, Key))> = rm
        .iter()
        .filter(|r| !rb.contains(*r))
        .map(|r| (true, r))
        .chain(rb.iter().filter(|r| !rm.contains(*r)).map(|r| (false, r)))
        .collect();
    rel_edits.sort();
    for (link, (c, s)) in rel_edits {
        let k = keys(&work);
        let what = format!("SAID_BY {}..{} -> {}..{}", c.1, c.2, s.1, s.2);
        match (k.get(c), k.get(s)) {
            (Some(&ci), Some(&si)) => {
                let rel = Relation::said_by(ci, si);
                let e = if link { Edit::Link(rel) } else { Edit::Unlink(rel) };
                try_apply(&mut work, &mut done, &mut skipped, e, what);
            }
            _ if link => skipped.push(format!("{what}: one of its spans is gone from the file on disk")),
            _ => {}
        }
    }
    // Rejections and status.
    let (jb, jm): (HashSet<_>, HashSet<_>) = (base.rejected.iter().collect(), mine.rejected.iter().collect());
    let mut rej: Vec<(bool, _)> = jm
        .iter()
        .filter(|r| !jb.contains(*r))
        .map(|r| (true, **r))
        .chain(jb.iter().filter(|r| !jm.contains(*r)).map(|r| (false, **r)))
        .collect();
    rej.sort();
    for (add, r) in rej {
        let e = if add { Edit::Reject(r) } else { Edit::Unreject(r) };
        try_apply(
            &mut work,
            &mut done,
            &mut skipped,
            e,
            format!("rejection {} {}..{}", r.label, r.start, r.end),
        );
    }
    if mine.status != base.status {
        try_apply(
            &mut work,
            &mut done,
            &mut skipped,
            Edit::SetStatus(mine.status),
            "status".into(),
        );
    }
    (Edit::Batch(done), skipped)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Origin, Status};
    use crate::text::TextIndex;

    fn add(a: &mut Annotations, t: &TextIndex, l: Label, s: usize, e: usize) -> SpanId {
        let sp = a.new_span(t, l, s, e, Origin::Manual).unwrap();
        let id = sp.id;
        a.apply(Edit::AddSpan(sp)).unwrap();
        id
    }

    #[test]
    fn my_edits_land_on_top_of_theirs_as_one_undoable_step() {
        let t = TextIndex::new("Lavrov said the talks failed in Geneva and Moscow.");
        let mut base = Annotations::new("a", "a.txt", "x");
        let lav = add(&mut base, &t, Label::Actor, 0, 6);
        let geneva = add(&mut base, &t, Label::Location, 32, 38);
        // Mine: a claim linked to Lavrov, Geneva removed, status done.
        let mut mine = base.clone();
        let claim = add(&mut mine, &t, Label::Claim, 12, 28);
        mine.apply(Edit::Link(Relation::said_by(claim, lav))).unwrap();
        mine.apply(Edit::RemoveSpan(geneva)).unwrap();
        mine.apply(Edit::SetStatus(Status::Done)).unwrap();
        // Theirs (an import meanwhile): Moscow added, with an id mine also uses.
        let mut theirs = base.clone();
        add(&mut theirs, &t, Label::Location, 43, 49);
        let (edit, skipped) = rebase(&base, &mine, &theirs);
        assert!(skipped.is_empty(), "{skipped:?}");
        let mut merged = theirs.clone();
        let undo = merged.apply(edit).unwrap();
        let texts: Vec<&str> = merged.spans.iter().map(|s| s.text.as_str()).collect();
        assert_eq!(texts, vec!["Lavrov", "the talks failed", "Moscow"]);
        assert_eq!(merged.relations.len(), 1);
        assert_eq!(merged.status, Status::Done);
        assert!(merged.validate(&t).is_empty(), "{:?}", merged.validate(&t));
        merged.apply(undo).unwrap();
        assert_eq!(merged, theirs, "one undo gives the file on disk back");
    }

    #[test]
    fn a_link_to_a_span_they_removed_is_skipped_and_named() {
        let t = TextIndex::new("Lavrov said the talks failed.");
        let mut base = Annotations::new("a", "a.txt", "x");
        let lav = add(&mut base, &t, Label::Actor, 0, 6);
        let mut mine = base.clone();
        let claim = add(&mut mine, &t, Label::Claim, 12, 28);
        mine.apply(Edit::Link(Relation::said_by(claim, lav))).unwrap();
        let mut theirs = base.clone();
        theirs.apply(Edit::RemoveSpan(lav)).unwrap();
        let (edit, skipped) = rebase(&base, &mine, &theirs);
        assert_eq!(skipped.len(), 1, "{skipped:?}");
        assert!(skipped[0].contains("SAID_BY"), "{skipped:?}");
        let mut merged = theirs.clone();
        merged.apply(edit).unwrap();
        assert_eq!(merged.spans.len(), 1, "the claim is kept");
    }
}
