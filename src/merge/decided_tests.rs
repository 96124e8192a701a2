//! Conflicts decided one by one, as the merge dialog and `ferry resolve`
//! do: each side's value taken where the user chose it.

use super::*;

fn decided(base: &Plan, ours: &Plan, theirs: &Plan, decisions: &[(&Conflict, Side)]) -> Merged {
    merge_with(
        base,
        ours,
        theirs,
        &Options {
            today: TODAY.to_owned(),
            questions: true,
            decisions: decisions.iter().map(|(c, s)| (c.key(), *s)).collect(),
            ..Default::default()
        },
    )
}

#[test]
fn conflicts_are_decided_one_by_one() {
    let base = base();
    let mut ours = base.clone();
    asset_mut(&mut ours, "as-web").replication.status = ReplicationStatus::Verified;
    asset_mut(&mut ours, "as-web").notes = "ours".into();
    let mut theirs = base.clone();
    asset_mut(&mut theirs, "as-web").replication.status = ReplicationStatus::Failed;
    asset_mut(&mut theirs, "as-web").notes = "theirs".into();
    let first = merged(&base, &ours, &theirs);
    assert_eq!(first.conflicts.len(), 2);
    let replication = first
        .conflicts
        .iter()
        .find(|c| c.field == "replication")
        .expect("replication conflict");
    let notes = first
        .conflicts
        .iter()
        .find(|c| c.field == "notes")
        .expect("notes conflict");
    assert!(replication.decidable() && notes.decidable());

    // Theirs for the replication, mine for the notes.
    let m = decided(
        &base,
        &ours,
        &theirs,
        &[(replication, Side::Theirs), (notes, Side::Ours)],
    );
    let web = m.plan.asset("as-web").expect("web");
    assert_eq!(web.replication.status, ReplicationStatus::Failed);
    assert_eq!(web.notes, "ours");
    assert_eq!(m.conflicts.len(), 2, "still listed, with what was kept");
    let kept: Vec<(&str, Side)> = m
        .conflicts
        .iter()
        .map(|c| (c.field.as_str(), c.kept))
        .collect();
    assert!(kept.contains(&("replication", Side::Theirs)));
    assert!(kept.contains(&("notes", Side::Ours)));
    assert!(
        questions(&m.plan).is_empty(),
        "decided conflicts are not asked about again"
    );

    // Undecided ones keep ours and stay questions.
    let m = decided(&base, &ours, &theirs, &[(replication, Side::Theirs)]);
    assert_eq!(m.plan.asset("as-web").expect("web").notes, "ours");
    let q = questions(&m.plan);
    assert_eq!(q.len(), 1);
    assert!(q[0].text.contains("notes"), "{}", q[0].text);
}

#[test]
fn an_edit_against_a_deletion_can_be_decided_for_the_deletion() {
    let base = base();
    let mut edited = base.clone();
    asset_mut(&mut edited, "as-files").notes = "Still needed".into();
    let mut deleted = base.clone();
    deleted.assets.retain(|a| a.id != "as-files");
    let first = merged(&base, &edited, &deleted);
    let c = &first.conflicts[0];
    assert_eq!(c.kind, ConflictKind::EditedAndDeleted);
    let m = decided(&base, &edited, &deleted, &[(c, Side::Theirs)]);
    assert!(m.plan.asset("as-files").is_none(), "theirs deleted it");
    assert_eq!(m.conflicts[0].kept, Side::Theirs);
    // The other way round: ours deleted, and ours is chosen.
    let first = merged(&base, &deleted, &edited);
    let m = decided(
        &base,
        &deleted,
        &edited,
        &[(&first.conflicts[0], Side::Ours)],
    );
    assert!(m.plan.asset("as-files").is_none());
    let m = decided(
        &base,
        &deleted,
        &edited,
        &[(&first.conflicts[0], Side::Theirs)],
    );
    assert_eq!(
        m.plan.asset("as-files").expect("kept").notes,
        "Still needed"
    );
}

#[test]
fn two_new_accountables_can_be_decided_for_theirs() {
    let base = base();
    let mut ours = base.clone();
    let staging = workload_mut(&mut ours, "wl-erp").activity_mut(ActivityKind::Staging);
    staging.raci.insert("pt-team".into(), Raci::Responsible);
    staging.raci.insert("pt-dana".into(), Raci::Accountable);
    let mut theirs = base.clone();
    let staging = workload_mut(&mut theirs, "wl-erp").activity_mut(ActivityKind::Staging);
    staging.raci.insert("pt-team".into(), Raci::Informed);
    staging.raci.insert("pt-ravi".into(), Raci::Accountable);
    let first = merged(&base, &ours, &theirs);
    let two = first
        .conflicts
        .iter()
        .find(|c| c.kind == ConflictKind::TwoAccountable)
        .expect("two accountable");
    let m = decided(&base, &ours, &theirs, &[(two, Side::Theirs)]);
    let staging = m
        .plan
        .workload("wl-erp")
        .and_then(|w| w.activity(ActivityKind::Staging))
        .expect("staging");
    assert_eq!(staging.count(Raci::Accountable), 1);
    assert_eq!(staging.raci.get("pt-ravi"), Some(&Raci::Accountable));
    let before = base
        .workload("wl-erp")
        .and_then(|w| w.activity(ActivityKind::Staging))
        .and_then(|a| a.raci.get("pt-dana"));
    assert_eq!(
        staging.raci.get("pt-dana"),
        before,
        "Dana gets back what theirs gave her"
    );
}
