//! Tables of numbers: a descent's rows (gradient descent, momentum, Newton's method), with the header and every cell written ahead
//! of time in each style. `descend` prints the table itself, and its derivation shows the same
//! table; both lay it out with [`Cells::aligned`] or [`Cells::tabular`].

use crate::calculus::descent::{Method, Row};
use crate::expr::SymId;
use crate::print::values::Printers;
use crate::print::{decimal, Style};

/// A header and rows of cells in one style (LaTeX cells are math, written without `$`).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Cells {
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

/// One table in each style.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Table {
    pub text: Cells,
    pub plain: Cells,
    pub latex: Cells,
    pub typst: Cells,
}

impl Table {
    pub fn cells(&self, style: Style) -> &Cells {
        match style {
            Style::Text => &self.text,
            Style::Plain => &self.plain,
            Style::Latex => &self.latex,
            Style::Typst => &self.typst,
        }
    }
}

impl Cells {
    /// The header and the rows as lines, each cell right-aligned in its column, the columns two
    /// spaces apart.
    pub fn aligned(&self) -> Vec<String> {
        let all: Vec<&Vec<String>> = std::iter::once(&self.header).chain(&self.rows).collect();
        let widths: Vec<usize> = (0..self.header.len())
            .map(|j| all.iter().map(|r| r.get(j).map_or(0, |c| c.chars().count())).max().unwrap_or(0))
            .collect();
        all.iter()
            .map(|r| {
                r.iter()
                    .enumerate()
                    .map(|(j, c)| format!("{}{c}", " ".repeat(widths[j] - c.chars().count())))
                    .collect::<Vec<_>>()
                    .join("  ")
            })
            .collect()
    }

    /// LaTeX `tabular`s, the cells of the rows in math mode, on lines of their own, centred as
    /// a display (`center`): one table, or where it is wider than the page
    /// ([`crate::print::width::PAGE_EMS`]) its columns in groups that fit, one table under the
    /// other with room between them (`\medskip`), each group after the first column again
    /// (the row number).
    ///
    /// A tabular never breaks across pages: a table of more than `ROWS_PER_TABLE` rows is
    /// set as several, the header again on each, between which the page may break.
    pub fn tabular(&self) -> String {
        let groups = column_groups(&self.widths(Style::Latex), crate::print::width::PAGE_EMS);
        let chunks: Vec<&[Vec<String>]> =
            if self.rows.is_empty() { vec![&[]] } else { self.rows.chunks(ROWS_PER_TABLE).collect() };
        let tables = chunks
            .iter()
            .flat_map(|rows| groups.iter().map(|g| self.tabular_of(g, rows)))
            .collect::<Vec<_>>()
            .join("\n\n\\medskip\n");
        format!("\\begin{{center}}\n{tables}\n\\end{{center}}")
    }

    /// A table for LaTeX ([`Cells::tabular`]) or Typst ([`Cells::typst_table`]).
    pub fn typeset(&self, style: Style) -> String {
        match style {
            Style::Typst => self.typst_table(),
            _ => self.tabular(),
        }
    }

    /// Typst `table`s, like [`Cells::tabular`]: centred, the header as text with math in
    /// `$…$`, the cells as math, rules above and below the header and at the end, columns in
    /// groups that fit the page.
    pub fn typst_table(&self) -> String {
        // A Typst page (A4 at 11 pt) is 41 em wide: more room than LaTeX's article.
        let groups = column_groups(&self.widths(Style::Typst), crate::print::width::PAGE_EMS + 6.0);
        groups
            .iter()
            .map(|cols| {
                let pick =
                    |r: &Vec<String>| cols.iter().map(|&j| r.get(j).cloned().unwrap_or_default()).collect::<Vec<_>>();
                let mut t = format!(
                    "#align(center, table(columns: {}, align: right, stroke: none, column-gutter: 0.6em,\n  table.hline(),\n  ",
                    cols.len()
                );
                t.push_str(&pick(&self.header).iter().map(|h| format!("[{h}]")).collect::<Vec<_>>().join(", "));
                t.push_str(",\n  table.hline(),\n");
                for r in &self.rows {
                    let cells: Vec<String> = pick(r).iter().map(|c| format!("[${c}$]")).collect();
                    t.push_str(&format!("  {},\n", cells.join(", ")));
                }
                t.push_str("  table.hline(),\n))");
                t
            })
            .collect::<Vec<_>>()
            .join("\n\n")
    }

