//! Hand-written inline SVG charts. Each is drawn in its own `viewBox` and
//! scales to the page's width; colours come from the page's CSS classes, so
//! the print stylesheet can change them. Every chart carries a `<title>` and
//! `<desc>` (referenced by `aria-labelledby`); the numbers are also in the
//! table under it.

use std::fmt::Write;

use jiff::civil::Date;
use limber_core::analytics::trend::IMPORTANT_POINTS;
use limber_core::analytics::{Change, WeekPain};
use limber_core::diary::Reach;

use crate::html::esc;
use crate::model::{CalendarDay, PainPoint, RegionWeek};

const W: f64 = 640.0;
const LEFT: f64 = 40.0;
const RIGHT: f64 = 12.0;

fn open(out: &mut String, id: &str, height: f64, title: &str, desc: &str) {
    let _ = write!(
        out,
        r#"<svg class="chart" id="{id}-svg" viewBox="0 0 {W} {height}" role="img" aria-labelledby="{id}-title {id}-desc"><title id="{id}-title">{}</title><desc id="{id}-desc">{}</desc>"#,
        esc(title),
        esc(desc)
    );
}

fn days_between(a: Date, b: Date) -> f64 {
    (b - a).get_days() as f64
}

/// Pain over time: each entry's back and leg scores as points, the weekly
/// mean as a line, and the band of ± the clinically important change
/// around the first two weeks' level.
pub fn pain(
    points: &[PainPoint],
    weeks: &[WeekPain],
    baseline: Option<f64>,
    start: Date,
    end: Date,
    desc: &str,
) -> String {
    let (h, top, bottom) = (260.0, 12.0, 28.0);
    let span = days_between(start, end).max(1.0) + 1.0;
    let x = |d: f64| LEFT + d / span * (W - LEFT - RIGHT);
    let y = |p: f64| top + (10.0 - p) / 10.0 * (h - top - bottom);
    let mut s = String::new();
    open(&mut s, "pain", h, "Pain over time", desc);
    if let Some(b) = baseline {
        let (hi, lo) = (
            (b + IMPORTANT_POINTS).min(10.0),
            (b - IMPORTANT_POINTS).max(0.0),
        );
        let _ = write!(
            s,
            r#"<rect class="band" x="{:.1}" y="{:.1}" width="{:.1}" height="{:.1}"/>"#,
            x(0.0),
            y(hi),
            x(span) - x(0.0),
            y(lo) - y(hi)
        );
    }
    for p in (0..=10).step_by(2) {
        let yy = y(f64::from(p));
        let _ = write!(
            s,
            r#"<line class="grid" x1="{LEFT}" x2="{:.1}" y1="{yy:.1}" y2="{yy:.1}"/><text class="tick" x="{:.1}" y="{:.1}" text-anchor="end">{p}</text>"#,
            W - RIGHT,
            LEFT - 6.0,
            yy + 4.0
        );
    }
    // Month labels: the window's first day, then each first of a month.
    let month = jiff::Span::new().months(1);
    let mut label = Some(start);
    while let Some(d) = label.filter(|d| *d <= end) {
        let _ = write!(
            s,
            r#"<text class="tick" x="{:.1}" y="{:.1}">{}</text>"#,
            x(days_between(start, d)),
            h - 8.0,
            d.strftime("%b %Y")
        );
        label = d.first_of_month().checked_add(month).ok();
    }
    for p in points {
        let dx = days_between(start, p.at.date())
            + (f64::from(p.at.hour()) + f64::from(p.at.minute()) / 60.0) / 24.0;
        if let Some(b) = p.back {
            let _ = write!(
                s,
                r#"<circle class="back" cx="{:.1}" cy="{:.1}" r="2.5"/>"#,
                x(dx),
                y(f64::from(b))
            );
        }
        if let Some(l) = p.leg {
            let _ = write!(
                s,
                r#"<rect class="leg" x="{:.1}" y="{:.1}" width="5" height="5"/>"#,
                x(dx) - 2.5,
                y(f64::from(l)) - 2.5
            );
        }
    }
    let line: Vec<String> = weeks
        .iter()
        .filter(|w| {
            w.start
                >= start
                    .checked_sub(jiff::Span::new().days(6))
                    .unwrap_or(start)
        })
        .map(|w| {
            let mid = (days_between(start, w.start) + 3.5).clamp(0.0, span);
            format!("{:.1},{:.1}", x(mid), y(w.pain))
        })
        .collect();
    if !line.is_empty() {
        let _ = write!(s, r#"<polyline class="mean" points="{}"/>"#, line.join(" "));
    }
    s.push_str("</svg>");
    s
}

/// The change per exercise: the mean as a dot, its 95% interval as a bar,
/// and zero as a line; below zero means the rating was lower afterwards.
pub fn change(rows: &[(String, &Change)], desc: &str) -> String {
    let row_h = 34.0;
    let h = 30.0 + row_h * rows.len().max(1) as f64;
    let label_w = 200.0;
    let lim = rows
        .iter()
        .filter_map(|(_, r)| {
            r.interval
                .map(|i| i.low.abs().max(i.high.abs()))
                .or(r.mean.map(f64::abs))
        })
        .fold(3.0_f64, f64::max)
        .ceil()
        .min(10.0);
    let x = |v: f64| label_w + (v + lim) / (2.0 * lim) * (W - label_w - RIGHT);
    let mut s = String::new();
    open(
        &mut s,
        "change",
        h,
        "Change in pain rating per exercise",
        desc,
    );
    let _ = write!(
        s,
        r#"<line class="zero" x1="{0:.1}" x2="{0:.1}" y1="4" y2="{1:.1}"/>"#,
        x(0.0),
        h - 22.0
    );
    for t in [-lim, -lim / 2.0, 0.0, lim / 2.0, lim] {
        let _ = write!(
            s,
            r#"<text class="tick" x="{:.1}" y="{:.1}" text-anchor="middle">{t:+.1}</text>"#,
            x(t),
            h - 6.0
        );
    }
    for (i, (name, r)) in rows.iter().enumerate() {
        let cy = 20.0 + row_h * i as f64;
        let _ = write!(
            s,
            r#"<text class="label" x="4" y="{:.1}">{}</text>"#,
            cy + 4.0,
            esc(name)
        );
        if let Some(iv) = r.interval {
            let _ = write!(
                s,
                r#"<line class="interval" x1="{:.1}" x2="{:.1}" y1="{cy:.1}" y2="{cy:.1}"/>"#,
                x(iv.low.max(-lim)),
                x(iv.high.min(lim))
            );
        }
        match r.mean {
            Some(m) => {
                let _ = write!(
                    s,
                    r#"<circle class="estimate" cx="{:.1}" cy="{cy:.1}" r="4.5"/>"#,
                    x(m.clamp(-lim, lim))
                );
            }
            None => {
                let _ = write!(
                    s,
                    r#"<text class="note" x="{:.1}" y="{:.1}">no ratings yet</text>"#,
                    x(0.0) + 8.0,
                    cy + 4.0
                );
            }
        }
    }
    s.push_str("</svg>");
    s
}

/// The adherence calendar: a column per week (Monday at the top), a square
/// per day, marked when a session was done and when one had a stop.
pub fn calendar(days: &[CalendarDay], desc: &str) -> String {
    let cell = 14.0;
    let weeks = days.len().div_ceil(7) + 1;
    let h = 20.0 + cell * 7.0 + 8.0;
    let mut s = String::new();
    open(&mut s, "calendar", h, "Sessions per day", desc);
    let pitch = ((W - LEFT - RIGHT) / weeks as f64).min(cell + 4.0);
    for (row, label) in [(0, "Mon"), (2, "Wed"), (4, "Fri"), (6, "Sun")] {
        let _ = write!(
            s,
            r#"<text class="tick" x="{:.1}" y="{:.1}" text-anchor="end">{label}</text>"#,
            LEFT - 6.0,
            20.0 + cell * f64::from(row) + 10.0
        );
    }
    let Some(first) = days.first() else {
        s.push_str("</svg>");
        return s;
    };
    let offset = i64::from(first.date.weekday().to_monday_zero_offset());
    for (i, d) in days.iter().enumerate() {
        let n = i as i64 + offset;
        let (col, row) = (n / 7, n % 7);
        let class = match (d.sessions, d.stopped) {
            (0, _) => "none",
            (_, true) => "stopped",
            _ => "done",
        };
        let _ = write!(
            s,
            r#"<rect class="day {class}" x="{:.1}" y="{:.1}" width="{:.1}" height="{:.1}"><title>{}: {}</title></rect>"#,
            LEFT + pitch * col as f64,
            20.0 + cell * row as f64,
            (pitch - 2.0).max(2.0),
            cell - 2.0,
            d.date,
            day_words(d)
        );
        if d.date.day() == 1 || i == 0 {
            let _ = write!(
                s,
                r#"<text class="tick" x="{:.1}" y="12">{}</text>"#,
                LEFT + pitch * col as f64,
                d.date.strftime("%b")
            );
        }
    }
    s.push_str("</svg>");
    s
}

pub fn day_words(d: &CalendarDay) -> String {
    match (d.sessions, d.stopped) {
        (0, _) => "no session".into(),
        (1, false) => "1 session".into(),
        (n, false) => format!("{n} sessions"),
        (1, true) => "1 session, with a stop".into(),
        (n, true) => format!("{n} sessions, with a stop"),
    }
}

pub fn reach_label(r: Reach) -> &'static str {
    match r {
        Reach::Back => "Back",
        Reach::Buttock => "Buttock",
        Reach::Thigh => "Thigh",
        Reach::BelowKnee => "Below the knee",
        Reach::Foot => "Foot",
    }
}

