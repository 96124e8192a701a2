//! Whatever opens takes the keyboard: dialogs, new items, the quick log;
//! Enter confirms and Escape cancels; and the quick log never loses what
//! was typed.

use crate::common::*;
use crate::keys::{press, press_with};
use egui::accesskit::Role;
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable};
use ferry::app::{Document, FerryApp, ScriptedDialogs, View};

/// The label of the widget that has the keyboard.
fn focused(h: &Harness<'_, FerryApp>) -> String {
    h.query_all_by(|n| n.is_focused())
        .filter_map(|n| n.accesskit_node().label())
        .next()
        .unwrap_or_default()
}

/// Types text as a real window does: one text event per frame's worth.
fn type_keys(h: &mut Harness<'_, FerryApp>, text: &str) {
    h.event(egui::Event::Text(text.to_owned()));
    h.run();
}

#[test]
fn the_quick_log_keeps_its_text_through_escape_in_a_list_and_adds_on_enter() {
    let mut h = example_app(vec![]);
    h.get_by_role_and_label(Role::Button, "ERP").click();
    h.run();
    press_with(&mut h, Modifiers::COMMAND, Key::L);
    assert_eq!(focused(&h), "What", "the text field has the keyboard");
    type_keys(&mut h, "Patch the DBAs' servers first");

    // The Owner list opens above the dialog, and Escape closes only it.
    h.get_by_role_and_label(Role::ComboBox, "Owner").click();
    h.run();
    let option = h
        .get_all_by_label("DBAs")
        .last()
        .expect("in the list")
        .rect();
    let dialog = egui::LayerId::new(egui::Order::Foreground, egui::Id::unique("ferry-quick-log"));
    let on_top = h.ctx.layer_id_at(option.center());
    assert_ne!(on_top, Some(dialog), "the list is drawn above the dialog");
    press(&mut h, Key::Escape);
    assert!(h.query_by_label("Log it").is_some(), "the dialog stays");
    assert_eq!(
        h.get_by_label("What").value().as_deref(),
        Some("Patch the DBAs' servers first")
    );

    // A date not on the calendar is said, and Enter adds nothing.
    h.get_by_label("Due (YYYY-MM-DD)").focus();
    h.run();
    type_keys(&mut h, "2025-02-30");
    press(&mut h, Key::Enter);
    assert!(h.query_by_label("Log it").is_some(), "not added");
    assert!(
        h.query_by_label_contains(
            "2025-02-30 is not a day of the calendar (February 2025 has 28 days)"
        )
        .is_some()
    );
    let before = h.state().session.doc.plan.log.len();
    // Fixed, Enter in the Due field adds it.
    h.get_by_label("Due (YYYY-MM-DD)").focus();
    h.run();
    press_with(&mut h, Modifiers::COMMAND, Key::A);
    type_keys(&mut h, "2025-03-02");
    press(&mut h, Key::Enter);
    assert!(h.query_by_label("Log it").is_none(), "added and closed");
    let log = &h.state().session.doc.plan.log;
    assert_eq!(log.len(), before + 1);
    let entry = log.last().expect("the entry");
    assert_eq!(entry.text, "Patch the DBAs' servers first");
    assert_eq!(entry.due.as_deref(), Some("2025-03-02"));

    // Escape with no list open cancels the dialog.
    press_with(&mut h, Modifiers::COMMAND, Key::L);
    type_keys(&mut h, "Not this one");
    press(&mut h, Key::Escape);
    assert!(h.query_by_label("Log it").is_none());
    assert_eq!(h.state().session.doc.plan.log.len(), before + 1);
}

