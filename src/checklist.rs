//! Promotion checklists: what follows "staged and ready for testing", by
//! the workload's promotion model (CAF's migrate and release guidance).
//!
//! The templates are offered, never imposed: choosing or changing a model
//! adds the items that are missing and leaves every existing item (done or
//! not, edited or not) as it is. The checklist is the workload's promotion
//! readiness; it does not change the definition of done.

use crate::model::{ChecklistItem, Phase, PromotionModel, Workload, new_checklist_id};

/// Business testing, as CAF lists it (staged and flight promotion).
const BUSINESS_TESTING: [&str; 7] = [
    "Power users identified",
    "Power users aligned and prepared for testing",
    "A way to record their feedback",
    "Feedback interpreted and prioritised",
    "Process changes clarified",
    "Technical changes planned",
    "Tests reused or automated",
];

/// The business change plan, as CAF lists it.
const BUSINESS_CHANGE_PLAN: [&str; 7] = [
    "Business outcome quantified",
    "Affected processes and teams identified",
    "Critical business dates known",
    "Expected downtime known and the change window communicated",
    "After the change: users are adopting it",
    "After the change: the business outcomes were met",
    "After the change: negative effects looked for and handled",
];

/// The "ready" checks before a promotion.
const READY: [&str; 5] = [
    "End-user training done or planned",
    "Outage windows communicated and approved",
    "Production data synchronised and validated by users",
    "Timing of the promotion communicated",
    "Technical tests passed: network isolation, dependencies, BC/DR restore, end-user routes, final performance check",
];

/// Promotion pre-checks, once (staged promotion).
const PROMOTION: [&str; 8] = [
    "Domain alignment checked",
    "User routing checked",
    "Identity alignment checked",
    "Performance checked",
    "BC/DR validated",
    "Data classification checked",
    "CISO verification done",
    "DNS or addresses updated",
];

/// Promotion pre-checks worded per flight: flight promotion repeats them
/// for each subset of users it moves.
const PROMOTION_PER_FLIGHT: [&str; 8] = [
    "Each flight: domain alignment checked",
    "Each flight: routing for this flight's users checked",
    "Each flight: identity alignment checked",
    "Each flight: performance checked",
    "Each flight: BC/DR validated",
    "Each flight: data classification checked",
    "Each flight: CISO verification done",
    "Each flight: DNS or addresses updated for this flight's users",
];

/// Single-step promotion folds testing into staging: staging becomes
/// production, so the few checks left must happen before the switch (and
/// the risk is higher).
const SINGLE_STEP: [(Phase, &str); 8] = [
    (
        Phase::BusinessTesting,
        "Power users test in staging before it becomes production",
    ),
    (
        Phase::BusinessChangePlan,
        "Expected downtime known and the change window communicated",
    ),
    (Phase::Ready, "Outage windows communicated and approved"),
    (
        Phase::Ready,
        "Production data synchronised and validated by users",
    ),
    (
        Phase::Ready,
        "Technical tests passed: network isolation, dependencies, BC/DR restore, end-user routes, final performance check",
    ),
    (
        Phase::Promotion,
        "Pre-checks done: domain, user routing, identity, performance, BC/DR, data classification, CISO verification",
    ),
    (
        Phase::Promotion,
        "Rollback plan agreed in case the switch fails",
    ),
    (Phase::Promotion, "DNS or addresses updated"),
];

/// The CAF checklist that fits a promotion model, in phase order. Nothing
/// while the model is undecided.
pub fn template(model: PromotionModel) -> Vec<(Phase, &'static str)> {
    let phase = |phase: Phase, texts: &[&'static str]| {
        texts.iter().map(move |t| (phase, *t)).collect::<Vec<_>>()
    };
    match model {
        PromotionModel::Undecided => Vec::new(),
        PromotionModel::SingleStep => SINGLE_STEP.to_vec(),
        PromotionModel::Staged => [
            phase(Phase::BusinessTesting, &BUSINESS_TESTING),
            phase(Phase::BusinessChangePlan, &BUSINESS_CHANGE_PLAN),
            phase(Phase::Ready, &READY),
            phase(Phase::Promotion, &PROMOTION),
        ]
        .concat(),
        PromotionModel::Flight => [
            phase(Phase::BusinessTesting, &BUSINESS_TESTING),
            phase(Phase::BusinessChangePlan, &BUSINESS_CHANGE_PLAN),
            phase(
                Phase::BusinessChangePlan,
                &["Flights planned: which users or traffic move in each flight, in what order"],
            ),
            phase(Phase::Ready, &READY),
            phase(
                Phase::Ready,
                &["A way back to the source for users of a flight that fails"],
            ),
            phase(Phase::Promotion, &PROMOTION_PER_FLIGHT),
            phase(
                Phase::Promotion,
                &["After the last flight: every user moved and the source retired or kept on purpose"],
            ),
        ]
        .concat(),
    }
}

