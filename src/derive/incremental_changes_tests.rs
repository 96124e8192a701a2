//! Every kind of typed change, as the app sends it, undone and redone:
//! the derived state kept up to date is always a full derive's, and the
//! edits a facilitator makes all the time never need a full derive.

use super::*;
use crate::change::{
    LogChange, NewLogEntry, PartyChange, Placement, PlanChange, WorkloadChange, change_assets_at,
};

/// A generated plan whose waves are defined, so the wave rules run.
fn with_waves(mut plan: Plan) -> Plan {
    let mut labels: Vec<String> = plan.workloads.iter().map(|w| w.wave.clone()).collect();
    labels.dedup();
    for name in labels {
        if !name.trim().is_empty() && !plan.waves.iter().any(|w| w.name == name) {
            plan.waves.push(Wave {
                name,
                ..Wave::default()
            });
        }
    }
    plan
}

/// The kinds of change, and all of them in a list, from one list of
/// names: the enum and the list cannot differ.
macro_rules! kinds {
    ($($kind:ident),* $(,)?) => {
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
        enum Kind {
            $($kind),*
        }

        impl Kind {
            const ALL: &[Kind] = &[$(Kind::$kind),*];
        }
    };
}

kinds!(
    AssetsAt,
    Assets,
    NewAsset,
    RemoveAsset,
    Workloads,
    NewWorkload,
    NewWorkloads,
    RemoveWorkload,
    Party,
    NewParty,
    AddCafTeams,
    RemoveParty,
    Log,
    NewLog,
    RemoveLog,
    Plan,
    Placement,
);

/// Which kind of change a `Change` is, for the coverage check. No
/// wildcard: a new kind of `Change` does not compile until it has a
/// `Kind`, and a new `Kind` not until [`random_change`] makes it.
fn kind(change: &Change) -> Kind {
    match change {
        Change::AssetsAt(..) => Kind::AssetsAt,
        Change::Assets(..) => Kind::Assets,
        Change::NewAsset { .. } => Kind::NewAsset,
        Change::RemoveAsset(_) => Kind::RemoveAsset,
        Change::Workloads(..) => Kind::Workloads,
        Change::NewWorkload { .. } => Kind::NewWorkload,
        Change::NewWorkloads(_) => Kind::NewWorkloads,
        Change::RemoveWorkload(_) => Kind::RemoveWorkload,
        Change::Party(..) => Kind::Party,
        Change::NewParty(_) => Kind::NewParty,
        Change::AddCafTeams => Kind::AddCafTeams,
        Change::RemoveParty(_) => Kind::RemoveParty,
        Change::Log(..) => Kind::Log,
        Change::NewLog(_) => Kind::NewLog,
        Change::RemoveLog(_) => Kind::RemoveLog,
        Change::Plan(_) => Kind::Plan,
        Change::Placement(_) => Kind::Placement,
    }
}

fn one_of<T: Copy>(rng: &mut fastrand::Rng, all: &[T]) -> T {
    all[rng.usize(..all.len())]
}

fn a_workload_change(
    rng: &mut fastrand::Rng,
    plan: &Plan,
    w: &Workload,
    serial: usize,
) -> WorkloadChange {
    let kind = one_of(rng, &ActivityKind::ALL);
    match rng.u8(..12) {
        0 => WorkloadChange::Name(format!("{} {serial}", w.name)),
        1 => WorkloadChange::Wave(match pick(rng, &plan.waves) {
            Some(wave) if rng.u8(..4) > 0 => wave.name.clone(),
            _ if rng.bool() => String::new(),
            _ => format!("Wave undefined {serial}"),
        }),
        3 if rng.bool() => WorkloadChange::HandAccountable(kind, party_id(rng, plan)),
        2 | 3 => WorkloadChange::Raci(
            kind,
            party_id(rng, plan),
            one_of(
                rng,
                &[
                    None,
                    Some(Raci::Responsible),
                    Some(Raci::Accountable),
                    Some(Raci::Informed),
                ],
            ),
        ),
        4 => WorkloadChange::KnowsRemediation(party_id(rng, plan), rng.bool()),
        5 => WorkloadChange::RemediationTiming(one_of(rng, &RemediationTiming::ALL)),
        6 => WorkloadChange::PromotionModel(
            one_of(rng, &PromotionModel::ALL),
            crate::change::ChecklistOffer::AddMissing,
        ),
        7 => WorkloadChange::BusinessOwner(Some(party_id(rng, plan))),
        8 => WorkloadChange::AddChecklistItem(crate::checklist::new_item(
            one_of(rng, &Phase::ALL),
            format!("check {serial}"),
        )),
        9 => match pick(rng, &w.checklist) {
            Some(item) => WorkloadChange::ChecklistDone(item.id.clone(), !item.done),
            None => WorkloadChange::Notes(format!("notes {serial}")),
        },
        10 => WorkloadChange::Criticality(one_of(rng, &Criticality::ALL)),
        _ => WorkloadChange::Description(format!("about {serial}")),
    }
}

