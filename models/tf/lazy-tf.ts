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

/**
 * TensorFlow.js with the gradients of its operations registered, for optimizers (Adam): tfjs-core's
 * CommonJS build ships none, and loading tfjs-layers registers them all.
 */
export function tfWithGradients(): typeof TfCore {
  tfLayers();
  return tfCore();
}

/** tfjs-layers (the MLP), loaded as `tfCore`. */
export function tfLayers(): typeof TfLayers {
  tfCore();
  return (layers ??= require('@tensorflow/tfjs-layers') as typeof TfLayers);
}
