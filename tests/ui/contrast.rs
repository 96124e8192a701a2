//! Text reads at WCAG AA (4.5:1): what the app paints as text is in the
//! theme's text tokens, never in the colour of a mark (the red of an
//! error icon, the orange of a warning square, the green of "done"),
//! which is too dark to read on the dark panels.

use crate::common::*;
use crate::real_input::{press, type_keys};
use egui::accesskit::Role;
use egui::{Color32, Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use ferry::app::FerryApp;
use ferry::app::theme;
use ferry::derive::Severity;

/// Every run of text painted in the last frame, with its colour.
fn painted_text(h: &Harness<'_, FerryApp>) -> Vec<(String, Color32)> {
    fn walk(shape: &egui::Shape, out: &mut Vec<(String, Color32)>) {
        match shape {
            egui::Shape::Vec(shapes) => shapes.iter().for_each(|s| walk(s, out)),
            egui::Shape::Text(text) => {
                let job = &text.galley.job;
                for section in &job.sections {
                    let color = text.override_text_color.unwrap_or(
                        if section.format.color == Color32::PLACEHOLDER {
                            text.fallback_color
                        } else {
                            section.format.color
                        },
                    );
                    let range = section.byte_range.start.0..section.byte_range.end.0;
                    let run = job.text[range].to_owned();
                    out.push((run, color));
                }
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    for clipped in &h.output().shapes {
        walk(&clipped.shape, &mut out);
    }
    out
}

/// Fails on text painted in a colour that does not read at AA on the
/// panel (marks such as "■" are not text and are left out).
fn assert_text_reads(h: &Harness<'_, FerryApp>, what: &str) {
    let visuals = h.ctx.global_style().visuals.clone();
    let panel = visuals.panel_fill;
    let marks = [
        theme::WARN_COLOR,
        theme::OK_COLOR,
        theme::CYCLE_COLOR,
        theme::severity_color(Severity::Error),
        theme::severity_color(Severity::Warning),
    ];
    let bad: Vec<String> = painted_text(h)
        .into_iter()
        .filter(|(run, color)| {
            !run.trim().is_empty()
                && run.trim() != "■"
                && marks.contains(color)
                && theme::contrast(*color, panel) < 4.5
        })
        .map(|(run, color)| format!("{run:?} in {color:?}"))
        .collect();
    assert!(bad.is_empty(), "{what}: text below AA: {bad:?}");
}

#[test]
fn the_wave_dates_error_reads_at_aa() {
    let mut h = example_app(vec![]);
    h.get_by_role_and_label(Role::Button, "Waves").click();
    h.run();
    h.get_by_label("Dates of wave 1…").click();
    h.run();
    h.run();
    type_keys(&mut h, "2026-02-30");
    press(&mut h, Modifiers::NONE, Key::Enter);
    let said = painted_text(&h)
        .into_iter()
        .find(|(run, _)| run.contains("Dates not set"))
        .expect("the error is painted");
    let visuals = h.ctx.global_style().visuals.clone();
    for (bg, fill) in [
        ("panel", visuals.panel_fill),
        ("window", visuals.window_fill),
    ] {
        let ratio = theme::contrast(said.1, fill);
        assert!(ratio >= 4.5, "{ratio:.2}:1 on the {bg}");
    }
    assert_text_reads(&h, "wave board");
}

#[test]
fn the_overview_and_the_problems_list_paint_no_text_in_a_mark_colour() {
    let mut h = example_app(vec![]);
    h.get_by_role_and_label(Role::Button, "Overview").click();
    h.run();
    assert_text_reads(&h, "overview");
    press(&mut h, Modifiers::COMMAND, Key::P);
    h.run();
    assert_text_reads(&h, "problems");
}
