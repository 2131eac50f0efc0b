/**
 * Faithfulness of attention maps: the deletion and insertion curves of ROLLOUT.md ("Faithfulness:
 * the perturbation protocol") for one clip and several map methods, their AUCs, and data-set
 * summaries. UI-free (no JavaFX); the CLI's {@code evaluate} command and the viewer build on it.
 *
 * <p>Entry points: {@link org.spacetimelens.evaluate.FaithfulnessEvaluator} (one loaded model of any
 * family, {@link org.spacetimelens.model.VideoModel}; the perturbed clips run through it in batches), {@link org.spacetimelens.evaluate.RankingMethods}
 * (methods by name: {@code rollout}, {@code spatial}, {@code temporal}, {@code random}; more register
 * by name), {@link org.spacetimelens.evaluate.PerturbationProtocol} (ranking, k per step, patch
 * zeroing, trapezoid AUC), {@link org.spacetimelens.evaluate.FaithfulnessFiles} and
 * {@link org.spacetimelens.evaluate.FaithfulnessChart} (JSON, CSV, PNG), and for data sets
 * {@link org.spacetimelens.evaluate.DatasetRun} (many clips, one model),
 * {@link org.spacetimelens.evaluate.ClipRows} (per-clip AUCs; shards merge by concatenation),
 * {@link org.spacetimelens.evaluate.MeanCurves} and {@link org.spacetimelens.evaluate.DatasetSummary}
 * (bootstrap intervals and paired win rates against {@code random}).
 *
 * <p>Choices the protocol leaves open, made once here:
 * <ul>
 *   <li>The ranked map is the method's map at the model's token grid {@code (T', gh, gw)} as the
 *       rollout options normalise it (global max by default, which keeps the order of the raw map).</li>
 *   <li>Every point of every curve, the clean and the empty clip included, comes from the same batched
 *       forward pass; the clean single-clip pass only picks the target class and captures attention.</li>
 *   <li>{@code random}: 5 rankings, each a Fisher–Yates shuffle drawn in turn from one
 *       {@code java.util.Random(seed)}; the same seed for every clip of a data set.</li>
 *   <li>Pixels outside the patch grid (when H or W is not a multiple of the patch size) are never read by
 *       the model; they keep the clip's values in deletion and stay 0 in insertion. So do the frames after
 *       the last full tubelet (VideoMAE, ViViT: a patch of slot t' covers frames t'·tubelet .. t'·tubelet +
 *       tubelet − 1).</li>
 * </ul>
 */
package org.spacetimelens.evaluate;