#[test]
fn the_log_shows_a_whole_question_and_its_due_date_at_projector_zoom() {
    let mut plan = ferry::example::example_plan();
    let question = "Merge: both copies changed the replication tool of erp-db-01 (yours: Azure Migrate, theirs: Database Migration Service) — which one does the team use, and who confirms it with the DBAs before the cut-over weekend?";
    plan.log.push(ferry::model::LogEntry {
        id: "lg-merge".into(),
        kind: ferry::model::LogKind::Question,
        text: question.into(),
        due: Some("2026-04-30".into()),
        ..Default::default()
    });
    let app = FerryApp::new(
        Document::new(plan, None),
        Box::new(ScriptedDialogs::default()),
    );
    let screen = egui::vec2(1280.0, 800.0) / 1.5;
    let mut h = Harness::builder()
        .with_size(screen)
        .with_pixels_per_point(1.5)
        .build_ui_state(|ui, app: &mut FerryApp| app.ui(ui), app);
    h.run();
    h.state_mut().view = View::Log;
    h.run();
    let visible = egui::Rect::from_min_size(egui::Pos2::ZERO, screen);
    let n = h.state().session.doc.plan.log.len();
    let text_label = format!("Text of entry {n}");
    let text = h.get_by_label(&text_label);
    assert_eq!(text.value().as_deref(), Some(question));
    // Wrapped on several lines, not cut to one, and the due date beside
    // it within the window's width.
    assert!(text.rect().height() > 40.0, "{:?}", text.rect());
    assert!(
        visible.x_range().contains(text.rect().right()),
        "{:?}",
        text.rect()
    );
    let due_label = format!("Due date of entry {n}");
    let due = h.get_by_label(&due_label);
    assert!(
        visible.x_range().contains(due.rect().right()),
        "due at {:?}",
        due.rect()
    );
}

#[test]
fn new_items_take_the_keyboard_with_their_name_selected() {
    let mut h = example_app(vec![]);
    // A new party.
    h.get_by_role_and_label(Role::Button, "Parties").click();
    h.run();
    let n = h.state().session.doc.plan.parties.len();
    h.get_by_label("+ Add party").click();
    h.run();
    h.run();
    assert_eq!(focused(&h), format!("Name of party {}", n + 1));
    type_keys(&mut h, "Network team");
    assert_eq!(
        h.state()
            .session
            .doc
            .plan
            .parties
            .last()
            .map(|p| p.name.as_str()),
        Some("Network team"),
        "typing replaced the made-up name"
    );
    // A new workload.
    h.get_by_label("+ Add").click();
    h.run();
    h.run();
    assert_eq!(focused(&h), "Name");
    type_keys(&mut h, "CRM");
    assert!(
        h.state()
            .session
            .doc
            .plan
            .workloads
            .iter()
            .any(|w| w.name == "CRM")
    );
}

#[test]
fn a_typed_path_takes_the_keyboard_and_enter_uses_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("report.md");
    let app = FerryApp::new(
        Document::example(),
        Box::new(ScriptedDialogs::unavailable()),
    );
    let mut h = harness_with(app);
    h.get_by_label("File").click();
    h.run();
    h.get_by_label("Export").click();
    h.run();
    h.get_by_label("Report as Markdown…").click();
    h.run();
    assert!(
        h.query_by_label_contains("no file-chooser portal")
            .is_some()
    );
    assert_eq!(focused(&h), "Path", "the path field has the keyboard");
    press_with(&mut h, Modifiers::COMMAND, Key::A);
    type_keys(&mut h, out.to_str().expect("utf8"));
    press(&mut h, Key::Enter);
    assert!(out.is_file(), "Enter in the path field exports");
}

#[test]
fn a_question_takes_the_keyboard_enter_answers_and_escape_cancels() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("plan.ron");
    let mut h = example_app(vec![Some(path.clone())]);
    make_dbas_responsible_for_erp_staging(&mut h);
    // New plan with unsaved changes: the question's default is Save.
    press_with(&mut h, Modifiers::COMMAND, Key::N);
    assert!(h.query_by_label("Unsaved changes").is_some());
    assert_eq!(focused(&h), "Save");
    press(&mut h, Key::Escape);
    assert!(h.query_by_label("Unsaved changes").is_none(), "cancelled");
    assert_eq!(h.state().session.doc.plan.name, "Contoso wave 1");
    press_with(&mut h, Modifiers::COMMAND, Key::N);
    press(&mut h, Key::Tab);
    assert_eq!(focused(&h), "Don't save");
    press(&mut h, Key::Enter);
    assert_eq!(
        h.state().session.doc.plan.name,
        "Untitled plan",
        "Enter gave the answer with the keyboard"
    );
}

/// A fast typist (or a script) types the first letter in the very frame
/// that takes Ctrl+L, before the quick log exists: it lands in What, not
/// nowhere.
#[test]
fn the_first_letter_after_ctrl_l_is_kept() {
    let mut h = example_app(vec![]);
    // One frame's events as a real window batches them: Ctrl+L pressed
    // and released, then the first letter.
    let events = &mut h.input_mut().events;
    events.push(egui::Event::ModifiersChanged(Modifiers::COMMAND));
    for pressed in [true, false] {
        events.push(egui::Event::Key {
            key: Key::L,
            physical_key: Some(Key::L),
            pressed,
            repeat: false,
            modifiers: Modifiers::COMMAND,
        });
    }
    events.push(egui::Event::ModifiersChanged(Modifiers::NONE));
    events.push(egui::Event::Text("T".into()));
    h.step();
    h.event(egui::Event::Text("ypes".into()));
    h.run();
    let what = h
        .get_by_role_and_label(Role::TextInput, "What")
        .accesskit_node()
        .value()
        .unwrap_or_default();
    assert_eq!(what, "Types");
}

