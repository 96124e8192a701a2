use super::*;
use crate::model::*;

fn asset(name: &str) -> Asset {
    Asset {
        id: format!("as-{name}"),
        name: name.to_owned(),
        ..Asset::default()
    }
}

#[test]
fn stage_rules_apply_in_order() {
    let mut a = asset("a");
    assert_eq!(stage(&a), Stage::Unassessed, "nobody has looked yet");
    a.assessment = Assessment::Ready;
    assert_eq!(stage(&a), Stage::ReadyToReplicate);

    a.remediation.status = RemediationStatus::Required;
    assert_eq!(stage(&a), Stage::Remediating);
    a.remediation.status = RemediationStatus::InProgress;
    assert_eq!(stage(&a), Stage::Remediating);

    a.assessment = Assessment::NotReady;
    assert_eq!(stage(&a), Stage::Blocked, "not ready and not remediated");
    a.remediation.status = RemediationStatus::Done;
    assert_eq!(
        stage(&a),
        Stage::ReadyToReplicate,
        "remediation done unblocks"
    );
    a.remediation.status = RemediationStatus::NotRequired;
    assert_eq!(stage(&a), Stage::Blocked);

    a.replication.status = ReplicationStatus::Replicating;
    assert_eq!(
        stage(&a),
        Stage::Replicating,
        "replication outranks blocked"
    );
    a.replication.status = ReplicationStatus::Replicated;
    assert_eq!(stage(&a), Stage::Replicated);
    a.replication.status = ReplicationStatus::Verified;
    assert_eq!(stage(&a), Stage::Verified);
    a.replication.status = ReplicationStatus::Failed;
    assert_eq!(stage(&a), Stage::Failed);

    a.staging = Staging::Staged;
    assert_eq!(stage(&a), Stage::Staged, "staged wins even before verified");

    for strategy in [Strategy::Retire, Strategy::Retain] {
        a.strategy = strategy;
        assert_eq!(stage(&a), Stage::OutOfScope, "{strategy:?} is not migrated");
    }
}

#[test]
fn staged_is_done_only_when_verified() {
    let mut plan = done_plan();
    std::sync::Arc::make_mut(&mut plan.assets[0])
        .replication
        .status = ReplicationStatus::Replicated;
    let status = &derive(&plan).workloads[0];
    assert!(!status.done);
    assert!(
        status
            .blockers
            .iter()
            .any(|b| b.code == "staged-before-verified"),
        "{:?}",
        status.blockers
    );
}

#[test]
fn out_of_scope_assets_never_block_and_retiring_dependencies_do() {
    let mut plan = done_plan();
    let mut retained = asset("mainframe");
    retained.workload = Some("wl-1".into());
    retained.strategy = Strategy::Retain;
    plan.assets.push(std::sync::Arc::new(retained));
    let derived = derive(&plan);
    assert!(
        derived.workloads[0].done,
        "a Retain asset of the workload does not block"
    );
    assert_eq!(derived.workloads[0].count(Stage::OutOfScope), 1);

    // A needed asset depends on a Retain asset: fine, with an info note.
    std::sync::Arc::make_mut(&mut plan.assets[0])
        .depends_on
        .push("as-mainframe".into());
    let derived = derive(&plan);
    assert!(derived.workloads[0].done);
    assert!(
        derived
            .problems
            .iter()
            .any(|p| p.code == "depends-on-retained" && p.severity == Severity::Info)
    );

    // Marked Retire instead: the workload would break when it goes.
    std::sync::Arc::make_mut(&mut plan.assets[2]).strategy = Strategy::Retire;
    let status = &derive(&plan).workloads[0];
    assert!(!status.done);
    assert!(
        status
            .blockers
            .iter()
            .any(|b| b.code == "depends-on-retiring" && b.message.contains("mainframe")),
        "{:?}",
        status.blockers
    );
}

