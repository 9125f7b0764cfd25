//! `critical` on the corpus of textbook extremum problems (`tests/critical/corpus.txt`, its
//! format described at its top): every expected point is found, with its kind, its value,
//! exact where the answer is exact, and nothing else; sets of critical points are reported
//! with their equations; the list says whether it is complete. The binary runs each problem
//! with `--format json`.
//!
//! Also here: the laws every answer must satisfy — ∇f is exactly 0 at each exact point (the
//! gradient evaluated exactly by `eval`), and no solution is missed on random systems built
//! from known roots.

use gradcalc::expr::Pool;
use serde_json::Value;
use std::process::Command;

fn gradcalc() -> Command {
    Command::new(env!("CARGO_BIN_EXE_gradcalc"))
}

/// The value of a constant gradcalc input.
fn value_of(src: &str) -> f64 {
    let mut pool = Pool::default();
    let e = gradcalc::syntax::parse(&mut pool, src, &Default::default()).unwrap_or_else(|e| panic!("{src}: {e}"));
    pool.approx_const(e)
}

struct Expected {
    /// (exact, value) per coordinate.
    coords: Vec<(bool, f64)>,
    kind: String,
    value: (bool, f64),
    extreme: Option<String>,
}

fn number(tok: &str) -> (bool, f64) {
    match tok.split_at(1) {
        ("=", e) => (true, value_of(e)),
        ("~", d) => (false, d.parse().unwrap_or_else(|_| panic!("bad decimal {d}"))),
        _ => panic!("a number is =EXACT or ~DECIMAL, not {tok}"),
    }
}

fn parse_point(item: &str) -> Expected {
    // The parenthesis that closes the point (coordinates may hold their own).
    let mut depth = 0;
    let close = item
        .char_indices()
        .find(|&(_, c)| {
            depth += match c {
                '(' => 1,
                ')' => -1,
                _ => 0,
            };
            depth == 0
        })
        .expect("a point in parentheses")
        .0;
    let coords = item[1..close].split(',').map(|c| number(c.trim())).collect();
    let rest: Vec<&str> = item[close + 1..].split_whitespace().collect();
    Expected {
        coords,
        kind: rest[0].to_string(),
        value: number(rest[1]),
        extreme: rest.get(2).map(|s| if *s == "max" { "maximum" } else { "minimum" }.to_string()),
    }
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-6 * (1.0 + b.abs())
}

/// A JSON value object: (exact, approx).
fn json_number(v: &Value) -> (bool, f64) {
    (v.get("interval").is_none(), v["approx"].as_f64().unwrap_or(f64::NAN))
}

/// Whether the expression `got` (plain, in the variables) is a constant multiple of
/// `want`: their ratio at a few points agrees.
fn proportional(got: &str, want: &str, vars: &[String]) -> bool {
    let pts: [&[f64]; 3] = [&[0.37, 1.3, -0.7], &[-1.1, 0.45, 2.2], &[2.3, -0.6, 0.9]];
    let mut ratios = Vec::new();
    for p in pts {
        let at = |src: &str| {
            let mut s = src.to_string();
            for (k, v) in vars.iter().enumerate() {
                s = s.replace(v.as_str(), &format!("({})", p[k]));
            }
            value_of(&s)
        };
        let (g, w) = (at(got), at(want));
        if w.abs() < 1e-9 {
            if g.abs() > 1e-9 {
                return false;
            }
            continue;
        }
        ratios.push(g / w);
    }
    ratios.windows(2).all(|r| close(r[0], r[1])) && !ratios.is_empty()
}

