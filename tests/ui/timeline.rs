//! The wave board's Timeline view at a projector's zoom, the overview's
//! progress chart over saves, and File › Export's calendar and open work.

use egui::Key;
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use ferry::app::progress::NO_HISTORY;
use ferry::app::{Document, FerryApp, ScriptedDialogs};
use ferry::change::{Change, PlanChange};
use ferry::export::ReportFormat;
use ferry::model::{Plan, Wave};

use crate::common::*;

/// The example's two waves (November–December, January–February), a
/// hypercare wave across both, and a wave without dates.
fn plan_with_timeline() -> Plan {
    let mut plan = ferry::example::example_plan();
    plan.waves.push(Wave {
        name: "Hypercare".into(),
        start: Some("2026-11-20".into()),
        end: Some("2027-01-15".into()),
        ..Wave::default()
    });
    plan.waves.push(Wave {
        name: "Someday".into(),
        ..Wave::default()
    });
    plan
}

/// The wave board's timeline on a 1280×800 screen at 150 %.
fn timeline_at_150(plan: Plan) -> Harness<'static, FerryApp> {
    let app = FerryApp::new(
        Document::new(plan, None),
        Box::new(ScriptedDialogs::default()),
    );
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1280.0, 800.0) / 1.5)
        .with_pixels_per_point(1.5)
        .build_ui_state(|ui, app: &mut FerryApp| app.ui(ui), app);
    harness.run();
    harness.get_by_role_and_label(Role::Button, "Waves").click();
    harness.run();
    harness.get_by_label("Timeline").click();
    harness.run();
    harness
}

/// Ctrl+K, the words, Enter.
fn palette(harness: &mut Harness<'_, FerryApp>, words: &str) {
    harness.key_press_modifiers(egui::Modifiers::COMMAND, Key::K);
    harness.run();
    harness
        .get_by_label("Search actions, workloads, assets, parties")
        .type_text(words);
    harness.run();
    harness.key_press(Key::Enter);
    harness.run();
}

fn bar(harness: &Harness<'_, FerryApp>, name: &str) -> egui::Rect {
    harness.get_by_label_contains(&format!("{name}, ")).rect()
}

#[test]
fn the_timeline_orders_waves_by_date_with_overlaps_on_their_own_row() {
    let harness = timeline_at_150(plan_with_timeline());
    let wave1 = bar(&harness, "Wave 1");
    let hypercare = bar(&harness, "Hypercare");
    let wave2 = bar(&harness, "Wave 2");
    assert!(
        wave1.left() < hypercare.left() && hypercare.left() < wave2.left(),
        "by date: {wave1:?} {hypercare:?} {wave2:?}"
    );
    assert!(
        hypercare.top() > wave1.top() + 1.0,
        "Hypercare overlaps Wave 1, so it is on a row of its own: {wave1:?} {hypercare:?}"
    );
    assert!(
        (wave2.top() - wave1.top()).abs() < 1.0,
        "Wave 2 follows Wave 1, on its row: {wave1:?} {wave2:?}"
    );
    assert!(
        wave1.width() < wave2.left() - wave1.left(),
        "bars do not overlap"
    );
    // The wave without dates is listed apart, with why.
    harness.get_by_label("Waves without dates");
    harness.get_by_role_and_label(Role::Link, "Someday");
    harness.get_by_label_contains("no dates yet");
    // Today is marked (in words in the legend).
    harness.get_by_label_contains("Today, ");
}

#[test]
fn clicking_a_bar_or_enter_on_it_opens_the_wave_on_the_board() {
    let mut harness = timeline_at_150(plan_with_timeline());
    harness.get_by_label_contains("Wave 2, ").click();
    harness.run();
    harness.run();
    assert!(
        harness.get_by_label("Name of wave 2").is_focused(),
        "Wave 2's column is shown, its name ready to edit"
    );
    assert!(harness.query_by_label("Waves without dates").is_none());

    // Back to the timeline, then with the keyboard: Tab to a bar, Enter.
    harness.get_by_label("Timeline").click();
    harness.run();
    harness.get_by_label_contains("Hypercare, ").focus();
    harness.run();
    harness.key_press(Key::Enter);
    harness.run();
    harness.run();
    assert!(harness.get_by_label("Name of wave 3").is_focused());
}

#[test]
fn the_palette_toggles_the_timeline() {
    let mut harness = example_app(vec![]);
    palette(&mut harness, "wave timeline");
    bar(&harness, "Wave 1");
    palette(&mut harness, "wave timeline");
    assert!(harness.query_by_label_contains("Wave 1, ").is_none());
    harness.get_by_label("Name of wave 1");
}

