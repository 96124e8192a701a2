//! The wave board: waves as columns in order, workloads as cards with
//! their progress, dragged (or moved with "Move to") from wave to wave;
//! waves added, renamed, reordered and removed, their dates set and
//! cleared; each wave's storage, replication estimate and problems.

use egui::{RichText, Ui};

use super::{Action, Actions, View, theme, widgets};
use crate::change::{PlanChange, WorkloadChange, change_plan, change_workload};
use crate::derive::{Derived, Severity, Stage};
use crate::model::{Plan, Wave};
use crate::waves::{check_dates, duration_text, size_text, summaries, undefined_labels};

/// What a card carries while it is dragged: the workload's id.
#[derive(Clone, Debug)]
struct Dragged(String);

/// The dates of one wave being edited: what is typed, kept apart from the
/// plan until it is a valid pair and the user sets it.
#[derive(Clone, Debug, Default)]
struct DatesForm {
    /// Index in `plan.waves`.
    wave: usize,
    /// The wave's name when the form opened: the form closes when the
    /// wave at that index is another one (moved, removed or renamed).
    name: String,
    start: String,
    end: String,
    /// Why the last "Set dates" was refused.
    error: Option<String>,
}

impl DatesForm {
    fn of(index: usize, wave: &Wave) -> Self {
        DatesForm {
            wave: index,
            name: wave.name.clone(),
            start: wave.start.clone().unwrap_or_default(),
            end: wave.end.clone().unwrap_or_default(),
            error: None,
        }
    }
}

/// The board's state: the name of a wave being added, the dates of a wave
/// being edited.
#[derive(Default)]
pub struct WavesView {
    new_wave: String,
    dates: Option<DatesForm>,
    /// The waves' figures and problems, per plan revision: they follow
    /// every workload's dependencies, too much to redo on every frame.
    /// Keyed by the plan's revision and the derived state's.
    summaries: Option<Summaries>,
    /// The height of a workload card as last drawn: the columns lay out
    /// only the cards in view, each as tall as this.
    /// Kept with the height of a line of body text it was measured at
    /// (presentation and zoom change it); it only grows otherwise, so
    /// cards of different heights cannot make it swing between frames.
    card_height: Option<(f32, f32)>,
}

/// What the board shows of each wave, made once per plan revision and
/// derived state's revision.
#[derive(Default)]
struct Summaries {
    made_for: (u64, u64),
    waves: Vec<crate::waves::WaveSummary>,
    /// The wave labels workloads use that the plan does not define.
    undefined: Vec<String>,
}

/// How many of a wave's problems its column lists; the rest are in the
/// problems panel.
const PROBLEMS_SHOWN: usize = 5;

