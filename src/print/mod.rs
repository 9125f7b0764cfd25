//! Expressions as text: `text` (Unicode, `2xy + 1/(x + y²)`), `plain` (ASCII that parses
//! back, `2*x*y + 1/(x + y^2)`), `latex` (`2 x y + \frac{1}{x + y^{2}}`). Values with their
//! decimals, vectors, matrices and the JSON objects are built from these in [`values`].
//!
//! One core decides what every back end shares: the order of terms (by powers of x, then
//! y, then z, numbers last), the order of factors, where
//! subtraction and division are restored and which parentheses are needed. The back ends
//! differ only in how a leaf, a product, a power or a call is spelled. Output is written
//! straight into one buffer, so printing is linear in the size of the output.

pub mod document;
mod order;
pub mod values;
pub mod width;

use crate::expr::{natural_cmp, number, Callee, ExprId, Func, Node, Pool, Rational, SymId};
use num_bigint::BigInt;
use num_traits::{One, Signed};
use order::TermOrder;
use rustc_hash::FxHashMap;
use std::fmt::Write as _;

/// Printed forms shorter than this are printed again rather than remembered.
const MEMO_MIN_LEN: usize = 24;

/// The output buffer of one printing session, and where in it each subexpression printed
/// so far stands: a subexpression met again (the DAG printed as a tree repeats shared
/// nodes, often thousands of times in a derivative) is copied from there instead of
/// being ordered and printed again. Offsets are only meaningful within this one buffer.
struct Buf<'o> {
    s: &'o mut String,
    memo: FxHashMap<ExprId, (usize, usize)>,
    /// The ids in `memo` in the order they were recorded, so that an insertion can shift
    /// the ranges that lie after it (they are always a suffix of this log).
    log: Vec<ExprId>,
    /// How many exponents deep the writing is: LaTeX writes fractions there with a slash
    /// (`x^{3/2}`, `e^{-x^{2}/2}`), so what is remembered outside an exponent does not apply.
    script: u32,
}

impl<'o> Buf<'o> {
    fn new(s: &'o mut String) -> Buf<'o> {
        Buf { s, memo: FxHashMap::default(), log: Vec::new(), script: 0 }
    }

    fn len(&self) -> usize {
        self.s.len()
    }

    fn push(&mut self, c: char) {
        self.s.push(c);
    }

    fn push_str(&mut self, t: &str) {
        self.s.push_str(t);
    }

    /// Inserts `t` at byte `pos`; `mark` is the log length when `pos` was reached.
    fn insert_str(&mut self, pos: usize, t: &str, mark: usize) {
        self.s.insert_str(pos, t);
        let n = t.len();
        for id in &self.log[mark..] {
            if let Some(r) = self.memo.get_mut(id) {
                r.0 += n;
                r.1 += n;
            }
        }
    }
}

impl std::fmt::Write for Buf<'_> {
    fn write_str(&mut self, t: &str) -> std::fmt::Result {
        self.s.push_str(t);
        Ok(())
    }
}

/// A printing session over one buffer: shared subexpressions of everything written in it
/// (all the entries of a gradient, say) are printed once and copied after that.
pub struct Session<'p, 'o> {
    printer: &'p Printer<'p>,
    buf: Buf<'o>,
}

impl Session<'_, '_> {
    pub fn write(&mut self, id: ExprId) {
        self.printer.write_buf(id, &mut self.buf);
    }

    pub fn push_str(&mut self, t: &str) {
        self.buf.push_str(t);
    }
}

/// An output format for expressions.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Style {
    Text,
    Plain,
    Latex,
    Typst,
}

impl Style {
    /// LaTeX or Typst: typeset math, with fractions stacked and a page to fit.
    pub fn is_typeset(self) -> bool {
        matches!(self, Style::Latex | Style::Typst)
    }
}

/// How tightly a printed form binds; a child printed in a context that needs more gets
/// parentheses.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Prec {
    Sum,
    /// A product with a leading minus sign.
    Neg,
    Product,
    Power,
    Atom,
}

/// Prints expressions of one pool in one style.
pub struct Printer<'p> {
    pool: &'p Pool,
    style: Style,
    order: OrderRef<'p>,
    /// LaTeX: whether a subexpression prints taller than a line (holds a `\frac`), so that
    /// parentheses around it grow with `\left(`…`\right)`.
    tall: std::cell::RefCell<FxHashMap<ExprId, bool>>,
}

/// The printer's term order: its own, or one kept by a [`Measure`] across printers.
enum OrderRef<'p> {
    Own(TermOrder),
    Shared(&'p TermOrder),
}

impl std::ops::Deref for OrderRef<'_> {
    type Target = TermOrder;
    fn deref(&self) -> &TermOrder {
        match self {
            OrderRef::Own(o) => o,
            OrderRef::Shared(o) => o,
        }
    }
}

/// The printed length of expressions while the pool grows between measurements (the
/// simplifier compares the candidate forms it builds): one term order serves every
/// measurement, and making it costs nothing per node of the pool, so measuring a small
/// expression in a large pool is cheap. The measurements are printed in one session
/// (`Measured`): the candidate forms of a result share most of their parts (the same
/// polynomial factored or not, grouped or not), and a part printed for one is copied for
/// the next instead of being printed again.
#[derive(Clone)]
pub struct Measure {
    order: TermOrder,
    measured: std::cell::RefCell<Measured>,
}

/// Everything a [`Measure`] printed, one after the other, and where each subexpression of
/// [`MEMO_MIN_LEN`] characters or more stands in it (as in [`Buf`]). Started afresh once it
/// holds [`MEASURED_MAX_LEN`] bytes, so that it never holds more than that and one result.
#[derive(Clone, Default)]
struct Measured {
    s: String,
    memo: FxHashMap<ExprId, (usize, usize)>,
    log: Vec<ExprId>,
}

/// See [`Measured`].
const MEASURED_MAX_LEN: usize = 1 << 20;

impl Measure {
    pub fn new(pool: &Pool) -> Measure {
        Measure { order: TermOrder::growing(pool), measured: Default::default() }
    }

    /// Characters of the plain form of `id`.
    pub fn plain_len(&self, pool: &Pool, id: ExprId) -> usize {
        self.plain(pool, id).chars().count()
    }

    /// The plain form of `id`, exactly as [`Printer::expr`] prints it (a subexpression prints
    /// the same wherever it stands outside an exponent: that is what `Buf` relies on).
    pub fn plain(&self, pool: &Pool, id: ExprId) -> String {
        let p = Printer { pool, style: Style::Plain, order: OrderRef::Shared(&self.order), tall: Default::default() };
        let mut measured = self.measured.borrow_mut();
        if measured.s.len() > MEASURED_MAX_LEN {
            *measured = Measured::default();
        }
        let Measured { s, memo, log } = &mut *measured;
        let start = s.len();
        let mut buf = Buf { s, memo: std::mem::take(memo), log: std::mem::take(log), script: 0 };
        p.write_buf(id, &mut buf);
        (*memo, *log) = (buf.memo, buf.log);
        s[start..].to_string()
    }