#[test]
fn a_plan_without_dates_says_so_on_the_timeline() {
    let mut plan = ferry::example::example_plan();
    for wave in &mut plan.waves {
        wave.start = None;
        wave.end = None;
    }
    let harness = timeline_at_150(plan);
    harness.get_by_label_contains("No wave has dates yet");
    harness.get_by_role_and_label(Role::Link, "Wave 1");
}

/// Runs frames until the overview's progress chart has read the history.
fn settle_chart(harness: &mut Harness<'_, FerryApp>) {
    let start = std::time::Instant::now();
    loop {
        harness.step();
        if !harness.state().progress.reading() && !harness.state().session.busy() {
            harness.run();
            return;
        }
        assert!(
            start.elapsed() < std::time::Duration::from_secs(120),
            "still reading the history after two minutes"
        );
        std::thread::sleep(std::time::Duration::from_millis(2));
    }
}

#[test]
fn the_progress_chart_appears_once_the_plan_has_been_saved_a_few_times() {
    // A plan never saved: nothing to chart yet, and it says so.
    let mut harness = example_app(vec![]);
    harness.run();
    harness.get_by_label(NO_HISTORY);

    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("plan.ron");
    ferry::storage::save(&ferry::example::example_plan(), &path).expect("save");
    let mut harness = app_on_file(&path, vec![]);
    settle_chart(&mut harness);
    assert!(
        harness.query_by_label(NO_HISTORY).is_some(),
        "one version is no history"
    );

    // Two saves, each keeping the version before it.
    for name in ["Contoso, week 2", "Contoso, week 3"] {
        harness
            .state_mut()
            .session
            .doc
            .change(&Change::Plan(PlanChange::Name(name.into())), None)
            .expect("renamed");
        harness.key_press_modifiers(egui::Modifiers::COMMAND, Key::S);
        settle(&mut harness);
        settle_chart(&mut harness);
    }
    let history = harness.state().progress.history().expect("read").clone();
    assert!(history.points.len() >= 3, "{history:?}");
    assert!(history.points.iter().all(|p| p.counts.assets > 0));
    assert!(harness.query_by_label(NO_HISTORY).is_none());
    let summary = harness.get_by_label_contains("points from").rect();
    // Its key is below the chart (never drawn over the plot's right end),
    // one stage for each band.
    let latest = history.points.last().expect("a point").counts;
    for stage in ferry::derive::Stage::ALL {
        if latest.stage(stage) == 0 {
            continue;
        }
        let key = harness.get_by_label(&format!("■ {}", stage.label())).rect();
        assert!(
            key.top() > summary.bottom() + 150.0,
            "{} is keyed below the chart",
            stage.label()
        );
    }
}

#[test]
fn exporting_the_calendar_writes_the_cores_ics() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("plan.ics");
    let mut harness = example_app(vec![Some(out.clone())]);
    harness.get_by_label("File").click();
    harness.run();
    harness.get_by_label("Export").click();
    harness.run();
    harness.get_by_label("Calendar…").click();
    harness.run();
    let text = std::fs::read_to_string(&out).expect("written");
    let doc = &harness.state().session.doc;
    let expected = ferry::export::report(
        &doc.plan,
        &doc.derived,
        ReportFormat::Ics,
        &ferry::model::today(),
    );
    assert_eq!(text, expected);
    let calendar: icalendar::Calendar = text.parse().expect("the ICS parses");
    assert_eq!(
        calendar.events().count(),
        2,
        "the example's two dated waves"
    );
    assert!(text.contains("\r\n"), "CRLF lines");
    assert!(harness.query_by_label_contains("written to").is_some());
}

#[test]
fn exporting_open_work_from_the_palette_writes_the_trackers_csv() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("open-work.csv");
    let mut harness = example_app(vec![Some(out.clone())]);
    palette(&mut harness, "open work for a tracker");
    let text = std::fs::read_to_string(&out).expect("written");
    let doc = &harness.state().session.doc;
    let expected = ferry::export::report(
        &doc.plan,
        &doc.derived,
        ReportFormat::Tasks,
        &ferry::model::today(),
    );
    assert_eq!(text, expected);
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .expect("header")
        .iter()
        .map(str::to_owned)
        .collect();
    assert_eq!(header, ferry::export::tasks::COLUMNS);
    assert!(reader.records().count() > 0, "the example has open work");
}

#[test]
fn an_export_to_a_folder_that_does_not_exist_says_why() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("missing").join("plan.ics");
    let mut harness = example_app(vec![Some(out.clone())]);
    palette(&mut harness, "export calendar");
    assert!(!out.exists());
    error_banner_says(&harness, &["could not be written", "missing"]);
}
