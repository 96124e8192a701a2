//! Large synthetic plans for tests and benchmarks: realistic shapes
//! (workloads of 5–50 assets, about two dependencies per asset, shared
//! infrastructure left in the inventory, every stage present), deterministic
//! for a given seed.

use crate::derive::Stage;
use crate::model::{
    ActivityKind, Assessment, Asset, AssetKind, Criticality, IdKind, Issue, LogEntry, LogKind,
    LogStatus, Party, PartyKind, Plan, PromotionModel, Raci, RemediationStatus, RemediationTiming,
    ReplicationStatus, ReplicationTool, Role, Staging, Strategy, Workload, new_id_with,
};

const APPS: [&str; 24] = [
    "erp",
    "crm",
    "hr",
    "payroll",
    "billing",
    "intranet",
    "mail",
    "sharepoint",
    "bi",
    "etl",
    "portal",
    "shop",
    "inventory",
    "logistics",
    "treasury",
    "ledger",
    "claims",
    "booking",
    "helpdesk",
    "wiki",
    "build",
    "monitoring",
    "archive",
    "reporting",
];
const ROLES: [(&str, AssetKind); 6] = [
    ("web", AssetKind::VirtualMachine),
    ("app", AssetKind::VirtualMachine),
    ("db", AssetKind::Database),
    ("files", AssetKind::Data),
    ("svc", AssetKind::Application),
    ("lb", AssetKind::Network),
];
const OSES: [&str; 6] = [
    "Windows Server 2019",
    "Windows Server 2016",
    "Windows Server 2012 R2",
    "Windows Server 2008 R2",
    "Red Hat Enterprise Linux 8",
    "Ubuntu 20.04",
];
const PEOPLE: [&str; 8] = [
    "Dana Lee",
    "Zoë Müller",
    "Ravi Patel",
    "Amélie Dubois",
    "Kenji Sato",
    "Olga Ivanova",
    "Tom Becker",
    "Sara Lind",
];

/// A plan with `asset_count` assets, the same for the same seed.
pub fn generate(asset_count: usize, seed: u64) -> Plan {
    let mut rng = fastrand::Rng::with_seed(seed);
    let mut plan = Plan::named(format!("Synthetic migration ({asset_count} assets)"));

    for (role, name) in Role::CAF_TEAMS {
        plan.parties
            .push(party(&mut rng, name, PartyKind::Team, role));
    }
    for (i, name) in PEOPLE.iter().enumerate() {
        let role = [Role::BusinessOwner, Role::ApplicationOwner][i % 2];
        plan.parties
            .push(party(&mut rng, name, PartyKind::Person, role));
    }
    plan.parties.push(party(
        &mut rng,
        "Fabrikam Services",
        PartyKind::Team,
        Role::Vendor,
    ));
    let party_ids: Vec<String> = plan.parties.iter().map(|p| p.id.clone()).collect();

    // About one asset in eight is shared infrastructure in the inventory.
    let shared = (asset_count / 8).max(usize::from(asset_count > 0));
    let mut next_asset = 0;
    for i in 0..shared {
        let mut asset = asset_for(
            &mut rng,
            format!("infra-dc-{:03}", i + 1),
            AssetKind::VirtualMachine,
            next_asset,
        );
        asset.source.insert("role", "Domain controller");
        plan.assets.push(asset.into());
        next_asset += 1;
    }

    let mut workload_number = 0;
    while next_asset < asset_count {
        let size = rng.usize(5..=50).min(asset_count - next_asset);
        let app = APPS[workload_number % APPS.len()];
        let round = workload_number / APPS.len();
        let short = if round == 0 {
            app.to_owned()
        } else {
            format!("{app}{}", round + 1)
        };
        let workload = workload_for(&mut rng, &short, workload_number, &party_ids);
        let first = plan.assets.len();
        for k in 0..size {
            let (role, kind) = ROLES[rng.usize(..ROLES.len())];
            let mut asset = asset_for(
                &mut rng,
                format!("{short}-{role}-{:02}", k + 1),
                kind,
                next_asset,
            );
            asset.workload = Some(workload.id.clone());
            // Dependencies on earlier assets of the workload keep the graph
            // acyclic; one in four also needs a shared server.
            let deps = if k == 0 { 0 } else { rng.usize(1..=3).min(k) };
            for _ in 0..deps {
                let target = &plan.assets[first + rng.usize(0..k)].id;
                if !asset.depends_on.contains(target) {
                    asset.depends_on.push(target.clone());
                }
            }
            if shared > 0 && rng.usize(..4) == 0 {
                asset
                    .depends_on
                    .push(plan.assets[rng.usize(..shared)].id.clone());
            }
            if rng.usize(..10) == 0 {
                let activity = ActivityKind::MIGRATION[rng.usize(..3)];
                asset
                    .owners
                    .insert(activity, party_ids[rng.usize(..party_ids.len())].clone());
            }
            plan.assets.push(asset.into());
            next_asset += 1;
        }
        plan.workloads.push(workload);
        workload_number += 1;
    }

    for (i, kind) in LogKind::ALL.iter().enumerate() {
        plan.log.push(LogEntry {
            id: new_id_with(&mut rng, IdKind::Log),
            kind: *kind,
            text: format!("{} raised in workshop {}", kind.label(), i + 1),
            owner: Some(party_ids[i % party_ids.len()].clone()),
            status: if i % 2 == 0 {
                LogStatus::Open
            } else {
                LogStatus::Done
            },
            date: format!("2026-11-{:02}", 2 + i),
            ..LogEntry::default()
        });
    }
    plan
}

