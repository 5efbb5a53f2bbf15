//! The command line on Windows (under Wine, scripts/test-windows.sh): the connection test takes
//! the proxy from Internet Options in the registry, goes through it to a local `openssl
//! s_server` that demands the client certificate, and reaches an address that `ProxyOverride`
//! names directly. Ignored by default: it changes the user's proxy setting, which only the
//! throw-away Wine prefix may have changed (`--include-ignored` there).
#![cfg(windows)]
#![allow(clippy::expect_used, clippy::unwrap_used)]

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

/// An HTTP CONNECT proxy on 127.0.0.1 that counts the tunnels it opened.
fn connect_proxy() -> (u16, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let tunnels = Arc::new(AtomicUsize::new(0));
    let count = tunnels.clone();
    std::thread::spawn(move || {
        for client in listener.incoming().flatten() {
            let count = count.clone();
            std::thread::spawn(move || tunnel(client, &count));
        }
    });
    (port, tunnels)
}

fn tunnel(mut client: TcpStream, count: &AtomicUsize) {
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") && head.len() < 8192 {
        match client.read(&mut byte) {
            Ok(1) => head.push(byte[0]),
            _ => return,
        }
    }
    let text = String::from_utf8_lossy(&head).to_string();
    let Some(target) = text
        .strip_prefix("CONNECT ")
        .and_then(|r| r.split_whitespace().next())
    else {
        let _ = client.write_all(b"HTTP/1.1 400 Bad Request\r\n\r\n");
        return;
    };
    let Ok(upstream) = TcpStream::connect(target) else {
        let _ = client.write_all(b"HTTP/1.1 502 Bad Gateway\r\n\r\n");
        return;
    };
    count.fetch_add(1, Ordering::SeqCst);
    let _ = client.write_all(b"HTTP/1.1 200 Connection established\r\n\r\n");
    let (mut c2, mut u2) = (client.try_clone().unwrap(), upstream.try_clone().unwrap());
    let (mut client, mut upstream) = (client, upstream);
    let up = std::thread::spawn(move || {
        let _ = std::io::copy(&mut c2, &mut u2);
        let _ = u2.shutdown(std::net::Shutdown::Write);
    });
    let _ = std::io::copy(&mut upstream, &mut client);
    let _ = client.shutdown(std::net::Shutdown::Write);
    let _ = up.join();
}

fn internet_settings(enable: u32, server: &str, bypass: &str) {
    let key = winreg::RegKey::predef(winreg::enums::HKEY_CURRENT_USER)
        .create_subkey(r"Software\Microsoft\Windows\CurrentVersion\Internet Settings")
        .unwrap()
        .0;
    key.set_value("ProxyEnable", &enable).unwrap();
    key.set_value("ProxyServer", &server).unwrap();
    key.set_value("ProxyOverride", &bypass).unwrap();
}

fn probe_json(args: &[&str], password: &str) -> (i32, serde_json::Value) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_oces-wizard"))
        .args(args)
        .env_remove("HTTPS_PROXY")
        .env_remove("https_proxy")
        .env_remove("ALL_PROXY")
        .env_remove("all_proxy")
        .env_remove("NO_PROXY")
        .env_remove("no_proxy")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("runs");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(format!("{password}\n").as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let v = serde_json::from_slice(&out.stdout).expect("one JSON document");
    (out.status.code().unwrap_or(-1), v)
}

fn stage_names(v: &serde_json::Value) -> Vec<String> {
    v["stages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["stage"].as_str().unwrap_or_default().to_string())
        .collect()
}

#[test]
#[ignore = "changes this Windows user's proxy setting: run in a throw-away Wine prefix (scripts/test-windows.sh)"]
fn the_connection_test_uses_the_internet_options_proxy() {
    let dir = tempfile::tempdir().unwrap();
    let gw = testkit::gateway(dir.path(), "Probe-PW-SENTINEL");
    let (proxy_port, tunnels) = connect_proxy();
    let url = format!("https://127.0.0.1:{}", gw.server.port);
    let args = [
        "probe",
        &url,
        "--cert",
        gw.p12.to_str().unwrap(),
        "--password-stdin",
        "--ca",
        gw.server_ca.to_str().unwrap(),
        "--json",
    ];

    // Per-scheme form: the https entry applies; `<local>` does not cover an address with dots.
    internet_settings(
        1,
        &format!("http=127.0.0.1:9;https=127.0.0.1:{proxy_port}"),
        "<local>;*.intern.firma.dk",
    );
    let (code, v) = probe_json(&args, "Probe-PW-SENTINEL");
    assert_eq!(code, 0, "{v}");
    assert!(stage_names(&v).contains(&"proxy".to_string()), "{v}");
    assert_eq!(v["proxy"], format!("http://127.0.0.1:{proxy_port}"), "{v}");
    assert_eq!(
        tunnels.load(Ordering::SeqCst),
        1,
        "one tunnel through the proxy"
    );

    // ProxyOverride names the address: straight there, the proxy is not used.
    internet_settings(1, &format!("127.0.0.1:{proxy_port}"), "127.0.0.*;<local>");
    let (code, v) = probe_json(&args, "Probe-PW-SENTINEL");
    assert_eq!(code, 0, "{v}");
    assert!(!stage_names(&v).contains(&"proxy".to_string()), "{v}");
    assert_eq!(tunnels.load(Ordering::SeqCst), 1, "no new tunnel");

    // Switched off in Internet Options: direct as well.
    internet_settings(0, &format!("127.0.0.1:{proxy_port}"), "");
    let (code, v) = probe_json(&args, "Probe-PW-SENTINEL");
    assert_eq!(code, 0, "{v}");
    assert_eq!(tunnels.load(Ordering::SeqCst), 1);
    drop(gw);
}
