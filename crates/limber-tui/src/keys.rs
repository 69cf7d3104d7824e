//! Keys of the full-screen session, as pure data: key → what to do.

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use limber_core::PainScore;
use limber_core::session::{Decision, Event, Prompt};

/// Which screen the keys go to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Mode {
    /// The session screen.
    #[default]
    Normal,
    /// "Quit and save this session as partial? y/n"
    ConfirmQuit,
    /// The safety overlay (the emergency list and the keys).
    Help,
}

/// What a key asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Hand this event to the session.
    Session(Event),
    /// Ask "Quit and save this session as partial? y/n".
    AskQuit,
    /// "y" to the question: quit, saved as partial.
    ConfirmQuit,
    /// Anything else to the question: go on.
    CancelQuit,
    ShowHelp,
    CloseHelp,
    /// Quit at once, without asking, saved as partial (Ctrl-C; `q` in
    /// plain mode, which has no question to ask).
    Interrupt,
    /// Not a key we use.
    Ignore,
}

/// The key help shown in the footer and the safety overlay.
pub const KEY_HELP: &str =
    "space pause/resume · s skip exercise · b back · +/- pace · q quit · ? safety";
/// The symptom keys, shown under [`KEY_HELP`].
pub const SYMPTOM_HELP: &str =
    "! sharp or electric · m worse · d down leg/numb · u moving up · e emergency";
/// How to rate, shown under [`SYMPTOM_HELP`]: the scale where it is asked.
pub const RATE_HELP: &str =
    "pain now: 0-10 (0 no pain ... 10 worst imaginable; for 10 press 1 then 0)";

/// The key (in plain mode, the command) that makes a choice after a halt.
pub fn decision_key(decision: Decision) -> &'static str {
    match decision {
        Decision::End => "q",
        Decision::Continue => "c",
        Decision::ContinueAll => "a",
        Decision::Gentlest => "g",
    }
}

/// What a cue waits for, in the terminal's words: "Press space (or Enter)
/// when ready." or "Press c to …, or q to …."
pub fn prompt_words(prompt: &Prompt) -> String {
    match prompt {
        Prompt::Ready => "Press space (or Enter) when ready.".to_string(),
        Prompt::Choose { choices } => {
            let parts: Vec<String> = choices
                .iter()
                .map(|c| format!("{} to {}", decision_key(c.decision), c.label))
                .collect();
            match parts.split_last() {
                None => String::new(),
                Some((last, [])) => format!("Press {last}."),
                Some((last, rest)) => format!("Press {}, or {last}.", rest.join(", ")),
            }
        }
    }
}

/// A cue's text with what it waits for, as a line says it.
pub fn cue_words(text: &str, prompt: Option<&Prompt>) -> String {
    match prompt.map(prompt_words) {
        Some(words) if !words.is_empty() => format!("{text} {words}"),
        _ => text.to_string(),
    }
}

/// Maps a key press to an action, given which screen is showing.
pub fn map_key(key: KeyEvent, mode: Mode) -> Action {
    if key.kind == KeyEventKind::Release {
        return Action::Ignore;
    }
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    if ctrl && matches!(key.code, KeyCode::Char('c' | 'C')) {
        return Action::Interrupt;
    }
    if ctrl || key.modifiers.contains(KeyModifiers::ALT) {
        return Action::Ignore;
    }
    match mode {
        // Symptom reports reach the session from every screen: a stop rule
        // must never wait for a dialog to be dismissed. The driver closes the
        // quit question when one arrives.
        Mode::ConfirmQuit => match key.code {
            KeyCode::Char('y' | 'Y') => Action::ConfirmQuit,
            KeyCode::Char(c) if symptom_char(c).is_some() => symptom_action(c),
            _ => Action::CancelQuit,
        },
        Mode::Help => match key.code {
            KeyCode::Esc | KeyCode::Enter | KeyCode::Char('?' | 'h' | 'H' | 'q' | 'Q') => {
                Action::CloseHelp
            }
            KeyCode::Char(c) => symptom_action(c),
            _ => Action::Ignore,
        },
        Mode::Normal => match key.code {
            KeyCode::Char(c) => normal_char(c),
            KeyCode::Enter => Action::Session(Event::Ready),
            KeyCode::Esc => Action::AskQuit,
            KeyCode::F(1) => Action::ShowHelp,
            _ => Action::Ignore,
        },
    }
}

