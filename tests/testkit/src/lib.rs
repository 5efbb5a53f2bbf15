//! Test fixtures made at test time with the `openssl` command (the test command installs it):
//! keys and certificates, PKCS#12 files the way users' tools write them, an OCES3-style test
//! certificate, and a DKMA-style CUG page. Shared by the core, command-line and end-to-end
//! tests so each recipe exists once. Test code: a failed step panics with openssl's message.
#![allow(clippy::expect_used, clippy::unwrap_used)]

use std::path::{Path, PathBuf};
use std::process::Command;

/// Run openssl in `dir`, failing the test with its message.
pub fn openssl(dir: &Path, args: &[&str]) {
    let out = Command::new("openssl")
        .args(args)
        .current_dir(dir)
        .output()
        .expect("openssl is installed (the test command installs it)");
    assert!(
        out.status.success(),
        "openssl {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A key and its certificate, as PEM files.
#[derive(Debug, Clone)]
pub struct Issued {
    /// The private key (PEM).
    pub key: PathBuf,
    /// The certificate (PEM).
    pub cert: PathBuf,
}

const EC: [&str; 4] = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256"];

/// A self-signed certificate `<name>.pem` with key `<name>.key` (EC P-256, UTF-8 subject).
pub fn self_signed(dir: &Path, name: &str, subject: &str, days: u32) -> Issued {
    let (key, cert) = (format!("{name}.key"), format!("{name}.pem"));
    let days = days.to_string();
    let mut args = vec!["req", "-x509"];
    args.extend(EC);
    args.extend([
        "-nodes", "-utf8", "-subj", subject, "-keyout", &key, "-out", &cert, "-days", &days,
    ]);
    openssl(dir, &args);
    Issued {
        key: dir.join(key),
        cert: dir.join(cert),
    }
}

/// A certificate `<name>.pem` for `subject`, signed by `issuer`.
pub fn signed_by(dir: &Path, name: &str, subject: &str, issuer: &Issued, days: u32) -> Issued {
    let (key, csr, cert) = (
        format!("{name}.key"),
        format!("{name}.csr"),
        format!("{name}.pem"),
    );
    let mut args = vec!["req", "-new"];
    args.extend(EC);
    args.extend([
        "-nodes", "-utf8", "-subj", subject, "-keyout", &key, "-out", &csr,
    ]);
    openssl(dir, &args);
    let (ca, ca_key) = (issuer.cert.to_str().unwrap(), issuer.key.to_str().unwrap());
    let days = days.to_string();
    openssl(
        dir,
        &[
            "x509",
            "-req",
            "-in",
            &csr,
            "-CA",
            ca,
            "-CAkey",
            ca_key,
            "-CAcreateserial",
            "-days",
            &days,
            "-out",
            &cert,
        ],
    );
    Issued {
        key: dir.join(key),
        cert: dir.join(cert),
    }
}

/// `openssl pkcs12 -export` of `issued` (with `chain` certificates, if any) to `<name>.p12`.
pub fn pkcs12(
    dir: &Path,
    name: &str,
    issued: &Issued,
    chain: Option<&Path>,
    password: &str,
    extra: &[&str],
) -> PathBuf {
    let out = format!("{name}.p12");
    let pass = format!("pass:{password}");
    let (key, cert) = (issued.key.to_str().unwrap(), issued.cert.to_str().unwrap());
    let mut args = vec![
        "pkcs12", "-export", "-inkey", key, "-in", cert, "-passout", &pass, "-out", &out,
    ];
    if let Some(c) = chain.and_then(Path::to_str) {
        args.extend(["-certfile", c]);
    }
    args.extend_from_slice(extra);
    openssl(dir, &args);
    dir.join(out)
}

/// An OCES3-style test PKCS#12 `cert.p12` (issuer "Den Danske Stat OCES udstedende-CA 1",
/// OU "Test - cti") for `cn`, CVR 25313763 and `uuid`, protected by `password`.
pub fn oces3_test_p12(dir: &Path, cn: &str, uuid: &str, password: &str) -> PathBuf {
    let ca = self_signed(
        dir,
        "ca",
        "/CN=Den Danske Stat OCES udstedende-CA 1/OU=Test - cti/O=Den Danske Stat/C=DK",
        3650,
    );
    // `/` separates fields in openssl's -subj; a literal one is written `\/`.
    let cn = cn.replace('/', "\\/");
    let subject = format!(
        "/CN={cn}/serialNumber=UI:DK-O:G:{uuid}/O=Testfirma ApS/organizationIdentifier=NTRDK-25313763/C=DK"
    );
    let leaf = signed_by(dir, "leaf", &subject, &ca, 700);
    pkcs12(dir, "cert", &leaf, Some(&ca.cert), password, &[])
}

/// A DKMA-style CUG page: `p12` as base64 in a hidden form field.
pub fn cug_html(title: &str, p12: &[u8]) -> String {
    format!(
        "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>{title}</title></head>\
         <body><form><input type=\"hidden\" name=\"cert\" value=\"{}\"></form></body></html>",
        base64(p12)
    )
}

/// A CUG page for a certificate with a RID (issued by a stand-in for DKMA's own CA, no CVR),
/// protected by `password`.
pub fn cug_page(dir: &Path, holder: &str, rid: &str, password: &str) -> Vec<u8> {
    let ca = self_signed(
        dir,
        "cugca",
        "/CN=DKMA CUG Test CA/O=Laegemiddelstyrelsen/C=DK",
        3650,
    );
    let subject = format!("/CN={holder}/serialNumber=RID:{rid}/O=Test Pharma GmbH/C=DE");
    let leaf = signed_by(dir, "cug", &subject, &ca, 700);
    let p12 = pkcs12(dir, "cug", &leaf, None, password, &[]);
    cug_html(holder, &std::fs::read(p12).unwrap()).into_bytes()
}

/// Standard base64 (no external crate needed here).
pub fn base64(data: &[u8]) -> String {
    const A: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(data.len().div_ceil(3) * 4);
    for chunk in data.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            out.push(if i <= chunk.len() {
                A[((n >> (18 - 6 * i)) & 63) as usize] as char
            } else {
                '='
            });
        }
    }
    out
}

