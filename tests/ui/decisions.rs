//! Presentation decides, not just shows: the promotion model, the
//! remediation timing and the team check are set there by keyboard and
//! found by the palette; blocker links and F8 put the keyboard on the
//! field that fixes the gap; the walk's line follows every fix and every
//! question logged; undo, redo, log and save say what they did.

use crate::common::*;
use crate::keys::{press, press_with};
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable};
use ferry::app::{Document, FerryApp, ScriptedDialogs};
use ferry::model::{ActivityKind, PromotionModel, Raci, RemediationTiming};

/// The example's HR workload alone, every activity with its A and R: its
/// first open questions are its undecided promotion model and its team
/// check.
fn hr_only() -> ferry::model::Plan {
    let mut plan = ferry::example::example_plan();
    plan.workloads.retain(|w| w.name == "HR");
    let adoption = plan.parties[0].id.clone();
    let dbas = plan
        .parties
        .iter()
        .find(|p| p.name == "DBAs")
        .map(|p| p.id.clone())
        .expect("DBAs");
    for activity in &mut plan.workloads[0].activities {
        activity.raci.clear();
        activity.raci.insert(adoption.clone(), Raci::Accountable);
        activity.raci.insert(dbas.clone(), Raci::Responsible);
    }
    plan
}

fn presenting(
    plan: ferry::model::Plan,
    answers: Vec<Option<std::path::PathBuf>>,
) -> Harness<'static, FerryApp> {
    let mut app = FerryApp::new(
        Document::new(plan, None),
        Box::new(ScriptedDialogs::answering(answers)),
    );
    app.preferences.presentation = true;
    harness_with(app)
}

fn hr(h: &Harness<'_, FerryApp>) -> ferry::model::Workload {
    h.state()
        .session
        .doc
        .plan
        .workloads
        .iter()
        .find(|w| w.name == "HR")
        .cloned()
        .expect("HR")
}

/// The label of the widget that has the keyboard.
fn focused(h: &Harness<'_, FerryApp>) -> String {
    h.query_all_by(|n| n.is_focused())
        .filter_map(|n| n.accesskit_node().label())
        .next()
        .unwrap_or_default()
}

#[test]
fn f8_puts_the_keyboard_on_the_promotion_model_and_the_line_follows_the_fix() {
    let mut h = presenting(hr_only(), vec![]);
    assert!(h.state().presenting());
    press(&mut h, Key::F8);
    let line = h.state_mut().gap_line().expect("the walk started");
    assert!(
        line.starts_with("Gap 1 of ") && line.ends_with("HR: Promotion model is not decided"),
        "{line}"
    );
    assert!(h.query_by_label(&line).is_some(), "the footer shows {line}");
    // The keyboard is on the promotion model (its current choice); Tab
    // goes to the next choice and Space takes it.
    assert_eq!(focused(&h), "Undecided");
    press(&mut h, Key::Tab);
    assert_eq!(focused(&h), "Single-step");
    press(&mut h, Key::Space);
    assert_eq!(hr(&h).promotion_model, PromotionModel::SingleStep);
    assert!(h.state().presenting(), "decided in the room");
    let line = h.state_mut().gap_line().expect("the walk");
    assert!(
        line.starts_with("✔ Fixed: HR: Promotion model is not decided — F8 for the next ("),
        "the line follows the fix at once: {line}"
    );
    let left: usize = line
        .rsplit_once('(')
        .and_then(|(_, n)| n.split_whitespace().next()?.parse().ok())
        .expect("how many are left");

    // A question logged in the room is an open question at once.
    press_with(&mut h, Modifiers::COMMAND, Key::L);
    h.get_by_label("Question").click();
    h.run();
    h.get_by_label("What").focus();
    h.run();
    h.get_by_label("What")
        .type_text("Who signs off the cut-over?");
    h.run();
    press(&mut h, Key::Enter);
    let logged = h
        .state()
        .session
        .doc
        .plan
        .log
        .last()
        .cloned()
        .expect("logged");
    assert_eq!(logged.text, "Who signs off the cut-over?");
    assert_eq!(logged.kind, ferry::model::LogKind::Question);
    let line = h.state_mut().gap_line().expect("the walk");
    assert!(line.ends_with(&format!("({} left)", left + 1)), "{line}");
    let toast = h.state().toasts.last().map(str::to_owned);
    assert_eq!(
        toast.as_deref(),
        Some("Logged a question about HR — Ctrl+Z to undo")
    );
}

