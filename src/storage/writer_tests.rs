//! The quick writer against `ron`: wherever it writes, it writes `ron`'s
//! bytes; on Ferry's plans it never gives up.

use std::collections::BTreeMap;
use std::sync::Arc;

use serde::Serialize;

use super::*;
use crate::model::Plan;
use crate::storage::{AsSaved, ron_text, to_string, write_canonical};

fn ron_pretty<T: Serialize>(value: &T) -> String {
    let config = ron::ser::PrettyConfig::new()
        .indentor("    ")
        .new_line("\n")
        .struct_names(false);
    ron::ser::to_string_pretty(value, config).expect("ron writes it")
}

/// Writes `value` both ways; the quick writer's bytes, if any, must be
/// `ron`'s. `false` when it gave up.
#[track_caller]
fn agree<T: Serialize>(value: &T) -> bool {
    let mut quick = Vec::new();
    match to_writer(&mut quick, value) {
        Ok(()) => {
            let quick = String::from_utf8(quick).expect("UTF-8");
            assert_eq!(quick, ron_pretty(value), "not what ron writes");
            true
        }
        Err(Stop::GiveUp) => false,
        Err(Stop::Io(e)) => panic!("{e}"),
    }
}

/// Text that needs every kind of escape `ron` writes.
const AWKWARD: &[&str] = &[
    "",
    "plain",
    "Quotes \" and ' and \\ backslashes",
    "a tab\there, a line\nbreak, a return\r, a nul\0, a bell\u{7}, delete\u{7f}",
    "ünïcödé — ✓, 日本語, emoji 🚀",
    "combining e\u{301} and a lone \u{301}, zero width\u{200b}joiner\u{200d}",
    "bidi \u{202e}override, soft\u{ad}hyphen, line\u{2028}separator",
    "private use \u{e000}, unassigned \u{10ffff}",
];

fn awkward_plan() -> Plan {
    let mut plan = crate::example::example_plan();
    plan.name = AWKWARD.concat();
    plan.bandwidth_mbps = Some(500);
    plan.wave_limits = crate::model::WaveLimits {
        assets: Some(200),
        replication_hours: Some(48),
    };
    for (i, text) in AWKWARD.iter().enumerate() {
        if let Some(asset) = plan.assets.get_mut(i % 3) {
            let asset = Arc::make_mut(asset);
            asset.notes.push_str(text);
            asset.source.insert(&format!("key {text}"), text);
            asset.data_sync = Some(crate::model::ReplicationTool::Undecided);
        }
    }
    if let Some(w) = plan.workloads.first_mut() {
        w.notes = AWKWARD.join("\n");
        w.wave_pinned = true;
    }
    plan
}

#[test]
fn ferrys_plans_are_written_as_ron_writes_them() {
    let mut plans = vec![
        crate::example::example_plan(),
        awkward_plan(),
        Plan::default(),
        Plan::named("Empty"),
    ];
    for (n, seed) in [(0, 1), (50, 2), (400, 3), (2_000, 4)] {
        plans.push(crate::generate::generate(n, seed));
    }
    for plan in &plans {
        assert!(agree(&AsSaved::of(plan)), "gave up on a plan");
        let mut streamed = Vec::new();
        write_canonical(plan, &mut streamed).expect("written");
        assert_eq!(
            String::from_utf8(streamed).expect("UTF-8"),
            ron_text(plan),
            "the saved text is ron's"
        );
        assert_eq!(to_string(plan), ron_text(plan));
    }
}

#[test]
fn the_example_file_is_written_byte_for_byte() {
    assert_eq!(
        to_string(&crate::example::example_plan()),
        crate::example::EXAMPLE_RON
    );
}

