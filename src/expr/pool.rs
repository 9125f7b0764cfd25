//! The interning pool and its canonicalizing constructors.
//!
//! Canonical form (what every constructor guarantees of the node it returns):
//! - `Add`: at least two terms, no nested `Add`, like terms collected (`2x + 3x` = `5x`),
//!   at most one number term, terms sorted by id.
//! - `Mul`: at least two factors, no nested `Mul`, at most one number (the coefficient,
//!   first, never 0 or 1), powers of one base collected (`x·x²` = `x³`), factors sorted by
//!   id; a rational coefficient times a single sum is distributed (`2(x+1)` = `2x + 2`), the
//!   way SymPy does, so that `x - (x - 1)` cancels. Products of sums are never expanded.
//!   A sum that is one factor among others is primitive: its content (the gcd of its
//!   coefficients over the lcm of their denominators, negative when every coefficient is)
//!   is moved into the coefficient, so `(2x + 2)·y` = `2(x + 1)·y` and `(-x - y)/π` =
//!   `-(x + y)/π`: however a product is grouped, it gets one form (and printed forms, which
//!   group factors differently, read back as the same expression).
//! - `Pow`: exponent not 0 or 1, base not 1; rational powers of numbers folded exactly,
//!   radicals in normal form (`√8` = `2√2`, `1/√2` = `√2/2`); a sum raised to a rational
//!   power is primitive in the same way (`(2x + 2)⁻¹` = `(x + 1)⁻¹/2`; for a power that
//!   is not an integer only a positive content moves out).
//! - `Func`: exact special values folded (`sin(π/6)` = `1/2`, `ln e` = `1`), odd and even
//!   functions take the sign out of their argument (`sin(-x)` = `-sin(x)`).
//!
//! `exp(u)` is `e^u`, `sqrt(u)` is `u^(1/2)`, `u/v` is `u·v^(-1)` and `u - v` is
//! `u + (-1)·v`, so that one set of rules collects all of them.
//!
//! Constructors never fail: when a number would outgrow [`Limits::int_bits`] the power is
//! kept unevaluated and the limit is recorded ([`Pool::limit_hit`]); callers check it.

use super::number::{self, Rational};
use super::special;
use crate::limits::{Limit, Limits};
use hashbrown::HashTable;
use num_bigint::BigInt;
use num_traits::{One, Signed, ToPrimitive, Zero};
use rustc_hash::{FxBuildHasher, FxHashMap, FxHashSet};
use std::hash::BuildHasher;
use std::sync::atomic::{AtomicU64, Ordering::Relaxed};

/// An expression: an index into its [`Pool`]. Children have smaller ids than parents.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Debug)]
pub struct ExprId(pub u32);

/// A variable: an index into the pool's table of names.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Debug)]
pub struct SymId(pub u32);

/// The unary functions of the language. `exp`, `sqrt`, `cbrt` and `log` are powers and
/// quotients of these and need no variant of their own.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Debug)]
pub enum Func {
    Sin,
    Cos,
    Tan,
    Cot,
    Sec,
    Csc,
    Asin,
    Acos,
    Atan,
    Sinh,
    Cosh,
    Tanh,
    Asinh,
    Acosh,
    Atanh,
    Ln,
    Abs,
    Sign,
    /// The logistic function 1/(1 + e^(−u)).
    Sigmoid,
    /// ln(1 + e^u).
    Softplus,
    Erf,
    Floor,
    Ceil,
}

impl Func {
    pub const ALL: [Func; 23] = [
        Func::Sin,
        Func::Cos,
        Func::Tan,
        Func::Cot,
        Func::Sec,
        Func::Csc,
        Func::Asin,
        Func::Acos,
        Func::Atan,
        Func::Sinh,
        Func::Cosh,
        Func::Tanh,
        Func::Asinh,
        Func::Acosh,
        Func::Atanh,
        Func::Ln,
        Func::Abs,
        Func::Sign,
        Func::Sigmoid,
        Func::Softplus,
        Func::Erf,
        Func::Floor,
        Func::Ceil,
    ];

    /// The name as printed in plain and text output (SymPy reads these back).
    pub fn name(self) -> &'static str {
        match self {
            Func::Sin => "sin",
            Func::Cos => "cos",
            Func::Tan => "tan",
            Func::Cot => "cot",
            Func::Sec => "sec",
            Func::Csc => "csc",
            Func::Asin => "asin",
            Func::Acos => "acos",
            Func::Atan => "atan",
            Func::Sinh => "sinh",
            Func::Cosh => "cosh",
            Func::Tanh => "tanh",
            Func::Asinh => "asinh",
            Func::Acosh => "acosh",
            Func::Atanh => "atanh",
            Func::Ln => "ln",
            Func::Abs => "abs",
            Func::Sign => "sign",
            Func::Sigmoid => "sigmoid",
            Func::Softplus => "softplus",
            Func::Erf => "erf",
            Func::Floor => "floor",
            // SymPy's name (its `ceil` is an unknown function); gradcalc reads both.
            Func::Ceil => "ceiling",
        }
    }

    /// f(-u) = -f(u).
    fn is_odd(self) -> bool {
        matches!(
            self,
            Func::Sin
                | Func::Tan
                | Func::Cot
                | Func::Csc
                | Func::Asin
                | Func::Atan
                | Func::Sinh
                | Func::Tanh
                | Func::Asinh
                | Func::Atanh
                | Func::Sign
                | Func::Erf
        )
    }

    /// f(-u) = f(u).
    fn is_even(self) -> bool {
        matches!(self, Func::Cos | Func::Sec | Func::Cosh | Func::Abs)
    }
}

/// One interned node. Its children are ids of earlier nodes.
#[derive(Clone, Debug)]
pub enum Node {
    Num(Rational),
    Sym(SymId),
    Pi,
    E,
    Add(Box<[ExprId]>),
    Mul(Box<[ExprId]>),
    Pow(ExprId, ExprId),
    Func(Func, ExprId),
    /// A function of several arguments, or an unknown one: `max(a, b)`, `atan2(y, x)`,
    /// `f(x²)`, `∂₂g(x, y²)`.
    Call(Callee, Box<[ExprId]>),
}

/// An unknown function declared with `--funcs`: an index into the pool's table of their names.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Debug)]
pub struct FnSym(pub u32);

