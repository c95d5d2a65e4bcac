"""Runs the scim2-tester compliance checker against a SCIM server.

    HARTSLAG_TEST_SCIM_PYTHON=$(scripts/setup-scim-tester | tail -n1)
    SCIM_TOKEN=scim_… "$HARTSLAG_TEST_SCIM_PYTHON" scripts/scim2-check.py http://127.0.0.1:8080/scim/v2/

Prints one line per check that did not succeed, then a line
`SUMMARY total=N SUCCESS=… COMPLIANT=… ACCEPTABLE=… DEVIATION=… ERROR=… CRITICAL=… SKIPPED=…`;
exits with 1 when any check is ERROR or CRITICAL. tests/scim.rs runs it against a real server.

One adaptation, and only of the data the checker makes up: Hartslag's userName is the
person's e-mail address (RFC 7643 §4.1.1 leaves its form to the service provider, and a SCIM
schema has no way to say so), so the random userName the checker generates gets an e-mail
domain. Every other value, and every check and verdict, is the checker's own.
"""

import os
import sys
from collections import Counter

from httpx2 import Client
from scim2_client.engines.httpx2 import SyncSCIMClient

import scim2_tester.checkers.patch_add as patch_add
import scim2_tester.checkers.patch_replace as patch_replace
import scim2_tester.filling as filling
from scim2_tester import Status, check_server

_generate = filling.generate_random_value


def generate_random_value(context, path, mutability=None, required=None):
    value = _generate(context, path=path, mutability=mutability, required=required)
    if isinstance(value, str) and str(path).lower().rsplit(":", 1)[-1] == "username":
        return f"{value}@scim-check.example"
    return value


for module in (filling, patch_add, patch_replace):
    module.generate_random_value = generate_random_value


def main() -> int:
    url = sys.argv[1]
    token = os.environ["SCIM_TOKEN"]
    with Client(base_url=url, headers={"Authorization": f"Bearer {token}"}, timeout=30) as http:
        results = check_server(SyncSCIMClient(http))
    counts = Counter(r.status.name for r in results)
    for r in results:
        if r.status not in (Status.SUCCESS, Status.COMPLIANT):
            reason = (r.reason or "").replace("\n", " | ")
            print(f"{r.status.name} {r.resource_type or '-'} {r.title}: {reason}")
    names = ["SUCCESS", "COMPLIANT", "ACCEPTABLE", "DEVIATION", "ERROR", "CRITICAL", "SKIPPED"]
    print("SUMMARY total=%d %s" % (len(results), " ".join(f"{n}={counts.get(n, 0)}" for n in names)))
    return 1 if counts.get("ERROR", 0) + counts.get("CRITICAL", 0) else 0


if __name__ == "__main__":
    sys.exit(main())
