//! Help › About, driven headless as a user would: it says the version, the
//! license and where this plan and its kept versions are stored, and gets
//! out of the way with Escape.

use egui::Key;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use ferry::app::{FerryApp, ScriptedDialogs};

#[test]
fn about_says_version_license_and_where_things_are_kept() {
    let dir = tempfile::tempdir().expect("tempdir");
    let plan = dir.path().join("contoso.ron");
    ferry::storage::save(&ferry::example::example_plan(), &plan).expect("save");
    let data = dir.path().join("data");
    let mut app = FerryApp::starting_with(
        Some(plan.clone()),
        vec![],
        Box::new(ScriptedDialogs::default()),
    );
    app.start(Some(data.clone()));
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        .build_ui_state(|ui, app: &mut FerryApp| app.ui(ui), app);
    // The plan is read on a worker thread: wait until it is open.
    let start = std::time::Instant::now();
    while harness.state().session.busy() {
        assert!(
            start.elapsed().as_secs() < 120,
            "still opening after two minutes"
        );
        harness.step();
        std::thread::sleep(std::time::Duration::from_millis(2));
    }
    harness.run();

    harness.get_by_label("Help").click();
    harness.run();
    harness.get_by_label("About Ferry").click();
    // The menu fades out and the window fades in; then it is quiet.
    harness.run_steps(4);
    harness.run();

    harness.get_by_label(&format!("Ferry {}", env!("CARGO_PKG_VERSION")));
    harness.get_by_label(&format!("License: {}", env!("CARGO_PKG_LICENSE")));
    let shown = |text: &str| harness.query_by_label_contains(text).is_some();
    let beside = ferry::storage::versions::beside(&plan);
    let in_data = ferry::storage::versions::home_root(&data);
    assert!(
        shown(&plan.display().to_string()),
        "the open plan's file is named"
    );
    assert!(
        shown(&beside.display().to_string()),
        "kept versions beside the plan: {}",
        beside.display()
    );
    assert!(
        shown(&in_data.display().to_string()),
        "kept versions in the data folder: {}",
        in_data.display()
    );

    // Copy details: everything above, as text for a bug report.
    harness.get_by_label("Copy details").click();
    harness.step();
    let copied: Vec<&String> = harness
        .output()
        .platform_output
        .commands
        .iter()
        .filter_map(|c| match c {
            egui::OutputCommand::CopyText(text) => Some(text),
            _ => None,
        })
        .collect();
    let [copied] = copied[..] else {
        panic!("one text copied, not {copied:?}");
    };
    assert!(
        copied.starts_with(&format!("ferry {}\n", env!("CARGO_PKG_VERSION"))),
        "{copied}"
    );
    assert!(copied.contains(&in_data.display().to_string()), "{copied}");
    harness.run();

    harness.key_press(Key::Escape);
    harness.run();
    assert!(
        harness
            .query_by_label(&format!("Ferry {}", env!("CARGO_PKG_VERSION")))
            .is_none(),
        "Escape closes About"
    );
}
