//! Unit tests of the three-way merge: each kind of item and field, every
//! kind of conflict, both sides adding, deleting and reordering.

use super::*;
use crate::model::{
    ActivityKind, AssetKind, Criticality, PartyKind, Phase, PromotionModel, ReplicationStatus,
    Role, Staging,
};

const TODAY: &str = "2025-06-01";

fn merged(base: &Plan, ours: &Plan, theirs: &Plan) -> Merged {
    merge_with(
        base,
        ours,
        theirs,
        &Options {
            today: TODAY.to_owned(),
            questions: true,
            ..Default::default()
        },
    )
}

fn party(id: &str, name: &str) -> Party {
    Party {
        id: id.into(),
        name: name.into(),
        kind: PartyKind::Person,
        role: Role::Other,
        contact: String::new(),
    }
}

fn asset(id: &str, name: &str, workload: Option<&str>) -> Asset {
    Asset {
        id: id.into(),
        name: name.into(),
        kind: AssetKind::VirtualMachine,
        workload: workload.map(str::to_owned),
        ..Asset::default()
    }
}

/// A small plan: three parties, ERP with a RACI grid, three assets, a log
/// entry and two waves.
fn base() -> Plan {
    let mut plan = Plan::named("Contoso");
    plan.parties = vec![
        party("pt-team", "Cloud adoption team"),
        party("pt-dana", "Dana Lee"),
        party("pt-ravi", "Ravi Patel"),
    ];
    let mut erp = Workload {
        id: "wl-erp".into(),
        name: "ERP".into(),
        ..Workload::default()
    };
    for activity in &mut erp.activities {
        activity.raci.insert("pt-team".into(), Raci::Accountable);
        activity.raci.insert("pt-ravi".into(), Raci::Responsible);
    }
    erp.activity_mut(ActivityKind::Staging)
        .raci
        .insert("pt-dana".into(), Raci::Consulted);
    let crm = Workload {
        id: "wl-crm".into(),
        name: "CRM".into(),
        ..Workload::default()
    };
    plan.workloads = vec![erp, crm];
    let mut web = asset("as-web", "erp-web-01", Some("wl-erp"));
    web.depends_on = vec!["as-db".into()];
    web.source.insert("os", "Windows Server 2016");
    web.remediation.issues.push(Issue {
        text: "Unsupported OS".into(),
        resolved: false,
    });
    let db = asset("as-db", "erp-db-01", Some("wl-erp"));
    let files = asset("as-files", "erp-files-01", None);
    plan.assets = vec![web, db, files]
        .into_iter()
        .map(std::sync::Arc::new)
        .collect();
    plan.log = vec![LogEntry {
        id: "lg-1".into(),
        text: "Replicate with Azure Migrate".into(),
        date: "2025-05-01".into(),
        ..LogEntry::default()
    }];
    plan.waves = vec![
        Wave {
            name: "Wave 1".into(),
            ..Wave::default()
        },
        Wave {
            name: "Wave 2".into(),
            ..Wave::default()
        },
    ];
    plan
}

fn asset_mut<'a>(plan: &'a mut Plan, id: &str) -> &'a mut Asset {
    plan.assets
        .iter_mut()
        .map(std::sync::Arc::make_mut)
        .find(|a| a.id == id)
        .expect("asset in the plan")
}

fn workload_mut<'a>(plan: &'a mut Plan, id: &str) -> &'a mut Workload {
    plan.workloads
        .iter_mut()
        .find(|w| w.id == id)
        .expect("workload in the plan")
}

fn raci(plan: &Plan, workload: &str, kind: ActivityKind, party: &str) -> Option<Raci> {
    plan.workload(workload)?
        .activity(kind)?
        .raci
        .get(party)
        .copied()
}

fn ids<T>(items: &[T], id: impl Fn(&T) -> &str) -> Vec<String> {
    items.iter().map(|x| id(x).to_owned()).collect()
}

fn questions(plan: &Plan) -> Vec<&LogEntry> {
    plan.log
        .iter()
        .filter(|l| l.kind == LogKind::Question && l.status == LogStatus::Open)
        .collect()
}

