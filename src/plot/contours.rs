//! Contour lines and filled regions of a sampled grid, by marching squares (the `contour`
//! crate, a port of d3-contour), in the coordinates of the plane.
//!
//! The crate is asked for the unsmoothed rings, whose every vertex lies on the edge between
//! two neighbouring samples (or on the frame around the grid, where d3 closes its rings);
//! we place each vertex by linear interpolation between the two samples ourselves. That is
//! where the gaps come from: a vertex on an edge with a NaN or infinite sample has no place,
//! so a line breaks there instead of running along the edge of the region where f has no
//! value; a vertex on the frame is not part of a level line either. For filled regions such
//! vertices stay, at the edge's midpoint or on the window's border, to close the polygon.

use super::{Function, Interval};
use crate::error::{Error, Result};
use contour::ContourBuilder;

/// A point of the plane.
pub type Pt = [f64; 2];

/// f sampled on a regular grid: `nx × ny` samples covering the window, corners included.
pub struct Grid {
    pub x: Interval,
    pub y: Interval,
    pub nx: usize,
    pub ny: usize,
    /// Row by row (y), each row along x.
    pub values: Vec<f64>,
}

impl Grid {
    pub fn sample(f: &Function, x: Interval, y: Interval, nx: usize, ny: usize) -> Grid {
        let mut xs = Vec::with_capacity(2 * nx * ny);
        for j in 0..ny {
            let yv = along(y, j, ny);
            for i in 0..nx {
                xs.push(along(x, i, nx));
                xs.push(yv);
            }
        }
        Grid { x, y, nx, ny, values: f.values(&xs) }
    }

    pub fn value(&self, i: usize, j: usize) -> f64 {
        self.values[j * self.nx + i]
    }

    pub fn x_at(&self, i: usize) -> f64 {
        along(self.x, i, self.nx)
    }

    pub fn y_at(&self, j: usize) -> f64 {
        along(self.y, j, self.ny)
    }

    /// The values with ±∞ made NaN: both are "no value here" to marching squares (below
    /// every level), and the vertices next to them are left out.
    fn cleaned(&self) -> Vec<f64> {
        self.values.iter().map(|&v| if v.is_finite() { v } else { f64::NAN }).collect()
    }

    /// Where the ring vertex (rx, ry) lies (d3's coordinates: sample (i, j) sits at
    /// (i + ½, j + ½)), or `None` on the frame or next to a sample without a value.
    /// `close` places those too (for polygons): on the window's border, or halfway.
    fn place(&self, rx: f64, ry: f64, level: f64, close: bool) -> Option<Pt> {
        let (nx, ny) = (self.nx as f64, self.ny as f64);
        if rx <= 0.0 || rx >= nx || ry <= 0.0 || ry >= ny {
            if !close {
                return None;
            }
            let x = if rx <= 0.0 {
                self.x.lo
            } else if rx >= nx {
                self.x.hi
            } else {
                self.x_at(rx.floor() as usize)
            };
            let y = if ry <= 0.0 {
                self.y.lo
            } else if ry >= ny {
                self.y.hi
            } else {
                self.y_at(ry.floor() as usize)
            };
            return Some([x, y]);
        }
        // On the edge between two samples along x (rx whole) or along y (ry whole).
        let along_x = rx.fract() == 0.0;
        let (i0, j0) =
            if along_x { (rx as usize - 1, ry.floor() as usize) } else { (rx.floor() as usize, ry as usize - 1) };
        let (i1, j1) = if along_x { (i0 + 1, j0) } else { (i0, j0 + 1) };
        let (v0, v1) = (self.value(i0, j0), self.value(i1, j1));
        let t = if v0.is_finite() && v1.is_finite() && v0 != v1 {
            ((level - v0) / (v1 - v0)).clamp(0.0, 1.0)
        } else if close {
            0.5
        } else {
            return None;
        };
        let (a, b) = ([self.x_at(i0), self.y_at(j0)], [self.x_at(i1), self.y_at(j1)]);
        Some([a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])])
    }
}

/// The `i`-th of `n` equally spaced points of `w`, ends included.
pub fn along(w: Interval, i: usize, n: usize) -> f64 {
    if n < 2 {
        return w.lo;
    }
    if i + 1 == n {
        return w.hi;
    }
    w.lo + w.span() * i as f64 / (n - 1) as f64
}

/// The level line f = `level`: polylines (a closed loop repeats its first point at the end),
/// broken where f has no value.
pub fn lines(grid: &Grid, level: f64) -> Result<Vec<Vec<Pt>>> {
    let builder = ContourBuilder::new(grid.nx, grid.ny, false);
    let found = builder.lines(&grid.cleaned(), &[level]).map_err(internal)?;
    let mut out = Vec::new();
    for line in found {
        for ring in line.geometry().0.iter() {
            let mut placed: Vec<Option<Pt>> = ring.0.iter().map(|c| grid.place(c.x, c.y, level, false)).collect();
            // A vertex on a sample equal to the level is placed twice, by both its edges.
            placed.dedup_by(|a, b| a.is_some() && a == b);
            split_at_gaps(&placed, &mut out);
        }
    }
    Ok(out)
}

