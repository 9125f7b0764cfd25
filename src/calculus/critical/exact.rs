//! Critical points of a polynomial, exactly and completely over the reals (the module
//! header of [`super`] says how); with constraints, the Lagrange system.
//!
//! The system is first split where it shares a factor (every equation of ∇((x − y)²) is a
//! multiple of x − y: that line is a set of critical points, and the rest of the system,
//! divided by it, has only isolated solutions); what is left is solved in
//! [`crate::algebra::solve`]. The real points of a shared factor in two variables are
//! decided exactly: a curve when g(c, y) has a real root for a sample c between the
//! critical abscissae, otherwise finitely many points (where ∇g = 0 too), solved as points.

use super::higher;
use super::{closed_form, Critical, Extreme, Method, Point, Real, SolutionSet};
use crate::algebra::{
    self, expr_to_poly, leading_minors, poly_to_expr, real_roots, Basis, Budget, Generators, Poly, RealRoot,
    RealSolutions, SolveError, Solved,
};
use crate::calculus::definiteness::{sylvester, Conclusion, Definiteness};
use crate::calculus::Deriver;
use crate::error::{Error, Result};
use crate::expr::number::Rational;
use crate::expr::{ExprId, Pool, SymId};
use crate::limits::Limit;
use num_traits::{One, Signed, Zero};

/// The problem in polynomials: f, the constraints G − c, in the variables then the λs.
struct Polys {
    n: usize,
    m: usize,
    f: Poly,
    constraints: Vec<Poly>,
    gens: Generators,
}

/// The polynomials of f and the constraints, or `None` when one is not a polynomial in the
/// variables (the numerical method is then used).
fn polys(pool: &mut Pool, f: ExprId, vars: &[SymId], lambdas: &[SymId], constraints: &[ExprId]) -> Option<Polys> {
    let all: Vec<SymId> = vars.iter().chain(lambdas).copied().collect();
    let mut gens = Generators::with_symbols(pool, &all);
    let mut budget = Budget::new(1_000_000);
    let total = all.len();
    let mut conv = |pool: &Pool, e: ExprId, gens: &mut Generators| -> Option<Poly> {
        let p = expr_to_poly(pool, e, gens, &mut budget)?;
        (gens.len() == total && p.used_vars().iter().all(|&v| v < vars.len())).then(|| p.with_nvars(total))
    };
    let fp = conv(pool, f, &mut gens)?;
    let cs: Vec<Poly> = constraints.iter().map(|&c| conv(pool, c, &mut gens)).collect::<Option<_>>()?;
    Some(Polys { n: vars.len(), m: lambdas.len(), f: fp, constraints: cs, gens })
}

/// Whether f and every constraint are polynomials in the variables.
pub fn is_polynomial(pool: &mut Pool, f: ExprId, vars: &[SymId], constraints: &[ExprId]) -> bool {
    polys(pool, f, vars, &[], constraints).is_some()
}

fn budget_error(pool: &Pool) -> Error {
    Error::limit(Limit::Work, pool.limits(), false)
        .with_help("the system is too large to solve exactly within the work limit; raise it with --max-work N or the environment variable GRADCALC_MAX_WORK")
}

fn solve_error(pool: &Pool, e: SolveError) -> Error {
    match e {
        SolveError::Budget => budget_error(pool),
        SolveError::TooManySolutions(k) => Error::math(format!(
            "the system ∇f = 0 has more than {k} solutions over ℂ; gradcalc solves systems with at most {k} exactly"
        ))
        .with_help("give a smaller problem, or a non-polynomial form with --range to search a box numerically"),
    }
}

/// The critical points of polynomial f (subject to the constraints `G − c = 0`), or `None`
/// when f or a constraint is not a polynomial.
pub fn find(
    pool: &mut Pool,
    deriver: &mut Deriver,
    f: ExprId,
    vars: &[SymId],
    constraints: &[ExprId],
) -> Option<Result<Critical>> {
    let lambdas =
        if constraints.is_empty() { Vec::new() } else { super::multiplier_names(pool, vars, constraints.len()) };
    let p = polys(pool, f, vars, &lambdas, constraints)?;
    Some(run(pool, deriver, f, vars, constraints, &lambdas, p))
}