/// What a [`Node::Call`] applies.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Debug)]
pub enum Callee {
    /// `max(a, b)`; `relu(u)` is `max(0, u)`. Arguments sorted by id.
    Max,
    /// `min(a, b)`. Arguments sorted by id.
    Min,
    /// `atan2(y, x)`: the angle of the point (x, y), in (−π, π].
    Atan2,
    /// An unknown function, or one of its partial derivatives: `orders[i]` is how many
    /// times it is differentiated by its argument i (all 0: the function itself). Mixed
    /// partials in any order are one node (Schwarz's theorem).
    Unknown { name: FnSym, orders: Box<[u32]> },
}

impl Callee {
    /// The built-in name (`max`, `min`, `atan2`); `None` for an unknown function.
    pub fn builtin_name(&self) -> Option<&'static str> {
        match self {
            Callee::Max => Some("max"),
            Callee::Min => Some("min"),
            Callee::Atan2 => Some("atan2"),
            Callee::Unknown { .. } => None,
        }
    }
}

/// Hashed and compared by hand for `Num`: num-rational hashes (and compares unequal
/// denominators) through the continued fraction, one big division and one stack frame per
/// term, so interning a 100,000-bit rational took seconds and overflowed an 8 MB stack.
/// Numbers here are always in lowest terms with a positive denominator, so numerator and
/// denominator identify them.
impl PartialEq for Node {
    fn eq(&self, other: &Node) -> bool {
        match (self, other) {
            (Node::Num(a), Node::Num(b)) => a.numer() == b.numer() && a.denom() == b.denom(),
            (Node::Sym(a), Node::Sym(b)) => a == b,
            (Node::Pi, Node::Pi) | (Node::E, Node::E) => true,
            (Node::Add(a), Node::Add(b)) | (Node::Mul(a), Node::Mul(b)) => a == b,
            (Node::Pow(a, b), Node::Pow(c, d)) => a == c && b == d,
            (Node::Func(f, a), Node::Func(g, b)) => f == g && a == b,
            (Node::Call(f, a), Node::Call(g, b)) => f == g && a == b,
            _ => false,
        }
    }
}

impl Eq for Node {}

impl std::hash::Hash for Node {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        std::mem::discriminant(self).hash(state);
        match self {
            // Rationals are kept in lowest terms with a positive denominator, so hashing the
            // two integers agrees with `Eq`. num-rational's own `Hash` walks the continued
            // fraction expansion recursively, in quadratic time: interning (7/3)^15625 took
            // a 2 MB stack over the edge, and (7/3)^150000 took 19 s and 2.8 GB.
            Node::Num(r) => {
                r.numer().hash(state);
                r.denom().hash(state);
            }
            Node::Sym(s) => s.hash(state),
            Node::Pi | Node::E => {}
            Node::Add(xs) | Node::Mul(xs) => xs.hash(state),
            Node::Pow(b, e) => {
                b.hash(state);
                e.hash(state);
            }
            Node::Func(f, a) => {
                f.hash(state);
                a.hash(state);
            }
            Node::Call(f, args) => {
                f.hash(state);
                args.hash(state);
            }
        }
    }
}

/// All expressions of one run, interned: equal subexpressions exist once.
pub struct Pool {
    nodes: Vec<Node>,
    /// The interning table: (hash, id) of every node, looked up by the node's hash and
    /// compared with `nodes[id]`, so that each node is stored once (not again as a key).
    index: HashTable<(u64, ExprId)>,
    /// Free variables of each node, as an index into `sets`; answers "does this node
    /// depend on x", which lets derivatives skip whole subtrees.
    free: Vec<u32>,
    sets: FreeSets,
    names: Vec<String>,
    name_index: FxHashMap<String, SymId>,
    /// The names of unknown functions ([`FnSym`]).
    fn_names: Vec<String>,
    limits: Limits,
    limit_hit: Option<Limit>,
    /// `max(a, b)` or `min(a, b)` → `a − b`, built with the call: where it is 0 the call has
    /// its kink (see [`Pool::extremum_difference`]).
    differences: FxHashMap<ExprId, ExprId>,
    /// `sum → (content, primitive part)`, see [`Pool::primitive`].
    primitive: FxHashMap<ExprId, (Rational, ExprId)>,
    /// Work on large exact numbers so far (see [`Pool::charge`]); atomic so that `&Pool`
    /// can charge and stay shareable.
    work: AtomicU64,
    /// Nodes plus the operands of sums and products: what [`Limits::nodes`] bounds.
    size: usize,
    zero: ExprId,
    one: ExprId,
}

/// The distinct sets of free variables, interned: a big expression has far fewer distinct
/// sets than nodes (most large subtrees contain every variable), so each node holds a
/// `u32`, and the union of two sets is computed once.
struct FreeSets {
    /// Sorted by `SymId`; set 0 is the empty set.
    sets: Vec<Box<[SymId]>>,
    /// Bit `s % 64` for each member `s`: a quick "certainly not" before the binary search.
    masks: Vec<u64>,
    index: FxHashMap<Box<[SymId]>, u32>,
    unions: FxHashMap<(u32, u32), u32>,
}

impl FreeSets {
    fn new() -> FreeSets {
        let mut f =
            FreeSets { sets: Vec::new(), masks: Vec::new(), index: FxHashMap::default(), unions: FxHashMap::default() };
        f.intern(Vec::new());
        f
    }

    fn intern(&mut self, v: Vec<SymId>) -> u32 {
        if let Some(&k) = self.index.get(v.as_slice()) {
            return k;
        }
        let k = self.sets.len() as u32;
        let mask = v.iter().fold(0u64, |m, s| m | (1 << (s.0 % 64)));
        let b: Box<[SymId]> = v.into_boxed_slice();
        self.sets.push(b.clone());
        self.masks.push(mask);
        self.index.insert(b, k);
        k
    }

    /// The union of many sets at once (the operands of a sum or product). A few distinct
    /// sets are folded pairwise through the remembered unions; many are merged in one pass,
    /// since folding k distinct sets one at a time builds and keeps k growing sets (a flat
    /// sum of 16,000 variables took 1 GB that way).
    fn union_all(&mut self, sets: impl Iterator<Item = u32>) -> u32 {
        let mut distinct: Vec<u32> = sets.filter(|&k| k != 0).collect();
        distinct.sort_unstable();
        distinct.dedup();
        if distinct.len() <= 8 {
            return distinct.into_iter().fold(0, |acc, k| self.union(acc, k));
        }
        let mut members: Vec<SymId> = distinct.iter().flat_map(|&k| self.sets[k as usize].iter().copied()).collect();
        members.sort_unstable();
        members.dedup();
        self.intern(members)
    }

