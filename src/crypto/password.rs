//! Password hashing with argon2id, stored as PHC strings, on a fixed set of hashing
//! threads (one per core).
//!
//! Each hash needs a 19 MiB buffer (with the default parameters). Run on whichever
//! blocking-pool thread is free, every such thread ends up keeping one in its malloc
//! arena, and a server under sign-in load grew past 400 MiB; a fixed set of threads
//! bounds that to cores × 19 MiB, and queues hashes beyond what the cores can run.

use std::sync::mpsc;
use std::sync::{Arc, Mutex};

use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher as _, PasswordVerifier as _};
use argon2::{Algorithm, Argon2, Params, Version};

use crate::config::Argon2Settings;
use crate::error::Error;

type Job = Box<dyn FnOnce(&Argon2<'static>) + Send>;

#[derive(Clone)]
pub struct PasswordHasher {
    jobs: mpsc::Sender<Job>,
    /// A hash of a random password, verified against when a user does not exist so
    /// that the answer takes as long as for a real user.
    dummy_hash: Arc<str>,
}

impl std::fmt::Debug for PasswordHasher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PasswordHasher").finish_non_exhaustive()
    }
}

impl PasswordHasher {
    pub fn new(settings: &Argon2Settings) -> Result<PasswordHasher, Error> {
        let params = Params::new(settings.memory_kib, settings.iterations, settings.parallelism, None)
            .map_err(|e| Error::Config(format!("invalid argon2 parameters: {e}")))?;
        let argon2 = Argon2::new(Algorithm::Argon2id, Version::V0x13, params);
        let (jobs, queue) = mpsc::channel::<Job>();
        let queue = Arc::new(Mutex::new(queue));
        let threads = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(2);
        for i in 0..threads {
            let (queue, argon2) = (queue.clone(), argon2.clone());
            std::thread::Builder::new()
                .name(format!("argon2-{i}"))
                .spawn(move || loop {
                    // The lock is held only to take a job; the threads end when every sender is gone.
                    let job = match queue.lock().unwrap_or_else(|p| p.into_inner()).recv() {
                        Ok(job) => job,
                        Err(_) => return,
                    };
                    job(&argon2);
                })
                .map_err(|e| Error::Internal(format!("cannot start a hashing thread: {e}")))?;
        }
        let mut hasher = PasswordHasher { jobs, dummy_hash: Arc::from("") };
        hasher.dummy_hash = Arc::from(hasher.hash(&crate::crypto::random::alnum(32))?);
        Ok(hasher)
    }

    /// Runs `f` on a hashing thread and waits for its answer.
    fn run<T: Send + 'static>(&self, f: impl FnOnce(&Argon2<'static>) -> T + Send + 'static) -> Result<T, Error> {
        let (tx, rx) = mpsc::channel();
        self.jobs
            .send(Box::new(move |argon2| {
                let _ = tx.send(f(argon2));
            }))
            .map_err(|_| Error::Internal("the hashing threads have stopped".into()))?;
        rx.recv().map_err(|_| Error::Internal("a hashing thread failed".into()))
    }

    pub fn hash(&self, password: &str) -> Result<String, Error> {
        let password = password.to_string();
        self.run(move |argon2| argon2.hash_password(password.as_bytes()).map(|h| h.to_string()))?
            .map_err(|e| Error::Internal(format!("argon2: {e}")))
    }

    /// Verifies `password` against a stored PHC string; `None` checks the dummy hash
    /// and always fails, taking the same time.
    pub fn verify(&self, password: &str, phc: Option<&str>) -> bool {
        let known = phc.is_some();
        let target = phc.map(str::to_string).unwrap_or_else(|| self.dummy_hash.to_string());
        let password = password.to_string();
        let ok = self.run(move |argon2| {
            PasswordHash::new(&target).is_ok_and(|parsed| argon2.verify_password(password.as_bytes(), &parsed).is_ok())
        });
        ok.unwrap_or(false) && known
    }
}