fn run(
    pool: &mut Pool,
    deriver: &mut Deriver,
    f: ExprId,
    vars: &[SymId],
    constraints: &[ExprId],
    lambdas: &[SymId],
    p: Polys,
) -> Result<Critical> {
    let mut budget = Budget::new(pool.limits().work as usize);
    let (n, m) = (p.n, p.m);
    let total = n + m;
    let gradient = crate::calculus::gradient(deriver, pool, f, vars);
    // The Lagrangian L = f − Σ λⱼ·(Gⱼ − cⱼ) (just f without constraints).
    let mut lagrangian = p.f.clone();
    for (j, g) in p.constraints.iter().enumerate() {
        lagrangian = lagrangian.sub(&Poly::var(total, n + j).mul(g));
    }
    let mut system: Vec<Poly> = (0..n).map(|v| lagrangian.derivative(v)).collect();
    system.extend(p.constraints.iter().cloned());
    let to_expr = |pool: &mut Pool, q: &Poly| {
        let e = poly_to_expr(pool, q, &p.gens);
        crate::simplify::textbook_form(pool, e)
    };
    let system_exprs: Vec<ExprId> = system.iter().map(|q| to_expr(pool, q)).collect();
    let hessian_polys: Vec<Vec<Poly>> =
        (0..n).map(|i| (0..n).map(|j| lagrangian.derivative(i).derivative(j)).collect()).collect();
    let hessian: Vec<Vec<ExprId>> =
        hessian_polys.iter().map(|r| r.iter().map(|q| to_expr(pool, q)).collect()).collect();

    let mut sets: Vec<SolutionSet> = Vec::new();
    // The shared factors reported as sets (points on them are part of them).
    let mut set_polys: Vec<Poly> = Vec::new();
    let mut point_systems: Vec<Vec<Poly>> = Vec::new();
    let mut complete = true;
    // A factor every equation shares (no constraints: ∇f only).
    let mut rest = system.clone();
    if m == 0 && n >= 2 {
        let mut g = Poly::zero(total);
        for q in &system {
            g = algebra::gcd(&g, q, &mut budget).ok_or_else(|| budget_error(pool))?;
        }
        if !g.is_constant() && !g.is_zero() {
            let (_, parts) = algebra::square_free(&g, &mut budget).ok_or_else(|| budget_error(pool))?;
            let sf = parts.iter().fold(Poly::one(total), |a, (q, _)| a.mul(q));
            rest = system.iter().map(|q| q.div_exact(&g, usize::MAX).unwrap_or_else(|| q.clone())).collect();
            match hypersurface(&sf, n, &mut budget).ok_or_else(|| budget_error(pool))? {
                Hyper::Real => {
                    sets.push(set_of(pool, std::slice::from_ref(&sf), n - 1, &p, &to_expr, Some(true), &mut budget)?);
                    set_polys.push(sf.clone());
                }
                Hyper::Unknown => {
                    complete = false;
                    sets.push(set_of(pool, std::slice::from_ref(&sf), n - 1, &p, &to_expr, None, &mut budget)?);
                    set_polys.push(sf.clone());
                }
                Hyper::Points => {
                    // Its real points are singular points of g: g = ∇g = 0.
                    let mut sys = vec![sf.clone()];
                    sys.extend((0..n).map(|v| sf.derivative(v)));
                    point_systems.push(sys);
                }
            }
        }
    }
    point_systems.insert(0, rest);

    let mut eliminants: Vec<(SymId, ExprId)> = Vec::new();
    let mut complex_count = 0;
    let mut points: Vec<Point> = Vec::new();
    let mut values: Vec<RealRoot> = Vec::new();
    for (idx, sys) in point_systems.iter().enumerate() {
        match algebra::solve(sys, total, &mut budget).map_err(|e| solve_error(pool, e))? {
            Solved::Inconsistent => {}
            Solved::Infinite(d, basis) => {
                let polys = basis.polys();
                let linear = polys.iter().all(|q| q.total_degree() <= 1);
                let real = if linear { Some(true) } else { None };
                if !linear {
                    complete = false;
                }
                sets.push(set_of(pool, &polys, d, &p, &to_expr, real, &mut budget)?);
            }
            Solved::Finite(mut sols) => {
                if idx == 0 {
                    complex_count = sols.complex_count();
                    for v in 0..total {
                        let sym = if v < n { vars[v] } else { lambdas[v - n] };
                        let cs = sols.eliminant(v).to_vec();
                        let q = Poly::from_terms(
                            total,
                            cs.iter().enumerate().map(|(i, c)| {
                                let mut e = vec![0u32; total];
                                e[v] = i as u32;
                                (e, c.clone())
                            }),
                        );
                        let e = poly_to_expr(pool, &q.primitive().1, &p.gens);
                        eliminants.push((sym, e));
                    }
                }
                let (new, fvals) = points_of(pool, &mut sols, &p, &hessian_polys, &mut budget)?;
                // Points on a curve of critical points reported above are part of it.
                let mut on_set = vec![false; new.len()];
                for g in &set_polys {
                    let vals = sols.values(g, &mut budget).ok_or_else(|| budget_error(pool))?;
                    for (k, v) in vals.iter().enumerate() {
                        on_set[k] |= v.as_rational().is_some_and(Zero::is_zero);
                    }
                }
                for ((pt, fv), on) in new.into_iter().zip(fvals).zip(on_set) {
                    let seen = points.iter().any(|q| same_point(pool, q, &pt));
                    if !on && !seen {
                        points.push(pt);
                        values.push(fv);
                    }
                }
            }
        }
    }
    let bounded = if m > 0 { bounded(&p, &mut budget) } else { None };
    if bounded == Some(true) {
        mark_extremes(&mut points, &mut values);
    }
    // Order: by coordinates.
    points.sort_by(|a, b| {
        let ka: Vec<f64> = a.coords.iter().map(|c| c.approx(pool)).collect();
        let kb: Vec<f64> = b.coords.iter().map(|c| c.approx(pool)).collect();
        ka.partial_cmp(&kb).unwrap_or(std::cmp::Ordering::Equal)
    });
    Ok(Critical {
        vars: vars.to_vec(),
        lambdas: lambdas.to_vec(),
        constraints: constraints.to_vec(),
        gradient,
        system: system_exprs,
        hessian,
        points,
        sets,
        method: Method::Exact { eliminants, complex_count },
        complete,
        bounded,
    })
}

