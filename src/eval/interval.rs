//! Interval arithmetic with outward rounding, and the value of an expression over a box:
//! an interval certain to hold every value the expression takes there. `critical` proves
//! with it that a box holds exactly one zero of ∇f (the Krawczyk test), or none.
//!
//! Rounding: IEEE 754 `+ − × ÷` and `sqrt` are correctly rounded (half a unit in the last
//! place), so moving each computed end one ulp outward (`next_down`/`next_up`) encloses the
//! exact result. The elementary functions of the platform's libm are accurate to about one
//! ulp, not correctly rounded; their ends move four ulps outward. Constants (π, e, rationals)
//! are enclosed the same way.
//!
//! Why not a crate: `inari` (IEEE 1788) builds GMP and MPFR from C source (minutes on two
//! cores, a C toolchain in CI) and needs x86-64 FMA; the few operations needed here are
//! short and tested below against exact values.

use crate::expr::{approx, number};
use crate::expr::{Callee, ExprId, Func, Node, Pool, SymId};
use rustc_hash::FxHashMap;
use std::f64::consts::PI;

/// A closed interval [lo, hi] of reals (lo ≤ hi, both finite, or infinite ends for
/// "unbounded").
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Interval {
    pub lo: f64,
    pub hi: f64,
}

fn down(x: f64, ulps: u32) -> f64 {
    let mut y = x;
    for _ in 0..ulps {
        y = y.next_down();
    }
    y
}

fn up(x: f64, ulps: u32) -> f64 {
    let mut y = x;
    for _ in 0..ulps {
        y = y.next_up();
    }
    y
}

/// What an expression is over a box, when it is not an interval.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outside {
    /// Undefined everywhere in the box (ln of negatives).
    Nowhere,
    /// Defined in part of the box only, or unbounded there (a pole): no enclosure.
    Partly,
}

pub type Value = Result<Interval, Outside>;

// add, sub, mul, div and neg return a `Value` (an operation can leave the domain), so they
// cannot be the std::ops traits, whose results are plain intervals.
#[allow(clippy::should_implement_trait)]
impl Interval {
    pub fn point(x: f64) -> Interval {
        Interval { lo: x, hi: x }
    }

    pub fn new(lo: f64, hi: f64) -> Interval {
        Interval { lo, hi }
    }

    /// The exact value x widened by `ulps` on each side.
    fn around(x: f64, ulps: u32) -> Interval {
        Interval { lo: down(x, ulps), hi: up(x, ulps) }
    }

    fn outward(lo: f64, hi: f64, ulps: u32) -> Value {
        let (lo, hi) = (down(lo, ulps), up(hi, ulps));
        if lo.is_nan() || hi.is_nan() || lo > hi {
            return Err(Outside::Partly);
        }
        Ok(Interval { lo, hi })
    }

    pub fn width(&self) -> f64 {
        self.hi - self.lo
    }

    pub fn mid(&self) -> f64 {
        self.lo + (self.hi - self.lo) / 2.0
    }

    pub fn contains(&self, x: f64) -> bool {
        self.lo <= x && x <= self.hi
    }

    /// `self` lies strictly inside `other`.
    pub fn inside(&self, other: &Interval) -> bool {
        other.lo < self.lo && self.hi < other.hi
    }

    pub fn intersect(&self, other: &Interval) -> Option<Interval> {
        let lo = self.lo.max(other.lo);
        let hi = self.hi.min(other.hi);
        (lo <= hi).then_some(Interval { lo, hi })
    }

    /// Cut to [lo, hi] (a function's range, which rounding outward may overstep).
    fn clamp(self, lo: f64, hi: f64) -> Interval {
        Interval { lo: self.lo.max(lo), hi: self.hi.min(hi) }
    }

    pub fn hull(&self, other: &Interval) -> Interval {
        Interval { lo: self.lo.min(other.lo), hi: self.hi.max(other.hi) }
    }

    pub fn add(self, o: Interval) -> Value {
        Interval::outward(self.lo + o.lo, self.hi + o.hi, 1)
    }

    pub fn sub(self, o: Interval) -> Value {
        Interval::outward(self.lo - o.hi, self.hi - o.lo, 1)
    }

