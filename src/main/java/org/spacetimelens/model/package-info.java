/**
 * TimeSformer: configuration ({@link org.spacetimelens.model.HfConfigFiles}), checkpoint readers
 * ({@link org.spacetimelens.model.SafetensorsReader}, {@link org.spacetimelens.model.TorchZipReader} with a
 * restricted unpickler), both key-naming schemes mapped onto one layout
 * ({@link org.spacetimelens.model.WeightLayout}, {@link org.spacetimelens.model.FacebookCheckpoints},
 * {@link org.spacetimelens.model.CheckpointLoader}), the forward pass in DJL NDArray ops
 * ({@link org.spacetimelens.model.TimeSformerNet}, batched and trainable), the inference wrapper
 * {@link org.spacetimelens.model.TimeSformer} and the {@link org.spacetimelens.model.AttentionRecord} it
 * captures. No JavaFX.
 */
package org.spacetimelens.model;