/// The real points of a hypersurface g = 0 (g square-free).
enum Hyper {
    /// It has real points of dimension n − 1 (a curve in the plane).
    Real,
    /// Finitely many real points, all where ∇g = 0 as well.
    Points,
    /// Not decided.
    Unknown,
}

fn hypersurface(g: &Poly, n: usize, budget: &mut Budget) -> Option<Hyper> {
    // A sign change proves real points of full dimension (near a regular zero g changes
    // sign, and a sign change needs a zero between): look at exact values on a grid.
    let mut pos = false;
    let mut neg = false;
    let count = 9usize.pow(n.min(4) as u32);
    for k in 0..count {
        let mut idx = k;
        let pt: Vec<Rational> = (0..g.nvars())
            .map(|v| {
                if v >= n {
                    return Rational::zero();
                }
                let d = (idx % 9) as i64 - 4;
                idx /= 9;
                Rational::new(d.into(), 2.into())
            })
            .collect();
        let s = g.eval(&pt);
        pos |= s.is_positive();
        neg |= s.is_negative();
        budget.spend(g.len())?;
    }
    if pos && neg {
        return Some(Hyper::Real);
    }
    if n != 2 {
        return Some(Hyper::Unknown);
    }
    // Two variables: over each x = c between the critical abscissae (the roots of the
    // eliminant of g = g_y = 0 and of the leading coefficient in y), the real roots of
    // g(c, y) are simple and their number constant; a vertical line is a factor in x alone.
    let (x, y) = (0, 1);
    let content = algebra::content_in(g, y, budget)?;
    if !content.is_constant() {
        let cs = univariate_coeffs(&content, x);
        if !real_roots(&cs, budget)?.is_empty() {
            return Some(Hyper::Real);
        }
    }
    let mut abscissae: Vec<RealRoot> = Vec::new();
    let lead = g.leading_in(y);
    if !lead.is_constant() {
        abscissae.extend(real_roots(&univariate_coeffs(&lead, x), budget)?);
    }
    if g.degree(y) > 0 {
        let sys = vec![g.clone(), g.derivative(y)];
        match algebra::solve(&sys, g.nvars(), budget) {
            Ok(Solved::Finite(sols)) => {
                abscissae.extend(real_roots(sols.eliminant(x), budget)?);
            }
            Ok(Solved::Inconsistent) => {}
            _ => return Some(Hyper::Unknown),
        }
    }
    // Sample abscissae: left of all, between neighbours, right of all.
    let mut ends: Vec<(Rational, Rational)> =
        abscissae.iter().map(|r| (r.interval().0.clone(), r.interval().1.clone())).collect();
    ends.sort_by(|a, b| a.0.cmp(&b.0));
    let mut samples: Vec<Rational> = Vec::new();
    match (ends.first(), ends.last()) {
        (Some(a), Some(b)) => {
            samples.push(&a.0 - Rational::one());
            samples.push(&b.1 + Rational::one());
            for w in ends.windows(2) {
                samples.push((&w[0].1 + &w[1].0) / Rational::from_integer(2.into()));
            }
            for e in &ends {
                samples.push(e.0.clone());
                samples.push(e.1.clone());
            }
        }
        _ => samples.push(Rational::zero()),
    }
    for c in samples {
        let gc = g.substitute(x, &Poly::constant(g.nvars(), c));
        if gc.is_zero() {
            return Some(Hyper::Real);
        }
        if !real_roots(&univariate_coeffs(&gc, y), budget)?.is_empty() {
            return Some(Hyper::Real);
        }
    }
    Some(Hyper::Points)
}

