//! Places in a list before and after some of its items were removed and
//! others inserted (an asset removed from the middle of the plan, a
//! removal undone): what the kept state says by position is moved along,
//! in one pass however many items came and went.

/// The places of a list's items after the items at `removed` (old places)
/// went and new items came at `inserted` (new places); every other item
/// keeps its order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Remap {
    /// Old places, ascending.
    removed: Vec<usize>,
    /// New places, ascending.
    inserted: Vec<usize>,
    /// `inserted[j] - j`: how many kept items come before the j-th new
    /// item; ascending.
    shifted: Vec<usize>,
    old_len: usize,
}

impl Remap {
    /// A list of `old_len` items, without those at `removed` and with new
    /// ones at `inserted` (both ascending, without repeats).
    pub fn new(old_len: usize, removed: Vec<usize>, inserted: Vec<usize>) -> Self {
        let shifted = inserted.iter().enumerate().map(|(j, &at)| at - j).collect();
        Self {
            removed,
            inserted,
            shifted,
            old_len,
        }
    }

    /// Nothing came or went.
    pub fn identity(len: usize) -> Self {
        Self::new(len, Vec::new(), Vec::new())
    }

    pub fn is_identity(&self) -> bool {
        self.removed.is_empty() && self.inserted.is_empty()
    }

    /// The removed items' old places.
    pub fn removed(&self) -> &[usize] {
        &self.removed
    }

    /// The new items' places.
    pub fn inserted(&self) -> &[usize] {
        &self.inserted
    }

    pub fn old_len(&self) -> usize {
        self.old_len
    }

    pub fn new_len(&self) -> usize {
        self.old_len - self.removed.len() + self.inserted.len()
    }

    /// Every item before this old place keeps its place.
    pub fn first_moved(&self) -> usize {
        let removed = self.removed.first().copied().unwrap_or(usize::MAX);
        // A new item at `at` moves the kept items from `at` on.
        let inserted = self.shifted.first().copied().unwrap_or(usize::MAX);
        removed.min(inserted)
    }

    /// New items only at the end: no kept item moves.
    pub fn appends_only(&self) -> bool {
        self.removed.is_empty() && self.shifted.iter().all(|&s| s >= self.old_len)
    }

    /// The new place of the item at old place `at`; `None` when it went.
    pub fn new_of(&self, at: usize) -> Option<usize> {
        if at < self.first_moved() {
            return Some(at);
        }
        if self.removed.binary_search(&at).is_ok() {
            return None;
        }
        let kept = at - self.removed.partition_point(|&r| r < at);
        Some(kept + self.shifted.partition_point(|&s| s <= kept))
    }

    /// A list with one entry per item, moved along: entries of removed
    /// items dropped, `fill(new place)` for new items.
    pub fn respace<T>(&self, list: &mut Vec<T>, mut fill: impl FnMut(usize) -> T) {
        if self.is_identity() {
            return;
        }
        if self.appends_only() {
            for &at in &self.inserted {
                list.push(fill(at));
            }
            return;
        }
        if self.removed.len() + self.inserted.len() <= 4 {
            for &at in self.removed.iter().rev() {
                list.remove(at);
            }
            for &at in &self.inserted {
                list.insert(at, fill(at));
            }
            return;
        }
        let mut old = std::mem::take(list).into_iter().enumerate();
        let mut out = Vec::with_capacity(self.new_len());
        let mut inserted = self.inserted.iter().peekable();
        let mut removed = self.removed.iter().peekable();
        while out.len() < self.new_len() {
            let at = out.len();
            if inserted.next_if(|&&i| i == at).is_some() {
                out.push(fill(at));
                continue;
            }
            let Some((i, item)) = old.next() else { break };
            if removed.next_if(|&&r| r == i).is_some() {
                continue;
            }
            out.push(item);
        }
        *list = out;
    }

    /// Places in a list of places (of this list's items), moved along;
    /// removed ones dropped. The order is kept, so an ascending list
    /// stays ascending.
    pub fn renumber<N: Place>(&self, places: &mut Vec<N>) {
        if self.appends_only() {
            return;
        }
        let first = self.first_moved();
        if places.iter().all(|p| p.at() < first) {
            return;
        }
        places.retain_mut(|p| match self.new_of(p.at()) {
            Some(at) => {
                *p = N::from_at(at);
                true
            }
            None => false,
        });
    }
}

/// A place in a list, as the kept state stores it.
pub trait Place: Copy {
    fn at(self) -> usize;
    fn from_at(at: usize) -> Self;
}

impl Place for usize {
    fn at(self) -> usize {
        self
    }
    fn from_at(at: usize) -> Self {
        at
    }
}

impl Place for u32 {
    fn at(self) -> usize {
        self as usize
    }
    fn from_at(at: usize) -> Self {
        at as u32
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The remap of a list edited by hand, checked item by item.
    fn check(old_len: usize, removed: Vec<usize>, inserted: Vec<usize>) {
        let remap = Remap::new(old_len, removed.clone(), inserted.clone());
        // Old items are numbers; new ones are negative.
        let mut list: Vec<i64> = (0..old_len as i64).collect();
        for &at in removed.iter().rev() {
            list.remove(at);
        }
        for &at in &inserted {
            list.insert(at, -1 - at as i64);
        }
        for i in 0..old_len {
            let expected = list.iter().position(|&x| x == i as i64);
            assert_eq!(
                remap.new_of(i),
                expected,
                "{old_len} {removed:?} {inserted:?}: {i}"
            );
        }
        let mut respaced: Vec<i64> = (0..old_len as i64).collect();
        remap.respace(&mut respaced, |at| -1 - at as i64);
        assert_eq!(respaced, list);
        let mut places: Vec<usize> = (0..old_len).collect();
        remap.renumber(&mut places);
        let expected: Vec<usize> = (0..old_len).filter_map(|i| remap.new_of(i)).collect();
        assert_eq!(places, expected);
    }

    #[test]
    fn places_move_as_items_come_and_go() {
        check(0, vec![], vec![0, 1]);
        check(5, vec![], vec![]);
        check(5, vec![2], vec![]);
        check(5, vec![], vec![2]);
        check(5, vec![], vec![5, 6]);
        check(5, vec![0, 4], vec![0]);
        check(5, vec![1], vec![1]);
        check(6, vec![1, 2, 3], vec![0, 4]);
        let mut rng = fastrand::Rng::with_seed(7);
        for _ in 0..300 {
            let old_len = rng.usize(0..20);
            let removed: Vec<usize> = (0..old_len).filter(|_| rng.u8(..4) == 0).collect();
            let new_len = old_len - removed.len() + rng.usize(0..6);
            let inserted: Vec<usize> = {
                let count = new_len - (old_len - removed.len());
                let mut places: Vec<usize> = (0..new_len).collect();
                rng.shuffle(&mut places);
                let mut picked = places[..count].to_vec();
                picked.sort_unstable();
                picked
            };
            check(old_len, removed, inserted);
        }
    }
}
