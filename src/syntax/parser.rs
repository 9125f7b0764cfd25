//! From text to a canonical expression: pest finds the tokens and groups, then a Pratt
//! parser over the tokens applies precedence and implicit multiplication and builds the
//! expression in the pool.
//!
//! Binding powers (higher binds tighter), the one table of precedence:
//!
//! | operator                        | left | right |
//! |---------------------------------|------|-------|
//! | `+` `-`                         | 10   | 11    |
//! | unary `-` (its operand)         |      | 15    |
//! | `*` `/` and juxtaposition       | 20   | 21    |
//! | `^` `**` (right-associative)    | 31   | 30    |
//!
//! So `-x^2` = −(x²), `2^3^2` = 2⁹, `1/2x` = x/2, `x^2y` = x²·y, `e^2x` = e²·x.
//! A leading unary minus negates the whole product after it, as a binary minus does:
//! `-(x + y)/π` = −((x + y)/π), which is how the printers write that expression, so
//! that printed forms read back as the same expression. Where an operator already binds
//! tighter (`x*-y`, `2^-x`), the operand of unary minus stops where that operator's would:
//! `2^-x y` = 2^(−x)·y, `x*-y*z` = x·(−y)·z.
//! A function name without parentheses takes the juxtaposed operands after it up to the
//! next function or explicit operator: `sin 2x` = sin(2x), `\sin x \cos x` = sin(x)·cos(x).

use super::names::{self, FnName, Piece};
use crate::error::{Error, Result, Span};
use crate::eval::domain::Condition;
use crate::expr::{number, Callee, ExprId, Func, Node, Pool, Rational, SymId};
use crate::limits::Limit;
use num_bigint::BigInt;
use num_traits::One;
use pest::iterators::Pair;
use pest::Parser as _;

#[derive(pest_derive::Parser)]
#[grammar = "../grammar/gradcalc.pest"]
struct Grammar;

/// What the parser needs besides the text.
#[derive(Clone, Debug, Default)]
pub struct ParseOptions {
    /// Multi-letter variable names declared with `--vars` (and parameters, `--params`).
    pub declared: Vec<String>,
    /// Unknown functions declared with `--funcs`.
    pub funcs: Vec<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Op {
    Add,
    Sub,
    Mul,
    Div,
    Pow,
}

#[derive(Clone, Debug)]
enum Tok {
    Op(Op, Span),
    /// A finished operand.
    Val(ExprId, Span),
    /// A parenthesised group: one value, or the arguments of a call.
    Group(Vec<ExprId>, Span),
    Func(FnName, Span),
    /// A Unicode superscript power (`²`, `⁻¹`).
    Sup(ExprId, Span),
    /// The order of a derivative after a function's name: primes (`f''`), `f⁽⁴⁾`, or
    /// LaTeX's `f^{(4)}` (`latex`: elsewhere that is the power 4, as written).
    Order {
        n: u32,
        latex: bool,
        span: Span,
    },
    /// `∂₂` before an unknown function, or `D[1,2](…)`: the arguments (from 1) it is
    /// differentiated by. `∂` alone (no index) is the start of Leibniz's `∂/∂x`.
    Partial(Vec<usize>, Span),
    /// Leibniz's `d/dx`, `∂²/∂x∂y`, `\frac{d}{dx}`: differentiate what follows by these
    /// variables, in turn.
    Leibniz(Vec<SymId>, Span),
}

impl Tok {
    fn span(&self) -> Span {
        match self {
            Tok::Op(_, s)
            | Tok::Val(_, s)
            | Tok::Group(_, s)
            | Tok::Func(_, s)
            | Tok::Sup(_, s)
            | Tok::Partial(_, s)
            | Tok::Leibniz(_, s) => *s,
            Tok::Order { span, .. } => *span,
        }
    }

    fn starts_operand(&self) -> bool {
        matches!(self, Tok::Val(..) | Tok::Group(..) | Tok::Func(..) | Tok::Partial(..) | Tok::Leibniz(..))
    }

