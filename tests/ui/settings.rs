//! Plan settings: one page for what belongs to the plan as a whole,
//! reached from the overview, the wave board and the palette (by the words
//! people type), each way landing on its field.

use crate::common::*;
use crate::real_input::{press, type_keys};
use egui::accesskit::Role;
use egui::{Key, Modifiers};
use egui_kittest::kittest::{NodeT as _, Queryable};
use ferry::app::{Document, FerryApp, ScriptedDialogs, View};

const PALETTE: &str = "Search actions, workloads, assets, parties";

/// The buttons the palette lists, top to bottom.
fn palette_lines(h: &egui_kittest::Harness<'_, ferry::app::FerryApp>) -> Vec<String> {
    let field = h.get_by_label(PALETTE).rect();
    let mut lines: Vec<(f32, String)> = h
        .get_all_by(|n| n.role() == Role::Button)
        .filter(|n| n.rect().top() > field.bottom() && n.rect().left() >= field.left() - 20.0)
        .map(|n| {
            (
                n.rect().top(),
                n.accesskit_node().label().unwrap_or_default(),
            )
        })
        .collect();
    lines.sort_by(|a, b| a.0.total_cmp(&b.0));
    lines.into_iter().map(|(_, l)| l).collect()
}

#[test]
fn the_overview_opens_the_settings_and_the_name_is_renamed_there() {
    let mut h = example_app(vec![]);
    let before = h.state().session.doc.plan.name.clone();
    h.get_by_label("Plan settings…").click();
    h.run();
    assert_eq!(h.state().view, View::Settings);
    let name = h.get_by_role_and_label(Role::TextInput, "Name");
    name.focus();
    h.run();
    press(&mut h, Modifiers::NONE, Key::End);
    type_keys(&mut h, " 2");
    assert_eq!(h.state().session.doc.plan.name, format!("{before} 2"));
    press(&mut h, Modifiers::NONE, Key::Tab);
    press(&mut h, Modifiers::COMMAND, Key::Z);
    assert_eq!(
        h.state().session.doc.plan.name,
        before,
        "the typing was one step"
    );
}

#[test]
fn set_bandwidth_on_the_wave_board_lands_on_the_field_and_enter_sets_it_in_one_step() {
    // The example, with one asset's storage known from an inventory.
    let mut plan = ferry::example::example_plan();
    let sized = plan
        .assets
        .iter()
        .position(|a| a.workload.is_some())
        .expect("an asset in a workload");
    std::sync::Arc::make_mut(&mut plan.assets[sized])
        .source
        .insert("in_use_mib", "1048576");
    let mut h = harness_with(FerryApp::new(
        Document::new(plan, None),
        Box::new(ScriptedDialogs::default()),
    ));
    h.get_by_role_and_label(Role::Button, "Waves").click();
    h.run();
    h.get_by_label("Set bandwidth…").click();
    h.run();
    assert_eq!(h.state().view, View::Settings);
    let field = h.get_by_role_and_label(Role::TextInput, "Replication bandwidth");
    assert!(field.is_focused(), "the field has the keyboard");
    type_keys(&mut h, "500");
    assert_eq!(
        h.state().session.doc.plan.bandwidth_mbps,
        None,
        "not applied while typing"
    );
    press(&mut h, Modifiers::NONE, Key::Enter);
    assert_eq!(h.state().session.doc.plan.bandwidth_mbps, Some(500));
    assert_eq!(
        h.state().session.doc.history.undo_label(),
        Some("Set the replication bandwidth to 500 Mbit/s"),
        "named with the number typed, not its first digit"
    );
    assert!(
        h.query_by_label_contains("At 500 Mbit/s the 1.0 TiB of storage")
            .is_some(),
        "what it means for the plan"
    );
    assert!(
        h.query_by_label_contains("of unknown size are not counted")
            .is_some()
    );
    press(&mut h, Modifiers::COMMAND, Key::Z);
    assert_eq!(h.state().session.doc.plan.bandwidth_mbps, None);
}

