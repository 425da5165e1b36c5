// Reads a WARC with warcio (an independent reader) and prints one JSON
// line per record: its type, URI, ids, digests as the record states them,
// the SHA-1 of its block computed here (base32, as WARC writes it), and
// its payload in base64 (an HTTP response's entity, decoded).
// Usage: node warc_read.mjs NODE_MODULES_DIR FILE.warc[.gz]
import { createReadStream } from "node:fs";
import { createHash } from "node:crypto";
import { createRequire } from "node:module";
import { resolve } from "node:path";

const [modules, file] = process.argv.slice(2);
const require = createRequire(resolve(modules) + "/");
const { WARCParser } = require("warcio");

function base32(buf) {
  const alpha = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  let bits = 0, value = 0, out = "";
  for (const b of buf) {
    value = (value << 8) | b;
    bits += 8;
    while (bits >= 5) {
      out += alpha[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += alpha[(value << (5 - bits)) & 31];
  return out;
}

const parser = new WARCParser(createReadStream(file));
for await (const record of parser) {
  const h = (k) => record.warcHeaders.headers.get(k);
  const type = h("WARC-Type");
  const http = type === "response" || type === "request" || type === "revisit";
  const raw = await record.readFully(false);
  let payload = raw;
  let block = raw;
  if (http && record.httpHeaders) {
    // the block is the HTTP header and the raw entity; the page is decoded
    const head = Buffer.from(record.httpHeaders.toString());
    block = Buffer.concat([head, raw]);
  }
  if (type === "response") {
    const p2 = new WARCParser(createReadStream(file));
    for await (const r2 of p2) {
      if (r2.warcHeaders.headers.get("WARC-Record-ID") === h("WARC-Record-ID")) {
        payload = await r2.readFully(true);
        break;
      }
    }
  }
  const sha1 = "sha1:" + base32(createHash("sha1").update(block).digest());
  console.log(JSON.stringify({
    type, version: record.warcHeaders.protocol,
    uri: h("WARC-Target-URI") || null,
    id: h("WARC-Record-ID"), refers_to: h("WARC-Refers-To") || null,
    date: h("WARC-Date") || null, content_type: h("Content-Type") || null,
    block_digest: h("WARC-Block-Digest") || null,
    payload_digest: h("WARC-Payload-Digest") || null,
    sha1, length: Number(h("Content-Length")),
    payload: Buffer.from(payload).toString("base64"),
  }));
}
