"""Browser tests of nntrace's explorable page (`nntrace export RUN... --html`).

For each lesson below: run it into a fresh database, export its runs as one page, open the page
from file:// in headless Chromium with the network switched off, and check what a learner does
with it. Every formula line the page shows for a value is compared with the output of
`nntrace replay RUN --step N --full --no-color` for that step. Timings (the page ready after
navigation, a step change with its redraw) are measured, printed and written to timings.json;
they are figures, not assertions. Run through Tests/Browser/run.sh.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

# lesson, what the test expects of it
LESSONS = [
    ("chain-rule", {}),
    ("xor-mlp", {"boundary": "next"}),
    ("perceptron", {"runs": 2, "boundary": True}),
    ("activations", {"runs": 5, "compared": 1, "curve": True}),  # one function of one unit: one value to explain
    ("optimizers", {"runs": 4, "boundary": True}),
    ("seed-shortcut", {"runs": 2, "boundary": True}),
    ("vanishing-gradients", {"runs": 2}),
    ("iris", {}),
    ("digits", {"summary": True}),
]

failures = []


def check(condition, message):
    if condition:
        print("  ok   " + message)
    else:
        print("  FAIL " + message)
        failures.append(message)


def sh(*args):
    return subprocess.run(args, check=True, capture_output=True, text=True).stdout


def browser():
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for flag in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,1700",
                 "--force-device-scale-factor=1"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)


def console_errors(driver):
    return [entry for entry in driver.get_log("browser") if entry["level"] == "SEVERE"]


def state(driver):
    return driver.execute_script("return window.nntraceState()")


def replay_lines(nntrace, db, run_id, step, cache={}):
    key = (db, run_id, step)
    if key not in cache:
        text = sh(nntrace, "replay", str(run_id), "--step", str(step), "--full", "--no-color", "--db", db)
        cache[key] = set(line[2:] for line in unwrapped(text) if line.startswith("  "))
    return cache[key]


def unwrapped(text, width=100):
    """Replay's lines with its wrapping undone. Not at a terminal, a line longer than 100 columns is
    broken at spaces and continued on lines indented four spaces more (Reports' LineWrapper): a line
    continues the one before when it is indented so and its first word would not have fitted there."""
    def visible(s):
        return sum(1 for c in s if not 0x300 <= ord(c) <= 0x36F)

    lines = []  # [joined text, indent of its first line, the last physical line]
    for line in text.splitlines():
        indent = len(line) - len(line.lstrip(" "))
        words = line.split()
        if lines and words and indent == lines[-1][1] + 4 and visible(lines[-1][2]) + 1 + visible(words[0]) > width:
            lines[-1][0] += " " + line.strip()
            lines[-1][2] = line
        else:
            lines.append([line, indent, line])
    return [joined for joined, _, _ in lines]


def shown_lines(driver):
    return [e.text for e in driver.find_elements(By.CSS_SELECTOR, "#formula li .line")]


def run_ids(driver):
    return driver.execute_script("return JSON.parse(document.getElementById('nntrace-data').textContent).map(r => r.id)")


def step_timing(driver, key, repeats):
    """Milliseconds from a key press to the end of the redraw's layout, over `repeats` presses."""
    return driver.execute_script("""
        const times = [];
        for (let n = 0; n < arguments[1]; n++) {
          const t0 = performance.now();
          document.body.dispatchEvent(new KeyboardEvent('keydown', {key: arguments[0], bubbles: true}));
          document.body.getBoundingClientRect(); document.body.offsetHeight;
          times.push(performance.now() - t0);
        }
        return times;""", key, repeats)


def test_lesson(driver, nntrace, work, lesson, expect, timings):
    print(lesson)
    db = os.path.join(work, lesson + ".sqlite")
    ids = sh(nntrace, "run", lesson, "--db", db, "--quiet").split()
    page = os.path.join(work, lesson + ".html")
    subprocess.run([nntrace, "export", *ids, "--html", "--db", db, "-o", page], check=True, capture_output=True)
    size = os.path.getsize(page)
    check(size <= 2_000_000, f"the page is {size} bytes, at most 2 MB")

    driver.execute_cdp_cmd("Network.enable", {})
    driver.execute_cdp_cmd("Network.emulateNetworkConditions",
                           {"offline": True, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1})
    driver.get_log("browser")  # drop what an earlier page left
    driver.get("file://" + os.path.abspath(page))
    ready = driver.execute_script("return window.nntraceReadyAt")
    check(ready is not None, "the page's script ran to the end with the network off")
    errors = console_errors(driver)
    check(not errors, "no console errors" + ("" if not errors else f": {errors}"))
    check(run_ids(driver) == [int(i) for i in ids], f"the page holds runs {ids}")
    timing = {"bytes": size, "open_ms": ready}

    if expect.get("runs", 1) > 1:
        options = driver.find_elements(By.CSS_SELECTOR, "#run option")
        check(len(options) == expect["runs"], f"the run switcher lists {expect['runs']} runs")
        select = driver.find_element(By.ID, "run")
        select.send_keys(Keys.END)
        check(state(driver)["run"] == expect["runs"] - 1, "the switcher shows the last run")
        select.send_keys(Keys.HOME)
        check(state(driver)["run"] == 0, "and back to the first")

    frames = int(driver.find_element(By.ID, "slider").get_attribute("max")) + 1
    body = driver.find_element(By.TAG_NAME, "body")
    if frames > 1:
        before = state(driver)
        cursor = driver.find_element(By.CSS_SELECTOR, "#losschart .cursor").get_attribute("x1")
        image = driver.execute_script("return document.getElementById('plane').toDataURL()")
        body.send_keys(Keys.ARROW_RIGHT)
        after = state(driver)
        check(after["frame"] == before["frame"] + 1, "→ goes to the next step")
        check(driver.find_element(By.CSS_SELECTOR, "#losschart .cursor").get_attribute("x1") != cursor,
              "the loss chart's cursor moves")
        if expect.get("boundary") == "next":
            check(driver.execute_script("return document.getElementById('plane').toDataURL()") != image,
                  "the decision boundary changes from one step to the next")
        body.send_keys(Keys.ARROW_LEFT)
        check(state(driver)["frame"] == before["frame"], "← goes back")
        body.send_keys(Keys.END)
        check(state(driver)["frame"] == frames - 1, "End goes to the last step")
        if expect.get("boundary"):
            # Some runs move slowly: between their first and last steps the picture must change.
            check(driver.execute_script("return document.getElementById('plane').toDataURL()") != image,
                  "the decision boundary at the last step differs from the first")
        body.send_keys(Keys.HOME)
        check(state(driver)["frame"] == 0, "Home goes to the first")
        driver.find_element(By.CSS_SELECTOR, "#losschart svg").click()
        check(state(driver)["frame"] > 0, "clicking the middle of the loss chart jumps to a later step")
        body.send_keys(Keys.HOME)
        times = step_timing(driver, "ArrowRight", min(40, frames - 1)) + step_timing(driver, "ArrowLeft", min(40, frames - 1))
        timing["step_ms_median"] = statistics.median(times)
        timing["step_ms_max"] = max(times)
        body.send_keys(Keys.HOME)

    if expect.get("curve"):
        # f(z) and f′(z) as points, one pair per recorded z, each titled with the trace's value.
        import sqlite3
        with sqlite3.connect(db) as trace:
            recorded = sorted(trace.execute(
                "SELECT z.value, a.value FROM trace z JOIN trace a ON a.run_id = z.run_id AND a.sample = z.sample"
                " AND a.kind = 'a' WHERE z.run_id = ? AND z.kind = 'z'", (int(ids[0]),)).fetchall())
        titles = [e.get_attribute("textContent") for e in driver.find_elements(By.CSS_SELECTOR, "#losschart circle title")]
        check(len(titles) == len(recorded), f"the function is drawn at the {len(recorded)} recorded z, {len(titles)} points")
        drawn = [tuple(float(part.split("= ")[1].replace("−", "-")) for part in t.split(", ")) for t in titles]
        # The page carries numbers as replay prints them: six decimals, so half a unit of the sixth.
        check(all(abs(d[0] - r[0]) <= 5e-7 and abs(d[1] - r[1]) <= 5e-7 for d, r in zip(drawn, recorded)),
              "each point is the recorded (z, f(z)) to the printed precision")

    if expect.get("summary"):
        check(driver.find_element(By.CSS_SELECTOR, "#epochs").is_displayed(), "a summary run shows its epochs")
        rows = driver.find_elements(By.CSS_SELECTOR, "#epochtable tr[aria-current='true']")
        check(len(rows) == 1 and rows[0].find_element(By.TAG_NAME, "th").text == "0", "epoch 0 is marked")
        body.send_keys(Keys.ARROW_RIGHT)
        rows = driver.find_elements(By.CSS_SELECTOR, "#epochtable tr[aria-current='true']")
        check(len(rows) == 1 and rows[0].find_element(By.TAG_NAME, "th").text == "1", "→ marks epoch 1")
        check(driver.find_element(By.ID, "live").get_attribute("textContent").startswith("Epoch 1"),
              "the live region reads the epoch")
        body.send_keys(Keys.HOME)
    else:
        run_id = run_ids(driver)[0]
        step = state(driver)["step"]
        expected = replay_lines(nntrace, db, run_id, step)
        # Every unit of the first hidden layer and of the output, the loss, and some weights and biases.
        keys = driver.execute_script(
            "return [...document.querySelectorAll('#net [data-key]')].map(e => e.dataset.key)"
            ".filter(k => !k.startsWith('u0'))")
        compared = 0
        for key in keys[:40]:
            driver.execute_script("document.querySelector(`#net [data-key='${arguments[0]}']`).focus()", key)
            lines = shown_lines(driver)
            if not lines:
                continue
            missing = [line for line in lines if line not in expected]
            check(not missing, f"{key} at step {step}: its {len(lines)} line(s) are replay's" + (f"; not in replay: {missing}" if missing else ""))
            compared += 1
        check(compared >= expect.get("compared", 3), f"formula lines compared for {compared} values")
        first_unit = next(k for k in keys if k.startswith("u1"))
        driver.execute_script("document.querySelector(`#net [data-key='${arguments[0]}']`).focus()", first_unit)
        live = driver.find_element(By.ID, "live").get_attribute("textContent")
        check(any(line in live for line in expected), f"the live region reads the current formula: {live!r}")
        # A unit chosen at step N and the page moved on: the lines follow the step.
        if frames > 1:
            driver.execute_script("document.querySelector(`#net [data-key='${arguments[0]}']`).focus()", first_unit)
            body.send_keys(Keys.ARROW_RIGHT)
            step = state(driver)["step"]
            lines = shown_lines(driver)
            later = replay_lines(nntrace, db, run_id, step)
            check(lines and all(line in later for line in lines), f"after →, {first_unit}'s lines are step {step}'s in replay")
            body.send_keys(Keys.HOME)
        # The stages: 4 selects the update, and a weight's current line is then its update.
        body.send_keys("4")
        check(state(driver)["stage"] == 3, "key 4 selects the update stage")
        body.send_keys("1")

    errors = console_errors(driver)
    check(not errors, "still no console errors" + ("" if not errors else f": {errors}"))
    if not expect.get("summary"):
        # The picture for the docs: the last step, the output unit's arithmetic at the backward stage.
        body.send_keys(Keys.END)
        body.send_keys("3")
        driver.execute_script("document.querySelector(`#net [data-key='u${arguments[0]}.0']`).focus()", len(driver.execute_script("return JSON.parse(document.getElementById('nntrace-data').textContent)[0].layers")) - 1)
    driver.save_screenshot(os.path.join(args.out, lesson + ".png"))
    if expect.get("boundary"):
        driver.find_element(By.ID, "boundary").screenshot(os.path.join(args.out, lesson + "-boundary.png"))
    timings[lesson] = timing
    print("  timings", json.dumps(timing))


parser = argparse.ArgumentParser()
parser.add_argument("--nntrace", required=True)
parser.add_argument("--out", required=True)
parser.add_argument("lessons", nargs="*")
args = parser.parse_args()

timings = {}
driver = browser()
try:
    with tempfile.TemporaryDirectory() as work:
        for lesson, expect in LESSONS:
            if not args.lessons or lesson in args.lessons:
                test_lesson(driver, args.nntrace, work, lesson, expect, timings)
finally:
    driver.quit()
with open(os.path.join(args.out, "timings.json"), "w") as f:
    json.dump(timings, f, indent=2)
if failures:
    print(f"\n{len(failures)} browser check(s) failed")
    sys.exit(1)
print("\nbrowser tests passed; screenshots and timings.json in " + args.out)
