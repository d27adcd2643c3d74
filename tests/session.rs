//! The session without a window: every action through `Session::apply`, on a temp
//! corpus with a temp annotations folder, and a scripted suggester so suggestions are
//! known. No egui anywhere.

use spanbench::commands::Paths;
use spanbench::model::{Label, Origin, Relation, Status};
use spanbench::session::{
    Action, NEED_SELECTION, NO_SUGGESTIONS, READ_ONLY, Session, Wake, default_annotations, no_wake,
};
use spanbench::store::Store;
use spanbench::suggest::Suggestion;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

const A: &str = "Lavrov said the talks failed in Damascus.\n\nHe added more.\n";
const B: &str = "Kerry spoke in Geneva.\n";
const C: &str = "Nothing happened in Paris.\n";

struct Env {
    _dir: tempfile::TempDir,
    corpus: PathBuf,
    ann: PathBuf,
}

fn env() -> Env {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    std::fs::create_dir_all(&corpus).unwrap();
    for (name, text) in [("a.txt", A), ("b.txt", B), ("c.txt", C)] {
        std::fs::write(corpus.join(name), text).unwrap();
    }
    let ann = dir.path().join("annotations");
    Env { _dir: dir, corpus, ann }
}

fn session_with(env: &Env, wake: Wake) -> Session {
    let paths = Paths {
        corpus: vec![env.corpus.clone()],
        annotations: env.ann.clone(),
    };
    let mut s = Session::new(paths, wake, None);
    s.wait_for_corpus();
    s
}

fn session(env: &Env) -> Session {
    session_with(env, no_wake())
}

fn sugg(label: Label, start: usize, end: usize, speaker: Option<(usize, usize)>) -> Suggestion {
    Suggestion {
        label,
        start,
        end,
        score: 0.8,
        why: "test".into(),
        source: "claims",
        speaker,
    }
}

/// A session whose suggester answers article a.txt with: ACTOR "Lavrov", LOCATION
/// "Damascus", CLAIM "the talks failed" said by "Lavrov".
fn suggesting(env: &Env) -> Session {
    let mut s = session(env);
    s.use_suggester(Arc::new(|_, text, _| {
        if !text.as_str().starts_with("Lavrov") {
            return Vec::new();
        }
        vec![
            sugg(Label::Actor, 0, 6, None),
            sugg(Label::Claim, 12, 28, Some((0, 6))),
            sugg(Label::Location, 32, 40, None),
        ]
    }));
    assert!(s.wait_for_suggestions());
    s
}

fn on_disk(env: &Env, id: &str) -> spanbench::model::Annotations {
    Store::new(&env.ann).read(id).unwrap().expect("a RON file")
}

fn select(s: &mut Session, a: usize, b: usize) {
    s.apply(Action::Select {
        anchor: a,
        caret: b,
        exact: false,
    });
}

fn ann(s: &Session) -> &spanbench::model::Annotations {
    &s.doc.as_ref().unwrap().ann
}

