//! Plan settings: what belongs to the plan as a whole, on one page — its
//! name, the replication bandwidth, the waves and the file format it is
//! saved in. Reached from the overview, from the wave board's "Set
//! bandwidth…" and from the palette, each landing on its field.
//!
//! A number is applied when its field is left or Enter is pressed (one
//! undo step, named with the number as typed); until then a number that
//! is not one says why and changes nothing. Escape puts the field back.

use egui::{Key, RichText, Ui};

use super::{Action, Actions, View, theme, widgets};
use crate::change::{Change, PlanChange};
use crate::estimate::{duration_text, estimate, size_text};
use crate::model::Plan;
use crate::words;

/// A field of the page, to land on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Setting {
    Name,
    Bandwidth,
    WaveLimits,
}

/// The settings page's state between frames.
#[derive(Default)]
pub struct SettingsView {
    /// The field to give the keyboard on the next frame.
    pub focus: Option<Setting>,
    /// The bandwidth as typed, while its field has the keyboard.
    bandwidth: Option<String>,
    /// The wave limits as typed (assets, hours), while their field has
    /// the keyboard or holds what is not a number.
    limits: [Option<String>; 2],
    /// The pass the page was last drawn in: a page not drawn on the pass
    /// before was just opened, and opens at its top.
    drawn: Option<u64>,
}

/// The settings' names, in the order shown.
const LABELS: [&str; 5] = [
    "Name",
    "Replication bandwidth",
    "Wave limits",
    "Waves",
    "File format",
];

/// Between a setting's name and its fields.
const GAP: f32 = 16.0;

impl SettingsView {
    pub fn ui(&mut self, ui: &mut Ui, plan: &Plan, actions: &mut Actions) {
        widgets::title(ui, "Plan settings");
        ui.label(
            RichText::new(
                "What belongs to the plan as a whole. Each change is one step you can undo.",
            )
            .weak(),
        );
        ui.add_space(8.0);
        let pass = ui.ctx().cumulative_pass_nr();
        let opened = self.drawn.is_none_or(|p| p + 1 < pass);
        self.drawn = Some(pass);
        let mut scroll = egui::ScrollArea::vertical()
            .id_salt("plan-settings-scroll")
            .auto_shrink([false; 2]);
        // Opened, it shows its top (the field it was opened for scrolls
        // itself into view).
        if opened {
            scroll = scroll.vertical_scroll_offset(0.0);
        }
        scroll.show(ui, |ui| {
            // The fields and their hints get what the labels leave of the
            // page, so that zoomed in front of a room they wrap rather than
            // run off the right edge.
            let labels = LABELS
                .iter()
                .map(|l| {
                    let font = egui::TextStyle::Body.resolve(ui.style());
                    ui.fonts_mut(|f| {
                        f.layout_no_wrap((*l).to_owned(), font, egui::Color32::WHITE)
                            .size()
                            .x
                    })
                })
                .fold(0.0, f32::max);
            let room =
                (ui.available_width() - labels - GAP - ui.spacing().scroll.bar_width).max(120.0);
            egui::Grid::new("plan-settings")
                .num_columns(2)
                .spacing([GAP, 14.0])
                .show(ui, |ui| {
                    self.name_ui(ui, plan, room, actions);
                    ui.end_row();
                    self.bandwidth_ui(ui, plan, room, actions);
                    ui.end_row();
                    self.limits_ui(ui, plan, room, actions);
                    ui.end_row();
                    waves_ui(ui, plan, room, actions);
                    ui.end_row();
                    format_ui(ui, plan, room);
                    ui.end_row();
                });
        });
    }

    fn take_focus(&mut self, which: Setting, response: &egui::Response) {
        if self.focus == Some(which) {
            response.request_focus();
            response.scroll_to_me(Some(egui::Align::Center));
            self.focus = None;
        }
    }

    fn name_ui(&mut self, ui: &mut Ui, plan: &Plan, room: f32, actions: &mut Actions) {
        let label = ui.label(RichText::new(LABELS[0]).strong());
        ui.vertical(|ui| {
            ui.set_max_width(room);
            let mut name = plan.name.clone();
            let r = widgets::sized_line(ui, &mut name, room.min(420.0)).labelled_by(label.id);
            self.take_focus(Setting::Name, &r);
            if r.changed() {
                actions.type_change(Change::Plan(PlanChange::Name(name)), "plan:name".to_owned());
            }
            actions.seal_on(&r);
            hint(
                ui,
                "In the title bar, on the overview and at the top of every report.",
            );
        });
    }

