"""The project's own Neo4j: builds and runs the embedded launcher in graph/launcher on loopback."""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import os
import secrets
import select
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from types import TracebackType
from typing import Any

HOST = "127.0.0.1"
DATA_DIR_NAME = ".neo4j-data"
PASSWORD_FILE_NAME = "neo4j-password"  # noqa: S105 (a file name, not a password)
USER = "neo4j"
LAUNCHER_CLASS = "dev.clausegraph.launcher.Launcher"
LAUNCHER_JAR = "neo4j-launcher-0.1.0.jar"
EXIT_PORT_IN_USE = 3  # the launcher's exit status when Bolt cannot bind
JVM_FLAGS: tuple[str, ...] = (
    # What the Neo4j server passes to its JVM; Java 17 accepts every one of them.
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
    "--add-opens=java.base/java.lang=ALL-UNNAMED",
    "--add-opens=java.base/java.util=ALL-UNNAMED",
    "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
    "--enable-native-access=ALL-UNNAMED",
    "-Xmx1g",
    # JVM warnings go to stdout by default, which is reserved for the READY line.
    "-Xlog:disable",
    "-Xlog:all=warning:stderr",
)
_NEEDS_JAVA = (
    "Java 17 or newer is needed to run the local Neo4j, and {java!r} was not found. Install a JDK 17+ "
    "(e.g. `apt install openjdk-17-jdk-headless` or `brew install openjdk@17`), or set NEO4J_URI to use "
    "a Neo4j you run yourself."
)
_NEEDS_MAVEN = (
    "Maven is needed once to build the local Neo4j launcher, and {mvn!r} was not found. Install Maven 3.8+ "
    "(e.g. `apt install maven` or `brew install maven`), or set NEO4J_URI to use a Neo4j you run yourself."
)


class LocalNeo4jError(Exception):
    """The local Neo4j could not be built, started or stopped; the message says what to do."""


def port_in_use(host: str, port: int) -> bool:
    """Whether something already listens on, or holds, `host:port`."""
    family, kind, proto, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
    with socket.socket(family, kind, proto) as probe:
        probe.settimeout(1.0)
        if probe.connect_ex(address) == 0:
            return True
    with socket.socket(family, kind, proto) as probe:
        # Like Neo4j's own listener: connections left in TIME_WAIT do not make the port taken.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except OSError as error:
            if error.errno == errno.EADDRINUSE:
                return True
            raise
    return False


