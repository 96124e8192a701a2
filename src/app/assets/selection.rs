//! The asset table's selection: the assets picked, by id, where a
//! Shift+click range starts, and a count of its changes, so what is made
//! from it (how many of it the filter hides) is made again only when it
//! or the rows changed.

use std::collections::HashSet;

#[derive(Default)]
pub(super) struct Selection {
    ids: HashSet<String>,
    /// Where a Shift+click range starts.
    anchor: Option<String>,
    /// Goes up with every change.
    generation: u64,
}

impl Selection {
    pub(super) fn len(&self) -> usize {
        self.ids.len()
    }

    pub(super) fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    pub(super) fn contains(&self, id: &str) -> bool {
        self.ids.contains(id)
    }

    pub(super) fn iter(&self) -> impl Iterator<Item = &String> {
        self.ids.iter()
    }

    pub(super) fn anchor(&self) -> Option<&str> {
        self.anchor.as_deref()
    }

    pub(super) fn generation(&self) -> u64 {
        self.generation
    }

    /// The one asset selected, if exactly one is.
    pub(super) fn single(&self) -> Option<&String> {
        (self.ids.len() == 1)
            .then(|| self.ids.iter().next())
            .flatten()
    }

    pub(super) fn clear(&mut self) {
        if !self.ids.is_empty() || self.anchor.is_some() {
            self.ids.clear();
            self.anchor = None;
            self.generation += 1;
        }
    }

    /// Only this asset, and ranges start from it.
    pub(super) fn only(&mut self, id: &str) {
        self.ids.clear();
        self.ids.insert(id.to_owned());
        self.anchor = Some(id.to_owned());
        self.generation += 1;
    }

    /// Adds the asset or takes it out (Ctrl+click); ranges start from it.
    pub(super) fn toggle(&mut self, id: &str) {
        if !self.ids.remove(id) {
            self.ids.insert(id.to_owned());
        }
        self.anchor = Some(id.to_owned());
        self.generation += 1;
    }

    /// These assets instead, with no range started.
    pub(super) fn replace(&mut self, ids: impl IntoIterator<Item = String>) {
        self.ids = ids.into_iter().collect();
        self.anchor = None;
        self.generation += 1;
    }

    /// The range of a Shift+click: with `add` (Ctrl held) to what is
    /// selected, else instead of it; the anchor stays where it was.
    pub(super) fn range(&mut self, ids: impl IntoIterator<Item = String>, add: bool) {
        if !add {
            self.ids.clear();
        }
        self.ids.extend(ids);
        self.generation += 1;
    }

    /// Keeps only the assets for which `keep` holds.
    pub(super) fn retain(&mut self, mut keep: impl FnMut(&str) -> bool) {
        let before = self.ids.len();
        self.ids.retain(|id| keep(id));
        if self.anchor.as_deref().is_some_and(|a| !keep(a)) {
            self.anchor = None;
        }
        if self.ids.len() != before {
            self.generation += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_change_is_counted_and_ranges_start_at_the_last_click() {
        let mut s = Selection::default();
        let g = s.generation();
        s.only("a");
        assert_eq!((s.len(), s.anchor()), (1, Some("a")));
        assert!(s.generation() > g);
        s.toggle("b");
        assert_eq!((s.len(), s.anchor()), (2, Some("b")));
        s.range(["c".to_owned(), "d".to_owned()], false);
        assert_eq!(s.len(), 2, "a range alone replaces");
        assert_eq!(s.anchor(), Some("b"), "and keeps where it started");
        s.range(["a".to_owned()], true);
        assert_eq!(s.len(), 3, "with Ctrl it adds");
        let g = s.generation();
        s.retain(|_| true);
        assert_eq!(s.generation(), g, "nothing dropped, nothing changed");
        s.retain(|id| id != "a");
        assert!(s.generation() > g);
        assert!(!s.contains("a"));
        s.clear();
        assert!(s.is_empty() && s.anchor().is_none());
    }
}