fn a_plan_change(rng: &mut fastrand::Rng, plan: &Plan, serial: usize) -> PlanChange {
    let n = plan.waves.len();
    let wave = |rng: &mut fastrand::Rng| rng.usize(..n.max(1));
    match rng.u8(..9) {
        0 => PlanChange::Name(format!("Plan {serial}")),
        1 => PlanChange::Bandwidth(Some(rng.u32(1..1000))),
        2 => PlanChange::AddWaves(vec![format!("Wave new {serial}")]),
        3 | 4 => PlanChange::RenameWave(wave(rng), format!("Wave {serial}")),
        5 => {
            let date = |rng: &mut fastrand::Rng| {
                rng.bool()
                    .then(|| format!("2026-{:02}-{:02}", rng.u8(1..=12), rng.u8(1..=28)))
            };
            PlanChange::WaveDates(wave(rng), date(rng), date(rng))
        }
        6 => PlanChange::MoveWave(wave(rng), wave(rng)),
        7 => PlanChange::RemoveWave(wave(rng)),
        _ => PlanChange::WaveNotes(wave(rng), format!("notes {serial}")),
    }
}

/// Workloads into waves as a suggestion of waves proposes them: new
/// waves (sometimes one the plan has, which is refused), workloads moved
/// to waves old and new (sometimes to one the plan will not have), pins,
/// limits and the bandwidth.
fn a_placement(rng: &mut fastrand::Rng, plan: &Plan, serial: usize) -> Placement {
    let mut add_waves = Vec::new();
    for k in 0..rng.usize(0..3) {
        add_waves.push(match pick(rng, &plan.waves) {
            Some(wave) if rng.u8(..8) == 0 => wave.name.clone(),
            _ => format!("Suggested wave {serial}.{k}"),
        });
    }
    let mut moves = Vec::new();
    let mut pins = Vec::new();
    for _ in 0..rng.usize(0..6) {
        let Some(w) = pick(rng, &plan.workloads) else {
            break;
        };
        let wave = match (pick(rng, &add_waves), pick(rng, &plan.waves)) {
            _ if rng.u8(..16) == 0 => format!("Wave nowhere {serial}"),
            (Some(new), _) if rng.bool() => new.clone(),
            (_, Some(old)) => old.name.clone(),
            (Some(new), None) => new.clone(),
            (None, None) => continue,
        };
        moves.push((w.id.clone(), wave));
        if rng.u8(..3) == 0 {
            pins.push((w.id.clone(), rng.bool()));
        }
    }
    let limits = (rng.u8(..3) == 0).then(|| WaveLimits {
        assets: rng.bool().then(|| rng.u32(1..200)),
        replication_hours: rng.bool().then(|| rng.u32(1..100)),
    });
    let bandwidth = (rng.u8(..4) == 0).then(|| rng.bool().then(|| rng.u32(1..1000)));
    Placement {
        add_waves,
        moves,
        pins,
        limits,
        bandwidth,
    }
}

