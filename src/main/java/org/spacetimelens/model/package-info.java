/**
 * TimeSformer: configuration ({@link org.spacetimelens.model.HfConfigFiles}), checkpoint readers
 * ({@link org.spacetimelens.model.SafetensorsReader}, {@link org.spacetimelens.model.TorchZipReader} with a
 * restricted unpickler), both key-naming schemes mapped onto one layout
 * ({@link org.spacetimelens.model.WeightLayout}, {@link org.spacetimelens.model.FacebookCheckpoints},
 * {@link org.spacetimelens.model.CheckpointLoader}), the forward pass in DJL NDArray ops
 * ({@link org.spacetimelens.model.TimeSformerNet}, batched and trainable), the inference wrapper
 * {@link org.spacetimelens.model.TimeSformer} and the {@link org.spacetimelens.model.AttentionRecord} it
 * captures.
 *
 * <p>The model family: {@link org.spacetimelens.model.VideoModel} is what everything above this package asks
 * of a loaded model (forward pass with capture, {@link org.spacetimelens.model.ModelGeometry}: frames,
 * tubelet, grid, CLS or not, {@link org.spacetimelens.model.TokenLayout}; labels; preprocessing).
 * {@link org.spacetimelens.model.ModelLoader} reads {@code model_type} and loads a TimeSformer or a
 * {@link org.spacetimelens.model.JointModel} (VideoMAE, ViViT: {@link org.spacetimelens.model.JointNet},
 * {@link org.spacetimelens.model.JointCheckpoint}, {@link org.spacetimelens.model.JointConfigFiles}). No JavaFX.
 */
package org.spacetimelens.model;
