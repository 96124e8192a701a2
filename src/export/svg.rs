//! The report's pictures as inline SVG: the wave timeline (from
//! [`super::timeline`]) and the progress chart (a stacked area of assets
//! by stage over time, from [`crate::history`]). Self-contained (no
//! scripts, no links, no fonts to fetch), scaled to the page's width, and
//! sized for an A4 page in portrait; hovering a bar or a point in a
//! browser shows its details (`<title>`).

use std::fmt::Write as _;

use super::h;
use super::timeline::{Dates, Measure, Timeline, TodayAt};
use crate::derive::{Stage, stage_rgb};
use crate::history::Point;

/// The drawing's width: about the printable width of A4 in portrait at
/// 96 px per inch, so it prints at its natural size.
pub const WIDTH: f32 = 700.0;
const MARGIN: f32 = 10.0;
/// The calendar's width inside the margins.
const CALENDAR: f32 = WIDTH - 2.0 * MARGIN;
const FONT: f32 = 11.0;
const ROW: f32 = 30.0;
const AXIS: f32 = 22.0;
const LABEL_GAP: f32 = 8.0;

// The pictures' colours: blue bars with their staged share darker, today
// in red, due dates in amber, the grid light grey.
const BAR_FILL: &str = "#d6e4f5";
const BAR_INK: &str = "#2f5f98";
const TODAY: &str = "#c62828";
const DUE: &str = "#b26a00";
const GRID: &str = "#dddddd";
const TEXT: &str = "#111111";
const MUTED: &str = "#555555";

/// How wide a label is at the drawing's font size, roughly (proportional
/// fonts average a little over half their size per character).
pub fn label_width(text: &str) -> f32 {
    text.chars().count() as f32 * FONT * 0.58 + 2.0
}

/// How the timeline is measured for the SVG.
pub fn measure() -> Measure<'static> {
    Measure {
        width: CALENDAR,
        label_width: &label_width,
        gap: LABEL_GAP,
    }
}

/// What a wave's bar says on hover, and how much of it is done (0 to 1).
#[derive(Clone, Debug, PartialEq)]
pub struct BarFacts {
    pub title: String,
    pub progress: f32,
}

fn open_svg(out: &mut String, height: f32, label: &str) {
    let _ = write!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {WIDTH} {height}\" width=\"100%\" role=\"img\" aria-label=\"{}\" font-family=\"system-ui,-apple-system,'Segoe UI',sans-serif\" font-size=\"{FONT}\" fill=\"{TEXT}\">\n<title>{}</title>\n",
        h(label),
        h(label)
    );
}

