//! Pool expressions ⇄ polynomials. A polynomial's variables are [`Generators`]: pool
//! expressions that the polynomial treats as indeterminates — the symbols, and anything
//! that is not built from them by `+`, `·` and non-negative integer powers (`sin(x)`,
//! `e^x`, `√(x + 1)`, `π`), each an opaque variable of its own.

use super::poly::Poly;
use super::Budget;
use crate::expr::{number, ExprId, Node, Pool, SymId};
use num_bigint::BigInt;
use num_traits::{One, Signed, ToPrimitive};
use rustc_hash::FxHashMap;

/// The expressions standing for the variables of some polynomials: variable i is
/// `exprs[i]`.
#[derive(Clone, Debug, Default)]
pub struct Generators {
    exprs: Vec<ExprId>,
    index: FxHashMap<ExprId, usize>,
}

impl Generators {
    pub fn new() -> Generators {
        Generators::default()
    }

    /// Generators that start with these symbols, in this order (the first is the most
    /// significant in lex order).
    pub fn with_symbols(pool: &mut Pool, vars: &[SymId]) -> Generators {
        let mut g = Generators::new();
        for &v in vars {
            let e = pool.var(v);
            g.index_of(e);
        }
        g
    }

    /// The variable standing for `e`, made on first use.
    pub fn index_of(&mut self, e: ExprId) -> usize {
        if let Some(&i) = self.index.get(&e) {
            return i;
        }
        let i = self.exprs.len();
        self.exprs.push(e);
        self.index.insert(e, i);
        i
    }

    /// The variable standing for `e`, if there is one.
    pub fn get(&self, e: ExprId) -> Option<usize> {
        self.index.get(&e).copied()
    }

    /// The expression variable `i` stands for.
    pub fn expr(&self, i: usize) -> ExprId {
        self.exprs[i]
    }

    pub fn len(&self) -> usize {
        self.exprs.len()
    }

    pub fn is_empty(&self) -> bool {
        self.exprs.is_empty()
    }

    /// The generator variable as a polynomial (in as many variables as there are so far).
    pub fn poly(&mut self, e: ExprId) -> Poly {
        let i = self.index_of(e);
        Poly::var(self.len(), i)
    }
}

/// Powers above this are left as generators rather than multiplied out.
const MAX_POWER: u32 = 64;

/// `id` expanded into a polynomial over the generators (new ones registered as met);
/// `None` when the budget runs out.
pub fn expr_to_poly(pool: &Pool, id: ExprId, gens: &mut Generators, budget: &mut Budget) -> Option<Poly> {
    let mut memo: FxHashMap<ExprId, Poly> = FxHashMap::default();
    to_poly(pool, id, gens, budget, &mut memo)
}

fn to_poly(
    pool: &Pool,
    id: ExprId,
    gens: &mut Generators,
    budget: &mut Budget,
    memo: &mut FxHashMap<ExprId, Poly>,
) -> Option<Poly> {
    if let Some(p) = memo.get(&id) {
        return Some(p.clone());
    }
    let p = match pool.node(id) {
        Node::Num(r) => Poly::constant(gens.len(), r.clone()),
        Node::Add(ts) => {
            let mut acc = Poly::zero(gens.len());
            for &t in ts.iter() {
                let p = to_poly(pool, t, gens, budget, memo)?;
                budget.spend(p.len())?;
                acc = acc.add(&p);
            }
            acc
        }
        Node::Mul(fs) => {
            let mut acc = Poly::one(gens.len());
            for &f in fs.iter() {
                let p = to_poly(pool, f, gens, budget, memo)?;
                budget.spend(acc.len() * p.len())?;
                acc = acc.mul(&p);
            }
            acc
        }
        Node::Pow(b, e) => {
            match pool.as_num(*e).filter(|r| r.is_integer() && r.is_positive()).and_then(|r| r.numer().to_u32()) {
                Some(k) if k <= MAX_POWER => {
                    let base = to_poly(pool, *b, gens, budget, memo)?;
                    budget.spend(base.len().saturating_pow(2).saturating_mul(k as usize))?;
                    base.pow(k)
                }
                _ => gens.poly(id),
            }
        }
        _ => gens.poly(id),
    };
    memo.insert(id, p.clone());
    Some(p)
}