    fn union(&mut self, a: u32, b: u32) -> u32 {
        if a == b || b == 0 {
            return a;
        }
        if a == 0 {
            return b;
        }
        let key = (a.min(b), a.max(b));
        if let Some(&k) = self.unions.get(&key) {
            return k;
        }
        let (x, y) = (&self.sets[a as usize], &self.sets[b as usize]);
        let mut v = Vec::with_capacity(x.len() + y.len());
        let (mut i, mut j) = (0, 0);
        while i < x.len() && j < y.len() {
            match x[i].cmp(&y[j]) {
                std::cmp::Ordering::Less => {
                    v.push(x[i]);
                    i += 1;
                }
                std::cmp::Ordering::Greater => {
                    v.push(y[j]);
                    j += 1;
                }
                std::cmp::Ordering::Equal => {
                    v.push(x[i]);
                    i += 1;
                    j += 1;
                }
            }
        }
        v.extend_from_slice(&x[i..]);
        v.extend_from_slice(&y[j..]);
        let k = self.intern(v);
        self.unions.insert(key, k);
        k
    }
}

impl Default for Pool {
    fn default() -> Self {
        Pool::new(Limits::default())
    }
}

impl Pool {
    pub fn new(limits: Limits) -> Pool {
        let mut pool = Pool {
            nodes: Vec::new(),
            index: HashTable::new(),
            free: Vec::new(),
            sets: FreeSets::new(),
            names: Vec::new(),
            name_index: FxHashMap::default(),
            fn_names: Vec::new(),
            limits,
            limit_hit: None,
            primitive: FxHashMap::default(),
            differences: FxHashMap::default(),
            work: AtomicU64::new(0),
            size: 0,
            zero: ExprId(0),
            one: ExprId(0),
        };
        pool.zero = pool.intern(Node::Num(Rational::zero()));
        pool.one = pool.intern(Node::Num(Rational::one()));
        pool
    }

    pub fn limits(&self) -> &Limits {
        &self.limits
    }

    /// The first limit a constructor ran into, if any; the result is then not trustworthy.
    pub fn limit_hit(&self) -> Option<Limit> {
        self.limit_hit.or_else(|| (self.work.load(Relaxed) > self.limits.work).then_some(Limit::Work))
    }

    /// Charges one arithmetic operation on exact numbers `a` and `b` to the work limit, and
    /// says whether to do it. Only large numbers count: an operation on numbers of u ≤ w
    /// 64-bit words costs about (u + 16)·w: u·w for a schoolbook product or the one Euclid
    /// step with which `number::gcd` starts (w² for two numbers of one size, whose gcd is
    /// quadratic), and at least 16·w, since dividing by a small number takes tens of cycles
    /// a word. So a sum or product of many large numbers (`1/1 + 1/2 + … + 1/100000`) stops
    /// at the limit within a fraction of a second, while a large coefficient times a small
    /// one (`x·777…7`) costs about its length. Once over, operations are skipped (the
    /// result is discarded).
    pub fn charge(&self, a: &Rational, b: &Rational) -> bool {
        let (u, w) = (number::bits(a) / 64, number::bits(b) / 64);
        let (u, w) = (u.min(w), u.max(w));
        self.charge_cost(w, u.saturating_add(16).saturating_mul(w))
    }

    /// Charges an operation on numbers of `words` 64-bit words (see [`Pool::charge`]).
    fn charge_words(&self, words: u64) -> bool {
        self.charge_cost(words, words.saturating_mul(words))
    }

    /// Charges `cost` for an operation whose largest number has `words` words; numbers
    /// under 1,024 bits are free.
    fn charge_cost(&self, words: u64, cost: u64) -> bool {
        if words < 16 {
            return self.work.load(Relaxed) <= self.limits.work;
        }
        self.work.fetch_add(cost, Relaxed).saturating_add(cost) <= self.limits.work
    }

    pub fn note_limit(&mut self, limit: Limit) {
        self.limit_hit.get_or_insert(limit);
    }

    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    /// Nodes plus the operands of sums and products, as [`Limits::nodes`] counts them.
    pub fn size(&self) -> usize {
        self.size
    }

    pub fn is_empty(&self) -> bool {
        self.nodes.is_empty()
    }

    pub fn node(&self, id: ExprId) -> &Node {
        &self.nodes[id.0 as usize]
    }

    /// Every node reachable from `roots`, each once, in ascending id order: children come
    /// before their parents, so one pass over the result can fold a value bottom-up.
    pub fn reachable(&self, roots: &[ExprId]) -> Vec<ExprId> {
        let mut seen = FxHashSet::default();
        let mut stack: Vec<ExprId> = roots.to_vec();
        let mut out = Vec::new();
        while let Some(id) = stack.pop() {
            if !seen.insert(id) {
                continue;
            }
            out.push(id);
            match self.node(id) {
                Node::Add(cs) | Node::Mul(cs) => stack.extend_from_slice(cs),
                Node::Pow(b, e) => stack.extend([*b, *e]),
                Node::Func(_, a) => stack.push(*a),
                Node::Call(_, args) => stack.extend_from_slice(args),
                _ => {}
            }
        }
        out.sort_unstable();
        out
    }

    /// The free variables of `id`, sorted by `SymId`.
    pub fn free_vars(&self, id: ExprId) -> &[SymId] {
        &self.sets.sets[self.free[id.0 as usize] as usize]
    }

    pub fn depends_on(&self, id: ExprId, var: SymId) -> bool {
        let k = self.free[id.0 as usize] as usize;
        self.sets.masks[k] & (1 << (var.0 % 64)) != 0 && self.sets.sets[k].binary_search(&var).is_ok()
    }

    pub fn is_constant(&self, id: ExprId) -> bool {
        self.free[id.0 as usize] == 0
    }

    /// Whether `id` is a number: constant, and free of unknown functions (`f'(1)` has no
    /// variable but no value either).
    pub fn is_numeric(&self, id: ExprId) -> bool {
        self.is_constant(id)
            && self.reachable(&[id]).iter().all(|&n| !matches!(self.node(n), Node::Call(Callee::Unknown { .. }, _)))
    }

    pub fn zero(&self) -> ExprId {
        self.zero
    }

    pub fn one(&self) -> ExprId {
        self.one
    }

    pub fn as_num(&self, id: ExprId) -> Option<&Rational> {
        match self.node(id) {
            Node::Num(r) => Some(r),
            _ => None,
        }
    }

