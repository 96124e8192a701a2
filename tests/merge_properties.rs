//! Properties of the three-way merge over generated plans and random edit
//! sequences: merging a copy with itself (or with the base) gives the copy
//! back; every change of either side is in the merged plan unless a
//! conflict about its subject is listed; changes to different fields never
//! conflict as "changed on both sides"; and the result saves and loads.
//!
//! The facts compared are flattened here, independently of the merge and
//! of the diff, by id and field.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use ferry::change::{Change, WorkloadChange};
use ferry::merge::{ConflictKind, Merged, Options, merge_with};
use ferry::model::{
    ActivityKind, Asset, AssetKind, ChecklistItem, Issue, LogEntry, LogStatus, Party, PartyKind,
    Phase, Plan, Raci, ReplicationStatus, Role, Wave, Workload,
};
use proptest::prelude::*;

const SEP: char = '\u{1f}';

/// Every fact of a plan: key (kind, id, field…) → value.
fn facts(plan: &Plan) -> BTreeMap<String, String> {
    let mut f = BTreeMap::new();
    let mut put = |parts: &[&str], value: String| {
        f.insert(parts.join(&SEP.to_string()), value);
    };
    put(&["plan", "plan", "name"], plan.name.clone());
    put(
        &["plan", "plan", "bandwidth"],
        format!("{:?}", plan.bandwidth_mbps),
    );
    for p in &plan.parties {
        let id = p.id.as_str();
        put(&["party", id], "exists".into());
        put(&["party", id, "name"], p.name.clone());
        put(&["party", id, "kind"], format!("{:?}", p.kind));
        put(&["party", id, "role"], format!("{:?}", p.role));
        put(&["party", id, "contact"], p.contact.clone());
    }
    for w in &plan.workloads {
        let id = w.id.as_str();
        put(&["workload", id], "exists".into());
        put(&["workload", id, "name"], w.name.clone());
        put(&["workload", id, "description"], w.description.clone());
        put(&["workload", id, "bo"], format!("{:?}", w.business_owner));
        put(&["workload", id, "to"], format!("{:?}", w.technical_owner));
        put(&["workload", id, "crit"], format!("{:?}", w.criticality));
        put(&["workload", id, "pm"], format!("{:?}", w.promotion_model));
        put(
            &["workload", id, "rt"],
            format!("{:?}", w.remediation_timing),
        );
        put(&["workload", id, "target"], w.target.clone());
        put(&["workload", id, "wave"], w.wave.clone());
        put(&["workload", id, "notes"], w.notes.clone());
        for a in &w.activities {
            let kind = format!("{:?}", a.kind);
            put(&["workload", id, &kind, "notes"], a.notes.clone());
            for (party, letter) in &a.raci {
                put(&["workload", id, &kind, party], format!("{letter:?}"));
            }
        }
        for p in &w.remediation_timing_confirmed_by {
            put(&["workload", id, "confirmed", p], "yes".into());
        }
        for c in &w.checklist {
            let ck = c.id.as_str();
            put(&["workload", id, "ck", ck], "exists".into());
            put(
                &["workload", id, "ck", ck, "phase"],
                format!("{:?}", c.phase),
            );
            put(&["workload", id, "ck", ck, "text"], c.text.clone());
            put(
                &["workload", id, "ck", ck, "owner"],
                format!("{:?}", c.owner),
            );
            put(&["workload", id, "ck", ck, "done"], c.done.to_string());
            put(&["workload", id, "ck", ck, "note"], c.note.clone());
        }
    }
    for a in &plan.assets {
        let id = a.id.as_str();
        put(&["asset", id], "exists".into());
        put(&["asset", id, "name"], a.name.clone());
        put(&["asset", id, "kind"], format!("{:?}", a.kind));
        put(&["asset", id, "workload"], format!("{:?}", a.workload));
        put(&["asset", id, "strategy"], format!("{:?}", a.strategy));
        put(&["asset", id, "assessment"], format!("{:?}", a.assessment));
        put(
            &["asset", id, "remediation"],
            format!("{:?}", a.remediation.status),
        );
        put(
            &["asset", id, "replication"],
            format!("{:?}", a.replication.status),
        );
        put(&["asset", id, "tool"], format!("{:?}", a.replication.tool));
        put(&["asset", id, "staging"], format!("{:?}", a.staging));
        put(&["asset", id, "notes"], a.notes.clone());
        for d in &a.depends_on {
            put(&["asset", id, "dep", d], "yes".into());
        }
        let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
        for issue in &a.remediation.issues {
            let n = seen.entry(&issue.text).or_insert(0);
            *n += 1;
            let key = format!("{}#{n}", issue.text);
            put(&["asset", id, "issue", &key], issue.resolved.to_string());
        }
        for (k, v) in &a.source {
            put(&["asset", id, "src", k], v.to_owned());
        }
        for (k, v) in &a.owners {
            put(&["asset", id, "owner", &format!("{k:?}")], v.clone());
        }
    }
    for l in &plan.log {
        let id = l.id.as_str();
        put(&["log", id], "exists".into());
        put(&["log", id, "kind"], format!("{:?}", l.kind));
        put(&["log", id, "text"], l.text.clone());
        put(&["log", id, "owner"], format!("{:?}", l.owner));
        put(&["log", id, "status"], format!("{:?}", l.status));
        put(&["log", id, "date"], l.date.clone());
        put(&["log", id, "about"], format!("{:?}", l.about));
        put(&["log", id, "due"], format!("{:?}", l.due));
    }
    for w in &plan.waves {
        let name = w.name.as_str();
        put(&["wave", name], "exists".into());
        put(&["wave", name, "start"], format!("{:?}", w.start));
        put(&["wave", name, "end"], format!("{:?}", w.end));
        put(&["wave", name, "notes"], w.notes.clone());
    }
    f
}

