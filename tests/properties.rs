//! Properties over generated plans and edit sequences: whatever the plan,
//! save → load gives it back; whatever the edits, undoing them all gives
//! the original back and redoing them gives the edited plan again.

use std::path::Path;

use ferry::change::{Change, WorkloadChange};
use ferry::edit::{Edit, History, Item};
use ferry::model::{
    ActivityKind, LogEntry, Party, PartyKind, Plan, Raci, ReplicationStatus, Role, Workload,
};
use proptest::prelude::*;

/// Text as users type it: plain, any printable Unicode, and the characters
/// a serialiser must escape.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-zA-Z0-9 _.-]{0,16}",
        "\\PC{0,16}",
        Just("quote \" backslash \\ newline \n tab \t".to_owned()),
        Just(String::new()),
        Just("r#\"raw\"# ) ] } , :".to_owned()),
    ]
}

/// A realistic plan (any size, any seed) with user text put in every kind
/// of string field.
fn plan() -> impl Strategy<Value = Plan> {
    (
        0usize..40,
        any::<u64>(),
        proptest::collection::vec(text(), 1..24),
    )
        .prop_map(|(n, seed, texts)| {
            let mut plan = ferry::generate::generate(n, seed);
            let mut t = texts.iter().cycle();
            let mut next = || t.next().cloned().unwrap_or_default();
            plan.name = next();
            for p in &mut plan.parties {
                p.name = next();
                p.contact = next();
            }
            for w in &mut plan.workloads {
                w.name = next();
                w.notes = next();
                w.target = next();
                w.activities[0].notes = next();
            }
            for a in plan
                .assets
                .iter_mut()
                .map(std::sync::Arc::make_mut)
                .take(12)
            {
                a.name = next();
                a.notes = next();
                a.source.insert(&next(), &next());
                a.remediation.issues.push(ferry::model::Issue {
                    text: next(),
                    resolved: false,
                });
            }
            for l in &mut plan.log {
                l.text = next();
            }
            plan.log.push(LogEntry {
                id: "lg-prop".into(),
                text: next(),
                ..LogEntry::default()
            });
            plan
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn any_plan_survives_save_and_load(plan in plan()) {
        let text = ferry::storage::to_string(&plan);
        let loaded = ferry::storage::parse(&text, Path::new("prop.ron")).expect("loads");
        prop_assert_eq!(&loaded, &plan);
        prop_assert_eq!(ferry::storage::to_string(&loaded), text, "same plan, same bytes");
    }

    #[test]
    fn undoing_every_edit_gives_back_the_original(
        plan in plan(),
        steps in proptest::collection::vec((0u8..10, any::<usize>(), any::<usize>(), text()), 1..30),
    ) {
        let original = plan.clone();
        let mut plan = plan;
        let mut history = History::default();
        let mut applied = 0;
        for (op, i, j, s) in steps {
            if let Some(edit) = random_edit(&plan, op, i, j, s) {
                history.apply(&mut plan, edit, "step", None).expect("a built edit applies");
                applied += 1;
            }
        }
        let edited = plan.clone();
        for _ in 0..applied {
            prop_assert!(history.undo(&mut plan).is_some());
        }
        prop_assert_eq!(&plan, &original);
        prop_assert!(history.undo(&mut plan).is_none());
        for _ in 0..applied {
            prop_assert!(history.redo(&mut plan).is_some());
        }
        prop_assert_eq!(&plan, &edited);
    }
}

/// An edit of the kind the app makes, picked by `op`, aimed by `i` and `j`.
fn random_edit(plan: &Plan, op: u8, i: usize, j: usize, s: String) -> Option<Edit> {
    let asset = (!plan.assets.is_empty()).then(|| &plan.assets[i % plan.assets.len()]);
    let party = (!plan.parties.is_empty()).then(|| &plan.parties[j % plan.parties.len()]);
    let workload = (!plan.workloads.is_empty()).then(|| &plan.workloads[i % plan.workloads.len()]);
    Some(match op {
        0 => Edit::SetPlanName(s),
        1 => {
            let mut a = ferry::model::Asset::clone(asset?);
            a.name = s;
            Edit::Put(Item::Asset(a.into()))
        }
        2 => {
            let mut a = ferry::model::Asset::clone(asset?);
            a.replication.status = ReplicationStatus::ALL[j % ReplicationStatus::ALL.len()];
            Edit::Put(Item::Asset(a.into()))
        }
        3 => Change::RemoveAsset(asset?.id.clone()).edit(plan)?,
        4 => Edit::Put(Item::Party(Party::new(s, PartyKind::Person, Role::Other))),
        5 => Change::RemoveParty(party?.id.clone()).edit(plan)?,
        6 => {
            let kind = ActivityKind::ALL[j % ActivityKind::ALL.len()];
            let letter = [
                None,
                Some(Raci::Responsible),
                Some(Raci::Accountable),
                Some(Raci::Informed),
            ][i % 4];
            let cell = WorkloadChange::Raci(kind, party?.id.clone(), letter);
            Change::workload(&workload?.id, cell).edit(plan)?
        }
        7 => Edit::Insert(
            i % (plan.workloads.len() + 1),
            Item::Workload(Workload::new(s)),
        ),
        8 => Change::RemoveWorkload(workload?.id.clone()).edit(plan)?,
        _ => {
            let mut a = ferry::model::Asset::clone(asset?);
            a.source.insert(&s, &format!("{j}"));
            Edit::Put(Item::Asset(a.into()))
        }
    })
}
