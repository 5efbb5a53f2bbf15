//! One budget for everything the app reads from outside: how many bytes, how much
//! key-derivation work, and how files are opened.
//!
//! Every path that reads a file the user (or a download) put on the disk goes through
//! [`read_file`]: the window's file pickers, the command line's `inspect`, `export`, `probe
//! --cert` and `find`, the progress and settings files, the CA files for the connection test.
//! It refuses what is not a regular file (a FIFO, a device such as `/dev/zero`, a folder)
//! without blocking, and reads at most the cap **whatever the file's size claims to be**: a
//! sparse or growing file cannot make it read more.
//!
//! Key derivation is the other way a tiny file can ask for hours of work: a PKCS#12 file states
//! its own iteration counts. Real producers use a few thousand (OpenSSL 2,048, Java keytool
//! 10,000, Windows 2,000) up to 102,400 (MitID Erhverv downloads). [`MAX_ITERATIONS`] allows ten
//! times the largest of those per count, and [`MAX_WORK`] caps the sum over everything one
//! opening of a file derives (MAC, certificates, keys, both readings of an empty password), so
//! a file with many encrypted parts cannot multiply it.

use std::io::Read;
use std::path::Path;

/// Certificate files larger than this are refused: no certificate file comes near it.
pub const MAX_FILE_SIZE: u64 = 10 * 1024 * 1024;

/// The app's own progress and settings files are never near this.
pub const MAX_STATE_FILE: u64 = 1024 * 1024;

/// The largest iteration count one key derivation may ask for.
pub const MAX_ITERATIONS: u64 = 1_000_000;

/// The most hash rounds one opening of a file may cost, all derivations together.
pub const MAX_WORK: u64 = 4_000_000;

/// Why [`read_file`] refused or failed.
#[derive(Debug)]
pub enum ReadError {
    /// The OS error opening or reading.
    Io(std::io::Error),
    /// Not a regular file: a folder, a FIFO, a device, a socket.
    NotAFile,
    /// More than the cap (the size the file claims, or what was actually read).
    TooLarge {
        /// The size the file claims, or the cap plus one when it claimed less.
        size: u64,
    },
}

/// Read a regular file, at most `max` bytes, without ever blocking on open.
pub fn read_file(path: &Path, max: u64) -> Result<Vec<u8>, ReadError> {
    // The whole file is the "first bytes", and they are always wanted.
    read_file_if(path, max, u64::MAX, |_| true).map(|(_, bytes)| bytes.unwrap_or_default())
}

/// [`read_file`] for a search: the first `prefix` bytes decide (`want`) whether the rest is
/// read, from the same handle, so a file is opened once and no byte is read twice. Returns the
/// handle's metadata, and the whole content when `want` said yes.
pub fn read_file_if(
    path: &Path,
    max: u64,
    prefix: u64,
    want: impl FnOnce(&[u8]) -> bool,
) -> Result<(std::fs::Metadata, Option<Vec<u8>>), ReadError> {
    // The path first (this follows links): a device or FIFO is refused before it is opened.
    let meta = std::fs::metadata(path).map_err(ReadError::Io)?;
    if !meta.is_file() {
        return Err(ReadError::NotAFile);
    }
    let file = open_nonblocking(path).map_err(ReadError::Io)?;
    read_opened(file, max, prefix, want)
}

