//! The order of variable names: alphabetical, numeric subscripts in natural order
//! (`x2` before `x10`), as cli.md asks for the default variable order.

use std::cmp::Ordering;

/// Splits `x10` into (`x`, Some(10)); names without a numeric tail give `None`.
fn split_name(name: &str) -> (&str, Option<u128>) {
    let stem = name.trim_end_matches(|c: char| c.is_ascii_digit());
    let digits = &name[stem.len()..];
    (stem, digits.parse().ok())
}

/// Natural order of variable names: `w < x < x2 < x10 < y`.
pub fn natural_cmp(a: &str, b: &str) -> Ordering {
    let (sa, na) = split_name(a);
    let (sb, nb) = split_name(b);
    sa.cmp(sb).then(na.cmp(&nb)).then(a.cmp(b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subscripts_sort_naturally() {
        let mut v = vec!["x10", "y", "x2", "x", "w", "x1", "alpha"];
        v.sort_by(|a, b| natural_cmp(a, b));
        assert_eq!(v, ["alpha", "w", "x", "x1", "x2", "x10", "y"]);
    }
}
