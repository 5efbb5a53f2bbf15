//! Test fixtures made at test time with the `openssl` command (the test command installs it):
//! keys and certificates, PKCS#12 files the way users' tools write them, an OCES3-style test
//! certificate, and a DKMA-style CUG page. Shared by the core, command-line and end-to-end
//! tests so each recipe exists once. Test code: a failed step panics with openssl's message.
#![allow(clippy::expect_used, clippy::unwrap_used)]

use std::path::{Path, PathBuf};
use std::process::Command;

pub mod ber;

/// Run the `openssl` command with `args` (in `dir`, if given) and collect its output.
///
/// On Windows the tests run under Wine (scripts/test-windows.sh), which has no Windows openssl;
/// there the Linux one is started through `tests/windows/openssl-bridge.sh`, named by
/// `OCES_WINE_OPENSSL`. Wine runs a program that is not a Windows executable as a Unix program,
/// but does not hand its exit status back, so the bridge writes it to a file; it also turns the
/// Windows paths in the arguments into the prefix's Unix paths.
pub fn openssl_output(dir: Option<&Path>, args: &[&std::ffi::OsStr]) -> std::process::Output {
    #[cfg(not(windows))]
    {
        let mut cmd = Command::new("openssl");
        cmd.args(args);
        if let Some(d) = dir {
            cmd.current_dir(d);
        }
        cmd.output()
            .expect("openssl is installed (the test command installs it)")
    }
    #[cfg(windows)]
    {
        use std::os::windows::process::ExitStatusExt;
        use std::sync::atomic::{AtomicUsize, Ordering};
        static CALLS: AtomicUsize = AtomicUsize::new(0);
        let bridge = std::env::var_os("OCES_WINE_OPENSSL").expect(
            "the Windows tests run under Wine through scripts/test-windows.sh, \
             which sets OCES_WINE_OPENSSL",
        );
        // Wine reuses process ids from one test program to the next, so the name also holds
        // the time; a file of that name left from before would be taken for this call's answer.
        let started = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or_default();
        let status = std::env::temp_dir().join(format!(
            "openssl-status-{}-{}-{started}",
            std::process::id(),
            CALLS.fetch_add(1, Ordering::Relaxed)
        ));
        let _ = std::fs::remove_file(&status);
        let mut cmd = bridge_command(&bridge, args, &status, dir);
        // Wine gives no process handle for a Unix program that can be waited on (waiting says
        // "invalid handle"): the status file, written last (by a rename), is the sign that it
        // is done.
        let child = cmd.spawn().expect("the openssl bridge starts");
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(120);
        while !status.exists() && std::time::Instant::now() < deadline {
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
        let side = |ext: &str| {
            let p = bridge_file(&status, ext);
            let bytes = std::fs::read(&p).unwrap_or_default();
            let _ = std::fs::remove_file(&p);
            bytes
        };
        drop(child);
        let mut out = std::process::Output {
            status: std::process::ExitStatus::from_raw(u32::MAX),
            stdout: side(".out"),
            stderr: side(".err"),
        };
        let _ = (side(".pid"), side(".in"));
        let bridge_log = side(".log");
        let code = std::fs::read_to_string(&status)
            .ok()
            .and_then(|s| s.trim().parse::<u32>().ok())
            .unwrap_or(u32::MAX);
        // The bridge's own trouble (no status within the deadline, 127) is part of the report.
        if code == u32::MAX || code == 127 {
            out.stderr.extend_from_slice(
                format!("[openssl bridge: status {code}; its log follows]\n").as_bytes(),
            );
            out.stderr.extend_from_slice(&bridge_log);
        }
        let _ = std::fs::remove_file(&status);
        out.status = std::process::ExitStatus::from_raw(code);
        out
    }
}

/// The bridge with `args`, started in `dir`, told to write its status file `status`. Wine
/// starts a Unix program only with handles it can turn into file descriptors: files, not pipes
/// or the NUL device. The bridge gets an empty file as input and a file for its own messages,
/// and writes openssl's output to files of its own.
#[cfg(windows)]
fn bridge_command<A: AsRef<std::ffi::OsStr>>(
    bridge: &std::ffi::OsStr,
    args: &[A],
    status: &Path,
    dir: Option<&Path>,
) -> Command {
    let (input, log) = (bridge_file(status, ".in"), bridge_file(status, ".log"));
    let mut cmd = Command::new(bridge);
    cmd.args(args)
        .env("OCES_OPENSSL_STATUS", status)
        .stdin(std::fs::File::create(&input).expect("bridge input"))
        .stdout(std::fs::File::create(&log).expect("bridge log"))
        .stderr(
            std::fs::File::options()
                .append(true)
                .open(&log)
                .expect("bridge log"),
        );
    if let Some(d) = dir {
        cmd.current_dir(d);
    }
    cmd
}

/// A gateway for connection tests, in `dir`: an OCES3-style `cert.p12` for a system
/// certificate (protected by `password`), and `openssl s_server` on 127.0.0.1 with a certificate
/// from its own CA (`srvca.pem`) that demands a client certificate from the p12's issuer.
pub struct Gateway {
    /// The client's PKCS#12.
    pub p12: PathBuf,
    /// The CA that signed the server's certificate (pass it with `--ca`).
    pub server_ca: PathBuf,
    /// The server; stopped when dropped.
    pub server: TlsServer,
}

/// Start a [`Gateway`] in `dir`.
pub fn gateway(dir: &Path, password: &str) -> Gateway {
    let p12 = oces3_test_p12(
        dir,
        "Toldsystem (systemcertifikat)",
        "175a859d-ed76-45af-828f-3a69691a7157",
        password,
    );
    let server_ca = self_signed(dir, "srvca", "/CN=Local test server CA", 30);
    let srv = server_cert(dir, "srv", &server_ca);
    // The client CA of the p12 is `ca.pem` in the same folder.
    let server = TlsServer::start(dir, &srv, Some(&dir.join("ca.pem")));
    Gateway {
        p12,
        server_ca: server_ca.cert,
        server,
    }
}

/// `status` with `ext` added: the files the openssl bridge works with (Windows only).
#[cfg(windows)]
fn bridge_file(status: &Path, ext: &str) -> PathBuf {
    let mut p = status.as_os_str().to_os_string();
    p.push(ext);
    PathBuf::from(p)
}

/// Run openssl in `dir`, failing the test with its message.
pub fn openssl(dir: &Path, args: &[&str]) {
    let args: Vec<&std::ffi::OsStr> = args.iter().map(std::ffi::OsStr::new).collect();
    let out = openssl_output(Some(dir), &args);
    assert!(
        out.status.success(),
        "openssl {args:?} ({}): {}",
        out.status,
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
    sign(dir, name, subject, issuer, days, None)
}

/// A key and a CSR for `subject`, signed by `issuer`; `extensions` (openssl's extension-file
/// lines) make it a version 3 certificate.
fn sign(
    dir: &Path,
    name: &str,
    subject: &str,
    issuer: &Issued,
    days: u32,
    extensions: Option<&str>,
) -> Issued {
    let (key, csr, cert, ext) = (
        format!("{name}.key"),
        format!("{name}.csr"),
        format!("{name}.pem"),
        format!("{name}.ext"),
    );
    let mut args = vec!["req", "-new"];
    args.extend(EC);
    args.extend([
        "-nodes", "-utf8", "-subj", subject, "-keyout", &key, "-out", &csr,
    ]);
    openssl(dir, &args);
    let (ca, ca_key) = (issuer.cert.to_str().unwrap(), issuer.key.to_str().unwrap());
    let days = days.to_string();
    let mut args = vec![
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
    ];
    if let Some(lines) = extensions {
        std::fs::write(dir.join(&ext), lines).unwrap();
        args.extend(["-extfile", &ext]);
    }
    openssl(dir, &args);
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
/// OU "Testfixtur": a CA made here, deliberately not named exactly like a real OCES CA, so the
/// wizard reports its issuer as "not recognised" rather than as an impostor) for `cn`, CVR
/// 25313763 and `uuid`, protected by `password`. As in the files
/// MitID Erhverv hands out, the certificates are stored in the clear and only the key is
/// encrypted (`-certpbe NONE`), so the holder can be read before the password.
pub fn oces3_test_p12(dir: &Path, cn: &str, uuid: &str, password: &str) -> PathBuf {
    let ca = self_signed(
        dir,
        "ca",
        "/CN=Den Danske Stat OCES udstedende-CA 1/OU=Testfixtur/O=Den Danske Stat/C=DK",
        3650,
    );
    // `/` separates fields in openssl's -subj; a literal one is written `\/`.
    let cn = cn.replace('/', "\\/");
    let subject = format!(
        "/CN={cn}/serialNumber=UI:DK-O:G:{uuid}/O=Testfirma ApS/organizationIdentifier=NTRDK-25313763/C=DK"
    );
    let leaf = signed_by(dir, "leaf", &subject, &ca, 700);
    pkcs12(
        dir,
        "cert",
        &leaf,
        Some(&ca.cert),
        password,
        &["-certpbe", "NONE"],
    )
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
    sign(
        dir,
        name,
        "/CN=127.0.0.1",
        issuer,
        30,
        Some(
            "subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\n\
             extendedKeyUsage=serverAuth\n",
        ),
    )
}

/// `openssl s_server` on 127.0.0.1 answering HTTP (`-www`); with `client_ca` it demands a
/// client certificate from that CA. Stopped when dropped.
pub struct TlsServer {
    child: std::process::Child,
    /// The port it listens on.
    pub port: u16,
    /// Under Wine: where the bridge wrote openssl's Unix process id.
    #[cfg(windows)]
    pid_file: PathBuf,
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
        #[cfg(windows)]
        let (child, pid_file) = {
            // Under Wine: through the bridge, which says where it wrote openssl's process id.
            let bridge = std::env::var_os("OCES_WINE_OPENSSL").expect("set by test-windows.sh");
            let status = dir.join(format!("s_server-{port}.status"));
            let args: Vec<_> = cmd.get_args().map(|a| a.to_os_string()).collect();
            let mut via = bridge_command(&bridge, &args, &status, Some(dir));
            (
                via.spawn().expect("the openssl bridge"),
                bridge_file(&status, ".pid"),
            )
        };
        #[cfg(not(windows))]
        let child = cmd.spawn().expect("openssl s_server");
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                std::time::Instant::now() < deadline,
                "openssl s_server did not listen"
            );
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        TlsServer {
            child,
            port,
            #[cfg(windows)]
            pid_file,
        }
    }
}

impl Drop for TlsServer {
    fn drop(&mut self) {
        #[cfg(windows)]
        if let (Some(bridge), Ok(pid)) = (
            std::env::var_os("OCES_WINE_OPENSSL"),
            std::fs::read_to_string(&self.pid_file),
        ) {
            // Wine cannot stop a Unix process for us; the bridge can.
            let _ = Command::new(bridge).args(["--kill", pid.trim()]).status();
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The boundaries of a DER/BER structure: for every element, where its header starts, where
/// its content starts and where it ends; OCTET STRINGs and BIT STRINGs that hold a structure
/// themselves (PKCS#12 nests them) are walked too. Offsets are into `bytes`.
pub fn der_boundaries(bytes: &[u8]) -> Vec<(usize, usize, usize)> {
    fn header(b: &[u8], at: usize) -> Option<(usize, Option<usize>)> {
        let _tag = *b.get(at)?;
        let first = *b.get(at + 1)? as usize;
        if first < 0x80 {
            return Some((2, Some(first)));
        }
        if first == 0x80 {
            return Some((2, None));
        }
        let n = first & 0x7f;
        if n > 4 {
            return None;
        }
        let mut len = 0usize;
        for i in 0..n {
            len = (len << 8) | *b.get(at + 2 + i)? as usize;
        }
        Some((2 + n, Some(len)))
    }
    fn walk(b: &[u8], mut at: usize, end: usize, depth: u32, out: &mut Vec<(usize, usize, usize)>) {
        while at + 2 <= end && depth < 40 {
            if b[at] == 0 && b[at + 1] == 0 {
                return; // end-of-contents of an indefinite length
            }
            let Some((h, len)) = header(b, at) else {
                return;
            };
            let content = at + h;
            let stop = match len {
                Some(l) if content + l <= end => content + l,
                Some(_) => return,
                None => {
                    // Indefinite: walk the inside to find its end-of-contents.
                    let before = out.len();
                    walk(b, content, end, depth + 1, out);
                    let inner_end = out[before..].iter().map(|x| x.2).max().unwrap_or(content);
                    if inner_end + 2 > end {
                        return;
                    }
                    out.push((at, content, inner_end + 2));
                    at = inner_end + 2;
                    continue;
                }
            };
            out.push((at, content, stop));
            let constructed = b[at] & 0x20 != 0;
            let wraps = matches!(b[at], 0x04 | 0x03) && stop > content + 2 && b[content] == 0x30;
            if constructed || wraps {
                walk(b, content, stop, depth + 1, out);
            }
            at = stop;
        }
    }
    let mut out = Vec::new();
    walk(bytes, 0, bytes.len(), 0, &mut out);
    out
}

/// Malformed certificate files, each named for what is wrong with it: truncated at structural
/// boundaries, wrong lengths, wrong OIDs, nested too deep, huge declared sizes, broken PEM and
/// CUG pages. Built from well-formed files written with openssl in `dir` (password `bad`).
pub fn bad_inputs(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let issued = self_signed(dir, "bad", "/CN=Bad Input Test/O=Test/C=DK", 30);
    let modern = std::fs::read(pkcs12(dir, "bad-modern", &issued, None, "bad", &[])).unwrap();
    let legacy = std::fs::read(pkcs12(
        dir,
        "bad-legacy",
        &issued,
        None,
        "bad",
        &["-legacy"],
    ))
    .unwrap();
    openssl(
        dir,
        &[
            "x509", "-in", "bad.pem", "-outform", "DER", "-out", "bad.der",
        ],
    );
    let der = std::fs::read(dir.join("bad.der")).unwrap();
    let pem = std::fs::read(&issued.cert).unwrap();
    let mut out: Vec<(String, Vec<u8>)> = Vec::new();

    for (name, base) in [
        ("p12-modern", &modern),
        ("p12-legacy", &legacy),
        ("der", &der),
    ] {
        let bounds = der_boundaries(base);
        assert!(bounds.len() > 10, "{name}: {} elements", bounds.len());
        // Truncated at every structural boundary (short of the whole file).
        let mut cuts: Vec<usize> = bounds
            .iter()
            .flat_map(|&(h, c, e)| [h, c, e])
            .filter(|&c| c > 0 && c < base.len())
            .collect();
        cuts.sort_unstable();
        cuts.dedup();
        let step = (cuts.len() / 40).max(1);
        for c in cuts.iter().step_by(step) {
            out.push((format!("{name}-truncated-at-{c}"), base[..*c].to_vec()));
        }
        // Wrong lengths: the outer element one byte too long, and too short.
        let (h, c, _) = bounds[0];
        let mut longer = base.to_vec();
        let mut shorter = base.to_vec();
        if c - h == 4 {
            let len = u16::from_be_bytes([base[h + 2], base[h + 3]]);
            longer[h + 2..h + 4].copy_from_slice(&(len + 1).to_be_bytes());
            shorter[h + 2..h + 4].copy_from_slice(&(len - 1).to_be_bytes());
            out.push((format!("{name}-outer-length-plus-one"), longer));
            out.push((format!("{name}-outer-length-minus-one"), shorter));
        }
        // Huge declared sizes on the first few inner elements.
        for &(h, c, _) in bounds.iter().skip(1).take(6) {
            let mut huge = base[..h].to_vec();
            huge.extend_from_slice(&[base[h], 0x84, 0x7f, 0xff, 0xff, 0xff]);
            huge.extend_from_slice(&base[c..]);
            out.push((format!("{name}-huge-length-at-{h}"), huge));
        }
        // Wrong OIDs in a PKCS#12 file: its content types and algorithms (a DER certificate
        // with an unknown OID is still readable: reading is not verifying).
        let oids = if name == "der" { 0 } else { 8 };
        for &(h, c, e) in bounds.iter().filter(|b| base[b.0] == 0x06).take(oids) {
            let mut wrong = base.to_vec();
            wrong[e - 1] ^= 0x55;
            let _ = c;
            out.push((format!("{name}-wrong-oid-at-{h}"), wrong));
        }
    }
    // Nested too deep: definite and indefinite lengths, in and out of a PFX shape.
    let mut deep = Vec::new();
    for _ in 0..50_000 {
        deep.extend_from_slice(&[0x30, 0x80]);
    }
    out.push(("ber-indefinite-nested-50000".into(), deep.clone()));
    let mut pfx_deep = vec![0x30, 0x80, 0x02, 0x01, 0x03];
    pfx_deep.extend_from_slice(&deep);
    out.push(("p12-version-then-nested-50000".into(), pfx_deep));
    let mut definite = Vec::new();
    for i in 0..2000u32 {
        let _ = i;
        let inner = std::mem::take(&mut definite);
        let mut next = vec![0x30, 0x83];
        next.extend_from_slice(&(inner.len() as u32).to_be_bytes()[1..]);
        next.extend_from_slice(&inner);
        definite = next;
    }
    out.push(("der-definite-nested-2000".into(), definite));
    // Huge declared sizes at the very start.
    out.push((
        "huge-4-byte-length".into(),
        vec![0x30, 0x84, 0xff, 0xff, 0xff, 0xff, 0x02, 0x01, 0x03],
    ));
    out.push((
        "huge-8-byte-length".into(),
        vec![0x30, 0x88, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff],
    ));
    out.push((
        "length-of-length-0x80-then-nothing".into(),
        vec![0x30, 0x80],
    ));
    out.push(("pfx-shape-empty".into(), vec![0x30, 0x03, 0x02, 0x01, 0x03]));
    // Broken PEM.
    let text = String::from_utf8_lossy(&pem).into_owned();
    let body: String = text.lines().filter(|l| !l.starts_with("-----")).collect();
    out.push((
        "pem-begin-without-end".into(),
        format!("-----BEGIN CERTIFICATE-----\n{body}\n").into_bytes(),
    ));
    out.push((
        "pem-bad-base64".into(),
        format!(
            "-----BEGIN CERTIFICATE-----\n{}!!\n-----END CERTIFICATE-----\n",
            &body[..40]
        )
        .into_bytes(),
    ));
    out.push((
        "pem-truncated-body".into(),
        format!(
            "-----BEGIN CERTIFICATE-----\n{}\n-----END CERTIFICATE-----\n",
            &body[..body.len() / 2]
        )
        .into_bytes(),
    ));
    out.push((
        "pem-garbage-body".into(),
        format!(
            "-----BEGIN CERTIFICATE-----\n{}\n-----END CERTIFICATE-----\n",
            base64(b"not a certificate at all")
        )
        .into_bytes(),
    ));
    out.push((
        "pem-empty-block".into(),
        b"-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n".to_vec(),
    ));
    out.push((
        "pem-one-huge-line".into(),
        format!(
            "-----BEGIN CERTIFICATE-----\n{}\n-----END CERTIFICATE-----\n",
            "A".repeat(3_000_000)
        )
        .into_bytes(),
    ));
    out.push((
        "pem-end-only".into(),
        b"-----END CERTIFICATE-----\n".to_vec(),
    ));
    // Broken CUG pages.
    out.push((
        "cug-no-field".into(),
        b"<!DOCTYPE html><html><body><form></form></body></html>".to_vec(),
    ));
    out.push(("cug-bad-base64".into(), b"<!DOCTYPE html><html><body><input type=\"hidden\" value=\"%%%%not base64%%%%\"></body></html>".to_vec()));
    out.push((
        "cug-truncated-p12".into(),
        cug_html("x", &legacy[..legacy.len() / 2]).into_bytes(),
    ));
    out.push((
        "cug-garbage-p12".into(),
        cug_html("x", &[0x30, 0x03, 0x02, 0x01, 0x09]).into_bytes(),
    ));
    out.push((
        "cug-huge-attribute".into(),
        format!(
            "<!DOCTYPE html><html><body><input type=\"hidden\" value=\"{}\"></body></html>",
            "QUJD".repeat(500_000)
        )
        .into_bytes(),
    ));
    out.push((
        "cug-unclosed-quote".into(),
        b"<!DOCTYPE html><html><body><input type=\"hidden\" value=\"MIIB".to_vec(),
    ));
    // Nothing useful at all.
    out.push(("empty".into(), Vec::new()));
    out.push(("one-byte".into(), vec![0x30]));
    out.push((
        "text".into(),
        b"hello, this is not a certificate\n".to_vec(),
    ));
    out.push(("zeros".into(), vec![0u8; 4096]));
    out.extend(expensive_pkcs12(dir));
    out
}

/// Small PKCS#12 files (password `bad`) that ask for unreasonable key-derivation work: written
/// by openssl with 65,535 iterations, then that count (encoded `02 03 00 ff ff`) patched in
/// place to 8,388,607 (`02 03 7f ff ff`, same length) in the MAC, the certificates' PBKDF2, a
/// legacy PBE, or the key of a file without MAC; and one with every count at 900,000 (each
/// below the per-count cap, together above the per-file budget).
pub fn expensive_pkcs12(dir: &Path) -> Vec<(String, Vec<u8>)> {
    const COUNT: [u8; 5] = [0x02, 0x03, 0x00, 0xff, 0xff];
    let issued = self_signed(dir, "work", "/CN=Work Test/O=Test/C=DK", 30);
    let make = |name: &str, extra: &[&str]| {
        let mut args = vec!["-iter", "65535"];
        args.extend_from_slice(extra);
        std::fs::read(pkcs12(dir, name, &issued, None, "bad", &args)).unwrap()
    };
    let positions = |b: &[u8]| -> Vec<usize> {
        b.windows(COUNT.len())
            .enumerate()
            .filter(|(_, w)| *w == COUNT)
            .map(|(i, _)| i)
            .collect()
    };
    let patch = |b: &[u8], at: &[usize], value: [u8; 3]| {
        let mut out = b.to_vec();
        for &i in at {
            out[i + 2..i + 5].copy_from_slice(&value);
        }
        out
    };
    const HUGE: [u8; 3] = [0x7f, 0xff, 0xff];
    let modern = make("work-modern", &[]);
    let legacy = make("work-legacy", &["-legacy"]);
    let nomac = make("work-nomac", &["-nomac"]);
    let (pm, pl, pn) = (positions(&modern), positions(&legacy), positions(&nomac));
    assert_eq!(
        (pm.len(), pl.len(), pn.len()),
        (3, 3, 1),
        "iteration counts found"
    );
    vec![
        // The MAC comes last in the file.
        (
            "p12-mac-iterations-8388607".into(),
            patch(&modern, &pm[2..], HUGE),
        ),
        (
            "p12-pbkdf2-iterations-8388607".into(),
            patch(&modern, &pm[..1], HUGE),
        ),
        (
            "p12-legacy-pbe-iterations-8388607".into(),
            patch(&legacy, &pl[..1], HUGE),
        ),
        (
            "p12-nomac-key-iterations-8388607".into(),
            patch(&nomac, &pn, HUGE),
        ),
        (
            "p12-legacy-every-count-900000".into(),
            patch(&legacy, &pl, [0x0d, 0xbb, 0xa0]),
        ),
    ]
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
