//! Running a workshop from one screen: the whole session played with the
//! keyboard and a few clicks, the command list behind menus, palette and
//! help, and presentation mode.

use std::path::PathBuf;

use crate::common::settle;
use egui::accesskit::Role;
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable};
use ferry::app::{Document, FerryApp, ScriptedDialogs, UiCommand, View};
use ferry::model::{ActivityKind, LogKind, Raci};

fn app(answers: Vec<Option<PathBuf>>) -> Harness<'static, FerryApp> {
    app_on(Document::example(), answers)
}

fn app_on(doc: Document, answers: Vec<Option<PathBuf>>) -> Harness<'static, FerryApp> {
    let app = FerryApp::new(doc, Box::new(ScriptedDialogs::answering(answers)));
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1400.0, 1000.0))
        .build_ui_state(|ui, app: &mut FerryApp| app.ui(ui), app);
    harness.run();
    harness
}

fn letter(
    h: &Harness<'_, FerryApp>,
    workload: &str,
    kind: ActivityKind,
    party: &str,
) -> Option<Raci> {
    let plan = &h.state().session.doc.plan;
    let w = plan.workloads.iter().find(|w| w.name == workload)?;
    let p = plan.parties.iter().find(|p| p.name == party)?;
    w.activity(kind)?.raci.get(&p.id).copied()
}