    /// Whether a bare function's juxtaposed argument stops before this (`sin x cos y`).
    fn starts_call(&self) -> bool {
        matches!(self, Tok::Func(..) | Tok::Partial(..) | Tok::Leibniz(..))
    }
}

/// Parses one expression. Nesting up to the depth limit recurses that deep (about 4 KB of
/// stack per level in a debug build): call it on a thread with a few MB of stack or more.
pub fn parse(pool: &mut Pool, src: &str, opts: &ParseOptions) -> Result<ExprId> {
    parse_rule(pool, src, opts, Rule::input, false).map(|(mut v, ..)| v.remove(0)).map_err(|e| e.with_source(src))
}

/// What a parse read: the expressions, and the parts of the input as written — each
/// quotient's reciprocal, power and function call as built, before simplification could
/// merge it away (`x/x` is 1) — with where each is written. The parts are what
/// [`crate::eval::domain::Domain::of_input`] keeps as the domain of the input as written.
pub struct Parsed {
    pub exprs: Vec<ExprId>,
    pub written: Vec<(ExprId, Span)>,
    /// The kinks that Leibniz's `d/dx (…)` in the input passed (`d/dx |x|` has no value at 0),
    /// as [`crate::calculus::kinks`] finds them for any derivative.
    pub kinks: Vec<Condition>,
    /// Words of three letters or more read as a product of one-letter symbols (`rate` as
    /// r·a·t·e), in the order written, each once: the command may warn about them.
    pub split_words: Vec<String>,
}

/// [`parse`] (`list`: [`parse_list`]) with the parts of the input as written.
pub fn parse_written(pool: &mut Pool, src: &str, opts: &ParseOptions, list: bool) -> Result<Parsed> {
    let rule = if list { Rule::list } else { Rule::input };
    parse_rule(pool, src, opts, rule, false)
        .map(|(exprs, written, kinks, split_words)| Parsed { exprs, written, kinks, split_words })
        .map_err(|e| e.with_source(src))
}

/// Parses a number typed where no variable belongs (a coordinate, a rate, a component):
/// numbers, `pi`, `e` and functions of them. A variable is an error with a caret, even one
/// that would cancel (`0y` is not 0).
pub fn parse_number(pool: &mut Pool, src: &str) -> Result<ExprId> {
    parse_rule(pool, src, &ParseOptions::default(), Rule::input, true)
        .map(|(mut v, ..)| v.remove(0))
        .map_err(|e| e.with_source(src))
}

/// Parses a comma list of expressions, optionally in brackets: `x^2, 3y` or `[x^2, 3y]`.
pub fn parse_list(pool: &mut Pool, src: &str, opts: &ParseOptions) -> Result<Vec<ExprId>> {
    parse_rule(pool, src, opts, Rule::list, false).map(|(v, ..)| v).map_err(|e| e.with_source(src))
}

/// The expressions, the parts as written and the kinks of Leibniz's derivatives (see [`Parsed`]).
type Read = (Vec<ExprId>, Vec<(ExprId, Span)>, Vec<Condition>, Vec<String>);

fn parse_rule(pool: &mut Pool, src: &str, opts: &ParseOptions, rule: Rule, numbers_only: bool) -> Result<Read> {
    let limits = pool.limits().clone();
    if src.len() > limits.input_bytes {
        return Err(Error::limit(Limit::InputBytes, &limits, true));
    }
    if src.trim().is_empty() {
        return Err(Error::parse("empty expression", (0, src.len())));
    }
    let lexed = prelex(src, limits.depth)?;
    let pairs = Grammar::parse(rule, &lexed).map_err(|e| pest_error(src, e))?;
    let names = names::KnownNames::with_functions(&opts.declared, &opts.funcs);
    let mut lowerer = Lowerer {
        pool,
        names,
        funcs: &opts.funcs,
        depth: 0,
        max_depth: limits.depth,
        numbers_only,
        src,
        written: Vec::new(),
        kinks: Vec::new(),
        split_words: Vec::new(),
        split_seen: Default::default(),
    };
    let top = pairs.into_iter().next().expect("the grammar's top rule always yields one pair");
    let mut out = Vec::new();
    for p in top.into_inner() {
        if p.as_rule() == Rule::expr {
            out.push(lowerer.expr(p)?);
        }
    }
    if let Some(limit) = lowerer.pool.limit_hit() {
        return Err(Error::limit(limit, &limits, false));
    }
    same_arity(lowerer.pool, &out)?;
    Ok((out, lowerer.written, lowerer.kinks, lowerer.split_words))
}

/// An unknown function takes one number of arguments throughout (`f(x) + f(x, y)` is a slip).
fn same_arity(pool: &Pool, roots: &[ExprId]) -> Result<()> {
    let mut seen: Vec<(crate::expr::FnSym, usize)> = Vec::new();
    for n in pool.reachable(roots) {
        if let Node::Call(Callee::Unknown { name, .. }, args) = pool.node(n) {
            match seen.iter().find(|s| s.0 == *name) {
                Some(&(_, k)) if k != args.len() => {
                    let plural = |k: usize| if k == 1 { "argument" } else { "arguments" };
                    let (a, b) = (k.min(args.len()), k.max(args.len()));
                    let message = format!(
                        "the function '{}' is used with {a} {} and with {b} {}",
                        pool.function_name(*name),
                        plural(a),
                        plural(b)
                    );
                    return Err(Error::new(crate::error::ErrorKind::Parse, message)
                        .with_help("an unknown function takes the same arguments wherever it is used"));
                }
                Some(_) => {}
                None => seen.push((*name, args.len())),
            }
        }
    }
    Ok(())
}

/// A bare `|` that opens `|x|`, as pest sees it (see [`prelex`]).
const OPEN_BAR: char = '\u{1}';
/// A bare `|` that closes `|x|`.
const CLOSE_BAR: char = '\u{2}';

/// Reads the text once, left to right, before pest sees it:
/// - brackets must match, and nesting (brackets and `|…|` together) is bounded by the depth
///   limit: pest recurses per level, and a caret under the unmatched bracket is clearer than
///   pest's guess;
/// - control characters (NUL, …) are refused with a caret;
/// - each bare `|` is decided to open or close an absolute value, and is handed to pest as
///   [`OPEN_BAR`] or [`CLOSE_BAR`] (one byte for one byte, so every span stays valid). Left
///   to pest, a `|` after an operand could do either, and trying both at every bar took time
///   exponential in the number of bars (`|x|+|x|+…` with 24 terms ran for minutes).
///
/// A `|` closes when it follows an operand and the innermost open group is a `|`; otherwise it
/// opens. So `||x||` nests, `|x||y|` is |x|·|y|, `|x - |y||` nests, `2|x|` is 2·|x|.
fn prelex(src: &str, max_depth: usize) -> Result<String> {
    let depth_error = |at: usize, c: char| {
        let limits = crate::limits::Limits { depth: max_depth, ..Default::default() };
        Error::limit(Limit::Depth, &limits, true).with_span((at, at + c.len_utf8()))
    };
    let mut out = String::with_capacity(src.len());
    // Open groups: the opening character (`(`, `[`, `{`, `|`) and where it is.
    let mut stack: Vec<(char, usize)> = Vec::new();
    // Whether an operand must come next (so a `|` here opens).
    let mut expect_operand = true;
    // The previous LaTeX command, for `\left\vert`.
    let mut prev_cmd = String::new();
    let mut chars = src.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c != '\\' && !matches!(c, ' ' | '\t' | '\r' | '\n') {
            prev_cmd.clear();
        }
        match c {
            ' ' | '\t' | '\r' | '\n' => {}
            c if c.is_control() => {
                return Err(Error::parse(
                    format!("unexpected control character U+{:04X}", u32::from(c)),
                    (i, i + c.len_utf8()),
                ))
            }
            '\\' => {
                out.push(c);
                let mut name = String::new();
                while let Some(&(_, d)) = chars.peek() {
                    if !d.is_ascii_alphabetic() {
                        break;
                    }
                    name.push(d);
                    out.push(d);
                    chars.next();
                }
                if name.is_empty() {
                    // `\{`, `\}` are brackets (handled next round); `\,` `\;` `\!` `\ ` are spaces.
                    if let Some(&(_, d)) = chars.peek() {
                        if d != '{' && d != '}' && !d.is_control() {
                            out.push(d);
                            chars.next();
                        }
                    }
                    continue;
                }
                // `\left|` and `\right|` are LaTeX's own bars, not bare ones; `\left|`,
                // `\left\vert` and `\lvert` nest like brackets ('L' on the stack).
                let mut bar = false;
                if name == "left" || name == "right" {
                    while let Some(&(_, d)) = chars.peek() {
                        if !matches!(d, ' ' | '\t' | '\r' | '\n') {
                            break;
                        }
                        out.push(d);
                        chars.next();
                    }
                    if let Some(&(_, '|')) = chars.peek() {
                        out.push('|');
                        chars.next();
                        bar = true;
                    }
                }
                let opens = (name == "left" && bar)
                    || matches!(name.as_str(), "lvert" | "lfloor" | "lceil")
                    || (name == "vert" && prev_cmd == "left");
                let closes = (name == "right" && bar)
                    || matches!(name.as_str(), "rvert" | "rfloor" | "rceil")
                    || (name == "vert" && prev_cmd == "right");
                if opens {
                    stack.push(('L', i));
                    if stack.len() > max_depth {
                        return Err(depth_error(i, c));
                    }
                } else if closes && matches!(stack.last(), Some(('L', _))) {
                    stack.pop();
                }
                prev_cmd = name.clone();
                expect_operand = !(name == "pi" || names::greek_symbol(&name).is_some() || name.starts_with("var"));
                continue;
            }
            '(' | '[' | '{' | '⌊' | '⌈' => {
                stack.push((c, i));
                if stack.len() > max_depth {
                    return Err(depth_error(i, c));
                }
                expect_operand = true;
            }
            ')' | ']' | '}' | '⌋' | '⌉' => {
                let want = match c {
                    ')' => '(',
                    ']' => '[',
                    '⌋' => '⌊',
                    '⌉' => '⌈',
                    _ => '{',
                };
                match stack.pop() {
                    Some((open, _)) if open == want => {}
                    Some(('|', at)) => {
                        return Err(Error::parse(format!("unclosed '|'; expected '|' before '{c}'"), (at, at + 1)))
                    }
                    Some(('L', at)) => {
                        return Err(Error::parse(
                            format!("'{c}' does not match the '\\left|' at column {}", col(src, at)),
                            (i, i + c.len_utf8()),
                        ))
                    }
                    Some((open, at)) => {
                        // `\left\{ … \right\}` and `\left( … \right]` use mixed brackets on purpose.
                        if !(src[..i].trim_end().ends_with("\\right") || src[..i].ends_with('\\')) {
                            return Err(Error::parse(
                                format!("'{c}' does not match the '{open}' at column {}", col(src, at)),
                                (i, i + c.len_utf8()),
                            ));
                        }
                    }
                    None => return Err(Error::parse(format!("unmatched '{c}'"), (i, i + c.len_utf8()))),
                }
                expect_operand = false;
            }
            '|' => {
                if !expect_operand && matches!(stack.last(), Some(('|', _))) {
                    stack.pop();
                    out.push(CLOSE_BAR);
                    expect_operand = false;
                } else {
                    stack.push(('|', i));
                    if stack.len() > max_depth {
                        return Err(depth_error(i, c));
                    }
                    out.push(OPEN_BAR);
                    expect_operand = true;
                }
                continue;
            }
            ',' | '+' | '-' | '*' | '/' | '^' | '·' | '×' | '÷' | '−' | '⋅' | '√' => expect_operand = true,
            c if c.is_ascii_alphabetic() => {
                // A run of letters: a function name (or a run ending in one, `xsin`) wants an
                // operand after it; anything else is one.
                let mut run = String::from(c);
                out.push(c);
                while let Some(&(_, d)) = chars.peek() {
                    if !d.is_ascii_alphabetic() {
                        break;
                    }
                    run.push(d);
                    out.push(d);
                    chars.next();
                }
                expect_operand = names::function_suffix(&run).is_some();
                continue;
            }
            _ => expect_operand = false,
        }
        out.push(c);
    }
    // An unclosed `\left|` is left to pest, which names the `\right` it expected.
    if let Some(&(open, at)) = stack.iter().rev().find(|(open, _)| *open != 'L') {
        let close = match open {
            '(' => ')',
            '[' => ']',
            '|' => '|',
            '⌊' => '⌋',
            '⌈' => '⌉',
            _ => '}',
        };
        return Err(Error::parse(
            format!("unclosed '{open}'; expected '{close}' before the end"),
            (at, at + open.len_utf8()),
        ));
    }
    Ok(out)
}

fn col(src: &str, byte: usize) -> usize {
    src[..byte].chars().count() + 1
}

fn pest_error(src: &str, e: pest::error::Error<Rule>) -> Error {
    use pest::error::{ErrorVariant, InputLocation};
    let pos = match e.location {
        InputLocation::Pos(p) => p,
        InputLocation::Span((s, _)) => s,
    };
    let found = src[pos..].chars().next();
    let width = found.map_or(1, |c| c.len_utf8());
    let what = match found {
        None => "unexpected end of input".to_string(),
        Some(c) => format!("unexpected {}", describe_char(c)),
    };
    let expected = match &e.variant {
        ErrorVariant::ParsingError { positives, .. } => describe_expected(positives),
        ErrorVariant::CustomError { message } => message.clone(),
    };
    if found == Some('[') {
        // `[x+1]`: "expected an operand" under the '[' reads as if '[' were no operand.
        return Error::parse("unexpected '['; square brackets do not group", (pos, pos + 1))
            .with_help("group with ( ) or { }; [F1, F2] is only the list of functions for jacobian");
    }
    let msg = if expected.is_empty() { what } else { format!("{what}; expected {expected}") };
    let e = Error::parse(msg, (pos, pos + width));
    match decimal_comma(src, pos) {
        Some(hint) => e.with_help(hint),
        None => e,
    }
}

/// The help line for a comma between digits (`3,5x`): most likely a decimal comma.
fn decimal_comma(src: &str, comma: usize) -> Option<String> {
    if src.as_bytes().get(comma) != Some(&b',') {
        return None;
    }
    let digit = |c: char| c.is_ascii_digit();
    if !src[..comma].ends_with(digit) || !src[comma + 1..].starts_with(digit) {
        return None;
    }
    // The digits run back to the character before them (which may take several bytes); after
    // a letter they are a subscript (`θ0,5`, `x1,2`), not a number.
    let before = src[..comma].char_indices().rev().find(|&(_, c)| !digit(c));
    if before.is_some_and(|(_, c)| c.is_alphabetic() || c == '_' || c == '.') {
        return None;
    }
    let start = before.map_or(0, |(i, c)| i + c.len_utf8());
    let end = src[comma + 1..].find(|c: char| !digit(c)).map_or(src.len(), |i| comma + 1 + i);
    Some(format!(
        "a decimal comma? write {}.{} (a comma separates the arguments of a function)",
        &src[start..comma],
        &src[comma + 1..end]
    ))
}

