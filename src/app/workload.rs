//! The workload page: every field as a form, the RACI grid, and the
//! definition of done with its blockers.

use egui::{RichText, Ui};

use super::{Action, Actions, View, theme, widgets};
use crate::change::{Change, ChecklistOffer, PlanChange, WorkloadChange};
use crate::checklist;
use crate::derive::{Derived, activity_rule, remediation_team};
use crate::model::{
    ActivityKind, Criticality, Plan, PromotionModel, Raci, RemediationTiming, Workload,
};

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
        egui::ScrollArea::vertical()
            .auto_shrink([false; 2])
            .show(ui, |ui| {
                header_ui(ui, workload, actions);
                ui.separator();
                fields_ui(ui, plan, workload, actions);
                ui.add_space(12.0);
                raci_ui(ui, plan, workload, actions);
                ui.add_space(12.0);
                done_ui(ui, derived, workload, actions);
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
                        "Add the {} items CAF suggests for {} promotion",
                        offer.len(),
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
                            "… and drop {unfitting} untouched items of another model"
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
                    change(actions, WorkloadChange::new_checklist_item(phase));
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

fn header_ui(ui: &mut Ui, workload: &Workload, actions: &mut Actions) {
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
            ui.label(format!(
                "{} criticality · promotion model {}",
                workload.criticality.label(),
                workload.promotion_model.label()
            ));
        });
    });
}

