//! Every piece of mathematics gradcalc does with derivatives, on ids of one
//! [`crate::expr::Pool`]: the derivative engine ([`Deriver`], which records the rule it
//! applies at each node in a [`Trace`]), gradients, Hessians and Jacobians ([`builders`]),
//! the second-derivative test ([`definiteness`]), directional derivatives ([`directional`]),
//! the total differential ([`differential`]), gradient descent ([`descent`]), the form a
//! result is presented in ([`present`]: the textbook form of [`crate::simplify`]), and where
//! non-smooth functions are not differentiable ([`kinks`]).

pub mod builders;
pub mod critical;
pub mod definiteness;
pub mod derive;
pub mod descent;
pub mod differential;
pub mod directional;
pub mod kinks;
pub mod present;
pub mod taylor;
pub mod trace;

pub use builders::{gradient, hessian, jacobian, norm};
pub use definiteness::{determinant, leading_minors, principal_minors};
pub use derive::Deriver;
pub use present::presentable;
pub use trace::{Rule, Step, Trace};
