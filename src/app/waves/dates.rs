//! A wave's dates under its name, and a small form in the column to set
//! or clear them.

use egui::{RichText, Ui};

use crate::app::{Actions, theme, widgets};
use crate::change::{Change, PlanChange, why_not};
use crate::derive::Severity;
use crate::model::{Plan, Wave};

/// The dates of one wave being edited: what is typed, kept apart from the
/// plan until it is a valid pair and the user sets it.
#[derive(Clone, Debug, Default)]
pub(super) struct DatesForm {
    /// Index in `plan.waves`.
    pub(super) wave: usize,
    /// The wave's name when the form opened: the form closes when the
    /// wave at that index is another one (moved, removed or renamed).
    pub(super) name: String,
    start: String,
    end: String,
    /// Why the last "Set dates" was refused.
    error: Option<String>,
}

impl DatesForm {
    fn of(index: usize, wave: &Wave) -> Self {
        DatesForm {
            wave: index,
            name: wave.name.clone(),
            start: wave.start.clone().unwrap_or_default(),
            end: wave.end.clone().unwrap_or_default(),
            error: None,
        }
    }
}

/// A wave's dates under its name, and a "Dates…" button that opens a small
/// form in the column to set or clear them: one undo step when set, and a
/// message rather than a change when what is typed is not a valid pair.
pub(super) fn dates_ui(
    ui: &mut Ui,
    plan: &Plan,
    index: usize,
    wave: &Wave,
    form: &mut Option<DatesForm>,
    actions: &mut Actions,
) {
    let number = index + 1;
    let Some(editing) = form.as_mut().filter(|f| f.wave == index) else {
        ui.horizontal(|ui| {
            match (&wave.start, &wave.end) {
                (None, None) => ui.label(RichText::new("No dates").weak()),
                (start, end) => ui.label(format!(
                    "{} – {}",
                    start.as_deref().unwrap_or("?"),
                    end.as_deref().unwrap_or("?")
                )),
            };
            if ui
                .button("Dates…")
                .accessible_name(format!("Dates of wave {number}…"))
                .on_hover_text("Set or clear when this wave starts and ends")
                .clicked()
            {
                *form = Some(DatesForm::of(index, wave));
            }
        });
        return;
    };
    let mut submit = false;
    for (what, text) in [("Start", &mut editing.start), ("End", &mut editing.end)] {
        ui.horizontal(|ui| {
            let r = widgets::labelled(ui, &format!("{what} of wave {number}"), |ui| {
                ui.add(
                    egui::TextEdit::singleline(text)
                        .hint_text("YYYY-MM-DD")
                        .desired_width(110.0),
                )
            });
            submit |= r.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
        });
    }
    let typed = |text: &str| Some(text.trim().to_owned()).filter(|t| !t.is_empty());
    let mut close = false;
    ui.horizontal(|ui| {
        submit |= ui.button("Set dates").clicked();
        if ui
            .button("Clear dates")
            .on_hover_text("The wave keeps no start and no end")
            .clicked()
        {
            actions.change(Change::Plan(PlanChange::WaveDates(index, None, None)));
            close = true;
        }
        close |= ui.button("Cancel").clicked();
    });
    if submit {
        let (start, end) = (typed(&editing.start), typed(&editing.end));
        let change = Change::Plan(PlanChange::WaveDates(index, start, end));
        match why_not(plan, &change) {
            Some(why) => editing.error = Some(why),
            None => {
                actions.change(change);
                close = true;
            }
        }
    }
    if let Some(why) = &editing.error {
        ui.label(
            RichText::new(format!("⚠ Dates not set: {why}"))
                .color(theme::severity_color(Severity::Error)),
        );
    }
    if close {
        *form = None;
    }
}
