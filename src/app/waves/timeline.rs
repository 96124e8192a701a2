//! The wave board's Timeline view: the waves as bars on a calendar by
//! their dates, laid out by the core ([`crate::export::timeline`], the
//! same picture as the HTML report's), overlapping waves on rows of their
//! own, today marked, the due dates of open log entries as diamonds under
//! the axis, waves without dates listed below. A bar shows its wave's
//! progress by stage; hovering tells its dates, workloads and their
//! progress; clicking it (or Enter on it) opens the wave on the board.
//!
//! The calendar is at least as wide as its labels need and scrolls
//! sideways when the window is narrower (a projector's zoom): a wave's
//! name is written whole above its bar, never cut.

use chrono::NaiveDate;
use egui::{Align2, Color32, FontId, Rect, RichText, Sense, Stroke, Ui, pos2, vec2};

use crate::app::{theme, widgets};
use crate::derive::{Derived, STAGES, Stage};
use crate::estimate::WaveSummary;
use crate::export::timeline::{self, Measure, Timeline, TodayAt};
use crate::model::Plan;

/// Room after a wave's name before the next wave on its row.
const LABEL_GAP: f32 = 14.0;
/// Room between two tick labels of the axis.
const TICK_GAP: f32 = 18.0;
/// How many workloads a bar's tooltip lists.
const WORKLOADS_LISTED: usize = 12;

/// The layout, kept while what it was made for stays the same.
#[derive(Default)]
pub(super) struct TimelineView {
    made: Option<Made>,
}

struct Made {
    /// Plan revision, calendar width and font size (as bits), today.
    key: (u64, u32, u32, NaiveDate),
    timeline: Timeline,
}

/// What the drawing reads.
pub(super) struct Inputs<'a> {
    pub plan: &'a Plan,
    pub derived: &'a Derived,
    pub waves: &'a [WaveSummary],
    pub revision: u64,
}

impl TimelineView {
    /// Draws the timeline; the wave clicked (index in `plan.waves`), if
    /// any.
    pub(super) fn ui(&mut self, ui: &mut Ui, inputs: &Inputs<'_>) -> Option<usize> {
        let plan = inputs.plan;
        if plan.waves.is_empty() {
            ui.label("No waves yet: add one above, then give it dates.");
            return None;
        }
        let today = timeline::parse_date(&crate::model::today())
            .unwrap_or(NaiveDate::MIN)
            .max(NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or(NaiveDate::MIN));
        let font = egui::TextStyle::Body.resolve(ui.style());
        let small = egui::TextStyle::Small.resolve(ui.style());
        let measure_with = |ui: &Ui, font: &FontId, text: &str| {
            ui.fonts_mut(|f| {
                f.layout_no_wrap(text.to_owned(), font.clone(), Color32::WHITE)
                    .size()
                    .x
            })
        };
        // The widest name: the calendar keeps its room on the right, so a
        // wave late in the plan still has its name in full.
        let widest_name = plan
            .waves
            .iter()
            .map(|w| measure_with(ui, &font, &w.name))
            .fold(0.0_f32, f32::max);
        let room = (ui.available_width() - widest_name - 8.0).max(240.0);

        let mut opened = None;
        let timeline = self.layout(ui, inputs, today, room, &font, &measure_with)?;
        legend_ui(ui, timeline);
        if timeline.bars.is_empty() {
            ui.label("No wave has dates yet: set them on the board's columns.");
        } else {
            egui::ScrollArea::horizontal()
                .id_salt("wave-timeline")
                .auto_shrink([false, true])
                .show(ui, |ui| {
                    if let Some(wave) = calendar_ui(ui, inputs, timeline, widest_name, &small) {
                        opened = Some(wave);
                    }
                });
        }
        if !timeline.undated.is_empty() {
            ui.add_space(8.0);
            ui.label(RichText::new("Waves without dates").strong());
            for undated in &timeline.undated {
                ui.horizontal_wrapped(|ui| {
                    if ui
                        .link(&undated.name)
                        .on_hover_text("Open the wave on the board")
                        .clicked()
                    {
                        opened = Some(undated.wave);
                    }
                    ui.label(RichText::new(format!("— {}", undated.why)).weak());
                });
            }
        }
        opened
    }

