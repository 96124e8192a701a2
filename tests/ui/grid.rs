//! The RACI grid as a keyboard grid, driven with the events a real window
//! sends (press and release, in one frame or two, repeats, the text of a
//! letter): one arrow is one cell, the grid is never left by an arrow,
//! letters act on the focused cell, and the keyboard stays on the grid
//! through menus, dialogs and jumps — on the workload page and in
//! presentation.

use crate::common::*;
use crate::keys::{hold, press, press_with, tap};
use egui::accesskit::Role;
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable};
use ferry::app::{FerryApp, View};
use ferry::model::{ActivityKind, Raci};

/// The label of the cell of `kind` and `party` (any letter).
fn cell(kind: ActivityKind, party: &str) -> String {
    format!("{} / {party}:", kind.label())
}

/// The cell that has the keyboard, as "Kind / Party".
fn focused_cell(h: &Harness<'_, FerryApp>) -> String {
    let focused: Vec<String> = h
        .query_all_by(|n| n.is_focused())
        .filter_map(|n| n.accesskit_node().label())
        .collect();
    assert_eq!(focused.len(), 1, "one widget has the keyboard: {focused:?}");
    let label = &focused[0];
    label
        .rsplit_once(':')
        .map_or(label.clone(), |(cell, _)| cell.to_owned())
}

fn on_erp(h: &mut Harness<'_, FerryApp>) {
    h.get_by_role_and_label(Role::Button, "ERP").click();
    h.run();
}

#[test]
fn one_arrow_is_one_cell_and_the_grid_is_never_left() {
    let mut h = example_app(vec![]);
    on_erp(&mut h);
    // One key from the page puts the keyboard on the grid's first cell.
    press_with(&mut h, Modifiers::COMMAND, Key::R);
    assert_eq!(focused_cell(&h), "Remediation / Cloud adoption team");

    // Press and release in separate frames, as a real window sends them.
    press(&mut h, Key::ArrowDown);
    assert_eq!(focused_cell(&h), "Remediation / Cloud strategy team");
    press(&mut h, Key::ArrowRight);
    assert_eq!(focused_cell(&h), "Replication / Cloud strategy team");
    // In one frame, as fast typing and xdotool send them.
    tap(&mut h, Key::ArrowDown);
    assert_eq!(focused_cell(&h), "Replication / Cloud governance team");
    tap(&mut h, Key::ArrowRight);
    assert_eq!(focused_cell(&h), "Staging / Cloud governance team");
    // ERP's promotion model is decided: Promotion is the last column, and
    // Right from it stays in it.
    press(&mut h, Key::ArrowRight);
    assert_eq!(focused_cell(&h), "Promotion / Cloud governance team");
    tap(&mut h, Key::ArrowRight);
    assert_eq!(focused_cell(&h), "Promotion / Cloud governance team");
    // Home and End: the first and last activity of the row.
    press(&mut h, Key::Home);
    assert_eq!(focused_cell(&h), "Remediation / Cloud governance team");
    press(&mut h, Key::End);
    assert_eq!(focused_cell(&h), "Promotion / Cloud governance team");
    // A held key moves once per repeat.
    hold(&mut h, Key::ArrowUp, 1);
    assert_eq!(focused_cell(&h), "Promotion / Cloud adoption team");
    // Up from the first row stays in it.
    press(&mut h, Key::ArrowUp);
    assert_eq!(focused_cell(&h), "Promotion / Cloud adoption team");
    // Page Down and Ctrl+Home, Ctrl+End: the last party, the corners.
    press(&mut h, Key::PageDown);
    assert_eq!(focused_cell(&h), "Promotion / Fabrikam Services");
    press(&mut h, Key::ArrowDown);
    assert_eq!(focused_cell(&h), "Promotion / Fabrikam Services");
    press_with(&mut h, Modifiers::COMMAND, Key::Home);
    assert_eq!(focused_cell(&h), "Remediation / Cloud adoption team");
    press_with(&mut h, Modifiers::COMMAND, Key::End);
    assert_eq!(focused_cell(&h), "Promotion / Fabrikam Services");
    // The page around did not take the arrows: still on ERP.
    assert_eq!(h.state().view, View::Workload(workload_id(&h, "ERP")));
}

