//! The JSON backup of a user's whole history, and restoring one.

use limber_formats::export::backup::{Backup, merge};
use limber_store::{Import, Store, StoreError, UserId};

/// Everything stored about `user`, as a backup holds it. The rules'
/// standing findings are left out: a restore works them out again.
pub async fn backup<S: Store + ?Sized>(store: &S, user: UserId) -> Result<Backup, StoreError> {
    let mut whole = stored(store, user).await?;
    whole.settings.standing = None;
    Ok(whole)
}

/// Everything stored about `user`, the profile as it is.
async fn stored<S: Store + ?Sized>(store: &S, user: UserId) -> Result<Backup, StoreError> {
    Ok(Backup {
        settings: store.profile(user).await?.into_inner(),
        screens: store.screens(user).await?,
        sessions: store.sessions(user, None).await?,
        pain_entries: store.pain_entries(user, None).await?,
        runs: store.runs(user, None).await?,
    })
}

/// What a restore wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Restored {
    pub sessions: usize,
    pub pain_entries: usize,
    pub screens: usize,
    pub runs: usize,
    /// The settings were written (taken from the backup, or gaps filled).
    pub settings: bool,
    /// Records the store already had, left as they were.
    pub already_there: usize,
}

/// Restores `backup` for `user`: into an empty store everything, into one
/// with data only what it lacks, so restoring twice stores everything once.
/// One transaction: on error the store is exactly as it was.
pub async fn restore<S: Store + ?Sized>(
    store: &S,
    user: UserId,
    incoming: &Backup,
) -> Result<Restored, StoreError> {
    let existing = stored(store, user).await?;
    let m = merge(&existing, incoming);
    let restored = Restored {
        sessions: m.sessions.len(),
        pain_entries: m.pain_entries.len(),
        screens: m.screens.len(),
        runs: m.runs.len(),
        settings: m.settings.is_some(),
        already_there: m.already_there,
    };
    store
        .import(
            user,
            &Import {
                profile: m.settings,
                screens: m.screens,
                sessions: m.sessions,
                pain_entries: m.pain_entries,
                runs: m.runs,
            },
        )
        .await?;
    Ok(restored)
}

#[cfg(test)]
mod tests {
    use limber_store::LOCAL_USER;
    use limber_store_sqlite::SqliteStore;
    use limber_testutil::history::six_weeks;

    use super::*;

    fn fixture() -> Backup {
        let h = six_weeks();
        Backup {
            settings: h.profile,
            screens: h.screens,
            sessions: h.sessions,
            pain_entries: h.entries,
            runs: h.runs,
        }
    }

    #[tokio::test]
    async fn restore_into_empty_then_backup_gives_the_same_backup() {
        let store = SqliteStore::open_in_memory().await.unwrap();
        let b = fixture();
        let r = restore(&store, LOCAL_USER, &b).await.unwrap();
        assert_eq!(
            r,
            Restored {
                sessions: 36,
                pain_entries: b.pain_entries.len(),
                screens: 2,
                runs: 21,
                settings: true,
                already_there: 0
            }
        );
        assert_eq!(backup(&store, LOCAL_USER).await.unwrap(), b);
    }

    #[tokio::test]
    async fn restoring_twice_stores_everything_once() {
        let store = SqliteStore::open_in_memory().await.unwrap();
        let b = fixture();
        restore(&store, LOCAL_USER, &b).await.unwrap();
        let again = restore(&store, LOCAL_USER, &b).await.unwrap();
        assert_eq!(
            (
                again.sessions,
                again.pain_entries,
                again.screens,
                again.settings
            ),
            (0, 0, 0, false)
        );
        assert_eq!(again.already_there, 36 + 2 + b.pain_entries.len() + 21);
        assert_eq!(backup(&store, LOCAL_USER).await.unwrap(), b);
    }
}
