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
