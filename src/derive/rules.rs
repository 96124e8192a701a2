//! The rule table: every rule a plan is checked against, written once, with
//! its code, how it is listed among the problems, what it is about and
//! whether it keeps a workload from its definition of done.
//!
//! A rule is evaluated in one place (per asset, per workload or per plan,
//! wherever its facts are at hand) and its findings go through
//! [`Findings`], which asks the table what each finding becomes: a problem
//! of the plan, a blocker of the workload being looked at (of its
//! definition of done or, format 3, of its promotion readiness), or both,
//! under the rule's one code.

use super::{Blocker, Problem, Severity, Subject};

/// What a rule looks at: where its findings point to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum About {
    /// The plan as a whole: ids and references between items.
    Plan,
    /// One activity of a workload (its RACI).
    Activity,
    /// A workload's own decisions and team.
    Workload,
    /// An asset, or an asset a workload needs.
    Asset,
    /// The waves and the workloads in them.
    Wave,
    /// A log entry.
    Log,
}

/// Every rule, by name; `RULES[id as usize]` is its row of the table.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RuleId {
    DuplicateId,
    DanglingReference,
    DependencyCycle,
    DuplicateActivity,
    MultipleAccountable,
    ActivityUnassigned,
    PartyMissing,
    PromotionModelUndecided,
    RemediationTimingUndecided,
    RemediationTimingNotShared,
    WorkloadWithoutAssets,
    AssetNotStaged,
    DependencyNotStaged,
    StagedBeforeVerified,
    DependsOnRetiring,
    DependencyMissing,
    DependsOnRetained,
    DependencyOutsideWorkload,
    RemediationWithoutIssues,
    RemediationDoneWithOpenIssues,
    EmptyName,
    DuplicateAssetName,
    ControlCharacterInName,
    DependencyInLaterWave,
    FirstWaveLarge,
    WaveUndefined,
    WaveDatesInvalid,
    WaveOverLimit,
    LogDateInvalid,
    ChecklistNotDone,
    DataSyncMissing,
    OneShotCopyForSingleStep,
    SeparationOfDuties,
    RemediationBeforePromotionModel,
}

/// One row of the rule table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rule {
    pub id: RuleId,
    /// The one code its problems and blockers carry.
    pub code: &'static str,
    /// How a finding is listed among the problems; `None` for a step still
    /// to take towards done that is no fault of the plan (an asset not yet
    /// staged): a blocker only.
    pub severity: Option<Severity>,
    pub about: About,
    /// Whether a finding keeps the workload it concerns from its
    /// definition of done. A rule about an activity's RACI blocks what
    /// its activity counts toward: the definition of done for the three
    /// activities of the migration, promotion readiness for Promotion.
    pub blocks_done: bool,
    /// Whether a finding keeps the workload from promotion readiness
    /// (format 3), which also needs the definition of done.
    pub blocks_promotion: bool,
    /// What the rule asks for, in one sentence.
    pub says: &'static str,
    /// Why, in one line from the Cloud Adoption Framework, where the rule
    /// comes from it.
    pub caf: Option<&'static str>,
}

const fn row(
    id: RuleId,
    code: &'static str,
    severity: Option<Severity>,
    about: About,
    blocks_done: bool,
    says: &'static str,
) -> Rule {
    Rule {
        id,
        code,
        severity,
        about,
        blocks_done,
        blocks_promotion: false,
        says,
        caf: None,
    }
}

/// A rule of promotion readiness (format 3), with its reason from CAF.
const fn promotion_row(
    id: RuleId,
    code: &'static str,
    severity: Option<Severity>,
    about: About,
    blocks_promotion: bool,
    says: &'static str,
    caf: &'static str,
) -> Rule {
    Rule {
        id,
        code,
        severity,
        about,
        blocks_done: false,
        blocks_promotion,
        says,
        caf: Some(caf),
    }
}

const ERROR: Option<Severity> = Some(Severity::Error);
const WARNING: Option<Severity> = Some(Severity::Warning);
const INFO: Option<Severity> = Some(Severity::Info);
/// Not a problem of the plan, only a blocker.
const UNLISTED: Option<Severity> = None;
const BLOCKS: bool = true;
const NEVER_BLOCKS: bool = false;
const BLOCKS_PROMOTION: bool = true;

