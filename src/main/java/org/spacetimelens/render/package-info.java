/**
 * Pictures out of maps: colormaps, map upsampling, overlay blending, figure layouts and exporters.
 * java2d and JavaCV only; no JavaFX, so the CLI, the figures and the viewer share one code path.
 *
 * <ul>
 *   <li>{@link org.spacetimelens.render.Colormap}: 256-entry tables taken from their published sources
 *       (OpenCV's jet, matplotlib's viridis/inferno/magma, Google's turbo; see
 *       {@code resources/org/spacetimelens/render/colormaps/}).</li>
 *   <li>{@link org.spacetimelens.render.RenderOptions} → {@link org.spacetimelens.render.OverlayRenderer}:
 *       one map over one frame; {@link org.spacetimelens.render.MapUpsampler} does the grid → pixel step
 *       with {@code cv2.resize} semantics; {@link org.spacetimelens.render.MapRegion} places the map on
 *       the model's crop inside a full frame.</li>
 *   <li>Figures: {@link org.spacetimelens.render.ContactSheet} (the published layout),
 *       {@link org.spacetimelens.render.AnnotatedFrame}, {@link org.spacetimelens.render.ColorBar}, sized by
 *       {@link org.spacetimelens.render.FigureOptions} and titled by
 *       {@link org.spacetimelens.render.FigureCaption}.</li>
 *   <li>Exports: {@link org.spacetimelens.render.PngExporter}, {@link org.spacetimelens.render.VideoExporter}
 *       (MP4/H.264, WebM/VP9, GIF), {@link org.spacetimelens.render.OverlayVideo} with maps for every source
 *       frame from a {@link org.spacetimelens.render.MapTimeline}.</li>
 * </ul>
 *
 * <p>Colour order: the published notebook adds OpenCV's BGR heat map to the frame in OpenCV's own BGR
 * order; here everything is RGB end to end, which is the same arithmetic per channel and shows jet's
 * colours as intended (blue = low, red = high).
 */
package org.spacetimelens.render;
