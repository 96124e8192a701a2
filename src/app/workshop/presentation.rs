//! Presentation mode (F11): the current workload large, for a projector,
//! and the decisions the room takes there — the RACI grid with the
//! keyboard on its first cell, the promotion model, the remediation timing
//! and the team check, and what blocks the workload, each a link to the
//! field that fixes it — beside the grid when both fit with every word
//! whole, below it when not, laid out from the window and the text every
//! frame. The bottom lines are reserved: where the walk through the gaps
//! is, and which keys do what; nothing is drawn over them.

use egui::{RichText, Ui};

use crate::app::raci_grid::{GridMeasure, GridSize, raci_grid_ui};
use crate::app::workload::{
    promotion_model_ui, promotion_ui, remediation_timing_ui, team_check_ui,
};
use crate::app::{Action, Actions, Document, UiCommand, theme, widgets};
use crate::derive::remediation_team;
use crate::model::{PromotionModel, RemediationTiming, Workload};

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
    body_ui(ui, doc, workload, keys, actions);
}

/// Room between the grid and the decisions beside it.
const GAP: f32 = 16.0;

/// The grid and the decisions: side by side when both fit with every
/// word whole (the grid's cells narrowed down to its header and warning
/// words, the decisions at least as wide as their widest choice), else
/// the decisions below the grid, the whole scrolling. Computed from the
/// window and the text every frame, so a workload looks the same at a
/// zoom whatever was shown before; everything is clipped above the footer.
fn body_ui(ui: &mut Ui, doc: &Document, workload: &Workload, keys: bool, actions: &mut Actions) {
    let plan = &doc.plan;
    let room = ui.available_size();
    let measure = GridMeasure::of(ui, plan, workload);
    let decisions_min = decisions_min_width(ui, doc, workload).min(room.x);
    let decisions_wish = decisions_min.max(room.x * 0.28);
    let grid_wish = measure.width(GridSize::LARGE.cell_width.max(measure.min_cell));
    let side_by_side = measure.min_width() + GAP + decisions_min <= room.x;
    if side_by_side {
        let grid_width = grid_wish
            .min(room.x - GAP - decisions_wish)
            .max(measure.min_width())
            .min(room.x - GAP - decisions_min);
        // Room for a scroll bar, should the grid need one after all.
        let bar = ui.spacing().scroll.allocated_width();
        let size = measure.fit(ui, GridSize::LARGE, grid_width - bar, Some(room.y - bar));
        ui.horizontal_top(|ui| {
            ui.allocate_ui_with_layout(
                egui::vec2(grid_width, room.y),
                egui::Layout::top_down(egui::Align::Min),
                |ui| {
                    egui::ScrollArea::both()
                        .id_salt(("presentation-grid", &workload.id))
                        .max_width(grid_width)
                        .max_height(room.y)
                        .show(ui, |ui| grid_ui(ui, plan, workload, size, keys, actions));
                },
            );
            ui.add_space(GAP);
            let width = ui.available_width();
            ui.allocate_ui_with_layout(
                egui::vec2(width, room.y),
                egui::Layout::top_down(egui::Align::Min),
                |ui| {
                    egui::ScrollArea::vertical()
                        .id_salt(("presentation-side", &workload.id))
                        .auto_shrink([false, false])
                        .max_height(room.y)
                        .show(ui, |ui| {
                            ui.set_width(width - ui.spacing().scroll.allocated_width());
                            decisions_ui(ui, doc, workload, actions);
                        });
                },
            );
        });
    } else {
        // Too narrow for both (a high zoom): the grid as large as the
        // width allows, the decisions below it.
        let bar = ui.spacing().scroll.allocated_width();
        let size = measure.fit(ui, GridSize::LARGE, room.x - bar, Some(room.y));
        egui::ScrollArea::vertical()
            .id_salt(("presentation-stacked", &workload.id))
            .auto_shrink([false, false])
            .max_height(room.y)
            .show(ui, |ui| {
                egui::ScrollArea::horizontal()
                    .id_salt(("presentation-grid", &workload.id))
                    .show(ui, |ui| grid_ui(ui, plan, workload, size, keys, actions));
                ui.add_space(GAP);
                decisions_ui(ui, doc, workload, actions);
            });
    }
}

