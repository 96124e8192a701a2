//! Help › About: the version, the license and where Ferry keeps plans and
//! their kept versions (the words come from [`crate::about`]), with a
//! button that copies all of it for a bug report.

use std::path::Path;

use egui::RichText;

use super::theme;

/// The application icon at 256 px: the window's and the taskbar's.
const ICON_PNG: &[u8] = include_bytes!("../../resources/icons/hicolor/256x256/apps/ferry.png");
/// The icon drawn in the About window (64 points, sharp at 2× zoom).
const ABOUT_ICON_PNG: &[u8] =
    include_bytes!("../../resources/icons/hicolor/128x128/apps/ferry.png");

/// The window's icon (title bar, taskbar, Alt+Tab); `None` only if the
/// PNG built into the binary could not be read, when the system's default
/// is better than egui's.
pub(super) fn window_icon() -> egui::IconData {
    eframe::icon_data::from_png_bytes(ICON_PNG).unwrap_or_default()
}

/// Help › About: open or not, and its icon once drawn.
#[derive(Default)]
pub(super) struct About {
    pub open: bool,
    icon: Option<egui::TextureHandle>,
}

impl About {
    /// The About window, while open; Close, Escape or a click beside it
    /// shut it.
    pub(super) fn ui(&mut self, ctx: &egui::Context, data_dir: Option<&Path>, plan: Option<&Path>) {
        if !self.open {
            return;
        }
        let icon = self
            .icon
            .get_or_insert_with(|| {
                let image = eframe::icon_data::from_png_bytes(ABOUT_ICON_PNG)
                    .map(|icon| {
                        egui::ColorImage::from_rgba_unmultiplied(
                            [icon.width as usize, icon.height as usize],
                            &icon.rgba,
                        )
                    })
                    .unwrap_or_default();
                ctx.load_texture("ferry-about-icon", image, egui::TextureOptions::LINEAR)
            })
            .clone();
        let mut close = false;
        let modal = egui::Modal::new(egui::Id::unique("ferry-about")).show(ctx, |ui| {
            ui.set_max_width(theme::ABOUT_WIDTH);
            ui.horizontal(|ui| {
                ui.add(
                    egui::Image::new(&icon)
                        .fit_to_exact_size(egui::vec2(
                            theme::ABOUT_ICON_SIZE,
                            theme::ABOUT_ICON_SIZE,
                        ))
                        .alt_text("Ferry's icon: a ferry crossing to a cloud"),
                );
                ui.vertical(|ui| {
                    ui.heading(format!("Ferry {}", crate::about::VERSION));
                    ui.label(env!("CARGO_PKG_DESCRIPTION"));
                });
            });
            ui.add_space(8.0);
            ui.label(RichText::new(format!("License: {}", crate::about::LICENSE)).strong());
            ui.label(crate::about::LICENSE_WORDS);
            ui.add_space(8.0);
            // The body scrolls so the buttons stay on a small, zoomed screen.
            egui::ScrollArea::vertical()
                .max_height(ctx.content_rect().height() * 0.5)
                .show(ui, |ui| {
                    for place in crate::about::places(data_dir, plan) {
                        ui.label(RichText::new(place.what).strong());
                        ui.label(place.text);
                        ui.add_space(6.0);
                    }
                });
            ui.add_space(8.0);
            ui.horizontal(|ui| {
                if ui
                    .button("Copy details")
                    .on_hover_text(
                        "Copy the version, the system and these folders, for a bug report",
                    )
                    .clicked()
                {
                    ui.ctx().copy_text(crate::about::report(data_dir, plan));
                }
                let close_button = ui.button("Close");
                // The window takes the keyboard: Enter closes it, Tab
                // reaches Copy details.
                if ui.memory(|m| m.focused().is_none()) {
                    close_button.request_focus();
                }
                if close_button.clicked() {
                    close = true;
                }
            });
        });
        if close || modal.should_close() {
            self.open = false;
        }
    }
}
