/**
 * Reusable test helpers for every package: tiny configs ({@link org.spacetimelens.model.testing.TinyConfigs}),
 * informative random weights and clips ({@link org.spacetimelens.model.testing.RandomWeights}), checkpoint
 * writers for safetensors, PyTorch zip pickles, HF folders and facebookresearch {@code .pyth}
 * ({@link org.spacetimelens.model.testing.CheckpointWriters}, {@link org.spacetimelens.model.testing.PickleWriter}),
 * and an independent scalar oracle of the HF forward pass
 * ({@link org.spacetimelens.model.testing.ReferenceTimeSformer}).
 */
package org.spacetimelens.model.testing;