    pub fn neg(self) -> Interval {
        Interval { lo: -self.hi, hi: -self.lo }
    }

    pub fn mul(self, o: Interval) -> Value {
        // 0 × ∞ would be NaN; ends are finite here except for unbounded inputs.
        let ps = [self.lo * o.lo, self.lo * o.hi, self.hi * o.lo, self.hi * o.hi];
        let lo = ps.iter().cloned().fold(f64::INFINITY, f64::min);
        let hi = ps.iter().cloned().fold(f64::NEG_INFINITY, f64::max);
        Interval::outward(lo, hi, 1)
    }

    pub fn recip(self) -> Value {
        if self.contains(0.0) {
            return Err(if self.lo == 0.0 && self.hi == 0.0 { Outside::Nowhere } else { Outside::Partly });
        }
        Interval::outward(1.0 / self.hi, 1.0 / self.lo, 1)
    }

    pub fn div(self, o: Interval) -> Value {
        self.mul(o.recip()?)
    }

    /// xᵏ for a whole k (negative: the reciprocal).
    pub fn powi(self, k: i64) -> Value {
        if k < 0 {
            return self.powi(-k)?.recip();
        }
        if k == 0 {
            return Ok(Interval::point(1.0));
        }
        let kk = k.min(i32::MAX as i64) as i32;
        // powi squares repeatedly, and squaring doubles the relative error so far: xᵏ is
        // within (k − 1) rounding errors (k − 1)·ε/2 of the truth. Widen by 2k + 2 ulps' worth,
        // relative to the value (an ulp count for small k, a relative margin for large k).
        let widen = |v: f64, up: bool| {
            if k <= 64 {
                return v;
            }
            let m = v.abs() * (2 * k + 2) as f64 * f64::EPSILON;
            if up {
                v + m
            } else {
                v - m
            }
        };
        let ulps = if k <= 64 { 2 * k as u32 + 2 } else { 4 };
        let (a, b) = (self.lo.powi(kk), self.hi.powi(kk));
        // Each end widened both ways (which end is the low one depends on the signs below).
        let (a_lo, a_hi, b_lo, b_hi) = (widen(a, false), widen(a, true), widen(b, false), widen(b, true));
        if k % 2 == 1 || self.lo >= 0.0 {
            Interval::outward(a_lo, b_hi, ulps)
        } else if self.hi <= 0.0 {
            Interval::outward(b_lo, a_hi, ulps)
        } else {
            Interval::outward(0.0, a_hi.max(b_hi), ulps).map(|i| Interval { lo: 0.0, ..i })
        }
    }

    fn monotone(self, f: fn(f64) -> f64, increasing: bool) -> Value {
        let (a, b) = (f(self.lo), f(self.hi));
        if increasing {
            Interval::outward(a, b, 4)
        } else {
            Interval::outward(b, a, 4)
        }
    }

    /// Restricted to [lo, hi]: the part of the box where a function is defined.
    fn within(self, lo: f64, hi: f64) -> std::result::Result<Interval, Outside> {
        if self.hi < lo || self.lo > hi {
            return Err(Outside::Nowhere);
        }
        if self.lo < lo || self.hi > hi {
            return Err(Outside::Partly);
        }
        Ok(self)
    }

    pub fn sqrt(self) -> Value {
        self.within(0.0, f64::INFINITY)?;
        Interval::outward(self.lo.sqrt(), self.hi.sqrt(), 1).map(|i| Interval { lo: i.lo.max(0.0), ..i })
    }

    pub fn exp(self) -> Value {
        self.monotone(f64::exp, true).map(|i| Interval { lo: i.lo.max(0.0), ..i })
    }

    pub fn ln(self) -> Value {
        if self.hi <= 0.0 {
            return Err(Outside::Nowhere);
        }
        if self.lo <= 0.0 {
            return Err(Outside::Partly);
        }
        self.monotone(f64::ln, true)
    }

    /// sin over the interval: the ends, and ±1 where a peak or trough lies inside.
    pub fn sin(self) -> Value {
        self.periodic(f64::sin, PI / 2.0)
    }

