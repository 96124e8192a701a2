//! The example plan shipped in the binary, shown when Ferry starts with no
//! plan to reopen.

use std::path::Path;

use crate::model::Plan;

/// The example's file name, as shown in the title bar.
pub const EXAMPLE_NAME: &str = "contoso-wave1.ron";

/// The example plan's text, exactly as in `resources/examples/`.
pub const EXAMPLE_RON: &str = include_str!("../resources/examples/contoso-wave1.ron");

/// The example plan, parsed.
pub fn example_plan() -> Plan {
    // The example is checked by a test; should it ever be broken, an empty
    // plan is shown rather than nothing at all.
    crate::storage::parse(EXAMPLE_RON, Path::new(EXAMPLE_NAME)).unwrap_or_default()
}