#[test]
fn a_workshop_played_with_the_keyboard_ends_in_the_saved_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("workshop.ron");
    let mut h = app(vec![Some(path.clone())]);

    // Ctrl+K, type, Enter: the palette goes to the HR workload.
    h.key_press_modifiers(Modifiers::COMMAND, Key::K);
    h.run();
    h.get_by_label("Search actions, workloads, assets, parties")
        .type_text("hr");
    h.run();
    h.key_press(Key::Enter);
    h.run();
    let hr = h
        .state()
        .session
        .doc
        .plan
        .workloads
        .iter()
        .find(|w| w.name == "HR")
        .map(|w| w.id.clone())
        .expect("HR");
    assert_eq!(h.state().view, View::Workload(hr.clone()));

    // R and A for the three activities, across five parties, by keys:
    // focus a cell, press the letter, move with the arrows.
    h.get_by_label_contains("Remediation / Cloud adoption team")
        .focus();
    h.run();
    h.key_press(Key::A);
    h.run();
    h.key_press(Key::ArrowRight);
    h.run();
    h.key_press(Key::A);
    h.run();
    h.key_press(Key::ArrowRight);
    h.run();
    h.key_press(Key::A);
    h.run();
    for (party, kind) in [
        ("DBAs", ActivityKind::Remediation),
        ("Cloud platform team", ActivityKind::Replication),
        ("Security team", ActivityKind::Staging),
        ("Dana Lee", ActivityKind::Staging),
    ] {
        h.get_by_label_contains(&format!("{} / {party}:", kind.label()))
            .focus();
        h.run();
        h.key_press(Key::R);
        h.run();
    }
    for kind in ActivityKind::MIGRATION {
        assert_eq!(
            letter(&h, "HR", kind, "Cloud adoption team"),
            Some(Raci::Accountable),
            "{kind:?}"
        );
    }
    assert_eq!(
        letter(&h, "HR", ActivityKind::Remediation, "DBAs"),
        Some(Raci::Responsible)
    );
    assert_eq!(
        letter(&h, "HR", ActivityKind::Staging, "Dana Lee"),
        Some(Raci::Responsible)
    );
    // Delete clears a cell.
    h.get_by_label_contains("Staging / Dana Lee:").focus();
    h.run();
    h.key_press(Key::Delete);
    h.run();
    assert_eq!(letter(&h, "HR", ActivityKind::Staging, "Dana Lee"), None);

    // The team check: the DBAs confirm they know how remediation is done.
    h.get_by_role_and_label(Role::CheckBox, "DBAs")
        .scroll_to_me();
    h.run();
    h.get_by_role_and_label(Role::CheckBox, "DBAs").click();
    h.run();
    let confirmed = h
        .state()
        .session
        .doc
        .plan
        .workload(&hr)
        .map(|w| w.remediation_timing_confirmed_by.clone())
        .expect("HR");
    assert_eq!(confirmed.len(), 1);

    // F8: the next open question, counted, in the status bar — the
    // first of the workload on screen (HR), not the plan's first.
    h.key_press(Key::F8);
    h.run();
    let line = h.state_mut().gap_line().expect("where we are");
    assert!(
        line.starts_with("Gap ") && line.contains(": HR: "),
        "{line}"
    );
    assert!(h.query_by_label(&line).is_some(), "{line} is shown");

    // Three decisions logged with Ctrl+L, each about what is on screen.
    h.state_mut().view = View::Workload(hr.clone());
    h.run();
    for (text, owner) in [
        ("Remediate in a wave", "DBAs"),
        ("DBAs own the patching", "Security team"),
        ("Go live in March", "Dana Lee"),
    ] {
        h.key_press_modifiers(Modifiers::COMMAND, Key::L);
        h.run();
        h.get_by_label("What").type_text(text);
        h.run();
        h.get_by_role_and_label(Role::ComboBox, "Owner").click();
        h.run();
        h.get_all_by_label(owner)
            .last()
            .expect("in the list")
            .click();
        h.run();
        h.get_by_label("Add (Enter)").click();
        h.run();
    }
    let logged: Vec<&str> = h
        .state()
        .session
        .doc
        .plan
        .log
        .iter()
        .filter(|l| l.about.as_deref() == Some(hr.as_str()))
        .map(|l| l.text.as_str())
        .collect();
    assert_eq!(
        logged,
        [
            "Remediate in a wave",
            "DBAs own the patching",
            "Go live in March"
        ]
    );

    // Undo the last two steps, then save.
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    settle(&mut h);
    let saved = ferry::storage::load(&path).expect("saved");
    let about_hr: Vec<&ferry::model::LogEntry> = saved
        .log
        .iter()
        .filter(|l| l.about.as_deref() == Some(hr.as_str()))
        .collect();
    assert_eq!(about_hr.len(), 1);
    assert_eq!(about_hr[0].text, "Remediate in a wave");
    assert_eq!(about_hr[0].kind, LogKind::Decision);
    let owner = about_hr[0].owner.as_deref().expect("an owner");
    assert_eq!(saved.party_name(owner), "DBAs");
    let w = saved.workloads.iter().find(|w| w.id == hr).expect("HR");
    assert_eq!(w.remediation_timing_confirmed_by.len(), 1);
    assert!(
        std::fs::read_to_string(&path)
            .expect("text")
            .contains("format: 2,")
    );
}

#[test]
fn every_command_is_in_the_palette_the_help_and_the_menus() {
    let mut h = app(vec![]);
    // The palette lists every command (aliases are the same command).
    h.key_press_modifiers(Modifiers::COMMAND, Key::K);
    h.run();
    for command in UiCommand::ALL.iter().filter(|c| !c.is_alias()) {
        assert!(
            h.query_all_by_label_contains(command.label())
                .next()
                .is_some(),
            "{command:?} missing from the palette"
        );
    }
    h.key_press(Key::Escape);
    h.run();
    // The help lists every command with its keys.
    h.key_press(Key::F1);
    h.run();
    assert!(h.query_by_label("Getting started").is_some());
    for command in UiCommand::ALL.iter() {
        assert!(
            h.query_all_by_label_contains(command.label())
                .next()
                .is_some(),
            "{command:?} missing from the help"
        );
    }
    h.key_press(Key::Escape);
    h.run();
    assert!(
        h.query_by_label("Getting started").is_none(),
        "Escape closes it"
    );
    // Every menu item is a command: the menus hold exactly the list.
    for menu in ["File", "Edit", "Go", "View", "Help"] {
        h.get_by_label(menu).click();
        h.run();
        h.key_press(Key::Escape);
        h.run();
    }
}

