//! The second-derivative test: the leading principal minors of a Hessian at a point (exact,
//! by elimination), Sylvester's classification of the matrix from their signs, and what that
//! says about the point. `hessian --at` prints all three; `critical` will classify each
//! point it finds with the same [`verdict`].
//!
//! A result can hold parameters (symbols that are not variables: `a` in `x² + y² + ax`). A
//! conclusion is stated only where it is decided: where it depends on the parameters, the
//! [`Verdict`] gives the [`Condition`]s under which each case holds (∇f(0, 0) = (a, 0) makes
//! the origin "a critical point only if a = 0"), solved for a parameter where a condition is
//! linear in one (`2a - 1 > 0` is `a > 1/2`), and the Hessian's character where those
//! conditions fix every parameter.

use super::derive::Deriver;
use crate::algebra::Budget;
use crate::eval::exact;
use crate::expr::{Callee, ExprId, Node, Pool, SymId};
use num_traits::Signed;
use rustc_hash::FxHashMap;

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
}

/// How the two sides of a [`Condition`] compare.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Relation {
    Equal,
    NotEqual,
    Greater,
    Less,
}

impl Relation {
    /// The relation with its sides exchanged (after dividing by a negative number).
    fn flipped(self) -> Relation {
        match self {
            Relation::Greater => Relation::Less,
            Relation::Less => Relation::Greater,
            r => r,
        }
    }

    /// The symbol in text, plain and LaTeX.
    pub fn symbols(self) -> (&'static str, &'static str, &'static str) {
        match self {
            Relation::Equal => ("=", "=", "="),
            Relation::NotEqual => ("≠", "!=", "\\neq"),
            Relation::Greater => (">", ">", ">"),
            Relation::Less => ("<", "<", "<"),
        }
    }
}

/// A condition on the parameters: `lhs relation rhs`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Condition {
    pub lhs: ExprId,
    pub relation: Relation,
    pub rhs: ExprId,
}

impl Condition {
    /// `e relation 0`, in its simplest form: a number factor divided out (a negative one
    /// flips the relation), and solved for its parameter when `e` is linear in one
    /// (`2a - 1 > 0` → `a > 1/2`).
    pub fn of(pool: &mut Pool, e: ExprId, relation: Relation) -> Condition {
        let zero = pool.zero();
        // uᵏ (k a positive whole number) is 0 where u is; an even power is positive where it
        // is not 0, an odd one has the sign of u.
        if let Node::Pow(u, k) = *pool.node(e) {
            if let Some(k) = pool.as_num(k).filter(|k| k.is_integer() && k.is_positive()).cloned() {
                let even = (k.numer() % 2u32) == 0u32.into();
                let relation = match relation {
                    Relation::Greater if even => Some(Relation::NotEqual),
                    Relation::Less if even => None,
                    r => Some(r),
                };
                if let Some(r) = relation {
                    return Condition::of(pool, u, r);
                }
            }
        }
        if let [p] = *pool.free_vars(e) {
            let mut d = Deriver::new();
            let c = d.derive(pool, e, p);
            if pool.is_constant(c) && !pool.is_zero(c) {
                if let Some(sign) = pool.sign(c) {
                    // e = c·p + rest, with rest constant: p = -rest/c.
                    let pv = pool.var(p);
                    let cp = pool.mul2(c, pv);
                    let rest = pool.sub(e, cp);
                    if pool.is_constant(rest) {
                        let minus_rest = pool.neg(rest);
                        let value = pool.div(minus_rest, c);
                        let relation = if sign < 0 { relation.flipped() } else { relation };
                        return Condition { lhs: pv, relation, rhs: value };
                    }
                }
            }
        }
        let (c, rest) = pool.split_coeff(e);
        let (content, rest) = match pool.node(rest) {
            Node::Add(_) => pool.primitive(rest),
            _ => (num_traits::One::one(), rest),
        };
        let negative = c.is_negative() != content.is_negative();
        let relation = if negative { relation.flipped() } else { relation };
        Condition { lhs: rest, relation, rhs: zero }
    }

    /// What this condition bounds, when it reads `p ⋈ constant`: a parameter, or the value of
    /// an unknown function (`f''(1) > 0`), which is a parameter of its own.
    fn bound(&self, pool: &Pool) -> Option<ExprId> {
        match pool.node(self.lhs) {
            Node::Sym(_) | Node::Call(Callee::Unknown { .. }, _) if pool.is_numeric(self.rhs) => Some(self.lhs),
            _ => None,
        }
    }
}

