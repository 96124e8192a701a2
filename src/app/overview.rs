//! The overview: plan totals, then one card per workload with its progress,
//! done or not, and its first blockers as links. Cards have one height so
//! only the visible ones are laid out, however many workloads there are.

use egui::{RichText, Ui};

use super::{Action, Actions, View, theme, widgets};
use crate::change::Change;
use crate::derive::{Derived, Stage, WorkloadStatus};
use crate::model::{Plan, Workload};
use crate::words;

/// How many blockers a card lists before "… and N more".
const BLOCKERS_SHOWN: usize = 3;
/// Lines in a card: title, bar, readiness, counts, blockers, "and more".
const CARD_LINES: f32 = 5.0 + BLOCKERS_SHOWN as f32;

/// `progress` draws the progress chart under the totals.
pub fn ui(
    ui: &mut Ui,
    plan: &Plan,
    derived: &Derived,
    progress: impl FnOnce(&mut Ui),
    actions: &mut Actions,
) {
    ui.horizontal(|ui| {
        let name = if plan.name.trim().is_empty() {
            "(unnamed plan)"
        } else {
            plan.name.as_str()
        };
        widgets::title(ui, name);
        if ui
            .button(super::UiCommand::PlanSettings.label())
            .on_hover_text(super::UiCommand::PlanSettings.tooltip())
            .clicked()
        {
            actions.push(Action::Command(super::UiCommand::PlanSettings));
        }
    });
    ui.add_space(6.0);

    let done = derived.workloads_done();
    let unassigned_activities = derived.activities_without_owner();
    // The assets, and where they are; then the workloads.
    let in_workloads = plan.assets.len().saturating_sub(derived.unassigned_assets);
    ui.horizontal_wrapped(|ui| {
        ui.label(RichText::new(words::grouped(plan.assets.len(), "asset")).strong());
        ui.label(if derived.workloads.is_empty() && !plan.assets.is_empty() {
            "all in the inventory: no workload yet".to_owned()
        } else {
            format!(
                "{} in {}, {} still in the inventory",
                words::thousands(in_workloads),
                words::count(derived.workloads.len(), "workload"),
                words::thousands(derived.unassigned_assets)
            )
        });
    });
    ui.horizontal_wrapped(|ui| {
        ui.label(RichText::new("Workloads").strong());
        ui.label(format!(
            "{done} of {} done · {} without a clear owner",
            words::count(derived.workloads.len(), "workload"),
            words::count(unassigned_activities, "activity")
        ));
    });
    widgets::stage_bar(ui, &derived.plan_stages, ui.available_width().min(900.0));
    widgets::stage_counts(ui, &derived.plan_stages);
    merge_questions_ui(ui, plan, actions);
    progress(ui);
    ui.add_space(10.0);

    if plan.workloads.is_empty() {
        start_here_ui(ui, plan, actions);
        return;
    }
    let line = ui
        .spacing()
        .interact_size
        .y
        .max(ui.text_style_height(&egui::TextStyle::Heading))
        + ui.spacing().item_spacing.y;
    let card_height = CARD_LINES * line + 20.0;
    let row_height = card_height + ui.spacing().item_spacing.y + 6.0;
    egui::ScrollArea::vertical()
        .auto_shrink([false; 2])
        .show_rows(ui, row_height, plan.workloads.len(), |ui, range| {
            for (workload, status) in plan.workloads[range.clone()]
                .iter()
                .zip(derived.workloads.get(range).unwrap_or_default())
            {
                card_ui(ui, workload, status, (plan, derived), card_height, actions);
                ui.add_space(6.0);
            }
        });
}

