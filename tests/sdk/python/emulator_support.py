"""What the SDK flows share: the emulator's connection file, a credential of azure-core's kind, the emulator's
control API (the only way these tests script it), and a step log that tests/Pester/SdkClients.Tests.ps1 reads.

Each step prints one JSON line {"step", "ok", "detail"}; a step after a failed one is reported as not reached."""
import json
import sys
import time
import traceback
from datetime import datetime, timedelta, timezone

import requests
from azure.core.credentials import AccessToken


class EmulatorCredential:
    """A TokenCredential (azure-core's protocol) that hands out the emulator's token; the SDK's own bearer policy sends it."""

    def __init__(self, token):
        self._token = token

    def get_token(self, *scopes, **kwargs):
        return AccessToken(self._token, int(time.time()) + 3600)


class Emulator:
    def __init__(self, connection_file):
        with open(connection_file, encoding="utf-8") as handle:
            self.facts = json.load(handle)
        self.endpoint = self.facts["endpoint"].rstrip("/")
        self.credential = EmulatorCredential(self.facts["accessToken"])
        self._control = self.facts["controlEndpoint"].rstrip("/")
        # requests verifies against REQUESTS_CA_BUNDLE, the emulator's certificate, as the SDK's transport does.
        self._http = requests.Session()

    def control(self, method, resource, body=None):
        response = self._http.request(method, f"{self._control}/{resource}", json=body, timeout=30)
        if response.status_code >= 400:
            raise AssertionError(f"control API {method} {resource} -> {response.status_code}: {response.text}")
        return response.json() if response.content else None

    def fail_activity(self, pipeline, activity, times, error_code, message):
        self.control("POST", "behaviors", {"pipelineName": pipeline, "activityName": activity, "outcome": "Failed",
                                           "times": times, "errorCode": error_code, "message": message})

    def requests_sent(self):
        return self.control("GET", "requests")


def window():
    now = datetime.now(timezone.utc)
    return now - timedelta(hours=1), now + timedelta(hours=1)


def wait_for(read_status, wanted, timeout=90):
    deadline = time.monotonic() + timeout
    status = None
    while time.monotonic() < deadline:
        status = read_status()
        if status in wanted:
            return status
        time.sleep(0.25)
    raise AssertionError(f"still {status} after {timeout} s, wanted {wanted}")


def query_in_pages(create_hello, query_page, query, count=105):
    """Starts count runs of Hello, then pages through a query for them by continuationToken: every run once, 2+ pages."""
    for _ in range(count):
        create_hello()
    seen, pages = [], 0
    while True:
        page = query_page(query)
        pages += 1
        seen.extend(run.run_id for run in page.value)
        assert all(run.pipeline_name == "Hello" for run in page.value)
        if not page.continuation_token:
            break
        query.continuation_token = page.continuation_token
    assert len(seen) == count and len(set(seen)) == count and pages >= 2, (len(seen), pages)
    return f"{len(seen)} runs in {pages} pages"


def cancel_recursively(parent, find_child, cancel, status_of):
    """Waits for the parent's child run to start, cancels the parent recursively, and waits for both to be Cancelled."""
    found = {}

    def child_started():
        found["child"] = find_child()
        return "started" if found["child"] else "waiting"

    wait_for(child_started, {"started"})
    cancel(parent)
    wait_for(status_of(parent), {"Cancelled"})
    wait_for(status_of(found["child"]), {"Cancelled"})
    return found["child"]


class Steps:
    def __init__(self):
        self.failed = False

    def run(self, name, action):
        if self.failed:
            print(json.dumps({"step": name, "ok": False, "detail": "not reached: an earlier step failed"}), flush=True)
            return None
        try:
            detail = action()
            print(json.dumps({"step": name, "ok": True, "detail": "" if detail is None else str(detail)}), flush=True)
            return detail
        except Exception as error:  # every failure becomes the step's detail, read by the Pester test
            self.failed = True
            print(json.dumps({"step": name, "ok": False, "detail": f"{type(error).__name__}: {error}",
                              "trace": traceback.format_exc()}), flush=True)
            return None

    def exit(self):
        sys.exit(1 if self.failed else 0)
