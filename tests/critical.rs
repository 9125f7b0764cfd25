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