    pub fn cos(self) -> Value {
        self.periodic(f64::cos, 0.0)
    }

    /// A function with period 2π, maximum 1 at `peak` + 2kπ and minimum −1 at peak + π +
    /// 2kπ: where an extremum might lie in the interval (tested with a margin), its value
    /// is included.
    fn periodic(self, f: fn(f64) -> f64, peak: f64) -> Value {
        if !(self.lo.is_finite() && self.hi.is_finite()) || self.width() >= 2.0 * PI {
            return Ok(Interval::new(-1.0, 1.0));
        }
        let (a, b) = (f(self.lo), f(self.hi));
        let mut lo = a.min(b);
        let mut hi = a.max(b);
        // k with peak + kπ in [lo − margin, hi + margin]: even k a maximum, odd a minimum.
        let margin = 1e-9 * (1.0 + self.lo.abs().max(self.hi.abs()));
        let k0 = ((self.lo - margin - peak) / PI).ceil() as i64;
        let k1 = ((self.hi + margin - peak) / PI).floor() as i64;
        for k in k0..=k1.min(k0 + 3) {
            if k.rem_euclid(2) == 0 {
                hi = 1.0;
            } else {
                lo = -1.0;
            }
        }
        let i = Interval::outward(lo, hi, 4)?;
        Ok(Interval { lo: i.lo.max(-1.0), hi: i.hi.min(1.0) })
    }

    pub fn tan(self) -> Value {
        // A pole at π/2 + kπ inside (with a margin): unbounded.
        let margin = 1e-9 * (1.0 + self.lo.abs().max(self.hi.abs()));
        let k0 = ((self.lo - margin - PI / 2.0) / PI).ceil();
        let k1 = ((self.hi + margin - PI / 2.0) / PI).floor();
        if k0 <= k1 {
            return Err(Outside::Partly);
        }
        self.monotone(f64::tan, true)
    }

    pub fn atan(self) -> Value {
        self.monotone(f64::atan, true)
    }

    pub fn asin(self) -> Value {
        self.within(-1.0, 1.0)?.monotone(f64::asin, true)
    }

    pub fn acos(self) -> Value {
        self.within(-1.0, 1.0)?.monotone(f64::acos, false)
    }

    pub fn sinh(self) -> Value {
        self.monotone(f64::sinh, true)
    }

    pub fn cosh(self) -> Value {
        let (a, b) = (self.lo.cosh(), self.hi.cosh());
        if self.contains(0.0) {
            Interval::outward(1.0, a.max(b), 4).map(|i| Interval { lo: 1.0, ..i })
        } else {
            Interval::outward(a.min(b), a.max(b), 4)
        }
    }

    pub fn tanh(self) -> Value {
        self.monotone(f64::tanh, true)
    }

    pub fn asinh(self) -> Value {
        self.monotone(f64::asinh, true)
    }

    pub fn acosh(self) -> Value {
        self.within(1.0, f64::INFINITY)?.monotone(f64::acosh, true)
    }

    pub fn atanh(self) -> Value {
        if self.hi <= -1.0 || self.lo >= 1.0 {
            return Err(Outside::Nowhere);
        }
        if self.lo <= -1.0 || self.hi >= 1.0 {
            return Err(Outside::Partly);
        }
        self.monotone(f64::atanh, true)
    }

    pub fn abs(self) -> Interval {
        if self.lo >= 0.0 {
            self
        } else if self.hi <= 0.0 {
            self.neg()
        } else {
            Interval { lo: 0.0, hi: (-self.lo).max(self.hi) }
        }
    }
}

/// An enclosure of an exact constant's value.
fn constant(pool: &Pool, id: ExprId) -> Value {
    if let Some(r) = pool.as_num(id) {
        let x = number::to_f64(r);
        if !x.is_finite() {
            return Err(Outside::Partly);
        }
        // to_f64 of a rational is correctly rounded only for small ones: two ulps.
        return Ok(Interval::around(x, 2));
    }
    Err(Outside::Partly)
}

