//! Expressions compiled to a flat list of f64 instructions, for evaluating at many points
//! (`--points`, `descend`). Compiled once; each point is one forward pass over the tape with
//! no allocation. Shared subexpressions are computed once per point because the pool
//! already shares them.

use super::approx::{apply, real_pow_rational};
use crate::expr::{number, ExprId, Func, Node, Pool, Rational, SymId};
use rustc_hash::FxHashMap;

#[derive(Clone, Debug)]
enum Ins {
    Const(f64),
    Input(u32),
    Add(u32, u32),
    Mul(u32, u32),
    /// A rational power, real-valued (odd roots of negatives are real).
    PowRational(u32, Rational),
    Powi(u32, i32),
    Sqrt(u32),
    Exp(u32),
    Pow(u32, u32),
    Call(Func, u32),
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
                Node::Add(cs) | Node::Mul(cs) => stack.extend_from_slice(cs),
                Node::Pow(b, e) => {
                    stack.push(*b);
                    // Numeric exponents are folded into the instruction.
                    if pool.as_num(*e).is_none() || matches!(pool.node(*b), Node::E) {
                        stack.push(*e);
                    }
                }
                Node::Func(_, a) => stack.push(*a),
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
                            Some(r) => match number::as_small_int(r).and_then(|n| i32::try_from(n).ok()) {
                                Some(n) => emit(&mut ins, Ins::Powi(x, n)),
                                None if *r == number::frac(1, 2) => emit(&mut ins, Ins::Sqrt(x)),
                                None => emit(&mut ins, Ins::PowRational(x, r.clone())),
                            },
                            None => {
                                let y = slot[e];
                                emit(&mut ins, Ins::Pow(x, y))
                            }
                        }
                    }
                }
                Node::Func(f, a) => {
                    let x = slot[a];
                    emit(&mut ins, Ins::Call(*f, x))
                }
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
                Ins::Powi(a, n) => scratch[*a as usize].powi(*n),
                Ins::Sqrt(a) => scratch[*a as usize].sqrt(),
                Ins::PowRational(a, r) => real_pow_rational(scratch[*a as usize], r),
                Ins::Exp(a) => scratch[*a as usize].exp(),
                Ins::Pow(a, b) => scratch[*a as usize].powf(scratch[*b as usize]),
                Ins::Call(f, a) => apply(*f, scratch[*a as usize]),
            };
            scratch.push(v);
        }
        for (o, &s) in out.iter_mut().zip(&self.outputs) {
            *o = scratch[s as usize];
        }
    }
}