#[test]
fn the_corpus_of_textbook_problems() {
    let corpus = include_str!("critical/corpus.txt");
    let mut count = 0;
    let mut failures = Vec::new();
    for line in corpus.lines().filter(|l| !l.starts_with('#') && !l.trim().is_empty()) {
        let fields: Vec<&str> = line.split('|').collect();
        assert_eq!(fields.len(), 3, "three fields: {line}");
        let (expr, options, expected) = (fields[0].trim(), fields[1].trim(), fields[2].trim());
        let mut args = vec!["critical".to_string(), expr.to_string(), "--format".into(), "json".into()];
        let mut incomplete = false;
        for opt in options.split_whitespace() {
            if let Some(c) = opt.strip_prefix("st:") {
                args.extend(["--subject-to".into(), c.into()]);
            } else if let Some(r) = opt.strip_prefix("range:") {
                args.extend(["--range".into(), r.into()]);
            } else if let Some(v) = opt.strip_prefix("vars:") {
                args.extend(["--vars".into(), v.into()]);
            } else if opt == "incomplete" {
                incomplete = true;
            } else {
                panic!("unknown option {opt}");
            }
        }
        count += 1;
        let out = gradcalc().args(&args).output().expect("runs");
        if !out.status.success() {
            failures.push(format!("{expr}: exit {:?}: {}", out.status.code(), String::from_utf8_lossy(&out.stderr)));
            continue;
        }
        let doc: Value = serde_json::from_slice(&out.stdout).expect("JSON");
        let vars: Vec<String> =
            doc["vars"].as_array().unwrap().iter().map(|v| v.as_str().unwrap().to_string()).collect();
        let points = doc["points"].as_array().unwrap();
        let sets = doc["sets"].as_array().unwrap();
        let mut want_points = Vec::new();
        let mut want_sets = Vec::new();
        for item in expected.split(';').map(str::trim) {
            if let Some(eqs) = item.strip_prefix("set ") {
                want_sets.push(eqs.split(',').map(|e| e.trim().to_string()).collect::<Vec<_>>());
            } else {
                want_points.push(parse_point(item));
            }
        }
        let mut problems = Vec::new();
        if points.len() != want_points.len() {
            problems.push(format!("{} points, expected {}", points.len(), want_points.len()));
        }
        for w in &want_points {
            let found = points.iter().find(|p| {
                let at = p["at"].as_array().unwrap();
                at.len() == w.coords.len() && at.iter().zip(&w.coords).all(|(a, c)| close(json_number(a).1, c.1))
            });
            let Some(p) = found else {
                problems.push(format!("no point at {:?}", w.coords));
                continue;
            };
            for (a, c) in p["at"].as_array().unwrap().iter().zip(&w.coords) {
                if c.0 && !json_number(a).0 {
                    problems.push(format!("coordinate {} is not exact", a["plain"]));
                }
            }
            if p["kind"] != w.kind.as_str() {
                problems.push(format!("{:?}: kind {} expected {}", w.coords, p["kind"], w.kind));
            }
            let v = json_number(&p["value"]);
            if !close(v.1, w.value.1) || (w.value.0 && !v.0) {
                problems.push(format!("{:?}: f = {} expected {:?}", w.coords, p["value"]["plain"], w.value));
            }
            let extreme = p.get("extreme").and_then(Value::as_str).map(str::to_string);
            if extreme != w.extreme {
                problems.push(format!("{:?}: extreme {:?} expected {:?}", w.coords, extreme, w.extreme));
            }
        }
        if sets.len() != want_sets.len() {
            problems.push(format!("{} sets, expected {}", sets.len(), want_sets.len()));
        }
        for w in &want_sets {
            let matched = sets.iter().any(|s| {
                let eqs: Vec<String> = s["equations"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|e| e["plain"].as_str().unwrap().to_string())
                    .collect();
                eqs.len() == w.len() && w.iter().all(|we| eqs.iter().any(|g| proportional(g, we, &vars)))
            });
            if !matched {
                problems.push(format!("no set with equations {w:?}: {sets:?}"));
            }
        }
        if doc["complete"] != Value::Bool(!incomplete) {
            problems.push(format!("complete = {}, expected {}", doc["complete"], !incomplete));
        }
        if !problems.is_empty() {
            failures.push(format!("{expr} [{options}]: {}", problems.join("; ")));
        }
    }
    assert!(count >= 40, "the corpus has {count} problems");
    assert!(failures.is_empty(), "{} of {count} problems failed:\n{}", failures.len(), failures.join("\n"));
}

use gradcalc::calculus::critical::{exact, numeric, Critical, Real};
use gradcalc::calculus::definiteness::Conclusion;
use gradcalc::calculus::Deriver;
use gradcalc::eval::interval::{Evaluator, Interval};
use gradcalc::expr::{ExprId, SymId};
use num_traits::ToPrimitive;

