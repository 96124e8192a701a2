//! Colours and sizes in one place: colour means stage, everywhere. Text
//! colours are tokens of the theme (dark or light) and each one reads at
//! WCAG AA contrast (4.5:1) on the backgrounds it is drawn on; the tests
//! below compute it for every pair.

use egui::{Color32, Visuals};

use crate::derive::{Severity, Stage};
use crate::model::Raci;

/// The colour of a stage: chips, progress bars and counts use the same one,
/// always with the stage's name beside it.
pub fn stage_color(stage: Stage) -> Color32 {
    let (r, g, b) = crate::derive::stage_rgb(stage);
    Color32::from_rgb(r, g, b)
}

/// Text readable on a stage's colour (a chip): black or white, whichever
/// has the higher contrast.
pub fn on_stage_color(stage: Stage) -> Color32 {
    text_on_rgb(crate::derive::stage_rgb(stage))
}

/// Text readable on a fill given as RGB: black or white, whichever has the
/// higher WCAG contrast (at least 4.58:1 for any fill).
pub fn text_on_rgb((r, g, b): (u8, u8, u8)) -> Color32 {
    let fill = Color32::from_rgb(r, g, b);
    if contrast(Color32::BLACK, fill) >= contrast(Color32::WHITE, fill) {
        Color32::BLACK
    } else {
        Color32::WHITE
    }
}

/// Edges and node borders of a dependency cycle, as in `ferry graph`;
/// text about a cycle uses [`error_text`].
pub const CYCLE_COLOR: Color32 = {
    let (r, g, b) = crate::graph::CYCLE_RGB;
    Color32::from_rgb(r, g, b)
};

/// Ordinary dependency arrows: quiet, in the theme's weak text colour, so
/// the nodes and the cycle stand out.
pub fn edge_color(visuals: &egui::Visuals) -> Color32 {
    visuals.weak_text_color()
}

/// A mark (icon, square, stripe) of a severity; for its text use
/// [`severity_text`].
pub fn severity_color(severity: Severity) -> Color32 {
    match severity {
        Severity::Error => Color32::from_rgb(0xd3, 0x2f, 0x2f),
        Severity::Warning => Color32::from_rgb(0xe6, 0x8a, 0x00),
        Severity::Info => Color32::from_rgb(0x42, 0x7a, 0xc8),
    }
}

/// Text (and icons read as text) of a severity, readable in this theme.
pub fn severity_text(visuals: &Visuals, severity: Severity) -> Color32 {
    match severity {
        Severity::Error => error_text(visuals),
        Severity::Warning => warn_text(visuals),
        Severity::Info => info_text(visuals),
    }
}

pub fn severity_icon(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "⛔",
        Severity::Warning => "⚠",
        Severity::Info => "ℹ",
    }
}

/// Marks of "done" (a square, a fill); for text use [`ok_text`].
pub const OK_COLOR: Color32 = Color32::from_rgb(0x2e, 0x7d, 0x32);
/// Marks of a warning (a square, a fill); for text use [`warn_text`].
pub const WARN_COLOR: Color32 = Color32::from_rgb(0xe6, 0x8a, 0x00);
pub const ERROR_BANNER: Color32 = Color32::from_rgb(0x8b, 0x1a, 0x1a);
pub const INFO_BANNER: Color32 = Color32::from_rgb(0x1a, 0x4a, 0x8b);
/// The background of a toast (white text on it).
pub const TOAST_FILL: Color32 = Color32::from_rgb(0x26, 0x32, 0x38);

/// Text that says something is done or fine ("Definition of done: met").
pub fn ok_text(visuals: &Visuals) -> Color32 {
    if visuals.dark_mode {
        Color32::from_rgb(0x81, 0xc7, 0x84)
    } else {
        Color32::from_rgb(0x1b, 0x5e, 0x20)
    }
}