/// The conditions without repeats and without those that others imply (`a > 0` and `a > 1`
/// is `a > 1`), or `None` when they cannot all hold (`a > 0` and `a < 0`). Decided for bounds
/// on one parameter (`p ⋈ constant`); other conditions are kept as they are.
pub fn tidy(pool: &mut Pool, conditions: &[Condition]) -> Option<Vec<Condition>> {
    // Each parameter's bounds, tidied, go where its first condition was.
    let mut out: Vec<Condition> = Vec::new();
    let mut done: Vec<ExprId> = Vec::new();
    for c in conditions {
        match c.bound(pool) {
            Some(p) if done.contains(&p) => {}
            Some(p) => {
                done.push(p);
                let mine: Vec<Condition> = conditions.iter().copied().filter(|c| c.bound(pool) == Some(p)).collect();
                out.extend(tidy_bounds(pool, p, &mine)?);
            }
            None if !out.contains(c) => out.push(*c),
            None => {}
        }
    }
    Some(out)
}

/// The bounds on one parameter `p` (conditions `p ⋈ constant`) in their tightest form, or
/// `None` when no value meets them all.
fn tidy_bounds(pool: &mut Pool, p: ExprId, mine: &[Condition]) -> Option<Vec<Condition>> {
    // The sign of a - b, when it is known.
    let cmp = |pool: &mut Pool, a: ExprId, b: ExprId| {
        let d = pool.sub(a, b);
        pool.sign(d)
    };
    let mut lower: Option<ExprId> = None; // p > lower
    let mut upper: Option<ExprId> = None; // p < upper
    let mut equal: Option<ExprId> = None;
    let mut unequal: Vec<ExprId> = Vec::new();
    for c in mine {
        match c.relation {
            Relation::Greater => {
                if lower.is_none_or(|l| cmp(pool, c.rhs, l) == Some(1)) {
                    lower = Some(c.rhs);
                }
            }
            Relation::Less => {
                if upper.is_none_or(|u| cmp(pool, c.rhs, u) == Some(-1)) {
                    upper = Some(c.rhs);
                }
            }
            Relation::Equal => match equal {
                Some(v) if cmp(pool, v, c.rhs) != Some(0) => return None,
                _ => equal = Some(c.rhs),
            },
            Relation::NotEqual => {
                if !unequal.contains(&c.rhs) {
                    unequal.push(c.rhs);
                }
            }
        }
    }
    if let (Some(l), Some(u)) = (lower, upper) {
        if cmp(pool, u, l).is_some_and(|s| s <= 0) {
            return None;
        }
    }
    let pv = p;
    let mut out = Vec::new();
    if let Some(v) = equal {
        let below = lower.is_some_and(|l| cmp(pool, v, l).is_some_and(|s| s <= 0));
        let above = upper.is_some_and(|u| cmp(pool, v, u).is_some_and(|s| s >= 0));
        let excluded = unequal.iter().any(|&w| cmp(pool, v, w) == Some(0));
        if below || above || excluded {
            return None;
        }
        out.push(Condition { lhs: pv, relation: Relation::Equal, rhs: v });
        return Some(out);
    }
    out.extend(lower.map(|l| Condition { lhs: pv, relation: Relation::Greater, rhs: l }));
    out.extend(upper.map(|u| Condition { lhs: pv, relation: Relation::Less, rhs: u }));
    for w in unequal {
        // p ≠ w says nothing more where the bounds already leave w out.
        let outside = lower.is_some_and(|l| cmp(pool, w, l).is_some_and(|s| s <= 0))
            || upper.is_some_and(|u| cmp(pool, w, u).is_some_and(|s| s >= 0));
        if !outside {
            out.push(Condition { lhs: pv, relation: Relation::NotEqual, rhs: w });
        }
    }
    Some(out)
}

/// A Hessian's character at a point: decided, or depending on parameters.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Character {
    Decided(Definiteness),
    /// The minors hold parameters. Sylvester's criterion: positive definite where every
    /// Dₖ > 0, negative definite where (-1)ᵏDₖ > 0 (`None`: not for any value), and
    /// otherwise indefinite wherever the determinant is not zero (`nonsingular`).
    Depends {
        positive: Option<Vec<Condition>>,
        negative: Option<Vec<Condition>>,
        nonsingular: Condition,
    },
}

