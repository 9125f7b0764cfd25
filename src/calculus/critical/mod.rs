//! Critical points: every solution of ∇f = 0 (or, with constraints G = c, of the Lagrange
//! system ∇f = Σλᵢ∇Gᵢ, G = c), each classified.
//!
//! Two methods, one record ([`Critical`]) that the command prints and `--steps` explains:
//! - polynomial f and constraints ([`exact`]): the system is solved exactly and completely
//!   over the reals with [`crate::algebra`] (Gröbner basis, eliminants, exact real roots);
//!   points are rational, quadratic surds or real algebraic numbers known by a polynomial
//!   and an isolating interval; sets of critical points that are not isolated are said to
//!   be so, with their equations; each point is classified by the second-derivative test
//!   on its exact Hessian (Sylvester's criterion, [`super::definiteness::sylvester`]) and,
//!   where that is inconclusive, by the lowest-order terms of f − f(P) ([`higher`]);
//! - any other f ([`numeric`]): every solution in a box, by subdivision with the Krawczyk
//!   test on interval enclosures (exactly one solution in each reported box), refined, with
//!   exact forms recovered where an exact evaluation confirms them.

pub mod exact;
pub mod higher;
pub mod numeric;

use super::definiteness::{Conclusion, Definiteness};
use crate::algebra::RealRoot;
use crate::expr::{number, ExprId, Pool, SymId};
use num_bigint::BigInt;

/// An exact real number, or a certified enclosure of one.
#[derive(Clone, Debug)]
pub enum Real {
    /// A constant expression: a rational number, a quadratic surd, or a closed form a
    /// numerical root was confirmed to equal (`π/2`).
    Exact(ExprId),
    /// A real algebraic number without a closed form here: the root of its polynomial in its
    /// isolating interval.
    Root(RealRoot),
    /// Certified to lie in [lo, hi] (the numerical method; `mid` the refined estimate).
    Enclosed { lo: f64, hi: f64, mid: f64 },
}

impl Real {
    /// The nearest double.
    pub fn approx(&self, pool: &Pool) -> f64 {
        match self {
            Real::Exact(e) => pool.approx_const(*e),
            Real::Root(r) => r.clone().to_f64(),
            Real::Enclosed { mid, .. } => *mid,
        }
    }

    /// The sign, where it is decided.
    pub fn sign(&self, pool: &Pool) -> Option<i8> {
        match self {
            Real::Exact(e) => pool.sign(*e),
            Real::Root(r) => Some(r.clone().sign()),
            Real::Enclosed { lo, hi, .. } => {
                if *lo > 0.0 {
                    Some(1)
                } else if *hi < 0.0 {
                    Some(-1)
                } else {
                    None
                }
            }
        }
    }

    /// The decimal digits, correctly rounded where the number is exact.
    pub fn rounded(&self, pool: &Pool, digits: usize) -> Option<(bool, String, i64)> {
        match self {
            Real::Root(r) => Some(r.clone().rounded(digits)),
            Real::Exact(e) => pool.as_num(*e).map(|q| crate::algebra::round_significant(q, digits)),
            Real::Enclosed { .. } => None,
        }
    }
}

/// The expression a root of an exact method stands for: the rational, the quadratic surd
/// `(-b ± √(b² − 4ac))/2a`, or `None` (known only as a root).
pub fn closed_form(pool: &mut Pool, r: &RealRoot) -> Option<ExprId> {
    if let Some(q) = r.as_rational() {
        return Some(pool.num(q.clone()));
    }
    let ([a, b, c], larger) = r.quadratic()?;
    let two_a = number::Rational::from_integer(&a * 2);
    let vertex = number::div(&number::Rational::from_integer(-b.clone()), &two_a)?;
    let disc: BigInt = &b * &b - BigInt::from(4) * &a * &c;
    let radicand = number::div(&number::Rational::from_integer(disc), &number::mul(&two_a, &two_a))?;
    let v = pool.num(vertex);
    let rad = pool.num(radicand);
    let s = pool.sqrt(rad);
    let s = if larger { s } else { pool.neg(s) };
    Some(pool.add2(v, s))
}

/// The polynomial a root is known by, in the variable `var` (Σ cᵢ·varⁱ).
pub fn root_polynomial(pool: &mut Pool, r: &RealRoot, var: SymId) -> ExprId {
    let x = pool.var(var);
    let terms: Vec<ExprId> = r
        .poly()
        .iter()
        .enumerate()
        .filter(|(_, c)| !num_traits::Zero::is_zero(*c))
        .map(|(i, c)| {
            let c = pool.num(number::Rational::from_integer(c.clone()));
            let k = pool.int(i as i64);
            let p = pool.pow(x, k);
            pool.mul2(c, p)
        })
        .collect();
    pool.add(terms)
}

