//! The pictures of `gradcalc::plot` in every format: the SVG parses and holds the contour
//! lines, the arrows and the path's points where they belong; the PNG has its size and is
//! not blank; the pgfplots source compiles with pdflatex (where it is installed) and is
//! pinned by snapshots; singular functions leave gaps and never panic or print NaN.

mod support;

use gradcalc::error::ErrorKind;
use gradcalc::plot::{render, Format, Interval, Label, Path, Request};
use support::{descent, function};

fn svg(src: &str, r: &Request) -> String {
    String::from_utf8(render(&function(src), r, Format::Svg).unwrap()).unwrap()
}

fn gd(eta: f64, points: Vec<Vec<f64>>) -> Path {
    let label = Label::new(format!("gradient descent, η = {eta}"), format!("gradient descent, $\\eta = {eta}$"));
    Path { label, points, note: None }
}

fn range(lo: f64, hi: f64) -> Option<Interval> {
    Some(Interval { lo, hi })
}

/// The elements of an SVG with a given tag and attribute value.
fn elements<'a>(doc: &'a roxmltree::Document, tag: &str, attr: &str, value: &str) -> Vec<roxmltree::Node<'a, 'a>> {
    doc.descendants()
        .filter(|n| n.has_tag_name(tag) && n.attribute(attr).is_some_and(|v| v.eq_ignore_ascii_case(value)))
        .collect()
}

fn num(n: &roxmltree::Node, attr: &str) -> f64 {
    n.attribute(attr).unwrap().parse().unwrap()
}

fn points(n: &roxmltree::Node) -> Vec<(f64, f64)> {
    n.attribute("points")
        .unwrap()
        .split_whitespace()
        .map(|p| {
            let (x, y) = p.split_once(',').unwrap();
            (x.parse().unwrap(), y.parse().unwrap())
        })
        .collect()
}

/// The plotting area of an SVG: the grey frame's left, top, right, bottom.
fn frame(doc: &roxmltree::Document) -> (f64, f64, f64, f64) {
    let r = elements(doc, "rect", "stroke", AXIS_GREY)[0];
    let (x, y) = (num(&r, "x"), num(&r, "y"));
    (x, y, x + num(&r, "width"), y + num(&r, "height"))
}

fn inside(f: (f64, f64, f64, f64), p: (f64, f64)) -> bool {
    f.0 - 1.0 <= p.0 && p.0 <= f.2 + 1.0 && f.1 - 1.0 <= p.1 && p.1 <= f.3 + 1.0
}

const PATH_RED: &str = "#D62728";
const ARROW_GREY: &str = "#7D7D7D";
const AXIS_GREY: &str = "#AAAAAA";

