//! Turning an opt-in exercise (the full back curl) on and off and moving it
//! between depth levels, and bringing back an exercise left out as
//! aggravating. The gate is here once: an exercise a caution hides stays
//! off whatever the user confirms, a deeper level comes one at a time and
//! only when the progression rule offers it, and the deepest level needs the
//! clinician's clearance. `limber exercises` and the web's settings page
//! both come here.

use jiff::Timestamp;
use limber_core::catalog::{Catalog, CautionAction, Condition, Exercise};
use limber_core::profile::Profile;
use limber_core::safety::Question;
use limber_store::{Store, StoreError, UserId};

use crate::progression;
use crate::user_state::{LoadError, UserState};

/// The conditions that hide `exercise` (those a user must confirm do not
/// apply before turning it on).
pub fn hiding_conditions(exercise: &Exercise) -> Vec<Condition> {
    exercise
        .cautions
        .iter()
        .filter(|c| c.action == CautionAction::Hide)
        .map(|c| c.condition)
        .collect()
}

/// The conditions hiding `exercise` that the screen in force says apply.
pub fn screened_cautions(state: &UserState, exercise: &Exercise) -> Vec<Condition> {
    let from_screen = state
        .screen
        .as_ref()
        .map(|s| s.conditions())
        .unwrap_or_default();
    hiding_conditions(exercise)
        .into_iter()
        .filter(|c| from_screen.contains(c))
        .collect()
}

/// What turning an exercise on did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Enabled {
    /// An opt-in exercise is on, at this level.
    On { level: u32 },
    /// An exercise left out as aggravating is back in the plans.
    BackInPlans,
    /// It was not left out: nothing changed.
    AlreadyIn,
}

