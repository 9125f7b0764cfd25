//! Writes a [`Scene`] as a pgfplots picture: a `tikzpicture` that compiles in any document
//! with `\usepackage{pgfplots}` in its preamble (no shell escape, no gnuplot, no TikZ
//! library): the level lines, bands and the mesh are gradcalc's own coordinates, the colours
//! are defined inside the picture, the colormap is written out.
//!
//! Sizes follow the SVG canvas at 60 pixels to the centimetre, so text (`\scriptsize`)
//! takes about the room the scene made for it.

use super::contours::Pt;
use super::draw::keyhole;
use super::scene::{Axes, Graph, Panel, PathMarks, Plane, Rgb, Scene, Surface, Swatch, TextMark};
use super::scene::{ARROW_COLOR, AT_COLOR, AXIS_COLOR, CURVE_COLOR, TANGENT_COLOR};
use std::fmt::Write;

const PX_PER_CM: f64 = 60.0;

/// The picture as LaTeX source.
pub fn picture(scene: &Scene) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "% {}", scene.title.text);
    out.push_str(
        "% A picture by gradcalc: needs \\usepackage{pgfplots} in the preamble; \\input this file where it goes.\n",
    );
    out.push_str("\\begin{tikzpicture}\n");
    for (name, c) in [
        ("gcarrow", ARROW_COLOR),
        ("gcat", AT_COLOR),
        ("gcaxis", AXIS_COLOR),
        ("gccurve", CURVE_COLOR),
        ("gctangent", TANGENT_COLOR),
    ] {
        define(&mut out, name, c);
    }
    let mut last = String::new();
    for (k, panel) in scene.panels.iter().enumerate() {
        let name = format!("panel{}", k + 1);
        let title = if k == 0 { Some(scene.title.latex.as_str()) } else { None };
        let place = if k == 0 {
            String::new()
        } else {
            format!("  at={{({last}.outer south west)}}, anchor=outer north west, yshift=-0.3cm,\n")
        };
        match panel {
            Panel::Plane(p) => plane(&mut out, p, &name, title, &place),
            Panel::Graph(g) => graph(&mut out, g, &name, title, &place),
            Panel::Surface(s) => surface(&mut out, s, &name, title),
        }
        last = name;
    }
    legend(&mut out, scene, &last);
    out.push_str("\\end{tikzpicture}\n");
    out
}

fn define(out: &mut String, name: &str, c: Rgb) {
    let _ = writeln!(out, "\\definecolor{{{name}}}{{RGB}}{{{},{},{}}}", c.0, c.1, c.2);
}

/// A number with about six significant digits at the scale `span` (trailing zeros dropped).
fn n(v: f64, span: f64) -> String {
    if !v.is_finite() {
        return "nan".into();
    }
    let decimals = (5 - span.abs().max(1e-300).log10().floor() as i32).clamp(0, 15) as usize;
    let s = format!("{v:.decimals$}");
    let s = if s.contains('.') { s.trim_end_matches('0').trim_end_matches('.').to_string() } else { s };
    if s == "-0" {
        "0".into()
    } else {
        s
    }
}

struct Fmt<'a>(&'a Axes);

impl Fmt<'_> {
    fn pt(&self, p: Pt) -> String {
        format!("({},{})", n(p[0], self.0.x.span()), n(p[1], self.0.y.span()))
    }
    fn cs(&self, p: Pt) -> String {
        format!("(axis cs:{},{})", n(p[0], self.0.x.span()), n(p[1], self.0.y.span()))
    }
    /// A polyline as `coordinates`, leaving out points closer than a pixel to the last kept.
    fn coords(&self, pts: &[Pt]) -> String {
        let mut s = String::new();
        let mut last: Option<(f64, f64)> = None;
        for (k, &p) in pts.iter().enumerate() {
            let q = self.0.px(p);
            let keep = k + 1 == pts.len() || last.is_none_or(|l| (l.0 - q.0).hypot(l.1 - q.1) >= 1.0);
            if keep {
                s.push_str(&self.pt(p));
                s.push(' ');
                last = Some(q);
            }
        }
        s.trim_end().to_string()
    }
}

