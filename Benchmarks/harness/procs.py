"""Processes under test: start, wait until they answer, sample their CPU and memory, stop."""
import os, signal, ssl, subprocess, threading, time, urllib.request

TICKS = os.sysconf("SC_CLK_TCK")


def process_tree(root):
    """The pid and every descendant (nginx's workers), from /proc."""
    children = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as f:
                    ppid = int(f.read().rsplit(")", 1)[1].split()[1])
                children.setdefault(ppid, []).append(int(entry))
            except (OSError, IndexError, ValueError):
                pass
    tree, todo = [], [root]
    while todo:
        pid = todo.pop()
        tree.append(pid)
        todo.extend(children.get(pid, []))
    return tree


def cpu_ticks(pid):
    """utime + stime of one process, in clock ticks; 0 when it is gone."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return int(fields[11]) + int(fields[12])
    except (OSError, IndexError, ValueError):
        return 0


def rss_kib(pid):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


class Sampler:
    """Samples a process tree every 100 ms while a load runs: peak RSS (sum over the tree) and
    CPU used (percent of one core over the window)."""

    def __init__(self, root):
        self.root, self.peak_kib, self._stop = root, 0, threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _ticks(self):
        return sum(cpu_ticks(pid) for pid in process_tree(self.root))

    def _run(self):
        while not self._stop.is_set():
            self.peak_kib = max(self.peak_kib, sum(rss_kib(pid) for pid in process_tree(self.root)))
            self._stop.wait(0.1)

    def __enter__(self):
        self._start_ticks, self._start_time = self._ticks(), time.monotonic()
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()
        elapsed = time.monotonic() - self._start_time
        self.cpu_percent = 100.0 * (self._ticks() - self._start_ticks) / TICKS / max(elapsed, 1e-6)


class Server:
    """A server process with its output in a log file; `ready_url` must answer 2xx (https: the
    benchmark's own development certificate is not verified)."""

    def __init__(self, name, argv, log_path, env=None, cwd=None):
        self.name, self.argv, self.log_path = name, argv, log_path
        self.env = dict(os.environ, **(env or {}))
        self.cwd, self.process = cwd, None

    def start(self, ready_url, timeout=30.0):
        log = open(self.log_path, "ab")
        self.process = subprocess.Popen(self.argv, stdout=log, stderr=subprocess.STDOUT, env=self.env,
                                        cwd=self.cwd, start_new_session=True)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.name} exited with {self.process.returncode}; see {self.log_path}")
            try:
                with urllib.request.urlopen(ready_url, timeout=1, context=ssl._create_unverified_context()):
                    return self
            except OSError:
                time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"{self.name} did not answer {ready_url} within {timeout:.0f} s; see {self.log_path}")

    @property
    def pid(self):
        return self.process.pid

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