#[test]
fn letters_act_on_the_focused_cell_only() {
    let mut h = example_app(vec![]);
    on_erp(&mut h);
    press_with(&mut h, Modifiers::COMMAND, Key::R);
    // Down then R: the second party, never the third.
    press(&mut h, Key::ArrowDown);
    press(&mut h, Key::R);
    assert_eq!(
        raci_of(&h, "ERP", ActivityKind::Remediation, "Cloud strategy team"),
        Some(Raci::Responsible)
    );
    assert_eq!(
        raci_of(
            &h,
            "ERP",
            ActivityKind::Remediation,
            "Cloud governance team"
        ),
        None,
        "the next party's cell is untouched"
    );
    // Typed fast: Down, C in one frame each.
    tap(&mut h, Key::ArrowDown);
    tap(&mut h, Key::C);
    assert_eq!(
        raci_of(
            &h,
            "ERP",
            ActivityKind::Remediation,
            "Cloud governance team"
        ),
        Some(Raci::Consulted)
    );
    // Delete clears the focused cell, and only it.
    press(&mut h, Key::ArrowUp);
    press(&mut h, Key::Delete);
    assert_eq!(
        raci_of(&h, "ERP", ActivityKind::Remediation, "Cloud strategy team"),
        None
    );
    assert_eq!(
        raci_of(
            &h,
            "ERP",
            ActivityKind::Remediation,
            "Cloud governance team"
        ),
        Some(Raci::Consulted)
    );
    // Each letter was one undo step.
    press_with(&mut h, Modifiers::COMMAND, Key::Z);
    assert_eq!(
        raci_of(&h, "ERP", ActivityKind::Remediation, "Cloud strategy team"),
        Some(Raci::Responsible)
    );
}

#[test]
fn a_click_selects_and_focuses_and_the_keyboard_survives_menus_and_dialogs() {
    let mut h = example_app(vec![]);
    on_erp(&mut h);
    // A click cycles the cell and gives it the keyboard.
    h.get_by_label_contains(&cell(ActivityKind::Replication, "Security team"))
        .click();
    h.run();
    assert_eq!(focused_cell(&h), "Replication / Security team");
    assert_eq!(
        raci_of(&h, "ERP", ActivityKind::Replication, "Security team"),
        Some(Raci::Responsible)
    );
    press(&mut h, Key::I);
    assert_eq!(
        raci_of(&h, "ERP", ActivityKind::Replication, "Security team"),
        Some(Raci::Informed)
    );

    // The right-click menu sets a letter; the next key still acts here.
    h.get_by_label_contains(&cell(ActivityKind::Replication, "Security team"))
        .click_secondary();
    h.run();
    h.get_by_label("C — Consulted").click();
    h.run();
    assert_eq!(
        raci_of(&h, "ERP", ActivityKind::Replication, "Security team"),
        Some(Raci::Consulted)
    );
    press(&mut h, Key::R);
    assert_eq!(
        raci_of(&h, "ERP", ActivityKind::Replication, "Security team"),
        Some(Raci::Responsible)
    );

    // A menu of the menu bar, opened and closed.
    h.get_by_label("View").click();
    h.run();
    press(&mut h, Key::Escape);
    press(&mut h, Key::C);
    assert_eq!(
        raci_of(&h, "ERP", ActivityKind::Replication, "Security team"),
        Some(Raci::Consulted)
    );

    // A dialog (the quick log), cancelled: the keyboard comes back.
    press_with(&mut h, Modifiers::COMMAND, Key::L);
    assert!(h.query_by_label("Log it").is_some());
    press(&mut h, Key::Escape);
    assert!(h.query_by_label("Log it").is_none());
    press(&mut h, Key::ArrowDown);
    assert_eq!(focused_cell(&h), "Replication / DBAs");

    // The palette, closed: the same.
    press_with(&mut h, Modifiers::COMMAND, Key::K);
    press(&mut h, Key::Escape);
    press(&mut h, Key::A);
    assert_eq!(
        raci_of(&h, "ERP", ActivityKind::Replication, "DBAs"),
        Some(Raci::Accountable)
    );

    // A text field takes the keyboard: letters type there, not here.
    h.get_by_label("Target").focus();
    h.run();
    press(&mut h, Key::R);
    assert_eq!(
        raci_of(&h, "ERP", ActivityKind::Replication, "DBAs"),
        Some(Raci::Accountable)
    );
}

