//! The merge of two copies with no common ancestor (a sync client's copy
//! with no kept version both descend from), and how changes are counted:
//! a change the merge dropped for the other side's is not one that came
//! in.

use super::*;
use crate::model::AssetKind;

fn options() -> Options {
    Options {
        today: "2026-12-06".into(),
        ..Default::default()
    }
}

fn open_questions(plan: &Plan) -> Vec<&LogEntry> {
    plan.log
        .iter()
        .filter(|l| crate::derive::is_open_merge_question(l))
        .collect()
}

fn notes(plan: &mut Plan, i: usize, text: &str) {
    std::sync::Arc::make_mut(&mut plan.assets[i]).notes = text.into();
}

#[test]
fn without_a_base_what_one_side_has_is_added_and_what_differs_is_asked() {
    let ours_start = crate::example::example_plan();
    let mut ours = ours_start.clone();
    let mut theirs = ours_start.clone();
    // Only ours has this asset; only theirs has that one and a log entry.
    ours.assets.push(std::sync::Arc::new(Asset::new(
        "ours-vm",
        AssetKind::VirtualMachine,
    )));
    theirs.assets.push(std::sync::Arc::new(Asset::new(
        "theirs-vm",
        AssetKind::VirtualMachine,
    )));
    theirs.log.push(LogEntry {
        id: "lg-theirs".into(),
        text: "Theirs decided".into(),
        ..LogEntry::default()
    });
    // A field each holds differently (one of them may have been the
    // original: without a base, nobody can tell which).
    notes(&mut theirs, 0, "theirs' note");
    // Ours removed an item theirs still has: with no base, that is not
    // told from theirs adding it, so it stays.
    let removed = ours.parties.remove(ours.parties.len() - 1);
    let m = merge_without_base(&ours, &theirs, &options());
    let names: Vec<&str> = m.plan.assets.iter().map(|a| a.name.as_str()).collect();
    assert!(
        names.contains(&"ours-vm") && names.contains(&"theirs-vm"),
        "{names:?}"
    );
    assert!(m.plan.log.iter().any(|l| l.id == "lg-theirs"));
    assert!(
        m.plan.parties.iter().any(|p| p.id == removed.id),
        "nothing deleted"
    );
    assert_eq!(m.conflicts.len(), 1, "{:?}", m.conflicts);
    let c = &m.conflicts[0];
    assert_eq!(
        (c.kind, c.field.as_str()),
        (ConflictKind::BothChanged, "notes")
    );
    assert_eq!(c.kept, Side::Ours);
    assert_eq!(m.plan.assets[0].notes, ours.assets[0].notes);
    let asked = open_questions(&m.plan);
    assert_eq!(asked.len(), 1);
    assert!(
        asked[0]
            .text
            .starts_with(crate::derive::MERGE_CONFLICT_QUESTION)
    );
    assert_eq!(c.question_id.as_deref(), Some(asked[0].id.as_str()));
    // Theirs brought the asset, the log entry and the party (its note
    // lost to ours', so not counted); ours its asset and the note kept.
    assert_eq!(m.changes_from_theirs, 3);
    assert_eq!(m.changes_from_ours, 2);
}

#[test]
fn without_a_base_plan_fields_held_differently_are_asked_and_ours_order_stands() {
    let start = crate::example::example_plan();
    let mut ours = start.clone();
    let mut theirs = start.clone();
    theirs.bandwidth_mbps = Some(500);
    // Theirs inserted a workload after the first; ours keeps the order.
    let mut added = crate::model::Workload::new("Inserted");
    added.id = "wl-inserted".into();
    theirs.workloads.insert(1, added);
    theirs.workloads.swap(2, 3);
    ours.name = start.name.clone();
    let m = merge_without_base(&ours, &theirs, &options());
    let c: Vec<(&str, &str)> = m
        .conflicts
        .iter()
        .map(|c| (c.subject.as_str(), c.field.as_str()))
        .collect();
    assert_eq!(c, [("plan", "bandwidth")], "one side's value is no base's");
    assert_eq!(m.plan.bandwidth_mbps, ours.bandwidth_mbps);
    let order: Vec<&str> = m.plan.workloads.iter().map(|w| w.id.as_str()).collect();
    let mut expected: Vec<&str> = ours.workloads.iter().map(|w| w.id.as_str()).collect();
    expected.insert(1, "wl-inserted");
    assert_eq!(order, expected);
    // The same two copies merge to the same plan every time.
    assert_eq!(merge_without_base(&ours, &theirs, &options()), m);
    assert!(merge_without_base(&ours, &ours, &options()).is_clean());
}

#[test]
fn a_change_the_merge_dropped_for_the_other_sides_is_not_counted() {
    let base = crate::example::example_plan();
    let mut ours = base.clone();
    let mut theirs = base.clone();
    notes(&mut ours, 0, "ours");
    notes(&mut theirs, 0, "theirs");
    let m = merge_with(&base, &ours, &theirs, &options());
    assert_eq!(m.conflicts.len(), 1);
    assert_eq!(
        (m.changes_from_ours, m.changes_from_theirs),
        (1, 0),
        "their only change was the conflict, and ours was kept"
    );
    // Decided their way, the count follows.
    let decided = Options {
        decisions: [(m.conflicts[0].key(), Side::Theirs)].into_iter().collect(),
        ..options()
    };
    let m = merge_with(&base, &ours, &theirs, &decided);
    assert_eq!((m.changes_from_ours, m.changes_from_theirs), (0, 1));
    // A clean change beside the conflict still counts.
    notes(&mut theirs, 1, "theirs too");
    let m = merge_with(&base, &ours, &theirs, &options());
    assert_eq!((m.changes_from_ours, m.changes_from_theirs), (1, 1));
}

#[test]
fn questions_name_the_sides_as_asked() {
    let base = crate::example::example_plan();
    let mut ours = base.clone();
    let mut theirs = base.clone();
    notes(&mut ours, 0, "ours");
    notes(&mut theirs, 0, "theirs");
    let named = Options {
        ours_name: "bob's".into(),
        theirs_name: "alice's".into(),
        ..options()
    };
    let m = merge_with(&base, &ours, &theirs, &named);
    let asked = open_questions(&m.plan);
    assert!(
        asked[0]
            .text
            .contains(": bob's 'ours', alice's 'theirs'; bob's kept ('ours')"),
        "{}",
        asked[0].text
    );
}
