//! The log: decisions, risks, actions and questions raised in workshops,
//! in aligned columns, filtered by kind, status, owner or subject, each
//! linked to what it is about.

use egui::{RichText, Ui};
use egui_extras::{Column, TableBuilder};

use super::workshop::subject_name;
use super::{Action, Actions, theme, widgets};
use crate::change::{Change, LogChange, NewLogEntry};
use crate::derive::Subject;
use crate::model::{LogEntry, LogKind, LogStatus, Plan};

/// The log page's state: its filters and the entry to focus.
#[derive(Default)]
pub struct LogView {
    kind: Option<LogKind>,
    status: Option<LogStatus>,
    owner: Option<String>,
    about: Option<String>,
    /// A new entry whose text gets the cursor once it is drawn.
    focus: Option<String>,
}

impl LogView {
    pub fn ui(&mut self, ui: &mut Ui, plan: &Plan, actions: &mut Actions) {
        widgets::title(ui, "Log");
        ui.label("Decisions, risks, actions and questions raised in workshops. Ctrl+L logs one from anywhere.");
        ui.horizontal_wrapped(|ui| {
            for kind in LogKind::ALL {
                if ui.button(format!("+ {}", kind.label())).clicked() {
                    let entry = NewLogEntry::new(kind, None);
                    self.focus = Some(entry.id.clone());
                    actions.change(Change::NewLog(entry));
                }
            }
        });
        self.filters_ui(ui, plan);
        ui.add_space(6.0);
        if plan.log.is_empty() {
            ui.label("Nothing logged yet.");
            return;
        }
        let rows: Vec<usize> = plan
            .log
            .iter()
            .enumerate()
            .filter(|(_, e)| {
                self.kind.is_none_or(|k| e.kind == k)
                    && self.status.is_none_or(|s| e.status == s)
                    && self
                        .owner
                        .as_ref()
                        .is_none_or(|o| e.owner.as_ref() == Some(o))
                    && self
                        .about
                        .as_ref()
                        .is_none_or(|a| e.about.as_ref() == Some(a))
            })
            .map(|(i, _)| i)
            .collect();
        if rows.is_empty() {
            ui.label("No entry matches the filters.");
            return;
        }
        let focus_row = self
            .focus
            .as_ref()
            .and_then(|id| rows.iter().position(|&i| plan.log[i].id == *id));
        // What a room reads first comes first and fits a projector: kind,
        // the whole text (wrapped), due date and status; owner, subject,
        // date and removal follow, scrolled to when the window is narrow.
        let text_width = (ui.available_width() - (KIND_WIDTH + DUE_WIDTH + STATUS_WIDTH + 40.0))
            .clamp(220.0, 560.0);
        let line = ui.text_style_height(&egui::TextStyle::Body);
        let font = egui::TextStyle::Body.resolve(ui.style());
        let heights: Vec<f32> = rows
            .iter()
            .map(|&i| {
                let galley = ui.ctx().fonts_mut(|f| {
                    f.layout(
                        plan.log[i].text.clone(),
                        font.clone(),
                        egui::Color32::WHITE,
                        text_width - 12.0,
                    )
                });
                let lines = galley.rows.len().max(1) as f32;
                (lines * line + 12.0).max(theme::ROW_HEIGHT + 8.0)
            })
            .collect();
        egui::ScrollArea::horizontal()
            .id_salt("log-columns")
            .show(ui, |ui| {
                let mut table = TableBuilder::new(ui)
                    .striped(true)
                    .resizable(false)
                    .cell_layout(egui::Layout::left_to_right(egui::Align::Center))
                    .column(Column::exact(KIND_WIDTH))
                    .column(Column::exact(text_width))
                    .column(Column::exact(DUE_WIDTH))
                    .column(Column::exact(STATUS_WIDTH))
                    .column(Column::exact(170.0))
                    .column(Column::exact(150.0).clip(true))
                    .column(Column::exact(110.0))
                    .column(Column::exact(90.0));
                if let Some(row) = focus_row {
                    table = table.scroll_to_row(row, Some(egui::Align::Center));
                }
                table
                    .header(theme::ROW_HEIGHT, |mut header| {
                        for title in [
                            "Kind", "Text", "Due", "Status", "Owner", "About", "Date", "",
                        ] {
                            header.col(|ui| {
                                ui.label(RichText::new(title).strong());
                            });
                        }
                    })
                    .body(|body| {
                        body.heterogeneous_rows(heights.into_iter(), |mut row| {
                            let k = row.index();
                            let entry = &plan.log[rows[k]];
                            let focus = self.focus.as_deref() == Some(entry.id.as_str());
                            if entry_row(&mut row, rows[k] + 1, plan, entry, focus, actions) {
                                self.focus = None;
                            }
                        });
                    });
            });
    }

