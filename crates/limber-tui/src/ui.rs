//! The full-screen session view: a pure function of the engine's [`View`]
//! and the screen's own [`UiState`], so it can be snapshot-tested on
//! ratatui's `TestBackend`.

use std::time::Duration;

use limber_core::session::{Phase, Prompt, View};
use limber_core::side::Side;
use limber_core::wording::{EMERGENCY, EMERGENCY_SHORT};
use ratatui::Frame;
use ratatui::layout::{Alignment, Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span, Text};
use ratatui::widgets::{Block, Borders, Clear, Gauge, Paragraph, Wrap};

use crate::keys::{KEY_HELP, Mode, RATE_HELP, SYMPTOM_HELP, cue_words, decision_key};

mod big;

/// The screen's own state, beside the session's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UiState {
    pub mode: Mode,
    /// Draw in colour (off when `NO_COLOR` is set).
    pub color: bool,
    /// A `1` was pressed and a `0` may follow to make 10.
    pub pending_one: bool,
}

impl UiState {
    /// Colour unless the `NO_COLOR` environment variable is set (and not empty).
    pub fn from_env() -> Self {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        Self::new(!no_color)
    }

    pub fn new(color: bool) -> Self {
        Self {
            mode: Mode::Normal,
            color,
            pending_one: false,
        }
    }
}

impl Default for UiState {
    fn default() -> Self {
        Self::from_env()
    }
}

/// The styles in use: colours only when allowed, emphasis always.
struct Theme {
    color: bool,
}

impl Theme {
    fn fg(&self, c: Color) -> Style {
        if self.color {
            Style::new().fg(c)
        } else {
            Style::new()
        }
    }
    fn bar(&self) -> Style {
        if self.color {
            Style::new().fg(Color::Black).bg(Color::Cyan)
        } else {
            Style::new().add_modifier(Modifier::REVERSED)
        }
    }
    fn side(&self, side: Option<Side>) -> Style {
        let c = match side {
            Some(Side::Right) => Color::Cyan,
            Some(Side::Left) => Color::Magenta,
            None => Color::White,
        };
        self.fg(c).add_modifier(Modifier::BOLD)
    }
    fn dim(&self) -> Style {
        if self.color {
            Style::new().fg(Color::DarkGray)
        } else {
            Style::new()
        }
    }
}

/// `mm:ss` of a duration (minutes keep counting past 59).
pub(crate) fn clock_text(d: Duration) -> String {
    let s = d.as_secs();
    format!("{:02}:{:02}", s / 60, s % 60)
}

/// A progress fraction Gauge accepts: 0.0–1.0, NaN as 0.
fn unit(x: f64) -> f64 {
    if x.is_nan() { 0.0 } else { x.clamp(0.0, 1.0) }
}

fn secs_left(d: Duration) -> u64 {
    // Round up: "3 s left" until the last of the third second has gone.
    d.as_millis().div_ceil(1000) as u64
}

fn phase_word(phase: Phase) -> &'static str {
    match phase {
        Phase::GetReady => "Get ready",
        Phase::Hold => "Hold",
        Phase::Rest => "Release and switch",
        Phase::Stopped => "Stopped",
        Phase::Finished => "Finished",
    }
}

