use super::*;
use crate::edit::apply;

fn plan(assets: usize) -> Plan {
    let mut plan = Plan::named("t");
    plan.workloads.push(Workload {
        id: "wl-a".into(),
        name: "A".into(),
        ..Workload::default()
    });
    for i in 0..assets {
        plan.assets.push(Arc::new(Asset {
            id: format!("as-{i}"),
            name: format!("vm-{i}"),
            ..Asset::default()
        }));
    }
    plan.waves.push(Wave {
        name: "W1".into(),
        ..Wave::default()
    });
    plan
}

fn put_asset(plan: &Plan, i: usize, change: impl FnOnce(&mut Asset)) -> Edit {
    let mut asset = Asset::clone(&plan.assets[i]);
    change(&mut asset);
    Edit::Put(Item::Asset(asset.into()))
}

#[test]
fn each_field_of_an_asset_says_how_it_was_touched() {
    let plan = plan(3);
    let edit = Edit::Batch(vec![
        put_asset(&plan, 0, |a| a.name = "renamed".into()),
        put_asset(&plan, 1, |a| a.workload = Some("wl-a".into())),
        put_asset(&plan, 2, |a| a.depends_on.push("as-0".into())),
        put_asset(&plan, 2, |a| a.notes = "and a note".into()),
    ]);
    let t = Touches::of(&plan, &edit);
    let only = |renamed, moved, rewired, fields| Touch {
        renamed,
        moved,
        rewired,
        fields,
        ..Touch::default()
    };
    assert_eq!(t.asset("as-0"), Some(only(true, false, false, false)));
    assert_eq!(t.asset("as-1"), Some(only(false, true, false, false)));
    assert_eq!(t.asset("as-2"), Some(only(false, false, true, true)));
    assert!(
        t.creates_removes_or_renames(),
        "a rename reaches past the asset"
    );
    assert_eq!(t.workload("wl-a"), None);
    let notes_only = Touches::of(&plan, &put_asset(&plan, 1, |a| a.notes = "n".into()));
    assert!(!notes_only.creates_removes_or_renames());
    assert_eq!(
        Touches::of(&plan, &put_asset(&plan, 0, |_| {})),
        Touches::default(),
        "putting an asset back as it is touches nothing"
    );
}

#[test]
fn the_undo_of_an_edit_touches_what_the_edit_touched() {
    let mut plan = plan(2);
    let edit = Edit::Batch(vec![
        Edit::Put(Item::Asset(Arc::new(Asset {
            id: "as-new".into(),
            name: "new".into(),
            ..Asset::default()
        }))),
        Edit::Remove(IdKind::Asset, "as-0".into()),
        Edit::InsertWave(0, Wave::default()),
        Edit::SetBandwidth(Some(100)),
    ]);
    let forward = Touches::of(&plan, &edit);
    assert!(forward.asset("as-new").is_some_and(|t| t.created));
    assert!(forward.asset("as-0").is_some_and(|t| t.removed));
    assert!(forward.waves_reordered && forward.bandwidth);
    let undo = apply(&mut plan, edit).expect("applies");
    let back = Touches::of(&plan, &undo);
    assert!(back.asset("as-new").is_some_and(|t| t.removed));
    assert!(back.asset("as-0").is_some_and(|t| t.created));
    assert!(back.waves[&0].removed && back.waves_reordered && back.bandwidth);
}

#[test]
fn a_bulk_edit_of_many_assets_is_read_through_an_index() {
    let plan = plan(500);
    let edit = Edit::Batch(
        (0..500)
            .rev()
            .map(|i| put_asset(&plan, i, |a| a.notes = format!("note {i}")))
            .collect(),
    );
    let t = Touches::of(&plan, &edit);
    assert_eq!(t.assets.len(), 500);
    assert!(
        t.assets
            .values()
            .all(|a| a.fields && !a.created && !a.renamed)
    );
}

#[test]
fn a_whole_plan_replaced_touches_everything() {
    let plan = plan(1);
    let t = Touches::of(&plan, &Edit::ReplacePlan(Box::new(Plan::named("other"))));
    assert!(t.everything);
    let mut merged = Touches::default();
    merged.merge(t);
    assert!(merged.everything && !merged.is_nothing());
}
