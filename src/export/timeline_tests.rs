use super::*;
use crate::model::{LogEntry, LogKind, Wave};

fn wave(name: &str, start: Option<&str>, end: Option<&str>) -> Wave {
    Wave {
        name: name.into(),
        start: start.map(Into::into),
        end: end.map(Into::into),
        notes: String::new(),
    }
}

fn date(text: &str) -> NaiveDate {
    parse_date(text).expect("a date")
}

/// Labels as wide as they are long, in a calendar 1,000 wide.
fn plain() -> Measure<'static> {
    Measure {
        width: 1000.0,
        label_width: &|_| 0.0,
        gap: 0.0,
    }
}

fn rows_by_name(timeline: &Timeline) -> Vec<(&str, usize)> {
    timeline
        .bars
        .iter()
        .map(|b| (b.name.as_str(), b.row))
        .collect()
}

#[test]
fn bars_are_ordered_by_date_and_overlapping_waves_get_their_own_rows() {
    let mut plan = Plan::named("Timeline");
    plan.waves = vec![
        // Plan order is not date order.
        wave("Wave 3", Some("2026-05-04"), Some("2026-05-29")),
        wave("Pilot", Some("2026-03-02"), Some("2026-03-20")),
        // Overlaps the pilot by a week.
        wave("Wave 1", Some("2026-03-16"), Some("2026-04-10")),
        // Starts the day after the pilot ends: the pilot's row is free.
        wave("Wave 2", Some("2026-03-21"), Some("2026-04-30")),
        wave("Later", None, None),
        wave("Typo", Some("2026-13-01"), None),
        wave("Backwards", Some("2026-06-10"), Some("2026-06-01")),
    ];
    let timeline = layout(&plan, date("2026-03-10"), &plain());
    assert_eq!(
        rows_by_name(&timeline),
        [("Pilot", 0), ("Wave 1", 1), ("Wave 2", 0), ("Wave 3", 0)],
        "by date; Wave 1 overlaps the pilot and Wave 2; the first row is free again for Wave 3"
    );
    assert_eq!(timeline.rows, 2);
    assert_eq!(timeline.first, date("2026-03-02"));
    assert_eq!(timeline.last, date("2026-05-29"));
    assert_eq!(timeline.today_at, TodayAt::Inside);
    let undated: Vec<(&str, &str)> = timeline
        .undated
        .iter()
        .map(|u| (u.name.as_str(), u.why.as_str()))
        .collect();
    assert_eq!(undated[0], ("Later", "no dates yet"));
    assert_eq!(undated[1].0, "Typo");
    assert!(undated[1].1.contains("2026-13-01"), "{}", undated[1].1);
    assert_eq!(
        undated[2],
        (
            "Backwards",
            "it ends on 2026-06-01, before it starts on 2026-06-10"
        )
    );
}

#[test]
fn a_wave_sharing_one_day_with_another_is_on_another_row() {
    let mut plan = Plan::named("Timeline");
    plan.waves = vec![
        wave("A", Some("2026-03-02"), Some("2026-03-10")),
        wave("B", Some("2026-03-10"), Some("2026-03-20")),
        wave("C", Some("2026-03-11"), Some("2026-03-20")),
    ];
    let timeline = layout(&plan, date("2026-03-05"), &plain());
    assert_eq!(rows_by_name(&timeline), [("A", 0), ("B", 1), ("C", 0)]);
}

#[test]
fn a_long_label_keeps_the_next_wave_off_its_row() {
    let mut plan = Plan::named("Timeline");
    plan.waves = vec![
        wave(
            "A very long wave name indeed",
            Some("2026-03-01"),
            Some("2026-03-01"),
        ),
        wave("B", Some("2026-03-02"), Some("2026-03-31")),
    ];
    let wide = Measure {
        width: 310.0,
        label_width: &|text| text.chars().count() as f32 * 7.0,
        gap: 6.0,
    };
    let timeline = layout(&plan, date("2026-03-05"), &wide);
    assert_eq!(
        rows_by_name(&timeline),
        [("A very long wave name indeed", 0), ("B", 1)]
    );
    let narrow = layout(&plan, date("2026-03-05"), &plain());
    assert_eq!(
        rows_by_name(&narrow),
        [("A very long wave name indeed", 0), ("B", 0)]
    );
}