    /// `ids` in an order that depends on their structure alone, not on when the pool built
    /// them (the pool keeps the operands of a sum or product in the order of their ids): work
    /// done in this order gives the same result for the same expression in any pool.
    pub fn structural_order(&self, pool: &Pool, ids: &[ExprId]) -> Vec<ExprId> {
        let mut keyed: Vec<(u64, ExprId)> = ids.iter().map(|&id| (self.order.skey(pool, id), id)).collect();
        keyed.sort_unstable();
        keyed.into_iter().map(|(_, id)| id).collect()
    }
}

impl<'p> Printer<'p> {
    pub fn new(pool: &'p Pool, style: Style) -> Printer<'p> {
        Printer { pool, style, order: OrderRef::Own(TermOrder::new(pool)), tall: Default::default() }
    }

    pub fn style(&self) -> Style {
        self.style
    }

    /// The expression as a string.
    pub fn expr(&self, id: ExprId) -> String {
        let mut out = String::new();
        self.write(id, &mut out);
        out
    }

    /// Appends the expression to `out`.
    pub fn write(&self, id: ExprId, out: &mut String) {
        self.write_buf(id, &mut Buf::new(out));
    }

    /// A session that appends to `out`, sharing printed subexpressions between its writes.
    pub fn session<'s, 'o>(&'s self, out: &'o mut String) -> Session<'s, 'o>
    where
        'p: 's,
    {
        Session { printer: self, buf: Buf::new(out) }
    }

    fn write_buf(&self, id: ExprId, out: &mut Buf) {
        let remembered = out.script == 0;
        if let Some(&(a, b)) = out.memo.get(&id).filter(|_| remembered) {
            out.s.extend_from_within(a..b);
            return;
        }
        let start = out.len();
        match self.pool.node(id) {
            Node::Add(ts) => self.sum(ts, out),
            _ => self.term(id, false, out),
        }
        if remembered && out.len() - start >= MEMO_MIN_LEN {
            out.memo.insert(id, (start, out.len()));
            out.log.push(id);
        }
    }

    /// A variable's name in this style: `x1` / `x₁` / `x_{1}`, `theta` / `θ` / `\theta`.
    pub fn var(&self, s: SymId) -> String {
        let name = self.pool.name(s);
        let mut out = String::new();
        self.symbol_name(name, &mut Buf::new(&mut out));
        out
    }

    fn symbol_name(&self, name: &str, out: &mut Buf) {
        let (stem, sub) = split_subscript(name);
        match self.style {
            // `x_ab` would read back as x_a·b: a subscript of more than one character
            // (not all digits: `x12` is already one word) goes in braces.
            Style::Plain => match sub {
                Some(s) if name.contains('_') && s.chars().nth(1).is_some() => {
                    out.push_str(stem);
                    out.push_str("_{");
                    out.push_str(s);
                    out.push('}');
                }
                _ => out.push_str(name),
            },
            Style::Text => {
                out.push_str(crate::expr::greek_symbol(stem).unwrap_or(stem));
                match sub {
                    Some(s) if s.chars().all(|c| c.is_ascii_digit()) => {
                        for c in s.chars() {
                            out.push(subscript_digit(c));
                        }
                    }
                    Some(s) => {
                        out.push('_');
                        out.push_str(s);
                    }
                    None => {}
                }
            }
            Style::Latex => {
                if crate::expr::greek_symbol(stem).is_some() {
                    out.push('\\');
                    // The letters text prints as φ and ε are `\varphi` and `\varepsilon`
                    // (`\phi` is ϕ, `\epsilon` ϵ).
                    if matches!(stem, "phi" | "epsilon") {
                        out.push_str("var");
                    }
                }
                out.push_str(stem);
                if let Some(s) = sub {
                    let _ = write!(out, "_{{{s}}}");
                }
            }
            // Typst names Greek letters as words (`theta`, `phi` is φ); a longer name would be
            // an unknown identifier, so it is set as text.
            Style::Typst => {
                if crate::expr::greek_symbol(stem).is_some() || stem.chars().count() == 1 {
                    out.push_str(stem);
                } else {
                    let _ = write!(out, "\"{stem}\"");
                }
                match sub {
                    Some(s) if s.chars().count() == 1 => {
                        let _ = write!(out, "_{s}");
                    }
                    Some(s) => {
                        let _ = write!(out, "_({s})");
                    }
                    None => {}
                }
            }
        }
    }

    /// The terms of a sum in the order they are printed, for callers that lay out a sum
    /// term by term (the `--steps` derivations).
    pub fn terms_in_order(&self, terms: &[ExprId]) -> Vec<ExprId> {
        self.order.sort_terms(self.pool, terms)
    }

    /// The factors of a product in the order they are printed (numbers first).
    pub fn factors_in_order(&self, factors: &[ExprId]) -> Vec<ExprId> {
        let (nums, rest): (Vec<ExprId>, Vec<ExprId>) =
            factors.iter().partition(|&&f| matches!(self.pool.node(f), Node::Num(_)));
        let mut fs: Vec<(Factor, ExprId)> = rest
            .iter()
            .map(|&f| {
                let (b, e) = self.pool.split_pow(f);
                let exp = match self.pool.as_num(e) {
                    _ if b == f => Exp::One,
                    Some(r) => Exp::Num(r.abs()),
                    None => Exp::Expr(e),
                };
                (Factor { base: b, exp }, f)
            })
            .collect();
        let mut keys: Vec<Factor> = fs.iter().map(|(k, _)| k.clone()).collect();
        self.order.sort_factors(self.pool, &mut keys);
        let mut out = nums;
        for k in keys {
            if let Some(i) = fs.iter().position(|(f, _)| f.base == k.base && same_exp(&f.exp, &k.exp)) {
                out.push(fs.remove(i).1);
            }
        }
        out
    }

    /// The terms of a sum in the order a sum is printed: [`Printer::terms_in_order`], a
    /// positive term first where there is one. `None` for anything but a sum. For layouts
    /// that break a long sum across lines.
    pub fn sum_terms(&self, id: ExprId) -> Option<Vec<ExprId>> {
        match self.pool.node(id) {
            Node::Add(ts) => Some(self.sum_order(ts)),
            _ => None,
        }
    }

    fn sum_order(&self, terms: &[ExprId]) -> Vec<ExprId> {
        let mut sorted = self.order.sort_terms(self.pool, terms);
        // Not a leading minus where a positive term can lead, as textbooks (and SymPy) write:
        // `1 - x²`, `y - x`, not `-x² + 1`, `-x + y`.
        let negative = |t: ExprId| self.pool.coeff_of(t).is_negative();
        if sorted.first().is_some_and(|&t| negative(t)) {
            if let Some(k) = sorted.iter().position(|&t| !negative(t)) {
                let t = sorted.remove(k);
                sorted.insert(0, t);
            }
        }
        sorted
    }

    fn sum(&self, terms: &[ExprId], out: &mut Buf) {
        let sorted = self.sum_order(terms);
        for (i, &t) in sorted.iter().enumerate() {
            let negative = self.pool.coeff_of(t).is_negative();
            match (i, negative) {
                (0, true) => out.push('-'),
                (0, false) => {}
                (_, true) => out.push_str(" - "),
                (_, false) => out.push_str(" + "),
            }
            self.term(t, negative, out);
        }
    }

    /// One term of a sum, with its sign taken off when `negate` (the caller wrote it).
    fn term(&self, id: ExprId, negate: bool, out: &mut Buf) {
        match self.pool.node(id) {
            Node::Num(r) => {
                let r = if negate { -r.clone() } else { r.clone() };
                self.rational(&r, out);
            }
            Node::Mul(_) | Node::Pow(..) => self.product(id, negate, out),
            _ => self.atomish(id, out),
        }
    }

    fn rational(&self, r: &Rational, out: &mut Buf) {
        if r.is_integer() {
            write_int(r.numer(), out);
            return;
        }
        let sign = if r.is_negative() { "-" } else { "" };
        let (n, d) = (r.numer().abs(), r.denom());
        match self.style {
            Style::Latex if out.script == 0 => {
                let _ = write!(out, "{sign}\\frac{{{n}}}{{{d}}}");
            }
            Style::Typst if out.script == 0 => {
                let _ = write!(out, "{sign}frac({n}, {d})");
            }
            // `/` would make a fraction in Typst: `\/` is the slash itself.
            Style::Typst => {
                let _ = write!(out, "{sign}{n}\\/{d}");
            }
            _ => {
                let _ = write!(out, "{sign}{n}/{d}");
            }
        }
    }

    /// A product (or a lone power) with subtraction and division restored.
    fn product(&self, id: ExprId, negate: bool, out: &mut Buf) {
        let pool = self.pool;
        let lone = [id];
        let factors: &[ExprId] = match pool.node(id) {
            Node::Mul(fs) => fs,
            _ => &lone,
        };
        let mut coeff = Rational::one();
        let mut num: Vec<Factor> = Vec::new();
        let mut den: Vec<Factor> = Vec::new();
        for &f in factors {
            if let Node::Num(r) = pool.node(f) {
                crate::expr::number::mul_to(&mut coeff, r);
                continue;
            }
            let (b, e) = pool.split_pow(f);
            match pool.as_num(e) {
                Some(r) if r.is_negative() => den.push(Factor { base: b, exp: Exp::Num(-r.clone()) }),
                _ => num.push(Factor { base: b, exp: if b == f { Exp::One } else { Exp::Expr(e) } }),
            }
        }
        if negate {
            coeff = -coeff;
        }
        let negative = coeff.is_negative();
        let c_num = coeff.numer().abs();
        let c_den = coeff.denom().clone();
        self.order.sort_factors(pool, &mut num);
        self.order.sort_factors(pool, &mut den);
        if negative {
            out.push('-');
        }
        // `\frac{…}{…}` in LaTeX, but a slash in an exponent (`e^{-x^{2}/2}`), as in text.
        let latex = self.style.is_typeset() && out.script == 0;
        // `\frac{a}{b}`, `frac(a, b)`; a slash in text and plain (`\/` in Typst exponents).
        let (open, middle, close, slash) = match self.style {
            Style::Typst => ("frac(", ", ", ")", "\\/"),
            _ => ("\\frac{", "}{", "}", "/"),
        };
        let has_den = !(den.is_empty() && c_den.is_one());
        if latex && has_den {
            out.push_str(open);
        }
        let mut items = 0;
        if !c_num.is_one() || num.is_empty() {
            write_int(&c_num, out);
            items += 1;
        }
        if latex && items == 0 && num.len() == 1 && matches!(num[0].exp, Exp::One) && has_den {
            // Inside \frac{…}{…} braces already group: no parentheses around a lone sum.
            self.write_buf(num[0].base, out);
        } else {
            let mut after_radical = false;
            for f in &num {
                self.factor(f, out, items > 0, after_radical);
                after_radical = self.radical_or_number(f) || self.long_name(f);
                items += 1;
            }
        }
        if !has_den {
            return;
        }
        if latex {
            out.push_str(middle);
        } else {
            out.push_str(slash);
        }
        let mut d_items = 0;
        // One factor is already parenthesised by `factor` where it needs it.
        let parens = !latex && usize::from(!c_den.is_one()) + den.len() > 1;
        if parens {
            out.push('(');
        }
        if !c_den.is_one() {
            write_int(&c_den, out);
            d_items += 1;
        }
        if latex && d_items == 0 && den.len() == 1 && matches!(&den[0].exp, Exp::Num(r) if r.is_one()) {
            self.write_buf(den[0].base, out);
        } else {
            let mut after_radical = false;
            for f in &den {
                self.factor(f, out, d_items > 0, after_radical);
                after_radical = self.radical_or_number(f) || self.long_name(f);
                d_items += 1;
            }
        }
        if latex {
            out.push_str(close);
        } else if parens {
            out.push(')');
        }
    }

    /// Whether `f` is a name of several letters (`rate`), which a factor after it in text is
    /// set off from with a dot (`rate·x`, not `ratex`).
    fn long_name(&self, f: &Factor) -> bool {
        match self.pool.node(f.base) {
            Node::Sym(s) => {
                let name = self.var(*s);
                name.contains('_') || name.chars().filter(|c| c.is_alphabetic()).count() > 1
            }
            _ => false,
        }
    }

    /// Whether a factor written after `f` needs a `·` in text: `f` is a number's power
    /// (`2^x·y`) or a root written with a radical sign, which would otherwise swallow it
    /// (`√x·y`, not `√xy`, which reads as √(xy); `√π·x`, `∛x·y`).
    fn radical_or_number(&self, f: &Factor) -> bool {
        if matches!(self.pool.node(f.base), Node::Num(_)) {
            return true;
        }
        let r = match &f.exp {
            Exp::Num(r) => Some(r),
            Exp::Expr(e) => self.pool.as_num(*e),
            Exp::One => None,
        };
        r.and_then(is_root).is_some_and(|n| n <= 4)
    }

    /// A symbolic exponent in text: atomic, and a root in parentheses (`e^(√π)·x`, since
    /// `e^√πx` reads as e^√(πx)).
    fn exponent(&self, x: ExprId, out: &mut Buf) {
        if self.is_signed_root(x) {
            self.parens(x, out);
        } else {
            self.child(x, Prec::Atom, out);
        }
    }

    /// Whether `id` prints in text as a root with a radical sign (`√x`, `∛x`, `∜x`).
    fn is_signed_root(&self, id: ExprId) -> bool {
        self.style == Style::Text
            && matches!(self.pool.node(id), Node::Pow(_, e) if self.pool.as_num(*e).and_then(is_root).is_some_and(|n| n <= 4))
    }

    /// Writes one factor of a product, preceded by the style's multiplication sign when
    /// it is not the first.
    /// `after_radical`: the previous factor was `√2` or a long name ([`Printer::dot_after`]).
    fn factor(&self, f: &Factor, out: &mut Buf, after_another: bool, after_radical: bool) {
        // Plain always writes `*`; the other styles choose the sign by what the factor
        // starts with, so it is written first and the sign inserted in front of it.
        if after_another && self.style == Style::Plain {
            out.push('*');
        }
        let pos = out.len();
        let mark = out.log.len();
        match &f.exp {
            Exp::One => self.child(f.base, Prec::Power, out),
            Exp::Num(r) if r.is_one() => self.child(f.base, Prec::Power, out),
            Exp::Num(r) => self.power(f.base, PowerExp::Num(r), out),
            Exp::Expr(e) => match self.pool.as_num(*e) {
                Some(r) => self.power(f.base, PowerExp::Num(r), out),
                None => self.power(f.base, PowerExp::Expr(*e), out),
            },
        }
        if after_another && self.style != Style::Plain {
            let sep = if after_radical && self.style == Style::Text {
                "·"
            } else {
                let (left, right) = out.s.split_at(pos);
                self.separator(left, right)
            };
            if !sep.is_empty() {
                out.insert_str(pos, sep, mark);
            }
        }
    }

    /// The multiplication sign between what is written and the next factor.
    fn separator(&self, left: &str, right: &str) -> &'static str {
        match self.style {
            Style::Plain => "*",
            Style::Latex => {
                let digit_next = right.starts_with(|c: char| c.is_ascii_digit());
                if digit_next || (right.starts_with("\\left(") && letters_read_as_call(left)) {
                    " \\cdot "
                } else {
                    " "
                }
            }
            // Letters must stay apart in Typst (`xy` would be one unknown name).
            Style::Typst => {
                let digit_next = right.starts_with(|c: char| c.is_ascii_digit());
                if digit_next {
                    " dot "
                } else {
                    " "
                }
            }
            Style::Text => {
                let l = left.chars().last().unwrap_or(' ');
                let r = right.chars().next().unwrap_or(' ');
                let left_digit = l.is_ascii_digit();
                if r.is_ascii_digit()
                    || (left_digit && !(r.is_alphabetic() || r == '(' || r == '√' || r == '∛' || r == 'π'))
                {
                    return "·";
                }
                if r == '(' && letters_read_as_call(left) {
                    return "·";
                }
                if r == '(' || r == '√' || r == '∛' {
                    return "";
                }
                // Juxtapose single-letter symbols (with sub/superscripts); anything longer,
                // like a function name, gets a dot so `xsin` cannot be misread.
                let word_len = right.chars().take_while(|c| c.is_alphabetic()).count();
                let after_word = right.chars().nth(word_len);
                // `2x·f'(x²)`: a one-letter function (declared with --funcs) is a name too.
                let single_letter = word_len == 1 && !matches!(after_word, Some('^' | '(' | '\'' | '⁽'));
                if single_letter || (right.starts_with('e') && right.chars().nth(1) == Some('^') && left_digit) {
                    ""
                } else {
                    "·"
                }
            }
        }
    }