fn party(rng: &mut fastrand::Rng, name: &str, kind: PartyKind, role: Role) -> Party {
    Party {
        id: new_id_with(rng, IdKind::Party),
        name: name.to_owned(),
        kind,
        role,
        contact: String::new(),
    }
}

fn workload_for(
    rng: &mut fastrand::Rng,
    short: &str,
    number: usize,
    parties: &[String],
) -> Workload {
    let mut workload = Workload {
        id: new_id_with(rng, IdKind::Workload),
        name: short.to_uppercase(),
        description: format!("The {short} line-of-business application"),
        business_owner: Some(parties[7 + rng.usize(..4) * 2].clone()),
        technical_owner: Some(parties[8 + rng.usize(..4) * 2].clone()),
        criticality: Criticality::ALL[rng.usize(..4)],
        promotion_model: PromotionModel::ALL[if rng.usize(..6) == 0 {
            0
        } else {
            rng.usize(1..4)
        }],
        remediation_timing: RemediationTiming::ALL[if rng.usize(..6) == 0 {
            0
        } else {
            rng.usize(1..4)
        }],
        target: format!("sub-prod-{:02} / lz-corp / westeurope", number % 7 + 1),
        wave: format!("Wave {}", number / 6 + 1),
        ..Workload::default()
    };
    for activity in &mut workload.activities {
        // Most activities follow the rules; some are left for the workshop.
        if rng.usize(..5) != 0 {
            activity.raci.insert(parties[0].clone(), Raci::Accountable);
        }
        if rng.usize(..5) != 0 {
            activity
                .raci
                .insert(parties[3 + rng.usize(..3)].clone(), Raci::Responsible);
        }
        activity.raci.insert(parties[1].clone(), Raci::Informed);
    }
    workload
}