/// Any typed change a view sends, with a merge key when it is typed.
fn random_change(
    rng: &mut fastrand::Rng,
    plan: &Plan,
    serial: usize,
) -> Option<(Change, Option<String>)> {
    let n = plan.assets.len();
    let some_asset = |rng: &mut fastrand::Rng| (n > 0).then(|| rng.usize(..n));
    let typed = |key: &str| Some(key.to_owned());
    Some(match one_of(rng, Kind::ALL) {
        Kind::AssetsAt => {
            let at: Vec<usize> = (0..rng.usize(1..4))
                .filter_map(|_| some_asset(rng))
                .collect();
            (Change::AssetsAt(at, asset_change(rng, plan)), None)
        }
        Kind::Assets => {
            let i = some_asset(rng)?;
            let id = plan.assets[i].id.clone();
            if rng.bool() {
                // A rename typed letter by letter; sometimes the name of
                // another asset.
                let name = match rng.u8(..3) {
                    0 => plan.assets[some_asset(rng)?].name.to_uppercase(),
                    1 => String::new(),
                    _ => format!("{} {}", plan.assets[i].name, serial % 3),
                };
                (
                    Change::Assets(vec![id], AssetChange::Name(name)),
                    typed("asset"),
                )
            } else {
                (Change::Assets(vec![id], asset_change(rng, plan)), None)
            }
        }
        Kind::NewAsset => {
            let workload = pick(rng, &plan.workloads).map(|w| w.id.clone());
            (Change::new_asset(workload.filter(|_| rng.bool())).0, None)
        }
        Kind::RemoveAsset => (
            Change::RemoveAsset(plan.assets[some_asset(rng)?].id.clone()),
            None,
        ),
        Kind::Workloads => {
            let w = pick(rng, &plan.workloads)?;
            let change = a_workload_change(rng, plan, w, serial);
            let key = matches!(change, WorkloadChange::Name(_)).then(|| "workload".to_owned());
            (Change::workload(&w.id, change), key)
        }
        Kind::NewWorkload => {
            let at: Vec<usize> = (0..rng.usize(0..4))
                .filter_map(|_| some_asset(rng))
                .collect();
            (
                Change::new_workload(plan, &format!("New {serial}"), at).0,
                None,
            )
        }
        Kind::NewWorkloads => {
            let ids: Vec<String> = (0..rng.usize(1..4))
                .filter_map(|_| Some(plan.assets[some_asset(rng)?].id.clone()))
                .collect();
            (
                Change::NewWorkloads(vec![(format!("Suggested {serial}"), ids)]),
                None,
            )
        }
        Kind::RemoveWorkload => (
            Change::RemoveWorkload(pick(rng, &plan.workloads)?.id.clone()),
            None,
        ),
        Kind::Party => {
            let p = pick(rng, &plan.parties)?;
            let change = match rng.u8(..4) {
                0 | 1 => PartyChange::Name(format!("{} {}", p.name, serial % 3)),
                2 => PartyChange::Kind(one_of(rng, &[PartyKind::Team, PartyKind::Person])),
                _ => PartyChange::Role(one_of(rng, &Role::ALL)),
            };
            let key = matches!(change, PartyChange::Name(_)).then(|| "party".to_owned());
            (Change::Party(p.id.clone(), change), key)
        }
        Kind::NewParty => (Change::new_party().0, None),
        Kind::AddCafTeams => (Change::AddCafTeams, None),
        Kind::RemoveParty => (
            Change::RemoveParty(pick(rng, &plan.parties)?.id.clone()),
            None,
        ),
        Kind::Log => {
            let entry = pick(rng, &plan.log)?;
            let change = match rng.u8(..6) {
                0 => LogChange::Text(format!("said {serial}")),
                1 => LogChange::Owner(Some(party_id(rng, plan))),
                2 => LogChange::Status(one_of(rng, &[LogStatus::Open, LogStatus::Done])),
                3 => LogChange::Due(if rng.bool() {
                    "2026-02-30".into()
                } else {
                    "2026-03-01".into()
                }),
                4 => LogChange::Kind(one_of(rng, &LogKind::ALL)),
                _ => LogChange::About(pick(rng, &plan.workloads).map(|w| w.id.clone())),
            };
            (Change::Log(entry.id.clone(), change), None)
        }
        Kind::NewLog => {
            let mut entry = NewLogEntry::new(one_of(rng, &LogKind::ALL), None);
            entry.text = format!("decided {serial}");
            entry.owner = Some(party_id(rng, plan));
            (Change::NewLog(entry), None)
        }
        Kind::RemoveLog => (Change::RemoveLog(pick(rng, &plan.log)?.id.clone()), None),
        Kind::Plan => {
            let change = a_plan_change(rng, plan, serial);
            let key = matches!(change, PlanChange::RenameWave(..)).then(|| "wave".to_owned());
            (Change::Plan(change), key)
        }
        Kind::Placement => (Change::Placement(a_placement(rng, plan, serial)), None),
    })
}