#[test]
fn presentation_shows_every_full_party_name_and_escape_leaves() {
    let mut h = app(vec![]);
    h.get_by_role_and_label(Role::Button, "ERP").click();
    h.run();
    h.key_press(Key::F11);
    h.run();
    assert!(h.state().presenting());
    assert!(
        h.query_by_role_and_label(Role::Button, "Overview")
            .is_none(),
        "navigation folded away"
    );
    for party in [
        "Cloud adoption team",
        "Cloud governance team",
        "Fabrikam Services",
        "Zoë Müller",
    ] {
        assert!(
            h.query_all_by_label(party).next().is_some(),
            "{party} in full"
        );
    }
    h.key_press(Key::Escape);
    h.run();
    assert!(!h.state().presenting());
    assert!(
        h.query_by_role_and_label(Role::Button, "Overview")
            .is_some()
    );
}

#[test]
fn a_new_log_entry_gets_the_cursor_and_reads_well_in_undo() {
    let mut h = app(vec![]);
    h.get_by_role_and_label(Role::Button, "Log").click();
    h.run();
    let before = h.state().session.doc.plan.log.len();
    h.get_by_label("+ Action").click();
    h.run();
    let label = format!("Text of entry {}", before + 1);
    assert!(
        h.get_by_label(&label).is_focused(),
        "the new entry's text has the cursor"
    );
    h.get_by_label(&label).type_text("Book the change window");
    h.run();
    assert_eq!(
        h.state()
            .session
            .doc
            .plan
            .log
            .last()
            .map(|l| l.text.as_str()),
        Some("Book the change window")
    );
    h.key_press(Key::Escape);
    h.get_by_label("File").click();
    h.run();
    h.get_by_label("Edit").click();
    h.run();
    assert!(
        h.query_by_label_contains("Undo edit the text of log entry “Book the change window”")
            .is_some()
    );
    assert!(h.query_by_label_contains("add a action").is_none());
}

/// The example plan with twelve parties, three of them with long names.
fn twelve_parties() -> ferry::model::Plan {
    let mut plan = ferry::example::example_plan();
    for name in [
        "Business continuity office",
        "Network engineering",
        "Identity and access management",
    ] {
        plan.parties.push(ferry::model::Party::new(
            name,
            ferry::model::PartyKind::Team,
            ferry::model::Role::Other,
        ));
    }
    plan
}

#[test]
fn presentation_at_150_percent_shows_twelve_full_names_and_every_cell_without_scrolling() {
    let plan = twelve_parties();
    assert_eq!(plan.parties.len(), 12);
    let names: Vec<String> = plan.parties.iter().map(|p| p.name.clone()).collect();
    let mut app = FerryApp::new(
        Document::new(plan, None),
        Box::new(ScriptedDialogs::default()),
    );
    app.preferences.presentation = true;
    // A 1280×800 projector at 150 %: 853×533 points of 1.5 pixels.
    let screen = egui::vec2(1280.0, 800.0) / 1.5;
    let mut h = Harness::builder()
        .with_size(screen)
        .with_pixels_per_point(1.5)
        .build_ui_state(|ui, app: &mut FerryApp| app.ui(ui), app);
    h.run();
    assert!(h.state().presenting());
    let visible = egui::Rect::from_min_size(egui::Pos2::ZERO, screen);

    for name in &names {
        let label = h
            .get_all_by_label(name)
            .find(|n| n.accesskit_node().role() == Role::Label)
            .unwrap_or_else(|| panic!("{name} is not shown in full"));
        assert!(
            visible.contains_rect(label.rect()),
            "{name} at {:?}",
            label.rect()
        );
        for kind in ActivityKind::MIGRATION {
            let query = format!("{} / {name}:", kind.label());
            let cell = h.get_by_label_contains(&query);
            assert!(
                visible.contains_rect(cell.rect()),
                "{} / {name} at {:?} is off screen",
                kind.label(),
                cell.rect()
            );
        }
    }
}

