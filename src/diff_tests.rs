use super::*;
use crate::model::{
    Issue, LogKind, Party, PartyKind, Raci, ReplicationStatus, Role, Staging, Wave,
};

fn example() -> Plan {
    crate::example::example_plan()
}

fn texts(changes: &[Change]) -> Vec<String> {
    changes.iter().map(|c| c.text.clone()).collect()
}

fn workload_id(plan: &Plan, name: &str) -> String {
    plan.workloads
        .iter()
        .find(|w| w.name == name)
        .map(|w| w.id.clone())
        .expect("workload")
}

fn party_id(plan: &Plan, name: &str) -> String {
    plan.parties
        .iter()
        .find(|p| p.name == name)
        .map(|p| p.id.clone())
        .expect("party")
}

#[test]
fn the_same_plan_has_no_changes() {
    let plan = example();
    assert!(diff(&plan, &plan).is_empty());
    assert_eq!(render(&[]), "no differences\n");
}

#[test]
fn a_raci_cell_reads_by_names() {
    let old = example();
    let mut new = old.clone();
    let erp = workload_id(&new, "ERP");
    let dana = party_id(&new, "Dana Lee");
    let w = new.workloads.iter_mut().find(|w| w.id == erp).expect("erp");
    let before = w
        .activity_mut(ActivityKind::Staging)
        .raci
        .get(&dana)
        .copied();
    w.activity_mut(ActivityKind::Staging)
        .raci
        .insert(dana.clone(), Raci::Responsible);
    let changes = diff(&old, &new);
    assert_eq!(changes.len(), 1, "{changes:?}");
    let expected = match before {
        Some(letter) => format!("ERP › Staging: Dana Lee {letter:?} → Responsible"),
        None => "ERP › Staging: Dana Lee (none) → Responsible".to_owned(),
    };
    assert_eq!(changes[0].text, expected);
    assert_eq!(changes[0].group, "ERP");
    assert_eq!(changes[0].subject_id.as_deref(), Some(erp.as_str()));
}

#[test]
fn asset_changes_are_grouped_by_their_workload() {
    let old = example();
    let mut new = old.clone();
    let erp = workload_id(&new, "ERP");
    let i = new
        .assets
        .iter()
        .position(|a| a.workload.as_deref() == Some(erp.as_str()))
        .expect("an ERP asset");
    std::sync::Arc::make_mut(&mut new.assets[i])
        .replication
        .status = ReplicationStatus::Replicating;
    let mut old = old;
    std::sync::Arc::make_mut(&mut old.assets[i])
        .replication
        .status = ReplicationStatus::Verified;
    std::sync::Arc::make_mut(&mut new.assets[i])
        .remediation
        .issues
        .push(Issue {
            text: "Unsupported OS".into(),
            resolved: false,
        });
    let mut cache = Asset::new("erp-cache-01", crate::model::AssetKind::VirtualMachine);
    cache.workload = Some(erp.clone());
    cache.notes = "not listed on its own".into();
    new.assets.push(std::sync::Arc::new(cache));
    let name = new.assets[i].name.clone();
    let changes = diff(&old, &new);
    assert_eq!(
        texts(&changes),
        [
            format!("{name}: new issue 'Unsupported OS'"),
            format!("{name}: replication Verified → Replicating"),
            "added asset erp-cache-01 to ERP".to_owned(),
        ]
    );
    assert!(changes.iter().all(|c| c.group == "ERP"));
}

