//! Running a workshop from one screen: the workshop tools' state, "next
//! gap", and a room for each tool — the command palette, the help
//! overlay, the quick log and presentation mode.

mod help;
mod palette;
mod presentation;
mod quick_log;

pub use palette::{Entry, Palette};
pub use presentation::presentation_ui;
pub use quick_log::QuickLog;

use crate::derive::Gap;
use crate::model::Plan;
use palette::Searchable;

/// The workshop tools' state.
#[derive(Default)]
pub struct Workshop {
    pub presentation: bool,
    pub palette: Option<Palette>,
    pub help: bool,
    pub quick_log: Option<QuickLog>,
    /// Where "next gap" is: the index into the gaps and how many there
    /// were, shown as "3 of 41".
    pub gap: Option<(usize, usize)>,
    /// The names the palette searches, per plan revision.
    names: Option<(u64, Vec<Searchable>)>,
}

impl Workshop {
    /// The next (or previous) open question, remembering where the walk
    /// is; `None` when the plan has none.
    pub fn step_gap(&mut self, gaps: &[Gap], forward: bool) -> Option<Gap> {
        if gaps.is_empty() {
            self.gap = Some((0, 0));
            return None;
        }
        let n = gaps.len();
        let next = match self.gap {
            Some((i, _)) if forward => (i + 1) % n,
            Some((i, _)) => (i + n - 1) % n,
            None if forward => 0,
            None => n - 1,
        };
        let next = next.min(n - 1);
        self.gap = Some((next, n));
        gaps.get(next).cloned()
    }

    /// "3 of 41", or a word that there are none.
    pub fn gap_text(&self) -> Option<String> {
        match self.gap? {
            (_, 0) => Some("no open questions".to_owned()),
            (i, n) => Some(format!("gap {} of {n}", i + 1)),
        }
    }
}

/// The name of the workload, asset or party with this id.
pub fn subject_name(plan: &Plan, id: &str) -> String {
    if let Some(w) = plan.workload(id) {
        return w.name.clone();
    }
    if let Some(p) = plan.party(id) {
        return p.name.clone();
    }
    plan.asset_name(id).to_owned()
}
