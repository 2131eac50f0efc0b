/**
 * The export pipeline, UI-free: input → clip → forward pass → rollout → artefacts + {@code params.json}.
 * The CLI's {@code export} is a thin layer over it; the viewer can reuse it for its own exports.
 *
 * <ul>
 *   <li>{@link org.spacetimelens.pipeline.LoadedClip} — any input (video file, frame folder, preprocessed
 *       {@code .npy}) made ready for the model, with {@link org.spacetimelens.pipeline.Sampling} choosing
 *       the frames through {@link org.spacetimelens.video.ClipSampler} and saying what it had to change.</li>
 *   <li>{@link org.spacetimelens.pipeline.ClipExport} — one export with a loaded model:
 *       {@link org.spacetimelens.pipeline.MapsNpz} ({@code maps.npz}), overlay PNGs, the contact sheet and
 *       overlay videos through the {@code render} package, and the {@link org.spacetimelens.pipeline.Sidecar}
 *       ({@code params.json} with replay arguments and input {@link org.spacetimelens.pipeline.Fingerprint}s).</li>
 *   <li>{@link org.spacetimelens.pipeline.BatchExport} — a folder of videos with one model load, cluster
 *       sharding ({@code i/n}), per-input failure reports.</li>
 *   <li>{@link org.spacetimelens.pipeline.NpyFile}, {@link org.spacetimelens.pipeline.NpzWriter},
 *       {@link org.spacetimelens.pipeline.Provenance} — numpy files and provenance records.</li>
 * </ul>
 */
package org.spacetimelens.pipeline;
