//! The workload page: every field as a form, the RACI grid, and the
//! definition of done with its blockers.

use egui::{RichText, Ui};

use super::{Action, Actions, View, theme, widgets};
use crate::derive::{Derived, raci_rule_broken};
use crate::edit::{Edit, Item, set_raci};
use crate::model::{
    ActivityKind, Criticality, Plan, PromotionModel, Raci, RemediationTiming, Workload,
};

#[derive(Default)]
pub struct WorkloadView {
    confirm_remove: Option<String>,
}

impl WorkloadView {
    pub fn ui(
        &mut self,
        ui: &mut Ui,
        plan: &Plan,
        derived: &Derived,
        id: &str,
        actions: &mut Actions,
    ) {
        let Some(workload) = plan.workload(id) else {
            ui.label("This workload is no longer in the plan.");
            if ui.button("Back to the overview").clicked() {
                actions.push(Action::Go(View::Overview));
            }
            return;
        };
        egui::ScrollArea::vertical()
            .auto_shrink([false; 2])
            .show(ui, |ui| {
                header_ui(ui, workload);
                ui.separator();
                fields_ui(ui, plan, workload, actions);
                ui.add_space(12.0);
                raci_ui(ui, plan, workload, actions);
                ui.add_space(12.0);
                done_ui(ui, derived, workload, actions);
                ui.add_space(12.0);
                assets_ui(ui, plan, derived, workload, actions);
                ui.add_space(12.0);
                self.remove_ui(ui, plan, workload, actions);
            });
    }

    fn remove_ui(&mut self, ui: &mut Ui, plan: &Plan, workload: &Workload, actions: &mut Actions) {
        if self.confirm_remove.as_deref() == Some(workload.id.as_str()) {
            ui.horizontal(|ui| {
                ui.label(format!(
                    "Remove {}? Its assets go back to the inventory.",
                    workload.name
                ));
                if ui.button("Remove").clicked() {
                    actions.edit(
                        crate::edit::remove_workload(plan, &workload.id),
                        format!("remove workload {}", workload.name),
                    );
                    actions.push(Action::Go(View::Overview));
                    self.confirm_remove = None;
                }
                if ui.button("Cancel").clicked() {
                    self.confirm_remove = None;
                }
            });
        } else if ui.button("Remove workload…").clicked() {
            self.confirm_remove = Some(workload.id.clone());
        }
    }
}

fn header_ui(ui: &mut Ui, workload: &Workload) {
    ui.horizontal(|ui| {
        widgets::title(
            ui,
            if workload.name.is_empty() {
                "(unnamed)"
            } else {
                &workload.name
            },
        );
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            ui.label(format!(
                "{} · {}",
                workload.criticality.label(),
                workload.promotion_model.label()
            ));
        });
    });
}

fn put(w: Workload) -> Edit {
    Edit::Put(Item::Workload(w))
}

