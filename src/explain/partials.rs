//! The derivative engine's record of one partial derivative ([`crate::calculus::Trace`]) laid
//! out as lines, one per rule the engine applied, with the rule's formula in the note.

use super::document::{Derivation, StepRule};
use super::math::{Math, Prose};
use crate::calculus::{Rule, Step, Trace};
use crate::expr::{Callee, ExprId, Func, Node, Pool, SymId};
use crate::print::values::Printers;
use crate::print::{Printer, Style};
use rustc_hash::FxHashSet;

/// Turns the engine's trace into lines: for ∂f/∂x, each node that contains x, children
/// first (in printed order), so every line uses only results already shown; a node met a
/// second time (the engine's memo hit) is referred to, not derived again.
pub struct PartialSteps<'a> {
    pool: &'a Pool,
    trace: &'a Trace,
    printer: Printer<'a>,
    seen: FxHashSet<(ExprId, SymId)>,
}

impl<'a> PartialSteps<'a> {
    pub fn new(pool: &'a Pool, trace: &'a Trace) -> PartialSteps<'a> {
        PartialSteps { pool, trace, printer: Printer::new(pool, Style::Text), seen: FxHashSet::default() }
    }

    /// ∂id/∂var as the engine computed it.
    pub fn result(&self, id: ExprId, var: SymId) -> ExprId {
        self.trace.derivative(self.pool, id, var).unwrap_or(self.pool.zero())
    }

    /// The steps of ∂`id`/∂`var` under `heading`, to which what is held constant is added.
    pub fn partial(&mut self, d: &mut Derivation, id: ExprId, var: SymId, heading: Prose) {
        let held: Vec<SymId> = self.pool.free_vars(id).iter().copied().filter(|&s| s != var).collect();
        let heading = if held.is_empty() {
            heading.words(":")
        } else {
            heading.words(", holding ").append(names(&held)).words(" constant:")
        };
        d.heading(heading);
        if !self.pool.depends_on(id, var) {
            d.line(
                Math::Derivative(var, Box::new(Math::Expr(id))),
                vec![Math::Expr(self.pool.zero())],
                StepRule::Constant,
                Prose::text("").math(Math::Expr(id)).words(" does not contain ").math(Math::Var(var)),
            );
            return;
        }
        let root_is_var = matches!(self.trace.step(id, var).map(|s| &s.rule), Some(Rule::Variable));
        if root_is_var {
            d.line(
                Math::Derivative(var, Box::new(Math::Expr(id))),
                vec![Math::Expr(self.pool.one())],
                StepRule::Variable,
                Prose::text("by definition"),
            );
            return;
        }
        self.visit(d, id, var);
    }

    fn visit(&mut self, d: &mut Derivation, id: ExprId, var: SymId) {
        if !self.pool.depends_on(id, var) {
            return;
        }
        let Some(step) = self.trace.step(id, var) else { return };
        if step.rule == Rule::Variable {
            return;
        }
        if !self.seen.insert((id, var)) {
            d.line(
                Math::Derivative(var, Box::new(Math::Expr(id))),
                vec![Math::Expr(step.result)],
                StepRule::AsAbove,
                Prose::text("as above"),
            );
            return;
        }
        for c in self.children(step) {
            self.visit(d, c, var);
        }
        let (shown, rule, note) = self.show(step);
        let same = {
            let printers = Printers::new(self.pool, 10);
            shown.render(&printers, Style::Plain) == printers.plain.expr(step.result)
        };
        d.line(Math::Derivative(var, Box::new(Math::Expr(id))), vec![shown], rule, note);
        if !same {
            d.continued(Math::Expr(step.result), StepRule::Simplify, Prose::text("simplify"));
        }
    }

    /// The nodes whose derivatives this step used, in printed order.
    fn children(&self, step: &Step) -> Vec<ExprId> {
        match &step.rule {
            Rule::Variable => vec![],
            Rule::Sum { parts } => self.printer.terms_in_order(&parts.iter().map(|p| p.0).collect::<Vec<_>>()),
            Rule::Product { parts, .. } => {
                self.printer.factors_in_order(&parts.iter().map(|p| p.0).collect::<Vec<_>>())
            }
            Rule::Quotient { numerator, denominator, .. } => vec![*numerator, *denominator],
            Rule::Power { base, .. } => vec![*base],
            Rule::Exponential { exp, .. } => vec![*exp],
            Rule::GeneralPower { base, exp, .. } => vec![*base, *exp],
            Rule::Chain { arg, .. } => vec![*arg],
            Rule::Call { args, parts, .. } => parts.iter().map(|&(i, ..)| args[i]).collect(),
            Rule::ZeroPower { .. } => vec![],
        }
    }

    fn is_var(&self, id: ExprId, var: SymId) -> bool {
        matches!(self.pool.node(id), Node::Sym(s) if *s == var)
    }

    /// The rule's result as the rule writes it, its name and its note.
    fn show(&self, step: &Step) -> (Math, StepRule, Prose) {
        let pool = self.pool;
        let var = step.var;
        let x = Math::Var(var);
        match &step.rule {
            Rule::Variable => (Math::Expr(pool.one()), StepRule::Variable, Prose::text("by definition")),
            Rule::Sum { parts } => {
                let order = self.printer.terms_in_order(&parts.iter().map(|p| p.0).collect::<Vec<_>>());
                let ds: Vec<Math> = order
                    .iter()
                    .map(|t| Math::Expr(parts.iter().find(|p| p.0 == *t).map_or(pool.zero(), |p| p.1)))
                    .collect();
                let constants = parts.iter().any(|p| !pool.depends_on(p.0, var));
                let note = if constants {
                    Prose::text("sum rule; terms without ").math(x).words(" give 0")
                } else {
                    Prose::text("sum rule")
                };
                (Math::Sum(ds), StepRule::Sum, note)
            }
            Rule::Product { constant, parts } => self.show_product(step, *constant, parts),
            Rule::Quotient { constant, numerator, denominator, dnumerator, ddenominator, squared } => {
                let (u, v, du, dv) = (*numerator, *denominator, *dnumerator, *ddenominator);
                let numerator = Math::Sum(vec![self.times(du, v), Math::Negative(Box::new(self.times(u, dv)))]);
                let quotient = Math::Fraction(Box::new(numerator), Box::new(Math::Expr(*squared)));
                let mut note = Prose::text("quotient rule: ")
                    .math(Math::literal(
                        "(u/v)′ = (u′v − uv′)/v²",
                        "(u/v)' = (u'*v - u*v')/v^2",
                        "\\left(\\frac{u}{v}\\right)' = \\frac{u'v - uv'}{v^{2}}",
                    ))
                    .words(", ")
                    .math(equation("u", Math::Expr(u)))
                    .words(", ")
                    .math(equation("v", Math::Expr(v)));
                if pool.is_one(*constant) {
                    return (quotient, StepRule::Quotient, note);
                }
                note = note.words("; constant multiple").append(held_note(pool, *constant));
                (Math::Product(vec![Math::Expr(*constant), quotient]), StepRule::Quotient, note)
            }
            Rule::Power { base, exp, scaled, dbase } => {
                let special = match pool.as_num(*exp) {
                    Some(r) if *r == crate::expr::number::frac(1, 2) => {
                        Some(Prose::text(" (a square root is the power 1/2)"))
                    }
                    Some(r) if *r == crate::expr::number::int(-1) => {
                        Some(Prose::text(" (a reciprocal is the power -1)"))
                    }
                    _ => None,
                };
                let n = Prose::text(", ").math(equation("n", Math::Expr(*exp)));
                if self.is_var(*base, var) {
                    let note = Prose::text("power rule: ").math(formula_power(pool, var)).append(n);
                    (Math::Expr(*scaled), StepRule::Power, note.append(special.unwrap_or_default()))
                } else {
                    let note = Prose::text("power rule with the chain rule: ")
                        .math(formula_power_chain(pool, var))
                        .append(n)
                        .words(", ")
                        .math(equation("u", Math::Expr(*base)));
                    (
                        Math::Product(vec![Math::Expr(*scaled), Math::Expr(*dbase)]),
                        StepRule::Power,
                        note.append(special.unwrap_or_default()),
                    )
                }
            }
            Rule::Exponential { base, exp, ln_base, dexp } => {
                let e_base = matches!(pool.node(*base), Node::E);
                let mut pieces = vec![Math::Expr(step.id)];
                if !e_base {
                    pieces.push(Math::Expr(*ln_base));
                }
                let inner = !self.is_var(*exp, var);
                if inner {
                    pieces.push(Math::Expr(*dexp));
                }
                let formula = formula_exp(pool, var, e_base, inner);
                let mut note = Prose::text("exponential rule: ").math(formula);
                if inner {
                    note = note.words(", ").math(equation("u", Math::Expr(*exp)));
                }
                let shown = if pieces.len() == 1 { pieces.remove(0) } else { Math::Product(pieces) };
                (shown, StepRule::Exponential, note)
            }
            Rule::GeneralPower { base, exp, ln_base, dbase, dexp } => {
                let first = Math::Product(vec![Math::Expr(*dexp), Math::Expr(*ln_base)]);
                let second = Math::Fraction(
                    Box::new(Math::Product(vec![Math::Expr(*exp), Math::Expr(*dbase)])),
                    Box::new(Math::Expr(*base)),
                );
                let shown = Math::Product(vec![Math::Expr(step.id), Math::Sum(vec![first, second])]);
                let note = Prose::text("general power rule: ").math(Math::literal(
                    "(uᵛ)′ = uᵛ·(v′·ln u + v·u′/u)",
                    "(u^v)' = u^v*(v'*ln(u) + v*u'/u)",
                    "(u^{v})' = u^{v} \\left(v' \\ln u + \\frac{v u'}{u}\\right)",
                ));
                (shown, StepRule::GeneralPower, note)
            }
            Rule::ZeroPower { base, .. } => {
                let note = Prose::text("a power of ")
                    .math(Math::Expr(*base))
                    .words(" is 0 wherever it is defined (the exponent positive), so its derivative is 0");
                (Math::Expr(pool.zero()), StepRule::ZeroPower, note)
            }
            Rule::Chain { func, arg, outer, darg } => {
                let kind = func_rule(*func);
                if self.is_var(*arg, var) {
                    let note = Prose::text("").math(formula_func(pool, *func, var, false));
                    let note = match func {
                        Func::Abs => note.words(" (not defined at 0)"),
                        Func::Sign => note.words(" (not defined at 0, where it jumps)"),
                        Func::Floor | Func::Ceil => note.words(" (not defined where the argument is an integer)"),
                        _ => note,
                    };
                    (Math::Expr(*outer), kind, note)
                } else {
                    let note = Prose::text("chain rule: ")
                        .math(formula_func(pool, *func, var, true))
                        .words(", ")
                        .math(equation("u", Math::Expr(*arg)));
                    (Math::Product(vec![Math::Expr(*outer), Math::Expr(*darg)]), StepRule::Chain, note)
                }
            }
            Rule::Call { callee, args, parts } => self.show_call(step, callee, args, parts),
        }
    }

    /// max, min, atan2 and unknown functions: Σᵢ ∂ᵢF(args)·∂uᵢ, with the rule's formula.
    fn show_call(
        &self,
        step: &Step,
        callee: &Callee,
        args: &[ExprId],
        parts: &[(usize, ExprId, ExprId)],
    ) -> (Math, StepRule, Prose) {
        let pool = self.pool;
        let var = step.var;
        let terms: Vec<Math> = parts
            .iter()
            .filter(|&&(_, _, du)| !pool.is_zero(du))
            .map(|&(_, outer, du)| {
                if pool.is_one(du) {
                    Math::Expr(outer)
                } else {
                    Math::Product(vec![Math::Expr(outer), Math::Expr(du)])
                }
            })
            .collect();
        let shown = match terms.len() {
            0 => Math::Expr(pool.zero()),
            1 => terms.into_iter().next().unwrap_or(Math::Expr(pool.zero())),
            _ => Math::Sum(terms),
        };
        let [t, p, l] = var_in_each_style(pool, var);
        // The arguments that are not the variable itself are named u, v (or u₁, u₂, …).
        let names = argument_names(args.len());
        let mut note = match callee {
            // In primes (u′ = ∂u/∂x), as the general power rule writes its own, and by cases:
            // the note must fit beside the line in a LaTeX document.
            Callee::Max | Callee::Min => {
                let (name, gt) = if *callee == Callee::Max { ("max", ">") } else { ("min", "<") };
                let m = |text: String, plain: String, latex: String| Math::literal(text, plain, latex);
                // (Where u = v there is no derivative: a value there is refused, see calculus::kinks.)
                Prose::text(format!("{name} rule: the derivative of "))
                    .math(m(format!("{name}(u, v)"), format!("{name}(u, v)"), format!("\\{name}(u, v)")))
                    .words(" is ")
                    .math(m("u′".into(), "u'".into(), "u'".into()))
                    .words(" where ")
                    .math(m(format!("u {gt} v"), format!("u {gt} v"), format!("u {gt} v")))
                    .words(", ")
                    .math(m("v′".into(), "v'".into(), "v'".into()))
                    .words(" where ")
                    .math(m(format!("v {gt} u"), format!("v {gt} u"), format!("v {gt} u")))
            }
            Callee::Atan2 => Prose::text("atan2 rule: ").math(Math::literal(
                "atan2(u, v)′ = (v·u′ - u·v′)/(u² + v²)",
                "atan2(u, v)' = (v*u' - u*v')/(u^2 + v^2)",
                "\\operatorname{atan2}(u, v)' = \\frac{v u' - u v'}{u^{2} + v^{2}}",
            )),
            Callee::Unknown { name, .. } => {
                let f = pool.function_name(*name);
                let [ft, fp, fl] = function_name_in_each_style(f);
                if args.len() == 1 {
                    Prose::text("chain rule: ").math(Math::literal(
                        format!("∂/∂{t} {ft}(u) = {ft}'(u)·∂u/∂{t}"),
                        format!("d/d{p} {fp}(u) = {fp}'(u)*du/d{p}"),
                        format!("\\frac{{\\partial}}{{\\partial {l}}} {fl}(u) = {fl}'(u) \\frac{{\\partial u}}{{\\partial {l}}}"),
                    ))
                } else {
                    let list = |sep: &str| names.join(sep);
                    let text_terms: Vec<String> = (0..args.len())
                        .map(|i| format!("∂{}{ft}({})·∂{}/∂{t}", subscript(i + 1), list(", "), names[i]))
                        .collect();
                    let plain_terms: Vec<String> = (0..args.len())
                        .map(|i| format!("D[{}]({fp})({})*d{}/d{p}", i + 1, list(", "), names[i]))
                        .collect();
                    let latex_terms: Vec<String> = (0..args.len())
                        .map(|i| {
                            format!(
                                "\\partial_{{{}}} {fl}({}) \\frac{{\\partial {}}}{{\\partial {l}}}",
                                i + 1,
                                list(", "),
                                names[i]
                            )
                        })
                        .collect();
                    Prose::text("chain rule: ").math(Math::literal(
                        format!("∂/∂{t} {ft}({}) = {}", list(", "), text_terms.join(" + ")),
                        format!("d/d{p} {fp}({}) = {}", list(", "), plain_terms.join(" + ")),
                        format!(
                            "\\frac{{\\partial}}{{\\partial {l}}} {fl}({}) = {}",
                            list(", "),
                            latex_terms.join(" + ")
                        ),
                    ))
                }
            }
        };
        let rule = match callee {
            Callee::Max | Callee::Min => StepRule::MaxMin,
            Callee::Atan2 => StepRule::Atan2,
            Callee::Unknown { .. } => StepRule::Chain,
        };
        for (i, &u) in args.iter().enumerate() {
            if pool.depends_on(u, var) {
                note = note.words(", ").math(equation(&names[i], Math::Expr(u)));
            }
        }
        (shown, rule, note)
    }

    /// a·b as the quotient rule writes its terms: a factor 1 left out, a number first.
    fn times(&self, a: ExprId, b: ExprId) -> Math {
        let pool = self.pool;
        match (pool.is_one(a), pool.is_one(b)) {
            (true, _) => Math::Expr(b),
            (_, true) => Math::Expr(a),
            _ if pool.as_num(b).is_some() => Math::Product(vec![Math::Expr(b), Math::Expr(a)]),
            _ => Math::Product(vec![Math::Expr(a), Math::Expr(b)]),
        }
    }

    fn show_product(&self, step: &Step, constant: ExprId, parts: &[(ExprId, ExprId)]) -> (Math, StepRule, Prose) {
        let pool = self.pool;
        let var = step.var;
        let held_note = held_note(pool, constant);
        if let [(f, df)] = parts {
            let note = Prose::text("constant multiple").append(held_note);
            if self.is_var(*f, var) {
                return (Math::Expr(constant), StepRule::ConstantMultiple, note);
            }
            return (Math::Product(vec![Math::Expr(constant), Math::Expr(*df)]), StepRule::ConstantMultiple, note);
        }
        let order = self.printer.factors_in_order(&parts.iter().map(|p| p.0).collect::<Vec<_>>());
        let mut terms = Vec::new();
        for &i in &order {
            let di = parts.iter().find(|p| p.0 == i).map_or(pool.zero(), |p| p.1);
            if pool.is_zero(di) {
                continue;
            }
            let mut factors: Vec<Math> = Vec::new();
            for &j in &order {
                if j != i {
                    factors.push(Math::Expr(j));
                } else if !pool.is_one(di) {
                    factors.push(Math::Expr(di));
                }
            }
            // The derivative first when it is a number, as one writes 2·x rather than x·2.
            if pool.as_num(di).is_some() && factors.len() > 1 {
                let pos = factors.iter().position(|f| matches!(f, Math::Expr(e) if *e == di)).unwrap_or(0);
                let n = factors.remove(pos);
                factors.insert(0, n);
            }
            terms.push(match factors.len() {
                0 => Math::Expr(pool.one()),
                1 => factors.remove(0),
                _ => Math::Product(factors),
            });
        }
        let sum = if terms.is_empty() { Math::Expr(pool.zero()) } else { Math::Sum(terms) };
        // (A product whose only factors with the variable are reciprocals, 1/(x(x + 1)): the
        // engine's product rule; a quotient with a numerator is its quotient rule.)
        let (rule, mut note) = (
            StepRule::Product,
            Prose::text("product rule: ").math(Math::literal(
                "(uv)′ = u′v + uv′",
                "(u*v)' = u'*v + u*v'",
                "(uv)' = u'v + uv'",
            )),
        );
        if pool.is_one(constant) {
            return (sum, rule, note);
        }
        note = note.words("; constant multiple").append(held_note);
        (Math::Product(vec![Math::Expr(constant), sum]), rule, note)
    }
}