    /// Puts the cursor in this entry's text when it is next drawn.
    pub fn focus_entry(&mut self, id: &str) {
        self.focus = Some(id.to_owned());
    }

    fn filters_ui(&mut self, ui: &mut Ui, plan: &Plan) {
        ui.horizontal_wrapped(|ui| {
            let label = ui.label("Show kind").id;
            let r = egui::ComboBox::from_id_salt("log-kind-filter")
                .selected_text(self.kind.map_or("All", LogKind::label))
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut self.kind, None, "All");
                    for k in LogKind::ALL {
                        ui.selectable_value(&mut self.kind, Some(k), k.label());
                    }
                });
            let _ = r.response.labelled_by(label);
            let label = ui.label("Status").id;
            let r = egui::ComboBox::from_id_salt("log-status-filter")
                .selected_text(self.status.map_or("All", LogStatus::label))
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut self.status, None, "All");
                    ui.selectable_value(&mut self.status, Some(LogStatus::Open), "Open");
                    ui.selectable_value(&mut self.status, Some(LogStatus::Done), "Done");
                });
            let _ = r.response.labelled_by(label);
            let label = ui.label("Owned by").id;
            let r = egui::ComboBox::from_id_salt("log-owner-filter")
                .selected_text(
                    self.owner
                        .as_deref()
                        .map_or("Anyone", |p| plan.party_name(p)),
                )
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut self.owner, None, "Anyone");
                    for p in &plan.parties {
                        ui.selectable_value(&mut self.owner, Some(p.id.clone()), &p.name);
                    }
                });
            let _ = r.response.labelled_by(label);
            let label = ui.label("About").id;
            let shown = self
                .about
                .as_deref()
                .map_or("Anything".to_owned(), |id| subject_name(plan, id));
            let (r, picked) = widgets::subject_combo(
                ui,
                "log-about-filter",
                &shown,
                plan,
                "Anything",
                self.about.as_deref(),
            );
            let _ = r.labelled_by(label);
            if let Some(about) = picked {
                self.about = about;
            }
        });
    }
}

const KIND_WIDTH: f32 = 120.0;
const DUE_WIDTH: f32 = 116.0;
const STATUS_WIDTH: f32 = 84.0;

/// A date field of a log entry: warns, in its colour and in words, when
/// what is typed is not a date on the calendar (the one check,
/// [`crate::model::is_date`]).
fn date_field(ui: &mut Ui, value: &mut String, name: String) -> egui::Response {
    let bad = !value.trim().is_empty() && !crate::model::is_date(value.trim());
    let mut edit = egui::TextEdit::singleline(value)
        .hint_text("YYYY-MM-DD")
        .desired_width(96.0);
    if bad {
        edit = edit.text_color(theme::warn_text(ui.visuals()));
    }
    let response = ui.add(edit).accessible_name(name);
    if bad {
        response.on_hover_text(crate::model::date_error("date", value.trim()).unwrap_or_default())
    } else {
        response
    }
}