/// A new, unticked item with a fresh id.
pub fn new_item(phase: Phase, text: impl Into<String>) -> ChecklistItem {
    ChecklistItem {
        id: new_checklist_id(),
        phase,
        text: text.into(),
        ..ChecklistItem::default()
    }
}

/// The items to add when `model` is chosen or changed: the template's
/// items whose text the checklist does not have yet (compared without case
/// and surrounding spaces). Existing items are never touched, so a model
/// change keeps what was done.
pub fn offer(workload: &Workload, model: PromotionModel) -> Vec<ChecklistItem> {
    let key = |text: &str| text.trim().to_lowercase();
    let have: std::collections::HashSet<String> =
        workload.checklist.iter().map(|i| key(&i.text)).collect();
    template(model)
        .into_iter()
        .filter(|(_, text)| !have.contains(&key(text)))
        .map(|(phase, text)| new_item(phase, text))
        .collect()
}

/// Items that came from another model's template, do not fit `model`, and
/// nobody has touched (not done, no owner, no note): what the UI may offer
/// to remove after a model change. Done or edited items are never listed.
pub fn unfitting(workload: &Workload, model: PromotionModel) -> Vec<&ChecklistItem> {
    let key = |text: &str| text.trim().to_lowercase();
    let fits: std::collections::HashSet<String> =
        template(model).iter().map(|(_, t)| key(t)).collect();
    let from_templates: std::collections::HashSet<String> = PromotionModel::ALL
        .iter()
        .flat_map(|m| template(*m))
        .map(|(_, t)| key(t))
        .collect();
    workload
        .checklist
        .iter()
        .filter(|i| !i.done && i.owner.is_none() && i.note.trim().is_empty())
        .filter(|i| from_templates.contains(&key(&i.text)) && !fits.contains(&key(&i.text)))
        .collect()
}

/// Items done and items in all: the workload's promotion readiness.
pub fn progress(workload: &Workload) -> (usize, usize) {
    let done = workload.checklist.iter().filter(|i| i.done).count();
    (done, workload.checklist.len())
}

/// Done and total per phase, in phase order (every phase, empty ones as
/// `(phase, 0, 0)`), for a checklist shown by phase.
pub fn progress_by_phase(workload: &Workload) -> [(Phase, usize, usize); 4] {
    Phase::ALL.map(|phase| {
        let items = workload.checklist.iter().filter(|i| i.phase == phase);
        let (done, total) = items.fold((0, 0), |(d, t), i| (d + usize::from(i.done), t + 1));
        (phase, done, total)
    })
}

