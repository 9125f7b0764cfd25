//! `gradcalc plot` end to end, through the binary: the SVG parses and holds the contour lines,
//! the arrows and each path's points exactly where `descend` prints them for the same flags
//! (gradient descent, momentum, Newton's method); `-o` writes the file the extension names and
//! nothing on stdout; PNGs have their size and ink; the pgfplots pictures compile with pdflatex
//! (skipped, saying so, where it is absent) and their sources are pinned by snapshots; the
//! pictures in docs/pictures are what `scripts/pictures.sh` makes with the command.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

fn gradcalc(args: &[&str], dir: &Path) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_gradcalc"))
        .args(args)
        .current_dir(dir)
        .env_remove("GRADCALC_MAX_OUTPUT")
        .env("NO_COLOR", "1")
        .output()
        .expect("gradcalc runs")
}

/// A fresh directory for one test's files.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("gradcalc-plot-command-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// stdout of a run that must succeed without a word on stderr.
fn ok(args: &[&str]) -> String {
    let out = gradcalc(args, &std::env::temp_dir());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success() && stderr.is_empty(), "gradcalc {args:?}: {stderr}");
    String::from_utf8(out.stdout).unwrap()
}

/// The points of `descend` with these flags, from its JSON rows.
fn descend_points(args: &[&str]) -> Vec<(f64, f64)> {
    let mut all = vec!["descend"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&ok(&all)).unwrap();
    json["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["point"][0].as_f64().unwrap(), r["point"][1].as_f64().unwrap()))
        .collect()
}

fn num(n: &roxmltree::Node, attr: &str) -> f64 {
    n.attribute(attr).unwrap().parse().unwrap()
}

/// The centres of the filled circles of one colour inside the plotting area (a path's
/// markers; the legend's swatch is outside).
fn dots(doc: &roxmltree::Document, color: &str) -> Vec<(f64, f64)> {
    let frame = doc
        .descendants()
        .find(|n| n.has_tag_name("rect") && n.attribute("stroke").is_some_and(|s| s.eq_ignore_ascii_case("#AAAAAA")))
        .expect("the frame of the plotting area");
    let (x, y) = (num(&frame, "x"), num(&frame, "y"));
    let (w, h) = (num(&frame, "width"), num(&frame, "height"));
    doc.descendants()
        .filter(|n| n.has_tag_name("circle") && n.attribute("fill").is_some_and(|f| f.eq_ignore_ascii_case(color)))
        .map(|c| (num(&c, "cx"), num(&c, "cy")))
        .filter(|&(cx, cy)| x - 1.0 <= cx && cx <= x + w + 1.0 && y - 1.0 <= cy && cy <= y + h + 1.0)
        .collect()
}

/// The map from the function's coordinates to the SVG's pixels, from the frame and the tick
/// labels of its axes: x → a + b·x, y → c + d·y.
fn pixel_map(doc: &roxmltree::Document) -> impl Fn((f64, f64)) -> (f64, f64) {
    // Tick labels: black numbers, right-aligned left of the frame (y) or hanging centred
    // below it (x); the levels' labels are coloured, the axis names are not numbers.
    let ticks: Vec<(f64, f64, f64, bool)> = doc
        .descendants()
        .filter(|n| n.has_tag_name("text") && n.attribute("fill") == Some("#000000"))
        .filter_map(|t| {
            let v: f64 = t.text()?.trim().parse().ok()?;
            let vertical = t.attribute("text-anchor") == Some("end");
            let below = t.attribute("text-anchor") == Some("middle") && t.attribute("dy") == Some("0.76em");
            (vertical || below).then(|| (v, num(&t, "x"), num(&t, "y"), vertical))
        })
        .collect();
    let fit = |pairs: Vec<(f64, f64)>| {
        let (v0, p0) = pairs[0];
        let (v1, p1) = pairs[pairs.len() - 1];
        let scale = (p1 - p0) / (v1 - v0);
        (p0 - scale * v0, scale)
    };
    let xs: Vec<(f64, f64)> = ticks.iter().filter(|t| !t.3).map(|t| (t.0, t.1)).collect();
    let ys: Vec<(f64, f64)> = ticks.iter().filter(|t| t.3).map(|t| (t.0, t.2)).collect();
    assert!(xs.len() >= 3 && ys.len() >= 3, "tick labels: {ticks:?}");
    let ((a, b), (c, d)) = (fit(xs), fit(ys));
    move |(x, y)| (a + b * x, c + d * y)
}

const RED: &str = "#D62728";
const DARK: &str = "#1E1E1E";
const ORANGE: &str = "#FF7F0E";

#[test]
fn each_method_draws_the_points_descend_prints_for_the_same_flags() {
    let f = "x^2+10y^2";
    let (from, rate, steps) = ("3,1", "0.09", "12");
    let svg = ok(&[
        "plot",
        f,
        "--path",
        "descend",
        "--path",
        "momentum",
        "--path",
        "newton:1",
        "--from",
        from,
        "--rate",
        rate,
        "--momentum",
        "0.5",
        "--steps",
        steps,
        "--tol",
        "1e-9",
    ]);
    let doc = roxmltree::Document::parse(&svg).expect("the SVG parses");
    assert!(!svg.contains("NaN"), "no value where none exists");
    let to_px = pixel_map(&doc);
    let runs = [
        (RED, descend_points(&[f, "--from", from, "--rate", rate, "--steps", steps, "--tol", "1e-9"])),
        (
            DARK,
            descend_points(&[
                f,
                "--from",
                from,
                "--rate",
                rate,
                "--steps",
                steps,
                "--tol",
                "1e-9",
                "--method",
                "momentum",
                "--momentum",
                "0.5",
            ]),
        ),
        (ORANGE, descend_points(&[f, "--from", from, "--steps", steps, "--tol", "1e-9", "--method", "newton"])),
    ];
    for (color, points) in &runs {
        let drawn = dots(&doc, color);
        assert_eq!(drawn.len(), points.len(), "{color}: one marker per row of descend");
        for (d, p) in drawn.iter().zip(points) {
            let want = to_px(*p);
            // The SVG writes whole pixels; the ticks are placed to the pixel too.
            assert!(
                (d.0 - want.0).abs() <= 2.0 && (d.1 - want.1).abs() <= 2.0,
                "{color}: {d:?} is not at {want:?} for {p:?}"
            );
        }
    }
    // Newton's method lands on the minimum of the quadratic in one step, then |∇f| = 0 stops it.
    assert_eq!(runs[2].1, [(3.0, 1.0), (0.0, 0.0)]);
    // The legend names each run as descend's header does, with its parameters.
    let texts: Vec<&str> = doc.descendants().filter_map(|n| n.text()).map(str::trim).collect();
    for name in ["gradient descent, η = 0.09:", "momentum, η = 0.09, β = 0.5:", "Newton's method: (3, 1)"] {
        assert!(texts.iter().any(|t| t.starts_with(name)), "the legend names {name}: {texts:?}");
    }
    assert!(texts.iter().any(|t| t.ends_with("(1 step); |∇f| = 0 < 1e-9 (--tol)")), "why Newton stopped: {texts:?}");
}

#[test]
fn the_descent_picture_holds_contours_arrows_and_the_title_of_the_echo_line() {
    let svg = ok(&["plot", "x^2+y^2", "--path", "descend", "--from", "3,2", "--rate", "0.1", "--steps", "20"]);
    let doc = roxmltree::Document::parse(&svg).unwrap();
    let polylines: Vec<_> = doc.descendants().filter(|n| n.has_tag_name("polyline")).collect();
    let contours = polylines
        .iter()
        .filter(|n| !["#AAAAAA", RED, "#7D7D7D"].iter().any(|c| n.attribute("stroke").unwrap().eq_ignore_ascii_case(c)))
        .count();
    assert!(contours >= 5, "{contours} contour lines");
    let heads = doc
        .descendants()
        .filter(|n| n.has_tag_name("polygon") && n.attribute("fill").is_some_and(|f| f.eq_ignore_ascii_case("#7D7D7D")))
        .count();
    assert!(heads >= 100, "{heads} arrows");
    assert_eq!(dots(&doc, RED).len(), 21);
    // The title is the first line of `descend`, `grad`, … (the echo of the input).
    let echo = ok(&["grad", "x^2+y^2"]);
    let title = echo.lines().next().unwrap();
    let first_text = doc.descendants().find(|n| n.has_tag_name("text")).and_then(|t| t.text()).unwrap();
    assert_eq!(first_text.trim(), title);
}

#[test]
fn the_file_has_the_format_its_extension_names_and_stdout_stays_empty() {
    let dir = scratch("formats");
    let args = ["plot", "x^2+xy+y^2", "--at", "1,0.5"];
    let on_stdout = gradcalc(&args, &dir);
    assert!(on_stdout.status.success());
    for (name, magic) in [("p.svg", &b"<svg"[..]), ("p.png", &b"\x89PNG"[..]), ("p.tex", &b"% f(x, y)"[..])] {
        let out = gradcalc(&[&args[..], &["-o", name]].concat(), &dir);
        assert!(out.status.success(), "{name}: {}", String::from_utf8_lossy(&out.stderr));
        assert!(out.stdout.is_empty() && out.stderr.is_empty(), "{name}: nothing but the file");
        let bytes = std::fs::read(dir.join(name)).unwrap();
        assert!(bytes.starts_with(magic), "{name} starts with {magic:?}");
        if name == "p.svg" {
            // The same picture as on standard output (which ends in one newline more).
            assert_eq!(
                String::from_utf8(bytes).unwrap().trim_end(),
                String::from_utf8_lossy(&on_stdout.stdout).trim_end()
            );
        }
    }
    // `-o -` is SVG on standard output too.
    let dash = gradcalc(&[&args[..], &["-o", "-"]].concat(), &dir);
    assert_eq!(dash.stdout, on_stdout.stdout);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn pngs_have_their_size_and_ink() {
    let dir = scratch("png");
    let pictures: [&[&str]; 4] = [
        &["plot", "x^2+y^2", "--path", "descend", "--from", "3,2", "--rate", "0.1", "--steps", "20"],
        &["plot", "x^2+y^2", "--surface", "--path", "descend", "--from", "3,2", "--rate", "0.1", "--steps", "20"],
        &["plot", "x^3-3x", "--at", "0.5", "--derivative"],
        &["plot", "sin(x)cos(y)", "--filled", "--range", "x=-3:3,y=-3:3"],
    ];
    for args in pictures {
        let svg = ok(args);
        let doc = roxmltree::Document::parse(&svg).unwrap();
        let (w, h) = (num(&doc.root_element(), "width"), num(&doc.root_element(), "height"));
        let out = gradcalc(&[args, &["-o", "p.png"]].concat(), &dir);
        assert!(out.status.success());
        let png = std::fs::read(dir.join("p.png")).unwrap();
        let mut reader = png::Decoder::new(std::io::Cursor::new(&png)).read_info().unwrap();
        let mut buf = vec![0; reader.output_buffer_size().unwrap()];
        let info = reader.next_frame(&mut buf).unwrap();
        assert_eq!((info.width as f64, info.height as f64), (w, h), "{args:?}: the PNG has the SVG's size");
        let pixels: Vec<&[u8]> = buf[..info.buffer_size()].chunks(3).collect();
        let inked = pixels.iter().filter(|p| p.iter().any(|&c| c < 200)).count();
        // A graph is thin lines on white; contours and surfaces cover much more.
        assert!(inked * 100 > pixels.len(), "{args:?}: {inked} of {} pixels inked", pixels.len());
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// The pgfplots pictures the command writes, for pdflatex and the snapshots.
fn tex_pictures() -> Vec<(&'static str, Vec<&'static str>)> {
    vec![
        (
            "paths",
            vec![
                "plot",
                "x^2+10y^2",
                "--path",
                "descend",
                "--path",
                "momentum",
                "--path",
                "newton:1",
                "--from",
                "3,1",
                "--rate",
                "0.09",
                "--momentum",
                "0.5",
                "--steps",
                "6",
                "--tol",
                "1e-9",
                "--at",
                "1,0.5",
                "--range",
                "x=-1:3.5,y=-1.2:1.2",
            ],
        ),
        ("tangent", vec!["plot", "x^3-3x", "--at", "0.5", "--derivative", "--range", "x=-2:2,y=-3:3"]),
        (
            "surface",
            vec![
                "plot",
                "x^2+y^2",
                "--surface",
                "--path",
                "newton",
                "--from",
                "1.5,1",
                "--tol",
                "1e-9",
                "--range",
                "f=0:6",
            ],
        ),
        ("filled", vec!["plot", "sin(x)cos(y)", "--filled", "--range", "-3:3,-3:3"]),
        ("graph-path", vec!["plot", "x^2", "--path", "descend", "--from", "1", "--rate", "1.5", "--steps", "4"]),
        ("no-value", vec!["plot", "ln(x)", "--path", "descend", "--from", "1", "--rate", "2"]),
    ]
}

fn make_tex(dir: &Path, name: &str, args: &[&str]) -> String {
    let file = format!("{name}.tex");
    let out = gradcalc(&[args, &["-o", &file]].concat(), dir);
    assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    std::fs::read_to_string(dir.join(file)).unwrap()
}

#[test]
fn the_tex_pictures_compile_with_pdflatex() {
    let Ok(found) = Command::new("pdflatex").arg("--version").output() else {
        eprintln!("skipped: pdflatex is not installed, so the .tex pictures of plot were not compiled");
        return;
    };
    assert!(found.status.success());
    let dir = scratch("pdflatex");
    for (name, args) in tex_pictures() {
        make_tex(&dir, name, &args);
        let doc = format!(
            "\\documentclass{{article}}\n\\usepackage{{pgfplots}}\n\\pgfplotsset{{compat=1.18}}\n\\begin{{document}}\n\\noindent\\input{{{name}.tex}}\n\\end{{document}}\n"
        );
        std::fs::write(dir.join(format!("{name}-doc.tex")), doc).unwrap();
        let out = Command::new("pdflatex")
            .args(["-interaction=nonstopmode", "-halt-on-error", &format!("{name}-doc.tex")])
            .current_dir(&dir)
            .output()
            .unwrap();
        let log = String::from_utf8_lossy(&out.stdout);
        assert!(out.status.success(), "{name}.tex does not compile:\n{}", &log[log.len().saturating_sub(3000)..]);
        assert!(!log.contains("Missing character"), "{name}: a character the font does not have");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// A pgfplots source with its long coordinate lists and tables (sampled curves, contour
/// lines, the arrows, meshes) cut to their ends and length, so that a snapshot pins what the
/// picture holds and stays readable.
fn summarised(tex: &str) -> String {
    let mut out: Vec<String> = Vec::new();
    // The rows of an open table: its header first.
    let mut table: Option<Vec<&str>> = None;
    for line in tex.lines() {
        if let Some(rows) = table.as_mut() {
            if line != "};" {
                rows.push(line);
                continue;
            }
            if rows.len() > 25 {
                let n = rows.len() - 1;
                out.push(format!("{}\n{}\n… {n} rows …\n{}", rows[0], rows[1], rows[rows.len() - 1]));
            } else {
                out.extend(rows.iter().map(|r| r.to_string()));
            }
            table = None;
            out.push(line.to_string());
            continue;
        }
        if line.ends_with("table[row sep=\\\\] {") {
            out.push(line.to_string());
            table = Some(Vec::new());
            continue;
        }
        let Some(start) = line.find("coordinates {") else {
            out.push(line.to_string());
            continue;
        };
        let open = start + "coordinates {".len();
        let close = open + line[open..].find('}').unwrap_or(line.len() - open);
        let points: Vec<&str> = line[open..close].split(") (").collect();
        if points.len() > 24 {
            let n = points.len();
            out.push(format!("{}{}) … ({}: {n} points{}", &line[..open], points[0], points[n - 1], &line[close..]));
        } else {
            out.push(line.to_string());
        }
    }
    out.join("\n")
}

#[test]
fn pgfplots_sources_made_by_the_command() {
    let dir = scratch("snapshots");
    // Filled bands are long lists of regions: compiled, not pinned.
    for (name, args) in tex_pictures().into_iter().filter(|(name, _)| *name != "filled") {
        let tex = make_tex(&dir, name, &args);
        insta::assert_snapshot!(format!("plot_tex_{name}"), summarised(&tex), &args.join(" "));
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// The pictures of docs/pictures: `NAME: ARGUMENTS` lines of docs/pictures/pictures.txt, each
/// drawn by `gradcalc plot ARGUMENTS -o docs/pictures/NAME.png`.
fn readme_pictures() -> Vec<(String, Vec<String>)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let list = std::fs::read_to_string(root.join("docs/pictures/pictures.txt")).unwrap();
    list.lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| {
            let (name, args) = l.split_once(':').expect("NAME: ARGUMENTS");
            (name.trim().to_string(), common::split_words_utf8(args).expect("the arguments split as in a shell"))
        })
        .collect()
}

#[test]
fn the_readme_pictures_are_what_the_command_makes() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    let dir = scratch("readme");
    let pictures = readme_pictures();
    assert!(pictures.len() >= 5, "the pictures of the README");
    for (name, args) in &pictures {
        let file = format!("{name}.png");
        let mut all: Vec<&str> = args.iter().map(String::as_str).collect();
        all.extend_from_slice(&["-o", &file]);
        let out = gradcalc(&all, &dir);
        assert!(out.status.success(), "{name}: {}", String::from_utf8_lossy(&out.stderr));
        let made = std::fs::read(dir.join(&file)).unwrap();
        let committed = std::fs::read(root.join("docs/pictures").join(&file)).unwrap_or_default();
        assert!(
            made == committed,
            "docs/pictures/{file} is not what `gradcalc {}` makes now: run scripts/pictures.sh, look at it, commit it",
            args.join(" ")
        );
        assert!(readme.contains(&format!("(docs/pictures/{file})")), "the README shows {file}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}
