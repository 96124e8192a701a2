//! Presentation mode (F11): the current workload large, for a projector,
//! and the decisions the room takes there — the RACI grid with the
//! keyboard on its first cell, the promotion model, the remediation timing
//! and the team check, and what blocks the workload, each a link to the
//! field that fixes it. The bottom lines are reserved: where the walk
//! through the gaps is, and which keys do what.

use egui::{RichText, Ui};

use crate::app::raci_grid::{self, GridSize, raci_grid_ui};
use crate::app::workload::{
    promotion_model_ui, promotion_ui, remediation_timing_ui, team_check_ui,
};
use crate::app::{Action, Actions, Document, UiCommand, theme, widgets};

/// Text sizes of presentation mode.
const TITLE_SIZE: f32 = 30.0;
const STATUS_SIZE: f32 = 20.0;
const FOOTER_SIZE: f32 = 16.0;

/// Presentation mode: the current workload fills the screen, large.
/// `gap_line` says where the walk through the gaps is; `keys`: whether the
/// grid may take the keyboard (no dialog is open).
pub fn presentation_ui(
    ui: &mut Ui,
    doc: &Document,
    workload_id: Option<&str>,
    gap_line: Option<String>,
    keys: bool,
    actions: &mut Actions,
) {
    let plan = &doc.plan;
    footer_ui(ui, gap_line);
    let Some(workload) = workload_id.and_then(|id| plan.workload(id)) else {
        widgets::title(ui, "Presentation");
        ui.label("No workload yet: add one, then come back (F11).");
        return;
    };
    let status = doc.derived.workload(&workload.id);
    ui.horizontal(|ui| {
        ui.label(RichText::new(&workload.name).size(TITLE_SIZE).strong());
        ui.with_layout(
            egui::Layout::right_to_left(egui::Align::Center),
            |ui| match status {
                Some(s) if s.done => {
                    ui.label(
                        RichText::new("Definition of done: met ✔")
                            .size(STATUS_SIZE)
                            .color(theme::ok_text(ui.visuals())),
                    );
                }
                Some(s) => {
                    ui.label(
                        RichText::new(format!(
                            "Definition of done: not met — {}",
                            crate::words::count(s.blockers.len(), "blocker")
                        ))
                        .size(STATUS_SIZE)
                        .color(theme::warn_text(ui.visuals())),
                    );
                }
                None => {}
            },
        );
    });
    ui.label(
        RichText::new(match status {
            // The definition of done and promotion readiness in one line.
            Some(s) => format!(
                "Criticality: {} · {}",
                workload.criticality.label(),
                s.readiness()
            ),
            None => format!("Criticality: {}", workload.criticality.label()),
        })
        .size(FOOTER_SIZE),
    );
    ui.add_space(4.0);
    // The grid takes the left and the height it needs to show every party
    // without scrolling; the decisions and what blocks the workload go
    // beside it, scrolling when they are long.
    let kinds = raci_grid::kinds(workload);
    let rows = plan.parties.len() as f32 + 2.6;
    let cell_height = ((ui.available_height() - 24.0) / rows).clamp(20.0, theme::RACI_CELL);
    let names = plan
        .parties
        .iter()
        .map(|p| {
            let galley = ui.painter().layout_no_wrap(
                p.name.clone(),
                egui::TextStyle::Body.resolve(ui.style()),
                egui::Color32::WHITE,
            );
            galley.size().x
        })
        .fold(0.0, f32::max);
    // The grid may take up to three fifths of the width.
    let for_cells = ui.available_width() * 0.6 - names - 12.0;
    let cell_width =
        (for_cells / kinds.len().max(1) as f32 - 6.0).clamp(48.0, GridSize::LARGE.cell_width);
    let size = GridSize {
        cell_width,
        cell_height,
        letter: (cell_height * 0.7).min(GridSize::LARGE.letter),
    };
    ui.horizontal_top(|ui| {
        ui.vertical(|ui| {
            if plan.parties.is_empty() {
                ui.label("No parties yet: add the teams on the Parties page.");
            } else {
                raci_grid_ui(ui, plan, workload, size, keys, actions);
            }
        });
        ui.add_space(16.0);
        ui.vertical(|ui| {
            egui::ScrollArea::vertical()
                .id_salt("presentation-side")
                .auto_shrink([false, false])
                .show(ui, |ui| {
                    ui.style_mut().wrap_mode = Some(egui::TextWrapMode::Wrap);
                    ui.label(RichText::new("Promotion model").strong());
                    promotion_model_ui(ui, workload, actions);
                    ui.add_space(6.0);
                    ui.label(RichText::new("Remediation timing").strong());
                    remediation_timing_ui(ui, workload, actions);
                    ui.add_space(6.0);
                    team_check_ui(ui, plan, workload, actions);
                    if let Some(s) = status
                        && !s.done
                    {
                        ui.add_space(8.0);
                        ui.label(RichText::new("What blocks it").strong());
                        for blocker in &s.blockers {
                            if widgets::blocker_link(ui, &doc.derived, blocker).clicked() {
                                actions.push(Action::Fix(blocker.subject.clone(), blocker.code));
                            }
                        }
                    }
                    if let Some(s) = status {
                        ui.add_space(8.0);
                        promotion_ui(ui, &doc.derived, s, actions);
                    }
                });
        });
    });
}

/// The reserved lines at the bottom: where the walk through the gaps is
/// (kept up to date as gaps are fixed; two lines are kept for it, so the
/// grid never moves), and which keys do what.
fn footer_ui(ui: &mut Ui, gap_line: Option<String>) {
    let ctx = ui.ctx().clone();
    let key = |c: UiCommand| c.shortcut_text(&ctx);
    egui::Panel::bottom("presentation-keys").show(ui, |ui| {
        let walk = gap_line.unwrap_or_else(|| {
            format!(
                "{} walks the open questions, one by one",
                key(UiCommand::NextGap)
            )
        });
        let font = egui::FontId::proportional(FOOTER_SIZE);
        let line = ui.ctx().fonts_mut(|f| f.row_height(&font));
        let mut job = egui::text::LayoutJob::simple(
            walk,
            font,
            ui.visuals().strong_text_color(),
            ui.available_width(),
        );
        job.wrap.max_rows = 2;
        let galley = ui.ctx().fonts_mut(|f| f.layout_job(job));
        ui.allocate_ui(egui::vec2(ui.available_width(), 2.0 * line), |ui| {
            ui.set_min_height(2.0 * line);
            ui.label(galley);
        });
        ui.label(
            RichText::new(format!(
                "Arrows, R A C I, Delete set the grid · Tab to the decisions · {} next gap · {} log a decision · {} anything · {} undo · Esc back",
                key(UiCommand::NextGap),
                key(UiCommand::QuickLog),
                key(UiCommand::Palette),
                key(UiCommand::Undo),
            ))
            .size(FOOTER_SIZE),
        );
    });
}
