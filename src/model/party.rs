//! Parties: the teams and people who hold RACI letters, with their CAF
//! roles.

use serde::{Deserialize, Serialize};

use super::{IdKind, new_id};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Party {
    pub id: String,
    pub name: String,
    pub kind: PartyKind,
    pub role: Role,
    pub contact: String,
}

impl Default for Party {
    fn default() -> Self {
        Self {
            id: String::new(),
            name: String::new(),
            kind: PartyKind::Team,
            role: Role::Other,
            contact: String::new(),
        }
    }
}

impl Party {
    /// A new party with a fresh id.
    pub fn new(name: impl Into<String>, kind: PartyKind, role: Role) -> Self {
        Self {
            id: new_id(IdKind::Party),
            name: name.into(),
            kind,
            role,
            contact: String::new(),
        }
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum PartyKind {
    #[default]
    Team,
    Person,
}

/// Role presets from the Cloud Adoption Framework.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Role {
    #[default]
    Other,
    CloudAdoption,
    CloudStrategy,
    CloudGovernance,
    CloudPlatform,
    CloudOperations,
    Security,
    CenterOfExcellence,
    BusinessOwner,
    ApplicationOwner,
    Vendor,
}

impl Role {
    pub const ALL: [Role; 11] = [
        Role::CloudAdoption,
        Role::CloudStrategy,
        Role::CloudGovernance,
        Role::CloudPlatform,
        Role::CloudOperations,
        Role::Security,
        Role::CenterOfExcellence,
        Role::BusinessOwner,
        Role::ApplicationOwner,
        Role::Vendor,
        Role::Other,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Role::Other => "Other",
            Role::CloudAdoption => "Cloud adoption",
            Role::CloudStrategy => "Cloud strategy",
            Role::CloudGovernance => "Cloud governance",
            Role::CloudPlatform => "Cloud platform",
            Role::CloudOperations => "Cloud operations",
            Role::Security => "Security",
            Role::CenterOfExcellence => "Cloud center of excellence",
            Role::BusinessOwner => "Business owner",
            Role::ApplicationOwner => "Application owner",
            Role::Vendor => "Vendor",
        }
    }

    /// The CAF teams a plan usually starts with, as team names.
    pub const CAF_TEAMS: [(Role, &'static str); 7] = [
        (Role::CloudAdoption, "Cloud adoption team"),
        (Role::CloudStrategy, "Cloud strategy team"),
        (Role::CloudGovernance, "Cloud governance team"),
        (Role::CloudPlatform, "Cloud platform team"),
        (Role::CloudOperations, "Cloud operations team"),
        (Role::Security, "Security team"),
        (Role::CenterOfExcellence, "Cloud center of excellence"),
    ];
}
