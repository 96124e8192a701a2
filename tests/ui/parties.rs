//! The parties page: a party added through the form, the CAF teams in one
//! step, and removing a party that is assigned asks first.

use crate::common::*;
use egui::accesskit::Role;
use egui::{Key, Modifiers};
use egui_kittest::kittest::{NodeT as _, Queryable};
use ferry::app::{Document, FerryApp, ScriptedDialogs};

#[test]
fn adding_a_party_through_the_form() {
    let mut harness = example_app(vec![]);
    let before = harness.state().session.doc.plan.parties.len();
    harness
        .get_by_role_and_label(Role::Button, "Parties")
        .click();
    harness.run();
    harness.get_by_label("+ Add party").click();
    harness.run();
    assert_eq!(harness.state().session.doc.plan.parties.len(), before + 1);

    let field = format!("Name of party {}", before + 1);
    harness.get_by_label(&field).focus();
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    harness.run();
    harness.get_by_label(&field).type_text("Zoë's DBA team");
    harness.run();
    let party = harness
        .state()
        .session
        .doc
        .plan
        .parties
        .last()
        .expect("party")
        .clone();
    assert_eq!(party.name, "Zoë's DBA team");

    // Typing the name was one step: one undo removes the typing, the next
    // removes the party.
    harness.key_press(Key::Escape);
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert_eq!(
        harness
            .state()
            .session
            .doc
            .plan
            .parties
            .last()
            .map(|p| p.name.as_str()),
        Some(format!("Party {}", before + 1).as_str())
    );
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert_eq!(harness.state().session.doc.plan.parties.len(), before);
}

#[test]
fn adding_the_caf_teams_is_one_click_and_one_undo() {
    let mut harness = harness_with(FerryApp::new(
        Document::new(ferry::model::Plan::named("Empty"), None),
        Box::new(ScriptedDialogs::default()),
    ));
    harness
        .get_by_role_and_label(Role::Button, "Parties")
        .click();
    harness.run();
    harness.get_by_label("+ Add the CAF teams").click();
    harness.run();
    let names: Vec<String> = harness
        .state()
        .session
        .doc
        .plan
        .parties
        .iter()
        .map(|p| p.name.clone())
        .collect();
    assert!(
        names.contains(&"Cloud adoption team".to_owned())
            && names.contains(&"Cloud strategy team".to_owned()),
        "{names:?}"
    );
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert!(harness.state().session.doc.plan.parties.is_empty());
}

#[test]
fn removing_an_assigned_party_asks_first() {
    let mut harness = example_app(vec![]);
    harness
        .get_by_role_and_label(Role::Button, "Parties")
        .click();
    harness.run();
    let dbas = party_id(&harness, "DBAs");
    // "Remove…" on the parties that are assigned somewhere (and ask); DBAs
    // is one of them.
    let plan = &harness.state().session.doc.plan;
    let at = plan
        .parties
        .iter()
        .take_while(|p| p.id != dbas)
        .filter(|p| !ferry::change::party_usage(plan, &p.id).is_empty())
        .count();
    harness
        .get_all_by_label("Remove…")
        .nth(at)
        .expect("row")
        .click();
    harness.run();
    assert!(
        harness.query_by_label("Remove DBAs?").is_some(),
        "asks first"
    );
    assert!(
        harness
            .query_by_label_contains("R in ERP, Remediation")
            .is_some(),
        "says where it is assigned"
    );
    harness
        .get_by_role_and_label(Role::Button, "Cancel")
        .click();
    harness.run();
    assert!(harness.state().session.doc.plan.party(&dbas).is_some());

    harness
        .get_all_by_label("Remove…")
        .nth(at)
        .expect("row")
        .click();
    harness.run();
    harness
        .get_by_role_and_label(Role::Button, "Remove")
        .click();
    harness.run();
    let plan = &harness.state().session.doc.plan;
    assert!(plan.party(&dbas).is_none());
    assert!(
        ferry::change::party_usage(plan, &dbas).is_empty(),
        "assignments cleared"
    );
}

#[test]
fn a_party_assigned_nowhere_is_removed_at_once_by_a_button_without_an_ellipsis() {
    let mut harness = example_app(vec![]);
    harness
        .get_by_role_and_label(Role::Button, "Parties")
        .click();
    harness.run();
    harness.get_by_label("+ Add party").click();
    harness.run();
    let plan = &harness.state().session.doc.plan;
    let (n, new) = (
        plan.parties.len(),
        plan.parties.last().expect("added").id.clone(),
    );
    // Its button says what it does: remove, with nothing more to ask.
    let name = format!("Remove party {n}");
    let button = harness.get_by_label(&name);
    assert_eq!(button.accesskit_node().role(), Role::Button);
    button.click();
    harness.run();
    assert!(
        harness.query_by_label_contains("Remove Party").is_none(),
        "no question"
    );
    assert!(harness.state().session.doc.plan.party(&new).is_none());
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    harness.run();
    assert!(
        harness.state().session.doc.plan.party(&new).is_some(),
        "Ctrl+Z brings it back"
    );
    // Every party that asks first says so with its ellipsis.
    let plan = &harness.state().session.doc.plan;
    let asking = plan
        .parties
        .iter()
        .filter(|p| !ferry::change::party_usage(plan, &p.id).is_empty())
        .count();
    assert_eq!(harness.get_all_by_label("Remove…").count(), asking);
}
