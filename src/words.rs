//! Counted words, written once for the app, the reports and the command
//! line: "1 workload", "2 workloads", "1 activity", "3 activities",
//! "1,204 assets". A count and its noun always agree.

use std::borrow::Cow;

/// The plural of an English noun (or of the last word of a phrase: "log
/// entry" → "log entries"): consonant + y → ies, s/x/z/ch/sh → es, else
/// s. Nouns that break these rules are listed.
pub fn plural(singular: &str) -> String {
    const IRREGULAR: [(&str, &str); 3] = [("person", "people"), ("is", "are"), ("was", "were")];
    for (one, many) in IRREGULAR {
        if let Some(stem) = singular.strip_suffix(one)
            && (stem.is_empty() || stem.ends_with(' '))
        {
            return format!("{stem}{many}");
        }
    }
    if let Some(stem) = singular.strip_suffix('y')
        && stem
            .chars()
            .last()
            .is_some_and(|c| c.is_alphabetic() && !"aeiouAEIOU".contains(c))
    {
        return format!("{stem}ies");
    }
    if ["s", "x", "z", "ch", "sh"]
        .iter()
        .any(|end| singular.ends_with(end))
    {
        return format!("{singular}es");
    }
    format!("{singular}s")
}

/// The noun as `n` of it reads: the singular for one, the plural else.
pub fn noun(n: usize, singular: &str) -> Cow<'_, str> {
    if n == 1 {
        Cow::Borrowed(singular)
    } else {
        Cow::Owned(plural(singular))
    }
}

/// "1 workload", "0 workloads", "12 workloads".
pub fn count(n: usize, singular: &str) -> String {
    format!("{n} {}", noun(n, singular))
}

/// The same with the digits grouped by thousands: "1,204 assets".
pub fn grouped(n: usize, singular: &str) -> String {
    format!("{} {}", thousands(n), noun(n, singular))
}

/// 1204 → "1,204".
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// The first `shown` names and how many more: "a, b, c, … and 67 more";
/// all of them when they are few.
pub fn first_names<S: AsRef<str>>(names: &[S], shown: usize) -> String {
    names_and_more(&names[..shown.min(names.len())], names.len())
}

/// The names listed, then how many of `total` are left: "a, b, … and 67
/// more" (the names are the first of the `total`).
pub fn names_and_more<S: AsRef<str>>(listed: &[S], total: usize) -> String {
    let listed: Vec<&str> = listed.iter().map(AsRef::as_ref).collect();
    match total.saturating_sub(listed.len()) {
        0 => listed.join(", "),
        more if listed.is_empty() => format!("{more} more"),
        more => format!("{}, … and {more} more", listed.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_is_singular_and_every_other_count_plural() {
        assert_eq!(count(1, "workload"), "1 workload");
        assert_eq!(count(0, "workload"), "0 workloads");
        assert_eq!(count(2, "warning"), "2 warnings");
        assert_eq!(count(1, "activity"), "1 activity");
        assert_eq!(count(3, "activity"), "3 activities");
        assert_eq!(count(2, "log entry"), "2 log entries");
        assert_eq!(count(2, "party"), "2 parties");
        assert_eq!(count(2, "day"), "2 days", "a vowel before the y");
        assert_eq!(count(2, "match"), "2 matches");
        assert_eq!(count(2, "box"), "2 boxes");
        assert_eq!(count(2, "person"), "2 people");
        assert_eq!(count(5, "asset"), "5 assets");
        assert_eq!(noun(1, "was"), "was");
        assert_eq!(noun(4, "was"), "were");
    }

    #[test]
    fn big_counts_group_their_digits() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1_204), "1,204");
        assert_eq!(thousands(1_000_000), "1,000,000");
        assert_eq!(grouped(10_000, "asset"), "10,000 assets");
        assert_eq!(grouped(1, "asset"), "1 asset");
    }

    #[test]
    fn a_long_list_of_names_ends_with_how_many_more() {
        let names: Vec<String> = (1..=70).map(|i| format!("app-{i:02}")).collect();
        assert_eq!(
            first_names(&names, 3),
            "app-01, app-02, app-03, … and 67 more"
        );
        assert_eq!(first_names(&names[..2], 3), "app-01, app-02");
        assert_eq!(first_names::<&str>(&[], 3), "");
        assert_eq!(names_and_more(&["a", "b"], 5), "a, b, … and 3 more");
    }
}
