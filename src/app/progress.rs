//! The overview's progress over time: a stacked area of the plan's assets
//! by stage at each point of its history ([`crate::history`]: its kept
//! versions, the file as saved, and every commit that changed it when the
//! plan is in a git repository).
//!
//! The history is read on a worker thread, never in a frame, and kept
//! until the file changes (a save): the core caches each version's counts
//! on disk, so a read after a save derives only the new version.

use std::path::{Path, PathBuf};
use std::sync::mpsc;

use chrono::{DateTime, Utc};
use egui::{Color32, RichText, Ui};
use egui_plot::{FilledArea, HoverPosition, Plot};

use super::{theme, widgets};
use crate::derive::{STAGES, Stage};
use crate::history::{self, GitError, History, HistoryError, Known, Options};
use crate::words;

/// What the chart says while it has nothing to draw.
pub const NO_HISTORY: &str = "Progress appears here once the plan has been saved a few times.";

/// The chart's state: the history of which file, as of which save.
#[derive(Default)]
pub struct ProgressChart {
    /// The file and the content hash of the version the window knew when
    /// the history was read.
    read_for: Option<(PathBuf, Option<u64>)>,
    state: State,
}

#[derive(Default)]
enum State {
    #[default]
    Nothing,
    Reading(mpsc::Receiver<Result<History, String>>),
    Ready(Result<History, String>),
}

impl ProgressChart {
    /// Whether the history is being read (tests wait for it).
    pub fn reading(&self) -> bool {
        matches!(self.state, State::Reading(_))
    }

    /// The points read, once read.
    pub fn history(&self) -> Option<&History> {
        match &self.state {
            State::Ready(Ok(history)) => Some(history),
            _ => None,
        }
    }

    /// The chart, or why there is none; reads the history again when the
    /// plan's file changed.
    /// `known`: the counts of the file as this window read or saved it,
    /// when it holds just that (asked only when a read starts).
    pub fn ui(
        &mut self,
        ui: &mut Ui,
        plan_file: Option<(&Path, Option<u64>)>,
        data_dir: Option<&Path>,
        known: impl FnOnce() -> Option<Known>,
    ) {
        self.refresh(ui.ctx(), plan_file, data_dir, known);
        match &self.state {
            State::Nothing => {
                ui.label(RichText::new(NO_HISTORY).weak());
            }
            State::Reading(_) => {
                // No spinner: the worker asks for a frame when it is done,
                // and an idle window draws nothing meanwhile.
                ui.label(RichText::new("Reading the plan's saved versions…").weak());
            }
            State::Ready(Err(why)) => {
                ui.label(RichText::new(format!("No progress chart: {why}")).weak());
            }
            State::Ready(Ok(history)) if history.points.len() < 2 => {
                ui.label(RichText::new(NO_HISTORY).weak());
            }
            State::Ready(Ok(history)) => chart_ui(ui, history),
        }
    }

    /// Starts reading when the file or the version of it the window holds
    /// (its content hash, known without touching the disk) changed; takes
    /// the answer of a read that finished.
    fn refresh(
        &mut self,
        ctx: &egui::Context,
        plan_file: Option<(&Path, Option<u64>)>,
        data_dir: Option<&Path>,
        known: impl FnOnce() -> Option<Known>,
    ) {
        if let State::Reading(rx) = &self.state {
            match rx.try_recv() {
                Ok(result) => self.state = State::Ready(result),
                Err(mpsc::TryRecvError::Empty) => return,
                Err(mpsc::TryRecvError::Disconnected) => {
                    self.state =
                        State::Ready(Err("reading the plan's history stopped short".to_owned()))
                }
            }
        }
        let Some((file, held)) = plan_file else {
            self.read_for = None;
            self.state = State::Nothing;
            return;
        };
        if self
            .read_for
            .as_ref()
            .is_some_and(|(read, hash)| read == file && *hash == held)
        {
            return;
        }
        self.read_for = Some((file.to_owned(), held));
        let (tx, rx) = mpsc::channel();
        let file = file.to_owned();
        let data_dir = data_dir.map(Path::to_owned);
        // The file as this window holds it is not parsed a second time.
        let known = known();
        let ctx = ctx.clone();
        let spawned = std::thread::Builder::new()
            .name("progress-history".into())
            .spawn(move || {
                let _ = tx.send(read(&file, data_dir.as_deref(), known.as_ref()));
                ctx.request_repaint();
            });
        self.state = match spawned {
            Ok(_) => State::Reading(rx),
            Err(e) => State::Ready(Err(format!("could not start reading the history: {e}"))),
        };
    }
}

