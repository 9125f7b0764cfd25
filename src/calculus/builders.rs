//! What is built from partial derivatives: the gradient, its norm, the Hessian (each
//! pair i ≤ j once, mirrored, from the gradient's memo), the Jacobian, and determinants
//! for the second-derivative test.

use super::Deriver;
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

/// The determinant of a square matrix of constants, by elimination with exact pool
/// arithmetic (pivots chosen among the non-zero entries).
pub fn determinant(pool: &mut Pool, m: &[Vec<ExprId>]) -> ExprId {
    let n = m.len();
    let mut a: Vec<Vec<ExprId>> = m.to_vec();
    let mut det = pool.one();
    for col in 0..n {
        let Some(piv) = (col..n).find(|&r| !pool.is_zero(a[r][col])) else {
            return pool.zero();
        };
        if piv != col {
            a.swap(piv, col);
            det = pool.neg(det);
        }
        let p = a[col][col];
        det = pool.mul2(det, p);
        eliminate_below(pool, &mut a, col);
    }
    det
}

/// Subtracts multiples of row `col` from the rows below it, zeroing column `col` there.
fn eliminate_below(pool: &mut Pool, a: &mut [Vec<ExprId>], col: usize) {
    let inv = pool.powi(a[col][col], -1);
    let pivot_row = a[col].clone();
    for row in a.iter_mut().skip(col + 1) {
        if pool.is_zero(row[col]) {
            continue;
        }
        let factor = pool.mul2(row[col], inv);
        for (cell, &above) in row.iter_mut().zip(&pivot_row).skip(col) {
            let t = pool.mul2(factor, above);
            *cell = pool.sub(*cell, t);
        }
    }
}

/// The leading principal minors D₁ … Dₙ from one elimination without row swaps: Dₖ is the
/// product of the first k pivots. A zero pivot ends that shortcut; the remaining minors
/// are then computed one by one.
pub fn leading_minors(pool: &mut Pool, m: &[Vec<ExprId>]) -> Vec<ExprId> {
    let n = m.len();
    let mut a: Vec<Vec<ExprId>> = m.to_vec();
    let mut minors = Vec::with_capacity(n);
    let mut det = pool.one();
    for col in 0..n {
        let p = a[col][col];
        if pool.is_zero(p) {
            break;
        }
        det = pool.mul2(det, p);
        minors.push(det);
        eliminate_below(pool, &mut a, col);
    }
    for k in minors.len() + 1..=n {
        let sub: Vec<Vec<ExprId>> = m[..k].iter().map(|r| r[..k].to_vec()).collect();
        minors.push(determinant(pool, &sub));
    }
    minors
}

/// All principal minors, by size: `minors[k-1]` holds those of size k.
pub fn principal_minors(pool: &mut Pool, m: &[Vec<ExprId>]) -> Vec<Vec<ExprId>> {
    let n = m.len();
    let mut by_size = vec![Vec::new(); n];
    for mask in 1u32..(1u32 << n) {
        let idx: Vec<usize> = (0..n).filter(|&i| mask & (1 << i) != 0).collect();
        let sub: Vec<Vec<ExprId>> = idx.iter().map(|&i| idx.iter().map(|&j| m[i][j]).collect()).collect();
        let d = determinant(pool, &sub);
        by_size[idx.len() - 1].push(d);
    }
    by_size
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn leading_minors_match_determinants() {
        let mut pool = Pool::default();
        let vals = [[2, -1, 0], [-1, 2, -1], [0, -1, 2]];
        let m: Vec<Vec<ExprId>> = vals.iter().map(|r| r.iter().map(|&v| pool.int(v)).collect()).collect();
        let minors = leading_minors(&mut pool, &m);
        let want: Vec<ExprId> = [2, 3, 4].iter().map(|&v| pool.int(v)).collect();
        assert_eq!(minors, want);
        // A zero pivot: [[0, 1], [1, 0]] has D1 = 0, D2 = -1.
        let z = [[0, 1], [1, 0]];
        let m: Vec<Vec<ExprId>> = z.iter().map(|r| r.iter().map(|&v| pool.int(v)).collect()).collect();
        let minors = leading_minors(&mut pool, &m);
        assert_eq!(minors, vec![pool.zero(), pool.int(-1)]);
    }
}
