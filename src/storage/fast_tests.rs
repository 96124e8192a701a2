//! The quick reader against `ron`: wherever it gives a plan, `ron` gives
//! the same plan; on Ferry's own files it never gives up.

use super::*;
use crate::model::Plan;

/// Reads `text` both ways; the quick reader's result, if any, must be
/// `ron`'s.
#[track_caller]
fn agree(text: &str) -> bool {
    match from_str::<Plan>(text) {
        Ok(quick) => {
            match ron::from_str::<Plan>(text) {
                Ok(slow) => assert_eq!(slow, quick, "ron reads another plan from:\n{text}"),
                Err(e) => panic!("ron refuses ({e}) what was read quickly:\n{text}"),
            }
            true
        }
        Err(GiveUp) => false,
    }
}

/// A plan with every kind of field set, and text that needs escapes.
fn everything() -> Plan {
    let mut plan = crate::example::example_plan();
    plan.name = "Quotes \" and \\ backslashes, a tab\there, a line\nbreak, ünïcödé — ✓".into();
    plan.bandwidth_mbps = Some(500);
    // Format 3.
    plan.wave_limits = crate::model::WaveLimits {
        assets: Some(200),
        replication_hours: Some(48),
    };
    if let Some(w) = plan.workloads.first_mut() {
        w.notes = "first line\nsecond line\r\nthird\0".into();
        w.environment = crate::model::Environment::NonProduction;
        w.wave_pinned = true;
        let promotion = w.activity_mut(crate::model::ActivityKind::Promotion);
        promotion.notes = "Ops promote".into();
        promotion
            .raci
            .insert("pt-ops".into(), crate::model::Raci::Responsible);
    }
    for (asset, tool) in plan.assets.iter_mut().zip([
        Some(crate::model::ReplicationTool::DatabaseMigrationService),
        Some(crate::model::ReplicationTool::Undecided),
        None,
    ]) {
        std::sync::Arc::make_mut(asset).data_sync = tool;
    }
    plan
}

#[test]
fn ferrys_own_files_are_read_quickly_and_alike() {
    let mut plans = vec![
        crate::example::example_plan(),
        everything(),
        Plan::default(),
    ];
    for (n, seed) in [(0, 1), (50, 2), (400, 3), (2_000, 4)] {
        plans.push(crate::generate::generate(n, seed));
    }
    for plan in plans {
        let text = crate::storage::to_string(&plan);
        assert!(agree(&text), "gave up on Ferry's own file:\n{text}");
    }
    let format_three = crate::storage::to_string(&everything());
    assert!(format_three.starts_with("(\n    format: 3,"));
    assert!(format_three.contains("data_sync: Some(Undecided)"));
}

#[test]
fn the_sample_files_agree_with_ron() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/seeds/load");
    let mut read = 0;
    for entry in std::fs::read_dir(&dir).expect("seeds") {
        let path = entry.expect("entry").path();
        if let Ok(text) = std::fs::read_to_string(&path) {
            agree(&text);
            read += 1;
        }
    }
    assert!(read >= 3, "{read} sample files");
}

/// Every escape the quick reader takes means what it means to `ron`, and
/// the others are left to `ron`.
#[test]
fn escapes_mean_what_they_mean_to_ron() {
    for escape in [
        r#"\""#, r"\\", r"\n", r"\r", r"\t", r"\0", r"\u{41}", r"\x41", r"\'", r"\b", r"\f", r"\/",
        r"\q",
    ] {
        let text = format!("\"a{escape}b\"");
        if let Ok(quick) = from_str::<String>(&text) {
            assert_eq!(ron::from_str::<String>(&text).ok(), Some(quick), "{escape}");
        }
    }
}

/// Ferry's file, damaged in many small ways: wherever the quick reader
/// still gives a plan, it is the plan `ron` gives; everything else is left
/// to `ron` (which gives the error the user sees).
#[test]
fn damaged_files_are_read_alike_or_left_to_ron() {
    let text = crate::storage::to_string(&everything());
    let pieces: [&str; 24] = [
        "", " ", ",", "(", ")", "[", "]", "{", "}", ":", "\"", "\\", "//", "/*", "Some(", "None",
        "r#", "0x1", "1_0", "-1", "07", "Name", "true", "é",
    ];
    let mut rng = fastrand::Rng::with_seed(17);
    let (mut quick, mut total) = (0, 0);
    for _ in 0..3_000 {
        let mut damaged = text.clone();
        for _ in 0..rng.usize(1..3) {
            let mut at = rng.usize(..damaged.len());
            while !damaged.is_char_boundary(at) {
                at -= 1;
            }
            let mut end = (at + rng.usize(0..4)).min(damaged.len());
            while !damaged.is_char_boundary(end) {
                end -= 1;
            }
            damaged.replace_range(at..end.max(at), pieces[rng.usize(..pieces.len())]);
        }
        total += 1;
        if agree(&damaged) {
            quick += 1;
        }
    }
    // Most damage is an error, read by ron; some leaves a valid plan (a
    // space, a removed trailing comma), read quickly.
    assert!(
        quick > 0 && quick < total,
        "{quick} of {total} read quickly"
    );
}

#[test]
fn what_ferry_does_not_write_is_left_to_ron() {
    for text in [
        "// a comment\n()",
        "#![enable(implicit_some)]\n()",
        "Plan(name: \"x\")",
        "(name: r\"raw\")",
        "(format: 0x1)",
        "(format: 1_0)",
        "(name: \"a\nb\")",
    ] {
        assert!(from_str::<Plan>(text).is_err(), "{text}");
    }
}