/// Whether ∇f = 0 at the point.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Critical {
    Yes,
    No,
    /// ∇f holds parameters: it is 0 only where these hold.
    OnlyIf(Vec<Condition>),
}

/// What the second-derivative test says at a point: the Hessian's character, whether the
/// point is critical, and, when it is critical only under conditions that fix every
/// parameter the Hessian holds, its character there.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Verdict {
    pub character: Character,
    pub critical: Critical,
    pub then: Option<Character>,
}

impl Verdict {
    /// The conclusion, when it does not depend on parameters.
    pub fn conclusion(&self) -> Option<Conclusion> {
        match (&self.critical, &self.character) {
            (Critical::No, _) => Some(Conclusion::NotCritical),
            (Critical::Yes, Character::Decided(k)) => Some(Conclusion::of(*k, true)),
            _ => None,
        }
    }

    /// `Some(true)`: a critical point; `Some(false)`: not one; `None`: it depends on parameters.
    pub fn is_critical(&self) -> Option<bool> {
        match self.critical {
            Critical::Yes => Some(true),
            Critical::No => Some(false),
            Critical::OnlyIf(_) => None,
        }
    }
}

/// The second-derivative test at a point, from the Hessian and the gradient there (values
/// that may hold parameters).
pub fn verdict(pool: &mut Pool, hessian: &[Vec<ExprId>], gradient: &[ExprId]) -> (Classification, Verdict) {
    let classification = classify(pool, hessian);
    let character = character_of(pool, &classification);
    let critical = critical(pool, gradient);
    let then = match &critical {
        Critical::OnlyIf(conditions) if matches!(character, Character::Depends { .. }) => {
            fixed_values(pool, conditions).and_then(|values| {
                let m: Option<Vec<Vec<ExprId>>> = hessian
                    .iter()
                    .map(|row| row.iter().map(|&c| exact::value_at(pool, c, &values).ok()).collect())
                    .collect();
                m.map(|m| {
                    let c = classify(pool, &m);
                    character_of(pool, &c)
                })
            })
        }
        _ => None,
    };
    (classification, Verdict { character, critical, then })
}

/// The values conditions give their parameters when they are all `p = constant`.
fn fixed_values(pool: &Pool, conditions: &[Condition]) -> Option<FxHashMap<SymId, ExprId>> {
    conditions
        .iter()
        .map(|c| match (c.relation, c.bound(pool).map(|p| pool.node(p))) {
            (Relation::Equal, Some(Node::Sym(p))) => Some((*p, c.rhs)),
            _ => None,
        })
        .collect()
}

/// Whether ∇f = 0: every entry 0, some entry a number that is not 0, or else 0 only where
/// the entries holding parameters are.
pub fn critical(pool: &mut Pool, gradient: &[ExprId]) -> Critical {
    if gradient.iter().all(|&g| pool.is_zero(g)) {
        return Critical::Yes;
    }
    if gradient.iter().any(|&g| pool.is_numeric(g) && !pool.is_zero(g)) {
        return Critical::No;
    }
    let nonzero: Vec<ExprId> = gradient.iter().copied().filter(|&g| !pool.is_zero(g)).collect();
    let conditions: Vec<Condition> = nonzero.into_iter().map(|g| Condition::of(pool, g, Relation::Equal)).collect();
    match tidy(pool, &conditions) {
        Some(c) => Critical::OnlyIf(c),
        // The entries cannot all be 0 (a = 0 and a = 1).
        None => Critical::No,
    }
}

/// The character read from the minors, with the conditions for each case where they hold
/// parameters.
fn character_of(pool: &mut Pool, c: &Classification) -> Character {
    if c.kind != Definiteness::Undecided || c.minors.iter().all(|&d| pool.is_numeric(d)) {
        return Character::Decided(c.kind);
    }
    // Sylvester's criterion, one condition per minor: every Dₖ > 0 for positive definite,
    // (-1)ᵏDₖ > 0 for negative definite. A minor whose sign is known decides its condition.
    let mut cases = [Some(Vec::new()), Some(Vec::new())];
    for (k, &d) in c.minors.iter().enumerate() {
        for (case, wanted) in [(0, Relation::Greater), (1, if k % 2 == 0 { Relation::Less } else { Relation::Greater })]
        {
            let Some(list) = cases[case].as_mut() else { continue };
            if pool.is_numeric(d) {
                let holds = match (pool.sign(d), wanted) {
                    (Some(s), Relation::Greater) => s > 0,
                    (Some(s), _) => s < 0,
                    (None, _) => false,
                };
                if !holds {
                    cases[case] = None;
                }
            } else {
                list.push(Condition::of(pool, d, wanted));
            }
        }
    }
    let [positive, negative] = cases.map(|c| c.and_then(|c| tidy(pool, &c)));
    let det = *c.minors.last().unwrap_or(&pool.one());
    let nonsingular = Condition::of(pool, det, Relation::NotEqual);
    Character::Depends { positive, negative, nonsingular }
}

