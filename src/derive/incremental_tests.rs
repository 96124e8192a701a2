use crate::change::{AssetChange, change_assets_at};
use crate::change::{Change, WorkloadChange};
use crate::derive::{Derived, derive, out_of_scope};
use crate::edit::{Edit, Item};
use crate::model::*;
use crate::session::Document;

#[path = "incremental_changes_tests.rs"]
mod changes;

/// One RACI cell set through the change layer; `None` when it is so
/// already.
fn set_raci(
    plan: &Plan,
    workload: &str,
    kind: ActivityKind,
    party: &str,
    letter: Option<Raci>,
) -> Option<Edit> {
    Change::workload(
        workload,
        WorkloadChange::Raci(kind, party.to_owned(), letter),
    )
    .edit(plan)
}

/// A removal through the change layer, of an item the plan has.
fn removal(plan: &Plan, change: Change) -> Edit {
    change.edit(plan).expect("a removal")
}

fn remove_asset(plan: &Plan, id: &str) -> Edit {
    removal(plan, Change::RemoveAsset(id.to_owned()))
}

fn remove_party(plan: &Plan, id: &str) -> Edit {
    removal(plan, Change::RemoveParty(id.to_owned()))
}

fn remove_workload(plan: &Plan, id: &str) -> Edit {
    removal(plan, Change::RemoveWorkload(id.to_owned()))
}

/// The first place where two derived states differ, in words.
fn difference(a: &Derived, b: &Derived) -> Option<String> {
    if a.stages != b.stages {
        let i = (0..a.stages.len().min(b.stages.len())).find(|&i| a.stages[i] != b.stages[i]);
        return Some(format!("stages differ at {i:?}"));
    }
    for (k, (x, y)) in a.workloads.iter().zip(&b.workloads).enumerate() {
        if x != y {
            return Some(format!("workload {k}:\n{x:#?}\n{y:#?}"));
        }
    }
    for (i, (x, y)) in a.problems.iter().zip(&b.problems).enumerate() {
        if x != y {
            return Some(format!("problem {i}:\n{x:?}\n{y:?}"));
        }
    }
    if a != b {
        return Some(format!(
            "{} and {} problems, {} and {} workloads, or counts",
            a.problems.len(),
            b.problems.len(),
            a.workloads.len(),
            b.workloads.len()
        ));
    }
    None
}

fn assert_fresh(doc: &Document, context: &str) {
    if let Some(why) = difference(&doc.derived, &derive(&doc.plan)) {
        panic!("{context}: kept state is not a full derive: {why}");
    }
}

fn pick<'a, T>(rng: &mut fastrand::Rng, items: &'a [T]) -> Option<&'a T> {
    (!items.is_empty()).then(|| &items[rng.usize(..items.len())])
}

/// A party id of the plan, or one that is not in it.
fn party_id(rng: &mut fastrand::Rng, plan: &Plan) -> String {
    match pick(rng, &plan.parties) {
        Some(p) if rng.u8(..5) > 0 => p.id.clone(),
        _ => "pa-gone".to_owned(),
    }
}

fn asset_change(rng: &mut fastrand::Rng, plan: &Plan) -> AssetChange {
    // Format 3: what the promotion rules read of an asset.
    let tool =
        |rng: &mut fastrand::Rng| ReplicationTool::ALL[rng.usize(..ReplicationTool::ALL.len())];
    match rng.u8(..6) {
        0 => return AssetChange::DataSync(rng.bool().then(|| tool(rng))),
        1 => return AssetChange::ReplicationTool(tool(rng)),
        2 => return AssetChange::Kind(AssetKind::ALL[rng.usize(..AssetKind::ALL.len())]),
        _ => {}
    }
    match rng.u8(..9) {
        0 => AssetChange::Strategy(Strategy::ALL[rng.usize(..Strategy::ALL.len())]),
        1 => AssetChange::Assessment(Assessment::ALL[rng.usize(..Assessment::ALL.len())]),
        2 => AssetChange::RemediationStatus(
            RemediationStatus::ALL[rng.usize(..RemediationStatus::ALL.len())],
        ),
        3 => AssetChange::ReplicationStatus(
            ReplicationStatus::ALL[rng.usize(..ReplicationStatus::ALL.len())],
        ),
        4 => AssetChange::Staging(if rng.bool() {
            Staging::Staged
        } else {
            Staging::NotStaged
        }),
        5 => AssetChange::AddIssue(format!("issue {}", rng.u16(..))),
        6 => AssetChange::IssueResolved(0, rng.bool()),
        7 => AssetChange::Owner(
            ActivityKind::ALL[rng.usize(..ActivityKind::ALL.len())],
            Some(party_id(rng, plan)),
        ),
        _ => AssetChange::Notes(format!("note {}", rng.u16(..))),
    }
}

