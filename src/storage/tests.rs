use std::path::Path;

use super::*;
use crate::model::*;

fn parse_str(text: &str) -> Result<Plan, LoadError> {
    parse(text, Path::new("plan.ron"))
}

#[test]
fn the_example_round_trips_byte_for_byte() {
    let plan = parse_str(crate::example::EXAMPLE_RON).expect("example loads");
    assert_eq!(to_string(&plan), crate::example::EXAMPLE_RON);
}

#[test]
fn a_minimal_file_takes_defaults() {
    let plan = parse_str("(format: 1)").expect("loads");
    assert_eq!(plan, Plan::default());
    let plan = parse_str(
        r#"(format: 1, name: "Short", workloads: [(name: "ERP")], assets: [(name: "db", workload: None)])"#,
    )
    .expect("loads");
    assert_eq!(
        plan.workloads[0].activities.len(),
        3,
        "activities filled in"
    );
    assert!(plan.workloads[0].id.starts_with("wl-"), "missing id minted");
    assert!(plan.assets[0].id.starts_with("as-"));
    assert_eq!(plan.assets[0].kind, AssetKind::VirtualMachine);
}

#[test]
fn unknown_field_names_the_field_and_position() {
    let err = parse_str("(\n    format: 1,\n    namee: \"x\",\n)").expect_err("unknown field");
    let text = err.to_string();
    assert!(text.starts_with("plan.ron:3:"), "{text}");
    assert!(text.contains("unknown field `namee`"), "{text}");
    assert!(text.contains("did you mean `name`"), "{text}");
    assert_eq!(err.position().map(|p| p.0), Some(3));
}

#[test]
fn bad_enum_value_is_reported() {
    let err =
        parse_str("(format: 1, workloads: [(promotion_model: Flying)])").expect_err("bad variant");
    let text = err.to_string();
    assert!(text.starts_with("plan.ron:1:"), "{text}");
    assert!(text.contains("Flying"), "{text}");
}

#[test]
fn syntax_errors_have_line_and_column() {
    for bad in [
        "(format: 1,",
        "(format: 1, name: \"x)",
        "",
        "[1, 2]",
        "(format: \"one\")",
        "(name: \"x\")",
    ] {
        let err = parse_str(bad).expect_err(bad);
        assert!(matches!(err, LoadError::Syntax { .. }), "{bad}: {err}");
        assert!(err.to_string().starts_with("plan.ron:"), "{err}");
    }
}

#[test]
fn missing_format_says_what_is_missing() {
    let err = parse_str("(name: \"x\")").expect_err("no format");
    assert!(err.to_string().contains("format"), "{err}");
}

#[test]
fn deep_nesting_is_an_error_not_a_crash() {
    for open in ["[", "(", "{", "Some("] {
        let text = format!("(format: 1, name: {}", open.repeat(100_000));
        let err = parse_str(&text).expect_err("deep");
        assert!(matches!(err, LoadError::Syntax { .. }), "{err}");
    }
    let text = format!("(format: 2, future: {})", "[".repeat(100_000));
    assert!(parse_str(&text).is_err());
}

#[test]
fn newer_format_is_refused_naming_both_versions() {
    let err = parse_str("(format: 4, name: \"x\", something_new: 3)").expect_err("newer");
    let text = err.to_string();
    assert!(matches!(
        err,
        LoadError::NewerFormat {
            found: 4,
            supported: 3,
            ..
        }
    ));
    assert!(
        text.contains("format 4") && text.contains("format 3"),
        "{text}"
    );
    let err = parse_str("(format: 7)").expect_err("newer");
    assert!(matches!(err, LoadError::NewerFormat { found: 7, .. }));
    assert!(matches!(
        parse_str("(format: 0)"),
        Err(LoadError::UnknownFormat { .. })
    ));
}

#[test]
fn not_utf8_is_reported_with_position() {
    let err =
        parse_bytes(b"(format: 1,\n name: \"\xff\")", Path::new("bin.ron")).expect_err("not utf8");
    assert!(err.to_string().starts_with("bin.ron:2:"), "{err}");
}

