//! The next-morning check: the first look of a day after a session day
//! asks how the back and leg are this morning, once a day. The driver asks
//! the questions (in a terminal only); when to ask, what is stored and the
//! advice that follows are decided here.

use limber_core::PainScore;
use limber_core::diary::PainEntry;
use limber_core::rules::{self, MorningAdvice};
use limber_store::{Store, StoreError, UserId};

use crate::user_state::UserState;

/// Whether to ask the morning question now: there was a session the day
/// before, and it has not been asked today.
pub fn due(state: &UserState) -> bool {
    let today = state.today();
    state.profile.morning_asked != Some(today)
        && rules::needs_morning_question(&state.sessions, &state.entries, &state.tz, today)
}

/// The user's answers; each may be skipped.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct MorningAnswers {
    pub back: Option<PainScore>,
    pub leg: Option<PainScore>,
    pub stiffness: Option<PainScore>,
}

/// Stores the answers (a morning diary entry, unless all were skipped),
/// marks today's question asked, and returns today's advice with them.
pub async fn answer<S: Store + ?Sized>(
    store: &S,
    user: UserId,
    state: &mut UserState,
    answers: MorningAnswers,
) -> Result<MorningAdvice, StoreError> {
    let MorningAnswers {
        back,
        leg,
        stiffness,
    } = answers;
    if back.is_some() || leg.is_some() || stiffness.is_some() {
        let entry = PainEntry {
            id: limber_core::diary::PainEntryId::at(state.now),
            at: state.now,
            back,
            leg,
            reach: None,
            side: None,
            qualities: Vec::new(),
            weakness: false,
            stiffness,
            morning: true,
            note: None,
        };
        store.add_pain_entry(user, &entry).await?;
        state.entries.push(entry);
    }
    state.profile.morning_asked = Some(state.today());
    store.save_profile(user, &mut state.profile).await?;
    Ok(state.morning())
}