fn axis_open(out: &mut String, axes: &Axes, name: &str, title: Option<&str>, place: &str, extra: &str) {
    let a = axes.area;
    let _ = writeln!(out, "\\begin{{axis}}[\n  name={name},\n{place}  scale only axis,");
    let _ = writeln!(out, "  width={:.2}cm, height={:.2}cm,", a.width / PX_PER_CM, a.height / PX_PER_CM);
    let (x, y) = (axes.x, axes.y);
    let _ = writeln!(
        out,
        "  xmin={}, xmax={}, ymin={}, ymax={},",
        n(x.lo, x.span()),
        n(x.hi, x.span()),
        n(y.lo, y.span()),
        n(y.hi, y.span())
    );
    let _ = writeln!(out, "  xlabel={{{}}}, ylabel={{{}}},", axes.names[0].latex, axes.names[1].latex);
    if let Some(t) = title {
        let _ = writeln!(out, "  title={{{t}}},");
    }
    // Plots are clipped to the axis, text and marks not (they were placed inside it).
    out.push_str("  tick label style={font=\\footnotesize}, scaled ticks=false, clip mode=individual,\n");
    out.push_str(extra);
    out.push_str("]\n");
}

fn node(out: &mut String, f: &Fmt, t: &TextMark, color: &str) {
    let fill = if t.boxed { "fill=white, fill opacity=0.85, text opacity=1, " } else { "" };
    let _ = writeln!(
        out,
        "\\node[{fill}inner sep=1pt, font=\\scriptsize, text={color}] at {} {{{}}};",
        f.cs(t.pos),
        t.text.latex
    );
}

fn paths(out: &mut String, f: &Fmt, paths: &[PathMarks], first: usize) {
    for (k, p) in paths.iter().enumerate() {
        let name = format!("gcpath{}", first + k);
        define(out, &name, p.color);
        for l in &p.lines {
            let _ = writeln!(out, "\\addplot[{name}, line width=1pt, forget plot] coordinates {{{}}};", f.coords(l));
        }
        if !p.markers.is_empty() {
            let pts: Vec<String> = p.markers.iter().map(|&m| f.pt(m)).collect();
            let _ = writeln!(
                out,
                "\\addplot[only marks, mark=*, mark size=1.6pt, {name}, mark options={{draw=white, line width=0.3pt}}, forget plot] coordinates {{{}}};",
                pts.join(" ")
            );
        }
        for t in &p.numbers {
            node(out, f, t, &name);
        }
    }
}