/// `: y is held constant` for the variables a constant factor holds (nothing without any).
fn held_note(pool: &Pool, constant: ExprId) -> Prose {
    let held: Vec<SymId> = pool.free_vars(constant).to_vec();
    if held.is_empty() {
        return Prose::default();
    }
    let verb = if held.len() == 1 { " is" } else { " are" };
    Prose::text(": ").append(names(&held)).words(verb).words(" held constant")
}

/// `y`, `y and z`, `x, y and z`, as math.
fn names(vs: &[SymId]) -> Prose {
    let mut r = Prose::default();
    for (i, &v) in vs.iter().enumerate() {
        if i > 0 {
            r = r.words(if i + 1 == vs.len() { " and " } else { ", " });
        }
        r = r.math(Math::Var(v));
    }
    r
}

fn func_rule(f: Func) -> StepRule {
    match f {
        Func::Sin | Func::Cos | Func::Tan | Func::Cot | Func::Sec | Func::Csc => StepRule::Trig,
        Func::Asin | Func::Acos | Func::Atan => StepRule::InverseTrig,
        Func::Sinh | Func::Cosh | Func::Tanh => StepRule::Hyperbolic,
        Func::Asinh | Func::Acosh | Func::Atanh => StepRule::InverseHyperbolic,
        Func::Ln => StepRule::Ln,
        Func::Abs => StepRule::Abs,
        Func::Sign => StepRule::Sign,
        Func::Sigmoid => StepRule::Sigmoid,
        Func::Softplus => StepRule::Softplus,
        Func::Erf => StepRule::Erf,
        Func::Floor | Func::Ceil => StepRule::FloorCeil,
    }
}