    /// Writes `id` so that it binds at least as tightly as `need`.
    fn child(&self, id: ExprId, need: Prec, out: &mut Buf) {
        if self.prec(id) >= need {
            self.write_buf(id, out);
        } else {
            self.parens(id, out);
        }
    }

    fn parens(&self, id: ExprId, out: &mut Buf) {
        match self.style {
            // Typst sizes matched parentheses to what they hold.
            Style::Typst => {
                out.push('(');
                self.write_buf(id, out);
                out.push(')');
            }
            Style::Latex => {
                let tall = self.tall_here(id, out);
                out.push_str(&latex_open(tall, "("));
                self.write_buf(id, out);
                out.push_str(&latex_close(tall, ")"));
            }
            _ => {
                out.push('(');
                self.write_buf(id, out);
                out.push(')');
            }
        }
    }

    fn prec(&self, id: ExprId) -> Prec {
        match self.pool.node(id) {
            Node::Num(r) => {
                if r.is_negative() {
                    Prec::Neg
                } else if r.is_integer() {
                    Prec::Atom
                } else {
                    Prec::Product
                }
            }
            Node::Sym(_) | Node::Pi | Node::E | Node::Func(..) | Node::Call(..) => Prec::Atom,
            Node::Add(_) => Prec::Sum,
            Node::Mul(_) => {
                if self.pool.coeff_of(id).is_negative() {
                    Prec::Neg
                } else {
                    Prec::Product
                }
            }
            Node::Pow(b, e) => match self.pool.as_num(*e) {
                Some(r) if matches!(self.pool.node(*b), Node::E) && self.style == Style::Plain && r.is_positive() => {
                    Prec::Atom
                }
                Some(r) => self.power_prec(*b, r),
                None if matches!(self.pool.node(*b), Node::E) && self.style == Style::Plain => Prec::Atom,
                None => Prec::Power,
            },
        }
    }

