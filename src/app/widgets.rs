//! Small widgets shared by the views: stage chips, labelled fields, pickers.

use egui::{Response, RichText, Ui};

use super::theme;
use crate::derive::{Blocker, Derived, Stage, Subject};
use crate::model::Plan;

/// A coloured chip with the stage's name written on it.
pub fn stage_chip(ui: &mut Ui, stage: Stage) -> Response {
    let text = RichText::new(stage.label())
        .color(theme::on_stage_color())
        .strong();
    egui::Frame::new()
        .fill(theme::stage_color(stage))
        .corner_radius(6.0)
        .inner_margin(egui::Margin::symmetric(6, 1))
        .show(ui, |ui| ui.label(text))
        .inner
}

/// A label and the widget it names, with the label linked for screen
/// readers (and tests) to find the widget by it.
pub fn labelled(ui: &mut Ui, label: &str, add: impl FnOnce(&mut Ui) -> Response) -> Response {
    let label_id = ui.label(label).id;
    add(ui).labelled_by(label_id)
}

/// A one-line text field named by `label`; returns its response.
pub fn text_field(ui: &mut Ui, label: &str, value: &mut String, width: f32) -> Response {
    labelled(ui, label, |ui| {
        ui.add(egui::TextEdit::singleline(value).desired_width(width))
    })
}

/// A drop-down over a fixed list of values; `Some(new)` when the user picked
/// another value.
pub fn choice<T: Copy + PartialEq>(
    ui: &mut Ui,
    label: &str,
    id_salt: impl std::hash::Hash + std::fmt::Debug,
    current: T,
    all: &[T],
    name: impl Fn(T) -> &'static str,
) -> Option<T> {
    let label_id = ui.label(label).id;
    let mut picked = None;
    let response = egui::ComboBox::from_id_salt(id_salt)
        .selected_text(name(current))
        .show_ui(ui, |ui| {
            for &value in all {
                if ui.selectable_label(value == current, name(value)).clicked() && value != current
                {
                    picked = Some(value);
                }
            }
        })
        .response;
    let _ = response.labelled_by(label_id);
    picked
}

/// A drop-down of the plan's parties (and "nobody"); `Some(new)` on change.
pub fn party_picker(
    ui: &mut Ui,
    label: &str,
    id_salt: impl std::hash::Hash + std::fmt::Debug,
    plan: &Plan,
    current: Option<&str>,
) -> Option<Option<String>> {
    let label_id = ui.label(label).id;
    let shown = current.map_or("—", |id| plan.party_name(id));
    let mut picked = None;
    let response = egui::ComboBox::from_id_salt(id_salt)
        .selected_text(shown)
        .width(180.0)
        .show_ui(ui, |ui| {
            if ui.selectable_label(current.is_none(), "— nobody").clicked() && current.is_some() {
                picked = Some(None);
            }
            for party in &plan.parties {
                let selected = current == Some(party.id.as_str());
                if ui.selectable_label(selected, &party.name).clicked() && !selected {
                    picked = Some(Some(party.id.clone()));
                }
            }
        })
        .response;
    let _ = response.labelled_by(label_id);
    picked
}

/// A heading-sized title line.
pub fn title(ui: &mut Ui, text: &str) {
    ui.heading(RichText::new(text).strong());
}

/// A stacked bar of stage shares, with the stage names in its tooltip.
pub fn stage_bar(ui: &mut Ui, counts: &[usize; crate::derive::STAGES], width: f32) -> Response {
    let total: usize = counts.iter().sum();
    let (rect, response) = ui.allocate_exact_size(egui::vec2(width, 16.0), egui::Sense::hover());
    let painter = ui.painter();
    painter.rect_filled(rect, 3.0, ui.visuals().extreme_bg_color);
    if total > 0 {
        let mut x = rect.left();
        // Staged first, so the bar fills from the left as work is done.
        for stage in Stage::ALL.iter().rev() {
            let n = counts[stage.index()];
            if n == 0 {
                continue;
            }
            let w = rect.width() * n as f32 / total as f32;
            let part =
                egui::Rect::from_min_size(egui::pos2(x, rect.top()), egui::vec2(w, rect.height()));
            painter.rect_filled(part, 0.0, theme::stage_color(*stage));
            x += w;
        }
    }
    let text: Vec<String> = Stage::ALL
        .iter()
        .rev()
        .filter(|s| counts[s.index()] > 0)
        .map(|s| format!("{} {}", s.label(), counts[s.index()]))
        .collect();
    response.on_hover_text(text.join(" · "))
}

/// The stage counts as coloured words: "■ Staged 3  ■ Blocked 1".
pub fn stage_counts(ui: &mut Ui, counts: &[usize; crate::derive::STAGES]) {
    ui.horizontal_wrapped(|ui| {
        for stage in Stage::ALL.iter().rev() {
            let n = counts[stage.index()];
            if n > 0 {
                ui.label(RichText::new("■").color(theme::stage_color(*stage)));
                ui.label(format!("{} {n}", stage.label()));
            }
        }
    });
}

/// A blocker as a link to the thing to fix, its square coloured by the
/// stage of the asset it is about (warning colour for other blockers).
pub fn blocker_link(ui: &mut Ui, derived: &Derived, blocker: &Blocker) -> Response {
    let color = match &blocker.subject {
        Subject::Asset(id) => derived
            .stage_of(id)
            .map_or(theme::WARN_COLOR, theme::stage_color),
        _ => theme::WARN_COLOR,
    };
    ui.horizontal(|ui| {
        ui.label(RichText::new("■").color(color));
        ui.link(&blocker.message)
    })
    .inner
}