#[test]
fn cycling_by_click_never_makes_a_second_accountable() {
    let mut h = example_app(vec![]);
    on_erp(&mut h);
    // ERP's staging has its Accountable (the cloud adoption team).
    let mut seen = Vec::new();
    for _ in 0..5 {
        let letter = raci_of(&h, "ERP", ActivityKind::Staging, "DBAs");
        // The page scrolled so the cell is in view, as a user would.
        h.get_by_label_contains(&cell(ActivityKind::Staging, "DBAs"))
            .scroll_to_me();
        h.run();
        h.get_by_label_contains(&cell(ActivityKind::Staging, "DBAs"))
            .click();
        h.run();
        seen.push(raci_of(&h, "ERP", ActivityKind::Staging, "DBAs"));
        assert_ne!(letter, raci_of(&h, "ERP", ActivityKind::Staging, "DBAs"));
    }
    assert_eq!(
        seen,
        [
            Some(Raci::Responsible),
            Some(Raci::Consulted),
            Some(Raci::Informed),
            None,
            Some(Raci::Responsible)
        ],
        "A is skipped while someone else is Accountable"
    );
    // The Accountable itself cycles on to C, leaving none: then A is
    // offered again.
    h.get_by_label_contains(&cell(ActivityKind::Staging, "Cloud adoption team"))
        .click();
    h.run();
    h.get_by_label_contains(&cell(ActivityKind::Staging, "DBAs"))
        .click();
    h.run();
    assert_eq!(
        raci_of(&h, "ERP", ActivityKind::Staging, "DBAs"),
        Some(Raci::Accountable)
    );
}

#[test]
fn presentation_opens_with_the_keyboard_on_the_grid() {
    let mut h = example_app(vec![]);
    on_erp(&mut h);
    press(&mut h, Key::F11);
    assert!(h.state().presenting());
    assert_eq!(focused_cell(&h), "Remediation / Cloud adoption team");
    press(&mut h, Key::ArrowDown);
    press(&mut h, Key::ArrowDown);
    tap(&mut h, Key::ArrowRight);
    assert_eq!(focused_cell(&h), "Replication / Cloud governance team");
    press(&mut h, Key::R);
    assert_eq!(
        raci_of(
            &h,
            "ERP",
            ActivityKind::Replication,
            "Cloud governance team"
        ),
        Some(Raci::Responsible)
    );
    // A dialog over presentation gives the keyboard back when it closes.
    press_with(&mut h, Modifiers::COMMAND, Key::K);
    press(&mut h, Key::Escape);
    assert!(h.state().presenting(), "Escape closed the palette only");
    press(&mut h, Key::ArrowDown);
    assert_eq!(focused_cell(&h), "Replication / Cloud platform team");
    // Escape leaves presentation.
    press(&mut h, Key::Escape);
    assert!(!h.state().presenting());
}

