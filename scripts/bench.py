#!/usr/bin/env python3
"""The whole benchmark suite on the XXL organisation, one command: see scripts/bench.

For each database (SQLite, PostgreSQL) and each number of app nodes (1, 2) it starts real
`hartslag serve` processes (release build) on the XXL demo organisation and measures, with wrk,
the trivial handler (the ceiling), the pages, the API, the cockpit and the scan report; it also
times the cockpit computation and the HR import of 100,000 rows. It prints one Markdown table
per database and node count, every figure beside its target and the ceiling measured in the
same run. Progress goes to stderr, the tables to stdout.

Standard library only; wrk is the load generator.
"""

import http.cookiejar
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TARGET = os.environ.get("CARGO_TARGET_DIR", os.path.expanduser("~/.cache/hartslag-target"))
BIN = os.environ.get("BENCH_BIN") or os.path.join(TARGET, "release", "hartslag")
BENCH_DIR = os.environ.get("BENCH_DIR", os.path.expanduser("~/.cache/hartslag-bench"))
SECONDS = int(os.environ.get("BENCH_SECONDS", "10"))
CONNECTIONS = 64
ENGINES = os.environ.get("BENCH_ENGINES", "sqlite,postgres").split(",")
NODES = [int(n) for n in os.environ.get("BENCH_NODES", "1,2").split(",")]
IMPORT_ROWS = int(os.environ.get("BENCH_IMPORT_ROWS", "100000"))
# Only the rows whose label contains one of these (comma-separated), for before/after runs.
ONLY = [w for w in os.environ.get("BENCH_ONLY", "").split(",") if w]


def wanted(label):
    return not ONLY or any(w in label for w in ONLY)
PASSWORD = "hartslag-demo"
KEY = "6b" * 32  # one server key shared by the nodes of a run, as in production


def log(*args):
    print(*args, file=sys.stderr, flush=True)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# --- databases -------------------------------------------------------------------------------


class Postgres:
    """A PostgreSQL server: the one HARTSLAG_BENCH_POSTGRES_URL names, or a private cluster in
    BENCH_DIR/pg started for the run (kept between runs, so the XXL data is made once)."""

    def __init__(self):
        self.url = os.environ.get("HARTSLAG_BENCH_POSTGRES_URL")
        self.cluster = None
        if self.url:
            return
        pgbin = sorted(d for d in os.popen("ls -d /usr/lib/postgresql/*/bin 2>/dev/null").read().split())
        if not pgbin:
            sys.exit("PostgreSQL is not installed (apt-get install postgresql), or set HARTSLAG_BENCH_POSTGRES_URL")
        self.pgbin = pgbin[-1]
        self.cluster = os.path.join(BENCH_DIR, "pg")
        self.port = int(os.environ.get("BENCH_PG_PORT", "25532"))
        root = os.getuid() == 0
        self.as_pg = ["runuser", "-u", "postgres", "--"] if root else []
        if not os.path.exists(os.path.join(self.cluster, "PG_VERSION")):
            os.makedirs(self.cluster, exist_ok=True)
            if root:
                shutil.chown(self.cluster, "postgres")
                os.chmod(self.cluster, 0o700)
            subprocess.run(self.as_pg + [f"{self.pgbin}/initdb", "-D", self.cluster, "-A", "trust", "-U", "postgres"],
                           check=True, stdout=subprocess.DEVNULL)
        # Durable settings (fsync on) and a little more memory than the defaults; the data fits.
        opts = (f"-p {self.port} -k {self.cluster} -c listen_addresses=127.0.0.1 -c max_connections=200 "
                "-c shared_buffers=1GB -c work_mem=16MB")
        subprocess.run(self.as_pg + [f"{self.pgbin}/pg_ctl", "-D", self.cluster, "-l", f"{self.cluster}/server.log",
                                     "-w", "-o", opts, "start"], check=True, stdout=subprocess.DEVNULL)
        self.url = f"postgres://postgres@127.0.0.1:{self.port}/postgres"

    def database(self, name, fresh=False):
        base = self.url.rsplit("/", 1)[0]
        admin = psql_cmd(self.url)
        if fresh:
            subprocess.run(admin + ["-qc", f"DROP DATABASE IF EXISTS {name}"], check=True, stderr=subprocess.DEVNULL)
        exists = subprocess.run(admin + ["-tAc", f"SELECT 1 FROM pg_database WHERE datname = '{name}'"],
                                check=True, capture_output=True, text=True).stdout.strip()
        if not exists:
            subprocess.run(admin + ["-qc", f"CREATE DATABASE {name}"], check=True)
        return f"{base}/{name}"

    def stop(self):
        if self.cluster:
            subprocess.run(self.as_pg + [f"{self.pgbin}/pg_ctl", "-D", self.cluster, "-m", "fast", "stop"],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def psql_cmd(url):
    return ["psql", url, "-v", "ON_ERROR_STOP=1"]


def db_args(engine, url_or_dir):
    return ["--database-url", url_or_dir] if engine == "postgres" else ["--data-dir", url_or_dir]


# --- nodes and clients ---------------------------------------------------------------------


class Node:
    def __init__(self, args, logfile):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        env = dict(os.environ, HARTSLAG_SECRET_KEY=KEY, HARTSLAG_LOG="warn")
        self.proc = subprocess.Popen([BIN, "serve", *args, "--listen", f"127.0.0.1:{self.port}"], env=env,
                                     stdout=logfile, stderr=logfile)
        for _ in range(600):
            try:
                if urllib.request.urlopen(f"{self.base}/readyz", timeout=2).status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.1)
        raise SystemExit(f"node on port {self.port} did not start")

    def stop(self):
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()


