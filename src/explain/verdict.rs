//! The second-derivative test's verdict at a point in words — prose with its math set as
//! math, so that LaTeX gets `$\nabla f \neq 0$` rather than `∇f ≠ 0` inside `\text{…}` —
//! one wording for `hessian --at` and its derivation. The verdict itself, and every
//! condition on parameters in it, is [`crate::calculus::definiteness`]'s.

use super::math::{Math, Prose};
use crate::calculus::definiteness::{Character, Conclusion, Condition, Critical, Relation, Verdict};
use crate::expr::ExprId;

fn nabla() -> Math {
    Math::literal("∇f", "grad f", "\\nabla f")
}

/// A relation's symbol as math, with spaces around it.
fn relation(r: Relation) -> Math {
    let (text, plain, latex) = r.symbols();
    Math::literal(format!(" {text} "), format!(" {plain} "), format!(" {latex} "))
}

/// `a > 1/2`
pub fn condition(c: &Condition) -> Math {
    Math::Row(vec![Math::Expr(c.lhs), relation(c.relation), Math::Expr(c.rhs)])
}

/// `a > 0 and b < 1`
fn conditions(cs: &[Condition]) -> Prose {
    let mut p = Prose::default();
    for (i, c) in cs.iter().enumerate() {
        if i > 0 {
            p = p.words(" and ");
        }
        p = p.math(condition(c));
    }
    p
}

/// `a = 0` → `a ≠ 0` and the like: where a condition fails.
fn negated(c: &Condition) -> Option<Condition> {
    let relation = match c.relation {
        Relation::Equal => Relation::NotEqual,
        Relation::NotEqual => Relation::Equal,
        _ => return None,
    };
    Some(Condition { relation, ..*c })
}

/// The Hessian's character: `the Hessian is positive definite there`, or with conditions.
pub fn character(c: &Character) -> Prose {
    match c {
        Character::Decided(k) => Prose::text(k.describe()),
        Character::Depends { positive, negative, nonsingular } => {
            let mut p = Prose::text("the Hessian there is ");
            let mut cases = 0;
            for (name, conds) in [("positive definite", positive), ("negative definite", negative)] {
                if let Some(conds) = conds {
                    if cases > 0 {
                        p = p.words(", ");
                    }
                    p = p.words(format!("{name} if ")).append(conditions(conds));
                    cases += 1;
                }
            }
            p = p.words(if cases > 0 { ", and otherwise indefinite if " } else { "indefinite if " });
            p = p.math(condition(nonsingular));
            if let Some(singular) = negated(nonsingular) {
                p = p.words(" (singular if ").math(condition(&singular)).words(")");
            }
            p
        }
    }
}

/// The name of what a critical point is: `a local minimum`, `a saddle point`, or `the
/// second-derivative test is inconclusive` (the one wording, for `hessian --at` and
/// `critical`).
pub fn kind(c: Conclusion) -> &'static str {
    match c {
        Conclusion::LocalMinimum => "a local minimum",
        Conclusion::LocalMaximum => "a local maximum",
        Conclusion::SaddlePoint => "a saddle point",
        Conclusion::NotCritical => "not a critical point",
        Conclusion::Inconclusive => "the second-derivative test is inconclusive",
    }
}

/// What the test concludes at a critical point of this character: `a local minimum`, or the
/// cases with their conditions.
fn at_critical(c: &Character) -> Prose {
    match c {
        Character::Decided(k) => Prose::text(kind(Conclusion::of(*k, true))),
        Character::Depends { positive, negative, nonsingular } => {
            let mut p = Prose::default();
            let mut cases = 0;
            for (name, conds) in [("a local minimum", positive), ("a local maximum", negative)] {
                if let Some(conds) = conds {
                    if cases > 0 {
                        p = p.words(", ");
                    }
                    p = p.words(format!("{name} if ")).append(conditions(conds));
                    cases += 1;
                }
            }
            p = p.words(if cases > 0 { ", and otherwise a saddle point if " } else { "a saddle point if " });
            p = p.math(condition(nonsingular));
            if let Some(singular) = negated(nonsingular) {
                p = p.words(" (the test is inconclusive if ").math(condition(&singular)).words(")");
            }
            p
        }
    }
}

