use gradcalc::calculus::Deriver;
use gradcalc::expr::{Pool, SymId};
use gradcalc::print::{Printer, Style};
use gradcalc::simplify::{textbook, textbook_form};
use gradcalc::syntax::{parse, ParseOptions};

#[test]
fn scratch() {
    let src = std::env::var("SRC").unwrap();
    let mut pool = Pool::default();
    for v in ["x", "y", "z"] { pool.symbol(v); }
    let f = parse(&mut pool, &src, &ParseOptions::default()).unwrap();
    let mut d = Deriver::new();
    let dx = d.derive(&mut pool, f, SymId(0));
    let dxy = d.derive(&mut pool, dx, SymId(1));
    for e in [f, dx, dxy] {
        let p = |pool: &Pool, id| Printer::new(pool, Style::Plain).expr(id);
        let t = textbook_form(&mut pool, e);
        let again = textbook(&mut pool, t);
        println!("e     {}\nt     {}\nagain {}\n", p(&pool, e), p(&pool, t), p(&pool, again.result));
        for s in &again.stages { println!("   {:?} {}", s.kind, p(&pool, s.expr)); }
    }
}