#[test]
fn nothing_to_merge_gives_the_changed_side_back() {
    let base = base();
    let mut x = base.clone();
    asset_mut(&mut x, "as-web").notes = "x".into();
    x.workloads.insert(0, Workload::new("Inserted first"));
    for (ours, theirs) in [(&x, &x), (&x, &base), (&base, &x)] {
        let m = merged(&base, ours, theirs);
        assert_eq!(m.plan, x);
        assert!(m.is_clean());
    }
    let m = merged(&base, &base, &base);
    assert_eq!(m.plan, base);
    assert_eq!((m.changes_from_ours, m.changes_from_theirs), (0, 0));
}

#[test]
fn different_fields_of_one_asset_merge_cleanly() {
    let base = base();
    let mut ours = base.clone();
    asset_mut(&mut ours, "as-web").replication.status = ReplicationStatus::Verified;
    let mut theirs = base.clone();
    asset_mut(&mut theirs, "as-web").notes = "Patched".into();
    asset_mut(&mut theirs, "as-db").kind = AssetKind::Database;
    let m = merged(&base, &ours, &theirs);
    assert!(m.is_clean(), "{:?}", m.conflicts);
    let web = m.plan.asset("as-web").expect("web");
    assert_eq!(web.replication.status, ReplicationStatus::Verified);
    assert_eq!(web.notes, "Patched");
    assert_eq!(m.plan.asset("as-db").expect("db").kind, AssetKind::Database);
    assert_eq!(m.plan.log, base.log, "no question when clean");
    assert_eq!((m.changes_from_ours, m.changes_from_theirs), (1, 2));
}

#[test]
fn the_same_change_on_both_sides_is_no_conflict() {
    let base = base();
    let mut ours = base.clone();
    asset_mut(&mut ours, "as-web").staging = Staging::Staged;
    ours.name = "Renamed".into();
    let mut theirs = ours.clone();
    theirs.log.push(LogEntry {
        id: "lg-t".into(),
        ..LogEntry::default()
    });
    let m = merged(&base, &ours, &theirs);
    assert!(m.is_clean());
    assert_eq!(m.plan.name, "Renamed");
    assert_eq!(
        m.plan.asset("as-web").expect("web").staging,
        Staging::Staged
    );
}

#[test]
fn one_field_changed_two_ways_keeps_ours_and_asks() {
    let base = base();
    let mut ours = base.clone();
    asset_mut(&mut ours, "as-web").replication.status = ReplicationStatus::Verified;
    let mut theirs = base.clone();
    asset_mut(&mut theirs, "as-web").replication.status = ReplicationStatus::Failed;
    let m = merged(&base, &ours, &theirs);
    assert_eq!(m.conflicts.len(), 1);
    let c = &m.conflicts[0];
    assert_eq!(c.kind, ConflictKind::BothChanged);
    assert_eq!(c.subject, "erp-web-01");
    assert_eq!(c.subject_id.as_deref(), Some("as-web"));
    assert_eq!(c.field, "replication");
    assert_eq!((c.ours.as_str(), c.theirs.as_str()), ("Verified", "Failed"));
    assert_eq!(c.kept, Side::Ours);
    assert_eq!(
        c.describe(),
        "erp-web-01, replication: ours Verified, theirs Failed; kept ours"
    );
    assert_eq!(
        m.plan.asset("as-web").expect("web").replication.status,
        ReplicationStatus::Verified
    );
    let q = questions(&m.plan);
    assert_eq!(q.len(), 1);
    assert_eq!(q[0].about.as_deref(), Some("as-web"));
    assert_eq!(q[0].date, TODAY);
    assert_eq!(Some(&q[0].id), c.question_id.as_ref());
    assert!(q[0].text.contains("Verified") && q[0].text.contains("Failed"));
    assert_eq!(m.plan.format, 2, "a question about something is format 2");
    assert!(!m.is_clean());
}

#[test]
fn the_same_merge_gives_the_same_bytes() {
    let base = base();
    let mut ours = base.clone();
    asset_mut(&mut ours, "as-web").notes = "a".into();
    let mut theirs = base.clone();
    asset_mut(&mut theirs, "as-web").notes = "b".into();
    let one = merged(&base, &ours, &theirs);
    let two = merged(&base, &ours, &theirs);
    assert_eq!(
        crate::storage::to_string(&one.plan),
        crate::storage::to_string(&two.plan)
    );
}