/// Whether a conflict of the merge is about the subject of a fact.
fn covered(merged: &Merged, key: &str) -> bool {
    let mut parts = key.split(SEP);
    let (kind, id) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
    merged.conflicts.iter().any(|c| match kind {
        "plan" => c.subject == "plan",
        "wave" => c.subject == format!("wave {id}") || c.subject == "waves",
        _ => c.subject_id.as_deref() == Some(id),
    })
}

fn merge(base: &Plan, ours: &Plan, theirs: &Plan) -> Merged {
    merge_with(
        base,
        ours,
        theirs,
        &Options {
            today: "2025-06-01".into(),
            questions: true,
            ..Default::default()
        },
    )
}

fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-z0-9 ]{0,8}",
        "\\PC{0,8}",
        Just(String::new()),
        Just("quote \" newline \n".to_owned()),
    ]
}

fn base() -> impl Strategy<Value = Plan> {
    (0usize..24, any::<u64>()).prop_map(|(n, seed)| ferry::generate::generate(n, seed))
}

type Step = (u8, usize, usize, String);

fn steps() -> impl Strategy<Value = Vec<Step>> {
    proptest::collection::vec((0u8..20, any::<usize>(), any::<usize>(), text()), 0..12)
}

/// Applies edit steps the way the app makes changes; `tag` keeps the ids
/// and names that each side adds apart.
fn edited(base: &Plan, steps: &[Step], tag: &str) -> Plan {
    let mut plan = base.clone();
    for (n, (op, i, j, s)) in steps.iter().enumerate() {
        step(&mut plan, *op, *i, *j, s, &format!("{tag}{n}"));
    }
    plan
}