fn fields_ui(ui: &mut Ui, plan: &Plan, workload: &Workload, actions: &mut Actions) {
    let name = &workload.name;
    egui::Grid::new("workload-fields")
        .num_columns(2)
        .spacing([12.0, 8.0])
        .show(ui, |ui| {
            let mut text_row = |ui: &mut Ui,
                                label: &str,
                                field: &str,
                                value: &String,
                                set: fn(&mut Workload, String)| {
                let mut text = value.clone();
                let response = widgets::text_field(ui, label, &mut text, 420.0);
                if response.changed() {
                    let mut w = workload.clone();
                    set(&mut w, text);
                    actions.type_edit(
                        put(w),
                        format!("edit the {} of {name}", label.to_lowercase()),
                        format!("{}:{field}", workload.id),
                    );
                }
                actions.seal_on(&response);
                ui.end_row();
            };
            text_row(ui, "Name", "name", &workload.name, |w, v| w.name = v);
            text_row(
                ui,
                "Description",
                "description",
                &workload.description,
                |w, v| w.description = v,
            );
            text_row(ui, "Target", "target", &workload.target, |w, v| {
                w.target = v
            });
            text_row(ui, "Wave", "wave", &workload.wave, |w, v| w.wave = v);

            if let Some(owner) = widgets::party_picker(
                ui,
                "Business owner",
                "bo",
                plan,
                workload.business_owner.as_deref(),
            ) {
                actions.edit(
                    put(Workload {
                        business_owner: owner,
                        ..workload.clone()
                    }),
                    format!("set the business owner of {name}"),
                );
            }
            ui.end_row();
            if let Some(owner) = widgets::party_picker(
                ui,
                "Technical owner",
                "to",
                plan,
                workload.technical_owner.as_deref(),
            ) {
                actions.edit(
                    put(Workload {
                        technical_owner: owner,
                        ..workload.clone()
                    }),
                    format!("set the technical owner of {name}"),
                );
            }
            ui.end_row();
            if let Some(c) = widgets::choice(
                ui,
                "Criticality",
                "crit",
                workload.criticality,
                &Criticality::ALL,
                Criticality::label,
            ) {
                actions.edit(
                    put(Workload {
                        criticality: c,
                        ..workload.clone()
                    }),
                    format!("set the criticality of {name}"),
                );
            }
            ui.end_row();

            ui.label("Promotion model");
            ui.vertical(|ui| {
                ui.horizontal_wrapped(|ui| {
                    for model in PromotionModel::ALL {
                        if ui
                            .radio(workload.promotion_model == model, model.label())
                            .clicked()
                            && workload.promotion_model != model
                        {
                            actions.edit(
                                put(Workload {
                                    promotion_model: model,
                                    ..workload.clone()
                                }),
                                format!("set the promotion model of {name} to {}", model.label()),
                            );
                        }
                    }
                });
                ui.label(
                    RichText::new(workload.promotion_model.explanation())
                        .italics()
                        .weak(),
                );
            });
            ui.end_row();

            ui.label("Remediation timing");
            ui.vertical(|ui| {
                ui.horizontal_wrapped(|ui| {
                    for timing in RemediationTiming::ALL {
                        if ui
                            .radio(workload.remediation_timing == timing, timing.label())
                            .clicked()
                            && workload.remediation_timing != timing
                        {
                            actions.edit(
                                put(Workload {
                                    remediation_timing: timing,
                                    ..workload.clone()
                                }),
                                format!(
                                    "set the remediation timing of {name} to {}",
                                    timing.label()
                                ),
                            );
                        }
                    }
                });
                ui.label(
                    RichText::new(workload.remediation_timing.explanation())
                        .italics()
                        .weak(),
                );
            });
            ui.end_row();

            let mut notes = workload.notes.clone();
            let response = widgets::labelled(ui, "Notes", |ui| {
                ui.add(
                    egui::TextEdit::multiline(&mut notes)
                        .desired_rows(2)
                        .desired_width(420.0),
                )
            });
            if response.changed() {
                actions.type_edit(
                    put(Workload {
                        notes,
                        ..workload.clone()
                    }),
                    format!("edit the notes of {name}"),
                    format!("{}:notes", workload.id),
                );
            }
            actions.seal_on(&response);
            ui.end_row();
        });
}

