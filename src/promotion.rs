//! The promotion model's say in the work (format 3): who usually holds the
//! Promotion activity under each model (the CAF team presets), and which
//! assets want a data sync until promotion. Offered, never imposed: the
//! views show these as suggestions and apply them through
//! [`crate::change::WorkloadChange`].
//!
//! CAF's promotion-model article: the model changes "the roles and
//! responsibilities of the cloud adoption team". In single-step promotion
//! the migration itself promotes, so the cloud adoption team needs access
//! to production; in staged and flight promotion the workload is promoted
//! after business testing, usually by the team that runs production.

use crate::change::WorkloadChange;
use crate::model::{AssetKind, Plan, PromotionModel, Role, Workload};

/// Who usually holds a workload's Promotion activity, as parties of the
/// plan (either may be missing when the plan has no such party).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Holders {
    /// The party that promotes: Responsible.
    pub responsible: Option<String>,
    /// The party answerable for it: Accountable.
    pub accountable: Option<String>,
    /// Why, in a sentence for the room (with the separation-of-duties
    /// note for single-step promotion).
    pub note: &'static str,
}

impl Holders {
    /// The change that gives these parties their letters, filling gaps
    /// only; `None` when there is no one to suggest.
    pub fn change(&self) -> Option<WorkloadChange> {
        (self.responsible.is_some() || self.accountable.is_some()).then(|| {
            WorkloadChange::PromotionHolders {
                responsible: self.responsible.clone(),
                accountable: self.accountable.clone(),
            }
        })
    }
}

/// The note for staged promotion.
pub const STAGED_NOTE: &str = "Staged promotion: the cloud operations team usually promotes the workload after business testing; the cloud adoption team stays accountable for the migration.";
/// The note for flight promotion.
pub const FLIGHT_NOTE: &str = "Flight promotion: the cloud operations team usually moves each flight of users to production; the cloud adoption team stays accountable for the migration.";
/// The note for single-step promotion: the separation of duties it costs.
pub const SINGLE_STEP_NOTE: &str = "Single-step promotion: the cloud adoption team promotes during the migration and so needs access to production, which weakens separation of duties. Accept it and say so, or give promotion to operations.";

/// Who usually holds the Promotion activity of `workload` under its
/// promotion model: the cloud operations team promotes a staged or flight
/// workload, with the cloud adoption team accountable (CAF: it is
/// accountable for the whole migration); in single-step promotion the
/// cloud adoption team promotes, and the workload's business owner, who
/// accepts the switch, is accountable. `None` while the model is
/// undecided. Parties are found by their CAF role, the first of each.
pub fn suggested_holders(plan: &Plan, workload: &Workload) -> Option<Holders> {
    let with_role = |role: Role| {
        plan.parties
            .iter()
            .find(|p| p.role == role)
            .map(|p| p.id.clone())
    };
    let adoption = with_role(Role::CloudAdoption);
    match workload.promotion_model {
        PromotionModel::Undecided => None,
        PromotionModel::Staged | PromotionModel::Flight => Some(Holders {
            responsible: with_role(Role::CloudOperations),
            accountable: adoption,
            note: if workload.promotion_model == PromotionModel::Staged {
                STAGED_NOTE
            } else {
                FLIGHT_NOTE
            },
        }),
        PromotionModel::SingleStep => {
            let owner = workload
                .business_owner
                .clone()
                .filter(|id| plan.party(id).is_some() && Some(id) != adoption.as_ref());
            Some(Holders {
                responsible: adoption,
                accountable: owner,
                note: SINGLE_STEP_NOTE,
            })
        }
    }
}

/// Whether an asset's form offers a data sync: for databases and data,
/// and for any asset of a Staged or Flight workload (whose data may live
/// anywhere until promotion).
pub fn offers_data_sync(kind: AssetKind, model: Option<PromotionModel>) -> bool {
    matches!(kind, AssetKind::Database | AssetKind::Data)
        || matches!(model, Some(PromotionModel::Staged | PromotionModel::Flight))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Party, PartyKind};

    fn plan_with_teams() -> Plan {
        let mut plan = Plan::named("Teams");
        for (role, name) in Role::CAF_TEAMS {
            plan.parties.push(Party::new(name, PartyKind::Team, role));
        }
        plan
    }

    fn id_of(plan: &Plan, role: Role) -> Option<String> {
        plan.parties
            .iter()
            .find(|p| p.role == role)
            .map(|p| p.id.clone())
    }

    #[test]
    fn operations_promote_staged_and_flight_workloads() {
        let plan = plan_with_teams();
        for model in [PromotionModel::Staged, PromotionModel::Flight] {
            let workload = Workload {
                promotion_model: model,
                ..Workload::new("ERP")
            };
            let holders = suggested_holders(&plan, &workload).expect("a suggestion");
            assert_eq!(holders.responsible, id_of(&plan, Role::CloudOperations));
            assert_eq!(holders.accountable, id_of(&plan, Role::CloudAdoption));
            assert!(holders.note.contains("operations"), "{}", holders.note);
        }
    }

    #[test]
    fn the_adoption_team_promotes_in_single_step_and_is_told_what_it_costs() {
        let mut plan = plan_with_teams();
        let owner = Party::new("Dana Lee", PartyKind::Person, Role::BusinessOwner);
        let mut workload = Workload {
            promotion_model: PromotionModel::SingleStep,
            business_owner: Some(owner.id.clone()),
            ..Workload::new("ERP")
        };
        let holders = suggested_holders(&plan, &workload).expect("a suggestion");
        assert_eq!(holders.responsible, id_of(&plan, Role::CloudAdoption));
        assert_eq!(holders.accountable, None, "the owner is not a party yet");
        assert!(holders.note.contains("separation of duties"));
        plan.parties.push(owner.clone());
        let holders = suggested_holders(&plan, &workload).expect("a suggestion");
        assert_eq!(holders.accountable, Some(owner.id.clone()));
        workload.promotion_model = PromotionModel::Undecided;
        assert_eq!(suggested_holders(&plan, &workload), None);
    }

    #[test]
    fn a_plan_without_the_teams_suggests_no_one() {
        let plan = Plan::named("Empty");
        let workload = Workload {
            promotion_model: PromotionModel::Staged,
            ..Workload::new("ERP")
        };
        let holders = suggested_holders(&plan, &workload).expect("a note still");
        assert_eq!(
            (holders.responsible.clone(), holders.accountable.clone()),
            (None, None)
        );
        assert_eq!(holders.change(), None);
    }

    #[test]
    fn data_sync_is_offered_for_data_and_for_staged_and_flight_workloads() {
        assert!(offers_data_sync(AssetKind::Database, None));
        assert!(offers_data_sync(
            AssetKind::Data,
            Some(PromotionModel::SingleStep)
        ));
        assert!(offers_data_sync(
            AssetKind::VirtualMachine,
            Some(PromotionModel::Flight)
        ));
        assert!(!offers_data_sync(
            AssetKind::VirtualMachine,
            Some(PromotionModel::SingleStep)
        ));
        assert!(!offers_data_sync(AssetKind::Application, None));
    }
}