    pub fn is_zero(&self, id: ExprId) -> bool {
        id == self.zero
    }

    pub fn is_one(&self, id: ExprId) -> bool {
        id == self.one
    }

    /// The variable's id, creating it on first use.
    pub fn symbol(&mut self, name: &str) -> SymId {
        if let Some(&s) = self.name_index.get(name) {
            return s;
        }
        let s = SymId(self.names.len() as u32);
        self.names.push(name.to_string());
        self.name_index.insert(name.to_string(), s);
        s
    }

    pub fn symbol_count(&self) -> usize {
        self.names.len()
    }

    pub fn find_symbol(&self, name: &str) -> Option<SymId> {
        self.name_index.get(name).copied()
    }

    pub fn name(&self, s: SymId) -> &str {
        &self.names[s.0 as usize]
    }

    /// The unknown function named `name`, creating it on first use.
    pub fn function_symbol(&mut self, name: &str) -> FnSym {
        if let Some(k) = self.fn_names.iter().position(|n| n == name) {
            return FnSym(k as u32);
        }
        self.fn_names.push(name.to_string());
        FnSym(self.fn_names.len() as u32 - 1)
    }

    pub fn function_name(&self, f: FnSym) -> &str {
        &self.fn_names[f.0 as usize]
    }

    fn intern(&mut self, node: Node) -> ExprId {
        let hash = FxBuildHasher.hash_one(&node);
        let nodes = &self.nodes;
        if let Some(&(_, id)) = self.index.find(hash, |&(h, id)| h == hash && nodes[id.0 as usize] == node) {
            return id;
        }
        let free = self.free_of(&node);
        let id = ExprId(self.nodes.len() as u32);
        self.size += 1 + match &node {
            Node::Add(ts) | Node::Mul(ts) | Node::Call(_, ts) => ts.len(),
            _ => 0,
        };
        if self.size > self.limits.nodes {
            self.note_limit(Limit::Nodes);
        }
        self.nodes.push(node);
        self.free.push(free);
        self.index.insert_unique(hash, (hash, id), |&(h, _)| h);
        id
    }

    fn free_of(&mut self, node: &Node) -> u32 {
        let children: &[ExprId] = match node {
            Node::Num(_) | Node::Pi | Node::E => return 0,
            Node::Sym(s) => return self.sets.intern(vec![*s]),
            Node::Add(ts) | Node::Mul(ts) | Node::Call(_, ts) => ts,
            Node::Pow(b, e) => return self.sets.union(self.free[b.0 as usize], self.free[e.0 as usize]),
            Node::Func(_, a) => return self.free[a.0 as usize],
        };
        self.sets.union_all(children.iter().map(|c| self.free[c.0 as usize]))
    }

    // ----- leaves -----

    pub fn num(&mut self, r: Rational) -> ExprId {
        if r.is_zero() {
            return self.zero;
        }
        if r.is_one() {
            return self.one;
        }
        if number::bits(&r) > self.limits.int_bits {
            self.note_limit(Limit::IntBits);
        }
        self.intern(Node::Num(r))
    }

    pub fn int(&mut self, n: i64) -> ExprId {
        self.num(number::int(n))
    }

    pub fn var(&mut self, s: SymId) -> ExprId {
        self.intern(Node::Sym(s))
    }

    pub fn var_named(&mut self, name: &str) -> ExprId {
        let s = self.symbol(name);
        self.var(s)
    }

    pub fn pi(&mut self) -> ExprId {
        self.intern(Node::Pi)
    }

    pub fn e(&mut self) -> ExprId {
        self.intern(Node::E)
    }

    // ----- arithmetic -----

    pub fn add2(&mut self, a: ExprId, b: ExprId) -> ExprId {
        self.add(vec![a, b])
    }

    pub fn sub(&mut self, a: ExprId, b: ExprId) -> ExprId {
        let nb = self.neg(b);
        self.add(vec![a, nb])
    }

    pub fn neg(&mut self, a: ExprId) -> ExprId {
        let m1 = self.int(-1);
        self.mul(vec![m1, a])
    }

    pub fn mul2(&mut self, a: ExprId, b: ExprId) -> ExprId {
        self.mul(vec![a, b])
    }

    pub fn div(&mut self, a: ExprId, b: ExprId) -> ExprId {
        let inv = self.powi(b, -1);
        self.mul(vec![a, inv])
    }

    pub fn powi(&mut self, b: ExprId, e: i64) -> ExprId {
        let e = self.int(e);
        self.pow(b, e)
    }

    pub fn sqrt(&mut self, a: ExprId) -> ExprId {
        let half = self.num(number::frac(1, 2));
        self.pow(a, half)
    }

    pub fn exp(&mut self, a: ExprId) -> ExprId {
        let e = self.e();
        self.pow(e, a)
    }

    /// `(coefficient, rest)` with `id = coefficient · rest` and `rest` free of a number factor.
    pub fn split_coeff(&mut self, id: ExprId) -> (Rational, ExprId) {
        match self.node(id) {
            Node::Num(r) => (r.clone(), self.one),
            Node::Mul(fs) => match self.node(fs[0]) {
                Node::Num(c) => {
                    let c = c.clone();
                    let rest: Vec<ExprId> = fs[1..].to_vec();
                    let rest = if rest.len() == 1 { rest[0] } else { self.intern(Node::Mul(rest.into_boxed_slice())) };
                    (c, rest)
                }
                _ => (Rational::one(), id),
            },
            _ => (Rational::one(), id),
        }
    }

    /// The coefficient of `id` when it has one other than 1, without a copy.
    fn coeff_ref(&self, id: ExprId) -> Option<&Rational> {
        match self.node(id) {
            Node::Num(r) => Some(r),
            Node::Mul(fs) => match self.node(fs[0]) {
                Node::Num(c) => Some(c),
                _ => None,
            },
            _ => None,
        }
    }

    /// The coefficient of `id` without building the rest.
    pub fn coeff_of(&self, id: ExprId) -> Rational {
        match self.node(id) {
            Node::Num(r) => r.clone(),
            Node::Mul(fs) => match self.node(fs[0]) {
                Node::Num(c) => c.clone(),
                _ => Rational::one(),
            },
            _ => Rational::one(),
        }
    }

