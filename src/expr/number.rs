//! Exact rational helpers: integer roots, radical normal form, conversion to `f64`.
//!
//! Everything here is pure arithmetic on `BigRational`; the pool decides when to call it
//! and how big a number may get (see `crate::limits`).

use num_bigint::{BigInt, BigUint, Sign};
use num_integer::Integer;
use num_rational::BigRational;
use num_traits::{One, Signed, ToPrimitive, Zero};

pub type Rational = BigRational;

pub fn int(n: i64) -> Rational {
    Rational::from_integer(BigInt::from(n))
}

pub fn frac(n: i64, d: i64) -> Rational {
    Rational::new(BigInt::from(n), BigInt::from(d))
}

/// `acc += r`. Integers (nearly every coefficient) skip the gcd that `Ratio`'s addition
/// always runs to bring the result to lowest terms.
pub fn add_to(acc: &mut Rational, r: &Rational) {
    if r.is_zero() {
        return;
    }
    if acc.is_integer() && r.is_integer() {
        *acc = Rational::from_integer(acc.numer() + r.numer());
    } else {
        *acc = add(acc, r);
    }
}

/// `a + b` in lowest terms with gcds on the smaller numbers (Knuth 4.5.1; num-rational's
/// own sum reduces with the binary gcd, slow on numbers of very different sizes).
pub fn add(a: &Rational, b: &Rational) -> Rational {
    let g = gcd(a.denom(), b.denom());
    let (bd, dd) = (a.denom() / &g, b.denom() / &g);
    let num: BigInt = a.numer() * &dd + b.numer() * &bd;
    if num.is_zero() {
        return Rational::zero();
    }
    let g2 = gcd(&num, &g);
    Rational::new_raw(num / &g2, bd * (b.denom() / g2))
}

/// `acc *= r`, without a gcd when both are integers.
pub fn mul_to(acc: &mut Rational, r: &Rational) {
    if r.is_one() {
        return;
    }
    if acc.is_integer() && r.is_integer() {
        *acc = Rational::from_integer(acc.numer() * r.numer());
    } else {
        *acc = mul(acc, r);
    }
}

/// gcd(a, b) ≥ 0. When one is much larger, one Euclid step first: num-bigint's binary gcd
/// shifts the larger number a bit at a time, so gcd(2^800000-ish, 16) took most of a second.
pub fn gcd(a: &BigInt, b: &BigInt) -> BigInt {
    // Word-sized operands (nearly every coefficient): no allocation but the result's.
    if let (Some(x), Some(y)) = (a.magnitude().to_u64(), b.magnitude().to_u64()) {
        return BigInt::from(x.gcd(&y));
    }
    let (big, small) = if a.bits() >= b.bits() { (a, b) } else { (b, a) };
    if !small.is_zero() && big.bits() > small.bits() + 256 {
        return (big % small).gcd(small);
    }
    big.gcd(small)
}

/// `a·b` in lowest terms by cross-cancelling (num-rational's own product reduces with the
/// binary gcd, slow on numbers of very different sizes; see [`gcd`]).
pub fn mul(a: &Rational, b: &Rational) -> Rational {
    if a.is_zero() || b.is_zero() {
        return Rational::zero();
    }
    if a.is_integer() && b.is_integer() {
        // Nothing to cancel: the gcds below would be 1.
        return Rational::from_integer(a.numer() * b.numer());
    }
    let g1 = gcd(a.numer(), b.denom());
    let g2 = gcd(b.numer(), a.denom());
    let n = (a.numer() / &g1) * (b.numer() / &g2);
    let d = (a.denom() / &g2) * (b.denom() / &g1);
    Rational::new_raw(n, d)
}

/// `a / b` in lowest terms (see [`mul`]); `None` when b is 0.
pub fn div(a: &Rational, b: &Rational) -> Option<Rational> {
    if b.is_zero() {
        return None;
    }
    if let (Some(x), Some(y)) = (as_small_int(a), as_small_int(b)) {
        // Two word-sized integers: x/y in lowest terms, the sign in the numerator (what the
        // general way below gives), without a big-number operation.
        let (x, y) = (i128::from(x) * i128::from(y.signum()), i128::from(y).abs());
        let g = x.unsigned_abs().gcd(&y.unsigned_abs()) as i128; // ≤ |y| < 2⁶⁴: fits
        return Some(Rational::new_raw(BigInt::from(x / g), BigInt::from(y / g)));
    }
    let inv = if b.numer().is_negative() {
        Rational::new_raw(-b.denom(), -b.numer())
    } else {
        Rational::new_raw(b.denom().clone(), b.numer().clone())
    };
    Some(mul(a, &inv))
}