    fn bandwidth_ui(&mut self, ui: &mut Ui, plan: &Plan, room: f32, actions: &mut Actions) {
        let label = ui.label(RichText::new(LABELS[1]).strong());
        ui.vertical(|ui| {
            ui.set_max_width(room);
            let mut problem = None;
            ui.horizontal(|ui| {
                let saved = plan
                    .bandwidth_mbps
                    .map(|b| b.to_string())
                    .unwrap_or_default();
                let mut text = self.bandwidth.clone().unwrap_or_else(|| saved.clone());
                let r = widgets::sized_line(ui, &mut text, 120.0)
                    .labelled_by(label.id)
                    .on_hover_text(
                        "Megabits per second available for replication, for the whole plan",
                    );
                self.take_focus(Setting::Bandwidth, &r);
                ui.label("Mbit/s");
                let parsed = parse_mbps(&text);
                let escape = ui.input(|i| i.key_pressed(Key::Escape));
                if r.lost_focus() {
                    if escape {
                        // Put back as it was.
                        self.bandwidth = None;
                        return;
                    }
                    // Left, or Enter: applied when it is a number; else
                    // the text stays, with why.
                    if let Ok(value) = parsed {
                        if value != plan.bandwidth_mbps {
                            actions.change(Change::Plan(PlanChange::Bandwidth(value)));
                        }
                        self.bandwidth = None;
                    } else {
                        self.bandwidth = Some(text);
                    }
                } else if r.has_focus() {
                    self.bandwidth = Some(text);
                }
                if let Err(why) = &parsed {
                    problem = Some(why.clone());
                }
            });
            if let Some(why) = problem {
                ui.label(RichText::new(why).color(theme::severity_text(
                    ui.visuals(),
                    crate::derive::Severity::Error,
                )));
            }
            estimate_ui(ui, plan);
        });
    }
}

impl SettingsView {
    /// Format 3's wave limits: the most assets and hours of replication a
    /// wave should hold, checked on the wave board and used by suggested
    /// waves. Each is applied when its field is left or Enter is pressed.
    fn limits_ui(&mut self, ui: &mut Ui, plan: &Plan, room: f32, actions: &mut Actions) {
        ui.label(RichText::new(LABELS[2]).strong());
        ui.vertical(|ui| {
            ui.set_max_width(room);
            let mut problem = None;
            ui.horizontal_wrapped(|ui| {
                let saved = plan.wave_limits;
                let fields = [
                    ("Assets per wave", saved.assets, "assets"),
                    ("Hours of replication per wave", saved.replication_hours, "hours"),
                ];
                for (k, (name, value, unit)) in fields.into_iter().enumerate() {
                    let shown = value.map(|v| v.to_string()).unwrap_or_default();
                    let mut text = self.limits[k].clone().unwrap_or(shown);
                    let name_id = ui.label(name).id;
                    let r = widgets::sized_line(ui, &mut text, 70.0)
                        .labelled_by(name_id);
                    if k == 0 {
                        self.take_focus(Setting::WaveLimits, &r);
                    }
                    ui.label(unit);
                    let parsed = parse_limit(&text, unit);
                    let escape = ui.input(|i| i.key_pressed(Key::Escape));
                    if r.lost_focus() {
                        if escape {
                            self.limits[k] = None;
                            continue;
                        }
                        if let Ok(new) = parsed {
                            let mut limits = saved;
                            if k == 0 {
                                limits.assets = new;
                            } else {
                                limits.replication_hours = new;
                            }
                            if limits != saved {
                                actions.change(Change::Plan(PlanChange::WaveLimits(limits)));
                            }
                            self.limits[k] = None;
                        } else {
                            self.limits[k] = Some(text);
                        }
                    } else if r.has_focus() {
                        self.limits[k] = Some(text);
                    }
                    if let Err(why) = parsed {
                        problem = Some(why);
                    }
                }
            });
            if let Some(why) = problem {
                ui.label(
                    RichText::new(why).color(theme::severity_text(ui.visuals(), crate::derive::Severity::Error)),
                );
            }
            hint(
                ui,
                "The most a wave should hold: the wave board warns about a wave over a limit, and suggested waves keep within them. Empty: no limit.",
            );
        });
    }
}

/// A wave limit as typed: a whole number above 0, or nothing (no limit).
pub(super) fn parse_limit(text: &str, unit: &str) -> Result<Option<u32>, String> {
    let text = text.trim().replace(['_', ','], "");
    if text.is_empty() {
        return Ok(None);
    }
    match text.parse::<u32>() {
        Ok(0) => Err(format!(
            "A limit of 0 {unit} leaves no room in any wave: type a number above 0, or leave it empty for no limit"
        )),
        Ok(n) => Ok(Some(n)),
        Err(_) => Err(format!(
            "\"{text}\" is not a whole number of {unit}: type one like 20, or leave it empty for no limit"
        )),
    }
}

