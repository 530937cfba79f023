#!/usr/bin/env python3
"""A skeleton shim for the E2EE conformance harness (docs/ADAPTER.md, protocol version 1).

Standard library only. It speaks the whole adapter protocol -- JSON lines, the handshake, one command at a time,
the wire channel -- but drives no client library: it answers `unimplemented` to every protocol command. Copy it,
then replace each `unimplemented` in COMMANDS with a call into your library (see shims/README.md).
"""

import base64
import json
import os
import sys

PROTOCOL = 1
IMPLEMENTATION = "python-skeleton"
VERSION = "0.1"
SUITES = ["ecc", "pqc"]      # the harness's suite names your library supports
CAPABILITIES = []            # add "groups", "resume", "update_name", "summary" as you implement them

_out = sys.stdout.buffer
_in = sys.stdin.buffer
_next_request_id = 1


def write(message):
    """One message: one JSON object on one line."""
    _out.write(json.dumps(message, separators=(",", ":")).encode("utf-8") + b"\n")
    _out.flush()


def read():
    """The next message from the harness, or None when it closed the stream."""
    line = _in.readline()
    if not line:
        return None
    return json.loads(line)


def request(kind, address, token, body):
    """The wire channel: sends one request (its protobuf bytes) to the server; returns the response's bytes.

    Your library's transport plugin calls this. `kind` is the harness's request name (e.g. "invite"); `address` is
    the device's E2eeAddress as protobuf bytes (b"" before registration), `token` its auth string.
    """
    global _next_request_id
    request_id = _next_request_id
    _next_request_id += 1
    write({
        "type": "request",
        "id": request_id,
        "request": kind,
        "address": base64.b64encode(address).decode("ascii"),
        "token": token,
        "body": base64.b64encode(body).decode("ascii"),
    })
    response = read()
    if response is None or response.get("type") != "response" or response.get("id") != request_id:
        raise RuntimeError(f"expected the response to request {request_id}, got {response!r}")
    return base64.b64decode(response["body"])


def event(name, **fields):
    """An event for the harness (your library's event plugin calls this), e.g. event("message_received", ...)."""
    write({"type": "event", "event": name, **fields})


def unimplemented(command):
    return {"type": "unimplemented", "reason": f"the skeleton does not implement '{command['command']}'"}


def shutdown(command):
    return {"type": "result"}


# Each protocol command, and what the skeleton does with it. Replace `unimplemented` with your implementation: it
# gets the command (a dict) and returns the answer (a dict whose type is "result", "unimplemented" or "error").
COMMANDS = {
    "register": unimplemented,
    "resume": unimplemented,
    "deliver": unimplemented,
    "tick": unimplemented,
    "send_text": unimplemented,
    "send_group_text": unimplemented,
    "create_group": unimplemented,
    "add_members": unimplemented,
    "remove_members": unimplemented,
    "leave_group": unimplemented,
    "add_member_device": unimplemented,
    "update_name": unimplemented,
    "summary": unimplemented,
    "shutdown": shutdown,
}


def main():
    store = os.environ.get("E2EE_SHIM_STORE")
    if not store:
        print("E2EE_SHIM_STORE is not set: the harness names the store directory", file=sys.stderr)
        return 2
    os.makedirs(store, exist_ok=True)

    hello = read()
    if hello is None:
        return 0
    if hello.get("type") != "hello" or hello.get("protocol") != PROTOCOL:
        print(f"expected hello version {PROTOCOL}, got {hello!r}", file=sys.stderr)
        return 2
    write({
        "type": "hello",
        "protocol": PROTOCOL,
        "implementation": IMPLEMENTATION,
        "version": VERSION,
        "suites": SUITES,
        "capabilities": CAPABILITIES,
    })

    while True:
        command = read()
        if command is None:
            return 0
        if command.get("type") != "command":
            print(f"expected a command, got {command!r}", file=sys.stderr)
            return 2
        handler = COMMANDS.get(command.get("command"), unimplemented)
        answer = handler(command)
        answer["id"] = command["id"]
        write(answer)
        if command.get("command") == "shutdown":
            return 0


if __name__ == "__main__":
    sys.exit(main())