/// A workload with every condition of done met, plus its assets.
fn done_plan() -> Plan {
    let mut plan = Plan::named("t");
    plan.parties.push(Party {
        id: "pt-a".into(),
        name: "Adoption".into(),
        ..Party::default()
    });
    plan.parties.push(Party {
        id: "pt-b".into(),
        name: "DBAs".into(),
        ..Party::default()
    });
    let mut w = Workload {
        id: "wl-1".into(),
        name: "ERP".into(),
        promotion_model: PromotionModel::Staged,
        remediation_timing: RemediationTiming::SameSprint,
        remediation_timing_confirmed_by: vec!["pt-a".into(), "pt-b".into()],
        ..Workload::default()
    };
    // A decided model comes with the Promotion activity (format 3).
    w.activity_mut(ActivityKind::Promotion);
    for a in &mut w.activities {
        a.raci.insert("pt-a".into(), Raci::Accountable);
        a.raci.insert("pt-b".into(), Raci::Responsible);
    }
    plan.workloads.push(w);
    for name in ["web", "db"] {
        let mut a = asset(name);
        a.workload = Some("wl-1".into());
        a.replication.status = ReplicationStatus::Verified;
        a.staging = Staging::Staged;
        plan.assets.push(std::sync::Arc::new(a));
    }
    std::sync::Arc::make_mut(&mut plan.assets[0])
        .depends_on
        .push("as-db".into());
    plan
}

fn codes(status: &WorkloadStatus) -> Vec<&'static str> {
    status.blockers.iter().map(|b| b.code).collect()
}

#[test]
fn a_complete_workload_is_done() {
    let plan = done_plan();
    let d = derive(&plan);
    assert!(d.workloads[0].done, "{:?}", d.workloads[0].blockers);
    assert_eq!(d.workloads[0].assets, 2);
    assert_eq!(d.workloads[0].count(Stage::Staged), 2);
    assert!(
        d.problems.iter().all(|p| p.severity != Severity::Error),
        "{:?}",
        d.problems
    );
}

#[test]
fn unstaged_asset_blocks_done() {
    let mut plan = done_plan();
    std::sync::Arc::make_mut(&mut plan.assets[1]).staging = Staging::NotStaged;
    let d = derive(&plan);
    assert!(!d.workloads[0].done);
    assert_eq!(codes(&d.workloads[0]), ["asset-not-staged"]);
    assert_eq!(
        d.workloads[0].blockers[0].subject,
        Subject::Asset("as-db".into())
    );
    assert!(
        d.workloads[0].blockers[0]
            .message
            .contains("db is Verified")
    );
}

#[test]
fn transitive_dependency_outside_the_workload_blocks_done() {
    let mut plan = done_plan();
    let mut dc = asset("dc");
    let dns = asset("dns");
    dc.depends_on.push("as-dns".into());
    let mut dc_staged = dc.clone();
    dc_staged.replication.status = ReplicationStatus::Verified;
    dc_staged.staging = Staging::Staged;
    plan.assets.push(std::sync::Arc::new(dc_staged));
    plan.assets.push(std::sync::Arc::new(dns));
    std::sync::Arc::make_mut(&mut plan.assets[1])
        .depends_on
        .push("as-dc".into());
    let d = derive(&plan);
    assert_eq!(codes(&d.workloads[0]), ["dependency-not-staged"]);
    let blocker = &d.workloads[0].blockers[0];
    assert_eq!(blocker.subject, Subject::Asset("as-dns".into()));
    assert!(
        blocker.message.contains("dns (dependency, inventory)"),
        "{}",
        blocker.message
    );
    // A staged dependency does not block.
    std::sync::Arc::make_mut(&mut plan.assets[3])
        .replication
        .status = ReplicationStatus::Verified;
    std::sync::Arc::make_mut(&mut plan.assets[3]).staging = Staging::Staged;
    assert!(derive(&plan).workloads[0].done);
}

#[test]
fn dependency_cycles_do_not_hang_the_closure() {
    let mut plan = done_plan();
    std::sync::Arc::make_mut(&mut plan.assets[1])
        .depends_on
        .push("as-web".into());
    let d = derive(&plan);
    assert!(d.workloads[0].done);
    let cycle: Vec<_> = d
        .problems
        .iter()
        .filter(|p| p.code == "dependency-cycle")
        .collect();
    assert_eq!(cycle.len(), 1);
    assert!(
        cycle[0].message.contains("web") && cycle[0].message.contains("db"),
        "{}",
        cycle[0].message
    );
    assert_eq!(cycle[0].severity, Severity::Error);
}

