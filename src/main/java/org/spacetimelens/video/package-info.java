/**
 * Video decoding and frame-exact seeking (JavaCV/FFmpeg), frame folders, clip sampling and
 * preprocessing to the model's tensor, with the crop geometry kept. No JavaFX.
 */
package org.spacetimelens.video;