/// Every shape serde has that a plan could take one day: where the quick
/// writer writes it, it is `ron`'s text; where `ron` writes it another way
/// (floats, raw identifiers), the writer gives up.
#[test]
fn every_shape_is_written_as_ron_writes_it_or_left_to_ron() {
    #[derive(Serialize)]
    struct Unit;
    #[derive(Serialize)]
    struct Newtype(u8);
    #[derive(Serialize)]
    struct Pair(i32, String);
    #[derive(Serialize)]
    struct Empty {}
    #[derive(Serialize)]
    enum Kind {
        Plain,
        Wrapped(Vec<u32>),
        Two(u8, bool),
        Fields { a: Option<u8>, b: Vec<Empty> },
    }
    #[derive(Serialize)]
    struct Shapes {
        unit: (),
        unit_struct: Unit,
        newtype: Newtype,
        pair: Pair,
        tuple: (u8, (i64, bool), Vec<u8>),
        empty: Empty,
        empty_list: Vec<u8>,
        empty_map: BTreeMap<String, u8>,
        nested_empty: Vec<Vec<u8>>,
        options: Vec<Option<Option<String>>>,
        kinds: Vec<Kind>,
        by_kind: BTreeMap<u8, Kind>,
        by_tuple: BTreeMap<(u8, u8), Empty>,
        numbers: (i8, i16, i32, i64, u8, u16, u32, u64),
        #[serde(skip_serializing_if = "Option::is_none")]
        skipped: Option<u8>,
    }
    let shapes = Shapes {
        unit: (),
        unit_struct: Unit,
        newtype: Newtype(7),
        pair: Pair(-3, "x".into()),
        tuple: (1, (-2, true), vec![3, 4]),
        empty: Empty {},
        empty_list: vec![],
        empty_map: BTreeMap::new(),
        nested_empty: vec![vec![], vec![1], vec![]],
        options: vec![None, Some(None), Some(Some("s".into()))],
        kinds: vec![
            Kind::Plain,
            Kind::Wrapped(vec![]),
            Kind::Wrapped(vec![1, 2]),
            Kind::Two(1, false),
            Kind::Fields {
                a: Some(1),
                b: vec![Empty {}],
            },
        ],
        by_kind: [(1, Kind::Plain), (2, Kind::Two(3, true))].into(),
        by_tuple: [((1, 2), Empty {})].into(),
        numbers: (
            i8::MIN,
            i16::MIN,
            i32::MIN,
            i64::MIN,
            u8::MAX,
            u16::MAX,
            u32::MAX,
            u64::MAX,
        ),
        skipped: None,
    };
    assert!(agree(&shapes));

    #[derive(Serialize)]
    struct Float {
        f: f64,
    }
    assert!(!agree(&Float { f: 1.5 }), "floats are left to ron");
    #[derive(Serialize)]
    #[allow(non_camel_case_types)]
    enum Words {
        r#true,
        Some,
    }
    assert!(!agree(&Words::r#true), "ron writes r#true");
    assert!(!agree(&Words::Some), "ron writes r#Some");
    assert!(!agree(&'c'), "chars are left to ron");
}

/// A writer that fails: the failure comes back, not a give-up.
#[test]
fn a_failing_writer_stops_with_its_error() {
    struct Full;
    impl std::io::Write for Full {
        fn write(&mut self, _: &[u8]) -> std::io::Result<usize> {
            Err(std::io::Error::other("disk full"))
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    match to_writer(Full, &crate::example::example_plan()) {
        Err(Stop::Io(e)) => assert_eq!(e.to_string(), "disk full"),
        other => panic!("{other:?}"),
    }
}

proptest::proptest! {
    /// Any text at all, in a name, a note and the facts: `ron`'s escapes.
    #[test]
    fn any_text_is_escaped_as_ron_escapes_it(
        name in proptest::prelude::any::<String>(),
        note in "(?s).{0,40}",
        facts in proptest::collection::btree_map(".{0,8}", proptest::prelude::any::<String>(), 0..4),
    ) {
        let mut plan = Plan::named(name);
        let mut asset = crate::model::Asset::new(note.clone(), crate::model::AssetKind::Data);
        asset.notes = note;
        asset.source = facts.into_iter().collect();
        plan.assets.push(Arc::new(asset));
        let mut quick = Vec::new();
        proptest::prop_assert!(write_canonical(&plan, &mut quick).is_ok());
        proptest::prop_assert_eq!(String::from_utf8(quick).expect("UTF-8"), ron_text(&plan));
    }
}
