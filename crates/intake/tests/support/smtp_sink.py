"""A real SMTP server (aiosmtpd) for the intake's email tests.

Usage: smtp_sink.py DIR [--tls implicit|starttls --cert PEM --key PEM]. Prints the port it listens on (127.0.0.1), then for each message
accepted writes DIR/N.eml (the bytes received) and DIR/N.json (its structure as Python's
email package parses it: envelope, headers, parts with type, filename, size and text).
Refuses RCPT TO addresses starting with "reject" (550). Runs until stdin closes.
"""

import argparse
import asyncio
import email
import ssl
import hashlib
import json
import os
import socket
import sys
from email import policy

from aiosmtpd.controller import Controller


class Sink:
    def __init__(self, folder):
        self.folder = folder
        self.count = 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.lower().startswith("reject"):
            return "550 5.1.1 no such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        raw = envelope.original_content or envelope.content
        msg = email.message_from_bytes(raw, policy=policy.default)
        parts = []
        for part in msg.walk():
            if part.is_multipart():
                continue
            payload = part.get_payload(decode=True) or b""
            parts.append({
                "content_type": part.get_content_type(),
                "filename": part.get_filename(),
                "disposition": part.get_content_disposition(),
                "size": len(payload),
                "sha256": hashlib.sha256(payload).hexdigest(),
                "text": payload.decode("utf-8", "replace") if part.get_content_maintype() == "text" else None,
            })
        summary = {
            "mail_from": envelope.mail_from,
            "rcpt_tos": envelope.rcpt_tos,
            "content_type": msg.get_content_type(),
            "headers": {k.lower(): str(v) for k, v in msg.items()},
            "parts": parts,
        }
        base = os.path.join(self.folder, str(self.count))
        with open(base + ".eml", "wb") as f:
            f.write(raw)
        with open(base + ".json.tmp", "w") as f:
            json.dump(summary, f)
        os.replace(base + ".json.tmp", base + ".json")
        return "250 Message accepted for delivery"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main():
    args = argparse.ArgumentParser()
    args.add_argument("folder")
    args.add_argument("--tls", choices=["implicit", "starttls"])
    args.add_argument("--cert")
    args.add_argument("--key")
    a = args.parse_args()
    port = free_port()
    kwargs = {}
    if a.tls:
        ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        ctx.load_cert_chain(a.cert, a.key)
        if a.tls == "implicit":
            kwargs["ssl_context"] = ctx
        else:
            kwargs["tls_context"] = ctx
            kwargs["require_starttls"] = True
    controller = Controller(Sink(a.folder), hostname="127.0.0.1", port=port, **kwargs)
    controller.start()
    print(port, flush=True)
    sys.stdin.read()  # until the test closes our stdin (or ends)
    controller.stop()


if __name__ == "__main__":
    main()
