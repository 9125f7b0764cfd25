//! The order in which terms and factors are printed.
//!
//! Terms: lexicographic in the variables, as SymPy prints polynomials and as the source
//! documents write them: the higher power of x first, then of y, … (`x + y²`,
//! `3x²y² - 3y³ - y`), numbers last; ties by shape. (The first specification said "graded",
//! but its own examples, `2xy + 1/(x + y²)`, and every worked example are in this order.) Factors: numeric
//! radicals, then π, then variables in order, then `e^…`, then calls, then sums.
//! This decides only the printed order; the pool's own order (by id) is untouched.

use super::{Exp, Factor};
use crate::expr::{natural_cmp, Callee, ExprId, Node, Pool, Rational, SymId};
use num_traits::{Signed, Zero};
use rustc_hash::FxHasher;
use std::cell::RefCell;
use std::cmp::Ordering;
use std::hash::{Hash, Hasher};

#[derive(Clone)]
pub struct TermOrder {
    /// rank[sym] = position of the variable in natural name order.
    rank: Vec<u32>,
    /// Structural keys by id, computed on demand (0: not yet); see [`TermOrder::skey`].
    keys: RefCell<Vec<u64>>,
    /// Keys of ids beyond `keys` (nodes made after this order was): an order kept across
    /// pool growth ([`TermOrder::growing`]) remembers them here.
    later: RefCell<rustc_hash::FxHashMap<ExprId, u64>>,
}

struct TermKey {
    number: bool,
    degree: Rational,
    /// (variable rank, exponent), sorted by rank.
    monomial: Vec<(u32, Rational)>,
    id: ExprId,
}

impl TermOrder {
    pub fn new(pool: &Pool) -> TermOrder {
        let rank = TermOrder::ranks(pool);
        TermOrder { rank, keys: RefCell::new(vec![0; pool.len()]), later: RefCell::default() }
    }

    /// An order to be used while the pool grows (and for few, small expressions): nothing is
    /// allocated per node of the pool, so making one costs only the sort of the variables.
    pub fn growing(pool: &Pool) -> TermOrder {
        let mut t = TermOrder::new_empty();
        t.rank = TermOrder::ranks(pool);
        t
    }

    fn new_empty() -> TermOrder {
        TermOrder { rank: Vec::new(), keys: RefCell::new(Vec::new()), later: RefCell::default() }
    }

    fn ranks(pool: &Pool) -> Vec<u32> {
        let mut syms: Vec<u32> = (0..pool_symbol_count(pool)).collect();
        syms.sort_by(|&a, &b| natural_cmp(pool.name(SymId(a)), pool.name(SymId(b))));
        let mut rank = vec![0; syms.len()];
        for (r, s) in syms.into_iter().enumerate() {
            rank[s as usize] = r as u32;
        }
        rank
    }

    /// A hash of the structure of `id` that does not depend on ids: variables by name,
    /// the terms of a sum and the factors of a product as multisets. Ties in the printed
    /// order are broken by it, so that the order depends on the expression alone and not on
    /// the order in which the pool happened to build its parts (which differs between the
    /// run that printed an expression and the run that parses the print back).
    pub fn skey(&self, pool: &Pool, id: ExprId) -> u64 {
        let i = id.0 as usize;
        if let Some(&k) = self.keys.borrow().get(i) {
            if k != 0 {
                return k;
            }
        } else if let Some(&k) = self.later.borrow().get(&id) {
            return k;
        }
        let mut h = FxHasher::default();
        match pool.node(id) {
            Node::Num(r) => (0u8, r.numer(), r.denom()).hash(&mut h),
            Node::Sym(s) => (1u8, pool.name(*s)).hash(&mut h),
            Node::Pi => 2u8.hash(&mut h),
            Node::E => 3u8.hash(&mut h),
            Node::Add(cs) | Node::Mul(cs) => {
                let mut ks: Vec<u64> = cs.iter().map(|&c| self.skey(pool, c)).collect();
                ks.sort_unstable();
                (if matches!(pool.node(id), Node::Add(_)) { 4u8 } else { 5u8 }, ks).hash(&mut h);
            }
            Node::Pow(b, e) => (6u8, self.skey(pool, *b), self.skey(pool, *e)).hash(&mut h),
            Node::Func(f, a) => (7u8, *f, self.skey(pool, *a)).hash(&mut h),
            Node::Call(c, args) => {
                let mut ks: Vec<u64> = args.iter().map(|&a| self.skey(pool, a)).collect();
                if matches!(c, Callee::Max | Callee::Min) {
                    ks.sort_unstable(); // their arguments are in id order
                }
                (8u8, callee_key(pool, c), ks).hash(&mut h);
            }
        }
        let k = h.finish().max(1);
        if let Some(slot) = self.keys.borrow_mut().get_mut(i) {
            *slot = k;
        } else {
            self.later.borrow_mut().insert(id, k);
        }
        k
    }