/// The values of `id` over the box (`vars[i]` ranges over `bx[i]`), memoised per node.
pub struct Evaluator<'p> {
    pool: &'p Pool,
    index: FxHashMap<SymId, usize>,
    memo: FxHashMap<ExprId, Value>,
}

impl<'p> Evaluator<'p> {
    pub fn new(pool: &'p Pool, vars: &[SymId]) -> Evaluator<'p> {
        Evaluator { pool, index: vars.iter().enumerate().map(|(i, &v)| (v, i)).collect(), memo: FxHashMap::default() }
    }

    /// The enclosures of several expressions over one box (sharing one memo).
    pub fn eval_all(&mut self, ids: &[ExprId], bx: &[Interval]) -> Vec<Value> {
        self.memo.clear();
        ids.iter().map(|&id| self.eval(id, bx)).collect()
    }

    fn eval(&mut self, id: ExprId, bx: &[Interval]) -> Value {
        if let Some(v) = self.memo.get(&id) {
            return *v;
        }
        let v = self.compute(id, bx);
        self.memo.insert(id, v);
        v
    }

    fn compute(&mut self, id: ExprId, bx: &[Interval]) -> Value {
        let pool = self.pool;
        match pool.node(id) {
            Node::Num(_) => constant(pool, id),
            Node::Pi => Ok(Interval::around(PI, 1)),
            Node::E => Ok(Interval::around(std::f64::consts::E, 1)),
            Node::Sym(s) => match self.index.get(s) {
                Some(&i) => Ok(bx[i]),
                None => Err(Outside::Partly), // a parameter without a value
            },
            Node::Add(ts) => {
                let mut acc = Interval::point(0.0);
                for &t in ts.iter() {
                    acc = acc.add(self.eval(t, bx)?)?;
                }
                Ok(acc)
            }
            Node::Mul(fs) => {
                let mut acc = Interval::point(1.0);
                for &f in fs.iter() {
                    acc = acc.mul(self.eval(f, bx)?)?;
                }
                Ok(acc)
            }
            Node::Pow(b, e) => {
                let (b, e) = (*b, *e);
                if matches!(pool.node(b), Node::E) {
                    return self.eval(e, bx)?.exp();
                }
                if let Some(r) = pool.as_num(e) {
                    if r.is_integer() {
                        if let Some(k) = number::as_small_int(r) {
                            return self.eval(b, bx)?.powi(k);
                        }
                    }
                    if r.numer() == &1.into() && r.denom() == &2.into() {
                        return self.eval(b, bx)?.sqrt();
                    }
                }
                // b^e = exp(e·ln b), for b > 0.
                let base = self.eval(b, bx)?;
                let ex = self.eval(e, bx)?;
                base.ln()?.mul(ex)?.exp()
            }
            Node::Func(f, a) => {
                let x = self.eval(*a, bx)?;
                match f {
                    Func::Sin => x.sin(),
                    Func::Cos => x.cos(),
                    Func::Tan => x.tan(),
                    Func::Cot => x.tan()?.recip(),
                    Func::Sec => x.cos()?.recip(),
                    Func::Csc => x.sin()?.recip(),
                    Func::Asin => x.asin(),
                    Func::Acos => x.acos(),
                    Func::Atan => x.atan(),
                    Func::Sinh => x.sinh(),
                    Func::Cosh => x.cosh(),
                    Func::Tanh => x.tanh(),
                    Func::Asinh => x.asinh(),
                    Func::Acosh => x.acosh(),
                    Func::Atanh => x.atanh(),
                    Func::Ln => x.ln(),
                    Func::Abs => Ok(x.abs()),
                    // Increasing: sigmoid, softplus, erf — their f64 values are the evaluator's own
                    // (`approx::apply`, within an ulp or two), widened outward by `monotone`.
                    Func::Sigmoid => x.monotone(|t| approx::apply(Func::Sigmoid, t), true).map(|i| i.clamp(0.0, 1.0)),
                    Func::Softplus => x.monotone(|t| approx::apply(Func::Softplus, t), true),
                    Func::Erf => x.monotone(|t| approx::apply(Func::Erf, t), true).map(|i| i.clamp(-1.0, 1.0)),
                    // Non-decreasing, and exact in doubles.
                    Func::Floor => Ok(Interval::new(x.lo.floor(), x.hi.floor())),
                    Func::Ceil => Ok(Interval::new(x.lo.ceil(), x.hi.ceil())),
                    Func::Sign => Ok(Interval::new(sign_of(x.lo), sign_of(x.hi))),
                }
            }
            Node::Call(callee, args) => {
                let args = args.clone();
                match callee {
                    // Non-decreasing in each argument: the ends of the arguments' ends.
                    Callee::Max | Callee::Min => {
                        let max = matches!(callee, Callee::Max);
                        let mut acc: Option<Interval> = None;
                        for &a in args.iter() {
                            let v = self.eval(a, bx)?;
                            acc = Some(match acc {
                                None => v,
                                Some(w) if max => Interval::new(w.lo.max(v.lo), w.hi.max(v.hi)),
                                Some(w) => Interval::new(w.lo.min(v.lo), w.hi.min(v.hi)),
                            });
                        }
                        acc.ok_or(Outside::Partly)
                    }
                    // No enclosure here: the search treats the box as undecided.
                    Callee::Atan2 | Callee::Unknown { .. } => Err(Outside::Partly),
                }
            }
        }
    }
}

/// −1, 0 or 1.
fn sign_of(x: f64) -> f64 {
    if x > 0.0 {
        1.0
    } else if x < 0.0 {
        -1.0
    } else {
        0.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn iv(lo: f64, hi: f64) -> Interval {
        Interval::new(lo, hi)
    }

    #[test]
    fn enclosures_hold_the_true_values() {
        let x = iv(0.1, 0.3);
        let s = x.sin().unwrap();
        assert!(s.contains(0.1f64.sin()) && s.contains(0.3f64.sin()) && s.contains(0.2f64.sin()));
        // a peak inside
        let s = iv(1.0, 2.0).sin().unwrap();
        assert_eq!(s.hi, 1.0);
        let c = iv(3.0, 3.3).cos().unwrap();
        assert_eq!(c.lo, -1.0);
        // squares of intervals around 0
        assert_eq!(iv(-2.0, 1.0).powi(2).unwrap().lo, 0.0);
        assert!(iv(-2.0, 1.0).powi(3).unwrap().contains(-8.0));
        // outward rounding: 0.1 + 0.2 encloses the real 3/10
        let t = Interval::around(0.1, 1).add(Interval::around(0.2, 1)).unwrap();
        assert!(t.lo < 0.3 && 0.3 < t.hi);
        // domains
        assert_eq!(iv(-2.0, -1.0).ln(), Err(Outside::Nowhere));
        assert_eq!(iv(-1.0, 1.0).ln(), Err(Outside::Partly));
        assert_eq!(iv(-1.0, 1.0).recip(), Err(Outside::Partly));
        assert_eq!(iv(1.0, 2.0).tan(), Err(Outside::Partly));
    }

    #[test]
    fn expressions_over_boxes() {
        let mut pool = Pool::default();
        let e = crate::syntax::parse(&mut pool, "sin(x) cos(y) + e^x", &Default::default()).unwrap();
        let vars = [pool.symbol("x"), pool.symbol("y")];
        let mut ev = Evaluator::new(&pool, &vars);
        let bx = [iv(0.5, 0.5), iv(1.0, 1.0)];
        let v = ev.eval_all(&[e], &bx)[0].unwrap();
        let want = 0.5f64.sin() * 1f64.cos() + 0.5f64.exp();
        assert!(v.contains(want) && v.width() < 1e-14, "{v:?}");
        // random boxes: the values at sample points lie inside
        for k in 0..50 {
            let a = -4.0 + 0.16 * k as f64;
            let bx = [iv(a, a + 0.3), iv(-a, -a + 0.2)];
            let v = ev.eval_all(&[e], &bx)[0].unwrap();
            for (x, y) in [(a, -a), (a + 0.3, -a + 0.2), (a + 0.1, -a + 0.05)] {
                let f = x.sin() * y.cos() + x.exp();
                assert!(v.contains(f), "{v:?} {f}");
            }
        }
    }
}