/// Bits needed for the larger of numerator and denominator.
pub fn bits(r: &Rational) -> u64 {
    r.numer().bits().max(r.denom().bits())
}

/// `r` as an `i64` when it is an integer that fits.
pub fn as_small_int(r: &Rational) -> Option<i64> {
    if r.is_integer() {
        r.numer().to_i64()
    } else {
        None
    }
}

/// The nearest `f64` (±inf when out of range).
pub fn to_f64(r: &Rational) -> f64 {
    r.to_f64().unwrap_or_else(|| if r.is_negative() { f64::NEG_INFINITY } else { f64::INFINITY })
}

/// Integer digits past which [`rem_two_pi`] gives up (π to that many digits costs time
/// quadratic in them: 20,000 digits take about 30 ms).
const MAX_REDUCED_DIGITS: u64 = 20_000;

/// `q` modulo 2π, as the nearest `f64` in (-π, π]: the reduction is done on integers with π
/// to enough digits, so sin(10^30) is right to the last digit rather than the noise that
/// the double nearest 10^30 gives. `None` past `MAX_REDUCED_DIGITS` integer digits.
pub fn rem_two_pi(q: &Rational) -> Option<f64> {
    let int_digits = bits(q) * 3 / 10 + 1;
    if int_digits > MAX_REDUCED_DIGITS {
        return None;
    }
    // Work in units of 10^-d: π's error (under a unit) times k (about |q|/6) stays below
    // 10^-30 of the result.
    let d = u32::try_from(int_digits + 40).ok()?;
    let scale = BigInt::from(10u8).pow(d);
    let two_pi: BigInt = pi_scaled(d) * 2u8;
    // k = round(q / 2π) = round(n·10^d / (2π·10^d · den)).
    let num: BigInt = q.numer() * &scale;
    let den: BigInt = &two_pi * q.denom();
    let two = BigInt::from(2u8);
    let k: BigInt = Integer::div_floor(&(&num * &two + &den), &(&den * &two));
    let rem = Rational::new_raw(num - k * den, q.denom() * scale); // only converted, no need to reduce
    Some(to_f64(&rem))
}

/// ⌊π·10^d⌋ (give or take a unit), by Machin's formula π = 16·atan(1/5) − 4·atan(1/239).
fn pi_scaled(d: u32) -> BigInt {
    let guard = 10u32;
    let one = BigInt::from(10u8).pow(d + guard);
    let atan_inv = |x: u32| -> BigInt {
        let x2 = BigInt::from(x) * x;
        let mut power = &one / x;
        let mut sum = power.clone();
        let mut k = 1u32;
        while !power.is_zero() {
            power /= &x2;
            let term = &power / (2 * k + 1);
            if k % 2 == 1 {
                sum -= term;
            } else {
                sum += term;
            }
            k += 1;
        }
        sum
    };
    (atan_inv(5) * 16 - atan_inv(239) * 4) / BigInt::from(10u8).pow(guard)
}

/// Digits past which [`parse_digits`] splits the text in halves.
const DIGITS_CHUNK: usize = 1_000;

/// The integer a string of ASCII decimal digits stands for (`None` if it holds anything
/// else; empty is 0). num-bigint reads decimal one machine word at a time, multiplying the
/// whole number read so far by 10^19 at each step (quadratic); long strings are split in
/// halves instead, `hi·10^h + lo`, so the big products are few and go through num-bigint's
/// Karatsuba and Toom-3 multiplication.
pub fn parse_digits(digits: &str) -> Option<BigInt> {
    if !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    // powers[j] = 10^(DIGITS_CHUNK·2^j), built once and shared by every split.
    let mut powers: Vec<BigUint> = Vec::new();
    Some(BigInt::from_biguint(Sign::Plus, parse_split(digits.as_bytes(), &mut powers)))
}

fn parse_split(digits: &[u8], powers: &mut Vec<BigUint>) -> BigUint {
    if digits.len() <= DIGITS_CHUNK {
        // Digits only (checked by the caller), so this cannot fail; an empty string is 0.
        return BigUint::parse_bytes(digits, 10).unwrap_or_default();
    }
    // The low part takes the largest DIGITS_CHUNK·2^j digits that leave a high part.
    let mut j = 0;
    while DIGITS_CHUNK << (j + 1) < digits.len() {
        j += 1;
    }
    while powers.len() <= j {
        let next = match powers.last() {
            None => BigUint::from(10u8).pow(DIGITS_CHUNK as u32),
            Some(p) => p * p,
        };
        powers.push(next);
    }
    let (hi, lo) = digits.split_at(digits.len() - (DIGITS_CHUNK << j));
    let hi = parse_split(hi, powers);
    let lo = parse_split(lo, powers);
    hi * &powers[j] + lo
}

