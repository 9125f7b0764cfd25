//! How wide typeset math will be, estimated from the LaTeX gradcalc writes, in ems of the
//! text font. Layouts that must fit a page (the lines of a `--steps` derivation, long
//! results) break their lines by this estimate: TeX does not break display math, and an
//! overfull line runs off the page.
//!
//! The estimate reads the vocabulary the LaTeX printer uses (letters, digits, operators,
//! `\frac`, scripts, `\sqrt`, `\left(`, `\text{…}`, `pmatrix`, named commands) with the
//! widths of Computer Modern at 10 pt, rounded up: it errs wide, so a line it passes fits.

/// The estimated width of math written in LaTeX (`2 x y + \frac{1}{x + y^{2}}`), in ems.
pub fn latex_math(s: &str) -> f64 {
    Reader { s: s.as_bytes(), i: 0, stop: f64::INFINITY }.math(None)
}

/// The estimated width of text (with `$…$` math in it), in ems.
pub fn latex_text(s: &str) -> f64 {
    Reader { s: s.as_bytes(), i: 0, stop: f64::INFINITY }.text(None)
}

/// The room a line of display math has, in ems of the text font: the text width of an
/// `article` at 10 pt is 34.5 em; the rest is a margin for the estimate.
pub const PAGE_EMS: f64 = 31.0;

/// The estimated width of math in LaTeX or Typst, in ems.
pub fn math_width(s: &str, style: super::Style) -> f64 {
    match style {
        super::Style::Typst => typst_math(s),
        _ => latex_math(s),
    }
}

/// Whether [`math_width`] of `s` exceeds `limit`, found without reading further than that
/// takes: a 20 MB result is wider than a line after its first few terms. Every width read is
/// positive but `\!` (a negative thin space, −0.17 em), so once the width so far passes the
/// limit by 0.17 em for each `\!` in `s`, the whole is wider whatever follows.
pub fn wider_than(s: &str, style: super::Style, limit: f64) -> bool {
    let w = match style {
        super::Style::Typst => TypstReader { s, i: 0, stop: limit }.seq(None),
        _ => {
            let slack = 0.17 * s.matches("\\!").count() as f64;
            Reader { s: s.as_bytes(), i: 0, stop: limit + slack }.math(None)
        }
    };
    w > limit
}

/// [`split_top_level_with`] for LaTeX, or for Typst, where parentheses group and `"…"` is text.
pub fn split_top_level_in<'s, 'p>(s: &'s str, seps: &[&'p str], style: super::Style) -> Vec<(&'s str, &'p str)> {
    if style != super::Style::Typst {
        return split_top_level_with(s, seps);
    }
    let mut out = Vec::new();
    let (mut depth, mut start, mut i, mut quoted) = (0i32, 0, 0, false);
    let mut before: &'p str = "";
    while i < s.len() {
        let rest = &s[i..];
        let c = rest.chars().next().unwrap_or(' ');
        match c {
            '"' => quoted = !quoted,
            '\\' => {
                i += 1 + rest[1..].chars().next().map_or(0, char::len_utf8);
                continue;
            }
            '(' | '[' | '{' if !quoted => depth += 1,
            ')' | ']' | '}' if !quoted => depth -= 1,
            _ => {}
        }
        if depth == 0 && !quoted {
            if let Some(sep) = seps.iter().find(|sep| rest.starts_with(**sep)) {
                out.push((&s[start..i], before));
                before = sep;
                i += sep.len();
                start = i;
                continue;
            }
        }
        i += c.len_utf8();
    }
    out.push((&s[start..], before));
    out
}

/// The estimated width of Typst math (`2 x y + frac(1, x + y^2)`), in ems: the same measure as
/// [`latex_math`] for Typst's spelling (`frac(a, b)`, `x^(…)`, `sqrt(…)`, words for symbols,
/// `"…"` for text).
pub fn typst_math(s: &str) -> f64 {
    TypstReader { s, i: 0, stop: f64::INFINITY }.seq(None)
}

struct TypstReader<'a> {
    s: &'a str,
    i: usize,
    /// At the top level, reading stops once the width passes this (see [`wider_than`]).
    stop: f64,
}

