"""A minimal Chrome DevTools Protocol client over ``--remote-debugging-pipe`` (standard library only).

Chromium started with ``--remote-debugging-pipe`` reads NUL-terminated JSON commands on fd 3 and
writes responses and events on fd 4; a ``sh`` wrapper maps those to the child's stdin/stdout
pipes. No websocket library, no driver binary, no browser download: only a Chromium on the
machine (Debian: ``apt-get install chromium``).

    with Browser() as browser:
        page = browser.open("file:///tmp/network.html")
        page.wait_for("window.kgNetwork && kgNetwork.ready")
        print(page.evaluate("kgNetwork.nodes.length"), page.requests, page.errors)
        page.screenshot("/tmp/shot.png")
"""
from __future__ import annotations

import base64
import json
import os
import shutil
import subprocess
import tempfile
import threading
import time
from pathlib import Path
from typing import Any, Callable

CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--no-default-browser-check", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--disable-extensions",
         "--disable-default-apps", "--mute-audio", "--hide-scrollbars",
         "--disable-dev-shm-usage", "--allow-file-access-from-files",
         # belt and braces: no host name resolves, so nothing could leave the machine anyway
         "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost"]


def find_chromium() -> str | None:
    """Path of a Chromium/Chrome binary, or None. ``KG_CHROMIUM`` overrides the search."""
    env = os.environ.get("KG_CHROMIUM")
    if env and Path(env).exists():
        return env
    for name in CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    if Path("/usr/bin/chromium").exists():
        return "/usr/bin/chromium"
    return None


class CDPError(RuntimeError):
    pass


