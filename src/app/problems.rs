//! The problems pane: every problem, errors first; a click goes to the
//! thing to fix.

use egui::{RichText, Ui};

use super::{Action, Actions, theme};
use crate::derive::{Derived, Severity};
use crate::model::Plan;
use crate::words;

pub fn ui(ui: &mut Ui, _plan: &Plan, derived: &Derived, actions: &mut Actions) {
    // The counts go under the heading when the pane is narrow (zoomed in).
    ui.horizontal_wrapped(|ui| {
        ui.heading("Problems");
        ui.label(format!(
            "{} · {} · {}",
            words::count(derived.count(Severity::Error), "error"),
            words::count(derived.count(Severity::Warning), "warning"),
            words::count(derived.count(Severity::Info), "note")
        ));
    });
    ui.separator();
    if derived.problems.is_empty() {
        ui.label(RichText::new("✔ No problems").color(theme::ok_text(ui.visuals())));
        return;
    }
    // Messages wrap so they are read whole; a very long list is drawn
    // a screenful at a time, one line each, the rest in the tooltip.
    let row = |ui: &mut Ui, problem: &crate::derive::Problem, wrap: bool, actions: &mut Actions| {
        ui.horizontal_top(|ui| {
            ui.label(
                RichText::new(theme::severity_icon(problem.severity))
                    .color(theme::severity_text(ui.visuals(), problem.severity)),
            );
            let text = format!("{} ({})", problem.message, problem.code);
            let mode = if wrap {
                egui::TextWrapMode::Wrap
            } else {
                egui::TextWrapMode::Truncate
            };
            if ui
                .add(egui::Button::new(text).frame(false).wrap_mode(mode))
                .on_hover_text(&problem.message)
                .clicked()
            {
                actions.push(Action::Fix(problem.subject.clone(), problem.code));
            }
        });
    };
    ui.label(RichText::new("Click one to go to what fixes it; Escape closes this list").weak());
    if derived.problems.len() <= 2_000 {
        egui::ScrollArea::vertical()
            .auto_shrink([false; 2])
            .show(ui, |ui| {
                for problem in &derived.problems {
                    row(ui, problem, true, actions);
                }
            });
    } else {
        let row_height = theme::ROW_HEIGHT + 8.0;
        egui::ScrollArea::vertical()
            .auto_shrink([false; 2])
            .show_rows(ui, row_height, derived.problems.len(), |ui, range| {
                for problem in &derived.problems[range] {
                    row(ui, problem, false, actions);
                }
            });
    }
}
