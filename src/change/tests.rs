//! Every kind of change: it applies, its label reads well, undo restores
//! the plan exactly and redo makes it again, and it says what it touches.

use super::*;
use crate::edit::History;
use crate::model::{
    ActivityKind, Asset, LogEntry, LogKind, LogStatus, Party, PartyKind, Raci, Role, Staging, Wave,
    Workload,
};
use crate::session::Document;
use crate::touches::Touch;

/// ERP (two assets, web depends on db) in wave Wave 1, CRM in no wave,
/// a file server in the inventory; DBAs Accountable for ERP's staging and
/// owner of one log entry.
fn plan() -> Plan {
    let mut plan = Plan::named("Contoso");
    plan.parties.push(Party {
        id: "pt-dba".into(),
        name: "DBAs".into(),
        ..Party::default()
    });
    let mut erp = Workload {
        id: "wl-erp".into(),
        name: "ERP".into(),
        wave: "Wave 1".into(),
        ..Workload::default()
    };
    erp.activity_mut(ActivityKind::Staging)
        .raci
        .insert("pt-dba".into(), Raci::Accountable);
    plan.workloads.push(erp);
    plan.workloads.push(Workload {
        id: "wl-crm".into(),
        name: "CRM".into(),
        ..Workload::default()
    });
    plan.waves.push(Wave {
        name: "Wave 1".into(),
        ..Wave::default()
    });
    for (id, name, workload, deps) in [
        ("as-db", "erp-db", Some("wl-erp"), vec![]),
        (
            "as-web",
            "erp-web",
            Some("wl-erp"),
            vec!["as-db".to_owned()],
        ),
        ("as-fs", "fs-01", None, vec![]),
    ] {
        plan.assets.push(std::sync::Arc::new(Asset {
            id: id.into(),
            name: name.into(),
            workload: workload.map(Into::into),
            depends_on: deps,
            ..Asset::default()
        }));
    }
    plan.log.push(LogEntry {
        id: "lg-1".into(),
        kind: LogKind::Risk,
        text: "The database may not fit the maintenance window".into(),
        owner: Some("pt-dba".into()),
        date: "2026-03-02".into(),
        ..LogEntry::default()
    });
    plan
}

/// Makes the change to `plan` as one step, checks that undo gives the
/// plan back exactly and redo the changed plan, and returns what was
/// prepared.
fn made(plan: &mut Plan, change: &Change) -> Prepared {
    let before = plan.clone();
    let prepared = prepare(plan, change).expect("the change is made");
    let mut history = History::default();
    history
        .apply(plan, prepared.edit.clone(), prepared.label.clone(), None)
        .expect("applies");
    assert_ne!(*plan, before, "{change:?} changed something");
    let after = plan.clone();
    assert_eq!(history.undo(plan).as_deref(), Some(prepared.label.as_str()));
    assert_eq!(*plan, before, "undo of {change:?} restores the plan");
    history.redo(plan);
    assert_eq!(*plan, after, "redo of {change:?} makes it again");
    prepared
}

/// How the item with this id was touched (nothing, when it was not).
fn touched(touches: &std::collections::BTreeMap<String, Touch>, id: &str) -> Touch {
    touches.get(id).copied().unwrap_or_default()
}

#[test]
fn asset_changes_name_how_many_and_touch_those_assets() {
    let mut plan = plan();
    let p = made(
        &mut plan,
        &Change::Assets(
            vec!["as-db".into(), "as-web".into()],
            AssetChange::Staging(Staging::Staged),
        ),
    );
    assert_eq!(p.label, "Set staging of 2 assets to Staged");
    assert_eq!(p.touches.assets.len(), 2);
    assert!(touched(&p.touches.assets, "as-db").fields);
    assert!(p.touches.workloads.is_empty());
    let p = made(
        &mut plan,
        &Change::AssetsAt(vec![2], AssetChange::Name("fs-02".into())),
    );
    assert_eq!(p.label, "Rename fs-01 to fs-02");
    assert!(touched(&p.touches.assets, "as-fs").renamed);
    let p = made(
        &mut plan,
        &Change::Assets(
            vec!["as-fs".into()],
            AssetChange::Workload(Some("wl-crm".into())),
        ),
    );
    assert_eq!(p.label, "Set workload of fs-02 to CRM");
    let fs = touched(&p.touches.assets, "as-fs");
    assert!(fs.moved && !fs.fields && !fs.renamed);
    assert_eq!(
        prepare(
            &plan,
            &Change::Assets(
                vec!["as-fs".into()],
                AssetChange::Workload(Some("wl-crm".into()))
            )
        ),
        Err(Refused::Nothing),
        "a change that changes nothing is no step"
    );
}

