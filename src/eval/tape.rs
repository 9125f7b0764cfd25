//! Expressions compiled to a flat list of f64 instructions, for evaluating at many points
//! (`--points`, `descend`). Compiled once; shared subexpressions are computed once per point
//! because the pool already shares them, and all outputs (every entry of a gradient) share
//! one tape.
//!
//! Evaluation over many points runs the tape a block of [`LANES`] points at a time, one
//! instruction across the whole block before the next (structure of arrays): the dispatch
//! on the instruction is paid once per block instead of once per point, and the arithmetic
//! loops are plain slice loops the compiler vectorises. Constants are filled in once.
//! Large batches are split between the machine's cores ([`Tape::eval_many`]).

use crate::expr::approx::{apply, apply_call, exp_minus_one, one_plus, real_pow_rational};
use crate::expr::{number, Callee, ExprId, Func, Node, Pool, Rational, SymId};
use num_traits::ToPrimitive;
use rustc_hash::FxHashMap;

/// Points evaluated together in one pass over the tape.
pub const LANES: usize = 128;

/// Threads for batches of points: `GRADCALC_THREADS` if set (1 = no extra thread), else
/// the cores available.
pub fn threads() -> usize {
    let env = std::env::var("GRADCALC_THREADS").ok().and_then(|v| v.trim().parse::<usize>().ok());
    env.filter(|&n| n > 0).unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
}

/// The cores available, whatever `GRADCALC_THREADS` says.
pub fn threads_available() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// Below this many points a batch is not worth a second thread.
const PARALLEL_MIN_POINTS: usize = 8192;

#[derive(Clone, Debug)]
enum Ins {
    Const(f64),
    Input(u32),
    Add(u32, u32),
    Mul(u32, u32),
    /// A rational power p/q, real-valued (odd roots of negatives are real).
    PowRational(u32, Rational),
    /// `sqrt(a)^n` (exponent n/2).
    HalfPow(u32, i32),
    /// `cbrt(a)^n` (exponent n/3).
    ThirdPow(u32, i32),
    Square(u32),
    Recip(u32),
    Powi(u32, i32),
    Sqrt(u32),
    Exp(u32),
    Pow(u32, u32),
    Call(Func, u32),
    /// ln(1 + a), as `ln_1p` (see [`crate::expr::approx::one_plus`]).
    Log1p(u32),
    /// e^a − 1, as `exp_m1`.
    Expm1(u32),
    Max(u32, u32),
    Min(u32, u32),
    Atan2(u32, u32),
}

/// A compiled list of expressions over the given variables.
pub struct Tape {
    ins: Vec<Ins>,
    outputs: Vec<u32>,
    inputs: usize,
}

