//! Descent methods in double precision: from a start point, repeated updates by a [`Method`]
//! (plain gradient descent, heavy-ball momentum, Newton's method with the exact Hessian), one
//! [`Row`] per point visited, until a number of updates, a tolerance on |∇f|, divergence, a
//! singular Hessian, or a cap on the rows kept ([`Stop`] says which).
//!
//! f, ∇f and (for Newton) the Hessian are compiled once into tapes ([`Objective`]); the loop
//! is pure arithmetic. Each update rule is written once, in [`Method::step`]; `descend` prints
//! the rows, its `--show-steps` derivation writes them out, and `plot --path` draws the same
//! points.

use crate::error::{Error, Result};
use crate::eval::tape::Tape;
use crate::expr::{ExprId, Pool, SymId};

/// The update rule.
#[derive(Clone, Copy, Debug, PartialEq, Default)]
pub enum Method {
    /// Plain gradient descent: Δ = −η∇f.
    #[default]
    Gradient,
    /// Heavy-ball momentum (Polyak): Δ = βv − η∇f, where v is the previous step (0 at the
    /// start), so that the next v is this Δ.
    Momentum { beta: f64 },
    /// Newton's method: Δ = −η H⁻¹∇f with the exact Hessian H (η = 1 is the full step, to the
    /// critical point of the quadratic model at the current point).
    Newton,
}

impl Method {
    /// The name in JSON output (`"method"`) and on the command line (`--method`).
    pub fn name(self) -> &'static str {
        match self {
            Method::Gradient => "gd",
            Method::Momentum { .. } => "momentum",
            Method::Newton => "newton",
        }
    }

    /// Whether the method needs the Hessian in its [`Objective`].
    pub fn needs_hessian(self) -> bool {
        self == Method::Newton
    }

    /// The step from a point: Δ from the gradient there, the velocity arriving there
    /// (momentum) and the Hessian there (Newton, row-major), with the rate η. `None` when the
    /// step is undefined: Newton's method at a Hessian that is singular in double precision.
    pub fn step(self, rate: f64, gradient: &[f64], velocity: &[f64], hessian: &[f64]) -> Option<Vec<f64>> {
        match self {
            Method::Gradient => Some(gradient.iter().map(|d| -rate * d).collect()),
            Method::Momentum { beta } => {
                Some(gradient.iter().zip(velocity).map(|(d, v)| beta * v - rate * d).collect())
            }
            Method::Newton => solve(hessian, gradient).map(|s| s.iter().map(|d| -rate * d).collect()),
        }
    }
}

/// Solves H s = g for s by Gaussian elimination with partial pivoting, each row first scaled by
/// its largest entry; `None` when H is singular to working precision (a pivot at most
/// n·8ε after scaling, or a row of zeros). Hand-written: the systems are a few variables wide
/// and this is the only linear solve gradcalc does, so a linear-algebra crate would be
/// mostly unused weight.
fn solve(h: &[f64], g: &[f64]) -> Option<Vec<f64>> {
    let n = g.len();
    if h.len() != n * n {
        return None;
    }
    let mut a: Vec<Vec<f64>> = (0..n).map(|i| h[i * n..(i + 1) * n].to_vec()).collect();
    let mut b = g.to_vec();
    for i in 0..n {
        let scale = a[i].iter().fold(0.0f64, |m, v| m.max(v.abs()));
        if !(scale > 0.0 && scale.is_finite()) {
            return None;
        }
        a[i].iter_mut().for_each(|v| *v /= scale);
        b[i] /= scale;
    }
    let tiny = n as f64 * 8.0 * f64::EPSILON;
    for k in 0..n {
        let p = (k..n).max_by(|&i, &j| a[i][k].abs().total_cmp(&a[j][k].abs()))?;
        // NaN is singular too: `a > tiny` is false for it.
        if a[p][k].abs().partial_cmp(&tiny) != Some(std::cmp::Ordering::Greater) {
            return None;
        }
        a.swap(k, p);
        b.swap(k, p);
        let (top, below) = a.split_at_mut(k + 1);
        let pivot = &top[k];
        for (i, row) in below.iter_mut().enumerate() {
            let m = row[k] / pivot[k];
            if m != 0.0 {
                for (x, p) in row[k..].iter_mut().zip(&pivot[k..]) {
                    *x -= m * p;
                }
                b[k + 1 + i] -= m * b[k];
            }
        }
    }
    let mut s = vec![0.0; n];
    for k in (0..n).rev() {
        let rest: f64 = (k + 1..n).map(|j| a[k][j] * s[j]).sum();
        s[k] = (b[k] - rest) / a[k][k];
    }
    Some(s)
}

