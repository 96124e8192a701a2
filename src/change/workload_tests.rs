use super::*;
use crate::change::PlanChange;
use crate::edit::History;
use crate::model::Wave;

fn plan() -> Plan {
    let mut plan = Plan::named("t");
    for (id, name, wave) in [
        ("wl-a", "ERP", "W1"),
        ("wl-b", "CRM", "W2"),
        ("wl-c", "HR", ""),
    ] {
        plan.workloads.push(Workload {
            id: id.into(),
            name: name.into(),
            wave: wave.into(),
            ..Workload::default()
        });
    }
    plan.waves = ["W1", "W2"]
        .map(|n| Wave {
            name: n.into(),
            ..Wave::default()
        })
        .to_vec();
    plan.parties.push(crate::model::Party {
        id: "pt-d".into(),
        name: "Dana".into(),
        ..crate::model::Party::default()
    });
    plan
}

/// The plan change's edit and label, as [`crate::change::prepare`] makes it.
fn change_plan(plan: &Plan, change: &PlanChange) -> Option<(Edit, String)> {
    let change = crate::change::Change::Plan(change.clone());
    crate::change::prepare(plan, &change)
        .ok()
        .map(|p| (p.edit, p.label))
}

fn step(
    plan: &mut Plan,
    history: &mut History,
    make: impl FnOnce(&Plan) -> Option<(Edit, String)>,
) -> String {
    let (edit, label) = make(plan).expect("changes something");
    history
        .apply(plan, edit, label.clone(), None)
        .expect("applies");
    label
}

#[test]
fn choosing_a_model_offers_its_checklist_in_one_step() {
    let mut plan = plan();
    let original = plan.clone();
    let mut history = History::default();
    let change = WorkloadChange::PromotionModel(PromotionModel::Staged, ChecklistOffer::AddMissing);
    let label = step(&mut plan, &mut history, |p| {
        change_workload(p, "wl-a", &change)
    });
    let total = checklist::template(PromotionModel::Staged).len();
    assert_eq!(
        label,
        format!(
            "Set promotion model of ERP to Staged, add the Promotion activity, add {total} checklist items"
        )
    );
    assert_eq!(plan.workloads[0].checklist.len(), total);
    assert!(
        plan.workloads[0]
            .activity(ActivityKind::Promotion)
            .is_some(),
        "the decision brings the Promotion activity"
    );
    assert_eq!(plan.needed_format(), 3, "a Promotion activity is format 3");
    history.undo(&mut plan);
    assert_eq!(plan, original, "one undo takes model and items back");
}

#[test]
fn adding_the_checklist_of_the_model_already_chosen_does_not_claim_to_set_it() {
    let mut plan = plan();
    let mut history = History::default();
    let keep = WorkloadChange::PromotionModel(PromotionModel::Staged, ChecklistOffer::Keep);
    step(&mut plan, &mut history, |p| {
        change_workload(p, "wl-a", &keep)
    });
    assert!(plan.workloads[0].checklist.is_empty());
    let offer = WorkloadChange::PromotionModel(PromotionModel::Staged, ChecklistOffer::AddMissing);
    let label = step(&mut plan, &mut history, |p| {
        change_workload(p, "wl-a", &offer)
    });
    let total = checklist::template(PromotionModel::Staged).len();
    assert_eq!(
        label,
        format!("Add {total} checklist items CAF suggests for staged promotion of ERP")
    );
    assert_eq!(plan.workloads[0].checklist.len(), total);
    assert!(
        change_workload(&plan, "wl-a", &offer).is_none(),
        "offered again, nothing is left to add: no step"
    );
}