/// The coefficients (lowest first) of a polynomial in one variable `v`.
fn univariate_coeffs(p: &Poly, v: usize) -> Vec<Rational> {
    let mut cs = vec![Rational::zero(); p.degree(v) as usize + 1];
    for (e, c) in p.terms() {
        cs[e[v] as usize] = c.clone();
    }
    cs
}

/// A set of critical points with these equations.
fn set_of(
    pool: &mut Pool,
    equations: &[Poly],
    dimension: usize,
    p: &Polys,
    to_expr: &dyn Fn(&mut Pool, &Poly) -> ExprId,
    real: Option<bool>,
    budget: &mut Budget,
) -> Result<SolutionSet> {
    let linear = equations.iter().all(|q| q.total_degree() <= 1);
    let exprs: Vec<ExprId> = equations.iter().map(|q| to_expr(pool, &q.primitive().1)).collect();
    // f on the set: its normal form, when that is a constant.
    let basis = Basis::new(equations, p.f.nvars(), budget).ok_or_else(|| budget_error(pool))?;
    let nf = basis.normal_form(&p.f, budget).ok_or_else(|| budget_error(pool))?;
    let value = nf.as_constant().map(|c| pool.num(c));
    Ok(SolutionSet { dimension, equations: exprs, linear, value, real })
}