/// Text that warns ("not met — 5 blockers", "unsaved changes").
pub fn warn_text(visuals: &Visuals) -> Color32 {
    if visuals.dark_mode {
        Color32::from_rgb(0xff, 0xb7, 0x4d)
    } else {
        Color32::from_rgb(0x9a, 0x48, 0x00)
    }
}

/// Text of an error.
pub fn error_text(visuals: &Visuals) -> Color32 {
    if visuals.dark_mode {
        Color32::from_rgb(0xff, 0x8a, 0x80)
    } else {
        Color32::from_rgb(0xb7, 0x1c, 0x1c)
    }
}

/// Text of a note (info).
pub fn info_text(visuals: &Visuals) -> Color32 {
    if visuals.dark_mode {
        Color32::from_rgb(0x90, 0xca, 0xf9)
    } else {
        Color32::from_rgb(0x0d, 0x47, 0xa1)
    }
}

/// The fill of a RACI cell.
pub fn raci_cell_fill(visuals: &Visuals, hovered: bool) -> Color32 {
    if hovered {
        visuals.widgets.hovered.weak_bg_fill
    } else {
        visuals.widgets.inactive.weak_bg_fill
    }
}

/// The letter of a RACI cell: Accountable stands out in green, the others
/// in the strong text colour; all read at AA contrast on the cell.
pub fn raci_letter(visuals: &Visuals, letter: Raci) -> Color32 {
    match letter {
        Raci::Accountable if visuals.dark_mode => Color32::from_rgb(0xa5, 0xd6, 0xa7),
        Raci::Accountable => Color32::from_rgb(0x1b, 0x5e, 0x20),
        _ => visuals.strong_text_color(),
    }
}

/// The ring around the RACI cell (or other widget) that has the keyboard:
/// thick and in a colour that stands out from every fill, plain to see on
/// a projector.
pub fn focus_ring(visuals: &Visuals) -> egui::Stroke {
    let color = if visuals.dark_mode {
        Color32::from_rgb(0xff, 0xd5, 0x4f)
    } else {
        Color32::from_rgb(0x0d, 0x47, 0xa1)
    };
    egui::Stroke::new(3.0, color)
}

/// The WCAG 2 contrast ratio of two opaque colours (1 to 21).
pub fn contrast(a: Color32, b: Color32) -> f32 {
    let (la, lb) = (luminance(a), luminance(b));
    let (hi, lo) = if la > lb { (la, lb) } else { (lb, la) };
    (hi + 0.05) / (lo + 0.05)
}