fn asset_for(rng: &mut fastrand::Rng, name: String, kind: AssetKind, number: usize) -> Asset {
    // The first eight assets take every stage in turn, so any plan of eight
    // or more has them all; after that, a spread like a real migration.
    let target = if number < Stage::ALL.len() {
        Stage::ALL[number]
    } else {
        const WEIGHTED: [Stage; 18] = [
            Stage::OutOfScope,
            Stage::Unassessed,
            Stage::Blocked,
            Stage::Remediating,
            Stage::Remediating,
            Stage::ReadyToReplicate,
            Stage::ReadyToReplicate,
            Stage::ReadyToReplicate,
            Stage::Replicating,
            Stage::Replicating,
            Stage::Failed,
            Stage::Replicated,
            Stage::Replicated,
            Stage::Verified,
            Stage::Verified,
            Stage::Staged,
            Stage::Staged,
            Stage::Staged,
        ];
        WEIGHTED[rng.usize(..WEIGHTED.len())]
    };
    let os = OSES[rng.usize(..OSES.len())];
    let mut asset = Asset {
        id: new_id_with(rng, IdKind::Asset),
        name,
        kind,
        strategy: [
            Strategy::Rehost,
            Strategy::Rehost,
            Strategy::Replatform,
            Strategy::Refactor,
        ][rng.usize(..4)],
        assessment: Assessment::Ready,
        replication: crate::model::Replication {
            status: ReplicationStatus::NotStarted,
            tool: match kind {
                AssetKind::Database => ReplicationTool::DatabaseMigrationService,
                AssetKind::Data => ReplicationTool::AzCopy,
                _ => ReplicationTool::AzureMigrate,
            },
        },
        source: crate::model::Facts::from([
            ("os".to_owned(), os.to_owned()),
            ("cpus".to_owned(), (2 << rng.usize(..4)).to_string()),
            (
                "memory_mib".to_owned(),
                (4096 << rng.usize(..4)).to_string(),
            ),
            (
                "host".to_owned(),
                format!("esx-{:02}.corp.local", rng.usize(1..=24)),
            ),
            ("cluster".to_owned(), format!("cl-{:02}", rng.usize(1..=4))),
            (
                "ip".to_owned(),
                format!(
                    "10.{}.{}.{}",
                    rng.u8(1..=20),
                    rng.u8(..=255),
                    rng.u8(1..=254)
                ),
            ),
        ]),
        ..Asset::default()
    };
    let issue = |text: &str, resolved| Issue {
        text: text.to_owned(),
        resolved,
    };
    match target {
        Stage::Blocked => {
            asset.assessment = Assessment::NotReady;
            asset.remediation.status = RemediationStatus::Required;
            asset
                .remediation
                .issues
                .push(issue(&format!("{os} is not supported"), false));
        }
        Stage::Remediating => {
            asset.assessment = Assessment::ReadyWithConditions;
            asset.remediation.status = RemediationStatus::InProgress;
            asset
                .remediation
                .issues
                .push(issue("Unsupported disk size", false));
        }
        Stage::OutOfScope => asset.strategy = Strategy::Retain,
        Stage::Unassessed => asset.assessment = Assessment::Unknown,
        Stage::ReadyToReplicate => {}
        Stage::Replicating => asset.replication.status = ReplicationStatus::Replicating,
        Stage::Failed => asset.replication.status = ReplicationStatus::Failed,
        Stage::Replicated => asset.replication.status = ReplicationStatus::Replicated,
        Stage::Verified => asset.replication.status = ReplicationStatus::Verified,
        Stage::Staged => {
            asset.replication.status = ReplicationStatus::Verified;
            asset.staging = Staging::Staged;
        }
    }
    asset
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::derive::derive;

    #[test]
    fn generated_plans_are_realistic_and_consistent() {
        let plan = generate(1000, 7);
        assert_eq!(plan.assets.len(), 1000);
        let derived = derive(&plan);
        for stage in Stage::ALL {
            assert!(derived.plan_stages[stage.index()] > 0, "{stage:?} missing");
        }
        for status in &derived.workloads {
            assert!(
                (1..=50).contains(&status.assets),
                "{} has {} assets",
                status.name,
                status.assets
            );
        }
        let deps: usize = plan.assets.iter().map(|a| a.depends_on.len()).sum();
        let per_asset = deps as f64 / plan.assets.len() as f64;
        assert!(
            (1.0..=3.0).contains(&per_asset),
            "{per_asset} dependencies per asset"
        );
        let errors: Vec<_> = derived
            .problems
            .iter()
            .filter(|p| {
                p.severity == crate::derive::Severity::Error && p.code != "duplicate-asset-name"
            })
            .collect();
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(generate(1000, 7), plan, "same seed, same plan");
    }
}