/// Where symptoms reached, week by week: a row per region from the back
/// down to the foot, a column per week, darker for more of that week's
/// entries. Marks moving up the rows over time is centralization.
pub fn regions(weeks: &[RegionWeek], desc: &str) -> String {
    let row_h = 22.0;
    let label_w = 110.0;
    let h = 24.0 + row_h * 5.0;
    let mut s = String::new();
    open(
        &mut s,
        "regions",
        h,
        "Where symptoms reached, by week",
        desc,
    );
    let pitch = if weeks.is_empty() {
        0.0
    } else {
        ((W - label_w - RIGHT) / weeks.len() as f64).min(24.0)
    };
    for (row, r) in Reach::ALL.iter().copied().enumerate() {
        let _ = write!(
            s,
            r#"<text class="label" x="4" y="{:.1}">{}</text>"#,
            20.0 + row_h * row as f64 + 14.0,
            reach_label(r)
        );
    }
    for (col, w) in weeks.iter().enumerate() {
        let total: usize = w.counts.iter().sum();
        for (row, &n) in w.counts.iter().enumerate() {
            if n == 0 {
                continue;
            }
            let share = n as f64 / total.max(1) as f64;
            let _ = write!(
                s,
                r#"<rect class="reach" x="{:.1}" y="{:.1}" width="{:.1}" height="{:.1}" fill-opacity="{:.2}"><title>{}: {} of {} entries reached {}</title></rect>"#,
                label_w + pitch * col as f64,
                20.0 + row_h * row as f64,
                (pitch - 2.0).max(1.0),
                row_h - 2.0,
                0.2 + 0.8 * share,
                crate::html::week_of(w.start),
                n,
                total,
                reach_label(Reach::ALL[row]).to_lowercase()
            );
        }
        if col % 4 == 0 {
            let _ = write!(
                s,
                r#"<text class="tick" x="{:.1}" y="12">{}</text>"#,
                label_w + pitch * col as f64,
                w.start.strftime("%d %b")
            );
        }
    }
    s.push_str("</svg>");
    s
}