#[test]
fn assets_are_created_and_removed_with_the_dependencies_on_them() {
    let mut plan = plan();
    let (change, id) = Change::new_asset(Some("wl-crm".into()));
    let p = made(&mut plan, &change);
    assert_eq!(p.label, "Add asset asset-4");
    assert!(touched(&p.touches.assets, &id).created);
    let new = plan.assets.last().expect("added");
    assert_eq!(
        (new.id.as_str(), new.workload.as_deref()),
        (id.as_str(), Some("wl-crm"))
    );
    let p = made(&mut plan, &Change::RemoveAsset("as-db".into()));
    assert_eq!(
        p.label,
        "Remove asset erp-db (1 asset no longer depends on it)"
    );
    assert!(touched(&p.touches.assets, "as-db").removed);
    assert!(touched(&p.touches.assets, "as-web").rewired);
    assert!(plan.assets.iter().all(|a| a.depends_on.is_empty()));
}

#[test]
fn workload_fields_raci_and_team_check_are_one_step_each() {
    let mut plan = plan();
    let erp = |c| Change::workload("wl-erp", c);
    let p = made(&mut plan, &erp(WorkloadChange::Name("Billing".into())));
    assert_eq!(p.label, "Rename ERP to Billing");
    assert_eq!(p.typed_at, Some("Rename ERP to ".len()));
    assert!(touched(&p.touches.workloads, "wl-erp").renamed);
    let p = made(
        &mut plan,
        &erp(WorkloadChange::Raci(
            ActivityKind::Staging,
            "pt-dba".into(),
            Some(Raci::Responsible),
        )),
    );
    assert_eq!(p.label, "Make DBAs R in Staging of Billing");
    let w = touched(&p.touches.workloads, "wl-erp");
    assert!(w.fields && !w.renamed && !w.moved);
    // Clearing a letter reads as what it does, not "make DBAs nothing".
    let p = made(
        &mut plan,
        &erp(WorkloadChange::Raci(
            ActivityKind::Staging,
            "pt-dba".into(),
            None,
        )),
    );
    assert_eq!(p.label, "Clear the letter of DBAs in Staging of Billing");
    let p = made(
        &mut plan,
        &erp(WorkloadChange::KnowsRemediation("pt-dba".into(), true)),
    );
    assert_eq!(
        p.label,
        "Note that DBAs knows how remediation is done in Billing"
    );
    let p = made(
        &mut plan,
        &erp(WorkloadChange::BusinessOwner(Some("pt-dba".into()))),
    );
    assert_eq!(p.label, "Set the business owner of Billing to DBAs");
    let p = made(
        &mut plan,
        &erp(WorkloadChange::ActivityNotes(
            ActivityKind::Replication,
            "Over the weekend".into(),
        )),
    );
    assert_eq!(p.label, "Edit the Replication notes of Billing");
    let p = made(
        &mut plan,
        &Change::Workloads(
            vec!["wl-erp".into(), "wl-crm".into()],
            WorkloadChange::Wave("Wave 1".into()),
        ),
    );
    assert_eq!(p.label, "Move CRM to wave Wave 1", "ERP was there already");
    assert!(touched(&p.touches.workloads, "wl-crm").moved);
}

