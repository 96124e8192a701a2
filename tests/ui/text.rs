//! Text from a plan: names in any script render, a glyph no font has does
//! not crash, and text is only ever text (no links opened).

use crate::common::*;
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use ferry::app::{Document, FerryApp, ScriptedDialogs, View};

#[test]
fn names_in_other_scripts_render_without_crashing() {
    let mut plan = ferry::example::example_plan();
    plan.parties[0].name = "Zoë Müller".into();
    plan.parties[1].name = "Ærøskøbing Ops".into();
    let mut harness = harness_with(FerryApp::new(
        Document::new(plan, None),
        Box::new(ScriptedDialogs::default()),
    ));
    harness
        .get_by_role_and_label(Role::Button, "Parties")
        .click();
    harness.run();
    assert!(harness.query_all_by_value("Zoë Müller").next().is_some());
    assert!(
        harness
            .query_all_by_value("Ærøskøbing Ops")
            .next()
            .is_some()
    );
}

#[test]
fn a_glyph_no_font_has_does_not_crash_the_app() {
    let mut plan = ferry::example::example_plan();
    plan.name = "Plan \u{10FFFD} \u{1D11E}".into();
    plan.parties[0].name = "\u{E0001}\u{2FFFF}".into();
    let app = FerryApp::new(
        Document::new(plan, None),
        Box::new(ScriptedDialogs::default()),
    );
    // The app's own policy (boxes for missing glyphs), not the test default.
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1400.0, 1000.0))
        .allow_missing_glyphs()
        .build_ui_state(|ui, app: &mut FerryApp| app.ui(ui), app);
    harness.run();
    harness
        .get_by_role_and_label(Role::Button, "Parties")
        .click();
    harness.run();
    harness.get_by_role_and_label(Role::Button, "ERP").click();
    harness.run();
    assert!(
        harness.query_all_by_label_contains("Staging /").count() > 1,
        "the RACI grid is drawn"
    );
}

/// Runs frames until the UI settles, failing if any frame asked the system
/// to open a link.
fn run_opening_nothing(harness: &mut Harness<'_, FerryApp>) {
    for _ in 0..10 {
        harness.step();
        let opened: Vec<_> = harness
            .output()
            .platform_output
            .commands
            .iter()
            .filter(|c| matches!(c, egui::OutputCommand::OpenUrl(_)))
            .collect();
        assert!(opened.is_empty(), "the app asked to open {opened:?}");
    }
}

#[test]
fn text_from_a_plan_is_only_ever_text() {
    let mut plan = ferry::example::example_plan();
    let i = plan
        .assets
        .iter()
        .position(|a| a.name == "erp-app-01")
        .expect("asset");
    std::sync::Arc::make_mut(&mut plan.assets[i]).name = "https://evil.example/run?x=1".into();
    std::sync::Arc::make_mut(&mut plan.assets[i]).notes =
        "file:///etc/passwd [click](javascript:alert(1)) <a href=\"x\">".into();
    std::sync::Arc::make_mut(&mut plan.assets[i])
        .remediation
        .issues[0]
        .text = "mailto:a@b.example".into();
    plan.name = "[Plan](https://evil.example)".into();
    let mut harness = harness_with(FerryApp::new(
        Document::new(plan, None),
        Box::new(ScriptedDialogs::default()),
    ));
    run_opening_nothing(&mut harness);
    harness
        .get_by_label_contains("https://evil.example/run?x=1 is Blocked")
        .click();
    run_opening_nothing(&mut harness);
    assert_eq!(
        harness.state().view,
        View::Assets,
        "a click on the text only navigates"
    );
    assert!(
        harness
            .query_all_by_label("https://evil.example/run?x=1")
            .count()
            >= 2,
        "shown as text in the table and the form"
    );
    harness
        .get_all_by_label("https://evil.example/run?x=1")
        .next()
        .expect("shown as text")
        .click();
    run_opening_nothing(&mut harness);
}
