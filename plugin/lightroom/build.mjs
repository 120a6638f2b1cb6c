#!/usr/bin/env node
/**
 * Zips stridelight.lrplugin/ into dist/stridelight.lrplugin.zip (or --out <file>): the folder as Lightroom wants it,
 * ready to unzip and add in the Plug-in Manager. A minimal ZIP writer (deflate from node:zlib, no dependency); the
 * entries are sorted and stamped with a fixed date so the same sources always give the same bytes.
 */
import { deflateRawSync } from "node:zlib";
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const HERE = dirname(fileURLToPath(import.meta.url));
export const PLUGIN_DIR = join(HERE, "stridelight.lrplugin");
export const DEFAULT_OUT = join(HERE, "dist", "stridelight.lrplugin.zip");
// 2024-01-01 00:00 in DOS format: a fixed stamp keeps builds reproducible.
const DOS_TIME = 0;
const DOS_DATE = ((2024 - 1980) << 9) | (1 << 5) | 1;

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

export function crc32(bytes) {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function localHeader(name, entry) {
  const h = Buffer.alloc(30);
  h.writeUInt32LE(0x04034b50, 0);
  h.writeUInt16LE(20, 4); // version needed: 2.0 (deflate)
  h.writeUInt16LE(0x0800, 6); // UTF-8 names
  h.writeUInt16LE(8, 8); // deflate
  h.writeUInt16LE(DOS_TIME, 10);
  h.writeUInt16LE(DOS_DATE, 12);
  h.writeUInt32LE(entry.crc, 14);
  h.writeUInt32LE(entry.compressed.length, 18);
  h.writeUInt32LE(entry.size, 22);
  h.writeUInt16LE(name.length, 26);
  return Buffer.concat([h, name]);
}

function centralHeader(name, entry) {
  const h = Buffer.alloc(46);
  h.writeUInt32LE(0x02014b50, 0);
  h.writeUInt16LE((3 << 8) | 20, 4); // made by: Unix, 2.0
  h.writeUInt16LE(20, 6);
  h.writeUInt16LE(0x0800, 8);
  h.writeUInt16LE(8, 10);
  h.writeUInt16LE(DOS_TIME, 12);
  h.writeUInt16LE(DOS_DATE, 14);
  h.writeUInt32LE(entry.crc, 16);
  h.writeUInt32LE(entry.compressed.length, 20);
  h.writeUInt32LE(entry.size, 24);
  h.writeUInt16LE(name.length, 28);
  h.writeUInt32LE((0o100644 << 16) >>> 0, 38); // -rw-r--r--
  h.writeUInt32LE(entry.offset, 42);
  return Buffer.concat([h, name]);
}

function endRecord(count, size, offset) {
  const h = Buffer.alloc(22);
  h.writeUInt32LE(0x06054b50, 0);
  h.writeUInt16LE(count, 8);
  h.writeUInt16LE(count, 10);
  h.writeUInt32LE(size, 12);
  h.writeUInt32LE(offset, 16);
  return h;
}

/** files: [{ name, bytes }] -> the ZIP archive's bytes. */
export function zip(files) {
  const locals = [];
  const centrals = [];
  let offset = 0;
  for (const file of files) {
    const name = Buffer.from(file.name, "utf8");
    const entry = {
      crc: crc32(file.bytes),
      size: file.bytes.length,
      compressed: deflateRawSync(file.bytes, { level: 9 }),
      offset,
    };
    const local = Buffer.concat([localHeader(name, entry), entry.compressed]);
    locals.push(local);
    centrals.push(centralHeader(name, entry));
    offset += local.length;
  }
  const central = Buffer.concat(centrals);
  return Buffer.concat([...locals, central, endRecord(files.length, central.length, offset)]);
}

/** The plugin's files as zip entries under "stridelight.lrplugin/". */
export function pluginFiles(dir = PLUGIN_DIR) {
  return readdirSync(dir)
    .filter((n) => n.endsWith(".lua"))
    .sort()
    .map((n) => ({ name: `stridelight.lrplugin/${n}`, bytes: readFileSync(join(dir, n)) }));
}

export function build(out = DEFAULT_OUT) {
  const files = pluginFiles();
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, zip(files));
  return { out, files: files.length };
}

const runDirectly = process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (runDirectly) {
  const { values } = parseArgs({ options: { out: { type: "string" } } });
  const { out, files } = build(values.out ? resolve(values.out) : DEFAULT_OUT);
  process.stdout.write(`${out}: ${files} files\n`);
}