/// The names the rule of a function of `n` arguments gives them: u, v, w, then u₁, u₂, ….
fn argument_names(n: usize) -> Vec<String> {
    match n {
        1 => vec!["u".into()],
        2 => vec!["u".into(), "v".into()],
        3 => vec!["u".into(), "v".into(), "w".into()],
        _ => (1..=n).map(|i| format!("u{}", subscript(i))).collect(),
    }
}

/// `12` → `₁₂`.
fn subscript(n: usize) -> String {
    n.to_string().chars().map(crate::print::subscript_digit).collect()
}

/// An unknown function's name in text, plain and LaTeX (`σ`, `sigma`, `\sigma`).
fn function_name_in_each_style(name: &str) -> [String; 3] {
    let text = crate::expr::greek_symbol(name).unwrap_or(name).to_string();
    let latex = if crate::expr::greek_symbol(name).is_some() { format!("\\{name}") } else { name.to_string() };
    [text, name.to_string(), latex]
}

/// `name = value` as one piece of math.
fn equation(name: &str, value: Math) -> Math {
    Math::Row(vec![Math::literal(format!("{name} = "), format!("{name} = "), format!("{name} = ")), value])
}

/// A variable's name in text, plain and LaTeX.
fn var_in_each_style(pool: &Pool, v: SymId) -> [String; 3] {
    [Style::Text, Style::Plain, Style::Latex].map(|st| Printer::new(pool, st).var(v))
}