#[test]
fn arbitrary_bytes_never_panic() {
    let mut rng = fastrand::Rng::with_seed(3);
    let example = crate::example::EXAMPLE_RON.as_bytes();
    for _ in 0..2000 {
        let mut bytes = example.to_vec();
        for _ in 0..rng.usize(1..8) {
            if bytes.is_empty() {
                break;
            }
            let i = rng.usize(..bytes.len());
            match rng.u8(..3) {
                0 => bytes[i] = rng.u8(..),
                1 => {
                    bytes.remove(i);
                }
                _ => bytes.truncate(i),
            }
        }
        let _ = parse_bytes(&bytes, Path::new("fuzz.ron"));
    }
}

#[test]
fn broken_references_still_load() {
    let text = r#"(format: 1, assets: [
        (id: "as-1", name: "a", depends_on: ["as-2", "as-missing"], workload: Some("wl-gone")),
        (id: "as-2", name: "b", depends_on: ["as-1"]),
        (id: "as-2", name: "c"),
    ])"#;
    let plan = parse_str(text).expect("inconsistent plans load so they can be fixed");
    assert_eq!(plan.assets.len(), 3);
}

#[test]
fn output_is_deterministic_and_one_field_per_line() {
    let plan = crate::generate::generate(50, 1);
    let a = to_string(&plan);
    assert_eq!(a, to_string(&parse_str(&a).expect("reload")));
    assert!(a.contains("\n    name: \"Synthetic migration (50 assets)\",\n"));
    // A one-field edit is a one-line diff.
    let mut edited = plan.clone();
    std::sync::Arc::make_mut(&mut edited.assets[10]).notes = "changed".into();
    let b = to_string(&edited);
    let changed = a.lines().zip(b.lines()).filter(|(x, y)| x != y).count();
    assert_eq!(changed, 1);
    assert_eq!(a.lines().count(), b.lines().count());
}

#[test]
fn save_is_atomic_and_loads_back() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("plan.ron");
    let plan = crate::example::example_plan();
    save(&plan, &path).expect("save");
    assert_eq!(load(&path).expect("load"), plan);
    // No temporary files are left behind; beside the plan there is only
    // the hidden folder of its lock and versions.
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .expect("dir")
        .map(|e| e.expect("entry").file_name())
        .filter(|n| n != versions::HIDDEN_FOLDER)
        .collect();
    assert_eq!(names, ["plan.ron"]);
    assert!(dir.path().join(versions::HIDDEN_FOLDER).is_dir());
}

#[test]
fn failed_save_leaves_the_old_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let missing = dir.path().join("gone").join("plan.ron");
    let err = save(&Plan::default(), &missing).expect_err("no folder");
    assert!(
        err.to_string().contains("plan.ron could not be saved"),
        "{err}"
    );
}

#[test]
fn io_errors_name_the_file() {
    let err = load(Path::new("/definitely/not/here.ron")).expect_err("missing");
    assert!(
        err.to_string().starts_with("/definitely/not/here.ron: "),
        "{err}"
    );
}

#[test]
fn saving_the_same_plan_writes_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("plan.ron");
    let plan = crate::example::example_plan();
    assert_eq!(save(&plan, &path).expect("save"), Saved::Written);
    let before = std::fs::metadata(&path)
        .and_then(|m| m.modified())
        .expect("mtime");
    std::thread::sleep(std::time::Duration::from_millis(20));
    assert_eq!(save(&plan, &path).expect("save"), Saved::Unchanged);
    let after = std::fs::metadata(&path)
        .and_then(|m| m.modified())
        .expect("mtime");
    assert_eq!(before, after, "the file was not touched");
}

