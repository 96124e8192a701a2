//! The log: decisions, risks, actions and questions raised in workshops.

use egui::{RichText, Ui};

use super::{Actions, widgets};
use crate::edit::{Edit, Item};
use crate::model::{IdKind, LogEntry, LogKind, LogStatus, Plan, new_id};

pub fn ui(ui: &mut Ui, plan: &Plan, actions: &mut Actions) {
    widgets::title(ui, "Log");
    ui.label("Decisions, risks, actions and questions raised in workshops.");
    ui.horizontal(|ui| {
        for kind in LogKind::ALL {
            if ui.button(format!("+ {}", kind.label())).clicked() {
                let entry = LogEntry {
                    id: new_id(IdKind::Log),
                    kind,
                    date: crate::model::today(),
                    ..LogEntry::default()
                };
                actions.edit(
                    Edit::Put(Item::Log(entry)),
                    format!("add a {}", kind.label().to_lowercase()),
                );
            }
        }
    });
    ui.add_space(8.0);
    if plan.log.is_empty() {
        ui.label("Nothing logged yet.");
        return;
    }
    egui::ScrollArea::vertical()
        .auto_shrink([false; 2])
        .show(ui, |ui| {
            egui::Grid::new("log")
                .num_columns(6)
                .spacing([10.0, 8.0])
                .striped(true)
                .show(ui, |ui| {
                    for text in ["Kind", "Text", "Owner", "Status", "Date", ""] {
                        ui.label(RichText::new(text).strong());
                    }
                    ui.end_row();
                    for (row, entry) in plan.log.iter().enumerate() {
                        ui.push_id(&entry.id, |ui| entry_row(ui, row + 1, plan, entry, actions));
                        ui.end_row();
                    }
                });
        });
}

fn entry_row(ui: &mut Ui, row: usize, plan: &Plan, entry: &LogEntry, actions: &mut Actions) {
    let put = |e: LogEntry| Edit::Put(Item::Log(e));
    let mut picked = None;
    let r = egui::ComboBox::from_id_salt("kind")
        .selected_text(entry.kind.label())
        .show_ui(ui, |ui| {
            for k in LogKind::ALL {
                if ui.selectable_label(k == entry.kind, k.label()).clicked() && k != entry.kind {
                    picked = Some(k);
                }
            }
        });
    let _ = r.response.accessible_name(format!("Kind of entry {row}"));
    if let Some(kind) = picked {
        actions.edit(
            put(LogEntry {
                kind,
                ..entry.clone()
            }),
            "change the kind of a log entry",
        );
    }

    let mut text = entry.text.clone();
    let response = ui
        .add(
            egui::TextEdit::multiline(&mut text)
                .desired_rows(1)
                .desired_width(380.0)
                .min_size(egui::vec2(380.0, 0.0)),
        )
        .accessible_name(format!("Text of entry {row}"));
    if response.changed() {
        actions.type_edit(
            put(LogEntry {
                text,
                ..entry.clone()
            }),
            "edit a log entry",
            format!("{}:text", entry.id),
        );
    }
    actions.seal_on(&response);

    ui.push_id("owner", |ui| {
        let shown = entry.owner.as_deref().map_or("—", |id| plan.party_name(id));
        let mut picked = None;
        let r = egui::ComboBox::from_id_salt("owner")
            .selected_text(shown)
            .width(160.0)
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
        let _ = r.response.accessible_name(format!("Owner of entry {row}"));
        if let Some(owner) = picked.filter(|o| *o != entry.owner) {
            actions.edit(
                put(LogEntry {
                    owner,
                    ..entry.clone()
                }),
                "change the owner of a log entry",
            );
        }
    });

    let done = entry.status == LogStatus::Done;
    let mut checked = done;
    if ui.checkbox(&mut checked, "Done").changed() {
        let status = if checked {
            LogStatus::Done
        } else {
            LogStatus::Open
        };
        actions.edit(
            put(LogEntry {
                status,
                ..entry.clone()
            }),
            "change the status of a log entry",
        );
    }

    let mut date = entry.date.clone();
    let response = ui
        .add(
            egui::TextEdit::singleline(&mut date)
                .hint_text("YYYY-MM-DD")
                .desired_width(100.0)
                .min_size(egui::vec2(100.0, 0.0)),
        )
        .accessible_name(format!("Date of entry {row}"));
    if response.changed() {
        actions.type_edit(
            put(LogEntry {
                date,
                ..entry.clone()
            }),
            "change the date of a log entry",
            format!("{}:date", entry.id),
        );
    }
    actions.seal_on(&response);

    if ui.button("Remove").clicked() {
        actions.edit(
            Edit::Remove(IdKind::Log, entry.id.clone()),
            "remove a log entry",
        );
    }
}
