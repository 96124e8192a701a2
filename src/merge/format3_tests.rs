//! Format 3 fields merge field by field like the others: a workload's
//! environment and pin, its Promotion activity, an asset's data sync and
//! the plan's wave limits.

use super::*;
use crate::model::{Environment, ReplicationTool, WaveLimits};

#[test]
fn format_three_fields_changed_on_two_sides_merge_cleanly() {
    let base = base();
    let mut ours = base.clone();
    let erp = workload_mut(&mut ours, "wl-erp");
    erp.environment = Environment::Production;
    erp.promotion_model = PromotionModel::Staged;
    erp.activity_mut(ActivityKind::Promotion)
        .raci
        .insert("pt-team".into(), Raci::Accountable);
    asset_mut(&mut ours, "as-db").data_sync = Some(ReplicationTool::DatabaseMigrationService);
    ours.wave_limits.assets = Some(200);
    let mut theirs = base.clone();
    workload_mut(&mut theirs, "wl-crm").wave_pinned = true;
    asset_mut(&mut theirs, "as-web").data_sync = Some(ReplicationTool::AzCopy);
    theirs.wave_limits.replication_hours = Some(48);
    let m = merged(&base, &ours, &theirs);
    assert!(m.is_clean(), "{:?}", m.conflicts);
    let plan = &m.plan;
    let erp = plan.workload("wl-erp").expect("erp");
    assert_eq!(erp.environment, Environment::Production);
    assert_eq!(
        raci(plan, "wl-erp", ActivityKind::Promotion, "pt-team"),
        Some(Raci::Accountable)
    );
    assert!(plan.workload("wl-crm").expect("crm").wave_pinned);
    let sync = |id: &str| plan.asset(id).and_then(|a| a.data_sync);
    assert_eq!(
        sync("as-db"),
        Some(ReplicationTool::DatabaseMigrationService)
    );
    assert_eq!(sync("as-web"), Some(ReplicationTool::AzCopy));
    assert_eq!(
        plan.wave_limits,
        WaveLimits {
            assets: Some(200),
            replication_hours: Some(48),
        }
    );
    assert_eq!(plan.format, 3, "the merge uses format 3");
}

#[test]
fn format_three_fields_changed_two_ways_keep_ours_and_ask() {
    let base = base();
    let mut ours = base.clone();
    workload_mut(&mut ours, "wl-erp").environment = Environment::Production;
    asset_mut(&mut ours, "as-db").data_sync = Some(ReplicationTool::SiteRecovery);
    ours.wave_limits.assets = Some(100);
    let erp = workload_mut(&mut ours, "wl-erp");
    erp.activity_mut(ActivityKind::Promotion)
        .raci
        .insert("pt-dana".into(), Raci::Responsible);
    let mut theirs = base.clone();
    workload_mut(&mut theirs, "wl-erp").environment = Environment::NonProduction;
    asset_mut(&mut theirs, "as-db").data_sync = None;
    theirs.wave_limits.assets = Some(300);
    let erp = workload_mut(&mut theirs, "wl-erp");
    erp.activity_mut(ActivityKind::Promotion)
        .raci
        .insert("pt-dana".into(), Raci::Consulted);
    let m = merged(&base, &ours, &theirs);
    let fields: Vec<(&str, &str, &str, &str)> = m
        .conflicts
        .iter()
        .map(|c| {
            (
                c.subject.as_str(),
                c.field.as_str(),
                c.ours.as_str(),
                c.theirs.as_str(),
            )
        })
        .collect();
    assert_eq!(
        fields,
        [
            ("plan", "wave limit (assets)", "100 assets", "300 assets"),
            (
                "ERP › Promotion",
                "RACI of Dana Lee",
                "Responsible",
                "Consulted"
            ),
            ("ERP", "environment", "Production", "Non-production"),
        ],
        "data sync changed on one side only is no conflict"
    );
    let erp = m.plan.workload("wl-erp").expect("erp");
    assert_eq!(erp.environment, Environment::Production, "ours kept");
    assert_eq!(
        m.plan.asset("as-db").and_then(|a| a.data_sync),
        Some(ReplicationTool::SiteRecovery)
    );
    assert_eq!(questions(&m.plan).len(), 3, "each asked in the log");
}