class Browser:
    """A signed-in person: a cookie jar and the session cookie wrk sends."""

    def __init__(self, base, email):
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))
        self.base = base
        # The login form's own token first (login CSRF): its cookie goes with the jar.
        form = self.opener.open(f"{base}/login", timeout=30).read().decode()
        found = re.search(r'name="login_csrf" value="([^"]*)"', form)
        fields = {"email": email, "password": PASSWORD, "login_csrf": found.group(1) if found else ""}
        self.opener.open(f"{base}/login", urllib.parse.urlencode(fields).encode(), timeout=30)
        self.cookie = next((f"{c.name}={c.value}" for c in self.jar if c.name == "hartslag_session"), None)
        if not self.cookie:
            raise SystemExit(f"signing in as {email} failed")

    def get(self, path):
        return self.opener.open(f"{self.base}{path}", timeout=60).read().decode()


def api(base, token, path):
    req = urllib.request.Request(f"{base}{path}", headers={"Authorization": f"Bearer {token}"})
    return json.load(urllib.request.urlopen(req, timeout=60))


# --- wrk -----------------------------------------------------------------------------------


def to_ms(v):
    for unit, f in (("us", 0.001), ("ms", 1.0), ("s", 1000.0), ("m", 60000.0)):
        if v.endswith(unit):
            return float(v[: -len(unit)]) * f
    return float(v)


LUA_POST = """
wrk.method = "POST"
wrk.body = [[{body}]]
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer {token}"
"""

LUA_REPORT = """
done = function(summary, latency, requests)
  io.write(string.format("P95 %d\\n", latency:percentile(95)))
end
"""


def wrk(urls, headers, connections, seconds, script=None):
    """Runs one wrk per node at once, the connections split between them. Returns requests/s
    (summed), p50 (mean) and p95/p99 (the worse node) in ms, and the non-2xx count."""
    procs = []
    per = max(1, connections // len(urls))
    for url in urls:
        cmd = ["wrk", f"-t{min(2, per)}", f"-c{per}", f"-d{seconds}s", "--latency"]
        for h in headers:
            cmd += ["-H", h]
        lua = LUA_REPORT + (script or "")
        f = tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False)
        f.write(lua)
        f.close()
        cmd += ["-s", f.name, url]
        procs.append((subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True), f.name))
    rps, p50, p95, p99, bad, errors = 0.0, [], [], [], 0, 0
    for p, lua in procs:
        out = p.communicate()[0]
        os.unlink(lua)
        rps += float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
        p50.append(to_ms(re.search(r"^\s+50%\s+(\S+)", out, re.M).group(1)))
        p99.append(to_ms(re.search(r"^\s+99%\s+(\S+)", out, re.M).group(1)))
        p95.append(int(re.search(r"^P95 (\d+)", out, re.M).group(1)) / 1000.0)
        m = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
        bad += int(m.group(1)) if m else 0
        m = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
        errors += sum(int(x) for x in m.groups()) if m else 0
    return {"rps": rps, "p50": sum(p50) / len(p50), "p95": max(p95), "p99": max(p99), "bad": bad + errors}


# --- the suite -----------------------------------------------------------------------------


def fmt_int(x):
    return f"{x:,.0f}"