/// A matrix's character and the leading principal minors it was read from.
#[derive(Clone, Debug)]
pub struct Classification {
    pub kind: Definiteness,
    /// D₁ … Dₙ, the determinants of the top-left k × k blocks.
    pub minors: Vec<ExprId>,
}

/// Sylvester's criterion on the signs of the leading principal minors D₁ … Dₙ of a
/// symmetric matrix (`None`: a sign that could not be decided); when Dₙ = 0 the signs of all
/// principal minors, by size (`principal`, asked for only then, for up to 12 rows), decide
/// semidefiniteness. `zero`: every entry is 0. The one statement of the criterion: `classify`
/// reads the signs from pool values, `critical` from exact algebraic numbers.
pub fn sylvester(leading: &[Option<i8>], zero: bool, principal: impl FnOnce() -> Vec<Vec<Option<i8>>>) -> Definiteness {
    let n = leading.len();
    if n == 0 {
        return Definiteness::Zero;
    }
    if leading.iter().any(Option::is_none) {
        return Definiteness::Undecided;
    }
    let s: Vec<i8> = leading.iter().flatten().copied().collect();
    if s.iter().all(|&x| x > 0) {
        Definiteness::PositiveDefinite
    } else if s.iter().enumerate().all(|(k, &x)| if k % 2 == 0 { x < 0 } else { x > 0 }) {
        Definiteness::NegativeDefinite
    } else if s[n - 1] != 0 {
        // A non-singular matrix that is not definite has eigenvalues of both signs.
        Definiteness::Indefinite
    } else if zero {
        Definiteness::Zero
    } else if n <= 12 {
        let signs = principal();
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
    }
}