impl Tape {
    pub fn compile(pool: &Pool, exprs: &[ExprId], vars: &[SymId]) -> Tape {
        // Ids are topologically ordered (children first): collect what is reachable, sorted.
        let mut reach: Vec<ExprId> = Vec::new();
        let mut seen = rustc_hash::FxHashSet::default();
        let mut stack: Vec<ExprId> = exprs.to_vec();
        while let Some(id) = stack.pop() {
            if !seen.insert(id) {
                continue;
            }
            reach.push(id);
            match pool.node(id) {
                Node::Add(cs) if exp_minus_one(pool, cs).is_some() => stack.extend(exp_minus_one(pool, cs)),
                Node::Add(cs) | Node::Mul(cs) => stack.extend_from_slice(cs),
                Node::Pow(b, e) => {
                    stack.push(*b);
                    // Numeric exponents are folded into the instruction.
                    if pool.as_num(*e).is_none() || matches!(pool.node(*b), Node::E) {
                        stack.push(*e);
                    }
                }
                Node::Func(Func::Ln, a) => stack.push(one_plus(pool, *a).unwrap_or(*a)),
                Node::Func(_, a) => stack.push(*a),
                Node::Call(_, args) => stack.extend_from_slice(args),
                _ => {}
            }
        }
        reach.sort_unstable();
        let var_index: FxHashMap<SymId, u32> = vars.iter().enumerate().map(|(i, &v)| (v, i as u32)).collect();
        let mut slot: FxHashMap<ExprId, u32> = FxHashMap::default();
        let mut ins: Vec<Ins> = Vec::with_capacity(reach.len());
        let emit = |ins: &mut Vec<Ins>, i: Ins| -> u32 {
            ins.push(i);
            (ins.len() - 1) as u32
        };
        for id in reach {
            let s = match pool.node(id) {
                Node::Num(r) => emit(&mut ins, Ins::Const(number::to_f64(r))),
                Node::Pi => emit(&mut ins, Ins::Const(std::f64::consts::PI)),
                Node::E => emit(&mut ins, Ins::Const(std::f64::consts::E)),
                Node::Sym(v) => match var_index.get(v) {
                    Some(&i) => emit(&mut ins, Ins::Input(i)),
                    None => emit(&mut ins, Ins::Const(f64::NAN)),
                },
                Node::Add(cs) if exp_minus_one(pool, cs).is_some() => {
                    let u = exp_minus_one(pool, cs).map_or(0, |u| slot[&u]);
                    emit(&mut ins, Ins::Expm1(u))
                }
                Node::Add(cs) | Node::Mul(cs) => {
                    let is_add = matches!(pool.node(id), Node::Add(_));
                    let mut acc = slot[&cs[0]];
                    for c in &cs[1..] {
                        let b = slot[c];
                        acc = emit(&mut ins, if is_add { Ins::Add(acc, b) } else { Ins::Mul(acc, b) });
                    }
                    acc
                }
                Node::Pow(b, e) => {
                    if matches!(pool.node(*b), Node::E) {
                        let x = slot[e];
                        emit(&mut ins, Ins::Exp(x))
                    } else {
                        let x = slot[b];
                        match pool.as_num(*e) {
                            Some(r) => emit(&mut ins, power_of(x, r)),
                            None => {
                                let y = slot[e];
                                emit(&mut ins, Ins::Pow(x, y))
                            }
                        }
                    }
                }
                Node::Func(Func::Ln, a) if one_plus(pool, *a).is_some() => {
                    let u = one_plus(pool, *a).map_or(0, |u| slot[&u]);
                    emit(&mut ins, Ins::Log1p(u))
                }
                Node::Func(f, a) => {
                    let x = slot[a];
                    emit(&mut ins, Ins::Call(*f, x))
                }
                Node::Call(c, args) => match (c, &args[..]) {
                    (Callee::Max, [a, b]) => emit(&mut ins, Ins::Max(slot[a], slot[b])),
                    (Callee::Min, [a, b]) => emit(&mut ins, Ins::Min(slot[a], slot[b])),
                    (Callee::Atan2, [y, x]) => emit(&mut ins, Ins::Atan2(slot[y], slot[x])),
                    // An unknown function has no value (callers refuse it before compiling).
                    _ => emit(&mut ins, Ins::Const(f64::NAN)),
                },
            };
            slot.insert(id, s);
        }
        let outputs = exprs.iter().map(|e| slot[e]).collect();
        Tape { ins, outputs, inputs: vars.len() }
    }

    pub fn inputs(&self) -> usize {
        self.inputs
    }

    pub fn outputs(&self) -> usize {
        self.outputs.len()
    }

    /// Evaluates at `x`, writing one value per compiled expression into `out`.
    pub fn eval(&self, x: &[f64], out: &mut [f64]) {
        let mut scratch = Vec::with_capacity(self.ins.len());
        self.eval_with(x, out, &mut scratch);
    }

    /// As [`Tape::eval`], reusing `scratch` between calls.
    pub fn eval_with(&self, x: &[f64], out: &mut [f64], scratch: &mut Vec<f64>) {
        scratch.clear();
        for ins in &self.ins {
            let v = match ins {
                Ins::Const(c) => *c,
                Ins::Input(i) => x[*i as usize],
                Ins::Add(a, b) => scratch[*a as usize] + scratch[*b as usize],
                Ins::Mul(a, b) => scratch[*a as usize] * scratch[*b as usize],
                Ins::Square(a) => scratch[*a as usize] * scratch[*a as usize],
                Ins::Recip(a) => 1.0 / scratch[*a as usize],
                Ins::Powi(a, n) => scratch[*a as usize].powi(*n),
                Ins::Sqrt(a) => scratch[*a as usize].sqrt(),
                Ins::HalfPow(a, n) => scratch[*a as usize].sqrt().powi(*n),
                Ins::ThirdPow(a, n) => scratch[*a as usize].cbrt().powi(*n),
                Ins::PowRational(a, r) => real_pow_rational(scratch[*a as usize], r),
                Ins::Exp(a) => scratch[*a as usize].exp(),
                Ins::Pow(a, b) => scratch[*a as usize].powf(scratch[*b as usize]),
                Ins::Call(f, a) => apply(*f, scratch[*a as usize]),
                Ins::Log1p(a) => scratch[*a as usize].ln_1p(),
                Ins::Expm1(a) => scratch[*a as usize].exp_m1(),
                Ins::Max(a, b) => apply_call(&Callee::Max, &[scratch[*a as usize], scratch[*b as usize]]),
                Ins::Min(a, b) => apply_call(&Callee::Min, &[scratch[*a as usize], scratch[*b as usize]]),
                Ins::Atan2(a, b) => apply_call(&Callee::Atan2, &[scratch[*a as usize], scratch[*b as usize]]),
            };
            scratch.push(v);
        }
        for (o, &s) in out.iter_mut().zip(&self.outputs) {
            *o = scratch[s as usize];
        }
    }

