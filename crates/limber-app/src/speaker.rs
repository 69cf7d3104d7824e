//! Where the run loop sends each cue to be heard: a voice, a bell, or
//! nothing. Drivers bring their own speakers (the terminal's are in
//! `limber-tui`); the loop only says when to speak and when to stop.

use limber_core::session::Cue;

/// Voices cues. Must never block the session.
pub trait Speaker {
    /// Announce this cue (cutting off any previous announcement).
    fn say(&mut self, cue: &Cue);
    /// Stop talking now (skip, quit, end of session).
    fn stop(&mut self);
}

impl<S: Speaker + ?Sized> Speaker for Box<S> {
    fn say(&mut self, cue: &Cue) {
        (**self).say(cue);
    }
    fn stop(&mut self) {
        (**self).stop();
    }
}

impl<S: Speaker + ?Sized> Speaker for &mut S {
    fn say(&mut self, cue: &Cue) {
        (**self).say(cue);
    }
    fn stop(&mut self) {
        (**self).stop();
    }
}

/// Silence (the default without `--voice`).
#[derive(Debug, Default, Clone, Copy)]
pub struct NullSpeaker;

impl Speaker for NullSpeaker {
    fn say(&mut self, _cue: &Cue) {}
    fn stop(&mut self) {}
}
