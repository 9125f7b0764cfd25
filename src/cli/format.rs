//! Pieces every command's formatter shares: bold labels in text (the only colour gradcalc
//! prints, with `--color` and `NO_COLOR`), `lhs = rhs` lines, the echo of the input, JSON
//! documents and their per-point entries, CSV tables of exact values, and the derivation of
//! `--steps` in place of the usual report.

use super::args::Format;
use super::report::Report;
use crate::error::Result;
use crate::explain::Derivation;
use crate::expr::{ExprId, SymId};
use crate::print::values::{display, Printers};
use crate::print::Style;
use colored::Colorize;
use serde_json::{json, Map, Value};

/// A label in text output, highlighted when colour is on.
pub fn label(s: &str) -> String {
    s.bold().to_string()
}

/// `lhs = rhs`: a display-math line in LaTeX, a line with a bold label in text and plain.
pub fn equation(lhs: &str, rhs: &str, style: Style) -> String {
    match style {
        Style::Latex | Style::Typst => display(&format!("{lhs} = {rhs}"), style),
        _ => format!("{} = {rhs}", label(lhs)),
    }
}

/// `f(x, y) = …`, the echo of how the input was read.
pub fn echo(printers: &Printers, f: ExprId, vars: &[SymId], style: Style) -> String {
    let sig = printers.signature("f", vars, style);
    equation(&sig, &printers.printer(style).expr(f), style)
}

/// A multi-line block after a label, its other lines indented under its first.
pub fn labelled(label_text: &str, block: &str) -> String {
    let width = label_text.chars().count();
    let mut lines = block.lines();
    let mut s = format!("{}{}", label(label_text), lines.next().unwrap_or(""));
    for l in lines {
        s.push('\n');
        s.push_str(&" ".repeat(width));
        s.push_str(l);
    }
    s
}

/// The style of expressions in a format (JSON and CSV carry plain and LaTeX).
pub fn style_of(format: Format) -> Style {
    match format {
        Format::Text => Style::Text,
        Format::Latex => Style::Latex,
        Format::Typst => Style::Typst,
        _ => Style::Plain,
    }
}

/// The report of a command: with `--steps`, the derivation is the whole report in text,
/// plain and LaTeX (JSON keeps its usual keys and adds `steps`); otherwise `formatted` writes
/// it, given the style of expressions in the format.
pub fn report(
    derivation: Option<&Derivation>,
    printers: &Printers,
    format: Format,
    formatted: impl FnOnce(Style) -> Result<String>,
) -> Result<Report> {
    let text = match (derivation, format) {
        (Some(d), Format::Text | Format::Plain | Format::Latex | Format::Typst) => {
            d.render(printers, style_of(format), label)
        }
        _ => formatted(style_of(format))?,
    };
    Ok(Report::text(text))
}

/// A command's JSON document: `command`, `vars`, then the command's keys in order, then
/// `steps` with `--steps`.
pub fn json_document(
    command: &str,
    printers: &Printers,
    vars: &[SymId],
    keys: Vec<(&str, Value)>,
    derivation: Option<&Derivation>,
) -> String {
    let mut m = Map::new();
    m.insert("command".into(), json!(command));
    m.insert("vars".into(), json!(printers.var_names(vars, Style::Plain)));
    for (k, v) in keys {
        m.insert(k.into(), v);
    }
    if let Some(d) = derivation {
        m.insert("steps".into(), d.json(printers));
    }
    Value::Object(m).to_string()
}

/// A per-point entry (`at`, `value`, …): one point → the entry itself; several → an array.
pub fn per_point(items: Vec<Value>) -> Value {
    if items.len() == 1 {
        items.into_iter().next().unwrap_or(Value::Null)
    } else {
        Value::Array(items)
    }
}

/// The `at` key: the points' coordinates as JSON value objects.
pub fn at_key(printers: &Printers, points: &[Vec<ExprId>]) -> (&'static str, Value) {
    ("at", per_point(points.iter().map(|c| at_json(printers, c)).collect()))
}

/// The coordinates of a point as JSON value objects.
pub fn at_json(printers: &Printers, coords: &[ExprId]) -> Value {
    Value::Array(coords.iter().map(|&c| printers.value_json(c)).collect())
}

/// A CSV table: the coordinates, then one column per result, one row per point, as decimals.
pub fn csv_table(
    printers: &Printers,
    vars: &[SymId],
    points: &[Vec<ExprId>],
    cols: &[(String, Vec<ExprId>)],
) -> String {
    let mut s = printers.var_names(vars, Style::Plain).join(",");
    for (name, _) in cols {
        s.push(',');
        s.push_str(name);
    }
    for (i, p) in points.iter().enumerate() {
        s.push('\n');
        let cells: Vec<String> =
            p.iter().map(|&c| printers.decimal(c)).chain(cols.iter().map(|(_, vs)| printers.decimal(vs[i]))).collect();
        s.push_str(&cells.join(","));
    }
    s
}
