#!/usr/bin/env python3
"""Attack harness for `expect`: bad inputs, concurrent writers, kill -9, file faults, hostile text, and a failing
import racing a writer. `python3 examples/attack/attack.py --bin target/debug/expect [--quick]`

Everything happens in a fresh temporary folder with its own --db, --config, EXPECT_DB, EXPECT_CONFIG, HOME, TZ=UTC
and --as-of: the user's real data is never touched. Standard library only. It prints a table of figures per
category, then every failure with its command; the exit status is 1 when anything failed.
"""
import argparse, csv, glob, io, json, os, random, shlex, shutil, sqlite3, subprocess, sys, tempfile, threading, time
from collections import Counter, namedtuple

AS_OF = "2026-11-27T12:00"
APP_ID = 1163415619  # PRAGMA application_id of an expect database
ROOT = os.geteuid() == 0
NOBODY = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]
R = namedtuple("R", "code out err")


def ctl(s):
    """The raw control characters of s: C0 but newline and tab, DEL, C1."""
    return [c for c in s if (ord(c) < 32 and c not in "\n\t") or 0x7F <= ord(c) <= 0x9F]

def show(args):
    """A command line for a report: long values shortened, control characters visible."""
    out = []
    for a in map(str, args):
        a = f"{a[:24]}…({len(a)} chars)" if len(a) > 60 else a
        out.append(repr(a) if ctl(a) or "\n" in a else shlex.quote(a))
    return " ".join(out)

def first(s, n=160):
    """The first two lines of s, shortened, control characters visible."""
    s = " / ".join(s.strip().splitlines()[:2])[:n]
    return repr(s) if ctl(s) else s

