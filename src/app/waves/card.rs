//! The workload cards of a column: only those in view are laid out, each
//! as tall as the tallest; a card drags by its handle, links to its
//! workload, is pinned to its wave by one click (or its shortcut, with
//! the keyboard or the pointer on the card) and has a "Move to" menu.

use egui::{RichText, Ui};

use super::{Board, Dragged};
use crate::app::{Action, Actions, UiCommand, View, widgets};
use crate::derive::Stage;
use crate::estimate::WaveSummary;
use crate::model::Workload;

impl Board<'_> {
    /// The column's cards in a scroll area: a wave of 3,000 workloads
    /// draws a screenful.
    pub(super) fn cards_ui(&mut self, ui: &mut Ui, summary: &WaveSummary, actions: &mut Actions) {
        let group = &summary.group;
        let card_height = self.card_height;
        let cards = egui::ScrollArea::vertical()
            .id_salt(("wave-cards", &group.name))
            .auto_shrink([false, true])
            .max_height(ui.available_height().max(3.0 * card_height));
        cards.show_rows(ui, card_height, group.workloads.len(), |ui, rows| {
            for &w in &group.workloads[rows] {
                let Some(workload) = self.plan.workloads.get(w) else {
                    continue;
                };
                let height = self.card_ui(ui, w, workload, &group.name, actions);
                self.measured = Some(self.measured.map_or(height, |m| m.max(height)));
                // Every card takes the same height, as the rows are
                // counted.
                let short = card_height - height;
                if short > 0.0 {
                    ui.add_space(short);
                }
            }
        });
    }

    /// One workload's card (`w` its index in the plan, `wave` the column's
    /// wave name); returns the height it took.
    fn card_ui(
        &mut self,
        ui: &mut Ui,
        w: usize,
        workload: &Workload,
        wave: &str,
        actions: &mut Actions,
    ) -> f32 {
        let status = self.derived.workloads.get(w);
        let id = egui::Id::unique(("wave-card", &workload.id));
        let card = egui::Frame::group(ui.style()).show(ui, |ui| {
            ui.set_width(228.0);
            let mut focused = false;
            ui.horizontal(|ui| {
                // Only the handle drags, so the card's link and menu stay
                // clickable.
                ui.dnd_drag_source(id, Dragged(workload.id.clone()), |ui| {
                    ui.label(RichText::new("☰").strong())
                        .on_hover_text("Drag to another wave");
                });
                let link = ui.link(RichText::new(&workload.name).strong());
                if link.clicked() {
                    actions.push(Action::Go(View::Workload(workload.id.clone())));
                }
                focused |= link.has_focus();
                focused |= self.pin_ui(ui, workload).has_focus();
            });
            if let Some(s) = status {
                widgets::stage_bar(ui, &s.stages, 220.0);
                ui.label(if s.done {
                    "✔ done".to_owned()
                } else {
                    format!(
                        "{} of {} staged · {}",
                        s.count(Stage::Staged),
                        s.assets,
                        crate::words::count(s.blockers.len(), "blocker")
                    )
                });
            }
            focused |= self.move_to_ui(ui, workload, wave).has_focus();
            focused
        });
        if card.inner {
            self.in_hand = Some((workload.id.clone(), true));
        } else if card.response.contains_pointer() && self.in_hand.as_ref().is_none_or(|h| !h.1) {
            self.in_hand = Some((workload.id.clone(), false));
        }
        card.response.rect.height()
    }

    /// The workload's pin, one click to set or clear: a pinned workload
    /// stays in its wave when waves are suggested.
    fn pin_ui(&mut self, ui: &mut Ui, workload: &Workload) -> egui::Response {
        let pinned = workload.wave_pinned;
        let keys = UiCommand::TogglePin.shortcut_text(ui.ctx());
        let response = ui
            .selectable_label(pinned, if pinned { "Pinned" } else { "Pin" })
            .on_hover_text(if pinned {
                format!("Pinned: suggested waves leave it in this wave. Click ({keys}) to unpin")
            } else {
                format!("Pin it to this wave ({keys}): suggested waves leave it here")
            });
        let response = response.accessible_name(if pinned {
            format!("{} is pinned to its wave", workload.name)
        } else {
            format!("Pin {} to its wave", workload.name)
        });
        if response.clicked() {
            self.pinned = Some((workload.id.clone(), !pinned));
        }
        response
    }

    /// "Move to": every other wave group, by name.
    fn move_to_ui(&mut self, ui: &mut Ui, workload: &Workload, wave: &str) -> egui::Response {
        let label_id = ui.label("Move to").id;
        let waves = self.waves;
        let r = egui::ComboBox::from_id_salt(("move-to", &workload.id))
            .selected_text("—")
            .show_ui(ui, |ui| {
                for other in waves {
                    let name = &other.group.name;
                    if name == wave {
                        continue;
                    }
                    let shown = if name.is_empty() { "No wave" } else { name };
                    if ui.selectable_label(false, shown).clicked() {
                        self.moved = Some((workload.id.clone(), name.clone()));
                    }
                }
            });
        let _ = label_id;
        r.response
            .accessible_name(format!("Move {} to", workload.name))
            .on_hover_text(format!("Move {} to another wave", workload.name))
    }
}