#[test]
fn edited_on_one_side_and_deleted_on_the_other_keeps_the_edit() {
    let base = base();
    let mut edited = base.clone();
    asset_mut(&mut edited, "as-files").notes = "Still needed".into();
    let mut deleted = base.clone();
    deleted.assets.retain(|a| a.id != "as-files");

    let m = merged(&base, &edited, &deleted);
    assert_eq!(m.conflicts.len(), 1);
    assert_eq!(m.conflicts[0].kind, ConflictKind::EditedAndDeleted);
    assert_eq!(m.conflicts[0].kept, Side::Ours);
    assert_eq!(m.conflicts[0].subject, "erp-files-01");
    assert_eq!(
        (m.conflicts[0].ours.as_str(), m.conflicts[0].theirs.as_str()),
        (
            "edited (erp-files-01: notes (none) → 'Still needed')",
            "deleted"
        )
    );
    assert_eq!(
        m.plan.asset("as-files").expect("kept").notes,
        "Still needed"
    );

    let m = merged(&base, &deleted, &edited);
    assert_eq!(m.conflicts.len(), 1);
    assert_eq!(m.conflicts[0].kept, Side::Theirs);
    assert_eq!(
        m.plan.asset("as-files").expect("kept").notes,
        "Still needed"
    );
}

#[test]
fn a_deletion_against_an_untouched_item_deletes_it() {
    let base = base();
    let mut ours = base.clone();
    ours.assets.retain(|a| a.id != "as-files");
    ours.log.clear();
    let mut theirs = base.clone();
    asset_mut(&mut theirs, "as-web").notes = "x".into();
    let m = merged(&base, &ours, &theirs);
    assert!(m.is_clean(), "{:?}", m.conflicts);
    assert!(m.plan.asset("as-files").is_none());
    assert!(m.plan.log.is_empty());
    assert_eq!(m.plan.asset("as-web").expect("web").notes, "x");
}

#[test]
fn additions_on_both_sides_are_kept_base_then_ours_then_theirs() {
    let base = base();
    let entry = |id: &str| LogEntry {
        id: id.into(),
        text: id.into(),
        ..LogEntry::default()
    };
    let mut ours = base.clone();
    ours.log.push(entry("lg-o1"));
    ours.log.push(entry("lg-o2"));
    ours.assets
        .push(std::sync::Arc::new(asset("as-o", "ours-01", None)));
    let mut theirs = base.clone();
    theirs.log.push(entry("lg-t1"));
    theirs
        .assets
        .insert(0, std::sync::Arc::new(asset("as-t", "theirs-01", None)));
    let m = merged(&base, &ours, &theirs);
    assert!(m.is_clean());
    assert_eq!(
        ids(&m.plan.log, |l| &l.id),
        ["lg-1", "lg-o1", "lg-o2", "lg-t1"]
    );
    // An addition stays after the item it follows on its side.
    assert_eq!(
        ids(&m.plan.assets, |a| &a.id),
        ["as-t", "as-web", "as-db", "as-files", "as-o"]
    );
}

#[test]
fn a_reordering_on_one_side_is_kept_with_the_other_sides_changes() {
    let base = base();
    let mut ours = base.clone();
    ours.assets.reverse();
    let mut theirs = base.clone();
    asset_mut(&mut theirs, "as-db").notes = "x".into();
    theirs
        .assets
        .push(std::sync::Arc::new(asset("as-new", "new-01", None)));
    theirs.waves.reverse();
    let mut other = base.clone();
    other.waves.push(Wave {
        name: "Wave 3".into(),
        ..Wave::default()
    });
    let m = merged(&base, &ours, &theirs);
    assert!(m.is_clean());
    assert_eq!(
        ids(&m.plan.assets, |a| &a.id),
        ["as-files", "as-db", "as-web", "as-new"]
    );
    assert_eq!(m.plan.asset("as-db").expect("db").notes, "x");
    // Only theirs reordered the waves: their order, with ours' addition.
    let m = merged(&base, &other, &theirs);
    assert_eq!(
        ids(&m.plan.waves, |w| &w.name),
        ["Wave 2", "Wave 1", "Wave 3"]
    );
}

