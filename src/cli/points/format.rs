//! Fast formatting of many values: decimals without allocating, the shortest JSON number that
//! reads back as the same double, vectors and matrices in each format, and formatting in
//! parallel chunks kept in order. A chunk whose thread panics is not lost quietly: the panic
//! goes on in the caller (an internal error, exit 101).

use crate::print::decimal;
use std::fmt::Write as _;
use std::ops::Range;

/// What one command computes at each point, and how its values are laid out.
pub enum Shape {
    /// One value (`eval`, `diff`, `dir`).
    Scalar,
    /// A vector (`grad`), with its norm.
    Gradient,
    /// A symmetric n × n matrix from its upper triangle (`hessian`).
    Symmetric(usize),
    /// rows × cols (`jacobian`).
    Matrix(usize, usize),
}

pub fn norm(v: &[f64]) -> f64 {
    v.iter().map(|x| x * x).sum::<f64>().sqrt()
}

pub fn point_text(c: &[f64], digits: usize) -> String {
    let mut s = String::from("(");
    for (j, &x) in c.iter().enumerate() {
        if j > 0 {
            s.push_str(", ");
        }
        write_decimal(x, digits, &mut s);
    }
    s.push(')');
    s
}

/// `v`, `[a, b]` or `[[a, b], [c, d]]` with decimals.
pub fn plain_value(v: &[f64], shape: &Shape, digits: usize, s: &mut String) {
    let row = |r: &[f64], s: &mut String| {
        s.push('[');
        for (j, &x) in r.iter().enumerate() {
            if j > 0 {
                s.push_str(", ");
            }
            write_decimal(x, digits, s);
        }
        s.push(']');
    };
    match shape {
        Shape::Scalar => write_decimal(v[0], digits, s),
        Shape::Gradient => row(v, s),
        Shape::Symmetric(n) => {
            let m = symmetric_rows(v, *n);
            s.push('[');
            for (i, r) in m.chunks(*n).enumerate() {
                if i > 0 {
                    s.push_str(", ");
                }
                row(r, s);
            }
            s.push(']');
        }
        Shape::Matrix(_, c) => {
            s.push('[');
            for (i, r) in v.chunks((*c).max(1)).enumerate() {
                if i > 0 {
                    s.push_str(", ");
                }
                row(r, s);
            }
            s.push(']');
        }
    }
}

/// As [`plain_value`], but a vector in parentheses, as text output writes vectors.
pub fn text_value(v: &[f64], shape: &Shape, digits: usize, s: &mut String) {
    if let Shape::Gradient = shape {
        s.push('(');
        for (j, &x) in v.iter().enumerate() {
            if j > 0 {
                s.push_str(", ");
            }
            write_decimal(x, digits, s);
        }
        s.push(')');
    } else {
        plain_value(v, shape, digits, s);
    }
}

/// A value in LaTeX, or in Typst when `typst` (a matrix is `mat(…)` there).
pub fn latex_value(v: &[f64], shape: &Shape, digits: usize, s: &mut String) {
    typeset_value(v, shape, digits, false, s)
}

/// A value in Typst math.
pub fn typst_value(v: &[f64], shape: &Shape, digits: usize, s: &mut String) {
    typeset_value(v, shape, digits, true, s)
}

/// A decimal in Typst math: `nan` and `inf` are not names there, so they are text.
pub fn typst_decimal(v: f64, digits: usize, s: &mut String) {
    if v.is_finite() {
        write_decimal(v, digits, s);
    } else {
        s.push('"');
        write_decimal(v, digits, s);
        s.push('"');
    }
}

