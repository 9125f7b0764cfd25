//! Polynomial algebra over ℚ: sparse multivariate polynomials ([`Poly`]), their gcd and
//! square-free factorisation ([`gcd()`], [`square_free`]), and the bridge to and from pool
//! expressions ([`Generators`], [`expr_to_poly`], [`poly_to_expr`]), in which anything that
//! is not a polynomial (a call, `e^u`, a root, π) is an opaque generator — a variable of its
//! own.
//!
//! The simplifier ([`crate::simplify`]) builds rational normal forms on it; solving
//! polynomial systems (critical points) is meant to build on the same types. Nothing here
//! knows about printing or the command line.
//!
//! Why our own and not a crate: the candidates on crates.io were either young and changing
//! fast (zippel-gcd: a fine modular gcd, but 0.x with breaking releases months apart and a
//! tree of companion crates), built around a generic ring framework much larger than this
//! need (feanor-math), not under an open-source licence (Symbolica), or without gcds
//! (groebner, a Buchberger over `BigRational` only). What is needed here is small —
//! arithmetic, exact division, gcd, square-free parts — and must work on the project's own
//! exact numbers under a work budget, which none of them offers.

mod convert;
mod gcd;
mod groebner;
mod matrix;
mod poly;
mod roots;
mod solve;

pub use convert::{expanded, expr_to_poly, monomial_expr, poly_to_expr, Generators};
pub use gcd::{content_in, gcd, pseudo_remainder, square_free};
pub use groebner::Basis;
pub use matrix::{determinant, leading_minors};
pub use poly::{cadd, cmp_exps, cmul, Poly};
pub use roots::{real_roots, round_significant, RealRoot};
pub use solve::{solve, RealSolutions, SolveError, Solved, MAX_SOLUTIONS};

/// How much polynomial work an operation may still do, in units of about one coefficient
/// operation. Algorithms that can blow up (gcd, expansion) spend from it and give up, with
/// `None`, when it runs out, so that a caller can fall back to the form it had.
#[derive(Clone, Debug)]
pub struct Budget {
    left: usize,
}

impl Budget {
    pub fn new(units: usize) -> Budget {
        Budget { left: units }
    }

    /// Units still available.
    pub fn left(&self) -> usize {
        self.left
    }

    /// Takes `units`; `None` (and nothing left) when there are not that many.
    pub fn spend(&mut self, units: usize) -> Option<()> {
        match self.left.checked_sub(units) {
            Some(l) => {
                self.left = l;
                Some(())
            }
            None => {
                self.left = 0;
                None
            }
        }
    }
}
