import assert from "node:assert/strict";
import { Buffer } from "node:buffer";
import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { gunzipSync, gzipSync } from "node:zlib";
import nbt from "prismarine-nbt";
import { type LevelInfo, readLevelDat, writeTestLevelDat } from "../../../core/worlds/levelDat.ts";
import {
  MAX_NBT_BYTES,
  MAX_NBT_DEPTH,
  NbtError,
  type NbtTag,
  parseNbt,
  readNbt,
} from "../../../core/worlds/nbt.ts";

const ROOT = fileURLToPath(new URL("../../../", import.meta.url));

async function withDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "is-nbt-" });
  try {
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

/** The reader this module replaces (prismarine-nbt), kept here as the reference to agree with. */
async function prismarineLevelInfo(path: string): Promise<LevelInfo | null> {
  type Tag = nbt.Tags[nbt.TagType] | undefined;
  let root: nbt.NBT;
  try {
    const bytes = await Deno.readFile(path);
    const gz = bytes[0] === 0x1f && bytes[1] === 0x8b;
    root = nbt.parseUncompressed(Buffer.from(gz ? gunzipSync(bytes) : bytes), "big");
  } catch {
    return null;
  }
  const comp = (t: Tag) => t?.type === "compound" ? t.value as nbt.Compound["value"] : undefined;
  const str = (t: Tag) => t?.type === "string" ? t.value as string : undefined;
  const int = (t: Tag) =>
    (t?.type === "int" || t?.type === "short" || t?.type === "byte") && typeof t.value === "number"
      ? t.value
      : undefined;
  const long = (t: Tag) => {
    if (t?.type !== "long") return undefined;
    const [hi, lo] = t.value as [number, number];
    return hi * 2 ** 32 + (lo >>> 0);
  };
  if (root?.type !== "compound") return null;
  const data = comp(root.value.Data);
  if (!data) return null;
  const version = comp(data.Version);
  return {
    levelName: str(data.LevelName) ?? basename(dirname(path)),
    lastPlayed: long(data.LastPlayed) ?? 0,
    versionName: version ? str(version.Name) : undefined,
    dataVersion: int(data.DataVersion) ?? (version ? int(version.Id) : undefined),
  };
}

/** Writes `data` as the `Data` compound of a level.dat (gzip unless told). */
async function writeLevel(path: string, data: Record<string, unknown>, gzip = true): Promise<Uint8Array> {
  const root = nbt.comp({ Data: nbt.comp(data) }) as unknown as nbt.NBT;
  const raw = nbt.writeUncompressed(root, "big");
  const bytes = new Uint8Array(gzip ? gzipSync(raw) : raw);
  await Deno.mkdir(dirname(path), { recursive: true });
  await Deno.writeFile(path, bytes);
  return bytes;
}

const SHAPES: Record<string, { data: Record<string, unknown>; gzip?: boolean }> = {
  "1.21 world (DataVersion, Version compound)": {
    data: {
      LevelName: nbt.string("Survival Island"),
      LastPlayed: nbt.long(1_764_000_123_456n),
      DataVersion: nbt.int(4189),
      Version: nbt.comp({ Id: nbt.int(4189), Name: nbt.string("1.21.4"), Snapshot: nbt.byte(0) }),
      version: nbt.int(19133),
    },
  },
  "1.8 world (no Version, no DataVersion)": {
    data: {
      LevelName: nbt.string("Old Times"),
      LastPlayed: nbt.long(1_420_000_000_000n),
      version: nbt.int(19133),
    },
  },
  "1.9 world (Version.Id only, short DataVersion is read as an int)": {
    data: {
      LevelName: nbt.string("Nine"),
      Version: nbt.comp({ Id: nbt.int(169), Name: nbt.string("1.9") }),
      DataVersion: nbt.short(169),
    },
  },
  "missing fields (empty Data)": { data: {} },
  "wrong tag types (LevelName an int, LastPlayed an int, Version a string)": {
    data: {
      LevelName: nbt.int(3),
      LastPlayed: nbt.int(5),
      Version: nbt.string("1.21"),
      DataVersion: nbt.long(4n),
    },
  },
  "non-ASCII world name": {
    data: { LevelName: nbt.string("Café Ñandú 世界 🌍 «x»"), LastPlayed: nbt.long(1n) },
  },
  "uncompressed file": {
    data: { LevelName: nbt.string("Plain"), LastPlayed: nbt.long(1_700_000_000_000n) },
    gzip: false,
  },
  "a real level.dat's other tags (lists, arrays, nested compounds, floats)": {
    data: {
      LevelName: nbt.string("Modded"),
      LastPlayed: nbt.long(1_764_000_000_001n),
      DataVersion: nbt.int(3465),
      Version: nbt.comp({ Id: nbt.int(3465), Name: nbt.string("1.20.1"), Series: nbt.string("main") }),
      BorderSize: nbt.double(59999968),
      SpawnAngle: nbt.float(0.5),
      RandomSeed: nbt.long(-4_611_686_018_427_387_904n),
      UUID: nbt.intArray([1, -2, 3, -4]),
      Seeds: nbt.longArray([1n, -1n]),
      Bytes: { type: "byteArray", value: [1, -1, 127, -128] },
      ServerBrands: nbt.list(nbt.string(["vanilla", "forge"])),
      Empty: { type: "list", value: { type: "end", value: [] } },
      Players: nbt.list(nbt.comp([{ Name: nbt.string("a") }, { Pos: nbt.list(nbt.double([1, 2, 3])) }])),
      Fml: nbt.comp({
        Deep: nbt.comp({
          Deeper: { type: "list", value: { type: "list", value: [nbt.int([1, 2]), nbt.int([])] } },
        }),
      }),
    },
  },
};

for (const [shape, { data, gzip }] of Object.entries(SHAPES)) {
  Deno.test(`readLevelDat() returns what prismarine-nbt read, for a ${shape}`, async () => {
    await withDir(async (dir) => {
      const path = join(dir, "saves/My World/level.dat");
      await writeLevel(path, data, gzip ?? true);
      const expected = await prismarineLevelInfo(path);
      assert.notEqual(expected, null, "the reference reads it");
      assert.deepEqual(await readLevelDat(path), expected);
    });
  });
}

Deno.test("readLevelDat() gives the exact values of the shapes above", async () => {
  await withDir(async (dir) => {
    const read = async (shape: string) => {
      const path = join(dir, `${shape.length}/World/level.dat`);
      await writeLevel(path, SHAPES[shape].data, SHAPES[shape].gzip ?? true);
      return await readLevelDat(path);
    };
    assert.deepEqual(await read("non-ASCII world name"), {
      levelName: "Café Ñandú 世界 🌍 «x»",
      lastPlayed: 1,
      versionName: undefined,
      dataVersion: undefined,
    });
    assert.deepEqual(await read("missing fields (empty Data)"), {
      levelName: "World",
      lastPlayed: 0,
      versionName: undefined,
      dataVersion: undefined,
    });
    assert.deepEqual(await read("1.9 world (Version.Id only, short DataVersion is read as an int)"), {
      levelName: "Nine",
      lastPlayed: 0,
      versionName: "1.9",
      dataVersion: 169,
    });
  });
});

/** A tag tree as plain values, to compare our tree with prismarine-nbt's. */
function plain(tag: NbtTag): unknown {
  switch (tag.type) {
    case "compound":
      return Object.fromEntries([...tag.value].map(([k, v]) => [k, plain(v)]));
    case "list":
      return { list: tag.elementType, items: tag.value.map(plain) };
    case "byteArray":
    case "intArray":
      return [...tag.value];
    case "longArray":
      return [...tag.value].map(String);
    case "long":
      return String(tag.value);
    default:
      return tag.value;
  }
}

const PRISMARINE_NAMES: Record<string, string> = {
  byteArray: "byteArray",
  intArray: "intArray",
  longArray: "longArray",
  end: "end",
};

function plainPrismarine(tag: { type: string; value: unknown }): unknown {
  const long = ([hi, lo]: [number, number]) =>
    String(BigInt.asIntN(64, (BigInt(hi) << 32n) | BigInt(lo >>> 0)));
  switch (tag.type) {
    case "compound":
      return Object.fromEntries(
        Object.entries(tag.value as Record<string, { type: string; value: unknown }>).map((
          [k, v],
        ) => [k, plainPrismarine(v)]),
      );
    case "list": {
      const l = tag.value as { type: string; value: unknown[] };
      return {
        list: PRISMARINE_NAMES[l.type] ?? l.type,
        items: (l.value ?? []).map((value) => plainPrismarine({ type: l.type, value })),
      };
    }
    case "long":
      return long(tag.value as [number, number]);
    case "longArray":
      return (tag.value as [number, number][]).map(long);
    default:
      return tag.value;
  }
}

Deno.test("parseNbt() reads every tag type as prismarine-nbt does", () => {
  const root = nbt.comp({
    Data: nbt.comp(SHAPES["a real level.dat's other tags (lists, arrays, nested compounds, floats)"].data),
  });
  const raw = new Uint8Array(nbt.writeUncompressed(root as unknown as nbt.NBT, "big"));
  const ours = parseNbt(raw);
  assert.equal(ours.name, "");
  const theirs = nbt.parseUncompressed(Buffer.from(raw), "big");
  assert.deepEqual(plain({ type: "compound", value: ours.value }), plainPrismarine(theirs));
  const data = ours.value.get("Data");
  assert.equal(data?.type, "compound");
  assert.deepEqual(plain(data.value.get("RandomSeed")!), "-4611686018427387904");
  assert.deepEqual(plain(data.value.get("Bytes")!), [1, -1, 127, -128]);
});

/** An NBT string payload from raw bytes (length-prefixed), as Java's DataOutput.writeUTF writes it. */
function rawString(bytes: number[]): number[] {
  return [bytes.length >> 8, bytes.length & 0xff, ...bytes];
}

const ascii = (s: string) => [...new TextEncoder().encode(s)];

/** A root compound "" → Data → LevelName with the given string bytes. */
function levelWithNameBytes(name: number[]): Uint8Array {
  return new Uint8Array([
    10,
    ...rawString([]),
    10,
    ...rawString(ascii("Data")),
    8,
    ...rawString(ascii("LevelName")),
    ...rawString(name),
    0,
    0,
  ]);
}

Deno.test("readLevelDat() decodes Java's modified UTF-8 (NUL as C0 80, emoji as two 3-byte surrogates)", async () => {
  await withDir(async (dir) => {
    const path = join(dir, "level.dat");
    // "A", U+0000 as C0 80, 😀 (U+1F600) as the surrogates D83D DE00 in 3 bytes each, "é" in 2 bytes
    const name = [0x41, 0xc0, 0x80, 0xed, 0xa0, 0xbd, 0xed, 0xb8, 0x80, 0xc3, 0xa9];
    await Deno.writeFile(path, gzipSync(levelWithNameBytes(name)));
    assert.equal((await readLevelDat(path))?.levelName, "A\u0000😀é");
  });
});

Deno.test("readLevelDat() returns null for a root that is not a compound or has no Data", async () => {
  await withDir(async (dir) => {
    const noData = join(dir, "nodata.dat");
    await Deno.writeFile(
      noData,
      gzipSync(nbt.writeUncompressed(nbt.comp({ Other: nbt.int(1) }) as never, "big")),
    );
    assert.equal(await readLevelDat(noData), null);
    assert.equal(await prismarineLevelInfo(noData), null, "as before");
    const dataNotCompound = join(dir, "datastring.dat");
    await Deno.writeFile(
      dataNotCompound,
      gzipSync(nbt.writeUncompressed(nbt.comp({ Data: nbt.string("x") }) as never, "big")),
    );
    assert.equal(await readLevelDat(dataNotCompound), null);
    const intRoot = join(dir, "introot.dat");
    await Deno.writeFile(intRoot, new Uint8Array([3, 0, 0, 0, 0, 0, 7]));
    assert.equal(await readLevelDat(intRoot), null);
  });
});

Deno.test("readLevelDat() returns null for the file cut at every length, gzipped or not, and for garbage", async () => {
  await withDir(async (dir) => {
    const path = join(dir, "level.dat");
    const raw = await writeLevel(
      path,
      SHAPES["a real level.dat's other tags (lists, arrays, nested compounds, floats)"].data,
      false,
    );
    const gz = new Uint8Array(gzipSync(raw));
    const cut = join(dir, "cut.dat");
    for (const bytes of [raw, gz]) {
      for (let n = 0; n < bytes.length; n++) {
        await Deno.writeFile(cut, bytes.subarray(0, n));
        assert.equal(
          await readLevelDat(cut),
          null,
          `${bytes === gz ? "gzip" : "raw"} cut at ${n} of ${bytes.length}`,
        );
      }
    }
    const damaged = gz.slice();
    damaged[damaged.length - 6] ^= 0xff; // CRC-32 of the gzip trailer
    await Deno.writeFile(cut, damaged);
    assert.equal(await readLevelDat(cut), null, "a gzip file whose checksum fails");
    await Deno.writeFile(cut, new Uint8Array([0x1f, 0x8b, 1, 2, 3, 4, 5, 6, 7, 8, 9]));
    assert.equal(await readLevelDat(cut), null, "a gzip header followed by garbage");
  });
});

/** Builds raw NBT: a root compound "" holding one tag `x` of type `id` with the given payload bytes. */
function rootWith(id: number, payload: number[]): Uint8Array {
  return new Uint8Array([10, 0, 0, id, 0, 1, 0x78, ...payload, 0]);
}

const I32_MAX = [0x7f, 0xff, 0xff, 0xff];

Deno.test("parseNbt() refuses absurd lengths at once instead of allocating or looping", () => {
  const cases: [string, Uint8Array][] = [
    ["a byte array of 2^31-1 bytes", rootWith(7, I32_MAX)],
    ["an int array of 2^31-1 ints", rootWith(11, I32_MAX)],
    ["a long array of 2^31-1 longs", rootWith(12, I32_MAX)],
    ["a list of 2^31-1 compounds", rootWith(9, [10, ...I32_MAX])],
    ["a list of 2^31-1 ends (no payload to bound it)", rootWith(9, [0, ...I32_MAX])],
    ["a list of 2^31-1 empty lists", rootWith(9, [9, ...I32_MAX])],
    ["a negative array length", rootWith(7, [0xff, 0xff, 0xff, 0xff])],
    ["a string longer than the data", rootWith(8, [0xff, 0xff, 0x41])],
    ["an unknown tag id", rootWith(13, [0])],
    ["an unknown list element type", rootWith(9, [99, 0, 0, 0, 1])],
  ];
  for (const [what, bytes] of cases) {
    const t0 = performance.now();
    assert.throws(() => parseNbt(bytes), NbtError, what);
    assert.ok(performance.now() - t0 < 100, `${what} is refused quickly`);
  }
});

Deno.test("parseNbt() refuses nesting deeper than Minecraft's limit, and reads it up to the limit", () => {
  const nested = (depth: number, listsToo: boolean) => {
    // root (depth 1) + (depth - 1) nested compounds or lists, each holding the next
    const open: number[] = [];
    const close: number[] = [];
    for (let d = 1; d < depth; d++) {
      if (listsToo && d % 2 === 0) {
        open.push(9, 0, 1, 0x78, 10, 0, 0, 0, 1); // a list of one compound... is itself two levels deep
        close.push(0);
        d++;
      } else {
        open.push(10, 0, 1, 0x78);
        close.push(0);
      }
    }
    return new Uint8Array([10, 0, 0, ...open, ...close, 0]);
  };
  assert.doesNotThrow(() => parseNbt(nested(MAX_NBT_DEPTH, false)));
  assert.throws(() => parseNbt(nested(MAX_NBT_DEPTH + 1, false)), /deeper than 512/);
  assert.throws(() => parseNbt(nested(MAX_NBT_DEPTH + 2, true)), /deeper than 512/);
  const hostile = nested(200_000, false);
  assert.throws(
    () => parseNbt(hostile),
    /deeper than 512/,
    "a hostile 200,000 levels, without a stack overflow",
  );
  // It stops at the limit instead of walking on: cut short after 600 levels, the input is refused for its
  // depth, not for ending early (a parser that read on would reach the cut first).
  assert.throws(() => parseNbt(hostile.subarray(0, 3 + 600 * 4)), /deeper than 512/, "refused at the limit");
  // lists of lists of lists…: each level only 5 bytes, so a small file nests very deep
  const lists = [10, 0, 0, 9, 0, 1, 0x78];
  for (let d = 0; d < 200_000; d++) lists.push(9, 0, 0, 0, 1);
  lists.push(0, 0, 0, 0, 0, 0);
  assert.throws(() => parseNbt(new Uint8Array(lists)), /deeper than 512/, "200,000 nested lists");
  assert.throws(
    () => parseNbt(new Uint8Array(lists.slice(0, 7 + 600 * 5))),
    /deeper than 512/,
    "lists: at the limit",
  );
});

Deno.test("readNbt() stops a gzip bomb at the size limit without buffering all of it", async () => {
  const zeros = new Uint8Array(MAX_NBT_BYTES + 1024 * 1024);
  zeros.set([10, 0, 0, 7, 0, 1, 0x78, 0x04, 0x10, 0x00, 0x00]); // a byte array of 64 MiB + change
  const bomb = new Uint8Array(gzipSync(zeros, { level: 9 }));
  assert.ok(bomb.length < 200_000, `the bomb is small (${bomb.length} bytes)`);
  await assert.rejects(() => readNbt(bomb), /over 67108864 bytes once decompressed/);
});

Deno.test("reading a level.dat loads no npm package (prismarine-nbt stays for writing only)", async () => {
  await withDir(async (dir) => {
    const path = join(dir, "w/level.dat");
    await writeTestLevelDat(path, {
      levelName: "Light",
      lastPlayed: 42,
      versionName: "1.21.4",
      dataVersion: 4189,
    });
    const script = join(dir, "read.ts");
    const module = new URL("core/worlds/levelDat.ts", `file://${ROOT}/`).href;
    await Deno.writeTextFile(
      script,
      `import { readLevelDat } from ${JSON.stringify(module)};\n` +
        `console.log(JSON.stringify(await readLevelDat(Deno.args[0])));\n`,
    );
    // --no-npm: any import of an npm package fails, and readLevelDat would return null.
    const out = await new Deno.Command(Deno.execPath(), {
      args: ["run", "--no-npm", "--allow-read", `--config=${join(ROOT, "deno.json")}`, script, path],
      stdout: "piped",
      stderr: "piped",
    }).output();
    assert.equal(out.code, 0, new TextDecoder().decode(out.stderr));
    assert.deepEqual(JSON.parse(new TextDecoder().decode(out.stdout)), {
      levelName: "Light",
      lastPlayed: 42,
      versionName: "1.21.4",
      dataVersion: 4189,
    });
  });
});