/// The table. Errors are inconsistent data, warnings an incomplete plan,
/// infos things worth a look.
#[rustfmt::skip]
pub const RULES: [Rule; 34] = {
    use About::{Activity, Asset, Log, Plan, Wave, Workload};
    use RuleId as R;
    [
        row(R::DuplicateId, "duplicate-id", ERROR, Plan, NEVER_BLOCKS,
            "Every id is used by one item only"),
        row(R::DanglingReference, "dangling-reference", ERROR, Plan, NEVER_BLOCKS,
            "Every owner, Consulted or Informed party, workload and log owner an item names is in the plan"),
        row(R::DependencyCycle, "dependency-cycle", ERROR, Asset, NEVER_BLOCKS,
            "Dependencies between assets form no cycle"),
        row(R::DuplicateActivity, "duplicate-activity", ERROR, Activity, NEVER_BLOCKS,
            "A workload lists each activity once"),
        row(R::MultipleAccountable, "multiple-accountable", ERROR, Activity, BLOCKS,
            "An activity has exactly one Accountable, not several"),
        row(R::ActivityUnassigned, "activity-unassigned", WARNING, Activity, BLOCKS,
            "An activity has an Accountable and at least one Responsible"),
        row(R::PartyMissing, "party-missing", ERROR, Activity, BLOCKS,
            "An activity's Accountable and Responsible parties are in the plan"),
        row(R::PromotionModelUndecided, "promotion-model-undecided", WARNING, Workload, BLOCKS,
            "A workload's promotion model is decided"),
        row(R::RemediationTimingUndecided, "remediation-timing-undecided", WARNING, Workload, BLOCKS,
            "A workload's remediation timing is decided in advance"),
        row(R::RemediationTimingNotShared, "remediation-timing-not-shared", WARNING, Workload, NEVER_BLOCKS,
            "Every party with an R or an A in a workload confirmed they know how remediation is done"),
        row(R::WorkloadWithoutAssets, "workload-without-assets", INFO, Workload, NEVER_BLOCKS,
            "A workload has assets"),
        row(R::AssetNotStaged, "asset-not-staged", UNLISTED, Asset, BLOCKS,
            "Every in-scope asset of a workload is staged"),
        row(R::DependencyNotStaged, "dependency-not-staged", UNLISTED, Asset, BLOCKS,
            "Every in-scope asset a workload needs, transitively, is staged"),
        row(R::StagedBeforeVerified, "staged-before-verified", ERROR, Asset, BLOCKS,
            "An asset is staged only once its replication is verified"),
        row(R::DependsOnRetiring, "depends-on-retiring", UNLISTED, Asset, BLOCKS,
            "Nothing a workload needs depends on an asset marked Retire"),
        row(R::DependencyMissing, "dependency-missing", ERROR, Asset, BLOCKS,
            "Every asset an asset depends on is in the plan"),
        row(R::DependsOnRetained, "depends-on-retained", INFO, Asset, NEVER_BLOCKS,
            "A dependency on an asset that stays on premises needs hybrid connectivity"),
        row(R::DependencyOutsideWorkload, "dependency-outside-workload", WARNING, Asset, NEVER_BLOCKS,
            "An asset of a workload depends on assets of the same workload"),
        row(R::RemediationWithoutIssues, "remediation-without-issues", WARNING, Asset, NEVER_BLOCKS,
            "An asset that needs remediation lists its compatibility issues"),
        row(R::RemediationDoneWithOpenIssues, "remediation-done-with-open-issues", WARNING, Asset, NEVER_BLOCKS,
            "Remediation is done only when every issue is resolved"),
        row(R::EmptyName, "empty-name", WARNING, Asset, NEVER_BLOCKS,
            "Every asset has a name"),
        row(R::DuplicateAssetName, "duplicate-asset-name", WARNING, Asset, NEVER_BLOCKS,
            "Asset names are unique: imports match assets by name"),
        row(R::ControlCharacterInName, "control-character-in-name", WARNING, Plan, NEVER_BLOCKS,
            "Names hold no control characters (NUL, escape, line breaks): they hide in lists and break reports"),
        row(R::DependencyInLaterWave, "dependency-in-later-wave", WARNING, Wave, NEVER_BLOCKS,
            "A workload needs no asset of a later wave, of no wave or of the inventory"),
        row(R::FirstWaveLarge, "first-wave-large", INFO, Wave, NEVER_BLOCKS,
            "The first wave has fewer than 10 assets to migrate, to learn on a small one"),
        row(R::WaveUndefined, "wave-undefined", WARNING, Wave, NEVER_BLOCKS,
            "Once a plan defines waves, a workload's wave names one of them"),
        row(R::WaveDatesInvalid, "wave-dates-invalid", WARNING, Wave, NEVER_BLOCKS,
            "A wave's dates are written YYYY-MM-DD and it does not end before it starts"),
        row(R::WaveOverLimit, "wave-over-limit", WARNING, Wave, NEVER_BLOCKS,
            "A wave holds no more assets to migrate, and takes no more hours of replication at the plan's bandwidth, than the plan's wave limits"),
        row(R::LogDateInvalid, "log-date-invalid", WARNING, Log, NEVER_BLOCKS,
            "A log entry's date and due date are calendar dates written YYYY-MM-DD"),
        promotion_row(R::ChecklistNotDone, "checklist-not-done", UNLISTED, Workload, BLOCKS_PROMOTION,
            "Every item of a workload's promotion checklist is done before it is promoted",
            "Business testing, the business change plan and the promotion pre-checks come before promotion"),
        promotion_row(R::DataSyncMissing, "data-sync-missing", WARNING, Asset, BLOCKS_PROMOTION,
            "A Staged or Flight workload's database and data assets are kept in sync until promotion",
            "In staged and flight promotion the migration tool can't assist ongoing replication after migration: a secondary means of data replication is required"),
        promotion_row(R::OneShotCopyForSingleStep, "one-shot-copy-for-single-step", WARNING, Asset, BLOCKS_PROMOTION,
            "A SingleStep workload's assets are replicated by a tool that keeps replicating until promotion",
            "In single-step promotion the migration tool keeps replicating until it promotes: a one-shot copy is stale by then"),
        promotion_row(R::SeparationOfDuties, "separation-of-duties", INFO, Activity, NEVER_BLOCKS,
            "A SingleStep workload's Staging and Promotion share no Accountable or Responsible party, or the room accepts it",
            "In single-step promotion the migration team needs access to production, which compromises separation of duties"),
        promotion_row(R::RemediationBeforePromotionModel, "remediation-before-promotion-model", WARNING, Workload, NEVER_BLOCKS,
            "Remediation starts once the workload's promotion model is decided",
            "After a promotion model is defined and accepted by the cloud adoption team, remediation of assets can begin"),
    ]
};