fn fields_ui(ui: &mut Ui, plan: &Plan, workload: &Workload, actions: &mut Actions) {
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

            ui.label("Promotion model");
            ui.vertical(|ui| {
                ui.horizontal_wrapped(|ui| {
                    for model in PromotionModel::ALL {
                        if ui
                            .radio(workload.promotion_model == model, model.label())
                            .clicked()
                            && workload.promotion_model != model
                        {
                            // The checklist that fits is offered below, never
                            // forced: nothing is added or removed here.
                            change(
                                actions,
                                WorkloadChange::PromotionModel(model, ChecklistOffer::Keep),
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
                            change(actions, WorkloadChange::RemediationTiming(timing));
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
                actions.type_change(
                    Change::workload(&workload.id, WorkloadChange::Notes(notes)),
                    format!("{}:notes", workload.id),
                );
            }
            actions.seal_on(&response);
            ui.end_row();
        });
}

/// Sizes of the RACI grid: normal, or large for a room (presentation).
#[derive(Clone, Copy, Debug)]
pub struct GridSize {
    pub cell_width: f32,
    pub cell_height: f32,
    pub letter: f32,
}

impl GridSize {
    pub const NORMAL: GridSize = GridSize {
        cell_width: theme::RACI_WIDTH * 1.4,
        cell_height: theme::RACI_CELL,
        letter: 18.0,
    };
    pub const LARGE: GridSize = GridSize {
        cell_width: theme::RACI_WIDTH * 1.7,
        cell_height: theme::RACI_CELL * 0.9,
        letter: 22.0,
    };
}

/// The id of a RACI cell's button, to move keyboard focus between cells.
fn cell_id(workload: &str, row: usize, column: usize) -> egui::Id {
    egui::Id::unique(("raci-cell", workload, row, column))
}

/// The RACI grid: parties as rows and the three activities as columns, so
/// every party's full name and every cell fit, even on a projector. A
/// click cycles a cell (empty, R, A, C, I); with a cell focused the arrows
/// move, R, A, C and I set the letter and Delete clears it; a right-click
/// sets a letter directly. Each is one undo step. Under each column, the
/// rule (one Accountable, at least one Responsible) and why it breaks.
pub fn raci_grid_ui(
    ui: &mut Ui,
    plan: &Plan,
    workload: &Workload,
    size: GridSize,
    actions: &mut Actions,
) {
    let set = |actions: &mut Actions,
               kind: ActivityKind,
               party: &crate::model::Party,
               letter: Option<Raci>| {
        actions.change(Change::workload(
            &workload.id,
            WorkloadChange::Raci(kind, party.id.clone(), letter),
        ));
    };
    let rows = plan.parties.len();
    let mut focus_to: Option<(usize, usize)> = None;
    egui::Grid::new(("raci", &workload.id))
        .spacing([6.0, 4.0])
        .min_col_width(size.cell_width)
        .show(ui, |ui| {
            ui.label("");
            for kind in ActivityKind::MIGRATION {
                ui.vertical_centered(|ui| ui.label(RichText::new(kind.label()).strong()));
            }
            ui.end_row();
            for (row, party) in plan.parties.iter().enumerate() {
                ui.label(RichText::new(&party.name).strong());
                for (column, kind) in ActivityKind::MIGRATION.into_iter().enumerate() {
                    let activity = workload.activity(kind);
                    let current = activity.and_then(|a| a.raci.get(&party.id)).copied();
                    let text = current.map_or(" ", Raci::letter);
                    let mut rich = RichText::new(text).size(size.letter).strong();
                    if current == Some(Raci::Accountable) {
                        rich = rich.color(theme::OK_COLOR);
                    }
                    let name = format!(
                        "{} / {}: {}",
                        kind.label(),
                        party.name,
                        current.map_or("none", Raci::letter)
                    );
                    let id = cell_id(&workload.id, row, column);
                    let response = ui
                        .push_id(id, |ui| {
                            ui.add_sized(
                                [size.cell_width, size.cell_height],
                                egui::Button::new(rich),
                            )
                        })
                        .inner;
                    // The button's own id, for focus moves from the keyboard.
                    ui.data_mut(|d| d.insert_temp(id, response.id));
                    let response = response
                        .accessible_name(name)
                        .on_hover_text(format!(
                            "{} in {}: click to cycle, or focus and press R, A, C, I or Delete; right-click for a menu",
                            party.name,
                            kind.label()
                        ));
                    if response.clicked() {
                        set(actions, kind, party, Raci::cycle(current));
                    }
                    response.context_menu(|ui| {
                        for (letter, label) in [
                            (Some(Raci::Responsible), "R — Responsible"),
                            (Some(Raci::Accountable), "A — Accountable"),
                            (Some(Raci::Consulted), "C — Consulted"),
                            (Some(Raci::Informed), "I — Informed"),
                            (None, "Clear"),
                        ] {
                            if ui
                                .add_enabled(letter != current, egui::Button::new(label))
                                .clicked()
                            {
                                set(actions, kind, party, letter);
                                ui.close();
                            }
                        }
                    });
                    if response.has_focus() {
                        let pressed = ui.input_mut(|i| {
                            [
                                (egui::Key::R, Some(Some(Raci::Responsible))),
                                (egui::Key::A, Some(Some(Raci::Accountable))),
                                (egui::Key::C, Some(Some(Raci::Consulted))),
                                (egui::Key::I, Some(Some(Raci::Informed))),
                                (egui::Key::Delete, Some(None)),
                                (egui::Key::Backspace, Some(None)),
                            ]
                            .into_iter()
                            .find(|(key, _)| i.consume_key(egui::Modifiers::NONE, *key))
                            .and_then(|(_, letter)| letter)
                        });
                        if let Some(letter) = pressed
                            && letter != current
                        {
                            set(actions, kind, party, letter);
                        }
                        let moved = ui.input_mut(|i| {
                            if i.consume_key(egui::Modifiers::NONE, egui::Key::ArrowUp) {
                                Some((row.saturating_sub(1), column))
                            } else if i.consume_key(egui::Modifiers::NONE, egui::Key::ArrowDown) {
                                Some(((row + 1).min(rows.saturating_sub(1)), column))
                            } else if i.consume_key(egui::Modifiers::NONE, egui::Key::ArrowLeft) {
                                Some((row, column.saturating_sub(1)))
                            } else if i.consume_key(egui::Modifiers::NONE, egui::Key::ArrowRight) {
                                Some((row, (column + 1).min(2)))
                            } else {
                                None
                            }
                        });
                        if moved.is_some() {
                            focus_to = moved;
                        }
                    }
                }
                ui.end_row();
            }
            ui.label("");
            for kind in ActivityKind::MIGRATION {
                let broken = activity_rule(workload.activity(kind), |id| plan.party(id).is_some());
                ui.vertical_centered(|ui| match broken {
                    Some((_, reason)) => {
                        egui::Frame::new()
                            .fill(theme::WARN_COLOR.gamma_multiply(0.35))
                            .inner_margin(4.0)
                            .corner_radius(3.0)
                            .show(ui, |ui| {
                                ui.label(RichText::new(format!("⚠ {reason}")).color(theme::WARN_COLOR))
                            });
                    }
                    None => {
                        ui.label(RichText::new("✔").color(theme::OK_COLOR));
                    }
                });
            }
            ui.end_row();
        });
    if let Some((row, column)) = focus_to
        && let Some(target) =
            ui.data(|d| d.get_temp::<egui::Id>(cell_id(&workload.id, row, column)))
    {
        ui.memory_mut(|m| m.request_focus(target));
    }
}

fn raci_ui(ui: &mut Ui, plan: &Plan, workload: &Workload, actions: &mut Actions) {
    ui.heading("Who does what");
    ui.label(RichText::new("Click a cell to cycle it: empty, R, A, C, I, empty again — or focus it and press R, A, C, I or Delete (arrows move). Each activity needs exactly one Accountable and at least one Responsible.").weak());
    if plan.parties.is_empty() {
        ui.label("Add parties first, then assign them here.");
        if ui.button("Go to parties").clicked() {
            actions.push(Action::Go(View::Parties));
        }
        return;
    }
    raci_grid_ui(ui, plan, workload, GridSize::NORMAL, actions);
    ui.add_space(6.0);
    team_check_ui(ui, plan, workload, actions);
    for kind in ActivityKind::MIGRATION {
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
        for party in members {
            let mut knows = workload.remediation_timing_confirmed_by.contains(&party.id);
            let r = ui.checkbox(&mut knows, &party.name).on_hover_text(format!(
                "{} knows that remediation is done: {}",
                party.name,
                workload.remediation_timing.label()
            ));
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
            "{} of storage in {} assets",
            size_text(estimate.bytes),
            estimate.assets
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
                ui.label("· set the migration bandwidth to see how long it takes:");
            }
            None => {
                ui.label("· no asset's storage is known yet");
            }
        }
        let mut text = plan
            .bandwidth_mbps
            .map(|b| b.to_string())
            .unwrap_or_default();
        let r = widgets::text_field(ui, "Bandwidth (Mbit/s)", &mut text, 80.0)
            .on_hover_text("Megabits per second available for replication, for the whole plan");
        if r.changed() {
            let value = text.trim().parse::<u32>().ok().filter(|v| *v > 0);
            if text.trim().is_empty() || value.is_some() {
                actions.type_change(
                    Change::Plan(PlanChange::Bandwidth(value)),
                    "plan:bandwidth".to_owned(),
                );
            }
        }
        actions.seal_on(&r);
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
                "Storage unknown for {} assets (not counted): {}{}",
                estimate.unknown.len(),
                names.join(", "),
                if estimate.unknown.len() > 8 {
                    ", …"
                } else {
                    ""
                }
            ))
            .color(theme::WARN_COLOR),
        );
    }
}
