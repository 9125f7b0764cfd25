//! Derivatives and what is built from them: partials of any order, gradients, Hessians,
//! Jacobians, and the determinants of the second-derivative test. Everything works on ids
//! of one [`crate::expr::Pool`] and returns ids in it.

mod builders;
pub mod collect;
pub mod derive;
pub mod trace;

pub use builders::{determinant, gradient, hessian, jacobian, leading_minors, norm, principal_minors};
pub use derive::Deriver;
pub use trace::{Rule, Step, Trace};