#[test]
fn the_descent_picture_holds_contours_arrows_and_the_numbered_path_where_they_belong() {
    let f = function("x^2+y^2");
    let pts = descent("x^2+y^2", &[3.0, 2.0], 0.1, 20);
    let r = Request { paths: vec![gd(0.1, pts.clone())], ..Request::default() };
    let text = String::from_utf8(render(&f, &r, Format::Svg).unwrap()).unwrap();
    let doc = roxmltree::Document::parse(&text).expect("the SVG parses");
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "svg");
    assert!(!text.contains("NaN") && !text.contains("inf"), "no value where none exists");

    // Contour lines: polylines in colours other than the frame's grey, the path's red and
    // the arrows' grey; several of them, each with many points (a circle).
    let contour_lines: Vec<_> = doc
        .descendants()
        .filter(|n| n.has_tag_name("polyline"))
        .filter(|n| {
            ![AXIS_GREY, PATH_RED, ARROW_GREY].iter().any(|c| n.attribute("stroke").unwrap().eq_ignore_ascii_case(c))
        })
        .collect();
    assert!(contour_lines.len() >= 5, "{} contour lines", contour_lines.len());
    assert!(contour_lines.iter().all(|l| points(l).len() >= 20));

    // Arrows: a grey head for each, a grid of them.
    let heads = elements(&doc, "polygon", "fill", ARROW_GREY);
    assert!(heads.len() >= 100, "{} arrows", heads.len());

    // The path's points: filled red circles, an affine image of the points with equal
    // scales on both axes (y pointing down).
    let area = frame(&doc);
    let dots: Vec<(f64, f64)> = elements(&doc, "circle", "fill", PATH_RED)
        .iter()
        .map(|c| (num(c, "cx"), num(c, "cy")))
        .filter(|&p| inside(area, p))
        .collect();
    assert_eq!(dots.len(), pts.len());
    let (a, b) = (dots[0], dots[dots.len() - 1]);
    let (p, q) = (&pts[0], &pts[pts.len() - 1]);
    let sx = (b.0 - a.0) / (q[0] - p[0]);
    let sy = (b.1 - a.1) / (q[1] - p[1]);
    assert!(sx > 0.0 && sy < 0.0, "x to the right, y up: {sx} {sy}");
    assert!((sx + sy).abs() < 0.02 * sx, "equal scales: {sx} {sy}");
    for (d, p) in dots.iter().zip(&pts) {
        let want = (a.0 + sx * (p[0] - pts[0][0]), a.1 + sy * (p[1] - pts[0][1]));
        assert!((d.0 - want.0).abs() <= 1.5 && (d.1 - want.1).abs() <= 1.5, "{d:?} is not at {want:?} for {p:?}");
    }

    // Numbered: 0 at the start, 20 at the end, in red, next to their points.
    let numbers: Vec<(String, f64, f64)> = elements(&doc, "text", "fill", PATH_RED)
        .iter()
        .map(|t| (t.text().unwrap_or("").trim().to_string(), num(t, "x"), num(t, "y")))
        .collect();
    for (label, at) in [("0", a), ("20", b)] {
        let t = numbers.iter().find(|t| t.0 == label).unwrap_or_else(|| panic!("no number {label}: {numbers:?}"));
        assert!((t.1 - at.0).abs() < 30.0 && (t.2 - at.1).abs() < 30.0, "{label} at {t:?}, its point at {at:?}");
    }
    assert!(numbers.len() >= 8, "most points numbered: {numbers:?}");
    // The legend gives the start and end values.
    assert!(text.contains("(3, 2), f = 13 →"), "legend");
}

#[test]
fn the_gradient_at_p_points_along_grad_f_perpendicular_to_the_level_line() {
    // ∇f(1, 0.5) = (2.5, 2) for x² + xy + y².
    let text = svg("x^2+xy+y^2", &Request { at: Some(vec![1.0, 0.5]), ..Request::default() });
    let doc = roxmltree::Document::parse(&text).unwrap();
    assert!(text.contains("∇f(P) = (2.5, 2)"));
    // The thick black arrow: its shaft starts at P's dot and runs along (2.5, -2) in pixels.
    let area = frame(&doc);
    let p: Vec<_> = elements(&doc, "circle", "fill", "#000000")
        .into_iter()
        .filter(|c| inside(area, (num(c, "cx"), num(c, "cy"))))
        .collect();
    assert_eq!(p.len(), 1);
    let (px, py) = (num(&p[0], "cx"), num(&p[0], "cy"));
    let shaft = doc
        .descendants()
        .filter(|n| {
            n.has_tag_name("polyline")
                && n.attribute("stroke") == Some("#000000")
                && n.attribute("stroke-width") == Some("3")
        })
        .map(|n| points(&n))
        .find(|pts| pts.len() == 2 && (pts[0].0 - px).abs() <= 1.0 && (pts[0].1 - py).abs() <= 1.0)
        .expect("the arrow of the gradient starts at P");
    let (dx, dy) = (shaft[1].0 - shaft[0].0, shaft[1].1 - shaft[0].1);
    let angle = dy.atan2(dx);
    let want = (-2.0f64).atan2(2.5);
    assert!((angle - want).abs() < 0.03, "arrow at {angle}, ∇f at {want}");
}

