//! Thin binary: everything lives in the library.

/// mimalloc instead of glibc malloc: a build at scale L makes tens of millions of small
/// allocations across rayon threads; with mimalloc it took ~15% less CPU time and ~15%
/// less peak memory (BENCHMARKS.md). Built without transparent huge pages (`no_thp`): with
/// them the kernel spent seconds zeroing 2 MB pages.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    opsloop::cli::main()
}