/// A character as an error names it: quoted when it can be seen, by its code point (and
/// what it is) when it cannot, since a no-break space or a zero-width space pasted from a
/// web page looks like nothing, or like a plain space, between quotes.
fn describe_char(c: char) -> String {
    let name = match c {
        '\u{a0}' => Some("a no-break space"),
        '\u{ad}' => Some("a soft hyphen"),
        '\u{2000}'..='\u{200a}' | '\u{202f}' | '\u{205f}' | '\u{3000}' => Some("a space"),
        '\u{200b}' => Some("a zero-width space"),
        '\u{200c}'..='\u{200f}' | '\u{2060}'..='\u{2064}' => Some("an invisible formatting character"),
        '\u{2028}' | '\u{2029}' => Some("a line separator"),
        '\u{feff}' => Some("a byte-order mark"),
        '\u{300}'..='\u{36f}' | '\u{1ab0}'..='\u{1aff}' | '\u{20d0}'..='\u{20ff}' | '\u{fe20}'..='\u{fe2f}' => {
            Some("a combining mark")
        }
        c if c.is_whitespace() => Some("a space"),
        _ => None,
    };
    match (name, c) {
        (Some(name), c) => format!("U+{:04X} ({name})", u32::from(c)),
        (None, '\'') => "\"'\"".to_string(),
        (None, c) => format!("'{c}'"),
    }
}

fn describe_expected(rules: &[Rule]) -> String {
    let mut out: Vec<&str> = Vec::new();
    for r in rules {
        let s = match r {
            Rule::close_paren => "')'",
            Rule::close_brace => "'}'",
            Rule::close_bracket => "']'",
            Rule::close_bar => "'|'",
            Rule::right => "'\\right'",
            Rule::EOI => "the end of the input",
            Rule::latex_arg | Rule::single_arg => "an argument in braces, like {x}",
            Rule::expr | Rule::op | Rule::number | Rule::word | Rule::group | Rule::superscript => {
                "an operand or operator"
            }
            _ => "an operand or operator",
        };
        if !out.contains(&s) {
            out.push(s);
        }
    }
    match out.len() {
        0 => String::new(),
        1 => out[0].to_string(),
        _ => {
            let last = out.pop().unwrap_or_default();
            format!("{} or {last}", out.join(", "))
        }
    }
}

/// Turns pest pairs into tokens and tokens into pool expressions.
struct Lowerer<'a> {
    pool: &'a mut Pool,
    names: names::KnownNames<'a>,
    /// The unknown functions declared with `--funcs` (names in messages).
    funcs: &'a [String],
    depth: usize,
    max_depth: usize,
    /// A variable is an error ([`parse_number`]).
    numbers_only: bool,
    src: &'a str,
    /// The parts of the input as written (see [`Parsed`]).
    written: Vec<(ExprId, Span)>,
    /// The kinks of Leibniz's derivatives in the input (see [`Parsed`]).
    kinks: Vec<Condition>,
    /// See [`Parsed::split_words`]; a set beside it, for inputs of many words.
    split_words: Vec<String>,
    split_seen: rustc_hash::FxHashSet<String>,
}

fn span_of(p: &Pair<Rule>) -> Span {
    (p.as_span().start(), p.as_span().end())
}

