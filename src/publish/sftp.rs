//! Publish: an `sftp://` target. The async SSH stack (`russh`,
//! `russh-sftp`, tokio) stays inside this file and `ssh.rs`: a small
//! current-thread runtime runs each operation to completion, and a few
//! transfers go at once over the one connection.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Read;

use futures::stream::{self, StreamExt};
use russh_sftp::client::RawSftpSession;
use russh_sftp::client::error::Error as SftpError;
use russh_sftp::protocol::{FileAttributes, FileType, OpenFlags, Packet, StatusCode};

use super::options::{Options, PublishError};
use super::plan::temp_name;
use super::ssh;
use super::target::{TResult, Target, TargetError, Upload};
use super::url::TargetUrl;

/// Transfers (and directory reads) in flight at once.
const PARALLEL: usize = 8;
/// Bytes per read or write request (every server accepts 32 KiB).
const CHUNK: usize = 32 * 1024;
const CHUNK_U32: u32 = 32 * 1024;
/// Write requests in flight per file.
const WINDOW: usize = 16;

pub struct Sftp {
    rt: tokio::runtime::Runtime,
    session: RawSftpSession,
    /// Kept open for the session's lifetime.
    _ssh: russh::client::Handle<ssh::Client>,
    /// The target folder on the server, absolute, without a trailing `/`.
    root: String,
    /// The server renames over an existing file in one step
    /// (`posix-rename@openssh.com`).
    posix_rename: bool,
    /// Folders known to exist (relative; `""` is the root).
    dirs: BTreeSet<String>,
    host: String,
}

fn sftp_err(what: &str, path: &str, e: &SftpError) -> TargetError {
    let msg = format!("cannot {what} {path} on the server: {e}");
    match e {
        SftpError::Status(s) if s.status_code == StatusCode::PermissionDenied => {
            TargetError::Refused(msg)
        }
        _ => TargetError::Io(msg),
    }
}

fn is_status(e: &SftpError, code: StatusCode) -> bool {
    matches!(e, SftpError::Status(s) if s.status_code == code)
}

fn ssh_string(s: &str, out: &mut Vec<u8>) {
    out.extend_from_slice(&u32::try_from(s.len()).unwrap_or(u32::MAX).to_be_bytes());
    out.extend_from_slice(s.as_bytes());
}

impl Sftp {
    pub fn connect(url: &TargetUrl, opts: &Options) -> Result<Sftp, PublishError> {
        let TargetUrl::Sftp {
            user,
            host,
            port,
            path,
        } = url
        else {
            return Err(PublishError::Usage(format!(
                "{url} is not an sftp:// address"
            )));
        };
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| PublishError::Io(format!("cannot start the SFTP client: {e}")))?;
        let (handle, sftp, posix_rename, root) = rt.block_on(async {
            let handle = ssh::connect(
                user,
                host,
                *port,
                opts.identity.as_deref(),
                opts.known_hosts.as_deref(),
            )
            .await?;
            let channel = handle
                .channel_open_session()
                .await
                .map_err(|e| TargetError::Io(format!("SSH session: {e}")))?;
            channel
                .request_subsystem(true, "sftp")
                .await
                .map_err(|e| TargetError::Io(format!("the server offers no SFTP: {e}")))?;
            let sftp = RawSftpSession::new(channel.into_stream());
            sftp.set_timeout(120);
            let version = sftp
                .init()
                .await
                .map_err(|e| TargetError::Io(format!("SFTP: {e}")))?;
            let posix_rename = version.extensions.contains_key("posix-rename@openssh.com");
            let root = if path.starts_with('/') {
                path.trim_end_matches('/').to_string()
            } else {
                let home = sftp
                    .realpath(".")
                    .await
                    .map_err(|e| sftp_err("resolve", ".", &e))?
                    .files
                    .first()
                    .map(|f| f.filename.clone())
                    .unwrap_or_default();
                let home = home.trim_end_matches('/');
                if path == "." {
                    home.to_string()
                } else {
                    format!("{home}/{}", path.trim_end_matches('/'))
                }
            };
            Ok::<_, TargetError>((handle, sftp, posix_rename, root))
        })?;
        Ok(Sftp {
            rt,
            session: sftp,
            _ssh: handle,
            root,
            posix_rename,
            dirs: BTreeSet::new(),
            host: host.clone(),
        })
    }

    /// Creates the folders not known to exist (the root first, if it is
    /// missing), parents before children.
    fn make_dirs(&mut self, dirs: impl Iterator<Item = String>) -> TResult<()> {
        let mut needed: Vec<String> = dirs
            .chain(std::iter::once(String::new()))
            .filter(|d| !self.dirs.contains(d))
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        needed.sort_by_key(|d| (!d.is_empty(), d.matches('/').count()));
        for d in &needed {
            let full = self.full(d);
            let made = self
                .rt
                .block_on(self.session.mkdir(full.clone(), FileAttributes::empty()));
            if let Err(e) = made {
                // It may exist already (made by someone else): fine if so.
                if self.rt.block_on(self.session.stat(full.clone())).is_err() {
                    return Err(sftp_err("create the folder", &full, &e));
                }
            }
            self.dirs.insert(d.clone());
        }
        Ok(())
    }

    fn full(&self, rel: &str) -> String {
        match (self.root.as_str(), rel) {
            (r, "") => r.to_string(),
            ("", rel) => format!("/{rel}"),
            (r, rel) => format!("{r}/{rel}"),
        }
    }
}

