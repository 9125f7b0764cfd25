//! Determinants of matrices of polynomials, fraction-free (Bareiss): every division is exact,
//! so the entries stay polynomials of moderate size. The second-derivative test's minors of a
//! symbolic Hessian are computed here once and then evaluated at each solution.

use super::poly::Poly;
use super::Budget;

/// The determinant of a square matrix of polynomials (all in `nvars` variables); `None` when
/// the budget runs out.
pub fn determinant(m: &[Vec<Poly>], nvars: usize, budget: &mut Budget) -> Option<Poly> {
    let n = m.len();
    if n == 0 {
        return Some(Poly::one(nvars));
    }
    let mut a: Vec<Vec<Poly>> = m.to_vec();
    let mut sign = false;
    let mut prev = Poly::one(nvars);
    for k in 0..n - 1 {
        if a[k][k].is_zero() {
            let Some(p) = (k + 1..n).find(|&r| !a[r][k].is_zero()) else { return Some(Poly::zero(nvars)) };
            a.swap(k, p);
            sign = !sign;
        }
        for i in k + 1..n {
            for j in k + 1..n {
                let t = a[i][j].mul(&a[k][k]).sub(&a[i][k].mul(&a[k][j]));
                budget.spend(t.len() + prev.len())?;
                a[i][j] = t.div_exact(&prev, budget.left().max(1))?;
            }
        }
        prev = a[k][k].clone();
    }
    let d = a[n - 1][n - 1].clone();
    Some(if sign { d.neg() } else { d })
}

/// The leading principal minors D₁ … Dₙ.
pub fn leading_minors(m: &[Vec<Poly>], nvars: usize, budget: &mut Budget) -> Option<Vec<Poly>> {
    (1..=m.len())
        .map(|k| {
            let sub: Vec<Vec<Poly>> = m[..k].iter().map(|r| r[..k].to_vec()).collect();
            determinant(&sub, nvars, budget)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::expr::number::int;

    #[test]
    fn determinants_of_polynomial_matrices() {
        let x = Poly::var(2, 0);
        let y = Poly::var(2, 1);
        let c = |n| Poly::constant(2, int(n));
        // [[x, 1], [1, y]] → xy - 1
        let m = vec![vec![x.clone(), c(1)], vec![c(1), y.clone()]];
        assert_eq!(determinant(&m, 2, &mut Budget::new(1000)).unwrap(), x.mul(&y).sub(&c(1)));
        // a zero pivot: [[0, x], [y, 1]] → -xy
        let m = vec![vec![c(0), x.clone()], vec![y.clone(), c(1)]];
        assert_eq!(determinant(&m, 2, &mut Budget::new(1000)).unwrap(), x.mul(&y).neg());
        // 3×3: [[2,1,0],[1,2,1],[0,1,2]] = 4
        let m: Vec<Vec<Poly>> =
            [[2, 1, 0], [1, 2, 1], [0, 1, 2]].iter().map(|r| r.iter().map(|&v| c(v)).collect()).collect();
        assert_eq!(determinant(&m, 2, &mut Budget::new(1000)).unwrap(), c(4));
        let minors = leading_minors(&m, 2, &mut Budget::new(1000)).unwrap();
        assert_eq!(minors, vec![c(2), c(3), c(4)]);
    }
}
