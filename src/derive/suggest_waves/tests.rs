//! Each rule of suggested waves on its own, and their precedence.

use std::sync::Arc;

use super::*;
use crate::derive::waves::tests::{asset, wave, workload};
use crate::model::{Asset, Criticality, Environment, Strategy, Wave, Workload};

/// A workload with `assets` assets of its own named `{id}-{n}`, the first
/// depending on `deps`.
fn with_assets(plan: &mut Plan, w: Workload, assets: usize, deps: &[&str]) {
    for n in 0..assets {
        let deps = if n == 0 { deps } else { &[][..] };
        plan.assets.push(Arc::new(asset(
            &format!("{}-{}", w.id, n + 1),
            Some(&w.id),
            deps,
        )));
    }
    plan.workloads.push(w);
}

fn critical(mut w: Workload, c: Criticality) -> Workload {
    w.criticality = c;
    w
}

fn pinned(mut w: Workload) -> Workload {
    w.wave_pinned = true;
    w
}

fn in_env(mut w: Workload, e: Environment) -> Workload {
    w.environment = e;
    w
}

/// Workload name → the name of its suggested wave.
fn wave_of(s: &Suggestion, name: &str) -> String {
    s.waves
        .iter()
        .find(|w| w.workloads.iter().any(|p| p.name == name))
        .map(|w| w.name.clone())
        .unwrap_or_else(|| panic!("{name} placed nowhere"))
}

fn reasons(s: &Suggestion, name: &str) -> Vec<String> {
    s.waves
        .iter()
        .flat_map(|w| &w.workloads)
        .find(|p| p.name == name)
        .map(|p| p.reasons.clone())
        .unwrap_or_default()
}

fn has_reason(s: &Suggestion, name: &str, text: &str) {
    let r = reasons(s, name);
    assert!(r.iter().any(|x| x == text), "{name}: {r:?} lacks {text:?}");
}

fn codes(s: &Suggestion) -> Vec<&'static str> {
    s.warnings.iter().map(|w| w.code).collect()
}

fn limited(assets: Option<u32>) -> Options {
    Options {
        max_assets: assets,
        ..Options::default()
    }
}

#[test]
fn a_workload_goes_after_what_it_needs_and_says_so() {
    let mut plan = Plan::named("t");
    with_assets(&mut plan, workload("erp", ""), 1, &["dp-1"]);
    with_assets(&mut plan, workload("dp", ""), 1, &[]);
    plan.assets[1] = Arc::new(Asset {
        name: "dp-lake-01".into(),
        ..(*plan.assets[1]).clone()
    });
    // One asset a wave: the data platform first, then ERP.
    let s = suggest(&plan, &limited(Some(1)));
    assert_eq!(wave_of(&s, "DP"), "Wave 1");
    assert_eq!(wave_of(&s, "ERP"), "Wave 2");
    has_reason(&s, "ERP", "after DP: needs dp-lake-01");
    has_reason(&s, "DP", "pilot: 1 asset, Medium criticality");
    // Without a limit both fit the pilot, ERP with what it needs.
    let s = suggest(&plan, &Options::default());
    assert_eq!(wave_of(&s, "ERP"), "Wave 1");
    has_reason(&s, "ERP", "with DP: needs dp-lake-01");
    assert!(s.waves.iter().all(|w| w.new), "the plan had no waves");
}

#[test]
fn workloads_that_need_each_other_share_a_wave() {
    let mut plan = Plan::named("t");
    with_assets(&mut plan, workload("crm", ""), 2, &["erp-1"]);
    with_assets(&mut plan, workload("erp", ""), 2, &["crm-2"]);
    with_assets(&mut plan, workload("hr", ""), 2, &[]);
    let s = suggest(&plan, &limited(Some(4)));
    assert_eq!(wave_of(&s, "CRM"), wave_of(&s, "ERP"));
    has_reason(&s, "CRM", "with ERP: they need each other");
    has_reason(&s, "ERP", "with CRM: they need each other");
    assert!(s.warnings.is_empty(), "{:?}", s.warnings);
}