/// The wave timeline. `facts` go with `timeline.bars` and `due_titles`
/// with `timeline.due`, one for one.
pub fn timeline(timeline: &Timeline, facts: &[BarFacts], due_titles: &[String]) -> String {
    let rows_top = AXIS + 4.0;
    let due_top = rows_top + timeline.rows as f32 * ROW;
    let due_lane = if timeline.due.is_empty() { 0.0 } else { 18.0 };
    let footer_top = due_top + due_lane;
    let height = footer_top + 20.0;
    let x = |day| MARGIN + timeline.x(day);
    let mut out = String::with_capacity(2048 + timeline.bars.len() * 400);
    open_svg(&mut out, height, "Wave timeline");

    // The axis: a line per tick, its label above.
    let _ = writeln!(out, "<g class=\"axis\" fill=\"{MUTED}\">");
    for tick in &timeline.ticks {
        let tx = x(tick.date);
        let _ = writeln!(
            out,
            "<line x1=\"{tx:.1}\" y1=\"{}\" x2=\"{tx:.1}\" y2=\"{footer_top:.1}\" stroke=\"{GRID}\"/><text x=\"{:.1}\" y=\"{}\">{}</text>",
            AXIS - 6.0,
            tx + 2.0,
            AXIS - 9.0,
            h(&tick.label)
        );
    }
    out.push_str("</g>\n");

    // The bars, each with its name above it and its share done darker.
    for (i, bar) in timeline.bars.iter().enumerate() {
        let (x0, x1) = timeline.span(bar);
        let (x0, x1) = (MARGIN + x0, MARGIN + x1);
        let top = rows_top + bar.row as f32 * ROW;
        let fact = facts.get(i);
        let title = fact.map_or_else(
            || format!("{}: {}", bar.name, bar.dates_text()),
            |f| f.title.clone(),
        );
        let dash = match bar.dates {
            Dates::Both => "",
            Dates::StartOnly | Dates::EndOnly => " stroke-dasharray=\"3 2\"",
        };
        let label_x = if x0 + label_width(&bar.name) > WIDTH - MARGIN {
            format!("x=\"{:.1}\" text-anchor=\"end\"", WIDTH - MARGIN)
        } else {
            format!("x=\"{x0:.1}\"")
        };
        let _ = write!(
            out,
            "<g class=\"wave\"><title>{}</title><text {label_x} y=\"{:.1}\">{}</text><rect x=\"{x0:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"12\" rx=\"2\" fill=\"{BAR_FILL}\" stroke=\"{BAR_INK}\"{dash}/>",
            h(&title),
            top + 10.0,
            h(&bar.name),
            top + 14.0,
            x1 - x0
        );
        let progress = fact.map_or(0.0, |f| f.progress.clamp(0.0, 1.0));
        if progress > 0.0 {
            let _ = write!(
                out,
                "<rect x=\"{x0:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"12\" rx=\"2\" fill=\"{BAR_INK}\"/>",
                top + 14.0,
                (x1 - x0) * progress
            );
        }
        out.push_str("</g>\n");
    }

    // Due dates of open log entries, as diamonds in a lane of their own.
    for (i, due) in timeline.due.iter().enumerate() {
        let cx = x(due.date) + timeline.width / timeline.days() as f32 / 2.0;
        let cy = due_top + 9.0;
        let title = due_titles
            .get(i)
            .cloned()
            .unwrap_or_else(|| format!("Due {}", due.date));
        let _ = writeln!(
            out,
            "<g class=\"due\"><title>{}</title><path d=\"M{cx:.1} {:.1} l4 4 l-4 4 l-4 -4 z\" fill=\"{DUE}\"/></g>",
            h(&title),
            cy - 4.0
        );
    }

    // Today: a line across, or a note at the edge it lies beyond.
    let today = timeline.today.format("%Y-%m-%d").to_string();
    match timeline.today_at {
        TodayAt::Inside => {
            let tx = x(timeline.today);
            let anchor = if tx > WIDTH - 80.0 { "end" } else { "start" };
            let _ = writeln!(
                out,
                "<g class=\"today\"><line x1=\"{tx:.1}\" y1=\"{:.1}\" x2=\"{tx:.1}\" y2=\"{footer_top:.1}\" stroke=\"{TODAY}\" stroke-width=\"1.5\" stroke-dasharray=\"4 2\"/><text x=\"{tx:.1}\" y=\"{:.1}\" text-anchor=\"{anchor}\" fill=\"{TODAY}\">Today {today}</text></g>",
                AXIS - 6.0,
                footer_top + 13.0
            );
        }
        TodayAt::Before => {
            let _ = writeln!(
                out,
                "<text class=\"today\" x=\"{MARGIN}\" y=\"{:.1}\" fill=\"{TODAY}\">◀ Today {today}, before the first wave</text>",
                footer_top + 13.0
            );
        }
        TodayAt::After => {
            let _ = writeln!(
                out,
                "<text class=\"today\" x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\" fill=\"{TODAY}\">Today {today}, after the last wave ▶</text>",
                WIDTH - MARGIN,
                footer_top + 13.0
            );
        }
    }
    out.push_str("</svg>\n");
    out
}

