//! How far a long read has come, for a progress bar on another thread:
//! the thread doing the work registers a [`Progress`] ([`watch`]), and the
//! reading and parsing code reports to it without knowing who listens.

use std::cell::RefCell;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

/// Counters shared with whoever shows the progress.
#[derive(Debug, Default)]
pub struct Progress {
    /// Bytes of the file read so far.
    pub bytes: AtomicU64,
    /// Assets parsed so far.
    pub assets: AtomicU64,
}

impl Progress {
    pub fn bytes(&self) -> u64 {
        self.bytes.load(Ordering::Relaxed)
    }

    pub fn assets(&self) -> u64 {
        self.assets.load(Ordering::Relaxed)
    }
}

thread_local! {
    static WATCHED: RefCell<Option<Arc<Progress>>> = const { RefCell::new(None) };
}

/// Reports this thread's reading and parsing to `progress` until the
/// returned guard is dropped.
pub fn watch(progress: Arc<Progress>) -> Watch {
    WATCHED.with(|w| *w.borrow_mut() = Some(progress));
    Watch(())
}

/// Stops reporting when dropped.
pub struct Watch(());

impl Drop for Watch {
    fn drop(&mut self) {
        WATCHED.with(|w| *w.borrow_mut() = None);
    }
}

fn report(f: impl FnOnce(&Progress)) {
    WATCHED.with(|w| {
        if let Some(p) = w.borrow().as_deref() {
            f(p);
        }
    });
}

/// `n` more bytes read.
pub fn add_bytes(n: u64) {
    report(|p| {
        p.bytes.fetch_add(n, Ordering::Relaxed);
    });
}

/// The assets parsed so far are to be parsed again (a second reader
/// starts over).
pub fn restart_assets() {
    report(|p| p.assets.store(0, Ordering::Relaxed));
}

/// One more asset parsed.
pub fn add_asset() {
    report(|p| {
        p.assets.fetch_add(1, Ordering::Relaxed);
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reading_a_plan_reports_bytes_and_assets() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("plan.ron");
        let plan = crate::generate::generate(300, 2);
        crate::storage::save(&plan, &path).expect("save");
        let size = std::fs::metadata(&path).expect("meta").len();
        let progress = Arc::new(Progress::default());
        {
            let _watch = watch(Arc::clone(&progress));
            crate::storage::load(&path).expect("load");
        }
        assert_eq!(progress.bytes(), size);
        assert_eq!(progress.assets(), 300);
        // Not watched: nothing more is counted.
        crate::storage::load(&path).expect("load");
        assert_eq!(progress.assets(), 300);
    }
}