    fn power_prec(&self, _base: ExprId, r: &Rational) -> Prec {
        if r.is_negative() {
            return Prec::Product;
        }
        // A root is atomic where it is written with a radical sign or as a call
        // (`sqrt(x)`, `√x`, `∛x`); `x^(1/3)` in plain text is a power like any other, and
        // `x^(1/3)^(3/2)` would read back as x^((1/3)^(3/2)).
        match (is_root(r), self.style) {
            (Some(2), _) | (Some(3 | 4), Style::Text) => Prec::Atom,
            _ => Prec::Power,
        }
    }

    /// `b^e` for a positive (or symbolic) exponent.
    fn power(&self, b: ExprId, e: PowerExp, out: &mut Buf) {
        let pool = self.pool;
        if let PowerExp::Num(r) = e {
            // Plain has no `e`: a root of it is exp(1/3), an atom, not exp(1)^(1/3), which
            // as the base of another power would read as exp(1)^((1/3)^x).
            let plain_e = self.style == Style::Plain && matches!(pool.node(b), Node::E);
            if let Some(n) = is_root(r).filter(|_| !plain_e) {
                return self.root(b, n, out);
            }
        }
        if matches!(pool.node(b), Node::E) {
            match e {
                PowerExp::Expr(x) => return self.exp(x, out),
                // Plain has no `e`: e² is exp(2).
                PowerExp::Num(r) if self.style == Style::Plain => {
                    out.push_str("exp(");
                    self.rational(r, out);
                    out.push(')');
                    return;
                }
                PowerExp::Num(_) => {}
            }
        }
        // sin²(x) in LaTeX and Typst, as textbooks write it.
        if let (Style::Latex | Style::Typst, Node::Func(f, a), PowerExp::Num(r)) = (self.style, pool.node(b), &e) {
            if r.is_integer() && !matches!(f, Func::Abs | Func::Floor | Func::Ceil) {
                if self.style == Style::Latex {
                    let _ = write!(out, "{}^{{{}}}", latex_func(*f), r.numer());
                } else {
                    let _ = write!(out, "{}^{}", typst_func(*f), r.numer());
                }
                self.call_args(*a, out);
                return;
            }
        }
        match self.style {
            // `x^(…)`: Typst drops the parentheses of an exponent; a slash there is `\/`.
            Style::Typst => {
                self.child(b, Prec::Atom, out);
                if let PowerExp::Num(r) = e {
                    if r.is_integer() && !r.is_negative() {
                        let _ = write!(out, "^{}", r.numer());
                        return;
                    }
                }
                out.push_str("^(");
                out.script += 1;
                match e {
                    PowerExp::Num(r) => self.rational(r, out),
                    PowerExp::Expr(x) => self.write_buf(x, out),
                }
                out.script -= 1;
                out.push(')');
            }
            Style::Latex => {
                let start = out.len();
                let mark = out.log.len();
                self.child(b, Prec::Atom, out);
                // An exponent after `\right)\mathclose{}` would sit on the empty atom, low:
                // the base in braces takes it at its full height.
                if out.s[start..].ends_with(LATEX_CLOSE_ATOM) {
                    out.insert_str(start, "{", mark);
                    out.push('}');
                }
                out.push_str("^{");
                out.script += 1;
                match e {
                    PowerExp::Num(r) => self.rational(r, out),
                    PowerExp::Expr(x) => self.write_buf(x, out),
                }
                out.script -= 1;
                out.push('}');
            }
            Style::Text => {
                // A root written with its sign takes the exponent as part of its radicand
                // (`√x^x` reads as √(x^x)): as a base it gets parentheses, `(√x)^x`.
                if self.is_signed_root(b) {
                    self.parens(b, out);
                } else {
                    self.child(b, Prec::Atom, out);
                }
                match e {
                    PowerExp::Num(r) if r.is_integer() => {
                        for c in r.numer().to_string().chars() {
                            out.push(superscript_char(c));
                        }
                    }
                    PowerExp::Num(r) => {
                        out.push_str("^(");
                        self.rational(r, out);
                        out.push(')');
                    }
                    PowerExp::Expr(x) => {
                        out.push('^');
                        self.exponent(x, out);
                    }
                }
            }
            Style::Plain => {
                self.child(b, Prec::Atom, out);
                out.push('^');
                match e {
                    PowerExp::Num(r) if r.is_integer() && !r.is_negative() => self.rational(r, out),
                    PowerExp::Num(r) => {
                        out.push('(');
                        self.rational(r, out);
                        out.push(')');
                    }
                    PowerExp::Expr(x) => self.child(x, Prec::Atom, out),
                }
            }
        }
    }

