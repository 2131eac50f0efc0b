/**
 * The JavaFX viewer, split MVC-style after QuPath: one observable {@link org.spacetimelens.app.ViewState}
 * that views bind to and controllers change, background {@code Service}s that call the UI-free core
 * through {@link org.spacetimelens.app.AnalysisBackend}, and caches for attention records and maps.
 * This package holds no numerics: decoding, inference, rollout and rendering all live in the core.
 * It is the only package that imports JavaFX.
 *
 * <p>Memory and display costs that belong to the desktop process also live here: the clip cache's
 * budget ({@code ClipCaches}), returning idle memory and the heap's slack before a pass ({@code HeapPolicy},
 * {@code IdleTrimmer}), and frames handed to the canvas already in its pixel format and scale, through one
 * image rewritten in place ({@code FxImages}, {@code ScaledFrame}, {@code DisplayBuffer}).
 *
 * <p>Rooms, by job (one flat package: the view-state, the analysis record and the handles are used
 * by every room, so sub-packages would import each other in a cycle):
 * <ul>
 *   <li>commands: {@code ViewerAction}s in one registry ({@code ViewerActions}), from which
 *       {@code ViewerMenus}, {@code ViewerToolBar}, {@code KeyMap} and the {@code ?} sheet are made;
 *   <li>work: {@code ViewerController} (open, sample, forward pass) and {@code DisplayPipeline}
 *       (maps, frame, grid) over {@code ViewerServices}, the one list of background services;
 *   <li>layout: {@code MainWindow} assembles {@code CentreStack}, {@code ViewerStatusBar} and the
 *       {@code SidePanel}, whose sections are panes of their own ({@code ModelPane}, {@code MapPane}, ...);
 *   <li>faithfulness: {@code FaithfulnessWindow} shows the {@code FaithfulnessPane}, whose
 *       {@code FaithfulnessRunner} turns the view into {@code FaithfulnessRequest}s for the {@code evaluate}
 *       package ({@code FaithfulnessJob}) and {@code FaithfulnessExport} writes them as the CLI does;
 *   <li>drawing: {@code FrameView} and {@code GridView} draw the same {@code Overlay} list;
 *   <li>rules without the toolkit: {@code LayerRange}, {@code HeadSelection}.
 * </ul>
 */
package org.spacetimelens.app;