fn step(plan: &mut Plan, op: u8, i: usize, j: usize, s: &str, tag: &str) {
    let pick = |len: usize, k: usize| (len > 0).then(|| k % len);
    let asset = pick(plan.assets.len(), i);
    let other = pick(plan.assets.len(), j);
    let party = pick(plan.parties.len(), j);
    let workload = pick(plan.workloads.len(), i);
    let apply = |plan: &mut Plan, edit| {
        ferry::edit::apply(plan, edit).expect("a built edit applies");
    };
    match op {
        0 => plan.name = s.to_owned(),
        1 => {
            if let Some(a) = asset {
                std::sync::Arc::make_mut(&mut plan.assets[a]).name = format!("{s}{tag}");
            }
        }
        2 => {
            if let Some(a) = asset {
                std::sync::Arc::make_mut(&mut plan.assets[a])
                    .replication
                    .status = ReplicationStatus::ALL[j % ReplicationStatus::ALL.len()];
            }
        }
        3 => {
            if let Some(a) = asset
                && let Some(edit) = Change::RemoveAsset(plan.assets[a].id.clone()).edit(plan)
            {
                apply(plan, edit);
            }
        }
        4 => plan.parties.push(Party {
            id: format!("pt-{tag}"),
            name: format!("{tag} {s}"),
            kind: PartyKind::Person,
            role: Role::Other,
            contact: String::new(),
        }),
        5 => {
            if let Some(p) = party
                && let Some(edit) = Change::RemoveParty(plan.parties[p].id.clone()).edit(plan)
            {
                apply(plan, edit);
            }
        }
        6 => {
            if let (Some(w), Some(p)) = (workload, party) {
                let letter = [
                    None,
                    Some(Raci::Responsible),
                    Some(Raci::Accountable),
                    Some(Raci::Informed),
                ][i % 4];
                let (wid, pid) = (plan.workloads[w].id.clone(), plan.parties[p].id.clone());
                let cell = WorkloadChange::Raci(
                    ActivityKind::ALL[j % ActivityKind::ALL.len()],
                    pid,
                    letter,
                );
                if let Some(edit) = Change::workload(&wid, cell).edit(plan) {
                    apply(plan, edit);
                }
            }
        }
        7 => {
            let mut w = Workload::new(format!("{tag} {s}"));
            w.id = format!("wl-{tag}");
            let at = i % (plan.workloads.len() + 1);
            plan.workloads.insert(at, w);
        }
        8 => {
            if let Some(w) = workload
                && let Some(edit) = Change::RemoveWorkload(plan.workloads[w].id.clone()).edit(plan)
            {
                apply(plan, edit);
            }
        }
        9 => {
            if let Some(a) = asset {
                std::sync::Arc::make_mut(&mut plan.assets[a])
                    .source
                    .insert(s, &j.to_string());
            }
        }
        10 => plan.log.push(LogEntry {
            id: format!("lg-{tag}"),
            text: s.to_owned(),
            ..LogEntry::default()
        }),
        11 => {
            if let Some(l) = pick(plan.log.len(), i) {
                let entry = &mut plan.log[l];
                entry.status = match entry.status {
                    LogStatus::Open => LogStatus::Done,
                    LogStatus::Done => LogStatus::Open,
                };
            }
        }
        12 => {
            if let (Some(a), Some(b)) = (asset, other)
                && a != b
            {
                let dep = plan.assets[b].id.clone();
                if !plan.assets[a].depends_on.contains(&dep) {
                    std::sync::Arc::make_mut(&mut plan.assets[a])
                        .depends_on
                        .push(dep);
                }
            }
        }
        13 => {
            if let Some(a) = asset {
                std::sync::Arc::make_mut(&mut plan.assets[a])
                    .remediation
                    .issues
                    .push(Issue {
                        text: s.to_owned(),
                        resolved: j.is_multiple_of(2),
                    });
            }
        }
        14 => {
            if let Some(w) = workload {
                plan.workloads[w].checklist.push(ChecklistItem {
                    id: format!("ck-{tag}"),
                    phase: Phase::ALL[j % 4],
                    // Both sides adding one text is one item: kept apart here.
                    text: format!("{tag} {s}"),
                    ..ChecklistItem::default()
                });
            }
        }
        15 => {
            if let (Some(w), Some(p)) = (workload, party) {
                let id = plan.parties[p].id.clone();
                let confirmed = &mut plan.workloads[w].remediation_timing_confirmed_by;
                if let Some(k) = confirmed.iter().position(|c| *c == id) {
                    confirmed.remove(k);
                } else {
                    confirmed.push(id);
                }
            }
        }
        16 => {
            let mut a = Asset::new(format!("{tag}-{s}"), AssetKind::Database);
            a.id = format!("as-{tag}");
            a.workload = workload.map(|w| plan.workloads[w].id.clone());
            plan.assets.push(std::sync::Arc::new(a));
        }
        17 => {
            if let Some(w) = workload {
                plan.workloads[w].notes = s.to_owned();
            }
        }
        18 => plan.bandwidth_mbps = Some((j % 1000) as u32),
        _ => {
            if let Some(w) = pick(plan.waves.len(), i).filter(|_| j.is_multiple_of(2)) {
                plan.waves[w].start = Some(format!("2025-01-{:02}", j % 28 + 1));
            } else {
                plan.waves.push(Wave {
                    name: format!("{tag} {s}"),
                    ..Wave::default()
                });
            }
        }
    }
}