#[test]
fn crlf_files_stay_crlf() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("windows.ron");
    let crlf = crate::example::EXAMPLE_RON.replace('\n', "\r\n");
    std::fs::write(&path, &crlf).expect("write");
    let mut plan = load(&path).expect("CRLF loads");
    assert_eq!(
        save(&plan, &path).expect("save"),
        Saved::Unchanged,
        "same plan, same bytes"
    );
    plan.name = "Renamed".into();
    save(&plan, &path).expect("save");
    let text = std::fs::read_to_string(&path).expect("read");
    assert_eq!(
        text.matches('\n').count(),
        text.matches("\r\n").count(),
        "every line ends in CRLF"
    );
    assert_eq!(load(&path).expect("loads"), plan);
}

/// A save writes the plan as it makes its text; what it reports knowing
/// of the file is what reading the file back gives, so the next save
/// knows its own file, CRLF or not.
#[test]
fn a_save_knows_the_file_it_wrote() {
    let dir = tempfile::tempdir().expect("tempdir");
    let plan = crate::generate::generate(300, 9);
    for crlf in [false, true] {
        let path = dir.path().join(format!("plan-{crlf}.ron"));
        if crlf {
            std::fs::write(&path, "(\r\n    format: 1,\r\n)\r\n").expect("write");
        }
        let report = save_with(&plan, &path, &SaveOptions::default()).expect("save");
        assert_eq!(report.saved, Saved::Written);
        let bytes = std::fs::read(&path).expect("read");
        let expected = if crlf {
            to_string(&plan).replace('\n', "\r\n")
        } else {
            to_string(&plan)
        };
        assert_eq!(bytes, expected.as_bytes());
        assert_eq!(report.baseline, Baseline::of(&path, &bytes));
        let again = SaveOptions {
            expected: Some(&report.baseline),
            ..SaveOptions::default()
        };
        assert_eq!(
            save_with(&plan, &path, &again).expect("saved again").saved,
            Saved::Unchanged
        );
    }
}

#[test]
fn files_over_the_limit_are_refused_before_reading() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("huge.ron");
    let file = std::fs::File::create(&path).expect("create");
    file.set_len(MAX_FILE_BYTES + 1).expect("sparse file");
    let err = load(&path).expect_err("too large");
    assert!(matches!(err, LoadError::TooLarge { .. }));
    assert!(err.to_string().contains("1024 MiB"), "{err}");
}

#[path = "safety_tests.rs"]
mod safety;

#[path = "golden_tests.rs"]
mod golden;

#[test]
fn format_one_files_load_and_save_as_format_one_until_they_use_format_two() {
    // The example without its waves uses nothing of format 2.
    let mut example = parse_str(crate::example::EXAMPLE_RON).expect("example loads");
    example.waves.clear();
    let format_one = to_string(&example);
    let text = format_one.as_str();
    assert!(text.starts_with("(\n    format: 1,"), "{}", &text[..40]);
    let mut plan = parse_str(text).expect("format 1 loads");
    assert_eq!(to_string(&plan), text, "saved unchanged, still format 1");
    plan.log[0].due = Some("2026-12-01".into());
    let saved = to_string(&plan);
    assert!(saved.starts_with("(\n    format: 2,"), "{}", &saved[..40]);
    assert!(saved.contains("due: Some(\"2026-12-01\")"));
    let back = parse_str(&saved).expect("format 2 loads");
    assert_eq!(back.log[0].due.as_deref(), Some("2026-12-01"));
    assert_eq!(to_string(&back), saved);
    let full = parse_str(
        r#"(format: 2, bandwidth_mbps: Some(500),
            waves: [(name: "Wave 1", start: Some("2026-12-01"), end: None, notes: "")],
            workloads: [(name: "ERP", remediation_timing_confirmed_by: ["pt-a"],
              checklist: [(id: "ck-1", phase: Ready, text: "Users trained", owner: None, done: true, note: "")])],
            log: [(text: "x", about: Some("wl-1"))])"#,
    )
    .expect("every format 2 field");
    assert_eq!(full.bandwidth_mbps, Some(500));
    assert_eq!(full.waves[0].name, "Wave 1");
    assert_eq!(full.workloads[0].checklist[0].phase, Phase::Ready);
    assert_eq!(parse_str(&to_string(&full)).expect("round trip"), full);
}