#[test]
fn tag_relabel_delete_undo_redo_and_the_file_follows() {
    let env = env();
    let mut s = session(&env);
    assert_eq!(s.doc.as_ref().unwrap().id, "a");
    // A bare caret only hints.
    s.apply(Action::SetCaret(3));
    s.apply(Action::Tag(Label::Actor));
    assert_eq!(s.message.as_deref(), Some(NEED_SELECTION));
    assert!(ann(&s).spans.is_empty());
    // Selection snaps to the word.
    select(&mut s, 1, 4);
    let o = s.apply(Action::Tag(Label::Actor));
    assert!(o.edited);
    let span = ann(&s).spans[0].clone();
    assert_eq!(
        (span.label, span.start, span.end, span.text.as_str()),
        (Label::Actor, 0, 6, "Lavrov")
    );
    assert_eq!(span.origin, Origin::Manual);
    assert_eq!(ann(&s).status, Status::InProgress, "the first edit starts the article");
    assert_eq!(s.cursor.selected_span, Some(span.id));
    assert_eq!(s.message, None, "the hint went with the edit");
    // With the span selected, C relabels it.
    s.apply(Action::Tag(Label::Claim));
    assert_eq!(ann(&s).spans[0].label, Label::Claim);
    s.apply(Action::DeleteSelected);
    assert!(ann(&s).spans.is_empty());
    s.flush();
    assert!(on_disk(&env, "a").spans.is_empty());
    s.apply(Action::Undo);
    assert_eq!(ann(&s).spans[0].label, Label::Claim);
    s.apply(Action::Undo);
    assert_eq!(ann(&s).spans[0].label, Label::Actor);
    s.apply(Action::Redo);
    assert_eq!(ann(&s).spans[0].label, Label::Claim);
    s.flush();
    assert_eq!(on_disk(&env, "a").spans[0].label, Label::Claim);
    assert_eq!(s.can_undo_redo(), (true, true));
    s.apply(Action::DeleteSelected);
    s.apply(Action::DeleteSelected);
    assert_eq!(
        s.message.as_deref(),
        Some("Select a span first (click it, or pick it in the inspector)")
    );
}

#[test]
fn speaker_picking_links_and_unlink_removes() {
    let env = env();
    let mut s = session(&env);
    select(&mut s, 0, 6);
    s.apply(Action::Tag(Label::Actor));
    let actor = s.cursor.selected_span.unwrap();
    select(&mut s, 12, 28);
    s.apply(Action::Tag(Label::Claim));
    let claim = s.cursor.selected_span.unwrap();
    s.apply(Action::PickSpeaker);
    assert_eq!(s.cursor.picking_speaker, Some(claim));
    // A claim cannot be its own speaker.
    s.apply(Action::SelectSpan(claim));
    assert_eq!(s.message.as_deref(), Some("A speaker must be an ACTOR span"));
    s.apply(Action::SelectSpan(actor));
    assert_eq!(ann(&s).relations, vec![Relation::said_by(claim, actor)]);
    assert_eq!(s.cursor.picking_speaker, None);
    assert_eq!(s.cursor.selected_span, Some(claim));
    s.apply(Action::Unlink(Relation::said_by(claim, actor)));
    assert!(ann(&s).relations.is_empty());
    s.apply(Action::Link(Relation::said_by(claim, actor)));
    assert_eq!(ann(&s).relations.len(), 1);
    // S without a claim selected explains itself.
    s.apply(Action::SelectSpan(actor));
    s.apply(Action::PickSpeaker);
    assert!(s.message.as_deref().unwrap().starts_with("Select a CLAIM first"));
}

#[test]
fn tab_accept_reject_walk_the_open_suggestions() {
    let env = env();
    let mut s = suggesting(&env);
    assert_eq!(s.open_suggestions().len(), 3);
    let o = s.apply(Action::NextSuggestion);
    assert_eq!(s.cursor.current_suggestion, Some(0));
    assert_eq!(o.scroll_to, Some(0));
    s.apply(Action::AcceptCurrent);
    let a = ann(&s).find(Label::Actor, 0, 6).unwrap();
    assert_eq!(a.origin, Origin::Suggested("claims".into()));
    assert_eq!(
        s.cursor.current_suggestion,
        Some(1),
        "accepting moves to the next open one"
    );
    s.apply(Action::RejectCurrent);
    assert!(ann(&s).is_rejected(Label::Claim, 12, 28));
    assert_eq!(s.cursor.current_suggestion, Some(2));
    s.apply(Action::PrevSuggestion);
    assert_eq!(
        s.cursor.current_suggestion,
        Some(2),
        "only one is open: it wraps onto itself"
    );
    s.apply(Action::RejectSuggestion(2));
    assert!(s.open_suggestions().is_empty());
    s.apply(Action::NextSuggestion);
    assert_eq!(s.message.as_deref(), Some(NO_SUGGESTIONS));
    s.apply(Action::AcceptCurrent);
    assert_eq!(s.message.as_deref(), Some("Tab to a suggestion first"));
    // Undo brings a rejected suggestion back.
    s.apply(Action::Undo);
    assert!(s.suggestion_open(2));
    s.flush();
    let disk = on_disk(&env, "a");
    assert_eq!(disk.spans.len(), 1);
    assert_eq!(disk.rejected.len(), 1);
}

