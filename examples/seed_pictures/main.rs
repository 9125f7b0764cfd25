//! The pictures of the source tutorials, drawn by gradcalc's plot module, in every format:
//!
//! ```sh
//! cargo run --release --example seed_pictures -- [DIR] [--only NAME,NAME…] [--format svg|png|tex]
//! ```
//!
//! writes DIR/NAME.svg, .png and .tex (DIR defaults to target/pictures) for
//! - `descent`: gradient descent on z = x² + y² from (3, 2) with η = 0.1, 20 steps (004);
//! - `tangent`: the graph of x² and its tangent line at a = 1 (000);
//! - `derivative`: x³ − 3x with the tangent at a = 0.5 and the derivative's graph under it;
//! - `gradient`: the contour lines of x² + xy + y² (000's example), the gradient field, and
//!   ∇f at P = (1, 0.5) perpendicular to the level line through P (002);
//! - `surface`: the surface z = x² + y² with the descent path on it (003, 004);
//! - `compare`: plain gradient descent and momentum on x² + 10y², from (3, 1);
//! - `filled`: filled contours of sin(x)·cos(y);
//! - `pole`, `log`: 1/(x² + y²) and ln(x)·y, whose level lines stop where f has no value.
//!
//! The README's pictures are made with
//! `cargo run --release --example seed_pictures -- docs/pictures --only descent,tangent,gradient,surface --format png`.
//!
//! The descent points here are computed from gradcalc's compiled gradient just for the
//! pictures; `descend --method` and `plot --path` get them from the calculus module.

mod support;

use gradcalc::plot::{render, Format, Function, Label, Path, Request};
use support::{descent, function, momentum};

fn gd_path(f: &Function, from: &[f64], eta: f64, steps: usize) -> Path {
    Path {
        label: Label::new(format!("gradient descent, η = {eta}"), format!("gradient descent, $\\eta = {eta}$")),
        points: descent(f, from, eta, steps),
        note: None,
    }
}

fn pictures() -> Vec<(&'static str, Function, Request)> {
    let mut out = Vec::new();

    let f = function("x^2+y^2");
    let r = Request { paths: vec![gd_path(&f, &[3.0, 2.0], 0.1, 20)], ..Request::default() };
    out.push(("descent", f, r));

    let f = function("x^2");
    out.push(("tangent", f, Request { at: Some(vec![1.0]), ..Request::default() }));

    let f = function("x^3-3x");
    out.push(("derivative", f, Request { at: Some(vec![0.5]), derivative: true, ..Request::default() }));

    let f = function("x^2+xy+y^2");
    out.push(("gradient", f, Request { at: Some(vec![1.0, 0.5]), ..Request::default() }));

    let f = function("x^2+y^2");
    let r = Request { paths: vec![gd_path(&f, &[3.0, 2.0], 0.1, 20)], surface: true, ..Request::default() };
    out.push(("surface", f, r));

    let f = function("x^2+10y^2");
    let gd = gd_path(&f, &[3.0, 1.0], 0.09, 30);
    let mo = Path {
        label: Label::new("momentum, η = 0.02, β = 0.8", "momentum, $\\eta = 0.02$, $\\beta = 0.8$"),
        points: momentum(&f, &[3.0, 1.0], 0.02, 0.8, 30),
        note: None,
    };
    out.push(("compare", f, Request { paths: vec![gd, mo], ..Request::default() }));

    let f = function("sin(x)cos(y)");
    let range = |lo, hi| Some(gradcalc::plot::Interval { lo, hi });
    out.push((
        "filled",
        f,
        Request { filled: true, ranges: vec![range(-3.0, 3.0), range(-3.0, 3.0)], ..Request::default() },
    ));

    let f = function("1/(x^2+y^2)");
    out.push(("pole", f, Request { at: Some(vec![1.0, 1.0]), ..Request::default() }));

    let f = function("ln(x)y");
    out.push(("log", f, Request { at: Some(vec![1.0, 1.0]), ..Request::default() }));

    out
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut dir = "target/pictures".to_string();
    let mut only: Option<String> = None;
    let mut formats = vec![Format::Svg, Format::Png, Format::Tex];
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--only" => only = it.next().cloned(),
            "--format" => {
                let name = it.next().map(String::as_str).unwrap_or("svg");
                formats = vec![Format::from_file_name(&format!("x.{name}")).expect("svg, png or tex")];
            }
            d => dir = d.to_string(),
        }
    }
    std::fs::create_dir_all(&dir).expect("the output directory can be made");
    for (name, f, request) in pictures() {
        if only.as_deref().is_some_and(|o| !o.split(',').any(|o| o == name)) {
            continue;
        }
        for &format in &formats {
            let ext = match format {
                Format::Svg => "svg",
                Format::Png => "png",
                Format::Tex => "tex",
            };
            let bytes = render(&f, &request, format).expect("the picture draws");
            let file = format!("{dir}/{name}.{ext}");
            std::fs::write(&file, bytes).expect("the picture can be written");
            println!("{file}");
        }
    }
}