    fn root(&self, b: ExprId, n: u32, out: &mut Buf) {
        match (self.style, n) {
            (Style::Plain, 2) => {
                out.push_str("sqrt(");
                self.write_buf(b, out);
                out.push(')');
            }
            (Style::Plain, _) => {
                self.child(b, Prec::Atom, out);
                let _ = write!(out, "^(1/{n})");
            }
            (Style::Text, _) => {
                if n > 4 {
                    // No Unicode sign for higher roots: write the power (of `(√2)`, not `√2`).
                    if self.is_signed_root(b) {
                        self.parens(b, out);
                    } else {
                        self.child(b, Prec::Atom, out);
                    }
                    let _ = write!(out, "^(1/{n})");
                    return;
                }
                out.push(match n {
                    2 => '√',
                    3 => '∛',
                    _ => '∜',
                });
                self.child(b, Prec::Atom, out);
            }
            (Style::Latex, 2) => {
                out.push_str("\\sqrt{");
                self.write_buf(b, out);
                out.push('}');
            }
            (Style::Latex, _) => {
                let _ = write!(out, "\\sqrt[{n}]{{");
                self.write_buf(b, out);
                out.push('}');
            }
            (Style::Typst, 2) => {
                out.push_str("sqrt(");
                self.write_buf(b, out);
                out.push(')');
            }
            (Style::Typst, _) => {
                let _ = write!(out, "root({n}, ");
                self.write_buf(b, out);
                out.push(')');
            }
        }
    }

    fn exp(&self, x: ExprId, out: &mut Buf) {
        match self.style {
            Style::Plain => {
                out.push_str("exp(");
                self.write_buf(x, out);
                out.push(')');
            }
            Style::Text => {
                out.push_str("e^");
                self.exponent(x, out);
            }
            Style::Latex => {
                out.push_str("e^{");
                out.script += 1;
                self.write_buf(x, out);
                out.script -= 1;
                out.push('}');
            }
            Style::Typst => {
                out.push_str("e^(");
                out.script += 1;
                self.write_buf(x, out);
                out.script -= 1;
                out.push(')');
            }
        }
    }

    /// Leaves and calls.
    fn atomish(&self, id: ExprId, out: &mut Buf) {
        match self.pool.node(id) {
            Node::Sym(s) => self.symbol_name(self.pool.name(*s), out),
            Node::Pi => out.push_str(match self.style {
                Style::Plain => "pi",
                Style::Text => "π",
                Style::Latex => "\\pi",
                Style::Typst => "pi",
            }),
            Node::E => out.push_str(match self.style {
                Style::Plain => "exp(1)",
                _ => "e",
            }),
            Node::Func(f, a) => self.call(*f, *a, out),
            Node::Call(c, args) => self.call_n(c, args, out),
            Node::Num(r) => self.rational(r, out),
            Node::Add(ts) => self.sum(ts, out),
            Node::Mul(_) | Node::Pow(..) => self.product(id, false, out),
        }
    }

    fn call(&self, f: Func, a: ExprId, out: &mut Buf) {
        match (self.style, f) {
            (Style::Text, Func::Abs) => {
                out.push('|');
                self.write_buf(a, out);
                out.push('|');
            }
            (Style::Latex, Func::Abs) => {
                let tall = self.tall_here(a, out);
                out.push_str(&latex_open(tall, "\\lvert "));
                self.write_buf(a, out);
                out.push_str(&latex_close(tall, "\\rvert"));
            }
            (Style::Text, Func::Floor | Func::Ceil) => {
                let (l, r) = if f == Func::Floor { ('⌊', '⌋') } else { ('⌈', '⌉') };
                out.push(l);
                self.write_buf(a, out);
                out.push(r);
            }
            (Style::Latex, Func::Floor | Func::Ceil) => {
                let (l, r) = if f == Func::Floor { ("\\lfloor ", "\\rfloor") } else { ("\\lceil ", "\\rceil") };
                let tall = self.tall_here(a, out);
                out.push_str(&latex_open(tall, l));
                self.write_buf(a, out);
                out.push_str(&latex_close(tall, r));
            }
            (Style::Latex, _) => {
                out.push_str(latex_func(f));
                self.call_args(a, out);
            }
            // `abs(x)`: bars that grow with what they hold.
            (Style::Typst, _) => {
                out.push_str(typst_func(f));
                self.call_args(a, out);
            }
            _ => {
                out.push_str(f.name());
                out.push('(');
                self.write_buf(a, out);
                out.push(')');
            }
        }
    }

