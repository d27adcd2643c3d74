//! Review mode in the session (no window): resolving the adjudication queue through
//! `Session::apply`, with what is on disk checked after every step.

#[path = "review_fixture/mod.rs"]
mod fixture;

use fixture::{adj, agreed, fixture};
use spanbench::commands::Paths;
use spanbench::model::{Label, Status};
use spanbench::session::review::{DONE_FILE, QUEUE_FILE, ReviewAction};
use spanbench::session::{Action, Session, no_wake};

fn session(f: &fixture::Fixture) -> Session {
    let mut s = Session::new(
        Paths {
            corpus: vec![f.corpus.clone()],
            annotations: f.out.clone(),
        },
        no_wake(),
        None,
    );
    s.wait_for_corpus();
    s.apply(Action::OpenReview(f.out.clone()));
    s
}

fn progress(s: &Session) -> String {
    s.review.as_ref().unwrap().progress_text()
}

fn current(s: &Session) -> (String, usize) {
    let r = s.review.as_ref().unwrap();
    let i = r.current_item().unwrap();
    (i.article.clone(), i.start)
}

#[test]
fn take_one_version_undo_redo_all_none_and_edit_by_hand() {
    let f = fixture();
    assert_eq!(f.lines(QUEUE_FILE), 3);
    let mut s = session(&f);
    let r = s.review.as_ref().unwrap();
    assert_eq!(r.analysts, vec!["ann", "bob"]);
    assert_eq!(progress(&s), "0 of 3 resolved");
    assert_eq!(current(&s), ("a".into(), 12));
    assert_eq!(s.doc.as_ref().unwrap().id, "a");

    // Take ann's CLAIM.
    s.apply(Action::Review(ReviewAction::Take(0)));
    assert_eq!(
        f.spans("a"),
        vec![(Label::Actor, 0, 6, agreed()), (Label::Claim, 12, 28, adj(&["ann"]))]
    );
    assert_eq!(progress(&s), "1 of 3 resolved");
    assert_eq!((f.lines(QUEUE_FILE), f.lines(DONE_FILE)), (2, 1));
    assert_eq!(current(&s), ("a".into(), 32), "the next open item is shown");

    // Take bob's ACTOR for "Damascus": the last item of article a, so it is reviewed.
    s.apply(Action::Review(ReviewAction::Take(1)));
    let a = f.saved("a");
    assert_eq!(a.status, Status::Reviewed);
    assert!(a.find(Label::Actor, 32, 40).is_some_and(|x| x.origin == adj(&["bob"])));
    assert!(a.find(Label::Location, 32, 40).is_none());
    assert_eq!(progress(&s), "2 of 3 resolved");
    assert_eq!(current(&s), ("b".into(), 0));

    // Undo (from article b the history is b's: nothing there), back to a, undo there.
    s.apply(Action::Review(ReviewAction::Prev));
    assert_eq!(current(&s), ("a".into(), 32));
    s.apply(Action::Undo);
    let a = f.saved("a");
    assert!(a.find(Label::Actor, 32, 40).is_none());
    assert_ne!(a.status, Status::Reviewed);
    assert_eq!(progress(&s), "1 of 3 resolved");
    assert_eq!((f.lines(QUEUE_FILE), f.lines(DONE_FILE)), (2, 1));
    // Redo resolves it again.
    s.apply(Action::Redo);
    assert!(f.saved("a").find(Label::Actor, 32, 40).is_some());
    assert_eq!(progress(&s), "2 of 3 resolved");
    s.apply(Action::Undo);

    // Both versions.
    assert_eq!(current(&s), ("a".into(), 32));
    s.apply(Action::Review(ReviewAction::All));
    let a = f.saved("a");
    assert!(a.find(Label::Actor, 32, 40).is_some_and(|x| x.origin == adj(&["bob"])));
    assert!(
        a.find(Label::Location, 32, 40)
            .is_some_and(|x| x.origin == adj(&["ann"]))
    );

    // None on b: nothing is added, the item leaves the queue, undo brings it back.
    assert_eq!(current(&s), ("b".into(), 0));
    s.apply(Action::Review(ReviewAction::Nothing));
    assert!(f.spans("b").is_empty());
    assert_eq!(f.saved("b").status, Status::Reviewed);
    assert_eq!(progress(&s), "3 of 3 resolved");
    assert_eq!((f.lines(QUEUE_FILE), f.lines(DONE_FILE)), (0, 3));
    s.apply(Action::Undo);
    assert_eq!(progress(&s), "2 of 3 resolved");
    assert_eq!(f.lines(QUEUE_FILE), 1);

    // Edit by hand: tag "Kerry" as a LOCATION, then keep it.
    s.apply(Action::Select {
        anchor: 0,
        caret: 5,
        exact: true,
    });
    s.apply(Action::Tag(Label::Location));
    s.apply(Action::Review(ReviewAction::KeepEdited));
    assert_eq!(
        f.spans("b"),
        vec![(Label::Location, 0, 5, spanbench::model::Origin::Manual)]
    );
    assert_eq!(progress(&s), "3 of 3 resolved");
    assert!(
        s.message
            .as_deref()
            .unwrap_or("")
            .contains("Every disagreement is resolved")
    );

    // A new session on the folder sees the same progress.
    drop(s);
    let s = session(&f);
    assert_eq!(progress(&s), "3 of 3 resolved");
}