/// A TLS server certificate `<name>.pem` for 127.0.0.1 (subjectAltName, as TLS clients
/// require), signed by `issuer`.
pub fn server_cert(dir: &Path, name: &str, issuer: &Issued) -> Issued {
    let (key, csr, cert, ext) = (
        format!("{name}.key"),
        format!("{name}.csr"),
        format!("{name}.pem"),
        format!("{name}.ext"),
    );
    std::fs::write(
        dir.join(&ext),
        "subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\n\
         extendedKeyUsage=serverAuth\n",
    )
    .unwrap();
    let mut args = vec!["req", "-new"];
    args.extend(EC);
    args.extend([
        "-nodes",
        "-subj",
        "/CN=127.0.0.1",
        "-keyout",
        &key,
        "-out",
        &csr,
    ]);
    openssl(dir, &args);
    let (ca, ca_key) = (issuer.cert.to_str().unwrap(), issuer.key.to_str().unwrap());
    openssl(
        dir,
        &[
            "x509",
            "-req",
            "-in",
            &csr,
            "-CA",
            ca,
            "-CAkey",
            ca_key,
            "-CAcreateserial",
            "-days",
            "30",
            "-extfile",
            &ext,
            "-out",
            &cert,
        ],
    );
    Issued {
        key: dir.join(key),
        cert: dir.join(cert),
    }
}

/// `openssl s_server` on 127.0.0.1 answering HTTP (`-www`); with `client_ca` it demands a
/// client certificate from that CA. Stopped when dropped.
pub struct TlsServer {
    child: std::process::Child,
    /// The port it listens on.
    pub port: u16,
}

impl TlsServer {
    /// Start it with `server` (see [`server_cert`]) and wait until it accepts connections.
    pub fn start(dir: &Path, server: &Issued, client_ca: Option<&Path>) -> TlsServer {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let accept = format!("127.0.0.1:{port}");
        let mut cmd = Command::new("openssl");
        cmd.args(["s_server", "-quiet", "-www", "-accept", &accept])
            .arg("-cert")
            .arg(&server.cert)
            .arg("-key")
            .arg(&server.key)
            .current_dir(dir)
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null());
        if let Some(ca) = client_ca {
            cmd.args(["-Verify", "2", "-verify_return_error", "-CAfile"])
                .arg(ca);
        }
        let child = cmd.spawn().expect("openssl s_server");
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                std::time::Instant::now() < deadline,
                "openssl s_server did not listen"
            );
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        TlsServer { child, port }
    }
}

impl Drop for TlsServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn base64_known_values() {
        assert_eq!(super::base64(b""), "");
        assert_eq!(super::base64(b"f"), "Zg==");
        assert_eq!(super::base64(b"fo"), "Zm8=");
        assert_eq!(super::base64(b"foo"), "Zm9v");
        assert_eq!(super::base64(b"foobar"), "Zm9vYmFy");
    }
}
