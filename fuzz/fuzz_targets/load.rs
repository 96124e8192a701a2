//! Plan loading must never panic, hang or overflow the stack, whatever the
//! bytes; and whatever loads must save and load back to the same plan.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let path = Path::new("fuzz.ron");
    if let Ok(plan) = ferry::storage::parse_bytes(data, path) {
        let text = ferry::storage::to_string(&plan);
        let again = ferry::storage::parse(&text, path).expect("a saved plan loads");
        assert_eq!(again, plan);
        let _ = ferry::derive::derive(&plan);
    }
});