#[test]
fn accept_all_is_one_step_and_links_the_speaker_in_the_same_step() {
    let env = env();
    let mut s = suggesting(&env);
    s.apply(Action::AcceptAll {
        label: None,
        min_score: 0.5,
    });
    // The link it would make is shown first; nothing changes until it is confirmed.
    let plan = s.bulk.clone().expect("the links wait for a look");
    assert_eq!(plan.links.len(), 1);
    let l = &plan.links[0];
    assert_eq!(
        (
            l.claim_text.as_str(),
            l.speaker_text.as_str(),
            l.distance,
            l.now,
            l.keep
        ),
        ("the talks failed", "Lavrov", 6, true, true)
    );
    assert!(ann(&s).spans.is_empty());
    s.apply(Action::ConfirmBulk);
    assert!(s.bulk.is_none());
    assert_eq!(ann(&s).spans.len(), 3);
    let claim = ann(&s).find(Label::Claim, 12, 28).unwrap().id;
    let actor = ann(&s).find(Label::Actor, 0, 6).unwrap().id;
    assert_eq!(ann(&s).relations, vec![Relation::said_by(claim, actor)]);
    assert!(
        s.message
            .as_deref()
            .unwrap()
            .starts_with("Accepted 3 suggestions as one step")
    );
    s.apply(Action::Undo);
    assert!(ann(&s).spans.is_empty() && ann(&s).relations.is_empty());
    // Above a score nothing reaches: nothing happens, and it says so.
    s.apply(Action::AcceptAll {
        label: None,
        min_score: 0.95,
    });
    assert!(ann(&s).spans.is_empty());
    assert_eq!(s.message.as_deref(), Some("No open suggestions match"));
    // One label only.
    s.apply(Action::AcceptAll {
        label: Some(Label::Location),
        min_score: 0.0,
    });
    assert_eq!(ann(&s).spans.len(), 1);
    assert_eq!(ann(&s).spans[0].label, Label::Location);
}

#[test]
fn bulk_accept_links_only_the_ticked_pairs_and_cancel_changes_nothing() {
    let env = env();
    let mut s = suggesting(&env);
    let all = Action::AcceptAll {
        label: None,
        min_score: 0.0,
    };
    s.apply(all.clone());
    s.apply(Action::CancelBulk);
    assert!(s.bulk.is_none() && ann(&s).spans.is_empty());
    assert!(s.message.as_deref().unwrap().starts_with("Bulk accept cancelled"));
    // Unticked: the spans are accepted, the claim gets no link and waits for none.
    s.apply(all.clone());
    s.apply(Action::KeepBulkLink { index: 0, keep: false });
    s.apply(Action::ConfirmBulk);
    assert_eq!(ann(&s).spans.len(), 3);
    assert!(ann(&s).relations.is_empty());
    assert!(s.pending_speakers().is_empty());
    assert_eq!(s.histories.values().map(|h| h.undo.len()).sum::<usize>(), 1, "one step");
    // Only claims (the speaker not an actor yet): shown as a link made once it is tagged.
    s.apply(Action::Undo);
    s.apply(Action::AcceptAll {
        label: Some(Label::Claim),
        min_score: 0.0,
    });
    let plan = s.bulk.clone().unwrap();
    assert_eq!(plan.links.len(), 1);
    assert!(!plan.links[0].now);
    s.apply(Action::ConfirmBulk);
    let claim = ann(&s).find(Label::Claim, 12, 28).unwrap().id;
    assert_eq!(s.pending_speakers().get(&claim), Some(&(0, 6)));
    // Undoing the claim drops its wait: a later claim reusing its id is not linked.
    s.apply(Action::Undo);
    assert!(s.pending_speakers().is_empty());
}

