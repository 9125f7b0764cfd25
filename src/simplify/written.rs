//! The written forms of the polynomials the presentation meets, remembered by the
//! polynomial itself over its generators' expressions, however a converter numbers them:
//! its term-by-term expression and the shape it was written in.
//!
//! One polynomial is written again and again while a form is chosen: the inner polynomials
//! of a grouped form come back when the numerator is multiplied out (`e^(x²)·(sin(x)·P +
//! cos(x)·Q)` has the groups `e^(x²)sin(x)·P` and `e^(x²)cos(x)·Q`), and the second round of
//! the textbook form converts its own first answer with a converter of its own, which numbers
//! the generators in another order (`cos` before `sin`). Building an expression costs an
//! interning per factor of every term; finding it here costs a hash of the terms.
//!
//! The expression [`poly_to_expr`] builds depends on the polynomial over the generators'
//! expressions alone (the pool orders sums and products), so one entry serves every
//! polynomial equal to it under the renaming of its generators.

use crate::algebra::{poly_to_expr, Generators, Poly};
use crate::expr::{ExprId, Pool};
use hashbrown::HashTable;
use rustc_hash::FxHasher;
use std::hash::{Hash, Hasher};

/// A polynomial (with the expressions its variables stood for) and what was written of it.
#[derive(Clone)]
struct Entry {
    gens: Vec<ExprId>,
    poly: Poly,
    flat: Option<ExprId>,
    shape: Option<ExprId>,
}

#[derive(Default, Clone)]
pub(super) struct Written {
    table: HashTable<(u64, usize)>,
    entries: Vec<Entry>,
}

/// The entry of one polynomial in [`Written`].
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) struct Entered(usize);

impl Written {
    /// The entry of `p` over `gens`, made when `p` is new.
    pub fn enter(&mut self, p: &Poly, gens: &Generators) -> Entered {
        let hash = hash_of(p, gens);
        let entries = &self.entries;
        if let Some(&(_, i)) = self.table.find(hash, |&(h, i)| h == hash && same(&entries[i], p, gens)) {
            return Entered(i);
        }
        let gens = (0..gens.len()).map(|v| gens.expr(v)).collect();
        self.entries.push(Entry { gens, poly: p.clone(), flat: None, shape: None });
        let i = self.entries.len() - 1;
        self.table.insert_unique(hash, (hash, i), |&(h, _)| h);
        Entered(i)
    }

    /// [`poly_to_expr`] of the polynomial entered as `e`, which `p` over `gens` is; built once.
    pub fn flat(&mut self, e: Entered, pool: &mut Pool, p: &Poly, gens: &Generators) -> ExprId {
        debug_assert!(same(&self.entries[e.0], p, gens));
        if let Some(f) = self.entries[e.0].flat {
            return f;
        }
        let f = poly_to_expr(pool, p, gens);
        self.entries[e.0].flat = Some(f);
        f
    }

    /// The shape kept for the polynomial entered as `e`.
    pub fn shape(&self, e: Entered) -> Option<ExprId> {
        self.entries[e.0].shape
    }

    pub fn keep_shape(&mut self, e: Entered, shape: ExprId) {
        self.entries[e.0].shape = Some(shape);
    }
}

/// A hash of `p` that does not depend on how its variables are numbered: the wrapping sum
/// of its terms' hashes, each that of its coefficient mixed with the sum of its (generator,
/// exponent) pairs' hashes.
fn hash_of(p: &Poly, gens: &Generators) -> u64 {
    let mut sum = p.len() as u64;
    for (e, c) in p.terms() {
        let mut vars = 0u64;
        for (v, &k) in e.iter().enumerate() {
            if k > 0 {
                vars = vars.wrapping_add(mix((u64::from(gens.expr(v).0) << 32) | u64::from(k)));
            }
        }
        let mut h = FxHasher::default();
        c.numer().hash(&mut h);
        c.denom().hash(&mut h);
        sum = sum.wrapping_add(mix(h.finish() ^ vars.rotate_left(17)));
    }
    sum
}

/// A strong 64-bit mixer (splitmix64's finaliser), so that sums of mixed values collide no
/// more often than random ones.
fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// Whether `entry` holds `p` (over `gens`) under the renaming of generators by expression.
fn same(entry: &Entry, p: &Poly, gens: &Generators) -> bool {
    if entry.poly.len() != p.len() {
        return false;
    }
    // The entry's variable for each of `p`'s (None: `p` does not use it).
    let mut rename: Vec<Option<usize>> = vec![None; p.nvars()];
    for v in p.used_vars() {
        match entry.gens.iter().position(|&g| g == gens.expr(v)) {
            Some(w) if w < entry.poly.nvars() => rename[v] = Some(w),
            _ => return false,
        }
    }
    let mut exps = vec![0u32; entry.poly.nvars()];
    p.terms().all(|(e, c)| {
        exps.iter_mut().for_each(|k| *k = 0);
        for (v, &k) in e.iter().enumerate() {
            if let (true, Some(w)) = (k > 0, rename[v]) {
                exps[w] = k;
            }
        }
        entry.poly.position(&exps).is_some_and(|i| entry.poly.coeff(i) == c)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::algebra::{expr_to_poly, Budget};
    use crate::syntax::{parse, ParseOptions};

    fn poly(pool: &mut Pool, gens: &mut Generators, src: &str) -> Poly {
        let e = parse(pool, src, &ParseOptions::default()).expect("parses");
        expr_to_poly(pool, e, gens, &mut Budget::new(1 << 20)).expect("a polynomial")
    }

    fn exprs(gens: &Generators) -> Vec<ExprId> {
        (0..gens.len()).map(|v| gens.expr(v)).collect()
    }

    #[test]
    fn one_polynomial_in_two_numberings_is_one_entry() {
        let mut pool = Pool::default();
        let mut written = Written::default();
        let (mut g1, mut g2) = (Generators::new(), Generators::new());
        // The second converter has met cos before sin.
        let cos = parse(&mut pool, "cos(x)", &ParseOptions::default()).expect("parses");
        g2.poly(cos);
        let p1 = poly(&mut pool, &mut g1, "3x*sin(x) - 2cos(x)^2 + 7");
        let p2 = poly(&mut pool, &mut g2, "cos(x)^2*(-2) + 7 + sin(x)*x*3");
        assert_ne!(exprs(&g1), exprs(&g2));
        let (e1, e2) = (written.enter(&p1, &g1), written.enter(&p2, &g2));
        assert_eq!(e1, e2);
        let f = written.flat(e2, &mut pool, &p2, &g2);
        assert_eq!(f, poly_to_expr(&mut pool, &p1, &g1));
        assert_eq!(written.flat(e1, &mut pool, &p1, &g1), f);
        written.keep_shape(e1, f);
        assert_eq!(written.shape(e2), Some(f));
    }

    #[test]
    fn other_polynomials_are_other_entries() {
        let mut pool = Pool::default();
        let mut written = Written::default();
        let mut g = Generators::new();
        // One coefficient, one exponent, one generator other; a term more; a constant.
        let srcs = ["3x*sin(x) + 7", "3x*sin(x) + 8", "3x^2*sin(x) + 7", "3x*cos(x) + 7", "3x*sin(x) + 7 + y", "7"];
        let mut seen = Vec::new();
        for src in srcs {
            let p = poly(&mut pool, &mut g, src);
            let e = written.enter(&p, &g);
            assert!(!seen.contains(&e), "{src}");
            seen.push(e);
            assert_eq!(written.flat(e, &mut pool, &p, &g), poly_to_expr(&mut pool, &p, &g), "{src}");
        }
    }
}
