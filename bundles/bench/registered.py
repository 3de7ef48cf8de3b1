#!/usr/bin/env python3
"""Start to Registered: ours, the JVM floor and baresip, interleaved (issue 19). Run by registered.sh.

    registered.py ROOT PROFILE ROUNDS FLOOR_DIR
    registered.py --train PROFILE FLOOR_DIR      (the floor's class-data archive, FLOOR_DIR/floor.jsa)

Each round starts, one after the other (the order rotating from round to round), each with its own
process and wall clock from spawn to its first line saying it is registered over TLS at the
profile's registrar:
  ours     ROOT/ta run PROFILE --no-shell, to "REGISTRATION ... state=Registered" (what an engineer
           types; the launcher's JVM options, class-data archive and container included);
  floor    RegistrationFloor (FLOOR_DIR) with the same JIT option and a class-data archive of its
           own: JVM start, one TLS 1.2 handshake checking the proxy's name, REGISTER, 401, REGISTER
           with digest, 200; no SIP stack, no container: what any JVM program pays on this machine;
  baresip  /usr/bin/baresip with one TLS account for the same user, to its "200 OK" line
           (a native SIP client: the issue's reference), when installed.
The CPU of each process (user + system, from /proc) is read at that line. Ratios are taken inside a
round only; the summary gives the median of each figure and of the per-round ratios.
"""
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time

TICK = os.sysconf("SC_CLK_TCK")
# The line password reaches the floor through its environment (owner-only in /proc), not its command line.
PASSWORD = "SECURETA_FLOOR_PASSWORD"
LIMIT = 30.0


def cpu_ms(pid):
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) * 1000 // TICK
    except (OSError, IndexError, ValueError):
        return None


def load():
    with open("/proc/loadavg") as f:
        return f.read().split()[0]


def timed(command, pattern, cwd=None, stop=True, env=None):
    """Seconds from spawn to the first output line matching pattern, and the process's CPU then;
    then the process is stopped, or (stop=False) left to end on its own."""
    t0 = time.monotonic()
    p = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd=cwd,
                         env=None if env is None else {**os.environ, **env})
    killer = threading.Timer(LIMIT, p.kill)
    killer.start()
    seen, at, cpu = [], None, None
    for line in p.stdout:
        seen.append(line)
        if re.search(pattern, line):
            at = time.monotonic() - t0
            cpu = cpu_ms(p.pid)
            break
    if not stop:
        for _ in p.stdout:
            pass
    killer.cancel()
    p.terminate()
    try:
        p.wait(15)
    except subprocess.TimeoutExpired:
        p.kill()
        p.wait()
    if at is None:
        sys.stderr.write(f"# {command[0]} gave no registered line within {LIMIT:.0f} s; its last output:\n"
                         + "".join(seen[-15:]))
    return at, cpu


def profile_values(path):
    values = {}
    with open(path) as f:
        for line in f:
            line = line.strip()
            if line and not line.startswith("#") and "=" in line:
                k, v = line.split("=", 1)
                values[k.strip()] = v.strip()
    return values


def one(values, suffix):
    for k, v in values.items():
        if k.endswith(suffix):
            return v
    raise SystemExit(f"the profile has no {suffix}")


def floor_arguments(profile):
    values = profile_values(profile)
    host, port = one(values, "].ServerHost").rsplit(":", 1)
    user = one(values, "].Username")
    password = one(values, "].Password")
    home = profile[: -len(".profile")] + ".home" if profile.endswith(".profile") else profile + ".home"
    ca_dir = os.path.join(home, "certs", "other")
    cas = sorted(f for f in os.listdir(ca_dir) if f.endswith((".crt", ".pem"))) if os.path.isdir(ca_dir) else []
    if not cas:
        raise SystemExit(f"no CA certificate in {ca_dir}: start the unit once (README lab) so that its home holds it")
    return host, port, user, password, os.path.join(ca_dir, cas[0])