fn raci_ui(ui: &mut Ui, plan: &Plan, workload: &Workload, actions: &mut Actions) {
    ui.heading("Who does what");
    ui.label(RichText::new("Click a cell to cycle it: empty, R, A, C, I, empty again. Each activity needs exactly one Accountable and at least one Responsible.").weak());
    if plan.parties.is_empty() {
        ui.label("Add parties first, then assign them here.");
        if ui.button("Go to parties").clicked() {
            actions.push(Action::Go(View::Parties));
        }
        return;
    }
    egui::ScrollArea::horizontal()
        .id_salt("raci-scroll")
        .show(ui, |ui| {
            egui::Grid::new("raci").spacing([4.0, 4.0]).show(ui, |ui| {
                ui.label("");
                for party in &plan.parties {
                    ui.add_sized(
                        [theme::RACI_WIDTH, 20.0],
                        egui::Label::new(RichText::new(&party.name).small().strong()).truncate(),
                    )
                    .on_hover_text(&party.name);
                }
                ui.label("");
                ui.end_row();
                for kind in ActivityKind::ALL {
                    let activity = workload.activity(kind);
                    let accountable = activity.map_or(0, |a| a.count(Raci::Accountable));
                    let responsible = activity.map_or(0, |a| a.count(Raci::Responsible));
                    let broken = raci_rule_broken(accountable, responsible);
                    let label = RichText::new(kind.label()).strong();
                    if broken.is_some() {
                        egui::Frame::new()
                            .fill(theme::WARN_COLOR.gamma_multiply(0.35))
                            .inner_margin(4.0)
                            .corner_radius(3.0)
                            .show(ui, |ui| ui.label(label));
                    } else {
                        ui.label(label);
                    }
                    for party in &plan.parties {
                        let current = activity.and_then(|a| a.raci.get(&party.id)).copied();
                        let text = current.map_or(" ", Raci::letter);
                        let mut rich = RichText::new(text).size(18.0).strong();
                        if current == Some(Raci::Accountable) {
                            rich = rich.color(theme::OK_COLOR);
                        }
                        let name = format!(
                            "{} / {}: {}",
                            kind.label(),
                            party.name,
                            current.map_or("none", Raci::letter)
                        );
                        let response = ui
                            .add_sized(
                                [theme::RACI_WIDTH, theme::RACI_CELL],
                                egui::Button::new(rich),
                            )
                            .accessible_name(name)
                            .on_hover_text(format!("{} in {}", party.name, kind.label()));
                        if response.clicked()
                            && let Some(edit) =
                                set_raci(plan, &workload.id, kind, &party.id, Raci::cycle(current))
                        {
                            let what = Raci::cycle(current).map_or("nothing", Raci::letter);
                            actions.edit(
                                edit,
                                format!(
                                    "make {} {what} in {} of {}",
                                    party.name,
                                    kind.label(),
                                    workload.name
                                ),
                            );
                        }
                    }
                    match broken {
                        Some(reason) => {
                            ui.label(RichText::new(format!("⚠ {reason}")).color(theme::WARN_COLOR))
                        }
                        None => ui.label(RichText::new("✔").color(theme::OK_COLOR)),
                    };
                    ui.end_row();
                }
            });
        });
    for kind in ActivityKind::ALL {
        let Some(activity) = workload.activity(kind) else {
            continue;
        };
        let mut notes = activity.notes.clone();
        let response = ui
            .horizontal(|ui| {
                widgets::text_field(ui, &format!("{} notes", kind.label()), &mut notes, 420.0)
            })
            .inner;
        if response.changed() {
            let mut w = workload.clone();
            w.activity_mut(kind).notes = notes;
            actions.type_edit(
                put(w),
                format!("edit the {} notes of {}", kind.label(), workload.name),
                format!("{}:{kind:?}:notes", workload.id),
            );
        }
        actions.seal_on(&response);
    }
}

fn done_ui(ui: &mut Ui, derived: &Derived, workload: &Workload, actions: &mut Actions) {
    let Some(status) = derived.workload(&workload.id) else {
        return;
    };
    if status.done {
        ui.label(
            RichText::new("Definition of done: met ✔ — staged and ready for testing")
                .heading()
                .color(theme::OK_COLOR),
        );
        return;
    }
    ui.label(
        RichText::new(format!(
            "Definition of done: not met — {} blockers",
            status.blockers.len()
        ))
        .heading()
        .color(theme::WARN_COLOR),
    );
    for blocker in &status.blockers {
        if widgets::blocker_link(ui, derived, blocker).clicked() {
            actions.push(Action::Navigate(blocker.subject.clone()));
        }
    }
}

fn assets_ui(
    ui: &mut Ui,
    plan: &Plan,
    derived: &Derived,
    workload: &Workload,
    actions: &mut Actions,
) {
    let Some(status) = derived.workload(&workload.id) else {
        return;
    };
    ui.heading(format!("Assets ({})", status.assets));
    widgets::stage_counts(ui, &status.stages);
    ui.horizontal_wrapped(|ui| {
        for (asset, stage) in plan.assets.iter().zip(&derived.stages) {
            if asset.workload.as_deref() == Some(workload.id.as_str())
                && ui.link(&asset.name).on_hover_text(stage.label()).clicked()
            {
                actions.push(Action::Navigate(crate::derive::Subject::Asset(
                    asset.id.clone(),
                )));
            }
        }
    });
}
