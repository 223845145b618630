//! A small time-to-live cache for what every request reads and almost nothing writes
//! (published keys, discovery documents), so those are served from memory.

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::RwLock;
use std::time::{Duration, Instant};

pub struct TtlCache<K, V> {
    ttl: Duration,
    entries: RwLock<HashMap<K, (Instant, V)>>,
}

impl<K: Eq + Hash + Clone, V: Clone> TtlCache<K, V> {
    pub fn new(ttl: Duration) -> Self {
        TtlCache { ttl, entries: RwLock::new(HashMap::new()) }
    }

    /// The cached value if younger than the TTL, else `load()`'s, which is then cached.
    /// A failed load caches nothing and drops any stale entry (e.g. a deleted pool).
    pub fn get_or_load<E>(&self, key: &K, load: impl FnOnce() -> Result<V, E>) -> Result<V, E> {
        if let Some((at, value)) = self.read().get(key) {
            if at.elapsed() < self.ttl {
                return Ok(value.clone());
            }
        }
        match load() {
            Ok(value) => {
                self.write().insert(key.clone(), (Instant::now(), value.clone()));
                Ok(value)
            }
            Err(e) => {
                self.write().remove(key);
                Err(e)
            }
        }
    }

    /// Only a fresh value, never loading.
    pub fn peek(&self, key: &K) -> Option<V> {
        self.read().get(key).filter(|(at, _)| at.elapsed() < self.ttl).map(|(_, v)| v.clone())
    }

    pub fn remove(&self, key: &K) {
        self.write().remove(key);
    }

    pub fn ttl(&self) -> Duration {
        self.ttl
    }

    // A panic while holding the lock cannot leave the map half-updated (every write is a
    // single insert or remove), so a poisoned lock is safe to keep using.
    fn read(&self) -> std::sync::RwLockReadGuard<'_, HashMap<K, (Instant, V)>> {
        self.entries.read().unwrap_or_else(|p| p.into_inner())
    }

    fn write(&self) -> std::sync::RwLockWriteGuard<'_, HashMap<K, (Instant, V)>> {
        self.entries.write().unwrap_or_else(|p| p.into_inner())
    }
}