/// The symptom keys, the same on every screen: `!` sharp pain, `d`
/// spreading, `m` hurts more, `e` emergency signs, `0`-`9` pain now.
fn symptom_char(c: char) -> Option<Event> {
    let event = match c.to_ascii_lowercase() {
        '!' => Event::SharpPain,
        'e' => Event::RedFlag,
        'm' => Event::HurtsMore,
        'd' => Event::Spreading,
        d @ '0'..='9' => Event::Rate(PainScore::new(i64::from(d as u8 - b'0')).ok()?),
        _ => return None,
    };
    Some(event)
}

fn symptom_action(c: char) -> Action {
    symptom_char(c).map_or(Action::Ignore, Action::Session)
}

fn normal_char(c: char) -> Action {
    if let Some(event) = symptom_char(c) {
        return Action::Session(event);
    }
    let event = match c.to_ascii_lowercase() {
        ' ' => Event::TogglePause,
        's' => Event::Skip,
        'b' => Event::Back,
        '+' | '=' => Event::Pace(1),
        '-' | '_' => Event::Pace(-1),
        'c' => Event::Continue,
        'a' => Event::ContinueAll,
        'g' => Event::Gentlest,
        'u' => Event::Centralizing,
        'q' => return Action::AskQuit,
        '?' | 'h' => return Action::ShowHelp,
        _ => return Action::Ignore,
    };
    Action::Session(event)
}

/// The one-line legend printed when a plain session starts: every command
/// [`plain_command`] accepts.
pub const PLAIN_LEGEND: &str = "Type a command and Enter: 0-10 your pain now \
(0 no pain ... 10 worst imaginable); ! sharp or electric pain, d spreading down the leg \
or new numbness, m hurts more, u moving up, e emergency signs (ends the session), \
c continue after a stop, a go on with all, g the gentlest version, \
p or Enter pause (or ready), s skip, b back, + or - pace, q quit, ? help.";

/// The plain-mode commands, one per line, printed by `?` under the
/// emergency list.
pub const PLAIN_COMMANDS: &str = "\
Commands (type one, then Enter):
  0-10           your pain now, 0 no pain to 10 worst imaginable
  ! or sharp     sharp, shooting or electric pain
  e or emergency numbness between the legs, bladder or bowel change, symptoms
                 in both legs, or weakness getting worse: ends the session
  d or down      spreading down the leg, or new numbness or tingling
  m or more      it hurts more
  u or up        symptoms moving back up toward the spine
  c or continue  go on after a stop
  a or all       after spreading symptoms: go on with every stretch left
  g or gentle    after high pain at the start: the gentlest version
  p or Enter     pause or resume (or: in position, ready)
  s or skip      skip the rest of this stretch
  b or back      this hold again from its get-ready (twice quickly: the one before)
  + or -         count faster or slower
  q or quit      end now, saved as partial
  ? or help      the urgent-help list and these commands";

