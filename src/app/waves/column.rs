//! The board and its columns: one column a wave, in order, the no-wave
//! group last; a column's head (name, order, removal, dates), its figures,
//! its problems, then its cards.

use egui::{RichText, Ui};

use super::dates::{DatesForm, dates_ui};
use super::{Board, Dragged, edit_plan};
use crate::app::{Action, Actions, theme, widgets};
use crate::change::{Change, PlanChange};
use crate::estimate::{WaveSummary, duration_text, size_text};

/// How many of a wave's problems its column lists; the rest are in the
/// problems panel.
const PROBLEMS_SHOWN: usize = 5;

impl Board<'_> {
    /// The columns side by side. The board scrolls both ways (a column's
    /// head can be taller than the window at projector zoom); each
    /// column's cards scroll inside.
    pub(super) fn ui(&mut self, ui: &mut Ui, dates: &mut Option<DatesForm>, actions: &mut Actions) {
        let waves = self.waves;
        egui::ScrollArea::both()
            .auto_shrink([false; 2])
            .show(ui, |ui| {
                ui.horizontal_top(|ui| {
                    for summary in waves {
                        self.column_ui(ui, summary, dates, actions);
                    }
                });
            });
    }

    /// One wave's column; a card dropped on it moves there.
    fn column_ui(
        &mut self,
        ui: &mut Ui,
        summary: &WaveSummary,
        dates: &mut Option<DatesForm>,
        actions: &mut Actions,
    ) {
        let plan = self.plan;
        let group = &summary.group;
        let frame = egui::Frame::group(ui.style()).inner_margin(8.0);
        let (_, dropped) = ui.dnd_drop_zone::<Dragged, _>(frame, |ui| {
            // A column: its lines one under another.
            ui.with_layout(egui::Layout::top_down(egui::Align::Min), |ui| {
                ui.set_width(250.0);
                ui.set_min_height(200.0);
                head_ui(ui, self, summary, actions);
                if let Some(index) = group.wave {
                    let name = name_ui(ui, index, &group.name, actions);
                    if self.reveal == Some(index) {
                        name.request_focus();
                        name.scroll_to_me(Some(egui::Align::Center));
                    }
                    if let Some(wave) = plan.waves.get(index) {
                        dates_ui(ui, plan, index, wave, dates, actions);
                    }
                }
                figures_ui(ui, self, summary);
                problems_ui(ui, summary, actions);
                ui.separator();
                self.cards_ui(ui, summary, actions);
            });
        });
        if let Some(dragged) = dropped {
            self.moved = Some((dragged.0.clone(), group.name.clone()));
        }
    }
}

/// The wave's name, and buttons to move it earlier or later or remove it.
fn head_ui(ui: &mut Ui, board: &Board, summary: &WaveSummary, actions: &mut Actions) {
    let plan = board.plan;
    let waves = plan.waves.len();
    let group = &summary.group;
    ui.horizontal(|ui| {
        let title = if group.name.is_empty() {
            "No wave".to_owned()
        } else {
            group.name.clone()
        };
        ui.label(RichText::new(title).strong().size(16.0));
        let Some(index) = group.wave else {
            return;
        };
        if ui
            .add_enabled(index > 0, egui::Button::new("◀").small())
            .on_hover_text("Earlier")
            .clicked()
        {
            edit_plan(actions, PlanChange::MoveWave(index, index - 1));
        }
        if ui
            .add_enabled(index + 1 < waves, egui::Button::new("▶").small())
            .on_hover_text("Later")
            .clicked()
        {
            edit_plan(actions, PlanChange::MoveWave(index, index + 1));
        }
        if ui
            .small_button("×")
            .on_hover_text("Remove this wave; its workloads go to no wave")
            .clicked()
        {
            edit_plan(actions, PlanChange::RemoveWave(index));
        }
    });
}

/// The wave's name as a field: keystrokes are one undo step.
fn name_ui(ui: &mut Ui, index: usize, name: &str, actions: &mut Actions) -> egui::Response {
    let mut name = name.to_owned();
    let r = widgets::text_field(ui, &format!("Name of wave {}", index + 1), &mut name, 200.0);
    if r.changed() {
        actions.type_change(
            Change::Plan(PlanChange::RenameWave(index, name)),
            format!("wave:{index}:name"),
        );
    }
    actions.seal_on(&r);
    r
}

/// How many workloads and assets, how much storage, how long it takes to
/// replicate.
fn figures_ui(ui: &mut Ui, board: &Board, summary: &WaveSummary) {
    let estimate = &summary.estimate;
    ui.label(format!(
        "{} · {} · {}",
        crate::words::count(summary.group.workloads.len(), "workload"),
        crate::words::grouped(summary.assets, "asset"),
        size_text(estimate.bytes)
    ));
    match estimate.hours(board.plan.bandwidth_mbps) {
        Some(h) => ui.label(format!("Replication about {}", duration_text(h))),
        None => ui.label(RichText::new("Replication: unknown").weak()),
    };
    if !estimate.unknown.is_empty() {
        ui.label(
            RichText::new(format!(
                "{} of unknown size",
                crate::words::count(estimate.unknown.len(), "asset")
            ))
            .color(theme::warn_text(ui.visuals())),
        );
    }
}

/// The wave's problems, folded away (they are long at projector zoom),
/// open when there are few.
fn problems_ui(ui: &mut Ui, summary: &WaveSummary, actions: &mut Actions) {
    let problems = summary.problems.len();
    if problems == 0 {
        return;
    }
    egui::CollapsingHeader::new(crate::words::count(problems, "problem"))
        .id_salt(("wave-problems", &summary.group.name))
        .default_open(problems <= 2)
        .show(ui, |ui| {
            for problem in summary.problems.iter().take(PROBLEMS_SHOWN) {
                if ui
                    .link(
                        RichText::new(format!(
                            "{} {}",
                            theme::severity_icon(problem.severity),
                            problem.message
                        ))
                        .color(theme::severity_text(ui.visuals(), problem.severity)),
                    )
                    .clicked()
                {
                    actions.push(Action::Navigate(problem.subject.clone()));
                }
            }
            if problems > PROBLEMS_SHOWN
                && ui
                    .link(format!("… and {} more problems", problems - PROBLEMS_SHOWN))
                    .on_hover_text("Show every problem of the plan")
                    .clicked()
            {
                actions.push(Action::ShowProblems);
            }
        });
}
