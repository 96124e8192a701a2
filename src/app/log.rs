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

/// A date field of a log entry (`due`: its due date, else the day it was
/// raised). What is typed reaches the plan only when it is a day of the
/// calendar or empty; anything else stays in the field, not in the plan,
/// in the error colour and with why (the one date check,
/// [`crate::model::date_error`], in the same words as the quick log) once
/// the field is left. Escape puts the field back as the plan has it.
fn date_field(
    ui: &mut Ui,
    plan: &Plan,
    entry: &LogEntry,
    due: bool,
    number: usize,
    actions: &mut Actions,
) {
    let (name, saved, key) = if due {
        (
            format!("Due date of entry {number}"),
            entry.due.clone().unwrap_or_default(),
            format!("{}:due", entry.id),
        )
    } else {
        (
            format!("Date of entry {number}"),
            entry.date.clone(),
            format!("{}:date", entry.id),
        )
    };
    let make = |text: String| {
        let change = if due {
            LogChange::Due(text)
        } else {
            LogChange::Date(text)
        };
        Change::Log(entry.id.clone(), change)
    };
    let id = egui::Id::unique(("log-date", &entry.id, due));
    // What was typed that is not a date, and the plan's value it was typed
    // over: dropped when the plan's value changes (undo, a merge).
    let draft: Option<(String, String)> = ui.data(|d| d.get_temp(id));
    let draft = draft
        .filter(|(over, _)| *over == saved)
        .map(|(_, text)| text);
    let mut text = draft.clone().unwrap_or_else(|| saved.clone());
    let why = draft
        .as_ref()
        .and_then(|t| crate::change::why_not(plan, &make(t.clone())));
    let mut edit = egui::TextEdit::singleline(&mut text)
        .id(id)
        .hint_text("YYYY-MM-DD")
        .desired_width(96.0);
    // A date written by hand in the file that is not one: in the error
    // colour too, with why on hover (and among the problems).
    let in_file = draft
        .is_none()
        .then(|| saved.trim())
        .filter(|t| !t.is_empty())
        .and_then(|t| crate::model::date_error(if due { "due date" } else { "date" }, t));
    if why.is_some() || in_file.is_some() {
        edit = edit.text_color(theme::error_text(ui.visuals()));
    }
    let mut response = ui.add(edit).accessible_name(name);
    if let Some(in_file) = in_file {
        response = response.on_hover_text(in_file);
    }
    let escape = ui.input(|i| i.key_pressed(egui::Key::Escape));
    if response.lost_focus() && escape {
        ui.data_mut(|d| d.remove::<(String, String)>(id));
    } else if response.changed() {
        let change = make(text.clone());
        if crate::change::why_not(plan, &change).is_none() {
            ui.data_mut(|d| d.remove::<(String, String)>(id));
            actions.type_change(change, key);
        } else {
            ui.data_mut(|d| d.insert_temp(id, (saved, text)));
        }
    }
    actions.seal_on(&response);
    // Said under the field once it is left, over what is below it (the
    // rows keep their places).
    if let Some(why) = why.filter(|_| !response.has_focus()) {
        let said = format!("⚠ Not changed: {why}. Escape in the field puts it back.");
        egui::Area::new(id.with("why"))
            .order(egui::Order::Middle)
            .interactable(false)
            .fixed_pos(response.rect.left_bottom() + egui::vec2(0.0, 2.0))
            .show(ui.ctx(), |ui| {
                egui::Frame::popup(ui.style()).show(ui, |ui| {
                    ui.set_max_width(320.0);
                    ui.label(RichText::new(said).color(theme::error_text(ui.visuals())));
                });
            });
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
    row.col(|ui| date_field(ui, plan, entry, true, number, actions));
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
    row.col(|ui| date_field(ui, plan, entry, false, number, actions));
    row.col(|ui| {
        if ui.button("Remove").clicked() {
            actions.change(Change::RemoveLog(entry.id.clone()));
        }
    });
    focused
}
