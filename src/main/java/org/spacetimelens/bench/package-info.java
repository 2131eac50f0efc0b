/**
 * The {@code bench} command's measurements (issue 6): the headline cases run in one process, each
 * comparison measured side by side (interleaved rounds) in the same run, reported as a table with
 * machine details. No JavaFX, no JMH; the JMH benchmarks under {@code src/jmh/java} cover the same
 * cases for deeper study.
 *
 * <p>Entry point: {@link org.spacetimelens.bench.Benchmarks#run}. The dense rollout in
 * {@link org.spacetimelens.bench.DenseRollout} exists only as the published baseline to compare
 * against; the application never uses it. {@link org.spacetimelens.bench.MemoryReport} reads where a
 * process's memory is (resident set, heap, direct buffers) for the viewer's memory figures.
 */
package org.spacetimelens.bench;