#[test]
fn the_help_says_which_key_reaches_the_grid() {
    let mut h = example_app(vec![]);
    press(&mut h, Key::F1);
    assert!(
        h.query_by_label("Put the keyboard on the grid of the workload on screen")
            .is_some()
    );
    assert!(h.query_all_by_label("Ctrl+R").next().is_some());
    // And the one key that leaves the grid for the decisions.
    assert!(h.query_by_label("Tab, Shift+Tab").is_some());
}

/// Which widget has the keyboard: its role and label.
fn focused(h: &Harness<'_, FerryApp>) -> (Role, String) {
    let node = h
        .query_all_by(|n| n.is_focused())
        .next()
        .expect("something has the keyboard");
    let label = node.accesskit_node().label().unwrap_or_default();
    (node.accesskit_node().role(), label)
}

#[test]
fn an_a_where_someone_is_accountable_hands_it_over_in_one_step() {
    let mut h = example_app(vec![]);
    on_erp(&mut h);
    press_with(&mut h, Modifiers::COMMAND, Key::R);
    press(&mut h, Key::ArrowRight);
    press(&mut h, Key::ArrowRight);
    press(&mut h, Key::ArrowDown);
    assert_eq!(focused_cell(&h), "Staging / Cloud strategy team");
    assert_eq!(
        raci_of(&h, "ERP", ActivityKind::Staging, "Cloud adoption team"),
        Some(Raci::Accountable)
    );
    press(&mut h, Key::A);
    assert_eq!(
        raci_of(&h, "ERP", ActivityKind::Staging, "Cloud strategy team"),
        Some(Raci::Accountable)
    );
    assert_eq!(
        raci_of(&h, "ERP", ActivityKind::Staging, "Cloud adoption team"),
        Some(Raci::Responsible),
        "the former Accountable keeps doing the work"
    );
    let toast = h.state().toasts.last().unwrap_or_default().to_owned();
    assert!(
        toast.contains("Cloud strategy team is Accountable for Staging now")
            && toast.contains("Cloud adoption team becomes Responsible"),
        "{toast}"
    );
    // One step: one undo gives the A back.
    press_with(&mut h, Modifiers::COMMAND, Key::Z);
    assert_eq!(
        raci_of(&h, "ERP", ActivityKind::Staging, "Cloud adoption team"),
        Some(Raci::Accountable)
    );
    assert_eq!(
        raci_of(&h, "ERP", ActivityKind::Staging, "Cloud strategy team"),
        None
    );
}

#[test]
fn tab_leaves_the_grid_for_the_decisions_in_one_press() {
    let mut h = example_app(vec![]);
    on_erp(&mut h);
    press(&mut h, Key::F11);
    // The footer says so.
    assert!(
        h.query_by_label_contains("Tab to the decisions, Shift+Tab back")
            .is_some()
    );
    press(&mut h, Key::ArrowDown);
    assert_eq!(focused_cell(&h), "Remediation / Cloud strategy team");
    press(&mut h, Key::Tab);
    let (role, label) = focused(&h);
    assert_eq!(role, Role::RadioButton, "{label}: the promotion model");
    // Shift+Tab comes back to the cell the grid was on.
    press_with(&mut h, Modifiers::SHIFT, Key::Tab);
    assert_eq!(focused_cell(&h), "Remediation / Cloud strategy team");
    press(&mut h, Key::C);
    assert_eq!(
        raci_of(&h, "ERP", ActivityKind::Remediation, "Cloud strategy team"),
        Some(Raci::Consulted)
    );
}