async fn read_dir(
    sftp: &RawSftpSession,
    full: String,
    rel: String,
) -> TResult<(Vec<(String, u64)>, Vec<String>)> {
    let handle = sftp
        .opendir(full.clone())
        .await
        .map_err(|e| sftp_err("list", &full, &e))?
        .handle;
    let (mut files, mut dirs) = (Vec::new(), Vec::new());
    loop {
        match sftp.readdir(handle.clone()).await {
            Ok(name) => {
                for f in name.files {
                    if f.filename == "." || f.filename == ".." {
                        continue;
                    }
                    let path = if rel.is_empty() {
                        f.filename.clone()
                    } else {
                        format!("{rel}/{}", f.filename)
                    };
                    match f.attrs.file_type() {
                        FileType::Dir => dirs.push(path),
                        FileType::File => files.push((path, f.attrs.size.unwrap_or(0))),
                        _ => {}
                    }
                }
            }
            Err(e) if is_status(&e, StatusCode::Eof) => break,
            Err(e) => return Err(sftp_err("list", &full, &e)),
        }
    }
    let _ = sftp.close(handle).await;
    Ok((files, dirs))
}

/// Reads a whole file, feeding `sink` block by block; `false` if it is missing.
async fn read_file(
    sftp: &RawSftpSession,
    full: &str,
    sink: &mut dyn FnMut(&[u8]),
) -> TResult<bool> {
    let handle = match sftp
        .open(full, OpenFlags::READ, FileAttributes::empty())
        .await
    {
        Ok(h) => h.handle,
        Err(e) if is_status(&e, StatusCode::NoSuchFile) => return Ok(false),
        Err(e) => return Err(sftp_err("read", full, &e)),
    };
    let mut offset = 0u64;
    loop {
        match sftp.read(handle.clone(), offset, CHUNK_U32).await {
            Ok(d) if d.data.is_empty() => break,
            Ok(d) => {
                offset += d.data.len() as u64;
                sink(&d.data);
            }
            Err(e) if is_status(&e, StatusCode::Eof) => break,
            Err(e) => return Err(sftp_err("read", full, &e)),
        }
    }
    let _ = sftp.close(handle).await;
    Ok(true)
}