impl WavesView {
    pub fn ui(
        &mut self,
        ui: &mut Ui,
        (plan, derived, revision): (&Plan, &Derived, (u64, u64)),
        actions: &mut Actions,
    ) {
        let edit_plan = |actions: &mut Actions, c: PlanChange| {
            if let Some((edit, label)) = change_plan(plan, &c) {
                actions.edit(edit, label);
            }
        };
        if self
            .summaries
            .as_ref()
            .is_none_or(|s| s.made_for != revision)
        {
            self.summaries = Some(Summaries {
                made_for: revision,
                waves: summaries(plan, derived),
                undefined: undefined_labels(plan)
                    .into_iter()
                    .map(str::to_owned)
                    .collect(),
            });
        }
        widgets::title(ui, "Waves");
        ui.label(
            RichText::new(
                "Drag a workload to another wave, or use its \"Move to\". CAF suggests a first wave of fewer than 10 assets; a workload must not need assets of a later wave.",
            )
            .weak(),
        );
        ui.horizontal_wrapped(|ui| {
            let r = widgets::text_field(ui, "New wave", &mut self.new_wave, 160.0);
            let enter = r.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
            let name = self.new_wave.trim().to_owned();
            if (ui
                .add_enabled(!name.is_empty(), egui::Button::new("+ Add wave"))
                .clicked()
                || enter)
                && !name.is_empty()
            {
                edit_plan(actions, PlanChange::AddWaves(vec![name]));
                self.new_wave.clear();
            }
            let labels = self
                .summaries
                .as_ref()
                .map(|s| s.undefined.clone())
                .unwrap_or_default();
            if !labels.is_empty()
                && ui
                    .button(format!(
                        "Make waves of the labels in use ({})",
                        labels.join(", ")
                    ))
                    .on_hover_text(
                        "Workloads name these waves, but the plan does not define them yet",
                    )
                    .clicked()
            {
                edit_plan(actions, PlanChange::AddWaves(labels));
            }
            match plan.bandwidth_mbps {
                Some(b) => ui.label(format!("Bandwidth {b} Mbit/s")),
                None => ui.label("Set the bandwidth on a workload page to see estimates"),
            };
        });
        ui.add_space(6.0);
        let cached = self.summaries.take().unwrap_or_default();
        let all = &cached.waves;
        let waves = plan.waves.len();
        let mut moved: Option<(String, String)> = None;
        if self
            .dates
            .as_ref()
            .is_some_and(|f| plan.waves.get(f.wave).is_none_or(|w| w.name != f.name))
        {
            self.dates = None;
        }
        let dates = &mut self.dates;
        let line = ui.text_style_height(&egui::TextStyle::Body);
        let mut card_height = match self.card_height {
            Some((at, height)) if (at - line).abs() < 0.01 => height,
            _ => 120.0,
        };
        let fresh = self
            .card_height
            .is_none_or(|(at, _)| (at - line).abs() >= 0.01);
        let mut measured: Option<f32> = None;
        // The board scrolls both ways (a column's head can be taller than
        // the window at projector zoom); each column's cards scroll inside.
        egui::ScrollArea::both()
            .auto_shrink([false; 2])
            .show(ui, |ui| {
                ui.horizontal_top(|ui| {
                    for summary in all {
                        let group = &summary.group;
                        let target = group.name.clone();
                        let frame = egui::Frame::group(ui.style()).inner_margin(8.0);
                        let (_, dropped) = ui.dnd_drop_zone::<Dragged, _>(frame, |ui| {
                            // A column: its lines one under another.
                            ui.with_layout(egui::Layout::top_down(egui::Align::Min), |ui| {
                                ui.set_width(250.0);
                                ui.set_min_height(200.0);
                                ui.horizontal(|ui| {
                                    let title = if group.name.is_empty() {
                                        "No wave".to_owned()
                                    } else {
                                        group.name.clone()
                                    };
                                    ui.label(RichText::new(title).strong().size(16.0));
                                    if let Some(index) = group.wave {
                                        if ui
                                            .add_enabled(index > 0, egui::Button::new("◀").small())
                                            .on_hover_text("Earlier")
                                            .clicked()
                                        {
                                            edit_plan(
                                                actions,
                                                PlanChange::MoveWave(index, index - 1),
                                            );
                                        }
                                        if ui
                                            .add_enabled(
                                                index + 1 < waves,
                                                egui::Button::new("▶").small(),
                                            )
                                            .on_hover_text("Later")
                                            .clicked()
                                        {
                                            edit_plan(
                                                actions,
                                                PlanChange::MoveWave(index, index + 1),
                                            );
                                        }
                                        if ui
                                            .small_button("×")
                                            .on_hover_text(
                                                "Remove this wave; its workloads go to no wave",
                                            )
                                            .clicked()
                                        {
                                            edit_plan(actions, PlanChange::RemoveWave(index));
                                        }
                                    }
                                });
                                if let Some(index) = group.wave {
                                    let mut name = group.name.clone();
                                    let r = widgets::text_field(
                                        ui,
                                        &format!("Name of wave {}", index + 1),
                                        &mut name,
                                        200.0,
                                    );
                                    if r.changed()
                                        && !name.trim().is_empty()
                                        && let Some((edit, label)) =
                                            change_plan(plan, &PlanChange::RenameWave(index, name))
                                    {
                                        actions.type_edit(
                                            edit,
                                            label,
                                            format!("wave:{index}:name"),
                                        );
                                    }
                                    actions.seal_on(&r);
                                    if let Some(wave) = plan.waves.get(index) {
                                        dates_ui(ui, plan, index, wave, dates, actions);
                                    }
                                }
                                let estimate = &summary.estimate;
                                ui.label(format!(
                                    "{} workloads · {} assets · {}",
                                    group.workloads.len(),
                                    summary.assets,
                                    size_text(estimate.bytes)
                                ));
                                match estimate.hours(plan.bandwidth_mbps) {
                                    Some(h) => {
                                        ui.label(format!("Replication about {}", duration_text(h)))
                                    }
                                    None => ui.label(RichText::new("Replication: unknown").weak()),
                                };
                                if !estimate.unknown.is_empty() {
                                    ui.label(
                                        RichText::new(format!(
                                            "{} assets of unknown size",
                                            estimate.unknown.len()
                                        ))
                                        .color(theme::WARN_COLOR),
                                    );
                                }
                                // The problems fold away (they are long at
                                // projector zoom), open when there are few.
                                let problems = summary.problems.len();
                                if problems > 0 {
                                    egui::CollapsingHeader::new(format!(
                                        "{problems} problem{}",
                                        if problems == 1 { "" } else { "s" }
                                    ))
                                    .id_salt(("wave-problems", &target))
                                    .default_open(problems <= 2)
                                    .show(ui, |ui| {
                                        for problem in summary.problems.iter().take(PROBLEMS_SHOWN)
                                        {
                                            if ui
                                                .link(
                                                    RichText::new(format!(
                                                        "{} {}",
                                                        theme::severity_icon(problem.severity),
                                                        problem.message
                                                    ))
                                                    .color(theme::severity_color(problem.severity)),
                                                )
                                                .clicked()
                                            {
                                                actions.push(Action::Navigate(
                                                    problem.subject.clone(),
                                                ));
                                            }
                                        }
                                        if summary.problems.len() > PROBLEMS_SHOWN
                                            && ui
                                                .link(format!(
                                                    "… and {} more problems",
                                                    summary.problems.len() - PROBLEMS_SHOWN
                                                ))
                                                .on_hover_text("Show every problem of the plan")
                                                .clicked()
                                        {
                                            actions.push(Action::ShowProblems);
                                        }
                                    });
                                }
                                ui.separator();
                                // Only the cards in view are laid out: a
                                // wave of 3,000 workloads draws a screenful.
                                let cards = egui::ScrollArea::vertical()
                                    .id_salt(("wave-cards", &target))
                                    .auto_shrink([false, true])
                                    .max_height(ui.available_height().max(3.0 * card_height));
                                cards.show_rows(
                                    ui,
                                    card_height,
                                    group.workloads.len(),
                                    |ui, rows| {
                                        for &w in &group.workloads[rows] {
                                            let Some(workload) = plan.workloads.get(w) else {
                                                continue;
                                            };
                                            let status = derived.workloads.get(w);
                                            let id = egui::Id::unique(("wave-card", &workload.id));
                                            let card =
                                                egui::Frame::group(ui.style()).show(ui, |ui| {
                                                    ui.set_width(228.0);
                                                    ui.horizontal(|ui| {
                                                        // Only the handle drags, so the
                                                        // card's link and menu stay
                                                        // clickable.
                                                        ui.dnd_drag_source(
                                                            id,
                                                            Dragged(workload.id.clone()),
                                                            |ui| {
                                                                ui.label(
                                                                    RichText::new("☰").strong(),
                                                                )
                                                                .on_hover_text(
                                                                    "Drag to another wave",
                                                                );
                                                            },
                                                        );
                                                        if ui
                                                            .link(
                                                                RichText::new(&workload.name)
                                                                    .strong(),
                                                            )
                                                            .clicked()
                                                        {
                                                            actions.push(Action::Go(
                                                                View::Workload(workload.id.clone()),
                                                            ));
                                                        }
                                                    });
                                                    if let Some(s) = status {
                                                        widgets::stage_bar(ui, &s.stages, 220.0);
                                                        ui.label(if s.done {
                                                            "✔ done".to_owned()
                                                        } else {
                                                            format!(
                                                                "{} of {} staged · {} blockers",
                                                                s.count(Stage::Staged),
                                                                s.assets,
                                                                s.blockers.len()
                                                            )
                                                        });
                                                    }
                                                    let label_id = ui.label("Move to").id;
                                                    let r = egui::ComboBox::from_id_salt((
                                                        "move-to",
                                                        &workload.id,
                                                    ))
                                                    .selected_text("—")
                                                    .show_ui(ui, |ui| {
                                                        for other in all {
                                                            let name = &other.group.name;
                                                            if *name == target {
                                                                continue;
                                                            }
                                                            let shown = if name.is_empty() {
                                                                "No wave"
                                                            } else {
                                                                name
                                                            };
                                                            if ui
                                                                .selectable_label(false, shown)
                                                                .clicked()
                                                            {
                                                                moved = Some((
                                                                    workload.id.clone(),
                                                                    name.clone(),
                                                                ));
                                                            }
                                                        }
                                                    });
                                                    let _ = label_id;
                                                    let _ = r
                                                        .response
                                                        .accessible_name(format!(
                                                            "Move {} to",
                                                            workload.name
                                                        ))
                                                        .on_hover_text(format!(
                                                            "Move {} to another wave",
                                                            workload.name
                                                        ));
                                                });
                                            let height = card.response.rect.height();
                                            measured =
                                                Some(measured.map_or(height, |m| m.max(height)));
                                            // Every card takes the same height, as
                                            // the rows are counted.
                                            let short = card_height - height;
                                            if short > 0.0 {
                                                ui.add_space(short);
                                            }
                                        }
                                    },
                                );
                            });
                        });
                        if let Some(dragged) = dropped {
                            moved = Some((dragged.0.clone(), target.clone()));
                        }
                    }
                });
            });
        self.summaries = Some(cached);
        if let Some(height) = measured
            && (height > card_height + 0.5 || (fresh && (height - card_height).abs() > 0.5))
        {
            // Cards came out another height (a zoom, the presentation
            // fonts): counted again with it on the next frame.
            card_height = height;
            ui.ctx().request_repaint();
        }
        self.card_height = Some((line, card_height));
        if let Some((workload, wave)) = moved
            && let Some((edit, label)) =
                change_workload(plan, &workload, &WorkloadChange::Wave(wave))
        {
            actions.edit(edit, label);
        }
    }
}

