//! Spec file access for [`crate::load`]: the file a `$ref` names, and reading it, confined to
//! the spec's root folder.
//!
//! A `$ref`'s file part is a URI reference, so it is percent-decoded before anything else;
//! the decoded path must be relative, must not climb out of the root folder, and, once every
//! symlink is resolved, must still name a file inside the root folder. Only regular files are
//! read (a FIFO, a device or a folder is refused before it is opened, so nothing blocks), and
//! only up to a size cap, checked before reading and enforced while reading.

use std::io::Read;
use std::path::{Path, PathBuf};

/// Splits `file.yaml#/a/b` into (`file.yaml`, `/a/b`).
pub fn split_ref(reference: &str) -> (&str, &str) {
    match reference.split_once('#') {
        Some((file, fragment)) => (file, fragment),
        None => (reference, ""),
    }
}

/// Decodes `%XX` escapes. A `%` not followed by two hex digits stays as it is; escapes that
/// decode to bytes that are not UTF-8 are an error.
pub fn percent_decode(text: &str) -> Result<String, String> {
    if !text.contains('%') {
        return Ok(text.to_owned());
    }
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = |b: u8| (b as char).to_digit(16);
            if let (Some(hi), Some(lo)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push((hi * 16 + lo) as u8);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).map_err(|_| "percent-decodes to bytes that are not UTF-8".to_owned())
}

/// The normalised path, relative to the root folder, of the file that the file part `file`
/// of a `$ref` written in the file `from` (itself relative to the root folder) names, after
/// percent-decoding. Refuses remote, absolute and escaping references; the reason is a
/// phrase that follows the quoted `$ref`.
pub fn ref_file(from: &str, file: &str) -> Result<String, String> {
    if file.contains("://") || file.starts_with("//") {
        return Err("is a remote reference; refused: generation never reads the network (vendor the file next to the spec and refer to it by relative path)".into());
    }
    let decoded = percent_decode(file)?;
    let spelled = if decoded == file {
        String::new()
    } else {
        format!(" (`{}` once percent-decoded)", crate::diag::quote(&decoded))
    };
    if decoded.contains("://") || decoded.starts_with("//") {
        return Err(format!(
            "is a remote reference{spelled}; refused: generation never reads the network"
        ));
    }
    if decoded.starts_with('/')
        || decoded.get(1..3) == Some(":/")
        || decoded.get(1..3) == Some(":\\")
    {
        return Err(format!(
            "is an absolute path{spelled}; refused: `$ref`s must be relative to the file they are in"
        ));
    }
    if decoded.contains('\\') {
        return Err(format!("has a backslash{spelled}; refused: `$ref` paths are separated by `/`, and a backslash could climb out of the spec's folder on some systems"));
    }
    if decoded.contains('\0') {
        return Err(format!("has a NUL character{spelled}; refused"));
    }
    let mut parts: Vec<&str> = from.split('/').collect();
    parts.pop();
    for part in decoded.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                if parts.pop().is_none() {
                    return Err(format!("leaves the spec's root folder{spelled}; refused: every fragment must live under the folder of the root file"));
                }
            }
            part => parts.push(part),
        }
    }
    Ok(parts.join("/"))
}

/// Why a spec file was not read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// There is no such file.
    NotFound,
    /// It resolves, through a symlink, to a path outside the root folder.
    Outside(PathBuf),
    /// It is not a regular file (a folder, a FIFO, a device, a socket).
    NotRegular(&'static str),
    /// It is bigger than the cap (size, cap).
    TooBig(u64, u64),
    /// Any other I/O error, as text.
    Io(String),
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Refusal::NotFound => f.write_str("no such file"),
            Refusal::Outside(real) => write!(
                f,
                "it resolves (through a symlink) to `{}`, outside the spec's root folder; refused: every fragment must live under the folder of the root file",
                real.display()
            ),
            Refusal::NotRegular(kind) => {
                write!(f, "it is {kind}, not a regular file; refused")
            }
            Refusal::TooBig(size, cap) => write!(
                f,
                "it is {size} bytes, over the limit of {cap} bytes for a spec file; refused (raise the limit with `--max-file-size`)"
            ),
            Refusal::Io(message) => f.write_str(message),
        }
    }
}

/// The spec's root folder, as given and with symlinks resolved.
#[derive(Debug, Clone)]
pub struct RootDir {
    /// The folder of the root file, as given (paths are joined to it).
    pub dir: PathBuf,
    /// The same folder with every symlink resolved (files must resolve inside it).
    canonical: Option<PathBuf>,
}

impl RootDir {
    /// The root folder of a spec whose root file is `root`.
    pub fn of(root: &Path) -> RootDir {
        let dir = root.parent().map(Path::to_path_buf).unwrap_or_default();
        let for_canonical = if dir.as_os_str().is_empty() {
            Path::new(".")
        } else {
            dir.as_path()
        };
        RootDir {
            canonical: for_canonical.canonicalize().ok(),
            dir,
        }
    }