    /// The core's layout at `room` points, or wider when the axis' labels
    /// need more; kept until the plan, the width or the font changes.
    fn layout(
        &mut self,
        ui: &Ui,
        inputs: &Inputs<'_>,
        today: NaiveDate,
        room: f32,
        font: &FontId,
        measure_with: &dyn Fn(&Ui, &FontId, &str) -> f32,
    ) -> Option<&Timeline> {
        let key = (inputs.revision, room.to_bits(), font.size.to_bits(), today);
        if self.made.as_ref().is_none_or(|m| m.key != key) {
            let label_width = |text: &str| measure_with(ui, font, text);
            let mut made = timeline::layout(
                inputs.plan,
                today,
                &Measure {
                    width: room,
                    label_width: &label_width,
                    gap: LABEL_GAP,
                },
            );
            // Every tick label with room around it.
            let widest_tick = made
                .ticks
                .iter()
                .map(|t| measure_with(ui, font, &t.label))
                .fold(0.0_f32, f32::max);
            let needed = made.ticks.len() as f32 * (widest_tick + TICK_GAP);
            if needed > room {
                made = timeline::layout(
                    inputs.plan,
                    today,
                    &Measure {
                        width: needed,
                        label_width: &label_width,
                        gap: LABEL_GAP,
                    },
                );
            }
            self.made = Some(Made {
                key,
                timeline: made,
            });
        }
        self.made.as_ref().map(|m| &m.timeline)
    }
}

/// What the marks mean, and where today is when it is off the calendar.
fn legend_ui(ui: &mut Ui, timeline: &Timeline) {
    ui.horizontal_wrapped(|ui| {
        mark(ui, Mark::Today);
        let today = match timeline.today_at {
            TodayAt::Inside => format!("Today, {}", timeline.today),
            TodayAt::Before => format!("Today, {}, is before the first wave", timeline.today),
            TodayAt::After => format!("Today, {}, is after the last wave", timeline.today),
        };
        ui.label(today);
        ui.separator();
        mark(ui, Mark::Due);
        ui.label("Due date of an open log entry");
        if timeline.due_elsewhere > 0 {
            ui.label(
                RichText::new(format!(
                    "({} more due outside these dates)",
                    timeline.due_elsewhere
                ))
                .weak(),
            );
        }
        ui.separator();
        ui.label(RichText::new("Click a wave, or Tab to it and press Enter, to open it.").weak());
    });
}

/// The marks the calendar uses, drawn for the legend.
enum Mark {
    Today,
    Due,
}

fn mark(ui: &mut Ui, mark: Mark) {
    let size = ui.text_style_height(&egui::TextStyle::Body);
    let (rect, _) = ui.allocate_exact_size(vec2(size * 0.6, size), Sense::hover());
    let c = rect.center();
    match mark {
        Mark::Today => {
            ui.painter().line_segment(
                [pos2(c.x, rect.top()), pos2(c.x, rect.bottom())],
                Stroke::new(2.0, today_color(ui)),
            );
        }
        Mark::Due => diamond(ui.painter(), c, size * 0.3),
    }
}

/// A due date's mark.
fn diamond(painter: &egui::Painter, center: egui::Pos2, r: f32) {
    painter.add(egui::Shape::convex_polygon(
        vec![
            pos2(center.x, center.y - r),
            pos2(center.x + r, center.y),
            pos2(center.x, center.y + r),
            pos2(center.x - r, center.y),
        ],
        theme::WARN_COLOR,
        Stroke::NONE,
    ));
}

fn today_color(ui: &Ui) -> Color32 {
    if ui.visuals().dark_mode {
        Color32::from_rgb(0xff, 0x6b, 0x6b)
    } else {
        Color32::from_rgb(0xc6, 0x28, 0x28)
    }
}