#[test]
fn a_suggested_actor_is_accepted_and_linked_as_the_speaker_in_one_step() {
    let env = env();
    let mut s = suggesting(&env);
    s.apply(Action::AcceptSuggestion(1));
    let claim = ann(&s).find(Label::Claim, 12, 28).unwrap().id;
    assert!(s.wait_for_suggestions());
    let choices = s.speaker_choices(claim);
    assert_eq!(choices[0].text, "Lavrov");
    assert!(choices[0].proposed);
    let k = s.open_suggestion_at(Label::Actor, 0, 6).unwrap();
    s.apply(Action::LinkSuggestedSpeaker { claim, suggestion: k });
    let actor = ann(&s).find(Label::Actor, 0, 6).unwrap().id;
    assert_eq!(ann(&s).relations, vec![Relation::said_by(claim, actor)]);
    s.apply(Action::Undo);
    assert!(ann(&s).relations.is_empty() && ann(&s).find(Label::Actor, 0, 6).is_none());
    assert!(ann(&s).span(claim).is_some());
    // A location is no speaker.
    assert!(s.wait_for_suggestions());
    let loc = s.open_suggestion_at(Label::Location, 32, 40).unwrap();
    s.apply(Action::LinkSuggestedSpeaker { claim, suggestion: loc });
    assert!(ann(&s).relations.is_empty());
}

#[test]
fn a_claim_accepted_before_its_speaker_is_linked_when_the_speaker_is_tagged() {
    let env = env();
    let mut s = suggesting(&env);
    s.apply(Action::AcceptSuggestion(1));
    let claim = ann(&s).find(Label::Claim, 12, 28).unwrap().id;
    assert!(ann(&s).relations.is_empty());
    assert_eq!(s.pending_speakers().get(&claim), Some(&(0, 6)));
    // Tagging the actor by hand makes the link, in the same undo step.
    select(&mut s, 0, 6);
    s.apply(Action::Tag(Label::Actor));
    let actor = ann(&s).find(Label::Actor, 0, 6).unwrap().id;
    assert_eq!(ann(&s).relations, vec![Relation::said_by(claim, actor)]);
    s.apply(Action::Undo);
    assert!(ann(&s).relations.is_empty());
    assert!(ann(&s).find(Label::Actor, 0, 6).is_none());
    // Accepting the actor's suggestion links too.
    s.apply(Action::AcceptSuggestion(0));
    let actor = ann(&s).find(Label::Actor, 0, 6).unwrap().id;
    assert_eq!(ann(&s).relations, vec![Relation::said_by(claim, actor)]);
}

#[test]
fn navigation_keeps_each_articles_history_and_status_changes_are_saved() {
    let env = env();
    let mut s = session(&env);
    select(&mut s, 0, 6);
    s.apply(Action::Tag(Label::Actor));
    let o = s.apply(Action::NextArticle);
    assert_eq!(o.opened_article.as_deref(), Some("b"));
    assert_eq!(s.current_index(), Some(1));
    assert_eq!(s.cursor, Default::default(), "a new article starts with a fresh cursor");
    s.apply(Action::NextArticle);
    s.apply(Action::NextArticle);
    assert_eq!(s.current_index(), Some(2), "the last article stays");
    s.apply(Action::PrevArticle);
    s.apply(Action::PrevArticle);
    s.apply(Action::PrevArticle);
    assert_eq!(s.current_index(), Some(0));
    assert_eq!(ann(&s).spans.len(), 1, "the span came back from disk");
    s.apply(Action::Undo);
    assert!(ann(&s).spans.is_empty(), "the history stayed with the article");
    s.apply(Action::SetStatus(Status::Reviewed));
    s.apply(Action::OpenArticle(2));
    s.apply(Action::MarkDoneAndNext);
    assert_eq!(
        s.current_index(),
        Some(1),
        "done: on to the next one not done (wrapping)"
    );
    s.flush();
    assert_eq!(on_disk(&env, "a").status, Status::Reviewed);
    assert_eq!(on_disk(&env, "c").status, Status::Done);
    assert!(s.rows[2].is_done());
    s.apply(Action::MarkDoneAndNext);
    assert_eq!(s.message.as_deref(), Some("Every article is done."));
}

