use super::*;
use crate::model::*;

fn plan() -> Plan {
    crate::example::example_plan()
}

#[test]
fn every_edit_is_undone_by_its_inverse() {
    let original = plan();
    let party = original.parties[0].clone();
    let mut renamed = original.assets[3].clone();
    renamed.name = "renamed".into();
    let edits = vec![
        Edit::SetPlanName("New name".into()),
        Edit::Put(Item::Asset(renamed)),
        Edit::Put(Item::Party(Party::new(
            "New team",
            PartyKind::Team,
            Role::Security,
        ))),
        Edit::Insert(0, Item::Workload(Workload::new("New"))),
        Edit::Remove(IdKind::Log, original.log[1].id.clone()),
        remove_party(&original, &party.id),
        remove_workload(&original, &original.workloads[1].id),
        remove_asset(&original, &original.assets[10].id),
    ];
    for edit in edits {
        let mut p = original.clone();
        let inverse = apply(&mut p, edit.clone()).expect("applies");
        assert_ne!(p, original, "{edit:?} changed nothing");
        let redo = apply(&mut p, inverse).expect("inverse applies");
        assert_eq!(p, original, "{edit:?} not undone");
        apply(&mut p, redo).expect("redo applies");
        let mut q = original.clone();
        apply(&mut q, edit).expect("applies");
        assert_eq!(p, q);
    }
}

#[test]
fn removing_a_party_removes_every_reference() {
    let original = plan();
    let id = original.parties[0].id.clone();
    assert!(!party_usage(&original, &id).is_empty());
    let mut p = original.clone();
    apply(&mut p, remove_party(&original, &id)).expect("applies");
    assert!(p.party(&id).is_none());
    assert!(party_usage(&p, &id).is_empty());
    assert!(
        crate::derive::derive(&p)
            .problems
            .iter()
            .all(|x| x.code != "dangling-reference")
    );
}

#[test]
fn failed_batch_changes_nothing() {
    let original = plan();
    let mut p = original.clone();
    let edit = Edit::Batch(vec![
        Edit::SetPlanName("x".into()),
        Edit::Remove(IdKind::Asset, "as-missing".into()),
    ]);
    assert!(apply(&mut p, edit).is_err());
    assert_eq!(p, original);
}

#[test]
fn history_undoes_and_redoes_with_labels() {
    let original = plan();
    let mut p = original.clone();
    let mut h = History::default();
    assert!(!h.is_dirty());
    h.apply(
        &mut p,
        Edit::SetPlanName("A".into()),
        "rename the plan",
        None,
    )
    .expect("ok");
    let id = p.workloads[0].id.clone();
    let e = set_raci(
        &p,
        &id,
        ActivityKind::Staging,
        &p.parties[2].id.clone(),
        Some(Raci::Informed),
    )
    .expect("exists");
    h.apply(&mut p, e, "set RACI", None).expect("ok");
    assert!(h.is_dirty());
    assert_eq!(h.undo_label(), Some("set RACI"));
    let after = p.clone();
    assert_eq!(h.undo(&mut p).as_deref(), Some("set RACI"));
    assert_eq!(h.redo_label(), Some("set RACI"));
    assert_eq!(h.undo(&mut p).as_deref(), Some("rename the plan"));
    assert_eq!(p, original);
    assert!(!h.is_dirty(), "back at the saved state");
    assert!(h.undo(&mut p).is_none());
    h.redo(&mut p);
    h.redo(&mut p);
    assert_eq!(p, after);
    assert!(h.redo(&mut p).is_none());
}

#[test]
fn keystrokes_in_one_field_are_one_step() {
    let mut p = plan();
    let before = p.clone();
    let mut h = History::default();
    for name in ["C", "Co", "Con"] {
        h.apply(
            &mut p,
            Edit::SetPlanName(name.into()),
            "rename",
            Some("name".into()),
        )
        .expect("ok");
    }
    h.seal();
    h.apply(
        &mut p,
        Edit::SetPlanName("Cont".into()),
        "rename",
        Some("name".into()),
    )
    .expect("ok");
    h.undo(&mut p);
    assert_eq!(p.name, "Con");
    h.undo(&mut p);
    assert_eq!(p, before);
}

#[test]
fn saving_marks_clean_and_a_new_edit_marks_dirty() {
    let mut p = plan();
    let mut h = History::default();
    h.apply(
        &mut p,
        Edit::SetPlanName("x".into()),
        "rename",
        Some("k".into()),
    )
    .expect("ok");
    h.mark_saved();
    assert!(!h.is_dirty());
    h.apply(
        &mut p,
        Edit::SetPlanName("xy".into()),
        "rename",
        Some("k".into()),
    )
    .expect("ok");
    assert!(h.is_dirty(), "typing on after a save is a new change");
    h.undo(&mut p);
    assert!(!h.is_dirty());
    h.undo(&mut p);
    assert!(h.is_dirty(), "before the saved state");
}