#[test]
fn waves_reordered_two_ways_are_a_conflict() {
    let base = {
        let mut b = base();
        b.waves.push(Wave {
            name: "Wave 3".into(),
            ..Wave::default()
        });
        b
    };
    let mut ours = base.clone();
    ours.waves.swap(0, 1);
    let mut theirs = base.clone();
    theirs.waves.swap(1, 2);
    let m = merged(&base, &ours, &theirs);
    assert_eq!(m.conflicts.len(), 1, "{:?}", m.conflicts);
    assert_eq!(m.conflicts[0].kind, ConflictKind::Order);
    assert_eq!(
        ids(&m.plan.waves, |w| &w.name),
        ["Wave 2", "Wave 1", "Wave 3"]
    );
}

#[test]
fn waves_merge_by_name_and_field() {
    let base = base();
    let mut ours = base.clone();
    ours.waves[0].start = Some("2025-07-01".into());
    let mut theirs = base.clone();
    theirs.waves[0].end = Some("2025-07-31".into());
    theirs.waves[1].start = Some("2025-08-01".into());
    let mut conflicting = base.clone();
    conflicting.waves[0].start = Some("2025-07-15".into());
    let m = merged(&base, &ours, &theirs);
    assert!(m.is_clean());
    assert_eq!(m.plan.waves[0].start.as_deref(), Some("2025-07-01"));
    assert_eq!(m.plan.waves[0].end.as_deref(), Some("2025-07-31"));
    assert_eq!(m.plan.waves[1].start.as_deref(), Some("2025-08-01"));
    let m = merged(&base, &ours, &conflicting);
    assert_eq!(m.conflicts.len(), 1);
    assert_eq!(m.conflicts[0].subject, "wave Wave 1");
    assert_eq!(m.conflicts[0].field, "start");
    assert_eq!(m.conflicts[0].subject_id, None);
    assert_eq!(questions(&m.plan)[0].about, None);
}

#[test]
fn raci_cells_merge_per_party() {
    let base = base();
    let mut ours = base.clone();
    workload_mut(&mut ours, "wl-erp")
        .activity_mut(ActivityKind::Staging)
        .raci
        .insert("pt-dana".into(), Raci::Informed);
    let mut theirs = base.clone();
    workload_mut(&mut theirs, "wl-erp")
        .activity_mut(ActivityKind::Replication)
        .raci
        .insert("pt-dana".into(), Raci::Consulted);
    workload_mut(&mut theirs, "wl-erp").criticality = Criticality::High;
    let m = merged(&base, &ours, &theirs);
    assert!(m.is_clean(), "{:?}", m.conflicts);
    let p = &m.plan;
    assert_eq!(
        raci(p, "wl-erp", ActivityKind::Staging, "pt-dana"),
        Some(Raci::Informed)
    );
    assert_eq!(
        raci(p, "wl-erp", ActivityKind::Replication, "pt-dana"),
        Some(Raci::Consulted)
    );
    assert_eq!(
        p.workload("wl-erp").expect("erp").criticality,
        Criticality::High
    );

    let mut other = base.clone();
    workload_mut(&mut other, "wl-erp")
        .activity_mut(ActivityKind::Staging)
        .raci
        .remove("pt-dana");
    let m = merged(&base, &ours, &other);
    assert_eq!(m.conflicts.len(), 1);
    let c = &m.conflicts[0];
    assert_eq!(c.subject, "ERP › Staging");
    assert_eq!(c.subject_id.as_deref(), Some("wl-erp"));
    assert_eq!(c.field, "RACI of Dana Lee");
    assert_eq!((c.ours.as_str(), c.theirs.as_str()), ("Informed", "(none)"));
    assert_eq!(questions(&m.plan)[0].about.as_deref(), Some("wl-erp"));
}

