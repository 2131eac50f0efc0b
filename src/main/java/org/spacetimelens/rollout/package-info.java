/**
 * Attention rollout for divided space-time attention as specified in src/docs/ROLLOUT.md, with its options;
 * computed by propagating row vectors, never by building the dense matrix. Plain arrays, no JavaFX.
 *
 * <p>Entry points: {@link org.spacetimelens.rollout.Rollout} (one per attention record; caches fused
 * layers) and {@link org.spacetimelens.rollout.RolloutParams} (every option; {@code defaults()} is the
 * published recipe). Results are {@link org.spacetimelens.rollout.AttentionMaps}, frames first.
 *
 * <p>Choices the spec leaves open, made once here:
 * <ul>
 *   <li>Per map, in this order: head fusion over the selected heads → discard → {@code α·A + (1−α)·I}
 *       → each row divided by its own sum. A is not renormalised before the residual, so with max/min
 *       fusion or discarding, α weighs the fused values as they are (as the default recipe does).</li>
 *   <li>Discard ratio r: the {@code floor(r·n²)} lowest entries of each n×n fused map (ties by index)
 *       are zeroed, except diagonal entries among them. Each frame's spatial map and each position's
 *       temporal map is one map; the CLS's identity temporal map is unaffected.</li>
 *   <li>Layers and heads are 0-based; {@code upToLayer} is inclusive.</li>
 * </ul>
 */
package org.spacetimelens.rollout;
