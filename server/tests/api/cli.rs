//! The administrative commands as a district administrator runs them in a terminal.

// Test helpers fail the test by panicking; that is their job.
use std::path::Path;
use std::process::{Command, Output};

fn gongshang(data: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gongshang"))
        .args(args)
        .arg("--data-dir")
        .arg(data)
        .env("RUST_LOG", "warn")
        .output()
        .expect("run gongshang")
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn create_community(data: &Path) -> String {
    let output = gongshang(
        data,
        &[
            "admin",
            "create-community",
            "--name",
            "示例社区",
            "--district",
            "青山区",
            "--households",
            "2400",
        ],
    );
    assert!(output.status.success(), "{output:?}");
    let text = stdout(&output);
    text.lines()
        .find_map(|line| line.strip_prefix("id: "))
        .expect("the new community's id is printed")
        .trim()
        .to_owned()
}

#[test]
fn an_administrator_creates_a_community_and_invites_its_first_officer() {
    let data = tempfile::tempdir().expect("data dir");
    let key = create_community(data.path());

    let listed = stdout(&gongshang(data.path(), &["admin", "list-communities"]));
    assert!(
        listed.contains(&key) && listed.contains("示例社区"),
        "{listed}"
    );

    let output = gongshang(
        data.path(),
        &[
            "invite",
            "--community",
            &key,
            "--role",
            "station_chief",
            "--public-url",
            "https://gs.example.cn",
        ],
    );
    assert!(output.status.success(), "{output:?}");
    let text = stdout(&output);
    let link = text
        .lines()
        .find_map(|line| line.strip_prefix("invitation link: "))
        .expect("link printed");
    assert!(link.starts_with("https://gs.example.cn/join/"), "{link}");
    assert_eq!(link.rsplit('/').next().map(str::len), Some(20));
    assert!(
        text.contains('▄') || text.contains('▀'),
        "a QR code is drawn"
    );

    let verified = gongshang(data.path(), &["audit", "verify"]);
    assert!(verified.status.success());
    assert_eq!(
        stdout(&verified).trim(),
        "audit log intact: 2 entries, 0 published heads match"
    );

    // Issue 15, item 14: a head kept outside the database that the log no longer reaches (its
    // tail was cut) or no longer matches (it was rewritten) fails the check.
    let kept = data.path().join("heads.json");
    for (heads, problem) in [
        (r#"[{"seq": 3, "hash": "x"}]"#, "tail was cut"),
        (r#"[{"seq": 2, "hash": "forged"}]"#, "differs"),
    ] {
        std::fs::write(&kept, heads).expect("heads file");
        let checked = gongshang(
            data.path(),
            &["audit", "verify", "--heads", kept.to_str().expect("path")],
        );
        assert!(!checked.status.success(), "{heads}");
        let message = String::from_utf8_lossy(&checked.stderr);
        assert!(message.contains(problem), "{message}");
    }
}

#[test]
fn a_small_community_is_created_with_a_warning() {
    let data = tempfile::tempdir().expect("data dir");
    let output = gongshang(
        data.path(),
        &[
            "admin",
            "create-community",
            "--name",
            "小社区",
            "--district",
            "青山区",
            "--households",
            "600",
        ],
    );
    assert!(output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("L25 Art. 3"));
}

#[test]
fn mistakes_are_explained_and_change_nothing() {
    let data = tempfile::tempdir().expect("data dir");
    let key = create_community(data.path());
    for args in [
        vec!["invite", "--community", key.as_str(), "--role", "mayor"],
        vec![
            "invite",
            "--community",
            "no-such-community",
            "--role",
            "resident",
        ],
        vec![
            "invite",
            "--community",
            key.as_str(),
            "--role",
            "resident",
            "--days",
            "91",
        ],
    ] {
        let output = gongshang(data.path(), &args);
        assert!(!output.status.success(), "{args:?}");
        let message = String::from_utf8_lossy(&output.stderr);
        assert!(message.starts_with("gongshang: "), "{message}");
    }
    let verified = stdout(&gongshang(data.path(), &["audit", "verify"]));
    assert_eq!(
        verified.trim(),
        "audit log intact: 1 entries, 0 published heads match"
    );
}
