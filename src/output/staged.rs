//! Write stage: a file written to a staging folder as it is made
//! ([`StagedFile`]), counted and, for a product with a manifest, hashed
//! as the bytes go by.

use std::io;
use std::path::PathBuf;

/// A file being written to a staging folder ([`Stager::create`]).
pub struct StagedFile {
    w: Counting<io::BufWriter<std::fs::File>>,
    dest: PathBuf,
    path: String,
}

impl StagedFile {
    /// The file `dest`, created (its folder exists), the output's `path`;
    /// hashed when `hash`.
    pub(super) fn create(dest: PathBuf, path: &str, hash: bool) -> io::Result<StagedFile> {
        Ok(StagedFile {
            w: Counting {
                inner: io::BufWriter::new(std::fs::File::create(&dest)?),
                size: 0,
                sha: hash.then(<sha2::Sha256 as sha2::Digest>::new),
            },
            dest,
            path: path.to_string(),
        })
    }
}

/// A file being written that can be started again (a handout first
/// written in parts, then whole).
pub trait Rewind: io::Write {
    /// Empties the file; what is written next is its start.
    fn rewind(&mut self) -> io::Result<()>;
}

impl Rewind for StagedFile {
    fn rewind(&mut self) -> io::Result<()> {
        io::Write::flush(&mut self.w.inner)?;
        let file = self.w.inner.get_mut();
        file.set_len(0)?;
        io::Seek::seek(file, io::SeekFrom::Start(0))?;
        self.w.size = 0;
        if self.w.sha.is_some() {
            self.w.sha = Some(<sha2::Sha256 as sha2::Digest>::new());
        }
        Ok(())
    }
}

impl Rewind for Vec<u8> {
    fn rewind(&mut self) -> io::Result<()> {
        self.clear();
        Ok(())
    }
}

impl io::Write for StagedFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.w.write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.w.flush()
    }
}

/// What a staged file holds once written ([`StagedFile::written`]).
pub struct Written {
    /// The output's path.
    pub path: String,
    /// Where it is in the staging folder.
    pub file: PathBuf,
    pub size: u64,
    /// For a product with a manifest.
    pub sha256: Option<Vec<u8>>,
}

impl StagedFile {
    /// Flushes the file: where it is, its size and its SHA-256.
    pub(super) fn written(mut self) -> io::Result<Written> {
        io::Write::flush(&mut self.w.inner)?;
        Ok(Written {
            path: self.path,
            file: self.dest,
            size: self.w.size,
            sha256: self.w.sha.map(|h| sha2::Digest::finalize(h).to_vec()),
        })
    }
}

/// A writer that counts (and, for a manifest, hashes) what goes through.
struct Counting<W> {
    inner: W,
    size: u64,
    sha: Option<sha2::Sha256>,
}

impl<W: io::Write> io::Write for Counting<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.size += n as u64;
        if let Some(h) = &mut self.sha {
            sha2::Digest::update(h, &buf[..n]);
        }
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}