#[test]
fn a_broken_ron_file_makes_the_article_read_only_and_the_refusal_goes_with_it() {
    let env = env();
    std::fs::create_dir_all(&env.ann).unwrap();
    std::fs::write(env.ann.join("a.ron"), "(this is not ron").unwrap();
    let mut s = session(&env);
    assert!(s.doc.as_ref().unwrap().read_only.is_some());
    assert!(!s.editable());
    select(&mut s, 0, 6);
    s.apply(Action::Tag(Label::Actor));
    assert!(ann(&s).spans.is_empty());
    assert!(s.message.as_deref().unwrap().starts_with(READ_ONLY));
    assert_eq!(
        std::fs::read_to_string(env.ann.join("a.ron")).unwrap(),
        "(this is not ron",
        "never written"
    );
    s.apply(Action::OpenArticle(1));
    s.poll();
    assert_eq!(s.message, None, "the read-only refusal left with its article");
}

#[test]
fn workers_wake_the_window_through_the_callback() {
    let env = env();
    let woken = Arc::new(AtomicUsize::new(0));
    let w = woken.clone();
    let mut s = session_with(
        &env,
        Arc::new(move || {
            w.fetch_add(1, Ordering::SeqCst);
        }),
    );
    let before = woken.load(Ordering::SeqCst);
    assert!(before > 0, "the corpus walk woke it");
    select(&mut s, 0, 6);
    s.apply(Action::Tag(Label::Actor));
    s.flush();
    assert!(woken.load(Ordering::SeqCst) > before, "the saver woke it");
}

#[test]
fn a_suggester_that_panics_is_reported_and_editing_goes_on() {
    let env = env();
    let mut s = session(&env);
    s.use_suggester(Arc::new(|_, _, _| panic!("boom in the suggester")));
    assert!(s.wait_for_suggestions());
    assert!(
        s.engine_status().contains("Suggestions failed"),
        "{}",
        s.engine_status()
    );
    assert!(s.engine_status().contains("boom in the suggester"));
    assert!(s.suggestions.is_empty());
    select(&mut s, 0, 6);
    s.apply(Action::Tag(Label::Actor));
    assert_eq!(ann(&s).spans.len(), 1);
}

#[test]
fn caret_moves_extend_the_selection_from_where_it_was() {
    let env = env();
    let mut s = session(&env);
    s.apply(Action::SetCaret(0));
    s.apply(Action::MoveCaret {
        to: 3,
        extend: true,
        exact: true,
    });
    let o = s.apply(Action::MoveCaret {
        to: 9,
        extend: true,
        exact: true,
    });
    assert_eq!(o.scroll_to, Some(9));
    assert_eq!(s.selection(), Some((0, 9)), "exact: no snapping");
    s.apply(Action::MoveCaret {
        to: 2,
        extend: false,
        exact: false,
    });
    assert_eq!(s.selection(), None);
    assert_eq!(s.cursor.caret, 2);
    s.apply(Action::MoveCaret {
        to: 10_000,
        extend: false,
        exact: false,
    });
    assert_eq!(s.cursor.caret, A.chars().count(), "clamped to the text");
    s.apply(Action::ClearSelection);
    assert_eq!(s.cursor.anchor, None);
}