#[test]
fn a_new_plan_says_what_to_do_first_and_each_step_is_a_button() {
    let mut h = app(vec![]);
    h.key_press_modifiers(Modifiers::COMMAND, Key::N);
    h.run();
    assert!(h.query_by_label("Start here").is_some());
    h.get_by_label("2. Add the CAF teams").click();
    h.run();
    assert_eq!(h.state().session.doc.plan.parties.len(), 7);
    h.get_by_label("3. Add a workload").click();
    h.run();
    assert!(matches!(h.state().view, View::Workload(_)));
    h.state_mut().view = View::Overview;
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::P);
    h.run();
    assert!(h.state().show_problems);
    h.key_press(Key::Escape);
    h.run();
    assert!(!h.state().show_problems, "Escape closes the problems");
}

#[test]
fn zoom_and_presentation_are_kept_for_the_next_run() {
    let mut h = app(vec![]);
    h.key_press_modifiers(Modifiers::COMMAND, Key::Plus);
    h.run();
    h.key_press(Key::F11);
    h.run();
    let kept = h.state().preferences.clone();
    assert!(kept.zoom > 1.0, "{kept:?}");
    assert!(kept.presentation);
    // The preferences survive as the window's saved settings do.
    let text = serde_json::to_string(&kept).expect("serialise");
    let back: ferry::app::Preferences = serde_json::from_str(&text).expect("read back");
    assert_eq!(back, kept);
}

/// The window's settings, in memory.
#[derive(Default)]
struct Settings(std::collections::HashMap<String, String>);

impl eframe::Storage for Settings {
    fn get_string(&self, key: &str) -> Option<String> {
        self.0.get(key).cloned()
    }
    fn set_string(&mut self, key: &str, value: String) {
        self.0.insert(key.to_owned(), value);
    }
    fn remove_string(&mut self, key: &str) {
        self.0.remove(key);
    }
    fn flush(&mut self) {}
}

#[test]
fn recent_files_zoom_and_presentation_are_kept_in_one_place() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("kept.ron");
    ferry::storage::save(&ferry::example::example_plan(), &path).expect("save");
    let mut h = app(vec![]);
    h.state_mut().open_path(&path);
    h.state_mut().wait_for_open();
    h.key_press_modifiers(Modifiers::COMMAND, Key::Plus);
    h.run();
    let mut settings = Settings::default();
    eframe::App::save(h.state_mut(), &mut settings);
    assert_eq!(settings.0.len(), 1, "one entry: {:?}", settings.0.keys());
    let back = ferry::app::Preferences::load(Some(&settings));
    assert!(back.zoom > 1.0);
    assert_eq!(
        back.recent.first(),
        Some(&std::path::absolute(&path).expect("absolute"))
    );
    // Settings written by an earlier version, under their own keys.
    let mut old = Settings::default();
    eframe::set_value(&mut old, "ferry.recent", &vec![path.clone()]);
    assert_eq!(
        ferry::app::Preferences::load(Some(&old)).recent,
        vec![path.clone()]
    );
}