#[test]
fn a_resolved_item_is_not_resolved_twice_and_undo_after_a_hand_edit_keeps_order() {
    let f = fixture();
    let mut s = session(&f);
    s.apply(Action::Review(ReviewAction::Take(0)));
    s.apply(Action::Review(ReviewAction::Prev));
    s.apply(Action::Review(ReviewAction::Take(1)));
    assert!(s.message.as_deref().unwrap().contains("Already resolved"));
    assert_eq!(progress(&s), "1 of 3 resolved");
    // A hand edit after the resolution is undone first; the resolution after it.
    s.apply(Action::Select {
        anchor: 7,
        caret: 11,
        exact: true,
    });
    s.apply(Action::Tag(Label::Actor));
    s.apply(Action::Undo);
    assert_eq!(progress(&s), "1 of 3 resolved");
    assert!(f.saved("a").find(Label::Actor, 7, 11).is_none());
    s.apply(Action::Undo);
    assert_eq!(progress(&s), "0 of 3 resolved");
    assert!(f.saved("a").find(Label::Claim, 12, 28).is_none());
    // After a new edit, the undone resolution cannot be redone.
    s.apply(Action::Select {
        anchor: 7,
        caret: 11,
        exact: true,
    });
    s.apply(Action::Tag(Label::Actor));
    s.apply(Action::Redo);
    assert_eq!(progress(&s), "0 of 3 resolved");
}

#[test]
fn review_of_a_folder_without_a_queue_says_so() {
    let f = fixture();
    let mut s = session(&f);
    s.apply(Action::OpenReview(f.corpus.clone()));
    assert!(
        s.message.as_deref().unwrap().contains("no review queue"),
        "{:?}",
        s.message
    );
}

#[test]
fn per_article_agreement_from_compared_folders_and_from_the_adjudication() {
    let f = fixture();
    let mut s = session(&f);
    // Review mode finds the analysts' folders in adjudication.json.
    assert!(s.wait_for_agreement());
    let ag = s.agreement.as_ref().expect("agreement from the adjudication");
    assert_eq!(ag.analysts, vec!["ann", "bob"]);
    // The figures are agree's own per-article ones.
    let team =
        spanbench::agree::load::load_team(&[f.ann.clone(), f.bob.clone()], std::slice::from_ref(&f.corpus)).unwrap();
    let report = spanbench::agree::agree(&team);
    for art in &report.articles {
        let got = ag.get(&art.article).unwrap();
        assert_eq!((got.alpha, got.f1), (art.overall.alpha, art.overall.f1));
    }
    let (a, b) = (ag.get("a").unwrap(), ag.get("b").unwrap());
    assert!(a.key() < b.key(), "{a:?} {b:?}");
    assert!(a.f1.unwrap() > 0.0 && b.f1 == Some(0.0));
    let ids = ["b", "a"];
    assert_eq!(ag.weakest_first(&ids), vec![1, 0], "the weakest (a) first");
    // --compare on an ordinary session.
    let mut t = Session::new(
        Paths {
            corpus: vec![f.corpus.clone()],
            annotations: f.ann.clone(),
        },
        no_wake(),
        None,
    );
    t.apply(Action::Compare(vec![f.ann.clone(), f.bob.clone()]));
    assert!(t.wait_for_agreement());
    assert_eq!(t.agreement.as_ref().unwrap(), ag);
    t.apply(Action::Compare(vec![f.ann.clone()]));
    t.wait_for_agreement();
    assert!(t.message.as_deref().unwrap().contains("Cannot compare"));
}