impl Lowerer<'_> {
    fn expr(&mut self, pair: Pair<Rule>) -> Result<ExprId> {
        let end = pair.as_span().end();
        let toks = self.tokens(pair)?;
        let mut pratt = Pratt {
            toks,
            pos: 0,
            end,
            depth: self.depth,
            max_depth: self.max_depth,
            pool: self.pool,
            src: self.src,
            funcs: self.funcs,
            written: &mut self.written,
            kinks: &mut self.kinks,
        };
        let v = pratt.expr(0)?;
        match pratt.toks.get(pratt.pos) {
            Some(Tok::Order { span, .. }) => {
                Err(Error::parse("a prime or an order in parentheses marks the derivative of a function", *span)
                    .with_help(
                        "declare the function with --funcs f to write f'(x); differentiate an expression with d/dx (…)",
                    ))
            }
            Some(t) => Err(Error::parse("unexpected token", t.span())),
            None => Ok(v),
        }
    }

    /// `id`, written at `span`, if it has a value (see [`defined`]); kept as a part of the
    /// input as written (see [`Parsed`]).
    fn defined(&mut self, id: ExprId, span: Span) -> Result<ExprId> {
        self.written.push((id, span));
        defined(self.pool, self.src, id, span)
    }

    fn nested(&mut self, pair: Pair<Rule>) -> Result<ExprId> {
        self.depth += 1;
        if self.depth > self.max_depth {
            let limits = crate::limits::Limits { depth: self.max_depth, ..Default::default() };
            return Err(Error::limit(Limit::Depth, &limits, true).with_span(span_of(&pair)));
        }
        let r = self.expr(pair);
        self.depth -= 1;
        r
    }

    fn tokens(&mut self, pair: Pair<Rule>) -> Result<Vec<Tok>> {
        let items: Vec<Pair<Rule>> = pair.into_inner().collect();
        let mut toks = Vec::with_capacity(items.len());
        let mut next = 0;
        for (i, p) in items.iter().enumerate() {
            if i < next {
                continue; // read as part of Leibniz's notation
            }
            if let Some((tok, used)) = self.leibniz(&items[i..])? {
                toks.push(tok);
                next = i + used;
                continue;
            }
            let span = span_of(p);
            let before_paren = items.get(i + 1).is_some_and(|n| matches!(n.as_rule(), Rule::group | Rule::left_group));
            // `2..3`, `1.5.5`, `1e3.5`, `x2.5`: pest reads a second number `.3` right after the
            // first, which juxtaposition would multiply (2·0.3). A number or a subscript that
            // runs straight into a `.` is a mistake, not a product.
            let dot_follows = items.get(i + 1).is_some_and(|n| {
                n.as_rule() == Rule::number && n.as_span().start() == span.1 && n.as_str().starts_with('.')
            });
            let subscripted = matches!(p.as_rule(), Rule::word | Rule::greek)
                && p.as_str().ends_with(|c: char| c.is_ascii_digit() || c == '}' || ('₀'..='₉').contains(&c));
            if dot_follows && (p.as_rule() == Rule::number || subscripted) {
                let what = if p.as_rule() == Rule::number {
                    "a number has at most one decimal point"
                } else {
                    "a subscript is a whole number"
                };
                return Err(Error::parse(format!("unexpected '.': {what}"), (span.1, span.1 + 1)));
            }
            match p.as_rule() {
                Rule::op => toks.push(Tok::Op(op_of(p.as_str()), span)),
                Rule::number => toks.push(Tok::Val(self.number(p.as_str(), span)?, span)),
                Rule::word => self.word(p.as_str(), span, before_paren, &mut toks)?,
                Rule::text_name => {
                    let w = p.clone().into_inner().next().expect("text_name holds a word");
                    self.word(w.as_str(), span, before_paren, &mut toks)?
                }
                Rule::greek => {
                    let s = p.as_str();
                    let first = s.chars().next().map(|c| c.to_string()).unwrap_or_default();
                    let base = names::greek_by_symbol(&first).unwrap_or("alpha");
                    let sub = subscript_text(&s[first.len()..]);
                    // As for Latin letters: θ₁ is `theta1`, θ_i is `theta_i`.
                    let name = if sub.chars().all(|c| c.is_ascii_digit()) {
                        format!("{base}{sub}")
                    } else {
                        format!("{base}_{sub}")
                    };
                    if let Some(f) = self.names.declared_function(&name) {
                        toks.push(Tok::Func(f, span));
                    } else {
                        self.not_a_function(&name, before_paren, span)?;
                        toks.push(Tok::Val(self.var(&name, span)?, span));
                    }
                }
                Rule::prime => {
                    let n = p.as_str().chars().map(|c| match c {
                        '″' => 2,
                        '‴' => 3,
                        _ => 1,
                    });
                    toks.push(Tok::Order { n: n.sum(), latex: false, span });
                }
                Rule::sup_order | Rule::latex_order => {
                    let digits: String = p
                        .as_str()
                        .chars()
                        .filter_map(|c| {
                            c.to_digit(10).or_else(|| "⁰¹²³⁴⁵⁶⁷⁸⁹".chars().position(|d| d == c).map(|d| d as u32))
                        })
                        .map(|d| char::from(b'0' + d as u8))
                        .collect();
                    let n = self.order_number(&digits, span)?;
                    toks.push(Tok::Order { n, latex: p.as_rule() == Rule::latex_order, span });
                }
                Rule::del => {
                    let index: String =
                        subscript_text(p.as_str().trim_start_matches('∂').trim_start_matches("\\partial"));
                    if index.is_empty() {
                        return Err(Error::parse("'∂' needs an argument's number or a Leibniz quotient", span)
                            .with_help("∂₂g(x, y) is g's derivative by its second argument (--funcs g); ∂/∂x (…) differentiates by x"));
                    }
                    let i = self.order_number(&index, span)?;
                    if i == 0 {
                        return Err(Error::parse(
                            "arguments are numbered from 1: ∂₁g(x, y) is g's derivative by x",
                            span,
                        ));
                    }
                    toks.push(Tok::Partial(vec![i as usize], span));
                }
                Rule::deriv_d => {
                    let mut indices = Vec::new();
                    let mut word = None;
                    for q in p.clone().into_inner() {
                        match q.as_rule() {
                            Rule::deriv_index => {
                                let i = self.order_number(q.as_str(), span_of(&q))?;
                                if i == 0 {
                                    return Err(Error::parse(
                                        "arguments are numbered from 1: D[1](g) is g's derivative by its first",
                                        span_of(&q),
                                    ));
                                }
                                indices.push(i as usize);
                            }
                            Rule::word => word = Some(q),
                            _ => {}
                        }
                    }
                    let w = word.expect("D[…](…) holds a name");
                    let Some(f) = self.names.declared_function(w.as_str()) else {
                        return Err(Error::parse(
                            format!("D[…]({0}): '{0}' is not a function declared with --funcs", w.as_str()),
                            span_of(&w),
                        )
                        .with_help(format!("declare it with --funcs {}", w.as_str())));
                    };
                    toks.push(Tok::Partial(indices, span));
                    toks.push(Tok::Func(f, span_of(&w)));
                }
                Rule::pi_sym => toks.push(Tok::Val(self.pool.pi(), span)),
                Rule::root_sym => toks.push(Tok::Func(
                    match p.as_str() {
                        "∛" => FnName::Cbrt,
                        "∜" => FnName::Root4,
                        _ => FnName::Sqrt,
                    },
                    span,
                )),
                Rule::superscript => toks.push(Tok::Sup(self.superscript(p.as_str()), span)),
                Rule::group => {
                    let mut args = Vec::new();
                    for q in p.clone().into_inner() {
                        if q.as_rule() == Rule::expr {
                            args.push(self.nested(q)?);
                        }
                    }
                    toks.push(Tok::Group(args, span));
                }
                Rule::braces => {
                    let inner = p
                        .clone()
                        .into_inner()
                        .find(|q| q.as_rule() == Rule::expr)
                        .expect("a group holds an expression");
                    let v = self.nested(inner)?;
                    toks.push(Tok::Val(v, span));
                }
                Rule::left_group => {
                    // `\left( … \right)` is a bracket like `( … )`: after a function it is the
                    // argument (or the arguments, `\max\left(x, y\right)`), so
                    // `\sin\left(x\right) y` = sin(x)·y, as in a document.
                    let mut args = Vec::new();
                    for q in p.clone().into_inner() {
                        if q.as_rule() == Rule::expr {
                            args.push(self.nested(q)?);
                        }
                    }
                    toks.push(Tok::Group(args, span));
                }
                Rule::floor | Rule::ceil => {
                    let inner =
                        p.clone().into_inner().find(|q| q.as_rule() == Rule::expr).expect("⌊…⌋ holds an expression");
                    let v = self.nested(inner)?;
                    let f = if p.as_rule() == Rule::floor { Func::Floor } else { Func::Ceil };
                    toks.push(Tok::Val(self.pool.func(f, v), span));
                }
                Rule::abs | Rule::left_abs => {
                    let inner =
                        p.clone().into_inner().find(|q| q.as_rule() == Rule::expr).expect("|…| holds an expression");
                    let v = self.nested(inner)?;
                    toks.push(Tok::Val(self.pool.func(Func::Abs, v), span));
                }
                Rule::frac if leibniz_fraction(p).is_some() => {
                    let vars = leibniz_fraction(p).unwrap_or(Ok(Vec::new())).map_err(|m| Error::parse(m, span))?;
                    let syms = self.leibniz_symbols(&vars, span)?;
                    toks.push(Tok::Leibniz(syms, span));
                }
                Rule::frac => {
                    let args: Vec<Pair<Rule>> = p.clone().into_inner().collect();
                    let num = self.latex_arg(args[0].clone())?;
                    let den = self.latex_arg(args[1].clone())?;
                    // The reciprocal alone first: `\frac{x}{0}` is no more defined than `x/0`.
                    let inv = self.pool.powi(den, -1);
                    let inv = self.defined(inv, span)?;
                    let v = self.pool.mul2(num, inv);
                    toks.push(Tok::Val(self.defined(v, span)?, span));
                }
                Rule::sqrt => {
                    let mut index = None;
                    let mut radicand = None;
                    for q in p.clone().into_inner() {
                        match q.as_rule() {
                            Rule::expr => index = Some(self.nested(q)?),
                            Rule::latex_arg => radicand = Some(self.latex_arg(q)?),
                            _ => {}
                        }
                    }
                    let x = radicand.expect("\\sqrt has an argument");
                    let v = match index {
                        None => self.pool.sqrt(x),
                        Some(n) => {
                            let inv = self.pool.powi(n, -1);
                            let inv = self.defined(inv, span)?;
                            self.pool.pow(x, inv)
                        }
                    };
                    toks.push(Tok::Val(self.defined(v, span)?, span));
                }
                Rule::latex_cmd => {
                    let text = &p.as_str()[1..];
                    toks.push(match text.split_once('_') {
                        Some((name, sub)) => self.latex_subscripted(name, &subscript_text(sub), span)?,
                        None => self.latex_command(text, before_paren, span)?,
                    })
                }
                r => return Err(Error::parse(format!("unexpected {r:?}"), span)),
            }
        }
        Ok(toks)
    }

    fn latex_arg(&mut self, p: Pair<Rule>) -> Result<ExprId> {
        let span = span_of(&p);
        let inner = p.into_inner().next().expect("latex_arg holds an expression or a character");
        match inner.as_rule() {
            Rule::expr => self.nested(inner),
            _ => {
                let s = inner.as_str();
                if s.chars().all(|c| c.is_ascii_digit()) {
                    self.number(s, span)
                } else {
                    let mut toks = Vec::new();
                    self.word(s, span, false, &mut toks)?;
                    match toks.pop() {
                        Some(Tok::Val(v, _)) => Ok(v),
                        _ => Err(Error::parse("expected a value here", span)),
                    }
                }
            }
        }
    }

    /// `\theta_{1}` is the variable `theta1`, `\theta_i` is `theta_i` (as `θ₁`, `θ_i`).
    fn latex_subscripted(&mut self, name: &str, sub: &str, span: Span) -> Result<Tok> {
        // `\log_{2} x`, `\log_{10} x`: the logarithms to bases 2 and 10, as `log_2(x)`.
        if name == "log" {
            return match sub {
                "2" | "10" => {
                    let mut toks = Vec::new();
                    self.word(&format!("log_{{{sub}}}"), span, false, &mut toks)?;
                    toks.pop().ok_or_else(|| Error::parse("expected a logarithm here", span))
                }
                _ => Err(Error::parse(format!("'\\log_{{{sub}}}': a subscript on \\log is base 2 or 10"), span)
                    .with_help(format!("for another base write log({sub}, x)"))),
            };
        }
        let base = name.strip_prefix("var").filter(|b| names::greek_symbol(b).is_some()).unwrap_or(name);
        if names::greek_symbol(base).is_none() {
            return Err(Error::parse(format!("'\\{name}' does not take a subscript; only a variable does"), span));
        }
        let name =
            if sub.chars().all(|c| c.is_ascii_digit()) { format!("{base}{sub}") } else { format!("{base}_{sub}") };
        Ok(Tok::Val(self.var(&name, span)?, span))
    }

    fn latex_command(&mut self, name: &str, before_paren: bool, span: Span) -> Result<Tok> {
        if let Some(f) = self.names.function(name) {
            return Ok(Tok::Func(f, span));
        }
        if name == "pi" {
            return Ok(Tok::Val(self.pool.pi(), span));
        }
        if names::greek_symbol(name).is_some() {
            self.not_a_function(name, before_paren, span)?;
            return Ok(Tok::Val(self.var(name, span)?, span));
        }
        if name == "varepsilon" || name == "vartheta" || name == "varphi" {
            if let Some(f) = self.names.declared_function(&name[3..]) {
                return Ok(Tok::Func(f, span));
            }
            self.not_a_function(&name[3..], before_paren, span)?;
            return Ok(Tok::Val(self.var(&name[3..], span)?, span));
        }
        let help = match name {
            "left" | "right" => "\\left and \\right go in pairs around a bracket, like \\left( x \\right)".to_string(),
            _ => "the LaTeX subset is \\frac, \\sqrt, \\cdot, \\times, \\left( \\right), \\pi, Greek letters and the functions (\\sin, \\ln, …)".to_string(),
        };
        Err(Error::parse(format!("unknown LaTeX command '\\{name}'"), span).with_help(help))
    }

    fn word(&mut self, text: &str, span: Span, before_paren: bool, toks: &mut Vec<Tok>) -> Result<()> {
        // `log1p` is a name with a digit inside, not `log` with the subscript `1p`; letters
        // before it split as any run does (`xlog1p(x)` = x·log1p(x)).
        if let Some(prefix) = text.strip_suffix("log1p") {
            if !prefix.is_empty() {
                self.word(prefix, span, false, toks)?;
            }
            toks.push(Tok::Func(FnName::Log1p, span));
            return Ok(());
        }
        let letters_end = text.find(|c: char| !c.is_ascii_alphabetic()).unwrap_or(text.len());
        let (letters, rest) = text.split_at(letters_end);
        let sub = subscript_text(rest);
        let sub = if sub.is_empty() { None } else { Some(sub.as_str()) };
        let pieces = names::split_word(letters, sub, before_paren, &self.names).map_err(|u| {
            let mut e = Error::parse(format!("unknown function '{}'", u.name), span);
            if let Some(s) = u.suggestion {
                e.message.push_str(&format!("; did you mean '{s}'?"));
            } else if u.name.len() >= 3 && before_paren {
                e = e.with_help(format!(
                    "the functions are {}; declare a function of your own with --funcs {name}, a longer variable name with --vars {name}, or multiply: {name}*(…)",
                    names::FUNCTION_LIST,
                    name = u.name
                ));
            }
            e
        })?;
        if before_paren {
            if let Some(Piece::Var(v)) = pieces.last() {
                self.not_a_function(v, true, span)?;
            }
        }
        let one_letter = |p: &Piece| matches!(p, Piece::E) || matches!(p, Piece::Var(v) if v.len() == 1);
        if sub.is_none()
            && letters.len() >= 3
            && pieces.len() == letters.len()
            && pieces.iter().all(one_letter)
            && self.split_seen.insert(letters.to_string())
        {
            self.split_words.push(letters.to_string());
        }
        for piece in pieces {
            toks.push(match piece {
                Piece::Var(v) => Tok::Val(self.var(&v, span)?, span),
                Piece::Pi => Tok::Val(self.pool.pi(), span),
                Piece::E => Tok::Val(self.pool.e(), span),
                Piece::Func(f) => Tok::Func(f, span),
            });
        }
        Ok(())
    }

    /// `f(…)`, `g(…)`, `h(…)`, `σ(…)`, `φ(…)`, `ψ(…)` (`before_paren`) without a declaration:
    /// most likely meant as a function, so an error with a help line rather than a product.
    fn not_a_function(&self, name: &str, before_paren: bool, span: Span) -> Result<()> {
        const LOOK_LIKE_FUNCTIONS: [&str; 6] = ["f", "g", "h", "sigma", "phi", "psi"];
        if !before_paren || !LOOK_LIKE_FUNCTIONS.contains(&name) || self.names.is_declared(name) {
            return Ok(());
        }
        let shown = names::greek_symbol(name).unwrap_or(name);
        let mut help = String::new();
        if name == "sigma" {
            help.push_str("for the logistic function write sigmoid(…); ");
        }
        help.push_str(&format!(
            "declare {shown} with --funcs {name} for an unknown function, or with --vars {name} (or --params) to multiply by it"
        ));
        Err(Error::parse(format!("{shown}(…) reads as a function, but '{shown}' is not one"), span).with_help(help))
    }

    /// The order of a derivative, or an argument's number, within the order limit.
    fn order_number(&self, digits: &str, span: Span) -> Result<u32> {
        let limits = self.pool.limits();
        match digits.parse::<u32>() {
            Ok(n) if (n as usize) <= limits.order => Ok(n),
            _ => Err(Error::limit(Limit::Order, limits, true).with_span(span)),
        }
    }

    /// Leibniz's notation at the start of `items`: `d/dx`, `d^2/dx^2`, `∂/∂x`, `∂²/∂x∂y`,
    /// `\partial/\partial x`. The token and how many items it took; `None` when they are not
    /// that (`d/2` is d/2).
    fn leibniz(&mut self, items: &[Pair<Rule>]) -> Result<Option<(Tok, usize)>> {
        let first = &items[0];
        let partial = match (first.as_rule(), first.as_str()) {
            (Rule::word, "d") => false,
            (Rule::del, "∂" | "\\partial") => true,
            _ => return Ok(None),
        };
        let mut k = 1;
        let (order, used) = order_after(&items[k..]);
        k += used;
        if !items.get(k).is_some_and(|o| o.as_rule() == Rule::op && o.as_str() == "/") {
            return Ok(None);
        }
        k += 1;
        let start = span_of(first).0;
        let mut vars: Vec<(String, u32)> = Vec::new();
        while let Some(it) = items.get(k) {
            let name = if partial {
                if !(it.as_rule() == Rule::del && matches!(it.as_str(), "∂" | "\\partial")) {
                    break;
                }
                let Some(v) = items.get(k + 1) else {
                    return Err(Error::parse("'∂' needs the variable to differentiate by, like ∂/∂x", span_of(it)));
                };
                k += 2;
                self.leibniz_variable(v, None)?
            } else {
                // `d/dx`, `d/d x`, `d/dθ`; not `d^2/c` (d²/c) nor `d/dx` with dx declared as a name.
                let variable_next =
                    items.get(k + 1).is_some_and(|v| matches!(v.as_rule(), Rule::word | Rule::greek | Rule::latex_cmd));
                match (it.as_rule(), it.as_str()) {
                    (Rule::word, w) if w.len() > 1 && w.starts_with('d') && !self.names.is_declared(w) => {
                        k += 1;
                        self.leibniz_variable(it, Some(&w[1..]))?
                    }
                    (Rule::word, "d") if variable_next => {
                        k += 2;
                        self.leibniz_variable(&items[k - 1], None)?
                    }
                    _ => break,
                }
            };
            let (n, used) = order_after(&items[k..]);
            k += used;
            vars.push((name, n.unwrap_or(1)));
            if !partial {
                break;
            }
        }
        let span = (start, span_of(&items[k - 1]).1);
        if vars.is_empty() {
            // `d/2`, `d^2/c`: the variable d, divided; a bare `∂` has no other reading.
            if partial {
                return Err(Error::parse("Leibniz's notation needs the variable: ∂/∂x, ∂²/∂x∂y", span));
            }
            return Ok(None);
        }
        let total: u32 = vars.iter().map(|v| v.1).sum();
        check_leibniz_order(order, total, partial).map_err(|m| Error::parse(m, span))?;
        let syms = self.leibniz_symbols(&vars, span)?;
        Ok(Some((Tok::Leibniz(syms, span), k)))
    }

    /// The variable of `d…` or after `∂` (`rest`: the letters after the d of `dx`).
    fn leibniz_variable(&mut self, item: &Pair<Rule>, rest: Option<&str>) -> Result<String> {
        let span = span_of(item);
        let one = |pieces: Vec<Piece>| match pieces[..] {
            [Piece::Var(ref v)] => Some(v.clone()),
            [Piece::E] => Some("e".to_string()),
            _ => None,
        };
        let name = match item.as_rule() {
            Rule::word => {
                let text = rest.unwrap_or(item.as_str());
                let letters_end = text.find(|c: char| !c.is_ascii_alphabetic()).unwrap_or(text.len());
                let (letters, sub) = text.split_at(letters_end);
                let sub = subscript_text(sub);
                let sub = if sub.is_empty() { None } else { Some(sub.as_str()) };
                names::split_word(letters, sub, false, &self.names).ok().and_then(one)
            }
            Rule::greek => {
                let s = item.as_str();
                let first = s.chars().next().map(|c| c.to_string()).unwrap_or_default();
                let base = names::greek_by_symbol(&first).unwrap_or("alpha");
                let sub = subscript_text(&s[first.len()..]);
                Some(if sub.is_empty() {
                    base.to_string()
                } else if sub.chars().all(|c| c.is_ascii_digit()) {
                    format!("{base}{sub}")
                } else {
                    format!("{base}_{sub}")
                })
            }
            Rule::latex_cmd if names::greek_symbol(&item.as_str()[1..]).is_some() => {
                Some(item.as_str()[1..].to_string())
            }
            _ => None,
        };
        name.ok_or_else(|| {
            Error::parse("Leibniz's notation differentiates by one variable at a time: ∂/∂x, ∂²/∂x∂y, d/dx", span)
        })
    }

    /// The variables of Leibniz's notation, each as often as its order, in the order they
    /// are applied (right to left: ∂²/∂x∂y differentiates by y, then x).
    fn leibniz_symbols(&mut self, vars: &[(String, u32)], span: Span) -> Result<Vec<SymId>> {
        let mut out = Vec::new();
        for (name, n) in vars.iter().rev() {
            let v = self.var(name, span)?;
            let Node::Sym(s) = *self.pool.node(v) else { continue };
            out.extend(std::iter::repeat_n(s, *n as usize));
        }
        if out.len() > self.pool.limits().order {
            return Err(Error::limit(Limit::Order, self.pool.limits(), true).with_span(span));
        }
        Ok(out)
    }

    /// The variable `name`, written at `span`.
    fn var(&mut self, name: &str, span: Span) -> Result<ExprId> {
        if self.numbers_only {
            let written = self.src.get(span.0..span.1).unwrap_or(name);
            return Err(Error::parse(format!("'{written}' is not a number or a constant (pi, e)"), span));
        }
        Ok(self.pool.var_named(name))
    }

    /// An exact number: `0.1` is 1/10, `1e-3` is 1/1000.
    fn number(&mut self, text: &str, span: Span) -> Result<ExprId> {
        let (mantissa, exp) = match text.find(['e', 'E']) {
            Some(i) => {
                (&text[..i], text[i + 1..].parse::<i64>().map_err(|_| Error::parse("exponent too large", span))?)
            }
            None => (text, 0),
        };
        let (int_part, frac_part) = mantissa.split_once('.').unwrap_or((mantissa, ""));
        let digits = format!("{int_part}{frac_part}");
        let digits = if digits.is_empty() { "0" } else { &digits };
        let n = number::parse_digits(digits).ok_or_else(|| Error::parse("not a number", span))?;
        let scale = exp - frac_part.len() as i64;
        let limits = self.pool.limits().clone();
        let value = number::decimal(n, scale, limits.int_bits)
            .ok_or_else(|| Error::limit(Limit::IntBits, &limits, true).with_span(span))?;
        Ok(self.pool.num(value))
    }

    fn superscript(&mut self, text: &str) -> ExprId {
        let mut v: i64 = 0;
        let mut neg = false;
        for c in text.chars() {
            match "⁰¹²³⁴⁵⁶⁷⁸⁹".chars().position(|d| d == c) {
                Some(d) => v = v.saturating_mul(10).saturating_add(d as i64),
                None => neg = true,
            }
        }
        self.pool.int(if neg { -v } else { v })
    }
}

