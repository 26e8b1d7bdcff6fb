#!/usr/bin/env python3
"""Loopback SMTP server for the mail tests, built on aiosmtpd.

serve DIR [--auth USER:PASS] [--fail-first N] [--drop-after-data N] [--starttls CERT KEY] [--smtps CERT KEY]
    Listens on 127.0.0.1 on a free port and writes the port to DIR/port once it accepts.
    Each accepted message N becomes DIR/N.eml (raw), DIR/N.json (envelope and the message
    as Python's email package reads it) and DIR/N.attachment-K (attachment bytes).
    DIR/data_commands counts DATA commands; the first N of them get a 451 reply.
    --drop-after-data N: the first N messages are taken in full (stored as above), then the
    connection is cut before the reply to the final "." (a reply lost in transit).
parse FILE PREFIX
    Writes PREFIX.json and PREFIX.attachment-K for a stored .eml file.
"""
import argparse
import asyncio
import email
import json
import logging
import os
import ssl
import sys
import warnings
from email import policy

from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword


def addresses(header):
    return [a.addr_spec for a in header.addresses] if header is not None else []


def describe(raw: bytes, prefix: str, extra: dict) -> None:
    msg = email.message_from_bytes(raw, policy=policy.default)
    text = msg.get_body(preferencelist=("plain",))
    html = msg.get_body(preferencelist=("html",))
    attachments = []
    for k, part in enumerate(msg.iter_attachments()):
        data = part.get_payload(decode=True)
        with open(f"{prefix}.attachment-{k}", "wb") as f:
            f.write(data)
        attachments.append({"filename": part.get_filename(), "content_type": part.get_content_type(),
                            "size": len(data)})
    info = {
        "subject": str(msg["subject"]),
        "from": addresses(msg["from"]),
        "to": addresses(msg["to"]),
        "cc": addresses(msg["cc"]),
        "message_id": str(msg["message-id"]),
        "content_type": msg.get_content_type(),
        "text": text.get_content() if text is not None else None,
        "html": html.get_content() if html is not None else None,
        "attachments": attachments,
    }
    info.update(extra)
    with open(prefix + ".json.tmp", "w", encoding="utf-8") as f:
        json.dump(info, f, ensure_ascii=False)
    os.replace(prefix + ".json.tmp", prefix + ".json")


class Sink:
    def __init__(self, directory: str, fail_first: int, drop_after_data: int = 0):
        self.directory = directory
        self.fail_first = fail_first
        self.drop_after_data = drop_after_data
        self.data_commands = 0
        self.stored = 0

    async def handle_DATA(self, server, session, envelope):
        self.data_commands += 1
        with open(os.path.join(self.directory, "data_commands"), "w") as f:
            f.write(str(self.data_commands))
        if self.data_commands <= self.fail_first:
            return "451 4.3.0 Try again later"
        prefix = os.path.join(self.directory, str(self.stored))
        self.stored += 1
        with open(prefix + ".eml", "wb") as f:
            f.write(envelope.original_content)
        login = session.auth_data.decode() if isinstance(session.auth_data, bytes) else session.auth_data
        describe(envelope.original_content, prefix,
                 {"envelope_from": envelope.mail_from, "envelope_to": envelope.rcpt_tos, "login": login})
        if self.stored <= self.drop_after_data:
            server.transport.abort()  # the message is in; its reply never leaves
        return "250 OK"


def tls_context(cert: str, key: str) -> ssl.SSLContext:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    return context


async def serve(args) -> None:
    sink = Sink(args.dir, args.fail_first, args.drop_after_data)
    kwargs = {"auth_require_tls": False}
    if args.auth:
        user, password = args.auth.split(":", 1)

        def authenticator(server, session, envelope, mechanism, auth_data):
            ok = isinstance(auth_data, LoginPassword) and auth_data.login.decode() == user \
                and auth_data.password.decode() == password
            if not ok:
                return AuthResult(success=False, handled=False)  # aiosmtpd replies 535
            return AuthResult(success=True, auth_data=f"{auth_data.login.decode()} via {mechanism}")

        kwargs.update(authenticator=authenticator, auth_required=True)
    if args.starttls:
        kwargs["tls_context"] = tls_context(*args.starttls)
    server_ssl = tls_context(*args.smtps) if args.smtps else None
    loop = asyncio.get_running_loop()
    server = await loop.create_server(lambda: SMTP(sink, **kwargs), "127.0.0.1", 0, ssl=server_ssl)
    port_file = os.path.join(args.dir, "port")
    with open(port_file + ".tmp", "w") as f:
        f.write(str(server.sockets[0].getsockname()[1]))
    os.replace(port_file + ".tmp", port_file)
    await server.serve_forever()


def main() -> int:
    # AUTH without TLS is what the plain-text tests want; keep the test output clean.
    warnings.simplefilter("ignore")
    logging.getLogger("mail.log").setLevel(logging.CRITICAL)
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="command", required=True)
    s = sub.add_parser("serve")
    s.add_argument("dir")
    s.add_argument("--auth")
    s.add_argument("--fail-first", type=int, default=0)
    s.add_argument("--drop-after-data", type=int, default=0)
    s.add_argument("--starttls", nargs=2, metavar=("CERT", "KEY"))
    s.add_argument("--smtps", nargs=2, metavar=("CERT", "KEY"))
    p = sub.add_parser("parse")
    p.add_argument("file")
    p.add_argument("prefix")
    args = parser.parse_args()
    if args.command == "parse":
        with open(args.file, "rb") as f:
            describe(f.read(), args.prefix, {})
        return 0
    asyncio.run(serve(args))
    return 0


if __name__ == "__main__":
    sys.exit(main())