impl RuleId {
    /// Its row of the table.
    pub fn rule(self) -> &'static Rule {
        &RULES[self as usize]
    }

    pub fn code(self) -> &'static str {
        self.rule().code
    }

    /// The problem a finding is listed as; `None` when the rule lists none.
    pub fn problem(self, subject: Subject, message: String) -> Option<Problem> {
        let rule = self.rule();
        Some(Problem {
            severity: rule.severity?,
            code: rule.code,
            message,
            subject,
        })
    }
}

/// The row with this code.
pub fn rule(code: &str) -> Option<&'static Rule> {
    RULES.iter().find(|r| r.code == code)
}

/// Where findings go. The evaluation says what it found; the table says
/// what that becomes.
#[derive(Default)]
pub(crate) struct Findings {
    pub problems: Vec<Problem>,
}

impl Findings {
    /// Lists a finding among the problems, if its rule lists any; the
    /// message is formatted only then. A rule that blocks done adds its
    /// blockers where a workload is looked at ([`Findings::block`]).
    pub fn list(&mut self, id: RuleId, subject: Subject, message: impl FnOnce() -> String) {
        if id.rule().severity.is_some() {
            self.problems.extend(id.problem(subject, message()));
        }
    }

    /// A blocker of the workload being looked at, if the rule blocks done.
    pub fn block(
        blockers: &mut Vec<Blocker>,
        id: RuleId,
        subject: Subject,
        message: impl FnOnce() -> String,
    ) {
        let rule = id.rule();
        if rule.blocks_done {
            blockers.push(Blocker {
                code: rule.code,
                message: message(),
                subject,
            });
        }
    }

    /// A promotion blocker of the workload being looked at, if the rule
    /// blocks promotion: a step still to take (a checklist item), listed
    /// among no problems.
    pub fn block_promotion(
        promotion_blockers: &mut Vec<Blocker>,
        id: RuleId,
        subject: Subject,
        message: String,
    ) {
        let rule = id.rule();
        if rule.blocks_promotion {
            promotion_blockers.push(Blocker {
                code: rule.code,
                message,
                subject,
            });
        }
    }

    /// A finding about one workload (its decisions, its activities): a
    /// blocker of it when the rule blocks done, and a problem when the
    /// rule lists one, with the workload's name in front ("ERP, Staging:
    /// …" for an activity, "ERP: …" otherwise). One evaluation, one code.
    pub fn of_workload(
        &mut self,
        workload: &str,
        blockers: &mut Vec<Blocker>,
        id: RuleId,
        subject: Subject,
        message: String,
    ) {
        self.list_of_workload(workload, id, &subject, &message);
        Findings::block(blockers, id, subject, || message);
    }