fn plane(out: &mut String, p: &Plane, name: &str, title: Option<&str>, place: &str) {
    let f = Fmt(&p.axes);
    axis_open(out, &p.axes, name, title, place, "  axis on top,\n");
    for (k, fill) in p.fills.iter().enumerate() {
        let c = format!("gcband{k}");
        define(out, &c, fill.color);
        for r in &fill.regions {
            let ring = keyhole(&r.exterior, &r.holes);
            if ring.len() < 3 {
                continue;
            }
            let path: Vec<String> = ring.iter().map(|&q| f.cs(q)).collect();
            let _ = writeln!(out, "\\fill[{c}] {} -- cycle;", path.join(" -- "));
        }
    }
    for (k, l) in p.levels.iter().enumerate() {
        define(out, &format!("gclevel{k}"), if p.filled { (60, 60, 60) } else { l.color });
    }
    let width = if p.filled { "0.4pt" } else { "0.9pt" };
    for line in &p.lines {
        let _ = writeln!(
            out,
            "\\addplot[gclevel{}, line width={width}, forget plot] coordinates {{{}}};",
            line.level,
            f.coords(&line.points)
        );
    }
    for l in &p.labels {
        let k = p.levels.iter().position(|lv| lv.label == l.text.text).unwrap_or(0);
        node(out, &f, l, &format!("gclevel{k}"));
    }
    if !p.arrows.is_empty() {
        out.push_str("\\addplot[gcarrow, quiver={u=\\thisrow{u}, v=\\thisrow{v}}, -stealth, forget plot] table[row sep=\\\\] {\nx y u v \\\\\n");
        for &(a, b) in &p.arrows {
            let _ = writeln!(
                out,
                "{} {} {} {} \\\\",
                n(a[0], p.axes.x.span()),
                n(a[1], p.axes.y.span()),
                n(b[0] - a[0], p.axes.x.span()),
                n(b[1] - a[1], p.axes.y.span())
            );
        }
        out.push_str("};\n");
    }
    if let Some(at) = &p.at {
        for l in &at.level_lines {
            let _ = writeln!(out, "\\addplot[gcat, line width=1pt, forget plot] coordinates {{{}}};", f.coords(l));
        }
        if let Some((a, b)) = at.tangent {
            let _ = writeln!(out, "\\draw[gcat, dashed] {} -- {};", f.cs(a), f.cs(b));
        }
        if let Some(c) = at.corner {
            let _ = writeln!(out, "\\draw[gcat] {} -- {} -- {};", f.cs(c[0]), f.cs(c[1]), f.cs(c[2]));
        }
        if let Some((a, b)) = at.arrow {
            let _ = writeln!(out, "\\draw[gcat, line width=1.5pt, -stealth] {} -- {};", f.cs(a), f.cs(b));
        }
    }
    paths(out, &f, &p.paths, 0);
    for &(m, (r, g, b)) in &p.marks {
        let _ = writeln!(out, "\\fill[white] {} circle[radius=3.2pt];", f.cs(m));
        let _ = writeln!(out, "\\fill[fill={{rgb,255:red,{r};green,{g};blue,{b}}}] {} circle[radius=2.5pt];", f.cs(m));
    }
    if let Some(at) = &p.at {
        let _ = writeln!(out, "\\fill[gcat] {} circle[radius=2pt];", f.cs(at.p));
        for t in &at.texts {
            node(out, &f, t, "gcat");
        }
    }
    out.push_str("\\end{axis}\n");
}

fn graph(out: &mut String, g: &Graph, name: &str, title: Option<&str>, place: &str) {
    let f = Fmt(&g.axes);
    let title = title.or(g.title.as_ref().map(|t| t.latex.as_str()));
    axis_open(out, &g.axes, name, title, place, "");
    if let Some((a, b)) = g.zero {
        let _ = writeln!(out, "\\draw[gcaxis] {} -- {};", f.cs(a), f.cs(b));
    }
    if let Some((a, b)) = g.guide {
        let _ = writeln!(out, "\\draw[gcaxis, dashed] {} -- {};", f.cs(a), f.cs(b));
    }
    for c in &g.curve {
        let _ = writeln!(out, "\\addplot[gccurve, line width=1pt, forget plot] coordinates {{{}}};", f.coords(c));
    }
    if let Some((a, b)) = g.tangent {
        let _ = writeln!(out, "\\draw[gctangent, line width=1pt] {} -- {};", f.cs(a), f.cs(b));
    }
    paths(out, &f, &g.paths, 0);
    if let Some(p) = g.point {
        let _ = writeln!(out, "\\fill[gctangent] {} circle[radius=2pt];", f.cs(p));
    }
    for t in &g.texts {
        node(out, &f, t, "gctangent");
    }
    out.push_str("\\end{axis}\n");
}