/// A change to one workload's own fields: RACI, decisions, team check,
/// owners.
fn workload_change(rng: &mut fastrand::Rng, plan: &Plan) -> Option<Edit> {
    let w = pick(rng, &plan.workloads)?;
    let kind = ActivityKind::ALL[rng.usize(..ActivityKind::ALL.len())];
    let letter = [
        None,
        Some(Raci::Responsible),
        Some(Raci::Accountable),
        Some(Raci::Consulted),
        Some(Raci::Informed),
    ][rng.usize(..5)];
    if rng.bool() {
        return set_raci(plan, &w.id, kind, &party_id(rng, plan), letter);
    }
    // Format 3 and the checklist, through the typed changes a view sends:
    // the model with its Promotion activity, who holds it, the checklist
    // that readiness reads, environment and pin.
    let typed = match rng.u8(..8) {
        0 => Some(crate::change::WorkloadChange::PromotionModel(
            PromotionModel::ALL[rng.usize(..PromotionModel::ALL.len())],
            [
                crate::change::ChecklistOffer::Keep,
                crate::change::ChecklistOffer::AddMissing,
                crate::change::ChecklistOffer::Refit,
            ][rng.usize(..3)],
        )),
        1 => crate::promotion::suggested_holders(plan, w).and_then(|h| h.change()),
        2 => pick(rng, &w.checklist)
            .map(|item| crate::change::WorkloadChange::ChecklistDone(item.id.clone(), !item.done)),
        3 => Some(crate::change::WorkloadChange::Environment(
            Environment::ALL[rng.usize(..Environment::ALL.len())],
        )),
        4 => Some(crate::change::WorkloadChange::Pinned(rng.bool())),
        _ => None,
    };
    if let Some(change) = typed {
        return crate::change::change_workload(plan, &w.id, &change).map(|(edit, _)| edit);
    }
    let mut w = w.clone();
    match rng.u8(..4) {
        0 => w.promotion_model = PromotionModel::ALL[rng.usize(..PromotionModel::ALL.len())],
        1 => {
            w.remediation_timing = RemediationTiming::ALL[rng.usize(..RemediationTiming::ALL.len())]
        }
        2 => w.remediation_timing_confirmed_by.push(party_id(rng, plan)),
        _ => w.business_owner = Some(party_id(rng, plan)),
    }
    Some(Edit::Put(Item::Workload(w)))
}

