//! An asset's inventory facts (`source` in the file): text keys to text
//! values, in key order, each key at most once.
//!
//! A plan of 100,000 imported servers holds 1.4 million facts. Kept as a
//! `BTreeMap<String, String>`, fourteen facts take two leaves and a branch
//! of a B-tree plus 28 separate strings, about 2.5 KB an asset; here they
//! are one text (each key followed by its value) and the ends of each
//! part, about 0.4 KB, made with two allocations instead of thirty.
//!
//! Changing a fact rewrites the text after it; assets have tens of facts
//! and change them rarely, so that costs nothing anyone sees.

use std::fmt;

use serde::de::{self, DeserializeSeed, MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Text keys to text values in key order (byte order, as `str` sorts).
#[derive(Clone, Default, PartialEq, Eq, Hash)]
pub struct Facts {
    /// Key, value, key, value, … with nothing between them.
    text: String,
    /// Where each key and each value ends in `text`: two ends a fact.
    ends: Vec<u32>,
}

impl Facts {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn len(&self) -> usize {
        self.ends.len() / 2
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    fn start(&self, part: usize) -> usize {
        if part == 0 {
            0
        } else {
            self.ends[part - 1] as usize
        }
    }

    fn part(&self, part: usize) -> &str {
        &self.text[self.start(part)..self.ends[part] as usize]
    }

    fn key_at(&self, i: usize) -> &str {
        self.part(2 * i)
    }

    fn value_at(&self, i: usize) -> &str {
        self.part(2 * i + 1)
    }

    /// Where `key` is, or where it would go.
    fn find(&self, key: &str) -> Result<usize, usize> {
        let (mut low, mut high) = (0, self.len());
        while low < high {
            let middle = low + (high - low) / 2;
            match self.key_at(middle).cmp(key) {
                std::cmp::Ordering::Less => low = middle + 1,
                std::cmp::Ordering::Greater => high = middle,
                std::cmp::Ordering::Equal => return Ok(middle),
            }
        }
        Err(low)
    }

    pub fn get(&self, key: &str) -> Option<&str> {
        self.find(key).ok().map(|i| self.value_at(i))
    }

    pub fn contains_key(&self, key: &str) -> bool {
        self.find(key).is_ok()
    }

    /// The facts in key order.
    pub fn iter(&self) -> Iter<'_> {
        Iter {
            facts: self,
            front: 0,
            back: self.len(),
        }
    }

    pub fn keys(&self) -> impl DoubleEndedIterator<Item = &str> + ExactSizeIterator + Clone {
        self.iter().map(|(k, _)| k)
    }

    pub fn values(&self) -> impl DoubleEndedIterator<Item = &str> + ExactSizeIterator + Clone {
        self.iter().map(|(_, v)| v)
    }

    /// Sets `key` to `value`, replacing any value it had.
    pub fn insert(&mut self, key: &str, value: &str) {
        match self.find(key) {
            Ok(i) => self.replace_value(i, value),
            Err(i) => self.insert_at(i, key, value),
        }
    }

    /// Takes `key` out, giving its value.
    pub fn remove(&mut self, key: &str) -> Option<String> {
        let i = self.find(key).ok()?;
        let value = self.value_at(i).to_owned();
        let (from, to) = (self.start(2 * i), self.ends[2 * i + 1] as usize);
        self.text.replace_range(from..to, "");
        self.ends.drain(2 * i..2 * i + 2);
        self.shift(2 * i, -((to - from) as i64));
        Some(value)
    }

    /// Gives back room kept for facts to come.
    pub fn shrink_to_fit(&mut self) {
        self.text.shrink_to_fit();
        self.ends.shrink_to_fit();
    }

    fn replace_value(&mut self, i: usize, value: &str) {
        let (from, to) = (self.start(2 * i + 1), self.ends[2 * i + 1] as usize);
        if self.text[from..to] == *value {
            return;
        }
        self.text.replace_range(from..to, value);
        self.shift(2 * i + 1, value.len() as i64 - (to - from) as i64);
    }

    fn insert_at(&mut self, i: usize, key: &str, value: &str) {
        let at = self.start(2 * i);
        if at == self.text.len() {
            self.text.push_str(key);
            self.text.push_str(value);
        } else {
            self.text.insert_str(at, value);
            self.text.insert_str(at, key);
        }
        let key_end = end(at + key.len());
        let value_end = end(at + key.len() + value.len());
        self.ends.splice(2 * i..2 * i, [key_end, value_end]);
        self.shift(2 * i + 2, (key.len() + value.len()) as i64);
    }

    /// Moves the ends from `part` on by `by` bytes.
    fn shift(&mut self, part: usize, by: i64) {
        if by != 0 {
            for e in &mut self.ends[part..] {
                *e = end((i64::from(*e) + by) as usize);
            }
        }
    }

    /// Appends a fact known to sort after every fact here.
    fn push_last(&mut self, key: &str, value: &str) {
        debug_assert!(self.is_empty() || self.key_at(self.len() - 1) < key);
        self.text.push_str(key);
        self.ends.push(end(self.text.len()));
        self.text.push_str(value);
        self.ends.push(end(self.text.len()));
    }

    /// Builds from facts in any order; a later value of a key wins.
    fn from_unsorted<K: AsRef<str>, V: AsRef<str>>(mut pairs: Vec<(K, V)>) -> Self {
        // A stable sort keeps repeated keys in the order given, so the
        // last of each run is the one that wins.
        pairs.sort_by(|a, b| a.0.as_ref().cmp(b.0.as_ref()));
        let mut facts = Facts {
            text: String::with_capacity(
                pairs
                    .iter()
                    .map(|(k, v)| k.as_ref().len() + v.as_ref().len())
                    .sum(),
            ),
            ends: Vec::with_capacity(pairs.len() * 2),
        };
        for (n, (key, value)) in pairs.iter().enumerate() {
            if pairs
                .get(n + 1)
                .is_some_and(|next| next.0.as_ref() == key.as_ref())
            {
                continue;
            }
            facts.push_last(key.as_ref(), value.as_ref());
        }
        facts.shrink_to_fit();
        facts
    }
}

/// A fact's text is far below 4 GiB; a plan file that is not cannot be read.
fn end(at: usize) -> u32 {
    u32::try_from(at).expect("an asset's facts are under 4 GiB")
}

impl fmt::Debug for Facts {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

impl std::ops::Index<&str> for Facts {
    type Output = str;

    /// The value of `key`; panics when there is none, as a map does.
    fn index(&self, key: &str) -> &str {
        match self.get(key) {
            Some(value) => value,
            None => panic!("no fact {key:?}"),
        }
    }
}

/// The facts of an asset in key order.
#[derive(Clone)]
pub struct Iter<'a> {
    facts: &'a Facts,
    front: usize,
    back: usize,
}

impl<'a> Iterator for Iter<'a> {
    type Item = (&'a str, &'a str);

    fn next(&mut self) -> Option<Self::Item> {
        if self.front == self.back {
            return None;
        }
        let i = self.front;
        self.front += 1;
        Some((self.facts.key_at(i), self.facts.value_at(i)))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let n = self.back - self.front;
        (n, Some(n))
    }
}

impl DoubleEndedIterator for Iter<'_> {
    fn next_back(&mut self) -> Option<Self::Item> {
        if self.front == self.back {
            return None;
        }
        self.back -= 1;
        Some((self.facts.key_at(self.back), self.facts.value_at(self.back)))
    }
}

