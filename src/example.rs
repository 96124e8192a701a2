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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_example_defines_the_waves_its_workloads_name() {
        let plan = example_plan();
        assert_eq!(plan.name, "Contoso wave 1", "the example loads");
        assert!(crate::derive::waves::undefined_labels(&plan).is_empty());
        let groups = crate::derive::waves::groups(&plan);
        let names: Vec<&str> = groups.iter().map(|g| g.name.as_str()).collect();
        assert_eq!(names, ["Wave 1", "Wave 2"], "no workload left in no wave");
        assert!(groups.iter().all(|g| !g.workloads.is_empty()));
        for wave in &plan.waves {
            assert!(
                wave.start.is_some() && wave.end.is_some(),
                "{} has dates",
                wave.name
            );
        }
        let derived = crate::derive::derive(&plan);
        let wave_rules: Vec<&str> = derived
            .problems
            .iter()
            .map(|p| p.code)
            .filter(|c| matches!(*c, "wave-undefined" | "wave-dates-invalid"))
            .collect();
        assert!(wave_rules.is_empty(), "{wave_rules:?}");
        assert_eq!(derived.count(crate::derive::Severity::Error), 0);
    }
}