#[test]
fn pngs_have_their_size_and_are_not_blank() {
    let f = function("x^2+y^2");
    let pictures = [
        Request { paths: vec![gd(0.1, descent("x^2+y^2", &[3.0, 2.0], 0.1, 20))], ..Request::default() },
        Request { paths: vec![gd(0.1, descent("x^2+y^2", &[3.0, 2.0], 0.1, 20))], surface: true, ..Request::default() },
        Request { filled: true, ..Request::default() },
    ];
    for r in &pictures {
        let png = render(&f, r, Format::Png).unwrap();
        let svg = String::from_utf8(render(&f, r, Format::Svg).unwrap()).unwrap();
        let doc = roxmltree::Document::parse(&svg).unwrap();
        let (w, h) = (num(&doc.root_element(), "width"), num(&doc.root_element(), "height"));
        let decoder = png::Decoder::new(std::io::Cursor::new(&png));
        let mut reader = decoder.read_info().unwrap();
        let mut buf = vec![0; reader.output_buffer_size().unwrap()];
        let info = reader.next_frame(&mut buf).unwrap();
        assert_eq!((info.width as f64, info.height as f64), (w, h), "the PNG has the SVG's size");
        assert!(info.width >= 600 && info.height >= 500);
        let pixels: Vec<&[u8]> = buf[..info.buffer_size()].chunks(3).collect();
        let inked = pixels.iter().filter(|p| p.iter().any(|&c| c < 200)).count();
        assert!(inked * 20 > pixels.len(), "{inked} of {} pixels inked", pixels.len());
        let colours: std::collections::HashSet<&[u8]> = pixels.iter().copied().collect();
        assert!(colours.len() > 100, "{} colours", colours.len());
    }
    let g = function("x^3-3x");
    let png =
        render(&g, &Request { at: Some(vec![0.5]), derivative: true, ..Request::default() }, Format::Png).unwrap();
    assert_eq!(&png[1..4], b"PNG");
}