#[test]
fn self_dependency_is_a_cycle() {
    let mut plan = done_plan();
    std::sync::Arc::make_mut(&mut plan.assets[1])
        .depends_on
        .push("as-db".into());
    let d = derive(&plan);
    let p = d
        .problems
        .iter()
        .find(|p| p.code == "dependency-cycle")
        .expect("cycle");
    assert!(p.message.contains("db depends on itself"));
}

#[test]
fn long_dependency_chain_does_not_overflow() {
    let mut plan = Plan::named("chain");
    for i in 0..100_000 {
        let mut a = asset(&i.to_string());
        if i > 0 {
            a.depends_on.push(format!("as-{}", i - 1));
        }
        plan.assets.push(std::sync::Arc::new(a));
    }
    std::sync::Arc::make_mut(&mut plan.assets[0])
        .depends_on
        .push("as-99999".into());
    let d = derive(&plan);
    assert_eq!(
        d.problems
            .iter()
            .filter(|p| p.code == "dependency-cycle")
            .count(),
        1
    );
}

#[test]
fn activity_rules_block_done_and_raise_problems() {
    let mut plan = done_plan();
    let w = &mut plan.workloads[0];
    w.activities[0].raci.clear();
    w.activities[1]
        .raci
        .insert("pt-b".into(), Raci::Accountable);
    w.activities[2].raci.insert("pt-b".into(), Raci::Consulted);
    let d = derive(&plan);
    // One finding per broken activity, under one code: the blocker and
    // the problem are the same evaluation of the RACI rule.
    assert_eq!(
        codes(&d.workloads[0]),
        [
            "activity-unassigned",
            "multiple-accountable",
            "activity-unassigned"
        ]
    );
    assert_eq!(
        d.workloads[0].blockers[0].subject,
        Subject::Activity("wl-1".into(), ActivityKind::Remediation)
    );
    let problems: Vec<_> = d
        .problems
        .iter()
        .map(|p| (p.severity, p.code, p.message.as_str()))
        .collect();
    assert_eq!(
        problems,
        [
            (
                Severity::Error,
                "multiple-accountable",
                "ERP, Replication: 2 parties are Accountable and no one is Responsible"
            ),
            (
                Severity::Warning,
                "activity-unassigned",
                "ERP, Remediation: no one is Accountable or Responsible"
            ),
            (
                Severity::Warning,
                "activity-unassigned",
                "ERP, Staging: no one is Responsible"
            ),
        ]
    );
    assert_eq!(
        d.workloads[0].blockers[2].message,
        "Staging: no one is Responsible"
    );
}

#[test]
fn every_blocker_and_problem_follows_the_rule_table() {
    // A plan that breaks many rules at once: each code found is the table's,
    // each blocker's rule blocks done, and each problem has the table's
    // severity.
    let mut plan = done_plan();
    plan.workloads[0].promotion_model = PromotionModel::Undecided;
    plan.workloads[0].activities[0].raci.clear();
    plan.workloads[0].activities[1]
        .raci
        .insert("pt-gone".into(), Raci::Informed);
    std::sync::Arc::make_mut(&mut plan.assets[0])
        .replication
        .status = ReplicationStatus::Replicated;
    std::sync::Arc::make_mut(&mut plan.assets[1])
        .depends_on
        .push("as-nowhere".into());
    std::sync::Arc::make_mut(&mut plan.assets[1]).staging = Staging::NotStaged;
    let d = derive(&plan);
    assert!(d.workloads[0].blockers.len() >= 5, "{:?}", d.workloads[0]);
    for b in &d.workloads[0].blockers {
        let rule = rules::rule(b.code).expect("a rule of the table");
        assert!(rule.blocks_done, "{} blocks but the table says not", b.code);
    }
    for p in &d.problems {
        let rule = rules::rule(p.code).expect("a rule of the table");
        assert_eq!(rule.severity, Some(p.severity), "{}", p.code);
    }
    // A rule that is both a problem and a blocker is found once for each.
    for code in [
        "promotion-model-undecided",
        "activity-unassigned",
        "staged-before-verified",
        "dependency-missing",
    ] {
        let blockers = d.workloads[0]
            .blockers
            .iter()
            .filter(|b| b.code == code)
            .count();
        let problems = d.problems.iter().filter(|p| p.code == code).count();
        assert_eq!((blockers, problems), (1, 1), "{code}");
    }
    let unlisted: Vec<&str> = d.workloads[0]
        .blockers
        .iter()
        .map(|b| b.code)
        .filter(|c| !d.problems.iter().any(|p| p.code == *c))
        .collect();
    assert_eq!(
        unlisted,
        ["asset-not-staged"],
        "a step to take, not a fault"
    );
    assert!(
        d.problems
            .iter()
            .any(|p| p.code == "dangling-reference" && p.message.contains("pt-gone")),
        "an Informed party that is gone is a dangling reference, not a blocker"
    );
}

