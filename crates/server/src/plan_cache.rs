//! Each year's plan as citizens get it (the Ministry's plan with the approved community
//! initiatives), made once and kept: as a [`Plan`] for the calendar feed and as the JSON
//! answer of `GET /api/plans/{year}` in each coding. Every visit asks for the plan; without
//! this, each one cost a database query, the JSON writing and a brotli compression.
//!
//! A decision recorded by this server empties the cache at once. Other servers sharing one
//! PostgreSQL database are told by a notification (`crate::notify`), and empty theirs as
//! soon as it arrives; [`KEEP`] only bounds how old a plan can get should one be lost.

use crate::AppState;
use crate::encoding::Encoded;
use axum::body::Bytes;
use dxday_core::Plan;
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How long a kept plan is used before the database is asked again, whatever happened.
pub const KEEP: Duration = Duration::from_secs(60);

/// After the database failed to answer, how long the plan without community initiatives is
/// served before asking again (each ask would otherwise cost a compression too).
const AFTER_A_FAILURE: Duration = Duration::from_secs(1);

/// One year's plan as answered.
#[derive(Clone)]
pub struct PlanNow {
    /// The plan, community initiatives included.
    pub plan: Arc<Plan>,
    /// Its JSON, in each coding.
    pub json: Arc<Encoded>,
    /// Its search index, for naming a filtered view in its page's head.
    pub index: Arc<dxday_core::Index>,
}

struct Kept {
    generation: u64,
    until: Instant,
    now: PlanNow,
}

/// The kept plans, by year.
#[derive(Default)]
pub struct PlanCache {
    kept: Mutex<HashMap<i32, Kept>>,
    /// Counts the decisions this server recorded: a plan made before the latest one is old.
    generation: AtomicU64,
}

impl PlanCache {
    /// A decision was recorded: the plans kept so far may miss or show an initiative.
    pub fn changed(&self) {
        self.generation.fetch_add(1, Ordering::SeqCst);
    }

    /// The plan of `year` as answered now; `None` when there is no plan for that year.
    pub async fn get(&self, state: &AppState, year: i32) -> Option<PlanNow> {
        let base = state.plans.get(year)?;
        // Read before the query: a decision recorded while it runs makes this result old.
        let generation = self.generation.load(Ordering::SeqCst);
        if let Some(kept) = self.lock().get(&year)
            && kept.generation == generation
            && Instant::now() < kept.until
        {
            return Some(kept.now.clone());
        }
        let approved = crate::routes::initiatives::approved_result(state, year).await;
        let keep_for = if approved.is_ok() {
            KEEP
        } else {
            AFTER_A_FAILURE
        };
        let plan = dxday_core::initiative::with_community(base, &approved.unwrap_or_default());
        // A plan is plain data: writing it as JSON cannot fail.
        let json = serde_json::to_vec(&plan).unwrap_or_default();
        let now = PlanNow {
            index: Arc::new(dxday_core::Index::new(&plan)),
            plan: Arc::new(plan),
            json: Arc::new(Encoded::compress(Bytes::from(json))),
        };
        self.lock().insert(
            year,
            Kept {
                generation,
                until: Instant::now() + keep_for,
                now: now.clone(),
            },
        );
        Some(now)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<i32, Kept>> {
        // Nothing panics while holding the lock; if something did, the map is still whole.
        self.kept.lock().unwrap_or_else(|e| e.into_inner())
    }
}