impl TypstReader<'_> {
    fn peek(&self) -> Option<char> {
        self.s[self.i..].chars().next()
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.i += c.len_utf8();
        Some(c)
    }

    /// The arguments of a call after its `(`: each measured, up to the matching `)` or the
    /// end (a line of a long result may be cut inside a call).
    fn args(&mut self) -> Vec<f64> {
        let mut args = vec![self.seq(Some(&[',', ')']))];
        // Another argument only after a `,` that was consumed: at the end of a piece that
        // ends in `,`, nothing is consumed and this would never stop.
        while self.i < self.s.len() && self.s[..self.i].ends_with(',') {
            args.push(self.seq(Some(&[',', ')'])));
        }
        args
    }

    /// What a script (`^`, `_`) holds: a group in parentheses or one token.
    fn script(&mut self) -> f64 {
        match self.peek() {
            Some('(') => {
                self.i += 1;
                self.seq(Some(&[')']))
            }
            Some(c) if c.is_alphanumeric() => {
                let start = self.i;
                while let Some(c) = self.peek().filter(|c| c.is_alphanumeric()) {
                    self.i += c.len_utf8();
                }
                let word = &self.s[start..self.i];
                if word.chars().all(|c| c.is_ascii_digit()) {
                    word.len() as f64 * 0.5
                } else {
                    word_width(word)
                }
            }
            Some(_) => {
                let c = self.bump().unwrap_or(' ');
                math_char(c)
            }
            None => 0.0,
        }
    }

    /// A sequence up to one of `ends` (consumed) or the end.
    fn seq(&mut self, ends: Option<&[char]>) -> f64 {
        let mut w = 0.0;
        let mut unary = true;
        while let Some(c) = self.peek() {
            if ends.is_some_and(|e| e.contains(&c)) {
                self.i += c.len_utf8();
                return w;
            }
            match c {
                '"' => {
                    self.i += 1;
                    let start = self.i;
                    while self.peek().is_some_and(|c| c != '"') {
                        self.bump();
                    }
                    w += self.s[start..self.i].chars().map(text_char).sum::<f64>();
                    // The closing quote, if the piece has it.
                    self.i += usize::from(self.peek().is_some());
                }
                '^' | '_' => {
                    self.i += 1;
                    w += 0.72 * self.script() + 0.05;
                }
                '(' => {
                    self.i += 1;
                    w += 0.78 + self.seq(Some(&[')']));
                }
                '\\' => {
                    self.i += 1;
                    let c = self.bump().unwrap_or(' ');
                    w += math_char(c);
                }
                '-' if unary => {
                    self.i += 1;
                    w += 0.78;
                }
                c if c.is_ascii_alphabetic() => {
                    let start = self.i;
                    while self.peek().is_some_and(|c| c.is_ascii_alphabetic() || c == '.') {
                        self.i += 1;
                    }
                    let word = &self.s[start..self.i];
                    if self.peek() == Some('(') && matches!(word, "frac" | "sqrt" | "root" | "abs" | "mat" | "op") {
                        self.i += 1;
                        let args = self.args();
                        w += match word {
                            "frac" => args.iter().cloned().fold(0.0, f64::max) + 0.25,
                            "sqrt" => args.first().copied().unwrap_or(0.0) + 0.85,
                            "root" => args.last().copied().unwrap_or(0.0) + 1.15,
                            "abs" => args.first().copied().unwrap_or(0.0) + 0.78,
                            "op" => args.first().copied().unwrap_or(0.0) * 0.95 + 0.17,
                            // A matrix: its cells as one row is an upper bound.
                            _ => args.iter().sum::<f64>() + 0.9,
                        };
                    } else {
                        w += word_width(word);
                    }
                }
                _ => {
                    self.bump();
                    w += math_char(c);
                }
            }
            unary = matches!(c, '(' | ',' | '=') || (c == ' ' && unary);
            if ends.is_none() && w > self.stop {
                break;
            }
        }
        w
    }
}