#[test]
fn workloads_are_created_with_their_assets_and_removed_without_them() {
    let mut plan = plan();
    let (change, id) = Change::new_workload(&plan, "  ", vec![2]);
    let p = made(&mut plan, &change);
    assert_eq!(p.label, "New workload Workload 3 with 1 asset");
    assert!(touched(&p.touches.workloads, &id).created);
    assert!(touched(&p.touches.assets, "as-fs").moved);
    let (change, _) = Change::new_workload(&plan, "Web", vec![0, 1]);
    assert_eq!(
        made(&mut plan, &change).label,
        "New workload Web with 2 assets"
    );
    let (change, _) = Change::new_workload(&plan, "Empty", vec![]);
    assert_eq!(made(&mut plan, &change).label, "New workload Empty");
    let p = made(&mut plan, &Change::RemoveWorkload(id.clone()));
    assert_eq!(
        p.label,
        "Remove workload Workload 3 (1 asset back to the inventory)"
    );
    assert!(touched(&p.touches.workloads, &id).removed);
    assert!(plan.assets[2].workload.is_none());
    let p = made(
        &mut plan,
        &Change::NewWorkloads(vec![
            ("App".into(), vec!["as-fs".into()]),
            ("".into(), vec!["as-db".into()]),
        ]),
    );
    assert_eq!(p.label, "Create 1 suggested workload with 1 asset");
}

#[test]
fn parties_are_added_renamed_and_removed_with_every_reference() {
    let mut plan = plan();
    let (change, id) = Change::new_party();
    let p = made(&mut plan, &change);
    assert_eq!(p.label, "Add party Party 2");
    assert!(touched(&p.touches.parties, &id).created);
    let p = made(
        &mut plan,
        &Change::Party(id.clone(), PartyChange::Name("Network team".into())),
    );
    assert_eq!(p.label, "Rename party Party 2 to Network team");
    assert!(touched(&p.touches.parties, &id).renamed);
    let p = made(
        &mut plan,
        &Change::Party(id.clone(), PartyChange::Kind(PartyKind::Person)),
    );
    assert_eq!(p.label, "Set the kind of Network team to Person");
    let p = made(
        &mut plan,
        &Change::Party(id, PartyChange::Role(Role::Security)),
    );
    assert_eq!(p.label, "Set the role of Network team to Security");
    let p = made(&mut plan, &Change::AddCafTeams);
    assert_eq!(
        p.label, "Add the CAF teams the plan lacks (6 teams)",
        "security is there"
    );
    assert_eq!(prepare(&plan, &Change::AddCafTeams), Err(Refused::Nothing));
    assert!(!party_usage(&plan, "pt-dba").is_empty());
    let p = made(&mut plan, &Change::RemoveParty("pt-dba".into()));
    assert_eq!(p.label, "Remove party DBAs and its 2 assignments");
    assert!(touched(&p.touches.parties, "pt-dba").removed);
    assert!(touched(&p.touches.workloads, "wl-erp").fields);
    assert!(touched(&p.touches.log, "lg-1").fields);
    assert!(party_usage(&plan, "pt-dba").is_empty());
}