#[test]
fn a_missing_accountable_party_is_one_error_and_does_not_count() {
    let mut plan = done_plan();
    let staging = plan.workloads[0].activity_mut(ActivityKind::Staging);
    staging.raci.remove("pt-a");
    staging.raci.insert("pt-gone".into(), Raci::Accountable);
    let d = derive(&plan);
    let problems: Vec<_> = d.problems.iter().map(|p| (p.severity, p.code)).collect();
    assert_eq!(
        problems,
        [
            (Severity::Error, "party-missing"),
            (Severity::Warning, "activity-unassigned")
        ],
        "the problems say what the blockers say"
    );
    assert_eq!(
        codes(&d.workloads[0]),
        ["activity-unassigned", "party-missing"]
    );
}

#[test]
fn undecided_models_block_done() {
    let mut plan = done_plan();
    plan.workloads[0].promotion_model = PromotionModel::Undecided;
    plan.workloads[0].remediation_timing = RemediationTiming::Undecided;
    let d = derive(&plan);
    assert_eq!(
        codes(&d.workloads[0]),
        ["promotion-model-undecided", "remediation-timing-undecided"]
    );
    let warnings: Vec<_> = d
        .problems
        .iter()
        .map(|p| (p.severity, p.code, p.message.as_str()))
        .collect();
    assert_eq!(
        warnings,
        [
            (
                Severity::Warning,
                "promotion-model-undecided",
                "ERP: Promotion model is not decided"
            ),
            (
                Severity::Warning,
                "remediation-timing-undecided",
                "ERP: Remediation timing is not decided"
            ),
        ]
    );
}

fn has(plan: &Plan, severity: Severity, code: &str) -> bool {
    derive(plan)
        .problems
        .iter()
        .any(|p| p.severity == severity && p.code == code)
}

#[test]
fn error_codes() {
    let mut plan = done_plan();
    assert!(!has(&plan, Severity::Error, "duplicate-id"));
    plan.parties[1].id = "pt-a".into();
    assert!(has(&plan, Severity::Error, "duplicate-id"));

    let mut plan = done_plan();
    std::sync::Arc::make_mut(&mut plan.assets[0])
        .depends_on
        .push("as-missing".into());
    assert!(has(&plan, Severity::Error, "dependency-missing"));
    assert!(
        !has(&plan, Severity::Error, "dangling-reference"),
        "one code for one finding"
    );
    let mut plan = done_plan();
    plan.workloads[0].business_owner = Some("pt-gone".into());
    assert!(has(&plan, Severity::Error, "dangling-reference"));
    let mut plan = done_plan();
    std::sync::Arc::make_mut(&mut plan.assets[0]).workload = Some("wl-gone".into());
    assert!(has(&plan, Severity::Error, "dangling-reference"));

    let mut plan = done_plan();
    std::sync::Arc::make_mut(&mut plan.assets[0])
        .replication
        .status = ReplicationStatus::Replicated;
    assert!(has(&plan, Severity::Error, "staged-before-verified"));
    assert_eq!(derive(&plan).stages[0], Stage::Staged);
}

