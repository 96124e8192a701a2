//! The help overlay (F1): every shortcut, from the command list, and how
//! to start.

use egui::{Key, RichText};

use super::Workshop;
use crate::app::commands::{Menu, UiCommand};
use crate::app::widgets;

/// The keys of the RACI grid, for the help: what, and which keys.
pub const GRID_KEYS: [(&str, &str); 8] = [
    ("Move one cell", "Arrows"),
    (
        "First or last activity; with Ctrl, first or last cell",
        "Home, End",
    ),
    ("First or last party", "Page Up, Page Down"),
    (
        "Set Responsible, Accountable, Consulted, Informed",
        "R, A, C, I",
    ),
    ("Clear a cell", "Delete"),
    (
        "Cycle a cell (never through a second Accountable)",
        "Click, Space",
    ),
    (
        "A where someone else is Accountable: hand it over (they become R)",
        "A",
    ),
    (
        "Leave the grid for what follows it (in presentation: the decisions); back",
        "Tab, Shift+Tab",
    ),
];

impl Workshop {
    /// The help overlay: every shortcut, from the command list, and how
    /// to start. It fits the window at any zoom: the list scrolls, the
    /// title and Close stay in view.
    pub fn help_ui(&mut self, ctx: &egui::Context) {
        if !self.help {
            return;
        }
        let (_, close) = widgets::dialog(
            ctx,
            egui::Id::unique("ferry-help"),
            "Getting started",
            640.0,
            |ui| {
                ui.label("1. Bring in your inventory: File › Import inventory… (Ctrl+I), from RVTools or Azure Migrate.");
                ui.label("2. Add the teams: Parties › Add the CAF teams, then the people who do the work.");
                ui.label("3. Make workloads: select assets (Shift+click, Ctrl+A), then \"New workload from selection\", and fill in who does what.");
                ui.add_space(8.0);
                ui.heading("Keyboard");
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
                                ui.label(if keys.is_empty() {
                                    "—".to_owned()
                                } else {
                                    keys
                                });
                                ui.end_row();
                            }
                        }
                        ui.label(RichText::new("In the RACI grid").strong());
                        ui.end_row();
                        ui.label("Put the keyboard on the grid of the workload on screen");
                        ui.label(UiCommand::GoToGrid.shortcut_text(ctx));
                        ui.end_row();
                        for (what, keys) in GRID_KEYS {
                            ui.label(what);
                            ui.label(keys);
                            ui.end_row();
                        }
                        ui.label(RichText::new("In dialogs").strong());
                        ui.end_row();
                        ui.label("Confirm, cancel");
                        ui.label("Enter, Escape");
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
            },
            |ui| ui.button("Close").clicked(),
        );
        if close || ctx.input_mut(|i| i.consume_key(egui::Modifiers::NONE, Key::Escape)) {
            self.help = false;
        }
    }
}
