//! The connection test (DMS-7, `oces-wizard probe`): does the certificate open the gateway?
//!
//! Stages, in order, each reported as ok or with a coded reason and its duration:
//! 1. **lookup**: the host name (or the proxy's) to addresses;
//! 2. **connect**: a TCP connection to the first address that answers;
//! 3. **proxy**: when a proxy applies, `CONNECT host:port` through it;
//! 4. **tls**: the handshake; the server's certificate is checked against the OS's trust store
//!    (so a company's own TLS-inspection root counts when the OS trusts it) plus extra roots;
//! 5. **client_cert**: did the server ask for a client certificate, was one sent, was it accepted
//!    (with TLS 1.3 a refusal arrives only with the first read, so this stage ends with step 6);
//! 6. **http**: the status of a harmless `GET` request on the same connection (only the
//!    response's head is read; some servers never answer `HEAD`).
//!
//! Every stage has a time limit, and so has the whole run (a stage gets what is left of it).
//! The run's clock starts when its options are made ([`ProbeOptions::started`]): extra roots
//! (`--ca`) are read inside it, within one budget of time and certificates parsed
//! ([`ca_budget`], [`read_roots_within`]), before the first stage.
//! Dropping the future cancels the test and closes the connection: the app does that for
//! Cancel. No password or key is ever part of a result; the expert line names placeholder files.
//!
//! The rooms: `target.rs` reads what to test; `options.rs` is what a test is asked to do (and
//! the budget for reading extra roots); `proxy.rs` finds and reads the proxy (environment,
//! Windows' Internet Options, credentials); `tls.rs` holds the client identity, the extra
//! roots and the verifier that records the server's certificate; `run.rs` runs the stages,
//! one function each, under their time limits; `wire.rs` is the HTTP spoken on the socket
//! (`CONNECT`, the `GET` and its answer's head); `report.rs` is what a test produces, and a
//! stage's failure. No room names `run.rs`, which names the others: no circle. Other code uses the
//! re-exports here (`oces_core::probe::Target`, …): the rooms are private.

mod options;
mod proxy;
mod report;
mod run;
mod target;
mod tls;
mod wire;

pub use options::{ca_budget, openssl_line, ProbeOptions, OVERALL_TIMEOUT, STAGE_TIMEOUT};
pub use proxy::Proxy;
pub use report::{ProbeEvent, ProbeReport, ServerCert, Stage, StageResult};
pub use run::probe;
pub use target::{Target, UFST_PRODUCTION, UFST_TEST};
pub use tls::{read_roots_within, CaError, ClientIdentity, MAX_CA_CERTIFICATES};
