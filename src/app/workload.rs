//! The workload page: every field as a form, the RACI grid, and the
//! definition of done with its blockers.

use egui::{RichText, Ui};

use super::raci_grid::{GridMeasure, GridSize, raci_grid_ui};
use super::{Action, Actions, View, theme, widgets};
use crate::change::{Change, ChecklistOffer, WorkloadChange};
use crate::checklist;
use crate::derive::{Derived, remediation_team};
use crate::model::{Criticality, Environment, Plan, PromotionModel, RemediationTiming, Workload};

/// A field of the workload page that a gap or a blocker puts the
/// keyboard on (see [`widgets::want_focus`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum FixTarget {
    /// The name of a workload just added.
    Name,
    PromotionModel,
    RemediationTiming,
    TeamCheck,
}

/// The id under which a field of this workload takes the keyboard.
pub fn fix_target(workload: &str, target: FixTarget) -> egui::Id {
    egui::Id::unique(("fix", workload, target))
}

/// The id under which a checklist item's text takes the keyboard.
fn item_target(item: &str) -> egui::Id {
    egui::Id::unique(("checklist-item", item))
}

/// The field that fixes a finding of this rule about a workload, if one
/// does.
pub fn target_of(code: &str) -> Option<FixTarget> {
    match code {
        "promotion-model-undecided" | "remediation-before-promotion-model" => {
            Some(FixTarget::PromotionModel)
        }
        "remediation-timing-undecided" => Some(FixTarget::RemediationTiming),
        "remediation-timing-not-shared" => Some(FixTarget::TeamCheck),
        _ => None,
    }
}

#[derive(Default)]
pub struct WorkloadView {
    confirm_remove: Option<String>,
    /// The workload's assets and replication estimate, per plan revision:
    /// finding them reads every asset of the plan.
    members: Option<Members>,
}

struct Members {
    revision: u64,
    workload: String,
    /// Indices in `plan.assets`, in plan order.
    assets: Vec<usize>,
    estimate: crate::estimate::Estimate,
}

impl WorkloadView {
    pub fn ui(
        &mut self,
        ui: &mut Ui,
        (plan, derived, revision): (&Plan, &Derived, u64),
        (id, keys): (&str, bool),
        actions: &mut Actions,
    ) {
        let Some(workload) = plan.workload(id) else {
            ui.label("This workload is no longer in the plan.");
            if ui.button("Back to the overview").clicked() {
                actions.push(Action::Go(View::Overview));
            }
            return;
        };
        if self
            .members
            .as_ref()
            .is_none_or(|m| m.revision != revision || m.workload != id)
        {
            let assets = plan.assets_of(id);
            let estimate = crate::estimate::estimate(plan, assets.iter().copied());
            self.members = Some(Members {
                revision,
                workload: id.to_owned(),
                assets,
                estimate,
            });
        }
        let members = self.members.take();
        let (assets, estimate) = match &members {
            Some(m) => (m.assets.as_slice(), &m.estimate),
            None => return,
        };
        // Both ways: at a projector's zoom a row can be wider than the pane.
        egui::ScrollArea::both()
            .auto_shrink([false; 2])
            .show(ui, |ui| {
                header_ui(ui, workload, actions);
                ui.separator();
                fields_ui(ui, (plan, revision), workload, actions);
                ui.add_space(12.0);
                raci_ui(ui, plan, workload, keys, actions);
                ui.add_space(12.0);
                done_ui(ui, (plan, derived), workload, actions);
                ui.add_space(12.0);
                self.checklist_ui(ui, plan, workload, actions);
                ui.add_space(12.0);
                estimate_ui(ui, plan, estimate, actions);
                ui.add_space(12.0);
                assets_ui(ui, plan, derived, (workload, assets), actions);
                ui.add_space(12.0);
                self.remove_ui(ui, workload, actions);
            });
        self.members = members;
    }