fn surface(out: &mut String, s: &Surface, name: &str, title: Option<&str>) {
    let (x, y, z) = (s.x, s.y, s.z);
    let _ = writeln!(out, "\\begin{{axis}}[\n  name={name},\n  scale only axis,");
    let _ = writeln!(
        out,
        "  width={:.2}cm, height={:.2}cm,",
        0.8 * s.area.width / PX_PER_CM,
        0.7 * s.area.height / PX_PER_CM
    );
    let _ = writeln!(out, "  view={{{}}}{{{}}},", s.view.0, s.view.1);
    let _ = writeln!(
        out,
        "  xmin={}, xmax={}, ymin={}, ymax={}, zmin={}, zmax={},",
        n(x.lo, x.span()),
        n(x.hi, x.span()),
        n(y.lo, y.span()),
        n(y.hi, y.span()),
        n(z.lo, z.span()),
        n(z.hi, z.span())
    );
    let _ = writeln!(
        out,
        "  xlabel={{{}}}, ylabel={{{}}}, zlabel={{{}}},",
        s.names[0].latex, s.names[1].latex, s.names[2].latex
    );
    if let Some(t) = title {
        let _ = writeln!(out, "  title={{{t}}},");
    }
    // The same colours as the SVG: viridis, sampled from the one definition.
    let stops: Vec<String> = (0..=8)
        .map(|k| {
            use plotters::style::colors::colormaps::{ColorMap, ViridisRGB};
            let c = ViridisRGB.get_color(k as f32 / 8.0);
            format!("rgb255=({},{},{})", c.0, c.1, c.2)
        })
        .collect();
    let _ = writeln!(out, "  colormap={{gcviridis}}{{{}}},", stops.join(" "));
    out.push_str("  unbounded coords=jump,\n  tick label style={font=\\footnotesize}, scaled ticks=false,\n]\n");
    let _ = writeln!(out, "\\addplot3[surf, shader=faceted, faceted color=black!35, mesh/rows={}, mesh/cols={}] table[row sep=\\\\] {{\nx y z \\\\", s.ny, s.nx);
    for j in 0..s.ny {
        for i in 0..s.nx {
            let _ = writeln!(
                out,
                "{} {} {} \\\\",
                n(s.x_at(i), x.span()),
                n(s.y_at(j), y.span()),
                n(s.z_at(i, j), z.span())
            );
        }
    }
    out.push_str("};\n");
    for (k, p) in s.paths.iter().enumerate() {
        let name = format!("gcpath{k}");
        define(out, &name, p.color);
        if p.points.is_empty() {
            continue;
        }
        let pts: Vec<String> = p
            .points
            .iter()
            .map(|q| format!("({},{},{})", n(q[0], x.span()), n(q[1], y.span()), n(q[2], z.span())))
            .collect();
        let _ = writeln!(
            out,
            "\\addplot3[{name}, line width=1pt, mark=*, mark size=1.2pt] coordinates {{{}}};",
            pts.join(" ")
        );
        for (q, t) in &p.numbers {
            let _ = writeln!(
                out,
                "\\node[font=\\scriptsize, text={name}, above right] at (axis cs:{},{},{}) {{{t}}};",
                n(q[0], x.span()),
                n(q[1], y.span()),
                n(q[2], z.span())
            );
        }
    }
    if let Some(q) = s.point {
        let at = format!("(axis cs:{},{},{})", n(q[0], x.span()), n(q[1], y.span()), n(q[2], z.span()));
        let _ = writeln!(
            out,
            "\\fill[gcat] {at} circle[radius=2pt];\n\\node[font=\\scriptsize, above right] at {at} {{$P$}};"
        );
    }
    out.push_str("\\end{axis}\n");
}

fn legend(out: &mut String, scene: &Scene, below: &str) {
    if scene.legend.is_empty() {
        return;
    }
    let width = (scene.width as f64 - 60.0) / PX_PER_CM;
    let _ = writeln!(
        out,
        "\\node[anchor=north west, align=left, text width={width:.2}cm, font=\\small] at ({below}.outer south west) {{%"
    );
    let lines: Vec<String> = scene
        .legend
        .iter()
        .map(|e| {
            let mark = match e.swatch {
                Swatch::Path(c) => format!("\\textcolor[RGB]{{{},{},{}}}{{\\rule[0.5ex]{{0.7em}}{{1pt}}$\\bullet$\\rule[0.5ex]{{0.7em}}{{1pt}}}}", c.0, c.1, c.2),
                Swatch::Line(c) => format!("\\textcolor[RGB]{{{},{},{}}}{{\\rule[0.5ex]{{2em}}{{1pt}}}}", c.0, c.1, c.2),
                Swatch::Arrow(c) => format!("\\textcolor[RGB]{{{},{},{}}}{{$\\longrightarrow$}}", c.0, c.1, c.2),
                Swatch::Dot(c) => format!("\\makebox[2em]{{\\textcolor[RGB]{{{},{},{}}}{{$\\bullet$}}}}", c.0, c.1, c.2),
                Swatch::None => "\\makebox[2em]{}".to_string(),
            };
            format!("{mark}\\ {}", e.text.latex)
        })
        .collect();
    let _ = writeln!(out, "{}}};", lines.join("\\\\\n"));
}