#[test]
fn changing_the_model_keeps_done_and_edited_items() {
    let mut plan = plan();
    let mut history = History::default();
    let staged = WorkloadChange::PromotionModel(PromotionModel::Staged, ChecklistOffer::AddMissing);
    step(&mut plan, &mut history, |p| {
        change_workload(p, "wl-a", &staged)
    });
    let ids: Vec<String> = plan.workloads[0]
        .checklist
        .iter()
        .map(|i| i.id.clone())
        .collect();
    // The last item is a staged promotion pre-check: tick it; give the
    // one before it an owner.
    let last = ids[ids.len() - 1].clone();
    let before_last = ids[ids.len() - 2].clone();
    let label = step(&mut plan, &mut history, |p| {
        change_workload(
            p,
            "wl-a",
            &WorkloadChange::ChecklistDone(last.clone(), true),
        )
    });
    assert_eq!(label, "Mark “DNS or addresses updated” of ERP done");
    let label = step(&mut plan, &mut history, |p| {
        change_workload(
            p,
            "wl-a",
            &WorkloadChange::ChecklistOwner(before_last.clone(), Some("pt-d".into())),
        )
    });
    assert_eq!(
        label,
        "Set the owner of “CISO verification done” of ERP to Dana"
    );
    let flight = WorkloadChange::PromotionModel(PromotionModel::Flight, ChecklistOffer::Refit);
    let label = step(&mut plan, &mut history, |p| {
        change_workload(p, "wl-a", &flight)
    });
    assert!(
        label.starts_with("Set promotion model of ERP to Flight, add "),
        "{label}"
    );
    assert!(label.ends_with(", remove 6 unticked items"), "{label}");
    let w = &plan.workloads[0];
    assert_eq!(w.promotion_model, PromotionModel::Flight);
    let kept = |id: &str| w.checklist.iter().find(|i| i.id == id);
    assert!(kept(&last).is_some_and(|i| i.done), "done item kept");
    assert!(
        kept(&before_last).is_some_and(|i| i.owner.is_some()),
        "owned item kept"
    );
    assert!(
        kept(&ids[0]).is_some(),
        "shared business testing items kept"
    );
    assert!(checklist::offer(w, PromotionModel::Flight).is_empty());
}

#[test]
fn checklist_items_are_added_edited_moved_and_removed() {
    let mut plan = plan();
    let mut history = History::default();
    let mut add = |plan: &mut Plan, phase, text: &str| {
        let item = checklist::new_item(phase, text);
        let id = item.id.clone();
        step(plan, &mut history, |p| {
            change_workload(p, "wl-b", &WorkloadChange::AddChecklistItem(item))
        });
        id
    };
    let a = add(&mut plan, Phase::Ready, "A");
    let b = add(&mut plan, Phase::Promotion, "B");
    let c = add(&mut plan, Phase::Ready, "C");
    let d = add(&mut plan, Phase::Ready, "D");
    let texts = |plan: &Plan| -> String {
        plan.workloads[1]
            .checklist
            .iter()
            .map(|i| i.text.as_str())
            .collect()
    };
    assert_eq!(texts(&plan), "ABCD");
    let set = |plan: &mut Plan, change: WorkloadChange| {
        let (edit, _) = change_workload(plan, "wl-b", &change).expect("changes");
        crate::edit::apply(plan, edit).expect("applies");
    };
    set(&mut plan, WorkloadChange::MoveChecklistItem(d.clone(), 0));
    assert_eq!(texts(&plan), "DABC", "first among the Ready items");
    set(&mut plan, WorkloadChange::MoveChecklistItem(d.clone(), 9));
    assert_eq!(texts(&plan), "ABCD", "last among them");
    assert!(
        change_workload(
            &plan,
            "wl-b",
            &WorkloadChange::MoveChecklistItem(b.clone(), 0)
        )
        .is_none(),
        "alone in its phase: stays"
    );
    set(
        &mut plan,
        WorkloadChange::ChecklistPhase(a.clone(), Phase::Promotion),
    );
    assert_eq!(texts(&plan), "BCDA");
    assert_eq!(plan.workloads[1].checklist[3].phase, Phase::Promotion);
    set(
        &mut plan,
        WorkloadChange::ChecklistText(c.clone(), "X".into()),
    );
    set(
        &mut plan,
        WorkloadChange::ChecklistNote(c.clone(), "why".into()),
    );
    set(&mut plan, WorkloadChange::RemoveChecklistItem(b.clone()));
    assert_eq!(texts(&plan), "XDA");
    assert_eq!(plan.workloads[1].checklist[0].note, "why");
    assert!(
        change_workload(&plan, "wl-b", &WorkloadChange::RemoveChecklistItem(b)).is_none(),
        "already gone"
    );
    assert_eq!(checklist::progress(&plan.workloads[1]), (0, 3));
}

#[test]
fn dragging_workloads_to_a_wave_is_one_step() {
    let mut plan = plan();
    let original = plan.clone();
    let mut history = History::default();
    let label = step(&mut plan, &mut history, |p| {
        change_workloads(p, ["wl-a", "wl-c"], &WorkloadChange::Wave("W2".into()))
    });
    assert_eq!(label, "Move 2 workloads to wave W2");
    let g = crate::derive::waves::groups(&plan);
    assert_eq!(g[1].workloads, [0, 1, 2]);
    let label = step(&mut plan, &mut history, |p| {
        change_workload(p, "wl-a", &WorkloadChange::Wave(String::new()))
    });
    assert_eq!(label, "Take ERP out of its wave");
    history.undo(&mut plan);
    history.undo(&mut plan);
    assert_eq!(plan, original);
}

