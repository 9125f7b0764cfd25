//! The total differential df = f_x dx + f_y dy + …: its coefficients are the gradient's
//! entries, each split into a sign and a magnitude so that it is written `2x dx - 2y dy`
//! rather than `2x dx + (-2y) dy`. Printing the form is [`crate::print::values::Printers::differential`].

use crate::expr::{number, ExprId, Node, Pool};

/// One term of a differential: ± magnitude · d(variable).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Term {
    /// Written with a minus sign.
    pub negative: bool,
    pub magnitude: ExprId,
}

/// The terms of df from the coefficients (the gradient, or its value at a point), in the
/// order of the variables. A sum keeps its signs inside its parentheses.
pub fn terms(pool: &mut Pool, coefficients: &[ExprId]) -> Vec<Term> {
    coefficients
        .iter()
        .map(|&c| {
            let negative = pool.coeff_of(c) < number::int(0) && !matches!(pool.node(c), Node::Add(_));
            Term { negative, magnitude: if negative { pool.neg(c) } else { c } }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::print::{Printer, Style};
    use crate::syntax::{parse, ParseOptions};

    #[test]
    fn signs_come_out_of_products_but_not_out_of_sums() {
        // (coefficient, negative?, magnitude)
        let cases = [
            ("2x", false, "2*x"),
            ("-2y", true, "2*y"),
            ("-x*sin(y)", true, "x*sin(y)"),
            ("-1", true, "1"),
            ("0", false, "0"),
            ("1 - x", false, "1 - x"),
            ("-x - y", false, "-x - y"),
        ];
        for (c, negative, magnitude) in cases {
            let mut pool = Pool::default();
            let id = parse(&mut pool, c, &ParseOptions::default()).unwrap();
            let t = terms(&mut pool, &[id])[0];
            assert_eq!(t.negative, negative, "{c}");
            assert_eq!(Printer::new(&pool, Style::Plain).expr(t.magnitude), magnitude, "{c}");
        }
    }
}
