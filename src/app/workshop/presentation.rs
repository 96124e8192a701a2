//! Presentation mode (F11): the current workload large, for a projector.

use egui::{RichText, Ui};

use crate::app::workload::{GridSize, raci_grid_ui};
use crate::app::{Action, Actions, Document, theme, widgets};

/// Presentation mode: the current workload fills the screen, large.
pub fn presentation_ui(
    ui: &mut Ui,
    doc: &Document,
    workload_id: Option<&str>,
    gap_text: Option<String>,
    actions: &mut Actions,
) {
    let plan = &doc.plan;
    let Some(workload) = workload_id.and_then(|id| plan.workload(id)) else {
        widgets::title(ui, "Presentation");
        ui.label("No workload yet: add one, then come back (F11).");
        return;
    };
    let status = doc.derived.workload(&workload.id);
    egui::Panel::bottom("presentation-keys").show(ui, |ui| {
        ui.label(
            RichText::new(format!(
                "F8 next gap{} · Ctrl+L log a decision · Ctrl+K anything · Ctrl+G dependency graph · Esc back",
                gap_text.map(|t| format!(" ({t})")).unwrap_or_default()
            ))
            .size(16.0),
        );
    });
    ui.horizontal(|ui| {
        ui.label(RichText::new(&workload.name).size(30.0).strong());
        ui.with_layout(
            egui::Layout::right_to_left(egui::Align::Center),
            |ui| match status {
                Some(s) if s.done => {
                    ui.label(
                        RichText::new("Definition of done: met ✔")
                            .size(20.0)
                            .color(theme::OK_COLOR),
                    );
                }
                Some(s) => {
                    ui.label(
                        RichText::new(format!(
                            "Definition of done: not met — {} blockers",
                            s.blockers.len()
                        ))
                        .size(20.0)
                        .color(theme::WARN_COLOR),
                    );
                }
                None => {}
            },
        );
    });
    ui.label(
        RichText::new(format!(
            "Criticality {} · promotion model {} · remediation {}",
            workload.criticality.label(),
            workload.promotion_model.label(),
            workload.remediation_timing.label()
        ))
        .size(16.0),
    );
    ui.add_space(6.0);
    // The grid takes the left and the height it needs to show every party
    // without scrolling; what blocks the workload goes beside it.
    let rows = plan.parties.len() as f32 + 2.5;
    let cell_height = ((ui.available_height() - 70.0) / rows).clamp(22.0, theme::RACI_CELL);
    let size = GridSize {
        cell_width: GridSize::LARGE.cell_width,
        cell_height,
        letter: (cell_height * 0.7).min(GridSize::LARGE.letter),
    };
    ui.horizontal_top(|ui| {
        ui.vertical(|ui| {
            if plan.parties.is_empty() {
                ui.label("No parties yet: add the teams on the Parties page.");
            } else {
                raci_grid_ui(ui, plan, workload, size, actions);
            }
        });
        ui.add_space(24.0);
        ui.vertical(|ui| {
            crate::app::workload::team_check_ui(ui, plan, workload, actions);
            if let Some(s) = status
                && !s.done
            {
                ui.add_space(8.0);
                let room = ((ui.available_height() / 26.0) as usize).clamp(3, 14);
                egui::ScrollArea::vertical().show(ui, |ui| {
                    for blocker in s.blockers.iter().take(room) {
                        if widgets::blocker_link(ui, &doc.derived, blocker).clicked() {
                            actions.push(Action::Navigate(blocker.subject.clone()));
                        }
                    }
                    if s.blockers.len() > room {
                        ui.label(format!("… and {} more", s.blockers.len() - room));
                    }
                });
            }
        });
    });
}