#[test]
fn log_parties_waves_and_plan() {
    let old = example();
    let mut new = old.clone();
    let team = party_id(&new, "Cloud adoption team");
    new.log.push(LogEntry {
        id: "lg-new".into(),
        kind: LogKind::Decision,
        text: "Remediate in a factory".into(),
        owner: Some(team),
        ..LogEntry::default()
    });
    new.parties.push(Party {
        id: "pt-new".into(),
        name: "Kenji Sato".into(),
        kind: PartyKind::Person,
        role: Role::Vendor,
        contact: String::new(),
    });
    new.waves.push(Wave {
        name: "Wave 9".into(),
        ..Wave::default()
    });
    new.name = "Renamed".into();
    new.bandwidth_mbps = Some(500);
    let changes = diff(&old, &new);
    let texts = texts(&changes);
    assert_eq!(
        texts,
        [
            format!("plan: name {} → 'Renamed'", quoted(&old.name)),
            "plan: bandwidth (none) → 500 Mbps".to_owned(),
            "added party Kenji Sato (Person, Vendor)".to_owned(),
            "added wave Wave 9".to_owned(),
            "log: new Decision 'Remediate in a factory' (owner Cloud adoption team)".to_owned(),
        ]
    );
    let rendered = render(&changes);
    assert!(rendered.starts_with("Plan\n  plan: name"), "{rendered}");
    assert!(
        rendered.contains("\nLog\n  log: new Decision"),
        "{rendered}"
    );
}

#[test]
fn removals_and_renames() {
    let mut old = Plan::named("p");
    let mut erp = Workload::new("ERP");
    erp.id = "wl-erp".into();
    old.workloads.push(erp);
    let mut gone = Asset::new("erp-old-01", crate::model::AssetKind::Database);
    gone.workload = Some("wl-erp".into());
    gone.notes = "not listed on its own".into();
    let kept = Asset::new("erp-web-01", crate::model::AssetKind::VirtualMachine);
    old.assets = vec![gone, kept]
        .into_iter()
        .map(std::sync::Arc::new)
        .collect();
    old.log.push(LogEntry {
        id: "lg-1".into(),
        kind: LogKind::Risk,
        text: "Licences".into(),
        ..LogEntry::default()
    });
    let mut new = old.clone();
    new.assets.remove(0);
    std::sync::Arc::make_mut(&mut new.assets[0]).name = "erp-web-02".into();
    new.log[0].text = "Licences expire".into();
    new.workloads[0].name = "Finance".into();
    assert_eq!(
        texts(&diff(&old, &new)),
        [
            "renamed workload ERP → Finance",
            "removed asset erp-old-01 from ERP",
            "renamed asset erp-web-01 → erp-web-02",
            "log: text 'Licences' → 'Licences expire'",
        ]
    );
    new.log.clear();
    assert!(texts(&diff(&old, &new)).contains(&"log: removed Risk 'Licences'".to_owned()));
}

#[test]
fn a_new_dependency_and_staging_read_in_words() {
    let mut old = Plan::named("p");
    let mut a = Asset::new("a", crate::model::AssetKind::Database);
    let b = Asset::new("b", crate::model::AssetKind::Database);
    a.notes = "line one\nline two".into();
    old.assets = vec![a.clone(), b.clone()]
        .into_iter()
        .map(std::sync::Arc::new)
        .collect();
    let mut new = old.clone();
    std::sync::Arc::make_mut(&mut new.assets[0])
        .depends_on
        .push(b.id.clone());
    std::sync::Arc::make_mut(&mut new.assets[0]).staging = Staging::Staged;
    std::sync::Arc::make_mut(&mut new.assets[0]).notes.clear();
    assert_eq!(
        texts(&diff(&old, &new)),
        [
            "a: staging Not staged → Staged",
            "a: now depends on b",
            "a: notes 'line one\\nline two' → (none)",
        ]
    );
    assert_eq!(
        texts(&diff(&new, &old)),
        [
            "a: staging Staged → Not staged",
            "a: notes (none) → 'line one\\nline two'",
            "a: no longer depends on b",
        ]
    );
}