#[test]
fn choosing_staged_offers_its_checklist_and_the_overview_shows_promotion_progress() {
    let mut h = app(vec![]);
    h.get_by_role_and_label(Role::Button, "Intranet").click();
    h.run();
    h.get_by_role_and_label(Role::RadioButton, "Staged").click();
    h.run();
    let offer = h
        .get_all_by(|n| {
            n.label()
                .is_some_and(|l| l.starts_with("Add the ") && l.ends_with("for staged promotion"))
        })
        .next()
        .expect("the CAF checklist is offered");
    offer.scroll_to_me();
    h.run();
    h.get_all_by(|n| {
        n.label()
            .is_some_and(|l| l.starts_with("Add the ") && l.ends_with("for staged promotion"))
    })
    .next()
    .expect("offer")
    .click();
    h.run();
    let intranet = |h: &Harness<'_, FerryApp>| {
        h.state()
            .session
            .doc
            .plan
            .workloads
            .iter()
            .find(|w| w.name == "Intranet")
            .cloned()
            .expect("Intranet")
    };
    let total = intranet(&h).checklist.len();
    assert!(
        total > 10,
        "staged promotion has business testing and the change plan"
    );
    let first = intranet(&h).checklist[0].text.clone();
    let done_box = format!("Done: {first}");
    h.get_by_label(&done_box).scroll_to_me();
    h.run();
    h.get_by_label(&done_box).click();
    h.run();
    assert!(intranet(&h).checklist[0].done);
    h.get_by_role_and_label(Role::Button, "Overview").click();
    h.run();
    assert!(
        h.query_all_by_label_contains(&format!("checklist 1/{total}"))
            .next()
            .is_some(),
        "the overview shows promotion readiness"
    );
}

#[test]
fn the_bandwidth_is_set_from_a_workload_page_and_the_estimate_names_unknown_storage() {
    use crate::real_input::{press, type_keys};
    let mut h = app(vec![]);
    h.get_by_role_and_label(Role::Button, "ERP").click();
    h.run();
    assert!(
        h.query_all_by_label_contains("Storage unknown for")
            .next()
            .is_some(),
        "assets without storage facts are named, not counted as zero"
    );
    // The plan's bandwidth is typed in the plan settings, whole.
    h.get_by_label("Set bandwidth…").scroll_to_me();
    h.run();
    h.get_by_label("Set bandwidth…").click();
    h.run();
    assert_eq!(h.state().view, View::Settings);
    assert!(
        h.get_by_role_and_label(Role::TextInput, "Replication bandwidth")
            .is_focused(),
        "the field has the keyboard"
    );
    type_keys(&mut h, "500");
    press(&mut h, Modifiers::NONE, Key::Enter);
    assert_eq!(h.state().session.doc.plan.bandwidth_mbps, Some(500));
    assert_eq!(
        h.state().session.doc.history.undo_label(),
        Some("Set the replication bandwidth to 500 Mbit/s"),
        "named with the number typed key by key, not its first digit"
    );
    press(&mut h, Modifiers::NONE, Key::Escape);
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert_eq!(
        h.state().session.doc.plan.bandwidth_mbps,
        None,
        "typing was one undo step"
    );
}

#[test]
fn the_wave_board_makes_waves_of_the_labels_and_moves_a_workload_in_one_step() {
    // The example as a plan from before waves were a list: workloads carry
    // wave labels that name no wave.
    let mut plan = ferry::example::example_plan();
    plan.waves.clear();
    let mut h = app_on(Document::new(plan, None), vec![]);
    h.get_by_role_and_label(Role::Button, "Waves").click();
    h.run();
    h.get_all_by(|n| {
        n.label()
            .is_some_and(|l| l.starts_with("Make waves of the labels in use"))
    })
    .next()
    .expect("the labels name no wave yet")
    .click();
    h.run();
    let names: Vec<String> = h
        .state()
        .session
        .doc
        .plan
        .waves
        .iter()
        .map(|w| w.name.clone())
        .collect();
    assert!(names.len() >= 2, "{names:?}");
    let wave_of = |h: &Harness<'_, FerryApp>, name: &str| {
        h.state()
            .session
            .doc
            .plan
            .workloads
            .iter()
            .find(|w| w.name == name)
            .map(|w| w.wave.clone())
            .expect("workload")
    };
    let before = wave_of(&h, "ERP");
    let target = names
        .iter()
        .find(|n| **n != before)
        .expect("another wave")
        .clone();
    h.get_by_label("Move ERP to").click();
    h.run();
    h.get_all_by(|n| n.role() != Role::Label && n.label().as_deref() == Some(target.as_str()))
        .last()
        .expect("in the list")
        .click();
    h.run();
    assert_eq!(wave_of(&h, "ERP"), target);
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert_eq!(wave_of(&h, "ERP"), before, "one undo step");
}

