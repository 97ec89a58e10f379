//! Model stage: the recording of a session or a presentation.

/// A video: a file of the forum, played on the page, or an external
/// address, linked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Recording {
    File {
        /// Relative to the project, under `files/` (`.mp4` or `.webm`).
        file: String,
        /// `WebVTT` captions, in the order of the forum's languages.
        captions: Vec<Caption>,
        /// An image shown before the video plays, under `images/`.
        poster: Option<String>,
    },
    Url(String),
}

/// A captions file in one language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Caption {
    pub lang: String,
    /// Relative to the project, under `files/`.
    pub file: String,
}

impl Recording {
    /// The MIME type of a video file, from its extension.
    pub fn video_mime(path: &str) -> Option<&'static str> {
        let ext = path.rsplit('.').next()?.to_ascii_lowercase();
        Some(match ext.as_str() {
            "mp4" | "m4v" => "video/mp4",
            "webm" => "video/webm",
            _ => return None,
        })
    }
}
