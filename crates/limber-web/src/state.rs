//! What every handler shares: the store, the catalog, the clock and the
//! secrets of this run of the server.

use std::sync::Arc;

use jiff::Timestamp;
use limber_core::Catalog;
use limber_store::{Store, UserId};

/// Cheap to clone: one `Arc`.
#[derive(Clone)]
pub struct AppState {
    inner: Arc<Inner>,
}

struct Inner {
    store: Arc<dyn Store>,
    catalog: Catalog,
    user: UserId,
    now: Option<Timestamp>,
    port: u16,
    token: Option<String>,
    csrf: String,
    /// The diary as this server keeps it between requests; its lock is
    /// the one every write that reads before it writes takes.
    diary: limber_app::live_diary::LiveDiary,
    first_page: crate::cache::FirstPage,
}

impl AppState {
    pub fn new(store: Arc<dyn Store>, opts: &crate::Options, port: u16) -> Self {
        let catalog = Catalog::builtin();
        Self {
            inner: Arc::new(Inner {
                diary: limber_app::live_diary::LiveDiary::new(
                    store.clone(),
                    opts.user,
                    catalog.clone(),
                ),
                store,
                catalog,
                user: opts.user,
                now: opts.now,
                port,
                token: opts.token.clone(),
                csrf: random_token(),
                first_page: crate::cache::FirstPage::default(),
            }),
        }
    }

    pub fn store(&self) -> &dyn Store {
        self.inner.store.as_ref()
    }

    pub fn catalog(&self) -> &Catalog {
        &self.inner.catalog
    }

    pub fn user(&self) -> UserId {
        self.inner.user
    }

    /// The wall clock, or the pinned time tests run at.
    pub fn now(&self) -> Timestamp {
        self.inner.now.unwrap_or_else(Timestamp::now)
    }

    pub fn port(&self) -> u16 {
        self.inner.port
    }

    pub fn token(&self) -> Option<&str> {
        self.inner.token.as_deref()
    }

    pub fn csrf(&self) -> &str {
        &self.inner.csrf
    }

    /// The History page's newest page, as last sent.
    pub fn first_page(&self) -> &crate::cache::FirstPage {
        &self.inner.first_page
    }

    pub fn diary(&self) -> &limber_app::live_diary::LiveDiary {
        &self.inner.diary
    }

    /// Runs a write to its end on a task of its own, so that a page going
    /// away mid-request (a reload while its outbox sends) cannot stop it
    /// half done: a session begun and never finished would stay partial,
    /// and the page's retry would find it stored.
    pub async fn to_the_end<T, F>(
        &self,
        work: impl FnOnce(AppState) -> F,
    ) -> Result<T, crate::problem::Problem>
    where
        F: std::future::Future<Output = Result<T, crate::problem::Problem>> + Send + 'static,
        T: Send + 'static,
    {
        match tokio::spawn(work(self.clone())).await {
            Ok(done) => done,
            Err(e) => Err(crate::problem::Problem::internal(&e)),
        }
    }

    /// A write that reads before it writes (a session, the settings, an
    /// answered screen): run to its end ([`AppState::to_the_end`]) and one
    /// at a time, between the diary's commits, so two retries in flight
    /// cannot both store. Every such route goes through here.
    pub async fn write<T, F>(
        &self,
        work: impl FnOnce(AppState) -> F + Send + 'static,
    ) -> Result<T, crate::problem::Problem>
    where
        F: std::future::Future<Output = Result<T, crate::problem::Problem>> + Send + 'static,
        T: Send + 'static,
    {
        self.to_the_end(move |app| async move {
            let _one_at_a_time = app.inner.diary.exclusive().await;
            work(app.clone()).await
        })
        .await
    }
}

/// 244 random bits from the system's generator, as 64 hex digits.
pub fn random_token() -> String {
    format!(
        "{}{}",
        uuid::Uuid::new_v4().simple(),
        uuid::Uuid::new_v4().simple()
    )
}