class Table:
    def __init__(self, title, note):
        self.title, self.note, self.rows = title, note, []

    def add(self, what, figure, target, ceiling, met):
        self.rows.append((what, figure, target, ceiling, "met" if met else "**missed**" if met is not None else "—"))

    def print(self):
        print(f"### {self.title}\n\n{self.note}\n")
        print("| what | figure | target | ceiling, same run | |")
        print("|---|---|---|---|---|")
        for r in self.rows:
            print("| " + " | ".join(r) + " |")
        print(flush=True)


def load_rows(table, nodes, label, path, headers, ceiling, target_share=0.20, target_p99=50.0, script=None,
              connections=CONNECTIONS, p95_target=None):
    if not wanted(label):
        return None
    r = wrk([n.base + path for n in nodes], headers, connections, SECONDS, script)
    log(f"  {label}: {r['rps']:.0f}/s p50 {r['p50']:.1f} p99 {r['p99']:.1f} non-2xx {r['bad']}")
    share = r["rps"] / ceiling["rps"]
    figure = f"{fmt_int(r['rps'])} req/s, p50 {r['p50']:.1f} ms, p99 {r['p99']:.1f} ms ({share:.0%} of ceiling)"
    if r["bad"]:
        figure += f", {r['bad']} failed"
    ceil = f"{fmt_int(ceiling['rps'])} req/s, p99 {ceiling['p99']:.1f} ms"
    if p95_target is not None:
        figure = f"p95 {r['p95']:.1f} ms, {fmt_int(r['rps'])} req/s ({share:.0%} of ceiling)"
        table.add(label, figure, f"p95 < {p95_target:.0f} ms", ceil, r["p95"] < p95_target and not r["bad"])
    else:
        target = f"p99 < {target_p99:.0f} ms, ≥ {target_share:.0%} of ceiling"
        table.add(label, figure, target, ceil, r["p99"] < target_p99 and share >= target_share and not r["bad"])
    return r


def run_nodes(engine, store, count, logins, extra):
    """Starts `count` nodes on one database and measures every page and API row."""
    logf = open(os.path.join(BENCH_DIR, f"serve-{engine}-{count}.log"), "w")
    nodes = []
    try:
        for _ in range(count):
            nodes.append(Node([*db_args(engine, store)], logf))
        first = nodes[0]
        # Sessions live in the database: signed in on node 1, the cookie works on every node.
        prof = Browser(first.base, logins["professional"])
        adviser = Browser(first.base, logins["adviser"])
        token = extra["token"]
        circles = api(first.base, token, "/api/v1/circles")["items"]
        circle = circles[0]["id"]
        proposal = api(first.base, token, f"/api/v1/circles/{circle}/proposals")["items"][0]["id"]
        run_id = extra["run"]
        machine = (f"{os.cpu_count()} cores, load average before the run "
                   f"{open('/proc/loadavg').read().split()[0]}")
        if engine == "postgres":
            settings = subprocess.run(psql_cmd(store) + ["-tAc", "SELECT current_setting('server_version') || ', fsync ' "
                                      "|| current_setting('fsync') || ', shared_buffers ' || current_setting('shared_buffers')"],
                                      capture_output=True, text=True).stdout.strip()
            machine += f"; PostgreSQL {settings} on the same machine"
        table = Table(f"{'SQLite' if engine == 'sqlite' else 'PostgreSQL'}, {count} node{'s' if count > 1 else ''}",
                      f"Measured {time.strftime('%Y-%m-%d')} on {machine}; wrk, {CONNECTIONS} connections "
                      f"split over the nodes, {SECONDS} s per row; wrk and the nodes share the cores.")
        pc = [f"Cookie: {prof.cookie}"]
        ac = [f"Cookie: {adviser.cookie}"]
        tk = [f"Authorization: Bearer {token}"]
        log(f"{table.title}:")
        ceiling = wrk([n.base + "/healthz" for n in nodes], [], CONNECTIONS, SECONDS)
        log(f"  ceiling: {ceiling['rps']:.0f}/s p99 {ceiling['p99']:.1f}")
        table.add("trivial handler (/healthz): the ceiling",
                  f"{fmt_int(ceiling['rps'])} req/s, p50 {ceiling['p50']:.1f} ms, p99 {ceiling['p99']:.1f} ms",
                  "—", "—", None)
        load_rows(table, nodes, "page: Mijn week (/)", "/", pc, ceiling)
        load_rows(table, nodes, "page: circle", f"/circles/{circle}", pc, ceiling)
        load_rows(table, nodes, "page: proposal", f"/proposals/{proposal}", pc, ceiling)
        load_rows(table, nodes, "API: GET /api/v1/circles", "/api/v1/circles", tk, ceiling)
        load_rows(table, nodes, "API: GET a circle's proposals", f"/api/v1/circles/{circle}/proposals", tk, ceiling)
        load_rows(table, nodes, "API: GET a proposal", f"/api/v1/proposals/{proposal}", tk, ceiling)
        body = json.dumps({"title": "Overdracht bij de nachtdienst", "kind": "work_process", "critical": False,
                           "description": "Wie er die dag gevallen is, missen we vaak bij de overdracht."})
        load_rows(table, nodes, "API: POST a work situation (a write)", f"/api/v1/circles/{circle}/situations", [],
                  ceiling, script=LUA_POST.format(body=body, token=token))
        load_rows(table, nodes, "cockpit, organisation, per month", "/cockpit", ac, ceiling, p95_target=200)
        load_rows(table, nodes, "cockpit, organisation, per quarter", "/cockpit?unit=0&grain=quarter", ac, ceiling,
                  p95_target=200)
        load_rows(table, nodes, "cockpit CSV, organisation, per quarter", "/cockpit.csv?unit=0&grain=quarter", ac,
                  ceiling, p95_target=200)
        if not wanted("scan report"):
            pass
        elif run_id:
            # The report is asked for one at a time: the target is the time of one report.
            one = wrk([n.base + "/healthz" for n in nodes], [], len(nodes), SECONDS)
            r = wrk([n.base + f"/scans/{run_id}/report" for n in nodes], ac, len(nodes), SECONDS)
            log(f"  scan report: p50 {r['p50']:.1f} p99 {r['p99']:.1f}")
            table.add(f"scan report, organisation ({extra['responses']} responses), one request at a time per node",
                      f"p50 {r['p50']:.0f} ms, p99 {r['p99']:.0f} ms, {r['rps']:.1f} req/s" +
                      (f", {r['bad']} failed" if r["bad"] else ""),
                      "< 1,000 ms", f"p99 {one['p99']:.2f} ms (/healthz, one at a time)",
                      r["p99"] < 1000 and not r["bad"])
        else:
            table.add("scan report", "no scan run with a report in the demo", "< 1,000 ms", "—", False)
        for row in extra.get("rows", []):
            table.add(*row)
        table.print()
    finally:
        for n in nodes:
            n.stop()
        logf.close()