    /// max, min, atan2 and unknown functions (with their derivatives: `f'(x²)`, `∂₂g(x, y²)`).
    fn call_n(&self, callee: &Callee, args: &[ExprId], out: &mut Buf) {
        let order: Vec<ExprId> = match callee {
            // max and min are symmetric: a number first (`max(0, x)`, relu), then in the order of terms.
            Callee::Max | Callee::Min => {
                let (nums, rest): (Vec<ExprId>, Vec<ExprId>) =
                    args.iter().partition(|&&a| matches!(self.pool.node(a), Node::Num(_)));
                nums.into_iter().chain(self.order.sort_terms(self.pool, &rest)).collect()
            }
            _ => args.to_vec(),
        };
        match callee {
            Callee::Max | Callee::Min | Callee::Atan2 => {
                let name = callee.builtin_name().unwrap_or_default();
                match (self.style, callee) {
                    (Style::Latex, Callee::Atan2) => out.push_str("\\operatorname{atan2}"),
                    (Style::Latex, _) => {
                        out.push('\\');
                        out.push_str(name);
                    }
                    // Typst's own `max` and `min` operators; atan2 as an operator name.
                    (Style::Typst, Callee::Atan2) => out.push_str("op(\"atan2\")"),
                    _ => out.push_str(name),
                }
                self.arguments(&order, out);
            }
            Callee::Unknown { name, orders } => {
                let fname = self.pool.function_name(*name);
                if args.len() == 1 {
                    self.symbol_name(fname, out);
                    self.primes(orders[0], out);
                } else {
                    for (i, &k) in orders.iter().enumerate() {
                        for _ in 0..k {
                            self.partial_sign(i + 1, out);
                        }
                    }
                    if self.style == Style::Plain && orders.iter().any(|&k| k > 0) {
                        // `D[1,2](g)(x, y)`, as Maple writes it.
                        let list: Vec<String> = orders
                            .iter()
                            .enumerate()
                            .flat_map(|(i, &k)| std::iter::repeat_n((i + 1).to_string(), k as usize))
                            .collect();
                        let _ = write!(out, "D[{}](", list.join(","));
                        self.symbol_name(fname, out);
                        out.push(')');
                    } else {
                        self.symbol_name(fname, out);
                    }
                }
                // Plain parentheses, as one writes f(x) (`\left(` only around a fraction).
                self.arguments(args, out);
            }
        }
    }

    /// `f'`, `f''`, `f'''`, then `f⁽⁴⁾` (text), `f^{(4)}` (LaTeX), `f^((4))` (Typst);
    /// plain writes primes.
    fn primes(&self, k: u32, out: &mut Buf) {
        match self.style {
            Style::Text if k > 3 => {
                out.push('⁽');
                for c in k.to_string().chars() {
                    out.push(superscript_char(c));
                }
                out.push('⁾');
            }
            Style::Latex if k > 3 => {
                let _ = write!(out, "^{{({k})}}");
            }
            Style::Typst if k > 3 => {
                let _ = write!(out, "^(({k}))");
            }
            _ => {
                for _ in 0..k {
                    out.push('\'');
                }
            }
        }
    }

    /// `∂₂` (text), `\partial_{2} ` (LaTeX), `partial_2 ` (Typst); nothing in plain (written as `D[2](…)`).
    fn partial_sign(&self, i: usize, out: &mut Buf) {
        match self.style {
            Style::Text => {
                out.push('∂');
                for c in i.to_string().chars() {
                    out.push(subscript_digit(c));
                }
            }
            Style::Latex => {
                let _ = write!(out, "\\partial_{{{i}}} ");
            }
            Style::Typst => {
                let _ = write!(out, "partial_{i} ");
            }
            Style::Plain => {}
        }
    }

    /// `(a, b)`; in LaTeX `\mathopen{}\left(a, b\right)\mathclose{}` when an argument is tall
    /// (holds a fraction), as [`Printer::call_args`] writes one argument.
    fn arguments(&self, args: &[ExprId], out: &mut Buf) {
        let tall = out.script == 0 && args.iter().any(|&a| self.is_tall(a));
        out.push_str(&latex_open(tall, "("));
        for (i, &a) in args.iter().enumerate() {
            if i > 0 {
                out.push_str(", ");
            }
            self.write_buf(a, out);
        }
        out.push_str(&latex_close(tall, ")"));
    }

    /// `(x)` after a LaTeX function name: `\sin(x)`, and `\sin\mathopen{}\left(\frac{1}{x}\right)\mathclose{}`
    /// around a fraction, so that the parentheses grow without the gap `\left` leaves.
    fn call_args(&self, a: ExprId, out: &mut Buf) {
        if self.style == Style::Typst {
            out.push('(');
            self.write_buf(a, out);
            out.push(')');
            return;
        }
        let tall = self.tall_here(a, out);
        out.push_str(&latex_open(tall, "("));
        self.write_buf(a, out);
        out.push_str(&latex_close(tall, ")"));
    }

    /// Whether parentheses around `id`, written here, must grow: it is tall and not in an
    /// exponent (where fractions are written with a slash).
    fn tall_here(&self, id: ExprId, out: &Buf) -> bool {
        out.script == 0 && self.is_tall(id)
    }

    /// LaTeX: whether `id` prints taller than a line of text (it holds a `\frac`), so that
    /// parentheses around it, or the rows of a matrix holding it, need room.
    pub fn is_tall(&self, id: ExprId) -> bool {
        self.style == Style::Latex && self.holds_fraction(id)
    }

    fn holds_fraction(&self, id: ExprId) -> bool {
        if let Some(&t) = self.tall.borrow().get(&id) {
            return t;
        }
        let pool = self.pool;
        let negative_power =
            |f: ExprId| matches!(pool.node(f), Node::Pow(_, e) if pool.as_num(*e).is_some_and(|r| r.is_negative()));
        // A power with a negative exponent is written as a fraction, `\frac{1}{x^{2}}`.
        let t = match pool.node(id) {
            Node::Num(r) => !r.is_integer(),
            Node::Sym(_) | Node::Pi | Node::E => false,
            Node::Add(ts) => ts.iter().any(|&t| self.holds_fraction(t)),
            Node::Mul(fs) => fs.iter().any(|&f| negative_power(f) || self.holds_fraction(f)),
            Node::Pow(..) if negative_power(id) => true,
            // The exponent is written small, with a slash.
            Node::Pow(b, _) => !matches!(pool.node(*b), Node::E) && self.holds_fraction(*b),
            Node::Func(_, a) => self.holds_fraction(*a),
            Node::Call(_, args) => args.iter().any(|&a| self.holds_fraction(a)),
        };
        self.tall.borrow_mut().insert(id, t);
        t
    }
}

#[derive(Clone, Debug)]
enum Exp {
    One,
    /// A positive rational (denominators are stored with the sign flipped).
    Num(Rational),
    Expr(ExprId),
}

/// One factor of a product, split into base and exponent for ordering and printing.
#[derive(Clone, Debug)]
pub(crate) struct Factor {
    base: ExprId,
    exp: Exp,
}

enum PowerExp<'a> {
    Num(&'a Rational),
    Expr(ExprId),
}

fn same_exp(a: &Exp, b: &Exp) -> bool {
    match (a, b) {
        (Exp::One, Exp::One) => true,
        (Exp::Num(x), Exp::Num(y)) => x == y,
        (Exp::Expr(x), Exp::Expr(y)) => x == y,
        _ => false,
    }
}

/// Writes an integer, without going through `BigInt`'s decimal conversion when it fits a
/// machine word (nearly always).
fn write_int(n: &BigInt, out: &mut Buf) {
    use num_traits::ToPrimitive;
    match n.to_i64() {
        Some(v) => {
            let _ = write!(out, "{v}");
        }
        None => {
            let _ = write!(out, "{n}");
        }
    }
}

