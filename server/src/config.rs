//! Resolved server configuration: the CLI's flags turned into what the server runs with.

use crate::cli::ServeArgs;
use anyhow::{Context, bail};
use app::store::DatabaseLogin;
use std::net::SocketAddr;
use std::path::PathBuf;

impl crate::cli::DbArgs {
    /// The database URL these flags name; creates the data directory for the embedded store.
    pub fn url(&self) -> anyhow::Result<String> {
        if let Some(url) = &self.db {
            return Ok(url.clone());
        }
        std::fs::create_dir_all(&self.data_dir).with_context(|| {
            format!(
                "cannot create the data directory {}",
                self.data_dir.display()
            )
        })?;
        Ok(format!(
            "surrealkv://{}",
            self.data_dir.join("db").display()
        ))
    }

    /// The SurrealDB server's root user, when one was given.
    pub fn login(&self) -> Option<DatabaseLogin> {
        match (&self.db_user, &self.db_pass) {
            (Some(username), Some(password)) => Some(DatabaseLogin {
                username: username.clone(),
                password: password.clone(),
            }),
            _ => None,
        }
    }
}

#[derive(Debug, Clone)]
pub struct ServeConfig {
    pub addr: SocketAddr,
    pub db_url: String,
    pub db_login: Option<DatabaseLogin>,
    /// `scheme://host[:port]` of the public URL, compared with request `Origin` headers.
    pub public_origin: String,
    /// Cookies are `Secure` everywhere except plain-http localhost development.
    pub secure_cookies: bool,
    pub site_root: PathBuf,
    pub body_limit: usize,
    pub upload_limit: usize,
    /// Reverse proxies whose `Forwarded` / `X-Forwarded-For` name the client.
    pub trusted_proxies: crate::client_address::TrustedProxies,
    /// The header those proxies write the client into.
    pub forwarded_header: crate::client_address::ForwardedHeader,
}

impl ServeConfig {
    pub fn from_args(args: ServeArgs) -> anyhow::Result<Self> {
        let db_url = args.db.url()?;
        let db_login = args.db.login();
        // With port 0 the system picks the port; without a public URL, `start` then names the
        // origin after the port actually bound.
        let origin_from_bound_port = args.public_url.is_none() && args.addr.port() == 0;
        let public_url = match args.public_url {
            Some(url) => url,
            None => format!("http://localhost:{}", args.addr.port()).parse()?,
        };
        let Some(host) = public_url.host_str() else {
            bail!("the public URL {public_url} has no host");
        };
        let local = matches!(host, "localhost" | "127.0.0.1" | "[::1]");
        if public_url.scheme() != "https" && !local {
            tracing::warn!(%public_url, "serving a non-local site over plain http; use https");
        }
        Ok(Self {
            addr: args.addr,
            db_url,
            db_login,
            public_origin: if origin_from_bound_port {
                String::new()
            } else {
                public_url.origin().ascii_serialization()
            },
            secure_cookies: !local || public_url.scheme() == "https",
            site_root: args.site_root,
            body_limit: args.body_limit,
            upload_limit: args.upload_limit,
            trusted_proxies: crate::client_address::TrustedProxies::parse(&args.trusted_proxies)?,
            forwarded_header: args.forwarded_header,
        })
    }

    /// A configuration for tests: an in-memory database on a free loopback port.
    pub fn for_tests(site_root: PathBuf) -> Self {
        Self {
            addr: SocketAddr::from(([127, 0, 0, 1], 0)),
            db_url: "mem://".into(),
            db_login: None,
            public_origin: String::new(),
            secure_cookies: false,
            site_root,
            body_limit: 64 * 1024,
            upload_limit: 28 * 1024 * 1024,
            trusted_proxies: crate::client_address::TrustedProxies::default(),
            forwarded_header: crate::client_address::ForwardedHeader::default(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    fn args(extra: &[&str]) -> ServeArgs {
        let mut argv = vec!["gongshang", "serve", "--db", "mem://"];
        argv.extend_from_slice(extra);
        match crate::cli::Cli::try_parse_from(argv)
            .expect("parse")
            .command
        {
            crate::cli::Command::Serve(args) => args,
            _ => panic!("serve"),
        }
    }

    #[test]
    fn localhost_over_http_has_non_secure_cookies() {
        let config = ServeConfig::from_args(args(&[])).expect("config");
        assert_eq!(config.public_origin, "http://localhost:3000");
        assert!(!config.secure_cookies);
    }

    #[test]
    fn a_picked_port_names_the_origin_once_bound() {
        let config = ServeConfig::from_args(args(&["--addr", "127.0.0.1:0"])).expect("config");
        assert_eq!(config.public_origin, "", "filled in by `start`");
        assert!(!config.secure_cookies);
    }

    #[test]
    fn a_public_site_has_secure_cookies_and_its_origin() {
        let config = ServeConfig::from_args(args(&["--public-url", "https://gs.example.cn/x"]))
            .expect("config");
        assert_eq!(config.public_origin, "https://gs.example.cn");
        assert!(config.secure_cookies);
    }

    #[test]
    fn the_embedded_database_lives_in_the_data_dir() {
        let dir = tempfile::tempdir().expect("tempdir");
        let data = dir.path().join("d");
        let cli = crate::cli::Cli::try_parse_from([
            "gongshang",
            "serve",
            "--data-dir",
            data.to_str().expect("utf-8 path"),
        ])
        .expect("parse");
        let crate::cli::Command::Serve(args) = cli.command else {
            panic!("serve")
        };
        let config = ServeConfig::from_args(args).expect("config");
        assert_eq!(
            config.db_url,
            format!("surrealkv://{}", data.join("db").display())
        );
        assert!(data.is_dir());
    }
}
