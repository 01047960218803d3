//! glibc's malloc raises its mmap threshold each time a large block is freed, so after the first
//! photo every later multi-megabyte buffer comes from the heap, where the small allocations made
//! between uploads pin it: measured, the server's RSS grew ~18 MB per 3 MB photo (28 → 115 MB
//! over five). A fixed threshold keeps large buffers in their own mappings, returned on free
//! (measured: 15–20 MB over the same five photos). It is for an app that keeps glibc's malloc, and
//! for the C code (SQLite) in one that does not: Outbox's own server swaps the allocator
//! (`server/src/allocator.rs`).

/// Buffers at least this large get their own mapping.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
const MMAP_THRESHOLD: libc::c_int = 128 * 1024;

/// Call once, first thing in `main`.
pub fn apply() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only changes allocator parameters; it is called before any other thread
    // exists, and an unsupported value only makes it return 0.
    unsafe {
        if libc::mallopt(libc::M_MMAP_THRESHOLD, MMAP_THRESHOLD) == 0 {
            eprintln!("could not set malloc's mmap threshold; large uploads may leave memory behind");
        }
    }
}