/// f, ∇f and, for Newton's method, the Hessian, compiled for evaluation at many points.
pub struct Objective {
    value: Tape,
    gradient: Tape,
    hessian: Option<Tape>,
}

impl Objective {
    /// Compiles f, its gradient (in the order of `vars`) and, when given, its Hessian (n × n,
    /// rows in the order of `vars`).
    pub fn compile(
        pool: &Pool,
        f: ExprId,
        gradient: &[ExprId],
        hessian: Option<&[Vec<ExprId>]>,
        vars: &[SymId],
    ) -> Objective {
        Objective {
            value: Tape::compile(pool, &[f], vars),
            gradient: Tape::compile(pool, gradient, vars),
            hessian: hessian.map(|h| Tape::compile(pool, &h.concat(), vars)),
        }
    }
}

/// How the descent runs.
#[derive(Clone, Debug)]
pub struct Settings {
    pub method: Method,
    /// The learning rate η (Newton's method: the damping, 1 for the full step).
    pub rate: f64,
    /// The number of updates; the rows are i = 0..=steps.
    pub steps: usize,
    /// Stop at the first row where |∇f| < this.
    pub tolerance: Option<f64>,
    /// Keep every this-many-th row (i = 0, K, 2K, …) and the last; 1 keeps them all.
    pub every: usize,
    /// Keep at most this many rows (the output they make is bounded).
    pub max_rows: usize,
}

/// One point of the path: where, f and its derivatives there, and the step taken from it.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    pub i: usize,
    pub point: Vec<f64>,
    pub value: f64,
    pub gradient: Vec<f64>,
    /// Momentum: the velocity v arriving at the point (the previous step; 0 at the start).
    pub velocity: Option<Vec<f64>>,
    /// Newton's method: the Hessian at the point, row by row.
    pub hessian: Option<Vec<Vec<f64>>>,
    /// The step Δ to the next point; `None` where it is undefined (a singular Hessian).
    pub step: Option<Vec<f64>>,
}

impl Row {
    /// The next point, x + Δ: the move every method makes, here once for the loop and for
    /// whoever writes the update out.
    pub fn next_point(&self) -> Option<Vec<f64>> {
        self.step.as_ref().map(|s| self.point.iter().zip(s).map(|(x, d)| x + d).collect())
    }

    /// |∇f| at the point.
    pub fn gradient_norm(&self) -> f64 {
        self.gradient.iter().map(|d| d * d).sum::<f64>().sqrt()
    }
}

/// Why the descent stopped.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stop {
    /// After the number of updates asked for.
    Steps,
    /// |∇f| fell below the tolerance.
    Tolerance,
    /// A value became infinite or NaN, or |f| exceeded 1e300.
    Diverged,
    /// Newton's method: the Hessian is singular at the last point, so the step is undefined.
    Singular,
    /// [`Settings::max_rows`] rows were kept before the steps were done.
    RowLimit,
}

impl Stop {
    /// The name in JSON output (`"stopped"`).
    pub fn name(self) -> &'static str {
        match self {
            Stop::Steps => "steps",
            Stop::Tolerance => "tol",
            Stop::Diverged => "diverged",
            Stop::Singular => "singular",
            Stop::RowLimit => "rows",
        }
    }
}

/// The path taken and why it ended.
#[derive(Clone, Debug)]
pub struct Path {
    /// The rows kept ([`Settings::every`]); the last is always the point where it stopped.
    pub rows: Vec<Row>,
    pub stop: Stop,
}

/// Runs the descent from `start`. An error only when Newton's method is asked of an
/// objective compiled without the Hessian.
pub fn descend(objective: &Objective, start: &[f64], settings: &Settings) -> Result<Path> {
    descend_within(objective, start, settings, &mut |_| false)
}