    /// Evaluates at `points` points: `xs` holds [`Tape::inputs`] coordinates per point (row
    /// by row), `out` receives [`Tape::outputs`] values per point in the same order. Large
    /// batches are split between the available cores.
    pub fn eval_many(&self, xs: &[f64], points: usize, out: &mut [f64]) {
        let (ni, no) = (self.inputs, self.outputs.len());
        assert!(xs.len() == points * ni && out.len() == points * no, "eval_many: wrong buffer sizes");
        let threads = threads();
        if threads < 2 || points < PARALLEL_MIN_POINTS || no == 0 {
            self.eval_range(xs, out, points);
            return;
        }
        // Whole blocks per thread, so that only the last thread has a partial block.
        let per = points.div_ceil(threads).div_ceil(LANES) * LANES;
        std::thread::scope(|s| {
            let mut xs_rest = xs;
            let mut out_rest = out;
            let mut left = points;
            while left > 0 {
                let n = per.min(left);
                let (xa, xb) = xs_rest.split_at(n * ni);
                let (oa, ob) = std::mem::take(&mut out_rest).split_at_mut(n * no);
                xs_rest = xb;
                out_rest = ob;
                left -= n;
                if left == 0 {
                    self.eval_range(xa, oa, n); // the last share runs on this thread
                } else {
                    s.spawn(move || self.eval_range(xa, oa, n));
                }
            }
        });
    }

    /// One thread's share of [`Tape::eval_many`].
    fn eval_range(&self, xs: &[f64], out: &mut [f64], points: usize) {
        let (ni, no) = (self.inputs, self.outputs.len());
        let mut lanes = vec![0.0f64; self.ins.len() * LANES];
        // Constants do not change from block to block.
        for (k, ins) in self.ins.iter().enumerate() {
            if let Ins::Const(c) = ins {
                lanes[k * LANES..(k + 1) * LANES].fill(*c);
            }
        }
        let mut start = 0;
        while start < points {
            let n = LANES.min(points - start);
            self.run_block(&xs[start * ni..(start + n) * ni], n, &mut lanes);
            let block_out = &mut out[start * no..(start + n) * no];
            for (j, &s) in self.outputs.iter().enumerate() {
                let lane = &lanes[s as usize * LANES..][..n];
                for (p, &v) in lane.iter().enumerate() {
                    block_out[p * no + j] = v;
                }
            }
            start += n;
        }
    }

