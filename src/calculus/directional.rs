//! The directional derivative: the unit vector u of a direction given toward a point, along a
//! vector or at an angle; D_u f = ∇f·u; and the direction of steepest ascent ∇f/|∇f| with its
//! rate |∇f|. Exact, in the pool; [`unit_toward`] is the same unit vector in double precision,
//! for `--points`, where the point P changes from row to row.

use super::builders::norm;
use super::present::{presentable, presentable_all};
use crate::expr::{ExprId, Func, Pool};

/// How a direction is given.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Direction {
    /// From the point P toward the point Q (`--toward Q`): v = Q − P.
    Toward(Vec<ExprId>),
    /// Along a vector of any length (`--along V`).
    Along(Vec<ExprId>),
    /// At an angle (radians) from the +x axis, in 2-D (`--angle A`): v = (cos A, sin A).
    Angle(ExprId),
}

/// A direction made a unit vector: u = v/|v|.
#[derive(Clone, Debug)]
pub struct UnitVector {
    /// v, the direction as given (Q − P for a point).
    pub direction: Vec<ExprId>,
    /// |v|.
    pub length: ExprId,
    /// u = v/|v|; its components are the direction cosines.
    pub unit: Vec<ExprId>,
}

/// A direction of length 0 (Q = P, or a zero vector) has no unit vector.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ZeroDirection;

impl Direction {
    /// v: Q − P (`at` is P), the vector as given, or (cos A, sin A).
    pub fn vector(&self, pool: &mut Pool, at: &[ExprId]) -> Vec<ExprId> {
        match self {
            Direction::Toward(q) => q.iter().zip(at).map(|(&qi, &pi)| pool.sub(qi, pi)).collect(),
            Direction::Along(v) => v.clone(),
            Direction::Angle(a) => {
                let c = pool.func(Func::Cos, *a);
                let s = pool.func(Func::Sin, *a);
                vec![c, s]
            }
        }
    }

    /// u = v/|v| at the point `at`, exact, |v| and u in their presentable forms (constants:
    /// `√(sin(a)² + cos(a)²)` is 1).
    pub fn unit_vector(&self, pool: &mut Pool, at: &[ExprId]) -> Result<UnitVector, ZeroDirection> {
        let direction = self.vector(pool, at);
        let length = norm(pool, &direction);
        if pool.is_zero(length) || pool.sign(length) == Some(0) {
            return Err(ZeroDirection);
        }
        let length = presentable(pool, length);
        let inv = pool.powi(length, -1);
        let unit: Vec<ExprId> = direction.iter().map(|&c| pool.mul2(c, inv)).collect();
        let unit = presentable_all(pool, &unit);
        Ok(UnitVector { direction, length, unit })
    }
}

/// D_u f = ∇f·u, symbolic (or at a point, given ∇f there).
pub fn derivative(pool: &mut Pool, gradient: &[ExprId], unit: &[ExprId]) -> ExprId {
    let terms: Vec<ExprId> = gradient.iter().zip(unit).map(|(&g, &u)| pool.mul2(g, u)).collect();
    pool.add(terms)
}

/// The steepest ascent at a point, from the gradient there: the largest rate |∇f| and its
/// direction ∇f/|∇f| (none where ∇f = 0: every direction changes f at rate 0).
#[derive(Clone, Debug)]
pub struct SteepestAscent {
    pub rate: ExprId,
    pub direction: Option<Vec<ExprId>>,
}

/// Both in their presentable forms (`√((2a + 1)²)` is `|2a + 1|`).
pub fn steepest_ascent(pool: &mut Pool, gradient_at: &[ExprId]) -> SteepestAscent {
    let rate = norm(pool, gradient_at);
    let rate = presentable(pool, rate);
    let direction = if pool.is_zero(rate) {
        None
    } else {
        let inv = pool.powi(rate, -1);
        let direction: Vec<ExprId> = gradient_at.iter().map(|&x| pool.mul2(x, inv)).collect();
        Some(presentable_all(pool, &direction))
    };
    SteepestAscent { rate, direction }
}

/// u = (Q − P)/|Q − P| in double precision (NaN components when Q = P).
pub fn unit_toward(q: &[f64], p: &[f64]) -> Vec<f64> {
    let d: Vec<f64> = q.iter().zip(p).map(|(a, b)| a - b).collect();
    let len = d.iter().map(|x| x * x).sum::<f64>().sqrt();
    d.iter().map(|x| x / len).collect()
}

