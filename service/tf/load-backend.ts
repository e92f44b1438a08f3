import { tfCore } from '../../models/tf/lazy-tf';
import { dynamicImport } from '../../data/compute/dynamic-import';

/** The TensorFlow.js backend a model trained on: native TensorFlow, WebAssembly, or plain JS. */
export type TfBackend = 'tensorflow' | 'wasm' | 'cpu';

let chosen: Promise<TfBackend> | null = null;

/** The package that registers each backend (tfjs-node is optional: absent where its binary cannot be downloaded). */
const PACKAGES: Record<TfBackend, string | null> = { tensorflow: '@tensorflow/tfjs-node', wasm: '@tensorflow/tfjs-backend-wasm', cpu: null };

async function tryBackend(name: TfBackend): Promise<boolean> {
  try {
    const pkg = PACKAGES[name];
    if (pkg) await dynamicImport(pkg);
    const tf = tfCore();
    return (await tf.setBackend(name)) && tf.getBackend() === name;
  } catch {
    return false;
  }
}

/**
 * Picks the fastest backend that loads, once per thread: `tensorflow` (tfjs-node, native
 * libtensorflow — installed on users' machines, absent where its binary cannot be downloaded),
 * else `wasm` (XNNPACK), else `cpu`. `JOINTSCORE_TF_BACKEND` forces one (tests, benchmarks).
 */
export function loadTfBackend(): Promise<TfBackend> {
  chosen ??= (async () => {
    const forced = process.env.JOINTSCORE_TF_BACKEND as TfBackend | undefined;
    const order: TfBackend[] = forced ? [forced] : ['tensorflow', 'wasm', 'cpu'];
    for (const name of order) {
      if (await tryBackend(name)) {
        await tfCore().ready();
        return name;
      }
    }
    throw new Error(`no TensorFlow.js backend loaded (tried ${order.join(', ')})`);
  })();
  return chosen;
}