proptest! {
    // Failures are printed, not written to a regressions file.
    #![proptest_config(ProptestConfig {
        cases: 128,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn merging_a_copy_with_itself_or_the_base_gives_the_copy(base in base(), steps in steps()) {
        let x = edited(&base, &steps, "x");
        for (ours, theirs) in [(&x, &x), (&x, &base), (&base, &x)] {
            let m = merge(&base, ours, theirs);
            prop_assert!(m.is_clean());
            prop_assert_eq!(&m.plan, &x);
        }
    }

    #[test]
    fn every_change_of_both_sides_is_merged_or_asked_about(
        base in base(),
        a_steps in steps(),
        b_steps in steps(),
    ) {
        let a = edited(&base, &a_steps, "a");
        let b = edited(&base, &b_steps, "b");
        let m = merge(&base, &a, &b);
        let (fb, fa, fbb, fm) = (facts(&base), facts(&a), facts(&b), facts(&m.plan));
        let keys: BTreeSet<&String> = fb.keys().chain(fa.keys()).chain(fbb.keys()).collect();
        // Deleting an item touches all its fields, even new ones.
        let subject = |k: &str| k.split(SEP).take(2).collect::<Vec<_>>().join(&SEP.to_string());
        let deleted = |side: &BTreeMap<String, String>| -> BTreeSet<String> {
            fb.keys()
                .filter(|k| k.split(SEP).count() == 2 && !side.contains_key(*k))
                .cloned()
                .collect()
        };
        let (a_deleted, b_deleted) = (deleted(&fa), deleted(&fbb));
        let mut touched_by_both = false;
        for k in keys {
            let (vb, va, vbb, vm) = (fb.get(k), fa.get(k), fbb.get(k), fm.get(k));
            let (a_changed, b_changed) = (va != vb, vbb != vb);
            let item = subject(k);
            if (a_changed && (b_changed || b_deleted.contains(&item)))
                || (b_changed && a_deleted.contains(&item))
            {
                touched_by_both = true;
            }
            let expected = match (a_changed, b_changed) {
                (false, false) => continue,
                (true, false) => va,
                (false, true) => vbb,
                (true, true) if va == vbb => va,
                (true, true) => {
                    prop_assert!(covered(&m, k), "changed two ways, no conflict: {:?}", k);
                    continue;
                }
            };
            prop_assert!(
                vm == expected || covered(&m, k),
                "{:?}: merged {:?}, expected {:?}; conflicts {:?}",
                k, vm, expected, m.conflicts
            );
        }
        if !touched_by_both {
            // Different fields: nothing was changed two ways.
            prop_assert!(
                m.conflicts.iter().all(|c| !matches!(
                    c.kind,
                    ConflictKind::BothChanged | ConflictKind::EditedAndDeleted
                )),
                "{:?}", m.conflicts
            );
        }
        // The merge adds no dangling reference, cycle or second Accountable
        // (two cycles that the sides had may become one, still listed).
        let had_cycles = [&a, &b].iter().any(|p| {
            ferry::derive::derive(p)
                .problems
                .iter()
                .any(|x| x.code == "dependency-cycle")
        });
        for p in &m.new_problems {
            let allowed = p.code == "dependency-cycle" && had_cycles;
            prop_assert!(
                allowed
                    || ![
                        "dangling-reference",
                        "dependency-missing",
                        "party-missing",
                        "dependency-cycle",
                        "multiple-accountable",
                    ]
                    .contains(&p.code),
                "{:?}", p
            );
        }
        // One question per conflict and new problem, and the plan saves.
        let asked = m
            .plan
            .log
            .iter()
            .filter(|l| a.log_entry(&l.id).is_none() && b.log_entry(&l.id).is_none())
            .count();
        prop_assert_eq!(asked, m.conflicts.len() + m.new_problems.len());
        let text = ferry::storage::to_string(&m.plan);
        let loaded = ferry::storage::parse(&text, Path::new("merged.ron")).expect("loads");
        prop_assert_eq!(ferry::storage::to_string(&loaded), text);
    }
}
