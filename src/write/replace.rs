//! Replacing a file in place without losing anyone's update: a lock on its folder from
//! read to replace, refusal of files the caller may not write or that have other hard
//! links, owner and mode kept, and a replace that notices a save made meanwhile.

use std::fs::{File, Metadata};
use std::io::Write as _;
use std::path::Path;

/// Why a file was not replaced.
#[derive(Debug, thiserror::Error)]
pub enum ReplaceError {
    /// The file no longer holds the bytes that were read (someone saved it meanwhile).
    #[error("the file changed since it was read")]
    Changed,
    /// The caller may not write the file: read-only, or owned by someone else.
    #[error("the file is read-only or belongs to someone else")]
    ReadOnly,
    /// The file has other names (hard links), which a replaced file would no longer share.
    #[error("the file has {0} hard links")]
    Links(u64),
    #[error("{0}")]
    Io(String),
}

fn io(error: &dyn std::fmt::Display) -> ReplaceError {
    ReplaceError::Io(error.to_string())
}

/// An error of the temporary file, said without its path.
fn temp_io(error: &std::io::Error) -> ReplaceError {
    ReplaceError::Io(super::without_path(error))
}

/// An exclusive lock on the folder of `path`, held until the file is dropped: two
/// runs in one folder take turns from reading the file to replacing it.
pub fn lock_folder(path: &Path) -> Result<File, ReplaceError> {
    let target = std::fs::canonicalize(path).map_err(|e| io(&e))?;
    let folder = File::open(target.parent().unwrap_or(Path::new("."))).map_err(|e| io(&e))?;
    folder.lock().map_err(|e| io(&e))?;
    Ok(folder)
}

/// Checks that `path` still holds exactly `read`, the bytes read before the change.
pub fn ensure_unchanged(path: &Path, read: &[u8]) -> Result<(), ReplaceError> {
    let now = std::fs::read(path).map_err(|e| io(&e))?;
    if now == read {
        Ok(())
    } else {
        Err(ReplaceError::Changed)
    }
}

/// Replaces the file at `path` (a symbolic link is followed) with `new`, through a temporary
/// file in the same folder, keeping its owner and permissions — unless the file no longer
/// holds `read`. The new file is exchanged with the old one, which is then compared with
/// `read` and swapped back if it changed: a save made at any moment before is kept.
pub fn write_if_unchanged(path: &Path, read: &[u8], new: &[u8]) -> Result<(), ReplaceError> {
    let target = std::fs::canonicalize(path).map_err(|e| io(&e))?;
    let dir = target.parent().unwrap_or(Path::new("."));
    let metadata = std::fs::metadata(&target).map_err(|e| io(&e))?;
    writable(&target, &metadata)?;
    let mut temp = tempfile::NamedTempFile::new_in(dir).map_err(|e| temp_io(&e))?;
    temp.write_all(new).map_err(|e| temp_io(&e))?;
    temp.as_file()
        .set_permissions(metadata.permissions())
        .map_err(|e| temp_io(&e))?;
    keep_owner(temp.as_file(), &metadata)?;
    temp.as_file().sync_all().map_err(|e| temp_io(&e))?;
    replace(temp, &target, read)
}

/// Refuses a file with other hard links, or that the caller may not write.
#[cfg(unix)]
fn writable(target: &Path, metadata: &Metadata) -> Result<(), ReplaceError> {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    if metadata.nlink() > 1 {
        return Err(ReplaceError::Links(metadata.nlink()));
    }
    let me = rustix::process::geteuid();
    let read_only = metadata.permissions().mode() & 0o222 == 0;
    let foreign = !me.is_root() && metadata.uid() != me.as_raw();
    if read_only || foreign || rustix::fs::access(target, rustix::fs::Access::WRITE_OK).is_err() {
        return Err(ReplaceError::ReadOnly);
    }
    Ok(())
}

#[cfg(not(unix))]
fn writable(_: &Path, metadata: &Metadata) -> Result<(), ReplaceError> {
    if metadata.permissions().readonly() {
        return Err(ReplaceError::ReadOnly);
    }
    Ok(())
}

/// Gives the new file the owner and group of the old one (run as root, a replaced file
/// would otherwise become root's).
#[cfg(unix)]
fn keep_owner(file: &File, metadata: &Metadata) -> Result<(), ReplaceError> {
    use std::os::unix::fs::MetadataExt;
    let owner = rustix::fs::Uid::from_raw(metadata.uid());
    let group = rustix::fs::Gid::from_raw(metadata.gid());
    match rustix::fs::fchown(file, Some(owner), Some(group)) {
        // Without privileges only the group can fail to carry over; the owner is the caller.
        Err(error) if rustix::process::geteuid().is_root() => Err(io(&error)),
        _ => Ok(()),
    }
}

#[cfg(not(unix))]
fn keep_owner(_: &File, _: &Metadata) -> Result<(), ReplaceError> {
    Ok(())
}

/// Exchanges `temp` and `target`, then checks the old file, now at the temporary path:
/// if it no longer holds `read`, exchanges them back. The temporary path is removed.
#[cfg(target_os = "linux")]
fn replace(temp: tempfile::NamedTempFile, target: &Path, read: &[u8]) -> Result<(), ReplaceError> {
    use rustix::fs::{renameat_with, RenameFlags, CWD};
    let exchange = || renameat_with(CWD, temp.path(), CWD, target, RenameFlags::EXCHANGE);
    match exchange() {
        Ok(()) => match ensure_unchanged(temp.path(), read) {
            Ok(()) => Ok(()),
            Err(error) => {
                exchange().map_err(|e| io(&e))?;
                Err(error)
            }
        },
        // A file system without exchange: check, then rename over.
        Err(rustix::io::Errno::INVAL | rustix::io::Errno::NOSYS) => {
            ensure_unchanged(target, read)?;
            temp.persist(target).map_err(|e| temp_io(&e.error))?;
            Ok(())
        }
        Err(error) => Err(io(&error)),
    }
}

#[cfg(not(target_os = "linux"))]
fn replace(temp: tempfile::NamedTempFile, target: &Path, read: &[u8]) -> Result<(), ReplaceError> {
    ensure_unchanged(target, read)?;
    temp.persist(target).map_err(|e| temp_io(&e.error))?;
    Ok(())
}
