"""The wire, read back: HTTP/1.1 exchanges from a loopback packet capture, timed by the kernel's packet timestamps.

tcpdump writes the capture (pcap, nanosecond timestamps); this module reassembles each TCP connection's two byte
streams, remembering which packet carried each byte, and parses them into exchanges:

- a request's first byte (the packet that carried it) and its X-Request-Id, max_tokens and prompt length;
- its response's last byte (Content-Length, chunked or close-delimited framing);
- for an event stream, the packet that completed the first event with non-empty content (the wire's first token).

Nothing here knows llmbench: the same reading serves the seed script's traffic. Standard library only.
"""
import bisect
from collections import Counter
import json
import re
import struct
from dataclasses import dataclass, field

LINKTYPE_ETHERNET = 1
LINKTYPE_LINUX_SLL = 113
LINKTYPE_LINUX_SLL2 = 276


@dataclass
class Exchange:
    """One request and its response on the wire; times in ns from the capture's clock (CLOCK_REALTIME)."""
    conn: tuple
    index_on_conn: int
    request_id: str
    user: str
    max_tokens: int
    prompt_chars: int
    stream: bool
    first_request_ns: int
    last_response_ns: int = 0
    first_content_ns: int = 0
    status: int = 0

    @property
    def latency_ms(self):
        return (self.last_response_ns - self.first_request_ns) / 1e6 if self.last_response_ns else None

    @property
    def ttft_ms(self):
        return (self.first_content_ns - self.first_request_ns) / 1e6 if self.first_content_ns else None


@dataclass
class _Stream:
    """One direction of a TCP connection: payload by sequence number, then reassembled."""
    segments: dict = field(default_factory=dict)  # seq -> (ts_ns, payload)
    isn: int = None
    data: bytes = b""
    offsets: list = field(default_factory=list)  # start offset of each segment in data
    times: list = field(default_factory=list)  # its timestamp

    def add(self, seq, ts, payload, syn):
        if syn:
            self.isn = (seq + 1) & 0xFFFFFFFF
            return
        if payload and seq not in self.segments:  # a retransmission keeps the first copy's time
            self.segments[seq] = (ts, payload)

    def assemble(self):
        if not self.segments:
            return
        base = self.isn if self.isn is not None else min(self.segments)
        ordered = sorted(self.segments.items(), key=lambda kv: (kv[0] - base) & 0xFFFFFFFF)
        chunks, pos = [], 0
        for seq, (ts, payload) in ordered:
            rel = (seq - base) & 0xFFFFFFFF
            if rel + len(payload) <= pos:
                continue  # wholly seen already
            if rel < pos:
                payload = payload[pos - rel:]
                rel = pos
            if rel > pos:
                break  # a gap the capture lost: stop here rather than misread
            self.offsets.append(pos)
            self.times.append(ts)
            chunks.append(payload)
            pos += len(payload)
        self.data = b"".join(chunks)

    def time_of(self, offset):
        """The timestamp of the packet that carried byte `offset`."""
        return self.times[bisect.bisect_right(self.offsets, offset) - 1]


def read_packets(path):
    """Yields (ts_ns, src, sport, dst, dport, seq, flags, payload) of each IPv4 TCP packet."""
    with open(path, "rb") as f:
        header = f.read(24)
        magic = struct.unpack("<I", header[:4])[0]
        if magic == 0xA1B23C4D:
            endian, nano = "<", True
        elif magic == 0xA1B2C3D4:
            endian, nano = "<", False
        elif magic == 0x4D3CB2A1:
            endian, nano = ">", True
        elif magic == 0xD4C3B2A1:
            endian, nano = ">", False
        else:
            raise ValueError(f"{path}: not a pcap file (magic {magic:#x})")
        linktype = struct.unpack(endian + "I", header[20:24])[0] & 0x0FFFFFFF
        while True:
            rec = f.read(16)
            if len(rec) < 16:
                return
            sec, frac, incl, _ = struct.unpack(endian + "IIII", rec)
            pkt = f.read(incl)
            ts = sec * 1_000_000_000 + (frac if nano else frac * 1000)
            if linktype == LINKTYPE_ETHERNET:
                if struct.unpack("!H", pkt[12:14])[0] != 0x0800:
                    continue
                ip = pkt[14:]
            elif linktype == LINKTYPE_LINUX_SLL:
                if struct.unpack("!H", pkt[14:16])[0] != 0x0800:
                    continue
                ip = pkt[16:]
            elif linktype == LINKTYPE_LINUX_SLL2:
                if struct.unpack("!H", pkt[0:2])[0] != 0x0800:
                    continue
                ip = pkt[20:]
            else:
                raise ValueError(f"{path}: link type {linktype} is not read here")
            if len(ip) < 20 or ip[9] != 6:
                continue
            ihl = (ip[0] & 0x0F) * 4
            total = struct.unpack("!H", ip[2:4])[0]
            src, dst = ip[12:16], ip[16:20]
            tcp = ip[ihl:total]
            sport, dport, seq = struct.unpack("!HHI", tcp[:8])
            offset = (tcp[12] >> 4) * 4
            flags = tcp[13]
            yield ts, src, sport, dst, dport, seq, flags, tcp[offset:]