    /// After staging: the promotion checklist by phase, with progress;
    /// CAF's items for the chosen model are offered, never forced, and a
    /// model change never deletes done items.
    fn checklist_ui(
        &mut self,
        ui: &mut Ui,
        plan: &Plan,
        workload: &Workload,
        actions: &mut Actions,
    ) {
        let change = |actions: &mut Actions, c: WorkloadChange| {
            actions.change(Change::workload(&workload.id, c));
        };
        let (done, total) = checklist::progress(workload);
        ui.heading(format!(
            "After staging: promotion checklist ({done} of {total} done)"
        ));
        ui.label(
            RichText::new(
                "What CAF asks for between \"staged\" and production, by the promotion model: business testing, the business change plan, the ready checks and the promotion pre-checks.",
            )
            .weak(),
        );
        let offer = checklist::offer(workload, workload.promotion_model);
        if workload.promotion_model == PromotionModel::Undecided {
            ui.label("Choose a promotion model above: its checklist is offered here.");
        } else if !offer.is_empty() {
            let unfitting = checklist::unfitting(workload, workload.promotion_model).len();
            ui.horizontal_wrapped(|ui| {
                if ui
                    .button(format!(
                        "Add the {} CAF suggests for {} promotion",
                        crate::words::count(offer.len(), "item"),
                        workload.promotion_model.label().to_lowercase()
                    ))
                    .clicked()
                {
                    change(
                        actions,
                        WorkloadChange::PromotionModel(
                            workload.promotion_model,
                            ChecklistOffer::AddMissing,
                        ),
                    );
                }
                if unfitting > 0
                    && ui
                        .button(format!(
                            "… and drop {} of another model",
                            crate::words::count(unfitting, "untouched item")
                        ))
                        .on_hover_text("Done, owned or annotated items always stay")
                        .clicked()
                {
                    change(
                        actions,
                        WorkloadChange::PromotionModel(
                            workload.promotion_model,
                            ChecklistOffer::Refit,
                        ),
                    );
                }
            });
        }
        for (phase, phase_done, phase_total) in checklist::progress_by_phase(workload) {
            let items = checklist::phase_items(workload, phase);
            ui.add_space(4.0);
            ui.horizontal(|ui| {
                ui.label(RichText::new(phase.label()).strong());
                ui.label(format!("{phase_done} of {phase_total}"));
                if ui
                    .small_button("+ Item")
                    .on_hover_text(format!("Add an item to {}", phase.label()))
                    .clicked()
                {
                    let item = checklist::new_item(phase, "New item");
                    // Its text takes the keyboard, selected.
                    widgets::want_focus(ui.ctx(), item_target(&item.id));
                    change(actions, WorkloadChange::AddChecklistItem(item));
                }
            });
            let count = items.len();
            for (k, (_, item)) in items.into_iter().enumerate() {
                ui.push_id(&item.id, |ui| {
                    ui.horizontal(|ui| {
                        ui.add_space(12.0);
                        let mut checked = item.done;
                        if ui
                            .checkbox(&mut checked, "")
                            .accessible_name(format!("Done: {}", item.text))
                            .changed()
                        {
                            change(
                                actions,
                                WorkloadChange::ChecklistDone(item.id.clone(), checked),
                            );
                        }
                        let mut text = item.text.clone();
                        let r = ui
                            .add(egui::TextEdit::singleline(&mut text).desired_width(380.0))
                            .accessible_name(format!("Checklist item {}", item.text));
                        let r = widgets::focus_new_text(ui, r, item_target(&item.id), &item.text);
                        if r.changed() {
                            actions.type_change(
                                Change::workload(
                                    &workload.id,
                                    WorkloadChange::ChecklistText(item.id.clone(), text),
                                ),
                                format!("{}:{}", workload.id, item.id),
                            );
                        }
                        actions.seal_on(&r);
                        if let Some(owner) = widgets::party_picker(
                            ui,
                            "Owner",
                            ("check-owner", &item.id),
                            plan,
                            item.owner.as_deref(),
                        ) {
                            change(
                                actions,
                                WorkloadChange::ChecklistOwner(item.id.clone(), owner),
                            );
                        }
                        if ui
                            .add_enabled(k > 0, egui::Button::new("⏶").small())
                            .on_hover_text("Move up")
                            .clicked()
                        {
                            change(
                                actions,
                                WorkloadChange::MoveChecklistItem(item.id.clone(), k - 1),
                            );
                        }
                        if ui
                            .add_enabled(k + 1 < count, egui::Button::new("⏷").small())
                            .on_hover_text("Move down")
                            .clicked()
                        {
                            change(
                                actions,
                                WorkloadChange::MoveChecklistItem(item.id.clone(), k + 1),
                            );
                        }
                        if ui
                            .small_button("×")
                            .on_hover_text("Remove this item")
                            .clicked()
                        {
                            change(
                                actions,
                                WorkloadChange::RemoveChecklistItem(item.id.clone()),
                            );
                        }
                    });
                });
            }
        }
    }

