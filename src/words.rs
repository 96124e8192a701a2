//! Counted nouns that read well: "1 warning", "2 warnings", "1 activity",
//! "3 activities". One helper, so no screen, report or message says
//! "1 warnings".

/// `n` and the noun, singular for one and plural otherwise: the plural is
/// made the regular English way ("warning" → "warnings", "activity" →
/// "activities", "box" → "boxes"); use [`count_as`] for an irregular one.
pub fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {}", plural(noun))
    }
}

/// `n` and the singular or the given plural.
pub fn count_as(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

/// The regular English plural of a noun (of its last word).
pub fn plural(noun: &str) -> String {
    let lower = noun.to_ascii_lowercase();
    let consonant_y = lower.ends_with('y')
        && !lower.ends_with("ay")
        && !lower.ends_with("ey")
        && !lower.ends_with("oy")
        && !lower.ends_with("uy");
    if consonant_y {
        format!("{}ies", &noun[..noun.len() - 1])
    } else if ["s", "x", "z", "ch", "sh"]
        .iter()
        .any(|end| lower.ends_with(end))
    {
        format!("{noun}es")
    } else {
        format!("{noun}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_is_singular_and_every_other_count_is_plural() {
        assert_eq!(count(1, "warning"), "1 warning");
        assert_eq!(count(0, "warning"), "0 warnings");
        assert_eq!(count(2, "activity"), "2 activities");
        assert_eq!(count(1, "activity"), "1 activity");
        assert_eq!(count(3, "log entry"), "3 log entries");
        assert_eq!(count(2, "box"), "2 boxes");
        assert_eq!(count(2, "day"), "2 days");
        assert_eq!(count(4, "party"), "4 parties");
        assert_eq!(count_as(2, "person", "people"), "2 people");
        assert_eq!(count_as(1, "person", "people"), "1 person");
    }
}