/// Runs `critical` through the library: exactly for polynomials, in the box otherwise.
fn solve(pool: &mut Pool, expr: &str, constraints: &[&str], range: Option<&[(f64, f64)]>) -> Critical {
    let f = gradcalc::syntax::parse(pool, expr, &Default::default()).expect("parses");
    let cons: Vec<ExprId> = constraints
        .iter()
        .map(|c| {
            let (l, r) = c.split_once('=').expect("G = c");
            let l = gradcalc::syntax::parse(pool, l, &Default::default()).expect("parses");
            let r = gradcalc::syntax::parse(pool, r, &Default::default()).expect("parses");
            pool.sub(l, r)
        })
        .collect();
    let mut vars: Vec<SymId> = pool.free_vars(f).to_vec();
    for &c in &cons {
        for &v in pool.free_vars(c).to_vec().iter() {
            if !vars.contains(&v) {
                vars.push(v);
            }
        }
    }
    gradcalc::print::sort_vars(pool, &mut vars);
    let mut deriver = Deriver::new();
    match range {
        Some(r) => numeric::find(pool, &mut deriver, f, &vars, r).expect("solves"),
        None => exact::find(pool, &mut deriver, f, &vars, &cons).expect("a polynomial").expect("solves"),
    }
}

/// ∇f = 0 (the Lagrange system, with constraints) at every reported point: exactly where
/// every coordinate is exact (exact evaluation, then simplified to 0); otherwise the interval
/// enclosure of each equation over the point's box (its isolating intervals, or the box the
/// Krawczyk test proved) holds 0, and the box is narrow.
fn assert_stationary(pool: &mut Pool, c: &Critical, what: &str) {
    let unknowns: Vec<SymId> = c.vars.iter().chain(&c.lambdas).copied().collect();
    for p in &c.points {
        let reals: Vec<&Real> = p.coords.iter().chain(&p.multipliers).collect();
        let exacts: Option<Vec<ExprId>> =
            reals.iter().map(|r| if let Real::Exact(e) = r { Some(*e) } else { None }).collect();
        if let Some(values) = exacts {
            let at: rustc_hash::FxHashMap<SymId, ExprId> = unknowns.iter().copied().zip(values).collect();
            for &eq in &c.system {
                let v = gradcalc::eval::exact::value_at(pool, eq, &at).expect("defined at a critical point");
                let v = gradcalc::simplify::textbook_form(pool, v);
                assert!(pool.is_zero(v), "{what}: an equation is not exactly 0 at a reported point");
            }
            continue;
        }
        let bx: Vec<Interval> = reals
            .iter()
            .map(|r| match r {
                Real::Exact(e) => {
                    let v = pool.approx_const(*e);
                    Interval::new(v - 1e-12 * (1.0 + v.abs()), v + 1e-12 * (1.0 + v.abs()))
                }
                Real::Root(root) => {
                    // Its isolating interval, narrowed (it stays an isolating interval).
                    let mut root = root.clone();
                    root.refine_to(&num_rational::BigRational::new(1.into(), (1u64 << 40).into()));
                    let (lo, hi) = root.interval();
                    let (lo, hi) = (lo.to_f64().unwrap(), hi.to_f64().unwrap());
                    let pad = 1e-12 * (1.0 + lo.abs().max(hi.abs()));
                    Interval::new(lo - pad, hi + pad)
                }
                Real::Enclosed { lo, hi, .. } => Interval::new(*lo, *hi),
            })
            .collect();
        assert!(bx.iter().all(|i| i.hi - i.lo < 1e-3), "{what}: a point's box is wide: {bx:?}");
        let mut ev = Evaluator::new(pool, &unknowns);
        for v in ev.eval_all(&c.system, &bx) {
            let v = v.expect("defined near a critical point");
            assert!(v.lo <= 0.0 && 0.0 <= v.hi, "{what}: an equation excludes 0 over a point's box: {v:?}");
        }
    }
}

#[test]
fn every_reported_point_is_stationary() {
    let corpus = include_str!("critical/corpus.txt");
    for line in corpus.lines().filter(|l| !l.starts_with('#') && !l.trim().is_empty()) {
        let fields: Vec<&str> = line.split('|').map(str::trim).collect();
        let (expr, options) = (fields[0], fields[1]);
        if options.contains("vars:") {
            continue; // a variable f does not depend on: the same points as without it
        }
        let constraints: Vec<&str> = options.split_whitespace().filter_map(|o| o.strip_prefix("st:")).collect();
        let range: Option<Vec<(f64, f64)>> =
            options.split_whitespace().find_map(|o| o.strip_prefix("range:")).map(|r| {
                r.split(',')
                    .map(|part| {
                        let (_, span) = part.split_once('=').unwrap();
                        let (a, b) = span.split_once(':').unwrap();
                        (a.parse().unwrap(), b.parse().unwrap())
                    })
                    .collect()
            });
        let mut pool = Pool::default();
        let c = solve(&mut pool, expr, &constraints, range.as_deref());
        assert_stationary(&mut pool, &c, line);
    }
}