/// WCAG relative luminance of an opaque colour.
fn luminance(c: Color32) -> f32 {
    let channel = |v: u8| {
        let s = f32::from(v) / 255.0;
        if s <= 0.040_45 {
            s / 12.92
        } else {
            ((s + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * channel(c.r()) + 0.7152 * channel(c.g()) + 0.0722 * channel(c.b())
}

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
/// Room kept around a dialog inside the window.
pub const DIALOG_MARGIN: f32 = 24.0;

/// Sets the base style: larger text and roomier controls than egui's
/// defaults, so the app reads well at a distance; text colours that read
/// at AA contrast in both themes.
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
        readable(&mut style.visuals);
    });
}

/// The text colours of egui's themes raised to AA contrast: its weak text
/// (60 % of the normal text), its warning colour on white and its link
/// colour on white read at about 3:1.
fn readable(visuals: &mut Visuals) {
    if visuals.dark_mode {
        visuals.widgets.noninteractive.fg_stroke.color = Color32::from_gray(200);
        visuals.weak_text_color = Some(Color32::from_gray(150));
        visuals.hyperlink_color = Color32::from_rgb(0x7c, 0xc0, 0xff);
    } else {
        visuals.widgets.noninteractive.fg_stroke.color = Color32::from_gray(40);
        visuals.weak_text_color = Some(Color32::from_gray(100));
        visuals.hyperlink_color = Color32::from_rgb(0x00, 0x5a, 0xb4);
    }
    visuals.warn_fg_color = warn_text(visuals);
    visuals.error_fg_color = error_text(visuals);
}

#[cfg(test)]
mod tests {
    use super::*;

    const AA: f32 = 4.5;

    fn themes() -> [Visuals; 2] {
        let ctx = egui::Context::default();
        apply(&ctx);
        let mut dark = Visuals::dark();
        let mut light = Visuals::light();
        readable(&mut dark);
        readable(&mut light);
        [dark, light]
    }

    fn assert_reads(what: &str, text: Color32, on: Color32) {
        let ratio = contrast(text, on);
        assert!(
            ratio >= AA,
            "{what}: {text:?} on {on:?} is {ratio:.2}:1, below {AA}:1"
        );
    }

    #[test]
    fn contrast_is_computed_as_wcag_says() {
        assert!((contrast(Color32::BLACK, Color32::WHITE) - 21.0).abs() < 0.01);
        assert!((contrast(Color32::WHITE, Color32::WHITE) - 1.0).abs() < 0.001);
        // The green "A" of earlier versions on a dark button: 2.5:1.
        let old = contrast(OK_COLOR, Color32::from_gray(60));
        assert!(old < 3.0, "{old}");
    }

    #[test]
    fn every_stage_chip_reads_at_aa() {
        for stage in Stage::ALL {
            assert_reads(
                &format!("{stage:?} chip"),
                on_stage_color(stage),
                stage_color(stage),
            );
        }
    }

    #[test]
    fn every_raci_letter_reads_at_aa_on_its_cell_in_both_themes() {
        for visuals in themes() {
            for hovered in [false, true] {
                let fill = raci_cell_fill(&visuals, hovered);
                for letter in Raci::ALL {
                    assert_reads(
                        &format!("{letter:?} (dark {}, hovered {hovered})", visuals.dark_mode),
                        raci_letter(&visuals, letter),
                        fill,
                    );
                }
            }
        }
    }

    #[test]
    fn every_text_token_reads_at_aa_on_panels_and_dialogs_in_both_themes() {
        for visuals in themes() {
            let theme = if visuals.dark_mode { "dark" } else { "light" };
            let tokens = [
                ("text", visuals.text_color()),
                ("weak text", visuals.weak_text_color()),
                ("strong text", visuals.strong_text_color()),
                ("link", visuals.hyperlink_color),
                ("ok", ok_text(&visuals)),
                ("warning", warn_text(&visuals)),
                ("error", error_text(&visuals)),
                ("info", info_text(&visuals)),
                ("egui warning", visuals.warn_fg_color),
                ("egui error", visuals.error_fg_color),
            ];
            for (what, color) in tokens {
                for (bg_name, bg) in [
                    ("panel", visuals.panel_fill),
                    ("dialog", visuals.window_fill),
                    ("field", visuals.extreme_bg_color),
                ] {
                    assert_reads(&format!("{theme} {what} on {bg_name}"), color, bg);
                }
            }
            for severity in [Severity::Error, Severity::Warning, Severity::Info] {
                assert_reads(
                    &format!("{theme} {severity:?}"),
                    severity_text(&visuals, severity),
                    visuals.panel_fill,
                );
            }
            // Buttons: their text on their fill, at rest and pointed at.
            for (state, w) in [
                ("button", &visuals.widgets.inactive),
                ("hovered button", &visuals.widgets.hovered),
                ("pressed button", &visuals.widgets.active),
            ] {
                assert_reads(
                    &format!("{theme} {state}"),
                    w.fg_stroke.color,
                    w.weak_bg_fill,
                );
            }
            assert_reads(
                &format!("{theme} selected"),
                visuals.selection.stroke.color,
                visuals.selection.bg_fill,
            );
        }
    }

    #[test]
    fn banners_and_toasts_read_at_aa() {
        for fill in [ERROR_BANNER, INFO_BANNER, TOAST_FILL] {
            assert_reads("white on a banner", Color32::WHITE, fill);
        }
    }
}