/// Maps one line typed in plain mode (without its newline) to an action;
/// `None` when it is not a command. Trimmed and case-insensitive. The same
/// vocabulary as the full-screen keys, plus words, `10`, and Enter alone
/// for pause/resume. `q` quits at once ([`Action::Interrupt`]): plain mode
/// asks no questions.
pub fn plain_command(line: &str) -> Option<Action> {
    let command = line.trim().to_lowercase();
    let event = match command.as_str() {
        "" | "p" | "pause" => Event::TogglePause,
        "!" | "sharp" => Event::SharpPain,
        "d" | "down" => Event::Spreading,
        "m" | "more" => Event::HurtsMore,
        "u" | "up" => Event::Centralizing,
        "c" | "continue" => Event::Continue,
        "a" | "all" => Event::ContinueAll,
        "g" | "gentle" | "gentlest" => Event::Gentlest,
        "e" | "emergency" => Event::RedFlag,
        "s" | "skip" => Event::Skip,
        "b" | "back" => Event::Back,
        "+" => Event::Pace(1),
        "-" => Event::Pace(-1),
        "q" | "quit" => return Some(Action::Interrupt),
        "?" | "h" | "help" => return Some(Action::ShowHelp),
        n if (1..=2).contains(&n.len()) && n.bytes().all(|b| b.is_ascii_digit()) => {
            Event::Rate(PainScore::new(n.parse().ok()?).ok()?)
        }
        _ => return None,
    };
    Some(Action::Session(event))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(c: char) -> KeyEvent {
        KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)
    }

    fn normal(c: char) -> Action {
        map_key(key(c), Mode::Normal)
    }

    #[test]
    fn the_key_named_for_each_way_on_makes_that_choice() {
        let all = [
            Decision::End,
            Decision::Continue,
            Decision::ContinueAll,
            Decision::Gentlest,
        ];
        for d in all {
            let k = decision_key(d).chars().next().unwrap();
            let full = match normal(k) {
                // `q` asks first on the full screen; the answer is Quit.
                Action::AskQuit => Event::Quit,
                Action::Session(e) => e,
                other => panic!("{k}: {other:?}"),
            };
            assert_eq!(full, d.event(), "{k}");
            let plain = match plain_command(decision_key(d)) {
                // Plain mode has no question to ask: `q` ends at once.
                Some(Action::Interrupt) => Event::Quit,
                Some(Action::Session(e)) => e,
                other => panic!("{k}: {other:?}"),
            };
            assert_eq!(plain, d.event(), "{k}");
        }
    }

    #[test]
    fn prompts_are_worded_with_the_keys() {
        use limber_core::session::Choice;
        let choose = Prompt::Choose {
            choices: vec![
                Choice {
                    decision: Decision::End,
                    label: "end the session (advised)".into(),
                },
                Choice {
                    decision: Decision::Continue,
                    label: "finish".into(),
                },
            ],
        };
        assert_eq!(
            prompt_words(&choose),
            "Press q to end the session (advised), or c to finish."
        );
        assert_eq!(
            cue_words("Get into position.", Some(&Prompt::Ready)),
            "Get into position. Press space (or Enter) when ready."
        );
        assert_eq!(cue_words("Paused.", None), "Paused.");
    }

    #[test]
    fn session_keys() {
        assert_eq!(normal(' '), Action::Session(Event::TogglePause));
        assert_eq!(normal('s'), Action::Session(Event::Skip));
        assert_eq!(normal('b'), Action::Session(Event::Back));
        assert_eq!(normal('+'), Action::Session(Event::Pace(1)));
        assert_eq!(normal('='), Action::Session(Event::Pace(1)));
        assert_eq!(normal('-'), Action::Session(Event::Pace(-1)));
        assert_eq!(normal('c'), Action::Session(Event::Continue));
        assert_eq!(normal('S'), Action::Session(Event::Skip));
    }

    #[test]
    fn symptom_keys() {
        assert_eq!(normal('!'), Action::Session(Event::SharpPain));
        assert_eq!(normal('m'), Action::Session(Event::HurtsMore));
        assert_eq!(normal('d'), Action::Session(Event::Spreading));
        assert_eq!(normal('u'), Action::Session(Event::Centralizing));
        for d in 0..=9u8 {
            let c = char::from(b'0' + d);
            assert_eq!(
                normal(c),
                Action::Session(Event::Rate(PainScore::new(i64::from(d)).unwrap()))
            );
        }
    }

    #[test]
    fn quit_asks_first_and_only_y_confirms() {
        assert_eq!(normal('q'), Action::AskQuit);
        assert_eq!(
            map_key(
                KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE),
                Mode::Normal
            ),
            Action::AskQuit
        );
        assert_eq!(map_key(key('y'), Mode::ConfirmQuit), Action::ConfirmQuit);
        assert_eq!(map_key(key('Y'), Mode::ConfirmQuit), Action::ConfirmQuit);
        for c in ['n', 'q', ' ', 's', 'u', 'c'] {
            assert_eq!(map_key(key(c), Mode::ConfirmQuit), Action::CancelQuit);
        }
        assert_eq!(
            map_key(
                KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE),
                Mode::ConfirmQuit
            ),
            Action::CancelQuit
        );
    }

    #[test]
    fn ctrl_c_quits_at_once_from_any_screen() {
        let ctrl_c = KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL);
        for mode in [Mode::Normal, Mode::ConfirmQuit, Mode::Help] {
            assert_eq!(map_key(ctrl_c, mode), Action::Interrupt);
        }
        // Other control chords do nothing, and plain c is still "continue".
        let ctrl_s = KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL);
        assert_eq!(map_key(ctrl_s, Mode::Normal), Action::Ignore);
    }

    #[test]
    fn help_opens_and_closes() {
        assert_eq!(normal('?'), Action::ShowHelp);
        assert_eq!(normal('h'), Action::ShowHelp);
        let esc = KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE);
        assert_eq!(map_key(esc, Mode::Help), Action::CloseHelp);
        assert_eq!(map_key(key('?'), Mode::Help), Action::CloseHelp);
        // Session keys other than symptoms do nothing behind the overlay.
        for c in ['s', ' ', 'b', '+', 'c', 'u', 'z'] {
            assert_eq!(map_key(key(c), Mode::Help), Action::Ignore, "{c:?}");
        }
    }

    /// The symptom keys and what they mean on every screen.
    fn symptoms() -> Vec<(char, Event)> {
        let mut all = vec![
            ('!', Event::SharpPain),
            ('d', Event::Spreading),
            ('D', Event::Spreading),
            ('m', Event::HurtsMore),
            ('M', Event::HurtsMore),
        ];
        for d in 0..=9u8 {
            let score = PainScore::new(i64::from(d)).unwrap();
            all.push((char::from(b'0' + d), Event::Rate(score)));
        }
        all
    }

    #[test]
    fn symptom_keys_reach_the_session_from_every_screen() {
        for mode in [Mode::Normal, Mode::Help, Mode::ConfirmQuit] {
            for (c, event) in symptoms() {
                assert_eq!(
                    map_key(key(c), mode),
                    Action::Session(event),
                    "{c:?} in {mode:?}"
                );
            }
        }
    }

    #[test]
    fn plain_commands_map_to_the_same_events_as_keys() {
        let session = |e| Some(Action::Session(e));
        let cases: &[(&str, Option<Action>)] = &[
            ("!", session(Event::SharpPain)),
            ("sharp", session(Event::SharpPain)),
            ("d", session(Event::Spreading)),
            ("down", session(Event::Spreading)),
            ("m", session(Event::HurtsMore)),
            ("more", session(Event::HurtsMore)),
            ("u", session(Event::Centralizing)),
            ("up", session(Event::Centralizing)),
            ("c", session(Event::Continue)),
            ("continue", session(Event::Continue)),
            ("p", session(Event::TogglePause)),
            ("pause", session(Event::TogglePause)),
            ("", session(Event::TogglePause)),
            ("   ", session(Event::TogglePause)),
            ("s", session(Event::Skip)),
            ("skip", session(Event::Skip)),
            ("b", session(Event::Back)),
            ("back", session(Event::Back)),
            ("+", session(Event::Pace(1))),
            ("-", session(Event::Pace(-1))),
            ("q", Some(Action::Interrupt)),
            ("quit", Some(Action::Interrupt)),
            ("?", Some(Action::ShowHelp)),
            ("help", Some(Action::ShowHelp)),
            ("h", Some(Action::ShowHelp)),
            // Trimmed (a terminal may send \r\n) and case-insensitive.
            ("  SHARP\r", session(Event::SharpPain)),
            ("Down", session(Event::Spreading)),
            ("Q", Some(Action::Interrupt)),
        ];
        for (line, action) in cases {
            assert_eq!(plain_command(line), *action, "{line:?}");
        }
    }

    #[test]
    fn plain_ratings_go_from_0_to_10() {
        for n in 0..=10i64 {
            let expected = Some(Action::Session(Event::Rate(PainScore::new(n).unwrap())));
            assert_eq!(plain_command(&n.to_string()), expected, "{n}");
            assert_eq!(plain_command(&format!(" {n} \n")), expected, "{n}");
        }
        assert_eq!(
            plain_command("07"),
            Some(Action::Session(Event::Rate(PainScore::new(7).unwrap())))
        );
        for bad in ["11", "99", "100", "-1", "+5", "5.5", "five", "1 0", "²"] {
            assert_eq!(plain_command(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn unknown_plain_commands_are_none() {
        for bad in ["x", "yes", "sharpish", "pp", "qq", "\x1b[A", "=", "y"] {
            assert_eq!(plain_command(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn the_plain_legend_is_one_line() {
        assert!(!PLAIN_LEGEND.contains('\n'));
        assert!(PLAIN_LEGEND.chars().all(|c| !c.is_control()));
        for line in PLAIN_COMMANDS.lines() {
            assert!(line.chars().all(|c| !c.is_control()), "{line:?}");
        }
    }

    #[test]
    fn e_is_the_red_flag_key_on_every_screen_and_in_plain_mode() {
        for mode in [Mode::Normal, Mode::Help, Mode::ConfirmQuit] {
            assert_eq!(
                map_key(key('e'), mode),
                Action::Session(Event::RedFlag),
                "{mode:?}"
            );
        }
        for line in ["e", "emergency", " E "] {
            assert_eq!(
                plain_command(line),
                Some(Action::Session(Event::RedFlag)),
                "{line:?}"
            );
        }
    }

    #[test]
    fn the_ways_on_from_a_halt_and_enter_for_ready() {
        assert_eq!(normal('a'), Action::Session(Event::ContinueAll));
        assert_eq!(normal('g'), Action::Session(Event::Gentlest));
        assert_eq!(
            map_key(
                KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE),
                Mode::Normal
            ),
            Action::Session(Event::Ready)
        );
        assert_eq!(
            plain_command("all"),
            Some(Action::Session(Event::ContinueAll))
        );
        assert_eq!(plain_command("g"), Some(Action::Session(Event::Gentlest)));
    }

    #[test]
    fn the_plain_legend_names_every_command() {
        // The short form of each command in PLAIN_COMMANDS.
        for line in PLAIN_COMMANDS.lines().skip(1) {
            let Some(word) = line.split_whitespace().next() else {
                continue;
            };
            if !line.starts_with("  ") || line.starts_with("        ") {
                continue;
            }
            let word = if word == "0-10" { "0-10" } else { word };
            let named = PLAIN_LEGEND.contains(&format!(" {word} "))
                || PLAIN_LEGEND.contains(&format!(": {word} "));
            assert!(named, "{word:?} missing from the legend: {PLAIN_LEGEND}");
        }
        for must in [
            " b back",
            " c continue",
            " e emergency",
            "10 worst imaginable",
        ] {
            assert!(PLAIN_LEGEND.contains(must), "{must:?}");
        }
    }

    #[test]
    fn the_scale_is_explained_next_to_the_keys() {
        assert!(RATE_HELP.contains("0 no pain"));
        assert!(RATE_HELP.contains("10 worst imaginable"));
        for help in [KEY_HELP, SYMPTOM_HELP, RATE_HELP] {
            assert!(help.chars().count() <= 78, "{help}");
        }
    }

    #[test]
    fn releases_and_unknown_keys_are_ignored() {
        let mut release = key('s');
        release.kind = KeyEventKind::Release;
        assert_eq!(map_key(release, Mode::Normal), Action::Ignore);
        assert_eq!(normal('z'), Action::Ignore);
        assert_eq!(
            map_key(
                KeyEvent::new(KeyCode::Tab, KeyModifiers::NONE),
                Mode::Normal
            ),
            Action::Ignore
        );
    }
}
