/**
 * The JavaFX viewer, split MVC-style after QuPath: one observable {@link org.spacetimelens.app.ViewState}
 * that views bind to and controllers change, background {@code Service}s that call the UI-free core
 * through {@link org.spacetimelens.app.AnalysisBackend}, and caches for attention records and maps.
 * This package holds no numerics: decoding, inference, rollout and rendering all live in the core.
 * It is the only package that imports JavaFX.
 *
 * <p>Memory and display costs that belong to the desktop process also live here: the clip cache's
 * budget ({@link org.spacetimelens.app.ViewerController}), returning idle memory
 * ({@code HeapPolicy}), and frames handed to the canvas already in its pixel format and scale
 * ({@code FxImages}, {@code ScaledFrame}).
 */
package org.spacetimelens.app;