    /// A finding about what one workload needs for promotion (its
    /// Promotion activity, its assets under its promotion model): a
    /// promotion blocker when the rule blocks anything (promotion needs
    /// what done needs, and more), and a problem as
    /// [`Findings::of_workload`] lists it.
    pub fn of_promotion(
        &mut self,
        workload: &str,
        promotion_blockers: &mut Vec<Blocker>,
        id: RuleId,
        subject: Subject,
        message: String,
    ) {
        self.list_of_workload(workload, id, &subject, &message);
        let rule = id.rule();
        if rule.blocks_promotion || rule.blocks_done {
            promotion_blockers.push(Blocker {
                code: rule.code,
                message,
                subject,
            });
        }
    }

    /// Lists a workload's finding among the problems, its name in front.
    fn list_of_workload(&mut self, workload: &str, id: RuleId, subject: &Subject, message: &str) {
        if id.rule().severity.is_some() {
            let joint = if matches!(subject, Subject::Activity(..)) {
                ","
            } else {
                ":"
            };
            let listed = format!("{workload}{joint} {message}");
            self.problems.extend(id.problem(subject.clone(), listed));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_rule_is_its_own_row_with_its_own_code() {
        let mut codes = std::collections::HashSet::new();
        for (i, rule) in RULES.iter().enumerate() {
            assert_eq!(rule.id as usize, i, "{} is out of place", rule.code);
            assert!(codes.insert(rule.code), "{} twice", rule.code);
            assert!(
                rule.severity.is_some() || rule.blocks_done || rule.blocks_promotion,
                "{} neither listed nor blocking",
                rule.code
            );
            assert!(
                !(rule.blocks_done && rule.blocks_promotion),
                "{} blocks done, and so promotion already",
                rule.code
            );
            assert_eq!(super::rule(rule.code), Some(rule));
        }
        assert_eq!(
            RuleId::RemediationBeforePromotionModel as usize,
            RULES.len() - 1
        );
    }

    /// The four promotion rules of the spec, each with its one-line reason
    /// from CAF; only the two about replication keep a workload from
    /// promotion.
    #[test]
    fn the_promotion_rules_say_why_in_one_line_from_caf() {
        let promotion = [
            ("data-sync-missing", Severity::Warning, true),
            ("one-shot-copy-for-single-step", Severity::Warning, true),
            ("separation-of-duties", Severity::Info, false),
            (
                "remediation-before-promotion-model",
                Severity::Warning,
                false,
            ),
        ];
        for (code, severity, blocks) in promotion {
            let rule = super::rule(code).expect("in the table");
            assert_eq!(rule.severity, Some(severity), "{code}");
            assert_eq!(rule.blocks_promotion, blocks, "{code}");
            assert!(!rule.blocks_done, "{code} does not change done");
            let caf = rule.caf.expect("a reason from CAF");
            assert!(!caf.is_empty() && !caf.contains('\n'), "{code}: {caf}");
        }
        let checklist = super::rule("checklist-not-done").expect("in the table");
        assert!(checklist.blocks_promotion && checklist.severity.is_none());
    }

    #[test]
    fn a_workload_finding_is_a_problem_and_a_blocker_with_one_code() {
        let mut findings = Findings::default();
        let mut blockers = Vec::new();
        findings.of_workload(
            "ERP",
            &mut blockers,
            RuleId::ActivityUnassigned,
            Subject::Activity("wl-1".into(), crate::model::ActivityKind::Staging),
            "Staging: no one is Responsible".into(),
        );
        findings.of_workload(
            "ERP",
            &mut blockers,
            RuleId::RemediationTimingNotShared,
            Subject::Workload("wl-1".into()),
            "Dana did not confirm".into(),
        );
        let listed: Vec<(&str, &str)> = findings
            .problems
            .iter()
            .map(|p| (p.code, p.message.as_str()))
            .collect();
        assert_eq!(
            listed,
            [
                ("activity-unassigned", "ERP, Staging: no one is Responsible"),
                ("remediation-timing-not-shared", "ERP: Dana did not confirm"),
            ]
        );
        assert_eq!(blockers.len(), 1, "the team check does not block done");
        assert_eq!(blockers[0].code, "activity-unassigned");
        assert_eq!(blockers[0].message, "Staging: no one is Responsible");
        let mut unlisted = Findings::default();
        unlisted.list(RuleId::AssetNotStaged, Subject::Plan, || {
            unreachable!("an unlisted rule formats no message")
        });
        assert!(unlisted.problems.is_empty());
    }
}