/// Sylvester's criterion on the exact leading principal minors of a symmetric matrix of
/// constants; when the determinant is zero, all principal minors decide semidefiniteness
/// (for up to 12 variables: there are 2ⁿ − 1 of them).
pub fn classify(pool: &mut Pool, m: &[Vec<ExprId>]) -> Classification {
    let parametric = m.iter().flatten().any(|&c| !pool.is_numeric(c));
    let minors = match parametric {
        true => leading_minors_without_division(pool, m).unwrap_or_else(|| leading_minors(pool, m)),
        false => leading_minors(pool, m),
    };
    // In the form they are printed in (the verdict's conditions are written with them too).
    let minors = super::present::presentable_all(pool, &minors);
    let signs: Vec<Option<i8>> = minors.iter().map(|&d| pool.sign(d)).collect();
    let zero = m.iter().all(|r| r.iter().all(|&c| pool.is_zero(c)));
    let kind = sylvester(&signs, zero, || {
        let all = principal_minors(pool, m);
        all.iter().map(|ds| ds.iter().map(|&d| pool.sign(d)).collect()).collect()
    });
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

/// Largest matrix whose minors [`leading_minors_without_division`] computes (it takes
/// about n·2ⁿ products).
const MAX_EXPANDED: usize = 10;

/// Polynomial work (about one coefficient operation a unit) allowed for multiplying out one
/// determinant of [`leading_minors_without_division`].
const EXPANSION_BUDGET: usize = 1_000_000;

/// The leading principal minors of a matrix that holds parameters, without dividing: each
/// determinant expanded along its rows (the determinants of the remaining rows remembered
/// per set of columns) and multiplied out, so that `[[2a, 2], [2, 2]]` gives `4a - 4` where
/// elimination gives `2a(2 - 2/a)`, whose sign reads less plainly. `None` for a matrix
/// over `MAX_EXPANDED` rows or when multiplying out makes too many terms.
pub fn leading_minors_without_division(pool: &mut Pool, m: &[Vec<ExprId>]) -> Option<Vec<ExprId>> {
    let n = m.len();
    if n > MAX_EXPANDED {
        return None;
    }
    (1..=n)
        .map(|k| {
            // det of rows r.. over the columns in `cols` (|cols| = k - r), by the first row.
            let mut memo: FxHashMap<u32, ExprId> = FxHashMap::default();
            memo.insert(0, pool.one());
            for size in 1..=k {
                let r = k - size;
                for cols in (0u32..(1 << k)).filter(|c| c.count_ones() as usize == size) {
                    let mut terms = Vec::with_capacity(size);
                    for (pos, j) in (0..k).filter(|&j| cols & (1 << j) != 0).enumerate() {
                        if pool.is_zero(m[r][j]) {
                            continue;
                        }
                        let rest = memo[&(cols & !(1 << j))];
                        let mut t = pool.mul2(m[r][j], rest);
                        if pos % 2 == 1 {
                            t = pool.neg(t);
                        }
                        terms.push(t);
                    }
                    let d = pool.add(terms);
                    let d = crate::algebra::expanded(pool, d, &mut Budget::new(EXPANSION_BUDGET))?;
                    memo.insert(cols, d);
                }
            }
            Some(memo[&((1u32 << k) - 1)])
        })
        .collect()
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

    fn parse(pool: &mut Pool, src: &str) -> ExprId {
        crate::syntax::parse(pool, src, &Default::default()).unwrap()
    }

    /// `lhs rel rhs` in plain form.
    fn shown(pool: &Pool, c: &Condition) -> String {
        let p = crate::print::Printer::new(pool, crate::print::Style::Plain);
        format!("{} {} {}", p.expr(c.lhs), c.relation.symbols().1, p.expr(c.rhs))
    }

    #[test]
    fn a_condition_is_solved_for_its_parameter_when_linear_in_one() {
        let cases = [
            ("2a - 1", Relation::Greater, "a > 1/2"),
            ("-2a", Relation::Greater, "a < 0"),
            ("3 - a/2", Relation::Less, "a > 6"),
            ("a^2", Relation::Equal, "a = 0"),
            ("a^2", Relation::Greater, "a != 0"),
            ("a^3", Relation::Less, "a < 0"),
            ("4a*b", Relation::Greater, "a*b > 0"),
            ("-2a*b - 2b^2", Relation::NotEqual, "a*b + b^2 != 0"),
            ("a - pi", Relation::Equal, "a = pi"),
        ];
        for (src, rel, want) in cases {
            let mut pool = Pool::default();
            let e = parse(&mut pool, src);
            let c = Condition::of(&mut pool, e, rel);
            assert_eq!(shown(&pool, &c), want, "{src}");
        }
    }

    #[test]
    fn conditions_are_tidied_and_contradictions_found() {
        type Case<'a> = (&'a [(&'a str, Relation)], Option<&'a str>);
        let cases: &[Case] = &[
            (&[("a", Relation::Greater), ("a - 1", Relation::Greater)], Some("a > 1")),
            (&[("a", Relation::Greater), ("a", Relation::Less)], None),
            (&[("a - 1", Relation::Equal), ("a - 2", Relation::Greater)], None),
            (&[("a - 1", Relation::Equal), ("a", Relation::Greater)], Some("a = 1")),
            (&[("a - 1", Relation::Greater), ("a", Relation::NotEqual)], Some("a > 1")),
            (&[("a", Relation::NotEqual), ("a", Relation::NotEqual)], Some("a != 0")),
            (
                &[("a*b", Relation::Greater), ("a", Relation::Greater), ("a*b", Relation::Greater)],
                Some("a*b > 0, a > 0"),
            ),
            (&[("a", Relation::Equal), ("a - 1", Relation::Equal)], None),
        ];
        for (conds, want) in cases {
            let mut pool = Pool::default();
            let cs: Vec<Condition> = conds
                .iter()
                .map(|(src, rel)| {
                    let e = parse(&mut pool, src);
                    Condition::of(&mut pool, e, *rel)
                })
                .collect();
            let got = tidy(&mut pool, &cs).map(|cs| cs.iter().map(|c| shown(&pool, c)).collect::<Vec<_>>().join(", "));
            assert_eq!(got.as_deref(), *want, "{conds:?}");
        }
    }

    /// The Hessian and gradient of `f` at the origin, in x and y.
    fn verdict_at_origin(src: &str) -> (Pool, Verdict) {
        use crate::calculus::{gradient, hessian};
        let mut pool = Pool::default();
        let f = parse(&mut pool, src);
        let vars = [pool.symbol("x"), pool.symbol("y")];
        let mut d = Deriver::new();
        let h = hessian(&mut d, &mut pool, f, &vars);
        let g = gradient(&mut d, &mut pool, f, &vars);
        let origin = FxHashMap::from_iter(vars.iter().map(|&v| (v, pool.zero())));
        let at = |pool: &mut Pool, e: ExprId| exact::value_at(pool, e, &origin).unwrap();
        let h: Vec<Vec<ExprId>> = h.iter().map(|r| r.iter().map(|&e| at(&mut pool, e)).collect()).collect();
        let g: Vec<ExprId> = g.iter().map(|&e| at(&mut pool, e)).collect();
        let (_, v) = verdict(&mut pool, &h, &g);
        (pool, v)
    }

    #[test]
    fn a_gradient_with_a_parameter_is_zero_only_under_a_condition() {
        // The regression: ∇f(0, 0) = (a, 0) was taken for "not zero", and the origin for
        // "not a critical point", although it is one when a = 0.
        let (pool, v) = verdict_at_origin("x^2 + y^2 + a x");
        assert_eq!(v.character, Character::Decided(Definiteness::PositiveDefinite));
        let Critical::OnlyIf(cs) = &v.critical else { panic!("{:?}", v.critical) };
        assert_eq!(cs.iter().map(|c| shown(&pool, c)).collect::<Vec<_>>(), ["a = 0"]);
        assert_eq!(v.conclusion(), None);
        assert_eq!(v.is_critical(), None);
        // Numbers decide it either way.
        assert_eq!(verdict_at_origin("x^2 + y^2 + x").1.critical, Critical::No);
        assert_eq!(verdict_at_origin("x^2 + y^2 + a").1.conclusion(), Some(Conclusion::LocalMinimum));
        // Entries that cannot all vanish: not critical for any a.
        assert_eq!(verdict_at_origin("x^2 + y^2 + a x + (a - 1) y").1.critical, Critical::No);
    }

    #[test]
    fn a_hessian_with_a_parameter_gives_each_case_its_condition() {
        let (pool, v) = verdict_at_origin("a x^2 + 2 x y + y^2");
        let Character::Depends { positive, negative, nonsingular } = &v.character else { panic!("{v:?}") };
        let show = |cs: &[Condition]| cs.iter().map(|c| shown(&pool, c)).collect::<Vec<_>>();
        // D1 = 2a, D2 = 4a - 4: positive definite for a > 1, never negative definite.
        assert_eq!(show(positive.as_deref().unwrap()), ["a > 1"]);
        assert_eq!(*negative, None);
        assert_eq!(shown(&pool, nonsingular), "a != 1");
        // Critical only if b = 0, which leaves a: the cases stay.
        let (_, v) = verdict_at_origin("a x^2 + y^2 + b y");
        assert!(matches!(v.critical, Critical::OnlyIf(_)));
        assert!(matches!(v.then, Some(Character::Depends { .. })), "{:?}", v.then);
        // Critical only if a = -2, which fixes the Hessian: indefinite, a saddle point.
        let (_, v) = verdict_at_origin("(a+1) x^2 + y^2 + a x + 2x");
        assert_eq!(v.then, Some(Character::Decided(Definiteness::Indefinite)));
    }

    #[test]
    fn minors_of_a_matrix_with_parameters_are_computed_without_dividing() {
        let mut pool = Pool::default();
        let m: Vec<Vec<ExprId>> = [["2a", "2", "0"], ["2", "2", "b"], ["0", "b", "1"]]
            .iter()
            .map(|r| r.iter().map(|s| parse(&mut pool, s)).collect())
            .collect();
        let minors = leading_minors_without_division(&mut pool, &m).unwrap();
        let p = crate::print::Printer::new(&pool, crate::print::Style::Plain);
        let shown: Vec<String> = minors.iter().map(|&d| p.expr(d)).collect();
        assert_eq!(shown, ["2*a", "4*a - 4", "4*a - 2*a*b^2 - 4"]);
        // The same values as elimination, at a = 3, b = 1/2.
        let at = FxHashMap::from_iter([
            (pool.symbol("a"), pool.int(3)),
            (pool.symbol("b"), pool.num(crate::expr::number::frac(1, 2))),
        ]);
        let eliminated = leading_minors(&mut pool, &m);
        for (&x, &y) in minors.iter().zip(&eliminated) {
            assert_eq!(exact::value_at(&mut pool, x, &at), exact::value_at(&mut pool, y, &at));
        }
    }
}