/// The points of a solved system, each with its values, Hessian and classification.
fn points_of(
    pool: &mut Pool,
    sols: &mut RealSolutions,
    p: &Polys,
    hessian: &[Vec<Poly>],
    budget: &mut Budget,
) -> Result<(Vec<Point>, Vec<RealRoot>)> {
    let (n, m) = (p.n, p.m);
    let total = n + m;
    let count = sols.len();
    if count == 0 {
        return Ok((Vec::new(), Vec::new()));
    }
    let err = |pool: &Pool| budget_error(pool);
    let values = |pool: &mut Pool, sols: &mut RealSolutions, q: &Poly, budget: &mut Budget| -> Result<Vec<RealRoot>> {
        sols.values(q, budget).ok_or_else(|| err(pool))
    };
    let coords: Vec<Vec<RealRoot>> =
        (0..total).map(|v| values(pool, sols, &Poly::var(total, v), budget)).collect::<Result<_>>()?;
    let fvals = values(pool, sols, &p.f, budget)?;
    let hvals: Vec<Vec<Vec<RealRoot>>> = hessian
        .iter()
        .map(|r| r.iter().map(|q| values(pool, sols, q, budget)).collect::<Result<Vec<_>>>())
        .collect::<Result<_>>()?;
    // The minors whose signs classify: of the Hessian, or the last n − m of the bordered one.
    let minors_polys: Vec<Poly> = if m == 0 {
        leading_minors(hessian, total, budget).ok_or_else(|| err(pool))?
    } else {
        let mut b: Vec<Vec<Poly>> = vec![vec![Poly::zero(total); m + n]; m + n];
        for (j, g) in p.constraints.iter().enumerate() {
            for i in 0..n {
                let d = g.derivative(i);
                b[j][m + i] = d.clone();
                b[m + i][j] = d;
            }
        }
        for i in 0..n {
            for k in 0..n {
                b[m + i][m + k] = hessian[i][k].clone();
            }
        }
        let all = leading_minors(&b, total, budget).ok_or_else(|| err(pool))?;
        all[2 * m..].to_vec()
    };
    let minor_vals: Vec<Vec<RealRoot>> =
        minors_polys.iter().map(|q| values(pool, sols, q, budget)).collect::<Result<_>>()?;
    let mut out = Vec::with_capacity(count);
    for k in 0..count {
        let real = |pool: &mut Pool, r: &RealRoot| match closed_form(pool, r) {
            Some(e) => Real::Exact(e),
            None => Real::Root(r.clone()),
        };
        let cs: Vec<Real> = (0..n).map(|v| real(pool, &coords[v][k])).collect();
        let lambdas: Vec<Real> = (n..total).map(|v| real(pool, &coords[v][k])).collect();
        let value = real(pool, &fvals[k]);
        let hess: Vec<Vec<Real>> = hvals.iter().map(|r| r.iter().map(|v| real(pool, &v[k])).collect()).collect();
        let minors: Vec<Real> = minor_vals.iter().map(|v| real(pool, &v[k])).collect();
        let signs: Vec<Option<i8>> = minor_vals.iter().map(|v| Some(v[k].clone().sign())).collect();
        let (definiteness, test) = if m == 0 {
            let zero = hvals.iter().flatten().all(|v| v[k].as_rational().is_some_and(Zero::is_zero));
            let d = sylvester(&signs, zero, || principal_signs(hessian, total, sols, k, budget));
            (d, Conclusion::of(d, true))
        } else {
            bordered(&signs, m)
        };
        let mut kind = test;
        let mut higher_order = None;
        if m == 0 && test == Conclusion::Inconclusive {
            if let Some(pt) = sols.rational_point(k).map(<[Rational]>::to_vec) {
                let hq: Option<Vec<Vec<Rational>>> =
                    hvals.iter().map(|r| r.iter().map(|v| v[k].as_rational().cloned()).collect()).collect();
                if let Some(hq) = hq {
                    let gens = &p.gens;
                    let mut shifted_expr = |pool: &mut Pool, q: &Poly| shifted_expr(pool, q, &pt, gens);
                    if let Some((h, c)) = higher::decide(pool, &p.f, &pt[..n], &hq, &mut shifted_expr, budget) {
                        kind = c;
                        higher_order = Some(h);
                    }
                }
            }
        }
        out.push(Point {
            coords: cs,
            multipliers: lambdas,
            value,
            hessian: hess,
            minors,
            definiteness,
            test,
            kind,
            higher: higher_order,
            extreme: None,
            enclosure: None,
        });
    }
    Ok((out, fvals))
}

/// The same point found twice (from two systems).
fn same_point(pool: &Pool, a: &Point, b: &Point) -> bool {
    a.coords.iter().zip(&b.coords).all(|(x, y)| match (x, y) {
        (Real::Exact(p), Real::Exact(q)) => p == q,
        _ => (x.approx(pool) - y.approx(pool)).abs() <= 1e-12 * (1.0 + x.approx(pool).abs()),
    })
}

/// A polynomial in h written in the powers of xᵢ − aᵢ.
fn shifted_expr(pool: &mut Pool, q: &Poly, point: &[Rational], gens: &Generators) -> ExprId {
    let mut g2 = Generators::new();
    for (v, a) in point.iter().enumerate() {
        let x = gens.expr(v);
        let e = if a.is_zero() {
            x
        } else {
            let c = pool.num(-a.clone());
            pool.add2(x, c)
        };
        g2.index_of(e);
    }
    poly_to_expr(pool, q, &g2)
}

/// The signs of all principal minors of the Hessian at solution k, by size.
fn principal_signs(
    hessian: &[Vec<Poly>],
    nvars: usize,
    sols: &mut RealSolutions,
    k: usize,
    budget: &mut Budget,
) -> Vec<Vec<Option<i8>>> {
    let n = hessian.len();
    let mut by_size = vec![Vec::new(); n];
    for mask in 1u32..(1u32 << n) {
        let idx: Vec<usize> = (0..n).filter(|&i| mask & (1 << i) != 0).collect();
        let sub: Vec<Vec<Poly>> = idx.iter().map(|&i| idx.iter().map(|&j| hessian[i][j].clone()).collect()).collect();
        let sign = algebra::determinant(&sub, nvars, budget)
            .and_then(|d| sols.values(&d, budget))
            .map(|v| v[k].clone().sign());
        by_size[idx.len() - 1].push(sign);
    }
    by_size
}