/// ∇f·u in double precision.
pub fn dot(gradient: &[f64], unit: &[f64]) -> f64 {
    gradient.iter().zip(unit).map(|(a, b)| a * b).sum()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::print::{Printer, Style};
    use crate::syntax::{parse, ParseOptions};

    fn plain(pool: &Pool, ids: &[ExprId]) -> Vec<String> {
        let p = Printer::new(pool, Style::Plain);
        ids.iter().map(|&i| p.expr(i)).collect()
    }

    fn numbers(pool: &mut Pool, texts: &[&str]) -> Vec<ExprId> {
        texts.iter().map(|t| parse(pool, t, &ParseOptions::default()).unwrap()).collect()
    }

    #[test]
    fn unit_vectors_of_each_kind_of_direction() {
        // (direction, P, v, |v|, u), as gradcalc prints them.
        type Case<'a> = (&'a str, &'a [&'a str], &'a [&'a str], &'a [&'a str], &'a str, &'a [&'a str]);
        let cases: &[Case] = &[
            ("toward", &["2", "-1"], &["1", "0"], &["1", "-1"], "sqrt(2)", &["sqrt(2)/2", "-sqrt(2)/2"]),
            ("along", &["3", "4"], &["7", "7"], &["3", "4"], "5", &["3/5", "4/5"]),
            ("along", &["1", "2", "2"], &["0", "0", "0"], &["1", "2", "2"], "3", &["1/3", "2/3", "2/3"]),
            ("angle", &["pi/6"], &["0", "0"], &["sqrt(3)/2", "1/2"], "1", &["sqrt(3)/2", "1/2"]),
        ];
        for &(kind, given, at, v, len, u) in cases {
            let mut pool = Pool::default();
            let given = numbers(&mut pool, given);
            let at = numbers(&mut pool, at);
            let d = match kind {
                "toward" => Direction::Toward(given),
                "along" => Direction::Along(given),
                _ => Direction::Angle(given[0]),
            };
            let unit = d.unit_vector(&mut pool, &at).unwrap();
            assert_eq!(plain(&pool, &unit.direction), v, "{kind} {d:?}");
            assert_eq!(plain(&pool, &[unit.length]), [len], "{kind}");
            assert_eq!(plain(&pool, &unit.unit), u, "{kind}");
        }
    }

    #[test]
    fn a_zero_direction_has_no_unit_vector() {
        let mut pool = Pool::default();
        let at = numbers(&mut pool, &["1", "2"]);
        assert_eq!(Direction::Toward(at.clone()).unit_vector(&mut pool, &at).err(), Some(ZeroDirection));
        let zero = numbers(&mut pool, &["0", "1 - 1"]);
        assert_eq!(Direction::Along(zero).unit_vector(&mut pool, &at).err(), Some(ZeroDirection));
    }

    #[test]
    fn the_derivative_is_the_gradient_dotted_with_u() {
        let mut pool = Pool::default();
        let g = numbers(&mut pool, &["e^(2y)", "2x e^(2y)"]);
        let u = numbers(&mut pool, &["sqrt(2)/2", "-sqrt(2)/2"]);
        let du = derivative(&mut pool, &g, &u);
        assert_eq!(plain(&pool, &[du]), ["sqrt(2)*exp(2*y)/2 - sqrt(2)*x*exp(2*y)"]);
    }

    #[test]
    fn steepest_ascent_is_along_the_gradient_at_its_length() {
        let mut pool = Pool::default();
        let g = numbers(&mut pool, &["3", "-4"]);
        let s = steepest_ascent(&mut pool, &g);
        assert_eq!(plain(&pool, &[s.rate]), ["5"]);
        assert_eq!(plain(&pool, &s.direction.unwrap()), ["3/5", "-4/5"]);
        let zero = numbers(&mut pool, &["0", "0"]);
        let s = steepest_ascent(&mut pool, &zero);
        assert!(pool.is_zero(s.rate) && s.direction.is_none());
    }

    #[test]
    fn in_double_precision_too() {
        let u = unit_toward(&[4.0, 6.0], &[1.0, 2.0]);
        assert_eq!(u, [0.6, 0.8]);
        assert_eq!(dot(&[10.0, 5.0], &u), 10.0);
        assert!(unit_toward(&[1.0], &[1.0])[0].is_nan());
    }
}
