//! The wave board: waves as columns in order, workloads as cards with
//! their progress, dragged (or moved with "Move to") from wave to wave;
//! waves added, renamed, reordered and removed, their dates set and
//! cleared; each wave's storage, replication estimate and problems;
//! "Suggest waves…" over it.
//!
//! A room per part: the board and its columns (`column`), the workload
//! cards (`card`), a wave's dates form (`dates`), the Timeline view
//! shown instead of the columns (`timeline`), the suggested waves and a
//! workload's "why this wave" (`suggestion`).

mod card;
mod column;
mod dates;
mod suggestion;
mod timeline;

use egui::{RichText, Ui};

use super::{Action, Actions, UiCommand, widgets};
use crate::change::{Change, PlanChange, WorkloadChange};
use crate::derive::Derived;
use crate::derive::waves::undefined_labels;
use crate::estimate::{WaveSummary, summaries};
use crate::model::Plan;
use dates::DatesForm;
pub use suggestion::why_ui;

/// What a card carries while it is dragged: the workload's id.
#[derive(Clone, Debug)]
struct Dragged(String);

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
    /// Whether the waves are shown on a calendar rather than as columns.
    pub timeline: bool,
    timeline_view: timeline::TimelineView,
    /// A wave to bring into view (and its name field into focus) on the
    /// next frame of the columns: the one opened from the timeline.
    reveal: Option<usize>,
    /// "Suggest waves…", while open.
    suggestion: Option<suggestion::SuggestView>,
    /// Whether "Suggest waves…" was asked for (it opens on the next
    /// frame, with the plan).
    open_suggestion: bool,
    /// The workload whose card had the keyboard, else the pointer, on the
    /// last frame of the columns: the one the pin shortcut pins.
    in_hand: Option<String>,
}

/// What the board shows of each wave, made once per plan revision and
/// derived state's revision.
#[derive(Default)]
struct Summaries {
    made_for: (u64, u64),
    waves: Vec<WaveSummary>,
    /// The wave labels workloads use that the plan does not define.
    undefined: Vec<String>,
}

/// What the columns and cards of one frame share: what they read, and
/// what they hand back once the board is drawn.
struct Board<'a> {
    plan: &'a Plan,
    derived: &'a Derived,
    /// Every wave group in order, the no-wave group last.
    waves: &'a [WaveSummary],
    /// The height every card takes this frame (they are laid out as rows).
    card_height: f32,
    /// The tallest card drawn this frame.
    measured: Option<f32>,
    /// A workload dropped on or moved to another wave: (workload id,
    /// wave name).
    moved: Option<(String, String)>,
    /// A workload pinned or unpinned: (workload id, pinned).
    pinned: Option<(String, bool)>,
    /// The card with the keyboard in it (`true`) or the pointer over it.
    in_hand: Option<(String, bool)>,
    /// The wave to bring into view this frame.
    reveal: Option<usize>,
}

/// Asks for a change to the plan's waves.
fn edit_plan(actions: &mut Actions, change: PlanChange) {
    actions.change(Change::Plan(change));
}

impl WavesView {
    /// Shows a wave's column, its name field focused (a wave opened from
    /// the timeline, the palette or the problems).
    pub fn open_wave(&mut self, wave: usize) {
        self.timeline = false;
        self.reveal = Some(wave);
    }

    /// Opens "Suggest waves…" over the board.
    pub fn open_suggestion(&mut self) {
        self.open_suggestion = true;
    }

    /// The workload whose card has the keyboard, else the pointer: the one
    /// "Pin or unpin" is about on the board.
    pub fn card_in_hand(&self) -> Option<&str> {
        self.in_hand.as_deref()
    }

    pub fn ui(
        &mut self,
        ui: &mut Ui,
        (plan, derived, revision): (&Plan, &Derived, (u64, u64)),
        keys: bool,
        actions: &mut Actions,
    ) {
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
        self.toolbar_ui(ui, plan, actions);
        ui.add_space(6.0);
        if std::mem::take(&mut self.open_suggestion) && self.suggestion.is_none() {
            self.suggestion = Some(suggestion::SuggestView::new(plan));
        }
        if let Some(view) = &mut self.suggestion {
            let today = self
                .summaries
                .as_ref()
                .map_or(&[][..], |s| s.waves.as_slice());
            if !view.ui(ui.ctx(), (plan, revision.0), today, keys, actions) {
                self.suggestion = None;
            }
        }
        self.in_hand = None;
        if self.timeline {
            let cached = self.summaries.take().unwrap_or_default();
            let inputs = timeline::Inputs {
                plan,
                derived,
                waves: &cached.waves,
                revision: revision.0,
            };
            let opened = egui::ScrollArea::vertical()
                .id_salt("wave-timeline-page")
                .auto_shrink([false; 2])
                .show(ui, |ui| self.timeline_view.ui(ui, &inputs))
                .inner;
            self.summaries = Some(cached);
            if let Some(wave) = opened {
                self.open_wave(wave);
                ui.ctx().request_repaint();
            }
            return;
        }
        if self
            .dates
            .as_ref()
            .is_some_and(|f| plan.waves.get(f.wave).is_none_or(|w| w.name != f.name))
        {
            self.dates = None;
        }
        let line = ui.text_style_height(&egui::TextStyle::Body);
        let fresh = self
            .card_height
            .is_none_or(|(at, _)| (at - line).abs() >= 0.01);
        let cached = self.summaries.take().unwrap_or_default();
        let mut board = Board {
            plan,
            derived,
            waves: &cached.waves,
            card_height: match self.card_height {
                Some((_, height)) if !fresh => height,
                _ => 120.0,
            },
            measured: None,
            moved: None,
            pinned: None,
            in_hand: None,
            reveal: self.reveal.take(),
        };
        board.ui(ui, &mut self.dates, actions);
        let Board {
            mut card_height,
            measured,
            moved,
            pinned,
            in_hand,
            ..
        } = board;
        self.in_hand = in_hand.map(|(id, _)| id);
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
        if let Some((workload, wave)) = moved {
            actions.change(Change::workload(&workload, WorkloadChange::Wave(wave)));
        }
        if let Some((workload, pin)) = pinned {
            actions.change(Change::workload(&workload, WorkloadChange::Pinned(pin)));
        }
    }

    /// Adding a wave, making waves of the labels in use, the bandwidth.
    fn toolbar_ui(&mut self, ui: &mut Ui, plan: &Plan, actions: &mut Actions) {
        ui.horizontal_wrapped(|ui| {
            ui.selectable_value(&mut self.timeline, false, "Columns")
                .on_hover_text("Waves side by side with their workloads");
            ui.selectable_value(&mut self.timeline, true, "Timeline")
                .on_hover_text("Waves on a calendar by their dates");
            ui.separator();
            let suggest = UiCommand::SuggestWaves;
            if ui
                .button(suggest.label())
                .on_hover_text(suggest.tooltip())
                .clicked()
            {
                self.open_suggestion();
            }
            ui.separator();
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
            // One piece: a full line moves the phrase whole to the next.
            ui.add(
                egui::Label::new(match plan.bandwidth_mbps {
                    Some(b) => format!("Bandwidth {b} Mbit/s"),
                    None => "No bandwidth yet: estimates need one".to_owned(),
                })
                .extend(),
            );
            if ui
                .button("Set bandwidth…")
                .on_hover_text(UiCommand::SetBandwidth.tooltip())
                .clicked()
            {
                actions.push(Action::Command(UiCommand::SetBandwidth));
            }
        });
    }
}