#[test]
fn a_blocker_link_puts_the_keyboard_on_the_remediation_timing() {
    let mut plan = hr_only();
    plan.workloads[0].remediation_timing = RemediationTiming::Undecided;
    let mut h = presenting(plan, vec![]);
    h.get_by_label("Remediation timing is not decided").click();
    h.run();
    h.run();
    assert_eq!(focused(&h), "Undecided");
    // The choices after it, by Tab; Space takes one.
    press(&mut h, Key::Tab);
    assert_eq!(focused(&h), "Same sprint");
    press(&mut h, Key::Space);
    assert_eq!(hr(&h).remediation_timing, RemediationTiming::SameSprint);
    assert!(
        h.query_by_label("Remediation timing is not decided")
            .is_none(),
        "the blocker went at once"
    );
}

#[test]
fn the_palette_finds_promotion_and_timing_and_sets_them() {
    let mut h = presenting(hr_only(), vec![]);
    press_with(&mut h, Modifiers::COMMAND, Key::K);
    h.get_by_label("Search actions, workloads, assets, parties")
        .type_text("promotion staged");
    h.run();
    assert!(
        h.query_by_label_contains("Promotion model of HR: Staged")
            .is_some(),
        "the palette finds the promotion model"
    );
    press(&mut h, Key::Enter);
    assert_eq!(hr(&h).promotion_model, PromotionModel::Staged);
    assert_eq!(
        h.state().toasts.last(),
        Some("Set promotion model of HR to Staged, add the Promotion activity — Ctrl+Z to undo")
    );
    // The model already set, chosen again: nothing is claimed or added.
    let before = h.state().session.doc.plan.clone();
    press_with(&mut h, Modifiers::COMMAND, Key::K);
    h.get_by_label("Search actions, workloads, assets, parties")
        .type_text("promotion staged");
    h.run();
    press(&mut h, Key::Enter);
    assert_eq!(h.state().session.doc.plan, before, "nothing changed");
    assert_eq!(
        h.state().toasts.last(),
        Some("The promotion model of HR is Staged already")
    );

    press_with(&mut h, Modifiers::COMMAND, Key::K);
    h.get_by_label("Search actions, workloads, assets, parties")
        .type_text("timing same");
    h.run();
    press(&mut h, Key::Enter);
    assert_eq!(hr(&h).remediation_timing, RemediationTiming::SameSprint);

    // The team check: the palette puts the keyboard on it; Space ticks.
    press_with(&mut h, Modifiers::COMMAND, Key::K);
    h.get_by_label("Search actions, workloads, assets, parties")
        .type_text("team check");
    h.run();
    press(&mut h, Key::Enter);
    h.run();
    assert_eq!(focused(&h), "Cloud adoption team");
    press(&mut h, Key::Space);
    assert_eq!(hr(&h).remediation_timing_confirmed_by.len(), 1);

    // Undo and redo say what they did.
    press_with(&mut h, Modifiers::COMMAND, Key::Z);
    assert!(hr(&h).remediation_timing_confirmed_by.is_empty());
    let toast = h.state().toasts.last().unwrap_or_default().to_owned();
    assert!(
        toast.starts_with("Undid: note that Cloud adoption team knows how remediation is done")
            && toast.ends_with("— Ctrl+Shift+Z to redo"),
        "{toast}"
    );
    press_with(&mut h, Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
    assert_eq!(hr(&h).remediation_timing_confirmed_by.len(), 1);
    assert!(
        h.state()
            .toasts
            .last()
            .unwrap_or_default()
            .starts_with("Redid: note that"),
    );
}

#[test]
fn saving_says_so_and_a_grid_gap_puts_the_keyboard_on_its_column() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("hr.ron");
    let mut plan = hr_only();
    plan.workloads[0].activities[2].raci.clear();
    let mut h = presenting(plan, vec![Some(path.clone())]);
    press(&mut h, Key::F8);
    let line = h.state_mut().gap_line().expect("walk");
    assert!(
        line.ends_with("HR: Staging: no one is Accountable or Responsible"),
        "{line}"
    );
    let label = focused(&h);
    assert!(label.starts_with("Staging / "), "{label}");
    press(&mut h, Key::A);
    press(&mut h, Key::ArrowDown);
    press(&mut h, Key::R);
    let staging = hr(&h)
        .activity(ActivityKind::Staging)
        .map(|a| a.raci.len())
        .unwrap_or_default();
    assert_eq!(staging, 2);
    press_with(&mut h, Modifiers::COMMAND, Key::S);
    settle(&mut h);
    assert!(path.is_file());
    assert_eq!(h.state().toasts.last(), Some("Saved hr.ron"));
}