    /// Runs the tape over `n ≤ LANES` points; lane k of `lanes` holds instruction k's values.
    fn run_block(&self, xs: &[f64], n: usize, lanes: &mut [f64]) {
        let ni = self.inputs;
        for (k, ins) in self.ins.iter().enumerate() {
            let (done, rest) = lanes.split_at_mut(k * LANES);
            let dst = &mut rest[..n];
            let src = |a: &u32| &done[*a as usize * LANES..][..n];
            match ins {
                Ins::Const(_) => {}
                Ins::Input(i) => {
                    for (p, d) in dst.iter_mut().enumerate() {
                        *d = xs[p * ni + *i as usize];
                    }
                }
                Ins::Add(a, b) => zip2(dst, src(a), src(b), |x, y| x + y),
                Ins::Mul(a, b) => zip2(dst, src(a), src(b), |x, y| x * y),
                Ins::Square(a) => map1(dst, src(a), |x| x * x),
                Ins::Recip(a) => map1(dst, src(a), |x| 1.0 / x),
                Ins::Powi(a, m) => map1(dst, src(a), |x| x.powi(*m)),
                Ins::Sqrt(a) => map1(dst, src(a), f64::sqrt),
                Ins::HalfPow(a, m) => map1(dst, src(a), |x| x.sqrt().powi(*m)),
                Ins::ThirdPow(a, m) => map1(dst, src(a), |x| x.cbrt().powi(*m)),
                Ins::PowRational(a, r) => map1(dst, src(a), |x| real_pow_rational(x, r)),
                Ins::Exp(a) => map1(dst, src(a), f64::exp),
                Ins::Pow(a, b) => zip2(dst, src(a), src(b), f64::powf),
                Ins::Log1p(a) => map1(dst, src(a), f64::ln_1p),
                Ins::Expm1(a) => map1(dst, src(a), f64::exp_m1),
                Ins::Max(a, b) => zip2(dst, src(a), src(b), |x, y| apply_call(&Callee::Max, &[x, y])),
                Ins::Min(a, b) => zip2(dst, src(a), src(b), |x, y| apply_call(&Callee::Min, &[x, y])),
                Ins::Atan2(a, b) => zip2(dst, src(a), src(b), |y, x| apply_call(&Callee::Atan2, &[y, x])),
                Ins::Call(f, a) => {
                    let f = *f;
                    match f {
                        Func::Sin => map1(dst, src(a), f64::sin),
                        Func::Cos => map1(dst, src(a), f64::cos),
                        Func::Ln => map1(dst, src(a), f64::ln),
                        _ => map1(dst, src(a), |x| apply(f, x)),
                    }
                }
            }
        }
    }
}

#[inline(always)]
fn map1(dst: &mut [f64], a: &[f64], f: impl Fn(f64) -> f64) {
    for (d, &x) in dst.iter_mut().zip(a) {
        *d = f(x);
    }
}

#[inline(always)]
fn zip2(dst: &mut [f64], a: &[f64], b: &[f64], f: impl Fn(f64, f64) -> f64) {
    for ((d, &x), &y) in dst.iter_mut().zip(a).zip(b) {
        *d = f(x, y);
    }
}

/// The instruction for `x^r`, r rational: the common exponents get cheaper forms that
/// agree with [`real_pow_rational`] (odd roots of negatives are real, even roots NaN).
fn power_of(x: u32, r: &Rational) -> Ins {
    if let Some(n) = number::as_small_int(r).and_then(|n| i32::try_from(n).ok()) {
        return match n {
            2 => Ins::Square(x),
            -1 => Ins::Recip(x),
            n => Ins::Powi(x, n),
        };
    }
    let num = r.numer().to_i32();
    match (num, r.denom().to_u32()) {
        (Some(1), Some(2)) => Ins::Sqrt(x),
        (Some(n), Some(2)) => Ins::HalfPow(x, n),
        (Some(n), Some(3)) => Ins::ThirdPow(x, n),
        _ => Ins::PowRational(x, r.clone()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::{parse, ParseOptions};

    #[test]
    fn blocks_agree_with_one_point_at_a_time() {
        let mut pool = Pool::default();
        let src = "ln(x^2+y^2+1) + x*exp(2*y)*sin(x*z) + sqrt(1+y^2*z^2) - x*y*z + (x^2+1)^(-3/2) + cbrt(y)^2/z";
        let f = parse(&mut pool, src, &ParseOptions::default()).unwrap();
        let vars: Vec<SymId> = ["x", "y", "z"].iter().map(|n| pool.symbol(n)).collect();
        let tape = Tape::compile(&pool, &[f], &vars);
        let n = PARALLEL_MIN_POINTS + 3 * LANES + 17; // several threads, a partial block
        let xs: Vec<f64> = (0..n * 3).map(|i| ((i * 7919) % 2001) as f64 / 1000.0 - 1.0).collect();
        let mut many = vec![0.0; n];
        tape.eval_many(&xs, n, &mut many);
        for p in 0..n {
            let mut one = [0.0];
            tape.eval(&xs[p * 3..p * 3 + 3], &mut one);
            let exact =
                crate::expr::approx::approx(&pool, f, &|s| xs[p * 3 + vars.iter().position(|&v| v == s).unwrap()]);
            assert_eq!(one[0].to_bits(), many[p].to_bits(), "point {p}");
            let close = if exact.is_finite() {
                (one[0] - exact).abs() <= 1e-12 * exact.abs().max(1.0)
            } else {
                one[0].to_bits() == exact.to_bits() || (one[0].is_nan() && exact.is_nan())
            };
            assert!(close, "point {p}: {} vs {exact}", one[0]);
        }
    }
}
