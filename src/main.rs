//! The `cognate` binary: parse the command line and hand over to `cli`.

fn main() -> std::process::ExitCode {
    pin_malloc_mmap_threshold();
    cognate::cli::main()
}

/// Each argon2 hash allocates a 19 MiB buffer. glibc raises its mmap threshold after
/// the first such buffer is freed, so later ones come from the thread's heap arena
/// and stay resident after use (about 160 MiB on two cores). A fixed threshold keeps
/// them as mmaps that go back to the OS when freed.
fn pin_malloc_mmap_threshold() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only sets an allocator parameter; it runs before any other thread exists.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, 4 * 1024 * 1024);
    }
}
