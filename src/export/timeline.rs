//! The wave timeline's layout: waves as bars on a calendar by their dates,
//! ordered by date, overlapping waves on separate rows, waves without
//! usable dates listed apart, today and the due dates of open log entries
//! marked, and the ticks of the date axis.
//!
//! A pure function of the plan, today's date and how wide a label is, so
//! the HTML report draws it as SVG ([`super::svg`]) and a view of the app
//! can draw the very same picture with its own fonts.

use chrono::{Datelike as _, Days, Months, NaiveDate};

use crate::model::{LogStatus, Plan};

/// Reads a `YYYY-MM-DD` date (spaces around it ignored); `None` for
/// anything else, 2026-02-30 included.
pub fn parse_date(text: &str) -> Option<NaiveDate> {
    let text = text.trim();
    if !crate::model::is_date(text) {
        return None;
    }
    NaiveDate::parse_from_str(text, "%Y-%m-%d").ok()
}

/// The calendar laid out: what to draw, in days and rows; the drawing
/// turns days into positions with [`Timeline::x`].
#[derive(Clone, Debug, PartialEq)]
pub struct Timeline {
    /// Dated waves, ordered by start date, then end date, then plan order.
    pub bars: Vec<Bar>,
    /// How many rows the bars take (0 with no bars).
    pub rows: usize,
    /// Waves without usable dates, in plan order, with why.
    pub undated: Vec<Undated>,
    /// The first day shown.
    pub first: NaiveDate,
    /// The last day shown (inclusive).
    pub last: NaiveDate,
    pub today: NaiveDate,
    /// Where today is: on the calendar, or before or after it (then a
    /// drawing marks it at that edge, rather than squeezing the waves).
    pub today_at: TodayAt,
    /// Due dates of open log entries within the calendar, by date.
    pub due: Vec<Due>,
    /// Open log entries due outside the calendar's days (not drawn).
    pub due_elsewhere: usize,
    /// Where the date axis gets a tick and a label.
    pub ticks: Vec<Tick>,
    /// The width the layout was made for (labels were measured for it).
    pub width: f32,
}

/// One wave on the calendar.
#[derive(Clone, Debug, PartialEq)]
pub struct Bar {
    /// Index in `plan.waves`.
    pub wave: usize,
    pub name: String,
    /// The first day (the end date when the wave has only an end).
    pub start: NaiveDate,
    /// The last day, inclusive (the start when the wave has only a start).
    pub end: NaiveDate,
    pub dates: Dates,
    pub row: usize,
}

/// Which dates a wave has.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dates {
    Both,
    /// Only a start: drawn as its first day, open to the right.
    StartOnly,
    /// Only an end: drawn as its last day, open to the left.
    EndOnly,
}

impl Bar {
    /// The wave's dates in words: "2026-03-02 – 2026-03-20",
    /// "from 2026-03-02", "until 2026-03-20".
    pub fn dates_text(&self) -> String {
        match self.dates {
            Dates::Both => format!("{} – {}", self.start, self.end),
            Dates::StartOnly => format!("from {}", self.start),
            Dates::EndOnly => format!("until {}", self.end),
        }
    }
}

/// A wave that is not on the calendar.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Undated {
    /// Index in `plan.waves`.
    pub wave: usize,
    pub name: String,
    /// "no dates yet", or what is wrong with them.
    pub why: String,
}

/// Where today falls.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TodayAt {
    Inside,
    /// Before the first day shown.
    Before,
    /// After the last day shown.
    After,
}

/// An open log entry's due date.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Due {
    /// Index in `plan.log`.
    pub log: usize,
    pub date: NaiveDate,
}

/// A tick of the date axis.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Tick {
    pub date: NaiveDate,
    pub label: String,
}

/// How the drawing measures: the calendar's width and a label's width, in
/// the drawing's units, and the room kept after a label.
pub struct Measure<'a> {
    pub width: f32,
    pub label_width: &'a dyn Fn(&str) -> f32,
    pub gap: f32,
}

/// How far today may lie outside the waves' days, as a share of their
/// span, and still widen the calendar to show it.
const TODAY_REACH: i64 = 4;

impl Timeline {
    /// Days shown, the last one included.
    pub fn days(&self) -> i64 {
        (self.last - self.first).num_days() + 1
    }

    /// Where a day starts, from 0 to `width`.
    pub fn x(&self, day: NaiveDate) -> f32 {
        let offset = (day - self.first).num_days() as f32;
        offset / self.days() as f32 * self.width
    }

    /// Where a bar starts and ends (its last day included).
    pub fn span(&self, bar: &Bar) -> (f32, f32) {
        (
            self.x(bar.start),
            self.x(bar.end + Days::new(1)).max(self.x(bar.start) + 1.0),
        )
    }
}