    /// Where a child of a sum or product goes when two of them are compared: its class (as
    /// [`TermOrder::factor_class`]), the variable's rank or the function, its structure.
    fn child_key(&self, pool: &Pool, c: ExprId) -> (u8, u32, u64) {
        let (base, e) = pool.split_pow(c);
        let exp = if base == c { Exp::One } else { Exp::Expr(e) };
        let class = self.factor_class(pool, &Factor { base, exp });
        let sub = match pool.node(base) {
            Node::Sym(v) => self.rank(*v),
            Node::Func(f, _) => *f as u32,
            Node::Call(..) => u32::MAX,
            _ => 0,
        };
        (class, sub, self.skey(pool, c))
    }

    /// The last word between two different nodes: their structure, then (only on a hash
    /// collision) their ids.
    fn tie(&self, pool: &Pool, a: ExprId, b: ExprId) -> Ordering {
        self.skey(pool, a).cmp(&self.skey(pool, b)).then(a.cmp(&b))
    }

    fn rank(&self, s: SymId) -> u32 {
        self.rank.get(s.0 as usize).copied().unwrap_or(u32::MAX)
    }

    fn key(&self, pool: &Pool, t: ExprId) -> TermKey {
        let mut monomial = Vec::new();
        let lone = [t];
        let factors: &[ExprId] = match pool.node(t) {
            Node::Mul(fs) => fs,
            _ => &lone,
        };
        for &f in factors {
            let (b, e) = pool.split_pow(f);
            if let (Node::Sym(s), Some(r)) = (pool.node(b), pool.as_num(e)) {
                monomial.push((self.rank(*s), r.clone()));
            }
        }
        monomial.sort_by_key(|m| m.0);
        let degree = monomial.iter().fold(Rational::zero(), |mut acc, (_, e)| {
            crate::expr::number::add_to(&mut acc, e);
            acc
        });
        TermKey { number: matches!(pool.node(t), Node::Num(_)), degree, monomial, id: t }
    }

    pub fn sort_terms(&self, pool: &Pool, terms: &[ExprId]) -> Vec<ExprId> {
        let mut keys: Vec<TermKey> = terms.iter().map(|&t| self.key(pool, t)).collect();
        keys.sort_by(|a, b| {
            a.number
                .cmp(&b.number)
                .then_with(|| cmp_monomials(&a.monomial, &b.monomial))
                .then_with(|| b.degree.cmp(&a.degree))
                .then_with(|| self.cmp_shape(pool, a.id, b.id, 4))
        });
        keys.into_iter().map(|k| k.id).collect()
    }

    pub fn sort_factors(&self, pool: &Pool, fs: &mut [Factor]) {
        fs.sort_by(|a, b| {
            let (ca, cb) = (self.factor_class(pool, a), self.factor_class(pool, b));
            ca.cmp(&cb)
                .then_with(|| self.cmp_shape(pool, a.base, b.base, 4))
                .then_with(|| self.cmp_exp(pool, &a.exp, &b.exp))
        });
    }

    fn cmp_exp(&self, pool: &Pool, a: &Exp, b: &Exp) -> Ordering {
        match (a, b) {
            (Exp::Num(x), Exp::Num(y)) => y.cmp(x),
            (Exp::Expr(x), Exp::Expr(y)) => self.cmp_shape(pool, *x, *y, 3),
            (Exp::One, Exp::One) => Ordering::Equal,
            (Exp::One, _) => Ordering::Less,
            (_, Exp::One) => Ordering::Greater,
            (Exp::Num(_), _) => Ordering::Less,
            (_, Exp::Num(_)) => Ordering::Greater,
        }
    }

    /// Constants first (`2√2·π·e²`), then variables in order, then `e^(…)`, calls, sums.
    fn factor_class(&self, pool: &Pool, f: &Factor) -> u8 {
        let constant = pool.is_constant(f.base) && !matches!(f.exp, Exp::Expr(e) if !pool.is_constant(e));
        match pool.node(f.base) {
            Node::Num(_) => 0,
            Node::Pi => 1,
            Node::E if constant => 2,
            // A constant call comes last, as in textbooks: x·ln(2), 2^x·ln(2).
            Node::Func(..) | Node::Call(..) if constant => 8,
            _ if constant => 3,
            Node::Sym(_) => 4,
            Node::E => 5,
            Node::Func(..) | Node::Call(..) => 6,
            Node::Pow(..) | Node::Mul(_) => 7,
            Node::Add(_) => 9,
        }
    }