#[test]
fn random_changes_of_every_kind_keep_derive_exact() {
    let mut seen = std::collections::BTreeSet::new();
    let mut changes = 0;
    for seed in 0..16 {
        let mut rng = fastrand::Rng::with_seed(100 + seed);
        let plan = match seed % 4 {
            0 => crate::example::example_plan(),
            1 => crate::generate::generate(rng.usize(20..300), seed),
            _ => with_waves(crate::generate::generate(rng.usize(20..300), seed)),
        };
        let mut doc = Document::new(plan, None);
        for step in 0..120 {
            for _ in 0..if rng.u8(..6) == 0 { 3 } else { 1 } {
                match rng.u8(..10) {
                    0 => {
                        doc.undo();
                    }
                    1 => {
                        doc.redo();
                    }
                    2 => doc.history.seal(),
                    _ => {
                        let Some((change, key)) = random_change(&mut rng, &doc.plan, step) else {
                            continue;
                        };
                        if doc.change(&change, key).is_ok() {
                            changes += 1;
                            seen.insert(kind(&change));
                        }
                    }
                }
            }
            doc.refresh();
            assert_fresh(&doc, &format!("seed {seed}, step {step}"));
        }
        assert_eq!(
            doc.full_derives(),
            0,
            "seed {seed}: typed changes never need a full derive"
        );
    }
    assert_eq!(
        seen.len(),
        Kind::ALL.len(),
        "every kind of change is made: {seen:?}"
    );
    assert!(changes > 1000, "{changes} changes");
}

/// What a facilitator does all the time, on a plan large enough that a
/// full derive would show: each step derived without one.
#[test]
fn the_edits_of_a_workshop_need_no_full_derive() {
    let mut doc = Document::new(with_waves(crate::generate::generate(3_000, 4)), None);
    let workload = doc.plan.workloads[doc.plan.workloads.len() / 2].id.clone();
    let asset = doc.plan.assets[1_500].id.clone();
    let party = doc.plan.parties[0].id.clone();
    let step = |doc: &mut Document, change: Change, key: Option<&str>, what: &str| {
        doc.change(&change, key.map(str::to_owned))
            .unwrap_or_else(|e| panic!("{what}: {e}"));
        doc.refresh();
        assert_fresh(doc, what);
    };
    let undo_redo = |doc: &mut Document, what: &str| {
        doc.undo().expect("undoes");
        doc.refresh();
        assert_fresh(doc, &format!("{what}, undone"));
        doc.redo().expect("redoes");
        doc.refresh();
        assert_fresh(doc, &format!("{what}, redone"));
    };
    let mut entry = NewLogEntry::new(LogKind::Decision, Some(workload.clone()));
    entry.text = "Cut over on a Saturday".into();
    step(&mut doc, Change::NewLog(entry), None, "a log entry");
    undo_redo(&mut doc, "a log entry");
    step(&mut doc, Change::new_party().0, None, "a party");
    undo_redo(&mut doc, "a party");
    for name in ["D", "Da", "Dat", "Data team"] {
        let change = Change::Party(party.clone(), PartyChange::Name(name.into()));
        step(&mut doc, change, Some("party"), "a party renamed");
    }
    for name in ["B", "Bi", "Billing"] {
        let change = Change::workload(&workload, WorkloadChange::Name(name.into()));
        step(&mut doc, change, Some("workload"), "a workload renamed");
    }
    for name in ["d", "db", "db-0", "db-01"] {
        let change = Change::Assets(vec![asset.clone()], AssetChange::Name(name.into()));
        step(&mut doc, change, Some("asset"), "an asset renamed");
    }
    doc.history.seal();
    step(
        &mut doc,
        Change::new_asset(Some(workload.clone())).0,
        None,
        "an asset",
    );
    undo_redo(&mut doc, "an asset");
    let middle = doc.plan.assets[doc.plan.assets.len() / 3].id.clone();
    step(
        &mut doc,
        Change::RemoveAsset(middle),
        None,
        "an asset removed",
    );
    undo_redo(&mut doc, "an asset removed");
    step(
        &mut doc,
        Change::RemoveWorkload(workload),
        None,
        "a workload removed",
    );
    undo_redo(&mut doc, "a workload removed");
    let wave = doc.plan.waves.len() / 2;
    for name in ["P", "Pi", "Pil", "Pilot"] {
        let change = Change::Plan(PlanChange::RenameWave(wave, name.into()));
        step(&mut doc, change, Some("wave"), "a wave renamed");
    }
    doc.history.seal();
    let placed = doc
        .plan
        .assets
        .iter()
        .position(|a| a.workload.is_some())
        .expect("an asset in a workload");
    let (edit, _) =
        change_assets_at(&doc.plan, &[placed], &AssetChange::Workload(None)).expect("moves");
    doc.apply(edit, "Move", None).expect("applies");
    doc.refresh();
    assert_fresh(&doc, "a move");
    assert_eq!(doc.full_derives(), 0);
}
