//! What the app says reads as English: counts agree with their nouns, and
//! nothing is said twice.

use crate::common::*;
use egui_kittest::kittest::{NodeT as _, Queryable};
use ferry::app::{Document, FerryApp, ScriptedDialogs};

#[test]
fn a_plan_not_saved_yet_says_so_once_in_the_status_bar() {
    let mut plan = ferry::model::Plan::named("Fresh");
    plan.workloads.push(ferry::model::Workload::new("Payments"));
    let h = harness_with(FerryApp::new(
        Document::new(plan, None),
        Box::new(ScriptedDialogs::default()),
    ));
    let said = h
        .get_all_by(|n| {
            // A label's text runs repeat its text: the label is counted.
            n.role() != egui::accesskit::Role::TextRun
                && n.label()
                    .or_else(|| n.value())
                    .is_some_and(|t| t.contains("not saved yet"))
        })
        .map(|n| {
            let a = n.accesskit_node();
            format!("{:?} {:?} {:?}", a.role(), a.label(), a.value())
        })
        .collect::<Vec<_>>();
    assert_eq!(
        said.len(),
        1,
        "\"not saved yet | not saved yet\" says it twice: {said:?}"
    );
}

/// A plan with no file, changed: the status bar says it has no file, once,
/// and the question before a new plan does not call it "not saved yet".
#[test]
fn a_changed_plan_with_no_file_is_asked_about_in_words() {
    use ferry::change::{Change, PlanChange};
    let mut h = harness_with(FerryApp::new(
        Document::new(ferry::model::Plan::named("Fresh"), None),
        Box::new(ScriptedDialogs::default()),
    ));
    h.state_mut()
        .session
        .doc
        .change(&Change::Plan(PlanChange::Name("Fresher".into())), None)
        .expect("renamed");
    h.run();
    let says = |h: &egui_kittest::Harness<'_, FerryApp>, words: &str| {
        h.query_all_by(|n| {
            n.role() != egui::accesskit::Role::TextRun
                && n.label()
                    .or_else(|| n.value())
                    .is_some_and(|t| t.contains(words))
        })
        .count()
    };
    assert_eq!(says(&h, "not saved yet"), 1);
    assert_eq!(
        says(&h, "unsaved changes"),
        0,
        "\"not saved yet · unsaved changes\" says it twice"
    );
    crate::real_input::press(&mut h, egui::Modifiers::COMMAND, egui::Key::N);
    h.run();
    assert!(
        says(&h, "Save this plan to a file before starting a new plan?") == 1,
        "the question names no file"
    );
    assert_eq!(says(&h, "changes to not saved yet"), 0);
}