#[test]
fn log_entries_are_logged_changed_and_removed() {
    let mut plan = plan();
    let mut entry = NewLogEntry::new(LogKind::Action, Some("wl-erp".into()));
    assert_eq!(entry.problem().as_deref(), Some("it says nothing yet"));
    entry.text = "Book the change window".into();
    entry.due = "2025-02-30".into();
    let why = entry.problem().expect("no such day");
    assert_eq!(
        why,
        "the due date 2025-02-30 is not a day of the calendar (February 2025 has 28 days)"
    );
    assert_eq!(
        prepare(&plan, &Change::NewLog(entry.clone())),
        Err(Refused::Invalid(why))
    );
    entry.due = "2026-04-30".into();
    let p = made(&mut plan, &Change::NewLog(entry.clone()));
    assert_eq!(p.label, "Log an action");
    assert!(touched(&p.touches.log, &entry.id).created);
    let p = made(
        &mut plan,
        &Change::Log(entry.id.clone(), LogChange::Status(LogStatus::Done)),
    );
    assert_eq!(p.label, "Mark log entry “Book the change window” done");
    // A date typed on the log page that is not on the calendar is refused
    // with the same words, and the entry keeps its date.
    for (change, why) in [
        (
            LogChange::Due("2025-02-30".into()),
            "the due date 2025-02-30 is not a day of the calendar (February 2025 has 28 days)",
        ),
        (
            LogChange::Date("2025-04-31".into()),
            "the date 2025-04-31 is not a day of the calendar (April 2025 has 30 days)",
        ),
    ] {
        assert_eq!(
            prepare(&plan, &Change::Log(entry.id.clone(), change)),
            Err(Refused::Invalid(why.to_owned()))
        );
    }
    let kept = plan.log.iter().find(|l| l.id == entry.id).expect("entry");
    assert_eq!(kept.due.as_deref(), Some("2026-04-30"));
    let p = made(
        &mut plan,
        &Change::Log(entry.id.clone(), LogChange::Due(String::new())),
    );
    assert_eq!(
        p.label,
        "Clear the due date of log entry “Book the change window”"
    );
    let p = made(
        &mut plan,
        &Change::Log("lg-1".into(), LogChange::Owner(None)),
    );
    assert_eq!(
        p.label,
        "Clear the owner of log entry “The database may not fit the…”"
    );
    let p = made(&mut plan, &Change::RemoveLog(entry.id.clone()));
    assert_eq!(p.label, "Remove log entry “Book the change window”");
    assert!(touched(&p.touches.log, &entry.id).removed);
    let empty = NewLogEntry::new(LogKind::Question, None);
    let p = made(&mut plan, &Change::NewLog(empty.clone()));
    assert_eq!(
        p.label, "Add a question",
        "the log page adds one to fill in"
    );
    let p = made(
        &mut plan,
        &Change::Log(empty.id.clone(), LogChange::Text("Who signs off?".into())),
    );
    assert_eq!(
        p.label, "Edit the text of log entry “Who signs off?”",
        "named as it now reads"
    );
    let p = made(
        &mut plan,
        &Change::Log(empty.id, LogChange::Text("Who signs off?!".into())),
    );
    assert_eq!(p.label, "Edit the text of log entry “Who signs off?!”");
}

#[test]
fn waves_change_only_the_waves_and_workloads_they_concern() {
    let mut plan = plan();
    let wave = |c| Change::Plan(c);
    let p = made(&mut plan, &wave(PlanChange::RenameWave(0, "Pilot".into())));
    assert_eq!(p.label, "Rename wave Wave 1 to Pilot");
    assert!(
        !matches!(p.edit, Edit::ReplacePlan(_)),
        "no whole plan per keystroke"
    );
    assert!(p.touches.waves[&0].renamed);
    assert!(touched(&p.touches.workloads, "wl-erp").moved);
    assert!(p.touches.assets.is_empty() && !p.touches.everything);
    assert_eq!(plan.workloads[0].wave, "Pilot");
    let p = made(
        &mut plan,
        &wave(PlanChange::AddWaves(vec!["Wave 2".into(), "Wave 3".into()])),
    );
    assert_eq!(p.label, "Add 2 waves");
    assert!(p.touches.waves[&1].created && !p.touches.waves_reordered);
    let p = made(&mut plan, &wave(PlanChange::MoveWave(2, 0)));
    assert_eq!(p.label, "Move wave Wave 3 to position 1");
    assert!(p.touches.waves_reordered);
    let p = made(&mut plan, &wave(PlanChange::RemoveWave(1)));
    assert_eq!(p.label, "Remove wave Pilot (1 workload to no wave)");
    assert_eq!(
        why_not(
            &plan,
            &wave(PlanChange::WaveDates(
                0,
                Some("2026-04-01".into()),
                Some("2026-03-01".into())
            ))
        )
        .as_deref(),
        Some("it ends on 2026-03-01, before it starts on 2026-04-01")
    );
    assert_eq!(
        why_not(&plan, &wave(PlanChange::RenameWave(0, "Wave 2".into()))).as_deref(),
        Some("There is a wave Wave 2 already")
    );
    let p = made(&mut plan, &wave(PlanChange::Bandwidth(Some(1000))));
    assert_eq!(p.label, "Set the replication bandwidth to 1000 Mbit/s");
    assert!(p.touches.bandwidth && p.touches.waves.is_empty());
    let p = made(&mut plan, &wave(PlanChange::Name("Contoso 2027".into())));
    assert_eq!(p.label, "Rename the plan to Contoso 2027");
    assert!(p.touches.plan_name);
}