/// The label of the one widget whose label starts with `start`.
fn label_starting(h: &Harness<'_, FerryApp>, start: &str) -> String {
    // A text label keeps its text as its value (kittest's label queries
    // look there too).
    h.query_all_by_label_contains(start)
        .filter_map(|n| {
            let node = n.accesskit_node();
            node.label().or_else(|| node.value())
        })
        .find(|text| text.starts_with(start))
        .unwrap_or_else(|| panic!("a widget labelled {start}…"))
}

#[test]
fn deciding_staged_shows_the_promotion_column_and_readiness_follows_the_data_sync() {
    let mut h = presenting(hr_only(), vec![]);
    assert!(
        h.query_by_label_contains("Promotion / ").is_none(),
        "no Promotion column while the model is undecided"
    );
    assert!(label_starting(&h, "Criticality:").contains("promotion model undecided"));
    h.get_by_label("Staged").click();
    h.run();
    assert_eq!(hr(&h).promotion_model, PromotionModel::Staged);
    // The Promotion column beside the other three, in presentation.
    assert!(
        h.query_by_label_contains("Promotion / Cloud adoption team")
            .is_some(),
        "the grid shows the Promotion column"
    );
    // The database has nothing to keep it in sync: a promotion blocker,
    // a link beside the readiness line.
    let sync = "hr-db-01 has nothing to keep its data in sync";
    assert!(h.query_by_label_contains(sync).is_some(), "the warning");
    let before = label_starting(&h, "Readiness:");
    assert!(before.contains("promotion:"), "{before}");
    // Its sync set (the asset form's field is another page's; the same
    // change here), the warning goes and readiness says so.
    let db = h
        .state()
        .session
        .doc
        .plan
        .assets
        .iter()
        .find(|a| a.name == "hr-db-01")
        .map(|a| a.id.clone())
        .expect("hr-db-01");
    h.state_mut()
        .session
        .doc
        .change(
            &ferry::change::Change::Assets(
                vec![db],
                ferry::change::AssetChange::DataSync(Some(
                    ferry::model::ReplicationTool::DatabaseMigrationService,
                )),
            ),
            None,
        )
        .expect("the sync is set");
    h.state_mut().session.doc.refresh();
    h.run();
    assert!(
        h.query_by_label_contains(sync).is_none(),
        "the warning went"
    );
    let after = label_starting(&h, "Readiness:");
    assert_ne!(before, after, "readiness follows the fix");
}

#[test]
fn the_caf_presets_offer_who_holds_promotion_in_one_step() {
    let mut plan = hr_only();
    let ops = ferry::model::Party::new(
        "Cloud operations team",
        ferry::model::PartyKind::Team,
        ferry::model::Role::CloudOperations,
    );
    let ops_id = ops.id.clone();
    plan.parties.push(ops);
    let adoption = plan.parties[0].id.clone();
    let hr_id = plan.workloads[0].id.clone();
    let mut app = FerryApp::new(
        Document::new(plan, None),
        Box::new(ScriptedDialogs::answering(vec![])),
    );
    app.view = ferry::app::View::Workload(hr_id);
    let mut h = harness_with(app);
    assert!(
        h.query_by_label_contains("Promotion: ").is_none(),
        "nothing to suggest while the model is undecided"
    );
    h.get_by_label("Staged").click();
    settle(&mut h);
    assert!(
        h.query_by_label_contains("Staged promotion: the cloud operations team usually promotes")
            .is_some(),
        "the reason, in CAF's words"
    );
    let offer =
        "Promotion: Cloud operations team promotes (R), Cloud adoption team answers for it (A)";
    h.get_by_label(offer).scroll_to_me();
    h.run();
    h.get_by_label(offer).click();
    settle(&mut h);
    let promotion = |h: &Harness<'_, FerryApp>| {
        hr(h)
            .activity(ferry::model::ActivityKind::Promotion)
            .map(|a| a.raci.clone())
            .unwrap_or_default()
    };
    let raci = promotion(&h);
    assert_eq!(raci.get(&ops_id), Some(&Raci::Responsible));
    assert_eq!(raci.get(&adoption), Some(&Raci::Accountable));
    assert!(
        h.query_by_label(offer).is_none(),
        "once given, nothing is left to offer"
    );
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    settle(&mut h);
    assert!(!promotion(&h).contains_key(&ops_id), "one step to undo");
}