class LocalNeo4j:
    """Neo4j Community on 127.0.0.1, run from the Java launcher with its data in one folder."""

    def __init__(
        self,
        *,
        home: Path,
        port: int,
        data_dir: Path | None = None,
        java: str = "java",
        mvn: str = "mvn",
        startup_timeout: float = 120,
    ) -> None:
        self.home = home
        self.port = port
        self.data_dir = (data_dir if data_dir is not None else home / DATA_DIR_NAME).resolve()
        self.java = java
        self.mvn = mvn
        self.startup_timeout = startup_timeout
        self.launcher_dir = home / "graph" / "launcher"
        self._target = self.launcher_dir / "target"
        self._process: subprocess.Popen[bytes] | None = None

    @property
    def uri(self) -> str:
        return f"bolt://{HOST}:{self.port}"

    @property
    def log_path(self) -> Path:
        """The launcher's own output; Neo4j's logs are in `data_dir/logs`."""
        return self.data_dir / "launcher.log"

    @property
    def pid_path(self) -> Path:
        return self.data_dir / "launcher.pid"

    @property
    def password_path(self) -> Path:
        """The password of user `neo4j`, generated on first start, readable by the owner only."""
        return self.data_dir / PASSWORD_FILE_NAME

    @property
    def auth(self) -> tuple[str, str]:
        """The Bolt credentials of this Neo4j (the password is generated if there is none yet)."""
        return USER, ensure_password(self.password_path)

    @property
    def running(self) -> bool:
        """Whether the Neo4j started by this object is still running."""
        return self._process is not None and self._process.poll() is None

    @property
    def pid(self) -> int | None:
        """The pid of the Neo4j started by `start()`, running or not."""
        return self._process.pid if self._process is not None else None

    def exit_status(self) -> int | None:
        """The exit status of the Neo4j started by `start()` once it has ended (reaping it), else None."""
        return self._process.poll() if self._process is not None else None

    # -- building ---------------------------------------------------------------------------

    def ensure_built(self) -> None:
        """Build the launcher with Maven if its jar or libraries are missing or older than its sources."""
        java = self._require_java()
        stamp, jar = self._target / "build.stamp", self._target / LAUNCHER_JAR
        sources = [self.launcher_dir / "pom.xml", *(p for p in (self.launcher_dir / "src").rglob("*") if p.is_file())]
        # The stamp, because Maven leaves an unchanged jar untouched when only the pom changed.
        built_at = max((p.stat().st_mtime for p in (stamp, jar) if p.exists()), default=0.0)
        built = (
            jar.exists()
            and any((self._target / "lib").glob("*.jar"))
            and built_at >= max(p.stat().st_mtime for p in sources)
        )
        if not built:
            mvn = shutil.which(self.mvn)
            if mvn is None:
                raise LocalNeo4jError(_NEEDS_MAVEN.format(mvn=self.mvn))
            # Jars of an older Neo4j left in lib/ would shadow the new ones on the class path.
            for stale in ("lib", "cds"):
                shutil.rmtree(self._target / stale, ignore_errors=True)
            done = subprocess.run(
                [mvn, "-q", "-B", "-DskipTests", "package"],
                cwd=self.launcher_dir,
                capture_output=True,
                text=True,
                check=False,
            )
            if done.returncode != 0:
                output = (done.stdout + done.stderr).strip().splitlines()[-40:]
                raise LocalNeo4jError(
                    f"Building the local Neo4j launcher failed (`mvn package` exit {done.returncode} in "
                    f"{self.launcher_dir}):\n" + "\n".join(output)
                )
            stamp.touch()
        self._ensure_class_archive(java)

    def _class_archive(self, java: str) -> Path:
        """Where the JVM class archive of this launcher build for this `java` lives."""
        real = Path(java).resolve()
        key = hashlib.sha256(f"{real}:{real.stat().st_mtime_ns}".encode()).hexdigest()[:16]
        return self._target / "cds" / f"{key}.jsa"

    def _ensure_class_archive(self, java: str) -> None:
        """Record the classes a start and a first query load, so later starts map them (~1.5 s faster)."""
        archive = self._class_archive(java)
        failed = archive.with_suffix(".failed")
        if archive.exists() or failed.exists():
            return
        archive.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(prefix="clausegraph-neo4j-cds-") as scratch:
            port = _free_port()
            log = archive.with_suffix(".log")
            process = self._popen(
                java, Path(scratch), port, log, [f"-XX:ArchiveClassesAtExit={archive}"], ["--warm-up"]
            )
            try:
                self._await_ready(_stdout_fd(process), process.poll, log, 0, port)
            except LocalNeo4jError:
                pass
            finally:
                _stop_child(process, timeout=120)  # the archive is written while the JVM exits
        if not archive.exists():
            failed.write_text(f"No class archive was written; see {archive.with_suffix('.log')}.\n")

    # -- running as a child of this process ---------------------------------------------------

    def start(self) -> str:
        """Start Neo4j as a child that stops when this process exits (even if killed); return its URI."""
        if self.running:
            return self.uri
        self._refuse_if_taken()
        self.ensure_built()
        java = self._require_java()
        offset = self._log_offset()
        self._process = process = self._popen(
            java, self.data_dir, self.port, self.log_path, self._archive_flags(java), self._password_flags()
        )
        self._write_pidfile(process.pid)
        try:
            self._await_ready(_stdout_fd(process), process.poll, self.log_path, offset, self.port)
        except BaseException:
            self._process = None
            _stop_child(process, timeout=30)
            self._remove_pidfile(process.pid)
            raise
        return self.uri

    def restart(self) -> str:
        """Start again after the child ended (or stop it first); return its URI."""
        self.stop()
        return self.start()

    def stop(self, timeout: float = 30) -> None:
        """Stop the Neo4j started by `start()`: close its stdin, SIGTERM, and SIGKILL as a last resort."""
        process, self._process = self._process, None
        if process is not None:
            _stop_child(process, timeout)
            self._remove_pidfile(process.pid)

    def __enter__(self) -> LocalNeo4j:
        self.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.stop()

    # -- running detached, for `clausegraph neo4j start|stop|status` ---------------------------

    def start_detached(self) -> str:
        """Start Neo4j in its own session, outliving this process until `stop_by_pidfile()`; return its URI."""
        self._refuse_if_taken()
        self.ensure_built()
        java = self._require_java()
        offset = self._log_offset()
        read_end, write_end = os.pipe()
        log_fd = os.open(self.log_path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
        try:
            # posix_spawn rather than Popen: no Popen object is left to warn that its child still runs.
            pid = os.posix_spawn(
                java,
                self._command(
                    java,
                    self.data_dir,
                    self.port,
                    self._archive_flags(java),
                    ["--no-stdin-watch", *self._password_flags()],
                ),
                os.environ,
                file_actions=[
                    (os.POSIX_SPAWN_OPEN, 0, os.devnull, os.O_RDONLY, 0),
                    (os.POSIX_SPAWN_DUP2, write_end, 1),
                    (os.POSIX_SPAWN_DUP2, log_fd, 2),
                ],
                setsid=True,
            )
        finally:
            os.close(write_end)
            os.close(log_fd)
        self._write_pidfile(pid)
        try:
            self._await_ready(read_end, lambda: _reap(pid), self.log_path, offset, self.port)
        except BaseException:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
            _wait_gone(pid, 10)
            self._remove_pidfile(pid)
            raise
        finally:
            os.close(read_end)
        return self.uri

    def status(self) -> int | None:
        """The pid of a running launcher serving this data folder, or None."""
        try:
            recorded = json.loads(self.pid_path.read_text(encoding="utf-8"))
            pid = int(recorded["pid"])
        except (OSError, ValueError, KeyError, TypeError):
            return None
        if self._process is not None and self._process.pid == pid:
            return pid if self._process.poll() is None else None
        return pid if _alive(pid) and self._is_our_launcher(pid) else None

    def recorded(self) -> dict[str, Any] | None:
        """What the pid file of the running launcher records ({pid, port, uri}), or None when none runs."""
        if self.status() is None:
            return None
        with contextlib.suppress(OSError, ValueError, TypeError):
            record = json.loads(self.pid_path.read_text(encoding="utf-8"))
            if isinstance(record, dict) and isinstance(record.get("port"), int):
                return record
        return None

    def stop_by_pidfile(self, timeout: float = 30) -> bool:
        """Stop the launcher named in the pid file (SIGTERM, then SIGKILL); False if none was running."""
        pid = self.status()
        if pid is None:
            self.pid_path.unlink(missing_ok=True)
            return False
        if self._process is not None and self._process.pid == pid:
            self.stop(timeout)
            return True
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGTERM)
        if not _wait_gone(pid, timeout):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
            _wait_gone(pid, 10)
        self._remove_pidfile(pid)
        return True

    # -- helpers ---------------------------------------------------------------------------

    def _require_java(self) -> str:
        java = shutil.which(self.java)
        if java is None:
            raise LocalNeo4jError(_NEEDS_JAVA.format(java=self.java))
        return java

    def _refuse_if_taken(self) -> None:
        pid = self.status()
        if pid is not None:
            raise LocalNeo4jError(
                f"A local Neo4j (pid {pid}) is already running on {self.data_dir}. Use it with "
                f"NEO4J_URI={self.uri}, or stop it with `clausegraph neo4j stop`."
            )
        if port_in_use(HOST, self.port):
            raise LocalNeo4jError(_port_taken(self.port))

    def _password_flags(self) -> list[str]:
        ensure_password(self.password_path)
        return ["--password-file", str(self.password_path)]

    def _archive_flags(self, java: str) -> list[str]:
        archive = self._class_archive(java)
        return [f"-XX:SharedArchiveFile={archive}"] if archive.exists() else []

    def _command(self, java: str, data_dir: Path, port: int, jvm: Sequence[str], flags: Sequence[str]) -> list[str]:
        # The java launcher expands `lib/*` itself, in the same order every time (which class archives need).
        classpath = os.pathsep.join([str(self._target / LAUNCHER_JAR), str(self._target / "lib" / "*")])
        return [
            java,
            *JVM_FLAGS,
            *jvm,
            "-cp",
            classpath,
            LAUNCHER_CLASS,
            "--data",
            str(data_dir),
            "--port",
            str(port),
            *flags,
        ]

    def _popen(
        self, java: str, data_dir: Path, port: int, log: Path, jvm: Sequence[str], flags: Sequence[str]
    ) -> subprocess.Popen[bytes]:
        data_dir.mkdir(parents=True, exist_ok=True)
        with open(log, "ab") as log_file:
            # Own session: Ctrl-C reaches only the parent, which stops Neo4j in order. The stdin pipe
            # is the lifeline: when this process ends, however it ends, the launcher sees EOF and stops.
            return subprocess.Popen(
                self._command(java, data_dir, port, jvm, flags),
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=log_file,
                start_new_session=True,
            )

    def _await_ready(self, fd: int, exited: Callable[[], int | None], log: Path, offset: int, port: int) -> None:
        """Read the launcher's stdout (`fd`) until READY, then check that Bolt accepts connections."""
        deadline = time.monotonic() + self.startup_timeout
        pending = b""
        while b"READY " not in pending:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise LocalNeo4jError(
                    f"Neo4j was not ready after {self.startup_timeout:.0f} s.\n{_log_tail(log, offset)}"
                )
            readable, _, _ = select.select([fd], [], [], min(remaining, 1.0))
            if readable:
                chunk = os.read(fd, 4096)
                if not chunk:
                    break
                pending += chunk
        if b"READY " not in pending:
            status = _wait_exit(exited, 10)
            if status == EXIT_PORT_IN_USE:
                raise LocalNeo4jError(_port_taken(port))
            tail = _log_tail(log, offset)
            hint = ""
            if "UnsupportedClassVersionError" in tail:
                hint = "\nThis Java is older than 17: install Java 17+ or pass its path as `java`."
            raise LocalNeo4jError(f"Neo4j exited (status {status}) before it was ready.\n{tail}{hint}")
        while True:
            with contextlib.suppress(OSError), socket.create_connection((HOST, port), timeout=1.0):
                return
            if time.monotonic() > deadline:
                raise LocalNeo4jError(f"Neo4j said READY but Bolt on {HOST}:{port} does not accept connections.")
            time.sleep(0.05)

    def _log_offset(self) -> int:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        return self.log_path.stat().st_size if self.log_path.exists() else 0

    def _write_pidfile(self, pid: int) -> None:
        record = {"pid": pid, "port": self.port, "uri": self.uri}
        self.pid_path.write_text(json.dumps(record) + "\n", encoding="utf-8")

    def _remove_pidfile(self, pid: int) -> None:
        with contextlib.suppress(OSError, ValueError, KeyError, TypeError):
            if int(json.loads(self.pid_path.read_text(encoding="utf-8"))["pid"]) == pid:
                self.pid_path.unlink()

    def _is_our_launcher(self, pid: int) -> bool:
        """Guard against a recycled pid: on Linux, check the command line names the launcher and our data."""
        procfs = Path("/proc")
        if not procfs.is_dir():
            return True  # no procfs (macOS): the live pid is all there is to go on
        try:
            argv = (procfs / str(pid) / "cmdline").read_bytes().split(b"\0")
        except OSError:
            return False
        return LAUNCHER_CLASS.encode() in argv and str(self.data_dir).encode() in argv


