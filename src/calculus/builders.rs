//! What is built from partial derivatives: the gradient, its norm, the Hessian (each
//! pair i ≤ j once, mirrored, from the gradient's memo) and the Jacobian.

use super::derive::Deriver;
use crate::expr::{ExprId, Pool, SymId};

pub fn gradient(d: &mut Deriver, pool: &mut Pool, f: ExprId, vars: &[SymId]) -> Vec<ExprId> {
    vars.iter().map(|&v| d.derive(pool, f, v)).collect()
}

/// √(Σ vᵢ²), exact.
pub fn norm(pool: &mut Pool, v: &[ExprId]) -> ExprId {
    let squares: Vec<ExprId> = v.iter().map(|&x| pool.powi(x, 2)).collect();
    let s = pool.add(squares);
    pool.sqrt(s)
}

/// The Hessian: symmetric, so only i ≤ j are differentiated.
pub fn hessian(d: &mut Deriver, pool: &mut Pool, f: ExprId, vars: &[SymId]) -> Vec<Vec<ExprId>> {
    let g = gradient(d, pool, f, vars);
    let n = vars.len();
    let mut h = vec![vec![pool.zero(); n]; n];
    for i in 0..n {
        for j in i..n {
            let e = d.derive(pool, g[i], vars[j]);
            h[i][j] = e;
            h[j][i] = e;
        }
        if pool.limit_hit().is_some() {
            break;
        }
    }
    h
}

/// Rows are functions, columns variables.
pub fn jacobian(d: &mut Deriver, pool: &mut Pool, fs: &[ExprId], vars: &[SymId]) -> Vec<Vec<ExprId>> {
    fs.iter().map(|&f| gradient(d, pool, f, vars)).collect()
}