#[test]
fn a_two_way_dependency_beats_the_size_limit_with_a_warning() {
    let mut plan = Plan::named("t");
    with_assets(&mut plan, workload("crm", ""), 3, &["erp-1"]);
    with_assets(&mut plan, workload("erp", ""), 3, &["crm-1"]);
    with_assets(&mut plan, workload("hr", ""), 2, &[]);
    let s = suggest(&plan, &limited(Some(4)));
    let wave = wave_of(&s, "CRM");
    assert_eq!(wave, wave_of(&s, "ERP"), "together, whatever the limit");
    let shared = s.waves.iter().find(|w| w.name == wave).expect("wave");
    assert_eq!(shared.workloads.len(), 2, "alone");
    assert_eq!(shared.assets, 6);
    has_reason(
        &s,
        "CRM",
        &format!("alone in {wave}: 6 assets, over the limit of 4 a wave"),
    );
    let warning = s
        .warnings
        .iter()
        .find(|w| w.code == "cycle-over-limit")
        .expect("warned");
    assert_eq!(
        warning.message,
        format!(
            "CRM and ERP need each other and together have 6 assets, over the limit of 4 a wave: they share {wave}, alone"
        )
    );
    assert_eq!(wave_of(&s, "HR"), "Wave 1", "HR makes the pilot");
}

#[test]
fn a_workload_larger_than_a_limit_gets_a_wave_of_its_own() {
    let mut plan = Plan::named("t");
    with_assets(&mut plan, workload("big", ""), 7, &[]);
    with_assets(&mut plan, workload("a", ""), 2, &[]);
    with_assets(&mut plan, workload("b", ""), 2, &[]);
    with_assets(&mut plan, workload("c", ""), 2, &[]);
    let s = suggest(&plan, &limited(Some(5)));
    let big = wave_of(&s, "BIG");
    let alone = s.waves.iter().find(|w| w.name == big).expect("wave");
    assert_eq!(alone.workloads.len(), 1);
    assert!(codes(&s).contains(&"workload-over-limit"));
    assert!(
        s.warnings.iter().any(|w| w.message
            == format!("BIG has 7 assets, over the limit of 5 a wave: it gets {big} to itself")),
        "{:?}",
        s.warnings
    );
}

#[test]
fn the_first_wave_is_a_small_pilot_without_high_or_critical_workloads() {
    let mut plan = Plan::named("t");
    with_assets(&mut plan, workload("big", ""), 20, &[]);
    with_assets(
        &mut plan,
        critical(workload("core", ""), Criticality::Critical),
        2,
        &[],
    );
    with_assets(
        &mut plan,
        critical(workload("wiki", ""), Criticality::Low),
        4,
        &[],
    );
    with_assets(
        &mut plan,
        critical(workload("shop", ""), Criticality::Low),
        6,
        &[],
    );
    let s = suggest(&plan, &Options::default());
    let pilot = &s.waves[0];
    let names: Vec<&str> = pilot.workloads.iter().map(|p| p.name.as_str()).collect();
    // SHOP and WIKI are Low, but 10 assets together: SHOP comes first by
    // name and WIKI would make 10.
    assert_eq!(names, ["SHOP"]);
    has_reason(&s, "SHOP", "pilot: 6 assets, Low criticality");
    has_reason(&s, "CORE", "not in the pilot: critical to the business");
    has_reason(
        &s,
        "BIG",
        "not in the pilot: 20 assets (a pilot has at most 9)",
    );
    has_reason(
        &s,
        "WIKI",
        "not in the pilot: it would hold 10 assets (a pilot has at most 9)",
    );
    assert!(s.warnings.is_empty(), "{:?}", s.warnings);
}

#[test]
fn without_any_workload_fit_for_a_pilot_the_first_wave_is_filled_as_any_other() {
    let mut plan = Plan::named("t");
    with_assets(
        &mut plan,
        critical(workload("a", ""), Criticality::High),
        3,
        &[],
    );
    with_assets(&mut plan, workload("b", ""), 12, &[]);
    let s = suggest(&plan, &Options::default());
    assert_eq!(codes(&s), ["no-pilot"]);
    assert_eq!(s.waves.len(), 1, "one wave holds both");
}

#[test]
fn limits_in_assets_fill_each_wave_and_say_it_is_full() {
    let mut plan = Plan::named("t");
    for id in ["a", "b", "c", "d", "e"] {
        with_assets(&mut plan, workload(id, ""), 3, &[]);
    }
    let s = suggest(&plan, &limited(Some(6)));
    let sizes: Vec<usize> = s.waves.iter().map(|w| w.workloads.len()).collect();
    assert_eq!(sizes, [2, 2, 1], "fewer and fuller waves");
    assert_eq!(wave_of(&s, "A"), "Wave 1", "ties broken by name");
    assert_eq!(wave_of(&s, "E"), "Wave 3");
    has_reason(&s, "E", "Wave 2 is full: 6 of 6 assets");
}

