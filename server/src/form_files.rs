//! The files of a page form posted as `multipart/form-data` (`app::ui::uploads`): read with
//! the form's text fields, then written as the fields the server function reads
//! (`field[i][name]` and `field[i][data]` in base64, or `field[name]` and `field[data]`).

use app::AppError;
use app::ui::uploads::MANY;
use axum::body::Bytes;
use axum::http::header;
use axum::http::request::Parts;

/// What a page form posted.
#[derive(Debug, Default)]
pub struct Posted {
    /// Its text fields, in order.
    pub fields: Vec<(String, String)>,
    /// Its files.
    pub files: Vec<PostedFile>,
    /// The names of its file inputs, those left empty included.
    pub file_inputs: Vec<String>,
}

/// One file as the browser posted it.
#[derive(Debug)]
pub struct PostedFile {
    /// The file input's name (`attachments[]`, `photo`).
    pub input: String,
    /// The file's name on the visitor's device.
    pub name: String,
    pub data: Bytes,
}

/// Reads the parts of multipart `body` (whose boundary is in `parts`' content type): at most
/// `max_fields` parts, else [`AppError::PayloadTooLarge`]; a body that is not multipart is
/// malformed. A file input left empty (a part with no file name and no bytes) is no file.
pub async fn read(parts: &Parts, body: Bytes, max_fields: usize) -> Result<Posted, AppError> {
    let malformed = |error: multer::Error| {
        tracing::warn!(%error, "an unreadable multipart form");
        AppError::invalid("request", "malformed")
    };
    let boundary = parts
        .headers
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .ok_or(multer::Error::NoBoundary)
        .and_then(multer::parse_boundary)
        .map_err(malformed)?;
    let stream = futures_util::stream::once(async move { Ok::<_, std::convert::Infallible>(body) });
    let mut multipart = multer::Multipart::new(stream, boundary);
    let mut posted = Posted::default();
    let mut parts_read = 0;
    while let Some(part) = multipart.next_field().await.map_err(malformed)? {
        parts_read += 1;
        if parts_read > max_fields {
            return Err(AppError::PayloadTooLarge);
        }
        let Some(input) = part.name().map(str::to_owned) else {
            continue;
        };
        match part.file_name().map(str::to_owned) {
            Some(name) => {
                let data = part.bytes().await.map_err(malformed)?;
                if !posted.file_inputs.contains(&input) {
                    posted.file_inputs.push(input.clone());
                }
                if !(name.is_empty() && data.is_empty()) {
                    posted.files.push(PostedFile { input, name, data });
                }
            }
            None => posted
                .fields
                .push((input, part.text().await.map_err(malformed)?)),
        }
    }
    Ok(posted)
}

/// Removes from `fields` the files kept for each of `inputs` (file input names, `photo` or
/// `attachments[]`): those the person chose not to send again, or a form's files sent to a
/// function that takes none.
pub fn forget(fields: &mut Vec<(String, String)>, inputs: &[String]) {
    for input in inputs {
        let kept = format!("{}[", input.strip_suffix(MANY).unwrap_or(input));
        fields.retain(|(name, _)| !name.starts_with(&kept));
    }
}

/// Adds `files` to `fields` as the server function reads them. Files chosen for an input
/// replace the ones the form came back with for it (`app::ui::uploads::KeptFiles`); an input
/// for one file (a name without `[]`) keeps the last file posted for it.
pub fn merge(fields: &mut Vec<(String, String)>, files: Vec<PostedFile>) {
    use base64::Engine;
    let mut inputs: Vec<&str> = files.iter().map(|file| file.input.as_str()).collect();
    inputs.sort_unstable();
    inputs.dedup();
    for input in inputs {
        let field = input.strip_suffix(MANY).unwrap_or(input);
        let kept = format!("{field}[");
        fields.retain(|(name, _)| !name.starts_with(&kept));
        let chosen: Vec<&PostedFile> = files.iter().filter(|file| file.input == input).collect();
        let many = input.ends_with(MANY);
        let chosen = if many {
            chosen.as_slice()
        } else {
            &chosen[chosen.len().saturating_sub(1)..]
        };
        for (i, file) in chosen.iter().enumerate() {
            let prefix = if many {
                format!("{field}[{i}]")
            } else {
                field.to_owned()
            };
            fields.push((format!("{prefix}[name]"), file.name.clone()));
            let data = base64::engine::general_purpose::STANDARD.encode(&file.data);
            fields.push((format!("{prefix}[data]"), data));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(input: &str, name: &str, data: &'static [u8]) -> PostedFile {
        PostedFile {
            input: input.to_owned(),
            name: name.to_owned(),
            data: Bytes::from_static(data),
        }
    }

    #[test]
    fn files_chosen_again_replace_the_kept_ones_and_are_numbered_from_zero() {
        let mut fields = vec![
            ("title".to_owned(), "停水".to_owned()),
            ("attachments[0][name]".to_owned(), "旧.pdf".to_owned()),
            ("attachments[0][data]".to_owned(), "b2xk".to_owned()),
        ];
        merge(
            &mut fields,
            vec![
                file("attachments[]", "居务 公开 1+1.pdf", b"%PDF"),
                file("attachments[]", "b.png", b"\x89PNG"),
            ],
        );
        assert_eq!(
            fields,
            vec![
                ("title".to_owned(), "停水".to_owned()),
                (
                    "attachments[0][name]".to_owned(),
                    "居务 公开 1+1.pdf".to_owned()
                ),
                ("attachments[0][data]".to_owned(), "JVBERg==".to_owned()),
                ("attachments[1][name]".to_owned(), "b.png".to_owned()),
                ("attachments[1][data]".to_owned(), "iVBORw==".to_owned()),
            ]
        );
    }

    #[test]
    fn kept_files_are_forgotten_by_their_input_and_no_other() {
        let mut fields = vec![
            ("title".to_owned(), "停水".to_owned()),
            ("attachments[0][name]".to_owned(), "a.pdf".to_owned()),
            ("attachments[0][data]".to_owned(), "JVBERg==".to_owned()),
            ("photo[name]".to_owned(), "p.png".to_owned()),
        ];
        forget(&mut fields, &["attachments[]".to_owned()]);
        assert_eq!(
            fields,
            vec![
                ("title".to_owned(), "停水".to_owned()),
                ("photo[name]".to_owned(), "p.png".to_owned()),
            ]
        );
    }

    #[test]
    fn kept_files_stay_when_none_are_chosen_and_one_file_inputs_take_one() {
        let kept = vec![
            ("photo[name]".to_owned(), "a.jpg".to_owned()),
            ("photo[data]".to_owned(), "/9j/".to_owned()),
        ];
        let mut fields = kept.clone();
        merge(&mut fields, Vec::new());
        assert_eq!(fields, kept);
        merge(
            &mut fields,
            vec![file("photo", "1.png", b"1"), file("photo", "2.png", b"2")],
        );
        assert_eq!(
            fields,
            vec![
                ("photo[name]".to_owned(), "2.png".to_owned()),
                ("photo[data]".to_owned(), "Mg==".to_owned()),
            ]
        );
    }
}