#[test]
fn warning_codes() {
    let mut plan = done_plan();
    plan.assets.push(std::sync::Arc::new(asset("dc")));
    std::sync::Arc::make_mut(&mut plan.assets[0])
        .depends_on
        .push("as-dc".into());
    assert!(has(&plan, Severity::Warning, "dependency-outside-workload"));

    let mut plan = done_plan();
    std::sync::Arc::make_mut(&mut plan.assets[0])
        .remediation
        .status = RemediationStatus::Required;
    assert!(has(&plan, Severity::Warning, "remediation-without-issues"));
    std::sync::Arc::make_mut(&mut plan.assets[0])
        .remediation
        .issues
        .push(Issue {
            text: "x".into(),
            resolved: false,
        });
    assert!(!has(&plan, Severity::Warning, "remediation-without-issues"));
}

#[test]
fn raci_rule_reasons() {
    assert_eq!(raci_rule_broken(1, 1), None);
    assert_eq!(raci_rule_broken(1, 3), None);
    assert!(raci_rule_broken(0, 1).is_some_and(|r| r.contains("Accountable")));
    assert!(raci_rule_broken(1, 0).is_some_and(|r| r.contains("Responsible")));
    assert!(raci_rule_broken(2, 1).is_some_and(|r| r.contains("exactly one")));
}

#[test]
fn a_dangling_dependency_keeps_a_workload_from_done() {
    let mut plan = done_plan();
    assert!(derive(&plan).workloads[0].done, "done to start with");
    std::sync::Arc::make_mut(&mut plan.assets[0])
        .depends_on
        .push("as-nowhere".into());
    let status = &derive(&plan).workloads[0];
    assert!(!status.done);
    let blocker = status
        .blockers
        .iter()
        .find(|b| b.code == "dependency-missing")
        .expect("named blocker");
    assert!(
        blocker.message.contains("as-nowhere"),
        "{}",
        blocker.message
    );
}

#[test]
fn a_missing_party_as_accountable_or_responsible_keeps_a_workload_from_done() {
    for letter in [Raci::Accountable, Raci::Responsible] {
        let mut plan = done_plan();
        let staging = plan.workloads[0].activity_mut(ActivityKind::Staging);
        staging.raci.clear();
        staging.raci.insert("pt-gone".into(), letter);
        let other = if letter == Raci::Accountable {
            ("pt-b", Raci::Responsible)
        } else {
            ("pt-a", Raci::Accountable)
        };
        staging.raci.insert(other.0.into(), other.1);
        let status = &derive(&plan).workloads[0];
        assert!(!status.done, "{letter:?}");
        assert!(
            status.blockers.iter().any(|b| b.code == "party-missing"),
            "{:?}",
            status.blockers
        );
        assert!(
            status
                .blockers
                .iter()
                .any(|b| b.code == "activity-unassigned"),
            "the missing party does not count as the {letter:?}"
        );
    }
}

#[test]
fn an_asset_of_a_missing_workload_is_listed_not_dropped() {
    let mut plan = done_plan();
    let mut lost = asset("lost");
    lost.workload = Some("wl-deleted".into());
    plan.assets.push(std::sync::Arc::new(lost));
    let derived = derive(&plan);
    assert_eq!(derived.orphaned_assets, vec![2]);
    assert_eq!(derived.unassigned_assets, 0);
}

#[test]
fn the_team_check_warns_without_blocking_done() {
    let mut plan = done_plan();
    plan.workloads[0].remediation_timing_confirmed_by = vec!["pt-a".into()];
    let d = derive(&plan);
    assert!(
        d.workloads[0].done,
        "knowing the timing is not part of done"
    );
    let warnings: Vec<_> = d
        .problems
        .iter()
        .map(|p| (p.severity, p.code, p.message.as_str()))
        .collect();
    assert_eq!(
        warnings,
        [(
            Severity::Warning,
            "remediation-timing-not-shared",
            "ERP: DBAs did not confirm they know how remediation is done (Same sprint)"
        )]
    );
}