    /// `c · rest` where `rest` is canonical and has no number factor.
    fn scale(&mut self, c: Rational, rest: ExprId) -> ExprId {
        if c.is_zero() {
            return self.zero;
        }
        if c.is_one() {
            return rest;
        }
        let cid = self.num(c);
        match self.node(rest) {
            Node::Num(_) | Node::Add(_) => self.mul(vec![cid, rest]),
            Node::Mul(fs) => {
                let mut v = Vec::with_capacity(fs.len() + 1);
                v.push(cid);
                v.extend_from_slice(fs);
                self.intern(Node::Mul(v.into_boxed_slice()))
            }
            _ => self.intern(Node::Mul(Box::new([cid, rest]))),
        }
    }

    pub fn add(&mut self, terms: Vec<ExprId>) -> ExprId {
        let mut constant = Rational::zero();
        // rest -> (its coefficient, the term itself while no other term has that rest)
        let mut coeffs: FxHashMap<ExprId, (Rational, Option<ExprId>)> =
            FxHashMap::with_capacity_and_hasher(terms.len(), Default::default());
        let mut order: Vec<ExprId> = Vec::with_capacity(terms.len());
        let mut stack = terms;
        stack.reverse();
        while let Some(t) = stack.pop() {
            match self.node(t) {
                Node::Num(r) => {
                    if self.charge(&constant, r) {
                        number::add_to(&mut constant, r);
                    }
                }
                Node::Add(ts) => stack.extend(ts.iter().rev()),
                _ => {
                    let (c, rest) = self.split_coeff(t);
                    match coeffs.get_mut(&rest) {
                        Some((acc, alone)) => {
                            *alone = None;
                            if self.charge(acc, &c) {
                                number::add_to(acc, &c);
                            }
                        }
                        None => {
                            coeffs.insert(rest, (c, Some(t)));
                            order.push(rest);
                        }
                    }
                }
            }
        }
        let mut out: Vec<ExprId> = Vec::with_capacity(order.len() + 1);
        for rest in order {
            let (c, alone) = coeffs.remove(&rest).unwrap_or_default();
            if c.is_zero() {
                continue;
            }
            // A term met once is already what `scale` would make of it (its coefficient
            // first, then the factors of its rest), except a coefficient over a number or a
            // sum, which `scale` multiplies out.
            match alone {
                Some(t) if !matches!(self.node(rest), Node::Num(_) | Node::Add(_)) => {
                    debug_assert_eq!(self.scale(c, rest), t, "a term of a sum is not in its normal form");
                    out.push(t)
                }
                _ => out.push(self.scale(c, rest)),
            }
        }
        if !constant.is_zero() {
            out.push(self.num(constant));
        }
        match out.len() {
            0 => self.zero,
            1 => out[0],
            _ => {
                out.sort_unstable();
                self.intern(Node::Add(out.into_boxed_slice()))
            }
        }
    }

    /// `(base, exponent)` with `id = base^exponent`.
    pub fn split_pow(&self, id: ExprId) -> (ExprId, ExprId) {
        match self.node(id) {
            Node::Pow(b, e) => (*b, *e),
            _ => (id, self.one),
        }
    }

    pub fn mul(&mut self, factors: Vec<ExprId>) -> ExprId {
        if let Some(p) = self.mul_of_two(&factors) {
            return p;
        }
        let mut coeff = Rational::one();
        // The number factors, multiplied at the end in one balanced product.
        let mut numbers: Vec<Rational> = Vec::new();
        // base -> (exponents, the factor itself when it stands alone)
        let mut by_base: FxHashMap<ExprId, (Vec<ExprId>, ExprId)> =
            FxHashMap::with_capacity_and_hasher(factors.len(), Default::default());
        let mut order: Vec<ExprId> = Vec::new();
        let mut pending = factors;
        let mut rounds = 0;
        let mut out: Vec<ExprId>;
        loop {
            while let Some(f) = pending.pop() {
                match self.node(f) {
                    Node::Num(r) => {
                        if r.is_zero() {
                            return self.zero;
                        }
                        numbers.push(r.clone());
                    }
                    Node::Mul(fs) => pending.extend_from_slice(fs),
                    _ => {
                        let f = if matches!(self.node(f), Node::Add(_)) {
                            let (g, s) = self.primitive(f);
                            number::mul_to(&mut coeff, &g);
                            s
                        } else {
                            f
                        };
                        let (b, e) = self.split_pow(f);
                        match by_base.get_mut(&b) {
                            Some((es, _)) => es.push(e),
                            None => {
                                by_base.insert(b, (vec![e], f));
                                order.push(b);
                            }
                        }
                    }
                }
            }
            out = Vec::with_capacity(order.len());
            for b in std::mem::take(&mut order) {
                let Some((es, alone)) = by_base.remove(&b) else { continue };
                if es.len() == 1 {
                    out.push(alone);
                    continue;
                }
                let e = self.add(es);
                let p = self.pow(b, e);
                // A result with another base ((x⁻¹)^(-1/3)·(x⁻¹)^(-2/3) = x) must meet the
                // other factors of that base (x⁻²) in the next round.
                match self.node(p) {
                    Node::Num(_) | Node::Mul(_) => pending.push(p),
                    _ if self.split_pow(p).0 != b => pending.push(p),
                    _ => out.push(p),
                }
            }
            rounds += 1;
            if pending.is_empty() || rounds > 4 {
                out.append(&mut pending);
                break;
            }
            // Re-collect what came back from `pow` together with what is settled.
            pending.append(&mut out);
        }
        let numbers = self.product_of(numbers);
        if self.charge(&coeff, &numbers) {
            number::mul_to(&mut coeff, &numbers);
        }
        self.merge_radicals(&mut coeff, &mut out);
        if coeff.is_zero() {
            return self.zero;
        }
        if out.is_empty() {
            return self.num(coeff);
        }
        if out.len() == 1 {
            if coeff.is_one() {
                return out[0];
            }
            if let Node::Add(ts) = self.node(out[0]) {
                let ts = ts.clone();
                let scaled: Vec<ExprId> = ts
                    .iter()
                    .map(|&t| {
                        let (c, rest) = self.split_coeff(t);
                        if !self.charge(&c, &coeff) {
                            return self.zero;
                        }
                        // Not num-rational's `*`: its binary gcd is quadratic on a large
                        // coefficient times a small one (`-(x + 3e55055/4096)`).
                        let c = number::mul(&c, &coeff);
                        if rest == self.one {
                            self.num(c)
                        } else {
                            self.scale(c, rest)
                        }
                    })
                    .collect();
                return self.add(scaled);
            }
        }
        out.sort_unstable();
        if !coeff.is_one() {
            let c = self.num(coeff);
            out.insert(0, c);
        }
        self.intern(Node::Mul(out.into_boxed_slice()))
    }