/// The axis, the bars, today and the due dates; the wave clicked.
fn calendar_ui(
    ui: &mut Ui,
    inputs: &Inputs<'_>,
    timeline: &Timeline,
    widest_name: f32,
    small: &FontId,
) -> Option<usize> {
    let line = ui.text_style_height(&egui::TextStyle::Body);
    let bar_height = (line * 0.8).max(10.0);
    let row_height = line + bar_height + line * 0.6;
    let axis_height = line * 1.6;
    let due_height = line * 1.2;
    let size = vec2(
        timeline.width + widest_name + 8.0,
        axis_height + timeline.rows as f32 * row_height + due_height + 4.0,
    );
    let (canvas, _) = ui.allocate_exact_size(size, Sense::hover());
    let left = canvas.left() + 2.0;
    let x = |day: NaiveDate| left + timeline.x(day);
    let painter = ui.painter_at(canvas);
    let visuals = ui.visuals().clone();
    let text = visuals.text_color();
    let weak = visuals.weak_text_color();
    let grid = visuals.widgets.noninteractive.bg_stroke.color;
    let body = egui::TextStyle::Body.resolve(ui.style());

    // The axis: a tick line through every row, its label above.
    let rows_top = canvas.top() + axis_height;
    let rows_bottom = rows_top + timeline.rows as f32 * row_height;
    for tick in &timeline.ticks {
        let tx = x(tick.date);
        painter.line_segment(
            [pos2(tx, rows_top - 4.0), pos2(tx, rows_bottom)],
            Stroke::new(1.0, grid),
        );
        painter.text(
            pos2(tx + 3.0, canvas.top() + 2.0),
            Align2::LEFT_TOP,
            &tick.label,
            body.clone(),
            weak,
        );
    }
    painter.line_segment(
        [
            pos2(left, rows_top - 4.0),
            pos2(
                x(timeline.last) + timeline.width / timeline.days() as f32,
                rows_top - 4.0,
            ),
        ],
        Stroke::new(1.0, weak),
    );

    // The bars, each a button.
    let mut opened = None;
    for bar in &timeline.bars {
        let (x0, x1) = timeline.span(bar);
        let top = rows_top + bar.row as f32 * row_height;
        let bar_rect = Rect::from_min_max(
            pos2(left + x0, top + line + 2.0),
            pos2(left + x1, top + line + 2.0 + bar_height),
        );
        let name_width = ui.fonts_mut(|f| {
            f.layout_no_wrap(bar.name.clone(), body.clone(), text)
                .size()
                .x
        });
        let hit = Rect::from_min_max(
            pos2(left + x0, top),
            pos2(
                (left + x0 + name_width).max(bar_rect.right()),
                bar_rect.bottom(),
            ),
        );
        let id = ui.scope_id().with(("wave-bar", bar.wave));
        let response = ui.interact(hit, id, Sense::click());
        let label = format!("{}, {}", bar.name, bar.dates_text());
        response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, label.clone()));
        let counts = wave_stages(inputs, bar.wave);
        stage_fill(&painter, bar_rect, &counts, visuals.extreme_bg_color);
        let outline = if response.hovered() || response.has_focus() {
            Stroke::new(2.0, visuals.selection.stroke.color)
        } else {
            Stroke::new(1.0, weak)
        };
        painter.rect_stroke(bar_rect, 2.0, outline, egui::StrokeKind::Outside);
        painter.text(
            pos2(left + x0, top),
            Align2::LEFT_TOP,
            &bar.name,
            body.clone(),
            text,
        );
        if response.has_focus() {
            painter.rect_stroke(
                hit.expand(2.0),
                3.0,
                Stroke::new(1.5, visuals.selection.stroke.color),
                egui::StrokeKind::Outside,
            );
        }
        let response = response.on_hover_ui(|ui| bar_tooltip(ui, inputs, bar, &counts));
        if response.clicked() {
            opened = Some(bar.wave);
        }
    }

    // Today: a line through the rows, or a mark at the edge it lies past.
    let red = today_color(ui);
    match timeline.today_at {
        TodayAt::Inside => {
            let tx = x(timeline.today) + timeline.width / timeline.days() as f32 / 2.0;
            painter.line_segment(
                [pos2(tx, rows_top - 6.0), pos2(tx, rows_bottom)],
                Stroke::new(2.0, red),
            );
        }
        TodayAt::Before => {
            painter.text(
                pos2(left, rows_bottom + 2.0),
                Align2::LEFT_TOP,
                "today is earlier",
                small.clone(),
                red,
            );
        }
        TodayAt::After => {
            painter.text(
                pos2(left + timeline.width, rows_bottom + 2.0),
                Align2::RIGHT_TOP,
                "today is later",
                small.clone(),
                red,
            );
        }
    }

    // Due dates under the rows, one diamond per day, its entries on hover.
    let mut due = timeline.due.iter().peekable();
    while let Some(first) = due.next() {
        let mut entries = vec![first.log];
        while let Some(next) = due.next_if(|d| d.date == first.date) {
            entries.push(next.log);
        }
        let cx = x(first.date) + timeline.width / timeline.days() as f32 / 2.0;
        let center = pos2(cx, rows_bottom + due_height / 2.0);
        let r = (line * 0.35).max(4.0);
        diamond(&painter, center, r);
        let hover = Rect::from_center_size(center, vec2(2.0 * r + 4.0, 2.0 * r + 4.0));
        let response = ui.interact(
            hover,
            ui.scope_id().with(("due", first.date)),
            Sense::hover(),
        );
        let plan = inputs.plan;
        response.on_hover_ui(|ui| {
            ui.label(RichText::new(format!("Due {}", first.date)).strong());
            for log in &entries {
                if let Some(entry) = plan.log.get(*log) {
                    ui.label(format!(
                        "{} {}: {}",
                        entry.kind.label(),
                        entry.id,
                        entry.text
                    ));
                }
            }
        });
    }
    opened
}