/// `id` with its products and positive integer powers of sums multiplied out and like terms
/// combined (`(a + 1)(a - 1)` → `a² - 1`; calls, roots and negative powers stay as they are,
/// as generators), within `budget`; `None` when the work runs out.
pub fn expanded(pool: &mut Pool, id: ExprId, budget: &mut Budget) -> Option<ExprId> {
    let mut gens = Generators::new();
    let p = expr_to_poly(pool, id, &mut gens, budget)?;
    budget.spend(p.len())?;
    Some(poly_to_expr(pool, &p, &gens))
}

/// The polynomial as a pool expression, term by term (the pool orders and collects it).
pub fn poly_to_expr(pool: &mut Pool, p: &Poly, gens: &Generators) -> ExprId {
    let terms: Vec<ExprId> = p.terms().map(|(e, c)| monomial_expr(pool, e, c, gens)).collect();
    pool.add(terms)
}

/// `c · Π genᵢ^eᵢ`.
pub fn monomial_expr(pool: &mut Pool, exps: &[u32], c: &number::Rational, gens: &Generators) -> ExprId {
    let mut fs = Vec::with_capacity(exps.len() + 1);
    if !c.is_one() {
        fs.push(pool.num(c.clone()));
    }
    for (v, &k) in exps.iter().enumerate() {
        if k == 0 {
            continue;
        }
        let g = gens.expr(v);
        fs.push(if k == 1 {
            g
        } else {
            let k = pool.num(number::Rational::from_integer(BigInt::from(k)));
            pool.pow(g, k)
        });
    }
    pool.mul(fs)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::print::{Printer, Style};
    use crate::syntax::{parse, ParseOptions};

    #[test]
    fn round_trip_through_polynomials() {
        let mut pool = Pool::default();
        let src = "(x + sin(y))^2 - 2x*sin(y) + 3e^x";
        let id = parse(&mut pool, src, &ParseOptions::default()).unwrap();
        let mut gens = Generators::new();
        let p = expr_to_poly(&pool, id, &mut gens, &mut Budget::new(10_000)).unwrap();
        assert_eq!(p.len(), 3); // x² + sin(y)² + 3e^x
        let back = poly_to_expr(&mut pool, &p, &gens);
        assert_eq!(Printer::new(&pool, Style::Plain).expr(back), "x^2 + sin(y)^2 + 3*exp(x)");
    }

    #[test]
    fn expanded_multiplies_out_and_collects() {
        let mut pool = Pool::default();
        let cases = [
            ("(a + 1)(a - 1)", "a^2 - 1"),
            ("2a(2 - 2/a)", "4*a - 4"),
            ("(x + sin(y))^2 - x^2", "2*x*sin(y) + sin(y)^2"),
            ("sin(x)(x + 1)", "x*sin(x) + sin(x)"),
            ("(x + 1)^(1/2)(x + 1)", "(x + 1)^(3/2)"),
        ];
        for (src, want) in cases {
            let id = parse(&mut pool, src, &ParseOptions::default()).unwrap();
            let e = expanded(&mut pool, id, &mut Budget::new(10_000)).unwrap();
            assert_eq!(Printer::new(&pool, Style::Plain).expr(e), want, "{src}");
        }
        // (x + y)^40 has 41 terms and costs more than a small budget.
        let big = parse(&mut pool, "(x + y)^40", &ParseOptions::default()).unwrap();
        assert!(expanded(&mut pool, big, &mut Budget::new(100)).is_none());
    }
}
