//! Short random ids with a type prefix (`pt-`, `wl-`, `as-`, `lg-`).
//!
//! Random rather than sequential so that two people adding items to separate
//! copies of a plan never mint the same id.

use std::collections::HashMap;

/// The hasher of the maps from ids and names (the derived state's, an edit's index): quick on the short ids and
/// names they hold (the standard one is a tenth of `ferry check` at
/// 100,000 assets), seeded per process.
pub type Hasher = foldhash::fast::RandomState;

/// Asset id → index of its first occurrence in `plan.assets`.
pub type Positions = HashMap<String, usize, Hasher>;

/// What an id names; decides its prefix.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IdKind {
    Party,
    Workload,
    Asset,
    Log,
}

impl IdKind {
    pub fn prefix(self) -> &'static str {
        match self {
            IdKind::Party => "pt-",
            IdKind::Workload => "wl-",
            IdKind::Asset => "as-",
            IdKind::Log => "lg-",
        }
    }
}

const ALPHABET: &[u8] = b"0123456789abcdefghijklmnopqrstuvwxyz";
/// 36^8 ≈ 2.8e12 values: independent copies adding thousands of items each
/// stay far from a collision.
const ID_LEN: usize = 8;

/// A fresh id from the thread's random generator (seeded by the OS, the
/// clock and the process once per thread: an import mints 100,000).
pub fn new_id(kind: IdKind) -> String {
    thread_local! {
        static RNG: std::cell::RefCell<fastrand::Rng> =
            std::cell::RefCell::new(fastrand::Rng::with_seed(fastrand::u64(..) ^ entropy()));
    }
    RNG.with_borrow_mut(|rng| new_id_with(rng, kind))
}

/// A fresh id for a checklist item (`ck-…`): items live inside their
/// workload, so they are not an [`IdKind`] of the plan's lists.
pub fn new_checklist_id() -> String {
    let mut id = new_id(IdKind::Party);
    id.replace_range(..3, "ck-");
    id
}

/// A fresh id from a given generator: deterministic for generated plans.
pub fn new_id_with(rng: &mut fastrand::Rng, kind: IdKind) -> String {
    let mut id = String::with_capacity(kind.prefix().len() + ID_LEN);
    id.push_str(kind.prefix());
    for _ in 0..ID_LEN {
        id.push(char::from(ALPHABET[rng.usize(..ALPHABET.len())]));
    }
    id
}

/// Mixes the clock and the process id into the seed so that two processes
/// started at the same moment on two machines still diverge.
fn entropy() -> u64 {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos() as u64);
    nanos.rotate_left(17) ^ u64::from(std::process::id()).wrapping_mul(0x9E37_79B9_7F4A_7C15)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_carry_their_prefix_and_do_not_repeat() {
        let mut seen = std::collections::HashSet::new();
        for _ in 0..10_000 {
            let id = new_id(IdKind::Asset);
            assert!(id.starts_with("as-"));
            assert_eq!(id.len(), 3 + ID_LEN);
            assert!(seen.insert(id), "id repeated");
        }
        assert!(new_id(IdKind::Party).starts_with("pt-"));
        assert!(new_id(IdKind::Workload).starts_with("wl-"));
        assert!(new_id(IdKind::Log).starts_with("lg-"));
    }
}
