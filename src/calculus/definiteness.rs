//! The second-derivative test: the leading principal minors of a Hessian at a point (exact,
//! by elimination), Sylvester's classification of the matrix from their signs, and what that
//! says about the point. `hessian --at` prints all three; `critical` will classify each
//! point it finds with the same [`classify`] and [`Conclusion`].

use crate::expr::{ExprId, Pool};

/// What a symmetric matrix is, as far as the signs of its minors decide it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Definiteness {
    PositiveDefinite,
    NegativeDefinite,
    Indefinite,
    PositiveSemidefinite,
    NegativeSemidefinite,
    Zero,
    /// A minor whose sign could not be decided (a constant too close to 0 to tell).
    Undecided,
}

impl Definiteness {
    /// The name in JSON output (`"definiteness"`).
    pub fn name(self) -> &'static str {
        match self {
            Definiteness::PositiveDefinite => "positive definite",
            Definiteness::NegativeDefinite => "negative definite",
            Definiteness::Indefinite => "indefinite",
            Definiteness::PositiveSemidefinite => "positive semidefinite",
            Definiteness::NegativeSemidefinite => "negative semidefinite",
            Definiteness::Zero => "zero",
            Definiteness::Undecided => "undecided",
        }
    }

    /// The finding about the Hessian at a point, in words.
    pub fn describe(self) -> String {
        match self {
            Definiteness::Undecided => "the signs of the minors could not be decided".into(),
            Definiteness::Zero => "the Hessian is zero there".into(),
            k => format!("the Hessian is {} there", k.name()),
        }
    }
}

/// What the second-derivative test concludes about a point.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Conclusion {
    /// ∇f ≠ 0: the Hessian says nothing about an extremum here.
    NotCritical,
    LocalMinimum,
    LocalMaximum,
    SaddlePoint,
    /// ∇f = 0 but the Hessian is semidefinite, zero or undecided.
    Inconclusive,
}

impl Conclusion {
    /// The conclusion from the Hessian's character and whether ∇f = 0 at the point.
    pub fn of(kind: Definiteness, critical: bool) -> Conclusion {
        match (critical, kind) {
            (false, _) => Conclusion::NotCritical,
            (true, Definiteness::PositiveDefinite) => Conclusion::LocalMinimum,
            (true, Definiteness::NegativeDefinite) => Conclusion::LocalMaximum,
            (true, Definiteness::Indefinite) => Conclusion::SaddlePoint,
            (true, _) => Conclusion::Inconclusive,
        }
    }

    /// The conclusion in words, with its reason.
    pub fn describe(self) -> &'static str {
        match self {
            Conclusion::NotCritical => "∇f ≠ 0 there, so it is not a critical point",
            Conclusion::LocalMinimum => "∇f = 0 there, so it is a local minimum",
            Conclusion::LocalMaximum => "∇f = 0 there, so it is a local maximum",
            Conclusion::SaddlePoint => "∇f = 0 there, so it is a saddle point",
            Conclusion::Inconclusive => "∇f = 0 there, but the second-derivative test is inconclusive",
        }
    }
}

/// A matrix's character and the leading principal minors it was read from.
#[derive(Clone, Debug)]
pub struct Classification {
    pub kind: Definiteness,
    /// D₁ … Dₙ, the determinants of the top-left k × k blocks.
    pub minors: Vec<ExprId>,
}