#[test]
fn adjudicating_again_into_a_reviewed_folder_is_refused_and_changes_nothing() {
    let f = fixture();
    let mut s = session(&f);
    s.apply(Action::Review(ReviewAction::Take(0)));
    drop(s);
    let before = f.saved("a");
    let code =
        spanbench::adjudicate::cli_adjudicate(&[f.ann.clone(), f.bob.clone()], std::slice::from_ref(&f.corpus), &f.out);
    assert_eq!(code, 2);
    assert_eq!(f.saved("a"), before, "the review decision is still there");
    assert_eq!((f.lines(QUEUE_FILE), f.lines(DONE_FILE)), (2, 1));
}

#[test]
fn spanbench_review_on_a_folder_without_a_queue_exits_2_before_any_window() {
    let dir = tempfile::tempdir().unwrap();
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_spanbench"))
        .arg("review")
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("review.jsonl") && err.contains("adjudicate"), "{err}");
}

/// Both analysts made the claim and its speaker; only ann linked them. Article c is only
/// in ann's folder.
fn speaker_fixture() -> fixture::Fixture {
    use spanbench::model::{Annotations, Edit, Origin, Relation};
    use spanbench::store::Store;
    use spanbench::text::TextIndex;
    let f = fixture();
    std::fs::remove_dir_all(&f.out).unwrap();
    let t = TextIndex::new(fixture::A);
    let make = |link: bool| {
        let mut a = Annotations::new("a", "a.txt", spanbench::text::sha256_hex(fixture::A));
        let actor = a.new_span(&t, Label::Actor, 0, 6, Origin::Manual).unwrap();
        a.apply(Edit::AddSpan(actor.clone())).unwrap();
        let claim = a.new_span(&t, Label::Claim, 12, 28, Origin::Manual).unwrap();
        a.apply(Edit::AddSpan(claim.clone())).unwrap();
        if link {
            a.apply(Edit::Link(Relation::said_by(claim.id, actor.id))).unwrap();
        }
        a
    };
    Store::new(&f.ann).save(&make(true)).unwrap();
    Store::new(&f.bob).save(&make(false)).unwrap();
    std::fs::remove_file(f.bob.join("b.ron")).unwrap();
    let code =
        spanbench::adjudicate::cli_adjudicate(&[f.ann.clone(), f.bob.clone()], std::slice::from_ref(&f.corpus), &f.out);
    assert_eq!(code, 0);
    f
}