/// How the second-derivative test's verdict was settled when the Hessian left it open.
#[derive(Clone, Debug)]
pub enum HigherOrder {
    /// The lowest-order terms of f(P + h) − f(P), homogeneous of degree `degree`, are
    /// positive (or negative) for every h ≠ 0: a strict local minimum (maximum).
    Definite { terms: ExprId, degree: u32, positive: bool },
    /// Odd lowest degree: f − f(P) changes sign along a line through P (h and −h).
    Odd { terms: ExprId, degree: u32 },
    /// The lowest-order terms take both signs: f − f(P) is positive along one line through
    /// P and negative along another.
    Indefinite { terms: ExprId, degree: u32 },
    /// Along the line through P in the direction where the Hessian vanishes, f − f(P)
    /// begins with `coefficient`·t^`degree`: odd, or of the sign opposite to the Hessian's,
    /// it is a saddle; otherwise f has a local minimum (maximum) at P along every line
    /// through P, which does not decide it.
    AlongKernel { direction: Vec<ExprId>, coefficient: ExprId, degree: u32, hessian_positive: bool },
    /// The whole of f(P + h) − f(P), `terms`, is a sum of even powers of the hᵢ with
    /// coefficients of one sign and a pure power of every hᵢ among them: > 0 (< 0) for every
    /// h ≠ 0, a strict local minimum (maximum) — x² + y⁴.
    EvenPowers { terms: ExprId, positive: bool },
    /// f − f(P) is ≥ 0 (≤ 0) along every line through P, and nothing more was decided.
    EveryLine { positive: bool },
}

/// One critical point and what is known about it.
#[derive(Clone, Debug)]
pub struct Point {
    pub coords: Vec<Real>,
    /// λ of each constraint.
    pub multipliers: Vec<Real>,
    /// f(P).
    pub value: Real,
    /// The Hessian of f (of the Lagrangian, with constraints) at P.
    pub hessian: Vec<Vec<Real>>,
    /// Its leading principal minors (with constraints: of the bordered Hessian, the last
    /// n − m of them).
    pub minors: Vec<Real>,
    pub definiteness: Definiteness,
    /// What the second-derivative test says.
    pub test: Conclusion,
    /// What the point is, all arguments taken together.
    pub kind: Conclusion,
    /// The argument that went beyond the Hessian, if any.
    pub higher: Option<HigherOrder>,
    /// With constraints on a bounded set: the largest or smallest value of f on it.
    pub extreme: Option<Extreme>,
    /// Numerical method: the box proved to hold exactly this one solution.
    pub enclosure: Option<Vec<(f64, f64)>>,
}

/// The constrained maximum or minimum.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Extreme {
    Maximum,
    Minimum,
}

/// A set of critical points that are not isolated.
#[derive(Clone, Debug)]
pub struct SolutionSet {
    /// Its dimension (1: a curve or line, 2: a surface or plane, …).
    pub dimension: usize,
    /// The equations `e = 0` that define it, each an expression in the variables.
    pub equations: Vec<ExprId>,
    /// Every equation is linear (a line, a plane, …).
    pub linear: bool,
    /// f on it, when f is constant there.
    pub value: Option<ExprId>,
    /// Whether it is proved to have real points of that dimension (`None`: not decided).
    pub real: Option<bool>,
}

/// How the points were found.
#[derive(Clone, Debug)]
pub enum Method {
    /// Exact elimination: each variable's eliminant (a polynomial in it alone that vanishes
    /// at every solution), and the number of solutions over ℂ.
    Exact { eliminants: Vec<(SymId, ExprId)>, complex_count: usize },
    /// Subdivision with the Krawczyk test in a box: the box, and how many boxes were
    /// examined; `unresolved` boxes are those left undecided at the smallest width.
    Interval { range: Vec<(f64, f64)>, boxes: usize, unresolved: usize },
}

/// Everything `critical` found, as the record its output and derivation are rendered from.
#[derive(Clone, Debug)]
pub struct Critical {
    pub vars: Vec<SymId>,
    /// λ₁ … λₘ (one per constraint).
    pub lambdas: Vec<SymId>,
    /// The constraints G − c (each `= 0`).
    pub constraints: Vec<ExprId>,
    /// The gradient of f.
    pub gradient: Vec<ExprId>,
    /// The equations solved (each `= 0`): ∇f, or the Lagrange system.
    pub system: Vec<ExprId>,
    /// The Hessian of f (of the Lagrangian, with constraints), symbolic.
    pub hessian: Vec<Vec<ExprId>>,
    pub points: Vec<Point>,
    pub sets: Vec<SolutionSet>,
    pub method: Method,
    /// Every real solution is listed (in the box, for the numerical method).
    pub complete: bool,
    /// With constraints: whether the constraint set is proved bounded (`None`: not known).
    pub bounded: Option<bool>,
}

/// Names for the multipliers: λ (one constraint) or λ1, λ2, … — not clashing with a
/// variable of the problem.
pub fn multiplier_names(pool: &mut Pool, vars: &[SymId], m: usize) -> Vec<SymId> {
    let taken: Vec<String> = vars.iter().map(|&v| pool.name(v).to_string()).collect();
    // Stored by name, as a typed Greek letter is: printed λ, `lambda` and `\lambda`.
    let base = ["lambda", "mu", "nu"].iter().find(|b| !taken.iter().any(|t| t.starts_with(**b))).unwrap_or(&"lambda");
    if m == 1 {
        return vec![pool.symbol(base)];
    }
    (1..=m).map(|i| pool.symbol(&format!("{base}{i}"))).collect()
}