/// The character whose UTF-8 encoding starts at byte `i` of `bytes` (`None` at the end or
/// inside a character). Only its own bytes are decoded: decoding the whole rest, once per
/// character, made reading a 400×400 matrix take seconds.
pub fn char_at(bytes: &[u8], i: usize) -> Option<char> {
    let rest = bytes.get(i..)?;
    let len = match *rest.first()? {
        b if b < 0x80 => return Some(char::from(b)),
        b if b >= 0xF0 => 4,
        b if b >= 0xE0 => 3,
        b if b >= 0xC0 => 2,
        _ => 1,
    };
    std::str::from_utf8(rest.get(..len)?).ok()?.chars().next()
}

/// A word of Typst math: a symbol's name, an operator, or single letters.
fn word_width(word: &str) -> f64 {
    match word {
        "dot" | "dots" => 0.78,
        "times" | "div" => 1.23,
        "approx" | "eq" | "lt" | "gt" | "arrow" | "in" => 1.34,
        "quad" => 1.0,
        "wide" => 2.0,
        "thin" => 0.17,
        "partial" => 0.57,
        "nabla" | "Delta" => 0.85,
        "dif" => 0.7,
        "sin" | "cos" | "tan" | "cot" | "sec" | "csc" | "sinh" | "cosh" | "tanh" | "ln" | "log" | "exp" | "arcsin"
        | "arccos" | "arctan" => word.len() as f64 * 0.5 + 0.17,
        _ if word.len() == 1 => math_char(word.chars().next().unwrap_or('x')),
        // Greek letters and other named symbols.
        _ => 0.62,
    }
}

/// `s` cut at each separator that stands at its top level (outside braces, `\left`…`\right`
/// and a call's parentheses), the separators dropped.
pub fn split_top_level<'s>(s: &'s str, seps: &[&str]) -> Vec<&'s str> {
    split_top_level_with(s, seps).into_iter().map(|(t, _)| t).collect()
}

/// Like [`split_top_level`], each part with the separator before it (`""` for the first).
pub fn split_top_level_with<'s, 'p>(s: &'s str, seps: &[&'p str]) -> Vec<(&'s str, &'p str)> {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let (mut depth, mut start, mut i) = (0i32, 0, 0);
    // For each open plain parenthesis, whether it holds a call's arguments (`\sin(x + y)`,
    // `g(x y, x + y)`, right after a name or a script): those are never broken. A group
    // (`e^{x} (a + b)`, after a space) may be, as a long factor is in a textbook.
    let mut parens: Vec<bool> = Vec::new();
    let mut before: &'p str = "";
    while i < b.len() {
        let rest = &s[i..];
        if rest.starts_with("\\left") && !rest.starts_with("\\leftarrow") {
            depth += 1;
            i += 5;
            i += usize::from(b.get(i) == Some(&b'('));
            continue;
        }
        if rest.starts_with("\\right") && !rest.starts_with("\\rightarrow") {
            depth -= 1;
            i += 6;
            i += usize::from(b.get(i) == Some(&b')'));
            continue;
        }
        // Parentheses of a fixed size (an opened-up vector) do not group.
        if let Some(d) = ["\\bigl(", "\\bigr)"].iter().find(|d| rest.starts_with(**d)) {
            i += d.len();
            continue;
        }
        match b[i] {
            b'{' => depth += 1,
            b'}' => depth -= 1,
            b'(' => {
                let call = i > 0 && (b[i - 1].is_ascii_alphanumeric() || matches!(b[i - 1], b'}' | b'\''));
                parens.push(call);
                depth += i32::from(call);
            }
            b')' => depth -= i32::from(parens.pop().unwrap_or(false)),
            b'\\' => {
                // A command's name, or an escaped character, is never a separator.
                i += 1 + rest[1..].chars().next().map_or(0, char::len_utf8);
                continue;
            }
            _ => {}
        }
        if depth == 0 {
            if let Some(sep) = seps.iter().find(|sep| rest.starts_with(**sep)) {
                out.push((&s[start..i], before));
                before = sep;
                i += sep.len();
                start = i;
                continue;
            }
        }
        i += rest.chars().next().map_or(1, char::len_utf8);
    }
    out.push((&s[start..], before));
    out
}

