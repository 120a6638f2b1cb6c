/**
 * A minimal zip writer (deflate, no zip64, no encryption): enough to pack the plugin folder as a .ccx, which
 * is a zip of the folder's contents with manifest.json at its root.
 */
import { deflateRawSync } from "node:zlib";

export interface ZipEntry {
  /** Forward slashes, relative to the archive's root. */
  readonly name: string;
  readonly data: Buffer;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

export function crc32(data: Buffer): number {
  let c = 0xffffffff;
  for (const byte of data) c = CRC_TABLE[(c ^ byte) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** 1980-01-01 00:00: a fixed time keeps the archive byte-identical between builds. */
const DOS_TIME = 0;
const DOS_DATE = (0 << 9) | (1 << 5) | 1;

interface Packed {
  readonly name: Buffer;
  readonly crc: number;
  readonly size: number;
  readonly compressed: Buffer;
  readonly method: number;
}

function pack(entry: ZipEntry): Packed {
  const deflated = deflateRawSync(entry.data, { level: 9 });
  const stored = deflated.length >= entry.data.length;
  return {
    name: Buffer.from(entry.name, "utf8"),
    crc: crc32(entry.data),
    size: entry.data.length,
    compressed: stored ? entry.data : deflated,
    method: stored ? 0 : 8,
  };
}

/** The fields local and central headers share, from "version needed" to the name's length. */
function common(p: Packed): Buffer {
  const b = Buffer.alloc(26);
  b.writeUInt16LE(20, 0);
  b.writeUInt16LE(0x0800, 2); // names are UTF-8
  b.writeUInt16LE(p.method, 4);
  b.writeUInt16LE(DOS_TIME, 6);
  b.writeUInt16LE(DOS_DATE, 8);
  b.writeUInt32LE(p.crc, 10);
  b.writeUInt32LE(p.compressed.length, 14);
  b.writeUInt32LE(p.size, 18);
  b.writeUInt16LE(p.name.length, 22);
  b.writeUInt16LE(0, 24);
  return b;
}

function signature(value: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(value, 0);
  return b;
}

function centralRecord(p: Packed, offset: number): Buffer {
  const tail = Buffer.alloc(14);
  tail.writeUInt32LE(offset, 10); // comment length, disk, attributes stay 0
  return Buffer.concat([signature(0x02014b50), Buffer.from([20, 0]), common(p), tail, p.name]);
}

function endRecord(count: number, size: number, offset: number): Buffer {
  const b = Buffer.alloc(18);
  b.writeUInt16LE(count, 4);
  b.writeUInt16LE(count, 6);
  b.writeUInt32LE(size, 8);
  b.writeUInt32LE(offset, 12);
  return Buffer.concat([signature(0x06054b50), b]);
}

export function zip(entries: readonly ZipEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const p = pack(entry);
    const local = Buffer.concat([signature(0x04034b50), common(p), p.name, p.compressed]);
    centrals.push(centralRecord(p, offset));
    locals.push(local);
    offset += local.length;
  }
  const central = Buffer.concat(centrals);
  return Buffer.concat([...locals, central, endRecord(entries.length, central.length, offset)]);
}