def ensure_password(path: Path) -> str:
    """The password stored at `path`, generated first if missing; the file is kept at mode 0600."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with contextlib.suppress(FileExistsError):
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(secrets.token_urlsafe(32) + "\n")
    if path.stat().st_mode & 0o077:
        path.chmod(0o600)  # a copy or an untar may have widened it
    password = path.read_text(encoding="utf-8").strip()
    if len(password) < 8:
        raise LocalNeo4jError(
            f"The Neo4j password in {path} is shorter than 8 characters; delete the file to have a new one made."
        )
    return password


def _port_taken(port: int) -> str:
    return (
        f"Bolt port {port} on {HOST} is already in use (another Neo4j?). "
        "Stop it, or set CLAUSEGRAPH_NEO4J_PORT / NEO4J_URI."
    )


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


def _stdout_fd(process: subprocess.Popen[bytes]) -> int:
    assert process.stdout is not None  # always a pipe here
    return process.stdout.fileno()


def _stop_child(process: subprocess.Popen[bytes], timeout: float) -> None:
    """Close the child's stdin (its signal to stop), send SIGTERM too, and SIGKILL if it lingers."""
    for pipe in (process.stdin, process.stdout):
        if pipe is not None:
            with contextlib.suppress(OSError):
                pipe.close()
    if process.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def _reap(pid: int) -> int | None:
    """Exit status of our child `pid` if it has ended (reaping it), else None."""
    try:
        done, status = os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        return None if _alive(pid) else -1
    return os.waitstatus_to_exitcode(status) if done == pid else None


def _alive(pid: int) -> bool:
    with contextlib.suppress(ChildProcessError):
        done, _ = os.waitpid(pid, os.WNOHANG)  # a zombie child of ours still answers to kill(pid, 0)
        if done == pid:
            return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _wait_exit(exited: Callable[[], int | None], timeout: float) -> int | None:
    deadline = time.monotonic() + timeout
    while (status := exited()) is None and time.monotonic() < deadline:
        time.sleep(0.05)
    return status


def _wait_gone(pid: int, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while _alive(pid):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def _log_tail(log: Path, offset: int, lines: int = 30) -> str:
    try:
        with open(log, "rb") as handle:
            handle.seek(offset)
            text = handle.read().decode("utf-8", "replace")
    except OSError:
        return f"(no output in {log})"
    tail = "\n".join(text.strip().splitlines()[-lines:])
    return f"Last lines of {log}:\n{tail}" if tail else f"(no output in {log})"
