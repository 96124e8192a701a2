//! The help overlay (F1): every shortcut, from the command list, and how
//! to start.

use egui::{Key, RichText};

use super::Workshop;
use crate::app::commands::{Menu, UiCommand};

impl Workshop {
    /// The help overlay: every shortcut, from the command list, and how
    /// to start.
    pub fn help_ui(&mut self, ctx: &egui::Context) {
        if !self.help {
            return;
        }
        let mut close = false;
        egui::Modal::new(egui::Id::unique("ferry-help")).show(ctx, |ui| {
            ui.set_width(640.0);
            ui.heading("Getting started");
            ui.label("1. Bring in your inventory: File › Import inventory… (Ctrl+I), from RVTools or Azure Migrate.");
            ui.label("2. Add the teams: Parties › Add the CAF teams, then the people who do the work.");
            ui.label("3. Make workloads: select assets (Shift+click, Ctrl+A), then \"New workload from selection\", and fill in who does what.");
            ui.add_space(8.0);
            ui.heading("Keyboard");
            egui::ScrollArea::vertical().max_height(420.0).show(ui, |ui| {
                egui::Grid::new("help-shortcuts")
                    .num_columns(2)
                    .spacing([24.0, 4.0])
                    .striped(true)
                    .show(ui, |ui| {
                        for &menu in Menu::ALL {
                            ui.label(RichText::new(menu.label()).strong());
                            ui.end_row();
                            for command in UiCommand::ALL.iter().filter(|c| c.menu() == menu) {
                                ui.label(command.label());
                                let keys = command.shortcut_text(ctx);
                                ui.label(if keys.is_empty() { "—".to_owned() } else { keys });
                                ui.end_row();
                            }
                        }
                        ui.label(RichText::new("In the RACI grid").strong());
                        ui.end_row();
                        ui.label("Move between cells");
                        ui.label("Arrows");
                        ui.end_row();
                        ui.label("Set Responsible, Accountable, Consulted, Informed");
                        ui.label("R, A, C, I");
                        ui.end_row();
                        ui.label("Clear a cell");
                        ui.label("Delete");
                        ui.end_row();
                        ui.label(RichText::new("In the asset table").strong());
                        ui.end_row();
                        ui.label("Select a range, add or remove one");
                        ui.label("Shift+click, Ctrl+click");
                        ui.end_row();
                        ui.label("Select every row the filter shows");
                        ui.label("Ctrl+A");
                        ui.end_row();
                        ui.label("Clear the selection");
                        ui.label("Escape");
                        ui.end_row();
                    });
            });
            ui.add_space(8.0);
            if ui.button("Close").clicked() || ui.input(|i| i.key_pressed(Key::Escape)) {
                close = true;
            }
        });
        if close {
            self.help = false;
        }
    }
}