/// Whether the conclusion at a critical point reads as "it is …" (not "the test is …").
fn is_a_kind_of_point(c: &Character) -> bool {
    !matches!(c, Character::Decided(k) if Conclusion::of(*k, true) == Conclusion::Inconclusive)
}

/// The conclusion: `∇f = 0 there, so it is a local minimum`, `∇f ≠ 0 there, so it is not a
/// critical point`, `∇f(0, 0) = (a, 0), so it is a critical point only if a = 0, and then …`.
pub fn conclusion(v: &Verdict, point: &[ExprId], gradient: &[ExprId]) -> Prose {
    let zero = || Prose::default().math(Math::Row(vec![nabla(), Math::literal(" = 0", " = 0", " = 0")]));
    match &v.critical {
        Critical::No => Prose::default()
            .math(Math::Row(vec![nabla(), Math::literal(" ≠ 0", " != 0", " \\neq 0")]))
            .words(" there, so it is not a critical point"),
        Critical::Yes if !is_a_kind_of_point(&v.character) => {
            zero().words(" there, but ").append(at_critical(&v.character))
        }
        Critical::Yes => zero().words(" there, so it is ").append(at_critical(&v.character)),
        Critical::OnlyIf(conds) => {
            let then = match &v.then {
                Some(Character::Decided(k)) => Prose::text(format!(", and then {}, so ", k.describe()))
                    .append(at_critical_sentence(&Character::Decided(*k))),
                Some(c) => Prose::text(", and then ").append(at_critical(c)),
                None => Prose::text(", and then ").append(at_critical(&v.character)),
            };
            Prose::default()
                .math(Math::Row(vec![
                    nabla(),
                    Math::Point(point.to_vec()),
                    Math::literal(" = ", " = ", " = "),
                    Math::Point(gradient.to_vec()),
                ]))
                .words(", so it is a critical point only if ")
                .append(conditions(conds))
                .append(then)
        }
    }
}

/// `it is a local minimum` / `the second-derivative test is inconclusive`.
fn at_critical_sentence(c: &Character) -> Prose {
    if is_a_kind_of_point(c) {
        Prose::text("it is ").append(at_critical(c))
    } else {
        at_critical(c)
    }
}

/// The verdict as one sentence: the character, then the conclusion.
pub fn verdict(v: &Verdict, point: &[ExprId], gradient: &[ExprId]) -> Prose {
    character(&v.character).words("; ").append(conclusion(v, point, gradient))
}

/// The name of the character in JSON (`"definiteness"`).
pub fn character_name(c: &Character) -> &'static str {
    match c {
        Character::Decided(k) => k.name(),
        Character::Depends { .. } => "depends on the parameters",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calculus::definiteness::verdict as test_verdict;
    use crate::expr::Pool;
    use crate::print::values::Printers;
    use crate::print::Style;

    #[test]
    fn conditions_read_in_every_style() {
        // H = [[2a, 2], [2, 2]], ∇f = (b, 0) at the point: the cases of a, critical if b = 0.
        let mut pool = Pool::default();
        let ids = |pool: &mut Pool, srcs: &[&str]| -> Vec<ExprId> {
            srcs.iter().map(|s| crate::syntax::parse(pool, s, &Default::default()).unwrap()).collect()
        };
        let h = vec![ids(&mut pool, &["2a", "2"]), ids(&mut pool, &["2", "2"])];
        let g = ids(&mut pool, &["b", "0"]);
        let point = ids(&mut pool, &["0", "0"]);
        let (_, v) = test_verdict(&mut pool, &h, &g);
        let p = verdict(&v, &point, &g);
        let printers = Printers::new(&pool, 10);
        let text = p.render(&printers, Style::Text);
        let latex = p.render(&printers, Style::Latex);
        assert_eq!(
            text,
            "the Hessian there is positive definite if a > 1, and otherwise indefinite if a ≠ 1 \
             (singular if a = 1); ∇f(0, 0) = (b, 0), so it is a critical point only if b = 0, and then \
             a local minimum if a > 1, and otherwise a saddle point if a ≠ 1 (the test is inconclusive if a = 1)"
        );
        // Math in math mode, one line, ASCII.
        assert!(latex.contains("indefinite if $a \\neq 1$"), "{latex}");
        assert!(latex.contains("$\\nabla f(0, 0) = (b, 0)$"), "{latex}");
        assert!(latex.is_ascii() && !latex.contains('\n'), "{latex}");
    }
}