    /// The product of two factors that the general way of [`Pool::mul`] would only set side
    /// by side — a number and a factor that is no number, product or sum, or two such factors
    /// of different bases, not both numeric radicals — found without its tables: the same
    /// node (the same checks of the limits, none of which is hit). `None`: another case.
    fn mul_of_two(&mut self, factors: &[ExprId]) -> Option<ExprId> {
        let &[a, b] = factors else { return None };
        let single = |pool: &Pool, f: ExprId| !matches!(pool.node(f), Node::Num(_) | Node::Mul(_) | Node::Add(_));
        let number = match (self.node(a), self.node(b)) {
            (Node::Num(c), _) if single(self, b) => Some((c, a, b)),
            (_, Node::Num(c)) if single(self, a) => Some((c, b, a)),
            _ => None,
        };
        if let Some((c, cid, f)) = number {
            if c.is_zero() {
                return Some(self.zero);
            }
            if c.is_one() {
                return Some(f);
            }
            // Small enough that charging it changes nothing and the limit on integers is not
            // met (the general way would note either).
            let bits = number::bits(c);
            if bits >= 1024 || bits > self.limits.int_bits || !self.charge(&Rational::one(), c) {
                return None;
            }
            return Some(self.intern(Node::Mul(Box::new([cid, f]))));
        }
        if !(single(self, a) && single(self, b)) || self.split_pow(a).0 == self.split_pow(b).0 {
            return None;
        }
        let radical = |pool: &Pool, f: ExprId| match pool.node(f) {
            Node::Pow(b, e) => {
                matches!((pool.node(*b), pool.node(*e)), (Node::Num(_), Node::Num(r)) if !r.is_integer())
            }
            _ => false,
        };
        if radical(self, a) && radical(self, b) {
            return None;
        }
        Some(self.intern(Node::Mul(Box::new([a.min(b), a.max(b)]))))
    }

    /// The product of many numbers, multiplied in pairs, then pairs of pairs: k numbers of b
    /// bits cost about M(kb)·log k (`2x 2x 2x …`), where multiplying each into one
    /// accumulator costs k²b. Each product is charged (see [`Pool::charge`]).
    fn product_of(&self, mut numbers: Vec<Rational>) -> Rational {
        while numbers.len() > 1 {
            let mut next = Vec::with_capacity(numbers.len().div_ceil(2));
            let mut it = numbers.into_iter();
            while let Some(mut a) = it.next() {
                if let Some(b) = it.next() {
                    if self.charge(&a, &b) {
                        number::mul_to(&mut a, &b);
                    }
                }
                next.push(a);
            }
            numbers = next;
        }
        numbers.pop().unwrap_or_else(Rational::one)
    }

    /// `√2·√3` = `√6`, `∛4·∛2` = `2`: numeric radicals with one exponent combine.
    fn merge_radicals(&mut self, coeff: &mut Rational, out: &mut Vec<ExprId>) {
        let is_radical = |pool: &Pool, f: ExprId| match pool.node(f) {
            Node::Pow(b, e) => {
                matches!((pool.node(*b), pool.node(*e)), (Node::Num(_), Node::Num(r)) if !r.is_integer())
            }
            _ => false,
        };
        if out.iter().filter(|&&f| is_radical(self, f)).count() < 2 {
            return;
        }
        let mut groups: Vec<(ExprId, Rational)> = Vec::new(); // (exponent, product of bases)
        let mut keep = Vec::with_capacity(out.len());
        for &f in out.iter() {
            if !is_radical(self, f) {
                keep.push(f);
                continue;
            }
            let (b, e) = self.split_pow(f);
            let base = self.as_num(b).cloned().unwrap_or_default();
            match groups.iter_mut().find(|(ge, _)| *ge == e) {
                Some((_, prod)) => {
                    if self.charge(prod, &base) {
                        number::mul_to(prod, &base);
                    }
                }
                None => groups.push((e, base)),
            }
        }
        for (e, prod) in groups {
            let b = self.num(prod);
            let p = self.pow(b, e);
            match self.node(p) {
                Node::Num(r) => number::mul_to(coeff, r),
                Node::Mul(fs) => {
                    for &f in fs.clone().iter() {
                        match self.node(f) {
                            Node::Num(r) => number::mul_to(coeff, r),
                            _ => keep.push(f),
                        }
                    }
                }
                _ => keep.push(p),
            }
        }
        *out = keep;
    }

    pub fn pow(&mut self, b: ExprId, e: ExprId) -> ExprId {
        if self.is_zero(e) || self.is_one(b) {
            return self.one;
        }
        if self.is_one(e) {
            return b;
        }
        match (self.node(b).clone(), self.node(e).clone()) {
            (Node::Num(rb), Node::Num(re)) => self.num_pow(b, e, &rb, &re),
            (Node::Pow(b2, e2), Node::Num(re)) if re.is_integer() => {
                let ne = self.mul2(e2, e);
                self.pow(b2, ne)
            }
            (Node::Mul(fs), Node::Num(re)) if re.is_integer() => {
                let ps: Vec<ExprId> = fs.iter().map(|&f| self.pow(f, e)).collect();
                self.mul(ps)
            }
            (Node::Mul(fs), Node::Num(_)) if matches!(self.node(fs[0]), Node::Num(c) if c.is_positive()) => {
                let c = self.pow(fs[0], e);
                let rest =
                    if fs.len() == 2 { fs[1] } else { self.intern(Node::Mul(fs[1..].to_vec().into_boxed_slice())) };
                let r = self.intern_pow(rest, e);
                self.mul2(c, r)
            }
            (Node::Add(_), Node::Num(re)) => {
                let (g, s) = self.primitive(b);
                if g.is_one() || !(re.is_integer() || g.is_positive()) {
                    return self.intern_pow(b, e);
                }
                let g = self.num(g);
                let c = self.pow(g, e);
                let p = self.intern_pow(s, e);
                self.mul2(c, p)
            }
            (Node::E, Node::Func(Func::Ln, u)) => u,
            (Node::Num(rb), _) if rb.is_zero() => {
                // 0^c = 0 for any positive constant c (`0^π`), not only a rational one.
                let positive = match self.as_num(e) {
                    Some(r) => r.is_positive(),
                    None => self.is_constant(e) && self.approx_const(e) > 1e-12,
                };
                if positive {
                    self.zero
                } else {
                    self.intern(Node::Pow(b, e))
                }
            }
            _ => self.intern_pow(b, e),
        }
    }