#[test]
fn two_new_accountables_keep_ours() {
    let base = base();
    let mut ours = base.clone();
    let staging = workload_mut(&mut ours, "wl-erp").activity_mut(ActivityKind::Staging);
    staging.raci.insert("pt-team".into(), Raci::Responsible);
    staging.raci.insert("pt-dana".into(), Raci::Accountable);
    let mut theirs = base.clone();
    let staging = workload_mut(&mut theirs, "wl-erp").activity_mut(ActivityKind::Staging);
    staging.raci.insert("pt-team".into(), Raci::Informed);
    staging.raci.insert("pt-ravi".into(), Raci::Accountable);
    let m = merged(&base, &ours, &theirs);
    let kinds: Vec<ConflictKind> = m.conflicts.iter().map(|c| c.kind).collect();
    assert_eq!(
        kinds,
        [ConflictKind::BothChanged, ConflictKind::TwoAccountable],
        "{:?}",
        m.conflicts
    );
    let two = &m.conflicts[1];
    assert_eq!(
        (two.ours.as_str(), two.theirs.as_str()),
        ("Dana Lee", "Ravi Patel")
    );
    let staging = m
        .plan
        .workload("wl-erp")
        .and_then(|w| w.activity(ActivityKind::Staging))
        .expect("staging");
    assert_eq!(staging.count(Raci::Accountable), 1);
    assert_eq!(staging.raci.get("pt-dana"), Some(&Raci::Accountable));
    assert_eq!(staging.raci.get("pt-ravi"), Some(&Raci::Responsible));
    assert!(m.new_problems.is_empty(), "{:?}", m.new_problems);
}

#[test]
fn dependencies_merge_as_sets() {
    let base = base();
    let mut ours = base.clone();
    asset_mut(&mut ours, "as-web")
        .depends_on
        .push("as-files".into());
    let mut theirs = base.clone();
    let web = asset_mut(&mut theirs, "as-web");
    web.depends_on.clear();
    theirs.assets.push(std::sync::Arc::new(asset(
        "as-cache",
        "erp-cache-01",
        Some("wl-erp"),
    )));
    asset_mut(&mut theirs, "as-web")
        .depends_on
        .push("as-cache".into());
    let m = merged(&base, &ours, &theirs);
    assert!(m.is_clean(), "{:?}", m.conflicts);
    assert_eq!(
        m.plan.asset("as-web").expect("web").depends_on,
        ["as-files", "as-cache"]
    );
}

#[test]
fn a_cycle_made_by_the_two_sides_is_a_conflict() {
    let base = base();
    let mut ours = base.clone();
    asset_mut(&mut ours, "as-db")
        .depends_on
        .push("as-files".into());
    let mut theirs = base.clone();
    asset_mut(&mut theirs, "as-files")
        .depends_on
        .push("as-web".into());
    let m = merged(&base, &ours, &theirs);
    assert_eq!(m.conflicts.len(), 1, "{:?}", m.conflicts);
    let c = &m.conflicts[0];
    assert_eq!(c.kind, ConflictKind::DependencyCycle);
    assert_eq!(c.subject, "erp-files-01");
    assert!(c.theirs.contains("depends on erp-web-01"), "{}", c.theirs);
    assert!(
        m.plan
            .asset("as-files")
            .expect("files")
            .depends_on
            .is_empty()
    );
    assert_eq!(
        m.plan.asset("as-db").expect("db").depends_on,
        ["as-files"],
        "ours' dependency stays"
    );
    let problems = crate::derive::derive(&m.plan).problems;
    assert!(problems.iter().all(|p| p.code != "dependency-cycle"));
}

#[test]
fn issues_match_by_text() {
    let base = base();
    let mut ours = base.clone();
    asset_mut(&mut ours, "as-web").remediation.issues[0].resolved = true;
    let mut theirs = base.clone();
    std::sync::Arc::make_mut(&mut theirs.assets[0])
        .remediation
        .issues
        .push(Issue {
            text: "Old .NET".into(),
            resolved: false,
        });
    let m = merged(&base, &ours, &theirs);
    assert!(m.is_clean());
    let issues = &m.plan.asset("as-web").expect("web").remediation.issues;
    assert_eq!(
        issues.clone(),
        [
            Issue {
                text: "Unsupported OS".into(),
                resolved: true
            },
            Issue {
                text: "Old .NET".into(),
                resolved: false
            }
        ]
    );
    let mut removed = base.clone();
    asset_mut(&mut removed, "as-web").remediation.issues.clear();
    let m = merged(&base, &ours, &removed);
    assert_eq!(m.conflicts.len(), 1);
    assert_eq!(m.conflicts[0].kind, ConflictKind::EditedAndDeleted);
    assert_eq!(m.conflicts[0].subject, "erp-web-01");
}