/// [`descend`], stopping as diverged ([`Stop::Diverged`], f set to NaN in the last row) at
/// the first point where `outside` says f has no value although its compiled form has one:
/// the domain of the input as written (`x^2/x` at 0) or a kink of what was differentiated
/// (`|x|` at 0), see [`crate::eval::domain`].
pub fn descend_within(
    objective: &Objective,
    start: &[f64],
    settings: &Settings,
    outside: &mut dyn FnMut(&[f64]) -> bool,
) -> Result<Path> {
    let method = settings.method;
    let hessian_tape = match (method.needs_hessian(), &objective.hessian) {
        (true, None) => return Err(Error::usage("Newton's method needs the Hessian: compile the objective with it")),
        (true, Some(t)) => Some(t),
        (false, _) => None,
    };
    let n = start.len();
    let every = settings.every.max(1);
    let mut x = start.to_vec();
    let mut velocity = vec![0.0; n];
    let mut rows: Vec<Row> = Vec::new();
    let mut fx = [0.0];
    let mut gx = vec![0.0; objective.gradient.outputs()];
    let mut hx = vec![0.0; hessian_tape.map_or(0, |t| t.outputs())];
    let mut scratch = Vec::new();
    let mut i = 0;
    let stop = loop {
        objective.value.eval_with(&x, &mut fx, &mut scratch);
        objective.gradient.eval_with(&x, &mut gx, &mut scratch);
        if let Some(t) = hessian_tape {
            t.eval_with(&x, &mut hx, &mut scratch);
        }
        let momentum = matches!(method, Method::Momentum { .. });
        let mut row = Row {
            i,
            point: x.clone(),
            value: fx[0],
            gradient: gx.clone(),
            velocity: momentum.then(|| velocity.clone()),
            hessian: hessian_tape.map(|_| hx.chunks(n.max(1)).map(<[f64]>::to_vec).collect()),
            step: method.step(settings.rate, &gx, &velocity, &hx),
        };
        let finite = fx[0].is_finite() && x.iter().chain(&gx).chain(&hx).chain(&velocity).all(|d| d.is_finite());
        let left = finite && outside(&x);
        if left {
            row.value = f64::NAN;
        }
        let stop = if !finite || left || fx[0].abs() > 1e300 {
            Some(Stop::Diverged)
        } else if settings.tolerance.is_some_and(|t| row.gradient_norm() < t) {
            Some(Stop::Tolerance)
        } else if i == settings.steps {
            Some(Stop::Steps)
        } else if row.step.is_none() {
            Some(Stop::Singular)
        } else {
            None
        };
        let next = row.next_point();
        if let (true, Some(s)) = (momentum, &row.step) {
            velocity.clone_from(s);
        }
        if stop.is_some() || i % every == 0 {
            if rows.len() >= settings.max_rows {
                break Stop::RowLimit;
            }
            rows.push(row);
        }
        match (stop, next) {
            (Some(stop), _) => break stop,
            (None, Some(next)) => x = next,
            // Not reached: a missing step is Stop::Singular above.
            (None, None) => break Stop::Singular,
        }
        i += 1;
    };
    Ok(Path { rows, stop })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calculus::{gradient, hessian, Deriver};
    use crate::syntax::{parse, ParseOptions};

    fn run_with(f: &str, start: &[f64], settings: Settings) -> Path {
        let mut pool = Pool::default();
        let f = parse(&mut pool, f, &ParseOptions::default()).unwrap();
        let vars: Vec<SymId> = ["x", "y"].iter().filter_map(|v| pool.find_symbol(v)).collect();
        let mut deriver = Deriver::new();
        let g = gradient(&mut deriver, &mut pool, f, &vars);
        let h = hessian(&mut deriver, &mut pool, f, &vars);
        let objective = Objective::compile(&pool, f, &g, Some(&h), &vars);
        descend(&objective, start, &settings).unwrap()
    }

    fn settings(method: Method, rate: f64, steps: usize) -> Settings {
        Settings { method, rate, steps, tolerance: None, every: 1, max_rows: 1000 }
    }

    fn run(f: &str, start: &[f64], rate: f64, steps: usize, tolerance: Option<f64>, max_rows: usize) -> Path {
        run_with(f, start, Settings { tolerance, max_rows, ..settings(Method::Gradient, rate, steps) })
    }

    fn close(a: &[f64], b: &[f64]) -> bool {
        a.len() == b.len() && a.iter().zip(b).all(|(x, y)| (x - y).abs() <= 1e-12 * (1.0 + y.abs()))
    }

    #[test]
    fn each_way_of_stopping() {
        // (f, start, rate, steps, tolerance, max rows) → (rows, stop)
        type Case<'a> = (&'a str, &'a [f64], f64, usize, Option<f64>, usize, usize, Stop);
        let cases: &[Case] = &[
            ("x^2+y^2", &[3.0, 2.0], 0.1, 2, None, 100, 3, Stop::Steps),
            ("x^2+y^2", &[3.0, 2.0], 0.1, 0, None, 100, 1, Stop::Steps),
            ("x^2", &[1.0], 0.5, 10, Some(1e-9), 100, 2, Stop::Tolerance),
            ("x^2", &[1.0], 10.0, 1000, None, 2000, 0, Stop::Diverged),
            ("x^2+y^2", &[3.0, 2.0], 0.1, 50, None, 5, 5, Stop::RowLimit),
            ("ln(x)", &[-1.0], 0.1, 5, None, 100, 1, Stop::Diverged),
        ];
        for &(f, start, rate, steps, tol, max_rows, want_rows, want_stop) in cases {
            let path = run(f, start, rate, steps, tol, max_rows);
            assert_eq!(path.stop, want_stop, "{f} from {start:?}");
            if want_rows > 0 {
                assert_eq!(path.rows.len(), want_rows, "{f} from {start:?}");
            }
        }
    }

    #[test]
    fn the_rows_of_the_tutorial() {
        // descend "x^2+y^2" --from 3,2 --rate 0.1 --steps 2: (3, 2) → (2.4, 1.6) → (1.92, 1.28).
        let path = run("x^2+y^2", &[3.0, 2.0], 0.1, 2, None, 100);
        let r0 = &path.rows[0];
        assert_eq!((r0.i, r0.value), (0, 13.0));
        assert_eq!(r0.gradient, [6.0, 4.0]);
        assert!(close(r0.step.as_ref().unwrap(), &[-0.6, -0.4]));
        assert!(close(&path.rows[2].point, &[1.92, 1.28]), "{:?}", path.rows[2].point);
        assert_eq!((r0.velocity.as_ref(), r0.hessian.as_ref()), (None, None));
    }

    #[test]
    fn momentum_first_steps_by_hand() {
        // x² + y² from (3, 2), η = 0.1, β = 0.9; v₀ = 0, ∇f = (2x, 2y).
        // Δ₀ = 0.9·0 − 0.1·(6, 4) = (−0.6, −0.4); x₁ = (2.4, 1.6), v₁ = (−0.6, −0.4).
        // Δ₁ = 0.9·(−0.6, −0.4) − 0.1·(4.8, 3.2) = (−1.02, −0.68); x₂ = (1.38, 0.92).
        // Δ₂ = 0.9·(−1.02, −0.68) − 0.1·(2.76, 1.84) = (−1.194, −0.796); x₃ = (0.186, 0.124).
        let path = run_with("x^2+y^2", &[3.0, 2.0], settings(Method::Momentum { beta: 0.9 }, 0.1, 3));
        let r = &path.rows;
        assert_eq!(r.len(), 4);
        assert_eq!(r[0].velocity.as_deref(), Some(&[0.0, 0.0][..]));
        assert!(close(r[0].step.as_ref().unwrap(), &[-0.6, -0.4]));
        assert!(close(&r[1].point, &[2.4, 1.6]));
        assert!(close(r[1].velocity.as_ref().unwrap(), &[-0.6, -0.4]));
        assert!(close(r[1].step.as_ref().unwrap(), &[-1.02, -0.68]));
        assert!(close(&r[2].point, &[1.38, 0.92]));
        assert!(close(r[2].velocity.as_ref().unwrap(), &[-1.02, -0.68]));
        assert!(close(r[2].step.as_ref().unwrap(), &[-1.194, -0.796]));
        assert!(close(&r[3].point, &[0.186, 0.124]));
        // Each row's velocity is the previous row's step, exactly.
        for w in r.windows(2) {
            assert_eq!(w[1].velocity.as_ref(), w[0].step.as_ref());
        }
        // β = 0 is plain gradient descent.
        let plain = run("x^2+y^2", &[3.0, 2.0], 0.1, 5, None, 100);
        let zero = run_with("x^2+y^2", &[3.0, 2.0], settings(Method::Momentum { beta: 0.0 }, 0.1, 5));
        let points = |p: &Path| p.rows.iter().map(|r| r.point.clone()).collect::<Vec<_>>();
        assert_eq!(points(&plain), points(&zero));
    }

    #[test]
    fn newton_lands_on_the_minimum_of_a_quadratic_in_one_step() {
        // f = (x−1)² + 2(y+2)² + xy: ∇f = (2x − 2 + y, 4y + 8 + x), H = [[2, 1], [1, 4]],
        // the minimum solves 2x + y = 2, x + 4y = −8: (16/7, −18/7).
        let path = run_with("(x-1)^2 + 2(y+2)^2 + x*y", &[5.0, 5.0], settings(Method::Newton, 1.0, 3));
        let r = &path.rows;
        assert!(close(&r[1].point, &[16.0 / 7.0, -18.0 / 7.0]), "{:?}", r[1].point);
        assert!(r[1].gradient.iter().all(|g| g.abs() < 1e-12));
        assert_eq!(r[0].hessian.as_ref().unwrap(), &vec![vec![2.0, 1.0], vec![1.0, 4.0]]);
        // Damped by η = 1/2 it goes half the way.
        let half = run_with("(x-1)^2 + 2(y+2)^2 + x*y", &[5.0, 5.0], settings(Method::Newton, 0.5, 1));
        let mid = [(5.0 + 16.0 / 7.0) / 2.0, (5.0 - 18.0 / 7.0) / 2.0];
        assert!(close(&half.rows[1].point, &mid), "{:?}", half.rows[1].point);
    }

    #[test]
    fn newton_first_step_on_rosenbrock_by_hand() {
        // f = (1−x)² + 100(y−x²)² from (−1.2, 1):
        // ∇f = (−2(1−x) − 400x(y−x²), 200(y−x²)) = (−215.6, −88),
        // H = [[2 − 400(y − 3x²), −400x], [−400x, 200]] = [[1330, 480], [480, 200]],
        // det H = 266000 − 230400 = 35600, H⁻¹∇f = (200·(−215.6) − 480·(−88), −480·(−215.6) + 1330·(−88)) / 35600
        //       = (−880/35600, −13552/35600), so x₁ = (−1.2, 1) + (880, 13552)/35600.
        let path = run_with("(1-x)^2 + 100(y-x^2)^2", &[-1.2, 1.0], settings(Method::Newton, 1.0, 1));
        let r = &path.rows;
        assert!(close(&r[0].gradient, &[-215.6, -88.0]), "{:?}", r[0].gradient);
        let h = r[0].hessian.as_ref().unwrap();
        assert!(close(&h[0], &[1330.0, 480.0]) && close(&h[1], &[480.0, 200.0]), "{h:?}");
        let want = [-1.2 + 880.0 / 35600.0, 1.0 + 13552.0 / 35600.0];
        assert!(close(&r[1].point, &want), "{:?} vs {want:?}", r[1].point);
    }

    #[test]
    fn a_singular_hessian_stops_newton_with_its_row() {
        // x² + y⁴ at y = 0: H = [[2, 0], [0, 0]] (∇f = (2x, 0) is not zero for x ≠ 0).
        let path = run_with("x^2 + y^4", &[1.0, 0.0], settings(Method::Newton, 1.0, 5));
        assert_eq!(path.stop, Stop::Singular);
        assert_eq!(path.rows.len(), 1);
        assert_eq!(path.rows[0].step, None);
        // A rank-one Hessian in numbers that do not cancel exactly: (x + 3y)² has
        // H = [[2, 6], [6, 18]] everywhere.
        let path = run_with("(x+3y)^2/10 + 0.3x", &[0.1, 0.7], settings(Method::Newton, 1.0, 5));
        assert_eq!(path.stop, Stop::Singular);
        // The tolerance and the last step come first: at the minimum of x⁴ the Hessian is 0,
        // but |∇f| = 0 < tol has already stopped the run.
        let path = run_with("x^4", &[0.0], Settings { tolerance: Some(1e-9), ..settings(Method::Newton, 1.0, 5) });
        assert_eq!(path.stop, Stop::Tolerance);
        // A tiny but regular Hessian is not singular: x² + y⁴ near y = 0 still steps (y → 2y/3).
        let path = run_with("x^2 + y^4", &[1.0, 1e-9], settings(Method::Newton, 1.0, 2));
        assert_eq!(path.stop, Stop::Steps);
        assert!(close(&path.rows[1].point, &[0.0, 2e-9 / 3.0]), "{:?}", path.rows[1].point);
    }

    #[test]
    fn every_keeps_the_kth_rows_and_the_last() {
        let all = run("x^2+y^2", &[3.0, 2.0], 0.1, 10, None, 100);
        let some = run_with("x^2+y^2", &[3.0, 2.0], Settings { every: 4, ..settings(Method::Gradient, 0.1, 10) });
        let is: Vec<usize> = some.rows.iter().map(|r| r.i).collect();
        assert_eq!(is, [0, 4, 8, 10]);
        for r in &some.rows {
            assert_eq!(r, &all.rows[r.i]);
        }
        // The row limit counts the rows kept, not the updates made.
        let long = run_with(
            "x^2+y^2",
            &[3.0, 2.0],
            Settings { every: 1000, max_rows: 3, ..settings(Method::Gradient, 0.01, 2000) },
        );
        assert_eq!((long.stop, long.rows.len()), (Stop::Steps, 3));
        // Momentum keeps its velocity across the rows left out.
        let mo = Method::Momentum { beta: 0.5 };
        let all = run_with("x^2+y^2", &[3.0, 2.0], settings(mo, 0.1, 9));
        let some = run_with("x^2+y^2", &[3.0, 2.0], Settings { every: 3, ..settings(mo, 0.1, 9) });
        for r in &some.rows {
            assert_eq!(r, &all.rows[r.i]);
        }
    }

    #[test]
    fn newton_without_a_hessian_is_refused() {
        let mut pool = Pool::default();
        let f = parse(&mut pool, "x^2", &ParseOptions::default()).unwrap();
        let vars = vec![pool.find_symbol("x").unwrap()];
        let g = gradient(&mut Deriver::new(), &mut pool, f, &vars);
        let objective = Objective::compile(&pool, f, &g, None, &vars);
        assert!(descend(&objective, &[1.0], &settings(Method::Newton, 1.0, 1)).is_err());
    }

    #[test]
    fn singular_matrices_to_working_precision() {
        assert_eq!(solve(&[2.0, 0.0, 0.0, 0.0], &[1.0, 1.0]), None);
        assert_eq!(solve(&[0.1, 0.3, 0.3, 0.9], &[1.0, 1.0]), None);
        assert_eq!(solve(&[0.0], &[1.0]), None);
        assert_eq!(solve(&[f64::NAN], &[1.0]), None);
        // Pivoting: a zero in the corner is not singular.
        assert_eq!(solve(&[0.0, 1.0, 1.0, 0.0], &[2.0, 3.0]), Some(vec![3.0, 2.0]));
        // Badly scaled rows are fine.
        let s = solve(&[1e-200, 0.0, 0.0, 1e200], &[1e-200, 1e200]).unwrap();
        assert!(close(&s, &[1.0, 1.0]), "{s:?}");
    }

    #[test]
    fn stops_have_their_json_names() {
        let names: Vec<&str> =
            [Stop::Steps, Stop::Tolerance, Stop::Diverged, Stop::Singular].iter().map(|s| s.name()).collect();
        assert_eq!(names, ["steps", "tol", "diverged", "singular"]);
        let methods: Vec<&str> =
            [Method::Gradient, Method::Momentum { beta: 0.9 }, Method::Newton].iter().map(|m| m.name()).collect();
        assert_eq!(methods, ["gd", "momentum", "newton"]);
    }
}
