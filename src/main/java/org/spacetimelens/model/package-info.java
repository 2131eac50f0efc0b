/**
 * TimeSformer configuration, checkpoint readers (safetensors, PyTorch zip pickles, facebookresearch
 * {@code .pyth}), key-name mapping, the forward pass in DJL NDArray ops and the
 * {@link org.spacetimelens.model.AttentionRecord} it captures. No JavaFX.
 */
package org.spacetimelens.model;