#[test]
fn limits_in_hours_are_read_at_the_bandwidth() {
    let mut plan = Plan::named("t");
    for id in ["a", "b", "c"] {
        let mut a = asset(&format!("{id}-1"), Some(id), &[]);
        // 200 GiB each.
        a.source.insert("in_use_mib", "204800");
        plan.assets.push(Arc::new(a));
        plan.workloads.push(workload(id, ""));
    }
    // 1 hour at 1,000 Mbit/s is 450 GB (419 GiB): two workloads a wave.
    let options = Options {
        max_hours: Some(1),
        bandwidth_mbps: Some(1000),
        ..Options::default()
    };
    let s = suggest(&plan, &options);
    let sizes: Vec<usize> = s.waves.iter().map(|w| w.workloads.len()).collect();
    assert_eq!(sizes, [2, 1]);
    let hours = s.waves[0].hours(Some(1000)).expect("known");
    assert!((hours - 0.954).abs() < 0.01, "{hours}");
    has_reason(
        &s,
        "C",
        "Wave 1 is full: 1.0 of 1 hours of replication, no room for its 0.5",
    );
    // Without a bandwidth, no hours: said, and the limit is not applied.
    let s = suggest(
        &plan,
        &Options {
            bandwidth_mbps: None,
            ..options
        },
    );
    assert_eq!(codes(&s), ["hours-limit-without-bandwidth"]);
    assert_eq!(s.waves.len(), 1);
}

#[test]
fn a_pin_beats_a_dependency_and_the_warning_names_both() {
    let mut plan = Plan::named("t");
    plan.waves = vec![wave("W1"), wave("W2")];
    with_assets(&mut plan, pinned(workload("billing", "W1")), 1, &["erp-1"]);
    with_assets(&mut plan, pinned(workload("erp", "W2")), 1, &[]);
    let s = suggest(&plan, &Options::default());
    assert_eq!(wave_of(&s, "BILLING"), "W1");
    assert_eq!(wave_of(&s, "ERP"), "W2");
    has_reason(&s, "BILLING", "pinned to W1");
    assert_eq!(s.moved(), 0);
    let w = s
        .warnings
        .iter()
        .find(|w| w.code == "pin-breaks-dependency")
        .expect("warned");
    assert_eq!(
        w.message,
        "BILLING (W1) needs erp-1 of ERP, which is in the later W2: BILLING is pinned to W1; ERP is pinned to W2"
    );
    assert_eq!(w.subject.as_deref(), Some("billing"));
}

#[test]
fn what_a_pinned_workload_needs_comes_by_its_wave_even_past_the_pilot_rule() {
    let mut plan = Plan::named("t");
    plan.waves = vec![wave("Pilot"), wave("Main")];
    with_assets(
        &mut plan,
        pinned(workload("portal", "Pilot")),
        1,
        &["core-1"],
    );
    with_assets(
        &mut plan,
        critical(workload("core", "Main"), Criticality::Critical),
        1,
        &[],
    );
    let s = suggest(&plan, &Options::default());
    assert_eq!(wave_of(&s, "CORE"), "Pilot");
    has_reason(&s, "CORE", "needed by PORTAL, pinned to Pilot");
    assert_eq!(
        s.placed("core").and_then(|(_, p)| p.moved_from.clone()),
        Some("Main".to_owned())
    );
    assert_eq!(codes(&s), ["pilot-not-small"]);
}

#[test]
fn an_unpinned_partner_goes_with_its_pinned_partner() {
    let mut plan = Plan::named("t");
    plan.waves = vec![wave("W1"), wave("W2"), wave("W3")];
    with_assets(&mut plan, workload("crm", ""), 1, &["erp-1"]);
    with_assets(&mut plan, pinned(workload("erp", "W3")), 1, &["crm-1"]);
    let s = suggest(&plan, &Options::default());
    assert_eq!(wave_of(&s, "CRM"), "W3");
    has_reason(
        &s,
        "CRM",
        "with ERP: they need each other, and ERP is pinned to W3",
    );
}