/// Cuts a ring of placed vertices into the runs between the unplaced ones.
fn split_at_gaps(ring: &[Option<Pt>], out: &mut Vec<Vec<Pt>>) {
    if ring.len() < 2 {
        return;
    }
    let closed = ring.len() > 2 && ring[0].is_some() && ring[0] == ring[ring.len() - 1];
    let Some(gap) = ring.iter().position(Option::is_none) else {
        out.push(ring.iter().flatten().copied().collect());
        return;
    };
    // Walk once around the ring starting after a gap (the closing repeat left out).
    let n = if closed || ring[0] == ring[ring.len() - 1] { ring.len() - 1 } else { ring.len() };
    let mut run: Vec<Pt> = Vec::new();
    for k in 1..=n {
        match ring[(gap + k) % n] {
            Some(p) => run.push(p),
            None => {
                if run.len() >= 2 {
                    out.push(std::mem::take(&mut run));
                }
                run.clear();
            }
        }
    }
    if run.len() >= 2 {
        out.push(run);
    }
}

/// The region f ≥ `level` as polygons with holes, closed along the window's border; where f
/// has no value is outside it.
pub struct Region {
    pub exterior: Vec<Pt>,
    pub holes: Vec<Vec<Pt>>,
}

pub fn regions(grid: &Grid, level: f64) -> Result<Vec<Region>> {
    let builder = ContourBuilder::new(grid.nx, grid.ny, false);
    let found = builder.contours(&grid.cleaned(), &[level]).map_err(internal)?;
    let place =
        |ring: &[contour::Pt]| -> Vec<Pt> { ring.iter().filter_map(|c| grid.place(c.x, c.y, level, true)).collect() };
    let mut out = Vec::new();
    for c in found {
        for poly in c.geometry().0.iter() {
            let holes = poly.interiors().iter().map(|h| place(&h.0)).collect();
            out.push(Region { exterior: place(&poly.exterior().0), holes });
        }
    }
    Ok(out)
}

fn internal(e: contour::Error) -> Error {
    Error::math(format!("internal error while tracing contour lines: {e:?}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grid(n: usize, f: impl Fn(f64, f64) -> f64) -> Grid {
        let w = Interval { lo: -2.0, hi: 2.0 };
        let mut values = Vec::new();
        for j in 0..n {
            for i in 0..n {
                values.push(f(along(w, i, n), along(w, j, n)));
            }
        }
        Grid { x: w, y: w, nx: n, ny: n, values }
    }

    #[test]
    fn a_circle_is_one_closed_line_on_the_circle() {
        let g = grid(101, |x, y| x * x + y * y);
        let lines = lines(&g, 1.0).unwrap();
        assert_eq!(lines.len(), 1);
        let l = &lines[0];
        assert_eq!(l.first(), l.last(), "closed");
        for p in l {
            let r = (p[0] * p[0] + p[1] * p[1]).sqrt();
            assert!((r - 1.0).abs() < 2e-3, "{p:?} at radius {r}");
        }
    }

    #[test]
    fn a_line_that_leaves_the_window_is_not_closed_along_the_frame() {
        let g = grid(51, |x, y| x + y);
        let lines = lines(&g, 0.5).unwrap();
        assert_eq!(lines.len(), 1);
        for p in &lines[0] {
            assert!((p[0] + p[1] - 0.5).abs() < 1e-9, "{p:?} is not on x + y = 0.5");
        }
    }

    #[test]
    fn lines_stop_where_f_has_no_value() {
        // ln(x): NaN for x < 0, -inf at 0; the level lines x = e^c are vertical and stay
        // away from the left half.
        let g = grid(81, |x, _| x.ln());
        for level in [-1.0, 0.0, 0.5] {
            for l in lines(&g, level).unwrap() {
                for p in &l {
                    assert!(p[0] > 0.0 && (p[0] - f64::exp(level)).abs() < 1e-2, "level {level}: {p:?}");
                }
            }
        }
        // 1/(x²+y²) with a sample exactly at the pole: finite coordinates only.
        let g = grid(81, |x, y| 1.0 / (x * x + y * y));
        for level in [0.5, 10.0, 1000.0] {
            for l in lines(&g, level).unwrap() {
                assert!(l.iter().all(|p| p[0].is_finite() && p[1].is_finite()));
            }
        }
    }

    #[test]
    fn regions_have_holes_and_leave_out_where_f_has_no_value() {
        // f ≥ 1 for x² + y²: the window with a hole around the origin.
        let g = grid(61, |x, y| x * x + y * y);
        let r = regions(&g, 1.0).unwrap();
        assert_eq!(r.len(), 1);
        assert_eq!(r[0].holes.len(), 1);
        assert!(r[0].exterior.iter().all(|p| g.x.contains(p[0]) && g.y.contains(p[1])));
        // sqrt(x) ≥ 0 is the right half only.
        let g = grid(61, |x, _| x.sqrt());
        let r = regions(&g, 0.0).unwrap();
        assert!(r.iter().all(|r| r.exterior.iter().all(|p| p[0] >= -0.05)), "left half is empty");
    }
}
