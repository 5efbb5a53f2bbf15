//! In-process timing of opening and inspecting certificate files (no process start-up).
//! Usage: bench_open PASSWORD FILE… ; prints the mean time per file over many rounds (the
//! file read included).

use oces_core::cert;
use oces_core::secret::Password;
use std::time::Instant;

fn main() {
    let mut args = std::env::args().skip(1);
    let password = Password::new(args.next().unwrap_or_default());
    for file in args {
        let path = std::path::Path::new(&file);
        let now = time::OffsetDateTime::now_utc();
        let rounds = 200u32;
        let start = Instant::now();
        for _ in 0..rounds {
            // What `inspect` does: read, open (the key left encrypted when the MAC proves the
            // password), explain.
            let opened =
                cert::open_file_to_inspect(path, Some(&password)).map(|o| cert::inspect(&o, now));
            if !matches!(opened, Ok(Ok(_))) {
                eprintln!("{file}: does not open");
                break;
            }
        }
        let per = start.elapsed() / rounds;
        println!(
            "in-process open+inspect  {:>8.3} ms  {file}",
            per.as_secs_f64() * 1000.0
        );
    }
}
