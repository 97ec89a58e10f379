use super::*;

#[test]
fn refuses_dangerous_output_folders() {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("forum");
    std::fs::create_dir_all(&project).unwrap();
    assert!(check_out_dir(&project, &project).is_err());
    assert!(check_out_dir(&project, dir.path()).is_err());
    assert!(check_out_dir(&project, Path::new("/")).is_err());
    assert!(check_out_dir(&project, &project.join("../forum/.")).is_err());
    assert!(check_out_dir(&project, &dir.path().join("output")).is_ok());
    assert!(check_out_dir(&project, &project.join("output")).is_err());
    assert!(check_out_dir(&project, &project.join("files/out")).is_err());
}

#[test]
fn zip_is_deterministic() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("big.pdf"), vec![7u8; 100_000]).unwrap();
    let src = SourceFile::check(dir.path(), Path::new("big.pdf")).unwrap();
    let files = vec![
        OutFile {
            path: "files/big.pdf".into(),
            content: Content::Copy(src),
        },
        OutFile {
            path: "index.html".into(),
            content: Content::Bytes(b"<p>hi</p>".to_vec()),
        },
    ];
    let a = dir.path().join("a.zip");
    let b = dir.path().join("b.zip");
    write_zip(&a, &files).unwrap();
    std::thread::sleep(std::time::Duration::from_millis(1100));
    let reversed: Vec<OutFile> = files.into_iter().rev().collect();
    write_zip(&b, &reversed).unwrap();
    assert_eq!(std::fs::read(&a).unwrap(), std::fs::read(&b).unwrap());
    let mut archive = zip::ZipArchive::new(std::fs::File::open(&a).unwrap()).unwrap();
    assert_eq!(archive.len(), 2);
    assert_eq!(
        archive.by_index(0).unwrap().name().unwrap(),
        "files/big.pdf"
    );
}

#[test]
fn a_swap_interrupted_between_its_renames_is_repaired() {
    // Where folders cannot be exchanged in one step, a build killed
    // between the two renames leaves the previous output only as
    // `.foro-old-site-<pid>`: the next build puts it back first.
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let old = out.join(format!("{OLD}site-1"));
    std::fs::create_dir_all(&old).unwrap();
    std::fs::write(old.join("index.html"), "previous").unwrap();
    std::fs::create_dir_all(out.join(format!("{STAGING}site-2"))).unwrap();
    let staged = stage(
        &out,
        "site",
        &[OutFile {
            path: "index.html".into(),
            content: Content::Bytes(b"new".to_vec()),
        }],
    )
    .unwrap();
    assert_eq!(
        std::fs::read_to_string(out.join("site/index.html")).unwrap(),
        "previous"
    );
    commit(vec![staged]).unwrap();
    assert_eq!(
        std::fs::read_to_string(out.join("site/index.html")).unwrap(),
        "new"
    );
    let names: Vec<_> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, vec![std::ffi::OsString::from("site")]);
}

#[test]
fn stage_then_commit_replaces_the_previous_output() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let file = |p: &str, b: &str| OutFile {
        path: p.into(),
        content: Content::Bytes(b.as_bytes().to_vec()),
    };
    commit(vec![
        stage(
            &out,
            "site",
            &[file("a/index.html", "1"), file("old.txt", "x")],
        )
        .unwrap(),
    ])
    .unwrap();
    commit(vec![
        stage(&out, "site", &[file("a/index.html", "2")]).unwrap(),
    ])
    .unwrap();
    assert_eq!(
        std::fs::read_to_string(out.join("site/a/index.html")).unwrap(),
        "2"
    );
    assert!(!out.join("site/old.txt").exists());
    let names: Vec<_> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, vec![std::ffi::OsString::from("site")]);
}