/// The history with the git commits when the plan is in a repository and
/// git is installed, the kept versions alone otherwise.
fn read(file: &Path, data_dir: Option<&Path>, known: Option<&Known>) -> Result<History, String> {
    let options = Options {
        git: true,
        data_dir,
        known,
    };
    match history::read(file, &options) {
        Err(HistoryError::Git(
            GitError::NotInstalled | GitError::NotInRepository { .. } | GitError::NoFolder { .. },
        )) => history::read(
            file,
            &Options {
                git: false,
                data_dir,
                known,
            },
        ),
        other => other,
    }
    .map_err(|e| e.to_string())
}

/// Seconds since 1970 of a point, the chart's x.
fn x_of(when: DateTime<Utc>) -> f64 {
    when.timestamp() as f64
}

/// The stacked areas: the stages furthest along at the bottom, so the
/// lower band grows as assets are migrated.
fn chart_ui(ui: &mut Ui, history: &History) {
    let xs: Vec<f64> = history.points.iter().map(|p| x_of(p.when)).collect();
    let mut below = vec![0.0; xs.len()];
    let mut bands = Vec::with_capacity(STAGES);
    for stage in Stage::ALL.iter().rev() {
        let counts: Vec<f64> = history
            .points
            .iter()
            .map(|p| p.counts.stage(*stage) as f64)
            .collect();
        if counts.iter().all(|&n| n == 0.0) {
            continue;
        }
        let above: Vec<f64> = below.iter().zip(&counts).map(|(b, n)| b + n).collect();
        bands.push((*stage, below.clone(), above.clone()));
        below = above;
    }
    let latest = history.points.last().map(|p| p.counts);
    if let Some(counts) = latest {
        ui.label(
            RichText::new(format!(
                "{} from {} to {} · {} of {} done now",
                words::count(history.points.len(), "point"),
                day(history.points.first().map(|p| p.when)),
                day(history.points.last().map(|p| p.when)),
                counts.workloads_done,
                words::count(counts.workloads, "workload")
            ))
            .weak(),
        );
    }
    if !history.skipped.is_empty() {
        ui.label(
            RichText::new(format!(
                "{} could not be read and {} left out",
                words::count(history.skipped.len(), "version"),
                words::noun(history.skipped.len(), "is"),
            ))
            .color(theme::warn_text(ui.visuals())),
        );
    }
    let height = (ui.text_style_height(&egui::TextStyle::Body) * 12.0).max(160.0);
    Plot::new("progress-over-time")
        .height(height)
        .allow_scroll(false)
        .allow_zoom(false)
        .allow_drag(false)
        .allow_boxed_zoom(false)
        .include_y(0.0)
        .y_axis_label("Assets")
        .x_axis_formatter(|mark, _| day(DateTime::from_timestamp(mark.value as i64, 0)))
        .label_formatter(|hover| match hover {
            HoverPosition::NearDataPoint { index, .. } => {
                history.points.get(*index).map(point_text)
            }
            HoverPosition::Elsewhere { .. } => None,
        })
        .show(ui, |plot| {
            for (stage, lower, upper) in &bands {
                let color: Color32 = theme::stage_color(*stage);
                plot.add(
                    FilledArea::new(stage.label(), &xs, lower, upper)
                        .fill_color(color.gamma_multiply(0.85))
                        .stroke(egui::Stroke::new(1.0, color)),
                );
            }
        });
    // The key below the chart, never over its right end: the stages from
    // the bottom band up, as they are stacked.
    ui.horizontal_wrapped(|ui| {
        for (stage, _, _) in &bands {
            widgets::stage_key(ui, *stage, stage.label());
        }
    });
}

/// A point in words: when, from where, and its assets by stage.
fn point_text(point: &history::Point) -> String {
    let mut text = format!("{} ({})", day(Some(point.when)), point.source.label());
    for stage in Stage::ALL.iter().rev() {
        let n = point.counts.stage(*stage);
        if n > 0 {
            text.push_str(&format!("\n{} {n}", stage.label()));
        }
    }
    text
}

/// A moment as its day, `2026-03-02`.
fn day(when: Option<DateTime<Utc>>) -> String {
    when.map(|w| w.format("%Y-%m-%d").to_string())
        .unwrap_or_default()
}
