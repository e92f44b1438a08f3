import type * as TfCore from '@tensorflow/tfjs-core';
import type * as TfLayers from '@tensorflow/tfjs-layers';

let core: typeof TfCore | null = null;
let layers: typeof TfLayers | null = null;

/**
 * TensorFlow.js, loaded the first time a computation asks for it: a command that never fits a model
 * (`--help`, import, join, bin…) never pays for loading it. The plain-JS backend is registered with
 * it (loading registers it), so an operation always has a backend; `loadTfBackend` picks a faster one.
 */
export function tfCore(): typeof TfCore {
  if (!core) {
    core = require('@tensorflow/tfjs-core') as typeof TfCore;
    require('@tensorflow/tfjs-backend-cpu');
  }
  return core;
}

/** tfjs-layers (the MLP), loaded as `tfCore`. */
export function tfLayers(): typeof TfLayers {
  return (layers ??= require('@tensorflow/tfjs-layers') as typeof TfLayers);
}