#[test]
fn the_example_opens_on_real_waves_with_dates() {
    let mut h = app(vec![]);
    h.get_by_role_and_label(Role::Button, "Waves").click();
    h.run();
    assert!(
        h.query_by_label_contains("Make waves of the labels in use")
            .is_none(),
        "every label of the example names a wave"
    );
    assert!(
        h.query_by_label("No wave").is_none(),
        "no workload left out"
    );
    for (number, name, dates) in [
        (1, "Wave 1", "2026-11-02 – 2026-12-11"),
        (2, "Wave 2", "2027-01-11 – 2027-02-19"),
    ] {
        let label = format!("Name of wave {number}");
        let field = h.get_by_label(&label);
        assert_eq!(
            field
                .accesskit_node()
                .value()
                .map(|v| v.to_string())
                .as_deref(),
            Some(name)
        );
        assert!(h.query_by_label(dates).is_some(), "{dates}");
    }
    // Payroll and ERP are cards in the first wave's column, HR and
    // Intranet in the second's.
    let second_column = h.get_by_label("Name of wave 2").rect().left();
    for (workload, first) in [
        ("Payroll", true),
        ("ERP", true),
        ("HR", false),
        ("Intranet", false),
    ] {
        let left = h.get_by_label(&format!("Move {workload} to")).rect().left();
        assert_eq!(left < second_column, first, "{workload}");
    }
}

/// F8 starts with the gaps of the workload on screen, and in presentation
/// at 150 % it brings the field that fixes a gap into view with the
/// keyboard on it — never a control the room cannot see.
#[test]
fn f8_starts_on_screen_and_shows_the_field_it_focuses() {
    use crate::keys::press;
    let app = FerryApp::new(
        crate::projector::eight_parties(),
        Box::new(ScriptedDialogs::default()),
    );
    let (mut h, screen) = crate::projector::on_projector(app, 1.5);
    let id = |h: &Harness<'_, FerryApp>, name: &str| {
        h.state()
            .session
            .doc
            .plan
            .workloads
            .iter()
            .find(|w| w.name == name)
            .map(|w| w.id.clone())
            .expect("workload")
    };
    // The second workload on screen: the walk starts with its gaps.
    h.state_mut().view = View::Workload(id(&h, "Sandbox lab"));
    h.run();
    press(&mut h, Key::F11);
    press(&mut h, Key::F8);
    let line = h.state_mut().gap_line().expect("walking");
    assert!(line.contains(": Sandbox lab: "), "{line}");
    assert_eq!(h.state().view, View::Workload(id(&h, "Sandbox lab")));

    // On to Prod Linux's undecided remediation timing.
    h.state_mut().view = View::Workload(id(&h, "Prod Linux"));
    h.run();
    let mut hops = 0;
    while !h
        .state_mut()
        .gap_line()
        .is_some_and(|l| l.contains("Prod Linux: Remediation timing is not decided"))
    {
        press(&mut h, Key::F8);
        hops += 1;
        assert!(hops < 30, "the walk reaches the timing");
    }
    assert!(h.state().presenting());
    let line = h.state_mut().gap_line().expect("walking");
    let node = h
        .query_all_by(|n| n.is_focused())
        .next()
        .expect("something has the keyboard");
    assert_eq!(node.accesskit_node().role(), Role::RadioButton);
    assert_eq!(node.accesskit_node().label().as_deref(), Some("Undecided"));
    // On screen, above the footer (the walk's line).
    let footer = h.get_by_label(&line).rect();
    let r = node.rect();
    assert!(
        screen.contains_rect(r) && r.bottom() <= footer.top(),
        "the focused choice at {r:?}, the footer from {}",
        footer.top()
    );
}
