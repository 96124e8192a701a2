//! The overview: plan totals, then one card per workload with its progress,
//! done or not, and its first blockers as links. Cards have one height so
//! only the visible ones are laid out, however many workloads there are.

use egui::{RichText, Ui};

use super::{Action, Actions, View, theme, widgets};
use crate::change::{Change, PlanChange};
use crate::derive::{Derived, Stage, WorkloadStatus};
use crate::model::{Plan, Workload};

/// How many blockers a card lists before "… and N more".
const BLOCKERS_SHOWN: usize = 3;
/// Lines in a card: title, bar, counts, blockers, "and more".
const CARD_LINES: f32 = 4.0 + BLOCKERS_SHOWN as f32;

/// `progress` draws the progress chart under the totals.
pub fn ui(
    ui: &mut Ui,
    plan: &Plan,
    derived: &Derived,
    progress: impl FnOnce(&mut Ui),
    actions: &mut Actions,
) {
    let mut name = plan.name.clone();
    ui.horizontal(|ui| {
        let response = widgets::labelled(ui, "Plan", |ui| {
            ui.add(
                egui::TextEdit::singleline(&mut name)
                    .font(egui::TextStyle::Heading)
                    .hint_text("Name of the plan")
                    .desired_width(420.0),
            )
        });
        if response.changed() {
            actions.type_change(
                Change::Plan(PlanChange::Name(name.clone())),
                "plan-name".into(),
            );
        }
        actions.seal_on(&response);
    });
    ui.add_space(6.0);

    let done = derived.workloads_done();
    let unassigned_activities = derived.activities_without_owner();
    ui.horizontal_wrapped(|ui| {
        ui.label(RichText::new(format!("{} assets", plan.assets.len())).strong());
        ui.label(format!(
            "· {done} of {} workloads done",
            derived.workloads.len()
        ));
        ui.label(format!(
            "· {unassigned_activities} activities without a clear owner"
        ));
        ui.label(format!(
            "· {} assets in the inventory",
            derived.unassigned_assets
        ));
    });
    widgets::stage_bar(ui, &derived.plan_stages, ui.available_width().min(900.0));
    widgets::stage_counts(ui, &derived.plan_stages);
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
                card_ui(ui, workload, status, derived, card_height, actions);
                ui.add_space(6.0);
            }
        });
}

fn card_ui(
    ui: &mut Ui,
    workload: &Workload,
    status: &WorkloadStatus,
    derived: &Derived,
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
                    "{} criticality · promotion model {}",
                    workload.criticality.label(),
                    workload.promotion_model.label()
                ));
                ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                    if status.done {
                        ui.label(RichText::new("✔ Done").color(theme::OK_COLOR).strong());
                    } else {
                        ui.label(
                            RichText::new(format!("{} blockers", status.blockers.len()))
                                .color(theme::WARN_COLOR)
                                .strong(),
                        );
                    }
                });
            });
            ui.horizontal(|ui| {
                widgets::stage_bar(ui, &status.stages, 360.0);
                ui.label(format!(
                    "{} of {} staged",
                    status.count(Stage::Staged),
                    status.assets
                ));
                // Promotion readiness beside the definition of done.
                let (done, total) = crate::checklist::progress(workload);
                if total > 0 {
                    ui.label(format!(
                        "{} · promotion {done}/{total}",
                        if status.done {
                            "staged ✔"
                        } else {
                            "not staged"
                        }
                    ));
                }
            });
            widgets::stage_counts(ui, &status.stages);
            for blocker in status.blockers.iter().take(BLOCKERS_SHOWN) {
                if widgets::blocker_link(ui, derived, blocker).clicked() {
                    actions.push(Action::Navigate(blocker.subject.clone()));
                }
            }
            if status.blockers.len() > BLOCKERS_SHOWN {
                let more = format!("… and {} more", status.blockers.len() - BLOCKERS_SHOWN);
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
        ui.label(format!("{} assets so far", plan.assets.len()));
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
        ui.label(format!("{} parties so far", plan.parties.len()));
    });
    ui.horizontal(|ui| {
        if ui.add(big("3. Add a workload")).clicked() {
            let (change, id) = Change::new_workload(plan, "", Vec::new());
            actions.change(change);
            actions.push(Action::Go(super::View::Workload(id)));
        }
        ui.label("or select assets on the Assets page and make a workload of them");
    });
}