/// Draws the whole session screen.
pub fn draw(frame: &mut Frame<'_>, view: &View, ui: &UiState) {
    let theme = Theme { color: ui.color };
    let area = frame.area();
    if area.width < 10 || area.height < 4 {
        // Too small for anything but the essentials.
        let line = format!("{} {}", clock_text(view.elapsed), title(view));
        frame.render_widget(Paragraph::new(line).wrap(Wrap { trim: true }), area);
        return;
    }
    let roomy = area.height >= 24;
    let big_rows: u16 = if roomy { big::HEIGHT + 1 } else { 0 };
    let footer_rows: u16 = if area.height >= 16 { 3 } else { 1 };
    let stopped = view.phase == Phase::Stopped;
    // The cue is wrapped, never cut: as many rows as it needs (within reason).
    let cue_text = cue_line_text(view);
    let cue_rows = if stopped {
        0
    } else {
        wrapped_rows(&cue_text, area.width).clamp(2, 4)
    };
    let [
        top,
        heading,
        big_area,
        count,
        hold,
        routine,
        body,
        cue,
        next,
        footer,
    ] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(big_rows),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(0),
        Constraint::Length(cue_rows),
        Constraint::Length(1),
        Constraint::Length(footer_rows),
    ])
    .areas(area);

    draw_top_bar(frame, top, view, &theme);
    frame.render_widget(
        Paragraph::new(Line::from(vec![
            Span::styled(view.name.clone(), Style::new().add_modifier(Modifier::BOLD)),
            Span::raw(heading_detail(view)),
        ]))
        .style(theme.side(view.side).remove_modifier(Modifier::BOLD)),
        heading,
    );

    match view.phase {
        Phase::Stopped => {
            // One calm panel in place of everything between the heading
            // and the "Next" line, so its text always fits, wrapped.
            let panel = big_area
                .union(count)
                .union(hold)
                .union(routine)
                .union(body)
                .union(cue);
            draw_stopped(frame, panel, view, &theme);
        }
        Phase::Finished => {
            let panel = big_area.union(count).union(hold);
            let text = Text::from(vec![
                Line::from(Span::styled(
                    "Routine finished.",
                    Style::new().add_modifier(Modifier::BOLD),
                )),
                Line::from(view.cue.clone()),
            ]);
            frame.render_widget(Paragraph::new(text).wrap(Wrap { trim: true }), panel);
        }
        _ => {
            if roomy {
                draw_big(frame, big_area, view, &theme);
            }
            frame.render_widget(Paragraph::new(count_line(view, ui, &theme)), count);
            draw_phase_gauge(frame, hold, view, &theme);
        }
    }

    if !stopped {
        draw_routine_body_and_cue(frame, [routine, body, cue], view, &theme, &cue_text);
    }
    frame.render_widget(
        Paragraph::new(Line::from(vec![
            Span::styled("Next: ", theme.dim()),
            Span::raw(view.next.clone()),
        ])),
        next,
    );
    let mut help = vec![Line::from(Span::styled(KEY_HELP, theme.dim()))];
    if footer.height > 1 {
        help.push(Line::from(Span::styled(SYMPTOM_HELP, theme.dim())));
        help.push(Line::from(Span::styled(RATE_HELP, theme.dim())));
    }
    frame.render_widget(Paragraph::new(help), footer);

    match ui.mode {
        Mode::Normal => {}
        Mode::ConfirmQuit => draw_confirm_quit(frame, area, &theme),
        Mode::Help => draw_help(frame, area, &theme),
    }
}

/// The cue as the bottom line shows it.
fn cue_line_text(view: &View) -> String {
    // A halt's ways on are shown once, in its own panel.
    let prompt = view
        .prompt
        .as_ref()
        .filter(|p| !matches!(p, Prompt::Choose { .. }));
    format!("▶ {}", cue_words(&view.cue, prompt))
}

/// How many rows `text` takes when wrapped at word boundaries to `width`.
fn wrapped_rows(text: &str, width: u16) -> u16 {
    let width = usize::from(width.max(1));
    let mut rows = 1usize;
    let mut used = 0usize;
    for word in text.split_whitespace() {
        let len = word.chars().count();
        let need = if used == 0 { len } else { used + 1 + len };
        if need <= width {
            used = need;
        } else {
            rows += 1 + (len.saturating_sub(1)) / width;
            used = len % width;
        }
    }
    u16::try_from(rows).unwrap_or(u16::MAX)
}

fn draw_routine_body_and_cue(
    frame: &mut Frame<'_>,
    [routine, body, cue]: [Rect; 3],
    view: &View,
    theme: &Theme,
    cue_text: &str,
) {
    frame.render_widget(
        Gauge::default()
            .ratio(unit(view.routine_progress))
            .use_unicode(true)
            .gauge_style(theme.fg(Color::Blue))
            .label(format!(
                "Routine {}%",
                (unit(view.routine_progress) * 100.0).round()
            )),
        routine,
    );

    if body.height > 0 {
        let mut lines: Vec<Line<'_>> = Vec::new();
        if body.height > 1 {
            lines.push(Line::default());
        }
        lines.extend(
            view.instructions
                .iter()
                .map(|i| Line::from(format!("• {i}"))),
        );
        frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), body);
    }

    let cue_body = cue_text.trim_start_matches("▶ ").to_string();
    frame.render_widget(
        Paragraph::new(Line::from(vec![
            Span::styled("▶ ", theme.fg(Color::Yellow)),
            Span::styled(cue_body, Style::new().add_modifier(Modifier::BOLD)),
        ]))
        .wrap(Wrap { trim: true }),
        cue,
    );
}