/// `∂/∂x xⁿ = n·xⁿ⁻¹`
fn formula_power(pool: &Pool, v: SymId) -> Math {
    let [t, p, l] = var_in_each_style(pool, v);
    Math::literal(
        format!("∂/∂{t} {t}ⁿ = n·{t}ⁿ⁻¹"),
        format!("d/d{p} {p}^n = n*{p}^(n-1)"),
        format!("\\frac{{\\partial}}{{\\partial {l}}} {l}^{{n}} = n {l}^{{n-1}}"),
    )
}

/// `∂/∂x uⁿ = n·uⁿ⁻¹·∂u/∂x`
fn formula_power_chain(pool: &Pool, v: SymId) -> Math {
    let [t, p, l] = var_in_each_style(pool, v);
    Math::literal(
        format!("∂/∂{t} uⁿ = n·uⁿ⁻¹·∂u/∂{t}"),
        format!("d/d{p} u^n = n*u^(n-1)*du/d{p}"),
        format!("\\frac{{\\partial}}{{\\partial {l}}} u^{{n}} = n u^{{n-1}} \\frac{{\\partial u}}{{\\partial {l}}}"),
    )
}

/// `∂/∂x eᵘ = eᵘ·∂u/∂x` and its relatives.
fn formula_exp(pool: &Pool, v: SymId, e_base: bool, inner: bool) -> Math {
    let [t, p, l] = var_in_each_style(pool, v);
    let (ut, up, ul) =
        if inner { ("u".to_string(), "u".to_string(), "u".to_string()) } else { (t.clone(), p.clone(), l.clone()) };
    let (bt, bp, bl) = if e_base { ("e", "exp(1)", "e") } else { ("b", "b", "b") };
    let mut text = format!("∂/∂{t} {bt}^{ut} = {bt}^{ut}");
    let mut plain = format!("d/d{p} {bp}^{up} = {bp}^{up}");
    let mut latex = format!("\\frac{{\\partial}}{{\\partial {l}}} {bl}^{{{ul}}} = {bl}^{{{ul}}}");
    if !e_base {
        text.push_str("·ln b");
        plain.push_str("*ln(b)");
        latex.push_str(" \\ln b");
    }
    if inner {
        text.push_str(&format!("·∂u/∂{t}"));
        plain.push_str(&format!("*du/d{p}"));
        latex.push_str(&format!(" \\frac{{\\partial u}}{{\\partial {l}}}"));
    }
    Math::literal(text, plain, latex)
}