/// The bandwidth as typed: a whole number of megabits per second, or
/// nothing (not known).
pub(super) fn parse_mbps(text: &str) -> Result<Option<u32>, String> {
    let text = text.trim().replace(['_', ','], "");
    if text.is_empty() {
        return Ok(None);
    }
    match text.parse::<u32>() {
        Ok(0) => Err("A bandwidth of 0 moves nothing: type how many megabits per second replication can use, or leave it empty".to_owned()),
        Ok(n) => Ok(Some(n)),
        Err(_) => Err(format!(
            "\"{text}\" is not a whole number of megabits per second: type one like 500, or leave it empty"
        )),
    }
}

/// What the bandwidth means for this plan: CAF's estimate, storage over
/// bandwidth, for every asset in a workload.
fn estimate_ui(ui: &mut Ui, plan: &Plan) {
    let in_workloads = plan
        .assets
        .iter()
        .enumerate()
        .filter(|(_, a)| a.workload.is_some())
        .map(|(i, _)| i);
    let e = estimate(plan, in_workloads);
    let text = match (e.hours(plan.bandwidth_mbps), plan.bandwidth_mbps) {
        (Some(hours), Some(mbps)) => format!(
            "At {mbps} Mbit/s the {} of storage in the plan's workloads take about {} to replicate.",
            size_text(e.bytes),
            duration_text(hours)
        ),
        (None, None) => "Without it the wave board and the reports cannot say how long replication takes.".to_owned(),
        _ => "No asset in a workload has a known size yet (in_use_mib, provisioned_mib or storage_gb).".to_owned(),
    };
    hint(ui, &text);
    if !e.unknown.is_empty() && plan.bandwidth_mbps.is_some() {
        hint(
            ui,
            &format!(
                "{} of unknown size {} not counted.",
                words::count(e.unknown.len(), "asset"),
                words::noun(e.unknown.len(), "is")
            ),
        );
    }
}

/// The waves, edited on the wave board.
fn waves_ui(ui: &mut Ui, plan: &Plan, room: f32, actions: &mut Actions) {
    ui.label(RichText::new(LABELS[3]).strong());
    ui.vertical(|ui| {
        ui.set_max_width(room);
        ui.horizontal_wrapped(|ui| {
            if plan.waves.is_empty() {
                ui.label("No waves yet.");
            } else {
                let names: Vec<&str> = plan.waves.iter().map(|w| w.name.as_str()).collect();
                ui.label(format!(
                    "{}: {}",
                    words::count(plan.waves.len(), "wave"),
                    words::first_names(&names, 6)
                ));
            }
            if ui.button("Open the wave board").clicked() {
                actions.push(Action::Go(View::Waves));
            }
        });
        hint(
            ui,
            "Their order, dates and workloads are set on the wave board.",
        );
    });
}

/// The format the plan is saved in, and why.
fn format_ui(ui: &mut Ui, plan: &Plan, room: f32) {
    ui.label(RichText::new(LABELS[4]).strong());
    ui.vertical(|ui| {
        ui.set_max_width(room);
        let format = plan.needed_format();
        ui.label(format!("Saved as format {format}"));
        hint(
            ui,
            if format == 1 {
                "The oldest format, so every version of Ferry opens it; a plan moves to a newer one when it uses what only that one holds (bandwidth, waves, checklists, due dates)."
            } else {
                "The plan uses what only this format holds (such as the bandwidth, waves, checklists or due dates): versions of Ferry older than the format cannot open it."
            },
        );
    });
}

fn hint(ui: &mut Ui, text: &str) {
    ui.label(RichText::new(text).weak());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bandwidth_is_a_whole_positive_number_or_nothing() {
        assert_eq!(parse_mbps("500"), Ok(Some(500)));
        assert_eq!(parse_mbps(" 1,000 "), Ok(Some(1000)));
        assert_eq!(parse_mbps(""), Ok(None));
        assert!(
            parse_mbps("0")
                .expect_err("refused")
                .contains("0 moves nothing")
        );
        assert!(
            parse_mbps("fast")
                .expect_err("refused")
                .contains("\"fast\" is not")
        );
        assert!(parse_mbps("1.5").is_err());
    }

    #[test]
    fn a_wave_limit_is_a_whole_number_above_zero_or_no_limit() {
        assert_eq!(parse_limit("25", "assets"), Ok(Some(25)));
        assert_eq!(parse_limit("  ", "assets"), Ok(None));
        assert!(
            parse_limit("0", "hours")
                .expect_err("refused")
                .contains("0 hours leaves no room")
        );
        assert!(
            parse_limit("many", "assets")
                .expect_err("refused")
                .contains("\"many\" is not a whole number of assets")
        );
    }
}