/// The assets of a wave's workloads by stage.
fn wave_stages(inputs: &Inputs<'_>, wave: usize) -> [usize; STAGES] {
    let mut counts = [0; STAGES];
    let group = inputs.waves.iter().find(|s| s.group.wave == Some(wave));
    for &w in group
        .map(|s| s.group.workloads.as_slice())
        .unwrap_or_default()
    {
        if let Some(status) = inputs.derived.workloads.get(w) {
            for (total, n) in counts.iter_mut().zip(status.stages) {
                *total += n;
            }
        }
    }
    counts
}

/// A bar filled by stage, the stages furthest along from the left.
fn stage_fill(painter: &egui::Painter, rect: Rect, counts: &[usize; STAGES], empty: Color32) {
    painter.rect_filled(rect, 2.0, empty);
    let total: usize = counts.iter().sum();
    if total == 0 {
        return;
    }
    let mut x = rect.left();
    for stage in Stage::ALL.iter().rev() {
        let n = counts.get(stage.index()).copied().unwrap_or_default();
        if n == 0 {
            continue;
        }
        let w = rect.width() * n as f32 / total as f32;
        painter.rect_filled(
            Rect::from_min_size(pos2(x, rect.top()), vec2(w, rect.height())),
            0.0,
            theme::stage_color(*stage),
        );
        x += w;
    }
}

/// A wave's dates, workloads and their progress.
fn bar_tooltip(ui: &mut Ui, inputs: &Inputs<'_>, bar: &timeline::Bar, counts: &[usize; STAGES]) {
    ui.label(RichText::new(&bar.name).strong());
    ui.label(bar.dates_text());
    let group = inputs.waves.iter().find(|s| s.group.wave == Some(bar.wave));
    let workloads = group
        .map(|s| s.group.workloads.as_slice())
        .unwrap_or_default();
    let done = workloads
        .iter()
        .filter(|&&w| inputs.derived.workloads.get(w).is_some_and(|s| s.done))
        .count();
    ui.label(format!(
        "{}, {done} done · {}",
        crate::words::count(workloads.len(), "workload"),
        crate::words::count(counts.iter().sum::<usize>(), "asset")
    ));
    widgets::stage_counts(ui, counts);
    if workloads.is_empty() {
        ui.label(RichText::new("No workloads in this wave yet").weak());
    }
    for &w in workloads.iter().take(WORKLOADS_LISTED) {
        let Some(status) = inputs.derived.workloads.get(w) else {
            continue;
        };
        let staged = status
            .stages
            .get(Stage::Staged.index())
            .copied()
            .unwrap_or(0);
        let state = if status.done {
            "done".to_owned()
        } else {
            format!(
                "{staged} of {} staged",
                crate::words::count(status.assets, "asset")
            )
        };
        ui.label(format!("{} — {state}", status.name));
    }
    if workloads.len() > WORKLOADS_LISTED {
        ui.label(format!("… and {} more", workloads.len() - WORKLOADS_LISTED));
    }
    ui.label(RichText::new("Click to open the wave").weak());
}