/// The order stages are stacked in, from the bottom: done first, so the
/// bottom band grows as the migration moves on.
fn stack_order() -> impl Iterator<Item = Stage> {
    Stage::ALL.into_iter().rev()
}

fn hex((r, g, b): (u8, u8, u8)) -> String {
    format!("#{r:02x}{g:02x}{b:02x}")
}

/// A round step for an axis from 0 to `max` with at most five steps.
fn axis_step(max: usize) -> usize {
    let mut step = 1;
    loop {
        for factor in [1, 2, 5] {
            if max.div_ceil(step * factor) <= 5 {
                return step * factor;
            }
        }
        step *= 10;
    }
}

/// The progress chart: assets by stage over time, stacked, one point per
/// version or commit (hover a point for its numbers), with a legend of
/// the stages that occur.
pub fn progress(points: &[Point]) -> String {
    const LEFT: f32 = 44.0;
    const TOP: f32 = 10.0;
    const PLOT_HEIGHT: f32 = 200.0;
    let plot_width = WIDTH - LEFT - MARGIN;
    let present: Vec<Stage> = stack_order()
        .filter(|s| points.iter().any(|p| p.counts.stage(*s) > 0))
        .collect();
    let legend_rows = present.len().div_ceil(5).max(1);
    let legend_top = TOP + PLOT_HEIGHT + 40.0;
    let height = legend_top + legend_rows as f32 * 18.0 + 4.0;
    let mut out = String::with_capacity(4096 + points.len() * 600);
    open_svg(&mut out, height, "Assets by stage over time");

    let max = points
        .iter()
        .map(|p| p.counts.stages.iter().sum::<usize>())
        .max()
        .unwrap_or(0)
        .max(1);
    let step = axis_step(max);
    let top_value = max.div_ceil(step) * step;
    let y = |value: usize| TOP + PLOT_HEIGHT - value as f32 / top_value as f32 * PLOT_HEIGHT;

    // Time runs left to right; points at one moment (or a single point)
    // are spread evenly instead.
    let first = points.first().map(|p| p.when.timestamp());
    let last = points.last().map(|p| p.when.timestamp());
    let span = match (first, last) {
        (Some(f), Some(l)) if l > f => Some((f, (l - f) as f32)),
        _ => None,
    };
    let xs: Vec<f32> = points
        .iter()
        .enumerate()
        .map(|(i, p)| match span {
            Some((first, span)) => LEFT + (p.when.timestamp() - first) as f32 / span * plot_width,
            None if points.len() > 1 => LEFT + i as f32 / (points.len() - 1) as f32 * plot_width,
            None => LEFT + plot_width / 2.0,
        })
        .collect();

    // The value axis and its grid.
    let _ = writeln!(out, "<g class=\"axis\" fill=\"{MUTED}\">");
    let mut value = 0;
    while value <= top_value {
        let gy = y(value);
        let _ = writeln!(
            out,
            "<line x1=\"{LEFT}\" y1=\"{gy:.1}\" x2=\"{:.1}\" y2=\"{gy:.1}\" stroke=\"{GRID}\"/><text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\">{value}</text>",
            WIDTH - MARGIN,
            LEFT - 4.0,
            gy + 4.0
        );
        value += step;
    }
    // The time axis: the first and last moments and up to three between.
    if let (Some(first), Some(last)) = (points.first(), points.last()) {
        let short = (last.when - first.when).num_hours() < 72;
        let format = if short { "%m-%d %H:%M" } else { "%Y-%m-%d" };
        let marks = if span.is_some() { 5 } else { 1 };
        for k in 0..marks {
            let (tx, when) = if marks == 1 {
                (xs.first().copied().unwrap_or(LEFT), first.when)
            } else {
                let share = k as f32 / (marks - 1) as f32;
                let seconds = ((last.when - first.when).num_seconds() as f32 * share) as i64;
                (
                    LEFT + share * plot_width,
                    first.when + chrono::Duration::seconds(seconds),
                )
            };
            let anchor = match k {
                0 if marks > 1 => "start",
                k if k + 1 == marks && marks > 1 => "end",
                _ => "middle",
            };
            let _ = writeln!(
                out,
                "<text x=\"{tx:.1}\" y=\"{:.1}\" text-anchor=\"{anchor}\">{}</text>",
                TOP + PLOT_HEIGHT + 16.0,
                when.format(format)
            );
        }
    }
    out.push_str("</g>\n");

    // One band per stage, stacked from the bottom.
    let mut below = vec![0usize; points.len()];
    for stage in &present {
        let above: Vec<usize> = below
            .iter()
            .zip(points)
            .map(|(b, p)| b + p.counts.stage(*stage))
            .collect();
        let mut d = String::new();
        let edge = |d: &mut String, values: &[usize], forward: bool| {
            let order: Vec<usize> = if forward {
                (0..values.len()).collect()
            } else {
                (0..values.len()).rev().collect()
            };
            for i in order {
                let (x, v) = (xs[i], values[i]);
                if points.len() == 1 {
                    let (a, b) = if forward {
                        (LEFT, LEFT + plot_width)
                    } else {
                        (LEFT + plot_width, LEFT)
                    };
                    let _ = write!(d, "L{a:.1} {:.1} L{b:.1} {:.1} ", y(v), y(v));
                } else {
                    let _ = write!(d, "L{x:.1} {:.1} ", y(v));
                }
            }
        };
        edge(&mut d, &above, true);
        edge(&mut d, &below, false);
        let d = format!("M{}Z", d.trim_start_matches('L').trim_end());
        let _ = writeln!(
            out,
            "<path class=\"stage\" d=\"{d}\" fill=\"{}\" stroke=\"none\"><title>{}</title></path>",
            hex(stage_rgb(*stage)),
            stage.label()
        );
        below = above;
    }

    // A dot on top of each point, with its numbers on hover.
    for (p, x) in points.iter().zip(&xs) {
        let total: usize = p.counts.stages.iter().sum();
        let stages: Vec<String> = Stage::ALL
            .iter()
            .filter(|s| p.counts.stage(**s) > 0)
            .map(|s| format!("{} {}", s.label(), p.counts.stage(*s)))
            .collect();
        let title = format!(
            "{} ({}): {} — {}; {} of {} done",
            p.when.format("%Y-%m-%d %H:%M UTC"),
            p.source.label(),
            crate::words::grouped(p.counts.assets, "asset"),
            if stages.is_empty() {
                "none".to_owned()
            } else {
                stages.join(", ")
            },
            p.counts.workloads_done,
            crate::words::count(p.counts.workloads, "workload")
        );
        let cx = if points.len() == 1 {
            LEFT + plot_width / 2.0
        } else {
            *x
        };
        let _ = writeln!(
            out,
            "<circle class=\"point\" cx=\"{cx:.1}\" cy=\"{:.1}\" r=\"3\" fill=\"{TEXT}\"><title>{}</title></circle>",
            y(total),
            h(&title)
        );
    }

    // The legend, five stages a row.
    for (i, stage) in present.iter().enumerate() {
        let lx = LEFT + (i % 5) as f32 * 130.0;
        let ly = legend_top + (i / 5) as f32 * 18.0;
        let _ = writeln!(
            out,
            "<g class=\"legend\"><rect x=\"{lx:.1}\" y=\"{:.1}\" width=\"10\" height=\"10\" fill=\"{}\"/><text x=\"{:.1}\" y=\"{:.1}\">{}</text></g>",
            ly - 9.0,
            hex(stage_rgb(*stage)),
            lx + 14.0,
            ly,
            stage.label()
        );
    }
    out.push_str("</svg>\n");
    out
}

#[cfg(test)]
#[path = "svg_tests.rs"]
mod tests;