    /// Each column's width in ems: its widest cell, and the space between columns (2 ×
    /// `\tabcolsep` = 1.2 em).
    fn widths(&self, style: Style) -> Vec<f64> {
        use crate::print::width::math_width;
        let text = |h: &str| math_width(&h.replace('$', ""), style);
        (0..self.header.len())
            .map(|j| {
                let head = self.header.get(j).map_or(0.0, |h| text(h));
                let cells = self.rows.iter().filter_map(|r| r.get(j)).map(|c| math_width(c, style));
                cells.fold(head, f64::max) + 1.2
            })
            .collect()
    }

    /// One `tabular` of the columns `cols`.
    fn tabular_of(&self, cols: &[usize], rows: &[Vec<String>]) -> String {
        let pick = |r: &Vec<String>| cols.iter().map(|&j| r.get(j).cloned().unwrap_or_default()).collect::<Vec<_>>();
        let spec = "r".repeat(cols.len());
        let mut t =
            format!("\\begin{{tabular}}{{{spec}}}\n\\hline\n{} \\\\\n\\hline\n", pick(&self.header).join(" & "));
        for r in rows {
            let cells: Vec<String> = pick(r).iter().map(|c| format!("${c}$")).collect();
            t.push_str(&format!("{} \\\\\n", cells.join(" & ")));
        }
        t.push_str("\\hline\n\\end{tabular}");
        t
    }
}

/// The most rows of one LaTeX `tabular`: a page of an `article` (about 550 pt) holds this
/// many rows of 12 pt with the header, rules and the room around them.
const ROWS_PER_TABLE: usize = 36;

/// The columns 1.. in as few contiguous groups as fit `room` with column 0 before each, the
/// widest group as narrow as it can be (so that no group is left with one column); all
/// columns in one group when they fit.
fn column_groups(widths: &[f64], room: f64) -> Vec<Vec<usize>> {
    let n = widths.len();
    if n <= 1 || widths.iter().sum::<f64>() <= room {
        return vec![(0..n).collect()];
    }
    let rest = &widths[1..];
    let span = |a: usize, b: usize| widths[0] + rest[a..b].iter().sum::<f64>();
    for k in 2..=rest.len() {
        // best[i][g]: the narrowest widest group of rest[..i] in g groups, and where the last
        // group starts.
        let mut best = vec![vec![(f64::INFINITY, 0usize); k + 1]; rest.len() + 1];
        best[0][0] = (0.0, 0);
        for i in 1..=rest.len() {
            for g in 1..=k.min(i) {
                for start in (g - 1)..i {
                    let w = best[start][g - 1].0.max(span(start, i));
                    if w < best[i][g].0 {
                        best[i][g] = (w, start);
                    }
                }
            }
        }
        if best[rest.len()][k].0 <= room {
            let mut groups = Vec::new();
            let (mut i, mut g) = (rest.len(), k);
            while g > 0 {
                let start = best[i][g].1;
                groups.push(std::iter::once(0).chain(start + 1..i + 1).collect::<Vec<_>>());
                i = start;
                g -= 1;
            }
            groups.reverse();
            return groups;
        }
    }
    // Not even one column beside the first fits: one column a table.
    (1..n).map(|j| vec![0, j]).collect()
}