#[test]
fn speaker_and_article_disagreements() {
    let f = speaker_fixture();
    let mut s = session(&f);
    let kinds: Vec<String> = s
        .review
        .as_ref()
        .unwrap()
        .items
        .iter()
        .map(|i| i.kind.clone())
        .collect();
    assert_eq!(kinds, vec!["speaker", "article"]);
    // Ann linked the claim to Lavrov: take hers.
    s.apply(Action::Review(ReviewAction::Take(0)));
    let a = f.saved("a");
    let claim = a.find(Label::Claim, 12, 28).unwrap().id;
    let actor = a.find(Label::Actor, 0, 6).unwrap().id;
    assert_eq!(a.speakers_of(claim).collect::<Vec<_>>(), vec![actor]);
    // Undo (the review moved on to article b; undo goes back to a) and take bob's.
    assert_eq!(current(&s), ("b".into(), 0));
    s.apply(Action::Undo);
    assert_eq!(current(&s), ("a".into(), 12));
    assert!(f.saved("a").relations.is_empty());
    s.apply(Action::Review(ReviewAction::Take(1)));
    assert!(f.saved("a").relations.is_empty());
    assert_eq!(f.saved("a").status, Status::Reviewed);
    // Article b only ann has: take hers; the file is made in OUT.
    assert_eq!(current(&s), ("b".into(), 0));
    s.apply(Action::Review(ReviewAction::Take(0)));
    assert_eq!(f.spans("b"), vec![(Label::Actor, 0, 5, adj(&["ann"]))]);
    assert_eq!(f.saved("b").status, Status::Reviewed, "a new file is reviewed too");
    assert_eq!(progress(&s), "2 of 2 resolved");
}

/// Timing on a large queue: `cargo test --release --test session_review -- --ignored --nocapture`.
#[test]
#[ignore]
fn timing_open_and_resolve_on_a_large_queue() {
    use spanbench::model::{Annotations, Edit, Origin};
    use spanbench::store::Store;
    use spanbench::text::TextIndex;
    use std::time::Instant;
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    std::fs::create_dir_all(&corpus).unwrap();
    let unit = "Lavrov said the talks failed in Damascus. ";
    let text = unit.repeat(50);
    let t = TextIndex::new(text.as_str());
    let (ann, bob) = (dir.path().join("ann"), dir.path().join("bob"));
    let n = 1000;
    for k in 0..n {
        let id = format!("art{k:04}");
        std::fs::write(corpus.join(format!("{id}.txt")), &text).unwrap();
        for (who, dir) in [(0, &ann), (1, &bob)] {
            let mut a = Annotations::new(&id, format!("{id}.txt"), spanbench::text::sha256_hex(&text));
            for u in 0..50 {
                let o = u * unit.chars().count();
                let loc = if who == 1 && u % 5 == 0 {
                    Label::Actor
                } else {
                    Label::Location
                };
                for (l, s, e) in [(Label::Actor, o, o + 6), (loc, o + 32, o + 40)] {
                    let sp = a.new_span(&t, l, s, e, Origin::Manual).unwrap();
                    a.apply(Edit::AddSpan(sp)).unwrap();
                }
            }
            Store::new(dir).save(&a).unwrap();
        }
    }
    let out = dir.path().join("out");
    let t0 = Instant::now();
    assert_eq!(
        spanbench::adjudicate::cli_adjudicate(&[ann, bob], std::slice::from_ref(&corpus), &out),
        0
    );
    eprintln!("adjudicate {n} articles x 2: {:.2} s", t0.elapsed().as_secs_f64());
    let t0 = Instant::now();
    let q = spanbench::session::review::Review::load(&out).unwrap();
    eprintln!(
        "load the queue ({} items): {:.2} s",
        q.total(),
        t0.elapsed().as_secs_f64()
    );
    let t0 = Instant::now();
    spanbench::session::compare::from_adjudication(&out, std::slice::from_ref(&corpus)).unwrap();
    // (the session computes it on a worker thread)
    eprintln!("agreement of the analysts: {:.2} s", t0.elapsed().as_secs_f64());
    let mut s = Session::new(
        Paths {
            corpus: vec![corpus.clone()],
            annotations: out.clone(),
        },
        no_wake(),
        None,
    );
    let t0 = Instant::now();
    s.apply(Action::OpenReview(out.clone()));
    eprintln!(
        "open review ({} items; agreement on a worker): {:.2} s",
        s.review.as_ref().unwrap().total(),
        t0.elapsed().as_secs_f64()
    );
    let t0 = Instant::now();
    for _ in 0..20 {
        s.apply(Action::Review(ReviewAction::Take(1)));
    }
    eprintln!(
        "one resolution (saved, queue rewritten): {:.1} ms",
        t0.elapsed().as_secs_f64() * 1000.0 / 20.0
    );
    assert_eq!(progress(&s), format!("20 of {} resolved", 10 * n));
}
