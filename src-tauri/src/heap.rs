//! Giving the memory the window's start freed back to the system, once the first screen is
//! shown (issue 31).
//!
//! Opening the window allocates and frees a lot on the main thread (GTK, WebKit's setup, the
//! page's files and texts on their way to the page). glibc's allocator keeps freed memory in its
//! arenas for reuse and returns only what is free at the top of each, so about 2 MiB of freed
//! pages stayed resident in the idle window for as long as it ran (measured with `gdb` on the
//! start page: `malloc_trim(0)` took its memory outside file pages from 33.8 to 31.7 MiB; see
//! docs/benchmarks.md). [`release_after_first_screen`] asks glibc once for those pages
//! back, on a thread of its own so the window's main thread does not wait for it.
//!
//! The one call glibc offers for that, `malloc_trim`, is a C function, so this module holds the
//! one `unsafe` block of the window's code (the workspace denies unsafe code; only this module
//! and the `oces-winkey` crate allow it; docs/hardening.md). Elsewhere than on Linux with glibc
//! (Windows, macOS, a musl build) it does nothing: those allocators have no such call.
#![allow(unsafe_code)]
#![deny(clippy::undocumented_unsafe_blocks)]

use std::sync::Once;

/// Gives freed heap back to the system, once per process, on a thread of its own. Called when
/// the page reports its first screen usable; later calls (a reload) do nothing.
pub(crate) fn release_after_first_screen() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        // Without a thread (the system refused one) the memory stays kept, as before.
        let _ = std::thread::Builder::new()
            .name("heap-release".into())
            .spawn(release_freed);
    });
}

/// Asks the allocator to return the free pages of every arena; true when it returned some.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
pub(crate) fn release_freed() -> bool {
    // SAFETY: `malloc_trim` takes no pointers and touches only glibc's own free lists, which it
    // locks arena by arena like every other allocator call, so it is sound on any thread at any
    // time. A pad of 0 keeps no spare memory at the top of the heap.
    unsafe { libc::malloc_trim(0) == 1 }
}

/// Other allocators keep no such memory or offer no call to return it: nothing to do.
#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
pub(crate) fn release_freed() -> bool {
    false
}

#[cfg(all(test, target_os = "linux", target_env = "gnu"))]
mod tests {
    /// Resident memory of this process in KiB (/proc/self/statm counts pages).
    fn resident_kib() -> u64 {
        let statm = std::fs::read_to_string("/proc/self/statm").unwrap_or_default();
        let pages: u64 = statm
            .split_whitespace()
            .nth(1)
            .and_then(|p| p.parse().ok())
            .unwrap_or(0);
        pages * 4
    }

    #[test]
    fn freed_heap_below_live_blocks_goes_back_to_the_system() {
        // 512 blocks of 64 KiB (below glibc's mmap threshold, so they are heap), each followed
        // by a small block that stays live: the freed blocks are holes that glibc keeps.
        let mut holes = Vec::new();
        let mut kept = Vec::new();
        for i in 0..512u32 {
            holes.push(vec![(i % 251) as u8 | 1; 64 * 1024]);
            kept.push(vec![i as u8; 64]);
        }
        let before_free = resident_kib();
        drop(holes);
        let after_free = resident_kib();
        assert!(
            before_free.saturating_sub(after_free) < 8 * 1024,
            "glibc gave the holes back by itself ({before_free} -> {after_free} KiB): the test \
             cannot see what the release does"
        );
        let released = super::release_freed();
        let after_release = resident_kib();
        assert!(released, "malloc_trim returned nothing");
        assert!(
            after_free.saturating_sub(after_release) >= 16 * 1024,
            "less than 16 of the 32 MiB freed went back ({after_free} -> {after_release} KiB)"
        );
        assert_eq!(kept.len(), 512);
    }
}
