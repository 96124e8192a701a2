//! The problems panel and blockers: each goes to what it is about.

use crate::common::*;
use egui_kittest::kittest::Queryable;
use ferry::app::View;

#[test]
fn a_blocker_link_goes_to_the_asset() {
    let mut harness = example_app(vec![]);
    harness
        .get_by_label("erp-app-01 is Blocked: Windows Server 2003 is not supported")
        .click();
    harness.run();
    assert_eq!(harness.state().view, View::Assets);
    let id = harness.state().selected_asset.clone().expect("selected");
    assert_eq!(
        harness
            .state()
            .session
            .doc
            .plan
            .asset(&id)
            .map(|a| a.name.as_str()),
        Some("erp-app-01")
    );
    assert!(
        harness
            .query_all_by_value("Windows Server 2003 is not supported")
            .next()
            .is_some(),
        "the form shows its issue"
    );
}

#[test]
fn the_problems_panel_navigates_to_its_subject() {
    let mut harness = example_app(vec![]);
    harness.get_by_label_contains("errors ·").click();
    harness.run();
    assert!(harness.state().show_problems);
    let problem = "hr-db-01 needs remediation but lists no compatibility issue";
    harness.get_by_label_contains(problem).scroll_to_me();
    harness.run();
    harness.get_by_label_contains(problem).click();
    harness.run();
    assert_eq!(harness.state().view, View::Assets);
    let id = harness.state().selected_asset.clone().expect("selected");
    assert_eq!(
        harness
            .state()
            .session
            .doc
            .plan
            .asset(&id)
            .map(|a| a.name.as_str()),
        Some("hr-db-01")
    );
}
