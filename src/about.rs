//! What Help › About says, and what a bug report needs: the version, the
//! license, and where Ferry keeps plans, their kept versions, recovery
//! copies and preferences, in words. Every path comes from the storage
//! module's own functions, so this text follows wherever storage puts
//! things.

use std::path::Path;

use crate::storage;

/// Ferry's version, as `ferry --version` prints it.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// The license Ferry is distributed under (an SPDX expression).
pub const LICENSE: &str = env!("CARGO_PKG_LICENSE");

/// The license in words, for people who do not read SPDX.
pub const LICENSE_WORDS: &str = "Ferry is free software: you may use, copy, change and share it under the \
     MIT license or the Apache License 2.0, whichever you prefer.";

/// `ferry X.Y.Z`: the line `ferry --version` prints and a bug report starts
/// with.
pub fn version_line() -> String {
    format!("ferry {VERSION}")
}

/// One thing Ferry keeps on disk: what it is and where, in words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Place {
    /// What is kept ("Kept versions").
    pub what: String,
    /// Where, in a sentence or two, with the folders spelled out.
    pub text: String,
}

/// Where Ferry keeps things on this machine. `data_dir` is the user's data
/// folder for Ferry (none when the system has no home folder); `plan` the
/// open plan's file (none for a plan never saved).
pub fn places(data_dir: Option<&Path>, plan: Option<&Path>) -> Vec<Place> {
    let mut places = Vec::new();
    places.push(Place {
        what: "Plans".into(),
        text: match plan {
            Some(plan) => format!(
                "Each plan is the .ron file you save it as, in any folder you choose. \
                 This one is {}.",
                plan.display()
            ),
            None => "Each plan is the .ron file you save it as, in any folder you choose. \
                     This one has not been saved yet."
                .into(),
        },
    });

    let beside = match plan {
        Some(plan) => format!(
            "for this plan, {}",
            storage::versions::beside(plan).display()
        ),
        None => format!(
            "named {} in the plan's folder",
            storage::versions::HIDDEN_FOLDER
        ),
    };
    let in_data = match data_dir {
        Some(data_dir) => format!(
            "in your data folder, {}",
            storage::versions::home_root(data_dir).display()
        ),
        None => "in your data folder, which this system does not have, so none are kept".into(),
    };
    places.push(Place {
        what: "Kept versions".into(),
        text: format!(
            "Each save keeps the version it replaces (the last {kept} of each plan; \
             File › Restore previous version… brings one back). When you can write to the \
             plan's folder, they are kept beside the plan in a hidden folder ({beside}), \
             so colleagues who share the folder can restore them too. When you cannot, \
             they are kept {in_data}.",
            kept = storage::versions::Limits::DEFAULT.count,
        ),
    });

    match data_dir {
        Some(data_dir) => {
            places.push(Place {
                what: "Unsaved changes".into(),
                text: format!(
                    "While a plan has unsaved changes, a recovery copy is written every few \
                     seconds to {}, never beside the plan, and offered back after a crash.",
                    storage::recovery::root(data_dir).display()
                ),
            });
            places.push(Place {
                what: "Preferences".into(),
                text: format!(
                    "Recent plans, zoom and column mappings are kept in {}.",
                    data_dir.display()
                ),
            });
        }
        None => places.push(Place {
            what: "Unsaved changes and preferences".into(),
            text: "This system has no data folder for Ferry: no recovery copies are \
                   written and preferences are not kept between runs."
                .into(),
        }),
    }
    places
}

/// Everything About shows, as plain text to paste into a bug report: the
/// version, the system, the license and the places.
pub fn report(data_dir: Option<&Path>, plan: Option<&Path>) -> String {
    let mut text = format!(
        "{}\nSystem: {} {}\nLicense: {LICENSE}\n",
        version_line(),
        std::env::consts::OS,
        std::env::consts::ARCH,
    );
    for place in places(data_dir, plan) {
        text.push_str(&format!("{}: {}\n", place.what, place.text));
    }
    text
}

#[cfg(test)]
#[path = "about_tests.rs"]
mod tests;