/// `n·10^scale` in lowest terms, or `None` past `max_bits`. The gcd of n and 10^k is
/// 2^a·5^b: a is n's trailing zero bits, b its factors of 5 (divided out by 5^27, one
/// machine word, at a time), so no gcd of big numbers runs at all (the binary gcd took
/// 0.8 s for `22e-244444`, and 40 ms for a 75,000-digit `0.333…`). The denominator is
/// 5^(k-b)·2^(k-a), a power and a shift.
pub fn decimal(n: BigInt, scale: i64, max_bits: u64) -> Option<Rational> {
    let k = scale.unsigned_abs();
    if k.saturating_mul(4) > max_bits {
        return None;
    }
    if scale >= 0 {
        let power = BigInt::from(5u8).pow(u32::try_from(k).ok()?) << k;
        return Some(Rational::from_integer(n * power));
    }
    if n.is_zero() {
        return Some(Rational::zero());
    }
    let twos = n.trailing_zeros().unwrap_or(0).min(k);
    let (n, fives) = remove_fives(n >> twos, k);
    let denom = BigInt::from(5u8).pow(u32::try_from(k - fives).ok()?) << (k - twos);
    Some(Rational::new_raw(n, denom))
}

/// `(n / 5^b, b)` with b as large as n allows, at most `limit`. The powers tried double
/// (5^27, 5^54, 5^108, …) while they divide, then halve back down: a numerator that is
/// mostly fives (the digits of 5^370000) takes a few big divisions, not one per 27 fives
/// (0.4 s); a numerator without a factor 5, the usual decimal, takes one small division.
fn remove_fives(mut n: BigInt, limit: u64) -> (BigInt, u64) {
    // powers[j] = 5^(27·2^j); 5^27 < 2^64 is one machine word.
    let mut powers = vec![BigInt::from(5u64.pow(27))];
    let mut removed = 0u64;
    let divides = |n: &mut BigInt, power: &BigInt, fives: u64, removed: &mut u64| -> bool {
        if *removed + fives > limit || power.bits() > n.bits() {
            return false;
        }
        let (q, r) = n.div_rem(power);
        if !r.is_zero() {
            return false;
        }
        *n = q;
        *removed += fives;
        true
    };
    let mut j = 0;
    while divides(&mut n, &powers[j], 27 << j, &mut removed) {
        j += 1;
        let next = &powers[j - 1] * &powers[j - 1];
        powers.push(next);
    }
    // What is left is under 27·2^j fives: each smaller power divides at most once.
    for k in (0..j).rev() {
        divides(&mut n, &powers[k], 27 << k, &mut removed);
    }
    for fives in [16u64, 8, 4, 2, 1] {
        divides(&mut n, &BigInt::from(5u64.pow(fives as u32)), fives, &mut removed);
    }
    (n, removed)
}

/// `base^exp` for an integer exponent, or `None` when the result would need more than
/// `max_bits` bits (or the base is zero and the exponent negative).
pub fn pow_int(base: &Rational, exp: &BigInt, max_bits: u64) -> Option<Rational> {
    if base.is_zero() {
        return if exp.is_negative() {
            None
        } else if exp.is_zero() {
            Some(Rational::one())
        } else {
            Some(Rational::zero())
        };
    }
    if base.is_one() {
        return Some(Rational::one());
    }
    if (-base.clone()).is_one() {
        return Some(if exp.is_even() { Rational::one() } else { -Rational::one() });
    }
    let e = exp.abs().to_u64()?;
    let need = bits(base).saturating_mul(e);
    if need > max_bits {
        return None;
    }
    let e32 = u32::try_from(e).ok()?;
    let n = base.numer().pow(e32);
    let d = base.denom().pow(e32);
    // Powers of a fraction in lowest terms are in lowest terms: no gcd (for 842,000-bit
    // numbers it took seconds). The denominator stays positive.
    Some(if !exp.is_negative() {
        Rational::new_raw(n, d)
    } else if n.is_negative() {
        Rational::new_raw(-d, -n)
    } else {
        Rational::new_raw(d, n)
    })
}