#[test]
fn gaps_walk_each_finding_once_rules_first() {
    let mut plan = done_plan();
    plan.workloads[0].activities[2].raci.clear();
    plan.workloads[0].promotion_model = PromotionModel::Undecided;
    plan.workloads[0].remediation_timing_confirmed_by.clear();
    std::sync::Arc::make_mut(&mut plan.assets[1]).assessment = Assessment::NotReady;
    std::sync::Arc::make_mut(&mut plan.assets[1]).staging = Staging::NotStaged;
    std::sync::Arc::make_mut(&mut plan.assets[1])
        .replication
        .status = ReplicationStatus::NotStarted;
    let d = derive(&plan);
    let gaps: Vec<String> = gaps(&plan, &d).into_iter().map(|g| g.message).collect();
    assert_eq!(
        gaps,
        [
            "ERP: Staging: no one is Accountable or Responsible",
            "ERP: Promotion model is not decided",
            "ERP: Adoption, DBAs did not confirm they know how remediation is done (Same sprint)",
            "db is Blocked",
        ],
        "the RACI and the decisions once each, though they are blockers and problems"
    );
}

#[test]
fn an_open_question_of_the_log_is_a_gap_until_it_is_answered() {
    let mut plan = done_plan();
    let mut question = crate::model::LogEntry {
        id: "lg-1".into(),
        kind: crate::model::LogKind::Question,
        text: "Who signs off the cut-over?".into(),
        ..Default::default()
    };
    plan.log.push(question.clone());
    let found = gaps(&plan, &derive(&plan));
    let gap = found
        .iter()
        .find(|g| g.code == OPEN_QUESTION)
        .expect("the question is walked");
    assert_eq!(gap.subject, Subject::Log("lg-1".into()));
    assert_eq!(gap.message, "Open question: Who signs off the cut-over?");
    question.status = crate::model::LogStatus::Done;
    plan.log[0] = question;
    assert!(
        gaps(&plan, &derive(&plan))
            .iter()
            .all(|g| g.code != OPEN_QUESTION),
        "an answered question is no gap"
    );
}

#[test]
fn control_characters_in_any_name_are_a_warning() {
    let mut plan = Plan::named("Wave\nplan");
    plan.parties
        .push(Party::new("Ops\u{1b}[31m", PartyKind::Team, Role::Other));
    plan.workloads.push(Workload::new("ERP\u{0}"));
    plan.waves.push(Wave {
        name: "Wave\u{7}1".into(),
        ..Wave::default()
    });
    plan.assets.push(std::sync::Arc::new(asset("web\u{0}01")));
    plan.assets.push(std::sync::Arc::new(asset("clean-01")));
    let found: Vec<(Subject, String)> = derive(&plan)
        .problems
        .into_iter()
        .filter(|p| p.code == "control-character-in-name")
        .map(|p| {
            assert_eq!(p.severity, Severity::Warning);
            (p.subject, p.message)
        })
        .collect();
    let subjects: Vec<&Subject> = found.iter().map(|(s, _)| s).collect();
    assert_eq!(found.len(), 5, "{found:?}");
    assert!(subjects.contains(&&Subject::Plan));
    assert!(subjects.contains(&&Subject::Asset("as-web\u{0}01".into())));
    assert!(subjects.contains(&&Subject::Wave(0)));
    let message = &found
        .iter()
        .find(|(s, _)| *s == Subject::Asset("as-web\u{0}01".into()))
        .expect("the asset")
        .1;
    assert!(
        message.contains("web\\u{0}01") && message.contains("U+0000"),
        "{message}"
    );
}

#[test]
fn a_plan_renamed_with_a_control_character_is_derived_again() {
    let mut doc = crate::session::Document::new(crate::example::example_plan(), None);
    let count = |doc: &crate::session::Document| {
        doc.derived
            .problems
            .iter()
            .filter(|p| p.code == "control-character-in-name")
            .count()
    };
    doc.apply(
        crate::edit::Edit::SetPlanName("Bad\u{0}".into()),
        "rename",
        None,
    )
    .expect("applies");
    doc.refresh();
    assert_eq!(count(&doc), 1);
    doc.apply(
        crate::edit::Edit::SetPlanName("Good".into()),
        "rename",
        None,
    )
    .expect("applies");
    doc.refresh();
    assert_eq!(count(&doc), 0);
}
