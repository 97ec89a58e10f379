//! Output stage, `foro copy`: the USB bundle to copy, read from `out/usb`
//! and checked against its own manifest first.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::outcome::CopyError;
use crate::manifest;

/// The USB bundle to copy, read from `out/usb`.
#[derive(Debug, Clone)]
pub struct Bundle {
    pub root: PathBuf,
    /// Every file, `/`-separated, `MANIFEST.sha256` last.
    pub files: Vec<BundleFile>,
    /// Every folder, parents before children.
    pub dirs: Vec<String>,
    /// What the drives must hold: path → SHA-256, the manifest itself too.
    pub expected: BTreeMap<String, String>,
    pub bytes: u64,
    pub largest: u64,
}

#[derive(Debug, Clone)]
pub struct BundleFile {
    pub path: String,
    pub size: u64,
}

impl Bundle {
    /// Reads `out/usb` and checks it against its own manifest, so a bundle
    /// changed since the build is never copied.
    pub fn load(out: &Path) -> Result<Bundle, CopyError> {
        let root = out.join("usb");
        let manifest_path = root.join(manifest::FILE);
        let text = std::fs::read(&manifest_path).map_err(|e| {
            CopyError::Usage(format!(
                "no USB bundle to copy: cannot read {}: {e} (run `foro build` first)",
                crate::diagnostics::escape_path(&manifest_path)
            ))
        })?;
        let source = manifest::verify(&root, &|_, _| {}).map_err(CopyError::Io)?;
        if !source.is_ok() {
            return Err(CopyError::Source(source));
        }
        let mut expected = manifest::parse(&String::from_utf8_lossy(&text)).map_err(|e| {
            CopyError::Io(format!(
                "{}: {e}",
                crate::diagnostics::escape_path(&manifest_path)
            ))
        })?;
        expected.insert(manifest::FILE.to_string(), manifest::digest(&text));
        let mut files = Vec::new();
        for path in expected.keys() {
            let size = std::fs::metadata(root.join(path))
                .map_err(|e| {
                    CopyError::Io(format!(
                        "cannot read usb/{}: {e}",
                        crate::diagnostics::escape(path)
                    ))
                })?
                .len();
            files.push(BundleFile {
                path: path.clone(),
                size,
            });
        }
        files.sort_by_key(|f| (f.path == manifest::FILE, f.path.clone()));
        let mut dirs: Vec<String> = files
            .iter()
            .flat_map(|f| {
                f.path
                    .match_indices('/')
                    .map(|(i, _)| f.path[..i].to_string())
                    .collect::<Vec<_>>()
            })
            .collect();
        dirs.sort();
        dirs.dedup();
        Ok(Bundle {
            root,
            bytes: files.iter().map(|f| f.size).sum(),
            largest: files.iter().map(|f| f.size).max().unwrap_or(0),
            files,
            dirs,
            expected,
        })
    }

    /// The space the bundle takes on a file system of `cluster`-byte
    /// allocation units: every file and folder rounded up to whole units.
    pub fn needs(&self, cluster: u64) -> u64 {
        let round = |n: u64| n.div_ceil(cluster).max(1) * cluster;
        self.files.iter().map(|f| round(f.size)).sum::<u64>() + self.dirs.len() as u64 * cluster
    }
}