/// Any kind of edit a user makes, with its label.
fn random_edit(rng: &mut fastrand::Rng, plan: &Plan, serial: &mut usize) -> Option<Edit> {
    let n = plan.assets.len();
    let some_asset = |rng: &mut fastrand::Rng| (n > 0).then(|| rng.usize(..n));
    let change = |_: &mut fastrand::Rng, at: &[usize], c: &AssetChange| {
        change_assets_at(plan, at, c).map(|(edit, _)| edit)
    };
    match rng.u8(..22) {
        // Fields of one asset, the most common edit.
        0..=5 => {
            let i = some_asset(rng)?;
            let c = asset_change(rng, plan);
            change(rng, &[i], &c)
        }
        6..=8 => workload_change(rng, plan),
        // A bulk change: a few assets, or enough for a large batch.
        9 => {
            let count = if rng.bool() { 3 } else { 40 };
            let at: Vec<usize> = (0..count).filter_map(|_| some_asset(rng)).collect();
            let c = asset_change(rng, plan);
            change(rng, &at, &c)
        }
        10 => {
            let i = some_asset(rng)?;
            let target = match rng.u8(..4) {
                0 => None,
                1 => Some("wl-gone".to_owned()),
                _ => pick(rng, &plan.workloads).map(|w| w.id.clone()),
            };
            change(rng, &[i], &AssetChange::Workload(target))
        }
        11 => {
            let i = some_asset(rng)?;
            let a = &plan.assets[i];
            let c = match (rng.bool(), a.depends_on.first()) {
                (false, Some(dep)) => AssetChange::RemoveDependency(dep.clone()),
                _ if rng.u8(..6) == 0 => AssetChange::AddDependency("as-gone".to_owned()),
                _ => AssetChange::AddDependency(plan.assets[some_asset(rng)?].id.clone()),
            };
            change(rng, &[i], &c)
        }
        12 => {
            let i = some_asset(rng)?;
            let name = if rng.bool() {
                plan.assets[some_asset(rng)?].name.to_uppercase()
            } else {
                format!("renamed {serial}")
            };
            change(rng, &[i], &AssetChange::Name(name))
        }
        13 => {
            *serial += 1;
            let mut a = Asset::new(format!("new {serial}"), AssetKind::VirtualMachine);
            a.workload = pick(rng, &plan.workloads).map(|w| w.id.clone());
            if let Some(i) = some_asset(rng) {
                a.depends_on.push(plan.assets[i].id.clone());
            }
            Some(Edit::Insert(rng.usize(..=n), Item::Asset(a.into())))
        }
        14 => Some(remove_asset(plan, &plan.assets[some_asset(rng)?].id)),
        15 => Some(remove_party(plan, &pick(rng, &plan.parties)?.id)),
        16 => {
            let mut w = pick(rng, &plan.workloads)?.clone();
            if rng.bool() {
                w.name = format!("renamed {serial}");
            } else {
                w.wave = pick(rng, &plan.waves)
                    .map(|w| w.name.clone())
                    .unwrap_or_default();
            }
            Some(Edit::Put(Item::Workload(w)))
        }
        17 => Some(remove_workload(plan, &pick(rng, &plan.workloads)?.id)),
        18 => Some(Edit::SetPlanName(format!("plan {serial}"))),
        // A new workload with a few assets, as the bulk bar makes it;
        // sometimes with an id an orphan has, or another item's id.
        20 | 21 => {
            *serial += 1;
            let ids: Vec<&str> = (0..rng.usize(0..4))
                .filter_map(|_| Some(plan.assets[some_asset(rng)?].id.as_str()))
                .collect();
            let (edit, _, id) =
                crate::change::new_workload_with(plan, &format!("new {serial}"), ids);
            let Edit::Batch(mut edits) = edit else {
                return Some(edit);
            };
            let taken = match rng.u8(..6) {
                0 => Some("wl-gone".to_owned()),
                1 => pick(rng, &plan.parties).map(|p| p.id.clone()),
                _ => None,
            };
            if let Some(taken) = taken {
                for edit in &mut edits {
                    match edit {
                        Edit::Put(Item::Workload(w)) => w.id = taken.clone(),
                        Edit::Put(Item::Asset(a)) if a.workload.as_deref() == Some(id.as_str()) => {
                            std::sync::Arc::make_mut(a).workload = Some(taken.clone());
                        }
                        _ => {}
                    }
                }
            }
            Some(Edit::Batch(edits))
        }
        _ => {
            let mut entry = pick(rng, &plan.log)?.clone();
            match rng.u8(..4) {
                0 => entry.owner = None,
                1 => entry.text = format!("log {serial}"),
                _ => entry.owner = Some(party_id(rng, plan)),
            }
            Some(Edit::Put(Item::Log(entry)))
        }
    }
}

#[test]
fn random_edits_undo_and_redo_keep_derive_exact() {
    // The promotion rules each fire somewhere along the way, so the kept
    // state is checked against them too.
    let mut seen = std::collections::HashSet::new();
    for seed in 0..24 {
        let mut rng = fastrand::Rng::with_seed(seed);
        let plan = if seed % 4 == 0 {
            crate::example::example_plan()
        } else {
            crate::generate::generate(rng.usize(20..400), seed)
        };
        let mut doc = Document::new(plan, None);
        let mut serial = 0;
        let mut edits = 0;
        for step in 0..150 {
            // Sometimes several edits in one frame, derived once.
            for _ in 0..if rng.u8(..5) == 0 { 3 } else { 1 } {
                match rng.u8(..10) {
                    0 => {
                        doc.undo();
                    }
                    1 => {
                        doc.redo();
                    }
                    _ => {
                        if let Some(edit) = random_edit(&mut rng, &doc.plan, &mut serial) {
                            edits += 1;
                            // An edit that fails changes nothing.
                            let _ = doc.apply(edit, "edit", None);
                        }
                    }
                }
            }
            doc.refresh();
            assert_fresh(&doc, &format!("seed {seed}, step {step}"));
            seen.extend(doc.derived.problems.iter().map(|p| p.code));
            for w in &doc.derived.workloads {
                seen.extend(w.promotion.blockers.iter().map(|b| b.code));
            }
        }
        // Only ids two items share and edits of a whole plan (a few in
        // the mix) are derived in full.
        assert!(
            doc.full_derives() * 5 < edits,
            "seed {seed}: {} full derives for {edits} edits",
            doc.full_derives()
        );
    }
    for code in [
        "data-sync-missing",
        "one-shot-copy-for-single-step",
        "separation-of-duties",
        "remediation-before-promotion-model",
        "checklist-not-done",
    ] {
        assert!(seen.contains(code), "{code} never fired");
    }
}

