//! The quick log (Ctrl+L): a decision, risk, action or question recorded
//! about what is on screen, without leaving it.

use egui::{Key, RichText};

use super::{Workshop, subject_name};
use crate::app::{Actions, theme, widgets};
use crate::change::{Change, NewLogEntry};
use crate::model::{LogKind, Plan};

/// The open quick-log form: the entry as filled in so far.
pub struct QuickLog {
    pub entry: NewLogEntry,
    opened: bool,
}

impl Workshop {
    /// The quick-log form over the current view; Enter adds the entry as
    /// one undo step.
    pub fn quick_log_ui(&mut self, ctx: &egui::Context, plan: &Plan, actions: &mut Actions) {
        let Some(QuickLog {
            entry: form,
            opened,
        }) = &mut self.quick_log
        else {
            return;
        };
        let mut close = false;
        egui::Modal::new(egui::Id::unique("ferry-quick-log")).show(ctx, |ui| {
            ui.set_width(560.0);
            ui.heading("Log it");
            egui::Grid::new("quick-log")
                .num_columns(2)
                .spacing([12.0, 8.0])
                .show(ui, |ui| {
                    let label_id = ui.label("Kind").id;
                    ui.horizontal(|ui| {
                        for kind in LogKind::ALL {
                            ui.selectable_value(&mut form.kind, kind, kind.label());
                        }
                    })
                    .response
                    .labelled_by(label_id);
                    ui.end_row();
                    let r = widgets::text_field(ui, "What", &mut form.text, 420.0);
                    if !*opened {
                        r.request_focus();
                        *opened = true;
                    }
                    let enter = r.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter));
                    ui.end_row();
                    if let Some(owner) = widgets::party_picker(
                        ui,
                        "Owner",
                        "quick-log-owner",
                        plan,
                        form.owner.as_deref(),
                    ) {
                        form.owner = owner;
                    }
                    ui.end_row();
                    widgets::text_field(ui, "Due (YYYY-MM-DD)", &mut form.due, 140.0);
                    ui.end_row();
                    let label_id = ui.label("About").id;
                    let shown = form
                        .about
                        .as_deref()
                        .map_or("— the plan".to_owned(), |id| subject_name(plan, id));
                    let (r, picked) = widgets::subject_combo(
                        ui,
                        "quick-log-about",
                        &shown,
                        plan,
                        "— the plan",
                        form.about.as_deref(),
                    );
                    let _ = r.labelled_by(label_id);
                    if let Some(about) = picked {
                        form.about = about;
                    }
                    ui.end_row();
                    // What keeps the entry from being logged, as the core
                    // says it; the due date's is shown as it is typed.
                    let problem = form.problem();
                    if let Some(why) = form.due_problem() {
                        ui.label("");
                        ui.label(
                            RichText::new(format!("Not added yet: {why}")).color(theme::WARN_COLOR),
                        );
                        ui.end_row();
                    }
                    ui.label("");
                    ui.horizontal(|ui| {
                        let ok = problem.is_none();
                        if (ui
                            .add_enabled(ok, egui::Button::new("Add (Enter)"))
                            .clicked()
                            || enter)
                            && ok
                        {
                            actions.change(Change::NewLog(form.clone()));
                            close = true;
                        }
                        if ui.button("Cancel").clicked() {
                            close = true;
                        }
                    });
                    ui.end_row();
                });
            if ui.input(|i| i.key_pressed(Key::Escape)) {
                close = true;
            }
        });
        if close {
            self.quick_log = None;
        }
    }

    /// Opens the quick log about what is on screen.
    pub fn open_quick_log(&mut self, about: Option<String>) {
        self.quick_log = Some(QuickLog {
            entry: NewLogEntry::new(LogKind::Decision, about),
            opened: false,
        });
    }
}