#[test]
fn source_facts_and_owners_merge_per_key() {
    let base = base();
    let mut ours = base.clone();
    let web = asset_mut(&mut ours, "as-web");
    web.source.insert("cpus", "4");
    web.owners.insert(ActivityKind::Staging, "pt-dana".into());
    let mut theirs = base.clone();
    let web = asset_mut(&mut theirs, "as-web");
    web.source.insert("os", "Windows Server 2019");
    web.owners
        .insert(ActivityKind::Replication, "pt-ravi".into());
    let m = merged(&base, &ours, &theirs);
    assert!(m.is_clean());
    let web = m.plan.asset("as-web").expect("web");
    assert_eq!(&web.source["cpus"], "4");
    assert_eq!(&web.source["os"], "Windows Server 2019");
    assert_eq!(web.owners.len(), 2);

    let mut other = base.clone();
    asset_mut(&mut other, "as-web")
        .owners
        .insert(ActivityKind::Staging, "pt-ravi".into());
    let m = merged(&base, &ours, &other);
    assert_eq!(m.conflicts.len(), 1);
    assert_eq!(m.conflicts[0].field, "Staging owner");
    assert_eq!(
        (m.conflicts[0].ours.as_str(), m.conflicts[0].theirs.as_str()),
        ("Dana Lee", "Ravi Patel")
    );
}

#[test]
fn checklists_and_the_team_check_merge() {
    let mut base = base();
    let erp = workload_mut(&mut base, "wl-erp");
    erp.checklist.push(ChecklistItem {
        id: "ck-1".into(),
        phase: Phase::Ready,
        text: "Train end users".into(),
        ..ChecklistItem::default()
    });
    erp.remediation_timing_confirmed_by = vec!["pt-team".into()];
    let item = |id: &str, text: &str| ChecklistItem {
        id: id.into(),
        phase: Phase::BusinessTesting,
        text: text.into(),
        ..ChecklistItem::default()
    };
    let mut ours = base.clone();
    let erp = workload_mut(&mut ours, "wl-erp");
    erp.checklist[0].done = true;
    erp.checklist.push(item("ck-o", "Identify power users"));
    erp.remediation_timing_confirmed_by.push("pt-dana".into());
    let mut theirs = base.clone();
    let erp = workload_mut(&mut theirs, "wl-erp");
    erp.checklist[0].owner = Some("pt-ravi".into());
    erp.checklist.push(item("ck-t", "Identify power users"));
    erp.checklist.push(item("ck-t2", "Record feedback"));
    erp.remediation_timing_confirmed_by = vec!["pt-ravi".into()];
    let m = merged(&base, &ours, &theirs);
    assert!(m.is_clean(), "{:?}", m.conflicts);
    let erp = m.plan.workload("wl-erp").expect("erp");
    assert_eq!(ids(&erp.checklist, |c| &c.id), ["ck-1", "ck-o", "ck-t2"]);
    assert!(erp.checklist[0].done);
    assert_eq!(erp.checklist[0].owner.as_deref(), Some("pt-ravi"));
    assert_eq!(erp.remediation_timing_confirmed_by, ["pt-dana", "pt-ravi"]);

    let mut other = base.clone();
    workload_mut(&mut other, "wl-erp").checklist[0].done = false;
    workload_mut(&mut other, "wl-erp").checklist[0].note = "n".into();
    let mut undone = ours.clone();
    workload_mut(&mut undone, "wl-erp").checklist[0].note = "m".into();
    let m = merged(&base, &undone, &other);
    assert_eq!(m.conflicts.len(), 1);
    assert_eq!(m.conflicts[0].subject, "ERP › checklist 'Train end users'");
    assert_eq!(m.conflicts[0].field, "note");
}