/// A small deterministic generator (xorshift), so that a failure names its seed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: u64) -> i64 {
        (self.next() % n) as i64
    }
}

/// Integer coefficients (lowest degree first) of Π (2u − nᵢ).
fn product_of_factors(roots2: &[i64]) -> Vec<i64> {
    let mut c = vec![1i64];
    for &n in roots2 {
        let mut next = vec![0i64; c.len() + 1];
        for (k, &ck) in c.iter().enumerate() {
            next[k + 1] += 2 * ck;
            next[k] -= n * ck;
        }
        c = next;
    }
    c
}

/// An antiderivative of Σ cₖ uᵏ, written in gradcalc's input with `u` standing for `arg`.
fn antiderivative(c: &[i64], arg: &str) -> String {
    c.iter()
        .enumerate()
        .filter(|(_, &ck)| ck != 0)
        .map(|(k, &ck)| format!("({ck})/{}*({arg})^{}", k + 1, k + 1))
        .collect::<Vec<_>>()
        .join(" + ")
}

/// No solution missed, none invented: f(x, y) = p(x + k·y) + q(y), with p′ and q′ products
/// of known linear factors (roots a = m/2, b = n/2, distinct, so simple), has its critical
/// points exactly at x = a − k·b, y = b for every pair of roots — a coupled system with
/// known solutions. The linear change of variables keeps each point's kind (Sylvester's law
/// of inertia): a minimum where p″(a) > 0 and q″(b) > 0, a maximum where both are < 0,
/// otherwise a saddle.
#[test]
fn no_solution_is_missed_on_systems_with_known_roots() {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    for case in 0..40 {
        let mut pick = |count: usize| {
            let mut r: Vec<i64> = Vec::new();
            while r.len() < count {
                let n = rng.below(13) - 6;
                if !r.contains(&n) {
                    r.push(n);
                }
            }
            r.sort();
            r
        };
        let da = 1 + (case % 3);
        let db = 1 + (case / 3 % 3);
        let a2 = pick(da);
        let b2 = pick(db);
        let k = rng.below(5) - 2;
        let p = product_of_factors(&a2);
        let q = product_of_factors(&b2);
        let f = format!("{} + {}", antiderivative(&p, &format!("x + ({k})*y")), antiderivative(&q, "y"));
        let mut pool = Pool::default();
        let c = solve(&mut pool, &f, &[], None);
        let what = format!("case {case}: f = {f}");
        assert!(c.complete && c.sets.is_empty(), "{what}: not a complete list of isolated points");
        assert_eq!(c.points.len(), a2.len() * b2.len(), "{what}: the number of critical points");
        assert_stationary(&mut pool, &c, &what);
        // p″(a) has the sign of Π_{j≠i} (a − aⱼ): (−1)^(number of roots above a).
        let sign_of_second = |roots: &[i64], i: usize| if (roots.len() - 1 - i).is_multiple_of(2) { 1 } else { -1 };
        for (i, &a) in a2.iter().enumerate() {
            for (j, &b) in b2.iter().enumerate() {
                let (x, y) = ((a - k * b) as f64 / 2.0, b as f64 / 2.0);
                let point = c
                    .points
                    .iter()
                    .find(|pt| close(pt.coords[0].approx(&pool), x) && close(pt.coords[1].approx(&pool), y))
                    .unwrap_or_else(|| panic!("{what}: no point at ({x}, {y})"));
                assert!(point.coords.iter().all(|r| matches!(r, Real::Exact(_))), "{what}: ({x}, {y}) is not exact");
                let want = match (sign_of_second(&a2, i), sign_of_second(&b2, j)) {
                    (1, 1) => Conclusion::LocalMinimum,
                    (-1, -1) => Conclusion::LocalMaximum,
                    _ => Conclusion::SaddlePoint,
                };
                assert_eq!(point.kind, want, "{what}: the kind of ({x}, {y})");
            }
        }
    }
}