/// (f u, f′(u)) in text, plain and LaTeX, with `{u}` where the argument goes.
fn func_forms(f: Func) -> [(&'static str, &'static str); 3] {
    match f {
        Func::Sin => [("sin {u}", "cos {u}"), ("sin({u})", "cos({u})"), ("\\sin {u}", "\\cos {u}")],
        Func::Cos => [("cos {u}", "-sin {u}"), ("cos({u})", "-sin({u})"), ("\\cos {u}", "-\\sin {u}")],
        Func::Tan => [("tan {u}", "sec² {u}"), ("tan({u})", "sec({u})^2"), ("\\tan {u}", "\\sec^{2} {u}")],
        Func::Cot => [("cot {u}", "-csc² {u}"), ("cot({u})", "-csc({u})^2"), ("\\cot {u}", "-\\csc^{2} {u}")],
        Func::Sec => {
            [("sec {u}", "sec {u} tan {u}"), ("sec({u})", "sec({u})*tan({u})"), ("\\sec {u}", "\\sec {u} \\tan {u}")]
        }
        Func::Csc => {
            [("csc {u}", "-csc {u} cot {u}"), ("csc({u})", "-csc({u})*cot({u})"), ("\\csc {u}", "-\\csc {u} \\cot {u}")]
        }
        Func::Asin => [
            ("asin {u}", "1/√(1 - {u}²)"),
            ("asin({u})", "1/sqrt(1 - {u}^2)"),
            ("\\arcsin {u}", "\\frac{1}{\\sqrt{1 - {u}^{2}}}"),
        ],
        Func::Acos => [
            ("acos {u}", "-1/√(1 - {u}²)"),
            ("acos({u})", "-1/sqrt(1 - {u}^2)"),
            ("\\arccos {u}", "-\\frac{1}{\\sqrt{1 - {u}^{2}}}"),
        ],
        Func::Atan => {
            [("atan {u}", "1/(1 + {u}²)"), ("atan({u})", "1/(1 + {u}^2)"), ("\\arctan {u}", "\\frac{1}{1 + {u}^{2}}")]
        }
        Func::Sinh => [("sinh {u}", "cosh {u}"), ("sinh({u})", "cosh({u})"), ("\\sinh {u}", "\\cosh {u}")],
        Func::Cosh => [("cosh {u}", "sinh {u}"), ("cosh({u})", "sinh({u})"), ("\\cosh {u}", "\\sinh {u}")],
        Func::Tanh => {
            [("tanh {u}", "1 - tanh² {u}"), ("tanh({u})", "1 - tanh({u})^2"), ("\\tanh {u}", "1 - \\tanh^{2} {u}")]
        }
        Func::Asinh => [
            ("asinh {u}", "1/√({u}² + 1)"),
            ("asinh({u})", "1/sqrt({u}^2 + 1)"),
            ("\\operatorname{arsinh} {u}", "\\frac{1}{\\sqrt{{u}^{2} + 1}}"),
        ],
        Func::Acosh => [
            ("acosh {u}", "1/√({u}² - 1)"),
            ("acosh({u})", "1/sqrt({u}^2 - 1)"),
            ("\\operatorname{arcosh} {u}", "\\frac{1}{\\sqrt{{u}^{2} - 1}}"),
        ],
        Func::Atanh => [
            ("atanh {u}", "1/(1 - {u}²)"),
            ("atanh({u})", "1/(1 - {u}^2)"),
            ("\\operatorname{artanh} {u}", "\\frac{1}{1 - {u}^{2}}"),
        ],
        Func::Ln => [("ln {u}", "1/{u}"), ("ln({u})", "1/{u}"), ("\\ln {u}", "\\frac{1}{{u}}")],
        Func::Abs => {
            [("|{u}|", "sign({u})"), ("abs({u})", "sign({u})"), ("\\lvert {u}\\rvert", "\\operatorname{sign}({u})")]
        }
        Func::Sign => [("sign({u})", "0"), ("sign({u})", "0"), ("\\operatorname{sign}({u})", "0")],
        Func::Floor => [("⌊{u}⌋", "0"), ("floor({u})", "0"), ("\\lfloor {u} \\rfloor", "0")],
        Func::Ceil => [("⌈{u}⌉", "0"), ("ceiling({u})", "0"), ("\\lceil {u} \\rceil", "0")],
        Func::Sigmoid => [
            ("sigmoid({u})", "sigmoid({u})·(1 - sigmoid({u}))"),
            ("sigmoid({u})", "sigmoid({u})*(1 - sigmoid({u}))"),
            ("\\sigma({u})", "\\sigma({u}) (1 - \\sigma({u}))"),
        ],
        Func::Softplus => [
            ("softplus({u})", "sigmoid({u})"),
            ("softplus({u})", "sigmoid({u})"),
            ("\\operatorname{softplus}({u})", "\\sigma({u})"),
        ],
        Func::Erf => [
            ("erf({u})", "2e^(-{u}²)/√π"),
            ("erf({u})", "2*exp(-{u}^2)/sqrt(pi)"),
            ("\\operatorname{erf}({u})", "\\frac{2 e^{-{u}^{2}}}{\\sqrt{\\pi}}"),
        ],
    }
}