/// One entry as a table row; `true` once a wanted focus was given.
fn entry_row(
    row: &mut egui_extras::TableRow<'_, '_>,
    number: usize,
    plan: &Plan,
    entry: &LogEntry,
    focus: bool,
    actions: &mut Actions,
) -> bool {
    let change = |c: LogChange| Change::Log(entry.id.clone(), c);
    let mut focused = false;
    row.col(|ui| {
        let mut picked = None;
        let r = egui::ComboBox::from_id_salt(("kind", &entry.id))
            .selected_text(entry.kind.label())
            .width(100.0)
            .show_ui(ui, |ui| {
                for k in LogKind::ALL {
                    if ui.selectable_label(k == entry.kind, k.label()).clicked() && k != entry.kind
                    {
                        picked = Some(k);
                    }
                }
            });
        let _ = r
            .response
            .accessible_name(format!("Kind of entry {number}"));
        if let Some(kind) = picked {
            actions.change(change(LogChange::Kind(kind)));
        }
    });
    row.col(|ui| {
        let mut text = entry.text.clone();
        // The whole text, wrapped: a merge's question is read in full.
        let response = ui
            .add(
                egui::TextEdit::multiline(&mut text)
                    .desired_rows(1)
                    .desired_width(f32::INFINITY)
                    // Enter does not break the line (Shift+Enter does).
                    .return_key(egui::KeyboardShortcut::new(
                        egui::Modifiers::SHIFT,
                        egui::Key::Enter,
                    )),
            )
            .accessible_name(format!("Text of entry {number}"));
        if focus {
            response.request_focus();
            focused = true;
        }
        if response.changed() {
            actions.type_change(change(LogChange::Text(text)), format!("{}:text", entry.id));
        }
        actions.seal_on(&response);
    });
    row.col(|ui| {
        let mut due = entry.due.clone().unwrap_or_default();
        let response = date_field(ui, &mut due, format!("Due date of entry {number}"));
        if response.changed() {
            actions.type_change(change(LogChange::Due(due)), format!("{}:due", entry.id));
        }
        actions.seal_on(&response);
    });
    row.col(|ui| {
        let mut checked = entry.status == LogStatus::Done;
        if ui
            .checkbox(&mut checked, "Done")
            .on_hover_text("Open or done")
            .changed()
        {
            let status = if checked {
                LogStatus::Done
            } else {
                LogStatus::Open
            };
            actions.change(change(LogChange::Status(status)));
        }
    });
    row.col(|ui| {
        let shown = entry.owner.as_deref().map_or("—", |id| plan.party_name(id));
        let mut picked = None;
        let r = egui::ComboBox::from_id_salt(("owner", &entry.id))
            .selected_text(shown)
            .width(150.0)
            .show_ui(ui, |ui| {
                if ui
                    .selectable_label(entry.owner.is_none(), "— nobody")
                    .clicked()
                {
                    picked = Some(None);
                }
                for p in &plan.parties {
                    if ui
                        .selectable_label(entry.owner.as_deref() == Some(p.id.as_str()), &p.name)
                        .clicked()
                    {
                        picked = Some(Some(p.id.clone()));
                    }
                }
            });
        let _ = r
            .response
            .accessible_name(format!("Owner of entry {number}"));
        if let Some(owner) = picked.filter(|o| *o != entry.owner) {
            actions.change(change(LogChange::Owner(owner)));
        }
    });
    row.col(|ui| match entry.about.as_deref() {
        Some(id) => {
            let subject = if plan.workload(id).is_some() {
                Subject::Workload(id.to_owned())
            } else if plan.party(id).is_some() {
                Subject::Party(id.to_owned())
            } else {
                Subject::Asset(id.to_owned())
            };
            if ui.link(subject_name(plan, id)).clicked() {
                actions.push(Action::Navigate(subject));
            }
        }
        None => {
            ui.label(RichText::new("the plan").weak());
        }
    });
    row.col(|ui| {
        let mut date = entry.date.clone();
        let response = date_field(ui, &mut date, format!("Date of entry {number}"));
        if response.changed() {
            actions.type_change(change(LogChange::Date(date)), format!("{}:date", entry.id));
        }
        actions.seal_on(&response);
    });
    row.col(|ui| {
        if ui.button("Remove").clicked() {
            actions.change(Change::RemoveLog(entry.id.clone()));
        }
    });
    focused
}