    /// Reads the root file, which the user named: any regular file under the cap.
    pub fn read_root(&self, path: &Path, cap: u64) -> Result<(PathBuf, Vec<u8>), Refusal> {
        let real = path.canonicalize().map_err(io_refusal)?;
        read_capped(&real, cap).map(|bytes| (real, bytes))
    }

    /// Reads the fragment at `rel` (relative to the root folder, already normalised by
    /// [`ref_file`]): it must resolve inside the root folder and be a regular file under the
    /// cap. Returns its real path (to tell two spellings of one file apart) and its bytes.
    pub fn read(&self, rel: &str, cap: u64) -> Result<(PathBuf, Vec<u8>), Refusal> {
        let real = self.dir.join(rel).canonicalize().map_err(io_refusal)?;
        match &self.canonical {
            Some(root) if real.starts_with(root) => {}
            _ => return Err(Refusal::Outside(real)),
        }
        read_capped(&real, cap).map(|bytes| (real, bytes))
    }
}

fn io_refusal(e: std::io::Error) -> Refusal {
    match e.kind() {
        std::io::ErrorKind::NotFound => Refusal::NotFound,
        _ => Refusal::Io(e.to_string()),
    }
}

/// Reads the file at `real` (symlinks already resolved) if it is a regular file of at most
/// `cap` bytes. The type and size are checked before opening, so a FIFO never blocks and a
/// huge file is never read; the read itself stops after `cap` bytes in case the file grows.
fn read_capped(real: &Path, cap: u64) -> Result<Vec<u8>, Refusal> {
    let meta = std::fs::metadata(real).map_err(io_refusal)?;
    let kind = meta.file_type();
    if !kind.is_file() {
        return Err(Refusal::NotRegular(if kind.is_dir() {
            "a folder"
        } else {
            special_kind(&kind)
        }));
    }
    if meta.len() > cap {
        return Err(Refusal::TooBig(meta.len(), cap));
    }
    let file = std::fs::File::open(real).map_err(io_refusal)?;
    let mut bytes = Vec::new();
    file.take(cap.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(io_refusal)?;
    if bytes.len() as u64 > cap {
        return Err(Refusal::TooBig(bytes.len() as u64, cap));
    }
    Ok(bytes)
}

#[cfg(unix)]
fn special_kind(kind: &std::fs::FileType) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    if kind.is_fifo() {
        "a FIFO (named pipe)"
    } else if kind.is_char_device() || kind.is_block_device() {
        "a device"
    } else if kind.is_socket() {
        "a socket"
    } else {
        "a special file"
    }
}

#[cfg(not(unix))]
fn special_kind(_: &std::fs::FileType) -> &'static str {
    "a special file"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn joins_and_normalises_relative_paths() {
        assert_eq!(
            ref_file("paths/users/a.yaml", "../../components/x.yaml").unwrap(),
            "components/x.yaml"
        );
        assert_eq!(
            ref_file("openapi.yaml", "./paths/a.yaml").unwrap(),
            "paths/a.yaml"
        );
        assert_eq!(
            ref_file("openapi.yaml", "paths/a@%7Bid%7D.yaml").unwrap(),
            "paths/a@{id}.yaml"
        );
        assert!(ref_file("openapi.yaml", "../outside.yaml")
            .unwrap_err()
            .contains("leaves"));
        assert!(ref_file("a.yaml", "https://example.com/x.yaml")
            .unwrap_err()
            .contains("remote"));
        assert!(ref_file("a.yaml", "/etc/passwd")
            .unwrap_err()
            .contains("absolute"));
    }

    #[test]
    fn percent_encoding_does_not_hide_an_escape() {
        for (reference, why) in [
            ("%2Ftmp%2Fx%2Fsecret.json", "absolute"),
            ("..%2F..%2Fsecret.json", "leaves"),
            ("%2e%2e/secret.json", "leaves"),
            ("%2E%2E%2f%2E%2E%2fsecret.json", "leaves"),
            ("%5C%5Cserver%5Cx.yaml", "backslash"),
            ("a%00b.yaml", "NUL"),
            ("%2F%2Fevil.example%2Fx", "remote"),
            ("%FF.yaml", "UTF-8"),
        ] {
            let message = ref_file("openapi.yaml", reference).unwrap_err();
            assert!(message.contains(why), "{reference}: {message}");
        }
    }

    #[test]
    fn decodes_percent_escapes() {
        assert_eq!(percent_decode("a%7Bb%7D").unwrap(), "a{b}");
        assert_eq!(percent_decode("100%").unwrap(), "100%");
        assert_eq!(percent_decode("1%2").unwrap(), "1%2");
    }
}