/// Splits a positive integer `m` as `a^q · s` with `s` free of q-th powers (as far as
/// trial division by small primes and a final perfect-power test can tell).
pub fn extract_power(m: &BigUint, q: u32) -> (BigUint, BigUint) {
    let mut a = BigUint::one();
    let mut s = BigUint::one();
    let mut rest = m.clone();
    let mut p: u32 = 2;
    while p < 2000 {
        let pb = BigUint::from(p);
        if pb.pow(q) > rest {
            break;
        }
        let mut count = 0u32;
        while (&rest % &pb).is_zero() {
            rest /= &pb;
            count += 1;
        }
        if count > 0 {
            a *= pb.pow(count / q);
            s *= pb.pow(count % q);
        }
        p += if p == 2 { 1 } else { 2 };
    }
    if !rest.is_one() {
        let root = rest.nth_root(q);
        if root.pow(q) == rest {
            a *= root;
        } else {
            s *= rest;
        }
    }
    (a, s)
}

/// The largest radicand [`radical`] takes apart. Beyond it a power is left as written:
/// `0.546^0.22323` is `(273/500)^(22323/100000)`, whose radicand `273^22323 · 500^77677` has
/// 900,000 bits, and taking out 100000th powers by trial division ran for minutes.
pub const RADICAL_BITS: u64 = 1 << 14;

/// A positive rational to the power `p/q` (`q > 1`, lowest terms) in radical normal form
/// `c · s^(1/q)`: `c` rational, `s` a q-th-power-free integer (`s = 1` means rational).
/// `None` when the intermediate integers would exceed `max_bits` or [`RADICAL_BITS`].
pub fn radical(base: &Rational, p: &BigInt, q: u32, max_bits: u64) -> Option<(Rational, BigUint)> {
    debug_assert!(base.is_positive() && q > 1);
    let qb = BigInt::from(q);
    let (k, r) = p.div_mod_floor(&qb); // p = k q + r, 0 < r < q
    let r = r.to_u32()?;
    let whole = pow_int(base, &k, max_bits)?;
    let n = base.numer().magnitude();
    let d = base.denom().magnitude();
    let need = n.bits() * u64::from(r) + d.bits() * u64::from(q - r);
    if need > max_bits.min(RADICAL_BITS) {
        return None;
    }
    let m = n.pow(r) * d.pow(q - r);
    let (a, s) = extract_power(&m, q);
    let (a, d) = (BigInt::from_biguint(Sign::Plus, a), BigInt::from_biguint(Sign::Plus, d.clone()));
    let g = gcd(&a, &d);
    let c = mul(&whole, &Rational::new_raw(a / &g, d / g));
    Some((c, s))
}