#[test]
fn workload_party_and_log_fields_merge() {
    let base = base();
    let mut ours = base.clone();
    workload_mut(&mut ours, "wl-erp").promotion_model = PromotionModel::Staged;
    ours.parties[1].contact = "dana@contoso.example".into();
    ours.log[0].status = LogStatus::Done;
    let mut theirs = base.clone();
    workload_mut(&mut theirs, "wl-erp").business_owner = Some("pt-dana".into());
    theirs.parties[1].role = Role::BusinessOwner;
    theirs.log[0].owner = Some("pt-team".into());
    theirs.bandwidth_mbps = Some(500);
    let m = merged(&base, &ours, &theirs);
    assert!(m.is_clean(), "{:?}", m.conflicts);
    let erp = m.plan.workload("wl-erp").expect("erp");
    assert_eq!(erp.promotion_model, PromotionModel::Staged);
    assert_eq!(erp.business_owner.as_deref(), Some("pt-dana"));
    assert_eq!(m.plan.parties[1].contact, "dana@contoso.example");
    assert_eq!(m.plan.parties[1].role, Role::BusinessOwner);
    assert_eq!(m.plan.log[0].status, LogStatus::Done);
    assert_eq!(m.plan.log[0].owner.as_deref(), Some("pt-team"));
    assert_eq!(m.plan.bandwidth_mbps, Some(500));
    assert_eq!(m.plan.format, 2);

    let mut names = base.clone();
    names.name = "Theirs".into();
    names.bandwidth_mbps = Some(100);
    ours.name = "Ours".into();
    ours.bandwidth_mbps = Some(200);
    let m = merged(&base, &ours, &names);
    let fields: Vec<(&str, &str)> = m
        .conflicts
        .iter()
        .map(|c| (c.subject.as_str(), c.field.as_str()))
        .collect();
    assert_eq!(fields, [("plan", "name"), ("plan", "bandwidth")]);
    assert_eq!(m.plan.name, "Ours");
    assert_eq!(m.conflicts[1].theirs, "100 Mbps");
}

#[test]
fn a_deleted_party_that_the_other_side_now_uses_is_kept() {
    let base = base();
    let mut ours = base.clone();
    let removal = crate::change::Change::RemoveParty("pt-dana".into())
        .edit(&ours)
        .expect("a removal");
    crate::edit::apply(&mut ours, removal).expect("removes");
    let mut theirs = base.clone();
    workload_mut(&mut theirs, "wl-crm")
        .activity_mut(ActivityKind::Remediation)
        .raci
        .insert("pt-dana".into(), Raci::Responsible);
    let m = merged(&base, &ours, &theirs);
    assert_eq!(m.conflicts.len(), 1, "{:?}", m.conflicts);
    let c = &m.conflicts[0];
    assert_eq!(c.kind, ConflictKind::DeletedButUsed);
    assert_eq!(c.subject, "Dana Lee");
    assert_eq!(c.kept, Side::Theirs);
    assert!(c.theirs.contains("CRM › Remediation"), "{}", c.theirs);
    assert!(m.plan.party("pt-dana").is_some());
    // Ours' removal of the cells it had is kept.
    assert_eq!(
        raci(&m.plan, "wl-erp", ActivityKind::Staging, "pt-dana"),
        None
    );
    assert!(m.new_problems.is_empty(), "{:?}", m.new_problems);

    // Left alone on the other side, the removal goes through cleanly.
    let mut other = base.clone();
    asset_mut(&mut other, "as-web").notes = "x".into();
    let m = merged(&base, &ours, &other);
    assert!(m.is_clean(), "{:?}", m.conflicts);
    assert!(m.plan.party("pt-dana").is_none());
}

#[test]
fn a_deleted_workload_that_gets_a_new_asset_is_kept() {
    let base = base();
    let mut ours = base.clone();
    let removal = crate::change::Change::RemoveWorkload("wl-crm".into())
        .edit(&ours)
        .expect("a removal");
    crate::edit::apply(&mut ours, removal).expect("removes");
    let mut theirs = base.clone();
    asset_mut(&mut theirs, "as-files").workload = Some("wl-crm".into());
    let m = merged(&base, &ours, &theirs);
    assert_eq!(m.conflicts.len(), 1);
    assert_eq!(m.conflicts[0].kind, ConflictKind::DeletedButUsed);
    assert_eq!(m.conflicts[0].subject, "CRM");
    assert!(m.plan.workload("wl-crm").is_some());
    assert!(m.new_problems.is_empty());
}