fn typeset_value(v: &[f64], shape: &Shape, digits: usize, typst: bool, s: &mut String) {
    let write_decimal = |x: f64, digits: usize, s: &mut String| {
        if typst {
            typst_decimal(x, digits, s)
        } else {
            write_decimal(x, digits, s)
        }
    };
    let rows: Vec<f64>;
    let (data, cols): (&[f64], usize) = match shape {
        Shape::Scalar => return write_decimal(v[0], digits, s),
        Shape::Gradient => {
            s.push('(');
            for (j, &x) in v.iter().enumerate() {
                if j > 0 {
                    s.push_str(", ");
                }
                write_decimal(x, digits, s);
            }
            s.push(')');
            return;
        }
        Shape::Symmetric(n) => {
            rows = symmetric_rows(v, *n);
            (&rows, *n)
        }
        Shape::Matrix(_, c) => (v, *c),
    };
    let (open, row, cell, close) = if typst {
        ("mat(delim: \"(\", ", "; ", ", ", ")")
    } else {
        ("\\begin{pmatrix} ", " \\\\ ", " & ", " \\end{pmatrix}")
    };
    s.push_str(open);
    for (i, r) in data.chunks(cols.max(1)).enumerate() {
        if i > 0 {
            s.push_str(row);
        }
        for (j, &x) in r.iter().enumerate() {
            if j > 0 {
                s.push_str(cell);
            }
            write_decimal(x, digits, s);
        }
    }
    s.push_str(close);
}

fn symmetric_rows(upper: &[f64], n: usize) -> Vec<f64> {
    let mut m = vec![0.0; n * n];
    let mut k = 0;
    for i in 0..n {
        for j in i..n {
            m[i * n + j] = upper[k];
            m[j * n + i] = upper[k];
            k += 1;
        }
    }
    m
}

pub fn json_row(v: &[f64], s: &mut String) {
    s.push('[');
    for (j, &x) in v.iter().enumerate() {
        if j > 0 {
            s.push(',');
        }
        json_num(x, s);
    }
    s.push(']');
}

pub fn json_symmetric(upper: &[f64], n: usize, s: &mut String) {
    json_matrix(&symmetric_rows(upper, n), n, s);
}

pub fn json_matrix(v: &[f64], cols: usize, s: &mut String) {
    s.push('[');
    for (i, r) in v.chunks(cols.max(1)).enumerate() {
        if i > 0 {
            s.push(',');
        }
        json_row(r, s);
    }
    s.push(']');
}

/// A JSON number, the shortest decimal that reads back as the same double; the strings
/// "nan", "inf", "-inf" where it is not finite (as `approx` is elsewhere).
pub fn json_num(v: f64, s: &mut String) {
    if v.is_finite() {
        // + 0.0 turns -0 into 0: the same number, without a sign that means nothing here.
        s.push_str(zmij::Buffer::new().format_finite(v + 0.0));
    } else if v.is_nan() {
        s.push_str("\"nan\"");
    } else if v > 0.0 {
        s.push_str("\"inf\"");
    } else {
        s.push_str("\"-inf\"");
    }
}

