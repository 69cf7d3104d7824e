//! Answering the safety screen and acknowledging its advice: which answers
//! make a screen, what the answers change about the exercises, and what
//! acknowledging a pause stores and leaves standing. `limber screen` and the
//! web's safety questions both come here, so a scripted answer, a form and a
//! terminal cannot disagree about what counts as answered.

use std::collections::BTreeMap;

use jiff::Timestamp;
use limber_core::ExerciseId;
use limber_core::catalog::{Catalog, CautionAction};
use limber_core::safety::{Gate, Question, ScreenError, ScreenRecord, Tier};
use limber_store::{Store, StoreError, UserId};

use crate::gate::{self, AcknowledgeError, Block, BlockKind};
use crate::user_state::{LoadError, UserState};

/// What becomes of the questions the user did not answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unanswered {
    /// Every question needs an answer (a form that shows them all).
    Refused,
    /// "No": the user said none of the others apply.
    No,
    /// Kept from the screen in force, while it still stands: never after an
    /// emergency answer locked sessions, nor after new symptoms asked for a
    /// re-screen. Then (as with no screen on record) every question needs
    /// an answer.
    KeptWhileStanding,
}

/// Why the answers make no screen. Nothing was stored.
#[derive(Debug, thiserror::Error)]
pub enum AnswersError {
    #[error("no question is called {}", .0.join(", "))]
    Unknown(Vec<String>),
    /// Questions left unanswered; `stale` when the last screen no longer
    /// stands (an emergency answer or new symptoms), so its answers were
    /// not kept.
    #[error("not answered: {}", keys(.missing))]
    Unanswered { missing: Vec<Question>, stale: bool },
    #[error(transparent)]
    Load(#[from] LoadError),
    #[error(transparent)]
    Store(#[from] StoreError),
}

fn keys(qs: &[Question]) -> String {
    qs.iter().map(|q| q.key()).collect::<Vec<_>>().join(", ")
}

/// Answers by key (`saddle-numbness` → yes), refusing every key that is no
/// question at once.
pub fn parse_keys(
    answers: &BTreeMap<String, bool>,
) -> Result<BTreeMap<Question, bool>, AnswersError> {
    let mut out = BTreeMap::new();
    let mut unknown = Vec::new();
    for (key, yes) in answers {
        match key.parse::<Question>() {
            Ok(q) => {
                out.insert(q, *yes);
            }
            Err(_) => unknown.push(key.clone()),
        }
    }
    if unknown.is_empty() {
        Ok(out)
    } else {
        Err(AnswersError::Unknown(unknown))
    }
}

/// The screen `answers` make as of `now`, not yet stored. An emergency
/// answer needs no other answer: the advice and the lock come at once, on a
/// fresh install too (the rest are recorded as "no").
pub async fn answers_to_record<S: Store + ?Sized>(
    store: &S,
    user: UserId,
    now: Timestamp,
    answers: &BTreeMap<Question, bool>,
    unanswered: Unanswered,
) -> Result<ScreenRecord, AnswersError> {
    let emergency = answers
        .iter()
        .any(|(q, yes)| *yes && q.tier() == Tier::Emergency);
    let mut merged = BTreeMap::new();
    let mut stale = false;
    if !emergency && unanswered == Unanswered::KeptWhileStanding {
        let previous = store.latest_screen(user).await?;
        let profile = store.profile(user).await?;
        let rescreen = profile.rescreen_requested.is_some() || profile.red_flag_reported.is_some();
        match previous {
            Some(p) if !rescreen && !matches!(p.gate(), Gate::Locked(_)) => merged = p.answers,
            Some(_) => stale = true,
            None => {}
        }
    }
    merged.extend(answers.iter().map(|(q, a)| (*q, *a)));
    let rest_are_no = emergency || unanswered == Unanswered::No;
    ScreenRecord::new(now, &merged, rest_are_no).map_err(|e| match e {
        ScreenError::Unanswered(missing) => AnswersError::Unanswered { missing, stale },
    })
}

/// An exercise the screen's answers leave out or swap for its gentler
/// variant, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Effect {
    pub exercise: ExerciseId,
    /// The name the user knows it by.
    pub name: String,
    pub action: CautionAction,
    pub reason: String,
}

/// What `record`'s caution answers do to the catalog's exercises, in
/// catalog order.
pub fn effects(catalog: &Catalog, record: &ScreenRecord) -> Vec<Effect> {
    let conditions = record.conditions();
    if conditions.is_empty() {
        return Vec::new();
    }
    catalog
        .exercises()
        .iter()
        .filter_map(|e| {
            let c = e.caution_for(&conditions)?;
            Some(Effect {
                exercise: e.id.clone(),
                name: e.seed_name.clone(),
                action: c.action,
                reason: c.reason.clone(),
            })
        })
        .collect()
}

/// What acknowledging did: the pauses it lifted, and the first block that
/// still stands before a session (a re-screen, say), if any.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Acknowledged {
    pub lifted: Vec<Block>,
    pub still: Option<Block>,
}

impl Acknowledged {
    /// A pause from getting worse (next mornings, the diary) was lifted:
    /// the advice is to go gently and check with a clinician.
    pub fn after_worsening(&self) -> bool {
        self.lifted
            .iter()
            .any(|b| matches!(b, Block::MorningPause(_) | Block::DiaryPause(_)))
    }
}

