/**
 * The JavaFX viewer, split MVC-style after QuPath: one observable {@link org.spacetimelens.app.ViewState}
 * that views bind to and controllers change, background {@code Service}s that call the UI-free core
 * through {@link org.spacetimelens.app.AnalysisBackend}, and caches for attention records and maps.
 * This package holds no numerics: decoding, inference, rollout and rendering all live in the core.
 * It is the only package that imports JavaFX.
 */
package org.spacetimelens.app;