def timed(cmd, env=None):
    t = time.time()
    out = subprocess.run(cmd, check=True, capture_output=True, text=True, env=env)
    return time.time() - t, out


def import_rows(engine, pg):
    """The HR import of IMPORT_ROWS people into a fresh organisation, five steps, and the
    command's fixed cost (a file with only the header) as the ceiling."""
    work = tempfile.mkdtemp(prefix="hartslag-bench-import.")
    head = ("Personeelsnummer;Roepnaam;Voorvoegsels;Achternaam;E-mailadres zakelijk;Functienaam;Afdelingscode;"
            "Afdelingsnaam;Personeelsnummer leidinggevende\n")
    jobs = ["Verzorgende IG", "Verpleegkundige", "Helpende", "Teamleider", "Fysiotherapeut"]

    def line(i, shift=0):
        unit = i % 1000
        return (f"{100000 + i};Mede{i};van;Werker;m{i}@bench.example;{jobs[(i + shift) % 5]};U{unit:04d};"
                f"Team {unit:04d};{100000 + unit}\n")

    with open(f"{work}/all.csv", "w") as f:
        f.write(head + "".join(line(i) for i in range(IMPORT_ROWS)))
    with open(f"{work}/most.csv", "w") as f:
        f.write(head + "".join(line(i) for i in range(IMPORT_ROWS) if i % 100 != 99))
    with open(f"{work}/changed.csv", "w") as f:
        f.write(head + "".join(line(i, 1) for i in range(IMPORT_ROWS)))
    with open(f"{work}/empty.csv", "w") as f:
        f.write(head)
    url = pg.database("hs_bench_import", fresh=True) if engine == "postgres" else f"sqlite://{work}/import.db"
    admin = [BIN, "admin", "--database-url", url]
    subprocess.run(admin + ["create-org", "--name", "Bench", "--slug", "bench"], check=True, capture_output=True)
    imp = admin + ["import-people", "--org", "bench", "--preset", "youforce"]
    floor, _ = timed(imp + ["--file", f"{work}/empty.csv"])
    rows = []
    for label, args in (("first import, all new", ["--file", f"{work}/all.csv", "--apply"]),
                        ("same file again, nothing changed", ["--file", f"{work}/all.csv", "--apply"]),
                        ("full import, 1% gone, dry run", ["--file", f"{work}/most.csv", "--full"]),
                        ("full import, 1% gone, applied", ["--file", f"{work}/most.csv", "--full", "--apply"]),
                        ("every row changed, applied", ["--file", f"{work}/changed.csv", "--apply"])):
        t, _ = timed(imp + args)
        log(f"  import, {label}: {t:.2f} s")
        rows.append((f"HR import of {IMPORT_ROWS:,} rows: {label}", f"{t:.2f} s", "< 10 s",
                     f"{floor:.2f} s (the same command, header only)", t < 10))
    shutil.rmtree(work, ignore_errors=True)
    return rows