/// Why nothing could be acknowledged. Nothing was stored.
#[derive(Debug, thiserror::Error)]
pub enum AcknowledgeAllError {
    #[error("there is no safety screen to acknowledge")]
    NoScreen,
    /// Sessions are locked (emergency answers, or red-flag symptoms in a
    /// session): only answering the screen again lifts that.
    #[error("sessions are locked: this is lifted only by answering the safety screen again")]
    Locked,
    #[error(transparent)]
    Load(#[from] LoadError),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Acknowledges the pauses in force (the screen's advice, the next-morning
/// check's, a worsening diary's): every one of them, or with `only`, that
/// kind alone (a page acknowledges the advice it showed). Says what still
/// stands, never "your program continues" while it would not.
pub async fn acknowledge_pauses<S: Store + ?Sized>(
    store: &S,
    user: UserId,
    catalog: &Catalog,
    now: Timestamp,
    only: Option<BlockKind>,
) -> Result<Acknowledged, AcknowledgeAllError> {
    let mut state = UserState::recent(store, user, now, catalog).await?;
    let Some(screen) = &state.screen else {
        return Err(AcknowledgeAllError::NoScreen);
    };
    if gate::locked(&state) {
        return Err(AcknowledgeAllError::Locked);
    }
    let mut pauses = Vec::new();
    if let Gate::Paused(tier, flags) = screen.gate() {
        pauses.push(Block::Paused(tier, flags));
    }
    pauses.extend(state.morning_pause().map(Block::MorningPause));
    pauses.extend(state.diary_pause().map(Block::DiaryPause));
    pauses.retain(|b| only.is_none_or(|k| b.kind() == k));
    for block in &pauses {
        gate::acknowledge(store, user, &mut state, block, now)
            .await
            .map_err(|e| match e {
                AcknowledgeError::Store(e) => AcknowledgeAllError::Store(e),
                // Only pauses are in the list.
                AcknowledgeError::NeedsScreen => AcknowledgeAllError::Locked,
            })?;
    }
    Ok(Acknowledged {
        still: gate::first_block(&state),
        lifted: pauses,
    })
}

/// A saved screen as a page shows it: what the answers mean for the next
/// session and for the exercises.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ScreenView {
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub taken_at: Timestamp,
    /// open, paused (until the advice is acknowledged) or locked (until the
    /// screen is answered again).
    pub gate: String,
    /// The advice for the most urgent "yes", when it pauses or locks.
    pub advice: Option<String>,
    /// The questions answered yes that pause or lock.
    pub flagged: Vec<String>,
    /// The emergency list, when sessions are locked.
    pub emergency: Option<String>,
    /// Exercises left out or swapped for a gentler variant, and why.
    pub left_out: Vec<EffectView>,
    /// What caution answers mean, when any changed the exercises.
    pub caution: Option<String>,
    /// The first thing that still stands before a session, if any.
    pub block: Option<crate::session_script::BlockView>,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EffectView {
    pub exercise: String,
    pub name: String,
    /// left-out, or variant (swapped for its gentler variant).
    pub action: String,
    pub why: String,
}

impl ScreenView {
    pub fn of(catalog: &Catalog, record: &ScreenRecord, still: Option<&Block>) -> Self {
        let (gate, advice, flagged) = match record.gate() {
            Gate::Open => ("open", None, Vec::new()),
            Gate::Paused(tier, flags) => ("paused", Some(tier.advice()), flags),
            Gate::Locked(flags) => ("locked", Some(Tier::Emergency.advice()), flags),
        };
        let left_out: Vec<EffectView> = effects(catalog, record)
            .into_iter()
            .map(|e| EffectView {
                exercise: e.exercise.to_string(),
                name: e.name,
                action: match e.action {
                    CautionAction::Hide => "left-out",
                    CautionAction::Variant => "variant",
                }
                .into(),
                why: e.reason,
            })
            .collect();
        Self {
            taken_at: record.taken_at,
            gate: gate.into(),
            advice: advice.map(str::to_string),
            flagged: flagged.iter().map(|q| q.key().to_string()).collect(),
            emergency: (gate == "locked").then(|| limber_core::wording::EMERGENCY.to_string()),
            caution: (!left_out.is_empty()).then(|| Tier::Caution.advice().to_string()),
            left_out,
            block: still.map(crate::session_script::BlockView::of),
        }
    }
}

/// Answers a page sent, checked (unknown keys, unanswered questions),
/// made the screen in force, and what it means now.
pub async fn answer<S: Store + ?Sized>(
    store: &S,
    user: UserId,
    catalog: &Catalog,
    now: Timestamp,
    answers: &BTreeMap<String, bool>,
) -> Result<ScreenView, AnswersError> {
    let answers = parse_keys(answers)?;
    let record = answers_to_record(store, user, now, &answers, Unanswered::Refused).await?;
    gate::save_screen(store, user, &record).await?;
    let state = UserState::recent(store, user, now, catalog).await?;
    Ok(ScreenView::of(
        catalog,
        &record,
        gate::first_block(&state).as_ref(),
    ))
}
