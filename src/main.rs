//! Thin binary: everything lives in the library.

use std::ffi::{c_int, c_long};

/// mimalloc instead of glibc malloc: a build at scale L makes tens of millions of small
/// allocations across rayon threads; with mimalloc it took ~15% less CPU time and ~15%
/// less peak memory (BENCHMARKS.md). Built without transparent huge pages (`no_thp`): with
/// them the kernel spent seconds zeroing 2 MB pages.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

unsafe extern "C" {
    /// From the mimalloc library the `mimalloc` crate links (libmimalloc-sys declares it
    /// only behind a feature that pulls in another crate).
    fn mi_option_set(option: c_int, value: c_long);
}

/// `mi_option_purge_delay` in mimalloc v3's `mimalloc.h`.
const MI_OPTION_PURGE_DELAY: c_int = 15;

/// Freed memory goes back to the system after 500 ms instead of mimalloc's 1 s: a build
/// frees hundreds of MB between stages, and at scale L this lowered peak RSS by 60-135 MB
/// for 0-0.5 s more system time (BENCHMARKS.md). `MIMALLOC_PURGE_DELAY` still wins.
const PURGE_DELAY_MS: c_long = 500;

fn main() -> std::process::ExitCode {
    if std::env::var_os("MIMALLOC_PURGE_DELAY").is_none() {
        // SAFETY: a plain C call with a valid option; made before any other thread
        // exists (mimalloc's option setters are not thread safe).
        unsafe { mi_option_set(MI_OPTION_PURGE_DELAY, PURGE_DELAY_MS) };
    }
    opsloop::cli::main()
}