/// `^2` or `²` at the start of `items`: the order, and how many items it took.
fn order_after(items: &[Pair<Rule>]) -> (Option<u32>, usize) {
    match items {
        [op, n, ..] if op.as_rule() == Rule::op && matches!(op.as_str(), "^" | "**") && n.as_rule() == Rule::number => {
            (n.as_str().parse().ok(), 2)
        }
        [sup, ..] if sup.as_rule() == Rule::superscript && !sup.as_str().starts_with('⁻') => {
            let digits: String = sup
                .as_str()
                .chars()
                .filter_map(|c| "⁰¹²³⁴⁵⁶⁷⁸⁹".chars().position(|d| d == c))
                .map(|d| char::from(b'0' + d as u8))
                .collect();
            (digits.parse().ok(), 1)
        }
        _ => (None, 0),
    }
}

/// The order of the numerator (`d²`, `∂^2`) must be the sum of the denominator's; without
/// one, `d/dx` is a first derivative (`∂/∂x∂y` is a slip for `∂²/∂x∂y`).
fn check_leibniz_order(order: Option<u32>, total: u32, partial: bool) -> std::result::Result<(), String> {
    let d = if partial { "∂" } else { "d" };
    match order {
        Some(n) if n != total => Err(format!("the orders do not match: {d}^{n} over a derivative of order {total}")),
        None if total != 1 => Err(format!("a derivative of order {total} is written with {d}^{total} on top")),
        _ => Ok(()),
    }
}