fn title(view: &View) -> String {
    format!("{}{}", view.name, heading_detail(view))
}

fn heading_detail(view: &View) -> String {
    let mut s = String::new();
    if let Some(side) = view.side {
        s.push_str(&format!(" · {side} leg"));
    }
    if view.reps > 1 {
        s.push_str(&format!(" · rep {} of {}", view.rep, view.reps));
    }
    s
}

fn draw_top_bar(frame: &mut Frame<'_>, area: Rect, view: &View, theme: &Theme) {
    let step = if view.step_count == 0 {
        String::new()
    } else {
        format!(
            "step {}/{}",
            (view.step_index + 1).min(view.step_count),
            view.step_count
        )
    };
    let mut spans = vec![
        Span::styled(" limber ", Style::new().add_modifier(Modifier::BOLD)),
        Span::raw(format!(
            " {step} · {} · pace {:.1}/s ",
            clock_text(view.elapsed),
            view.pace.counts_per_second()
        )),
    ];
    if view.paused {
        spans.push(Span::styled(
            " PAUSED ",
            Style::new().add_modifier(Modifier::BOLD | Modifier::REVERSED),
        ));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)).style(theme.bar()), area);
}

/// The big number: counts done in a hold, seconds left in a countdown or rest.
fn big_number(view: &View) -> u64 {
    match view.phase {
        Phase::Hold => u64::from(view.count),
        _ => secs_left(view.remaining),
    }
}

fn draw_big(frame: &mut Frame<'_>, area: Rect, view: &View, theme: &Theme) {
    let word = match view.side {
        Some(side) => side.as_str().to_uppercase(),
        None => String::new(),
    };
    // Waiting for "ready" there is no countdown to show: the side only.
    let number = if view.waiting_for_ready {
        String::new()
    } else {
        big_number(view).to_string()
    };
    let text = if word.is_empty() {
        number.clone()
    } else if number.is_empty() {
        word.clone()
    } else {
        format!("{word}  {number}")
    };
    // Fall back to the side word alone, then the number alone, if too wide.
    let candidates = [text, word, number];
    let Some(rows) = candidates
        .iter()
        .filter(|t| !t.is_empty())
        .map(|t| big::render(t))
        .find(|rows| rows[0].chars().count() <= usize::from(area.width))
    else {
        return;
    };
    let lines: Vec<Line<'_>> = rows
        .into_iter()
        .map(|r| Line::from(Span::styled(r, theme.side(view.side))))
        .collect();
    frame.render_widget(Paragraph::new(lines).alignment(Alignment::Center), area);
}

fn count_line(view: &View, ui: &UiState, theme: &Theme) -> Line<'static> {
    let mut spans = Vec::new();
    match view.phase {
        Phase::Hold => {
            spans.push(Span::styled(
                format!("{} / {}", view.count, view.counts),
                Style::new().add_modifier(Modifier::BOLD),
            ));
            spans.push(Span::raw(format!(
                "  ·  {} s left",
                secs_left(view.remaining)
            )));
        }
        _ if view.waiting_for_ready => spans.push(Span::styled(
            "Get into position, then press space (or Enter)",
            theme.fg(Color::Yellow),
        )),
        phase => spans.push(Span::raw(format!(
            "{} · {} s",
            phase_word(phase),
            secs_left(view.remaining)
        ))),
    }
    if view.phase == Phase::GetReady && !view.paused {
        // The moment to rate: before the first exercise and after each one.
        spans.push(Span::styled("  ·  pain now? 0-10", theme.fg(Color::Cyan)));
    }
    if ui.pending_one {
        spans.push(Span::styled(
            "  ·  1 ... press 0 for 10",
            Style::new().add_modifier(Modifier::BOLD),
        ));
    }
    if view.paused {
        spans.push(Span::styled(
            "  ·  paused: space to go on",
            theme.fg(Color::Yellow),
        ));
    }
    Line::from(spans)
}