fn grid_ui(
    ui: &mut Ui,
    plan: &crate::model::Plan,
    workload: &Workload,
    size: GridSize,
    keys: bool,
    actions: &mut Actions,
) {
    if plan.parties.is_empty() {
        ui.label("No parties yet: add the teams on the Parties page.");
    } else {
        raci_grid_ui(ui, plan, workload, size, keys, actions);
    }
}

/// The decisions the room takes and what blocks the workload, each
/// blocker a link to what fixes it.
fn decisions_ui(ui: &mut Ui, doc: &Document, workload: &Workload, actions: &mut Actions) {
    let status = doc.derived.workload(&workload.id);
    ui.style_mut().wrap_mode = Some(egui::TextWrapMode::Wrap);
    ui.label(RichText::new("Promotion model").strong());
    promotion_model_ui(ui, workload, actions);
    ui.add_space(6.0);
    ui.label(RichText::new("Remediation timing").strong());
    remediation_timing_ui(ui, workload, actions);
    ui.add_space(6.0);
    team_check_ui(ui, &doc.plan, workload, actions);
    if let Some(s) = status
        && !s.done
    {
        ui.add_space(8.0);
        ui.label(RichText::new("What blocks it").strong());
        // Many of a kind in one line, as on the workload page.
        if let (Some(blocker), _) =
            widgets::blocker_list(ui, (&doc.plan, &doc.derived), &s.blockers, usize::MAX)
        {
            actions.push(Action::Fix(blocker.subject.clone(), blocker.code));
        }
    }
    if let Some(s) = status {
        ui.add_space(8.0);
        promotion_ui(ui, &doc.derived, s, actions);
    }
}

/// The narrowest the decisions may be: every choice on one line (a radio
/// or a party's box), and every word of the rest whole.
fn decisions_min_width(ui: &Ui, doc: &Document, workload: &Workload) -> f32 {
    let font = egui::TextStyle::Body.resolve(ui.style());
    let width = |text: &str| {
        ui.painter()
            .layout_no_wrap(text.to_owned(), font.clone(), egui::Color32::WHITE)
            .size()
            .x
    };
    let spacing = ui.spacing();
    let boxed = spacing.icon_width + spacing.icon_spacing + 2.0 * spacing.button_padding.x;
    let choices = PromotionModel::ALL
        .iter()
        .map(|m| m.label())
        .chain(RemediationTiming::ALL.iter().map(|t| t.label()))
        .map(&width)
        .chain(
            remediation_team(&doc.plan, workload)
                .iter()
                .map(|p| width(&p.name)),
        )
        .fold(0.0, f32::max)
        + boxed;
    let status = doc.derived.workload(&workload.id);
    let blockers = status
        .into_iter()
        .flat_map(|s| s.blockers.iter().chain(s.promotion.rule_blockers()))
        .map(|b| b.message.as_str());
    let texts = [
        workload.promotion_model.explanation(),
        workload.remediation_timing.explanation(),
        "Team check: who knows how remediation is done?",
    ];
    let words = texts
        .into_iter()
        .chain(blockers)
        .flat_map(str::split_whitespace)
        .map(&width)
        .fold(0.0, f32::max)
        // A blocker's square before it.
        + width("■") + spacing.item_spacing.x;
    choices.max(words).max(160.0).ceil() + spacing.scroll.allocated_width()
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
                "Arrows, R A C I, Delete set the grid · Tab to the decisions, Shift+Tab back · {} next gap · {} log a decision · {} anything · {} undo · Esc back",
                key(UiCommand::NextGap),
                key(UiCommand::QuickLog),
                key(UiCommand::Palette),
                key(UiCommand::Undo),
            ))
            .size(FOOTER_SIZE),
        );
    });
}
