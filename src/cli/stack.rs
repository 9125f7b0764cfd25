//! Where the work runs. Deep nesting recurses deeply (parsing, differentiation, printing), so
//! input that can nest as deep as the limits allow runs on a thread with a large stack
//! (`super::STACK_BYTES`). But spawning and joining that thread is about a tenth of a short
//! run's time, and a short command line cannot nest deeply: its work runs on the main thread
//! when [`fits_the_main_thread`] says that the main thread's stack holds it with a wide margin.

/// Stack the work needs whatever the command line: pest refuses to parse with less than
/// 64 KiB left, and none of the 700 command lines of tests/cases and the benchmarks (shallow
/// input; derivatives up to order 200, Taylor polynomials, critical points, plots, descents
/// of 5,000 steps) needed more than 35 KiB besides (`ulimit -s`, release build; a debug
/// build's frames are about ten times larger: 215 KiB in all).
const BASE_BYTES: usize = if cfg!(debug_assertions) { 512 << 10 } else { 256 << 10 };

/// Stack per byte of the command line. Each byte nests at most one level deeper, and the
/// deepest nesting per byte costs at most about 1 KiB in a release build: measured, for every
/// command and format, 2 KiB per `(…)` (two bytes), 0.6 KiB per unary `-`, 4 KiB per
/// `|ln(2+…)|` (eight bytes); 10.8 KiB in a debug build. About four times that.
const BYTES_PER_BYTE: usize = if cfg!(debug_assertions) { 48 << 10 } else { 4 << 10 };

/// The stack limit assumed when there is none (`ulimit -s unlimited`): the usual default.
const UNLIMITED_AS: u64 = 8 << 20;

/// Whether the work of this process's command line may run on the main thread: the stack it
/// can need ([`stack_needed`]) is at most half the main thread's stack limit. The kernel lets
/// the arguments and environment, at the top of that stack, take at most a quarter of the
/// limit; the other quarter is a margin. Where the limit is unknown (not Unix), no.
/// Called by `main`, on the main thread, before the work has taken any stack.
pub fn fits_the_main_thread() -> bool {
    let length: usize = std::env::args_os().map(|a| a.len() + 1).sum();
    main_stack_limit().is_some_and(|limit| stack_needed(length) as u64 <= limit / 2)
}

/// The stack the work of a command line of `length` bytes can need, at most.
pub fn stack_needed(length: usize) -> usize {
    BASE_BYTES.saturating_add(BYTES_PER_BYTE.saturating_mul(length))
}

/// The main thread's stack limit in bytes (the soft `RLIMIT_STACK`).
#[cfg(unix)]
fn main_stack_limit() -> Option<u64> {
    let mut limit = libc::rlimit { rlim_cur: 0, rlim_max: 0 };
    // SAFETY: getrlimit only writes the struct it is given, which lives for the call.
    if unsafe { libc::getrlimit(libc::RLIMIT_STACK, &mut limit) } != 0 {
        return None;
    }
    #[allow(clippy::useless_conversion)] // rlim_t is u64 on most targets, not all.
    let bytes = u64::try_from(limit.rlim_cur).ok()?;
    Some(if limit.rlim_cur == libc::RLIM_INFINITY { UNLIMITED_AS } else { bytes })
}

#[cfg(not(unix))]
fn main_stack_limit() -> Option<u64> {
    None
}

/// The longest command line, in bytes (each argument counted with one byte more, as in
/// `fits_the_main_thread`), whose work runs on the main thread under a stack limit of
/// `limit` bytes; 0 if none (every command line is longer). For tests of the bound.
pub fn longest_on_the_main_thread(limit: u64) -> usize {
    let half = usize::try_from(limit / 2).unwrap_or(usize::MAX);
    half.saturating_sub(BASE_BYTES) / BYTES_PER_BYTE
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_longest_command_line_is_the_last_that_fits() {
        for limit in [256u64 << 10, 1 << 20, 8 << 20, 64 << 20] {
            let longest = longest_on_the_main_thread(limit);
            // 0: none (every command line is longer).
            assert!(longest == 0 || stack_needed(longest) as u64 <= limit / 2, "{limit}");
            assert!(stack_needed(longest + 1) as u64 > limit / 2, "{limit}");
        }
    }

    #[test]
    fn the_default_limit_runs_usual_command_lines_on_the_main_thread() {
        // 8 MiB, the usual default: in a release build, every command line of the README and
        // the benchmarks (a debug build's larger frames leave it a tenth of that).
        if !cfg!(debug_assertions) {
            assert!(longest_on_the_main_thread(8 << 20) >= 900);
        }
        // A small `ulimit -s` leaves nothing for the work: it goes to the large stack.
        assert_eq!(longest_on_the_main_thread(256 << 10), 0);
    }
}