/// The rows of a descent: i, the point, ∂f/∂xᵢ, the velocity vᵢ (momentum), the step Δxᵢ and f,
/// each number with `digits` significant digits. A step that is undefined (Newton's method at
/// a singular Hessian) is `—` in text, `nan` in plain and CSV.
pub fn descent_table(printers: &Printers, vars: &[SymId], rows: &[Row], method: Method, digits: usize) -> Table {
    let momentum = matches!(method, Method::Momentum { .. });
    let n = vars.len();
    // Every number is formatted once; `None` is a step that is undefined.
    let numbers: Vec<Vec<Option<String>>> = rows
        .iter()
        .map(|r| {
            let mut cells = vec![Some(r.i.to_string())];
            let numbers = |v: &[f64]| v.iter().map(|&x| Some(decimal(x, digits))).collect::<Vec<_>>();
            cells.extend(numbers(&r.point));
            cells.extend(numbers(&r.gradient));
            if momentum {
                cells.extend(numbers(r.velocity.as_deref().unwrap_or(&[])));
            }
            match &r.step {
                Some(s) => cells.extend(numbers(s)),
                None => cells.extend(std::iter::repeat_n(None, n)),
            }
            cells.push(Some(decimal(r.value, digits)));
            cells
        })
        .collect();
    let body = |style: Style| -> Vec<Vec<String>> {
        let missing = match style {
            Style::Text => "—",
            Style::Plain => "nan",
            Style::Latex => "\\mbox{---}",
            Style::Typst => "#sym.dash.em",
        };
        let number = |c: &String| crate::print::styled_scientific(c, style);
        numbers
            .iter()
            .map(|r| r.iter().map(|c| c.as_ref().map_or_else(|| missing.to_string(), number)).collect())
            .collect()
    };
    let header = |style: Style| {
        let names = printers.var_names(vars, style);
        let mut header = vec!["i".to_string()];
        // How each column names a variable v: the point, ∂f/∂v, the velocity, the step.
        type Namer = fn(&str) -> String;
        let (point, partial, velocity, step): (Namer, Namer, Namer, Namer) = match style {
            Style::Latex => (
                |v| format!("${v}$"),
                |v| format!("$\\partial f/\\partial {v}$"),
                |v| format!("$v_{{{v}}}$"),
                |v| format!("$\\Delta {v}$"),
            ),
            Style::Typst => (
                |v| format!("${v}$"),
                |v| format!("$partial f \\/ partial {v}$"),
                |v| format!("$v_({v})$"),
                |v| format!("$Delta {v}$"),
            ),
            Style::Text => (|v| v.to_string(), |v| format!("∂f/∂{v}"), |v| format!("v_{v}"), |v| format!("Δ{v}")),
            Style::Plain => (|v| v.to_string(), |v| format!("df/d{v}"), |v| format!("v_{v}"), |v| format!("step_{v}")),
        };
        header.extend(names.iter().map(|v| point(v)));
        header.extend(names.iter().map(|v| partial(v)));
        if momentum {
            header.extend(names.iter().map(|v| velocity(v)));
        }
        header.extend(names.iter().map(|v| step(v)));
        header.push(if style.is_typeset() { "$f$".into() } else { "f".into() });
        header
    };
    let cells = |style| Cells { header: header(style), rows: body(style) };
    Table {
        text: cells(Style::Text),
        plain: cells(Style::Plain),
        latex: cells(Style::Latex),
        typst: cells(Style::Typst),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cells() -> Cells {
        Cells {
            header: vec!["i".into(), "x".into()],
            rows: vec![vec!["0".into(), "3".into()], vec!["1".into(), "2.4".into()]],
        }
    }

    #[test]
    fn columns_are_right_aligned() {
        assert_eq!(cells().aligned(), ["i    x", "0    3", "1  2.4"]);
    }

    #[test]
    fn tabular_on_lines() {
        assert_eq!(
            cells().tabular(),
            "\\begin{center}\n\\begin{tabular}{rr}\n\\hline\ni & x \\\\\n\\hline\n$0$ & $3$ \\\\\n$1$ & $2.4$ \\\\\n\\hline\n\\end{tabular}\n\\end{center}"
        );
    }

    #[test]
    fn a_table_longer_than_a_page_is_set_as_several_each_with_the_header() {
        let long = Cells {
            header: vec!["i".into(), "x".into()],
            rows: (0..80).map(|i| vec![i.to_string(), "1".into()]).collect(),
        };
        let t = long.tabular();
        assert_eq!(t.matches("\\begin{tabular}").count(), 3, "{t}");
        assert_eq!(t.matches("i & x").count(), 3, "{t}");
        assert!(t.contains("$35$ & $1$ \\\\\n\\hline\n\\end{tabular}"), "{t}");
        assert!(t.contains("\\hline\n$36$ & $1$"), "{t}");
        assert_eq!(t.matches("$79$").count(), 1, "{t}");
    }

    #[test]
    fn a_table_wider_than_the_page_is_split_into_groups_of_columns() {
        let wide = Cells {
            header: (0..12).map(|j| format!("$c_{{{j}}}$")).collect(),
            rows: vec![(0..12).map(|j| format!("{j}.123456789")).collect()],
        };
        let t = wide.tabular();
        let tables = t.matches("\\begin{tabular}").count();
        assert!(tables >= 2, "{t}");
        // Each group after the first starts with the first column again.
        assert_eq!(t.matches("$c_{0}$").count(), tables, "{t}");
        assert_eq!(t.matches("$c_{11}$").count(), 1, "{t}");
    }
}