fn draw_phase_gauge(frame: &mut Frame<'_>, area: Rect, view: &View, theme: &Theme) {
    let color = match view.phase {
        Phase::Hold => Color::Green,
        _ => Color::Yellow,
    };
    frame.render_widget(
        Gauge::default()
            .ratio(unit(view.phase_progress))
            .use_unicode(true)
            .gauge_style(theme.fg(color))
            .label(phase_word(view.phase)),
        area,
    );
}

fn draw_stopped(frame: &mut Frame<'_>, area: Rect, view: &View, theme: &Theme) {
    let bold = Style::new().add_modifier(Modifier::BOLD);
    let (title, text, choices) = match &view.halt {
        Some(h) => (h.title.clone(), h.text.clone(), h.choices.clone()),
        None => (
            "This exercise has stopped.".into(),
            view.cue.clone(),
            Vec::new(),
        ),
    };
    // The keys, said once: the ways on (the advised one first), then help.
    let mut keys = Vec::new();
    for c in &choices {
        keys.push(Span::styled(decision_key(c.decision), bold));
        keys.push(Span::raw(format!(" {} · ", c.label)));
    }
    keys.push(Span::styled("?", bold));
    keys.push(Span::raw(" when to get urgent help"));
    // The stop's own text already says to ease out slowly: said once.
    let mut lines = vec![Line::from(Span::styled(title, bold)), Line::from(text)];
    lines.push(Line::default());
    lines.push(Line::from(keys));
    let block = Block::new()
        .borders(Borders::LEFT)
        .border_style(theme.fg(Color::Yellow));
    frame.render_widget(
        Paragraph::new(Text::from(lines))
            .block(block)
            .wrap(Wrap { trim: true }),
        area,
    );
}

/// A rectangle `width` × `height` centred in `area`, clipped to it.
fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let w = width.min(area.width);
    let h = height.min(area.height);
    Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    )
}

fn draw_confirm_quit(frame: &mut Frame<'_>, area: Rect, theme: &Theme) {
    let question = "Quit and save this session as partial? y/n";
    let popup = centered(area, question.len() as u16 + 4, 3);
    frame.render_widget(Clear, popup);
    frame.render_widget(
        Paragraph::new(question)
            .alignment(Alignment::Center)
            .wrap(Wrap { trim: true })
            .block(
                Block::bordered()
                    .title(" Quit? ")
                    .border_style(theme.fg(Color::Yellow)),
            ),
        popup,
    );
}

fn draw_help(frame: &mut Frame<'_>, area: Rect, theme: &Theme) {
    let popup = centered(area, area.width.saturating_sub(4).max(20), area.height);
    frame.render_widget(Clear, popup);
    // On a small screen every symptom must still show: the short list, no frame.
    let inner_width = usize::from(popup.width.saturating_sub(2)).max(1);
    let rows: usize = EMERGENCY
        .lines()
        .map(|l| l.chars().count().div_ceil(inner_width).max(1))
        .sum();
    if rows + 2 > usize::from(popup.height) {
        frame.render_widget(Clear, area);
        frame.render_widget(
            Paragraph::new(EMERGENCY_SHORT)
                .wrap(Wrap { trim: true })
                .style(theme.fg(Color::Red)),
            area,
        );
        return;
    }
    let mut lines: Vec<Line<'_>> = EMERGENCY.lines().map(Line::from).collect();
    lines.push(Line::default());
    lines.push(Line::from(KEY_HELP));
    lines.push(Line::from(SYMPTOM_HELP));
    lines.push(Line::from(RATE_HELP));
    lines.push(Line::from(
        "e: any of the symptoms above ends the session now and locks sessions until you answer the safety questions again.",
    ));
    frame.render_widget(
        Paragraph::new(lines).wrap(Wrap { trim: false }).block(
            Block::bordered()
                .title(" Safety: when to get urgent help ")
                .title_bottom(" esc closes ")
                .border_style(theme.fg(Color::Red)),
        ),
        popup,
    );
}

#[cfg(test)]
mod tests;