/// Decimal text of a rational's magnitude order for values beyond `f64` (`"1.0e400"`).
pub fn huge_decimal(r: &Rational, digits: usize) -> String {
    // Scale to an integer with enough digits, then place the decimal point.
    let neg = r.is_negative();
    let num = r.numer().magnitude().clone();
    let den = r.denom().magnitude().clone();
    let nd = num.to_string().len() as i64;
    let dd = den.to_string().len() as i64;
    let mut exp10 = nd - dd;
    let digits = digits.max(1) as i64;
    // mantissa = floor(value · 10^(digits-1-exp10)); adjust exp10 until it has `digits` digits.
    let mut text = String::new();
    for _ in 0..4 {
        let shift = digits - 1 - exp10;
        let scaled = if shift >= 0 {
            &num * BigUint::from(10u32).pow(shift as u32) / &den
        } else {
            &num / (&den * BigUint::from(10u32).pow((-shift) as u32))
        };
        text = scaled.to_string();
        match (text.len() as i64).cmp(&digits) {
            std::cmp::Ordering::Greater => exp10 += 1,
            std::cmp::Ordering::Less => exp10 -= 1,
            std::cmp::Ordering::Equal => break,
        }
    }
    let (head, tail) = text.split_at(1);
    let tail = tail.trim_end_matches('0');
    format!("{}{}.{}e{}", if neg { "-" } else { "" }, head, if tail.is_empty() { "0" } else { tail }, exp10)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn large_arguments_reduce_modulo_two_pi() {
        let pi = pi_scaled(30).to_string();
        assert_eq!(pi, "3141592653589793238462643383279");
        // sin(10^30) = -0.09011690191213805..., sin(10^22) = -0.8522008497671888...
        let big = |e: u32| Rational::from_integer(BigInt::from(10u8).pow(e));
        assert!((rem_two_pi(&big(30)).unwrap().sin() + 0.090_116_901_912_138_05).abs() < 1e-15);
        assert!((rem_two_pi(&big(22)).unwrap().sin() + 0.852_200_849_767_188_8).abs() < 1e-15);
        assert!((rem_two_pi(&frac(7, 2)).unwrap() - (3.5 - 2.0 * std::f64::consts::PI)).abs() < 1e-15);
        assert!(rem_two_pi(&big(400)).is_some_and(f64::is_finite));
        assert!(rem_two_pi(&big(30_000)).is_none());
    }

    #[test]
    fn products_and_quotients_agree_with_num_rational() {
        let big = Rational::new(BigInt::from(3).pow(900u32) * 16, BigInt::from(7).pow(500u32));
        let values = [frac(0, 1), frac(1, 1), frac(-3, 4), frac(6, 35), frac(-35, 12), frac(1, 16), big.clone(), -big];
        for a in &values {
            for b in &values {
                assert_eq!(mul(a, b), a * b, "{a} * {b}");
                assert_eq!(add(a, b), a + b, "{a} + {b}");
                assert_eq!(div(a, b), (!b.is_zero()).then(|| a / b), "{a} / {b}");
            }
        }
        assert_eq!(gcd(&(BigInt::from(2).pow(5000u32) * 3), &BigInt::from(-24)), BigInt::from(24));
        assert_eq!(gcd(&BigInt::from(0), &BigInt::from(-5)), BigInt::from(5));
    }

    #[test]
    fn radicals_normalise() {
        let r = |b: i64, p: i64, q: u32| radical(&int(b), &BigInt::from(p), q, 10_000).unwrap();
        assert_eq!(r(8, 1, 2), (int(2), BigUint::from(2u32))); // √8 = 2√2
        assert_eq!(r(4, 1, 2), (int(2), BigUint::one()));
        assert_eq!(r(2, -1, 2), (frac(1, 2), BigUint::from(2u32))); // 1/√2 = √2/2
        assert_eq!(r(2, 3, 2), (int(2), BigUint::from(2u32))); // 2^(3/2) = 2√2
        assert_eq!(r(27, 2, 3), (int(9), BigUint::one()));
        let half = radical(&frac(1, 2), &BigInt::from(1), 2, 10_000).unwrap();
        assert_eq!(half, (frac(1, 2), BigUint::from(2u32))); // √(1/2) = √2/2
    }

    #[test]
    fn huge_values_print_in_scientific_form() {
        let big = pow_int(&int(10), &BigInt::from(400), 100_000).unwrap();
        assert_eq!(huge_decimal(&big, 10), "1.0e400");
        let third = big / int(3);
        assert_eq!(huge_decimal(&third, 5), "3.3333e399");
    }

    #[test]
    fn long_digit_strings_read_by_halves_as_in_one_go() {
        // Lengths around the chunk and its doublings, digits of every kind, leading zeros.
        let digits: String = (0..9_000u32).map(|i| char::from(b'0' + ((i * 7 + i / 13) % 10) as u8)).collect();
        for len in [0, 1, 999, 1_000, 1_001, 2_000, 2_001, 4_001, 8_999] {
            let d = &digits[..len];
            let want = if d.is_empty() { BigInt::zero() } else { d.parse::<BigInt>().unwrap() };
            assert_eq!(parse_digits(d), Some(want), "{len} digits");
        }
        let zeros = format!("{}1", "0".repeat(5_000));
        assert_eq!(parse_digits(&zeros), Some(BigInt::one()));
        assert_eq!(parse_digits("12a"), None);
        assert_eq!(parse_digits("-1"), None);
    }

    #[test]
    fn decimals_reduce_as_num_rational_does() {
        let ten = BigInt::from(10u8);
        // Numerators with factors of 2 and 5 (and 5^27 or more, which the division by
        // 5^27 at a time takes out) against scales that exceed them or not.
        let numerators = [
            BigInt::from(1),
            BigInt::from(22),
            BigInt::from(3125 * 3),
            BigInt::from(5).pow(60u32) * 7,
            BigInt::from(2).pow(70u32) * BigInt::from(5).pow(26u32),
            BigInt::from(10).pow(40u32),
            BigInt::from(333_333_333),
            BigInt::from(5).pow(1_000u32) * 3,
            BigInt::from(5).pow(2_000u32),
        ];
        for n in &numerators {
            for scale in [-2_500i64, -1_000, -999, -80, -60, -27, -3, -1, 0, 2, 30] {
                let want = if scale >= 0 {
                    Rational::from_integer(n * ten.pow(scale as u32))
                } else {
                    Rational::new(n.clone(), ten.pow((-scale) as u32))
                };
                let got = decimal(n.clone(), scale, 1 << 20).unwrap();
                assert_eq!((got.numer(), got.denom()), (want.numer(), want.denom()), "{n}·10^{scale}");
            }
        }
        assert_eq!(decimal(BigInt::zero(), -5, 1 << 20), Some(Rational::zero()));
        assert_eq!(decimal(BigInt::one(), -300_000, 1 << 20), None);
    }
}