/// Compiles `pictures` (name, pgfplots source) in one LaTeX document each, or says why not.
fn compile(pictures: &[(&str, String)]) {
    let Ok(found) = std::process::Command::new("pdflatex").arg("--version").output() else {
        eprintln!("skipped: pdflatex is not installed, so the .tex pictures were not compiled");
        return;
    };
    assert!(found.status.success());
    let dir = std::env::temp_dir().join(format!("gradcalc-plot-tex-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    for (name, tex) in pictures {
        std::fs::write(dir.join(format!("{name}.tex")), tex).unwrap();
        let doc = format!(
            "\\documentclass{{article}}\n\\usepackage{{pgfplots}}\n\\pgfplotsset{{compat=1.18}}\n\\begin{{document}}\n\\noindent\\input{{{name}.tex}}\n\\end{{document}}\n"
        );
        std::fs::write(dir.join(format!("{name}-doc.tex")), doc).unwrap();
        let out = std::process::Command::new("pdflatex")
            .args(["-interaction=nonstopmode", "-halt-on-error", &format!("{name}-doc.tex")])
            .current_dir(&dir)
            .output()
            .unwrap();
        let log = String::from_utf8_lossy(&out.stdout);
        assert!(out.status.success(), "{name}.tex does not compile:\n{}", &log[log.len().saturating_sub(3000)..]);
        assert!(dir.join(format!("{name}-doc.pdf")).exists());
        assert!(
            !log.contains("Overfull \\hbox") || name.contains("surface"),
            "{name}: the picture is wider than the text"
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}

fn tex(src: &str, r: &Request) -> String {
    String::from_utf8(render(&function(src), r, Format::Tex).unwrap()).unwrap()
}

#[test]
fn every_kind_of_picture_compiles_with_pdflatex() {
    let path = gd(0.1, descent("x^2+y^2", &[3.0, 2.0], 0.1, 20));
    compile(&[
        ("descent", tex("x^2+y^2", &Request { paths: vec![path.clone()], ..Request::default() })),
        ("gradient", tex("x^2+xy+y^2", &Request { at: Some(vec![1.0, 0.5]), ..Request::default() })),
        ("filled", tex("sin(x)cos(y)", &Request { filled: true, ..Request::default() })),
        ("tangent", tex("x^3-3x", &Request { at: Some(vec![0.5]), derivative: true, ..Request::default() })),
        ("surface", tex("x^2+y^2", &Request { paths: vec![path], surface: true, ..Request::default() })),
        (
            "pole",
            tex(
                "1/(x^2+y^2)",
                &Request { ranges: vec![range(-1.0, 1.0), range(-1.0, 1.0)], samples: Some(41), ..Request::default() },
            ),
        ),
        ("log", tex("ln(x)", &Request { at: Some(vec![1.0]), ..Request::default() })),
    ]);
}

#[test]
fn pgfplots_source_of_a_contour_picture() {
    let f = function("x^2+y^2");
    let r = Request {
        at: Some(vec![1.0, 1.0]),
        paths: vec![gd(0.25, descent("x^2+y^2", &[1.5, -1.0], 0.25, 3))],
        ranges: vec![range(-2.0, 2.0), range(-2.0, 2.0)],
        samples: Some(9),
        ..Request::default()
    };
    insta::assert_snapshot!(String::from_utf8(render(&f, &r, Format::Tex).unwrap()).unwrap());
}

#[test]
fn pgfplots_source_of_a_graph_with_its_tangent_and_derivative() {
    let r = Request { at: Some(vec![1.0]), derivative: true, samples: Some(9), ..Request::default() };
    insta::assert_snapshot!(tex("x^2", &r));
}

#[test]
fn pgfplots_source_of_a_surface() {
    let f = function("x^2+y^2");
    let r = Request {
        paths: vec![gd(0.25, descent("x^2+y^2", &[1.5, 1.0], 0.25, 2))],
        surface: true,
        ranges: vec![range(-2.0, 2.0), range(-2.0, 2.0)],
        samples: Some(8),
        ..Request::default()
    };
    insta::assert_snapshot!(String::from_utf8(render(&f, &r, Format::Tex).unwrap()).unwrap());
}

/// Every coordinate of every polyline, circle and polygon of an SVG.
fn svg_coords(text: &str) -> Vec<(f64, f64)> {
    let doc = roxmltree::Document::parse(text).unwrap();
    let mut out = Vec::new();
    for n in doc.descendants() {
        if n.has_tag_name("polyline") || n.has_tag_name("polygon") {
            out.extend(points(&n));
        } else if n.has_tag_name("circle") {
            out.push((num(&n, "cx"), num(&n, "cy")));
        }
    }
    out
}

#[test]
fn singular_functions_leave_gaps_in_every_format() {
    let pole = Request { ranges: vec![range(-1.0, 1.0), range(-1.0, 1.0)], samples: Some(41), ..Request::default() };
    let cases: Vec<(&str, Request)> = vec![
        // The grid has a sample exactly at the pole.
        ("1/(x^2+y^2)", pole.clone()),
        ("1/(x^2+y^2)", Request { filled: true, ..pole.clone() }),
        ("1/(x^2+y^2)", Request { surface: true, ..pole.clone() }),
        ("ln(x)", Request::default()),
        ("ln(x)*y", Request::default()),
        ("ln(x)*y", Request { filled: true, ..Request::default() }),
        ("ln(x)*y", Request { surface: true, ..Request::default() }),
        ("sqrt(1-x^2-y^2)", Request { surface: true, ..Request::default() }),
        ("1/x", Request { derivative: true, ..Request::default() }),
        ("tan(x)", Request { ranges: vec![range(-4.0, 4.0)], ..Request::default() }),
        ("x^x", Request { at: Some(vec![1.0]), ..Request::default() }),
        ("exp(exp(x^2+y^2))", Request::default()),
    ];
    for (src, r) in &cases {
        for format in [Format::Svg, Format::Png, Format::Tex] {
            let out = render(&function(src), r, format).unwrap_or_else(|e| panic!("{src}: {e:?}"));
            assert!(!out.is_empty());
            if format != Format::Png {
                let text = String::from_utf8(out).unwrap();
                assert!(!text.contains("NaN") && !text.contains("inf"), "{src} {format:?}: a value where none exists");
                if format == Format::Svg {
                    assert!(
                        svg_coords(&text).iter().all(|p| p.0.abs() < 1e5 && p.1.abs() < 1e5),
                        "{src}: coordinates off the canvas"
                    );
                }
            }
        }
    }
}

#[test]
fn level_lines_stop_where_the_logarithm_has_no_value() {
    // y·ln(x) on -2..2: nothing to draw left of x = 0, the middle of the plot.
    let text = svg("ln(x)*y", &Request { ranges: vec![range(-2.0, 2.0), range(-2.0, 2.0)], ..Request::default() });
    let doc = roxmltree::Document::parse(&text).unwrap();
    let area = frame(&doc);
    let middle = 0.5 * (area.0 + area.2);
    let drawn: Vec<(f64, f64)> = doc
        .descendants()
        .filter(|n| n.has_tag_name("polyline") && !n.attribute("stroke").unwrap().eq_ignore_ascii_case(AXIS_GREY))
        .flat_map(|n| points(&n))
        .filter(|&p| inside(area, p))
        .collect();
    assert!(drawn.len() > 100);
    assert!(drawn.iter().all(|p| p.0 >= middle - 2.0), "a line where ln(x) has no value");
    assert!(text.contains("the level lines stop where f has no real value"));
}

#[test]
fn a_pole_on_a_graph_is_a_break_not_a_vertical_line() {
    let text = svg("1/x", &Request::default());
    let doc = roxmltree::Document::parse(&text).unwrap();
    let area = frame(&doc);
    let height = area.3 - area.1;
    let curves = elements(&doc, "polyline", "stroke", "#1F77B4");
    assert!(curves.len() >= 2, "two branches");
    for c in &curves {
        for w in points(c).windows(2) {
            assert!((w[1].1 - w[0].1).abs() < 0.5 * height, "a jump across the window: {w:?}");
        }
    }
}

#[test]
fn requests_that_do_not_fit_are_clear_errors() {
    let two = function("x^2+y^2");
    let one = function("x^2");
    let err = |f: &gradcalc::plot::Function, r: Request| render(f, &r, Format::Svg).unwrap_err();
    let e = err(&one, Request { surface: true, ..Request::default() });
    assert_eq!(
        (e.kind, e.message.as_str()),
        (ErrorKind::Usage, "--surface draws functions of two variables; f has one")
    );
    let e = err(&two, Request { derivative: true, ..Request::default() });
    assert_eq!(e.kind, ErrorKind::Usage);
    let e = err(&two, Request { at: Some(vec![1.0]), ..Request::default() });
    assert_eq!(e.message, "the point has 1 coordinate; f has 2 variables");
    let e = err(&two, Request { paths: vec![gd(0.1, vec![vec![1.0, 2.0, 3.0]])], ..Request::default() });
    assert_eq!(e.message, "a point of the path 'gradient descent, η = 0.1' has 3 coordinates; f has 2 variables");
    let e = err(&function("ln(x)+y"), Request { at: Some(vec![-1.0, 0.0]), ..Request::default() });
    assert_eq!((e.kind, e.message.as_str()), (ErrorKind::Math, "f has no real value at P = (-1, 0)"));
    let e = err(&function("ln(-x^2-y^2-1)"), Request::default());
    assert_eq!(e.kind, ErrorKind::Math);
    assert_eq!(e.message, "f has no real value anywhere in the window x = -2..2, y = -2..2");
    let e = err(&function("sqrt(-x^2-1)"), Request::default());
    assert_eq!(e.kind, ErrorKind::Math);
    let e = err(&two, Request { samples: Some(3), ..Request::default() });
    assert_eq!(e.kind, ErrorKind::Usage);
    assert_eq!(Interval::new(2.0, -2.0, "x").unwrap_err().message, "the range of x is empty: 2:-2");

    let mut pool = gradcalc::expr::Pool::default();
    let f = gradcalc::syntax::parse(&mut pool, "xyz", &Default::default()).unwrap();
    let vars = pool.free_vars(f).to_vec();
    let e = gradcalc::plot::Function::compile(&pool, f, &[f, f, f], &vars, Default::default()).err().unwrap();
    assert_eq!(e.message, "plot draws functions of one or two variables; f has 3 variables (x, y, z)");
}

#[test]
fn the_format_follows_the_file_name() {
    assert_eq!(Format::from_file_name("a.svg").unwrap(), Format::Svg);
    assert_eq!(Format::from_file_name("descent.PNG").unwrap(), Format::Png);
    assert_eq!(Format::from_file_name("fig/descent.tex").unwrap(), Format::Tex);
    assert_eq!(Format::from_file_name("-").unwrap(), Format::Svg);
    let e = Format::from_file_name("descent.pdf").unwrap_err();
    assert_eq!(e.message, "cannot tell the picture format of 'descent.pdf'");
    assert_eq!(e.kind, ErrorKind::Usage);
}

#[test]
fn a_diverging_path_is_drawn_up_to_where_f_has_a_value() {
    let f = function("ln(x)+y^2");
    let r = Request {
        paths: vec![gd(0.1, vec![vec![1.0, 1.0], vec![0.5, 0.5], vec![-0.5, 0.0], vec![-1.0, 0.0]])],
        ..Request::default()
    };
    let text = String::from_utf8(render(&f, &r, Format::Svg).unwrap()).unwrap();
    let doc = roxmltree::Document::parse(&text).unwrap();
    let area = frame(&doc);
    let dots =
        elements(&doc, "circle", "fill", PATH_RED).into_iter().filter(|c| inside(area, (num(c, "cx"), num(c, "cy"))));
    assert_eq!(dots.count(), 2);
    assert!(text.contains("f has no value at step 2"), "legend says where it stopped");
}

#[test]
fn extreme_windows_and_values_draw_without_panic_or_nan() {
    let check = |src: &str, r: &Request| {
        for format in [Format::Svg, Format::Png, Format::Tex] {
            let out = match render(&function(src), r, format) {
                Ok(out) => out,
                // x² at 10²⁹⁰ overflows: said, not drawn.
                Err(e) if e.message.starts_with("the values of f are too large to draw everywhere") => continue,
                Err(e) => panic!("{src} {r:?}: {e:?}"),
            };
            if format != Format::Png {
                let text = String::from_utf8(out).unwrap();
                assert!(!text.contains("NaN") && !text.contains("inf"), "{src} {r:?} as {format:?}");
            }
        }
    };
    // Windows at the edges of what can be drawn.
    for (lo, hi) in [(1e290, 1.5e290), (1e-200, 2e-200), (1e6, 1e6 + 0.01), (-1e-9, 1e-9)] {
        for (src, two) in
            [("x^2+y^2", true), ("exp(x)*y", true), ("1/(x-y)", true), ("x^3", false), ("exp(x^2)", false)]
        {
            let ranges = if two { vec![range(lo, hi), range(lo, hi)] } else { vec![range(lo, hi)] };
            check(src, &Request { ranges: ranges.clone(), samples: Some(40), ..Request::default() });
            if two {
                check(src, &Request { ranges: ranges.clone(), samples: Some(40), filled: true, ..Request::default() });
                check(src, &Request { ranges, samples: Some(12), surface: true, ..Request::default() });
            }
        }
    }
    // Values that hardly change or grow past any scale, paths that run off.
    check("x+1e15", &Request::default());
    check("x+y+1e15", &Request::default());
    check("x+y+1e15", &Request { surface: true, ..Request::default() });
    check("exp(exp(exp(x)))", &Request { derivative: true, ..Request::default() });
    check("exp(exp(x^2+y^2))", &Request { surface: true, ..Request::default() });
    let far = gd(0.1, vec![vec![1.0, 1.0], vec![1e200, -1e200], vec![1e308, 1e308]]);
    check("x^2+y^2", &Request { paths: vec![far.clone()], ..Request::default() });
    check("x^2+y^2", &Request { paths: vec![far], surface: true, ..Request::default() });
    let close = gd(0.1, vec![vec![1e15, 1e15], vec![1e15 + 0.125, 1e15]]);
    check("x-y", &Request { paths: vec![close], ..Request::default() });
    // Windows that cannot be drawn are refused, by name.
    let x2 = function("x^2+y^2");
    for (lo, hi, message) in [
        (-1e308, 1e308, "the range of x is too large to draw: -1e308:1e308"),
        (1e15, 1e15 + 1.0, "the range of x is too narrow to draw at that size: 1000000000000000:1000000000000001"),
        (0.0, 1e-300, "the range of x is too narrow to draw at that size: 0:1e-300"),
    ] {
        let e = render(&x2, &Request { ranges: vec![range(lo, hi)], ..Request::default() }, Format::Svg).unwrap_err();
        assert_eq!((e.kind, e.message.as_str()), (ErrorKind::Usage, message));
    }
}
