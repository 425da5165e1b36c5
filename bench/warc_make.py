#!/usr/bin/env python3
"""Packs the HTML pages of a folder into a web archive as a crawler would
write it: a warcinfo record, then per page a request and a response
record (HTTP/1.1 200, text/html), each record its own gzip member.

Usage: warc_make.py FOLDER OUT.warc.gz [MAX_PAGES]
"""
import gzip
import hashlib
import os
import sys
import uuid


def record(kind, uri, block, ctype, rid):
    head = ("WARC/1.1\r\nWARC-Type: %s\r\nWARC-Record-ID: <urn:uuid:%s>\r\n"
            "WARC-Date: 2024-05-01T10:00:00Z\r\n" % (kind, rid))
    if uri:
        head += "WARC-Target-URI: %s\r\n" % uri
    head += "Content-Type: %s\r\nContent-Length: %d\r\n\r\n" % (ctype, len(block))
    return gzip.compress(head.encode() + block + b"\r\n\r\n", 6, mtime=0)


def main():
    folder, out = sys.argv[1], sys.argv[2]
    limit = int(sys.argv[3]) if len(sys.argv) > 3 else None
    n = 0
    ids = (uuid.UUID(bytes=hashlib.md5(b"%d" % i).digest()) for i in range(1 << 40))
    with open(out, "wb") as f:
        f.write(record("warcinfo", None, b"software: bench/warc_make.py\r\n",
                       "application/warc-fields", next(ids)))
        for root, dirs, files in os.walk(folder):
            dirs.sort()
            for name in sorted(files):
                if not name.endswith(".html") or (limit and n >= limit):
                    continue
                with open(os.path.join(root, name), "rb") as p:
                    page = p.read()
                uri = "http://news.example/%s/%s" % (os.path.basename(root), name)
                req = ("GET /%s HTTP/1.1\r\nHost: news.example\r\n\r\n" % name).encode()
                f.write(record("request", uri, req,
                               "application/http; msgtype=request", next(ids)))
                resp = (b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n"
                        b"Content-Length: %d\r\n\r\n" % len(page)) + page
                f.write(record("response", uri, resp,
                               "application/http; msgtype=response", next(ids)))
                n += 1
    print(n)


if __name__ == "__main__":
    main()
