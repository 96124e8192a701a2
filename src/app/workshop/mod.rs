//! Running a workshop from one screen: the workshop tools' state, "next
//! gap", and a room for each tool — the command palette, the help
//! overlay, the quick log and presentation mode.

mod help;
mod palette;
mod presentation;
mod quick_log;

pub use palette::{Decision, Entry, Palette};
pub use presentation::presentation_ui;
pub use quick_log::QuickLog;

use crate::app::Document;
use crate::derive::{Gap, Subject};
use crate::model::Plan;
use palette::Searchable;

/// The workshop tools' state.
#[derive(Default)]
pub struct Workshop {
    pub presentation: bool,
    pub palette: Option<Palette>,
    pub help: bool,
    pub quick_log: Option<QuickLog>,
    /// The gap "next gap" went to last, and its place in the walk then;
    /// `None` until the walk starts.
    walk: Option<Walk>,
    /// The plan's gaps, per plan and derived revision.
    gaps: Option<((u64, u64), Vec<Gap>)>,
    /// The names the palette searches, per plan revision.
    names: Option<(u64, Vec<Searchable>)>,
}

/// Where the walk through the gaps is.
#[derive(Clone, Debug)]
struct Walk {
    /// The gap shown last (`None`: there was none).
    gap: Option<Gap>,
    /// Its index among the gaps then: the next one is found there when it
    /// has been fixed (and so left the list).
    index: usize,
}

impl Workshop {
    /// The plan's open questions now (computed once per change).
    pub fn gaps(&mut self, doc: &Document) -> &[Gap] {
        let revision = (doc.revision, doc.derived_revision());
        if self.gaps.as_ref().is_none_or(|(r, _)| *r != revision) {
            self.gaps = Some((revision, crate::derive::gaps(&doc.plan, &doc.derived)));
        }
        self.gaps.as_ref().map_or(&[], |(_, g)| g.as_slice())
    }

    /// The next (or previous) open question, remembering where the walk
    /// is; `None` when the plan has none. After a fix the walk goes on
    /// from where the fixed gap was. With a workload on screen that the
    /// walk was not about, the walk starts at that workload's first gap
    /// (its last, going back), so F8 begins where the room is looking.
    pub fn step_gap(
        &mut self,
        doc: &Document,
        forward: bool,
        on_screen: Option<&str>,
    ) -> Option<Gap> {
        let walk = self.walk.clone();
        let gaps = self.gaps(doc).to_vec();
        let n = gaps.len();
        if n == 0 {
            self.walk = Some(Walk {
                gap: None,
                index: 0,
            });
            return None;
        }
        let walked = walk
            .as_ref()
            .and_then(|w| w.gap.as_ref())
            .and_then(|g| gap_workload(&doc.plan, g));
        if let Some(here) = on_screen
            && walked != Some(here)
        {
            let mut about_here = gaps
                .iter()
                .enumerate()
                .filter(|(_, g)| gap_workload(&doc.plan, g) == Some(here));
            let found = if forward {
                about_here.next()
            } else {
                about_here.next_back()
            };
            if let Some((index, gap)) = found {
                self.walk = Some(Walk {
                    gap: Some(gap.clone()),
                    index,
                });
                return Some(gap.clone());
            }
        }
        let here = walk
            .as_ref()
            .and_then(|w| w.gap.as_ref())
            .and_then(|g| gaps.iter().position(|x| x == g));
        let next = match (here, walk) {
            (Some(i), _) if forward => (i + 1) % n,
            (Some(i), _) => (i + n - 1) % n,
            // The gap shown last was fixed: the one now in its place is
            // next (the one before it, going back).
            (None, Some(w)) if w.gap.is_some() => {
                if forward {
                    w.index % n
                } else {
                    (w.index + n - 1) % n
                }
            }
            _ if forward => 0,
            _ => n - 1,
        };
        self.walk = Some(Walk {
            gap: gaps.get(next).cloned(),
            index: next,
        });
        gaps.get(next).cloned()
    }

    /// Where the walk is, said for the room and kept up to date as the
    /// plan changes: "Gap 3 of 41: …", "Fixed: … — F8 for the next (40
    /// left)", or that there are none; `None` before the first F8.
    pub fn gap_line(&mut self, doc: &Document) -> Option<String> {
        let walk = self.walk.clone()?;
        let gaps = self.gaps(doc);
        let n = gaps.len();
        let next = "F8";
        Some(match walk.gap {
            Some(gap) => match gaps.iter().position(|g| *g == gap) {
                Some(i) => format!("Gap {} of {n}: {}", i + 1, gap.message),
                None if n == 0 => format!("✔ Fixed: {} — no open questions left", gap.message),
                None => format!("✔ Fixed: {} — {next} for the next ({n} left)", gap.message),
            },
            None if n == 0 => {
                "No open questions: every activity is assigned, every decision made".to_owned()
            }
            None => format!(
                "{} now — {next} to walk them",
                crate::words::count(n, "open question")
            ),
        })
    }
}

/// The workload a gap is about: its own, its activity's, or its asset's.
fn gap_workload<'a>(plan: &'a Plan, gap: &'a Gap) -> Option<&'a str> {
    match &gap.subject {
        Subject::Workload(id) | Subject::Activity(id, _) => Some(id),
        Subject::Asset(id) => plan.asset(id).and_then(|a| a.workload.as_deref()),
        _ => None,
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
