/**
 * Attention rollout for divided space-time attention as specified in ROLLOUT.md, with its options;
 * computed by propagating row vectors, never by building the dense matrix. Plain arrays, no JavaFX.
 */
package org.spacetimelens.rollout;