/// Applies an edit to a document and derives, checking the result is a
/// full derive's, and that it took no full derive to get there.
fn apply_incrementally(doc: &mut Document, edit: Edit, context: &str) {
    let before = doc.full_derives();
    doc.apply(edit, context, None).expect("applies");
    doc.refresh();
    assert_fresh(doc, context);
    assert_eq!(doc.full_derives(), before, "{context}: derived in full");
}

/// The example plan and the index of an asset of a workload that depends
/// on an asset of another workload.
fn example() -> Plan {
    crate::example::example_plan()
}

/// The first asset that is in a workload.
fn in_a_workload(plan: &Plan) -> usize {
    plan.assets
        .iter()
        .position(|a| a.workload.is_some())
        .expect("an asset in a workload")
}

/// How many problems of a rule the derived state lists.
fn listed(doc: &Document, rule: crate::derive::rules::RuleId) -> usize {
    doc.derived
        .problems
        .iter()
        .filter(|p| p.code == rule.code())
        .count()
}

/// A field of one asset, or of every asset at once, re-derives what it
/// reached; a rename of an asset too (its name is in what depends on it,
/// the workloads that need it, its namesakes' findings).
#[test]
fn fields_and_names_of_assets_need_no_full_derive() {
    let mut doc = Document::new(example(), None);
    let (edit, _) =
        change_assets_at(&doc.plan, &[3], &AssetChange::Staging(Staging::Staged)).expect("changes");
    apply_incrementally(&mut doc, edit, "staged");
    let all: Vec<usize> = (0..doc.plan.assets.len()).collect();
    let (bulk, _) = change_assets_at(&doc.plan, &all, &AssetChange::Strategy(Strategy::Retire))
        .expect("changes");
    apply_incrementally(&mut doc, bulk, "every asset retired");
    for (i, name) in [(2, "Renamed"), (4, "renamed"), (2, ""), (5, "RENAMED")] {
        let (edit, _) =
            change_assets_at(&doc.plan, &[i], &AssetChange::Name(name.into())).expect("changes");
        apply_incrementally(&mut doc, edit, &format!("asset {i} named {name:?}"));
    }
    assert!(listed(&doc, crate::derive::rules::RuleId::DuplicateAssetName) > 0);
}

/// The bandwidth is read by the wave limits: a new one checks the waves
/// again.
#[test]
fn the_bandwidth_checks_the_wave_limits_again() {
    let mut plan = example();
    plan.waves = vec![Wave {
        name: "Wave 1".into(),
        ..Wave::default()
    }];
    for w in &mut plan.workloads {
        w.wave = "Wave 1".into();
    }
    for a in &mut plan.assets {
        std::sync::Arc::make_mut(a)
            .source
            .insert("in_use_mib", "1048576");
    }
    plan.wave_limits.replication_hours = Some(1);
    plan.bandwidth_mbps = None;
    let mut doc = Document::new(plan, None);
    assert_eq!(listed(&doc, crate::derive::rules::RuleId::WaveOverLimit), 0);
    doc.apply(Edit::SetBandwidth(Some(100)), "bandwidth", None)
        .expect("applies");
    doc.refresh();
    assert_fresh(&doc, "after the bandwidth");
    assert_eq!(listed(&doc, crate::derive::rules::RuleId::WaveOverLimit), 1);
}

