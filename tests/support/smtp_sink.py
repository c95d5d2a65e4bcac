"""A real SMTP server for Hartslag's mail tests (aiosmtpd, from PyPI).

    python smtp_sink.py PORT OUT_DIR [--fail-first N]

Accepts every message (after refusing the first N with a temporary 451), and writes each as
OUT_DIR/NNNNN.json with the envelope, the decoded headers and the decoded plain-text body.
Prints "ready" when it listens; stops when its stdin closes.
"""

import email
import json
import os
import sys
from email import policy

from aiosmtpd.controller import Controller


class Sink:
    def __init__(self, out, fail_first):
        self.out = out
        self.fail_left = fail_first
        self.n = 0

    async def handle_DATA(self, server, session, envelope):
        if self.fail_left > 0:
            self.fail_left -= 1
            return "451 Try again later"
        self.n += 1
        msg = email.message_from_bytes(envelope.content, policy=policy.default)
        body = msg.get_body(preferencelist=("plain",))
        record = {
            "mail_from": envelope.mail_from,
            "rcpt_tos": envelope.rcpt_tos,
            "from": str(msg["from"]),
            "to": str(msg["to"]),
            "subject": str(msg["subject"]),
            "message_id": str(msg["message-id"]),
            "content_type": msg.get_content_type(),
            "charset": msg.get_content_charset(),
            "body": body.get_content() if body is not None else "",
        }
        path = os.path.join(self.out, f"{self.n:05d}.json")
        with open(path + ".tmp", "w", encoding="utf-8") as f:
            json.dump(record, f, ensure_ascii=False)
        os.rename(path + ".tmp", path)
        return "250 Message accepted for delivery"


def main():
    port, out = int(sys.argv[1]), sys.argv[2]
    fail_first = int(sys.argv[4]) if len(sys.argv) > 4 and sys.argv[3] == "--fail-first" else 0
    controller = Controller(Sink(out, fail_first), hostname="127.0.0.1", port=port)
    controller.start()
    print("ready", flush=True)
    sys.stdin.read()
    controller.stop()


if __name__ == "__main__":
    main()
