//! The overview: plan totals, then one card per workload with its progress,
//! done or not, and its first blockers as links.

use egui::{RichText, Ui};

use super::{Action, Actions, View, theme, widgets};
use crate::derive::{Derived, Stage};
use crate::edit::Edit;
use crate::model::Plan;

/// How many blockers a card lists before "… and N more".
const BLOCKERS_SHOWN: usize = 5;

pub fn ui(ui: &mut Ui, plan: &Plan, derived: &Derived, actions: &mut Actions) {
    egui::ScrollArea::vertical()
        .auto_shrink([false; 2])
        .show(ui, |ui| {
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
                    actions.type_edit(
                        Edit::SetPlanName(name.clone()),
                        "rename the plan",
                        "plan-name".into(),
                    );
                }
                actions.seal_on(&response);
            });
            ui.add_space(6.0);

            let done = derived.workloads.iter().filter(|w| w.done).count();
            let unassigned_activities: usize = derived
                .workloads
                .iter()
                .map(|w| {
                    w.blockers
                        .iter()
                        .filter(|b| b.code == "activity-unassigned")
                        .count()
                })
                .sum();
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
            ui.add_space(10.0);

            if plan.workloads.is_empty() {
                ui.label("No workloads yet. Add one from the navigation on the left.");
            }
            for (workload, status) in plan.workloads.iter().zip(&derived.workloads) {
                egui::Frame::group(ui.style())
                    .inner_margin(10.0)
                    .show(ui, |ui| {
                        ui.set_width(ui.available_width().min(900.0));
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
                                "{} · {}",
                                workload.criticality.label(),
                                workload.promotion_model.label()
                            ));
                            ui.with_layout(
                                egui::Layout::right_to_left(egui::Align::Center),
                                |ui| {
                                    if status.done {
                                        ui.label(
                                            RichText::new("✔ Done").color(theme::OK_COLOR).strong(),
                                        );
                                    } else {
                                        ui.label(
                                            RichText::new(format!(
                                                "{} blockers",
                                                status.blockers.len()
                                            ))
                                            .color(theme::WARN_COLOR)
                                            .strong(),
                                        );
                                    }
                                },
                            );
                        });
                        let staged = status.count(Stage::Staged);
                        ui.horizontal(|ui| {
                            widgets::stage_bar(ui, &status.stages, 360.0);
                            ui.label(format!("{staged} of {} staged", status.assets));
                        });
                        widgets::stage_counts(ui, &status.stages);
                        for blocker in status.blockers.iter().take(BLOCKERS_SHOWN) {
                            if widgets::blocker_link(ui, derived, blocker).clicked() {
                                actions.push(Action::Navigate(blocker.subject.clone()));
                            }
                        }
                        if status.blockers.len() > BLOCKERS_SHOWN {
                            let more =
                                format!("… and {} more", status.blockers.len() - BLOCKERS_SHOWN);
                            if ui.link(more).clicked() {
                                actions.push(Action::Go(View::Workload(workload.id.clone())));
                            }
                        }
                    });
                ui.add_space(6.0);
            }
        });
}