struct Reader<'a> {
    s: &'a [u8],
    i: usize,
    /// At the top level, reading stops once the width passes this (see [`wider_than`]).
    stop: f64,
}

/// Ems of a character in math: letters of the italic font, digits, operators with the
/// spaces TeX puts around them.
fn math_char(c: char) -> f64 {
    match c {
        'a'..='z' => 0.56,
        'A'..='Z' => 0.78,
        '0'..='9' => 0.5,
        '+' | '-' => 1.23,
        '=' | '<' | '>' => 1.34,
        '(' | ')' | '[' | ']' | '|' => 0.39,
        ',' | ';' => 0.45,
        '.' | '\'' | '!' | ':' => 0.3,
        '/' => 0.5,
        ' ' | '&' | '~' => 0.0,
        _ => 0.9,
    }
}

/// Ems of a character of running text.
fn text_char(c: char) -> f64 {
    match c {
        ' ' => 0.34,
        'm' | 'w' | 'M' | 'W' => 0.84,
        'i' | 'l' | 'j' | 't' | 'f' | 'r' | '.' | ',' | ';' | ':' | '\'' | '(' | ')' | '!' => 0.36,
        'A'..='Z' => 0.74,
        _ => 0.52,
    }
}

impl Reader<'_> {
    fn peek(&self) -> Option<u8> {
        self.s.get(self.i).copied()
    }

    /// A braced group `{…}` as math, or the next single token.
    fn group(&mut self) -> f64 {
        self.skip_spaces();
        match self.peek() {
            Some(b'{') => {
                self.i += 1;
                self.math(Some(b'}'))
            }
            Some(b'\\') => {
                let name = self.command();
                self.command_width(&name)
            }
            Some(_) => {
                let c = self.next_char();
                math_char(c)
            }
            None => 0.0,
        }
    }

    /// A braced group read as text.
    fn text_group(&mut self) -> f64 {
        self.skip_spaces();
        if self.peek() == Some(b'{') {
            self.i += 1;
            self.text(Some(b'}'))
        } else {
            0.0
        }
    }

    /// Skips a braced group without measuring it (`{pmatrix}`, `[1ex]`).
    fn skip_group(&mut self, open: u8, close: u8) {
        self.skip_spaces();
        if self.peek() != Some(open) {
            return;
        }
        let mut depth = 0;
        while let Some(c) = self.peek() {
            self.i += 1;
            if c == open {
                depth += 1;
            } else if c == close {
                depth -= 1;
                if depth == 0 {
                    return;
                }
            }
        }
    }

    fn skip_spaces(&mut self) {
        while self.peek() == Some(b' ') {
            self.i += 1;
        }
    }

    fn next_char(&mut self) -> char {
        match char_at(self.s, self.i) {
            Some(c) => {
                self.i += c.len_utf8();
                c
            }
            None => {
                self.i += 1;
                ' '
            }
        }
    }

    /// `\name` (letters) or `\,` (one symbol), after the backslash.
    fn command(&mut self) -> String {
        self.i += 1;
        let start = self.i;
        while self.peek().is_some_and(|c| c.is_ascii_alphabetic()) {
            self.i += 1;
        }
        if self.i == start && self.peek().is_some() {
            self.next_char();
        }
        String::from_utf8_lossy(&self.s[start..self.i]).into_owned()
    }

    /// Math up to `end` (or the end of the input).
    fn math(&mut self, end: Option<u8>) -> f64 {
        let mut w = 0.0;
        // A sign that starts the math (or follows an opening or a relation) is unary: no space
        // around it.
        let mut unary = true;
        while let Some(c) = self.peek() {
            if c == b'-' && unary {
                self.i += 1;
                w += 0.78;
                unary = false;
                continue;
            }
            unary = matches!(c, b'(' | b'[' | b',' | b'=' | b' ') && (c != b' ' || unary);
            if Some(c) == end {
                self.i += 1;
                break;
            }
            match c {
                b'{' => {
                    self.i += 1;
                    w += self.math(Some(b'}'));
                }
                b'^' | b'_' => {
                    self.i += 1;
                    w += 0.72 * self.group() + 0.05;
                }
                b'\\' => {
                    let name = self.command();
                    w += self.command_width(&name);
                }
                _ => w += math_char(self.next_char()),
            }
            if end.is_none() && w > self.stop {
                break;
            }
        }
        w
    }

    /// Text up to `end`, with `$…$` read as math.
    fn text(&mut self, end: Option<u8>) -> f64 {
        let mut w = 0.0;
        while let Some(c) = self.peek() {
            if Some(c) == end {
                self.i += 1;
                break;
            }
            match c {
                b'$' => {
                    self.i += 1;
                    w += self.math(Some(b'$'));
                }
                b'{' => {
                    self.i += 1;
                    w += self.text(Some(b'}'));
                }
                b'\\' => {
                    let name = self.command();
                    w += match name.as_str() {
                        "textbackslash" => 0.5,
                        "quad" => 1.0,
                        _ if name.len() == 1 => text_char(name.chars().next().unwrap_or(' ')),
                        _ => 0.6,
                    };
                }
                _ => w += text_char(self.next_char()),
            }
        }
        w
    }

    /// The width of a command and of the arguments it reads.
    fn command_width(&mut self, name: &str) -> f64 {
        match name {
            "frac" | "dfrac" | "tfrac" => {
                let a = self.group();
                let b = self.group();
                a.max(b) + 0.25
            }
            "sqrt" => {
                let index = if self.peek() == Some(b'[') {
                    self.skip_group(b'[', b']');
                    0.3
                } else {
                    0.0
                };
                self.group() + 0.85 + index
            }
            "left" | "right" | "bigl" | "bigr" | "Bigl" | "Bigr" => {
                self.skip_spaces();
                match self.peek() {
                    Some(b'.') => {
                        self.i += 1;
                        0.0
                    }
                    Some(b'\\') => {
                        self.command();
                        0.45
                    }
                    Some(_) => {
                        self.next_char();
                        0.45
                    }
                    None => 0.0,
                }
            }
            "mathopen" | "mathclose" | "mathrel" | "mathbin" | "mathord" | "displaystyle" | "tag" | "nonumber"
            | "notag" => {
                if matches!(self.peek(), Some(b'{')) {
                    self.group()
                } else {
                    0.0
                }
            }
            "text" | "textrm" | "textnormal" | "mbox" => self.text_group(),
            "operatorname" | "mathrm" | "mathit" | "mathbf" => self.group() * 0.95 + 0.17,
            "begin" => {
                let mut env = String::new();
                self.skip_spaces();
                if self.peek() == Some(b'{') {
                    self.i += 1;
                    while let Some(c) = self.peek() {
                        self.i += 1;
                        if c == b'}' {
                            break;
                        }
                        env.push(c as char);
                    }
                }
                self.environment(&env)
            }
            "end" => {
                self.skip_group(b'{', b'}');
                0.0
            }
            "quad" => 1.0,
            "qquad" => 2.0,
            "," => 0.17,
            ":" => 0.22,
            ";" => 0.28,
            "!" => -0.17,
            " " => 0.33,
            "\\" => 0.0,
            "cdot" | "cdots" | "ldots" | "dots" => 0.78,
            "times" | "div" | "pm" | "mp" => 1.23,
            "approx" | "neq" | "ne" | "leq" | "geq" | "le" | "ge" | "to" | "rightarrow" | "mapsto" | "equiv"
            | "sim" | "in" => 1.34,
            "lvert" | "rvert" | "vert" | "lfloor" | "rfloor" | "lceil" | "rceil" | "langle" | "rangle" => 0.39,
            "partial" => 0.57,
            "nabla" | "Delta" | "Gamma" | "Lambda" | "Sigma" | "Phi" | "Psi" | "Omega" | "Theta" => 0.85,
            "infty" => 1.0,
            "sin" | "cos" | "tan" | "cot" | "sec" | "csc" | "sinh" | "cosh" | "tanh" | "ln" | "log" | "exp"
            | "arcsin" | "arccos" | "arctan" | "max" | "min" | "det" => name.len() as f64 * 0.5 + 0.17,
            "textbackslash" => 0.5,
            // Greek letters and other symbols.
            _ if name.chars().all(|c| c.is_ascii_alphabetic()) => 0.62,
            _ => 0.5,
        }
    }

    /// `pmatrix` and friends: the widest cell of each column, the gaps and the delimiters.
    fn environment(&mut self, env: &str) -> f64 {
        let mut cols: Vec<f64> = Vec::new();
        let mut col = 0;
        let mut cell = 0.0;
        let close = |cols: &mut Vec<f64>, col: usize, cell: f64| {
            if cols.len() <= col {
                cols.resize(col + 1, 0.0);
            }
            cols[col] = cols[col].max(cell);
        };
        loop {
            match self.peek() {
                None => break,
                Some(b'&') => {
                    self.i += 1;
                    close(&mut cols, col, cell);
                    col += 1;
                    cell = 0.0;
                }
                Some(b'\\') if self.s.get(self.i + 1) == Some(&b'\\') => {
                    self.i += 2;
                    self.skip_group(b'[', b']');
                    close(&mut cols, col, cell);
                    col = 0;
                    cell = 0.0;
                }
                Some(b'\\') if self.s[self.i..].starts_with(b"\\end") => {
                    self.command();
                    self.skip_group(b'{', b'}');
                    break;
                }
                Some(b'{') => {
                    self.i += 1;
                    cell += self.math(Some(b'}'));
                }
                Some(b'^') | Some(b'_') => {
                    self.i += 1;
                    cell += 0.72 * self.group() + 0.05;
                }
                Some(b'\\') => {
                    let name = self.command();
                    cell += self.command_width(&name);
                }
                Some(_) => cell += math_char(self.next_char()),
            }
        }
        close(&mut cols, col, cell);
        let delimiters = if env == "matrix" { 0.0 } else { 0.9 };
        cols.iter().sum::<f64>() + cols.len().saturating_sub(1) as f64 * 1.0 + delimiters
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fractions_take_their_wider_part_and_scripts_are_small() {
        let frac = latex_math("\\frac{2 x}{x^{2} + y^{2}}");
        let den = latex_math("x^{2} + y^{2}");
        assert!((frac - den - 0.25).abs() < 1e-9, "{frac} {den}");
        assert!(latex_math("x^{2}") < latex_math("x 2"));
        assert!(latex_math("\\sqrt{x}") > latex_math("x"));
    }

    #[test]
    fn matrices_take_their_widest_cells() {
        let m = latex_math("\\begin{pmatrix} 1 & 2 \\\\[1ex] 333 & 4 \\end{pmatrix}");
        assert!((m - (1.5 + 0.5 + 1.0 + 0.9)).abs() < 1e-9, "{m}");
    }

    #[test]
    fn pieces_cut_anywhere_are_measured() {
        // A long result is measured piece by piece, and a piece may end inside a call, a
        // script or a text: each is measured to its end (an argument list ending in `,` once
        // made the reader push empty arguments until memory ran out).
        let whole = "frac(1, 1 + frac(1, x + \"if\" α^(β_(2), γ))) + sqrt(x, y) + \"text\"";
        let mut cut = 0;
        for (i, _) in whole.char_indices().chain([(whole.len(), ' ')]) {
            let w = typst_math(&whole[..i]);
            assert!(w.is_finite() && w >= 0.0, "{:?}: {w}", &whole[..i]);
            cut += 1;
        }
        assert!(cut > 60);
        let latex = "\\frac{1}{1 + \\frac{x^{2}}{\\sqrt[3]{y}}} + \\left(\\text{if } θ_{1}\\right) + \\begin{pmatrix} 1 & 2 \\end{pmatrix}";
        for (i, _) in latex.char_indices().chain([(latex.len(), ' ')]) {
            let w = latex_math(&latex[..i]);
            assert!(w.is_finite() && w >= 0.0, "{:?}: {w}", &latex[..i]);
        }
        assert!(typst_math("frac(1, ") > 0.0);
        // Letters of more than one byte in a script (the reader once stepped into one).
        assert!(typst_math("x^αβγ + 1") > typst_math("x^αβγ"));
    }

    #[test]
    fn wider_than_agrees_with_the_whole_width() {
        // Stopping early never changes the answer, negative thin spaces included.
        let latex = [
            "a + b\\!\\!\\!\\!\\! + \\frac{x^{2}}{y} - \\left(c + d\\right) + e",
            "\\!\\!\\!\\!\\!\\!\\!\\!\\!\\!\\!\\!\\!\\!\\!\\!\\!\\!\\!\\!\\! x y z w",
            "2 x y + \\frac{1}{x + y^{2}} + \\sqrt{x^{2} + 1} \\cdot \\sin\\left(x\\right) + {\\!\\!\\!}",
        ];
        let typst = ["2 x y + frac(1, x + y^2) + sqrt(x^2 + 1) dot sin(x)", "\"text\" + alpha^(2) + abs(x - y)"];
        let cases = latex
            .iter()
            .map(|s| (*s, super::super::Style::Latex))
            .chain(typst.iter().map(|s| (*s, super::super::Style::Typst)));
        for (whole, style) in cases {
            for (i, _) in whole.char_indices().chain([(whole.len(), ' ')]) {
                let s = &whole[..i];
                let w = math_width(s, style);
                for k in -4..60 {
                    let limit = f64::from(k) * 0.25;
                    assert_eq!(wider_than(s, style, limit), w > limit, "{s:?} at {limit}: {w}");
                }
            }
        }
    }

    #[test]
    fn one_character_at_a_time() {
        let s = "aθ∂𝔸".as_bytes();
        assert_eq!(char_at(s, 0), Some('a'));
        assert_eq!(char_at(s, 1), Some('θ'));
        assert_eq!(char_at(s, 2), None); // inside θ
        assert_eq!(char_at(s, 3), Some('∂'));
        assert_eq!(char_at(s, 6), Some('𝔸'));
        assert_eq!(char_at(s, 10), None);
        assert_eq!(char_at(&s[..8], 6), None); // cut inside 𝔸
    }

    /// Reading decoded the whole rest of the text as UTF-8 for every character it read: the
    /// 400×400 Hessian of Rosenbrock's function as LaTeX took 5 s to measure in a release
    /// build. A 2 MB matrix now takes a fraction of a second even unoptimised; the quadratic
    /// reader took minutes (a hang guard, not a benchmark).
    #[test]
    fn measuring_is_linear_in_the_text() {
        let cell = "400 x_{1}^{2} - 2 \\cdot θ";
        let row = vec![cell; 100].join(" & ");
        let m = format!("\\begin{{pmatrix}} {} \\end{{pmatrix}}", vec![row; 800].join(" \\\\ "));
        assert!(m.len() > 2_000_000);
        let start = std::time::Instant::now();
        let w = latex_math(&m);
        assert!(w > 100.0 * latex_math(cell), "{w}");
        assert!(start.elapsed() < std::time::Duration::from_secs(10), "took {:?}", start.elapsed());
    }

    #[test]
    fn top_level_separators_only() {
        let s = "a = \\frac{b = c}{d} + \\left(e + f\\right) + θ";
        assert_eq!(split_top_level(s, &[" = ", " + "]), ["a", "\\frac{b = c}{d}", "\\left(e + f\\right)", "θ"]);
        // A call's arguments are not broken: `\sin(x + y)`, `g(x y, x + y)`; an opened-up vector is.
        assert_eq!(split_top_level("\\sin(x + y) + g(x y, x + y)", &[" + "]), ["\\sin(x + y)", "g(x y, x + y)"]);
        assert_eq!(split_top_level("\\bigl(a + b, c\\bigr)", &[", "]), ["\\bigl(a + b", "c\\bigr)"]);
    }

    #[test]
    fn text_with_math() {
        assert!(latex_text("power rule: $n = 2$") > latex_text("power rule: "));
        assert_eq!(latex_text(""), 0.0);
    }
}