#[test]
fn a_cancelled_open_gives_the_keyboard_back_to_the_grid() {
    // No file chooser on this desktop: the path is asked in a dialog.
    let mut h = harness_with(FerryApp::new(
        ferry::app::Document::example(),
        Box::new(ferry::app::ScriptedDialogs::unavailable()),
    ));
    on_erp(&mut h);
    press_with(&mut h, Modifiers::COMMAND, Key::R);
    press(&mut h, Key::ArrowDown);
    // File › Open…, then Escape in its path field.
    h.get_by_label("File").click();
    h.run();
    h.get_by_label_contains("Open…").click();
    h.run();
    h.run();
    assert!(h.query_by_label("Open a plan").is_some());
    press(&mut h, Key::Escape);
    assert!(h.query_by_label("Open a plan").is_none());
    press(&mut h, Key::I);
    assert_eq!(
        raci_of(&h, "ERP", ActivityKind::Remediation, "Cloud strategy team"),
        Some(Raci::Informed)
    );
    // By its key, and a file chooser cancelled: the same.
    let mut h = example_app(vec![None]);
    on_erp(&mut h);
    press_with(&mut h, Modifiers::COMMAND, Key::R);
    press(&mut h, Key::ArrowDown);
    press_with(&mut h, Modifiers::COMMAND, Key::O);
    h.run();
    press(&mut h, Key::C);
    assert_eq!(
        raci_of(&h, "ERP", ActivityKind::Remediation, "Cloud strategy team"),
        Some(Raci::Consulted)
    );
}

/// At 150 % the grid is below the fold of the workload page: Ctrl+R
/// brings its first cell into view with the keyboard on it, and a letter
/// for a cell scrolled away brings it back rather than change it blind.
#[test]
fn ctrl_r_shows_the_grid_and_a_letter_never_changes_a_cell_off_screen() {
    let app = FerryApp::new(
        crate::projector::eight_parties(),
        Box::new(ferry::app::ScriptedDialogs::default()),
    );
    let (mut h, screen) = crate::projector::on_projector(app, 1.5);
    let linux = workload_id(&h, "Prod Linux");
    h.state_mut().view = View::Workload(linux);
    h.run();
    let first = cell(ActivityKind::Remediation, "Cloud adoption team");
    // The page's visible part: above the status bar.
    let page = screen.with_max_y(screen.bottom() - 40.0);
    let seen = |h: &Harness<'_, FerryApp>, label: &str| {
        page.contains_rect(h.get_by_label_contains(label).rect())
    };
    let second = cell(ActivityKind::Remediation, "Cloud strategy team");
    assert!(!seen(&h, &second), "the grid starts below the fold");
    press_with(&mut h, Modifiers::COMMAND, Key::R);
    assert_eq!(focused_cell(&h), "Remediation / Cloud adoption team");
    assert!(seen(&h, &first), "Ctrl+R scrolls the grid into view");
    press(&mut h, Key::ArrowDown);
    assert!(seen(&h, &second));

    // The page scrolled back to its top with the wheel: the cell with
    // the keyboard is out of view.
    h.event(egui::Event::PointerMoved(page.center()));
    for _ in 0..10 {
        h.event(egui::Event::MouseWheel {
            unit: egui::MouseWheelUnit::Point,
            delta: egui::vec2(0.0, 400.0),
            phase: egui::TouchPhase::Move,
            source: egui::MouseWheelSource::Wheel,
            modifiers: Modifiers::NONE,
        });
        h.run();
    }
    assert!(!seen(&h, &second), "scrolled away");
    press(&mut h, Key::R);
    assert_eq!(
        raci_of(
            &h,
            "Prod Linux",
            ActivityKind::Remediation,
            "Cloud strategy team"
        ),
        None,
        "a letter never changes a cell no one sees"
    );
    assert!(seen(&h, &second), "it brings the cell into view");
    assert!(
        h.state()
            .toasts
            .last()
            .is_some_and(|t| t.contains("was off screen")),
        "{:?}",
        h.state().toasts.last()
    );
    press(&mut h, Key::R);
    assert_eq!(
        raci_of(
            &h,
            "Prod Linux",
            ActivityKind::Remediation,
            "Cloud strategy team"
        ),
        Some(Raci::Responsible)
    );
    // Ctrl+R with the cell last used on screen stays on it.
    press_with(&mut h, Modifiers::COMMAND, Key::R);
    assert_eq!(focused_cell(&h), "Remediation / Cloud strategy team");
}
