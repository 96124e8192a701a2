use std::collections::BTreeMap;

use proptest::prelude::*;

use super::Facts;

fn same(facts: &Facts, map: &BTreeMap<String, String>) {
    let ours: Vec<(&str, &str)> = facts.iter().collect();
    let theirs: Vec<(&str, &str)> = map.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    assert_eq!(ours, theirs);
    assert_eq!(facts.len(), map.len());
    assert_eq!(facts.is_empty(), map.is_empty());
    let backwards: Vec<(&str, &str)> = facts.iter().rev().collect();
    assert_eq!(backwards, theirs.iter().rev().copied().collect::<Vec<_>>());
}

#[derive(Debug, Clone)]
enum Step {
    Insert(String, String),
    Remove(String),
}

fn key() -> impl Strategy<Value = String> {
    // Few keys so that inserts replace and removes find something; some
    // empty, some not ASCII, some prefixes of others.
    prop::sample::select(vec![
        "", "a", "ab", "b", "os", "cpus", "é", "zz", "ip", "os_x",
    ])
    .prop_map(str::to_owned)
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        (key(), "\\PC{0,6}").prop_map(|(k, v)| Step::Insert(k, v)),
        key().prop_map(Step::Remove),
    ]
}

proptest! {
    /// Any run of sets and removals leaves the facts a map would hold, in
    /// the map's order, and each lookup finds what the map finds.
    #[test]
    fn behaves_as_a_map(steps in prop::collection::vec(step(), 0..40)) {
        let mut facts = Facts::new();
        let mut map = BTreeMap::new();
        for step in steps {
            match step {
                Step::Insert(k, v) => {
                    facts.insert(&k, &v);
                    map.insert(k, v);
                }
                Step::Remove(k) => {
                    prop_assert_eq!(facts.remove(&k), map.remove(&k));
                }
            }
            same(&facts, &map);
            for k in ["", "a", "ab", "b", "os", "cpus", "é", "zz", "ip", "os_x", "none"] {
                prop_assert_eq!(facts.get(k), map.get(k).map(String::as_str));
                prop_assert_eq!(facts.contains_key(k), map.contains_key(k));
            }
        }
        let collected: Facts = map.iter().rev().collect();
        prop_assert_eq!(&collected, &facts, "built at once equals built fact by fact");
    }

    /// Written and read back, by `ron`, the facts are the same and the text
    /// is the text of the map they replace.
    #[test]
    fn reads_and_writes_as_a_map(pairs in prop::collection::btree_map("\\PC{0,5}", "\\PC{0,8}", 0..12)) {
        let facts: Facts = pairs.iter().collect();
        let text = ron::to_string(&facts).expect("written");
        prop_assert_eq!(&text, &ron::to_string(&pairs).expect("written"));
        let back: Facts = ron::from_str(&text).expect("read");
        prop_assert_eq!(back, facts);
    }
}

#[test]
fn a_key_given_twice_keeps_the_last_value_when_collected() {
    let facts: Facts = [("os", "Linux"), ("cpus", "2"), ("os", "Windows")].into();
    assert_eq!(facts.get("os"), Some("Windows"));
    assert_eq!(facts.len(), 2);
}

#[test]
fn keys_written_in_any_order_are_read_in_key_order() {
    let facts: Facts =
        ron::from_str(r#"{"os": "Linux", "cpus": "2", "ip": "10.0.0.1"}"#).expect("read");
    assert_eq!(facts.keys().collect::<Vec<_>>(), ["cpus", "ip", "os"]);
    assert_eq!(&facts["ip"], "10.0.0.1");
}

#[test]
fn a_key_repeated_in_a_file_is_an_error_that_names_it() {
    for text in [
        r#"{"cluster": "A", "cluster": "B"}"#,
        r#"{"os": "A", "cluster": "B", "os": "C"}"#,
    ] {
        let err = ron::from_str::<Facts>(text)
            .expect_err("refused")
            .to_string();
        assert!(err.contains("appears twice"), "{err}");
    }
}

#[test]
fn an_emptied_set_of_facts_equals_a_new_one() {
    let mut facts: Facts = [("os", "Linux")].into();
    facts.remove("os");
    assert_eq!(facts, Facts::new());
    assert_eq!(facts.remove("os"), None);
}