#[test]
fn the_listing_is_one_fact_a_line_and_stable() {
    let plan = example();
    let text = listing(&plan);
    assert_eq!(text, listing(&plan.clone()));
    assert!(text.starts_with("## Plan\nplan: name "), "{text}");
    assert!(text.contains("\n## ERP\nworkload ERP\n"), "{text}");
    assert!(text.contains("\n## Parties\nparty Cloud adoption team\n"));
    assert!(
        text.lines().all(|l| !l.is_empty()),
        "no empty lines: a fact per line"
    );
    // One edit, one changed line.
    let mut edited = plan.clone();
    std::sync::Arc::make_mut(&mut edited.assets[0]).notes = "checked".into();
    let old: HashSet<&str> = text.lines().collect();
    let new_text = listing(&edited);
    let changed: Vec<&str> = new_text.lines().filter(|l| !old.contains(l)).collect();
    assert_eq!(changed.len(), 1, "{changed:?}");
    assert!(changed[0].ends_with("notes 'checked'"), "{changed:?}");
}

#[test]
fn items_without_a_name_show_their_id() {
    let mut old = Plan::named("p");
    old.assets.push(std::sync::Arc::new(Asset {
        id: "as-anon".into(),
        ..Asset::default()
    }));
    let new = Plan::named("p");
    assert_eq!(
        texts(&diff(&old, &new)),
        ["removed asset as-anon from the inventory"]
    );
}

#[test]
fn duplicate_ids_do_not_hide_changes() {
    let mut old = Plan::named("p");
    let a = Asset::new("a", crate::model::AssetKind::Database);
    let mut twin = a.clone();
    twin.name = "twin".into();
    old.assets = vec![a, twin].into_iter().map(std::sync::Arc::new).collect();
    let mut new = old.clone();
    std::sync::Arc::make_mut(&mut new.assets[1]).notes = "x".into();
    assert_eq!(texts(&diff(&old, &new)), ["twin: notes (none) → 'x'"]);
}

/// Format 3 in words: each new field says what it is, and its default
/// reads as a value, not as "(none)".
#[test]
fn format_three_fields_read_in_words() {
    use crate::model::{Environment, ReplicationTool, WaveLimits};
    let old = example();
    let mut new = old.clone();
    let hr = workload_id(&new, "HR");
    let adoption = party_id(&new, "Cloud adoption team");
    let w = new.workloads.iter_mut().find(|w| w.id == hr).expect("hr");
    w.environment = Environment::NonProduction;
    w.wave_pinned = true;
    w.activity_mut(ActivityKind::Promotion)
        .raci
        .insert(adoption, Raci::Accountable);
    let db = new
        .assets
        .iter_mut()
        .find(|a| a.kind == crate::model::AssetKind::Database)
        .expect("a database");
    let db_name = db.name.clone();
    std::sync::Arc::make_mut(db).data_sync = Some(ReplicationTool::DatabaseMigrationService);
    new.wave_limits = WaveLimits {
        assets: Some(200),
        replication_hours: None,
    };
    let changes = texts(&diff(&old, &new));
    for expected in [
        "plan: wave limit (assets) none → 200 assets".to_owned(),
        "HR: pinned to its wave".to_owned(),
        "HR: environment Unknown → Non-production".to_owned(),
        "HR: Promotion activity added".to_owned(),
        "HR › Promotion: Cloud adoption team (none) → Accountable".to_owned(),
        format!("{db_name}: data sync none → Database Migration Service"),
    ] {
        assert!(changes.contains(&expected), "{expected}\n{changes:#?}");
    }
    assert_eq!(changes.len(), 6, "{changes:#?}");
    let back = texts(&diff(&new, &old));
    for expected in [
        "HR: no longer pinned to its wave".to_owned(),
        "HR: environment Non-production → Unknown".to_owned(),
        "HR: Promotion activity removed".to_owned(),
        format!("{db_name}: data sync Database Migration Service → none"),
    ] {
        assert!(back.contains(&expected), "{expected}\n{back:#?}");
    }
    let listed = listing(&new);
    assert!(listed.contains("\nHR: pinned to its wave\n"), "{listed}");
    assert!(
        listed.contains("\nHR: has a Promotion activity\n"),
        "{listed}"
    );
    assert!(
        !listing(&old).contains("environment"),
        "older plans list as they did"
    );
}