_CONTENT = re.compile(rb'"(?:delta|message)":\{[^{}]*?"(?:content|reasoning_content)":"(?!")|"text":"(?!")')


def _connections(path, server_port):
    """{(client port, server port, n): (client-to-server stream, server-to-client stream)}, reassembled."""
    conns = {}
    current = {}  # (client port, server port) -> the key of the connection now on those ports
    for ts, src, sport, dst, dport, seq, flags, payload in read_packets(path):
        syn = bool(flags & 0x02)
        if dport == server_port:
            ports = (sport, dport)
            c2s = True
        elif sport == server_port:
            ports = (dport, sport)
            c2s = False
        else:
            continue
        if c2s and syn and not flags & 0x10:
            # A client's SYN opens a new connection, also on ports an earlier one used (a client that opens one
            # per request cycles through the ephemeral ports).
            current[ports] = ports + (len(conns),)
        key = current.setdefault(ports, ports + (len(conns),))
        streams = conns.setdefault(key, (_Stream(), _Stream()))
        streams[0 if c2s else 1].add(seq, ts, payload, syn)
    for up, down in conns.values():
        up.assemble()
        down.assemble()
    return conns


def exchanges(path, server_port):
    """Every HTTP exchange with the server on `server_port`, in the order their requests started."""
    out = []
    for key, (up, down) in _connections(path, server_port).items():
        requests = _requests(up, key)
        _responses(down, requests)
        out.extend(requests)
    out.sort(key=lambda e: e.first_request_ns)
    return out


def request_lines(path, server_port):
    """How many requests the server was sent, by method and path ("POST /v1/chat/completions": 868, ...)."""
    counts = Counter()
    for up, _ in _connections(path, server_port).values():
        pos = 0
        while pos < len(up.data):
            head = _head(up.data, pos)
            if head[0] is None:
                break
            line, headers, body_start = head
            method, target = (line.split(" ") + ["", ""])[:2]
            counts[f"{method} {target.split('?')[0]}"] += 1
            pos = body_start + int(headers.get("content-length", "0"))
    return counts


def _head(data, start):
    end = data.find(b"\r\n\r\n", start)
    if end < 0:
        return None, None
    lines = data[start:end].decode("latin-1").split("\r\n")
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    return lines[0], headers, end + 4


def _requests(up, key):
    data, pos, index, found = up.data, 0, 0, []
    while pos < len(data):
        head = _head(data, pos)
        if head[0] is None:
            break
        line, headers, body_start = head
        length = int(headers.get("content-length", "0"))
        body = data[body_start:body_start + length]
        max_tokens, prompt_chars, stream, user = 0, 0, False, ""
        try:
            j = json.loads(body)
            user = str(j.get("user", ""))
            max_tokens = int(j.get("max_tokens") or j.get("max_completion_tokens") or 0)
            stream = bool(j.get("stream"))
            if "messages" in j:
                content = j["messages"][0]["content"]
                prompt_chars = len(content) if isinstance(content, str) else len(content[0].get("text", ""))
            else:
                prompt_chars = len(j.get("prompt", ""))
        except (ValueError, KeyError, IndexError, TypeError, AttributeError):
            pass
        if line.startswith("POST "):
            found.append(Exchange(key, index, headers.get("x-request-id", ""), user, max_tokens, prompt_chars, stream,
                                  up.time_of(pos)))
        index += 1
        pos = body_start + length
    return found


def _responses(down, requests):
    data, pos = down.data, 0
    for ex in requests:
        head = _head(data, pos)
        if head[0] is None:
            return
        line, headers, body_start = head
        status = int(line.split(" ")[1])
        while 100 <= status < 200:  # an informational head: the answer follows
            head = _head(data, body_start)
            if head[0] is None:
                return
            line, headers, body_start = head
            status = int(line.split(" ")[1])
        ex.status = status
        if "content-length" in headers:
            end = body_start + int(headers["content-length"])
            body_region = (body_start, end)
        elif "chunked" in headers.get("transfer-encoding", "").lower():
            p = body_start
            while True:
                eol = data.find(b"\r\n", p)
                if eol < 0:
                    return
                size = int(data[p:eol].split(b";")[0], 16)
                if size == 0:
                    trailer_end = data.find(b"\r\n\r\n", eol) if data[eol + 2:eol + 4] != b"\r\n" else eol
                    end = (trailer_end + 4) if trailer_end >= 0 else len(data)
                    break
                p = eol + 2 + size + 2
            body_region = (body_start, end)
        else:
            end = len(data)
            body_region = (body_start, end)
        if end > len(data) or end <= 0:
            return
        ex.last_response_ns = down.time_of(end - 1)
        if ex.stream and status == 200:
            m = _CONTENT.search(data, body_region[0], body_region[1])
            if m:
                event_end = data.find(b"\n\n", m.end(), body_region[1])
                if event_end >= 0:
                    ex.first_content_ns = down.time_of(event_end + 1)
        pos = end