#[test]
fn waves_are_added_renamed_moved_and_removed_with_their_workloads() {
    let mut plan = plan();
    let original = plan.clone();
    let mut history = History::default();
    let label = step(&mut plan, &mut history, |p| {
        change_plan(
            p,
            &PlanChange::AddWaves(vec![" W3 ".into(), "W1".into(), "".into()]),
        )
    });
    assert_eq!(label, "Add wave W3");
    assert!(change_plan(&plan, &PlanChange::AddWaves(vec!["W2".into()])).is_none());
    let label = step(&mut plan, &mut history, |p| {
        change_plan(p, &PlanChange::RenameWave(0, "Pilot".into()))
    });
    assert_eq!(label, "Rename wave W1 to Pilot");
    assert_eq!(plan.workloads[0].wave, "Pilot", "its workloads follow");
    assert!(change_plan(&plan, &PlanChange::RenameWave(0, "W2".into())).is_none());
    assert!(change_plan(&plan, &PlanChange::RenameWave(7, "X".into())).is_none());
    step(&mut plan, &mut history, |p| {
        change_plan(p, &PlanChange::MoveWave(2, 0))
    });
    let names: Vec<&str> = plan.waves.iter().map(|w| w.name.as_str()).collect();
    assert_eq!(names, ["W3", "Pilot", "W2"]);
    step(&mut plan, &mut history, |p| {
        change_plan(
            p,
            &PlanChange::WaveDates(0, Some("2026-03-01".into()), Some(" ".into())),
        )
    });
    assert_eq!(plan.waves[0].start.as_deref(), Some("2026-03-01"));
    assert_eq!(plan.waves[0].end, None);
    for (start, end) in [("2026-02-30", "2026-03-31"), ("2026-04-01", "2026-03-31")] {
        assert!(
            change_plan(
                &plan,
                &PlanChange::WaveDates(0, Some(start.into()), Some(end.into()))
            )
            .is_none(),
            "{start} to {end} is refused"
        );
    }
    let label = step(&mut plan, &mut history, |p| {
        change_plan(p, &PlanChange::WaveDates(0, None, Some(String::new())))
    });
    assert_eq!(label, "Clear the dates of wave W3");
    assert_eq!((&plan.waves[0].start, &plan.waves[0].end), (&None, &None));
    let label = step(&mut plan, &mut history, |p| {
        change_plan(p, &PlanChange::RemoveWave(2))
    });
    assert_eq!(label, "Remove wave W2 (1 workload to no wave)");
    assert_eq!(plan.workloads[1].wave, "");
    let label = step(&mut plan, &mut history, |p| {
        change_plan(p, &PlanChange::Bandwidth(Some(500)))
    });
    assert_eq!(label, "Set the replication bandwidth to 500 Mbit/s");
    assert!(change_plan(&plan, &PlanChange::Bandwidth(Some(500))).is_none());
    while history.undo(&mut plan).is_some() {}
    assert_eq!(plan, original);
}

#[test]
fn handing_accountability_keeps_one_accountable_in_one_step() {
    let mut plan = plan();
    plan.parties.push(crate::model::Party {
        id: "pt-e".into(),
        name: "Eli".into(),
        ..crate::model::Party::default()
    });
    let mut history = History::default();
    let set = WorkloadChange::Raci(
        ActivityKind::Staging,
        "pt-d".into(),
        Some(Raci::Accountable),
    );
    step(&mut plan, &mut history, |p| {
        change_workload(p, "wl-a", &set)
    });
    let before = plan.clone();
    let hand = WorkloadChange::HandAccountable(ActivityKind::Staging, "pt-e".into());
    let label = step(&mut plan, &mut history, |p| {
        change_workload(p, "wl-a", &hand)
    });
    assert_eq!(label, "Make Eli A in Staging of ERP, Dana R");
    let staging = plan.workloads[0]
        .activity(ActivityKind::Staging)
        .expect("staging");
    assert_eq!(staging.raci.get("pt-e"), Some(&Raci::Accountable));
    assert_eq!(
        staging.raci.get("pt-d"),
        Some(&Raci::Responsible),
        "the former Accountable keeps doing the work"
    );
    assert_eq!(staging.count(Raci::Accountable), 1);
    history.undo(&mut plan);
    assert_eq!(plan, before, "one undo gives the A back");
}