def prepare(engine, pg):
    """The XXL organisation (made once, kept in BENCH_DIR or the bench database), its logins,
    a token, the cockpit computation timed, and the import rows."""
    store = pg.database("hartslag_bench") if engine == "postgres" else os.path.join(BENCH_DIR, "sqlite")
    os.makedirs(BENCH_DIR, exist_ok=True)
    log(f"{engine}: the XXL organisation (the first run creates it: minutes)…")
    t, out = timed([BIN, "demo", *db_args(engine, store), "--size", "xxl", "--no-serve"])
    log(f"  ready in {t:.0f} s")
    logins = {}
    for line in out.stdout.splitlines():
        email = next((w for w in line.split() if "@" in w), None)
        if not email:
            continue
        if "professional" in line and "professional" not in logins:
            logins["professional"] = email
        if "L&O-adviseur" in line and "adviser" not in logins:
            logins["adviser"] = email
    if len(logins) < 2:
        raise SystemExit(f"no professional or L&O adviser among the demo's logins:\n{out.stdout}")
    token = subprocess.run([BIN, "admin", *db_args(engine, store), "create-token", "--email", logins["professional"],
                            "--name", "bench"], check=True, capture_output=True, text=True).stdout.strip()
    run, responses = largest_run(engine, store)
    rows = []
    if wanted("cockpit: computing"):
        t_cockpit, _ = timed([BIN, "cockpit", *db_args(engine, store), "--org", "xxl"])
        log(f"  cockpit computed in {t_cockpit:.1f} s")
        rows.append(("cockpit: computing the figures for the whole organisation", f"{t_cockpit:.1f} s",
                     "— (hourly job)", "—", None))
    if wanted("HR import"):
        rows += import_rows(engine, pg)
    return store, logins, {"token": token, "run": run, "responses": f"{responses:,}", "rows": rows}


def largest_run(engine, store):
    """The scan run with the most responses, and their number."""
    sql = "SELECT run_id, COUNT(*) FROM scan_responses GROUP BY run_id ORDER BY 2 DESC LIMIT 1"
    if engine == "postgres":
        out = subprocess.run(psql_cmd(store) + ["-tAc", sql], capture_output=True, text=True).stdout.strip()
        row = out.split("|") if out else None
    else:
        import sqlite3
        path = os.path.join(store, "hartslag.db")
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        row = con.execute(sql).fetchone()
        con.close()
    return (int(row[0]), int(row[1])) if row else (None, 0)


def main():
    pg = Postgres() if "postgres" in ENGINES else None
    try:
        print(f"## The suite{' (rows: ' + ', '.join(ONLY) + ')' if ONLY else ''}, {time.strftime('%Y-%m-%d %H:%M')} UTC\n")
        cpu = next((l.split(": ", 1)[1] for l in open("/proc/cpuinfo") if l.startswith("model name")), "unknown CPU")
        print(f"Machine: {os.cpu_count()} cores ({cpu.strip()}), "
              f"{round(os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 2**30)} GiB; release build "
              f"{os.environ.get('BENCH_BIN') or subprocess.run(['git', '-C', ROOT, 'rev-parse', '--short', 'HEAD'], capture_output=True, text=True).stdout.strip()}.\n",
              flush=True)
        for engine in ENGINES:
            store, logins, extra = prepare(engine, pg)
            for count in NODES:
                run_nodes(engine, store, count, logins, extra)
                extra["rows"] = []  # the once-per-database rows go in the first table
    finally:
        if pg:
            pg.stop()


if __name__ == "__main__":
    main()