def main():
    if sys.argv[1] == "--train":
        profile, floor_dir = os.path.abspath(sys.argv[2]), sys.argv[3]
        host, port, user, password, ca = floor_arguments(profile)
        at, _ = timed(["java", f"-XX:ArchiveClassesAtExit={floor_dir}/floor.jsa", "-Xlog:cds=off", "-Xlog:cds+dynamic=off",
                       "-XX:TieredStopAtLevel=1", "-cp", f"{floor_dir}/floor.jar", "RegistrationFloor", host, port, user, ca],
                      r"REGISTRATION floor state=Registered", stop=False, env={PASSWORD: password})
        if at is None or not os.path.exists(f"{floor_dir}/floor.jsa"):
            raise SystemExit("the floor's training run did not register: see its output above")
        return
    root, profile, rounds, floor_dir = sys.argv[1], os.path.abspath(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
    host, port, user, password, ca = floor_arguments(profile)
    java_floor = ["java", f"-XX:SharedArchiveFile={floor_dir}/floor.jsa", "-Xlog:cds=off", "-XX:TieredStopAtLevel=1",
                  "-cp", f"{floor_dir}/floor.jar", "RegistrationFloor", host, port, user, ca]

    runners = {
        "ours": lambda: timed([os.path.join(root, "ta"), "run", profile, "--no-shell"], r"REGISTRATION .*state=Registered", cwd=root),
        "floor": lambda: timed(java_floor, r"REGISTRATION floor state=Registered", env={PASSWORD: password}),
    }
    baresip_dir = None
    if shutil.which("baresip"):
        baresip_dir = tempfile.mkdtemp(prefix="registered-baresip-")
        os.chmod(baresip_dir, 0o700)
        with open(os.path.join(baresip_dir, "config"), "w") as f:
            f.write("\n".join([
                "poll_method epoll", "sip_listen 127.0.0.1:0", f"sip_cafile {ca}", "sip_verify_server yes",
                "module_path /usr/lib/baresip/modules", "module_app account.so", ""]))
        with open(os.path.join(baresip_dir, "accounts"), "w") as f:
            f.write(f"<sip:{user}@{host}:{port};transport=tls>;auth_pass={password};regint=60\n")
        runners["baresip"] = lambda: timed(["baresip", "-4", "-f", baresip_dir], r"200 OK")
    else:
        print("# baresip not installed (apt-get install baresip-core): its column is left out")

    names = list(runners)
    results = {n: [] for n in names}
    print(f"# {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, {os.cpu_count()} cores, load {load()}, "
          f"{rounds} rounds after one warm-up round (file cache), registrar {host}:{port}, user {user}")
    print("round  " + "  ".join(f"{n:>16}" for n in names) + "   ours/floor  ours/baresip  load")
    try:
        for n in names:
            runners[n]()
        for r in range(rounds):
            order = names[r % len(names):] + names[: r % len(names)]
            got = {}
            for n in order:
                got[n] = runners[n]()
                results[n].append(got[n])
                time.sleep(0.5)
            cells = []
            for n in names:
                at, cpu = got[n]
                cells.append(f"{at:7.3f} s {cpu or 0:5d} ms" if at else f"{'none':>16}")
            ratio = lambda a, b: (f"{got[a][0] / got[b][0]:10.1f}" if got.get(a, (None,))[0] and got.get(b, (None,))[0] else f"{'-':>10}")
            print(f"{r + 1:5d}  " + "  ".join(cells) + f"   {ratio('ours', 'floor')}  {ratio('ours', 'baresip'):>12}  {load()}", flush=True)
    finally:
        if baresip_dir:
            shutil.rmtree(baresip_dir, ignore_errors=True)
    print("median " + "  ".join(
        f"{statistics.median([a for a, _ in results[n] if a]):7.3f} s {int(statistics.median([c for a, c in results[n] if a and c is not None])):5d} ms"
        if any(a for a, _ in results[n]) else f"{'none':>16}" for n in names))
    for a, b in (("ours", "floor"), ("ours", "baresip"), ("floor", "baresip")):
        if a in results and b in results:
            pairs = [x[0] / y[0] for x, y in zip(results[a], results[b]) if x[0] and y[0]]
            if pairs:
                print(f"# {a}/{b}: median of per-round ratios {statistics.median(pairs):.2f} ({min(pairs):.2f}-{max(pairs):.2f})")
    print(f"# load after: {load()}")


if __name__ == "__main__":
    main()