#[test]
fn non_production_and_lower_criticality_go_first() {
    let mut plan = Plan::named("t");
    // Each too big for a pilot, one a wave.
    let big = 12;
    with_assets(
        &mut plan,
        in_env(workload("a-prod", ""), Environment::Production),
        big,
        &[],
    );
    with_assets(
        &mut plan,
        critical(
            in_env(workload("z-dev", ""), Environment::NonProduction),
            Criticality::High,
        ),
        big,
        &[],
    );
    with_assets(
        &mut plan,
        critical(
            in_env(workload("m-dev", ""), Environment::NonProduction),
            Criticality::Low,
        ),
        big,
        &[],
    );
    let s = suggest(&plan, &limited(Some(12)));
    let order: Vec<&str> = s
        .waves
        .iter()
        .map(|w| w.workloads[0].name.as_str())
        .collect();
    assert_eq!(order, ["M-DEV", "Z-DEV", "A-PROD"]);
}

#[test]
fn a_later_class_never_jumps_ahead_of_one_that_waits_for_room() {
    let mut plan = Plan::named("t");
    with_assets(
        &mut plan,
        in_env(workload("dev-a", ""), Environment::NonProduction),
        12,
        &[],
    );
    with_assets(
        &mut plan,
        in_env(workload("dev-b", ""), Environment::NonProduction),
        12,
        &[],
    );
    // High: no pilot for it.
    with_assets(
        &mut plan,
        critical(
            in_env(workload("prod", ""), Environment::Production),
            Criticality::High,
        ),
        5,
        &[],
    );
    let s = suggest(&plan, &limited(Some(20)));
    assert_eq!(codes(&s), ["no-pilot"]);
    // PROD would fit beside DEV-A, but DEV-B waits for room and goes
    // first.
    assert_eq!(wave_of(&s, "DEV-A"), "Wave 1");
    assert_eq!(wave_of(&s, "DEV-B"), "Wave 2");
    assert_eq!(wave_of(&s, "PROD"), "Wave 2");
    has_reason(
        &s,
        "PROD",
        "Wave 1: DEV-B found no room and goes first (non-production first)",
    );
}

#[test]
fn existing_waves_are_reused_in_order_and_new_ones_named_by_number() {
    let mut plan = Plan::named("t");
    plan.waves = vec![
        Wave {
            name: "Pilot".into(),
            start: Some("2026-03-02".into()),
            notes: "Learn".into(),
            ..Wave::default()
        },
        wave("Wave 3"),
    ];
    for id in ["a", "b", "c", "d"] {
        with_assets(&mut plan, workload(id, ""), 3, &[]);
    }
    let s = suggest(&plan, &limited(Some(3)));
    let names: Vec<(&str, bool)> = s.waves.iter().map(|w| (w.name.as_str(), w.new)).collect();
    assert_eq!(
        names,
        [
            ("Pilot", false),
            ("Wave 3", false),
            ("Wave 4", true),
            ("Wave 5", true)
        ],
        "Wave 3 is taken: the next number"
    );
    assert_eq!(s.new_waves(), ["Wave 4", "Wave 5"]);
    assert_eq!(
        s.placed("a").and_then(|(_, p)| p.moved_from.clone()),
        Some(String::new()),
        "from no wave"
    );
}

#[test]
fn an_inventory_asset_it_needs_is_reported_never_blocks() {
    let mut plan = Plan::named("t");
    with_assets(&mut plan, workload("erp", ""), 1, &["dc-01"]);
    plan.assets.push(Arc::new(asset("dc-01", None, &[])));
    let mut retired = asset("old-01", None, &[]);
    retired.strategy = Strategy::Retire;
    plan.assets.push(Arc::new(retired));
    Arc::make_mut(&mut plan.assets[0])
        .depends_on
        .push("old-01".into());
    let s = suggest(&plan, &Options::default());
    assert_eq!(wave_of(&s, "ERP"), "Wave 1");
    assert_eq!(
        s.warnings
            .iter()
            .map(|w| w.message.as_str())
            .collect::<Vec<_>>(),
        ["ERP needs dc-01, which is in no workload (the inventory), so in no wave"],
        "a retired asset is not migrated"
    );
}