/// `\frac{d}{dx}`, `\frac{d^2}{dx^2}`, `\frac{\partial}{\partial x}`,
/// `\frac{\partial^2}{\partial x \partial y}` (also with `\mathrm{d}`): the variables and
/// their orders; `None` when the fraction is not Leibniz's notation, an error message when it
/// is but its orders do not add up.
fn leibniz_fraction(p: &Pair<Rule>) -> Option<std::result::Result<Vec<(String, u32)>, String>> {
    let args: Vec<String> = p
        .clone()
        .into_inner()
        .map(|a| {
            let t = a.as_str().trim();
            let t = t.strip_prefix('{').and_then(|t| t.strip_suffix('}')).unwrap_or(t);
            let mut t = t.to_string();
            for (from, to) in [("\\mathrm{d}", "d"), ("\\operatorname{d}", "d"), ("\\text{d}", "d")] {
                t = t.replace(from, to);
            }
            for space in ["\\,", "\\;", "\\!", "\\:", "\\ "] {
                t = t.replace(space, " ");
            }
            t
        })
        .collect();
    let [top, bottom] = &args[..] else { return None };
    let mut top = top.trim();
    let partial = if let Some(r) = top.strip_prefix("\\partial") {
        top = r;
        true
    } else if let Some(r) = top.strip_prefix('d') {
        top = r;
        false
    } else {
        return None;
    };
    let (order, rest) = latex_power(top.trim_start());
    if !rest.trim().is_empty() {
        return None;
    }
    let mut vars: Vec<(String, u32)> = Vec::new();
    let mut b = bottom.trim();
    while !b.is_empty() {
        let after = if partial { b.strip_prefix("\\partial") } else { b.strip_prefix('d') }?;
        let after = after.trim_start();
        // The variable: a Greek command, or one letter, with an optional subscript.
        let (name, rest) = if let Some(cmd) = after.strip_prefix('\\') {
            let len = cmd.find(|c: char| !c.is_ascii_alphabetic()).unwrap_or(cmd.len());
            let name =
                cmd[..len].strip_prefix("var").filter(|n| names::greek_symbol(n).is_some()).unwrap_or(&cmd[..len]);
            names::greek_symbol(name)?;
            (name.to_string(), &cmd[len..])
        } else {
            let c = after.chars().next().filter(char::is_ascii_alphabetic)?;
            (c.to_string(), &after[1..])
        };
        let (sub, rest) = latex_subscript(rest);
        let name = match sub {
            None => name,
            Some(s) if s.chars().all(|c| c.is_ascii_digit()) => format!("{name}{s}"),
            Some(s) => format!("{name}_{s}"),
        };
        let (n, rest) = latex_power(rest.trim_start());
        vars.push((name, n.unwrap_or(1)));
        b = rest.trim_start();
        if !partial && !b.is_empty() {
            return None;
        }
    }
    if vars.is_empty() {
        return None;
    }
    let total = vars.iter().map(|v| v.1).sum();
    Some(check_leibniz_order(order, total, partial).map(|()| vars))
}

/// `^2`, `^{2}` at the start of `s`: the exponent and the rest.
fn latex_power(s: &str) -> (Option<u32>, &str) {
    let Some(r) = s.strip_prefix('^') else { return (None, s) };
    let r = r.trim_start();
    if let Some(inner) = r.strip_prefix('{') {
        if let Some(end) = inner.find('}') {
            return (inner[..end].trim().parse().ok(), &inner[end + 1..]);
        }
        return (None, s);
    }
    let len = r.find(|c: char| !c.is_ascii_digit()).unwrap_or(r.len());
    if len == 0 {
        return (None, s);
    }
    (r[..len].parse().ok(), &r[len..])
}

/// `_1`, `_{12}`, `12` at the start of `s`: the subscript and the rest.
fn latex_subscript(s: &str) -> (Option<String>, &str) {
    if let Some(r) = s.strip_prefix('_') {
        if let Some(inner) = r.strip_prefix('{') {
            if let Some(end) = inner.find('}') {
                return (Some(inner[..end].to_string()), &inner[end + 1..]);
            }
        }
        if let Some(c) = r.chars().next().filter(char::is_ascii_alphanumeric) {
            return (Some(c.to_string()), &r[1..]);
        }
        return (None, s);
    }
    let len = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
    if len > 0 {
        return (Some(s[..len].to_string()), &s[len..]);
    }
    (None, s)
}

/// `_1`, `_{12}`, `12`, `₁₂` → `12`; `_i` → `i`.
fn subscript_text(s: &str) -> String {
    let s = s.strip_prefix('_').unwrap_or(s);
    let s = s.strip_prefix('{').and_then(|t| t.strip_suffix('}')).unwrap_or(s);
    s.chars()
        .map(|c| match "₀₁₂₃₄₅₆₇₈₉".chars().position(|d| d == c) {
            Some(d) => char::from(b'0' + d as u8),
            None => c,
        })
        .collect()
}

fn op_of(s: &str) -> Op {
    match s {
        "+" => Op::Add,
        "-" | "−" => Op::Sub,
        "/" | "\\div" | "÷" => Op::Div,
        "^" | "**" => Op::Pow,
        _ => Op::Mul,
    }
}

/// `id`, written at `span` of `src`, if it has a value; else the math error naming that text:
/// a constant part such as `ln(0)` or `x/0` is refused where it is written, before
/// canonical forms can drop it (`0·ln(0)` would be 0, `ln(0)^0` would be 1). The message
/// quotes the input (`x/0 is not defined`), not the canonical form of the part that failed
/// (`1/0`), which the input may not contain.
// Not inlined: the recursive parsing functions that call it keep small stack frames.
#[inline(never)]
fn defined(pool: &mut Pool, src: &str, id: ExprId, span: Span) -> Result<ExprId> {
    if !pool.is_constant(id) || pool.as_num(id).is_some() {
        return Ok(id);
    }
    match crate::eval::exact::value_at(pool, id, &Default::default()) {
        Ok(_) => Ok(id),
        Err(u) => {
            let written = quote(src, span);
            Err(Error::math(format!("{written} is not defined: {}", u.reason)).with_span(span))
        }
    }
}

/// Characters of the input a message quotes at most; longer text keeps its ends.
const QUOTED: usize = 60;

/// The text of `src` under `span`, spaces and line breaks collapsed, shortened in the middle
/// when long (`x^2 + … + 1/0`): how every message names a part of the input as written.
pub fn quote(src: &str, span: Span) -> String {
    let text = src.get(span.0..span.1).unwrap_or(src);
    let chars: Vec<char> = text.split_whitespace().flat_map(|w| w.chars().chain([' '])).collect();
    let chars = &chars[..chars.len().saturating_sub(1)];
    if chars.len() <= QUOTED {
        return chars.iter().collect();
    }
    let head: String = chars[..QUOTED * 2 / 3].iter().collect();
    let tail: String = chars[chars.len() - QUOTED / 3..].iter().collect();
    format!("{} … {}", head.trim_end(), tail.trim_start())
}

/// The Pratt parser over one expression's tokens.
struct Pratt<'a> {
    toks: Vec<Tok>,
    pos: usize,
    /// Where the expression ends in the source, for "expected … at the end" carets.
    end: usize,
    depth: usize,
    max_depth: usize,
    pool: &'a mut Pool,
    /// The text the token spans point into, for messages that quote it.
    src: &'a str,
    /// The unknown functions declared with `--funcs`.
    funcs: &'a [String],
    /// The parts of the input as written (see [`Parsed`]).
    written: &'a mut Vec<(ExprId, Span)>,
    /// The kinks of Leibniz's derivatives (see [`Parsed`]).
    kinks: &'a mut Vec<Condition>,
}

const SUM: (u8, u8) = (10, 11);
const PRODUCT: (u8, u8) = (20, 21);
const UNARY: u8 = 15;
const POWER: (u8, u8) = (31, 30);