/// Why an exercise was not changed. Nothing was stored.
#[derive(Debug, thiserror::Error)]
pub enum ExerciseError {
    #[error(transparent)]
    Unknown(#[from] limber_core::catalog::UnknownExercise),
    /// Turning it on needs the user's word that none of its cautions apply.
    #[error("turning on {id} needs you to confirm none of its cautions apply")]
    NotConfirmed { id: String },
    /// Cautions that apply: it stays off. The reasons, as shown.
    #[error("limber will not turn on the {name}: {}", .reasons.join("; "))]
    CautionsApply { name: String, reasons: Vec<String> },
    #[error("{id} is not an opt-in exercise; use a program file to leave it out")]
    NotOptIn { id: String },
    #[error("{id} has no depth levels")]
    NoLevels { id: String },
    #[error("{id} has levels 1 to {max}, not {level}")]
    LevelOutOfRange { id: String, level: u32, max: u32 },
    #[error("{id} is off: turn it on first, at level 1")]
    Off { id: String },
    #[error("one level at a time: {id} is at level {current}")]
    OneAtATime { id: String, current: u32 },
    /// The progression rule does not offer the next level yet.
    #[error(
        "the {name} stays at level {current} for now: a deeper level is offered only after {} sessions at this level without a stop, with next mornings at your usual and pain not rising after it",
        limber_core::rules::PROGRESSION_SESSIONS
    )]
    NotReady { name: String, current: u32 },
    /// The deepest level needs the user's word that their clinician cleared it.
    #[error("level {level} needs your clinician's clearance")]
    NeedsClearance { level: u32 },
    #[error(transparent)]
    Load(#[from] LoadError),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Turns `exercise` on in `profile` (not yet saved). `fresh_yes` are
/// cautions the user has just said apply (asked one by one in a terminal):
/// they count like the screen's. `confirmed`: the user confirmed none of
/// the others apply.
fn enable_in(
    profile: &mut Profile,
    state: &UserState,
    catalog: &Catalog,
    exercise: &Exercise,
    fresh_yes: &[Condition],
    confirmed: bool,
    now: Timestamp,
) -> Result<Enabled, ExerciseError> {
    if !exercise.opt_in {
        // Only an exercise left out (marked aggravating) has anything to
        // bring back.
        let left_out = state
            .aggravating(&state.sessions)
            .iter()
            .any(|(a, _)| a == &exercise.id);
        if !left_out {
            return Ok(Enabled::AlreadyIn);
        }
    }
    if exercise.opt_in {
        let mut applying = screened_cautions(state, exercise);
        for c in fresh_yes {
            if !applying.contains(c) {
                applying.push(*c);
            }
        }
        if !applying.is_empty() {
            return Err(ExerciseError::CautionsApply {
                name: exercise.seed_name.to_lowercase(),
                reasons: exercise
                    .cautions
                    .iter()
                    .filter(|c| applying.contains(&c.condition))
                    .map(|c| c.reason.clone())
                    .collect(),
            });
        }
        if !confirmed && !profile.enabled.contains_key(&exercise.id) {
            return Err(ExerciseError::NotConfirmed {
                id: exercise.id.to_string(),
            });
        }
        let level = exercise.progression.first().map_or(1, |l| l.level);
        if !profile.enabled.contains_key(&exercise.id) {
            profile.enabled.insert(exercise.id.clone(), level);
            profile.level_since.insert(exercise.id.clone(), now);
        }
    }
    // One stretch in two positions shares its mark, so it is cleared for both.
    for (a, b) in catalog.same_stretch() {
        if a == exercise.id || b == exercise.id {
            profile.cleared_aggravating.insert(a, now);
            profile.cleared_aggravating.insert(b, now);
        }
    }
    profile.cleared_aggravating.insert(exercise.id.clone(), now);
    Ok(match profile.enabled.get(&exercise.id) {
        Some(&level) if exercise.opt_in => Enabled::On { level },
        _ => Enabled::BackInPlans,
    })
}

/// Moves a progressive exercise to `level` in `profile` (not yet saved):
/// any gentler level at once; one level deeper only when the progression
/// rule offers it, and the deepest only with the clinician's clearance.
fn level_in(
    profile: &mut Profile,
    state: &UserState,
    exercise: &Exercise,
    level: u32,
    clinician_cleared: bool,
    now: Timestamp,
) -> Result<(), ExerciseError> {
    let id = exercise.id.to_string();
    let Some(max) = progression::max_level(exercise) else {
        return Err(ExerciseError::NoLevels { id });
    };
    if !(1..=max).contains(&level) {
        return Err(ExerciseError::LevelOutOfRange { id, level, max });
    }
    let Some(&current) = profile.enabled.get(&exercise.id) else {
        return Err(ExerciseError::Off { id });
    };
    if level == current {
        return Ok(());
    }
    if level > current + 1 {
        return Err(ExerciseError::OneAtATime { id, current });
    }
    if level == current + 1 {
        if progression::ready(&state.sessions, &state.morning(), profile, exercise) != Some(level) {
            return Err(ExerciseError::NotReady {
                name: exercise.seed_name.to_lowercase(),
                current,
            });
        }
        if progression::needs_clearance(exercise, level) && !clinician_cleared {
            return Err(ExerciseError::NeedsClearance { level });
        }
    }
    profile.enabled.insert(exercise.id.clone(), level);
    profile.level_since.insert(exercise.id.clone(), now);
    Ok(())
}

/// Turns `id` on (see [`enable_in`]); a "yes" in `fresh_yes` is a screen
/// answer like any other, stored so it hides or swaps the other exercises
/// it affects too.
pub async fn enable<S: Store + ?Sized>(
    store: &S,
    user: UserId,
    catalog: &Catalog,
    now: Timestamp,
    id: &str,
    fresh_yes: &[Condition],
    confirmed: bool,
) -> Result<Enabled, ExerciseError> {
    let exercise = catalog.lookup(id)?;
    let state = UserState::recent(store, user, now, catalog).await?;
    if let Some(mut screen) = state.screen.clone().filter(|_| !fresh_yes.is_empty()) {
        for c in fresh_yes {
            screen.answers.insert(Question::for_condition(*c), true);
        }
        screen.taken_at = now;
        store.save_screen(user, &screen).await?;
    }
    let mut profile = state.profile.clone();
    let done = enable_in(
        &mut profile,
        &state,
        catalog,
        exercise,
        fresh_yes,
        confirmed,
        now,
    )?;
    if done != Enabled::AlreadyIn {
        store.save_profile(user, &mut profile).await?;
    }
    Ok(done)
}

/// Turns an opt-in exercise off.
pub async fn disable<S: Store + ?Sized>(
    store: &S,
    user: UserId,
    catalog: &Catalog,
    id: &str,
) -> Result<(), ExerciseError> {
    let exercise = catalog.lookup(id)?;
    if !exercise.opt_in {
        return Err(ExerciseError::NotOptIn { id: id.to_string() });
    }
    let mut profile = store.profile(user).await?;
    profile.enabled.remove(&exercise.id);
    profile.level_since.remove(&exercise.id);
    store.save_profile(user, &mut profile).await?;
    Ok(())
}

/// Moves `id` to `level` (see [`level_in`]).
pub async fn set_level<S: Store + ?Sized>(
    store: &S,
    user: UserId,
    catalog: &Catalog,
    now: Timestamp,
    id: &str,
    level: u32,
    clinician_cleared: bool,
) -> Result<(), ExerciseError> {
    let exercise = catalog.lookup(id)?;
    let state = UserState::recent(store, user, now, catalog).await?;
    let mut profile = state.profile.clone();
    level_in(
        &mut profile,
        &state,
        exercise,
        level,
        clinician_cleared,
        now,
    )?;
    store.save_profile(user, &mut profile).await?;
    Ok(())
}

/// An opt-in exercise as a settings page shows it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OptInView {
    pub exercise: String,
    pub name: String,
    pub enabled: bool,
    /// The depth level it is at, when on.
    pub level: Option<u32>,
    /// What that level asks, in words.
    pub level_text: Option<String>,
    pub max_level: Option<u32>,
    /// The cautions that keep it off, with the screen question for each.
    pub cautions: Vec<CautionView>,
    /// Cautions the screen in force says apply: it cannot be turned on.
    pub applying: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CautionView {
    /// The screen question's key.
    pub key: String,
    pub question: String,
    pub reason: String,
}

/// What a settings page changes at once: on or off, and the level. Checked
/// whole before anything is stored.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct OptInChange {
    pub enabled: bool,
    /// Turning it on: the user confirms none of its cautions apply.
    #[serde(default)]
    pub confirm_none_apply: bool,
    /// The depth level (when on): any gentler level, or one deeper when
    /// offered.
    #[serde(default)]
    pub level: Option<u32>,
    /// The deepest level: the user's clinician has cleared it.
    #[serde(default)]
    pub clinician_cleared: bool,
}