#[test]
fn one_date_makes_a_one_day_bar_and_positions_follow_days() {
    let mut plan = Plan::named("Timeline");
    plan.waves = vec![
        wave("Starts", Some("2026-03-01"), None),
        wave("Ends", None, Some("2026-03-10")),
    ];
    let timeline = layout(&plan, date("2026-03-05"), &plain());
    assert_eq!(timeline.days(), 10);
    let starts = &timeline.bars[0];
    assert_eq!(
        (starts.start, starts.end),
        (date("2026-03-01"), date("2026-03-01"))
    );
    assert_eq!(starts.dates_text(), "from 2026-03-01");
    assert_eq!(timeline.bars[1].dates_text(), "until 2026-03-10");
    assert_eq!(timeline.span(starts), (0.0, 100.0));
    assert_eq!(timeline.span(&timeline.bars[1]), (900.0, 1000.0));
    assert_eq!(timeline.x(date("2026-03-05")), 400.0);
}

#[test]
fn today_widens_the_calendar_when_near_and_is_marked_at_the_edge_when_far() {
    let mut plan = Plan::named("Timeline");
    plan.waves = vec![wave("W", Some("2026-03-01"), Some("2026-04-09"))];
    let near = layout(&plan, date("2026-02-25"), &plain());
    assert_eq!(
        (near.first, near.today_at),
        (date("2026-02-25"), TodayAt::Inside)
    );
    let far_before = layout(&plan, date("2025-06-01"), &plain());
    assert_eq!(
        (far_before.first, far_before.today_at),
        (date("2026-03-01"), TodayAt::Before)
    );
    let far_after = layout(&plan, date("2027-06-01"), &plain());
    assert_eq!(
        (far_after.last, far_after.today_at),
        (date("2026-04-09"), TodayAt::After)
    );
}

#[test]
fn open_entries_due_within_the_calendar_are_marked() {
    let mut plan = Plan::named("Timeline");
    plan.waves = vec![wave("W", Some("2026-03-01"), Some("2026-03-31"))];
    let entry = |due: &str, status| LogEntry {
        kind: LogKind::Action,
        due: Some(due.into()),
        status,
        ..LogEntry::default()
    };
    plan.log = vec![
        entry("2026-03-20", LogStatus::Open),
        entry("2026-03-05", LogStatus::Open),
        entry("2026-03-06", LogStatus::Done),
        entry("2027-01-01", LogStatus::Open),
        entry("soon", LogStatus::Open),
    ];
    let timeline = layout(&plan, date("2026-03-10"), &plain());
    let due: Vec<(usize, NaiveDate)> = timeline.due.iter().map(|d| (d.log, d.date)).collect();
    assert_eq!(
        due,
        [(1, date("2026-03-05")), (0, date("2026-03-20"))],
        "open entries only, by date"
    );
    assert_eq!(timeline.due_elsewhere, 1);
}

#[test]
fn ticks_suit_the_span() {
    let weeks = ticks(date("2026-03-04"), date("2026-03-31"));
    let labels: Vec<&str> = weeks.iter().map(|t| t.label.as_str()).collect();
    assert_eq!(labels, ["Mar 9", "Mar 16", "Mar 23", "Mar 30"], "Mondays");
    let months = ticks(date("2026-11-02"), date("2027-02-19"));
    let labels: Vec<&str> = months.iter().map(|t| t.label.as_str()).collect();
    assert_eq!(labels, ["Dec 2026", "Jan 2027", "Feb"]);
    let quarters = ticks(date("2026-02-10"), date("2028-01-01"));
    assert_eq!(quarters[0].label, "Apr 2026");
    assert!(quarters.iter().all(|t| t.date.month0() % 3 == 0));
    let years = ticks(date("2026-02-10"), date("2033-01-01"));
    let labels: Vec<&str> = years.iter().map(|t| t.label.as_str()).collect();
    assert_eq!(labels[0], "2027");
    assert_eq!(labels.len(), 7);
}

#[test]
fn no_dated_wave_gives_an_empty_calendar() {
    let mut plan = Plan::named("Timeline");
    plan.waves = vec![wave("W", None, None)];
    let timeline = layout(&plan, date("2026-03-10"), &plain());
    assert!(timeline.bars.is_empty());
    assert_eq!(timeline.rows, 0);
    assert_eq!(timeline.undated.len(), 1);
}
