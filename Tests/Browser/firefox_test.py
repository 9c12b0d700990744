"""The explorable page in Firefox: it loads from file:// with no script error and steps with the keyboard.

Debian has Firefox but no geckodriver, so this speaks WebDriver BiDi, the W3C protocol Firefox
serves itself with --remote-debugging-port, over a plain WebSocket (websocket-client, which
selenium already brings). For each lesson: run it, export its runs as one page, open the page,
and check that its script ran to the end, that nothing was logged as an error, and that → and
← move between steps. Run through Tests/Browser/run.sh.
"""

import argparse
import json
import os
import socket
import subprocess
import sys
import tempfile
import time

import websocket

LESSONS = ["chain-rule", "xor-mlp", "activations", "digits"]
failures = []


def check(condition, message):
    print(("  ok   " if condition else "  FAIL ") + message)
    if not condition:
        failures.append(message)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class BiDi:
    """A WebDriver BiDi session: commands by id, events kept as they arrive."""

    def __init__(self, port):
        deadline = time.monotonic() + 30
        while True:
            try:
                self.ws = websocket.create_connection(f"ws://127.0.0.1:{port}/session", timeout=30, suppress_origin=True)
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        self.next_id = 0
        self.events = []
        self.command("session.new", {"capabilities": {}})

    def command(self, method, params):
        self.next_id += 1
        self.ws.send(json.dumps({"id": self.next_id, "method": method, "params": params}))
        while True:
            message = json.loads(self.ws.recv())
            if message.get("id") == self.next_id:
                if message.get("type") == "error":
                    raise RuntimeError(f"{method}: {message.get('error')}: {message.get('message')}")
                return message["result"]
            if message.get("type") == "event":
                self.events.append(message)

    def evaluate(self, context, expression):
        result = self.command("script.evaluate", {
            "expression": expression, "target": {"context": context}, "awaitPromise": False})
        return result.get("result", {}).get("value")


def test_lesson(bidi, context, nntrace, work, lesson):
    print(lesson)
    db = os.path.join(work, lesson + ".sqlite")
    ids = subprocess.run([nntrace, "run", lesson, "--db", db, "--quiet"], check=True, capture_output=True,
                         text=True).stdout.split()
    page = os.path.join(work, lesson + ".html")
    subprocess.run([nntrace, "export", *ids, "--html", "--db", db, "-o", page], check=True, capture_output=True)
    bidi.events.clear()
    bidi.command("browsingContext.navigate", {"context": context, "url": "file://" + page, "wait": "complete"})
    check(bidi.evaluate(context, "window.nntraceReadyAt != null") is True, "the page's script ran to the end")
    frames = bidi.evaluate(context, "+document.getElementById('slider').max + 1")
    if frames and frames > 1:
        before = bidi.evaluate(context, "window.nntraceState().frame")
        right = "document.body.dispatchEvent(new KeyboardEvent('keydown', {key: '%s', bubbles: true}))"
        bidi.evaluate(context, right % "ArrowRight")
        check(bidi.evaluate(context, "window.nntraceState().frame") == before + 1, "→ goes to the next step")
        bidi.evaluate(context, right % "ArrowLeft")
        check(bidi.evaluate(context, "window.nntraceState().frame") == before, "← goes back")
    bidi.evaluate(context, "0")  # a last round trip, so that every log event has arrived
    errors = [e["params"].get("text") for e in bidi.events
              if e.get("method") == "log.entryAdded" and e["params"].get("level") == "error"]
    check(not errors, "no script errors" + (f": {errors}" if errors else ""))


parser = argparse.ArgumentParser()
parser.add_argument("--nntrace", required=True)
parser.add_argument("--firefox", default="firefox")
args = parser.parse_args()

port = free_port()
with tempfile.TemporaryDirectory() as work:
    profile = os.path.join(work, "profile")
    os.mkdir(profile)
    firefox = subprocess.Popen(
        [args.firefox, "--headless", "--no-remote", "--profile", profile, f"--remote-debugging-port={port}"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        bidi = BiDi(port)
        bidi.command("session.subscribe", {"events": ["log.entryAdded"]})
        context = bidi.command("browsingContext.getTree", {})["contexts"][0]["context"]
        print("Firefox " + bidi.evaluate(context, "navigator.userAgent.split('Firefox/')[1]"))
        # The error check must be able to fail: a page that throws is seen to.
        broken = os.path.join(work, "broken.html")
        with open(broken, "w") as f:
            f.write("<!doctype html><script>noSuchFunction()</script>")
        bidi.command("browsingContext.navigate", {"context": context, "url": "file://" + broken, "wait": "complete"})
        bidi.evaluate(context, "0")
        check(any(e.get("method") == "log.entryAdded" and e["params"].get("level") == "error" for e in bidi.events),
              "a page that throws is reported")
        for lesson in LESSONS:
            test_lesson(bidi, context, args.nntrace, work, lesson)
    finally:
        firefox.kill()
        firefox.wait()
if failures:
    print(f"\n{len(failures)} Firefox check(s) failed")
    sys.exit(1)
print("\nFirefox tests passed")
