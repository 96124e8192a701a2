//! The quick log (Ctrl+L): a decision, risk, action or question recorded
//! about what is on screen, without leaving it.

use egui::{Key, RichText};

use super::{Workshop, article, subject_name};
use crate::app::{Actions, theme, widgets};
use crate::edit::{Edit, Item};
use crate::model::{IdKind, LogEntry, LogKind, Plan, new_id};

/// The open quick-log form.
pub struct QuickLog {
    pub kind: LogKind,
    pub text: String,
    pub owner: Option<String>,
    pub due: String,
    /// What the entry is about (a workload, asset or party id).
    pub about: Option<String>,
    opened: bool,
}

impl Workshop {
    /// The quick-log form over the current view; Enter adds the entry as
    /// one undo step.
    pub fn quick_log_ui(&mut self, ctx: &egui::Context, plan: &Plan, actions: &mut Actions) {
        let Some(form) = &mut self.quick_log else {
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
                    if !form.opened {
                        r.request_focus();
                        form.opened = true;
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
                    let due = form.due.trim();
                    let due_error = (!due.is_empty())
                        .then(|| crate::model::date_error("due date", due))
                        .flatten();
                    let due_ok = due_error.is_none();
                    if let Some(why) = due_error {
                        ui.label("");
                        ui.label(
                            RichText::new(format!("Not added yet: {why}")).color(theme::WARN_COLOR),
                        );
                        ui.end_row();
                    }
                    ui.label("");
                    ui.horizontal(|ui| {
                        let ok = !form.text.trim().is_empty() && due_ok;
                        if (ui
                            .add_enabled(ok, egui::Button::new("Add (Enter)"))
                            .clicked()
                            || enter)
                            && ok
                        {
                            let entry = LogEntry {
                                id: new_id(IdKind::Log),
                                kind: form.kind,
                                text: form.text.trim().to_owned(),
                                owner: form.owner.clone(),
                                date: crate::model::today(),
                                about: form.about.clone(),
                                due: Some(form.due.trim().to_owned()).filter(|d| !d.is_empty()),
                                ..LogEntry::default()
                            };
                            let label = format!(
                                "log {} {}",
                                article(form.kind.label()),
                                form.kind.label().to_lowercase()
                            );
                            actions.edit(Edit::Put(Item::Log(entry)), label);
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
            kind: LogKind::Decision,
            text: String::new(),
            owner: None,
            due: String::new(),
            about,
            opened: false,
        });
    }
}
