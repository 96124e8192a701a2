//! Golden files, one per format: each loads, and saves to the very same
//! bytes in the format it was written in. A plan moves to a newer format
//! only when it uses something of it, and back when it no longer does.

use std::path::Path;

use super::*;

const FORMAT_1: &str = include_str!("../../tests/golden/format1.ron");
const FORMAT_2: &str = include_str!("../../tests/golden/format2.ron");
const FORMAT_3: &str = include_str!("../../tests/golden/format3.ron");

fn load(text: &str) -> Plan {
    parse(text, Path::new("golden.ron")).expect("a golden file loads")
}

#[test]
fn every_format_loads_and_saves_unchanged() {
    for (format, text) in [(1, FORMAT_1), (2, FORMAT_2), (3, FORMAT_3)] {
        let plan = load(text);
        assert_eq!(plan.format, format);
        assert_eq!(plan.needed_format(), format);
        assert_eq!(to_string(&plan), text, "format {format} saved unchanged");
        let quick = fast::from_str::<Plan>(text).expect("read quickly");
        let slow = ron::from_str::<Plan>(text).expect("read by ron");
        assert_eq!(quick, slow, "format {format}: the quick reader agrees");
    }
}

#[test]
fn older_files_gain_no_promotion_activity_on_load() {
    for text in [FORMAT_1, FORMAT_2] {
        let plan = load(text);
        let erp = &plan.workloads[0];
        assert_eq!(erp.promotion_model, PromotionModel::Staged);
        assert!(
            erp.activity(ActivityKind::Promotion).is_none(),
            "a decided model in an older file stays as it was"
        );
        assert_eq!(erp.activities.len(), 3);
    }
}

#[test]
fn format_three_fields_are_read_as_written() {
    let plan = load(FORMAT_3);
    assert_eq!(
        plan.wave_limits,
        WaveLimits {
            assets: Some(200),
            replication_hours: Some(48),
        }
    );
    let erp = &plan.workloads[0];
    assert_eq!(erp.environment, Environment::Production);
    assert!(erp.wave_pinned);
    let promotion = erp.activity(ActivityKind::Promotion).expect("Promotion");
    assert_eq!(promotion.raci.get("pt-adopt01"), Some(&Raci::Accountable));
    assert_eq!(promotion.notes, "Ops promote");
    assert_eq!(
        plan.assets[0].data_sync,
        Some(ReplicationTool::DatabaseMigrationService)
    );
    assert_eq!(plan.assets[1].data_sync, None);
}

/// Something of format 3 done to a plan.
type Use = fn(&mut Plan);

#[test]
fn a_plan_is_written_as_format_three_only_while_it_uses_format_three() {
    let mut plan = load(FORMAT_2);
    let uses: [(&str, Use); 5] = [
        ("wave limits", |p| p.wave_limits.assets = Some(10)),
        ("environment", |p| {
            p.workloads[0].environment = Environment::NonProduction;
        }),
        ("a pin", |p| p.workloads[0].wave_pinned = true),
        ("a Promotion activity", |p| {
            p.workloads[0].activity_mut(ActivityKind::Promotion);
        }),
        ("a data sync", |p| {
            std::sync::Arc::make_mut(&mut p.assets[1]).data_sync = Some(ReplicationTool::AzCopy);
        }),
    ];
    for (what, use_it) in uses {
        let mut changed = plan.clone();
        use_it(&mut changed);
        let saved = to_string(&changed);
        assert!(saved.starts_with("(\n    format: 3,"), "{what}");
        assert_eq!(
            load(&saved),
            Plan {
                format: 3,
                ..changed
            },
            "{what}"
        );
    }
    // The same plan without them is format 2 again, byte for byte.
    plan.workloads[0].environment = Environment::Unknown;
    assert_eq!(to_string(&plan), FORMAT_2);
}

#[test]
fn a_file_newer_than_format_three_is_refused() {
    // As a format 2 Ferry refuses a format 3 file.
    let newer = FORMAT_3.replacen("format: 3", "format: 4", 1);
    let err = parse(&newer, Path::new("newer.ron")).expect_err("refused");
    assert!(matches!(
        err,
        LoadError::NewerFormat {
            found: 4,
            supported: 3,
            ..
        }
    ));
}