#[test]
fn a_product_failing_after_others_were_staged_leaves_the_output_as_it_was() {
    // The zip fails (its source changed) after the site was staged: the
    // site's staging is discarded, nothing is swapped, nothing is left.
    let dir = tempfile::tempdir().unwrap();
    let (project, out) = (dir.path().join("forum"), dir.path().join("out"));
    std::fs::create_dir_all(&project).unwrap();
    std::fs::write(project.join("big.pdf"), "one").unwrap();
    let src = SourceFile::check(&project, Path::new("big.pdf")).unwrap();
    let page = |b: &str| OutFile::bytes("index.html", b.as_bytes().to_vec());
    commit(vec![stage(&out, "site", &[page("previous")]).unwrap()]).unwrap();
    let before = std::fs::read_dir(&out).unwrap().count();
    let site = stage(&out, "site", &[page("next")]).unwrap();
    std::fs::write(project.join("big.pdf"), "changed").unwrap();
    let copy = OutFile {
        path: "files/big.pdf".into(),
        content: Content::Copy(src),
    };
    let zip = stage_zip(&out, "forum-usb.zip", &[copy]);
    assert!(zip.is_err());
    discard(vec![site]);
    assert_eq!(
        std::fs::read_to_string(out.join("site/index.html")).unwrap(),
        "previous"
    );
    let names: Vec<_> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names.len(), before, "{names:?}");
    assert_eq!(names, vec![std::ffi::OsString::from("site")]);
}

#[test]
fn a_page_put_while_rendering_is_on_disk_at_once_and_kept_as_a_record() {
    // A streamed page is written to the staging folder when it is put;
    // what the build keeps is its path, size and (with a manifest) digest.
    // Nothing reaches `out/site` before the commit.
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let stager = Stager::new(&out, "usb", true).unwrap();
    let page = OutFile::bytes("en/index.html", "<p>hola</p>");
    let record = stager.put(page).unwrap();
    let Content::Staged { file, size, sha256 } = &record.content else {
        panic!("a page of bytes is written and kept as a record");
    };
    assert_eq!(std::fs::read(file).unwrap(), b"<p>hola</p>");
    assert_eq!(*size, 11);
    assert_eq!(sha256.as_deref(), Some(digest(b"<p>hola</p>").as_str()));
    assert!(!out.join("usb").exists());
    let product = stager
        .finish(&[record, OutFile::bytes("README.txt", "x")], &|_| {})
        .unwrap();
    commit(vec![product]).unwrap();
    assert_eq!(
        std::fs::read_to_string(out.join("usb/en/index.html")).unwrap(),
        "<p>hola</p>"
    );
    assert_eq!(
        std::fs::read_to_string(out.join("usb/README.txt")).unwrap(),
        "x"
    );
}

#[test]
fn a_staged_file_started_again_holds_counts_and_hashes_only_what_came_after() {
    let dir = tempfile::tempdir().unwrap();
    let stager = Stager::new(&dir.path().join("out"), "site", true).unwrap();
    let mut file = stager.create("en/handout/index.html").unwrap();
    io::Write::write_all(&mut file, &vec![b'x'; 100_000]).unwrap();
    file.rewind().unwrap();
    io::Write::write_all(&mut file, b"<p>whole</p>").unwrap();
    let record = file.finish().unwrap();
    let Content::Staged { file, size, sha256 } = &record.content else {
        panic!("a staged file's record");
    };
    assert_eq!(std::fs::read(file).unwrap(), b"<p>whole</p>");
    assert_eq!(*size, 12);
    assert_eq!(sha256.as_deref(), Some(digest(b"<p>whole</p>").as_str()));
}

#[cfg(unix)]
#[test]
fn removing_a_previous_output_removes_links_never_what_they_point_to() {
    let dir = tempfile::tempdir().unwrap();
    let outside = dir.path().join("outside");
    std::fs::create_dir_all(outside.join("keep")).unwrap();
    std::fs::write(outside.join("keep/page.html"), "kept").unwrap();
    let old = dir.path().join("old-site");
    for sub in ["en/speakers/ana", "es/speakers/ana", "assets"] {
        std::fs::create_dir_all(old.join(sub)).unwrap();
        std::fs::write(old.join(sub).join("index.html"), "old").unwrap();
    }
    std::fs::write(old.join("sitemap.xml"), "old").unwrap();
    std::os::unix::fs::symlink(&outside, old.join("linked-folder")).unwrap();
    std::os::unix::fs::symlink(&outside, old.join("en/linked-inside")).unwrap();
    std::os::unix::fs::symlink(outside.join("keep/page.html"), old.join("linked-file")).unwrap();
    super::place::remove_output(&old).unwrap();
    assert!(
        std::fs::symlink_metadata(&old).is_err(),
        "the old output is still there"
    );
    assert_eq!(
        std::fs::read_to_string(outside.join("keep/page.html")).unwrap(),
        "kept"
    );
}