/// Weekly running distance as bars, with the weekly pain mean as a line
/// on a 0–10 scale at the right.
pub fn runs(
    run_weeks: &[limber_core::analytics::running::RunWeek],
    pain_weeks: &[WeekPain],
    start: Date,
    end: Date,
    desc: &str,
) -> String {
    let (h, top, bottom) = (240.0, 12.0, 28.0);
    let span = days_between(start, end).max(1.0) + 7.0;
    let x = |d: f64| LEFT + d / span * (W - LEFT - 36.0);
    let max_km = run_weeks
        .iter()
        .map(|w| w.distance_km)
        .fold(10.0_f64, f64::max)
        .ceil();
    let y_km = |k: f64| top + (1.0 - k / max_km) * (h - top - bottom);
    let y_pain = |p: f64| top + (10.0 - p) / 10.0 * (h - top - bottom);
    let mut s = String::new();
    open(&mut s, "runs", h, "Weekly running distance and pain", desc);
    for k in [0.0, max_km / 2.0, max_km] {
        let _ = write!(
            s,
            r#"<line class="grid" x1="{LEFT}" x2="{:.1}" y1="{:.1}" y2="{:.1}"/><text class="tick" x="{:.1}" y="{:.1}" text-anchor="end">{k:.0} km</text>"#,
            W - 36.0,
            y_km(k),
            y_km(k),
            LEFT - 4.0,
            y_km(k) + 4.0
        );
    }
    for p in [0, 5, 10] {
        let _ = write!(
            s,
            r#"<text class="tick" x="{:.1}" y="{:.1}">{p}</text>"#,
            W - 32.0,
            y_pain(f64::from(p)) + 4.0
        );
    }
    let bar = (7.0 / span * (W - LEFT - 36.0) - 2.0).max(1.0);
    for w in run_weeks.iter().filter(|w| {
        w.start
            >= start
                .checked_sub(jiff::Span::new().days(6))
                .unwrap_or(start)
    }) {
        let dx = days_between(start, w.start).max(0.0);
        let _ = write!(
            s,
            r#"<rect class="km" x="{:.1}" y="{:.1}" width="{bar:.1}" height="{:.1}"><title>{}: {:.1} km in {} runs</title></rect>"#,
            x(dx),
            y_km(w.distance_km),
            y_km(0.0) - y_km(w.distance_km),
            w.week,
            w.distance_km,
            w.runs
        );
    }
    let line: Vec<String> = pain_weeks
        .iter()
        .filter(|w| {
            w.start
                >= start
                    .checked_sub(jiff::Span::new().days(6))
                    .unwrap_or(start)
        })
        .map(|w| {
            let mid = days_between(start, w.start).max(0.0) + 3.5;
            format!("{:.1},{:.1}", x(mid), y_pain(w.pain))
        })
        .collect();
    if !line.is_empty() {
        let _ = write!(s, r#"<polyline class="mean" points="{}"/>"#, line.join(" "));
    }
    s.push_str("</svg>");
    s
}
