//! The built site (wasm, JS, CSS and `public/` files): Leptos's view of it, gzip and brotli
//! copies made once at start-up, and serving them with cache lifetimes. Hashed bundle files
//! are immutable for a year; anything not found falls through to the app's 404 page.

use crate::AppState;
use crate::config::ServeConfig;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use leptos::prelude::{LeptosOptions, provide_context};
use std::io::Write;
use std::net::SocketAddr;
use std::path::Path;
use tower::ServiceExt;
use tower_http::services::ServeDir;

/// Name of the wasm/JS/CSS bundle, as `output-name` in the workspace's Leptos metadata.
const OUTPUT_NAME: &str = "gongshang";
/// Files worth compressing, by extension.
const COMPRESSIBLE: &[&str] = &[
    "js",
    "wasm",
    "css",
    "svg",
    "json",
    "webmanifest",
    "txt",
    "html",
];
/// Below this size compression does not pay for the extra request header work.
const MIN_COMPRESS_BYTES: u64 = 512;

/// Leptos's options, built from our configuration rather than cargo-leptos's environment so
/// `target/release/gongshang serve` works with no variables set.
pub fn leptos_options(config: &ServeConfig, addr: SocketAddr) -> LeptosOptions {
    // cargo-leptos writes the bundle's hashes next to the binary; Leptos reads them there.
    let hashed = std::env::current_exe()
        .ok()
        .and_then(|exe| exe.parent().map(|dir| dir.join("hash.txt")))
        .is_some_and(|path| path.is_file());
    LeptosOptions::builder()
        .output_name(OUTPUT_NAME)
        .site_root(config.site_root.to_string_lossy().as_ref())
        .site_pkg_dir("pkg")
        .site_addr(addr)
        .hash_files(hashed)
        .env(leptos::config::Env::PROD)
        .build()
}

/// Writes `.gz` and `.br` beside every compressible file that lacks a fresh one. A read-only
/// site is served uncompressed, with a warning.
pub fn precompress(site_root: &Path) {
    let mut written = 0usize;
    if let Err(error) = precompress_dir(site_root, &mut written) {
        tracing::warn!(%error, root = %site_root.display(), "could not precompress the site");
    }
    if written > 0 {
        tracing::info!(written, "precompressed static files");
    }
}

fn precompress_dir(dir: &Path, written: &mut usize) -> std::io::Result<()> {
    if !dir.is_dir() {
        return Ok(());
    }
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            precompress_dir(&path, written)?;
            continue;
        }
        let compressible = path
            .extension()
            .and_then(|ext| ext.to_str())
            .is_some_and(|ext| COMPRESSIBLE.contains(&ext));
        let metadata = std::fs::metadata(&path)?;
        if !compressible || metadata.len() < MIN_COMPRESS_BYTES {
            continue;
        }
        let modified = metadata.modified()?;
        for (suffix, compress) in [
            ("gz", gzip as fn(&[u8]) -> std::io::Result<Vec<u8>>),
            ("br", brotli),
        ] {
            let target = path.with_extension(format!(
                "{}.{suffix}",
                path.extension()
                    .and_then(|e| e.to_str())
                    .unwrap_or_default()
            ));
            let fresh = std::fs::metadata(&target)
                .and_then(|m| m.modified())
                .is_ok_and(|time| time >= modified);
            if !fresh {
                let bytes = compress(&std::fs::read(&path)?)?;
                std::fs::write(&target, bytes)?;
                *written += 1;
            }
        }
    }
    Ok(())
}

fn gzip(bytes: &[u8]) -> std::io::Result<Vec<u8>> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(bytes)?;
    encoder.finish()
}

fn brotli(bytes: &[u8]) -> std::io::Result<Vec<u8>> {
    let mut out = Vec::new();
    {
        let mut writer = brotli::CompressorWriter::new(&mut out, 64 * 1024, 11, 22);
        writer.write_all(bytes)?;
    }
    Ok(out)
}

/// Serves a static file if one matches, else renders the app, whose router answers 404.
pub async fn fallback(State(state): State<AppState>, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    if parts.method == Method::GET || parts.method == Method::HEAD {
        let probe = Request::from_parts(parts.clone(), Body::empty());
        let files = ServeDir::new(state.leptos_options.site_root.as_ref())
            .precompressed_br()
            .precompressed_gzip()
            .append_index_html_on_directories(false);
        match files.oneshot(probe).await {
            Ok(response) if response.status() != StatusCode::NOT_FOUND => {
                let hashed = state.leptos_options.hash_files;
                let mut response = response.map(Body::new);
                let lifetime = cache_lifetime(parts.uri.path(), hashed);
                response
                    .headers_mut()
                    .insert(header::CACHE_CONTROL, HeaderValue::from_static(lifetime));
                return response;
            }
            Ok(_) => {}
            Err(error) => tracing::error!(%error, "static file service failed"),
        }
    }
    let context = state.context.clone();
    let options = state.leptos_options.clone();
    let render = leptos_axum::render_app_to_stream_with_context(
        move || provide_context(context.clone()),
        move || app::ui::shell(options.clone()),
    );
    render(Request::from_parts(parts, body))
        .await
        .into_response()
}

/// `Cache-Control` for a static path: hashed bundle files never change under their name.
pub fn cache_lifetime(path: &str, hashed: bool) -> &'static str {
    if path.starts_with("/pkg/") {
        if hashed {
            "public, max-age=31536000, immutable"
        } else {
            "no-cache"
        }
    } else {
        "public, max-age=3600"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashed_bundle_files_are_cached_for_a_year() {
        assert_eq!(
            cache_lifetime("/pkg/gongshang.abc.wasm", true),
            "public, max-age=31536000, immutable"
        );
        assert_eq!(cache_lifetime("/pkg/gongshang.wasm", false), "no-cache");
        assert_eq!(cache_lifetime("/favicon.svg", true), "public, max-age=3600");
    }

    #[test]
    fn precompression_writes_gzip_and_brotli_copies_once() {
        let dir = tempfile::tempdir().expect("tempdir");
        let pkg = dir.path().join("pkg");
        std::fs::create_dir(&pkg).expect("mkdir");
        let original = "body { color: black; }\n".repeat(100);
        std::fs::write(pkg.join("app.css"), &original).expect("write");
        std::fs::write(pkg.join("tiny.css"), "a{}").expect("write");
        let mut written = 0;
        precompress_dir(dir.path(), &mut written).expect("precompress");
        assert_eq!(written, 2, "gz and br for app.css, nothing for tiny.css");
        let gz = std::fs::read(pkg.join("app.css.gz")).expect("gz");
        let mut unzipped = String::new();
        std::io::Read::read_to_string(&mut flate2::read::GzDecoder::new(&gz[..]), &mut unzipped)
            .expect("gunzip");
        assert_eq!(unzipped, original);
        assert!(pkg.join("app.css.br").is_file());
        let mut again = 0;
        precompress_dir(dir.path(), &mut again).expect("precompress");
        assert_eq!(again, 0, "fresh copies are kept");
    }
}
