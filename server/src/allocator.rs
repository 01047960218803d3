//! The server's allocator: mimalloc, without transparent huge pages, purging freed pages after
//! 1 ms.
//!
//! Measured on the intake benchmark (64 connections, a durable insert per request): glibc's malloc
//! took about a quarter of the request threads' time (`_int_malloc`, `_int_free`,
//! `malloc_consolidate`) and the server ~60 µs of CPU per submission; mimalloc ~45–55 µs. The
//! intake ÷ bare route went from 0.29 (SQLite) and 0.29 (PostgreSQL) to 0.40 and 0.32.
//! mimalloc's defaults held memory: huge pages and a 10 ms purge delay left 34 MB resident at start
//! (glibc: 16), 108 MB after five photos (41), and 411 MB at the peak of 16 hostile decodes (215).
//! Without huge pages (the `no_thp` feature) and with these two options: 16, 58 and 223 MB.

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

// Option numbers of mimalloc 2's `mi_option_e` (mimalloc.h), which libmimalloc-sys does not name.
const ARENA_EAGER_COMMIT: libmimalloc_sys::mi_option_t = 4;
const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// Call first thing in `main`, before the runtime's threads start. (Options read when the
/// allocator starts, before `main`, cannot be set here: hence huge pages off at build time.)
pub fn tune() {
    // SAFETY: setting an option only changes what the allocator does from then on.
    unsafe {
        // Arenas reserved from now on are committed as they are used, not all at once.
        libmimalloc_sys::mi_option_set(ARENA_EAGER_COMMIT, 0);
        libmimalloc_sys::mi_option_set(PURGE_DELAY, 1);
    }
}
