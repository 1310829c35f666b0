//! Writing output files atomically, never overwriting without `--force`; replacing a file
//! in place only if it still holds what was read (`replace`).

pub mod replace;

use std::io::Write;
use std::path::Path;

/// Why a file was not written.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    /// The file exists and `force` was not given.
    #[error("{0} already exists")]
    Exists(String),
    /// The path is a folder, a device or another special file.
    #[error("{0} is not a regular file")]
    NotRegular(String),
    /// The system refused, with its reason (without the temporary file's path).
    #[error("cannot write {path}: {reason}")]
    Io {
        path: String,
        reason: String,
        kind: std::io::ErrorKind,
    },
}

impl WriteError {
    /// The key of its wording in `policies/messages.yaml`, and the values it takes.
    pub fn message(&self) -> (&'static str, Vec<String>) {
        match self {
            Self::Exists(path) => ("write-exists", vec![path.clone()]),
            Self::NotRegular(path) => ("write-not-regular", vec![path.clone()]),
            Self::Io {
                path,
                kind: std::io::ErrorKind::PermissionDenied,
                ..
            } => ("write-denied", vec![path.clone()]),
            Self::Io {
                path,
                kind: std::io::ErrorKind::NotFound,
                ..
            } => ("write-no-folder", vec![path.clone()]),
            Self::Io { path, reason, .. } => ("write-failed", vec![path.clone(), reason.clone()]),
        }
    }
}

/// Writes `text` (UTF-8 text or bytes) to `path` through a temporary file in the same
/// folder, then renames it; refuses an existing file unless `force`.
pub fn write_new_file(
    path: &Path,
    text: &(impl AsRef<[u8]> + ?Sized),
    force: bool,
) -> Result<(), WriteError> {
    let shown = path.display().to_string();
    // `exists` follows links: a link to a missing file exists too, and is not replaced.
    if !force && std::fs::symlink_metadata(path).is_ok() {
        return Err(WriteError::Exists(shown));
    }
    // Replace only a regular file (never a device such as /dev/null, nor a folder), and
    // through a symbolic link, the file it points to.
    let resolved;
    let path = match std::fs::metadata(path) {
        Ok(metadata) if !metadata.is_file() => {
            return Err(WriteError::NotRegular(shown));
        }
        Ok(_) => {
            resolved = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
            resolved.as_path()
        }
        Err(_) => path,
    };
    let dir = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    let fail = |e: &std::io::Error| WriteError::Io {
        path: shown.clone(),
        reason: without_path(e),
        kind: e.kind(),
    };
    let mut temp = tempfile::NamedTempFile::new_in(dir).map_err(|e| fail(&e))?;
    temp.write_all(text.as_ref()).map_err(|e| fail(&e))?;
    // A temporary file is private (0600); the result gets the permissions of the file it
    // replaces, or those of an ordinary new file.
    let permissions =
        std::fs::metadata(path).map_or_else(|_| default_permissions(), |m| Some(m.permissions()));
    if let Some(permissions) = permissions {
        temp.as_file()
            .set_permissions(permissions)
            .map_err(|e| fail(&e))?;
    }
    temp.as_file().sync_all().map_err(|e| fail(&e))?;
    if force {
        temp.persist(path).map_err(|e| fail(&e.error))?;
    } else {
        temp.persist_noclobber(path).map_err(|e| fail(&e.error))?;
    }
    Ok(())
}

/// An error's words without the temporary file's path that `tempfile` adds ("… at path
/// /dir/.tmpXYZ"): the user knows the target, not the temporary file.
pub fn without_path(error: &std::io::Error) -> String {
    let text = error.to_string();
    match text.rfind(" at path \"") {
        Some(cut) if error.get_ref().is_some() => text[..cut].to_owned(),
        _ => text,
    }
}

/// The permissions of a new document: readable by all, writable by its owner.
#[cfg(unix)]
#[allow(clippy::unnecessary_wraps)] // `None` on other systems
fn default_permissions() -> Option<std::fs::Permissions> {
    use std::os::unix::fs::PermissionsExt;
    Some(std::fs::Permissions::from_mode(0o644))
}

/// Elsewhere a new file keeps the permissions the system gave it.
#[cfg(not(unix))]
fn default_permissions() -> Option<std::fs::Permissions> {
    None
}