class Browser:
    """One headless Chromium process, driven over the DevTools pipe."""

    def __init__(self, executable: str | None = None, *, extra_args: list[str] | None = None):
        self.executable = executable or find_chromium()
        if not self.executable:
            raise FileNotFoundError("no Chromium found (chromium, chromium-browser, google-chrome)")
        self.profile = tempfile.mkdtemp(prefix="kg-chromium-")
        args = [self.executable, *FLAGS, f"--user-data-dir={self.profile}",
                "--remote-debugging-pipe", *(extra_args or []), "about:blank"]
        # fd 3 <- our stdin pipe, fd 4 -> our stdout pipe; the browser's own stdio goes nowhere
        self.proc = subprocess.Popen(
            ["sh", "-c", 'exec "$0" "$@" 3<&0 4>&1 0</dev/null 1>/dev/null', *args],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        self._next = 0
        self._lock = threading.Lock()
        self._cond = threading.Condition()
        self._results: dict[int, dict] = {}
        self._listeners: list[Callable[[dict], None]] = []
        self._closed = False
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        self.version = self.send("Browser.getVersion", timeout=60)

    # -- transport
    def _read(self) -> None:
        buf = b""
        stream = self.proc.stdout
        while True:
            chunk = stream.read1(1 << 16) if hasattr(stream, "read1") else stream.read(4096)
            if not chunk:
                break
            buf += chunk
            while b"\0" in buf:
                raw, buf = buf.split(b"\0", 1)
                try:
                    msg = json.loads(raw)
                except ValueError:
                    continue
                if "id" in msg:
                    with self._cond:
                        self._results[msg["id"]] = msg
                        self._cond.notify_all()
                else:
                    for listener in list(self._listeners):
                        listener(msg)
        with self._cond:
            self._closed = True
            self._cond.notify_all()

    def send(self, method: str, params: dict | None = None, *, session: str | None = None,
             timeout: float = 30) -> dict:
        with self._lock:
            self._next += 1
            mid = self._next
            msg: dict[str, Any] = {"id": mid, "method": method, "params": params or {}}
            if session:
                msg["sessionId"] = session
            self.proc.stdin.write(json.dumps(msg).encode() + b"\0")
            self.proc.stdin.flush()
        deadline = time.monotonic() + timeout
        with self._cond:
            while mid not in self._results:
                left = deadline - time.monotonic()
                if left <= 0 or self._closed:
                    raise CDPError(f"{method}: no answer ({'browser closed' if self._closed else 'timeout'})")
                self._cond.wait(left)
            res = self._results.pop(mid)
        if "error" in res:
            raise CDPError(f"{method}: {res['error']}")
        return res.get("result", {})

    # -- pages
    def open(self, url: str, *, width: int = 1400, height: int = 900, timeout: float = 60) -> "Page":
        target = self.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = self.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        page = Page(self, target, session)
        page.navigate(url, width=width, height=height, timeout=timeout)
        return page

    def close(self) -> None:
        try:
            self.send("Browser.close", timeout=5)
        except Exception:
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(timeout=10)
        self._reader.join(timeout=10)
        for stream in (self.proc.stdin, self.proc.stdout):
            try:
                stream.close()
            except OSError:
                pass
        shutil.rmtree(self.profile, ignore_errors=True)

    def __enter__(self) -> "Browser":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


class Page:
    """A tab: records requests, console errors, exceptions and dialogs while it lives."""

    def __init__(self, browser: Browser, target: str, session: str):
        self.browser, self.target, self.session = browser, target, session
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self._loaded = threading.Event()
        browser._listeners.append(self._on_event)
        for domain in ("Page", "Runtime", "Network", "Log"):
            self.send(f"{domain}.enable")

    def send(self, method: str, params: dict | None = None, timeout: float = 30) -> dict:
        return self.browser.send(method, params, session=self.session, timeout=timeout)

    def _on_event(self, msg: dict) -> None:
        if msg.get("sessionId") != self.session:
            return
        method, p = msg.get("method"), msg.get("params", {})
        if method == "Network.requestWillBeSent":
            self.requests.append(p.get("request", {}).get("url", ""))
        elif method == "Runtime.consoleAPICalled" and p.get("type") in ("error", "assert"):
            self.errors.append("console: " + " ".join(str(a.get("value", a.get("description", ""))) for a in p.get("args", [])))
        elif method == "Runtime.exceptionThrown":
            d = p.get("exceptionDetails", {})
            self.errors.append("exception: " + str(d.get("exception", {}).get("description") or d.get("text")))
        elif method == "Log.entryAdded" and p.get("entry", {}).get("level") == "error":
            e = p["entry"]
            self.errors.append(f"log ({e.get('source')}): {e.get('text')} {e.get('url') or ''}".strip())
        elif method == "Page.javascriptDialogOpening":
            self.dialogs.append(p.get("message", ""))
            # answer from another thread: the reader thread must stay free
            threading.Thread(target=self.send, args=("Page.handleJavaScriptDialog", {"accept": False}),
                             daemon=True).start()
        elif method == "Page.loadEventFired":
            self._loaded.set()

    def navigate(self, url: str, *, width: int = 1400, height: int = 900, timeout: float = 60) -> float:
        """Load ``url``; returns seconds until the load event."""
        self.send("Emulation.setDeviceMetricsOverride",
                  {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False})
        self._loaded.clear()
        t = time.monotonic()
        res = self.send("Page.navigate", {"url": url}, timeout=timeout)
        if res.get("errorText"):
            raise CDPError(f"navigation to {url} failed: {res['errorText']}")
        if not self._loaded.wait(timeout):
            raise CDPError(f"{url}: no load event within {timeout} s")
        return time.monotonic() - t

    def evaluate(self, expression: str, timeout: float = 30) -> Any:
        res = self.send("Runtime.evaluate", {"expression": expression, "returnByValue": True,
                                             "awaitPromise": True}, timeout=timeout)
        if "exceptionDetails" in res:
            d = res["exceptionDetails"]
            raise CDPError(f"evaluate failed: {d.get('exception', {}).get('description') or d.get('text')}")
        return res.get("result", {}).get("value")

    def wait_for(self, expression: str, timeout: float = 60, interval: float = 0.05) -> Any:
        deadline = time.monotonic() + timeout
        while True:
            value = self.evaluate(f"(function(){{try{{return ({expression});}}catch(e){{return null;}}}})()")
            if value:
                return value
            if time.monotonic() > deadline:
                raise CDPError(f"timed out waiting for {expression}")
            time.sleep(interval)

    def click(self, x: float, y: float) -> None:
        """A real left click at CSS pixel (x, y) of the viewport."""
        for kind in ("mouseMoved", "mousePressed", "mouseReleased"):
            params = {"type": kind, "x": x, "y": y, "button": "left" if kind != "mouseMoved" else "none",
                      "clickCount": 1 if kind != "mouseMoved" else 0}
            self.send("Input.dispatchMouseEvent", params)

    def screenshot(self, path: str | Path) -> Path:
        data = self.send("Page.captureScreenshot", {"format": "png"}, timeout=60)["data"]
        path = Path(path)
        path.write_bytes(base64.b64decode(data))
        return path

    def close(self) -> None:
        try:
            self.browser.send("Target.closeTarget", {"targetId": self.target}, timeout=10)
        except CDPError:
            pass
        if self._on_event in self.browser._listeners:
            self.browser._listeners.remove(self._on_event)