def write(path, data):
    with open(path, "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode())
    return path

def read(path):
    return open(path, "rb").read() if os.path.isfile(path) else None

def pragma(path, *statements):
    """Runs statements with Python's sqlite3 and closes the file again; the last one's rows."""
    c = sqlite3.connect(path)
    try:
        rows = [c.execute(s).fetchall() for s in statements]
        c.commit()
        return rows[-1]
    finally:
        c.close()

def sql(db, query):
    """Runs query with the sqlite3 program (else Python's module): (ok, output)."""
    if shutil.which("sqlite3"):
        p = subprocess.run(["sqlite3", db, query], capture_output=True, text=True, timeout=60)
        return p.returncode == 0, (p.stdout + p.stderr).strip()
    try:
        return True, "\n".join("|".join(map(str, row)) for row in pragma(db, query))
    except sqlite3.Error as e:
        return False, str(e)


class H:
    """One binary, one temporary folder (also the working folder), and the failures found."""

    def __init__(self, binary, tmp):
        self.bin, self.tmp, self.n, self.failures = os.path.abspath(binary), tmp, 0, {}
        self.home, self.cfg = self.fresh("home"), os.path.join(tmp, "no-config.toml")  # never made: the defaults

    def fresh(self, name):
        """A new folder in the temporary one."""
        self.n += 1
        os.makedirs(p := os.path.join(self.tmp, f"{name}-{self.n}"))
        return p

    def argv(self, args, db, cfg=None, as_of=True, nobody=False):
        a = [self.bin, "--db", db, "--config", cfg or self.cfg] + (["--as-of", AS_OF] if as_of else [])
        return (NOBODY if nobody and ROOT else []) + a + [str(x) for x in args]

    def env(self, db, cfg=None):
        return {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": self.home, "TZ": "UTC", "LANG": "C.UTF-8",
                "XDG_DATA_HOME": os.path.join(self.home, "data"), "XDG_CONFIG_HOME": os.path.join(self.home, "config"),
                "RUST_BACKTRACE": "1", "EXPECT_DB": db, "EXPECT_CONFIG": cfg or self.cfg}

    def run(self, args, db, cfg=None, as_of=True, nobody=False):
        p = subprocess.run(self.argv(args, db, cfg, as_of, nobody), env=self.env(db, cfg), cwd=self.tmp,
                           capture_output=True, timeout=300, stdin=subprocess.DEVNULL)
        return R(p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace"))

    def spawn(self, args, db, **kw):
        return subprocess.Popen(self.argv(args, db), env=self.env(db), cwd=self.tmp, stdin=subprocess.DEVNULL,
                                start_new_session=True, **kw)

    def must(self, args, db, codes=(0,)):
        r = self.run(args, db)
        if r.code not in codes:
            sys.exit(f"attack: set-up failed: {show(args)} -> {r.code}: {first(r.err)}")
        return r

    def fail(self, cat, line):
        self.failures.setdefault(cat, []).append(line)


# A small book: two clients, a paid and a void invoice, a message, a waiting item,
# a project, a contract and a reminder, so that every report has something to show.
BOOK = """add-member sam --name 'Sam Side' --email sam@me.example
| add-client acme --name Acme --contact 'Jane <jane@acme.example>' --late-fee 5% --interest 1.5%/month
| add-client beta --name Beta --contact 'Bo <bo@beta.example>'
| add-contact acme 'Rob <rob@acme.example>' --role CTO | add-invoice acme 1500 --number A-1 --issued 2026-10-01
| pay A-1 400 --on 2026-10-20 | add-invoice acme 50 --number A-2 --issued 2026-10-01 | void A-2 --reason typo
| add-invoice beta 200 --number B-1 --issued 2026-11-01
| log acme --from jane@acme.example --at 2026-11-20T10:00 --request Hello
| waiting-on acme logo --due 2026-11-20 | add-project acme Site --phase Design=500 --phase Build=1000
| start-phase Site Design --on 2026-11-01 | add-contract acme --signed 2026-01-01 | remind"""

def build_book(h, db):
    for line in BOOK.replace("\n", " ").split("|"):
        h.must(shlex.split(line), db, (0, 1))
    return db

def doc_with_invoices(doc, n, bad_last=False):
    """The exported document with n more invoices of its first client (the last one bad)."""
    d = json.loads(json.dumps(doc))
    d["invoices"] += [dict(d["invoices"][0], id=10000 + i, number=f"K-{i}") for i in range(n)]
    if bad_last:
        d["invoices"][-1]["client_id"] = 999
    return d


# ---------------------------------------------------------------- 1. bad inputs

BAD = {
    "time": ["2026-13-01", "2026-02-30", "0000-01-01", "2026-11-31", "2026-11-27T25:00", "2026-11-27T12:60",
             "yesterdayy", "+3x", "next", "dec 32", "13pm", "2026-11-27T16:05+25:00", "", "99999-01-01"],
    "duration": ["5", "5x", "-5d", "2-1bd", "1d-2bd", "1.5d", "99999999999999999999d", "", "bd", "1-2"],
    "money": ["-5", "1500,50", "1,50,0", "1.234", "abc", "1e3", "NaN", "99999999999999999999999", "€100",
              "100 EUR", "", "0x10", "1..5", "1.5.0", "١٠٠"],
    "fee": ["5%%", "-5%", "abc", "%", "5.5.5%", "-5"], "topics": ["contact,foo", "payments", ",", "all,,"],
    "rate": ["1.5%", "1.5%/day", "18/year", "-1%/month", "1.23456%/month", "statutory-xx", "abc"],
    "terms": ["net-30", "net", "eom+", "eom-5", "netx", "receipts", "net 99999999999999999999", "eom+-1"],
    "handle": ["Acme", "-acme", "a_b", "a" * 33, "", "acme!", "ácme", "a b", "acme"],
    "email": ["jane@", "@acme.example", "a@b@c", "Jane <>", "Jane <jane@acme.example"],
    "currency": ["US", "usdd", "XXXX", "", "\x1b[31mEUR", "123", "U$D", "ZZZ"],
    "cutoff": ["sat 25:00", "fri", "funday 16:00", "16", "fri 16:00 extra", "24:00", "fri 4"],
}
# "kind count: command": {} is replaced by each of the first count bad values of that kind.
TEMPLATES = """time 10: --as-of {} clients | time 8: add-invoice acme 100 --issued {} | time 3: pay A-1 1 --on {}
| time 3: log acme --from jane@acme.example --at {} hi | time 3: waiting-on acme copy --due {}
| time 2: check --since {} | duration 4: deadline {} | duration 2: edit-client acme --turnaround {}
| duration 8: add-client x --name X --grace {} | duration 5: add-client x --name X --response {}
| money 12: add-invoice acme {} | money 3: pay A-1 {} | fee 3: edit-client acme --rush-fee {}
| fee 4: add-client x --name X --late-fee {} | rate 5: add-client x --name X --interest {}
| terms 6: add-client x --name X --terms {} | terms 3: add-invoice acme 10 --terms {}
| handle 9: add-client {} --name X | handle 3: add-member {} --name X
| email 5: add-client x --name X --contact {} | currency 8: add-client x --name X --currency {}
| cutoff 5: add-client x --name X --cutoff {} | topics 4: add-contract acme --signed 2026-01-01 --covers {}"""
# Bad references, contradicting flags and other refusals, one command each.
REFUSALS = """pay NOPE | pay A-2 1 | unpay B-1 | show-client nobody | reply 999 | close 999 | start 999 | deliver 999
| received 999 | start-phase Nope Design | start-phase Site Nope | add-invoice nobody 1 | log nobody --from x@y.ex a
| log acme --from jane@acme.example --to nobody hi | dismiss bogus:key | undismiss overdue-invoice:invoice:A-1
| add-client x --name X --manager nobody | edit-client nobody --name X | sheet nobody | notice nobody
| archive-client acme | add-invoice acme 1 --number A-1 | pay A-1 99999 | add-invoice acme 1 --project Site --phase Nope
| add-invoice acme 1 --number .x | add-invoice acme 1 --number 'a b' | remind NOPE | add-member me --name Again
| add-contract acme --signed 2026-01-01 --kind weekly | add-contract acme --signed 2026-01-01 --file /nonexistent/x.pdf
| edit-client acme --terms net15 --effective garbage | add-project acme P2 --phase a=-5
| add-project acme P --phase a=1 --phase a=2 | add-client x --name X --phase-gating --no-phase-gating
| edit-client acme --phase-gating --no-phase-gating | add-contract acme --signed 2026-01-01 --rate abc
| add-member x --name X --email nope""".replace("\n", " ")
# One-line fields with a line break ('\n', '\r' in quotes) or too long (LONG: 1,001 characters, HUGE: 100,000).
ONE_LINE = r"""add-client x --name LONG | log acme --from jane@acme.example LONG | log acme --from jane@acme.example
HUGE | add-contact acme 'Al <al@acme.example>' --role LONG | waiting-on acme LONG --due 2026-12-01
| add-project acme LONG --phase a=1 | add-client x --name 'A\nB' | add-client x --name 'A\rB'
| edit-client acme --name 'Acme\nINV-9   USD 1.00 forged' | log acme --from jane@acme.example 'a\nb'
| add-contact acme 'Al <al@acme.example>' --role 'r\nx' | add-contact acme 'Al\nX <al@acme.example>'
| add-contact acme Al --phone '1\n2' | add-member x --name 'M\nN' | add-project acme 'P\nQ' --phase a=1
| add-project acme P3 --phase 'a\nb=1' | waiting-on acme 'w\nx' --due 2026-12-01
| add-contract acme --signed 2026-01-01 --file 'signed\ncontract.pdf'"""
BAD_CONFIGS = [
    'colour = "red"\n', 'timezone = "Mars/Base"\n', 'currency = "XX"\n', 'soon = "4"\n', 'numbers = "1_234.56"\n',
    '[calendar]\nhours = "17:00-09:00"\n', '[calendar]\ndays = ["funday"]\n', '[calendar]\nholidays = ["2026-13-01"]\n',
    "this is not toml\n", 'currency = "US\0D"\n', '[[reminders]]\nafter = "-1d"\ntone = "firm"\n',
    '[defaults]\ncutoff = "funday"\n', '[communication]\ncheck_times = ["25:00"]\n',
    '[calendar]\nholidays_file = "missing.ics"\n', '[defaults]\nterms = "net-30"\n', b"\xff\xfe\x00garbage",
]

def bad_import_docs(doc):
    """(what, text) of documents that import must refuse, writing nothing."""
    void_id = next(i["id"] for i in doc["invoices"] if i.get("voided_at"))
    other = next(c["id"] for c in doc["contacts"] if c["client_id"] != doc["messages"][0]["client_id"])
    changes = [  # (what, where, value, [where, value]...); where is "table.row.key" or a key of the document
        ("message from another client's contact", "messages.0.from_contact", other),
        ("due before issue", "invoices.0.due", "2026-09-01"), ("empty currency", "clients.0.currency", ""),
        ("ANSI currency", "clients.0.currency", "\x1b[31mEUR"), ("1 MB subject", "messages.0.subject", "s" * 2**20),
        ("NUL subject", "messages.0.subject", "a\0b"), ("newline in a name", "clients.0.name", "Acme\nforged | row"),
        ("reminder step -7", "reminders.0.step", -7), ("year 0000", "invoices.0.issued", "0000-10-01"),
        ("unknown client", "invoices.0.client_id", 999), ("unknown invoice", "payments.0.invoice_id", 999),
        ("contact of no client", "contacts.2.client_id", 999), ("unknown manager", "clients.0.manager_id", 42),
        ("duplicate handle", "clients.1.handle", doc["clients"][0]["handle"]),
        ("bad handle", "clients.0.handle", "Bad Handle"), ("negative amount", "invoices.0.amount", "-5.00"),
        ("three decimals in USD", "invoices.0.amount", "12.345"), ("number ../x", "invoices.0.number", "../x"),
        ("bad terms", "rule_versions.0.terms", "net-30"), ("bad late fee", "rule_versions.0.late_fee", "abc"),
        ("bad e-mail", "contacts.0.email", "not-an-email"), ("bad time", "messages.0.at", "2026-13-45T00:00:00Z"),
        ("negative phase", "phases.0.amount", "-1.00"), ("bad due date", "waiting.0.due", "soon"),
        ("duplicate invoice id", "invoices.1.id", doc["invoices"][0]["id"]),
        ("payment above the amount", "payments.0.amount", "99999.00", "invoices.0.settled_on", "2026-10-20"),
        ("newer format", "expect_export", 99),
        ("1001-character name", "clients.0.name", "x" * 1001), ("bad gating", "rule_versions.0.phase_gating", "?"),
    ]
    out = []
    for what, *pairs in changes:
        d = json.loads(json.dumps(doc))
        for where, value in zip(pairs[::2], pairs[1::2]):
            *path, key = where.split(".")
            (d[path[0]][int(path[1])] if path else d)[key] = value
        out.append((what, json.dumps(d, indent=1)))
    d = json.loads(json.dumps(doc))  # a part payment, recorded after the void
    d["payments"].append(dict(d["payments"][0], id=99, invoice_id=void_id, amount="10.00",
                              created_at="2026-11-28T00:00:00Z"))
    return out + [("payment on a void invoice", json.dumps(d)), ("not a document", "garbage {\n"), ("empty", ""),
                  ("TOML with NUL", 'expect_export = 1\n[[members]]\nid = 1\nhandle = "me"\nname = "M\0e"\n')]

def bad_inputs(h, doc):
    folder = h.fresh("bad")
    book, empty = build_book(h, os.path.join(folder, "book.db")), os.path.join(folder, "empty.db")
    h.must(["init"], empty)
    cases = []  # (args, database to copy, cfg, as_of, note): each case runs on its own copy
    for entry in TEMPLATES.replace("\n", " ").split("|"):
        (kind, n), template = entry.split(":")[0].split(), entry.split(":", 1)[1]
        cases += [([v if t == "{}" else t for t in shlex.split(template)], book, None, "--as-of" not in template, "")
                  for v in BAD[kind][:int(n)]]
    cases += [(shlex.split(c), book, None, True, "") for c in REFUSALS.split("|")]
    write(os.path.join(h.tmp, "signed\ncontract.pdf"), "%PDF")  # so that only its name is wrong
    values = {"LONG": "x" * 1001, "HUGE": "x" * 100_000}
    for line in ONE_LINE.replace("\n", " ").split("|"):
        args = [values.get(t, t.replace("\\n", "\n").replace("\\r", "\r")) for t in shlex.split(line)]
        cases.append((args, book, None, True, ""))
    for i, text in enumerate(BAD_CONFIGS + [None]):
        cfg = write(os.path.join(folder, f"c{i}.toml"), text) if text is not None else folder
        note = f" [config {text[:40]!r}]" if text is not None else " [config: a folder]"
        cases += [(["clients"], book, cfg, True, note)] * (i < 6) + [(["add-client", "x", "--name", "X"], book, cfg,
                                                                       True, note)]
    for i, (what, text) in enumerate(bad_import_docs(doc) + [("a missing file", None)]):
        path = write(os.path.join(folder, f"d{i}.json"), text) if text is not None else folder + "/missing.json"
        cases.append((["import", path], empty, None, True, f" [{what}]"))
    merge = {k: [r for r in doc[k] if r["client_id"] == doc["clients"][0]["id"]] for k in ("contacts", "rule_versions")}
    merge.update(expect_export=doc["expect_export"], members=doc["members"])  # one new client, gamma
    for i, (key, value) in enumerate((("name", "G\nforged"), ("currency", ""), ("name", "G\0"), ("handle", "G G"),
                                      ("handle", "gamma"))):
        merge["clients"] = [{**doc["clients"][0], "handle": "gamma", key: value}]
        path = write(os.path.join(folder, f"m{i}.json"), json.dumps(merge))
        cases.append((["import", "--merge", path], book, None, True, f" [a new client with {key} {value!r}]"))
    # Controls: the untouched document imports, and so does a good --merge (the last one above).
    control = h.run(["import", write(os.path.join(folder, "good.json"), json.dumps(doc))], os.path.join(folder, "c.db"))
    merged = h.run(cases.pop()[0], shutil.copy(book, os.path.join(folder, "m.db")))
    for r, what in ((control, "the untouched document"), (merged, "a good --merge document")):
        if r.code != 0:
            h.fail("bad inputs", f"control: {what} does not import: {first(r.err)}")
    counts = Counter()
    for args, template, cfg, as_of, note in cases:
        db = shutil.copy(template, os.path.join(h.fresh("case"), "x.db"))
        before = [read(db), read(db + "-wal")]
        r = h.run(args, db, cfg, as_of)
        lines = r.err.splitlines()
        checks = {"exit 2": r.code == 2, "database unchanged": before == [read(db), read(db + "-wal")],
                  "one-line error": 1 <= len(lines) <= 2 and lines[0].startswith("expect: error: ")
                  and len(r.err.encode()) < 600 and "panicked" not in r.err and "backtrace" not in r.err,
                  "no raw control char on stderr": not ctl(r.err)}
        counts.update(["tried"] + [k for k, ok in checks.items() if ok])
        if not all(checks.values()):
            h.fail("bad inputs", f"{show(['expect'] + args)}{note}: exit {r.code}, {len(r.err.encode())} B stderr: "
                   f"{first(r.err)} -- fails: {', '.join(k for k, ok in checks.items() if not ok)}")
    return [(k, counts[k]) for k in ("tried", "exit 2", "database unchanged", "one-line error",
                                     "no raw control char on stderr")]


# ---------------------------------------------------------------- 2. concurrent writers

def writer_script(w):
    """20 writes: a client, then messages, invoices and payments of those invoices."""
    return [["add-client", f"w{w}", "--name", f"Writer {w}"]] + [
        [["pay", f"W{w}-{i - 1}", "10", "--on", "2026-11-10"], ["log", f"w{w}", "--from", f"x{w}@w.example",
         f"s{w}-{i}"], ["add-invoice", f"w{w}", "10", "--issued", "2026-11-01", "--number", f"W{w}-{i}"]][i % 3]
        for i in range(1, 20)]

def concurrent_writers(h, writers=16):
    db = os.path.join(h.fresh("conc"), "new-folder", "shared.db")  # neither exists: the first writers race
    acked, errors, lock = [], Counter(), threading.Lock()

    def worker(w):
        for args in writer_script(w):
            r = h.run(args, db)
            with lock:
                if r.code == 0:
                    acked.append(args)
                else:
                    errors["locked/busy" if "locked" in r.err or "busy" in r.err else first(r.err, 90)] += 1
    threads = [threading.Thread(target=worker, args=(w,)) for w in range(writers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    d = json.loads(h.must(["export", "--format", "json"], db).out)
    numbers = {i["id"]: i["number"] for i in d["invoices"]}
    have = {"add-client": {c["handle"] for c in d["clients"]}, "log": {m["subject"] for m in d["messages"]},
            "add-invoice": set(numbers.values()), "pay": {numbers[p["invoice_id"]] for p in d["payments"]}}
    lost = [a for a in acked if (a[-1] if a[0] in ("log", "add-invoice") else a[1]) not in have[a[0]]]
    for line in [f"acknowledged, then lost: {show(['expect'] + a)}" for a in lost] + [
            f"{n} writes failed: {msg}" for msg, n in errors.items()]:
        h.fail("concurrent writers", line)
    return [("writes tried", writers * 20), ("acknowledged (exit 0)", len(acked)),
            ("found afterwards", len(acked) - len(lost)), ("failed with locked/busy", errors["locked/busy"]),
            ("failed otherwise", sum(errors.values()) - errors["locked/busy"])]


# ---------------------------------------------------------------- 3. kill -9

def kill9(h, doc, trials, n_invoices=3000):
    """Even trials kill an import of a few thousand records into a new path, odd ones an add-invoice loop."""
    folder = h.fresh("kill")
    big = write(os.path.join(folder, "big.json"), json.dumps(doc_with_invoices(doc, n_invoices)))
    total, seed = len(doc["invoices"]) + n_invoices, os.path.join(folder, "seed.db")
    h.must(["add-client", "acme", "--name", "Acme"], seed)
    t0 = time.monotonic()
    h.must(["import", big], os.path.join(folder, "calibrate.db"))
    span = time.monotonic() - t0
    loop = (f'i=0; while :; do i=$((i+1)); "$0" --db "$1" --config "$2" --as-of {AS_OF} '
            'add-invoice acme 100 --number L-$i >/dev/null 2>&1 || exit 3; done')
    c = Counter()
    for t in range(trials):
        db, importing = os.path.join(folder, f"t{t}.db"), t % 2 == 0
        if importing:
            p = h.spawn(["import", big], db, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        else:
            p = subprocess.Popen(["sh", "-c", loop, h.bin, shutil.copy(seed, db), h.cfg], env=h.env(db),
                                 start_new_session=True)
        time.sleep(random.uniform(0, span * 1.1 if importing else 0.3))
        c["killed while running"] += p.poll() is None
        try:
            os.killpg(p.pid, 9)  # the whole group: the shell and its running add-invoice
        except ProcessLookupError:
            pass
        p.wait()
        follow = h.run(["add-client", "after", "--name", "After"], db)
        ok, out = sql(db, "PRAGMA integrity_check") if os.path.exists(db) else (True, "ok")
        got, n = sql(db, "SELECT count(*) FROM invoices") if importing and os.path.exists(db) else (False, "")
        partial = got and n.isdigit() and int(n) not in (0, total)
        c.update({"trials": 1, "integrity ok": ok and out == "ok", "partial imports": partial,
                  "follow-up ok": follow.code == 0})
        what = f"trial {t}: {f'import of {total} invoices' if importing else 'add-invoice loop'} killed"
        for bad, line in ((partial, f"{n} of {total} invoices left"), (not (ok and out == "ok"), f"integrity_check: "
                          f"{first(out)}"), (follow.code != 0, f"then `expect add-client after --name After` -> "
                          f"exit {follow.code}: {first(follow.err)}")):
            if bad:
                h.fail("kill -9", f"{what}, {line}")
        for f in glob.glob(db + "*"):  # the database, its -wal, -shm or -journal
            os.remove(f)
    return [(k, c[k]) for k in ("trials", "killed while running", "integrity ok", "partial imports", "follow-up ok")
            ] + [("(one import takes, ms)", round(span * 1000))]


# ---------------------------------------------------------------- 4. file faults

def snap(folder):
    """name -> (link target, mode, bytes) of every entry of folder."""
    out = {}
    for name in sorted(os.listdir(folder)):
        p = os.path.join(folder, name)
        out[name] = (os.readlink(p), None, None) if os.path.islink(p) else (None, os.lstat(p).st_mode & 0o7777, read(p))
    return out

def make_fault(kind, path, book):
    kind = kind.replace("symlink to ", "")
    if kind in ("an empty file", "a 1-byte file", "a text file"):
        write(path, {"an empty file": "", "a 1-byte file": "x", "a text file": "hello\nworld\n"}[kind])
    elif kind == "another program's SQLite database":
        pragma(path, "CREATE TABLE notes(x)", "INSERT INTO notes VALUES ('mine')")
    elif kind.startswith("user_version"):
        pragma(shutil.copy(book, path), f"PRAGMA user_version = {kind.split()[1]}")
    elif kind == "expect's application id, no schema":
        pragma(path, f"PRAGMA application_id = {APP_ID}", "PRAGMA user_version = 1")
    os.chmod(path, 0o644)

def damage(db, table):
    """Overwrites the last 1000 bytes of table's root page, where its cells are."""
    page = pragma(db, f"SELECT rootpage FROM sqlite_master WHERE name = '{table}'")[0][0]
    size = pragma(db, "PRAGMA page_size")[0][0]
    with open(db, "r+b") as f:
        f.seek(size * page - 1000)
        f.write(b"\xde\xad\xbe\xef" * 250)

def file_faults(h, book):
    results, zz = [], ["add-client", "zz", "--name", "Z"]

    def case(what, folder, db, args, want, unchanged=True, nobody=False, extra=None):
        """Runs args on db: exit status in want, folder untouched (or at least no new 0644 file), extra(r) None."""
        before = snap(folder)
        r = h.run(args, db, as_of="--as-of" not in args, nobody=nobody)
        after = snap(folder)
        problems = [] if r.code in want else [f"exit {r.code} (wanted {'/'.join(map(str, want))}): "
                                              f"{first(r.err or r.out)}"]
        changed = sorted(k for k in {*before, *after} if before.get(k) != after.get(k))
        problems += [f"changed: {', '.join(changed)}"] * bool(unchanged and changed)
        problems += [f"new file {k} has mode {after[k][1]:04o}" for k in set(after) - set(before)
                     if after[k][1] is not None and after[k][1] & 0o077]
        problems += [p for p in [extra and extra(r)] if p]
        results.append(not problems)
        if problems:
            h.fail("file faults", f"{what}: {show(['expect', '--db', db] + args)}: {'; '.join(problems)}")

    for kind in ("an empty file", "a 1-byte file", "a text file", "another program's SQLite database", "user_version 0",
                 "user_version -1", "user_version 99", "expect's application id, no schema",
                 "symlink to an empty file", "symlink to a 1-byte file"):
        for args in (["clients"], zz, ["export"], ["backup", "copy.db"]):
            folder = h.fresh("fault")
            db = target = os.path.join(folder, "x.db")
            make_fault(kind, target, book)
            if kind.startswith("symlink"):
                os.symlink(target, db := os.path.join(folder, "link.db"))
            case(kind, folder, db, [os.path.join(folder, a) if a == "copy.db" else a for a in args], (2,))
    for args in (["clients"], zz):
        folder = h.fresh("fault")
        case("a folder as --db", folder, folder, args, (2,))
    folder = h.fresh("fault")
    missing = os.path.join(folder, "new", "x.db")
    case("a missing database, read", folder, missing, ["clients"], (2,))
    case("a missing database, write", folder, missing, zz, (0,), False, extra=lambda r: None if [
         os.stat(p).st_mode & 0o777 for p in (missing, os.path.dirname(missing))] == [0o600, 0o700]
         else "not created 0600 in a 0700 folder")
    os.chmod(h.tmp, 0o755)  # read-only cases run as nobody when we are root, so that the modes apply
    for what, fmode, dmode in (("a read-only (0444) database", 0o444, 0o777), ("a read-only folder", 0o644, 0o555)):
        for args, want in ((["--format", "json", "clients"], (0,)), (["export"], (0,)), (["verify"], (0,)), (zz, (2,))):
            folder = h.fresh("ro")
            db = shutil.copy(book, os.path.join(folder, "x.db"))
            os.chmod(db, fmode)
            os.chmod(folder, dmode)
            case(what, folder, db, args, want, nobody=True,
                 extra=lambda r, a=args: None if a[-1] != "clients" or '"acme"' in r.out else "acme not listed")
            os.chmod(folder, 0o755)
    for table, args, want in (("invoices", ["verify"], (1,)), ("invoices", ["invoices"], (2,)),
                              ("invoices", ["add-invoice", "acme", "5"], (2,)), ("invoices", ["export"], (2,)),
                              ("invoices", ["backup", "copy.db"], (2,)), ("clients", ["verify"], (1,)),
                              ("clients", zz, (2,)), ("clients", ["clients"], (2,))):
        folder = h.fresh("damage")
        damage(db := shutil.copy(book, os.path.join(folder, "x.db")), table)
        case(f"a damaged {table} page", folder, db, [os.path.join(folder, a) if a == "copy.db" else a for a in args],
             want, extra=lambda r: "stdout does not say damaged" if r.code == 1 and "damaged" not in r.out else None)
    # Reminders into a folder with a planted symlink (to a file, to nowhere), and numbers that could share a name.
    for numbers, link in ((["A-1", "A-2"], "precious.txt"), (["A-1", "A-2"], "nowhere.txt"), (["a/b", "a_b"], None)):
        folder = h.fresh("remind")
        db, out, remind = os.path.join(folder, "r.db"), os.path.join(folder, "out"), ["--as-of", "2026-11-15", "remind"]
        os.mkdir(out)
        for args in [["add-client", "acme", "--name", "Acme"]] + [["add-invoice", "acme", "1", "--number", n]
                                                                 for n in numbers]:
            h.run(["--as-of", "2026-10-01"] + args, db, as_of=False)
        write(os.path.join(folder, "precious.txt"), "keep me")
        if link:
            os.symlink(os.path.join(folder, link), os.path.join(out, "A-2-firm.txt"))

        def left(r, f=folder, o=out, db=db, link=link):
            names = sorted(os.listdir(o))
            if not link:
                return None if len(names) == 2 else f"{len(names)} files for 2 reminders"
            return "; ".join(x for x in (
                "the link's target changed" * (read(os.path.join(f, "precious.txt")) != b"keep me"),
                "the link was followed" * os.path.exists(os.path.join(f, "nowhere.txt")),
                f"left in DIR: {names}" * (names != ["A-2-firm.txt"]),
                "a reminder was recorded" * (h.run(remind + ["--dry-run"], db, as_of=False).code != 1)) if x) or None
        case(f"remind --out with a planted symlink to {link}" if link else "remind --out, invoices a/b and a_b",
             folder, db, remind + ["--out", out], (2,) if link else (1,), False, extra=left)
    for what in ("an existing file", "a symlink to a file", "a dangling symlink", "a new path"):
        folder = h.fresh("backup")
        db, dest, good = shutil.copy(book, os.path.join(folder, "x.db")), os.path.join(folder, "copy.db"), "new" in what
        if what == "an existing file":
            write(dest, "keep me")
        elif not good:
            os.symlink(write(os.path.join(folder, "t"), "keep") if "file" in what else os.path.join(folder, "no"), dest)
        case(f"backup onto {what}", folder, db, ["backup", dest], (0,) if good else (2,), not good,
             extra=lambda r, d=dest, g=good: None if not g or sql(d, "PRAGMA quick_check") == (True, "ok")
             else "the copy is not a sound database")
    return [("tried", len(results)), ("handled as expected", sum(results))]


# ---------------------------------------------------------------- 5. injections

ESCAPES = {"CSI": "\x1b[31mred\x1b[2J", "OSC+BEL": "\x1b]0;pwned\x07", "backspace": "ok\x08\x08\x08BAD",
           "C1": "\u009b2Jc1"}
PLANTS = {  # where hostile text goes in: {} is the text, always after = or --, so that it may start with -
    "client name": ["edit-client acme --name={}"],
    "subject": ["log acme --from jane@acme.example --at 2026-11-26T10:00 --request -- {}"],
    "role": ["add-contact acme --role={} -- 'Al <al@acme.example>'"],
    "project": ["add-project acme --phase One=100 -- {}", "start-phase --on 2026-11-01 -- {} One"],
    "phase": ["add-project acme P2 --phase={}=100"],
    "waiting item": ["waiting-on acme --due 2026-11-20 -- {}"],
    "member name": ["add-member eve --name={}", "edit-client acme --manager eve"],
    "void reason": ["add-invoice acme 5 --number V-1", "void V-1 --reason={}"],
    "contact name": ["add-contact acme --primary -- '{} <al@acme.example>'"],
    "contract file": ["add-contract acme --signed 2026-11-01 --file={}"],  # a file of that name is made first
}
REPORTS = ["clients --all", "members", "show-client acme", "messages", "waiting", "projects", "invoices", "overdue",
           "check --all", "calendar", "contracts", "scorecard", "remind --dry-run", "sheet acme", "notice acme",
           "signature acme", "calendar --ics"]
TEXT_ONLY = ("sheet", "notice", "signature", "--ics")

def plant(h, db, field, text):
    """Puts text into field: (problems, how many commands refused it)."""
    problems, refused = [], 0
    if field == "contract file" and "/" not in text:
        write(os.path.join(h.tmp, text), "%PDF")
    for line in PLANTS[field]:
        args = [t.replace("{}", text) for t in shlex.split(line)]
        r = h.run(args, db)
        refused += r.code == 2
        if r.code not in (0, 2) or ctl(r.err):
            problems.append(f"{show(['expect'] + args)} -> exit {r.code}: {first(r.err)}")
    return problems, refused

def report_problems(h, db, report, fmt):
    """What is wrong in one report: raw control characters or a forged row in a table, formulas in CSV, bad JSON."""
    r, cmd = h.run(["--format", fmt] + report.split(), db), show(["expect", "--format", fmt] + report.split())
    out = r.out.replace("\r\n", "\n") if "--ics" in report else r.out  # iCalendar lines end in CRLF
    if r.code not in (0, 1):
        return [f"{cmd} -> exit {r.code}: {first(r.err)}"]
    if fmt == "table" and (ctl(out) or ctl(r.err)):
        return [f"{cmd}: raw {''.join(sorted(set(ctl(out) + ctl(r.err))))!r} in its output"]
    if fmt == "table":
        return [f"{cmd}: a newline forged a row"] * any(line.startswith("FORGED") for line in out.splitlines())
    if fmt == "json":
        try:
            json.loads(r.out)
        except ValueError as e:
            return [f"{cmd}: not JSON: {e}"]
        return []
    cells = [c for row in csv.reader(io.StringIO(r.out)) for c in row]
    return ([f"{cmd}: cell {c[:30]!r} starts a formula" for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")]
            + [f"{cmd}: number {c!r} was quoted" for c in cells if c[:1] == "'" and c[1:].replace(".", "").isdigit()])

def injections(h):
    seed = build_book(h, os.path.join(h.fresh("inj"), "seed.db"))
    cases = [(f"{esc} in {field}", [field], text) for field in PLANTS for esc, text in ESCAPES.items()
             if esc in ("CSI", "OSC+BEL") or field in ("client name", "subject", "member name", "void reason")]
    cases += [(f"CSV {p!r}-prefixed text in every field", list(PLANTS), p + "SUM(1+1)*cmd|' /C calc'!A0")
              for p in "=+-@\t\r"]
    cases += [(f"newline forging a row via {f}", [f], "Acme\nFORGED | USD 1.00")
              for f in ("client name", "subject", "contact name", "contract file")]
    safe = 0
    for what, fields, text in cases:
        db = shutil.copy(seed, os.path.join(h.fresh("inj"), "x.db"))
        problems, refused = [], 0
        for f in fields:
            p, n = plant(h, db, f, text)
            problems, refused = problems + p, refused + n
        if "\n" in text and not refused:
            problems.append("a newline in a one-line field was accepted")
        for report in REPORTS:
            for fmt in ("table",) if any(t in report for t in TEXT_ONLY) else ("table", "csv", "json"):
                problems += report_problems(h, db, report, fmt)
        problems += report_problems(h, db, "export", "json")
        out = h.run(["export"], db)  # what the commands took in, export writes and import reads back
        back = h.run(["import", write(db + ".toml", out.out)], os.path.join(os.path.dirname(db), "back.db"))
        if out.code or back.code:
            problems.append(f"export, then import of it into a new path -> exit {out.code}/{back.code}: "
                            f"{first(out.err or back.err)}")
        safe += not problems
        for p in problems[:6] + ([f"... and {len(problems) - 6} more"] if len(problems) > 6 else []):
            h.fail("injections", f"{what}: {p}")
    return [("tried", len(cases)), ("safe", safe)]


# ---------------------------------------------------------------- 6. failing import racing a writer

def import_race(h, doc, trials):
    folder = h.fresh("race")
    small = json.loads(json.dumps(doc))
    small["clients"][0]["manager_id"] = 42  # refused at the first client
    docs = [write(os.path.join(folder, "small.json"), json.dumps(small)),
            write(os.path.join(folder, "medium.json"), json.dumps(doc_with_invoices(doc, 300, bad_last=True)))]
    c, why = Counter(), Counter()
    for t in range(trials):
        db, procs = os.path.join(folder, f"r{t}.db"), {}
        pair = [(["import", docs[t % 2]], "import"), (["add-client", "other", "--name", "Other"], "writer")]
        random.shuffle(pair)
        for i, (args, name) in enumerate(pair):
            procs[name] = h.spawn(args, db, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            time.sleep(random.uniform(0, 0.01) * (i == 0))
        err = {k: p.communicate()[1].decode("utf-8", "replace") for k, p in procs.items()}
        c["trials"] += 1
        if procs["import"].returncode != 2:
            h.fail("import race", f"trial {t}: the bad import exited {procs['import'].returncode}")
        if procs["writer"].returncode != 0:
            c["writer failed"] += 1
            why[first(err["writer"].replace(db, "DB"), 100)] += 1
            continue
        c["acknowledged writes"] += 1
        r = h.run(["--format", "json", "clients"], db)
        if r.code != 0 or '"other"' not in r.out:
            c["acknowledged writes lost"] += 1
            h.fail("import race", f"trial {t} ({os.path.basename(docs[t % 2])}, {pair[0][1]} started first): "
                   f"`expect add-client other` said ok, then `clients` -> exit {r.code}: {first(r.err or r.out)}")
    for msg, n in why.items():
        h.fail("import race", f"{n} trials: `expect add-client other --name Other` failed: {msg}")
    return [(k, c[k]) for k in ("trials", "acknowledged writes", "acknowledged writes lost", "writer failed")]


# ---------------------------------------------------------------- main

def table(title, rows, seconds):
    print(f"\n{title}  [{seconds:.0f} s]")
    w = max(len(r[0]) for r in rows)
    for name, value in rows:
        print(f"  {name:<{w}}  {value:>7}")

def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--bin", required=True, help="the expect binary to attack")
    ap.add_argument("--quick", action="store_true", help="a short run: fewer kill -9 and race trials")
    ap.add_argument("--kill-trials", type=int, help="kill -9 trials (default 200 with --quick, else 600)")
    ap.add_argument("--seed", type=int, help="random seed, to repeat a run")
    ap.add_argument("--json", metavar="FILE", help="also write the figures and failures to FILE")
    a = ap.parse_args()
    random.seed(a.seed)
    tmp = tempfile.mkdtemp(prefix="expect-attack-")
    h, figures = H(a.bin, tmp), {}
    try:
        book = build_book(h, os.path.join(h.fresh("doc"), "d.db"))
        doc = json.loads(h.must(["export", "--format", "json"], book).out)
        doc.pop("book", None)  # a key only newer builds write; every build reads the rest
        kills = a.kill_trials or (200 if a.quick else 600)
        print(f"attack on {a.bin} ({'quick' if a.quick else 'full'} run, folder {tmp})")
        for title, fn in (
                ("1. bad inputs", lambda: bad_inputs(h, doc)),
                ("2. concurrent writers (16 x 20 writes, one new path)", lambda: concurrent_writers(h)),
                (f"3. kill -9 ({kills} trials, half imports, half add-invoice loops)", lambda: kill9(h, doc, kills)),
                ("4. file faults", lambda: file_faults(h, book)),
                ("5. injections", lambda: injections(h)),
                ("6. failing import into a new path racing a writer",
                 lambda: import_race(h, doc, 30 if a.quick else 100))):
            t0 = time.monotonic()
            figures[title] = fn()
            table(title, figures[title], time.monotonic() - t0)
        for cat, lines in h.failures.items():
            print(f"\nfailures: {cat} ({len(lines)})")
            for line in lines:
                print(f"  - {line}")
        print("\nno failures" if not h.failures else "")
        if a.json:
            write(a.json, json.dumps({"bin": a.bin, "figures": figures, "failures": h.failures}, indent=1))
    finally:
        subprocess.run(["chmod", "-R", "u+rwX", tmp])
        shutil.rmtree(tmp, ignore_errors=True)
    return 1 if h.failures else 0


if __name__ == "__main__":
    sys.exit(main())