    /// A structural order that does not depend on ids for shallow differences.
    fn cmp_shape(&self, pool: &Pool, a: ExprId, b: ExprId, depth: u32) -> Ordering {
        if a == b {
            return Ordering::Equal;
        }
        if depth == 0 {
            return self.tie(pool, a, b);
        }
        let kind = |n: &Node| match n {
            Node::Num(_) => 0,
            Node::Sym(_) => 1,
            Node::Pi => 2,
            Node::E => 3,
            Node::Pow(..) => 4,
            Node::Mul(_) => 5,
            Node::Func(..) => 6,
            Node::Call(..) => 7,
            Node::Add(_) => 8,
        };
        let (na, nb) = (pool.node(a), pool.node(b));
        kind(na)
            .cmp(&kind(nb))
            .then_with(|| match (na, nb) {
                (Node::Num(x), Node::Num(y)) => x.abs().cmp(&y.abs()).then(y.cmp(x)),
                (Node::Sym(x), Node::Sym(y)) => self.rank(*x).cmp(&self.rank(*y)),
                (Node::Func(f, x), Node::Func(g, y)) => f.cmp(g).then_with(|| self.cmp_shape(pool, *x, *y, depth - 1)),
                (Node::Call(f, xs), Node::Call(g, ys)) => callee_key(pool, f)
                    .cmp(&callee_key(pool, g))
                    .then_with(|| xs.len().cmp(&ys.len()))
                    .then_with(|| {
                        // max and min hold their arguments in id order: compare them in an
                        // order of their own.
                        let ordered = |c: &Callee, args: &[ExprId]| {
                            let mut v = args.to_vec();
                            if matches!(c, Callee::Max | Callee::Min) {
                                v.sort_by_key(|&a| self.skey(pool, a));
                            }
                            v
                        };
                        let (xs, ys) = (ordered(f, xs), ordered(g, ys));
                        xs.iter()
                            .zip(ys.iter())
                            .map(|(x, y)| self.cmp_shape(pool, *x, *y, depth - 1))
                            .find(|o| *o != Ordering::Equal)
                            .unwrap_or(Ordering::Equal)
                    }),
                (Node::Pow(b1, e1), Node::Pow(b2, e2)) => {
                    self.cmp_shape(pool, *b1, *b2, depth - 1).then_with(|| self.cmp_shape(pool, *e1, *e2, depth - 1))
                }
                (Node::Add(xs), Node::Add(ys)) | (Node::Mul(xs), Node::Mul(ys)) => {
                    xs.len().cmp(&ys.len()).then_with(|| {
                        // The children in an order of their own, not the pool's (by id,
                        // which depends on the order things were built in): by class as
                        // printed (numbers, π, variables, e^…, calls, powers, sums), then
                        // variable rank or function, then structure.
                        let ordered = |cs: &[ExprId]| {
                            let mut v: Vec<((u8, u32, u64), ExprId)> =
                                cs.iter().map(|&c| (self.child_key(pool, c), c)).collect();
                            v.sort_unstable();
                            v
                        };
                        let (xs, ys) = (ordered(xs), ordered(ys));
                        for ((_, x), (_, y)) in xs.iter().zip(ys.iter()) {
                            let o = self.cmp_shape(pool, *x, *y, depth - 1);
                            if o != Ordering::Equal {
                                return o;
                            }
                        }
                        Ordering::Equal
                    })
                }
                _ => Ordering::Equal,
            })
            .then_with(|| self.tie(pool, a, b))
    }
}

/// What a call applies, by name rather than by the pool's index of an unknown function:
/// `max` < `min` < `atan2` < unknown functions by name, then by their derivatives' orders.
fn callee_key<'p>(pool: &'p Pool, c: &'p Callee) -> (u8, &'p str, &'p [u32]) {
    match c {
        Callee::Max => (0, "", &[]),
        Callee::Min => (1, "", &[]),
        Callee::Atan2 => (2, "", &[]),
        Callee::Unknown { name, orders } => (3, pool.function_name(*name), orders),
    }
}

/// Graded-lex tie-break: the term with the larger exponent of the first variable where
/// they differ comes first.
fn cmp_monomials(a: &[(u32, Rational)], b: &[(u32, Rational)]) -> Ordering {
    let (mut i, mut j) = (0, 0);
    let zero = Rational::zero();
    loop {
        let ra = a.get(i).map(|m| m.0);
        let rb = b.get(j).map(|m| m.0);
        let (ea, eb) = match (ra, rb) {
            (None, None) => return Ordering::Equal,
            (Some(x), Some(y)) if x == y => {
                i += 1;
                j += 1;
                (&a[i - 1].1, &b[j - 1].1)
            }
            (Some(x), Some(y)) if x < y => {
                i += 1;
                (&a[i - 1].1, &zero)
            }
            (Some(_), None) => {
                i += 1;
                (&a[i - 1].1, &zero)
            }
            _ => {
                j += 1;
                (&zero, &b[j - 1].1)
            }
        };
        match eb.cmp(ea) {
            Ordering::Equal => continue,
            o => return o,
        }
    }
}

fn pool_symbol_count(pool: &Pool) -> u32 {
    pool.symbol_count() as u32
}