#[test]
fn keystrokes_make_one_step_labelled_from_where_they_started_to_where_they_ended() {
    let mut doc = Document::new(plan(), None);
    let key = Some("wave:0:name".to_owned());
    for typed in ["Wave 1P", "Wave 1Pi", "Pil", "Pilot"] {
        doc.change(
            &Change::Plan(PlanChange::RenameWave(0, typed.into())),
            key.clone(),
        )
        .expect("a keystroke");
    }
    assert_eq!(
        doc.history.undo_label(),
        Some("Rename wave Wave 1 to Pilot")
    );
    doc.history.seal();
    doc.change(
        &Change::workload("wl-crm", WorkloadChange::Name("CRM 2".into())),
        Some("wl-crm:name".into()),
    )
    .expect("a keystroke");
    assert_eq!(doc.history.undo_label(), Some("Rename CRM to CRM 2"));
    doc.undo();
    assert_eq!(doc.undo().as_deref(), Some("Rename wave Wave 1 to Pilot"));
    assert_eq!(doc.plan, plan(), "one undo takes the whole name back");
}

#[test]
fn counts_and_articles_read_well() {
    assert_eq!(count_of(1, "workload"), "1 workload");
    assert_eq!(count_of(2, "workload"), "2 workloads");
    assert_eq!(count_of(0, "asset"), "0 assets");
    assert_eq!(article("action"), "an");
    assert_eq!(article("Decision"), "a");
}

/// A change of a kind picked at random, to something of the plan picked at
/// random (or nothing, when the plan has none of it).
fn random_change(rng: &mut fastrand::Rng, plan: &Plan) -> Option<Change> {
    let asset = plan.assets.get(rng.usize(..plan.assets.len().max(1)));
    let workload = plan.workloads.get(rng.usize(..plan.workloads.len().max(1)));
    let party = plan.parties.get(rng.usize(..plan.parties.len().max(1)));
    let entry = plan.log.get(rng.usize(..plan.log.len().max(1)));
    let word = ["Pilot", "ERP 2", "", "Core", "Wave 9"][rng.usize(..5)].to_owned();
    let waves = plan.waves.len().max(1);
    Some(match rng.usize(..19) {
        0 => Change::AssetsAt(
            (0..3)
                .map(|_| rng.usize(..plan.assets.len().max(1)))
                .collect(),
            AssetChange::Staging([Staging::Staged, Staging::NotStaged][rng.usize(..2)]),
        ),
        1 => Change::Assets(vec![asset?.id.clone()], AssetChange::Name(word)),
        2 => Change::Assets(
            vec![asset?.id.clone()],
            AssetChange::Workload(workload.map(|w| w.id.clone())),
        ),
        3 => Change::new_asset(workload.map(|w| w.id.clone())).0,
        4 => Change::RemoveAsset(asset?.id.clone()),
        5 => Change::workload(&workload?.id, WorkloadChange::Name(word)),
        6 => Change::workload(
            &workload?.id,
            WorkloadChange::Raci(
                ActivityKind::ALL[rng.usize(..3)],
                party?.id.clone(),
                [None, Some(Raci::Accountable), Some(Raci::Responsible)][rng.usize(..3)],
            ),
        ),
        7 => Change::new_workload(plan, &word, vec![rng.usize(..plan.assets.len().max(1))]).0,
        8 => Change::RemoveWorkload(workload?.id.clone()),
        9 => Change::Party(party?.id.clone(), PartyChange::Name(word)),
        10 => Change::new_party().0,
        11 => Change::RemoveParty(party?.id.clone()),
        12 => Change::Log(entry?.id.clone(), LogChange::Status(LogStatus::Done)),
        13 => {
            let mut new = NewLogEntry::new(LogKind::Decision, None);
            new.text = word;
            Change::NewLog(new)
        }
        14 => Change::RemoveLog(entry?.id.clone()),
        15 => Change::Plan(PlanChange::RenameWave(rng.usize(..waves), word)),
        16 => Change::Plan(PlanChange::MoveWave(rng.usize(..waves), rng.usize(..waves))),
        17 => {
            use crate::derive::suggest_waves::{Options, suggest};
            let options = Options {
                max_assets: Some(rng.u32(1..6)),
                ..Options::of(plan)
            };
            let mut placement = Placement::of(&suggest(plan, &options));
            if let Some(w) = workload {
                placement.pins.push((w.id.clone(), !w.wave_pinned));
            }
            if rng.bool() {
                placement.bandwidth = Some(Some(rng.u32(100..2000)));
            }
            Change::Placement(placement)
        }
        _ => Change::Plan(PlanChange::AddWaves(vec![word])),
    })
}