/// Whether the letters at the end of `left`, written right before `(`, would read back as a
/// call: a run of three or more letters (`xyz(` is an unknown function), one ending with a
/// function's name (`xln(` is x·ln(…)), or a name that reads as a function (`f(x + 1)`,
/// `σ(x)`: errors unless declared, cli.md). Only the end of `left` is looked at: it is
/// everything printed so far.
fn letters_read_as_call(left: &str) -> bool {
    let run: String =
        left.chars().rev().take_while(|c| c.is_ascii_alphabetic()).collect::<Vec<_>>().into_iter().rev().collect();
    let last = left.chars().next_back();
    run.len() >= 3
        || (0..run.len()).any(|i| crate::expr::function(&run[i..]).is_some())
        || matches!(last, Some('f' | 'g' | 'h' | 'σ' | 'φ' | 'ψ'))
        || ["\\sigma", "\\phi", "\\psi", "\\varphi"].iter().any(|n| left.ends_with(n))
}

/// `Some(n)` for an exponent 1/n with n ≥ 2.
fn is_root(r: &Rational) -> Option<u32> {
    use num_traits::ToPrimitive;
    if r.numer().is_one() && r.denom() > &BigInt::one() {
        r.denom().to_u32()
    } else {
        None
    }
}

/// What ends a pair of parentheses that grew with the content (see [`latex_close`]).
const LATEX_CLOSE_ATOM: &str = "\\mathclose{}";

/// An opening delimiter in LaTeX: as it is (`(`, `\lvert `), or growing with tall content.
/// `\left(` alone makes an inner atom, which TeX sets with a gap after a function name
/// (`\sin (x)`) and before a comma; `\mathopen{}`…`\mathclose{}` make it an ordinary pair.
fn latex_open(tall: bool, delim: &str) -> String {
    if tall {
        format!("\\mathopen{{}}\\left{delim}")
    } else {
        delim.to_string()
    }
}

/// The closing delimiter matching [`latex_open`].
fn latex_close(tall: bool, delim: &str) -> String {
    if tall {
        format!("\\right{delim}{LATEX_CLOSE_ATOM}")
    } else {
        delim.to_string()
    }
}

/// Parentheses around LaTeX already written (`content`), growing when it holds a fraction or
/// grown delimiters: `(x + 1)`, `\mathopen{}\left(\frac{1}{x}, 2\right)\mathclose{}`.
pub fn latex_parens(content: &str) -> String {
    latex_pair(content, "(", ")")
}

/// Bars around LaTeX already written: `\lvert x\rvert`, growing like [`latex_parens`].
pub fn latex_bars(content: &str) -> String {
    latex_pair(content, "\\lvert ", "\\rvert")
}

fn latex_pair(content: &str, open: &str, close: &str) -> String {
    let tall = latex_is_tall(content);
    format!("{}{content}{}", latex_open(tall, open), latex_close(tall, close))
}

/// Whether LaTeX already written is taller than a line: it holds a fraction, a matrix or
/// grown delimiters.
pub fn latex_is_tall(content: &str) -> bool {
    ["\\frac", "\\left", "\\begin"].iter().any(|m| content.contains(m))
}

/// A function's name in Typst math: its own operators, `op("…")` for the others.
fn typst_func(f: Func) -> &'static str {
    match f {
        Func::Sin => "sin",
        Func::Cos => "cos",
        Func::Tan => "tan",
        Func::Cot => "cot",
        Func::Sec => "sec",
        Func::Csc => "csc",
        Func::Asin => "arcsin",
        Func::Acos => "arccos",
        Func::Atan => "arctan",
        Func::Sinh => "sinh",
        Func::Cosh => "cosh",
        Func::Tanh => "tanh",
        Func::Asinh => "op(\"arsinh\")",
        Func::Acosh => "op(\"arcosh\")",
        Func::Atanh => "op(\"artanh\")",
        Func::Ln => "ln",
        Func::Abs => "abs",
        Func::Sign => "op(\"sign\")",
        Func::Sigmoid => "sigma",
        Func::Softplus => "op(\"softplus\")",
        Func::Erf => "op(\"erf\")",
        // Typst's functions that set ⌊x⌋ and ⌈x⌉.
        Func::Floor => "floor",
        Func::Ceil => "ceil",
    }
}

fn latex_func(f: Func) -> &'static str {
    match f {
        Func::Sin => "\\sin",
        Func::Cos => "\\cos",
        Func::Tan => "\\tan",
        Func::Cot => "\\cot",
        Func::Sec => "\\sec",
        Func::Csc => "\\csc",
        Func::Asin => "\\arcsin",
        Func::Acos => "\\arccos",
        Func::Atan => "\\arctan",
        Func::Sinh => "\\sinh",
        Func::Cosh => "\\cosh",
        Func::Tanh => "\\tanh",
        Func::Asinh => "\\operatorname{arsinh}",
        Func::Acosh => "\\operatorname{arcosh}",
        Func::Atanh => "\\operatorname{artanh}",
        Func::Ln => "\\ln",
        Func::Abs => "\\operatorname{abs}",
        Func::Sign => "\\operatorname{sign}",
        Func::Sigmoid => "\\sigma",
        Func::Softplus => "\\operatorname{softplus}",
        Func::Erf => "\\operatorname{erf}",
        Func::Floor => "\\operatorname{floor}",
        Func::Ceil => "\\operatorname{ceil}",
    }
}

/// `x12` → (`x`, Some(`12`)); `x_i` → (`x`, Some(`i`)).
fn split_subscript(name: &str) -> (&str, Option<&str>) {
    if let Some((stem, sub)) = name.split_once('_') {
        return (stem, Some(sub));
    }
    let stem = name.trim_end_matches(|c: char| c.is_ascii_digit());
    if stem.len() < name.len() && !stem.is_empty() {
        (stem, Some(&name[stem.len()..]))
    } else {
        (name, None)
    }
}

pub(super) fn subscript_digit(c: char) -> char {
    "₀₁₂₃₄₅₆₇₈₉".chars().nth(c.to_digit(10).unwrap_or(0) as usize).unwrap_or(c)
}

/// `12` → `¹²`, `-1` → `⁻¹`: an exponent written in superscript characters.
pub fn superscript(digits: &str) -> String {
    digits.chars().map(superscript_char).collect()
}

fn superscript_char(c: char) -> char {
    match c {
        '-' => '⁻',
        d => "⁰¹²³⁴⁵⁶⁷⁸⁹".chars().nth(d.to_digit(10).unwrap_or(0) as usize).unwrap_or(d),
    }
}

