//! The n-ary constructors on big operand lists: what they build is the canonical form the
//! header of `src/expr/pool.rs` documents, however the list is grouped, and what they keep is
//! proportional to the list (no partial sums or products, no partial sets of variables).

use gradcalc::expr::{number, ExprId, Node, Pool, Rational};
use gradcalc::limits::{Limit, Limits};
use gradcalc::syntax::{parse, ParseOptions};
use num_bigint::BigInt;
use num_traits::{One, Zero};

fn vars(pool: &mut Pool, n: usize) -> Vec<ExprId> {
    (0..n).map(|i| pool.var_named(&format!("x{i}"))).collect()
}

/// A flat sum of k variables is one node of k operands: built at once it adds k + 1 to the
/// pool (and k leaves), the same node as the sum built two terms at a time, and its free
/// variables are the k variables.
#[test]
fn flat_sum_is_one_node_however_grouped() {
    let k = 5_000;
    let mut pool = Pool::default();
    let xs = vars(&mut pool, k);
    let before = pool.size();
    let sum = pool.add(xs.clone());
    assert_eq!(pool.size() - before, k + 1, "one node with k operands");
    let Node::Add(terms) = pool.node(sum) else { panic!("not a sum") };
    assert_eq!(terms.len(), k);
    assert!(terms.windows(2).all(|w| w[0] < w[1]), "terms sorted by id");
    assert_eq!(pool.free_vars(sum).len(), k);
    // Grouped pairwise, the same node (the partial sums are built, then the whole one found).
    let mut acc = xs[0];
    for &x in &xs[1..200] {
        acc = pool.add2(acc, x);
    }
    let rest = pool.add(xs[200..].to_vec());
    assert_eq!(pool.add2(acc, rest), sum);
}

#[test]
fn flat_product_is_one_node_however_grouped() {
    let k = 5_000;
    let mut pool = Pool::default();
    let xs = vars(&mut pool, k);
    let before = pool.size();
    let product = pool.mul(xs.clone());
    assert_eq!(pool.size() - before, k + 1);
    assert_eq!(pool.free_vars(product).len(), k);
    let half = pool.mul(xs[..k / 2].to_vec());
    let other = pool.mul(xs[k / 2..].to_vec());
    assert_eq!(pool.mul2(half, other), product);
}

/// Sums and products with many distinct sets of free variables take their union at once
/// (sets of a few variables each, overlapping), and agree with the union taken by hand.
#[test]
fn free_variables_of_many_operands_are_their_union() {
    let mut pool = Pool::default();
    let xs = vars(&mut pool, 300);
    let terms: Vec<ExprId> = (0..299).map(|i| pool.mul2(xs[i], xs[(i * 7 + 1) % 300])).collect();
    let sum = pool.add(terms.clone());
    let mut want: Vec<_> = terms.iter().flat_map(|&t| pool.free_vars(t).to_vec()).collect();
    want.sort();
    want.dedup();
    assert_eq!(pool.free_vars(sum), &want[..]);
    // A few sets (the pairwise path) and many (the merged one) give the same sets.
    let few = pool.add(terms[..5].to_vec());
    let mut want_few: Vec<_> = terms[..5].iter().flat_map(|&t| pool.free_vars(t).to_vec()).collect();
    want_few.sort();
    want_few.dedup();
    assert_eq!(pool.free_vars(few), &want_few[..]);
}

/// Many number factors are multiplied in a balanced tree: `2x·2x·…` (100,000 factors) gives
/// 2^100000·x^100000 at once and within the work limit, where multiplying each factor into
/// one accumulator ran into the limit.
#[test]
fn many_number_factors_multiply_within_the_work_limit() {
    let mut pool = Pool::default();
    let x = pool.var_named("x");
    let two = pool.int(2);
    let three_halves = pool.num(number::frac(3, 2));
    let mut factors = Vec::new();
    for i in 0..100_000 {
        factors.push(if i % 2 == 0 { two } else { three_halves });
        factors.push(x);
    }
    let p = pool.mul(factors);
    assert_eq!(pool.limit_hit(), None);
    let want_coeff =
        Rational::new(BigInt::from(2).pow(50_000u32) * BigInt::from(3).pow(50_000u32), BigInt::from(2).pow(50_000u32));
    let want_power = pool.powi(x, 100_000);
    let Node::Mul(fs) = pool.node(p) else { panic!("not a product") };
    assert_eq!(pool.as_num(fs[0]), Some(&want_coeff));
    assert_eq!(fs[1..], [want_power]);
}

/// An operation on a large number and a small one is charged by its length, not the large
/// one's square: a 300,000-digit coefficient (just under 2^20 bits) times x stays within the
/// default work limit; many large numbers multiplied together still run into it.
#[test]
fn work_is_charged_by_both_operands_sizes() {
    let mut pool = Pool::default();
    let digits = "7".repeat(300_000);
    let big = parse(&mut pool, &format!("x*{digits}"), &ParseOptions::default()).expect("x·777…7 parses");
    assert_eq!(pool.limit_hit(), None);
    let Node::Mul(fs) = pool.node(big) else { panic!("not a product") };
    assert_eq!(pool.as_num(fs[0]).map(|r| r.numer().to_string().len()), Some(300_000));

    let mut pool = Pool::new(Limits { work: 1_000_000, ..Limits::default() });
    let sum: Vec<String> = (1..20_000).map(|k| format!("1/{k}")).collect();
    let _ = parse(&mut pool, &sum.join("+"), &ParseOptions::default());
    assert_eq!(pool.limit_hit(), Some(Limit::Work), "the harmonic sum's denominators grow past the limit");
}

/// Exact decimals of every size read as num-rational reads the fraction.
#[test]
fn long_decimals_are_exact() {
    let mut pool = Pool::default();
    for digits in [1, 18, 19, 20, 999, 1_000, 1_001, 4_321] {
        let text: String = (0..digits).map(|i| char::from(b'1' + (i % 9) as u8)).collect();
        let id = parse(&mut pool, &format!("0.{text}5"), &ParseOptions::default()).unwrap();
        let want = Rational::new(format!("{text}5").parse().unwrap(), BigInt::from(10).pow(digits as u32 + 1));
        assert_eq!(pool.as_num(id), Some(&want), "0.{text}5");
    }
    let id = parse(&mut pool, "1e-3", &ParseOptions::default()).unwrap();
    assert_eq!(pool.as_num(id), Some(&Rational::new(BigInt::one(), BigInt::from(1000))));
    let id = parse(&mut pool, "0.000", &ParseOptions::default()).unwrap();
    assert!(pool.as_num(id).is_some_and(Zero::is_zero));
}

/// A decimal whose digits are those of 5^370000 (258,619 digits): its 370,000 factors of 5
/// cancel against 10^258619, found by dividing by 5^27, 5^54, 5^108, … (0.4 s when they were
/// divided out 27 at a time).
#[test]
fn a_decimal_made_of_fives_reduces() {
    let five = BigInt::from(5).pow(20_000u32);
    let digits = five.to_string();
    let mut pool = Pool::default();
    let id = parse(&mut pool, &format!("0.{digits}"), &ParseOptions::default()).unwrap();
    let want = Rational::new(five, BigInt::from(10).pow(digits.len() as u32));
    assert_eq!(pool.as_num(id), Some(&want));
    assert_eq!(want.denom(), &(BigInt::one() << digits.len()));
}