#[test]
fn random_changes_of_every_kind_undo_exactly_and_say_what_they_touch() {
    let mut rng = fastrand::Rng::with_seed(21);
    let mut plan = crate::example::example_plan();
    let mut history = History::default();
    let mut made_any = 0;
    for _ in 0..600 {
        let Some(change) = random_change(&mut rng, &plan) else {
            continue;
        };
        let Ok(prepared) = prepare(&plan, &change) else {
            continue;
        };
        let before = plan.clone();
        history
            .apply(&mut plan, prepared.edit, prepared.label.clone(), None)
            .expect("a prepared edit applies");
        assert_ne!(plan, before, "{change:?} changed something");
        assert!(
            !prepared.touches.is_nothing(),
            "{change:?} touched something"
        );
        assert!(
            !prepared.label.is_empty() && prepared.label.starts_with(char::is_uppercase),
            "{:?}",
            prepared.label
        );
        for id in prepared.touches.assets.keys() {
            let was = before.assets.iter().any(|a| a.id == *id);
            let is = plan.assets.iter().any(|a| a.id == *id);
            let t = prepared.touches.assets[id];
            assert_eq!((t.created, t.removed), (!was && is, was && !is), "{id}");
        }
        if rng.usize(..4) == 0 {
            history.undo(&mut plan);
            assert_eq!(plan, before, "undo of {change:?}");
            history.redo(&mut plan);
        }
        made_any += 1;
    }
    assert!(made_any > 300, "{made_any} changes made");
    let end = plan.clone();
    while history.undo(&mut plan).is_some() {}
    assert_eq!(plan, crate::example::example_plan(), "every step undone");
    while history.redo(&mut plan).is_some() {}
    assert_eq!(plan, end, "and every step redone");
}

#[test]
fn a_bandwidth_typed_digit_by_digit_is_one_step_named_by_the_whole_number() {
    let mut doc = Document::new(plan(), None);
    for typed in [5, 50, 500] {
        doc.change(
            &Change::Plan(PlanChange::Bandwidth(Some(typed))),
            Some("plan:bandwidth".into()),
        )
        .expect("applies");
    }
    assert_eq!(
        doc.history.undo_label(),
        Some("Set the replication bandwidth to 500 Mbit/s"),
        "not the first digit's \"to 5 Mbit/s\""
    );
    doc.undo();
    assert_eq!(doc.plan.bandwidth_mbps, None, "one undo step");
}

#[test]
fn a_placement_keeps_the_bandwidth_it_was_suggested_at_in_the_same_step() {
    use crate::derive::suggest_waves::{Options, suggest};
    let mut plan = crate::example::example_plan();
    let options = Options {
        max_hours: Some(24),
        bandwidth_mbps: Some(800),
        ..Options::of(&plan)
    };
    let mut placement = Placement::of(&suggest(&plan, &options));
    placement.bandwidth = Some(Some(800));
    let p = made(&mut plan, &Change::Placement(placement.clone()));
    assert!(
        p.label.ends_with("set the bandwidth to 800 Mbit/s"),
        "{}",
        p.label
    );
    assert_eq!(plan.bandwidth_mbps, Some(800));
    // The same bandwidth again is no change of it.
    placement.moves.clear();
    placement.add_waves.clear();
    assert_eq!(
        prepare(&plan, &Change::Placement(placement)).err(),
        Some(Refused::Nothing)
    );
}