/// A decimal approximation with `digits` significant digits: `2.236067977`, `-0.7071067812`,
/// `1.5e-12`; trailing zeros dropped.
pub fn decimal(v: f64, digits: usize) -> String {
    if v.is_nan() {
        return "nan".into();
    }
    if v.is_infinite() {
        return if v > 0.0 { "inf".into() } else { "-inf".into() };
    }
    if v == 0.0 {
        return "0".into();
    }
    let digits = digits.clamp(1, 17);
    let sci = format!("{:.*e}", digits - 1, v);
    let (mant, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let neg = mant.starts_with('-');
    let significand: String = mant.chars().filter(char::is_ascii_digit).collect();
    decimal_layout(neg, &significand, i64::from(exp), digits)
}

/// A decimal from its significant digits (`significand`, the first one worth 10^`exp`):
/// fixed notation from 10⁻⁵ up to 10^max(digits, 7), scientific outside, trailing zeros
/// dropped. [`decimal`] and the correctly rounded decimals of exact algebraic numbers
/// (`critical`) are laid out by this one rule.
pub fn decimal_layout(neg: bool, significand: &str, exp: i64, digits: usize) -> String {
    if significand.bytes().all(|b| b == b'0') {
        return "0".into();
    }
    let sign = if neg { "-" } else { "" };
    if (-5..(digits as i64).max(7)).contains(&exp) {
        let s = if exp >= 0 {
            let int_len = exp as usize + 1;
            let padded = format!("{significand:0<int_len$}");
            let (int, frac) = padded.split_at(int_len);
            if frac.is_empty() {
                int.to_string()
            } else {
                format!("{int}.{frac}")
            }
        } else {
            format!("0.{}{}", "0".repeat((-exp - 1) as usize), significand)
        };
        format!("{sign}{}", trim_zeros(&s))
    } else {
        let (head, tail) = significand.split_at(1);
        let mant = if tail.is_empty() { head.to_string() } else { trim_zeros(&format!("{head}.{tail}")) };
        format!("{sign}{mant}e{exp}")
    }
}

/// A decimal as [`decimal`] writes it, in the notation of `style`: LaTeX writes a power of
/// ten as one (`1.5 \times 10^{-12}`, not `1.5e-12`).
pub fn styled_decimal(v: f64, digits: usize, style: Style) -> String {
    styled_scientific(&decimal(v, digits), style)
}

/// A decimal written by [`decimal`] in the notation of `style` (see [`styled_decimal`]).
pub fn styled_scientific(d: &str, style: Style) -> String {
    match style {
        Style::Latex => latex_scientific(d),
        Style::Typst => typst_scientific(d),
        _ => d.to_string(),
    }
}

/// `1.5e-12` → `1.5 times 10^(-12)` in Typst (other numbers as they are).
pub fn typst_scientific(d: &str) -> String {
    match d.split_once('e') {
        Some((m, e)) if !m.is_empty() && e.parse::<i64>().is_ok() => format!("{m} times 10^({e})"),
        _ => d.to_string(),
    }
}

/// `1.5e-12` → `1.5 \times 10^{-12}` (other numbers as they are).
pub fn latex_scientific(d: &str) -> String {
    match d.split_once('e') {
        Some((m, e)) if !m.is_empty() && e.parse::<i64>().is_ok() => format!("{m} \\times 10^{{{e}}}"),
        _ => d.to_string(),
    }
}

fn trim_zeros(s: &str) -> String {
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s.to_string()
    }
}

/// Sorted variable list for display: the default order (`w, x, y, z`, `x2` before `x10`).
pub fn sort_vars(pool: &Pool, vars: &mut [SymId]) {
    vars.sort_by(|&a, &b| natural_cmp(pool.name(a), pool.name(b)));
}

/// Rationals as exact decimal strings, for `approx` of values beyond f64.
pub fn rational_decimal(r: &Rational, digits: usize) -> String {
    number::huge_decimal(r, digits)
}

/// About how many bytes the plain forms of `ids` take together, found over the shared pool
/// without printing (parentheses and spacing aside, so it errs low). The pool shares equal
/// subexpressions, but the printed form repeats them: a 16th derivative of `x^x^x` is a few
/// thousand nodes and 150 MB of text. Commands compare this with [`crate::limits::Limits::output_bytes`].
pub fn printed_size(pool: &Pool, ids: &[ExprId]) -> u64 {
    let reach = pool.reachable(ids);
    let mut size: rustc_hash::FxHashMap<ExprId, u64> = rustc_hash::FxHashMap::default();
    for id in reach {
        let s = match pool.node(id) {
            // log10(2) ≈ 0.301: digits of numerator and denominator, a sign and a slash.
            Node::Num(r) => r.numer().bits() * 3 / 10 + r.denom().bits() * 3 / 10 + 1,
            Node::Sym(v) => pool.name(*v).len() as u64,
            Node::Pi => 2,
            Node::E => 1,
            Node::Add(cs) => {
                cs.iter().fold(3 * (cs.len() as u64).saturating_sub(1), |acc, c| acc.saturating_add(size[c]))
            }
            Node::Mul(cs) => cs.iter().fold((cs.len() as u64).saturating_sub(1), |acc, c| acc.saturating_add(size[c])),
            Node::Pow(b, e) => size[b].saturating_add(size[e]).saturating_add(1),
            Node::Func(f, a) => size[a].saturating_add(f.name().len() as u64 + 2),
            Node::Call(c, args) => {
                let name = match c {
                    Callee::Unknown { name, orders } => {
                        pool.function_name(*name).len() as u64
                            + orders.iter().map(|&k| u64::from(k) * 2).sum::<u64>()
                            + 3
                    }
                    c => c.builtin_name().map_or(0, |n| n.len() as u64),
                };
                args.iter().fold(name + 2 * args.len() as u64, |acc, a| acc.saturating_add(size[a]))
            }
        };
        size.insert(id, s);
    }
    ids.iter().fold(0u64, |acc, id| acc.saturating_add(size[id]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::{parse, ParseOptions};

    #[test]
    fn a_measurement_prints_what_a_printer_of_its_own_prints_whatever_was_measured_before() {
        // Forms that share long parts, as the candidate forms of one result do: in a sum, a
        // product, a quotient, a power, under a root, negated, and in an exponent (where a
        // part prints differently in LaTeX, and so is never copied).
        let sources = [
            "x^3 y^2 - 3x y^3 - x y + 1",
            "sin(x)(x^3 y^2 - 3x y^3 - x y + 1) + cos(x)",
            "(x^3 y^2 - 3x y^3 - x y + 1)/(x^2 + 1)^3",
            "-(x^3 y^2 - 3x y^3 - x y + 1)^2 (x^2 + 1)",
            "sqrt(x^3 y^2 - 3x y^3 - x y + 1) - e^(x^3 y^2 - 3x y^3 - x y + 1)",
            "e^(x^2) sin(x)(x^3 y^2 - 3x y^3 - x y + 1) - e^(x^2) cos(x)(x^2 + 1)^3",
            "1/(x^3 y^2 - 3x y^3 - x y + 1) - y/(x^2 + 1)",
        ];
        let mut pool = Pool::default();
        let ids: Vec<ExprId> =
            sources.iter().map(|s| parse(&mut pool, s, &ParseOptions::default()).expect(s)).collect();
        let measure = Measure::new(&pool);
        for _ in 0..2 {
            for &id in ids.iter().rev().chain(&ids) {
                let own = Printer::new(&pool, Style::Plain).expr(id);
                assert_eq!(measure.plain(&pool, id), own);
                assert_eq!(measure.plain_len(&pool, id), own.chars().count());
            }
        }
        // The shared polynomial was copied after its first print, not printed again.
        assert!(measure.measured.borrow().memo.contains_key(&ids[0]), "long parts are remembered");
    }
}