impl Pratt<'_> {
    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.pos)
    }

    /// Where the next token starts (the end of the input when there is none).
    fn here(&self) -> usize {
        self.peek().map_or(self.end, |t| t.span().0)
    }

    /// Where the last token read ends.
    fn consumed(&self) -> usize {
        self.pos.checked_sub(1).map_or(self.end, |i| self.toks[i].span().1)
    }

    /// The span from `start` to the end of what has been read.
    fn since(&self, start: usize) -> Span {
        (start, self.consumed().max(start))
    }

    fn missing_operand(&self, after: Option<Span>) -> Error {
        match self.peek() {
            None => {
                let at = after.map_or(self.end, |s| s.1);
                Error::parse("unexpected end of input; expected an operand (a number, variable or '(')", (at, at + 1))
            }
            Some(Tok::Op(op, span)) => {
                let sym = match op {
                    Op::Mul => "*",
                    Op::Div => "/",
                    Op::Pow => "^",
                    Op::Add => "+",
                    Op::Sub => "-",
                };
                Error::parse(format!("'{sym}' needs an operand on its left"), *span)
            }
            Some(Tok::Sup(_, span)) => Error::parse("a superscript needs something to raise", *span),
            Some(t) => Error::parse("expected an operand", t.span()),
        }
    }

    /// The binding power of the infix (or postfix) operator at the current token.
    fn infix_here(&self) -> Option<(u8, u8)> {
        match self.peek()? {
            Tok::Op(Op::Add | Op::Sub, _) => Some(SUM),
            Tok::Op(Op::Mul | Op::Div, _) => Some(PRODUCT),
            Tok::Op(Op::Pow, _) | Tok::Sup(..) | Tok::Order { latex: true, .. } => Some(POWER),
            t if t.starts_operand() => Some(PRODUCT), // juxtaposition
            _ => None,
        }
    }

    fn expr(&mut self, min_bp: u8) -> Result<ExprId> {
        self.depth += 1;
        if self.depth > self.max_depth {
            let limits = crate::limits::Limits { depth: self.max_depth, ..Default::default() };
            let span = self.peek().map_or((self.end, self.end + 1), Tok::span);
            return Err(Error::limit(Limit::Depth, &limits, true).with_span(span));
        }
        let start = self.here();
        let mut lhs = self.prefix(min_bp)?;
        while let Some((l_bp, r_bp)) = self.infix_here() {
            if l_bp < min_bp {
                break;
            }
            lhs = match (l_bp, r_bp) {
                SUM => self.sum(lhs, min_bp)?,
                PRODUCT => self.product(lhs, start, min_bp)?,
                _ => self.power(lhs, start)?,
            };
        }
        self.depth -= 1;
        Ok(lhs)
    }

    /// A run of `+`/`-` at one level, built as one sum (a long flat sum stays linear).
    fn sum(&mut self, first: ExprId, min_bp: u8) -> Result<ExprId> {
        let mut terms = vec![first];
        while let Some(Tok::Op(op @ (Op::Add | Op::Sub), span)) = self.peek().cloned() {
            if SUM.0 < min_bp {
                break;
            }
            self.pos += 1;
            if self.peek().is_none() {
                return Err(self.missing_operand(Some(span)));
            }
            let rhs = self.expr(SUM.1)?;
            terms.push(if op == Op::Sub { self.pool.neg(rhs) } else { rhs });
        }
        Ok(self.pool.add(terms))
    }

    /// A run of `*`, `/` and juxtaposition at one level, built as one product; `start` is
    /// where its first factor begins.
    fn product(&mut self, first: ExprId, start: usize, min_bp: u8) -> Result<ExprId> {
        let first_span = self.since(start);
        let mut factors = vec![first];
        while let Some(t) = self.peek().cloned() {
            if PRODUCT.0 < min_bp {
                break;
            }
            let divide = match t {
                Tok::Op(Op::Mul, span) | Tok::Op(Op::Div, span) => {
                    self.pos += 1;
                    if self.peek().is_none() {
                        return Err(self.missing_operand(Some(span)));
                    }
                    matches!(t, Tok::Op(Op::Div, _))
                }
                ref t if t.starts_operand() => false,
                _ => break,
            };
            let factor_start = self.here();
            let rhs = self.expr(PRODUCT.1)?;
            // A quotient is named from the start of the product (`x/0`, `2x/(1-1)`), a
            // factor by itself.
            let (factor, span) =
                if divide { (self.pool.powi(rhs, -1), self.since(start)) } else { (rhs, self.since(factor_start)) };
            factors.push(self.defined(factor, span)?);
        }
        if factors.len() > 1 {
            // A zero factor would make an undefined one vanish (0·ln(0) = 0, 0/0): check first.
            factors[0] = self.defined(factors[0], first_span)?;
        }
        Ok(self.pool.mul(factors))
    }

    /// `id`, written at `span`, if it has a value (see [`defined`]); kept as a part of the
    /// input as written (see [`Parsed`]).
    fn defined(&mut self, id: ExprId, span: Span) -> Result<ExprId> {
        self.written.push((id, span));
        defined(self.pool, self.src, id, span)
    }

    /// `base^e` or `base²`; `start` is where the base begins.
    fn power(&mut self, base: ExprId, start: usize) -> Result<ExprId> {
        let base_span = self.since(start);
        match self.peek().cloned() {
            Some(Tok::Sup(e, _)) => {
                self.pos += 1;
                let base = self.defined(base, base_span)?;
                let p = self.pool.pow(base, e);
                self.defined(p, self.since(start))
            }
            // `x^{(2)}`, away from a function: the power, as written.
            Some(Tok::Order { n, latex: true, .. }) => {
                self.pos += 1;
                let base = self.defined(base, base_span)?;
                let e = self.pool.int(i64::from(n));
                let p = self.pool.pow(base, e);
                self.defined(p, self.since(start))
            }
            Some(Tok::Op(Op::Pow, span)) => {
                self.pos += 1;
                if self.peek().is_none() {
                    return Err(self.missing_operand(Some(span)));
                }
                let exp_start = self.here();
                let e = self.expr(POWER.1)?;
                let base = self.defined(base, base_span)?;
                let e = self.defined(e, self.since(exp_start))?;
                let p = self.pool.pow(base, e);
                self.defined(p, self.since(start))
            }
            _ => Ok(base),
        }
    }

    /// An operand, or a unary sign and its operand; `min_bp` is the binding power of the
    /// context, which the operand of a sign never binds looser than.
    fn prefix(&mut self, min_bp: u8) -> Result<ExprId> {
        let Some(t) = self.peek().cloned() else {
            return Err(self.missing_operand(None));
        };
        match t {
            Tok::Op(Op::Sub, span) | Tok::Op(Op::Add, span) => {
                self.pos += 1;
                if self.peek().is_none() {
                    return Err(self.missing_operand(Some(span)));
                }
                let v = self.expr(UNARY.max(min_bp))?;
                Ok(if matches!(t, Tok::Op(Op::Sub, _)) { self.pool.neg(v) } else { v })
            }
            Tok::Val(v, _) => {
                self.pos += 1;
                Ok(v)
            }
            Tok::Group(args, span) => {
                self.pos += 1;
                if args.len() != 1 {
                    let comma = self.src.get(span.0..span.1).and_then(|g| g.find(',')).map(|i| span.0 + i);
                    let help = comma
                        .and_then(|c| decimal_comma(self.src, c))
                        .unwrap_or_else(|| "commas separate the arguments of a function, like log(2, x)".to_string());
                    return Err(Error::parse(
                        format!("a list of {} values is not an expression here", args.len()),
                        span,
                    )
                    .with_help(help));
                }
                Ok(args[0])
            }
            Tok::Func(f, span) => {
                self.pos += 1;
                self.call(f, span, &[])
            }
            Tok::Partial(..) => {
                // `∂₁∂₂g(x, y)`: the indices, then the function they apply to.
                let mut indices = Vec::new();
                while let Some(Tok::Partial(is, _)) = self.peek().cloned() {
                    indices.extend(is);
                    self.pos += 1;
                }
                match self.peek().cloned() {
                    Some(Tok::Func(f @ FnName::Declared(_), span)) => {
                        self.pos += 1;
                        self.call(f, span, &indices)
                    }
                    Some(Tok::Func(f, span)) => Err(Error::parse(
                        format!(
                            "∂ with an argument's number is for functions declared with --funcs, not '{}'",
                            self.label(f)
                        ),
                        span,
                    )
                    .with_help("differentiate an expression with ∂/∂x (…) or d/dx (…)")),
                    _ => Err(Error::parse(
                        "'∂' with an argument's number needs a function after it, like ∂₂g(x, y)",
                        t.span(),
                    )),
                }
            }
            Tok::Leibniz(vars, span) => {
                self.pos += 1;
                let written = self.src.get(span.0..span.1).unwrap_or("d/dx").to_string();
                let args = self.arguments(&written, span)?;
                if args.len() != 1 {
                    return Err(Error::parse(format!("'{written}' takes one expression, not {}", args.len()), span));
                }
                let mut deriver = crate::calculus::Deriver::new();
                self.kinks.extend(crate::calculus::kinks::of_derivative(&mut deriver, self.pool, args[0], &vars));
                let d = deriver.derive_seq(self.pool, args[0], &vars);
                self.defined(d, self.since(span.0))
            }
            Tok::Order { span, .. } => {
                Err(Error::parse("a prime or an order in parentheses marks the derivative of a function", span)
                    .with_help("write it right after the function's name, like f'(x) (declare f with --funcs f)"))
            }
            Tok::Op(..) | Tok::Sup(..) => Err(self.missing_operand(None)),
        }
    }

    /// A function's name as typed.
    fn label(&self, f: FnName) -> String {
        match f {
            FnName::Declared(i) => self.funcs.get(usize::from(i)).cloned().unwrap_or_default(),
            f => fn_label(f).to_string(),
        }
    }

    /// The argument(s) of `what` at the current token: a parenthesised group, or the
    /// juxtaposed operands up to the next function (`sin 2x y`) as one product, each checked
    /// before a zero among them can hide it. A sign right after the name is an error: `sin + x`
    /// is no more sin(+x) than `sin * x` is sin(x).
    fn arguments(&mut self, name: &str, span: Span) -> Result<Vec<ExprId>> {
        let what = if name.contains('/') { format!("'{name}'") } else { format!("function '{name}'") };
        Ok(match self.peek().cloned() {
            Some(Tok::Group(args, _)) => {
                self.pos += 1;
                args
            }
            Some(t) if t.starts_operand() => {
                let mut factors = Vec::new();
                while let Some(t) = self.peek() {
                    if !t.starts_operand() || (t.starts_call() && !factors.is_empty()) {
                        break;
                    }
                    let factor_start = self.here();
                    let factor = self.expr(PRODUCT.1)?;
                    factors.push(self.defined(factor, self.since(factor_start))?);
                }
                vec![self.pool.mul(factors)]
            }
            Some(Tok::Op(op @ (Op::Add | Op::Sub), op_span)) => {
                let sym = self.src.get(op_span.0..op_span.1).unwrap_or(if op == Op::Sub { "-" } else { "+" });
                let mut help = format!("put its argument in parentheses: {name}(x) {sym} …");
                if op == Op::Sub {
                    help.push_str(&format!(", or {name}(-x) if the minus belongs to the argument"));
                }
                return Err(Error::parse(format!("{what} needs an argument before '{sym}'"), op_span).with_help(help));
            }
            _ => {
                return Err(
                    Error::parse(format!("{what} needs an argument"), span).with_help(format!("write {name}(x)"))
                );
            }
        })
    }

    /// `f(x)`, `f(a, b)`, `f^2(x)`, `f x` (no parentheses: the juxtaposed operands after it);
    /// `sin^-1(x)`, `sin⁻¹ x` are asin (the inverse function, as textbooks write it);
    /// `f'(x)`, `f⁽⁴⁾(x)` and, with `indices` from `∂₂`, `∂₂g(x, y)` are derivatives of an
    /// unknown function.
    fn call(&mut self, f: FnName, span: Span, indices: &[usize]) -> Result<ExprId> {
        let mut primes = 0;
        if let Some(Tok::Order { n, latex, span: at }) = self.peek().cloned() {
            if !matches!(f, FnName::Declared(_)) && !latex {
                return Err(Error::parse(
                    format!(
                        "a prime marks the derivative of a function declared with --funcs, not of '{}'",
                        self.label(f)
                    ),
                    at,
                )
                .with_help("differentiate an expression with d/dx (…)"));
            }
            if matches!(f, FnName::Declared(_)) {
                self.pos += 1;
                primes = n;
            }
        }
        let mut power = None;
        let mut power_span = span;
        match self.peek().cloned() {
            Some(Tok::Sup(e, at)) => {
                self.pos += 1;
                power = Some(e);
                power_span = at;
            }
            Some(Tok::Op(Op::Pow, at)) => {
                self.pos += 1;
                let exp_start = self.here();
                power = Some(self.expr(POWER.1)?);
                power_span = (at.0, self.since(exp_start).1);
            }
            Some(Tok::Order { n, latex: true, span: at }) => {
                self.pos += 1;
                power = Some(self.pool.int(i64::from(n)));
                power_span = at;
            }
            _ => {}
        }
        // `sin^-1`: the inverse function, not the reciprocal (that is `sin(x)^-1` or 1/sin(x)).
        let minus_one = power.is_some_and(|p| self.pool.as_num(p).is_some_and(|r| *r == number::int(-1)));
        let inverse = if minus_one { Some(self.inverse(f, power_span)?) } else { None };
        let args = self.arguments(&self.label(f), span)?;
        let v = match inverse {
            Some((g, reciprocal)) => {
                let x = if reciprocal { self.pool.powi(args[0], -1) } else { args[0] };
                if args.len() != 1 {
                    return Err(Error::parse(
                        format!("function '{}' takes 1 argument, not {}", self.label(f), args.len()),
                        span,
                    ));
                }
                let x = self.defined(x, self.since(span.0))?;
                self.pool.func(g, x)
            }
            None => {
                let written = self.since(span.0);
                self.apply(f, &args, span, written, primes, indices)?
            }
        };
        let v = self.defined(v, self.since(span.0))?;
        Ok(match power {
            Some(p) if inverse.is_none() => {
                let p = self.pool.pow(v, p);
                self.defined(p, self.since(span.0))?
            }
            _ => v,
        })
    }

    /// The inverse of `f` for `f^-1`: the function, and whether it applies to 1/x
    /// (sec⁻¹ x = acos(1/x)).
    fn inverse(&self, f: FnName, span: Span) -> Result<(Func, bool)> {
        Ok(match f {
            FnName::Pool(Func::Sin) => (Func::Asin, false),
            FnName::Pool(Func::Cos) => (Func::Acos, false),
            FnName::Pool(Func::Tan) => (Func::Atan, false),
            FnName::Pool(Func::Sinh) => (Func::Asinh, false),
            FnName::Pool(Func::Cosh) => (Func::Acosh, false),
            FnName::Pool(Func::Tanh) => (Func::Atanh, false),
            FnName::Pool(Func::Sec) => (Func::Acos, true),
            FnName::Pool(Func::Csc) => (Func::Asin, true),
            FnName::Pool(Func::Cot) => (Func::Atan, true),
            f => {
                let name = self.label(f);
                return Err(Error::parse(format!("'{name}^-1' is not read as an inverse function"), span).with_help(
                    format!("for the reciprocal write 1/{name}(x) or {name}(x)^-1; ^-1 after a name is the inverse only for sin, cos, tan, sec, csc, cot, sinh, cosh, tanh"),
                ));
            }
        })
    }

    /// `f` applied to `args`; `span` is the function's name, `written` the whole call. For an
    /// unknown function, differentiated `primes` times (one argument) or by the arguments
    /// `indices` (from 1).
    fn apply(
        &mut self,
        f: FnName,
        args: &[ExprId],
        span: Span,
        written: Span,
        primes: u32,
        indices: &[usize],
    ) -> Result<ExprId> {
        if let FnName::Declared(i) = f {
            return self.apply_unknown(usize::from(i), args, span, primes, indices);
        }
        let pool = &mut *self.pool;
        let arity_error = |n: usize| {
            Error::parse(
                format!(
                    "function '{}' takes {n} argument{}, not {}",
                    fn_label(f),
                    if n == 1 { "" } else { "s" },
                    args.len()
                ),
                span,
            )
        };
        if f == FnName::Log && args.len() == 2 {
            // log(b, x) = ln(x)/ln(b)
            let lb = pool.func(Func::Ln, args[0]);
            if pool.is_zero(lb) {
                // Else the error would name 1/0, which the input does not show.
                return Err(Error::math("a logarithm to base 1 is not defined (ln(1) = 0)").with_span(span));
            }
            let lx = pool.func(Func::Ln, args[1]);
            // Both logarithms are parts of the input as written: log(y, y) is 1, but not at
            // y ≤ 0 or y = 1.
            let inv = pool.powi(lb, -1);
            self.written.extend([(lx, written), (inv, written)]);
            return Ok(pool.mul2(lx, inv));
        }
        match f {
            FnName::Max | FnName::Min if args.len() >= 2 => {
                // max(a, b, c) = max(max(a, b), c).
                let mut acc = args[0];
                for &a in &args[1..] {
                    acc = if f == FnName::Max { pool.max(acc, a) } else { pool.min(acc, a) };
                }
                return Ok(acc);
            }
            FnName::Max | FnName::Min => {
                return Err(Error::parse(
                    format!("function '{}' takes 2 or more arguments, not {}", fn_label(f), args.len()),
                    span,
                ))
            }
            FnName::Atan2 if args.len() == 2 => return Ok(pool.atan2(args[0], args[1])),
            FnName::Atan2 => return Err(arity_error(2)),
            _ => {}
        }
        if args.len() != 1 {
            return Err(if f == FnName::Log {
                Error::parse(format!("function 'log' takes 1 or 2 arguments, not {}", args.len()), span)
            } else {
                arity_error(1)
            });
        }
        let x = args[0];
        Ok(match f {
            FnName::Pool(g) => pool.func(g, x),
            FnName::Exp => pool.exp(x),
            FnName::Sqrt => pool.sqrt(x),
            FnName::Cbrt | FnName::Root4 => {
                let n = if f == FnName::Cbrt { 3 } else { 4 };
                let inv = pool.num(Rational::new(BigInt::one(), BigInt::from(n)));
                pool.pow(x, inv)
            }
            FnName::Log => pool.func(Func::Ln, x),
            FnName::Log10 | FnName::Log2 => {
                let b = pool.int(if f == FnName::Log10 { 10 } else { 2 });
                let lb = pool.func(Func::Ln, b);
                let lx = pool.func(Func::Ln, x);
                pool.div(lx, lb)
            }
            FnName::Log1p => {
                let one = pool.one();
                let s = pool.add2(one, x);
                pool.func(Func::Ln, s)
            }
            FnName::Expm1 => {
                let e = pool.exp(x);
                let one = pool.one();
                pool.sub(e, one)
            }
            FnName::Relu => {
                let zero = pool.zero();
                pool.max(zero, x)
            }
            // Handled above, with their own arities.
            FnName::Max | FnName::Min | FnName::Atan2 | FnName::Declared(_) => return Err(arity_error(2)),
        })
    }

    /// An unknown function (the `i`-th of `--funcs`) or its derivative.
    fn apply_unknown(
        &mut self,
        i: usize,
        args: &[ExprId],
        span: Span,
        primes: u32,
        indices: &[usize],
    ) -> Result<ExprId> {
        let name = self.funcs.get(i).cloned().unwrap_or_default();
        if primes > 0 && args.len() != 1 {
            return Err(Error::parse(
                format!("a prime is for a function of one argument; {name} has {} here", args.len()),
                span,
            )
            .with_help(format!("write its partial derivatives with ∂₁{name}(…), ∂₂{name}(…), or D[1]({name})(…)")));
        }
        let mut orders = vec![0u32; args.len()];
        if let Some(o) = orders.first_mut() {
            *o += primes;
        }
        for &k in indices {
            let Some(o) = orders.get_mut(k - 1) else {
                return Err(Error::parse(
                    format!(
                        "{name} has {} argument{} here, so there is no derivative by argument {k}",
                        args.len(),
                        if args.len() == 1 { "" } else { "s" }
                    ),
                    span,
                ));
            };
            *o += 1;
        }
        let total: u64 = orders.iter().map(|&o| u64::from(o)).sum();
        if total > self.pool.limits().order as u64 {
            return Err(Error::limit(Limit::Order, self.pool.limits(), true).with_span(span));
        }
        let sym = self.pool.function_symbol(&name);
        Ok(self.pool.unknown(sym, orders.into_boxed_slice(), args.to_vec()))
    }
}

fn fn_label(f: FnName) -> &'static str {
    match f {
        FnName::Pool(g) => g.name(),
        FnName::Exp => "exp",
        FnName::Sqrt => "sqrt",
        FnName::Cbrt => "cbrt",
        FnName::Root4 => "∜",
        FnName::Log => "log",
        FnName::Log10 => "log10",
        FnName::Log2 => "log2",
        FnName::Log1p => "log1p",
        FnName::Expm1 => "expm1",
        FnName::Relu => "relu",
        FnName::Max => "max",
        FnName::Min => "min",
        FnName::Atan2 => "atan2",
        FnName::Declared(_) => "the declared function",
    }
}