/// A wave's dates under its name, and a "Dates…" button that opens a small
/// form in the column to set or clear them: one undo step when set, and a
/// message rather than a change when what is typed is not a valid pair.
fn dates_ui(
    ui: &mut Ui,
    plan: &Plan,
    index: usize,
    wave: &Wave,
    form: &mut Option<DatesForm>,
    actions: &mut Actions,
) {
    let number = index + 1;
    let Some(editing) = form.as_mut().filter(|f| f.wave == index) else {
        ui.horizontal(|ui| {
            match (&wave.start, &wave.end) {
                (None, None) => ui.label(RichText::new("No dates").weak()),
                (start, end) => ui.label(format!(
                    "{} – {}",
                    start.as_deref().unwrap_or("?"),
                    end.as_deref().unwrap_or("?")
                )),
            };
            if ui
                .button("Dates…")
                .accessible_name(format!("Dates of wave {number}…"))
                .on_hover_text("Set or clear when this wave starts and ends")
                .clicked()
            {
                *form = Some(DatesForm::of(index, wave));
            }
        });
        return;
    };
    let mut submit = false;
    for (what, text) in [("Start", &mut editing.start), ("End", &mut editing.end)] {
        ui.horizontal(|ui| {
            let r = widgets::labelled(ui, &format!("{what} of wave {number}"), |ui| {
                ui.add(
                    egui::TextEdit::singleline(text)
                        .hint_text("YYYY-MM-DD")
                        .desired_width(110.0),
                )
            });
            submit |= r.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
        });
    }
    let typed = |text: &str| Some(text.trim().to_owned()).filter(|t| !t.is_empty());
    let mut close = false;
    ui.horizontal(|ui| {
        submit |= ui.button("Set dates").clicked();
        if ui
            .button("Clear dates")
            .on_hover_text("The wave keeps no start and no end")
            .clicked()
        {
            if let Some((edit, label)) =
                change_plan(plan, &PlanChange::WaveDates(index, None, None))
            {
                actions.edit(edit, label);
            }
            close = true;
        }
        close |= ui.button("Cancel").clicked();
    });
    if submit {
        let (start, end) = (typed(&editing.start), typed(&editing.end));
        match check_dates(start.as_deref(), end.as_deref()) {
            Err(why) => editing.error = Some(why),
            Ok(()) => {
                if let Some((edit, label)) =
                    change_plan(plan, &PlanChange::WaveDates(index, start, end))
                {
                    actions.edit(edit, label);
                }
                close = true;
            }
        }
    }
    if let Some(why) = &editing.error {
        ui.label(
            RichText::new(format!("⚠ Dates not set: {why}"))
                .color(theme::severity_color(Severity::Error)),
        );
    }
    if close {
        *form = None;
    }
}