/// A dependency across workloads, then one that closes a cycle: the
/// workload that has the asset needs the other workload's asset, the
/// cycle is listed, and both go away with the dependencies.
#[test]
fn a_new_dependency_rewires_the_workloads_that_need_the_asset() {
    let plan = example();
    let i = in_a_workload(&plan);
    let other = plan
        .assets
        .iter()
        .position(|b| {
            b.workload.is_some() && b.workload != plan.assets[i].workload && b.depends_on.is_empty()
        })
        .expect("an asset of another workload");
    let (a, b) = (plan.assets[i].id.clone(), plan.assets[other].id.clone());
    let (edit, _) =
        change_assets_at(&plan, &[i], &AssetChange::AddDependency(b.clone())).expect("changes");

    let workload = plan.assets[i].workload.clone().expect("a workload");
    let needs = |doc: &Document, name: &str| {
        let k = doc
            .plan
            .workloads
            .iter()
            .position(|w| w.id == workload)
            .expect("the workload");
        doc.derived.workloads[k]
            .blockers
            .iter()
            .any(|blocker| blocker.message.contains(name))
    };
    let cycles = |doc: &Document| listed(doc, crate::derive::rules::RuleId::DependencyCycle);
    let mut doc = Document::new(plan.clone(), None);
    let before = cycles(&doc);
    let name = plan.assets[other].name.clone();
    apply_incrementally(&mut doc, edit, "a dependency on another workload's asset");
    let staged = doc.derived.stages[other] == crate::derive::Stage::Staged;
    assert!(
        staged || needs(&doc, &name),
        "the workload waits for what its asset now needs"
    );

    let (back, _) =
        change_assets_at(&doc.plan, &[other], &AssetChange::AddDependency(a)).expect("changes");
    apply_incrementally(&mut doc, back, "a cycle");
    assert!(cycles(&doc) > before, "the cycle is listed");

    let (undo_cycle, _) =
        change_assets_at(&doc.plan, &[i], &AssetChange::RemoveDependency(b)).expect("changes");
    apply_incrementally(&mut doc, undo_cycle, "the cycle broken");
    assert_eq!(cycles(&doc), before);
    assert!(!needs(&doc, &name), "no longer needed");
}

/// "New workload from selection": the workload goes at the end of the
/// list and the assets join it, without a full derive; undone, it goes.
#[test]
fn a_new_workload_from_a_selection_is_appended_and_regrouped() {
    let plan = example();
    let picked: Vec<&str> = plan.assets.iter().take(3).map(|a| a.id.as_str()).collect();
    let (edit, _, id) = crate::change::new_workload_with(&plan, "Reporting", picked);
    let mut doc = Document::new(plan.clone(), None);
    apply_incrementally(&mut doc, edit, "a new workload");
    let last = doc.derived.workloads.last().expect("a workload");
    assert_eq!((last.id.as_str(), last.assets), (id.as_str(), 3));
    doc.undo();
    doc.refresh();
    assert_fresh(&doc, "undone");
    assert_eq!(doc.derived.workloads.len(), plan.workloads.len());
    assert_eq!(doc.full_derives(), 0);
}

/// After a new dependency, what the asset depends on reaches it: retired
/// or moved, the dependent's findings follow (without a full derive in
/// between).
#[test]
fn a_new_dependency_hears_of_what_it_depends_on() {
    let plan = example();
    let mut doc = Document::new(plan, None);
    let i = in_a_workload(&doc.plan);
    let j = doc
        .plan
        .assets
        .iter()
        .rposition(|a| {
            a.workload.is_some() && !matches!(a.strategy, Strategy::Retire | Strategy::Retain)
        })
        .expect("an asset to depend on");
    assert!(doc.plan.assets[i].workload.is_some() && i != j);
    let dep = doc.plan.assets[j].id.clone();
    for change in [
        (i, AssetChange::AddDependency(dep)),
        (j, AssetChange::Strategy(Strategy::Retire)),
        (j, AssetChange::Strategy(Strategy::Retain)),
        (j, AssetChange::Workload(None)),
        (i, AssetChange::Workload(None)),
    ] {
        let (edit, _) = change_assets_at(&doc.plan, &[change.0], &change.1).expect("changes");
        apply_incrementally(&mut doc, edit, &format!("{change:?}"));
    }
}