#[test]
fn opening_another_corpus_and_annotations_folder() {
    let env = env();
    let mut s = session(&env);
    let other = env.corpus.parent().unwrap().join("other");
    std::fs::create_dir_all(&other).unwrap();
    std::fs::write(other.join("z.txt"), "Zelensky spoke.\n").unwrap();
    let o = s.apply(Action::OpenCorpus(Paths {
        corpus: vec![other.clone()],
        annotations: env.ann.clone(),
    }));
    assert_eq!(o.opened_corpus.unwrap().corpus, vec![other]);
    assert_eq!(s.rows.len(), 1);
    assert_eq!(s.doc.as_ref().unwrap().id, "z");
    let dir2 = env.corpus.parent().unwrap().join("ann2");
    s.apply(Action::SetAnnotationsDir(dir2.clone()));
    select(&mut s, 0, 8);
    s.apply(Action::Tag(Label::Actor));
    s.flush();
    assert_eq!(Store::new(&dir2).read("z").unwrap().unwrap().spans.len(), 1);
}

#[test]
fn two_corpora_sharing_an_article_id_never_merge_into_each_others_file() {
    let dir = tempfile::tempdir().unwrap();
    let (one, two) = (dir.path().join("other"), dir.path().join("other2"));
    std::fs::create_dir_all(&one).unwrap();
    std::fs::create_dir_all(&two).unwrap();
    std::fs::write(one.join("a_beirut.txt"), "Aoun spoke in Beirut on Monday.\n").unwrap();
    std::fs::write(two.join("a_beirut.txt"), "Protesters gathered near the port at dawn.\n").unwrap();
    // By default each corpus has its own folder.
    assert_eq!(default_annotations(std::slice::from_ref(&one)), one.join("annotations"));
    assert_eq!(
        default_annotations(&[one.join("a_beirut.txt")]),
        one.join("annotations")
    );
    assert_ne!(
        default_annotations(std::slice::from_ref(&one)),
        default_annotations(std::slice::from_ref(&two))
    );
    // One folder shared on purpose: the second article is never merged into the first's file.
    let shared = dir.path().join("shared");
    let paths = |c: &PathBuf| Paths {
        corpus: vec![c.clone()],
        annotations: shared.clone(),
    };
    let mut s = Session::new(paths(&one), no_wake(), None);
    s.wait_for_corpus();
    select(&mut s, 0, 4);
    s.apply(Action::Tag(Label::Actor));
    s.flush();
    let file = shared.join("a_beirut.ron");
    let before = std::fs::read_to_string(&file).unwrap();
    s.apply(Action::OpenCorpus(paths(&two)));
    let doc = s.doc.as_ref().unwrap();
    let why = doc.read_only.as_deref().expect("opened read-only");
    assert!(why.contains("holds the annotations of another article"), "{why}");
    assert!(
        ann(&s).spans.is_empty(),
        "nothing of the other article shows as orphans or spans"
    );
    select(&mut s, 0, 10);
    s.apply(Action::Tag(Label::Actor));
    s.flush();
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        before,
        "the first article's file is untouched"
    );
    // The same source file with an edited text is still re-anchored (not a conflict).
    std::fs::write(one.join("a_beirut.txt"), "Today Aoun spoke in Beirut on Monday.\n").unwrap();
    s.apply(Action::OpenCorpus(paths(&one)));
    let doc = s.doc.as_ref().unwrap();
    assert!(doc.read_only.is_none(), "{:?}", doc.read_only);
    assert_eq!(ann(&s).spans[0].text, "Aoun");
}

#[test]
fn the_session_knows_no_egui() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/session");
    for e in std::fs::read_dir(&dir).unwrap() {
        let p = e.unwrap().path();
        let src = std::fs::read_to_string(&p).unwrap();
        for (n, line) in src.lines().enumerate() {
            let code = line.split("//").next().unwrap_or("");
            assert!(
                !code.contains("egui") && !code.contains("eframe"),
                "{}:{}: {line}",
                p.display(),
                n + 1
            );
        }
    }
}
