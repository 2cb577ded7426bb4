//! QR codes drawn on the server as SVG: invitation cards and notice posters carry one back to
//! their page, so paper leads to the phone.

use crate::AppError;

/// An SVG QR code of `link`, at least `size` pixels square, with its quiet zone.
pub fn svg(link: &str, size: u32) -> Result<String, AppError> {
    Ok(qrcode::QrCode::new(link.as_bytes())
        .map_err(|error| {
            tracing::error!(%error, "cannot draw a QR code");
            AppError::Internal
        })?
        .render::<qrcode::render::svg::Color<'_>>()
        .min_dimensions(size, size)
        .quiet_zone(true)
        .build())
}
