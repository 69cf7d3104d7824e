//! Keys of the full-screen session, as pure data: key → what to do.

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use limber_core::PainScore;
use limber_core::session::Event;

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
    /// Ctrl-C: quit at once, without asking, saved as partial.
    Interrupt,
    /// Not a key we use.
    Ignore,
}

/// The key help shown in the footer and the safety overlay.
pub const KEY_HELP: &str = "space pause/resume · s skip · b back · +/- pace · q quit · ? safety";
/// The symptom keys, shown under [`KEY_HELP`].
pub const SYMPTOM_HELP: &str =
    "0-9 pain now · ! sharp · m worse · d down leg/numb · u moving up · c continue";

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
        Mode::ConfirmQuit => match key.code {
            KeyCode::Char('y' | 'Y') => Action::ConfirmQuit,
            _ => Action::CancelQuit,
        },
        Mode::Help => match key.code {
            KeyCode::Esc | KeyCode::Enter | KeyCode::Char('?' | 'h' | 'H' | 'q' | 'Q') => {
                Action::CloseHelp
            }
            _ => Action::Ignore,
        },
        Mode::Normal => match key.code {
            KeyCode::Char(c) => normal_char(c),
            KeyCode::Esc => Action::AskQuit,
            KeyCode::F(1) => Action::ShowHelp,
            _ => Action::Ignore,
        },
    }
}

fn normal_char(c: char) -> Action {
    let event = match c.to_ascii_lowercase() {
        ' ' => Event::TogglePause,
        's' => Event::Skip,
        'b' => Event::Back,
        '+' | '=' => Event::Pace(1),
        '-' | '_' => Event::Pace(-1),
        'c' => Event::Continue,
        '!' => Event::SharpPain,
        'm' => Event::HurtsMore,
        'd' => Event::Spreading,
        'u' => Event::Centralizing,
        'q' => return Action::AskQuit,
        '?' | 'h' => return Action::ShowHelp,
        d @ '0'..='9' => match PainScore::new(i64::from(d as u8 - b'0')) {
            Ok(score) => Event::Rate(score),
            Err(_) => return Action::Ignore,
        },
        _ => return Action::Ignore,
    };
    Action::Session(event)
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
        for c in ['n', 'q', ' ', '5'] {
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
        // Session keys do nothing behind the overlay.
        assert_eq!(map_key(key('s'), Mode::Help), Action::Ignore);
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
