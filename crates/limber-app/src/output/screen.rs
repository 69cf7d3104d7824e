//! `limber screen --list --json`: the safety questions, in the order asked.

use serde::{Deserialize, Serialize};

use super::mirror_enum;

mirror_enum! {
    /// What a "yes" means: `emergency` (urgent care now; sessions lock),
    /// `same-day` (a medical review today), `soon` (see a GP in the next
    /// days; the program pauses) or `caution` (some exercises are left out
    /// or made gentler).
    #[serde(rename_all = "kebab-case")]
    Tier from limber_core::safety::Tier { Caution, Soon, SameDay, Emergency }
}

/// One yes/no question of the safety screen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QuestionOutput {
    /// What `limber screen --answer KEY=yes|no` takes.
    pub key: String,
    pub tier: Tier,
    /// The question as asked.
    pub text: String,
    /// What limber advises after a "yes" of this tier.
    pub advice: String,
}

impl From<limber_core::safety::Question> for QuestionOutput {
    fn from(q: limber_core::safety::Question) -> Self {
        Self {
            key: q.key().to_string(),
            tier: q.tier().into(),
            text: q.text().to_string(),
            advice: q.tier().advice().to_string(),
        }
    }
}