#[test]
fn every_workload_has_a_reason_and_the_answer_is_always_the_same() {
    let plan = crate::example::example_plan();
    let options = Options {
        max_assets: Some(4),
        ..Options::of(&plan)
    };
    let s = suggest(&plan, &options);
    for p in s.waves.iter().flat_map(|w| &w.workloads) {
        assert!(!p.reasons.is_empty(), "{} has no reason", p.name);
    }
    let placed: usize = s.waves.iter().map(|w| w.workloads.len()).sum();
    assert_eq!(placed, plan.workloads.len());
    assert_eq!(s, suggest(&plan, &options));
    let big = crate::generate::generate(3_000, 7);
    let options = Options {
        max_assets: Some(200),
        ..Options::of(&big)
    };
    assert_eq!(suggest(&big, &options), suggest(&big, &options));
}

#[test]
fn pins_and_holds_of_the_moment_keep_a_workload_where_it_is() {
    let mut plan = Plan::named("t");
    plan.waves = vec![wave("W1"), wave("W2")];
    with_assets(&mut plan, workload("a", "W2"), 1, &[]);
    with_assets(&mut plan, workload("b", "W2"), 1, &[]);
    let s = suggest(&plan, &Options::default());
    assert_eq!(
        (wave_of(&s, "A"), wave_of(&s, "B")),
        ("W1".into(), "W1".into())
    );
    let options = Options {
        pins: [("a".to_owned(), true)].into(),
        held: ["b".to_owned()].into(),
        ..Options::default()
    };
    let s = suggest(&plan, &options);
    assert_eq!(s.moved(), 0);
    has_reason(&s, "A", "pinned to W2");
    has_reason(&s, "B", "kept in W2 for this suggestion");
    assert!(s.placed("a").is_some_and(|(_, p)| p.pinned));
    assert!(s.placed("b").is_some_and(|(_, p)| p.held && !p.pinned));
}

#[test]
fn the_environment_of_imported_assets_places_a_workload_whose_own_is_not_set() {
    let mut plan = Plan::named("t");
    with_assets(&mut plan, workload("a", ""), 12, &[]);
    with_assets(&mut plan, workload("b", ""), 12, &[]);
    for a in plan
        .assets
        .iter_mut()
        .filter(|a| a.workload.as_deref() == Some("b"))
    {
        Arc::make_mut(a)
            .source
            .insert("environment", "DEV-Cluster-02");
    }
    let s = suggest(&plan, &limited(Some(12)));
    assert_eq!(wave_of(&s, "B"), "Wave 1", "non-production first");
    has_reason(
        &s,
        "B",
        "non-production by its assets' environment, as imported (the workload's own is not set)",
    );
}

/// The plan with a suggestion applied through the one change road.
pub(super) fn applied(plan: &Plan, s: &Suggestion) -> Plan {
    let mut plan = plan.clone();
    let change = crate::change::Change::Placement(crate::change::Placement::of(s));
    if let Some(edit) = change.edit(&plan) {
        crate::edit::apply(&mut plan, edit).expect("a prepared edit applies");
    }
    plan
}

#[test]
fn applying_a_suggestion_is_one_step_and_suggesting_again_moves_nothing() {
    let mut plan = crate::example::example_plan();
    plan.waves = vec![wave("Pilot")];
    let options = Options {
        max_assets: Some(3),
        ..Options::of(&plan)
    };
    let s = suggest(&plan, &options);
    assert!(s.moved() > 0);
    let change = crate::change::Change::Placement(crate::change::Placement::of(&s));
    let prepared = crate::change::prepare(&plan, &change).expect("changes");
    assert_eq!(
        prepared.label,
        format!(
            "Apply suggested waves: move {} workloads, add {} waves",
            s.moved(),
            s.new_waves().len()
        )
    );
    let after = applied(&plan, &s);
    assert_eq!(after.waves[0].name, "Pilot", "kept, first");
    assert_eq!(after.waves.len(), s.waves.len());
    let again = suggest(&after, &options);
    assert!(again.is_nothing(), "{:?}", again.moves());
    assert_eq!(
        crate::change::prepare(&after, &change).map(|p| p.label),
        Err(crate::change::Refused::Invalid(
            "There is a wave Wave 2 already; suggest the waves again".into()
        )),
        "an old suggestion is not applied twice"
    );
    assert_eq!(
        crate::change::prepare(
            &after,
            &crate::change::Change::Placement(crate::change::Placement::of(&again))
        ),
        Err(crate::change::Refused::Nothing)
    );
}