    /// `(content, primitive part)` of a sum: `2x + 4y` = 2·(x + 2y), `x/2 + y/3` =
    /// (1/6)·(3x + 2y), `-x - y` = (-1)·(x + y); the content is 1 when there is nothing to
    /// take out. Remembered per sum.
    pub fn primitive(&mut self, sum: ExprId) -> (Rational, ExprId) {
        if let Some(p) = self.primitive.get(&sum) {
            return p.clone();
        }
        let Node::Add(ts) = self.node(sum) else {
            return (Rational::one(), sum);
        };
        let ts = ts.clone();
        // Word-sized integer coefficients (nearly every sum): the content in machine words,
        // and nothing to do when it is 1 (the usual case).
        let mut small: Option<u64> = Some(0);
        let mut all_negative = true;
        for &t in ts.iter() {
            let c = self.coeff_ref(t);
            all_negative &= c.is_some_and(|c| c.is_negative());
            small = small.and_then(|g| match c {
                None => Some(1),
                Some(c) if c.is_integer() => c.numer().magnitude().to_u64().map(|v| num_integer::Integer::gcd(&g, &v)),
                Some(_) => None,
            });
        }
        let content = match small {
            Some(1) if !all_negative => {
                let result = (Rational::one(), sum);
                self.primitive.insert(sum, result.clone());
                return result;
            }
            Some(g) => Rational::from_integer(BigInt::from(g)),
            None => {
                let mut numer = BigInt::zero();
                let mut denom = BigInt::one();
                for &t in ts.iter() {
                    let c = self.coeff_of(t);
                    numer = number::gcd(&numer, c.numer());
                    let g = number::gcd(&denom, c.denom());
                    denom = denom / g * c.denom();
                }
                // Coprime: a prime dividing both would divide a numerator and its denominator.
                Rational::new_raw(numer, denom)
            }
        };
        let mut content = content;
        if all_negative {
            content = -content;
        }
        let result = if content.is_one() || content.is_zero() {
            (Rational::one(), sum)
        } else {
            let scaled: Vec<ExprId> = ts
                .iter()
                .map(|&t| {
                    let (c, rest) = self.split_coeff(t);
                    let c = number::div(&c, &content).expect("the content of a sum is not 0");
                    if rest == self.one {
                        self.num(c)
                    } else {
                        self.scale(c, rest)
                    }
                })
                .collect();
            let p = self.add(scaled);
            (content, p)
        };
        self.primitive.insert(sum, result.clone());
        result
    }

    fn intern_pow(&mut self, b: ExprId, e: ExprId) -> ExprId {
        if self.is_zero(e) || self.is_one(b) {
            return self.one;
        }
        if self.is_one(e) {
            return b;
        }
        self.intern(Node::Pow(b, e))
    }

    /// A rational to a rational power: exact when it is rational, a normalised radical
    /// when not, left as it is when not real (`(-1)^(1/2)`) or too large.
    fn num_pow(&mut self, b: ExprId, e: ExprId, rb: &Rational, re: &Rational) -> ExprId {
        let max_bits = self.limits.int_bits;
        // b^(p/q) has about bits(b)·(p/q + 1) bits and costs about that squared to make
        // and use: charged first, left unevaluated when over. (Too large is `int_bits`'s
        // business, below.)
        let whole = (re.numer().magnitude() / re.denom().magnitude()).to_u64().unwrap_or(u64::MAX);
        let size = number::bits(rb).saturating_mul(whole.saturating_add(u64::from(!re.is_integer())));
        if size <= max_bits && !self.charge_words(size / 64) {
            return self.intern(Node::Pow(b, e));
        }
        if re.is_integer() {
            return match number::pow_int(rb, re.numer(), max_bits) {
                Some(r) => self.num(r),
                None => {
                    if !rb.is_zero() {
                        self.note_limit(Limit::IntBits);
                    }
                    self.intern(Node::Pow(b, e))
                }
            };
        }
        let Some(q) = re.denom().to_u32() else {
            return self.intern(Node::Pow(b, e));
        };
        if rb.is_zero() {
            return if re.is_positive() { self.zero } else { self.intern(Node::Pow(b, e)) };
        }
        if rb.is_negative() {
            if q % 2 == 0 {
                return self.intern(Node::Pow(b, e));
            }
            // Odd roots of negative numbers are real: (-8)^(1/3) = -2.
            let sign = if (re.numer() % BigInt::from(2)).is_zero() { 1 } else { -1 };
            let pos = self.num(-rb.clone());
            let p = self.pow(pos, e);
            let s = self.int(sign);
            return self.mul2(s, p);
        }
        match number::radical(rb, re.numer(), q, max_bits) {
            Some((c, s)) => {
                let c = self.num(c);
                if s.is_one() {
                    return c;
                }
                let s = self.num(Rational::from_integer(BigInt::from(s)));
                let inv_q = self.num(Rational::new(BigInt::one(), BigInt::from(q)));
                let root = self.intern(Node::Pow(s, inv_q));
                self.mul2(c, root)
            }
            None => self.intern(Node::Pow(b, e)),
        }
    }

    // ----- functions -----

    pub fn func(&mut self, f: Func, a: ExprId) -> ExprId {
        if f.is_odd() || f.is_even() {
            let c = self.coeff_of(a);
            if c.is_negative() {
                let pos = self.neg(a);
                let inner = self.func(f, pos);
                return if f.is_odd() { self.neg(inner) } else { inner };
            }
        }
        if matches!(f, Func::Floor | Func::Ceil) && self.coeff_of(a).is_negative() {
            // floor(-u) = -ceil(u), ceil(-u) = -floor(u): one form for both.
            let other = if f == Func::Floor { Func::Ceil } else { Func::Floor };
            let pos = self.neg(a);
            let inner = self.func(other, pos);
            return self.neg(inner);
        }
        if let Some(v) = special::value(self, f, a) {
            return v;
        }
        self.intern(Node::Func(f, a))
    }

    /// `max(a, b)`: the arguments sorted, and decided where their difference has a known
    /// sign (`max(1, 2)` = 2, `max(x, x + 1)` = x + 1, `max(x, x)` = x).
    pub fn max(&mut self, a: ExprId, b: ExprId) -> ExprId {
        self.extremum(Callee::Max, a, b)
    }

    /// `min(a, b)`, like [`Pool::max`].
    pub fn min(&mut self, a: ExprId, b: ExprId) -> ExprId {
        self.extremum(Callee::Min, a, b)
    }

