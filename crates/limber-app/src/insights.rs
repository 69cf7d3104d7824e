//! What the diary and the runs say about a person: the figures `limber
//! stats` prints, the web app's insights show and `--json` / the API send,
//! gathered in one place so they cannot disagree.

use limber_core::Catalog;
use limber_core::analytics::running::{self, Running};
use limber_core::analytics::{self, Stats, StatsInput};
use limber_core::run::RunRecord;
use limber_store::{Store, UserId};

use crate::output::StatsOutput;
use crate::user_state::{LoadError, UserState};

/// The figures of one user's records.
pub struct Figures {
    pub stats: Stats,
    pub running: Running,
}

impl Figures {
    /// From the state already loaded and the user's runs.
    pub fn of(state: &UserState, runs: &[RunRecord], catalog: &Catalog) -> Self {
        let ids = crate::personal::listed_exercises(&state.records(), catalog);
        let stats = analytics::stats(&StatsInput {
            sessions: &state.sessions,
            entries: &state.entries,
            exercises: &ids,
            cleared: &state.profile.cleared_aggravating,
            same: &state.same_stretch,
            tz: &state.tz,
            now: state.now,
        });
        let running = running::running(runs, &state.sessions, &state.entries, &state.tz);
        Self { stats, running }
    }

    pub fn output(&self) -> StatsOutput {
        StatsOutput::new(&self.stats, &self.running)
    }
}

/// Reads what the figures need and computes them.
pub async fn figures<S: Store + ?Sized>(
    store: &S,
    user: UserId,
    now: jiff::Timestamp,
    catalog: &Catalog,
) -> Result<Figures, LoadError> {
    let (state, runs) = tokio::join!(
        UserState::load(store, user, now, catalog),
        store.runs(user, None)
    );
    Ok(Figures::of(&state?, &runs?, catalog))
}