/// [`read_file_if`] for a folder entry that the listing already called a regular file, not a
/// link (`find`: thousands of entries, most of them never opened). On Unix the listing is the
/// look before opening: the entry is opened without following a link (a link put in its place
/// since is refused) and without blocking (a FIFO put in its place does not hold the open),
/// and the handle must still be a regular file within the cap. That saves a `stat` of the path
/// for every candidate. Elsewhere it is [`read_file_if`].
pub fn read_listed_file_if(
    path: &Path,
    max: u64,
    prefix: u64,
    want: impl FnOnce(&[u8]) -> bool,
) -> Result<(std::fs::Metadata, Option<Vec<u8>>), ReadError> {
    // On Linux through rustix's `open`, one system call: the C library's (musl's, in the
    // static command line) adds an `fcntl` for close-on-exec to every open.
    #[cfg(target_os = "linux")]
    {
        use rustix::fs::{Mode, OFlags};
        let flags = OFlags::RDONLY | OFlags::NONBLOCK | OFlags::NOFOLLOW | OFlags::CLOEXEC;
        let fd =
            rustix::fs::open(path, flags, Mode::empty()).map_err(|e| ReadError::Io(e.into()))?;
        read_opened(std::fs::File::from(fd), max, prefix, want)
    }
    #[cfg(all(unix, not(target_os = "linux")))]
    {
        use std::os::unix::fs::OpenOptionsExt;
        let file = std::fs::OpenOptions::new()
            .read(true)
            .custom_flags(libc::O_NONBLOCK | libc::O_NOFOLLOW)
            .open(path)
            .map_err(ReadError::Io)?;
        read_opened(file, max, prefix, want)
    }
    #[cfg(not(unix))]
    {
        read_file_if(path, max, prefix, want)
    }
}

/// [`read_listed_file_if`] for an entry of a folder that is open already (`dir`, the handle
/// its listing was read from): opened by its bare `name` relative to that handle, so the
/// kernel walks one name instead of the whole path (a search opens a few hundred of these).
/// The same flags and checks (no link followed, no blocking, a regular file within the cap),
/// made after the first bytes are judged: `None` when `want` said no.
#[cfg(target_os = "linux")]
pub fn read_listed_file_at(
    dir: impl rustix::fd::AsFd,
    name: &std::ffi::OsStr,
    max: u64,
    prefix: u64,
    want: impl FnOnce(&[u8]) -> bool,
) -> Result<Option<(std::fs::Metadata, Vec<u8>)>, ReadError> {
    use rustix::fs::{Mode, OFlags};
    let flags = OFlags::RDONLY | OFlags::NONBLOCK | OFlags::NOFOLLOW | OFlags::CLOEXEC;
    let fd =
        rustix::fs::openat(dir, name, flags, Mode::empty()).map_err(|e| ReadError::Io(e.into()))?;
    read_judged_first(std::fs::File::from(fd), max, prefix, want)
}

/// [`read_opened`] for a search, in the other order: the first bytes (one read of at most
/// `prefix`) are judged before the handle is asked what it is, so the many candidates that
/// their first bytes rule out cost no `fstat` (an open, a read, a close). A wanted file is then
/// checked as [`read_opened`] checks it, before any more is read and before it is accepted: a
/// regular file within the cap. The handle was opened without blocking, so a FIFO put in the
/// file's place gives no bytes and cannot hold the read.
#[cfg(target_os = "linux")]
fn read_judged_first(
    mut file: std::fs::File,
    max: u64,
    prefix: u64,
    want: impl FnOnce(&[u8]) -> bool,
) -> Result<Option<(std::fs::Metadata, Vec<u8>)>, ReadError> {
    let mut bytes = vec![0u8; usize::try_from(prefix.min(max)).unwrap_or(0)];
    let n = loop {
        match file.read(&mut bytes) {
            Ok(n) => break n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            // A FIFO without a writer says "would block": nothing to judge.
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => break 0,
            Err(e) => return Err(ReadError::Io(e)),
        }
    };
    bytes.truncate(n);
    if !want(&bytes) {
        // Ruled out by its first bytes: nothing of it is kept, so nothing more to check.
        return Ok(None);
    }
    let meta = file.metadata().map_err(ReadError::Io)?;
    if !meta.is_file() {
        return Err(ReadError::NotAFile);
    }
    if meta.len() > max {
        return Err(ReadError::TooLarge { size: meta.len() });
    }
    // The rest, past the cap by one at the most: a file that grew after the check is too large.
    bytes.reserve(usize::try_from(meta.len()).unwrap_or(0).saturating_sub(n));
    file.take(max + 1 - n as u64)
        .read_to_end(&mut bytes)
        .map_err(ReadError::Io)?;
    if bytes.len() as u64 > max {
        return Err(ReadError::TooLarge { size: max + 1 });
    }
    Ok(Some((meta, bytes)))
}