/// The bordered-Hessian test with m constraints, from the signs of the minors of orders
/// 2m + 1 … m + n: a constrained minimum when all have the sign of (−1)ᵐ, a maximum when the
/// one of order m + k has the sign of (−1)ᵏ, neither when all are non-zero otherwise.
fn bordered(signs: &[Option<i8>], m: usize) -> (Definiteness, Conclusion) {
    if signs.is_empty() {
        // As many constraints as variables: isolated points of the constraint set.
        return (Definiteness::Undecided, Conclusion::Inconclusive);
    }
    if signs.iter().any(|s| s.is_none_or(|s| s == 0)) {
        return (Definiteness::Undecided, Conclusion::Inconclusive);
    }
    let min_sign: i8 = if m.is_multiple_of(2) { 1 } else { -1 };
    if signs.iter().all(|&s| s == Some(min_sign)) {
        return (Definiteness::PositiveDefinite, Conclusion::LocalMinimum);
    }
    let max = signs.iter().enumerate().all(|(i, &s)| {
        let order_k = m + 1 + i; // the minor of order m + k, k = m + 1 + i
        s == Some(if order_k.is_multiple_of(2) { 1 } else { -1 })
    });
    if max {
        return (Definiteness::NegativeDefinite, Conclusion::LocalMaximum);
    }
    (Definiteness::Indefinite, Conclusion::SaddlePoint)
}

/// Whether the constraint set is bounded: when the highest-degree parts of the
/// constraints have no common real zero on the unit sphere (a sequence of points going to
/// infinity would give one). Linear constraints only: an affine subspace, unbounded when
/// it has positive dimension.
fn bounded(p: &Polys, budget: &mut Budget) -> Option<bool> {
    let n = p.n;
    let total = p.n + p.m;
    let top: Vec<Poly> = p
        .constraints
        .iter()
        .map(|g| {
            let d = g.total_degree();
            Poly::from_terms(
                total,
                g.terms().filter(|(e, _)| e.iter().sum::<u32>() == d).map(|(e, c)| (e.to_vec(), c.clone())),
            )
        })
        .collect();
    if p.constraints.iter().all(|g| g.total_degree() <= 1) {
        return if p.m < n { Some(false) } else { None };
    }
    let mut sys = top;
    let sphere = (0..n).fold(Poly::constant(total, -Rational::one()), |a, v| a.add(&Poly::var(total, v).pow(2)));
    sys.push(sphere);
    // Only the variables x (the λs do not occur): solve in them.
    let sys: Vec<Poly> =
        sys.iter().map(|q| Poly::from_terms(n, q.terms().map(|(e, c)| (e[..n].to_vec(), c.clone())))).collect();
    match algebra::solve(&sys, n, budget) {
        Ok(Solved::Inconsistent) => Some(true),
        Ok(Solved::Finite(s)) if s.is_empty() => Some(true),
        Ok(Solved::Finite(_)) => None,
        _ => None,
    }
}

/// The constrained maximum and minimum: the points with the largest and smallest f
/// (compared exactly: the values are roots of one polynomial).
fn mark_extremes(points: &mut [Point], values: &mut [RealRoot]) {
    if points.is_empty() {
        return;
    }
    let mut max = 0;
    let mut min = 0;
    for k in 1..values.len() {
        if compare(values, k, max) == std::cmp::Ordering::Greater {
            max = k;
        }
        if compare(values, k, min) == std::cmp::Ordering::Less {
            min = k;
        }
    }
    for (k, point) in points.iter_mut().enumerate() {
        if compare(values, k, max) == std::cmp::Ordering::Equal {
            point.extreme = Some(Extreme::Maximum);
        } else if compare(values, k, min) == std::cmp::Ordering::Equal {
            point.extreme = Some(Extreme::Minimum);
        }
    }
}

