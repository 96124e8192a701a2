//! The problems pane: every problem, errors first; a click goes to the
//! thing to fix.

use egui::{RichText, Ui};

use super::{Action, Actions, theme};
use crate::derive::{Derived, Severity};
use crate::model::Plan;

pub fn ui(ui: &mut Ui, _plan: &Plan, derived: &Derived, actions: &mut Actions) {
    ui.horizontal(|ui| {
        ui.heading("Problems");
        ui.label(format!(
            "{} errors · {} warnings · {} notes",
            derived.count(Severity::Error),
            derived.count(Severity::Warning),
            derived.count(Severity::Info)
        ));
    });
    ui.separator();
    if derived.problems.is_empty() {
        ui.label(RichText::new("✔ No problems").color(theme::OK_COLOR));
        return;
    }
    let row_height = theme::ROW_HEIGHT + 8.0;
    egui::ScrollArea::vertical()
        .auto_shrink([false; 2])
        .show_rows(ui, row_height, derived.problems.len(), |ui, range| {
            for problem in &derived.problems[range] {
                ui.horizontal(|ui| {
                    ui.label(
                        RichText::new(theme::severity_icon(problem.severity))
                            .color(theme::severity_color(problem.severity)),
                    );
                    let text = format!("{} ({})", problem.message, problem.code);
                    if ui
                        .add(
                            egui::Button::new(text)
                                .frame(false)
                                .wrap_mode(egui::TextWrapMode::Truncate),
                        )
                        .on_hover_text(&problem.message)
                        .clicked()
                    {
                        actions.push(Action::Navigate(problem.subject.clone()));
                    }
                });
            }
        });
}