#[test]
fn a_raci_cell_a_decision_or_a_workload_renamed_needs_no_full_derive() {
    let plan = example();
    let party = plan.parties[0].id.clone();
    let k = 1;
    let mut doc = Document::new(plan.clone(), None);
    let edit = set_raci(
        &plan,
        &plan.workloads[k].id,
        ActivityKind::Staging,
        &party,
        Some(Raci::Consulted),
    )
    .expect("a workload");
    apply_incrementally(&mut doc, edit, "a RACI cell");
    let mut w = doc.plan.workloads[k].clone();
    w.promotion_model = PromotionModel::Flight;
    apply_incrementally(&mut doc, Edit::Put(Item::Workload(w.clone())), "a decision");
    // Every workload renamed in turn: what needs their assets names them.
    for k in 0..doc.plan.workloads.len() {
        let mut w = doc.plan.workloads[k].clone();
        w.name = format!("{} renamed", w.name);
        apply_incrementally(
            &mut doc,
            Edit::Put(Item::Workload(w)),
            &format!("workload {k} renamed"),
        );
    }
}

#[test]
fn a_move_to_another_workload_regroups_and_remembers_where_the_asset_was() {
    let plan = example();
    let i = in_a_workload(&plan);
    let was = plan.assets[i].workload.clone();
    let (edit, _) = change_assets_at(&plan, &[i], &AssetChange::Workload(None)).expect("changes");

    // Moved twice before the refresh: the kept state still has it where
    // it was first.
    let mut doc = Document::new(plan.clone(), None);
    doc.apply(edit, "Move", None).expect("applies");
    let target = plan
        .workloads
        .iter()
        .find(|w| Some(&w.id) != was.as_ref())
        .expect("another workload")
        .id
        .clone();
    let (again, _) = change_assets_at(
        &doc.plan,
        &[i],
        &AssetChange::Workload(Some(target.clone())),
    )
    .expect("changes");
    doc.apply(again, "Move", None).expect("applies");
    doc.refresh();
    assert_fresh(&doc, "moved twice");
    assert_eq!(doc.full_derives(), 0);
    let joined = doc
        .derived
        .workloads
        .iter()
        .find(|w| w.id == target)
        .expect("the workload joined");
    let members = doc
        .plan
        .assets
        .iter()
        .filter(|a| a.workload.as_deref() == Some(target.as_str()))
        .count();
    assert_eq!(
        joined.assets, members,
        "the workload counts the asset it gained"
    );

    // Into a workload the plan does not have, out of the inventory, and
    // back: the orphaned and unassigned counts follow.
    for target in [Some("wl-gone".to_owned()), None, was] {
        let (edit, _) = change_assets_at(&doc.plan, &[i], &AssetChange::Workload(target.clone()))
            .expect("changes");
        apply_incrementally(&mut doc, edit, &format!("moved to {target:?}"));
        assert_eq!(
            doc.derived.orphaned_assets.contains(&i),
            target.as_deref() == Some("wl-gone")
        );
    }
}

#[test]
fn a_new_wave_rechecks_the_workloads_that_need_its_assets() {
    // Two workloads in two waves; the later one's asset depends on the
    // earlier one's, which is fine until the needed workload moves later.
    let mut plan = Plan::named("Waves");
    for name in ["Wave 1", "Wave 2", "Wave 3"] {
        plan.waves.push(Wave {
            name: name.into(),
            ..Wave::default()
        });
    }
    let mut needed = Workload::new("Database");
    needed.wave = "Wave 1".into();
    let mut needing = Workload::new("Shop");
    needing.wave = "Wave 2".into();
    let mut db = Asset::new("db-01", AssetKind::Database);
    db.workload = Some(needed.id.clone());
    let mut web = Asset::new("web-01", AssetKind::VirtualMachine);
    web.workload = Some(needing.id.clone());
    web.depends_on.push(db.id.clone());
    plan.workloads.extend([needed.clone(), needing]);
    plan.assets.extend([db.into(), web.into()]);
    let later_wave =
        |doc: &Document| listed(doc, crate::derive::rules::RuleId::DependencyInLaterWave);
    let mut doc = Document::new(plan, None);
    assert_eq!(later_wave(&doc), 0);
    let mut moved = needed;
    moved.wave = "Wave 3".into();
    let edit = Edit::Put(Item::Workload(moved));
    apply_incrementally(&mut doc, edit, "moved to a later wave");
    assert_eq!(
        later_wave(&doc),
        1,
        "the shop needs a database of a later wave"
    );
    doc.undo();
    doc.refresh();
    assert_fresh(&doc, "undone");
    assert_eq!(later_wave(&doc), 0);
}

