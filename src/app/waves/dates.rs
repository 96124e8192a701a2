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
                // The start takes the keyboard, selected: typing replaces it.
                widgets::want_focus(ui.ctx(), start_target(index));
            }
        });
        return;
    };
    let mut submit = false;
    // Escape while the keyboard is in the form (a field or one of its
    // buttons, which let go of it as the key comes) cancels it.
    let escape = ui.input(|i| i.key_pressed(egui::Key::Escape));
    let mut cancel = false;
    let starting = editing.start.clone();
    for (what, text) in [("Start", &mut editing.start), ("End", &mut editing.end)] {
        ui.horizontal(|ui| {
            let r = widgets::labelled(ui, &format!("{what} of wave {number}"), |ui| {
                ui.add(
                    egui::TextEdit::singleline(text)
                        .hint_text("YYYY-MM-DD")
                        .desired_width(110.0),
                )
            });
            let r = if what == "Start" {
                widgets::focus_new_text(ui, r, start_target(index), &starting)
            } else {
                r
            };
            submit |= r.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
            cancel |= escape && r.lost_focus();
        });
    }
    let typed = |text: &str| Some(text.trim().to_owned()).filter(|t| !t.is_empty());
    let mut close = false;
    ui.horizontal(|ui| {
        let set = ui.button("Set dates");
        submit |= set.clicked();
        let clear = ui
            .button("Clear dates")
            .on_hover_text("The wave keeps no start and no end");
        if clear.clicked() {
            actions.change(Change::Plan(PlanChange::WaveDates(index, None, None)));
            close = true;
        }
        let back = ui.button("Cancel").on_hover_text("Escape");
        close |= back.clicked();
        cancel |= escape && [&set, &clear, &back].iter().any(|r| r.lost_focus());
    });
    if cancel {
        *form = None;
        return;
    }
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
                .color(theme::severity_text(ui.visuals(), Severity::Error)),
        );
    }
    if close {
        *form = None;
    }
}

/// The start field of wave `index`'s dates form, to give the keyboard to.
fn start_target(index: usize) -> egui::Id {
    egui::Id::unique(("wave-dates-start", index))
}
