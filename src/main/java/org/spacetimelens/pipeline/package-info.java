/**
 * The export pipeline, UI-free: input → clip → forward pass → rollout → artefacts + {@code params.json}.
 * The CLI's {@code export} is a thin layer over it, and so are the viewer's exports and screenshot sidecars
 * ({@link org.spacetimelens.pipeline.ViewExport}). Imports no JavaFX and nothing from {@code app} or {@code cli}
 * (src/docs/ARCHITECTURE.md; held by {@code ArchitectureTest}).
 *
 * <ul>
 *   <li>{@link org.spacetimelens.pipeline.LoadedClip} — any input (video file, frame folder, preprocessed
 *       {@code .npy}) made ready for the model, with {@link org.spacetimelens.pipeline.Sampling} choosing
 *       the frames through {@link org.spacetimelens.video.ClipSampler} and saying what it had to change.</li>
 *   <li>{@link org.spacetimelens.pipeline.ClipExport} — one export with a loaded model:
 *       {@link org.spacetimelens.pipeline.MapsNpz} ({@code maps.npz}), overlay PNGs, the contact sheet and
 *       overlay videos through the {@code render} package, and the {@link org.spacetimelens.pipeline.Sidecar}
 *       ({@code params.json} with replay arguments and input {@link org.spacetimelens.pipeline.Fingerprint}s).</li>
 *   <li>{@link org.spacetimelens.pipeline.ExportFiles} — the names of artefacts and of their own sidecars
 *       ({@code sheet.params.json}, ...), and the pre-flight check against overwriting
 *       ({@link org.spacetimelens.pipeline.Overwrite}); {@link org.spacetimelens.pipeline.AtomicFiles} — the one
 *       temporary-name-then-atomic-rename helper every written file goes through.</li>
 *   <li>{@link org.spacetimelens.pipeline.Sidecar} — the one typed provenance record of every writer, versioned
 *       by its {@code schema} field; built only by {@code SidecarBuilder}; {@link org.spacetimelens.pipeline.ReplayArgs}
 *       spells its {@code replay} arguments; {@link org.spacetimelens.pipeline.ToolInfo} holds the version.</li>
 *   <li>{@link org.spacetimelens.pipeline.ViewExport} — exports of a clip a view already decoded and ran, with the
 *       float32 re-run decided here so the numbers are the CLI's.</li>
 *   <li>{@link org.spacetimelens.pipeline.BatchExport} — a folder of videos with one model load, cluster
 *       sharding ({@code i/n}), per-input failure reports.</li>
 *   <li>{@link org.spacetimelens.pipeline.NpyFile}, {@link org.spacetimelens.pipeline.NpzWriter},
 *       {@link org.spacetimelens.pipeline.Provenance} — numpy files and provenance records.</li>
 * </ul>
 */
package org.spacetimelens.pipeline;