/// The opt-in exercise `id` for `user`.
pub async fn opt_in<S: Store + ?Sized>(
    store: &S,
    user: UserId,
    catalog: &Catalog,
    now: Timestamp,
    id: &str,
) -> Result<OptInView, ExerciseError> {
    let exercise = catalog.lookup(id)?;
    if !exercise.opt_in {
        return Err(ExerciseError::NotOptIn { id: id.to_string() });
    }
    let state = UserState::recent(store, user, now, catalog).await?;
    Ok(view(&state.profile, &state, exercise))
}

fn view(profile: &Profile, state: &UserState, exercise: &Exercise) -> OptInView {
    let level = profile.enabled.get(&exercise.id).copied();
    let applying = screened_cautions(state, exercise);
    OptInView {
        exercise: exercise.id.to_string(),
        name: exercise.seed_name.clone(),
        enabled: level.is_some(),
        level,
        level_text: level
            .and_then(|l| exercise.level(l))
            .map(limber_core::plan::level_text),
        max_level: progression::max_level(exercise),
        cautions: exercise
            .cautions
            .iter()
            .filter(|c| c.action == CautionAction::Hide)
            .map(|c| {
                let q = Question::for_condition(c.condition);
                CautionView {
                    key: q.key().to_string(),
                    question: q.text().to_string(),
                    reason: c.reason.clone(),
                }
            })
            .collect(),
        applying: applying
            .iter()
            .map(|c| Question::for_condition(*c).key().to_string())
            .collect(),
    }
}

/// Applies a settings page's change to the opt-in exercise `id`: turned on
/// (behind its cautions) and moved to the level, or turned off, in one
/// write, or nothing at all.
pub async fn change_opt_in<S: Store + ?Sized>(
    store: &S,
    user: UserId,
    catalog: &Catalog,
    now: Timestamp,
    id: &str,
    change: OptInChange,
) -> Result<OptInView, ExerciseError> {
    let exercise = catalog.lookup(id)?;
    if !exercise.opt_in {
        return Err(ExerciseError::NotOptIn { id: id.to_string() });
    }
    let state = UserState::recent(store, user, now, catalog).await?;
    let mut profile = state.profile.clone();
    if change.enabled && !profile.enabled.contains_key(&exercise.id) {
        enable_in(
            &mut profile,
            &state,
            catalog,
            exercise,
            &[],
            change.confirm_none_apply,
            now,
        )?;
    }
    if change.enabled {
        if let Some(level) = change.level {
            level_in(
                &mut profile,
                &state,
                exercise,
                level,
                change.clinician_cleared,
                now,
            )?;
        }
    } else {
        profile.enabled.remove(&exercise.id);
        profile.level_since.remove(&exercise.id);
    }
    if *profile != *state.profile {
        store.save_profile(user, &mut profile).await?;
    }
    Ok(view(&profile, &state, exercise))
}