fn card_ui(
    ui: &mut Ui,
    workload: &Workload,
    status: &WorkloadStatus,
    (plan, derived): (&Plan, &Derived),
    height: f32,
    actions: &mut Actions,
) {
    egui::Frame::group(ui.style())
        .inner_margin(10.0)
        .show(ui, |ui| {
            ui.set_width(ui.available_width().min(900.0));
            ui.set_height(height - 20.0);
            // One line per item, so every card has the same height.
            ui.style_mut().wrap_mode = Some(egui::TextWrapMode::Truncate);
            ui.horizontal(|ui| {
                let name = if workload.name.is_empty() {
                    "(unnamed)"
                } else {
                    &workload.name
                };
                if ui.link(RichText::new(name).heading().strong()).clicked() {
                    actions.push(Action::Go(View::Workload(workload.id.clone())));
                }
                ui.label(format!(
                    "Criticality {} · promotion model {}",
                    workload.criticality.label(),
                    workload.promotion_model.label()
                ));
                ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                    if status.done {
                        ui.label(
                            RichText::new("✔ Done")
                                .color(theme::ok_text(ui.visuals()))
                                .strong(),
                        );
                    } else {
                        ui.label(
                            RichText::new(words::count(status.blockers.len(), "blocker"))
                                .color(theme::warn_text(ui.visuals()))
                                .strong(),
                        );
                    }
                });
            });
            ui.horizontal(|ui| {
                widgets::stage_bar(ui, &status.stages, 360.0);
                ui.label(format!(
                    "{} of {} staged",
                    words::thousands(status.count(Stage::Staged)),
                    words::grouped(status.assets, "asset")
                ));
            });
            // Promotion readiness beside the definition of done: "staged ✔
            // · promotion: 3 blockers, checklist 7/19".
            let ready = status.promotion.ready;
            ui.label(RichText::new(status.readiness()).color(if ready {
                theme::ok_text(ui.visuals())
            } else if status.done {
                theme::warn_text(ui.visuals())
            } else {
                ui.visuals().text_color()
            }));
            widgets::stage_counts(ui, &status.stages);
            // The definition of done's blockers first, then what stands
            // between the workload and its promotion; each a link to the
            // field that fixes it.
            let blockers = status
                .blockers
                .iter()
                .chain(status.promotion.rule_blockers());
            let (clicked, left_out) =
                widgets::blocker_list(ui, (plan, derived), blockers, BLOCKERS_SHOWN);
            if let Some(blocker) = clicked {
                actions.push(Action::Fix(blocker.subject.clone(), blocker.code));
            }
            if left_out > 0 {
                let more = format!("… and {left_out} more");
                if ui.link(more).clicked() {
                    actions.push(Action::Go(View::Workload(workload.id.clone())));
                }
            }
        });
}

/// What a new, empty plan should do first, each a button.
fn start_here_ui(ui: &mut Ui, plan: &Plan, actions: &mut Actions) {
    ui.add_space(8.0);
    widgets::title(ui, "Start here");
    ui.label("Three steps turn an inventory into a plan:");
    ui.add_space(6.0);
    let big = |text: &str| {
        egui::Button::new(RichText::new(text).size(16.0)).min_size(egui::vec2(260.0, 36.0))
    };
    ui.horizontal(|ui| {
        if ui
            .add(big("1. Import an inventory…"))
            .on_hover_text("RVTools, Azure Migrate, or any CSV (Ctrl+I)")
            .clicked()
        {
            actions.push(Action::Command(super::UiCommand::Import));
        }
        ui.label(format!(
            "{} so far",
            words::grouped(plan.assets.len(), "asset")
        ));
    });
    ui.horizontal(|ui| {
        let missing = crate::change::missing_caf_teams(plan);
        let r = ui
            .add_enabled(!missing.is_empty(), big("2. Add the CAF teams"))
            .on_hover_text(
                "Cloud adoption, strategy, governance, platform, operations, security and the CCoE",
            );
        if r.clicked() {
            actions.change(Change::AddCafTeams);
        }
        ui.label(format!(
            "{} so far",
            words::count(plan.parties.len(), "party")
        ));
    });
    ui.horizontal(|ui| {
        if ui.add(big("3. Add a workload")).clicked() {
            let (change, id) = Change::new_workload(plan, "", Vec::new());
            // Its name takes the keyboard, selected: typing replaces it.
            widgets::want_focus(
                ui.ctx(),
                super::workload::fix_target(&id, super::workload::FixTarget::Name),
            );
            actions.change(change);
            actions.push(Action::Go(super::View::Workload(id)));
        }
        ui.add(
            egui::Label::new("or select assets on the Assets page and make a workload of them")
                .wrap(),
        );
    });
}

/// How many open merge questions the overview lists before "… and N more".
const MERGE_QUESTIONS_SHOWN: usize = 3;

/// The questions merges left open in the log (two people changed the same
/// thing): each in full, a link to the log, until the room answers it.
fn merge_questions_ui(ui: &mut Ui, plan: &Plan, actions: &mut Actions) {
    let open: Vec<&crate::model::LogEntry> = plan
        .log
        .iter()
        .filter(|l| crate::derive::is_open_merge_question(l))
        .collect();
    if open.is_empty() {
        return;
    }
    ui.add_space(8.0);
    ui.label(
        RichText::new(format!(
            "{} for the room (F8 walks to {})",
            crate::words::count(open.len(), "open merge question"),
            if open.len() == 1 { "it" } else { "each" }
        ))
        .strong()
        .color(theme::warn_text(ui.visuals())),
    );
    for entry in open.iter().take(MERGE_QUESTIONS_SHOWN) {
        if ui
            .link(entry.text.replace('→', "->"))
            .on_hover_text("Go to the log: decide, then mark it done")
            .clicked()
        {
            actions.push(Action::Navigate(crate::derive::Subject::Log(
                entry.id.clone(),
            )));
        }
    }
    if open.len() > MERGE_QUESTIONS_SHOWN
        && ui
            .link(format!(
                "… and {} more in the log",
                open.len() - MERGE_QUESTIONS_SHOWN
            ))
            .clicked()
    {
        actions.push(Action::Go(View::Log));
    }
}