impl ExactSizeIterator for Iter<'_> {}

impl<'a> IntoIterator for &'a Facts {
    type Item = (&'a str, &'a str);
    type IntoIter = Iter<'a>;

    fn into_iter(self) -> Iter<'a> {
        self.iter()
    }
}

impl<K: AsRef<str>, V: AsRef<str>> FromIterator<(K, V)> for Facts {
    /// A key given twice keeps its last value, as a map's `collect` does.
    fn from_iter<I: IntoIterator<Item = (K, V)>>(iter: I) -> Self {
        Facts::from_unsorted(iter.into_iter().collect())
    }
}

impl<K: AsRef<str>, V: AsRef<str>> Extend<(K, V)> for Facts {
    /// A key already here takes the new value.
    fn extend<I: IntoIterator<Item = (K, V)>>(&mut self, iter: I) {
        for (key, value) in iter {
            self.insert(key.as_ref(), value.as_ref());
        }
    }
}

impl<K: AsRef<str>, V: AsRef<str>, const N: usize> From<[(K, V); N]> for Facts {
    fn from(pairs: [(K, V); N]) -> Self {
        pairs.into_iter().collect()
    }
}

impl Serialize for Facts {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.len()))?;
        for (key, value) in self {
            map.serialize_entry(key, value)?;
        }
        map.end()
    }
}

/// Appends a string read from the file to the facts' text, without a
/// string of its own in between when the reader can lend its text.
struct AppendTo<'t>(&'t mut String);

impl<'de> DeserializeSeed<'de> for AppendTo<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for AppendTo<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string")
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<(), E> {
        self.0.push_str(text);
        Ok(())
    }
}

impl<'de> Deserialize<'de> for Facts {
    /// Reads a map in which a key may appear once: a file with two
    /// `"cluster"` keys in one map is an error at the second one (line and
    /// column), never a silent choice of one value. Keys in any order are
    /// read; Ferry writes them in key order.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Read;
        impl<'de> Visitor<'de> for Read {
            type Value = Facts;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a map")
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Facts, A::Error> {
                let mut facts = Facts::default();
                let mut in_order = true;
                loop {
                    let from = facts.text.len();
                    if map.next_key_seed(AppendTo(&mut facts.text))?.is_none() {
                        break;
                    }
                    let key_end = facts.text.len();
                    let key = &facts.text[from..key_end];
                    // Keys in order need only be after the last; once one
                    // is not, each is looked for among all before it.
                    in_order &= facts.is_empty() || facts.key_at(facts.len() - 1) < key;
                    if !in_order && (0..facts.len()).any(|i| facts.key_at(i) == key) {
                        return Err(de::Error::custom(format!(
                            "the key {key:?} appears twice in this map; keep one"
                        )));
                    }
                    facts.ends.push(end(key_end));
                    map.next_value_seed(AppendTo(&mut facts.text))?;
                    facts.ends.push(end(facts.text.len()));
                }
                if !in_order {
                    facts = Facts::from_unsorted(facts.iter().collect::<Vec<_>>());
                }
                facts.shrink_to_fit();
                Ok(facts)
            }
        }
        deserializer.deserialize_map(Read)
    }
}

#[cfg(test)]
#[path = "facts_tests.rs"]
mod tests;
