//! The expression core: interned, canonical expressions in one [`Pool`].
//!
//! Every expression is an [`ExprId`] into the pool; equal expressions share one id, so
//! comparing them is O(1) and memo tables can be indexed by id. Children always have
//! smaller ids than their parents. The constructors (`add`, `mul`, `pow`, `func`) build the
//! canonical form directly: flattened, like terms and powers collected, exact constants
//! folded. Nothing here knows about parsing, printing or the command line.

pub mod approx;
pub mod number;
mod pool;
mod special;
mod symbols;

pub use number::Rational;
pub use pool::{Callee, ExprId, FnSym, Func, Node, Pool, SymId};
pub use symbols::{function, greek_by_symbol, greek_symbol, natural_cmp, FnName, FUNCTIONS, GREEK};
