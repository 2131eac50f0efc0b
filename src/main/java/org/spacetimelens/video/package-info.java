/**
 * Video in, model input out; UI-free ({@link java.awt.image.BufferedImage} is the frame currency).
 *
 * <ul>
 *   <li>{@link org.spacetimelens.video.VideoSource#open} — a video file through FFmpeg (the C API
 *       JavaCV bundles) or a folder of numbered frame images; frame-exact random access verified by
 *       timestamps, an LRU frame cache bounded in bytes, filmstrip thumbnails, display rotation applied,
 *       absurd resolutions decoded scaled. {@link org.spacetimelens.video.VideoInfo} says how the frame
 *       count was established. Bad input raises {@link org.spacetimelens.video.VideoException} with a
 *       {@link org.spacetimelens.video.VideoException.Kind}.</li>
 *   <li>{@link org.spacetimelens.video.ClipSampler} — which frames the model sees: the published uniform
 *       recipe, a window of T frames every {@code rate} around the playhead, or explicit indices;
 *       {@link org.spacetimelens.video.VideoSource#clip} decodes them into a
 *       {@link org.spacetimelens.video.Clip} (indices, timestamps, frames).</li>
 *   <li>{@link org.spacetimelens.video.Preprocessor} — the Hugging Face image processor's steps (PIL
 *       bilinear resize, floor centre crop, rescale, normalise) into a
 *       {@link org.spacetimelens.video.ClipTensor} {@code (T, 3, S, S)} with the
 *       {@link org.spacetimelens.video.CropGeometry} that maps it back onto the frame.</li>
 * </ul>
 */
package org.spacetimelens.video;
