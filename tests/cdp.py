"""A small client of the Chrome DevTools Protocol for the HTML report's browser tests: headless Chromium from
the distribution's packages, driven over one websocket (websocket-client) in flat session mode.

It loads a page, collects console errors and uncaught exceptions, evaluates expressions, sends key presses
and takes screenshots.  ``browser()`` says why it cannot run (no Chromium, no websocket-client); the tests
skip with that reason, or fail when MMSPEC_REQUIRE_BROWSER=1 (CI).
"""

from __future__ import annotations

import base64
import json
import os
import shutil
import subprocess
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

REQUIRE = os.environ.get("MMSPEC_REQUIRE_BROWSER", "") not in ("", "0")
NAMES = ("chromium", "chromium-browser", "google-chrome")
# A guard against a browser that hangs, not a timed assertion: nothing measures how long a step takes.
GUARD_SECONDS = 60


def chromium() -> str | None:
    return next((p for p in map(shutil.which, NAMES) if p), None)


def unavailable() -> str | None:
    """Why the browser tests cannot run here, or None."""
    if chromium() is None:
        return "no Chromium (apt-get install chromium)"
    try:
        import websocket  # noqa: F401
    except ImportError:
        return "no websocket-client (pip install -e '.[test]')"
    return None


def need_browser() -> None:
    """Skip the test with the reason, or fail with it under MMSPEC_REQUIRE_BROWSER=1."""
    why = unavailable()
    if why is not None:
        if REQUIRE:
            pytest.fail(why + " (MMSPEC_REQUIRE_BROWSER=1)")
        pytest.skip(why)


class Page:
    """One browser tab: commands in order, events kept."""

    def __init__(self, ws: Any, session: str) -> None:
        self.ws = ws
        self.session = session
        self.next_id = 100
        self.events: list[dict[str, Any]] = []

    def send(self, method: str, params: dict[str, Any] | None = None, session: bool = True) -> dict[str, Any]:
        self.next_id += 1
        msg: dict[str, Any] = {"id": self.next_id, "method": method, "params": params or {}}
        if session:
            msg["sessionId"] = self.session
        self.ws.send(json.dumps(msg))
        while True:
            reply = json.loads(self.ws.recv())
            if reply.get("id") == self.next_id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return dict(reply.get("result", {}))
            self.events.append(reply)

    def wait_event(self, method: str) -> dict[str, Any]:
        for i, e in enumerate(self.events):
            if e.get("method") == method:
                return self.events.pop(i)
        while True:
            e = json.loads(self.ws.recv())
            if e.get("method") == method:
                return dict(e)
            self.events.append(e)

    def open(self, url: str) -> None:
        self.send("Page.navigate", {"url": url})
        self.wait_event("Page.loadEventFired")

    def eval(self, expression: str) -> Any:
        r = self.send("Runtime.evaluate", {"expression": expression, "returnByValue": True})
        if "exceptionDetails" in r:
            raise RuntimeError(f"{expression}: {r['exceptionDetails']}")
        return r["result"].get("value")

    def key(self, key: str, code: int) -> None:
        for kind in ("keyDown", "keyUp"):
            self.send("Input.dispatchKeyEvent", {"type": kind, "key": key, "code": key, "windowsVirtualKeyCode": code})

    def screenshot(self, path: Path, width: int = 1400, height: int = 900) -> None:
        self.send(
            "Emulation.setDeviceMetricsOverride",
            {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False},
        )
        data = self.send("Page.captureScreenshot", {"format": "png"})["data"]
        path.write_bytes(base64.b64decode(data))

    def errors(self) -> list[str]:
        """Console errors, uncaught exceptions and error log entries seen so far."""
        self.send("Runtime.evaluate", {"expression": "0"})  # flush the events that came before
        out = []
        for e in self.events:
            m, p = e.get("method"), e.get("params", {})
            if m == "Runtime.exceptionThrown":
                out.append(json.dumps(p.get("exceptionDetails", {}))[:500])
            elif m == "Runtime.consoleAPICalled" and p.get("type") in ("error", "assert"):
                out.append(json.dumps(p.get("args", []))[:500])
            elif m == "Log.entryAdded" and p.get("entry", {}).get("level") == "error":
                out.append(p["entry"].get("text", ""))
        return out


@contextmanager
def browser() -> Iterator[Page]:
    """A headless Chromium with one tab, closed afterwards."""
    import websocket

    exe = chromium()
    assert exe is not None
    with tempfile.TemporaryDirectory() as profile:
        proc = subprocess.Popen(
            [
                exe,
                "--headless",
                "--disable-gpu",
                "--no-sandbox",
                "--no-first-run",
                "--hide-scrollbars",
                "--remote-debugging-port=0",
                f"--user-data-dir={profile}",
                "about:blank",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        try:
            assert proc.stderr is not None
            url = ""
            for line in proc.stderr:
                if "DevTools listening on " in line:
                    url = line.split("DevTools listening on ", 1)[1].strip()
                    break
            assert url, "Chromium did not print its DevTools address"
            # Keep reading its log, so that a full pipe never blocks it.
            threading.Thread(target=proc.stderr.read, daemon=True).start()
            ws = websocket.create_connection(url, timeout=GUARD_SECONDS, suppress_origin=True)
            try:
                page = Page(ws, "")
                target = page.send("Target.createTarget", {"url": "about:blank"}, session=False)["targetId"]
                attached = page.send("Target.attachToTarget", {"targetId": target, "flatten": True}, session=False)
                page.session = attached["sessionId"]
                for domain in ("Page", "Runtime", "Log"):
                    page.send(f"{domain}.enable")
                yield page
            finally:
                ws.close()
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=GUARD_SECONDS)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