/// Appends [`decimal`]`(v, digits)` without allocating in the common case.
pub fn write_decimal(v: f64, digits: usize, s: &mut String) {
    let digits = digits.clamp(1, 17);
    if !v.is_finite() || v == 0.0 {
        s.push_str(&decimal(v, digits));
        return;
    }
    let mut sci = StackStr::new();
    let _ = write!(sci, "{:.*e}", digits - 1, v);
    let t = sci.as_str();
    let (mant, exp) = t.split_once('e').unwrap_or((t, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    if !(-5..(digits as i32).max(7)).contains(&exp) {
        s.push_str(trim_mantissa(mant));
        let _ = write!(s, "e{exp}");
        return;
    }
    if exp >= digits as i32 {
        // Fixed notation shows more digits than the significant ones here.
        s.push_str(&decimal(v, digits));
        return;
    }
    // The same digits as `{:.*}` with digits-1-exp decimals: the rounding is at the same place.
    let (neg, m) = match mant.strip_prefix('-') {
        Some(m) => (true, m),
        None => (false, mant),
    };
    let ds: Vec<u8> = m.bytes().filter(u8::is_ascii_digit).collect();
    let start = s.len();
    if neg {
        s.push('-');
    }
    if exp < 0 {
        s.push_str("0.");
        for _ in 0..(-exp - 1) {
            s.push('0');
        }
        s.push_str(std::str::from_utf8(&ds).unwrap_or(""));
    } else {
        let int_len = exp as usize + 1;
        s.push_str(std::str::from_utf8(&ds[..int_len]).unwrap_or(""));
        if ds.len() > int_len {
            s.push('.');
            s.push_str(std::str::from_utf8(&ds[int_len..]).unwrap_or(""));
        }
    }
    if s[start..].contains('.') {
        let keep = s.trim_end_matches('0').trim_end_matches('.').len();
        s.truncate(keep);
    }
}

fn trim_mantissa(m: &str) -> &str {
    if m.contains('.') {
        m.trim_end_matches('0').trim_end_matches('.')
    } else {
        m
    }
}

/// A small string on the stack, for one formatted number.
struct StackStr {
    buf: [u8; 64],
    len: usize,
}

impl StackStr {
    fn new() -> StackStr {
        StackStr { buf: [0; 64], len: 0 }
    }

    fn as_str(&self) -> &str {
        std::str::from_utf8(&self.buf[..self.len]).unwrap_or("")
    }
}

impl std::fmt::Write for StackStr {
    fn write_str(&mut self, t: &str) -> std::fmt::Result {
        let end = self.len + t.len();
        if end > self.buf.len() {
            return Err(std::fmt::Error);
        }
        self.buf[self.len..end].copy_from_slice(t.as_bytes());
        self.len = end;
        Ok(())
    }
}

/// Formats `count` items in parallel chunks (in order): `f(range, buffer)` appends the
/// items of `range`; `per_item` is a guess of their size, for the buffers' capacity.
pub fn par_format(count: usize, per_item: usize, f: impl Fn(Range<usize>, &mut String) + Sync) -> Vec<String> {
    let threads = crate::eval::tape::threads();
    if threads < 2 || count < 4096 {
        let mut s = String::with_capacity(count * per_item);
        f(0..count, &mut s);
        return vec![s];
    }
    // More chunks than threads, so that an uneven share does not leave a core idle.
    let chunks = threads * 4;
    let per = count.div_ceil(chunks);
    let ranges: Vec<Range<usize>> = (0..chunks).map(|c| (c * per).min(count)..((c + 1) * per).min(count)).collect();
    let next = std::sync::atomic::AtomicUsize::new(0);
    let mut done: Vec<(usize, String)> = std::thread::scope(|sc| {
        let handles: Vec<_> = (0..threads)
            .map(|_| {
                sc.spawn(|| {
                    let mut mine = Vec::new();
                    loop {
                        let c = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        if c >= ranges.len() {
                            break;
                        }
                        let r = ranges[c].clone();
                        let mut s = String::with_capacity(r.len() * per_item);
                        #[cfg(debug_assertions)]
                        if c == 1 && super::super::test_panic::requested("formatter") {
                            panic!("a panic in a formatter thread, requested by GRADCALC_TEST_PANIC");
                        }
                        f(r, &mut s);
                        mine.push((c, s));
                    }
                    mine
                })
            })
            .collect();
        // A formatter that panicked takes its chunk with it: go on panicking here (the panic
        // hook has reported it), rather than print the output without that chunk.
        handles.into_iter().flat_map(|h| h.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic))).collect()
    });
    done.sort_by_key(|(c, _)| *c);
    done.into_iter().map(|(_, s)| s).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn write_decimal_agrees_with_decimal() {
        let mut x: u64 = 0x9e3779b97f4a7c15;
        let mut vals = vec![1.0, -1.0, 0.5, 9.99999999995, 99999.5, 123456.0, 1e-5, 9.5e-6, 1e15, 0.1, 2.0 / 3.0];
        for _ in 0..20000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let m = (x >> 11) as f64 / (1u64 << 53) as f64 - 0.5;
            let e = ((x >> 3) % 40) as i32 - 20;
            vals.push(m * 10f64.powi(e));
        }
        for &v in &vals {
            for d in 1..=15 {
                let mut s = String::new();
                write_decimal(v, d, &mut s);
                assert_eq!(s, decimal(v, d), "{v:e} with {d} digits");
            }
        }
    }

    #[test]
    fn a_panicking_formatter_is_not_lost_output() {
        // Formerly the chunk of a thread that panicked was dropped and the rest printed.
        let result = std::panic::catch_unwind(|| {
            par_format(100_000, 8, |r, s| {
                if r.contains(&60_000) {
                    panic!("a formatter fails");
                }
                s.extend(r.map(|_| 'x'));
            })
        });
        assert!(result.is_err(), "the panic must reach the caller");
        let all = par_format(100_000, 8, |r, s| s.extend(r.map(|_| 'x')));
        assert_eq!(all.concat().len(), 100_000);
    }
}