/// Sylvester's criterion on the exact leading principal minors of a symmetric matrix of
/// constants; when the determinant is zero, all principal minors decide semidefiniteness
/// (for up to 12 variables: there are 2ⁿ − 1 of them).
pub fn classify(pool: &mut Pool, m: &[Vec<ExprId>]) -> Classification {
    let minors = leading_minors(pool, m);
    let signs: Vec<Option<i8>> = minors.iter().map(|&d| pool.sign(d)).collect();
    let n = m.len();
    if n == 0 {
        return Classification { kind: Definiteness::Zero, minors };
    }
    if signs.iter().any(Option::is_none) {
        return Classification { kind: Definiteness::Undecided, minors };
    }
    let s: Vec<i8> = signs.into_iter().flatten().collect();
    let kind = if s.iter().all(|&x| x > 0) {
        Definiteness::PositiveDefinite
    } else if s.iter().enumerate().all(|(k, &x)| if k % 2 == 0 { x < 0 } else { x > 0 }) {
        Definiteness::NegativeDefinite
    } else if s[n - 1] != 0 {
        // A non-singular matrix that is not definite has eigenvalues of both signs.
        Definiteness::Indefinite
    } else if m.iter().all(|r| r.iter().all(|&c| pool.is_zero(c))) {
        Definiteness::Zero
    } else if n <= 12 {
        let all = principal_minors(pool, m);
        let signs: Vec<Vec<Option<i8>>> = all.iter().map(|ds| ds.iter().map(|&d| pool.sign(d)).collect()).collect();
        if signs.iter().flatten().any(Option::is_none) {
            Definiteness::Undecided
        } else if signs.iter().flatten().all(|&x| x.unwrap_or(0) >= 0) {
            Definiteness::PositiveSemidefinite
        } else if signs
            .iter()
            .enumerate()
            .all(|(k, ds)| ds.iter().all(|&x| if k % 2 == 0 { x.unwrap_or(0) <= 0 } else { x.unwrap_or(0) >= 0 }))
        {
            Definiteness::NegativeSemidefinite
        } else {
            Definiteness::Indefinite
        }
    } else {
        Definiteness::Undecided
    };
    Classification { kind, minors }
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

    fn matrix(pool: &mut Pool, rows: &[&[i64]]) -> Vec<Vec<ExprId>> {
        rows.iter().map(|r| r.iter().map(|&v| pool.int(v)).collect()).collect()
    }

    #[test]
    fn sylvester_classifies_each_kind() {
        use Definiteness::*;
        let cases: &[(&[&[i64]], Definiteness)] = &[
            (&[&[2, 0], &[0, 3]], PositiveDefinite),
            (&[&[-2, 1], &[1, -3]], NegativeDefinite),
            (&[&[1, 0], &[0, -1]], Indefinite),
            (&[&[0, 1], &[1, 0]], Indefinite),
            (&[&[1, 0], &[0, 0]], PositiveSemidefinite),
            (&[&[0, 0], &[0, 2]], PositiveSemidefinite),
            (&[&[-1, 0], &[0, 0]], NegativeSemidefinite),
            (&[&[0, 0], &[0, 0]], Zero),
            (&[&[2, -1, 0], &[-1, 2, -1], &[0, -1, 2]], PositiveDefinite),
            (&[&[1, 1, 0], &[1, 1, 0], &[0, 0, 1]], PositiveSemidefinite),
            (&[&[1, 2, 0], &[2, 1, 0], &[0, 0, 0]], Indefinite),
            (&[&[5]], PositiveDefinite),
            (&[&[-5]], NegativeDefinite),
            (&[], Zero),
        ];
        for (rows, want) in cases {
            let mut pool = Pool::default();
            let m = matrix(&mut pool, rows);
            assert_eq!(classify(&mut pool, &m).kind, *want, "{rows:?}");
        }
    }

    #[test]
    fn an_undecidable_sign_is_said_to_be_undecided() {
        // e/10^13 is positive, but `Pool::sign` does not guess below 1e-12 from a double.
        let mut pool = Pool::default();
        let tiny = crate::syntax::parse(&mut pool, "e/10^13", &Default::default()).unwrap();
        assert_eq!(pool.sign(tiny), None);
        let (one, zero) = (pool.one(), pool.zero());
        let m = vec![vec![tiny, zero], vec![zero, one]];
        assert_eq!(classify(&mut pool, &m).kind, Definiteness::Undecided);
    }

    #[test]
    fn the_conclusion_needs_a_critical_point() {
        use Conclusion::*;
        use Definiteness::*;
        let cases = [
            (PositiveDefinite, true, LocalMinimum),
            (NegativeDefinite, true, LocalMaximum),
            (Indefinite, true, SaddlePoint),
            (PositiveSemidefinite, true, Inconclusive),
            (NegativeSemidefinite, true, Inconclusive),
            (Zero, true, Inconclusive),
            (Undecided, true, Inconclusive),
            (PositiveDefinite, false, NotCritical),
            (Indefinite, false, NotCritical),
        ];
        for (kind, critical, want) in cases {
            assert_eq!(Conclusion::of(kind, critical), want, "{kind:?}, critical: {critical}");
        }
        assert_eq!(LocalMinimum.describe(), "∇f = 0 there, so it is a local minimum");
        assert_eq!(PositiveSemidefinite.describe(), "the Hessian is positive semidefinite there");
    }

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