/// Lays out the plan's waves. Bars are ordered by date; each goes on the
/// first row where it neither shares a day with a wave already there nor
/// runs into that wave's label, so overlapping waves get separate rows
/// and waves one after the other share one.
pub fn layout(plan: &Plan, today: NaiveDate, measure: &Measure<'_>) -> Timeline {
    let mut bars = Vec::new();
    let mut undated = Vec::new();
    for (i, wave) in plan.waves.iter().enumerate() {
        let undated_because = |why: String| Undated {
            wave: i,
            name: wave.name.clone(),
            why,
        };
        if let Err(why) =
            crate::derive::waves::check_dates(wave.start.as_deref(), wave.end.as_deref())
        {
            undated.push(undated_because(why));
            continue;
        }
        let start = wave.start.as_deref().and_then(parse_date);
        let end = wave.end.as_deref().and_then(parse_date);
        let (start, end, dates) = match (start, end) {
            (Some(s), Some(e)) => (s, e, Dates::Both),
            (Some(s), None) => (s, s, Dates::StartOnly),
            (None, Some(e)) => (e, e, Dates::EndOnly),
            (None, None) => {
                undated.push(undated_because("no dates yet".to_owned()));
                continue;
            }
        };
        bars.push(Bar {
            wave: i,
            name: wave.name.clone(),
            start,
            end,
            dates,
            row: 0,
        });
    }
    bars.sort_by_key(|b| (b.start, b.end, b.wave));

    let (first, last) = match (
        bars.iter().map(|b| b.start).min(),
        bars.iter().map(|b| b.end).max(),
    ) {
        (Some(first), Some(last)) => (first, last),
        _ => (today, today),
    };
    let reach = ((last - first).num_days() + 1) / TODAY_REACH;
    let (first, last, today_at) = if bars.is_empty() || (first..=last).contains(&today) {
        (first, last, TodayAt::Inside)
    } else if today < first && (first - today).num_days() <= reach {
        (today, last, TodayAt::Inside)
    } else if today > last && (today - last).num_days() <= reach {
        (first, today, TodayAt::Inside)
    } else if today < first {
        (first, last, TodayAt::Before)
    } else {
        (first, last, TodayAt::After)
    };

    let mut timeline = Timeline {
        bars: Vec::new(),
        rows: 0,
        undated,
        first,
        last,
        today,
        today_at,
        due: Vec::new(),
        due_elsewhere: 0,
        ticks: ticks(first, last),
        width: measure.width,
    };

    // Each row remembers its last day and where its last label ends.
    let mut rows: Vec<(NaiveDate, f32)> = Vec::new();
    for mut bar in bars {
        let (x0, x1) = timeline.span(&bar);
        let reaches = x1.max(x0 + (measure.label_width)(&bar.name)) + measure.gap;
        let free = rows
            .iter()
            .position(|&(end, right)| end < bar.start && right <= x0);
        bar.row = match free {
            Some(row) => row,
            None => {
                rows.push((bar.end, reaches));
                rows.len() - 1
            }
        };
        if let Some(slot) = rows.get_mut(bar.row) {
            *slot = (bar.end, reaches);
        }
        timeline.bars.push(bar);
    }
    timeline.rows = rows.len();

    if !timeline.bars.is_empty() {
        for (i, entry) in plan.log.iter().enumerate() {
            if entry.status != LogStatus::Open {
                continue;
            }
            let Some(date) = entry.due.as_deref().and_then(parse_date) else {
                continue;
            };
            if (first..=last).contains(&date) {
                timeline.due.push(Due { log: i, date });
            } else {
                timeline.due_elsewhere += 1;
            }
        }
        timeline.due.sort_by_key(|d| (d.date, d.log));
    }
    timeline
}

/// Ticks for the axis: weeks (Mondays) over a few weeks, months over up
/// to a year and a half, quarters over up to five years, years beyond.
fn ticks(first: NaiveDate, last: NaiveDate) -> Vec<Tick> {
    let days = (last - first).num_days() + 1;
    let mut ticks = Vec::new();
    if days <= 62 {
        let to_monday = u64::from((7 - first.weekday().num_days_from_monday()) % 7);
        let mut day = first + Days::new(to_monday);
        while day <= last {
            ticks.push(Tick {
                date: day,
                label: day.format("%b %-d").to_string(),
            });
            day = day + Days::new(7);
        }
        return ticks;
    }
    let step = if days <= 550 {
        1
    } else if days <= 5 * 366 {
        3
    } else {
        12
    };
    let Some(mut day) = NaiveDate::from_ymd_opt(first.year(), first.month(), 1) else {
        return ticks;
    };
    // Quarters start in January, April, July and October; years in January.
    while (day.month0() % step) != 0 || day < first {
        let Some(next) = day.checked_add_months(Months::new(1)) else {
            return ticks;
        };
        day = next;
    }
    while day <= last {
        let label = match step {
            12 => day.format("%Y").to_string(),
            _ if day.month() == 1 || ticks.is_empty() => day.format("%b %Y").to_string(),
            _ => day.format("%b").to_string(),
        };
        ticks.push(Tick { date: day, label });
        let Some(next) = day.checked_add_months(Months::new(step)) else {
            break;
        };
        day = next;
    }
    ticks
}

#[cfg(test)]
#[path = "timeline_tests.rs"]
mod tests;