/// The items of one phase, in checklist order, with their index in the
/// whole checklist.
pub fn phase_items(workload: &Workload, phase: Phase) -> Vec<(usize, &ChecklistItem)> {
    workload
        .checklist
        .iter()
        .enumerate()
        .filter(|(_, i)| i.phase == phase)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn phases(model: PromotionModel) -> Vec<Phase> {
        let mut p: Vec<Phase> = template(model).iter().map(|(p, _)| *p).collect();
        p.dedup();
        p
    }

    #[test]
    fn undecided_offers_nothing() {
        assert!(template(PromotionModel::Undecided).is_empty());
        assert!(offer(&Workload::default(), PromotionModel::Undecided).is_empty());
    }

    #[test]
    fn single_step_has_few_checks_before_promotion() {
        let t = template(PromotionModel::SingleStep);
        assert!(t.len() < 10, "few checks: {}", t.len());
        assert!(t.len() < template(PromotionModel::Staged).len() / 2);
        let testing: Vec<_> = t
            .iter()
            .filter(|(p, _)| *p == Phase::BusinessTesting)
            .collect();
        assert_eq!(testing.len(), 1, "testing is folded into staging");
        assert!(testing[0].1.contains("staging"));
        assert!(t.iter().any(|(p, _)| *p == Phase::Promotion));
    }

    #[test]
    fn staged_runs_testing_and_the_change_plan_then_ready_and_promotion() {
        let t = template(PromotionModel::Staged);
        assert_eq!(phases(PromotionModel::Staged), Phase::ALL.to_vec());
        let count = |phase| t.iter().filter(|(p, _)| *p == phase).count();
        assert_eq!(count(Phase::BusinessTesting), 7);
        assert_eq!(count(Phase::BusinessChangePlan), 7);
        assert_eq!(count(Phase::Ready), 5);
        assert_eq!(count(Phase::Promotion), 8);
        assert!(t.iter().any(|(_, x)| x.contains("CISO")));
        assert!(t.iter().any(|(_, x)| x.contains("Power users identified")));
    }

    #[test]
    fn flight_repeats_promotion_per_flight() {
        let t = template(PromotionModel::Flight);
        assert_eq!(phases(PromotionModel::Flight), Phase::ALL.to_vec());
        let promotion: Vec<&str> = t
            .iter()
            .filter(|(p, _)| *p == Phase::Promotion)
            .map(|(_, x)| *x)
            .collect();
        assert!(promotion.iter().filter(|x| x.contains("flight")).count() >= 8);
        assert!(t.iter().any(|(_, x)| x.starts_with("Flights planned")));
    }

    #[test]
    fn texts_are_unique_within_a_template() {
        for model in PromotionModel::ALL {
            let t = template(model);
            let unique: std::collections::HashSet<_> = t.iter().map(|(_, x)| *x).collect();
            assert_eq!(unique.len(), t.len(), "{model:?}");
        }
    }

    #[test]
    fn offer_gives_fresh_unticked_items_in_template_order() {
        let items = offer(&Workload::default(), PromotionModel::Staged);
        assert_eq!(items.len(), template(PromotionModel::Staged).len());
        assert!(items.iter().all(|i| i.id.starts_with("ck-") && !i.done));
        let ids: std::collections::HashSet<_> = items.iter().map(|i| &i.id).collect();
        assert_eq!(ids.len(), items.len());
        assert!(items.windows(2).all(|w| w[0].phase <= w[1].phase));
    }

    #[test]
    fn a_model_change_adds_what_is_missing_and_keeps_done_items() {
        let mut w = Workload::default();
        w.checklist = offer(&w, PromotionModel::Staged);
        w.checklist[0].done = true;
        w.checklist[1].note = "Dana picks them".into();
        let before = w.checklist.clone();
        let added = offer(&w, PromotionModel::Flight);
        // Shared items are not offered twice; the per-flight ones are new.
        assert!(
            added
                .iter()
                .all(|a| !before.iter().any(|b| b.text == a.text))
        );
        assert!(added.iter().any(|a| a.text.starts_with("Each flight")));
        w.checklist.extend(added);
        assert_eq!(&w.checklist[..before.len()], &before[..], "nothing touched");
        assert!(offer(&w, PromotionModel::Flight).is_empty(), "nothing left");
        // The staged-only pre-checks that nobody touched may be removed;
        // the ticked and annotated items never are.
        let stale = unfitting(&w, PromotionModel::Flight);
        assert!(
            stale
                .iter()
                .all(|i| i.text != before[0].text && i.text != before[1].text)
        );
        assert!(stale.iter().any(|i| i.text == "CISO verification done"));
    }

    #[test]
    fn offer_compares_texts_without_case_or_spaces() {
        let mut w = Workload::default();
        w.checklist.push(new_item(
            Phase::Ready,
            " end-user training DONE or planned ",
        ));
        let items = offer(&w, PromotionModel::Staged);
        assert!(
            !items
                .iter()
                .any(|i| i.text.starts_with("End-user training"))
        );
    }

    #[test]
    fn progress_counts_all_and_per_phase() {
        let mut w = Workload::default();
        assert_eq!(progress(&w), (0, 0));
        w.checklist = offer(&w, PromotionModel::SingleStep);
        w.checklist[2].done = true;
        w.checklist[7].done = true;
        assert_eq!(progress(&w), (2, 8));
        let by_phase = progress_by_phase(&w);
        assert_eq!(by_phase[0], (Phase::BusinessTesting, 0, 1));
        assert_eq!(by_phase[2], (Phase::Ready, 1, 3));
        assert_eq!(by_phase[3], (Phase::Promotion, 1, 3));
        let ready = phase_items(&w, Phase::Ready);
        assert_eq!(ready.iter().map(|(i, _)| *i).collect::<Vec<_>>(), [2, 3, 4]);
    }
}