/// `∂/∂x sin u = cos u·∂u/∂x` (`inner`), or `∂/∂x sin x = cos x`.
fn formula_func(pool: &Pool, f: Func, v: SymId, inner: bool) -> Math {
    let [t, p, l] = var_in_each_style(pool, v);
    let [ft, fp, fl] = func_forms(f);
    let arg = |name: &str| if inner { "u".to_string() } else { name.to_string() };
    let text = format!("∂/∂{t} {} = {}", ft.0.replace("{u}", &arg(&t)), ft.1.replace("{u}", &arg(&t)));
    let plain = format!("d/d{p} {} = {}", fp.0.replace("{u}", &arg(&p)), fp.1.replace("{u}", &arg(&p)));
    let latex = format!(
        "\\frac{{\\partial}}{{\\partial {l}}} {} = {}",
        fl.0.replace("{u}", &arg(&l)),
        fl.1.replace("{u}", &arg(&l))
    );
    if !inner {
        return Math::literal(text, plain, latex);
    }
    // f′(u) times ∂u/∂x: a quotient or a difference needs parentheses first.
    let wrap = |whole: &str, parens: &dyn Fn(&str) -> String, needs: &dyn Fn(&str) -> bool| -> String {
        let (lhs, rhs) = whole.split_once(" = ").unwrap_or((whole, ""));
        if needs(rhs) {
            format!("{lhs} = {}", parens(rhs))
        } else {
            whole.to_string()
        }
    };
    let plain_needs = |r: &str| r.contains('/') || r.contains(" - ");
    let latex_needs = |r: &str| r.contains(" - ");
    let parens = |r: &str| format!("({r})");
    Math::literal(
        format!("{}·∂u/∂{t}", wrap(&text, &parens, &plain_needs)),
        format!("{}*du/d{p}", wrap(&plain, &parens, &plain_needs)),
        format!(
            "{} \\cdot \\frac{{\\partial u}}{{\\partial {l}}}",
            wrap(&latex, &crate::print::latex_parens, &latex_needs)
        ),
    )
}
