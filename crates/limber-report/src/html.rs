//! The page: sections in a fixed order, one inline stylesheet (screen,
//! small screens and print), no scripts, nothing loaded from elsewhere.

use std::fmt::Write;

use limber_core::analytics::trend::{IMPORTANT_FRACTION, IMPORTANT_POINTS};
use limber_core::analytics::{CentralizationStatus, Change, Verdict};
use limber_core::diary::Reach;
use limber_core::rules::MorningAdvice;
use limber_core::wording;

use crate::model::{MAX_STOPS, ReportData, WINDOW_DAYS};
use crate::svg;

/// Escapes text for HTML and SVG content and attribute values.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

const STYLE: &str = r#"
:root { --ink: #1d2a33; --muted: #5b6b75; --line: #d5dde2; --back: #2f6f9f; --leg: #c2562d;
  --mean: #1d2a33; --band: #e4f1e4; --done: #3f8f5a; --stop: #d08a1c; --none: #eef1f3; --reach: #6a4c93; }
* { box-sizing: border-box; }
body { margin: 0; color: var(--ink); background: #fff;
  font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
main { max-width: 52rem; margin: 0 auto; padding: 1rem; }
h1 { font-size: 1.6rem; margin: .5rem 0; }
h2 { font-size: 1.25rem; margin: 2rem 0 .5rem; border-bottom: 2px solid var(--line); padding-bottom: .2rem; }
p.meta, figcaption, .note { color: var(--muted); font-size: .9rem; }
figure { margin: .5rem 0; }
svg.chart { width: 100%; height: auto; display: block; }
svg .tick, svg .note { font-size: 10px; fill: var(--muted); }
svg .label { font-size: 12px; fill: var(--ink); }
svg .grid { stroke: var(--line); stroke-width: .5; }
svg .band { fill: var(--band); }
svg .back { fill: var(--back); }
svg .leg { fill: var(--leg); }
svg .mean { fill: none; stroke: var(--mean); stroke-width: 2; }
svg .zero { stroke: var(--muted); stroke-dasharray: 3 3; }
svg .interval { stroke: var(--back); stroke-width: 3; stroke-linecap: round; }
svg .estimate { fill: var(--ink); }
svg .day.none { fill: var(--none); }
svg .day.done { fill: var(--done); }
svg .day.stopped { fill: var(--stop); }
svg .reach { fill: var(--reach); }
svg .km { fill: var(--back); fill-opacity: .45; }
.key span { display: inline-block; width: .8em; height: .8em; margin: 0 .3em 0 .8em; vertical-align: middle; }
.scroll { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; font-size: .9rem; margin: .5rem 0 1rem; }
caption { text-align: left; font-weight: 600; padding: .3rem 0; }
th, td { border-bottom: 1px solid var(--line); padding: .25rem .4rem; text-align: left; vertical-align: top; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.safety { border: 2px solid var(--stop); border-radius: .4rem; padding: .2rem 1rem; }
.safety pre { white-space: pre-wrap; font: inherit; }
@media (max-width: 36rem) { body { font-size: 15px; } main { padding: .6rem; } h1 { font-size: 1.3rem; } }
@page { size: A4; margin: 14mm 12mm; }
@media print {
  body { font-size: 10.5pt; }
  main { max-width: none; padding: 0; }
  .scroll { overflow: visible; }
  section.chart { break-before: page; }
  h2 { break-after: avoid; }
  figure, tr, .safety { break-inside: avoid; }
  thead { display: table-header-group; }
}
"#;

fn capitalized(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

fn sentence(s: &str) -> String {
    let s = capitalized(s.trim());
    if s.ends_with('.') { s } else { format!("{s}.") }
}

/// A week as a person names it: "week of 2 Nov 2026" (no ISO week numbers).
pub(crate) fn week_of(start: jiff::civil::Date) -> String {
    format!("week of {}", start.strftime("%-d %b %Y"))
}

fn opt1(v: Option<f64>) -> String {
    v.map_or("–".to_string(), |v| format!("{v:.1}"))
}

fn signed(v: Option<f64>) -> String {
    v.map_or("–".to_string(), |v| format!("{v:+.1}"))
}

fn verdict_words(v: Verdict) -> &'static str {
    match v {
        Verdict::LowerAfter => "rated lower afterwards",
        Verdict::HigherAfter => "rated higher afterwards",
        Verdict::Unclear => "unclear so far",
        Verdict::NoData => "no ratings yet",
    }
}

/// The whole report as one HTML document.
pub fn render(d: &ReportData) -> String {
    let mut h = String::with_capacity(64 * 1024);
    let _ = write!(
        h,
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>limber report, {}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<main>\n",
        d.today
    );
    header(&mut h, d);
    summary(&mut h, d);
    safety(&mut h);
    pain(&mut h, d);
    change(&mut h, d);
    calendar(&mut h, d);
    regions(&mut h, d);
    runs(&mut h, d);
    program(&mut h, d);
    stops(&mut h, d);
    trials(&mut h, d);
    h.push_str("<footer><p class=\"note\">Made by limber from your own diary. These figures describe what you recorded; they are not medical advice.</p></footer>\n</main>\n</body>\n</html>\n");
    h
}

fn header(h: &mut String, d: &ReportData) {
    let covers = match d.first_day {
        Some(first) => format!("Records from {first} to {}", d.today),
        None => "No records yet".to_string(),
    };
    let _ = write!(
        h,
        "<header>\n<h1>limber report</h1>\n<p class=\"meta\">{covers}. Made on {}; days and times in {}.</p>\n</header>\n",
        d.today,
        esc(&d.timezone)
    );
}

fn summary(h: &mut String, d: &ReportData) {
    let s = &d.stats;
    let a = &s.adherence;
    let mut words = Vec::new();
    words.push(format!(
        "You recorded {} diary entr{} and {} session{}",
        d.total_entries,
        if d.total_entries == 1 { "y" } else { "ies" },
        a.sessions,
        if a.sessions == 1 { "" } else { "s" }
    ));
    if let Some(per_week) = a.sessions_per_week {
        words[0].push_str(&format!(
            ": about {per_week:.1} sessions a week; {} ran to the end, {} ended early and {} ended with a safety stop",
            a.completed, a.ended_early, a.stopped
        ));
    }
    words[0].push('.');
    words.push(sentence(&s.trend.message));
    if s.centralization.status != CentralizationStatus::NotEnoughData {
        words.push(sentence(&format!(
            "Where symptoms reach: {}",
            s.centralization.message
        )));
    }
    let named = |v: Verdict| -> Vec<String> {
        s.change
            .iter()
            .filter(|r| r.change.verdict == v)
            .map(|r| d.name(&r.exercise))
            .collect()
    };
    let (lower, higher) = (named(Verdict::LowerAfter), named(Verdict::HigherAfter));
    if !lower.is_empty() {
        words.push(format!(
            "Your pain ratings were lower after {} (the whole 95% interval of the change is below zero).",
            listed(&lower)
        ));
    }
    if !higher.is_empty() {
        words.push(format!(
            "Your pain ratings were higher after {}.",
            listed(&higher)
        ));
    }
    if lower.is_empty() && higher.is_empty() {
        words.push("No exercise shows a clear change in your ratings yet.".to_string());
    }
    if !s.aggravating.is_empty() {
        words.push(format!(
            "{} exercise{} left out of your plans after stops (see below).",
            s.aggravating.len(),
            if s.aggravating.len() == 1 {
                " is"
            } else {
                "s are"
            }
        ));
    }
    match &s.morning {
        MorningAdvice::Normal => {}
        MorningAdvice::Lighter { why } => {
            words.push(sentence(&format!("Next session: lighter; {why}")))
        }
        MorningAdvice::Pause { why } => words.push(sentence(&format!("Program paused: {why}"))),
    }
    let _ = write!(
        h,
        "<section id=\"summary\">\n<h2>Summary</h2>\n<p>{}</p>\n</section>\n",
        esc(&words.join(" "))
    );
}

fn safety(h: &mut String) {
    let _ = write!(
        h,
        "<section id=\"safety\" class=\"safety\">\n<h2>Safety reminders</h2>\n<pre>{}</pre>\n<pre>{}</pre>\n</section>\n",
        esc(wording::DISCLAIMER),
        esc(wording::EMERGENCY)
    );
}

fn table_open(h: &mut String, id: &str, caption: &str, heads: &[(&str, bool)]) {
    let _ = write!(
        h,
        "<div class=\"scroll\"><table id=\"{id}\">\n<caption>{}</caption>\n<thead><tr>",
        esc(caption)
    );
    for (head, num) in heads {
        let _ = write!(
            h,
            "<th scope=\"col\"{}>{}</th>",
            if *num { " class=\"num\"" } else { "" },
            esc(head)
        );
    }
    h.push_str("</tr></thead>\n<tbody>\n");
}

fn row(h: &mut String, cells: &[(String, bool)]) {
    h.push_str("<tr>");
    for (c, num) in cells {
        let _ = write!(
            h,
            "<td{}>{}</td>",
            if *num { " class=\"num\"" } else { "" },
            esc(c)
        );
    }
    h.push_str("</tr>\n");
}

fn table_close(h: &mut String, empty: bool, cols: usize) {
    if empty {
        let _ = writeln!(
            h,
            "<tr><td colspan=\"{cols}\">Nothing recorded yet.</td></tr>"
        );
    }
    h.push_str("</tbody></table></div>\n");
}

fn section_open(h: &mut String, id: &str, title: &str) {
    let _ = write!(
        h,
        "<section id=\"{id}\" class=\"chart\">\n<h2>{}</h2>\n<figure>\n",
        esc(title)
    );
}

/// " of the last 182 days" when the window is cut short by that limit.
fn window_words(d: &ReportData) -> String {
    let full = d.first_day.is_some_and(|f| f < d.window_start);
    if full {
        format!(" of the last {WINDOW_DAYS} days")
    } else {
        String::new()
    }
}

/// "a", "a and b", "a, b and c".
fn listed(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

fn pain(h: &mut String, d: &ReportData) {
    let start = d.window_start;
    let weeks: Vec<_> = d
        .stats
        .trend
        .weeks
        .iter()
        .filter(|w| {
            w.start
                .checked_add(jiff::Span::new().days(6))
                .is_ok_and(|e| e >= start)
        })
        .cloned()
        .collect();
    let baseline = d.stats.trend.change.as_ref().map(|c| c.from);
    let desc = format!(
        "Back and leg pain (0 to 10) of each diary entry from {start} to {}, with the weekly mean of the worse of the two. {}",
        d.today,
        sentence(&d.stats.trend.message)
    );
    section_open(h, "pain-over-time", "Pain over time");
    h.push_str(&svg::pain(
        &d.points, &weeks, baseline, start, d.today, &desc,
    ));
    let band = match baseline {
        Some(b) => format!(
            " The green band spans {IMPORTANT_POINTS:.0} points either side of your first two weeks' level ({b:.1}): a change of {IMPORTANT_POINTS:.0} points or {:.0}% is the size people usually notice.",
            IMPORTANT_FRACTION * 100.0
        ),
        None => String::new(),
    };
    let _ = write!(
        h,
        "<figcaption><span class=\"key\"><span style=\"background:var(--back);border-radius:50%\"></span>back <span style=\"background:var(--leg)\"></span>leg <span style=\"background:var(--mean);height:.2em\"></span>weekly mean</span>. Each mark is one diary entry{}.{}</figcaption>\n</figure>\n",
        window_words(d),
        esc(&band)
    );
    table_open(
        h,
        "pain-table",
        "Weekly pain (mean of each entry's worse score, and of back and leg on their own)",
        &[
            ("Week", false),
            ("Entries", true),
            ("Back", true),
            ("Leg", true),
            ("Worse of the two", true),
        ],
    );
    for w in &weeks {
        row(
            h,
            &[
                (week_of(w.start), false),
                (w.entries.to_string(), true),
                (opt1(w.back), true),
                (opt1(w.leg), true),
                (format!("{:.1}", w.pain), true),
            ],
        );
    }
    table_close(h, weeks.is_empty(), 5);
    h.push_str("</section>\n");
}

fn change(h: &mut String, d: &ReportData) {
    let mut rows: Vec<(String, &Change)> = d
        .stats
        .change
        .iter()
        .map(|r| (d.name(&r.exercise), &r.change))
        .collect();
    rows.push(("Whole session".to_string(), &d.stats.session_change));
    section_open(
        h,
        "change-per-exercise",
        "Change in pain rating per exercise",
    );
    h.push_str(&svg::change(
        &rows,
        "The mean change of your pain rating across each exercise and across a whole session (after minus before), with its 95% interval. Below zero means the rating was lower afterwards.",
    ));
    h.push_str("<figcaption>Dot: the mean change in points (after minus before); bar: its 95% interval. The last row is the whole session, from the first rating to the last. A change counts as rated lower afterwards only when the whole bar is left of zero.</figcaption>\n</figure>\n");
    table_open(
        h,
        "change-table",
        "Change per exercise and per session",
        &[
            ("Exercise", false),
            ("Sessions", true),
            ("Mean change", true),
            ("95% interval", true),
            ("What it shows", false),
        ],
    );
    for (name, r) in &rows {
        row(
            h,
            &[
                (name.clone(), false),
                (r.n.to_string(), true),
                (signed(r.mean), true),
                (
                    r.interval
                        .map_or("–".into(), |i| format!("{:+.1} to {:+.1}", i.low, i.high)),
                    true,
                ),
                (
                    format!("{}: {}", verdict_words(r.verdict), r.message),
                    false,
                ),
            ],
        );
    }
    table_close(h, rows.is_empty(), 5);
    h.push_str("</section>\n");
}

fn calendar(h: &mut String, d: &ReportData) {
    let a = &d.stats.adherence;
    let desc = format!(
        "One square per day{}: green with a session, amber when a session had a stop. {} sessions in all: {} ran to the end, {} ended early, {} ended with a safety stop.",
        window_words(d),
        a.sessions,
        a.completed,
        a.ended_early,
        a.stopped
    );
    section_open(h, "adherence", "Adherence");
    h.push_str(&svg::calendar(&d.calendar, &desc));
    h.push_str("<figcaption><span class=\"key\"><span style=\"background:var(--done)\"></span>session <span style=\"background:var(--stop)\"></span>session with a stop <span style=\"background:var(--none)\"></span>none</span>. Columns are weeks, Monday at the top.</figcaption>\n</figure>\n");
    table_open(
        h,
        "adherence-table",
        "Sessions by week",
        &[
            ("Week from", false),
            ("Days with a session", true),
            ("Sessions", true),
            ("Days with a stop", true),
        ],
    );
    for week in d
        .calendar
        .chunk_by(|x, y| x.date.iso_week_date().week() == y.date.iso_week_date().week())
    {
        row(
            h,
            &[
                (week[0].date.to_string(), false),
                (
                    week.iter().filter(|x| x.sessions > 0).count().to_string(),
                    true,
                ),
                (
                    week.iter().map(|x| x.sessions).sum::<usize>().to_string(),
                    true,
                ),
                (week.iter().filter(|x| x.stopped).count().to_string(), true),
            ],
        );
    }
    table_close(h, d.calendar.is_empty(), 4);
    h.push_str("</section>\n");
}

fn regions(h: &mut String, d: &ReportData) {
    let desc = format!(
        "For each week{}, how far down symptoms reached in the diary entries, from the back to the foot. {}",
        window_words(d),
        sentence(&d.stats.centralization.message)
    );
    section_open(h, "pain-regions", "Where symptoms reached");
    h.push_str(&svg::regions(&d.regions, &desc));
    let _ = write!(
        h,
        "<figcaption>Darker means more of that week's entries reached that far. Marks moving up toward the back over the weeks is centralization, usually a good sign. {}</figcaption>\n</figure>\n",
        esc(&sentence(&d.stats.centralization.message))
    );
    let mut heads = vec![("Week", false)];
    heads.extend(Reach::ALL.iter().map(|r| (svg::reach_label(*r), true)));
    table_open(
        h,
        "regions-table",
        "Entries by how far symptoms reached",
        &heads,
    );
    for w in &d.regions {
        let mut cells = vec![(week_of(w.start), false)];
        cells.extend(w.counts.iter().map(|n| (n.to_string(), true)));
        row(h, &cells);
    }
    table_close(h, d.regions.is_empty(), 6);
    h.push_str("</section>\n");
}

fn runs(h: &mut String, d: &ReportData) {
    let Some(r) = &d.running else { return };
    let start = d.window_start;
    let in_window = |w_start: jiff::civil::Date| {
        w_start
            .checked_add(jiff::Span::new().days(6))
            .is_ok_and(|e| e >= start)
    };
    let run_weeks: Vec<_> = r
        .weeks
        .iter()
        .filter(|w| in_window(w.start))
        .cloned()
        .collect();
    let pain_weeks: Vec<_> = d
        .stats
        .trend
        .weeks
        .iter()
        .filter(|w| in_window(w.start))
        .cloned()
        .collect();
    let said = format!(
        "{} {} {}",
        sentence(&r.cooldown.message),
        sentence(&r.pain_vs_distance.message),
        sentence(&r.pain_vs_cooldown.message)
    );
    section_open(h, "runs-and-pain", "Runs and pain");
    h.push_str(&svg::runs(
        &run_weeks,
        &pain_weeks,
        start,
        d.today,
        &format!(
            "Kilometres run each week{}, with the weekly pain mean. {said}",
            window_words(d)
        ),
    ));
    let _ = write!(
        h,
        "<figcaption>Bars: kilometres run each week (left scale); line: the weekly mean of the worse of back and leg pain (right scale, 0 to 10). {}</figcaption>\n</figure>\n",
        esc(&said)
    );
    table_open(
        h,
        "runs-table",
        "Running by week",
        &[
            ("Week", false),
            ("Runs", true),
            ("Kilometres", true),
            ("Moving time (min)", true),
        ],
    );
    for w in &run_weeks {
        row(
            h,
            &[
                (week_of(w.start), false),
                (w.runs.to_string(), true),
                (format!("{:.1}", w.distance_km), true),
                (format!("{:.0}", w.moving_s / 60.0), true),
            ],
        );
    }
    table_close(h, run_weeks.is_empty(), 4);
    h.push_str("</section>\n");
}

fn program(h: &mut String, d: &ReportData) {
    h.push_str("<section id=\"program\">\n<h2>Current program</h2>\n");
    if let Some(note) = &d.routine_note {
        let _ = writeln!(h, "<p class=\"note-strong\">{}</p>", esc(note));
    }
    let Some(r) = &d.routine else {
        h.push_str("</section>\n");
        return;
    };
    let _ = writeln!(
        h,
        "<p>{} on the floor after a run, about {} minutes.</p>",
        esc(&r.program),
        r.estimate().as_secs().div_ceil(60)
    );
    table_open(
        h,
        "program-table",
        "The routine, in order",
        &[
            ("Exercise", false),
            ("Dose", false),
            ("Why it is here", false),
        ],
    );
    for s in &r.steps {
        let sides = if s.sided { " each side" } else { "" };
        let alt = if s.sided && s.alternate.value {
            ", alternating right and left"
        } else {
            ""
        };
        row(
            h,
            &[
                (
                    match &s.variant {
                        Some(v) => format!("{} ({v})", s.name),
                        None => s.name.clone(),
                    },
                    false,
                ),
                (
                    format!(
                        "hold a count of {}, {} times{sides}{alt}",
                        s.hold.value, s.reps.value
                    ),
                    false,
                ),
                (s.reason.clone(), false),
            ],
        );
    }
    table_close(h, r.steps.is_empty(), 3);
    if !r.dropped.is_empty() || !r.notes.is_empty() {
        h.push_str("<ul class=\"dropped\">\n");
        for x in &r.dropped {
            let _ = writeln!(h, "<li>Left out: {}: {}</li>", esc(&x.name), esc(&x.reason));
        }
        for n in &r.notes {
            let _ = writeln!(h, "<li>{}</li>", esc(n));
        }
        h.push_str("</ul>\n");
    }
    h.push_str("</section>\n");
}

fn stops(h: &mut String, d: &ReportData) {
    h.push_str("<section id=\"stopped\">\n<h2>Stopped exercises and why</h2>\n");
    if d.stats.aggravating.is_empty() {
        h.push_str("<p>No exercise is left out of your plans after stops.</p>\n");
    } else {
        h.push_str("<ul>\n");
        for a in &d.stats.aggravating {
            let _ = writeln!(
                h,
                "<li>{} is left out of your plans: {}.</li>",
                esc(&d.name(&a.exercise)),
                esc(&a.reason)
            );
        }
        h.push_str("</ul>\n");
    }
    let caption = if d.total_stops > d.stops.len() {
        format!("The latest {MAX_STOPS} of {} stopped holds", d.total_stops)
    } else {
        "Every stopped hold".to_string()
    };
    table_open(
        h,
        "stops-table",
        &caption,
        &[
            ("Day", false),
            ("Exercise", false),
            ("Why it stopped", false),
        ],
    );
    for s in &d.stops {
        row(
            h,
            &[
                (s.date.to_string(), false),
                (d.name(&s.exercise), false),
                (s.reason.clone(), false),
            ],
        );
    }
    table_close(h, d.stops.is_empty(), 3);
    h.push_str("</section>\n");
}

fn trials(h: &mut String, d: &ReportData) {
    h.push_str("<section id=\"trials\">\n<h2>Trial results</h2>\n");
    if d.trials.is_empty() {
        h.push_str(
            "<p>No n-of-1 trial yet: <code>limber trial start</code> compares two exercises.</p>\n",
        );
    }
    for (i, t) in d.trials.iter().enumerate() {
        let r = &t.report;
        let _ = write!(
            h,
            "<h3>{} (A) compared with {} (B), {} to {}{}</h3>\n<p>{} {}</p>\n",
            esc(&d.name(&r.a)),
            esc(&d.name(&r.b)),
            r.started,
            r.last_day,
            if t.running { ", still running" } else { "" },
            esc(&sentence(&r.conclusion)),
            esc(&sentence(&r.message))
        );
        table_open(
            h,
            &format!("trial-{}-table", i + 1),
            "Mean change in pain rating per block, by pair",
            &[
                ("Pair", true),
                ("A", true),
                ("B", true),
                ("B minus A", true),
            ],
        );
        for p in &r.pair_results {
            row(
                h,
                &[
                    (p.pair.to_string(), true),
                    (signed(p.a), true),
                    (signed(p.b), true),
                    (signed(p.difference), true),
                ],
            );
        }
        table_close(h, r.pair_results.is_empty(), 4);
    }
    h.push_str("</section>\n");
}