    fn remove_ui(&mut self, ui: &mut Ui, workload: &Workload, actions: &mut Actions) {
        if self.confirm_remove.as_deref() == Some(workload.id.as_str()) {
            ui.horizontal(|ui| {
                ui.label(format!(
                    "Remove {}? Its assets go back to the inventory.",
                    workload.name
                ));
                if ui.button("Remove").clicked() {
                    actions.change(Change::RemoveWorkload(workload.id.clone()));
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

/// The workload's name, what it is, and its graph: one line that wraps
/// when the pane is narrow (zoomed in, the problems open), never drawn
/// over the name.
fn header_ui(ui: &mut Ui, workload: &Workload, actions: &mut Actions) {
    ui.horizontal_wrapped(|ui| {
        widgets::title(
            ui,
            if workload.name.is_empty() {
                "(unnamed)"
            } else {
                &workload.name
            },
        );
        ui.add_space(8.0);
        ui.label(format!(
            "Criticality: {} · Promotion model: {}",
            workload.criticality.label(),
            workload.promotion_model.label()
        ));
        let graph = super::UiCommand::ShowGraph;
        if ui
            .button("Dependency graph")
            .on_hover_text(format!(
                "{} ({})",
                graph.tooltip(),
                graph.shortcut_text(ui.ctx())
            ))
            .clicked()
        {
            actions.push(Action::Go(View::Graph(workload.id.clone())));
        }
    });
}

fn fields_ui(
    ui: &mut Ui,
    (plan, revision): (&Plan, u64),
    workload: &Workload,
    actions: &mut Actions,
) {
    let change = |actions: &mut Actions, c: WorkloadChange| {
        actions.change(Change::workload(&workload.id, c));
    };
    egui::Grid::new("workload-fields")
        .num_columns(2)
        .spacing([12.0, 8.0])
        .show(ui, |ui| {
            let mut text_row = |ui: &mut Ui,
                                label: &str,
                                field: &str,
                                value: &String,
                                make: fn(String) -> WorkloadChange| {
                let mut text = value.clone();
                let response = widgets::text_field(ui, label, &mut text, 420.0);
                let response = if field == "name" {
                    let target = fix_target(&workload.id, FixTarget::Name);
                    widgets::focus_new_text(ui, response, target, value)
                } else {
                    response
                };
                if response.changed() {
                    actions.type_change(
                        Change::workload(&workload.id, make(text)),
                        format!("{}:{field}", workload.id),
                    );
                }
                actions.seal_on(&response);
                ui.end_row();
            };
            text_row(ui, "Name", "name", &workload.name, WorkloadChange::Name);
            text_row(
                ui,
                "Description",
                "description",
                &workload.description,
                WorkloadChange::Description,
            );
            text_row(
                ui,
                "Target",
                "target",
                &workload.target,
                WorkloadChange::Target,
            );
            text_row(ui, "Wave", "wave", &workload.wave, WorkloadChange::Wave);
            let mut pinned = workload.wave_pinned;
            let response = widgets::labelled(ui, "Pinned to its wave", |ui| {
                ui.checkbox(&mut pinned, "Suggested waves leave it where it is")
            });
            if response.changed() {
                change(actions, WorkloadChange::Pinned(pinned));
            }
            ui.end_row();
            super::waves::why_ui(ui, plan, revision, workload);

            if let Some(owner) = widgets::party_picker(
                ui,
                "Business owner",
                "bo",
                plan,
                workload.business_owner.as_deref(),
            ) {
                change(actions, WorkloadChange::BusinessOwner(owner));
            }
            ui.end_row();
            if let Some(owner) = widgets::party_picker(
                ui,
                "Technical owner",
                "to",
                plan,
                workload.technical_owner.as_deref(),
            ) {
                change(actions, WorkloadChange::TechnicalOwner(owner));
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
                change(actions, WorkloadChange::Criticality(c));
            }
            ui.end_row();
            if let Some(e) = widgets::choice(
                ui,
                "Environment",
                "env",
                workload.environment,
                &Environment::ALL,
                Environment::label,
            ) {
                change(actions, WorkloadChange::Environment(e));
            }
            ui.end_row();

            ui.label("Promotion model");
            ui.vertical(|ui| promotion_model_ui(ui, workload, actions));
            ui.end_row();

            ui.label("Remediation timing");
            ui.vertical(|ui| remediation_timing_ui(ui, workload, actions));
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
                actions.type_change(
                    Change::workload(&workload.id, WorkloadChange::Notes(notes)),
                    format!("{}:notes", workload.id),
                );
            }
            actions.seal_on(&response);
            ui.end_row();
        });
}

/// The promotion model as a row of choices, with CAF's one-liner for the
/// chosen one; a choice is one undo step. Takes the keyboard when a gap
/// asks for it.
pub fn promotion_model_ui(ui: &mut Ui, workload: &Workload, actions: &mut Actions) {
    let target = fix_target(&workload.id, FixTarget::PromotionModel);
    ui.horizontal_wrapped(|ui| {
        for model in PromotionModel::ALL {
            let r = ui.radio(workload.promotion_model == model, model.label());
            let r = if model == workload.promotion_model {
                widgets::focus_target(ui, r, target)
            } else {
                widgets::focus_ring(ui, &r);
                r
            };
            if r.clicked() && workload.promotion_model != model {
                // The checklist that fits is offered below, never
                // forced: nothing is added or removed here.
                actions.change(Change::workload(
                    &workload.id,
                    WorkloadChange::PromotionModel(model, ChecklistOffer::Keep),
                ));
            }
        }
    });
    ui.label(
        RichText::new(workload.promotion_model.explanation())
            .italics()
            .weak(),
    );
}

/// The remediation timing as a row of choices, with its one-liner.
pub fn remediation_timing_ui(ui: &mut Ui, workload: &Workload, actions: &mut Actions) {
    let target = fix_target(&workload.id, FixTarget::RemediationTiming);
    ui.horizontal_wrapped(|ui| {
        for timing in RemediationTiming::ALL {
            let r = ui.radio(workload.remediation_timing == timing, timing.label());
            let r = if timing == workload.remediation_timing {
                widgets::focus_target(ui, r, target)
            } else {
                widgets::focus_ring(ui, &r);
                r
            };
            if r.clicked() && workload.remediation_timing != timing {
                actions.change(Change::workload(
                    &workload.id,
                    WorkloadChange::RemediationTiming(timing),
                ));
            }
        }
    });
    ui.label(
        RichText::new(workload.remediation_timing.explanation())
            .italics()
            .weak(),
    );
}

fn raci_ui(ui: &mut Ui, plan: &Plan, workload: &Workload, keys: bool, actions: &mut Actions) {
    ui.heading("Who does what");
    let go = super::UiCommand::GoToGrid.shortcut_text(ui.ctx());
    ui.label(RichText::new(format!("{go} puts the keyboard here; arrows move one cell, R, A, C, I set it (an A hands the accountability over: the former Accountable becomes R) and Delete clears it; Tab leaves the grid. A click cycles a cell: empty, R, A, C, I (skipping A while someone else is Accountable). Each activity needs exactly one Accountable and at least one Responsible.")).weak());
    if plan.parties.is_empty() {
        ui.label("Add parties first, then assign them here.");
        if ui.button("Go to parties").clicked() {
            actions.push(Action::Go(View::Parties));
        }
        return;
    }
    // Narrower cells where the page is narrow (a projector's zoom): every
    // activity stays on screen.
    let size =
        GridMeasure::of(ui, plan, workload).fit(ui, GridSize::NORMAL, ui.available_width(), None);
    raci_grid_ui(ui, plan, workload, size, keys, actions);
    ui.add_space(6.0);
    promotion_holders_ui(ui, plan, workload, actions);
    team_check_ui(ui, plan, workload, actions);
    for kind in workload.activity_kinds() {
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
            actions.type_change(
                Change::workload(&workload.id, WorkloadChange::ActivityNotes(kind, notes)),
                format!("{}:{kind:?}:notes", workload.id),
            );
        }
        actions.seal_on(&response);
    }
}

/// Who usually holds the Promotion activity under the decided model
/// (CAF's team presets, [`crate::promotion::suggested_holders`]): the
/// reason in a line, and the parties offered in one click that fills gaps
/// only, one step to undo.
fn promotion_holders_ui(ui: &mut Ui, plan: &Plan, workload: &Workload, actions: &mut Actions) {
    let Some(holders) = crate::promotion::suggested_holders(plan, workload) else {
        return;
    };
    let name = |id: &Option<String>| id.as_deref().map(|p| plan.party_name(p).to_owned());
    let mut who = Vec::new();
    if let Some(r) = name(&holders.responsible) {
        who.push(format!("{r} promotes (R)"));
    }
    if let Some(a) = name(&holders.accountable) {
        who.push(format!("{a} answers for it (A)"));
    }
    let gives = holders
        .change()
        .filter(|change| change.apply_to(&mut workload.clone()));
    ui.horizontal_wrapped(|ui| {
        ui.label(RichText::new(holders.note).weak());
        if let Some(change) = gives
            && ui
                .button(format!("Promotion: {}", who.join(", ")))
                .on_hover_text(
                    "CAF's usual holders of the Promotion activity under this promotion model; fills empty cells only, one step to undo",
                )
                .clicked()
        {
            actions.change(Change::workload(&workload.id, change));
        }
    });
    ui.add_space(4.0);
}

fn done_ui(
    ui: &mut Ui,
    (plan, derived): (&Plan, &Derived),
    workload: &Workload,
    actions: &mut Actions,
) {
    let Some(status) = derived.workload(&workload.id) else {
        return;
    };
    if status.done {
        ui.label(
            RichText::new("Definition of done: met ✔ — staged and ready for testing")
                .heading()
                .color(theme::ok_text(ui.visuals())),
        );
    } else {
        ui.label(
            RichText::new(format!(
                "Definition of done: not met — {}",
                crate::words::count(status.blockers.len(), "blocker")
            ))
            .heading()
            .color(theme::warn_text(ui.visuals())),
        );
        if let (Some(blocker), _) =
            widgets::blocker_list(ui, (plan, derived), &status.blockers, usize::MAX)
        {
            actions.push(Action::Fix(blocker.subject.clone(), blocker.code));
        }
    }
    ui.add_space(4.0);
    promotion_ui(ui, derived, status, actions);
}

/// Promotion readiness, beside the definition of done: one line ("staged
/// ✔ · promotion: 3 blockers, checklist 7/19") and what blocks promotion
/// besides the checklist, each a link to the field that fixes it.
pub fn promotion_ui(
    ui: &mut Ui,
    derived: &Derived,
    status: &crate::derive::WorkloadStatus,
    actions: &mut Actions,
) {
    let promotion = &status.promotion;
    let colour = if promotion.ready {
        theme::ok_text(ui.visuals())
    } else {
        ui.visuals().strong_text_color()
    };
    let line = RichText::new(format!("Readiness: {}", status.readiness()))
        .strong()
        .color(colour);
    ui.label(line)
        .on_hover_text("The definition of done, then what must hold before the workload becomes production: the promotion checklist, the Promotion activity's RACI and the promotion rules");
    for blocker in promotion.rule_blockers() {
        if widgets::blocker_link(ui, derived, blocker).clicked() {
            actions.push(Action::Fix(blocker.subject.clone(), blocker.code));
        }
    }
}

fn assets_ui(
    ui: &mut Ui,
    plan: &Plan,
    derived: &Derived,
    (workload, members): (&Workload, &[usize]),
    actions: &mut Actions,
) {
    let Some(status) = derived.workload(&workload.id) else {
        return;
    };
    ui.heading(format!("Assets ({})", status.assets));
    widgets::stage_counts(ui, &status.stages);
    ui.horizontal_wrapped(|ui| {
        for &i in members {
            let (Some(asset), Some(stage)) = (plan.assets.get(i), derived.stages.get(i)) else {
                continue;
            };
            if ui.link(&asset.name).on_hover_text(stage.label()).clicked() {
                actions.push(Action::Navigate(crate::derive::Subject::Asset(
                    asset.id.clone(),
                )));
            }
        }
    });
}

/// The team check: CAF says everyone in the team must be able to say how
/// remediation is done. The parties with an R or an A in the workload,
/// each with a box "knows how remediation is done"; a tick is one step.
pub fn team_check_ui(ui: &mut Ui, plan: &Plan, workload: &Workload, actions: &mut Actions) {
    let members = remediation_team(plan, workload);
    ui.horizontal_wrapped(|ui| {
        ui.label(RichText::new("Team check: who knows how remediation is done?").strong());
        if workload.remediation_timing == RemediationTiming::Undecided {
            ui.label(RichText::new("decide the remediation timing first").weak());
            return;
        }
        if members.is_empty() {
            ui.label(RichText::new("no one has an R or an A yet").weak());
            return;
        }
        let target = fix_target(&workload.id, FixTarget::TeamCheck);
        // A gap puts the keyboard on the first party that has not
        // confirmed (on the first party when all have).
        let first_open = members
            .iter()
            .position(|p| !workload.remediation_timing_confirmed_by.contains(&p.id))
            .unwrap_or(0);
        for (k, party) in members.into_iter().enumerate() {
            let mut knows = workload.remediation_timing_confirmed_by.contains(&party.id);
            let r = ui.checkbox(&mut knows, &party.name);
            let r = if k == first_open {
                widgets::focus_target(ui, r, target)
            } else {
                widgets::focus_ring(ui, &r);
                r
            };
            if r.changed() {
                actions.change(Change::workload(
                    &workload.id,
                    WorkloadChange::KnowsRemediation(party.id.clone(), knows),
                ));
            }
        }
    });
}

/// CAF's replication estimate for the workload: its storage over the
/// plan's migration bandwidth, the assets that dominate it, and the ones
/// whose storage is unknown (never counted as zero).
fn estimate_ui(
    ui: &mut Ui,
    plan: &Plan,
    estimate: &crate::estimate::Estimate,
    actions: &mut Actions,
) {
    use crate::estimate::{duration_text, size_text};
    ui.heading("Replication estimate");
    ui.horizontal_wrapped(|ui| {
        ui.label(format!(
            "{} of storage in {}",
            size_text(estimate.bytes),
            crate::words::count(estimate.assets, "asset")
        ));
        match estimate.hours(plan.bandwidth_mbps) {
            Some(hours) => {
                ui.label(format!(
                    "· about {} at {} Mbit/s",
                    duration_text(hours),
                    plan.bandwidth_mbps.unwrap_or_default()
                ));
            }
            None if plan.bandwidth_mbps.is_none() => {
                ui.label("· set the migration bandwidth to see how long it takes");
            }
            None => {
                ui.label("· no asset's storage is known yet");
            }
        }
        // The bandwidth is the plan's, not the workload's: it is set in
        // the plan settings, where it is typed whole and applied once.
        let set = super::UiCommand::SetBandwidth;
        if ui
            .button("Set bandwidth…")
            .on_hover_text(set.tooltip())
            .clicked()
        {
            actions.push(Action::Command(set));
        }
    });
    if !estimate.largest.is_empty() {
        let names: Vec<String> = estimate
            .largest
            .iter()
            .filter_map(|(i, bytes)| {
                plan.assets
                    .get(*i)
                    .map(|a| format!("{} ({})", a.name, size_text(*bytes)))
            })
            .collect();
        ui.label(format!("Largest: {}", names.join(", ")));
    }
    if !estimate.unknown.is_empty() {
        let names: Vec<&str> = estimate
            .unknown
            .iter()
            .take(8)
            .filter_map(|i| plan.assets.get(*i).map(|a| a.name.as_str()))
            .collect();
        ui.label(
            RichText::new(format!(
                "Storage unknown for {} (not counted): {}{}",
                crate::words::count(estimate.unknown.len(), "asset"),
                names.join(", "),
                if estimate.unknown.len() > 8 {
                    ", …"
                } else {
                    ""
                }
            ))
            .color(theme::warn_text(ui.visuals())),
        );
    }
}