/// Writes `temp` from `chunks` (several requests in flight), then renames
/// it over `dest`; with `cut_short`, stops after the writes.
async fn put(
    sftp: &RawSftpSession,
    posix_rename: bool,
    temp: &str,
    dest: &str,
    chunks: impl Iterator<Item = std::io::Result<(u64, Vec<u8>)>>,
    cut_short: bool,
) -> TResult<u64> {
    let flags = OpenFlags::CREATE | OpenFlags::TRUNCATE | OpenFlags::WRITE;
    let handle = sftp
        .open(temp, flags, FileAttributes::empty())
        .await
        .map_err(|e| sftp_err("create", temp, &e))?
        .handle;
    let mut writes = stream::iter(chunks)
        .map(|c| {
            let handle = handle.clone();
            async move {
                let (offset, data) =
                    c.map_err(|e| TargetError::Io(format!("cannot read the build: {e}")))?;
                let n = data.len() as u64;
                sftp.write(handle, offset, data)
                    .await
                    .map_err(|e| sftp_err("write", temp, &e))?;
                Ok::<u64, TargetError>(n)
            }
        })
        .buffer_unordered(WINDOW);
    let mut total = 0;
    while let Some(r) = writes.next().await {
        total += r?;
    }
    drop(writes);
    sftp.close(handle)
        .await
        .map_err(|e| sftp_err("write", temp, &e))?;
    if cut_short {
        return Err(TargetError::Io(format!(
            "stopped while sending {dest} (FORO_PUBLISH_FAIL_AFTER)"
        )));
    }
    if posix_rename {
        let mut data = Vec::new();
        ssh_string(temp, &mut data);
        ssh_string(dest, &mut data);
        match sftp.extended("posix-rename@openssh.com", data).await {
            Ok(Packet::Status(s)) if s.status_code == StatusCode::Ok => {}
            Ok(Packet::Status(s)) => {
                return Err(sftp_err("rename into", dest, &SftpError::Status(s)));
            }
            Ok(_) => {
                return Err(TargetError::Io(format!(
                    "cannot rename into {dest}: unexpected reply"
                )));
            }
            Err(e) => return Err(sftp_err("rename into", dest, &e)),
        }
    } else {
        // Plain SFTP renames only onto a free name: a short gap.
        let _ = sftp.remove(dest).await;
        sftp.rename(temp, dest)
            .await
            .map_err(|e| sftp_err("rename into", dest, &e))?;
    }
    Ok(total)
}

/// The blocks of a local file, read lazily; the first half only with `half`.
fn file_chunks(
    path: &std::path::Path,
    half: bool,
) -> std::io::Result<impl Iterator<Item = std::io::Result<(u64, Vec<u8>)>>> {
    let mut f = std::fs::File::open(path)?;
    let len = f.metadata()?.len();
    let limit = if half { len / 2 } else { len };
    let mut offset = 0u64;
    Ok(std::iter::from_fn(move || {
        if offset >= limit {
            return None;
        }
        let want = usize::try_from((limit - offset).min(CHUNK as u64)).unwrap_or(CHUNK);
        let mut buf = vec![0u8; want];
        let r = f.read_exact(&mut buf).map(|()| {
            let at = offset;
            offset += want as u64;
            (at, buf)
        });
        if r.is_err() {
            offset = limit;
        }
        Some(r)
    }))
}

fn parents(path: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut p = path;
    while let Some((dir, _)) = p.rsplit_once('/') {
        out.push(dir.to_string());
        p = dir;
    }
    out
}

impl Target for Sftp {
    fn list(&mut self) -> TResult<BTreeMap<String, u64>> {
        let root = self.root.clone();
        let sftp = &self.session;
        let host = self.host.clone();
        let (files, dirs) = self.rt.block_on(async {
            match sftp.stat(root.clone()).await {
                Ok(_) => {}
                Err(e) if is_status(&e, StatusCode::NoSuchFile) => {
                    // Created by the first file written (never by a dry
                    // run), if its parent exists.
                    let parent = root.rsplit_once('/').map_or("/", |(p, _)| p);
                    let parent = if parent.is_empty() { "/" } else { parent };
                    if sftp.stat(parent.to_string()).await.is_err() {
                        return Err(TargetError::Io(format!(
                            "the folder {root} does not exist on {host} (nor its parent)"
                        )));
                    }
                    return Ok((BTreeMap::new(), Vec::new()));
                }
                Err(e) => return Err(sftp_err("open", &root, &e)),
            }
            let mut files = BTreeMap::new();
            let mut all_dirs = vec![String::new()];
            let mut level = vec![String::new()];
            while !level.is_empty() {
                let results: Vec<_> = stream::iter(level.drain(..))
                    .map(|rel| {
                        let full = if rel.is_empty() {
                            root.clone()
                        } else {
                            format!("{root}/{rel}")
                        };
                        read_dir(sftp, full, rel)
                    })
                    .buffer_unordered(PARALLEL)
                    .collect()
                    .await;
                for r in results {
                    let (f, d) = r?;
                    files.extend(f);
                    all_dirs.extend(d.iter().cloned());
                    level.extend(d);
                }
            }
            Ok::<_, TargetError>((files, all_dirs))
        })?;
        self.dirs = dirs.into_iter().collect();
        Ok(files)
    }

