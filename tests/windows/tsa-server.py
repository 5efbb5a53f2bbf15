"""A throw-away RFC 3161 time-stamping server for scripts/test-signing.sh, on 127.0.0.1 only.

Each POST body is a time-stamp query; the answer is made by `openssl ts -reply` with the test's
own TSA certificate. Prints the port it listens on, then serves until killed.
Usage: python3 tsa-server.py OPENSSL_TS_CONFIG WORKDIR
"""

import http.server
import os
import subprocess
import sys
import tempfile

CONFIG, WORKDIR = sys.argv[1], sys.argv[2]
MAX_QUERY = 64 * 1024


class Handler(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        length = int(self.headers.get("Content-Length", "0"))
        if not 0 < length <= MAX_QUERY:
            self.send_error(400, "bad length")
            return
        query = self.rfile.read(length)
        with tempfile.TemporaryDirectory(dir=WORKDIR) as tmp:
            q, r = os.path.join(tmp, "q.tsq"), os.path.join(tmp, "r.tsr")
            with open(q, "wb") as f:
                f.write(query)
            done = subprocess.run(
                ["openssl", "ts", "-reply", "-config", CONFIG, "-queryfile", q, "-out", r],
                capture_output=True, timeout=30,
            )
            if done.returncode != 0:
                sys.stderr.write(done.stderr.decode(errors="replace"))
                self.send_error(500, "openssl ts failed")
                return
            with open(r, "rb") as f:
                reply = f.read()
        self.send_response(200)
        self.send_header("Content-Type", "application/timestamp-reply")
        self.send_header("Content-Length", str(len(reply)))
        self.end_headers()
        self.wfile.write(reply)

    def log_message(self, *args):
        pass


server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
print(server.server_address[1], flush=True)
server.serve_forever()