/// Exact comparison of two values found together.
fn compare(values: &mut [RealRoot], a: usize, b: usize) -> std::cmp::Ordering {
    if a == b {
        return std::cmp::Ordering::Equal;
    }
    let (x, y) = if a < b {
        let (l, r) = values.split_at_mut(b);
        (&mut l[a], &mut r[0])
    } else {
        let (l, r) = values.split_at_mut(a);
        (&mut r[0], &mut l[b])
    };
    x.compare(y)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::print::{Printer, Style};

    /// Each point as `(coords) kind f=…` in plain form, decimals for roots.
    fn run(src: &str, constraints: &[&str]) -> (Vec<String>, Critical) {
        let mut pool = Pool::default();
        let f = crate::syntax::parse(&mut pool, src, &Default::default()).unwrap();
        let mut vars: Vec<SymId> = pool.free_vars(f).to_vec();
        let cs: Vec<ExprId> = constraints
            .iter()
            .map(|c| {
                let e = crate::syntax::parse(&mut pool, c, &Default::default()).unwrap();
                for v in pool.free_vars(e).to_vec() {
                    if !vars.contains(&v) {
                        vars.push(v);
                    }
                }
                e
            })
            .collect();
        crate::print::sort_vars(&pool, &mut vars);
        let mut d = Deriver::new();
        let c = find(&mut pool, &mut d, f, &vars, &cs).unwrap().unwrap();
        let pr = Printer::new(&pool, Style::Plain);
        let show = |r: &Real| match r {
            Real::Exact(e) => pr.expr(*e),
            other => format!("~{:.6}", other.approx(&pool)),
        };
        let lines = c
            .points
            .iter()
            .map(|p| {
                let xs: Vec<String> = p.coords.iter().map(show).collect();
                let ls: Vec<String> = p.multipliers.iter().map(show).collect();
                let ext = match p.extreme {
                    Some(Extreme::Maximum) => " max",
                    Some(Extreme::Minimum) => " min",
                    None => "",
                };
                format!(
                    "({}) {:?} f={}{}{}",
                    xs.join(", "),
                    p.kind,
                    show(&p.value),
                    if ls.is_empty() { String::new() } else { format!(" λ={}", ls.join(",")) },
                    ext
                )
            })
            .collect();
        (lines, c)
    }

    #[test]
    fn the_issues_examples() {
        let (l, _) = run("x^3 - 3x + y^2", &[]);
        assert_eq!(l, ["(-1, 0) SaddlePoint f=2", "(1, 0) LocalMinimum f=-2"]);
        let (l, _) = run("x^4 + y^4 - 4x*y + 1", &[]);
        assert_eq!(l, ["(-1, -1) LocalMinimum f=-1", "(0, 0) SaddlePoint f=1", "(1, 1) LocalMinimum f=-1"]);
        let (l, c) = run("(x^2 + y - 11)^2 + (x + y^2 - 7)^2", &[]);
        assert_eq!(l.len(), 9, "{l:?}");
        let count = |k| c.points.iter().filter(|p| p.kind == k).count();
        assert_eq!(count(Conclusion::LocalMinimum), 4);
        assert_eq!(count(Conclusion::LocalMaximum), 1);
        assert_eq!(count(Conclusion::SaddlePoint), 4);
        let (l, c) = run("x*y", &["x^2 + y^2 - 1"]);
        assert_eq!(c.bounded, Some(true));
        assert_eq!(l.len(), 4, "{l:?}");
        assert!(l.iter().any(|s| s == "(sqrt(2)/2, sqrt(2)/2) LocalMaximum f=1/2 λ=1/2 max"), "{l:?}");
    }

    #[test]
    fn degenerate_points_and_sets() {
        let (l, _) = run("x^4 + y^4", &[]);
        assert_eq!(l, ["(0, 0) LocalMinimum f=0"]);
        let (l, _) = run("x^3 - 3x*y^2", &[]);
        assert_eq!(l, ["(0, 0) SaddlePoint f=0"]);
        let (l, c) = run("(x - y)^2", &[]);
        assert!(l.is_empty(), "{l:?}");
        assert_eq!(c.sets.len(), 1);
        let (l, c) = run("(x^2 + y^2)^2", &[]);
        assert_eq!(l, ["(0, 0) LocalMinimum f=0"]);
        assert!(c.sets.is_empty());
        let (l, c) = run("(x^2 + y^2 - 1)^2", &[]);
        assert_eq!(l, ["(0, 0) LocalMaximum f=1"]);
        assert_eq!(c.sets.len(), 1);
        let (l, c) = run("x^2*y^2", &[]);
        assert!(l.is_empty(), "{l:?}");
        assert_eq!(c.sets.len(), 1);
    }
}
