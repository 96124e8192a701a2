//! Colours and sizes in one place: colour means stage, everywhere.

use egui::Color32;

use crate::derive::{Severity, Stage};

/// The colour of a stage: chips, progress bars and counts use the same one,
/// always with the stage's name beside it.
pub fn stage_color(stage: Stage) -> Color32 {
    let (r, g, b) = crate::derive::stage_rgb(stage);
    Color32::from_rgb(r, g, b)
}

/// Text colour readable on a stage colour.
pub fn on_stage_color() -> Color32 {
    Color32::WHITE
}

/// Text readable on a fill given as RGB (dark on light stage colours).
pub fn text_on_rgb(rgb: (u8, u8, u8)) -> Color32 {
    if crate::graph::dark_text_on(rgb) {
        Color32::BLACK
    } else {
        Color32::WHITE
    }
}

/// Edges and node borders of a dependency cycle, as in `ferry graph`.
pub const CYCLE_COLOR: Color32 = {
    let (r, g, b) = crate::graph::CYCLE_RGB;
    Color32::from_rgb(r, g, b)
};

/// Ordinary dependency arrows: quiet, in the theme's weak text colour, so
/// the nodes and the cycle stand out.
pub fn edge_color(visuals: &egui::Visuals) -> Color32 {
    visuals.weak_text_color()
}

pub fn severity_color(severity: Severity) -> Color32 {
    match severity {
        Severity::Error => Color32::from_rgb(0xd3, 0x2f, 0x2f),
        Severity::Warning => Color32::from_rgb(0xe6, 0x8a, 0x00),
        Severity::Info => Color32::from_rgb(0x42, 0x7a, 0xc8),
    }
}

pub fn severity_icon(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "⛔",
        Severity::Warning => "⚠",
        Severity::Info => "ℹ",
    }
}

pub const OK_COLOR: Color32 = Color32::from_rgb(0x2e, 0x7d, 0x32);
pub const WARN_COLOR: Color32 = Color32::from_rgb(0xe6, 0x8a, 0x00);
pub const ERROR_BANNER: Color32 = Color32::from_rgb(0x8b, 0x1a, 0x1a);
pub const INFO_BANNER: Color32 = Color32::from_rgb(0x1a, 0x4a, 0x8b);

/// Height of a table row.
pub const ROW_HEIGHT: f32 = 26.0;
/// Height of a RACI cell: a big target on a projector.
pub const RACI_CELL: f32 = 44.0;
/// Width of a RACI cell (and of the party name above it).
pub const RACI_WIDTH: f32 = 72.0;
/// Width of the navigation pane.
pub const NAV_WIDTH: f32 = 210.0;
/// Width of the problems pane.
pub const PROBLEMS_WIDTH: f32 = 380.0;
/// The About window: wide enough for a data folder's path on one line.
pub const ABOUT_WIDTH: f32 = 600.0;
/// The application icon in the About window.
pub const ABOUT_ICON_SIZE: f32 = 64.0;

/// Sets the base style: larger text and roomier controls than egui's
/// defaults, so the app reads well at a distance.
pub fn apply(ctx: &egui::Context) {
    ctx.all_styles_mut(|style| {
        style.spacing.item_spacing = egui::vec2(8.0, 6.0);
        style.spacing.button_padding = egui::vec2(8.0, 4.0);
        style.spacing.interact_size.y = 24.0;
        for (text_style, font) in style.text_styles.iter_mut() {
            font.size = match text_style {
                egui::TextStyle::Heading => 22.0,
                egui::TextStyle::Small => 11.0,
                _ => 14.5,
            };
        }
    });
}