#[test]
fn a_bandwidth_that_is_not_a_number_says_why_and_escape_puts_it_back() {
    let mut h = example_app(vec![]);
    h.key_press_modifiers(Modifiers::COMMAND, Key::K);
    h.run();
    type_keys(&mut h, "bandwidth");
    press(&mut h, Modifiers::NONE, Key::Enter);
    assert_eq!(h.state().view, View::Settings);
    type_keys(&mut h, "fast");
    press(&mut h, Modifiers::NONE, Key::Tab);
    assert_eq!(h.state().session.doc.plan.bandwidth_mbps, None);
    assert!(
        h.query_by_label_contains("\"fast\" is not a whole number")
            .is_some()
    );
    h.get_by_role_and_label(Role::TextInput, "Replication bandwidth")
        .focus();
    h.run();
    press(&mut h, Modifiers::NONE, Key::Escape);
    assert!(h.query_by_label_contains("is not a whole number").is_none());
    assert_eq!(h.state().session.doc.plan.bandwidth_mbps, None);
    assert!(!h.state().session.doc.is_dirty());
}

#[test]
fn the_palette_finds_settings_by_their_words_and_offers_nothing_destructive_first() {
    let mut h = example_app(vec![]);
    h.key_press_modifiers(Modifiers::COMMAND, Key::K);
    h.run();
    // Nothing typed: nothing chosen, and what replaces the plan is last.
    let lines = palette_lines(&h);
    let new = lines
        .iter()
        .position(|l| l.starts_with("New plan"))
        .unwrap_or_else(|| panic!("listed: {lines:?}"));
    assert!(new > lines.len() / 2, "{lines:?}");
    press(&mut h, Modifiers::NONE, Key::Enter);
    assert_eq!(h.state().view, View::Overview, "Enter alone does nothing");
    assert!(!h.state().session.doc.is_dirty());

    for (words, first) in [
        ("bandwidth", "Set the replication bandwidth…"),
        ("mbit", "Set the replication bandwidth…"),
        ("settings", "Plan settings…"),
    ] {
        h.get_by_label(PALETTE).focus();
        h.run();
        press(&mut h, Modifiers::COMMAND, Key::A);
        type_keys(&mut h, words);
        assert_eq!(
            palette_lines(&h).first().map(|l| l.starts_with(first)),
            Some(true),
            "{words}: {:?}",
            palette_lines(&h)
        );
    }
    h.get_by_label(PALETTE).focus();
    h.run();
    press(&mut h, Modifiers::COMMAND, Key::A);
    type_keys(&mut h, "name");
    let lines = palette_lines(&h);
    let at = lines
        .iter()
        .take(3)
        .position(|l| l.starts_with("Rename the plan…"))
        .unwrap_or_else(|| panic!("among the first: {lines:?}"));
    // Typing chose the first line; the arrows move to the one wanted.
    for _ in 0..at {
        press(&mut h, Modifiers::NONE, Key::ArrowDown);
    }
    press(&mut h, Modifiers::NONE, Key::Enter);
    assert_eq!(h.state().view, View::Settings);
    assert!(
        h.get_by_role_and_label(Role::TextInput, "Name")
            .is_focused()
    );
}

#[test]
fn wave_limits_are_set_on_the_settings_page_one_step_each() {
    let mut h = example_app(vec![]);
    h.get_by_label("Plan settings…").click();
    h.run();
    h.get_by_role_and_label(Role::TextInput, "Assets per wave")
        .focus();
    h.run();
    type_keys(&mut h, "20");
    press(&mut h, Modifiers::NONE, Key::Enter);
    let limits = h.state().session.doc.plan.wave_limits;
    assert_eq!(limits.assets, Some(20));
    assert_eq!(limits.replication_hours, None);

    h.get_by_role_and_label(Role::TextInput, "Hours of replication per wave")
        .focus();
    h.run();
    type_keys(&mut h, "0");
    press(&mut h, Modifiers::NONE, Key::Tab);
    assert!(
        h.query_by_label_contains("A limit of 0 hours leaves no room")
            .is_some(),
        "says why"
    );
    assert_eq!(
        h.state().session.doc.plan.wave_limits.replication_hours,
        None
    );

    press(&mut h, Modifiers::COMMAND, Key::Z);
    assert_eq!(
        h.state().session.doc.plan.wave_limits.assets,
        None,
        "one step"
    );
}

