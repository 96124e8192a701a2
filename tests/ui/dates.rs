//! One date check everywhere a date is typed: the log page's due date and
//! date refuse a day that is not on the calendar as the quick log and the
//! wave board do — the text stays in the field, the plan keeps its date,
//! and the same words say why.

use crate::common::*;
use crate::real_input::{press, type_keys};
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use ferry::app::{Document, FerryApp, ScriptedDialogs, View};
use ferry::model::{LogEntry, LogKind};

fn log_page() -> Harness<'static, FerryApp> {
    let mut plan = ferry::example::example_plan();
    plan.log.clear();
    plan.log.push(LogEntry {
        id: "lg-fw".into(),
        kind: LogKind::Question,
        text: "Who owns the Dev firewall rules?".into(),
        date: "2026-03-02".into(),
        due: Some("2026-04-30".into()),
        ..Default::default()
    });
    let mut h = harness_with(FerryApp::new(
        Document::new(plan, None),
        Box::new(ScriptedDialogs::default()),
    ));
    h.state_mut().view = View::Log;
    h.run();
    h
}

fn entry(h: &Harness<'_, FerryApp>) -> LogEntry {
    h.state().session.doc.plan.log[0].clone()
}

/// Puts the keyboard in `field`, its text selected, and types `text`.
fn retype(h: &mut Harness<'_, FerryApp>, field: &str, text: &str) {
    h.get_by_label(field).focus();
    h.run();
    press(h, Modifiers::COMMAND, Key::A);
    type_keys(h, text);
}

#[test]
fn the_log_pages_due_date_refuses_a_day_not_on_the_calendar_and_keeps_the_text() {
    let mut h = log_page();
    let field = "Due date of entry 1";
    retype(&mut h, field, "2025-02-30");
    press(&mut h, Modifiers::NONE, Key::Tab);
    assert_eq!(
        entry(&h).due.as_deref(),
        Some("2026-04-30"),
        "the plan keeps its due date"
    );
    assert_eq!(
        h.get_by_label(field).value().as_deref(),
        Some("2025-02-30"),
        "what was typed stays in the field"
    );
    assert!(
        h.query_by_label_contains(
            "the due date 2025-02-30 is not a day of the calendar (February 2025 has 28 days)"
        )
        .is_some(),
        "and why is said, in the quick log's words"
    );
    assert!(
        h.query_by_label_contains("is not a date written").is_none(),
        "a well-formed date is not said to be badly written"
    );

    // Put right, it is set, and the message goes.
    retype(&mut h, field, "2025-02-28");
    press(&mut h, Modifiers::NONE, Key::Tab);
    assert_eq!(entry(&h).due.as_deref(), Some("2025-02-28"));
    assert!(
        h.query_by_label_contains("not a day of the calendar")
            .is_none()
    );

    // Escape in the field puts back what the plan has.
    retype(&mut h, field, "2025-04-31");
    press(&mut h, Modifiers::NONE, Key::Escape);
    assert_eq!(h.get_by_label(field).value().as_deref(), Some("2025-02-28"));
    assert_eq!(entry(&h).due.as_deref(), Some("2025-02-28"));
}

#[test]
fn the_log_pages_date_refuses_a_month_that_does_not_exist() {
    let mut h = log_page();
    let field = "Date of entry 1";
    retype(&mut h, field, "2026-13-01");
    press(&mut h, Modifiers::NONE, Key::Enter);
    assert_eq!(entry(&h).date, "2026-03-02");
    assert!(
        h.query_by_label_contains(
            "the date 2026-13-01 is not a day of the calendar (a year has 12 months)"
        )
        .is_some()
    );
    // Nothing to undo: the plan was never changed.
    assert!(h.state().session.doc.history.undo_label().is_none());
}