/// The plan's first workload, asset or issue as typed by a real keyboard
/// right after the button that makes it: every key lands in its name.
#[test]
fn the_overviews_add_a_workload_gives_its_name_the_keyboard() {
    // A plan with no workload yet: the overview says where to start.
    let mut h = harness_with(FerryApp::new(
        Document::new(ferry::model::Plan::named("Datacenter exit"), None),
        Box::new(ScriptedDialogs::default()),
    ));
    h.get_by_label("3. Add a workload").click();
    h.run();
    h.run();
    assert_eq!(focused(&h), "Name");
    crate::real_input::type_keys(&mut h, "Payroll");
    let plan = &h.state().session.doc.plan;
    assert_eq!(
        plan.workloads.last().map(|w| w.name.as_str()),
        Some("Payroll")
    );
}

#[test]
fn a_new_asset_and_a_new_issue_take_the_keyboard_with_their_text_selected() {
    let mut h = example_app(vec![]);
    h.get_by_role_and_label(Role::Button, "Assets").click();
    h.run();
    h.get_by_label("+ Add asset").click();
    h.run();
    h.run();
    assert_eq!(focused(&h), "Name", "the new asset's name has the keyboard");
    crate::real_input::type_keys(&mut h, "payroll db");
    let asset = |h: &Harness<'_, FerryApp>| {
        h.state()
            .session
            .doc
            .plan
            .assets
            .last()
            .map(|a| (**a).clone())
            .expect("an asset")
    };
    assert_eq!(
        asset(&h).name,
        "payroll db",
        "typing replaced its made-up name"
    );

    h.get_by_label("+ Add issue").click();
    h.run();
    h.run();
    assert_eq!(focused(&h), "Issue 1");
    crate::real_input::type_keys(&mut h, "TLS one");
    let issues = asset(&h).remediation.issues;
    assert_eq!(issues.len(), 1);
    assert_eq!(issues[0].text, "TLS one");
}

#[test]
fn the_wave_dates_editor_takes_the_keyboard_and_escape_cancels_it() {
    let mut h = example_app(vec![]);
    h.get_by_role_and_label(Role::Button, "Waves").click();
    h.run();
    h.get_by_label("Dates of wave 1…").click();
    h.run();
    h.run();
    assert_eq!(focused(&h), "Start of wave 1");
    crate::real_input::type_keys(&mut h, "2026-05-04");
    press(&mut h, Key::Tab);
    assert_eq!(focused(&h), "End of wave 1");
    press_with(&mut h, Modifiers::COMMAND, Key::A);
    crate::real_input::type_keys(&mut h, "2026-05-29");
    press(&mut h, Key::Enter);
    let wave = &h.state().session.doc.plan.waves[0];
    assert_eq!(
        (wave.start.as_deref(), wave.end.as_deref()),
        (Some("2026-05-04"), Some("2026-05-29")),
        "Enter set what was typed"
    );
    assert!(
        h.query_by_label("Set dates").is_none(),
        "and closed the form"
    );

    // Opened again, Escape in a field closes it and changes nothing.
    h.get_by_label("Dates of wave 1…").click();
    h.run();
    h.run();
    crate::real_input::type_keys(&mut h, "2027-01-01");
    press(&mut h, Key::Escape);
    assert!(h.query_by_label("Set dates").is_none(), "Escape cancelled");
    let wave = &h.state().session.doc.plan.waves[0];
    assert_eq!(wave.start.as_deref(), Some("2026-05-04"));
}

#[test]
fn escape_closes_suggest_workloads() {
    let mut h = example_app(vec![]);
    h.get_by_role_and_label(Role::Button, "Assets").click();
    h.run();
    h.get_by_label("Suggest workloads…").click();
    h.run();
    assert!(h.query_by_label("Suggested workloads").is_some());
    press(&mut h, Key::Escape);
    assert!(
        h.query_by_label("Suggested workloads").is_none(),
        "Escape closed it, as Close does"
    );
    assert!(h.query_by_label("Suggest workloads…").is_some());
}