/// The example at a projector's zoom (150 %) in a window `height` pixels
/// high.
fn on_projector(height: f32) -> (egui_kittest::Harness<'static, FerryApp>, egui::Rect) {
    let app = FerryApp::new(Document::example(), Box::new(ScriptedDialogs::default()));
    let screen = egui::vec2(1280.0, height) / 1.5;
    let mut h = egui_kittest::Harness::builder()
        .with_size(screen)
        .with_pixels_per_point(1.5)
        .build_ui_state(|ui, app: &mut FerryApp| app.ui(ui), app);
    settle(&mut h);
    (h, egui::Rect::from_min_size(egui::Pos2::ZERO, screen))
}

fn palette_pick(h: &mut egui_kittest::Harness<'_, FerryApp>, words: &str) {
    press(h, Modifiers::COMMAND, Key::K);
    type_keys(h, words);
    press(h, Modifiers::NONE, Key::Enter);
}

/// Whether a field is wholly on screen, below the page's title.
fn wholly_shown(h: &egui_kittest::Harness<'_, FerryApp>, field: &str, screen: egui::Rect) -> bool {
    let title = h.get_by_label("Plan settings").rect();
    let rect = h.get_by_role_and_label(Role::TextInput, field).rect();
    rect.top() >= title.bottom() && screen.contains_rect(rect)
}

#[test]
fn the_settings_page_opens_at_its_top_or_at_the_field_it_was_opened_for() {
    // A window low enough for the page to scroll.
    let (mut h, screen) = on_projector(560.0);
    palette_pick(&mut h, "settings");
    assert_eq!(h.state().view, View::Settings);
    assert!(wholly_shown(&h, "Name", screen), "the name, whole");
    // Scrolled to its end, left for another page, and opened again.
    h.hover_at(
        h.get_by_role_and_label(Role::TextInput, "Name")
            .rect()
            .center(),
    );
    h.event(egui::Event::MouseWheel {
        unit: egui::MouseWheelUnit::Page,
        delta: egui::vec2(0.0, -10.0),
        modifiers: Modifiers::NONE,
        phase: egui::TouchPhase::Move,
        source: egui::MouseWheelSource::Wheel,
    });
    // The scroll is animated over a few frames.
    h.run_steps(12);
    h.run();
    assert!(!wholly_shown(&h, "Name", screen), "scrolled away");
    palette_pick(&mut h, "go to the log");
    assert_eq!(h.state().view, View::Log);
    palette_pick(&mut h, "settings");
    assert_eq!(h.state().view, View::Settings);
    assert!(
        wholly_shown(&h, "Name", screen),
        "opened again at its top: {:?}",
        h.get_by_role_and_label(Role::TextInput, "Name").rect()
    );
    // Opened for the bandwidth, the bandwidth is in view with the keyboard.
    palette_pick(&mut h, "go to the log");
    palette_pick(&mut h, "bandwidth");
    assert!(wholly_shown(&h, "Replication bandwidth", screen));
    assert!(
        h.get_by_role_and_label(Role::TextInput, "Replication bandwidth")
            .is_focused()
    );
}

#[test]
fn the_palette_finds_the_wave_limits_by_their_words() {
    let (mut h, screen) = on_projector(800.0);
    for words in ["wave limit", "limits per wave", "max assets"] {
        press(&mut h, Modifiers::COMMAND, Key::K);
        type_keys(&mut h, words);
        assert_eq!(
            palette_lines(&h).first().map(|l| l.trim()),
            Some("Set the wave limits…"),
            "{words}: {:?}",
            palette_lines(&h)
        );
        press(&mut h, Modifiers::NONE, Key::Escape);
    }
    palette_pick(&mut h, "wave limit");
    assert_eq!(h.state().view, View::Settings);
    assert!(
        h.get_by_role_and_label(Role::TextInput, "Assets per wave")
            .is_focused()
    );
    assert!(wholly_shown(&h, "Assets per wave", screen));
}

#[test]
fn the_palette_says_go_to_workload_not_go_to_workload_with_a_capital() {
    let mut h = example_app(vec![]);
    press(&mut h, Modifiers::COMMAND, Key::K);
    type_keys(&mut h, "erp");
    let lines = palette_lines(&h);
    assert!(
        lines.iter().any(|l| l.trim() == "Go to workload ERP"),
        "{lines:?}"
    );
    for line in &lines {
        for noun in ["Workload", "Party", "Asset"] {
            assert!(
                !line.contains(&format!(" {noun} ")),
                "a capital mid-sentence: {line}"
            );
        }
    }
}
