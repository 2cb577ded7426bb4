//! The administrative commands: `admin`, `invite` and `audit`. They open the database
//! directly (the embedded one only while no server holds it) and record what they do in the
//! audit log under the operating-system user's name.

use crate::cli::{AdminCommand, AuditCommand, DbArgs, InviteArgs};
use anyhow::{Context, bail};
use app::domain::audit::verify;
use app::domain::invitation::InvitationKind;
use app::domain::registry::NewCommunity;
use app::domain::roles::Role;
use app::domain::rules::CommunityRules;
use app::store::Store;
use app::store::invitations::InvitationRequest;

/// Who the audit log says acted, for commands run from a terminal.
pub fn cli_actor() -> String {
    let user = std::env::var("USER").or_else(|_| std::env::var("LOGNAME"));
    format!("cli:{}", user.as_deref().unwrap_or("unknown"))
}

pub async fn open(db: &DbArgs) -> anyhow::Result<Store> {
    let url = db.url()?;
    Store::open_as(&url, db.login().as_ref()).await.map_err(|error| {
        if error.to_string().contains("locked") {
            anyhow::anyhow!(
                "the database at {url} is in use by a running `gongshang serve`; stop it first, \
                 or run the server against a SurrealDB server (--db ws://…) and point this command there"
            )
        } else {
            anyhow::Error::new(error).context(format!("cannot open the database at {url}"))
        }
    })
}

pub async fn admin(db: &DbArgs, command: AdminCommand) -> anyhow::Result<()> {
    let store = open(db).await?;
    match command {
        AdminCommand::CreateCommunity {
            name,
            district,
            households,
        } => {
            let community = NewCommunity::parse(&name, &district, households)
                .map_err(|e| anyhow::anyhow!("{}: {}", e.field, e.problem.code()))?;
            let rules = CommunityRules::default();
            if community.size_warning(&rules) {
                let (lo, hi) = rules.expected_households;
                eprintln!(
                    "warning: {households} households is outside the {lo}–{hi} the law expects (L25 Art. 3)"
                );
            }
            let created = store.create_community(&community, &cli_actor()).await?;
            println!(
                "created community {} {} ({} households)",
                created.district, created.name, created.households
            );
            println!("id: {}", created.key);
            println!(
                "next: gongshang invite --community {} --role district_admin",
                created.key
            );
        }
        AdminCommand::ListCommunities => {
            for community in store.communities().await? {
                println!(
                    "{}  {} {}  {} households",
                    community.key, community.district, community.name, community.households
                );
            }
        }
    }
    Ok(())
}

pub async fn invite(args: InviteArgs) -> anyhow::Result<()> {
    let mut roles = Vec::new();
    for code in &args.roles {
        let Some(role) = Role::parse(code) else {
            let known: Vec<_> = Role::ALL.iter().map(|r| r.code()).collect();
            bail!("unknown role {code:?}; roles are: {}", known.join(", "));
        };
        roles.push(role);
    }
    let most = app::domain::invitation::MAX_VALIDITY_DAYS;
    if !(0..=most).contains(&args.days) {
        bail!("--days must be between 0 (expired at once, to rehearse) and {most}");
    }
    let store = open(&args.db).await?;
    if store.community(&args.community).await?.is_none() {
        bail!(
            "there is no community {:?}; `gongshang admin list-communities` shows them",
            args.community
        );
    }
    let issued = store
        .issue_invitation(
            &InvitationRequest {
                community: &args.community,
                person: args.person.as_ref(),
                roles: &roles,
                kind: if args.recovery {
                    InvitationKind::Recovery
                } else {
                    InvitationKind::Enrolment
                },
                validity_days: args.days,
                may_carry: app::domain::roles::Role::ALL,
            },
            &cli_actor(),
        )
        .await
        .context("cannot issue the invitation")?;
    let link = args
        .public_url
        .join(&format!("join/{}", issued.code))
        .context("cannot build the invitation link")?;
    println!("{}", terminal_qr(link.as_str())?);
    println!("invitation link: {link}");
    println!("code: {}", issued.code);
    println!(
        "valid until: {}",
        issued.expires_at.format("%Y-%m-%d %H:%M UTC")
    );
    Ok(())
}

/// A QR code drawn with half-block characters, two modules per character cell.
pub fn terminal_qr(text: &str) -> anyhow::Result<String> {
    let code =
        qrcode::QrCode::new(text.as_bytes()).context("the link is too long for a QR code")?;
    Ok(code
        .render::<qrcode::render::unicode::Dense1x2>()
        .dark_color(qrcode::render::unicode::Dense1x2::Light)
        .light_color(qrcode::render::unicode::Dense1x2::Dark)
        .quiet_zone(true)
        .build())
}

pub async fn audit(db: &DbArgs, command: AuditCommand) -> anyhow::Result<()> {
    let store = open(db).await?;
    match command {
        AuditCommand::Verify { heads } => {
            let log = store.audit_log().await?;
            if let Err(broken) = verify(&log) {
                bail!("audit log broken: {broken}");
            }
            let mut published = store.published_heads().await?;
            let outside = heads.is_some();
            if let Some(file) = heads {
                let text = std::fs::read_to_string(&file)
                    .with_context(|| format!("cannot read {}", file.display()))?;
                let kept: Vec<app::domain::audit::PublishedHead> = serde_json::from_str(&text)
                    .with_context(|| {
                        format!("{} is not a copy of /audit/heads.json", file.display())
                    })?;
                published.extend(kept);
            }
            if let Err(mismatch) = app::domain::audit::check_heads(&log, &published) {
                bail!("audit log does not match its published heads: {mismatch}");
            }
            println!(
                "audit log intact: {} entries, {} published heads match",
                log.len(),
                published.len()
            );
            if !outside {
                eprintln!(
                    "note: only the heads recorded in this database were checked; whoever can \
                     rewrite the log can rewrite those too. Pass --heads with a copy of \
                     /audit/heads.json kept elsewhere."
                );
            }
        }
    }
    Ok(())
}
