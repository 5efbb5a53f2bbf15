//! The HTTP spoken on the socket: `CONNECT` through the proxy, the harmless `GET` and the
//! head of its answer (bounded to 16 KiB), and the mapping of socket errors to codes.

use super::proxy::Proxy;
use super::report::Fail;
use super::target::Target;
use super::tls::rustls_error;
use crate::error::ErrorCode;
use rustls::AlertDescription;
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tokio::net::TcpStream;

/// A socket error as the test's code.
pub(super) fn io_code(e: &std::io::Error) -> ErrorCode {
    use std::io::ErrorKind as K;
    match e.kind() {
        K::ConnectionRefused => ErrorCode::ProbeRefused,
        K::TimedOut => ErrorCode::ProbeTimedOut,
        K::NetworkUnreachable | K::HostUnreachable | K::AddrNotAvailable => {
            ErrorCode::ProbeUnreachable
        }
        _ => ErrorCode::ProbeUnreachable,
    }
}

/// Read an HTTP response head (status line and headers), at most 16 KiB.
async fn read_head<S: AsyncRead + Unpin>(s: &mut S) -> Result<Vec<u8>, HttpFail> {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 1024];
    loop {
        let n = s
            .read(&mut chunk)
            .await
            .map_err(|e| match rustls_error(&e) {
                Some(rustls::Error::AlertReceived(a)) => HttpFail::Alert(*a),
                _ if e.kind() == std::io::ErrorKind::UnexpectedEof => HttpFail::Closed,
                _ => HttpFail::Io(io_code(&e)),
            })?;
        if n == 0 {
            return if buf.is_empty() {
                Err(HttpFail::Closed)
            } else {
                Ok(buf)
            };
        }
        buf.extend_from_slice(&chunk[..n]);
        if buf.windows(4).any(|w| w == b"\r\n\r\n") {
            return Ok(buf);
        }
        if buf.len() > 16 * 1024 {
            return Err(HttpFail::Garbled);
        }
    }
}

/// `HTTP/1.1 200 OK` → 200.
fn status_of(head: &[u8]) -> Option<u16> {
    let line = head.split(|b| *b == b'\n').next()?;
    let line = std::str::from_utf8(line).ok()?;
    let mut parts = line.split_whitespace();
    if !parts.next()?.starts_with("HTTP/1.") {
        return None;
    }
    let code: u16 = parts.next()?.parse().ok()?;
    (100..600).contains(&code).then_some(code)
}

/// Why the `GET` got no status: an alert (a refused client certificate shows here with TLS
/// 1.3), the connection closed, something that is not HTTP, or a socket error.
pub(super) enum HttpFail {
    Alert(AlertDescription),
    Closed,
    Garbled,
    Io(ErrorCode),
}

/// Send the `GET` and read the status of its answer.
pub(super) async fn first_response<S: AsyncRead + AsyncWrite + Unpin>(
    s: &mut S,
    t: &Target,
) -> Result<u16, HttpFail> {
    let path = if t.path.is_empty() { "/" } else { &t.path };
    let req = format!(
        "GET {path} HTTP/1.1\r\nHost: {}\r\nUser-Agent: oces-wizard/{}\r\nConnection: close\r\n\r\n",
        t.authority(),
        env!("CARGO_PKG_VERSION")
    );
    s.write_all(req.as_bytes())
        .await
        .map_err(|e| match rustls_error(&e) {
            Some(rustls::Error::AlertReceived(a)) => HttpFail::Alert(*a),
            _ => HttpFail::Io(io_code(&e)),
        })?;
    let _ = s.flush().await;
    let head = read_head(s).await?;
    status_of(&head).ok_or(HttpFail::Garbled)
}

/// `CONNECT host:port` through the proxy; Ok with the proxy's status when it opened the tunnel.
pub(super) async fn connect_tunnel(
    tcp: &mut TcpStream,
    p: &Proxy,
    t: &Target,
) -> Result<u16, Fail> {
    // The request carries the credentials: it is zeroized when dropped, and sized up front so
    // that growing it leaves no copy behind.
    let mut req = zeroize::Zeroizing::new(String::with_capacity(1024));
    req.push_str(&format!(
        "CONNECT {a} HTTP/1.1\r\nHost: {a}\r\nUser-Agent: oces-wizard/{v}\r\n",
        a = t.authority(),
        v = env!("CARGO_PKG_VERSION")
    ));
    if let Some(auth) = p.credentials() {
        req.push_str("Proxy-Authorization: ");
        req.push_str(&auth.basic());
        req.push_str("\r\n");
    }
    req.push_str("\r\n");
    tcp.write_all(req.as_bytes())
        .await
        .map_err(|e| Fail(io_code(&e), None))?;
    let head = read_head(tcp).await.map_err(|_| {
        Fail(
            ErrorCode::ProbeProxyRefused,
            Some("no answer from the proxy".into()),
        )
    })?;
    match status_of(&head) {
        Some(s) if (200..300).contains(&s) => Ok(s),
        Some(s) => Err(Fail(
            ErrorCode::ProbeProxyRefused,
            Some(format!("HTTP {s}")),
        )),
        None => Err(Fail(ErrorCode::ProbeProxyRefused, None)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_lines() {
        assert_eq!(status_of(b"HTTP/1.1 200 OK\r\n\r\n"), Some(200));
        assert_eq!(status_of(b"HTTP/1.0 407 Proxy\r\n"), Some(407));
        assert_eq!(status_of(b"SSH-2.0\r\n"), None);
        assert_eq!(status_of(b"HTTP/1.1 abc\r\n"), None);
    }

    /// The `CONNECT` request carries the decoded credentials as Basic, on the wire.
    #[tokio::test]
    async fn connect_sends_the_decoded_credentials() {
        use base64::Engine;
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let port = listener.local_addr().expect("addr").port();
        let proxy = tokio::spawn(async move {
            let (mut s, _) = listener.accept().await.expect("accept");
            let head = read_head(&mut s).await.map_err(|_| ()).expect("head");
            s.write_all(b"HTTP/1.1 200 Connection established\r\n\r\n")
                .await
                .expect("answer");
            String::from_utf8(head).expect("text")
        });
        let p = Proxy::parse(&format!("http://anne:a+b%26c@127.0.0.1:{port}")).expect("proxy");
        let t = Target::parse("gw.example:6384").expect("target");
        let mut tcp = TcpStream::connect(("127.0.0.1", port)).await.expect("dial");
        assert_eq!(connect_tunnel(&mut tcp, &p, &t).await.ok(), Some(200));
        let head = proxy.await.expect("proxy task");
        assert!(
            head.starts_with("CONNECT gw.example:6384 HTTP/1.1\r\n"),
            "{head}"
        );
        let token = base64::engine::general_purpose::STANDARD.encode("anne:a+b&c");
        assert!(
            head.contains(&format!("\r\nProxy-Authorization: Basic {token}\r\n")),
            "{head}"
        );
    }
}