#[test]
fn the_same_asset_added_on_both_sides_is_one_asset() {
    let base = base();
    let mut ours = base.clone();
    let mut a = asset("as-ours", "erp-cache-01", Some("wl-erp"));
    a.source.insert("cpus", "2");
    ours.assets.push(std::sync::Arc::new(a));
    let mut theirs = base.clone();
    let mut b = asset("as-theirs", "ERP-CACHE-01", Some("wl-erp"));
    b.source.insert("memory_mib", "4096");
    theirs.assets.push(std::sync::Arc::new(b));
    asset_mut(&mut theirs, "as-web")
        .depends_on
        .push("as-theirs".into());
    let m = merged(&base, &ours, &theirs);
    assert_eq!(m.conflicts.len(), 1, "the names differ: {:?}", m.conflicts);
    assert_eq!(m.conflicts[0].field, "name");
    let cache: Vec<&Asset> = m
        .plan
        .assets
        .iter()
        .filter(|a| a.name.eq_ignore_ascii_case("erp-cache-01"))
        .map(|a| &**a)
        .collect();
    assert_eq!(cache.len(), 1);
    assert_eq!(cache[0].id, "as-ours");
    assert_eq!(cache[0].source.len(), 2);
    assert!(
        m.plan
            .asset("as-web")
            .expect("web")
            .depends_on
            .contains(&"as-ours".to_owned())
    );
}

#[test]
fn a_new_error_neither_side_had_is_listed_and_asked() {
    let mut base = base();
    asset_mut(&mut base, "as-db").replication.status = ReplicationStatus::Verified;
    let mut ours = base.clone();
    asset_mut(&mut ours, "as-db").staging = Staging::Staged;
    let mut theirs = base.clone();
    asset_mut(&mut theirs, "as-db").replication.status = ReplicationStatus::Failed;
    let m = merged(&base, &ours, &theirs);
    assert!(m.conflicts.is_empty());
    let codes: Vec<&str> = m.new_problems.iter().map(|p| p.code).collect();
    assert_eq!(codes, ["staged-before-verified"]);
    assert!(!m.is_clean());
    let q = questions(&m.plan);
    assert_eq!(q.len(), 1);
    assert!(
        q[0].text.contains("staged-before-verified"),
        "{}",
        q[0].text
    );
    assert_eq!(q[0].about.as_deref(), Some("as-db"));
}

#[test]
fn without_a_base_both_sides_are_additions() {
    let empty = Plan::default();
    let mut ours = base();
    let mut theirs = base();
    asset_mut(&mut ours, "as-web").notes = "o".into();
    asset_mut(&mut theirs, "as-web").notes = "t".into();
    theirs
        .assets
        .push(std::sync::Arc::new(asset("as-t", "t-01", None)));
    let m = merged(&empty, &ours, &theirs);
    assert_eq!(m.conflicts.len(), 1);
    assert_eq!(m.conflicts[0].field, "notes");
    assert!(m.plan.asset("as-t").is_some());
    ours.name.clear();
    let m = merged(&empty, &ours, &theirs);
    assert!(
        m.conflicts.iter().all(|c| c.field != "name"),
        "an empty name is the base's, theirs' is taken"
    );
}

#[test]
fn duplicate_ids_are_kept_apart() {
    let mut base = base();
    let mut twin = crate::model::Asset::clone(&base.assets[2]);
    twin.name = "twin".into();
    base.assets.push(std::sync::Arc::new(twin));
    let mut ours = base.clone();
    std::sync::Arc::make_mut(&mut ours.assets[3]).notes = "the twin".into();
    let mut theirs = base.clone();
    std::sync::Arc::make_mut(&mut theirs.assets[2]).notes = "the first".into();
    let m = merged(&base, &ours, &theirs);
    assert!(m.conflicts.is_empty(), "{:?}", m.conflicts);
    assert_eq!(m.plan.assets[2].notes, "the first");
    assert_eq!(m.plan.assets[3].notes, "the twin");
}

#[test]
fn questions_can_be_left_out() {
    let base = base();
    let mut ours = base.clone();
    ours.name = "a".into();
    let mut theirs = base.clone();
    theirs.name = "b".into();
    let m = merge_with(
        &base,
        &ours,
        &theirs,
        &Options {
            today: TODAY.into(),
            questions: false,
            ..Default::default()
        },
    );
    assert_eq!(m.conflicts.len(), 1);
    assert_eq!(m.conflicts[0].question_id, None);
    assert_eq!(m.plan.log, base.log);
}

#[path = "decided_tests.rs"]
mod decided;

#[path = "format3_tests.rs"]
mod format3;