/// The checks on an opened handle and the reading of [`read_file_if`].
fn read_opened(
    file: std::fs::File,
    max: u64,
    prefix: u64,
    want: impl FnOnce(&[u8]) -> bool,
) -> Result<(std::fs::Metadata, Option<Vec<u8>>), ReadError> {
    // The handle: the path may have been swapped since it was looked at.
    let meta = file.metadata().map_err(ReadError::Io)?;
    if !meta.is_file() {
        return Err(ReadError::NotAFile);
    }
    if meta.len() > max {
        return Err(ReadError::TooLarge { size: meta.len() });
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    let mut rest = file.take(max + 1);
    // The first bytes, as many as the handle said the file holds (at most `prefix`): for a
    // small file one read, with no second read to see the end; a file that grew since is read
    // on below, one that shrank ends early.
    (&mut rest)
        .take(prefix.min(meta.len()))
        .read_to_end(&mut bytes)
        .map_err(ReadError::Io)?;
    if !want(&bytes) {
        return Ok((meta, None));
    }
    // Past the cap by one at the most: a file that grew after the check is too large.
    rest.read_to_end(&mut bytes).map_err(ReadError::Io)?;
    if bytes.len() as u64 > max {
        return Err(ReadError::TooLarge { size: max + 1 });
    }
    Ok((meta, Some(bytes)))
}

/// Open for reading; on Unix with `O_NONBLOCK`, so a FIFO put in place of the file after the
/// check cannot make the open wait for a writer (for regular files the flag changes nothing).
/// On Linux through rustix's `open`, one system call (the C library's adds an `fcntl` for
/// close-on-exec), as [`read_listed_file_if`] does.
fn open_nonblocking(path: &Path) -> std::io::Result<std::fs::File> {
    #[cfg(target_os = "linux")]
    {
        use rustix::fs::{Mode, OFlags};
        let flags = OFlags::RDONLY | OFlags::NONBLOCK | OFlags::CLOEXEC;
        let fd = rustix::fs::open(path, flags, Mode::empty())?;
        Ok(std::fs::File::from(fd))
    }
    #[cfg(not(target_os = "linux"))]
    {
        let mut o = std::fs::OpenOptions::new();
        o.read(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            o.custom_flags(libc::O_NONBLOCK);
        }
        o.open(path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_regular_file_up_to_the_cap() {
        let d = tempfile::tempdir().expect("dir");
        let p = d.path().join("a.pem");
        std::fs::write(&p, b"0123456789").expect("write");
        assert_eq!(read_file(&p, 10).expect("read"), b"0123456789");
        assert!(matches!(
            read_file(&p, 9),
            Err(ReadError::TooLarge { size: 10 })
        ));
    }

    #[test]
    fn a_folder_is_not_a_file() {
        let d = tempfile::tempdir().expect("dir");
        assert!(matches!(read_file(d.path(), 10), Err(ReadError::NotAFile)));
    }

    /// `/dev/zero` claims no size and never ends; it is refused, not read until memory runs out.
    #[test]
    #[cfg(unix)]
    fn a_device_is_refused() {
        assert!(matches!(
            read_file(Path::new("/dev/zero"), MAX_FILE_SIZE),
            Err(ReadError::NotAFile)
        ));
    }

    /// A FIFO with no writer: opening it for reading would wait forever.
    #[test]
    #[cfg(unix)]
    fn a_fifo_is_refused_without_waiting() {
        let d = tempfile::tempdir().expect("dir");
        let p = d.path().join("x.p12");
        let made = std::process::Command::new("mkfifo").arg(&p).status();
        assert!(made.expect("mkfifo").success(), "mkfifo");
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let _ = tx.send(matches!(read_file(&p, 10), Err(ReadError::NotAFile)));
        });
        let refused = rx
            .recv_timeout(std::time::Duration::from_secs(20))
            .expect("read_file must not block on a FIFO");
        assert!(refused, "a FIFO must be refused as not a file");
    }

    /// A listed entry is read as a regular file; a link put in its place is not followed, and
    /// a FIFO or a device is refused without waiting.
    #[test]
    #[cfg(unix)]
    fn a_listed_entry_is_read_without_following_a_link() {
        listed_entries_are_read_safely_by(&|p: &Path, max: u64| {
            read_listed_file_if(p, max, 4, |_| true).map(|(_, bytes)| bytes)
        });
    }

    /// The same, opened by its name in its folder's handle (`find` on Linux); what the first
    /// bytes rule out is not read on, and a file that grew past the cap after them is refused.
    #[test]
    #[cfg(target_os = "linux")]
    fn a_listed_entry_opened_in_its_folder_is_read_without_following_a_link() {
        let d = tempfile::tempdir().expect("dir");
        std::fs::write(d.path().join("a.pem"), b"0123456789").expect("write");
        let dir = std::fs::File::open(d.path()).expect("open dir");
        let name = std::ffi::OsStr::new("a.pem");
        let mut seen = Vec::new();
        let read = read_listed_file_at(&dir, name, 10, 4, |head| {
            seen = head.to_vec();
            false
        });
        assert!(matches!(read, Ok(None)), "ruled out by its first bytes");
        assert_eq!(seen, b"0123");
        let (meta, bytes) = read_listed_file_at(&dir, name, 10, 4, |_| true)
            .expect("read")
            .expect("wanted");
        assert_eq!((meta.len(), bytes.as_slice()), (10, &b"0123456789"[..]));
        assert!(matches!(
            read_listed_file_at(&dir, name, 6, 4, |_| true),
            Err(ReadError::TooLarge { size: 10 })
        ));
        listed_entries_are_read_safely_by(&|p: &Path, max: u64| {
            let dir = std::fs::File::open(p.parent().expect("parent")).expect("open dir");
            read_listed_file_at(&dir, p.file_name().expect("name"), max, 4, |_| true)
                .map(|read| read.map(|(_, bytes)| bytes))
        });
    }

    /// One way of reading a listed entry: the path and the cap.
    #[cfg(unix)]
    type ListedRead = dyn Fn(&Path, u64) -> Result<Option<Vec<u8>>, ReadError> + Sync;

    #[cfg(unix)]
    fn listed_entries_are_read_safely_by(read_max: &'static ListedRead) {
        let d = tempfile::tempdir().expect("dir");
        let read = |p: &Path| read_max(p, 10);
        let real = d.path().join("a.pem");
        std::fs::write(&real, b"0123456789").expect("write");
        assert_eq!(
            read(&real).expect("read").as_deref(),
            Some(&b"0123456789"[..])
        );
        assert!(matches!(
            read_max(&real, 9),
            Err(ReadError::TooLarge { size: 10 })
        ));
        let link = d.path().join("b.pem");
        std::os::unix::fs::symlink(&real, &link).expect("symlink");
        assert!(
            matches!(read(&link), Err(ReadError::Io(_))),
            "a link is not followed"
        );
        let to_device = d.path().join("c.pem");
        std::os::unix::fs::symlink("/dev/zero", &to_device).expect("symlink");
        assert!(read(&to_device).is_err());
        assert!(matches!(
            read(Path::new("/dev/zero")),
            Err(ReadError::NotAFile)
        ));
        let fifo = d.path().join("x.p12");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        assert!(made.expect("mkfifo").success(), "mkfifo");
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let r = read_max(&fifo, 10);
            let _ = tx.send(matches!(r, Err(ReadError::NotAFile)));
        });
        let refused = rx
            .recv_timeout(std::time::Duration::from_secs(20))
            .expect("must not block on a FIFO");
        assert!(refused, "a FIFO is refused as not a file");
    }

    /// A file that claims little but grows while being read is cut at the cap.
    #[test]
    #[cfg(target_os = "linux")]
    fn the_cap_holds_whatever_the_size_claims() {
        // /proc files claim size 0 but have content: the cap applies to what is read.
        let p = Path::new("/proc/self/status");
        let m = std::fs::metadata(p).expect("proc");
        assert!(
            m.is_file() && m.len() == 0,
            "the premise: it claims 0 bytes"
        );
        assert!(matches!(
            read_file(p, 8),
            Err(ReadError::TooLarge { size: 9 })
        ));
    }
}
