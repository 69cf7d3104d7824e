//! The engine as the run loop sees it, so tests can script a fake one.
//! (The engine itself is `limber_core::session`.)

use std::time::Duration;

use limber_core::session::{Event, Output, Session, View};

/// What a driver needs from a guided-session engine. Implemented for
/// [`Session`] (and for `&mut` of any engine); tests implement it for
/// scripted fakes.
pub trait Engine {
    /// Advances to `now` (session time) and returns what fell due, in order.
    fn tick(&mut self, now: Duration) -> Vec<Output>;
    /// Applies a user event at `now`.
    fn handle(&mut self, event: Event, now: Duration) -> Vec<Output>;
    /// A snapshot for drawing.
    fn view(&self, now: Duration) -> View;
    /// When the next cue falls due; `None` when waiting for the user.
    fn next_deadline(&self) -> Option<Duration>;
    fn is_finished(&self) -> bool;
}

impl Engine for Session {
    fn tick(&mut self, now: Duration) -> Vec<Output> {
        Session::tick(self, now)
    }
    fn handle(&mut self, event: Event, now: Duration) -> Vec<Output> {
        Session::handle(self, event, now)
    }
    fn view(&self, now: Duration) -> View {
        Session::view(self, now)
    }
    fn next_deadline(&self) -> Option<Duration> {
        Session::next_deadline(self)
    }
    fn is_finished(&self) -> bool {
        Session::is_finished(self)
    }
}

impl<E: Engine + ?Sized> Engine for &mut E {
    fn tick(&mut self, now: Duration) -> Vec<Output> {
        (**self).tick(now)
    }
    fn handle(&mut self, event: Event, now: Duration) -> Vec<Output> {
        (**self).handle(event, now)
    }
    fn view(&self, now: Duration) -> View {
        (**self).view(now)
    }
    fn next_deadline(&self) -> Option<Duration> {
        (**self).next_deadline()
    }
    fn is_finished(&self) -> bool {
        (**self).is_finished()
    }
}