    fn read(&mut self, path: &str) -> TResult<Option<Vec<u8>>> {
        let full = self.full(path);
        let mut bytes = Vec::new();
        let found = self.rt.block_on(read_file(&self.session, &full, &mut |b| {
            bytes.extend_from_slice(b);
        }))?;
        Ok(found.then_some(bytes))
    }

    fn hash(&mut self, paths: &[String]) -> TResult<BTreeMap<String, String>> {
        use sha2::Digest;
        let this = &*self;
        self.rt.block_on(async {
            stream::iter(paths)
                .map(|rel| async move {
                    let full = this.full(rel);
                    let mut h = sha2::Sha256::new();
                    if !read_file(&this.session, &full, &mut |b| h.update(b)).await? {
                        return Err(TargetError::Io(format!("{full} vanished from the server")));
                    }
                    Ok((rel.clone(), super::target::hex(&h.finalize())))
                })
                .buffer_unordered(PARALLEL)
                .collect::<Vec<_>>()
                .await
                .into_iter()
                .collect()
        })
    }

    fn upload(&mut self, files: &[Upload], sent: &mut dyn FnMut(&str, u64)) -> TResult<()> {
        self.make_dirs(files.iter().flat_map(|u| parents(&u.path)))?;
        let this = &*self;
        self.rt.block_on(async {
            let mut transfers = stream::iter(files)
                .map(|u| async move {
                    let chunks = file_chunks(&u.src, u.cut_short).map_err(|e| {
                        TargetError::Io(format!("cannot read {}: {e}", u.src.display()))
                    })?;
                    let n = put(
                        &this.session,
                        this.posix_rename,
                        &this.full(&temp_name(&u.path)),
                        &this.full(&u.path),
                        chunks,
                        u.cut_short,
                    )
                    .await?;
                    Ok::<_, TargetError>((u.path.as_str(), n))
                })
                .buffer_unordered(PARALLEL);
            while let Some(r) = transfers.next().await {
                let (path, n) = r?;
                sent(path, n);
            }
            Ok(())
        })
    }

    fn write(&mut self, path: &str, bytes: &[u8]) -> TResult<()> {
        self.make_dirs(parents(path).into_iter())?;
        let chunks = bytes
            .chunks(CHUNK)
            .enumerate()
            .map(|(i, c)| Ok(((i * CHUNK) as u64, c.to_vec())));
        self.rt
            .block_on(put(
                &self.session,
                self.posix_rename,
                &self.full(&temp_name(path)),
                &self.full(path),
                chunks,
                false,
            ))
            .map(|_| ())
    }

    fn remove(&mut self, paths: &[String]) -> TResult<()> {
        let this = &*self;
        self.rt.block_on(async {
            let results: Vec<TResult<()>> = stream::iter(paths)
                .map(|rel| async move {
                    let full = this.full(rel);
                    match this.session.remove(full.clone()).await {
                        Ok(_) => Ok(()),
                        Err(e) if is_status(&e, StatusCode::NoSuchFile) => Ok(()),
                        Err(e) => Err(sftp_err("delete", &full, &e)),
                    }
                })
                .buffer_unordered(PARALLEL)
                .collect()
                .await;
            results.into_iter().collect()
        })
    }

    fn remove_empty_dirs(&mut self, dirs: &[String]) {
        for d in dirs {
            let full = self.full(d);
            if self.rt.block_on(self.session.rmdir(full)).is_ok() {
                self.dirs.remove(d);
            }
        }
    }
}