/// Parties, log entries, assets and workloads added and removed, an import
/// of a few rows: derived without a full derive. A whole plan replaced
/// is derived in full.
#[test]
fn removals_inserts_parties_and_small_imports_need_no_full_derive() {
    let plan = example();
    let mut doc = Document::new(plan.clone(), None);
    let import = Edit::Batch(vec![
        Edit::Put(Item::Asset(
            Asset::new("Imported", AssetKind::VirtualMachine).into(),
        )),
        Edit::Put(Item::Asset(plan.assets[0].clone())),
    ]);
    let mut entry = plan.log[0].clone();
    entry.owner = Some("pa-gone".into());
    let mut retexted = entry.clone();
    retexted.text = "Another text".into();
    let new_entry = LogEntry {
        id: "lg-new".into(),
        text: "New".into(),
        owner: Some(plan.parties[1].id.clone()),
        ..LogEntry::default()
    };
    let steps = [
        remove_party(&plan, &plan.parties[0].id),
        remove_asset(&plan, &plan.assets[0].id),
        import,
        Edit::SetPlanName("Other".into()),
        Edit::Put(Item::Log(entry)),
        Edit::Put(Item::Log(retexted)),
        Edit::Put(Item::Log(new_entry)),
        Edit::Remove(IdKind::Log, plan.log[0].id.clone()),
    ];
    for (n, edit) in steps.into_iter().enumerate() {
        apply_incrementally(&mut doc, edit, &format!("step {n}"));
    }
    for n in 0..4 {
        doc.undo();
        doc.refresh();
        assert_fresh(&doc, &format!("undo {n}"));
    }
    assert_eq!(doc.full_derives(), 0);
    doc.apply(Edit::ReplacePlan(Box::new(plan)), "Restore", None)
        .expect("applies");
    doc.refresh();
    assert_fresh(&doc, "replaced");
    assert_eq!(doc.full_derives(), 1, "a whole plan is derived in full");
}

/// A workload removed: its assets go to the inventory as moves, the
/// workloads after it move up. Either way, and undone and redone, no full
/// derive is needed.
#[test]
fn removing_a_workload_needs_no_full_derive() {
    let plan = example();
    for k in [plan.workloads.len() - 1, 0, 1] {
        let edit = remove_workload(&plan, &plan.workloads[k].id);
        let mut doc = Document::new(plan.clone(), None);
        apply_incrementally(&mut doc, edit, &format!("workload {k} removed"));
        doc.undo();
        doc.refresh();
        assert_fresh(&doc, &format!("workload {k} back"));
        doc.redo();
        doc.refresh();
        assert_fresh(&doc, &format!("workload {k} removed again"));
        assert_eq!(doc.full_derives(), 0);
    }
}

#[test]
fn undo_and_redo_need_no_full_derive() {
    let plan = example();
    let party = plan.parties[0].id.clone();
    let raci = set_raci(
        &plan,
        &plan.workloads[0].id,
        ActivityKind::Staging,
        &party,
        None,
    )
    .expect("a workload");
    let (field, _) = change_assets_at(&plan, &[2], &AssetChange::Notes("n".into())).expect("x");
    for edit in [raci, field, remove_party(&plan, &party)] {
        let mut doc = Document::new(plan.clone(), None);
        apply_incrementally(&mut doc, edit.clone(), "edit");
        doc.undo();
        doc.refresh();
        assert_fresh(&doc, "after undo");
        doc.redo();
        doc.refresh();
        assert_fresh(&doc, "after redo");
        assert_eq!(doc.full_derives(), 0, "{edit:?}");
    }
}

#[test]
fn retiring_an_asset_blocks_the_workloads_of_what_depends_on_it() {
    // The asset's own workload is re-derived, and so are the workloads
    // whose assets depend on it: they now need something that goes away.
    let plan = example();
    let Some(j) = plan.assets.iter().position(|a| {
        plan.assets
            .iter()
            .any(|b| b.depends_on.contains(&a.id) && b.workload.is_some() && !out_of_scope(b))
    }) else {
        panic!("the example has a dependency");
    };
    let mut doc = Document::new(plan, None);
    let (edit, _) = change_assets_at(&doc.plan, &[j], &AssetChange::Strategy(Strategy::Retire))
        .expect("changes");
    doc.apply(edit, "retire", None).expect("applies");
    doc.refresh();
    assert_fresh(&doc, "retired");
    assert!(
        doc.derived
            .workloads
            .iter()
            .any(|w| w.blockers.iter().any(|b| b.code == "depends-on-retiring"))
    );
}
