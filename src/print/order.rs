//! The order in which terms and factors are printed.
//!
//! Terms: lexicographic in the variables, as SymPy prints polynomials and as the source
//! documents write them: the higher power of x first, then of y, … (`x + y²`,
//! `3x²y² - 3y³ - y`), numbers last; ties by shape. (cli.md says "graded", but its own
//! examples, `2xy + 1/(x + y²)`, and every worked example are in this order.) Factors: numeric
//! radicals, then π, then variables in order, then `e^…`, then calls, then sums.
//! This decides only the printed order; the pool's own order (by id) is untouched, and
//! never shows through: ids depend on the order a pool was built in, so two pools holding
//! the same expression must print it alike (what makes `simplify` idempotent). Ties that
//! the structure does not break are broken by a hash of the structure (names, not ids).

use super::{Exp, Factor};
use crate::expr::{natural_cmp, ExprId, Node, Pool, Rational, SymId};
use num_traits::{Signed, Zero};
use rustc_hash::{FxHashMap, FxHasher};
use std::cell::RefCell;
use std::cmp::Ordering;
use std::hash::{Hash, Hasher};
use std::rc::Rc;

pub struct TermOrder {
    /// rank[sym] = position of the variable in natural name order.
    rank: Vec<u32>,
    /// Structural hashes computed so far, see [`TermOrder::shape_hash`].
    hashes: RefCell<FxHashMap<ExprId, u64>>,
    /// The terms of sums in printed order, see [`TermOrder::printed_terms`].
    terms: RefCell<FxHashMap<ExprId, Rc<[ExprId]>>>,
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
        let mut syms: Vec<u32> = (0..pool_symbol_count(pool)).collect();
        syms.sort_by(|&a, &b| natural_cmp(pool.name(SymId(a)), pool.name(SymId(b))));
        let mut rank = vec![0; syms.len()];
        for (r, s) in syms.into_iter().enumerate() {
            rank[s as usize] = r as u32;
        }
        TermOrder { rank, hashes: RefCell::default(), terms: RefCell::default() }
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
        let degree = monomial.iter().fold(Rational::zero(), |acc, (_, e)| acc + e);
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

    fn factor_class(&self, pool: &Pool, f: &Factor) -> u8 {
        match pool.node(f.base) {
            Node::Num(_) => 0,
            Node::Pi => 1,
            Node::Sym(_) => 2,
            Node::E => 3,
            Node::Func(..) => 4,
            Node::Pow(..) | Node::Mul(_) => 5,
            Node::Add(_) => 6,
        }
    }

    /// A structural order that does not depend on ids for shallow differences.
    fn cmp_shape(&self, pool: &Pool, a: ExprId, b: ExprId, depth: u32) -> Ordering {
        if a == b {
            return Ordering::Equal;
        }
        if depth == 0 {
            return self.tie_break(pool, a, b);
        }
        let kind = |n: &Node| match n {
            Node::Num(_) => 0,
            Node::Sym(_) => 1,
            Node::Pi => 2,
            Node::E => 3,
            Node::Pow(..) => 4,
            Node::Mul(_) => 5,
            Node::Func(..) => 6,
            Node::Add(_) => 7,
        };
        let (na, nb) = (pool.node(a), pool.node(b));
        kind(na)
            .cmp(&kind(nb))
            .then_with(|| match (na, nb) {
                // equal magnitudes: the positive first, (x + 1)(x - 1)
                (Node::Num(x), Node::Num(y)) => x.abs().cmp(&y.abs()).then(y.cmp(x)),
                (Node::Sym(x), Node::Sym(y)) => self.rank(*x).cmp(&self.rank(*y)),
                (Node::Func(f, x), Node::Func(g, y)) => f.cmp(g).then_with(|| self.cmp_shape(pool, *x, *y, depth - 1)),
                (Node::Pow(b1, e1), Node::Pow(b2, e2)) => {
                    self.cmp_shape(pool, *b1, *b2, depth - 1).then_with(|| self.cmp_shape(pool, *e1, *e2, depth - 1))
                }
                // Children are stored in id order, which differs between pools: compare them
                // in the order they are printed in.
                (Node::Add(xs), Node::Add(ys)) => xs.len().cmp(&ys.len()).then_with(|| {
                    let (xs, ys) = (self.printed_terms(pool, a), self.printed_terms(pool, b));
                    self.cmp_lists(pool, &xs, &ys, depth - 1)
                }),
                (Node::Mul(xs), Node::Mul(ys)) => xs.len().cmp(&ys.len()).then_with(|| {
                    let sorted = |fs: &[ExprId]| {
                        let mut v = fs.to_vec();
                        v.sort_by(|&p, &q| self.cmp_shape(pool, p, q, depth - 1));
                        v
                    };
                    self.cmp_lists(pool, &sorted(xs), &sorted(ys), depth - 1)
                }),
                _ => Ordering::Equal,
            })
            .then_with(|| self.tie_break(pool, a, b))
    }

    fn cmp_lists(&self, pool: &Pool, xs: &[ExprId], ys: &[ExprId], depth: u32) -> Ordering {
        for (&x, &y) in xs.iter().zip(ys) {
            let o = self.cmp_shape(pool, x, y, depth);
            if o != Ordering::Equal {
                return o;
            }
        }
        xs.len().cmp(&ys.len())
    }

    /// The terms of a sum in printed order, remembered.
    fn printed_terms(&self, pool: &Pool, sum: ExprId) -> Rc<[ExprId]> {
        if let Some(t) = self.terms.borrow().get(&sum) {
            return t.clone();
        }
        let Node::Add(ts) = pool.node(sum) else { return Rc::from([sum]) };
        let sorted: Rc<[ExprId]> = self.sort_terms(pool, ts).into();
        self.terms.borrow_mut().insert(sum, sorted.clone());
        sorted
    }

    /// Different expressions the structural comparison calls equal: by a hash of their
    /// structure, which does not depend on the pool, then (for a hash collision) by id.
    fn tie_break(&self, pool: &Pool, a: ExprId, b: ExprId) -> Ordering {
        self.shape_hash(pool, a).cmp(&self.shape_hash(pool, b)).then(a.cmp(&b))
    }

    /// A hash of the expression built from names, numbers and the shape, with the children
    /// of sums and products combined in an order-free way.
    fn shape_hash(&self, pool: &Pool, id: ExprId) -> u64 {
        if let Some(&h) = self.hashes.borrow().get(&id) {
            return h;
        }
        let mut hasher = FxHasher::default();
        match pool.node(id) {
            // Not `Rational`'s own hash, which walks the continued fraction (see `Node`).
            Node::Num(r) => (0u8, r.numer(), r.denom()).hash(&mut hasher),
            Node::Sym(s) => (1u8, pool.name(*s)).hash(&mut hasher),
            Node::Pi => 2u8.hash(&mut hasher),
            Node::E => 3u8.hash(&mut hasher),
            Node::Add(xs) | Node::Mul(xs) => {
                let mut kids: Vec<u64> = xs.iter().map(|&x| self.shape_hash(pool, x)).collect();
                kids.sort_unstable();
                (matches!(pool.node(id), Node::Add(_)) as u8 + 4, kids).hash(&mut hasher);
            }
            Node::Pow(b, e) => (6u8, self.shape_hash(pool, *b), self.shape_hash(pool, *e)).hash(&mut hasher),
            Node::Func(f, x) => (7u8, *f, self.shape_hash(pool, *x)).hash(&mut hasher),
        }
        let h = hasher.finish();
        self.hashes.borrow_mut().insert(id, h);
        h
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
