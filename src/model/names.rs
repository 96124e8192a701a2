//! Names as people type and import them: control characters (NUL, escape,
//! line breaks) hide in lists, break reports and make two names that look
//! alike differ, so imports take them out and `check` points them out.

/// A name without control characters (NUL, escape, bell, line breaks…):
/// tabs and line breaks become spaces, the others go. With what was
/// there, in words ("3 × U+0000"), when anything changed.
pub fn without_control_characters(name: &str) -> (String, Option<String>) {
    if !name.chars().any(char::is_control) {
        return (name.to_owned(), None);
    }
    let mut found: std::collections::BTreeMap<char, usize> = Default::default();
    let cleaned: String = name
        .chars()
        .filter_map(|c| {
            if !c.is_control() {
                return Some(c);
            }
            *found.entry(c).or_default() += 1;
            matches!(c, '\t' | '\n' | '\r').then_some(' ')
        })
        .collect();
    let what: Vec<String> = found
        .iter()
        .map(|(c, n)| {
            let code = format!("U+{:04X}", u32::from(*c));
            if *n == 1 {
                code
            } else {
                format!("{n} × {code}")
            }
        })
        .collect();
    (cleaned, Some(what.join(", ")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_taken_out_and_named() {
        assert_eq!(
            without_control_characters("web-01"),
            ("web-01".to_owned(), None)
        );
        assert_eq!(
            without_control_characters("\0\0\0"),
            (String::new(), Some("3 × U+0000".to_owned()))
        );
        assert_eq!(
            without_control_characters("erp\tdb\u{1b}01\n"),
            (
                "erp db01 ".to_owned(),
                Some("U+0009, U+000A, U+001B".to_owned())
            )
        );
    }
}