    fn extremum(&mut self, which: Callee, a: ExprId, b: ExprId) -> ExprId {
        if a == b {
            return a;
        }
        let d = self.sub(a, b);
        if self.is_constant(d) {
            if let Some(s) = self.sign(d) {
                let a_wins = (s >= 0) == (which == Callee::Max);
                return if a_wins { a } else { b };
            }
        }
        let (a, b) = (a.min(b), a.max(b));
        let call = self.intern(Node::Call(which, Box::new([a, b])));
        self.differences.entry(call).or_insert(d);
        call
    }

    /// For a `max(a, b)` or `min(a, b)` node, `a − b` (in one order or the other): the
    /// function is not differentiable where it is 0. Every such node has one.
    pub fn extremum_difference(&self, call: ExprId) -> Option<ExprId> {
        self.differences.get(&call).copied()
    }

    /// `atan2(y, x)`, the angle of the point (x, y) in (−π, π]: `atan(y/x)` where x > 0 is
    /// known (shifted by ±π where x < 0 and the sign of y is known), ±π/2 on the y-axis;
    /// otherwise kept (also at (0, 0), where it is not defined: evaluation says so).
    pub fn atan2(&mut self, y: ExprId, x: ExprId) -> ExprId {
        let sx = self.sign_of(x);
        let sy = self.sign_of(y);
        let angle = |pool: &mut Pool| {
            let q = pool.div(y, x);
            pool.func(Func::Atan, q)
        };
        match (sx, sy) {
            (Some(1), _) => return angle(self),
            (Some(-1), Some(s)) => {
                let a = angle(self);
                let pi = self.pi();
                let shift = if s >= 0 { pi } else { self.neg(pi) };
                return self.add2(a, shift);
            }
            (Some(0), Some(s)) if s != 0 => {
                let half = self.num(number::frac(i64::from(s), 2));
                let pi = self.pi();
                return self.mul2(half, pi);
            }
            _ => {}
        }
        self.intern(Node::Call(Callee::Atan2, Box::new([y, x])))
    }

    /// The sign of `id` where it is constant and known ([`Pool::sign`]), else `None`.
    fn sign_of(&self, id: ExprId) -> Option<i8> {
        if self.is_constant(id) {
            self.sign(id)
        } else {
            None
        }
    }

    /// An unknown function (or its partial derivative, see [`Callee::Unknown`]) applied to
    /// `args`; `orders` has one entry per argument.
    pub fn unknown(&mut self, name: FnSym, orders: Box<[u32]>, args: Vec<ExprId>) -> ExprId {
        debug_assert_eq!(orders.len(), args.len(), "one order per argument");
        self.intern(Node::Call(Callee::Unknown { name, orders }, args.into_boxed_slice()))
    }

    /// `callee` applied to `args` in canonical form (each constructor's own rules).
    pub fn call(&mut self, callee: Callee, args: &[ExprId]) -> ExprId {
        match (callee, args) {
            (Callee::Max, &[a, b]) => self.max(a, b),
            (Callee::Min, &[a, b]) => self.min(a, b),
            (Callee::Atan2, &[y, x]) => self.atan2(y, x),
            (Callee::Unknown { name, orders }, _) => self.unknown(name, orders, args.to_vec()),
            // The parser builds built-in calls with their arity only.
            (callee, args) => self.intern(Node::Call(callee, args.into())),
        }
    }

    /// The sign of a constant expression: exact for rationals; otherwise by approximation,
    /// but only when it is clearly away from zero (|x| ≥ 1e-12), since `sin²1 + cos²1 - 1`
    /// is 0 yet approximates to about 1e-16. `None`: not a constant, or undecided.
    pub fn sign(&self, id: ExprId) -> Option<i8> {
        if !self.is_constant(id) || super::special::has_pole(self, id) {
            return None;
        }
        if let Some(r) = self.as_num(id) {
            return Some(if r.is_zero() {
                0
            } else if r.is_positive() {
                1
            } else {
                -1
            });
        }
        let x = self.approx_const(id);
        if !x.is_finite() || x.abs() < 1e-12 {
            return None;
        }
        Some(if x > 0.0 { 1 } else { -1 })
    }

    /// An `f64` value of a constant expression (no variables), NaN where undefined.
    pub fn approx_const(&self, id: ExprId) -> f64 {
        super::approx::approx(self, id, &|_| f64::NAN)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn x(p: &mut Pool) -> ExprId {
        p.var_named("x")
    }

    #[test]
    fn like_terms_collect() {
        let mut p = Pool::default();
        let x = x(&mut p);
        let two_x = {
            let two = p.int(2);
            p.mul2(two, x)
        };
        let s = p.add(vec![x, x, two_x]);
        let four = p.int(4);
        let want = p.mul2(four, x);
        assert_eq!(s, want);
        let d = p.sub(s, want);
        assert!(p.is_zero(d));
    }

    #[test]
    fn powers_collect_and_cancel() {
        let mut p = Pool::default();
        let x = x(&mut p);
        let x2 = p.powi(x, 2);
        let x3 = p.mul2(x, x2);
        assert_eq!(x3, p.powi(x, 3));
        let q = p.div(x3, x3);
        assert!(p.is_one(q));
    }

    #[test]
    fn radicals_fold() {
        let mut p = Pool::default();
        let two = p.int(2);
        let r2 = p.sqrt(two);
        let sq = p.mul2(r2, r2);
        assert_eq!(sq, two);
        let eight = p.int(8);
        let r8 = p.sqrt(eight);
        let twice = p.mul2(two, r2);
        assert_eq!(r8, twice);
        let three = p.int(3);
        let r3 = p.sqrt(three);
        let six = p.int(6);
        let r6 = p.sqrt(six);
        assert_eq!(p.mul2(r2, r3), r6);
    }

    #[test]
    fn coefficient_distributes_over_a_sum() {
        let mut p = Pool::default();
        let x = x(&mut p);
        let one = p.one();
        let xm1 = p.sub(x, one);
        let d = p.sub(x, xm1);
        assert!(p.is_one(d));
    }

    #[test]
    fn huge_power_is_refused_not_computed() {
        let mut p = Pool::new(Limits { int_bits: 1000, ..Limits::default() });
        let two = p.int(2);
        let big = p.int(100_000);
        let _ = p.pow(two, big);
        assert_eq!(p.limit_hit(), Some(Limit::IntBits));
    }
}
